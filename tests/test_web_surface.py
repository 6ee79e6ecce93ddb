"""The served app's attack surface over HTTP on loopback (and in Chromium): file routes cannot
read the index, the corpus, .env or anything outside, and errors show a generic message without
paths or stack traces.

The app runs in a subprocess whose working directory is a throwaway project holding .env,
corpus/ and index/ (as when started from a checkout), next to an outside folder with a secret.
Stored and reflected XSS are covered by tests/test_browser.py.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from .reliability_helpers import ROOT, serve_subprocess, subprocess_env, write_release_corpus

pytestmark = pytest.mark.web  # every test here talks to a served app

MARKERS = {
    "env": "ENV-SECRET-5b1e",
    "corpus": "CORPUS-MARK-9d2c",
    "outside": "OUTSIDE-SECRET-41aa",
}
PASSWD = "root:x:0:0"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    base = tmp_path_factory.mktemp("surface")
    proj = base / "project"
    proj.mkdir()
    (proj / ".env").write_text(f"API_TOKEN={MARKERS['env']}\n", encoding="utf-8")
    corpus = write_release_corpus(proj / "corpus", 4, 1)
    (corpus / "release-000.txt").write_text(
        (corpus / "release-000.txt").read_text() + f"\nMarker {MARKERS['corpus']} in the corpus.\n", encoding="utf-8"
    )
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(MARKERS["outside"], encoding="utf-8")
    with serve_subprocess("corpus", "index", cwd=proj) as ready:
        yield {"base": base, "project": proj, "outside": outside, "port": ready["port"], "proc": ready["proc"]}


def raw_get(port: int, path: str, method: str = "GET") -> tuple[int, bytes]:
    """Send ``path`` exactly as given (no client-side normalisation of .. or %2e)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def leaked(body: bytes) -> list[str]:
    text = body.decode("utf-8", "replace")
    found = [k for k, m in MARKERS.items() if m in text]
    if PASSWD in text:
        found.append("passwd")
    if '"format": "sci-assistant-index"' in text or "gen-0000" in text and "sha256" in text:
        found.append("index manifest")
    return found


def targets(project) -> list[str]:
    proj, outside = project["project"], project["outside"]
    index = proj / "index"
    current = (index / "CURRENT").read_text().strip()
    absolute = [
        proj / ".env",
        index / "CURRENT",
        index / current / "manifest.json",
        index / current / "chunks.jsonl",
        proj / "corpus" / "release-000.txt",
        outside / "secret.txt",
        Path("/etc/passwd"),
        Path("/proc/self/environ"),
        Path("/proc/self/cmdline"),
    ]
    out = [str(p) for p in absolute]
    out += [
        ".env",
        "./.env",
        "index/CURRENT",
        f"index/{current}/manifest.json",
        "corpus/release-000.txt",
        "../outside/secret.txt",
        "../../../../../../etc/passwd",
        "..%2f..%2f..%2f..%2fetc%2fpasswd",
        "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "....//....//....//etc/passwd",
        "..\\..\\..\\etc\\passwd",
        "%2fetc%2fpasswd",
        "//etc/passwd",
        "file:///etc/passwd",
        "file://" + str(proj / ".env"),
        urllib.parse.quote(str(proj / ".env")),
        str(proj / "corpus" / ".." / ".env"),
        str(proj / "index") + "/../.env",
        f"http://127.0.0.1:{project['port']}/config",
        "http://localhost:22/",
        "http://169.254.169.254/latest/",
    ]
    return out


FILE_ROUTES = ["/gradio_api/file=", "/file=", "/gradio_api/file/", "/file/"]
OTHER_ROUTES = [
    "/static/",
    "/assets/",
    "/svelte/",
    "/gradio_api/proxy=",
    "/gradio_api/stream/x/y/1/",
    "/gradio_api/custom_component/1/client/js/",
]


def test_file_routes_cannot_read_the_index_corpus_env_or_outside(project):
    checked = 0
    for route in FILE_ROUTES + OTHER_ROUTES:
        for target in targets(project):
            for method in ("GET", "HEAD"):
                status, body = raw_get(project["port"], route + target, method)
                checked += 1
                assert not leaked(body), (route, target, status, leaked(body))
                if route in FILE_ROUTES:
                    assert status in (400, 403, 404, 405), (route, target, status, body[:200])
    # traversal through the static and asset mounts
    for path in (
        "/static/../../../../etc/passwd",
        "/assets/../.env",
        "/assets/%2e%2e/%2e%2e/.env",
        "/static/%2e%2e%2f%2e%2e%2f.env",
        "/gradio_api/upload/../.env",
        "/.env",
        "/index/CURRENT",
        "/corpus/release-000.txt",
        "/../../etc/passwd",
    ):
        status, body = raw_get(project["port"], path)
        checked += 1
        assert not leaked(body), (path, status)
    assert checked >= 250
    # the app itself is still there
    assert raw_get(project["port"], "/config")[0] == 200


def test_the_public_config_does_not_reveal_server_paths(project):
    status, body = raw_get(project["port"], "/config")
    assert status == 200
    text = body.decode()
    assert str(project["project"]) not in text and str(project["base"]) not in text
    assert not leaked(body)
    status, body = raw_get(project["port"], "/gradio_api/info")
    assert status == 200 and str(project["project"]) not in body.decode()


