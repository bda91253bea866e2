"""HTML for one proposal: the note with labelled intervention spans, and the proposal tables.

``note_html`` keeps the note's own line breaks (``white-space: pre-wrap``)
and escapes every piece of note text; overlapping spans are allowed. Each
intervention span is highlighted with a label ``#n CODE`` in front of it
(``clin CODE`` added when the clinician stated another code); the
evidence sub-spans extraction found inside it are underlined, with their
label as tooltip. ``displacy_html`` renders the same spans with
``displacy.render(style="span")`` from a blank Doc.
"""

from __future__ import annotations

import zlib
from html import escape
from typing import Any

from nlp_coder.annotate.proposal import GROUP_NAMES, Proposal

PALETTE = ("#c6e2ff", "#ffd8a8", "#c3f0c8", "#f3c4fb", "#fff3a3", "#b2f2e5", "#ffc9c9", "#d0bfff",
           "#e9ecef", "#ffe066")
UNCODED = "#e9ecef"
CSS = """<style>
.nc-note{white-space:pre-wrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;line-height:2.1;
 border:1px solid #ccc;padding:8px;border-radius:4px;max-height:28em;overflow:auto}
.nc-note mark{padding:1px 0;border-radius:2px;color:inherit}
.nc-note mark.nc-disagree{outline:2px solid #d9480f}
.nc-label{font-family:sans-serif;font-size:10px;font-weight:bold;background:#343a40;color:#fff;border-radius:3px;
 padding:0 3px;margin-right:2px;vertical-align:super;white-space:nowrap}
.nc-label.nc-disagree{background:#d9480f}
.nc-ev{text-decoration:underline dotted 2px}
.nc-tab{border-collapse:collapse;font-size:12px;margin:4px 0}
.nc-tab td,.nc-tab th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
.nc-warn{color:#d9480f;font-weight:bold}
</style>"""


def colour(code: str | None) -> str:
    if not code:
        return UNCODED
    return PALETTE[zlib.crc32(code.encode()) % (len(PALETTE) - 1)]


def note_html(text: str, spans: list[dict[str, Any]], evidence: list[dict[str, Any]] = ()) -> str:
    """The note as HTML; ``spans``: {start, end, label, colour?, disagree?, title?}; ``evidence``: {start, end, label}."""
    n = len(text)
    spans = [s for s in spans if 0 <= s["start"] < s["end"] <= n]
    evidence = [e for e in evidence if 0 <= e["start"] < e["end"] <= n]
    cuts = {0, n}
    for s in (*spans, *evidence):
        cuts.update((s["start"], s["end"]))
    bounds = sorted(cuts)
    starts: dict[int, list[dict[str, Any]]] = {}
    for s in spans:
        starts.setdefault(s["start"], []).append(s)
    out = ['<div class="nc-note">']
    for a, b in zip(bounds, bounds[1:]):
        for s in starts.get(a, ()):
            cls = "nc-label nc-disagree" if s.get("disagree") else "nc-label"
            title = f' title="{escape(s["title"])}"' if s.get("title") else ""
            out.append(f'<span class="{cls}"{title}>{escape(s["label"])}</span>')
        piece = escape(text[a:b])
        cover = [s for s in spans if s["start"] <= a and b <= s["end"]]
        evs = [e for e in evidence if e["start"] <= a and b <= e["end"]]
        if evs:
            title = escape(", ".join(sorted({str(e.get("label") or "evidence") for e in evs})))
            piece = f'<span class="nc-ev" title="{title}">{piece}</span>'
        if cover:
            top = cover[-1]  # the innermost (latest-starting) span colours the piece
            cls = ' class="nc-disagree"' if any(s.get("disagree") for s in cover) else ""
            piece = f'<mark{cls} style="background:{top.get("colour") or colour(None)}">{piece}</mark>'
        out.append(piece)
    out.append("</div>")
    return "".join(out)


