"""Frozen settings (chunk budgets; retrieval depth and fusion) and the environment variables naming paths."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .errors import InvalidRequestError

ENV_CORPUS = "SCI_ASSISTANT_CORPUS"
ENV_INDEX = "SCI_ASSISTANT_INDEX"
ENV_MODEL = "SCI_ASSISTANT_MODEL"


@dataclass(frozen=True)
class ChunkSettings:
    """How documents are cut. Budgets are cl100k_base tokens (tiktoken)."""

    max_tokens: int = 160
    overlap_tokens: int = 32  # whole sentences carried over from the previous chunk, up to this
    max_model_tokens: int = 256  # the embedding model's own limit (clamped to max_seq_length)

    def __post_init__(self) -> None:
        if self.max_tokens < 16:
            raise InvalidRequestError(f"max_tokens must be ≥ 16, got {self.max_tokens}")
        if not 0 <= self.overlap_tokens < self.max_tokens:
            raise InvalidRequestError(f"overlap_tokens must be in [0, max_tokens), got {self.overlap_tokens}")
        if self.max_model_tokens < 32:
            raise InvalidRequestError(f"max_model_tokens must be ≥ 32, got {self.max_model_tokens}")

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SearchSettings:
    """Hybrid retrieval: reciprocal-rank fusion of FAISS (dense) and BM25 (sparse)."""

    rrf_k: int = 60
    dense_weight: float = 1.0
    sparse_weight: float = 1.0
    candidates: int = 50  # per retriever, before fusion
    sentence_mode: str = "max"  # chunk dense score: "max" of chunk and best sentence, "mean", or "off"
    release_weight: float = 1.0  # lift for chunks of a release the query names (meeting, date)
    rerank_depth: int = 20  # fused candidates reordered by their best sentence (1: off)
    fusion_weight: float = 1.5  # weight of the (normalised) fused score in that reordering

    def __post_init__(self) -> None:
        if self.rrf_k < 1:
            raise InvalidRequestError(f"rrf_k must be ≥ 1, got {self.rrf_k}")
        if self.candidates < 1:
            raise InvalidRequestError(f"candidates must be ≥ 1, got {self.candidates}")
        if self.dense_weight < 0 or self.sparse_weight < 0:
            raise InvalidRequestError("fusion weights must be ≥ 0")
