"""Builds on Ray: the same generation as a local build, incremental reuse, failures that keep the live index."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

from sci_assistant.build_engine import LocalEngine
from sci_assistant.cli import main
from sci_assistant.entities import RuleTagger
from sci_assistant.errors import BuildLockedError, ClusterError, InvalidRequestError
from sci_assistant.indexing import MANIFEST, build_index, generations, open_index, read_current

from .conftest import FakeEmbedder, write_tiny_corpus

# Every file a generation holds except the manifest, which names its generation and build time.
DATA_FILES = (
    "documents.jsonl",
    "chunks.jsonl",
    "sentences.jsonl",
    "entities.jsonl",
    "vectors.npy",
    "sentence_vectors.npy",
    "dense.faiss",
    "sentences.faiss",
)


def _files(gen: Path) -> dict[str, bytes]:
    return {
        p.relative_to(gen).as_posix(): p.read_bytes()
        for p in sorted(gen.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def _manifest_body(gen: Path) -> dict:
    import json

    m = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    return {k: v for k, v in m.items() if k not in ("built_at", "manifest_sha256", "generation")}


# ---------------------------------------------------------------------------------------------
# Without Ray: choosing an engine, the missing extra, and a failing engine


def test_engine_and_address_are_validated(tiny_corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(InvalidRequestError, match="engine must be one of local, ray, got 'spark'"):
        build_index(tiny_corpus, tmp_path / "i", embedder=FakeEmbedder(), engine="spark")
    with pytest.raises(InvalidRequestError, match="address is only used with engine='ray'"):
        build_index(tiny_corpus, tmp_path / "i", embedder=FakeEmbedder(), address="auto")
    assert not (tmp_path / "i").exists()  # refused before the index folder is made


def test_without_the_extra_the_flag_names_the_install_command(
    tiny_corpus: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    with pytest.raises(ClusterError, match=r"pip install 'sci-assistant\[cluster\]'"):
        build_index(tiny_corpus, tmp_path / "i", embedder=FakeEmbedder(), engine="ray")
    code = main(["build", "--ray", "--corpus", str(tiny_corpus), "--index", str(tmp_path / "i")])
    err = capsys.readouterr().err
    assert code == ClusterError.exit_code
    assert err.strip() == "error: building on Ray needs the cluster extra: pip install 'sci-assistant[cluster]'"


class BrokenEngine(LocalEngine):
    """Chunks and tags like the local engine; its cluster dies while embedding."""

    name = "broken"

    def embed(self, embedder, texts, *, progress):
        raise ClusterError("the Ray embedding stage failed (worker died); the live generation is unchanged")


def test_a_failed_engine_leaves_the_live_generation_serving(tiny_corpus: Path, tmp_path: Path) -> None:
    idx = tmp_path / "index"
    build_index(tiny_corpus, idx, embedder=FakeEmbedder(), tagger=RuleTagger())
    before = _files(idx / "gen-000001")
    (tiny_corpus / "delta.txt").write_text("DELTA, 2 May 2024 – Delta opened a tram line.\n", encoding="utf-8")
    with pytest.raises(ClusterError, match="worker died"):
        build_index(tiny_corpus, idx, embedder=FakeEmbedder(), tagger=RuleTagger(), engine=BrokenEngine())
    assert read_current(idx) == "gen-000001" and generations(idx) == ["gen-000001"]
    assert _files(idx / "gen-000001") == before
    assert sorted(p.name for p in idx.iterdir()) == [".build.lock", "CURRENT", "gen-000001"]  # no partial
    # The lock was released: the next build runs.
    assert build_index(tiny_corpus, idx, embedder=FakeEmbedder(), tagger=RuleTagger()).documents == 4


class SecondBuildDuringEmbedding(LocalEngine):
    """While this engine embeds (as a cluster would, for hours), another build of the same index starts."""

    def __init__(self, corpus: Path, index: Path) -> None:
        self.corpus, self.index, self.refused = corpus, index, None

    def embed(self, embedder, texts, *, progress):
        try:
            build_index(self.corpus, self.index, embedder=FakeEmbedder(), tagger=RuleTagger())
        except BuildLockedError as exc:
            self.refused = exc
        return super().embed(embedder, texts, progress=progress)


def test_the_build_lock_is_held_while_an_engine_runs(tiny_corpus: Path, tmp_path: Path) -> None:
    engine = SecondBuildDuringEmbedding(tiny_corpus, tmp_path / "index")
    stats = build_index(tiny_corpus, tmp_path / "index", embedder=FakeEmbedder(), tagger=RuleTagger(), engine=engine)
    assert isinstance(engine.refused, BuildLockedError)
    assert generations(tmp_path / "index") == [stats.generation] == ["gen-000001"]


def test_the_local_engine_is_the_default(tiny_corpus: Path, tmp_path: Path) -> None:
    a = build_index(tiny_corpus, tmp_path / "a", embedder=FakeEmbedder(), tagger=RuleTagger())
    b = build_index(tiny_corpus, tmp_path / "b", embedder=FakeEmbedder(), tagger=RuleTagger(), engine=LocalEngine())
    assert (a.chunks, a.embedded) == (b.chunks, b.embedded)
    assert _files(tmp_path / "a" / a.generation) == _files(tmp_path / "b" / b.generation)


# ---------------------------------------------------------------------------------------------
# On a local Ray (two CPUs): the same generation, byte for byte


@pytest.fixture(scope="module")
def local_ray():
    if os.environ.get("CI") or os.environ.get("SCI_ASSISTANT_REQUIRE_RAY"):
        import ray  # CI installs the cluster extra: a missing Ray is a failure there, not a skip
    else:
        ray = pytest.importorskip("ray", reason="the cluster extra is not installed")
    from ray import cloudpickle

    from . import conftest

    # Workers cannot import the tests package: the fake embedder travels by value.
    cloudpickle.register_pickle_by_value(conftest)
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    if started:
        ray.shutdown()


class DiesOnce(FakeEmbedder):
    """The fake embedder whose worker process is killed the first time it embeds (a marker file
    on disk says it happened, so the retried worker lives)."""

    def __init__(self, marker: Path) -> None:
        super().__init__()
        self.marker = str(marker)

    def encode(self, texts, *, batch_size: int = 32, progress: bool = False):
        if len(texts) > 0 and not os.path.exists(self.marker):
            Path(self.marker).write_text(str(os.getpid()))
            os._exit(1)  # like kill -9: no clean-up, no exception
        return super().encode(texts, batch_size=batch_size, progress=progress)


class AlwaysFails(FakeEmbedder):
    def encode(self, texts, *, batch_size: int = 32, progress: bool = False):
        raise RuntimeError("out of memory on the worker")


@pytest.mark.cluster
def test_a_ray_build_equals_a_local_build_and_reuses_like_one(local_ray, tmp_path: Path) -> None:
    from sci_assistant.cluster import RayEngine

    corpus = write_tiny_corpus(tmp_path / "corpus")
    engine = RayEngine(workers=2)
    local = build_index(corpus, tmp_path / "local", embedder=FakeEmbedder(), tagger=RuleTagger())
    ray_stats = build_index(corpus, tmp_path / "ray", embedder=FakeEmbedder(), tagger=RuleTagger(), engine=engine)
    assert (ray_stats.chunks, ray_stats.embedded, ray_stats.sentences_embedded) == (
        local.chunks,
        local.embedded,
        local.sentences_embedded,
    )
    gen_local, gen_ray = tmp_path / "local" / local.generation, tmp_path / "ray" / ray_stats.generation
    assert _files(gen_ray) == _files(gen_local)  # chunks, offsets, vectors, FAISS, BM25, tags
    assert _manifest_body(gen_ray) == _manifest_body(gen_local)
    assert set(DATA_FILES) <= set(_files(gen_ray))
    opened = open_index(tmp_path / "ray")  # the local loader verifies and opens it
    assert [c.chunk_id for c in opened.chunks] == [c.chunk_id for c in open_index(tmp_path / "local").chunks]

    # A no-op Ray build sends nothing to the cluster.
    noop = build_index(corpus, tmp_path / "ray", embedder=FakeEmbedder(), tagger=RuleTagger(), engine=engine)
    assert noop.unchanged and noop.embedded == 0 and noop.sentences_embedded == 0

    # One edited release: the cluster embeds only its new chunks, as a local build would.
    p = corpus / "beta-release.txt"
    p.write_text(p.read_text().replace("12 corridors", "13 corridors"), encoding="utf-8")
    counting = FakeEmbedder()
    edited_local = build_index(corpus, tmp_path / "local", embedder=counting, tagger=RuleTagger())
    edited_ray = build_index(corpus, tmp_path / "ray", embedder=FakeEmbedder(), tagger=RuleTagger(), engine=engine)
    beta = [c for c in opened.chunks if c.doc_id == "beta-release"]
    assert 0 < edited_ray.embedded <= len(beta)
    assert (edited_ray.embedded, edited_ray.sentences_embedded) == (
        edited_local.embedded,
        edited_local.sentences_embedded,
    )
    assert counting.encoded == edited_local.embedded + edited_local.sentences_embedded
    assert _files(tmp_path / "ray" / edited_ray.generation) == _files(tmp_path / "local" / edited_local.generation)


@pytest.mark.cluster
def test_a_killed_worker_is_retried_and_a_failed_cluster_build_changes_nothing(local_ray, tmp_path: Path) -> None:
    from sci_assistant.cluster import RayEngine

    corpus = write_tiny_corpus(tmp_path / "corpus")
    engine = RayEngine(workers=1)
    marker = tmp_path / "killed"
    stats = build_index(corpus, tmp_path / "ray", embedder=DiesOnce(marker), tagger=RuleTagger(), engine=engine)
    assert marker.exists()  # a worker was killed mid-build …
    local = build_index(corpus, tmp_path / "local", embedder=FakeEmbedder(), tagger=RuleTagger())
    assert _files(tmp_path / "ray" / stats.generation) == _files(tmp_path / "local" / local.generation)  # … harmlessly

    # A stage that keeps failing: ClusterError, and the live generation keeps serving.
    idx = tmp_path / "ray"
    before = _files(idx / stats.generation)
    (corpus / "delta.txt").write_text("DELTA, 2 May 2024 – Delta opened a tram line.\n", encoding="utf-8")
    with pytest.raises(ClusterError, match="the live generation is unchanged"):
        build_index(corpus, idx, embedder=AlwaysFails(), tagger=RuleTagger(), engine=engine)
    assert read_current(idx) == stats.generation and generations(idx) == [stats.generation]
    assert _files(idx / stats.generation) == before
    assert open_index(idx).manifest["counts"]["documents"] == 3


@pytest.mark.cluster
def test_a_large_ray_build_writes_the_same_ivf_index_as_a_local_build(local_ray, tmp_path: Path, monkeypatch) -> None:
    """With the size rule lowered so that a few hundred sentences count as large: vectors that
    came back from the cluster batch by batch make the same IVF-SQ8 files (trained on a sample,
    added shard by shard) as a local build's."""
    from sci_assistant import dense
    from sci_assistant.cluster import RayEngine

    from .conftest import write_wordy_corpus

    monkeypatch.setattr(dense, "FLAT_MAX_ROWS", 10)
    monkeypatch.setattr(dense, "HNSW_MAX_ROWS", 20)
    monkeypatch.setattr(dense, "IVF_TRAIN_PER_LIST", 20)
    monkeypatch.setattr(dense, "SHARD_ROWS", 64)
    corpus = write_wordy_corpus(tmp_path / "corpus", 30)
    local = build_index(corpus, tmp_path / "local", embedder=FakeEmbedder(), tagger=RuleTagger())
    on_ray = build_index(
        corpus,
        tmp_path / "ray",
        embedder=FakeEmbedder(),
        tagger=RuleTagger(),
        engine=RayEngine(workers=2, batch_size=16),
    )
    gen_local, gen_ray = tmp_path / "local" / local.generation, tmp_path / "ray" / on_ray.generation
    assert _files(gen_ray) == _files(gen_local)
    opened = open_index(tmp_path / "ray")
    assert opened.manifest["dense"]["type"] == opened.sentence_dense.kind == "ivf_sq8"
    assert dense.ivf_lists(len(opened.sentences)) * 20 < len(opened.sentences)  # trained on a sample


