"""The focus of a question ("which *banks*", "the *attendance*") and whether evidence states it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sci_assistant import Assistant
from sci_assistant.answer.focus import checkable, focus_of, focus_status
from sci_assistant.entities import RuleTagger
from sci_assistant.indexing import build_index

from .conftest import FakeEmbedder


@pytest.mark.parametrize(
    "question, phrase, kind, which",
    [
        ("Which payment apps will the plugin support?", "payment apps", None, True),
        ("Which lenders joined the pilot?", "lenders", None, True),  # a verb in -ed ends the phrase
        ("Which harbour start-up won the gold award?", "harbour start-up", None, True),  # an irregular past
        ("Which companies run them?", "companies", "org", True),  # a verb before an object
        ("Which agency describes itself as the regulator?", "agency", "org", True),  # a pronoun object
        ("Name the Southeast Asian cities the projects reach.", "Southeast Asian cities", "place", True),
        ("Which programme funds the research?", "programme", None, True),
        ("What was the attendance at the festival?", "attendance", "number", False),
        ("Who is the press contact for the release?", "press contact", None, False),
        ("What type of vessel did the shipyard deliver?", "vessel", None, True),  # a partitive
        ("Which two cities hosted the forum?", "cities", "place", True),
        ("In which year of operation is the port?", "year", "date", True),
        ("Who's the harbour partner on the pilot?", "harbour partner", "org", False),  # a contraction
        ("Who is PortNet's partner in the pilot?", "partner", "org", False),  # a possessive determines
        ("Who is Pandan Harbour Robotics's partner?", "partner", "org", False),  # a name of several words
        ("What is their budget for the pilot?", "budget", None, False),
    ],
)
def test_focus_phrase_is_read_with_grammar_words(question, phrase, kind, which) -> None:
    f = focus_of(question)
    assert f is not None and (f.phrase, f.kind, f.which) == (phrase, kind, which)


@pytest.mark.parametrize(
    "question",
    [
        "What did the mayor say about the port?",  # a verb is asked about, not a noun
        "Who co-chaired the forum?",
        "Explain what PortNet is.",  # "what" as a pronoun
        "What is PortNet?",  # a definition: no noun phrase after the copula
        "Who's Mr Tan?",
        "What is PortNet's?",
        "Which of them is a shipping line?",  # a reference, resolved by the conversation
        "What came out of the port forum?",  # the subject of a verb is asked for
        "What happened at the second meeting?",
    ],
)
def test_questions_without_a_focus(question) -> None:
    assert focus_of(question) is None


def test_kind_and_describing_nouns_are_not_checked_in_words() -> None:
    assert checkable(focus_of("Which payment apps will the plugin support?"))
    assert not checkable(focus_of("Which company signed the pact?"))  # any organisation answers
    assert not checkable(focus_of("Which project uses drones?"))  # annex records answer
    assert not checkable(focus_of("What is the purpose of the fund?"))  # a description answers


PORT = (
    "HARBOUR CITY, 2 May 2024 – The port authority will expand its cargo pilot with live shipments "
    "involving lenders, shippers and other partners. The pilot uses a shared ledger.\n\n"
    "The festival drew crowds from the region. Tidewater Bank and Quay Bank joined the trade finance "
    "scheme with the port authority.\n\n"
    "Three companies signed up as the first tenants of the new cold store.\n\n"
    "The pilots will run in two free zones near the harbour.\n\n"
    "This year the Start-up Exchange Scheme will host start-ups from both cities.\n\n"
    "Quayline Robotics Pte Ltd will co-develop delivery robots with the port authority for the "
    "container yard and its warehouses, with sensors on every crane.\n\n"
    "The delivery robots will use lidar, GNSS and edge computing technologies on every route in the "
    "yard.\n\n"
    "The ledger supports the exchange of electronic cargo documents across digital platforms.\n\n"
    "The scheme will unlock training opportunities for students and dock workers alike.\n\n"
    "The crane yard will adopt sensing technology from the harbour school.\n"
)


@pytest.fixture(scope="module")
def port_index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("focus")
    (root / "corpus").mkdir()
    (root / "corpus" / "2024-05-02_port.txt").write_text(
        "Port authority expands cargo pilot\n\n" + PORT, encoding="utf-8"
    )
    build_index(root / "corpus", root / "index", embedder=FakeEmbedder(), tagger=_BankTagger())
    return root / "index"


class _BankTagger(RuleTagger):
    """Tags "<Name> Bank" as an organisation, as a model tagger would."""

    name = "banks"

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), "org") for m in re.finditer(r"\b[A-Z]\w+ Bank\b", text)]


def _rows(a: Assistant, needle: str) -> list[int]:
    idx = a._snap.index
    return [j for j, s in enumerate(idx.sentences) if needle in idx.documents[s.doc_id].text[s.start : s.end]]


def test_focus_status_against_written_evidence(port_index) -> None:
    a = Assistant.load(port_index, embedder=FakeEmbedder())
    idx = a._snap.index
    pilot, festival, scheme = _rows(a, "live shipments"), _rows(a, "festival"), _rows(a, "Tidewater")
    assert pilot and festival and scheme
    lenders = focus_of("Which lenders take part in the cargo pilot?")
    # Mentioned but none named, then named ("Tidewater Bank and Quay Bank" are not lenders by
    # word, so only the word "banks" can be named).
    assert focus_status(idx, lenders, pilot, "Which lenders take part in the cargo pilot?") == "unnamed"
    banks = focus_of("Which banks joined the trade finance scheme?")
    assert focus_status(idx, banks, scheme, "Which banks joined the trade finance scheme?") == "met"
    attendance = focus_of("What was the attendance at the festival?")
    assert focus_status(idx, attendance, festival, "What was the attendance at the festival?") == "missing"
    # A kind noun ("companies") is named by a name of that kind, not by the word.
    tenants = _rows(a, "cold store")
    q = "Which three companies signed up as the first tenants of the cold store?"
    assert focus_status(idx, focus_of(q), tenants, q) == "unnamed"
    q = "Which companies joined the trade finance scheme?"
    assert focus_status(idx, focus_of(q), scheme, q) == "met"
    # A capitalised first word of a sentence ("The pilots will run in two free zones") names nothing.
    q = "Which free zones will host the pilots?"
    assert focus_status(idx, focus_of(q), _rows(a, "free zones"), q) == "unnamed"


def test_names_that_are_not_instances_of_the_focus(port_index) -> None:
    a = Assistant.load(port_index, embedder=FakeEmbedder())
    idx = a._snap.index
    # A name in which the head is not the last word names something else: the scheme, not a start-up.
    q = "Which start-ups will the Start-up Exchange Scheme host?"
    assert focus_status(idx, focus_of(q), _rows(a, "both cities"), q) == "unnamed"
    # The head only inside a name the question already gives ("Quayline Robotics" for "robotics")
    # is not the sentence speaking of it: the next sentence, which names them, decides.
    q = "Which robotics technologies will Quayline Robotics use for its delivery robots?"
    rows = _rows(a, "Quayline Robotics Pte") + _rows(a, "lidar")
    assert len(rows) == 2
    assert focus_status(idx, focus_of(q), rows[:1], q) == "missing"
    assert focus_status(idx, focus_of(q), rows, q) == "met"
    # A lower-ranked sentence that shares nothing with the question but the focus word is not
    # about the question: "warehouses" in the robots sentence does not state the cold store's.
    q = "Which warehouses will the tenants of the cold store use?"
    rows = _rows(a, "cold store") + _rows(a, "warehouses")
    assert focus_status(idx, focus_of(q), rows, q) == "missing"
    assert focus_status(idx, focus_of(q), rows[1:], q) == "unnamed"


def test_a_focus_mentioned_but_never_named_is_refused(port_index) -> None:
    a = Assistant.load(port_index, embedder=FakeEmbedder())
    ans = a.ask("Which lenders take part in the cargo pilot?")
    assert not ans.found and "name none" in ans.text
    ans = a.ask("Which three companies signed up as the first tenants of the cold store?")
    assert not ans.found and "companies but name none" in ans.text


def test_imperatives_and_kind_nouns() -> None:
    from sci_assistant.answer.intents import analyse

    assert focus_of("Name the trade associations in the pilot.").phrase == "trade associations"
    q = analyse("Which officials witnessed the signing?")
    assert (q.intent, q.expected) == ("who", "person")  # a kind noun says who answers


def test_the_evidence_saying_which_ones_by_its_own_words_or_a_description_asked_is_not_unnamed(port_index) -> None:
    a = Assistant.load(port_index, embedder=FakeEmbedder())
    idx = a._snap.index
    # "which documents": "electronic cargo documents" says which, in words the question lacks.
    q = "Which documents does the ledger support the exchange of?"
    assert focus_status(idx, focus_of(q), _rows(a, "cargo documents"), q) == "met"
    # "what sort of …" asks for a description, which the sentence gives.
    q = "What sort of training opportunities will the scheme unlock?"
    assert focus_status(idx, focus_of(q), _rows(a, "training opportunities"), q) == "met"
    # "technology" is not "techniques": the sentence never speaks of techniques, so none go unnamed.
    q = "Which techniques will the crane yard adopt?"
    assert focus_status(idx, focus_of(q), _rows(a, "sensing technology"), q) != "unnamed"


def test_a_body_asked_for_by_its_kind_is_not_answered_by_a_passage_naming_only_the_questions_own(port_index) -> None:
    a = Assistant.load(port_index, embedder=FakeEmbedder())
    # The closest passage names Quayline Robotics, which the question names itself: no other body.
    ans = a.ask("Which shipping company will Quayline Robotics co-develop the delivery robots with?")
    assert not ans.found and "name no shipping company" in ans.text, ans.text
    # A passage naming another body answers.
    ans = a.ask("Which companies joined the trade finance scheme with the port authority?")
    assert ans.found and "Tidewater Bank" in ans.text, ans.text


def test_a_relation_asked_by_a_verb_before_the_last_preposition_must_be_stated(port_index) -> None:
    a = Assistant.load(port_index, embedder=FakeEmbedder())
    # "Tidewater Bank and Quay Bank joined the scheme": Quay Bank is a partner, not Tidewater's parent
    ans = a.ask("Which bank does Tidewater Bank belong to?")
    assert not ans.found, ans.text
    # a verb an agreement itself states between its parties is answered by naming the other party
    ans = a.ask("Which bank did Tidewater Bank join the trade finance scheme with?")
    assert ans.found and "Quay Bank" in ans.text.split("\n", 1)[0], ans.text


STUDIO = (
    "Music studio partnership\n\n"
    "PORT LOUIS, 5 May 2025 – Harmonia Labs and Corvale Sound will jointly develop an interactive music "
    "teaching system through the application of model training, virtual reality, and holographic displays.\n\n"
    "The corridor's first phase brings together 12 companies in logistics, healthcare, and retail.\n"
)


def test_a_list_answers_which_things_only_when_said_of_what_is_asked(tmp_path) -> None:
    from .conftest import assistant_over

    a = assistant_over(tmp_path, {"2025-05-05_studio.txt": STUDIO})
    # ("model training, virtual reality, and holographic displays" are how the system is built, not
    # the schools that will pilot it; the sectors are said of the companies asked about)
    ans = a.ask("Which schools will pilot Harmonia Labs' music teaching system?")
    assert not ans.found, ans.text
    ans = a.ask("From which sectors are the companies in the corridor's first phase?")
    assert ans.found and "logistics, healthcare, and retail" in ans.text, ans.text


SIGNED_AREAS = (
    "Harbour partners review five years of cooperation at 4th HC meeting\n\n"
    "PORT LOUIS, 12 November 2024 - The 4th Harbour Committee (HC) meeting was held in Port Louis today. "
    "Four MOUs were signed and nine joint projects were launched, in areas such as low-altitude drone "
    "logistics, cross-border e-invoicing and eldercare robotics.\n"
)
SIGNED_NAMES = (
    "Fifth harbour committee meeting\n\n"
    "PORT LOUIS, 3 June 2025 – The firms that signed MOUs at the fifth harbour committee meeting include "
    "Aster Labs, Borealis Tech, and Cobalt Systems.\n"
)


def test_a_list_answers_which_bodies_only_when_it_names_some(tmp_path) -> None:
    from .conftest import assistant_over

    (tmp_path / "areas").mkdir()
    (tmp_path / "names").mkdir()
    # ("in areas such as drone logistics, cross-border e-invoicing, and eldercare robotics" names no company)
    a = assistant_over(tmp_path / "areas", {"2024-11-12_fourth.txt": SIGNED_AREAS})
    ans = a.ask("Which companies signed the four MOUs at the 4th HC in November 2024?")
    assert not ans.found, ans.text
    a = assistant_over(tmp_path / "names", {"2025-06-03_fifth.txt": SIGNED_NAMES})
    ans = a.ask("Which companies signed MOUs at the fifth harbour committee meeting?")
    assert ans.found and "Borealis Tech" in ans.text, ans.text
