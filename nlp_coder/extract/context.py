"""Component ``nlp_coder_context``: the status of each intervention (ConText / NegEx style).

Status comes first from the section (Goals -> goal, Plan -> planned, HEP ->
home_program, History / Subjective / Diagnosis -> historical), then from a
list intro it belongs to ("Physical therapy has consisted of:" followed by
numbered items), then from cue phrases of ``patterns/context.jsonl`` in the
sentence of the intervention's head:

* forward cues (``no``, ``denies``, ``will progress to``, ``plan to``,
  ``previously``, ``at home``) act on a head that follows them, up to a
  termination (``but``, ``however``, ``today``, ``performed`` ...) or ``;``;
  negation reaches at most ``neg_window`` words;
* backward cues (``held today``, ``not performed``, ``deferred``) act on a
  head that precedes them within ``neg_window`` words;
* pseudo cues (``no increase in pain``, ``no AD``, ``w/o AD``) cancel a cue
  they overlap.

The nearest cue wins. Also marks lexicon terms (neurologic conditions,
parameters) that sit in a negated scope ("no balance deficits", "denies
stroke") in ``doc._.nlp_negated_terms``.
"""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp_coder.extract.extensions import (
    ROW_CUE, ROW_END, ROW_HEAD, ROW_SECTION, ROW_START, ROW_STATUS, doc_terms, doc_text, get_doc_ext, iv_rows,
    register_extensions, set_doc_ext,
)
from nlp_coder.extract.heads import HEAD_LABELS
from nlp_coder.extract.line_blocks import LIST_MARK_RE
from nlp_coder.extract.sentences import split_sentences
from nlp_coder.extract.lexicon import load_lexicon
from nlp_coder.extract.minutes import find_mentions
from nlp_coder.extract.sections import SECTION_STATUS
from nlp_coder.extract.wording import words

_NEG_TARGETS = {"NEURO_COND", "PARAMETER"}
_TIME_TERMINATORS = {"today", "this session", "this visit", "this date", "currently", "after session", "after the session",
                     "after tx", "after treatment", "after therapy"}


_LABEL_MINUTES_RE = re.compile(r"\b[1-9]\d{0,2}\s*(?:min\w*|')", re.IGNORECASE)


def _words_between(text: str, a: int, b: int) -> int:
    return len(text[a:b].split()) if b > a else 0


# between a service and a planned cue after it, words that join a second service ("gait w/ RW and stairs planned")
_LIST_JOIN_RE = re.compile(r",|\+|&|\b(?:and|then|or)\b", re.IGNORECASE)


_STRONG_BACKWARD_RE = re.compile(words("W-REFUSAL-CUE"), re.IGNORECASE)
# D-HEP-INSTRUCTION: teaching done in the session ("taught ... w/ return demo, 10 min")
_TEACHING_RE = re.compile(rf"\b(?:{words('W-TEACH-VERB')}|instruction|return\s+demo\w*)\b", re.IGNORECASE)


# a stopping verb with its own object: "d/c'd 2nd crutch", "discontinued the walker", "refused use of the sling"
_OBJECT_AFTER_RE = re.compile(r"[ \t]+(?:the|his|her|their|a|an|use\s+of|\d(?:st|nd|rd|th)|second|third|both|one)[ \t]+[a-z]",
                              re.IGNORECASE)
_TIME_OPEN_PAREN_RE = re.compile(r"(?:\d{1,2}:?\d{2}|\d\s*(?:min\w*|'))\s*[(\[]\s*$", re.IGNORECASE)
_PAREN_TIME_RE = re.compile(r"\d\s*(?:min\w*|')|\d{1,2}:?\d{2}\s*[-–]", re.IGNORECASE)


def _excluded_time(text: str, pos: int) -> bool:
    """"(excluded)" right after a time, or "excluded" inside a parenthesis that gives the time left out ("(2 seated rest
    breaks of 5 min each excluded -> 110 min)"): the time is out, the service goes on."""
    if _TIME_OPEN_PAREN_RE.search(text, max(0, pos - 16), pos):
        return True
    open_ = text.rfind("(", max(0, pos - 60), pos)
    return open_ >= 0 and ")" not in text[open_:pos] and "\n" not in text[open_:pos] \
        and _PAREN_TIME_RE.search(text, open_, pos) is not None


_OFFERED_RE = re.compile(r"\boffered\b", re.IGNORECASE)
_OFFERED_BACK_RE = re.compile(r";\s*(?:it|this|that|which)\s+(?:was\s+)?offered\b[^;]*$", re.IGNORECASE)
_OBJECT_GAP_RE = re.compile(r"[ \t]+(?:(?:the|a|an|any|his|her|their|all|further|more)[ \t]+)?")


