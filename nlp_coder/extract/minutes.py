"""Minutes and clock times in therapy text: pure functions, no spaCy.

Every function takes plain text and returns offsets into that text, so the
caller can shift them into the note. Nothing here invents minutes: a value
is only returned when the text states it (``15 min``, ``15'``, ``x12'``,
``10:05-10:20``, ``0.5 hr``, ``fifteen minutes``) or when a stated total is
split in words and only one part is left ("45 minutes of treatment: 30 min
ther ex, the rest manual" -> 15 for the rest).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from nlp_coder.extract.wording import words

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "half": 0.5,
}
_TENS = r"(?:twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_WORDNUM = (rf"(?:{_TENS}(?:[- ]{_UNITS})?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
            rf"nineteen|ten|{_UNITS})")
_NUM = rf"(?:\d+(?:\.\d+)?|{_WORDNUM})"

# "15 min", "15-20 minutes", "x12 mins", "fifteen minutes", "15mins"
_NUM3 = rf"(?:\d{{1,3}}(?:\.\d+)?|{_WORDNUM})"
_MIN_RE = re.compile(
    rf"(?<![\w.\-/])(?:x\s*)?(?P<n>{_NUM3})(?:(?:-|\s+to\s+|\s*-\s*(?=\d{{1,3}}\s*(?:-|to)))(?P<n2>\d+))?\s*-?\s*"
    # "rnin": "min" as OCR reads it ("Manual 10 rnin:GH glides")
    r"(?P<u>minutes?|mins?\.?|min\b|mn\b|rnins?\b|'|’|′|m(?=\s*(?:[:,;)]|$|\s[-—–]|\s*\n)))(?!\w)",
    re.IGNORECASE,
)
# "0.5 hr", "1 hour", "1.5 hours", "an hour", "half an hour"
_HOUR_RE = re.compile(
    rf"(?<![\w.\-/])(?:(?P<half>half\s+an?|half|1/2\s*an?|1/2)|(?P<quarter>(?:a\s+)?quarter(?:\s+of\s+an)?|1/4\s*(?:of\s+)?(?:an?\s+)?)|(?P<n>{_NUM}))\s*(?:hours?|hrs?\.?)(?!\w)(?!\s*(?:(?:/|a|per|each|every|at)\s*(?:day|d\b|wk|week|night|nite|nt\b|evening|shift)|nightly|daily|overnight|qhs|at\s+bedtime))",
    re.IGNORECASE,
)
# a clock interval inside a larger pattern: "0800-0812", "10:15 to 10:45" (no am/pm, no captured parts)
CLOCK_SPAN = r"(?:[01]?\d|2[0-3]):?[0-5]\d\s*(?:-|–|to)\s*(?:[01]?\d|2[0-3]):?[0-5]\d"
# 10:05-10:20, 0800-1035, 9:50 to 10:10, 10.05-10.20
_CLOCK_RE = re.compile(
    # "9:05a-9:20a": a one-letter a/p as well
    r"(?<![\d:/.])(?P<h1>[01]?\d|2[0-3])(?P<s1>[:.h]?)(?P<m1>[0-5]\d)\s*(?:[ap]\.?(?:m\.?)?(?![a-z]))?\s*(?:-|–|—|to|until)\s*"
    r"(?P<h2>[01]?\d|2[0-3])(?P<s2>[:.h]?)(?P<m2>[0-5]\d)(?![\d/]|:\d)",
    re.IGNORECASE,
)
# "0:12 active place-and-hold ...", "Manual 0:10 - ...": hours and minutes of a duration under an hour (E-TIME-FORMS)
_HMM_RE = re.compile(r"(?<![\w.:/\-])0:(?P<n>[0-5]\d)(?![\d:])(?!\s*(?:[ap]\.?m\b|[-–—]\s*\d|to\s+\d|until\b))", re.IGNORECASE)
# "of the 35 minutes", "45 minutes of treatment:", "out of 40 min"
_TOTAL_OF_RE = re.compile(
    rf"(?:(?:of|out\s+of)\s+(?:the\s+)?(?:total\s+)?(?P<n1>{_NUM})\s*(?:minutes?|mins?)\b"
    rf"|(?P<n2>{_NUM})\s*(?:minutes?|mins?)\s+(?:total\s+)?of\s+(?:skilled\s+|direct\s+)?(?:treatment|therapy|tx|session|skilled|exercise)\b(?=\s*[:,;]))",
    re.IGNORECASE,
)
_WERE_RE = re.compile(rf"(?<![\w.])(?P<n>{_NUM})\s+(?:were|was|went|spent)\b", re.IGNORECASE)
_REST_MARKER_RE = re.compile(
    r"\b(?:the\s+(?:rest|remainder)(?!\s+(?:of\s+the\s+)?(?:break|period))|(?:the\s+)?remaining\s+time|remainder\s+of\s+(?:the\s+)?(?:session|time))\b",
    re.IGNORECASE,
)
_NON_TREAT_WORDS = r"(?:rested|rest(?:\s+breaks?)?|set[\s-]?up|setup|waiting|wait|toileting|documentation|breaks?|transport|changing|lunch|meal\s+break|recovery)"
_NON_TREAT_RE = re.compile(
    rf"(?:(?P<n1>{_NUM})\s*-?\s*(?:of\s+(?:those|these|the|that)\s+)?(?:minutes?|mins?\.?|min\b|'|’)\s*"
    rf"(?:of\s+(?:that|this|it|which)\s+(?:was|were)\s+(?:spent\s+)?|(?:were|was)\s+spent\s+)?"  # "ten of those minutes were spent waiting"
    rf"(?:of\s+|for\s+)?(?:seated\s+|standing\s+|supine\s+|short\s+|brief\s+)?{_NON_TREAT_WORDS}\b"
    # "at lunch 12 min", "during set-up": when the service was given, not time out of it
    rf"|(?<!\bat\s)(?<!\bduring\s)(?<!\bbefore\s)(?<!\bafter\s)\b{_NON_TREAT_WORDS}\s*(?:of|for|x|:|=)?\s*(?:~|≈|approx\.?\s*|about\s+|approximately\s+)?(?P<n2>{_NUM})\s*(?:minutes?|mins?\.?|min\b|'|’))",
    re.IGNORECASE,
)
_STATED_TOTAL_RE = re.compile(
    rf"\b(?:total\s+(?:treatment\s+|tx\s+|timed\s+|therapy\s+|session\s+|visit\s+|direct\s+|billable\s+|skilled\s+)*"
    rf"(?:time|minutes|mins|min|treatment|tx)?|(?:treatment|tx|therapy)\s+time|timed\s+(?:code\s+)?minutes|total\s+timed|"
    rf"timed\s+(?:treatment|tx|therapy|service)s?(?:\s+time)?|(?<![\w.-])timed(?=\s*:)|(?<![\w-])(?:session|visit)(?=\s+\d+\s*(?:minutes?|mins?|min)\s+total\b)"
    # "Visit 20 min." on a line of its own
    rf"|(?<![\w-])(?:visit|session)(?=\s*:?\s*\d+\s*(?:minutes?|mins?|min)\s*\.?[ \t]*(?:\n|$))"
    # "... Gait training w/ SPC on stairs. Tx 38 min.": a sentence of its own that ends the line
    rf"|(?:^|(?<=\n)|(?<=[.;]\s))[ \t]*(?:tx|treatment|therapy)(?=\s*:?\s*\d+\s*(?:minutes?|mins?|min)\s*\.?[ \t]*(?:\n|$))"
    # "Session 50 min, clinic sensory gym + table.": a line that opens on the visit's length
    rf"|(?:^|(?<=\n))[ \t]*(?:session|visit)(?=\s*:?\s*\d+\s*(?:minutes?|mins?|min)\s*[,;(])"
    # "Pt seen for LBP, session 40 min. Of that about 25 min was manual ...": the visit's length ends its sentence
    rf"|(?<=,\s)(?:session|visit)(?=\s*:?\s*\d+\s*(?:minutes?|mins?|min)\s*\.(?:\s|$)))"
    rf"(?:\s+(?:today|this\s+(?:visit|session|date)))?"  # "Total timed treatment today was twenty-five minutes."
    rf"\s*(?:was|were|is|of|=|:|-)?\s*(?P<n>{_NUM})\s*(?:minutes?|mins?\.?|min\b|'|’)?(?!\s*(?:-|to)\s*\d)",
    re.IGNORECASE,
)
_EXCLUDE_AFTER_RE = re.compile(r"\s*(?:walk|test|walk\s+test|sit[- ]to[- ]stand)\b|\s*(?:/|per)\s*(?:day|wk|week|session)|\s*x\s*\d|\s*(?:ft|feet)\b", re.IGNORECASE)
_DISTANCE_AFTER_RE = re.compile(r"\s*(?:each|one|either)\s+(?:way|direction)\b|\s*round[- ]trip\b", re.IGNORECASE)
_MA_BEFORE_RE = re.compile(r"(?:mA|ma)\s*$")
_EXCLUDE_BEFORE_RE = re.compile(r"(?:mA|ma)\s*-?\s*$|[<>≤≥]\s*~?\s*$|\bbeats\s+per\s*$|(?<!\bw)/\s*$|\d'\s*$|\b(?:every|q)\s*$|\b(?:in|at)\s+the\s*$|"
                                r"\btolerance\s*(?:of\s+|~|≈|=|:|x)?\s*$")  # "every 15 min" is a frequency


_DEVICE_AFTER_RE = re.compile(rf"\s*(?:w/|with\b|using\b|on\s+{words('W-WALK-SURFACE')}|in\s+(?:the\s+)?(?:hall|gym|bars))",
                              re.IGNORECASE)
_GAIT_LABEL_BEFORE_RE = re.compile(r"\b(?:gait|amb\w*)\s+(?:training|trng|trg|tng|tr|trn)\.?\s*[:=-]?\s*$", re.IGNORECASE)
_DEVICE_BEFORE_RE = re.compile(rf"\b{words('W-WALK-DEVICE')}\s*$", re.IGNORECASE)
_MOVE_VERB_BEFORE_RE = re.compile(rf"\b{words('W-MOVE-VERB')}\s+(?:\d+\s*#\s*|x\s*)?$", re.IGNORECASE)
_EXPLICIT_MIN_RE = re.compile(r"\d\s*-?\s*min(?:ute)?s?\b", re.IGNORECASE)
_WALK_BEFORE_RE = re.compile(r"\b(?:gait|amb\w*|walk\w*|ambulat\w*|propel\w*)\b[^.;\n]*$", re.IGNORECASE)  # (w/c propulsion too)
_WORD2_RE = re.compile(r"[A-Za-z]{2,}")
_MAINTAINED_BEFORE_RE = re.compile(r"\bmaintain(?:ed|s|ing)?\b[^.;\n]{0,40}?\b(?:sitting|standing|sit|stand|posture|position|"
                                   r"balance|upright)\s*(?:x|for)?\s*(?:~|≈|about\s+|approx\.?\s*)?$", re.IGNORECASE)
_TOLERANCE_BEFORE_RE = re.compile(r"\b(?:stood|sat|stands|sits)\s+(?:(?:at\s+|on\s+)?(?:the\s+)?(?:eob|edge\s+of\s+(?:the\s+)?bed|sink|counter|mat|"
                                  r"unsupported|supported|w/o\s+support)\s+)?(?:for\s+)?(?:~|≈|about\s+|approx\.?\s*)?$", re.IGNORECASE)
_WALK_TOLERANCE_BEFORE_RE = re.compile(r"\b(?:walked|walks|ambulated|ambulates|amb|cycled|biked)\s+(?:for\s+)?(?:~|≈|about\s+|approx\.?\s*)?$",
                                       re.IGNORECASE)
_SYMPTOM_LIMIT_AFTER_RE = re.compile(r"\s*(?:before|until)\s+(?:onset\s+of\s+|the\s+onset\s+of\s+)?(?:[\w/]+\s+){0,2}?"
                                     r"(?:sx|symptoms?|pain|claudication|fatigue|sob|dyspnea|needing|having\s+to|requiring|"
                                     r"rest(?:ing)?|stopping)\b", re.IGNORECASE)
_REST_AFTER_BEFORE_RE = re.compile(r"\brest(?:ed|ing)?(?:\s+break)?\s+after\s+(?:~|≈|about\s+|approx\.?\s*)?$", re.IGNORECASE)
_POSTURE_AFTER_RE = re.compile(r"\s*(?:of\s+)?(?:standing|sitting|walking|ambulating|ambulation|amb|activity)\b", re.IGNORECASE)
_TOLERANCE_NOUN_AFTER_RE = re.compile(r"\s*(?:of\s+)?(?:standing\s+|sitting\s+|static\s+|dynamic\s+|activity\s+)?tolerance\b",
                                      re.IGNORECASE)
_TOLERANCE_AFTER_RE = re.compile(r"\s*(?:before|until|w/o|without)\b|"
                                 # "Sat EOB 3 min, fair sitting balance.": how long she sat, and how well
                                 r"\s*,?\s*(?:w/\s*|with\s+)?(?:fair|good|poor|normal|min|mod|max)?[+-]?\s*(?:sitting|standing|static|dynamic)\s+"
                                 r"(?:balance|tolerance)\b", re.IGNORECASE)
# "SOB after 3 min of activity", "fatigued w/ 4 min amb": how long until a symptom came on, a measure (E-SYMPTOM-ONSET)
_ONSET_CUE = r"(?:after|w/|with|following|within)\s*(?:~|≈|about\s+|approx\.?\s*)?$"  # the words just before the minutes
_ONSET_BEFORE_RE = re.compile(rf"(?<![\w/])(?:{words('W-REPORT-SYMPTOM')}|{words('W-SENSATION-SYMPTOM')}|{words('W-ONSET-SYMPTOM')})(?!\w)"
                              rf"[^.;\n\d]{{0,30}}?\b{_ONSET_CUE}", re.IGNORECASE)
_SYMPTOM_RELIEF_RE = re.compile(rf"(?<![\w/]){words('W-SYMPTOM-RELIEF')}(?![\w/])", re.IGNORECASE)
_ONSET_CUE_RE = re.compile(_ONSET_CUE, re.IGNORECASE)  # the cheap test before _ONSET_BEFORE_RE
_AFTER_EFFECT_RE = re.compile(r"(?:\bwithin|\bw/in|\b(?:recover\w*|resolv\w*|settl\w*|subsid\w*|normaliz\w*|returned\s+to)\b"
                              r"[^.;\n]{0,45}?\bin)\s*(?:about\s+|~\s*|<\s*)?$", re.IGNORECASE)


# EMR template fields: "Minutes: 15", "Mins = 12", "Time (min): 20"
_LABEL_MIN_RE = re.compile(r"\b(?:minutes|mins?|time\s*\(min(?:utes|s)?\))\s*[:=]\s*(?:~|≈|approx\.?\s*|about\s+|approximately\s+)?"
                           r"(?P<n>\d{1,3})\b(?!\s*(?:-|:|/)\s*\d)", re.IGNORECASE)
_PART_HOUR_RE = re.compile(r"\b(?:the\s+)?(?:first|next|last|remaining|final|second)\s+hour\b", re.IGNORECASE)
_NET_RE = re.compile(r"\(?\s*(?P<n>\d{1,3})\s*min\w*\s+of\s+(?:actual\s+|skilled\s+)?(?:training|treatment|therapy|tx|exercise|work|gait\s+training)\b", re.IGNORECASE)
_SCHEDULE_AFTER_RE = re.compile(r"\s*(?:x\s*\d+\s*)?(?:\d+\s*x\s*)?(?:(?:/|per\s+|a\s+|each\s+)(?:day|d\b|wk|week|hour|hr)|"
                                r"(?:daily|nightly|every\s+day|most\s+days|at\s+home)\b)", re.IGNORECASE)
_WEAR_AFTER_RE = re.compile(r"\s*(?:of\s+)?(?:wear|wearing|wear\s+time|in\s+(?:the\s+)?(?:orthosis|splint|brace|prosthesis))\b", re.IGNORECASE)
# "for the remaining twenty", "the other fifteen": minutes named without a unit after a part of a session
_REMAINING_RE = re.compile(rf"\b(?:the\s+)?(?:remaining|other|last|final)\s+(?P<n>{_NUM})\b(?!\s*(?:minutes?|mins?|'|ft|feet|reps?|sets?|x\b|steps?|laps?|times|trials?|%|lb|#|exercises?|days?|weeks?|wks?|visits?|sessions?))", re.IGNORECASE)
_DIGIT3_RE = re.compile(r"\d[:.h]?\d\d")
_DIGIT_M_RE = re.compile(r"\dm\b")
_NON_TREAT_HINTS = ("rest", "set", "wait", "toilet", "document", "break", "transport", "chang", "lunch", "meal", "recovery")


class _Folded:
    """An IGNORECASE regex that runs case-sensitively on the lowercased text when the text is ASCII.

    On ASCII text both give the same matches at the same offsets (every letter in these patterns is lower
    case, and lower() keeps ASCII text's length), but the case-sensitive one is 2-3x faster: sre compares
    ignore-case literals one by one and cannot skip alternatives by their first character. Group values come
    from the lowercased text; the callers only read numbers and units from them (word_to_number lowercases).
    Non-ASCII text keeps the original regex (Unicode case folding: "ſ" matches "s", "K" (Kelvin) "k").
    """

    def __init__(self, rx: re.Pattern):
        # an upper-case letter outside an escape (\S, \W ...) or a group name would never match lowercased text
        if not rx.flags & re.IGNORECASE or re.search(r"[A-Z]", re.sub(r"\\.|\(\?P[<=]\w*", "", rx.pattern)):
            raise ValueError(f"not a lower-case IGNORECASE pattern: {rx.pattern}")
        self.rx = rx
        self.lower_rx = re.compile(rx.pattern, rx.flags & ~re.IGNORECASE)

    def finditer(self, text: str, folded: str | None):
        """``rx.finditer(text)``; ``folded``: ``text.lower()`` when ``text`` is ASCII, else None."""
        return self.rx.finditer(text) if folded is None else self.lower_rx.finditer(folded)

    def search(self, text: str, folded: str | None):
        return self.rx.search(text) if folded is None else self.lower_rx.search(folded)


_CLOCK_F, _NON_TREAT_F, _TOTAL_OF_F, _HOUR_F, _MIN_F = map(_Folded, (_CLOCK_RE, _NON_TREAT_RE, _TOTAL_OF_RE, _HOUR_RE, _MIN_RE))
_PART_HOUR_F, _REMAINING_F, _LABEL_MIN_F, _REST_MARKER_F = map(_Folded, (_PART_HOUR_RE, _REMAINING_RE, _LABEL_MIN_RE, _REST_MARKER_RE))
_WERE_F, _STATED_TOTAL_F = _Folded(_WERE_RE), _Folded(_STATED_TOTAL_RE)
_TIME_AFTER_TAIL_RE = re.compile(r"min\w*\.?\s+(?:of\s+)?(?:total\s+)?(?:treatment|tx|therapy|timed|skilled)\s+time")
# "Visit 25 min treatment time": the total, its number first
_TIME_AFTER_F = _Folded(re.compile(rf"(?<![\w.])(?P<n>{_NUM})\s*(?:minutes?|mins?)\.?\s+(?:of\s+)?(?:total\s+)?"
                                   r"(?:treatment|tx|therapy|timed|skilled)\s+time\b", re.IGNORECASE))


def _ascii_lower(text: str, low: str | None = None) -> str | None:
    """The ``folded`` argument of ``_Folded``: the lowercased text if it is ASCII, else None."""
    if not text.isascii():
        return None
    return text.lower() if low is None else low


@dataclass(frozen=True)
class Mention:
    """One time expression: ``kind`` is duration | clock | total_of | non_treatment | rest_marker."""

    kind: str
    start: int
    end: int
    minutes: int | None = None
    clock_start: str | None = None
    clock_end: str | None = None


@dataclass(frozen=True)
class MinutesResult:
    minutes: int | None = None
    clock_start: str | None = None
    clock_end: str | None = None
    non_treatment_minutes: int = 0
    evidence: tuple[tuple[int, int], ...] = ()
    rest_of_total: bool = False  # "the rest": the caller may compute it from the group total
    total_of: int | None = None  # "of the 35 minutes ..." stated in this text


def word_to_number(s: str) -> float | None:
    """'15' -> 15, 'fifteen' -> 15, 'twenty-five' -> 25, '0.5' -> 0.5; None when not a number."""
    s = s.strip().lower()
    try:
        return float(s)
    except ValueError:
        pass
    parts = re.split(r"[- ]+", s)
    if not parts or not all(p in WORD_NUMBERS for p in parts):
        return None
    if len(parts) == 1:
        return float(WORD_NUMBERS[parts[0]])
    if len(parts) == 2 and parts[0] in WORD_NUMBERS and WORD_NUMBERS[parts[0]] >= 20 and WORD_NUMBERS[parts[1]] < 10:
        return float(WORD_NUMBERS[parts[0]] + WORD_NUMBERS[parts[1]])
    return None


def _to_int(v: float | None) -> int | None:
    if v is None:
        return None
    return int(round(v))


def parse_clock(text: str, folded: str | None = None) -> list[Mention]:
    """Clock intervals -> Mention(kind='clock', minutes, clock_start 'HH:MM', clock_end).
    ``folded``: see ``_Folded`` (``_ascii_lower(text)``), when the caller has it."""
    out = []
    for m in _CLOCK_F.finditer(text, folded if folded is not None else _ascii_lower(text)):
        s1, s2 = m.group("s1"), m.group("s2")
        if bool(s1) != bool(s2):
            continue
        if not s1 and (len(m.group("h1")) != 2 or len(m.group("h2")) != 2):
            continue  # "5-108" (ROM) is not a clock; bare form needs HHMM-HHMM
        h1, m1, h2, m2 = int(m.group("h1")), int(m.group("m1")), int(m.group("h2")), int(m.group("m2"))
        a, b = h1 * 60 + m1, h2 * 60 + m2
        if b <= a and h2 < 12 and h2 + 12 < 24:
            b += 12 * 60  # 12:50-1:10
        dur = b - a
        if dur <= 0 or dur > 8 * 60:
            continue
        end_h, end_m = divmod(b, 60)
        out.append(Mention("clock", m.start(), m.end(), dur, f"{h1:02d}:{m1:02d}", f"{end_h % 24:02d}:{end_m:02d}"))
    return out


_MAYBE_TIME_F = _Folded(re.compile(r"\d|min|hour|hr|'|’|′|rest|remainder|remaining", re.IGNORECASE))


def find_mentions(text: str) -> list[Mention]:
    """All time expressions in ``text``, sorted by position, non-overlapping."""
    return list(_find_mentions_cached(text)) if len(text) <= 2000 else _find_mentions(text)


@functools.lru_cache(maxsize=8192)  # components ask about the same segments again and again
def _find_mentions_cached(text: str) -> tuple[Mention, ...]:
    return tuple(_find_mentions(text))


_NOT_COUNTED = r"(?:not\s+(?:counted|billed|included|charged|timed|tx|treatment(?:\s+time)?)|excluded|unbilled)"
_LINE_NOT_COUNTED_RE = re.compile(rf"(?:\(|\s[-–—]|;)\s*{_NOT_COUNTED}\s*\)?\s*\.?\s*$", re.IGNORECASE)
# "harness/fitting 1330-1342 not counted (33 min stepping)": the mark right after the interval
_NOT_COUNTED_RIGHT_AFTER_RE = re.compile(rf"\s*\(?\s*{_NOT_COUNTED}\b", re.IGNORECASE)


# "150' x 2 + 75' to dining room", "60' x2 then 90'": the next of a series of distances
_FEET_BEFORE_RE = re.compile(r"\d\s*['’′]\s*(?:[x×]\s*\d+\s*)?(?:(?:(?:on|over|in|across|along|of)\s+)?[a-z]+(?:\s+[a-z]+)?\s*)?"
                             r"(?:[+&,]|,?\s*(?:and\s+)?then|and)\s*$", re.IGNORECASE)  # "150' x3 on tile + 60' carpet", "150' x3 indoor tile + 60'"
_LAP_COUNT_END_RE = re.compile(r"(?<!\d)\d{1,2}\s*$")  # "2 x 40m", not "97530 x 20'"
_LAPS_BEFORE_RE = re.compile(r"(?<!\d)\d{1,2}\s*[x×]\s*$", re.IGNORECASE)  # (not "TA 97530 x 20'": a code, then its time)
_DURATION_BEFORE_RE = re.compile(r"\d\s*-?\s*(?:min\w*|'|’)\.?\s*$", re.IGNORECASE)
_MEALTIME_BEFORE_RE = re.compile(r"\b(?:during|at|over|through)\s+(?:the\s+)?$", re.IGNORECASE)
_BREAK_BEFORE_RE = re.compile(r"\b(?:(?:rest|lunch|meal|bathroom|toileting)\s+)?(?:breaks?|lunch)\s*(?:from|:|=|-)?\s*$", re.IGNORECASE)


def _clock_not_counted(text: str, c: Mention) -> bool:
    """"0922-0935 walked to stop and waited for bus (not counted)", "rest break 0900-0920": the interval is left out
    of treatment time."""
    b = _BREAK_BEFORE_RE.search(text, max(0, c.start - 24), c.start)
    if b is not None and _MEALTIME_BEFORE_RE.search(text, max(0, b.start() - 12), b.start()):
        b = None  # "seen 1:1 during lunch 1200-1220: self-feeding retraining": when the session was, not a break
    if b is not None:
        # not "a 15-min break 0930-0945 (not counted)": that break's minutes are already its duration
        return not _DURATION_BEFORE_RE.search(text, max(0, b.start() - 12), b.start())
    nl = text.find("\n", c.end)
    rest = text[c.end:nl if nl >= 0 else len(text)]
    if _NOT_COUNTED_RIGHT_AFTER_RE.match(rest):
        return True  # "harness/fitting 1330-1342 not counted (33 min stepping)": the mark right after the interval
    m = _LINE_NOT_COUNTED_RE.search(rest)
    # "0800-1100, breaks 0915-0925 & 1015-1025 (not counted)": the mark is the breaks', not the session's
    return m is not None and not re.search(r"\d\s*-?\s*(?:min|')|\b(?:breaks?|lunch)\b", rest[:m.start()], re.IGNORECASE)


def _symptom_onset(text: str, pos: int) -> bool:
    """"SOB after 3 min of activity", "c/o knee pain w/ 10 min standing": the minutes until a symptom came on. Not
    "pain decreased after 12 min of STM" or "no SOB w/ 10 min NuStep" (W-SYMPTOM-RELIEF), where they are the
    service's; nor "pain 2/10 after 15 min MHP", where a score comes between."""
    sol = max(text.rfind("\n", 0, pos), text.rfind(".", 0, pos - 1), text.rfind(";", 0, pos), pos - 60) + 1
    m = _ONSET_BEFORE_RE.search(text, sol, pos)
    return m is not None and _SYMPTOM_RELIEF_RE.search(text, sol, pos) is None


def _find_mentions(text: str) -> list[Mention]:
    low = text.lower()
    folded = low if text.isascii() else None
    if not _MAYBE_TIME_F.search(text, folded):
        return []
    found: list[Mention] = []
    # the spans taken so far, sorted by start; they never overlap (only a free span is added), so the one that
    # starts last before ``e`` is the only one that can reach past ``s``: a bisect, not a scan of every span
    taken_starts: list[int] = []
    taken_ends: list[int] = []

    def free(s: int, e: int) -> bool:
        i = bisect.bisect_left(taken_starts, e)
        return i == 0 or taken_ends[i - 1] <= s

    def add(m: Mention) -> None:
        found.append(m)
        i = bisect.bisect_right(taken_starts, m.start)
        taken_starts.insert(i, m.start)
        taken_ends.insert(i, m.end)

    # asked once, not per mention: each test scans the whole text
    not_counted_words = "count" in low or "bill" in low or "includ" in low
    leave_out_words = not_counted_words or "break" in low or "lunch" in low or "not t" in low
    if _DIGIT3_RE.search(text):
        for c in parse_clock(text, folded):
            if leave_out_words and _clock_not_counted(text, c):
                c = Mention("non_treatment", c.start, c.end, c.minutes, c.clock_start, c.clock_end)
            add(c)
    has_min = "min" in low or "rnin" in low or "'" in text or "’" in text or "′" in text or _DIGIT_M_RE.search(text) is not None
    if any(w in low for w in _NON_TREAT_HINTS):
        nt_iter = _NON_TREAT_F.finditer(text, folded)
    else:
        nt_iter = ()
    for m in nt_iter:
        if free(m.start(), m.end()):
            n = word_to_number(m.group("n1") or m.group("n2") or "")
            add(Mention("non_treatment", m.start(), m.end(), _to_int(n)))
    for m in (_TOTAL_OF_F.finditer(text, folded) if _total_of_anywhere(text, low) else ()):
        if free(m.start(), m.end()):
            n = word_to_number(m.group("n1") or m.group("n2") or "")
            add(Mention("total_of", m.start(), m.end(), _to_int(n)))
    for m in (_HMM_RE.finditer(text) if "0:" in text else ()):
        if free(m.start(), m.end()) and int(m.group("n")) > 0:
            add(Mention("duration", m.start(), m.end(), int(m.group("n"))))
    for m in (_HOUR_F.finditer(text, folded) if ("hour" in low or "hr" in low) else ()):
        if not free(m.start(), m.end()):
            continue
        n = 0.5 if m.group("half") else 0.25 if m.group("quarter") else word_to_number(m.group("n"))
        if n is None or n <= 0 or n > 12:
            continue
        if re.search(r"(?:wear\w*|worn|wore|schedule|every|q|up\s+to|tolerat\w*|slept|sleeps?|in\s+(?:the\s+)?(?:chair|recliner|bed)|OOB\s+(?:to\s+chair\s+)?(?:for\s+)?)\s*(?:to\s*|of\s*|for\s*|x\s*)?$", text[max(0, m.start() - 20):m.start()], re.IGNORECASE):
            continue
        if re.match(r"\s*(?:on\s*[/,]|on\s+and\s+\d|off\b)", text[m.end():m.end() + 12], re.IGNORECASE):
            continue  # "1 hr on / 1 hr off" is a wearing schedule
        if _WEAR_AFTER_RE.match(text, m.end()) or _SCHEDULE_AFTER_RE.match(text, m.end()):
            continue  # "skin intact after 2 hr wear", "2 hrs/day": how long a device is worn, not treatment time (E-NET-TIME)
        add(Mention("duration", m.start(), m.end(), _to_int(n * 60)))
    for m in (_MIN_F.finditer(text, folded) if has_min else ()):
        if not free(m.start(), m.end()):
            continue
        n = word_to_number(m.group("n"))
        if n is None:
            continue
        unit = m.group("u")
        before = text[max(0, m.start() - 12):m.start()]
        after = text[m.end():m.end() + 14]
        if _EXCLUDE_BEFORE_RE.search(before) and not (text[m.start()] in "xX×*" and _MA_BEFORE_RE.search(before)):
            continue  # (but "4.0 mA x 10 min" is the current, then the time)
        if (before.endswith(("at ", "at ~", "at~", "at", "after ")) or _AT_LIST_BEFORE_RE.search(before)) \
                and _CHECK_AT_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "checked on pt at 5 min": when the therapist looked in, not a duration (E-UNATTENDED-CHECK)
        if _MARK_AFTER_RE.match(after):
            continue  # "at the 10 min mark": a point in time, not a duration (E-UNATTENDED-CHECK)
        if "in" in text[max(0, m.start() - 60):m.start()].lower() and \
                _AFTER_EFFECT_RE.search(text, max(0, m.start() - 60), m.start()):
            continue  # "dizziness settled w/in 2 min", "SpO2 recovered to 95% in 2 min": how fast, not treatment time
        if text[m.start():m.start() + 1].isdigit() and m.start() > 0 and text[m.start() - 1] == "-":
            continue
        if _ONSET_CUE_RE.search(before) and _symptom_onset(text, m.start()):
            continue  # "SOB after 3 min of activity": when a symptom came on, a measure (E-SYMPTOM-ONSET)
        wide = text[max(0, m.start() - 36):m.start()]
        if any(w in wide.lower() for w in ("st", "sat", "sit")) and _TOLERANCE_BEFORE_RE.search(wide) \
                and _TOLERANCE_AFTER_RE.match(text, m.end()):
            continue  # "stood ~4 min before needing to sit": standing tolerance, a measure (E-REPORTS)
        if "maint" in wide.lower() and _MAINTAINED_BEFORE_RE.search(text, max(0, m.start() - 60), m.start()):
            continue  # "pt maintained upright midline sitting x 30 min post": how long a posture held, a measure (E-REPORTS)
        if ("before" in after.lower() or "until" in after.lower()) and _WALK_TOLERANCE_BEFORE_RE.search(wide) \
                and _SYMPTOM_LIMIT_AFTER_RE.match(text, m.end()):
            continue  # "walked 9 min before LE sx": how far the patient got before symptoms, a measure (E-REPORTS)
        if "rest" in wide.lower() and _REST_AFTER_BEFORE_RE.search(wide) and _POSTURE_AFTER_RE.match(text, m.end()):
            continue  # "seated rest after 4 min standing": how long she stood before resting, a measure (E-REPORTS)
        if "toleran" in text[m.end():m.end() + 40].lower() and _TOLERANCE_NOUN_AFTER_RE.match(text, m.end()):
            continue  # "grooming standing at sink ~6 min tolerance": how long she tolerated it, a measure (E-REPORTS)
        if re.match(r"\d+-minute", text[m.start():m.end() + 1], re.IGNORECASE) and _EXCLUDE_AFTER_RE.match(after):
            continue
        if unit in ("'", "’", "′"):
            # An apostrophe is minutes only for plausible session times, not feet ("amb 150'", "50' x2").
            # "50' x2", "10' 2x10" are distances or dosage; "US 8' 1MHz" is 8 minutes then a setting
            if n > 90 or n != int(n) or _EXCLUDE_AFTER_RE.match(after) or re.match(r"\s*\d+(?!\s*(?:k?hz|mhz|w|ma|%|deg))", after, re.IGNORECASE):
                continue
            if _DISTANCE_AFTER_RE.match(after):
                continue  # "back and forth x2, 40' each way": a distance
            if _FEET_BEFORE_RE.search(text, max(0, m.start() - 28), m.start()):
                continue  # "150' x 2 + 75' to dining room": another distance in feet
            if _DEVICE_AFTER_RE.match(after) and _WALK_BEFORE_RE.search(text, max(0, m.start() - 25), m.start()) \
                    and not _GAIT_LABEL_BEFORE_RE.search(text, max(0, m.start() - 25), m.start()):
                continue  # "Gait: 60' w/ platform RW": a distance walked with a device ("Gait trng 15' w/ RW 200' x2"
                # is the training's time: the label names the training, the distance comes after)
            if _MOVE_VERB_BEFORE_RE.search(text, max(0, m.start() - 16), m.start()):
                continue  # "amb 20' then sat down", "bilateral carry 10' to table": right after a verb of moving, the
                # distance walked or carried
            if (_DEVICE_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
                    and _WALK_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()) and _EXPLICIT_MIN_RE.search(text)):
                continue  # "gait back to room w/ RW 60', CGA - 5 min": with the time written in minutes, the feet walked
        elif _EXCLUDE_AFTER_RE.match(after) and re.match(r"\s*(?:walk|test)", after, re.IGNORECASE):
            continue
        if n <= 0 or n > 600 or (unit.lower() == "m" and (n > 90 or n != int(n))):
            continue  # "12m" is minutes on a log line; "150m" would be a distance
        if (unit.lower() == "m" or (unit in ("'", "’", "′") and n >= 20)) and (_LAPS_BEFORE_RE.search(before)
                                                    or (text[m.start()] in "xX×" and _LAP_COUNT_END_RE.search(before))):
            continue  # "2 x 40m", "4 x 20m", "2 x 40'": laps of a distance in metres or feet
        if _SCHEDULE_AFTER_RE.match(after):
            continue  # "30 min x 4/day wear schedule", "20 min 2x/day" prescribe, they do not report time
        if _WEAR_AFTER_RE.match(after):
            continue  # "skin checked after 20 min wear": how long the device was worn (E-NET-TIME)
        if not_counted_words and _NOT_COUNTED_AFTER_RE.match(text, m.end()):
            # "2 rest breaks on top of that about 3 minutes each which I did not count": time left out (E-NET-TIME)
            add(Mention("non_treatment", m.start(), m.end(), _to_int(n)))
            continue
        add(Mention("duration", m.start(), m.end(), _to_int(n)))
    for m in (_PART_HOUR_F.finditer(text, folded) if "hour" in low else ()):
        if free(m.start(), m.end()):
            add(Mention("duration", m.start(), m.end(), 60))
    for m in (_REMAINING_F.finditer(text, folded) if ("remain" in low or "other" in low or "last" in low) else ()):
        if free(m.start(), m.end()):
            v = word_to_number(m.group("n"))
            if v is not None and 5 <= v <= 120:
                add(Mention("duration", m.start(), m.end(), int(v)))
    for m in (_LABEL_MIN_F.finditer(text, folded) if has_min else ()):
        if free(m.start(), m.end()):
            add(Mention("duration", m.start(), m.end(), int(m.group("n"))))
    for m in (_REST_MARKER_F.finditer(text, folded) if ("rest" in low or "remain" in low) else ()):
        if free(m.start(), m.end()):
            add(Mention("rest_marker", m.start(), m.end()))
    found.sort(key=lambda x: x.start)
    if "should" in low or "correct" in low:
        found = _corrected(text, found)
    return found


