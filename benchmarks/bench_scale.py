"""Section 5: index-only scale runs on synthetic clustered unit vectors (384 dims): for each FAISS
index type DenseIndex supports — build time, query p50/p95, recall@10 against exact search,
memory — through ``DenseIndex`` itself (the code the app runs)."""

from __future__ import annotations

import gc
import time
from typing import Any

import numpy as np
from common import mib, ms, pct, rss_bytes, secs, table, verdict
from synth_vectors import ClusteredVectors, exact_topk, recall_at_k

K = 10
QUERIES = 200
FILTER_SHARE = 0.02  # a filtered search keeps a contiguous 2 % of rows (one document range)


def _latency(index, queries: np.ndarray, allowed=None) -> tuple[list[float], np.ndarray]:
    ids = np.full((len(queries), K), -1, dtype=np.int64)
    ts = []
    for i, q in enumerate(queries):
        t = time.perf_counter()
        _, found = index.search(q[None, :], K, allowed=allowed)
        ts.append(time.perf_counter() - t)
        ids[i, : found.shape[1]] = found[0]
    return ts, ids


def scale_run(sizes: list[int], kinds_for: dict[int, list[str]], log=print) -> dict[str, Any]:
    import faiss

    from sci_assistant.dense import DenseIndex, choose_index_type

    gen = ClusteredVectors()
    all_queries = gen.queries(QUERIES)
    out: dict[str, Any] = {
        "sizes": {},
        "generator": {
            "clusters": gen.n_clusters,
            "rank": gen.rank,
            "spread": gen.spread,
            "shared": gen.shared,
            "noise": gen.noise,
        },
    }
    for n in sizes:
        t = time.perf_counter()
        base = gen.rows(n)
        t_gen = time.perf_counter() - t
        t = time.perf_counter()
        truth = exact_topk(base, all_queries, K)
        lo = n // 3
        allowed = np.arange(lo, lo + max(K, int(n * FILTER_SHARE)), dtype=np.int64)
        sub_truth = allowed[exact_topk(base[allowed], all_queries, K)]
        t_gt = time.perf_counter() - t
        log(f"  {n:,} rows: generated in {t_gen:.1f} s, exact top-{K} in {t_gt:.1f} s")
        rows = []
        for kind in kinds_for[n]:
            gc.collect()
            before = rss_bytes()
            t = time.perf_counter()
            idx = DenseIndex.build(base, kind)
            build_s = time.perf_counter() - t
            mem = rss_bytes() - before
            size_b = int(faiss.serialize_index(idx.index).nbytes)
            nq = QUERIES if kind != "flat" or n <= 200_000 else 40
            q = all_queries[:nq]
            idx.search(q[0][None, :], K)  # warm
            ts, ids = _latency(idx, q)
            rec = recall_at_k(ids, truth[:nq], K)
            fts, fids = _latency(idx, q, allowed)
            frec = recall_at_k(fids, sub_truth[:nq], K)
            row = {
                "kind": kind,
                "auto": kind == choose_index_type(n),
                "build_s": build_s,
                "p50": pct(ts, 50),
                "p95": pct(ts, 95),
                "recall": rec,
                "filtered_p50": pct(fts, 50),
                "filtered_recall": frec,
                "rss_delta": mem,
                "bytes": size_b,
                "queries": nq,
            }
            if kind.startswith("ivf"):
                row["params"] = f"nlist {idx.index.nlist}, nprobe {idx.index.nprobe}"
            elif kind.startswith("hnsw"):
                row["params"] = f"M 32, efSearch {idx.index.hnsw.efSearch}"
            else:
                row["params"] = "exact"
            rows.append(row)
            log(
                f"    {kind:9s} build {build_s:7.1f} s  p50 {row['p50'] * 1e3:7.2f} ms  recall@10 {rec:.3f}  "
                f"filtered p50 {row['filtered_p50'] * 1e3:6.2f} ms / {frec:.3f}  {size_b / 2**20:,.0f} MiB"
            )
            del idx
            gc.collect()
        out["sizes"][n] = {"rows": rows, "gen_s": t_gen, "gt_s": t_gt}
        del base
        gc.collect()
    return out


def render_scale(r: dict[str, Any]) -> str:
    from sci_assistant import dense

    g = r["generator"]
    out = [
        f"Synthetic unit vectors, 384 dims: {g['clusters']} topic clusters with correlated centres, each with "
        f"its own rank-{g['rank']} spread (decaying spectrum) plus variation shared by all topics and a little "
        "isotropic noise (`benchmarks/synth_vectors.py`) — harder for IVF than well-separated blobs. Queries are "
        f"{QUERIES} fresh draws (not rows). One query at a time through `DenseIndex.search(q, k=10)`; recall@10 "
        "against an exact scan. *Filtered* = the same queries restricted to a contiguous 2 % of rows (one "
        "document's range) via `allowed`. Memory: RSS growth while building and the serialised index size. "
        "**auto** marks the type `choose_index_type(n)` picks.",
        "",
    ]
    rows = []
    for n, s in r["sizes"].items():
        for x in s["rows"]:
            rows.append(
                [
                    f"{int(n):,}",
                    f"**{x['kind']}** (auto)" if x["auto"] else x["kind"],
                    x["params"],
                    secs(x["build_s"]),
                    ms(x["p50"]),
                    ms(x["p95"]),
                    f"{x['recall']:.3f}",
                    ms(x["filtered_p50"]),
                    f"{x['filtered_recall']:.3f}",
                    mib(x["bytes"]),
                    mib(max(x["rss_delta"], 0)),
                ]
            )
    out.append(
        table(
            [
                "rows",
                "type",
                "parameters",
                "build s",
                "p50 ms",
                "p95 ms",
                "recall@10",
                "filtered p50 ms",
                "filtered recall@10",
                "index MiB",
                "RSS +MiB",
            ],
            rows,
        )
    )
    big = r["sizes"].get(1_000_000) or r["sizes"].get("1000000")
    if big:
        auto = next((x for x in big["rows"] if x["auto"]), None)
        if auto:
            out += [
                "",
                table(
                    ["target at 1M rows (auto type)", "measured", "limit", "verdict"],
                    [
                        ["search p50", f"{ms(auto['p50'])} ms", "≤ 20 ms", verdict(auto["p50"] * 1e3, 20)],
                        [
                            "recall@10",
                            f"{auto['recall']:.3f}",
                            "≥ 0.95",
                            verdict(auto["recall"], 0.95, higher_is_better=True),
                        ],
                    ],
                ),
            ]
    out += [
        "",
        f"Rule in `src/sci_assistant/dense.py`: flat up to {dense.FLAT_MAX_ROWS:,} rows, HNSW (M 32, "
        f"efConstruction {dense.HNSW_EF_CONSTRUCTION}, efSearch {dense.HNSW_EF_SEARCH}) up to "
        f"{dense.HNSW_MAX_ROWS:,}, IVF with 8-bit scalar quantisation above (≈4·√n lists, nprobe = "
        f"max({dense.IVF_MIN_NPROBE}, lists/{round(1 / dense.IVF_NPROBE_SHARE)})).",
    ]
    return "\n".join(out)
