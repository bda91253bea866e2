"""Component ``nlp_coder_interventions``: one span per documented service.

Lines are the first unit. A *log line* (its first sentence names a service
near its start: "TE 15': ...", "NMR x 12 min - ...", "97530 - 20 min ...",
"10:05-10:20 gait ...", a list item) is one intervention, with its trailing
sentences. Longer prose lines are split into sentences, and each sentence
that names a service is one intervention. A sentence or line naming two
services in separate clauses ("25 were ther ex ...; the remaining 10
minutes were lifting ...", "IFC 15 min with MHP concurrently", "30 min ther
ex, the rest manual") is split into clauses that share a group id.

A *strong* head (a code number, a code name such as "ther ex", a modality,
an out-of-scope service) makes an intervention on its own; a *weak* one (an
activity such as "bridges" or "transfers", a bare "gait" or "ice") needs a
sign that it was done: minutes, a contact or arrangement cue, sets x reps or
a verb of doing. Lines of the assessment and billing sections never make
interventions (facts.py reads them for outcomes and claimed units).

The line pass (which lines make one block) is ``line_blocks.LineBlocks``;
the per-Doc head index it shares with this module is ``heads.HeadIndex``;
sentences come from ``sentences.split_sentences``.
"""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp_coder.extract.extensions import (
    INTERVENTIONS, IV_ROWS, doc_sections, doc_text, get_doc_ext, register_extensions, set_doc_ext,
    terms_within,
)
from nlp_coder.extract.charge_fixes import charge_fixes, remark_cut
from nlp_coder.extract.heads import is_strong
from nlp_coder.extract.lexicon import load_lexicon
from nlp_coder.extract.line_blocks import LIST_MARK_RE, LOG_LINE_START_RE, SESSION_LABEL_RE, LineBlocks, timed_sibling_item
from nlp_coder.extract.minutes import CODE_FIRST_ROW_RE, TIME_ROW_RE, find_mentions, row_list, word_to_number
from nlp_coder.extract.reports import SELF_DEMO_RE, is_measurement, is_observation, may_report
from nlp_coder.extract.sections import NO_INTERVENTION_SECTIONS, SECTION_STATUS
from nlp_coder.extract.sentences import split_sentences
from nlp_coder.extract.wording import needles, words

SIGNAL_LABELS = {"CONTACT", "ONE_ON_ONE", "GROUP", "UNSKILLED", "AIDE", "COTREAT", "GROUP_SIZE"}
_DOING_RE = re.compile(
    # ("wt loss 6% x 30 days" is how long, not repetitions)
    rf"\b(?:{words('W-DOING')}|x\s*\d+(?!\d|\s*(?:days?|wks?|weeks?|months?|mos?|yrs?|years?)\b)|"
    rf"\d+\s*x\s*\d+(?:s|secs?|sec\.|\")?|reps?|sets?|"  # "3x30s": holds
    # a load: "with a one-pound weight", "3# ankle weights", "red theraband"
    rf"\d+\s*(?:#|lbs?|pounds?|kg)|(?:one|two|three|four|five)[- ]pound|{words('W-LOAD-EQUIPMENT')})\b",
    re.IGNORECASE,
)
_CLAUSE_SPLIT_RE = re.compile(r";\s*|,\s*(?=(?:and\s+)?(?:then\s+|followed\s+by\b|the\s+(?:rest|remainder|remaining|next)\b))|\.\s+(?=then\b)|"
                              # "... Rest 5 min, water. Closed w/ 18 min standing reach ...": a closing service
                              rf"\.\s+(?=(?:{words('W-CLOSING-WORD')}|{words('W-SEQUENCE-WORD')})(?!\w))|"
                              rf",\s*(?=(?:and\s+)?{words('W-CLOSING-WORD')}(?!\w))|"
                              rf",\s*(?=(?:and\s+)?{words('W-TEACH-VERB')}\s+(?:pt\s+|patient\s+)?(?:in|on)\b)", re.IGNORECASE)
# Cuts with no punctuation mark, each tried at every space of a clause: a pattern of their own, run only on clauses
# that have one of their words (_BARE_CUT_WORDS).
_BARE_CLAUSE_SPLIT_RE = re.compile(
    # unpunctuated dictation: "... 1 out of 10 arm we started with mechanical cervical traction ... then I performed
    # manual therapy ... she finished with electrical stimulation ..."
    r"\s+(?=then\s+(?:i|we|she|he|pt|patient|the\s+patient|they)\s+[a-z]+\b)|"
    r"\s+(?=(?:we|i)\s+(?:started|began)\s+(?:with|on)\b)|"
    r"\s+(?=(?:she|he|pt|patient|they|we)\s+(?:finished|ended)\s+(?:with|on)\b)|"
    # "... STM to L paraspinals/QL - and the rest was core stab ...": the remainder
    r"\s+[-–—]\s+(?=and\s+the\s+(?:rest|remainder)\b)", re.IGNORECASE)
_BARE_CUT_WORDS = ("then ", "started", "began", "finished", "ended", "rest", "remainder")
_BACK_TIME_RE = re.compile(rf"[\s\-*•>]*(?:this|that|it|which)(?:\s+{words('W-BACK-REFERENCE')})?\s+"
                           r"(?:took|lasted|ran|was|were|totall?ed)\b", re.IGNORECASE)
_SEQUENCE_START_RE = re.compile(rf"[\s\-*•>]*(?:{words('W-SEQUENCE-WORD')}|{words('W-CLOSING-WORD')})(?!\w)", re.IGNORECASE)
# "..., and trained in use of jar opener ... and a button hook": training in another kind of service starts a new one
_TRAINED_CLAUSE_RE = re.compile(rf"(?:and\s+)?{words('W-TEACH-VERB')}\s+(?:pt\s+|patient\s+)?(?:in|on)\b", re.IGNORECASE)
_TRAINED_KINDS = frozenset({"self_care", "wheelchair", "gait"})
# "Worked on toilet transfers ..., and then LB dressing w/ reacher ...": in a sentence with no time of its own, "then"
# before a service of one of those kinds starts it too
_THEN_LEAD_RE = re.compile(r"(?:and\s+)?then\s+(?!\d)", re.IGNORECASE)
# A clause of a co-treatment led by one discipline ("...; PT focus on gait", "OT addressed grooming at sink"). Case-
# sensitive on purpose: "Pt worked on ..." is the patient, "PT worked on ..." is the other discipline.
# E-COTREAT-CLAUSE; the verbs are word list W-DISC-FOCUS
_DISC_ALT = r"PT|OT|SLP|ST|[Pp]hysical [Tt]herapy|[Oo]ccupational [Tt]herapy|[Ss]peech(?: therapy)?"
DISC_CLAUSE_RE = re.compile(rf"(?P<disc>{_DISC_ALT})"
                            rf"(?:'s)?\s+{words('W-DISC-FOCUS')}\b")
_DISC_CLAUSE_SEARCH_RE = re.compile(r"(?:^|(?<=[\s.;,:]))" + DISC_CLAUSE_RE.pattern)
_DISC_CLAUSE_CUT_RE = re.compile(r",\s*(?=(?:and\s+|while\s+|with\s+)?" + DISC_CLAUSE_RE.pattern + ")")
_DISC_WORD_RE = re.compile(rf"\b(?:{_DISC_ALT})\b")
_DISC_NAMES = {"physical therapy": "PT", "occupational therapy": "OT", "speech": "SLP", "speech therapy": "SLP", "st": "SLP",
               "slp": "SLP"}
_LEAD_TIME_ONLY_RE = re.compile(r"[\s\-*•>]*\(\s*(?:for\s+)?\d{1,3}\s*\)\s*")  # "(25) balance: ..." leads with its minutes
# services named by their activity: two neighbouring sentences naming one of them describe one service (E-SAME-SERVICE)
_SAME_SERVICE_KINDS = frozenset({"self_care", "orthotic_initial", "orthotic_prosthetic_subsequent", "prosthetic_initial",
                                 "wheelchair", "community_reintegration", "manual", "gait", "aquatic", "sensory_integration",
                                 "massage"})
_NARRATIVE_START_RE = re.compile(rf"[\s\-*•>]*(?:{words('W-REPORT-SUBJECT')})\s+(?!reports?\b|states?\b|says\b)[a-z]",
                                 re.IGNORECASE)
_VISIT_TOTAL_RE = re.compile(r"\b(?:visit|session|treatment|tx|therapy|timed|billable|skilled|today|all)\b", re.IGNORECASE)
# a service's label and minutes alone on a line: "Neuromuscular Re-education - 24 min", "Ther ex (97110): 12 min"
# "Neuromuscular Re-education - 24 min", "[x] 97110 Therapeutic exercise  37 min" (a checked template row)
# "Modalities:", "Modalities (set up by K. Osei, DPT):": a heading that names only the category
_CATEGORY_HEADER_RE = re.compile(rf"[ \t]*(?:[-*•>]+[ \t]*)?{words('W-CATEGORY-HEADING')}[ \t]*(?:\([^()\n]{{0,40}}\))?[ \t]*:[ \t]*",
                                 re.IGNORECASE)
_FOR_BEFORE_RE = re.compile(r"\bfor\b[^.;:\n]*$", re.IGNORECASE)
_SESSION_OPENING_RE = re.compile(r"[ \t\-*•>]*(?:session|visit)\s*:?\s*\d{1,3}\s*(?:minutes?|mins?|min)\b\s*[,;(]",
                                 re.IGNORECASE)
# what may come before a service's name at the start of its sentence: "Then core stab ...", "The rest was bridges ..."
_OPENER_RE = re.compile(rf"[\s\-*•>]*(?:and\s+)?(?:(?:{words('W-SEQUENCE-WORD')}|{words('W-CLOSING-WORD')})\s*,?\s*(?:(?:we|i|pt|patient)\s+(?:did|performed|worked\s+on)\s+)?|"
                        r"the\s+(?:rest|remainder)(?:\s+of\s+(?:the\s+)?(?:session|visit|time|tx))?\s+(?:was|went\s+to|on)\s+(?:spent\s+on\s+)?)",
                        re.IGNORECASE)
_DICTATED_OPENER_RE = re.compile(r"(?:we|i)\s+(?:started|began)\s+(?:with|on)\b|then\s+(?:i|we|she|he|pt|patient|they)\s+",
                                 re.IGNORECASE)
_BARE_THEN_RE = re.compile(r"(?<=[a-z0-9])\s+(?=then\s+[a-z])")
_DASH_LABEL_AFTER_RE = re.compile(r"\s*(?::|\s[-–—]\s)\s*\S")
_WITHIN_BEFORE_RE = re.compile(r"\b(?:within|inside|wearing|while\s+wearing|in\s+(?:the|his|her|their))\s+(?:the\s+|his\s+|her\s+|their\s+)?$", re.IGNORECASE)
_DEVICE_WORD_RE = re.compile(words("W-DEVICE"), re.IGNORECASE)
_VISIT_LABEL_TIME_RE = re.compile(r"[\s\-*•>]*(?:(?:o|obj|objective)\s*:\s*)?(?:tx|treatment|session|visit|therapy)\s*[(:-]?\s*\d{1,3}\s*(?:min\w*|')\s*\)?\s*:", re.IGNORECASE)
# a report that only tells what the patient or someone else said or felt (a refusal, "denies e-stim", is kept: it is
# a negated service)
_SAYS_RE = re.compile(rf"[\s\-*•>]*{words('W-REPORT-SUBJECT')}\s+(?:\w+,?\s+)?{words('W-SAYS-VERB')}\b", re.IGNORECASE)
_BARE_TIME_SENT_RE = re.compile(r"\s*(?:~|approx\.?\s*|about\s+)?\d{1,3}\s*(?:min\w*|'|’|m)\.?\s*", re.IGNORECASE)
# services that can be the goal of another one ("... for ADLs", "prep for new AFOs"): named after the purpose, not the service
_TASK_GOAL_KINDS = frozenset({"self_care", "wheelchair", "gait", "community_reintegration",
                              "orthotic_initial", "prosthetic_initial", "orthotic_prosthetic_subsequent"})
_HEAD_PURPOSE_RE = re.compile(
    rf"\b(?:to\s+{words('W-PURPOSE-VERB')}|in\s+order\s+to|so\s+that|so\s+{words('W-PURPOSE-SUBJECT')}\s+can|"
    r"to\s+(?:help|assist)\s+(?:w/|with)|goal\s*[:=-]|(?:in\s+)?prep(?:aration|are)?\s+for)", re.IGNORECASE)
# a parameter, then the task it serves: "for B UE strength/endurance for w/c propulsion and transfers"
# (or set off by a comma or dash: "bridges 2x10 -- 15 min, hip strength for prosthetic gait")
_PARAM_FOR_TASK_RE = re.compile(r"(?:\bfor\s+|[,;]\s*|\s-{1,2}\s*)(?:\S+\s+){0,3}?(?:strength|endurance|rom|range\s+of\s+motion|flexibility)"
                                r"(?:/\w+)?\s+(?:for|to\s+(?:help|assist)\s+(?:w/|with))\b", re.IGNORECASE)
