"""Steps 1-3 of coding-guidelines.md for ONE intervention: which code, or why none.

Pure function of the intervention's facts, the note-level facts it needs
(neuro conditions, discipline, evaluation of this date) and the tables.
Units, modifiers and payer policy are note-level (``select.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter

from nlp_coder.coding.tabledata import Tables, resolve_claim, val
from nlp_coder.schema import Intervention, NoteFacts

NEURO_CODE = "97112"
# reasons for no code after which a clinician's claim is not checked (D-CLAIM-NOCODE)
NOCODE_QUIET = frozenset({"status", "other_discipline", "out_of_scope", "no_service", "evaluation", "eval_test",
                          "aide", "unskilled"})


@dataclass(frozen=True)  # frozen: the decide memo shares them between notes
class Raised:
    """A finding to raise for this intervention (evidence attached later)."""

    id: str
    rule_id: str
    message: str
    labels: tuple[str, ...] = ()  # evidence labels worth citing besides the span


@dataclass
class Choice:
    iv: Intervention
    code: str | None = None
    timing: str = "none"  # "timed15" | "untimed" | "work" once a code is chosen
    rule_ids: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    findings: list[Raised] = field(default_factory=list)
    abstained: bool = False
    nocode: str | None = None  # status, other_discipline, out_of_scope, no_service, evaluation,
    # eval_test, aide, unskilled, abstain
    claim: str | None = None  # the clinician's claimed code, resolved
    overridden: bool = False  # an abstention coded by the optional classifier (select.code_note overrides)

    def cite(self, tables: Tables, rule_id: str, decisions: tuple[str, ...] = (), **fields: object) -> None:
        self.reasons.append(tables.cite(self.rule_ids, rule_id, decisions, fields))

    def raise_(self, tables: Tables, finding: str, rule_id: str, labels: tuple[str, ...] = (),
               **fields: object) -> None:
        if any(f.id == finding for f in self.findings):
            return  # each finding id at most once per intervention
        self.findings.append(Raised(finding, rule_id, tables.say(rule_id, **fields), labels))


def _names(values: object) -> str:
    return ", ".join(val(v).replace("_", " ") for v in values)  # type: ignore[union-attr]


def timing_of(tables: Tables, code: str, attended: bool | None) -> str:
    """"timed15", "untimed" or "work" for a code."""
    return _timing(tables, code, attended)


def _timing(tables: Tables, code: str, attended: bool | None) -> str:
    info = tables.code(code)
    if info is None:
        return "untimed"
    if info.work:
        return "work"
    if info.timed == "depends":
        return "timed15" if attended else "untimed"
    return "timed15" if info.timed_15 else "untimed"


def decide(
    iv: Intervention,
    facts: NoteFacts,
    tables: Tables,
    *,
    discipline: str | None,
    evaluation_today: bool,
    substitutions: Mapping[str, str] | None = None,
) -> Choice:
    """The code of one intervention (or the reason there is none), with rule ids and findings.

    Memoised per tables: the decision reads only the fields in ``_memo_key`` (not the span,
    evidence, minutes or index), and the same few hundred combinations recur note after note
    (~13 µs a fresh decision, a few µs a remembered one). Each call still gets its own Choice."""
    key = _memo_key(iv, facts, discipline, evaluation_today, substitutions)
    memo = tables.memo("decide")
    hit = memo.get(key) if key is not None else None
    if hit is not None:
        code, timing, rule_ids, reasons, findings, abstained, nocode, claim = hit
        return Choice(iv, code, timing, list(rule_ids), list(reasons), list(findings), abstained, nocode, claim)
    ch = _decide_claimed(iv, facts, tables, discipline=discipline, evaluation_today=evaluation_today,
                         substitutions=substitutions)
    if key is not None:
        if len(memo) >= MAX_MEMO:
            memo.clear()
        memo[key] = (ch.code, ch.timing, tuple(ch.rule_ids), tuple(ch.reasons), tuple(ch.findings), ch.abstained,
                     ch.nocode, ch.claim)
    return ch


MAX_MEMO = 4096
#: every Intervention field that ``_decide_claimed`` reads (tests/coding/test_decide_memo.py checks this)
MEMO_FIELDS = ("status", "kind", "other_discipline", "provider", "claimed_code", "modality", "attended",
               "arrangement", "group_size", "work_related", "neuro_goal", "functional_activity", "functional_goal")
MEMO_LIST_FIELDS = ("contact_modes", "parameters")
_memo_scalars = attrgetter(*MEMO_FIELDS)
_STR = frozenset({str})


def _memo_key(iv: Intervention, facts: NoteFacts, discipline: str | None, evaluation_today: bool,
              substitutions: Mapping[str, str] | None) -> tuple | None:
    """Everything the decision depends on, or None (not memoised) for lists of other than plain str.

    The scalar values come with their exact types: 1 == True == 1.0 (and a str-Enum member equals its
    value) but they may format differently in a rationale."""
    scalars = _memo_scalars(iv)
    modes, params, neuro = iv.contact_modes, iv.parameters, facts.neuro_conditions
    if not _STR.issuperset(map(type, chain(modes, params, neuro))):
        return None
    subs = tuple(substitutions.items()) if substitutions else ()
    return (scalars, tuple(map(type, scalars)), tuple(modes), tuple(params), tuple(neuro), discipline,
            type(discipline), bool(evaluation_today), subs)


def _decide_claimed(
    iv: Intervention,
    facts: NoteFacts,
    tables: Tables,
    *,
    discipline: str | None,
    evaluation_today: bool,
    substitutions: Mapping[str, str] | None = None,
) -> Choice:
    """``decide`` without the memo."""
    ch = _decide(iv, facts, tables, discipline=discipline, evaluation_today=evaluation_today,
                 substitutions=substitutions)
    if ch.claim and ch.nocode in NOCODE_QUIET:
        # D-CLAIM-NOCODE: a claimed service that earns no code raises only its own finding
        ch.rule_ids.append("D-CLAIM-NOCODE")
        ch.reasons.append(f"the clinician's {iv.claimed_code} is not checked: the service earns no code")
    return ch


def _decide(
    iv: Intervention,
    facts: NoteFacts,
    tables: Tables,
    *,
    discipline: str | None,
    evaluation_today: bool,
    substitutions: Mapping[str, str] | None = None,
) -> Choice:
    ch = Choice(iv=iv, claim=resolve_claim(iv.claimed_code, tables))
    kind = val(iv.kind)

    # -- scope: performed services of this discipline in the code set only
    if val(iv.status) != "performed":
        ch.nocode = "status"
        hep = ("D-HEP-INSTRUCTION",) if val(iv.status) == "home_program" else ()
        ch.cite(tables, "R-SCOPE-STATUS", hep, status=val(iv.status).replace("_", " "))
        return ch
    if iv.other_discipline:
        ch.nocode = "other_discipline"
        ch.cite(tables, "R-SCOPE-OTHER-DISCIPLINE")
        return ch
    evaluation = kind in tables.evaluation_kinds
    slp = discipline == "SLP" or val(iv.provider) == "SLP"
    if kind == "out_of_scope" or (evaluation and slp):
        ch.nocode = "out_of_scope"
        ch.cite(tables, "R-SCOPE-OUT-OF-SCOPE")
        return ch
    if evaluation:
        ch.nocode = "evaluation"
        ch.cite(tables, "R-S3-EVALUATION", kind=kind.replace("_", "-"))
        ch.raise_(tables, "EVALUATION_NOT_CODED", "R-S3-EVALUATION", ("kind",), kind=kind.replace("_", "-"))
        return ch

    # -- Step 2 (all services, D-AIDE-ALL): an aide's service is not therapy
    if val(iv.provider) == "aide":
        ch.nocode = "aide"
        ch.cite(tables, "R-S2-AIDE")
        ch.raise_(tables, "AIDE_SERVICE", "R-S2-AIDE", ("provider",))
        return ch
    if kind == "performance_test" and evaluation_today:
        ch.nocode = "eval_test"
        ch.cite(tables, "R-S3-EVAL-TEST")
        return ch
    if kind == "unknown":
        if ch.claim:
            ch.nocode = "abstain"
            ch.abstained = True
            detail = f"the clinician named {iv.claimed_code} but the service performed is not identified"
            ch.cite(tables, "R-S3-OUTCOME-NOT-DOCUMENTED", ("D-CLAIM-ABSTAIN",), detail=detail)
            ch.raise_(tables, "OUTCOME_NOT_DOCUMENTED", "R-S3-OUTCOME-NOT-DOCUMENTED", ("claim",), detail=detail)
            _neuro_claim(ch, tables, facts)
        else:
            ch.nocode = "no_service"
            ch.cite(tables, "R-SCOPE-NO-SERVICE")
        return ch

    # -- Step 1: modality, coded by agent and attendance
    if kind == "modality":
        agent = val(iv.modality or "other")
        rule = tables.services.modalities[agent]  # type: ignore[index]
        code = rule.code_for(iv.attended)
        ch.code = code
        ch.timing = _timing(tables, code, iv.attended)
        if agent == "electrical_stimulation":
            ch.cite(tables, "R-S1-ESTIM-ATTENDED" if iv.attended else "R-S1-ESTIM-UNATTENDED")
        else:
            timing = "timed, constant attendance" if ch.timing == "timed15" else "untimed, supervised"
            ch.cite(tables, "R-S1-MODALITY", agent=agent.replace("_", " "), code=code, timing=timing)
        _claim_checks(ch, tables, facts, substitutions)
        return ch

    # -- Step 1 -> Step 2: a procedure needs skilled contact actually provided
    ch.cite(tables, "R-S1-PROCEDURE", kind=kind.replace("_", " "))
    arrangement = val(iv.arrangement)
    modes = f" ({_names(iv.contact_modes)} contact)" if iv.contact_modes else ""
    if arrangement == "unattended":
        ch.nocode = "unskilled"
        ch.cite(tables, "R-S2-UNSKILLED")
        ch.raise_(tables, "UNSKILLED", "R-S2-UNSKILLED", ("contact", "provider"))
        return ch
    if arrangement == "group":
        size = iv.group_size or "2 or more"
        ch.code = tables.services.outcome["group"]
        ch.timing = "untimed"
        ch.cite(tables, "R-S2-GROUP", size=size)
        ch.raise_(tables, "GROUP", "R-S2-GROUP", ("contact", "group"), size=size)
        _claim_checks(ch, tables, facts, substitutions)
        return ch
    if arrangement == "one_on_one":
        ch.cite(tables, "R-S2-ONE-ON-ONE", modes=modes)
    else:
        ch.cite(tables, "R-S2-CONTACT-ASSUMED", modes=modes)

    # -- Step 3: intended outcome
    if kind == "exercise":
        _exercise(ch, tables, facts)
    else:
        code = tables.services.kinds[kind]  # type: ignore[index]
        ch.code = code
        ch.cite(tables, "R-S3-SERVICE", kind=kind.replace("_", " "), code=code)
    if ch.code:
        ch.timing = _timing(tables, ch.code, iv.attended)
    _claim_checks(ch, tables, facts, substitutions)
    return ch


def _exercise(ch: Choice, tables: Tables, facts: NoteFacts) -> None:
    """Exercise-like services coded by the intended outcome: 97545, 97112, 97530, 97110 or abstain."""
    iv = ch.iv
    svc = tables.services
    params = [val(p) for p in iv.parameters]
    p110 = [p for p in params if p in tables.parameters_97110]
    pneuro = [p for p in params if p in tables.parameters_neuro]
    # D-NEURO-BOTH: the neuro change is the stated outcome, or balance-type work is all there is
    # a functional activity used for a neuro change (reaching outside the BOS for standing balance) stays
    # 97112; only a stated functional goal makes it 97530
    neuro_outcome = iv.neuro_goal or (bool(pneuro) and not p110 and not (iv.functional_goal and iv.functional_activity))
    if iv.work_related:
        ch.code = svc.outcome["work"]
        ch.cite(tables, "R-S3-97545")
    elif facts.neuro_conditions and neuro_outcome:
        ch.code = svc.outcome["neuro"]
        detail = "reeducation of " + (_names(pneuro) if pneuro else "movement")
        ch.cite(tables, "R-S3-97112", conditions=", ".join(facts.neuro_conditions), detail=detail)
    elif iv.functional_activity and (iv.functional_goal or pneuro or len(p110) >= 2):
        why = "for a functional goal" if iv.functional_goal else f"using several parameters ({_names(params)})"
        ch.code = svc.outcome["functional"]
        ch.cite(tables, "R-S3-97530", detail=f"dynamic functional activity {why}")
    elif p110:
        ch.code = svc.outcome["one_parameter"]
        if len(p110) == 1:
            detail = f"one parameter ({_names(p110)})"
            if iv.functional_activity:
                detail += ", the activity serves that one parameter, no functional goal stated"
            elif iv.functional_goal:
                detail += " with a functional goal but no dynamic functional activity (D-FUNC-SINGLE)"
            ch.cite(tables, "R-S3-97110", ("D-FUNC-SINGLE",) if iv.functional_goal else (), detail=detail)
        else:
            detail = f"separate exercises for {_names(p110)}, no dynamic functional activity"
            ch.cite(tables, "R-S3-97110-MULTI", detail=detail)
    else:
        ch.nocode = "abstain"
        ch.abstained = True
        if pneuro and not facts.neuro_conditions:
            detail = f"{_names(pneuro)} work with no neurologic deficit and no functional activity"
        elif iv.neuro_goal:
            detail = "a neuromuscular outcome with no neurologic deficit documented in the note"
        elif iv.functional_activity:
            detail = "a functional activity with no parameter and no functional goal stated"
        elif iv.functional_goal:
            detail = "a functional goal with no dynamic functional activity and no exercise parameter"
        else:
            detail = "an exercise named with no parameter and no functional goal"
        extra = tuple(d for d, on in (("D-BALANCE-ORTHO", bool(pneuro) or iv.neuro_goal),
                                      ("D-CLAIM-ABSTAIN", bool(ch.claim))) if on)
        ch.cite(tables, "R-S3-OUTCOME-NOT-DOCUMENTED", extra, detail=detail)
        ch.raise_(tables, "OUTCOME_NOT_DOCUMENTED", "R-S3-OUTCOME-NOT-DOCUMENTED",
                  ("kind", "parameter", "function"), detail=detail)


def _neuro_claim(ch: Choice, tables: Tables, facts: NoteFacts) -> None:
    """NEURO_NOT_SUPPORTED when the clinician claimed 97112 and it was not selected."""
    if ch.claim != NEURO_CODE or ch.code == NEURO_CODE or any(f.id == "NEURO_NOT_SUPPORTED" for f in ch.findings):
        return
    iv = ch.iv
    missing = []
    if not facts.neuro_conditions:
        missing.append("no neurologic deficit is documented in the note")
    svc = tables.services
    pneuro = [p for p in iv.parameters if val(p) in svc.parameters_neuro]
    if not (iv.neuro_goal or pneuro):
        missing.append("the stated outcome is not the neuromuscular change")
    if not missing:
        missing.append(f"the documentation supports {ch.code or 'no code'} instead")
    ch.cite(tables, "R-S3-NEURO-NOT-SUPPORTED", claim=iv.claimed_code, missing=" and ".join(missing))
    ch.raise_(tables, "NEURO_NOT_SUPPORTED", "R-S3-NEURO-NOT-SUPPORTED", ("claim", "neuro", "parameter"),
              claim=iv.claimed_code, missing=" and ".join(missing))


def _claim_checks(ch: Choice, tables: Tables, facts: NoteFacts, substitutions: Mapping[str, str] | None) -> None:
    """CLINICIAN_CODE_NOT_SUPPORTED when a code was selected and differs from the claim (D-CLAIM-DIFF)."""
    _neuro_claim(ch, tables, facts)
    if not (ch.claim and ch.code):
        return
    subs = substitutions or {}
    same = {ch.code, subs.get(ch.code, ch.code)}
    if ch.claim in same or subs.get(ch.claim, ch.claim) in same:
        return
    fields = {"claim": ch.iv.claimed_code, "claim_code": ch.claim, "code": ch.code}
    ch.cite(tables, "R-S3-CLAIM-CODE", **fields)
    ch.raise_(tables, "CLINICIAN_CODE_NOT_SUPPORTED", "R-S3-CLAIM-CODE", ("claim",), **fields)