def _own_object_forward(text: str, cues: list, all_terms: list) -> list:
    """E-REFUSAL-OBJECT: "(pt declined gait this PM d/t fatigue)": a two-way refusal followed by the service it
    refuses looks forward only, so it does not negate the service, or its stated purpose, written before it; nor does
    a stopping verb with an object of its own ("d/c'd 2nd crutch")."""
    if not any(c[2] == "negated" for c in cues):
        return cues  # most notes have no negation cue
    heads = [t[0] for t in all_terms if t[2] in HEAD_LABELS]
    out = []
    for a, b, cat, d in cues:
        if cat == "negated" and d == "bidirectional":
            i = bisect.bisect_left(heads, b)
            gap = _OBJECT_GAP_RE.match(text, b)
            if i < len(heads) and gap is not None and gap.end() == heads[i]:
                d = "forward"
        elif cat == "negated" and d == "backward" and _OBJECT_AFTER_RE.match(text, b):
            d = "forward"  # "Gait: d/c'd 2nd crutch today.": what was stopped is the crutch, not the gait training
        out.append((a, b, cat, d))
    return out


_FOLLOW_UP_WORDS = frozenset({"f/u", "follow up", "follow-up"})
_DISC_BEFORE_RE = re.compile(r"\b(?:PT|OT|SLP|ST|therapy|tx|hand\s+therapy)\s*(?:-\s*)?$", re.IGNORECASE)
_VISIT_AFTER_RE = re.compile(r"\s*(?:visit|note|session|tx|treatment|appt|appointment)\b", re.IGNORECASE)


def _visit_kind_follow_up(text: str, a: int, b: int) -> bool:
    """"OT f/u.", "PT follow-up visit": the follow-up is this visit."""
    return text[a:b].lower() in _FOLLOW_UP_WORDS and (
        _DISC_BEFORE_RE.search(text, max(0, a - 16), a) is not None or _VISIT_AFTER_RE.match(text, b) is not None)


