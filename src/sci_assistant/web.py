"""The browser chat: a Gradio Blocks app over ``Assistant`` (``python app.py`` / ``sci-assistant serve``).

Layout: the chat on the left; on the right the sources of the latest answer (each cited passage
with its quoted sentences marked at their exact offsets and a link that opens the whole release
at that passage), filters, downloads and what the index holds.

The rendering (safe Markdown for the chat, HTML for the sources panel, plain text to copy,
exports) lives in ``web_render`` as pure functions of an Answer; this module holds the request
checks (message, history, filters), one question's turn, the Gradio app with its CSS and browser
scripts, and launching. Gradio is imported only inside the functions that build or launch the app.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InvalidRequestError, SciAssistantError
from .schema import Answer, Filters, Hit
from .web_render import (
    describe_filters,
    export_json,
    export_markdown,
    release_choices,
    render_index_info,
    render_reply,
    render_sources,
    render_status,
    safe_markdown,
    unlink_citations,
    user_bubble,
)

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
        note = (
            f"The conversation is long, so only its last {len(kept)} of {total} messages were used "
            "to understand this question."
        )
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


def answer_turn(assistant: Assistant, message: Any, history: Any = None, filters: Filters | None = None) -> Turn:
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
        return Turn(
            reply=safe_markdown(f"Sorry — I can't answer that as asked: {exc}"),
            question=question,
            filters=filters,
            raw_reply=str(exc),
        )
    except Exception:
        log.exception("answering %r failed", question[:200])
        return Turn(reply=safe_markdown(FRIENDLY_ERROR), question=question, filters=filters, raw_reply=FRIENDLY_ERROR)
    closest: list[Hit] = []
    if not answer.found and not answer.citations:
        try:
            closest = assistant.search(answer.query or question, k=3, filters=filters)
        except Exception:
            log.warning("closest-match search failed", exc_info=True)
    reply = render_reply(
        answer, filters_text=describe_filters(filters, assistant), notes=[note] if note else (), assistant=assistant
    )
    raw = answer.text
    if note:
        raw = f"_{note}_\n\n{raw}"
    return Turn(reply=reply, answer=answer, question=question, filters=filters, closest=closest, raw_reply=raw)


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


# -- browser behaviour ----------------------------------------------------------------------------

# Runs once per page (js_on_load of the sources panel). On the panel: "open the whole release"
# links and "Copy quote" buttons. On the document (the chat is outside the panel): a citation link
# [n] in the chat scrolls to its source card, focuses it and flashes it, and brings the release
# view to its quote. The release view of [n] (its release's whole text, in a <details> below the
# cards) moves to just below card n and opens there, its text scrolled to the quotes of [n] (marks
# whose data-cite lists n; without quotes, the passage of [n]), which flash; so the card and its
# quote in the release are in view together. A new answer replaces the panel and its order.
PAGE_JS = r"""
const copyText = async (text) => {
  try { await navigator.clipboard.writeText(text); return true; } catch (e) { /* below */ }
  const area = document.createElement('textarea');  // no clipboard API (plain http off localhost)
  area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed';
  area.style.opacity = '0'; document.body.appendChild(area); area.select();
  const ok = document.execCommand('copy'); area.remove(); return ok;
};
const acknowledge = (button, ok) => {
  const label = button.dataset.label || button.textContent;
  button.dataset.label = label;
  button.textContent = ok ? 'Copied' : 'Copy failed';
  setTimeout(() => { button.textContent = label; }, 1500);  // a visual cue only
};
const flash = (el) => {
  el.classList.remove('sci-flash');
  void el.offsetWidth;  // restart the animation when the same element is asked for again
  el.classList.add('sci-flash');
  const done = (event) => {
    if (event.target !== el) return;  // a flashing mark inside a flashing passage
    el.classList.remove('sci-flash');
    el.removeEventListener('animationend', done);
  };
  el.addEventListener('animationend', done);
};
// The release view of citation n, below card n and open, its text scrolled to n's quote (or, with
// atPassage, to the start of n's passage); returns the element shown, or null without a release view.
const showInRelease = (card, n, {atPassage = false, flashIt = false} = {}) => {
  const anchor = document.getElementById('sci-full-' + n);
  const details = anchor && anchor.closest('details.sci-doc');
  if (!card || !details) return null;
  if (card.nextElementSibling !== details) card.after(details);
  details.open = true;
  const box = details.querySelector('.sci-fulltext');
  const cites = (el) => (el.dataset.cite || '').split(' ').includes(String(n));
  let marked = [...box.querySelectorAll('mark.sci-quote[data-cite]')].filter(cites);
  if (!marked.length) marked = [...box.querySelectorAll('.sci-psg[data-cite]')].filter(cites);
  const shown = atPassage ? anchor : marked[0] || anchor;
  const lead = 1.5 * (parseFloat(getComputedStyle(box).lineHeight) || 24);  // a line of context above
  box.scrollTop += shown.getBoundingClientRect().top - box.getBoundingClientRect().top
    - Math.min(lead, box.clientHeight / 4);
  if (flashIt) marked.forEach(flash);
  return shown;
};
// Scroll the page so that card n is at the top and as much as fits of its quote in the release
// view below it is in view too (the card's top stays in view).
const showCardAndQuote = (card, shown) => {
  card.scrollIntoView({block: 'start'});
  if (!shown) return;
  const pad = 8, box = shown.closest('.sci-fulltext');
  const bottom = Math.min(shown.getBoundingClientRect().bottom, box.getBoundingClientRect().bottom);
  const over = bottom - (window.innerHeight - pad);
  if (over > 0) window.scrollBy(0, Math.min(over, card.getBoundingClientRect().top - pad));
};
window.sciCopy = copyText;
window.sciAcknowledge = acknowledge;
window.sciFlash = flash;
window.sciShowInRelease = showInRelease;
window.sciShowCardAndQuote = showCardAndQuote;
element.addEventListener('click', (event) => {
  const copy = event.target.closest('button.sci-copy');
  if (copy && element.contains(copy)) {
    copyText(copy.dataset.copy || '').then((ok) => acknowledge(copy, ok));
    return;
  }
  const link = event.target.closest('a.sci-open');
  if (!link || !element.contains(link)) return;
  event.preventDefault();
  const n = (/^sci-full-(\d+)$/.exec(link.dataset.target || '') || [])[1];
  const target = n && element.querySelector('#sci-full-' + n);
  if (!target) return;
  const shown = showInRelease(link.closest('article.sci-source'), n, {atPassage: true});
  (shown ? shown.closest('.sci-fulltext') : target).scrollIntoView({block: 'nearest'});
  target.focus({preventScroll: true});
});
if (!window.sciExamplesWired) {
  // Gradio renders the empty chat's example buttons inside role="list", which may hold only list
  // items (axe: aria-required-children, critical): make it a labelled group whenever it appears.
  window.sciExamplesWired = true;
  const fixExamples = () => document.querySelectorAll('#sci-chat .examples[role="list"]').forEach((el) => {
    el.setAttribute('role', 'group');
    el.setAttribute('aria-label', 'Example questions');
  });
  fixExamples();
  new MutationObserver(fixExamples).observe(document.body, {childList: true, subtree: true});
}
if (!window.sciCitationsWired) {
  window.sciCitationsWired = true;
  document.addEventListener('click', (event) => {
    const cite = event.target.closest('a.sci-cite');
    if (!cite) return;
    event.preventDefault();
    const id = (cite.getAttribute('href') || '').replace(/^#/, '');
    const card = /^sci-src-\d+$/.test(id) ? document.getElementById(id) : null;
    if (!card) return;
    const shown = window.sciShowInRelease(card, id.slice('sci-src-'.length), {flashIt: true});
    window.sciShowCardAndQuote(card, shown);
    card.focus({preventScroll: true});
    window.sciFlash(card);
  });
}
"""

# After a reply: show the top of the new answer in the chat (Gradio's autoscroll shows the bottom).
# Waits, frame by frame, until the reply has replaced "Searching the releases…".
SHOW_ANSWER_TOP_JS = """
() => {
  let frames = 0;
  const show = () => {
    const chat = document.querySelector('#sci-chat');
    const bots = chat ? chat.querySelectorAll('[data-testid="bot"]') : [];
    const last = bots[bots.length - 1];
    if (!last || last.innerText.includes('Searching the releases')) {
      if (frames++ < 300) requestAnimationFrame(show);
      return;
    }
    if (last === window.sciShownReply) return;  // no new reply (a rejected question): stay put
    window.sciShownReply = last;
    let box = last.parentElement;
    while (box && box !== chat && !(box.scrollHeight > box.clientHeight + 1
           && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
    if (box && box !== chat) {
      // below the "Chat" label, which floats over the top of the scroll box
      const label = chat.querySelector('[data-testid="block-label"]');
      const boxTop = box.getBoundingClientRect().top;
      const pad = label ? Math.max(8, label.getBoundingClientRect().bottom - boxTop + 8) : 8;
      box.scrollTop += last.getBoundingClientRect().top - boxTop - pad;
    }
    const top = last.getBoundingClientRect().top;  // the page itself (a phone): the answer in view
    if (top < 0 || top > window.innerHeight * 0.6) window.scrollBy(0, top - 8);
  };
  requestAnimationFrame(show);
}
"""


# On asking: bring the question and its "Searching the releases…" line into view (the chat may be
# showing the top of a long earlier answer).
SHOW_PENDING_JS = """
() => {
  let frames = 0;
  const show = () => {
    const chat = document.querySelector('#sci-chat');
    const bots = chat ? chat.querySelectorAll('[data-testid="bot"]') : [];
    const last = bots[bots.length - 1];
    if (!last || !last.innerText.includes('Searching the releases')) {
      if (frames++ < 120) requestAnimationFrame(show);
      return;
    }
    last.scrollIntoView({block: 'nearest'});
  };
  requestAnimationFrame(show);
}
"""


def copy_answer_js(kind: str) -> str:
    """JS for a "Copy answer" button: copies the latest answer as ``kind`` (text | markdown)."""
    return f"""
() => {{
  const data = document.querySelector('#sci-sources .sci-copy-data[data-kind="{kind}"]');
  const button = document.querySelector('#sci-copy-{kind}');
  if (!data || !window.sciCopy) return;
  window.sciCopy(data.textContent).then((ok) => button && window.sciAcknowledge(button, ok));
}}
"""


# -- the app --------------------------------------------------------------------------------------

# Colours: every text colour here meets WCAG AA (4.5:1) on the theme's backgrounds, light and
# dark (the browser tests check both with axe-core). Before, the [n] numbers, the placeholders and
# Gradio's footer measured 1.9–2.8:1, and Gradio dims chat text to 0.8 opacity.
CSS = """
:root { --sci-muted: #374151; --sci-meta: #4b5563; --sci-n: #9a3412; --sci-link: #1d4ed8;
  --sci-bad: #9f1239; --sci-bad-bg: #fff1f2; --sci-good: #166534; --sci-good-bg: #f0fdf4;
  --sci-mid: #854d0e; --sci-mid-bg: #fefce8; --sci-flash: #fef3c7; --sci-flash-ring: #b45309;
  --sci-box: #f3f4f6; --sci-box-fg: #1f2937; --sci-button: #ffffff; --sci-button-fg: #1f2937; }
.dark { --sci-muted: #d1d5db; --sci-meta: #c4c9d1; --sci-n: #fdba74; --sci-link: #93c5fd;
  --sci-bad: #fda4af; --sci-bad-bg: #3b0a16; --sci-good: #86efac; --sci-good-bg: #052e16;
  --sci-mid: #fde047; --sci-mid-bg: #2f2405; --sci-flash: #453108; --sci-flash-ring: #fbbf24;
  --sci-box: #27272a; --sci-box-fg: #f4f4f5; --sci-button: #1f2937; --sci-button-fg: #f3f4f6; }
#sci-title h1 { font-size: 1.5rem; margin: 0.2rem 0; }
.sci-status p { margin: 0; font-size: 0.9em; color: var(--sci-muted); }
#sci-sources .sci-source { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 0.6rem 0.8rem; margin: 0 0 0.6rem 0; scroll-margin: 4rem; }
#sci-sources .sci-source:focus { outline: 3px solid var(--sci-link); outline-offset: 2px; }
#sci-sources .sci-source.sci-flash { animation: sci-flash 1.6s ease-out; }
@keyframes sci-flash { 0%, 40% { background: var(--sci-flash); box-shadow: 0 0 0 3px var(--sci-flash-ring); }
  100% { background: none; } }
#sci-sources .sci-source-title { font-weight: 600; }
#sci-sources .sci-n { color: var(--sci-n); }
#sci-sources .sci-meta { font-size: 0.85em; color: var(--sci-meta); }
#sci-sources .sci-passage { white-space: pre-wrap; margin: 0.4rem 0; padding: 0 0 0 0.6rem;
  border-left: 3px solid #c2410c; overflow-wrap: anywhere; }
#sci-sources mark.sci-quote { background: #fde68a; color: #1f2937; padding: 0 1px; border-radius: 2px; }
#sci-sources .sci-psg { background: rgba(59, 130, 246, 0.10); }
#sci-sources .sci-fulltext { white-space: pre-wrap; max-height: 55vh; overflow-y: auto; padding: 0.5rem;
  border: 1px solid var(--border-color-primary); border-radius: 6px; overflow-wrap: anywhere; }
#sci-sources details.sci-doc { margin: 0.4rem 0; }
#sci-sources .sci-fulltext .sci-flash { animation: sci-flash-quote 1.6s ease-out; box-decoration-break: clone;
  -webkit-box-decoration-break: clone; }
#sci-sources .sci-fulltext .sci-psg.sci-flash { background: var(--sci-flash); }
@keyframes sci-flash-quote { 0%, 40% { box-shadow: 0 0 0 3px var(--sci-flash-ring); } 100% { box-shadow: none; } }
#sci-sources .sci-notfound { padding: 0.5rem 0.7rem; border-radius: 6px; background: var(--sci-box);
  color: var(--sci-box-fg); }
#sci-sources a { color: var(--sci-link); }
#sci-sources button.sci-copy { font-size: 0.85em; padding: 0.15rem 0.6rem; border-radius: 6px;
  border: 1px solid #6b7280; background: var(--sci-button); color: var(--sci-button-fg); cursor: pointer; }
#sci-sources button.sci-copy:focus-visible, #sci-chat a.sci-cite:focus-visible,
#sci-sources .sci-fulltext:focus-visible {
  outline: 3px solid var(--sci-link); outline-offset: 1px; }
.sci-state { display: inline-block; font-size: 0.8em; font-weight: 600; padding: 0.05rem 0.5rem;
  border-radius: 999px; border: 1px solid currentColor; }
.sci-state-high { color: var(--sci-good); background: var(--sci-good-bg); }
.sci-state-medium { color: var(--sci-mid); background: var(--sci-mid-bg); }
.sci-state-low, .sci-state-notfound { color: var(--sci-bad); background: var(--sci-bad-bg); }
#sci-chat .message:has(.sci-state-notfound) { border-left: 4px solid var(--sci-bad) !important;
  background: var(--sci-bad-bg) !important; }
