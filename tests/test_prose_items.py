"""A release written in prose: agreements listed in one sentence (the item a question is about, not
the sentence's first), and people named with their role in apposition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sci_assistant import Assistant
from sci_assistant.entities import RuleTagger
from sci_assistant.indexing import build_index

from .conftest import FakeEmbedder

RELEASE = (
    "Harbour cities sign six agreements at second council meeting\n\n"
    "PORT LOUIS, 3 March 2025 – The Second Harbour Council meeting was held today.\n\n"
    "Three agreements were signed at the meeting. They include an MOU between Coral Freight and "
    "Basalt Docks to share berth schedules; an MOU between Tamarind Pay and Lagoon Savings Bank "
    "on QR payments for stallholders; and an MOU between Vetiver Care and Hillside Clinics on "
    "telehealth for seniors.\n\n"
    "The council also launched four joint projects on shore power. The four new projects bring the total "
    "to 31 projects since 2019.\n\n"
    "Notable projects include solar berths, a tug battery swap, and a cold-ironing pilot.\n\n"
    "Mr Arjun Pillai, chief executive of Coral Freight, said the schedules would be shared weekly.\n\n"
    "The council meeting was held at the Caudan Waterfront Hall.\n\n"
    "Some 240 delegates from shipping lines and port unions attended the council meeting.\n\n"
    "The Third Harbour Council meeting will be held in Port Mathurin in 2026.\n\n"
    "The council runs the Cargo Data Platform (CDP). The CDP was set up in 2023 to pool berth data.\n\n"
    "The Cargo Data Platform sets out its 2025 work plan for berth data.\n\n"
    "The Tide Gauge Network (TGN) was set up by Mr Ravi Gopal to log tides. It is co-run by Lagoon "
    "Maritime Board and Coral Freight.\n\n"
    'Ms Lila Ramen said, "Ten years ago our quays were half empty. Today they are full. We will keep '
    'the berths open to small carriers, not only the large lines."\n\n'
    "Twenty start-ups, 12 from Rodrigues and 8 from Mahebourg, will join the harbour incubator.\n"
)


class _NameTagger(RuleTagger):
    """Tags every run of capitalised words as a person (a port or a hall as a place), as a noisy
    model tagger may, and a year after "in" or "its" as a date, as a model tagger does."""

    name = "names"

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        spans = []
        for m in re.finditer(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b", text):
            place = m.group(0).startswith("Port ") or m.group(0).endswith(" Hall")
            spans.append((m.start(), m.end(), "place" if place else "person"))
        spans += [
            (m.start(), m.end(), "date")
            for m in re.finditer(r"(?<![\w ])\b(?:19|20)\d\d\b|(?<=in )(?:19|20)\d\d\b|(?<=its )(?:19|20)\d\d\b", text)
        ]
        return spans


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> Assistant:
    root: Path = tmp_path_factory.mktemp("prose")
    (root / "corpus").mkdir()
    (root / "corpus" / "2025-03-03_harbour-council.txt").write_text(RELEASE, encoding="utf-8")
    build_index(root / "corpus", root / "index", embedder=FakeEmbedder(), tagger=_NameTagger())
    return Assistant.load(root / "index", embedder=FakeEmbedder())


def _lead(ans) -> str:
    return ans.text.split("\n", 1)[0]


def test_which_item_bolds_the_item_the_question_is_about(council) -> None:
    ans = council.ask("Which MOU is about telehealth?")
    assert ans.found and "**an MOU between Vetiver Care and Hillside Clinics**" in _lead(ans), ans.text


def test_who_partnered_answers_from_the_item_naming_the_party(council) -> None:
    ans = council.ask("Who did Tamarind Pay partner with?")
    assert ans.found and "Lagoon Savings Bank" in _lead(ans) and "Coral" not in _lead(ans), ans.text
    # A person-typed question takes names from that item only, not the sentence's first name.
    ans = council.ask("Who signed the Vetiver Care MOU?")
    assert "Hillside Clinics" in _lead(ans) and "Coral" not in _lead(ans), ans.text


def test_a_follow_up_names_the_item_the_answer_put_in_bold(council) -> None:
    first = council.ask("Which MOU is about telehealth?")
    history = [
        {"role": "user", "content": "Which MOU is about telehealth?"},
        {"role": "assistant", "content": first.text},
    ]
    ans = council.ask("Who signed it?", history=history)
    assert "Vetiver Care" in ans.query, ans.query
    assert "Hillside Clinics" in _lead(ans), ans.text


def test_a_role_in_apposition_after_the_name_answers_who_holds_it(council) -> None:
    ans = council.ask("Who is the chief executive of Coral Freight?")
    assert ans.found and "**Mr Arjun Pillai**" in _lead(ans), ans.text


def test_a_meeting_mentioned_but_not_reported_is_answered_from_what_is_said(council) -> None:
    ans = council.ask("Where will the 3rd Harbour Council meeting be held?")
    assert ans.found and "Port Mathurin" in _lead(ans), ans.text
    # What the releases never say of it is refused, and a meeting never mentioned is named as such.
    assert not council.ask("Who will co-chair the 3rd Harbour Council meeting?").found
    ans = council.ask("Who co-chaired the 5th Harbour Council meeting?")
    assert not ans.found and "not the 5th" in ans.text, ans.text


def test_where_a_meeting_was_held_is_not_where_the_next_one_will_be(council) -> None:
    ans = council.ask("Where was the second Harbour Council meeting held?")
    assert ans.found and "Caudan Waterfront Hall" in _lead(ans), ans.text
    history = [
        {"role": "user", "content": "Where was the second Harbour Council meeting held?"},
        {"role": "assistant", "content": ans.text},
    ]
    ans = council.ask("And where will the next one be held?", history=history)
    assert "3rd" in ans.query and "Port Mathurin" in _lead(ans), ans.text


def test_a_sentence_naming_a_short_form_holds_its_full_name(council) -> None:
    from sci_assistant.answer.evidence import _corpus_stats
    from sci_assistant.sparse import tokenize

    idx = council._snap.index
    sets, _ = _corpus_stats(idx)
    row = next(
        j for j, s in enumerate(idx.sentences) if idx.documents[s.doc_id].text[s.start : s.end].startswith("The CDP")
    )
    assert set(tokenize("Cargo Data Platform")) <= sets[row]
    ans = council.ask("When was the Cargo Data Platform set up?")
    assert ans.found and "2023" in _lead(ans), ans.text


def test_what_a_speaker_said_about_something_and_her_whole_quotation(council) -> None:
    ans = council.ask("What did Ms Lila Ramen say the council would keep open?")
    assert ans.found and "small carriers" in ans.text.split("**Sources**")[0][:200], ans.text
    # "What did she say?": the whole quotation, to its closing straight quote.
    ans = council.ask("What did Ms Lila Ramen say?")
    assert "Ten years ago" in ans.text and 'the large lines."' in ans.text, ans.text


def test_an_exact_date_is_not_answered_by_a_year(council) -> None:
    assert not council.ask("On what exact date will the 3rd Harbour Council meeting be held?").found
    ans = council.ask("In what year will the 3rd Harbour Council meeting be held?")
    assert ans.found and "2026" in _lead(ans), ans.text


def test_how_many_of_a_whole_come_from_one_place(council) -> None:
    ans = council.ask("How many of the start-ups in the harbour incubator are from Mahebourg?")
    assert ans.found and _lead(ans).startswith("**8**"), ans.text
    # The part asked without "of the": "How many start-ups from Mahebourg …", "… are from Mahebourg".
    for question in (
        "How many start-ups from Mahebourg will join the harbour incubator?",
        "How many start-ups are from Mahebourg in the harbour incubator?",
    ):
        ans = council.ask(question)
        assert ans.found and _lead(ans).startswith("**8**"), (question, ans.text)
    ans = council.ask("How many start-ups will join the harbour incubator?")
    assert ans.found and _lead(ans).startswith("**Twenty**"), ans.text


def test_when_something_was_set_up_is_the_date_of_that_event(council) -> None:
    """The sentence using the question's closing words ("was set up in 2023") gives the date, not a
    sentence about the same body's other plans ("sets out its 2025 work plan")."""
    ans = council.ask("In what year was the Cargo Data Platform set up?")
    assert ans.found and re.match(r"\*\*(?:in )?2023\*\*", _lead(ans)), ans.text


