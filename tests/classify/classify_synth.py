"""A small synthetic corpus with hand-built facts (no spaCy, no real rules).

Each note is a few treatment-log lines "<claim> <min> min: <activities> for <outcome>".
The outcome part is evidence labelled "parameter"/"function"/"neuro"; a line
written without it is an abstention of the (fake) rules.
"""

from __future__ import annotations

import json
from pathlib import Path

from nlp_coder.classify.data import Coded
from nlp_coder.evaluate import GoldRecord
from nlp_coder.schema import CodingResult, Decision, Evidence, Finding, Intervention, NoteFacts

ACTIVITIES = {
    "97110": ["bridges", "clamshells", "SLR", "quad sets", "heel slides", "theraband rows", "wall slides"],
    "97530": ["sit to stand transfers", "lifting box floor to waist", "step-ups carrying basket",
              "reaching to shelf", "car transfers"],
    "97112": ["weight shifting in parallel bars", "tandem stance on foam", "PNF D2 patterns",
              "Frenkel exercises", "rhythmic stabilization"],
}
OUTCOME = {"97110": ("strength", "parameter"), "97530": ("functional transfers and balance", "function"),
           "97112": ("reeducation of standing balance", "neuro")}
CLAIM = {"97110": "Ther ex", "97530": "TA", "97112": "NMR"}


def note(nid: str, lines: list[tuple[str, int, bool]], neuro: bool = False) -> Coded:
    """lines: (code, variant, outcome documented?)."""
    text, ivs, gold_ivs, decisions, findings = "", [], [], [], []
    for i, (code, variant, documented) in enumerate(lines):
        acts = ACTIVITIES[code]
        a1, a2 = acts[variant % len(acts)], acts[(variant + 2) % len(acts)]
        head = f"{CLAIM[code]} {10 + variant} min: {a1}, {a2}"
        start = len(text)
        line = head
        evidence = [Evidence(start=start, end=start + len(CLAIM[code]), text=CLAIM[code], label="claim")]
        if documented:
            words, label = OUTCOME[code]
            o_start = start + len(head) + len(" for ")
            line = f"{head} for {words}"
            evidence.append(Evidence(start=o_start, end=o_start + len(words), text=words, label=label))
        text += line + "\n"
        span = Evidence(start=start, end=start + len(line), text=line)
        ivs.append(Intervention(
            index=i, span=span, kind="exercise", minutes=10 + variant, claimed_code=CLAIM[code],
            parameters=["strength"] if documented and code == "97110" else [],
            functional_activity=code == "97530", functional_goal=documented and code == "97530",
            neuro_goal=documented and code == "97112", evidence=evidence))
        gold_ivs.append({"start": span.start, "end": span.end, "code": code if documented else None})
        decision = Decision(code=code if documented else None, counted_minutes=10 + variant if documented else 0)
        decisions.append(decision)
        if not documented:
            findings.append(Finding(id="OUTCOME_NOT_DOCUMENTED", message="outcome not documented", intervention=i,
                                    evidence=[Evidence(start=span.start, end=span.end, text=span.text)]))
    text += "J. Doe, PT"
    facts = NoteFacts(id=nid, discipline="PT", neuro_conditions=["stroke"] if neuro else [], interventions=ivs)
    result = fake_code_note(facts, decisions=decisions, findings=findings)
    record = GoldRecord.model_validate({
        "id": nid, "text": text, "date_of_service": "2026-01-%02d" % (1 + len(nid) % 28),
        "gold": {"lines": [], "findings": [], "needs_review": bool(findings)}, "interventions": gold_ivs})
    return Coded(record, facts, result, text)


def fake_code_note(facts: NoteFacts, *, decisions: list[Decision] | None = None, findings=None,
                   edit_tables=None, payers=None, overrides=None) -> CodingResult:
    """Stands in for the coding core in unit tests: one line per code, 1 unit per started 15 min."""
    from nlp_coder.schema import CodedLine

    overrides = overrides or {}
    if decisions is None:  # re-coding: documented facts keep their code, overrides fill the rest
        decisions = []
        for iv in facts.interventions:
            documented = bool(iv.parameters or iv.functional_goal or iv.neuro_goal)
            code = ({"Ther ex": "97110", "TA": "97530", "NMR": "97112"}[iv.claimed_code] if documented
                    else overrides.get(iv.index))
            decisions.append(Decision(code=code, counted_minutes=iv.minutes if code else 0))
    if findings is None:
        findings = [Finding(id="OUTCOME_NOT_DOCUMENTED", message="outcome not documented", intervention=iv.index)
                    for iv, d in zip(facts.interventions, decisions)
                    if not (iv.parameters or iv.functional_goal or iv.neuro_goal)]
    minutes: dict[str, int] = {}
    for d in decisions:
        if d.code:
            minutes[d.code] = minutes.get(d.code, 0) + d.counted_minutes
    lines = [CodedLine(code=c, units=(m + 14) // 15, minutes=m, modifiers=["GP"]) for c, m in minutes.items()]
    needs = any(d.code is None for d in decisions)
    return CodingResult(id=facts.id, payer=facts.payer, discipline="PT", lines=lines, findings=findings,
                        needs_review=needs,
                        interventions=[{**iv.model_dump(mode="json"), "decision": d.model_dump(mode="json")}
                                       for iv, d in zip(facts.interventions, decisions)])


def corpus(n_notes: int = 24) -> list[Coded]:
    codes = ["97110", "97530", "97112"]
    out = []
    for k in range(n_notes):
        c1, c2 = codes[k % 3], codes[(k + 1) % 3]
        lines = [(c1, k, True), (c2, k + 1, k % 4 != 0)]
        out.append(note(f"syn-{k:03d}", lines, neuro="97112" in (c1, c2)))
    return out


def write_corpus(path: Path, coded: list[Coded]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for c in coded:
            fh.write(json.dumps(c.record.model_dump(mode="json", exclude_none=False)) + "\n")


def extractor_for(coded: list[Coded]):
    by_id = {c.record.id: c for c in coded}

    def extract(records):
        return [by_id[r.id] for r in records]

    return extract