#sci-chat .md.chatbot, #sci-chat .message-content { opacity: 1 !important; }
#sci-chat a.sci-cite { color: var(--sci-link); text-decoration: underline; font-weight: 600; }
.sci-field-error { color: var(--sci-bad); margin: 0.2rem 0 0; font-weight: 600; }
.sci-info table { width: 100%; font-size: 0.9em; }
#sci-examples { flex-wrap: wrap; gap: 0.4rem; }
#sci-examples button { white-space: normal; text-align: left; flex: 0 1 auto; }
textarea::placeholder, input::placeholder { color: var(--sci-meta) !important; opacity: 1 !important; }
#sci-chat .placeholder, #sci-chat .placeholder-content { color: var(--sci-muted) !important; opacity: 1 !important; }
footer, footer a, footer button, footer .divider { color: var(--sci-muted) !important; opacity: 1 !important; }
@media (max-width: 720px) { #sci-chat { height: 60vh !important; }
  /* an empty chat is as tall as its examples, so they and the question box are on the first screen */
  #sci-chat:not(:has([data-testid="bot"])) { height: auto !important; }
  #sci-chat .placeholder-content { padding-top: 2.2rem; padding-bottom: 0.4rem; }
  #sci-title h1 { font-size: 1.15rem; } #sci-title p { font-size: 0.85rem; } }
"""


def filters_label(releases: Sequence[str] | str | None, date_from: Any, date_to: Any) -> str:
    """The Filters header: "Filters" or "Filters · 2 active" (releases, From and To count one each)."""
    if isinstance(releases, str):
        releases = [releases] if releases else []
    active = sum(1 for v in (list(releases or []), str(date_from or "").strip(), str(date_to or "").strip()) if v)
    return f"Filters · {active} active" if active else "Filters"


def error_html(message: str) -> str:
    """An error shown beside its field, the question box or the filters ('' when there is none)."""
    return f'<p class="sci-field-error" role="alert">{html.escape(message)}</p>' if message else ""


def build_demo(
    assistant: Assistant,
    *,
    status: str = "",
    respond: Callable[..., str] | None = None,
) -> gr.Blocks:
    """The whole UI. ``respond(message, history) -> str`` is exposed as the ``/chat`` API endpoint
    (default: ``chat_reply`` on ``assistant``). The queue is configured here."""
    import gradio as gr

    from .web_explorer import explorer_tabs  # the records reader: loaded with the app, not for --help

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
        label = filters_label(releases, date_from, date_to)
        # A bad question or filter is reported beside its field, and the chat is left alone: an
        # error appended as an assistant message would merge into the previous answer's bubble.
        errors = {}
        try:
            filters = make_filters(releases, date_from, date_to)
        except InvalidRequestError as exc:
            errors[filter_error] = error_html(str(exc))
        try:
            question = check_message(message)
        except InvalidRequestError as exc:
            errors[input_error] = error_html(str(exc))
        if errors:
            yield {
                filter_error: "",
                input_error: "",
                **errors,
                filters_box: gr.update(label=label, open=True) if filter_error in errors else gr.update(label=label),
            }
            return
        # Only the newest reply links its [n] to the sources panel, which shows the newest sources.
        display = [dict(m, content=unlink_citations(m["content"])) if m["role"] == "assistant" else m for m in display]
        display.append({"role": "user", "content": user_bubble(question)})
        searching = {"role": "assistant", "content": "_Searching the releases…_"}
        yield {
            chatbot: display + [searching],
            state_box: state,
            msg: "",
            filter_error: "",
            input_error: "",
            filters_box: gr.update(label=label),
        }
        turn = answer_turn(assistant, question, history, filters)
        display.append({"role": "assistant", "content": turn.reply})
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": turn.raw_reply}]
        state.update(display=display, history=history)
        if turn.answer is None:  # a failure: nothing of the previous answer may pass for this one's
            yield {
                chatbot: display,
                state_box: state,
                sources: render_sources(None, None),
                md_btn: gr.update(value=None, interactive=False),
                json_btn: gr.update(value=None, interactive=False),
                copy_text: gr.update(interactive=False),
                copy_md: gr.update(interactive=False),
            }
            return
        sources_html = render_sources(turn.answer, assistant, turn.closest)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        md = exports.write(f"sci-answer-{stamp}.md", export_markdown(question, turn.answer, assistant, filters))
        js = exports.write(
            f"sci-answer-{stamp}.json",
            json.dumps(export_json(question, turn.answer, assistant, filters), indent=2, ensure_ascii=False) + "\n",
        )
        yield {
            chatbot: display,
            state_box: state,
            sources: sources_html,
            md_btn: gr.update(value=md, interactive=True),
            json_btn: gr.update(value=js, interactive=True),
            copy_text: gr.update(interactive=True),
            copy_md: gr.update(interactive=True),
            **{b: gr.update(visible=True) for b in after_first},
        }

    def on_clear():
        return {
            chatbot: [],
            state_box: {"display": [], "history": []},
            msg: "",
            sources: render_sources(None, None),
            md_btn: gr.update(value=None, interactive=False),
            json_btn: gr.update(value=None, interactive=False),
            copy_text: gr.update(interactive=False),
            copy_md: gr.update(interactive=False),
            **{b: gr.update(visible=False) for b in after_first},
        }

    def on_filters(releases, date_from, date_to):
        try:
            make_filters(releases, date_from, date_to)
            error = ""
        except InvalidRequestError as exc:
            error = str(exc)
        return gr.update(label=filters_label(releases, date_from, date_to)), error_html(error)

    def on_load():
        try:
            assistant.refresh()
        except Exception:
            log.warning("could not switch to a newer index generation", exc_info=True)
        info = assistant.info()
        return gr.update(choices=release_choices(assistant)), render_index_info(info)

    info = assistant.info()
    with gr.Blocks(title="SCI Assistant", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown(
            "# SCI Assistant — Singapore–Shenzhen Smart City Initiative releases\n"
            "Answers quote the press releases verbatim, with [n] markers pointing at the "
            "sources; when the releases don't say, it says so.",
            elem_id="sci-title",
        )
        gr.Markdown(status or render_status(info), elem_classes=["sci-status"], elem_id="sci-status")
        state_box = gr.State({"display": [], "history": []})
        with gr.Tabs(elem_id="sci-tabs"):
            with gr.Tab("Chat", id="chat", elem_id="sci-tab-chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=300):
                        chatbot = gr.Chatbot(
                            # autoscroll off: SHOW_ANSWER_TOP_JS shows the top of each new answer instead.
                            # No copy button: it copies the raw message (HTML of the links); the "Copy
                            # answer" buttons below copy clean text or the answer's own Markdown.
                            elem_id="sci-chat",
                            label="Chat",
                            height=540,
                            latex_delimiters=[],
                            sanitize_html=True,
                            render_markdown=True,
                            allow_tags=False,
                            buttons=[],
                            feedback_options=None,
                            autoscroll=False,
                            placeholder="Ask about the SCI releases — who signed what, when, how many.",
                            # the first questions to try sit inside the empty chat (on a phone too)
                            examples=[{"text": q} for kind, q in EXAMPLES if kind != "follow-up"],
                        )
                        msg = gr.Textbox(
                            elem_id="sci-input",
                            show_label=False,
                            lines=1,
                            max_lines=6,
                            autofocus=True,
                            placeholder="Type a question and press Enter",
                            submit_btn="Send",
                        )
                        input_error = gr.HTML("", elem_id="sci-input-error")
                        with gr.Row():
                            clear = gr.Button("New conversation", size="sm", elem_id="sci-clear")
                            copy_text = gr.Button("Copy answer", size="sm", interactive=False, elem_id="sci-copy-text")
                            copy_md = gr.Button(
                                "Copy as Markdown", size="sm", interactive=False, elem_id="sci-copy-markdown"
                            )
                        # Below the chat once it has an answer (the empty chat shows the first
                        # ones itself); a follow-up ("… there?") means nothing before a first answer.
                        examples_head = gr.Markdown("**Example questions**", visible=False)
                        with gr.Row(elem_id="sci-examples"):
                            example_buttons = []
                            after_first = [examples_head]  # shown after a first answer, hidden by "New conversation"
                            for kind, question in EXAMPLES:
                                button = gr.Button(
                                    question,
                                    size="sm",
                                    scale=0,
                                    min_width=0,
                                    visible=False,
                                    elem_classes=["sci-example", f"sci-example-{kind.replace(' ', '-')}"],
                                )
                                example_buttons.append((button, question))
                                after_first.append(button)
                    with gr.Column(scale=2, min_width=300):
                        with gr.Accordion("Filters", open=False, elem_id="sci-filters") as filters_box:
                            releases = gr.Dropdown(
                                choices=release_choices(assistant),
                                value=[],
                                multiselect=True,
                                label="Only these releases",
                                elem_id="sci-releases",
                            )
                            with gr.Row():
                                date_from = gr.Textbox(
                                    label="From date", placeholder="YYYY-MM-DD", elem_id="sci-date-from", min_width=120
                                )
                                date_to = gr.Textbox(
                                    label="To date", placeholder="YYYY-MM-DD", elem_id="sci-date-to", min_width=120
                                )
                            filter_error = gr.HTML("", elem_id="sci-filter-error")
                        gr.Markdown("**Sources**")
                        sources = gr.HTML(
                            render_sources(None, None),
                            elem_id="sci-sources",
                            js_on_load=PAGE_JS,
                            apply_default_css=True,
                        )
                        with gr.Row():
                            md_btn = gr.DownloadButton(
                                "Download answer (Markdown)", interactive=False, size="sm", elem_id="sci-download-md"
                            )
                            json_btn = gr.DownloadButton(
                                "Download answer (JSON)", interactive=False, size="sm", elem_id="sci-download-json"
                            )
                        with gr.Accordion("Index: releases, passages, model", open=False, elem_id="sci-index"):
                            index_info = gr.HTML(render_index_info(info), js_on_load=None)

            refresh_explorer, explorer_outputs = explorer_tabs(assistant, exports.write)

        inputs = [msg, state_box, releases, date_from, date_to]
        outputs = [
            chatbot,
            state_box,
            msg,
            sources,
            md_btn,
            json_btn,
            copy_text,
            copy_md,
            filter_error,
            input_error,
            filters_box,
            *after_first,
        ]
        ask_opts = dict(api_visibility="private", show_progress="hidden")
        show_top = dict(
            fn=None, inputs=None, outputs=None, js=SHOW_ANSWER_TOP_JS, queue=False, api_visibility="private"
        )
        show_pending = dict(
            fn=None, inputs=None, outputs=None, js=SHOW_PENDING_JS, queue=False, api_visibility="private"
        )
        msg.submit(on_ask, inputs, outputs, **ask_opts).then(**show_top)
        msg.submit(**show_pending)
        for button, question in example_buttons:
            button.click(lambda q=question: q, None, msg, queue=False, api_visibility="private").then(
                on_ask, inputs, outputs, **ask_opts
            ).then(**show_top)
            button.click(**show_pending)

        def pick_example(evt: gr.SelectData) -> str:
            value = evt.value if isinstance(evt.value, Mapping) else {}
            return str(value.get("text") or "")

        # Gradio passes the event's data by the parameter's annotation: the class, not its name
        # (this module's annotations are strings, and ``gr`` is not a module-level name).
        pick_example.__annotations__["evt"] = gr.SelectData

        chatbot.example_select(pick_example, None, msg, queue=False, api_visibility="private").then(
            on_ask, inputs, outputs, **ask_opts
        ).then(**show_top)
        chatbot.example_select(**show_pending)
        clear.click(on_clear, None, outputs, queue=False, api_visibility="private")
        chatbot.clear(on_clear, None, outputs, queue=False, api_visibility="private")
        copy_text.click(None, None, None, js=copy_answer_js("text"), queue=False, api_visibility="private")
        copy_md.click(None, None, None, js=copy_answer_js("markdown"), queue=False, api_visibility="private")
        filter_inputs = [releases, date_from, date_to]
        filter_opts = dict(queue=False, api_visibility="private", show_progress="hidden")
        releases.change(on_filters, filter_inputs, [filters_box, filter_error], **filter_opts)
        for box in (date_from, date_to):
            box.blur(on_filters, filter_inputs, [filters_box, filter_error], **filter_opts)
            box.submit(on_filters, filter_inputs, [filters_box, filter_error], **filter_opts)
        demo.load(on_load, None, [releases, index_info], api_visibility="private").then(
            refresh_explorer, None, explorer_outputs, api_visibility="private", show_progress="hidden"
        )
        gr.api(respond, api_name="chat")
    demo.queue(default_concurrency_limit=CONCURRENCY_LIMIT, max_size=QUEUE_SIZE)
    return demo


# -- start-up and launch ------------------------------------------------------------------------


def start_assistant(
    corpus: str | os.PathLike[str],
    index: str | os.PathLike[str],
    model: str | None = None,
    *,
    embedder: Any = None,
    out=None,
) -> tuple[Assistant, str]:
    """Load the model and the index, rebuilding a missing or stale index first (with progress).

    Returns the assistant and the status line shown in the UI.
    """
    from .assistant import Assistant, index_is_stale
    from .embedding import SentenceTransformerEmbedder

    out = out or sys.stderr
    print("Loading the embedding model…", file=out, flush=True)
    # Without an embedder given, load_or_build builds with sentence-transformers (when needed) and
    # queries use the index's ONNX encoder.
    model_id = (embedder or SentenceTransformerEmbedder(model)).model_id
    if index_is_stale(corpus, index, model_id=model_id):
        print(f"The index in {index} is missing or out of date: rebuilding it from {corpus} …", file=out, flush=True)
    assistant, stats = Assistant.load_or_build(corpus, index, embedder=embedder, model=model, progress=True)
    # The sentence parser loads in the background: the first "who did it" question does not wait.
    from .answer import syntax

    threading.Thread(target=syntax.warm, name="parser-warm-up", daemon=True).start()
    info = assistant.info()
    if stats is not None:
        print(
            f"Index built: {stats.documents} releases, {stats.chunks} passages "
            f"({stats.embedded} embedded, {stats.reused} reused) in {stats.seconds:.1f} s.",
            file=out,
            flush=True,
        )
    else:
        print(f"Index up to date: {len(info['documents'])} releases, {info['chunks']} passages.", file=out, flush=True)
    return assistant, render_status(info, stats)


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """'USER:PASSWORD' → (user, password); None/'' → None; InvalidRequestError otherwise."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise InvalidRequestError("--auth must be USER:PASSWORD (both non-empty)")
    return user, password


def launch(
    demo: gr.Blocks,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    auth: str | None = None,
    blocked_paths: Sequence[str | os.PathLike[str]] = (),
    prevent_thread_lock: bool = False,
    quiet: bool = False,
):
    """Serve ``demo`` safely: local by default, no share link, optional login, files under
    ``blocked_paths`` (the corpus and index) never served. Returns Gradio's (app, url, share)."""
    from .web_explorer import EXPLORER_CSS

    credentials = parse_auth(auth)
    if host not in ("127.0.0.1", "localhost", "::1") and credentials is None:
        log.warning("serving on %s without --auth: anyone who can reach this address can use it", host)
    return demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        auth=credentials,
        auth_message="SCI Assistant: please log in." if credentials else None,
        max_threads=MAX_THREADS,
        show_error=False,
        prevent_thread_lock=prevent_thread_lock,
        blocked_paths=[str(Path(p).resolve()) for p in blocked_paths],
        allowed_paths=None,
        ssr_mode=False,
        mcp_server=False,
        enable_monitoring=False,
        pwa=False,
        quiet=quiet,
        footer_links=["api"],
        css=CSS + EXPLORER_CSS,
        inbrowser=False,
        max_file_size="1mb",  # the app takes no uploads; don't let Gradio's upload route fill /tmp
    )


