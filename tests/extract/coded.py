"""Helpers shared by the extraction decision tests: code one note end to end and read the result."""

from __future__ import annotations

from nlp_coder.coder import Coder


def code(coder: Coder, text: str, **fields):
    """The result of one note (fields: payer, discipline, ...); it must not be an input error."""
    (res,) = coder.code_records([(1, {"id": "t-1", "text": text, **fields})])
    assert res.error is None
    return res


def units(res) -> dict[str, int]:
    return {ln.code: ln.units for ln in res.lines}


def units_mods(res) -> dict[str, tuple[int, tuple[str, ...]]]:
    return {ln.code: (ln.units, tuple(ln.modifiers)) for ln in res.lines}


def fids(res) -> set[str]:
    return {f.id for f in res.findings}


def performed(res) -> list[dict]:
    return [iv for iv in res.interventions if iv["status"] == "performed"]
