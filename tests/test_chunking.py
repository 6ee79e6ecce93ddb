"""Chunking: exact offsets, budgets, sentence/list/table boundaries."""

from __future__ import annotations

import re

import pytest

from sci_assistant.chunking import chunk_document, count_tokens, split_sentences
from sci_assistant.config import ChunkSettings
from sci_assistant.corpus import load_corpus, normalise
from sci_assistant.schema import Document

from .conftest import SEED_CORPUS


def _doc(text: str) -> Document:
    p = normalise(text)
    return Document("d", "d.txt", p.title, p.date, p.text, p.sections)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Joseph Leong met them. It rained.", ["Mr. Joseph Leong met them.", "It rained."]),
        (
            "SINGAPORE, Dec. 15, 2023 /PRNewswire/ — IMDA met. Then it ended.",
            ["SINGAPORE, Dec. 15, 2023 /PRNewswire/ — IMDA met.", "Then it ended."],
        ),
        (
            "QuikBot Technologies Pte. Ltd. And Shenzhen Co., Ltd. will co-develop devices. Next.",
            ["QuikBot Technologies Pte. Ltd. And Shenzhen Co., Ltd. will co-develop devices.", "Next."],
        ),
        (
            "The A*STAR Collaborative Commerce Marketplace grows. Good.",
            ["The A*STAR Collaborative Commerce Marketplace grows.", "Good."],
        ),
        (
            "Title cell without stop\nDescription cell. Second sentence.",
            ["Title cell without stop", "Description cell.", "Second sentence."],
        ),
        # Chinese ends a sentence at 。！？, after any closing quotation mark
        (
            "比赛在南山举行。经过初赛，24支队伍晋级！“我们要落地。”他说。",
            ["比赛在南山举行。", "经过初赛，24支队伍晋级！", "“我们要落地。”", "他说。"],
        ),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def test_seed_chunks_slice_back_and_fit_budget() -> None:
    docs, _ = load_corpus(SEED_CORPUS)
    settings = ChunkSettings(max_tokens=120, overlap_tokens=24)
    for doc in docs:
        chunks = chunk_document(doc, settings)
        assert chunks
        for c in chunks:
            assert doc.text[c.start : c.end] == c.text
            assert count_tokens(c.text) <= settings.max_tokens
        # every character of the text (bar separators) is covered by some chunk
        covered = set()
        for c in chunks:
            covered.update(range(c.start, c.end))
        assert all(i in covered or doc.text[i].isspace() for i in range(len(doc.text)))


def test_chunks_never_end_inside_a_sentence() -> None:
    docs, _ = load_corpus(SEED_CORPUS)
    for doc in docs:
        sentences = split_sentences(doc.text)
        ends = {b for _, b in sentences}
        for c in chunk_document(doc, ChunkSettings(max_tokens=80, overlap_tokens=16)):
            if c.end not in ends:  # allowed only inside a sentence longer than the whole budget
                a, b = next((a, b) for a, b in sentences if a < c.end < b)
                assert count_tokens(doc.text[a:b]) > 80, doc.text[c.end - 40 : c.end + 10]


def test_list_items_and_table_rows_stay_whole() -> None:
    docs, _ = load_corpus(SEED_CORPUS)
    fourth = next(d for d in docs if d.date == "2023-12-15")
    chunks = chunk_document(fourth)
    items = [m for m in re.finditer(r"(?m)^\d{1,2}\. .*$", fourth.text)]
    assert len(items) == 14
    for m in items:
        assert any(c.start <= m.start() and m.end() <= c.end for c in chunks), m.group(0)[:60]
    row = fourth.text.index("Memorandum of Understanding between EE")
    row_end = fourth.text.index("HoloXR digital") + len("HoloXR digital")
    assert any(c.start <= row and row_end <= c.end for c in chunks)


def test_headings_start_chunks_and_sections_are_recorded() -> None:
    doc = _doc("Intro sentence here.\n\nAnnex A: Things\n\n1. First thing.\n\n2. Second thing.\n")
    chunks = chunk_document(doc)
    annex = [c for c in chunks if c.section and c.section[0] == "Annex A: Things"]
    assert annex and annex[0].text.startswith("Annex A: Things")
    assert all("Intro" not in c.text for c in annex)


def test_overlong_sentence_is_cut_between_words() -> None:
    doc = _doc("word " * 500 + "end.")
    chunks = chunk_document(doc, ChunkSettings(max_tokens=50, overlap_tokens=0))
    assert len(chunks) > 5
    for c in chunks:
        assert count_tokens(c.text) <= 50 and doc.text[c.start : c.end] == c.text


def test_model_token_limit_is_respected() -> None:
    docs, _ = load_corpus(SEED_CORPUS)

    def model_tokens(s: str) -> int:  # a pessimistic tokenizer: one token per 2 characters
        return len(s) // 2

    settings = ChunkSettings(max_tokens=200, overlap_tokens=0, max_model_tokens=300)
    from sci_assistant.chunking import chunk_embedding_input

    for doc in docs:
        for c in chunk_document(doc, settings, model_tokens=model_tokens):
            assert model_tokens(chunk_embedding_input(doc, c)) <= 300


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="max_tokens must be ≥ 16, got 4"):
        ChunkSettings(max_tokens=4)
    with pytest.raises(ValueError, match="overlap_tokens"):
        ChunkSettings(max_tokens=100, overlap_tokens=100)
