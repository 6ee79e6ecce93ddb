"""FAISS inner-product index over unit vectors: build, search, save, load.

Index type by size (``choose_index_type``; the measurements behind each threshold are in
benchmarks/RESULTS.md, "Scale"):

* up to ``FLAT_MAX_ROWS`` rows: ``flat`` (``IndexFlatIP``) — exact, nothing to build; one query
  scans every row on one core (about 1.5 ms at 10k rows, 15 ms at 100k), cheap next to encoding
  the query only at the small end;
* up to ``HNSW_MAX_ROWS``: ``hnsw`` (``IndexHNSWFlat``, M=32) — recall@10 ≈ 0.99 in well under a
  millisecond, no training pass, exact vectors; its build grows to seconds at 100k rows;
* above: ``ivf_sq8`` (``IndexIVFScalarQuantizer``, 8-bit codes, ≈4·√n lists) — at a million rows
  it builds about three times faster than HNSW in a quarter of HNSW's memory and still answers in
  about a millisecond at recall@10 ≈ 0.97 with ``nprobe`` = max(48, lists/64).

``ivf`` (IVF with float vectors) and ``hnsw_sq8`` can be asked for by name.

A build never needs every vector in one array: ``DenseIndex.build`` takes ``Rows`` (vectors fetched
by row id, wherever they are held), trains an IVF kind on a seeded sample of at most
``IVF_TRAIN_PER_LIST`` rows a list, then adds the rows ``SHARD_ROWS`` at a time in row order, so
the build holds one shard beside the index. Flat and IVF indexes come out the same, byte for byte,
whatever the shard size. Every kind supports
``reconstruct(i)`` (IVF kinds keep a direct map) and an ``allowed`` row filter: a small allowed
set is searched exactly by gathering its vectors; a large one goes through a FAISS ID selector
with a search breadth (efSearch, nprobe) widened in proportion to what the filter removes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

KINDS = ("flat", "hnsw", "hnsw_sq8", "ivf", "ivf_sq8")

FLAT_MAX_ROWS = 10_000
HNSW_MAX_ROWS = 100_000

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 64

IVF_TRAIN_PER_LIST = 40  # k-means training rows per list (FAISS warns below 39)
IVF_SAMPLE_SEED = 1234
SHARD_ROWS = 32_768  # rows gathered and added at a time (48 MiB at 384 dimensions)
IVF_MIN_NPROBE = 48
IVF_NPROBE_SHARE = 1 / 64  # lists probed per query, as a share of all lists

# FAISS parallelises even a single query over its OpenMP team. On a small, busy machine the team's
# wake-ups cost far more than the scan: one query against 10k flat rows took 24-48 ms with two
# threads and 0.3 ms with one (benchmarks/RESULTS.md). Searches of fewer queries than this run on
# one thread; builds and batch searches use every thread.
SINGLE_THREAD_BELOW = 16
_OMP_THREADS: int | None = None


def _use_threads(n_queries: int | None) -> None:
    """Set FAISS's OpenMP threads: one for small searches, all for builds (``None``) and batches."""
    import faiss

    global _OMP_THREADS
    if _OMP_THREADS is None:
        _OMP_THREADS = max(1, faiss.omp_get_max_threads())
    want = 1 if n_queries is not None and n_queries < SINGLE_THREAD_BELOW else _OMP_THREADS
    if faiss.omp_get_max_threads() != want:
        faiss.omp_set_num_threads(want)


# Allowed sets up to this many rows are searched exactly (gather the rows, scan them) instead of
# asking the approximate index to skip the rest. A filtered HNSW walk loses recall fast as the
# filter narrows (1M rows: recall@10 0.54 with 1k allowed, 0.98 with 20k), so graphs gather up to
# 20k rows (8 ms at 1M). IVF probes more lists instead and stays accurate; gathering from IVF
# decodes row by row, so it only pays below about 2k rows (benchmarks/RESULTS.md, "Scale").
EXACT_FILTER_MAX_ROWS = 20_000
IVF_EXACT_FILTER_MAX_ROWS = 2_000


def choose_index_type(n_rows: int) -> str:
    """'flat' up to FLAT_MAX_ROWS rows, 'hnsw' up to HNSW_MAX_ROWS, 'ivf_sq8' above."""
    if n_rows <= FLAT_MAX_ROWS:
        return "flat"
    if n_rows <= HNSW_MAX_ROWS:
        return "hnsw"
    return "ivf_sq8"


