"""The extraction pipeline: ``spacy.blank("en")`` + the nlp_coder components.

::

    [nlp.tokenizer] @tokenizers = "nlp_coder.tokenizer.v1"
    pipeline = nlp_coder_terms -> nlp_coder_sections -> nlp_coder_interventions -> nlp_coder_context

``build_nlp()`` is cached: one pipeline per process. Use ``nlp.pipe`` for
batches; ``facts.doc_to_facts`` turns each Doc into ``NoteFacts``.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

# importing the modules registers the tokenizer, factories and extensions
from nlp_coder.extract import context as _context  # noqa: F401
from nlp_coder.extract import interventions as _interventions  # noqa: F401
from nlp_coder.extract import sections as _sections  # noqa: F401
from nlp_coder.extract import terms as _terms  # noqa: F401
from nlp_coder.extract import tokenizer as _tokenizer  # noqa: F401
from nlp_coder.extract.extensions import register_extensions

PIPE_NAMES = ("nlp_coder_terms", "nlp_coder_sections", "nlp_coder_interventions", "nlp_coder_context")


def make_nlp() -> Language:
    """A fresh pipeline (uncached)."""
    register_extensions()
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_coder.tokenizer.v1"}}})
    for name in PIPE_NAMES:
        nlp.add_pipe(name)
    return nlp


@functools.lru_cache(maxsize=1)
def build_nlp() -> Language:
    """The pipeline of this process, built once."""
    return make_nlp()
