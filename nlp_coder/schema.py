"""Records shared by every part of nlp_coder.

Three groups, in the order text flows through the tool:

1. ``NoteIn``: one input note (``../shared/io-contract.md``).
2. ``Intervention`` and ``NoteFacts``: what extraction found in the note.
   These are the *only* input of the coding core, so the rules can be
   tested by building facts directly, without text or spaCy.
3. ``CodedLine``, ``Finding``, ``CodingResult``: the output record.

Changing a field here changes a public contract: add optional fields only.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    # Facts and results are values: forbid unknown fields so a typo in a
    # test or a data file fails loudly instead of being ignored.
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


# ---------------------------------------------------------------- evidence


class Evidence(_Model):
    """A character span of the original note text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = ""
    # What this span is evidence of ("kind", "parameter", "contact", "minutes",
    # "neuro", "claim", "provider", "function", "work", "status", ...).
    # Optional so output evidence stays {"start", "end", "text"} compatible.
    label: str | None = None


# ------------------------------------------------------------------- enums


class Status(str, Enum):
    performed = "performed"
    negated = "negated"
    planned = "planned"
    goal = "goal"
    home_program = "home_program"
    historical = "historical"


class Arrangement(str, Enum):
    one_on_one = "one_on_one"  # stated one-on-one / 1:1
    group = "group"  # clinician with 2+ patients at the same time
    unattended = "unattended"  # patient on own, observed from afar, no contact
    unstated = "unstated"  # the note says nothing about contact


class ContactMode(str, Enum):
    visual = "visual"
    verbal = "verbal"
    manual = "manual"


class Provider(str, Enum):
    PT = "PT"
    PTA = "PTA"
    OT = "OT"
    COTA = "COTA"
    SLP = "SLP"
    aide = "aide"  # aide, technician, tech, rehab aide, student volunteer
    unknown = "unknown"


class Discipline(str, Enum):
    PT = "PT"
    OT = "OT"
    SLP = "SLP"


class Parameter(str, Enum):
    # 97110 parameters
    strength = "strength"
    endurance = "endurance"
    range_of_motion = "range_of_motion"
    flexibility = "flexibility"
    # 97112 / 97530 parameters
    balance = "balance"
    coordination = "coordination"
    posture = "posture"
    proprioception = "proprioception"
    kinesthetic_sense = "kinesthetic_sense"
    movement = "movement"  # motor control / movement patterns


class Kind(str, Enum):
    """What service the intervention names, from the activity lexicons.

    ``exercise`` is coded by its intended outcome (97110 / 97530 / 97112 /
    97545); ``modality`` by its agent; the other kinds map to one code
    through ``coding/tables/services.json``.
    """

    exercise = "exercise"
    modality = "modality"
    gait = "gait"
    manual = "manual"
    massage = "massage"
    aquatic = "aquatic"
    self_care = "self_care"
    sensory_integration = "sensory_integration"
    community_reintegration = "community_reintegration"
    wheelchair = "wheelchair"
    performance_test = "performance_test"
    orthotic_initial = "orthotic_initial"
    prosthetic_initial = "prosthetic_initial"
    orthotic_prosthetic_subsequent = "orthotic_prosthetic_subsequent"
    evaluation = "evaluation"  # PT/OT evaluation of this date
    re_evaluation = "re_evaluation"
    out_of_scope = "out_of_scope"  # SLP 92xxx, chiropractic CMT, EMG, physician visit
    unknown = "unknown"


class Modality(str, Enum):
    hot_pack = "hot_pack"
    cold_pack = "cold_pack"
    mechanical_traction = "mechanical_traction"
    electrical_stimulation = "electrical_stimulation"
    vasopneumatic = "vasopneumatic"
    paraffin = "paraffin"
    whirlpool = "whirlpool"
    diathermy = "diathermy"
    infrared = "infrared"
    ultraviolet = "ultraviolet"
    iontophoresis = "iontophoresis"
    contrast_bath = "contrast_bath"
    ultrasound = "ultrasound"
    hubbard_tank = "hubbard_tank"
    other = "other"


# ------------------------------------------------------------------- input


