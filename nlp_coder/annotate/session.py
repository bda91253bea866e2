"""An annotation session: the queue, the decisions, resume and progress (no widgets).

``AnnotationSession`` codes the notes not yet in the corpus, orders them
(``order_queue``), and records each decision as one corpus line:
``save(annotation)`` writes ``accepted`` when the annotation equals the
proposal and ``corrected`` otherwise; ``skip()`` writes ``skipped``;
``back()`` returns to the note shown before (its saved answer is shown
again; saving it appends a newer record, which wins). After a decision the
session moves to the next undecided note of the queue.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from nlp_coder.annotate.proposal import (
    LOW_CONFIDENCE_THRESHOLD,
    Annotation,
    Proposal,
    annotation_from_record,
    gold_record,
    make_proposal,
    note_fields,
    order_queue,
    validate,
)
from nlp_coder.annotate.store import CorpusFile, read_notes

ENV_INPUT, ENV_OUTPUT, ENV_ANNOTATOR = "ANNOTATE_INPUT", "ANNOTATE_OUTPUT", "ANNOTATOR"
DEFAULT_INPUT = "examples/sample-notes.jsonl"
DEFAULT_OUTPUT = "corpus/annotations.jsonl"


def project_root() -> Path:
    """The checkout holding the package (for the default paths), else the working directory."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").exists() else Path.cwd()


def resolve_path(value: str | os.PathLike[str]) -> Path:
    """Absolute paths as given; relative ones against the project root."""
    p = Path(value).expanduser()
    return p if p.is_absolute() else project_root() / p


def env_paths(environ: dict[str, str] | None = None) -> tuple[Path, Path]:
    env = os.environ if environ is None else environ
    return (resolve_path(env.get(ENV_INPUT) or DEFAULT_INPUT), resolve_path(env.get(ENV_OUTPUT) or DEFAULT_OUTPUT))


class SaveError(ValueError):
    """The annotation cannot be saved as it is (the message says why)."""


CodeFn = Callable[[list[dict[str, Any]]], list[Any]]


def default_code_fn() -> CodeFn:
    from nlp_coder.coder import Coder

    coder = Coder()
    return lambda notes: coder.code_records(list(enumerate(notes, 1)))


