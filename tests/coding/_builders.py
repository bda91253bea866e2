"""Builders for NoteFacts / Intervention (no text, no spaCy)."""

from __future__ import annotations

from nlp_coder.coding.select import code_note
from nlp_coder.schema import BilledClaim, Evidence, Intervention, NoteFacts


def iv(index: int = 0, **kw) -> Intervention:
    """One performed intervention; its span is a fake 10-character slot per index."""
    kw.setdefault("span", Evidence(start=index * 10, end=index * 10 + 9, text=f"iv{index}"))
    return Intervention(index=index, **kw)


def ex(index: int = 0, params=("strength",), minutes: int | None = 15, **kw) -> Intervention:
    """An exercise-kind intervention with parameters."""
    return iv(index, kind="exercise", parameters=list(params), minutes=minutes, **kw)


def note(*ivs: Intervention, **kw) -> NoteFacts:
    kw.setdefault("id", "n-1")
    kw.setdefault("discipline", "PT")
    kw.setdefault("discipline_source", "input")
    return NoteFacts(interventions=list(ivs), **kw)


def claim(code: str, units: int) -> BilledClaim:
    return BilledClaim(code=code, units=units, evidence=[Evidence(start=500, end=510, text=f"{code} x{units}")])


def run(facts: NoteFacts, **kw):
    return code_note(facts, **kw)


def lines(result) -> dict[str, int]:
    return {ln.code: ln.units for ln in result.lines}


def fids(result) -> set[str]:
    return {f.id for f in result.findings}


def decision(result, index: int) -> dict:
    return next(d["decision"] for d in result.interventions if d["index"] == index)

