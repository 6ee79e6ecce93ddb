"""Whose side a person is on, from the title before their name or the one set after it."""

from __future__ import annotations

import pytest

from .conftest import assistant_over

MISSION = (
    "Trade mission to Shenzhen\n\n"
    "SINGAPORE, 10 June 2026 – Thirty companies joined the trade mission to Shenzhen this week.\n\n"
    "The mission was led by Senior Parliamentary Secretary Ms Rina Das, who witnessed the signing with "
    "Mr Zhou Ming, Deputy Director of the Shenzhen Municipal Commerce Bureau.\n"
)


def test_the_title_after_a_name_gives_its_side_and_the_other_is_the_side_asked(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-06-10_mission.txt": MISSION})
    ans = a.ask("Who led the Singapore delegation on the trade mission?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Rina Das" in lead and "Zhou" not in lead, ans.text


@pytest.mark.integration
def test_who_witnessed_the_signing_did_not_sign(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-06-10_mission.txt": MISSION})
    ans = a.ask("Who signed the agreements for the Shenzhen side?")
    assert "Zhou Ming" not in ans.text.split("\n", 1)[0], ans.text


DOORSTOP = (
    "Doorstop on the Harbour Skills Pass\n\nPORT LOUIS, 14 October 2026 – The minister took questions "
    "on the Harbour Skills Pass today.\n\nAbout 3,400 crane operators have registered since July.\n"
)
NEWSLETTER = (
    "---\ndate: 2026-09-14\n---\n\n# Harbour Connect, Issue 7\n\n## People\n\n"
    "Ms Nadia Boolell has been appointed chief executive of the Lagoon Maritime Board from 1 October 2026.\n"
)


def test_a_month_the_question_names_may_date_what_a_page_of_another_month_says(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-10-14_doorstop.txt": DOORSTOP, "2026-09-14_newsletter.md": NEWSLETTER})
    ans = a.ask("Who became chief executive of the Lagoon Maritime Board in October 2026?")
    assert ans.found and "Nadia Boolell" in ans.text.split("\n", 1)[0], ans.text
    assert "Doorstop" not in ans.text, ans.text  # (the first try's citations are not shown)
