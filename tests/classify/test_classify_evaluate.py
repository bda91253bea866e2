from __future__ import annotations

import classify_synth as synth
from nlp_coder.classify import data as data_mod
from nlp_coder.classify.evaluate import compare_with_model
from nlp_coder.classify.risk import choose_threshold, risk_coverage
from nlp_coder.schema import Evidence, Finding


class FakeCoder:
    """What compare_with_model needs of a Coder: rules-only results, nlp, settings."""

    nlp = None
    edit_tables = None
    payers = None

    def __init__(self, coded):
        self.by_id = {c.record.id: c for c in coded}

    def code_records(self, records):
        return [self.by_id[raw["id"]].result for _, raw in records]


def test_compare_with_model(trained, coded, fake_core, monkeypatch):
    extract = synth.extractor_for(coded)
    monkeypatch.setattr(data_mod, "pipeline_extractor", lambda recs, **kw: extract(recs))
    records = [c.record for c in coded]
    out = compare_with_model(records, FakeCoder(coded), trained[1], 0.0)
    assert out["threshold"] == 0.0
    assert out["rules_only"]["notes"] == out["with_classifier"]["notes"] == len(coded)
    ab = out["abstained"]
    assert ab["interventions"] == 6 and ab["covered_at_threshold"] == 6 and ab["coverage_at_threshold"] == 1.0
    assert ab["gold_code_none"] == 6 and ab["with_gold_code"] == 0  # gold abstains too: no right answer
    assert out["masked_documented"]["interventions"] == 42
    assert set(out["suggested_threshold"]) == {"threshold", "basis"}
    # with threshold 0 every abstention is billed, so needs_review is false everywhere
    assert out["delta"]["needs_review_accuracy"] < 0


def test_risk_coverage_and_threshold():
    probs = [0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.92, 0.91, 0.90, 0.6, 0.55]
    correct = [True] * 10 + [False, True]
    rc = risk_coverage(probs, correct)
    assert rc["cases"] == 12 and rc["by_coverage"][-1]["accuracy"] == round(11 / 12, 4)
    t, basis = choose_threshold(probs, correct)
    assert t == 0.9 and "10/12" in basis
    assert choose_threshold(probs[:5], correct[:5])[0] == 1.0  # too few cases: never report


def test_abstention_found_by_index_or_by_evidence(coded):
    c = next(c for c in coded if c.result.needs_review)
    idx = data_mod.abstained_indices(c.result)
    assert idx == [1]
    span = c.facts.interventions[1].span
    no_index = c.result.model_copy(update={"findings": [
        Finding(id="OUTCOME_NOT_DOCUMENTED", message="m", evidence=[Evidence(start=span.start, end=span.end)])]})
    assert data_mod.abstained_indices(no_index) == [1]