def test_it_in_a_sentence_is_what_the_sentence_before_names(council) -> None:
    """ "It is co-run by A and B" answers who co-runs the network the sentence before names, ahead
    of that sentence's own person (who set it up)."""
    ans = council.ask("Who co-runs the Tide Gauge Network?")
    assert ans.found and _lead(ans).startswith("**Lagoon Maritime Board** and **Coral Freight**"), ans.text


def test_a_list_without_an_annex_is_the_sentence_that_enumerates(council) -> None:
    ans = council.ask("Which notable joint projects did the council launch?")
    assert ans.found and ans.text.startswith("> “Notable projects include solar berths"), ans.text


def test_how_many_people_is_answered_by_the_release_s_word_for_them(council) -> None:
    """ "How many people" is answered by "240 delegates", and the figure is read with "delegates"."""
    ans = council.ask("How many people attended the second council meeting?")
    assert ans.found and _lead(ans).startswith("**Some 240** delegates"), ans.text


def test_a_running_total_is_the_figure_the_count_is_brought_to(council) -> None:
    ans = council.ask("How many projects has the council launched in total to date?")
    assert ans.found and "**31**" in ans.text.split("\n", 1)[0], ans.text


def test_which_meeting_names_the_meeting_where_the_release_reports_it(council) -> None:
    """The sentence says "the council meeting"; which one is where the release names it."""
    ans = council.ask("Which meeting was held at the Caudan Waterfront Hall?")
    assert ans.found and _lead(ans).startswith("**Second Harbour Council"), ans.text
    # Asked with the body's full name, of a sentence that names the release's own meeting.
    ans = council.ask("Which Harbour Council meeting was held in Port Louis on 3 March 2025?")
    assert ans.found and _lead(ans).startswith("**Second Harbour Council"), ans.text


def test_a_question_s_closing_words_are_read_as_the_event_it_asks_the_date_of() -> None:
    from sci_assistant.answer.sentence import _closing_phrase

    event = _closing_phrase("In what year was the Cargo Data Platform set up?")
    assert event and event.search("The CDP was set up in 2023") and not event.search("sets out its 2025 plan")
    founded = _closing_phrase("When was Quayline founded?")
    assert founded and founded.search("since its founding in 2011") and founded.search("was founded in 2011")
    convened = _closing_phrase("When was it convened?")
    assert convened and convened.search("the council was convening in May")
    assert _closing_phrase("When was the MOU signed in Shenzhen?") is None  # it ends in a name
    launch = _closing_phrase("Apart from the agreements, what did the forum launch?")
    assert launch and launch.search("The forum also launched a start-up exchange.")
    # A noun closes these: "the border", "that year"; and with no verb phrase there is none.
    assert _closing_phrase("Does any project deal with clearing goods at the border?") is None
    assert _closing_phrase("Is there another logistics project that year?") is None
    assert _closing_phrase("nus business school shenzhen partner") is None
