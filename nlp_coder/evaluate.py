"""Score coding results against gold records (``nlp-coder evaluate``).

Pure scoring: ``score(pairs)`` takes (gold record, predicted result) pairs
and returns an ``EvalReport``; running the tool is the caller's job, so the
metrics are testable on hand-made pairs.

Metrics (all micro-averaged over notes):
- per code: precision / recall / F1 of the set of reported codes per note;
- lines: F1 of (code, units) pairs, and of (code, units, modifiers);
- exact line accuracy: share of notes whose lines match the gold exactly
  (code, units and modifiers);
- findings: F1 of the set of finding ids per note;
- needs_review accuracy;
- confusion: per intervention when the gold has intervention spans (gold
  code vs predicted code of the overlapping intervention, "-" for none),
  else per note (codes missed vs codes added).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from nlp_coder.schema import CodingResult

NONE = "-"


class GoldLine(BaseModel):
    model_config = ConfigDict(extra="ignore")
    code: str
    units: int = Field(ge=0)
    modifiers: list[str] = Field(default_factory=list)


class Gold(BaseModel):
    model_config = ConfigDict(extra="ignore")
    lines: list[GoldLine] = Field(default_factory=list)
    findings: list[str] = Field(default_factory=list)
    needs_review: bool = False


class GoldIntervention(BaseModel):
    model_config = ConfigDict(extra="ignore")
    start: int
    end: int
    code: str | None = None


class GoldRecord(BaseModel):
    """A corpus record: the input fields plus ``gold`` (extra fields allowed)."""

    model_config = ConfigDict(extra="allow")
    id: str
    text: str
    gold: Gold
    interventions: list[GoldIntervention] | None = None

    def note_fields(self) -> dict[str, Any]:
        """The record as tool input: everything but the annotation."""
        return self.model_dump(exclude={"gold", "interventions"}, exclude_none=True)


class PRF(BaseModel):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set, pred: set) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def summary(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


class EvalReport(BaseModel):
    notes: int = 0
    codes: PRF = Field(default_factory=PRF)
    per_code: dict[str, PRF] = Field(default_factory=dict)
    lines: PRF = Field(default_factory=PRF)  # (code, units)
    lines_with_modifiers: PRF = Field(default_factory=PRF)
    exact_notes: int = 0
    findings: PRF = Field(default_factory=PRF)
    per_finding: dict[str, PRF] = Field(default_factory=dict)
    review_correct: int = 0
    confusion: dict[str, dict[str, int]] = Field(default_factory=dict)
    mismatched_ids: list[str] = Field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        n = max(self.notes, 1)
        return {
            "notes": self.notes,
            "codes": self.codes.summary(),
            "lines": self.lines.summary(),
            "lines_with_modifiers": self.lines_with_modifiers.summary(),
            "exact_line_accuracy": round(self.exact_notes / n, 4),
            "findings": self.findings.summary(),
            "needs_review_accuracy": round(self.review_correct / n, 4),
            "per_code": {c: p.summary() for c, p in sorted(self.per_code.items())},
            "per_finding": {f: p.summary() for f, p in sorted(self.per_finding.items())},
            "confusion": {g: dict(sorted(row.items())) for g, row in sorted(self.confusion.items())},
            "mismatched_ids": self.mismatched_ids,
        }


def read_gold(path: str | Path) -> Iterator[GoldRecord]:
    """Gold records of a JSONL file; a bad line stops with its line number."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
                if isinstance(value, dict) and value.get("decision") == "skipped":
                    continue  # an annotator skipped this note: it has no gold
                yield GoldRecord.model_validate(value)
            except (json.JSONDecodeError, ValueError) as exc:
                raise ValueError(f"{path}:{n}: not a gold record ({type(exc).__name__}: {exc})") from None


def _line_keys(lines: Iterable[Any], with_modifiers: bool) -> set[tuple]:
    keys = set()
    for ln in lines:
        key = (ln.code, ln.units)
        keys.add(key + (tuple(sorted(ln.modifiers)),) if with_modifiers else key)
    return keys


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _intervention_pairs(gold: list[GoldIntervention], pred: CodingResult) -> Iterator[tuple[str, str]]:
    """(gold code, predicted code) per gold intervention, by largest span overlap."""
    spans = []
    for rec in pred.interventions:
        span = rec.get("span") or {}
        decision = rec.get("decision") or {}
        if rec.get("status", "performed") != "performed":
            continue
        spans.append(((span.get("start", 0), span.get("end", 0)), decision.get("code")))
    for g in gold:
        best = max(spans, key=lambda s: _overlap((g.start, g.end), s[0]), default=None)
        code = best[1] if best and _overlap((g.start, g.end), best[0]) > 0 else None
        yield g.code or NONE, code or NONE


