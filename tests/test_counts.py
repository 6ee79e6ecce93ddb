"""What a count counts: the part the question asks about, the side it names, the noun the parse
gives the number."""

from __future__ import annotations

import re

import pytest

from .conftest import assistant_over, lead

FORUM = (
    "Start-up exchange opens\n\n"
    "PORT LOUIS, 2 April 2025 – The start-up exchange programme opened today.\n\n"
    "Twenty-five start-ups, 13 from Singapore and 12 from Shenzhen, will spend six weeks in the other city.\n\n"
    "The 38 Singapore companies on the trade mission met buyers in Shenzhen.\n\n"
    "The organisers arranged about 150 one-to-one business meetings between Singapore companies and buyers.\n"
)


def test_a_part_is_from_a_named_place_not_from_the_word_after_in(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-04-02_exchange.txt": FORUM})
    # ("were in the first cohort": "the" is no place; "six weeks in the other city" is no part)
    ans = a.ask("How many start-ups were in the first cohort of the start-up exchange programme?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**Twenty-five**" in lead, ans.text
    ans = a.ask("How many start-ups are from Shenzhen?")
    assert ans.found and "**12**" in ans.text.split("\n", 1)[0], ans.text


@pytest.mark.integration
def test_a_count_of_one_side_and_a_number_the_parse_gives_another_noun(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-04-02_exchange.txt": FORUM})
    ans = a.ask("How many Shenzhen companies took part in the trade mission?")
    lead = ans.text.split("\n", 1)[0]
    assert "38" not in lead and "150" not in lead, ans.text  # Singapore companies; business meetings
    ans = a.ask("How many businesses met buyers during the trade mission?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**38**" in lead and "150" not in lead, ans.text


POST = (
    "---\ntitle: We have signed our first agreement in Shenzhen!\npublisher: Kopi Data\n---\n\n"
    "We have signed our first agreement in Shenzhen!\n\n"
    "Kopi Data will build a data hall in Nanshan with Nanshan Cloud, and trials start next year.\n\n"
    "What we will build:\n\n"
    "- A 2,000-square-metre data hall in an empty warehouse in Nanshan\n"
    "- Cooling that reuses the warehouse's sea-water pipes\n\n"
    "> @kopi_data · 1d > Yes, the hall will serve small firms first.\n"
)


@pytest.mark.model
def test_a_company_s_own_page_is_about_it_throughout(tmp_path, real_embedder) -> None:
    # ("A 2,000-square-metre data hall …" names no one: the page is Kopi Data's own)
    a = assistant_over(tmp_path, {"2026-06-12_kopi-data-post.md": POST}, real_embedder)
    ans = a.ask("How big will Kopi Data's data hall in Nanshan be?")
    assert ans.found and "**2,000**" in ans.text.split("\n", 1)[0], ans.text


def test_a_count_of_a_short_form_spelled_out_before_it(tmp_path) -> None:
    mission = (
        "Harbourside firms join Lakeport mission\n\n"
        "LAKEPORT, 10 June 2026 – Seven agreements were signed at the Harbourside Business Mission today.\n\n"
        "The 38 Harbourside companies on the mission, 31 of them small and medium enterprises (SMEs), work in "
        "logistics, health technology and tourism.\n"
    )
    a = assistant_over(tmp_path, {"2026-06-10_mission.txt": mission})
    for question in (
        "How many SMEs were on the business mission?",
        "Of the companies on the mission, how many were SMEs?",
    ):
        ans = a.ask(question)
        assert ans.found and "**31**" in lead(ans), ans.text


def test_a_figure_is_shown_with_the_release_s_own_noun() -> None:
    from sci_assistant.answer.context import counted_word

    text = "The company employs about 45 people and has run pilot deliveries."
    assert counted_word(text, text.index("45") + 2, "delegates") == "people"
    text = "More than 420 participants attended."
    assert counted_word(text, text.index("420") + 3, "people") == "participants"
    text = "Eight MOUs were signed."
    assert counted_word(text, text.index("Eight") + 5, "MOUs") == "MOUs"


BRIDGE = (
    "Talent bridge launched\n\n"
    "PORT LOUIS, 3 March 2025 – The talent bridge between Singapore and Corvale was launched in Corvale.\n\n"
    "The first cohort will meet in Singapore.\n\n"
    "Each year the bridge will support up to 40 Singapore enterprises to enter the Corvale market, with grants of "
    "up to S$70,000 each.\n\n"
    "The two sides will review the bridge every year.\n\n"
    "The Corvale government will contribute 100 million yuan ($13.8 million), to let companies trial new services.\n"
)


def test_a_count_of_one_place_s_companies_is_not_another_place_s_a_side_or_a_sum(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-03-03_bridge.txt": BRIDGE})
    # ("40 Singapore enterprises" are another place's; "the two sides" are no companies; "$13.8
    # million, to let companies …" is a sum of money)
    ans = a.ask("How many Corvale companies will the talent bridge support?")
    bold = " ".join(re.findall(r"\*\*(.+?)\*\*", lead(ans)))
    for wrong in ("40", "two", "13.8"):
        assert wrong not in bold, ans.text
    ans = a.ask("How many Singapore companies will the talent bridge support each year?")
    assert ans.found and "**up to 40**" in lead(ans), ans.text


FORUM_DAY = (
    "Drone firm joins harbour forum\n\n"
    "PORT LOUIS, 18 October 2024 – Skylark Drones joined the harbour forum as a sponsor.\n\n"
    "The company employs about 45 people and has run pilot deliveries for hospitals.\n"
)
CEREMONY = "Awards night\n\nPORT LOUIS, 19 October 2024 – Some 180 delegates attended the awards ceremony.\n"


def test_people_counted_by_another_word_are_the_ones_who_did_what_is_asked(tmp_path) -> None:
    (tmp_path / "firm").mkdir()
    (tmp_path / "night").mkdir()
    a = assistant_over(tmp_path / "firm", {"2024-10-18_forum.txt": FORUM_DAY})
    # ("employs about 45 people" counts staff, not delegates who attended anything)
    ans = a.ask("How many delegates attended the harbour forum?")
    assert "45" not in " ".join(re.findall(r"\*\*(.+?)\*\*", lead(ans))), ans.text
    a = assistant_over(tmp_path / "night", {"2024-10-19_night.txt": CEREMONY})
    ans = a.ask("How many people attended the awards ceremony?")
    assert ans.found and "180" in lead(ans), ans.text


def test_a_part_from_a_place_the_sentence_never_names_is_not_the_whole(tmp_path) -> None:
    # ("About 3,400 crane operators and pilots have registered" says nothing of where they are from)
    doorstop = (
        "Transcript of the media doorstop by Minister Ms Amelia Chong on the Harbour Skills Pass, 14 October 2026\n\n"
        "Reporter (Lagoon Daily): Minister, how many workers have signed up for the Harbour Skills Pass so far?\n\n"
        "Minister Chong: About 3,400 crane operators and pilots have registered since the pass opened in July.\n\n"
        "Reporter (Coral FM): Will the pass be recognised in Rodrigues?\n\n"
        "Minister Chong: Yes. From January 2027, the Rodrigues Port Authority will accept the pass.\n"
    )
    a = assistant_over(tmp_path, {"2026-10-14_doorstop.txt": doorstop})
    ans = a.ask("How many Harbour Skills Pass registrants are from Rodrigues?")
    assert "3,400" not in " ".join(re.findall(r"\*\*(.+?)\*\*", lead(ans))), ans.text
    ans = a.ask("How many crane operators and pilots have registered for the Harbour Skills Pass?")
    assert ans.found and "3,400" in lead(ans), ans.text