_CORRECTION_BEFORE_RE = re.compile(r"\b(?:error|correction|corrected|typo)\b[^()\n]{0,20}?(?:should\s+(?:read|be)|to)\s*:?\s*$",
                                   re.IGNORECASE)


def _corrected(text: str, found: list[Mention]) -> list[Mention]:
    """E-DUPLICATE-LINE: "US ... 10 min (error - should read 5 min. -MH)": the corrected time replaces the one
    before it."""
    out: list[Mention] = []
    for m in found:
        if m.kind == "duration" and _CORRECTION_BEFORE_RE.search(text, max(0, m.start - 40), m.start):
            for i in range(len(out) - 1, -1, -1):
                if out[i].kind == "duration":
                    del out[i]
                    break
        out.append(m)
    return out


_APPROX_BEFORE_RE = re.compile(rf"\b{words('W-APPROX-WORD')}\s+(?:an?\s+)?$|~\s*$", re.IGNORECASE)
_RESTATE_GAP_RE = re.compile(r"\s*(?:,|\(|;|-|–|—)?\s*(?:or\s+|i\.e\.,?\s+|exactly\s+|precisely\s+)?")


def _restated(text: str, approx: Mention, exact: Mention) -> bool:
    """The second duration restates the first, approximate one right after it ("about half an hour, 32 minutes
    by the clock", "~20 min (22 min)")."""
    return (_RESTATE_GAP_RE.fullmatch(text, approx.end, exact.start) is not None
            and _APPROX_BEFORE_RE.search(text, max(0, approx.start - 25), approx.start) is not None)


