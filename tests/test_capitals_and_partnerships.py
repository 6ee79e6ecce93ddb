"""A line set in capitals (a speech's title, a headline) is read for names and dates like any other,
and a speech's title ending in its date and venue says where it was given; two places joined by a
dash name a partnership, not a side ("the Riverton–Lakeside Council" asks for both co-chairs)."""

from __future__ import annotations

import pytest

from .conftest import assistant_over, lead

SPEECH = (
    "SPEECH BY MR HAROLD WEE KIAN SENG, MINISTER FOR DIGITAL AFFAIRS, AT THE RIVERTON INDUSTRY FORUM 2025, "
    "10 SEPTEMBER 2025, QUAYSIDE CONVENTION HALL, RIVERTON\n\n"
    "Distinguished guests,\n\n"
    "Ladies and gentlemen,\n\n"
    "Welcome to this year's Riverton Industry Forum.\n\n"
    "1. Six years ago the two cities agreed to build their digital economies together.\n\n"
    "2. More than 160 companies have since taken part in joint projects.\n"
)
COUNCIL = (
    "---\ntitle: Singapore–Lakeside Digital Council holds 2nd meeting\npublished: 2025-06-02\n---\n\n"
    "# Singapore–Lakeside Digital Council holds 2nd meeting\n\n"
    "The Singapore–Lakeside Digital Council held its 2nd meeting on 30 May 2025 in Lakeside. The meeting was "
    "co-chaired by Ms Grace Ong Li Ping, Minister of State for Trade, and Mr Xu Jianguo, Vice Mayor of the "
    "Lakeside Municipal Government.\n\n"
    "Four agreements were signed at the meeting.\n\n"
    "The 3rd Council meeting is planned for October 2026 in Singapore.\n"
)


@pytest.mark.integration  # (names are typed by the parser's tagger)
def test_a_speaker_named_in_a_title_in_capitals_is_a_person(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-09-10_forum-speech.txt": SPEECH})
    ans = a.ask("Who gave the speech at the Riverton Industry Forum 2025?")
    assert ans.found and "**HAROLD WEE KIAN SENG**" in lead(ans), ans.text


def test_a_date_in_capitals_dates_the_speech(tmp_path) -> None:
    from sci_assistant.dates import find_date

    assert find_date(SPEECH) == "2025-09-10"
    assert find_date("There were 10 may 2025 entries.") is None  # (a month never in lower case)


@pytest.mark.integration  # (the speaker is typed by the parser's tagger)
def test_a_speech_title_says_who_addressed_the_forum_and_where(tmp_path) -> None:
    a = assistant_over(tmp_path, {"forum-speech.txt": SPEECH})
    ans = a.ask("Which minister addressed the Riverton Industry Forum?")
    assert ans.found and "**HAROLD WEE KIAN SENG**" in lead(ans), ans.text
    ans = a.ask("Where was the speech at the Riverton Industry Forum given?")
    assert ans.found and "**QUAYSIDE CONVENTION HALL, RIVERTON**" in lead(ans), ans.text


def test_places_joined_by_a_dash_name_a_partnership_not_a_side(tmp_path) -> None:
    from sci_assistant.answer.intents import analyse

    assert analyse("Who co-chaired the 2nd meeting of the Singapore–Ningbo Digital Council?").side is None
    assert analyse("Who co-chaired the 2nd meeting for Singapore?").side == "singapore"
    a = assistant_over(tmp_path, {"council.md": COUNCIL})
    ans = a.ask("Who co-chaired the 2nd meeting of the Singapore–Lakeside Digital Council?")
    assert ans.found and "Grace Ong" in lead(ans) and "Xu Jianguo" in lead(ans), ans.text
    # (nor is a place inside the partnership's name one the question already gives)
    ans = a.ask("Where will the 3rd meeting of the Singapore–Lakeside Digital Council be held?")
    assert ans.found and "**Singapore**" in lead(ans), ans.text
