"""Train the intervention classifier: ``nlp-coder train CORPUS.jsonl -o models/NAME.skops``.

    train(corpus_path, out_path, *, split="train", trained_date=None,
          threshold=None, dev_path=None, extractor=None) -> TrainReport

1. Run extraction and the rules on every record (``data.pipeline_extractor``).
2. Label each performed intervention (gold span code, else the rules' code),
   keep the outcome-coded ones (``OUTCOME_CODES``) and mask their outcome
   (``features``).
3. Choose the default threshold from out-of-fold probabilities (grouped by
   note, so no note is in its own training fold): the lowest threshold
   whose covered cases are >= 95% correct (``risk.choose_threshold``);
   with ``dev_path``, the higher of that and the same choice on the dev
   split's masked examples; ``threshold`` overrides both. A file named
   ``*heldout*`` is refused, as training corpus and as dev split.
4. Fit the final pipeline on all examples and save it with skops as a plain
   dict (``model.FORMAT``): pipeline, labels, threshold, metadata.

Deterministic: rows sorted by (note id, intervention index), no shuffling,
fixed ``random_state``; the trained date comes from the caller or the
corpus (the latest ``date_of_service``), never from the clock.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from nlp_coder.classify import data as data_mod
from nlp_coder.classify.features import (FEATURES_VERSION, OUTCOME_CODES, OUTCOME_WORDS, STOP_WORDS, TOKEN_PATTERN,
                                         to_matrix, top_allowed)
from nlp_coder.classify.risk import MIN_COVERED, TARGET_ACCURACY, choose_threshold, risk_coverage

MIN_PER_CLASS = 3  # a label with fewer examples cannot be calibrated: left out (reported)
MAX_FOLDS = 5
C = 4.0
RANDOM_STATE = 0


class TrainReport(BaseModel):
    out_path: str
    corpus: str
    split: str
    trained_date: str
    notes: int
    examples: int
    abstained_examples: int = 0  # labelled interventions on which the rules abstained
    label_counts: dict[str, int] = Field(default_factory=dict)
    dropped_labels: dict[str, int] = Field(default_factory=dict)  # too few examples to learn
    threshold: float
    threshold_basis: str
    out_of_fold: dict[str, Any] = Field(default_factory=dict)  # risk-coverage of the masked examples
    dev: dict[str, Any] = Field(default_factory=dict)  # threshold choice on the dev split, when given
    metadata: dict[str, Any] = Field(default_factory=dict)


def build_pipeline(calibration_folds: int):
    """ColumnTransformer(text tf-idf, facts dict) -> sigmoid-calibrated logistic regression."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    features = ColumnTransformer([
        ("text", TfidfVectorizer(token_pattern=TOKEN_PATTERN, stop_words=sorted(set(STOP_WORDS) | set(OUTCOME_WORDS)),
                                 ngram_range=(1, 2), sublinear_tf=True, lowercase=True), 0),
        ("facts", DictVectorizer(sort=True), 1),
    ])
    clf = CalibratedClassifierCV(LogisticRegression(C=C, max_iter=5000, random_state=RANDOM_STATE),
                                 method="sigmoid", cv=calibration_folds)
    return Pipeline([("features", features), ("clf", clf)])


def _folds(min_count: int) -> int:
    return max(2, min(MAX_FOLDS, min_count))


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray | None:
    """Out-of-fold class probabilities (columns = sorted labels), grouped by note; None if too little data."""
    from sklearn.model_selection import StratifiedGroupKFold

    counts = Counter(y.tolist())
    n_groups = len(set(groups.tolist()))
    k = min(MAX_FOLDS, min(counts.values()), n_groups)
    if k < 2:
        return None
    labels = sorted(counts)
    probs = np.zeros((len(y), len(labels)))
    splitter = StratifiedGroupKFold(n_splits=k)
    for tr, te in splitter.split(x, y, groups):
        tr_counts = Counter(y[tr].tolist())
        if len(tr_counts) < 2 or min(tr_counts.values()) < 2:
            return None
        pipe = build_pipeline(_folds(min(tr_counts.values()))).fit(x[tr], y[tr])
        cols = [labels.index(c) for c in pipe.classes_]
        probs[np.ix_(te, cols)] = pipe.predict_proba(x[te])
    return probs


def fit_examples(examples: list[data_mod.Example]) -> dict[str, Any]:
    """Examples -> {"pipeline", "labels", "threshold", "threshold_basis", "out_of_fold", "dropped"}."""
    counts = Counter(e.label for e in examples)
    dropped = {c: n for c, n in sorted(counts.items()) if n < MIN_PER_CLASS}
    kept = [e for e in examples if e.label not in dropped]
    kept_counts = Counter(e.label for e in kept)
    if len(kept_counts) < 2:
        raise ValueError(f"need at least 2 codes with >= {MIN_PER_CLASS} labelled interventions each; "
                         f"got {dict(sorted(counts.items()))}")
    x = to_matrix([(e.text, e.facts) for e in kept])
    y = np.array([e.label for e in kept], dtype=object).astype(str)
    groups = np.array([e.note_id for e in kept])

    probs = out_of_fold(x, y, groups)
    oof: dict[str, Any] = {}
    if probs is not None:
        labels = sorted(kept_counts)
        tops = [top_allowed(labels, probs[i], e.allowed) for i, e in enumerate(kept)]
        p_top = [p for _, p in tops]
        correct = [code == y[i] for i, (code, _) in enumerate(tops)]
        oof = risk_coverage(p_top, correct)
        abst = [i for i, e in enumerate(kept) if e.abstained]
        if abst:
            oof["abstained_only"] = risk_coverage([p_top[i] for i in abst], [correct[i] for i in abst])
        chosen, basis = choose_threshold(p_top, correct)
        basis = "out-of-fold (masked examples, grouped by note): " + basis
    else:
        chosen, basis = 1.0, "too few examples for out-of-fold estimates: the model abstains"

    pipe = build_pipeline(_folds(min(kept_counts.values()))).fit(x, y)
    return {"pipeline": pipe, "labels": [str(c) for c in pipe.classes_], "threshold": float(chosen),
            "threshold_basis": basis, "out_of_fold": oof, "dropped": dropped, "counts": dict(sorted(counts.items()))}


