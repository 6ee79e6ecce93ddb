"""build_index and open_index: incremental builds into write-once generations, verified opens.

Layout of an index directory (the contract; see README "Index layout")::

    index/
      CURRENT              one line: the name of the live generation ("gen-000007")
      .build.lock          held by the one build allowed at a time (filelock)
      gen-000007/          files written once, fsynced, verified, never modified
        manifest.json      format version, package version, model id + dimension, chunker
                           settings, corpus fingerprint and per-file hashes, sha256 of every file
        dense.faiss        FAISS native index; row i = line i of chunks.jsonl
        vectors.npy        the same vectors as float32 (reused by the next build; no pickle)
        chunks.jsonl       one Chunk per line
        documents.jsonl    one Document per line (normalised text, sections, metadata)
        bm25/              bm25s files (JSON + .npy arrays, saved with allow_pickle=False)
      gen-000006/          the previous generation, kept for rollback

A build writes a temporary directory, fsyncs and re-reads every file against its hash, renames
it to the next generation name, then points CURRENT at it (temp file, fsync, os.replace, fsync of
the directory). A failure at any step removes the partial generation and leaves CURRENT alone.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from . import __version__
from .chunking import TIKTOKEN_ENCODING, chunk_document, chunk_embedding_input, chunk_search_text, sentence_units
from .config import ChunkSettings
from .corpus import MAX_FILE_BYTES, iter_corpus_files, load_corpus
from .dense import DenseIndex
from .embedding import Embedder, SentenceTransformerEmbedder
from .errors import (
    REBUILD_HINT,
    BuildLockedError,
    IndexCorruptError,
    IndexMismatchError,
    IndexNotFoundError,
)
from .schema import BuildStats, Chunk, Document, Sentence
from .sparse import TOKENIZER_VERSION, SparseIndex

log = logging.getLogger("sci_assistant")

FORMAT = "sci-assistant-index"
FORMAT_VERSION = 1
CURRENT = "CURRENT"
LOCK = ".build.lock"
MANIFEST = "manifest.json"
GEN_RE = re.compile(r"^gen-(\d{6})$")
EMBED_BATCH = 64


# ---------------------------------------------------------------------------------------------
# Small durable-file helpers


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(str(path), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on a directory; the data files are synced
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def _write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False))
            f.write("\n")
        f.flush()
        os.fsync(f.fileno())


def write_current(index_dir: Path, generation: str) -> None:
    """Atomically point CURRENT at ``generation``."""
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    _write_text(tmp, generation + "\n")
    os.replace(tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)


def read_current(index_dir: Path) -> str | None:
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name


def generations(index_dir: Path) -> list[str]:
    """Generation directory names, oldest first."""
    if not index_dir.is_dir():
        return []
    names = [p.name for p in index_dir.iterdir() if GEN_RE.match(p.name) and p.is_dir() and not p.is_symlink()]
    return sorted(names)


# ---------------------------------------------------------------------------------------------
# Corpus state (cheap: raw-file hashes, no parsing)


def corpus_state(corpus_dir: str | os.PathLike[str]) -> dict[str, str]:
    """{relative path: sha256 of the raw bytes} for every candidate corpus file."""
    out: dict[str, str] = {}
    root = Path(corpus_dir)
    if not root.is_dir():
        return out
    for path, rel in iter_corpus_files(root):
        try:
            out[rel] = sha256_file(path)
        except OSError:
            out[rel] = "unreadable"
    return out


def corpus_fingerprint(state: dict[str, str]) -> str:
    h = hashlib.sha256()
    for rel in sorted(state):
        h.update(f"{rel}\0{state[rel]}\n".encode())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Opening a generation


@dataclass
class LoadedIndex:
    """Everything one generation holds, loaded and verified. Immutable once built."""

    path: Path
    generation: str
    manifest: dict[str, Any]
    documents: dict[str, Document]
    chunks: list[Chunk]
    dense: DenseIndex
    sparse: SparseIndex
    sentences: list[Sentence]
    sentence_vectors: np.ndarray  # row j = sentences[j], unit length
    sentence_dense: DenseIndex
    derived: dict[str, Any] = field(default_factory=dict)  # caches computed from this generation only

    @property
    def model_id(self) -> str:
        return self.manifest["model"]["id"]


def _verify_generation(gen_dir: Path, *, model_id: str | None, dimension: int | None) -> dict[str, Any]:
    """Check the manifest and every file's hash before anything is parsed by FAISS or numpy."""
    mpath = gen_dir / MANIFEST
    if not mpath.is_file():
        raise IndexCorruptError(f"{gen_dir.name}: {MANIFEST} is missing; {REBUILD_HINT}")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
        assert isinstance(manifest, dict)
    except Exception:
        raise IndexCorruptError(f"{gen_dir.name}: {MANIFEST} is not valid JSON; {REBUILD_HINT}") from None
    if manifest.get("format") != FORMAT:
        raise IndexCorruptError(f"{gen_dir.name}: not a sci-assistant index; {REBUILD_HINT}")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index format version {manifest.get('format_version')!r} is not the supported "
            f"version {FORMAT_VERSION}; {REBUILD_HINT}"
        )
    model = manifest.get("model") or {}
    if model_id is not None and model.get("id") != model_id:
        raise IndexMismatchError(
            f"the index was built with model {model.get('id')!r}, not {model_id!r}; {REBUILD_HINT} "
            "with the model you want to use"
        )
    if dimension is not None and model.get("dimension") != dimension:
        raise IndexMismatchError(
            f"the index has dimension {model.get('dimension')!r} but the model produces {dimension}; "
            f"{REBUILD_HINT}"
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexCorruptError(f"{gen_dir.name}: the manifest lists no files; {REBUILD_HINT}")
    for rel, meta in files.items():
        p = (gen_dir / rel)
        if ".." in Path(rel).parts or not p.resolve().is_relative_to(gen_dir.resolve()):
            raise IndexCorruptError(f"{gen_dir.name}: manifest names a path outside the index: {rel!r}")
        if not p.is_file():
            raise IndexCorruptError(f"{gen_dir.name}: {rel} is missing; {REBUILD_HINT}")
        if p.stat().st_size != meta.get("bytes"):
            raise IndexCorruptError(
                f"{gen_dir.name}: {rel} has {p.stat().st_size} bytes, expected {meta.get('bytes')} "
                f"(truncated or altered); {REBUILD_HINT}"
            )
        if sha256_file(p) != meta.get("sha256"):
            raise IndexCorruptError(f"{gen_dir.name}: {rel} does not match its sha256 (altered); {REBUILD_HINT}")
    return manifest


def _load_generation(gen_dir: Path, *, model_id: str | None, dimension: int | None) -> LoadedIndex:
    manifest = _verify_generation(gen_dir, model_id=model_id, dimension=dimension)
    try:
        docs = [Document.from_json(json.loads(line)) for line in
                (gen_dir / "documents.jsonl").read_text(encoding="utf-8").splitlines() if line]
        chunks = [Chunk.from_json(json.loads(line)) for line in
                  (gen_dir / "chunks.jsonl").read_text(encoding="utf-8").splitlines() if line]
        dense = DenseIndex.load(gen_dir / "dense.faiss")
        sparse = SparseIndex.load(gen_dir / "bm25")
        sentences = [Sentence.from_json(json.loads(line)) for line in
                     (gen_dir / "sentences.jsonl").read_text(encoding="utf-8").splitlines() if line]
        sentence_vectors = np.load(gen_dir / "sentence_vectors.npy", allow_pickle=False)
        sentence_dense = DenseIndex.load(gen_dir / "sentences.faiss")
    except Exception as exc:
        raise IndexCorruptError(f"{gen_dir.name}: could not be read ({exc}); {REBUILD_HINT}") from exc
    counts = manifest.get("counts", {})
    n = len(chunks)
    if not (dense.size == n == sparse.size == counts.get("chunks")) or len(docs) != counts.get("documents"):
        raise IndexCorruptError(
            f"{gen_dir.name}: row counts disagree (vectors {dense.size}, chunks {n}, bm25 {sparse.size}, "
            f"manifest {counts.get('chunks')}); {REBUILD_HINT}"
        )
    if not (len(sentences) == sentence_dense.size == len(sentence_vectors) == counts.get("sentences")):
        raise IndexCorruptError(
            f"{gen_dir.name}: sentence counts disagree (vectors {sentence_dense.size}, rows {len(sentences)}, "
            f"manifest {counts.get('sentences')}); {REBUILD_HINT}"
        )
    if dense.dimension != manifest["model"]["dimension"]:
        raise IndexMismatchError(f"{gen_dir.name}: FAISS dimension {dense.dimension} ≠ manifest; {REBUILD_HINT}")
    by_id = {d.doc_id: d for d in docs}
    return LoadedIndex(gen_dir, gen_dir.name, manifest, by_id, chunks, dense, sparse,
                       sentences, sentence_vectors, sentence_dense)


def open_index(
    index_dir: str | os.PathLike[str],
    *,
    model_id: str | None = None,
    dimension: int | None = None,
) -> LoadedIndex:
    """Open the live generation, verified; fall back to the newest valid one with a warning.

    Raises:
        IndexNotFoundError: no index at ``index_dir``.
        IndexMismatchError: built with another format, model or dimension.
        IndexCorruptError: no generation passes verification.
    """
    index_dir = Path(index_dir)
    if not index_dir.is_dir() or (not (index_dir / CURRENT).exists() and not generations(index_dir)):
        raise IndexNotFoundError(f"no index at {index_dir}; {REBUILD_HINT}")
    current = read_current(index_dir)
    first_error: Exception | None = None
    if current is not None:
        if GEN_RE.match(current) and (index_dir / current).is_dir() and not (index_dir / current).is_symlink():
            try:
                return _load_generation(index_dir / current, model_id=model_id, dimension=dimension)
            except IndexMismatchError:
                raise
            except IndexCorruptError as exc:
                first_error = exc
        else:
            first_error = IndexCorruptError(
                f"{CURRENT} names {current[:80]!r}, which is not a generation in {index_dir}; {REBUILD_HINT}"
            )
    for name in reversed(generations(index_dir)):
        if name == current:
            continue
        try:
            loaded = _load_generation(index_dir / name, model_id=model_id, dimension=dimension)
        except (IndexCorruptError, IndexMismatchError):
            continue
        if first_error is not None:
            log.warning("%s; serving the previous generation %s instead", first_error, name)
        return loaded
    if first_error is not None:
        raise first_error
    raise IndexCorruptError(f"no valid generation in {index_dir}; {REBUILD_HINT}")


# ---------------------------------------------------------------------------------------------
# Building


def _settings_key(model_id: str, dimension: int, chunking: ChunkSettings, dense_kind: str | None) -> dict:
    return {
        "model": model_id,
        "dimension": dimension,
        "chunker": chunking.to_json(),
        "tokenizer_version": TOKENIZER_VERSION,
        "format_version": FORMAT_VERSION,
        "dense_kind": dense_kind,
    }


def _previous_vectors(
    index_dir: Path, model_id: str, dimension: int
) -> tuple[dict[str, np.ndarray], dict | None, int, list[str]]:
    """Embedding cache from the live generation: {key: vector}, its manifest, chunk count, chunk keys."""
    try:
        prev = open_index(index_dir, model_id=model_id, dimension=dimension)
    except Exception as exc:  # no, foreign or broken index: nothing to reuse
        log.info("no reusable index (%s)", exc)
        return {}, None, 0, []
    try:
        vectors = np.load(prev.path / "vectors.npy", allow_pickle=False)
    except Exception:
        return {}, prev.manifest, len(prev.chunks), []
    cache = {}
    if len(vectors) == len(prev.chunks):
        for c, v in zip(prev.chunks, vectors):
            if c.key:
                cache[c.key] = v
    for sent, v in zip(prev.sentences, prev.sentence_vectors):
        if sent.key:
            cache[sent.key] = v
    return cache, prev.manifest, len(prev.chunks), [c.key for c in prev.chunks]


def _embed(embedder: Embedder, texts: list[str], progress: bool) -> np.ndarray:
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    from tqdm.auto import tqdm

    # Embed longest-first in large batches so padding is small; restore order afterwards.
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
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


def build_index(
    corpus_dir: str | os.PathLike[str] = "corpus",
    index_dir: str | os.PathLike[str] = "index",
    *,
    embedder: Embedder | None = None,
    model: str | None = None,
    full: bool = False,
    chunking: ChunkSettings | None = None,
    dense_kind: str | None = None,
    lock_timeout: float = 0,
    progress: bool = False,
    max_file_bytes: int = MAX_FILE_BYTES,
) -> BuildStats:
    """Build or update the index at ``index_dir`` from the files in ``corpus_dir``.

    Embeddings are reused by chunk-content hash: an unchanged corpus embeds nothing, an edited
    release re-embeds only its own chunks.

    Args:
        corpus_dir: folder of .txt/.md/.html/.pdf releases.
        index_dir: where generations live; created if missing.
        embedder: an Embedder; default: the sentence-transformers model at ``model``.
        model: path of a local sentence-transformers model; default: the bundled MiniLM.
        full: re-embed everything, ignoring the previous generation.
        chunking: chunk budgets.
        dense_kind: force a FAISS index type ('flat' or 'hnsw'); default: chosen by size.
        lock_timeout: seconds to wait for another build's lock (0: fail at once).
        progress: show a progress bar while embedding.
        max_file_bytes: corpus files larger than this are skipped with a warning.

    Returns:
        BuildStats with documents, chunks, embedded, reused, removed and seconds.

    Raises:
        EmptyCorpusError: no readable document (the existing index is left untouched).
        BuildLockedError: another build is running.

    >>> stats = build_index("corpus", "index")          # doctest: +SKIP
    >>> stats.embedded, stats.reused                     # doctest: +SKIP
    (0, 42)
    """
    from filelock import FileLock, Timeout

    t0 = time.perf_counter()
    index_dir = Path(index_dir)
    chunking = chunking or ChunkSettings()
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / LOCK), timeout=lock_timeout)
    try:
        lock.acquire()
    except Timeout:
        raise BuildLockedError(
            f"another build is running on {index_dir} (lock {index_dir / LOCK} is held); "
            "wait for it to finish and try again"
        ) from None
    try:
        return _build_locked(
            Path(corpus_dir), index_dir, embedder or SentenceTransformerEmbedder(model),
            full=full, chunking=chunking, dense_kind=dense_kind, progress=progress,
            max_file_bytes=max_file_bytes, t0=t0,
        )
    finally:
        lock.release()


