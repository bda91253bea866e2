"""Sentence offsets inside a range of a note: abbreviation-aware ("approx. 20", "min. assist"), for text typed
without a space after the period, and for dictated punctuation ("... most days period we began ...")."""

from __future__ import annotations

import functools
import re

from nlp_coder.extract.wording import words

# a sentence may start in lower case ("... no OT present. restorative aide to walk pt ..."): the abbreviation
# check in split_sentences keeps "approx. 20", "min. assist" and the like together
# a sentence end is followed by a space; in text typed without one ("premedicated per RN.Started on UE ergometer",
# "2x10.Manual 8 min") a period between a word and a capitalised word ends the sentence too
_SENT_SPLIT_RE = re.compile(r"(?<=[.!?])[\"')]?\s+(?=[\"'(]?[A-Za-z0-9])|"
                            r"(?<=[a-z0-9)%][.])(?=[A-Z][a-z]{2,}\b|[A-Z][A-Za-z]{1,5}(?:\s*\d|\s*:)|[A-Z]{2,5}\s+[a-z])|"  # "worse.TA 25 min:",
                            # "STM L paraspinals.MHP lumbar x10min"
                            r"(?<=[A-Z]{2}[.])(?=[A-Z][a-z]{2,}\b)")
# dictated punctuation, spoken ("... most days period we began with manual therapy ..."): not "a period of", "the
# period", "grace period". A pattern of its own, run only on text that has one of the words: its lookbehinds would be
# tried at every space of every sentence
_SPOKEN_SPLIT_RE = re.compile(_SENT_SPLIT_RE.pattern + r"|(?<!\ba)(?<!\bthe)(?<!\bthis)(?<!\bthat)(?<!\bgrace)(?<!\btrial)"
                              r"(?<!\brest)(?<!\bsame)\s+(?:period|full\s+stop|new\s+line|new\s+paragraph|next\s+paragraph)\b"
                              r"(?!\s+of\b)\s*")
_SPOKEN_WORDS = ("period", "full stop", "new line", "paragraph")
_ABBREV_END_RE = re.compile(r"(?:\b(?:dr|mr|mrs|ms|pt|vs|approx|incl|e\.g|i\.e|st|no|yo|y/o|ext|flex|abd|add|bilat|max|mod|cont|prn|al|res|(?<!c/)[A-Za-z]))\.$", re.IGNORECASE)  # "no c/o." ends a sentence
# "... cues for step length on R." ends a sentence: a side after a preposition, not an initial ("J. Smith")
_SIDE_END_RE = re.compile(r"\b(?:on|to|the|of|at|in|w/|with|from|toward|towards|onto)\s+[RLB]\.$|"
                          rf"\b{words('W-SIDE-MOVEMENT')}\s+[RLB]\.$|"  # "cues for heel strike L. CP L knee ..."
                          r"\b(?:another|other|the|a|each|every|this|that|same|next|prior|previous|last|new|first)\s+pts?\.$", re.IGNORECASE)  # "...w/ another pt."


_LIST_NUMBER_RE = re.compile(r"[ \t]*\d{1,2}\.")


_LEADER_TIME_RE = re.compile(r"\d{1,3}\s*(?:min\w*|')", re.IGNORECASE)


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence offsets inside text[start:end] (abbreviation-aware, no empty pieces)."""
    return list(_split_sentences(text, start, end))


@functools.lru_cache(maxsize=4096)  # the same ranges are split by several components of one note
def _split_sentences(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    out = []
    s = start
    piece = text[start:end].lower()
    split_re = _SPOKEN_SPLIT_RE if any(w in piece for w in _SPOKEN_WORDS) else _SENT_SPLIT_RE
    for m in split_re.finditer(text, start, end):
        tail = text[max(s, m.start() - 12):m.start()].rstrip("\"')")
        if _ABBREV_END_RE.search(tail) and not _SIDE_END_RE.search(tail):
            continue
        if _LIST_NUMBER_RE.fullmatch(text, s, m.start()):
            continue  # "3. Ther ex 15 min: ...": a numbered item's number is not a sentence of its own
        if text[m.start() - 3:m.start()] == "..." and _LEADER_TIME_RE.match(text, m.end()):
            continue  # "Therapeutic Exercise ... 18 min": dots that lead a label to its time, not a sentence end
        if text[s:m.start()].strip():
            out.append((s, m.start()))
        s = m.end()
    if text[s:end].strip():
        out.append((s, end))
    return tuple(out)