_TABLE_NUM_RE = re.compile(r"\|\s*\d{1,3}\s*(?:'|min\w*)?\s*(?:\||$)")
_EVEN_SPLIT_RE = re.compile(r"\b(?:split|divided)\s+(?:evenly|equally)|\b(?:evenly|equally)\s+(?:split|divided)|\bhalf\s+(?:and|on)\s+half\b", re.IGNORECASE)
_OUTCOME_TEST_RE = re.compile(rf"[\s\-*•>]*{words('W-OUTCOME-TEST')}\b", re.IGNORECASE)
# E-REPORTS: a sentence that reports (a symptom, what someone says, an arrival, a phone call, a job demand)
_REPORT_RE = re.compile(
    rf"[\s\-*•>]*(?:{words('W-REPORT-QUALIFIER')}\s+)?(?:(?:[LRB]\s+)?{words('W-BODY-PART')}\s+(?=pain\b|soreness\b|sx\b|symptoms\b))?"
    rf"(?:{words('W-REPORT-SYMPTOM')}|"
    rf"{words('W-REPORT-SUBJECT')}\s+(?:\w+\s+){{0,3}}?{words('W-REPORT-VERB')}|"
    # "She had some tingling at the tip after fifteen minutes in the orthosis": a symptom the patient had
    rf"{words('W-REPORT-SUBJECT')}\s+(?:had|has|felt|experienced)\s+(?:some\s+|mild\s+|slight\s+|brief\s+|increased\s+)?"
    rf"(?:{words('W-REPORT-SYMPTOM')}|{words('W-SENSATION-SYMPTOM')})|"
    rf"{words('W-REPORT-SUBJECT')}\s+(?:\([^()\n]{{1,30}}\)\s+)?(?:was\s+|were\s+|is\s+|are\s+)?(?:present|in\s+attendance)\b|"  # "Daughter (Joanne) present for ..."
    # "Mom observed last 10 min; handout on heavy work ideas given.": someone else watched the session
    rf"(?:(?:her|his|the|pt'?s)\s+)?{words('W-WATCHER')}\s+{words('W-WATCH-VERB')}\b|"
    # an arrival ("Pt amb in w/o crutches", "He walked in today in regular shoes"), not walking in a place
    # ("Pt ambulated in hallway 150' x2"): what follows "in" says how or when the patient came ("w/" ends on a
    # slash, so no word boundary after the context words)
    rf"(?:pt|patient|client|he|she)\s+(?:{words('W-ARRIVAL-WORD')}\s+(?:in|into)\b|{words('W-ARRIVAL-VERB')}\s+(?:in\b(?=\s*(?:[.,;:(]|$|"
    rf"{words('W-ARRIVAL-CONTEXT')}(?!\w)))|into\s+(?:the\s+)?(?:clinic|dept|department|office|building)\b))|"
    rf"(?:{words('W-PERSON-TITLE')}\.?\s+)?(?:pt|patient|client|he|she|[A-Z][a-z]+)\s+came\s+in\s+{words('W-ARRIVAL-MANNER')}\b|"
    rf"(?:pt|patient|he|she|[A-Z][a-z]+)\s+{words('W-MESSAGE-VERB')}\b|"
    r"(?:called|phoned|texted|emailed|left\s+(?:a\s+)?(?:vm|voicemail|voice\s+mail|message))\b|"  # "Called pt's daughter, left VM re: ..."
    rf"(?:his|her|their|the|pt'?s|patient'?s)\s+job\s+{words('W-JOB-DEMAND-VERB')}|"
    rf"{words('W-VITAL-SIGN')}\b|"
    r"total\b)\b",
    re.IGNORECASE)
_CODES_ONLY_RE = re.compile(
    # "Student charges:", "SPT charges:": a word saying whose charges they are may come first
    r"[\s\-*•>]*(?:(?:[A-Za-z']{2,12}\s+)?(?:cpt|codes?|billed|billing|charges?|procedures?(?:\s+performed)?|units?|tx)\s*(?:codes?)?\s*[:\-]?\s*)?"
    # each code item is atomic: its optional spaces could be shared out between its parts in 2^n ways, and a
    # line of n codes that then fails (a trailing word) backtracked through all of them
    r"(?>(?:9\d{4}|G0283)(?:\s*-\s*[A-Z0-9]{2})*\s*(?:(?:x|×)\s*\d{1,2}|\(\s*\d{1,2}\s*(?:units?|min\w*)?\s*\)"
    r"|times\s+(?:\d{1,2}|one|two|three|four|five|six))?"
    r"(?:\s*-?\s*(?:GP|GO|GN|CQ|CO|KX|59|X[EPSU])\b)*[\s,;/]*)+\.?\s*",
    re.IGNORECASE)
# ("hot pack x 15 min, applied together w/ the IFC": at the same time as another service, its own time)
_COMBINED_RE = re.compile(r"\b(?:together(?!\s+(?:w/|with\b))|combined|in\s+all|between\s+them|total(?:\s+of)?)\b",
                          re.IGNORECASE)
# ("180 deg turns", "360° pivots": the size of a turn practised, not a joint angle measured)
_MEASURE_RE = re.compile(r"\d+\s*(?:-|to|/)\s*\d+\s*(?:deg|degrees|°)|\d+\s*(?:deg|degrees|°)\b(?!\s*(?:turn|pivot|rotation|spin))|\b\d+/5\b|\b\d+/56\b|"
                         r"\b\d+(?:\.\d+)?\s*(?:sec|secs|seconds)\b|"
                         r"\b(?:a|p|aa)?rom\b[^.\n]{0,20}?\d+\s*-\s*\d+|\d+\s*cm\s+from\b", re.IGNORECASE)
_TOGETHER_RE = re.compile(r"\b\d{1,3}\s*(?:min\w*|m|')\s+(?:total\s*,?\s*)?(?:together|combined|in\s+all|total\s+for\s+both)\b|\b(?:together|combined)\s*,?\s*\d{1,3}\s*(?:min\w*|m|')", re.IGNORECASE)
_DIVIDED_RE = re.compile(r"\b(?:divided|split|shared)\s+(?:up\s+)?between\b", re.IGNORECASE)


# "LE strengthening 15 min: ...", "B UE ther ex: ...", "Decongestive exercises 10 min ...": words before the
# term that ends a log line's label (a side, a limb, a kind of exercise)
_LABEL_WORDS_RE = re.compile(r"[\s\-*•>]*(?:[A-Za-z][A-Za-z'/-]{0,15}\.?\s+){1,3}")


# what ends a log line's label: its minutes ("... 10 min while bandaged") or a colon ("Transfers: ...")
_LABEL_END_RE = re.compile(r"\s*(?:\(\s*\d{1,3}\s*(?:min\w*|m)?\s*\)|\d{1,3}\s*(?:min\w*|m\b|'|’)|:\s*\S)")


def _qualified_label(text: str, s: int, lead) -> bool:
    """The lead term ends a log line's label of a few words, with minutes or a colon right after it."""
    return (lead[0] - s <= 40 and _LABEL_WORDS_RE.fullmatch(text, s, lead[0]) is not None
            and _LABEL_END_RE.match(text, lead[1]) is not None)


_COTREAT_WORD_RE = re.compile(r"\b(?:co-?t(?:x|reat\w*)|co-?treatment)\b", re.IGNORECASE)


def _cotreat_overview(text: str, sent: tuple[int, int], line_end: int) -> bool:
    """E-COTREAT-CLAUSE: "1400-1420 Cotx w/ PT for toileting (2 person). OT addressed toilet transfer ... (10 min);
    PT addressed gait ...": the co-treatment sentence introduces the disciplines' clauses after it; it is no service."""
    s, e = sent
    return _COTREAT_WORD_RE.search(text, s, e) is not None and _DISC_CLAUSE_SEARCH_RE.search(text, e, line_end) is not None


def _continues(prev_kind: str, kind: str) -> bool:
    """A sentence with no service name of its own goes on with the previous service: the same kind, or the
    walking and exercise of an aquatic session."""
    return kind == prev_kind or (prev_kind == "aquatic" and kind in ("exercise", "gait"))


_COMBINED_LABEL_RE = re.compile(r"[\s\-*•>]*[A-Za-z][\w .'/-]{1,30}?\s*(?:\+|&|\band\b|/)\s*[A-Za-z][\w .'/-]{1,30}?(?:\s+|,\s*)"
                                # "Ther ex + gait 24 min total:", "Ther ex + gait together 24 min:", "Ther ex for B LE
                                # strength + gait trng w/ RW in hallway, 30 min total."
                                r"(?:\d{1,3}\s*(?:min\w*|'|m\b)\s*(?:total|together|combined|in\s+all)\b|"
                                r"(?:together|combined)\s*[:=-]?\s*\d{1,3}\s*(?:min\w*|'|m\b))", re.IGNORECASE)
_COMBINED_WORDS = ("togeth", "combin", "in all", "between", "total")
_PAIR_WORDS = ("min", "which", "other", "remaining", "last", "final", "first", "next")


def _may_pair(seg_low: str) -> bool:
    """Cheap test before _PAIR_BEFORE_RE (a slow pattern): minutes named for several services?"""
    return sum(seg_low.count(w) for w in _PAIR_WORDS) >= 2


# E-NET-TIME: "5 min toileting break excluded (25 min).", "Two seated rests not counted." -- the time accounting of
# the service before it, not a service (its activity word, "toileting", names the break)
_BREAK_SENTENCE_RE = re.compile(rf"\b{words('W-BREAK-NOUN')}\b[^.;\n]{{0,30}}?\b{words('W-NOT-COUNTED')}\b", re.IGNORECASE)
# E-REPORTS: "Mrs. D. (94) referred after decline in self-care ...": the history, not a service
_REFERRAL_RE = re.compile(rf"[^;:\n]{{0,40}}?\b{words('W-REFERRAL-VERB')}\s+(?:by|to|for|after|from|following|with|due)\b",
                          re.IGNORECASE)
# E-SPLIT-OVERVIEW: "Pt seen in room for AM ADL session." (no minutes) when the services are described after it
# the subject: "Pt", "Resident", "She", "Mr. Lowell", "Maya" (at most two words)
_SEEN_FOR_RE = re.compile(rf"[\s\-*•>]*(?:[A-Za-z]{{1,10}}\s*:\s*)?(?:{words('W-PATIENT-NOUN')}\s+|(?:[\w.'-]+\s+){{1,2}}(?=(?:was\s+)?seen\b))?"
                          rf"{words('W-SEEN-FOR')}\b[^.;\n]{{0,40}}?\bfor\b",
                          re.IGNORECASE)
_SEEN_RE = re.compile(rf"[\s\-*•>]*{words('W-PATIENT-NOUN')}\s+{words('W-SEEN-FOR')}\b", re.IGNORECASE)
_DEVICE_KINDS = ("orthotic", "prosthetic")
_DEVICE_CARE_RE = re.compile(rf"\b{words('W-DEVICE-CARE')}\b", re.IGNORECASE)
_WERE_NUM_RE = re.compile(r"\b\d{1,3}\s+(?:were|was|went)\b", re.IGNORECASE)
_LABEL_AFTER_RE = re.compile(r"\s*(?:\(\s*\d{1,3}\s*(?:min\w*|m)?\s*\)\s*|\d{1,3}\s*(?:min\w*|m|'|’)\s*)?:\s*\S")
# "Billed as ther ex.", "Billed 97110 x1", "Billing: 97140 times one, 97110 times two.", "Charge: 97535 x 2 units."
_CLAIM_SENTENCE_RE = re.compile(rf"[\s\-*•>]*(?:{words('W-CLAIM-VERB')}|charge)(?:\s+|\s*:\s*)(?:as\b|under\b|(?=9\d{{4}}|G0283))",
                                re.IGNORECASE)
# E-CHARGE-SUMMARY: a unit count after a code or a code's name ("97110 x2", "97140-GP x1", "TE 1", "97035 (1 unit)"), not
# minutes, sets or weights ("TE 3x10", "97110 15 min")
_UNIT_COUNT_AFTER_RE = re.compile(r"(?:\s*-\s*[A-Z0-9]{2}\b)*\s*(?:x|×|:|-|=)?\s*\(?\s*\d{1,2}\s*(?:units?\b|u\b)?\s*\)?"
                                  r"(?!\s*(?:x\s*\d|min|mins|minutes|'|sec|reps?|lb|#|%|ft|deg|/)|\d)", re.IGNORECASE)
_DEVICE_FIELD_RE = re.compile(rf"[ \t\-*•>]*(?:orthosis|orthoses|splint|brace|prosthesis|device)[ \t]*:[ \t]*[^\n]*?"
                              rf"\b(?:{words('W-MADE-VERB')})\b\.?[ \t]*(?:on[ \t]+)?\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\)?[^\n]{{0,30}}", re.IGNORECASE)
_NOT_DONE_ROW_RE = re.compile(rf"(?<![\w/]){words('W-NOT-DONE-MARK')}(?![\w/])", re.IGNORECASE)
_ORDER_LABEL_RE = re.compile(rf"[ \t\-*•>]*{words('W-ORDER-LABEL')}[ \t]*\.*[ \t]*:", re.IGNORECASE)
_MINUTES_CELL = r"[A-Za-z][\w /&.'+-]{0,25}?\s+\d{1,3}\s*(?:min\w*|')?"
_MINUTES_SUMMARY_RE = re.compile(rf"[ \t]*(?:{_MINUTES_CELL}[ \t]*\|[ \t]*)+{_MINUTES_CELL}[ \t]*\|?[ \t]*", re.IGNORECASE)
_CHARGE_LABEL_RE = re.compile(r"[\s\-*•>]*(?:[A-Za-z']{2,12}\s+)?(?:cpt|codes?|billed|billing|charges?|units?)\s*[:\-]",
                              re.IGNORECASE)
_WE_BILLED_RE = re.compile(r"[\s\-*•>]*(?:i|we)\s+(?:billed|charged|coded)\b", re.IGNORECASE)
_POSITION_LEAD_RE = re.compile(rf"\s*{words('W-POSITION-WORD')}\s+", re.IGNORECASE)
_PROFILE_LINE_RE = re.compile(rf"[\s\-*•>]*(?:{words('W-PATIENT-NOUN')}\s*:\s*\d{{1,3}}\s*(?:y/?o|yo|years?|yrs?|mo|[MF](?=[\s,;]))\b|"
                              rf"{words('W-VISIT-NOUN')}\s*#?\s*\d{{1,3}}\s*(?:/|of)\s*\d{{1,3}}\b)", re.IGNORECASE)
# "3/9/26 LSVT BIG session 12/16.": which visit of a program this is, a count, not a service (E-SPLIT-OVERVIEW)
_VISIT_COUNT_SENT_RE = re.compile(rf"[\s\-*•>]*(?:\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?[\s,:-]+)?(?:[\w!/&.'-]+\s+){{0,4}}"
                                  rf"{words('W-VISIT-NOUN')}\s*#?\s*\d{{1,3}}\s*(?:/|of)\s*\d{{1,3}}\s*(?:[-–—]+\s*[A-Za-z/]{{2,6}}\s*)?"
                                  r"[.;]?\s*", re.IGNORECASE)  # "LSVT BIG session 9/16 -- PT"
