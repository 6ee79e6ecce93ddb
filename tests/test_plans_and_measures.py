"""Plans given by a part of the year told from the release's ("the final quarter of this year"), the
meeting after or before a numbered one, a length of time asked as "the maximum time", and a length
asked as "how long will the route be"."""

from __future__ import annotations

import pytest

from .conftest import assistant_over, lead

RELEASE = (
    "Sixth meeting of the Riverton–Lakeside Joint Committee\n\n"
    "RIVERTON, 26 November 2025 – Riverton and Lakeside held the 6th Joint Committee (JC) meeting today.\n\n"
    "The 7th JC meeting will be held in Lakeside in the second half of 2026.\n\n"
    "A Port Data Exchange linking the two cities' port systems will begin with three shipping lines. "
    "It is slated to go live in the final quarter of this year, the committee said.\n\n"
    "Each pilot may remain in the testbed for up to 18 months, with a possible extension of six months.\n\n"
    "A 12-kilometre drone test route will link the two harbours.\n"
)


@pytest.mark.integration  # (the verb a planned event is asked by comes from the parse)
def test_a_part_of_this_year_dates_what_is_supposed_to_happen(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-11-26_sixth-jc.txt": RELEASE})
    ans = a.ask("When is the Port Data Exchange supposed to go live?")
    assert ans.found and "**the final quarter of this year**" in lead(ans), ans.text


@pytest.mark.integration  # ("the second half of 2026" is typed as a date by the parser's tagger)
def test_the_meeting_after_a_numbered_one_is_the_next_number(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-11-26_sixth-jc.txt": RELEASE})
    ans = a.ask("When will the next JC meeting after the 6th be held?")
    assert ans.found and "**the second half of 2026**" in lead(ans), ans.text


def test_the_maximum_time_is_a_length_of_time_and_how_long_a_route_is_its_length(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-11-26_sixth-jc.txt": RELEASE})
    ans = a.ask("What is the maximum time a pilot may spend in the testbed?")
    assert ans.found and "**18 months**" in lead(ans), ans.text
    ans = a.ask("How long will the drone test route be?")
    assert ans.found and "**12-kilometre**" in lead(ans), ans.text


def test_which_month_is_not_answered_by_a_year(tmp_path) -> None:
    text = RELEASE + "\nThe two sides agreed that the 8th JC meeting will be held in Lakeside in 2026.\n"
    a = assistant_over(tmp_path, {"2025-11-26_sixth-jc.txt": text})
    ans = a.ask("In which month will the 8th JC meeting be held?")
    assert "**in 2026**" not in lead(ans) and "**2026**" not in lead(ans), ans.text


def test_the_next_meeting_asked_of_a_named_release_is_not_the_one_it_reports(tmp_path) -> None:
    text = (
        "Fifth Joint Committee meeting held in Lakeside\n\n"
        "LAKESIDE, 18 October 2024 – The 5th Joint Committee (JC) meeting was held today.\n\n"
        "The meeting was convened at the Lotus Conference Centre in Lakeside.\n\n"
        "The next meeting of the committee is expected to take place in Riverton next year.\n"
    )
    a = assistant_over(tmp_path, {"2024-10-18_fifth-jc.txt": text})
    ans = a.ask("According to the fifth JC meeting release, where would the next JC meeting take place?")
    assert ans.found and "**Riverton**" in lead(ans), ans.text


def test_a_count_told_after_its_noun(tmp_path) -> None:
    text = RELEASE + (
        "\nNext year, the two cities will double the number of places in the Young Talent Exchange to 200, "
        "so that more students can intern abroad.\n"
    )
    a = assistant_over(tmp_path, {"2025-11-26_sixth-jc.txt": text})
    ans = a.ask("How many places will the Young Talent Exchange offer next year?")
    assert ans.found and "**200**" in lead(ans), ans.text


def test_the_day_of_the_week_is_told_from_the_date(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-11-26_sixth-jc.txt": RELEASE})
    ans = a.ask("What day of the week was the 6th JC meeting held?")
    assert ans.found and ans.text.startswith("**26 November 2025**, a Wednesday"), ans.text


GRANTS = (
    "Joint innovation call opens\n\n"
    "PORT LOUIS, 5 January 2026 – The joint innovation call is open to consortia from both cities.\n\n"
    "Each approved project can receive up to S$500,000 in funding for its Riverton partners and up to "
    "RMB 2.5 million for its Lakeside partners.\n\n"
    "Market-entry grants of up to S$70,000 per company will help firms enter the Lakeside market.\n\n"
    "The two cities each committed S$20 million to the call, a total of S$40 million.\n"
)


def test_an_amount_given_for_each_one_of_something_is_not_a_total_or_another_unit(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-01-05_call.txt": GRANTS})
    # ("up to S$500,000" is each project's, not five projects' total; "S$70,000 per company" is no
    # monthly pay)
    ans = a.ask("What is the total budget for the five projects funded by the joint innovation call?")
    assert "500,000**" not in lead(ans) and "2.5 million**" not in lead(ans), ans.text
    ans = a.ask("How much will firms be paid each month under the market-entry grants?")
    assert "70,000**" not in lead(ans), ans.text
    ans = a.ask("How much funding can Riverton partners get per project?")
    assert ans.found and "**S$500,000**" in lead(ans), ans.text
    ans = a.ask("How much money did the two cities commit to the call in total?")
    assert ans.found and "**S$40 million**" in lead(ans), ans.text


FUND = (
    "Harbour Pilot Fund launched\n\n"
    "PORT LOUIS, 14 May 2027 – The co-chairs announced the launch of the Harbour Pilot Fund, a S$20 million "
    "fund that will co-finance cross-border digital projects over three years.\n"
)


def test_a_whole_is_no_amount_for_each_one_asked(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2027-05-14_fund.txt": FUND})
    # (the fund's whole, said for no unit, is not what each project may get)
    ans = a.ask("What's the maximum funding per project from the Harbour Pilot Fund?")
    assert "20 million**" not in lead(ans), ans.text
    ans = a.ask("How big is the Harbour Pilot Fund?")
    assert ans.found and "20 million**" in lead(ans), ans.text


SPEECH = (
    "Speech by Minister of State Rachel Lim at the Opening of Harbour Health Week 2027\n\n"
    "1. I am pleased to launch two new initiatives today.\n\n"
    "2. First, the Harbour HealthTech Launchpad. It will support 30 startups over three years.\n\n"
    "3. Second, the Cross-Border Telemedicine Sandbox. From July 2027, doctors at Seletar Community Hospital "
    "will be able to hold joint video consultations with their counterparts.\n"
)


@pytest.mark.integration  # (how close the fund's sentence ranks takes the real model)
def test_a_name_shared_only_by_its_common_words_is_not_named(tmp_path, real_embedder) -> None:
    # (a harbour's other news: its words weigh in a name as they would in a real corpus)
    berths = "Harbour notes\n\nCross-border ferries resumed in March.\n\n" + "".join(
        f"Berth {k} of the harbour handled {k * 1000} containers last year.\n\n" for k in range(1, 40)
    )
    files = {"2027-05-14_fund.txt": FUND, "2027-06-02_speech.txt": SPEECH, "2027-06-03_notes.txt": berths}
    a = assistant_over(tmp_path, files, real_embedder)
    # ("co-finance cross-border digital projects" shares "cross" and "border", not the sandbox's name)
    ans = a.ask("How much funding will the Cross-Border Telemedicine Sandbox receive?")
    assert "20 million**" not in lead(ans), ans.text


LAUNCHPAD = (
    "Speech by Minister of State Rachel Lim at the Opening of Harbour Health Week 2027\n\n"
    "4. First, the Harbour HealthTech Launchpad. Over the next three years, the Launchpad will support 30 "
    "startups from both cities. It will be backed by S$8 million in funding and managed by the Lagoon Health "
    "Innovation Agency.\n"
)


@pytest.mark.integration  # (how close the funding sentence ranks takes the real model)
def test_a_name_its_paragraph_goes_on_calling_by_its_last_word(tmp_path, real_embedder) -> None:
    berths = "Harbour notes\n\n" + "".join(
        f"Berth {k} of the harbour handled {k * 1000} containers last year.\n\n" for k in range(1, 40)
    )
    a = assistant_over(tmp_path, {"2027-06-02_speech.txt": LAUNCHPAD, "2027-06-03_notes.txt": berths}, real_embedder)
    ans = a.ask("How much funding does the Harbour HealthTech Launchpad have?")
    assert ans.found and "S$8 million**" in lead(ans), ans.text
    # (and who will manage it, though "manage" asks for a person by its verb: the sentence names a body)
    ans = a.ask("Who will manage the Harbour HealthTech Launchpad?")
    assert ans.found and "Lagoon Health Innovation Agency**" in lead(ans), ans.text
