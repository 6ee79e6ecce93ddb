"""The Agreements & projects and Timeline tabs: pure HTML/SVG rendering of explorer rows, and their Gradio wiring."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from .explorer import KINDS, AgreementRow, TimelinePoint, filter_rows, rows_csv
from .sourcemap import SourceSpan

if TYPE_CHECKING:  # pragma: no cover
    from .assistant import Assistant

CONTEXT_CHARS = 160  # characters of the release shown either side of a record in its source view
ALL = "All"


def _h(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def file_place(span: SourceSpan) -> str:
    """Where a span sits, in words: "file.txt, characters 10–20 (bytes 10–22)", or why not known."""
    if span.file_start is not None:
        return (
            f"{span.path}, characters {span.file_start}–{span.file_end} "
            f"(bytes {span.byte_start}–{span.byte_end}, {span.encoding})"
        )
    return f"{span.path}: no file offsets — {span.file_offsets_note}"


def _source_view(span: SourceSpan, context: str, before: str, after: str) -> str:
    """The record marked in its release, with its offsets: what a row's "Source" opens."""
    url = (
        f' · <a href="{_h(span.url)}" rel="noopener noreferrer">{_h(span.url)}</a>'
        if span.url and span.url.startswith(("https://", "http://"))
        else ""
    )
    return (
        f'<blockquote class="sci-passage">{"… " if before else ""}{_h(before)}'
        f'<mark class="sci-quote">{_h(context)}</mark>{_h(after)}{" …" if after else ""}</blockquote>'
        f'<p class="sci-meta">{_h(span.title)} · {_h(span.date or "undated")}{url}<br>'
        f"{_h(file_place(span))}; characters {span.start}–{span.end} of the normalised text</p>"
    )


def render_agreements(
    rows: Sequence[AgreementRow], total: int, text_of: Callable[[str], str | None] = lambda _doc_id: None
) -> str:
    """HTML: a count line and one table row per record; each row's "Source" opens the record marked
    in its release with its document and file offsets. ``text_of(doc_id)`` gives a release's text
    for the context around each record (None: the record alone)."""
    head = (
        f'<p class="sci-count" role="status">Showing <strong>{len(rows)}</strong> of {total} '
        f"records (MOUs and projects listed in the releases).</p>"
    )
    if not rows:
        return f'<div class="sci-agreements">{head}<p>No record matches: clear the search or a filter.</p></div>'
    body = []
    for i, r in enumerate(rows, 1):
        s = r.source
        text = text_of(s.doc_id)
        before = text[max(0, s.start - CONTEXT_CHARS) : s.start] if text else ""
        after = text[s.end : s.end + CONTEXT_CHARS] if text else ""
        number = f"{r.number}. " if r.number is not None else ""
        cells = (
            ("meeting", _h(r.meeting)),
            ("date", _h(r.date or "undated")),
            ("kind", _h(r.kind)),
            ("parties", "<br>".join(_h(p) for p in r.parties)),
            ("section", _h(r.section)),
            ("title", _h(number) + _h(r.title)),
            ("description", _h(r.description)),
            ("source", f'<details class="sci-record-source"><summary>Source</summary>'
             f"{_source_view(s, s.text, before, after)}</details>"),
        )  # fmt: skip
        body.append(
            f'<tr class="sci-record" id="sci-record-{i}" data-doc="{_h(s.doc_id)}" data-start="{s.start}" '
            f'data-end="{s.end}">'
            + "".join(f'<td class="sci-c-{key}" data-label="{COLUMNS[key]}">{value}</td>' for key, value in cells)
            + "</tr>"
        )
    head_row = "".join(f'<th scope="col">{label}</th>' for label in COLUMNS.values())
    return (
        f'<div class="sci-agreements">{head}<div class="sci-table-wrap" tabindex="0" '
        'aria-label="Agreements and projects table">'
        f'<table class="sci-agreements-table"><thead><tr>{head_row}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div></div>"
    )


# The table's columns (key: header). On a phone each row is a card: title first, each cell labelled.
COLUMNS = {
    "meeting": "Meeting",
    "date": "Date",
    "kind": "Kind",
    "parties": "Parties",
    "section": "Pillar / section",
    "title": "Title",
    "description": "Description",
    "source": "Source",
}


def agreements_json(rows: Sequence[AgreementRow]) -> str:
    """The rows as a JSON document: one object per record, each with its source span."""
    return json.dumps({"records": [r.to_json() for r in rows]}, indent=2, ensure_ascii=False) + "\n"


# -- the timeline chart --------------------------------------------------------------------------

