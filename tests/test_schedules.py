"""A schedule table's row answers for the thing its first cell names (a range of days is one date,
the venue a cell of its own); another year's edition of a named event is not the one asked; the
words of a meeting's name are not what a count is about."""

from __future__ import annotations

import pytest

from .conftest import SEED_CORPUS, assistant_over, lead

BULLETIN = (
    "---\ntitle: Corridor Bulletin, April 2026\ndate: 2026-04-01\n---\n\n"
    "# Corridor Bulletin, April 2026\n\n"
    "## Save the dates\n\n"
    "| Event | Date | Venue |\n|---|---|---|\n"
    "| Sandbox briefing webinar | 14 May 2026 | Online |\n"
    "| Harbour Innovation Forum 2026 | 8–9 September 2026 | Marina Bay Exhibition Halls, Singapore |\n\n"
    "The Harbour Innovation Forum brings together port operators and shipping lines from both cities.\n"
)
COUNCIL = (
    "Third Steering Council meeting\n\n"
    "LAKESIDE, 9 December 2025 – The Riverton–Lakeside Innovation Corridor (RLIC) held its third Steering "
    "Council meeting today.\n\n"
    "Five agreements were signed in the presence of the co-chairs:\n\n"
    "- MOU on a Quantum Testbed – signed by QSafe Networks Pte Ltd and Lakeside Quantum Link Co., Ltd.\n"
    "- Framework Agreement on Talent Exchange – under it the two sides will develop the RLIC Talent Bridge.\n"
    "- MOU on Smart Hospitals – signed by Eastgate Health and Lakeside Binhu Hospital.\n"
    "- MOU on Battery Recycling – signed by Circulo Energy Pte Ltd and Anhui Xinneng Group.\n"
    "- MOU on Urban Planning – signed by Planwise Pte Ltd and Lakeside Planning Institute.\n"
)


def test_a_schedule_row_answers_when(tmp_path) -> None:
    a = assistant_over(tmp_path, {"bulletin.md": BULLETIN})
    ans = a.ask("When is the Harbour Innovation Forum 2026?")
    assert ans.found and "**8–9 September 2026**" in lead(ans), ans.text


@pytest.mark.integration  # (the venue is typed as a place by the parser's tagger)
def test_a_schedule_row_answers_where_and_another_year_s_edition_does_not(tmp_path) -> None:
    a = assistant_over(tmp_path, {"bulletin.md": BULLETIN})
    ans = a.ask("Where will the Harbour Innovation Forum 2026 take place?")
    assert ans.found and "**Marina Bay Exhibition Halls" in lead(ans), ans.text
    ans = a.ask("Where was the Harbour Innovation Forum 2025 held?")
    assert not ans.found, ans.text


def test_a_meeting_s_name_is_not_what_a_count_is_about(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-12-09_council.txt": COUNCIL})
    # ("steering" names the meeting; the agreements counted are all of them, not the one so titled)
    ans = a.ask("How many agreements were signed at the 3rd RLIC steering council?")
    assert ans.found and "**Five**" in lead(ans), ans.text


def test_the_dates_of_an_event_are_asked_as_when(tmp_path) -> None:
    a = assistant_over(tmp_path, {"bulletin.md": BULLETIN})
    ans = a.ask("What are the dates of the Harbour Innovation Forum 2026?")
    assert ans.found and "**8–9 September 2026**" in lead(ans), ans.text


FAQ = (
    "# Corridor programme: Frequently Asked Questions\n\n"
    "## What is the Harbour Innovation Call?\n\n"
    "The Harbour Innovation Call is an annual call for proposals that funds joint projects.\n\n"
    "## Who can apply?\n\n"
    "Companies registered in either city may apply as a consortium.\n\n"
    "## How large are the grants?\n\n"
    "Each approved project can receive up to S$500,000 in funding for its Singapore partners.\n"
)


@pytest.mark.integration  # (with the real model, as the names of a question are matched)
def test_a_page_s_questions_go_on_about_the_thing_an_earlier_question_names(tmp_path, real_embedder) -> None:
    # (beside the seed releases: a name is a name by how rare its words are in the corpus)
    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEED_CORPUS.glob("*.txt"))}
    a = assistant_over(tmp_path, {"faq.md": FAQ, **seeds}, embedder=real_embedder)
    ans = a.ask("What is the maximum grant for Singapore partners under the Harbour Innovation Call?")
    assert ans.found and "**S$500,000**" in lead(ans), ans.text


def test_a_range_of_days_in_words_is_one_date(tmp_path) -> None:
    mission = (
        "Lakeport trade mission signs seven pacts\n\n"
        "LAKEPORT, 10 June 2026 – Seven agreements were signed today on the second day of the Harbourside "
        "Business Mission to Lakeport.\n\n"
        "The three-day mission, from 9 to 11 June 2026, was organised by the Harbourside Trade Board.\n"
    )
    a = assistant_over(tmp_path, {"2026-06-10_mission.txt": mission})
    ans = a.ask("What were the dates of the Harbourside Business Mission to Lakeport?")
    assert ans.found and "**9 to 11 June 2026**" in lead(ans), ans.text


def test_a_planned_month_in_a_schedule_row_is_no_dateline(tmp_path) -> None:
    from sci_assistant.answer import spans as sp

    bulletin = BULLETIN.replace(
        "| Sandbox briefing webinar | 14 May 2026 | Online |\n",
        "| Sandbox briefing webinar | 14 May 2026 | Online |\n| 8th JIC Meeting | September 2026 (TBC) | Lakeside |\n",
    )
    a = assistant_over(tmp_path, {"bulletin.md": bulletin})
    ans = a.ask("In which month is the 8th JIC meeting expected to take place?")
    assert ans.found and "**September 2026**" in lead(ans), ans.text
    text = "PORT LOUIS, 9 May 2026 – The pilot will run until June."
    date = sp.Span("d", text.index("9 May"), text.index("9 May") + 10, "date")
    assert sp.in_dateline(text, 0, date)
