"""Helpers for the reliability, hostile-input, web-surface and load tests.

A synthetic release corpus whose every sentence carries its edition ("In edition 7, …"), so an
answer that mixed two index generations would show two edition numbers; and subprocess entry
points (``python -m tests.reliability_helpers <command>``):

* ``serve``        the chat app over an index built with the deterministic FakeEmbedder;
* ``rebuild``      rewrite the corpus for each given edition and rebuild after each;
* ``forkserver``   warm once, then fork one build child per request (for the kill -9 test);
* ``diskfull``     builds under a sweep of RLIMIT_FSIZE limits (the OS refuses writes past them);
* ``browse``       drive Chromium (Playwright) through a list of steps, in its own process (a second
                   sync Playwright cannot start while another test's browser is open).

Every command prints one JSON object or line per event on stdout and flushes it.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from sci_assistant.entities import RuleTagger  # noqa: E402
from tests.conftest import FakeEmbedder  # noqa: E402

WORDS = (
    "smart city initiative shenzhen singapore memorandum agency digital trade talent exchange "
    "innovation data connectivity pilot fintech healthcare logistics port sensors drones mobility "
    "payments research university startup incubator cybersecurity"
).split()
CITIES = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa"]

QUESTIONS = [
    "Who co-chaired the meeting in edition releases?",
    "How many MOUs were signed?",
    "Which projects on fintech were launched?",
    "Compare the port and drone pilots: how many sensors were deployed?",
    "What did the agency sign about talent exchange?",
    "When was the cybersecurity memorandum signed?",
    "Where is the logistics pilot?",
    "What was the budget of the Mars colony in 1850?",
]


def release_text(i: int, edition: int, rnd: random.Random) -> str:
    city = CITIES[i % len(CITIES)]
    paras = [
        f"{city} release {i}: edition {edition} of the {rnd.choice(WORDS)} pilot",
        f"{city.upper()} CITY, {1 + i % 28} March 2023 – In edition {edition}, {city} City signed "
        f"{2 + i % 7} MOUs on {rnd.choice(WORDS)} and {rnd.choice(WORDS)}.",
    ]
    for _ in range(6):
        sents = []
        for _ in range(4):
            words = " ".join(rnd.choice(WORDS) for _ in range(12))
            sents.append(f"In edition {edition}, the {city} {words}.")
        paras.append(" ".join(sents))
    paras.append(f"In edition {edition}, the meeting was co-chaired by Mr. {city} Tan and Ms. {city} Lim.")
    return "\n\n".join(paras) + "\n"


def write_release_corpus(root: Path, n_docs: int = 20, edition: int = 1, seed: int = 0) -> Path:
    """``n_docs`` releases; every sentence names ``edition``. Files are replaced atomically."""
    root.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    for i in range(n_docs):
        path = root / f"release-{i:03d}.txt"
        tmp = root / f".release-{i:03d}.tmp"
        tmp.write_text(release_text(i, edition, rnd), encoding="utf-8")
        os.replace(tmp, path)
    return root


@contextlib.contextmanager
def reserved_port(host: str = "127.0.0.1") -> Iterator[int]:
    """A port that no other socket on the machine can be given while the block runs.

    Gradio takes a port number, not a socket, and its startup check fetches its own URL, so it
    cannot be handed port 0. Instead the port is held by a bound, non-listening socket with
    SO_REUSEADDR: on Linux the server (Gradio checks and uvicorn binds with SO_REUSEADDR, in this
    process or a child) can still bind and listen on it, while a bind of port 0 or a plain bind
    elsewhere is refused it. Keep the block open until the server is listening.
    """
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, 0))
        yield s.getsockname()[1]


def emit(**event) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def subprocess_env(**extra: str) -> dict[str, str]:
    """Environment for helper subprocesses: offline, quiet, one thread per native library."""
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "TOKENIZERS_PARALLELISM": "false",
        # this checkout's code, whichever copy of the package is installed
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    env.update(extra)
    return env


def read_line(stream, deadline: float) -> str:
    """The next line of a subprocess's text stdout, or "" at EOF; AssertionError past ``deadline``."""
    import selectors

    with selectors.DefaultSelector() as sel:
        sel.register(stream, selectors.EVENT_READ)
        if not sel.select(timeout=max(0.0, deadline - time.monotonic())):
            raise AssertionError("no line from the subprocess before the deadline")
    return stream.readline()


