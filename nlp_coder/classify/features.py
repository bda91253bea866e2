"""One intervention -> one model input row (text, facts), with its outcome hidden.

The model must learn what an intervention looks like when its intended
outcome is *not* documented, yet most training examples do document it. So
every row, at training and at prediction time alike, goes through the same
mask: the evidence spans that carry the outcome (labels in ``MASK_LABELS``)
are blanked out of the text, and the outcome facts (``parameters``,
``functional_goal``, ``neuro_goal``, ``work_related``) are left out of the
facts. An abstained intervention has none of these, so masking it changes
nothing; a documented one is made to look undocumented.

Everything the fitted pipeline stores must load under the skops allow-list
(``model.ALLOWED_TYPES``): the tokenizer is a plain regex string, the stop
words a tuple of strings, and the input is a 2-column numpy object array
(column 0 the masked text, column 1 the facts dict), no pandas, no callables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import re

import numpy as np

from nlp_coder.schema import Intervention, NoteFacts

# Bump when the meaning of a row changes: a model trained on other features
# is refused at load time instead of silently mispredicting.
FEATURES_VERSION = 1

# The codes chosen by intended outcome (guidelines, step 3): the only answers
# the model may give for an intervention whose outcome is not documented.
OUTCOME_CODES: tuple[str, ...] = ("97110", "97112", "97530", "97545")

# Evidence labels whose spans state the intended outcome: hidden from the text.
MASK_LABELS = frozenset({"parameter", "function", "functional_goal", "goal", "neuro", "neuro_goal",
                         "outcome", "work"})

# Words: letters first, then letters/digits, joined by - / ' (so "sit-to-stand",
# "w/c", "l/e" stay one token); bare numbers, sets and weights ("3x10", "2#")
# carry no outcome and are dropped.
TOKEN_PATTERN = r"(?u)\b[a-z][a-z0-9]*(?:[-/'][a-z0-9]+)*\b"

# Function words: without them "... for quad strength" and "... to improve
# balance" leave no "for"/"to" behind once the outcome words are masked.
STOP_WORDS: tuple[str, ...] = (
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or", "pt", "the",
    "to", "was", "were", "with", "improve", "improved", "improving", "increase", "increased", "promote",
    "address", "facilitate", "targeting", "target", "goal", "goals",
)

# Outcome vocabulary, dropped wherever it occurs: a safety net for outcome
# words that extraction did not label (so they escaped the span mask).
OUTCOME_WORDS: tuple[str, ...] = (
    "strength", "strengthen", "strengthening", "rom", "range", "motion", "mobility", "flexibility", "endurance",
    "tolerance", "balance", "coordination", "posture", "postural", "proprioception", "proprioceptive",
    "kinesthetic", "stability", "control", "functional", "function", "independence", "independent", "return",
    "safe", "safety", "reeducate",
)


def mask_text(text: str, offset: int, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` (starting at ``offset`` in the note) with ``spans`` blanked by spaces."""
    chars = list(text)
    for start, end in spans:
        lo, hi = max(start - offset, 0), min(end - offset, len(chars))
        for i in range(lo, hi):
            chars[i] = " "
    return "".join(chars)


# A purpose phrase introducing the outcome ("... for quad strength", "-- knee ROM",
# ", to reeducate balance"): masked together with the outcome words it
# introduces, so no "for quad" is left behind. Searched backwards from an
# outcome span, at most PURPOSE_WINDOW characters, never across . ; : or a newline.
_PURPOSE_RE = re.compile(r"(?i)(?:\bfor\b|\bto\b|--|\bworking on\b|\btargeting\b|\baimed at\b|"
                         r"\bin order to\b|\bso that\b|\bfocus(?:ing|ed)? on\b|\bemphasis on\b)")
_HARD_STOP = re.compile(r"[.;:\n]")
PURPOSE_WINDOW = 60


