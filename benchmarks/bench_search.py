"""Sections 1 and 2: retrieval quality against baselines, and warm query latency against the floor
and txtai — all on one index built from the seed corpus, in one process, interleaved."""

from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Any

import numpy as np
from common import (
    Question,
    contains_any,
    median,
    model_path,
    ms,
    pct,
    ratio,
    satisfies,
    standalone,
    table,
    verdict,
)

K = 5


def chunk_texts(loaded) -> tuple[list[str], list[str], list[str]]:
    """(verbatim chunk text, embedding input, BM25 text) per row of a LoadedIndex."""
    from sci_assistant import chunking

    emb = getattr(chunking, "chunk_embedding_input", None)
    bm = getattr(chunking, "chunk_search_text", None)
    plain, enc, sparse = [], [], []
    for c in loaded.chunks:
        d = loaded.documents[c.doc_id]
        plain.append(c.text)
        enc.append(emb(d, c) if emb else c.text)
        sparse.append(bm(d, c) if bm else c.text)
    return plain, enc, sparse


class Setup:
    """Everything sections 1–2 share: our index and assistant, and the baselines over its chunks."""

    def __init__(self, index_dir: Path, embedder) -> None:
        from baselines import BM25Only, DenseOnly, Floor, Txtai

        from sci_assistant.assistant import Assistant
        from sci_assistant.indexing import open_index

        # The default query path: the index's ONNX encoder when it has one (as the CLI and app use).
        self.assistant = Assistant.load(index_dir)
        self.query_encoder = type(self.assistant.embedder).__name__
        loaded = open_index(index_dir)
        self.plain, self.enc, self.sparse = chunk_texts(loaded)
        vectors = np.load(loaded.path / "vectors.npy")
        model = embedder.model
        self.floor = Floor(model, vectors)
        self.dense = DenseOnly(model, vectors)
        self.bm25 = BM25Only(self.sparse)
        t = time.perf_counter()
        self.txtai = Txtai(model_path())
        self.txtai_load_s = time.perf_counter() - t
        self.txtai.index(self.enc)
        self.row_text = self.plain
        self.ask_error: str | None = None
        try:
            import sci_assistant.answer  # noqa: F401
        except ImportError as exc:
            self.ask_error = f"ask is not available in this checkout ({exc})"

    def ours(self, q: str, k: int) -> list[str]:
        return [h.text for h in self.assistant.search(q, k=k)]

    def rows_text(self, rows: list[int]) -> list[str]:
        return [self.row_text[i] for i in rows]


# -- section 1 ------------------------------------------------------------------------------------


def _rank(texts: list[str], evidence: list[str]) -> int | None:
    for n, t in enumerate(texts, 1):
        if contains_any(t, evidence):
            return n
    return None


def quality(s: Setup, questions: list[Question]) -> dict[str, Any]:
    qs = standalone(questions)
    systems = {
        "SCI Assistant hybrid": lambda q: s.ours(q, K),
        s.bm25.name: lambda q: s.rows_text(s.bm25.search(q, K)),
        s.dense.name: lambda q: s.rows_text(s.dense.search(q, K)),
        s.txtai.name: lambda q: s.rows_text(s.txtai.search(q, K)),
    }
    out: dict[str, Any] = {"n": len(qs), "systems": {}}
    for name, fn in systems.items():
        ranks = [_rank(fn(q.question), q.evidence) for q in qs]
        out["systems"][name] = {
            "recall@5": sum(r is not None for r in ranks) / len(qs),
            "mrr": sum(1 / r for r in ranks if r) / len(qs),
            "missed": [q.id for q, r in zip(qs, ranks) if r is None],
        }
    out["ask"] = ask_quality(s, questions)
    return out


