"""A meeting no release reports is not the one a release of that month reports; who signed for a
side, read off the title and the company's legal form after each name; a sentence about the same
thing in another place than the question's is not evidence."""

from __future__ import annotations

import pytest

from .conftest import assistant_over, lead

COUNCIL = (
    "Third Steering Council meeting of the Riverton–Lakeside Innovation Corridor\n\n"
    "LAKESIDE, 9 December 2025 – The Riverton–Lakeside Innovation Corridor held its third Steering Council "
    "meeting today. Five agreements were signed in the presence of the co-chairs:\n\n"
    "- MOU on a Quantum-Safe Communications Testbed – signed by Dr Amos Lind, Chief Executive Officer, "
    "QSafe Networks Pte Ltd, and Mr Chen Yufan, President, Lakeside Quantum Link Technology Co., Ltd.\n"
    "- MOU on Smart Hospital Operations – signed by Professor Kenneth Gale, Group Chief Executive, Eastgate "
    "Health Cluster, and Dr Fang Mei, President, Lakeside Binhu Hospital.\n\n"
    "The two sides will set up a Corridor Innovation Centre in Lakeside. The Centre is expected to open in "
    "2026.\n"
)
BULLETIN = (
    "---\ntitle: Corridor Bulletin\ndate: 2026-04-01\n---\n\n"
    "# Corridor Bulletin\n\n"
    "The corridor now has offices in Riverton and in Lakeside.\n"
)
FILES = {"2025-12-09_council.txt": COUNCIL, "2026-04-01_bulletin.md": BULLETIN}