def outcome_spans(iv: Intervention, text: str, offset: int) -> list[tuple[int, int]]:
    """Note offsets to mask: each outcome evidence span, widened back to its purpose phrase."""
    out = []
    for e in iv.evidence:
        if (e.label or "") not in MASK_LABELS:
            continue
        lo = max(e.start - offset, 0)
        window_start = max(lo - PURPOSE_WINDOW, 0)
        before = text[window_start:lo]
        stops = [m.end() for m in _HARD_STOP.finditer(before)]
        if stops:
            before, window_start = before[stops[-1]:], window_start + stops[-1]
        markers = list(_PURPOSE_RE.finditer(before))
        start = window_start + markers[-1].start() + offset if markers else e.start
        out.append((start, e.end))
    return out


def intervention_text(iv: Intervention, note_text: str | None) -> str:
    """The intervention's own words (span text, or the note slice), outcome phrases masked."""
    start, end = iv.span.start, iv.span.end
    if note_text is not None and 0 <= start <= end <= len(note_text):
        text = note_text[start:end]
    else:
        text = iv.span.text
    return mask_text(text, start, outcome_spans(iv, text, start))


def _minutes_bucket(minutes: int | None) -> str:
    if minutes is None:
        return "none"
    for limit, name in ((8, "lt8"), (23, "8-22"), (38, "23-37"), (60, "38-59"), (120, "60-119")):
        if minutes < limit:
            return name
    return "ge120"


def intervention_facts(iv: Intervention, note: NoteFacts | None) -> dict[str, Any]:
    """The non-outcome facts of one intervention as a flat DictVectorizer dict."""
    d: dict[str, Any] = {
        "kind": str(iv.kind),
        "arrangement": str(iv.arrangement),
        "provider": str(iv.provider),
        "minutes": _minutes_bucket(iv.minutes),
        "section": iv.section or "none",
    }
    if iv.modality:
        d["modality"] = str(iv.modality)
    for mode in sorted(str(m) for m in iv.contact_modes):
        d[f"contact={mode}"] = 1.0
    if iv.functional_activity:
        d["functional_activity"] = 1.0
    if iv.group_size:
        d["group"] = 1.0
    if iv.co_treatment:
        d["co_treatment"] = 1.0
    if iv.claimed_code:
        d["claim"] = " ".join(iv.claimed_code.lower().split())
    if note is not None:
        d["discipline"] = str(note.discipline) if note.discipline else "none"
        d["signed_by"] = str(note.signed_by)
        if note.neuro_conditions:
            d["note_neuro"] = 1.0
            for cond in sorted(set(note.neuro_conditions)):
                d[f"neuro_condition={cond.lower()}"] = 1.0
    return d


def allowed_codes(iv: Intervention, note: NoteFacts | None) -> frozenset[str]:
    """The outcome codes the guidelines could support for this intervention at all.

    97112 needs a neurologic deficit documented in the note; 97545 needs the
    activity to be work-related. The model's probability of an excluded code
    is not redistributed: the best allowed code keeps its own probability
    (so a model that mostly believed in an unsupportable code stays below
    the threshold).
    """
    out = set(OUTCOME_CODES)
    if note is None or not note.neuro_conditions:
        out.discard("97112")
    if not iv.work_related:
        out.discard("97545")
    return frozenset(out)


def top_allowed(labels: Sequence[str], probs: Sequence[float], allowed: Iterable[str]) -> tuple[str | None, float]:
    """(best allowed label, its probability); (None, 0.0) when no label is allowed. Ties: first label."""
    allowed = set(allowed)
    best: tuple[str | None, float] = (None, 0.0)
    for label, p in zip(labels, probs):
        if label in allowed and (best[0] is None or float(p) > best[1]):
            best = (label, float(p))
    return best


def row(iv: Intervention, note: NoteFacts | None, note_text: str | None) -> tuple[str, dict[str, Any]]:
    """One model input row: (masked text, facts)."""
    return intervention_text(iv, note_text), intervention_facts(iv, note)


def to_matrix(rows: Sequence[tuple[str, dict[str, Any]]]) -> np.ndarray:
    """Rows -> the (n, 2) object array the pipeline's ColumnTransformer reads."""
    x = np.empty((len(rows), 2), dtype=object)
    for i, (text, facts) in enumerate(rows):
        x[i, 0] = text
        x[i, 1] = facts
    return x
