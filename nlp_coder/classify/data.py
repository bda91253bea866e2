"""Corpus records -> (facts, rules result) per note -> labelled intervention rows.

Extraction and the rules run exactly as in ``Coder.code_notes`` (same
``build_nlp``, ``doc_to_facts``, ``code_note``), so the model is trained on
the facts it will see in production.

Label of one extracted intervention (``label_for``):
1. the record has gold intervention spans: the code of the gold span that
   overlaps it most; no overlapping span, a gold code of ``None`` (not a
   billable service, or the annotator could not choose) or a code outside
   ``OUTCOME_CODES`` gives no example;
2. the record has no gold spans: the code the rules chose, when the rules
   decided it (an abstention gives no example).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp_coder.classify.features import OUTCOME_CODES, allowed_codes, row
from nlp_coder.evaluate import GoldIntervention, GoldRecord, read_gold
from nlp_coder.schema import CodingResult, Intervention, NoteFacts, NoteIn

OUTCOME_FINDING = "OUTCOME_NOT_DOCUMENTED"


@dataclass(frozen=True)
class Coded:
    """One note after extraction and the rules."""

    record: GoldRecord
    facts: NoteFacts
    result: CodingResult
    text: str


@dataclass(frozen=True)
class Example:
    note_id: str
    index: int
    text: str  # masked
    facts: dict[str, Any]
    label: str
    abstained: bool  # the rules abstained on it (OUTCOME_NOT_DOCUMENTED)
    allowed: frozenset[str] = frozenset(OUTCOME_CODES)  # features.allowed_codes


# (records) -> Coded per record, same order
Extractor = Callable[[Sequence[GoldRecord]], list[Coded]]


def pipeline_extractor(records: Sequence[GoldRecord], *, edit_tables: Any = None, payers: Any = None,
                       nlp: Any = None) -> list[Coded]:
    """The production path: spaCy pipeline -> facts -> rules, per record."""
    from nlp_coder.coding.select import code_note
    from nlp_coder.extract.facts import doc_to_facts
    from nlp_coder.extract.pipeline import build_nlp

    nlp = nlp or build_nlp()
    notes = [NoteIn.model_validate(r.note_fields()) for r in records]
    out = []
    for rec, note, doc in zip(records, notes, nlp.pipe(n.text for n in notes)):
        facts = doc_to_facts(doc, note)
        result = code_note(facts, edit_tables=edit_tables, payers=payers)
        out.append(Coded(rec, facts, result, note.text))
    return out


def read_records(path: str | Path) -> list[GoldRecord]:
    return list(read_gold(path))


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def abstained_indices(result: CodingResult) -> list[int]:
    """Interventions the rules left uncoded because the outcome is not documented."""
    findings = [f for f in result.findings if f.id == OUTCOME_FINDING]
    out = []
    for rec in result.interventions:
        decision = rec.get("decision") or {}
        if decision.get("code") is not None or rec.get("status", "performed") != "performed":
            continue
        idx = rec.get("index")
        span = rec.get("span") or {}
        sp = (span.get("start", 0), span.get("end", 0))
        for f in findings:
            if f.intervention is not None:
                hit = f.intervention == idx
            else:  # a finding without an index: match it by its evidence
                hit = any(_overlap(sp, (e.start, e.end)) > 0 for e in f.evidence)
            if hit:
                out.append(idx)
                break
    return sorted(out)


def gold_code_for(iv: Intervention, gold: Iterable[GoldIntervention]) -> tuple[bool, str | None]:
    """(found, code) of the gold span overlapping ``iv`` most."""
    sp = (iv.span.start, iv.span.end)
    best = max(gold, key=lambda g: (_overlap(sp, (g.start, g.end)), -g.start), default=None)
    if best is None or _overlap(sp, (best.start, best.end)) == 0:
        return False, None
    return True, best.code


def label_for(iv: Intervention, coded: Coded) -> str | None:
    if coded.record.interventions is not None:
        _, code = gold_code_for(iv, coded.record.interventions)
    else:
        decision = _decision(coded.result, iv.index)
        code = decision.get("code") if decision.get("source", "rules") == "rules" else None
    return code if code in OUTCOME_CODES else None


def _decision(result: CodingResult, index: int) -> dict[str, Any]:
    for rec in result.interventions:
        if rec.get("index") == index:
            return rec.get("decision") or {}
    return {}


def performed(facts: NoteFacts) -> list[Intervention]:
    return [iv for iv in facts.interventions if iv.status == "performed" and not iv.other_discipline]


def examples(coded: Sequence[Coded]) -> list[Example]:
    """Labelled, masked rows, sorted by (note id, intervention index)."""
    out = []
    for c in coded:
        abstained = set(abstained_indices(c.result))
        for iv in performed(c.facts):
            label = label_for(iv, c)
            if label is None:
                continue
            text, facts = row(iv, c.facts, c.text)
            out.append(Example(c.record.id, iv.index, text, facts, label, iv.index in abstained,
                               allowed_codes(iv, c.facts)))
    return sorted(out, key=lambda e: (e.note_id, e.index))
