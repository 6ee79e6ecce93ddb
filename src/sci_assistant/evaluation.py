"""Score a question set (JSONL): recall@k, MRR, answer, lead, abstain, false abstain, latency."""

from __future__ import annotations

import html
import json
import re
import statistics
import time
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import InvalidRequestError

_TAG = re.compile(r"<[^>]+>")
_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'}
)


def normalise_text(s: str) -> str:
    """The comparison form of the question sets' README (shared/eval/README.md), in its order:
    Unicode NFKC, HTML entities unescaped, quotes straightened, tags and '*' removed, whitespace
    collapsed, case folded (case-insensitive). The one scorer: ``sci-assistant eval`` and
    benchmarks/ both use it.

    >>> normalise_text("  <b>Mr.&nbsp;Tan</b>’s **MOU**  ")
    "mr. tan's mou"
    """
    s = unicodedata.normalize("NFKC", s)
    s = html.unescape(s)
    s = s.translate(_QUOTES)
    s = _TAG.sub("", s).replace("*", "")
    return " ".join(s.split()).casefold()


def contains_any(text: str, options: Sequence[str]) -> bool:
    """True when one of ``options`` appears in ``text`` (both in comparison form): evidence."""
    t = normalise_text(text)
    return any(normalise_text(o) in t for o in options)


def satisfies(text: str, groups: Sequence[Sequence[str]]) -> bool:
    """True when every group has an alternative that appears in ``text``: an expected answer."""
    return all(contains_any(text, g) for g in groups)


