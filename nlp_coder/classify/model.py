"""Load the intervention classifier safely and apply it to a rules result.

Loading (``load_model``): the file is a skops archive of a plain dict
(``FORMAT``). Before anything is built from it, ``skops.io.get_untrusted_types``
lists the types skops does not trust by default; every one of them must be in
``ALLOWED_TYPES`` (this module's explicit allow-list), else ``ValueError``
naming the offending types. pickle / joblib are never used.

Applying (``InterventionClassifier.apply``): only interventions on which the
rules abstained (decision code ``None`` with finding
``OUTCOME_NOT_DOCUMENTED``) go to the model.
- top probability >= threshold: the intervention gets the proposed code
  (decision ``source: "classifier"``, ``confidence`` = the probability),
  the note's lines and units are recomputed by the coding core with that
  code (``_recode``), the lines that include its minutes are marked
  ``source: "classifier"`` with the lowest such probability as confidence,
  and the finding stays;
- below it: nothing is billed, the decision stays uncoded (its rationale
  names the suggestion), ``needs_review`` stays true.
``needs_review`` becomes false only when no abstained intervention is left.
A note without abstentions (or an error record) is returned unchanged.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from nlp_coder.classify.data import OUTCOME_FINDING, abstained_indices
from nlp_coder.classify.features import FEATURES_VERSION, allowed_codes, row, to_matrix, top_allowed
from nlp_coder.schema import CodingResult, NoteFacts

log = logging.getLogger(__name__)

FORMAT = "nlp_coder.intervention_classifier"
FORMAT_VERSION = 1
RULE_ID = "CLF-01"

# Types a model file may hold beyond those skops trusts by default (builtins,
# numpy, scikit-learn estimators). Everything else is refused.
ALLOWED_TYPES: frozenset[str] = frozenset({
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
})


class InterventionClassifier:
    """A fitted pipeline + its labels, default threshold and metadata."""

    def __init__(self, pipeline: Any, labels: list[str], threshold: float, metadata: dict[str, Any] | None = None):
        self.pipeline = pipeline
        self.labels = list(labels)
        self.threshold = float(threshold)
        self.metadata = dict(metadata or {})

    # ----------------------------------------------------------- prediction

    def predict_proba(self, rows: list[tuple[str, dict[str, Any]]]) -> np.ndarray:
        """Rows (masked text, facts) -> probabilities, columns in ``self.labels`` order."""
        if not rows:
            return np.zeros((0, len(self.labels)))
        return self.pipeline.predict_proba(to_matrix(rows))

    def propose(self, facts: NoteFacts, note_text: str | None, indices: list[int]) -> dict[int, tuple[str, float]]:
        """Intervention index -> (best code the guidelines allow, its probability).

        ``features.allowed_codes``: no 97112 without a neurologic deficit in
        the note, no 97545 without a work-related activity; when no code is
        allowed the proposal is (None, 0.0) and nothing is billed.
        """
        by_index = {iv.index: iv for iv in facts.interventions}
        idx = [i for i in indices if i in by_index]
        probs = self.predict_proba([row(by_index[i], facts, note_text) for i in idx])
        return {i: top_allowed(self.labels, p, allowed_codes(by_index[i], facts)) for i, p in zip(idx, probs)}

    # -------------------------------------------------------------- apply

    def apply(self, result: CodingResult, facts: NoteFacts, doc: Any = None, threshold: float | None = None, *,
              edit_tables: Any = None, payers: Any = None) -> CodingResult:
        """The rules result with the classifier's proposals where the rules abstained."""
        if result.error is not None:
            return result
        candidates = abstained_indices(result)
        if not candidates:
            return result
        thr = self.threshold if threshold is None else float(threshold)
        note_text = getattr(doc, "text", None)
        proposals = self.propose(facts, note_text, candidates)
        accepted = {i: cp for i, cp in proposals.items() if cp[0] is not None and cp[1] >= thr}
        rejected = {i: cp for i, cp in proposals.items() if i not in accepted}
        if accepted and not core_takes_overrides():
            _warn_no_hook()
            why = "the coding core cannot take classifier codes (no 'overrides' in code_note): not applied"
            return _finish(result, result.model_copy(deep=True), {}, accepted, thr, why=why)
        if accepted:
            new = _recode(result, facts, {i: c for i, (c, _) in accepted.items()}, edit_tables=edit_tables,
                          payers=payers)
        else:
            new = result.model_copy(deep=True)
        return _finish(result, new, accepted, rejected, thr)


# ------------------------------------------------------------------ loading


def load_model(path: str | Path) -> InterventionClassifier:
    """A model file -> ``InterventionClassifier``; ``ValueError`` for anything unexpected."""
    import skops.io

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"model file not found: {path}")
    try:
        untrusted = skops.io.get_untrusted_types(file=path)
    except Exception as exc:  # not a zip, no schema, ...: never try to build it
        raise ValueError(f"{path}: not a skops model file ({type(exc).__name__}: {exc})") from None
    refused = sorted(set(untrusted) - ALLOWED_TYPES)
    if refused:
        raise ValueError(f"{path}: refusing to load a model holding types outside the allow-list: "
                         + ", ".join(refused))
    try:
        state = skops.io.load(path, trusted=sorted(set(untrusted)))
    except Exception as exc:
        raise ValueError(f"{path}: the model could not be loaded ({type(exc).__name__}: {exc})") from None
    return _from_state(state, path)


