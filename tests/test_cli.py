"""The command line, driven in-process with typer's runner."""

import json

from typer.testing import CliRunner

from nlp_coder.cli import app

runner = CliRunner()
NOTE = "PT Daily Note\nTherEx 23 min: SLR 3x10, bridges to improve hip strength.\nJ. Doe, PT\n"


def test_help_lists_commands():
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    for cmd in ("code", "batch", "evaluate"):
        assert cmd in res.output


def test_code_json_is_one_contract_record(tmp_path):
    note = tmp_path / "n.txt"
    note.write_text(NOTE)
    res = runner.invoke(app, ["code", str(note), "--json", "--payer", "commercial"])
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output)
    assert list(rec)[:9] == ["id", "payer", "discipline", "lines", "findings", "needs_review",
                             "totals", "interventions", "error"]
    assert rec["id"] == "n.txt" and rec["payer"] == "commercial" and rec["error"] is None


def test_code_table_output(tmp_path):
    note = tmp_path / "n.txt"
    note.write_text(NOTE)
    res = runner.invoke(app, ["code", str(note)])
    assert res.exit_code == 0, res.output
    assert "needs_review" in res.output and "payer: medicare" in res.output


def test_code_missing_file_is_a_clear_error(tmp_path):
    res = runner.invoke(app, ["code", str(tmp_path / "nope.txt")])
    assert res.exit_code == 2
    assert "cannot read" in res.output


def test_code_non_utf8_file_gives_input_error_record(tmp_path):
    note = tmp_path / "bad.txt"
    note.write_bytes(b"\xff\xfe\x00bad")
    res = runner.invoke(app, ["code", str(note), "--json"])
    assert res.exit_code == 1
    assert json.loads(res.output)["findings"][0]["id"] == "INPUT_ERROR"


def test_evaluate_scores_and_writes_predictions(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": "Chiropractic adjustment 98941 today.",
                                "gold": {"lines": [], "findings": [], "needs_review": False}}) + "\n")
    preds = tmp_path / "pred.jsonl"
    res = runner.invoke(app, ["evaluate", str(gold), "--json", "--predictions", str(preds)])
    assert res.exit_code == 0, res.output
    metrics = json.loads(res.output)
    assert metrics["notes"] == 1 and metrics["exact_line_accuracy"] == 1.0
    assert json.loads(preds.read_text())["id"] == "g1"


def test_evaluate_bad_gold_file_names_the_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{oops\n")
    res = runner.invoke(app, ["evaluate", str(gold)])
    assert res.exit_code == 2 and "gold.jsonl:1" in res.output
