"""PLACEHOLDER (replaced by the extraction work): build the spaCy pipeline."""
import functools

import spacy


@functools.lru_cache(maxsize=1)
def build_nlp():
    return spacy.blank("en")