def _build_locked(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    *,
    full: bool,
    chunking: ChunkSettings,
    dense_kind: str | None,
    progress: bool,
    max_file_bytes: int,
    t0: float,
) -> BuildStats:
    docs, skipped = load_corpus(corpus_dir, max_bytes=max_file_bytes)  # EmptyCorpusError: untouched
    state = corpus_state(corpus_dir)
    fingerprint = corpus_fingerprint(state)
    model_id, dimension = embedder.model_id, embedder.dimension
    max_model = min(chunking.max_model_tokens, embedder.max_seq_length)
    settings_key = _settings_key(model_id, dimension, chunking, dense_kind)

    cache, prev_manifest, prev_count, prev_chunk_keys = (
        ({}, None, 0, []) if full else _previous_vectors(index_dir, model_id, dimension)
    )
    if (
        prev_manifest is not None
        and prev_manifest.get("corpus", {}).get("fingerprint") == fingerprint
        and prev_manifest.get("settings") == settings_key
    ):
        return BuildStats(
            documents=len(docs), chunks=prev_count, embedded=0, reused=prev_count, removed=0,
            seconds=time.perf_counter() - t0, generation=read_current(index_dir) or "",
            skipped=tuple(skipped), unchanged=True,
        )

    chunk_settings = ChunkSettings(chunking.max_tokens, chunking.overlap_tokens, max_model)
    chunks: list[Chunk] = []
    inputs: list[str] = []
    sentences: list[Sentence] = []
    sentence_inputs: list[str] = []
    for doc in docs:
        doc_chunks = chunk_document(doc, chunk_settings, model_id=model_id, model_tokens=embedder.count_tokens)
        sents, sent_in = sentence_units(doc, doc_chunks, len(chunks), model_id=model_id)
        for c in doc_chunks:
            chunks.append(c)
            inputs.append(chunk_embedding_input(doc, c))
        sentences.extend(sents)
        sentence_inputs.extend(sent_in)
    if not chunks:
        from .errors import EmptyCorpusError

        raise EmptyCorpusError(f"the documents in {corpus_dir} produced no text to index")

    # Chunks and sentences are embedded together (one progress bar, one sorted batch stream);
    # anything whose key (model + exact input) was embedded before is reused.
    keys = [c.key for c in chunks] + [s.key for s in sentences]
    all_inputs = inputs + sentence_inputs
    todo: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key not in cache and key not in todo:
            todo[key] = i
    fresh = _embed(embedder, [all_inputs[i] for i in todo.values()], progress)
    cache.update(zip(todo.keys(), fresh))
    all_vectors = np.stack([cache[key] for key in keys]) if keys else np.zeros((0, dimension), np.float32)
    vectors = np.ascontiguousarray(all_vectors[: len(chunks)], dtype=np.float32)
    sentence_vectors = np.ascontiguousarray(all_vectors[len(chunks):], dtype=np.float32)
    missing = [i for i, c in enumerate(chunks) if todo.get(c.key) == i]
    new_keys = set(keys)
    removed = sum(1 for c_key in (prev_chunk_keys or ()) if c_key not in new_keys)

    dense = DenseIndex.build(vectors, dense_kind)
    sentence_dense = DenseIndex.build(sentence_vectors, dense_kind)
    by_id = {d.doc_id: d for d in docs}
    # BM25 also sees the contextual header (title, meeting, section) of each chunk.
    sparse = SparseIndex.build([chunk_search_text(by_id[c.doc_id], c) for c in chunks])

    existing = generations(index_dir)
    previous = read_current(index_dir)
    last = max((int(GEN_RE.match(n).group(1)) for n in existing), default=0)
    generation = f"gen-{last + 1:06d}"
    tmp = index_dir / f".tmp-{generation}-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        tmp.mkdir()
        _write_jsonl(tmp / "documents.jsonl", (d.to_json() for d in docs))
        _write_jsonl(tmp / "chunks.jsonl", (c.to_json() for c in chunks))
        with open(tmp / "vectors.npy", "wb") as f:
            np.save(f, vectors, allow_pickle=False)
            f.flush()
            os.fsync(f.fileno())
        dense.save(tmp / "dense.faiss")
        _write_jsonl(tmp / "sentences.jsonl", (x.to_json() for x in sentences))
        with open(tmp / "sentence_vectors.npy", "wb") as f:
            np.save(f, sentence_vectors, allow_pickle=False)
            f.flush()
            os.fsync(f.fileno())
        sentence_dense.save(tmp / "sentences.faiss")
        (tmp / "bm25").mkdir()
        sparse.save(tmp / "bm25")
        files: dict[str, dict] = {}
        for p in sorted(tmp.rglob("*")):
            if p.is_file():
                _fsync_file(p)
                rel = p.relative_to(tmp).as_posix()
                files[rel] = {"sha256": sha256_file(p), "bytes": p.stat().st_size}
        _fsync_dir(tmp / "bm25")
        import bm25s
        import faiss

        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "package_version": __version__,
            "generation": generation,
            "built_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "model": {"id": model_id, "dimension": dimension, "max_seq_length": embedder.max_seq_length},
            "chunker": {**chunk_settings.to_json(), "tokenizer": TIKTOKEN_ENCODING},
            "dense": {"library": "faiss", "version": faiss.__version__, "type": dense.kind, "metric": "inner_product"},
            "sparse": {"library": "bm25s", "version": bm25s.__version__, "tokenizer_version": TOKENIZER_VERSION},
            "fusion": {"method": "reciprocal_rank_fusion"},
            "settings": settings_key,
            "corpus": {
                "fingerprint": fingerprint,
                "files": state,
                "skipped": {s.path: s.reason for s in skipped},
            },
            "counts": {"documents": len(docs), "chunks": len(chunks), "sentences": len(sentences)},
            "documents": [{"doc_id": d.doc_id, "path": d.path, "title": d.title, "date": d.date} for d in docs],
            "files": files,
        }
        _write_text(tmp / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        _fsync_dir(tmp)
        _verify_generation(tmp, model_id=model_id, dimension=dimension)  # re-read every file
        final = index_dir / generation
        os.replace(tmp, final)
        _fsync_dir(index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    try:
        write_current(index_dir, generation)
    except BaseException:
        shutil.rmtree(index_dir / generation, ignore_errors=True)
        raise
    keep = {generation}
    if previous in existing:
        keep.add(previous)  # kept for rollback
    elif existing:
        keep.add(existing[-1])
    _cleanup(index_dir, keep=keep)
    return BuildStats(
        documents=len(docs), chunks=len(chunks), embedded=len(missing), reused=len(chunks) - len(missing),
        sentences_embedded=len(todo) - len(missing),
        removed=removed, seconds=time.perf_counter() - t0, generation=generation, skipped=tuple(skipped),
    )


def _cleanup(index_dir: Path, keep: set[str]) -> None:
    """Remove generations other than ``keep`` and orphaned temporary directories."""
    for p in index_dir.iterdir():
        if (GEN_RE.match(p.name) and p.name not in keep) or p.name.startswith(".tmp-gen-"):
            try:
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p)
                else:
                    p.unlink()
            except OSError as exc:
                log.warning("could not remove %s: %s", p, exc)
        elif p.name.startswith(f".{CURRENT}.") and p.name.endswith(".tmp"):
            try:
                p.unlink()
            except OSError:
                pass
