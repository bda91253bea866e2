"""NoteFacts -> CodingResult: coding-guidelines.md steps 1-5 for one note.

Per intervention (``decide.py``): scope/status, other discipline, modality
by agent and attendance, skilled contact (aide / unskilled / group / one-on-
one), intended outcome, clinician code claims. Per note (here): minutes
(same code added before rounding, co-treatment once, non-treatment time
out, D-SINGLE-TOTAL), units by the payer's unit method, payer cap,
substitutions, bundling, GP/GO/GN and CQ/CO, the NCCI/MUE edit step
(``edits.py``), payer same-day limits, clinician unit claims, totals.

Every line, finding and per-intervention ``decision`` carries rule ids
(``coding/tables/rules.json``, plus the ``D-*`` ids of
docs/coding-decisions.md) and a one-line rationale citing the guideline step.
Pure and deterministic: the same facts always give the same JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from pydantic import TypeAdapter

from nlp_coder.coding.decide import NOCODE_QUIET as _NOCODE_QUIET
from nlp_coder.coding.decide import Choice, Raised, decide, timing_of
from nlp_coder.coding.modifiers import DISCIPLINE_RULE, assistant_modifier, discipline_modifier, resolve_discipline
from nlp_coder.coding.payers import PayerProfile, PayerRegistry
from nlp_coder.coding.tabledata import Tables, load_tables, resolve_claim, val
from nlp_coder.coding.units import allocate_medicare, apply_unit_cap, per_code_units, work_units
from nlp_coder.schema import (
    CodedLine,
    CodingResult,
    Decision,
    Evidence,
    Finding,
    Intervention,
    NoteFacts,
    Totals,
)

__all__ = ["code_note", "documented_minutes"]

_STR = frozenset({str})
_BY_INDEX = attrgetter("index")  # sort keys: C-level instead of a lambda
_BY_IV_INDEX = attrgetter("iv.index")
_CLOCK_RE = re.compile(r"^\s*(\d{1,2}):?(\d{2})\s*([AaPp]\.?[Mm]\.?)?\s*$")
_HALF_DAY = 12 * 60
_MAX_WRAP = 6 * 60  # a wrapped interval longer than this is a reversed one, not a session


# ------------------------------------------------------------------ minutes


def _clock(value: str | None) -> int | None:
    m = _CLOCK_RE.match(value or "")
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        return None
    ampm = (m.group(3) or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    return hour * 60 + minute


def documented_minutes(iv: Intervention) -> tuple[int | None, str]:
    """Treatment minutes of one intervention (None: not documented) and how they were read.

    Stated minutes win; else a clock interval ("10:05-10:20"; "12:50-1:05"
    read on a 12-hour dial). Set-up/rest/waiting inside the time is subtracted.
    """
    detail = ""
    minutes = iv.minutes
    if minutes is None:
        start, end = _clock(iv.clock_start), _clock(iv.clock_end)
        if start is not None and end is not None:
            diff = end - start
            if diff <= 0:
                # "12:50-1:05" on a 12-hour dial, or "23:50-00:05" across midnight; a
                # reversed interval ("10:20-10:05") would give ~12 h: not documented time
                diff = next((d for d in (diff + _HALF_DAY, diff + 2 * _HALF_DAY) if 0 < d <= _MAX_WRAP), 0)
            if 0 < diff < _HALF_DAY:
                minutes = diff
                detail = f" (clock {iv.clock_start}-{iv.clock_end})"
    if minutes is None:
        return None, ""
    if iv.non_treatment_minutes:
        kept = max(0, minutes - iv.non_treatment_minutes)
        detail += f" ({minutes} min stated, {minutes - kept} min set-up/rest/waiting subtracted)"
        minutes = kept
    return minutes, detail


def _has_time(iv: Intervention) -> bool:
    return iv.minutes is not None or (iv.clock_start is not None and iv.clock_end is not None)


# ------------------------------------------------------------------ building blocks


@dataclass
class _Group:
    """All coded interventions of one code."""

    code: str
    choices: list[Choice] = field(default_factory=list)
    timing: str = "untimed"
    minutes: int | None = None  # pooled counted minutes (None: none documented)


@dataclass
class _Line:
    code: str
    units: int
    minutes: int | None
    timing: str
    choices: list[Choice]
    reasons: list[str] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)
    modifiers: list[str] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(ch.iv.index for ch in self.choices)

    def cite(self, tables: Tables, rule_id: str, decisions: tuple[str, ...] = (), **fields: object) -> None:
        text = tables.cite(self.rule_ids, rule_id, decisions, fields)
        if text not in self.reasons:
            self.reasons.append(text)


def _span(iv: Intervention) -> Evidence:
    """The intervention's whole span as output evidence (no label).

    That is ``iv.span`` itself when it has no label: a new equal Evidence serializes the same
    and cost ~2.7 µs, several times a note. (Evidence objects of the facts are already shared
    with the output: ``_evidence`` passes ``iv.evidence`` items through.)"""
    span = iv.span
    if span.label is None and type(span) is Evidence:
        return span
    return Evidence(start=span.start, end=span.end, text=span.text)


def _ev_key(ev: Evidence) -> tuple[Any, ...]:
    """Equal keys <=> equal Evidence (pydantic compares the type and the field values); a
    set of keys instead of ``ev not in list``, which calls pydantic's slow ``__eq__``."""
    return (type(ev), ev.start, ev.end, ev.text, ev.label)


