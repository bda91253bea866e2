"""notebooks/annotate.ipynb runs headless against a temporary corpus (nbclient, real kernel).

Runs under plain ``python -m pytest``; ``pytest --nbmake notebooks/annotate.ipynb`` works too (it
uses the same ANNOTATE_* variables, defaulting to the bundled sample notes, and writes nothing).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("ipywidgets")

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "annotate.ipynb"
NOTES = Path(__file__).resolve().parents[2] / "examples" / "sample-notes.jsonl"


def test_notebook_runs_headless(tmp_path, monkeypatch):
    corpus = tmp_path / "annotations.jsonl"
    first = json.loads(NOTES.read_text(encoding="utf-8").splitlines()[0])
    corpus.write_text(json.dumps({"id": first["id"], "text": first["text"], "decision": "skipped",
                                  "annotator": "t", "annotated_at": "2026-11-27T00:00:00Z"}) + "\n"
                      + '{"id": "torn', encoding="utf-8")  # a resumed corpus with a torn last line
    monkeypatch.setenv("ANNOTATE_INPUT", str(NOTES))
    monkeypatch.setenv("ANNOTATE_OUTPUT", str(corpus))
    monkeypatch.setenv("ANNOTATOR", "ci")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert not [o for o in outputs if o.get("output_type") == "error"]
    n = sum(1 for line in NOTES.read_text(encoding="utf-8").splitlines() if line.strip())
    assert f"1 already annotated; {n - 1} in the queue" in text
    assert "incomplete last line" in text
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert corpus.read_text(encoding="utf-8").endswith("\n")  # repaired, nothing else written
    assert len(corpus.read_text(encoding="utf-8").splitlines()) == 1