def _corpus_date(records: list[Any]) -> str:
    dates = [r.model_extra.get("date_of_service") for r in records if r.model_extra]
    dates = [d for d in dates if isinstance(d, str)]
    return max(dates) if dates else "undated"


def _check_not_heldout(path: Path) -> None:
    name = path.name.lower()
    if "heldout" in name or "held-out" in name or "held_out" in name:
        raise ValueError(f"refusing to train or tune on {path.name}: held-out data is for the final evaluation only")


def dev_threshold(pipe: Any, dev_examples: list[data_mod.Example]) -> tuple[float, str, dict[str, Any]]:
    """Threshold chosen on a development split's masked examples with the final model."""
    if not dev_examples:
        return 1.0, "no labelled interventions in the development split", {}
    labels = [str(c) for c in pipe.classes_]
    probs = pipe.predict_proba(to_matrix([(e.text, e.facts) for e in dev_examples]))
    tops = [top_allowed(labels, p, e.allowed) for p, e in zip(probs, dev_examples)]
    p_top = [p for _, p in tops]
    correct = [code == e.label for (code, _), e in zip(tops, dev_examples)]
    t, basis = choose_threshold(p_top, correct)
    return t, basis, risk_coverage(p_top, correct)


def train(corpus_path: str | Path, out_path: str | Path, *, split: str = "train", trained_date: str | None = None,
          threshold: float | None = None, dev_path: str | Path | None = None,
          extractor: data_mod.Extractor | None = None) -> TrainReport:
    """Train on ``corpus_path`` (gold JSONL) and save the model to ``out_path`` (.skops).

    ``dev_path`` (optional, a development split): the default threshold is
    then the higher of the out-of-fold choice and the choice on the dev
    split's masked examples. ``threshold`` sets it explicitly instead.
    """
    import sklearn
    import skops
    import skops.io

    from nlp_coder.classify.model import FORMAT, FORMAT_VERSION

    corpus_path = Path(corpus_path)
    _check_not_heldout(corpus_path)
    extract = extractor or data_mod.pipeline_extractor
    records = data_mod.read_records(corpus_path)
    examples = data_mod.examples(extract(records))
    fitted = fit_examples(examples)
    dev: dict[str, Any] = {}
    if dev_path is not None:
        dev_path = Path(dev_path)
        _check_not_heldout(dev_path)
        dev_records = data_mod.read_records(dev_path)
        t_dev, basis_dev, rc_dev = dev_threshold(fitted["pipeline"], data_mod.examples(extract(dev_records)))
        dev = {"corpus": dev_path.name, "corpus_sha256": data_mod.file_sha256(dev_path), "notes": len(dev_records),
               "threshold": t_dev, "basis": basis_dev, "risk_coverage": rc_dev}
        if t_dev > fitted["threshold"]:
            fitted["threshold"] = t_dev
            fitted["threshold_basis"] = f"dev split {dev_path.name} (masked examples): {basis_dev}"
        else:
            fitted["threshold_basis"] += f"; dev split {dev_path.name} agrees ({basis_dev})"
    if threshold is not None:
        fitted["threshold_basis"] = f"set by the caller (data-driven choice: {fitted['threshold']})"
        fitted["threshold"] = float(threshold)
    date = trained_date or _corpus_date(records)
    metadata = {
        "trained_date": date,
        "corpus": corpus_path.name,
        "corpus_sha256": data_mod.file_sha256(corpus_path),
        "split": split,
        "notes": len(records),
        "examples": len(examples),
        "abstained_examples": sum(e.abstained for e in examples),
        "label_counts": fitted["counts"],
        "dropped_labels": fitted["dropped"],
        "outcome_codes": list(OUTCOME_CODES),
        "features_version": FEATURES_VERSION,
        "threshold_basis": fitted["threshold_basis"],
        "target_accuracy": TARGET_ACCURACY,
        "min_covered": MIN_COVERED,
        "out_of_fold": fitted["out_of_fold"],
        "dev": dev,
        "sklearn_version": sklearn.__version__,
        "skops_version": skops.__version__,
    }
    state = {"format": FORMAT, "format_version": FORMAT_VERSION, "pipeline": fitted["pipeline"],
             "labels": fitted["labels"], "threshold": fitted["threshold"], "metadata": metadata}
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    skops.io.dump(state, out_path, compression=zipfile.ZIP_DEFLATED)
    return TrainReport(out_path=str(out_path), corpus=str(corpus_path), split=split, trained_date=date,
                       notes=len(records), examples=len(examples), abstained_examples=metadata["abstained_examples"],
                       label_counts=fitted["counts"], dropped_labels=fitted["dropped"], threshold=fitted["threshold"],
                       threshold_basis=fitted["threshold_basis"], out_of_fold=fitted["out_of_fold"], dev=dev,
                       metadata=metadata)


__all__ = ["TrainReport", "build_pipeline", "fit_examples", "train"]