def _evidence(iv: Intervention, labels: Iterable[str]) -> list[Evidence]:
    wanted = set(labels)
    span = _span(iv)
    out = [span]
    seen = {_ev_key(span)}
    for ev in iv.evidence:
        if ev.label in wanted:
            key = _ev_key(ev)
            if key not in seen:
                seen.add(key)
                out.append(ev)
    return out


class _Findings:
    """Findings of one note; each id at most once per intervention (note-level: once)."""

    def __init__(self) -> None:
        self.items: list[Finding] = []
        self._keys: dict[tuple[str, int | None], int] = {}

    def add(self, finding: Finding) -> None:
        key = (finding.id, finding.intervention)
        if key in self._keys:
            old = self.items[self._keys[key]]
            if finding.message not in old.message:
                seen = {_ev_key(e) for e in old.evidence}  # (not ``e not in old.evidence``: quadratic in pydantic __eq__)
                merged = old.model_copy(update={
                    "message": f"{old.message}; {finding.message}",
                    "evidence": old.evidence + [e for e in finding.evidence if _ev_key(e) not in seen],
                })
                self.items[self._keys[key]] = merged
            return
        self._keys[key] = len(self.items)
        self.items.append(finding)

    def raised(self, ch: Choice, r: Raised) -> None:
        self.add(Finding(id=r.id, message=r.message, evidence=_evidence(ch.iv, r.labels), rule_id=r.rule_id,
                         intervention=ch.iv.index))


# ------------------------------------------------------------------ the edit step


def _apply_edits(lines: list[CodedLine], facts: NoteFacts, tables: Any, distinct_modifier: str,
                 code_interventions: dict[str, list[Intervention]]) -> tuple[list[CodedLine], list[Finding]]:
    """NCCI PTP / MUE edits (``edits.py``, owned by the edits work); no tables: unchanged."""
    try:
        from nlp_coder.coding.edits import apply_edits
    except ImportError:
        if tables is None:
            return lines, []
        raise
    return apply_edits(lines, facts, tables, distinct_modifier, code_interventions=code_interventions)


# ------------------------------------------------------------------ the selector