def _add_serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default: %(default)s)")
    p.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("SCI_ASSISTANT_PORT", DEFAULT_PORT)),
        help="port (default: %(default)s)",
    )
    p.add_argument(
        "--auth",
        default=os.environ.get("SCI_ASSISTANT_AUTH"),
        help="require a login, USER:PASSWORD (or set SCI_ASSISTANT_AUTH)",
    )


def parse_app_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The options of ``python app.py``: --host, --port, --auth."""
    p = argparse.ArgumentParser(
        prog="app.py",
        description="The SCI Assistant browser chat over the bundled releases "
        "(rebuilds a missing or stale index first).",
        epilog="environment: SCI_ASSISTANT_CORPUS, SCI_ASSISTANT_INDEX, SCI_ASSISTANT_MODEL, "
        "SCI_ASSISTANT_AUTH, SCI_ASSISTANT_PORT",
    )
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


def run(
    demo: gr.Blocks, *, host: str, port: int, auth: str | None, blocked_paths: Sequence[str | os.PathLike[str]]
) -> int:
    """Launch, say where, and block until Ctrl+C; a friendly line and exit status on failure."""
    _setup_logging()
    try:
        launch(demo, host=host, port=port, auth=auth, blocked_paths=blocked_paths, prevent_thread_lock=True, quiet=True)
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


def serve(
    corpus: str | os.PathLike[str] = "corpus",
    index: str | os.PathLike[str] = "index",
    model: str | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    auth: str | None = None,
) -> int:
    """``sci-assistant serve``: rebuild the index if needed, then serve the chat until stopped."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    parse_auth(auth)  # fail before the slow start
    assistant, status = start_assistant(corpus, index, model)
    demo = build_demo(assistant, status=status)
    return run(demo, host=host, port=port, auth=auth, blocked_paths=[corpus, index])