_INSIDE_CUE_RE = re.compile(r"\b(?:of\s+(?:that|those|which|this|these|it)|included|incl|within|in\s+that|during|in\s+between|"
                            r"between|mid-?session|inside)\b", re.IGNORECASE)


def _break_inside(text: str, mentions: list, nt) -> bool:
    """Whether a break is time inside the service's stated minutes. A break in a sentence of its own after a service
    that states its minutes ("Toilet transfer 8 min ... 2 min rest break x1 (not counted).") was already left out of
    them, unless it says it was inside ("About 10 min of that was waiting (not counted)")."""
    durs = [m for m in mentions if m.kind == "duration" and m.end <= nt.start]
    if not durs:
        return True
    sent_end = text.find(".", nt.end)
    if _INSIDE_CUE_RE.search(text, durs[-1].end, sent_end if sent_end >= 0 else len(text)):
        return True  # "... 20 min incl. 5 min rest", "About 10 min of that was waiting"
    gap = text[durs[-1].end:nt.start]
    return max(gap.rfind(". "), gap.rfind("\n"), gap.rfind("; ")) < 0  # the same sentence


def parse_minutes(text: str, head_end: int | None = None, split_total: bool = False) -> MinutesResult:
    """The minutes of one intervention's text.

    ``head_end``: offset where the intervention's head (its name and the
    number right after it) ends; a duration before it is the block's time and
    wins over sub-durations later in the line ("TherEx 23': ... bike 6'").
    ``split_total``: the sentence states a total split in words, so "25 were"
    counts as minutes.
    """
    try:
        mentions = find_mentions(text)
    except Exception:  # never raise on odd text
        return MinutesResult()
    if split_total:
        taken = [(m.start, m.end) for m in mentions]
        for m in _WERE_F.finditer(text, _ascii_lower(text)):
            if all(m.end() <= a or m.start() >= b for a, b in taken):
                v = word_to_number(m.group("n"))
                if v is not None and 0 < v <= 600:
                    mentions.append(Mention("duration", m.start(), m.end(), int(v)))
        mentions.sort(key=lambda x: x.start)
    nts = [m for m in mentions if m.kind == "non_treatment"]
    if nts and not any(m.kind == "clock" for m in mentions):
        nts = [m for m in nts if _break_inside(text, mentions, m)]
    nts = _distinct_breaks(nts)
    non_treat = sum(m.minutes or 0 for m in nts)
    nt_ev = tuple((m.start, m.end) for m in nts)
    clocks = [m for m in mentions if m.kind == "clock"]
    durs = [m for m in mentions if m.kind == "duration"]
    totals = [m for m in mentions if m.kind == "total_of"]
    rest = any(m.kind == "rest_marker" for m in mentions)
    total_of = totals[0].minutes if totals else None
    if clocks:
        c = clocks[0]
        net_d = _net_after_breaks(text, c, durs)
        if net_d is not None:
            # "0925-0950 Gait training ...; 2 standing rests (~3 min total, not counted) -- 22 min": the time left
            return MinutesResult(net_d.minutes, c.clock_start, c.clock_end, 0, ((net_d.start, net_d.end),), False, total_of)
        share = _cotreat_share(text, c, durs)
        if share is not None:
            # "1000-1030 Co-tx w/ OT (...): PT focus on gait ..., 15 min": the session's clock, then this discipline's
            # part of it (E-COTREAT-CLAUSE)
            return MinutesResult(share.minutes, c.clock_start, c.clock_end, 0, ((share.start, share.end),), False, total_of)
        net = _NET_RE.search(text) if " of " in text else None
        if net is None and nts and " of " in text:
            net = _net_plus_breaks(text, c, durs, non_treat)
        if net is not None and 0 < int(net.group("n")) <= (c.minutes or 0):
            # the clinician stated the time left once the breaks are out: that is the treatment time
            return MinutesResult(int(net.group("n")), c.clock_start, c.clock_end, 0, ((net.start("n"), net.end("n")),),
                                 False, total_of)
        return MinutesResult(c.minutes, c.clock_start, c.clock_end, non_treat, ((c.start, c.end),) + nt_ev, False, total_of)
    if len(durs) > 1:
        # "After a five minute bike warm up we did ..., twenty seven minutes total for the bike and the strength
        # work.": one duration said to be the total covers the parts named with theirs
        marked = [d for d in durs if _TOTAL_AFTER_RE.match(text, d.end) or _total_before(text, d.start)]
        # (the parts come first: "Total 2 hr 45 min" is one time in two pieces, not a total and a part)
        if len(marked) == 1 and all((d.minutes or 0) < (marked[0].minutes or 0) and d.end <= marked[0].start
                                    for d in durs if d is not marked[0]):
            d = marked[0]
            return MinutesResult(d.minutes, None, None, non_treat, ((d.start, d.end),) + nt_ev, False, total_of)
    if len(durs) > 1 and "incl" in text.lower():
        # "Treadmill 2.5 mph 2% 20 min incl 3 min cool-down": the part is inside the time before it
        inside = [d for d in durs[1:] if _INCLUDED_BEFORE_RE.search(text, max(0, d.start - 16), d.start)]
        durs = [d for d in durs if d not in inside]
    if len(durs) > 1:
        d = durs[-1]
        if _TRAILING_TIME_BEFORE_RE.search(text, max(0, d.start - 6), d.start) and _LINE_END_AFTER_RE.match(text, d.end) \
                and all((x.minutes or 0) * 2 < (d.minutes or 0) for x in durs[:-1]):
            # E-TRAILING-TIME: "Repeated ext in lying 3x10, prone on elbows 2 min -- lumbar extension ROM -- 9 min":
            # the time set off at the end of the line is the service's; the short one inside it is a hold
            return MinutesResult(d.minutes, None, None, non_treat, ((d.start, d.end),) + nt_ev, False, total_of)
    if durs:
        # "TherEx 23': ...", "Ther Ex (97110) 20 min - ... Nustep x 8 min": the time right after the label
        lead = [d for d in durs if head_end is not None and (d.start <= head_end + 6 or (
            d.start <= head_end + 20 and not _WORD2_RE.search(text, head_end, d.start)))]
        if lead:
            d = lead[0]
            return MinutesResult(d.minutes, None, None, non_treat, ((d.start, d.end),) + nt_ev, False, total_of)
        paren = _breakdown_paren(text, durs[0])
        if paren is not None and all(paren[0] <= d.start and d.end <= paren[1] for d in durs[1:]) \
                and not (len(durs) == 2 and _restated(text, durs[0], durs[1])):
            # (but "walked about 20 min (22 min)" restates the time, read below)
            # "Contrast bath L hand 12 min (hot 104F 3 min / cold 59F 1 min x3 cycles)": the parts of that time
            d = durs[0]
            return MinutesResult(d.minutes, None, None, non_treat, ((d.start, d.end),) + nt_ev, False, total_of)
        if len(durs) == 2 and _restated(text, durs[0], durs[1]):
            durs = durs[1:]  # "a little over half an hour, 32 minutes by the clock": one time, said twice
        if len(durs) == 1:
            d = durs[0]
            return MinutesResult(d.minutes, None, None, non_treat, ((d.start, d.end),) + nt_ev, False, total_of)
        # several stated parts and no block time: their sum is what the text says
        return MinutesResult(sum(d.minutes or 0 for d in durs), None, None, non_treat,
                             tuple((d.start, d.end) for d in durs) + nt_ev, False, total_of)
    if rest:
        return MinutesResult(None, None, None, non_treat, nt_ev, True, total_of)
    if totals:
        t = totals[0]
        return MinutesResult(t.minutes, None, None, non_treat, ((t.start, t.end),) + nt_ev, False, total_of)
    return MinutesResult(None, None, None, non_treat, nt_ev, False, None)


