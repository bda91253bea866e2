"""Component ``nlp_coder_sections``: SOAP / therapy note sections, the title and the signature.

A header is a line-initial phrase of ``patterns/sections.jsonl`` in any
case, followed by a colon, a dash or the end of the line ("S:", "Objective",
"TREATMENT -", "Plan:", "HEP:", "Billing"); single letters (S/O/A/P) need the
colon. An all-capitals line or colon header that is not in the lexicon
("DISCHARGE SUMMARY:") is categorised by the last lexicon phrase it contains,
else ``other``; either way it ends the previous section.

Writes ``doc.spans["nlp_sections"]`` (label = category, from the header to
the next header), ``doc._.nlp_header_spans``, ``doc._.nlp_title`` and
``doc._.nlp_signature``.
"""

from __future__ import annotations

import bisect
import functools
import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp_coder.extract.extensions import SECTION_ROWS, SECTIONS, doc_terms, doc_text, register_extensions, set_doc_ext
from nlp_coder.extract.lexicon import load_lexicon
from nlp_coder.extract.minutes import CLOCK_SPAN
from nlp_coder.extract.wording import words

# section category -> intervention status
SECTION_STATUS = {
    "goals": "goal",
    "plan": "planned",
    "home_program": "home_program",
    "history": "historical",
    "subjective": "historical",
    "diagnosis": "historical",
}
# "measures" (Strength:, Gait:, Endurance: ...) is an objective part in which only named services
# (code numbers or names, modalities) make interventions.
# sections whose sentences never create interventions (read for outcomes / claims only)
# "exam": a physical examination reports findings ("toe-heel walking is performed without difficulty");
# services are documented under objective / treatment (E-EXAM-FINDINGS).
# "status": a progress or discharge report's status against the start of care ("Status at d/c compared w/ SOC:",
# "Data collected today:") reports how the patient does, not what was done (E-EXAM-FINDINGS)
NO_INTERVENTION_SECTIONS = {"assessment", "billing", "exam", "status"}

# "Status at d/c vs SOC:", "D/C status compared w/ IE:": the comparison a status header is made against
_COMPARED_WITH = (r"(?:vs\.?|versus|compared\s+(?:w/|with|to))\s+(?:soc|ie|ie/soc|eval\w*|initial\s+eval\w*|start\s+of\s+care|"
                  r"admission|baseline|prior\s+(?:report|re-?eval\w*|progress\s+note))")
_QUALIFIER = (r"(?:\s+(?:today|this\s+date|this\s+session|this\s+visit|same\s+(?:date|day|visit|session)|"
              r"(?:after|following|post)\s+(?:the\s+)?(?:re-?eval\w*|eval\w*|re-?assessment)|provided|performed|rendered|given|notes?|log|section|"
              rf"summary|list|plan|#?\d+|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\([^)\n]{{0,40}}\)|{_COMPARED_WITH}))")
_LINE_RE = re.compile(r"[^\n]+")
_PAREN_RE = re.compile(r"\([^)\n]*\)")
_TODAY_QUALIFIER_RE = re.compile(r"\btoday\b|\bthis\s+(?:date|session|visit)\b", re.IGNORECASE)
_CAPS_HEADER_RE = re.compile(r"[ \t]*(?P<h>[A-Z][A-Z0-9 /&'(),.#-]{1,60}?)\s*(?::|$)")


@functools.lru_cache(maxsize=1)
def _header_tables():
    phrases: dict[str, tuple[str, str, bool]] = {}
    for e in load_lexicon().values():
        if e.label != "SECTION":
            continue
        for p in e.phrases:
            phrases[p.lower()] = (e.attrs["category"], e.id, bool(e.attrs.get("needs_colon")))
    header_re = _HeaderRegexes(sorted(phrases, key=len, reverse=True))
    first_words = {re.split(r"[\s/:()-]+", p)[0] for p in phrases}
    inner_re = re.compile(rf"\b(?:{'|'.join(re.escape(p) for p in sorted((p for p, v in phrases.items() if not v[2]), key=len, reverse=True))})\b", re.IGNORECASE)
    return phrases, header_re, inner_re, first_words