class NoteIn(BaseModel):
    """One input note. Unknown fields are carried to the output's ``meta``."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    payer: str = "medicare"
    discipline: Discipline | None = None
    date_of_service: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")

    def meta(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


# ------------------------------------------------------------------- facts


class Intervention(_Model):
    """The facts of one distinct service documented in the session."""

    index: int = Field(ge=0)  # order of appearance in the note
    span: Evidence  # the whole line / paragraph / sentence
    section: str | None = None  # section category, e.g. "treatment", "assessment"
    status: Status = Status.performed
    kind: Kind = Kind.unknown
    modality: Modality | None = None
    attended: bool | None = None  # modality: constant attendance documented
    arrangement: Arrangement = Arrangement.unstated
    group_size: int | None = Field(default=None, ge=2)
    contact_modes: list[ContactMode] = Field(default_factory=list)
    provider: Provider = Provider.unknown
    parameters: list[Parameter] = Field(default_factory=list)
    functional_activity: bool = False  # a dynamic functional activity is named (transfers, lifting, reaching ...)
    functional_goal: bool = False  # a functional outcome is stated for it
    work_related: bool = False  # the functional activity is specifically work-related
    neuro_goal: bool = False  # primary stated outcome is the neurologic change itself
    minutes: int | None = Field(default=None, ge=0)
    clock_start: str | None = None  # "HH:MM" when written as a clock interval
    clock_end: str | None = None
    non_treatment_minutes: int = Field(default=0, ge=0)  # set-up, rest, waiting inside the stated time
    co_treatment: bool = False  # two clinicians at once: the minutes count once
    claimed_code: str | None = None  # code the clinician named for it (number or name)
    claimed_units: int | None = Field(default=None, ge=0)
    other_discipline: bool = False  # belongs to another discipline's section
    evidence: list[Evidence] = Field(default_factory=list)  # labelled spans behind each fact


class BilledClaim(_Model):
    """Units the note itself claims for a code (a billing section, "97110 x3")."""

    code: str
    units: int = Field(ge=0)
    evidence: list[Evidence] = Field(default_factory=list)


class NoteFacts(_Model):
    id: str
    payer: str = "medicare"
    date_of_service: str | None = None
    discipline: Discipline | None = None
    discipline_source: Literal["input", "header", "credential", "signature"] | None = None
    signed_by: Provider = Provider.unknown  # credential of the note's author/signature
    neuro_conditions: list[str] = Field(default_factory=list)  # e.g. "stroke", "parkinsons"
    evaluation_performed: bool = False
    stated_total_minutes: int | None = None
    # D-TIME-TABLE: minutes per code from a time table or charge section ("Therapeutic Exercise (97110) .... 20")
    code_minutes: dict[str, int] = Field(default_factory=dict)
    separate_time_blocks: bool = False  # an explicit statement that services were in separate blocks
    billed_claims: list[BilledClaim] = Field(default_factory=list)
    interventions: list[Intervention] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)  # note-level: discipline, neuro, signature


# ------------------------------------------------------------------ output


class CodedLine(_Model):
    code: str
    units: int = Field(ge=0)
    minutes: int | None = None
    modifiers: list[str] = Field(default_factory=list)  # sorted
    source: Literal["rules", "classifier"] = "rules"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    rationale: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    rule_ids: list[str] = Field(default_factory=list)


class Finding(_Model):
    id: str  # stable finding id of coding-guidelines.md
    message: str
    evidence: list[Evidence] = Field(default_factory=list)
    rule_id: str | None = None
    intervention: int | None = None  # index of the intervention it concerns


class Decision(_Model):
    """What the selector decided for one intervention, with why."""

    code: str | None = None
    counted_minutes: int = 0  # minutes that went into the unit pool
    rule_ids: list[str] = Field(default_factory=list)
    rationale: str = ""
    source: Literal["rules", "classifier"] = "rules"
    confidence: float = 1.0


class Totals(_Model):
    timed_minutes: int = 0
    treatment_minutes: int = 0


class ErrorInfo(_Model):
    type: str
    message: str


class CodingResult(_Model):
    # Field order is the output key order of the contract.
    id: str
    payer: str = "medicare"
    discipline: str | None = None
    lines: list[CodedLine] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    needs_review: bool = False
    totals: Totals = Field(default_factory=Totals)
    interventions: list[dict[str, Any]] = Field(default_factory=list)
    error: ErrorInfo | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    def to_json(self) -> str:
        """One canonical JSON line: the same result always gives the same bytes."""
        return self.model_dump_json()
