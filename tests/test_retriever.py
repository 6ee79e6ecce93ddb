"""Hybrid search: typed hits, exact spans, filters, an exact-search oracle, bad arguments."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sci_assistant.assistant import Assistant
from sci_assistant.build_engine import embed_texts
from sci_assistant.errors import InvalidRequestError
from sci_assistant.fusion import reciprocal_rank_fusion
from sci_assistant.indexing import build_index
from sci_assistant.retriever import normalize_query

from .conftest import FakeEmbedder


@pytest.fixture
def tiny_assistant(tiny_corpus: Path, tmp_path: Path) -> Assistant:
    emb = FakeEmbedder()
    build_index(tiny_corpus, tmp_path / "index", embedder=emb)
    return Assistant.load(tmp_path / "index", embedder=emb)


def test_hits_point_at_exact_spans(tiny_assistant: Assistant) -> None:
    hits = tiny_assistant.search("drone delivery corridor", k=3)
    assert hits and hits[0].doc_id == "beta-release"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for h in hits:
        assert tiny_assistant.document(h.doc_id).text[h.start : h.end] == h.text
        assert h.title and h.source


def test_filters_by_document_and_date(tiny_assistant: Assistant) -> None:
    hits = tiny_assistant.search("water", k=10, filters={"documents": ["gamma"]})
    assert hits and {h.doc_id for h in hits} == {"gamma"}
    hits = tiny_assistant.search("water", k=10, filters={"source": "alpha"})
    assert {h.doc_id for h in hits} == {"alpha-release"}
    hits = tiny_assistant.search("water", k=10, filters={"date_from": "2021-01-01", "date_to": "2021-12-31"})
    assert {h.date for h in hits} == {"2021-03-04"}
    assert tiny_assistant.search("water", k=10, filters={"date_from": "2030-01-01"}) == []
    with pytest.raises(InvalidRequestError, match="date_from"):
        tiny_assistant.search("water", filters={"date_from": "yesterday"})
    with pytest.raises(InvalidRequestError, match="unknown filter"):
        tiny_assistant.search("water", filters={"colour": "red"})


def test_dense_ranking_matches_brute_force(tiny_assistant: Assistant) -> None:
    idx = tiny_assistant._snap.index
    emb = tiny_assistant.embedder
    qv = emb.encode(["sensors for water quality"])[0]
    all_vecs = np.stack([idx.dense.index.reconstruct(i) for i in range(idx.dense.size)])
    exact = all_vecs @ qv
    oracle = np.argsort(-exact, kind="stable")[:5]
    scores, ids = idx.dense.search(qv[None, :], 5)
    assert np.allclose(scores[0], exact[oracle], atol=1e-5)  # the five best scores, best first
    assert np.allclose(scores[0], exact[ids[0]], atol=1e-5)  # each id carries its own score
    tied_at_cut = np.isclose(exact, exact[oracle[-1]], atol=1e-5).sum() > 1
    assert tied_at_cut or set(ids[0]) == set(oracle)


def test_embedding_nothing_gives_an_empty_matrix(tiny_assistant: Assistant) -> None:
    emb = tiny_assistant.embedder
    for vecs in (emb.encode([]), embed_texts(emb, [])):
        assert vecs.shape == (0, emb.dimension) and vecs.dtype == np.float32


def test_k_and_queries_are_validated(tiny_assistant: Assistant) -> None:
    with pytest.raises(InvalidRequestError, match="k must be an integer ≥ 1, got 0"):
        tiny_assistant.search("water", k=0)
    assert tiny_assistant.search("", k=3) == []
    assert tiny_assistant.search("   \u200b ", k=3) == []
    assert tiny_assistant.search("?!…", k=3) == []
    n = len(tiny_assistant._snap.index.chunks)
    assert len(tiny_assistant.search("water", k=10_000)) <= n


def test_query_normalisation() -> None:
    assert normalize_query("  ｙａｎｌｏｒｄ\u202e \x00 ? ") == "yanlord ?"
    assert len(normalize_query("a" * 10_000_000)) == 2000


def test_typos_in_names_still_match(tiny_assistant: Assistant) -> None:
    hits = tiny_assistant.search("quikiar", k=1)  # QuikAir, misspelt
    assert hits and "QuikAir" in hits[0].text


def test_rrf_is_pure_and_validated() -> None:
    assert reciprocal_rank_fusion([[1, 2], [2, 1]], k=1) == [(1, 1 / 2 + 1 / 3), (2, 1 / 3 + 1 / 2)]
    assert reciprocal_rank_fusion([[5], []], k=60, weights=[2, 1]) == [(5, 2 / 61)]
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([[1]], k=0)
