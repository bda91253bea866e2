"""No regex of the reader backtracks without bound on a line of repeated pieces (a catastrophic-backtracking guard).

A nested quantifier such as ``(?:[.]+\\s*)+`` takes 2^n steps to fail on n leader dots; one corpus note ("NMES
(G0283) ........ 20 (untimed)") took 146 s that way, and a line of 50 CPT codes ended by a word never finished.
The tests run every compiled pattern of the package on repeated pieces of note text with a failing tail, under
an alarm, and two whole notes through the pipeline. The bounds are hundreds of times the normal cost (a note
takes a few ms), so a loaded machine does not fail them; an exponential pattern misses them by hours.
"""

import importlib
import pkgutil
import re
import signal
import time

import pytest

import nlp_coder

# pieces of note text that sit next to each other in real lines: leaders, spaces, codes, units, numbers
PIECES = ["97110 ", "97110 x2 GP, ", "G0283 ", "x2 ", "GP ", ". ", "- ", "-", "min ", "15 min ", "ther ex ", ": ",
          "(10) ", "a ", "\t", "  ", " ", "Pt ", "1.", "a.", ".", "=", "|", "_", "*", "(", ")", "/", "10", "a", "x",
          "ab-", "a/", "'", "15-", "deg ", "reps ", "sets ", "w/ ", "\n", "and ", ", ", "12' ", "HR ", "#", "+"]
LEADS = ["", "Ther ex (97110) ", "NMES (G0283) "]
TAILS = ["!", "@zz (untimed)"]
REPEAT = 40
BOUND_S = 0.5


class _Timeout(Exception):
    pass


def _patterns():
    out = {}
    for info in pkgutil.walk_packages(nlp_coder.__path__, "nlp_coder."):
        if info.name.startswith(("nlp_coder.annotate", "nlp_coder.bulk.dask")):
            continue  # optional extras (ipywidgets, dask) need not be importable here
        mod = importlib.import_module(info.name)
        for name, value in vars(mod).items():
            rx = getattr(value, "rx", value)  # minutes._Folded wraps its pattern
            if isinstance(rx, re.Pattern) and isinstance(rx.pattern, str):
                out[f"{info.name}.{name}"] = rx
    return out


def _alarm(*_):
    raise _Timeout


def _timed(call, *args) -> float:
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, BOUND_S * 4)
    start = time.perf_counter()
    try:
        call(*args)
        return time.perf_counter() - start
    except _Timeout:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


PATTERNS = _patterns()


def test_the_package_patterns_are_found():
    # the scan must see the reader's patterns, or the test below checks nothing
    assert len(PATTERNS) > 150
    assert "nlp_coder.extract.minutes.TIME_ROW_RE" in PATTERNS
    assert "nlp_coder.extract.interventions._CODES_ONLY_RE" in PATTERNS


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_pattern_backtracks_without_bound(name):
    rx = PATTERNS[name]
    slow = []
    for lead in LEADS:
        for piece in PIECES:
            for tail in TAILS:
                line = lead + piece * REPEAT + tail
                for method in (rx.match, rx.fullmatch, rx.search):
                    took = _timed(method, line)
                    if took > BOUND_S:
                        slow.append((method.__name__, line[:40], took))
    assert not slow, slow[:3]


@pytest.mark.parametrize("line", [
    "NMES (G0283) " + "." * 27 + " 20 (untimed)",  # a time-table row whose leader dots end in a word
    "Ther Ex (97110) " + "-" * 60 + " 20 min (see flowsheet)",
    "97110 " * 50 + "billed",  # a line of codes ended by a word
    "97110 x2 GP, " * 30 + "per plan",
], ids=["leader-dots", "leader-dashes", "codes", "codes-with-units"])
def test_whole_notes_with_such_lines_finish(coder, line):
    from nlp_coder.schema import NoteIn

    text = "Ther ex 15 min: bridges, clams for hip strength.\n" + line + "\nGait training 10 min w/ RW.\n"
    took = _timed(lambda: list(coder.code_notes([NoteIn(id="bt-1", text=text)])))
    assert took < BOUND_S * 4
