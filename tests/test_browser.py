"""The chat in a real Chromium (Playwright): ask with Enter, examples, filters, sources, XSS, the
answer kept in view, clickable [n] and copying, visible states, accessibility (axe-core and
contrast) and the phone layout; the Agreements table's CSV download and search, the Timeline's
linked points per meeting, and both tabs on a phone; a new user's walk-through at desktop and
phone sizes (each fact in view, [1], a pasted quote checked against its file, a meeting's MOUs).

Uses Debian's /usr/bin/chromium. Without it these tests skip — unless SCI_ASSISTANT_REQUIRE_BROWSER
is set (CI), where a missing browser fails them. Screenshots go to the artifacts directory
(tests/conftest.py, artifacts_dir).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.web_fixtures")

from sci_assistant.explorer import filter_rows  # noqa: E402

from .conftest import artifacts_dir  # noqa: E402
from .web_fixtures import XSS_QUERY  # noqa: E402

pytest_plugins = ["tests.web_fixtures"]
pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.web]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
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
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
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
    in_chat = page.locator("#sci-chat").get_by_role("button", name="Who co-chaired the 4th JIC meeting?")
    in_chat.click()  # the first questions sit inside the empty chat
    wait_for_reply(page, before)
    assert "Leong" in last_reply(page)
    assert "Who co-chaired the 4th JIC meeting?" in page.locator("#sci-chat [data-testid='user']").last.inner_text()
    assert page.locator("#sci-sources mark.sci-quote").count() >= 1
    # with an answer in the chat the examples move below it, the follow-up among them
    below = page.locator("#sci-examples").get_by_role(
        "button", name="How many MOUs were signed at the 3rd JIC meeting?"
    )
    below.wait_for(state="visible")
    assert in_chat.count() == 0
    page.locator("#sci-examples").get_by_role("button", name="And how many projects were launched there?").click()
    wait_for_reply(page, before + 1)
    assert re.search(r"\b14\b", last_reply(page))
    # a new conversation: the examples are back inside the empty chat
    page.locator("#sci-clear").click()
    in_chat.wait_for(state="visible")
    below.wait_for(state="hidden")


def test_over_long_message_is_refused_and_kept_for_editing(page, served_seed):
    box = open_app(page, served_seed.url)
    ask(page, box, "Who co-chaired the 4th JIC meeting?")
    answer = last_reply(page)
    long_question = "Who co-chaired the meeting? " * 80  # 2,240 characters
    box.fill(long_question)
    box.press("Enter")
    error = page.locator("#sci-input-error [role='alert']")
    error.wait_for()
    assert "the limit is 2,000 characters" in error.inner_text()
    assert box.input_value() == long_question  # still there to shorten
    assert page.locator("#sci-chat [data-testid='user']").count() == 1  # no turn added
    assert last_reply(page) == answer  # and nothing appended to the previous answer's bubble
    box.fill("Who co-chaired the 3rd JIC meeting?")
    box.press("Enter")
    error.wait_for(state="detached")  # cleared by the next good question
    wait_for_reply(page, 1)


def test_filters_header_counts_them_and_errors_stay_beside_the_filter(page, served_seed):
    box = open_app(page, served_seed.url)
    header = page.locator("#sci-filters").get_by_text(re.compile(r"^Filters")).first
    assert header.inner_text().strip() == "Filters"
    header.click()
    date_from = page.locator("#sci-date-from textarea, #sci-date-from input").first
    date_from.fill("1st of May")
    box.fill("How many MOUs were signed?")
    box.press("Enter")
    error = page.locator("#sci-filter-error [role='alert']")
    error.wait_for()
    assert "From date must be a date as YYYY-MM-DD" in error.inner_text()
    assert page.locator("#sci-chat [data-testid='bot'], #sci-chat [data-testid='user']").count() == 0
    assert box.input_value() == "How many MOUs were signed?"  # kept, to ask again once the date is fixed

    date_from.fill("")
    date_from.press("Enter")
    error.wait_for(state="detached")
    dropdown = page.locator("#sci-releases input")
    dropdown.click()
    page.get_by_role("option", name=re.compile("Third")).click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => /Filters · 1 active/.test(document.querySelector('#sci-filters').innerText)")
    date_from.fill("2022-01-01")
    date_from.press("Enter")
    page.wait_for_function("() => /Filters · 2 active/.test(document.querySelector('#sci-filters').innerText)")
    ask(page, box, "How many MOUs were signed?")
    reply = last_reply(page)
    assert "Filters active" in reply and "Third" in reply
    titles = page.locator("#sci-sources .sci-source-title").all_inner_texts()
    assert titles and all("Third" in t for t in titles)
    page.screenshot(path=str(artifacts_dir() / "filtered.png"), full_page=True)


# Elements that stick out past the right edge of the window, unless an ancestor clips or scrolls them.
WIDER_THAN_VIEWPORT_JS = """() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= window.innerWidth + 1) continue;
    let clipped = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= window.innerWidth + 1) {
        clipped = true; break;
      }
    }
    if (!clipped) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
  }
  return out;
}"""


def test_phone_layout_chat_first_nothing_wider_and_follow_ups_after_a_first_answer(browser, served_seed):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(ANSWER_TIMEOUT)
    try:
        box = open_app(pg, served_seed.url)
        chat = pg.locator("#sci-chat").bounding_box()
        assert chat["y"] < 844 / 2  # the chat starts on the first screen
        for other in ("#sci-filters", "#sci-sources"):
            assert pg.locator(other).bounding_box()["y"] > chat["y"] + chat["height"] - 1, other
        follow_up = pg.get_by_role("button", name="And how many projects were launched there?")
        assert follow_up.count() == 0 or not follow_up.is_visible()  # "there" means nothing yet
        examples = pg.locator("#sci-chat").get_by_role("button")  # inside the empty chat
        assert examples.count() == 4
        for i in range(examples.count()):  # all on the first screen, with the box to type in
            where = examples.nth(i).bounding_box()
            assert where["y"] + where["height"] <= 844 and examples.nth(i).is_visible()
        where = box.bounding_box()
        assert where["y"] + where["height"] <= 844
        pg.screenshot(path=str(artifacts_dir() / "phone-empty.png"))

        ask(pg, box, "Which joint projects were launched at the 4th JIC meeting?")
        pg.locator("#sci-sources article.sci-source").first.wait_for()
        assert pg.locator("#sci-chat").bounding_box()["height"] > chat["height"]  # room for the answer now
        pg.locator("#sci-filters").get_by_text(re.compile(r"^Filters")).first.click()
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert pg.evaluate(WIDER_THAN_VIEWPORT_JS) == []
        pg.screenshot(path=str(artifacts_dir() / "phone.png"), full_page=True)
        pg.locator("#sci-chat a.sci-cite").first.tap()  # the sources, one tap away
        pg.wait_for_function("""() => {
            const r = document.querySelector('#sci-src-1').getBoundingClientRect();
            return r.top >= 0 && r.top < window.innerHeight;
        }""")
        # with its quote in the release view open below the card, starting on the same screen
        pg.wait_for_function(f"() => ({RELEASE_QUOTE_JS})(1)?.flashing", timeout=10_000)
        view = pg.evaluate(RELEASE_QUOTE_JS, 1)
        assert view["open"] and view["belowCard"], view
        top = pg.evaluate(
            "document.querySelector('#sci-sources .sci-fulltext mark.sci-flash').getBoundingClientRect().top"
        )
        assert 0 <= top < 844
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

        follow_up.wait_for(state="visible")
        before = pg.locator("#sci-chat [data-testid='bot']").count()
        follow_up.click()
        wait_for_reply(pg, before)
        assert re.search(r"\b14\b", last_reply(pg))
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
    # An injected handler would run as its HTML is parsed or on an image's load or error event:
    # wait until every image has settled, then let the queued events run (no fixed delay).
    page.wait_for_function("() => [...document.images].every((img) => img.complete)")
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")

    assert page.evaluate("window.__sciXss") is None
    assert dialogs == []
    assert not [u for u in requests if "evil.example" in u]
    assert not [u for u in requests if not u.startswith(served_xss.url.rstrip("/")) and not u.startswith("data:")]
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
    copies = page.locator("#sci-sources button.sci-copy").evaluate_all("(bs) => bs.map((b) => b.dataset.copy)")
    assert any("<script>window.__sciXss='script'</script>" in c for c in copies)  # "Copy quote" copies text
    page.screenshot(path=str(artifacts_dir() / "xss-inert.png"), full_page=True)


# -- the answer in view, its state, clickable [n], copying ------------------------------------------

LAST_ANSWER_TOP_IN_VIEW_JS = """() => {
  const chat = document.querySelector('#sci-chat');
  const bots = chat.querySelectorAll('[data-testid="bot"]');
  const last = bots[bots.length - 1];
  let box = last.parentElement;
  while (box && box !== chat && !(box.scrollHeight > box.clientHeight + 1
         && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
  const b = box.getBoundingClientRect(), r = last.getBoundingClientRect();
  const badge = last.querySelector('.sci-state'), s = badge.getBoundingClientRect();
  const seen = document.elementFromPoint(s.left + s.width / 2, s.top + s.height / 2);  // not covered
  return r.top >= b.top - 1 && r.top <= b.top + 60 && r.top >= 0 && r.top < window.innerHeight
      && badge.contains(seen);
}"""


def test_a_new_answer_shows_its_top_and_names_each_release_once(page, served_seed):
    box = open_app(page, served_seed.url)
    ask(page, box, "Who co-chaired the 4th JIC meeting?")
    ask(page, box, "Which joint projects were launched at the 4th JIC meeting?")
    page.wait_for_function(LAST_ANSWER_TOP_IN_VIEW_JS, timeout=10_000)
    last = page.locator("#sci-chat [data-testid='bot']").last
    fact = last.locator("strong").first
    assert re.search(r"14 projects", fact.inner_text())
    assert page.evaluate("""() => {  // the answer is longer than the chat: its end is out of view
        const bots = document.querySelectorAll('#sci-chat [data-testid="bot"]');
        const r = bots[bots.length - 1].getBoundingClientRect();
        return r.bottom > document.querySelector('#sci-chat').getBoundingClientRect().bottom;
    }""")
    page.screenshot(path=str(artifacts_dir() / "answer-top.png"))
    reply = last.inner_text()
    title = "Singapore and Shenzhen Drive Smart City Collaboration with 14 New Projects"
    assert reply.count(title) == 1  # five citations of one release: one line in the message
    assert "[1]–[5]" in reply
    assert page.locator("#sci-sources article.sci-source").count() == 5  # the full list is in the panel
    # the earlier answer's markers are plain text now: the panel holds this answer's sources only
    assert page.locator("#sci-chat [data-testid='bot']").first.locator("a.sci-cite").count() == 0


def test_a_refusal_is_styled_as_one_and_confidence_reads_in_words(page, served_seed):
    box = open_app(page, served_seed.url)
    ask(page, box, "How many MOUs were signed at the 4th JIC meeting?")
    found = page.locator("#sci-chat [data-testid='bot']").nth(0)  # a locator is lazy: pin the first reply
    assert found.locator(".sci-state-high").inner_text() == "Stated in the release"
    ask(page, box, "What was the budget of the Mars colony rocket launch in 1850?")
    refusal = page.locator("#sci-chat [data-testid='bot']").last
    assert refusal.locator(".sci-state-notfound").inner_text() == "Closest passages only"
    assert re.search(r"don[’']t say", refusal.inner_text())
    border = lambda loc: loc.evaluate(
        "e => getComputedStyle(e.querySelector('.sci-state').closest('.message')).borderLeftColor"
    )
    assert border(refusal) == "rgb(159, 18, 57)"
    assert border(found) != "rgb(159, 18, 57)"
    assert "Closest passages" in page.locator("#sci-sources .sci-notfound").inner_text()
    page.screenshot(path=str(artifacts_dir() / "not-found.png"))


def _clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def _wait_copied(page, button) -> None:
    button.evaluate(
        "b => new Promise((ok) => { const check = () => b.textContent === 'Copied' ? ok() "
        ": requestAnimationFrame(check); check(); })"
    )


def test_a_citation_flashes_its_card_and_copy_puts_clean_cited_text_on_the_clipboard(page, served_seed):
    question = "How many MOUs were signed at the 4th JIC meeting?"
    answer = served_seed.assistant.ask(question)
    box = open_app(page, served_seed.url)
    ask(page, box, question)
    page.locator("#sci-chat a.sci-cite").first.click()
    page.wait_for_function("""() => {
        const card = document.querySelector('#sci-src-1'), r = card.getBoundingClientRect();
        return card.classList.contains('sci-flash') && document.activeElement === card
            && r.top >= 0 && r.bottom <= window.innerHeight;
    }""")

    copy = page.locator("#sci-src-1 button.sci-copy")
    copy.click()
    _wait_copied(page, copy)
    quote = next(q for q in answer.quotes if q.citation == 1)
    doc = served_seed.assistant.document(quote.doc_id)
    assert doc.text[quote.start : quote.end] == quote.text
    span = served_seed.assistant.source(quote.doc_id, quote.start, quote.end)  # where it sits in its file
    assert span.file_start is not None, span.file_offsets_note
    assert _clipboard(page) == (
        f"“{' '.join(quote.text.split())}” — {doc.title}, {doc.date}, {doc.path} "
        f"(characters {span.file_start}–{span.file_end} of the file as stored)" + (f", {doc.url}" if doc.url else "")
    )

    page.locator("#sci-copy-text").click()
    page.wait_for_function("() => navigator.clipboard.readText().then((t) => t.startsWith('Stated in'))")
    text = _clipboard(page)
    assert text.startswith("Stated in the release.\n\nEight MOUs") and "[1]" in text
    assert not re.search(r"\*\*|<a |&lt;|&amp;|^> ", text, re.M)
    assert f"[1] {doc.title}, {doc.date}" in text and doc.path in text
    page.locator("#sci-copy-markdown").click()
    page.wait_for_function("() => navigator.clipboard.readText().then((t) => t.startsWith('**'))")
    assert _clipboard(page) == answer.text.strip()


# Where citation n's quote stands in the release view: the first mark of [n] in the whole-release
# text, whether it flashes, whether it is in the page's viewport and in the text box's visible part,
# and whether that release view is open just below card n.
RELEASE_QUOTE_JS = """(n) => {
  const card = document.getElementById('sci-src-' + n);
  const marks = [...document.querySelectorAll('#sci-sources .sci-fulltext mark.sci-quote[data-cite]')]
    .filter((m) => m.dataset.cite.split(' ').includes(String(n)));
  if (!card || !marks.length) return null;
  const mark = marks[0], details = mark.closest('details.sci-doc'), box = mark.closest('.sci-fulltext');
  const r = mark.getBoundingClientRect(), b = box.getBoundingClientRect(), c = card.getBoundingClientRect();
  return {
    texts: marks.map((m) => m.textContent),
    flashing: marks.every((m) => m.classList.contains('sci-flash')),
    open: details.open,
    belowCard: card.nextElementSibling === details,
    inViewport: r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0,
    inBox: r.top >= b.top - 1 && r.bottom <= b.bottom + 1,
    cardInViewport: c.top >= 0 && c.bottom <= window.innerHeight,
  };
}"""


def test_a_citation_brings_the_release_view_to_its_highlighted_quote(page, served_seed):
    question = "Which joint projects were launched at the 4th JIC meeting?"
    answer = served_seed.assistant.ask(question)
    box = open_app(page, served_seed.url)
    ask(page, box, question)
    assert page.evaluate("document.querySelector('#sci-sources details.sci-doc').open") is False  # closed at first

    def shown(n: int) -> dict:
        page.wait_for_function(f"() => ({RELEASE_QUOTE_JS})({n})?.flashing", timeout=10_000)
        return page.evaluate(RELEASE_QUOTE_JS, n)

    # [1] by mouse: the card flashes, and below it the release view opens at [1]'s quote, flashing
    page.locator("#sci-chat a.sci-cite[href='#sci-src-1']").first.click()
    view = shown(1)
    assert view["open"] and view["belowCard"] and view["inViewport"] and view["inBox"] and view["cardInViewport"]
    quotes = [q for q in answer.quotes if q.citation == 1]
    assert view["texts"][0].startswith(quotes[0].text[:40])
    doc = served_seed.assistant.document(quotes[0].doc_id)
    assert all(t in doc.text for t in view["texts"])  # the release's own words, marked where they stand
    assert page.evaluate("document.activeElement.id") == "sci-src-1"
    assert page.evaluate("document.querySelector('#sci-src-1').classList.contains('sci-flash')")

    # [3] by keyboard: the same release view follows to card 3 and scrolls to [3]'s quote
    cite3 = page.locator("#sci-chat a.sci-cite[href='#sci-src-3']").first
    cite3.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'sci-src-3'")
    view = shown(3)
    assert view["open"] and view["belowCard"] and view["inViewport"] and view["inBox"] and view["cardInViewport"]
    assert view["texts"][0].startswith(next(q for q in answer.quotes if q.citation == 3).text[:40])
    assert page.locator("#sci-sources details.sci-doc").count() == 1  # moved, not copied
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(artifacts_dir() / "citation-release-view.png"))
    assert _axe_serious(page) == []  # the release view, moved and open, reads as well as before


def test_citations_and_copy_buttons_are_reachable_by_keyboard(page, served_seed):
    box = open_app(page, served_seed.url)
    ask(page, box, "How many MOUs were signed at the 4th JIC meeting?")
    page.locator("#sci-title h1").click()  # focus starts at the top of the page
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#sci-chat a.sci-cite')"):
            break
    else:
        pytest.fail("no citation link in the chat is reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'sci-src-1'")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('#sci-src-1 button.sci-copy')")
    page.keyboard.press("Enter")
    _wait_copied(page, page.locator("#sci-src-1 button.sci-copy"))
    assert _clipboard(page).startswith("“Eight MOUs were signed")
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.id === 'sci-copy-text'"):
            break
    else:
        pytest.fail("the Copy answer button is not reachable with Tab")


# -- accessibility ---------------------------------------------------------------------------------

CONTRAST_JS = """([selector, pseudo]) => {
  const parse = (c) => {
    const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = (c) => {
    const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  return [...document.querySelectorAll(selector)].filter((el) => el.getClientRects().length).map((el) => {
    const fg = parse(getComputedStyle(el, pseudo || null).color);
    let opacity = 1, layers = [], opaque = false;
    for (let x = el; x; x = x.parentElement) {
      const s = getComputedStyle(x);
      opacity *= parseFloat(s.opacity);
      const bg = parse(s.backgroundColor);
      if (!opaque && bg[3] > 0) { layers.push(bg); opaque = bg[3] >= 1; }
    }
    let bg = [255, 255, 255];
    for (const l of layers.reverse()) bg = bg.map((v, i) => l[i] * l[3] + v * (1 - l[3]));
    const a = fg[3] * opacity, f = fg.slice(0, 3).map((v, i) => v * a + bg[i] * (1 - a));
    const l1 = lum(f), l2 = lum(bg);
    return [(el.className || el.tagName) + ': ' + (el.innerText || el.placeholder || '').slice(0, 30),
            (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05)];
  });
}"""


def _low_contrast(page, selector: str, pseudo: str = "") -> list:
    _settle(page)
    found = page.evaluate(CONTRAST_JS, [selector, pseudo])
    assert found, f"nothing matched {selector}"  # the check must look at something
    return [(name, round(ratio, 2)) for name, ratio in found if ratio < 4.5]


def _settle(page) -> None:
    """Wait until running transitions and finite animations end (a colour mid-fade is not the
    colour a reader sees)."""
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null)))""")


def _axe_serious(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    _settle(page)
    violations = Axe().run(page).response["violations"]
    return [
        (v["id"], v["impact"], [(n["target"], n.get("failureSummary", "")[-160:]) for n in v["nodes"]][:5])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    ("viewport", "scheme"),
    [
        ({"width": 1366, "height": 900}, "light"),
        ({"width": 390, "height": 844}, "light"),
        ({"width": 1366, "height": 900}, "dark"),
    ],
    ids=["desktop", "phone", "desktop-dark"],
)
def test_axe_finds_no_serious_violation_and_text_meets_aa_contrast(browser, served_seed, viewport, scheme):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    pg = context.new_page()
    pg.set_default_timeout(ANSWER_TIMEOUT)
    try:
        box = open_app(pg, served_seed.url)
        assert pg.evaluate("document.querySelector('.dark') !== null") == (scheme == "dark")  # the theme followed
        assert _axe_serious(pg) == []
        assert _low_contrast(pg, "#sci-input textarea", "::placeholder") == []
        assert _low_contrast(pg, "footer a, footer button, footer span, footer div") == []
        ask(pg, box, "How many MOUs were signed at the 4th JIC meeting?")
        pg.locator("#sci-sources article.sci-source").first.wait_for()
        assert _axe_serious(pg) == []
        assert _low_contrast(pg, "#sci-sources .sci-n, #sci-sources .sci-meta, #sci-chat a.sci-cite, .sci-state") == []
        ask(pg, box, "What was the budget of the Mars colony rocket launch in 1850?")
        assert _axe_serious(pg) == []
        assert _low_contrast(pg, ".sci-state-notfound") == []
    finally:
        context.close()


def test_a_failed_answer_leaves_no_earlier_sources_or_copies_behind(page, tmp_path):
    from .web_fixtures import fake_found_answer, serve_in_thread

    fa, _ = fake_found_answer()
    served = serve_in_thread(fa, tmp_path / "corpus", tmp_path / "index")
    try:
        box = open_app(page, served.url)
        ask(page, box, "How many MOUs?")
        assert page.locator("#sci-sources article.sci-source").count() == 2
        assert page.locator("#sci-copy-text").is_enabled()
        fa.raise_on_ask = RuntimeError("index went away")
        ask(page, box, "How many MOUs again?")
        assert "went wrong" in last_reply(page)
        page.locator("#sci-sources .sci-empty").wait_for()
        assert page.locator("#sci-sources article.sci-source").count() == 0
        assert not page.locator("#sci-copy-text").is_enabled()
        assert page.locator("#sci-chat a.sci-cite").count() == 0  # the earlier reply's links point nowhere now
    finally:
        served.demo.close()


# -- the Agreements and Timeline tabs ---------------------------------------------------------------


def _open_tab(pg, url: str, name: str) -> None:
    open_app(pg, url)
    pg.get_by_role("tab", name=name).click()


def test_the_agreements_csv_download_holds_exactly_the_records(page, served_seed):
    _open_tab(page, served_seed.url, "Agreements")
    rows = served_seed.assistant.records()
    page.locator("#sci-agreements tr.sci-record").first.wait_for()
    assert page.locator("#sci-agreements tr.sci-record").count() == len(rows)
    with page.expect_download() as got:
        page.locator("#sci-ag-csv").click()
    table = list(csv.DictReader(io.StringIO(open(got.value.path(), encoding="utf-8").read())))
    assert [(t["kind"], t["meeting"], t["date"], t["title"], t["parties"], t["start"], t["end"]) for t in table] == [
        (r.kind, r.meeting, r.date, r.title, "; ".join(r.parties), str(r.source.start), str(r.source.end)) for r in rows
    ]
    # Searching narrows the table and the download to the matching rows.
    page.locator("#sci-ag-search input, #sci-ag-search textarea").first.fill("Keppel")
    page.locator("#sci-ag-search input, #sci-ag-search textarea").first.press("Enter")
    keppel = filter_rows(rows, "Keppel")
    assert keppel  # the search must have something to find
    page.wait_for_function(
        "(n) => document.querySelectorAll('#sci-agreements tr.sci-record').length === n", arg=len(keppel)
    )
    with page.expect_download() as got:
        page.locator("#sci-ag-csv").click()
    narrowed = list(csv.DictReader(io.StringIO(open(got.value.path(), encoding="utf-8").read())))
    assert [t["title"] for t in narrowed] == [r.title for r in keppel]
    # A row's Source shows the record marked in its release with its file offsets.
    page.locator("#sci-agreements tr.sci-record summary").first.click()
    first = page.locator("#sci-agreements tr.sci-record").first
    assert "Keppel" in first.locator("mark.sci-quote").inner_text()
    assert "characters" in first.locator(".sci-meta").inner_text()
    page.screenshot(path=str(artifacts_dir() / "agreements.png"), full_page=True)


def test_the_timeline_has_one_point_group_per_meeting_linked_to_its_sentence(page, served_seed):
    _open_tab(page, served_seed.url, "Timeline")
    chart = page.locator("#sci-timeline svg.sci-timeline-chart")
    chart.wait_for()
    meetings = served_seed.assistant.timeline()
    groups = page.locator("#sci-timeline g.sci-tl-meeting")
    assert groups.count() == len(meetings) == 2
    assert [groups.nth(i).get_attribute("data-meeting") for i in range(groups.count())] == [p.meeting for p in meetings]
    page.locator("#sci-timeline a.sci-tl-point[data-series='total-projects']").last.click()
    target = page.locator("#sci-tl-src-2-total-projects")
    assert "43" in target.inner_text() and "To-date, a total of 43 projects" in target.inner_text()
    page.screenshot(path=str(artifacts_dir() / "timeline.png"), full_page=True)


@pytest.mark.parametrize("tab", ["Agreements", "Timeline"])
def test_phone_layout_of_the_explorer_tabs_and_axe(browser, served_seed, tab):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    try:
        _open_tab(pg, served_seed.url, tab)
        pg.locator("#sci-agreements table, #sci-timeline svg.sci-timeline-chart").first.wait_for()
        _settle(pg)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390  # wide tables scroll in their box
        pg.screenshot(path=str(artifacts_dir() / f"phone-{tab.split()[0].lower()}.png"), full_page=True)
        assert _axe_serious(pg) == []
    finally:
        context.close()


# -- a new user's walk-through, desktop and phone ------------------------------------------------------

# The newest answer's fact (its first bold span) is on screen, not scrolled away or covered, and
# inside the chat's visible box: what a reader sees without touching the scroll bar.
FACT_IN_VIEW_JS = """() => {
  const chat = document.querySelector('#sci-chat');
  const bots = chat.querySelectorAll('[data-testid="bot"]');
  const fact = bots[bots.length - 1].querySelector('strong');
  if (!fact) return null;
  let box = fact.parentElement;
  while (box && box !== chat && !(box.scrollHeight > box.clientHeight + 1
         && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
  const r = fact.getBoundingClientRect(), b = (box || chat).getBoundingClientRect();
  const seen = document.elementFromPoint(r.left + Math.min(4, r.width / 2), r.top + r.height / 2);
  const shown = r.top >= 0 && r.bottom <= window.innerHeight && r.top >= b.top - 1 && r.bottom <= b.bottom + 1
      && fact.contains(seen);
  return shown ? fact.innerText : null;
}"""
COPIED = re.compile(
    r"“(?P<text>[^”]+)” — (?P<title>.+), (?P<date>\d{4}-\d\d-\d\d), (?P<file>[^,\s]+) "
    r"\(characters (?P<a>\d+)–(?P<b>\d+) of the file as stored\)"
)
WALK_QUESTIONS = [  # (question, the fact a reader is after)
    ("How many MOUs were signed at the 4th JIC meeting?", r"^(8|Eight)\b"),
    ("Who co-chaired the 3rd JIC meeting?", r"Leong"),
    ("Which joint projects were launched at the 4th JIC meeting?", r"^14 projects"),
]


@pytest.mark.parametrize(
    "device",
    [
        {"name": "desktop", "viewport": {"width": 1280, "height": 800}},
        {"name": "phone", "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    ],
    ids=["desktop", "phone"],
)
def test_a_new_user_finds_each_fact_pastes_a_cited_quote_and_lists_a_meetings_mous(browser, served_seed, device):
    """As someone new would: ask by typing, read the fact without scrolling, follow [1], copy its
    quote and paste it (the clipboard), then list every MOU of one meeting in the Agreements tab.
    Screenshots of each step and the time each took go to the artifacts directory (no timed
    assertion: the figures are for people to read)."""
    import time

    from sci_assistant.markup import normalise
    from sci_assistant.sourcemap import read_source_file

    from .conftest import SEED_CORPUS

    name = device["name"]
    context = browser.new_context(
        viewport=device["viewport"],
        is_mobile=device.get("is_mobile", False),
        has_touch=device.get("has_touch", False),
        permissions=["clipboard-read", "clipboard-write"],
    )
    pg = context.new_page()
    pg.set_default_timeout(ANSWER_TIMEOUT)
    click = (lambda loc: loc.tap()) if device.get("has_touch") else (lambda loc: loc.click())
    shots, timings = artifacts_dir(), {}
    no_sideways = "document.documentElement.scrollWidth <= window.innerWidth + 1"
    try:
        box = open_app(pg, served_seed.url)
        pg.screenshot(path=str(shots / f"walk-{name}-0-start.png"))
        for i, (question, fact) in enumerate(WALK_QUESTIONS, 1):
            t0 = time.perf_counter()
            ask(pg, box, question)
            shown = pg.wait_for_function(FACT_IN_VIEW_JS).json_value()  # no scrolling by the reader
            timings[f"answer {i}"] = round(time.perf_counter() - t0, 2)
            assert re.search(fact, shown), (question, shown)
            assert pg.evaluate(no_sideways)
            pg.screenshot(path=str(shots / f"walk-{name}-{i}-answer.png"))

        # [1] of the newest answer: its source card comes into view and flashes
        click(pg.locator("#sci-chat [data-testid='bot']").last.locator("a.sci-cite").first)
        pg.wait_for_function("""() => {
            const card = document.querySelector('#sci-src-1'), r = card.getBoundingClientRect();
            return card.classList.contains('sci-flash') && r.top >= 0 && r.top < window.innerHeight;
        }""")
        pg.screenshot(path=str(shots / f"walk-{name}-4-source.png"))

        # "Copy quote", then paste: every line cites its release and the characters of the file
        copy = pg.locator("#sci-src-1 button.sci-copy")
        click(copy)
        _wait_copied(pg, copy)
        pasted = _clipboard(pg).split("\n")
        answer = served_seed.assistant.ask(WALK_QUESTIONS[-1][0])
        quotes = [q for q in answer.quotes if q.citation == 1]
        assert len(pasted) == len(quotes)
        for line, quote in zip(pasted, quotes):
            m = COPIED.match(line)
            assert m, line
            doc = served_seed.assistant.document(quote.doc_id)
            assert (m["text"], m["title"], m["date"], m["file"]) == (
                " ".join(quote.text.split()),
                doc.title,
                doc.date,
                doc.path,
            )
            raw = read_source_file(SEED_CORPUS / m["file"]).text[int(m["a"]) : int(m["b"])]
            assert normalise(raw).text.split() == quote.text.split(), line  # the file, sliced, reads as the quote

        # every MOU of the 4th JIC meeting, in the Agreements tab
        t0 = time.perf_counter()
        pg.evaluate("window.scrollTo(0, 0)")
        click(pg.get_by_role("tab", name="Agreements"))
        pg.locator("#sci-agreements tr.sci-record").first.wait_for()
        click(pg.locator("#sci-ag-meeting input"))
        click(pg.get_by_role("option", name="4th JIC meeting"))
        click(pg.locator("#sci-ag-kind input"))
        click(pg.get_by_role("option", name="MOU", exact=True))
        wanted = [r for r in served_seed.assistant.records() if r.meeting == "4th JIC meeting" and r.kind == "MOU"]
        assert len(wanted) == 8  # as the release says
        pg.wait_for_function(
            "(n) => document.querySelectorAll('#sci-agreements tr.sci-record').length === n", arg=len(wanted)
        )
        timings["all MOUs of a meeting"] = round(time.perf_counter() - t0, 2)
        titles = pg.locator("#sci-agreements tr.sci-record td.sci-c-title").all_inner_texts()
        assert [t.strip() for t in titles] == [
            f"{r.number}. {r.title}" if r.number is not None else r.title for r in wanted
        ]
        # each title lies within the screen's width: read by scrolling down, never sideways
        across = pg.locator("#sci-agreements td.sci-c-title").evaluate_all(
            "(cells) => cells.map((c) => { const r = c.getBoundingClientRect(); return [r.left, r.right]; })"
        )
        assert all(left >= 0 and right <= device["viewport"]["width"] + 1 for left, right in across), across
        assert pg.evaluate(no_sideways)
        pg.screenshot(path=str(shots / f"walk-{name}-5-mous.png"), full_page=True)
    finally:
        (shots / f"walk-{name}-timings.json").write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
        context.close()
