"""Component ``nlp_coder_terms``: every lexicon phrase, found with PhraseMatchers.

One PhraseMatcher on ``LOWER`` holds all case-insensitive phrases, one on
``ORTH`` the case-sensitive abbreviations (``TE``, ``US``, ``PT``, ``MS``),
and a Matcher holds the few token patterns (group size), each with its
alternatives folded into ``IN`` lists. Matches go to
``doc.user_data["nlp_coder.terms"]`` as (start_char, end_char, label, entry id)
rows (and, with ``store_spans``, to ``doc.spans["nlp_terms"]``, label = lexicon
label, kb_id = entry id); within one label, overlapping matches keep the longest.
"""

from __future__ import annotations

import functools
import operator
import re

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from nlp_coder.extract.extensions import TERM_ROWS, TERMS, doc_text, register_extensions
from nlp_coder.extract.lexicon import load_lexicon
from nlp_coder.extract.wording import words

_NUM_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "2", "3", "4", "5", "6", "7", "8",
              "9", "10", "11", "12"]
_PEOPLE = ["patients", "pts", "participants", "clients", "members", "others", "people", "individuals", "residents"]

# Group size ("group of 3", "4 participants", "with 2 other patients"): literal phrases expanded from
# templates, so they go to the PhraseMatcher (a Matcher with IN lists and an optional token cost ~1 ms a note).
GROUP_SIZE_PHRASES = {
    "GROUP_SIZE|group_of": [f"{g} of {n}" for g in ("group", "class", "circuit") for n in _NUM_WORDS],
    "GROUP_SIZE|n_people": [f"{n} {o}{p}" for n in _NUM_WORDS for o in ("", "other ", "additional ", "more ") for p in _PEOPLE],
}
# label|id keys of the few Matcher patterns (alternatives folded into IN lists).
TOKEN_PATTERNS: dict[str, list] = {}


class TermMatcher:
    def __init__(self, nlp: Language, name: str = "nlp_coder_terms", store_spans: bool = False):
        register_extensions()
        self.name = name
        self.store_spans = store_spans
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher = Matcher(nlp.vocab)
        lower_pats: dict[str, list] = {}
        orth_pats: dict[str, list] = {}
        for key, e in load_lexicon().items():
            if e.label == "SECTION":
                continue  # headers are found line-initially by sections.py
            target = orth_pats if e.case_sensitive else lower_pats
            target[key] = [nlp.make_doc(p) for p in e.phrases]
        for key, docs in lower_pats.items():
            self.lower.add(key, docs)
        for key, docs in orth_pats.items():
            self.orth.add(key, docs)
        for key, pats in TOKEN_PATTERNS.items():
            self.matcher.add(key, pats)
        for key, phrases in GROUP_SIZE_PHRASES.items():
            lower_pats[key] = [nlp.make_doc(p) for p in phrases]
            self.lower.add(key, lower_pats[key])
        strings = nlp.vocab.strings
        self._keys = {strings.add(k): tuple(k.split("|", 1)) for k in list(lower_pats) + list(orth_pats) + list(TOKEN_PATTERNS)}

    def __call__(self, doc: Doc) -> Doc:
        raw = self.lower(doc) + self.orth(doc)
        if TOKEN_PATTERNS:
            raw += self.matcher(doc)
        kept = _drop_weak_inside(_longest_per_label(raw, self._keys))
        if self.store_spans:
            doc.spans[TERMS] = [Span(doc, s, e, label=label, kb_id=ident) for s, e, label, ident in kept]
        # two Token lookups per term: cheaper than doc.to_array() of every token of the note
        rows = []
        for s, e, label, ident in kept:
            last = doc[e - 1]
            rows.append((doc[s].idx, last.idx + len(last), label, ident))
        text = doc_text(doc)  # cached: doc.text rebuilds the string from the tokens on every access
        low = text.lower()
        if rows and _MOBILISE_NEEDLE in low:
            rows = _walk_sense(text, rows)
        if rows and "hydro" in low and _POOL_RE.search(low):
            rows = [(s, e, *POOL_TERM) if (label, ident) == WHIRLPOOL_TERM and text[s:e].lower().startswith("hydro")
                    else (s, e, label, ident) for s, e, label, ident in rows]  # E-MOBILISED: "hydrotherapy" in a pool
        if rows and "testing" in low:
            rows = _test_day_testing(text, low, rows)
        if rows and (" own" in low or "by him" in low or "by her" in low):
            rows = [r for r in rows if not (r[2] == "UNSKILLED" and _SELF_RESULT_BEFORE_RE.search(text, max(0, r[0] - 60), r[0]))]
        if rows and "not a" in low and _NOT_AN_EVAL_RE.search(text):
            rows = _drop_denied_evaluation(text, rows)
        if rows and " from " in low and any(w in low for w in _APART_WORDS):
            rows = _drop_apart_references(text, rows)
        doc.user_data[TERM_ROWS] = rows
        return doc


