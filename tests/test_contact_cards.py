"""A contact card printed as short lines stays a card (its name a line of its own), and a line ending in
a colon answers through the line it leads into ("For media enquiries, please contact:" → the name)."""

from __future__ import annotations

from sci_assistant.markup import normalise

from .conftest import assistant_over, lead

RELEASE = (
    "Riverton and Lakeside hold 6th Joint Committee meeting\n\n"
    "RIVERTON, 20 March 2025 – Riverton and Lakeside held the 6th Joint Committee meeting today.\n\n"
    "Eight agreements were signed at the meeting.\n\n"
    "For media enquiries, please contact:\n\n"
    "Ms Tan Hui Min\n"
    "Manager, Corporate Communications\n"
    "Riverton Partnerships Office (RPO)\n"
    "Email: tan_hui_min@rpo.example.org\n"
)


def test_a_card_of_short_lines_is_not_one_wrapped_paragraph() -> None:
    text = normalise(RELEASE).text
    assert "Ms Tan Hui Min\n" in text, text
    # (a title wrapped inside a table cell still reads as one)
    wrapped = "Memorandum of Understanding between\nMomentum Works Pte Ltd and Shenzhen\nQianhai Talent Centre\n"
    assert "between Momentum Works Pte Ltd and Shenzhen Qianhai Talent Centre" in normalise(wrapped).text


def test_a_lead_in_line_answers_through_the_line_it_introduces(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-03-20_sixth-jc.txt": RELEASE})
    ans = a.ask("Who is the media contact named in the 6th Joint Committee release?")
    assert ans.found and "**Ms Tan Hui Min**" in lead(ans), ans.text
