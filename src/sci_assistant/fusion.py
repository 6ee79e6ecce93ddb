"""Pure rank-fusion functions.

Hybrid search fuses the dense (cosine) and sparse (BM25) rankings with reciprocal-rank fusion.
RRF is used rather than a convex combination of scores because the two scores live on unrelated
scales (cosine in [-1, 1]; BM25 unbounded and query-length dependent): RRF needs no per-corpus
normalisation, is robust when one retriever finds nothing (a BM25 miss on a paraphrase, a dense
miss on an exact code name), and has one well-studied constant (k = 60).
"""

from __future__ import annotations

from collections.abc import Sequence


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]],
    *,
    k: int = 60,
    weights: Sequence[float] | None = None,
) -> list[tuple[int, float]]:
    """Fuse ranked id lists: score(id) = Σ w_i / (k + rank_i(id)), ranks starting at 1.

    >>> reciprocal_rank_fusion([[3, 1, 2], [1, 3]], k=60)[:2]
    [(1, 0.03252247488101534), (3, 0.03252247488101534)]

    Returns:
        (id, fused score) pairs, best first; ties broken by the smaller id.
    """
    if k < 1:
        raise ValueError(f"k must be ≥ 1, got {k}")
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"got {len(weights)} weights for {len(rankings)} rankings")
    scores: dict[int, float] = {}
    for ranking, w in zip(rankings, weights):
        for rank, doc in enumerate(ranking, start=1):
            scores[doc] = scores.get(doc, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