def code_note(facts: NoteFacts, *, edit_tables: Any = None, payers: PayerRegistry | None = None,
              overrides: Mapping[int, str] | None = None) -> CodingResult:
    """Code one note's facts: lines, findings, totals and a decision per intervention.

    ``overrides`` (optional, for the classifier): intervention index -> code for
    interventions where the rules abstained (OUTCOME_NOT_DOCUMENTED). Those get
    the code, their minutes and units like any other line; the finding stays.
    Indices the rules did not abstain on are ignored.
    """
    t = load_tables()
    registry = payers if payers is not None else PayerRegistry.builtin()
    profile, fell_back = registry.resolve(facts.payer)
    discipline, dsource = resolve_discipline(facts)
    ivs = sorted(facts.interventions, key=_BY_INDEX)
    eval_kinds = t.evaluation_kinds
    evaluation_today = facts.evaluation_performed or any(
        val(iv.kind) in eval_kinds and val(iv.status) == "performed" and not iv.other_discipline for iv in ivs
    )
    choices = [
        decide(iv, facts, t, discipline=discipline, evaluation_today=evaluation_today,
               substitutions=profile.substitutions)
        for iv in ivs
    ]
    for index, code in sorted((overrides or {}).items()):
        if t.code(code) is None:
            raise ValueError(f"override for intervention {index}: {code!r} is not a code of codes.csv")
        for ch in choices:
            if ch.iv.index == index and ch.abstained and not ch.code:
                ch.code, ch.nocode, ch.overridden = code, None, True
                ch.timing = timing_of(t, code, ch.iv.attended)
                ch.cite(t, "R-S3-OVERRIDE", code=code)
    findings = _Findings()
    for ch in choices:
        for r in ch.findings:
            findings.raised(ch, r)
    if facts.evaluation_performed and discipline != "SLP" and not any(ch.nocode == "evaluation" for ch in choices):
        findings.add(Finding(id="EVALUATION_NOT_CODED", rule_id="R-S3-EVALUATION",
                             message=t.say("R-S3-EVALUATION", kind="evaluation"),
                             evidence=[e for e in facts.evidence if e.label in ("evaluation", "kind")]
                             or list(facts.evidence)))
    if fell_back:
        for ch in choices:
            if ch.code:
                ch.cite(t, "R-S4-PAYER-DEFAULT", payer=facts.payer)

    counted = _count_minutes(choices, facts, t)
    groups = _groups(choices, counted, facts, t, findings)
    lines = _units(groups, profile, t, findings, counted)
    if fell_back:
        for ln in lines:
            ln.cite(t, "R-S4-PAYER-DEFAULT", payer=facts.payer)
    lines = _substitute(lines, profile, t)
    for ln in lines:
        if ln.code in profile.bundled_codes:
            ln.cite(t, "R-S5-BUNDLED", code=ln.code, payer=profile.name)
            first = min(ln.choices, key=_BY_IV_INDEX)
            findings.add(Finding(id="BUNDLED", rule_id="R-S5-BUNDLED",
                                 message=t.say("R-S5-BUNDLED", code=ln.code, payer=profile.name),
                                 evidence=[_span(c.iv) for c in ln.choices], intervention=first.iv.index))
    _modifiers(lines, discipline, dsource, facts, profile, t, findings)

    coded = [_to_line(ln) for ln in lines]
    code_ivs = {ln.code: [c.iv for c in ln.choices] for ln in lines}
    coded, edit_findings = _apply_edits(coded, facts, edit_tables, profile.distinct_modifier, code_ivs)
    for f in edit_findings:
        findings.add(f)

    same_day = [ln.code for ln in coded if ln.code in profile.same_day_limit_codes]
    if len(set(same_day)) >= 2:
        codes = ", ".join(dict.fromkeys(same_day))
        text = t.say("R-S5-SAME-DAY-LIMIT", payer=profile.name, codes=codes)
        findings.add(Finding(id="PAYER_SAME_DAY_LIMIT", rule_id="R-S5-SAME-DAY-LIMIT", message=text,
                             evidence=[e for ln in coded if ln.code in same_day for e in ln.evidence]))
        coded = [
            ln.model_copy(update={"rule_ids": ln.rule_ids + ["R-S5-SAME-DAY-LIMIT"],
                                  "rationale": f"{ln.rationale}; {text}"}) if ln.code in same_day else ln
            for ln in coded
        ]

    _unit_claims(choices, coded, facts, profile, t, findings)

    by_code_timing = {ln.code: ln.timing for ln in lines}
    timed_minutes = sum(g.minutes or 0 for g in groups if g.timing == "timed15")
    untimed_minutes = sum(ln.minutes or 0 for ln in coded if by_code_timing.get(ln.code) in ("untimed", "work"))
    final_code = {}
    for ln in lines:
        for c in ln.choices:
            # the first line of an intervention is its code (97545, not the 97546 add-on of the same session)
            final_code.setdefault(c.iv.index, ln.code)
    interventions = _dump_interventions([ch.iv for ch in choices])
    for ch, dump in zip(choices, interventions):
        dump["decision"] = _decision_dump(final_code.get(ch.iv.index, ch.code), counted.get(ch.iv.index) or 0,
                                          ch.rule_ids, "; ".join(ch.reasons))

    result = CodingResult(
        id=facts.id,
        payer=facts.payer,
        discipline=discipline,
        lines=coded,
        findings=findings.items,
        needs_review=any(ch.abstained and not ch.overridden for ch in choices),
        totals=Totals(timed_minutes=timed_minutes, treatment_minutes=timed_minutes + untimed_minutes),
    )
    # assigned after validation (assignment is not validated; the field still counts as set): validating
    # list[dict[str, Any]] would only copy the fresh intervention dicts (~20 µs a note); model_construct
    # measured slower than both
    result.interventions = interventions
    return result


