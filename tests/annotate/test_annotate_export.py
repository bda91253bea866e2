"""Prodigy and Label Studio export of the corpus."""

from __future__ import annotations

import io
import json

import pytest

from nlp_coder.annotate.export import cli_command, export_annotations, label_studio_config, main
from nlp_coder.annotate.store import CorpusFile

TEXT = "TherEx 23 min: SLR.\nCP 10 min. <b>"


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "c.jsonl"
    cf = CorpusFile(path)
    gold = {"lines": [{"code": "97110", "units": 2, "modifiers": ["GP"]}], "findings": ["BUNDLED"], "needs_review": False}
    cf.append({"id": "a", "text": TEXT, "payer": "medicare", "gold": gold,
               "interventions": [{"start": 20, "end": 30, "code": "97010"}, {"start": 0, "end": 19, "code": "97110"},
                                 {"start": 31, "end": 34, "code": None}],
               "annotator": "x", "annotated_at": "2026-11-27T00:00:00Z", "decision": "corrected"})
    cf.append({"id": "b", "text": "skip me", "annotator": "x", "annotated_at": "2026-11-27T00:00:01Z",
               "decision": "skipped"})
    return path


def test_prodigy(corpus, tmp_path):
    out = tmp_path / "p.jsonl"
    assert export_annotations(corpus, out, "prodigy") == 1
    (task,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert task["text"] == TEXT
    assert task["spans"] == [{"start": 0, "end": 19, "label": "97110"}, {"start": 20, "end": 30, "label": "97010"}]
    assert task["meta"]["id"] == "a" and task["meta"]["decision"] == "corrected"
    assert task["meta"]["gold"]["lines"][0]["code"] == "97110" and task["answer"] == "accept"


def test_labelstudio(corpus):
    buf = io.StringIO()
    assert export_annotations(corpus, buf, "labelstudio") == 1
    task = json.loads(buf.getvalue())
    assert task["data"]["text"] == TEXT and task["data"]["note_id"] == "a"
    res = task["annotations"][0]["result"]
    assert [r["value"] for r in res] == [
        {"start": 0, "end": 19, "text": "TherEx 23 min: SLR.", "labels": ["97110"]},
        {"start": 20, "end": 30, "text": "CP 10 min.", "labels": ["97010"]}]
    assert all(r["from_name"] == "label" and r["to_name"] == "text" and r["type"] == "labels" for r in res)
    cfg = label_studio_config(["97110", "97010"])
    assert '<Labels name="label" toName="text">' in cfg and '<Label value="97010"/>' in cfg and 'value="$text"' in cfg


def test_cli_hook(corpus, tmp_path, capsys):
    out = tmp_path / "ls.jsonl"
    assert main([str(corpus), "-o", str(out), "--format", "labelstudio"]) == 0
    assert len(out.read_text().splitlines()) == 1
    assert main([str(tmp_path / "missing.jsonl"), "-o", str(out)]) == 2
    assert "no corpus" in capsys.readouterr().err
    with pytest.raises(ValueError):
        export_annotations(corpus, out, "doccano")  # type: ignore[arg-type]


def test_typer_command_for_the_nlp_coder_app(corpus, tmp_path):
    import typer
    from typer.testing import CliRunner

    app = typer.Typer()
    app.command("export-annotations")(cli_command)
    app.command("noop")(lambda: None)  # two commands, as in the real app
    out = tmp_path / "gold.jsonl"
    res = CliRunner().invoke(app, ["export-annotations", str(corpus), "-o", str(out), "--format", "gold"])
    assert res.exit_code == 0, res.output
    (rec,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert rec["id"] == "a" and rec["gold"]["findings"] == ["BUNDLED"]
    from nlp_coder.evaluate import read_gold

    assert [g.id for g in read_gold(out)] == ["a"]
    res = CliRunner().invoke(app, ["export-annotations", str(corpus), "-o", str(out), "--format", "x"])
    assert res.exit_code == 2
