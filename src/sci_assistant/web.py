"""The browser chat: a Gradio Blocks app over ``Assistant`` (``python app.py`` / ``sci-assistant serve``).

Layout: the chat on the left; on the right the sources of the latest answer (each cited passage
with its quoted sentences marked at their exact offsets and a link that opens the whole release
at that passage), filters, downloads and what the index holds.

Everything that comes from a document or a query is treated as text. The sources panel is HTML
built here from escaped pieces. In the chat, text this module inserts (the user's question,
notes, filter names) goes through ``safe_markdown``, which escapes it completely; the answer's
own Markdown (whose templates escape the text they quote) goes through ``sanitize_markdown``,
which disarms any HTML, link, image, autolink or LaTeX syntax left without escaping it twice.
The Chatbot itself has LaTeX off and HTML sanitising on. Only this module writes links (the "open the release" ones).

The rendering helpers (``safe_markdown``, ``render_reply``, ``render_sources``,
``render_index_info``, ``export_markdown``, ``export_json``) are pure functions of an Answer and
the assistant, so they are tested without a browser. Gradio is imported only inside the functions
that build or launch the app.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InvalidRequestError, SciAssistantError
from .schema import Answer, BuildStats, Document, Filters, Hit, Quote

if TYPE_CHECKING:  # pragma: no cover
    import gradio as gr

    from .assistant import Assistant

log = logging.getLogger("sci_assistant.web")

# -- limits -----------------------------------------------------------------------------------

MAX_MESSAGE_CHARS = 2000  # a question longer than this is rejected (server side)
MAX_HISTORY_MESSAGES = 20  # only the latest turns of a conversation are used
MAX_HISTORY_CHARS = 24_000  # ... and no more text than this in total
MAX_HISTORY_ITEM_CHARS = 6_000  # one earlier message is cut to this
CONCURRENCY_LIMIT = 2  # questions answered at the same time
QUEUE_SIZE = 32  # questions waiting; more are turned away with "busy"
MAX_THREADS = 8
FULLTEXT_WINDOW = 60_000  # characters of a very long release shown around the cited passages

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860

EXAMPLES: list[tuple[str, str]] = [  # (kind, question)
    ("who", "Who co-chaired the 4th JIC meeting?"),
    ("how many", "How many MOUs were signed at the 3rd JIC meeting?"),
    ("list", "Which joint projects were launched at the 4th JIC meeting?"),
    ("compare", "Compare the 3rd and 4th JIC meetings: how many MOUs were signed at each?"),
    ("follow-up", "And how many projects were launched there?"),
]

FRIENDLY_ERROR = (
    "Sorry — something went wrong while answering that. Please try again; "
    "if it keeps happening, the details are in the server log."
)
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


# -- requests: message, history, filters -------------------------------------------------------


def check_message(message: Any) -> str:
    """The question, stripped; InvalidRequestError with a clear sentence if empty or too long."""
    text = "" if message is None else str(message)
    text = text.strip()
    if not text:
        raise InvalidRequestError("Please type a question about the releases.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidRequestError(
            f"Your message is {len(text):,} characters long; the limit is {MAX_MESSAGE_CHARS:,} "
            "characters. Please shorten it and ask again."
        )
    return text


def _content_text(content: Any) -> str:
    """Text of a Gradio message content: a string, a {"text"} block, or a list of blocks."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        if content.get("type", "text") == "text" and "text" in content:
            return str(content.get("text") or "")
        return ""
    if isinstance(content, (list, tuple)):
        return "\n".join(t for t in (_content_text(c) for c in content) if t)
    return ""