class AnnotationSession:
    def __init__(self, notes: list[dict[str, Any]], corpus_path: str | os.PathLike[str], *,
                 code_fn: CodeFn | None = None, annotator: str = "",
                 low_confidence: float = LOW_CONFIDENCE_THRESHOLD, warnings: list[str] | None = None):
        self.corpus = CorpusFile(corpus_path)  # repairs a torn last line
        self.warnings = list(warnings or [])
        if self.corpus.dropped:
            self.warnings.append(f"{self.corpus.path}: removed an incomplete last line "
                                 f"({len(self.corpus.dropped)} bytes) left by an interrupted save")
        self.annotator = annotator
        self.input_path: Path | None = None
        self.low_confidence = low_confidence
        self.note_ids = [str(n["id"]) for n in notes]
        self._latest = self.corpus.latest()
        pending = [(i, n) for i, n in enumerate(notes) if str(n["id"]) not in self._latest]
        results = (code_fn or default_code_fn())([note_fields(n) for _, n in pending]) if pending else []
        if len(results) != len(pending):
            raise RuntimeError(f"the coder returned {len(results)} results for {len(pending)} notes")
        self.queue: list[Proposal] = order_queue(
            [make_proposal(n, r, i) for (i, n), r in zip(pending, results)], low_confidence)
        self.index = 0
        self._trail: list[int] = []  # queue positions shown before, for back()
        self.resumed = len(notes) - len(pending)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **kw: Any) -> "AnnotationSession":
        """ANNOTATE_INPUT, ANNOTATE_OUTPUT and ANNOTATOR, with the bundled sample notes as default."""
        env = os.environ if environ is None else environ
        inp, out = env_paths(env)
        notes, warnings = read_notes(inp)
        kw.setdefault("annotator", env.get(ENV_ANNOTATOR, ""))
        session = cls(notes, out, warnings=warnings, **kw)
        session.input_path = inp
        return session

    # ------------------------------------------------------------ navigation

    @property
    def current(self) -> Proposal | None:
        return self.queue[self.index] if self.index < len(self.queue) else None

    @property
    def done(self) -> bool:
        return self.current is None

    def saved(self, note_id: str) -> dict[str, Any] | None:
        return self._latest.get(note_id)

    def saved_annotation(self, proposal: Proposal) -> Annotation | None:
        rec = self.saved(proposal.id)
        return annotation_from_record(rec) if rec else None

    @property
    def can_go_back(self) -> bool:
        return bool(self._trail) or self.index > 0

    def back(self) -> bool:
        """Return to the note shown before this one (like a browser's Back)."""
        if self._trail:
            self.index = self._trail.pop()
        elif self.index > 0:
            self.index -= 1
        else:
            return False
        return True

    def _advance(self) -> None:
        self._trail.append(self.index)
        undecided = [i for i, p in enumerate(self.queue) if p.id not in self._latest]
        after = [i for i in undecided if i > self.index]
        self.index = after[0] if after else (undecided[0] if undecided else len(self.queue))

    # ------------------------------------------------------------ decisions

    def is_unchanged(self, ann: Annotation, proposal: Proposal | None = None) -> bool:
        p = proposal or self.current
        return p is not None and ann.key() == p.as_annotation().key()

    def save(self, ann: Annotation, *, annotator: str | None = None) -> dict[str, Any]:
        """Write the annotation of the current note (accepted or corrected) and move on."""
        p = self.current
        if p is None:
            raise SaveError("no note left to annotate")
        who = (annotator if annotator is not None else self.annotator).strip()
        if not who:
            raise SaveError("enter the annotator's name first")
        problems = validate(ann, len(p.text))
        if problems:
            raise SaveError("; ".join(problems))
        decision = "accepted" if self.is_unchanged(ann, p) else "corrected"
        return self._write(gold_record(p, ann, annotator=who, decision=decision))

    def skip(self, *, annotator: str | None = None) -> dict[str, Any]:
        p = self.current
        if p is None:
            raise SaveError("no note left to annotate")
        who = (annotator if annotator is not None else self.annotator).strip() or "unknown"
        return self._write(gold_record(p, None, annotator=who, decision="skipped"))

    def _write(self, rec: dict[str, Any]) -> dict[str, Any]:
        self.corpus.append(rec)
        self._latest[str(rec["id"])] = rec
        self._advance()
        return rec

    # ------------------------------------------------------------ progress

    def progress(self) -> dict[str, Any]:
        ids = set(self.note_ids)
        recs = [r for i, r in self._latest.items() if i in ids]
        decisions = Counter(r.get("decision") for r in recs)
        per_code: dict[str, Counter] = {}
        for r in recs:
            if r.get("decision") in ("accepted", "corrected"):
                for ln in (r.get("gold") or {}).get("lines") or []:
                    per_code.setdefault(str(ln.get("code")), Counter())[r["decision"]] += 1
        return {"total": len(self.note_ids), "annotated": len(recs), "accepted": decisions["accepted"],
                "corrected": decisions["corrected"], "skipped": decisions["skipped"],
                "per_code": {c: dict(v) for c, v in sorted(per_code.items())}}

    def progress_text(self) -> str:
        pr = self.progress()
        text = (f"{pr['annotated']} of {pr['total']} annotated \u00b7 {pr['accepted']} accepted as proposed \u00b7 "
                f"{pr['corrected']} corrected \u00b7 {pr['skipped']} skipped")
        if pr["per_code"]:
            text += " \u00b7 per code: " + ", ".join(
                f"{c} {v.get('accepted', 0)}/{v.get('corrected', 0)}" for c, v in pr["per_code"].items()
            ) + " (accepted/corrected)"
        return text