# one serializer call for a note's interventions instead of one model_dump each
_INTERVENTION_LIST = TypeAdapter(list[Intervention])


def _dump_interventions(ivs: list[Intervention]) -> list[dict[str, Any]]:
    """``[iv.model_dump(mode="json") for iv in ivs]``; a subclass instance keeps its own dump."""
    if all(type(iv) is Intervention for iv in ivs):
        return _INTERVENTION_LIST.dump_python(ivs, mode="json")
    return [iv.model_dump(mode="json") for iv in ivs]


def _decision_dump(code: str | None, counted_minutes: int, rule_ids: list[str], rationale: str) -> dict[str, Any]:
    """``Decision(...).model_dump(mode="json")`` without building the model (once per intervention).

    The fast path only takes values of exactly the field types (so the dict is what validation
    would give); anything else goes through the model."""
    if (code is None or type(code) is str) and type(counted_minutes) is int and _STR.issuperset(map(type, rule_ids)):
        return {"code": code, "counted_minutes": counted_minutes, "rule_ids": list(rule_ids), "rationale": rationale,
                "source": "rules", "confidence": 1.0}
    return Decision(code=code, counted_minutes=counted_minutes, rule_ids=rule_ids,
                    rationale=rationale).model_dump(mode="json")


def _count_minutes(choices: list[Choice], facts: NoteFacts, t: Tables) -> dict[int, int | None]:
    """Counted minutes of each coded intervention (None: not documented)."""
    counted: dict[int, int | None] = {}
    co_seen: dict[tuple[Any, ...], int] = {}
    for ch in choices:
        if not ch.code:
            continue
        minutes, detail = documented_minutes(ch.iv)
        if minutes is not None and ch.iv.co_treatment:
            key = ((ch.code, ch.iv.clock_start, ch.iv.clock_end) if ch.iv.clock_start and ch.iv.clock_end
                   else (ch.code, minutes))
            if key in co_seen:
                ch.cite(t, "R-S4-CO-TREATMENT", other=f"#{co_seen[key]}")
                counted[ch.iv.index] = 0
                continue
            co_seen[key] = ch.iv.index
            ch.cite(t, "R-S4-CO-TREATMENT", other="this entry only")
        counted[ch.iv.index] = minutes
        if minutes is not None:
            ch.cite(t, "R-S4-MINUTES", minutes=minutes, detail=detail)
    _table_minutes(choices, counted, facts, t)  # a code's own row in a time table wins over a visit total
    # D-SINGLE-TOTAL: only a visit total, exactly one timed service
    timed = [ch for ch in choices if ch.code and ch.timing in ("timed15", "work")]
    if (facts.stated_total_minutes is not None and len(timed) == 1 and counted.get(timed[0].iv.index) is None
            # minutes of a supervised modality (untimed) are not part of a timed total
            and not any(_has_time(c.iv) for c in choices if not (c.code and c.timing == "untimed"))):
        ch = timed[0]
        total = max(0, facts.stated_total_minutes - ch.iv.non_treatment_minutes)
        counted[ch.iv.index] = total
        ch.cite(t, "R-S4-SINGLE-TOTAL", minutes=facts.stated_total_minutes)
    return counted