# E-MOBILISED: in British usage a patient who is "mobilised with Zimmer frame along the ward" walked; the word is
# manual therapy only when a therapist mobilises a joint or tissue ("mobilised L4/5 PA gr III")
_MOBILISE_NEEDLE = "mobili"
_MOBILISE_FORMS = {"mobilised", "mobilized", "mobilising", "mobilizing"}
_WALK_SENSE_RE = re.compile(rf"\s*(?:(?:pt|patient)\s+)?(?:{words('W-WALK-SENSE')}\b|(?:\d+\s*x\s*)?\d+\s*(?:m|metres|meters|ft|feet|')(?![a-z])|"
                            # "mobilised on land with 4WW": a walking aid a few words on
                            rf"(?:(?:on|in|around)\s+[a-z]+\s+)?(?:with|w/)\s+(?:a\s+|the\s+)?{words('W-WALK-DEVICE')}\b)",
                            re.IGNORECASE)
WALK_TERM = ("ACTIVITY", "gait_act")
# British and Australian "hydrotherapy" is exercise in a pool (97113); elsewhere it is a whirlpool (97022)
WHIRLPOOL_TERM, POOL_TERM = ("MODALITY", "whirlpool"), ("CODE_NAME", "aquatic")
_POOL_RE = re.compile(r"\bpool\b")


# E-TEST-DAY: in a note titled as a physical performance test or an FCE, "testing" with a time in its sentence
# ("Face-to-face testing 0745-1130 w/ 15 min rest break ...:", "0900-1000 1:1 testing: Jamar grip ...") names that test
TEST_TERM = ("CODE_NAME", "performance_test")
_TESTING_RE = re.compile(r"\btesting\b")
_TIME_IN_SENTENCE_RE = re.compile(r"\d{1,2}:?\d{2}\s*(?:-|–|to)\s*\d{1,2}:?\d{2}|\d+\s*(?:min\w*|hrs?|hours?)\b")


def _test_day_testing(text: str, low: str, rows: list) -> list:
    first = re.search(r"\S[^\n]*", text)
    if first is None or not any((label, ident) == TEST_TERM and e <= first.end() for _s, e, label, ident in rows):
        return rows
    added = []
    for m in _TESTING_RE.finditer(low, first.end()):
        a = max(low.rfind("\n", 0, m.start()), low.rfind(". ", 0, m.start())) + 1
        b = min((i for i in (low.find("\n", m.end()), low.find(". ", m.end())) if i >= 0), default=len(low))
        if not _TIME_IN_SENTENCE_RE.search(low, a, b):
            continue
        if any(s < m.end() and m.start() < e and label == "CODE_NAME" for s, e, label, _i in rows):
            continue  # already named ("Testing performed today 1300-1500 ...")
        added.append((m.start(), m.end(), *TEST_TERM))
    if not added:
        return rows
    return sorted(rows + added, key=lambda r: (r[0], -r[1]))


# "caught 1 of 2 planted errors on his own", "recalled all 3 steps by herself": how well the patient did, not a service
# given without the therapist (E-INDEPENDENCE-GOAL)
_SELF_RESULT_BEFORE_RE = re.compile(rf"\b{words('W-SELF-RESULT-VERB')}\b[^.;:\n]{{0,45}}$", re.IGNORECASE)
# "Objective / Re-assessment (progress note, not a re-evaluation):": the line says the visit is no evaluation, so
# neither of its evaluation words names one (E-REFERENCES)
_NOT_AN_EVAL_RE = re.compile(r"\bnot\s+an?\s+(?:formal\s+)?(?:re-?eval\w*|eval\w*|re-?assess\w*|recert\w*)", re.IGNORECASE)
_EVAL_IDS = frozenset({"evaluation", "re_evaluation", "eval_bare"})


def _drop_denied_evaluation(text: str, rows: list) -> list:
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if _NOT_AN_EVAL_RE.search(m.group())]
    return [r for r in rows if not (r[2] == "CODE_NAME" and r[3] in _EVAL_IDS and any(a <= r[0] < b for a, b in lines))]


# E-REFERENCES: "manual to T-spine (distinct region/time from the TA)": the service named after "distinct from" is
# another one, the one the piece is kept apart from; it names nothing here
_APART_WORDS = ("distinct", "separate", "different", "apart", "independent")
_APART_BEFORE_RE = re.compile(r"\b(?:distinct|separate|different|apart|independent)\b[^()\n.;]{0,30}?\bfrom\s+(?:the\s+)?$",
                              re.IGNORECASE)


def _drop_apart_references(text: str, rows: list) -> list:
    return [r for r in rows if not _APART_BEFORE_RE.search(text, max(0, r[0] - 50), r[0])]


def _walk_sense(text: str, rows: list) -> list:
    out = []
    for row in rows:
        s, e, label, ident = row
        if label == "CODE_NAME" and ident in ("manual", "manual_bare") and text[s:e].lower() in _MOBILISE_FORMS \
                and _WALK_SENSE_RE.match(text, e):
            row = (s, e, *WALK_TERM)
        out.append(row)
    return out


