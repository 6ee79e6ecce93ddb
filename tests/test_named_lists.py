"""Things a "which <things>" question asks for, named as a list in the closest sentence: after the
question's verb ("on recovering lithium, nickel and cobalt") or after the noun asked for ("at two
sites, A and B"); a list of what the question already names is no answer. A limit set ahead of time
("by what date did firms have to apply") is asked after the release, however the question is tensed."""

from __future__ import annotations

import pytest

from .conftest import assistant_over, lead

RELEASE = (
    "Harbourside and Lakeport sign battery pact\n\n"
    "LAKEPORT, 3 March 2026 – Harbourside and Lakeport signed four agreements at the 2nd Joint Council "
    "meeting today.\n\n"
    "An MOU between Tidal Metals Pte Ltd and Lakeport Cell Renewal Co., Ltd. on reclaiming cobalt, manganese "
    "and graphite from worn-out scooter batteries.\n\n"
    "The kerbside charging pilot will open at two depots, Orchid Quay and the Wharf Road garage.\n\n"
    "The agreements will widen cooperation in mobility and create new chances for our firms and residents "
    "in research, trade and training.\n\n"
    "Entries for the Lakeport Mobility Prize close on 30 April 2026.\n"
)


@pytest.mark.integration  # (the question's verb is read from the parse)
def test_the_things_a_sentence_names_after_the_question_verb_are_the_answer(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-03-03_battery-pact.txt": RELEASE})
    ans = a.ask("Which materials are to be reclaimed from the scooter batteries?")
    assert ans.found and "**cobalt, manganese and graphite**" in lead(ans), ans.text


@pytest.mark.integration
def test_the_things_named_after_the_noun_asked_for_are_the_answer(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-03-03_battery-pact.txt": RELEASE})
    ans = a.ask("At which two depots will the kerbside charging pilot open?")
    assert ans.found and "**Orchid Quay and the Wharf Road garage**" in lead(ans), ans.text


@pytest.mark.integration
def test_a_list_of_what_the_question_names_is_not_put_in_bold(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-03-03_battery-pact.txt": RELEASE})
    ans = a.ask("In which areas will the agreements create new chances for firms and residents?")
    assert "**firms and residents**" not in ans.text, ans.text


def test_a_deadline_after_the_release_answers_a_question_in_the_past_tense(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-03-03_battery-pact.txt": RELEASE})
    ans = a.ask("By what date did teams have to send in entries for the Lakeport Mobility Prize?")
    assert ans.found and "**30 April 2026**" in lead(ans), ans.text
