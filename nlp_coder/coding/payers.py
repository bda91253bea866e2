"""Payer profiles as data (coding-guidelines.md, Step 4 "A payer profile is data").

A profile is a JSON object validated by :class:`PayerProfile` (unknown fields
refused). :class:`PayerRegistry` holds the built-in profiles of
``coding/tables/payers/`` plus any user files; an invalid file is refused
with a message naming the file and the field.

An unknown payer name falls back to the ``medicare`` profile: it is the
input contract's default payer and the stricter unit rule (pooled minutes
never give more units than per-code rounding), so an unrecognised name never
inflates units. The selector says so in the rationale (``R-S4-PAYER-DEFAULT``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nlp_coder.coding.tabledata import CODE_PATTERN, TABLES_DIR

PAYERS_DIR = TABLES_DIR / "payers"
DEFAULT_PAYER = "medicare"

Code = Annotated[str, Field(pattern=CODE_PATTERN)]


class PayerProfileError(ValueError):
    """A payer profile file that cannot be used; names the file and the field."""


class PayerProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    description: str = ""
    unit_method: Literal["medicare_pooled", "per_code"]
    timed_unit_cap_per_day: int | None = Field(default=None, ge=0)
    substitutions: dict[Code, Code] = Field(default_factory=dict)
    assistant_modifiers: bool = False
    bundled_codes: list[Code] = Field(default_factory=list)
    same_day_limit_codes: list[Code] = Field(default_factory=list)
    distinct_modifier: Literal["59", "XU"] = "59"

    @field_validator("name")
    @classmethod
    def _lower(cls, v: str) -> str:
        v = v.strip().lower()
        if not v:
            raise ValueError("must not be blank")
        return v

    @property
    def method_label(self) -> str:
        return "Medicare pooled 8-minute" if self.unit_method == "medicare_pooled" else "per-code (AMA)"


def _describe(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(profile)"
        parts.append(f"field '{loc}': {e['msg']}")
    return "; ".join(parts)


def load_profile(path: str | Path) -> PayerProfile:
    """Read and validate one payer profile file."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PayerProfileError(f"payer profile {p}: cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PayerProfileError(f"payer profile {p}: not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise PayerProfileError(f"payer profile {p}: expected one JSON object")
    try:
        return PayerProfile.model_validate(data)
    except ValidationError as exc:
        raise PayerProfileError(f"payer profile {p}: {_describe(exc)}") from None


class PayerRegistry:
    """Payer profiles by (lower-case) name."""

    def __init__(self, profiles: Iterable[PayerProfile]):
        self._profiles: dict[str, PayerProfile] = {}
        for prof in profiles:
            self._profiles[prof.name] = prof
        if DEFAULT_PAYER not in self._profiles:
            raise PayerProfileError(f"no '{DEFAULT_PAYER}' payer profile")

    @classmethod
    def builtin(cls) -> PayerRegistry:
        return _builtin()

    @classmethod
    def with_files(cls, paths: Iterable[str | Path]) -> PayerRegistry:
        """The built-in profiles plus user files; a user file may replace a built-in one."""
        profiles: dict[str, PayerProfile] = dict(_builtin()._profiles)
        seen: dict[str, Path] = {}
        for path in paths:
            prof = load_profile(path)
            if prof.name in seen:
                raise PayerProfileError(
                    f"payer profile {path}: field 'name': '{prof.name}' is also defined by {seen[prof.name]}"
                )
            seen[prof.name] = Path(path)
            profiles[prof.name] = prof
        return cls(profiles.values())

    def names(self) -> list[str]:
        return sorted(self._profiles)

    def get(self, name: str) -> PayerProfile:
        return self._profiles[name.strip().lower()]

    def resolve(self, name: str | None) -> tuple[PayerProfile, bool]:
        """(profile, fell_back): unknown or empty names give the default profile."""
        key = (name or "").strip().lower()
        if key in self._profiles:
            return self._profiles[key], False
        return self._profiles[DEFAULT_PAYER], True

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.strip().lower() in self._profiles

    def as_mapping(self) -> Mapping[str, PayerProfile]:
        return dict(self._profiles)


@lru_cache(maxsize=1)
def _builtin() -> PayerRegistry:
    return PayerRegistry(load_profile(p) for p in sorted(PAYERS_DIR.glob("*.json")))