def normalise_history(history: Any) -> tuple[list[dict[str, str]], str | None]:
    """Earlier turns as ``[{"role", "content": str}]``, trimmed to the limits.

    Accepts Gradio message dicts (string or block-list content), ``[user, assistant]`` pairs and
    bare strings (user turns). Returns the messages and a note when some were left out.
    """
    if history is None or history == "":
        return [], None
    if isinstance(history, (str, bytes)) or not isinstance(history, Sequence):
        raise InvalidRequestError("history must be a list of messages ({'role': ..., 'content': ...})")
    messages: list[dict[str, str]] = []
    for item in history:
        if isinstance(item, str):
            messages.append({"role": "user", "content": item})
        elif isinstance(item, Mapping):
            role = str(item.get("role") or "user")
            if role not in ("user", "assistant"):
                continue
            messages.append({"role": role, "content": _content_text(item.get("content"))})
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            user, bot = item
            if user:
                messages.append({"role": "user", "content": _content_text(user)})
            if bot:
                messages.append({"role": "assistant", "content": _content_text(bot)})
        else:
            raise InvalidRequestError("history must be a list of messages ({'role': ..., 'content': ...})")
    messages = [m for m in messages if m["content"]]
    total = len(messages)
    kept: list[dict[str, str]] = []
    chars = 0
    cut = False
    for m in reversed(messages):
        content = m["content"]
        if len(content) > MAX_HISTORY_ITEM_CHARS:
            content = content[:MAX_HISTORY_ITEM_CHARS]  # an answer keeps its direct answer (it comes first)
            cut = cut or m["role"] == "user"
        if len(kept) >= MAX_HISTORY_MESSAGES or chars + len(content) > MAX_HISTORY_CHARS:
            break
        kept.append({"role": m["role"], "content": content})
        chars += len(content)
    kept.reverse()
    note = None
    if len(kept) < total:
        note = (f"The conversation is long, so only its last {len(kept)} of {total} messages were used "
                "to understand this question.")
    elif cut:
        note = "Some earlier questions were very long and were shortened to understand this question."
    return kept, note


def make_filters(releases: Sequence[str] | str | None, date_from: Any, date_to: Any) -> Filters:
    """Filters from the UI fields; InvalidRequestError with a clear sentence on a bad date."""
    if isinstance(releases, str):
        releases = [releases] if releases else []
    docs = tuple(str(r) for r in (releases or ()) if r)
    date_from = (str(date_from).strip() if date_from else "") or None
    date_to = (str(date_to).strip() if date_to else "") or None
    try:
        return Filters(docs, date_from, date_to)
    except InvalidRequestError as exc:
        msg = str(exc).replace("date_from", "the From date").replace("date_to", "the To date")
        raise InvalidRequestError(msg[:1].upper() + msg[1:] + ".") from None


def describe_filters(filters: Filters, assistant: Assistant | None = None) -> str:
    """Plain text: which releases and dates a question was limited to ('' when none)."""
    if not filters.active:
        return ""
    parts = []
    if filters.documents:
        names = []
        for d in filters.documents:
            doc = _find_document(assistant, d)
            names.append(f"{doc.title} ({doc.label or doc.date or 'undated'})" if doc else d)
        parts.append("releases: " + "; ".join(names))
    if filters.date_from or filters.date_to:
        parts.append(f"dates: {filters.date_from or 'any'} to {filters.date_to or 'any'}")
    return " — ".join(parts)


def _find_document(assistant: Assistant | None, doc_id: str) -> Document | None:
    if assistant is None:
        return None
    try:
        return assistant.document(doc_id)
    except Exception:  # unknown id or a fake without documents
        return None


# -- rendering: the chat reply ------------------------------------------------------------------


def render_reply(answer: Answer, *, filters_text: str = "", notes: Sequence[str] = ()) -> str:
    """The assistant's chat message: notes and active filters (escaped text), then the answer's
    own Markdown, disarmed by ``sanitize_markdown``."""
    lines: list[str] = []
    for note in notes:
        lines.append(f"_{safe_markdown(note)}_")
    if filters_text:
        lines.append(f"_Filters active — {safe_markdown(filters_text)}_")
    body = sanitize_markdown(answer.text.strip())
    if not answer.found and not re.search(r"do(?:n[’']t| not) say", answer.text, re.I):
        lines.append(NOT_FOUND_LINE)
    lines.append(body)
    return "\n\n".join(lines)


def user_bubble(message: str) -> str:
    """A user's message as safe Markdown."""
    return safe_markdown(message)


# -- rendering: the sources panel ---------------------------------------------------------------


