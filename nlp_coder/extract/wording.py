"""Word lists of the reading rules (``patterns/wording.json``), validated on load.

The lexicon (``lexicon.py``) holds the terms the PhraseMatcher finds; this file
holds the words the rules look for around them: who reports, verbs of doing,
claim verbs, time references. Each list has a stable id (``W-...``) that the
rules cite and the reading decisions in ``docs/coding-decisions.md`` name.
The rules build their regular expressions from these lists with ``words()``.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class WordList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^W-[A-Z0-9-]+$")
    used_by: str = Field(min_length=1)
    about: str = Field(min_length=1)
    words: tuple[str, ...] = Field(min_length=1)

    @field_validator("words")
    @classmethod
    def _clean(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for w in v:
            if not w.strip() or w != w.strip() or "  " in w:
                raise ValueError(f"word {w!r}: empty, or with leading/trailing/double spaces")
        if len(set(w.lower() for w in v)) != len(v):
            raise ValueError("a word is listed twice")
        return v


class WordingFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    about: str
    lists: tuple[WordList, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> "WordingFile":
        ids = [w.id for w in self.lists]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate word-list id")
        return self


@functools.lru_cache(maxsize=1)
def load_wording() -> dict[str, WordList]:
    raw = resources.files("nlp_coder.extract").joinpath("patterns", "wording.json").read_text(encoding="utf-8")
    try:
        data = WordingFile.model_validate(json.loads(raw))
    except Exception as exc:
        raise ValueError(f"patterns/wording.json: {exc}") from None
    return {w.id: w for w in data.lists}


def words(list_id: str) -> str:
    """The list as a regex group ``(?:a|b|c d)``: each word escaped, a space matching any whitespace run."""
    lists = load_wording()
    if list_id not in lists:
        raise KeyError(f"no word list {list_id!r} in patterns/wording.json")
    return "(?:" + "|".join(r"\s+".join(re.escape(p) for p in w.split(" ")) for w in lists[list_id].words) + ")"


@functools.lru_cache(maxsize=None)
def needles(list_id: str) -> tuple[str, ...]:
    """Lower-cased strings one of which occurs in any text the list's ``words()`` group matches (the last word of
    each phrase): a cheap substring test before a regex that must scan a whole sentence."""
    if list_id not in load_wording():
        raise KeyError(f"no word list {list_id!r} in patterns/wording.json")
    return tuple(sorted({w.split(" ")[-1].lower() for w in load_wording()[list_id].words}))
