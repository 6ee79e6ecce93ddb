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


def _cli_json(monkeypatch, capsys, *args: str):
    # the CLI loads the index's model by name: here, the fake one it was built with
    monkeypatch.setattr("sci_assistant.assistant.SentenceTransformerEmbedder", lambda model=None: FakeEmbedder())
    assert cli.main([*args]) == 0
    return json.loads(capsys.readouterr().out)


def _ask_json(monkeypatch, capsys, *args: str) -> dict:
    return _cli_json(monkeypatch, capsys, "ask", QUESTION, "--json", *args)


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
    assert (q["title"], q["date"], q["file_name"], q["url"]) == (
        "Harbour City and Delta Port sign a sensor pact",
        "2024-03-08",
        HARBOUR_FILE,
        "https://example.org/releases/harbour-sensors",
    )
    assert q["file_start"] != q["start"]  # the markup above moves it: these are not document offsets
    assert "**memorandum**" in HARBOUR[q["file_start"] : q["file_end"]]


# -- sci-assistant search --json --------------------------------------------------------------------


def test_search_json_gives_each_hit_its_file_offsets_as_stored_and_its_release(built, tmp_path, monkeypatch, capsys):
    corpus, index = built
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCI_ASSISTANT_CORPUS", raising=False)
    hits = _cli_json(monkeypatch, capsys, "search", "Harbour Authority Delta Port tide sensors", "-k", "8", "--json",
                     "--index", str(index))  # fmt: skip
    assert len(hits) == 8
    placed = [h for h in hits if h["file_start"] is not None]
    # every hit is placed, but for spans of the 3rd JIC release joined across a page break
    assert len(placed) >= len(hits) - 1, [h["file_offsets_note"] for h in hits]
    for h in hits:
        assert h["file_name"] == Path(h["source"]).name and h["title"] and h["date"]
        assert Path(h["file"]) == (corpus / h["source"]).absolute()
        if h["file_start"] is None:
            assert h["file_offsets_note"], h
            continue
        assert h["encoding"] == "utf-8" and h["byte_start"] >= h["file_start"]
        assert _reads_as(h["file"], h["file_start"], h["file_end"], h["text"]), h
    harbour = next(h for h in hits if h["source"] == HARBOUR_FILE)
    assert (harbour["title"], harbour["date"], harbour["url"]) == (
        "Harbour City and Delta Port sign a sensor pact",
        "2024-03-08",
        "https://example.org/releases/harbour-sensors",
    )
    assert harbour["file_start"] is not None and harbour["file_start"] != harbour["start"]

    # told of another folder, it cites that folder's files
    moved = tmp_path / "copy"
    shutil.copytree(corpus, moved)
    hits = _cli_json(
        monkeypatch, capsys, "search", "tide sensors", "--json", "--index", str(index), "--corpus", str(moved)
    )
    assert hits and all(Path(h["file"]).parent == moved.absolute() for h in hits)


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


def test_the_same_releases_built_from_a_new_folder_record_it_without_embedding_again(tmp_path, monkeypatch, capsys):
    old, index = tmp_path / "old", tmp_path / "index"
    old.mkdir()
    (old / HARBOUR_FILE).write_text(HARBOUR, encoding="utf-8")
    first = build_index(old, index, embedder=FakeEmbedder(), progress=False)
    new = tmp_path / "new"
    shutil.copytree(old, new)
    (old / HARBOUR_FILE).write_text(HARBOUR.replace("120 tide", "90 tide"), encoding="utf-8")  # the old copy drifts

    emb = FakeEmbedder()
    stats = build_index(new, index, embedder=emb, progress=False)
    assert emb.encoded == 0 and (stats.embedded, stats.sentences_embedded) == (0, 0)  # nothing embedded again
    assert stats.reused == first.chunks and stats.generation != first.generation
    assert Assistant.load(index, embedder=FakeEmbedder()).built_from == new.absolute()
    again = build_index(new, index, embedder=FakeEmbedder(), progress=False)
    assert again.unchanged and again.generation == stats.generation  # and from the same folder: no-op

    # citations resolve against the folder the index now says it was built from, not the old copy
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCI_ASSISTANT_CORPUS", raising=False)
    data = _ask_json(monkeypatch, capsys, "--index", str(index))
    q = next(q for q in data["quotes"] if SIGNED in q["text"])
    assert Path(q["file"]) == (new / HARBOUR_FILE).absolute(), q
    assert _reads_as(q["file"], q["file_start"], q["file_end"], q["text"])


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