class _HeaderRegexes:
    """``match(line, word)``: the header regex with only the phrases a line whose first word is ``word`` can start
    with. The one regex of every phrase costs ~10 µs a line (sre tries each IGNORECASE alternative in turn); a
    phrase that matches starts with the line's first letter run or is a prefix of it, so the others cannot match
    and leaving them out gives the same match."""

    def __init__(self, phrases_longest_first: list[str]):
        self._phrases = phrases_longest_first
        self._by_word: dict[str, re.Pattern] = {}

    @staticmethod
    def compile(alts: str) -> re.Pattern:
        return re.compile(
            rf"[ \t]*(?:[-*•#>]+[ \t]*)?(?P<h>{alts})(?P<q>{_QUALIFIER}{{0,2}})[ \t]*(?P<sep>:|-{{1,2}}(?=\s)|–|—|\)(?=\s)|(?i:colon)\b|$)",
            re.IGNORECASE,
        )

    def match(self, line: str, word: str) -> re.Match | None:
        w = word.lower()
        rx = self._by_word.get(w)
        if rx is None:
            alts = "|".join(re.escape(p) for p in self._phrases if p.startswith(w) or w.startswith(p))
            rx = self._by_word[w] = self.compile(alts) if alts else re.compile(r"(?!)")
        return rx.match(line)


def _decorated_header(h: str, phrases) -> tuple[str, str] | None:
    """The (category, id) of a ruled header's words: the phrase itself, else its first known part ("Objective /
    Interventions")."""
    for part in (h, *re.split(r"\s*[/&]\s*", h)):
        hit = phrases.get(part.strip().lower())
        if hit:
            return hit[0], hit[1]
    return None


# ("--- Charges (day) ---": an aside in parentheses after the header's words)
_DECORATED_HEADER_RE = re.compile(r"[ \t]*(?:-{2,}|={2,}|\*{2,}|#{2,})[ \t]*(?P<h>[A-Za-z][A-Za-z /&'-]*?)[ \t]*(?:\([^()\n]{0,20}\)[ \t]*)?:?[ \t]*(?:-{2,}|={2,}|\*{2,}|#{2,})?[ \t]*")
_FIRST_WORD_RE = re.compile(r"[ \t]*(?:[-*•#>]+[ \t]*)?([A-Za-z'&]+)")


# objective headers that are also the names of services ("GAIT: the patient ambulates ..." in an evaluation)
_ACTIVITY_HEADING_RE = re.compile(words('W-ACTIVITY-HEADING'), re.IGNORECASE)
_JOINED_HEADER_RE = re.compile(r"[ \t]*(?P<a>[A-Za-z][A-Za-z ]{0,30}?)[ \t]*[/&][ \t]*(?P<b>[A-Za-z][A-Za-z ]{0,30}?)[ \t]*:?[ \t]*")
_TIMED_REST_RE = re.compile(r"\s*[:\-]?\s*(?:x\s*)?\d{1,3}\s*(?:min\w*|'|’)", re.IGNORECASE)


_DOSING_RE = re.compile(r"\b\d{1,2}\s*[x×]\s*\d{1,3}\b")
_LINE_MINUTES_RE = re.compile(r"\d\s*(?:min(?:ute)?s?\b|')\s*\.?\s*$", re.IGNORECASE)
_WORDS_THEN_MINUTES_RE = re.compile(r"[ \t]*(?:[A-Za-z/&.'-]+[ \t]+){0,3}\(?\d{1,3}\s*(?:min\w*|'|’)\)?\s*[:\-]", re.IGNORECASE)


# a status heading the lexicon does not list: a comparison with the start of care, alone on its line, or "Since IE:"
_STATUS_WORDS = ("status", "progress", "reassess", "re-assess", "findings", "since")


def _has_status_word(line: str) -> bool:
    low = line.lower()  # substring tests: an IGNORECASE alternation scanned every line at ~15x the cost
    return any(w in low for w in _STATUS_WORDS)


_STATUS_LINE_RE = re.compile(
    r"[ \t]*(?:[-*•]\s*)?(?P<h>(?:\d+[- ]?(?:wk|week|mo|month|day|visit)s?\s+)?(?:status|progress|reassessment|re-assessment|"
    r"re-?eval(?:uation)?\s+findings|reassessment\s+findings)\b[^:\n]{0,50}:)[ \t]*$|"
    r"[ \t]*(?:[-*•]\s*)?(?P<h2>(?:changes?\s+|progress\s+|status\s+)?since\s+(?:ie|eval\w*|initial\s+(?:eval\w*|visit)|soc|start\s+of\s+care|"
    r"last\s+(?:report|progress\s+(?:note|report)|re-?eval\w*))\b[^:\n]{0,20}:)", re.IGNORECASE)
# what follows "Plan" written without a colon when it opens the plan ("Plan cont POC", "Plan: ..." is a header anyway)
_PLAN_LEAD_RE = re.compile(r"[ \t]+(?:cont\b|cont\.|continue|progress|will\b|f/u\b|d/c\b|add\b|next\s+(?:visit|session|tx|time)\b|"
                           r"to\s+(?:cont|continue|progress|add)\b)", re.IGNORECASE)