_INCLUDED_BEFORE_RE = re.compile(r"\b(?:incl\.?|including|includes|included|inclusive\s+of)\s*(?:a\s+|an\s+|the\s+)?(?:~\s*)?$", re.IGNORECASE)
_TRAILING_TIME_BEFORE_RE = re.compile(r"(?:\s--?|\s[–—]|=)\s*(?:~\s*)?$")
_LINE_END_AFTER_RE = re.compile(r"\s*[.;]?\s*(?:\n|$)")
_TOTAL_AFTER_RE = re.compile(r"\s*(?:total|in\s+all|altogether|all\s+together)\b", re.IGNORECASE)
# "total therapeutic exercise twenty four minutes including the bike": the service's total, not the visit's
_TOTAL_BEFORE_RE = re.compile(r"\btotal\s+(?P<words>(?:[a-z]+\s+){0,3}?)(?:was\s+|of\s+|=\s*|:\s*)?(?:~|about\s+|approx\.?\s*)?$",
                              re.IGNORECASE)
_NOT_OWN_TOTAL_RE = re.compile(r"\b(?:treatment|tx|time|timed|session|visit|billable|skilled|therapy|direct|today)\b", re.IGNORECASE)


def _total_before(text: str, start: int) -> bool:
    m = _TOTAL_BEFORE_RE.search(text, max(0, start - 45), start)
    return m is not None and _NOT_OWN_TOTAL_RE.search(m.group("words")) is None


