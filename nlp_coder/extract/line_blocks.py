"""Which lines of a note make one block: a label line with the list, table or indented lines below it that are its
content (E-LIST-BLOCK), and a template record's field lines (E-TEMPLATES). The Segmenter reads each block as one line."""

from __future__ import annotations

import re

from nlp_coder.extract.heads import HeadIndex, is_strong
from nlp_coder.extract.minutes import CLOCK_SPAN, CODE_FIRST_ROW_RE, TIME_ROW_RE, find_mentions
from nlp_coder.extract.reports import SELF_DEMO_RE
from nlp_coder.extract.wording import words

_LINE_RE = re.compile(r"[^\n]+")
_CHECKBOX_RE = re.compile(r"(?:[-*•>]+[ \t]*)?\[[ xX✓✔]?\]")
_DETAIL_KEY_RE = re.compile(rf"[ \t]*{words('W-DETAIL-KEY')}\s*(?:\(\s*min\s*\)\s*)?:", re.IGNORECASE)
_EXERCISE_TABLE_HEADER_RE = re.compile(
    r"[ \t]*(?=(?:.*?\b(?:sets?|reps?|wt|weight|resistance|load|res|hold|duration|time)\b){2})[A-Za-z][\w /&().x-]*$", re.IGNORECASE)
# the header's characters alone, tested first: the look-ahead above costs ~12 µs a line, and most lines fail this
_EXERCISE_TABLE_CHARS_RE = re.compile(r"[ \t]*[A-Za-z][\w /&().x-]*$")
_LABEL_ONLY_RE = re.compile(r"[ \t]*(?:[-*•>]+[ \t]*)?(?:\[[xX✓✔]\][ \t]*)?"
                            # "PTA (L. Brandt): 97110 -- 20 min": who did it, first
                            rf"(?:{words('W-LABEL-PROVIDER')}[ \t]*(?:\([^()\n]{{1,30}}\))?[ \t]*:[ \t]*)?"
                            # "97110 -- 20 min": a code alone names the service too
                            r"(?:(?:9\d{4}|G0283)[ \t]+(?=[-–—:,(]|x?[ \t]*\d)|(?:(?:9\d{4}|G0283)[ \t]+)?"
                            r"[A-Za-z][A-Za-z /&'.-]{1,40}?[ \t]*(?:\(\s*(?:9\d{4}|G0283)\s*\)[ \t]*)?"
                            r"(?:\([A-Za-z /&'.,+-]{1,30}\)[ \t]*)?)"  # "Ther ex (strength) - 30 mins"
                            r"(?:(?:[-–—:,(]{1,3}[ \t]*)?(?:x[ \t]*)?\d{1,3}[ \t]*(?:min\w*|'|’)[ \t]*\)?"
                            # "[x] 97150 Group therapeutic procedure   0930-1000": its clock
                            rf"|(?:[-–—:,(]{{1,3}}[ \t]*)?{CLOCK_SPAN}[ \t]*\)?"
                            # "[X] Therapeutic Activities   Minutes: 23": a template's time field
                            r"|(?:minutes|mins?|time|duration)[ \t]*[:=][ \t]*\d{1,3}(?:[ \t]*min\w*)?)[ \t]*"
                            r"(?:\([A-Za-z /&'.,+-]{1,30}\)[ \t]*)?\.?[ \t]*",  # "97530 Ther Act -- 17 min (PT)": who did it
                            re.IGNORECASE)
_MINUTES_FIELD_RE = re.compile(r"\b(?:minutes|mins?|time)\s*(?:\(\s*min\s*\)\s*)?[:=]\s*\d", re.IGNORECASE)
# E-TEMPLATES: "Activity: Self-care retraining" / "Detail: ..." / "Minutes: 45" on separate lines are one record
_RECORD_KEY_RE = re.compile(rf"[ \t]*{words('W-RECORD-KEY')}\s*(?:#\s*\d+\s*)?:", re.IGNORECASE)
# the words that open a treatment section's header ("Tx (after re-eval):", "Treatment today:")
_SECTION_WORD_RE = re.compile(rf"{words('W-TREATMENT-HEADER-WORD')}\b", re.IGNORECASE)
_TABLE_LABEL_ROW_RE = re.compile(r"[ \t]*[A-Za-z][A-Za-z /&'.()-]{1,40}?[ \t]{2,}\d{1,3}(?:[ \t]{2,}\d{1,2})?[ \t]*")
_TABLE_ROW_RE = re.compile(r"\S(?: {2,}|\t)\S")
_TABLE_SUMMARY_RE = re.compile(r"[ \t]*(?:=>|->|→|-|\*)?\s*(?:ther\w*\.?\s*ex\w*|exercises?|te|total)\b[^\n]*\d", re.IGNORECASE)
# "- ", "* ", "1. ", "(2) ", and lettered items "(a) ", "b) " (a capital and a period is an initial: "A. Kowalczyk")
LIST_MARK_RE = re.compile(r"\s*(?:[-*•>]+|\(?\d{1,2}[.)]|\(?[a-h]\))\s+")
# "Session 1 (0800-0832) -- self-care:", "Session 1 (0715-0755), room + ADL bathroom:": a line that labels a session
# with its clock over what describes it (E-SPLIT-OVERVIEW)
SESSION_LABEL_RE = re.compile(rf"[ \t]*(?:session|visit|tx|treatment)\s*#?\s*\d{{0,2}}\s*\(?\s*{CLOCK_SPAN}\s*\)?\s*"
                              r"(?:[-–—:,]+\s*[^:\n]{0,50})?:[ \t]*", re.IGNORECASE)