def ivf_lists(n_rows: int) -> int:
    """Number of IVF lists for ``n_rows``: the power of two nearest 4·√n, with ≥ 39 rows per list."""
    target = 4 * math.sqrt(max(n_rows, 1))
    nlist = 2 ** max(0, round(math.log2(target)))
    return int(max(1, min(nlist, n_rows // 39 or 1, 65_536)))


def ivf_nprobe(nlist: int) -> int:
    """Lists probed per query for an index with ``nlist`` lists."""
    return int(min(nlist, max(IVF_MIN_NPROBE, round(nlist * IVF_NPROBE_SHARE))))


def ivf_training_rows(n_rows: int, nlist: int) -> np.ndarray:
    """Row ids (ascending) an IVF index of ``nlist`` lists trains on: all rows up to
    ``IVF_TRAIN_PER_LIST`` per list, else a seeded sample of that many."""
    cap = nlist * IVF_TRAIN_PER_LIST
    if n_rows <= cap:
        return np.arange(n_rows, dtype=np.int64)
    return np.sort(np.random.default_rng(IVF_SAMPLE_SEED).choice(n_rows, cap, replace=False))


@dataclass(frozen=True)
class Rows:
    """``n`` vectors of ``dimension`` floats, fetched by row: ``take(ids)`` returns the rows named by
    ``ids`` (a slice, or an ascending array of row ids) as a 2-D array, row by row in that order.

    What ``DenseIndex.build`` (and the build's .npy writer) read shard by shard, so the vectors can
    stay wherever the build holds them instead of being copied into one array first.

    >>> Rows.of(np.eye(3, dtype=np.float32)).take(slice(1, 3)).tolist()
    [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """

    n: int
    dimension: int
    take: Callable[[np.ndarray | slice], np.ndarray]

    @classmethod
    def of(cls, vectors: np.ndarray) -> Rows:
        """The rows of a 2-D array (shards are views of it, not copies).

        Raises:
            ValueError: ``vectors`` is not 2-D.
        """
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be 2-D, got shape {vectors.shape}")
        return cls(vectors.shape[0], vectors.shape[1], vectors.__getitem__)

    def rows(self, ids: np.ndarray | slice) -> np.ndarray:
        """``take(ids)`` as a C-contiguous float32 array of shape (len(ids), dimension)."""
        out = np.ascontiguousarray(self.take(ids), dtype=np.float32)
        return out.reshape(-1, self.dimension)

    def shards(self, size: int | None = None) -> Iterator[np.ndarray]:
        """Every row in order, ``size`` rows (default ``SHARD_ROWS``) at a time."""
        size = max(1, int(size or SHARD_ROWS))
        for start in range(0, self.n, size):
            yield self.rows(slice(start, min(self.n, start + size)))


def _factory_string(kind: str, n: int) -> str:
    if kind == "flat":
        return "Flat"
    if kind == "hnsw":
        return f"HNSW{HNSW_M},Flat"
    if kind == "hnsw_sq8":
        return f"HNSW{HNSW_M},SQ8"
    if kind == "ivf":
        return f"IVF{ivf_lists(n)},Flat"
    if kind == "ivf_sq8":
        return f"IVF{ivf_lists(n)},SQ8"
    raise ValueError(f"unknown dense index type {kind!r} (expected one of {', '.join(KINDS)})")


def _kind_of(index) -> str:
    name = type(index).__name__
    kinds = {
        "IndexFlatIP": "flat",
        "IndexFlat": "flat",
        "IndexHNSWFlat": "hnsw",
        "IndexHNSWSQ": "hnsw_sq8",
        "IndexIVFFlat": "ivf",
        "IndexIVFScalarQuantizer": "ivf_sq8",
    }
    if name not in kinds:
        raise ValueError(f"unsupported FAISS index type {name}")
    return kinds[name]


class DenseIndex:
    """A FAISS index whose row *i* is chunk *i*.

    >>> v = np.eye(4, dtype=np.float32)
    >>> DenseIndex.build(v).search(v[1], k=1)[1].tolist()
    [[1]]
    """

    def __init__(self, index, kind: str) -> None:
        self.index = index
        self.kind = kind

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self.index.d)

    @classmethod
    def build(cls, vectors: np.ndarray | Rows, kind: str | None = None) -> DenseIndex:
        """Index ``vectors`` (unit rows, float32; an array or ``Rows``) as FAISS type ``kind``
        (default: by size). An IVF kind is trained on ``ivf_training_rows``; then the rows are
        added ``SHARD_ROWS`` at a time.

        Raises:
            ValueError: vectors are not 2-D, or ``kind`` is unknown.
        """
        import faiss

        rows = vectors if isinstance(vectors, Rows) else Rows.of(vectors)
        n, d = rows.n, rows.dimension
        kind = kind or choose_index_type(n)
        _use_threads(None)
        # index_factory already returns the concrete class (IndexHNSWFlat, IndexIVFFlat, ...);
        # faiss.downcast_index here would hand back a proxy that does not own the index.
        index = faiss.index_factory(d, _factory_string(kind, n), faiss.METRIC_INNER_PRODUCT)
        if kind.startswith("hnsw"):
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        if not index.is_trained:
            if n == 0:
                raise ValueError(f"a {kind!r} index needs vectors to train on")
            sample: np.ndarray | slice = slice(0, n)  # hnsw_sq8 (asked for by name) trains on every row
            if kind.startswith("ivf") and len(ids := ivf_training_rows(n, index.nlist)) < n:
                sample = ids
            index.train(rows.rows(sample))
        if kind.startswith("ivf"):
            index.nprobe = ivf_nprobe(index.nlist)
            index.make_direct_map()  # reconstruct(i) for the retriever
        for shard in rows.shards():
            index.add(shard)
        return cls(index, kind)

    # -- search -----------------------------------------------------------------------------

    def _params(self, sel=None, widen: float = 1.0, k: int = 1):
        import faiss

        if self.kind.startswith("hnsw"):
            ef = int(min(max(self.index.hnsw.efSearch, k) * widen, max(self.size, k)))
            return (
                faiss.SearchParametersHNSW(sel=sel, efSearch=max(ef, k))
                if sel is not None
                else faiss.SearchParametersHNSW(efSearch=max(ef, k))
            )
        if self.kind.startswith("ivf"):
            nprobe = int(min(self.index.nlist, math.ceil(self.index.nprobe * widen)))
            return (
                faiss.SearchParametersIVF(sel=sel, nprobe=nprobe)
                if sel is not None
                else faiss.SearchParametersIVF(nprobe=nprobe)
            )
        return faiss.SearchParameters(sel=sel) if sel is not None else None

    def _exact_subset(self, queries: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-``k`` among rows ``ids``: gather their vectors, scan them with FAISS."""
        import faiss

        vecs = np.ascontiguousarray(self.index.reconstruct_batch(ids), dtype=np.float32)  # SQ kinds: decoded
        kk = min(k, len(ids))
        scores, pos = faiss.knn(queries, vecs, kk, metric=faiss.METRIC_INNER_PRODUCT)
        out_s = np.full((len(queries), k), -np.inf, dtype=np.float32)
        out_i = np.full((len(queries), k), -1, dtype=np.int64)
        out_s[:, :kk] = scores
        out_i[:, :kk] = np.where(pos >= 0, ids[np.clip(pos, 0, None)], -1)
        return out_s, out_i

    def search(
        self, queries: np.ndarray, k: int, allowed: Sequence[int] | np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` rows per query: (scores, ids), ids -1 where fewer rows qualify.

        ``allowed`` restricts the search to those row ids.
        """
        import faiss

        queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dimension)
        nq = len(queries)
        empty = np.zeros((nq, 0), np.float32), np.zeros((nq, 0), np.int64)
        if self.size == 0:
            return empty
        k = max(1, min(int(k), self.size))
        _use_threads(nq)
        if allowed is None:
            return self.index.search(queries, k, params=self._params(k=k))
        ids = np.unique(np.asarray(allowed, dtype=np.int64).ravel())
        ids = ids[(ids >= 0) & (ids < self.size)]
        if len(ids) == 0:
            return empty
        exact_max = IVF_EXACT_FILTER_MAX_ROWS if self.kind.startswith("ivf") else EXACT_FILTER_MAX_ROWS
        if self.kind != "flat" and len(ids) <= exact_max:
            return self._exact_subset(queries, ids, k)
        if int(ids[-1]) - int(ids[0]) + 1 == len(ids):  # one document's rows: a range test is cheaper
            sel = faiss.IDSelectorRange(int(ids[0]), int(ids[-1]) + 1)
        else:
            sel = faiss.IDSelectorBatch(ids)
        widen = min(self.size / len(ids), 16.0)
        return self.index.search(queries, k, params=self._params(sel, widen, k))

    # -- files ------------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: str | Path) -> DenseIndex:
        """Read an index written by ``save`` (its type, list count and probes come with it).

        Raises:
            ValueError: the file holds an index type this module does not build.
        """
        import faiss

        index = faiss.read_index(str(path))  # returns the concrete class
        return cls(index, _kind_of(index))
