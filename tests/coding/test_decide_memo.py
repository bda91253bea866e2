"""The speed shortcuts of the coding core give what the plain code gave.

* ``decide`` remembers decisions per tables (``decide._memo_key``): the key must hold every
  field the decision reads, keep values of different types apart, and each call must get
  its own lists.
* ``code_note`` dumps the interventions with one serializer call, shares the unlabelled
  span Evidence of the facts, and assigns ``interventions`` after validating the result.
"""

from __future__ import annotations

import itertools
from dataclasses import astuple, fields

import pytest

from nlp_coder.coding import decide as decide_mod
from nlp_coder.coding.decide import MEMO_FIELDS, MEMO_LIST_FIELDS, decide
from nlp_coder.coding.select import _dump_interventions, _ev_key, _evidence, _span, code_note
from nlp_coder.coding.tabledata import load_tables
from nlp_coder.schema import Evidence, Intervention

from _builders import iv, note


def _variety() -> list[Intervention]:
    """Interventions over the branches of ``_decide`` (status, scope, modality, contact, outcome, claims)."""
    out = []
    ev = [Evidence(start=0, end=4, text="ther", label="kind"), Evidence(start=5, end=9, text="x3", label="claim")]
    combos = itertools.product(
        ("exercise", "modality", "gait", "manual", "evaluation", "performance_test", "out_of_scope", "unknown"),
        ("performed", "home_program", "planned"),
        ("unstated", "one_on_one", "group", "unattended"),
        ((), ("strength",), ("balance",), ("strength", "endurance"), ("balance", "coordination")),
        (None, "97112", "ther ex", "97530"),
    )
    for n, (kind, status, arrangement, params, claimed) in enumerate(combos):
        flags = n % 8
        out.append(iv(n % 50, kind=kind, status=status, arrangement=arrangement, parameters=list(params),
                      claimed_code=claimed, claimed_units=3 if claimed else None,
                      modality=("electrical_stimulation", "hot_pack", "ultrasound", None)[n % 4],
                      attended=(True, False, None)[n % 3], group_size=(None, 3)[n % 2],
                      contact_modes=(["verbal"], [], ["manual", "visual"])[n % 3],
                      provider=("PT", "aide", "PTA", "SLP", "unknown")[n % 5],
                      functional_activity=bool(flags & 1), functional_goal=bool(flags & 2),
                      neuro_goal=bool(flags & 4), work_related=n % 17 == 0, other_discipline=n % 23 == 0,
                      evidence=ev))
    return out


class _Recorder:
    """Passes attribute reads through and writes down their names."""

    def __init__(self, target: object, seen: set[str]):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_seen", seen)

    def __getattr__(self, name: str):
        self._seen.add(name)
        return getattr(self._target, name)


def _fresh(x: Intervention, facts, **kw):
    return decide_mod._decide_claimed(x, facts, load_tables(), **kw)


def _as_tuple(ch) -> tuple:
    return tuple(getattr(ch, f.name) for f in fields(ch) if f.name != "iv")


@pytest.mark.parametrize("neuro", [[], ["stroke"]])
def test_the_memo_key_covers_every_field_the_decision_reads(neuro):
    facts = note(neuro_conditions=neuro)
    iv_seen: set[str] = set()
    facts_seen: set[str] = set()
    for x in _variety():
        for today in (False, True):
            _fresh(_Recorder(x, iv_seen), _Recorder(facts, facts_seen), discipline="PT", evaluation_today=today,
                   substitutions={"97530": "97110"})
    assert {"kind", "status", "parameters", "claimed_code", "attended"} <= iv_seen  # the recorder works
    assert iv_seen <= set(MEMO_FIELDS) | set(MEMO_LIST_FIELDS)
    assert facts_seen <= {"neuro_conditions"}


def test_remembered_decisions_equal_fresh_ones_and_are_not_shared():
    t = load_tables()
    t.memo("decide").clear()
    for neuro in ([], ["stroke"]):
        facts = note(neuro_conditions=neuro)
        for x in _variety():
            for kw in ({"discipline": "PT", "evaluation_today": False, "substitutions": None},
                       {"discipline": "SLP", "evaluation_today": True, "substitutions": {"97530": "97110"}}):
                want = _as_tuple(_fresh(x, facts, **kw))
                first = decide(x, facts, t, **kw)
                second = decide(x, facts, t, **kw)  # from the memo
                assert _as_tuple(first) == want
                assert _as_tuple(second) == want
                assert second.iv is x
                assert second.rule_ids is not first.rule_ids and second.reasons is not first.reasons
                second.rule_ids.append("X")
                second.reasons.append("X")
                assert _as_tuple(decide(x, facts, t, **kw)) == want
    assert t.memo("decide")  # it was used


def test_equal_values_of_other_types_get_their_own_decision():
    facts = note()
    a = iv(0, kind="modality", modality="ultrasound", attended=True)
    b = Intervention.model_construct(**{**a.__dict__, "attended": 1})  # 1 == True, not the same value
    key_a = decide_mod._memo_key(a, facts, "PT", False, None)
    key_b = decide_mod._memo_key(b, facts, "PT", False, None)
    assert key_a != key_b
    # a list of non-str items is not memoised at all
    c = Intervention.model_construct(**{**a.__dict__, "parameters": [1]})
    assert decide_mod._memo_key(c, facts, "PT", False, None) is None


def test_raised_findings_are_frozen():
    r = decide_mod.Raised("GROUP", "R-S2-GROUP", "text", ("contact",))
    with pytest.raises(Exception):
        r.message = "other"  # type: ignore[misc]
    assert astuple(r) == ("GROUP", "R-S2-GROUP", "text", ("contact",))


def test_interventions_dump_and_span_sharing():
    ivs = _variety()[:40]
    assert _dump_interventions(ivs) == [x.model_dump(mode="json") for x in ivs]

    class Sub(Intervention):
        pass

    sub = Sub(**ivs[0].__dict__)
    assert _dump_interventions([ivs[1], sub]) == [ivs[1].model_dump(mode="json"), sub.model_dump(mode="json")]

    x = ivs[0]
    assert _span(x) is x.span  # no label: the facts' span itself
    labelled = iv(1, span=Evidence(start=0, end=9, text="iv1", label="kind"))
    assert _span(labelled) == Evidence(start=0, end=9, text="iv1")
    # _evidence keeps the span first and each equal Evidence once
    dup = iv(2, evidence=[Evidence(start=20, end=29, text="iv2"), Evidence(start=1, end=2, text="a", label="kind"),
                          Evidence(start=1, end=2, text="a", label="kind")])
    got = _evidence(dup, ("kind",))
    assert got == [Evidence(start=20, end=29, text="iv2"), Evidence(start=1, end=2, text="a", label="kind")]
    assert _ev_key(Evidence(start=1, end=2, text="a")) != _ev_key(Evidence(start=1, end=2, text="a", label="x"))


def test_result_counts_interventions_as_set_and_dumps_the_same():
    facts = note(*_variety()[:12])
    result = code_note(facts)
    assert "interventions" in result.model_fields_set
    again = type(result)(**{k: getattr(result, k) for k in result.model_fields_set})
    assert again.to_json() == result.to_json()
    assert again == result
