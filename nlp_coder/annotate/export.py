"""Export the annotation corpus to Prodigy and Label Studio JSONL.

Only the records ``load_corpus`` returns are exported (last decision per id,
skipped notes left out). Interventions without a code are left out of the
spans (they carry no label).

- Prodigy: ``{"text", "spans": [{"start", "end", "label"}], "meta": {...},
  "answer": "accept"}`` (``prodigy db-in DATASET out.jsonl``).
- Label Studio: ``{"data": {"text", "note_id", "gold"}, "annotations":
  [{"result": [{"id", "from_name": "label", "to_name": "text", "type":
  "labels", "value": {"start", "end", "text", "labels": [code]}}]}]}``;
  ``label_studio_config()`` gives a matching labelling config.

- gold: the records themselves, as ``nlp-coder evaluate`` and the classifier's
  training read them (skipped and superseded records already left out).

Command line: ``python -m nlp_coder.annotate.export CORPUS -o OUT --format
prodigy|labelstudio|gold`` (``-o -`` writes standard output); for the
``nlp-coder`` app: ``app.command("export-annotations")(cli_command)``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from html import escape
from typing import Annotated, Any, Iterable, Literal, TextIO

import typer

from nlp_coder.annotate.proposal import known_codes
from nlp_coder.annotate.store import load_corpus

FORMATS = ("prodigy", "labelstudio", "gold")
Format = Literal["prodigy", "labelstudio", "gold"]
_META_KEYS = ("id", "payer", "discipline", "date_of_service", "annotator", "annotated_at", "decision")


def _spans(rec: dict[str, Any]) -> list[dict[str, Any]]:
    text = rec.get("text") or ""
    out = []
    for iv in rec.get("interventions") or []:
        s, e, code = iv.get("start"), iv.get("end"), iv.get("code")
        if code and isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text):
            out.append({"start": s, "end": e, "label": str(code)})
    return sorted(out, key=lambda x: (x["start"], x["end"]))


def to_prodigy(rec: dict[str, Any]) -> dict[str, Any]:
    meta = {k: rec[k] for k in _META_KEYS if rec.get(k) is not None}
    meta["gold"] = rec.get("gold")
    return {"text": rec["text"], "spans": _spans(rec), "meta": meta, "answer": "accept"}


def to_labelstudio(rec: dict[str, Any]) -> dict[str, Any]:
    text = rec["text"]
    result = [{"id": f"iv{i}", "from_name": "label", "to_name": "text", "type": "labels",
               "value": {"start": s["start"], "end": s["end"], "text": text[s["start"]:s["end"]], "labels": [s["label"]]}}
              for i, s in enumerate(_spans(rec))]
    data = {"text": text, "note_id": rec.get("id"), "gold": rec.get("gold")}
    for k in ("payer", "discipline", "date_of_service"):
        if rec.get(k) is not None:
            data[k] = rec[k]
    ann: dict[str, Any] = {"result": result}
    if rec.get("annotated_at"):
        ann["created_at"] = rec["annotated_at"]
    return {"data": data, "annotations": [ann],
            "meta": {k: rec[k] for k in ("annotator", "decision") if rec.get(k) is not None}}


def label_studio_config(codes: Iterable[str] | None = None) -> str:
    """A Label Studio labelling config matching ``to_labelstudio`` (from_name 'label', to_name 'text')."""
    labels = "".join(f'    <Label value="{escape(c)}"/>\n' for c in (codes or known_codes()))
    return ('<View>\n  <Labels name="label" toName="text">\n' + labels +
            '  </Labels>\n  <Text name="text" value="$text"/>\n</View>\n')


def export_records(records: Iterable[dict[str, Any]], out: TextIO, fmt: Format = "prodigy") -> int:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    conv = {"prodigy": to_prodigy, "labelstudio": to_labelstudio, "gold": dict}[fmt]
    n = 0
    for rec in records:
        out.write(json.dumps(conv(rec), ensure_ascii=False) + "\n")
        n += 1
    return n


def export_annotations(corpus: str | os.PathLike[str], out: str | os.PathLike[str] | TextIO,
                       fmt: Format = "prodigy") -> int:
    """Write the corpus as Prodigy, Label Studio or gold JSONL; returns the number of records.

    ``out`` is a path, ``"-"`` for standard output, or an open text stream.
    Raises ``FileNotFoundError`` for a missing corpus, ``ValueError`` for an
    unknown format or a corpus line that is not JSON.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not os.path.exists(corpus):
        raise FileNotFoundError(f"no corpus at {corpus}")
    records = load_corpus(corpus)
    if hasattr(out, "write"):
        return export_records(records, out, fmt)  # type: ignore[arg-type]
    if str(out) == "-":
        return export_records(records, sys.stdout, fmt)
    with open(out, "w", encoding="utf-8") as fh:
        return export_records(records, fh, fmt)


def cli_command(
    corpus: Annotated[str, typer.Argument(help="Annotation corpus JSONL (written by notebooks/annotate.ipynb).")],
    output: Annotated[str, typer.Option("-o", "--output", help="Output JSONL; '-' for standard output.")],
    fmt: Annotated[str, typer.Option("--format", help="prodigy, labelstudio, or gold (for nlp-coder evaluate).")] = "prodigy",
) -> None:
    """Export the annotation corpus for Prodigy or Label Studio (last decision per note, skipped notes left out)."""
    try:
        n = export_annotations(corpus, output, fmt)  # type: ignore[arg-type]
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{n} records written ({fmt})", err=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="nlp-coder export-annotations",
                                 description="Export the annotation corpus for Prodigy or Label Studio.")
    ap.add_argument("corpus")
    ap.add_argument("-o", "--output", required=True, help="output JSONL, '-' for standard output")
    ap.add_argument("--format", choices=FORMATS, default="prodigy")
    args = ap.parse_args(argv)
    try:
        n = export_annotations(args.corpus, args.output, args.format)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{n} records written ({args.format})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