def _segments(text: str, base: int, spans: Iterable[tuple[int, int, str]],
              anchors: Mapping[int, Sequence[str]] = {}) -> str:
    """``text`` (which starts at document offset ``base``) as escaped HTML.

    ``spans`` are (start, end, kind) in document offsets with kind "quote" (wrapped in <mark>) or
    "passage" (a tinted span); overlaps are fine because the text is cut at every boundary and
    each piece is wrapped on its own. ``anchors`` put empty elements with those ids at offsets.
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
        piece = _h(text[a - base:b - base])
        kinds = {k for s, e, k in clipped if s <= a and b <= e}
        if "quote" in kinds:
            piece = f'<mark class="sci-quote">{piece}</mark>'
        if "passage" in kinds:
            piece = f'<span class="sci-psg">{piece}</span>'
        out.append(piece)
    return "".join(out)


def _verified_quotes(quotes: Iterable[Quote], doc: Document | None, hit: Hit | None = None) -> list[Quote]:
    """Quotes whose offsets really point at their text (in the document, else inside the hit)."""
    good = []
    for q in quotes:
        if doc is not None:
            ok = 0 <= q.start < q.end <= len(doc.text) and doc.text[q.start:q.end] == q.text
        elif hit is not None:
            rel = q.start - hit.start
            ok = hit.start <= q.start < q.end <= hit.end and hit.text[rel:rel + len(q.text)] == q.text
        else:
            ok = False
        if ok:
            good.append(q)
        else:
            log.warning("quote %s[%s:%s] does not match its document text; shown unmarked",
                        q.doc_id, q.start, q.end)
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


def render_sources(answer: Answer | None, assistant: Assistant | None,
                   closest: Sequence[Hit] | None = None) -> str:
    """HTML for the sources panel: one card per citation, quotes marked at their exact offsets.

    Each card's passage is the cited chunk (widened to take in its own quotes); the sentences
    quoted with that citation's [n] are wrapped in <mark>. Every piece of document text is
    escaped. Below the cards, each cited release's whole text (quotes marked, passages tinted)
    sits in a collapsed <details>; a card's "Open the whole release" link opens it scrolled to
    the passage. When the answer was not found, the panel says so and lists the closest matches
    (``answer.citations``, else ``closest``).
    """
    if answer is None:
        return ('<div class="sci-sources sci-empty"><p>Ask a question: the passages behind the '
                "answer will appear here, with the quoted sentences highlighted.</p></div>")
    hits = list(answer.citations) or list(closest or [])
    out = ['<div class="sci-sources">']
    if answer.found:
        out.append(f'<p class="sci-sources-head">Sources for the latest answer ({len(hits)})</p>')
    else:
        out.append('<p class="sci-sources-head sci-notfound"><strong>The releases don\'t say.</strong> '
                   + ("Closest passages:" if hits else "No passage came close.") + "</p>")
    docs: dict[str, Document | None] = {}
    doc_order: list[str] = []
    doc_passages: dict[str, list[tuple[int, int, int]]] = {}  # doc_id -> [(start, end, n)]
    for n, hit in enumerate(hits, 1):
        if hit.doc_id not in docs:
            docs[hit.doc_id] = _find_document(assistant, hit.doc_id)
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
        out.append(
            f'<article class="sci-source" id="sci-src-{n}">'
            f'<div class="sci-source-title"><span class="sci-n">[{n}]</span> {title}</div>'
            f'<div class="sci-meta">{_meta_line(hit, doc)}</div>'
            f'<blockquote class="sci-passage">{body}</blockquote>'
        )
        if doc is not None:
            out.append(f'<a class="sci-open" href="#sci-full-{n}" data-target="sci-full-{n}">'
                       "Open the whole release at this passage</a>")
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
        spans = [(s, e, "passage") for s, e, _ in passages] + [(q.start, q.end, "quote") for q in quotes]
        text = _segments(doc.text[lo:hi], lo, spans, anchors)
        if lo > 0:
            text = "… " + text
        if hi < len(doc.text):
            text += " …"
        meta = _h(doc.label or doc.date or "undated")
        out.append(
            f'<details class="sci-doc" id="sci-doc-{k}"><summary>Whole release: {_h(doc.title)} '
            f'<span class="sci-meta">({meta})</span></summary>'
            f'<div class="sci-fulltext">{text}</div></details>'
        )
    out.append("</div>")
    return "".join(out)


# Opens a release's <details> and scrolls its text to the passage. Runs once per page; the
# listener sits on the panel's root element, so it keeps working when the HTML is replaced.
OPEN_RELEASE_JS = """
element.addEventListener('click', (event) => {
  const link = event.target.closest('a.sci-open');
  if (!link || !element.contains(link)) return;
  event.preventDefault();
  const target = element.querySelector('#' + CSS.escape(link.dataset.target || ''));
  if (!target) return;
  const details = target.closest('details');
  if (details) details.open = true;
  requestAnimationFrame(() => {
    target.scrollIntoView({block: 'center'});
    target.focus({preventScroll: true});
  });
});
"""


# -- rendering: index info and status ------------------------------------------------------------


def render_status(info: Mapping[str, Any], stats: BuildStats | None = None) -> str:
    """One line (safe Markdown) about the index the chat answers from."""
    n_docs = len(info.get("documents", []))
    model = str(info.get("model", {}).get("id", "?")).rsplit("/", 1)[-1]
    built = str(info.get("built_at") or "?").replace("T", " ").replace("+00:00", " UTC")
    if stats is not None and not stats.unchanged:
        how = (f"rebuilt at start-up in {stats.seconds:.1f} s ({stats.embedded} chunks embedded, "
               f"{stats.reused} reused)")
    else:
        how = f"built {built}"
    return safe_markdown(f"Index ready: {n_docs} releases, {info.get('chunks', '?')} passages, "
                         f"model {model}, {how}.")


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


def _source_record(n: int, hit: Hit, doc: Document | None) -> dict[str, Any]:
    return {
        "citation": n,
        "doc_id": hit.doc_id,
        "title": hit.title,
        "date": hit.date,
        "path": doc.path if doc else hit.source,
        "url": doc.url if doc else None,
        "section": hit.section,
        "start": hit.start,
        "end": hit.end,
    }


def export_json(question: str, answer: Answer, assistant: Assistant | None,
                filters: Filters | None = None) -> dict[str, Any]:
    """The answer as a JSON-able dict: question, answer (quotes with offsets), sources, index."""
    sources = [_source_record(n, h, _find_document(assistant, h.doc_id))
               for n, h in enumerate(answer.citations, 1)]
    index: dict[str, Any] = {}
    if assistant is not None:
        try:
            info = assistant.info()
            index = {"generation": info.get("generation"), "built_at": info.get("built_at"),
                     "model": info.get("model", {}).get("id")}
        except Exception:
            index = {}
    f = filters or Filters()
    return {
        "question": question,
        "filters": {"documents": list(f.documents), "date_from": f.date_from, "date_to": f.date_to},
        "answer": answer.to_json(),
        "sources": sources,
        "index": index,
        "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def export_markdown(question: str, answer: Answer, assistant: Assistant | None,
                    filters: Filters | None = None) -> str:
    """The answer as a Markdown document: question, answer, quotes with offsets, sources."""
    data = export_json(question, answer, assistant, filters)
    lines = ["# SCI Assistant answer", "", f"**Question:** {question}", ""]
    if answer.interpreted:
        lines += [f"**Searched as:** {answer.query}", ""]
    if filters is not None and filters.active:
        lines += [f"**Filters:** {describe_filters(filters, assistant)}", ""]
    lines += ["## Answer", "", answer.text.strip(), ""]
    if answer.quotes:
        lines += ["## Quotes", ""]
        for q in answer.quotes:
            lines.append(f"- [{q.citation}] “{q.text}” — `{q.doc_id}` characters {q.start}–{q.end}")
        lines.append("")
    if data["sources"]:
        lines += ["## Sources", ""]
        for s in data["sources"]:
            where = f", {s['section']}" if s["section"] else ""
            lines.append(f"- [{s['citation']}] {s['title']} ({s['date'] or 'undated'}{where}) — "
                         f"`{s['path']}` characters {s['start']}–{s['end']}")
        lines.append("")
    idx = data["index"]
    if idx:
        lines.append(f"_Index {idx.get('generation')} built {idx.get('built_at')}, model {idx.get('model')}; "
                     f"exported {data['exported_at']}._")
    return "\n".join(lines) + "\n"


class _ExportDir:
    """Where download files are written; files older than an hour are removed as new ones come."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="sci-assistant-export-"))

    def write(self, name: str, text: str) -> str:
        now = time.time()
        for old in self.path.glob("*"):
            try:
                if now - old.stat().st_mtime > 3600:
                    old.unlink()
            except OSError:
                pass
        sub = Path(tempfile.mkdtemp(dir=self.path))
        target = sub / name
        target.write_text(text, encoding="utf-8")
        return str(target)