def test_uploads_stay_in_gradio_s_cache(project):
    """The upload route exists in every Gradio app; a file name with ../ cannot escape its folder."""
    boundary = "sciboundary"
    payload = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="../../../escape.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
    ).encode()
    conn = http.client.HTTPConnection("127.0.0.1", project["port"], timeout=15)
    try:
        conn.request(
            "POST",
            "/gradio_api/upload",
            body=payload,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        resp = conn.getresponse()
        body = resp.read().decode()
    finally:
        conn.close()
    if resp.status == 200:
        for stored in json.loads(body):
            assert "/escape.txt" in stored and ".." not in Path(stored).parts
            assert not Path(stored).resolve().is_relative_to(project["project"].resolve())
    assert not (project["base"] / "escape.txt").exists() and not (project["project"] / "escape.txt").exists()


# -- error leakage ---------------------------------------------------------------------------------

SECRET_PATH = "/srv/private/index/gen-000042/dense.faiss"


def _raising_assistant():
    from .web_fixtures import fake_found_answer

    fa, _ = fake_found_answer()
    fa.raise_on_ask = RuntimeError(f"could not mmap {SECRET_PATH}: permission denied")
    return fa


@pytest.fixture(scope="module")
def raising_server(tmp_path_factory):
    from .web_fixtures import serve_in_thread

    base = tmp_path_factory.mktemp("raising")
    served = serve_in_thread(_raising_assistant(), base, base)
    yield served
    served.demo.close()


def assert_no_leak(text: str) -> None:
    assert SECRET_PATH not in text and "Traceback" not in text and "RuntimeError" not in text, text[:500]
    assert 'File "' not in text and ".py" not in text, text[:500]


def test_an_exception_in_the_assistant_is_a_generic_message(raising_server, caplog):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(raising_server.url, verbose=False, analytics_enabled=False, httpx_kwargs={"timeout": 60})
    with pytest.raises(AppError) as err:
        client.predict("How many MOUs?", api_name="/chat")
    assert str(err.value).startswith("Sorry — something went wrong")
    assert_no_leak(str(err.value))
    assert SECRET_PATH in caplog.text  # the details go to the server log instead


def test_http_errors_carry_no_paths_or_tracebacks(raising_server):
    port = int(urllib.parse.urlparse(raising_server.url).port)
    for method, path, body in (
        ("GET", "/no/such/page", None),
        ("POST", "/config", b"{}"),
        ("POST", "/gradio_api/queue/join", b"{not json"),
        ("POST", "/gradio_api/queue/join", b'{"fn_index": 9999, "data": [], "session_hash": "x"}'),
        ("POST", "/gradio_api/call/chat", b'{"data": [{"a": 1}, 7]}'),
        ("GET", "/gradio_api/queue/data?session_hash=../../etc", None),
    ):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        try:
            conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            try:
                data = resp.read(200_000)
            except http.client.IncompleteRead as exc:  # a stream the server closed early
                data = exc.partial
            text = data.decode("utf-8", "replace")
        finally:
            conn.close()
        assert_no_leak(text)


# -- in Chromium --------------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


def browse(steps: list[dict]) -> list[dict]:
    """Run Chromium steps in a subprocess (its own Playwright) and return one result per step."""
    if not CHROMIUM.exists():
        if os.environ.get("SCI_ASSISTANT_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing and SCI_ASSISTANT_REQUIRE_BROWSER is set")
        pytest.skip(f"{CHROMIUM} not installed")
    out = subprocess.run(
        [sys.executable, "-m", "tests.reliability_helpers", "browse", json.dumps(steps)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=subprocess_env(),
    )
    assert out.returncode == 0, out.stderr[-3000:]
    results = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(results) == len(steps), out.stdout[-2000:]
    return results


@pytest.mark.browser
def test_in_the_browser_errors_are_generic_and_files_are_refused(raising_server, project):
    proj = project["project"]
    files = [proj / ".env", proj / "index" / "CURRENT", project["outside"] / "secret.txt"]
    steps = [{"ask": [raising_server.url, "How many MOUs were signed?", "something went wrong"]}]
    steps += [{"goto": f"http://127.0.0.1:{project['port']}/gradio_api/file={f}"} for f in files]
    results = browse(steps)
    assert_no_leak(results[0]["text"])
    assert "something went wrong" in results[0]["text"]
    for r in results[1:]:
        assert r["status"] in (403, 404), r["status"]
        assert not leaked(r["text"].encode())


@pytest.mark.browser
def test_in_the_browser_a_failing_page_load_shows_no_details(tmp_path):
    """A handler outside the answer path raises (the index panel's info() on page load): Gradio
    runs with show_error=False, so the page shows no message text, path or trace."""
    from .web_fixtures import serve_in_thread

    fa = _raising_assistant()
    served = serve_in_thread(fa, tmp_path, tmp_path)
    calls = []

    def failing_info():
        calls.append(1)
        raise RuntimeError(f"index unreadable at {SECRET_PATH}")

    fa.info = failing_info  # after the app was built: only the page-load handler sees it
    try:
        results = browse([{"load": served.url}])
    finally:
        served.demo.close()
    assert calls  # the handler did fail
    assert_no_leak(results[0]["text"])