_SOAP_IDS = frozenset({"subjective_s", "objective_o", "assessment_a", "plan_p"})
# "S:pt states LBP better ... tingling.O:lumbar flex 75% ... Ther ex 20 min- ...": a SOAP note flattened onto one line
_RUN_TOGETHER_SOAP_RE = re.compile(r"(?<=[.!?;])[ \t]*(?P<h>[SOAP])[ \t]*:(?=[ \t]*\S)")


def _run_together_soap(line: str, pos: int, line_start: int, phrases) -> list[tuple[int, int, str, str]]:
    """E-INLINE-HEADER: the later SOAP letters of a line that opens with one, each after a sentence end."""
    out = []
    for m in _RUN_TOGETHER_SOAP_RE.finditer(line, pos - line_start):
        cat, ident, _ = phrases[m.group("h").lower()]
        out.append((line_start + m.start("h"), line_start + m.end(), cat, ident))
    return out


def find_headers(text: str) -> list[tuple[int, int, str, str]]:
    """(header start, header end, category, entry id) for each line-initial header."""
    phrases, header_re, inner_re, first_words = _header_tables()
    out = []
    for lm in _LINE_RE.finditer(text):
        line = lm.group().rstrip("\r")
        deco = _DECORATED_HEADER_RE.fullmatch(line)
        known = _decorated_header(deco.group("h"), phrases) if deco else None
        if known:
            # "--- Charges ---", "=== PLAN ===", "--- Objective / Interventions ---": a header drawn with rules
            cat, ident = known
            # the header ends with its rule, so the section's content starts on the next line
            out.append((lm.start() + deco.start("h"), lm.start() + len(line.rstrip()), cat, ident))
            continue
        fw = _FIRST_WORD_RE.match(line)
        word = fw.group(1) if fw is not None else ""
        m = header_re.match(line, word) if word.lower() in first_words else None
        # (every status heading has a colon: a cheap test before the two patterns)
        st = _STATUS_LINE_RE.match(line) if m is None and ":" in line and _has_status_word(line) else None
        if st is not None and not _TIMED_REST_RE.search(line):
            # "6-wk status vs initial OT visit:", "Reassessment findings:", "Since IE 12/30: WBAT boot -> regular
            # shoe ...": what changed since the start of care, reported, not done (E-EXAM-FINDINGS)
            g = "h" if st.group("h") else "h2"
            out.append((lm.start() + st.start(g), lm.start() + st.end(g), "status", "status_report"))
            continue
        if fw is None:
            continue
        if m is None and ("/" in line or "&" in line):
            joined = _JOINED_HEADER_RE.fullmatch(line)
            if joined is not None and joined.group("a").lower() in phrases and joined.group("b").lower() in phrases:
                # "Objective / Interventions", "Assessment/Plan": two headers joined on a line of their own; the
                # first names the section, as in a ruled header ("--- Objective / Interventions ---")
                cat, ident, _ = phrases[joined.group("a").lower()]
                out.append((lm.start() + joined.start("a"), lm.start() + joined.end("b"), cat, ident))
                continue
        if m and m.group("h") == "Pt" and phrases[m.group("h").lower()][0] == "discipline_pt":
            m = None  # "Pt: 81 yo F ..." is the patient, not a physical-therapy portion ("PT:")
        if m and line[:fw.start(1)].strip(" \t") and _ACTIVITY_HEADING_RE.fullmatch(m.group("h")):
            m = None  # "- Gait: hemi walker 150 ft x3" in a treatment list is an item naming a service, not a section
        if m:
            cat, ident, needs_colon = phrases[m.group("h").lower()]
            sep = m.group("sep")
            if sep.lower() == "colon":
                sep = ":"  # "Objective colon the patient was seen ...": the colon spoken (E-DICTATED-PUNCTUATION)
            if needs_colon and sep not in (":", ")"):
                m = None
            elif cat == "measures" and (_TIMED_REST_RE.match(line, m.end()) or (
                    _LINE_MINUTES_RE.search(line, m.end()) and _DOSING_RE.search(line, m.end()))):
                m = None  # "Balance 13 min: static stance ..." is a log line, not a measures header; so is "Strength: SL
                # leg press 3x10 90#, ... -- quad/ham strength -- 18 min"
            elif sep == "" and _WORDS_THEN_MINUTES_RE.match(line, m.end()):
                m = None  # "HEP INSTRUCTION 11 MIN: SIT TO STAND X10 ...": a timed log line in capitals
            elif sep == "" and not _is_caps(line) and len(_PAREN_RE.sub("", line).split()) > 4:
                m = None  # "Plan is to continue" is prose, not a header
            elif sep == "" and not _is_caps(m.group("h")) and line[m.end():].strip():
                m = None
            if m:
                if cat == "history" and _TODAY_QUALIFIER_RE.search(m.group("q")):
                    cat, ident = "treatment", "treatment"  # "Last session (today, 3/6):" in a discharge summary
                out.append((lm.start() + m.start("h"), lm.start() + m.end(), cat, ident))
                if ident in _SOAP_IDS:
                    out.extend(_run_together_soap(line, lm.start() + m.end(), lm.start(), phrases))
                continue
        if m is None and word.lower() == "plan" and "plan" in phrases and _PLAN_LEAD_RE.match(line, fw.end()):
            cat, ident, _ = phrases["plan"]  # "Plan cont POC; family training Fri.": the plan without its colon
            out.append((lm.start() + fw.start(1), lm.start() + fw.end(1), cat, ident))
            continue
        if not word[:1].isupper():
            continue
        c = _CAPS_HEADER_RE.match(line)
        if c and _is_caps(c.group("h")) and (line[c.end() - 1:c.end()] == ":" or len(line.strip()) <= 60):
            h = c.group("h")
            if len(re.sub(r"[^A-Za-z]", "", h)) < 3:
                continue
            found = list(inner_re.finditer(h))
            if re.search(r"\d", h) and (not found or re.search(r"\d\s*(?:min\w*|'|’)", h, re.IGNORECASE)):
                continue  # "NMR 18'", "HEP INSTRUCTION 11 MIN:" are log lines, not headers
            cat, ident = ("other", "other")
            if found:
                cat, ident, _ = phrases[found[-1].group().lower()]
            out.append((lm.start() + c.start("h"), lm.start() + c.end(), cat, ident))
    return out