# -- answering ----------------------------------------------------------------------------------


@dataclass
class Turn:
    """What one question produced, for the chat, the sources panel and the downloads."""

    reply: str  # safe Markdown for the chat
    answer: Answer | None = None
    question: str = ""
    filters: Filters = field(default_factory=Filters)
    closest: list[Hit] = field(default_factory=list)
    raw_reply: str = ""  # what goes into the conversation history


def answer_turn(assistant: Assistant, message: Any, history: Any = None,
                filters: Filters | None = None) -> Turn:
    """Run one question through the assistant; every failure becomes a friendly reply.

    Raises InvalidRequestError only for a bad message (empty or too long) or history, so the
    caller decides how to reject it.
    """
    question = check_message(message)
    messages, note = normalise_history(history)
    filters = filters or Filters()
    try:
        try:
            assistant.refresh()
        except Exception:  # a broken new generation must not stop answers from the current one
            log.warning("could not switch to a newer index generation", exc_info=True)
        answer = assistant.ask(question, history=messages, filters=filters)
    except InvalidRequestError as exc:
        log.info("request rejected: %s", exc)
        return Turn(reply=safe_markdown(f"Sorry — I can't answer that as asked: {exc}"), question=question,
                    filters=filters, raw_reply=str(exc))
    except Exception:
        log.exception("answering %r failed", question[:200])
        return Turn(reply=safe_markdown(FRIENDLY_ERROR), question=question, filters=filters,
                    raw_reply=FRIENDLY_ERROR)
    closest: list[Hit] = []
    if not answer.found and not answer.citations:
        try:
            closest = assistant.search(answer.query or question, k=3, filters=filters)
        except Exception:
            log.warning("closest-match search failed", exc_info=True)
    reply = render_reply(answer, filters_text=describe_filters(filters, assistant),
                         notes=[note] if note else ())
    raw = answer.text
    if note:
        raw = f"_{note}_\n\n{raw}"
    return Turn(reply=reply, answer=answer, question=question, filters=filters, closest=closest,
                raw_reply=raw)


