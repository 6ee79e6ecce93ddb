"""Doers read off the dependency parse (``answer.syntax``): spaCy's parser, so not in the quick run."""

from __future__ import annotations

import pytest

from sci_assistant.answer.syntax import doers

pytestmark = pytest.mark.integration


def _doer(sentence: str, verb: str, **kw) -> list[str]:
    return [sentence[a:b] for a, b in doers(sentence, sentence.index(verb), **kw)]


def test_the_subject_of_an_active_verb_however_the_sentence_opens() -> None:
    s = "On 18 September, Yantian Harbour Ferries ordered six electronic boarding gates for Shatoujiao Pier."
    assert _doer(s, "ordered") == ["Yantian Harbour Ferries"]
    s = "On 9 September, inspectors from both port authorities finished the first joint audit."
    assert _doer(s, "finished") == ["inspectors from both port authorities"]
    # (a dateline the parser reads as a second subject is further from the verb than its own)
    s = "PORT LOUIS, 9 May 2026 – Lagoon Ferries and the Blue Bay beach operator signed a ticketing deal."
    assert _doer(s, "signed") == ["Lagoon Ferries and the Blue Bay beach operator"]


def test_the_agent_of_a_passive_verb_and_a_subject_shared_by_two_verbs() -> None:
    s = "The forum was organised by the Lagoon Business Council and Enterprise Singapore."
    assert _doer(s, "organised") == ["the Lagoon Business Council and Enterprise Singapore"]
    s = "Orchid Robotics signed an MOU and ordered twelve delivery robots."
    assert _doer(s, "ordered") == ["Orchid Robotics"]


def test_who_undergoes_it_is_the_passive_subject_or_the_active_object() -> None:
    s = "Five of the crew are being trained on the new gates."
    assert _doer(s, "trained", undergoes=True) == ["Five of the crew"]
    assert _doer("The port trains forty pilots every year.", "trains", undergoes=True) == ["forty pilots"]


def test_a_pronoun_or_a_phrase_that_points_back_names_no_one() -> None:
    assert _doer("It ordered six gates last week.", "ordered") == []
    assert _doer("The company ordered six gates last week.", "ordered") == []
    assert _doer("Both parties will jointly develop a platform.", "develop") == []


def test_the_verb_a_question_is_built_on() -> None:
    from sci_assistant.answer.syntax import main_verb

    assert main_verb("When was Sentosa Visitor Tech founded?") == "founded"
    # the small model reads "Pass" as the verb here: the closing word after "did" is taken
    assert main_verb("When did the Harbour Skills Pass open?") == "open"
    assert main_verb("When is the deadline?") is None


def test_a_bare_number_the_verb_is_done_to_or_by_and_not_one_counting_a_noun() -> None:
    from sci_assistant.answer.syntax import number_done

    def got(s: str, verb: str) -> str | None:
        span = number_done(s, s.index(verb))
        return s[span[0] : span[1]] if span else None

    assert got("We expected 2,000 in the first year, so the response has been strong.", "expected") == "2,000"
    assert got("Entries close in March, and the best ten will test their ideas at a berth.", "test") == "ten"
    assert got("The company hired 40 engineers in 2024.", "hired") is None  # counts engineers
    assert got("The company was founded in 2019.", "founded") is None  # a year


def test_where_the_verb_is_done_is_a_located_phrase_not_a_time_or_an_idiom() -> None:
    from sci_assistant.answer.syntax import location

    def where(s: str, verb: str) -> str | None:
        span = location(s, s.index(verb))
        return s[span[0] : span[1]] if span else None

    assert where("The best ten will test their ideas at a working berth for six months.", "test") == (
        "at a working berth"
    )
    assert where("Orchid Robotics will run delivery robots on three hospital campuses.", "run") == (
        "on three hospital campuses"
    )
    assert where("The firm will open its office in 2026.", "open") is None  # a time
    assert where("They will capture emissions based on membrane technology.", "based") is None


def test_the_noun_a_number_counts() -> None:
    from sci_assistant.answer.syntax import counted

    s = "They arranged about 150 one-to-one business meetings between companies."
    a, b = counted(s, s.index("150"))
    assert s[a:b] == "meetings"
    s = "The 38 companies on the mission, 31 of them small firms, work in farming."
    a, b = counted(s, s.index("38"))
    assert s[a:b] == "companies"
    assert counted(s, s.index("31")) is None  # ("31 of them": no noun the parse gives it)
