"""The facade a Python user, the CLI and the web app share: load, search, ask, document, info."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import SearchSettings
from .corpus import INGEST_VERSION
from .embedding import Embedder, SentenceTransformerEmbedder
from .errors import (
    EncoderError,
    IndexCorruptError,
    IndexMismatchError,
    IndexNotFoundError,
    InvalidRequestError,
    SciAssistantError,
)
from .indexing import LoadedIndex, build_index, corpus_fingerprint, corpus_state, open_index, read_current
from .retriever import Retriever
from .schema import Answer, BuildStats, Document, Filters, Hit

if TYPE_CHECKING:  # pragma: no cover
    from .explorer import AgreementRow, TimelinePoint
    from .sourcemap import SourceSpan

log = logging.getLogger("sci_assistant")


@dataclass(frozen=True)
class _Snapshot:
    """One generation and its retriever; swapped as a whole so an answer never mixes two."""

    index: LoadedIndex
    retriever: Retriever


class Assistant:
    """Search and answer over a built index.

    >>> a = Assistant.load("index")                                  # doctest: +SKIP
    >>> hits = a.search("green energy storage", k=5)                 # doctest: +SKIP
    >>> a.document(hits[0].doc_id).text[hits[0].start:hits[0].end] == hits[0].text   # doctest: +SKIP
    True
    """

    def __init__(
        self,
        index: LoadedIndex,
        embedder: Embedder,
        index_dir: Path,
        settings: SearchSettings | None = None,
        corpus_dir: Path | None = None,
    ) -> None:
        if embedder.model_id != index.model_id:
            raise IndexMismatchError(
                f"the index was built with model {index.model_id!r}, not {embedder.model_id!r}; "
                "run `sci-assistant build` with the model you want to use"
            )
        if embedder.dimension != index.dense.dimension:
            raise IndexMismatchError(
                f"the model produces {embedder.dimension}-d vectors but the index holds "
                f"{index.dense.dimension}-d; run `sci-assistant build`"
            )
        self.embedder = embedder
        self.index_dir = index_dir
        # Where the source files are, so citations can carry offsets into the files themselves.
        self.corpus_dir = corpus_dir
        self.settings = settings or SearchSettings()
        self._snap = _Snapshot(index, Retriever(index, embedder, self.settings))
        self._lock = threading.Lock()
        self._bad_current: str | None = None  # a CURRENT that failed to open: skipped until it moves

    # -- construction -----------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        index_dir: str | os.PathLike[str] = "index",
        *,
        embedder: Embedder | None = None,
        model: str | None = None,
        settings: SearchSettings | None = None,
        corpus_dir: str | os.PathLike[str] | None = None,
    ) -> Assistant:
        """Open a verified index and the model it was built with.

        Queries are encoded by ``embedder`` when one is given; else by the generation's ONNX
        export of the model (no torch imported) when it has one that reproduces the model's
        vectors, else by sentence-transformers (``model``: a local model folder, default the
        bundled one).

        ``corpus_dir`` (the folder the index was built from) lets quotes, records and exports
        carry offsets into the source files as stored; without it they carry document offsets only.

        Raises:
            IndexNotFoundError, IndexCorruptError, IndexMismatchError: with how to fix it.
        """
        corpus = Path(corpus_dir) if corpus_dir is not None else None
        if embedder is not None:
            index = open_index(index_dir, model_id=embedder.model_id)
            return cls(index, embedder, Path(index_dir), settings, corpus)
        fallback = SentenceTransformerEmbedder(model)  # loads nothing until it encodes
        index = open_index(index_dir, model_id=fallback.model_id)
        return cls(index, query_embedder(index, fallback), Path(index_dir), settings, corpus)

    @classmethod
    def load_or_build(
        cls,
        corpus_dir: str | os.PathLike[str] = "corpus",
        index_dir: str | os.PathLike[str] = "index",
        *,
        embedder: Embedder | None = None,
        model: str | None = None,
        progress: bool = True,
    ) -> tuple[Assistant, BuildStats | None]:
        """Open the index, first rebuilding it when the corpus changed since it was built.

        ``embedder`` builds and encodes queries; without it, sentence-transformers builds and
        queries are encoded as ``load`` chooses.

        Returns:
            The assistant and the BuildStats of the rebuild (None when none was needed).
        """
        from .onnx_embedding import ENCODER_VERSION, can_export

        builder = embedder or SentenceTransformerEmbedder(model)
        encoder = ENCODER_VERSION if can_export(builder) else None
        if not index_is_stale(corpus_dir, index_dir, model_id=builder.model_id, query_encoder=encoder):
            try:
                loaded = cls.load(index_dir, embedder=embedder, model=model, corpus_dir=corpus_dir)
                if loaded.generation == read_current(Path(index_dir)):
                    return loaded, None
                # CURRENT was damaged and an older generation answered: it may predate the corpus.
                log.warning("the live generation could not be opened — rebuilding")
            except (IndexCorruptError, IndexNotFoundError, IndexMismatchError) as exc:
                log.warning("%s — rebuilding", exc)
        stats = build_index(corpus_dir, index_dir, embedder=builder, progress=progress)
        return cls.load(index_dir, embedder=embedder, model=model, corpus_dir=corpus_dir), stats

    # -- generations ------------------------------------------------------------------------

    @property
    def generation(self) -> str:
        return self._snap.index.generation

    @property
    def built_from(self) -> Path | None:
        """The corpus folder the serving generation was built from, as its manifest records it
        (None for an index built before the folder was recorded). It may since have moved."""
        root = self._snap.index.manifest.get("corpus", {}).get("root")
        return Path(root) if isinstance(root, str) and root else None

    def refresh(self) -> bool:
        """Switch to a newer generation if CURRENT moved; True when it did.

        Requests already running keep the snapshot they started with.
        """
        current = read_current(self.index_dir)
        if current is None or current in (self._snap.index.generation, self._bad_current):
            return False
        with self._lock:
            if current in (self._snap.index.generation, self._bad_current):
                return False
            try:
                index = open_index(self.index_dir, model_id=self.embedder.model_id)
            except SciAssistantError as exc:
                # Keep serving what we have; don't re-verify the same broken generation per request.
                self._bad_current = current
                log.warning("not switching to %s: %s", current, exc)
                return False
            if index.generation != current:
                self._bad_current = current  # CURRENT is damaged; open_index fell back
            if index.generation == self._snap.index.generation:
                return False
            self._snap = _Snapshot(index, Retriever(index, self.embedder, self.settings))
            log.info("now serving %s", index.generation)
            return True

    # -- queries ----------------------------------------------------------------------------

    def search(self, query: str, k: int = 5, filters: Filters | Mapping[str, Any] | None = None) -> list[Hit]:
        """Hybrid (FAISS + BM25, RRF) search: ``k`` hits, best first.

        >>> [h.section for h in a.search("Which MOUs fall under the AI pillar?", k=1)]  # doctest: +SKIP
        ['Annex A: List of MOUs signed at the 4th SCI JIC Meeting › Strategic pillar: AI']
        """
        return self._snap.retriever.search(query, k, filters)

    def ask(
        self,
        question: str,
        history: Sequence[str | Mapping[str, Any]] = (),
        filters: Filters | Mapping[str, Any] | None = None,
    ) -> Answer:
        """Answer ``question`` from the releases: direct answer first, verbatim quotes, citations.

        ``history`` holds earlier turns, as strings (user questions) or Gradio message dicts.
        """
        from .answer import answer_question

        snap = self._snap
        return answer_question(snap.index, snap.retriever, question, history=history, filters=filters)

    def document(self, doc_id: str) -> Document:
        """The normalised document every Hit and Quote offset points into."""
        try:
            return self._snap.index.documents[doc_id]
        except KeyError:
            raise InvalidRequestError(f"no document with doc_id {doc_id!r}") from None

    def documents(self) -> list[Document]:
        """All indexed documents, newest first."""
        return sorted(self._snap.index.documents.values(), key=lambda d: (d.date or "", d.doc_id), reverse=True)

    def source(self, doc_id: str, start: int, end: int) -> SourceSpan:
        """Where ``document(doc_id).text[start:end]`` sits in its source file, with the release's
        title, event date, file name and URL. File offsets are None, with the reason, when the span
        cannot be found exactly in the file (a PDF, a paragraph joined across a page break).

        >>> q = a.ask("How many MOUs were signed at the 4th JIC meeting?").quotes[0]   # doctest: +SKIP
        >>> s = a.source(q.doc_id, q.start, q.end)                                     # doctest: +SKIP
        >>> s.path, s.file_start, s.file_end, s.byte_start, s.byte_end                 # doctest: +SKIP
        ('2023-12-15_4th-jic-meeting_14-new-projects.txt', 2168, 2324, 2180, 2336)

        Raises:
            InvalidRequestError: no such document, or the span lies outside it.
        """
        from .sourcemap import source_span

        doc = self.document(doc_id)
        try:
            return source_span(doc, start, end, self.corpus_dir)
        except ValueError as exc:
            raise InvalidRequestError(str(exc)) from None

    def records(self) -> list[AgreementRow]:
        """Every MOU and project the releases list (copies of a story once), oldest meeting first.

        >>> rows = a.records()                                          # doctest: +SKIP
        >>> rows[0].kind, rows[0].meeting, rows[0].parties[:1]          # doctest: +SKIP
        ('MOU', '3rd JIC meeting', ('the Infocomm Media Development Authority (IMDA)',))
        """
        from .explorer import agreement_rows

        snap = self._snap
        derived = snap.index.derived
        if "agreement_rows" not in derived:
            derived["agreement_rows"] = agreement_rows(snap.index.documents.values(), self.corpus_dir)
        return list(derived["agreement_rows"])

    def timeline(self) -> list[TimelinePoint]:
        """One point per meeting, oldest first: date, place, MOUs and projects listed, stated totals.

        >>> [(p.meeting, p.mous, p.projects, p.total("projects")) for p in a.timeline()]  # doctest: +SKIP
        [('3rd JIC meeting', 8, 14, 29), ('4th JIC meeting', 8, 14, 43)]
        """
        from .explorer import timeline

        snap = self._snap
        derived = snap.index.derived
        if "timeline" not in derived:
            derived["timeline"] = timeline(snap.index.documents.values(), self.corpus_dir)
        return list(derived["timeline"])

    def _describe(self, doc: Document) -> dict[str, Any]:
        copies = [d for d in self._snap.index.documents.values() if d.copy_of == doc.doc_id]
        return _describe_document(doc, sorted(copies, key=lambda d: d.path))

    def info(self) -> dict[str, Any]:
        """Index facts for people and machines: documents, chunk count, model, build time."""
        m = self._snap.index.manifest
        return {
            "index": str(self.index_dir),
            "generation": self._snap.index.generation,
            "built_at": m.get("built_at"),
            "model": m["model"],
            "dense": m.get("dense"),
            "chunks": m["counts"]["chunks"],
            "documents": [self._describe(d) for d in self.documents()],
            "skipped": m.get("corpus", {}).get("skipped", {}),
        }


def query_embedder(index: LoadedIndex, fallback: Embedder) -> Embedder:
    """The generation's ONNX encoder when it has one, listed (so hash-verified) in its manifest,
    of the same model, reproducing its probe vectors; else ``fallback``, with a warning saying why.
    """
    section = index.manifest.get("encoder")
    if not section:
        log.info("%s has no ONNX query encoder; encoding queries with sentence-transformers", index.generation)
        return fallback
    from .onnx_embedding import ENCODER_FILES, OnnxEmbedder

    try:
        rel = str(section.get("path"))
        if any(f"{rel}/{name}" not in index.manifest["files"] for name in ENCODER_FILES):
            raise EncoderError(f"the manifest does not list every file of {rel}/")
        encoder = OnnxEmbedder(index.path / rel)
        if (encoder.model_id, encoder.dimension) != (index.model_id, index.dense.dimension):
            raise EncoderError(
                f"the ONNX encoder is of {encoder.model_id!r} ({encoder.dimension}-d), the index "
                f"of {index.model_id!r} ({index.dense.dimension}-d)"
            )
        encoder.verify(truncation=False)
    except EncoderError as exc:
        log.warning("%s: %s; encoding queries with sentence-transformers instead", index.generation, exc)
        return fallback
    return encoder


def _describe_document(doc: Document, copies: Sequence[Document]) -> dict[str, Any]:
    """What ``info`` says about one document: title, both dates, its event, canonical or copy."""
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "date": doc.date,
        "published": doc.published,
        "event": doc.event,
        "place": doc.place,
        "path": doc.path,
        "publisher": doc.publisher,
        "author": doc.author,
        "copy_of": doc.copy_of,
        "status": "copy" if doc.copy_of else "canonical",
        "also_published_by": [c.publisher or c.source or c.path for c in copies],
        "copies": [c.doc_id for c in copies],
    }


def index_is_stale(
    corpus_dir: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    model_id: str | None = None,
    query_encoder: int | None = None,
) -> bool:
    """True when there is no index, it was built with another model, or the corpus files changed;
    also, when ``query_encoder`` (an ONNX export version) is given, when it was built without that
    export (the rebuild reuses every vector).

    Reads only CURRENT and its manifest (cheap); ``Assistant.load`` verifies the files.
    """
    import json

    index_dir = Path(index_dir)
    current = read_current(index_dir)
    if not current:
        return True
    try:
        manifest = json.loads((index_dir / current / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    if model_id is not None and manifest.get("model", {}).get("id") != model_id:
        return True
    if manifest.get("settings", {}).get("ingest_version") != INGEST_VERSION:
        return True  # built by an older reader of the corpus: loads, but lacks what it now finds
    if query_encoder is not None and manifest.get("settings", {}).get("query_encoder") != query_encoder:
        return True
    return manifest.get("corpus", {}).get("fingerprint") != corpus_fingerprint(corpus_state(corpus_dir))
