"""Named errors that the CLI and the UI turn into one clear sentence."""

from __future__ import annotations

REBUILD_HINT = "run `sci-assistant build` to (re)build it"


class SciAssistantError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code = 1


class EmptyCorpusError(SciAssistantError):
    """The corpus holds no readable document; nothing was built."""

    exit_code = 2


class IndexNotFoundError(SciAssistantError):
    """There is no index at the given path."""

    exit_code = 3


class IndexCorruptError(SciAssistantError):
    """An index file is missing, truncated or altered (hash or row-count mismatch)."""

    exit_code = 4


class IndexMismatchError(SciAssistantError):
    """The index was built with another format version, model or dimension."""

    exit_code = 5


class BuildLockedError(SciAssistantError):
    """Another build holds the index lock."""

    exit_code = 6


class ModelLoadError(SciAssistantError):
    """The embedding model could not be loaded from local files."""

    exit_code = 7


class EncoderError(ModelLoadError):
    """The ONNX export of the model is missing a package, could not be made, or does not reproduce
    the model's own vectors; queries are then encoded with sentence-transformers."""


class InvalidRequestError(SciAssistantError, ValueError):
    """A query, filter or parameter is not acceptable; the message names the bad value."""

    exit_code = 8


class ClusterError(SciAssistantError):
    """The Ray build engine is not installed or its cluster failed; the live generation is untouched."""

    exit_code = 9
