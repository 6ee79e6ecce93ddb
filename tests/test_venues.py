"""Where a meeting was held: a site named after "at the" wherever the verb stands, a place the text
calls a district for "which district", and never the agency a wire dateline carries in brackets."""

from __future__ import annotations

import pytest

from .conftest import assistant_over, lead

WIRE = (
    "Riverton, Lakeside sign six smart city pacts\n\n"
    "RIVERTON, March 20 (Asia Newsdesk) - Riverton and the southern tech hub of Lakeside signed six "
    "memoranda of understanding on Thursday at the fourth meeting of their Joint Committee, officials said.\n\n"
    "(Reporting by Mei Tan; Editing by Omar Said)\n"
)
NEWS = (
    "Lakeside, Riverton ink six pacts as partnership marks fourth meeting\n\n"
    "Lakeside and Riverton signed six memorandums on Thursday, as the two cities convened the fourth "
    "meeting of their Joint Committee at the Lotus Hill Convention Hall in Futian district.\n\n"
    "The meeting, held in Lakeside, was co-chaired by Ms Ada Lim and Mr Zhao Ming.\n"
)


@pytest.mark.integration  # (places are typed by the parser's tagger)
def test_a_wire_agency_in_brackets_is_no_venue(tmp_path) -> None:
    a = assistant_over(tmp_path, {"wire.txt": WIRE})
    ans = a.ask("What venue hosted the fourth Joint Committee meeting?")
    assert "Asia Newsdesk**" not in lead(ans), ans.text


@pytest.mark.integration
def test_a_site_after_at_the_and_a_district_the_text_calls_one(tmp_path) -> None:
    a = assistant_over(tmp_path, {"news.txt": NEWS, "wire.txt": WIRE})
    ans = a.ask("What venue hosted the fourth Joint Committee meeting?")
    assert ans.found and "**Lotus Hill Convention Hall**" in lead(ans), ans.text
    ans = a.ask("In which district was the fourth Joint Committee meeting held?")
    assert ans.found and "**Futian**" in lead(ans), ans.text


def test_how_a_meeting_was_held_is_the_way_it_was_held(tmp_path) -> None:
    story = (
        "Riverton and Lakeside meet by video\n\n"
        "RIVERTON, 7 December 2021 – The 2nd Joint Council meeting was held by video link today.\n\n"
        "The council is expected to meet in person next year.\n"
    )
    a = assistant_over(tmp_path, {"2021-12-07_council.txt": story})
    for question in (
        "How was the 2nd Joint Council meeting held, in person or otherwise?",
        "Was the second Joint Council meeting held in person or remotely?",
    ):
        ans = a.ask(question)
        assert ans.found and "**by video link**" in lead(ans), ans.text


def test_a_city_state_is_a_city(tmp_path) -> None:
    doc = (
        "Riverton and Lakeside hold 2nd Digital Economy Council meeting\n\n"
        "LAKESIDE, 30 May 2025 – The 2nd meeting of the Riverton–Lakeside Digital Economy Council was held "
        "today. The 3rd Council meeting is planned for October 2026 in Singapore.\n"
    )
    a = assistant_over(tmp_path, {"2025-05-30_council.txt": doc})
    ans = a.ask("In which city will the 3rd council meeting be held?")
    assert ans.found and "**Singapore**" in lead(ans), ans.text
    from sci_assistant.answer.spans import is_city

    assert is_city("Singapore") and is_city("Lakeside") and not is_city("China") and not is_city("Southeast Asia")


@pytest.mark.integration  # (the tagger types "Southeast Asia" as a place)
def test_a_place_after_the_question_s_own_verb_and_preposition(tmp_path) -> None:
    doc = (
        "Council inks four agreements\n\n"
        "LAKESIDE, 30 May 2025 – Four agreements were signed at the council meeting today. One sets up an "
        "e-commerce logistics hub in Lakeside's port district. The hub will consolidate parcels bound for "
        "Southeast Asia.\n"
    )
    a = assistant_over(tmp_path, {"2025-05-30_council.txt": doc})
    ans = a.ask("Where are the parcels handled by the logistics hub bound for?")
    assert ans.found and "**Southeast Asia**" in lead(ans), ans.text


def test_a_name_joined_to_a_place_after_in_is_a_place_too(tmp_path) -> None:
    from sci_assistant.answer import spans as sp

    doc = (
        "Pilot completed\n\n"
        "RIVERTON, 1 February 2026 – Over six months, the eldercare pilot covered 312 seniors at five centres "
        "in Toa Payoh and Bedok.\n"
    )
    a = assistant_over(tmp_path, {"2026-02-01_pilot.txt": doc})
    idx = a._snap.index
    d = next(iter(idx.documents))
    text = idx.documents[d].text
    found = [text[s.start : s.end] for s in sp.places(idx, d, 0, len(text))]
    assert "Bedok" in found and "Toa Payoh" in found, found


TABLE = (
    "# Riverton and Lakeside sign three MOUs\n\n"
    "RIVERTON, 4 May 2026 – Three memoranda of understanding were signed at the fifth Joint Committee meeting.\n\n"
    "## Annex: List of MOUs signed\n\n"
    "| No. | Title of MOU | Parties |\n"
    "|---|---|---|\n"
    "| 1 | MOU on Drone Delivery Trials at Heron Island | Kestrel Skyworks Pte Ltd; Lakeside Harbour Co., Ltd |\n"
    "| 2 | MOU on Smart Water Metering in Eastgate District | Brookline Utilities Pte Ltd; Lakeside Water Group |\n"
    "| 3 | MOU on Cold Chain Logistics | Polar Freight Pte Ltd; Lakeside Port Logistics Co., Ltd |\n"
)


def test_a_place_that_ends_a_table_cell_is_not_part_of_the_name_in_the_next(tmp_path) -> None:
    # ("… at Heron Island" and, in the next cell, "Kestrel Skyworks Pte Ltd": the island is where the
    # trials are, not the start of the company's name)
    a = assistant_over(tmp_path, {"2026-05-04_mous.md": TABLE})
    ans = a.ask("Where will Kestrel Skyworks trial drone deliveries?")
    assert ans.found and "**Heron Island**" in lead(ans), ans.text
    ans = a.ask("In which district is Brookline Utilities' water metering MOU?")
    assert ans.found and "**Eastgate District**" in lead(ans), ans.text