def _breakdown_paren(text: str, d: Mention) -> tuple[int, int] | None:
    """The parenthesis right after a duration ("12 min (hot 3 min / cold 1 min x3)"), as (start, end), or None."""
    i = d.end
    while i < len(text) and text[i] in " \t":
        i += 1
    if i >= len(text) or text[i] != "(":
        return None
    close = text.find(")", i)
    return (i, close) if close > 0 and "\n" not in text[i:close] else None


# (only the clinician's own clause: "(~8 min, not billed)" after an unskilled warm-up is still that activity's time)
_NOT_COUNTED_AFTER_RE = re.compile(r"\s*(?:each\s*)?,?\s*(?:which|that)\s+(?:i|we)\s+"
                                  r"(?:did\s+not|didn't|do\s+not|don't)\s+(?:count|bill|include)\b", re.IGNORECASE)
_BREAK_WORD_RE = re.compile(rf"\b(?:{words('W-BREAK-NOUN')}|{words('W-NOT-COUNTED')})\b", re.IGNORECASE)


def _distinct_breaks(nts: list) -> list:
    """"w/ 15 min seated break 0950-1005 (excl)": one break written as its minutes and as its clock is one break."""
    out: list = []
    for m in nts:
        prev = out[-1] if out else None
        if (prev is not None and m.minutes == prev.minutes and m.start - prev.end <= 3
                and (m.clock_start is None) != (prev.clock_start is None)):
            continue
        out.append(m)
    return out


