"""The chat in a real Chromium (Playwright): ask with Enter, examples, filters, sources, XSS.

Uses Debian's /usr/bin/chromium. Without it these tests skip — unless SCI_ASSISTANT_REQUIRE_BROWSER
is set (CI), where a missing browser fails them. Screenshots go to the artifacts directory
(tests/conftest.py, artifacts_dir).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.web_fixtures")

from .conftest import artifacts_dir  # noqa: E402
from .web_fixtures import XSS_QUERY  # noqa: E402

pytest_plugins = ["tests.web_fixtures"]
pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.web]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
ANSWER_TIMEOUT = 60_000  # ms


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("SCI_ASSISTANT_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing and SCI_ASSISTANT_REQUIRE_BROWSER is set")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(ANSWER_TIMEOUT)
    yield pg
    context.close()


def open_app(page, url: str):
    page.goto(url)
    box = page.locator("#sci-input textarea")
    box.wait_for()
    return box


def ask(page, box, question: str) -> None:
    """Type a question and press Enter; wait until the reply for it is in."""
    before = page.locator("#sci-chat [data-testid='bot']").count()
    box.fill(question)
    box.press("Enter")
    wait_for_reply(page, before)


def wait_for_reply(page, before: int) -> None:
    page.wait_for_function(
        """(n) => {
            const bots = document.querySelectorAll('#sci-chat [data-testid="bot"]');
            return bots.length > n && !bots[bots.length - 1].innerText.includes('Searching the releases');
        }""",
        arg=before,
    )


def last_reply(page) -> str:
    return page.locator("#sci-chat [data-testid='bot']").last.inner_text()


def test_enter_sends_and_the_answer_shows_cited_highlighted_sources(page, served_seed):
    box = open_app(page, served_seed.url)
    ask(page, box, "How many MOUs were signed at the 4th JIC meeting?")
    reply = last_reply(page)
    assert "[1]" in reply and re.search(r"\b(8|eight)\b", reply, re.I)
    assert box.input_value() == ""  # the box is cleared for the next question

    sources = page.locator("#sci-sources")
    first = sources.locator("article.sci-source").first
    assert first.locator(".sci-n").inner_text() == "[1]"
    mark = first.locator("mark.sci-quote").first
    mark.wait_for()
    quoted = mark.inner_text()
    assert len(quoted) > 10
    assert any(quoted in d.text for d in served_seed.assistant.documents())  # a verbatim span
    page.screenshot(path=str(artifacts_dir() / "answered.png"), full_page=True)

    # open the whole release at the cited passage: it is expanded and scrolled into view
    first.locator("a.sci-open").click()
    anchor = sources.locator("#sci-full-1")
    page.wait_for_function("() => document.querySelector('#sci-full-1').closest('details').open")
    page.wait_for_function("""() => {
        const a = document.querySelector('#sci-full-1'), box = a.closest('.sci-fulltext');
        const r = a.getBoundingClientRect(), b = box.getBoundingClientRect();
        return r.top >= b.top - 1 && r.top <= b.bottom + 1;
    }""")
    assert anchor.count() == 1

    # a follow-up uses the conversation and says how it was read
    ask(page, box, "Who co-chaired it?")
    reply = last_reply(page)
    assert re.search(r"Interpreted as: .*4th JIC", reply) and "Leong" in reply

    # the answer downloads as JSON with its quotes and offsets
    with page.expect_download() as dl:
        page.locator("#sci-download-json").click()
    data = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert data["question"] == "Who co-chaired it?"
    assert data["answer"]["quotes"] and {"start", "end", "doc_id", "citation"} <= set(data["answer"]["quotes"][0])
    page.screenshot(path=str(artifacts_dir() / "follow-up.png"), full_page=True)


def test_clicking_an_example_asks_it(page, served_seed):
    open_app(page, served_seed.url)
    before = page.locator("#sci-chat [data-testid='bot']").count()
    page.get_by_role("button", name="Who co-chaired the 4th JIC meeting?").click()
    wait_for_reply(page, before)
    assert "Leong" in last_reply(page)
    assert "Who co-chaired the 4th JIC meeting?" in page.locator("#sci-chat [data-testid='user']").last.inner_text()
    assert page.locator("#sci-sources mark.sci-quote").count() >= 1


def test_over_long_message_is_refused_and_kept_for_editing(page, served_seed):
    box = open_app(page, served_seed.url)
    before = page.locator("#sci-chat [data-testid='bot']").count()
    long_question = "Who co-chaired the meeting? " * 80  # 2,240 characters
    box.fill(long_question)
    box.press("Enter")
    wait_for_reply(page, before)
    assert "the limit is 2,000 characters" in last_reply(page)
    assert box.input_value() == long_question  # still there to shorten
    assert page.locator("#sci-chat [data-testid='user']").count() == 0


def test_release_filter_narrows_the_sources(page, served_seed):
    box = open_app(page, served_seed.url)
    page.locator("#sci-filters").get_by_text("Filters").first.click()
    dropdown = page.locator("#sci-releases input")
    dropdown.click()
    page.get_by_role("option", name=re.compile("Third")).click()
    page.keyboard.press("Escape")
    ask(page, box, "How many MOUs were signed?")
    reply = last_reply(page)
    assert "Filters active" in reply and "Third" in reply
    titles = page.locator("#sci-sources .sci-source-title").all_inner_texts()
    assert titles and all("Third" in t for t in titles)
    page.screenshot(path=str(artifacts_dir() / "filtered.png"), full_page=True)


def test_phone_width_stacks_without_horizontal_scroll(browser, served_seed):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(ANSWER_TIMEOUT)
    try:
        box = open_app(pg, served_seed.url)
        ask(pg, box, "Who co-chaired the 4th JIC meeting?")
        chat = pg.locator("#sci-chat").bounding_box()
        sources = pg.locator("#sci-sources").bounding_box()
        assert sources["y"] > chat["y"] + chat["height"] - 1  # the panel sits below the chat
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        pg.screenshot(path=str(artifacts_dir() / "phone.png"), full_page=True)
    finally:
        context.close()


def test_stored_and_reflected_payloads_render_as_inert_text(page, served_xss):
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    box = open_app(page, served_xss.url)
    page.locator("#sci-index").get_by_text("Index").first.click()  # the release title is shown there
    ask(page, box, XSS_QUERY)
    page.locator("#sci-sources article.sci-source").first.wait_for()
    page.locator("#sci-sources a.sci-open").first.click()
    page.wait_for_timeout(1000)  # give any injected handler the chance to run

    assert page.evaluate("window.__sciXss") is None
    assert dialogs == []
    assert not [u for u in requests if "evil.example" in u]
    assert not [u for u in requests if not u.startswith(served_xss.url.rstrip("/"))
                and not u.startswith("data:")]
    assert page.locator("a[href^='javascript:' i], a[href*='evil' i]").count() == 0
    assert page.locator("img[src='x'], img[src*='evil' i]").count() == 0
    assert page.locator(".katex, math").count() == 0

    # the payloads are visible as text where they were inserted
    sources = page.locator("#sci-sources").inner_text()
    assert "<script>window.__sciXss='script'</script>" in sources
    assert "<img src=x onerror=\"window.__sciXss='img'\">" in sources
    assert "[the tracker][t]" in sources and "$$\\href{javascript:window.__sciXss='tex'}{x}$$" in sources
    bot = last_reply(page)  # the quoted sentence reads as the release does: escaped once, not twice
    assert "<script>window.__sciXss='script'</script>" in bot and "&lt;" not in bot and "&amp;" not in bot
    user = page.locator("#sci-chat [data-testid='user']").last.inner_text()
    assert "<script>window.__sciXss='qscript'</script>" in user
    assert "[click](javascript:window.__sciXss='qlink')" in user and "$$\\frac{1}{2}$$" in user
    assert "<img src=x onerror" in page.locator("#sci-index").inner_text()
    page.screenshot(path=str(artifacts_dir() / "xss-inert.png"), full_page=True)
