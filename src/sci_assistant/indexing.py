"""build_index and open_index: incremental builds into write-once generations, verified opens.

Layout of an index directory (the contract; see README "Index layout")::

    index/
      CURRENT              one line: the name of the live generation ("gen-000007")
      .build.lock          held by the one build allowed at a time (filelock)
      gen-000007/          files written once, fsynced, verified, never modified
        manifest.json      its own sha256, format and package version, model id + dimension,
                           chunker and build settings, library versions, corpus fingerprint and
                           per-file hashes, row counts, and the size + sha256 of every file below
        dense.faiss        FAISS inner-product index (flat, HNSW or IVF-SQ8 by size, see
                           dense.py); row i = line i of chunks.jsonl
        vectors.npy        the same vectors as float32 (reused by the next build; no pickle)
        chunks.jsonl       one Chunk per line
        sentences.faiss    one vector per sentence unit; row i = line i of sentences.jsonl
        sentence_vectors.npy  the same vectors as float32
        sentences.jsonl    one Sentence per line (document, offsets, the chunks holding it)
        documents.jsonl    one Document per line (normalised text, sections, metadata)
        sentences.jsonl    one Sentence per line; sentence_vectors.npy and sentences.faiss hold
                           their vectors (row j = line j)
        entities.jsonl     typed spans (person, org, place, date, number, amount) per document
        bm25/              bm25s files (JSON + .npy arrays, saved with allow_pickle=False)
        encoder/           the sentence-transformers model exported to ONNX (fp32) for queries:
                           model.onnx, tokenizer.json, encoder.json (model id, tokenizer settings,
                           probe texts and the model's own vectors of them); absent when the
                           embedder can't be exported (queries then use sentence-transformers)
      gen-000006/          the generation the build started from, kept for rollback

A build embeds only what no earlier build embedded (vectors are reused by a key of model and
exact input), writes a temporary directory, fsyncs and re-reads every file against the hash of
what was meant to be written, renames it to the next generation name, then points CURRENT at it
(temp file, fsync, os.replace, fsync of the directory). A failure at any step removes the partial
generation and leaves CURRENT alone (if the failure comes after the swap, CURRENT is put back
first). One build at a time: the second fails at once with BuildLockedError, or waits up to
``lock_timeout`` seconds. Orphans of a build that was killed are removed by the next: temporary
directories and CURRENT temp files by any build, a generation CURRENT never named (or one a
killed clean-up missed) by the next successful one, even one with nothing to write.

Opening verifies before parsing: CURRENT must name a generation directory inside the index
(``gen-`` + digits, not a link); the manifest must carry its own checksum, the supported format
version, the expected model and dimension, and list every file the loaders read; each file's size
and sha256 must match before FAISS, numpy or bm25s sees it; row counts must agree afterwards.
"""

from __future__ import annotations

import datetime as _dt
import errno
import hashlib
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .build_engine import ENGINES, BuildEngine, LocalEngine, PreparedDocument, PrepareJob, needs_tags
from .chunking import TIKTOKEN_ENCODING, chunk_search_text
from .config import ChunkSettings
from .corpus import INGEST_VERSION, MAX_FILE_BYTES, corpus_file_target, iter_corpus_files, load_corpus
from .dense import DenseIndex, Rows
from .embedding import Embedder, SentenceTransformerEmbedder
from .entities import Entity, Tagger, default_tagger, tag_documents, tagger_id, text_key
from .errors import (
    REBUILD_HINT,
    BuildLockedError,
    EncoderError,
    IndexCorruptError,
    IndexMismatchError,
    IndexNotFoundError,
    InvalidRequestError,
)
from .schema import BuildStats, Chunk, Document, Sentence, SkippedFile
from .sparse import TOKENIZER_VERSION, SparseIndex

log = logging.getLogger("sci_assistant")

FORMAT = "sci-assistant-index"
FORMAT_VERSION = 2  # 2: entities.jsonl (typed spans for answers)
CURRENT = "CURRENT"
LOCK = ".build.lock"
MANIFEST = "manifest.json"
ENCODER_DIR = "encoder"
GEN_RE = re.compile(r"^gen-(\d{6,12})$")
MANIFEST_CHECKSUM = "manifest_sha256"
MAX_MANIFEST_BYTES = 512 * 1024 * 1024
MAX_CURRENT_BYTES = 256
# Files every generation holds; the loaders read these and the bm25/ files listed in the manifest.
REQUIRED_FILES = (
    "documents.jsonl",
    "chunks.jsonl",
    "vectors.npy",
    "dense.faiss",
    "sentences.jsonl",
    "sentence_vectors.npy",
    "sentences.faiss",
    "entities.jsonl",
)
# fsync on a directory is refused by some filesystems; that is not an I/O error.
_FSYNC_DIR_UNSUPPORTED = {errno.EINVAL, errno.EBADF, errno.EISDIR, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES}


# ---------------------------------------------------------------------------------------------
# Small durable-file helpers