class ContextComponent:
    def __init__(self, nlp: Language, name: str = "nlp_coder_context", neg_window: int = 5):
        register_extensions()
        self.name = name
        self.neg_window = neg_window
        lex = load_lexicon()
        self._cue = {e.id: (e.attrs.get("category"), e.attrs.get("direction")) for e in lex.values() if e.label == "CONTEXT"}
        # a negation phrase listed both forward and backward ("declined", "deferred") acts both ways
        fwd = {p.lower() for e in lex.values() if e.label == "CONTEXT" and e.attrs.get("category") == "negated"
               and e.attrs.get("direction") == "forward" for p in e.phrases}
        bwd = {p.lower() for e in lex.values() if e.label == "CONTEXT" and e.attrs.get("category") == "negated"
               and e.attrs.get("direction") == "backward" for p in e.phrases}
        self._neg_both = fwd & bwd
        # a planned phrase listed both ways ("next visit") also acts on the service just before it
        pf = {p.lower() for e in lex.values() if e.label == "CONTEXT" and e.attrs.get("category") == "planned"
              and e.attrs.get("direction") == "forward" for p in e.phrases}
        pb = {p.lower() for e in lex.values() if e.label == "CONTEXT" and e.attrs.get("category") == "planned"
              and e.attrs.get("direction") == "backward" for p in e.phrases}
        self._plan_both = pf & pb

    def cue_status(self, text: str, cues, head_s: int, head_e: int, scope_s: int, scope_e: int):
        """(status, (cue start, cue end)) decided by cues around a head inside one scope, or None."""
        pseudo = [(s, e) for s, e, cat, _ in cues if cat == "pseudo"]
        terms = [(s, e) for s, e, cat, _ in cues if cat == "terminate"]
        best = None
        for s, e, cat, direction in cues:
            if cat in ("pseudo", "terminate") or s < scope_s or e > scope_e:
                continue
            if any(ps <= s and e <= pe and (ps, pe) != (s, e) or (ps <= s < pe) for ps, pe in pseudo):
                continue
            if direction in ("forward", "bidirectional") and e <= head_s:
                if any(e <= ts and te <= head_s for ts, te in terms) or ";" in text[e:head_s]:
                    continue
                if cat == "negated" and ")" in text[e:head_s] and text.rfind("(", scope_s, s) > text.rfind(")", scope_s, s):
                    continue  # "(quota +1 min, not pain-contingent) for walking endurance": a cue inside a
                    # parenthesis does not reach past it
                if cat == "negated" and _words_between(text, e, head_s) > self.neg_window:
                    continue
                dist = head_s - e
            elif cat in ("planned", "historical", "home_program") and direction in ("backward", "bidirectional") and s >= head_e:
                # "Prosthetic gait training planned next session": only right after the service it qualifies
                limit = 2 if cat == "planned" else 6  # "walked the dog 20 min yesterday"
                if cat == "planned" and not _LIST_JOIN_RE.search(text, head_e, s):
                    limit = 6  # "Family training in w/c parts maintenance planned for next week": one service named
                if _words_between(text, head_e, s) > limit or any(ch in text[head_e:s] for ch in ";:."):
                    continue
                dist = s - head_e
            elif cat == "negated" and direction in ("backward", "bidirectional") and s >= head_e:
                # time words ("today") end a forward scope, not a backward one: "splint check today will need
                # to be rebooked"
                if (any(head_e <= ts and te <= s and text[ts:te].lower() not in _TIME_TERMINATORS for ts, te in terms)
                        and not _OFFERED_RE.search(text, head_e, s)
                        # "She was offered traction today but declined": the offer named just before the service
                        and not _OFFERED_RE.search(text, max(scope_s, head_s - 30), head_s)) or (
                        ";" in text[head_e:s] and not _OFFERED_BACK_RE.search(text, head_e, s)):
                    continue  # (but "Hot pack was offered ..., however the patient declined": the offer was refused;
                    # so is "... the hot pack we used last week; it was offered today but he declined")
                if text[s:e].lower() == "wnl" and "," in text[head_e:s]:
                    continue  # "MHP to posterior neck 10 min at end, skin WNL.": the skin is normal, the pack was given
                colon = text.find(":", head_e, s)
                if colon >= 0 and _LABEL_MINUTES_RE.search(text, head_e, colon):
                    continue  # "GAIT TRNG 19 MIN: WALKER NOT APPROPRIATE ...": a timed label was done; the
                    # description after its colon qualifies what was used, not whether it happened
                # "Ice pack to ankle offered post tx, pt declined": a refusal looks back over its clause
                # a refusal or a "not applied" looks back over its whole clause ("CP to R shoulder 10 min at end
                # per pt request -- pt declined today due to ride waiting, not applied")
                reach = 3 * self.neg_window if _STRONG_BACKWARD_RE.fullmatch(text, s, e) else 2 * self.neg_window
                if _words_between(text, head_e, s) > reach:
                    continue
                dist = s - head_e
            else:
                continue
            if best is None or dist < best[0]:
                best = (dist, cat, (s, e))
        if best is None:
            return None
        return best[1], best[2]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        all_terms = doc_terms(doc)
        cues = [(t[0], t[1]) + self._cue.get(t[3], (None, None)) for t in all_terms if t[2] == "CONTEXT"]
        cues = [(a, b, cat, "bidirectional") if (cat == "negated" and text[a:b].lower() in self._neg_both)
                or (cat == "planned" and text[a:b].lower() in self._plan_both) else (a, b, cat, d)
                for a, b, cat, d in cues]
        cues = _own_object_forward(text, cues, all_terms)
        if "f/u" in text or "follow" in text.lower():
            # "OT f/u. RA flare B hands ...", "PT follow-up visit": the kind of visit this is, not a plan
            cues = [c for c in cues if not (c[2] == "planned" and _visit_kind_follow_up(text, c[0], c[1]))]
        if "excl" in text:
            # "w/ 15 min rest break 0940-0955 (excluded):": the time in front of the parenthesis is left out, the
            # service goes on (E-NET-TIME)
            cues = [c for c in cues if not (c[2] == "negated" and text[c[0]:c[1]].lower().startswith("excl")
                                            and _excluded_time(text, c[0]))]
        cue_starts = [c[0] for c in cues]

        def cues_in(s: int, e: int):
            i = bisect.bisect_left(cue_starts, s)
            out = []
            while i < len(cues) and cues[i][0] < e:
                out.append(cues[i])
                i += 1
            return out

        headers = get_doc_ext(doc, "nlp_header_spans") or []
        header_starts = [h[0] for h in headers]
        for row in iv_rows(doc):
            start, end = row[ROW_START], row[ROW_END]
            status, cue = "performed", None
            sec = row[ROW_SECTION]
            if sec in SECTION_STATUS:
                status = SECTION_STATUS[sec]
                i = bisect.bisect_right(header_starts, start) - 1
                while i >= 0 and headers[i][2] != sec:
                    i -= 1
                cue = [headers[i][0], headers[i][1]] if i >= 0 else None
            head = row[ROW_HEAD] or [start, start, "", ""]
            intro = self._list_intro(text, start, cues_in)
            if intro is not None and status == "performed":
                status, cue = intro[0], [intro[1][0], intro[1][1]]
            sents = split_sentences(text, start, end) or [(start, end)]
            scope = next(((s, e) for s, e in sents if s <= head[0] < e), sents[0])
            found = self.cue_status(text, cues_in(*scope), head[0], head[1], scope[0], scope[1])
            if found is not None and found[0] != "negated" and len(sents) > 1 \
                    and self._timed_sentence_elsewhere(text, sents, scope, all_terms, cues_in):
                found = None  # "Before the fall he was independent in all self-care. We worked 32 minutes on
                # showering ...": the cue qualifies its own sentence; the timed sentence of the piece is the service
            if found is not None:
                cat, (cs, ce) = found
                if status == "performed" or cat == "negated":
                    status, cue = cat, [cs, ce]
            if status == "home_program" and _TEACHING_RE.search(text, start, end) \
                    and any(m.kind in ("duration", "clock") for m in find_mentions(text[start:end])):
                status, cue = "performed", None  # "HEP: taught cat/camel ... w/ return demo, 10 min": the teaching
                # was done in the session and is coded by the exercises' outcome (D-HEP-INSTRUCTION)
            row[ROW_STATUS] = status
            row[ROW_CUE] = cue
        set_doc_ext(doc, "nlp_negated_terms", self._negated_terms(text, all_terms, cues_in))
        return doc

    def _timed_sentence_elsewhere(self, text, sents, scope, all_terms, cues_in) -> bool:
        """Another sentence of the piece names a service, gives its minutes and has no status cue of its own."""
        for s, e in sents:
            if (s, e) == scope or not find_mentions(text[s:e]):
                continue
            i = bisect.bisect_left(all_terms, (s,))
            heads = []
            while i < len(all_terms) and all_terms[i][0] < e:
                if all_terms[i][2] in HEAD_LABELS:
                    heads.append(all_terms[i])
                i += 1
            if heads and self.cue_status(text, cues_in(s, e), heads[0][0], heads[0][1], s, e) is None:
                return True
        return False

    def _list_intro(self, text: str, pos: int, cues_in):
        """Status inherited by a list item from its intro line ("... has consisted of:")."""
        lo = max(0, pos - 2000)
        j = text.rfind("\n", lo, pos)
        if j < 0 and lo > 0:
            return None
        ls = j + 1
        if not LIST_MARK_RE.match(text, ls):
            return None
        end = ls - 1
        for _ in range(30):
            if end <= 0:
                return None
            ps = text.rfind("\n", 0, end) + 1
            line = text[ps:end].strip()
            if not line:
                return None
            if LIST_MARK_RE.match(text, ps):
                end = ps - 1
                continue
            if not line.endswith(":"):
                return None
            for s, e, cat, direction in reversed(cues_in(ps, end)):
                if cat in ("planned", "goal", "home_program", "historical") and direction != "backward":
                    return cat, (s, e)
            return None
        return None

    def _negated_terms(self, text, all_terms, cues_in) -> list[list[int]]:
        out: list[list[int]] = []
        # only a "negated" cue negates (cue_status): most notes have none, and then no term is looked at
        if not any(c[2] == "negated" for c in cues_in(0, len(text) + 1)):
            return out
        for t in all_terms:
            if t[2] not in _NEG_TARGETS:
                continue
            s, e = t[0], t[1]
            lo, hi = max(0, s - 300), min(len(text), e + 300)
            ls = max(lo, text.rfind("\n", lo, s) + 1, text.rfind(". ", lo, s) + 2)
            le_candidates = [x for x in (text.find("\n", e, hi), text.find(". ", e, hi)) if x >= 0]
            le = min(le_candidates) if le_candidates else hi
            neg_cues = [c for c in cues_in(ls, le) if c[2] in ("negated", "pseudo", "terminate")]
            if not any(c[2] == "negated" for c in neg_cues):
                continue
            found = self.cue_status(text, neg_cues, s, e, ls, le)
            if found is not None and found[0] == "negated":
                out.append([s, e])
        return out


@Language.factory("nlp_coder_context", default_config={"neg_window": 5}, assigns=["doc.spans"])
def make_context(nlp: Language, name: str, neg_window: int) -> ContextComponent:
    return ContextComponent(nlp, name, neg_window)