def chat_reply(assistant: Assistant, message: Any, history: Any = None) -> str:
    """The API's chat function: the answer's Markdown for ``message`` given earlier turns.

    An empty or over-long message, or a malformed history, raises ``gradio.Error`` with a clear
    sentence (the client sees it as an error, not as an answer).
    """
    import gradio as gr

    try:
        turn = answer_turn(assistant, message, history)
    except InvalidRequestError as exc:
        raise gr.Error(str(exc), print_exception=False) from None
    if turn.answer is None:
        raise gr.Error(turn.raw_reply, print_exception=False)
    return turn.raw_reply


# -- the app --------------------------------------------------------------------------------------

CSS = """
.sci-status p { margin: 0; font-size: 0.9em; opacity: 0.85; }
#sci-sources .sci-source { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 0.6rem 0.8rem; margin: 0 0 0.6rem 0; }
#sci-sources .sci-source-title { font-weight: 600; }
#sci-sources .sci-n { color: var(--color-accent); }
#sci-sources .sci-meta { font-size: 0.85em; opacity: 0.8; }
#sci-sources .sci-passage { white-space: pre-wrap; margin: 0.4rem 0; padding: 0 0 0 0.6rem;
  border-left: 3px solid var(--border-color-accent, #f97316); overflow-wrap: anywhere; }
#sci-sources mark.sci-quote { background: #fde68a; color: #1f2937; padding: 0 1px; border-radius: 2px; }
#sci-sources .sci-psg { background: rgba(59, 130, 246, 0.10); }
#sci-sources .sci-fulltext { white-space: pre-wrap; max-height: 55vh; overflow-y: auto; padding: 0.5rem;
  border: 1px solid var(--border-color-primary); border-radius: 6px; overflow-wrap: anywhere; }
#sci-sources details.sci-doc { margin: 0.4rem 0; }
#sci-sources .sci-notfound { padding: 0.5rem 0.7rem; border-radius: 6px;
  background: var(--background-fill-secondary); }
.sci-info table { width: 100%; font-size: 0.9em; }
#sci-examples { flex-wrap: wrap; gap: 0.4rem; }
#sci-examples button { white-space: normal; text-align: left; flex: 0 1 auto; }
@media (max-width: 720px) { #sci-chat { height: 55vh !important; } }
"""