_OF_ACTIVITY_RE = re.compile(r"(?P<n>\d{1,3})\s*min\w*\s+of\s+[a-z]", re.IGNORECASE)


def _net_plus_breaks(text: str, c: Mention, durs: list, non_treat: int) -> re.Match | None:
    """"1330-1344 Gait training ... (12 min of gait, 2 min seated rest not counted)": minutes of an activity that,
    with the breaks left out, make up the clock interval exactly: the clinician's net time (E-NET-TIME)."""
    for d in durs:
        m = _OF_ACTIVITY_RE.match(text, d.start)
        if m is not None and d.start >= c.end and (d.minutes or 0) + non_treat == c.minutes:
            return m
    return None


def _net_after_breaks(text: str, c: Mention, durs: list) -> Mention | None:
    """A duration that ends the piece after a clock interval and a break in it, shorter than the interval: the
    treatment time the clinician worked out (E-NET-TIME)."""
    if not durs or not c.minutes:
        return None
    d = durs[-1]
    if d.start < c.end or not 0 < (d.minutes or 0) < c.minutes or text[d.end:].strip(" \t.;)-–—"):
        return None
    if "\n" in text[c.end:d.start]:
        return None  # "Work hardening 0815-1130, break ... not counted:\n* ...\n* ... x 10 min": an item's time
    return d if _BREAK_WORD_RE.search(text, c.end, d.start) else None


