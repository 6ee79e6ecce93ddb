"""A question that names the page it reads from by the page's own date or publisher ("according to
the January 2027 release", "IMDA's June 2026 statement") reads that page, whatever the date of the
meeting it reports; running totals "by the time of" a meeting; a role "named as" in a passive."""

from __future__ import annotations

from .conftest import assistant_over, lead

FIRST = (
    "Lakeside Council holds its 3rd meeting\n\n"
    "RIVERTON, 14 June 2026 – The Lakeside Council held its 3rd meeting today and signed four MOUs.\n\n"
    "The meeting was co-chaired by Port Minister Mr Tomas Varga and Riverton Mayor Ms Ines Kahale.\n\n"
    "To date, 9 MOUs have been signed under the Lakeside Council.\n"
)
# The same meeting told again months later, with its figures restated.
LATER = (
    "---\ntitle: Lakeside Council review of its 3rd meeting\ndate: 2026-06-14\npublished: 2027-01-20\n---\n\n"
    "Lakeside Council review of its 3rd meeting\n\n"
    "The Council has reviewed the outcomes of its 3rd meeting, where six MOUs were finally signed.\n\n"
    "To date, 11 MOUs have been signed under the Lakeside Council.\n"
)
SECOND = (
    "Lakeside Council holds its 2nd meeting\n\n"
    "RIVERTON, 3 March 2025 – The Lakeside Council held its 2nd meeting today and signed two MOUs.\n\n"
    "To date, 5 MOUs have been signed under the Lakeside Council.\n"
)
FILES = {
    "2026-06-14_lakeside-3rd.txt": FIRST,
    "2027-01-20_lakeside-review.md": LATER,
    "2025-03-03_lakeside-2nd.txt": SECOND,
}


def test_a_release_named_by_its_publication_date_is_read_not_the_meeting_s_date(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    ans = a.ask("According to the January 2027 release, how many MOUs were signed at the 3rd meeting?")
    assert ans.found and "**six**" in lead(ans), ans.text
    # ("the release published 20 January 2027" names it too)
    ans = a.ask("How many MOUs were signed at the 3rd meeting, according to the release published 20 January 2027?")
    assert ans.found and "**six**" in lead(ans), ans.text


def test_a_running_total_from_the_release_the_question_names(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    # Two pages state a total as of the 3rd meeting; the one the question cites leads.
    ans = a.ask("According to the January 2027 Lakeside release, how many MOUs had been signed to date?")
    assert ans.found and lead(ans).startswith("**11**"), ans.text
    ans = a.ask("According to the June 2026 release, how many MOUs had been signed to date?")
    assert ans.found and lead(ans).startswith("**9**"), ans.text


def test_by_the_time_of_a_meeting_asks_for_the_total_then(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    ans = a.ask("How many MOUs had been signed by the time of the 2nd meeting?")
    assert ans.found and lead(ans).startswith("**5**"), ans.text


def test_a_role_named_as_in_the_passive_is_the_relation(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    ans = a.ask("Which Riverton mayor is named as co-chair?")
    assert ans.found and "**Ms Ines Kahale**" in lead(ans), ans.text


def test_to_date_in_a_keyword_query_asks_for_a_total_not_a_date(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    ans = a.ask("mous signed to date as of the 2nd meeting")
    assert ans.found and "5 MOUs" in ans.text[:300] and "**3 March 2025**" not in lead(ans), ans.text
