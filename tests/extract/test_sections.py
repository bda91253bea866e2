import pytest

from nlp_coder.extract.extensions import SECTIONS
from nlp_coder.extract.sections import find_headers, find_signature


def cats(text):
    return [(text[s:e], c) for s, e, c, _ in find_headers(text)]


@pytest.mark.parametrize("line,category", [
    ("S: pt reports", "subjective"),
    ("Subjective: pt reports", "subjective"),
    ("SUBJECTIVE", "subjective"),
    ("O: TE 15'", "objective"),
    ("Objective - TE 15'", "objective"),
    ("A: tolerated", "assessment"),
    ("ASSESSMENT:  52 y/o", "assessment"),
    ("P: cont POC", "plan"),
    ("Plan: ther ex, modalities", "plan"),
    ("POC: 2x/wk", "plan"),
    ("Recommendations: HEP", "plan"),
    ("Treatment: TE 15'", "treatment"),
    ("Treatment today: of the 35 minutes", "treatment"),
    ("Interventions: NMR", "treatment"),
    ("Tx: CMT", "treatment"),
    ("Procedures: US", "treatment"),
    ("Goals: indep transfers", "goals"),
    ("STG: amb 150 ft", "goals"),
    ("LTG: indep", "goals"),
    ("HEP: bridges, clams", "home_program"),
    ("Home program: bridges", "home_program"),
    ("History: CVA 2019", "history"),
    ("PMH: DM2", "history"),
    ("Dx: L hemiparesis", "diagnosis"),
    ("Diagnosis: CVA", "diagnosis"),
    ("Billing: 97110 x2", "billing"),
    ("Charges: 97530 x3", "billing"),
    ("plan: lower case", "plan"),
    ("DISCHARGE SUMMARY:  The patient", "assessment"),
    ("INTERVENTIONS INCLUDE:", "plan"),
])
def test_header_categories(line, category):
    found = cats(line)
    assert found and found[0][1] == category


@pytest.mark.parametrize("line", [
    "Plan is to continue twice weekly.",
    "S/p R TKA",
    "Pt states pain better",
    "NMR 18': BAPS board",
    "A 52-year-old male",
    "Gait 8': amb 150' no AD",
])
def test_not_headers(line):
    assert cats(line) == [] or cats(line)[0][1] not in ("subjective", "assessment", "plan")


def test_only_line_initial():
    assert cats("Pt will continue. Plan: nothing") == []


def test_section_spans_and_inline_end(nlp):
    text = "Dx: L ankle sprain\nTA 25 min: SLR for strength\nA: better\nP: cont POC"
    doc = nlp(text)
    spans = [(s.label_, s.text.split("\n")[0]) for s in doc.spans[SECTIONS]]
    assert spans[0] == ("diagnosis", "Dx: L ankle sprain")
    # the diagnosis section ends before the log line
    assert "TA 25" not in doc.spans[SECTIONS][0].text
    assert [s.label_ for s in doc.spans[SECTIONS]] == ["diagnosis", "assessment", "plan"]


def test_title_and_signature(nlp):
    doc = nlp("PHYSICAL THERAPY DAILY NOTE\nTE 15' bridges for strength\nJ. Smith, PTA")
    s, e = doc._.nlp_title
    assert doc.text[s:e] == "PHYSICAL THERAPY DAILY NOTE"
    s, e = doc._.nlp_signature
    assert doc.text[s:e] == "J. Smith, PTA"


def test_signature_of_prose_note():
    text = "Long dictated note " * 10 + "Total 25 minutes. Signed, Gregory Pham, PT."
    s, e = find_signature(text)
    assert "Gregory Pham, PT." in text[s:e]



def test_a_diagnosis_header_does_not_swallow_a_timed_service_line():
    from nlp_coder.coder import Coder
    text = ("SNF PT Daily Note\nDx: generalized weakness, hx falls\nPt attended LE strengthening group in rehab gym "
            "1030-1100 with 4 other residents, PT leading: seated marching, LAQ w/ ankle weights for LE strength.\nW. Ab, PT")
    (res,) = Coder().code_records([(1, {"id": "s", "text": text, "payer": "commercial"})])
    assert [iv["status"] for iv in res.interventions] == ["performed"]
    assert {ln.code for ln in res.lines} == {"97150"}


def test_a_year_range_stays_in_the_history():
    from nlp_coder.extract.sections import _TIMED_LINE_RE
    assert _TIMED_LINE_RE.search("gym 1030-1100 with 4 others") and _TIMED_LINE_RE.search("0900 - 0930 group")
    assert not _TIMED_LINE_RE.search("knee OA, TKA 2019-2020, revision 2021")
