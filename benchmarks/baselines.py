"""What a user would otherwise run, over the same chunks: BM25 alone, dense alone, txtai hybrid,
and the floor (the model encoding the query + an exact FAISS scan, nothing else).

Each baseline returns chunk row ids, best first, so every system is judged on the same chunk
texts.
"""

from __future__ import annotations

import logging

import numpy as np


class Floor:
    """The least work any dense retriever must do: encode the query with the same model, then
    an exact inner-product scan (``IndexFlatIP``) over the same vectors."""

    name = "floor (encode + flat FAISS)"

    def __init__(self, model, vectors: np.ndarray) -> None:
        import faiss

        self.model = model  # a loaded sentence_transformers.SentenceTransformer
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, query: str, k: int) -> list[int]:
        v = self.model.encode([query], convert_to_numpy=True, normalize_embeddings=True)
        _, ids = self.index.search(np.ascontiguousarray(v, dtype=np.float32), k)
        return [int(i) for i in ids[0] if i >= 0]


class DenseOnly(Floor):
    """Dense retrieval alone: the same model and vectors as SCI Assistant, no BM25, no fusion."""

    name = "dense only (same model, flat FAISS)"


class BM25Only:
    """bm25s as its README shows it: its own tokenizer, English stopwords, Snowball stemmer."""

    name = "BM25 only (bm25s)"

    def __init__(self, texts: list[str]) -> None:
        import bm25s
        import Stemmer

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self.stemmer = Stemmer.Stemmer("english")
        self.bm25 = bm25s.BM25()
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=self.stemmer, show_progress=False)
        self.bm25.index(tokens, show_progress=False)
        self.n = len(texts)

    def search(self, query: str, k: int) -> list[int]:
        import bm25s

        q = bm25s.tokenize([query], stopwords="en", stemmer=self.stemmer, show_progress=False)
        if not q.vocab:
            return []
        ids, scores = self.bm25.retrieve(q, k=min(k, self.n), show_progress=False)
        return [int(i) for i, s in zip(ids[0], scores[0]) if s > 0]


def txtai_config(model_path: str) -> dict:
    """txtai hybrid embeddings (dense FAISS + BM25, its default fusion) on the bundled model."""
    return {
        "path": model_path,
        "method": "sentence-transformers",  # a local folder: never resolved against a hub
        "content": True,
        "hybrid": True,
    }


class Txtai:
    """txtai ``Embeddings`` with hybrid search and the same model (the model loads in the
    constructor; ``index`` encodes and builds)."""

    name = "txtai hybrid (same model)"

    def __init__(self, model_path: str) -> None:
        from txtai import Embeddings

        self.embeddings = Embeddings(txtai_config(model_path))

    def index(self, texts: list[str]) -> None:
        self.embeddings.index([(i, t, None) for i, t in enumerate(texts)])

    def search(self, query: str, k: int) -> list[int]:
        return [int(r["id"]) for r in self.embeddings.search(query, k)]

    def close(self) -> None:
        try:
            self.embeddings.close()
        except Exception:
            pass