def ask_quality(s: Setup, questions: list[Question]) -> dict[str, Any]:
    if s.ask_error:
        return {"error": s.ask_error}
    ans_ok = lead_ok = n_ans = 0
    abstain = n_unans = false_abstain = 0
    recall_hits = 0
    history: list[dict] = []
    failures = []
    for q in questions:
        if q.turn == 0:
            history = []
        try:
            a = s.assistant.ask(q.question, history=list(history))
        except Exception as exc:  # a crash is a wrong answer, and worth reporting
            failures.append(f"{q.id}: {type(exc).__name__}: {exc}")
            history += [{"role": "user", "content": q.question}, {"role": "assistant", "content": ""}]
            if q.answerable:
                n_ans += 1
            else:
                n_unans += 1
            continue
        history += [{"role": "user", "content": q.question}, {"role": "assistant", "content": a.text}]
        if q.answerable:
            n_ans += 1
            if a.found and satisfies(a.text, q.answer):
                ans_ok += 1
            if a.found and satisfies(a.text[:300], q.answer):
                lead_ok += 1
            if not a.found:
                false_abstain += 1
            if q.turn > 0 and any(contains_any(h.text, q.evidence) for h in a.citations):
                recall_hits += 1
        else:
            n_unans += 1
            if not a.found:
                abstain += 1
    return {
        "answer": ans_ok / max(n_ans, 1),
        "lead": lead_ok / max(n_ans, 1),
        "abstain": abstain / max(n_unans, 1),
        "false_abstain": false_abstain / max(n_ans, 1),
        "n_answerable": n_ans,
        "n_unanswerable": n_unans,
        "failures": failures,
    }


def render_quality(r: dict[str, Any]) -> str:
    rows = []
    ours = r["systems"]["SCI Assistant hybrid"]
    for name, m in r["systems"].items():
        rows.append(
            [
                name,
                f"{m['recall@5']:.3f}",
                f"{m['mrr']:.3f}",
                "—" if name == "SCI Assistant hybrid" else f"{ours['recall@5'] - m['recall@5']:+.3f}",
                ", ".join(m["missed"]) or "none",
            ]
        )
    out = [
        f"{r['n']} answerable single-turn questions of dev.jsonl (and the first turn of each conversation); "
        f"k = {K}; a hit counts when its chunk text contains an evidence string.",
        "",
        table(["system", "recall@5", "MRR", "ours − this (recall)", "questions missed"], rows),
    ]
    a = r["ask"]
    out.append("")
    if "error" in a:
        out.append(f"`ask`: not measured — {a['error']}.")
    else:
        out.append(
            table(
                ["ask (SCI Assistant)", "answer", "lead (first 300 chars)", "abstain", "false abstain"],
                [
                    [
                        f"{a['n_answerable']} answerable / {a['n_unanswerable']} unanswerable",
                        f"{a['answer']:.3f}",
                        f"{a['lead']:.3f}",
                        f"{a['abstain']:.3f}",
                        f"{a['false_abstain']:.3f}",
                    ]
                ],
            )
        )
        if a["failures"]:
            out.append("")
            out.append("ask raised on: " + "; ".join(a["failures"][:5]))
    return "\n".join(out)


# -- section 2 ------------------------------------------------------------------------------------


