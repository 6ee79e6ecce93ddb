"""Rendering for the browser chat: pure functions of an Answer (and the assistant) to safe
Markdown, HTML and plain text.

Everything that comes from a document or a query is treated as text. The sources panel is HTML
built here from escaped pieces. In the chat, text this module inserts (the user's question,
notes, filter names) goes through ``safe_markdown``, which escapes it completely; the answer's
own Markdown (whose templates escape the text they quote) goes through ``sanitize_markdown``,
which disarms any HTML, link, image, autolink or LaTeX syntax left without escaping it twice.
The only links and HTML elements in a chat reply are the ones written here (citation links to
``#sci-src-n`` and the state badge), from fixed strings and integers.

``web.py`` wires these into the Gradio app; nothing here imports Gradio.
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SciAssistantError
from .schema import Answer, BuildStats, Document, Filters, Hit, Quote

if TYPE_CHECKING:  # pragma: no cover
    from .assistant import Assistant
    from .sourcemap import SourceSpan

log = logging.getLogger("sci_assistant.web")

FULLTEXT_WINDOW = 60_000  # characters of a very long release shown around the cited passages
NOT_FOUND_LINE = "**The releases don't say.**"

# -- text safety --------------------------------------------------------------------------------

_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_OPEN_BRACKET = re.compile(r"(?<!\\)\[(?!\d{1,3}\](?!:))")  # any "[" but a citation marker "[n]"
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
# GFM autolinks ("https://…", "www.…", "a@b.c") would turn text into links: escape one character.
_SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|javascript|data|file|vbscript|www)([:.])")
_UNESCAPED_AT = re.compile(r"(?<!\\)@")


def safe_markdown(text: str) -> str:
    """Make ``text`` safe to hand to a Markdown renderer while keeping its own formatting.

    HTML is escaped (``&`` and ``<``: no tag, entity or autolink survives), every ``[`` and ``]``
    is backslash-escaped (no inline, reference or image link can form; ``\\[1\\]`` still reads
    "[1]"), ``$`` is escaped so no LaTeX is typeset even if a renderer had it on, and bare URLs,
    ``www.`` names and e-mail addresses get one escaped character so no GFM autolink forms. Emphasis,
    lists, headings and block quotes written with ``*``, ``-``, ``#`` and ``>`` still render.

    >>> print(safe_markdown('<b>hi</b> [x](javascript:alert(1)) $$a$$ [1]'))
    &lt;b>hi&lt;/b> \\[x\\](javascript\\:alert(1)) \\$\\$a\\$\\$ \\[1\\]
    """
    text = str(text).replace("&", "&amp;").replace("<", "&lt;")
    text = text.replace("\\", "\\\\")  # a backslash in the text must not escape our escapes
    text = text.replace("[", "\\[").replace("]", "\\]")
    text = text.replace("$", "\\$")
    text = _SCHEME.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
    text = _UNESCAPED_AT.sub("\\@", text)
    return text


def sanitize_markdown(markdown: str) -> str:
    """Disarm Markdown written by the answer templates, without escaping it a second time.

    The templates already escape the document and query text they quote; this is the second
    line of defence for anything that slipped through. No HTML tag can start (``<`` before a
    letter, ``/``, ``!`` or ``?`` becomes ``&lt;``), no link, image or reference definition can
    form (``](`` and every ``[`` except a citation marker ``[n]`` get an escape), no GFM autolink
    forms (``https:``, ``www.``, ``@`` get an escape) and ``$`` is escaped. Applying it twice
    changes nothing; bold, lists, block quotes and the [n] markers render as before.

    >>> print(sanitize_markdown('**8** [1] <img src=x> [a](javascript:x) ![i](y) [1]: http://e'))
    **8** [1] &lt;img src=x> \\[a]\\(javascript\\:x) !\\[i]\\(y) \\[1]: http\\://e
    """
    text = _TAG_START.sub("&lt;", str(markdown))
    text = text.replace("](", "]\\(")
    text = _OPEN_BRACKET.sub("\\\\[", text)
    text = _UNESCAPED_DOLLAR.sub("\\$", text)
    text = _SCHEME.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
    text = _UNESCAPED_AT.sub("\\@", text)
    return text


def _h(text: Any) -> str:
    """HTML-escape any value for element content or a quoted attribute."""
    return html.escape("" if text is None else str(text), quote=True)


def describe_filters(filters: Filters, assistant: Assistant | None = None) -> str:
    """Plain text: which releases and dates a question was limited to ('' when none)."""
    if not filters.active:
        return ""
    parts = []
    if filters.documents:
        names = []
        for d in filters.documents:
            doc = find_document(assistant, d)
            names.append(f"{doc.title} ({doc.label or doc.date or 'undated'})" if doc else d)
        parts.append("releases: " + "; ".join(names))
    if filters.date_from or filters.date_to:
        parts.append(f"dates: {filters.date_from or 'any'} to {filters.date_to or 'any'}")
    return " — ".join(parts)


def find_document(assistant: Assistant | None, doc_id: str) -> Document | None:
    if assistant is None:
        return None
    try:
        return assistant.document(doc_id)
    except Exception:  # unknown id or a fake without documents
        return None


# -- rendering: the chat reply ------------------------------------------------------------------


# How sure an answer is, in words. The answer layer abstains below its calibrated threshold
# (answer/calibration.json, read through load_calibration); a found answer at or above
# HIGH_CONFIDENCE was, on the calibration questions, right nearly always, so it is called
# "stated"; between the two it is a probable answer that the reader should check against the quote.
HIGH_CONFIDENCE = 0.75


def low_confidence() -> float:
    """The answer layer's own abstention threshold."""
    from .answer.confidence import load_calibration

    return min(load_calibration().threshold, 0.95)


def high_confidence() -> float:
    """Where "probable" ends and "stated" begins: HIGH_CONFIDENCE, and always a band above the threshold."""
    return min(0.97, max(HIGH_CONFIDENCE, low_confidence() + 0.15))


_FOOTER = re.compile(r"(?:\A|\n\s*\n)\*\*Sources\*\*[ \t]*\n.*\Z", re.S)  # the templates' "**Sources**" list
# (the browser's sanitiser keeps class, href and title, so the link carries nothing else)
_CITE_LINK = re.compile(r'<a class="sci-cite" href="#sci-src-\d+" title="Show source \d+">\[(\d+)\]</a>')
_MARKER = re.compile(r"(?<!\\)\[(\d{1,3})\](?![(:])")  # a citation "[n]" left unescaped by sanitize_markdown


@dataclass(frozen=True)
class State:
    """How an answer is labelled: ``level`` (high | medium | low | notfound) and the words shown."""

    level: str
    words: str
    detail: str  # one sentence for the tooltip and screen readers


def answer_state(answer: Answer) -> State:
    """The answer's state in words, from ``found``, ``confidence`` and ``strategy``.

    >>> answer_state(Answer("x", True, [], [], "q", "who", confidence=0.9)).words
    'Stated in the release'
    >>> answer_state(Answer("x", False, [], [], "q", "who")).words
    'No close passage'
    """
    releases = {h.doc_id for h in answer.citations}
    the = "the releases" if len(releases) > 1 else "the release"
    pct = f"{answer.confidence:.0%}"
    if not answer.found:
        if answer.citations:
            return State(
                "notfound",
                "Closest passages only",
                "The releases don't say; the passages shown are the closest matches, not an answer.",
            )
        return State("notfound", "No close passage", "The releases don't say, and no passage came close.")
    if answer.confidence >= high_confidence():
        words = f"Summarised from {the}" if answer.strategy == "summary" else f"Stated in {the}"
        return State("high", words, f"The quoted text answers the question (confidence {pct}).")
    if answer.confidence >= low_confidence():
        return State(
            "medium",
            "Probable answer — check the quote",
            f"The quotes probably answer the question (confidence {pct}); read them to be sure.",
        )
    return State(
        "low",
        "Uncertain — read the quoted passages",
        f"The evidence is weak (confidence {pct}); the quotes may not answer the question.",
    )


def state_badge(state: State) -> str:
    """The state as one HTML element (fixed class names; the words are escaped)."""
    return f'<span class="sci-state sci-state-{_h(state.level)}" title="{_h(state.detail)}">{_h(state.words)}</span>'


def split_footer(markdown: str) -> tuple[str, str]:
    """(body, footer): the answer's Markdown cut before its "**Sources**" list ('' if none)."""
    m = _FOOTER.search(markdown)
    if not m:
        return markdown, ""
    return markdown[: m.start()], markdown[m.start() :].strip()


def link_citations(markdown: str, count: int) -> str:
    """Turn each citation marker ``[n]`` (1 ≤ n ≤ count) of sanitised Markdown into a link to its
    source card ``#sci-src-n``. Escaped brackets (``\\[1\\]``) are text and stay as they are."""

    def link(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if not 1 <= n <= count:
            return m.group(0)
        return f'<a class="sci-cite" href="#sci-src-{n}" title="Show source {n}">[{n}]</a>'

    return _MARKER.sub(link, markdown)


def unlink_citations(markdown: str) -> str:
    """Undo ``link_citations``: each citation link back to its plain "[n]" (for older replies,
    whose sources are no longer in the panel)."""
    return _CITE_LINK.sub(lambda m: f"[{m.group(1)}]", markdown)


def _runs(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 5] → '[1]–[3] [5]' (markers, to be linked by ``link_citations``)."""
    out: list[str] = []
    nums = sorted(set(numbers))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if i == j:
            out.append(f"[{nums[i]}]")
        else:
            out.append(f"[{nums[i]}]{'–' if j > i + 1 else ' '}[{nums[j]}]")
        i = j + 1
    return " ".join(out)


def compact_sources(answer: Answer, assistant: Assistant | None = None) -> str:
    """Markdown: each cited release once, with all its markers ("[1]–[5] *Title* · label")."""
    by_doc: dict[str, list[int]] = {}
    first: dict[str, Hit] = {}
    for n, hit in enumerate(answer.citations, 1):
        by_doc.setdefault(hit.doc_id, []).append(n)
        first.setdefault(hit.doc_id, hit)
    if not by_doc:
        return ""
    lines = ["**Sources**"]
    for doc_id, numbers in by_doc.items():
        hit, doc = first[doc_id], find_document(assistant, doc_id)
        title = safe_markdown(hit.title or (doc.title if doc else doc_id))
        when = safe_markdown((doc.label if doc is not None else "") or hit.date or "undated")
        lines.append(f"- {_runs(numbers)} *{title}* · {when}")
    return "\n".join(lines)


def render_reply(
    answer: Answer, *, filters_text: str = "", notes: Sequence[str] = (), assistant: Assistant | None = None
) -> str:
    """The assistant's chat message: its state in words, notes and active filters (escaped text),
    the answer's own Markdown (disarmed by ``sanitize_markdown``) with its [n] markers linked to
    the source cards, and the sources compacted to one line per release."""
    lines: list[str] = [state_badge(answer_state(answer))]
    for note in notes:
        lines.append(f"_{safe_markdown(note)}_")
    if filters_text:
        lines.append(f"_Filters active — {safe_markdown(filters_text)}_")
    text, footer = split_footer(answer.text.strip())
    body = sanitize_markdown(text.strip())
    if not answer.found and not re.search(r"do(?:n[’']t| not) say", answer.text, re.I):
        lines.append(NOT_FOUND_LINE)
    lines.append(body)
    sources = compact_sources(answer, assistant) if answer.citations else sanitize_markdown(footer)
    if sources:
        lines.append(sources)
    return link_citations("\n\n".join(x for x in lines if x), len(answer.citations))


# -- plain text: what "copy" puts on the clipboard -------------------------------------------------


def markdown_to_text(markdown: str) -> str:
    """Markdown as clean text: no emphasis marks, escapes or quote markers; list items as "- …",
    table rows as cells joined by " | ".

    >>> print(markdown_to_text('**Eight** MOUs [1]\\n\\n> “Eight \\\\$5 MOUs.” [1]\\n\\n- *a*\\n- b'))
    Eight MOUs [1]
    <BLANKLINE>
    “Eight $5 MOUs.” [1]
    <BLANKLINE>
    - a
    - b
    """
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    soup = BeautifulSoup(MarkdownIt("commonmark").enable("table").render(markdown), "html.parser")
    blocks: list[tuple[str, str]] = []
    for el in soup.find_all(["p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre"]):
        if el.name == "p" and el.find_parent("li") is not None:
            continue  # part of its list item
        if el.name == "li":
            text = "- " + " ".join(el.get_text().split())
        elif el.name == "tr":
            text = " | ".join(" ".join(c.get_text().split()) for c in el.find_all(["td", "th"]))
        elif el.name == "pre":
            text = el.get_text().rstrip("\n")
        else:
            text = "\n".join(" ".join(line.split()) for line in el.get_text().splitlines())
        blocks.append((el.name, text.strip()))
    out: list[str] = []
    for i, (kind, text) in enumerate(blocks):
        if i:
            out.append("\n" if kind in ("li", "tr") and blocks[i - 1][0] == kind else "\n\n")
        out.append(text)
    return "".join(out)


def quote_citation(quote: Quote, doc: Document | None, hit: Hit | None = None, span: SourceSpan | None = None) -> str:
    """One quote as plain text with its citation: “quote” — Title, event date, file, then where
    the quote sits in the file as stored and the release's URL when known.

    ``span`` is the quote's ``Assistant.source``: with file offsets, the file is followed by
    "(characters A–B of the file as stored)"; without (no corpus folder, a PDF, a changed file),
    by nothing.

    >>> from sci_assistant.sourcemap import SourceSpan
    >>> s = SourceSpan("d", 0, 17, "MOUs were  signed.", "Pact", "2024-02-01", None, "pact.md", "pact.md",
    ...                "https://x.org/p", file_start=14, file_end=39)
    >>> print(quote_citation(Quote("d", 0, 17, "MOUs were  signed.", 1), None, span=s))
    “MOUs were signed.” — Pact, 2024-02-01, pact.md (characters 14–39 of the file as stored), https://x.org/p

    A table row is quoted cell by cell (the chat's convention): “Title” — “Description” — Pact, …
    """
    text = quotation(quote.text)
    title = (doc.title if doc else None) or (hit.title if hit else None) or (span.title if span else quote.doc_id)
    date = (doc.date if doc else None) or (hit.date if hit else None) or (span.date if span else None) or "undated"
    where = (span.path if span else None) or (doc.path if doc else None) or (hit.source if hit else quote.doc_id)
    if span is not None and span.file_start is not None:
        where += f" (characters {span.file_start}–{span.file_end} of the file as stored)"
    url = (doc.url if doc else None) or (span.url if span else None)
    if url:
        where += f", {url}"
    return f"{text} — {title}, {date}, {where}"


def quotation(text: str) -> str:
    """Document text in quotation marks on one line, each table cell (line) in its own, as the
    chat quotes it: only the release's characters stand inside the marks.

    >>> print(quotation("Protocol on eBLs\\nIMDA and the Bureau will  pilot eBLs."))
    “Protocol on eBLs” — “IMDA and the Bureau will pilot eBLs.”
    """
    return " — ".join(f"“{' '.join(cell.split())}”" for cell in text.split("\n") if cell.strip())


def quote_span(quote: Quote, assistant: Assistant | None) -> SourceSpan | None:
    """Where ``quote`` sits in its source file (``Assistant.source``), or None when the assistant
    cannot say (no such method, or the document or span is unknown to it)."""
    source = getattr(assistant, "source", None)
    if source is None:
        return None
    try:
        return source(quote.doc_id, quote.start, quote.end)
    except SciAssistantError as exc:
        log.debug("no source span for quote %s[%s:%s]: %s", quote.doc_id, quote.start, quote.end, exc)
        return None


def cited_spans(n: int, hit: Hit, answer: Answer, assistant: Assistant | None) -> list[SourceSpan | None]:
    """Where the text cited as [n] sits in its source file: one span per quote shown with [n], or
    the cited passage when [n] has no quote (None where the assistant cannot say; a span's file
    offsets are None when it is not stored in one piece in the file)."""
    doc = find_document(assistant, hit.doc_id)
    own = _verified_quotes([q for q in answer.quotes if q.citation == n and q.doc_id == hit.doc_id], doc, hit)
    cited = own or [Quote(hit.doc_id, hit.start, hit.end, hit.text, n)]
    return [quote_span(q, assistant) for q in cited]


def source_line(n: int, hit: Hit, answer: Answer, assistant: Assistant | None) -> str:
    """One cited source as plain text: "[n] Title, event date (section), file, characters A–B of
    the file as stored, URL" — the characters those of the text cited as [n] (``cited_spans``),
    with a count of any that cannot be placed in the file, the URL when the release has one."""
    doc = find_document(assistant, hit.doc_id)
    section = f" ({hit.section})" if hit.section else ""
    line = f"[{n}] {hit.title}, {hit.date or 'undated'}{section}, {doc.path if doc else hit.source}"
    spans = cited_spans(n, hit, answer, assistant)
    ranges = [f"{s.file_start}–{s.file_end}" for s in spans if s is not None and s.file_start is not None]
    if ranges:
        line += f", characters {', '.join(ranges)} of the file as stored"
        if len(ranges) < len(spans):
            k = len(spans) - len(ranges)
            line += f" ({k} more quoted passage{'s' if k > 1 else ''} not stored in one piece there)"
    if doc is not None and doc.url:
        line += f", {doc.url}"
    return line


def answer_plain_text(answer: Answer, assistant: Assistant | None = None) -> str:
    """The whole answer as clean text: state, the answer, then each source as ``source_line``
    (title, event date, file, where its quotes sit in the file as stored, URL)."""
    body, _ = split_footer(answer.text.strip())
    lines = [answer_state(answer).words + ".", markdown_to_text(body)]
    if answer.citations:
        srcs = ["Sources:"] + [source_line(n, hit, answer, assistant) for n, hit in enumerate(answer.citations, 1)]
        lines.append("\n".join(srcs))
    return "\n\n".join(lines)


def user_bubble(message: str) -> str:
    """A user's message as safe Markdown."""
    return safe_markdown(message)


# -- rendering: the sources panel ---------------------------------------------------------------


def _segments(
    text: str, base: int, spans: Iterable[tuple[int, int, str]], anchors: Mapping[int, Sequence[str]] = {}
) -> str:
    """``text`` (which starts at document offset ``base``) as escaped HTML.

    ``spans`` are (start, end, kind) in document offsets with kind "quote" (wrapped in <mark>) or
    "passage" (a tinted span); overlaps are fine because the text is cut at every boundary and
    each piece is wrapped on its own. A kind may name the citation it belongs to ("quote:2",
    "passage:2"): the piece then lists those numbers (``data-cite="2 3"``), so a citation [n] can
    find its own quotes in the text. ``anchors`` put empty elements with those ids at offsets.

    >>> out = _segments("Eight MOUs.", 0, [(0, 11, "passage:1"), (6, 10, "quote:2")])
    >>> re.findall(r"<mark[^>]*>[^<]*</mark>", out), out.count('<span class="sci-psg" data-cite="1">')
    (['<mark class="sci-quote" data-cite="2">MOUs</mark>'], 3)
    """
    end_all = base + len(text)
    clipped = [(max(s, base), min(e, end_all), k) for s, e, k in spans if min(e, end_all) > max(s, base)]
    cuts = {base, end_all}
    for s, e, _ in clipped:
        cuts.update((s, e))
    cuts.update(o for o in anchors if base <= o <= end_all)
    points = sorted(cuts)
    out: list[str] = []
    for a, b in zip(points, points[1:] + [None]):
        for anchor_id in anchors.get(a, ()):
            out.append(f'<span class="sci-anchor" id="{_h(anchor_id)}" tabindex="-1"></span>')
        if b is None:
            break
        piece = _h(text[a - base : b - base])
        kinds = [k.partition(":") for k in {k for s, e, k in clipped if s <= a and b <= e}]
        if any(kind == "quote" for kind, _, _ in kinds):
            piece = f'<mark class="sci-quote"{_cite_attr(kinds, "quote")}>{piece}</mark>'
        if any(kind == "passage" for kind, _, _ in kinds):
            piece = f'<span class="sci-psg"{_cite_attr(kinds, "passage")}>{piece}</span>'
        out.append(piece)
    return "".join(out)


def _cite_attr(kinds: Iterable[tuple[str, str, str]], kind: str) -> str:
    """' data-cite="1 3"': the citation numbers of ``kind`` among partitioned kinds ('' if none)."""
    numbers = sorted({int(n) for k, _, n in kinds if k == kind and n.isdigit()})
    return f' data-cite="{" ".join(map(str, numbers))}"' if numbers else ""


def _verified_quotes(quotes: Iterable[Quote], doc: Document | None, hit: Hit | None = None) -> list[Quote]:
    """Quotes whose offsets really point at their text (in the document, else inside the hit)."""
    good = []
    for q in quotes:
        if doc is not None:
            ok = 0 <= q.start < q.end <= len(doc.text) and doc.text[q.start : q.end] == q.text
        elif hit is not None:
            rel = q.start - hit.start
            ok = hit.start <= q.start < q.end <= hit.end and hit.text[rel : rel + len(q.text)] == q.text
        else:
            ok = False
        if ok:
            good.append(q)
        else:
            log.warning("quote %s[%s:%s] does not match its document text; shown unmarked", q.doc_id, q.start, q.end)
    return good


def _meta_line(hit: Hit, doc: Document | None) -> str:
    bits = []
    if doc is not None and doc.meeting:
        bits.append(_h(doc.label))
    elif hit.date:
        bits.append(_h(hit.date))
    else:
        bits.append("undated")
    if hit.section:
        bits.append("section: " + _h(hit.section))
    return " · ".join(bits)


def render_sources(answer: Answer | None, assistant: Assistant | None, closest: Sequence[Hit] | None = None) -> str:
    """HTML for the sources panel: one card per citation, quotes marked at their exact offsets.

    Each card's passage is the cited chunk (widened to take in its own quotes); the sentences
    quoted with that citation's [n] are wrapped in <mark>. Every piece of document text is
    escaped. Below the cards, each cited release's whole text (quotes marked, passages tinted)
    sits in a collapsed <details>, its quotes and passages tagged with their [n]; a card's "Open
    the whole release" link, or [n] in the chat, opens it below that card, scrolled to the passage
    or quote (the page's script in ``web.PAGE_JS``). When the answer was not found, the panel
    says so and lists the closest matches (``answer.citations``, else ``closest``).
    """
    if answer is None:
        return (
            '<div class="sci-sources sci-empty"><p>Ask a question: the passages behind the '
            "answer will appear here, with the quoted sentences highlighted.</p></div>"
        )
    hits = list(answer.citations) or list(closest or [])
    out = [
        '<div class="sci-sources">',
        # what the "Copy answer" buttons put on the clipboard (read by the page's script)
        f'<div hidden class="sci-copy-data" data-kind="text">{_h(answer_plain_text(answer, assistant))}</div>',
        f'<div hidden class="sci-copy-data" data-kind="markdown">{_h(answer.text.strip())}</div>',
    ]
    if answer.found:
        out.append(
            f'<p class="sci-sources-head">Sources for the latest answer ({len(hits)}) '
            f"{state_badge(answer_state(answer))}</p>"
        )
    else:
        out.append(
            '<p class="sci-sources-head sci-notfound"><strong>The releases don\'t say.</strong> '
            + ("Closest passages:" if hits else "No passage came close.")
            + "</p>"
        )
    docs: dict[str, Document | None] = {}
    doc_order: list[str] = []
    doc_passages: dict[str, list[tuple[int, int, int]]] = {}  # doc_id -> [(start, end, n)]
    for n, hit in enumerate(hits, 1):
        if hit.doc_id not in docs:
            docs[hit.doc_id] = find_document(assistant, hit.doc_id)
            doc_order.append(hit.doc_id)
        doc = docs[hit.doc_id]
        own = [q for q in answer.quotes if q.citation == n and q.doc_id == hit.doc_id]
        own = _verified_quotes(own, doc, hit)
        if doc is not None:
            start = min([hit.start] + [q.start for q in own])
            end = max([hit.end] + [q.end for q in own])
            passage = doc.text[start:end]
        else:
            start, end, passage = hit.start, hit.end, hit.text
        doc_passages.setdefault(hit.doc_id, []).append((start, end, n))
        body = _segments(passage, start, [(q.start, q.end, "quote") for q in own])
        title = _h(hit.title or (doc.title if doc else hit.doc_id))
        cited = own or [Quote(hit.doc_id, start, end, passage.strip(), n)]  # no quote: the passage
        copy = "\n".join(quote_citation(q, doc, hit, quote_span(q, assistant)) for q in cited)
        out.append(
            f'<article class="sci-source" id="sci-src-{n}" tabindex="-1" aria-label="Source {n}">'
            f'<div class="sci-source-title"><span class="sci-n">[{n}]</span> {title}</div>'
            f'<div class="sci-meta">{_meta_line(hit, doc)}</div>'
            f'<blockquote class="sci-passage">{body}</blockquote>'
            f'<button type="button" class="sci-copy" data-copy="{_h(copy)}" '
            f'aria-label="Copy quote {n} with its citation">Copy quote</button> '
        )
        if doc is not None:
            out.append(
                f'<a class="sci-open" href="#sci-full-{n}" data-target="sci-full-{n}">'
                "Open the whole release at this passage</a>"
            )
        out.append("</article>")
    for k, doc_id in enumerate(doc_order, 1):
        doc = docs[doc_id]
        if doc is None:
            continue
        passages = doc_passages[doc_id]
        quotes = _verified_quotes([q for q in answer.quotes if q.doc_id == doc_id], doc)
        lo = max(0, min(s for s, _, _ in passages) - FULLTEXT_WINDOW // 2)
        hi = min(len(doc.text), max(e for _, e, _ in passages) + FULLTEXT_WINDOW // 2)
        anchors: dict[int, list[str]] = {}
        for s, _, n in passages:
            anchors.setdefault(s, []).append(f"sci-full-{n}")
        spans = [(s, e, f"passage:{n}") for s, e, n in passages]
        spans += [(q.start, q.end, f"quote:{q.citation}") for q in quotes]
        text = _segments(doc.text[lo:hi], lo, spans, anchors)
        if lo > 0:
            text = "… " + text
        if hi < len(doc.text):
            text += " …"
        meta = _h(doc.label or doc.date or "undated")
        out.append(
            f'<details class="sci-doc" id="sci-doc-{k}"><summary>Whole release: {_h(doc.title)} '
            f'<span class="sci-meta">({meta})</span></summary>'
            # the text scrolls in its box: focusable, so it scrolls by keyboard too
            f'<div class="sci-fulltext" tabindex="0" role="region" aria-label="Text of {_h(doc.title)}">'
            f"{text}</div></details>"
        )
    out.append("</div>")
    return "".join(out)


# -- rendering: index info and status ------------------------------------------------------------


def render_status(info: Mapping[str, Any], stats: BuildStats | None = None) -> str:
    """One line (safe Markdown) about the index the chat answers from."""
    n_docs = len(info.get("documents", []))
    model = str(info.get("model", {}).get("id", "?")).rsplit("/", 1)[-1]
    built = str(info.get("built_at") or "?").replace("T", " ").replace("+00:00", " UTC")
    if stats is not None and not stats.unchanged:
        how = f"rebuilt at start-up in {stats.seconds:.1f} s ({stats.embedded} chunks embedded, {stats.reused} reused)"
    else:
        how = f"built {built}"
    return safe_markdown(f"Index ready: {n_docs} releases, {info.get('chunks', '?')} passages, model {model}, {how}.")


def render_index_info(info: Mapping[str, Any]) -> str:
    """HTML: the releases indexed (event date, publication date, title, event, copy status),
    chunk count, model and build time."""

    def status(d: Mapping[str, Any]) -> str:
        if d.get("copy_of"):
            return f"copy of {d['copy_of']}"
        also = d.get("also_published_by") or []
        return "also published by " + ", ".join(also) if also else ""

    rows = "".join(
        f"<tr><td>{_h(d.get('date') or 'undated')}</td><td>{_h(d.get('published') or '—')}</td>"
        f"<td>{_h(d.get('title'))}</td><td>{_h(d.get('event') or '')}</td><td>{_h(status(d))}</td></tr>"
        for d in info.get("documents", [])
    )
    model = info.get("model", {})
    skipped = info.get("skipped") or {}
    skipped_html = ""
    if skipped:
        items = "".join(f"<li>{_h(p)}: {_h(r)}</li>" for p, r in skipped.items())
        skipped_html = f"<p>Files skipped when building:</p><ul>{items}</ul>"
    return (
        '<div class="sci-info">'
        f"<p><strong>{len(info.get('documents', []))}</strong> releases, "
        f"<strong>{_h(info.get('chunks'))}</strong> passages (chunks); model "
        f"<code>{_h(model.get('id'))}</code> ({_h(model.get('dimension'))} dimensions); "
        f"built {_h(info.get('built_at'))} ({_h(info.get('generation'))}).</p>"
        '<table class="sci-releases"><thead><tr><th>Event date</th><th>Published</th><th>Release</th>'
        "<th>Event</th><th>Copies</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{skipped_html}</div>"
    )


def release_choices(assistant: Assistant) -> list[tuple[str, str]]:
    """(label, doc_id) for the release filter, newest first."""
    out = []
    for d in assistant.documents():
        when = d.label or d.date or "undated"
        title = d.title if len(d.title) <= 90 else d.title[:87] + "…"
        out.append((f"{title} ({when})", d.doc_id))
    return out


# -- export -------------------------------------------------------------------------------------


def _source_record(n: int, hit: Hit, assistant: Assistant | None) -> dict[str, Any]:
    """One cited passage for an export: its release and where the passage sits, in the normalised
    text (``start``/``end``) and in the file as stored (``file_start``/``file_end``, bytes; None
    with ``file_offsets_note`` when it cannot be placed)."""
    doc = find_document(assistant, hit.doc_id)
    placed = _place(hit.doc_id, hit.start, hit.end, assistant)
    return {
        "citation": n,
        "doc_id": hit.doc_id,
        "title": hit.title,
        "date": hit.date,
        "event": doc.event if doc else None,
        "path": doc.path if doc else hit.source,
        "file_name": Path(doc.path if doc else hit.source).name,
        "url": doc.url if doc else None,
        "section": hit.section,
        "start": hit.start,
        "end": hit.end,
        **{k: placed[k] for k in _FILE_FIELDS},
    }


_FILE_FIELDS = ("file_start", "file_end", "byte_start", "byte_end", "encoding", "file_offsets_note")


def _place(doc_id: str, start: int, end: int, assistant: Assistant | None) -> dict[str, Any]:
    """``Assistant.source`` as a dict, or the document offsets with null file offsets and the reason."""
    source = getattr(assistant, "source", None)
    try:
        span = source(doc_id, start, end) if source is not None else None
    except SciAssistantError as exc:
        span, note = None, str(exc)
    else:
        note = "no source file is known for this answer"
    if span is not None:
        return span.to_json()
    return {"doc_id": doc_id, "start": start, "end": end, **dict.fromkeys(_FILE_FIELDS), "file_offsets_note": note}


def quote_source(quote: Quote, assistant: Assistant | None) -> dict[str, Any]:
    """One quote for an export: its [n], text and document offsets, and where it sits in the source
    file as stored (characters and bytes; None with ``file_offsets_note`` when it cannot be placed)."""
    return {"citation": quote.citation, "text": quote.text, **_place(quote.doc_id, quote.start, quote.end, assistant)}


def export_json(
    question: str, answer: Answer, assistant: Assistant | None, filters: Filters | None = None
) -> dict[str, Any]:
    """The answer as a JSON-able dict: question, answer (quotes with offsets), sources, index."""
    sources = [_source_record(n, h, assistant) for n, h in enumerate(answer.citations, 1)]
    index: dict[str, Any] = {}
    if assistant is not None:
        try:
            info = assistant.info()
            index = {
                "generation": info.get("generation"),
                "built_at": info.get("built_at"),
                "model": info.get("model", {}).get("id"),
            }
        except Exception:
            index = {}
    f = filters or Filters()
    return {
        "question": question,
        "filters": {"documents": list(f.documents), "date_from": f.date_from, "date_to": f.date_to},
        "answer": answer.to_json(),
        "quotes": [quote_source(q, assistant) for q in answer.quotes],
        "sources": sources,
        "index": index,
        "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def export_markdown(question: str, answer: Answer, assistant: Assistant | None, filters: Filters | None = None) -> str:
    """The answer as a Markdown document: question, answer, quotes with offsets, sources."""
    data = export_json(question, answer, assistant, filters)
    lines = ["# SCI Assistant answer", "", f"**Question:** {question}", ""]
    if answer.interpreted:
        lines += [f"**Searched as:** {answer.query}", ""]
    if filters is not None and filters.active:
        lines += [f"**Filters:** {describe_filters(filters, assistant)}", ""]
    lines += ["## Answer", "", sanitize_markdown(answer.text.strip()), ""]
    if answer.quotes:
        lines += ["## Quotes", ""]
        for q in data["quotes"]:
            where = (
                f"file `{q.get('path') or q['doc_id']}` characters {q['file_start']}–{q['file_end']} "
                f"(bytes {q['byte_start']}–{q['byte_end']})"
                if q["file_start"] is not None
                else f"`{q.get('path') or q['doc_id']}`, no file offsets: {q['file_offsets_note']}"
            )
            release = f"{q['title']}, {q['date'] or 'undated'}; " if q.get("title") else ""
            lines.append(
                f"- [{q['citation']}] “{q['text']}” — {release}{where}; characters "
                f"{q['start']}–{q['end']} of the normalised text"
            )
        lines.append("")
    if data["sources"]:
        lines += ["## Sources", ""]
        for s in data["sources"]:
            where = f", {s['section']}" if s["section"] else ""
            placed = (
                f"characters {s['file_start']}–{s['file_end']} of the file as stored "
                f"(bytes {s['byte_start']}–{s['byte_end']})"
                if s["file_start"] is not None
                else f"no file offsets: {s['file_offsets_note']}"
            )
            url = f", {s['url']}" if s["url"] else ""
            lines.append(
                f"- [{s['citation']}] {s['title']} ({s['date'] or 'undated'}{where}) — `{s['path']}` {placed}; "
                f"characters {s['start']}–{s['end']} of the normalised text{url}"
            )
        lines.append("")
    idx = data["index"]
    if idx:
        lines.append(
            f"_Index {idx.get('generation')} built {idx.get('built_at')}, model {idx.get('model')}; "
            f"exported {data['exported_at']}._"
        )
    return "\n".join(lines) + "\n"