def score(pairs: Iterable[tuple[GoldRecord, CodingResult]]) -> EvalReport:
    rep = EvalReport()
    confusion: dict[str, Counter] = {}
    for gold_rec, pred in pairs:
        gold = gold_rec.gold
        rep.notes += 1
        g_codes = {ln.code for ln in gold.lines}
        p_codes = {ln.code for ln in pred.lines}
        rep.codes.add(g_codes, p_codes)
        for code in g_codes | p_codes:
            rep.per_code.setdefault(code, PRF()).add(g_codes & {code}, p_codes & {code})
        rep.lines.add(_line_keys(gold.lines, False), _line_keys(pred.lines, False))
        g_full, p_full = _line_keys(gold.lines, True), _line_keys(pred.lines, True)
        rep.lines_with_modifiers.add(g_full, p_full)
        g_find = set(gold.findings) - {"INPUT_ERROR"}
        p_find = {f.id for f in pred.findings} - {"INPUT_ERROR"}
        rep.findings.add(g_find, p_find)
        for fid in g_find | p_find:
            rep.per_finding.setdefault(fid, PRF()).add(g_find & {fid}, p_find & {fid})
        rep.review_correct += int(gold.needs_review == pred.needs_review)
        exact = g_full == p_full
        rep.exact_notes += int(exact)
        if not exact or g_find != p_find:
            rep.mismatched_ids.append(gold_rec.id)
        if gold_rec.interventions is not None:
            for g, p in _intervention_pairs(gold_rec.interventions, pred):
                confusion.setdefault(g, Counter())[p] += 1
        else:
            for code in g_codes & p_codes:
                confusion.setdefault(code, Counter())[code] += 1
            for code in g_codes - p_codes:
                confusion.setdefault(code, Counter())[NONE] += 1
            for code in p_codes - g_codes:
                confusion.setdefault(NONE, Counter())[code] += 1
    rep.confusion = {g: dict(c) for g, c in confusion.items()}
    return rep


def _confusion_table(confusion: dict[str, dict[str, int]], console: Any) -> Any:
    """The gold x predicted matrix when it fits the terminal, else its off-diagonal cells as a list
    (a 25-code matrix squeezed into 80 columns is unreadable)."""
    from rich.table import Table

    labels = sorted(set(confusion) | {p for row in confusion.values() for p in row})
    width = getattr(console, "width", 80) or 80
    if 14 + 6 * len(labels) <= width:
        conf = Table(title="confusion (rows gold, columns predicted; '-' = no code)")
        conf.add_column("gold \\ pred")
        for lab in labels:
            conf.add_column(lab, justify="right")
        for g in labels:
            row = confusion.get(g, {})
            conf.add_row(g, *[str(row.get(p, "")) for p in labels])
        return conf
    conf = Table(title="confusion: gold -> predicted where they differ ('-' = no code); --json for the matrix")
    for col in ("gold", "predicted", "count"):
        conf.add_column(col, justify="right" if col == "count" else "left")
    cells = sorted(((g, p, n) for g, row in confusion.items() for p, n in row.items() if g != p),
                   key=lambda c: (-c[2], c[0], c[1]))
    for g, p, n in cells:
        conf.add_row(g, p, str(n))
    return conf


def render(report: EvalReport, console: Any) -> None:
    """Print the report as rich tables."""
    from rich.table import Table

    d = report.as_dict()
    head = Table(title=f"nlp-coder evaluation: {d['notes']} notes")
    for col in ("metric", "precision", "recall", "F1"):
        head.add_column(col, justify="right" if col != "metric" else "left")
    for name in ("codes", "lines", "lines_with_modifiers", "findings"):
        m = d[name]
        head.add_row(name.replace("_", " "), f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}")
    console.print(head)
    console.print(f"exact line accuracy: {d['exact_line_accuracy']:.3f}    "
                  f"needs_review accuracy: {d['needs_review_accuracy']:.3f}")
    for key, title in (("per_code", "per code"), ("per_finding", "per finding")):
        t = Table(title=title)
        for col in ("id", "P", "R", "F1", "tp", "fp", "fn"):
            t.add_column(col, justify="right" if col != "id" else "left")
        for k, m in d[key].items():
            t.add_row(k, f"{m['precision']:.2f}", f"{m['recall']:.2f}", f"{m['f1']:.2f}",
                      str(m["tp"]), str(m["fp"]), str(m["fn"]))
        console.print(t)
    console.print(_confusion_table(d["confusion"], console))
    if d["mismatched_ids"]:
        console.print(f"notes not matching exactly ({len(d['mismatched_ids'])}): "
                      + ", ".join(d["mismatched_ids"][:40]) + (" ..." if len(d["mismatched_ids"]) > 40 else ""))