def latency(s: Setup, questions: list[Question], rounds: int, *, label: str = "dev") -> dict[str, Any]:
    """Every query goes through every system back to back (the order rotating from query to
    query), ``rounds`` times. A ratio is the median over all (query, round) pairs of the two
    systems' times for that same query moments apart, so bursts of load from other processes
    fall on both sides of a pair; p50/p95 are over all calls."""
    qs = [q.question for q in questions if q.turn == 0]
    systems: dict[str, Any] = {
        "floor": lambda q: s.floor.search(q, K),
        "search": lambda q: s.assistant.search(q, k=K),
        "txtai": lambda q: s.txtai.search(q, K),
    }
    if not s.ask_error:
        systems["ask"] = lambda q: s.assistant.ask(q)
    for fn in systems.values():  # warm: first calls pay one-time costs (caches, allocations)
        for q in qs[:3]:
            try:
                fn(q)
            except Exception:
                pass
    names = list(systems)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for i, q in enumerate(qs):
            j = (i + r) % len(names)
            for name in names[j:] + names[:j]:
                t = time.perf_counter()
                try:
                    systems[name](q)
                except Exception:
                    traceback.print_exc()
                times[name].append(time.perf_counter() - t)
    res: dict[str, Any] = {
        "label": label,
        "queries": len(qs),
        "rounds": rounds,
        "systems": {},
        "query_encoder": s.query_encoder,
    }
    for name in names:
        res["systems"][name] = {"p50": pct(times[name], 50), "p95": pct(times[name], 95)}

    def rr(a: str, b: str) -> float:
        if a not in times or b not in times:
            return float("nan")
        return median(x / y for x, y in zip(times[a], times[b]))

    res["ratios"] = {
        "search/floor p50": rr("search", "floor"),
        "search/txtai p50": rr("search", "txtai"),
        "ask/floor p50": rr("ask", "floor"),
        "txtai/floor p50": rr("txtai", "floor"),
        "ask/search p50": rr("ask", "search"),
    }
    if s.ask_error:
        res["ask_error"] = s.ask_error
    return res


def render_latency(r: dict[str, Any]) -> str:
    names = {
        "floor": "floor: model.encode(query) (torch) + IndexFlatIP",
        "search": "SCI Assistant `search` (k=5)",
        "ask": "SCI Assistant `ask`",
        "txtai": "txtai hybrid `search` (k=5)",
    }
    ra = r["ratios"]
    paired = {
        "floor": 1.0,
        "search": ra["search/floor p50"],
        "txtai": ra["txtai/floor p50"],
        "ask": ra["ask/floor p50"],
    }
    rows = [[names[n], ms(m["p50"]), ms(m["p95"]), ratio(paired[n])] for n, m in r["systems"].items()]
    out = [
        f"{r['queries']} {r.get('label', 'dev')} questions × {r['rounds']} rounds, warm, one query at a time, "
        "systems back to back "
        "per query; milliseconds. Ratios: median over (query, round) pairs of the two times for the same query. "
        f"SCI Assistant encodes queries with `{r.get('query_encoder', '?')}` (`Assistant.load` default).",
        "",
        table(["system", "p50 ms", "p95 ms", "÷ floor (paired median)"], rows),
        "",
        table(
            ["target", "paired median ratio", "limit", "verdict"],
            [
                ["ask p50 ÷ floor p50", ratio(ra["ask/floor p50"]), "≤ 0.60×", verdict(ra["ask/floor p50"], 0.6)],
                [
                    "search p50 ÷ txtai p50",
                    ratio(ra["search/txtai p50"]),
                    "≤ 0.60×",
                    verdict(ra["search/txtai p50"], 0.6),
                ],
                ["search ÷ floor (for reference)", ratio(ra["search/floor p50"]), "", ""],
                ["ask ÷ search (the answer step, for reference)", ratio(ra["ask/search p50"]), "", ""],
            ],
        ),
    ]
    if r.get("ask_error"):
        out += ["", f"`ask` not measured: {r['ask_error']}."]
    return "\n".join(out)


# The typed-answer and confidence code of the answer step (issue 14, item 6: they may add at most
# 10 % to `ask`): the evidence signals, the calibrated score and the refusal rules built on them;
# the typed spans (entities tagged at build time, and patterns) wherever an answer looks them up.
FEATURES = {
    "confidence": (
        ("sci_assistant.answer.respond", ("_signals", "_unmet_form", "_focus_unmet", "_refusal_reason")),
        ("sci_assistant.answer.confidence", ("Calibration.confidence",)),
    ),
    "types": (
        (
            "sci_assistant.answer.spans",
            (
                "tagged",
                "dates",
                "amounts",
                "count_of",
                "people",
                "places",
                "person_for_side",
                "with_long_form",
                "fullest_name",
            ),
        ),
        ("sci_assistant.answer.focus", ("_kind_met",)),
    ),
}