def load_questions(path: Path) -> list[dict[str, Any]]:
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InvalidRequestError(f"cannot read question set {path}: {exc.strerror or exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InvalidRequestError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
    return items


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    i = min(len(values) - 1, max(0, int(round(q * (len(values) - 1)))))
    return values[i]


def evaluate(assistant, path: Path, *, k: int = 5) -> dict[str, Any]:
    """Run every question of ``path`` through ``assistant.search`` and ``assistant.ask``."""
    items = load_questions(path)
    rows: list[dict[str, Any]] = []
    search_ms: list[float] = []
    ask_ms: list[float] = []
    for item in items:
        turns = item.get("turns") or [item]
        history: list[dict[str, str]] = []
        for t_i, turn in enumerate(turns):
            q = turn["question"]
            unanswerable = turn.get("found", item.get("found", True)) is False
            filters = turn.get("filters", item.get("filters"))
            t0 = time.perf_counter()
            hits = assistant.search(q, k=k, filters=filters)
            search_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            ans = assistant.ask(q, history=list(history), filters=filters)
            ask_ms.append((time.perf_counter() - t0) * 1000)
            history += [{"role": "user", "content": q}, {"role": "assistant", "content": ans.text}]
            evidence = turn.get("evidence") or []
            # A follow-up is judged by the answer's citations (its resolved search).
            ranked = [h.text for h in (ans.citations if t_i > 0 else hits)][:k]
            rank = next((i + 1 for i, t in enumerate(ranked) if contains_any(t, evidence)), None)
            groups = turn.get("answer") or []
            rows.append(
                {
                    "id": item.get("id", "?") + (f".{t_i + 1}" if len(turns) > 1 else ""),
                    "type": item.get("type", "?"),
                    "question": q,
                    "unanswerable": unanswerable,
                    "found": ans.found,
                    "rank": rank,
                    "has_evidence": bool(evidence),
                    "answer_ok": (not unanswerable) and ans.found and satisfies(ans.text, groups),
                    "lead_ok": (not unanswerable) and ans.found and satisfies(ans.text[:300], groups),
                    "intent": ans.intent,
                    "query": ans.query,
                    "strategy": ans.strategy,
                    "confidence": ans.confidence,
                    "signals": ans.signals,
                }
            )
    return _summarise(rows, search_ms, ask_ms, k)


def _metrics(rows: list[dict[str, Any]], k: int) -> dict[str, Any]:
    ans = [r for r in rows if not r["unanswerable"]]
    unans = [r for r in rows if r["unanswerable"]]
    with_ev = [r for r in ans if r.get("has_evidence")]

    def share(xs, f):
        return round(sum(1 for x in xs if f(x)) / len(xs), 4) if xs else None

    return {
        "questions": len(rows),
        f"recall@{k}": share(with_ev, lambda r: r["rank"] is not None),
        "mrr": round(sum(1 / r["rank"] for r in with_ev if r["rank"]) / len(with_ev), 4) if with_ev else None,
        "answer": share(ans, lambda r: r["answer_ok"]),
        "lead": share(ans, lambda r: r["lead_ok"]),
        "abstain": share(unans, lambda r: not r["found"]),
        "false_abstain": share(ans, lambda r: not r["found"]),
    }


def _summarise(rows, search_ms, ask_ms, k) -> dict[str, Any]:
    by_type: dict[str, list] = defaultdict(list)
    for r in rows:
        by_type[r["type"]].append(r)
    return {
        "overall": _metrics(rows, k),
        "by_type": {t: _metrics(rs, k) for t, rs in sorted(by_type.items())},
        "latency_ms": {
            "search_p50": round(statistics.median(search_ms), 2) if search_ms else None,
            "search_p95": round(_pct(search_ms, 0.95), 2),
            "ask_p50": round(statistics.median(ask_ms), 2) if ask_ms else None,
            "ask_p95": round(_pct(ask_ms, 0.95), 2),
        },
        "k": k,
        "results": rows,
    }


def format_report(report: dict[str, Any]) -> str:
    k = report["k"]
    cols = ["questions", f"recall@{k}", "mrr", "answer", "lead", "abstain", "false_abstain"]
    head = f"{'':14}" + "".join(f"{c:>14}" for c in cols)
    lines = [head, "-" * len(head)]

    def fmt(v):
        return f"{'—':>14}" if v is None else (f"{v:>14}" if isinstance(v, int) else f"{v:>14.3f}")

    for name, m in [("overall", report["overall"]), *report["by_type"].items()]:
        lines.append(f"{name:14}" + "".join(fmt(m[c]) for c in cols))
    lat = report["latency_ms"]
    lines.append("")
    lines.append(
        f"latency ms: search p50 {lat['search_p50']} p95 {lat['search_p95']} · "
        f"ask p50 {lat['ask_p50']} p95 {lat['ask_p95']}"
    )
    misses = [r for r in report["results"] if not (r["answer_ok"] or (r["unanswerable"] and not r["found"]))]
    if misses:
        lines.append("")
        lines.append("not answered as expected:")
        for r in misses:
            why = (
                "answered (should abstain)"
                if r["unanswerable"]
                else "abstained"
                if not r["found"]
                else "answer missing a required fact"
            )
            lines.append(f"  {r['id']:8} {why}: {r['question']}")
    return "\n".join(lines)


def calibrate(
    assistant, path: Path, *, out: Path | None = None, min_precision: float = 0.95, min_recall: float = 0.95
) -> dict[str, Any]:
    """Fit the answer confidence on a labelled *tune* set and write ``calibration.json``.

    Every question of ``path`` is asked; its evidence signals and whether it is answerable
    (label) train a logistic model (answer/confidence.py). Questions refused by a hard rule (a
    meeting outside the corpus, filters excluding the named release, a question's form the
    evidence cannot meet) are left out.

    Returns:
        {"calibration": …, "table": precision-at-coverage rows, "questions": n}.
    """
    from .answer.confidence import CALIBRATION_FILE, fit, load_calibration

    report = evaluate(assistant, path)
    # Questions a hard rule refused never reach the model: fitting on them would only teach it
    # what the rule already decides.
    rows = [r for r in report["results"] if r["signals"] and not r["signals"].get("rule")]
    # The recall asked for is over every answerable question: those a rule already refused are
    # lost, so the model must keep a larger share of the rest.
    answerable = sum(1 for r in report["results"] if not r["unanswerable"])
    decided = sum(1 for r in rows if not r["unanswerable"])
    model_recall = min(1.0, min_recall * answerable / decided) if decided else min_recall
    cal, table = fit(
        [r["signals"] for r in rows],
        [0 if r["unanswerable"] else 1 for r in rows],
        min_precision=min_precision,
        min_recall=model_recall,
    )
    target = out or CALIBRATION_FILE
    target.write_text(json.dumps(cal.to_json(), indent=2) + "\n", encoding="utf-8")
    load_calibration.cache_clear()
    return {"calibration": cal.to_json(), "table": table, "questions": len(rows), "path": str(target)}


def coverage_table(report: dict[str, Any]) -> list[dict[str, float]]:
    """Precision at coverage: for each confidence threshold, the share of questions answered and
    the share of those that were answerable and answered correctly."""
    # Questions a hard rule refused never reach the model: fitting on them would only teach it
    # what the rule already decides.
    rows = [r for r in report["results"] if r["signals"] and not r["signals"].get("rule")]
    out = []
    for t in [i / 10 for i in range(1, 10)]:
        answered = [r for r in rows if r["confidence"] >= t]
        right = [r for r in answered if r["answer_ok"]]
        out.append(
            {
                "threshold": t,
                "coverage": round(len(answered) / len(rows), 3) if rows else 0.0,
                "precision": round(len(right) / len(answered), 3) if answered else 1.0,
            }
        )
    return out