def build_demo(
    assistant: Assistant,
    *,
    status: str = "",
    respond: Callable[..., str] | None = None,
) -> gr.Blocks:
    """The whole UI. ``respond(message, history) -> str`` is exposed as the ``/chat`` API endpoint
    (default: ``chat_reply`` on ``assistant``). The queue is configured here."""
    import gradio as gr

    exports = _ExportDir()
    if respond is None:
        def respond(message: str, history: list | None = None) -> str:
            """Answer `message` from the releases; `history` holds earlier turns as
            {"role", "content"} messages. Returns Markdown with [n] citation markers."""
            return chat_reply(assistant, message, history)

    def on_ask(message, state, releases, date_from, date_to):
        state = dict(state or {})
        display = list(state.get("display", []))
        history = list(state.get("history", []))
        keep = gr.update()
        try:
            question = check_message(message)
            filters = make_filters(releases, date_from, date_to)
        except InvalidRequestError as exc:
            display.append({"role": "assistant", "content": safe_markdown(str(exc))})
            state["display"] = display
            yield display, state, keep, keep, keep, keep
            return
        display.append({"role": "user", "content": user_bubble(question)})
        yield display + [{"role": "assistant", "content": "_Searching the releases…_"}], state, "", keep, keep, keep
        turn = answer_turn(assistant, question, history, filters)
        display.append({"role": "assistant", "content": turn.reply})
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": turn.raw_reply}]
        state.update(display=display, history=history)
        if turn.answer is None:
            yield display, state, "", keep, keep, keep
            return
        sources = render_sources(turn.answer, assistant, turn.closest)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        md = exports.write(f"sci-answer-{stamp}.md", export_markdown(question, turn.answer, assistant, filters))
        js = exports.write(f"sci-answer-{stamp}.json", json.dumps(
            export_json(question, turn.answer, assistant, filters), indent=2, ensure_ascii=False) + "\n")
        yield (display, state, "", sources, gr.update(value=md, interactive=True),
               gr.update(value=js, interactive=True))

    def on_clear():
        empty = {"display": [], "history": []}
        return ([], empty, "", render_sources(None, None),
                gr.update(value=None, interactive=False), gr.update(value=None, interactive=False))

    def on_load():
        try:
            assistant.refresh()
        except Exception:
            log.warning("could not switch to a newer index generation", exc_info=True)
        info = assistant.info()
        return gr.update(choices=release_choices(assistant)), render_index_info(info)

    info = assistant.info()
    with gr.Blocks(title="SCI Assistant", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown("## SCI Assistant — Singapore–Shenzhen Smart City Initiative releases\n"
                    "Answers quote the press releases verbatim, with [n] markers pointing at the "
                    "sources; when the releases don't say, it says so.")
        gr.Markdown(status or render_status(info), elem_classes=["sci-status"], elem_id="sci-status")
        state = gr.State({"display": [], "history": []})
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=340):
                chatbot = gr.Chatbot(
                    elem_id="sci-chat", label="Chat", height=540, latex_delimiters=[],
                    sanitize_html=True, render_markdown=True, allow_tags=False, buttons=["copy"],
                    feedback_options=None, autoscroll=True,
                    placeholder="Ask about the SCI releases — who signed what, when, how many.",
                )
                msg = gr.Textbox(
                    elem_id="sci-input", show_label=False, lines=1, max_lines=6, autofocus=True,
                    placeholder="Type a question and press Enter", submit_btn="Send",
                )
                with gr.Row():
                    clear = gr.Button("New conversation", size="sm", elem_id="sci-clear")
                gr.Markdown("**Example questions** (" + " · ".join(kind for kind, _ in EXAMPLES) + ")")
                with gr.Row(elem_id="sci-examples"):
                    example_buttons = [
                        (gr.Button(q, size="sm", scale=0, min_width=0, elem_classes=["sci-example"]), q)
                        for _, q in EXAMPLES
                    ]
            with gr.Column(scale=2, min_width=300):
                with gr.Accordion("Filters", open=False, elem_id="sci-filters"):
                    releases = gr.Dropdown(
                        choices=release_choices(assistant), value=[], multiselect=True,
                        label="Only these releases", elem_id="sci-releases",
                    )
                    with gr.Row():
                        date_from = gr.Textbox(label="From date", placeholder="YYYY-MM-DD",
                                               elem_id="sci-date-from", min_width=120)
                        date_to = gr.Textbox(label="To date", placeholder="YYYY-MM-DD",
                                             elem_id="sci-date-to", min_width=120)
                gr.Markdown("**Sources**")
                sources = gr.HTML(render_sources(None, None), elem_id="sci-sources",
                                  js_on_load=OPEN_RELEASE_JS, apply_default_css=True)
                with gr.Row():
                    md_btn = gr.DownloadButton("Download answer (Markdown)", interactive=False,
                                               size="sm", elem_id="sci-download-md")
                    json_btn = gr.DownloadButton("Download answer (JSON)", interactive=False,
                                                 size="sm", elem_id="sci-download-json")
                with gr.Accordion("Index: releases, passages, model", open=False, elem_id="sci-index"):
                    index_info = gr.HTML(render_index_info(info), js_on_load=None)

        inputs = [msg, state, releases, date_from, date_to]
        outputs = [chatbot, state, msg, sources, md_btn, json_btn]
        ask_opts = dict(api_visibility="private", show_progress="hidden")
        msg.submit(on_ask, inputs, outputs, **ask_opts)
        for button, question in example_buttons:
            button.click(lambda q=question: q, None, msg, queue=False, api_visibility="private").then(
                on_ask, inputs, outputs, **ask_opts)
        clear.click(on_clear, None, outputs, queue=False, api_visibility="private")
        chatbot.clear(on_clear, None, outputs, queue=False, api_visibility="private")
        demo.load(on_load, None, [releases, index_info], api_visibility="private")
        gr.api(respond, api_name="chat")
    demo.queue(default_concurrency_limit=CONCURRENCY_LIMIT, max_size=QUEUE_SIZE)
    return demo


