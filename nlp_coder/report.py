"""Human-readable rendering of one ``CodingResult`` (``nlp-coder code`` without ``--json``)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from nlp_coder.schema import CodingResult, Evidence

# One colour per finding family keeps the highlighted text readable.
_LINE_STYLE = "bold green"
_FINDING_STYLE = "bold yellow"


def highlight(text: str, line_spans: list[Evidence], finding_spans: list[Evidence]) -> Text:
    """The note with line evidence in green and finding evidence in yellow."""
    out = Text(text)
    for spans, style in ((line_spans, _LINE_STYLE), (finding_spans, _FINDING_STYLE)):
        for ev in spans:
            if 0 <= ev.start < ev.end <= len(text):
                out.stylize(style, ev.start, ev.end)
    return out


def render_result(result: CodingResult, text: str, console: Console) -> None:
    head = f"[bold]{result.id}[/bold]  payer: {result.payer}  discipline: {result.discipline or 'unknown'}"
    console.print(head)
    if result.error is not None:
        console.print(f"[red]INPUT_ERROR[/red] ({result.error.type}): {result.error.message}")
        return
    lines = Table(title="Lines", show_lines=True)
    for col in ("code", "units", "minutes", "modifiers", "source", "rationale"):
        lines.add_column(col, overflow="fold")
    for ln in result.lines:
        source = ln.source if ln.source == "rules" else f"{ln.source} ({ln.confidence:.2f})"
        lines.add_row(ln.code, str(ln.units), "" if ln.minutes is None else str(ln.minutes),
                      " ".join(ln.modifiers), source, ln.rationale)
    console.print(lines if result.lines else "[dim]no billable line[/dim]")
    if result.findings:
        fnd = Table(title="Findings", show_lines=True)
        fnd.add_column("finding")
        fnd.add_column("message", overflow="fold")
        for f in result.findings:
            fnd.add_row(f.id, f.message)
        console.print(fnd)
    console.print(f"needs_review: {result.needs_review}   timed minutes: {result.totals.timed_minutes}   "
                  f"treatment minutes: {result.totals.treatment_minutes}")
    if text:
        console.print("\n[bold]Evidence[/bold] ([green]lines[/green], [yellow]findings[/yellow]):")
        console.print(highlight(text, [e for ln in result.lines for e in ln.evidence],
                                [e for f in result.findings for e in f.evidence]))
