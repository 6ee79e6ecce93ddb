"""Index builds: layout, incremental reuse, atomic generations, verified opens, locking."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from sci_assistant.assistant import Assistant, index_is_stale
from sci_assistant.errors import (
    BuildLockedError,
    EmptyCorpusError,
    IndexCorruptError,
    IndexMismatchError,
    IndexNotFoundError,
)
from sci_assistant.indexing import CURRENT, FORMAT_VERSION, build_index, generations, open_index, read_current

from .conftest import FakeEmbedder, write_tiny_corpus


def _build(corpus: Path, index: Path, emb=None, **kw):
    return build_index(corpus, index, embedder=emb or FakeEmbedder(), **kw)


def test_layout_and_manifest(tiny_corpus: Path, tmp_path: Path) -> None:
    idx = tmp_path / "index"
    stats = _build(tiny_corpus, idx)
    assert stats.documents == 3 and stats.chunks > 0 and stats.embedded == stats.chunks and stats.reused == 0
    gen = read_current(idx)
    assert gen == stats.generation == "gen-000001"
    files = {p.relative_to(idx / gen).as_posix() for p in (idx / gen).rglob("*") if p.is_file()}
    assert {"manifest.json", "dense.faiss", "vectors.npy", "chunks.jsonl", "documents.jsonl"} <= files
    assert any(f.startswith("bm25/") for f in files)
    m = json.loads((idx / gen / "manifest.json").read_text())
    assert m["format_version"] == FORMAT_VERSION
    assert m["model"] == {"id": "fake:hashing-64", "dimension": 64, "max_seq_length": 256}
    assert m["counts"]["chunks"] == stats.chunks and len(m["corpus"]["files"]) == 3
    assert set(m["files"]) == files - {"manifest.json"}
    chunks = [json.loads(line) for line in (idx / gen / "chunks.jsonl").read_text().splitlines()]
    assert len(chunks) == stats.chunks  # row i of FAISS = line i


def test_no_pickle_anywhere(tiny_corpus: Path, tmp_path: Path) -> None:
    idx = tmp_path / "index"
    _build(tiny_corpus, idx)
    for p in idx.rglob("*"):
        if p.is_file():
            head = p.read_bytes()[:2]
            assert head not in (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05"), p
            assert p.suffix not in (".pkl", ".pickle")
            if p.suffix == ".npy":
                np.load(p, allow_pickle=False)  # raises if an object array needed pickle


def test_incremental_rebuilds(tiny_corpus: Path, tmp_path: Path) -> None:
    idx = tmp_path / "index"
    emb = FakeEmbedder()
    first = _build(tiny_corpus, idx, emb)
    again = _build(tiny_corpus, idx, emb)
    assert again.embedded == 0 and again.reused == first.chunks and again.unchanged

    # Edit one release: only its chunks are embedded again.
    a = Assistant.load(idx, embedder=emb)
    beta_chunks = [c for c in a._snap.index.chunks if c.doc_id == "beta-release"]
    p = tiny_corpus / "beta-release.txt"
    p.write_text(p.read_text().replace("12 corridors", "13 corridors"), encoding="utf-8")
    edited = _build(tiny_corpus, idx, emb)
    assert 0 < edited.embedded <= len(beta_chunks)
    assert edited.reused == edited.chunks - edited.embedded
    assert read_current(idx) == "gen-000002"

    # Delete a release: its chunks disappear from results.
    (tiny_corpus / "gamma.html").unlink()
    removed = _build(tiny_corpus, idx, emb)
    assert removed.embedded == 0 and removed.removed > 0 and removed.documents == 2
    a = Assistant.load(idx, embedder=emb)
    assert all(h.doc_id != "gamma" for h in a.search("library robots shelf", k=10))
    assert generations(idx) == ["gen-000002", "gen-000003"]  # the previous one is kept for rollback

    full = _build(tiny_corpus, idx, emb, full=True)
    assert full.embedded == full.chunks


def test_empty_corpus_leaves_the_index_untouched(tiny_corpus: Path, tmp_path: Path) -> None:
    idx = tmp_path / "index"
    _build(tiny_corpus, idx)
    before = {p: p.read_bytes() for p in idx.rglob("*") if p.is_file()}
    for f in tiny_corpus.iterdir():
        f.write_bytes(b"")
    with pytest.raises(EmptyCorpusError):
        _build(tiny_corpus, idx)
    after = {p: p.read_bytes() for p in idx.rglob("*") if p.is_file()}
    assert before == after


def test_second_build_fails_fast(tiny_corpus: Path, tmp_path: Path) -> None:
    from filelock import FileLock

    idx = tmp_path / "index"
    idx.mkdir()
    with FileLock(str(idx / ".build.lock")):
        with pytest.raises(BuildLockedError, match="another build is running"):
            _build(tiny_corpus, idx)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """The tiny corpus built once for this module; tests copy it before damaging it."""
    base = tmp_path_factory.mktemp("built-once")
    _build(write_tiny_corpus(base / "corpus"), base / "index")
    return base / "index"


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete", "junk"])
@pytest.mark.parametrize(
    "name", ["dense.faiss", "chunks.jsonl", "documents.jsonl", "vectors.npy", "bm25/vocab.index.json"]
)
def test_corruption_is_detected(built_once: Path, tmp_path: Path, damage: str, name: str) -> None:
    idx = tmp_path / "index"
    shutil.copytree(built_once, idx)
    p = idx / read_current(idx) / name
    data = p.read_bytes()
    if damage == "truncate":
        p.write_bytes(data[:-7])
    elif damage == "flip":
        b = bytearray(data)
        b[len(b) // 2] ^= 0x01
        p.write_bytes(bytes(b))
    elif damage == "delete":
        p.unlink()
    else:
        p.write_bytes(b"\x80\x04junk" + data[6:])
    with pytest.raises(IndexCorruptError, match="sci-assistant build"):
        open_index(idx)


def test_corrupt_current_falls_back_to_previous_generation(tiny_corpus: Path, tmp_path: Path, caplog) -> None:
    idx = tmp_path / "index"
    emb = FakeEmbedder()
    _build(tiny_corpus, idx, emb)
    (tiny_corpus / "beta-release.txt").write_text("Beta Port news. Nothing else.", encoding="utf-8")
    _build(tiny_corpus, idx, emb)
    (idx / "gen-000002" / "dense.faiss").write_bytes(b"junk")
    loaded = open_index(idx)
    assert loaded.generation == "gen-000001"
    assert "serving the previous generation" in caplog.text


def test_current_may_not_escape(tiny_corpus: Path, tmp_path: Path) -> None:
    idx = tmp_path / "index"
    _build(tiny_corpus, idx)
    (idx / "gen-000001").rename(idx / "elsewhere")
    (idx / CURRENT).write_text("../elsewhere\n")
    with pytest.raises(IndexCorruptError, match="not a generation"):
        open_index(idx)


def test_missing_index_and_mismatches(tiny_corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError, match="sci-assistant build"):
        Assistant.load(tmp_path / "nothing", embedder=FakeEmbedder())
    idx = tmp_path / "index"
    _build(tiny_corpus, idx)

    class OtherModel(FakeEmbedder):
        model_id = "fake:other"

    with pytest.raises(IndexMismatchError, match="built with model 'fake:hashing-64'"):
        Assistant.load(idx, embedder=OtherModel())
    m = idx / read_current(idx) / "manifest.json"
    data = json.loads(m.read_text())
    data["format_version"] = 99
    m.write_text(json.dumps(data))
    with pytest.raises(IndexMismatchError, match="format version 99"):
        open_index(idx)


def test_staleness(tiny_corpus: Path, tmp_path: Path) -> None:
    idx = tmp_path / "index"
    emb = FakeEmbedder()
    assert index_is_stale(tiny_corpus, idx)
    a, stats = Assistant.load_or_build(tiny_corpus, idx, embedder=emb, progress=False)
    assert stats is not None and stats.embedded > 0
    assert not index_is_stale(tiny_corpus, idx, model_id=emb.model_id)
    a, stats = Assistant.load_or_build(tiny_corpus, idx, embedder=emb, progress=False)
    assert stats is None
    (tiny_corpus / "new.md").write_text("# Delta\n\nDelta City joins. It has trams.", encoding="utf-8")
    assert index_is_stale(tiny_corpus, idx)
    a, stats = Assistant.load_or_build(tiny_corpus, idx, embedder=emb, progress=False)
    assert stats is not None and any(d.title == "Delta" for d in a.documents())


def test_a_large_build_writes_ivf_trained_on_a_sample_and_the_same_vectors(tmp_path: Path, monkeypatch) -> None:
    from sci_assistant import dense

    """With the size rule lowered (a few hundred sentences count as large; a sample of 20 rows a
    list, half the lists probed, 64 rows a shard): IVF-SQ8 indexes that the loader opens, the same
    vectors as a flat build, search within tolerance of brute force, and incremental reuse."""
    from .conftest import WORDS, write_wordy_corpus

    corpus = write_wordy_corpus(tmp_path / "corpus", 30)
    small = _build(corpus, tmp_path / "flat")
    flat = open_index(tmp_path / "flat")
    assert flat.dense.kind == flat.sentence_dense.kind == "flat"

    monkeypatch.setattr(dense, "FLAT_MAX_ROWS", 10)
    monkeypatch.setattr(dense, "HNSW_MAX_ROWS", 20)
    monkeypatch.setattr(dense, "IVF_TRAIN_PER_LIST", 20)
    monkeypatch.setattr(dense, "IVF_MIN_NPROBE", 8)
    monkeypatch.setattr(dense, "SHARD_ROWS", 64)
    fetched: list[int] = []
    real_take = dense.Rows.rows

    def counting(self, ids):
        out = real_take(self, ids)
        fetched.append(len(out))
        return out

    monkeypatch.setattr(dense.Rows, "rows", counting)
    large = _build(corpus, tmp_path / "ivf")
    ivf = open_index(tmp_path / "ivf")  # the same loader opens it
    n_sent = len(ivf.sentences)
    assert (large.chunks, n_sent) == (small.chunks, len(flat.sentences)) and n_sent > 500
    assert ivf.manifest["dense"]["type"] == ivf.dense.kind == ivf.sentence_dense.kind == "ivf_sq8"
    nlist = dense.ivf_lists(n_sent)
    assert ivf.sentence_dense.index.nlist == nlist and nlist * 20 < n_sent  # trained on a sample
    assert max(fetched) < n_sent  # never every row at once: a sample, then shards
    for name in ("vectors.npy", "sentence_vectors.npy", "chunks.jsonl", "sentences.jsonl"):
        g_flat, g_ivf = tmp_path / "flat" / small.generation, tmp_path / "ivf" / large.generation
        assert (g_ivf / name).read_bytes() == (g_flat / name).read_bytes(), name

    # Search against a brute-force oracle: a hit counts when its exact score reaches the exact
    # 10th best (ties are common among bag-of-words vectors); recall@10 within tolerance.
    rng = np.random.default_rng(5)
    queries = FakeEmbedder().encode([" ".join(rng.choice(WORDS, 6)) for _ in range(30)])
    chunk_vectors = np.load(tmp_path / "flat" / small.generation / "vectors.npy")
    for vectors, approx in ((flat.sentence_vectors, ivf.sentence_dense), (chunk_vectors, ivf.dense)):
        exact = queries @ vectors.T
        tenth = np.sort(exact, axis=1)[:, -10]
        found = approx.search(queries, 10)[1]
        hits = [(exact[q, found[q][found[q] >= 0]] >= tenth[q] - 1e-5).sum() / 10 for q in range(len(queries))]
        assert np.mean(hits) >= 0.85, np.mean(hits)

    # One edited release: only its rows are embedded again; the index is still trained on a sample.
    p = corpus / "release-007.txt"
    p.write_text(p.read_text(encoding="utf-8").replace("March", "April"), encoding="utf-8")
    counting_embedder = FakeEmbedder()
    again = _build(corpus, tmp_path / "ivf", counting_embedder)
    assert 0 < again.embedded < again.chunks and counting_embedder.encoded < n_sent // 10
    assert open_index(tmp_path / "ivf").sentence_dense.kind == "ivf_sq8"