def wait_for_output(path: Path, proc, text: str, timeout: float) -> str:
    """Poll ``path`` (a subprocess's log) until it contains ``text``; the log if so, else AssertionError
    (also if ``proc`` exits first)."""
    deadline = time.monotonic() + timeout
    while True:
        out = path.read_text(errors="replace")
        if text in out:
            return out
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not printed (exit status {proc.poll()}):\n{out[-3000:]}")
        time.sleep(0.1)


@contextlib.contextmanager
def serve_subprocess(
    corpus: Path | str, index: Path | str, *, cwd: Path = ROOT, timeout: float = 180
) -> Iterator[dict]:
    """``python -m tests.reliability_helpers serve`` on a reserved port: yields the ready event
    (url, pid) plus ``port`` and ``proc``; stderr goes to a temporary file, quoted if it fails to start."""
    import subprocess
    import tempfile

    with tempfile.TemporaryFile("w+") as err, reserved_port() as port:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.reliability_helpers",
                "serve",
                "--corpus",
                str(corpus),
                "--index",
                str(index),
                "--port",
                str(port),
            ],
            cwd=cwd,
            env=subprocess_env(),
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        try:
            try:
                line = read_line(proc.stdout, time.monotonic() + timeout)
            except AssertionError:
                line = ""
            if not line:
                err.seek(0)
                raise AssertionError(f"the app did not start:\n{err.read()[-3000:]}")
            ready = json.loads(line)
            assert ready["event"] == "ready", ready
            yield {**ready, "port": port, "proc": proc}
        finally:
            stop_process(proc)


# -- serve -----------------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    import logging

    from sci_assistant import web
    from sci_assistant.assistant import Assistant
    from sci_assistant.indexing import build_index

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    corpus, index = Path(args.corpus), Path(args.index)
    emb = FakeEmbedder()
    if not (index / "CURRENT").exists():
        build_index(corpus, index, embedder=emb)
    assistant = Assistant.load(index, embedder=emb)
    demo = web.build_demo(assistant)
    _, url, _ = web.launch(
        demo, host="127.0.0.1", port=args.port, prevent_thread_lock=True, quiet=True, blocked_paths=[corpus, index]
    )
    emit(event="ready", url=url, pid=os.getpid())
    try:
        demo.block_thread()
    except KeyboardInterrupt:
        pass
    return 0


# -- rebuild ---------------------------------------------------------------------------------------


def cmd_rebuild(args: argparse.Namespace) -> int:
    from sci_assistant.indexing import build_index

    emb = FakeEmbedder()
    for edition in args.editions:
        write_release_corpus(Path(args.corpus), args.docs, edition, seed=edition)
        t0 = time.perf_counter()
        stats = build_index(args.corpus, args.index, embedder=emb, lock_timeout=60)
        emit(event="built", edition=edition, generation=stats.generation, seconds=time.perf_counter() - t0)
        time.sleep(args.pause)
    return 0


# -- forkserver (kill -9) --------------------------------------------------------------------------

# The steps of a build's write-and-commit window: every file written into the temporary
# generation, every fsync, the rename and the swap of CURRENT. The child wraps these module
# functions, counts the calls (an uncut build reports how many there were) and, when asked, kills
# itself with SIGKILL just before step K: the same signal as a kill from outside, landing at an
# exact point of the window instead of wherever the scheduler happens to put it.
WRITE_STEPS = (
    "_write_text",
    "_write_jsonl",
    "_write_npy",
    "_write_faiss",
    "_fsync_file",
    "_fsync_dir",
    "write_current",
)


def _child_build(corpus: Path, index: Path, die_before_step: int | None = None) -> tuple:
    from sci_assistant import indexing

    calls: list[str] = []
    originals = {name: getattr(indexing, name) for name in WRITE_STEPS}

    def counted(name, real):
        def step(*args, **kwargs):
            calls.append(name)
            if die_before_step is not None and len(calls) == die_before_step:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return step

    for name, real in originals.items():
        setattr(indexing, name, counted(name, real))
    try:
        # The rule tagger, like the fake embedder: fast and deterministic, so a build's phases keep
        # their proportions (spaCy's tagging time varies from child to child after a fork).
        stats = indexing.build_index(corpus, index, embedder=FakeEmbedder(), tagger=RuleTagger())
    finally:
        for name, real in originals.items():
            setattr(indexing, name, real)
    return stats, len(calls)


