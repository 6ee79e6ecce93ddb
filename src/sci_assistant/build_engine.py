"""The build's swappable step (documents → chunks, sentences and tags; texts → vectors) and its local engine."""

# ``indexing.build_index`` reads the corpus, decides what is new and writes the generation; an
# engine only does the per-document and per-text work in between, here or (``cluster.RayEngine``)
# on Ray. Both call the functions below, so a chunk, a sentence and a tag come out the same
# whichever engine made them.

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .chunking import chunk_document, chunk_embedding_input, sentence_units
from .config import ChunkSettings
from .embedding import Embedder
from .entities import Tagger, tag_text, text_key
from .schema import Chunk, Document, Sentence, SkippedFile

# Texts per model call, longest first. 8 beat 16 and 32 for the mix of chunks and (short)
# sentences a build embeds, with both encoders (benchmarks/NOTES.md, "Build encoding").
EMBED_BATCH = 8
ENGINES = ("local", "ray")


@dataclass(frozen=True)
class PreparedDocument:
    """One document cut for indexing; sentence rows count from this document's first chunk (0)."""

    doc: Document
    chunks: tuple[Chunk, ...]
    inputs: tuple[str, ...]  # what the model embeds for each chunk
    sentences: tuple[Sentence, ...]
    sentence_inputs: tuple[str, ...]
    tags: tuple[tuple[int, int, str], ...] | None = None  # typed spans, when it was asked to tag

    def sentences_from(self, first_row: int) -> list[Sentence]:
        """The sentences with their chunk rows moved to where this document's chunks start."""
        if not first_row:
            return list(self.sentences)
        return [dataclasses.replace(s, chunks=tuple(first_row + r for r in s.chunks)) for s in self.sentences]


def prepare_document(
    doc: Document, settings: ChunkSettings, *, model_id: str, embedder: Embedder, tagger: Tagger | None = None
) -> PreparedDocument | SkippedFile:
    """Chunks and sentence units of ``doc`` (and its tags, given a tagger), or the reason it is
    skipped (one hostile document must not stop a build: any exception, RecursionError included,
    skips it)."""
    try:
        chunks = chunk_document(doc, settings, model_id=model_id, model_tokens=embedder.count_tokens)
        sentences, sentence_inputs = sentence_units(doc, chunks, 0, model_id=model_id)
    except Exception as exc:
        return SkippedFile(doc.path, f"could not be chunked ({exc.__class__.__name__}: {str(exc)[:200]})")
    tags = tuple(tag_text(doc.text, tagger)) if tagger is not None else None
    return PreparedDocument(
        doc,
        tuple(chunks),
        tuple(chunk_embedding_input(doc, c) for c in chunks),
        tuple(sentences),
        tuple(sentence_inputs),
        tags,
    )


@dataclass(frozen=True)
class PrepareJob:
    """What cutting a build's documents needs, whichever engine runs it: the chunk budgets, the
    model (its id, and its tokenizer to count tokens) and the tagger."""

    settings: ChunkSettings
    model_id: str
    embedder: Embedder
    tagger: Tagger

    def run(self, doc: Document, tag: bool) -> PreparedDocument | SkippedFile:
        """``prepare_document`` of ``doc``, tagged when ``tag``."""
        return prepare_document(
            doc, self.settings, model_id=self.model_id, embedder=self.embedder, tagger=self.tagger if tag else None
        )


def longest_first(texts: Sequence[str]) -> list[int]:
    """Positions of ``texts``, longest first: batched in this order, each batch pads little."""
    return sorted(range(len(texts)), key=lambda i: -len(texts[i]))


def embed_texts(embedder: Embedder, texts: Sequence[str], progress: bool = False) -> np.ndarray:
    """Vectors of ``texts`` in their order, embedded longest-first so each batch pads little."""
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    from tqdm.auto import tqdm

    order = longest_first(texts)
    out = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    bar = tqdm(total=len(texts), desc="embedding", unit="chunk", disable=not progress, leave=False)
    try:
        for s in range(0, len(order), EMBED_BATCH * 4):
            idx = order[s : s + EMBED_BATCH * 4]
            out[idx] = embedder.encode([texts[i] for i in idx], batch_size=EMBED_BATCH)
            bar.update(len(idx))
    finally:
        bar.close()
    return out


class BuildEngine(Protocol):
    """Where a build's per-document and per-text work runs. Results come back in input order."""

    name: str

    def prepare(
        self, docs: Sequence[Document], tag: Sequence[bool], job: PrepareJob
    ) -> list[PreparedDocument | SkippedFile]:
        """``job.run`` of each document, in order, tagging document i when ``tag[i]`` (one pass
        over each document: chunked and tagged where it is)."""
        ...

    def embed(self, embedder: Embedder, texts: Sequence[str], *, progress: bool) -> np.ndarray:
        """Vectors of ``texts``, shape (len(texts), dimension), row i for text i."""
        ...


class LocalEngine:
    """Everything in this process (the default)."""

    name = "local"

    def prepare(
        self, docs: Sequence[Document], tag: Sequence[bool], job: PrepareJob
    ) -> list[PreparedDocument | SkippedFile]:
        return [job.run(d, t) for d, t in zip(docs, tag, strict=True)]

    def embed(self, embedder: Embedder, texts: Sequence[str], *, progress: bool) -> np.ndarray:
        return embed_texts(embedder, texts, progress)


def needs_tags(docs: Sequence[Document], tagger: Tagger, cache: Mapping[str, object]) -> list[bool]:
    """For each document, whether its text is still to be tagged: not in ``cache`` (tags of the
    live generation) and not an earlier document's text."""
    seen: set[str] = set()
    out = []
    for d in docs:
        key = text_key(d.text, tagger)
        out.append(key not in cache and key not in seen)
        seen.add(key)
    return out