_COTREAT_WORD_RE = re.compile(r"\bco-?\s?(?:tx|treat\w*|session)\b", re.IGNORECASE)


def _cotreat_share(text: str, c: Mention, durs: list) -> Mention | None:
    """One duration after a co-treatment's clock interval, shorter than it: the writer's part of the session."""
    if len(durs) != 1 or not c.minutes or "co" not in text.lower():
        return None
    d = durs[0]
    if d.start < c.end or not 0 < (d.minutes or 0) < c.minutes:
        return None
    return d if _COTREAT_WORD_RE.search(text, c.end, d.start) else None


# "checked at 10 and 20 min": the last of a list of time points
_AT_LIST_BEFORE_RE = re.compile(r"\bat\s*~?\s*(?:\d{1,3}\s*(?:,|and|&|/)\s*)+$", re.IGNORECASE)
_CHECK_AT_BEFORE_RE = re.compile(r"\b(?:checked|checks|check|looked\s+in|checked\s+in|rechecked|inspected)\b[^.;\n]{0,25}\b"
                                 r"(?:at|after)\s*~?\s*(?:\d{1,3}\s*(?:,|and|&|/)\s*)*$", re.IGNORECASE)
_MARK_AFTER_RE = re.compile(r"\s*(?:-\s*)?marks?\b", re.IGNORECASE)
_TX_NUMBER_RE = re.compile(r"(?:tx|treatment|therapy)\s*:?\s*\d")
_TIME_IN_OUT_RE = re.compile(r"\btime\s*in\s*:?\s*(?P<a>(?:[01]?\d|2[0-3]):?[0-5]\d)\s*(?:[/,;|-]|\s)\s*time\s*out\s*:?\s*"
                             r"(?P<b>(?:[01]?\d|2[0-3]):?[0-5]\d)\b", re.IGNORECASE)


def _clock_minutes(a: str, b: str) -> int | None:
    a, b = a.replace(":", ""), b.replace(":", "")
    ma, mb = int(a[:-2]) * 60 + int(a[-2:]), int(b[:-2]) * 60 + int(b[-2:])
    return mb - ma if 0 < mb - ma <= 300 else None


def stated_total(text: str) -> tuple[int, int, int] | None:
    """'Total treatment time 40 minutes' -> (40, start, end); "Time in 0915 / time out 0955" -> (40, ...); None when
    not stated."""
    low = text.lower()
    if "time in" in low or "timein" in low:
        m = _TIME_IN_OUT_RE.search(text)
        v = _clock_minutes(m.group("a"), m.group("b")) if m else None
        if v is not None and not _STATED_TOTAL_F.search(text, _ascii_lower(text, low)):
            return v, m.start(), m.end()
    if ("total" not in low and " time" not in low and "timed" not in low and "visit" not in low and "session" not in low
            and not (("tx" in low or "treatment" in low or "therapy" in low) and _TX_NUMBER_RE.search(low))):
        return None  # ("Tx 38 min.": a treatment word right before a number)
    # the number-first pattern has no literal prefix to scan for: look for its literal tail first
    after = _TIME_AFTER_F.search(text, _ascii_lower(text, low)) if _TIME_AFTER_TAIL_RE.search(low) else None
    if after is not None and not _STATED_TOTAL_F.search(text, _ascii_lower(text, low)):
        n = word_to_number(after.group("n"))
        if n is not None and 0 < n <= 600:
            return int(round(n)), after.start(), after.end()  # "Visit 25 min treatment time."
    for m in _STATED_TOTAL_F.finditer(text, _ascii_lower(text, low)):
        n = word_to_number(m.group("n"))
        if n is None or n <= 0 or n > 600:
            continue
        label = text[m.start():m.start("n")].lower()
        unit = re.match(r"\s*(?:minutes?|mins?|min\b|'|’)", text[m.end("n"):m.end("n") + 9], re.IGNORECASE)
        if not unit and "time" not in label and "min" not in label:
            continue  # "total of 3 sets"
        return int(round(n)), m.start(), m.end()
    return None