def _fork_safe_tqdm() -> None:
    """Give tqdm a process-local lock and no monitor thread, before anything creates a bar.

    tqdm's default lock pairs a threading lock with a multiprocessing RLock: a semaphore shared with
    every process forked after it exists. build_index makes about ten (disabled) bars, in its own
    embedding step and inside bm25s, and each takes that lock. A child SIGKILLed while holding it
    never releases it, so the next forked child's build blocks forever in ``tqdm.__new__`` (the
    kill -9 test's rare 60 s timeout at ``built1``). tqdm's monitor thread, which takes the same
    lock every 10 s, could likewise be forked mid-hold. With a plain RLock each child gets its own
    unheld copy at fork (nothing else holds it then), and monitor_interval = 0 starts no thread.
    Both are public tqdm settings (``tqdm.set_lock``, ``tqdm.monitor_interval``); tqdm.auto's
    class inherits them from tqdm.std's.
    """
    from tqdm import std as tqdm_std

    tqdm_std.tqdm.monitor_interval = 0
    tqdm_std.tqdm.set_lock(threading.RLock())


def _fork_child(body) -> int:
    """Fork a child that runs ``body()`` and exits 0, or reports an error and exits 3. SIGUSR1
    makes it print every thread's stack to stderr (the test asks when a wait runs out); a child
    still running after 120 s prints them and exits 1, so no hung child outlives the test."""
    pid = os.fork()
    if pid:
        return pid
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        faulthandler.register(signal.SIGUSR1, all_threads=True)
        faulthandler.dump_traceback_later(120, exit=True)
        body()
        os._exit(0)
    except BaseException as exc:  # noqa: BLE001 - report anything to the test
        emit(event="child_error", pid=os.getpid(), error=f"{type(exc).__name__}: {exc}")
        os._exit(3)


def cmd_forkserver(args: argparse.Namespace) -> int:
    """stdin: "go N [K]" forks a child that builds from corpus N%2 (must succeed), reports, then
    builds from the other corpus (the one the test kills, or that kills itself before write step
    K); "poison" forks a child that takes
    tqdm's lock and is SIGKILLed holding it (what a kill landing inside a bar's bookkeeping does);
    "reap PID" reports how PID ended. ``--shared-tqdm-lock`` keeps tqdm's default, process-shared
    lock: the harness as it was before the fix, for showing that the regression test fails."""
    from sci_assistant import indexing

    if not args.shared_tqdm_lock:
        _fork_safe_tqdm()
    base = Path(args.base)
    corpora = [base / "corpus-a", base / "corpus-b"]
    index = base / "index"
    # Warm every lazy import and cache once (dateparser, tiktoken, punkt, faiss, bm25s).
    scratch = base / "warm-index"
    indexing.build_index(corpora[0], scratch, embedder=FakeEmbedder(), tagger=RuleTagger())
    shutil.rmtree(scratch, ignore_errors=True)
    emit(event="warm")

    def two_builds(n: int, die_before_step: int | None) -> None:
        t0 = time.monotonic()
        stats, steps = _child_build(corpora[n % 2], index)
        t1 = time.monotonic()
        emit(event="built1", pid=os.getpid(), generation=stats.generation, seconds=t1 - t0, steps=steps)
        stats, steps = _child_build(corpora[(n + 1) % 2], index, die_before_step)
        emit(event="built2", pid=os.getpid(), generation=stats.generation, seconds=time.monotonic() - t1, steps=steps)

    def die_holding_tqdm_lock() -> None:
        from tqdm.auto import tqdm

        tqdm.get_lock().acquire()
        os.kill(os.getpid(), signal.SIGKILL)

    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd == "go":  # "go N" or "go N K": the second build dies just before write step K
            n, _, k = arg.partition(" ")
            emit(event="forked", pid=_fork_child(lambda n=int(n), k=int(k) if k else None: two_builds(n, k)))
        elif cmd == "poison":
            emit(event="forked", pid=_fork_child(die_holding_tqdm_lock))
        elif cmd == "reap":
            pid = int(arg)
            _, status = os.waitpid(pid, 0)
            emit(
                event="reaped",
                pid=pid,
                signaled=os.WIFSIGNALED(status),
                signal=os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                exit=os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            )
        elif cmd == "quit":
            break
    return 0


# -- diskfull (RLIMIT_FSIZE) -----------------------------------------------------------------------


