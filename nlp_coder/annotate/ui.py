"""The ipywidgets form over an ``AnnotationSession``.

Layout, which is also the tab order (reading order, Accept first):
progress line; the note and the tool's proposal (HTML, not focusable);
Accept, Skip, Back; a status line; the editable lines table (code, units,
modifiers, remove; "+ line"); one code Dropdown per intervention in text
order (plus "add intervention" from a quote of the note); findings
(TagsInput limited to the stable finding ids); needs_review (Checkbox);
annotator (Text).

"Accept" saves the form: ``accepted`` when it still equals the proposal,
``corrected`` otherwise (the status line says which before you click).
Every control works headlessly (``button.click()``, ``.value = ...``).
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from nlp_coder.annotate.proposal import (
    FINDING_IDS,
    Annotation,
    Line,
    Proposal,
    checks,
    known_codes,
    parse_modifiers,
)
from nlp_coder.annotate.render import CSS, colour, note_html, proposal_html, span_specs
from nlp_coder.annotate.session import AnnotationSession, SaveError

NO_CODE = ""  # Dropdown value for "no code" (a performed service that earns no code)
OMIT = "-"  # Dropdown value for "not listed" (not performed, or the other discipline's)


class LineRow:
    """One editable line: code, units, modifiers, remove."""

    def __init__(self, code: str = "", units: int = 1, modifiers: list[str] = (), on_remove=None, on_change=None):
        self.code = w.Combobox(value=code, options=list(known_codes()), ensure_option=False, placeholder="code",
                               layout=w.Layout(width="110px"))
        self.units = w.BoundedIntText(value=units, min=0, max=999, layout=w.Layout(width="70px"))
        self.modifiers = w.Text(value=" ".join(modifiers), placeholder="modifiers (GP 59)",
                                layout=w.Layout(width="160px"))
        self.remove = w.Button(description="\u2715", tooltip="remove this line", layout=w.Layout(width="36px"))
        if on_remove is not None:
            self.remove.on_click(lambda _b: on_remove(self))
        if on_change is not None:
            for wid in (self.code, self.units, self.modifiers):
                wid.observe(on_change, names="value")
        self.box = w.HBox([self.code, self.units, self.modifiers, self.remove])

    def close(self) -> None:
        for wid in (self.code, self.units, self.modifiers, self.remove, self.box):
            wid.close()

    def line(self) -> Line:
        return Line(self.code.value.strip().upper(), int(self.units.value), parse_modifiers(self.modifiers.value))


class SpanRow:
    """One intervention: its snippet and a code Dropdown (added ones can be removed)."""

    def __init__(self, label: str, start: int, end: int, code: str | None, options: list, on_change=None,
                 on_remove=None, added: bool = False):
        self.start, self.end, self.added = start, end, added
        if code and code not in [v for _, v in options]:
            options = options + [(code, code)]
        self.code = w.Dropdown(options=options, value=NO_CODE if code is None else code,
                               layout=w.Layout(width="150px"))
        self.label = w.HTML(label)
        if on_change is not None:
            self.code.observe(on_change, names="value")
        kids: list[Any] = [self.code, self.label]
        if added:
            self.remove = w.Button(description="\u2715", tooltip="remove this intervention", layout=w.Layout(width="36px"))
            if on_remove is not None:
                self.remove.on_click(lambda _b: on_remove(self))
            kids.append(self.remove)
        self.box = w.HBox(kids)

    def close(self) -> None:
        for wid in self.box.children + (self.box,):
            wid.close()

    @property
    def omitted(self) -> bool:
        return self.code.value == OMIT

    def span(self) -> tuple[int, int, str | None] | None:
        return None if self.omitted else (self.start, self.end, self.code.value or None)


class Annotator:
    def __init__(self, session: AnnotationSession, *, renderer: str = "html"):
        self.session = session
        self.renderer = renderer
        self._loading = False
        self.progress = w.HTML()
        self.note = w.HTML()
        self.accept_btn = w.Button(description="Accept", button_style="success", icon="check",
                                   tooltip="save this note: accepted as proposed, or corrected if you edited it")
        self.skip_btn = w.Button(description="Skip", tooltip="record as skipped (left out of the corpus)")
        self.back_btn = w.Button(description="Back", tooltip="the note shown before this one")
        self.status = w.HTML()
        self.line_rows: list[LineRow] = []
        self.lines_box = w.VBox()
        self.add_line_btn = w.Button(description="+ line", tooltip="add a line")
        self.span_rows: list[SpanRow] = []
        self.spans_box = w.VBox()
        self.quote = w.Text(placeholder="quote from the note", description="new span", layout=w.Layout(width="420px"))
        self.add_span_btn = w.Button(description="+ intervention", tooltip="add an intervention at the quoted text")
        self.findings = w.TagsInput(value=[], allowed_tags=list(FINDING_IDS), allow_duplicates=False)
        self.needs_review = w.Checkbox(value=False, description="needs review", indent=False)
        self.annotator = w.Text(value=session.annotator, description="annotator", placeholder="your name")

        self.accept_btn.on_click(lambda _b: self.accept())
        self.skip_btn.on_click(lambda _b: self.skip())
        self.back_btn.on_click(lambda _b: self.back())
        self.add_line_btn.on_click(lambda _b: self.add_line())
        self.add_span_btn.on_click(lambda _b: self.add_span(self.quote.value))
        self.findings.observe(self._changed, names="value")
        self.needs_review.observe(self._changed, names="value")

        self.widget = w.VBox([
            self.progress,
            self.note,
            w.HBox([self.accept_btn, self.skip_btn, self.back_btn]),
            self.status,
            w.HTML("<b>Lines</b> (code, units, modifiers)"),
            self.lines_box,
            self.add_line_btn,
            w.HTML("<b>Interventions</b> (code per span, in text order)"),
            self.spans_box,
            w.HBox([self.quote, self.add_span_btn]),
            w.HTML("<b>Findings</b>"),
            self.findings,
            self.needs_review,
            self.annotator,
        ])
        self.load()

    # ------------------------------------------------------------ display

    def _ipython_display_(self) -> None:  # pragma: no cover - display only
        from IPython.display import display

        display(self.widget)

    def focus_order(self) -> list[w.Widget]:
        """The focusable widgets in tab order (that is, layout order)."""
        out: list[w.Widget] = []

        def walk(x: w.Widget) -> None:
            if isinstance(x, w.Box):
                for c in x.children:
                    walk(c)
            elif not isinstance(x, (w.HTML, w.Label)):
                out.append(x)

        walk(self.widget)
        return out

    def _span_options(self) -> list[tuple[str, str]]:
        return [("(no code)", NO_CODE), ("(leave out)", OMIT)] + [(c, c) for c in known_codes()]

    def load(self) -> None:
        """Fill the form with the current proposal (or its saved answer after Back)."""
        self._loading = True
        try:
            s = self.session
            p = s.current
            self.lines_box.children, self.spans_box.children = (), ()
            for row in self.line_rows + self.span_rows:  # release the previous note's widgets
                row.close()
            self.progress.value = escape(s.progress_text())
            self.accept_btn.disabled = self.skip_btn.disabled = p is None
            self.back_btn.disabled = not s.can_go_back
            if p is None:
                self.note.value = CSS + f"<h4>All {len(s.queue)} queued notes are annotated.</h4>"
                self.line_rows, self.span_rows = [], []
                self._refresh_boxes()
                self.findings.value, self.needs_review.value = [], False
                return
            saved = s.saved_annotation(p)
            ann = saved or p.as_annotation()
            self.line_rows = [self._line_row(ln.code, ln.units, ln.modifiers) for ln in ann.lines]
            codes = {(a, b): c for a, b, c in ann.spans}
            self.span_rows = []
            for i, sp in enumerate(p.spans):
                if saved:
                    code = codes.pop((sp.start, sp.end), OMIT)
                else:
                    code = sp.code if sp.listed else OMIT
                self.span_rows.append(SpanRow(self._span_label(p, i), sp.start, sp.end, code, self._span_options(),
                                              on_change=self._changed))
            for (a, b), c in sorted(codes.items()) if saved else ():
                self._append_added(p, a, b, c)
            self._refresh_boxes()
            extra = [f for f in ann.findings + p.findings if f not in FINDING_IDS]
            self.findings.allowed_tags = list(FINDING_IDS) + sorted(set(extra))
            self.findings.value = list(dict.fromkeys(ann.findings))
            self.needs_review.value = ann.needs_review
            self.quote.value = ""
        finally:
            self._loading = False
        self._changed()
        rec = s.saved(p.id) if p is not None else None
        if rec is not None:
            self.status.value += f" <i>(already saved as {escape(str(rec.get('decision', '')))})</i>"

    def _span_label(self, p: Proposal, i: int) -> str:
        sp = p.spans[i]
        snippet = " ".join(p.text[sp.start:sp.end].split())
        snippet = snippet if len(snippet) <= 70 else snippet[:67] + "..."
        tool = sp.code or "uncoded"
        extra = f" (tool {escape(tool)}" + (f", clinician {escape(sp.claimed)}" if sp.claimed else "") + ")"
        if sp.status != "performed":
            extra += f" [{escape(sp.status)}: left out unless you give it a code]"
        elif sp.other_discipline:
            extra += " [other discipline: left out unless you give it a code]"
        return f"#{i + 1} <code>{escape(snippet)}</code>{extra}"

    def _line_row(self, code: str, units: int, modifiers: list[str]) -> LineRow:
        return LineRow(code, units, modifiers, on_remove=self.remove_line, on_change=self._changed)

    def _refresh_boxes(self) -> None:
        self.lines_box.children = [r.box for r in self.line_rows]
        self.spans_box.children = [r.box for r in self.span_rows]

    def _render_note(self) -> None:
        p = self.session.current
        if p is None:
            return
        n = len(p.spans)
        html = proposal_html(p, low_confidence=self.session.low_confidence, renderer=self.renderer)
        codes = [r.code.value or None for r in self.span_rows[:n]]
        omitted = {i for i, r in enumerate(self.span_rows[:n]) if r.omitted}
        if (codes != [sp.code for sp in p.spans] or omitted != {i for i, sp in enumerate(p.spans) if not sp.listed}
                or len(self.span_rows) > n):
            specs = span_specs(p, codes, omitted)
            for j, r in enumerate(self.span_rows[n:], 1):
                c = r.code.value or None
                specs.append({"start": r.start, "end": r.end, "label": f"+{j} {c or 'uncoded'}", "colour": colour(c)})
            evidence = [e for s in p.spans for e in s.evidence]
            html += "<div><b>Your version</b></div>" + note_html(p.text, specs, evidence)
        self.note.value = html

    # ------------------------------------------------------------ editing

    def annotation(self) -> Annotation:
        return Annotation(lines=[r.line() for r in self.line_rows], findings=list(self.findings.value),
                          needs_review=bool(self.needs_review.value),
                          spans=[sp for sp in (r.span() for r in self.span_rows) if sp is not None])

    def _changed(self, _change: Any = None) -> None:
        if self._loading:
            return
        self._render_note()
        if self.session.current is None:
            self.status.value = ""
            return
        ann = self.annotation()
        if self.session.is_unchanged(ann):
            self.status.value = "unchanged: <b>Accept</b> saves it as <i>accepted</i>"
        else:
            self.status.value = "edited: <b>Accept</b> saves it as <i>corrected</i>"
        hints = checks(ann)
        if hints:
            self.status.value += "<br><span style='color:#8a6d00'>check: " + escape("; ".join(hints)) + "</span>"

    def add_line(self, code: str = "", units: int = 1, modifiers: list[str] = ()) -> LineRow:
        row = self._line_row(code, units, list(modifiers))
        self.line_rows.append(row)
        self._refresh_boxes()
        self._changed()
        return row

    def remove_line(self, row: LineRow) -> None:
        self.line_rows = [r for r in self.line_rows if r is not row]
        self._refresh_boxes()
        row.close()
        self._changed()

    def _append_added(self, p: Proposal, start: int, end: int, code: str | None) -> SpanRow:
        snippet = " ".join(p.text[start:end].split())[:70]
        row = SpanRow(f"added <code>{escape(snippet)}</code> ({start}-{end})", start, end, code,
                      self._span_options(), on_change=self._changed, on_remove=self.remove_span, added=True)
        self.span_rows.append(row)
        return row

    def add_span(self, quote: str, code: str | None = None) -> SpanRow | None:
        """Add an intervention at the first occurrence of ``quote`` in the note not already added."""
        p = self.session.current
        quote = (quote or "").strip()
        if p is None or not quote:
            return None
        taken = {(r.start, r.end) for r in self.span_rows}
        text, low, q = p.text, p.text.lower(), quote.lower()
        pos = low.find(q)
        while pos >= 0 and (pos, pos + len(q)) in taken:
            pos = low.find(q, pos + 1)
        if pos < 0:
            self.status.value = f'<span class="nc-warn" style="color:#d9480f">quote not found in the note: {escape(quote)}</span>'
            return None
        row = self._append_added(p, pos, pos + len(q), code)
        self.quote.value = ""
        self._refresh_boxes()
        self._changed()
        assert text[pos:pos + len(q)].lower() == q
        return row

    def remove_span(self, row: SpanRow) -> None:
        self.span_rows = [r for r in self.span_rows if r is not row]
        self._refresh_boxes()
        row.close()
        self._changed()

    # ------------------------------------------------------------ decisions

    def accept(self) -> dict[str, Any] | None:
        p = self.session.current
        try:
            rec = self.session.save(self.annotation(), annotator=self.annotator.value)
        except SaveError as exc:
            self.status.value = f'<b style="color:#d9480f">not saved: {escape(str(exc))}</b>'
            return None
        self.load()
        self.status.value = f"saved {escape(p.id)} as <i>{rec['decision']}</i>. " + self.status.value
        return rec

    def skip(self) -> dict[str, Any] | None:
        p = self.session.current
        if p is None:
            return None
        rec = self.session.skip(annotator=self.annotator.value)
        self.load()
        self.status.value = f"skipped {escape(p.id)}. " + self.status.value
        return rec

    def back(self) -> bool:
        moved = self.session.back()
        self.load()
        return moved


def annotator_from_env(**kw: Any) -> Annotator:
    """The form over ``AnnotationSession.from_env()`` (ANNOTATE_INPUT, ANNOTATE_OUTPUT, ANNOTATOR)."""
    renderer = kw.pop("renderer", "html")
    return Annotator(AnnotationSession.from_env(**kw), renderer=renderer)
