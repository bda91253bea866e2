"""The tool on 47 real transcriptions written by other hands (MTSamples).

Read by hand (see tests/fixtures/README.md): none of these notes documents a
PT/OT service *delivered on its date* with the facts needed to bill it. They
are evaluations whose plans list interventions, progress/discharge summaries
that recount earlier sessions, SLP and chiropractic notes (outside the 97xxx
scope), physician consults and EMG reports. So the tool must run on every
one without an error and report no line: a line here would come from a plan,
goal, recommendation or history sentence.
"""

import json
from pathlib import Path

import pytest

from nlp_coder.coder import Coder

FIXTURE = Path(__file__).parent / "fixtures" / "real-notes.jsonl"
RECORDS = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
# PT evaluations (history, examination, assessment, plan of care written on the date), read by hand:
# dictated reports with no "evaluation" title, recognised by their parts (E-EVAL-STRUCTURE).
PT_EVALUATIONS = {"mtsamples-1613", "mtsamples-1612", "mtsamples-1633", "mtsamples-1614", "mtsamples-1632",
                  "mtsamples-2621"}


@pytest.fixture(scope="module")
def results():
    inputs = [{"id": r["id"], "text": r["text"]} for r in RECORDS]
    return {res.id: res for res in Coder().code_records(list(enumerate(inputs, 1)))}


def test_every_real_note_gives_one_record_without_error(results):
    assert len(results) == len(RECORDS) == 47
    errors = {i: r.error for i, r in results.items() if r.error is not None}
    assert errors == {}


def test_no_line_from_plans_goals_or_history(results):
    billed = {i: [(ln.code, ln.rationale) for ln in r.lines] for i, r in results.items() if r.lines}
    assert billed == {}


def test_out_of_scope_notes_raise_no_therapy_findings(results):
    scope_free = [r["id"] for r in RECORDS
                  if r["relevance"] == "not-therapy" or r.get("discipline_hint") in ("SLP", "chiropractic")]
    flagged = {i: sorted({f.id for f in results[i].findings}) for i in scope_free if results[i].findings}
    assert flagged == {}


def test_pt_evaluations_are_recognised(results):
    found = {i for i in PT_EVALUATIONS if "EVALUATION_NOT_CODED" in {f.id for f in results[i].findings}}
    assert found == PT_EVALUATIONS


def test_only_pt_ot_evaluations_raise_evaluation_not_coded(results):
    """Physician consults, IMEs and chiropractic reports share the parts of an evaluation but not the profession."""
    flagged = {i for i, r in results.items() if "EVALUATION_NOT_CODED" in {f.id for f in r.findings}}
    assert flagged == PT_EVALUATIONS


def test_physician_and_chiropractic_notes_raise_nothing(results):
    others = [r["id"] for r in RECORDS if r["relevance"] == "therapy-related"]
    flagged = {i: sorted({f.id for f in results[i].findings}) for i in others if results[i].findings}
    assert flagged == {}