# has_total_split asks only whether _TOTAL_OF_RE matches somewhere. On ASCII text that is decided on the
# lowercased text by two searches that the regex engine can scan for quickly (case-insensitive patterns and
# patterns opening with a number get no literal-prefix scan, which made the plain search ~0.6 us a character):
# * "of <num> min": its first branch; "out of ..." matches only where "of ..." matches too;
# * "<num> min of treatment:": its second branch, found from the "min" end: the tail must match right at a
#   "min" and the text before it, less whitespace, must end in a number (a digit or a number word).
_OF_NUM_MIN_RE = re.compile(rf"of\s+(?:the\s+)?(?:total\s+)?(?:{_NUM})\s*(?:minutes?|mins?)\b")
_MIN_OF_TREATMENT_RE = re.compile(
    r"(?:minutes?|mins?)\s+(?:total\s+)?of\s+(?:skilled\s+|direct\s+)?(?:treatment|therapy|tx|session|skilled|exercise)\b(?=\s*[:,;])")
# every word _NUM can end with (its compound "twenty-five" ends in a unit word)
_NUM_WORD_ENDS = ("twenty", "thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety", "ten", "eleven",
                  "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                  "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def has_total_split(text: str) -> bool:
    """A total split in words in this sentence ("of the 35 minutes ..., 25 were ...; the remaining 10")."""
    return _total_of_anywhere(text, text.lower())


def _total_of_anywhere(text: str, low: str) -> bool:
    """``"min" in low and " of " in low and _TOTAL_OF_RE.search(text)``, quickly (``low``: ``text.lower()``)."""
    if "min" not in low or " of " not in low:
        return False
    if not text.isascii():  # Unicode case folding ("ſ" matches "s") is left to the regex itself
        return bool(_TOTAL_OF_RE.search(text))
    if _OF_NUM_MIN_RE.search(low):
        return True
    i = low.find("min")
    while i >= 0:
        if _MIN_OF_TREATMENT_RE.match(low, i):
            before = low[:i].rstrip()  # str.isspace and the regex's \s agree on what whitespace is
            if before and ("0" <= before[-1] <= "9" or before.endswith(_NUM_WORD_ENDS)):
                return True
        i = low.find("min", i + 1)
    return False


def clocks_separate(intervals: list[tuple[str, str]]) -> bool:
    """True when 2+ clock intervals do not overlap (separate time blocks)."""
    if len(intervals) < 2:
        return False

    def mins(s: str) -> int:
        h, m = s.split(":")
        return int(h) * 60 + int(m)

    spans = sorted((mins(a), mins(b)) for a, b in intervals)
    return all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


# D-TIME-TABLE: a row of a time table or charge section: a code (after its name) and minutes, a separator between
# ("Therapeutic Exercise (97110) ........ 20", "97116 - 23 min - 2 units"). "97110 11 min" with only a space is a
# coded log line (a service), not a table row.
TIME_ROW_RE = re.compile(
    r"[ \t\-*•>|]*(?:[A-Za-z][A-Za-z /&'’.-]{1,40}?\s*)?\(?\s*(?P<code>9\d{4}|G0283)\s*\)?(?:\s*[.\-–—:=|][.\-–—:=|\s]*|[ \t]{2,})"
    r"(?P<min>\d{1,3})\s*(?:min(?:ute)?s?\b|')?(?:\s*[-–,;|]\s*\d{1,2}\s*units?|[ \t]{2,}\d{1,2}(?:[ \t]*units?)?)?\s*\|?\s*",
    re.IGNORECASE)


# "97116   Gait training      30": the code first, its name, a column gap or leader, the minutes. A number below 7
# there is a units column ("97110 Ther Ex ...... 2", read as a claim in a billing section), not minutes.
CODE_FIRST_ROW_RE = re.compile(
    r"[ \t\-*•>|]*(?P<code>9\d{4}|G0283)(?:[ \t]+|[ \t]*[-–:|][ \t]*)[A-Za-z][A-Za-z /&'’.()-]{0,40}?"
    r"(?:[ \t]*[.\-–—:=|][.\-–—:=| \t]*|[ \t]{2,}|\t)(?P<min>\d{1,3})[ \t]*(?:min(?:ute)?s?\b|')?[ \t]*\|?[ \t]*"
    # "97140  Manual therapy .... 15 min ... 1 unit", "97112 Neuromuscular re-ed    24      2" (a units column)
    r"(?:(?:[.\-–—,;|]+[ \t]*\d{1,2}[ \t]*units?|[ \t]{2,}\d{1,2}(?:[ \t]*units?)?)[ \t]*)?",
    re.IGNORECASE)
_CODE_FIRST_MIN = 7


def time_row(text: str, s: int, e: int) -> tuple[str, int] | None:
    """(code, minutes) when text[s:e] is a time-table row (D-TIME-TABLE), else None."""
    m = TIME_ROW_RE.fullmatch(text, s, e)
    if m is None:
        m = CODE_FIRST_ROW_RE.fullmatch(text, s, e)
        if m is None or (int(m.group("min")) < _CODE_FIRST_MIN
                         and not re.match(r"\s*(?:min|')", text[m.end("min"):m.end("min") + 5], re.IGNORECASE)
                         and not re.match(r"[ \t]{2,}\d", text[m.end("min"):m.end()])):
            return None  # (but "97035 Ultrasound ...... 6 min" says minutes, and so does a number with a units column
            # after it: "97530 Therapeutic act    6    0")
    mins = int(m.group("min"))
    return (m.group("code").upper(), mins) if 0 < mins <= 300 else None


def time_rows(text: str) -> list[tuple[str, int, int, int]]:
    """(code, minutes, start, end) for each time-table row of the note, in order."""
    out = []
    for lm in re.finditer(r"[^\n]+", text):
        row = time_row(text, lm.start(), lm.end())
        if row is not None:
            out.append((row[0], row[1], lm.start(), lm.end()))
        elif ";" in lm.group():
            out.extend(row_list(text, lm.start(), lm.end()) or ())
    return out


_ROW_LIST_TOTAL_RE = re.compile(r"\s*(?:total|timed)\b[^;\n]*", re.IGNORECASE)


def row_list(text: str, s: int, e: int) -> list[tuple[str, int, int, int]] | None:
    """"97116 - 15 min - 1 unit; 97110 - 15 min - 1 unit; 97530 - 10 min - 1 unit. Total timed 40 min": time-table
    rows written on one line, split by semicolons (D-TIME-TABLE), with a total at the end at most; None when any
    part is something else."""
    out = []
    for part in re.finditer(r"[^;]+", text[s:e]):
        a, b = s + part.start(), s + part.end()
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t.":
            b -= 1
        if a >= b:
            continue
        # the last row may run into the total: "97530 - 10 min - 1 unit. Total timed 40 min"
        dot = text.find(". ", a, b)
        if dot >= 0 and _ROW_LIST_TOTAL_RE.fullmatch(text, dot + 1, b):
            b = dot
        row = time_row(text, a, b)
        if row is None:
            if _ROW_LIST_TOTAL_RE.fullmatch(text, a, b):
                continue
            return None
        out.append((row[0], row[1], a, b))
    return out if len(out) >= 2 else None
