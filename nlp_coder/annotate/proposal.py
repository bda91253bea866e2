"""What the tool proposes for one note, the review queue, and the gold record.

``Proposal`` flattens a ``CodingResult`` into what the annotator edits:
lines (code, units, modifiers), finding ids, needs_review, and one code per
intervention span. ``Annotation`` is the annotator's version of the same
fields; ``gold_record`` turns it into one corpus line.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Any

from nlp_coder.schema import CodingResult

# The stable finding ids of coding-guidelines.md ("Findings").
FINDING_IDS: tuple[str, ...] = (
    "UNSKILLED", "GROUP", "OUTCOME_NOT_DOCUMENTED", "NEURO_NOT_SUPPORTED", "TIME_NOT_DOCUMENTED",
    "BELOW_8_MINUTES", "BUNDLED", "EVALUATION_NOT_CODED", "DISCIPLINE_UNKNOWN", "NCCI_MODIFIER_APPLIED",
    "NCCI_BUNDLED", "NCCI_DISTINCT_NOT_DOCUMENTED", "MUE_EXCEEDED", "PAYER_SAME_DAY_LIMIT",
    "CLINICIAN_CODE_NOT_SUPPORTED", "CLINICIAN_UNITS_NOT_SUPPORTED", "AIDE_SERVICE", "INPUT_ERROR",
)
CLINICIAN_CODE_FINDING = "CLINICIAN_CODE_NOT_SUPPORTED"

# Queue groups, most useful first.
NEEDS_REVIEW, LOW_CONFIDENCE, DISAGREEMENT, REST = range(4)
GROUP_NAMES = ("needs review", "low classifier confidence", "clinician code differs", "rest")
LOW_CONFIDENCE_THRESHOLD = 0.9

CODE_RE = re.compile(r"^(?:\d{5}|[A-Z]\d{4})$")
MODIFIER_RE = re.compile(r"^[0-9A-Z]{2}$")
INPUT_KEYS_EXCLUDED = frozenset({"gold", "interventions", "annotator", "annotated_at", "decision"})

_FALLBACK_CODES = (
    "97010", "97012", "97014", "97016", "97018", "97022", "97024", "97026", "97028", "97032", "97033",
    "97034", "97035", "97036", "97039", "97110", "97112", "97113", "97116", "97124", "97140", "97150",
    "97161", "97162", "97163", "97164", "97165", "97166", "97167", "97168", "97530", "97533", "97535",
    "97537", "97542", "97545", "97546", "97750", "97760", "97761", "97763", "G0283",
)


@lru_cache(maxsize=1)
def known_codes() -> tuple[str, ...]:
    """The codes of the coding tables (``coding/tables/codes.csv``), else a built-in list."""
    try:
        with resources.files("nlp_coder.coding").joinpath("tables/codes.csv").open(encoding="utf-8") as fh:
            codes = tuple(sorted({row["code"].strip() for row in csv.DictReader(fh) if row.get("code")}))
        return codes or _FALLBACK_CODES
    except (OSError, KeyError, ModuleNotFoundError):
        return _FALLBACK_CODES


def resolve_code(text: str | None) -> str | None:
    """A clinician-written code (number or name) -> code, or None."""
    if not text:
        return None
    try:
        from nlp_coder.coding.tabledata import resolve_claim

        return resolve_claim(text)
    except Exception:  # the coding tables are optional here
        m = re.search(r"(?<![0-9A-Za-z])(\d{5}|[Gg]\d{4})(?![0-9])", text)
        return m.group(1).upper() if m else None


# ---------------------------------------------------------------- records


@dataclass
class Line:
    code: str
    units: int
    modifiers: list[str] = field(default_factory=list)

    def key(self) -> tuple[str, int, tuple[str, ...]]:
        return (self.code, self.units, tuple(sorted(self.modifiers)))

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "units": self.units, "modifiers": sorted(self.modifiers)}


@dataclass
class Span:
    """One intervention span with the tool's code and what explains it."""

    start: int
    end: int
    code: str | None  # the tool's code (decision), None when uncoded
    claimed: str | None = None  # the clinician-stated code, resolved
    claimed_text: str | None = None  # as written
    status: str = "performed"
    rationale: str = ""
    source: str = "rules"
    confidence: float = 1.0
    evidence: list[dict[str, Any]] = field(default_factory=list)
    other_discipline: bool = False

    @property
    def listed(self) -> bool:
        """Listed in the gold ``interventions``: a service performed by this note's discipline.

        Negated, planned, historical and home-program mentions, and the other
        discipline's section of a co-treatment note, are shown but not listed
        (corpus/README.md, "Interventions and their spans").
        """
        return self.status == "performed" and not self.other_discipline

    @property
    def disagrees(self) -> bool:
        return self.claimed is not None and self.claimed != self.code


