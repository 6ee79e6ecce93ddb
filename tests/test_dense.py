"""DenseIndex: every index type against a brute-force oracle, filters, reconstruct, save/load."""

from __future__ import annotations

import numpy as np
import pytest

from sci_assistant import dense
from sci_assistant.dense import KINDS, DenseIndex, choose_index_type, ivf_lists, ivf_nprobe

D = 32


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    """3,000 clustered unit vectors and 40 queries from the same clusters."""
    rng = np.random.default_rng(7)
    centres = rng.standard_normal((30, D))
    lab = rng.integers(0, 30, 3000)
    base = _unit(centres[lab] + 0.35 * rng.standard_normal((3000, D)))
    qlab = rng.integers(0, 30, 40)
    queries = _unit(centres[qlab] + 0.35 * rng.standard_normal((40, D)))
    return base, queries


def oracle(base: np.ndarray, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> np.ndarray:
    scores = queries @ base.T
    if allowed is not None:
        mask = np.full(len(base), -np.inf, dtype=np.float32)
        mask[allowed] = 0
        scores = scores + mask
    k = min(k, len(base) if allowed is None else len(allowed))
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f[f >= 0]) & set(t)) / len(t) for f, t in zip(found, truth)]))


@pytest.fixture(scope="module")
def built(data) -> dict[str, DenseIndex]:
    base, _ = data
    return {kind: DenseIndex.build(base, kind) for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_matches_brute_force(kind, data, built):
    base, queries = data
    idx = built[kind]
    assert idx.kind == kind and idx.size == len(base) and idx.dimension == D
    scores, ids = idx.search(queries, 10)
    assert ids.shape == scores.shape == (len(queries), 10)
    truth = oracle(base, queries, 10)
    if kind == "flat":
        assert (ids == truth).all()
        np.testing.assert_allclose(scores, np.take_along_axis(queries @ base.T, truth, 1), rtol=1e-5, atol=1e-5)
    else:
        assert recall(ids, truth) >= 0.9, kind
    assert (np.diff(scores, axis=1) <= 1e-6).all()  # best first


@pytest.mark.parametrize("kind", KINDS)
def test_reconstruct(kind, data, built):
    base, _ = data
    tol = 1e-6 if kind in ("flat", "hnsw", "ivf") else 0.02  # SQ8 codes decode approximately
    for i in (0, 17, len(base) - 1):
        np.testing.assert_allclose(built[kind].index.reconstruct(i), base[i], atol=tol)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("n_allowed", [3, 200, 2500])
def test_allowed_filter(kind, n_allowed, data, built, monkeypatch):
    base, queries = data
    allowed = np.random.default_rng(n_allowed).choice(len(base), n_allowed, replace=False)
    truth = oracle(base, queries, 5, allowed)
    # 2500 rows: also exercise the FAISS ID-selector path of the approximate kinds
    monkeypatch.setattr(dense, "EXACT_FILTER_MAX_ROWS", 1000)
    monkeypatch.setattr(dense, "IVF_EXACT_FILTER_MAX_ROWS", 1000)
    scores, ids = built[kind].search(queries, 5, allowed=list(allowed))
    assert ids.shape == (len(queries), 5)
    assert set(ids[ids >= 0].tolist()) <= set(allowed.tolist())
    if kind == "flat" or n_allowed <= 1000:
        exact = kind in ("flat", "hnsw", "ivf")
        assert recall(ids, truth) >= (1.0 if exact else 0.95)
    else:
        assert recall(ids, truth) >= 0.85


@pytest.mark.parametrize("kind", KINDS)
def test_contiguous_filter_uses_range(kind, data, built, monkeypatch):
    base, queries = data
    monkeypatch.setattr(dense, "EXACT_FILTER_MAX_ROWS", 10)
    monkeypatch.setattr(dense, "IVF_EXACT_FILTER_MAX_ROWS", 10)
    allowed = np.arange(1000, 2500)
    _, ids = built[kind].search(queries, 5, allowed=allowed)
    assert ((ids >= 1000) & (ids < 2500)).all()
    assert recall(ids, oracle(base, queries, 5, allowed)) >= 0.85


def test_filter_edge_cases(built, data):
    base, queries = data
    idx = built["hnsw"]
    s, i = idx.search(queries[:2], 5, allowed=[])
    assert i.shape == (2, 0)
    s, i = idx.search(queries[:2], 5, allowed=[4, 4, 9, -1, 10**9])  # duplicates and strays ignored
    assert sorted(i[0][i[0] >= 0].tolist()) == [4, 9] and (i[:, 2:] == -1).all()
    s, i = idx.search(queries[0], 10_000)  # k larger than the index: capped
    assert i.shape == (1, len(base))


@pytest.mark.parametrize("kind", KINDS)
def test_save_load_roundtrip(kind, data, built, tmp_path):
    base, queries = data
    built[kind].save(tmp_path / "dense.faiss")
    loaded = DenseIndex.load(tmp_path / "dense.faiss")
    assert loaded.kind == kind and loaded.size == len(base) and loaded.dimension == D
    a = built[kind].search(queries, 5)[1]
    b = loaded.search(queries, 5)[1]
    assert (a == b).all()
    np.testing.assert_allclose(loaded.index.reconstruct(5), built[kind].index.reconstruct(5))


def test_empty_and_validation():
    idx = DenseIndex.build(np.zeros((0, D), np.float32))
    assert idx.kind == "flat" and idx.size == 0
    assert idx.search(np.ones(D, np.float32), 3)[1].shape == (1, 0)
    with pytest.raises(ValueError, match="2-D"):
        DenseIndex.build(np.zeros(D, np.float32))
    with pytest.raises(ValueError, match="unknown dense index type 'annoy'"):
        DenseIndex.build(np.eye(D, dtype=np.float32), "annoy")
    with pytest.raises(ValueError, match="needs vectors"):
        DenseIndex.build(np.zeros((0, D), np.float32), "ivf")


def test_choice_by_size():
    assert choose_index_type(0) == "flat"
    assert choose_index_type(dense.FLAT_MAX_ROWS) == "flat"
    assert choose_index_type(dense.FLAT_MAX_ROWS + 1) == "hnsw"
    assert choose_index_type(dense.HNSW_MAX_ROWS) == "hnsw"
    assert choose_index_type(dense.HNSW_MAX_ROWS + 1) == "ivf_sq8"
    assert choose_index_type(1_000_000) == "ivf_sq8"
    assert ivf_lists(1_000_000) == 4096
    assert ivf_lists(100) == 2  # at least 39 training rows per list
    assert 1 <= ivf_nprobe(ivf_lists(1_000_000)) <= 4096


# -- large builds: IVF trained on a sample, rows added shard by shard ---------------------------


class CountingRows:
    """``Rows`` of an array that record every fetch: how many rows each asked for."""

    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = vectors
        self.fetches: list[np.ndarray | slice] = []
        self.rows = dense.Rows(len(vectors), vectors.shape[1], self.take)

    def take(self, ids):
        self.fetches.append(ids)
        return self.vectors[ids]

    def sizes(self) -> list[int]:
        n = len(self.vectors)
        return [len(range(n)[f]) if isinstance(f, slice) else len(f) for f in self.fetches]


@pytest.fixture(scope="module")
def large() -> tuple[np.ndarray, np.ndarray]:
    """30,000 clustered unit vectors (enough that IVF trains on a sample) and 40 queries."""
    rng = np.random.default_rng(11)
    centres = rng.standard_normal((200, D))
    base = _unit(centres[rng.integers(0, 200, 30_000)] + 0.4 * rng.standard_normal((30_000, D)))
    queries = _unit(centres[rng.integers(0, 200, 40)] + 0.4 * rng.standard_normal((40, D)))
    return base, queries


def _bytes(idx: DenseIndex) -> bytes:
    import faiss

    return faiss.serialize_index(idx.index).tobytes()


@pytest.mark.parametrize("kind", ["flat", "ivf", "ivf_sq8"])
def test_the_shard_size_does_not_change_the_index(kind, large, monkeypatch):
    base, _ = large
    monkeypatch.setattr(dense, "SHARD_ROWS", len(base))  # one add of every row
    whole = _bytes(DenseIndex.build(base, kind))
    monkeypatch.setattr(dense, "SHARD_ROWS", 997)
    assert _bytes(DenseIndex.build(dense.Rows.of(base), kind)) == whole


def test_a_large_build_trains_ivf_on_a_sample_and_adds_shard_by_shard(large, monkeypatch):
    base, queries = large
    # The size rule, lowered so that 30,000 rows count as large.
    monkeypatch.setattr(dense, "FLAT_MAX_ROWS", 1_000)
    monkeypatch.setattr(dense, "HNSW_MAX_ROWS", 10_000)
    monkeypatch.setattr(dense, "SHARD_ROWS", 4_096)
    source = CountingRows(base)
    idx = DenseIndex.build(source.rows)
    assert idx.kind == "ivf_sq8" and idx.size == len(base)

    nlist = ivf_lists(len(base))
    assert idx.index.nlist == nlist
    sample, *shards = source.fetches
    # Trained on a seeded sample of IVF_TRAIN_PER_LIST rows a list, fewer than all of them …
    assert isinstance(sample, np.ndarray) and len(sample) == nlist * dense.IVF_TRAIN_PER_LIST < len(base)
    assert (np.diff(sample) > 0).all()
    assert (sample == dense.ivf_training_rows(len(base), nlist)).all()
    # … then every row once, in order, a shard at a time: never all rows in one fetch.
    assert [(s.start, s.stop) for s in shards] == [(i, min(i + 4_096, len(base))) for i in range(0, len(base), 4_096)]
    assert max(source.sizes()) < len(base)

    # Search against a brute-force oracle: recall@10 within tolerance; ids are rows of `base`.
    _, ids = idx.search(queries, 10)
    assert recall(ids, oracle(base, queries, 10)) >= 0.9
    for i in (0, 4_095, 4_096, len(base) - 1):  # rows on both sides of a shard boundary
        np.testing.assert_allclose(idx.index.reconstruct(i), base[i], atol=0.02)
        assert idx.search(base[i], 1)[1][0, 0] == i


def test_rows_of_an_array():
    v = np.arange(12, dtype=np.float32).reshape(4, 3)
    rows = dense.Rows.of(v)
    assert (rows.n, rows.dimension) == (4, 3)
    assert [s.tolist() for s in rows.shards(3)] == [v[:3].tolist(), v[3:].tolist()]
    assert rows.rows(np.array([0, 2])).tolist() == v[[0, 2]].tolist()
    assert list(dense.Rows.of(np.zeros((0, 3), np.float32)).shards()) == []
    with pytest.raises(ValueError, match="2-D"):
        dense.Rows.of(np.zeros(3, np.float32))
