"""Doc -> NoteFacts: the facts of each intervention and of the note, with evidence offsets.

Reads what the pipeline components left on the Doc (``doc.spans`` groups
``nlp_terms``, ``nlp_sections``, ``nlp_interventions`` and the ``nlp_*``
extensions) plus the minute parser; never looks at anything outside the
note. Every fact keeps an ``Evidence`` span (``label`` names the fact).
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from typing import Any

from spacy.tokens import Doc

from nlp_coder.extract.extensions import (
    ROW_CUE, ROW_END, ROW_GROUP, ROW_HEAD, ROW_SECTION, ROW_START, ROW_STATUS, SECTIONS, doc_sections, doc_terms,
    doc_text, get_doc_ext, iv_rows, terms_within,
)
from nlp_coder.extract.charge_fixes import charge_fixes, dropped_in
from nlp_coder.extract.interventions import DISC_CLAUSE_RE
from nlp_coder.extract.sentences import split_sentences
from nlp_coder.coding.tabledata import load_tables
from nlp_coder.extract.lexicon import load_lexicon
from nlp_coder.extract.wording import needles, words
from nlp_coder.extract.minutes import (
    CLOCK_SPAN, MinutesResult, clocks_separate, find_mentions, has_total_split, parse_minutes, stated_total, time_rows,
    word_to_number,
)
from nlp_coder.schema import BilledClaim, NoteFacts, NoteIn

log = logging.getLogger(__name__)

_NEURO_PARAMS = {"balance", "coordination", "posture", "proprioception", "kinesthetic_sense", "movement"}
_PURPOSE_RE = re.compile(rf"\b{words('W-PURPOSE-WORD')}\b", re.IGNORECASE)
_UNITS_RE = re.compile(
    r"\b(?P<code>97\d{3}|G0283)(?:\b|(?=[x×]\d))\s*(?:[x×*]\s*(?P<n1>\d{1,2})\b|\(\s*(?P<n2>\d{1,2})\s*(?:units?|u)\s*\)|[-:,]?\s*(?P<n3>\d{1,2})\s*units?\b)",
    re.IGNORECASE,
)
# D-TIME-TABLE: a code-first row of a "Code  Service  Min  Units  Detail" table: the number after the minutes is the
# units claimed ("97112  Neuromuscular re-ed     18    2    standing balance ...")
_ROW_UNITS_RE = re.compile(r"[ \t\-*•>]*(?:9\d{4}|G0283)[ \t]+[A-Za-z][^\n\d]{0,40}?[ \t]{2,}\d{1,3}[ \t]{2,}(?P<n>\d{1,2})(?=[ \t]{2,}\S|[ \t]*(?:\n|$))")
_BARE_UNITS_RE = re.compile(r"\b(?P<n>\d{1,2})\s*units?\b", re.IGNORECASE)
_BILL_RE = re.compile(
    r"\b(?P<code>9\d{4}|G0283)(?:\b|(?=[x×]\d))(?:\s*-?\s*(?:GP|GO|GN|CQ|CO|KX|59|XE|XP|XS|XU)\b)*\s*(?:[x×*]\s*(?P<n1>\d{1,2})\b|\(\s*(?P<n2>\d{1,2})\s*(?:units?|u)?\s*\)|[-:=,]?\s*(?P<n3>\d{1,2})\s*(?:units?|u)\b|"
    # "97116 - 23 min - 2 units": the minutes first, then the units claimed (D-TIME-TABLE)
    r"\s*[-–:=,]\s*\d{1,3}\s*(?:min\w*|')\s*[-–,;]\s*(?P<n4>\d{1,2})\s*(?:units?|u)\b|"
    r"\s*(?:[x×*]|times)\s*(?P<w>one|two|three|four|five|six|seven|eight)\b|"
    # "Units: 97110-2, 97530-1, 97140-1": a unit count joined to the code by a hyphen
    r"-(?P<n6>[1-9])(?![\d\w]|\s*(?:min|'|’))|"
    # "97110 Ther Ex ............ 2": a charge row, its name, a dot leader or a column gap, the number that ends it
    # "97535 Self care/home mgmt x2", "97530 Ther activities - 1 unit"
    r"(?<=[ \t])[A-Za-z][^\n\d]{0,40}?(?:[ \t]*\.{2,}[ \t]*|[ \t]{2,}|\t|[ \t]+[x×*][ \t]*|[ \t]*[-–:=][ \t]*)(?P<n5>\d{1,2})"
    r"(?:[ \t]*(?:units?|u)\b)?(?=[ \t]*(?:\n|$)))?",
    re.IGNORECASE,
)
_SEPARATE_RE = re.compile(
    r"\b(?:separate(?:\s+and\s+distinct)?\s+(?:time\s+)?(?:blocks?|time\s+periods?|sessions?|intervals?)|distinct\s+time\s+(?:blocks?|periods?)|"
    r"in\s+separate\s+(?:blocks?|time)|performed\s+separately|non-?overlapping|not\s+concurrent(?:ly)?|separate\s+from\s+(?:the\s+)?(?:other|manual|ther)|"
    r"separate\s+(?:15|\d+)[- ]min(?:ute)?\s+(?:blocks?|sessions?))\b",
    re.IGNORECASE,
)
_CRED_LINE_RE = re.compile(r"^\s*(?:treating\s+)?(?:therapist|provider|clinician|evaluator|treated\s+by|performed\s+by)\s*:", re.IGNORECASE | re.MULTILINE)
_GENERIC_LINK_IDS = {"ortho_ex", "exercise_generic", "cardio", "balance_act", "gait_act", "adl_act", "tests_act"}


_EMPTY: dict[str, Any] = {}
_NO_TERMS: tuple = ()  # the bucket of a label the note does not have
_ATTRS: dict[tuple[str, str], dict[str, Any]] = {}


def _init_attrs() -> None:
    if not _ATTRS:
        for e in load_lexicon().values():
            _ATTRS[(e.label, e.id)] = e.attrs


class _Note:
    """The Doc's annotations as plain tuples, with fast range lookups.

    Built once per note. Besides the sorted term rows it keeps them bucketed by
    label (each bucket in the rows' own order), so a lookup for one label
    bisects a short list instead of scanning every term of the range.
    """

    def __init__(self, doc: Doc):
        self.text = doc_text(doc)
        self.low = self.text.lower()
        self.neuro_note = False  # set once the note's neuro conditions are read
        self.lex = load_lexicon()
        _init_attrs()
        self.terms: list[tuple[int, int, str, str]] = doc_terms(doc)
        self.starts = [t[0] for t in self.terms]
        self.negated = {tuple(x) for x in (get_doc_ext(doc, "nlp_negated_terms") or [])}
        sig, title = get_doc_ext(doc, "nlp_signature"), get_doc_ext(doc, "nlp_title")
        self.sig = tuple(sig) if sig else None
        self.title = tuple(title) if title else None
        self.sections = doc_sections(doc)
        self.charge_lines = get_doc_ext(doc, "nlp_charge_lines") or []
        self.section_ids = doc.user_data.get("nlp_coder.section_ids")
        if self.section_ids is None or len(self.section_ids) != len(self.sections):
            self.section_ids = [sp.kb_id_ for sp in doc.spans[SECTIONS]] if SECTIONS in doc.spans else []
        self.by_label: dict[str, list] = {}
        for t in self.terms:
            bucket = self.by_label.get(t[2])
            if bucket is None:
                self.by_label[t[2]] = [t]
            else:
                bucket.append(t)
        self._label_starts: dict[str, list[int]] = {}
        # the buckets answer like within() only when the rows are sorted by start (bisect needs it)
        self._sorted = self.starts == sorted(self.starts)

    def within(self, s: int, e: int, labels: tuple[str, ...] | set[str] | None = None):
        i = bisect.bisect_left(self.starts, s)
        out = []
        while i < len(self.terms) and self.terms[i][0] < e:
            t = self.terms[i]
            if t[1] <= e and (labels is None or t[2] in labels):
                out.append(t)
            i += 1
        return out

    def within_label(self, s: int, e: int, label: str) -> list:
        """``within(s, e, labels={label})``, from that label's bucket."""
        terms = self.by_label.get(label)
        if not terms:
            return []
        if not self._sorted:
            return self.within(s, e, (label,))
        starts = self._label_starts.get(label)
        if starts is None:
            starts = self._label_starts[label] = [t[0] for t in terms]
        return terms_within(terms, starts, s, e)

    def of_label(self, label: str) -> list | tuple:
        """All terms of one label, in row order (a shared list: read it, do not change it)."""
        return self.by_label.get(label, _NO_TERMS)

    def attrs(self, t) -> dict[str, Any]:
        return _ATTRS.get((t[2], t[3]), _EMPTY)

    def ev(self, s: int, e: int, label: str) -> dict:
        # a plain dict: validated in one pass (pydantic-core) when the Intervention / NoteFacts is built
        return {"start": s, "end": e, "text": self.text[s:e], "label": label}

    def in_sig(self, t) -> bool:
        return self.sig is not None and self.sig[0] <= t[0] < self.sig[1]


def doc_to_facts(doc: Doc, note: NoteIn) -> NoteFacts:
    """The facts of one note. Never raises: on an internal error the note gets no interventions (logged by id)."""
    try:
        return _doc_to_facts(doc, note)
    except Exception as exc:  # robustness: one odd note never stops a run
        log.error("extraction failed for note %s (%s)", note.id, type(exc).__name__)
        return NoteFacts(id=note.id, payer=note.payer, date_of_service=note.date_of_service,
                         discipline=note.discipline, discipline_source="input" if note.discipline else None)


# ----------------------------------------------------------------- note level


def _provider_line_credential(n: _Note):
    """The first credential term on a provider line above the signature ("Provider: D. Whitaker, COTA"), or None."""
    for m in _CRED_LINE_RE.finditer(n.text):
        if n.sig and m.start() >= n.sig[0]:
            break
        le = n.text.find("\n", m.end())
        creds = n.within_label(m.end(), le if le >= 0 else len(n.text), "CREDENTIAL")
        if creds:
            return creds[0]
    return None


_NAME_COMMA_RE = re.compile(r"[ \t]*(?:[-–—]+\s*)?[A-Z][\w.'-]+(?:[ \t]+[A-Z][\w.'-]+){0,3}[ \t]*,")


def _aide_signer_start(n: _Note) -> int:
    """Where the signature block starts, taking in a name line just above it ("Carla Mendes, Restorative Aide" over
    "Reviewed: G. Whitfield, PT")."""
    s = n.sig[0]
    prev_end = n.text.rfind("\n", 0, s)
    if prev_end <= 0:
        return s
    prev_start = n.text.rfind("\n", 0, prev_end) + 1
    if prev_end - prev_start <= 60 and _NAME_COMMA_RE.match(n.text, prev_start):
        return prev_start
    return s


def _provider_line(n: _Note) -> str:
    cred = _provider_line_credential(n)
    return n.attrs(cred).get("provider", "unknown") if cred else "unknown"


_ADDENDUM_PARA_RE = re.compile(r"\s*(?:late\s+)?addendum\b", re.IGNORECASE)


def _body_signer(n: _Note) -> str | None:
    """E-CO-SIGNED: when the note ends on an addendum paragraph signed by the supervising therapist ("Addendum 3/18/26
    (supervising PT review): Charges corrected ... -- R. Lindqvist, PT, DPT"), an assistant who signed the note's body
    on the line before that paragraph ("Jasmine Cole, PTA") is the one who furnished its services."""
    if not n.sig:
        return None
    para = n.text.rfind("\n\n", 0, n.sig[0])
    if para < 0 or not _ADDENDUM_PARA_RE.match(n.text, para + 2):
        return None
    body_end = n.text[:para].rstrip()
    ls = body_end.rfind("\n") + 1
    if len(body_end) - ls > 100:
        return None
    creds = [n.attrs(t).get("provider") for t in n.within_label(ls, len(body_end), "CREDENTIAL")]
    return next((p for p in creds if p in ("PTA", "COTA")), None)


def _discipline(n: _Note, note: NoteIn):
    """(discipline, source, signed_by, evidence list)."""
    evidence: list = []
    signed_by = "unknown"
    sig_disc = None
    if n.sig:
        creds = n.within_label(*n.sig, "CREDENTIAL")
        if creds:
            provs = [n.attrs(t).get("provider") for t in creds]
            signed_by = next((p for p in provs if p in ("PTA", "COTA")), provs[0])
            sig_disc = n.attrs(creds[0]).get("discipline")
            evidence.append(n.ev(creds[0][0], creds[-1][1], "signature"))
        a0 = _aide_signer_start(n)
        a1 = n.text.find("\n", a0, n.sig[1])
        a1 = n.sig[1] if a1 < 0 else a1
        # the signer's own line: a name, a comma and an aide's title, no credential
        aides = [t for t in n.within_label(a0, a1, "AIDE") if (t[0], t[1]) not in n.negated] \
            if _NAME_COMMA_RE.match(n.text, a0) and not n.within_label(a0, a1, "CREDENTIAL") else []
        if aides:
            # "Carla Mendes, Restorative Aide / Reviewed: G. Whitfield, PT": an aide wrote and gave the session; the
            # therapist only reviewed it (D-AIDE-ALL)
            signed_by = "aide"
            evidence.append(n.ev(aides[0][0], aides[0][1], "signature"))
    if signed_by not in ("PTA", "COTA", "aide"):
        signed_by = _body_signer(n) or signed_by
    if signed_by == "unknown":
        signed_by = _provider_line(n)  # "Provider: D. Whitaker, COTA   Supervising: M. Iyer, OTR/L" and no signature
    if note.discipline:
        return note.discipline, "input", signed_by, evidence
    # header: the title, else the first line (at most 200 characters)
    if n.title:
        hs, he = n.title
    else:
        m = re.search(r"\S[^\n]{0,199}", n.text)
        hs, he = (m.start(), m.end()) if m else (0, 0)
    heads = n.within_label(hs, he, "DISC_HEADER")
    if not heads and n.title:
        heads = [t for t in n.within_label(hs, he, "CREDENTIAL") if t[0] == hs or n.text[hs:t[0]].strip() in ("", "Initial", "initial")]
    if heads:
        evidence.append(n.ev(heads[0][0], heads[0][1], "discipline"))
        return n.attrs(heads[0])["discipline"], "header", signed_by, evidence
    cred = _provider_line_credential(n)
    if cred is not None:
        evidence.append(n.ev(cred[0], cred[1], "discipline"))
        return n.attrs(cred)["discipline"], "credential", signed_by, evidence
    if sig_disc:
        return sig_disc, "signature", signed_by, evidence
    return None, None, signed_by, evidence


def _neuro_conditions(n: _Note):
    conds: list[str] = []
    ev: list = []
    for t in n.of_label("NEURO_COND"):
        if (t[0], t[1]) in n.negated or n.in_sig(t):
            continue
        c = n.attrs(t).get("condition")
        if c and c not in conds:
            conds.append(c)
            ev.append(n.ev(t[0], t[1], "neuro"))
    return conds, ev


_BILL_SENT_RE = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))[\s\-*•>]*(?:billing|billed|bill|charges?|charged)\s*:?\s*"
                           r"(?=9\d{4}|G0283)[^.\n]*", re.IGNORECASE)


