"""sci-assistant: build, search, ask, eval, info, serve — thin wiring over Assistant and build_index."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import ENV_CORPUS, ENV_INDEX, ENV_MODEL
from .errors import SciAssistantError

ENV_HELP = f"""
environment:
  {ENV_CORPUS}   default corpus folder (else ./corpus)
  {ENV_INDEX}    default index folder (else ./index)
  {ENV_MODEL}    default model folder (else the bundled all-MiniLM-L6-v2)
"""
LOCAL_RAY = ""  # `--ray` without an address
CORPUS_HELP = (
    "the corpus folder whose files --json cites (default: the folder the index was built from; "
    f"if it is gone, {ENV_CORPUS} or ./corpus)"
)


def _default(env: str, fallback: str) -> str:
    return os.environ.get(env) or fallback


def _add_paths(p: argparse.ArgumentParser, corpus: bool = False) -> None:
    if corpus:
        p.add_argument("--corpus", default=_default(ENV_CORPUS, "corpus"), help="corpus folder (default: %(default)s)")
    p.add_argument("--index", default=_default(ENV_INDEX, "index"), help="index folder (default: %(default)s)")
    p.add_argument(
        "--model",
        default=os.environ.get(ENV_MODEL) or None,
        help="local sentence-transformers model folder (default: the bundled all-MiniLM-L6-v2)",
    )


def _parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="sci-assistant",
        description="Cited answers from the Singapore–Shenzhen Smart City Initiative press releases.",
        epilog='examples:\n  sci-assistant build\n  sci-assistant search "green energy storage" -k 3\n'
        '  sci-assistant ask "How many MOUs were signed at the 4th JIC meeting?"\n' + ENV_HELP,
        formatter_class=fmt,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser(
        "build",
        help="build or update the index from the corpus (offline)",
        formatter_class=fmt,
        description="Build or update the index. Only new or changed chunks are embedded.",
        epilog="examples:\n  sci-assistant build\n  sci-assistant build --full\n"
        "  sci-assistant build --corpus releases/ --index /tmp/idx --json\n"
        "  sci-assistant build --ray                # a local Ray\n"
        "  sci-assistant build --ray auto           # the Ray cluster this machine belongs to\n"
        "  sci-assistant build --ray ray://head:10001\n" + ENV_HELP,
    )
    _add_paths(b, corpus=True)
    b.add_argument("--full", action="store_true", help="re-embed everything")
    b.add_argument(
        "--wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="wait this long for another running build (default: fail at once)",
    )
    b.add_argument("--json", action="store_true", help="print the build statistics as JSON")
    b.add_argument(
        "--ray",
        nargs="?",
        const=LOCAL_RAY,
        default=None,
        metavar="ADDRESS",
        help="chunk, embed and tag on Ray: the cluster at ADDRESS ('auto', 'ray://host:10001'), "
        "or a local Ray without ADDRESS (needs: pip install 'sci-assistant[cluster]')",
    )

    s = sub.add_parser(
        "search",
        help="hybrid search; prints the best passages",
        formatter_class=fmt,
        epilog='examples:\n  sci-assistant search "green energy storage"\n'
        "  sci-assistant search yanlord -k 3 --json\n" + ENV_HELP,
    )
    s.add_argument("query")
    s.add_argument("-k", type=int, default=5, help="number of hits (default: %(default)s)")
    s.add_argument(
        "--json",
        action="store_true",
        help="print hits as JSON, each with its file and file_start/file_end (characters of the file as stored; "
        "null when it cannot be placed), the release's title, event date and URL",
    )
    s.add_argument("--corpus", default=None, help=CORPUS_HELP)
    _add_paths(s)

    a = sub.add_parser(
        "ask",
        help="answer a question with verbatim, cited quotes",
        formatter_class=fmt,
        epilog='examples:\n  sci-assistant ask "Who co-chaired the 3rd JIC meeting?"\n'
        '  sci-assistant ask "Which MOUs were signed at the 4th JIC meeting?" --json\n' + ENV_HELP,
    )
    a.add_argument("question")
    a.add_argument(
        "--json",
        action="store_true",
        help="print found, query, intent, text, citations, quotes; each citation and quote with its "
        "file and file_start/file_end (characters of the file as stored; null when it cannot be placed)",
    )
    a.add_argument("--corpus", default=None, help=CORPUS_HELP)
    _add_paths(a)

    e = sub.add_parser(
        "eval",
        help="score a question set (JSONL) and print a table",
        formatter_class=fmt,
        epilog="examples:\n  sci-assistant eval ../shared/eval/dev.jsonl\n"
        "  sci-assistant eval questions.jsonl -k 5 --json\n" + ENV_HELP,
    )
    e.add_argument("file")
    e.add_argument("-k", type=int, default=5, help="recall@k cut-off (default: %(default)s)")
    e.add_argument("--json", action="store_true", help="print the metrics and per-question results as JSON")
    _add_paths(e)

    c = sub.add_parser(
        "calibrate",
        help="fit the answer confidence on a labelled tune set",
        formatter_class=fmt,
        epilog="examples:\n  sci-assistant calibrate eval/questions/tune.jsonl\n" + ENV_HELP,
    )
    c.add_argument("file")
    c.add_argument("--out", help="where to write the calibration (default: the package's calibration.json)")
    c.add_argument("--precision", type=float, default=0.95, help="answered questions that must be answerable")
    c.add_argument("--recall", type=float, default=0.95, help="answerable questions that must be answered")
    _add_paths(c)

    i = sub.add_parser(
        "info",
        help="what the index holds",
        formatter_class=fmt,
        epilog="examples:\n  sci-assistant info\n  sci-assistant info --json\n" + ENV_HELP,
    )
    i.add_argument("--json", action="store_true")
    _add_paths(i)

    v = sub.add_parser(
        "serve",
        help="start the browser chat (rebuilds a stale index first)",
        formatter_class=fmt,
        epilog="examples:\n  sci-assistant serve\n  sci-assistant serve --port 8080\n"
        "  sci-assistant serve --host 0.0.0.0 --auth alice:secret\n" + ENV_HELP,
    )
    _add_paths(v, corpus=True)
    v.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    v.add_argument("--port", type=int, default=int(os.environ.get("SCI_ASSISTANT_PORT", "7860")))
    v.add_argument(
        "--auth",
        default=os.environ.get("SCI_ASSISTANT_AUTH"),
        help="require a login, USER:PASSWORD (or SCI_ASSISTANT_AUTH)",
    )
    return parser


def _cmd_build(args: argparse.Namespace) -> int:
    from .indexing import build_index

    engine, address = ("local", None) if args.ray is None else ("ray", None if args.ray == LOCAL_RAY else args.ray)
    stats = build_index(
        args.corpus,
        args.index,
        model=args.model,
        full=args.full,
        lock_timeout=args.wait,
        progress=sys.stderr.isatty(),
        engine=engine,
        address=address,
    )
    if args.json:
        print(json.dumps(stats.to_json(), indent=2))
        return 0
    for s in stats.skipped:
        print(f"skipped {s.path}: {s.reason}", file=sys.stderr)
    state = "unchanged" if stats.unchanged else f"built {stats.generation}"
    print(
        f"{state}: {stats.documents} documents, {stats.chunks} chunks, {stats.embedded} embedded, "
        f"{stats.reused} reused, {stats.removed} removed in {stats.seconds:.1f} s → {args.index}"
    )
    return 0


def _load(args: argparse.Namespace):
    from .assistant import Assistant

    return Assistant.load(args.index, model=args.model)


def _cmd_search(args: argparse.Namespace) -> int:
    assistant = _load(args)
    hits = assistant.search(args.query, k=args.k)
    if args.json:
        place = _placer(assistant, _corpus_of(args, assistant))
        out = [{**h.to_json(), **place(h.doc_id, h.start, h.end)} for h in hits]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    if not hits:
        print("no matching passage")
    for n, h in enumerate(hits, 1):
        where = f" — {h.section}" if h.section else ""
        print(f"[{n}] {h.title} ({h.date or 'undated'}){where}  score {h.score:.4f}  {h.doc_id}[{h.start}:{h.end}]")
        text = " ".join(h.text.split())
        print("    " + (text[:400] + ("…" if len(text) > 400 else "")))
    return 0


def _cmd_ask(args: argparse.Namespace) -> int:
    assistant = _load(args)
    ans = assistant.ask(args.question)
    if args.json:
        out = _answer_json(ans, _placer(assistant, _corpus_of(args, assistant)))
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(ans.text)
    return 0


def _corpus_of(args: argparse.Namespace, assistant) -> Path | None:
    """The folder holding the index's source files: ``--corpus`` when given, else the first of the
    folder the index was built from, $SCI_ASSISTANT_CORPUS and ./corpus that holds any of them
    (None when none does: the corpus moved, or the index was built elsewhere)."""
    if args.corpus is not None:
        return Path(args.corpus)
    candidates = [assistant.built_from, Path(_default(ENV_CORPUS, "corpus"))]
    paths = [d.path for d in assistant.documents()]
    for folder in candidates:
        if folder is not None and folder.is_dir() and any((folder / p).is_file() for p in paths):
            return folder
    return None


def _placer(assistant, corpus: Path | None):
    """``place(doc_id, start, end)``: where a span sits in its source file, as fields to add to a
    citation, quote or hit — its release's ``title``, ``date`` (of the event), ``event`` and
    ``url``, ``file`` (the file's path, null when it cannot be read), ``file_name``,
    ``file_start``/``file_end`` (characters of the file decoded with ``encoding``, as in the
    exports) and ``byte_start``/``byte_end``, or nulls with ``file_offsets_note`` saying why."""
    from .sourcemap import SourceFile, source_span

    cache: dict[str, SourceFile | str] = {}

    def place(doc_id: str, start: int, end: int) -> dict:
        try:
            doc = assistant.document(doc_id)
            span = source_span(doc, start, end, corpus, cache=cache)
        except (SciAssistantError, ValueError) as exc:
            fields = ("title", "date", "event", "url", "file", "file_name", "file_start", "file_end")
            fields += ("byte_start", "byte_end")
            return {**dict.fromkeys(fields), "encoding": None, "file_offsets_note": str(exc)}
        path = Path(corpus) / doc.path if corpus is not None else None
        return {
            "title": span.title,
            "date": span.date,
            "file": os.path.abspath(path) if path is not None and path.is_file() else None,
            "file_name": span.file_name,
            "url": span.url,
            "event": span.event,
            "file_start": span.file_start,
            "file_end": span.file_end,
            "byte_start": span.byte_start,
            "byte_end": span.byte_end,
            "encoding": span.encoding,
            "file_offsets_note": span.file_offsets_note,
        }

    return place


def _answer_json(ans, place) -> dict:
    """``ans.to_json()`` with, on each citation and quote, where it sits in its source file
    (``place``: see ``_placer``)."""
    out = ans.to_json()
    for item, hit in zip(out["citations"], ans.citations):
        item.update(place(hit.doc_id, hit.start, hit.end))
    for item, quote in zip(out["quotes"], ans.quotes):
        item.update(place(quote.doc_id, quote.start, quote.end))
    return out


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import evaluate, format_report

    report = evaluate(_load(args), Path(args.file), k=args.k)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
    return 0


def _cmd_calibrate(args: argparse.Namespace) -> int:
    from .evaluation import calibrate

    res = calibrate(
        _load(args),
        Path(args.file),
        out=Path(args.out) if args.out else None,
        min_precision=args.precision,
        min_recall=args.recall,
    )
    print(json.dumps(res, indent=2))
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    info = _load(args).info()
    if args.json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return 0
    print(f"index     {info['index']} ({info['generation']}, built {info['built_at']})")
    print(f"model     {info['model']['id']} ({info['model']['dimension']} dims)")
    print(f"chunks    {info['chunks']} (FAISS {info['dense']['type']})")
    print(f"documents {len(info['documents'])}")
    for d in info["documents"]:
        print(f"  {d['date'] or 'undated':10}  {d['title']}  [{d['path']}]")
        facts = [f"published {d['published']}" if d.get("published") else "publication date unknown"]
        facts.append(f"copy of {d['copy_of']}" if d.get("copy_of") else "canonical")
        if d.get("also_published_by"):
            facts[-1] += "; also published by " + ", ".join(d["also_published_by"])
        if d.get("event"):
            facts.append(d["event"] + (f" ({d['place']})" if d.get("place") else ""))
        if d.get("author"):
            facts.append(f"by {d['author']}")
        print(f"  {'':10}  " + "; ".join(facts))
    for path, reason in info["skipped"].items():
        print(f"  skipped   {path}: {reason}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .web import serve

    return serve(corpus=args.corpus, index=args.index, model=args.model, host=args.host, port=args.port, auth=args.auth)


COMMANDS = {
    "build": _cmd_build,
    "search": _cmd_search,
    "ask": _cmd_ask,
    "eval": _cmd_eval,
    "calibrate": _cmd_calibrate,
    "info": _cmd_info,
    "serve": _cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s", stream=sys.stderr
    )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if not args.command:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except SciAssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