# -- the chat's "Copy answer" and the downloads ----------------------------------------------------

RANGES = re.compile(r", characters ((?:\d+–\d+)(?:, \d+–\d+)*) of the file as stored")


def _copy_answer(answer, assistant) -> str:
    """What "Copy answer" puts on the clipboard: the text the sources panel hands the page's script."""
    out = web_render.render_sources(answer, assistant)
    return html.unescape(re.search(r'<div hidden class="sci-copy-data" data-kind="text">([^<]*)</div>', out)[1])


def test_copy_answer_lists_each_source_with_where_its_quotes_sit_in_the_file(built):
    corpus, index = built
    a = Assistant.load(index, embedder=FakeEmbedder(), corpus_dir=corpus)
    answer = a.ask(QUESTION)
    text = _copy_answer(answer, a)
    assert "\n\nSources:\n" in text
    lines = text.split("\n\nSources:\n", 1)[1].split("\n")
    assert len(lines) == len(answer.citations)
    for n, (line, hit) in enumerate(zip(lines, answer.citations), 1):
        doc = a.document(hit.doc_id)
        assert line.startswith(f"[{n}] {doc.title}, {doc.date}") and f", {doc.path}" in line, line
        m = RANGES.search(line)
        assert m, line  # every quote of these releases is placed in its file
        ranges = [tuple(map(int, r.split("–"))) for r in m[1].split(", ")]
        quotes = [q.text for q in answer.quotes if q.citation == n] or [hit.text]
        assert len(ranges) == len(quotes), line
        for (start, end), quote in zip(ranges, quotes):
            assert _reads_as(corpus / doc.path, start, end, quote), (line, quote)
        if doc.url:
            assert line.endswith(f", {doc.url}")
    harbour = next(line for line in lines if HARBOUR_FILE in line)
    a_, b_ = map(int, RANGES.search(harbour)[1].split(", ")[0].split("–"))
    assert "**memorandum**" in HARBOUR[a_:b_]  # offsets into the file as stored, not the normalised text
    assert harbour.endswith(", https://example.org/releases/harbour-sensors")
    assert not re.search(r"\*\*|\]\(|&amp;|&nbsp;", text)


def test_downloads_carry_file_offsets_for_every_quote_and_source(built):
    corpus, index = built
    a = Assistant.load(index, embedder=FakeEmbedder(), corpus_dir=corpus)
    answer = a.ask(QUESTION)
    data = web_render.export_json(QUESTION, answer, a)
    assert data["quotes"] and data["sources"]
    for item in data["quotes"] + data["sources"]:
        assert item["file_start"] is not None, item["file_offsets_note"]
        doc = a.document(item["doc_id"])
        text = doc.text[item["start"] : item["end"]]
        assert _reads_as(corpus / doc.path, item["file_start"], item["file_end"], text), item
        raw = (corpus / doc.path).read_bytes()[item["byte_start"] : item["byte_end"]].decode(item["encoding"])
        assert raw == read_source_file(corpus / doc.path).text[item["file_start"] : item["file_end"]]
    for s in data["sources"]:
        doc = a.document(s["doc_id"])
        assert (s["title"], s["date"], s["path"], s["file_name"], s["url"]) == (
            doc.title,
            doc.date,
            doc.path,
            Path(doc.path).name,
            doc.url,
        )
    md = web_render.export_markdown(QUESTION, answer, a)
    sources_md = md.split("## Sources", 1)[1]
    for s in data["sources"]:
        assert f"`{s['path']}` characters {s['file_start']}–{s['file_end']} of the file as stored" in sources_md


