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
