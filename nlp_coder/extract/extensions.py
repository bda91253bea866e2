"""Doc / Span extension attributes of the extraction pipeline.

Registered once per process (idempotent). Values are msgpack-safe (str,
int, bool, lists of them), so Docs stay serializable (``Doc.to_bytes``,
``DocBin``).

Span groups written by the pipeline:

* ``doc.user_data["nlp_coder.terms"]``: lexicon matches as (start_char,
  end_char, label, entry id) rows (``term_spans(doc)`` gives Spans; with the
  ``store_spans`` setting also ``doc.spans["nlp_terms"]``).
* ``doc.user_data["nlp_coder.interventions"]``: one row per intervention
  (see ``iv_rows``); the ``Span._.nlp_*`` extensions read it.
* ``doc.spans["nlp_sections"]``: one span per section, from its header to the
  next header; ``label_`` = section category, ``kb_id_`` = header entry id.
* ``doc.spans["nlp_interventions"]``: one span per intervention.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

TERMS = "nlp_terms"
SECTIONS = "nlp_sections"
INTERVENTIONS = "nlp_interventions"

IV_ROWS = "nlp_coder.interventions"
# One row per intervention in doc.user_data[IV_ROWS] (plain lists, msgpack-safe):
ROW_START, ROW_END, ROW_GROUP, ROW_HEAD, ROW_SECTION, ROW_STATUS, ROW_CUE = range(7)


def iv_rows(doc: Doc) -> list[list]:
    """The intervention rows: [start_char, end_char, group, head, section, status, status_cue]."""
    return doc.user_data.get(IV_ROWS) or []


def _row_getter(col: int, default):
    def get(span: Span):
        for row in span.doc.user_data.get(IV_ROWS) or ():
            if row[ROW_START] == span.start_char and row[ROW_END] == span.end_char:
                return row[col]
        return default

    return get


# Span extensions of intervention spans: getters over the rows, so nothing extra is stored per span.
_SPAN_EXT = {
    "nlp_section": (ROW_SECTION, None),  # section category (str) or None
    "nlp_group": (ROW_GROUP, -1),  # sentence id: clauses split from one sentence share it
    "nlp_head": (ROW_HEAD, None),  # [start_char, end_char, label, entry id] of the term that names the service
    "nlp_status": (ROW_STATUS, "performed"),
    "nlp_status_cue": (ROW_CUE, None),  # [start_char, end_char] of the cue or header behind the status
}
_DOC_EXT = {
    "nlp_title": None,  # [start_char, end_char] of the title line
    "nlp_signature": None,  # [start_char, end_char] of the signature region
    "nlp_negated_terms": None,  # [[start_char, end_char], ...] terms in a negated scope
    "nlp_header_spans": None,  # [[start_char, end_char, category], ...] the header words themselves
    "nlp_time_splits": None,  # [[start_char, end_char, minutes, parts, "kind|kind"], ...] "30 minutes split evenly between A and B"
    "nlp_charge_lines": None,  # [[start_char, end_char], ...] lines that only sum up the charges (E-CHARGE-SUMMARY)
}


def _doc_ext_key(name: str) -> tuple:
    # the key under which spaCy's Underscore stores a Doc extension value (spacy/tokens/underscore.py)
    return ("._.", name, None, None)


_DOC_EXT_KEYS = {name: _doc_ext_key(name) for name in _DOC_EXT}


def get_doc_ext(doc: Doc, name: str):
    """``doc._.<name>`` without building an Underscore object (the components read these per note)."""
    return doc.user_data.get(_DOC_EXT_KEYS[name], _DOC_EXT[name])


def set_doc_ext(doc: Doc, name: str, value) -> None:
    """``doc._.<name> = value``; users still read it as ``doc._.<name>``."""
    doc.user_data[_DOC_EXT_KEYS[name]] = value


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc (spaCy rebuilds it from the tokens on every access)."""
    t = doc.user_data.get("nlp_coder.text")
    if t is None:
        t = doc.text
        doc.user_data["nlp_coder.text"] = t
    return t


TERM_ROWS = "nlp_coder.terms"


def doc_terms(doc: Doc) -> list[tuple[int, int, str, str]]:
    """The lexicon matches as sorted (start_char, end_char, label, entry id) rows."""
    t = doc.user_data.get(TERM_ROWS)
    if t is None:
        t = [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans[TERMS]] if TERMS in doc.spans else []
        doc.user_data[TERM_ROWS] = t
    return [tuple(x) for x in t] if t and not isinstance(t[0], tuple) else t


def terms_within(terms: list, starts: list[int], s: int, e: int) -> list:
    """The rows of ``terms`` (sorted by start; ``starts`` their start offsets) that lie inside [s, e)."""
    i = bisect.bisect_left(starts, s)
    out = []
    n = len(terms)
    while i < n and terms[i][0] < e:
        if terms[i][1] <= e:
            out.append(terms[i])
        i += 1
    return out


SECTION_ROWS = "nlp_coder.sections"


def doc_sections(doc: Doc) -> list[tuple[int, int, str]]:
    """The section spans as (start_char, end_char, category) rows (written once by the sectionizer,
    so later components do not rebuild Span objects from ``doc.spans["nlp_sections"]``)."""
    rows = doc.user_data.get(SECTION_ROWS)
    if rows is None:
        rows = [(s.start_char, s.end_char, s.label_) for s in doc.spans[SECTIONS]] if SECTIONS in doc.spans else []
        doc.user_data[SECTION_ROWS] = rows
    return [tuple(x) for x in rows] if rows and not isinstance(rows[0], tuple) else rows


def term_spans(doc: Doc) -> list[Span]:
    """The lexicon matches as Spans (label = lexicon label, kb_id = entry id), e.g. for displaCy."""
    return [s for s in (doc.char_span(a, b, label=label, kb_id=ident) for a, b, label, ident in doc_terms(doc))
            if s is not None]


def register_extensions() -> None:
    for name, (col, default) in _SPAN_EXT.items():
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_row_getter(col, default))
    for name, default in _DOC_EXT.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
