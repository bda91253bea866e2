"""E-CORRECTED-CHARGES: a later remark that corrects the note's own charges.

A co-signer's or the author's addendum often corrects the charge line above it
("CI addendum: ... Charges corrected: 97110 x2, 97116 x1. 97140 not billed.",
"Billing corrected to 97110 x1; 97140 removed.", "... is billed as G0283, not
97014."). The corrected charges are the note's claim: the line they replace is
not (an experienced coder checks the final claim). Three kinds of remark, each
needing a code number next to its words (lists ``W-CHARGE-FIX`` and
``W-CHARGE-DROP``):

- ``list``: "charges corrected", "corrected charges:", "corrected to 97535 x1":
  the codes from there to the end of the line are the whole claim;
- ``drop``: "97140 removed", "97530 (9 min) not billed": that code is no longer
  claimed;
- ``swap``: "billed as 97150 ..., not 97110": the claim of the second code is a
  claim of the first.

Such a remark is about the note's billing, not a service: the Segmenter ends a
line where its sentence starts (``remark_cut``). Pure text functions, no spaCy.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from nlp_coder.extract.sentences import split_sentences
from nlp_coder.extract.wording import needles, words

_CODE = r"(?:9\d{4}|G0283)"
_CODE_RE = re.compile(rf"\b{_CODE}\b")
# cheap pre-test: the text must hold one of these before any pattern runs (the lists' words, and the verbs of
# "removed 97140" in their plain form, which the patterns also take)
_NEEDLES = tuple(sorted(set(needles("W-CHARGE-FIX")) | set(needles("W-CHARGE-DROP")) | {"remove", "delete", "drop"}))


class ChargeFix(NamedTuple):
    kind: str  # "list" | "drop" | "swap"
    start: int  # where the remark's words start
    end: int  # list: the end of its line (the scope of the corrected claim); drop / swap: the end of the words
    code: str | None = None  # drop: the code dropped; swap: the code replaced
    new: str | None = None  # swap: the code claimed instead


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    fix = words("W-CHARGE-FIX")
    drop = words("W-CHARGE-DROP")
    what = r"(?:charges?|billing|bill|codes?|cpt(?:\s+codes?)?|units)"
    list_re = re.compile(
        rf"\b{what}\s+(?:(?:were|was|is|are|has\s+been|have\s+been)\s+)?{fix}\b(?:\s+to\b)?"
        rf"|\b{fix}\s+{what}\b"
        rf"|\bcorrected(?:\s+to)?\s*:?\s*(?={_CODE}\b)",  # "corrected to 97535 x1", "Corrected: 97530 x1"
        re.IGNORECASE)
    drop_re = re.compile(
        # "97140 removed", "97530 (9 min) removed", "97140 x1 not billed", "97110-GP was deleted"
        rf"\b(?P<code>{_CODE})\b(?:\s*-\s*[A-Z0-9]{{2}})*(?:\s*\([^)\n]{{0,40}}\))?(?:\s*[x×]\s*\d{{1,2}})?\s*"
        rf"(?:(?:was|is|has\s+been|to\s+be)\s+)?{drop}\b"
        rf"|\b(?:removed?|deleted?|dropped?)\s+(?P<code2>{_CODE})\b",  # "removed 97140"
        re.IGNORECASE)
    swap_re = re.compile(
        # "unattended e-stim is billed as G0283, not 97014", "must be billed as group therapy 97150 x1 (...), not 97110"
        rf"\b(?:billed|charged|coded)\s+as\s+[^\n.;]{{0,40}}?(?P<new>{_CODE})\b[^\n.;]{{0,80}}?\bnot\s+(?:as\s+)?(?P<old>{_CODE})\b"
        # "97110 should have been billed as 97150"
        rf"|\b(?P<old2>{_CODE})\b[^\n.;]{{0,40}}?\bshould\s+(?:be|have\s+been)\s+(?:billed|charged|coded)\s+as\s+"
        rf"[^\n.;]{{0,40}}?(?P<new2>{_CODE})\b",
        re.IGNORECASE)
    return list_re, drop_re, swap_re


@functools.lru_cache(maxsize=64)  # asked by the Segmenter and by the fact builder for the same note
def charge_fixes(text: str) -> tuple[ChargeFix, ...]:
    """The note's charge corrections, in text order."""
    if not _CODE_RE.search(text):
        return ()
    low = text.lower()
    if not any(w in low for w in _NEEDLES):
        return ()
    list_re, drop_re, swap_re = _patterns()
    out: list[ChargeFix] = []
    for m in list_re.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if _CODE_RE.search(text, m.end(), line_end):
            out.append(ChargeFix("list", m.start(), line_end))
    for m in drop_re.finditer(text):
        out.append(ChargeFix("drop", m.start(), m.end(), (m.group("code") or m.group("code2")).upper()))
    for m in swap_re.finditer(text):
        old, new = m.group("old") or m.group("old2"), m.group("new") or m.group("new2")
        out.append(ChargeFix("swap", m.start(), m.end(), old.upper(), new.upper()))
    return tuple(sorted(out, key=lambda f: (f.start, f.kind)))


def dropped_in(fixes: tuple[ChargeFix, ...], start: int, end: int) -> list[tuple[int, int]]:
    """The spans of drop and swap remarks inside [start, end): the codes they name are not claimed there."""
    return [(f.start, f.end) for f in fixes if f.kind != "list" and start <= f.start < end]


def remark_cut(text: str, fixes: tuple[ChargeFix, ...], ls: int, le: int) -> int | None:
    """Where a line's charge remark starts (the start of the sentence holding the first fix on it), or None.
    A fix inside parentheses is a remark on the service line it sits in ("Manual 6 min (97140 not billed)") and
    cuts nothing."""
    for f in fixes:
        if not ls <= f.start < le:
            continue
        if text.rfind("(", ls, f.start) > text.rfind(")", ls, f.start):
            continue
        for s, e in split_sentences(text, ls, le):
            if s <= f.start < e:
                return s
    return None