def _longest_per_label(raw: list, keys: dict) -> list[tuple[int, int, str, str]]:
    """(match id, start, end) -> sorted (start, end, label, id) rows: longest first per label,
    dropping matches inside (or mostly under) a kept one of the same label."""
    # by start, then longest first: two stable sorts (C-level keys) instead of a lambda key;
    # equal (start, end) keep their order, as with key=(start, start - end)
    raw.sort(key=_END, reverse=True)
    raw.sort(key=_START)
    kept: list[tuple[int, int, str, str]] = []
    last_end: dict[str, int] = {}
    by_label: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in raw:
        label, ident = keys[match_id]
        spans = by_label.get(label)
        if spans is None:
            by_label[label] = [(start, end)]
            last_end[label] = end
            kept.append((start, end, label, ident))
            continue
        if end <= last_end[label]:
            continue  # inside a longer match of the same label (matches come sorted by start)
        if _mostly_under(spans, start, end):
            continue
        spans.append((start, end))
        last_end[label] = end  # > the old value (checked above)
        kept.append((start, end, label, ident))
    kept.sort()
    return kept


def _mostly_under(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of the last 3 kept spans overlaps [start, end) and is at least as long."""
    for s, e in spans[-3:]:
        if s < end and start < e and (e - s) >= (end - start):
            return True
    return False


_START = operator.itemgetter(1)
_END = operator.itemgetter(2)


_HEAD_LABELS = ("CODE_NAME", "MODALITY", "ACTIVITY", "OUT_OF_SCOPE")


@functools.lru_cache(maxsize=1)
def _weak_heads() -> frozenset:
    return frozenset((e.label, e.id) for e in load_lexicon().values()
                     if e.label in _HEAD_LABELS and (e.weak or e.label == "ACTIVITY"))


def _drop_weak_inside(kept):
    """A weak head word inside a longer term of another label is part of that term ("manual" in "manual facilitation")."""
    weak = _weak_heads()
    out = []
    reach = -1  # the furthest end of the terms before this one
    n = len(kept)
    for i, row in enumerate(kept):
        s, e = row[0], row[1]
        # rows are sorted by (start, end): only an earlier row reaching to e, or a later one
        # with the same start, can hold this one. Most terms are held by none: skip the scan.
        held = reach >= e or (i + 1 < n and kept[i + 1][0] == s)
        if reach < e:
            reach = e
        if held and _inside_other(row, [r for r in kept[max(0, i - 6):i + 6] if r[0] <= s and e <= r[1]], weak):
            continue
        out.append(row)
    return out


def _inside_other(row, holders, weak) -> bool:
    """Whether ``row`` is to be dropped for one of the ``holders`` (rows near it whose span contains its span)."""
    s, e, label, ident = row
    if label not in ("DIAGNOSIS", "NEURO_COND") and any(l2 == "DIAGNOSIS" for _s2, _e2, l2, _i2 in holders):
        return True  # "sensory processing disorder", "adductor group": the words mean something else here
    if label in ("MODALITY", "ACTIVITY") and any(
            l2 == "CODE_NAME" and (e2 - s2) > (e - s) for s2, e2, l2, _i2 in holders):
        return True  # "manual cervical traction" names manual therapy, not the traction modality
    if label == "CODE_NAME" and ident.endswith("_abbr") and any(
            l2 == "ACTIVITY" and (e2 - s2) > (e - s) for s2, e2, l2, _i2 in holders):
        return True  # "TA" in "TA bracing" is the transversus abdominis, not a therapeutic-activities claim
    if label == "CODE_NAME" and any(i2 in ("self_technique", "self_edema_care") for _s2, _e2, _l2, i2 in holders):
        return True  # "pt taught self-massage", "Self-MLD instruction": the patient's technique, not the clinician's
    if label == "AIDE" and any(l2 == "ACTIVITY" for _s2, _e2, l2, _i2 in holders):
        return True  # "sock aide" is a device, not an aide
    if label in _HEAD_LABELS and (label, ident) in weak:
        return any(l2 != label and l2 in _HOLDING_LABELS and (e2 - s2) > (e - s) for s2, e2, l2, _i2 in holders)
    return False


_HOLDING_LABELS = frozenset(("CONTACT", "ATTENDED", "NEURO_GOAL", "CODE_NAME", "MODALITY", "OUT_OF_SCOPE", "ACTIVITY"))


@Language.factory("nlp_coder_terms", default_config={"store_spans": False}, assigns=["doc.spans"])
def make_term_matcher(nlp: Language, name: str, store_spans: bool) -> TermMatcher:
    """``store_spans``: also write ``doc.spans["nlp_terms"]`` (for displaCy / debugging; costs ~20% of the
    component). The rows in ``doc.user_data["nlp_coder.terms"]`` are always written; ``term_spans(doc)``
    builds the Spans on demand."""
    return TermMatcher(nlp, name, store_spans)
