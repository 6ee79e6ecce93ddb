"""Real-world shapes beside the seeds: saved pages, syndicated copies, bylines, Chinese, PDF.

The files in tests/data/realworld are written for these tests (made-up people, companies and
figures in the shape of SCI coverage), not copied from real articles.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sci_assistant.assistant import Assistant, index_is_stale
from sci_assistant.corpus import load_corpus
from sci_assistant.indexing import build_index, open_index, read_current, seal_manifest, sha256_file
from sci_assistant.lexicon import ORDINAL_WORDS
from sci_assistant.schema import Document

from .conftest import ROOT, SEED_CORPUS, FakeEmbedder
from .test_seed_pins import SEED_PINS, seed_fingerprint

pytestmark = pytest.mark.integration  # each builds an index of a fixture corpus

REALWORLD = ROOT / "tests" / "data" / "realworld"
NEWS = "2024-06-19_harbour-times_5th-jic-news.html"
SYNDICATED = "2024-06-20_asia-wire_5th-jic-syndicated.html"
PREFIX = "2024-06-21_citylens_5th-jic-prefix-copy.txt"

# path → (title, event date, published, copy_of path, event, place)
EXPECTED = {
    NEWS: (
        "Singapore, Shenzhen ink seven pacts on green data centres and cross-border payments",
        "2024-06-17",
        "2024-06-19",
        None,
        "5th JIC meeting",
        "Shenzhen",
    ),
    SYNDICATED: (
        "Singapore, Shenzhen ink seven pacts on green data centres and cross-border payments",
        "2024-06-17",
        "2024-06-20",
        NEWS,
        "5th JIC meeting",
        "Shenzhen",
    ),
    PREFIX: (
        "Singapore, Shenzhen ink seven pacts on green data centres and cross-border payments",
        "2024-06-17",
        "2024-06-21",
        NEWS,
        "5th JIC meeting",
        "Shenzhen",
    ),
    "2024-06-18_imda_5th-jic-release.md": (
        "Singapore and Shenzhen deepen green and digital trade links at 5th JIC meeting",
        "2024-06-17",
        "2024-06-18",
        None,
        "5th JIC meeting",
        "Shenzhen",
    ),
    "2024-01-05_metro-business_forum-byline.txt": (
        "Singapore firms eye Shenzhen testbeds after smart city forum",
        "2024-01-04",
        "2024-01-05",
        None,
        "2nd Singapore-Shenzhen Smart City Forum",
        "Shenzhen",
    ),
    "2021-10-20_shenzhen-news_2nd-jic-cn.txt": (
        "新加坡—深圳智慧城市合作倡议第二次联合实施委员会会议在深召开",
        "2021-10-19",
        "2021-10-20",
        None,
        "2nd JIC meeting",
        "Shenzhen",
    ),
    "2024-11-08_imda_6th-jic.pdf": (
        "Singapore and Shenzhen review five years of smart city cooperation at 6th JIC meeting",
        "2024-11-08",
        "2024-11-08",
        None,
        "6th JIC meeting",
        "Singapore",
    ),
    "2020-12-18_1st-jic_mous-as-bullets.txt": (
        "Singapore and Shenzhen launch Smart City Initiative cooperation with five MOUs at inaugural JIC meeting",
        "2020-12-18",
        "2020-12-18",
        None,
        "1st JIC meeting",
        "online",
    ),
    "2021-10-19_2nd-jic_agreements-in-prose.html": (
        "Second SCI JIC meeting advances cross-border data and talent cooperation",
        "2021-10-19",
        "2021-10-19",
        None,
        "2nd JIC meeting",
        "online",
    ),
    "2023-03-15_chongqing-corridor_2nd-jsc.txt": (
        "Singapore and Chongqing expand digital corridor at Second Joint Steering Council meeting",
        "2023-03-14",
        "2023-03-15",
        None,
        "2nd Joint Steering Council meeting",
        "Chongqing",
    ),
}

# Page furniture the fixtures carry; none of it may reach a document's text.
FURNITURE = (
    "Skip to main content",
    "cookie",
    "31 C",
    "29.5 C",
    "25 C Singapore",
    "Share",
    "WhatsApp",
    "Tweet",
    "Read time",
    "min read",
    "By Jane Tan",
    "By Marcus Lim",
    "views",
    "Visits",
    "Tools",
    "Typography",
    "Advertisement",
    "Most read",
    "Most popular",
    "Subscribe",
    "Log in",
    "©",
    "Home",
    "Menu",
    "Related stories",
    "Continue reading",
    "Tags:",
    "Published:",
    "分享到",
    "发布时间",
    "首页",
    "当前位置",
    "Privacy",
    "Contact us",
    "Font size",
    "Smart Cities / Asia",
    "Sign up",
)


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory) -> Path:
    """The seeds with every real-world fixture beside them."""
    root = tmp_path_factory.mktemp("realworld") / "corpus"
    shutil.copytree(SEED_CORPUS, root)
    for p in REALWORLD.iterdir():
        shutil.copy(p, root / p.name)
    return root


@pytest.fixture(scope="module")
def mixed_docs(mixed_corpus: Path) -> dict[str, Document]:
    docs, skipped = load_corpus(mixed_corpus)
    assert skipped == []
    return {d.path: d for d in docs}


def test_there_are_fixtures_of_every_shape() -> None:
    names = sorted(p.name for p in REALWORLD.iterdir())
    assert len(names) >= 8 and set(names) == set(EXPECTED)
    assert {Path(n).suffix for n in names} == {".html", ".txt", ".md", ".pdf"}


def test_pdf_fixture_is_readable_by_pypdf() -> None:
    from pypdf import PdfReader

    text = PdfReader(REALWORLD / "2024-11-08_imda_6th-jic.pdf").pages[0].extract_text()
    assert "6th Joint Implementation Committee" in text


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_title_dates_copy_and_event(mixed_docs: dict[str, Document], path: str) -> None:
    d = mixed_docs[path]
    copy_of = mixed_docs[EXPECTED[path][3]].doc_id if EXPECTED[path][3] else None
    assert (d.title, d.date, d.published, d.copy_of, d.event, d.place) == EXPECTED[path][:3] + (copy_of,) + EXPECTED[
        path
    ][4:]


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_no_furniture_in_text(mixed_docs: dict[str, Document], path: str) -> None:
    text = mixed_docs[path].text
    assert [f for f in FURNITURE if f in text] == []


def test_meeting_ordinals_and_labels(mixed_docs: dict[str, Document]) -> None:
    by = mixed_docs
    for d in by.values():  # the event is cited where the text names it
        if d.event_span:
            a, b = d.event_span
            assert (
                d.meeting is None
                or str(d.meeting) in d.text[a:b]
                or d.text[a:b].split()[0].lower() in (*ORDINAL_WORDS, "第二次联合实施委员会会议")
            ), d.text[a:b]
    assert by[NEWS].text[slice(*by[NEWS].event_span)] == "fifth Joint Implementation Committee (JIC)"
    assert by["2024-01-05_metro-business_forum-byline.txt"].meeting is None  # a forum is not a meeting
    assert by["2023-03-15_chongqing-corridor_2nd-jsc.txt"].meeting == 2
    assert by["2023-03-15_chongqing-corridor_2nd-jsc.txt"].label == "2nd Joint Steering Council meeting, 2023-03-14"
    assert by["2020-12-18_1st-jic_mous-as-bullets.txt"].label == "1st JIC meeting, 2020-12-18"
    assert by[PREFIX].publisher is None and by[SYNDICATED].publisher == "Asia Wire Network"
    assert by[NEWS].publisher == "The Harbour Times"


def test_the_seeds_do_not_change_when_the_fixtures_are_added(mixed_docs: dict[str, Document]) -> None:
    alone = {d.path: d for d in load_corpus(SEED_CORPUS)[0]}
    for path, doc in alone.items():
        assert mixed_docs[path].to_json() == doc.to_json()
        assert seed_fingerprint(mixed_docs[path]) == SEED_PINS[path]
        assert doc.copy_of is None and doc.event in ("3rd JIC meeting", "4th JIC meeting")


def test_html_keeps_headings_tables_numbered_items_and_bold() -> None:
    html = {d.path: d for d in load_corpus(ROOT / "tests" / "data" / "extra_releases")[0]}["2021-12-10_2nd-jic.html"]
    assert [html.text[a:b] for a, b in html.emphasis][1:] == [
        "Smart Lamppost Trial",
        "Cross-border Data Sandbox",
        "Elderly Care Robotics",
    ]
    assert "1. Smart Lamppost Trial to test sensors" in html.text
    assert "MOU between Beta Pay and Qianhai Fintech Hub\nBeta Pay and Qianhai Fintech Hub will trial" in html.text
    assert "Published: 10 December 2021" not in html.text and html.published == "2021-12-10"


def test_structure_is_kept_for_records(mixed_docs: dict[str, Document]) -> None:
    md = mixed_docs["2024-06-18_imda_5th-jic-release.md"]
    assert "MOU between Lionpay Pte Ltd and Futian Digital Bank\nLionpay and Futian Digital Bank will" in md.text
    assert any("Annex A" in s.path[-1] for s in md.sections)
    bullets = mixed_docs["2020-12-18_1st-jic_mous-as-bullets.txt"].text
    assert "\n\nMerlion Health and Luohu Care Network will pilot" in bullets  # one block per bullet


@pytest.fixture(scope="module")
def mixed_index(mixed_corpus: Path, tmp_path_factory) -> Path:
    idx = tmp_path_factory.mktemp("realworld-index") / "index"
    build_index(mixed_corpus, idx, embedder=FakeEmbedder())
    return idx


def test_search_collapses_copies(mixed_index: Path, mixed_docs: dict[str, Document]) -> None:
    a = Assistant.load(mixed_index, embedder=FakeEmbedder())
    copies = {mixed_docs[SYNDICATED].doc_id, mixed_docs[PREFIX].doc_id}
    for q in (
        "Verdant Compute liquid-cooled data centre waste heat",
        "Lionpay QR codes small merchants",
        "Who co-chaired the fifth JIC meeting?",
    ):
        hits = a.search(q, k=8)
        assert hits and not copies & {h.doc_id for h in hits}, q
        texts = [" ".join(h.text.split()) for h in hits]
        assert len(texts) == len(set(texts)), q
    # The canonical filtered out: the copy is what the user asked for, so it is kept.
    only_copy = a.search("Verdant Compute waste heat", k=3, filters={"documents": [mixed_docs[PREFIX].doc_id]})
    assert only_copy and {h.doc_id for h in only_copy} == {mixed_docs[PREFIX].doc_id}


def test_info_lists_dates_events_and_copies(mixed_index: Path, mixed_docs: dict[str, Document]) -> None:
    info = {d["path"]: d for d in Assistant.load(mixed_index, embedder=FakeEmbedder()).info()["documents"]}
    news = info[NEWS]
    assert news["status"] == "canonical" and news["event"] == "5th JIC meeting"
    assert (news["date"], news["published"]) == ("2024-06-17", "2024-06-19")
    assert news["also_published_by"] == ["Asia Wire Network", PREFIX]
    assert news["author"] == "Marcus Lim"  # the page's byline, kept out of the text
    assert info[PREFIX]["status"] == "copy" and info[PREFIX]["copy_of"] == mixed_docs[NEWS].doc_id
    docs = [
        json.loads(line)
        for line in (mixed_index / read_current(mixed_index) / "documents.jsonl").read_text().splitlines()
    ]
    assert {d["path"]: d["copy_of"] for d in docs}[SYNDICATED] == mixed_docs[NEWS].doc_id


def test_an_index_written_before_the_new_fields_loads_and_is_rebuilt(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    shutil.copy(REALWORLD / NEWS, corpus / NEWS)
    shutil.copy(REALWORLD / PREFIX, corpus / PREFIX)
    idx = tmp_path / "index"
    emb = FakeEmbedder()
    build_index(corpus, idx, embedder=emb)
    # Rewrite the generation as the previous version wrote it: no new Document fields, no
    # ingest version in the settings.
    gen = idx / read_current(idx)
    new_fields = ("published", "event", "place", "copy_of", "publisher", "event_span", "author")
    rows = [json.loads(line) for line in (gen / "documents.jsonl").read_text().splitlines()]
    (gen / "documents.jsonl").write_text(
        "".join(json.dumps({k: v for k, v in r.items() if k not in new_fields}) + "\n" for r in rows)
    )
    manifest = json.loads((gen / "manifest.json").read_text())
    manifest.pop("manifest_sha256")
    manifest["settings"].pop("ingest_version")
    manifest["files"]["documents.jsonl"] = {
        "sha256": sha256_file(gen / "documents.jsonl"),
        "bytes": (gen / "documents.jsonl").stat().st_size,
    }
    (gen / "manifest.json").write_text(json.dumps(seal_manifest(manifest)))
    old = open_index(idx)
    assert all(d.copy_of is None and d.event is None for d in old.documents.values())
    assert {d.label for d in old.documents.values() if d.meeting} >= {"3rd JIC meeting, 2022-11-25"}
    assert index_is_stale(corpus, idx, model_id=emb.model_id)
    a, stats = Assistant.load_or_build(corpus, idx, embedder=emb, progress=False)
    assert stats is not None and stats.embedded == 0  # rebuilt, every vector reused
    assert any(d.copy_of for d in a.documents())
    assert not index_is_stale(corpus, idx, model_id=emb.model_id)


def test_cli_info_prints_both_dates_event_and_copies(mixed_index: Path, monkeypatch, capsys) -> None:
    from sci_assistant import cli

    monkeypatch.setattr(cli, "_load", lambda args: Assistant.load(args.index, embedder=FakeEmbedder()))
    assert cli.main(["info", "--index", str(mixed_index)]) == 0
    out = capsys.readouterr().out
    assert "2024-06-17  Singapore, Shenzhen ink seven pacts" in out
    assert (
        "published 2024-06-19; canonical; also published by Asia Wire Network, "
        + PREFIX
        + "; 5th JIC meeting (Shenzhen)"
        in out
    )
    assert "published 2024-06-21; copy of 2024-06-19-harbour-times-5th-jic-news; 5th JIC meeting (Shenzhen)" in out
    assert "2023-03-14  Singapore and Chongqing" in out and "2nd Joint Steering Council meeting (Chongqing)" in out


EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="module")
def mixed_real(real_embedder, mixed_corpus, tmp_path_factory) -> Assistant:
    """The seeds and the fixtures, indexed with the real model."""
    idx = tmp_path_factory.mktemp("realworld-real") / "index"
    build_index(mixed_corpus, idx, embedder=real_embedder)
    return Assistant.load(idx, embedder=real_embedder)


@pytest.mark.model
def test_a_question_in_english_is_answered_from_english_text(mixed_real) -> None:
    """The English model places Chinese text near everything; an English release that says it
    answers before the Chinese report of the same meeting."""
    from sci_assistant.crosslingual import has_cjk

    ans = mixed_real.ask("What did Lionpay agree to in 2021?")
    body = ans.text.split("**Sources**")[0]
    assert ans.found and "Lionpay" in body and not has_cjk(body), ans.text


@pytest.mark.model
def test_a_count_asked_by_the_meeting_s_city_is_the_count_of_the_meeting_held_there(mixed_real) -> None:
    """The release of a meeting held in Chongqing need not name the city in its count sentence."""
    ans = mixed_real.ask("How many MOUs were signed in Chongqing?")
    assert ans.found and "Three" in ans.text[:60], ans.text


@pytest.mark.model
@pytest.mark.skipif(not (EVAL / "dev.jsonl").exists(), reason="the shared question sets are not beside this checkout")
def test_seed_answers_that_were_right_stay_right_beside_the_fixtures(seed_assistant, mixed_real, mixed_docs) -> None:
    from sci_assistant.evaluation import evaluate
    from sci_assistant.mentions import parse_mentions

    mixed = mixed_real
    reported = {d.meeting for d in mixed_docs.values() if d.meeting} - {d.meeting for d in seed_assistant.documents()}
    own = ROOT / "eval" / "questions" / "validation.jsonl"
    for path in (own, EVAL / "dev.jsonl", EVAL / "dev-b.jsonl"):
        name = path.name
        if not path.exists():
            continue
        before = {r["id"]: r for r in evaluate(seed_assistant, path)["results"]}
        after = {r["id"]: r for r in evaluate(mixed, path)["results"]}
        lost = []
        for qid, r in before.items():
            if r["unanswerable"]:
                # A meeting the seeds do not report but a fixture does is answerable beside them.
                if (
                    not r["found"]
                    and after[qid]["found"]
                    and not set(parse_mentions(r["question"]).meetings) & reported
                ):
                    lost.append((qid, r["question"]))
            elif r["answer_ok"] and not after[qid]["answer_ok"]:
                lost.append((qid, r["question"]))
        if path is own:
            # The project's own set has deliberately vague items ("What date was the meeting?" with
            # only a date filter, "the to-date total") that more releases make genuinely
            # ambiguous; a handful may move: 1.5 % of the set (4 of 315 move today).
            assert len(lost) <= max(3, round(0.015 * len(before))), (name, lost)
        else:
            assert lost == [], (name, lost)


@pytest.mark.model
def test_where_a_meeting_was_held_is_never_a_programme_a_title_or_a_subject(mixed_real) -> None:
    """ "Singapore and Shenzhen held the First JIC meeting … virtually": neither city is where; nor
    is "Shenzhen" in "Shenzhen Mayor", nor "Smart City Initiative" after "(Shenzhen)"."""
    ans = mixed_real.ask("Where was the first JIC meeting held?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**virtually**" in lead, ans.text
    ans = mixed_real.ask("Where was the 2nd JIC meeting held?")
    lead = ans.text.split("\n", 1)[0]
    assert "Smart City Initiative**" not in lead and "**Shenzhen** (2nd JIC meeting, 2021-10-19)" not in lead, ans.text


@pytest.mark.model
def test_a_meeting_held_the_day_before_its_release_is_dated_by_the_meeting(mixed_real) -> None:
    ans = mixed_real.ask("When was the 5th JIC meeting held?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and lead.startswith("17 June 2024"), ans.text


@pytest.mark.model
def test_who_spoke_at_an_event_is_someone_its_story_quotes(mixed_real) -> None:
    """The news story about the forum names the forum once; the person it quotes speaks of it."""
    ans = mixed_real.ask("Who spoke at the Smart City Forum in January 2024?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**Mr Darren Koh**" in lead, ans.text


@pytest.mark.model
def test_a_follow_up_that_names_nothing_goes_on_about_the_previous_answer_s_release(mixed_real) -> None:
    """ "who co-chaired the meeting?" names no meeting, and has no pronoun to resolve: the release
    the previous answer quoted is what it goes on about, not another meeting's co-chairs."""
    first = mixed_real.ask("Tell me about the Second Joint Steering Council meeting.")
    history = [
        {"role": "user", "content": "Tell me about the Second Joint Steering Council meeting."},
        {"role": "assistant", "content": first.text},
    ]
    ans = mixed_real.ask("who co-chaired the meeting?", history=history)
    assert ans.found and "Lee Boon Keat" in ans.text.split("\n\n")[0], ans.text