# The chart is SVG written here rather than a Gradio plot: every point must be a link to its source
# sentence that a keyboard and a screen reader reach, and Gradio's Vega plots draw points on a
# canvas with neither. It needs no script and makes no request.
_W, _H = 720, 340
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 24, 24, 72
# Series: what each marker counts, its colour (≥ 4.5:1 on white), its marker shape.
SERIES = (
    ("mous", "MOUs signed at the meeting (listed)", "#1d4ed8", "circle"),
    ("projects", "Projects launched at the meeting (listed)", "#b45309", "square"),
    ("total-mous", "Total MOUs to date (as stated)", "#1d4ed8", "ring"),
    ("total-projects", "Total projects to date (as stated)", "#b45309", "diamond"),
)


def _day(value: str | None) -> int | None:
    try:
        return date.fromisoformat(value).toordinal() if value else None
    except ValueError:
        return None


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}"/>'
    if shape == "ring":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#fff" stroke="{colour}" stroke-width="3"/>'
    if shape == "square":
        return f'<rect x="{x - 5.5:.1f}" y="{y - 5.5:.1f}" width="11" height="11" fill="{colour}"/>'
    return (
        f'<path d="M{x:.1f} {y - 7:.1f} L{x + 7:.1f} {y:.1f} L{x:.1f} {y + 7:.1f} L{x - 7:.1f} {y:.1f} Z" '
        f'fill="#fff" stroke="{colour}" stroke-width="3"/>'
    )


def _values(p: TimelinePoint) -> dict[str, tuple[int | None, SourceSpan]]:
    totals = {t.noun: t for t in p.totals}
    out: dict[str, tuple[int | None, SourceSpan]] = {"mous": (p.mous, p.source), "projects": (p.projects, p.source)}
    for key, noun in (("total-mous", "MOUs"), ("total-projects", "projects")):
        t = totals.get(noun)
        out[key] = (t.value, t.source) if t else (None, p.source)
    return out


