"""E-REPORTS for findings: a clause that measures or observes the patient is not a service.

The segmenter (``interventions.py``) asks two questions of each clause that names a service:

* ``is_measurement``: range-of-motion, strength, grip or girth values, the service word only
  naming what was measured ("Wrist AROM today: ext 52 (was 40), flex 48, sup 70", "R knee AROM
  2-118", "UE: B shoulder flex 0-120 AROM, grip R 14# L 12#, MMT 3+/5");
* ``is_observation``: a movement watched and described by its deviations ("Gait: no device,
  mild R knee flexed at IC", "Single leg squat: mild valgus R").

Both say no when the clause carries anything a therapist does: minutes, sets or repetitions,
distance, cues, an assist level, a verb of doing or teaching, or a purpose. The words are the
lists ``W-MEASURE-WORD``, ``W-DEVIATION`` and ``W-TRAINING-MARK`` of ``patterns/wording.json``.
"""

from __future__ import annotations

import re

from nlp_coder.extract.minutes import find_mentions
from nlp_coder.extract.wording import load_wording, words

# a value of a measurement: "52" after a motion word, "14#", "120 deg", "3+/5", a range "0-120"
_UNIT = r"(?:°|deg\b|degrees\b|kg\b|lbs?\b|#|cm\b|mm\b|in\b|%)"
_VALUE_RE = re.compile(
    rf"(?<![\w./-])(?:-?\d{{1,3}}(?:\.\d)?\s*{_UNIT}|[0-5][+-]?/5\b|-?\d{{1,3}}\s*-\s*\d{{1,3}}(?![\w/])"
    rf"|(?<=[a-z] )-?\d{{1,3}}(?:\.\d)?(?![\w/:]))", re.IGNORECASE)
_COMPARE_RE = re.compile(r"\(\s*(?:was|prev\.?|previously|from|last\s+(?:visit|session|wk|week))\s*:?\s*-?\d"
                         r"|\b(?:up|improved|down)\s+from\s+-?\d|\bwas\s+-?\d", re.IGNORECASE)
_MEASURE_WORD_RE = re.compile(rf"{words('W-MEASURE-WORD')}$", re.IGNORECASE)
_DEVIATION_RE = re.compile(rf"\b{words('W-DEVIATION')}\b", re.IGNORECASE)
_TRAINING_RE = re.compile(rf"\d\s*x\s*\d|(?<![A-Za-z])x\s*\d|\b{words('W-TRAINING-MARK')}\b"
                          rf"|\b{words('W-TEACH-VERB')}\b|\bto\s+{words('W-PURPOSE-VERB')}\b",
                          re.IGNORECASE)