def _is_caps(s: str) -> bool:
    letters = [ch for ch in s if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


_SENT_END_RE = re.compile(r"(?<=[.!?])\s+")


_SEEN_FOR_TITLE_RE = re.compile(rf"\s*(?:{words('W-PATIENT-NOUN')}\s+)?{words('W-SEEN-FOR')}\s+(?:today\s+)?for\b", re.IGNORECASE)


def find_title(text: str, headers: list[tuple[int, int, str, str]], disc_terms: list[tuple[int, int]],
               program_terms: list[tuple[int, int]] = (), device_terms: list[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """The note's title: its first line (or first sentence) when it names the discipline or is in capitals."""
    m = re.search(r"\S[^\n]*", text)
    if not m:
        return None
    start, end = m.start(), m.end()
    line = m.group().rstrip("\r")
    if headers and headers[0][0] == start and headers[0][2] != "other" and not headers[0][2].startswith("discipline_"):
        return None
    first_sentence = len(line) > 100
    if first_sentence:
        s = _SENT_END_RE.search(line)
        if not s or s.start() > 100:
            return None
        end = start + s.start()
        line = line[: s.start()]
    else:
        end = start + len(line)
    names_disc = any(start <= a and b <= end for a, b in disc_terms) or (
        # "Splint check. L thumb spica (fab 1/14) rubbing ... 10 min.": a service's name opening the line that
        # describes it, not a heading over the note
        any(start <= a and b <= end for a, b in program_terms)
        and not (first_sentence and any(start <= a and b <= end for a, b in device_terms))
        # "Seen for fabrication of custom thumb spica orthosis R ... -- first fitting today." opens a paragraph
        # about the service it names (E-SPLIT-OVERVIEW), it is not a heading
        and not _SEEN_FOR_TITLE_RE.match(line))
    ends_like_title = re.search(r"\b(?:note|evaluation|visit|re-?evaluation)\.?\s*$", line, re.IGNORECASE) and len(line.split()) <= 6
    # "OT -- W/c mgmt / transfers": a discipline heading and the visit's topics, no time, no detail
    disc_topics = bool(headers) and headers[0][0] == start and headers[0][2].startswith("discipline_") \
        and not re.search(r"\d", line) and len(line.split()) <= 8
    if names_disc or _is_caps(line) or ends_like_title or disc_topics:
        if re.search(r"\d+\s*(?:min|minutes|')", line) and not _is_caps(line):
            return None
        if re.search(r"\(\s*\d{1,3}\s*\)\s*:|\bx\s*\d{1,3}\s*:|\d+\s*(?:min\w*|m)\s*:", line, re.IGNORECASE):
            return None  # "THER EX (25): ..." is a log line in capitals, not a title
        return (start, end)
    return None


_CREDS = words("W-SIGNATURE-CREDENTIAL")
_SIG_RE = re.compile(
    rf"(?:(?:,|^|\s)\s*{_CREDS}(?:\W+(?:{_CREDS}|[A-Z][A-Z/.-]{{1,8}}))*\W*$"
    r"|^\s*-{1,2}\s*\S|(?i:\b(?:signed|dictated|electronically|signature|evaluator|supervising|co-?signed|cosign)\b)"
    r"|,\s*(?i:(?:licensed\s+|registered\s+)?(?:physical|occupational)\s+therap(?:ist|y\s+assistant)(?:\s+assistant)?)\s*$"
    rf"|^\s*{_CREDS}\s*:?\s*[A-Z][a-z]*\.?(?:\s+[A-Z][a-z'-]+){{0,3}}\s*$)"
)
_NAME_ONLY_RE = re.compile(r"^\s*(?:[A-Z][a-zA-Z'-]*\.?\s+){0,3}[A-Z][a-zA-Z'-]+\.?\s*$")


_SIGNED_LINE_RE = re.compile(r"\s*(?:electronically\s+)?(?:co-?)?signed(?:\s+by)?\s*:?\s", re.IGNORECASE)
# "Reviewed/co-signed: P. Lindqvist, OTR/L", "Reviewed and co-signed by ...", "Co-signed: ..."
_COSIGN_LINE_RE = re.compile(r"\s*(?:co-?sign(?:ed|ature)?(?:\s+by)?\b|counter-?sign\w*|"
                             r"reviewed(?:\s*(?:/|and|&)\s*co-?signed)?(?:\s+by\b|\s*:)|"
                             r"supervis(?:ing|ed\s+by|or)\b)", re.IGNORECASE)
_INITIAL_END_RE = re.compile(r"(?:^|[\s(.])[A-Z]\.\s*$")
# "Kayla Brandt, OTR/L | Medicaid", "Jenna Alcott, PT 3/11/26", "- Yusuf Demir, OTR/L": a name, a comma and credentials
# opening a line; what follows (the payer, the date) is checked by _signed_tail
_NAME_CRED_LINE_RE = re.compile(
    rf"\s*(?:[-–—~]+\s*)?(?:(?i:(?:electronically\s+)?signed(?:\s+by)?|sign|/s/|(?:tx|treatment|treated|provided|performed)\s+by)\s*:?\s*)?(?:[A-Z][A-Za-z.'-]*\s+){{0,3}}[A-Z][A-Za-z.'-]+,\s*{_CREDS}(?![\w/])(?:\s*[,/]?\s*{_CREDS}(?![\w/]))*")
_PARENS_RE = re.compile(r"\([^()\n]*\)")
_TAIL_LABEL_RE = re.compile(r"\b(?:payer|payor|ins|insurance|plan|dos|date)\s*[:#]", re.IGNORECASE)


def _signed_tail(tail: str) -> bool:
    """What may follow the credentials on a signature line: a date, a time, a payer, a pipe ("| Medicaid", "3/11/26",
    "(Aetna PPO)"); every word outside parentheses capitalised, so prose ("PT will see pt Monday") is not a tail."""
    tail = _TAIL_LABEL_RE.sub(" ", _PARENS_RE.sub(" ", tail))  # "Greg Sato, PT   payer: Medicare B"
    return len(tail) <= 40 and all(w[0].isupper() for w in re.findall(r"[A-Za-z][A-Za-z'-]*", tail))


def _trailing_signed_line(stripped: str) -> tuple[int, int] | None:
    """E-CO-SIGNED: the "Name, CRED ..." line among the last three lines, when the lines after it are short and name
    no minutes ("Dx: Parkinson's disease", "Medicaid Managed Care"); None if there is none. The region is that line
    only: a diagnosis written under the signature is still the note's."""
    end = len(stripped)
    for _ in range(3):
        ls = stripped.rfind("\n", 0, end) + 1
        line = stripped[ls:end]
        m = _NAME_CRED_LINE_RE.match(line)
        if m and len(line.strip()) <= 100 and _signed_tail(line[m.end():]):
            after = stripped[end:]
            if all(len(x.strip()) <= 60 for x in after.split("\n")) and not re.search(r"\d\s*(?:min|')", after):
                return (ls + (len(line) - len(line.lstrip())), ls + len(line.rstrip()))
        if ls == 0:
            return None
        end = ls - 1
    return None


def _name_cred_line(line: str) -> bool:
    """ "Tx by: Shawna Hale, COTA/L   03/09/2026": a name and credentials, then only a signed tail."""
    m = _NAME_CRED_LINE_RE.match(line)
    return m is not None and _signed_tail(line[m.end():])


def _signature_like(s: str) -> bool:
    return bool(_SIG_RE.search(s) or _NAME_ONLY_RE.match(s))


def find_signature(text: str) -> tuple[int, int] | None:
    """The signature region: the last short line, or the last sentence of a long last line, when it looks signed."""
    stripped = text.rstrip()
    if not stripped:
        return None
    ls = stripped.rfind("\n") + 1
    line = stripped[ls:]
    # "Ana Delacroix, SPT / Michael Trent, PT, DPT (co-sign: I was present and directed the entire session)": an
    # aside in parentheses after the credentials is still the signature line
    core = _PARENS_RE.sub("", line).rstrip() if line.endswith(")") else line
    # (a one-line note that signs after its last sentence, "Ther ex 15 min: SLR for quad strength. -JK PT", is not a
    # signature as a whole: the last sentence is, below)
    if len(core.strip()) <= 100 and (ls > 0 or (len(core) < 60 and not _SENT_END_RE.search(core))):
        cosign = _COSIGN_LINE_RE.match(line) is not None
        if not cosign and not _signature_like(core):
            return _trailing_signed_line(stripped)
        if not cosign and not _SIG_RE.search(line) and ls > 0:
            # a bare name-like last line ("Medicaid Managed Care") under a "Name, CRED" line: that line signs
            region = _trailing_signed_line(stripped)
            if region is not None:
                return region
        if cosign and ls > 0:
            # "COTA: F. Grant" / "cosign: OTR R. Amari": the co-signer supervises; the signer above is in the region
            ps = stripped.rfind("\n", 0, ls - 1) + 1
            prev = stripped[ps:ls - 1]
            if prev.strip() and len(prev.strip()) <= 100 and (_signature_like(prev) or _name_cred_line(prev)):
                return (ps + (len(prev) - len(prev.lstrip())), len(stripped))
        start = ls + (len(line) - len(line.lstrip()))
        if _SIGNED_LINE_RE.match(line) and ls > 0:
            # "Electronically signed: E. Novak, PT ..." then "Electronically signed: R. Diaz, PTA ...": both sign
            ps = stripped.rfind("\n", 0, ls - 1) + 1
            prev = stripped[ps:ls - 1]
            if _SIGNED_LINE_RE.match(prev) and len(prev.strip()) <= 100:
                start = ps + (len(prev) - len(prev.lstrip()))
        elif ls > 0 and _name_cred_line(line):
            # "Helena Villanueva, PT, DPT" then "Glen Tanaka, PTA": two clinicians sign, one line each
            ps = stripped.rfind("\n", 0, ls - 1) + 1
            prev = stripped[ps:ls - 1]
            if len(prev.strip()) <= 100 and _name_cred_line(prev):
                start = ps + (len(prev) - len(prev.lstrip()))
        return (start, len(stripped))
    tail_start = max(ls, len(stripped) - 160)
    parts = [m.end() for m in _SENT_END_RE.finditer(stripped, tail_start)]
    while len(parts) > 1 and _INITIAL_END_RE.search(stripped, 0, parts[-1]):
        parts.pop()  # "..., supervising therapist M. Ruiz, OTR/L.": an initial does not end the signature sentence
    s = parts[-1] if parts else tail_start
    if len(stripped) - s > 120:
        s = len(stripped) - 120
    if not _signature_like(stripped[s:]):
        return None
    return (s, len(stripped))


_CLOCK_LABEL_RE = re.compile(rf"\s*[A-Za-z][A-Za-z/&.'\- ]{{0,30}}?\s{CLOCK_SPAN}\s*:")
_LOG_START_RE = re.compile(r"\s*(?:[01]?\d|2[0-3]):?[0-5]\d\s*(?:-|–|to)\s*(?:[01]?\d|2[0-3]):?[0-5]\d\b|\s*9\d{4}\b|\s*G0283\b")
_PROGRAM_TITLE_IDS = {"work_conditioning", "performance_test", "evaluation", "re_evaluation", "group_therapy", "community", "community_btw",
                      "aquatic", "orthotic_sub", "orthotic_fab", "prosthetic_initial"}


def _strong_head_starts(terms) -> list[int]:
    lex = load_lexicon()
    out = []
    for t in terms:
        if t[2] in ("CODE_NUM", "CODE_NAME", "MODALITY", "OUT_OF_SCOPE"):
            e = lex.get(f"{t[2]}|{t[3]}")
            if e is not None and not e.weak:
                out.append(t[0])
    return out


# "UBE 8 min + pulleys ...", "Man tx 15 min: ...", "Transfers: 18 min.", "Orthotic: pt fitted ...": a line that
# opens with a short label and then minutes or a colon is a treatment log line, whatever the label's words.
_LABEL_LINE_RE = re.compile(
    r"\s*(?:[-*•>]\s*)?[A-Za-z][A-Za-z/&.'\- ]{1,30}?(?:\s*(?:x\s*)?\d{1,3}\s*(?:min\w*|'|’)|\s*:\s*(?:\d{1,3}\s*(?:min\w*|'|’)|[a-z]))",
    re.IGNORECASE)
_NOT_LOG_LABELS = re.compile(rf"\s*(?:subj\w*|{words('W-NOT-LOG-LABEL')})\b", re.IGNORECASE)


_TIMED_LINE_RE = re.compile(r"\d{1,3}\s*-?\s*(?:min\b|mins?\b|minutes\b|'|’)|"
                            # minutes in words, as dictated ("We spent approximately twenty minutes ...")
                            r"\b(?:(?:twenty|thirty|forty|fifty|sixty)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|"
                            r"five|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
                            r"nineteen)\s+minutes\b|\b\d{1,3}m\b(?=\s*[:,;)]|\s*$)|\(\s*\d{1,3}\s*\)\s*:|"
                            r"\(\s*for\s+\d{1,3}\s*\)|^\s*(?:[-*•>]\s*)?\(\s*\d{1,3}\s*\)\s*[A-Za-z]|\bfor\s+\d{1,3}\s*:|"
                            # a clock interval ("gym 1030-1100"), not a year range ("2019-2020")
                            r"(?<!\d)(?!(?:19|20)\d\d\b)(?:[01]?\d|2[0-3]):?[0-5]\d\s*(?:-|–|to)\s*(?:[01]?\d|2[0-3]):?[0-5]\d(?!\d)",
                            re.IGNORECASE)
_PATIENT_DID_RE = re.compile(rf"\s*{words('W-DONE-SUBJECT')}\s+{words('W-DONE-VERB')}\b", re.IGNORECASE)
_DISC_LEAD_RE = re.compile(r"\s*(?:PT|OT|SLP|PTA|COTA)\s+(?:only|alone|portion|section|part)\b|\s*(?:PT|OT)\s+\d{1,2}:?\d{2}\s*-", re.IGNORECASE)


def _labelled_log_line(line: str) -> bool:
    m = _LABEL_LINE_RE.match(line)
    return m is not None and not _NOT_LOG_LABELS.match(line)


def _inline_section_end(text: str, header_end: int, end: int, strong_starts: list[int], cat: str = "") -> int:
    """A header with content on its own line ("Dx: L ankle sprain") ends before a following log line.

    The section goes on over list items and after a line ending with ':'; it
    stops at the first later line that starts with a service ("TE 15': ...").
    """
    nl = text.find("\n", header_end, end)
    if nl < 0 or not text[header_end:nl].strip():
        return end  # header alone on its line: the section runs to the next header
    prev_line = text[header_end:nl]
    pos = nl + 1
    while pos < end:
        nxt = text.find("\n", pos, end)
        line_end = nxt if nxt >= 0 else end
        line = text[pos:line_end]
        stripped = line.strip()
        if not stripped:
            return pos  # a blank line ends a header's inline content ("Vitals: BP 134/70." then a paragraph)
        if stripped and cat in ("diagnosis", "history", "subjective") and _TIMED_LINE_RE.search(line):
            return pos  # a timed line, list item or not, is treatment, not the diagnosis or history above it
        if cat == "measures" and line[:1] not in " \t" and not re.match(r"(?:[-*•>]+|\(?\d{1,2}[.)])\s+", line) \
                and not prev_line.rstrip().endswith((":", ",")):
            return pos  # "Vitals: BP 136/78, HR 76." is one line; the unindented sentence after it is not a vital sign
        mark = re.match(r"\s*(?:[-*•>]+|\(?\d{1,2}[.)]|\(?[a-h]\))\s+", line)
        if mark is not None and cat in ("diagnosis", "history") and not prev_line.rstrip().endswith(":"):
            k = bisect.bisect_left(strong_starts, pos + mark.end())
            if k < len(strong_starts) and strong_starts[k] <= pos + mark.end() + 2:
                return pos  # "Dx: L MCA CVA" then "- NMR: weight shifting ...": a list item that opens with a
                # service's strong name is the day's treatment, not another diagnosis
        if stripped and not re.match(r"\s*(?:[-*•>]+|\(?\d{1,2}[.)])\s+", line) and not prev_line.rstrip().endswith(":"):
            lead = pos + (len(line) - len(line.lstrip()))
            k = bisect.bisect_left(strong_starts, lead)
            if (k < len(strong_starts) and strong_starts[k] < lead + 45) or _LOG_START_RE.match(line) \
                    or _CLOCK_LABEL_RE.match(line):
                return pos  # ("Tx after eval 0850-0902: grooming ..." under "Plan: ...": a label with its clock)
            if _labelled_log_line(line) or _DISC_LEAD_RE.match(line):
                return pos  # "PT only 1020-1030: gait ..." ends the OT portion before it
            if cat in ("diagnosis", "history") and _PATIENT_DID_RE.match(line):
                return pos  # "Pt worked on toilet transfers w/ grab bar ..." under "Dx: CHF exacerbation ...": what was
                # done today, not the diagnosis
            if cat in ("diagnosis", "history", "subjective") and (_TIMED_LINE_RE.search(line) or _DOSING_RE.search(line)):
                return pos  # a diagnosis has no minutes: "Circuit with 4 pts, 30 min - ..." is treatment; nor sets x
                # reps ("Ecc wrist ext w/ red Flexbar 3x15, ... -> wrist ext/grip strength" under "S: 3/10 ...")
        if stripped:
            prev_line = line
        if nxt < 0:
            break
        pos = nxt + 1
    return end


_OBJECTIVE_WORDS = frozenset({"objective", "obj", "o"})


def _inherit_exam(headers, text: str = ""):
    """Unknown sub-headers of a physical examination (HEENT:, NECK:, MUSCULOSKELETAL:) are part of it, and so are
    the objective sub-headers that name what was examined ("Gait: shuffling, festination w/ turns", "Transfers:");
    a new "Objective:" section ends it."""
    out, parent = [], None  # "exam", or "status" (a progress report's status list), while inside one
    for s, e, cat, ident in headers:
        if cat == "other" and parent:
            cat, ident = parent, parent
        elif parent and cat == "objective" and text[s:e].strip(" \t:-").lower() not in _OBJECTIVE_WORDS:
            cat, ident = parent, parent  # "Gait:" inside the examination: a finding of it (E-EXAM-FINDINGS)
        elif parent == "status" and cat == "measures":
            cat, ident = parent, parent  # "- Gait: RW -> SPC", "Endurance: ..." in "Functional status this period:"
        elif cat != "other":
            # "VITAL SIGNS:" inside the exam
            parent = cat if cat in ("exam", "status") else ("exam" if parent == "exam" and cat == "measures" else None)
        out.append((s, e, cat, ident))
    return out


class Sectionizer:
    def __init__(self, nlp: Language, name: str = "nlp_coder_sections"):
        register_extensions()
        self.name = name
        _header_tables()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        headers = _inherit_exam(find_headers(text), text)
        terms = doc_terms(doc)
        strong_starts = _strong_head_starts(terms)
        spans = []
        for i, (s, e, cat, ident) in enumerate(headers):
            end = headers[i + 1][0] if i + 1 < len(headers) else len(text)
            end = _inline_section_end(text, e, end, strong_starts, cat)
            sp = doc.char_span(s, max(end, e), label=cat, kb_id=ident, alignment_mode="expand")
            if sp is not None and len(sp):
                spans.append(sp)
        doc.spans[SECTIONS] = spans
        doc.user_data[SECTION_ROWS] = [(sp.start_char, sp.end_char, sp.label_) for sp in spans]
        doc.user_data["nlp_coder.section_ids"] = [sp.kb_id_ for sp in spans]
        set_doc_ext(doc, "nlp_header_spans", [[s, e, cat] for s, e, cat, _ in headers])
        disc = [(t[0], t[1]) for t in terms if t[2] == "DISC_HEADER"]
        program = [(t[0], t[1]) for t in terms if t[2] == "CODE_NAME" and t[3] in _PROGRAM_TITLE_IDS]
        device = [(t[0], t[1]) for t in terms if t[2] == "CODE_NAME" and t[3] in ("orthotic_sub", "orthotic_fab")]
        title = find_title(text, headers, disc, program, device)
        set_doc_ext(doc, "nlp_title", list(title) if title else None)
        sig = find_signature(text)
        set_doc_ext(doc, "nlp_signature", list(sig) if sig else None)
        return doc


@Language.factory("nlp_coder_sections", default_config={}, assigns=["doc.spans", "doc._.nlp_title", "doc._.nlp_signature"])
def make_sectionizer(nlp: Language, name: str) -> Sectionizer:
    return Sectionizer(nlp, name)
