from __future__ import annotations

import functools
import zipfile

import pytest
import skops.io

import classify_synth as synth
from nlp_coder.classify.model import ALLOWED_TYPES, InterventionClassifier, load_model


class Smuggled:
    """A custom class a malicious model file could carry."""

    def __init__(self, value=1):
        self.value = value


def _state_like(path, extra):
    state = skops.io.load(path, trusted=sorted(ALLOWED_TYPES))
    state["metadata"]["extra"] = extra
    return state


@pytest.mark.parametrize("payload", [functools.partial(print, "x"), Smuggled()], ids=["partial", "custom-class"])
def test_types_outside_the_allow_list_are_refused(tmp_path, trained, payload):
    bad = tmp_path / "bad.skops"
    skops.io.dump(_state_like(trained[1], payload), bad, compression=zipfile.ZIP_DEFLATED)
    with pytest.raises(ValueError, match="outside the allow-list") as err:
        load_model(bad)
    assert ("functools.partial" in str(err.value)) or ("Smuggled" in str(err.value))


def test_not_a_model_file(tmp_path):
    junk = tmp_path / "junk.skops"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="not a skops model file"):
        load_model(junk)
    plain = tmp_path / "plain.skops"
    skops.io.dump({"format": "something else"}, plain)
    with pytest.raises(ValueError, match="not an nlp_coder intervention classifier"):
        load_model(plain)
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "missing.skops")


def _probe():
    # line 0 documented (rules code it), line 1 undocumented (rules abstain)
    return synth.note("probe", [("97110", 2, True), ("97530", 1, False)])


def _with_threshold(clf: InterventionClassifier, thr: float) -> InterventionClassifier:
    return InterventionClassifier(clf.pipeline, clf.labels, thr, clf.metadata)


def test_above_threshold_codes_the_abstention(clf, fake_core):
    c = _probe()
    p = clf.propose(c.facts, c.text, [1])[1]
    assert p[0] == "97530"
    out = _with_threshold(clf, p[1] - 0.01).apply(c.result, c.facts, None)
    line = {ln.code: ln for ln in out.lines}["97530"]
    assert line.source == "classifier" and line.confidence == round(p[1], 4)
    assert {ln.code: ln.source for ln in out.lines}["97110"] == "rules"
    dec = out.interventions[1]["decision"]
    assert dec["code"] == "97530" and dec["source"] == "classifier" and dec["confidence"] == round(p[1], 4)
    assert "OUTCOME_NOT_DOCUMENTED" in {f.id for f in out.findings}
    assert out.needs_review is False
    assert c.result.needs_review is True and len(c.result.lines) == 1  # the input is not modified


def test_threshold_argument_overrides_the_stored_one(clf, fake_core):
    c = _probe()
    p = clf.propose(c.facts, c.text, [1])[1][1]
    m = _with_threshold(clf, 0.0)
    below = m.apply(c.result, c.facts, None, threshold=min(1.0, p + 0.01))
    assert [ln.code for ln in below.lines] == ["97110"]
    assert below.needs_review is True
    assert below.interventions[1]["decision"]["code"] is None
    assert "below the threshold" in below.interventions[1]["decision"]["rationale"]
    assert below.lines == c.result.lines and below.findings == c.result.findings


def test_needs_review_stays_while_another_abstention_is_left(clf, fake_core):
    c = synth.note("two", [("97530", 1, False), ("97110", 4, False)])
    probs = clf.propose(c.facts, c.text, [0, 1])
    lo, hi = sorted(probs, key=lambda i: probs[i][1])
    assert probs[lo][1] != probs[hi][1], "the two synthetic interventions must get different probabilities"
    out = clf.apply(c.result, c.facts, None, threshold=(probs[lo][1] + probs[hi][1]) / 2)
    assert out.interventions[hi]["decision"]["source"] == "classifier"
    assert out.interventions[lo]["decision"]["code"] is None
    assert out.needs_review is True


def test_no_abstention_no_change(clf, fake_core):
    c = synth.note("done", [("97110", 2, True)])
    assert clf.apply(c.result, c.facts, None, threshold=0.0) is c.result


def test_without_an_override_hook_nothing_is_billed(clf, monkeypatch):
    from nlp_coder.coding import select

    def old_core(facts, *, edit_tables=None, payers=None):
        raise AssertionError("must not be called")

    monkeypatch.setattr(select, "code_note", old_core)
    c = _probe()
    out = clf.apply(c.result, c.facts, None, threshold=0.0)
    assert out.lines == c.result.lines and out.needs_review is True
    assert "not applied" in out.interventions[1]["decision"]["rationale"]


def test_real_coding_core_computes_the_units(clf):
    """Integration with nlp_coder.coding: the 8-minute rule pools the classifier's minutes."""
    from nlp_coder.classify.model import core_takes_overrides
    from nlp_coder.coding.select import code_note
    from nlp_coder.schema import Intervention, NoteFacts

    assert core_takes_overrides(), "the coding core must accept 'overrides'"
    c = _probe()
    facts = NoteFacts(id="real", discipline="PT", interventions=[
        iv.model_copy(update={"minutes": 12}) for iv in c.facts.interventions])
    rules = code_note(facts)
    assert rules.needs_review and [ln.code for ln in rules.lines] == ["97110"]
    assert rules.lines[0].units == 1  # 12 min alone
    out = clf.apply(rules, facts, None, threshold=0.0)
    by = {ln.code: ln for ln in out.lines}
    assert set(by) == {"97110", "97530"} and by["97530"].source == "classifier"
    assert sum(ln.units for ln in out.lines) == 2  # 24 pooled minutes under Medicare
    assert not out.needs_review and "OUTCOME_NOT_DOCUMENTED" in {f.id for f in out.findings}
    assert isinstance(out.interventions[1], dict) and Intervention  # schema-compatible dump


def test_no_97112_without_a_neurologic_deficit(clf, fake_core):
    with_neuro = synth.note("nmr", [("97112", 1, False)], neuro=True)
    without = synth.note("nmr2", [("97112", 1, False)], neuro=False)
    assert clf.propose(with_neuro.facts, with_neuro.text, [0])[0][0] == "97112"
    code, p = clf.propose(without.facts, without.text, [0])[0]
    assert code != "97112" and p < clf.propose(with_neuro.facts, with_neuro.text, [0])[0][1]
    out = clf.apply(without.result, without.facts, None, threshold=0.0)
    assert all(ln.code != "97112" for ln in out.lines)