def cmd_diskfull(args: argparse.Namespace) -> int:
    """Build once, then rebuild (other corpus) under each per-file size limit: past the limit the
    kernel refuses the write (EFBIG; SIGXFSZ is ignored). Report what each build did."""
    import resource

    from sci_assistant.indexing import CURRENT, build_index, generations, open_index

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    base = Path(args.base)
    corpora = [
        write_release_corpus(base / "corpus-a", 8, 1, seed=1),
        write_release_corpus(base / "corpus-b", 8, 2, seed=2),
    ]
    template = base / "template"
    build_index(corpora[0], template, embedder=FakeEmbedder())
    # Learn the size of every file a build writes, then set the limit just under each.
    probe = base / "probe"
    shutil.copytree(template, probe)
    build_index(corpora[1], probe, embedder=FakeEmbedder())
    gen = (probe / CURRENT).read_text().strip()
    sizes = sorted({p.stat().st_size for p in (probe / gen).rglob("*") if p.is_file()})
    limits = sorted({1, 64, *[s - 1 for s in sizes if s > 1], *[s // 2 for s in sizes if s > 2]})
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    for limit in limits:
        idx = base / f"idx-{limit}"
        shutil.copytree(template, idx)
        before = (idx / CURRENT).read_bytes()
        error = None
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
        try:
            build_index(corpora[1], idx, embedder=FakeEmbedder())
        except Exception as exc:  # noqa: BLE001 - reported to the test
            error = f"{type(exc).__name__}: {str(exc)[:160]}"
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        leftovers = sorted(p.name for p in idx.iterdir() if p.name.startswith(".tmp-"))
        opened = open_index(idx, model_id=FakeEmbedder.model_id).generation
        emit(
            event="case",
            limit=limit,
            error=error,
            current_unchanged=(idx / CURRENT).read_bytes() == before,
            generations=generations(idx),
            leftovers=leftovers,
            opened=opened,
        )
        # the next build (no limit) succeeds and cleans up
        stats = build_index(corpora[1], idx, embedder=FakeEmbedder())
        emit(
            event="after",
            limit=limit,
            generation=stats.generation,
            generations=generations(idx),
            leftovers=sorted(p.name for p in idx.iterdir() if p.name.startswith(".tmp-")),
        )
        shutil.rmtree(idx)
    emit(event="done", cases=len(limits))
    return 0


# -- browse (Chromium) ----------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def cmd_browse(args: argparse.Namespace) -> int:
    """Steps (JSON): {"ask": [url, question, text_to_wait_for]}, {"goto": url}, {"load": url} (until the
    page's load event has come back).
    Prints one result per step: the page's visible text (and the HTTP status for goto)."""
    from playwright.sync_api import sync_playwright

    steps = json.loads(args.steps)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for step in steps:
                context = browser.new_context()
                page = context.new_page()
                page.set_default_timeout(60_000)
                try:
                    if "ask" in step:
                        url, question, wait_text = step["ask"]
                        page.goto(url)
                        box = page.locator("#sci-input textarea")
                        box.wait_for()
                        box.fill(question)
                        box.press("Enter")
                        page.wait_for_function(
                            """(t) => { const b = document.querySelectorAll('#sci-chat [data-testid="bot"]');
                                        return b.length && b[b.length - 1].innerText.includes(t); }""",
                            arg=wait_text,
                        )
                        emit(step="ask", text=page.locator("body").inner_text())
                    elif "goto" in step:
                        resp = page.goto(step["goto"])
                        emit(step="goto", status=resp.status if resp else None, text=page.content())
                    elif "load" in step:
                        # The page's load event has been sent to the server and has come back
                        # (its "Loading" status is gone): no fixed wait.
                        with page.expect_request(lambda r: "/gradio_api/queue/join" in r.url):
                            page.goto(step["load"])
                        page.locator("#sci-input textarea").wait_for()
                        page.wait_for_function("() => !document.body.innerText.includes('Loading')")
                        emit(step="load", text=page.locator("body").inner_text())
                finally:
                    context.close()
        finally:
            browser.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.reliability_helpers")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--corpus", required=True)
    s.add_argument("--index", required=True)
    s.add_argument("--port", type=int, required=True)
    r = sub.add_parser("rebuild")
    r.add_argument("--corpus", required=True)
    r.add_argument("--index", required=True)
    r.add_argument("--docs", type=int, default=20)
    r.add_argument("--pause", type=float, default=0.5)
    r.add_argument("editions", type=int, nargs="+")
    f = sub.add_parser("forkserver")
    f.add_argument("--base", required=True)
    f.add_argument("--shared-tqdm-lock", action="store_true", help=argparse.SUPPRESS)
    d = sub.add_parser("diskfull")
    d.add_argument("--base", required=True)
    b = sub.add_parser("browse")
    b.add_argument("steps", help="JSON list of steps")
    args = p.parse_args(argv)
    return {
        "serve": cmd_serve,
        "rebuild": cmd_rebuild,
        "forkserver": cmd_forkserver,
        "diskfull": cmd_diskfull,
        "browse": cmd_browse,
    }[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate a server started by a test; kill it if it has not exited within 20 s."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