def _billing_blocks(n: _Note) -> list[tuple[int, int]]:
    """The billing sections (header line and the following non-empty lines) and the lines that are
    nothing but codes and units ("97542 x2" under the narrative)."""
    blocks = []
    for s, e, cat in n.sections:
        if cat != "billing":
            continue
        seg_end = e
        blank = re.search(r"\n\s*\n", n.text[s:e])
        if blank:
            seg_end = s + blank.start()
        blocks.append((s, seg_end))
    if re.search(r"\b(?:9\d{4}|G0283)\b", n.text):
        from nlp_coder.extract.interventions import _CODES_ONLY_RE

        for m in _BILL_SENT_RE.finditer(n.text):  # "Billing 97112 times two." inside dictated prose
            if not any(a < m.end() and m.start() < b for a, b in blocks):
                blocks.append((m.start(), m.end()))

        for m in re.finditer(r"[^\n]+", n.text):
            if _CODES_ONLY_RE.fullmatch(m.group()) and not any(a < m.end() and m.start() < b for a, b in blocks):
                blocks.append((m.start(), m.end()))
        for a, b in n.charge_lines:  # "97110 x2, 97530 x1 -- 38 min timed" (E-CHARGE-SUMMARY)
            if not any(x < b and a < y for x, y in blocks):
                blocks.append((a, b))
    return blocks


def _billed_claims(n: _Note) -> list[BilledClaim]:
    out: list[BilledClaim] = []
    for s, seg_end in _billing_blocks(n):
        out.extend(_claims_in(n, s, seg_end))
    fixes = charge_fixes(n.text)
    return _corrected_claims(n, out, fixes) if fixes else out


def _claims_in(n: _Note, s: int, e: int, skip: list[tuple[int, int]] = ()) -> list[BilledClaim]:
    """The claims written in text[s:e], leaving out codes inside the ``skip`` spans."""
    out = []
    for m in _BILL_RE.finditer(n.text, s, e):
        if any(a <= m.start() < b for a, b in skip) or n.text[max(s, m.start() - 4):m.start()].lower().endswith("not "):
            continue  # "97140 removed", "..., not 97110": named to be taken off the claim (E-CORRECTED-CHARGES)
        code = m.group("code").upper()
        if m.group("n2") and int(m.group("n2")) >= 5 and "unit" not in m.group().lower():
            continue  # "97110 (15)" lists minutes, it claims no units
        if m.group("n5") and int(m.group("n5")) > 6 and "unit" not in m.group().lower():
            continue  # "97110 Ther ex ..... 23": a minutes column, not units ("... 20 units" claims units)
        units = m.group("n1") or m.group("n2") or m.group("n3") or m.group("n4") or m.group("n5") or m.group("n6") or (
            word_to_number(m.group("w")) if m.group("w") else None)
        out.append(BilledClaim(code=code, units=int(units) if units else 1,
                               evidence=[n.ev(m.start(), m.end(), "claim")]))
    return out


def _corrected_claims(n: _Note, claims: list[BilledClaim], fixes) -> list[BilledClaim]:
    """E-CORRECTED-CHARGES: each correction, in text order, changes the claims written before it: a corrected list
    replaces them, a dropped code leaves them, a swapped code is claimed as the new code."""
    for f in fixes:
        before = [c for c in claims if c.evidence[0].start < f.start]
        after = [c for c in claims if c.evidence[0].start >= f.start]
        if f.kind == "list":
            new = _claims_in(n, f.start, f.end, dropped_in(fixes, f.start, f.end))
            claims = new + [c for c in after if c.evidence[0].start >= f.end]
        elif f.kind == "drop":
            claims = [c for c in before if c.code != f.code] + after
        else:
            claims = [c.model_copy(update={"code": f.new}) if c.code == f.code else c for c in before] + after
    return claims


# ------------------------------------------------------------- interventions


# E-REFERENCES: "see AM note by J. Park", "documented on the separate PM note": another session's own note bills it
_OTHER_NOTE_RE = re.compile(r"\bsee\s+(?:the\s+|her\s+|his\s+)?(?:AM|PM|a\.m\.|p\.m\.|morning|afternoon|evening|separate|other|"
                            r"earlier|later|1st|2nd|first|second)\s+(?:session\s+|tx\s+|treatment\s+|daily\s+)?note\b|"
                            r"\b(?:documented|billed|charged|coded)\s+(?:in|on|under)\s+(?:a\s+|the\s+)?(?:separate|AM|PM|morning|"
                            r"afternoon|evening|other|own)\s+(?:session\s+)?note\b", re.IGNORECASE)
# "PT billing this block on the PT note", "see PT note": this block belongs to the other discipline's note
# (not "OT bills her own note", which says the other discipline bills its own part elsewhere)
_OTHER_BILLS_RE = re.compile(r"this\s+block|on\s+the\s+\w+\s+note|see\s+\w+\s+note|refer\s+to\s+\w+\s+note|per\s+\w+\s+note|billed\s+by|to\s+bill|billing\s+this|\w+\s+billed",
                            re.IGNORECASE)
# a log label's time without a unit: "THER EX (25):", "97110 (15)", "ther ex x 20:", "IFC to lumbar x 15,"
_LABEL_MINUTES_RE = re.compile(
    # "Ther act ~15: A-skips ...": an approximate number right after the label
    r"^\s*(?:(?:9\d{4}|G0283)\s*)?(?:\((?P<p>\d{1,3})\)|(?:[^\n:;,]{0,40}?\s)?x\s*(?P<x>\d{1,3})(?=\s*(?:[:,;.)—–-]|$))|"
    r"~\s*(?P<t>\d{1,3})(?=\s*:))",
    re.IGNORECASE)
_TEXT_REPS_RE = re.compile(r"\s*(?:reps?|sets?|times|ea|each)\b", re.IGNORECASE)
_COLUMN_MIN_RE = re.compile(r"(?<![\w/])(?:min|mins|minutes|time\s*\(min\))(?![\w/])", re.IGNORECASE)


def _column_minutes(text: str, s: int, e: int) -> tuple[int, int, int] | None:
    """A row of a space-aligned table ("Mech traction      15    supine") under a header row with a
    "Min" column: the number found under that column."""
    row_start = text.rfind("\n", 0, s) + 1
    row_end = text.find("\n", s)
    row_end = len(text) if row_end < 0 else row_end
    row = text[row_start:row_end]
    pos = row_start - 1
    for _ in range(12):  # the header is at most a dozen rows up, with no blank line between
        if pos <= 0:
            return None
        ps = text.rfind("\n", 0, pos) + 1
        header = text[ps:pos]
        if not header.strip():
            return None
        m = _COLUMN_MIN_RE.search(header)
        if m and re.search(r"\S\s{2,}\S", header) and not re.search(r"\d", header):  # a row says "min A"
            for num in re.finditer(r"(?<![\w.#/:-])(\d{1,3})(?![\w.#/:-])", row):
                # the number must sit under the header word (allowing for ragged alignment)
                if num.start() <= m.end() + 2 and num.end() >= m.start() - 2:
                    off = row_start + num.start()
                    return int(num.group(1)), off, off + len(num.group(1))
            return None
        pos = ps - 1
    return None


def _table_block_minutes(text: str, s: int, e: int) -> tuple[int, int, int] | None:
    """E-LIST-BLOCK: an exercise flowsheet table read as one service ("Exercise   Sets/Reps   Load   Min   Goal" and
    its rows): the sum of the numbers under its "Min" column, one a row."""
    first_end = text.find("\n", s, e)
    if first_end < 0:
        return None
    header = text[s:first_end]
    m = _COLUMN_MIN_RE.search(header)
    if not (m and re.search(r"\S\s{2,}\S", header) and not re.search(r"\d", header)):
        # the table may sit under the service's label line ("THER EX (97110) -- goal R knee ROM ...")
        second_end = text.find("\n", first_end + 1, e)
        if second_end < 0:
            return None
        header = text[first_end + 1:second_end]
        m = _COLUMN_MIN_RE.search(header)
        if not (m and re.search(r"\S\s{2,}\S", header) and not re.search(r"\d", header)):
            return None
        first_end = second_end
    total, first, last = 0, None, None
    for row in re.finditer(r"[^\n]+", text[first_end + 1:e]):
        for num in re.finditer(r"(?<![\w.#/:-])(\d{1,3})(?![\w.#/:-])", row.group()):
            if num.start() <= m.end() + 2 and num.end() >= m.start() - 2:
                off = first_end + 1 + row.start() + num.start()
                total += int(num.group(1))
                first = off if first is None else first
                last = off + len(num.group(1))
                break
    return (total, first, last) if first is not None and 0 < total <= 240 else None


_MIN_HEADER_CELL_RE = re.compile(r"\s*(?:min|mins|min\.|minutes|time|time\s*\(\s*min\w*\s*\)|duration|(?:tx\s+)?minutes?\s+\w+)\s*",
                                 re.IGNORECASE)


def _table_minutes(text: str, s: int, e: int) -> tuple[int, int, int] | None:
    """A table row ("Ther ex | 15 | bridges") under a header row with a minutes column."""
    pos = text.rfind("\n", 0, s)
    for _ in range(40):
        if pos < 0:
            return None
        ps = text.rfind("\n", 0, pos) + 1
        header = text[ps:pos]
        if "|" not in header:
            return None
        cells = header.split("|")
        # the header cell is the column's name ("Min", "Minutes", "Time (min)"), not a detail cell of a row above
        # ("min A for LE mgmt")
        col = next((i for i, c in enumerate(cells) if _MIN_HEADER_CELL_RE.fullmatch(c)), None)
        if col is not None:
            row = text[s:e].split("|")
            if col < len(row):
                m = re.fullmatch(r"\s*(\d{1,3})\s*(?:'|min\w*)?\s*", row[col])
                if m:
                    off = s + sum(len(c) + 1 for c in row[:col]) + m.start(1)
                    return int(m.group(1)), off, off + len(m.group(1))
            return None
        pos = ps - 1
    return None


_P110 = {"strength", "endurance", "range_of_motion", "flexibility"}
_RESISTIVE_TOOL_BEFORE_RE = re.compile(rf"\b{words('W-RESISTIVE-TOOL')}\b[^,;.]*$", re.IGNORECASE)
_P_NEURO = {"balance", "coordination", "posture", "proprioception", "kinesthetic_sense", "movement"}
# "to" that names a place or position, not a purpose: "rotation to each side", "sit to stand", "bed to w/c"
_TO_PLACE_RE = re.compile(rf"\s+(?:\d|{words('W-TO-PLACE')})\b", re.IGNORECASE)
_POSSESSIVE_OWN_RE = re.compile(r"\s+(?!for\b|while\b|in\b|at\b|and\b|with\b|without\b|during\b|on\b|today\b|then\b|after\b|before\b|x\b)[a-z]{3,}", re.IGNORECASE)
_TIME_REF_RE = re.compile(rf"\b{words('W-CLASS-REFERENCE')}\s+(?:{words('W-CLASS-DETERMINER')}\s+)?$", re.IGNORECASE)
_GOAL_WORD_BEFORE_RE = re.compile(r"\bgoals?\b[^.;\n]*$", re.IGNORECASE)
_GOAL_CLAUSE_RE = re.compile(rf"\bso\s+(?:that\s+)?(?:{words('W-GOAL-SUBJECT')}|[A-Z][a-z]+)\s+(?:can|could|will|is\s+able)\b|"
                             rf"\b(?:{words('W-GOAL-SUBJECT')})\s+(?:needs?|wants?)\s+(?:this|these|it|that)\s+to\b|"  # "he needs this to"
                             r"\b(?:needs?|wants?)\s+to\s+be\s+able\s+to\b|"
                             r"\bin\s+order\s+to\b|\bto\s+(?:enable|allow)\b|\b(?:goals?|aims?|purpose|objective)\s*(?:is|:|-|=)",
                             re.IGNORECASE)
_PURPOSE_CUE_RE = re.compile(
    rf"\b(?:to\s+{words('W-PURPOSE-VERB')}|"
    rf"in\s+order\s+to|so\s+that|so\s+{words('W-PURPOSE-SUBJECT')}\s+can|goal(?:s)?\s*(?:is|:|-|=)|"
    r"aim(?:ed|s)?\s+(?:at|to)|for\s+(?!\d|approx|about|x\b|a\s+total|total|the\s+(?:first|next|last|remaining))\w)",
    re.IGNORECASE)


_LEAD_RE = re.compile(r"\s*(?:[-*•>]\s*)?(?:\d{1,2}:?\d{2}\s*(?:-|–|to)\s*\d{1,2}:?\d{2}\s*:?\s*)?")


def _lead_end(text: str, s: int, e: int) -> int:
    """Where a line's words start, past a list mark and a clock interval ("1005-1022 bed mobility ...")."""
    return _LEAD_RE.match(text, s, e).end()