@pytest.mark.cluster
@pytest.mark.model
def test_the_real_model_and_tagger_on_ray_match_a_local_build(local_ray, seed_corpus_copy: Path, tmp_path) -> None:
    """The bundled model and spaCy on Ray workers: same ids, offsets and tags; vectors within float tolerance
    (a batch pads differently on a worker)."""
    from sci_assistant.cluster import RayEngine

    local = build_index(seed_corpus_copy, tmp_path / "local")
    on_ray = build_index(seed_corpus_copy, tmp_path / "ray", engine=RayEngine(workers=2))
    a, b = open_index(tmp_path / "local"), open_index(tmp_path / "ray")
    assert (on_ray.chunks, on_ray.embedded) == (local.chunks, local.embedded) and local.chunks > 10
    assert [(c.chunk_id, c.doc_id, c.start, c.end, c.key) for c in b.chunks] == [
        (c.chunk_id, c.doc_id, c.start, c.end, c.key) for c in a.chunks
    ]
    assert b.sentences == a.sentences and b.entities == a.entities and len(a.entities) > 0
    assert a.manifest["entities"]["tagger"].startswith("spacy:")
    assert _manifest_body(b.path)["model"] == _manifest_body(a.path)["model"]
    va, vb = np.load(a.path / "vectors.npy"), np.load(b.path / "vectors.npy")
    assert np.abs(va - vb).max() < 1e-4
    sa, sb = a.sentence_vectors, b.sentence_vectors
    assert np.abs(sa - sb).max() < 1e-4