def _table_minutes(choices: list[Choice], counted: dict[int, int | None], facts: NoteFacts, t: Tables) -> None:
    """D-TIME-TABLE: a code's minutes given only in a time table or charge section go to the services coded so.
    They count once: the first such service gets them, the others 0 (they are part of that time)."""
    for code, minutes in facts.code_minutes.items():
        same = [ch for ch in choices if ch.code == code]
        if not same or any(counted.get(ch.iv.index) is not None for ch in same):
            continue  # no service of that code, or the services carry their own minutes
        for i, ch in enumerate(same):
            counted[ch.iv.index] = minutes if i == 0 else 0
            ch.cite(t, "R-S4-TABLE-MINUTES", code=code, minutes=minutes)


def _groups(choices: list[Choice], counted: dict[int, int | None], facts: NoteFacts, t: Tables,
            findings: _Findings) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for ch in choices:
        if ch.code:
            groups.setdefault(ch.code, _Group(code=ch.code)).choices.append(ch)
    n_timed = sum(1 for ch in choices if ch.code and ch.timing in ("timed15", "work"))
    for g in groups.values():
        timings = {ch.timing for ch in g.choices}
        g.timing = "timed15" if "timed15" in timings else ("work" if "work" in timings else "untimed")
        known = [counted[ch.iv.index] for ch in g.choices if counted.get(ch.iv.index) is not None]
        g.minutes = sum(known) if known else None  # type: ignore[arg-type]
        if g.timing == "untimed":
            continue
        for ch in g.choices:
            if counted.get(ch.iv.index) is None:
                detail = ""
                if facts.stated_total_minutes is not None and n_timed > 1:
                    detail = (f"; the visit total ({facts.stated_total_minutes} min) is not split among "
                              f"{n_timed} timed services")
                ch.cite(t, "R-S4-TIME-NOT-DOCUMENTED", ("D-SINGLE-TOTAL",) if detail else (), code=g.code,
                        detail=detail)
                findings.raised(ch, Raised("TIME_NOT_DOCUMENTED", "R-S4-TIME-NOT-DOCUMENTED",
                                           t.say("R-S4-TIME-NOT-DOCUMENTED", code=g.code, detail=detail),
                                           ("kind", "minutes")))
    return list(groups.values())


