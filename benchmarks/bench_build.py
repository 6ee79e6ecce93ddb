"""Section 3: full build vs the floor (the same model encoding the same chunk texts, batch size
tuned) and vs txtai indexing the same texts; a no-op rebuild; a one-release-changed rebuild."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

from common import median, model_path, ratio, secs, table, verdict
from profiling import breakdown

BATCHES = (8, 16, 32, 64, 128)


def _inputs(index_dir: Path) -> list[str]:
    from bench_search import chunk_texts

    from sci_assistant.indexing import open_index

    return chunk_texts(open_index(index_dir))[1]


def tune_floor(model, texts: list[str]) -> tuple[int, dict[int, float]]:
    """The fastest batch size for ``model.encode`` on these texts (sentence-transformers already
    sorts a call's inputs by length, so batch size is the setting left to tune)."""
    sample = texts if len(texts) <= 256 else texts[:: max(1, len(texts) // 256)][:256]
    model.encode(sample[:8], batch_size=8)  # warm
    times = {}
    for bs in BATCHES:
        t = time.perf_counter()
        model.encode(sample, batch_size=bs, normalize_embeddings=True, convert_to_numpy=True)
        times[bs] = time.perf_counter() - t
    return min(times, key=times.get), times


class Recording:
    """An Embedder that forwards to another and keeps every text a build asks it to encode."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.texts: list[str] = []
        self.calls = 0

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def encode(self, texts, *, batch_size: int = 32, progress: bool = False):
        self.texts.extend(texts)
        self.calls += 1
        return self.inner.encode(texts, batch_size=batch_size, progress=progress)


def _edit_one_release(corpus: Path) -> str:
    """Append a paragraph to the newest release (sorted by name); returns its name."""
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    p = files[-1]
    p.write_text(
        p.read_text(encoding="utf-8").rstrip("\n") + "\n\nThe partners will report progress on the "
        "joint projects at the next Joint Implementation Committee meeting.\n",
        encoding="utf-8",
    )
    return p.name


def build_bench(
    corpus_dir: Path, work: Path, embedder, reps: int, *, label: str, txtai_bench: bool = True, profile: bool = False
) -> dict[str, Any]:
    """Interleaved repetitions of: our full build, the floor encoding, txtai indexing; then a
    no-op rebuild and a one-release-changed rebuild of our index."""
    from baselines import Txtai

    from sci_assistant.indexing import build_index

    corpus = work / f"corpus-{label}"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(corpus_dir, corpus)
    idx = work / f"index-{label}"
    shutil.rmtree(idx, ignore_errors=True)
    rec = Recording(embedder)
    first = build_index(corpus, idx, embedder=rec)  # also warms every code path
    texts = _inputs(idx)
    all_texts = list(rec.texts)  # everything a full build embeds (chunks and any other units)
    model = embedder.model
    # Each floor is tuned on what it encodes: short sentence units favour smaller batches than chunks.
    best_bs, tuning = tune_floor(model, texts)
    best_bs_all, tuning_all = tune_floor(model, all_texts)
    tx = Txtai(model_path()) if txtai_bench else None

    runs: dict[str, list[float]] = {"ours": [], "floor": [], "floor_all": [], "txtai": [], "noop": [], "one": []}
    # CPU seconds of this process (every thread) beside the wall time: on a shared machine the wall
    # time of a multi-threaded encoder stretches with the neighbours' load; its CPU time much less.
    cpu: dict[str, list[float]] = {"ours": [], "floor": []}
    embedded = {"noop": [], "one": []}
    for rep in range(reps):
        steps = ["ours", "floor", "txtai", "floor_all"]
        steps = steps[rep % 4 :] + steps[: rep % 4]  # rotate the order between repetitions
        for step in steps:
            if step == "ours":
                c, t = time.process_time(), time.perf_counter()
                st = build_index(corpus, idx, embedder=embedder, full=True)
                runs["ours"].append(time.perf_counter() - t)
                cpu["ours"].append(time.process_time() - c)
                assert st.embedded == st.chunks
            elif step == "floor":
                c, t = time.process_time(), time.perf_counter()
                model.encode(texts, batch_size=best_bs, normalize_embeddings=True, convert_to_numpy=True)
                runs["floor"].append(time.perf_counter() - t)
                cpu["floor"].append(time.process_time() - c)
            elif step == "floor_all":
                if len(all_texts) == len(texts):
                    continue
                t = time.perf_counter()
                model.encode(all_texts, batch_size=best_bs_all, normalize_embeddings=True, convert_to_numpy=True)
                runs["floor_all"].append(time.perf_counter() - t)
            elif tx is not None:
                t = time.perf_counter()
                tx.index(texts)
                runs["txtai"].append(time.perf_counter() - t)
        t = time.perf_counter()
        st = build_index(corpus, idx, embedder=embedder)
        runs["noop"].append(time.perf_counter() - t)
        embedded["noop"].append(st.embedded)
        backup = work / f"backup-{label}"
        shutil.rmtree(backup, ignore_errors=True)
        shutil.copytree(corpus, backup)
        name = _edit_one_release(corpus)
        t = time.perf_counter()
        st = build_index(corpus, idx, embedder=embedder)
        runs["one"].append(time.perf_counter() - t)
        embedded["one"].append(st.embedded)
        shutil.rmtree(corpus)
        shutil.move(str(backup), str(corpus))
        build_index(corpus, idx, embedder=embedder)  # back to the unedited corpus
    if tx is not None:
        tx.close()

    where: list[tuple[str, float]] = []
    total = float("nan")
    if profile:
        _, where, total = breakdown(lambda: build_index(corpus, idx, embedder=embedder, full=True), "_build_locked")

    per = list(zip(runs["ours"], runs["floor"], runs["txtai"] or [float("nan")] * reps))
    wall_pairs = [o / f for o, f, _ in per]
    cpu_pairs = [o / f for o, f in zip(cpu["ours"], cpu["floor"])]
    return {
        "label": label,
        "documents": first.documents,
        "chunks": first.chunks,
        "reps": reps,
        "batch": best_bs,
        "tuning": tuning,
        "batch_all": best_bs_all,
        "tuning_all": tuning_all,
        "edited": name,
        "texts_embedded": len(all_texts),
        "chars": {"chunks": sum(map(len, texts)), "all": sum(map(len, all_texts))},
        "seconds": {k: median(v) for k, v in runs.items()},
        "cpu_seconds": {k: median(v) for k, v in cpu.items()},
        "load_avg": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "pairs": {"full/floor": wall_pairs, "full/floor cpu": cpu_pairs},
        "spread": {
            "full/floor": (min(wall_pairs), max(wall_pairs)),
            "full/floor cpu": (min(cpu_pairs), max(cpu_pairs)),
        },
        "embedded": {k: max(v) if v else None for k, v in embedded.items()},
        "ratios": {
            "full/floor": median(wall_pairs),
            "full/floor cpu": median(cpu_pairs),
            "full/floor_all": median(o / f for o, f in zip(runs["ours"], runs["floor_all"])),
            "full/txtai": median(o / x for o, _, x in per),
            "txtai/floor": median(x / f for _, f, x in per),
            "noop/full": median(n / o for n, o in zip(runs["noop"], runs["ours"])),
            "one/full": median(n / o for n, o in zip(runs["one"], runs["ours"])),
        },
        "where": where,
        "where_total": total,
    }


def _load(r: dict[str, Any]) -> str:
    la = r.get("load_avg")
    return str(tuple(round(x, 2) for x in la)) if la else "unknown"


def _spread(r: dict[str, Any], key: str) -> str:
    lo_hi = r.get("spread", {}).get(key)
    return f" ({ratio(lo_hi[0])}–{ratio(lo_hi[1])} over {r['reps']})" if lo_hi else ""


def render_build(results: list[dict[str, Any]]) -> str:
    out = []
    for r in results:
        s, ra = r["seconds"], r["ratios"]
        out += [
            f"**{r['label']}** — {r['documents']} releases, {r['chunks']} chunks; median of {r['reps']} "
            f"interleaved repetitions (load average at the end {_load(r)}); model already loaded in every case; "
            "ratios are medians of the pairs, with their range. Floor batch size "
            f"{r['batch']} for the chunks (tried "
            f"{', '.join(f'{b}: {secs(t)} s' for b, t in r['tuning'].items())}), "
            f"{r.get('batch_all', '?')} for everything the build embeds (tried "
            f"{', '.join(f'{b}: {secs(t)} s' for b, t in r.get('tuning_all', {}).items())}).",
            "",
            table(
                ["step", "seconds", "chunks embedded", "ratio", "target", "verdict"],
                [
                    ["floor: `model.encode` of the same chunk texts", secs(s["floor"]), r["chunks"], "1.00×", "", ""],
                    [
                        "SCI Assistant full build (`build_index(full=True)`)",
                        secs(s["ours"]),
                        r["chunks"],
                        f"{ratio(ra['full/floor'])} floor" + _spread(r, "full/floor"),
                        "≤ 1.30× floor",
                        verdict(ra["full/floor"], 1.3),
                    ],
                    *(
                        [
                            [
                                "the same, CPU seconds (this process, every thread) ÷ the floor's",
                                f"{secs(r['cpu_seconds']['ours'])} vs {secs(r['cpu_seconds']['floor'])}",
                                "",
                                f"{ratio(ra['full/floor cpu'])} floor" + _spread(r, "full/floor cpu"),
                                "",
                                "",
                            ]
                        ]
                        if "full/floor cpu" in ra
                        else []
                    ),
                    ["", "", "", f"{ratio(ra['full/txtai'])} txtai", "≤ 0.90× txtai", verdict(ra["full/txtai"], 0.9)],
                    *(
                        [
                            [
                                f"model.encode of everything the build embeds ({r['texts_embedded']} texts: chunks "
                                f"and sentence units, {r['chars']['all'] / max(r['chars']['chunks'], 1):.2f}× the "
                                "chunk characters)",
                                secs(s["floor_all"]),
                                r["texts_embedded"],
                                f"{ratio(ra['full/floor_all'])} of it",
                                "",
                                "",
                            ]
                        ]
                        if r["texts_embedded"] != r["chunks"]
                        else []
                    ),
                    [
                        "txtai `Embeddings.index` (hybrid) of the same texts",
                        secs(s["txtai"]),
                        r["chunks"],
                        f"{ratio(ra['txtai/floor'])} floor",
                        "",
                        "",
                    ],
                    [
                        "no-op rebuild",
                        secs(s["noop"]),
                        r["embedded"]["noop"],
                        f"{ratio(ra['noop/full'])} full",
                        "0 embedded, ≤ 0.10× full",
                        "**met**"
                        if r["embedded"]["noop"] == 0 and ra["noop/full"] <= 0.10
                        else verdict(ra["noop/full"], 0.10),
                    ],
                    [
                        f"one release changed ({r['edited']})",
                        secs(s["one"]),
                        r["embedded"]["one"],
                        f"{ratio(ra['one/full'])} full",
                        "",
                        "",
                    ],
                ],
            ),
            "",
        ]
        if r["where"]:
            parts = ", ".join(f"`{k}` {secs(v)} s ({v / r['where_total'] * 100:.0f} %)" for k, v in r["where"][:8])
            out += [f"Where a full build's {secs(r['where_total'])} s go (pyinstrument): {parts}.", ""]
    return "\n".join(out).rstrip()
