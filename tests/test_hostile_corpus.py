"""Hostile corpus files: empty, binary, legacy encodings, huge, one huge line, duplicates, strange
names, links out of the corpus and in loops, FIFOs, pathological markup, an empty corpus.

The build must finish in bounded time and memory, skip what it cannot use with a reason, never
read outside the corpus, and keep the previous index serving when nothing usable is left.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sci_assistant import web
from sci_assistant.assistant import Assistant, index_is_stale
from sci_assistant.corpus import MAX_TEXT_CHARS, SkipFile, load_corpus, normalise, read_document
from sci_assistant.errors import EmptyCorpusError
from sci_assistant.indexing import build_index, corpus_state, open_index, read_current

from .conftest import TINY_DOCS, FakeEmbedder, artifacts_dir
from .reliability_helpers import ROOT, subprocess_env

SECRET = "TOPSECRET-7f3a9c"  # written only outside the corpus; must never reach the index
GOOD = TINY_DOCS["alpha-release.md"]
STRANGE_NAMES = [
    "quote\"and'apos.txt",
    "[brackets](javascript:x).md",
    "new\nline.txt",
    "<img src=x onerror=alert(1)>.txt",
    "a\\..\\..\\windows-style.txt",
    "dots..%2f..%2fencoded.txt",
    "Zürich 深圳 ünïcödé.txt",
    "tab\tand  spaces.txt",
]


def call_with_timeout(fn, timeout: float):
    """Run ``fn`` in a thread; fail the test (instead of hanging it) if it does not return."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), f"{fn} did not return within {timeout} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def release(title: str, body: str) -> str:
    return f"# {title}\n\n**SINGAPORE, 4 March 2021** - {body}\n\nIt covers ferries and port sensors.\n"


