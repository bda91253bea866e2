"""Proposals, queue groups, validation, HTML and default paths (no widgets)."""

from __future__ import annotations

from annotate_fakes import NOTES, iv, result_for

from nlp_coder.annotate.proposal import (
    DISAGREEMENT,
    REST,
    Annotation,
    Line,
    checks,
    make_proposal,
    order_queue,
    parse_modifiers,
    validate,
)
from nlp_coder.annotate.render import note_html
from nlp_coder.annotate.session import env_paths, project_root
from nlp_coder.schema import CodingResult


def test_planned_claim_is_not_a_disagreement_but_a_listed_one_is():
    text = "TherEx 10 min: bridges for strength.\nPlan: 97112 next visit."
    planned = iv(text, "Plan: 97112 next visit.", None, claimed="97112", status="planned", index=1)
    res = CodingResult(id="x", interventions=[iv(text, "TherEx 10 min: bridges for strength.", "97110"), planned])
    p = make_proposal({"id": "x", "text": text}, res)
    assert p.group() == REST and [s.listed for s in p.spans] == [True, False]
    assert p.as_annotation().spans == [(0, 36, "97110")]
    res.interventions[0]["claimed_code"] = "NMR"  # a name, resolved through the claim table
    assert make_proposal({"id": "x", "text": text}, res).group() == DISAGREEMENT


def test_order_is_stable_within_groups():
    props = [make_proposal(n, result_for(n), i) for i, n in enumerate(NOTES)]
    assert [p.id for p in order_queue(list(reversed(props)))] == ["n2", "n4", "n3", "n1", "n5"]


def test_validation_and_hints():
    ann = Annotation(lines=[Line("97110", 1, ["GP"]), Line("97110", 0, ["G"]), Line("abc", 1)],
                     findings=[], needs_review=True, spans=[(5, 2, "97110"), (0, 3, "x")])
    errors = " | ".join(validate(ann, text_len=10))
    for part in ("appears twice", "units must be 1", "modifier(s) G", "'abc'", "outside the note", "'x'"):
        assert part in errors
    assert validate(Annotation([Line("G0283", 1, ["GP"])], [], False, [(0, 3, None)]), 10) == []
    hints = checks(Annotation([], [], True, [(0, 3, None)]))
    assert len(hints) == 2
    assert checks(Annotation([], ["OUTCOME_NOT_DOCUMENTED"], True, [(0, 3, None)])) == []
    assert parse_modifiers(" gp,59;xs  GP") == ["59", "GP", "XS"]


def test_note_html_overlaps_newlines_and_escaping():
    text = "a<b>\nc & d"
    html = note_html(text, [{"start": 0, "end": 6, "label": "#1 <x>"}, {"start": 3, "end": 10, "label": "#2"}],
                     [{"start": 7, "end": 8, "label": "amp"}])
    assert "<b" not in html and "a&lt;b</mark>" in html and "&gt;\nc" in html and "#1 &lt;x&gt;" in html
    assert "\n" in html and 'title="amp"' in html and html.count("nc-label") == 2


def test_default_paths_are_the_bundled_samples():
    inp, out = env_paths({})
    assert inp == project_root() / "examples" / "sample-notes.jsonl" and inp.exists()
    assert out == project_root() / "corpus" / "annotations.jsonl"
    assert env_paths({"ANNOTATE_INPUT": "/abs/in.jsonl"})[0].as_posix() == "/abs/in.jsonl"
