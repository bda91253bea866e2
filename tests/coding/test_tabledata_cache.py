"""The memoised lookups of ``Tables`` (speed work) give what the plain code gave."""

from __future__ import annotations

from nlp_coder.coding.tabledata import load_tables, load_tables_from, TABLES_DIR


def test_say_memo_keeps_value_types_apart():
    t = load_tables()
    template = t.rules["R-S1-MODALITY"].rationale
    for agent in ("hot pack", 1, True, 1.0, None):
        fields = {"agent": agent, "code": "97010", "timing": "untimed, supervised"}
        assert t.say("R-S1-MODALITY", **fields) == template.format(**fields)
        assert t.say("R-S1-MODALITY", **fields) == template.format(**fields)  # memoised
    assert t.say("R-S1-MODALITY", agent=1, code="97010", timing="x") != t.say("R-S1-MODALITY", agent=True,
                                                                              code="97010", timing="x")


def test_derived_lookups_follow_the_fields():
    t = load_tables()
    for rule_id, info in t.rules.items():
        assert t.rule_ids(rule_id) == [rule_id, *info.decisions]
        assert t.rule_id_tuple(rule_id) == (rule_id, *info.decisions)
    assert t.evaluation_kinds == {str(getattr(k, "value", k)) for k in t.services.evaluation_kinds}
    other = load_tables_from(TABLES_DIR)  # a second Tables object: its own derived lookups, equal tables
    assert other == t
    assert other.rule_id_tuple("R-S1-MODALITY") == t.rule_id_tuple("R-S1-MODALITY")