@pytest.fixture
def hostile(tmp_path: Path) -> dict:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET} the outside file", encoding="utf-8")
    (outside / "inner.txt").write_text(f"{SECRET} inside an outside folder", encoding="utf-8")

    (corpus / "good.md").write_text(GOOD, encoding="utf-8")
    (corpus / "zero.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    (corpus / "latin1.txt").write_bytes(
        release("Café Zürich pact", "Café Zürich and Søndergård signed a naïve pact.").encode("latin-1")
    )
    (corpus / "cp1252.txt").write_bytes(
        release("Quoted pact", "The \u201cquoted\u201d pact \u2013 signed.").encode("cp1252")
    )
    (corpus / "utf16-le-bom.txt").write_bytes(release("Harbour sixteen", "Harbour LE signed.").encode("utf-16"))
    (corpus / "utf16-be-bom.txt").write_bytes(
        b"\xfe\xff" + release("Harbour big end", "Harbour BE signed.").encode("utf-16-be")
    )
    (corpus / "utf16-le-nobom.txt").write_bytes(release("Harbour no mark", "Harbour NB signed.").encode("utf-16-le"))
    (corpus / "zz-exact-copy.md").write_text(GOOD, encoding="utf-8")
    (corpus / "near-copy.md").write_text(GOOD.replace("500 water-quality", "501 water-quality"), encoding="utf-8")
    for i, name in enumerate(STRANGE_NAMES):
        (corpus / name).write_text(
            release(f"Strange name {i}", f"Release {i} with an odd file name."), encoding="utf-8"
        )
    (corpus / "outside-link.txt").symlink_to(outside / "secret.txt")
    (corpus / "outside-dir").symlink_to(outside, target_is_directory=True)
    (corpus / "loop-a.txt").symlink_to(corpus / "loop-b.txt")
    (corpus / "loop-b.txt").symlink_to(corpus / "loop-a.txt")
    (corpus / "self-dir").symlink_to(corpus, target_is_directory=True)
    (corpus / "dangling.txt").symlink_to(tmp_path / "does-not-exist.txt")
    os.mkfifo(corpus / "fifo.txt")
    with open(corpus / "huge-50mb.txt", "wb") as f:  # sparse: 50 MB by size, never read
        f.truncate(50 * 1024 * 1024)
    words = "port sensor drone pilot fintech talent exchange "
    (corpus / "one-10mb-line.txt").write_text(
        (words * (10 * 1024 * 1024 // len(words) + 1))[: 10 * 1024 * 1024], encoding="utf-8"
    )
    (corpus / "big-6mb.html").write_text(
        "<html><body>" + "<p>port sensors</p>" * 330_000 + "</body></html>", encoding="utf-8"
    )
    return {"corpus": corpus, "outside": outside, "index": tmp_path / "index"}


EXPECTED_SKIPS = {
    "zero.txt": "empty file",
    "binary.txt": "binary content",
    "zz-exact-copy.md": "duplicate of good.md",
    "outside-link.txt": "symbolic link to a file outside the corpus",
    "loop-a.txt": "broken or looping symbolic link",
    "loop-b.txt": "broken or looping symbolic link",
    "dangling.txt": "broken or looping symbolic link",
    "fifo.txt": "not a regular file",
    "huge-50mb.txt": "too large",
    "one-10mb-line.txt": "too much text",
    "big-6mb.html": "too large",
}


@pytest.mark.integration
def test_a_hostile_corpus_builds_in_bounded_time_and_skips_with_reasons(hostile):
    corpus, index = hostile["corpus"], hostile["index"]
    t0 = time.monotonic()
    stats = call_with_timeout(lambda: build_index(corpus, index, embedder=FakeEmbedder()), 120)
    elapsed = time.monotonic() - t0
    assert elapsed < 60, elapsed
    skipped = dict(stats.skipped and ((s.path, s.reason) for s in stats.skipped))
    for rel, reason in EXPECTED_SKIPS.items():
        assert rel in skipped and reason in skipped[rel], (rel, skipped.get(rel))
    assert set(skipped) == set(EXPECTED_SKIPS), set(skipped) ^ set(EXPECTED_SKIPS)

    a = Assistant.load(index, embedder=FakeEmbedder())
    docs = {d.path: d for d in a.documents()}
    expected_docs = {
        "good.md",
        "latin1.txt",
        "cp1252.txt",
        "utf16-le-bom.txt",
        "utf16-be-bom.txt",
        "utf16-le-nobom.txt",
        "near-copy.md",
        *STRANGE_NAMES,
    }
    assert set(docs) == expected_docs, set(docs) ^ expected_docs
    # legacy encodings decoded, not mangled
    assert "Café Zürich and Søndergård signed a naïve pact." in docs["latin1.txt"].text
    assert "The \u201cquoted\u201d pact \u2013 signed." in docs["cp1252.txt"].text
    for rel, word in (
        ("utf16-le-bom.txt", "Harbour LE"),
        ("utf16-be-bom.txt", "Harbour BE"),
        ("utf16-le-nobom.txt", "Harbour NB"),
    ):
        assert word in docs[rel].text, docs[rel].text[:80]
    # every name survives as the document's path; ids are safe slugs, unique
    ids = [d.doc_id for d in docs.values()]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids), ids
    # nothing from outside the corpus was read into the index
    gen = index / read_current(index)
    for p in gen.rglob("*"):
        if p.is_file():
            assert SECRET.encode() not in p.read_bytes(), p
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    states = manifest["corpus"]["files"]
    assert states["outside-link.txt"].startswith("skipped:") and states["fifo.txt"].startswith("skipped:")
    assert not any("outside-dir" in k or "self-dir" in k for k in states), sorted(states)
    # the odd names render as text in the UI's index panel
    info = a.info()
    assert "<img src=x onerror=alert(1)>.txt" in {d["path"] for d in info["documents"]}
    panel = web.render_index_info(info)
    assert "<img" not in panel and "<script" not in panel
    hit = a.search("Release 3 with an odd file name", k=1)[0]
    sources = web.render_sources(a.ask("Which release has an odd file name?"), a)
    assert "<img src=x" not in sources and hit.doc_id
    # a rebuild of the same corpus is recognised as unchanged (the state is stable, no hang)
    again = call_with_timeout(lambda: build_index(corpus, index, embedder=FakeEmbedder()), 60)
    assert again.unchanged
    assert call_with_timeout(lambda: index_is_stale(corpus, index, model_id=FakeEmbedder.model_id), 30) is False


def test_fifos_and_links_to_devices_are_never_opened(tmp_path):
    """A FIFO would block a reader forever and a link to /dev/zero would never end: neither is
    opened by load_corpus, corpus_state or the staleness check."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text(GOOD, encoding="utf-8")
    os.mkfifo(corpus / "pipe.md")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "urandom.txt").symlink_to("/dev/urandom")
    docs, skipped = call_with_timeout(lambda: load_corpus(corpus), 20)
    assert [d.path for d in docs] == ["good.md"]
    assert {s.path for s in skipped} == {"pipe.md", "zero.txt", "urandom.txt"}
    state = call_with_timeout(lambda: corpus_state(corpus), 20)
    assert state["pipe.md"].startswith("skipped:") and state["zero.txt"].startswith("skipped:")
    with pytest.raises(SkipFile, match="not a regular file"):  # read_document refuses a FIFO without blocking
        call_with_timeout(lambda: read_document(corpus / "pipe.md", "pipe.md", "pipe"), 20)


def test_exact_duplicates_are_indexed_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.md", "b.md", "c.txt"):
        (corpus / name).write_text(GOOD, encoding="utf-8")
    stats = build_index(corpus, tmp_path / "index", embedder=FakeEmbedder())
    assert stats.documents == 1
    assert {s.path: s.reason for s in stats.skipped} == {"b.md": "duplicate of a.md", "c.txt": "duplicate of a.md"}
    a = Assistant.load(tmp_path / "index", embedder=FakeEmbedder())
    answer = a.ask("Who co-chaired the pact?")
    cited = [(h.doc_id, h.text) for h in answer.citations]
    assert len(cited) == len(set(t for _, t in cited))


def test_near_duplicates_are_not_cited_twice(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    beta = TINY_DOCS["beta-release.txt"]
    (corpus / "beta.txt").write_text(beta, encoding="utf-8")
    (corpus / "beta-reissued.txt").write_text(beta.replace("12 corridors", "twelve corridors"), encoding="utf-8")
    (corpus / "alpha.md").write_text(GOOD, encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=FakeEmbedder())
    a = Assistant.load(tmp_path / "index", embedder=FakeEmbedder())
    for q in (
        "How many drone corridors has Beta Port opened?",
        "What did QuikAir do?",
        "drone delivery corridor parcels",
        "Who co-chaired the water pact?",
    ):
        answer = a.ask(q)
        quoted = [" ".join(x.text.split()) for x in answer.quotes]
        assert len(quoted) == len(set(quoted)), (q, quoted)
        texts = [" ".join(h.text.split())[:120] for h in answer.citations]
        assert len(texts) == len(set(texts)), (q, texts)


def test_an_empty_or_unusable_corpus_fails_and_the_old_index_keeps_serving(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text(GOOD, encoding="utf-8")
    index = tmp_path / "index"
    build_index(corpus, index, embedder=FakeEmbedder())
    a = Assistant.load(index, embedder=FakeEmbedder())
    before = (index / "CURRENT").read_bytes()
    # nothing usable left: an empty file, a binary, a link out, a loop
    (corpus / "good.md").unlink()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "out.txt").symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(EmptyCorpusError, match=r"no readable document .*\(3 file\(s\) skipped\)"):
        build_index(corpus, index, embedder=FakeEmbedder())
    for f in list(corpus.iterdir()):
        f.unlink()
    with pytest.raises(EmptyCorpusError):
        build_index(corpus, index, embedder=FakeEmbedder())
    assert (index / "CURRENT").read_bytes() == before
    assert a.refresh() is False and a.ask("Who co-chaired the water pact?").found
    assert open_index(index).generation == "gen-000001"


# Lines that made the old normaliser quadratic (minutes at a few hundred kilobytes) or crash.
PATHOLOGICAL = {
    "unclosed italics": "*a ",
    "unclosed links": "[a](",
    "unclosed images": "![a](",
    "unclosed brackets": "[a ",
    "unclosed p tags": "<p ",
    "lower-case paragraphs": "abc\n\n",
    "continued table cells": "a\tb\n",
    "hyphenated lines": "ab-\n",
    "blank lines": "\n",
    "spaces in a heading": None,  # built below
    "escapes": "\\* ",
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_markup_is_read_in_linear_time(tmp_path, name):
    size = 120_000
    unit = PATHOLOGICAL[name]
    text = "# " + " " * size + "x\n" if unit is None else "Title\n\n" + unit * (size // len(unit))
    p = tmp_path / "x.md"
    p.write_text(text, encoding="utf-8")
    # Linear reading takes well under a second; a quadratic one of 120,000 units takes hours. The
    # 30 s limit tells them apart with a wide margin on a loaded machine: no tighter clock here.
    try:
        call_with_timeout(lambda: read_document(p, "x.md", "x"), 30)
    except SkipFile as exc:  # no text left is an answer too; a hang is not
        assert "no text" in str(exc), exc


def test_more_escapes_than_private_use_characters(tmp_path):
    """The old normaliser parked each escape on its own private-use character and failed past
    about a million escapes; private-use glyphs (common in PDF text) were also mistaken for
    escapes. Now both survive."""
    text = "Symbols \ue001\ue002 stay. " + "A\\*STAR " * 10 + "end"
    parsed = normalise(text)
    assert "\ue001\ue002" in parsed.text and "A*STAR" in parsed.text
    p = tmp_path / "many.md"
    p.write_text("Many escapes\n\n" + "\\*" * 1_200_000, encoding="utf-8")
    doc = call_with_timeout(lambda: read_document(p, "many.md", "many", max_chars=2_000_000), 60)
    assert doc.text.count("*") == 1_200_000


def test_bold_spans_stay_on_their_words_after_entities_and_invisible_characters():
    parsed = normalise("Lead para.\n\nThe pact with &amp; \u00adsoft **Partner Co** was signed.\n")
    spans = [parsed.text[a:b] for a, b in parsed.emphasis]
    assert spans == ["Partner Co"], spans


def test_text_cap_is_a_clear_reason(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("Long release\n\n" + "word " * (MAX_TEXT_CHARS // 5 + 10), encoding="utf-8")
    docs_or_error = None
    with pytest.raises(Exception) as err:
        read_document(p, "long.txt", "long")
    docs_or_error = str(err.value)
    assert "too much text" in docs_or_error and f"{MAX_TEXT_CHARS:,}" in docs_or_error


@pytest.mark.slow
def test_huge_files_keep_memory_bounded(tmp_path):
    """In a fresh interpreter: a build over a 10 MB single line, a 19 MB file of short paragraphs,
    a real (not sparse) 50 MB file and a good release; peak memory is recorded and bounded."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text(GOOD, encoding="utf-8")
    line = "port sensor drone pilot fintech talent exchange "
    (corpus / "line.txt").write_text((line * 230_000)[: 10 * 1024 * 1024], encoding="utf-8")
    (corpus / "paras.txt").write_text("short para about ports.\n\n" * (19 * 1024 * 1024 // 26), encoding="utf-8")
    with open(corpus / "huge.txt", "wb") as f:
        block = os.urandom(1024 * 1024)
        for _ in range(50):
            f.write(block)
    script = f"""
import json, re, sys, time
sys.path.insert(0, {str(ROOT)!r})
from tests.conftest import FakeEmbedder
from sci_assistant.indexing import build_index
t = time.monotonic()
s = build_index({str(corpus)!r}, {str(tmp_path / "index")!r}, embedder=FakeEmbedder())
print(json.dumps({{"documents": s.documents, "skipped": {{k.path: k.reason for k in s.skipped}},
                  "seconds": time.monotonic() - t,
                  # VmHWM: this process's own peak (ru_maxrss would include the parent's, kept across exec)
                  "max_rss_mb": int(re.search(r"VmHWM:\\s+(\\d+)",
                                              open("/proc/self/status").read()).group(1)) // 1024}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, env=subprocess_env(), cwd=ROOT
    )
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["documents"] == 1
    assert "too much text" in res["skipped"]["line.txt"] and "too large" in res["skipped"]["huge.txt"]
    assert "binary" in res["skipped"]["huge.txt"] or "too large" in res["skipped"]["huge.txt"]
    assert res["max_rss_mb"] < 512, res
    (artifacts_dir() / "reliability-hostile-memory.json").write_text(json.dumps(res, indent=2) + "\n")


# -- the linear-time rules give what the regular expressions they replace gave -----------------------

_ORIGINAL = {
    "italic": (re.compile(r"(?<![*\w])\*(?![*\s])(.+?)(?<![*\s])\*(?![*\w])"), r"\1"),
    "image": (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    "link": (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    "p_tag": (re.compile(r"</?p\b[^>]*>", re.I), " "),
}
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_ALPHABET = list("ab A*_[]()!<>pP/\\#-.\n\t:\"' ") + [
    "**",
    "](",
    "![",
    "<p>",
    "</p>",
    "<P ",
    " *a* ",
    "[x](y)",
    "\u00a0",
    "\u3000",
    "a-",
    "é",
]


def _old_join_wrapped(lines):
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"[A-Za-z]-$", out) and not out.endswith(" -"):
            out += line
        else:
            out += " " + line
    return out


def _old_collapse_with_spans(s, spans):
    spaces = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
    keep_map, out, prev_space = [], [], True
    for i, ch in enumerate(s):
        if ch in " \t\n\r\u00a0" or spaces.fullmatch(ch):
            if prev_space:
                continue
            out.append(" ")
            keep_map.append(i)
            prev_space = True
        else:
            out.append(ch)
            keep_map.append(i)
            prev_space = False
    while out and out[-1] == " ":
        out.pop()
        keep_map.pop()
    text = "".join(out)
    old_to_new = {old: new for new, old in enumerate(keep_map)}
    new_spans = []
    for a, b in spans:
        na = next((old_to_new[i] for i in range(a, b) if i in old_to_new), None)
        nb = next((old_to_new[i] + 1 for i in range(b - 1, a - 1, -1) if i in old_to_new), None)
        if na is not None and nb is not None and nb > na:
            while na < nb and text[na] == " ":
                na += 1
            while nb > na and text[nb - 1] == " ":
                nb -= 1
            if nb > na:
                new_spans.append((na, nb))
    return text, new_spans


def test_linear_rules_match_the_regular_expressions_they_replace():
    import random

    from sci_assistant import markup as C

    rnd = random.Random(5)
    for _ in range(6000):
        s = "".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 50)))
        for name, fn in (
            ("italic", C._sub_italic),
            ("image", lambda x: C._sub_links(x, image=True)),
            ("link", lambda x: C._sub_links(x, image=False)),
            ("p_tag", C._sub_p_tags),
        ):
            pattern, repl = _ORIGINAL[name]
            assert fn(s) == pattern.sub(repl, s), (name, s)
        line = s.split("\n")[0]
        old, new = _HEADING.match(line), C._MD_HEADING.match(line)
        assert (old is None) == (new is None), line
        if old:
            assert C._heading_text(new) == old.group(2), line
        lines = s.split("\n")
        assert C._join_wrapped(lines) == _old_join_wrapped(lines), lines
        spans = sorted({tuple(sorted(rnd.sample(range(len(s) + 1), 2))) for _ in range(3)}) if len(s) > 1 else []
        assert C._collapse_with_spans(s, spans) == _old_collapse_with_spans(s, spans), (s, spans)