_NUMBER_MARK_RE = re.compile(r"(?:\(?\d{1,2}[.)]|\(?[a-h]\))\s+")
LOG_LINE_START_RE = re.compile(r"[\s\-*•>]*(?:[A-Za-z][\w/&.' -]{0,30}?\s*\d{1,3}\s*(?:min\w*|'|’)\s*[:\-]|"
                               r"[A-Za-z][\w/&.' -]{0,30}?:\s)")


def timed_sibling_item(text: str, ls: int) -> bool:
    """Outside any section, another item of the same list (the run of lines around this one that open with the same
    mark) gives its own minutes ("- STM R glute med/TFL" over "- CP R lateral hip 10 min at end"): the list is what
    was done today (E-LIST-ITEM)."""
    mark = text[ls:ls + 1]

    def item(a: int) -> tuple[int, int] | None:
        b = text.find("\n", a)
        b = len(text) if b < 0 else b
        return (a, b) if text[a:a + 1] == mark and LIST_MARK_RE.match(text, a) else None

    def timed(span: tuple[int, int]) -> bool:
        return any(m.kind in ("duration", "clock") for m in find_mentions(text[span[0]:span[1]]))

    a = ls
    while a > 0:  # the items above
        a = text.rfind("\n", 0, a - 1) + 1
        it = item(a)
        if it is None:
            break
        if timed(it):
            return True
    b = text.find("\n", ls)
    while b >= 0:  # the items below
        it = item(b + 1)
        if it is None:
            break
        if timed(it):
            return True
        b = text.find("\n", b + 1)
    return False