def feature_share(s: Setup, questions: list[Question], rounds: int = 3) -> dict[str, Any]:
    """Seconds per `ask` spent in each group of FEATURES (outermost calls only, so a span lookup
    inside the signals counts once), against the whole `ask`; the functions are wrapped for the
    run and put back after."""
    import importlib

    if s.ask_error:
        return {"error": s.ask_error}
    qs = [q.question for q in questions if q.turn == 0]
    spent = {name: 0.0 for name in FEATURES}
    depth = [0]
    restore = []

    def wrapped(fn, group):
        def call(*a, **k):
            depth[0] += 1
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    spent[group] += time.perf_counter() - t

        return call

    for group, places in FEATURES.items():
        for module, names in places:
            mod = importlib.import_module(module)
            for name in names:
                owner, attr = (getattr(mod, name.split(".")[0]), name.split(".")[1]) if "." in name else (mod, name)
                fn = getattr(owner, attr)
                restore.append((owner, attr, fn))
                setattr(owner, attr, wrapped(fn, group))
    try:
        for q in qs[:3]:
            s.assistant.ask(q)
        for group in spent:
            spent[group] = 0.0
        total = 0.0
        for _ in range(rounds):
            for q in qs:
                t = time.perf_counter()
                s.assistant.ask(q)
                total += time.perf_counter() - t
    finally:
        for owner, attr, fn in restore:
            setattr(owner, attr, fn)
    n = len(qs) * rounds
    return {
        "queries": len(qs),
        "rounds": rounds,
        "ask_mean": total / n,
        "groups": {g: v / n for g, v in spent.items()},
        "share": sum(spent.values()) / total if total else float("nan"),
    }


def render_features(r: dict[str, Any], label: str) -> str:
    if "error" in r:
        return f"Answer features: not measured — {r['error']}."
    parts = ", ".join(f"{g} {ms(v)} ms" for g, v in r["groups"].items())
    return (
        f"The answer features (typed answers and confidence) in a warm `ask`, {r['queries']} {label} questions × "
        f"{r['rounds']} rounds: {parts} of {ms(r['ask_mean'])} ms per question, "
        f"**{r['share'] * 100:.1f} %** of `ask` (target ≤ 10 %: {verdict(r['share'], 0.10)}). The functions "
        "behind each group are listed in `bench_search.FEATURES`; per-document work (entities, dates) is "
        "done at build time."
    )


def search_breakdown(s: Setup, questions: list[Question], rounds: int = 3) -> dict[str, Any]:
    """pyinstrument over ``rounds`` passes of every question through ``search`` (and ``ask``):
    seconds per child of Retriever.search / answer_question, per query."""
    from profiling import breakdown

    qs = [q.question for q in questions if q.turn == 0]
    n = len(qs) * rounds

    def run_search():
        for _ in range(rounds):
            for q in qs:
                s.assistant.search(q, k=K)

    _, parts, total = breakdown(run_search, "Retriever.search")
    out = {"search": {"per_query": total / n, "parts": [(k, v / n) for k, v in parts]}}
    if not s.ask_error:

        def run_ask():
            for _ in range(rounds):
                for q in qs:
                    s.assistant.ask(q)

        _, parts, total = breakdown(run_ask, "answer_question")
        out["ask"] = {"per_query": total / n, "parts": [(k, v / n) for k, v in parts]}
    return out


def render_breakdown(r: dict[str, Any]) -> str:
    out = []
    for name, b in r.items():
        if not b["parts"]:
            continue
        parts = ", ".join(f"`{k}` {ms(v)} ms" for k, v in b["parts"][:8] if v >= 0.00005)
        out.append(f"- `{name}`: {ms(b['per_query'])} ms per query — {parts}.")
    return "\n".join(out)
