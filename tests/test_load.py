"""Load: 100 concurrent gradio_client users on loopback, on a stable index and while a rebuild
swaps generations.

The app runs in a subprocess with the deterministic FakeEmbedder (query encoding costs
microseconds, so the figures measure the app, the queue and the answer pipeline, not the model)
over 20 synthetic releases; every sentence of a release names its edition, and each rebuild
writes the next edition, so a reply that mixed two generations would name two editions.

All users connect first (gradio_client's Client fetches the config and API description), then
start together: each asks two questions (mixed kinds; every third user's second question is a
follow-up sent with the conversation history, every tenth user's an over-long question that must
be refused) and retries after "queue full" with a short backoff, as a browser user would. The
clients run in the test process and share the machine's two cores with the app, so the latencies
are pessimistic. Results: load.json in the artifacts directory (tests/conftest.py, artifacts_dir).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from .conftest import artifacts_dir
from .reliability_helpers import QUESTIONS, ROOT, serve_subprocess, subprocess_env, write_release_corpus

pytestmark = pytest.mark.slow

USERS = 100
QUESTIONS_PER_USER = 2
UNTIL_LIMIT_S = 300  # a user asking until another process is done stops after this long anyway
MAX_RETRIES = 40
EDITION = re.compile(r"\bedition (\d+)\b")


@pytest.fixture
def app(tmp_path):
    corpus = write_release_corpus(tmp_path / "corpus", 20, 1, seed=1)
    index = tmp_path / "index"
    with serve_subprocess(corpus, index) as ready:
        yield {"url": ready["url"], "corpus": corpus, "index": index, "proc": ready["proc"]}


def user(
    url: str, n: int, barrier: threading.Barrier, out: list, lock: threading.Lock, until: threading.Event | None = None
) -> None:
    """One user: connects, waits for all, asks QUESTIONS_PER_USER questions (then, given ``until``,
    one more at a time until it is set: the questions overlap whatever the test runs beside them,
    however long that takes on this machine)."""
    from gradio_client.exceptions import AppError

    rnd = random.Random(n)
    record = {"user": n, "requests": [], "refused": 0, "errors": [], "rejected": 0, "editions": [], "extra": 0}
    client = None
    for attempt in range(5):  # connecting: a user whose page did not load reloads it
        try:
            client = connect(url)
            break
        except Exception as exc:  # noqa: BLE001
            record["connect_retries"] = attempt + 1
            last = exc
            time.sleep(1 + attempt)
    try:
        barrier.wait(timeout=300)  # reached even by a user who failed to connect: others go on
    except threading.BrokenBarrierError:
        pass
    try:
        if client is None:
            raise ConnectionError(f"could not connect: {last}")
        history: list = []
        deadline = time.monotonic() + UNTIL_LIMIT_S
        i = 0
        while i < QUESTIONS_PER_USER or (until is not None and not until.is_set() and time.monotonic() < deadline):
            if i >= QUESTIONS_PER_USER:
                record["extra"] += 1
            i += 1
            if n % 10 == 0 and i == 2:
                question, expect_rejection = "Who signed it? " * 200, True  # 3,000 characters
            elif n % 3 == 0 and i == 2 and history:
                question, expect_rejection = "And who co-chaired it?", False  # a follow-up
            else:
                question, expect_rejection = rnd.choice(QUESTIONS), False
            for attempt in range(MAX_RETRIES):
                t0 = time.monotonic()
                try:
                    reply = client.predict(question, history, api_name="/chat")
                except AppError as exc:
                    if expect_rejection and "the limit is 2,000 characters" in str(exc):
                        record["rejected"] += 1
                        break
                    record["errors"].append(f"AppError: {exc}")
                    break
                except Exception as exc:  # noqa: BLE001 - classified below
                    if "Queue is full" in str(exc):
                        record["refused"] += 1
                        time.sleep(min(5.0, 1.0 + 0.5 * attempt) * (0.5 + rnd.random()))
                        continue
                    record["errors"].append(f"{type(exc).__name__}: {exc}")
                    break
                record["requests"].append(time.monotonic() - t0)
                record["editions"].append(sorted(set(EDITION.findall(reply))))
                if expect_rejection:
                    record["errors"].append("an over-long question was answered")
                history += [{"role": "user", "content": question}, {"role": "assistant", "content": reply}]
                break
            else:
                record["errors"].append(f"still refused after {MAX_RETRIES} tries")
    except Exception as exc:  # noqa: BLE001
        record["errors"].append(f"{type(exc).__name__}: {exc}")
    with lock:
        out.append(record)


def connect(url: str):
    from gradio_client import Client

    # A generous timeout: with 100 clients and the app sharing two cores, a reply can take a while.
    return Client(url, verbose=False, download_files=False, analytics_enabled=False, httpx_kwargs={"timeout": 300})


def run_users(url: str, until: threading.Event | None = None) -> dict:
    out: list = []
    lock = threading.Lock()
    started: list[float] = []
    barrier = threading.Barrier(USERS, action=lambda: started.append(time.monotonic()))  # all connected
    threads = [
        threading.Thread(target=user, args=(url, n, barrier, out, lock, until), daemon=True) for n in range(USERS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=400)
    wall = time.monotonic() - started[0] if started else float("nan")
    assert not [t for t in threads if t.is_alive()], "users still running"
    lat = np.array([x for r in out for x in r["requests"]])
    return {
        "users": len(out),
        "answered": int(lat.size),
        "extra_questions": sum(r["extra"] for r in out),
        "rejected_over_long": sum(r["rejected"] for r in out),
        "queue_full_refusals": sum(r["refused"] for r in out),
        "errors": [e for r in out for e in r["errors"]],
        "connect_retries": sum(r.get("connect_retries", 0) for r in out),
        "p50_s": round(float(np.percentile(lat, 50)), 3) if lat.size else None,
        "p95_s": round(float(np.percentile(lat, 95)), 3) if lat.size else None,
        "max_s": round(float(lat.max()), 3) if lat.size else None,
        "wall_s": round(wall, 1),
        "editions": [e for r in out for e in r["editions"]],
    }


def save(name: str, res: dict) -> None:
    path = artifacts_dir() / "load.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = {k: v for k, v in res.items() if k != "editions"} | {
        "cpus": os.cpu_count(),
        "embedder": "FakeEmbedder (deterministic hashing)",
    }
    path.write_text(json.dumps(data, indent=2) + "\n")
    print(name, json.dumps(data[name]))


def test_100_concurrent_users(app):
    client = connect(app["url"])
    idle = []
    for q in QUESTIONS * 2:  # one user alone: the baseline
        t0 = time.monotonic()
        client.predict(q, api_name="/chat")
        idle.append(time.monotonic() - t0)
    res = run_users(app["url"])
    res["single_user_p50_s"] = round(float(np.percentile(idle, 50)), 3)
    res["single_user_p95_s"] = round(float(np.percentile(idle, 95)), 3)
    save("stable", res)
    assert res["users"] == USERS
    assert res["errors"] == [], res["errors"][:5]
    expected = USERS * QUESTIONS_PER_USER - USERS // 10
    assert res["answered"] == expected and res["rejected_over_long"] == USERS // 10
    assert all(len(e) <= 1 for e in res["editions"])
    assert res["p95_s"] < 60


def test_100_concurrent_users_while_rebuilds_swap_generations(app):
    rebuild = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reliability_helpers",
            "rebuild",
            "--corpus",
            str(app["corpus"]),
            "--index",
            str(app["index"]),
            "--docs",
            "20",
            "--pause",
            "0.8",
            "2",
            "3",
            "4",
            "5",
            "6",
        ],
        cwd=ROOT,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    # The users ask until the last rebuild is in (a build's time is the machine's, not the test's):
    # their questions overlap the swaps however fast either side runs.
    done, printed = threading.Event(), []

    def wait_for_rebuilds() -> None:
        try:
            printed.append(rebuild.communicate(timeout=300)[0])
        finally:
            done.set()

    waiter = threading.Thread(target=wait_for_rebuilds, daemon=True)
    waiter.start()
    try:
        res = run_users(app["url"], until=done)
        waiter.join(timeout=310)
        builds = [json.loads(line) for line in (printed or [""])[0].splitlines() if line.startswith("{")]
    finally:
        if rebuild.poll() is None:
            rebuild.kill()
    assert rebuild.returncode == 0 and len(builds) == 5, builds
    res["generations_swapped"] = len(builds)
    mixed = [e for e in res["editions"] if len(e) > 1]
    res["replies_mixing_generations"] = len(mixed)
    res["editions_seen"] = sorted({x for e in res["editions"] for x in e}, key=int)
    save("while_rebuilding", res)
    assert res["errors"] == [], res["errors"][:5]
    assert res["answered"] == USERS * QUESTIONS_PER_USER - USERS // 10 + res["extra_questions"]
    assert not mixed, mixed[:5]
    assert len(res["editions_seen"]) >= 2, res["editions_seen"]  # the app picked up new generations
    final = connect(app["url"]).predict("Who co-chaired the meeting in edition releases?", api_name="/chat")
    assert set(EDITION.findall(final)) <= {"6"}, final[:300]
    assert res["p95_s"] < 60
