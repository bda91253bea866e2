"""The ``nlp-coder`` command line: code | batch | evaluate | train.

Each command only parses options and calls the module that does the work,
so every behaviour is testable without the CLI.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read PT/OT therapy notes and report the CPT codes, units, modifiers and "
    "documentation findings they support. Run 'nlp-coder COMMAND --help' for details.",
)
err = Console(stderr=True)

PayerOpt = Annotated[Optional[str], typer.Option("--payer", help="Payer profile: medicare (default), commercial, aetna, or a name from --payer-file.")]
PtpOpt = Annotated[Optional[list[Path]], typer.Option("--ptp", help="CMS practitioner PTP edit file (official tab-delimited layout). Repeat for f1..f4.")]
MueOpt = Annotated[Optional[Path], typer.Option("--mue", help="CMS practitioner MUE file (official tab-delimited layout).")]
PayerFileOpt = Annotated[Optional[list[Path]], typer.Option("--payer-file", help="Your own payer profile (JSON), validated on load. Repeatable.")]
ModelOpt = Annotated[Optional[Path], typer.Option("--model", help="Trained classifier (.skops) proposing codes where the rules abstain.")]
ThresholdOpt = Annotated[Optional[float], typer.Option("--threshold", min=0.0, max=1.0, help="Classifier probability needed to report a line (default: the model's own).")]


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


def _make_coder(ptp, mue, payer_files, model, threshold):
    from nlp_coder.coder import Coder, SettingsError, load_edits

    try:
        edits = load_edits([str(p) for p in ptp or ()], [str(mue)] if mue else ())
        return Coder(edit_tables=edits, payer_files=[str(p) for p in payer_files or ()],
                     model_path=str(model) if model else None, model_threshold=threshold)
    except SettingsError as exc:
        _fail(str(exc))


@app.command()
def code(
    note: Annotated[Path, typer.Argument(help="A plain-text note file, or '-' for standard input.", allow_dash=True)],
    payer: PayerOpt = None,
    discipline: Annotated[Optional[str], typer.Option(help="PT, OT or SLP; inferred from the note when absent.")] = None,
    date_of_service: Annotated[Optional[str], typer.Option("--date", help="Date of service, YYYY-MM-DD (selects edit rows in force).")] = None,
    note_id: Annotated[Optional[str], typer.Option("--id", help="Note id for the output (default: the file name).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the output record as JSON instead of a table.")] = False,
    ptp: PtpOpt = None,
    mue: MueOpt = None,
    payer_file: PayerFileOpt = None,
    model: ModelOpt = None,
    threshold: ThresholdOpt = None,
) -> None:
    """Code one note: lines, units, modifiers, findings, with rationale and evidence."""
    try:
        raw = sys.stdin.buffer.read() if str(note) == "-" else note.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {note}: {exc.strerror}")
    record: dict = {"id": note_id or ("stdin" if str(note) == "-" else note.name)}
    try:
        record["text"] = raw.decode("utf-8")
    except UnicodeDecodeError:
        record["text"] = None  # becomes an INPUT_ERROR record, like in batch
    for key, value in (("payer", payer), ("discipline", discipline), ("date_of_service", date_of_service)):
        if value:
            record[key] = value
    coder = _make_coder(ptp, mue, payer_file, model, threshold)
    (result,) = coder.code_records([(1, record)])
    if as_json:
        typer.echo(result.to_json())
    else:
        from nlp_coder.report import render_result

        render_result(result, record.get("text") or "", Console())
    if result.error is not None:
        raise typer.Exit(1)


@app.command()
def batch(
    input_path: Annotated[str, typer.Argument(metavar="IN", help="JSONL (or CSV with --format csv) of notes; '-' for standard input.")],
    output: Annotated[str, typer.Option("-o", "--output", help="Output JSONL; '-' for standard output. Re-running with the same file resumes.")],
    fmt: Annotated[str, typer.Option("--format", help="Input format: jsonl or csv (columns id, text, optional payer, discipline, date_of_service).")] = "jsonl",
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Worker processes (default: number of cores).")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (process pool) or dask.")] = "local",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786); without it a local cluster starts.")] = None,
    payer: PayerOpt = None,
    max_chars: Annotated[int, typer.Option("--max-chars", min=1, help="Notes longer than this become INPUT_ERROR records.")] = 1_000_000,
    note_timeout: Annotated[float, typer.Option("--note-timeout", min=0, help="Seconds one note may take before it is stopped and written as an INPUT_ERROR of type timeout (0: no limit; local engine only).")] = 60.0,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Start over instead of resuming an existing output file.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    ptp: PtpOpt = None,
    mue: MueOpt = None,
    payer_file: PayerFileOpt = None,
    model: ModelOpt = None,
    threshold: ThresholdOpt = None,
) -> None:
    """Code a file of notes: one output record per input record, in input order, resumable."""
    from nlp_coder.bulk.run import run_from_cli

    code_ = run_from_cli(
        input_path=input_path, output_path=output, fmt=fmt, workers=workers, engine=engine,
        scheduler=scheduler, payer=payer, max_chars=max_chars, note_timeout=note_timeout, overwrite=overwrite,
        quiet=quiet, ptp=[str(p) for p in ptp or ()], mue=[str(mue)] if mue else [],
        payer_files=[str(p) for p in payer_file or ()], model=str(model) if model else None,
        threshold=threshold, console=err,
    )
    raise typer.Exit(code_)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL: input fields plus 'gold' (lines, findings, needs_review).")],
    predictions: Annotated[Optional[Path], typer.Option("--predictions", help="Also write the tool's output records here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
    model: ModelOpt = None,
    threshold: ThresholdOpt = None,
    payer_file: PayerFileOpt = None,
) -> None:
    """Score the tool against gold records: per-code P/R/F1, line accuracy, finding F1, confusion."""
    from nlp_coder.evaluate import read_gold, render, score

    try:
        records = list(read_gold(gold))
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    coder = _make_coder(None, None, payer_file, None, None)
    results = coder.code_records([(i, r.note_fields()) for i, r in enumerate(records, 1)])
    if predictions:
        with open(predictions, "w", encoding="utf-8") as fh:
            for res in results:
                fh.write(res.to_json() + "\n")
    report = score(zip(records, results))
    if model is not None:
        from nlp_coder.classify.evaluate import compare_with_model

        extra = compare_with_model(records, coder, model, threshold)
    else:
        extra = None
    if as_json:
        out = report.as_dict()
        if extra is not None:
            out["classifier"] = extra
        typer.echo(json.dumps(out, indent=2))
    else:
        render(report, Console())
        if extra is not None:
            Console().print_json(json.dumps(extra))


@app.command()
def train(
    corpus: Annotated[Path, typer.Argument(help="Annotated corpus JSONL (its train split); never the held-out split.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model file to write (.skops).")],
    dev: Annotated[Optional[Path], typer.Option("--dev", help="Dev split used to choose the threshold.")] = None,
    threshold: ThresholdOpt = None,
    trained_date: Annotated[Optional[str], typer.Option("--trained-date", help="Date recorded in the model (YYYY-MM-DD); default from the corpus.")] = None,
) -> None:
    """Train the optional classifier that proposes codes where the rules abstain."""
    from nlp_coder.classify.train import train as train_model

    try:
        report = train_model(str(corpus), str(output), trained_date=trained_date, threshold=threshold,
                             dev_path=str(dev) if dev else None)
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    typer.echo(report.model_dump_json(indent=2))


from nlp_coder.annotate.export import cli_command as _export_annotations  # noqa: E402

app.command("export-annotations")(_export_annotations)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