@dataclass
class Annotation:
    """The annotator's answer for one note."""

    lines: list[Line]
    findings: list[str]
    needs_review: bool
    spans: list[tuple[int, int, str | None]]  # (start, end, code) per intervention

    def key(self) -> tuple:
        return (sorted(ln.key() for ln in self.lines), sorted(set(self.findings)), bool(self.needs_review),
                sorted(self.spans, key=lambda s: (s[0], s[1], s[2] or "")))


@dataclass
class Proposal:
    note: dict[str, Any]  # the input record
    position: int  # input order
    lines: list[Line]
    line_info: list[dict[str, Any]]  # per line: minutes, source, confidence, rationale
    findings: list[str]
    finding_messages: dict[str, str]
    needs_review: bool
    spans: list[Span]
    error: str | None = None

    @property
    def id(self) -> str:
        return str(self.note["id"])

    @property
    def text(self) -> str:
        return self.note.get("text") or ""

    @property
    def min_confidence(self) -> float | None:
        """Lowest classifier confidence on a line or an intervention, None without classifier output."""
        vals = [i["confidence"] for i in self.line_info if i.get("source") == "classifier"]
        vals += [s.confidence for s in self.spans if s.source == "classifier"]
        return min(vals) if vals else None

    @property
    def disagreement(self) -> bool:
        """The clinician-stated code of a listed intervention differs from the tool's (or the tool says so)."""
        return any(s.listed and s.disagrees for s in self.spans) or CLINICIAN_CODE_FINDING in self.findings

    def group(self, low_confidence: float = LOW_CONFIDENCE_THRESHOLD) -> int:
        if self.needs_review:
            return NEEDS_REVIEW
        conf = self.min_confidence
        if conf is not None and conf < low_confidence:
            return LOW_CONFIDENCE
        if self.disagreement:
            return DISAGREEMENT
        return REST

    def review_reasons(self) -> list[str]:
        """Why the note needs review: the uncoded or uncertain interventions."""
        out = []
        for i, s in enumerate(self.spans, 1):
            if not s.listed:
                continue
            if s.code is None or s.source == "classifier":
                snippet = " ".join(self.text[s.start:s.end].split())[:80]
                why = s.rationale or ("not coded" if s.code is None else f"classifier {s.confidence:.2f}")
                out.append(f"#{i} \u201c{snippet}\u201d: {why}")
        if self.error:
            out.append(self.error)
        return out

    def as_annotation(self) -> Annotation:
        return Annotation(lines=[Line(ln.code, ln.units, list(ln.modifiers)) for ln in self.lines],
                          findings=list(self.findings), needs_review=self.needs_review,
                          spans=[(s.start, s.end, s.code) for s in self.spans if s.listed])


def make_proposal(note: dict[str, Any], result: CodingResult, position: int = 0) -> Proposal:
    """Flatten the tool's result for ``note`` into a Proposal."""
    text = note.get("text") or ""
    lines = [Line(ln.code, ln.units, sorted(ln.modifiers)) for ln in result.lines]
    info = [{"minutes": ln.minutes, "source": ln.source, "confidence": ln.confidence, "rationale": ln.rationale}
            for ln in result.lines]
    findings: list[str] = []
    messages: dict[str, str] = {}
    for f in result.findings:
        if f.id not in findings:
            findings.append(f.id)
        if f.message and f.message not in messages.get(f.id, ""):
            messages[f.id] = (messages[f.id] + " | " + f.message) if f.id in messages else f.message
    spans = []
    for rec in sorted(result.interventions, key=lambda r: ((r.get("span") or {}).get("start", 0), r.get("index", 0))):
        sp = rec.get("span") or {}
        start, end = int(sp.get("start", 0)), int(sp.get("end", 0))
        if not (0 <= start < end <= len(text)):
            continue
        dec = rec.get("decision") or {}
        claimed_text = rec.get("claimed_code")
        spans.append(Span(
            start=start, end=end, code=dec.get("code"), claimed=resolve_code(claimed_text),
            claimed_text=claimed_text, status=rec.get("status") or "performed",
            rationale=dec.get("rationale") or "", source=dec.get("source") or "rules",
            confidence=float(dec.get("confidence", 1.0) if dec.get("confidence") is not None else 1.0),
            evidence=[e for e in rec.get("evidence") or [] if isinstance(e, dict)],
            other_discipline=bool(rec.get("other_discipline")),
        ))
    error = f"{result.error.type}: {result.error.message}" if result.error else None
    return Proposal(note=note, position=position, lines=lines, line_info=info, findings=findings,
                    finding_messages=messages, needs_review=bool(result.needs_review), spans=spans, error=error)


