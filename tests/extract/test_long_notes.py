"""Long notes cost time in proportion to their length.

Each note here is 80,000-200,000 characters of one repeated piece (within the 1 MB input limit). Before session 12 these
took 5-60 s and more, because some step rescanned a growing piece for every mention or sentence in it: the
"is this span free" test of ``find_mentions`` walked every span found so far, its "count"/"bill" word tests
scanned the whole text once per mention, the "then" cuts of dictation re-read the clause from its start at every
"then", and the merged evidence of one finding compared every pair with pydantic's ``__eq__``. They now take
well under a second each on this machine; the bound below is ten times that, so a slow CI host does not fail.
"""

from __future__ import annotations

import signal

import pytest

from coded import code

BOUND_S = 5.0
PIECES = {  # name: (piece, length)
    "minutes_series": ("ther ex 10 min, ", 200_000),
    "then_dictation": ("Ther ex for LE strength then manual therapy to lumbar spine then ", 200_000),
    # (at this length the claims' evidence is merged into one finding: 11 s before session 12)
    "claims_on_one_line": ("97110 x2 GP, 97140 x1 ", 80_000),
    "clock_log": ("0900-0915 ther ex; 0915-0930 gait; ", 200_000),
}


class _TooSlow(BaseException):
    pass


def _alarm(*_):
    raise _TooSlow


@pytest.mark.parametrize("name", sorted(PIECES))
def test_a_long_note_is_coded_in_bounded_time(coder, name):
    piece, length = PIECES[name]
    text = "PT daily note\n" + (piece * (length // len(piece) + 1))[:length]
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, BOUND_S)
    try:
        res = code(coder, text, payer="medicare")
    except _TooSlow:
        pytest.fail(f"{name}: a {length:,}-character note took over {BOUND_S} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert res.error is None
