"""Citations that work outside the app: the chat's "Copy quote" text and `ask --json` carry where
each quote sits in its source file as stored, checked by opening the file."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from sci_assistant import cli, web_render
from sci_assistant.assistant import Assistant
from sci_assistant.indexing import build_index
from sci_assistant.markup import normalise
from sci_assistant.sourcemap import read_source_file

from .conftest import SEED_CORPUS, FakeEmbedder

pytestmark = pytest.mark.integration  # each builds an index of a fixture corpus

# Markup, entities and a link: the file's offsets are not the normalised text's.
HARBOUR = """---
title: Harbour City and Delta Port sign a sensor pact
date: 2024-03-08
url: https://example.org/releases/harbour-sensors
---

# Harbour City and Delta Port sign a sensor pact

**HARBOUR CITY, 8 March 2024** – The Harbour Authority and Delta&nbsp;Port signed a
**memorandum** on tide sensors &amp; flood alerts at the [5th Harbour Forum](https://example.org/forum).

The pact was co-chaired by *Ms. Ada Lim* and Mr. Bo Chen. Under it, 120 tide sensors
will be installed along the northern quay by 2025.
"""
HARBOUR_FILE = "2024-03-08_harbour-sensors.md"
QUESTION = "What did the Harbour Authority and Delta Port sign?"
SIGNED = "The Harbour Authority and Delta Port signed a memorandum on tide sensors & flood alerts"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The seed releases and the Markdown release above, indexed with the fake embedder."""
    base = tmp_path_factory.mktemp("cite")
    corpus = base / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    (corpus / HARBOUR_FILE).write_text(HARBOUR, encoding="utf-8")
    build_index(corpus, base / "index", embedder=FakeEmbedder(), progress=False)
    return corpus, base / "index"


def _reads_as(file: str | Path, start: int, end: int, text: str) -> bool:
    """The file as stored, sliced at [start:end] and normalised as a release is, reads as ``text``."""
    raw = read_source_file(file).text
    return normalise(raw[start:end]).text.split() == text.split()


def _ask_json(monkeypatch, capsys, *args: str) -> dict:
    # the CLI loads the index's model by name: here, the fake one it was built with
    monkeypatch.setattr("sci_assistant.assistant.SentenceTransformerEmbedder", lambda model=None: FakeEmbedder())
    assert cli.main(["ask", QUESTION, "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


# -- sci-assistant ask --json ----------------------------------------------------------------------


def test_ask_json_gives_each_quote_and_citation_its_file_and_offsets_as_stored(built, tmp_path, monkeypatch, capsys):
    corpus, index = built
    monkeypatch.chdir(tmp_path)  # no ./corpus to fall back on: the index's own record finds the files
    monkeypatch.delenv("SCI_ASSISTANT_CORPUS", raising=False)
    data = _ask_json(monkeypatch, capsys, "--index", str(index))
    quotes = [q for q in data["quotes"] if SIGNED in q["text"]]
    assert quotes, data["quotes"]
    for item in data["quotes"] + data["citations"]:
        assert item["file_start"] is not None, item["file_offsets_note"]
        assert Path(item["file"]).is_absolute() and item["encoding"] == "utf-8"
        assert _reads_as(item["file"], item["file_start"], item["file_end"], item["text"]), item
    for hit in data["citations"]:
        assert Path(hit["file"]) == (corpus / hit["source"]).absolute()
    q = quotes[0]
    assert Path(q["file"]) == (corpus / HARBOUR_FILE).absolute()
    assert q["file_start"] != q["start"]  # the markup above moves it: these are not document offsets
    assert "**memorandum**" in HARBOUR[q["file_start"] : q["file_end"]]


def test_ask_json_after_the_corpus_moved_leaves_file_offsets_null(tmp_path, monkeypatch, capsys):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / HARBOUR_FILE).write_text(HARBOUR, encoding="utf-8")
    build_index(corpus, index, embedder=FakeEmbedder(), progress=False)
    moved = corpus.rename(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path)  # and there is no ./corpus
    monkeypatch.delenv("SCI_ASSISTANT_CORPUS", raising=False)
    data = _ask_json(monkeypatch, capsys, "--index", str(index))
    assert data["found"] and data["quotes"]
    for item in data["quotes"] + data["citations"]:
        assert (item["file"], item["file_start"], item["file_end"]) == (None, None, None)
        assert item["file_offsets_note"] == "the corpus folder is not known to this assistant"

    # told where it went (--corpus, or SCI_ASSISTANT_CORPUS), the offsets are back
    for how in (["--corpus", str(moved)], []):
        if not how:
            monkeypatch.setenv("SCI_ASSISTANT_CORPUS", str(moved))
        data = _ask_json(monkeypatch, capsys, "--index", str(index), *how)
        q = next(q for q in data["quotes"] if SIGNED in q["text"])
        assert Path(q["file"]) == (moved / HARBOUR_FILE).absolute()
        assert _reads_as(q["file"], q["file_start"], q["file_end"], q["text"])

    # a release edited since the build: its file is named, its offsets are not trusted
    (moved / HARBOUR_FILE).write_text(HARBOUR.replace("120 tide", "90 tide"), encoding="utf-8")
    data = _ask_json(monkeypatch, capsys, "--index", str(index), "--corpus", str(moved))
    q = next(q for q in data["quotes"] if SIGNED in q["text"])
    assert q["file"] and q["file_start"] is None and "changed since the index was built" in q["file_offsets_note"]


def test_the_manifest_records_the_folder_an_index_was_built_from(built):
    corpus, index = built
    assert Assistant.load(index, embedder=FakeEmbedder()).built_from == corpus.absolute()


# -- the chat's "Copy quote" ---------------------------------------------------------------------

COPY = re.compile(
    r"“(?P<text>[^”]+)” — (?P<title>[^,]+), (?P<date>\d{4}-\d\d-\d\d), (?P<file>\S+) "
    r"\(characters (?P<a>\d+)–(?P<b>\d+) of the file as stored\)(?:, (?P<url>\S+))?"
)


def _copies(answer, assistant) -> list[str]:
    out = web_render.render_sources(answer, assistant)
    return [html.unescape(c) for c in re.findall(r'data-copy="([^"]*)"', out)]


def test_copy_quote_names_the_file_and_where_the_quote_sits_in_it(built):
    corpus, index = built
    a = Assistant.load(index, embedder=FakeEmbedder(), corpus_dir=corpus)
    answer = a.ask(QUESTION)
    lines = [line for copy in _copies(answer, a) for line in copy.split("\n")]
    assert lines and len(lines) >= len({(q.citation, q.start) for q in answer.quotes})
    signed = [line for line in lines if SIGNED in line]
    assert signed, lines
    for line in lines:
        m = COPY.fullmatch(line)
        assert m, line  # plain text: no Markdown, every quote placed in its file
        assert _reads_as(corpus / m["file"], int(m["a"]), int(m["b"]), m["text"]), line
    m = COPY.fullmatch(signed[0])
    assert (m["title"], m["date"], m["file"]) == (
        "Harbour City and Delta Port sign a sensor pact",
        "2024-03-08",
        HARBOUR_FILE,
    )
    assert m["url"] == "https://example.org/releases/harbour-sensors"
    assert "**memorandum**" in HARBOUR[int(m["a"]) : int(m["b"])]  # offsets into the file, not the text
    assert not re.search(r"\*|\[|\]\(|&amp;|&nbsp;", signed[0])


def test_copy_quote_without_file_offsets_says_only_what_it_knows(built):
    corpus, index = built
    bare = Assistant.load(index, embedder=FakeEmbedder())  # no corpus folder: document offsets only
    answer = bare.ask(QUESTION)
    q = next(q for q in answer.quotes if SIGNED in q.text)
    doc = bare.document(q.doc_id)
    line = web_render.quote_citation(q, doc, span=web_render.quote_span(q, bare))
    assert line == (
        f"“{' '.join(q.text.split())}” — Harbour City and Delta Port sign a sensor pact, 2024-03-08, "
        f"{HARBOUR_FILE}, https://example.org/releases/harbour-sensors"
    )
    assert not any("characters" in c for c in _copies(answer, bare))