# a line that names the visit as a whole: "<service> - <kind of> session|visit (<note>)"
_SESSION_TITLE_RE = re.compile(r"[\s\-*•>]*[A-Za-z][^.:;\n]{0,60}?\s[-–—]\s[^.:;\n]{0,40}?\b(?:session|visit)\b\s*"
                               r"(?:\([^)\n]{0,80}\))?\s*\.?\s*", re.IGNORECASE)
_SHORT_SESSION_RE = re.compile(r"[\s\-*•>]*(?:[A-Za-z][\w/&'-]*\s+){1,3}(?:session|visit)\s*[.;:]?\s*", re.IGNORECASE)
# "First session with new definitive prosthesis today (delivered this morning by prosthetist).": the visit as a whole
_FIRST_SESSION_RE = re.compile(r"[\s\-*•>]*(?:this\s+is\s+(?:the\s+|her\s+|his\s+)?)?first\s+(?:session|visit|appointment)\s+"
                               r"(?:with|using|since|in)\b[^.;:\n]{0,60}?(?:\([^)\n]{0,160}\))?\s*\.?\s*", re.IGNORECASE)
# "first training session w/ it today", "this is his first prosthetic training session today" (E-SPLIT-OVERVIEW)
_FIRST_ANY_SESSION_RE = re.compile(r"\bfirst\s+(?:[\w-]+\s+){0,2}(?:session|visit|appointment)\b", re.IGNORECASE)
# "1:1 in pool.", "Seen 1:1 in sensory gym with CI.": how and where the session was given, with whom present
_ARRANGEMENT_ONLY_RE = re.compile(r"[\s\-*•>]*(?:(?:(?:pt|patient|child|client|resident)\s+)?(?:was\s+)?(?:seen|treated)\s+)?"
                                  r"(?:1:1|one[- ]on[- ]one|individually)"
                                  r"(?:\s+(?:in|at)\s+(?:the\s+)?[A-Za-z]+(?:\s+[A-Za-z]+){0,2}?)?"
                                  rf"(?:\s+(?:with|w/)\s+(?:the\s+|her\s+|his\s+)?{words('W-PRESENT-PERSON')}(?:\s+(?:observing|present|watching))?)?"
                                  r"\s*[.;]?\s*",
                                  re.IGNORECASE)
# "Pool 92F, 4 ft depth, 1:1 in pool.": the pool's settings, then how the session was given
_POOL_SETTING_RE = re.compile(r"[\s\-*•>]*(?:pool|water)(?:\s+temp(?:erature)?)?\s*[:=]?\s*\d{2,3}(?:\.\d)?\s*°?\s*[FC]?"
                              r"(?:\s*,\s*(?:\d+(?:\.\d+)?\s*(?:ft|feet|')\s*(?:depth|deep)?|(?:depth|deep)\s*:?\s*\d+(?:\.\d+)?\s*(?:ft|feet|')))?"
                              r"(?:\s*,\s*(?:1:1|one[- ]on[- ]one)(?:\s+in\s+(?:the\s+)?pool)?)?\s*[.;]?\s*", re.IGNORECASE)
_NEEDED_DURING_RE = re.compile(rf"[\s\-*•>]*{words('W-REPORT-SUBJECT')}\s+(?:(?:completed|finished|did)\s+all\s+[\w ]{{0,20}}?,\s*)?"
                               rf"{words('W-PERFORMANCE-VERB')}\b"
                               r"[^.;\n]*\b(?:during|after|following|post|(?:by|at)\s+(?:the\s+)?end\s+of)\b", re.IGNORECASE)
# a clause that opens with the help or cues given: how the service before it went
_ASSIST_LEAD_RE = re.compile(r"\s*(?:(?:min|mod|max|minimal|moderate|maximal)\.?\s*(?:a\b|assist\w*|verbal|tactile|v/?c|cues?)|"
                             r"cga\b|sba\b|(?:verbal|tactile|visual|v/?c|t/?c|vcs?|tcs?)\b\s*(?:cues?|cueing|cuing)?|"
                             r"cues?\s+(?:for|to)\b)", re.IGNORECASE)
_DOSE_SENT_RE = re.compile(r"[\s\-*•>]*(?:\d{1,2}\s*[x×]\s*\d{1,3}|[x×]\s*\d{1,3})(?:\s*(?:each|ea\.?|reps?|sets?|bilat\w*|b/l))*"
                           r"\s*[.;]?\s*", re.IGNORECASE)
_SESSION_LENGTH_RE = re.compile(r"\bfor\s+(?:a|an|the)?\s*(?:~\s*|about\s+|approx\.?\s+|approximately\s+)?"
                                r"[\w-]{1,12}(?:[\s-]+[\w-]{1,10})?[\s-]*(?:hours?|hrs?|minutes?|mins?)(?:[\s-]+long)?\s+"
                                r"(?:session|visit|treatment|tx)\b", re.IGNORECASE)
# "Session: 50 min total, clinic sensory gym and tabletop room": the visit's length, where it was given
_SESSION_TOTAL_LINE_RE = re.compile(r"[\s\-*•>]*(?:session|visit|treatment|tx)(?:\s+(?:length|time|duration))?\s*[:=]\s*"
                                    r"\d{1,3}\s*(?:min\w*|')(?:\s+total)?\b(?![^\n]*\d\s*(?:x|×)\s*\d)", re.IGNORECASE)
_VITAL_AFTER_RE = re.compile(rf"[\s\-*•>]*(?:(?:pre|post)[\s-]*)?{words('W-VITAL-SIGN')}\b[^.;\n]{{0,30}}?\b(?:after|post|during|following|with|w/)\s",
                             re.IGNORECASE)
# E-DUPLICATE-LINE: a remark about the note's own text, marked as a remark ("*...", "(Note: ...", "Correction: ...")
_EDITORIAL_RE = re.compile(rf"[\s\-•>]*(?:\*+|\(\s*|(?:note|n\.b\.|correction|addendum|late\s+entry)"
                           r"(?:\s+[\d/:.]{1,10}){0,3}\s*[:\-])[^\n]*?\b"  # "Correction 3/2 1430: ... should read"
                           rf"{words('W-EDITORIAL')}\b", re.IGNORECASE)
_CONTACT_AFTER_RE = re.compile(rf"\s*{words('W-HANDS-ON-WORD')}\b", re.IGNORECASE)
# E-REPORTS: a line that names the patient ("Pt: Devon Pryce, 24M, C6 SCI ...; new power w/c w/ tilt.", "Client: R.
# Delacroix") identifies the patient; the services it names are history. Case-sensitive after the label: a name or an age.
_PATIENT_ID_LINE_RE = re.compile(rf"[ \t\-*•>]*(?i:{words('W-PATIENT-LABEL')})\s*:[ \t]*(?:(?i:{words('W-PERSON-TITLE')})\.?\s+)?"
                                 r"(?:[A-Z][a-z'\-]+(?:\s+[A-Z]\.)?\s+[A-Z][A-Za-z'\-]+|[A-Z]\.\s*[A-Z][a-z'\-]+|[A-Z]\.\s?[A-Z]\.|"
                                 r"\d{1,3}\s*(?:y/?o\b|yo\b|[MF]\b|-year))")
# E-REPORTS: how the patient wears a device ("Splint: pt wearing wrist cock-up at night -- reports compliant"): a
# report, unless the device was worked on or taught in the same clause (W-DEVICE-WORK, W-TEACH-VERB)
_WEAR_REPORT_RE = re.compile(rf"[\s\-*•>]*(?:(?:[\w/\-]+\s+){{0,3}}{words('W-DEVICE')}\s*:\s*)?(?:{words('W-REPORT-SUBJECT')}\s+)?"
                             # "Orthosis: pt no longer wearing volar wrist orthosis during day ..." (session 13)
                             r"(?:is\s+|has\s+been\s+|continues\s+to\s+|cont\s+to\s+|still\s+|now\s+|no\s+longer\s+|(?:is\s+)?not\s+)?"
                             r"(?:wearing|wears)\b|"
                             # "Anti-claw orthosis (fab 1/2026) worn to session, fit good." (session 11)
                             rf"[\s\-*•>]*(?:[\w/\-]+\s+){{0,3}}{words('W-DEVICE')}\s*(?:\([^()\n]{{0,30}}\)\s*)?(?:was\s+)?worn\s+"
                             r"(?:to|into|in)\s+(?:the\s+)?(?:session|clinic|tx|therapy|appt|appointment|today)\b",
                             re.IGNORECASE)
_DEVICE_WORK_RE = re.compile(rf"\b(?:{words('W-DEVICE-WORK')}|{words('W-TEACH-VERB')})\b", re.IGNORECASE)
# "fit good", "fit ok": how the device fits, seen, not work on it
_FIT_SEEN_RE = re.compile(r"fit\s*(?:is\s+|was\s+)?(?:good|ok|okay|well|appropriate|wnl|adequate|intact|fine)\b", re.IGNORECASE)
_JOB_LABEL_RE = re.compile(r"[\s\-*•>]*(?:(?:pt'?s|patient'?s|client'?s)\s+)?(?:job|job\s+demands?|job\s+description|work\s+demands|"
                           r"essential\s+(?:job\s+)?functions|occupation)\s*:", re.IGNORECASE)
# E-REPORTS: "He required min verbal cues ...", "Pt needed CGA ...": how the patient did the service just described
_PERFORMED_HOW_RE = re.compile(rf"[\s\-*•>]*{words('W-REPORT-SUBJECT')}\s+{words('W-PERFORMANCE-VERB')}\b", re.IGNORECASE)
_INLINE_ASSESSMENT_RE = re.compile(r"\s*(?:assessment|clinical\s+impression|impression)\s*:", re.IGNORECASE)
_TOTAL_LINE_RE = re.compile(r"[\s\-*•>]*(?:total|totals|sum|addendum|late\s+addendum|timed(?=\s*:))\b", re.IGNORECASE)
# "Referral to certified driver rehab specialist sent.": a referral made (E-REPORTS)
_OUT_REFERRAL_RE = re.compile(r"[\s\-*•>]*(?:new\s+)?(?:referral|referred|refer)\s+(?:(?:pt|patient|him|her)\s+)?(?:sent\s+|made\s+)?"
                              r"(?:to|for)\b", re.IGNORECASE)
# "Dr. Amsel requests a TENS trial before prescribing a home unit.": what a physician asked for (E-CLEARANCE)
_PHYSICIAN_ASKS_RE = re.compile(r"[\s\-*•>]*(?:dr\.?|md|physician|surgeon|referring\s+(?:md|physician|provider))\s+(?:[A-Z][\w'-]*\s+)?"
                                r"(?:requests?|requested|orders?|ordered|wants|would\s+like|recommends?|recommended|prescribed)\b",
                                re.IGNORECASE)
_LATE_ENTRY_RE = re.compile(r"[ \t]*(?:late\s+)?addendum\b[^:\n]{0,60}?\blate\s+entry\b[^:\n]{0,40}:[ \t]*", re.IGNORECASE)
_COPIED_LINE_RE = re.compile(r"[ \t]*[\[*(]+[ \t]*(?=[^\n]{0,80}?\b(?:copied|carried|copy)[\s-]+(?:fwd|forward)\b)"
                             r"(?=[^\n]{0,80}?(?:\b(?:prior|previous|last)\s+(?:visit|session|note|tx)\b|\bfrom\s+\d{1,2}/\d{1,2}|"
                             r"\bnot\s+(?:done|performed)\s+today\b))", re.IGNORECASE)
_ABOUT_NOTE_RE = re.compile(r"\b(?:documented|noted|described|listed|written|charted)\s+(?:above|below|earlier|elsewhere)\b|"
                            r"\b(?:see|as|per)\s+(?:above|below)\b", re.IGNORECASE)
# E-REFERENCES: "Tx this date after eval: ..." -- the evaluation is when, not what
_REF_BEFORE_RE = re.compile(rf"\b{words('W-TIME-REFERENCE')}\s+(?:{words('W-REFERENCE-DETERMINER')}\s+)?$", re.IGNORECASE)
_BILLED_AS_RE = re.compile(rf"\b{words('W-CLAIM-VERB')}\s+(?:as|under)\s+(?:a\s+|the\s+)?$", re.IGNORECASE)


def _is_eval(h) -> bool:
    return h[2] in ("CODE_NAME", "CODE_NUM") and h[3] in ("evaluation", "re_evaluation", "eval_bare", "97161", "97164")


_NUMW = (r"(?:\d{1,3}|(?:twenty|thirty|forty|fifty|sixty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
         r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)")
_PAIR_BEFORE_RE = re.compile(
    rf"(?:(?P<a>{_NUMW})\s*(?:minutes?|mins?)\s+(?:of|on|for|to|doing|with)|"
    rf"(?P<b>{_NUMW})\s+(?:minutes?\s+)?of\s+which\s+(?:went|were\s+spent|was\s+spent|were|was)\s+(?:to|on|in)|"
    rf"(?:the\s+other|another|the\s+remaining|the\s+last|the\s+final)\s+(?P<c>{_NUMW})\s+(?:minutes?\s+)?(?:went\s+)?(?:to|on|of|for|with)|"
    rf"(?:the\s+)?(?:first|next|last|final|other|remaining)\s+(?P<d>{_NUMW})\s+(?:minutes?|mins?)\s+(?:were|was|went\s+to|on|of|for|spent\s+on)"
    r"(?:\s+\w+){0,2}?)"
    r"\s+(?:the\s+|some\s+)?$",
    re.IGNORECASE)
# "MHP low back x 15 concurrent w/ IFC": the other modality is named as a time reference, not as a second service
_SITE_AFTER_RE = re.compile(rf"\s+(?:to|over|on|at)\s+(?:the\s+)?(?:(?:[RLB]|rt|lt|right|left|bilat\w*|b/l)\.?\s+)?"
                            rf"(?:{words('W-SITE-QUALIFIER')}\w*[./]?\s*)*"
                            rf"{words('W-BODY-PART')}\b", re.IGNORECASE)
_REFERENCE_BEFORE_RE = re.compile(r"\b(?:during|after|post|following|throughout|(?:by|at|near|toward|towards)\s+(?:the\s+)?(?:end|start|beginning)\s+of|"
                                  # "Pt rested 3 min between NMR and self-care (not counted)"
                                  r"between|between\s+\S+\s+and)\s+"
                                  r"(?:(?:the|his|her|today'?s|am|pm|morning|afternoon|first|second|last|1st|2nd)\s+){0,2}$",
                                  re.IGNORECASE)