# -- front matter is not where a quote comes from ---------------------------------------------------

# The title and the lead sentence are repeated in the front matter: the words match there too.
FRONT = """---
title: Harbour City and Delta Port sign a sensor pact
description: The Harbour Authority and Delta Port signed a memorandum on tide sensors.
event: 5th Harbour Forum
---

# Harbour City and Delta Port sign a sensor pact

The Harbour Authority and Delta Port signed a memorandum on tide sensors. It was signed at the
5th Harbour Forum in Harbour City.
"""


def test_a_quote_of_the_title_or_lead_points_at_the_body_not_the_front_matter(tmp_path):
    from sci_assistant.corpus import read_document, split_front_matter
    from sci_assistant.sourcemap import source_span

    (tmp_path / "pact.md").write_text(FRONT, encoding="utf-8")
    doc = read_document(tmp_path / "pact.md", "pact.md", "pact")
    body = FRONT.index("\n# Harbour")
    meta, content, offset = split_front_matter(FRONT)
    assert meta["event"] == "5th Harbour Forum" and FRONT[offset:].strip() == content and offset == body
    for words in (
        "Harbour City and Delta Port sign a sensor pact",  # the title, from the "# " heading
        "The Harbour Authority and Delta Port signed a memorandum on tide sensors.",
        "5th Harbour Forum",
    ):
        start = doc.text.index(words)
        span = source_span(doc, start, start + len(words), tmp_path)
        assert span.file_start is not None, span.file_offsets_note
        assert span.file_start > body, (words, span.file_start)  # not the title:/description:/event: line
        assert FRONT[span.file_start : span.file_end] == words
        assert _reads_as(tmp_path / "pact.md", span.file_start, span.file_end, words)
    assert doc.text.index("Harbour City and Delta Port") == 0  # the heading, as the document's first line
    assert FRONT.index("# Harbour City") + 2 == source_span(doc, 0, 46, tmp_path).file_start


def test_text_that_merely_starts_with_dashes_is_searched_whole(tmp_path):
    from sci_assistant.corpus import split_front_matter

    assert split_front_matter("--- not front matter\nMOUs were signed.") == (
        {},
        "--- not front matter\nMOUs were signed.",
        0,
    )
    unclosed = "---\ntitle: x\nMOUs were signed."
    assert split_front_matter(unclosed)[2] == 0


# -- a quotation holds only the release's characters -------------------------------------------------

QUOTATION = re.compile(r"“([^“”]+)”")


def _in_releases(assistant, text: str) -> bool:
    words = " ".join(text.split())
    return any(words in " ".join(d.text.split()) for d in assistant.documents())


def test_table_rows_are_quoted_cell_by_cell_with_nothing_the_release_did_not_print(built):
    corpus, index = built
    a = Assistant.load(index, embedder=FakeEmbedder(), corpus_dir=corpus)
    answer = a.ask("Which MOUs were signed at the 3rd JIC meeting?")
    assert answer.found and any("\n" in q.text for q in answer.quotes)  # MOU rows: a title cell, a description cell
    plain = web_render.markdown_to_text(web_render.split_footer(answer.text)[0])
    copies = _copies(answer, a)
    quotations = QUOTATION.findall(plain) + [t for c in copies for t in QUOTATION.findall(c)]
    assert len(quotations) >= 2 * len(answer.quotes)
    for text in quotations:
        assert _in_releases(a, text), text  # no dash, no joined cells: the release's own words
    title = "Concerning Cooperation in the Paperless Cross-Border Trade and Trade Financing"
    row = next(line for line in plain.split("\n") if title in line)
    assert f"{title}” — “Building on the MOU signed in June 2020" in row  # the dash stands between two quotations
    assert any(f"{title}” — “Building on the MOU" in c for c in copies)  # and so in "Copy quote"
