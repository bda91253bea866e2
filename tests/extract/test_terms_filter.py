"""The weak-head filter of the term matcher (terms._drop_weak_inside) skips its neighbour scan for
terms no other term can hold. These tests check it against the plain rule, the scan done for every
term, on random sorted term rows."""

import random

import pytest

from nlp_coder.extract.terms import _HEAD_LABELS, _drop_weak_inside, _weak_heads


def _reference(kept):
    """The rule as stated, with the +-6 neighbour window scanned for every term."""
    weak = _weak_heads()
    out = []
    for i, (s, e, label, ident) in enumerate(kept):
        near = kept[max(0, i - 6):i + 6]
        if label not in ("DIAGNOSIS", "NEURO_COND") and any(
                l2 == "DIAGNOSIS" and s2 <= s and e <= e2 for s2, e2, l2, _ in near):
            continue
        if label in ("MODALITY", "ACTIVITY") and any(
                l2 == "CODE_NAME" and s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, l2, _ in near):
            continue
        if label == "CODE_NAME" and any(
                i2 in ("self_technique", "self_edema_care") and s2 <= s and e <= e2 for s2, e2, _l2, i2 in near):
            continue
        if label == "AIDE" and any(l2 == "ACTIVITY" and s2 <= s and e <= e2 for s2, e2, l2, _ in near):
            continue
        if label == "CODE_NAME" and ident.endswith("_abbr") and any(
                l2 == "ACTIVITY" and s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, l2, _ in near):
            continue
        if label in _HEAD_LABELS and (label, ident) in weak and any(
                l2 != label and l2 in ("CONTACT", "ATTENDED", "NEURO_GOAL", "CODE_NAME", "MODALITY", "OUT_OF_SCOPE",
                                       "ACTIVITY") and s2 <= s and e <= e2 and (e2 - s2) > (e - s)
                for s2, e2, l2, _ in near):
            continue
        out.append((s, e, label, ident))
    return out


def _random_rows(rnd: random.Random, n: int):
    weak = sorted(_weak_heads())
    labels = ["DIAGNOSIS", "NEURO_COND", "MODALITY", "ACTIVITY", "CODE_NAME", "CONTACT", "PARAMETER", "OUT_OF_SCOPE", "AIDE"]
    rows = set()
    while len(rows) < n:
        s = rnd.randrange(0, 3 * n)
        e = s + rnd.choice([1, 1, 1, 2, 2, 3, 5])
        if rnd.random() < 0.4:
            label, ident = rnd.choice(weak)
        else:
            label = rnd.choice(labels)
            ident = rnd.choice(["x", "y_abbr", "z"])
        rows.add((s, e, label, ident))
    return sorted(rows)


@pytest.mark.parametrize("seed", range(200))
def test_filter_equals_the_full_scan(seed):
    rnd = random.Random(seed)
    rows = _random_rows(rnd, rnd.randrange(1, 40))
    assert _drop_weak_inside(rows) == _reference(rows)


def test_a_weak_head_inside_a_longer_term_is_dropped():
    label, ident = sorted(_weak_heads())[0]
    rows = sorted([(3, 6, "CODE_NAME", "manual_therapy_long"), (3, 4, label, ident)])
    if label == "CODE_NAME":  # held by a term of another label
        rows = sorted([(3, 6, "MODALITY", "m"), (3, 4, label, ident)])
    assert (3, 4, label, ident) not in _drop_weak_inside(rows)
    assert (3, 4, label, ident) in _drop_weak_inside([(3, 4, label, ident)])