_PATIENT_MOVING_RE = re.compile(rf"[\s\-*•>]*{words('W-REPORT-SUBJECT')}\s+(?:is\s+|was\s+|now\s+)?[a-z]+(?:ing|s|ed)\b",
                                re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z/']*|\d[\d.+/-]*")
_MAX_WORDS = 30
_DIGIT_RE = re.compile(r"\d")
# a dose ("15 min", "12'", "3x10", "x10") in a lower-cased clause: what _has_training finds in most service clauses
_QUICK_DOSE_RE = re.compile(r"[0-9]\s*(?:min|')|(?<![a-z])x\s*[0-9]")
# case-sensitive patterns on lower-cased text: IGNORECASE makes an alternation of phrases several times slower
_DEVIATION_LOW_RE = re.compile(rf"\b{words('W-DEVIATION')}\b".lower())
_SUBJECT_STARTS = tuple(w.lower() + " " for w in load_wording()["W-REPORT-SUBJECT"].words)
_RANGE_ONLY_RE = re.compile(r"[\s:]*-?\d{1,3}\s*-\s*\d{1,3}\s*[.;,]?\s*$")
# E-REPORTS: "She put the splint on by herself x2 before leaving.": the patient showing, alone, what was taught
SELF_DEMO_RE = re.compile(rf"[\s\-*•>]*{words('W-REPORT-SUBJECT')}\s+(?:was\s+able\s+to\s+|then\s+|could\s+)?"
                          rf"(?:put|puts|donned|dons|doffed|doffs|removed|took|applied|demonstrated|return[- ]demonstrated|"
                          rf"re-?applied|repeated)\b[^.;\n]*\b{words('W-SELF-DEMO')}\b|"
                          # "Pt return demo'd massage; will do daily.": how the teaching went (session 11)
                          rf"[\s\-*•>]*{words('W-REPORT-SUBJECT')}\s+(?:independently\s+|correctly\s+)?"
                          r"return[- ]?demo(?:'?d|'?ed|nstrated)\b", re.IGNORECASE)


# a line labelled with what is measured ("Lumbar AROM:", "R shoulder PROM:", "MMT:", "Grip:", "Grasp:"), up to two words
# of side or body part before it
# of side or body part before it; a range of motion, a strength or a grip is read with a value after it, a grasp with
# the name of its pattern ("PROM: R shoulder flex/abd/ER to tolerance" is the service)
_MEASURE_LABEL_RE = re.compile(r"[\s\-*•>]*(?:[A-Za-z.]+\s+){0,2}?(?P<m>a/?prom|aarom|arom|prom|rom|mmt|grip(?:\s+strength)?|pinch|"
                               r"grasp(?:\s+pattern)?)\s*(?:\([^)\n]{0,20}\))?\s*:", re.IGNORECASE)
_GRASP_PATTERN_RE = re.compile(rf"\b{words('W-GRASP-PATTERN')}\b", re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _has_training(text: str) -> bool:
    if _TRAINING_RE.search(text):
        return True
    return any(m.kind in ("duration", "clock", "total_of") for m in find_mentions(text))


def may_report(low_clause: str) -> bool:
    """A cheap test of the lower-cased clause before ``is_measurement`` / ``is_observation`` (most service clauses
    fail it in ~1-3 µs): a value and no dose ("15 min", "12'", "3x10", "x10"), or, with no digit at all, a colon or a
    patient subject and a deviation word."""
    if _DIGIT_RE.search(low_clause) is not None:
        return _QUICK_DOSE_RE.search(low_clause) is None
    if ":" not in low_clause and not low_clause.lstrip(" -*•>\t").startswith(_SUBJECT_STARTS):
        return False
    return _DEVIATION_LOW_RE.search(low_clause) is not None or ("grasp" in low_clause and _GRASP_PATTERN_RE.search(low_clause) is not None)


def is_measurement(text: str, s: int, e: int, head_end: int) -> bool:
    """A clause of measured values (E-REPORTS): at least two values, or one compared with an earlier
    one, or a range right after the service word; every other word a joint, motion, side or test word."""
    clause = text[s:e]
    label = _MEASURE_LABEL_RE.match(clause) if ":" in clause else None
    if label is not None and not _has_training(clause) and (
            _GRASP_PATTERN_RE.search(clause, label.end()) if label.group("m").lower().startswith("grasp")
            else _DIGIT_RE.search(clause, label.end())):
        return True  # "Lumbar AROM: flex fingertips to mid-shin w/ mild pain at end range", "Grasp: digital
        # pronate -> emerging static tripod": a measure's name as the label, its findings after it
    if not _DIGIT_RE.search(clause):
        return False  # most clauses: no value at all (the checks below cost more)
    tail = text[head_end:e]
    # every word is a value or a measurement word: nothing is done, taught or aimed at
    tokens = _tokens(tail)
    if len(tokens) > _MAX_WORDS or not all(tok[0].isdigit() or _MEASURE_WORD_RE.match(tok) for tok in tokens):
        return False
    values = _VALUE_RE.findall(tail) + _VALUE_RE.findall(text[s:head_end])
    if not values:
        return False
    compared = _COMPARE_RE.search(clause) is not None
    if len(values) < 2 and not compared and not _RANGE_ONLY_RE.match(tail):
        return False
    return not _has_training(clause)


def is_observation(text: str, s: int, e: int, head_end: int) -> bool:
    """E-REPORTS: how a movement looked, and nothing a therapist does: "<movement>: <deviation>" ("Single leg
    squat: mild valgus R") or the patient moving with or without a deviation ("Pt ambulating w/o antalgic gait
    today")."""
    colon = text.find(":", head_end, min(e, head_end + 4))
    if colon >= 0:
        tail = text[colon + 1:e]
        if len(_tokens(tail)) > 12:
            return False
    elif _PATIENT_MOVING_RE.match(text, s, e):
        tail = text[s:e]
        if len(_tokens(tail)) > 14:
            return False
    else:
        return False
    return _DEVIATION_RE.search(tail) is not None and not _has_training(text[s:e])
