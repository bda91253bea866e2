"""Step 4 arithmetic: CMS 8-minute rule, per-code rule, work units, caps.

Every case of research/eight-minute-examples.json, run through
``units.py`` and through the selector; hypothesis properties of the rules.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_coder.coding.units import (
    allocate_medicare,
    apply_unit_cap,
    medicare_units,
    per_code_units,
    units_for_minutes,
    work_units,
)

from _builders import ex, fids, iv, lines, note, run

EXAMPLES_PATH = Path("/work/shared/research/eight-minute-examples.json")
EXAMPLES = json.loads(EXAMPLES_PATH.read_text()) if EXAMPLES_PATH.exists() else []
TIMED = [e for e in EXAMPLES if not e.get("untimed_codes")]
UNTIMED = [e for e in EXAMPLES if e.get("untimed_codes")]


def _id(e: dict) -> str:
    return "+".join(f"{c}:{m}" for c, m in e["minutes_by_code"].items())


def _accepted(e: dict) -> list[dict]:
    return [e["expected_units_by_code"], *e.get("acceptable_alternatives", [])]


def test_examples_file_is_loaded():
    assert len(TIMED) >= 25, "research/eight-minute-examples.json missing or changed"


@pytest.mark.parametrize("example", TIMED, ids=_id)
def test_r_s4_medicare_units_eight_minute_examples(example):
    got = medicare_units(dict(example["minutes_by_code"]))
    assert got in _accepted(example)
    assert sum(got.values()) == example["expected_total_timed_units"]
    assert list(got) == list(example["minutes_by_code"])  # keys and order kept


@pytest.mark.parametrize("example", [e for e in TIMED if "ama_per_code_units_derived" in e], ids=_id)
def test_r_s4_per_code_units_eight_minute_examples(example):
    assert per_code_units(dict(example["minutes_by_code"])) == example["ama_per_code_units_derived"]


# codes of the examples -> interventions that the selector codes to them
def _intervention(index: int, code: str, minutes: int):
    make = {
        "97110": lambda: ex(index, ("strength",), minutes),
        "97112": lambda: ex(index, ("balance",), minutes, neuro_goal=True),
        "97530": lambda: ex(index, ("balance", "strength"), minutes, functional_activity=True,
                            functional_goal=True),
        "97140": lambda: iv(index, kind="manual", minutes=minutes),
        "97116": lambda: iv(index, kind="gait", minutes=minutes),
        "97035": lambda: iv(index, kind="modality", modality="ultrasound", minutes=minutes),
    }
    return make[code]()


@pytest.mark.parametrize("example", TIMED, ids=_id)
def test_r_s4_medicare_units_eight_minute_examples_through_selector(example):
    ivs = [_intervention(i, c, m) for i, (c, m) in enumerate(example["minutes_by_code"].items())]
    facts = note(*ivs, neuro_conditions=["stroke"])
    if example.get("clinicians_simultaneous"):
        # two clinicians at once: each documents the same minutes, counted once
        code, minutes = next(iter(example["minutes_by_code"].items()))
        ivs = [_intervention(0, code, minutes).model_copy(update={"co_treatment": True}),
               _intervention(1, code, minutes).model_copy(update={"co_treatment": True, "provider": "PTA"})]
        facts = note(*ivs)
    result = run(facts)
    got = {c: 0 for c in example["minutes_by_code"]}
    got.update(lines(result))
    assert got in _accepted(example)
    assert sum(ln.units for ln in result.lines) == example["expected_total_timed_units"]
    zero = [c for c, u in got.items() if u == 0]
    assert ("BELOW_8_MINUTES" in fids(result)) == bool(zero)
    assert all(ln.units >= 1 for ln in result.lines)


@pytest.mark.parametrize("example", UNTIMED, ids=_id)
def test_r_s4_untimed_examples_one_unit_through_selector(example):
    # The example's 92521 is a speech-language code: outside the 97xxx set, no line.
    minutes = next(iter(example["minutes_by_code"].values()))
    slp = run(note(iv(0, kind="out_of_scope", minutes=minutes), discipline="SLP"))
    assert slp.lines == [] and slp.findings == []
    # The rule itself, on the untimed codes of this code set: 1 unit, minutes not in the timed total.
    for i, (kwargs, code) in enumerate([
        ({"kind": "modality", "modality": "hot_pack"}, "97010"),
        ({"kind": "modality", "modality": "mechanical_traction"}, "97012"),
        ({"kind": "modality", "modality": "whirlpool"}, "97022"),
        ({"kind": "exercise", "parameters": ["strength"], "arrangement": "group"}, "97150"),
    ]):
        result = run(note(iv(i, minutes=minutes, **kwargs)))
        assert lines(result) == {code: example["expected_total_timed_units"]}
        assert result.totals.timed_minutes == 0
        assert result.totals.treatment_minutes == minutes


@pytest.mark.parametrize("minutes,units", [(0, 0), (7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3),
                                           (53, 4), (67, 4), (68, 5), (128, 9)])
def test_r_s4_medicare_units_boundaries(minutes, units):
    assert units_for_minutes(minutes) == units
    assert medicare_units({"97110": minutes}) == {"97110": units}


def test_r_s4_tie_allocation_reports_the_tie():
    alloc = allocate_medicare({"97112": 7, "97110": 7, "97140": 7})
    assert alloc.units == {"97112": 1, "97110": 0, "97140": 0}  # first documented wins
    assert alloc.ties and alloc.ties[0].codes == ("97112", "97110", "97140")
    assert alloc.ties[0].winners == ("97112",)
    # more total minutes beat documentation order: 97530 first documented, 97110 more minutes
    alloc = allocate_medicare({"97530": 10, "97110": 25})
    assert alloc.units == {"97530": 0, "97110": 2}
    assert alloc.ties[0].winners == ("97110",)
    # no tie to report when leftovers differ
    assert allocate_medicare({"97110": 33, "97140": 7}).ties == ()


def test_r_s4_medicare_units_rejects_negative_minutes():
    with pytest.raises(ValueError):
        medicare_units({"97110": -1})
    with pytest.raises(ValueError):
        per_code_units({"97110": -1})


@pytest.mark.parametrize("minutes,expected", [(0, (0, 0)), (10, (1, 0)), (120, (1, 0)), (150, (1, 0)),
                                              (151, (1, 1)), (155, (1, 1)), (180, (1, 1)), (181, (1, 1)),
                                              (210, (1, 1)), (211, (1, 2)), (240, (1, 2))])
def test_d_work_units_arithmetic(minutes, expected):
    assert work_units(minutes) == expected


def test_r_s4_unit_cap_removes_units_with_fewest_leftover_minutes():
    units = medicare_units({"97110": 30, "97140": 16})
    assert units == {"97110": 2, "97140": 1}
    capped, removed = apply_unit_cap(units, {"97110": 30, "97140": 16}, 2)
    assert capped == {"97110": 1, "97140": 1} and removed == {"97110": 1, "97140": 0}
    assert apply_unit_cap(units, {"97110": 30, "97140": 16}, None) == (units, {"97110": 0, "97140": 0})
    capped, _ = apply_unit_cap({"97110": 3, "97140": 1}, {"97110": 44, "97140": 8}, 1)
    assert capped == {"97110": 1, "97140": 0}


# ------------------------------------------------------------------ properties

CODES = ["97110", "97112", "97530", "97140", "97116", "97035", "97535", "97032"]
minute_maps = st.lists(st.tuples(st.sampled_from(CODES), st.integers(0, 200)), min_size=1, max_size=6,
                       unique_by=lambda t: t[0]).map(dict)


@settings(max_examples=300, deadline=None)
@given(minute_maps)
def test_property_medicare_total_units_follow_pooled_minutes(mins):
    total = sum(mins.values())
    expected = 0 if total < 8 else (total + 7) // 15
    assert sum(medicare_units(mins).values()) == expected


@settings(max_examples=300, deadline=None)
@given(minute_maps)
def test_property_no_code_gets_fewer_than_full_units(mins):
    for rule in (medicare_units, per_code_units):
        units = rule(mins)
        assert all(units[c] >= m // 15 for c, m in mins.items())
        assert list(units) == list(mins)


@settings(max_examples=200, deadline=None)
@given(minute_maps)
def test_property_medicare_units_at_most_one_extra_unit_per_code(mins):
    units = medicare_units(mins)
    assert all(units[c] - m // 15 in (0, 1) for c, m in mins.items())
    assert all(units[c] == m // 15 for c, m in mins.items() if m % 15 == 0)


@settings(max_examples=300, deadline=None)
@given(minute_maps, minute_maps)
def test_property_per_code_units_independent_of_other_codes(a, b):
    merged = {**b, **a}
    alone = per_code_units(a)
    together = per_code_units(merged)
    assert all(together[c] == alone[c] for c in a)


def test_clock_interval_reversed_is_not_twelve_hours():
    from tests.coding._builders import ex, fids, lines, note, run
    r = run(note(ex(0, clock_start="10:20", clock_end="10:05", minutes=None)))
    assert lines(r) == {} and "TIME_NOT_DOCUMENTED" in fids(r)


def test_clock_interval_across_midnight_and_12h_dial():
    from tests.coding._builders import ex, lines, note, run
    assert lines(run(note(ex(0, clock_start="23:50", clock_end="00:05", minutes=None)))) == {"97110": 1}
    assert lines(run(note(ex(0, clock_start="12:50", clock_end="1:05", minutes=None)))) == {"97110": 1}
