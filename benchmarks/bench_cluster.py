"""Local build vs Ray builds (1 and 2 workers) of the same synthetic corpus: time, throughput, Ray's overhead.

Each configuration builds the corpus from scratch (``full=True``) into its own index with the
bundled model and the default tagger; the Ray ones run on a local Ray started once (its start-up
is reported on its own line, not inside the builds).

    HF_HUB_OFFLINE=1 python benchmarks/bench_cluster.py --releases 40 [--workers 1 2] [--cpus 2]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from synth_corpus import write_corpus


def _row(name: str, stats, seconds: float, base: float | None) -> str:
    texts = stats.embedded + stats.sentences_embedded
    vs = f"{seconds / base:.2f}×" if base else "1.00×"
    return (
        f"| {name} | {stats.documents} | {stats.chunks} | {texts} | {seconds:.1f} | "
        f"{stats.chunks / seconds:.2f} | {texts / seconds:.1f} | {vs} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--releases", type=int, default=40)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--cpus", type=int, default=2, help="CPUs the local Ray may use")
    ap.add_argument("--corpus", help="build this folder instead of a synthetic corpus")
    args = ap.parse_args()

    import ray

    from sci_assistant.cluster import RayEngine
    from sci_assistant.indexing import build_index

    work = Path(tempfile.mkdtemp(prefix="sci-bench-cluster-"))
    try:
        corpus = Path(args.corpus) if args.corpus else work / "corpus"
        if not args.corpus:
            write_corpus(corpus, args.releases, seed=7)
        rows = [
            "| engine | documents | chunks | texts embedded (chunks + sentences) | seconds | chunks/s | "
            "texts/s | time vs local |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        t = time.perf_counter()
        local = build_index(corpus, work / "local", full=True)
        base = time.perf_counter() - t
        rows.append(_row("local (this process)", local, base, None))
        t = time.perf_counter()
        ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
        started = time.perf_counter() - t
        for n in args.workers:
            t = time.perf_counter()
            stats = build_index(corpus, work / f"ray-{n}", full=True, engine=RayEngine(workers=n))
            rows.append(_row(f"Ray, {n} worker{'s' if n > 1 else ''}", stats, time.perf_counter() - t, base))
        ray.shutdown()
        print("\n".join(rows))
        print(f"\nlocal Ray start-up ({args.cpus} CPUs): {started:.1f} s (not in the rows above)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
