"""Lexicons: the data files under ``patterns/``, validated on load.

Each JSONL line is one entry: a stable ``id``, a ``label`` (the category
the pipeline reads: ACTIVITY, MODALITY, CODE_NAME, CONTEXT, SECTION ...),
its ``phrases`` and optional ``attrs`` (kind, modality, parameter, mode,
category, direction ...). Literal phrases are matched with spaCy's
PhraseMatcher on ``LOWER`` (``case_sensitive`` entries on ``ORTH``).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

LABELS = {
    "CODE_NUM", "CODE_NAME", "MODALITY", "ACTIVITY", "PARAMETER", "CONTACT", "ONE_ON_ONE", "GROUP", "UNSKILLED",
    "AIDE", "ATTENDED", "COTREAT", "CREDENTIAL", "DISC_HEADER", "DISC_PORTION", "DISC_TEXT", "SIGNATURE", "NEURO_COND",
    "NEURO_GOAL", "FUNC_GOAL", "FUNC_TASK", "WORK", "OUT_OF_SCOPE", "CONTEXT", "SECTION", "DIAGNOSIS",
}


class LexEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    label: str
    phrases: tuple[str, ...] = Field(min_length=1)
    case_sensitive: bool = False
    weak: bool = False  # a weak head needs a performance signal to make an intervention
    attrs: dict[str, Any] = Field(default_factory=dict)

    @field_validator("label")
    @classmethod
    def _known_label(cls, v: str) -> str:
        if v not in LABELS:
            raise ValueError(f"unknown lexicon label {v!r}")
        return v

    @field_validator("phrases")
    @classmethod
    def _clean(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if any(not p.strip() for p in v):
            raise ValueError("empty phrase")
        return v

    @property
    def key(self) -> str:
        return f"{self.label}|{self.id}"


PATTERN_FILES = (
    "codes.jsonl", "modalities.jsonl", "activities.jsonl", "parameters.jsonl", "contact.jsonl", "providers.jsonl",
    "neuro.jsonl", "functional.jsonl", "out_of_scope.jsonl", "context.jsonl", "sections.jsonl",
)


def _read(name: str) -> list[LexEntry]:
    text = resources.files("nlp_coder.extract").joinpath("patterns", name).read_text(encoding="utf-8")
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(LexEntry.model_validate(json.loads(line)))
        except Exception as exc:
            raise ValueError(f"patterns/{name}:{n}: {exc}") from None
    return out


@functools.lru_cache(maxsize=1)
def load_lexicon() -> dict[str, LexEntry]:
    """All entries by key ``LABEL|id``; duplicate keys are an error."""
    entries: dict[str, LexEntry] = {}
    for name in PATTERN_FILES:
        for e in _read(name):
            if e.key in entries:
                raise ValueError(f"duplicate lexicon entry {e.key} in patterns/{name}")
            entries[e.key] = e
    return entries


def entry(label: str, ident: str) -> LexEntry | None:
    return load_lexicon().get(f"{label}|{ident}")
