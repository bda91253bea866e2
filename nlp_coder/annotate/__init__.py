"""The logic behind ``notebooks/annotate.ipynb`` (issue 7), testable without Jupyter.

- ``store``: the crash-safe append-only corpus file (``CorpusFile``, ``load_corpus``, ``read_notes``);
- ``proposal``: the tool's proposal per note, the review queue order, the gold record;
- ``session``: ``AnnotationSession`` (queue, decisions, resume, progress; env ANNOTATE_INPUT,
  ANNOTATE_OUTPUT, ANNOTATOR);
- ``render``: the note and proposal as HTML (own renderer, or displaCy ``style="span"``);
- ``ui``: the ipywidgets form ``Annotator`` (needs the ``[notebook]`` extra);
- ``export``: Prodigy / Label Studio JSONL (``export_annotations``).
"""

from __future__ import annotations

from typing import Any

from nlp_coder.annotate.export import export_annotations, label_studio_config, to_labelstudio, to_prodigy
from nlp_coder.annotate.proposal import FINDING_IDS, Annotation, Line, Proposal, make_proposal, order_queue
from nlp_coder.annotate.session import AnnotationSession, SaveError, env_paths
from nlp_coder.annotate.store import CorpusFile, load_corpus, read_notes

__all__ = [
    "FINDING_IDS", "Annotation", "AnnotationSession", "Annotator", "CorpusFile", "Line", "Proposal", "SaveError",
    "annotator_from_env", "env_paths", "export_annotations", "label_studio_config", "load_corpus", "make_proposal",
    "order_queue", "read_notes", "to_labelstudio", "to_prodigy",
]


def __getattr__(name: str) -> Any:  # the widgets need ipywidgets: import them only when asked
    if name in ("Annotator", "annotator_from_env"):
        from nlp_coder.annotate import ui

        return getattr(ui, name)
    raise AttributeError(name)