def _units(groups: list[_Group], profile: PayerProfile, t: Tables, findings: _Findings,
           counted: dict[int, int | None]) -> list[_Line]:
    """Units per code by the payer's method; BELOW_8_MINUTES; work units; the payer cap."""
    lines: list[_Line] = []
    timed = {g.code: g.minutes for g in groups if g.timing == "timed15" and g.minutes is not None}
    by_code = {g.code: g for g in groups}
    units: dict[str, int] = {}
    unit_reason: dict[str, tuple[str, dict[str, object]]] = {}
    if profile.unit_method == "medicare_pooled":
        alloc = allocate_medicare(timed)  # type: ignore[arg-type]
        units = dict(alloc.units)
        for code, u in units.items():
            unit_reason[code] = ("R-S4-MEDICARE-UNITS", {"minutes": timed[code], "total": alloc.total_minutes,
                                                         "total_units": alloc.total_units, "units": u})
        for tie in alloc.ties:
            fields = {"leftover": tie.leftover, "codes": ", ".join(tie.codes),
                      "winners": ", ".join(tie.winners)}
            for code in tie.codes:
                for ch in by_code[code].choices:
                    ch.cite(t, "R-S4-TIE", **fields)
            unit_reason_ties = fields
            for code in tie.codes:
                unit_reason[code + "#tie"] = ("R-S4-TIE", unit_reason_ties)
    else:
        units = per_code_units(timed)  # type: ignore[arg-type]
        for code, u in units.items():
            unit_reason[code] = ("R-S4-PER-CODE-UNITS", {"minutes": timed[code], "units": u})
    capped, removed = apply_unit_cap(units, timed, profile.timed_unit_cap_per_day)  # type: ignore[arg-type]

    method = "Medicare pooled 8-minute" if profile.unit_method == "medicare_pooled" else "per-code"
    for g in groups:
        if g.timing == "timed15":
            if g.minutes is None:
                continue  # TIME_NOT_DOCUMENTED already raised
            u = capped[g.code]
            rule, fields = unit_reason[g.code]
            for ch in g.choices:
                ch.cite(t, rule, **fields)
            if removed.get(g.code):
                cap_fields = {"cap": profile.timed_unit_cap_per_day, "code": g.code, "before": units[g.code],
                              "after": u}
                for ch in g.choices:
                    ch.cite(t, "R-S4-UNIT-CAP", **cap_fields)
            if u == 0:
                if not removed.get(g.code):
                    first = next(ch for ch in g.choices if counted.get(ch.iv.index) is not None)
                    below = {"minutes": g.minutes, "code": g.code, "method": method}
                    for ch in g.choices:
                        ch.cite(t, "R-S4-BELOW-8", **below)
                    ev: list[Evidence] = []
                    for ch in g.choices:
                        ev += _evidence(ch.iv, ("minutes",))
                    findings.add(Finding(id="BELOW_8_MINUTES", rule_id="R-S4-BELOW-8",
                                         message=t.say("R-S4-BELOW-8", **below), evidence=ev,
                                         intervention=first.iv.index))
                continue
            ln = _Line(g.code, u, g.minutes, "timed15", list(g.choices))
            _line_reasons(ln, t)
            ln.cite(t, rule, **fields)
            if g.code + "#tie" in unit_reason:
                r2, f2 = unit_reason[g.code + "#tie"]
                ln.cite(t, r2, **f2)
            if removed.get(g.code):
                ln.cite(t, "R-S4-UNIT-CAP", cap=profile.timed_unit_cap_per_day, code=g.code,
                        before=units[g.code], after=u)
            lines.append(ln)
        elif g.timing == "work":
            if g.minutes is None:
                continue
            u45, u46 = work_units(g.minutes)
            fields = {"minutes": g.minutes, "extra": u46}
            for ch in g.choices:
                ch.cite(t, "R-S4-WORK-UNITS", **fields)
            if u45 == 0:
                continue
            ln = _Line(g.code, u45, min(g.minutes, 120), "work", list(g.choices))
            _line_reasons(ln, t)
            ln.cite(t, "R-S4-WORK-UNITS", **fields)
            lines.append(ln)
            if u46:
                add = t.services.outcome["work_additional"]
                ln2 = _Line(add, u46, g.minutes - 120, "work", list(g.choices))
                _line_reasons(ln2, t)
                ln2.cite(t, "R-S4-WORK-UNITS", **fields)
                lines.append(ln2)
        else:
            rule = "R-S4-UNTIMED" if g.minutes is not None else "R-S4-UNTIMED-NOTIME"
            for ch in g.choices:
                ch.cite(t, rule)
            ln = _Line(g.code, 1, g.minutes, "untimed", list(g.choices))
            _line_reasons(ln, t)
            ln.cite(t, rule)
            lines.append(ln)
    return lines


