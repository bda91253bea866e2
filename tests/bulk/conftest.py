from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

TEXTS = [
    "S: Pt reports knee pain 3/10.\nO: TherEx 23': LAQ 3x10, SAQ 3x10, heel slides, bike 6'\nManual 10': patellar mobs\nA: tolerated well. P: cont POC.",
    "Gait training 15 min with RW, CGA, VC for step length; 1:1. NMR 12' balance on foam, SBA.",
    "OT: ADL retraining 25 min (UB dressing, grooming) with min A; hot pack x10' to R shoulder.",
    "Pt did not tolerate ther ex today, \"too sore\". Ice x 10 min. Pt to call MD.",
    "Ther act 20': floor to waist lifts 10#, carry 50 ft x4 for return to work; \u00e9l\u00e8ve, caf\u00e9, \u2013 dash",
]


def note_records(n: int, prefix: str = "n") -> list[dict]:
    """n distinct notes (text varied by index) with ids prefix-0 ..."""
    return [{"id": f"{prefix}-{i}", "text": f"{TEXTS[i % len(TEXTS)]} Visit {i}."} for i in range(n)]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


PY = sys.executable


@pytest.fixture
def notes_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "in.jsonl", note_records(300))