def _purpose_spans(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The stated purposes in text[s:e] ("... to improve ...", "... for transfers"); each runs to the next
    ':' or ';' ("NMR for rigidity: reaching in standing ..." lists what was done after the colon)."""
    out = []
    for m in _PURPOSE_CUE_RE.finditer(text, s, e):
        stop = min((i for i in (text.find(":", m.end(), e), text.find(";", m.end(), e)) if i >= 0), default=e)
        out.append((m.start(), stop))
    return out


_CUE_CUT_RE = re.compile(r"[:;]|,\s*which\b|\bas\s+soon\s+as\b|\bbecause\b|\bwhen\b|\bwhile\b")


def _functional_goal(n: _Note, s: int, e: int, tasks=None, goals=None) -> tuple[int, int] | None:
    """A functional task named as the purpose ("for safe functional transfers", "goal is independent transfers").

    ``tasks`` / ``goals``: the FUNC_TASK / FUNC_GOAL terms of [s, e) when the caller has them already."""
    for t in n.within_label(s, e, "FUNC_TASK") if tasks is None else tasks:
        if n.text[t[0]:t[1]].lower() == "work" and _WORK_ON_RE.match(n.text, t[1]):
            continue  # "to work on the size and speed of his movements": the verb, not a job
        window = n.text[max(s, t[0] - 70):t[0]]
        cues = [m for m in _PURPOSE_RE.finditer(window)
                if (m.group().lower() != "to" or not (_TO_PLACE_RE.match(window, m.end()) or _TO_OBJECT_RE.match(window, m.end())
                                                      or window[max(0, m.start() - 1):m.start()] == "-"))  # not "to each side", "sit-to-stand"
                and not (m.group().lower().startswith("target") and (not window[m.end():].strip()
                                                                     or _NOUN_BEFORE_RE.search(window, 0, m.start())))]
        # ("target reaching": the task; "step-taps to a 4 inch target with the R foot, reaching ...": a thing aimed at)
        # the purpose must reach the task: "NMR for rigidity: reaching in standing" lists what was done
        if cues and not _CUE_CUT_RE.search(window[cues[-1].end():]):
            return (t[0], t[1])
    for t in n.within_label(s, e, "FUNC_GOAL") if goals is None else goals:
        if n.text[t[0]:t[1]].lower().startswith("function") and _PURPOSE_RE.search(n.text[max(s, t[0] - 40):t[0]]):
            return (t[0], t[1])
        if n.text[t[0]:t[1]].lower().startswith("indep") and _GOAL_BEFORE_RE.search(n.text, max(s, t[0] - 20), t[0]):
            return (t[0], t[1])  # "goal independent pull-to-stand/cruising at home"
    return None


# "step-taps to a 4 inch target": "to" before an article or a number leads to a thing or a place, not a purpose
_TO_OBJECT_RE = re.compile(r"\s+(?:a|an|the|\d)", re.IGNORECASE)
_NOUN_BEFORE_RE = re.compile(r"\b(?:a|an|the|each|\d+\s*(?:inch|in|\"|cm|ft|'))\s+(?:\w+\s+)?$", re.IGNORECASE)
_WORK_ON_RE = re.compile(r"\s+(?:on|at|with|through|towards?)\b", re.IGNORECASE)
_GOAL_BEFORE_RE = re.compile(r"\bgoals?(?:\s+is|\s+of)?\s*[:=-]?\s*(?:to\s+be\s+|for\s+)?$", re.IGNORECASE)


def _group_size(n: _Note, t) -> int | None:
    words = n.text[t[0]:t[1]].lower().split()
    num = None
    for w in words:
        v = word_to_number(w)
        if v is not None and v >= 1:
            num = int(v)
            break
    if num is None:
        return None
    if any(w in ("other", "others", "additional", "more") for w in words):
        num += 1
    return num if num >= 2 else None


def _pick_arrangement(cues, head_s: int):
    """Nearest cue before the head, else nearest after it."""
    before = [c for c in cues if c[1] <= head_s]
    if before:
        return max(before, key=lambda c: c[1])
    after = [c for c in cues if c[0] >= head_s]
    return min(after, key=lambda c: c[0]) if after else None


class _Iv:
    """One intervention row while its facts are built: its span, its terms (``ts``, and bucketed by label,
    each bucket in row order, so a fact reads only the labels it needs) and the evidence found so far
    (``ev``; the helpers below append to it in the order of the facts). ``by.get(label, _NO_TERMS)`` rather
    than a method: it runs ~16 times per intervention."""

    __slots__ = ("s", "e", "seg", "ts", "by", "head", "ev", "_lead")

    def __init__(self, n: _Note, row: list):
        self.s, self.e = row[ROW_START], row[ROW_END]
        self.seg = n.text[self.s:self.e]
        self.ts = n.within(self.s, self.e)
        self.by: dict[str, list] = {}
        for t in self.ts:
            bucket = self.by.get(t[2])
            if bucket is None:
                self.by[t[2]] = [t]
            else:
                bucket.append(t)
        self.head = row[ROW_HEAD]
        self.ev: list = []
        self._lead: int | None = None

    def lead_end(self, text: str) -> int:
        if self._lead is None:
            self._lead = _lead_end(text, self.s, self.e)
        return self._lead


_BILLED_AS_RE = re.compile(r"\b(?:billed|charged|coded)\s+(?:as|under)\b", re.IGNORECASE)
_LABEL_TIME_COLON_RE = re.compile(r"\s*(?:x\s*)?\d{1,3}\s*(?:min\w*|m|'|’)\s*:")


def _intervention(n: _Note, row: list, index: int, facts_ctx: dict) -> tuple[dict, dict]:
    iv = _Iv(n, row)
    status = row[ROW_STATUS]
    data: dict[str, Any] = {"index": index, "span": {"start": iv.s, "end": iv.e, "text": iv.seg},
                            "section": row[ROW_SECTION], "status": status}
    if row[ROW_CUE] and status != "performed":
        cs, ce = row[ROW_CUE]
        iv.ev.append(n.ev(cs, ce, "status"))
    kind, modality, attended, claimed = _kind(n, iv)
    data["kind"], data["modality"], data["attended"] = kind, modality, attended
    data["claimed_code"] = claimed
    _claimed_units(n, iv, claimed, data)
    params = _parameters(n, iv)
    func_acts, fg, fg_written = _function(n, iv, params)
    # a work program's title covers its functional work and its exercise (warm-ups, conditioning circuits), not a
    # block the clinician named as another service ("0840-0855 NMR (97112): lumbar stabilization ...") or set apart
    # from the program ("Separately, I spent twelve minutes one-on-one with him on lumbar flexibility") (E-WORK-GOAL)
    title_applies = bool(func_acts) or (kind == "exercise" and not claimed and not _SET_APART_RE.match(iv.seg))
    work_related = _work(n, iv, facts_ctx, title_applies, bool(func_acts))
    ngoal = _neuro_goal(n, iv, fg_written)
    modes = _contact_modes(n, iv)
    arrangement, group_size = _arrangement(n, iv, modes, facts_ctx)
    provider, cotreat = _provider(n, iv, facts_ctx)
    other = _other_discipline(n, iv, row, facts_ctx.get("discipline"))
    mres = _minutes(n, iv, facts_ctx["split_total"](row[ROW_GROUP], iv.seg))
    if cotreat and mres.clock_start:
        share = _cotreat_share(n, iv, facts_ctx.get("discipline"))
        if share is not None:
            mres = MinutesResult(share[0])
            iv.ev.append(n.ev(share[1], share[2], "minutes"))
    data.update(
        parameters=params, functional_activity=bool(func_acts), functional_goal=bool(fg), work_related=work_related,
        neuro_goal=ngoal, contact_modes=modes, arrangement=arrangement, group_size=group_size,
        provider=provider, co_treatment=cotreat, other_discipline=other,
        minutes=mres.minutes, clock_start=mres.clock_start, clock_end=mres.clock_end,
        non_treatment_minutes=mres.non_treatment_minutes,
    )
    data["evidence"] = iv.ev
    extra = {"rest_of_total": mres.rest_of_total, "total_of": mres.total_of, "group": row[ROW_GROUP], "head": iv.head,
             "link_keys": _link_keys(n, [t for label in _LINK_LABELS for t in iv.by.get(label, _NO_TERMS)])}
    return data, extra


def _endurance_walk(n: _Note, iv: _Iv) -> bool:
    """Walking named with a cardio device (treadmill) and written for endurance alone."""
    if not any(t[3] == "cardio" for t in iv.by.get("ACTIVITY", _NO_TERMS)):
        return False
    params = {n.attrs(t).get("parameter") for t in iv.by.get("PARAMETER", _NO_TERMS)}
    return params == {"endurance"}


_SIMULATED_BEFORE_RE = re.compile(rf"\b{words('W-SIMULATION-WORD')}\s+(?:[\w/-]+\s+)?$", re.IGNORECASE)
_SIMULATION_RE = re.compile(rf"\b{words('W-SIMULATION-WORD')}\b", re.IGNORECASE)


def _kind(n: _Note, iv: _Iv):
    """(kind, modality, attended, claimed code) from the head term and a code number in the span."""
    s, head, ev = iv.s, iv.head, iv.ev
    kind, modality, claimed, attended = "unknown", None, None, None
    if head:
        a = n.attrs(head)
        if head[2] == "MODALITY":
            kind, modality = "modality", a.get("modality")
        elif head[2] == "OUT_OF_SCOPE":
            kind = "out_of_scope"
            if a.get("service") == "strapping" and _TAUGHT_BEFORE_RE.search(n.text, max(s, head[0] - 40), head[0]):
                kind = "self_care"  # "Husband trained in multilayer short-stretch bandaging so he can wrap her arm at
                # home": teaching the patient or a carer to bandage is self-care training (E-OUT-OF-SCOPE-SERVICE)
        else:
            kind = a.get("kind", "unknown")
            modality = a.get("modality")
            if "attended" in a:
                attended = a["attended"]
            if kind == "gait" and head[2] == "ACTIVITY" and _endurance_walk(n, iv):
                kind = "exercise"  # "Graded walking, treadmill 1.6 mph x 10 min ... for walking endurance": treadmill for
                # endurance is therapeutic exercise (guidelines step 3), not gait training
            if kind == "self_care" and head[2] == "ACTIVITY" and _SIMULATED_BEFORE_RE.search(n.text, max(s, head[0] - 20), head[0]):
                kind = "exercise"  # "simulated kitchen task seated -- reaching across midline ...": the simulation trains
                # the dynamic components, a therapeutic activity, not the home task itself (E-SIMULATED-TASK)
        if head[2] == "CODE_NAME" and a.get("claim"):
            claimed = a["claim"]
            ev.append(n.ev(head[0], head[1], "claim"))
        ev.append(n.ev(head[0], head[1], "kind"))
    code_nums = iv.by.get("CODE_NUM", _NO_TERMS)
    if code_nums and kind != "out_of_scope":
        c = code_nums[0]
        a = n.attrs(c)
        billed_as = _BILLED_AS_RE.search(n.text[max(s, c[0] - 40):c[0]])
        if not billed_as and (not head or head[2] in ("CODE_NUM", "CODE_NAME", "ACTIVITY") or a.get("kind") == "modality"):
            kind = a.get("kind", kind)
            modality = a.get("modality", modality if kind == "modality" else None)
            # a claimed e-stim code does not document attendance (D-ESTIM-UNATTENDED: the note must say the
            # clinician stayed); the claim is checked against what is written, never copied
            if "attended" in a and modality != "electrical_stimulation":
                attended = a["attended"]
        claimed = c[3]
        ev.append(n.ev(c[0], c[1], "claim"))
    if (kind == "exercise" and head and (head[2] == "CODE_NUM" or head[2] == "CODE_NAME" and n.attrs(head).get("claim"))
            and not _outcome_parameters(n, iv)):  # an exercise outcome written for it keeps it an exercise
        kind = _documented_activity(n, iv, head) or kind
    if kind == "modality" and modality is None:
        modality = "other"
    if kind != "modality":
        return kind, None, None, claimed
    # attendance of a modality
    att = iv.by.get("ATTENDED", _NO_TERMS)
    if att:
        neg = [t for t in att if n.attrs(t).get("attended") is False]
        pick = neg[0] if neg else att[0]
        attended = bool(n.attrs(pick).get("attended"))
        ev.append(n.ev(pick[0], pick[1], "attended"))
    return kind, modality, attended, claimed


_CUED_FOR_BEFORE_RE = re.compile(r"\b(?:cues?|cueing|cued|vc|tc|vcs|tcs)\s+(?:for|to\s+(?:increase|improve))\s+(?:[RLB]\s+|rt\s+|lt\s+)?"
                                 r"(?:\w+\s+)?$", re.IGNORECASE)


def _outcome_parameters(n: _Note, iv: _Iv) -> list:
    """The parameters written as what the service is for: not one named only as what the patient was cued on ("stair
    climbing ..., verbal cues for R ankle DF during push off" cues the gait, E-CLAIM-LABEL)."""
    return [t for t in iv.by.get("PARAMETER", _NO_TERMS)
            if not _CUED_FOR_BEFORE_RE.search(n.text, max(iv.s, t[0] - 30), t[0])]


@functools.lru_cache(maxsize=1)
def _activity_named_kinds() -> frozenset[str]:
    """Services defined by the activity itself (guidelines step 3; ``services.json``): their name decides the service."""
    return frozenset(str(k) for k in load_tables().services.activity_named_kinds)


def _documented_activity(n: _Note, iv: _Iv, head) -> str | None:
    """E-CLAIM-LABEL: a line labelled with an exercise-family claim ("TA 28 min: stair training 12 steps ...") that
    documents an activity-defined service by name is that service (the label is a claim, checked, never copied).
    A simulated home task ("Ther act 20 min: unloading dishwasher simulation - reaching ...") is not self-care
    training: the claimed therapeutic activity stands (E-SIMULATED-TASK)."""
    k = _named_activity(n, iv, head)
    if k == "self_care" and _SIMULATION_RE.search(n.text, iv.s, iv.e):
        return None
    return k


def _named_activity(n: _Note, iv: _Iv, head) -> str | None:
    for t in iv.by.get("CODE_NAME", _NO_TERMS):
        if (t[0], t[1]) == (head[0], head[1]):
            continue
        e = load_lexicon().get(f"CODE_NAME|{t[3]}")
        k = n.attrs(t).get("kind")
        if k in _activity_named_kinds() and e is not None and not e.weak:
            return k
    # "TA 20 min: LB dressing EOB ...", "97530 therapeutic activity - 24 min: gait w/ RW ...": the activity that
    # opens the description after the label's colon
    colon = n.text.find(":", head[1], min(iv.e, head[1] + 40))
    if colon < 0:
        return None
    first = min((t for lab in ("ACTIVITY", "CODE_NAME") for t in iv.by.get(lab, _NO_TERMS) if t[0] > colon),
                default=None)
    if first is None:
        return None
    if first[0] - colon > 3:
        # "TA (97530) 20 min: instructed pt in joint protection and adaptive equipment ...": what was taught
        m = _TAUGHT_LEAD_RE.match(n.text, colon + 1)
        # ("instructed pt in one-handed UB dressing ...": a word or two may qualify the activity)
        if m is None or (first[0] - m.end() > 1 and not _QUALIFIER_WORDS_RE.fullmatch(n.text, m.end(), first[0])):
            return None
    e = load_lexicon().get(f"{first[2]}|{first[3]}")
    k = n.attrs(first).get("kind")
    return k if k in _activity_named_kinds() and e is not None and (first[2] == "CODE_NAME" or not e.weak) else None


_QUALIFIER_WORDS_RE = re.compile(r"(?:[A-Za-z][\w-]*\s+){1,2}")
_TAUGHT_LEAD_RE = re.compile(rf"\s*{words('W-TEACH-VERB')}\s+(?:pt|patient|client|caregiver|family|him|her|them)?\s*"
                             r"(?:in|on)\s+(?:the\s+)?(?:use\s+of\s+)?", re.IGNORECASE)


def _claimed_units(n: _Note, iv: _Iv, claimed, data: dict) -> None:
    seg_low = iv.seg.lower()
    m = _UNITS_RE.search(n.text, iv.s, iv.e) if ("97" in seg_low or "g0283" in seg_low) else None
    row = _ROW_UNITS_RE.match(n.text, iv.s, iv.e) if m is None and ("97" in seg_low or "g0283" in seg_low) else None
    if m:
        data["claimed_units"] = int(m.group("n1") or m.group("n2") or m.group("n3"))
        iv.ev.append(n.ev(m.start(), m.end(), "units"))
    elif row:
        data["claimed_units"] = int(row.group("n"))  # "97112  Neuromuscular re-ed   18   2   standing balance ..."
        iv.ev.append(n.ev(row.start("n"), row.end("n"), "units"))
    elif claimed and "unit" in seg_low:
        m = _BARE_UNITS_RE.search(n.text, iv.s, iv.e)
        if m:
            data["claimed_units"] = int(m.group("n"))
            iv.ev.append(n.ev(m.start(), m.end(), "units"))


_EXERCISE_PARAMETERS = frozenset({"strength", "endurance", "range_of_motion", "flexibility"})


def _names_exercise_parameter(n: _Note, act, param) -> bool:
    """An exercise named by the one parameter it works on ("ROM exercises", "range-of-motion work"), as "LE
    strengthening" already is: the name states the outcome (97110). A functional task's name does not ("bed
    mobility")."""
    if act[2] != "ACTIVITY":
        return False
    attrs = n.attrs(act)
    return attrs.get("kind") == "exercise" and not attrs.get("functional") and \
        n.attrs(param).get("parameter") in _EXERCISE_PARAMETERS


def _parameters(n: _Note, iv: _Iv) -> list[str]:
    params: list[str] = []
    found = iv.by.get("PARAMETER", _NO_TERMS)
    if not found:
        return params
    tasks = [t for t in iv.ts if t[2] in ("ACTIVITY", "FUNC_TASK", "DIAGNOSIS")]  # "toward her strong side"
    for t in found:
        if any(a[0] <= t[0] and t[1] <= a[1] and a[1] - a[0] > t[1] - t[0] and not _names_exercise_parameter(n, a, t)
               for a in tasks):
            continue  # "mobility" in "bed mobility" names the task, not range of motion
        if (t[0], t[1]) not in n.negated:
            p = n.attrs(t).get("parameter")
            if p and p not in params:
                params.append(p)
                iv.ev.append(n.ev(t[0], t[1], "parameter"))
    return params


def _function(n: _Note, iv: _Iv, params: list[str]):
    """(functional activities, functional goal span or None, whether that goal is written as a purpose)."""
    text, s, e, head, ev = n.text, iv.s, iv.e, iv.head, iv.ev
    acts = iv.by.get("ACTIVITY", _NO_TERMS)
    func_acts = [t for t in acts if n.attrs(t).get("functional")]
    if func_acts and any(w in n.low[s:e] for w in needles("W-RESISTIVE-TOOL")):
        # "yellow putty gross grasp and key pinch": a grip against a resistive tool is exercise, not a functional task
        func_acts = [t for t in func_acts if not _RESISTIVE_TOOL_BEFORE_RE.search(text, max(s, t[0] - 25), t[0])]
    purposes = _purpose_spans(text, head[1] if head else s, e) if func_acts else []
    if purposes:
        # "strengthening ... for push-up strength in transfers": an activity named in the purpose is the goal
        func_acts = [t for t in func_acts if not any(a <= t[0] < b for a, b in purposes)]
    if func_acts and _one_exercise_of_list(n, iv, func_acts, params):
        func_acts = []
    if func_acts:
        ev.append(n.ev(func_acts[0][0], func_acts[0][1], "function"))
    fg = _functional_goal(n, s, e, iv.by.get("FUNC_TASK", _NO_TERMS), iv.by.get("FUNC_GOAL", _NO_TERMS))
    written = fg is not None
    if fg:
        ev.append(n.ev(fg[0], fg[1], "function"))
    elif (head and func_acts and (head[2] == "ACTIVITY" and n.attrs(head).get("functional")
                                  or func_acts[0][0] - iv.lead_end(text) <= 3  # "Transfers were practiced first ..."
                                  or (func_acts[0][0] - iv.lead_end(text) <= 25
                                      and func_acts[0] == acts[0])  # "Wheelchair to bed transfer practice"
                                  or n.attrs(head).get("claim") in ("TA", "ther act", "therapeutic activities")
                                  or (head[2] == "CODE_NUM" and head[3] == "97530"))
          and not any(p in _P110 for p in params)  # params: task names ("bed mobility") already left out
          # E-NEURO-ACTIVITY: a neuro patient's written balance/posture outcome is the outcome, not the task
          and not (n.neuro_note and any(p in _P_NEURO for p in params))):
        # E-FUNC-ACTIVITY: a service named by its functional task ("Transfers: 18 min ...", "Fine motor
        # tasks: ...") has that task as its outcome, unless a single exercise parameter is stated instead
        fg = (head[0], head[1])
        ev.append(n.ev(head[0], head[1], "function"))
    return func_acts, fg, written


_LIST_ITEM_SPLIT_RE = re.compile(r"[,;]")


def _one_exercise_of_list(n: _Note, iv: _Iv, func_acts, params: list[str]) -> bool:
    """E-EXERCISE-LIST: "Ther ex 16 min - sit to stand x10, standing mini squats, hip abd w/ yellow band 2x12, heel
    raises -- to maintain B LE strength for transfers": a functional activity that is one item of a list of separate
    exercises under an exercise name, written for one exercise parameter, is one of the exercises (97110), not the
    dynamic functional activity of 97530 (the guidelines' "block of separate exercises")."""
    head = iv.head
    if head is None or not (n.attrs(head).get("claim") == "ther ex" or (head[2] == "CODE_NUM" and head[3] == "97110")):
        return False  # named as therapeutic exercise ("Ther act 20 min: obstacle course -- ..." is not)
    if sum(1 for p in params if p in _P110) != 1:
        return False
    start = iv.lead_end(n.text)
    purposes = _purpose_spans(n.text, start, iv.e)
    end = purposes[0][0] if purposes else iv.e
    items = []
    pos = start
    for piece in _LIST_ITEM_SPLIT_RE.split(n.text[start:end]):
        if piece.strip():
            items.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    if len(items) < 3:
        return False
    functional_items = {i for i, (a, b) in enumerate(items) for t in func_acts if a <= t[0] < b}
    return len(functional_items) * 3 <= len(items) and all(any(a <= t[0] < b for a, b in items) for t in func_acts)


def _is_eval_name(t) -> bool:
    return t[3] in ("evaluation", "re_evaluation", "eval_bare")


_SET_APART_RE = re.compile(r"[\s\-*•>]*(?:separately|in\s+addition|apart\s+from\s+the\s+(?:program|session|circuit))\b",
                           re.IGNORECASE)


def _work(n: _Note, iv: _Iv, facts_ctx: dict, title_applies: bool, functional: bool) -> bool:
    work = iv.by.get("WORK", _NO_TERMS)
    if not functional:
        # "... goal: trunk endurance for sitting at work", "buttoning her work blouse": work as the goal of an exercise
        # or a self-care task is not a work activity; a work program or simulation is (E-WORK-GOAL)
        work = [t for t in work if not n.attrs(t).get("goal_only")]
    if work:
        iv.ev.append(n.ev(work[0][0], work[0][1], "work"))
        return True
    if facts_ctx.get("work_title") and title_applies:
        wt = facts_ctx["work_title"]
        iv.ev.append(n.ev(wt[0], wt[1], "work"))
        return True
    return False


def _neuro_goal(n: _Note, iv: _Iv, functional_goal: bool) -> bool:
    code_name_spans = [(t[0], t[1]) for t in iv.by.get("CODE_NAME", _NO_TERMS)]
    ngoal = [t for t in iv.by.get("NEURO_GOAL", _NO_TERMS) if (t[0], t[1]) not in n.negated
             and not any(a <= t[0] and t[1] <= b for a, b in code_name_spans)
             # "w/ pelvic facilitation": a handling technique says how, not what for; a functional goal is the outcome
             and not (functional_goal and n.attrs(t).get("technique"))]
    if ngoal:
        iv.ev.append(n.ev(ngoal[0][0], ngoal[0][1], "neuro"))
    return bool(ngoal)


def _contact_modes(n: _Note, iv: _Iv) -> list[str]:
    modes: list[str] = []
    for t in iv.by.get("CONTACT", _NO_TERMS):
        mode = n.attrs(t).get("mode")
        if mode and mode not in modes:
            modes.append(mode)
            iv.ev.append(n.ev(t[0], t[1], "contact"))
    return modes


def _arrangement(n: _Note, iv: _Iv, modes: list[str], facts_ctx: dict):
    """(arrangement, group size)."""
    text, s = n.text, iv.s
    arrangement, group_size = "unstated", None
    head_s = iv.head[0] if iv.head else s
    unskilled = [t for t in iv.by.get("UNSKILLED", _NO_TERMS) if (t[0], t[1]) not in n.negated
                 and not (text[t[0]:t[1]].lower().endswith("own") and _POSSESSIVE_OWN_RE.match(text, t[1]))]
    # ("zipper on her own jacket" is possessive)
    if unskilled:
        # "... so he can get up from the floor on his own": independence named as the goal is not how it was done
        goal = _GOAL_CLAUSE_RE.search(text, s, iv.e)
        if goal is not None:
            unskilled = [t for t in unskilled if t[0] < goal.start()]
    group_cues = [t for t in iv.ts if (t[2] in ("GROUP", "GROUP_SIZE") or (t[2] == "CODE_NAME" and t[3] == "group_therapy")
                                       or (t[2] == "CODE_NUM" and t[3] == "97150"))
                  and not _TIME_REF_RE.search(text, max(s, t[0] - 16), t[0])]  # "individual session after class"
    if group_cues:
        # "Goal: legible written work in class", "goal legible work in class": a group named in the goal is where
        # the skill is for
        goal = _GOAL_CLAUSE_RE.search(text, s, iv.e)
        if goal is not None:
            group_cues = [t for t in group_cues if t[0] < goal.start()]
        group_cues = [t for t in group_cues if not _GOAL_WORD_BEFORE_RE.search(text, max(s, t[0] - 60), t[0])]
    one_cues = iv.by.get("ONE_ON_ONE", _NO_TERMS)
    # a CONTACT term with a mode is exactly what put something into ``modes``
    if unskilled and (group_cues or modes) and all(text[t[0]:t[1]].lower().startswith(("on ", "by ", "indep", "open gym"))
                                                   for t in unskilled):
        # "concurrent tx: ... on their own programs" is a group; "cued him ... put away the dishes on his own"
        # describes independence inside a skilled session, not an unsupervised one; "in open gym - weight shifting
        # ... with tactile cues" names where a cued service was given
        unskilled = []
    if unskilled:
        arrangement = "unattended"
        iv.ev.append(n.ev(unskilled[0][0], unskilled[0][1], "unskilled"))
    else:
        pick = _pick_arrangement(group_cues + list(one_cues), head_s)
        if pick is not None:
            arrangement = "one_on_one" if pick[2] == "ONE_ON_ONE" else "group"
            iv.ev.append(n.ev(pick[0], pick[1], "arrangement"))
    if arrangement == "group":
        for t in iv.by.get("GROUP_SIZE", _NO_TERMS) or facts_ctx.get("group_sizes", []):
            gs = _group_size(n, t)
            if gs:
                group_size = gs
                iv.ev.append(n.ev(t[0], t[1], "group_size"))
                break
    return arrangement, group_size


_AIDE_HELPS_RE = re.compile(rf"\b{words('W-AIDE-HELPS')}\b", re.IGNORECASE)


def _aide_helps(text: str, iv: _Iv, aide) -> bool:
    """E-OTHER-AGENT: an aide in a clause of its own after the service's name, doing something that helps the
    therapist ("amb 60' x2 w/ RW, CGA, w/c follow by restorative aide", "...; rehab aide at R side managing harness
    and treadmill speed per PT") does not take the service; an aide who gives it does ("MHP applied by aide")."""
    if not iv.head or aide[0] < iv.head[1] or not any(ch in text[iv.head[1]:aide[0]] for ch in ",;"):
        return False
    cs = max(text.rfind(ch, iv.head[1], aide[0]) for ch in ",;") + 1
    ends = [i for i in (text.find(ch, aide[1], iv.e) for ch in ",;.") if i >= 0]
    return _AIDE_HELPS_RE.search(text, cs, min(ends) if ends else iv.e) is not None


_JOINED_RE = re.compile(r"\s*(?:\+|&|and|w/|with|plus)\s*", re.IGNORECASE)


def _joined(text: str, a_end: int, b_start: int) -> bool:
    """Only a joining word between two spans ("Hot pack" | "+ TENS ..."; the "+" may open the second span)."""
    if _JOINED_RE.fullmatch(text, a_end, b_start) is not None:
        return True
    return not text[a_end:b_start].strip() and text[b_start:b_start + 1] in ("+", "&")


def _shared_aide(n: _Note, items) -> None:
    """D-AIDE-ALL: "Hot pack + TENS R knee 15 min applied by rehab tech": a modality named bare and joined to the
    next one, whose words say an aide gave it, was given by that aide too; so is the one after an aide named as the
    subject ("Tech set up IFC + MHP ...")."""
    for (a, _xa), (b, _xb) in zip(items, items[1:]):
        if not (a["status"] == b["status"] == "performed" and a["kind"] == b["kind"] == "modality"
                and (a["provider"] == "aide") != (b["provider"] == "aide")
                and _joined(n.text, a["span"]["end"], b["span"]["start"])):
            continue
        if b["provider"] == "aide" and a["minutes"] is None and a["span"]["end"] - a["span"]["start"] <= 40:
            a["provider"] = "aide"
            a["evidence"].append(next(e for e in b["evidence"] if e["label"] == "provider"))
        elif a["provider"] == "aide" and _aide_leads(a):
            # "Tech set up IFC + MHP to cervical/upper traps x 15 min": the aide named as the subject of both
            b["provider"] = "aide"
            b["evidence"].append(next(e for e in a["evidence"] if e["label"] == "provider"))


def _aide_leads(d: dict) -> bool:
    """The aide is named before the service in its span ("Tech set up IFC")."""
    prov = next((e for e in d["evidence"] if e["label"] == "provider"), None)
    kind = next((e for e in d["evidence"] if e["label"] == "kind"), None)
    return prov is not None and kind is not None and prov["start"] < kind["start"]


def _provider(n: _Note, iv: _Iv, facts_ctx: dict):
    """(provider, co-treatment)."""
    cotreat = iv.by.get("COTREAT", _NO_TERMS)
    provider = "unknown"
    aide = [t for t in iv.by.get("AIDE", _NO_TERMS) if (t[0], t[1]) not in n.negated and not _aide_helps(n.text, iv, t)]
    creds = iv.by.get("CREDENTIAL", _NO_TERMS) if not cotreat else ()
    if aide:
        provider = "aide"
        iv.ev.append(n.ev(aide[0][0], aide[0][1], "provider"))
    elif creds:
        assist = [t for t in creds if n.attrs(t).get("provider") in ("PTA", "COTA")]
        pick = assist[0] if assist else creds[0]
        provider = n.attrs(pick).get("provider", "unknown")
        iv.ev.append(n.ev(pick[0], pick[1], "provider"))
    elif facts_ctx.get("signed_by", "unknown") != "unknown":
        provider = facts_ctx["signed_by"]
    if cotreat:
        iv.ev.append(n.ev(cotreat[0][0], cotreat[0][1], "co_treatment"))
    return provider, bool(cotreat)


_MONITORED_BEFORE_RE = re.compile(r"\b(?:monitor\w*|check\w*|supervis\w*|watch\w*|observ\w*)\s*$", re.IGNORECASE)
_DISC_OF_LEAD = {"PT": "PT", "PH": "PT", "OT": "OT", "OC": "OT", "SL": "SLP", "ST": "SLP", "SP": "SLP"}


def _same_sentence(text: str, s: int, e: int, a: int, b: int) -> bool:
    """Whether offsets a and b fall in one sentence of text[s:e]."""
    return any(ss <= a < se and ss <= b < se for ss, se in split_sentences(text, s, e))


def _other_discipline(n: _Note, iv: _Iv, row: list, note_disc: str | None) -> bool:
    s = iv.s
    if "note" in n.low[s:iv.e]:
        m = _OTHER_NOTE_RE.search(n.text, s, iv.e)
        if m is not None:
            iv.ev.append(n.ev(m.start(), m.end(), "other_discipline"))
            return True  # "AM session: gait w/ RW, 30 min -- see AM note by J. Park, PT.": billed on that note
    sec = row[ROW_SECTION] or ""
    if sec.startswith("discipline_") and note_disc and sec.split("_", 1)[1].upper() != note_disc:
        iv.ev.append(n.ev(s, s, "other_discipline"))
        return True  # a PT section inside an OT note, etc.
    lead = [t for t in iv.by.get("CREDENTIAL", _NO_TERMS) if t[0] - s <= 2]
    if lead and note_disc and n.attrs(lead[0]).get("discipline") not in (None, note_disc):
        iv.ev.append(n.ev(lead[0][0], lead[0][1], "other_discipline"))
        return True  # a log line that belongs to the other discipline of a co-treatment
    lead_disc = DISC_CLAUSE_RE.match(n.text, s)
    if lead_disc is None and iv.by.get("COTREAT"):
        colon = n.text.find(":", s, min(iv.e, s + 100))  # (after an aside: "(pt requires 2 for safety, pusher behavior)")
        if colon >= 0:  # "Co-treatment w/ PT 1030-1100: PT focused on gait ...": the clause after the block's label
            s = colon + 1 + len(n.text[colon + 1:iv.e]) - len(n.text[colon + 1:iv.e].lstrip())
            lead_disc = DISC_CLAUSE_RE.match(n.text, s)
    if lead_disc and note_disc and _DISC_OF_LEAD.get(lead_disc.group("disc")[:2].upper(), note_disc) != note_disc:
        iv.ev.append(n.ev(s, lead_disc.end("disc"), "other_discipline"))
        return True  # "...; PT focus on gait": the other discipline's clause of a co-treatment
    for t in iv.by.get("DISC_PORTION", _NO_TERMS):
        if n.attrs(t).get("discipline") == "NURSING":
            if _MONITORED_BEFORE_RE.search(n.text, max(s, t[0] - 24), t[0]):
                continue  # "set up by OT, then monitored by nursing": the OT's modality, unattended (D-ESTIM-UNATTENDED)
            if iv.head and not _same_sentence(n.text, s, iv.e, iv.head[0], t[0]):
                continue  # "Reports ..., premedicated by nursing at 0700. LB dressing training ...": another sentence
            if iv.head and iv.head[1] <= t[0] and any(ch in n.text[iv.head[1]:t[0]] for ch in ",;"):
                continue  # "ambulated 40 feet w/ RW, min assist, chair follow by RN": nursing helps, another clause
            iv.ev.append(n.ev(t[0], t[1], "other_discipline"))
            return True  # "ice pack to R knee by nursing": nursing's care, not this note's service
        if (note_disc and n.attrs(t).get("discipline") != note_disc
                and (t[0] - s <= 25 or _OTHER_BILLS_RE.search(n.text, t[0], t[1]))):
            iv.ev.append(n.ev(t[0], t[1], "other_discipline"))
            return True
    return False


# Minutes written as a bare number where only a time fits: "(25) balance ...", "ADL retrng (15): ...", "Ther ex for
# 16: ...", "... for return to court (for 15)", "Moist heat to C/T spine for 10, prior to tx."
_LEAD_BARE_MIN_RE = re.compile(r"\(\s*(?:for\s+)?(?P<n>\d{1,3})\s*\)\s*(?=[A-Za-z])")
_LABEL_BARE_MIN_RE = re.compile(r"(?:\s*[A-Za-z][\w./]*){0,2}?\s*(?:\(\s*(?:for\s+)?(?P<n>\d{1,3})\s*\)|for\s+(?P<f>\d{1,3}))"
                                r"\s*(?=[:;,—–-]|\.(?!\d)|$)")
_TRAIL_BARE_MIN_RE = re.compile(r"\(\s*(?P<for>for\s+)?(?P<n>\d{1,3})\s*\)\s*[.;]?\s*$")
_FOR_BARE_MIN_RE = re.compile(r"\bfor\s+(?P<n>\d{1,3})\s*(?=[,;:)]|\.(?!\d)|$)")
_TRAIL_LINES_RE = re.compile(r"\(\s*(?:for\s+)?\d{1,3}\s*\)\s*[.;]?\s*$", re.MULTILINE)


_OWN_PART_MIN_RE = re.compile(r"\(\s*(?P<n>\d{1,3})\s*min\w*\s*\)", re.IGNORECASE)


# "Co-treat minutes split: OT 13 / PT 12 (PT bills her portion).": each discipline's share of a co-treatment's clock
_COTREAT_SPLIT_RE = re.compile(r"[ \t\-*•>]*(?:co-?treat\w*\s+)?(?:minutes?|mins?|time)\s+(?:split|divided)\s*:?\s*"
                               r"(?P<a>PT|OT|SLP)\s*[:=]?\s*(?P<na>\d{1,3})\s*(?:min\w*)?\s*[/,;&]\s*"
                               r"(?:and\s+)?(?P<b>PT|OT|SLP)\s*[:=]?\s*(?P<nb>\d{1,3})\b", re.IGNORECASE)


def _cotreat_share(n: _Note, iv: _Iv, discipline: str | None) -> tuple[int, int, int] | None:
    """E-COTREAT-CLAUSE: a co-treatment block with its clock, and the next line splitting its minutes between the
    disciplines ("Co-treat minutes split: OT 13 / PT 12"): this note's discipline's share is the service's time."""
    after = n.low[iv.e:iv.e + 200]
    if discipline not in ("PT", "OT", "SLP") or ("split" not in after and "divided" not in after):
        return None
    nl = n.text.find("\n", iv.e)
    if nl < 0 or n.text[iv.e:nl].strip():
        return None
    end = n.text.find("\n", nl + 1)
    m = _COTREAT_SPLIT_RE.match(n.text, nl + 1, len(n.text) if end < 0 else end)
    if m is None:
        return None
    for d, g in (("a", "na"), ("b", "nb")):
        if m.group(d).upper() == discipline:
            return int(m.group(g)), m.start(g), m.end(g)
    return None


def _own_part_minutes(seg: str) -> tuple[int, int, int] | None:
    """(minutes, start, end) of a co-treatment clause's own time inside the shared block: "(15 min)", or the one
    duration written after the block's clock time."""
    m = _OWN_PART_MIN_RE.search(seg)
    if m is not None:
        return int(m.group("n")), m.start("n"), m.end("n")
    mentions = find_mentions(seg)
    clock = next((x for x in mentions if x.kind == "clock"), None)
    after = [x for x in mentions if x.kind == "duration" and clock is not None and x.start >= clock.end]
    if len(after) == 1 and after[0].minutes:
        return after[0].minutes, after[0].start, after[0].end
    return None


def _bare_minutes(n: _Note, iv: _Iv, head, have: bool) -> tuple[int, int, int] | None:
    """(minutes, start, end) of a unitless time in its place on a log line; a label's own time wins over a time
    found inside the line ("ADL retrng (15): ... stood 4 min x2"); the other forms count only when no time was found."""
    text, s, e = n.text, iv.s, iv.e
    lead = iv.lead_end(text)
    m = _LEAD_BARE_MIN_RE.match(text, lead, e)
    if m is None and head is not None and head[0] - lead <= 2:
        m = _LABEL_BARE_MIN_RE.match(text, head[1], e)
        if m is not None and m.group("f") and have:
            m = None
    if m is None and not have:
        m = _TRAIL_BARE_MIN_RE.search(text, s, e)
        if m is not None and not m.group("for") and len(_TRAIL_LINES_RE.findall(text)) < 2:
            m = None  # "bridges, clams (10)" alone may count repetitions; a column of them is the time column
        if m is None:
            m = _FOR_BARE_MIN_RE.search(text, s, e)
    if m is None:
        return None
    g = "f" if "f" in m.re.groupindex and m.group("f") else "n"
    v = int(m.group(g))
    return (v, m.start(g), m.end(g)) if 5 <= v <= 120 else None


def _minutes(n: _Note, iv: _Iv, split_total: bool) -> MinutesResult:
    text, s, e, head, ev = n.text, iv.s, iv.e, iv.head, iv.ev
    mres = parse_minutes(iv.seg, head_end=(head[1] - s) if head else None, split_total=split_total)
    if mres.minutes is not None and mres.evidence and "  " in iv.seg and "|" not in iv.seg:
        cell = _column_minutes(text, s, e)
        if cell is not None and cell[1] < s + mres.evidence[0][0]:
            # "Ther ex     18    NuStep L4 x8 min (endurance), ...": the row's "Min" column, not a time in its detail
            ev.append(n.ev(cell[1], cell[2], "minutes"))
            return MinutesResult(cell[0])
    for a, b in mres.evidence:
        ev.append(n.ev(s + a, s + b, "minutes"))
    if mres.minutes is None and mres.non_treatment_minutes and head and head[0] - iv.lead_end(text) <= 2 \
            and _LABEL_TIME_COLON_RE.match(text[head[1]:head[1] + 12]):
        # "Toileting 12 min: clothing mgmt over hips ..." -- the label's own time, not time left out of another service
        mres = MinutesResult(mres.non_treatment_minutes)
    if head and head[2] in ("CODE_NAME", "CODE_NUM", "MODALITY"):
        lab = _LABEL_MINUTES_RE.match(text[head[1]:min(e, head[1] + 60)])
        g = ("p" if lab.group("p") else "t" if lab.group("t") else "x") if lab is not None else None
        # "THER EX (25): ... bike 6'": the label's own time wins over a station inside the line
        if (g and (mres.minutes is None or g == "p") and 5 <= int(lab.group(g)) <= 120
                and not _TEXT_REPS_RE.match(text, head[1] + lab.end())):
            mres = MinutesResult(int(lab.group(g)))
            ev.append(n.ev(head[1] + lab.start(g), head[1] + lab.end(g), "minutes"))
    own = _own_part_minutes(iv.seg) if mres.clock_start and iv.by.get("COTREAT") else None
    if own is not None:
        # "1030-1100 co-treat w/ OT: PT focus on gait (15 min) ...", "Co-treat w/ PT 0930-1000 ...: OT addressed
        # grooming ..., 15 min; PT focus on gait": the discipline's own part of the shared block
        mres = MinutesResult(own[0])
        ev.append(n.ev(s + own[1], s + own[2], "minutes"))
    if "(" in iv.seg or "for " in iv.seg:
        bare = _bare_minutes(n, iv, head, mres.minutes is not None)
        if bare is not None:
            mres = MinutesResult(bare[0])
            ev.append(n.ev(bare[1], bare[2], "minutes"))
    if mres.minutes is None and ("|" in iv.seg or "  " in iv.seg):
        cell = _table_minutes(text, s, e) if "|" in iv.seg else (_column_minutes(text, s, e)
                                                                 or _table_block_minutes(text, s, e))
        if cell is not None:
            mres = MinutesResult(cell[0])
            ev.append(n.ev(cell[1], cell[2], "minutes"))
    return mres


@functools.lru_cache(maxsize=4096)
def _norm(s: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "", s.lower())
    return s[:-1] if s.endswith("s") and len(s) > 3 else s


_LINK_LABELS = ("ACTIVITY", "CODE_NAME", "MODALITY")  # the only terms _link_keys reads (a set: order is free)


def _link_keys(n: _Note, ts) -> set[str]:
    keys = set()
    for t in ts:
        if t[2] in ("ACTIVITY", "CODE_NAME", "MODALITY"):
            keys.add("t:" + _norm(n.text[t[0]:t[1]]))
            if t[3] not in _GENERIC_LINK_IDS and t[2] == "ACTIVITY":
                keys.add("i:" + t[3])
    return keys


def _link_outcomes(n: _Note, items: list[tuple[dict, dict]]) -> None:
    """Outcome sentences of Assessment / Goals that name one intervention's activity attach to it."""
    performed = [(d, x) for d, x in items if d["status"] == "performed"]
    if not performed:
        return
    index: dict[str, list[int]] = {}
    for i, (_d, x) in enumerate(performed):
        for k in x["link_keys"]:
            index.setdefault(k, []).append(i)
    for s, e, cat in n.sections:
        if cat not in ("assessment", "goals"):
            continue
        for ss, se in split_sentences(n.text, s, e):
            ts = n.within(ss, se)
            keys = _link_keys(n, ts)
            if not keys:
                continue
            cand = {i for k in keys for i in index.get(k, ())}
            if not cand:
                continue
            scored = [(len(keys & performed[i][1]["link_keys"]), i) for i in sorted(cand)]
            best = max(sc for sc, _ in scored)
            winners = [i for sc, i in scored if sc == best]
            if len(winners) != 1:
                continue
            d, _x = performed[winners[0]]
            for t in ts:
                if t[2] == "PARAMETER" and (t[0], t[1]) not in n.negated:
                    p = n.attrs(t).get("parameter")
                    if p and p not in d["parameters"]:
                        d["parameters"].append(p)
                        d["evidence"].append(n.ev(t[0], t[1], "parameter"))
                elif t[2] == "NEURO_GOAL" and (t[0], t[1]) not in n.negated and not d["neuro_goal"]:
                    d["neuro_goal"] = True
                    d["evidence"].append(n.ev(t[0], t[1], "neuro"))
                elif t[2] == "WORK" and not d["work_related"]:
                    d["work_related"] = True
                    d["evidence"].append(n.ev(t[0], t[1], "work"))
            fg = _functional_goal(n, ss, se)
            if fg and not d["functional_goal"]:
                d["functional_goal"] = True
                d["evidence"].append(n.ev(fg[0], fg[1], "function"))


def _apply_time_splits(n: _Note, doc: Doc, items) -> None:
    """"thirty minutes, split evenly between gait training and transfer practice": each later part gets its share."""
    from nlp_coder.extract.interventions import Segmenter

    for s, e, minutes, parts, kinds in get_doc_ext(doc, "nlp_time_splits") or []:
        if parts == -1:  # "divided between A and B": one time, no split
            for d, _x in items:
                if s <= d["span"]["start"] < e and d["status"] == "performed":
                    d["minutes"], d["clock_start"], d["clock_end"] = None, None, None
            continue
        if parts == 0:  # explicit minutes per kind: "kind=8|kind=22"
            shares = {k: int(m) for k, m in (p.split("=") for p in kinds.split("|"))}
        elif not minutes or parts < 2 or minutes % parts:
            continue
        else:
            shares = {k: minutes // parts for k in kinds.split("|")}
        kinds_left = set(shares)
        line_end = n.text.find("\n", e)
        line_end = len(n.text) if line_end < 0 else line_end
        for d, x in items:
            if d["minutes"] is not None or d["status"] != "performed" or not (e <= d["span"]["start"] < line_end):
                continue
            k = Segmenter._kind(x["head"]) if x.get("head") else ""
            if k in kinds_left:
                kinds_left.discard(k)
                d["minutes"] = shares[k]
                d["evidence"].append(n.ev(s, e, "minutes"))


_REST_OF_RE = re.compile(r"\b(?:the\s+)?(?:rest|remainder)\s+of\s+the\s+(?P<w>hour|half[\s-]hour|hour-long\s+session)\b", re.IGNORECASE)


def _apply_rest_of_hour(n: _Note, items) -> None:
    """"The rest of the hour went to wheelchair skills": an hour less the other timed services of the note."""
    for d, _x in items:
        if d["minutes"] is not None or d["status"] != "performed":
            continue
        m = _REST_OF_RE.search(d["span"]["text"])
        if not m:
            continue
        whole = 30 if m.group("w").lower().startswith("half") else 60
        used = sum(d2["minutes"] or 0 for d2, _x2 in items if d2 is not d and d2["status"] == "performed")
        if 0 < whole - used < whole:
            d["minutes"] = whole - used
            off = d["span"]["start"]
            d["evidence"].append(n.ev(off + m.start(), off + m.end(), "minutes"))


# a line that gives the work session's time: "Total session 2 hr 40 min", "0800-1100, breaks 0915-0925 (not counted)"
_SESSION_WORD_RE = re.compile(r"\b(?:session|total|program\s+time|time\s+in\s+(?:clinic|program))\b|^\s*\d{3,4}\s*-\s*\d{3,4}\s*(?:[,;]|$)"
                              # "Time: 0830-1130; break 0945-1000 not counted.": a header field with the session's clock
                              r"|^\s*(?:time|times|hours)\s*:\s*\d{1,2}:?\d{2}\s*(?:-|–|to)\s*\d{1,2}:?\d{2}\b",
                              re.IGNORECASE)


# E-CORRECTION: "ADDENDUM 3/10 1415: gait time above should read 11 min, not 21 (documentation error)."
_CORRECTION_RE = re.compile(
    r"(?:should\s+(?:read|be|have\s+been)|s/b|(?:is\s+|was\s+)?corrected\s+to|was\s+actually)\s*:?\s*(?P<new>\d{1,3})\s*"
    r"(?:min(?:ute)?s?\b|')?(?:\s*,?\s*\(?(?:not|rather\s+than|instead\s+of)\s+(?P<old>\d{1,3})\b)?", re.IGNORECASE)
_CORRECTION_HINTS = ("should", "s/b", "corrected", "actually")


def _apply_corrections(n: _Note, items) -> None:
    """A correction of a service's minutes written later in the note (an addendum): the service named before
    "should read" takes the corrected minutes. With the old value given, only a service with those minutes is
    corrected; without it, only the one service of that kind."""
    low = n.text.lower()
    if not any(h in low for h in _CORRECTION_HINTS):
        return
    for m in _CORRECTION_RE.finditer(n.text):
        new = int(m.group("new"))
        old = int(m.group("old")) if m.group("old") else None
        if not 0 < new <= 300:
            continue
        start = max(n.text.rfind("\n", 0, m.start()), n.text.rfind(". ", 0, m.start()), n.text.rfind(":", 0, m.start())) + 1
        # "AROM time above should read 7 min, not 14": with the old value given, an activity's name points at its
        # service too
        labels = ("CODE_NAME", "CODE_NUM") if old is None else ("CODE_NAME", "CODE_NUM", "MODALITY", "ACTIVITY")
        kinds = {n.attrs(t).get("kind") for lab in labels for t in n.within_label(start, m.start(), lab)}
        kinds.discard(None)
        if not kinds:
            continue
        targets = [d for d, _x in items if d["status"] == "performed" and d["kind"] in kinds and d["span"]["end"] <= m.start()
                   and (old is None or d["minutes"] == old)]
        if len(targets) != 1:
            continue  # not one service it could mean: left as written
        d = targets[0]
        d["minutes"] = new
        d["evidence"] = [e for e in d["evidence"] if e["label"] != "minutes"] + [n.ev(m.start("new"), m.end("new"), "minutes")]


def _apply_work_session(n: _Note, items) -> None:
    """Work hardening/conditioning logged as a list of stations under one session time ("0800-1100 session,
    15-min break", "Total session 2 hr 40 min"): the session's minutes, breaks out, belong to the 97545/97546
    service; the first work item carries them and the other items of the session add none of their own."""
    work = [d for d, _x in items if d["status"] == "performed" and d.get("work_related")]
    if not work:
        return
    clocked = [d for d in work if d.get("clock_start")]
    if len(clocked) == 1 and (clocked[0]["minutes"] or 0) >= 60:
        # "08:00-11:30 in the work simulation area, with a 15-min break": the one clocked item is the session
        # (its break stays in non_treatment_minutes, taken off when the minutes are counted)
        for d in work:
            if d is not clocked[0]:
                d["minutes"] = 0
        return
    for m in re.finditer(r"[^\n]+", n.text):
        if not _SESSION_WORD_RE.search(m.group()):
            continue
        res = parse_minutes(m.group())
        if res.minutes and res.minutes >= 60 and res.minutes >= max(d["minutes"] or 0 for d in work):
            minutes = res.minutes - res.non_treatment_minutes
            if minutes <= 0:
                return
            for i, d in enumerate(work):
                d["minutes"] = minutes if i == 0 else 0
                d["evidence"].append(n.ev(m.start(), m.end(), "minutes"))
            return


_BILLED_AS_SENT_RE = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))[\s\-*•>]*(?:billed|charged|coded|documented)\s+(?:as|under)\b[^.\n]*", re.IGNORECASE)


# E-FIRST-FITTING: "first session with new prosthesis", "first prosthetic training session today"
_FIRST_FITTING_RE = re.compile(
    rf"\b(?:first|1st|initial)\s+(?:\w+\s+){{0,3}}?{words('W-ENCOUNTER-NOUN')}\b[^.\n]{{0,40}}?\b{words('W-DEVICE')}\b|"
    rf"\b(?:first|1st|initial)\s+{words('W-DEVICE')}\s+(?:\w+\s+)?{words('W-ENCOUNTER-NOUN')}\b|"
    rf"\b{words('W-DEVICE')}\b[^.\n]{{0,40}}?\b(?:issued|fitted|delivered|dispensed|received|picked\s+up)\b[^.\n]{{0,30}}?"
    rf"\b(?:today|this\s+(?:am|morning|afternoon))\b[^.\n]{{0,20}}?\bfirst\s+(?:\w+\s+){{0,2}}?{words('W-ENCOUNTER-NOUN')}\b|"
    # "(first session w/ device)" written in the service itself (session 11)
    rf"\b(?:first|1st|initial)\s+{words('W-ENCOUNTER-NOUN')}\s+(?:w/|with|wearing|in)\s+(?:the\s+|new\s+|this\s+|his\s+|her\s+)*device\b|"
    # "... thumb spica orthosis ..., fitted ... -- 30 min (first fitting today)" (session 12)
    r"\((?:first|1st|initial)\s+fitting(?:\s+today)?\)|"
    # "... thumb spica fabricated (1/8\" thermoplastic), first fitting today; trimmed ..." (session 15)
    r"\b(?:first|1st|initial)\s+fitting\s+(?:today|this\s+(?:am|morning|afternoon|visit|session))\b",
    re.IGNORECASE)


_TAUGHT_BEFORE_RE = re.compile(rf"\b{words('W-TEACH-VERB')}\s+(?:\w+\s+){{0,3}}?(?:in|on|with|w/|re:?)?\s*(?:\w+\s+)?$",
                               re.IGNORECASE)
_IN_WATER_RE = re.compile(rf"\b{words('W-IN-WATER')}\b", re.IGNORECASE)
_DEVICE_NAME_RE = re.compile(rf"\b{words('W-DEVICE')}\b", re.IGNORECASE)


# "resting hand orthosis L (made 2/5) checked", "AFO (issued 3 wks ago)": the device came before this visit
_MADE_BEFORE_RE = re.compile(
    rf"\b(?P<verb>{words('W-MADE-VERB')})\s+(?:on\s+)?"
    r"(?:(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/\d{2,4})?\b|\d+\s*(?:days?|d|wks?|weeks?|mos?|months?)\s+ago\b|"
    r"last\s+(?:week|wk|visit|session|month)\b)", re.IGNORECASE)


_NEW_DEVICE_RE = re.compile(rf"\b{words('W-NEW-DEVICE-CUE')}\b", re.IGNORECASE)


def _device_in_use(n: _Note, items) -> None:
    """E-FIRST-FITTING: an orthosis or prosthesis the note reports in use before today's service ("S: Wife reports AFO
    rubbing at the outside of the ankle after ~2 hrs.", then "Orthotic mgmt (97760) 16 min: AFO doffed, red area ...")
    is managed at a subsequent encounter (97763), whatever initial code was written, unless the note says this is
    the first session with it."""
    initial = [d for d, _x in items if d["status"] == "performed" and d["kind"] in ("orthotic_initial", "prosthetic_initial")]
    if not initial or _FIRST_FITTING_RE.search(n.text) or _NEW_DEVICE_RE.search(n.text):
        return
    before = [d for d, _x in items if d["status"] == "historical" and d["kind"].startswith(("orthotic", "prosthetic"))]
    for d in initial:
        if any(b["span"]["end"] <= d["span"]["start"] for b in before):
            d["kind"] = "orthotic_prosthetic_subsequent"
            b = next(b for b in before if b["span"]["end"] <= d["span"]["start"])
            d["evidence"].append(n.ev(b["span"]["start"], b["span"]["end"], "kind"))


def _device_from_before(n: _Note, items, date_of_service: str | None) -> None:
    """E-FIRST-FITTING: management of an orthosis or prosthesis made or issued before this visit is the
    subsequent-encounter code (97763), whatever initial code the clinician wrote."""
    if not any(w in n.low for w in needles("W-MADE-VERB")):
        return
    dos = (int(date_of_service[5:7]), int(date_of_service[8:10])) if date_of_service else None
    initial = [d for d, _x in items if d["status"] == "performed" and d["kind"] in ("orthotic_initial", "prosthetic_initial")]
    for d in initial:
        a, b = d["span"]["start"], d["span"]["end"]
        m = _MADE_BEFORE_RE.search(n.text, a, b)
        if m is None and len(initial) == 1:
            # "Pt 61F, R thumb CMC OA, hand-based thumb spica (fab 2/23), c/o rubbing": the one device of the note,
            # made on an earlier date written above the service
            m = next((x for x in _MADE_BEFORE_RE.finditer(n.text, 0, a) if x.group("verb").lower().startswith(("made", "fab"))), None)
        if m is None or (m.group("m") and dos == (int(m.group("m")), int(m.group("d")))):
            continue  # (a date that is the visit's own is today)
        d["kind"] = "orthotic_prosthetic_subsequent"
        d["evidence"].append(n.ev(m.start(), m.end(), "kind"))


def _prosthesis(named: str) -> bool:
    """Whether the device named is a prosthesis: a noun ("AFO", "prosthesis") decides over a label's adjectives
    ("Orthotic/prosthetic training 20 min: L AFO ...")."""
    nouns = [w.lower() for w in _DEVICE_NAME_RE.findall(named) if w.lower() not in ("orthotic", "prosthetic")]
    return any("prosth" in w for w in nouns) if nouns else "prosth" in named.lower()


def _first_fitting(n: _Note, items) -> None:
    """The first encounter with a new orthosis or prosthesis: its management is the initial-encounter code
    (97760 / 97761), not the subsequent one (97763)."""
    if not any(d["kind"] == "orthotic_prosthetic_subsequent" for d, _x in items) or "first" not in n.low and \
            "1st" not in n.low and "initial" not in n.low:
        return
    m = _FIRST_FITTING_RE.search(n.text)
    if m is None:
        return
    for d, _x in items:
        if d["status"] == "performed" and d["kind"] == "orthotic_prosthetic_subsequent":
            # "first session w/ device" does not say which device: the service's own words do
            named = m.group() if _DEVICE_NAME_RE.search(m.group()) else d["span"]["text"]
            d["kind"] = "prosthetic_initial" if _prosthesis(named) else "orthotic_initial"
            d["evidence"].append(n.ev(m.start(), m.end(), "kind"))


def _attach_billed_as(n: _Note, items) -> None:
    """"Billed as ther ex.": the code named is the claim of the service documented just before it."""
    low = n.low
    if "billed" not in low and "charged" not in low and "coded" not in low and "documented as" not in low:
        return
    for m in _BILLED_AS_SENT_RE.finditer(n.text):
        claim = next((t for t in n.within(m.start(), min(len(n.text), m.end() + 2)) if t[2] in ("CODE_NAME", "CODE_NUM")), None)
        before = [d for d, _x in items if d["span"]["end"] <= m.start() and d["status"] == "performed"]
        if claim is None or not before:
            continue
        # the explicit billing statement is the claim, over one implied by the service's name ("exercise group ...
        # Documented as 97110.")
        a = n.attrs(claim)
        before[-1]["claimed_code"] = a.get("claim") if claim[2] == "CODE_NAME" else claim[3]
        before[-1]["evidence"].append(n.ev(claim[0], claim[1], "claim"))
        units = _UNITS_RE.search(n.text, m.start(), m.end())
        if units is not None and units.group("code") == claim[3]:  # "Billed as 97530 x2 (ther act)."
            before[-1]["claimed_units"] = int(units.group("n1") or units.group("n2") or units.group("n3"))
            before[-1]["evidence"].append(n.ev(units.start(), units.end(), "units"))


_DEVICE_KIND_PREFIXES = ("orthotic", "prosthetic")
_DEVICE_CARE_WORDS_RE = re.compile(rf"\b{words('W-DEVICE-CARE')}\b", re.IGNORECASE)


def _device_care_instructions(n: _Note, items) -> None:
    """E-DEVICE-TRAINING: "Pt instructed to wear prosthesis 1 hr on / 1 hr off today." on a line of its own, without
    minutes, after the timed orthotic/prosthetic service of the visit is the wear schedule for home, part of that
    service: not a second, untimed one."""
    timed = [d for d, _x in items if d["status"] == "performed" and d["kind"].startswith(_DEVICE_KIND_PREFIXES)
             and d["minutes"] is not None]
    if not timed:
        return
    for d, _x in items:
        # "Day-shift CNA trained on donning/doffing and skin checks" after fabricating the orthosis: its care, whatever
        # ADL word it names (donning/doffing), is part of the device service too
        if (d["status"] == "performed" and (d["kind"].startswith(_DEVICE_KIND_PREFIXES) or d["kind"] == "self_care")
                and d["minutes"] is None and d["span"]["start"] > timed[0]["span"]["start"]):
            m = _DEVICE_CARE_WORDS_RE.search(d["span"]["text"])
            if m:
                d["status"] = "home_program"
                off = d["span"]["start"]
                d["evidence"].append(n.ev(off + m.start(), off + m.end(), "status"))


_LINE_LEAD_WORDS_RE = re.compile(r"[\s\-*•>]*(?:(?:the|my|our|then|and)\s+)*", re.IGNORECASE)
# a clock log's interval, then who as a label: "0800-0812  PT (A. Kowalczyk): manual -- ...", "0841-0851  PT: CP ..."
# (not "1030-1100 OT group ...", the discipline's group)
_CLOCK_LEAD_RE = re.compile(rf"[\s\-*•>]*{CLOCK_SPAN}\s*[:\-]?\s*")
_CRED_LABEL_RE = re.compile(r"[A-Za-z/]+\s*[(:]")
# a short label, then who: "Gait training (PT, ...", "Ther ex performed by PTA", "Manual -- by PT"
_LABEL_WHO_BEFORE_RE = re.compile(r"[\s\-*•>]*[A-Za-z][\w /&.'-]{1,30}?\s*(?:\(\s*|(?:--?|–|—)?\s*(?:performed|done|provided|given|delivered)?\s*by\s+(?:the\s+)?)")


def _leads_line(text: str, start: int, cred_start: int) -> bool:
    """The credential opens the line ("PTA (R. Diaz): ...", "The OTR checked her orthosis ...", "Then the COTA ..."),
    or labels its service ("Gait training (PT, N. Castellano) 15 min: ...", "Ther ex performed by PTA (J. Ruiz) ...")."""
    return cred_start - start <= 2 or _LINE_LEAD_WORDS_RE.fullmatch(text, start, cred_start) is not None or (
        _CLOCK_LEAD_RE.fullmatch(text, start, cred_start) is not None and _CRED_LABEL_RE.match(text, cred_start) is not None
    ) or _LABEL_WHO_BEFORE_RE.fullmatch(text, start, cred_start) is not None


def _co_signed(n: _Note, items, signed_by: str) -> str:
    """A note signed by a therapist and an assistant whose lines say who did what ("PT (E. Novak): ...",
    "PTA (R. Diaz) then took over: ..."): each line's own provider decides, so the note is not treated as
    furnished by the assistant as a whole (D-ASSISTANT applies to the assistant's lines only)."""
    if signed_by not in ("PTA", "COTA") or not n.sig:
        return signed_by
    provs = {n.attrs(t).get("provider") for t in n.within_label(*n.sig, "CREDENTIAL")}
    therapist = next((p for p in ("PT", "OT") if p in provs), None)
    # lines that name their provider at their start ("PTA (R. Diaz): ...") make the note one of per-line providers;
    # then a line that names its provider in passing ("... (PTA set up and monitored)") is labelled too
    def creds(d):
        return [t for t in n.within(d["span"]["start"], d["span"]["end"]) if t[2] == "CREDENTIAL"]

    performed = [d for d, _x in items if d["status"] == "performed"]
    if therapist is None or not any(_leads_line(n.text, d["span"]["start"], t[0]) for d in performed for t in creds(d)):
        return signed_by
    labelled = [d for d in performed if creds(d)]
    # "PTA (K. Lum) then took over: gait ..., 12 min; then car transfer training ...": a later clause of a labelled
    # line is that line's provider's
    line_provider = {x["group"]: d["provider"] for d, x in items if any(d is l for l in labelled)}
    for d, x in items:
        if any(d is l for l in labelled):
            continue
        if x["group"] in line_provider:
            d["provider"] = line_provider[x["group"]]
            continue
        # "The PTA (S. Kim) then took over for the exercise portion: ... He then completed functional reach training
        # 10 min ...": a later sentence of the paragraph a labelled piece opened is that provider's
        before = [l for l in labelled if l["span"]["start"] < d["span"]["start"]]
        if before and "\n\n" not in n.text[before[-1]["span"]["start"]:d["span"]["start"]]:
            d["provider"] = before[-1]["provider"]
        elif d["provider"] in ("PTA", "COTA"):
            d["provider"] = therapist
    return therapist


def _group_context(n: _Note, items) -> None:
    """A class or group named on the first line ("Back school class -- 6 participants") covers its procedures."""
    m = re.search(r"\S[^\n]*", n.text)
    if not m:
        return
    cues = n.within(m.start(), m.end(), labels={"GROUP", "GROUP_SIZE"})
    if not cues or len(m.group()) > 120 or re.search(r"\d+\s*(?:min|minutes|')|\d{3,4}\s*-\s*\d{3,4}\s*:\s*\S+\s+\S+", m.group()):
        return  # a title names the class; a timed log line ("Group ... 1300-1330: seated UE ...") is one service
    size = next((gs for gs in (_group_size(n, t) for t in cues if t[2] == "GROUP_SIZE") if gs), None)
    for d, _x in items:
        if (d["status"] == "performed" and d["arrangement"] == "unstated" and d["kind"] not in ("modality", "out_of_scope", "evaluation", "re_evaluation")
                and d["provider"] != "aide"):
            d["arrangement"] = "group"
            d["group_size"] = d["group_size"] or size
            d["evidence"].append(n.ev(cues[0][0], cues[0][1], "arrangement"))


def _assign_billed_claims(n: _Note, billed: list[BilledClaim], items) -> None:
    """Codes of a billing block claim the interventions that carry no code number of their own."""
    if not billed:
        return
    numbered = {d["claimed_code"] for d, _x in items if d["claimed_code"] and d["claimed_code"][:1] in "9G"}
    free_b = [b for b in billed if b.code not in numbered]
    free_i = [(d, x) for d, x in items if d["status"] == "performed" and not (d["claimed_code"] and d["claimed_code"][:1] in "9G")
              and d["kind"] not in ("out_of_scope", "evaluation", "re_evaluation")]
    if not free_b or not free_i:
        return
    lex = load_lexicon()

    def same(b: BilledClaim, d: dict) -> bool:
        e = lex.get(f"CODE_NUM|{b.code}")
        if e is None:
            return False
        if e.attrs.get("kind") == "modality":
            return d["kind"] == "modality" and d["modality"] == e.attrs.get("modality")
        return e.attrs.get("kind") == d["kind"] and d["kind"] != "exercise"

    pairs = []
    for b in list(free_b):
        cands = [(d, x) for d, x in free_i if same(b, d)]
        if len(cands) == 1:
            pairs.append((b, cands[0][0]))
            free_b.remove(b)
            free_i.remove(cands[0])
    if len(free_b) == 1 and len(free_i) == 1:
        pairs.append((free_b[0], free_i[0][0]))
    for b, d in pairs:
        d["claimed_code"] = b.code
        if d.get("claimed_units") is None:
            d["claimed_units"] = b.units
        d["evidence"].extend({**ev.model_dump(), "label": "claim"} for ev in b.evidence)


_NOT_EVAL_TITLE_RE = re.compile(r"\b(?:progress|discharge|daily|treatment\s+note|tx\s+note|visit\s+note|re-?cert)", re.IGNORECASE)


_PENDING_BEFORE_RE = re.compile(r"\b(?:pending|awaiting|await)\s+(?:[\w/-]+\s+)?$", re.IGNORECASE)


def _evaluation_structure(n: _Note, discipline: str | None) -> list[dict]:
    """A dictated PT/OT evaluation without an "evaluation" title (E-EVAL-STRUCTURE).

    An evaluation is recognisable by its parts: intake history (past medical
    history, medications, social history, prior level of function), an
    objective examination, and an assessment, goals or plan of care, written
    by a physical or occupational therapist (the discipline, else the
    therapist's own phrasing: "referred to physical therapy", "skilled
    physical therapy"). Physician consults share the parts but not the
    profession; progress, discharge and daily notes say so in their title.
    Returns the evidence, or [] when the note is not such an evaluation.
    """
    head = n.text[n.title[0]:n.title[1]] if n.title else n.text[:200].split("\n", 1)[0]
    # the note's kind may stand on a heading line under the facility's ("ACUTE INPATIENT REHABILITATION UNIT -- ..."
    # then "OCCUPATIONAL THERAPY TREATMENT NOTE")
    top = "\n".join(n.text[:300].split("\n", 3)[:3])
    if _NOT_EVAL_TITLE_RE.search(head) or _NOT_EVAL_TITLE_RE.search(top):
        return []
    intake = next(((s, e) for (s, e, _c), ident in zip(n.sections, n.section_ids)
                   if n.attrs(("", "", "SECTION", ident)).get("intake")), None)
    cats = {c for _s, _e, c in n.sections}
    if intake is None or not cats & {"objective", "exam", "measures"} or not cats & {"assessment", "goals", "plan"}:
        return []
    ev = [n.ev(intake[0], min(intake[1], intake[0] + 40), "evaluation")]
    if discipline in ("PT", "OT"):
        return ev
    # only the therapist's own assessment or plan counts: a history may recount an earlier referral
    own = [(s, e) for s, e, c in n.sections if c in ("assessment", "goals", "plan")]
    prof = [t for t in n.of_label("DISC_TEXT") if (t[0], t[1]) not in n.negated
            and n.attrs(t).get("discipline") in ("PT", "OT") and any(s <= t[0] < e for s, e in own)]
    if not prof:
        return []
    return ev + [n.ev(prof[0][0], prof[0][1], "discipline")]


_WERE_WORDS = ("were", "was", "went", "spent")


class _GroupSplit:
    """Whether a sentence group states a total split in words ("of the 35 minutes ..., 25 were ..."), asked
    per intervention and computed once per group, only when it can matter: ``parse_minutes`` reads
    ``split_total`` only to accept "<n> were/was/went/spent" as minutes, so a segment without one of those
    words gets the same result either way (non-ASCII text is always checked: case folding could match there)."""

    def __init__(self, text: str, bounds: dict[int, list[int]]):
        self.text, self.bounds = text, bounds
        self.memo: dict[int, bool] = {}

    def __call__(self, group: int, seg: str) -> bool:
        if seg.isascii():
            low = seg.lower()
            if not any(w in low for w in _WERE_WORDS):
                return False
        if group not in self.memo:
            b = self.bounds.get(group)
            self.memo[group] = has_total_split(self.text[b[0]:b[1]]) if b else False
        return self.memo[group]


_VISIT_WORD_RE = re.compile(r"\b(?:session|visit|treatment|tx|therapy)\b", re.IGNORECASE)


_EVAL_PART_SECTIONS = frozenset({"objective", "measures", "exam"})


def _findings_are_the_evaluation(interventions) -> None:
    """E-EVAL-STRUCTURE: in an evaluation note, an objective line with an assist level and no minutes ("ADLs:
    grooming max A at bed level", "Transfers: sit<>stand from w/c CGA") reports what the evaluation found; it is
    part of the evaluation (never coded), not a service without time."""
    for iv in interventions:
        if (iv["status"] == "performed" and iv["minutes"] is None and (iv["section"] in _EVAL_PART_SECTIONS
                                                                        or iv["section"] is None)
                and iv["kind"] not in ("modality", "out_of_scope") and not iv.get("claimed_code")):
            iv["kind"] = "evaluation"


_NO_TREATMENT_RE = re.compile(r"\b(?:no\s+(?:treatment|tx|therapy|skilled\s+services?)\s+(?:was\s+)?(?:provided|given|rendered|"
                              r"performed|completed)|(?:treatment|tx|session|visit)\s+(?:was\s+)?not\s+(?:provided|completed|"
                              r"performed|rendered))\b", re.IGNORECASE)

# every match of _NO_TREATMENT_RE holds one of these in its lowercased ASCII text
_NO_TREATMENT_HINT_RE = re.compile(r"(?:no|not)\s+(?:treatment|tx|therapy|skilled|provided|completed|performed|rendered)")


def _no_treatment_provided(n: _Note, interventions) -> None:
    """"Resident declined ... Reoriented her to the therapy schedule ... No treatment provided.": in a note that says
    no treatment was given, a piece without minutes describes the attempt, not a service."""
    if "not" not in n.low and "no " not in n.low:
        return
    if n.text.isascii() and _NO_TREATMENT_HINT_RE.search(n.low) is None:
        return  # a cheap necessary condition (~3 µs a note against ~100 for the regex on 200 words)
    if _NO_TREATMENT_RE.search(n.text) is None:
        return
    for iv in interventions:
        if iv["status"] == "performed" and iv["minutes"] is None:
            iv["status"] = "negated"


def _total_is_not_service_time(interventions, total) -> None:
    """"Session 40 min total: energy conservation ...; then UE strengthening ...": the visit's total, written inside
    the first service's clause, is not that service's time when another timed service shares it (D-SINGLE-TOTAL
    applies only to one service)."""
    performed = [iv for iv in interventions if iv["status"] == "performed" and iv["kind"] not in
                 ("modality", "evaluation", "re_evaluation", "out_of_scope")]
    if len(performed) < 2:
        return
    for iv in performed:
        ev = [e for e in iv["evidence"] if e["label"] == "minutes"]
        if iv["minutes"] is not None and ev and all(total[1] <= e["start"] and e["end"] <= total[2] for e in ev):
            iv["minutes"] = None
            iv["evidence"] = [e for e in iv["evidence"] if e["label"] != "minutes"]


def _rest_of_visit(n: _Note, items, d: dict) -> None:
    """"Total treatment 40 min. Gait training ... 15 min. The rest was core stab and bridges ...": with no total in
    its own group, "the rest" is the visit's stated total less every other service done, when each has its minutes
    (E-REST-OF-VISIT)."""
    total = stated_total(n.text)
    others = [d2 for d2, _x in items if d2 is not d and d2["status"] == "performed"]
    if total and others and _give_rest(d, total[0], others):
        d["evidence"].append(n.ev(total[1], total[2], "minutes"))


def _give_rest(d: dict, total: int, others: list[dict]) -> bool:
    """``d`` takes ``total`` less the others' minutes, when each of them has its minutes and something is left."""
    if any(d2["minutes"] is None for d2 in others):
        return False
    rest = total - sum(d2["minutes"] for d2 in others)
    if rest <= 0:
        return False
    d["minutes"] = rest
    d["evidence"].append({**d["span"], "label": "minutes"})
    return True


def _doc_to_facts(doc: Doc, note: NoteIn) -> NoteFacts:
    n = _Note(doc)
    discipline, source, signed_by, note_ev = _discipline(n, note)
    conds, neuro_ev = _neuro_conditions(n)
    note_ev.extend(neuro_ev)
    n.neuro_note = bool(conds)
    rows = iv_rows(doc)
    # sentence groups that state a total split in words
    group_bounds: dict[int, list[int]] = {}
    for row in rows:
        b = group_bounds.setdefault(row[ROW_GROUP], [row[ROW_START], row[ROW_END]])
        b[0], b[1] = min(b[0], row[ROW_START]), max(b[1], row[ROW_END])
    split_total = _GroupSplit(n.text, group_bounds)
    perf_title = n.title is not None and any(t[3] == "performance_test" for t in n.within_label(*n.title, "CODE_NAME"))
    work_title = None
    if n.title and not any(_is_eval_name(t) for t in n.within_label(*n.title, "CODE_NAME")):
        # (not "OT INITIAL EVALUATION -- Work Hardening candidate": the day is the evaluation for the program)
        wt = n.within_label(*n.title, "WORK") or [t for t in n.within_label(*n.title, "CODE_NAME") if t[3] == "work_conditioning"]
        work_title = (wt[0][0], wt[0][1]) if wt else None
    ctx = {"signed_by": signed_by, "discipline": discipline, "split_total": split_total, "work_title": work_title,
           "group_sizes": [t for t in n.of_label("GROUP_SIZE") if not n.in_sig(t)]}
    if discipline not in ("PT", "OT"):
        # a bare "evaluation" ("neurologic evaluation revealed ...") names a PT/OT evaluation only in a
        # PT/OT note; elsewhere it is the physician's or chiropractor's examination, not a service here
        rows = [r for r in rows if not (r[ROW_HEAD] and r[ROW_HEAD][2] == "CODE_NAME" and r[ROW_HEAD][3] == "eval_bare")]
    items = [_intervention(n, row, i, ctx) for i, row in enumerate(rows)]
    # "the rest": a stated group total minus the other parts of that group
    by_group: dict[int, list] = {}
    for d, x in items:
        by_group.setdefault(x["group"], []).append((d, x))
    for d, x in items:
        if d["minutes"] is None and x["rest_of_total"]:
            sibs = [(d2, x2) for d2, x2 in by_group[x["group"]] if d2 is not d]
            total = next((x2["total_of"] for _d2, x2 in sibs + [(d, x)] if x2["total_of"]), None)
            if total:
                _give_rest(d, total, [d2 for d2, _ in sibs])
            else:
                _rest_of_visit(n, items, d)
    _apply_time_splits(n, doc, items)
    _apply_rest_of_hour(n, items)
    _apply_work_session(n, items)
    _apply_corrections(n, items)
    _device_from_before(n, items, note.date_of_service)
    _device_in_use(n, items)
    if any(d["status"] == "performed" and d["kind"] == "orthotic_initial" for d, _x in items):
        for d, _x in items:  # wear schedule / don-doff teaching after fabricating the orthosis: one 97760 service
            if d["status"] == "performed" and d["kind"] == "orthotic_prosthetic_subsequent":
                d["kind"] = "orthotic_initial"
    _first_fitting(n, items)
    _device_care_instructions(n, items)
    _attach_billed_as(n, items)
    _shared_aide(n, items)
    if "water" in n.low or "pool" in n.low or "submerged" in n.low:
        for d, _x in items:  # E-IN-WATER: "1:1 in water w/ pt: step-ups on submerged step ...": aquatic therapy
            # (walking in the water too: "1:1 in water w/ pt: fwd/retro walking 6 laps, deep-water bicycling ...")
            if d["status"] == "performed" and d["kind"] in ("exercise", "gait") and _IN_WATER_RE.search(n.text, d["span"]["start"], d["span"]["end"]):
                d["kind"] = "aquatic"
    if perf_title:  # "Functional Capacity Evaluation": the timed testing it reports is the test (97750)
        for d, _x in items:
            if d["status"] == "performed" and d["kind"] == "exercise" and not d.get("work_related"):
                d["kind"] = "performance_test"
    _link_outcomes(n, items)
    _group_context(n, items)
    # neuro goal inferred: a neuro condition and only neuro parameters as the stated outcome
    for d, _x in items:
        if (conds and not d["neuro_goal"] and d["kind"] == "exercise" and d["parameters"]
                and set(d["parameters"]) <= _NEURO_PARAMS and not d["functional_goal"]):
            d["neuro_goal"] = True
    signed_by = _co_signed(n, items, signed_by)
    billed = _billed_claims(n)
    _assign_billed_claims(n, billed, items)
    # a note of another profession (speech, chiropractic, EMG): its services are out of scope
    oos = [t for t in n.of_label("OUT_OF_SCOPE") if not n.in_sig(t)]
    if discipline == "SLP" or (discipline is None and len(oos) >= 2):
        for d, _x in items:
            d["kind"], d["modality"], d["attended"] = "out_of_scope", None, None
    # plain dicts until the end: NoteFacts validates them all in one pydantic-core pass
    interventions = [d for d, _x in items]
    # note level
    evaluation = False
    if n.title:
        # (not "goal: return to community driving pending BTW eval": an evaluation still to come)
        t_terms = [t for t in n.within(*n.title) if not _PENDING_BEFORE_RE.search(n.text, max(0, t[0] - 24), t[0])]
        if any(t[2] == "CODE_NAME" and t[3] in ("evaluation", "re_evaluation", "eval_bare") for t in t_terms) and not any(
                t[2] == "OUT_OF_SCOPE" or (t[2] == "CODE_NAME" and t[3] == "performance_test") for t in t_terms):
            evaluation = True
            ev_t = next(t for t in t_terms if t[2] == "CODE_NAME" and t[3] in ("evaluation", "re_evaluation", "eval_bare"))
            note_ev.append(n.ev(ev_t[0], ev_t[1], "evaluation"))
    for iv in interventions if discipline in ("PT", "OT") else []:
        if iv["kind"] in ("evaluation", "re_evaluation") and iv["status"] == "performed" and iv["evidence"]:
            if not evaluation:
                note_ev.append({**iv["span"], "label": "evaluation"})
            evaluation = True
    if not evaluation:
        structure = _evaluation_structure(n, discipline)
        if structure:
            evaluation = True
            note_ev.extend(structure)
    if evaluation:
        _findings_are_the_evaluation(interventions)
    _no_treatment_provided(n, interventions)
    total = stated_total(n.text)
    stated = None
    if total:
        stated = total[0]
        note_ev.append(n.ev(total[1], total[2], "total_minutes"))
        if _VISIT_WORD_RE.search(n.text, total[1], total[2]):
            _total_is_not_service_time(interventions, total)
    code_minutes: dict[str, int] = {}
    for code, mins, a, b in time_rows(n.text) if any(ch.isdigit() for ch in n.text) else ():
        if code not in code_minutes:  # the first row of a code; a second one is a charge line repeating it
            code_minutes[code] = mins
            note_ev.append(n.ev(a, b, "code_minutes"))
    separate = False
    low = n.low
    m = _SEPARATE_RE.search(n.text) if any(w in low for w in ("separat", "overlap", "concurren", "distinct")) else None
    if m:
        separate = True
        note_ev.append(n.ev(m.start(), m.end(), "separate_time_blocks"))
    else:
        clocks = [(iv["clock_start"], iv["clock_end"]) for iv in interventions
                  if iv["status"] == "performed" and iv.get("clock_start") and iv.get("clock_end")]
        if clocks_separate(clocks):
            separate = True
    return NoteFacts.model_validate(dict(
        id=note.id, payer=note.payer, date_of_service=note.date_of_service,
        discipline=discipline, discipline_source=source, signed_by=signed_by,
        neuro_conditions=conds, evaluation_performed=evaluation, stated_total_minutes=stated, code_minutes=code_minutes,
        separate_time_blocks=separate, billed_claims=billed, interventions=interventions,
        evidence=note_ev,
    ))
