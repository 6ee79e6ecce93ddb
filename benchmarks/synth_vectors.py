"""Seeded, clustered unit vectors that behave like sentence embeddings, for index-only scale runs.

Isotropic Gaussian noise in 384 dimensions is the worst case for every ANN method (all points of
a cluster end up nearly equidistant), and not what text embeddings look like: theirs is a
low-dimensional spread around topic centres. So each of ``n_clusters`` clusters gets a random
centre and its own random ``rank``-dimensional subspace with decaying variances, plus a little
isotropic noise; rows are then normalised to unit length.

Queries are drawn from the same distribution (they are not rows of the database).
"""

from __future__ import annotations

import numpy as np

DIM = 384


class ClusteredVectors:
    """Generator of clustered unit vectors; ``rows(n)`` and ``queries(m)`` are deterministic."""

    def __init__(
        self,
        dim: int = DIM,
        n_clusters: int = 1000,
        rank: int = 24,
        spread: float = 0.55,
        noise: float = 0.02,
        shared_rank: int = 64,
        shared: float = 0.5,
        centre_rank: int = 32,
        seed: int = 0,
    ) -> None:
        self.dim, self.n_clusters, self.rank = dim, n_clusters, rank
        self.spread, self.noise, self.seed, self.shared = spread, noise, seed, shared
        rng = np.random.default_rng(seed)
        if centre_rank:
            # topic centres correlated: drawn in a low-rank subspace with a decaying spectrum
            basis = rng.standard_normal((centre_rank, dim)).astype(np.float32)
            coef = rng.standard_normal((n_clusters, centre_rank)).astype(np.float32)
            coef *= (1.0 / np.sqrt(1.0 + np.arange(centre_rank))).astype(np.float32)
            noise = rng.standard_normal((n_clusters, dim)).astype(np.float32)
            centres = coef @ basis + 0.3 * noise * np.sqrt(centre_rank / dim)
        else:
            centres = rng.standard_normal((n_clusters, dim)).astype(np.float32)
        self.centres = centres / np.linalg.norm(centres, axis=1, keepdims=True)
        bases = rng.standard_normal((n_clusters, rank, dim)).astype(np.float32)
        bases /= np.linalg.norm(bases, axis=2, keepdims=True)
        # decaying spectrum: a few strong directions per topic, a tail of weak ones
        scale = (spread * (1.0 / np.sqrt(1.0 + np.arange(rank)))).astype(np.float32)
        self.bases = bases * scale[None, :, None]
        g = rng.standard_normal((shared_rank, dim)).astype(np.float32)
        g /= np.linalg.norm(g, axis=1, keepdims=True)
        self.shared_basis = g * (shared / np.sqrt(1.0 + np.arange(shared_rank)))[:, None].astype(np.float32)
        # cluster sizes vary like topic sizes do (Zipf-ish weights)
        w = 1.0 / (1.0 + np.arange(n_clusters)) ** 0.5
        self.weights = (w / w.sum())[rng.permutation(n_clusters)]

    def _draw(self, n: int, seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        counts = rng.multinomial(n, self.weights)
        out = np.empty((n, self.dim), dtype=np.float32)
        s = 0
        for c in np.flatnonzero(counts):
            m = int(counts[c])
            z = rng.standard_normal((m, self.rank), dtype=np.float32)
            out[s : s + m] = self.centres[c] + z @ self.bases[c]
            s += m
        if self.shared:
            for s in range(0, n, 131_072):  # variation shared by all topics (style, length, ...)
                x = out[s : s + 131_072]
                x += rng.standard_normal((len(x), len(self.shared_basis)), dtype=np.float32) @ self.shared_basis
        block = 131_072
        for s in range(0, n, block):  # isotropic noise and normalisation, in place, by block
            x = out[s : s + block]
            x += self.noise * rng.standard_normal(x.shape, dtype=np.float32)
            x /= np.linalg.norm(x, axis=1, keepdims=True)
        return out[rng.permutation(n)] if n <= 2_000_000 else out

    def rows(self, n: int) -> np.ndarray:
        """``n`` database rows, in random cluster order (deterministic for a given n and seed)."""
        return self._draw(n, self.seed * 1_000_003 + 1 + n)

    def queries(self, m: int) -> np.ndarray:
        """``m`` queries from the same distribution (not database rows)."""
        return self._draw(m, self.seed * 1_000_003 + 2)


def exact_topk(base: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Ground-truth ids of the ``k`` largest inner products (IndexFlatIP, batched)."""
    import faiss

    index = faiss.IndexFlatIP(base.shape[1])
    index.add(base)
    _, ids = index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
    return ids


def recall_at_k(found: np.ndarray, truth: np.ndarray, k: int) -> float:
    """Mean share of the true top-k found in the returned top-k."""
    hits = 0
    for f, t in zip(found[:, :k], truth[:, :k]):
        hits += len(set(int(i) for i in f if i >= 0) & set(int(i) for i in t))
    return hits / (len(truth) * k)