class LineBlocks(HeadIndex):
    """The line pass of the Segmenter (uses the head index of ``HeadIndex``)."""

    @staticmethod
    def _lines(text: str) -> list[tuple[int, int]]:
        """The note's lines; a template record's field lines ("Activity: ..." then "Detail: ...", "Minutes: 45") are
        one line, so the record is one service (E-TEMPLATES)."""
        out: list[list[int]] = []
        in_record = False
        # on ASCII text a minutes field needs "min" or "time" in its line: test that before the regex
        low = text.lower() if text.isascii() else None
        for lm in _LINE_RE.finditer(text):
            ls, le = lm.start(), lm.end()
            if in_record and out and _DETAIL_KEY_RE.match(text, ls):
                out[-1][1] = le
                continue
            # "Therapeutic Exercise: Yes  Minutes: 10" then "  Details: ...": a template row with its minutes field
            in_record = _RECORD_KEY_RE.match(text, ls) is not None or (
                (low is None or "min" in low[ls:le] or "time" in low[ls:le]) and _MINUTES_FIELD_RE.search(text, ls, le) is not None)
            out.append([ls, le])
        return [(a, b) for a, b in out]

    def _join_list_blocks(self, text, lines):
        """E-LIST-BLOCK: a line naming a service and the lines below it that are its content are one line for the
        Segmenter. The layouts below are tried in order; a line that opens none stays as it is."""
        out: list[tuple[int, int]] = []
        layouts = (self._exercise_table, self._timed_label_list, self._colon_label_list, self._label_only_content)
        i, n = 0, len(lines)
        while i < n:
            for layout in layouts:
                j = layout(text, lines, i, out)
                if j is not None:
                    i = j
                    break
            else:
                out.append(lines[i])
                i += 1
        return out

    # Each layout: when lines[i] opens it, append its block to ``out`` and return the index of the next line
    # (None when it does not apply).

    def _exercise_table(self, text, lines, i, out) -> int | None:
        """An exercise flowsheet table ("EXERCISE   SETS x REPS   WT/RES") and the summary line after it ("=> Ther
        ex 27 min total, goal: ...") are one exercise service."""
        ls, le = lines[i]
        body = text[ls:le].rstrip()
        if not (_EXERCISE_TABLE_CHARS_RE.match(body) and _EXERCISE_TABLE_HEADER_RE.match(body)):
            return None
        n = len(lines)
        end, j = le, i + 1
        while (j < n and text.count("\n", end, lines[j][0]) <= 1 and _TABLE_ROW_RE.search(text, *lines[j])
               and not self._item_is_service(text, *lines[j])):
            end, j = lines[j][1], j + 1
        if j < n and text.count("\n", end, lines[j][0]) <= 1 and _TABLE_SUMMARY_RE.match(text, *lines[j]):
            out.append(lines[j])  # the summary names the block's minutes and outcome; rows are stations
            return j + 1
        if j == i + 1:
            return None
        if out and text.count("\n", out[-1][1], ls) == 1 and self._untimed_label_line(text, *out[-1]):
            out[-1] = (out[-1][0], end)  # "THER EX (97110) -- goal R knee ROM + quad strength" above the
            # table names the service its rows are
        else:
            out.append((ls, end))
        return j

    def _timed_label_list(self, text, lines, i, out) -> int | None:
        """"Ther ex (18 min) -- L hip abd/ext strength" then its exercises indented below, each without a time of its
        own ("  standing hip abd 2x12 2#", "  bridges 2x15"): one service."""
        ls, le = lines[i]
        n = len(lines)
        if not (i + 1 < n and text[lines[i + 1][0]:lines[i + 1][0] + 2] in ("  ", "\t") and text[ls:ls + 1] not in " \t"
                and text.count("\n", le, lines[i + 1][0]) == 1 and self._untimed_items_below(text, lines, i)
                and (self._timed_label_line(text, ls, le) or self._timed_numbered_label(text, ls, le))):
            return None
        end, j = le, i + 1
        # under a table header ("Exercise   Sets x Reps   Load/Notes") a row's own minutes are a station of the
        # labelled time ("Recumbent bike   8 min   seat 7"), as in an exercise table without a label above it
        table = bool(_EXERCISE_TABLE_CHARS_RE.match(text, *lines[i + 1]) and _EXERCISE_TABLE_HEADER_RE.match(text, *lines[i + 1]))
        while j < n and text.count("\n", end, lines[j][0]) == 1 and text[lines[j][0]:lines[j][0] + 1] in " \t" \
                and (table or not find_mentions(text[lines[j][0]:lines[j][1]])) and not self._item_is_service(text, *lines[j]):
            end, j = lines[j][1], j + 1
        out.append((ls, end))
        return j

    def _colon_label_list(self, text, lines, i, out) -> int | None:
        """A line naming a service and ending with a colon ("Ther ex 24 min (knee ROM + quad strength):") followed by
        indented or marked list items ("- heel slides w/ strap 2x15"); an item that opens with another service's name
        and its own time or colon ("- Manual 10 min: ...") ends the block."""
        ls, le = lines[i]
        if not (text[ls:le].rstrip().endswith(":") and self._heads(ls, le) and not LIST_MARK_RE.match(text, ls)
                and not self._is_header_line(text, ls, le)):  # "Tx (after re-eval):" heads a section, not one service
            return None
        if SESSION_LABEL_RE.fullmatch(text, ls, le):
            return None  # "Session 1 (0715-0755), room + ADL bathroom:" heads the session's services, each its own
        n = len(lines)
        end, j = le, i + 1
        while j < n:
            ns, ne = lines[j]
            if text.count("\n", end, ns) > 1 or not (text[ns:ns + 1] in " \t" or LIST_MARK_RE.match(text, ns)):
                break  # a blank line or an unmarked line ends the list
            if self._item_is_service(text, ns, ne):
                break
            end, j = ne, j + 1
        if j == i + 1:
            return None
        out.append((ls, end))
        return j

    def _label_only_content(self, text, lines, i, out) -> int | None:
        """"Neuromuscular Re-education - 24 min" alone on its line (or "Ther Ex (strength)        16     1" in a
        "Service  Min  Units" table, its exercises indented below), then what was done on the next lines ("VOR x1 ...
        retraining of balance ..."): one service."""
        ls, le = lines[i]
        n = len(lines)
        table_row = (i + 1 < n and _TABLE_LABEL_ROW_RE.fullmatch(text, ls, le) is not None
                     and text[lines[i + 1][0]:lines[i + 1][0] + 1] in " \t")
        if not ((table_row or _LABEL_ONLY_RE.fullmatch(text, ls, le)) and self._heads(ls, le)):
            return None
        kind = self._kind(self.pick_head(self._heads(ls, le)))
        end, j = le, i + 1
        row = table_row or TIME_ROW_RE.fullmatch(text, ls, le) or CODE_FIRST_ROW_RE.fullmatch(text, ls, le)
        while j < n and text.count("\n", end, lines[j][0]) <= 1 and self._label_content(text, *lines[j], kind) \
                and not (row and text[lines[j][0]:lines[j][0] + 1] not in " \t"):
            # (under a time-table row, "97010 Cold pack ....... 10 min", only indented lines are its content:
            # "Grip R 62# pain-free" at the margin is the next thing the note says, D-TIME-TABLE)
            end, j = lines[j][1], j + 1
        if j == i + 1:
            return None
        out.append((ls, end))
        return j

    def _strong_label_line(self, text, s, e) -> bool:
        """A line (not a list item) that opens on a service's strong name: "Ther ex (18 min) -- L hip abd/ext
        strength", "THER EX (97110) -- goal R knee ROM ..."."""
        hs = self._heads(s, e)
        return bool(hs) and hs[0][0] - s <= 3 and is_strong(hs[0][2], hs[0][3]) and not LIST_MARK_RE.match(text, s)

    def _timed_label_line(self, text, s, e) -> bool:
        return self._strong_label_line(text, s, e) and any(m.kind == "duration" for m in find_mentions(text[s:e]))

    def _timed_numbered_label(self, text, s, e) -> bool:
        """ "1) Neuromuscular re-education -- 25 min" over its indented content: a numbered label with its time."""
        mark = _NUMBER_MARK_RE.match(text, s, e)
        if mark is None:
            return False
        hs = self._heads(mark.end(), e)
        return (bool(hs) and hs[0][0] - mark.end() <= 3 and is_strong(hs[0][2], hs[0][3])
                and any(m.kind == "duration" for m in find_mentions(text[s:e])))

    def _untimed_label_line(self, text, s, e) -> bool:
        return self._strong_label_line(text, s, e) and not find_mentions(text[s:e])

    def _untimed_items_below(self, text, lines, i) -> bool:
        """The indented line under line i names no time and is not a labelled service of its own."""
        ns, ne = lines[i + 1]
        return not find_mentions(text[ns:ne]) and not self._item_is_service(text, ns, ne)

    def _is_header_line(self, text, ls, le) -> bool:
        """A section header line ("Tx (after re-eval):") whose colon ends the line."""
        lead = ls + len(text[ls:le]) - len(text[ls:le].lstrip(" \t"))
        return lead in self._header_starts and _SECTION_WORD_RE.match(text, lead) is not None

    def _label_content(self, text, s, e, kind) -> bool:
        """Whether a line under a label-only line ("Gait training 15 min") describes that service: not a header, not a
        label of its own, no minutes of its own, not opening with another kind of service."""
        while s < e and text[s] in " \t":
            s += 1
        body = text[s:e].rstrip()
        if not body or not any(c.isalpha() for c in body) or body.endswith(":") or s in self._header_starts:
            return False
        if _LABEL_ONLY_RE.fullmatch(text, s, e) or self._item_is_service(text, s, e) or SELF_DEMO_RE.match(text, s, e):
            return False
        if _CHECKBOX_RE.match(text, s, e):
            return False  # "[ ] G0283 / 97014 E-stim   Minutes: ___": the template's next row, ticked or not
        if any(m.kind in ("duration", "clock") for m in find_mentions(body)):
            return False
        hs = self._heads(s, e)
        return not (hs and hs[0][0] - s <= 2 and self._kind(hs[0]) != kind)  # the service the line opens with

    def _item_is_service(self, text, s, e) -> bool:
        """"- Manual 10 min: PA mobs ...", "- Gait training: ...": a list item that is a labelled service of its own."""
        lead = LIST_MARK_RE.match(text, s)
        body_s = lead.end() if lead else s
        while body_s < e and text[body_s] in " \t":
            body_s += 1
        hs = self._heads(body_s, e)
        if not (hs and hs[0][0] - body_s <= 2 and is_strong(hs[0][2], hs[0][3])):
            return False
        if LOG_LINE_START_RE.match(text, body_s) is not None:
            return True
        # "Modalities:" then "  IFC lumbar 4-pole, 80-150 Hz, 15 min, ..." and "  MHP lumbar x 15 min": each
        # modality with its own time is a service of its own, not an item of the list
        return hs[0][2] == "MODALITY" and any(m.kind == "duration" for m in find_mentions(text[body_s:e]))
