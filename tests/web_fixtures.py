"""Helpers and fixtures for the web tests: a fake assistant, an XSS payload corpus, a served app.

Loaded as a pytest plugin (``pytest_plugins = ["tests.web_fixtures"]``) by test_web.py and
test_browser.py, so the session-scoped servers start once for both.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from sci_assistant.schema import Answer, Document, Hit, Quote
from tests.reliability_helpers import reserved_port

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parents[1]

# -- a fake assistant for rendering tests ---------------------------------------------------------

FAKE_TEXT = (
    "Fake release on harbours\n\n"
    "HARBOUR CITY, 1 February 2024 – The harbour authority signed 3 MOUs with <Partner & Co>.\n\n"
    "The meeting was co-chaired by Ms. Ada Lim and Mr. Bo Chen. It covered [docks](javascript:x) "
    "and $$sensors$$."
)


def fake_document(doc_id: str = "fake-harbour", text: str = FAKE_TEXT, title: str = "Harbour <b>pact</b>") -> Document:
    return Document(
        doc_id=doc_id,
        path=f"{doc_id}.txt",
        title=title,
        date="2024-02-01",
        text=text,
        source=f"{doc_id}.txt",
        meeting=5,
    )


def span_hit(doc: Document, start: int, end: int, section: str = "") -> Hit:
    return Hit(
        text=doc.text[start:end],
        score=0.5,
        doc_id=doc.doc_id,
        chunk_id=f"{doc.doc_id}#0",
        title=doc.title,
        date=doc.date,
        source=doc.source,
        section=section,
        start=start,
        end=end,
    )


def quote_of(doc: Document, sentence: str, citation: int = 1) -> Quote:
    start = doc.text.index(sentence)
    return Quote(doc.doc_id, start, start + len(sentence), sentence, citation)


@dataclass
class FakeAssistant:
    """Just enough of ``Assistant`` for the UI: a fixed answer and the documents it cites."""

    docs: dict[str, Document] = field(default_factory=dict)
    answer: Answer | None = None
    raise_on_ask: BaseException | None = None
    calls: list[dict[str, Any]] = field(default_factory=list)

    def ask(self, question, history=(), filters=None) -> Answer:
        self.calls.append({"question": question, "history": list(history), "filters": filters})
        if self.raise_on_ask is not None:
            raise self.raise_on_ask
        assert self.answer is not None
        return self.answer

    def search(self, query, k=5, filters=None) -> list[Hit]:
        doc = next(iter(self.docs.values()))
        return [span_hit(doc, 0, min(len(doc.text), 60))][:k]

    def document(self, doc_id: str) -> Document:
        from sci_assistant.errors import InvalidRequestError

        try:
            return self.docs[doc_id]
        except KeyError:
            raise InvalidRequestError(f"no document with doc_id {doc_id!r}") from None

    def documents(self) -> list[Document]:
        return sorted(self.docs.values(), key=lambda d: d.date or "", reverse=True)

    def refresh(self) -> bool:
        return False

    def records(self) -> list:
        from sci_assistant.explorer import agreement_rows

        return agreement_rows(self.docs.values())

    def timeline(self) -> list:
        from sci_assistant.explorer import timeline

        return timeline(self.docs.values())

    def info(self) -> dict[str, Any]:
        return {
            "index": "fake",
            "generation": "gen-000001",
            "built_at": "2024-02-02T00:00:00+00:00",
            "model": {"id": "fake/model", "dimension": 8},
            "chunks": 3,
            "documents": [
                {"doc_id": d.doc_id, "title": d.title, "date": d.date, "path": d.path} for d in self.documents()
            ],
            "skipped": {},
        }


def fake_found_answer(doc: Document | None = None) -> tuple[FakeAssistant, Answer]:
    doc = doc or fake_document()
    s1 = "The harbour authority signed 3 MOUs with <Partner & Co>."
    s2 = "The meeting was co-chaired by Ms. Ada Lim and Mr. Bo Chen."
    q1, q2 = quote_of(doc, s1, 1), quote_of(doc, s2, 2)
    h1 = span_hit(doc, doc.text.index("HARBOUR"), doc.text.index("\n\nThe meeting"), "Intro")
    h2 = span_hit(doc, doc.text.index("The meeting"), len(doc.text), "Intro › People")
    answer = Answer(
        # the footer as the answer templates write it (answer/compose.py, ``sources``)
        text=f"**3 MOUs** were signed [1].\n\n> “{s1}” [1]\n\n> “{s2}” [2]\n\n**Sources**\n"
        f"[1] *Harbour <b>pact</b>* · 5th JIC meeting, 2024-02-01 · Intro\n"
        f"[2] *Harbour <b>pact</b>* · 5th JIC meeting, 2024-02-01 · People",
        found=True,
        citations=[h1, h2],
        quotes=[q1, q2],
        query="how many MOUs harbour",
        intent="count",
        confidence=0.9,
        strategy="sentence",
    )
    fa = FakeAssistant(docs={doc.doc_id: doc}, answer=answer)
    return fa, answer


# -- a payload corpus for the stored-XSS tests ------------------------------------------------------

XSS_HTML = """<html><head><title>Harbour buoy pilot &lt;img src=x onerror="window.__sciXss='title'"&gt;</title>
<meta property="article:published_time" content="2024-02-01T08:00:00Z"></head>
<body><h1>Harbour buoy pilot &lt;img src=x onerror="window.__sciXss='title'"&gt;</h1>
<p>HARBOUR CITY, 1 February 2024 – The harbour authority launched a buoy sensors pilot with 40 buoys.</p>
<p>The buoy pilot note reads &lt;script&gt;window.__sciXss='script'&lt;/script&gt; and &lt;img src=x onerror="window.__sciXss='img'"&gt; and &lt;img src="https://evil.example/pixel.png"&gt; as plain text.</p>
<p>The buoy pilot schedule is in [the tracker][t] and ![logo][l] and [site](javascript:window.__sciXss='link') and $$\\href{javascript:window.__sciXss='tex'}{x}$$ here.</p>
<p>[t]: javascript:window.__sciXss='ref'</p>
<p>[l]: https://evil.example/logo.png</p>
</body></html>
"""  # noqa: E501 - payload lines are kept whole

XSS_QUERY = (
    "What does the buoy pilot note read? <script>window.__sciXss='qscript'</script> "
    '<img src=x onerror="window.__sciXss=\'qimg\'"> <img src="https://evil.example/q.png"> '
    "[click](javascript:window.__sciXss='qlink') ![p](https://evil.example/q2.png) $$\\frac{1}{2}$$"
)


def write_xss_corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "2024-02-01_buoy-pilot.html").write_text(XSS_HTML, encoding="utf-8")
    return root


# -- serving ---------------------------------------------------------------------------------------


@dataclass
class Served:
    url: str
    demo: Any
    assistant: Any
    corpus: Path
    index: Path


def serve_in_thread(assistant, corpus: Path, index: Path, **kw) -> Served:
    """Build the app around ``assistant`` and launch it on a reserved port without blocking."""
    from sci_assistant import web

    demo = web.build_demo(assistant)
    with reserved_port() as port:  # held until the server listens on it: no other process gets it
        _, url, _ = web.launch(
            demo, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True, blocked_paths=[corpus, index], **kw
        )
    return Served(url=url.rstrip("/") + "/", demo=demo, assistant=assistant, corpus=corpus, index=index)


@pytest.fixture(scope="session")
def served_seed(seed_index, seed_assistant) -> Iterator[Served]:
    """The app over the real corpus and model, launched once per session."""
    from tests.conftest import SEED_CORPUS

    served = serve_in_thread(seed_assistant, SEED_CORPUS, seed_index)
    yield served
    served.demo.close()


@pytest.fixture(scope="session")
def served_xss(tmp_path_factory, real_embedder) -> Iterator[Served]:
    """The app over a one-release corpus full of script, image, link and LaTeX payloads."""
    from sci_assistant.assistant import Assistant
    from sci_assistant.indexing import build_index

    base = tmp_path_factory.mktemp("xss")
    corpus = write_xss_corpus(base / "corpus")
    index = base / "index"
    build_index(corpus, index, embedder=real_embedder)
    served = serve_in_thread(Assistant.load(index, embedder=real_embedder), corpus, index)
    yield served
    served.demo.close()
