"""Validate eval/questions/tune.jsonl and validation.jsonl against the normalised corpus.

Run from anywhere (uses the project's own loader and comparison normaliser):

    /work/main/.venv/bin/python eval/questions/check.py

Checks: required fields and types; unique ids across both files; every evidence string and
every answer alternative present in the normalised release text (answer alternatives may also be
a re-formatted date or number, e.g. "15 December 2023" for "Dec. 15, 2023"); answerable items with
a filter have their evidence in a document the filter allows; unanswerable items/turns have empty
evidence and answer; no group appears in both splits; the split follows the group hash. Prints
counts per type per split. Exit status 1 on any error.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sci_assistant.corpus import load_corpus  # noqa: E402
from sci_assistant.evaluation import normalise_text  # noqa: E402

TYPES = {"factoid", "count", "list", "paraphrase", "noisy", "compare", "unanswerable", "conversation", "multilingual"}
FILES = {"tune": HERE / "tune.jsonl", "validation": HERE / "validation.jsonl"}
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
NUMBER_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    "fourteen|fifteen|twenty|thirty|forty|twenty-one|twenty-nine|forty-three|thousand|"
    "first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th"
)
# A reformatted date or number: only digits, month names, number words and separators.
REFORMAT = re.compile(rf"^(?:\d+|{MONTHS}|{NUMBER_WORDS}|[\s,.\-/])+$", re.I)


def turn_labels(where: str, turn: dict, errors: list[str]) -> tuple[list, list] | None:
    """One question or conversation turn checked against the schema: its evidence and answer lists
    when it is answerable, None when it is not (or is malformed); problems are appended to errors."""
    q = turn.get("question")
    if not isinstance(q, str) or not q.strip():
        errors.append(f"{where}: missing question")
    ev, ans = turn.get("evidence"), turn.get("answer")
    if not isinstance(ev, list) or not isinstance(ans, list):
        errors.append(f"{where}: evidence and answer must be lists")
        return None
    if turn.get("found", True) is False:
        if ev or ans:
            errors.append(f"{where}: unanswerable turn must have empty evidence and answer")
        return None
    if "found" in turn:
        errors.append(f"{where}: 'found' may only be present as false")
    if not ev or not ans:
        errors.append(f"{where}: answerable turn needs evidence and answer")
    return ev, ans


def split_of(group: str) -> str:
    return "validation" if hashlib.sha1(group.encode()).hexdigest()[-1] in "9abcdef" else "tune"


def main() -> int:
    docs, _ = load_corpus(ROOT / "corpus")
    norm = {d.path: normalise_text(d.text) for d in docs}
    by_id = {d.doc_id: d.path for d in docs}
    dates = {d.path: d.date for d in docs}
    everything = "\n".join(norm.values())
    errors: list[str] = []
    ids: set[str] = set()
    groups: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, Counter] = {}
    extra = Counter()

    def allowed_docs(filters: dict | None) -> list[str]:
        if not filters:
            return list(norm)
        out = []
        for path in norm:
            docs_f = filters.get("documents") or []
            if docs_f and path not in docs_f and not any(by_id.get(x) == path for x in docs_f):
                continue
            if filters.get("date_from") and dates[path] < filters["date_from"]:
                continue
            if filters.get("date_to") and dates[path] > filters["date_to"]:
                continue
            out.append(path)
        return out

    def check_turn(where: str, turn: dict, filters: dict | None) -> None:
        labels = turn_labels(where, turn, errors)
        if labels is None:
            return
        ev, ans = labels
        scope = allowed_docs(filters)
        if not scope:
            errors.append(f"{where}: filter allows no document")
        for e in ev:
            n = normalise_text(e)
            if n not in everything:
                errors.append(f"{where}: evidence not in corpus: {e!r}")
            elif not any(n in norm[p] for p in scope):
                errors.append(f"{where}: evidence outside the filter: {e!r}")
            if len(e.split()) > 16:
                errors.append(f"{where}: evidence too long ({len(e.split())} words): {e!r}")
        for g in ans:
            if not isinstance(g, list) or not g or not all(isinstance(a, str) and a.strip() for a in g):
                errors.append(f"{where}: answer group must be a non-empty list of strings: {g!r}")
                continue
            present = [a for a in g if normalise_text(a) in everything]
            if not present:
                errors.append(f"{where}: no alternative of {g!r} is in the corpus")
            for a in g:
                if a not in present:
                    if REFORMAT.match(a):
                        extra[a] += 1
                    else:
                        errors.append(f"{where}: answer alternative not in corpus: {a!r}")

    for split, path in FILES.items():
        counts[split] = Counter()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: invalid JSON ({exc.msg})")
                continue
            iid, typ, grp = item.get("id"), item.get("type"), item.get("group")
            where += f" [{iid}]"
            if not isinstance(iid, str) or iid in ids:
                errors.append(f"{where}: missing or duplicate id")
            ids.add(iid)
            if typ not in TYPES:
                errors.append(f"{where}: unknown type {typ!r}")
            if not isinstance(grp, str) or not grp:
                errors.append(f"{where}: missing group")
                grp = "?"
            groups[grp].add(split)
            if split_of(grp) != split:
                errors.append(f"{where}: group {grp} belongs to {split_of(grp)}")
            filters = item.get("filters")
            if filters is not None:
                if not isinstance(filters, dict) or not set(filters) <= {"documents", "date_from", "date_to"}:
                    errors.append(f"{where}: bad filters {filters!r}")
                    filters = None
            counts[split][typ] += 1
            if filters:
                counts[split]["(with filters)"] += 1
            if typ == "conversation":
                turns = item.get("turns")
                if not isinstance(turns, list) or len(turns) < 2:
                    errors.append(f"{where}: conversation needs turns")
                    continue
                for t_i, turn in enumerate(turns, 1):
                    check_turn(f"{where}.{t_i}", turn, filters)
            else:
                if "turns" in item:
                    errors.append(f"{where}: turns on a single-turn item")
                check_turn(where, item, filters)
                if typ == "unanswerable" and item.get("found") is not False:
                    errors.append(f"{where}: unanswerable item without found: false")
                if item.get("found") is False:
                    counts[split]["(found: false)"] += 1

    for grp, splits in groups.items():
        if len(splits) > 1:
            errors.append(f"group {grp} is in both splits")

    all_types = sorted(set(counts["tune"]) | set(counts["validation"]))
    print(f"{'type':<18}{'tune':>6}{'validation':>12}{'total':>7}")
    for t in all_types:
        a, b = counts["tune"][t], counts["validation"][t]
        print(f"{t:<18}{a:>6}{b:>12}{a + b:>7}")
    ta = sum(v for k, v in counts["tune"].items() if not k.startswith("("))
    tb = sum(v for k, v in counts["validation"].items() if not k.startswith("("))
    print(f"{'TOTAL':<18}{ta:>6}{tb:>12}{ta + tb:>7}")
    print(f"groups: {len(groups)}; reformatted date/number alternatives: {sum(extra.values())}")
    for t in TYPES:
        if t in all_types and (not counts["tune"][t] or not counts["validation"][t]):
            print(f"warning: type {t} is missing from one split")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