def span_specs(proposal: Proposal, codes: list[str | None] | None = None,
               omitted: set[int] = frozenset()) -> list[dict[str, Any]]:
    """Label specs for the proposal's intervention spans (``codes`` overrides the tool's codes;
    indexes in ``omitted`` are shown as left out)."""
    specs = []
    for i, s in enumerate(proposal.spans):
        code = codes[i] if codes is not None and i < len(codes) else s.code
        label = f"#{i + 1} {'left out' if i in omitted else code or 'uncoded'}"
        if s.status != "performed":
            label += f" ({s.status})"
        elif s.other_discipline:
            label += " (other discipline)"
        disagree = s.claimed is not None and s.claimed != code
        if disagree:
            label += f" \u2260 clin {s.claimed}"
        conf = f" p={s.confidence:.2f}" if s.source == "classifier" else ""
        specs.append({"start": s.start, "end": s.end, "label": label, "colour": colour(code),
                      "disagree": disagree, "title": f"{s.source}{conf}: {s.rationale}"})
    return specs


def displacy_html(text: str, spans: list[dict[str, Any]]) -> str:
    """The same spans through ``displacy.render(style="span")`` (token-aligned, labels escaped)."""
    import spacy
    from spacy import displacy

    doc = spacy.blank("en").make_doc(text)
    sc = []
    for s in spans:
        span = doc.char_span(s["start"], s["end"], label=escape(s["label"]), alignment_mode="expand")
        if span is not None:
            sc.append(span)
    doc.spans["sc"] = sc
    colours = {escape(s["label"]): s.get("colour") or colour(None) for s in spans}
    return displacy.render(doc, style="span", jupyter=False, options={"colors": colours})


def _table(head: list[str], rows: list[list[str]]) -> str:
    h = "".join(f"<th>{escape(c)}</th>" for c in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="nc-tab"><tr>{h}</tr>{body}</table>'


def proposal_html(proposal: Proposal, *, low_confidence: float = 0.9, renderer: str = "html") -> str:
    """The note with its spans, then the tool's lines, findings, needs_review and disagreements."""
    p = proposal
    meta = " &middot; ".join(escape(f"{k}: {p.note[k]}") for k in ("payer", "discipline", "date_of_service") if p.note.get(k))
    parts = [CSS, f"<div><b>{escape(p.id)}</b> {meta} &middot; <i>{escape(GROUP_NAMES[p.group(low_confidence)])}</i></div>"]
    specs = span_specs(p)
    if renderer == "displacy":
        parts.append(displacy_html(p.text, specs))
    else:
        evidence = [e for s in p.spans for e in s.evidence]
        parts.append(note_html(p.text, specs, evidence))
    if p.error:
        parts.append(f'<div class="nc-warn">input error: {escape(p.error)}</div>')
    rows = []
    for ln, info in zip(p.lines, p.line_info):
        src = info.get("source") or "rules"
        if src == "classifier":
            src += f" ({info.get('confidence', 0):.2f})"
        minutes = "" if info.get("minutes") is None else str(info["minutes"])
        rows.append([escape(ln.code), str(ln.units), escape(minutes), escape(" ".join(ln.modifiers)),
                     escape(src), escape(info.get("rationale") or "")])
    parts.append("<b>Proposed lines</b>" + (_table(["code", "units", "minutes", "modifiers", "source", "rationale"], rows)
                                            if rows else " <i>none</i>"))
    if p.findings:
        parts.append("<b>Findings</b>" + _table(["finding", "message"],
                                                [[escape(f), escape(p.finding_messages.get(f, ""))] for f in p.findings]))
    else:
        parts.append("<div><b>Findings</b> <i>none</i></div>")
    reasons = p.review_reasons() if p.needs_review else []
    review = "<b>needs_review: " + ("yes" if p.needs_review else "no") + "</b>"
    if reasons:
        review += "<ul>" + "".join(f"<li>{escape(r)}</li>" for r in reasons) + "</ul>"
    parts.append(f"<div>{review}</div>")
    dis = [(i, s) for i, s in enumerate(p.spans, 1) if s.listed and s.disagrees]
    if dis:
        rows = [[f"#{i}", escape(s.claimed_text or ""), escape(s.claimed or ""), escape(s.code or "uncoded"),
                 escape(s.rationale)] for i, s in dis]
        parts.append('<b class="nc-warn">Clinician-stated code differs</b>'
                     + _table(["#", "clinician wrote", "clinician code", "tool code", "tool rationale"], rows))
    return "\n".join(parts)