def _fsync_dir(path: Path) -> None:
    """fsync a directory so renames in it are durable; an I/O error (EIO, ENOSPC) is raised."""
    try:
        fd = os.open(str(path), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _FSYNC_DIR_UNSUPPORTED:
            raise
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


# The writers below return the sha256 of the bytes they meant to write. A build compares it with
# the sha256 of the file read back: some writers (numpy's tofile, FAISS's fclose) can lose an
# error such as EFBIG or ENOSPC and leave a short file behind without raising.


def _write_text(path: Path, text: str) -> str:
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    return hashlib.sha256(data).hexdigest()


def _write_jsonl(path: Path, rows: Iterable[dict]) -> str:
    h = hashlib.sha256()
    with open(path, "wb") as f:
        for row in rows:
            line = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
            f.write(line)
            h.update(line)
        f.flush()
        os.fsync(f.fileno())
    return h.hexdigest()


def _write_npy(path: Path, vectors: np.ndarray | Rows) -> str:
    """The .npy file ``np.save`` writes of a float32 matrix (no pickle), through Python's file
    object; ``Rows`` are written shard by shard, never gathered into one array."""
    import io

    rows = vectors if isinstance(vectors, Rows) else Rows.of(vectors)
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header,
        {
            "descr": np.lib.format.dtype_to_descr(np.dtype(np.float32)),
            "fortran_order": False,
            "shape": (rows.n, rows.dimension),
        },
    )
    h = hashlib.sha256(header.getvalue())
    with open(path, "wb") as f:
        f.write(header.getvalue())
        for shard in rows.shards():
            data = memoryview(shard).cast("B")
            f.write(data)
            h.update(data)
        f.flush()
        os.fsync(f.fileno())
    return h.hexdigest()


def _write_faiss(index, path: Path) -> str:
    """The file ``faiss.write_index`` writes, streamed through Python's file object."""
    import faiss

    h = hashlib.sha256()
    with open(path, "wb") as f:

        def put(chunk: bytes) -> int:
            f.write(chunk)
            h.update(chunk)
            return len(chunk)

        writer = faiss.PyCallbackIOWriter(put)
        try:
            faiss.write_index(index, writer)
        finally:
            del writer
        f.flush()
        os.fsync(f.fileno())
    return h.hexdigest()


def _same_bm25(a, b) -> bool:
    """Whether two bm25s indexes hold the same vocabulary and score matrix."""
    if a.vocab_dict != b.vocab_dict or set(a.scores) != set(b.scores):
        return False
    for key, value in a.scores.items():
        other = b.scores[key]
        if isinstance(value, np.ndarray) or isinstance(other, np.ndarray):
            if not np.array_equal(np.asarray(value), np.asarray(other)):
                return False
        elif value != other:
            return False
    return True


def write_current(index_dir: Path, generation: str) -> None:
    """Atomically point CURRENT at ``generation``."""
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    try:
        _write_text(tmp, generation + "\n")
        os.replace(tmp, index_dir / CURRENT)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    _fsync_dir(index_dir)


def _read_current_raw(index_dir: Path) -> str | None:
    """CURRENT's first line (at most MAX_CURRENT_BYTES read), or None when it is missing.

    Raises IndexCorruptError when CURRENT is a link or not a regular file, or not text.
    """
    path = Path(index_dir) / CURRENT
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise IndexCorruptError(f"{CURRENT} in {index_dir} is not a regular file; {REBUILD_HINT}")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            data = f.read(MAX_CURRENT_BYTES)
    except OSError:
        return None
    try:
        return data.decode("ascii").strip()
    except UnicodeDecodeError:
        raise IndexCorruptError(f"{CURRENT} in {index_dir} is not text; {REBUILD_HINT}") from None


def read_current(index_dir: str | os.PathLike[str]) -> str | None:
    """The live generation's name, or None when CURRENT is missing, unreadable, or does not name
    a generation (``gen-`` + digits: never a path)."""
    try:
        name = _read_current_raw(Path(index_dir))
    except IndexCorruptError:
        return None
    return name if name is not None and GEN_RE.match(name) else None


def _gen_number(name: str) -> int:
    return int(GEN_RE.match(name).group(1))


def generations(index_dir: Path) -> list[str]:
    """Generation directory names, oldest first."""
    index_dir = Path(index_dir)
    if not index_dir.is_dir():
        return []
    names = [p.name for p in index_dir.iterdir() if GEN_RE.match(p.name) and p.is_dir() and not p.is_symlink()]
    return sorted(names, key=_gen_number)


# ---------------------------------------------------------------------------------------------
# Corpus state (cheap: raw-file hashes, no parsing)


def corpus_state(corpus_dir: str | os.PathLike[str]) -> dict[str, str]:
    """{relative path: sha256 of the raw bytes} for every candidate corpus file."""
    out: dict[str, str] = {}
    root = Path(corpus_dir)
    if not root.is_dir():
        return out
    real_root = root.resolve()
    for path, rel in iter_corpus_files(root):
        # Links out of the corpus, loops, FIFOs and devices are never opened (a FIFO would block,
        # a link to /dev/zero would never end); their state is the reason they are skipped.
        target = corpus_file_target(path, real_root)
        if isinstance(target, str):
            out[rel] = f"skipped: {target}"
            continue
        try:
            out[rel] = sha256_file(target)
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
    entities: list[Entity] = field(default_factory=list)  # typed spans, in document order
    derived: dict[str, Any] = field(default_factory=dict)  # caches computed from this generation only

    @property
    def model_id(self) -> str:
        return self.manifest["model"]["id"]


def manifest_checksum(manifest: dict[str, Any]) -> str:
    """sha256 of the manifest's canonical JSON (sorted keys, compact), its own checksum left out."""
    body = {k: v for k, v in manifest.items() if k != MANIFEST_CHECKSUM}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seal_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    """``manifest`` with its checksum set (what a build writes)."""
    return {**manifest, MANIFEST_CHECKSUM: manifest_checksum(manifest)}