_CONCURRENT_RE = re.compile(r"concurren|during|while|simultan|same\s+time|along\s*side", re.IGNORECASE)
# ("Mech lumbar traction ..., 15 min -- MHP to lumbar during traction": a dash joins the second one too)
_MOD_CONNECT_RE = re.compile(r"(?:,?\s*(?:with|w/|\+|and|plus|followed\s+by|then)\s+(?:an?\s+|the\s+)?|,\s+|\s+(?:--|–|—)\s+)$", re.IGNORECASE)


# "Following MLD, remedial exercises 12 minutes ...", "After the hot pack, ther ex 15 min: ...": a sentence that
# opens on a time word and a service, then a comma, names that service as when, not what (E-REFERENCES)
_OPENING_REF_RE = re.compile(r"[\s\-*•>]*(?:after|following|post)\s+(?:the\s+|his\s+|her\s+|today'?s\s+)?", re.IGNORECASE)
_REF_COMMA_RE = re.compile(r"[^,.;:\n]{0,30},\s")


def _without_opening_reference(text: str, s: int, heads: list) -> list:
    if len(heads) < 2 or not _OPENING_REF_RE.fullmatch(text, s, heads[0][0]):
        return heads
    comma = _REF_COMMA_RE.match(text, heads[0][1])
    if comma is None:
        return heads
    rest = [h for h in heads if h[0] >= comma.end()]
    return rest or heads


_PAST_ASIDE_RE = re.compile(r"\bago\b|\b\d{1,2}/\d{1,2}\b|\blast\s+(?:week|wk|visit|month|session)\b|\bprior\b|\bpreviously\b",
                            re.IGNORECASE)


def _past_aside(text: str, h) -> bool:
    """E-REFERENCES: a service named inside a parenthetical about the past ("WHO check 8 min: R wrist-hand orthosis
    (fabricated 3 wks ago)", "splint (issued 3/1)") is history, not the service of this line."""
    open_ = text.rfind("(", max(0, h[0] - 30), h[0])
    if open_ < 0 or ")" in text[open_:h[0]]:
        return False
    close = text.find(")", h[1], h[1] + 40)
    return close >= 0 and "\n" not in text[open_:close] and _PAST_ASIDE_RE.search(text, open_, close) is not None


def _device_work(text: str, s: int, e: int) -> bool:
    """Work on a device or teaching in the clause (W-DEVICE-WORK, W-TEACH-VERB); "fit good" is how it fits, seen."""
    return any(not _FIT_SEEN_RE.match(text, m.start()) for m in _DEVICE_WORK_RE.finditer(text, s, e))


_COLON_GAP_RE = re.compile(r"\s*:\s*$")


def _section_finder(sections):
    """``section_at(pos)``: the id of the section holding ``pos``, or None."""
    sec_starts = [s[0] for s in sections]

    def section_at(pos: int) -> str | None:
        i = bisect.bisect_right(sec_starts, pos) - 1
        return sections[i][2] if i >= 0 and pos < sections[i][1] else None
    return section_at


def _line_bounds(text: str, ls: int, le: int, title, sig) -> tuple[int, int] | None:
    """A line without its surrounding blanks and without the note's title; None for a blank line, the title itself
    or a short line of the signature block."""
    while le > ls and text[le - 1] in "\r \t":
        le -= 1
    while ls < le and text[ls] in " \t":
        ls += 1
    if ls >= le:
        return None
    if title and ls >= title[0] and le <= title[1]:
        return None
    if title and title[0] <= ls < title[1]:
        ls = title[1]  # prose line whose first sentence is the title
        while ls < le and text[ls] in " \t":
            ls += 1
        if ls >= le:
            return None
    if sig and ls >= sig[0] and le - ls <= 100:
        return None
    return ls, le


def _timed(text: str, s: int, e: int) -> bool:
    return any(m.kind in ("duration", "clock") for m in find_mentions(text[s:e]))


_PROGRAM_NAMES = frozenset({"work_conditioning", "performance_test"})


def _day_clock_line(text: str, start: int, end: int, heads) -> tuple[int, int] | None:
    """A line in text[start:end] that names no service and gives a clock interval ("Clock: 0800-1230")."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos)
        le = end if nl < 0 or nl > end else nl
        if text[pos:le].strip() and not heads(pos, le) and any(m.kind == "clock" for m in find_mentions(text[pos:le])):
            return pos, le
        pos = le + 1
    return None


def _session_labels(text: str, segments) -> list[tuple[int, int]]:
    """E-SPLIT-OVERVIEW: a session label with its clock, alone on its line, over a paragraph whose services give their
    own minutes ("... oral care and shaving standing at sink ... 32 min."), is the session's heading: the services are
    below it, and its clock is not a second time for them. Without minutes below, the label keeps its clock."""
    out = []
    for k, (s, e, _g) in enumerate(segments):
        if text[s - 1:s] not in ("", "\n") or not SESSION_LABEL_RE.fullmatch(text, s, _line_end(text, s)):
            continue
        para_end = text.find("\n\n", e)
        para_end = len(text) if para_end < 0 else para_end
        below = [sg for sg in segments[k + 1:] if sg[0] < para_end]
        if below and any(m.kind == "duration" for sg in below for m in find_mentions(text[sg[0]:sg[1]])):
            out.append((s, e))
    return out


def _line_end(text: str, s: int) -> int:
    e = text.find("\n", s)
    return len(text) if e < 0 else e


# E-NET-TIME: "5 min seated rest + toileting break excluded (25 min of training)": time left out of a service
_BREAK_CLAUSE_RE = re.compile(rf"[ \t\-*•>(]*(?:(?:~|about\s+)?\d{{1,2}}\s*(?:min\w*|')\s+(?:of\s+)?)?{words('W-BREAK-NOUN')}\b[^\n]{{0,60}}?"
                             rf"\b{words('W-NOT-COUNTED')}\b", re.IGNORECASE)
_NEGATED_ASIDE_RE = re.compile(r"\(\s*(?:no|not|avoid|avoiding|without|w/o|never)\b", re.IGNORECASE)


def _in_negated_aside(text: str, h) -> bool:
    """ "educated in sternal precautions (no pushing up through arms)": a service word inside a parenthesis that
    forbids it names a precaution, not a clause's own service."""
    open_ = text.rfind("(", max(0, h[0] - 40), h[0])
    return open_ >= 0 and ")" not in text[open_:h[0]] and _NEGATED_ASIDE_RE.match(text, open_) is not None


def _without_overviews(segments, overviews):
    """An overview sentence is dropped when services are described after it; alone, it is the service."""
    if not (overviews and segments):
        return segments
    last = segments[-1][0]
    return [sg for sg in segments if not any(a <= sg[0] and sg[1] <= b and b <= last for a, b in overviews)]