def _line_reasons(ln: _Line, t: Tables) -> None:
    """A line's rationale starts with the step 1-3 reasons of its interventions."""
    for ch in ln.choices:
        for rid in ch.rule_ids:
            if rid not in ln.rule_ids:
                ln.rule_ids.append(rid)
        for text in ch.reasons:
            if text.startswith("Step 4") or text in ln.reasons:
                continue
            ln.reasons.append(text)


def _substitute(lines: list[_Line], profile: PayerProfile, t: Tables) -> list[_Line]:
    out: list[_Line] = []
    for ln in lines:
        new = profile.substitutions.get(ln.code)
        if new:
            fields = {"payer": profile.name, "code": ln.code, "new": new}
            ln.cite(t, "R-S5-SUBSTITUTION", **fields)
            for ch in ln.choices:
                ch.cite(t, "R-S5-SUBSTITUTION", **fields)
            ln.code = new
        twin = next((o for o in out if o.code == ln.code), None)
        if twin is None:
            out.append(ln)
            continue
        twin.units += ln.units
        twin.minutes = None if twin.minutes is None and ln.minutes is None else (twin.minutes or 0) + (ln.minutes or 0)
        twin.choices += ln.choices
        for rid in ln.rule_ids:
            if rid not in twin.rule_ids:
                twin.rule_ids.append(rid)
        twin.reasons += [r for r in ln.reasons if r not in twin.reasons]
    return out


def _modifiers(lines: list[_Line], discipline: str | None, dsource: str | None, facts: NoteFacts,
               profile: PayerProfile, t: Tables, findings: _Findings) -> None:
    if not lines:
        return  # D-NO-THERAPY: no therapy line, no DISCIPLINE_UNKNOWN
    dmod = discipline_modifier(discipline)
    if dmod is None:
        # the note-level evidence extraction found, else the therapy lines themselves
        ev = list(facts.evidence) or [_span(c.iv) for ln in lines for c in ln.choices]
        findings.add(Finding(id="DISCIPLINE_UNKNOWN", rule_id="R-S5-DISCIPLINE-UNKNOWN",
                             message=t.say("R-S5-DISCIPLINE-UNKNOWN"), evidence=ev))
        for ln in lines:
            ln.cite(t, "R-S5-DISCIPLINE-UNKNOWN")
        return
    for ln in lines:
        ln.modifiers.append(dmod)
        ln.cite(t, DISCIPLINE_RULE[val(discipline)], source=dsource)
        if profile.assistant_modifiers:
            amod = assistant_modifier(dmod, [val(c.iv.provider) for c in ln.choices], val(facts.signed_by))
            if amod:
                mod, rule, source = amod
                ln.modifiers.append(mod)
                ln.cite(t, rule, source=source)
        ln.modifiers = sorted(set(ln.modifiers))


def _to_line(ln: _Line) -> CodedLine:
    ev: list[Evidence] = []
    seen: set[tuple[Any, ...]] = set()
    for ch in sorted(ln.choices, key=_BY_IV_INDEX):
        span = _span(ch.iv)
        key = _ev_key(span)
        if key not in seen:
            seen.add(key)
            ev.append(span)
    return CodedLine(code=ln.code, units=ln.units, minutes=ln.minutes, modifiers=ln.modifiers,
                     rationale="; ".join(ln.reasons), evidence=ev, rule_ids=ln.rule_ids)


