"""Small notes and a fake coder for the annotation tests (no spaCy, no rules)."""

from __future__ import annotations

from nlp_coder.schema import CodedLine, CodingResult, Finding

NOTES = [
    {"id": "n1", "payer": "medicare", "text": "TherEx 23 min: SLR 3x10 for quad strength.\nCP x10 min.", "style": "x"},
    {"id": "n2", "text": "NMR 15 min: balance training.\nGait 8 min with cues."},
    {"id": "n3", "text": "97112 x 15 min: reaching in standing for kitchen tasks."},
    {"id": "n4", "text": "Manual 10 min: mobs <L knee> & \"stretch\"."},
    {"id": "n5", "text": "TherEx 20 min: bridges, clamshells.\nHEP: bridges."},
]


def iv(text: str, quote: str, code: str | None, *, claimed: str | None = None, source: str = "rules",
       confidence: float = 1.0, status: str = "performed", index: int = 0) -> dict:
    start = text.index(quote)
    end = start + len(quote)
    return {"index": index, "span": {"start": start, "end": end, "text": quote}, "status": status,
            "claimed_code": claimed, "evidence": [{"start": start, "end": start + 3, "text": quote[:3], "label": "kind"}],
            "decision": {"code": code, "rationale": f"rule for {code}", "source": source, "confidence": confidence}}


def result_for(note: dict) -> CodingResult:
    """n1 rest; n2 needs review; n3 clinician-stated code differs; n4 classifier 0.6; n5 rest."""
    t, nid = note["text"], note["id"]
    if nid == "n1":
        return CodingResult(id=nid, lines=[CodedLine(code="97110", units=2, minutes=23, modifiers=["GP"]),
                                           CodedLine(code="97010", units=1, modifiers=["GP"])],
                            findings=[Finding(id="BUNDLED", message="97010 is bundled")],
                            interventions=[iv(t, "TherEx 23 min: SLR 3x10 for quad strength.", "97110"),
                                           iv(t, "CP x10 min.", "97010", index=1)])
    if nid == "n2":
        return CodingResult(id=nid, lines=[CodedLine(code="97116", units=1, modifiers=["GP"])],
                            findings=[Finding(id="OUTCOME_NOT_DOCUMENTED", message="no outcome")], needs_review=True,
                            interventions=[iv(t, "NMR 15 min: balance training.", None),
                                           iv(t, "Gait 8 min with cues.", "97116", index=1)])
    if nid == "n3":
        return CodingResult(id=nid, lines=[CodedLine(code="97530", units=1, modifiers=["GP"])],
                            findings=[Finding(id="CLINICIAN_CODE_NOT_SUPPORTED", message="97112 not supported")],
                            interventions=[iv(t, "97112 x 15 min: reaching in standing for kitchen tasks.", "97530",
                                              claimed="97112")])
    if nid == "n4":
        return CodingResult(id=nid, lines=[CodedLine(code="97140", units=1, modifiers=["GP"], source="classifier",
                                                     confidence=0.6)],
                            interventions=[iv(t, "Manual 10 min: mobs <L knee> & \"stretch\".", "97140",
                                              source="classifier", confidence=0.6)])
    return CodingResult(id=nid, lines=[CodedLine(code="97110", units=1, modifiers=["GP"])],
                        interventions=[iv(t, "TherEx 20 min: bridges, clamshells.", "97110"),
                                       iv(t, "HEP: bridges.", None, status="home_program", index=1)])


class FakeCoder:
    def __init__(self):
        self.calls: list[list[str]] = []

    def __call__(self, notes: list[dict]) -> list[CodingResult]:
        self.calls.append([n["id"] for n in notes])
        return [result_for(n) for n in notes]
