"""Rules-only vs rules + classifier (``nlp-coder evaluate GOLD.jsonl --model FILE``).

    compare_with_model(records, coder, model_path, threshold) -> dict

- ``rules_only`` and ``with_classifier``: the headline metrics of
  ``nlp_coder.evaluate.score`` for both runs, and their difference.
- ``abstained``: the interventions on which the rules abstained, how many
  the classifier covered at the threshold, and, where the gold gives the
  intervention a code, the classifier's accuracy and its risk-coverage
  table. An abstained intervention whose gold code is ``None`` (the
  annotator could not choose either) has no right answer: it is counted, and
  any line proposed there is a false line in ``with_classifier``.
- ``masked_documented``: the same model on the documented outcome-coded
  interventions of these records, with their outcome masked exactly as in
  training: a larger proxy population for "an exercise named without its
  outcome" (only meaningful on records the model was not trained on).
- ``suggested_threshold``: the lowest threshold with >= 95% accuracy on at
  least ``MIN_COVERED`` covered cases, from the abstained population when it
  is large enough, else from the masked proxy (the basis says which).
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

from nlp_coder.classify import data as data_mod
from nlp_coder.classify.risk import MIN_COVERED, at_threshold, choose_threshold, risk_coverage
from nlp_coder.evaluate import GoldRecord, score

log = logging.getLogger(__name__)

SUMMARY_KEYS = ("notes", "codes", "lines", "lines_with_modifiers", "exact_line_accuracy", "findings",
                "needs_review_accuracy")


class _Text:
    """Stands in for the spaCy Doc: ``apply`` only reads ``.text``."""

    def __init__(self, text: str):
        self.text = text


def _summary(report: Any) -> dict[str, Any]:
    d = report.as_dict()
    return {k: d[k] for k in SUMMARY_KEYS}


def _delta(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float]:
    out = {}
    for k in ("codes", "lines", "lines_with_modifiers", "findings"):
        out[f"{k}_f1"] = round(b[k]["f1"] - a[k]["f1"], 4)
    for k in ("exact_line_accuracy", "needs_review_accuracy"):
        out[k] = round(b[k] - a[k], 4)
    return out


def compare_with_model(records: list[GoldRecord], coder: Any, model_path: str | Path,
                       threshold: float | None = None) -> dict[str, Any]:
    from nlp_coder.classify.model import load_model

    model = load_model(model_path)
    thr = model.threshold if threshold is None else float(threshold)
    edit_tables, payers = getattr(coder, "edit_tables", None), getattr(coder, "payers", None)

    rules = coder.code_records([(i, r.note_fields()) for i, r in enumerate(records, 1)])
    with_model = list(rules)
    coded: list[data_mod.Coded | None] = [None] * len(records)
    for i, rec in enumerate(records):
        if rules[i].error is not None:
            continue  # an INPUT_ERROR record stays as it is
        try:
            (c,) = data_mod.pipeline_extractor([rec], edit_tables=edit_tables, payers=payers, nlp=coder.nlp)
            coded[i] = c
            with_model[i] = model.apply(c.result, c.facts, _Text(c.text), threshold=thr,
                                        edit_tables=edit_tables, payers=payers).model_copy(
                update={"meta": rules[i].meta})
        except Exception:  # as in Coder: one bad note never stops a run
            log.exception("note %s failed with the classifier", rec.id)

    a, b = _summary(score(zip(records, rules))), _summary(score(zip(records, with_model)))

    # abstained interventions: proposal, probability, gold code
    probs, correct, gold_none, no_gold_span, total = [], [], 0, 0, 0
    proposed = Counter()
    for c in coded:
        if c is None:
            continue
        idx = data_mod.abstained_indices(c.result)
        if not idx:
            continue
        props = model.propose(c.facts, c.text, idx)
        by_index = {iv.index: iv for iv in c.facts.interventions}
        for i, (code, p) in props.items():
            total += 1
            if code is not None and p >= thr:
                proposed[code] += 1
            if c.record.interventions is None:
                no_gold_span += 1
                continue
            found, gold = data_mod.gold_code_for(by_index[i], c.record.interventions)
            if not found:
                no_gold_span += 1
            elif gold is None:
                gold_none += 1
            else:
                probs.append(p)
                correct.append(code == gold)
    abstained = {
        "interventions": total,
        "covered_at_threshold": sum(proposed.values()),
        "coverage_at_threshold": round(sum(proposed.values()) / total, 4) if total else None,
        "proposed_codes": dict(sorted(proposed.items())),
        "with_gold_code": len(probs),
        "gold_code_none": gold_none,
        "no_gold_span": no_gold_span,
        "at_threshold": at_threshold(probs, correct, thr),
        "risk_coverage": risk_coverage(probs, correct),
    }

    # proxy: documented outcome-coded interventions, outcome masked
    ex = data_mod.examples([c for c in coded if c is not None])
    mp, mc = [], []
    if ex:
        from nlp_coder.classify.features import to_matrix

        from nlp_coder.classify.features import top_allowed

        pr = model.pipeline.predict_proba(to_matrix([(e.text, e.facts) for e in ex]))
        for e, p in zip(ex, pr):
            code, prob = top_allowed(model.labels, p, e.allowed)
            mp.append(prob)
            mc.append(code == e.label)
    masked = {"interventions": len(ex), "at_threshold": at_threshold(mp, mc, thr),
              "risk_coverage": risk_coverage(mp, mc)}

    if len(probs) >= MIN_COVERED:
        t, basis = choose_threshold(probs, correct)
        basis = "abstained interventions with a gold code: " + basis
    else:
        t, basis = choose_threshold(mp, mc)
        basis = (f"only {len(probs)} abstained interventions with a gold code (< {MIN_COVERED}); "
                 "masked documented interventions: " + basis)
    changed = sum(1 for r, w in zip(rules, with_model) if r.lines != w.lines or r.needs_review != w.needs_review)
    return {
        "model": str(model_path),
        "notes_changed": changed,
        "note": ("the gold codes an abstention as no line with needs_review true (the annotator cannot choose "
                 "either), so every classifier line is scored as a false line there; 'masked_documented' is the "
                 "measurable estimate of the classifier's accuracy"),
        "model_metadata": {k: model.metadata.get(k) for k in ("trained_date", "corpus", "split", "examples",
                                                               "label_counts", "sklearn_version", "skops_version")},
        "threshold": thr,
        "rules_only": a,
        "with_classifier": b,
        "delta": _delta(a, b),
        "abstained": abstained,
        "masked_documented": masked,
        "suggested_threshold": {"threshold": t, "basis": basis},
    }