def render_timeline(points: Sequence[TimelinePoint]) -> str:
    """HTML: an SVG chart of the meetings over time (one group of linked markers per meeting), a
    legend, and below it each meeting's source sentences with their offsets (the points' targets)."""
    if not points:
        return '<div class="sci-timeline"><p>No meeting is reported in the releases.</p></div>'
    days = [_day(p.date) for p in points]
    known = [d for d in days if d is not None]
    lo, hi = (min(known), max(known)) if known else (0, 1)
    span = max(hi - lo, 1)
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    top_value = max([1] + [v for p in points for v, _ in _values(p).values() if v is not None])
    step = 10 if top_value > 20 else 5 if top_value > 8 else 1
    y_max = -(-top_value // step) * step

    def x_of(i: int) -> float:
        if len(points) == 1 or days[i] is None:
            return _LEFT + plot_w * (i + 1) / (len(points) + 1)
        return _LEFT + 20 + (plot_w - 40) * (days[i] - lo) / span

    def y_of(v: int) -> float:
        return _TOP + plot_h * (1 - v / y_max)

    parts = [
        f'<svg class="sci-timeline-chart" viewBox="0 0 {_W} {_H}" role="group" '
        'aria-labelledby="sci-tl-title" preserveAspectRatio="xMidYMid meet">',
        '<title id="sci-tl-title">Meetings over time: MOUs and projects listed at each, and the totals '
        "to date the releases state</title>",
    ]
    for v in range(0, y_max + 1, step):
        y = y_of(v)
        parts.append(
            f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d1d5db"/>'
            f'<text x="{_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" class="sci-tl-axis">{v}</text>'
        )
    # Lines join the stated totals from meeting to meeting: a running total reads as a rise.
    for key, _, colour, _ in SERIES[2:]:
        pts = [(x_of(i), y_of(v)) for i, p in enumerate(points) for v, _ in [_values(p)[key]] if v is not None]
        if len(pts) > 1:
            d = " ".join(f"{'M' if k == 0 else 'L'}{x:.1f} {y:.1f}" for k, (x, y) in enumerate(pts))
            parts.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="6 4"/>')
    for i, p in enumerate(points):
        x = x_of(i)
        k = i + 1
        parts.append(
            f'<g class="sci-tl-meeting" data-meeting="{_h(p.meeting)}" data-date="{_h(p.date or "")}">'
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{_TOP}" y2="{_TOP + plot_h}" stroke="#9ca3af" '
            'stroke-dasharray="2 3"/>'
            f'<a href="#sci-tl-src-{k}" class="sci-tl-label"><text x="{x:.1f}" y="{_H - _BOTTOM + 22}" '
            f'text-anchor="middle">{_h(p.meeting)}</text><text x="{x:.1f}" y="{_H - _BOTTOM + 40}" '
            f'text-anchor="middle" class="sci-tl-axis">{_h(p.date or "undated")}</text></a>'
        )
        for key, label, colour, shape in SERIES:
            v, src = _values(p)[key]
            if v is None:
                continue
            dx = {"mous": -9, "projects": 9, "total-mous": -9, "total-projects": 9}[key]
            target = f"sci-tl-src-{k}" if key in ("mous", "projects") else f"sci-tl-src-{k}-{key}"
            parts.append(
                f'<a href="#{target}" class="sci-tl-point" data-series="{key}">'
                f"<title>{_h(p.meeting)}, {_h(p.date or 'undated')}: {_h(label)}: {v}</title>"
                f"{_marker(shape, x + dx, y_of(v), colour)}</a>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    legend = "".join(
        f'<li><svg width="18" height="18" aria-hidden="true">{_marker(shape, 9, 9, colour)}</svg> {_h(label)}</li>'
        for _, label, colour, shape in SERIES
    )
    notes = []
    for i, p in enumerate(points, 1):
        where = f", {p.place}" if p.place else ""
        items = [
            f'<li id="sci-tl-src-{i}" tabindex="-1"><strong>{_h(p.meeting)}</strong> '
            f"({_h(p.date or 'undated')}{_h(where)}): {p.mous} MOUs and {p.projects} projects listed "
            f"in the release. Named in: “{_h(p.source.text)}” — {_h(file_place(p.source))}</li>"
        ]
        for t in p.totals:
            key = "total-mous" if t.noun == "MOUs" else "total-projects"
            items.append(
                f'<li id="sci-tl-src-{i}-{key}" tabindex="-1">Total {_h(t.noun)} to date as of '
                f"{_h(t.as_of or 'undated')}: <strong>{t.value}</strong> — “{_h(t.source.text)}” — "
                f"{_h(file_place(t.source))}</li>"
            )
        notes.append("".join(items))
    return (
        f'<div class="sci-timeline"><div class="sci-chart-wrap">{"".join(parts)}</div>'
        f'<ul class="sci-legend">{legend}</ul><h3>Sources of each point</h3>'
        f'<ul class="sci-tl-sources">{"".join(notes)}</ul></div>'
    )


# -- Gradio wiring -------------------------------------------------------------------------------


def meeting_choices(rows: Sequence[AgreementRow]) -> list[str]:
    """ "All" and each meeting with records, oldest first."""
    return [ALL] + list(dict.fromkeys(r.meeting for r in sorted(rows, key=lambda r: r.date or "")))


def explorer_tabs(assistant: Assistant, write: Callable[[str, str], str]) -> tuple[Callable[[], tuple], list]:
    """The Agreements & projects and Timeline tabs, inside the caller's ``gr.Tabs``. ``write(name,
    text)`` stores a download and returns its path.

    Returns a function that re-renders both tabs from the assistant's current index and the
    components it updates (the caller runs it on page load, after switching to a newer index).
    """
    import gradio as gr

    def text_of(doc_id: str) -> str | None:
        try:
            return assistant.document(doc_id).text
        except Exception:
            return None

    def shown(query: str, meeting: str, kind: str) -> list[AgreementRow]:
        return filter_rows(
            assistant.records(),
            query or "",
            None if meeting in (None, ALL) else meeting,
            None if kind in (None, ALL) else kind,
        )

    def on_filter(query, meeting, kind):
        rows = shown(query, meeting, kind)
        return (
            render_agreements(rows, len(assistant.records()), text_of),
            gr.update(value=write("sci-agreements.csv", rows_csv(rows))),
            gr.update(value=write("sci-agreements.json", agreements_json(rows))),
        )

    rows = assistant.records()
    # "Agreements" alone: a longer label pushes the tab into an overflow menu on a phone.
    with gr.Tab("Agreements", id="agreements", elem_id="sci-tab-agreements"):
        gr.Markdown(
            "**Agreements & projects.** Every MOU and project the releases list, one row each. "
            "Search any word (a partner, a pillar, a topic), narrow by meeting or kind; **Source** "
            "shows the record in its release with its offsets. The downloads hold the rows shown."
        )
        with gr.Row():
            query = gr.Textbox(label="Search", placeholder="e.g. Keppel, talent, AI", elem_id="sci-ag-search", scale=3)
            meeting = gr.Dropdown(meeting_choices(rows), value=ALL, label="Meeting", elem_id="sci-ag-meeting", scale=1)
            kind = gr.Dropdown([ALL, *KINDS], value=ALL, label="Kind", elem_id="sci-ag-kind", scale=1)
        with gr.Row():
            csv_btn = gr.DownloadButton(
                "Download CSV", value=write("sci-agreements.csv", rows_csv(rows)), size="sm", elem_id="sci-ag-csv"
            )
            json_btn = gr.DownloadButton(
                "Download JSON",
                value=write("sci-agreements.json", agreements_json(rows)),
                size="sm",
                elem_id="sci-ag-json",
            )
        table = gr.HTML(render_agreements(rows, len(rows), text_of), elem_id="sci-agreements")
    with gr.Tab("Timeline", id="timeline", elem_id="sci-tab-timeline"):
        gr.Markdown(
            "The meetings the releases report, over time: MOUs and projects listed at each, and the "
            "running totals the releases state. Each point links to the sentence it comes from."
        )
        chart = gr.HTML(render_timeline(assistant.timeline()), elem_id="sci-timeline")
    opts = dict(api_visibility="private", show_progress="hidden", queue=False)
    inputs = [query, meeting, kind]
    outputs = [table, csv_btn, json_btn]
    query.input(on_filter, inputs, outputs, trigger_mode="always_last", **opts)  # filters as one types
    query.submit(on_filter, inputs, outputs, **opts)
    meeting.change(on_filter, inputs, outputs, **opts)
    kind.change(on_filter, inputs, outputs, **opts)

    def refresh() -> tuple:
        # A newer index generation may list other records and meetings: start from all rows again.
        rows = assistant.records()
        return (
            render_agreements(rows, len(rows), text_of),
            gr.update(choices=meeting_choices(rows), value=ALL),
            gr.update(value=ALL),
            gr.update(value=""),
            gr.update(value=write("sci-agreements.csv", rows_csv(rows))),
            gr.update(value=write("sci-agreements.json", agreements_json(rows))),
            render_timeline(assistant.timeline()),
        )

    return refresh, [table, meeting, kind, query, csv_btn, json_btn, chart]


# Styles for both tabs, appended to the app's CSS (its colour variables keep AA contrast in both themes).
EXPLORER_CSS = """
#sci-tabs button[role="tab"][aria-selected="true"] { color: var(--sci-n) !important; }
#sci-tabs button[role="tab"] { color: var(--sci-muted); }
#sci-agreements .sci-table-wrap { overflow-x: auto; max-width: 100%; }
#sci-agreements table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
#sci-agreements th, #sci-agreements td { border-bottom: 1px solid var(--border-color-primary); padding: 0.35rem 0.4rem;
  vertical-align: top; text-align: left; }
#sci-agreements td.sci-c-description { min-width: 16rem; }
#sci-agreements td.sci-c-date { white-space: nowrap; }
/* A phone: each record is a card (title first, every other cell labelled), nothing scrolls sideways. */
@media (max-width: 720px) {
  #sci-agreements table, #sci-agreements tbody { display: block; }
  #sci-agreements thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  #sci-agreements tr.sci-record { display: flex; flex-direction: column; margin: 0 0 0.6rem;
    padding: 0.5rem 0.7rem; border: 1px solid var(--border-color-primary); border-radius: 8px; }
  #sci-agreements td { display: block; border: none; padding: 0.1rem 0; min-width: 0 !important; }
  #sci-agreements td.sci-c-title { order: -1; font-weight: 600; padding-bottom: 0.25rem; }
  #sci-agreements td:not(.sci-c-title):not(.sci-c-source)::before { content: attr(data-label) ": ";
    color: var(--sci-meta); }
  #sci-agreements .sci-passage { min-width: 0; }
}
#sci-agreements .sci-passage { white-space: pre-wrap; margin: 0.4rem 0; padding-left: 0.6rem;
  border-left: 3px solid #c2410c; overflow-wrap: anywhere; min-width: 14rem; }
#sci-agreements mark.sci-quote { background: #fde68a; color: #1f2937; }
#sci-agreements .sci-meta, #sci-timeline .sci-tl-sources { font-size: 0.85em; color: var(--sci-meta); }
#sci-agreements a, #sci-timeline a { color: var(--sci-link); }
#sci-agreements summary { cursor: pointer; color: var(--sci-link); text-decoration: underline; }
#sci-timeline .sci-chart-wrap { max-width: 100%; overflow-x: auto; }
#sci-timeline svg.sci-timeline-chart { width: 100%; max-width: 880px; min-width: 320px; height: auto;
  color: var(--body-text-color); }
#sci-timeline svg text { fill: currentColor; font-size: 13px; }
#sci-timeline svg .sci-tl-axis { fill: var(--sci-meta); font-size: 12px; }
#sci-timeline svg a:focus { outline: 3px solid var(--sci-link); }
#sci-timeline .sci-legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; }
#sci-timeline .sci-legend li { display: flex; align-items: center; gap: 0.35rem; }
#sci-timeline .sci-legend svg { display: inline-block; flex: none; }
#sci-timeline .sci-tl-sources li:target, #sci-timeline .sci-tl-sources li:focus {
  background: var(--sci-flash); outline: 2px solid var(--sci-flash-ring); }
"""
