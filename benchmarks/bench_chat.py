"""Section 7: where a `/chat` request's time goes — in-process `ask`, the app's HTTP API with a plain
client (POST, then the result's event stream), and the same through `gradio_client`."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import median, ms, pct, table

QUESTION = "How many MOUs were signed at the 4th JIC meeting?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _plain(client, url: str) -> float:
    """One /chat call the way any HTTP client can make it: POST the question, read the event stream
    until the result arrives."""
    t = time.perf_counter()
    event = client.post(f"{url}/gradio_api/call/chat", json={"data": [QUESTION, []]}).json()["event_id"]
    with client.stream("GET", f"{url}/gradio_api/call/chat/{event}") as stream:
        complete = False
        for line in stream.iter_lines():  # "event: complete", then the result's "data:" line
            if line.startswith("event: error"):
                raise RuntimeError("the /chat call failed")
            complete = complete or line.startswith("event: complete")
            if complete and line.startswith("data:"):
                break
    return time.perf_counter() - t


def chat_overhead(corpus: Path, index_dir: Path, reps: int, env: dict) -> dict[str, Any]:
    """``reps`` calls each, interleaved, after three warm-up calls; the app runs in a subprocess."""
    import httpx
    from gradio_client import Client

    from sci_assistant.assistant import Assistant

    assistant = Assistant.load(index_dir)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sci_assistant",
            "serve",
            "--corpus",
            str(corpus),
            "--index",
            str(index_dir),
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(timeout=60) as http:
            deadline = time.monotonic() + 300
            while True:
                try:
                    if http.get(url + "/").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the app did not start")
                time.sleep(0.5)
            client = Client(url + "/", verbose=False)
            calls = {
                "in-process `Assistant.ask`": lambda: assistant.ask(QUESTION),
                "HTTP, plain client (POST + event stream)": lambda: _plain(http, url),
                "HTTP, `gradio_client.Client.predict`": lambda: client.predict(QUESTION, [], api_name="/chat"),
            }
            for fn in calls.values():
                for _ in range(3):
                    fn()
            times: dict[str, list[float]] = {name: [] for name in calls}
            for rep in range(reps):
                names = list(calls)[rep % 3 :] + list(calls)[: rep % 3]
                for name in names:
                    t = time.perf_counter()
                    calls[name]()
                    times[name].append(time.perf_counter() - t)
            client.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"reps": reps, "systems": {k: {"p50": median(v), "p95": pct(v, 95)} for k, v in times.items()}}


def render_chat(r: dict[str, Any]) -> str:
    rows = [[name, ms(m["p50"]), ms(m["p95"])] for name, m in r["systems"].items()]
    return "\n".join(
        [
            f"The same question {r['reps']} times through each path, interleaved; milliseconds.",
            "",
            table(["path", "p50 ms", "p95 ms"], rows),
            "",
            "`gradio_client` waits for each server-sent message in a loop that sleeps 50 ms between looks "
            "(`gradio_client.utils.get_pred_from_sse_v1plus`), and a queued call gets several messages "
            "(estimation, start, completion): that loop, on the client, is most of the gap to a plain "
            "client. The rest is Gradio's queue and event stream plus rendering the answer for the chat.",
        ]
    )