def _from_state(state: Any, path: Path) -> InterventionClassifier:
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise ValueError(f"{path}: not an nlp_coder intervention classifier (format {FORMAT!r} expected)")
    if state.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"{path}: model format version {state.get('format_version')!r}, "
                         f"this nlp_coder reads {FORMAT_VERSION}: retrain it")
    meta = state.get("metadata") or {}
    if meta.get("features_version") != FEATURES_VERSION:
        raise ValueError(f"{path}: trained on features version {meta.get('features_version')!r}, "
                         f"this nlp_coder computes {FEATURES_VERSION}: retrain it")
    pipe, labels, thr = state.get("pipeline"), state.get("labels"), state.get("threshold")
    if not hasattr(pipe, "predict_proba") or not isinstance(labels, list) or \
            [str(c) for c in getattr(pipe, "classes_", [])] != labels:
        raise ValueError(f"{path}: the model's pipeline and label list do not match")
    if not isinstance(thr, (int, float)) or not 0.0 <= thr <= 1.0:
        raise ValueError(f"{path}: invalid default threshold {thr!r}")
    import sklearn

    if meta.get("sklearn_version") and meta["sklearn_version"] != sklearn.__version__:
        log.warning("model %s was trained with scikit-learn %s, running %s", path, meta["sklearn_version"],
                    sklearn.__version__)
    return InterventionClassifier(pipe, labels, float(thr), meta)


# ------------------------------------------------------------- recoding


def core_takes_overrides() -> bool:
    """Whether ``nlp_coder.coding.select.code_note`` accepts the classifier's codes."""
    from nlp_coder.coding import select

    return "overrides" in inspect.signature(select.code_note).parameters


_warned = False


def _warn_no_hook() -> None:
    global _warned
    if not _warned:
        log.warning("nlp_coder.coding.select.code_note has no 'overrides' parameter: classifier proposals "
                    "are reported in the decision rationale only, nothing is billed from them")
        _warned = True


def _recode(result: CodingResult, facts: NoteFacts, codes: Mapping[int, str], *, edit_tables: Any,
            payers: Any) -> CodingResult:
    """The note coded again by the coding core with ``codes`` for the abstained interventions.

    Lines, units (8-minute rule / per-code rule), modifiers and edits all come
    from ``nlp_coder.coding``: nothing is recomputed here.
    """
    from nlp_coder.coding import select

    return select.code_note(facts, edit_tables=edit_tables, payers=payers, overrides=dict(codes))


def _finish(old: CodingResult, new: CodingResult, accepted: dict[int, tuple[str, float]],
            rejected: dict[int, tuple[str, float]], thr: float, why: str | None = None) -> CodingResult:
    """Mark the classifier's part of ``new``; keep the findings; set needs_review."""
    interventions = []
    for rec in new.interventions:
        rec = dict(rec)
        i = rec.get("index")
        decision = dict(rec.get("decision") or {})
        if i in accepted:
            code, p = accepted[i]
            decision.update(
                code=code, source="classifier", confidence=round(p, 4),
                rule_ids=sorted(set(decision.get("rule_ids") or []) | {RULE_ID}),
                rationale="; ".join(x for x in (
                    (decision.get("rationale") or "").strip(),
                    f"classifier: {code} with probability {p:.2f} (threshold {thr:.2f}); "
                    "confirm against the documentation") if x))
        elif i in rejected and rejected[i][0] is None:
            decision["rationale"] = ((decision.get("rationale") or "").rstrip() +
                                     "; classifier: no code the guidelines allow here: not billed").strip("; ")
        elif i in rejected:
            code, p = rejected[i]
            reason = why or f"is below the threshold {thr:.2f}: not billed"
            decision["rationale"] = ((decision.get("rationale") or "").rstrip() +
                                     f"; classifier suggestion {code} with probability {p:.2f} {reason}").strip("; ")
        rec["decision"] = decision
        interventions.append(rec)

    # lines that include a proposed intervention's minutes
    lines = []
    for ln in new.lines:
        ps = [p for (code, p) in accepted.values() if code == ln.code]
        if ps:
            who = ", ".join(f"#{i}" for i, (c, _) in sorted(accepted.items()) if c == ln.code)
            ln = ln.model_copy(update={
                "source": "classifier", "confidence": round(min(ps), 4),
                "rule_ids": sorted(set(ln.rule_ids) | {RULE_ID}),
                "rationale": (ln.rationale + ("; " if ln.rationale else "") +
                              f"includes intervention {who} whose outcome is not documented, coded by the "
                              f"classifier (probability {min(ps):.2f})"),
            })
        lines.append(ln)

    # the OUTCOME_NOT_DOCUMENTED findings always stay
    findings = list(new.findings)
    have = {(f.id, f.intervention) for f in findings}
    for f in old.findings:
        if f.id == OUTCOME_FINDING and (f.id, f.intervention) not in have:
            findings.append(f)

    still_open = set(abstained_indices(old)) - set(accepted)
    needs_review = bool(still_open)  # guidelines: needs_review means exactly "an abstention is left"
    return new.model_copy(update={"lines": lines, "findings": findings, "interventions": interventions,
                                  "needs_review": needs_review, "meta": old.meta})
