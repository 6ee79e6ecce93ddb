"""Score the assistant on releases it was not built around: corpus/ plus eval/releases/**.

    python eval/releases.py                # check the labels, build a temporary index, score both files
    python eval/releases.py --check        # only check the labels
    python eval/releases.py --index DIR    # build into (or update) DIR and keep it
    python eval/releases.py --tune-misses  # also list the tune items not answered as expected

The index is built from one folder: corpus/ is copied into a temporary folder as is and
eval/releases/ beside it as ``releases/`` (``sci-assistant build --corpus TMP --index DIR``).
Each question file is then scored with ``sci-assistant eval FILE --index DIR --json``. Only the
summary metrics (overall and per type) are printed. Validation items are never listed one by one:
``--tune-misses`` lists misses of the tune file only.

The label check uses the product's own loader (``load_corpus``) and the scorer's
``normalise_text``. It checks the fields, unique ids, group ids that no other file uses, and
evidence and answer alternatives present in the documents the file may draw on: corpus/ and its
own split's releases, never the other split's. Answer alternatives may also be a reformatted date
or number. The commands run this checkout's code (``src/`` is put first on PYTHONPATH) with
``HF_HUB_OFFLINE=1``. Exit status is 1 when the check fails or a command fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RELEASES = HERE / "releases"
QUESTIONS = HERE / "questions"
FILES = {"tune": QUESTIONS / "releases-tune.jsonl", "validation": QUESTIONS / "releases-validation.jsonl"}
OTHER_SETS = [QUESTIONS / "tune.jsonl", QUESTIONS / "validation.jsonl"]
ID_PREFIX = {"tune": "rt", "validation": "rv"}
TYPES = {"factoid", "count", "list", "paraphrase", "noisy", "compare", "unanswerable", "conversation", "multilingual"}
METRICS = ["questions", "recall@5", "mrr", "answer", "lead", "abstain", "false_abstain"]

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER = (
    rf"(?:zero|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{_UNITS}|"
    rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:{_UNITS}))?|hundred|thousand|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# A reformatted date or number: only digits, month names, number words and separators.
REFORMAT = re.compile(rf"^(?:\d+|{_MONTHS}|{_NUMBER}|[\s,.\-/])+$", re.I)


def assemble_corpus(dest: Path) -> Path:
    """corpus/*  → dest/, eval/releases/** → dest/releases/ (one folder for ``build``)."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted((ROOT / "corpus").iterdir()):
        if f.is_file():
            shutil.copy2(f, dest / f.name)
    shutil.copytree(RELEASES, dest / "releases", dirs_exist_ok=True)
    return dest


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _check_turn(where: str, turn: dict, allowed: str, split: str, errors: list[str]) -> None:
    """One question (or conversation turn): its labels against the text it may draw on."""
    from sci_assistant.evaluation import normalise_text

    sys.path.insert(0, str(QUESTIONS))
    from check import turn_labels  # the schema checks the other question sets use

    labels = turn_labels(where, turn, errors)
    if labels is None:
        return
    ev, ans = labels
    for e in ev:
        if normalise_text(e) not in allowed:
            errors.append(f"{where}: evidence not in corpus/ or the {split} releases: {e!r}")
        if len(e.split()) > 16:
            errors.append(f"{where}: evidence too long: {e!r}")
    for g in ans:
        if not isinstance(g, list) or not g or not all(isinstance(a, str) and a.strip() for a in g):
            errors.append(f"{where}: an answer group is a non-empty list of strings: {g!r}")
            continue
        present = [a for a in g if normalise_text(a) in allowed]
        if not present:
            errors.append(f"{where}: no alternative of {g!r} is in corpus/ or the {split} releases")
        for a in g:
            if a not in present and not REFORMAT.match(a):
                errors.append(f"{where}: answer alternative not in the text: {a!r}")


def check(corpus: Path, out=sys.stdout) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from sci_assistant.corpus import load_corpus
    from sci_assistant.evaluation import normalise_text

    docs, skipped = load_corpus(corpus)
    errors: list[str] = [f"skipped {s.path}: {s.reason}" for s in skipped]
    split_of_doc = {}
    for d in docs:
        parts = Path(d.path).parts
        split_of_doc[d.path] = parts[1] if parts[0] == "releases" and len(parts) > 2 else "seed"
    text = {d.path: normalise_text(d.text) for d in docs}
    taken = {item.get("group") for path in OTHER_SETS if path.exists() for item in _read(path)}
    ids: set[str] = set()
    group_split: dict[str, str] = {}
    counts: dict[str, Counter] = {}

    for split, path in FILES.items():
        allowed = "\n".join(t for p, t in text.items() if split_of_doc[p] in ("seed", split))
        counts[split] = Counter()

        for n, item in enumerate(_read(path), 1):
            iid, typ, grp = item.get("id"), item.get("type"), item.get("group")
            where = f"{path.name}:{n} [{iid}]"
            if not isinstance(iid, str) or iid in ids or not iid.startswith(ID_PREFIX[split]):
                errors.append(f"{where}: missing, duplicate or misnamed id")
            ids.add(iid)
            if typ not in TYPES:
                errors.append(f"{where}: unknown type {typ!r}")
            if not isinstance(grp, str) or not grp.startswith(("g-", "u-", "c-")):
                errors.append(f"{where}: missing group or group without a g-/u-/c- prefix")
            elif group_split.setdefault(grp, split) != split:
                errors.append(f"{where}: group {grp} is in both files")
            elif grp in taken:
                errors.append(f"{where}: group {grp} is already used by eval/questions/tune|validation.jsonl")
            counts[split][typ] += 1
            if typ == "conversation":
                turns = item.get("turns")
                if not isinstance(turns, list) or len(turns) < 2:
                    errors.append(f"{where}: a conversation needs turns")
                    continue
                for t_i, turn in enumerate(turns, 1):
                    _check_turn(f"{where}.{t_i}", turn, allowed, split, errors)
                counts[split]["(turns)"] += len(turns)
            else:
                _check_turn(where, item, allowed, split, errors)
                if typ == "unanswerable" and item.get("found") is not False:
                    errors.append(f"{where}: unanswerable item without found: false")

    print(f"{'type':<16}{'tune':>6}{'validation':>12}", file=out)
    for t in sorted(set(counts["tune"]) | set(counts["validation"])):
        print(f"{t:<16}{counts['tune'][t]:>6}{counts['validation'][t]:>12}", file=out)
    totals = {s: sum(v for k, v in counts[s].items() if k != "(turns)") for s in counts}
    print(f"{'TOTAL':<16}{totals['tune']:>6}{totals['validation']:>12}", file=out)
    for e in errors:
        print("ERROR", e, file=out)
    print("labels OK" if not errors else f"{len(errors)} error(s)", file=out)
    return 1 if errors else 0


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    env.setdefault("HF_HUB_OFFLINE", "1")
    return env


def _cli(*args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "sci_assistant", *args]
    proc = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return proc


def _table(name: str, report: dict) -> str:
    head = f"{name:<16}" + "".join(f"{c:>14}" for c in METRICS)
    lines = [head, "-" * len(head)]
    for row, m in [("overall", report["overall"]), *report["by_type"].items()]:
        cells = ["—" if m.get(c) is None else (str(m[c]) if c == "questions" else f"{m[c]:.3f}") for c in METRICS]
        lines.append(f"{row:<16}" + "".join(f"{c:>14}" for c in cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only check the labels")
    ap.add_argument("--index", help="build into this folder and keep it (default: a temporary folder)")
    ap.add_argument("--json", action="store_true", help="print the summaries as JSON")
    ap.add_argument("--tune-misses", action="store_true", help="list the tune items not answered as expected")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="sci-releases-") as tmp:
        corpus = assemble_corpus(Path(tmp) / "corpus")
        log = sys.stderr if args.json else sys.stdout
        status = check(corpus, out=log)
        if args.check or status:
            return status
        index = Path(args.index) if args.index else Path(tmp) / "index"
        build = _cli("build", "--corpus", str(corpus), "--index", str(index))
        print(build.stdout.strip().replace(str(corpus), "<corpus>"), file=log)
        summaries = {}
        for split, path in FILES.items():
            report = json.loads(_cli("eval", str(path), "--index", str(index), "--json").stdout)
            summaries[split] = {"overall": report["overall"], "by_type": report["by_type"]}
            if not args.json:
                print()
                print(_table(f"releases-{split}", report))
            if split == "tune" and args.tune_misses:
                for r in report["results"]:
                    if not (r["answer_ok"] or (r["unanswerable"] and not r["found"])):
                        why = "answered" if r["unanswerable"] else "abstained" if not r["found"] else "missing fact"
                        print(f"  {r['id']:9} {why}: {r['question']}", file=log)
        if args.json:
            print(json.dumps(summaries, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
