"""The head terms of a Doc (the terms that can name a service), indexed once per Doc, their kind of service,
and the head that names a piece of text. The segmenting passes (``line_blocks``, ``interventions``) share it."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from nlp_coder.extract.extensions import doc_terms, get_doc_ext
from nlp_coder.extract.lexicon import load_lexicon

HEAD_LABELS = {"CODE_NUM", "CODE_NAME", "MODALITY", "ACTIVITY", "OUT_OF_SCOPE"}
# code names that name a place where a service is usually given ("sensory gym"), not the service itself
PLACE_HEADS = frozenset({"sensory_place"})

_STRONG: dict[tuple[str, str], bool] = {}


def is_strong(label: str, ident: str) -> bool:
    """A head that names a service on its own: a code number or name, a modality, an out-of-scope service whose
    lexicon entry is not weak (never an activity)."""
    key = (label, ident)
    v = _STRONG.get(key)
    if v is None:
        e = load_lexicon().get(f"{label}|{ident}")
        v = _STRONG[key] = label != "ACTIVITY" and e is not None and not e.weak
    return v


class HeadIndex:
    """Per-Doc lookups of the segmenting passes, set by ``_index`` at the start of each Doc: the lower-cased text,
    the section header starts and the head terms with their starts."""

    def __init__(self) -> None:
        self._low = ""
        self._header_starts: set[int] = set()
        self._hterms: list = []
        self._hstarts: list[int] = []

    def _index(self, doc: Doc, text: str) -> list:
        """Set this Doc's lookups (lower-cased text, header starts, head index) and return its sorted terms."""
        self._header_starts = {h[0] for h in get_doc_ext(doc, "nlp_header_spans") or ()}
        self._low = text.lower()  # substring checks before the regexes: most lines need none of them
        terms = doc_terms(doc)
        # the heads are looked up ~40 times a note: index them once
        self._hterms = [t for t in terms if t[2] in HEAD_LABELS]
        self._hstarts = [t[0] for t in self._hterms]
        return terms

    @staticmethod
    def _kind(h) -> str:
        if h is None:
            return ""
        if h[2] == "MODALITY":
            return "modality:" + str(load_lexicon()[f"{h[2]}|{h[3]}"].attrs.get("modality"))
        if h[2] == "OUT_OF_SCOPE":
            return "out_of_scope"
        return str(load_lexicon()[f"{h[2]}|{h[3]}"].attrs.get("kind", "unknown"))

    def _heads(self, s, e):
        """The head terms (those that can name a service) inside [s, e), from the per-Doc head index."""
        hstarts = self._hstarts
        i = bisect.bisect_left(hstarts, s)
        j = bisect.bisect_left(hstarts, e, i)
        return [t for t in self._hterms[i:j] if t[1] <= e]

    @staticmethod
    def pick_head(heads):
        """The term that names the service: the first strong head, else the first weak code/modality, else an activity."""
        if not heads:
            return None
        strong = [h for h in heads if is_strong(h[2], h[3])]
        if strong:
            if strong[0][2] == "CODE_NAME" and strong[0][3] == "massage":
                # "retrograde massage + STM over palmar incision to decr adhesion": a soft tissue mobilisation named
                # with the massage makes it manual therapy (E-MASSAGE-AND-MANUAL)
                manual = [h for h in heads if h[2] == "CODE_NAME" and h[3] in ("manual", "manual_bare")]
                if manual:
                    return manual[0]
            return strong[0]
        weak_named = [h for h in heads if h[2] != "ACTIVITY"]
        if weak_named and weak_named[0][3] in PLACE_HEADS:
            # "worked on fine motor activities in the sensory gym and at the table: lacing cards ...": where, after
            # the piece has named what was done by a firm activity ("sensory gym: linear swing ..." names the service)
            lex = load_lexicon()
            done = [h for h in heads if h[2] == "ACTIVITY" and h[0] < weak_named[0][0] and not lex[f"{h[2]}|{h[3]}"].weak]
            if done:
                return done[0]
        if weak_named:
            return weak_named[0]
        lex = load_lexicon()
        firm = [h for h in heads if not lex[f"{h[2]}|{h[3]}"].weak]
        return firm[0] if firm else heads[0]