def test_a_meeting_no_release_reports_is_not_that_month_s_meeting(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    # The 3rd meeting's release is of December 2025; the 2nd meeting is reported nowhere.
    ans = a.ask("How many agreements were signed at the second Steering Council in December 2025?")
    assert not ans.found, ans.text
    ans = a.ask("How many agreements were signed at the third Steering Council in December 2025?")
    assert ans.found and "**Five**" in lead(ans), ans.text


def test_a_day_after_meeting_is_a_date_not_its_number(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    ans = a.ask("steering council meeting 9 dec 2025 which one")
    assert ans.found, ans.text


def test_who_signed_for_a_side_by_title_and_legal_form(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    ans = a.ask("Who signed the quantum-safe testbed MOU for Singapore?")
    assert ans.found and "**Dr Amos Lind**" in lead(ans) and "Chen" not in lead(ans), ans.text
    ans = a.ask("Who signed the quantum-safe testbed MOU for the Chinese side?")
    assert ans.found and "**Mr Chen Yufan**" in lead(ans) and "Lind" not in lead(ans), ans.text


def test_the_same_thing_in_another_place_is_not_evidence(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    # ("The Centre is expected to open in 2026" points back to the centre in Lakeside)
    ans = a.ask("When will the Corridor Innovation Centre in Riverton open?")
    assert not ans.found, ans.text
    ans = a.ask("When will the Corridor Innovation Centre in Lakeside open?")
    assert ans.found and "2026" in lead(ans), ans.text


FIFTH = (
    "Fifth meeting of the Riverton–Lakeside JIC\n\n"
    "RIVERTON, 17 June 2024 – The 5th JIC meeting was co-chaired by Singapore Minister Ms Clara Yeung and "
    "Vice-Mayor of Shenzhen Mr Zhou Hanli.\n\n"
    "To date, 36 MOUs have been signed.\n"
)
SIXTH = (
    "Sixth meeting of the Riverton–Lakeside JIC\n\n"
    "RIVERTON, 8 November 2024 – The 6th JIC meeting was held today. The meeting was co-chaired by Ms Clara "
    "Yeung and Mr Zhou Hanli.\n\n"
    "Both sides witnessed the signing of two MOUs:\n\n"
    "- Tidewater Logistics and Lakeside Port Services will digitise bills of lading between the two ports.\n"
    "- Harbourline Data and Lakeside Smart Park will set up a data sandbox.\n"
)
LATER = (
    "---\ntitle: A review of the 5th JIC meeting\ndate: 2024-06-17\npublished: 2025-01-20\n---\n\n"
    "To date, 55 projects have been initiated and 39 MOUs have been signed under the JIC.\n"
)
JIC = {"2024-06-17_fifth.txt": FIFTH, "2024-11-08_sixth.txt": SIXTH, "2025-01-20_review.md": LATER}


def test_a_person_named_bare_has_the_side_another_release_gives(tmp_path) -> None:
    a = assistant_over(tmp_path, JIC)
    ans = a.ask("Who co-chaired the 6th JIC for Shenzhen?")
    assert ans.found and "**Mr Zhou Hanli**" in lead(ans) and "Yeung" not in lead(ans), ans.text


def test_a_partner_is_who_teamed_up_though_the_work_is_a_plan(tmp_path) -> None:
    # ("teamed up" is past, "will digitise" a plan: being its parties is teaming up)
    a = assistant_over(tmp_path, JIC)
    ans = a.ask("Which firm teamed up with Lakeside Port Services to digitise bills of lading?")
    assert ans.found and "**Tidewater Logistics**" in lead(ans), ans.text


def test_a_running_total_from_the_dated_release_the_question_names(tmp_path) -> None:
    a = assistant_over(tmp_path, JIC)
    ans = a.ask("What were the MOU totals to date in the January 2025 fifth-JIC release?")
    assert ans.found and "39 MOUs" in ans.text[:300] and "36" not in ans.text[:300], ans.text


SIGNED_BY = (
    "Riverton and Lakeside sign eight MOUs at 6th Joint Committee meeting\n\n"
    "RIVERTON, 25 November 2025 – Riverton and Lakeside signed eight MOUs at the 6th Joint Committee meeting today.\n\n"
    "- MOU on Cross-Border Autonomous Vehicle Testing – signed by Ms Jasmine Goh, Chief Executive Officer, "
    "Tessellate Mobility Pte Ltd, and Mr Wu Tao, Chairman, Lakeside Pengcheng Autonomous Driving Co., Ltd.\n"
)


def test_who_signed_for_a_body_is_the_signatory_whose_title_names_it(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-11-25_sixth-jc.txt": SIGNED_BY})
    ans = a.ask("Who signed for Lakeside Pengcheng Autonomous Driving?")
    assert ans.found and "**Mr Wu Tao**" in lead(ans) and "Jasmine Goh**" not in lead(ans), ans.text
    ans = a.ask("Who signed on behalf of Tessellate Mobility?")
    assert ans.found and "**Ms Jasmine Goh**" in lead(ans) and "Wu Tao**" not in lead(ans), ans.text


def test_a_side_from_the_office_a_title_names(tmp_path) -> None:
    doc = (
        "Third Steering Council meeting\n\n"
        "LAKESIDE, 9 December 2025 – The Riverton–Lakeside Innovation Corridor held its third Steering Council "
        "meeting today. The meeting was co-chaired by Mr Bernard Ong Kah Seng, Senior Minister of State for "
        "National Development, and Ms Wang Lijuan, Vice Governor of Anhui Province.\n"
    )
    a = assistant_over(tmp_path, {"2025-12-09_council.txt": doc})
    ans = a.ask("Who co-chaired the 3rd Steering Council on the Singapore side?")
    assert ans.found and "**Mr Bernard Ong Kah Seng**" in lead(ans) and "Wang Lijuan**" not in lead(ans), ans.text
    ans = a.ask("Who co-chaired the 3rd Steering Council for China?")
    assert ans.found and "**Ms Wang Lijuan**" in lead(ans) and "Bernard" not in lead(ans), ans.text


def test_the_role_holder_of_a_named_body_is_not_another_body_s(tmp_path) -> None:
    doc = (
        "Drone deal signed at 5th Joint Committee meeting\n\n"
        "RIVERTON, 18 October 2024 – The MOU was signed at the 5th Joint Committee meeting today. Our CEO and "
        "co-founder, Mr Marcus Teo, signed on behalf of Aerolyte, and Ms Xu Lan, Chairman of Haiyun, signed on "
        "behalf of her company.\n"
    )
    a = assistant_over(tmp_path, {"2024-10-18_drone.txt": doc})
    ans = a.ask("Who is the CEO of Haiyun?")
    assert "Marcus Teo**" not in lead(ans) and "Xu Lan**" not in lead(ans), ans.text
    ans = a.ask("Who is the chairman of Haiyun?")
    assert ans.found and "**Ms Xu Lan**" in lead(ans) and "Marcus" not in lead(ans), ans.text


TITLED = (
    "Singapore and Shenzhen meet online\n\n"
    "SINGAPORE, 7 December 2021 – The 2nd Joint Council meeting was held by video link today.\n\n"
    "The meeting of the Joint Council was co-chaired by Second Permanent Secretary for National Development "
    "Miriam Oon and Shenzhen Vice Mayor Gao Renbo, who joined from their offices in the two cities.\n\n"
    "Both sides agreed to share their national development plans and to support development of urban services.\n"
)


@pytest.mark.integration  # (the tagger reads the title and department as a body and misses the name)
def test_a_name_after_a_title_and_its_department_is_a_person(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2021-12-07_joint-council.txt": TITLED})
    ans = a.ask("Who co-chaired the 2nd Joint Council meeting for Singapore?")
    assert ans.found and "**Miriam Oon**" in lead(ans), ans.text