class Segmenter(LineBlocks):
    def __init__(self, nlp: Language, name: str = "nlp_coder_interventions", log_line_chars: int = 45,
                 prose_line_chars: int = 400):
        super().__init__()
        register_extensions()
        self.name = name
        self.log_line_chars = log_line_chars
        self.prose_line_chars = prose_line_chars

    # -- helpers over the sorted term list
    @staticmethod
    def _terms_in(terms, starts, s, e):
        return terms_within(terms, starts, s, e)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        terms = self._index(doc, text)
        starts = [t[0] for t in terms]
        section_at = _section_finder(doc_sections(doc))
        title = get_doc_ext(doc, "nlp_title")
        sig = get_doc_ext(doc, "nlp_signature")
        segments: list[tuple[int, int, int]] = []  # (start, end, group)
        overviews: list[tuple[int, int]] = []  # "Pt seen ... for ... session." sentences
        time_splits: list[list] = []
        group = 0
        fixes = charge_fixes(text)
        self._charge_lines: list[list[int]] = []
        for ls, le in self._join_list_blocks(text, self._lines(text)):
            bounds = _line_bounds(text, ls, le, title, sig)
            if bounds is None:
                continue
            ls, le = bounds
            sec = section_at(ls)
            if sec in NO_INTERVENTION_SECTIONS:
                continue
            if fixes:
                cut = remark_cut(text, fixes, ls, le)
                if cut is not None and not self._heads(cut, cut + 3):
                    le = cut  # "CI addendum: ... Charges corrected: 97110 x2, ...": about the billing, not a service
                    if not text[ls:le].strip():  # (E-CORRECTED-CHARGES)
                        continue
            ls = self._service_line_start(text, terms, starts, ls, le)
            if ls is None:
                continue
            time_splits.extend(self._line_time_splits(text, ls, le))
            sents = split_sentences(text, ls, le)
            forced: set[tuple[int, int]] = set()  # parts of a timed sentence ("divided between A and B"): done
            if self._log_like(text, ls, le, sents):
                pieces = self._log_pieces(text, le, sents, overviews, time_splits, forced)
            else:
                pieces = self._prose_pieces(text, terms, starts, ls, sents, overviews, time_splits, forced)
            relaxed = sec in SECTION_STATUS
            for s, e in pieces:
                group += 1
                for cs, ce in self._clauses(text, terms, starts, s, e):
                    if self._service_clause(text, terms, starts, cs, ce, sec, ls,
                                            relaxed or (s, e) in forced):
                        segments.append((cs, ce, group))
        segments = self._merge_untimed_halves(text, segments)
        segments = self._one_test_day(text, segments)
        segments = self._program_day(text, terms, starts, title, segments)
        segments = _drop_repeated_lines(text, segments)
        overviews.extend(self._intro_lines(text, segments))
        overviews.extend(self._first_session_intros(text, segments))
        overviews.extend(_session_labels(text, segments))
        spans, rows = self._rows(doc, text, _without_overviews(segments, overviews), section_at, sig)
        doc.spans[INTERVENTIONS] = spans
        doc.user_data[IV_ROWS] = rows
        set_doc_ext(doc, "nlp_time_splits", time_splits)
        if self._charge_lines:
            set_doc_ext(doc, "nlp_charge_lines", self._charge_lines)
        return doc


    def _service_line_start(self, text, terms, starts, ls, le) -> int | None:
        """Where the services of a line start, or None for a line that names none: no head, a category heading, who
        the patient is, a total, a claim, a time-table row, one time for two services."""
        if not self._heads(ls, le):
            return None  # no service named on this line
        if _COPIED_LINE_RE.match(text, ls, min(le, ls + 90)):
            return None  # "*** Prior visit (2/10) copied forward: US ...; STM ... ***", "[Copied fwd from 7/8 note - not
            # done today] O: BAPS ...": another visit's services, kept in the note (E-DUPLICATE-LINE)
        if _CATEGORY_HEADER_RE.fullmatch(text, ls, le):
            return None  # "Modalities (set up by K. Osei, DPT):": a heading over the modalities listed under it
        if _PATIENT_ID_LINE_RE.match(text, ls, le) and not find_mentions(text[ls:le]):
            return None  # "Pt: Devon Pryce, 24M, C6 SCI; new power w/c w/ tilt.": who the patient is (E-REPORTS)
        late = _LATE_ENTRY_RE.match(text, ls, le)
        if late is not None:
            ls = late.end()  # "ADDENDUM 4/2/26 0815 (late entry for DOS 3/31/26): Manual therapy 10 min was performed on
            # 3/31 and left out of the original note ...": a late entry documents the visit's service
        if _TOTAL_LINE_RE.match(text, ls):
            first = split_sentences(text, ls, le)
            if len(first) > 1 and self._heads(first[1][0], le) and (
                    le - ls > self.prose_line_chars or not self._heads(*first[0])):
                ls = first[1][0]  # "Total treatment time thirty-five minutes. We spent ...": a paragraph that opens
                # on the visit total (read by facts.py) goes on to the services
        if (_TOTAL_LINE_RE.match(text, ls) or _SESSION_TOTAL_LINE_RE.match(text, ls, le)
                or _CODES_ONLY_RE.fullmatch(text, ls, le) or _PROFILE_LINE_RE.match(text, ls)
                or TIME_ROW_RE.fullmatch(text, ls, le)  # "Ther Ex (97110) .... 20": a time-table row (D-TIME-TABLE)
                or CODE_FIRST_ROW_RE.fullmatch(text, ls, le)  # "97116   Gait training   30", "97110 Ther Ex .... 2"
                or (";" in text[ls:le] and row_list(text, ls, le) is not None)  # "97116 - 15 min - 1 unit; 97110 ..."
                or _CLAIM_SENTENCE_RE.match(text, ls)):
            return None  # "Total timed tx 35 min (gait + ther ex)", "97542 x2": sums and claims, read by facts.py
        if _DEVICE_FIELD_RE.fullmatch(text, ls, le) and not find_mentions(text[ls:le]):
            return None  # "Orthosis: dorsal blocking orthosis (wrist 20 flex ...) fabricated 2/13/26.", "Orthosis: hand-based
            # extension orthosis (fab 3/2) night wear.": the device the patient has, a field of the header (E-REPORTS)
        if _ORDER_LABEL_RE.match(text, ls, le):
            return None  # "Referral.....: Dr. Feld -- fabricate thumb spica", "Rx: PT eval and treat": what the
            # physician ordered, not a service given (E-REPORTS)
        if "|" in text[ls:le] and _MINUTES_SUMMARY_RE.fullmatch(text, ls, le):
            return None  # "US 8 | PROM/AAROM 20 | Scap ex 10 | IFC/CP 15": the minutes of the services above, summed
            # up in a row (E-CHARGE-SUMMARY)
        if self._charge_summary(text, ls, le):
            self._charge_lines.append([ls, le])  # its claims are read by facts.py
            return None
        if self._combined_total(text, terms, starts, ls, le):
            return None  # "PROM and mobs together 25 min.": one time for two services, no split
        return ls

    def _charge_summary(self, text, ls, le) -> bool:
        """E-CHARGE-SUMMARY: a line that only sums up the charges ("97110 x2, 97530 x1 -- 38 min timed", "Timed 75' = 5u:
        97110 x3, 97140 x1, 97035 x1.", "Units: TE 1, MT 1", "I billed 97112 x1 and 97530 x1 for this session."):
        every service it names is a code or a code's name with a unit count after it, and it is labelled as charges,
        said to be billed, or names two codes. Its claims are read by facts.py; it is no service."""
        hs = self._heads(ls, le)
        if not hs or not all(h[2] in ("CODE_NUM", "CODE_NAME") and _UNIT_COUNT_AFTER_RE.match(text, h[1], le) for h in hs):
            return False
        if _CHARGE_LABEL_RE.match(text, ls, le) or _WE_BILLED_RE.match(text, ls, le):
            return True
        return sum(1 for h in hs if h[2] == "CODE_NUM") >= 2

    def _line_time_splits(self, text, ls, le) -> list[list]:
        """One time over the line's two services, no split: "Tx 30 min: ther ex for B LE strength (...) and gait trng
        w/ RW ..." (E-TEMPLATES), "Ther ex + manual 30 min total: pelvic tilts ...; PA mobs ..."."""
        out = []
        visit_label = _VISIT_LABEL_TIME_RE.match(text, ls, le)
        label_end = (split_sentences(text, ls, le) or [(ls, le)])[0][1] if visit_label is not None else le
        if visit_label is not None and len({self._kind(h) for h in self._heads(visit_label.end(), label_end)}) >= 2 \
                and len([m for m in find_mentions(text[ls:label_end]) if m.kind in ("duration", "clock")]) == 1:
            out.append([ls, label_end, 0, -1, "combined"])
        combo = _COMBINED_LABEL_RE.match(text, ls, le)
        if combo is not None and len({self._kind(h) for h in self._heads(ls, combo.end())}) >= 2:
            out.append([ls, le, 0, -1, "combined"])
        return out

    def _log_like(self, text, ls, le, sents) -> bool:
        """A log line: its first sentence names a service near the line's start (or it is a list item), and it is not
        a long paragraph."""
        first_heads = self._heads(*sents[0]) if sents else []
        return bool(first_heads) and (le - ls) <= self.prose_line_chars and (
            first_heads[0][0] - ls <= self.log_line_chars or LIST_MARK_RE.match(text, ls) is not None)

    def _log_pieces(self, text, le, sents, overviews, time_splits, forced) -> list[tuple[int, int]]:
        """A log line's services: its first sentence and the sentences after it that go on with that service, a new
        piece at each sentence that names and times another one."""
        low = self._low
        pieces: list[tuple[int, int]] = []
        # history (E-REPORTS), or which visit of a program this is ("LSVT BIG session 12/16.")
        cur = None if (self._referral(text, *sents[0]) or _VISIT_COUNT_SENT_RE.fullmatch(text, *sents[0])) \
            else list(sents[0])
        if cur is not None and (self._overview(text, *sents[0]) or _cotreat_overview(text, sents[0], le)):
            overviews.append(sents[0])
        for s, e in sents[1:]:
            if _CLAIM_SENTENCE_RE.match(text, s) or _INLINE_ASSESSMENT_RE.match(text, s):
                continue  # "Documented as 97110.": a claim (facts.py attaches it), not more of the service;
                # "Assessment: guarding decreased after the soft tissue work ...": the assessment (E-REPORTS)
            if cur is not None and _REPORT_RE.match(text, s) and not find_mentions(text[s:le]):
                pieces.append(tuple(cur))  # "Her daughter asked about the chair exercise class.": a report
                cur = None  # ends the service before it (E-REPORTS)
                continue
            if cur is not None and self._break_sentence(text, s, e):
                cur[1] = e  # a break left out of this service's time (E-NET-TIME)
                continue
            hs = self._heads(s, e)
            lead = s + len(text[s:e]) - len(text[s:e].lstrip(" -*•>"))
            parts = (self._divided_parts(text, hs, s, e)
                     if hs and ("between" in low[s:e] or "togeth" in low[s:e]) and
                     (_DIVIDED_RE.search(text, s, e) or _TOGETHER_RE.search(text, s, e)) else [])
            if len(parts) >= 2 and not _EVEN_SPLIT_RE.search(text, s, e):
                pieces.append(tuple(cur))  # "The remaining half hour was divided between A and B."
                time_splits.append([s, e, 0, -1, "|".join(sorted({k for k, _a, _b in parts}))])
                pieces.extend((a, b) for _k, a, b in parts)
                forced.update((a, b) for _k, a, b in parts)
                cur = None
                continue
            if cur is None:
                cur = [s, e]
                continue
            if hs and _TOTAL_LINE_RE.match(text, s) and e >= le - 1 and all(
                    self._kind(h) == self._kind(self.pick_head(self._heads(cur[0], cur[1]))) for h in hs):
                # "... grooming at sink. Total 38 min of 1:1 ADL training.": the line's last sentence gives the time of
                # the service it named again, not another service; with the service timed already it restates it
                if not any(m.kind in ("duration", "clock") for m in find_mentions(text[cur[0]:cur[1]])):
                    cur[1] = e
                continue
            own_kind_change = bool(hs) and self._kind(self.pick_head(hs)) != self._kind(
                self.pick_head(self._heads(cur[0], cur[1])))
            intro = not own_kind_change and not find_mentions(text[cur[0]:cur[1]])  # "First session with new
            # prosthesis today. 30 min prosthetic training: ...": the first sentence introduces the second
            if hs and (any(is_strong(h[2], h[3]) for h in hs) or hs[0][0] <= lead + 2 or own_kind_change
                       or self._both_timed(text, cur, s, e)) \
                    and find_mentions(text[s:e]) and not intro:
                pieces.append(tuple(cur))
                cur = [s, e]
            elif own_kind_change and _SEQUENCE_START_RE.match(text, s):
                pieces.append(tuple(cur))  # "Paraffin B hands at start. Then AROM/tendon glides ...": the next service
                cur = [s, e]
            elif own_kind_change and hs[0][0] <= lead + 2 and (
                    is_strong(hs[0][2], hs[0][3]) or self._dash_label(text, hs, e)):
                # ("Manual - PA mobs L4-5 gr III, STM ...": a weak name used as the sentence's label is the label)
                pieces.append(tuple(cur))  # "... for LE strength. Gait training w/ RW through kitchen ...": a
                cur = [s, e]  # sentence that opens on another service's name is that service, timed or not
            elif "total" in low[s:e] and re.search(r"\btotal\b", text[s:e], re.IGNORECASE):
                if (not pieces and e >= le - 1 and not hs and not find_mentions(text[cur[0]:cur[1]])
                        and not _VISIT_TOTAL_RE.search(text, s, e)):
                    pieces.append((cur[0], e))  # "Ortho fab: ... 25 min total.": the line's one service's time
                    forced.add((cur[0], e))
                    cur = None
                    break
                pieces.append(tuple(cur))
                if find_mentions(text[s:e]):
                    forced.add(tuple(cur))  # "... dressed seated at EOB w/ reacher. Total 34 min.": timed, done
                cur = None
                break
            elif not hs and tuple(cur) in overviews and self._place_only(*cur) and not find_mentions(text[s:e]):
                continue  # "Pt seen for AM session in her room and the ADL suite. Pt was alert, oriented x3 ...": an
                # overview naming the service only by its place is not gone on by a sentence naming none (E-SPLIT-OVERVIEW)
            else:
                cur[1] = e
        if cur:
            pieces.append(tuple(cur))
        return pieces

    def _prose_pieces(self, text, terms, starts, ls, sents, overviews, time_splits, forced) -> list[tuple[int, int]]:
        """A prose line's services: each sentence that names a service, with the sentences that go on with it, its
        time or how it went; overview and split sentences go to ``overviews`` / ``time_splits``."""
        low = self._low
        pieces: list[tuple[int, int]] = []
        timed_tail = None  # a headless timed sentence that ends the line: "... while wearing. 25 min."
        timed_lead = None  # "10:00-10:20 co-tx w/ PT. OT led transfer training: ..." carries its time on
        for s, e in sents:
            if _CLAIM_SENTENCE_RE.match(text, s):
                continue  # "Billed as ther ex.": a claim about the service before it (facts.py)
            if s > ls and _INLINE_ASSESSMENT_RE.match(text, s):
                continue  # "... Assessment: guarding decreased after the soft tissue work ...": dictated prose
                # running into its assessment, which names no service (E-REPORTS)
            if pieces and self._break_sentence(text, s, e):
                pieces[-1] = (pieces[-1][0], e)  # a break left out of this service's time (E-NET-TIME)
                timed_lead = None
                continue
            if self._referral(text, s, e):
                continue  # how the patient came to therapy (E-REPORTS)
            if SELF_DEMO_RE.match(text, s, e) and not find_mentions(text[s:e]):
                continue  # "She put the splint on by herself x2 before leaving.": a return demonstration
            if pieces and _REPORT_RE.match(text, s) and not find_mentions(text[s:e]):
                continue  # "Her daughter asked about the facility's chair exercise class.": a report, not more of
                # the service before it (E-REPORTS)
            if pieces and _PERFORMED_HOW_RE.match(text, s, e) and not find_mentions(text[s:e]):
                pieces[-1] = (pieces[-1][0], e)  # "He required min verbal cues and modeling to sequence a
                timed_lead = None  # 4-step obstacle course by the end.": how the service before it went
                continue
            hs = self._heads(s, e)
            if not hs and pieces and _BACK_TIME_RE.match(text, s) and not find_mentions(
                    text[pieces[-1][0]:pieces[-1][1]]) and any(m.kind == "duration" for m in find_mentions(text[s:e])):
                pieces[-1] = (pieces[-1][0], e)  # "This portion took about twenty-five minutes.": the time of
                timed_lead = timed_tail = None  # the service just described
                continue
            if not hs:
                ms_here = find_mentions(text[s:e])
                if timed_lead is not None and ms_here and all(m.kind == "non_treatment" for m in ms_here):
                    continue  # "Out 1310-1405 to the bus. About ten of those minutes were spent waiting (not
                    # counted). She read the route schedule ...": a break inside the time carried on
                # "10:00-10:20 co-tx w/ PT. OT led transfer training ..." carries its time on; "Visit 40 min
                # total." is the visit's total, not the next service's time
                timed_lead = s if (any(m.kind in ("duration", "clock") for m in find_mentions(text[s:e]))
                                   and "total" not in low[s:e]) else None
                timed_tail = (s, e) if (timed_lead is not None and _BARE_TIME_SENT_RE.fullmatch(text, s, e)) else None
                continue
            timed_tail = None
            if timed_lead is not None and not find_mentions(text[s:e]):
                s = timed_lead
            timed_lead = None
            if self._split_sentence(text, s, e, hs, pieces, time_splits, forced):
                continue
            prev = pieces[-1] if pieces else None
            # an overview naming the service only by its place ("Pt seen for AM session in her room and the ADL
            # suite.") is not gone on by a sentence naming none (E-SPLIT-OVERVIEW)
            if prev is not None and not (prev in overviews and not hs and self._place_only(*prev)) \
                    and self._goes_on(text, terms, starts, prev, s, e, hs):
                pieces[-1] = (prev[0], e)  # the same service goes on in the next sentence
                continue
            if not pieces and self._overview(text, s, e):
                overviews.append((s, e))
            pieces.append((s, e))
        if timed_tail is not None and pieces and pieces[-1][1] <= timed_tail[0] \
                and not find_mentions(text[pieces[-1][0]:pieces[-1][1]]):
            pieces[-1] = (pieces[-1][0], timed_tail[1])  # the line's last words give its one service's time
        return pieces

    def _split_sentence(self, text, s, e, hs, pieces, time_splits, forced) -> bool:
        """A sentence that shares one time among its services: split evenly (an overview), divided between them, or
        "eight minutes of ultrasound and twenty-two minutes of strengthening" (an overview whose minutes go to the
        services described after it, facts.py). Records the split and answers whether the sentence was one."""
        seg_low = self._low[s:e]
        split_words = "between" in seg_low or "even" in seg_low or "equal" in seg_low or "half" in seg_low
        if hs and split_words and _EVEN_SPLIT_RE.search(text, s, e):
            mins = [m for m in find_mentions(text[s:e]) if m.kind in ("duration", "total_of")]
            kinds = sorted({self._kind(h) for h in hs})
            if mins and len(kinds) >= 2:
                time_splits.append([s, e, mins[0].minutes, len(kinds), "|".join(kinds)])
                return True  # an overview sentence, not a service of its own
        if hs and ("between" in seg_low or "togeth" in seg_low) and (
                _DIVIDED_RE.search(text, s, e) or _TOGETHER_RE.search(text, s, e)) and not _EVEN_SPLIT_RE.search(text, s, e):
            parts = self._divided_parts(text, hs, s, e)
            if len(parts) >= 2:
                # "the remaining half hour was divided between gait ... and standing balance ...": two
                # services, one time, no split (facts.py leaves each without minutes)
                time_splits.append([s, e, 0, -1, "|".join(sorted({k for k, _a, _b in parts}))])
                pieces.extend((a, b) for _k, a, b in parts)
                forced.update((a, b) for _k, a, b in parts)
                return True
        pairs = self._minute_pairs(text, s, hs) if len(hs) >= 2 and _may_pair(seg_low) else []
        if len(pairs) >= 2 and len({k for k, _m in pairs}) == len(pairs):
            time_splits.append([s, e, sum(m for _k, m in pairs), 0, "|".join(f"{k}={m}" for k, m in pairs)])
            return True
        return False

    def _goes_on(self, text, terms, starts, prev, s, e, hs) -> bool:
        """An untimed sentence naming only weak heads of a kind that continues the piece before it (which has a strong
        head or a sign of doing) is more of that service."""
        prev_hs = self._heads(*prev)
        return bool(prev_hs and hs and not find_mentions(text[s:e])
                    and not any(is_strong(h[2], h[3]) for h in hs)
                    and (any(is_strong(h[2], h[3]) for h in prev_hs) or self._done(text, terms, starts, *prev))
                    and _continues(self._kind(self.pick_head(prev_hs)), self._kind(self.pick_head(hs)))
                    and not any(is_strong(h[2], h[3]) and h[2] != "ACTIVITY" and self._kind(h) != self._kind(hs[0])
                                for h in hs))

    def _service_clause(self, text, terms, starts, cs, ce, sec, ls, done) -> bool:
        """Whether a clause is a service: it names one, is not a report about the patient, the job or the setting,
        and the service was done (a strong head, a sign of doing, a treatment-list item; ``done``: a status section
        or a part of a timed sentence)."""
        hs = self._heads(cs, ce)
        if not hs:
            return False
        if hs[0][0] - cs > 3 and _SAYS_RE.match(text, cs):
            return False
        if _VISIT_COUNT_SENT_RE.fullmatch(text, cs, ce):
            return False  # "LSVT BIG session 12/16.": the visit's number in a program
        if (_OUT_REFERRAL_RE.match(text, cs, ce) or _PHYSICIAN_ASKS_RE.match(text, cs, ce)) and not find_mentions(text[cs:ce]):
            return False  # "Referral to certified driver rehab specialist sent.": a referral made, not a service (E-REPORTS)
        if all(h[2] == "CODE_NUM" for h in hs) and _ABOUT_NOTE_RE.search(text, cs, ce) and not find_mentions(text[cs:ce]):
            return False  # "Separate, non-overlapping time blocks documented above for 97140 and 97530.": a remark on
            # the note's own documentation, naming codes only (E-DUPLICATE-LINE)
        if _JOB_LABEL_RE.match(text, cs, ce):
            return False  # "Job: repetitive knife cuts 8 hr, lifting 30# lugs.": the job's demands (E-REPORTS)
        if _ARRANGEMENT_ONLY_RE.fullmatch(text, cs, ce):
            return False  # "1:1 in pool.": how the session was given, not a service of its own
        if _POOL_SETTING_RE.fullmatch(text, cs, ce):
            return False  # "Pool 92F, 4 ft depth, 1:1 in pool.": the setting of the aquatic service below
        if self._all_findings(text, cs, ce):
            return False  # "Wrist AROM today: ext 52 (was 40)", "Gait: mild R knee flexed at IC" (E-REPORTS)
        if SELF_DEMO_RE.match(text, cs, ce) and not find_mentions(text[cs:ce]):
            return False  # "She put the splint on by herself x2 before leaving.": a return demonstration
        if (_WEAR_REPORT_RE.match(text, cs, ce) and not _device_work(text, cs, ce)
                and not find_mentions(text[cs:ce])):
            return False  # "Splint: wearing static wrist orthosis at night only now, per plan.": a report
        if _EDITORIAL_RE.match(text, cs, ce):
            return False  # "*2nd AROM line is a duplicate from copy-forward - one 15 min block only.": about the note
        if self._vitals_after(text, cs, ce, hs):
            return False  # "Res. tolerated tx well. RPE 13/20 after gait.": a vital sign taken after the service
        if hs[0][0] - cs > 3 and _NEEDED_DURING_RE.match(text, cs, ce):
            return False  # "Pt needed min A for standing balance during TA.": how the patient did (E-REPORTS)
        strong = any(is_strong(h[2], h[3]) for h in hs)
        if sec == "measures" and not strong:
            return False  # "Endurance: ball activities 4-5 minutes" reports a measure, not a service
        return (done or strong or self._done_near(text, terms, starts, cs, ce, hs[0][0])
                or self._treatment_item(text, sec, ls, hs) or self._log_item_between_timed(text, sec, ls, hs))

    def _log_item_between_timed(self, text, sec, ls, hs) -> bool:
        """E-LIST-ITEM: a line that opens with a code's name ("STM/suboccipital release, cervical paraspinals and UT,
        pt supine.") between two lines of the log that name services with their minutes is an item of that log:
        done, without time of its own."""
        if not (sec in (None, "objective", "treatment") or (sec or "").startswith("discipline_")) \
                or hs[0][0] - ls > 2 or hs[0][2] != "CODE_NAME":
            return False
        prev_end = ls - 1
        prev_start = text.rfind("\n", 0, max(0, prev_end)) + 1
        next_start = text.find("\n", ls) + 1
        if prev_end <= 0 or next_start <= 0:
            return False
        rest = text[hs[0][1]:next_start]
        if len(re.findall(r"[A-Za-z]{2,}", rest)) < 3 or _NOT_DONE_ROW_RE.search(rest):
            return False  # "Gait: n/a": a row of the template, not done
        next_end = _line_end(text, next_start)

        def timed_service(a, b) -> bool:
            h = self._heads(a, b)
            return bool(h) and h[0][0] - a <= 20 and any(m.kind in ("duration", "clock") for m in find_mentions(text[a:b]))

        return timed_service(prev_start, prev_end) and timed_service(next_start, next_end)

    def _rows(self, doc, text, segments, section_at, sig) -> tuple[list, list]:
        """The intervention spans and their rows (start, end, group, head, section, status, role)."""
        spans = []
        rows: list[list] = []
        billed_words = "billed" in self._low or "charged" in self._low or "coded" in self._low or "documented" in self._low
        for s, e, g in segments:
            if sig and s >= sig[0]:
                continue
            sp = doc.char_span(s, e, label="INTERVENTION", alignment_mode="expand")
            if sp is None or not len(sp):
                continue
            hs = self._heads(s, e)
            if rows and hs and all(_REFERENCE_BEFORE_RE.search(text, max(s, h[0] - 24), h[0]) for h in hs) \
                    and all(m.kind == "non_treatment" for m in find_mentions(text[s:e])):
                continue  # 'Cord "popped" x1 during manual, no pain after.', "Pt rested 3 min between NMR and gait (not
                # counted).": what happened during or between services named before, not another service (E-REFERENCES)
            head = self._row_head(text, s, hs, billed_words)
            rows.append([sp.start_char, sp.end_char, g, [head[0], head[1], head[2], head[3]] if head else None,
                         section_at(s), "performed", None])
            spans.append(sp)
        return spans, rows

    def _row_head(self, text, s, hs, billed_words):
        """The head that names the intervention starting at ``s``: not an evaluation or a claim named as a time
        reference, not a past aside, not the device the exercise was done in, not the purpose; a log line's label."""
        # "Tx this date after eval: ...", "Treatment following re-eval: ...": the evaluation is a time reference
        named = [h for h in hs if not (_is_eval(h) and _REF_BEFORE_RE.search(text, max(s, h[0] - 14), h[0]))
                 and not (billed_words and _BILLED_AS_RE.search(text, max(s, h[0] - 16), h[0]))]  # "(billed as manual therapy)"
        named = [h for h in named if not _past_aside(text, h)] or named  # "(fabricated 3 wks ago)"
        named = _without_opening_reference(text, s, named)
        # "... active hold programme within the orthosis ...": the device is where the exercise was done
        named = [h for h in named if not (_DEVICE_WORD_RE.fullmatch(text, h[0], h[1])
                                          and _WITHIN_BEFORE_RE.search(text, max(s, h[0] - 18), h[0]))] or named
        named = self._outside_purpose(text, s, named or hs)
        head = self.pick_head(named or hs)
        cands = named or hs
        lead = cands[0] if cands else None
        if lead is not None and len(cands) > 1 and _COLON_GAP_RE.match(text[lead[1]:cands[1][0]]):
            lead = cands[1]  # "Modalities: Hot pack" -- the category label, then the service
        if lead is not None and (lead[0] - s <= 2 or _qualified_label(text, s, lead)) and (lead[2] != "ACTIVITY" or (
                _LABEL_END_RE.match(text, lead[1]) and not load_lexicon()[f"{lead[2]}|{lead[3]}"].attrs.get("weak"))):
            # a log line's label names its service ("CP R knee during IFC, 15 min.", "Transfer training 15 min: ...")
            head = lead
            if head[2] == "CODE_NAME" and head[3] == "massage":
                # "Retrograde massage + STM dorsal hand ...": the soft tissue mobilisation named with it makes the
                # label manual therapy (E-MASSAGE-AND-MANUAL)
                head = next((h for h in cands if h[2] == "CODE_NAME" and h[3] in ("manual", "manual_bare")), head)
        return head

    def _all_findings(self, text: str, s: int, e: int) -> bool:
        """E-REPORTS: every sentence of the clause that names a service measures or observes the patient."""
        if not may_report(self._low[s:e]):
            return False
        seen = False
        for ss, se in split_sentences(text, s, e):
            hs = self._heads(ss, se)
            if not hs:
                continue
            if _REPORT_RE.match(text, ss) and not find_mentions(text[ss:se]):
                continue  # "Knee pain 1/10 during drills, 0/10 after.": a report beside the findings (E-REPORTS)
            if all(_REF_BEFORE_RE.search(text, max(ss, h[0] - 14), h[0]) for h in hs) and _MEASURE_RE.search(text, ss, se):
                seen = True  # "R knee flex 92 deg (PM, post ther ex).": a measure taken after the service it names
                continue  # (E-REFERENCES)
            if not (is_measurement(text, ss, se, hs[0][1]) or is_observation(text, ss, se, hs[0][1])):
                return False
            seen = True
        return seen


    @staticmethod
    def _both_timed(text, cur, s, e) -> bool:
        """"... single leg RDL - 3x12 - 15 min. Single-leg hops ... for return to running, 12 min.": the service so far
        and this sentence each give their own duration, so this sentence is another service (E-OWN-TIME)."""
        def timed(a, b):
            return any(m.kind == "duration" for m in find_mentions(text[a:b]))
        return timed(s, e) and timed(cur[0], cur[1])

    def _vitals_after(self, text, s, e, hs) -> bool:
        """E-REPORTS: every sentence that names a service reads a vital sign after or during it ("RPE 13/20 after
        gait", "SpO2 88% w/ amb"), and no sentence of the clause has minutes of its own."""
        low = self._low[s:e]
        if not any(w in low for w in needles("W-VITAL-SIGN")) or find_mentions(text[s:e]):
            return False  # (every sentence must open on a vital sign: most clauses have none, and need no more)
        named = [(a, b) for a, b in split_sentences(text, s, e) if self._heads(a, b)]
        return bool(named) and all(_VITAL_AFTER_RE.match(text, a, b) for a, b in named)


    @staticmethod
    def _outside_purpose(text, s, heads):
        """The heads before the line's stated purpose: "arm erg 10 min ...; to build UE endurance for ADLs" is
        exercise and "UE strengthening ... for strength to help w/ w/c propulsion" is not wheelchair training; a
        service named only in its purpose ("to improve safety w/ transfers") keeps its head."""
        if len(heads) < 2:
            return heads
        m = _HEAD_PURPOSE_RE.search(text, heads[0][1], heads[-1][0])
        if m is None:
            m = _PARAM_FOR_TASK_RE.search(text, heads[0][1], heads[-1][0])  # "for UE strength/endurance for w/c propulsion"
        if m is None:
            return heads
        before = [h for h in heads if h[1] <= m.start()]
        if not before:
            return heads
        # only a task named as the goal is dropped ("for ADLs", "w/c propulsion"); "to improve sensory integration"
        # names the approach of the service itself
        return [h for h in heads if h[1] <= m.start() or Segmenter._kind(h) not in _TASK_GOAL_KINDS]

    def _merge_untimed_halves(self, text, segments):
        """E-SAME-SERVICE: two neighbouring pieces of prose naming the same activity-defined service, one with minutes
        and one without ("Resident seen in room for shower/bathing session ... Energy conservation training during
        bathing 20 min: ...", "Ortho fab: ... 25 min total.\nPt able to return-demo orthosis removal ..."), are one
        service described in two sentences, not a second service without time."""
        if len(segments) < 2:
            return segments
        out = [list(segments[0])]
        for s, e, g in segments[1:]:
            ps, pe, _pg = out[-1]
            gap = text[pe:s]
            if (gap.count("\n") <= 1 and ("\n" not in gap or _NARRATIVE_START_RE.match(text, s))
                    and self._same_service(text, ps, pe, s, e)):
                out[-1][1] = e
                continue
            out.append([s, e, g])
        return [tuple(x) for x in out]

    def _one_test_day(self, text, segments):
        """E-TEST-DAY: once a physical performance test has its time ("Face-to-face testing 110 min."), a piece that
        names the test again without a time ("Written FCE report ... sent"), or an untimed activity after it before
        any other named or timed service ("* repeat lift testing for day-to-day reproducibility ..."), is part of that test:
        its items or its report, not another service."""
        def test(sg) -> bool:
            return self._kind(self.pick_head(self._heads(sg[0], sg[1]))) == "performance_test"

        timed_tests = [sg for sg in segments if test(sg) and _timed(text, sg[0], sg[1])]
        if not timed_tests:
            return segments
        out = []
        in_test = False  # after a timed test, until the next service named by a strong head or timed
        for sg in segments:
            hs = self._heads(sg[0], sg[1])
            strong = any(is_strong(h[2], h[3]) for h in hs)
            if sg in timed_tests:
                in_test = True
            elif (strong or _timed(text, sg[0], sg[1])) and not test(sg):
                in_test = False  # another service with its own name or time
            elif not _timed(text, sg[0], sg[1]) and (test(sg) or (in_test and not strong)):
                continue  # ("* repeat lift testing ...": an item of the test after it)
            out.append(sg)
        return out

    def _program_day(self, text, terms, starts, title, segments):
        """E-PROGRAM-DAY: in a note titled as a work program or a performance test, the day's clock on a line of its own
        before the first service ("Clock: 0800-1230", then "Breaks: ... (not counted)" and "Activities:") times the
        list of activities after it ("* aerobic warm-up, bike 12 min", "* pole climb sim ..."): the list is one
        service from that line on, up to the first piece that is not an item of the list, has its own clock or is
        named by another strong name. Without such a line, see ``_program_label_day``."""
        if len(segments) < 2:
            return segments
        titled = bool(title) and any(t[2] == "WORK" or (t[2] == "CODE_NAME" and t[3] in _PROGRAM_NAMES)
                                     for t in terms_within(terms, starts, title[0], title[1]))
        day = _day_clock_line(text, title[1], segments[0][0], self._heads) if titled else None
        if day is None:
            return self._program_label_day(text, segments)
        n = 0
        for s, e, _g in segments:
            if not LIST_MARK_RE.match(text, s) or self._own_service(text, s, e):
                break
            n += 1
        if n < 2:
            return segments  # (one item or none: the visit total reaches a single service anyway, D-SINGLE-TOTAL)
        return [(day[0], segments[n - 1][1], segments[0][2])] + segments[n:]

    def _program_label_day(self, text, segments):
        """E-PROGRAM-DAY: the program named with the day's clock on a label line ("Work conditioning 0900-1115, 10 min
        break not counted:") takes the lines after it, up to a blank line or a piece with its own clock or another
        strong name ("Ice pack offered after, pt declined.")."""
        first = segments[0]
        label = text[first[0]:first[1]].rstrip()
        if not (label.endswith(":") and any(m.kind == "clock" for m in find_mentions(label))
                and any(h[2] == "CODE_NAME" and h[3] in _PROGRAM_NAMES for h in self._heads(first[0], first[1]))):
            return segments
        n = 1
        for s, e, _g in segments[1:]:
            if text.count("\n", segments[n - 1][1], s) > 1 or self._own_service(text, s, e):
                break
            n += 1
        if n < 2:
            return segments
        return [(first[0], segments[n - 1][1], first[2])] + segments[n:]

    def _own_service(self, text, s, e) -> bool:
        """A piece with its own clock, or named by a strong name other than a program's (and not an exercise)."""
        if any(m.kind == "clock" for m in find_mentions(text[s:e])):
            return True
        hs = self._heads(s, e)
        other = [h for h in hs if is_strong(h[2], h[3]) and not (h[2] == "CODE_NAME" and h[3] in _PROGRAM_NAMES)]
        return bool(other) and self._kind(self.pick_head(hs)) != "exercise"

    @staticmethod
    def _treatment_item(text, sec, ls, hs) -> bool:
        """An item of a treatment list that opens with the service it names ("Today's treatment:\n- Standing balance in
        parallel bars: ...") was done; not one that opens with a label of its own ("3. HEP: seated marching")."""
        mark = LIST_MARK_RE.match(text, ls)
        if mark is None or (hs[0][0] - mark.end() > 2 and not _POSITION_LEAD_RE.fullmatch(text, mark.end(), hs[0][0])):
            return False  # ("(c) Standing reach to retrieve cups ...": a position before the service still opens it)
        return sec == "treatment" or (sec is None and timed_sibling_item(text, ls))

    def _intro_lines(self, text, segments) -> list[tuple[int, int]]:
        """E-SPLIT-OVERVIEW: a line that names the visit's kind of service only by a weak word and gives no time
        ("Family training today w/ daughter (Ann) in prep for d/c home Fri."), followed by list items, introduces
        them: it is an overview, dropped when the items are services."""
        out = []
        for s, e, _g in segments:
            line_end = text.find("\n", e)
            if line_end < 0 or text[s - 1:s] not in ("", "\n") or text[e:line_end].strip():
                continue
            if LIST_MARK_RE.match(text, s) or not LIST_MARK_RE.match(text, line_end + 1):
                continue  # an item of the list itself, or no list after it
            if find_mentions(text[s:e]) or not self._place_only(s, e):
                continue
            out.append((s, e))
        return out

    def _first_session_intros(self, text, segments) -> list[tuple[int, int]]:
        """E-SPLIT-OVERVIEW: a piece without time that says this is the first session with something ("First session
        w/ new prosthesis today -- delivered by prosthetist this AM", "Definitive myoelectric prosthesis delivered this
        AM; first training session w/ it today.") introduces the visit; when a later piece names the same
        activity-defined service with its own time, that piece is the service and the introduction is not another."""
        out = []
        for i, (s, e, _g) in enumerate(segments):
            if "first" not in self._low[s:e] or not _FIRST_ANY_SESSION_RE.search(text, s, e):
                continue
            if any(m.kind in ("duration", "clock") for m in find_mentions(text[s:e])):
                continue
            kind = self._service_kind(s, e)
            if kind not in _SAME_SERVICE_KINDS and not kind.startswith(_DEVICE_KINDS):
                continue
            if any(self._same_kind(kind, self._service_kind(s2, e2))
                   and any(m.kind in ("duration", "clock") for m in find_mentions(text[s2:e2]))
                   for s2, e2, _g2 in segments[i + 1:]):
                out.append((s, e))
        return out

    def _service_kind(self, s, e) -> str:
        hs = self._heads(s, e)
        return self._kind(self.pick_head(hs)) if hs else ""

    @staticmethod
    def _same_kind(a: str, b: str) -> bool:
        # one device service whichever encounter its words name (as in _same_service)
        return a == b or (a.startswith(_DEVICE_KINDS) and b.startswith(_DEVICE_KINDS))

    def _place_only(self, s, e) -> bool:
        """Only weak names of a service ("Session began in the sensory gym."): where, not what was done."""
        hs = self._heads(s, e)
        return bool(hs) and not any(is_strong(h[2], h[3]) for h in hs)

    def _same_service(self, text, ps, pe, s, e) -> bool:
        ka, kb = self._service_kind(ps, pe), self._service_kind(s, e)
        if not ka or not kb:
            return False
        # (fitting a new orthosis and teaching its removal: one device service, _same_kind)
        if not self._same_kind(ka, kb) or (kb if ka.startswith(_DEVICE_KINDS) else ka) not in _SAME_SERVICE_KINDS:
            return False
        timed_a = any(m.kind in ("duration", "clock") for m in find_mentions(text[ps:pe]))
        timed_b = any(m.kind in ("duration", "clock") for m in find_mentions(text[s:e]))
        if timed_b and not timed_a and "\n" not in text[pe:s] and self._place_only(ps, pe):
            return True  # "Session began in the sensory gym.\nSensory integration 30 minutes: ...": the place, then it
        return timed_a != timed_b and not LOG_LINE_START_RE.match(text, s)


    # the substring tests first: most sentences have none of these words, and the regexes scan the sentence
    def _overview(self, text: str, s: int, e: int) -> bool:
        """ "Pt seen in room for AM ADL session.": the visit as a whole, no minutes of its own (E-SPLIT-OVERVIEW)."""
        seg = self._low[s:e]
        if ("session" in seg or "visit" in seg) and (_SESSION_TITLE_RE.fullmatch(text, s, e) or _SHORT_SESSION_RE.fullmatch(text, s, e)
                                                      or _FIRST_SESSION_RE.fullmatch(text, s, e)) \
                and not find_mentions(text[s:e]):
            return True  # "Transradial myoelectric prosthesis - subsequent training visit (fitted 3 wks ago).", "Aquatic session."
        opening = _SESSION_OPENING_RE.match(text, s, e) if ("session" in seg or "visit" in seg) else None
        if opening is not None:
            # "Session 50 min, clinic sensory gym + table.": the visit's length and where, over the services below
            return all(opening.start() <= s + m.start and s + m.end <= opening.end() for m in find_mentions(text[s:e]))
        if not any(w in seg for w in needles("W-SEEN-FOR")):
            return False
        seen = _SEEN_FOR_RE.match(text, s, e)
        seen_for = seen is not None
        if not (seen_for or _SEEN_RE.match(text, s, e)):
            return False
        if seen_for and ":" in text[seen.end():e] and self._heads(text.index(":", seen.end(), e) + 1, e):
            return False  # "Resident seen bedside for AM ADL retraining: LB dressing seated EOB ...": the services
            # are described here, after the colon
        ms = find_mentions(text[s:e])
        if len(ms) == 1 and ms[0].kind == "clock":
            # "Pt seen 0730-0820 in room and ADL bathroom for AM self-care. Shower 25 min ... UB/LB dressing 15 min
            # ...", "Pt seen 0800-0840 in ADL suite." over "- LB dressing 24 min: ...", "- Tub transfer training 10 min
            # ...": the visit's clock over services that give their own minutes after it
            para_end = text.find("\n\n", e)
            after = find_mentions(text[e:para_end if para_end >= 0 else len(text)])
            return sum(1 for m in after if m.kind == "duration") >= 2
        if not seen_for:
            return False
        if not ms:
            return True
        # "Patient seen at bedside and in the ADL suite for a one hour session.": the visit's length, not a service's
        length = _SESSION_LENGTH_RE.search(text, s, e)
        return length is not None and all(length.start() <= s + m.start and s + m.end <= length.end() for m in ms)

    def _referral(self, text: str, s: int, e: int) -> bool:
        seg = self._low[s:e]
        return any(w in seg for w in needles("W-REFERRAL-VERB")) and _REFERRAL_RE.match(text, s) is not None

    def _break_sentence(self, text: str, s: int, e: int) -> bool:
        seg = self._low[s:e]
        if any(w in seg for w in needles("W-BREAK-NOUN")) and _BREAK_SENTENCE_RE.search(text, s, e) is not None:
            return True
        # "About 10 min of that was waiting at the stop (not counted).": a sentence whose only time is time out of
        # the service (E-NET-TIME)
        # (rest and breaks are the W-BREAK-NOUN test above: a rest sentence with minutes and no "not counted" is E-NET-TIME's
        # disputed case and stays with the service)
        if not self._heads(s, e) and any(w in seg for w in ("wait", "set", "document", "transport", "toilet")):
            ms = find_mentions(text[s:e])
            return bool(ms) and all(m.kind == "non_treatment" for m in ms)
        return False

    def _divided_parts(self, text, hs, s, e):
        """(kind, start, end) for each service of another kind named after "divided between" (or anywhere in a
        sentence that gives them one time "together")."""
        m = _DIVIDED_RE.search(text, s, e)
        after = m.end() if m else s
        parts = []
        for h in hs:
            if h[0] < after:
                continue
            k = self._kind(h)
            if all(k != k2 for k2, _a, _b in parts):
                parts.append((k, h[0], e))
        for i in range(len(parts) - 1):
            k, a, _b = parts[i]
            nxt = parts[i + 1][1]
            cut = text.rfind(" and ", a, nxt)
            parts[i] = (k, a, cut if cut > a else nxt)
        return [(k, a, b) for k, a, b in parts if text[a:b].strip()]

    def _combined_total(self, text, terms, starts, s, e) -> bool:
        """A line that gives one time to two or more services of different kinds, "together" / "combined"."""
        seg_low = self._low[s:e]
        if e - s > 120 or not any(w in seg_low for w in _COMBINED_WORDS) or not _COMBINED_RE.search(text, s, e):
            return False  # a log line, not a paragraph of dictation
        if len(split_sentences(text, s, e)) > 1:
            return False  # "Ther ex: ... Gait training ... Total timed tx 38 min.": sentences naming services, then
            # the visit total; the services stay (D-SINGLE-TOTAL reads the total)
        kinds = {self._kind(h) for h in self._heads(s, e)}
        durs = [m for m in find_mentions(text[s:e]) if m.kind == "duration"]
        return len(kinds) >= 2 and len(durs) == 1

    def _minute_pairs(self, text: str, s: int, heads) -> list[tuple[str, int]]:
        """(kind, minutes) for each head introduced by its own minutes ("eight minutes of ultrasound",
        "twenty of which went to gait", "the other twenty to transfer practice")."""
        out: list[tuple[str, int]] = []
        for h in heads:
            m = _PAIR_BEFORE_RE.search(text, max(s, h[0] - 45), h[0])
            if m is None:
                continue
            n = word_to_number(m.group("a") or m.group("b") or m.group("c") or m.group("d"))
            if n is None or not 0 < n <= 300:
                continue
            k = self._kind(h)
            if all(k != k2 for k2, _m in out):
                out.append((k, int(n)))
        return out


    def _done_near(self, text, terms, starts, s, e, head_start) -> bool:
        """A sign of doing in a sentence that names the service (the head's, or a later one of the same
        piece that names it again: "WC seating f/u. Visit 40 min. Pressure mapping ...; trained pt ...")."""
        sents = split_sentences(text, s, e)
        for ss, se in sents:
            if ss <= head_start < se:
                if self._done(text, terms, starts, ss, se):
                    return True
            elif ss > head_start and self._heads(ss, se) and self._done(text, terms, starts, ss, se):
                return True
            elif ss > head_start and any(m.kind in ("duration", "clock") for m in find_mentions(text[ss:se])):
                return True  # "... to increase shoulder flexion ROM. 10 min": the line's minutes, after the service
            elif ss > head_start and _DOSE_SENT_RE.fullmatch(text, ss, se):
                return True  # "... bridges, heel raises -- for leg strength. 3x10.": the dose, after the service
        return not sents and self._done(text, terms, starts, s, e)

    def _done(self, text, terms, starts, s, e) -> bool:
        test = _OUTCOME_TEST_RE.match(text, s, e)
        if test is not None and not find_mentions(text[test.end():e]):
            return False  # "30s STS 9 reps (was 7).", "TUG 14 sec": a test result (E-REPORTS), not a service
        hs = self._heads(s, e)
        if (hs and (_LABEL_AFTER_RE.match(text, hs[0][1]) or self._dash_label(text, hs, e))
                and (not text[s:hs[0][0]].strip(" -*•>\t") or _LEAD_TIME_ONLY_RE.fullmatch(text, s, hs[0][0])
                     or _LABEL_WORDS_RE.fullmatch(text, s, hs[0][0]))  # "Functional reach: ..." (E-LOG-LABEL)
                and hs[0][0] not in self._header_starts):  # "GAIT: The patient ambulates ..." is a section
            return True  # "Manual: STM ...", "Fine motor: scissor cutting ...": a log label names the service
        if _REPORT_RE.match(text, s):
            return False  # "No pain w/ kneeling today.", "Pt reports ...": a report, not a service
        if text[s:s + 12].lstrip(" -*•>\t").startswith("(") and _LEAD_TIME_ONLY_RE.match(text, s, e):
            return True  # "(25) balance/postural control: ...": a log line that opens with its minutes
        ms = find_mentions(text[s:e])
        if ms and all(m.kind == "non_treatment" for m in ms):
            return False  # "Pt rested 4 min after bridges (not counted)."
        seg_low = self._low[s:e]
        if not ms and ("deg" in seg_low or "°" in seg_low or "/5" in seg_low or "rom" in seg_low or "cm" in seg_low
                       or "sec" in seg_low) \
                and _MEASURE_RE.search(text, s, e):
            return False  # "Knee AROM 8-92 degrees today (was 10-85).": a measurement
        if "|" in text[s:e] and _TABLE_NUM_RE.search(text, s, e):
            return True  # a table row with a number cell (minutes column)
        if any(t[2] in SIGNAL_LABELS and t[3] != "assist_level" for t in self._terms_in(terms, starts, s, e)):
            return True
        if any(m.kind in ("duration", "clock", "total_of") for m in find_mentions(text[s:e])):
            return True
        opens = bool(hs) and (hs[0][0] - s <= 3 or _OPENER_RE.match(text, s, hs[0][0]) is not None)
        if opens and _HEAD_PURPOSE_RE.search(text, hs[0][1], e):
            return True  # "Upper body ergometer level 2 ..., to increase UE endurance.": a service and its purpose
        if opens and self._applied_modality(text, (s, e), hs):
            return True  # "CP to R shoulder same time": a modality applied to a body part
        if opens and self._for_parameter(text, terms, starts, hs[0][1], e):
            return True  # "Chin tucks w/ head lift supine, ... - for cervical / pec flexibility.": an exercise and what it
            # targets (E-EXERCISE-PURPOSE)
        return _DOING_RE.search(text, s, e) is not None

    def _for_parameter(self, text, terms, starts, s, e) -> bool:
        """A parameter the service targets, introduced by "for" ("for cervical / pec flexibility", "for LE strength")."""
        return any(t[2] == "PARAMETER" and _FOR_BEFORE_RE.search(text, max(s, t[0] - 40), t[0])
                   for t in self._terms_in(terms, starts, s, e))


    def _same_timed(self, text, p, prev, own, prev_own) -> bool:
        """A later clause of the same kind with no minutes of its own, after a clause that has them, is more of that
        service ("W/c mgmt 15 min: pressure relief ...; manual w/c propulsion 100'") (E-LOG-LABEL)."""
        # the kind of any service the earlier clause names: "TA - 24 min: gait w/ RW 100 ft x2; stair training 4
        # steps" is one gait service under a claimed label, the label's own kind aside
        if not (own and prev_own) or self._kind(self.pick_head(own)) not in {self._kind(h) for h in prev_own}:
            return False
        own_ms = [m for m in find_mentions(text[p[0]:p[1]]) if m.kind in ("duration", "clock")]
        timed_prev = any(m.kind in ("duration", "clock") for m in find_mentions(text[prev[0]:prev[1]]))
        if timed_prev:
            return not own_ms
        # the earlier clause has no minutes and this one ends with them: they cover the line ("issued reacher, sock
        # aid; instructed in LB dressing w/ AE, return demo - 10 min"), unlike "the remaining 10 minutes were ..."
        return bool(own_ms) and not text[p[0] + own_ms[-1].end:p[1]].strip(" .;,)")

    def _device_care(self, text, p, own, prev_own) -> bool:
        """E-DEVICE-TRAINING: teaching the donning, wear or care of the orthosis/prosthesis fitted in the clause before
        ("...; pt re-educated on 24-hr wear and hygiene routine (12 min)", "reviewed wear schedule (night + during heavy
        lifting)") is part of that service, whatever activity it names in passing."""
        own = [h for h in own if not (_is_eval(h) and _REF_BEFORE_RE.search(text, max(p[0], h[0] - 14), h[0]))]
        return (bool(own and prev_own) and self._kind(self.pick_head(prev_own)).startswith(_DEVICE_KINDS)
                and not any(is_strong(h[2], h[3]) for h in own)  # "..., separate from eval time": a reference
                and _DEVICE_CARE_RE.search(text, p[0], p[1]) is not None)

    def _dash_label(self, text, hs, e) -> bool:
        """"Manual - PA mobs L4-5 gr III, STM ...": a service's name, a dash, then the techniques it consisted of (not
        "night splint - fit ok, no changes", which names nothing done after the dash)."""
        m = _DASH_LABEL_AFTER_RE.match(text, hs[0][1])
        return m is not None and any(h[0] >= m.end() - 1 for h in hs[1:] if h[0] < e)

    def _timed_then_cuts(self, text, s, e, cuts) -> list[int]:
        """Unpunctuated dictation: "... soft tissue mobilization to the posterior cuff for 15 minutes to improve
        external rotation and elevation then therapeutic exercise for 20 minutes ...": a bare "then" after a clause
        that has its own minutes, before a service named within a few words, starts the next service."""
        out = []
        for m in _BARE_THEN_RE.finditer(text, s, e):
            # the head after "then" first: two bisects, where the minutes before it rescan a clause that grows with
            # each "then" of a long piece
            hs = self._heads(m.end(), min(e, m.end() + 40))
            if not (hs and is_strong(hs[0][2], hs[0][3])):
                continue
            # (the clause's last 400 characters: a "then" hundreds of words on is not the next step of that clause)
            prev = max([c for c in cuts + out if c <= m.start()] + [m.start() - 400], default=s)
            if any(d.kind == "duration" for d in find_mentions(text[prev:m.start()])):
                out.append(m.start())
        return out

    @staticmethod
    def _applied_modality(text, p, own) -> bool:
        """"...; CP to R shoulder same time": a modality's short name opening its clause, applied to a body part,
        is that modality, even where the short name alone would be too weak ("CP" is also cerebral palsy)."""
        return bool(own) and own[0][2] == "MODALITY" and own[0][0] - p[0] <= 2 and _SITE_AFTER_RE.match(text, own[0][1]) is not None

    def _clauses(self, text, terms, starts, s, e) -> list[tuple[int, int]]:
        """Split a sentence into service clauses; a clause without its own head stays with its neighbour."""
        first = self._heads(s, min(e, s + 40))
        if first and self._kind(first[0]) == "performance_test":
            return [(s, e)]  # E-TEST-DAY: a test's items and their tolerances ("sustained overhead reach 4 min,
            # kneeling 10 min") are the test, not services of their own
        cuts = [s]
        for m in _CLAUSE_SPLIT_RE.finditer(text, s, e):
            cuts.append(m.end())
        seg_low = self._low[s:e]
        if any(w in seg_low for w in _BARE_CUT_WORDS):
            cuts.extend(m.end() for m in _BARE_CLAUSE_SPLIT_RE.finditer(text, s, e))
        disc_cuts = [m.end() for m in _DISC_CLAUSE_CUT_RE.finditer(text, s, e)]
        if disc_cuts and len({_DISC_NAMES.get(d.lower(), d.upper()) for d in _DISC_WORD_RE.findall(text, s, e)}) >= 2:
            cuts.extend(disc_cuts)  # a co-treatment's parts (E-COTREAT-CLAUSE); "5 pts, PT led: ..." in a group
            # note with one discipline only says who led it
        if " then " in seg_low:
            cuts.extend(self._timed_then_cuts(text, s, e, cuts))
        # with one head at most, no modality pair can cut and every clause merges back into its
        # neighbour (see the loop below): one piece, from the first clause's start to the last one's end
        single = len(self._heads(s, e)) <= 1
        if single and len(cuts) == 1:
            return [(s, e)]
        # a second modality of another kind joined by "with" / "+" / ","
        mods = [] if single else [t for t in self._terms_in(terms, starts, s, e)
                                  if t[2] in ("MODALITY", "CODE_NUM", "CODE_NAME")]
        for a, b in zip(mods, mods[1:]):
            if b[2] == "MODALITY" and a[2] in ("MODALITY", "CODE_NUM", "CODE_NAME") and a[3] != b[3] and is_strong(b[2], b[3]):
                ea = load_lexicon()[f"{a[2]}|{a[3]}"].attrs
                eb = load_lexicon()[f"{b[2]}|{b[3]}"].attrs
                if ea.get("modality") and ea.get("modality") == eb.get("modality"):
                    continue
                if a[2] == "CODE_NAME" and not ea.get("modality"):
                    continue
                line_start = text.rfind("\n", 0, s) + 1
                prev_line = text.rfind("\n", 0, max(0, line_start - 1)) + 1
                if line_start > 0 and any(h[3] == b[3] and h[2] == b[2] for h in self._heads(prev_line, line_start)):
                    continue  # "- MHP lumbar 15 min w/ IFC -- applied by rehab tech." right under the IFC's own line:
                    # the IFC named there is what the pack went with, not a second IFC
                gap_start = max(a[1], b[0] - 24)
                m = _MOD_CONNECT_RE.search(text[gap_start:b[0]])
                if m and b[0] - a[1] >= 3 and not _CONCURRENT_RE.search(text, a[1], b[0]):
                    cuts.append(gap_start + m.start())
        cuts = sorted(set(c for c in cuts if s <= c < e))
        if "(" in text[s:e]:
            # "group 1030-1100 (4 residents, OT led): ...": an aside in parentheses is not a clause of its own
            cuts = [c for c in cuts if text.count("(", s, c) <= text.count(")", s, c)]
        if len(cuts) == 1:
            return [(s, e)]
        pieces = []
        for i, c in enumerate(cuts):
            ce = cuts[i + 1] if i + 1 < len(cuts) else e
            cs = c
            while cs < ce and text[cs] in " ,;\t":
                cs += 1
            te = ce
            while te > cs and text[te - 1] in " ,;\t":
                te -= 1
            if te > cs:
                pieces.append([cs, te])
        if single:
            return [(pieces[0][0], pieces[-1][1])] if pieces else []
        merged: list[list[int]] = []
        for p in pieces:
            # (a service named in a precaution, "(no pushing up through arms)", or as when, "during ADLs", is not
            # the clause's own)
            own = [h for h in self._heads(p[0], p[1]) if not _in_negated_aside(text, h)
                   and not _REFERENCE_BEFORE_RE.search(text, max(p[0], h[0] - 24), h[0])]
            if own and _BREAK_CLAUSE_RE.match(text, p[0], p[1]):
                own = []  # "...; 5 min seated rest + toileting break excluded (25 min of training).": time left out of
                # the service before it (E-NET-TIME), not a toileting service
            if len(own) > 1 and self._applied_modality(text, p, own) and _CONCURRENT_RE.search(text, own[0][1], own[1][0]):
                own = own[:1]  # "CP over lat elbow during IFC": the service it was given with is named, not given again
            separate = any(is_strong(h[2], h[3]) for h in own) or self._applied_modality(text, p, own) or any(
                m.kind in ("duration", "clock", "rest_marker") for m in find_mentions(text[p[0]:p[1]])) or (
                bool(own and merged) and (_TRAINED_CLAUSE_RE.match(text, p[0]) is not None
                                          or (_THEN_LEAD_RE.match(text, p[0]) is not None and not find_mentions(text[s:e])))
                and self._kind(self.pick_head(own)) in _TRAINED_KINDS
                and self._kind(self.pick_head(own)) != self._kind(self.pick_head(self._heads(merged[-1][0], merged[-1][1])))) or (
                # "...hip abductor loading ... for glute med strength; STM to R TFL/ITB": a clause that opens with
                # another service's name, even a short one, is that service
                bool(own and merged) and own[0][2] == "CODE_NAME" and own[0][0] - p[0] <= 2
                and self._kind(own[0]) in ("manual", "massage") and not _CONTACT_AFTER_RE.match(text, own[0][1])
                and bool(self._heads(merged[-1][0], merged[-1][1]))
                and self._kind(own[0]) != self._kind(self.pick_head(self._heads(merged[-1][0], merged[-1][1]))))
            if merged and _ASSIST_LEAD_RE.match(text, p[0]):
                merged[-1][1] = p[1]  # "...; mod verbal cues for sequencing, min A for standing balance while pulling up
                continue  # pants": how the patient did the service before it, not a service of its own
            if merged and _HEAD_PURPOSE_RE.match(text, p[0]) and self._heads(merged[-1][0], merged[-1][1]):
                merged[-1][1] = p[1]  # "...; to build UE endurance for ADLs (20 min)": the purpose of the clause before
                continue
            if merged and self._low.startswith("for ", p[0]) and self._for_parameter(text, terms, starts, p[0], p[1]) \
                    and self._heads(merged[-1][0], merged[-1][1]) and not find_mentions(text[p[0]:p[1]]):
                merged[-1][1] = p[1]  # "...; for B UE strength needed for w/c propulsion + transfers": the same
                continue
            if own and merged and DISC_CLAUSE_RE.match(text, p[0]):
                merged.append(p)  # a co-treatment clause led by a discipline is that discipline's service
                continue
            prev_own = self._heads(merged[-1][0], merged[-1][1]) if merged else []
            # the same service named twice, its time given once after both ("walked the hallway ..., and then
            # went up the stairs; altogether 30 minutes")
            same_kind = bool(own and prev_own) and self._kind(self.pick_head(own)) == self._kind(self.pick_head(prev_own)) \
                and not any(is_strong(h[2], h[3]) and h[2] != "ACTIVITY" for h in own) \
                and not any(m.kind in ("duration", "clock", "total_of") for m in find_mentions(text[merged[-1][0]:merged[-1][1]])) \
                and not _WERE_NUM_RE.search(text, merged[-1][0], merged[-1][1])
            if merged and (not own or not separate or same_kind or self._same_timed(text, p, merged[-1], own, prev_own)
                           or self._device_care(text, p, own, prev_own)):
                merged[-1][1] = p[1]
            elif merged and not prev_own and _DICTATED_OPENER_RE.match(text, p[0]) \
                    and len(text[merged[-1][0]:merged[-1][1]].split()) >= 4:  # ("Today we began with ...": one piece)
                merged[-1] = p  # "... pain 3 out of 10 neck and 1 out of 10 arm we started with mechanical cervical
                # traction ...": unpunctuated dictation; the report before the opener is not part of the service
            elif merged and not self._heads(merged[-1][0], merged[-1][1]):
                merged[-1][1] = p[1]
            else:
                merged.append(p)
        return [tuple(p) for p in merged]


def _drop_repeated_lines(text: str, segments):
    """E-DUPLICATE-LINE: a whole log line repeated word for word in one note (copied forward twice) is one
    service, not two."""
    seen: set[str] = set()
    out = []
    for s, e, g in segments:
        key = " ".join(text[s:e].split()).lower()
        whole_line = text[s - 1:s] in ("", "\n") and text[e:e + 1] in ("", "\n", "\r")
        if whole_line and len(key) >= 20 and key in seen:
            continue
        seen.add(key)
        out.append((s, e, g))
    return out


@Language.factory("nlp_coder_interventions", default_config={"log_line_chars": 45, "prose_line_chars": 400},
                  assigns=["doc.spans"])
def make_segmenter(nlp: Language, name: str, log_line_chars: int, prose_line_chars: int) -> Segmenter:
    return Segmenter(nlp, name, log_line_chars, prose_line_chars)
