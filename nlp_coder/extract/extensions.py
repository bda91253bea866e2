"""Doc / Span extension attributes of the extraction pipeline.

Registered once per process (idempotent). Values are msgpack-safe (str,
int, bool, lists of them), so Docs stay serializable (``Doc.to_bytes``,
``DocBin``).

Span groups written by the pipeline:

* ``doc.spans["nlp_terms"]``: lexicon matches; ``label_`` = lexicon label
  (ACTIVITY, MODALITY, CONTEXT ...), ``kb_id_`` = entry id.
* ``doc.spans["nlp_sections"]``: one span per section, from its header to the
  next header; ``label_`` = section category, ``kb_id_`` = header entry id.
* ``doc.spans["nlp_interventions"]``: one span per intervention.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

TERMS = "nlp_terms"
SECTIONS = "nlp_sections"
INTERVENTIONS = "nlp_interventions"

_SPAN_EXT = {
    # interventions
    "nlp_section": None,  # section category (str) or None
    "nlp_group": -1,  # sentence id: clauses split from one sentence share it
    "nlp_head": None,  # [start_char, end_char, label, entry id] of the term that names the service
    "nlp_status": "performed",
    "nlp_status_cue": None,  # [start_char, end_char] of the cue or header behind the status
}
_DOC_EXT = {
    "nlp_title": None,  # [start_char, end_char] of the title line
    "nlp_signature": None,  # [start_char, end_char] of the signature region
    "nlp_negated_terms": None,  # [[start_char, end_char], ...] terms in a negated scope
    "nlp_header_spans": None,
    "nlp_time_splits": None,  # [[start_char, end_char, minutes, parts, "kind|kind"], ...] "30 minutes split evenly between A and B"  # [[start_char, end_char, category], ...] the header words themselves
}


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc (spaCy rebuilds it from the tokens on every access)."""
    t = doc.user_data.get("nlp_coder.text")
    if t is None:
        t = doc.text
        doc.user_data["nlp_coder.text"] = t
    return t


def doc_terms(doc: Doc) -> list[tuple[int, int, str, str]]:
    """The ``nlp_terms`` span group as sorted (start_char, end_char, label, entry id) tuples, built once per Doc."""
    t = doc.user_data.get("nlp_coder.terms")
    if t is None:
        t = [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans[TERMS]] if TERMS in doc.spans else []
        doc.user_data["nlp_coder.terms"] = t
    return [tuple(x) for x in t] if t and not isinstance(t[0], tuple) else t


def register_extensions() -> None:
    for name, default in _SPAN_EXT.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in _DOC_EXT.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
