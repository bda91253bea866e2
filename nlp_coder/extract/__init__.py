"""Extraction: note text -> NoteFacts (the only package that imports spaCy).

Public API: ``pipeline.build_nlp()`` (cached spaCy pipeline, use ``nlp.pipe`` for
batches) and ``facts.doc_to_facts(doc, note)``.
"""
