"""SCI Assistant: cited, extractive answers over the Singapore–Shenzhen Smart City Initiative releases.

>>> from sci_assistant import build_index, Assistant      # doctest: +SKIP
>>> build_index("corpus", "index")                        # doctest: +SKIP
>>> Assistant.load("index").search("green energy storage", k=5)   # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (  # noqa: E402
    BuildLockedError,
    EmptyCorpusError,
    EncoderError,
    IndexCorruptError,
    IndexMismatchError,
    IndexNotFoundError,
    InvalidRequestError,
    ModelLoadError,
    SciAssistantError,
)
from .schema import Answer, BuildStats, Chunk, Document, Filters, Hit, Quote  # noqa: E402

__all__ = [
    "Answer",
    "Assistant",
    "BuildLockedError",
    "BuildStats",
    "Chunk",
    "Document",
    "EmptyCorpusError",
    "EncoderError",
    "Filters",
    "Hit",
    "IndexCorruptError",
    "IndexMismatchError",
    "IndexNotFoundError",
    "InvalidRequestError",
    "ModelLoadError",
    "Quote",
    "SciAssistantError",
    "build_index",
    "__version__",
]


def __getattr__(name: str):
    # Heavy modules (FAISS, torch) load only when these names are first used.
    if name == "build_index":
        from .indexing import build_index

        return build_index
    if name == "Assistant":
        from .assistant import Assistant

        return Assistant
    raise AttributeError(name)
