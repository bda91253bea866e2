"""The fast paths of facts.py / minutes.py answer exactly like the plain code they replace."""

import random

from nlp_coder.extract import minutes
from nlp_coder.extract.minutes import _TOTAL_OF_RE, has_total_split

_PIECES = ["of", "Of", "OF", "out of", "the", "total", "Total", "5", "15", "1.5", "0", "9", "twenty", "twenty-five",
           "Five", "five", "seventeen", "ten", "teen", "one", "min", "mins", "minutes", "Minutes", "MIN", "minute",
           "treatment", "therapy", "tx", "session", "skilled", "direct", "exercise", ":", ",", ";", ".", "-", "x",
           "were", "was", " ", "  ", "\n", "\t", "\x1c", "ſ", "K", "é", "mı", "a", "was spent", "of the 35 minutes"]


def _plain(text: str) -> bool:
    low = text.lower()
    return "min" in low and " of " in low and bool(_TOTAL_OF_RE.search(text))


def test_has_total_split_matches_the_regex():
    rng = random.Random(7)
    hits = 0
    for _ in range(20000):
        parts = rng.choices(_PIECES, k=rng.randint(1, 14))
        seps = rng.choices(["", " ", "  ", "\n"], k=len(parts))
        text = "".join(p + s for p, s in zip(parts, seps))
        want = _plain(text)
        hits += want
        assert has_total_split(text) == want, repr(text)
    assert hits > 500  # the sample reaches both answers


def test_has_total_split_examples():
    assert has_total_split("Today, of the 35 minutes, 25 were ther ex; the remaining 10 manual")
    assert not has_total_split("Of the 35 minutes, 25 were ther ex")  # " of " needs the space before it
    assert has_total_split("45 minutes of treatment: 30 min ther ex, the rest manual")
    assert has_total_split("twenty-five   MINUTES total of skilled therapy ;")
    assert not has_total_split("15 min of ther ex for strength")
    assert not has_total_split("minutes of treatment: no number before it")
    assert minutes.has_total_split("out of 40 min, 30 were gait") is True


# ----------------------------------------------------------------- _Folded: lowercased ASCII text, same matches

_TIME_PIECES = ["15", "1.5", "0800", "10:05", "-", "10:20", "to", "Twenty", "five", "FIFTEEN", "half", "an", "a",
                "quarter", "of", "the", "total", "min", "MIN", "Mins.", "minutes", "'", "’", "m", "hr", "Hour", "hours",
                "rest", "Rest break", "set-up", "waiting", "were", "was", "remaining", "other", "last", "first", "hour",
                "Minutes:", "=", "Total", "treatment", "time", "Tx", "timed", "x", "pm", "AM", "per", "day", ":", ",",
                ";", "(", ")", " ", "  ", "\n", "the rest", "remainder", "session", "ther ex", "walk", "test"]


def _texts(pieces, n, seed):
    rng = random.Random(seed)
    for _ in range(n):
        parts = rng.choices(pieces, k=rng.randint(1, 12))
        yield "".join(p + rng.choice(["", " ", " ", "\n"]) for p in parts)


def test_folded_regexes_match_like_ignorecase():
    folded = [v for v in vars(minutes).values() if isinstance(v, minutes._Folded)]
    assert len(folded) >= 11
    found = 0
    for text in _texts(_TIME_PIECES, 6000, 11):
        for f in folded:
            # same spans; the groups may differ in case only (callers read numbers and units from them)
            want = [(m.span(), [(g or "").lower() for g in m.groups()]) for m in f.rx.finditer(text)]
            got = [(m.span(), [(g or "").lower() for g in m.groups()]) for m in f.finditer(text, minutes._ascii_lower(text))]
            assert got == want, (f.rx.pattern, text)
            found += bool(want)
    assert found > 3000


def test_folded_keeps_unicode_folding():
    # "ſ" (long s) matches "s" only under IGNORECASE: non-ASCII text must use the original regex
    assert minutes._ascii_lower("15 minſ") is None
    text = "Rest 5 minutes, waſ 10 min"
    assert minutes.find_mentions(text) == minutes._find_mentions(text)


def test_folded_rejects_upper_case_patterns():
    import re

    import pytest

    with pytest.raises(ValueError):
        minutes._Folded(re.compile(r"Total\s+\d+", re.IGNORECASE))
    with pytest.raises(ValueError):
        minutes._Folded(re.compile(r"total"))  # not IGNORECASE


# ----------------------------------------------------------------- _Note.within_label == within(labels={label})


class _FakeDoc:
    def __init__(self, terms):
        from nlp_coder.extract.extensions import TERM_ROWS

        self.user_data = {TERM_ROWS: terms, "nlp_coder.text": "x" * 200, "nlp_coder.sections": [],
                          "nlp_coder.section_ids": []}
        self.spans = {}


def _note(terms):
    from nlp_coder.extract.facts import _Note

    return _Note(_FakeDoc(terms))


def test_within_label_matches_within():
    rng = random.Random(3)
    labels = ["A", "B", "C"]
    for case in range(300):
        terms = []
        for _ in range(rng.randint(0, 25)):
            s = rng.randint(0, 150)
            terms.append((s, s + rng.randint(0, 30), rng.choice(labels), str(rng.randint(0, 3))))
        if case % 3:
            terms.sort()  # the pipeline's rows are sorted; unsorted rows must still answer like within()
        n = _note(terms)
        for _ in range(20):
            s = rng.randint(0, 190)
            e = s + rng.randint(0, 60)
            for label in labels + ["Z"]:
                assert n.within_label(s, e, label) == n.within(s, e, {label}), (terms, s, e, label)
        for label in labels:
            assert list(n.of_label(label)) == [t for t in terms if t[2] == label]  # row order kept
