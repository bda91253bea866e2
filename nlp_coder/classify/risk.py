"""Selective prediction: risk-coverage tables and the default threshold.

The model answers only when its top probability reaches the threshold.
*Coverage* is the share of cases it answers; *accuracy* the share of those it
gets right. The default threshold is the lowest one (the most coverage)
whose covered cases are at least ``TARGET_ACCURACY`` correct, with at least
``MIN_COVERED`` cases behind the figure; when no threshold qualifies it is
1.0, i.e. the model never reports a line (an honest "not enough evidence").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

TARGET_ACCURACY = 0.95
MIN_COVERED = 10
COVERAGE_LEVELS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


def at_threshold(probs: Sequence[float], correct: Sequence[bool], threshold: float) -> dict[str, Any]:
    n = len(probs)
    covered = [c for p, c in zip(probs, correct) if p >= threshold]
    return {
        "threshold": round(threshold, 4),
        "covered": len(covered),
        "coverage": round(len(covered) / n, 4) if n else 0.0,
        "accuracy": round(sum(covered) / len(covered), 4) if covered else None,
    }


def risk_coverage(probs: Sequence[float], correct: Sequence[bool]) -> dict[str, Any]:
    """Accuracy at fixed coverage levels (top-k by probability) and at fixed thresholds."""
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
    n = len(order)
    by_coverage = []
    for level in COVERAGE_LEVELS:
        k = math.ceil(level * n)
        if k == 0:
            continue
        top = order[:k]
        by_coverage.append({
            "coverage": level,
            "covered": k,
            "accuracy": round(sum(correct[i] for i in top) / k, 4),
            "min_probability": round(probs[top[-1]], 4),
        })
    return {
        "cases": n,
        "accuracy_all": round(sum(correct) / n, 4) if n else None,
        "by_coverage": by_coverage,
        "by_threshold": [at_threshold(probs, correct, t) for t in THRESHOLDS],
    }


def choose_threshold(probs: Sequence[float], correct: Sequence[bool], *, target: float = TARGET_ACCURACY,
                     min_covered: int = MIN_COVERED) -> tuple[float, str]:
    """(threshold, basis): the lowest threshold meeting ``target`` on >= ``min_covered`` cases."""
    if len(probs) < min_covered:
        return 1.0, f"only {len(probs)} evaluation cases (< {min_covered}): no threshold can be verified"
    # candidates: each probability rounded down to 3 decimals (a readable setting)
    candidates = sorted({math.floor(p * 1000) / 1000 for p in probs})
    for t in candidates:  # ascending: the first that qualifies covers most
        row = at_threshold(probs, correct, t)
        if row["covered"] >= min_covered and row["accuracy"] is not None and row["accuracy"] >= target:
            return t, (f"lowest threshold with accuracy >= {target} on >= {min_covered} covered cases: "
                       f"{row['accuracy']} on {row['covered']}/{len(probs)} (coverage {row['coverage']})")
    return 1.0, f"no threshold reaches accuracy {target} on >= {min_covered} covered cases: the model abstains"