def _verify_generation(gen_dir: Path, *, model_id: str | None, dimension: int | None) -> dict[str, Any]:
    """Check the manifest and every file's hash before anything is parsed by FAISS or numpy.

    Order: the manifest is a regular file of sane size holding JSON of this format; its format
    version is supported (checked before the checksum, which a later version may compute
    differently); its checksum matches (an edit or bit flip is corruption, so an older generation
    may be served instead); model and dimension are the expected ones (a mismatch is refused, no
    fallback); every file the loaders read is listed, inside the generation, not a link, of the
    listed size and sha256. Manifests written before the checksum existed are still accepted.
    """
    name = gen_dir.name
    if gen_dir.is_symlink() or not gen_dir.is_dir():
        raise IndexCorruptError(f"{name}: not a generation directory; {REBUILD_HINT}")
    mpath = gen_dir / MANIFEST
    try:
        mst = os.lstat(mpath)
    except OSError:
        raise IndexCorruptError(f"{name}: {MANIFEST} is missing; {REBUILD_HINT}") from None
    if not stat.S_ISREG(mst.st_mode):
        raise IndexCorruptError(f"{name}: {MANIFEST} is not a regular file; {REBUILD_HINT}")
    if mst.st_size > MAX_MANIFEST_BYTES:
        raise IndexCorruptError(f"{name}: {MANIFEST} is implausibly large ({mst.st_size:,} bytes); {REBUILD_HINT}")
    try:
        manifest = json.loads(mpath.read_bytes().decode("utf-8"))
        assert isinstance(manifest, dict)
    except Exception:
        raise IndexCorruptError(f"{name}: {MANIFEST} is not valid JSON; {REBUILD_HINT}") from None
    if manifest.get("format") != FORMAT:
        raise IndexCorruptError(f"{name}: not a sci-assistant index; {REBUILD_HINT}")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        shown = repr(version) if isinstance(version, int) or version is None else repr(str(version)[:40])
        raise IndexMismatchError(
            f"index format version {shown} is not the supported version {FORMAT_VERSION}; {REBUILD_HINT}"
        )
    sealed = manifest.get(MANIFEST_CHECKSUM)
    if sealed is not None and sealed != manifest_checksum(manifest):
        raise IndexCorruptError(f"{name}: {MANIFEST} does not match its checksum (altered); {REBUILD_HINT}")
    model = manifest.get("model")
    if not isinstance(model, dict) or not isinstance(model.get("dimension"), int):
        raise IndexCorruptError(f"{name}: the manifest names no model and dimension; {REBUILD_HINT}")
    if model_id is not None and model.get("id") != model_id:
        raise IndexMismatchError(
            f"the index was built with model {str(model.get('id'))[:200]!r}, not {model_id!r}; {REBUILD_HINT} "
            "with the model you want to use"
        )
    if dimension is not None and model.get("dimension") != dimension:
        raise IndexMismatchError(
            f"the index has dimension {model.get('dimension')!r} but the model produces {dimension}; {REBUILD_HINT}"
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or not files or not all(isinstance(m, dict) for m in files.values()):
        raise IndexCorruptError(f"{name}: the manifest lists no files; {REBUILD_HINT}")
    missing = [f for f in REQUIRED_FILES if f not in files]
    if not any(f.startswith("bm25/") for f in files):
        missing.append("bm25/")
    if missing:
        raise IndexCorruptError(f"{name}: the manifest does not list {', '.join(missing)}; {REBUILD_HINT}")
    real_gen = gen_dir.resolve()
    for p in gen_dir.rglob("*"):
        rel = p.relative_to(gen_dir).as_posix()
        if p.is_symlink():
            raise IndexCorruptError(f"{name}: {rel[:200]!r} is a link; {REBUILD_HINT}")
        if rel.startswith(("bm25/", f"{ENCODER_DIR}/")) and p.is_file() and rel not in files:
            raise IndexCorruptError(f"{name}: {rel[:200]!r} is not listed in the manifest; {REBUILD_HINT}")
    for rel, meta in files.items():
        p = gen_dir / rel
        if (
            not isinstance(rel, str)
            or ".." in Path(rel).parts
            or Path(rel).is_absolute()
            or not p.resolve().is_relative_to(real_gen)
        ):
            raise IndexCorruptError(f"{name}: manifest names a path outside the index: {str(rel)[:200]!r}")
        try:
            st = os.lstat(p)
        except OSError:
            raise IndexCorruptError(f"{name}: {rel} is missing; {REBUILD_HINT}") from None
        if not stat.S_ISREG(st.st_mode):
            raise IndexCorruptError(f"{name}: {rel} is not a regular file; {REBUILD_HINT}")
        if st.st_size != meta.get("bytes"):
            raise IndexCorruptError(
                f"{name}: {rel} has {st.st_size} bytes, expected {meta.get('bytes')} "
                f"(truncated or altered); {REBUILD_HINT}"
            )
        if sha256_file(p) != meta.get("sha256"):
            raise IndexCorruptError(f"{name}: {rel} does not match its sha256 (altered); {REBUILD_HINT}")
    return manifest


def _npy_shape(path: Path) -> tuple[tuple[int, ...], np.dtype]:
    """Shape and dtype of a .npy file from its header (the data is not read)."""
    arr = np.load(path, mmap_mode="r", allow_pickle=False)
    return arr.shape, arr.dtype


def _load_generation(gen_dir: Path, *, model_id: str | None, dimension: int | None) -> LoadedIndex:
    manifest = _verify_generation(gen_dir, model_id=model_id, dimension=dimension)
    try:
        docs = [
            Document.from_json(json.loads(line))
            for line in (gen_dir / "documents.jsonl").read_text(encoding="utf-8").splitlines()
            if line
        ]
        chunks = [
            Chunk.from_json(json.loads(line))
            for line in (gen_dir / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
            if line
        ]
        vectors_shape, vectors_dtype = _npy_shape(gen_dir / "vectors.npy")
        dense = DenseIndex.load(gen_dir / "dense.faiss")
        sparse = SparseIndex.load(gen_dir / "bm25")
        sentences = [
            Sentence.from_json(json.loads(line))
            for line in (gen_dir / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
            if line
        ]
        sentence_vectors = np.load(gen_dir / "sentence_vectors.npy", allow_pickle=False)
        sentence_dense = DenseIndex.load(gen_dir / "sentences.faiss")
        entities = [
            Entity.from_json(json.loads(line))
            for line in (gen_dir / "entities.jsonl").read_text(encoding="utf-8").splitlines()
            if line
        ]
    except Exception as exc:
        raise IndexCorruptError(f"{gen_dir.name}: could not be read ({exc}); {REBUILD_HINT}") from exc
    counts = manifest.get("counts", {})
    n = len(chunks)
    dim = manifest["model"]["dimension"]
    if not (dense.size == n == sparse.size == counts.get("chunks") == vectors_shape[0]) or len(docs) != counts.get(
        "documents"
    ):
        raise IndexCorruptError(
            f"{gen_dir.name}: row counts disagree (vectors {dense.size}, chunks {n}, bm25 {sparse.size}, "
            f"vectors.npy {vectors_shape[0] if vectors_shape else '?'}, manifest {counts.get('chunks')}; "
            f"documents {len(docs)}, manifest {counts.get('documents')}); {REBUILD_HINT}"
        )
    if not (len(sentences) == sentence_dense.size == len(sentence_vectors) == counts.get("sentences")):
        raise IndexCorruptError(
            f"{gen_dir.name}: sentence counts disagree (vectors {sentence_dense.size}, rows {len(sentences)}, "
            f"manifest {counts.get('sentences')}); {REBUILD_HINT}"
        )
    if (
        dense.dimension != dim
        or sentence_dense.dimension != dim
        or vectors_shape[1:] != (dim,)
        or sentence_vectors.shape[1:] != (dim,)
        or vectors_dtype != np.float32
    ):
        raise IndexMismatchError(
            f"{gen_dir.name}: vector dimensions (FAISS {dense.dimension}, sentences {sentence_dense.dimension}, "
            f"vectors.npy {vectors_shape[1:]}) do not match the manifest's {dim}; {REBUILD_HINT}"
        )
    by_id = {d.doc_id: d for d in docs}
    if len(by_id) != len(docs) or any(c.doc_id not in by_id for c in chunks):
        raise IndexCorruptError(f"{gen_dir.name}: chunks and documents do not match; {REBUILD_HINT}")
    if any(e.doc_id not in by_id or not 0 <= e.start < e.end <= len(by_id[e.doc_id].text) for e in entities):
        raise IndexCorruptError(f"{gen_dir.name}: entity spans and documents do not match; {REBUILD_HINT}")
    return LoadedIndex(
        gen_dir,
        gen_dir.name,
        manifest,
        by_id,
        chunks,
        dense,
        sparse,
        sentences,
        sentence_vectors,
        sentence_dense,
        entities,
    )


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
    if not index_dir.is_dir() or (not os.path.lexists(index_dir / CURRENT) and not generations(index_dir)):
        raise IndexNotFoundError(f"no index at {index_dir}; {REBUILD_HINT}")
    first_error: Exception | None = None
    try:
        current = _read_current_raw(index_dir)
    except IndexCorruptError as exc:
        current, first_error = None, exc
    if current is None and first_error is None:
        first_error = IndexCorruptError(f"{CURRENT} is missing from {index_dir}; {REBUILD_HINT}")
    elif current is not None:
        gen_dir = index_dir / current
        if GEN_RE.match(current) and gen_dir.is_dir() and not gen_dir.is_symlink():
            try:
                return _load_generation(gen_dir, model_id=model_id, dimension=dimension)
            except IndexMismatchError:
                raise
            except IndexCorruptError as exc:
                first_error = exc
        else:
            shown = current[:80] if current.isprintable() else repr(current[:80])
            first_error = IndexCorruptError(
                f"{CURRENT} names {shown!r}, which is not a generation in {index_dir}; {REBUILD_HINT}"
            )
    for name in reversed(generations(index_dir)):
        if name == current:
            continue
        try:
            loaded = _load_generation(index_dir / name, model_id=model_id, dimension=dimension)
        except (IndexCorruptError, IndexMismatchError):
            continue
        log.warning("%s; serving the previous generation %s instead", first_error, name)
        return loaded
    raise first_error


# ---------------------------------------------------------------------------------------------
# Building


def _settings_key(
    model_id: str, dimension: int, chunking: ChunkSettings, dense_kind: str | None, query_encoder: int | None = None
) -> dict:
    return {
        "model": model_id,
        "dimension": dimension,
        "chunker": chunking.to_json(),
        "tokenizer_version": TOKENIZER_VERSION,
        "format_version": FORMAT_VERSION,
        # Documents gained fields (published, event, place, copy_of, publisher) without a format
        # change: an older index still loads (the fields read as None) but is rebuilt by the next
        # build, which reuses its vectors wherever the chunk text is unchanged.
        "ingest_version": INGEST_VERSION,
        "dense_kind": dense_kind,
        # The ONNX export's version when the embedder can be exported: an index built before it
        # existed is rebuilt once (every vector reused) to gain the fast query encoder.
        "query_encoder": query_encoder,
    }


def _previous_vectors(
    index_dir: Path, model_id: str, dimension: int, tagger: Tagger
) -> tuple[dict[str, np.ndarray], dict | None, int, list[str], str | None, dict[str, list]]:
    """Embedding cache from the live generation: {key: vector}, its manifest, chunk count, chunk
    keys, the name of that (verified) generation, and its entity tags by document text key."""
    try:
        prev = open_index(index_dir, model_id=model_id, dimension=dimension)
    except Exception as exc:  # no, foreign or broken index: nothing to reuse
        log.info("no reusable index (%s)", exc)
        return {}, None, 0, [], None, {}
    tags: dict[str, list] = {}
    if prev.manifest.get("entities", {}).get("tagger") == tagger_id(tagger):
        by_doc: dict[str, list] = {d: [] for d in prev.documents}
        for e in prev.entities:
            by_doc[e.doc_id].append((e.start, e.end, e.type))
        tags = {text_key(prev.documents[d].text, tagger): spans for d, spans in by_doc.items()}
    try:
        vectors = np.load(prev.path / "vectors.npy", allow_pickle=False)
    except Exception:
        return {}, prev.manifest, len(prev.chunks), [], prev.generation, tags
    cache = {}
    if len(vectors) == len(prev.chunks):
        for c, v in zip(prev.chunks, vectors):
            if c.key:
                cache[c.key] = v
    for sent, v in zip(prev.sentences, prev.sentence_vectors):
        if sent.key:
            cache[sent.key] = v
    return cache, prev.manifest, len(prev.chunks), [c.key for c in prev.chunks], prev.generation, tags


def _cached_rows(cache: dict[str, np.ndarray], keys: list[str], dimension: int) -> Rows:
    """Row i = the cached vector of ``keys[i]``."""

    def take(ids: np.ndarray | slice) -> np.ndarray:
        picked = keys[ids] if isinstance(ids, slice) else [keys[i] for i in ids]
        return np.stack([cache[k] for k in picked]) if picked else np.zeros((0, dimension), np.float32)

    return Rows(len(keys), dimension, take)


def _live_manifest(index_dir: Path, model_id: str, dimension: int) -> tuple[str | None, dict | None]:
    """The live generation's name and manifest, its files verified (not parsed); (None, None)
    when there is none or it does not verify."""
    current = read_current(index_dir)
    if current is None:
        return None, None
    try:
        return current, _verify_generation(index_dir / current, model_id=model_id, dimension=dimension)
    except (IndexCorruptError, IndexMismatchError):
        return None, None


def _write_encoder(
    directory: Path, embedder: Embedder, prev_manifest: dict | None, prev_dir: Path | None
) -> tuple[dict | None, dict[str, str]]:
    """Put the query encoder (ONNX export) into a new generation: copied from the previous
    generation ``prev_dir`` when that one holds an export of the same model and version, else
    exported and checked against ``embedder``.

    Returns:
        The manifest's ``encoder`` section, or None (with a warning naming why) when there is no
        export, so queries use sentence-transformers; and the sha256 each written file must have.
    """
    from .onnx_embedding import ENCODER_FILES, ENCODER_VERSION, copy_encoder, export_encoder

    rels = [f"{ENCODER_DIR}/{name}" for name in ENCODER_FILES]
    prev = (prev_manifest or {}).get("encoder") or {}
    prev_files = (prev_manifest or {}).get("files", {})
    try:
        if (
            prev_dir is not None
            and prev.get("version") == ENCODER_VERSION
            and prev.get("model") == embedder.model_id
            and all(rel in prev_files for rel in rels)
        ):
            # That generation's files were verified (size and sha256) when this build opened it.
            copy_encoder(prev_dir / ENCODER_DIR, directory)
            exported_with = prev.get("exported_with", {})
            expected = {rel: prev_files[rel]["sha256"] for rel in rels}
        else:
            export = export_encoder(embedder, directory)
            exported_with = export.spec.exported_with
            expected = {f"{ENCODER_DIR}/{name}": digest for name, digest in export.sha256.items()}
    except (EncoderError, OSError) as exc:
        log.warning("no ONNX query encoder in this generation (%s); queries will use sentence-transformers", exc)
        shutil.rmtree(directory, ignore_errors=True)
        return None, {}
    section = {
        "path": ENCODER_DIR,
        "runtime": "onnxruntime",
        "version": ENCODER_VERSION,
        "model": embedder.model_id,
        "files": rels,
        "exported_with": exported_with,
    }
    return section, expected


def _build_encoder(directory: Path) -> Embedder | None:
    """The ONNX encoder in ``directory`` on every core, checked on its probes; None (with a
    warning) when it can't be used, so the build embeds with sentence-transformers.

    The probes longer than the model's window are skipped here (a padded batch of four full
    windows, ~0.2 s on one core): the files were checked on them when exported, and a copied
    export is byte for byte (sha256) the one checked then.
    """
    from .onnx_embedding import OnnxEmbedder

    try:
        encoder = OnnxEmbedder(directory, threads=max(1, os.cpu_count() or 1))
        encoder.verify(truncation=False)
    except EncoderError as exc:
        log.warning("embedding with sentence-transformers: %s", exc)
        return None
    return encoder


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
    tagger: Tagger | None = None,
    engine: str | BuildEngine = "local",
    address: str | None = None,
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
        tagger: finds typed spans (people, places, dates…) for answers; default: spaCy's small
            English model when installed. Tags of unchanged documents are reused.
        engine: where chunking, tagging and embedding run: "local" (this process), "ray" (a Ray
            cluster; needs ``pip install 'sci-assistant[cluster]'``) or a BuildEngine. Whatever
            runs them, this function alone decides what to embed and writes the generation.
        address: with engine="ray", the cluster ("auto", "ray://host:10001"); default: a local
            Ray started for this build.

    Returns:
        BuildStats: documents, chunks, embedded, reused, sentences_embedded, removed, seconds,
        the generation written (or the live one when ``unchanged``), and the skipped files.

    Raises:
        EmptyCorpusError: no readable document (the existing index is left untouched).
        BuildLockedError: another build is running.
        InvalidRequestError: an unknown engine, or an address without engine="ray".
        ClusterError: the Ray engine is not installed, or the cluster failed (the live
            generation keeps serving).

    >>> stats = build_index("corpus", "index")          # doctest: +SKIP
    >>> stats.embedded, stats.reused                     # doctest: +SKIP
    (0, 42)
    """
    from filelock import FileLock, Timeout

    t0 = time.perf_counter()
    index_dir = Path(index_dir)
    chunking = chunking or ChunkSettings()
    engine = _engine(engine, address)  # before the lock: a missing extra is reported at once
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
        _remove_orphans(index_dir)  # left by a build that was killed; none can be running now
        # Outside the index: files the generation copies (the ONNX export before it has a home).
        with tempfile.TemporaryDirectory(prefix="sci-assistant-build-") as scratch:
            return _build_locked(
                Path(corpus_dir),
                index_dir,
                embedder or SentenceTransformerEmbedder(model),
                scratch=Path(scratch),
                full=full,
                chunking=chunking,
                dense_kind=dense_kind,
                progress=progress,
                max_file_bytes=max_file_bytes,
                t0=t0,
                tagger=tagger or default_tagger(),
                engine=engine,
            )
    finally:
        lock.release()


def _engine(engine: str | BuildEngine, address: str | None) -> BuildEngine:
    """The engine named by ``engine`` (a BuildEngine passes through)."""
    if not isinstance(engine, str):
        if address is not None:
            raise InvalidRequestError("address is for engine='ray'; pass it to the engine you built instead")
        return engine
    if engine not in ENGINES:
        raise InvalidRequestError(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if engine == "local":
        if address is not None:
            raise InvalidRequestError(f"address is only used with engine='ray', got address={address!r}")
        return LocalEngine()
    from .cluster import RayEngine

    return RayEngine(address=address)


def _build_locked(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    *,
    scratch: Path,
    full: bool,
    chunking: ChunkSettings,
    dense_kind: str | None,
    progress: bool,
    max_file_bytes: int,
    t0: float,
    tagger: Tagger,
    engine: BuildEngine,
) -> BuildStats:
    docs, skipped = load_corpus(corpus_dir, max_bytes=max_file_bytes)  # EmptyCorpusError: untouched
    state = corpus_state(corpus_dir)
    fingerprint = corpus_fingerprint(state)
    model_id, dimension = embedder.model_id, embedder.dimension
    max_model = min(chunking.max_model_tokens, embedder.max_seq_length)
    from .onnx_embedding import ENCODER_VERSION, can_export

    exportable = can_export(embedder)
    settings_key = _settings_key(model_id, dimension, chunking, dense_kind, ENCODER_VERSION if exportable else None)

    cache, prev_manifest, prev_count, prev_chunk_keys, verified_previous, tag_cache = (
        ({}, None, 0, [], None, {}) if full else _previous_vectors(index_dir, model_id, dimension, tagger)
    )
    moved = prev_manifest is not None and prev_manifest.get("corpus", {}).get("root") != os.path.abspath(corpus_dir)
    if (
        prev_manifest is not None
        and verified_previous is not None
        and verified_previous == read_current(index_dir)  # else CURRENT is broken: write a new one
        and prev_manifest.get("corpus", {}).get("fingerprint") == fingerprint
        and prev_manifest.get("settings") == settings_key
        and prev_manifest.get("entities", {}).get("tagger") == tagger_id(tagger)
        # The same files read from another folder: a new generation records where they are now
        # (citations resolve file offsets there), reusing every vector and tag.
        and not moved
    ):
        # Nothing to write; but a killed build may have left a generation CURRENT never named
        # (renamed, not swapped) or one its clean-up did not reach. Keep what a full build keeps.
        _cleanup(index_dir, keep=_live_and_rollback(index_dir, verified_previous))
        return BuildStats(
            documents=len(docs),
            chunks=prev_count,
            embedded=0,
            reused=prev_count,
            removed=0,
            seconds=time.perf_counter() - t0,
            generation=read_current(index_dir) or "",
            skipped=tuple(skipped),
            unchanged=True,
        )

    if moved and prev_manifest.get("corpus", {}).get("fingerprint") == fingerprint:
        log.info(
            "the corpus is unchanged but read from %s (built from %s): recording the new folder",
            os.path.abspath(corpus_dir),
            prev_manifest.get("corpus", {}).get("root"),
        )
    chunk_settings = ChunkSettings(chunking.max_tokens, chunking.overlap_tokens, max_model)
    chunks: list[Chunk] = []
    inputs: list[str] = []
    sentences: list[Sentence] = []
    sentence_inputs: list[str] = []
    kept_docs: list[Document] = []
    # Each document is chunked, and tagged unless its text was tagged before, in one pass.
    to_tag = needs_tags(docs, tagger, tag_cache)
    tag_cache = dict(tag_cache)
    for prepared in engine.prepare(docs, to_tag, PrepareJob(chunk_settings, model_id, embedder, tagger)):
        if isinstance(prepared, SkippedFile):
            log.warning("skipping %r: %s", prepared.path, prepared.reason)
            skipped.append(prepared)
            continue
        assert isinstance(prepared, PreparedDocument)
        kept_docs.append(prepared.doc)
        if prepared.tags is not None:
            tag_cache[text_key(prepared.doc.text, tagger)] = list(prepared.tags)
        sentences.extend(prepared.sentences_from(len(chunks)))  # rows of this document's chunks
        chunks.extend(prepared.chunks)
        inputs.extend(prepared.inputs)
        sentence_inputs.extend(prepared.sentence_inputs)
    docs = kept_docs
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
    # The query encoder is put together first; when there is something to embed locally, it
    # embeds it: the same vectors (cosine ≥ 0.99999) for about 60 % of sentence-transformers' CPU
    # time (benchmarks/NOTES.md, "Build encoding"). A cluster engine ships its own model recipe.
    encoder, encoder_hashes, build_embedder = None, {}, embedder
    if exportable:
        encoder_from, encoder_manifest = verified_previous, prev_manifest
        if full:  # nothing else is reused, but the export of the same model still is
            encoder_from, encoder_manifest = _live_manifest(index_dir, model_id, dimension)
        encoder, encoder_hashes = _write_encoder(
            scratch / ENCODER_DIR, embedder, encoder_manifest, index_dir / encoder_from if encoder_from else None
        )
        if encoder is not None and todo and engine.name == "local":
            build_embedder = _build_encoder(scratch / ENCODER_DIR) or embedder
    # Only texts no earlier generation embedded leave this process (for the Ray engine: the cluster).
    fresh = engine.embed(build_embedder, [all_inputs[i] for i in todo.values()], progress=progress)
    if fresh.shape != (len(todo), dimension):
        raise ValueError(
            f"the {engine.name} engine returned vectors of shape {fresh.shape}, expected {(len(todo), dimension)}"
        )
    cache.update(zip(todo.keys(), fresh))
    # Rows of the generation, fetched from the cache shard by shard: FAISS and the .npy files are
    # written without a second full copy of the vectors.
    vectors = _cached_rows(cache, keys[: len(chunks)], dimension)
    sentence_vectors = _cached_rows(cache, keys[len(chunks) :], dimension)
    missing = [i for i, c in enumerate(chunks) if todo.get(c.key) == i]
    new_keys = set(keys)
    removed = sum(1 for c_key in (prev_chunk_keys or ()) if c_key not in new_keys)

    dense = DenseIndex.build(vectors, dense_kind)
    sentence_dense = DenseIndex.build(sentence_vectors, dense_kind)
    by_id = {d.doc_id: d for d in docs}
    # BM25 also sees the contextual header (title, meeting, section) of each chunk.
    sparse = SparseIndex.build([chunk_search_text(by_id[c.doc_id], c) for c in chunks])
    # Every kept document's tags are in the cache now: tag_documents only puts them in order.
    entities, _ = tag_documents(docs, tagger, tag_cache)

    existing = generations(index_dir)
    previous = read_current(index_dir)
    previous_raw = _current_bytes(index_dir)  # restored as-is if the swap has to be undone
    last = max((_gen_number(n) for n in existing), default=0)
    generation = f"gen-{last + 1:06d}"
    tmp = index_dir / f".tmp-{generation}-{os.getpid()}"
    final = index_dir / generation
    if tmp.exists():
        shutil.rmtree(tmp)
    renamed = False
    try:
        tmp.mkdir()
        written = {
            "documents.jsonl": _write_jsonl(tmp / "documents.jsonl", (d.to_json() for d in docs)),
            "chunks.jsonl": _write_jsonl(tmp / "chunks.jsonl", (c.to_json() for c in chunks)),
            "vectors.npy": _write_npy(tmp / "vectors.npy", vectors),
            "dense.faiss": _write_faiss(dense.index, tmp / "dense.faiss"),
            "sentences.jsonl": _write_jsonl(tmp / "sentences.jsonl", (x.to_json() for x in sentences)),
            "sentence_vectors.npy": _write_npy(tmp / "sentence_vectors.npy", sentence_vectors),
            "sentences.faiss": _write_faiss(sentence_dense.index, tmp / "sentences.faiss"),
            "entities.jsonl": _write_jsonl(tmp / "entities.jsonl", (e.to_json() for e in entities)),
        }
        (tmp / "bm25").mkdir()
        sparse.save(tmp / "bm25")
        if encoder is not None:
            from .onnx_embedding import copy_encoder

            copy_encoder(scratch / ENCODER_DIR, tmp / ENCODER_DIR)
            written.update(encoder_hashes)
        files: dict[str, dict] = {}
        for p in sorted(tmp.rglob("*")):
            if p.is_file():
                _fsync_file(p)
                rel = p.relative_to(tmp).as_posix()
                files[rel] = {"sha256": sha256_file(p), "bytes": p.stat().st_size}
        _fsync_dir(tmp / "bm25")
        # Verified by re-reading: each file as read back is what was meant to be written.
        for rel, digest in written.items():
            if files.get(rel, {}).get("sha256") != digest:
                raise OSError(errno.EIO, f"{rel} was not written completely (read back differs)")
        try:
            same = _same_bm25(SparseIndex.load(tmp / "bm25").bm25, sparse.bm25)
        except Exception as exc:  # a short .npy or JSON file: numpy and json refuse it
            raise OSError(errno.EIO, f"bm25/ was not written completely ({str(exc)[:200]})") from exc
        if not same:
            raise OSError(errno.EIO, "bm25/ was not written completely (read back differs)")
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
            "entities": {"tagger": tagger_id(tagger), "count": len(entities)},
            "encoder": encoder,
            "settings": settings_key,
            "corpus": {
                # the folder built from, so a reader without one can still cite offsets in its files
                "root": os.path.abspath(corpus_dir),
                "fingerprint": fingerprint,
                "files": state,
                "skipped": {s.path: s.reason for s in skipped},
            },
            "counts": {"documents": len(docs), "chunks": len(chunks), "sentences": len(sentences)},
            "documents": [
                {
                    "doc_id": d.doc_id,
                    "path": d.path,
                    "title": d.title,
                    "date": d.date,
                    "published": d.published,
                    "event": d.event,
                    "copy_of": d.copy_of,
                }
                for d in docs
            ],
            "files": files,
        }
        manifest = seal_manifest(manifest)
        _write_text(tmp / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        _fsync_dir(tmp)
        _verify_generation(tmp, model_id=model_id, dimension=dimension)  # re-read every file
        os.replace(tmp, final)
        renamed = True
        _fsync_dir(index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if renamed:
            shutil.rmtree(final, ignore_errors=True)  # CURRENT has not named it: nobody reads it
        raise
    try:
        write_current(index_dir, generation)
    except BaseException:
        if _restore_current(index_dir, generation, previous_raw):
            shutil.rmtree(final, ignore_errors=True)
        raise
    # Kept for rollback: the generation this build started from, if it was valid (a corrupt
    # CURRENT is not worth keeping), else what CURRENT named, else the newest other one.
    keep = {generation}
    if verified_previous in existing:
        keep.add(verified_previous)
    elif previous in existing:
        keep.add(previous)
    elif existing:
        keep.add(existing[-1])
    _cleanup(index_dir, keep=keep)
    return BuildStats(
        documents=len(docs),
        chunks=len(chunks),
        embedded=len(missing),
        reused=len(chunks) - len(missing),
        sentences_embedded=len(todo) - len(missing),
        removed=removed,
        seconds=time.perf_counter() - t0,
        generation=generation,
        skipped=tuple(skipped),
    )


def _current_bytes(index_dir: Path) -> bytes | None:
    """CURRENT's raw content (None when there is none), to put back if a swap fails half-way."""
    try:
        if not stat.S_ISREG(os.lstat(index_dir / CURRENT).st_mode):
            return None
        with open(index_dir / CURRENT, "rb") as f:
            return f.read(MAX_CURRENT_BYTES)
    except OSError:
        return None


def _restore_current(index_dir: Path, generation: str, before: bytes | None) -> bool:
    """After a failed swap to ``generation``: make CURRENT what it was. True when CURRENT does not
    name ``generation`` afterwards (so that generation may be deleted)."""
    if read_current(index_dir) != generation:
        return True  # the swap never happened
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.restore.tmp"
    try:
        if before is None:
            os.unlink(index_dir / CURRENT)
        else:
            # Not fsynced: the fsync is what failed. Both values name a complete generation.
            with open(tmp, "wb") as f:
                f.write(before)
            os.replace(tmp, index_dir / CURRENT)
        try:
            _fsync_dir(index_dir)
        except OSError:
            pass
    except OSError as exc:
        log.error(
            "could not restore %s after a failed swap (%s); it names %s, which is complete and verified",
            CURRENT,
            exc,
            generation,
        )
        try:
            tmp.unlink()
        except OSError:
            pass
        return False
    return True


def _remove(p: Path) -> None:
    """Delete a file or a real directory (never following a link); log what can't be removed."""
    try:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()
    except OSError as exc:
        log.warning("could not remove %s: %s", p, exc)


def _is_orphan(name: str) -> bool:
    return name.startswith(".tmp-gen-") or (name.startswith(f".{CURRENT}.") and name.endswith(".tmp"))


def _remove_orphans(index_dir: Path) -> None:
    """Remove temporary directories and CURRENT temp files of builds that did not finish."""
    for p in index_dir.iterdir():
        if _is_orphan(p.name):
            _remove(p)


def _live_and_rollback(index_dir: Path, live: str) -> set[str]:
    """``live`` and the generation to roll back to: the newest one older than it, else (CURRENT
    was pointed back by hand) the newest other one."""
    others = [g for g in generations(index_dir) if g != live]
    older = [g for g in others if _gen_number(g) < _gen_number(live)]
    return {live, *(older or others)[-1:]}


def _cleanup(index_dir: Path, keep: set[str]) -> None:
    """Remove generations other than ``keep`` and orphaned temporary files."""
    for p in index_dir.iterdir():
        if (GEN_RE.match(p.name) and p.name not in keep) or _is_orphan(p.name):
            _remove(p)
