"""The scoring of `nlp-coder evaluate`, on hand-made gold/prediction pairs."""

import json

import pytest

from nlp_coder.evaluate import GoldRecord, read_gold, score
from nlp_coder.schema import CodedLine, CodingResult, Finding


def gold(lines, findings=(), review=False, interventions=None, id_="g1"):
    rec = {"id": id_, "text": "x" * 100, "gold": {"lines": lines, "findings": list(findings), "needs_review": review}}
    if interventions is not None:
        rec["interventions"] = interventions
    return GoldRecord.model_validate(rec)


def pred(lines, findings=(), review=False, interventions=(), id_="g1"):
    return CodingResult(
        id=id_,
        lines=[CodedLine(code=c, units=u, modifiers=m) for c, u, m in lines],
        findings=[Finding(id=f, message="m") for f in findings],
        needs_review=review,
        interventions=list(interventions),
    )


def test_perfect_match_scores_one():
    g = gold([{"code": "97110", "units": 2, "modifiers": ["GP"]}], ["BELOW_8_MINUTES"])
    p = pred([("97110", 2, ["GP"])], ["BELOW_8_MINUTES"])
    d = score([(g, p)]).as_dict()
    assert d["codes"]["f1"] == 1.0 and d["lines"]["f1"] == 1.0 and d["findings"]["f1"] == 1.0
    assert d["exact_line_accuracy"] == 1.0 and d["needs_review_accuracy"] == 1.0
    assert d["mismatched_ids"] == []


def test_wrong_units_counts_code_but_not_line():
    g = gold([{"code": "97110", "units": 2, "modifiers": ["GP"]}])
    p = pred([("97110", 3, ["GP"])])
    d = score([(g, p)]).as_dict()
    assert d["codes"]["f1"] == 1.0
    assert d["lines"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 1, "fn": 1}
    assert d["exact_line_accuracy"] == 0.0
    assert d["mismatched_ids"] == ["g1"]


def test_modifiers_only_affect_modifier_metrics():
    g = gold([{"code": "97110", "units": 1, "modifiers": ["CQ", "GP"]}])
    p = pred([("97110", 1, ["GP"])])
    d = score([(g, p)]).as_dict()
    assert d["lines"]["f1"] == 1.0
    assert d["lines_with_modifiers"]["f1"] == 0.0


def test_missing_and_extra_code_precision_recall():
    g = gold([{"code": "97110", "units": 1}, {"code": "97140", "units": 1}], ["GROUP"])
    p = pred([("97110", 1, []), ("97530", 1, [])], ["GROUP", "UNSKILLED"])
    d = score([(g, p)]).as_dict()
    assert d["codes"]["tp"] == 1 and d["codes"]["fp"] == 1 and d["codes"]["fn"] == 1
    assert d["per_code"]["97140"]["recall"] == 0.0
    assert d["per_code"]["97530"]["precision"] == 0.0
    assert d["findings"]["precision"] == 0.5 and d["findings"]["recall"] == 1.0
    # note-level confusion without intervention spans
    assert d["confusion"]["97140"] == {"-": 1}
    assert d["confusion"]["-"] == {"97530": 1}


def test_intervention_confusion_by_span_overlap():
    g = gold([{"code": "97530", "units": 1}], interventions=[{"start": 0, "end": 20, "code": "97530"},
                                                              {"start": 30, "end": 50, "code": None}])
    p = pred([("97110", 1, [])], interventions=[
        {"span": {"start": 2, "end": 18}, "status": "performed", "decision": {"code": "97110"}},
        {"span": {"start": 60, "end": 70}, "status": "performed", "decision": {"code": "97140"}},
    ])
    d = score([(g, p)]).as_dict()
    assert d["confusion"] == {"97530": {"97110": 1}, "-": {"-": 1}}


def test_review_accuracy_and_input_error_ignored():
    g = gold([], ["INPUT_ERROR"], review=True)
    p = pred([], ["INPUT_ERROR"], review=False)
    d = score([(g, p)]).as_dict()
    assert d["needs_review_accuracy"] == 0.0
    assert d["findings"]["tp"] == 0 and d["findings"]["fp"] == 0


def test_read_gold_reports_bad_line(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "t", "gold": {}}) + "\n{not json\n")
    it = read_gold(path)
    assert next(it).id == "a"
    with pytest.raises(ValueError, match=r"g.jsonl:2"):
        next(it)


def test_gold_record_input_fields_drop_annotation():
    g = GoldRecord.model_validate({"id": "a", "text": "t", "payer": "aetna", "style": "log",
                                   "gold": {"lines": []}, "interventions": []})
    assert g.note_fields() == {"id": "a", "text": "t", "payer": "aetna", "style": "log"}