# -- start-up and launch ------------------------------------------------------------------------


def start_assistant(corpus: str | os.PathLike[str], index: str | os.PathLike[str],
                    model: str | None = None, *, embedder: Any = None,
                    out=None) -> tuple[Assistant, str]:
    """Load the model and the index, rebuilding a missing or stale index first (with progress).

    Returns the assistant and the status line shown in the UI.
    """
    from .assistant import Assistant, index_is_stale
    from .embedding import SentenceTransformerEmbedder

    out = out or sys.stderr
    print("Loading the embedding model…", file=out, flush=True)
    embedder = embedder or SentenceTransformerEmbedder(model)
    if index_is_stale(corpus, index, model_id=embedder.model_id):
        print(f"The index in {index} is missing or out of date: rebuilding it from {corpus} …",
              file=out, flush=True)
    assistant, stats = Assistant.load_or_build(corpus, index, embedder=embedder, progress=True)
    info = assistant.info()
    if stats is not None:
        print(f"Index built: {stats.documents} releases, {stats.chunks} passages "
              f"({stats.embedded} embedded, {stats.reused} reused) in {stats.seconds:.1f} s.",
              file=out, flush=True)
    else:
        print(f"Index up to date: {len(info['documents'])} releases, {info['chunks']} passages.",
              file=out, flush=True)
    return assistant, render_status(info, stats)


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """'USER:PASSWORD' → (user, password); None/'' → None; InvalidRequestError otherwise."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise InvalidRequestError("--auth must be USER:PASSWORD (both non-empty)")
    return user, password


def launch(demo: gr.Blocks, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
           auth: str | None = None, blocked_paths: Sequence[str | os.PathLike[str]] = (),
           prevent_thread_lock: bool = False, quiet: bool = False):
    """Serve ``demo`` safely: local by default, no share link, optional login, files under
    ``blocked_paths`` (the corpus and index) never served. Returns Gradio's (app, url, share)."""
    credentials = parse_auth(auth)
    if host not in ("127.0.0.1", "localhost", "::1") and credentials is None:
        log.warning("serving on %s without --auth: anyone who can reach this address can use it", host)
    return demo.launch(
        server_name=host, server_port=port, share=False, auth=credentials,
        auth_message="SCI Assistant: please log in." if credentials else None,
        max_threads=MAX_THREADS, show_error=False, prevent_thread_lock=prevent_thread_lock,
        blocked_paths=[str(Path(p).resolve()) for p in blocked_paths], allowed_paths=None,
        ssr_mode=False, mcp_server=False, enable_monitoring=False, pwa=False, quiet=quiet,
        footer_links=["api"], css=CSS, inbrowser=False,
        max_file_size="1mb",  # the app takes no uploads; don't let Gradio's upload route fill /tmp
    )


