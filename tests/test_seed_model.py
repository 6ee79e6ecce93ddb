"""The real model on the real releases: spans, budgets, ranking, and answers that hold up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sci_assistant.chunking import chunk_embedding_input
from sci_assistant.evaluation import evaluate, load_questions, normalise_text

from .conftest import ROOT

pytestmark = pytest.mark.model
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def test_chunks_fit_the_model_and_slice_back(seed_assistant) -> None:
    idx = seed_assistant._snap.index
    emb = seed_assistant.embedder
    for c in idx.chunks:
        doc = idx.documents[c.doc_id]
        assert doc.text[c.start : c.end] == c.text
        assert emb.count_tokens(chunk_embedding_input(doc, c)) <= emb.max_seq_length
        assert c.tokens <= idx.manifest["chunker"]["max_tokens"]


def test_crawl_header_release_is_dated_by_its_dateline(seed_assistant) -> None:
    dates = {d.title: d.date for d in seed_assistant.documents()}
    assert dates["Singapore and Shenzhen Drive Smart City Collaboration with 14 New Projects"] == "2023-12-15"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("green energy storage research centre", "Joint Research Centre on Smart Energy Storage"),
        ("who co-chaired the joint implementation committee", "co-chaired by"),
        ("electronic bills of lading trade documents", "electronic Bills of Lading"),
        ("robots for last-mile delivery", "last-mile delivery"),
        ("tourism plugin for foreign visitors", "cross-border tourism plugin"),
    ],
)
def test_seed_questions_rank_the_right_passage(seed_assistant, query: str, expected: str) -> None:
    hits = seed_assistant.search(query, k=3)
    assert any(expected in h.text for h in hits), [h.text[:80] for h in hits]
    for h in hits:
        assert seed_assistant.document(h.doc_id).text[h.start : h.end] == h.text


def _all_answers(assistant, path: Path):
    for item in load_questions(path):
        history: list[dict] = []
        for turn in item.get("turns") or [item]:
            ans = assistant.ask(turn["question"], history=history)
            history += [{"role": "user", "content": turn["question"]}, {"role": "assistant", "content": ans.text}]
            yield turn, ans


@pytest.mark.skipif(not DEV.exists(), reason="the shared dev question set is not beside this checkout")
def test_every_quote_on_the_dev_set_is_verbatim(seed_assistant) -> None:
    n = 0
    for _, ans in _all_answers(seed_assistant, DEV):
        assert ans.citations or not ans.found
        for q in ans.quotes:
            assert seed_assistant.document(q.doc_id).text[q.start : q.end] == q.text
            assert 1 <= q.citation <= len(ans.citations)
            h = ans.citations[q.citation - 1]
            assert h.doc_id == q.doc_id and h.start <= q.start and q.end <= h.end
            assert f"[{q.citation}]" in ans.text
            n += 1
    assert n > 30


@pytest.mark.skipif(not DEV.exists(), reason="the shared dev question set is not beside this checkout")
def test_dev_set_meets_the_floor(seed_assistant) -> None:
    m = evaluate(seed_assistant, DEV, k=5)["overall"]
    assert m["recall@5"] >= 0.9 and m["answer"] >= 0.9 and m["abstain"] == 1.0 and m["false_abstain"] <= 0.05, m


def test_list_answers_hold_every_annex_item(seed_assistant) -> None:
    for meeting in ("3rd", "4th"):
        ans = seed_assistant.ask(f"List all the projects launched at the {meeting} JIC meeting")
        doc = next(d for d in seed_assistant.documents() if d.label.startswith(meeting))
        annex = doc.text[doc.text.lower().rindex("annex b") :]
        items = re.findall(r"(?m)^(\d{1,2})\. ", annex)
        assert len(items) == 14
        quoted = {q.text.split(".")[0] for q in ans.quotes if q.doc_id == doc.doc_id}
        assert quoted >= set(items), (meeting, sorted(quoted))
        assert ans.text.startswith("**14 projects**")


def test_to_date_totals_newest_first_with_dates(seed_assistant) -> None:
    ans = seed_assistant.ask("How many MOUs have been signed so far?")
    assert ans.found and ans.intent == "count"
    lead = ans.text.split("\n")[0]
    assert lead.index("29") < lead.index("21")
    assert lead.index("2023-12-15") < lead.index("2022-11-25")
    ans = seed_assistant.ask("As of November 2022, how many projects had been initiated?")
    assert ans.text.split("\n")[0].startswith("**29**") and "2022-11-25" in ans.text.split("\n")[0]


def test_meeting_counts_come_from_that_meetings_release(seed_assistant) -> None:
    ans = seed_assistant.ask("How many MOUs were signed at the 3rd JIC meeting?")
    third = next(d for d in seed_assistant.documents() if d.meeting == 3)
    assert ans.found and {q.doc_id for q in ans.quotes} == {third.doc_id}
    assert "eight" in normalise_text(ans.text[:200])


def test_follow_ups_resolve_through_ask(seed_assistant) -> None:
    first = seed_assistant.ask("How many MOUs were signed at the 3rd JIC meeting?")
    ans = seed_assistant.ask("Who co-chaired it?", history=["How many MOUs were signed at the 3rd JIC meeting?"])
    assert ans.interpreted and ans.query == "Who co-chaired the 3rd JIC meeting?"
    assert "Interpreted as" in ans.text and "Qin Weizhong" in ans.text
    # The answer leads; how the question was read follows it.
    assert ans.text.index("Qin Weizhong") < ans.text.index("Interpreted as")
    ans = seed_assistant.ask(
        "And the fourth one?",
        history=[
            {"role": "user", "content": "How many MOUs were signed at the 3rd JIC meeting?"},
            {"role": "assistant", "content": first.text},
        ],
    )
    assert ans.query == "How many MOUs were signed at the fourth JIC meeting?"
    fourth = next(d for d in seed_assistant.documents() if d.meeting == 4)
    assert {q.doc_id for q in ans.quotes} == {fourth.doc_id}


@pytest.mark.parametrize(
    "question",
    [
        "What is the population of Shenzhen?",
        "Who is the CEO of Keppel?",
        "When will the 5th JIC meeting be held?",
        "How many employees does Hashmeta have?",
        # Known gap: an on-topic MOU (a sports group) is quoted without a bold answer; the kind
        # asked for ("football club") is not checked against what the sentence names.
        pytest.param(
            "Which football club signed with Shenzhen?",
            marks=pytest.mark.xfail(strict=True, reason="kind of organisation not checked"),
        ),
        "Where was the third JIC meeting held?",
    ],
)
def test_questions_the_releases_do_not_answer(seed_assistant, question: str) -> None:
    ans = seed_assistant.ask(question)
    assert not ans.found, ans.text[:200]
    assert ans.text.startswith("**The releases don't say.**") and "Closest matches" in ans.text


def test_lowercase_keywords_and_typos(seed_assistant) -> None:
    for q, expected in [
        ("keppel pku", "Keppel"),
        ("yanlord", "Yanlord"),
        ("hashmeta digital humans", "Hashmeta"),
        ("Yanlrd HopeRun smart park", "Yanlord"),
    ]:
        ans = seed_assistant.ask(q)
        assert ans.found and expected in ans.text[:400], (q, ans.text[:200])


def test_the_bold_answer_names_what_the_question_asks_for(seed_assistant) -> None:
    # "Which university": the party that is a university, not the project title or the other party.
    ans = seed_assistant.ask("Which university did Keppel sign with?")
    assert ans.found and ans.text.startswith("**Peking University**"), ans.text[:200]
    # No bank signed anything: the organisations of the closest sentence are not offered as one.
    ans = seed_assistant.ask("Which bank signed an MOU with IMDA?")
    assert not ans.found and "no bank is named" in ans.text, ans.text[:200]


def test_a_follow_up_about_it_uses_the_item_the_answer_quoted(seed_assistant) -> None:
    history = []
    first = seed_assistant.ask("What did Enterprise Singapore sign at the 2022 meeting?")
    history += [
        {"role": "user", "content": "What did Enterprise Singapore sign at the 2022 meeting?"},
        {"role": "assistant", "content": first.text},
    ]
    ans = seed_assistant.ask("What will the two sides set up under it?", history=history)
    assert ans.found and "funding programme" in ans.text[:400], ans.text[:400]
    # An amount asked about an MOU is not a count of MOUs.
    ans = seed_assistant.ask("How much funding does it have?", history=history)
    assert not ans.found, ans.text[:300]


def test_a_comparison_quotes_each_side(seed_assistant) -> None:
    ans = seed_assistant.ask("What is the difference between Keppel's and CapitaLand's 2023 MOUs?")
    assert ans.found and ans.strategy == "compare", ans.text[:300]
    sides = [line for line in ans.text.splitlines() if line.startswith("- *")]
    assert len(sides) == 2 and "Keppel" in sides[0] and "CapitaLand" in sides[1], sides


def test_a_list_by_partner_uses_its_short_form_and_never_a_shared_word(seed_assistant) -> None:
    ans = seed_assistant.ask("Which SCI projects involve the National University of Singapore?")
    head = ans.text.split("**Sources**")[0]
    assert ans.found and "NUS - CIMC" in head and "Bosum" in head, head[:600]
    assert "Chinese University of Hong Kong" not in head and "National Library Board" not in head, head[:600]


def test_a_short_form_is_answered_by_its_spelling_out(seed_assistant) -> None:
    ans = seed_assistant.ask("What does JIC stand for?")
    assert ans.found and ans.text.startswith("**Joint Implementation Committee**"), ans.text[:200]


def test_quotes_follow_the_speaker_past_the_sentence_naming_him(seed_assistant) -> None:
    ans = seed_assistant.ask("What did Joseph Leong say about the past three years?")
    assert ans.found and "pandemic" in ans.text[:400], ans.text[:400]
    ans = seed_assistant.ask("Who said the SCI has built stronger business linkages between Singapore and Shenzhen?")
    assert ans.found and ans.text.startswith("**Mr Joseph Leong**"), ans.text[
        :200
    ]  # the speaker in full, not the quote


def test_annex_headings_are_listed_with_their_items(seed_assistant) -> None:
    ans = seed_assistant.ask("Under which headings are the 2022 MOUs grouped in Annex A?")
    head = ans.text.split("**Sources**")[0]
    assert ans.found and "3 headings" in head, head
    for heading in ("Digital Trade", "Innovation and Entrepreneurship", "Cross-border Dispute Resolution"):
        assert heading in head
    # Headings are quoted where they stand in the release.
    assert all(
        q.text.strip() in ("Digital Trade", "Innovation and Entrepreneurship", "Cross-border Dispute Resolution")
        for q in ans.quotes
    ), [q.text for q in ans.quotes]


def test_a_name_only_excluded_releases_mention_is_said_to_be_filtered_out(seed_assistant) -> None:
    only_2023 = {"documents": ["2023-12-15_4th-jic-meeting_14-new-projects.txt"]}
    ans = seed_assistant.ask("What is TradeTrust?", filters=only_2023)
    assert not ans.found and "filters exclude every release that mentions “TradeTrust”" in ans.text, ans.text[:300]
    assert seed_assistant.ask("What is TradeTrust?").found  # within reach without the filter


def test_a_role_the_release_never_gives_is_not_answered_by_a_description(seed_assistant) -> None:
    ans = seed_assistant.ask("Who was the mayor of Shenzhen at the 4th JIC meeting?")
    assert not ans.found, ans.text[:300]
    ans = seed_assistant.ask("Who represented China as co-chair at the 4th JIC meeting?")
    assert ans.found and "representative from the Chinese government" in ans.text[:300], ans.text[:300]