def order_queue(proposals: list[Proposal], low_confidence: float = LOW_CONFIDENCE_THRESHOLD) -> list[Proposal]:
    """Most useful first: needs_review, low classifier confidence, clinician disagreement, rest.

    Stable: input order within each group.
    """
    return sorted(proposals, key=lambda p: (p.group(low_confidence), p.position))


# ---------------------------------------------------------------- validation and records


def validate(ann: Annotation, text_len: int | None = None) -> list[str]:
    """Problems that stop a save; empty when the annotation can be written."""
    errors = []
    seen = set()
    for i, ln in enumerate(ann.lines, 1):
        if not CODE_RE.match(ln.code):
            errors.append(f"line {i}: code {ln.code!r} is not a CPT/HCPCS code (5 digits, or a letter and 4 digits)")
        if ln.units < 1:
            errors.append(f"line {i}: units must be 1 or more (remove the line instead)")
        bad = [m for m in ln.modifiers if not MODIFIER_RE.match(m)]
        if bad:
            errors.append(f"line {i}: modifier(s) {', '.join(bad)} are not 2 letters/digits")
        if ln.code in seen:
            errors.append(f"line {i}: code {ln.code} appears twice (one line per code)")
        seen.add(ln.code)
    for s, e, code in ann.spans:
        if code is not None and not CODE_RE.match(code):
            errors.append(f"intervention {s}-{e}: code {code!r} is not a code")
        if text_len is not None and not (0 <= s < e <= text_len):
            errors.append(f"intervention {s}-{e}: outside the note")
    return errors


def checks(ann: Annotation) -> list[str]:
    """Non-blocking hints from the corpus conventions (corpus/README.md)."""
    out = []
    if ann.needs_review != ("OUTCOME_NOT_DOCUMENTED" in ann.findings):
        out.append("needs_review is true exactly when OUTCOME_NOT_DOCUMENTED is a finding")
    explains = {"OUTCOME_NOT_DOCUMENTED", "AIDE_SERVICE", "UNSKILLED", "EVALUATION_NOT_CODED"}
    if any(c is None for _, _, c in ann.spans) and not explains & set(ann.findings):
        out.append("an intervention has no code but no finding says why "
                   "(OUTCOME_NOT_DOCUMENTED, AIDE_SERVICE, UNSKILLED, EVALUATION_NOT_CODED)")
    return out


def parse_modifiers(value: str) -> list[str]:
    """'gp, 59' -> ['59', 'GP'] (sorted, upper case, no duplicates)."""
    return sorted({m.upper() for m in re.split(r"[\s,;/]+", value or "") if m})


def note_fields(note: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in note.items() if k not in INPUT_KEYS_EXCLUDED}


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def gold_record(proposal: Proposal, ann: Annotation | None, *, annotator: str, decision: str,
                annotated_at: str | None = None) -> dict[str, Any]:
    """One corpus line: input fields + gold + interventions + annotator, annotated_at, decision.

    ``ann`` is None for a skipped note: the record then has no ``gold`` (and
    ``load_corpus`` leaves it out).
    """
    rec = note_fields(proposal.note)
    if ann is not None:
        rec["gold"] = {"lines": [ln.as_dict() for ln in ann.lines],
                       "findings": sorted(set(ann.findings)), "needs_review": bool(ann.needs_review)}
        rec["interventions"] = [{"start": s, "end": e, "code": c} for s, e, c in sorted(ann.spans, key=lambda x: x[:2])]
    rec["annotator"] = annotator
    rec["annotated_at"] = annotated_at or now_utc()
    rec["decision"] = decision
    return rec


def annotation_from_record(rec: dict[str, Any]) -> Annotation | None:
    """The Annotation stored in a corpus record (None for skipped)."""
    gold = rec.get("gold")
    if not isinstance(gold, dict):
        return None
    return Annotation(
        lines=[Line(str(ln["code"]), int(ln.get("units", 1)), list(ln.get("modifiers") or [])) for ln in gold.get("lines") or []],
        findings=list(gold.get("findings") or []), needs_review=bool(gold.get("needs_review")),
        spans=[(int(iv["start"]), int(iv["end"]), iv.get("code")) for iv in rec.get("interventions") or []],
    )
