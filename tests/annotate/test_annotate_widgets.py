"""The session and its ipywidgets form, driven headlessly; the records they save."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("ipywidgets")

from nlp_coder.annotate import Annotator, load_corpus  # noqa: E402
from nlp_coder.annotate.proposal import DISAGREEMENT, LOW_CONFIDENCE, NEEDS_REVIEW, REST  # noqa: E402


def saved(path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_queue_order_is_review_then_low_confidence_then_disagreement_then_rest(make_session):
    s = make_session()
    assert [p.id for p in s.queue] == ["n2", "n4", "n3", "n1", "n5"]
    assert [p.group() for p in s.queue] == [NEEDS_REVIEW, LOW_CONFIDENCE, DISAGREEMENT, REST, REST]
    # with a lower threshold 0.6 is not "low": n4 falls back to input order among the rest
    assert [p.id for p in make_session(low_confidence=0.5).queue] == ["n2", "n3", "n1", "n4", "n5"]


def test_accept_unchanged_saves_the_proposal_as_gold(make_session, corpus_path):
    ui = Annotator(make_session())
    assert ui.focus_order()[0] is ui.accept_btn
    assert "unchanged" in ui.status.value
    ui.accept_btn.click()
    (r,) = saved(corpus_path)
    assert r["id"] == "n2" and r["decision"] == "accepted" and r["annotator"] == "tester"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["annotated_at"])
    assert r["gold"] == {"lines": [{"code": "97116", "units": 1, "modifiers": ["GP"]}],
                         "findings": ["OUTCOME_NOT_DOCUMENTED"], "needs_review": True}
    text = r["text"]
    assert [(text[i["start"]:i["end"]], i["code"]) for i in r["interventions"]] == [
        ("NMR 15 min: balance training.", None), ("Gait 8 min with cues.", "97116")]
    assert ui.session.current.id == "n4"
    assert ui.progress.value.startswith("1 of 5 annotated")


def test_corrections_through_every_widget_save_as_corrected(make_session, corpus_path):
    ui = Annotator(make_session())
    ui.line_rows[0].code.value = "97112"
    ui.line_rows[0].units.value = 2
    ui.line_rows[0].modifiers.value = "gp, 59"
    row = ui.add_line("97116", 1, ["GP"])
    ui.add_line_btn.click()  # an empty row ...
    ui.remove_line(ui.line_rows[-1])  # ... removed again
    ui.span_rows[0].code.value = "97112"
    ui.findings.value = ["OUTCOME_NOT_DOCUMENTED", "NEURO_NOT_SUPPORTED"]
    ui.needs_review.value = False
    ui.quote.value = "balance"
    ui.add_span_btn.click()
    ui.span_rows[-1].code.value = "97530"
    assert "edited" in ui.status.value and "Your version" in ui.note.value
    assert row in ui.line_rows
    ui.accept_btn.click()
    (r,) = saved(corpus_path)
    assert r["decision"] == "corrected"
    assert r["gold"] == {"lines": [{"code": "97112", "units": 2, "modifiers": ["59", "GP"]},
                                   {"code": "97116", "units": 1, "modifiers": ["GP"]}],
                         "findings": ["NEURO_NOT_SUPPORTED", "OUTCOME_NOT_DOCUMENTED"], "needs_review": False}
    start = r["text"].index("balance")
    assert r["interventions"][0]["code"] == "97112"
    assert {"start": start, "end": start + 7, "code": "97530"} in r["interventions"]


def test_invalid_form_or_missing_annotator_is_not_saved(make_session, corpus_path):
    ui = Annotator(make_session(env={"ANNOTATOR": ""}))
    ui.accept_btn.click()
    assert "annotator" in ui.status.value and not corpus_path.exists()
    ui.annotator.value = "ana"
    ui.line_rows[0].code.value = "9711"
    ui.line_rows[0].units.value = 0
    ui.accept_btn.click()
    assert "not saved" in ui.status.value and "units" in ui.status.value and not corpus_path.exists()
    ui.line_rows[0].code.value = "97110"
    ui.line_rows[0].units.value = 1
    ui.accept_btn.click()
    assert saved(corpus_path)[0]["annotator"] == "ana"


def test_skip_back_and_resume(make_session, corpus_path, fake_coder):
    ui = Annotator(make_session())
    ui.accept_btn.click()  # n2
    ui.skip_btn.click()  # n4
    assert ui.session.current.id == "n3"
    ui.back_btn.click()
    assert ui.session.current.id == "n4" and "skipped" in ui.status.value
    ui.back_btn.click()
    assert ui.session.current.id == "n2" and ui.back_btn.disabled
    ui.line_rows[0].units.value = 2  # fix the earlier answer
    ui.accept_btn.click()
    assert ui.session.current.id == "n3"  # the next undecided note, not the skipped one
    assert [(r["id"], r["decision"]) for r in saved(corpus_path)] == [
        ("n2", "accepted"), ("n4", "skipped"), ("n2", "corrected")]
    assert [(r["id"], r["gold"]["lines"][0]["units"]) for r in load_corpus(corpus_path)] == [("n2", 2)]
    assert "2 of 5 annotated" in ui.progress.value and "1 skipped" in ui.progress.value

    again = make_session()  # re-open: resumes after n2 and n4, codes only the rest
    assert [p.id for p in again.queue] == ["n3", "n1", "n5"]
    assert fake_coder.calls[-1] == ["n1", "n3", "n5"] and again.resumed == 2


def test_back_shows_the_saved_answer(make_session):
    ui = Annotator(make_session())
    ui.needs_review.value = False
    ui.accept_btn.click()
    ui.back_btn.click()
    assert ui.needs_review.value is False and "already saved as corrected" in ui.status.value


def test_crash_mid_write_then_reopen(make_session, corpus_path):
    ui = Annotator(make_session())
    ui.accept_btn.click()
    ui.accept_btn.click()
    before = corpus_path.read_bytes()
    with open(corpus_path, "ab") as fh:
        fh.write(b'{"id": "n3", "text": "97112 x 15 min: rea')  # the process died here
    s = make_session()
    assert corpus_path.read_bytes() == before
    assert any("incomplete last line" in w for w in s.warnings)
    assert [p.id for p in s.queue] == ["n3", "n1", "n5"]
    Annotator(s).accept_btn.click()
    assert [r["id"] for r in load_corpus(corpus_path)] == ["n2", "n4", "n3"]


def test_done_state(make_session):
    ui = Annotator(make_session())
    for _ in range(5):
        ui.skip_btn.click()
    assert ui.session.done and ui.accept_btn.disabled and ui.skip_btn.disabled
    assert "All 5 queued notes are annotated" in ui.note.value
    assert ui.skip() is None and not ui.back_btn.disabled


def test_note_html_escapes_text_and_labels_spans(make_session):
    s = make_session()
    n4 = next(p for p in s.queue if p.id == "n4")
    s.index = s.queue.index(n4)
    ui = Annotator(s)
    html = ui.note.value
    assert "&lt;L knee&gt; &amp; &quot;stretch&quot;" in html and "<L knee>" not in html
    assert "#1 97140" in html and "classifier (0.60)" in html
    s.index = s.queue.index(next(p for p in s.queue if p.id == "n3"))
    ui.load()
    assert "\u2260 clin 97112" in ui.note.value and "Clinician-stated code differs" in ui.note.value
    assert "needs_review: no" in ui.note.value


def test_displacy_renderer(make_session):
    ui = Annotator(make_session(), renderer="displacy")
    assert 'class="spans"' in ui.note.value and "#2 97116" in ui.note.value


def test_unlisted_spans_are_left_out_unless_coded(make_session, corpus_path):
    s = make_session()
    s.index = [p.id for p in s.queue].index("n5")
    ui = Annotator(s)
    assert ui.span_rows[1].code.value == "-" and "home_program" in ui.span_rows[1].label.value
    assert "#2 uncoded (home_program)" in ui.note.value
    ui.accept_btn.click()
    assert [i["code"] for i in saved(corpus_path)[-1]["interventions"]] == ["97110"]
    assert saved(corpus_path)[-1]["decision"] == "accepted"
    ui.back_btn.click()  # back to n5: the saved answer leaves the HEP span out
    assert s.current.id == "n5"
    assert ui.span_rows[1].code.value == "-"
    ui.span_rows[1].code.value = ""  # listed, no code
    assert "check:" in ui.status.value  # no code but no OUTCOME_NOT_DOCUMENTED
    ui.accept_btn.click()
    rec = saved(corpus_path)[-1]
    assert rec["decision"] == "corrected" and [i["code"] for i in rec["interventions"]] == ["97110", None]
