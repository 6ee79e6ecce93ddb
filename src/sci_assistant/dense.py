"""FAISS inner-product index over unit vectors: build, search, save, load.

Index type by size (see benchmarks/RESULTS.md for the measurements behind the threshold):

* up to ``FLAT_MAX_ROWS`` vectors: ``IndexFlatIP`` — exact, no training, and at this size a
  full scan is already well under a millisecond;
* above it: ``IndexHNSWFlat`` (M=32) with inner product — graph search whose recall@10 stays
  above 0.95 at a million rows with ``efSearch`` 128, without a training pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

FLAT_MAX_ROWS = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def choose_index_type(n_rows: int) -> str:
    """'flat' up to FLAT_MAX_ROWS rows, 'hnsw' above."""
    return "flat" if n_rows <= FLAT_MAX_ROWS else "hnsw"


class DenseIndex:
    """A FAISS index whose row *i* is chunk *i*."""

    def __init__(self, index, kind: str) -> None:
        self.index = index
        self.kind = kind

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self.index.d)

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str | None = None) -> "DenseIndex":
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be 2-D, got shape {vectors.shape}")
        n, d = vectors.shape
        kind = kind or choose_index_type(n)
        if kind == "flat":
            index = faiss.IndexFlatIP(d)
        elif kind == "hnsw":
            index = faiss.IndexHNSWFlat(d, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            raise ValueError(f"unknown dense index type {kind!r} (expected 'flat' or 'hnsw')")
        if n:
            index.add(vectors)
        return cls(index, kind)

    def search(
        self, queries: np.ndarray, k: int, allowed: Sequence[int] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` rows per query: (scores, ids), ids -1 where fewer rows qualify.

        ``allowed`` restricts the search to those row ids (FAISS ID selector).
        """
        import faiss

        queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dimension)
        k = max(1, min(k, self.size)) if self.size else 1
        if self.size == 0:
            return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
        params = None
        if allowed is not None:
            ids = np.asarray(sorted(set(int(i) for i in allowed)), dtype=np.int64)
            if len(ids) == 0:
                return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
            sel = faiss.IDSelectorBatch(ids)
            if self.kind == "hnsw":
                params = faiss.SearchParametersHNSW(sel=sel, efSearch=max(HNSW_EF_SEARCH, k))
            else:
                params = faiss.SearchParameters(sel=sel)
        elif self.kind == "hnsw":
            params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k))
        scores, ids = self.index.search(queries, k, params=params)
        return scores, ids

    def save(self, path: str | Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: str | Path) -> "DenseIndex":
        import faiss

        index = faiss.read_index(str(path))
        kind = "hnsw" if isinstance(index, faiss.IndexHNSW) or "HNSW" in type(index).__name__ else "flat"
        return cls(index, kind)
