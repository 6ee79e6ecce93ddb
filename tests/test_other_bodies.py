"""Meetings of several bodies in one corpus: a question about one body's meeting is answered from
that body's, by its full name or its short form; a sentence about the previous or another body's
meeting is not evidence; a crawl header is not a title; a name with another place in brackets is
another branch."""

from __future__ import annotations

import pytest

from .conftest import assistant_over, lead

# Two programmes whose meetings share ordinals: a 4th committee meeting of one, a 5th of the other
# that mentions its own 4th only in passing.
FIFTH = (
    "Source URL: https://www.example.org/newsroom/2026/03/fifth-jsc\n"
    "Retrieved: 2026-03-26T08:14:52+08:00\n\n"
    "# Riverton and Lakeside sign seven MOUs at fifth committee meeting\n\n"
    "RIVERTON, 24 March 2026 – The Riverton–Lakeside Partnership convened its 5th Joint Steering Committee "
    "(JSC) meeting today at the Harbourfront Pavilion in Riverton.\n\n"
    "The meeting was co-chaired by Mr Darius Kohl and Ms Zhou Hanna.\n\n"
    "The previous meeting of the committee took place in Lakeside in October 2025.\n\n"
    "The fourth meeting of the JSC was held in Lakeside, where six MOUs were exchanged.\n"
)
OTHER = (
    "Fourth Harbour Board meeting held in Port Amber\n\n"
    "PORT AMBER, 2 May 2025 – The 4th Harbour Board meeting was held in Port Amber today.\n\n"
    "The 4th Harbour Board meeting was co-chaired by Mr Ivo Brandt and Ms Lena Ortiz.\n"
)
FILES = {"fifth-jsc.md": FIFTH, "2025-05-02_harbour-board.txt": OTHER}


def test_a_crawl_header_is_no_title(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    titles = [d.title for d in a.documents()]
    assert "Riverton and Lakeside sign seven MOUs at fifth committee meeting" in titles, titles
    assert not any("Source URL" in t or "https://" in t for t in titles), titles


def test_a_body_named_in_full_is_its_short_form_s_meeting(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    ans = a.ask("When did the fifth Riverton–Lakeside Joint Steering Committee meeting take place?")
    assert ans.found and "**24 March 2026**" in lead(ans) and "October" not in lead(ans), ans.text


def test_an_ordinal_before_a_short_form_names_its_meeting(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    ans = a.ask("5th JSC venue?")
    assert ans.found and "Lakeside" not in lead(ans), ans.text  # (the 4th meeting's place)


def test_another_body_s_meeting_of_that_number_is_not_the_one_asked(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    # The corpus reports a 4th Harbour Board meeting and only mentions the 4th JSC meeting: its
    # co-chairs are not given, neither the Board's nor the 5th JSC meeting's.
    ans = a.ask("Who co-chaired the fourth JSC meeting?")
    assert not ans.found, ans.text
    # What it does say of the 4th JSC meeting answers (a place in a joined pair of sides names the
    # partnership, not where).
    ans = a.ask("where was the 4th riverton-lakeside JSC convened")
    assert ans.found and "**Lakeside**" in lead(ans), ans.text


PARTNERS = (
    "Two MOUs signed\n\n"
    "HARBOURTOWN, 3 May 2025 – Two MOUs were signed today.\n\n"
    "Annex A: List of MOUs\n\n"
    "| No. | MOU | Parties |\n|---|---|---|\n"
    "| 1 | MOU on esports events | Blue Arena (Shanghai) Co., Ltd.; Harbourtown Sports Group |\n"
    "| 2 | MOU on a development fund | Cityline Investment (China); Harbour Service Group |\n\n"
    "Annex B: List of projects\n\n"
    "| No. | Project | Parties |\n|---|---|---|\n"
    "| 1 | Youth esports league | Blue Arena (Singapore) Pte Ltd; Harbourtown Sports Group |\n"
)


def test_a_name_with_a_place_in_brackets(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-05-03_harbour.md": PARTNERS})
    # ("(China)" is part of the name: the question asks no side)
    ans = a.ask("Who is Cityline Investment (China)'s partner on the development fund?")
    assert ans.found and "**Harbour Service Group**" in lead(ans), ans.text
    # ("Blue Arena (Singapore)" is not "Blue Arena (Shanghai)": another branch, not a name given)
    ans = a.ask(
        "Did Blue Arena (Singapore) and Harbourtown Sports Group sign an MOU? Which Blue Arena entity signed it?"
    )
    assert ans.found and "Blue Arena (Shanghai)" in lead(ans), ans.text


HEADLINE = (
    "# Riverton and Lakeside Sign Seven MOUs and Launch Eleven Projects at Fifth Committee Meeting\n\n"
    "RIVERTON, 24 March 2026 – The 5th Joint Steering Committee (JSC) meeting was held in Riverton today.\n\n"
    "The projects bring the total number of projects under the partnership to 64.\n\n"
    "Both sides agreed that the 6th JSC meeting will be held in Lakeside in the fourth quarter of 2026.\n\n"
    "The partners will put S$20 million into a trade sandbox.\n"
)
BOARD = (
    "Fourth Harbour Board meeting held in Port Amber\n\n"
    "PORT AMBER, 2 May 2025 – The 4th Harbour Board meeting was held in Port Amber today.\n\n"
    "To date, 43 projects have been launched under the Harbour Board.\n"
)


def test_numbers_in_a_title_case_headline_count(tmp_path) -> None:
    a = assistant_over(tmp_path, {"jsc-5.md": HEADLINE})
    ans = a.ask("How many projects were rolled out at the fifth JSC meeting?")
    assert ans.found and "**Eleven**" in lead(ans), ans.text


@pytest.mark.integration  # (a quarter is typed as a date by the parser's tagger)
def test_a_plan_dated_by_quarter_is_after_the_release(tmp_path) -> None:
    # ("the fourth quarter of 2026" is not before a release of March 2026: it may mean December)
    a = assistant_over(tmp_path, {"jsc-5.md": HEADLINE})
    ans = a.ask("When is the sixth Joint Steering Committee expected to meet?")
    assert ans.found and "**the fourth quarter of 2026**" in lead(ans), ans.text


def test_one_body_s_running_total_is_not_compared_with_another_s(tmp_path) -> None:
    a = assistant_over(tmp_path, {"jsc-5.md": HEADLINE, "2025-05-02_harbour-board.txt": BOARD})
    ans = a.ask("What's the cumulative total of projects so far?")
    assert ans.found and lead(ans).startswith("**64**"), ans.text
    assert "up from" not in lead(ans) and "down from" not in lead(ans), ans.text


def test_an_amount_is_printed_as_the_release_writes_it(tmp_path) -> None:
    # (pasted as "S$20 million", not Markdown-escaped "S\$20 million")
    a = assistant_over(tmp_path, {"jsc-5.md": HEADLINE})
    ans = a.ask("How much money will the partners put into the trade sandbox?")
    assert ans.found and "**S$20 million**" in lead(ans), ans.text