def _add_serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default: %(default)s)")
    p.add_argument("--port", type=int, default=int(os.environ.get("SCI_ASSISTANT_PORT", DEFAULT_PORT)),
                   help="port (default: %(default)s)")
    p.add_argument("--auth", default=os.environ.get("SCI_ASSISTANT_AUTH"),
                   help="require a login, USER:PASSWORD (or set SCI_ASSISTANT_AUTH)")


def parse_app_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The options of ``python app.py``: --host, --port, --auth."""
    p = argparse.ArgumentParser(
        prog="app.py", description="The SCI Assistant browser chat over the bundled releases "
        "(rebuilds a missing or stale index first).",
        epilog="environment: SCI_ASSISTANT_CORPUS, SCI_ASSISTANT_INDEX, SCI_ASSISTANT_MODEL, "
        "SCI_ASSISTANT_AUTH, SCI_ASSISTANT_PORT")
    _add_serve_args(p)
    args = p.parse_args(argv)
    try:
        parse_auth(args.auth)
    except InvalidRequestError as exc:
        p.error(str(exc))
    return args


def _setup_logging() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)


def run(demo: gr.Blocks, *, host: str, port: int, auth: str | None,
        blocked_paths: Sequence[str | os.PathLike[str]]) -> int:
    """Launch, say where, and block until Ctrl+C; a friendly line and exit status on failure."""
    _setup_logging()
    try:
        launch(demo, host=host, port=port, auth=auth, blocked_paths=blocked_paths,
               prevent_thread_lock=True, quiet=True)
    except SciAssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        print(f"error: cannot serve on {host}:{port} ({exc}); try another --port", file=sys.stderr)
        return 1
    shown = f"[{host}]" if ":" in host else host
    login = " (login required)" if auth else ""
    print(f"The chat is ready at http://{shown}:{port}{login} — press Ctrl+C to stop.", file=sys.stderr, flush=True)
    try:
        demo.block_thread()
    except KeyboardInterrupt:
        pass
    finally:
        demo.close()
    return 0


def serve(corpus: str | os.PathLike[str] = "corpus", index: str | os.PathLike[str] = "index",
          model: str | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          auth: str | None = None) -> int:
    """``sci-assistant serve``: rebuild the index if needed, then serve the chat until stopped."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    parse_auth(auth)  # fail before the slow start
    assistant, status = start_assistant(corpus, index, model)
    demo = build_demo(assistant, status=status)
    return run(demo, host=host, port=port, auth=auth, blocked_paths=[corpus, index])