def _billed_recodes(billed: dict[str, int], evidence: dict[str, list[Evidence]], choices: list[Choice],
                    lines: list[CodedLine], t: Tables, findings: _Findings) -> None:
    """CLINICIAN_CODE_NOT_SUPPORTED for a billing section's code that names a service the documentation codes
    otherwise (D-CLAIM-DIFF): the billed code has no line and was written for no intervention, and exactly one reported
    code of its family was not billed ("Knee OA ex class ... 4 pts" reported as 97150, billed "97110 x2")."""
    reported = {ln.code for ln in lines}
    written = {ch.claim for ch in choices if ch.claim}
    for code in billed:
        if code in reported or code in written:
            continue
        family = next((f for f in t.claim_families.values() if code in f), None)
        if family is None:
            continue
        others = sorted(c for c in reported if c in family and c != code and c not in billed)
        if len(others) != 1:
            continue
        fields = {"claim": code, "claim_code": code, "code": others[0]}
        findings.add(Finding(id="CLINICIAN_CODE_NOT_SUPPORTED", rule_id="R-S3-CLAIM-CODE",
                             message=t.say("R-S3-CLAIM-CODE", **fields), evidence=evidence[code]))


def _unit_claims(choices: list[Choice], lines: list[CodedLine], facts: NoteFacts, profile: PayerProfile,
                 t: Tables, findings: _Findings) -> None:
    """CLINICIAN_UNITS_NOT_SUPPORTED when claimed units differ from the final units (D-UNITS-CLAIM)."""
    subs = profile.substitutions

    def final_units(code: str) -> int:
        wanted = {code, subs.get(code, code)}
        return sum(ln.units for ln in lines if ln.code in wanted)

    def recognised_only(code: str) -> bool:
        info = t.code(code)
        return info is not None and info.category == "evaluation"

    # claims written on an intervention ("97110 x3", "TA x2")
    claimed: dict[str, list[Choice]] = {}
    for ch in choices:
        if ch.iv.claimed_units is None or ch.nocode in _NOCODE_QUIET:
            continue
        code = ch.claim or ch.code
        if code:
            claimed.setdefault(code, []).append(ch)
    for code, chs in claimed.items():
        total = sum(ch.iv.claimed_units or 0 for ch in chs)
        got = final_units(code)
        if total == got or recognised_only(code):
            continue
        fields = {"claimed": total, "code": code, "units": got}
        for ch in chs:
            ch.cite(t, "R-S3-CLAIM-UNITS", **fields)
        ev: list[Evidence] = []
        for ch in chs:
            ev += _evidence(ch.iv, ("claim", "minutes"))
        findings.add(Finding(id="CLINICIAN_UNITS_NOT_SUPPORTED", rule_id="R-S3-CLAIM-UNITS",
                             message=t.say("R-S3-CLAIM-UNITS", **fields), evidence=ev,
                             intervention=chs[0].iv.index))

    # a billing section of the note
    billed: dict[str, int] = {}
    evidence: dict[str, list[Evidence]] = {}
    for claim in facts.billed_claims:
        code = resolve_claim(claim.code, t) or claim.code
        billed[code] = billed.get(code, 0) + claim.units
        evidence.setdefault(code, []).extend(claim.evidence)
    _billed_recodes(billed, evidence, choices, lines, t, findings)
    for code, total in billed.items():
        got = final_units(code)
        if total == got or recognised_only(code):
            continue
        claimants = [ch for ch in choices if ch.claim == code]
        if claimants and all(ch.nocode in _NOCODE_QUIET for ch in claimants):
            continue  # D-CLAIM-NOCODE: the service's own finding says it
        fields = {"claimed": total, "code": code, "units": got}
        findings.add(Finding(id="CLINICIAN_UNITS_NOT_SUPPORTED", rule_id="R-S3-CLAIM-UNITS",
                             message=t.say("R-S3-CLAIM-UNITS", **fields), evidence=evidence[code]))
