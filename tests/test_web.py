"""The web app: pure rendering helpers, the API through gradio_client, and `python app.py`.

Fast tests use a fake assistant with a hand-made Answer; tests marked ``model`` launch the app
over the real corpus with the real model and talk to it with gradio_client.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from sci_assistant import web, web_render
from sci_assistant.errors import InvalidRequestError
from sci_assistant.schema import Answer, Filters, Quote

pytest.register_assert_rewrite("tests.web_fixtures")

from .reliability_helpers import reserved_port, stop_process, wait_for_output  # noqa: E402
from .web_fixtures import (  # noqa: E402
    ROOT,
    FakeAssistant,
    fake_document,
    fake_found_answer,
    quote_of,
    serve_in_thread,
    span_hit,
)

pytest_plugins = ["tests.web_fixtures"]

PAYLOAD = (
    '<script>window.x=1</script> <img src=x onerror="window.x=2"> [x](javascript:window.x=3) '
    "![i](https://evil.example/i.png) [r][t]\n\n[t]: javascript:window.x=4\n\n$$\\frac{1}{2}$$ "
    "<https://evil.example/a.png> https://evil.example/b.png www.evil.example a@evil.example &lt;b&gt;"
)


def _render_commonmark(text: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


def _strip_tags(s: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", s))


# -- safe_markdown ------------------------------------------------------------------------------


def test_safe_markdown_renders_payloads_as_literal_text():
    rendered = _render_commonmark(web_render.safe_markdown(PAYLOAD))
    tags = set(re.findall(r"<\s*([a-zA-Z][\w-]*)", rendered))
    assert tags <= {"p"}, rendered  # no a, img, script, b, span …
    visible = _strip_tags(rendered)
    for piece in (
        "<script>window.x=1</script>",
        '<img src=x onerror="window.x=2">',
        "[x](javascript:window.x=3)",
        "![i](https://evil.example/i.png)",
        "$$\\frac{1}{2}$$",
        "[t]: javascript:window.x=4",
        "https://evil.example/b.png",
        "&lt;b&gt;",
    ):
        assert piece in visible, piece


def test_safe_markdown_keeps_formatting_and_citation_markers():
    text = "**8 MOUs** were signed [1].\n\n> “Eight MOUs were signed.” [1]"
    rendered = _render_commonmark(web_render.safe_markdown(text))
    assert "<strong>8 MOUs</strong>" in rendered
    assert "<blockquote>" in rendered
    assert "[1]" in _strip_tags(rendered)


def test_sanitize_markdown_disarms_raw_payloads():
    rendered = _render_commonmark(web_render.sanitize_markdown(PAYLOAD))
    tags = set(re.findall(r"<\s*([a-zA-Z][\w-]*)", rendered))
    assert tags <= {"p"}, rendered
    visible = _strip_tags(rendered)
    for piece in (
        "<script>window.x=1</script>",
        "[x](javascript:window.x=3)",
        "![i](https://evil.example/i.png)",
        "[t]: javascript:window.x=4",
        "$$\\frac{1}{2}$$",
        "https://evil.example/b.png",
    ):
        assert piece in visible, piece


def test_sanitize_markdown_does_not_escape_twice():
    already = (
        "**Eight** [1]\n\n> “a &lt;script> b \\$5 \\[x]\\(y) !\\[i]\\(z)” [1]\n\n**Sources**\n[1] *Title* · 2023-12-15"
    )
    assert web_render.sanitize_markdown(already) == already
    rendered = _render_commonmark(already)
    assert "<strong>Eight</strong>" in rendered and "<blockquote>" in rendered and "<em>Title</em>" in rendered


def test_sanitize_markdown_is_idempotent_and_never_yields_tags_or_links():
    import random

    rng = random.Random(20240201)
    pieces = list("<>[]()!$:@\\/.*_`#-&; \nabxjs") + [
        "javascript:",
        "https:",
        "www.",
        "<img ",
        "<script>",
        "](",
        "![",
        "]:",
        "> ",
        "- ",
        "\\\\",
    ]
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        once = web_render.sanitize_markdown(text)
        assert web_render.sanitize_markdown(once) == once, text
        rendered = _render_commonmark(once)
        assert not re.search(r"<(a|img|script|iframe|svg|math)\b", rendered), (text, rendered)


# -- messages, history, filters --------------------------------------------------------------------


def test_check_message_rejects_empty_and_over_long_with_a_clear_sentence():
    assert web.check_message("  Who?  ") == "Who?"
    with pytest.raises(InvalidRequestError, match="type a question"):
        web.check_message("   ")
    with pytest.raises(InvalidRequestError, match=r"2,001 characters long; the limit is 2,000"):
        web.check_message("x" * 2001)
    assert web.check_message("y" * 2000) == "y" * 2000


def test_normalise_history_accepts_gradio_formats():
    msgs, note = web.normalise_history(
        [
            {"role": "user", "content": "Who co-chaired it?"},
            {"role": "assistant", "content": [{"type": "text", "text": "Mr. Joseph Leong [1]"}]},
            {"role": "system", "content": "ignored"},
            ["How many MOUs?", "Eight [1]"],
            "And projects?",
        ]
    )
    assert note is None
    assert msgs == [
        {"role": "user", "content": "Who co-chaired it?"},
        {"role": "assistant", "content": "Mr. Joseph Leong [1]"},
        {"role": "user", "content": "How many MOUs?"},
        {"role": "assistant", "content": "Eight [1]"},
        {"role": "user", "content": "And projects?"},
    ]
    assert web.normalise_history(None) == ([], None)


def test_normalise_history_trims_an_oversized_history_with_a_note():
    history = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i} " + "z" * 3000} for i in range(200)
    ]
    msgs, note = web.normalise_history(history)
    assert len(msgs) <= web.MAX_HISTORY_MESSAGES
    assert sum(len(m["content"]) for m in msgs) <= web.MAX_HISTORY_CHARS
    assert msgs[-1]["content"].startswith("turn 199")  # the latest turns are kept
    assert note and "only its last" in note
    with pytest.raises(InvalidRequestError):
        web.normalise_history("not a list")
    with pytest.raises(InvalidRequestError):
        web.normalise_history([42])


def test_make_filters_and_describe():
    fa, _ = fake_found_answer()
    f = web.make_filters(["fake-harbour"], "2024-01-01", "")
    assert f == Filters(("fake-harbour",), "2024-01-01", None)
    text = web_render.describe_filters(f, fa)
    assert "Harbour <b>pact</b> (5th JIC meeting, 2024-02-01)" in text and "2024-01-01 to any" in text
    assert web_render.describe_filters(web.make_filters(None, None, None), fa) == ""
    with pytest.raises(InvalidRequestError, match="From date must be a date as YYYY-MM-DD"):
        web.make_filters([], "1st of May", "")
    with pytest.raises(InvalidRequestError, match="after"):
        web.make_filters([], "2024-02-01", "2023-01-01")


# -- the chat reply ---------------------------------------------------------------------------------


def test_render_reply_found_with_filters_and_notes():
    _, answer = fake_found_answer()
    reply = web_render.render_reply(
        answer, filters_text="releases: Harbour <b>pact</b>", notes=["Only the last 2 turns."]
    )
    rendered = _render_commonmark(reply)
    assert "Filters active" in rendered and "Harbour &lt;b&gt;pact&lt;/b&gt;" in rendered
    assert "<strong>3 MOUs</strong>" in rendered and "[1]" in rendered
    assert "<b>" not in rendered
    assert "don't say" not in reply


def test_render_reply_not_found_says_so_once():
    miss = Answer(
        text="The releases don't say how many dogs attended.",
        found=False,
        citations=[],
        quotes=[],
        query="dogs",
        intent="count",
    )
    assert web_render.render_reply(miss).count("don't say") == 1
    bare = Answer(text="No answer.", found=False, citations=[], quotes=[], query="dogs", intent="count")
    reply = web_render.render_reply(bare)
    badge, first = reply.split("\n\n")[:2]
    assert "sci-state-notfound" in badge and "No close passage" in badge
    assert first == web_render.NOT_FOUND_LINE  # right under the state, before anything else


def test_render_reply_links_each_marker_and_lists_each_release_once():
    fa, answer = fake_found_answer()
    reply = web_render.render_reply(answer, assistant=fa)
    rendered = _render_commonmark(reply)
    assert re.findall(r'<a [^>]*href="([^"]*)"', rendered) == [
        "#sci-src-1",
        "#sci-src-1",
        "#sci-src-2",
        "#sci-src-1",
        "#sci-src-2",
    ]
    visible = _strip_tags(rendered)
    assert visible.count("Harbour <b>pact</b>") == 1  # two citations of one release: one line
    assert "[1] [2] Harbour <b>pact</b> · 5th JIC meeting, 2024-02-01" in visible
    assert "<b>" not in rendered
    # the answer's first line is the fact, under a one-line state badge
    assert reply.startswith('<span class="sci-state sci-state-high"') and "Stated in the release" in visible
    assert visible.split("Stated in the release", 1)[1].strip().startswith("3 MOUs were signed")
    # an escaped "[3]" in quoted text, or a marker past the citations, is not linked
    assert web_render.link_citations("\\[1\\] [3] [2]", 2).endswith('title="Show source 2">[2]</a>')
    assert "[3]" in web_render.link_citations("[3]", 2) and "<a" not in web_render.link_citations("[3]", 2)
    assert web_render.unlink_citations(reply) == reply.replace(
        '<a class="sci-cite" href="#sci-src-1" title="Show source 1">[1]</a>', "[1]"
    ).replace('<a class="sci-cite" href="#sci-src-2" title="Show source 2">[2]</a>', "[2]")
    assert "sci-cite" not in web_render.unlink_citations(reply)


@pytest.mark.parametrize(
    ("found", "confidence", "strategy", "level", "words"),
    [
        (True, 0.9, "sentence", "high", "Stated in the release"),
        (True, 0.9, "summary", "high", "Summarised from the release"),
        (True, "between", "records", "medium", "Probable answer — check the quote"),
        (True, 0.2, "sentence", "low", "Uncertain — read the quoted passages"),
        (False, 0.3, "none", "notfound", "Closest passages only"),
    ],
)
def test_answer_state_in_words(found, confidence, strategy, level, words):
    _, answer = fake_found_answer()
    if confidence == "between":  # inside the probable band, wherever calibration puts it
        confidence = (web_render.low_confidence() + web_render.high_confidence()) / 2
    state = web_render.answer_state(dataclasses.replace(answer, found=found, confidence=confidence, strategy=strategy))
    assert (state.level, state.words) == (level, words)


def test_plain_text_copies_have_no_markdown_and_carry_citations():
    fa, answer = fake_found_answer()
    text = web_render.answer_plain_text(answer, fa)
    assert text.startswith("Stated in the release.\n\n3 MOUs were signed [1].")
    assert "“The harbour authority signed 3 MOUs with <Partner & Co>.” [1]" in text
    assert not re.search(r"[*>\\]|&lt;|&amp;", text.replace("<Partner & Co>", "").replace("<b>pact</b>", ""))
    assert text.endswith(
        "Sources:\n[1] Harbour <b>pact</b>, 2024-02-01 (Intro), fake-harbour.txt\n"
        "[2] Harbour <b>pact</b>, 2024-02-01 (Intro › People), fake-harbour.txt"
    )
    out = web_render.render_sources(answer, fa)
    copies = [html.unescape(c) for c in re.findall(r'data-copy="([^"]*)"', out)]
    assert copies == [
        "“The harbour authority signed 3 MOUs with <Partner & Co>.” — Harbour <b>pact</b>, 2024-02-01, "
        "fake-harbour.txt",
        "“The meeting was co-chaired by Ms. Ada Lim and Mr. Bo Chen.” — Harbour <b>pact</b>, 2024-02-01, "
        "fake-harbour.txt",
    ]
    kinds = dict(re.findall(r'class="sci-copy-data" data-kind="(\w+)">([^<]*)<', out))
    assert html.unescape(kinds["text"]) == text and html.unescape(kinds["markdown"]) == answer.text


# -- the sources panel ------------------------------------------------------------------------------


def test_render_sources_marks_quotes_at_exact_offsets_and_escapes_the_rest():
    fa, answer = fake_found_answer()
    out = web_render.render_sources(answer, fa)
    marks = re.findall(r'<mark class="sci-quote"( data-cite="\d+")?>(.*?)</mark>', out, re.S)
    # one mark per quote in the cards, and again in the whole-release text, where each names its [n]
    assert [html.unescape(m) for _, m in marks] == [q.text for q in answer.quotes] * 2
    assert [c for c, _ in marks] == [""] * len(answer.quotes) + [f' data-cite="{q.citation}"' for q in answer.quotes]
    assert "&lt;Partner &amp; Co&gt;" in out
    assert "Harbour &lt;b&gt;pact&lt;/b&gt;" in out
    assert "<b>" not in out and "javascript:x" in out  # as text only
    assert not re.search(r"<a\b[^>]*href=\"(?!#sci-full-\d+\")", out)  # the only links are ours
    assert out.count('<article class="sci-source"') == 2
    assert 'id="sci-full-1"' in out and 'id="sci-full-2"' in out
    assert out.count("<details") == 1  # one whole-release viewer per cited release
    # the text of each card is exactly the document span it claims
    doc = fa.docs["fake-harbour"]
    card1 = re.search(r'id="sci-src-1".*?<blockquote class="sci-passage">(.*?)</blockquote>', out, re.S).group(1)
    h1 = answer.citations[0]
    assert _strip_tags(card1) == doc.text[h1.start : h1.end]


def test_render_sources_widens_to_a_quote_beyond_the_hit_and_skips_bad_offsets():
    doc = fake_document()
    sentence = "The meeting was co-chaired by Ms. Ada Lim and Mr. Bo Chen."
    q = quote_of(doc, sentence, 1)
    hit = span_hit(doc, doc.text.index("HARBOUR"), q.start + 10)  # cuts the quote
    bad = Quote(doc.doc_id, 0, 5, "wrong", 1)
    answer = Answer(text="x [1]", found=True, citations=[hit], quotes=[q, bad], query="q", intent="who")
    fa = FakeAssistant(docs={doc.doc_id: doc}, answer=answer)
    out = web_render.render_sources(answer, fa)
    card = re.search(r'<blockquote class="sci-passage">(.*?)</blockquote>', out, re.S).group(1)
    assert re.findall(r"<mark[^>]*>(.*?)</mark>", card) == [sentence]
    assert "wrong" not in out


def test_render_sources_not_found_lists_closest_matches():
    fa, found = fake_found_answer()
    miss = Answer(text="The releases don't say.", found=False, citations=[], quotes=[], query="q", intent="other")
    out = web_render.render_sources(miss, fa, closest=found.citations[:1])
    assert "The releases don't say." in out and "Closest passages" in out
    assert out.count('<article class="sci-source"') == 1 and "<mark" not in out
    empty = web_render.render_sources(miss, fa, closest=[])
    assert "No passage came close" in empty
    assert "appear here" in web_render.render_sources(None, None)


def test_render_sources_without_the_document_falls_back_to_the_hit():
    fa, answer = fake_found_answer()
    out = web_render.render_sources(answer, FakeAssistant(docs={}, answer=answer))
    assert out.count("<mark") == 2 and "sci-open" not in out and "<details" not in out


def test_index_info_and_status():
    fa, _ = fake_found_answer()
    info = fa.info()
    out = web_render.render_index_info(info)
    assert "Harbour &lt;b&gt;pact&lt;/b&gt;" in out and "2024-02-01" in out and "fake/model" in out
    assert "<strong>3</strong> passages" in out
    assert "Index ready: 1 releases, 3 passages" in web_render.render_status(info)
    assert web_render.release_choices(fa) == [("Harbour <b>pact</b> (5th JIC meeting, 2024-02-01)", "fake-harbour")]


def test_exports_carry_quotes_offsets_and_sources():
    fa, answer = fake_found_answer()
    f = Filters(("fake-harbour",))
    data = web_render.export_json("How many MOUs?", answer, fa, f)
    json.dumps(data)
    assert data["question"] == "How many MOUs?"
    assert data["filters"]["documents"] == ["fake-harbour"]
    assert [(q["start"], q["end"], q["citation"]) for q in data["answer"]["quotes"]] == [
        (q.start, q.end, q.citation) for q in answer.quotes
    ]
    assert data["sources"][0]["path"] == "fake-harbour.txt" and data["sources"][0]["citation"] == 1
    md = web_render.export_markdown("How many MOUs?", answer, fa, f)
    q = answer.quotes[0]
    assert f"characters {q.start}–{q.end}" in md and "## Sources" in md and "**Filters:**" in md


# -- answering, with a fake assistant ---------------------------------------------------------------


def test_answer_turn_turns_failures_into_friendly_sentences(caplog):
    fa, _ = fake_found_answer()
    fa.raise_on_ask = RuntimeError("secret internal detail")
    turn = web.answer_turn(fa, "How many?")
    assert turn.answer is None and "went wrong" in turn.reply and "secret" not in turn.reply
    assert "secret internal detail" in caplog.text  # the details go to the server log
    fa.raise_on_ask = InvalidRequestError("no document with doc_id 'nope'")
    assert "can't answer that as asked" in web.answer_turn(fa, "How many?").reply


def test_answer_turn_passes_history_and_filters_and_finds_closest():
    fa, _ = fake_found_answer()
    fa.answer = Answer(text="The releases don't say.", found=False, citations=[], quotes=[], query="q", intent="other")
    f = Filters(("fake-harbour",))
    turn = web.answer_turn(fa, "Who?", [{"role": "user", "content": "Earlier?"}], f)
    assert fa.calls[-1]["history"] == [{"role": "user", "content": "Earlier?"}]
    assert fa.calls[-1]["filters"] == f
    assert turn.closest and "Filters active" in turn.reply


def test_serve_wires_the_cli_options(monkeypatch, tmp_path):
    """Wiring only (the wiring is what serve does): each option reaches the step that uses it. The
    real thing, a served app honouring them, is test_sci_assistant_serve_honours_port_auth_and_blocked_paths."""
    fa, _ = fake_found_answer()
    seen = {}
    monkeypatch.setattr(
        web, "start_assistant", lambda corpus, index, model: seen.update(start=(corpus, index, model)) or (fa, "status")
    )
    monkeypatch.setattr(web, "build_demo", lambda assistant, status: seen.update(demo=(assistant, status)) or "demo")
    monkeypatch.setattr(web, "run", lambda demo, **kw: seen.update(run=(demo, kw)) or 0)
    assert web.serve(corpus="c", index="i", model="m", host="127.0.0.1", port=1234, auth="a:b") == 0
    assert seen == {
        "start": ("c", "i", "m"),
        "demo": (fa, "status"),
        "run": ("demo", {"host": "127.0.0.1", "port": 1234, "auth": "a:b", "blocked_paths": ["c", "i"]}),
    }
    with pytest.raises(InvalidRequestError):
        web.serve(corpus="c", index="i", auth="nocolon")
    assert web.parse_auth("alice:s3:cret") == ("alice", "s3:cret")


@pytest.mark.model
@pytest.mark.web
def test_sci_assistant_serve_honours_port_auth_and_blocked_paths(tmp_path):
    """`sci-assistant serve` for real (real model, a tiny corpus, no fakes): it builds the missing
    index, serves on the given port, requires the given login, answers with it, and never serves
    a corpus or index file even to a logged-in user."""
    import http.cookiejar

    from gradio_client import Client

    from .conftest import write_tiny_corpus

    corpus, index = write_tiny_corpus(tmp_path / "corpus"), tmp_path / "index"
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log_file, reserved_port() as port:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sci_assistant",
                "serve",
                "--corpus",
                str(corpus),
                "--index",
                str(index),
                "--port",
                str(port),
                "--auth",
                "alice:s3cret",
            ],
            cwd=tmp_path,
            env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT / "src")},
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            output = wait_for_output(log_path, proc, "The chat is ready", timeout=150)
            url = f"http://127.0.0.1:{port}"
            assert f"{url} (login required)" in output and (index / "CURRENT").exists()
            with pytest.raises(urllib.error.HTTPError) as err:  # no login: refused
                urllib.request.urlopen(f"{url}/gradio_api/info", timeout=10)
            assert err.value.code == 401
            reply = Client(url + "/", auth=("alice", "s3cret"), verbose=False).predict(
                "Who co-chaired the water pact?", api_name="/chat"
            )
            assert "Arun Rao" in reply
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            opener.open(urllib.request.Request(f"{url}/login", data=b"username=alice&password=s3cret"), timeout=10)
            assert opener.open(f"{url}/gradio_api/info", timeout=10).status == 200  # logged in
            for path in (corpus / "alpha-release.md", index / read_current_file(index) / "manifest.json"):
                with pytest.raises(urllib.error.HTTPError) as err:
                    opener.open(f"{url}/gradio_api/file={path.resolve()}", timeout=10)
                assert err.value.code in (403, 404), path
        finally:
            stop_process(proc)


def read_current_file(index) -> str:
    return (index / "CURRENT").read_text().strip()


@pytest.fixture(scope="module")
def fake_server(tmp_path_factory):
    fa, _ = fake_found_answer()
    base = tmp_path_factory.mktemp("fake")
    corpus, index = base / "corpus", base / "index"
    corpus.mkdir()
    index.mkdir()
    (corpus / "secret.txt").write_text("corpus file", encoding="utf-8")
    (index / "manifest.json").write_text("{}", encoding="utf-8")
    served = serve_in_thread(fa, corpus, index)
    yield served
    served.demo.close()


@pytest.mark.web
def test_api_chat_endpoint_with_a_fake_assistant(fake_server):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(fake_server.url, verbose=False)
    api = client.view_api(return_format="dict", print_info=False)
    assert list(api["named_endpoints"]) == ["/chat"]  # UI events are not API endpoints
    reply = client.predict("How many MOUs?", [{"role": "user", "content": "Earlier"}], api_name="/chat")
    assert reply.startswith("**3 MOUs** were signed [1].")
    assert fake_server.assistant.calls[-1]["history"] == [{"role": "user", "content": "Earlier"}]
    assert client.predict("How many MOUs?", api_name="/chat") == reply  # history is optional
    with pytest.raises(AppError, match="the limit is 2,000 characters"):
        client.predict("x" * 2500, api_name="/chat")


@pytest.mark.web  # builds the Gradio app (importing Gradio takes seconds)
def test_queue_is_bounded_and_latex_and_raw_html_are_off():
    fa, _ = fake_found_answer()
    demo = web.build_demo(fa)
    assert demo._queue.max_size == web.QUEUE_SIZE
    assert demo._queue.default_concurrency_limit == web.CONCURRENCY_LIMIT
    chat = next(b for b in demo.blocks.values() if b.get_block_name() == "chatbot")
    assert chat.latex_delimiters == [] and chat.sanitize_html is True and chat.allow_tags is False


@pytest.mark.web  # builds the Gradio app
def test_chat_keeps_answer_tops_in_view_and_hides_the_follow_up_example_at_first():
    fa, _ = fake_found_answer()
    demo = web.build_demo(fa)
    chat = next(b for b in demo.blocks.values() if b.get_block_name() == "chatbot")
    assert chat.autoscroll is False  # SHOW_ANSWER_TOP_JS scrolls to the top of each new answer
    assert not chat.buttons  # Gradio's copy button copied the raw message (link HTML included)
    # the first questions sit inside the empty chat; the follow-up ("… there?") is not among them
    assert [e["text"] for e in chat.examples] == [q for kind, q in web.EXAMPLES if kind != "follow-up"]
    buttons = {b.value: b for b in demo.blocks.values() if b.get_block_name() == "button"}
    assert not any(buttons[q].visible for _, q in web.EXAMPLES)  # below the chat only after a first answer


def test_filters_label_counts_active_filters_and_errors_are_escaped_alerts():
    assert web.filters_label([], "", None) == "Filters"
    assert web.filters_label(["a", "b"], "2023-01-01", "") == "Filters · 2 active"
    assert web.filters_label("a", " 2023-01-01 ", "2024-01-01") == "Filters · 3 active"
    assert web.error_html("") == ""
    out = web.error_html("The From date must be a date as YYYY-MM-DD, got '<b>'.")
    assert 'role="alert"' in out and "&lt;b&gt;" in out and "<b>" not in out


@pytest.mark.web
def test_login_is_required_when_auth_is_given(tmp_path):
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    fa, _ = fake_found_answer()
    served = serve_in_thread(fa, tmp_path, tmp_path, auth="alice:s3cret")
    try:
        with pytest.raises(AuthenticationError, match="credentials were not provided"):
            Client(served.url, verbose=False)
        with pytest.raises(ValueError):
            Client(served.url, auth=("alice", "wrong"), verbose=False)
        client = Client(served.url, auth=("alice", "s3cret"), verbose=False)
        assert client.predict("How many MOUs?", api_name="/chat").startswith("**3 MOUs**")
    finally:
        served.demo.close()


@pytest.mark.web
def test_corpus_and_index_are_not_served(fake_server):
    for path in (fake_server.corpus / "secret.txt", fake_server.index / "manifest.json"):
        for prefix in ("gradio_api/file=", "file="):
            url = fake_server.url + prefix + str(path.resolve())
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(url, timeout=10)
            assert err.value.code in (403, 404)


# -- the real app (real model, real corpus) ---------------------------------------------------------


@pytest.fixture(scope="module")
def client(served_seed):
    from gradio_client import Client

    return Client(served_seed.url, verbose=False)


@pytest.mark.model
@pytest.mark.web
def test_api_question_gets_a_cited_answer(client):
    reply = client.predict("How many MOUs were signed at the 4th JIC meeting?", api_name="/chat")
    assert "[1]" in reply
    assert re.search(r"\b(8|eight)\b", reply, re.I)


@pytest.mark.model
@pytest.mark.web
def test_api_follow_up_with_history_resolves(client):
    first_q = "How many MOUs were signed at the 4th JIC meeting?"
    first = client.predict(first_q, api_name="/chat")
    history = [{"role": "user", "content": first_q}, {"role": "assistant", "content": first}]
    reply = client.predict("Who co-chaired it?", history, api_name="/chat")
    assert re.search(r"Interpreted as: .*4th JIC", reply)
    assert "Leong" in reply and "[1]" in reply


@pytest.mark.model
@pytest.mark.web
def test_api_unanswerable_question_abstains(client):
    reply = client.predict("What was the budget of the Mars colony rocket launch in 1850?", api_name="/chat")
    assert re.search(r"do(?:n[’']t| not) say", reply, re.I)


@pytest.mark.model
@pytest.mark.web
def test_api_over_long_message_is_rejected_clearly(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=r"the limit is 2,000 characters\. Please shorten it"):
        client.predict("Who co-chaired the meeting? " * 100, api_name="/chat")


@pytest.mark.model
@pytest.mark.web
def test_real_corpus_and_index_files_are_blocked(served_seed):
    files = [next(served_seed.corpus.glob("*.txt")), next(served_seed.index.rglob("manifest.json"))]
    for path in files:
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(served_seed.url + "gradio_api/file=" + str(path.resolve()), timeout=10)
        assert err.value.code in (403, 404)


@pytest.mark.model
@pytest.mark.web
def test_python_app_py_rebuilds_a_missing_index_and_serves(tmp_path):
    """`python app.py` on a fresh checkout: no index yet → rebuilt with progress, then served."""
    env = {
        **os.environ,
        "SCI_ASSISTANT_INDEX": str(tmp_path / "index"),
        "HF_HUB_OFFLINE": "1",
        "SCI_ASSISTANT_AUTH": "",
    }
    log_path = tmp_path / "app.log"
    with open(log_path, "w") as log_file, reserved_port() as port:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            output = wait_for_output(log_path, proc, "The chat is ready", timeout=150)
            assert "missing or out of date: rebuilding" in output and "embedding" in output
            assert f"http://127.0.0.1:{port}" in output
            page = urllib.request.urlopen(f"http://127.0.0.1:{port}/config", timeout=10).read().decode()
            assert "rebuilt at start-up" in page  # the status line in the UI
            assert (tmp_path / "index" / "CURRENT").exists()
        finally:
            stop_process(proc)


def test_app_py_help_is_fast_and_names_the_options():
    """--help answers before the slow start: checked by what it imports (no model, no torch, no
    Gradio, no index libraries), not by a wall clock."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", str(ROOT / "app.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 0
    assert "--host" in out.stdout and "--port" in out.stdout and "--auth" in out.stdout
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in out.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "sci_assistant" in imported  # the check sees imports at all
    heavy = {"torch", "transformers", "sentence_transformers", "gradio", "faiss", "bm25s"} & imported
    assert not heavy, heavy
