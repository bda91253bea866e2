"""The coding rules as data: ``coding/tables/*.csv|json``, validated on load.

One job: read and check the shipped tables (codes, services, clinician code
names, rule ids). The tables are read once per process (``lru_cache``); a
broken table fails loudly with the file and the field, never silently.
"""

from __future__ import annotations

import csv
import json
import re
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nlp_coder.schema import Kind, Modality, Parameter

TABLES_DIR = Path(__file__).parent / "tables"
CODE_PATTERN = r"^(?:\d{5}|[A-Z]\d{4})$"
_CODE_RE = re.compile(CODE_PATTERN)


class TableError(ValueError):
    """A shipped table is invalid; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)


def val(x: object) -> str:
    """The plain string of an enum member or a string (defaults of the schema stay enum members)."""
    if type(x) is str:
        return x  # the common case (use_enum_values): skip the isinstance check
    return str(x.value) if isinstance(x, Enum) else str(x)


class CodeInfo(_Strict):
    code: str = Field(pattern=CODE_PATTERN)
    label: str = Field(min_length=1, max_length=40)  # our own short label, never AMA text
    category: Literal[
        "modality_supervised", "modality_attended", "modality_unlisted", "procedure", "group",
        "evaluation", "work", "test", "orthotic_prosthetic",
    ]
    timed: Literal["yes", "no", "depends"]
    unit_basis: Literal["15_min", "session", "initial_2_hours", "each_addl_hour", "depends"]

    @property
    def timed_15(self) -> bool:
        return self.timed == "yes" and self.unit_basis == "15_min"

    @property
    def work(self) -> bool:
        return self.category == "work"


class ModalityRule(_Strict):
    any: str | None = Field(default=None, pattern=CODE_PATTERN)
    attended: str | None = Field(default=None, pattern=CODE_PATTERN)
    unattended: str | None = Field(default=None, pattern=CODE_PATTERN)

    @model_validator(mode="after")
    def _one_form(self) -> ModalityRule:
        if (self.any is None) == (self.attended is None or self.unattended is None):
            raise ValueError("give either 'any' or both 'attended' and 'unattended'")
        return self

    def code_for(self, attended: bool | None) -> str:
        if self.any is not None:
            return self.any
        return self.attended if attended else self.unattended  # type: ignore[return-value]


class Services(_Strict):
    kinds: dict[Kind, str]
    modalities: dict[Modality, ModalityRule]
    outcome: dict[Literal["one_parameter", "functional", "work", "work_additional", "neuro", "group"], str]
    evaluation_kinds: list[Kind]
    activity_named_kinds: list[Kind]  # E-CLAIM-LABEL: the named activity beats an exercise-family claim label
    parameters_97110: list[Parameter]
    parameters_neuro: list[Parameter]


class RuleInfo(_Strict):
    step: str
    title: str
    rationale: str
    decisions: list[str] = Field(default_factory=list)


class Tables(_Strict):
    codes: dict[str, CodeInfo]
    services: Services
    claims: dict[str, str]  # normalized clinician name -> code
    rules: dict[str, RuleInfo]
    claim_families: dict[str, list[str]] = {}  # family -> codes a billing line may name for one service (D-CLAIM-DIFF)

    @property
    def evaluation_kinds(self) -> frozenset[str]:
        """``services.evaluation_kinds`` as plain strings."""
        return _derived(self).evaluation_kinds

    @property
    def parameters_97110(self) -> frozenset[str]:
        return _derived(self).parameters_97110

    @property
    def parameters_neuro(self) -> frozenset[str]:
        return _derived(self).parameters_neuro

    def code(self, code: str) -> CodeInfo | None:
        return self.codes.get(code)

    def rule(self, rule_id: str) -> RuleInfo:
        return self.rules[rule_id]

    def say(self, rule_id: str, **fields: object) -> str:
        """The one-line rationale of a rule, filled in."""
        return _derived(self).say(rule_id, fields)

    def rule_ids(self, rule_id: str) -> list[str]:
        """The rule id followed by the D-* decisions it implements."""
        return list(_derived(self).rule_ids[rule_id])

    def rule_id_tuple(self, rule_id: str) -> tuple[str, ...]:
        """``rule_ids`` without the copy (the hot path of ``cite``)."""
        return _derived(self).rule_ids[rule_id]

    def cite(self, ids: list[str], rule_id: str, decisions: tuple[str, ...], fields: dict[str, object]) -> str:
        """``add_rule_ids(ids, rule_id, decisions)`` then ``say(rule_id, **fields)``: the body of every
        ``cite`` of the selector (~36 a note), with one lookup of the derived tables instead of four."""
        return _derived(self).cite(ids, rule_id, decisions, fields)

    def memo(self, name: str) -> dict:
        """A dict kept with this tables object for results of pure functions of the tables
        (``decide.decide`` keeps its decisions here); the caller bounds its size."""
        return _derived(self).memos.setdefault(name, {})

    def add_rule_ids(self, ids: list[str], rule_id: str, decisions: tuple[str, ...] = ()) -> None:
        """Append a rule's ids (and extra D-* ids) to ``ids`` once each, keeping their order: what every
        ``cite`` of the selector does."""
        for rid in (*self.rule_id_tuple(rule_id), *decisions):
            if rid not in ids:
                ids.append(rid)


class _Derived:
    """Lookups derived once from a ``Tables`` (the selector asks for them for every
    intervention; rebuilding the lists/sets each time showed in profiles). Kept outside
    the model: pydantic private attributes go through ``__getattr__`` (~1 µs a read)."""

    __slots__ = ("rule_ids", "rationale", "said", "evaluation_kinds", "parameters_97110", "parameters_neuro",
                 "memos")

    #: filled-in rationales kept (the same few hundred texts recur note after note)
    MAX_SAID = 8192

    def __init__(self, t: Tables):
        self.rule_ids = {k: (k, *r.decisions) for k, r in t.rules.items()}
        self.rationale = {k: r.rationale for k, r in t.rules.items()}
        self.said: dict[tuple, str] = {}
        self.memos: dict[str, dict] = {}
        self.evaluation_kinds = frozenset(val(k) for k in t.services.evaluation_kinds)
        self.parameters_97110 = frozenset(val(p) for p in t.services.parameters_97110)
        self.parameters_neuro = frozenset(val(p) for p in t.services.parameters_neuro)

    def cite(self, ids: list[str], rule_id: str, decisions: tuple[str, ...], fields: dict[str, object]) -> str:
        for rid in self.rule_ids[rule_id]:
            if rid not in ids:
                ids.append(rid)
        for rid in decisions:
            if rid not in ids:
                ids.append(rid)
        return self.say(rule_id, fields)

    def say(self, rule_id: str, fields: dict[str, object]) -> str:
        """``rationale.format(**fields)``, memoised (str.format is ~1 µs, ~20 calls a note).
        Only exact str/int values are memoised: 1, True and 1.0 (or a str-Enum member and
        its value) are equal keys but format differently."""
        if not fields:
            key: tuple = (rule_id,)
        elif _STR_INT.issuperset(map(type, fields.values())):
            key = (rule_id, *fields.items())
        else:
            return self.rationale[rule_id].format(**fields)
        text = self.said.get(key)
        if text is None:
            text = self.rationale[rule_id].format(**fields)
            if len(self.said) >= self.MAX_SAID:
                self.said.clear()
            self.said[key] = text
        return text


_STR_INT = frozenset({str, int})

# id(tables) -> (tables, derived); the tables object is kept so its id cannot be reused
_DERIVED: dict[int, tuple[Tables, _Derived]] = {}
# the last (tables, derived) pair: nearly every call asks for the one shipped Tables. One tuple,
# read once per call, so a thread switching it in between never pairs one tables with another's lookups
_last: tuple = (None, None)


def _derived(t: Tables) -> _Derived:
    global _last
    last = _last
    if last[0] is t:
        return last[1]
    hit = _DERIVED.get(id(t))
    if hit is not None and hit[0] is t:
        _last = hit
        return hit[1]
    if len(_DERIVED) >= 16:  # a handful of Tables per process (tests build a few): stay bounded
        _DERIVED.clear()
    d = _Derived(t)
    _DERIVED[id(t)] = _last = (t, d)
    return d


# ------------------------------------------------------------------ loading


def normalize_name(text: str) -> str:
    """Clinician code names are compared lower-case, punctuation as spaces."""
    return " ".join(_NON_ALNUM_RE.sub(" ", text.lower()).split())


_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")  # precompiled: resolve_claim runs for every claimed code


def _errors(file: str, exc: ValidationError) -> TableError:
    parts = [f"field '{'.'.join(str(p) for p in e['loc'])}': {e['msg']}" for e in exc.errors()]
    return TableError(f"{file}: " + "; ".join(parts))


def _json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise TableError(f"{path.name}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise TableError(f"{path.name}: expected a JSON object")
    data.pop("_comment", None)
    return data


def _load_codes(path: Path) -> dict[str, CodeInfo]:
    codes: dict[str, CodeInfo] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            try:
                info = CodeInfo.model_validate(row)
            except ValidationError as exc:
                raise _errors(f"{path.name} line {n}", exc) from None
            if info.code in codes:
                raise TableError(f"{path.name} line {n}: field 'code': {info.code} listed twice")
            codes[info.code] = info
    return codes


def load_tables_from(directory: Path) -> Tables:
    """Read and cross-check the tables of ``directory`` (uncached)."""
    codes = _load_codes(directory / "codes.csv")
    try:
        services = Services.model_validate(_json(directory / "services.json"))
    except ValidationError as exc:
        raise _errors("services.json", exc) from None
    claims_raw = _json(directory / "claims.json").get("names")
    if not isinstance(claims_raw, dict):
        raise TableError("claims.json: field 'names': expected an object of name -> code")
    claims = {}
    for name, code in claims_raw.items():
        if not isinstance(code, str) or code not in codes:
            raise TableError(f"claims.json: field 'names.{name}': {code!r} is not a code of codes.csv")
        claims[normalize_name(name)] = code
    families = _json(directory / "claims.json").get("families", {})
    if not isinstance(families, dict):
        raise TableError("claims.json: field 'families': expected an object of name -> list of codes")
    for fam, fam_codes in families.items():
        if not isinstance(fam_codes, list) or any(c not in codes for c in fam_codes):
            raise TableError(f"claims.json: field 'families.{fam}': every entry must be a code of codes.csv")
    rules_raw = _json(directory / "rules.json").get("rules")
    try:
        rules = {k: RuleInfo.model_validate(v) for k, v in (rules_raw or {}).items()}
    except ValidationError as exc:
        raise _errors("rules.json", exc) from None
    used = [*services.kinds.values(), *services.outcome.values()]
    used += [c for m in services.modalities.values() for c in (m.any, m.attended, m.unattended) if c]
    for code in used:
        if code not in codes:
            raise TableError(f"services.json: code {code} is not in codes.csv")
    return Tables(codes=codes, services=services, claims=claims, rules=rules, claim_families=families)


@lru_cache(maxsize=1)
def load_tables() -> Tables:
    """The shipped tables, read once per process."""
    return load_tables_from(TABLES_DIR)


_CLAIM_CODE_RE = re.compile(r"(?<![0-9A-Za-z])(\d{5}|[Gg]\d{4})(?![0-9])")


def resolve_claim(text: str | None, tables: Tables | None = None) -> str | None:
    """A code the clinician wrote (number or name) -> code, or None when unreadable."""
    if not text:
        return None
    t = tables or load_tables()
    m = _CLAIM_CODE_RE.search(text)
    if m:
        return m.group(1).upper()
    return t.claims.get(normalize_name(text))
