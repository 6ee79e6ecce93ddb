"""Questions about two meetings: one row per meeting, however many documents cover it."""

from __future__ import annotations

import re

import pytest

from sci_assistant import Assistant

from .conftest import assistant_over as _assistant

SECOND = (
    "Harbour Council launches six projects at its second meeting\n\n"
    "PORT LOUIS, 3 March 2025 – The 2nd Harbour Council meeting was held today in Port Louis.\n\n"
    "The council launched 6 new joint projects at the meeting.\n"
)
THIRD = (
    "Harbour Council launches nine projects at its third meeting\n\n"
    "MAHEBOURG, 5 March 2026 – The 3rd Harbour Council meeting was held today in Mahebourg.\n\n"
    "The council started 9 new joint projects.\n\n"
    "The number of new joint projects at the meeting brings the total to 40 projects since 2019.\n"
)
NEWS = (
    "Island ports agree on berth sharing\n\n"
    "5 March 2026\n\n"
    "Ministers met in the south of the island on Thursday for the third round of council talks. "
    "A fishing cooperative in Rose Belle will join the berth-sharing scheme.\n"
)


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> Assistant:
    files = {"2025-03-03_council-2nd.txt": SECOND, "2026-03-05_council-3rd.txt": THIRD}
    return _assistant(tmp_path_factory.mktemp("rows"), {**files, "2026-03-05_island-news.txt": NEWS})


def test_were_two_meetings_held_in_the_same_city_names_each_meeting_s_place(council) -> None:
    ans = council.ask("Were the 2nd and 3rd Harbour Council meetings held in the same city?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**Port Louis**" in lead and "**Mahebourg**" in lead, ans.text
    assert "Rose Belle" not in lead, ans.text  # the news report of the 3rd meeting is not a third side


def test_a_meeting_s_count_is_not_the_running_total(council) -> None:
    ans = council.ask("How does the number of new joint projects at the 3rd meeting compare with the 2nd?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**9**" in lead and "**6**" in lead and "40" not in lead, ans.text


ANNEX = (
    "Harbour Council signs two MOUs\n\n"
    "MAHEBOURG, 6 March 2026 – Two MOUs were signed at the 4th Harbour Council meeting today.\n\n"
    "## Annex A: List of MOUs signed at the 4th Harbour Council meeting\n\n"
    "| Title of MOU | Description of MOU |\n"
    "|---|---|\n"
    "| Memorandum of Understanding between Pandan Robotics Pte Ltd and Yuehai Machines Co., Ltd. "
    "| The parties will build port robots. |\n"
    "| Memorandum of Understanding between Kopi Data Pte Ltd and Nanshan Cloud Co., Ltd. "
    "| The parties will share berth data. |\n"
)


def test_one_side_s_companies_are_listed_by_their_own_names(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-03-06_council-4th.md": ANNEX})
    ans = a.ask("List the Singapore companies that signed MOUs at the 4th Harbour Council meeting.")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Pandan Robotics Pte Ltd [" in lead and "Kopi Data Pte Ltd [" in lead, ans.text
    assert "Yuehai" not in lead and "Nanshan" not in lead, ans.text
    # The side picks each item's party; it does not pick items by the word "Chinese".
    ans = a.ask("List the Chinese companies that signed MOUs at the 4th Harbour Council meeting.")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Yuehai Machines Co., Ltd. [" in lead and "Nanshan Cloud Co., Ltd. [" in lead, ans.text


PROJECTS = (
    "Harbour Council launches three projects\n\n"
    "MAHEBOURG, 7 March 2026 – Three projects were launched at the 5th Harbour Council meeting today.\n\n"
    "## Annex B: List of projects launched at the 5th Harbour Council meeting\n\n"
    "1. Pandan Robotics Pte Ltd – Nanshan Harbour University to build port robots.\n"
    "2. Singapore Maritime University – Yuehai Machines Co., Ltd. to share berth data.\n"
    "3. Kopi Data Pte Ltd – Shenzhen Tide University to forecast tides.\n"
)


def test_a_side_s_kind_of_partner_picks_the_items_whose_party_on_that_side_is_one(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-03-07_council-5th.md": PROJECTS})
    ans = a.ask("Which of the 5th meeting's projects have a Chinese university as the Shenzhen-side partner?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**2 of the 3 projects**" in lead, ans.text
    # Each item is named in full (the filter is on its partner), and the Singapore university's
    # project is not one: its Chinese partner is a company.
    assert "Pandan Robotics" in lead and "Kopi Data" in lead and "Singapore Maritime" not in lead, ans.text
    # Counted the same way.
    ans = a.ask("How many of the 5th meeting's projects have a Chinese university as a party?")
    assert ans.found and "**2 of the 3 projects**" in ans.text.split("\n", 1)[0], ans.text


ZONE = (
    "Harbour Council opens a smart port zone\n\n"
    "MAHEBOURG, 8 March 2026 – The Harbour Council met today about the smart port zone.\n\n"
    "The smart port zone projects are a joint initiative of the council.\n\n"
    "The smart port zone projects focus on shipping data, green fuels and aquaculture.\n\n"
    "The council will review the smart port zone next year.\n"
)


def test_of_sentences_about_as_close_the_one_stating_the_question_s_rarest_word_comes_first(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-03-08_council.txt": ZONE})
    ans = a.ask("Is aquaculture among the smart port zone projects?")
    assert ans.found and "aquaculture" in ans.text.split("\n\n")[0], ans.text


def test_a_generic_word_closing_a_list_question_as_its_object_picks_the_items_about_it(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-03-07_council-5th.md": PROJECTS})
    # "share" is a word partners do things with ("they will share"); closing the question after
    # "involve" it is what the items are about: one item, not all three.
    ans = a.ask("Which projects at the 5th meeting involve sharing?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**1 of the 3 projects**" in lead and "Singapore Maritime University" in lead, ans.text


COCHAIRS = (
    "Harbour Council meets in Mahebourg\n\n"
    "MAHEBOURG, 9 March 2026 – The 6th Harbour Council meeting was held today.\n\n"
    "The council is co-chaired by Permanent Secretary for Ports Mr Alan Chua, and Mayor of Mahebourg "
    "Municipal Council Mr Ravi Doorgakant.\n\n"
    "## Annex A: List of MOUs signed at the 6th Harbour Council meeting\n\n"
    "| Title of MOU | Description of MOU |\n"
    "|---|---|\n"
    "| Memorandum of Understanding between Pandan Pte Ltd and Yuehai Machines Co., Ltd. "
    "| The parties will build port robots. |\n"
    "| Memorandum of Understanding between Coral Reef University (CRU) and Nanshan Ocean University "
    "| The parties will map the reefs. |\n"
)


@pytest.fixture(scope="module")
def cochairs(tmp_path_factory) -> Assistant:
    return _assistant(tmp_path_factory.mktemp("cochairs"), {"2026-03-09_council-6th.md": COCHAIRS})


def test_the_role_asked_picks_its_holder_not_the_person_before_the_next_conjunct(cochairs) -> None:
    # ", and Mayor of … Mr Ravi Doorgakant" after Mr Alan Chua is the next person's role, not his.
    ans = cochairs.ask("Who is the Mayor of Mahebourg?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**Mr Ravi Doorgakant**" in lead and "Alan Chua" not in lead, ans.text


def test_the_party_a_question_names_is_not_its_own_partner(cochairs) -> None:
    # Named without its legal form ("Pandan" for "Pandan Pte Ltd") or by the short form the
    # release defines ("CRU"), the party asked about is not the answer.
    ans = cochairs.ask("Which company partnered with Pandan?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**Yuehai Machines Co., Ltd.**" in lead and "Pandan" not in lead, ans.text
    ans = cochairs.ask("Which university did CRU sign with?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**Nanshan Ocean University**" in lead and "Coral" not in lead, ans.text


SEVENTH = (
    "Harbour Council signs port pacts\n\n"
    "MAHEBOURG, 12 March 2026 – Ministers met today in Mahebourg for the 7th Harbour Council meeting.\n\n"
    "The council signed four port pacts and set up a port working group.\n\n"
    "The port working group will hold its first meeting in May 2026.\n\n"
    "The 8th Harbour Council meeting will be held in Port Louis in 2027.\n"
)
SEVENTH_NEWS = (
    "Port pacts signed at island council\n\n"
    "By Ana Lee · 14 March 2026\n\n"
    "Ministers signed four port pacts at the 7th Harbour Council meeting in Mahebourg on Thursday "
    "(March 12).\n"
)


@pytest.fixture(scope="module")
def seventh(tmp_path_factory) -> Assistant:
    files = {"2026-03-12_council-7th.txt": SEVENTH, "2026-03-14_island-news.txt": SEVENTH_NEWS}
    return _assistant(tmp_path_factory.mktemp("seventh"), files)


def test_a_sentence_about_another_meeting_does_not_date_the_one_asked_about(seventh) -> None:
    ans = seventh.ask("When was the 7th Harbour Council meeting held?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "12 March 2026" in lead and "2027" not in lead, ans.text


def test_when_a_document_was_published_is_its_own_date_not_one_it_mentions(seventh) -> None:
    ans = seventh.ask("When was the release about the 7th Harbour Council meeting issued?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**12 March 2026**" in lead, ans.text
    # A news story printed two days after the meeting: its byline (page furniture, not kept in the
    # text) dates its publication, said as the document's record of it, not as a quoted span.
    ans = seventh.ask("When was the island news story about the port pacts published?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and lead.startswith("Published on 2026-03-14") and "**" not in lead, ans.text


def test_the_second_one_after_a_list_is_the_list_s_second_item_not_a_second_meeting(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-03-06_council-4th.md": ANNEX})
    first = a.ask("Which MOUs were signed at the 4th Harbour Council meeting?")
    assert first.found and first.text.index("Pandan") < first.text.index("Kopi"), first.text
    history = [
        {"role": "user", "content": "Which MOUs were signed at the 4th Harbour Council meeting?"},
        {"role": "assistant", "content": first.text},
    ]
    ans = a.ask("What will the parties of the second one do?", history=history)
    assert ans.found and "share berth data" in ans.text.split("**Sources**")[0], ans.text
    assert "build port robots" not in ans.text.split("**Sources**")[0], ans.text


TOTALS = (
    "Harbour Council signs eleven MOUs\n\n"
    "MAHEBOURG, 20 March 2026 – The 8th Harbour Council meeting was held today.\n\n"
    "The twelve new joint projects bring the total to 83 projects since 2019, while the eleven MOUs "
    "signed today raise the number of MOUs signed at Harbour Council meetings to 58.\n"
)
FORUM = (
    "Port forum sees five MOUs\n\n"
    "PORT LOUIS, 2 April 2026 – The 2nd Harbour Forum was held today.\n\n"
    "Five MOUs were signed at the forum.\n"
)


def test_a_running_total_is_the_one_of_the_noun_asked_and_a_meeting_s_own_count_is_not_one(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-03-20_council-8th.txt": TOTALS, "2026-04-02_forum-2nd.txt": FORUM})
    ans = a.ask("How many MOUs have been signed so far?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**58** MOUs" in lead and "83" not in lead, ans.text
    assert "Five" not in lead, ans.text  # the forum's own five MOUs are not a total so far


FORUM_BODY = (
    "Port forum opens in Mahebourg\n\n"
    "MAHEBOURG, 3 April 2026 – The 2nd Harbour Industry Forum was held today at the Mahebourg Exhibition Hall.\n\n"
    "The forum was organised by the Port Business Committee (PBC) of the Harbour Council (HC).\n\n"
    "Some 120 companies attended the forum.\n"
)


@pytest.mark.integration  # the organisations are typed by spaCy (the quick run types names by rule only)
def test_who_did_something_is_the_body_the_sentence_says_did_it(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-04-03_forum.txt": FORUM_BODY})
    ans = a.ask("Who organised the 2nd Harbour Industry Forum?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Port Business Committee**" in lead, ans.text
    assert "**PBC**" not in lead and "Harbour Council**" not in lead, ans.text  # its short form; a body it is of


def _annex(year: int, day: str, ordinal: str, pairs: list[tuple[str, str]]) -> str:
    rows = "".join(
        f"| Memorandum of Understanding between {a} Pte Ltd and {b} Co., Ltd. | The parties will work together. |\n"
        for a, b in pairs
    )
    return (
        "Harbour Council signs MOUs\n\n"
        f"MAHEBOURG, {day} {year} – The {ordinal} Harbour Council meeting was held today.\n\n"
        "Four new berths were opened in the zone.\n\n"
        f"## Annex A: List of MOUs signed at the {ordinal} Harbour Council meeting\n\n"
        "| Title of MOU | Description of MOU |\n|---|---|\n" + rows
    )


def test_more_in_one_year_or_another_compares_the_two_releases_counts(tmp_path) -> None:
    a = _assistant(
        tmp_path,
        {
            "2025-03-01_council.md": _annex(2025, "1 March", "9th", [("Pandan", "Yuehai"), ("Kopi", "Nanshan")]),
            "2026-03-01_council.md": _annex(
                2026, "1 March", "10th", [("Pandan", "Yuehai"), ("Kopi", "Nanshan"), ("Merlion", "Futian")]
            ),
        },
    )
    # Two years offered are two releases to compare, not two options neither of which is stated.
    ans = a.ask("Were more MOUs signed in 2025 or 2026?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "More MOUs in 2026" in lead and ("2 vs 3" in lead or "3 vs 2" in lead), ans.text


def test_each_meeting_is_answered_once_per_meeting(council) -> None:
    ans = council.ask("When was each Harbour Council meeting held?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**3 March 2025**" in lead and "**5 March 2026**" in lead, ans.text
    ans = council.ask("How many new joint projects were launched at each meeting?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**6**" in lead and "**9**" in lead, ans.text


def test_he_is_the_one_person_the_last_answer_named_and_a_question_when_it_named_two(cochairs) -> None:
    first = cochairs.ask("Who is the Mayor of Mahebourg?")
    history = [
        {"role": "user", "content": "Who is the Mayor of Mahebourg?"},
        {"role": "assistant", "content": first.text},
    ]
    ans = cochairs.ask("What is his role on the council?", history=history)
    assert "Ravi Doorgakant" in ans.query, ans.query
    two = "**Mr Alan Chua** and **Mr Ravi Doorgakant** (6th Harbour Council meeting) [1]"
    history = [{"role": "user", "content": "Who co-chaired the council?"}, {"role": "assistant", "content": two}]
    ans = cochairs.ask("What did he say?", history=history)
    assert not ans.found and "Alan Chua" in ans.text and "Ravi Doorgakant" in ans.text, ans.text


@pytest.mark.integration  # places are typed by spaCy (the quick run types names by rule only)
def test_of_two_places_the_one_the_question_s_words_lead_to(tmp_path) -> None:
    text = (
        "Pandan grows in the region\n\nMAHEBOURG, 4 April 2026 – The 3rd Harbour Forum was held today.\n\n"
        "Pandan will increase its presence in Southeast Asia by establishing hub operations in Mauritius.\n"
    )
    a = _assistant(tmp_path, {"2026-04-04_forum.txt": text})
    ans = a.ask("Where is Pandan setting up hub operations?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**Mauritius**" in lead, ans.text


FORUM_DEALS = (
    "# Harbour Industry Forum draws 300 people\n\n"
    "**MAHEBOURG, 5 April 2026** – The 3rd Harbour Industry Forum was held today.\n\n"
    "## Agreements signed at the forum\n\n"
    "Two business agreements were exchanged on stage:\n\n"
    "- **Pandan Robotics Pte Ltd** and **Yuehai Machines Co., Ltd.** will deploy cleaning robots.\n"
    "- **Kopi Data Pte Ltd** and **Nanshan Industry Cloud Co., Ltd.** will share berth data.\n"
)
DIALOGUE_DEALS = (
    "# Port talent dialogue\n\n"
    "**PORT LOUIS, 9 May 2026** – The 2nd Port Talent Dialogue was held today.\n\n"
    "Three agreements were signed at the Dialogue:\n\n"
    "- **Merlion Skills Pte Ltd** and **Futian Academy Co., Ltd.** will train crane operators.\n"
    "- **Lion Ports Pte Ltd** and **Bao'an Docks Co., Ltd.** will swap interns.\n"
    "- **Raffles Tech Pte Ltd** and **Longhua Works Co., Ltd.** will run a coding camp.\n"
)


def test_items_listed_under_a_heading_are_found_by_the_heading_s_words(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-04-05_forum.md": FORUM_DEALS, "2026-05-09_dialogue.md": DIALOGUE_DEALS})
    ans = a.ask("Which agreements were signed at the forum?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Pandan Robotics" in lead and "Kopi Data" in lead and "Merlion" not in lead, ans.text
    # The forum's own name says which meeting: "Industry" picks none of its items out.
    ans = a.ask("Which agreements were signed at the 3rd industry forum?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Pandan Robotics" in lead and "Kopi Data" in lead, ans.text


def test_a_long_list_names_each_item_by_its_first_party_up_front_and_in_full_below(tmp_path) -> None:
    pairs = [("Pandan", "Yuehai"), ("Kopi", "Nanshan"), ("Merlion", "Futian"), ("Raffles", "Longhua")]
    pairs += [("Lion", "Baoan"), ("Orchid", "Luohu")]
    a = _assistant(tmp_path, {"2026-03-01_council.md": _annex(2026, "1 March", "10th", pairs)})
    ans = a.ask("Which MOUs were signed at the 10th Harbour Council meeting?")
    lead, rest = ans.text.split("\n", 1)
    assert ans.found and "**6 MOUs**" in lead and "Pandan [" in lead and "Orchid [" in lead, ans.text
    assert "Yuehai" not in lead and "Yuehai Co., Ltd." in rest and "Luohu Co., Ltd." in rest, ans.text
    # Asked for the parties, the first line gives both of each item's.
    ans = a.ask("Who are the parties to the MOUs signed at the 10th Harbour Council meeting?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Pandan and Yuehai [" in lead and "Orchid and Luohu [" in lead, ans.text


def test_a_meeting_held_yesterday_is_dated_the_day_before_the_release(tmp_path) -> None:
    text = (
        "Harbour Council signs three MOUs\n\n"
        "MAHEBOURG, 18 June 2026 – Three MOUs were signed at the 11th Harbour Council meeting, held in "
        "Mahebourg yesterday.\n"
    )
    a = _assistant(tmp_path, {"2026-06-18_council-11th.txt": text})
    ans = a.ask("When was the 11th Harbour Council meeting held?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and lead.startswith("17 June 2026") and "**18 June 2026**" in lead, ans.text


def test_who_spoke_at_a_meeting_is_the_person_its_release_quotes(tmp_path) -> None:
    text = (
        "Harbour Council meets in Mahebourg\n\n"
        "MAHEBOURG, 9 March 2026 – The 12th Harbour Council meeting was held today.\n\n"
        "The council is co-chaired by Mr Alan Chua and Mr Ravi Doorgakant.\n\n"
        "The meeting reviewed berth sharing, customs data and crane safety.\n\n"
        "Ms Tan Mei Ling said, “Ports that share berths keep cargo moving when storms close the others.”\n"
    )
    a = _assistant(tmp_path, {"2026-03-09_council-12th.txt": text})
    ans = a.ask("Who spoke at the 12th Harbour Council meeting?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Tan Mei Ling" in lead and "Alan Chua" not in lead, ans.text


def test_a_count_asked_with_a_verb_is_the_count_the_release_gives_with_that_verb(tmp_path) -> None:
    text = (
        "Harbour Council launches projects\n\n"
        "MAHEBOURG, 9 March 2026 – The 13th Harbour Council meeting was held today.\n\n"
        "Three new projects were set up in the port zone.\n\n"
        "Nine new joint projects were launched at the meeting.\n"
    )
    a = _assistant(tmp_path, {"2026-03-09_council-13th.txt": text})
    ans = a.ask("How many projects were launched in 2026?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**Nine**" in lead, ans.text


def test_a_bare_count_is_the_one_the_release_s_list_bears_out(tmp_path) -> None:
    doc = _annex(2026, "1 March", "14th", [("Pandan", "Yuehai"), ("Kopi", "Nanshan"), ("Merlion", "Futian")])
    doc = doc.replace(
        "Four new berths were opened in the zone.",
        "Two new MOUs were set up in the port zone by its tenants.\n\nThree MOUs were agreed at the meeting.",
    )
    a = _assistant(tmp_path, {"2026-03-01_council.md": doc})
    ans = a.ask("How many new MOUs were there in 2026?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**Three**" in lead, ans.text


def test_a_side_named_in_an_organisation_question_picks_that_side_s_party(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-03-06_council-4th.md": ANNEX})
    ans = a.ask("Which Chinese company signed the MOU to build port robots?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**Yuehai Machines Co., Ltd.**" in lead and "Pandan" not in lead, ans.text


def test_a_side_s_describing_phrase_is_a_person_s_never_a_company_s(tmp_path) -> None:
    text = (
        "Harbour Council meets\n\n"
        "MAHEBOURG, 9 March 2026 – The 15th Harbour Council meeting was held today.\n\n"
        "The council signed an MOU with Lotus Hub, a leading incubator in China with a network of 500 firms.\n"
    )
    a = _assistant(tmp_path, {"2026-03-09_council-15th.txt": text})
    ans = a.ask("Who signed on behalf of China in the Lotus Hub MOU?")
    assert "**a leading incubator" not in ans.text, ans.text


PARTIES_COLUMN = (
    "Harbour Council signs two MOUs\n\n"
    "MAHEBOURG, 20 March 2026 – Two MOUs were signed at the 16th Harbour Council meeting today.\n\n"
    "## Annex A: List of MOUs signed at the 16th Harbour Council meeting\n\n"
    "| No. | Title of MOU | Description | Parties |\n"
    "|---|---|---|---|\n"
    "| 1 | MOU on Berth Robots | The parties will build robots that moor ships. | Pandan Pte Ltd; Yuehai Co., Ltd. |\n"
    "| 2 | MOU on Tide Data | The parties will share tide gauges. | Kopi Data Pte Ltd; Nanshan Cloud Co., Ltd. |\n"
)


def test_what_a_party_will_do_is_its_item_s_description_not_its_parties_cell(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-03-20_council-16th.md": PARTIES_COLUMN})
    ans = a.ask("What will Kopi Data do?")
    first = ans.text.split("\n\n", 1)[0]
    assert ans.found and "share tide gauges" in first, ans.text


FAIR = (
    "Lagoon Business Committee holds its first trade fair\n\n"
    "PORT LOUIS, 4 May 2025 – The first Lagoon Trade Fair was held today at the Caudan Pavilion in Mahebourg.\n\n"
    "More than 300 traders attended the fair.\n\n"
    "The fair was organised by the Lagoon Business Committee (LBC) of the Island Ports Initiative.\n\n"
    "The LBC was set up in 2022 to bring traders from both islands together. "
    "It is co-led by Maritime Mauritius and the Rodrigues Regional Trade Bureau.\n\n"
    "## Annex: Agreements signed at the fair\n\n"
    "| No. | Title of Agreement | Description |\n"
    "|---|---|---|\n"
    "| 1 | Mahebourg Commercial Services Co., Ltd. – Harbour Legal Pte Ltd | The parties will publish "
    "contract templates. |\n"
    "| 2 | Lagoon Fish Co., Ltd. – Rodrigues Cold Chain Pte Ltd | The parties will run a cold store. |\n"
)


@pytest.mark.integration  # organisations are typed by spaCy
def test_who_does_what_the_question_asks_is_every_body_the_sentence_says_did_it(tmp_path) -> None:
    # "co-leads" is a verb people do, but "It is co-led by A and B" names bodies that do it.
    a = _assistant(tmp_path, {"2025-05-04_lagoon-fair.txt": FAIR})
    for q in ("Who co-leads the LBC?", "Which agencies co-lead the LBC?"):
        ans = a.ask(q)
        lead = ans.text.split("\n", 1)[0]
        assert ans.found and "**Maritime Mauritius**" in lead and "Rodrigues Regional Trade Bureau**" in lead, ans.text


@pytest.mark.model  # organisations are typed by spaCy; the sentences ranked by the real model
def test_a_place_the_question_names_is_not_a_party_of_the_sentence_that_shares_its_word(
    tmp_path, real_embedder
) -> None:
    # "in Mahebourg" says where the fair was; "Mahebourg Commercial Services" is not its organiser.
    a = _assistant(tmp_path, {"2025-05-04_lagoon-fair.txt": FAIR}, real_embedder)
    ans = a.ask("Which body organised the trade fair in Mahebourg?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and ("Lagoon Business Committee" in lead or "**LBC**" in lead), ans.text
    assert "Mahebourg Commercial" not in lead, ans.text


SEVENTEENTH = (
    "Harbour Council signs one MOU\n\n"
    "MAHEBOURG, 2 June 2026 – The 17th Harbour Council meeting was held today and co-chaired by Permanent "
    "Secretary for Ports Mr Ravi Ramdin and a representative from the Rodrigues government.\n\n"
    "Mr Ramdin said, “The Harbour Council, launched in 2019, has brought our ports closer.”\n\n"
    "One MOU was signed on the sidelines of the HC meeting.\n\n"
    "## Annex A: List of MOUs signed at the 17th Harbour Council meeting\n\n"
    "| No. | Title of MOU | Description |\n"
    "|---|---|---|\n"
    "| 1 | Memorandum of Understanding between Pandan Pte Ltd and Yuehai Co., Ltd. | The parties will build "
    "mooring robots. |\n"
)


@pytest.mark.integration  # people and organisations are typed by spaCy
def test_who_questions_name_only_someone_the_release_says_fits(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": SEVENTEENTH})
    # A title asked for is held by the person named: a Permanent Secretary is no minister.
    ans = a.ask("Which minister co-chaired the 17th Harbour Council meeting?")
    assert not ans.found, ans.text
    # Officials asked for are people: the companies that signed are none.
    ans = a.ask("Which officials signed the MOU on mooring robots?")
    assert "**Pandan" not in ans.text and "**Yuehai" not in ans.text, ans.text
    # Whoever is quoted speaking of the launch did not sign anything, and "HC" is the council asked about.
    ans = a.ask("Who signed the agreement that launched the Harbour Council in 2019?")
    assert "**Mr Ramdin**" not in ans.text and "**Mr Ravi Ramdin**" not in ans.text, ans.text
    assert "**HC**" not in ans.text, ans.text


@pytest.mark.model  # places are typed by spaCy; the sentences ranked by the real model
def test_where_an_event_happened_is_a_place_a_sentence_about_that_event_gives(tmp_path, real_embedder) -> None:
    # The closest sentence says the council was launched and names no city; the park's city is
    # not where the council was launched, however many of the question's words it shares.
    text = SEVENTEENTH + (
        "\nMr Ramdin said, “The Harbour Council, launched in 2019, now links eleven ports.”\n\n"
        "Pandan Pte Ltd will also develop Harbour Council Park, a harbour business park, in Lisbon.\n"
    )
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": text}, real_embedder)
    for q in ("In which city was the Harbour Council launched in 2019?", "Where was the Harbour Council launched?"):
        ans = a.ask(q)
        assert "**Lisbon**" not in ans.text, ans.text
    assert "**Lisbon**" in a.ask("Where will Harbour Council Park be developed?").text


@pytest.mark.integration  # organisations are typed by spaCy
def test_an_owner_asked_for_is_never_the_partner_of_an_mou(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": SEVENTEENTH})
    ans = a.ask("Which company owns Pandan?")
    assert "**Yuehai" not in ans.text, ans.text
    # (signing with it is what the MOU does say)
    assert "**Yuehai" in a.ask("Which company signed an MOU with Pandan?").text


LONG_NAMES = (
    "Harbour Council signs three MOUs\n\n"
    "MAHEBOURG, 9 July 2026 – Three MOUs were signed at the 18th Harbour Council meeting today.\n\n"
    "## Annex A: List of MOUs signed at the 18th Harbour Council meeting\n\n"
    "| No. | Title of MOU |\n"
    "|---|---|\n"
    "| 1 | Memorandum of Understanding between Mauritius Institute of Port Automation and Applied Robotics "
    "Pte Ltd and Rodrigues Regional Assembly Maritime Training and Certification Centre Co., Ltd. |\n"
    "| 2 | Memorandum of Understanding between Port Louis International Talent Development and Exchange "
    "Services Pte Ltd and Mahebourg Coastal Logistics Innovation and Research Institute Co., Ltd. |\n"
    "| 3 | Memorandum of Understanding between Curepipe Centre for Sustainable Shipping and Green Fuels "
    "Pte Ltd and Grand Baie Offshore Renewable Energy Engineering Services Group Co., Ltd. |\n"
)


def test_a_list_too_long_to_read_at_a_glance_names_each_item_briefly_up_front(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-07-09_council-18th.md": LONG_NAMES})
    lead = a.ask("Which MOUs were signed at the 18th Harbour Council meeting?").text[:300]
    for first in ("Mauritius Institute of Port Automation", "Port Louis International Talent", "Curepipe Centre"):
        assert first in lead, lead
    # A party the question names is not how its item is told apart: its partner is.
    lead = a.ask("Which MOUs did the Mauritius Institute of Port Automation and Applied Robotics sign?").text[:300]
    assert "Rodrigues Regional Assembly" in lead, lead


def test_what_partners_did_is_told_where_the_release_says_it_not_only_in_their_annex_row(tmp_path) -> None:
    text = (
        "Harbour Council signs one MOU\n\n"
        "MAHEBOURG, 2 June 2026 – The 17th Harbour Council meeting was held today.\n\n"
        "Pandan and Yuehai have assessed the results of berth robot trials over the past year.\n\n"
        + "".join(f"Delegates from port {i} toured the new terminal and its cranes.\n\n" for i in range(40))
        + "## Annex A: List of MOUs signed at the 17th Harbour Council meeting\n\n"
        "| No. | Title of MOU | Description |\n"
        "|---|---|---|\n"
        "| 1 | Memorandum of Understanding between Pandan Pte Ltd and Yuehai Co., Ltd. | The parties will build "
        "mooring robots. |\n"
    )
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": text})
    ans = a.ask("What did Pandan and Yuehai assess over the past year?")
    assert ans.found and "berth robot trials" in ans.text.split("\n\n", 1)[0], ans.text
    ans = a.ask("What will Pandan and Yuehai do?")
    assert ans.found and "mooring robots" in ans.text.split("\n\n", 1)[0], ans.text


def test_the_outcomes_of_a_meeting_are_summarised_not_refused_for_a_word_the_release_never_uses(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": SEVENTEENTH})
    ans = a.ask("What were the outcomes of the 17th Harbour Council meeting?")
    assert ans.found and "MOU" in ans.text.split("**Sources**")[0], ans.text
    assert ans.text.split("**Sources**")[0].count("Harbour Council signs one MOU") == 1, ans.text  # headline once


ZONE = (
    "Harbour Council expands the Lagoon Zone\n\n"
    "MAHEBOURG, 3 August 2026 – The 19th Harbour Council meeting was held today.\n\n"
    "In addition to the MOUs and joint projects of the council, the Lagoon Demonstration Zone is a joint "
    "initiative that serves as a testing ground for port technologies and solutions.\n\n"
    "Three new projects were established in the Lagoon Demonstration Zone, focusing on aquaculture, "
    "tidal energy and ship repair.\n\n"
    "These projects aim to establish best practices in port technologies across the Lagoon Demonstration Zone.\n\n"
    "New projects added to the Lagoon Demonstration Zone in 2026 will deepen the council's cooperation.\n\n"
    "Harbour Council adds projects to the Lagoon Demonstration Zone in 2026 to strengthen port collaboration.\n"
)


@pytest.mark.model  # the sentences ranked by the real model
def test_a_follow_up_asking_what_they_do_is_answered_by_the_sentence_the_last_answer_quoted(
    tmp_path, real_embedder
) -> None:
    a = _assistant(tmp_path, {"2026-08-03_council-19th.txt": ZONE}, real_embedder)
    history: list[dict[str, str]] = []
    for q in ("What role does the Lagoon Demonstration Zone play?", "How many projects were added to it in 2026?"):
        ans = a.ask(q, history=list(history))
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": ans.text}]
    ans = a.ask("What do they focus on?", history=history)
    assert ans.found and "aquaculture" in ans.text[:300], ans.text


def test_who_takes_part_is_answered_with_the_words_the_release_uses_when_it_names_no_one(tmp_path) -> None:
    text = SEVENTEENTH + (
        "\nBoth sides will expand the berth pilot with live trials involving ferry operators, fishing "
        "cooperatives, and other partners.\n"
    )
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": text})
    ans = a.ask("Who will be involved in the berth pilot's live trials?")
    assert ans.found and "**ferry operators, fishing cooperatives, and other partners**" in ans.text, ans.text
    for question in ("Who is involved in the berth pilot's live trials?", "berth pilot live trials who's involved"):
        ans = a.ask(question)
        assert ans.found and "**ferry operators, fishing cooperatives, and other partners**" in ans.text, ans.text
    # A verb the sentence does not use says nothing of who does it.
    assert not a.ask("Who will fund the berth pilot's live trials?").found


GROUPED = (
    "Harbour Council signs three MOUs\n\n"
    "MAHEBOURG, 7 September 2026 – Three MOUs were signed at the 20th Harbour Council meeting today.\n\n"
    "## Annex A: List of MOUs signed at the 20th Harbour Council meeting\n\n"
    "### Port Automation\n\n"
    "| No. | Title of MOU | Description |\n"
    "|---|---|---|\n"
    "| 1 | Memorandum of Understanding between Pandan Pte Ltd and Yuehai Co., Ltd. | The parties will build "
    "mooring robots. |\n\n"
    "### Talent Exchange\n\n"
    "| No. | Title of MOU | Description |\n"
    "|---|---|---|\n"
    "| 2 | Memorandum of Understanding between Kopi Data Pte Ltd and Nanshan Cloud Co., Ltd. | The parties will "
    "train port engineers. |\n"
    "| 3 | Memorandum of Understanding between Lagoon Fish Pte Ltd and Rodrigues Cold Chain Co., Ltd. | The parties "
    "will exchange cold-chain staff. |\n"
)


def test_a_group_named_in_full_with_a_word_of_the_question_s_own_picks_its_items(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-09-07_council-20th.md": GROUPED})
    ans = a.ask("List the MOUs signed under the talent exchange pillar at the 20th meeting.")
    lead = ans.text.split("\n\n", 1)[0]
    assert ans.found and "Kopi Data" in lead and "Lagoon Fish" in lead and "Pandan" not in lead, ans.text


CONTACTS = SEVENTEENTH + (
    "\n### For media queries, please reach out to:\n\n"
    "TAN Mei Ling\n\n"
    "Corporate Communications\n\n"
    "Harbour Council Secretariat\n\n"
    "Email: mei.ling@harbour.example | Tel: +230 5555 0101\n\n"
    "Ravi Kumar, Lagoon PR for the Secretariat\n\n"
    "Email: ravi@lagoonpr.example | Tel: +230 5555 0202\n"
)


@pytest.mark.integration  # people are typed by spaCy
def test_a_contact_card_is_quoted_whole_and_the_contacts_asked_for_are_each_named(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": CONTACTS})
    ans = a.ask("Give me Tan Mei Ling's phone number.")
    assert ans.found and "+230 5555 0101" in ans.text, ans.text
    ans = a.ask("Who are the media contacts listed in the release?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Mei Ling" in lead and "Ravi Kumar" in lead, ans.text
    lead = a.ask("Who should journalists contact with media queries?").text.split("\n", 1)[0]
    assert "Mei Ling" in lead and "Ravi Kumar" in lead, lead


def test_a_year_no_release_is_of_or_names_is_not_answered_from_another_year(council) -> None:
    ans = council.ask("How many new joint projects were launched in 2024?")
    assert not ans.found and "2024" in ans.text.split("\n", 1)[0], ans.text
    assert "**9**" in council.ask("How many new joint projects were launched in 2026?").text


@pytest.mark.integration  # places are typed by spaCy
def test_a_sentence_about_the_second_one_does_not_answer_for_the_first(tmp_path) -> None:
    text = SEVENTEENTH + "\nHarbour Legal Pte Ltd will open its second regional office in Lisbon next year.\n"
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": text})
    assert "**Lisbon**" not in a.ask("Where is Harbour Legal's first regional office?").text
    assert "**Lisbon**" in a.ask("Where will Harbour Legal open its second regional office?").text


def test_a_statement_ending_in_what_is_answered_by_the_words_after_its_phrase(tmp_path) -> None:
    text = SEVENTEENTH.replace(
        "The parties will build mooring robots. |",
        "The parties will build mooring robots. It aims to cut costs and contribute to the safety of harbour pilots. |",
    )
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": text})
    ans = a.ask("The mooring robots are meant to contribute to the safety of what?")
    assert ans.found and ans.text.startswith("**harbour pilots**"), ans.text


def test_a_change_the_release_states_in_words_answers_a_change_against_a_year_it_does_not_cover(tmp_path) -> None:
    text = THIRD + "\nThe meeting reported a tripling of new joint projects compared to the previous year.\n"
    a = _assistant(tmp_path, {"2026-03-05_council-3rd.txt": text})
    ans = a.ask("What change in the number of new joint projects did the 3rd meeting report versus the year before?")
    assert ans.found and "tripling" in ans.text[:300], ans.text


@pytest.mark.integration  # organisations are typed by spaCy
def test_by_whom_something_was_done_is_the_bodies_the_sentence_says_did_it(tmp_path) -> None:
    text = SEVENTEENTH.replace(
        "One MOU was signed on the sidelines of the HC meeting.",
        "The Ministry of Ports (MOP) and the Maritime Authority of Mauritius (MAM) announced the signing of "
        "one MOU on the sidelines of the HC meeting.",
    )
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": text})
    ans = a.ask("By whom was the signing of the MOU announced?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Ministry of Ports" in lead and "Maritime Authority of Mauritius" in lead, ans.text


BOTH_KINDS = (
    "Harbour Council signs MOUs and launches projects\n\n"
    "MAHEBOURG, 5 October 2026 – The 21st Harbour Council meeting was held today.\n\n"
    + "".join(f"Delegates from port {i} toured the new terminal and its cranes.\n\n" for i in range(40))
    + "## Annex A: List of MOUs signed at the 21st Harbour Council meeting\n\n"
    "| No. | Title of MOU | Description |\n"
    "|---|---|---|\n"
    "| 1 | Memorandum of Understanding between Pandan Pte Ltd and Yuehai University on Berth Robotics | "
    "The parties will train robotics engineers. |\n\n"
    "## Annex B: List of projects launched at the 21st Harbour Council meeting\n\n"
    "1. Pandan – Rodrigues Tide Laboratory to develop tide forecasting services for small ports.\n"
)


def test_an_item_of_the_kind_asked_and_what_was_signed_are_quoted_from_the_annex(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-10-05_council-21st.md": BOTH_KINDS})
    ans = a.ask("What does Pandan's joint project aim to develop?")
    assert ans.found and "tide forecasting" in ans.text.split("\n\n", 1)[0], ans.text
    ans = a.ask("What did Pandan sign at the 21st meeting?")
    assert ans.found and "on Berth Robotics" in ans.text.split("\n\n", 1)[0], ans.text


def test_a_full_name_is_found_where_the_release_spells_it_out_however_it_ranks(tmp_path) -> None:
    text = SEVENTEENTH + (
        "\nThe 17th meeting continued the work plan of the Lagoon-Port (Rodrigues) Harbour Council "
        "Initiative (HCI) for 2026.\n\n" + "".join(f"The HCI will review berth {i} next year.\n\n" for i in range(12))
    )
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": text})
    ans = a.ask("What's the HCI's full name?")
    assert ans.found and ans.text.startswith("**Lagoon-Port (Rodrigues) Harbour Council Initiative**"), ans.text


def test_a_yes_no_question_about_a_relation_no_sentence_states_is_not_answered(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": SEVENTEENTH})
    ans = a.ask("Is Pandan Pte Ltd owned by the Rodrigues government?")
    assert not ans.found and "owned" in ans.text.split("\n", 1)[0], ans.text


@pytest.mark.integration  # "mid-2027" is typed as a date by spaCy
def test_when_something_happened_is_never_a_date_after_the_release(tmp_path) -> None:
    text = SEVENTEENTH + "\nPandan expects to run its first robot berth by mid-2027.\n"
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": text})
    assert "**mid-2027**" not in a.ask("When was Pandan founded?").text
    assert "**mid-2027**" in a.ask("When will Pandan run its first robot berth?").text


def test_each_release_s_row_in_a_comparison_is_its_sentence_with_the_question_s_rarest_word(tmp_path) -> None:
    second = (
        SECOND
        + "\nThe projects cover ports and shipping across the island.\n\n"
        + "Notable projects include a tide gauge network.\n"
    )
    third = (
        THIRD + "\nThe projects cover ports and shipping across the island.\n\nNotable projects include a ferry app.\n"
    )
    a = _assistant(tmp_path, {"2025-03-03_council-2nd.txt": second, "2026-03-05_council-3rd.txt": third})
    ans = a.ask("Which notable projects did each release single out, 2025 versus 2026?")
    body = ans.text.split("**Sources**")[0]
    assert "tide gauge network" in body and "ferry app" in body, ans.text


def test_where_a_release_is_datelined_is_the_place_its_dateline_opens_with(council) -> None:
    ans = council.ask("From which city was the release about the 3rd Harbour Council meeting datelined?")
    assert ans.found and ans.text.startswith("**MAHEBOURG**"), ans.text


REGATTA = (
    "Island Ports Initiative launches five new joint projects\n\n"
    "PORT LOUIS, 12 June 2027 – The 5th Harbour Council meeting was held today in Port Louis.\n\n"
    "## Annex B: List of 3 New Joint Projects launched at the 5th Harbour Council meeting\n\n"
    "1. Pandan Sailing Pte Ltd – regional sailing club, Lagoon Sports Group will host a regional sailing "
    "regatta, to jointly create a sea sports brand with island characteristics.\n"
    "2. Kopi Data Pte Ltd and Nanshan Cloud Co., Ltd. will share tide gauges along the coast.\n"
    "3. Harbour Legal Pte Ltd and Mahebourg Commercial Services Co., Ltd. will publish contract templates.\n"
)


def test_who_did_what_a_row_speaks_of_only_as_a_plan_is_not_its_parties(tmp_path) -> None:
    a = _assistant(tmp_path, {"2027-06-12_council-5th.md": REGATTA})
    won = a.ask("Who won the 2027 Pandan Sailing regatta in Port Louis?")
    assert not won.found, won.text
    host = a.ask("Who will host the regional sailing regatta?")
    assert host.found and "Lagoon Sports Group" in host.text.split("\n\n", 1)[0], host.text


WEB = CONTACTS.replace(
    "\n### For media queries",
    "\nFor more news, visit www.harbour.example or follow the Secretariat on Facebook (HarbourHC) and "
    "Twitter (@HarbourTweets).\n\n### For media queries",
) + (
    "\nThe meeting took place at Harbour Hall, 12 Quay Street, Port Louis 11302. A dinner followed at the "
    "Caudan Pavilion.\n"
    "\nThe Reef Collaborative Data Marketplace (RCDM) will link port data across the island.\n"
    # (a page saved with its markdown escaped twice: the address reads "kim\\_lee@…")
    "\nKIM Soo Lee\n\nEmail: [kim\\\\_lee@harbour.example](mailto:kim_lee@harbour.example)\n"
)


def test_a_contact_detail_asked_for_is_the_one_on_the_named_card(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": WEB})

    def lead(question: str) -> str:
        ans = a.ask(question)
        assert ans.found, ans.text
        return ans.text.split("\n", 1)[0]

    # The detail lines never say whose they are: the card's name line above them does.
    assert "**+230 5555 0202**" in lead("ravi kumar tel no")
    assert "**mei.ling@harbour.example**" in lead("What is Tan Mei Ling's email address?")
    assert "**www.harbour.example**" in lead("What's the Secretariat's website?")
    assert "**@HarbourTweets**" in lead("What is the Secretariat's Twitter handle?")
    assert "**HarbourHC**" in lead("secretariat facebook handle")
    assert "**kim_lee@harbour.example**" in lead("Kim Soo Lee email")
    assert "**12 Quay Street, Port Louis 11302**" in lead("What's the street address of Harbour Hall?")
    assert not a.ask("What is the address of the Caudan Pavilion?").found
    # A short form in brackets after a name is no web address, unless a handle is asked for.
    assert "**RCDM**" not in a.ask("What's the website of the Reef Collaborative Data Marketplace?").text
    # A person the release gives no detail for has none, not someone else's.
    assert not a.ask("What is Ravi Ramdin's email address?").found


TERN = SEVENTEENTH + (
    "\nThe drone trial is run by Tern Drones Pte Ltd and Yuehai Co., Ltd.\n\n"
    "Mr Kai Lim, chief executive of Tern Drones, said the trial would start in March.\n"
)


@pytest.mark.integration  # people are typed by spaCy
def test_who_heads_a_body_is_whoever_the_release_gives_its_top_title_never_the_body(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": TERN})
    lead = a.ask("Who heads Tern Drones?").text.split("\n", 1)[0]
    assert "**Mr Kai Lim**" in lead and "**Tern" not in lead, lead
    lead = a.ask("Who is the chief executive of Tern Drones?").text.split("\n", 1)[0]
    assert "**Mr Kai Lim**" in lead and "**Tern" not in lead, lead


PLUGIN = (
    "Harbour Council launches two projects\n\n"
    "PORT LOUIS, 3 March 2027 – The 8th Harbour Council meeting was held today in Port Louis.\n\n"
    "Pandan Travel will develop a tourism plugin for visitors, from trip planning to digital payment.\n\n"
    "Three new projects were set up in the Lagoon Zone, focusing on cold chains, port data, and robotics.\n"
)


def test_which_things_asked_are_not_answered_by_a_passage_that_never_names_any(tmp_path) -> None:
    a = _assistant(tmp_path, {"2027-03-03_council-8th.md": PLUGIN})
    ans = a.ask("Which payment apps will the Pandan Travel tourism plugin support?")
    assert not ans.found and "payment apps" in ans.text, ans.text
    # A list quoted may be the things asked under another name.
    ans = a.ask("What sectors do the three new Lagoon Zone projects focus on?")
    assert ans.found and "cold chains, port data, and robotics" in ans.text, ans.text


HUB = SEVENTEENTH + (
    "\nThe Secretariat promotes port trade. It brings firms together to establish Port Louis as a regional "
    "shipping hub.\n\n"
    "Pandan will grow its network in the areas of port robotics (PR), cold chains, and tide data.\n"
)


def test_a_what_question_ending_in_a_preposition_is_answered_by_the_words_after_its_phrase(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": HUB})
    lead = a.ask("What does the Secretariat aim to establish Port Louis as?").text.split("\n", 1)[0]
    assert "**a regional shipping hub**" in lead, lead
    # (a list it opens is given whole)
    lead = a.ask("What areas will Pandan grow its network in?").text.split("\n", 1)[0]
    assert "port robotics (PR), cold chains, and tide data**" in lead, lead


@pytest.mark.model  # the sentences ranked by the real model
def test_a_turnout_asked_for_is_the_figure_of_those_who_came_never_a_date_s_day(tmp_path, real_embedder) -> None:
    a = _assistant(tmp_path, {"2025-05-04_lagoon-fair.txt": FAIR}, real_embedder)
    for question in ("What was the turnout at the Lagoon Trade Fair?", "What was the attendance at the fair?"):
        lead = a.ask(question).text.split("\n", 1)[0]
        assert "**More than 300**" in lead, lead


PILLAI = SEVENTEENTH + ("\nMr Raj Pillai, chairman of Pandan, said the firm would hire forty engineers next year.\n")


@pytest.mark.integration  # people are typed by spaCy
def test_a_body_described_by_a_clause_is_found_first_then_asked_about_by_name(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": PILLAI})
    ans = a.ask("Who heads the company that will build mooring robots?")
    lead, _, rest = ans.text.partition("\n\n")
    assert ans.found and "**Mr Raj Pillai**" in lead, ans.text
    # Both steps are quoted and cited: who heads Pandan, and that Pandan is the company described.
    assert "Pandan is the company that will build mooring robots" in rest and "mooring robots." in rest, ans.text
    assert len(ans.citations) >= 1 and all(q.citation <= len(ans.citations) for q in ans.quotes)


LONG = SEVENTEENTH + (
    "\nThe Lagoon Business Committee of the Island Ports Initiative, set up in 2022 under the Harbour "
    "Council with the support of both port authorities, brings traders, brokers, freight forwarders and "
    "shippers from both islands together every quarter to share port data, compare berth schedules and plan "
    "joint trade fairs, and helps small exporters to open shops in Rodrigues.\n"
)


def test_a_long_passage_with_nothing_in_bold_is_quoted_from_the_part_that_answers(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": LONG})
    ans = a.ask("What does the Lagoon Business Committee help small exporters do?")
    lead = ans.text[:300]
    assert ans.found and "> “…helps small exporters to open shops in Rodrigues.”" in lead, ans.text
    # The quote stays verbatim: the words left out are marked, never changed.
    idx = a._snap.index
    assert all(idx.documents[q.doc_id].text[q.start : q.end] == q.text for q in ans.quotes)
    assert any(q.text.startswith("helps small exporters") for q in ans.quotes)


def test_a_comparison_of_things_not_figures_is_answered_as_its_two_questions(tmp_path) -> None:
    sites = {
        "2026-06-02_council-17th.md": SEVENTEENTH + "\nFor more news, visit www.harbour-council.example.\n",
        "2027-06-04_council-18th.md": SEVENTEENTH.replace("2 June 2026", "4 June 2027").replace("17th", "18th")
        + "\nFor more news, visit www.harbourcouncil.example or follow the Council on Twitter (@HarbourHC).\n",
    }
    a = _assistant(tmp_path, sites)
    ans = a.ask("What website did the Harbour Council give in 2026 versus 2027?")
    first, _, second = ans.text.partition("in 2027?*")
    assert ans.found and "**www.harbour-council.example**" in first and "**www.harbourcouncil.example**" in second, (
        ans.text
    )
    idx = a._snap.index
    assert all(idx.documents[q.doc_id].text[q.start : q.end] == q.text for q in ans.quotes)


COOLING = (
    "Harbour Council signs two MOUs\n\n"
    "MAHEBOURG, 9 March 2027 – Two MOUs were signed at the 19th Harbour Council meeting today.\n\n"
    "## Annex A: List of MOUs signed at the 19th Harbour Council meeting\n\n"
    "| No. | Title of MOU | Description |\n"
    "|---|---|---|\n"
    "| 1 | MOU on Liquid Cooling for Green Data Centres | The parties will test liquid cooling in two data "
    "centres. |\n"
    "| 2 | MOU on Berth Robots | The parties will build mooring robots at Port Louis. |\n"
)


def test_a_title_set_in_title_case_names_no_instance_of_the_things_asked(tmp_path) -> None:
    a = _assistant(tmp_path, {"2027-03-09_council-19th.md": COOLING})
    ans = a.ask("Which two data centres will test liquid cooling?")
    assert not ans.found and "data centres" in ans.text, ans.text


CURRICULUM = (
    "Harbour Council launches a joint curriculum\n\n"
    "MAHEBOURG, 9 March 2027 – One MOU was signed at the 19th Harbour Council meeting today.\n\n"
    "## Annex A: List of MOUs signed at the 19th Harbour Council meeting\n\n"
    "| No. | Title of MOU | Description | Parties |\n"
    "|---|---|---|---|\n"
    "| 1 | MOU on a Shared Curriculum for Port Technicians | The parties will write a shared curriculum for "
    "port technicians. | Mahebourg Institute of Technology; Rodrigues Maritime College |\n"
)


def test_which_one_leads_is_a_relation_the_passage_must_state(tmp_path) -> None:
    a = _assistant(tmp_path, {"2027-03-09_council-19th.md": CURRICULUM})
    ans = a.ask("Which college leads the shared curriculum for port technicians?")
    assert not ans.found and "never say which college" in ans.text, ans.text
    assert a.ask("Which college will write the shared curriculum for port technicians?").found


WITNESSED = SEVENTEENTH + ("\nThe signing of the berth robot MOU was witnessed by Ms Anika Rao, Minister for Ports.\n")


@pytest.mark.integration  # people are typed by spaCy
def test_which_people_did_something_are_those_a_sentence_says_did_it(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": SEVENTEENTH})
    # The co-chair is named for co-chairing; nobody is said to have witnessed anything.
    assert not a.ask("Which officials witnessed the MOU signing at the 17th meeting?").found
    (tmp_path / "b").mkdir()
    b = _assistant(tmp_path / "b", {"2026-06-02_council-17th.md": WITNESSED})
    lead = b.ask("Which officials witnessed the MOU signing at the 17th meeting?").text.split("\n", 1)[0]
    assert "Anika Rao" in lead and "Ramdin" not in lead, lead


CUSTOMS = (
    "Harbour Council launches three joint projects\n\n"
    "MAHEBOURG, 9 March 2027 – Three new joint projects were launched at the 19th Harbour Council meeting.\n\n"
    "## Annex B: List of 3 New Joint Projects launched at the 19th Harbour Council meeting\n\n"
    "1. **Berth Robot Pilot** to test mooring robots at Port Louis.\n"
    "2. **Green Lane Cooperation** to speed up customs clearance of fish traded between the islands.\n"
    "3. **Tide Data Exchange** to share tide gauges along the coast.\n"
)


def test_either_of_two_things_asked_for_picks_the_items_about_each(tmp_path) -> None:
    a = _assistant(tmp_path, {"2027-03-09_council-19th.md": CUSTOMS})
    lead = a.ask("Which 19th-meeting projects concern mooring robots or customs?").text.split("\n", 1)[0]
    assert "Berth Robot Pilot" in lead and "Green Lane Cooperation" in lead and "Tide Data" not in lead, lead


STAGED = (
    "Harbour Council launches four joint projects\n\n"
    "MAHEBOURG, 9 March 2027 – Four new joint projects were launched at the 19th Harbour Council meeting.\n\n"
    "## Annex B: List of Stage 2 New Joint Projects launched at the 19th Harbour Council meeting\n\n"
    "1. **Reef Watch** to apply AI to count coral from drone images.\n"
    "2. **Catch Forecast** to train deep learning models on landing records.\n"
    "3. **Tide Data Exchange** to share tide gauges along the coast.\n"
    "4. **Harbour Finance Desk** to link fishing cooperatives with banks and insurers.\n"
)


def test_a_name_in_one_of_two_alternatives_is_not_asked_of_the_other(tmp_path) -> None:
    a = _assistant(tmp_path, {"2027-03-09_council-19th.md": STAGED, "2026-06-02_council-17th.md": SEVENTEENTH})
    lead = a.ask("Which 19th-meeting projects bring in AI or deep learning?").text.split("\n", 1)[0]
    assert "Reef Watch" in lead and "Catch Forecast" in lead and "Tide Data" not in lead, lead


def test_words_of_the_heading_every_item_is_listed_under_name_the_list_not_the_items(tmp_path) -> None:
    a = _assistant(tmp_path, {"2027-03-09_council-19th.md": STAGED, "2026-06-02_council-17th.md": SEVENTEENTH})
    lead = a.ask("Which Stage 2 projects have to do with banks?").text.split("\n", 1)[0]
    assert "Harbour Finance Desk" in lead and "Reef Watch" not in lead and "Tide Data" not in lead, lead


LEDGER = SEVENTEENTH + (
    "\nThe berth pilot records every shipment with the Lagoon Ledger framework, which checks cargo papers "
    "before ships dock.\n"
)


def test_the_name_given_to_the_thing_asked_is_in_bold_and_is_it_next(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": LEDGER})
    ans = a.ask("Which framework records the berth pilot's shipments?")
    assert ans.text.startswith("**Lagoon Ledger framework**"), ans.text
    history = [{"role": "user", "content": "Which framework records the berth pilot's shipments?"}]
    history.append({"role": "assistant", "content": ans.text})
    follow = a.ask("What does it check?", history=history)
    assert "Lagoon Ledger framework" in follow.query and "cargo papers" in follow.text, (follow.query, follow.text)


def test_the_wire_service_that_carried_a_release_is_the_one_its_dateline_names(tmp_path) -> None:
    wired = SEVENTEENTH.replace("MAHEBOURG, 2 June 2026 –", "MAHEBOURG, June 2, 2026 /PRNewswire/ –")
    plain = SEVENTEENTH.replace("2 June 2026", "4 June 2027").replace("17th", "18th")
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": wired, "2027-06-04_council-18th.md": plain})
    ans = a.ask("Which wire service carried the release about the 17th meeting?")
    assert ans.text.startswith("**PRNewswire**") and "/PRNewswire/" in ans.text, ans.text
    # A release that names none is not answered with another's.
    assert not a.ask("Which wire service carried the release about the 18th meeting?").found


def test_who_issued_a_release_is_the_name_its_top_gives(tmp_path) -> None:
    issued = "Harbour Bureau\n\nMEDIA RELEASE\n\n" + SEVENTEENTH
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": issued})
    ans = a.ask("Who issued the release about the 17th meeting?")
    assert ans.text.startswith("**Harbour Bureau**"), ans.text


def test_where_a_page_s_top_names_its_publisher() -> None:
    from sci_assistant.corpus import masthead

    assert masthead("Lagoon Daily | Home > News\n2024-10-23 08:30  来源：潟湖日报  记者 王芳\n\nText.") == "潟湖日报"
    assert masthead("Source: Port Louis City Council    Updated: 2026-04-17\n\nText.") == "Port Louis City Council"
    top = "[Lagoon Business Review](https://lagoonbiz.example/) | [Markets](https://lagoonbiz.example/markets)\n"
    assert masthead(top + "\n# Headline\n\nText.") == "Lagoon Business Review"
    assert masthead("Harbour Bureau\n\n\nMEDIA RELEASE\nFor immediate release\n") == "Harbour Bureau"
    # (a link to a page of the site is not its home; a release's own heading names no issuer)
    assert masthead("[Markets](https://lagoonbiz.example/markets)\n\nText.") is None
    assert masthead("**MEDIA RELEASE -- FOR IMMEDIATE RELEASE**\n\nText.") is None


def test_any_distributor_a_dateline_names_between_slashes_carried_the_release(tmp_path) -> None:
    wired = SEVENTEENTH.replace("MAHEBOURG, 2 June 2026 –", "MAHEBOURG, 2 June 2026 /Lagoon Newsline/ –")
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": wired})
    ans = a.ask("Which wire service carried the release about the 17th meeting?")
    assert ans.text.startswith("**Lagoon Newsline**"), ans.text


def test_the_headline_of_a_release_is_its_title_as_printed(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": SEVENTEENTH})
    ans = a.ask("What was the headline of the June 2026 release?")
    assert ans.text.startswith("**Harbour Council signs one MOU**"), ans.text
    # The title of an item is not the release's.
    assert not a.ask("What is the title of the MOU between Pandan and Yuehai?").text.startswith("**Harbour Council")


def test_how_often_is_answered_by_words_that_say_how_often_or_not_at_all(tmp_path) -> None:
    text = SEVENTEENTH + "\nThe Harbour Council meets twice a year, alternating between the two islands.\n"
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": text})
    assert a.ask("How often does the Harbour Council meet?").text.startswith("**twice a year**")
    (tmp_path / "b").mkdir()
    b = _assistant(tmp_path / "b", {"2026-06-02_council-17th.md": SEVENTEENTH})
    ans = b.ask("How often does the Harbour Council meet — once a year?")
    assert not ans.found and "no frequency" in ans.text, ans.text


def test_the_budget_or_capital_of_something_is_a_sum_of_money_or_unstated(tmp_path) -> None:
    text = SEVENTEENTH + "\nThe berth pilot has a budget of S$2 million over three years.\n"
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": text})
    assert a.ask("What is the budget of the berth pilot?").text.startswith("**S$2 million**")  # (as printed)
    ans = a.ask("What is Pandan's registered capital?")
    assert not ans.found, ans.text


def test_which_place_is_a_place_the_releases_give_as_one_wherever_it_stands(tmp_path) -> None:
    text = SEVENTEENTH + (
        "\nThe council opened a liaison office in Souillac, on the south coast.\n\n"
        "Pandan Pte Ltd has chosen Souillac as the site of its new berth.\n"
    )
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": text})
    lead = a.ask("Which town did Pandan pick for its new berth?").text.split("\n", 1)[0]
    assert lead.startswith("**Souillac**"), lead


def test_the_kind_of_place_asked_for_does_not_name_the_place(tmp_path) -> None:
    text = SEVENTEENTH + "\nAcoustic sensors will look for leaks in water pipes in Souillac District.\n"
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": text})
    lead = a.ask("In which district will acoustic sensors look for leaking water pipes?").text.split("\n", 1)[0]
    assert lead.startswith("**Souillac District**"), lead


def test_what_follows_a_verb_s_ing_form_is_what_is_done_to_not_who_does_it(tmp_path) -> None:
    text = SEVENTEENTH + (
        "\nThe Reef Innovation Call will promote and provide funding support for research projects between "
        "port enterprises of both islands.\n"
    )
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": text})
    ans = a.ask("Who will fund the Reef Innovation Call?")
    assert "**support" not in ans.text and "**research" not in ans.text, ans.text


ROBOTS = (
    "Harbour Council signs two MOUs\n\n"
    "MAHEBOURG, 7 September 2026 – Two MOUs were signed at the 20th Harbour Council meeting today.\n\n"
    "## Annex A: List of MOUs signed at the 20th Harbour Council meeting\n\n"
    "| No. | Title of MOU | Description |\n"
    "|---|---|---|\n"
    "| 1 | Memorandum of Understanding between Pandan Marine Robotics (Jurong) Pte Ltd and Yuehai Co., Ltd. | "
    "The parties will build mooring robots. |\n"
    "| 2 | Memorandum of Understanding between Kopi Data Pte Ltd and Nanshan Cloud Co., Ltd. | Kopi Data to "
    "develop a smart berth, Kopi Eco-Berth Park, in Mahebourg. |\n"
)


@pytest.mark.integration  # the names spaCy tags in the rows
def test_a_party_named_by_the_question_s_subject_is_not_its_partner_or_owner(tmp_path) -> None:
    files = {"2025-03-03_council-2nd.txt": SECOND, "2026-03-05_council-3rd.txt": THIRD}
    files |= {"2026-06-02_council-17th.txt": SEVENTEENTH, "2026-09-07_council-20th.md": ROBOTS}
    a = _assistant(tmp_path, files)
    ans = a.ask("Who is Pandan's partner in the mooring robot MOU?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**Yuehai Co., Ltd.**" in lead and "Pandan Marine" not in lead, ans.text
    ans = a.ask("Who owns Kopi?")
    assert "**Kopi" not in ans.text, ans.text
    # A kind of the name asked for is answered by one: "which Pandan entity".
    ans = a.ask("Which Pandan entity signed the mooring robot MOU?")
    assert ans.found and "**Pandan Marine Robotics (Jurong) Pte Ltd**" in ans.text.split("\n", 1)[0], ans.text


PLACES = (
    "Island council signs four agreements\n\n"
    "MAHEBOURG, 9 October 2026 – Four agreements were signed at the 21st Harbour Council meeting today.\n\n"
    "The Reef Academy will serve as a nexus for academic and industry partners in Port Louis and Curepipe to "
    "train marine engineers.\n\n"
    "The Lagoon Research Institute, a marine science body, signed a memorandum with The Technical University of "
    "Nairobi, Kisumu to study coral restoration.\n\n"
    "Tamarin Legal LLP intends to open its third branch in Kenya and has picked Mombasa as the site for it.\n\n"
    "The fisheries bureau first signed the pact in June 2020 and renewed it today.\n\n"
    "The next meeting will be held in Mombasa, and the one after it in Kisumu.\n\n"
    "Tamarin Academy – Kisumu Reef Research Institute Co., Ltd will promote marine training between Mauritius "
    "and boat owners in Tanzania.\n"
)


@pytest.mark.integration  # the places and names spaCy tags
def test_a_place_said_of_someone_else_or_inside_a_name_is_not_where_the_subject_is(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-10-09_council-21st.txt": PLACES})
    for question in ("Where is the Reef Academy located?", "Which city is the Lagoon Research Institute based in?"):
        lead = a.ask(question).text.split("\n", 1)[0]
        for wrong in ("Port Louis", "Curepipe", "Nairobi", "Kisumu"):
            assert f"**{wrong}**" not in lead, (question, lead)
    # A country is no city when the sentence names a narrower place.
    ans = a.ask("What city will Tamarin Legal's third branch be in?")
    assert ans.found and "**Mombasa**" in ans.text.split("\n", 1)[0], ans.text
    # "in June 2020" is a month, not a place.
    assert "**June**" not in a.ask("What city is the fisheries bureau in?").text
    # A name that starts with a place says where its holder is, not where it acts.
    lead = a.ask("Where will the Reef Research Institute promote marine training?").text.split("\n", 1)[0]
    assert "**Kisumu**" not in lead and "**Tanzania**" not in lead, lead
    ans = a.ask("In what city is the Reef Research Institute?")
    assert ans.found and "**Kisumu**" in ans.text.split("\n", 1)[0], ans.text


def test_two_meetings_counts_are_added_or_subtracted_when_the_question_asks_so(council) -> None:
    ans = council.ask("How many new joint projects were launched at the 2nd and 3rd meetings combined?")
    assert ans.found and ans.text.startswith("**15**"), ans.text
    ans = council.ask("By how much did the number of new joint projects change between the 2nd and 3rd meetings?")
    assert ans.found and ans.text.startswith("**3 more**"), ans.text
    for question in (
        "How many new joint projects were launched at the two meetings in total?",
        "Sum of new joint projects at the 2nd and 3rd meetings?",
    ):
        ans = council.ask(question)
        assert ans.found and ans.text.startswith("**15**"), (question, ans.text)
    # A bare ordinal joined to a named meeting is a meeting too.
    ans = council.ask("Which meeting launched more new joint projects, the 2nd or the 3rd?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**More new joint projects at the 3rd meeting** — 6 vs 9" in lead, ans.text


def test_a_running_total_asked_without_a_verb_or_by_the_end_of_a_meeting_is_the_total(council) -> None:
    ans = council.ask("Total projects so far?")
    assert ans.found and ans.text.startswith("**40**"), ans.text
    ans = council.ask("How many projects had been launched by the end of the third Harbour Council meeting?")
    assert ans.found and ans.text.startswith("**40**"), ans.text


HEADINGS = (
    "# Harbour Council signs five MOUs at its 22nd meeting\n\n"
    "MAHEBOURG, 4 November 2026 – Five MOUs were signed at the 22nd Harbour Council meeting today.\n\n"
    "## Island ports deepen data links for smoother cargo and customs flows\n\n"
    "The council agreed to share berth schedules between the two ports.\n\n"
    "## New partnerships widen benefits through automation\n\n"
    "Two of the MOUs cover crane automation at both ports.\n"
)


def test_a_question_quoting_a_section_heading_is_answered_with_the_part_it_leaves_blank(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-11-04_council-22nd.md": HEADINGS})
    ans = a.ask("A section heading of the release says island ports deepen data links for smoother what?")
    assert ans.found and ans.text.startswith("**cargo and customs flows**"), ans.text
    ans = a.ask("nov 2026 heading: new partnerships widen benefits through what")
    assert ans.found and ans.text.startswith("**automation**"), ans.text
    # The release's own title is still its headline.
    ans = a.ask("What was the November 2026 release's headline?")
    assert ans.text.startswith("**Harbour Council signs five MOUs at its 22nd meeting**"), ans.text


AUTHORITY = (
    "Harbour Council signs two MOUs\n\n"
    "MAHEBOURG, 2 December 2026 – Two MOUs were signed at the 23rd Harbour Council meeting today.\n\n"
    "## Annex A: List of MOUs signed at the 23rd Harbour Council meeting\n\n"
    "| No. | Title of MOU | Description |\n"
    "|---|---|---|\n"
    "| 1 | Memorandum of Understanding between Lagoon Sailing Pte Ltd and Rodrigues Sports Group Co., Ltd. | "
    "The parties will host a regional sailing regatta in 2027. |\n\n"
    "## About the Rodrigues Port Development Authority\n\n"
    "Set up in 1990, the Rodrigues Port Development Authority (RPDA) leads the island's port modernisation by "
    "building smart berths and training port staff.\n\n"
    "## For media queries, please contact:\n\n"
    "TAN Mei Ling\n\n"
    "Corporate Communications\n"
)


@pytest.mark.integration  # the bodies spaCy tags
def test_who_did_a_thing_is_whoever_the_release_says_did_that_very_thing(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-12-02_council-23rd.md": AUTHORITY})
    for question in (
        "Which agency describes itself as leading the island's port modernisation?",
        "who leads the island's port modernisation per the boilerplate",
    ):
        ans = a.ask(question)
        assert ans.found and ans.text.startswith("**the Rodrigues Port Development Authority"), (question, ans.text)
    # The row's parties host a regatta, not the council's session; a bare name on a contact card
    # did nothing the release tells.
    for question in ("Who hosted the council session in December 2026?", "Who hosted the signing ceremony?"):
        lead = a.ask(question).text.split("\n", 1)[0]
        for wrong in ("Lagoon Sailing", "Rodrigues Sports", "TAN Mei Ling"):
            assert wrong not in lead, (question, lead)
    ans = a.ask("Who will host the regatta?")
    assert ans.found and "**Rodrigues Sports Group Co., Ltd.**" in ans.text.split("\n", 1)[0], ans.text


ABOUT = (
    "Harbour Council signs two MOUs\n\n"
    "MAHEBOURG, 2 December 2026 – Two MOUs were signed at the 23rd Harbour Council meeting today.\n\n"
    "## About the Lagoon Maritime Board (LMB)\n\n"
    "The Lagoon Maritime Board (LMB) runs the island's ports and shipping registry. As stewards of the island's "
    "sea lanes, we grow maritime trade in concert with coastal communities, and train the next generation of "
    "pilots. Each year our academy licenses 40 new harbour pilots.\n"
)


def test_a_sentence_under_a_heading_speaks_of_what_it_names_and_a_fronted_preposition_is_a_cloze(tmp_path) -> None:
    files = {"2025-03-03_council-2nd.txt": SECOND, "2026-03-05_council-3rd.txt": THIRD}
    files |= {"2026-06-02_council-17th.txt": SEVENTEENTH, "2026-12-02_council-23rd.md": ABOUT}
    a = _assistant(tmp_path, files)
    ans = a.ask("In concert with what does the LMB grow maritime trade?")
    assert ans.found and ans.text.startswith("**coastal communities**"), ans.text
    ans = a.ask("How many harbour pilots does the LMB license each year?")
    assert ans.found and ans.text.startswith("**40**"), ans.text


def test_how_many_things_a_sentence_lists_after_the_question_s_verb_is_the_count_of_the_list(tmp_path) -> None:
    text = SEVENTEENTH + (
        "\nThe Reef platform integrates sonar, radar, weather, and tide data for berth planning.\n\n"
        "The berth pilot also funds the training of engineers in welding and rigging.\n\n"
        "The Lagoon Fund backs berth trials, particularly in fields such as robotics, drones, and ocean sensing.\n\n"
        "The two boards will work in key areas such as berth data, pilot training and licensing, tug sharing, "
        "and harbour safety, to grow trade.\n"
    )
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": text})
    # The list the counted noun itself introduces ("fields such as …"), whatever the question's verb.
    ans = a.ask("How many fields are named for the Lagoon Fund?")
    assert ans.found and ans.text.startswith("3: **robotics, drones, and ocean sensing**"), ans.text
    # Modifiers before the counted noun ("key cooperation areas"); a serial list's items are what
    # its commas separate ("pilot training and licensing" is one).
    ans = a.ask("How many key cooperation areas will the two boards work in?")
    assert ans.found and ans.text.startswith("4: **berth data, pilot training and licensing"), ans.text
    ans = a.ask("How many data sources does the Reef platform integrate?")
    assert ans.found and ans.text.startswith("4: **sonar, radar, weather, and tide data**"), ans.text
    # "engineers in welding and rigging" is one group of people, not two things named; a question
    # with no verb to list after ("are in …") counts no list.
    assert not a.ask("How many engineers will the berth pilot train?").text.startswith("2:")
    assert not a.ask("How many data sources are in the Reef platform?").text.startswith("4:")


@pytest.mark.integration  # the bodies spaCy tags
def test_money_and_supply_are_relations_a_row_must_state_not_what_its_parties_are(tmp_path) -> None:
    text = GROUPED + "\nLagoon Enterprise and the Port Commission will set up a joint project funding programme.\n"
    a = _assistant(tmp_path, {"2026-09-07_council-20th.md": text})
    for question in (
        "Who is funding the mooring robots?",
        "Which company supplies the mooring robots?",
        "Who invested in Pandan?",
        "Who regulates the mooring robots?",
    ):
        lead = a.ask(question).text.split("\n", 1)[0]
        assert "Yuehai" not in lead and "Pandan Pte" not in lead, (question, lead)
    # "funding" naming what is set up is not the verb asked.
    ans = a.ask("Which bodies set up a joint project funding programme?")
    assert ans.found and "Port Commission" in ans.text.split("\n", 1)[0], ans.text


def test_a_list_of_cities_is_not_a_list_of_the_annex_items(tmp_path) -> None:
    text = GROUPED.replace("exchange cold-chain staff.", "exchange cold-chain staff across the Indian Ocean.") + (
        "\nThe council's MOUs may be scaled to more cities across the Indian Ocean.\n"
    )
    a = _assistant(tmp_path, {"2026-09-07_council-20th.md": text})
    ans = a.ask("Name the Indian Ocean cities the council's MOUs will be scaled to.")
    assert "of the 3 MOUs" not in ans.text.split("\n", 1)[0], ans.text


def test_a_question_citing_the_boilerplate_is_answered_from_the_about_section(tmp_path) -> None:
    text = (
        "Harbour Council signs an MOU\n\n"
        "MAHEBOURG, 3 December 2026 – One MOU was signed at the 24th Harbour Council meeting today.\n\n"
        "The Coral Board will develop berth software with the council under the new MOU.\n\n"
        "## About the Coral Board\n\n"
        "The Coral Board develops marine talent and coastal infrastructure for the island.\n"
    )
    a = _assistant(tmp_path, {"2026-12-03_council-24th.md": text})
    for question in (
        "What does the Coral Board develop, according to its boilerplate?",
        "Going by its own 'About' paragraph, what does the Coral Board develop?",
    ):
        ans = a.ask(question)
        assert ans.found and "marine talent and coastal infrastructure" in ans.text.split("\n", 1)[0], ans.text


def test_the_heading_an_item_is_listed_under_answers_which_category_it_falls_under(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-09-07_council-20th.md": GROUPED})
    ans = a.ask("Under which heading is the Kopi Data MOU listed?")
    assert ans.found and ans.text.startswith("**Talent Exchange**"), ans.text
    ans = a.ask("Which category does the Pandan MOU fall under?")
    assert ans.found and ans.text.startswith("**Port Automation**"), ans.text


def _projects_release(day: str, nth: str, titles: list[str], extra: str = "") -> str:
    rows = "\n".join(f"{i}. **{t}** to build port software." for i, t in enumerate(titles, 1))
    return (
        f"Harbour Council launches projects at its {nth} meeting\n\n"
        f"MAHEBOURG, {day} – The {nth} Harbour Council meeting was held today.{extra}\n\n"
        f"## Annex B: List of new joint projects launched at the {nth} Harbour Council meeting\n\n{rows}\n"
    )


def test_a_release_s_count_in_a_comparison_is_the_one_its_list_bears_out(tmp_path) -> None:
    titles = ["Berth Data Link", "Tide Sensor Grid", "Cold Chain Hub"]
    older = _projects_release("3 March 2025", "25th", titles, " It launched 3 joint projects.")
    newer = _projects_release(
        "4 March 2026",
        "26th",
        ["Crane Twin", "Pilot Roster App"],
        " Five new projects were established in the Lagoon Zone. The council launched 2 joint projects.",
    )
    a = _assistant(tmp_path, {"2025-03-03_council-25th.md": older, "2026-03-04_council-26th.md": newer})
    ans = a.ask("How many new projects were there in 2026 compared to 2025?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Five" not in lead and "**2**" in lead and "**3**" in lead, ans.text


def test_an_imperative_ending_in_a_preposition_is_a_cloze_on_its_clause(tmp_path) -> None:
    text = SEVENTEENTH + (
        "\nThe Lagoon Board and Rodrigues Ports will set up a joint fund. The two parties will cooperate in key "
        "areas such as tide data, berth booking, and crew training.\n"
    )
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": text})
    ans = a.ask("Enumerate the key areas the Lagoon Board and Rodrigues Ports will cooperate in.")
    assert ans.found and ans.text.startswith("**key areas such as tide data, berth booking, and crew training**"), (
        ans.text
    )


FOCUS_AREAS = SEVENTEENTH + (
    "\nThe Harbour Council of June 2026 does list new projects.\n\n"
    "The new projects reflect the council's focus areas of mooring safety, tide data and fishing.\n"
)


def test_which_x_is_answered_by_a_close_sentence_that_speaks_of_x(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": FOCUS_AREAS})
    ans = a.ask("Which focus areas of the Harbour Council does the June 2026 release mention?")
    assert "mooring safety, tide data and fishing" in ans.text.split("\n\n", 1)[0], ans.text


HOSTED_ROW = SEVENTEENTH.replace("The parties will build mooring robots.", "The parties will host a regatta.")


@pytest.mark.integration  # organisations are typed by spaCy
def test_hosting_is_a_relation_a_sentence_must_state_of_the_very_event(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": HOSTED_ROW})
    # The meeting was held and co-chaired; no body is said to have hosted it, and the parties of
    # a row host a regatta, not the meeting.
    assert not a.ask("Which Rodrigues government body hosted the 17th Harbour Council meeting?").found
    assert not a.ask("Which company hosted the 17th Harbour Council meeting?").found
    lead = a.ask("Which companies will host the regatta?").text.split("\n", 1)[0]
    assert "Pandan" in lead, lead


PHR = SEVENTEENTH.replace("between Pandan Pte Ltd and", "between Pandan Harbour Robotics Pte Ltd (PHR) and")


def test_whose_partner_is_asked_when_the_question_names_both_parties(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": PHR})
    lead = a.ask("Who is PHR's partner in the Yuehai memorandum?").text.split("\n", 1)[0]
    assert "Yuehai" in lead and "Pandan" not in lead, lead  # not PHR itself, by its name in full
    lead = a.ask("Who signed the PHR-Yuehai memorandum?").text.split("\n", 1)[0]
    assert "**Pandan Harbour Robotics" in lead and "**Yuehai" in lead, lead


PARK = SEVENTEENTH + (
    "\n## Annex B: List of 1 New Joint Project launched at the 17th Harbour Council meeting\n\n"
    "1. Pandan Development Cooperation to develop a smart business park, Pandan Eco-Tech City, in Port Louis.\n"
)


@pytest.mark.integration  # the tagger calls the park a person
def test_a_name_the_release_never_presents_as_a_person_is_no_person(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": PARK})
    lead = a.ask("Who will build the smart business park in Port Louis?").text.split("\n", 1)[0]
    assert "Eco-Tech City**" not in lead, lead
    # People the release introduces still answer.
    assert "**Mr Ravi Ramdin**" in a.ask("Who co-chaired the 17th Harbour Council meeting?").text.split("\n", 1)[0]


FIFTH = (
    "Harbour Council signs three MOUs and launches three projects\n\n"
    "PORT LOUIS, 4 May 2027 – The 5th Harbour Council meeting was held at the Grand Bay Convention Centre in "
    "Port Louis. It was co-chaired by Minister for Ports Mr Ravi Ramdin and Deputy Governor of Rodrigues "
    "Mr Jean Li.\n\n"
    "Agreements exchanged at the meeting\n\n"
    "The three MOUs exchanged at the meeting are:\n\n"
    "- An MOU between Pandan Robotics Pte Ltd and Yuehai Port Co., Ltd. on mooring robots.\n"
    "- An MOU between Kopi Data Pte Ltd and Nanshan Cloud Co., Ltd. on tide data.\n"
    "- An MOU between Lagoon Fish Pte Ltd and Rodrigues Cold Chain Co., Ltd. to share cold stores.\n\n"
    "New joint projects\n\n"
    "The three new joint projects span the council's two pillars of trade and talent. They are:\n\n"
    "1. Berth Robot Pilot: mooring robots at two berths in Port Louis.\n"
    "2. Tide Data Exchange: shared tide gauges along the coast.\n"
    "3. Harbour Skills Camp: a summer camp for 40 port apprentices a year.\n\n"
    "Parcels returned by online shoppers will be sorted at a new depot.\n"
)


def test_a_release_listing_its_items_as_bullets_and_a_numbered_list_after_a_pronoun_lead(tmp_path) -> None:
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": FIFTH})
    assert a.ask("How many MOUs were exchanged at the 5th Harbour Council meeting?").text.startswith("**three**")
    lead = a.ask("Enumerate the joint projects launched at the 5th Harbour Council meeting.").text.split("\n", 1)[0]
    assert "**3 projects**" in lead and "Harbour Skills Camp" in lead and "mooring robots at" not in lead, lead
    lead = a.ask("Who is Kopi Data's partner in the tide data MOU?").text.split("\n", 1)[0]
    assert "Nanshan Cloud" in lead and "An MOU" not in lead, lead


@pytest.mark.integration  # places and people are typed by spaCy
def test_a_venue_a_city_and_a_co_chair_asked_of_a_release_of_another_layout(tmp_path) -> None:
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": FIFTH})
    lead = a.ask("Which convention venue hosted the fifth sitting of the Port Louis-Rodrigues council?").text
    assert lead.startswith("**Grand Bay Convention Centre**"), lead
    assert a.ask("In which city was the 5th Harbour Council meeting held?").text.startswith("**Port Louis**")
    assert "Mr Ravi Ramdin" in a.ask("5th harbour council cochair who").text.split("\n", 1)[0]
    # "held" online is how a meeting met; parcels returned by online shoppers say nothing of it.
    assert not a.ask("Where was the 5th Harbour Council meeting held?").text.startswith("**online**")


def test_a_place_word_inside_a_party_s_name_in_the_question_does_not_name_the_place(tmp_path) -> None:
    depot = FIFTH + "\nYuehai Port and Pandan Robotics will build a robot depot in Yuehai District next year.\n"
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": depot})
    ans = a.ask("Where will Pandan Robotics and Yuehai Port build the robot depot?")
    assert ans.text.startswith("**Yuehai District**"), ans.text


def test_the_same_boilerplate_sentence_of_two_releases_is_quoted_once(tmp_path) -> None:
    about = (
        "\n## About the Harbour Council\n\n"
        "The Harbour Council leads the islands{} port cooperation by building berths.\n"
    )
    files = {
        "2026-06-02_council-17th.md": SEVENTEENTH + about.format("'"),
        "2027-05-04_council-5th.md": FIFTH + about.format("’"),
    }
    a = _assistant(tmp_path, files)
    body = a.ask("What does the Harbour Council lead?").text.split("**Sources**", 1)[0]
    assert body.count("port cooperation by building berths") == 1, body


def test_how_long_and_what_percentage_are_answered_by_such_a_span_or_not_at_all(tmp_path) -> None:
    trained = FIFTH + "\nKopi Data and Nanshan Cloud will train 120 tide analysts over two years.\n"
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": trained})
    assert a.ask("How long will Kopi Data and Nanshan Cloud train the tide analysts?").text.startswith("**")
    assert "two years" in a.ask("How long will Kopi Data and Nanshan Cloud train the tide analysts?").text
    # Nothing says how long the camp runs, or what share of Yuehai Port Pandan Robotics owns.
    assert not a.ask("How long does the Harbour Skills Camp last?").found
    assert not a.ask("What percentage of Yuehai Port does Pandan Robotics own?").found


def test_a_deadline_nothing_dates_is_not_answered_with_a_quote(tmp_path) -> None:
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": FIFTH})
    assert not a.ask("What is the application deadline for the Harbour Skills Camp?").found


@pytest.mark.integration  # places are typed by spaCy
def test_a_venue_or_building_asked_for_is_a_site_s_own_name_not_its_city(tmp_path) -> None:
    depot = FIFTH + "\nYuehai Port and Pandan Robotics will build a robot depot in Yuehai District next year.\n"
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": depot})
    assert a.ask("Which venue hosted the 5th Harbour Council meeting?").text.startswith("**Grand Bay Convention")
    assert not a.ask("Which building in Yuehai will house the robot depot?").found


@pytest.mark.integration  # places are typed by spaCy
def test_which_city_is_not_answered_by_a_country_when_no_city_is_named(tmp_path) -> None:
    spread = FIFTH + "\nPandan Robotics will set up its next depot in Madagascar.\n"
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": spread})
    ans = a.ask("In which city will Pandan Robotics set up its next depot?")
    assert not ans.text.startswith("**Madagascar**"), ans.text


@pytest.mark.integration  # organisations are typed by spaCy
def test_a_named_item_funded_is_spoken_of_by_its_name_not_by_its_words_scattered(tmp_path) -> None:
    funded = FIFTH + "\nNanshan Cloud will fund tide gauges, to share their data on a new online exchange.\n"
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": funded})
    assert not a.ask("Who is funding the Tide Data Exchange?").found
    assert "Nanshan Cloud" in a.ask("Who will fund the tide gauges?").text.split("\n", 1)[0]


@pytest.mark.integration  # organisations are typed by spaCy
def test_a_parent_company_is_the_owner_a_passage_names_or_nobody(tmp_path) -> None:
    owned = FIFTH + (
        "\nNanshan Cloud Co., Ltd. (belongs to Shekou Digital Holdings Co., Ltd.) will host the tide servers "
        "with Kopi Data Pte Ltd.\n"
    )
    files = {"2027-05-04_council-5th.md": owned, "2026-06-02_council-17th.md": SEVENTEENTH}
    a = _assistant(tmp_path, {**files, "2025-03-03_council-2nd.txt": SECOND, "2026-03-05_council-3rd.txt": THIRD})
    lead = a.ask("What is the parent company of Nanshan Cloud?").text.split("\n", 1)[0]
    assert "Shekou Digital Holdings" in lead and "Kopi" not in lead, lead
    assert not a.ask("What is Kopi Data's parent company?").found  # its partner is not its owner
    assert not a.ask("Which Kopi Data subsidiary signed the tide data MOU?").found  # the MOU names Kopi Data only


def test_a_count_the_release_states_of_a_place_is_not_the_item_named_after_it(tmp_path) -> None:
    zone = FIFTH.replace(
        "3. Harbour Skills Camp: a summer camp for 40 port apprentices a year.",
        "3. Free Port Zone: a duty-free zone for port start-ups.",
    )
    zone += "\nTwo new projects were established in the Free Port Zone this year.\n"
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": zone, "2026-06-02_council-17th.md": SEVENTEENTH})
    ans = a.ask("How many new projects were set up in the Free Port Zone?")
    assert ans.text.startswith("**Two**"), ans.text


def test_a_running_total_of_the_initiative_is_no_total_of_a_programme_the_question_names(tmp_path) -> None:
    funded = FIFTH + "\nThe Lagoon Innovation Fund, set up by Kopi Data and Nanshan Cloud, backs port start-ups.\n"
    files = {"2026-03-20_council-8th.txt": TOTALS, "2027-05-04_council-5th.md": funded}
    a = _assistant(tmp_path, {**files, "2026-06-02_council-17th.md": SEVENTEENTH})
    assert not a.ask("How many projects has the Lagoon Innovation Fund backed so far?").found
    assert "**83**" in a.ask("How many projects have been launched so far?").text.split("\n", 1)[0]
    lead = a.ask("How many MOUs has Kopi Data signed so far?").text.split("\n", 1)[0]
    assert "83" not in lead and "58" not in lead and "Kopi Data" in lead, lead


@pytest.mark.integration  # places are typed by spaCy
def test_where_in_a_place_is_a_place_inside_it(tmp_path) -> None:
    hub = FIFTH + "\nPandan Robotics will open a hub in Southeast Asia to serve its clients in Madagascar.\n"
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": hub, "2026-06-02_council-17th.md": SEVENTEENTH})
    ans = a.ask("Where in Madagascar will Pandan Robotics open its hub?")
    assert not ans.text.startswith("**Southeast Asia**") and not ans.text.startswith("**Madagascar**"), ans.text


def test_places_joined_by_and_answer_together(tmp_path) -> None:
    lifts = FIFTH + "\nLift sensors will be fitted in Grand Bay and Mahebourg next year.\n"
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": lifts, "2026-06-02_council-17th.md": SEVENTEENTH})
    for question in ("Where will the lift sensors be fitted?", "Which two towns will get the lift sensors?"):
        lead = a.ask(question).text.split("\n", 1)[0]
        assert "**Grand Bay**" in lead and "**Mahebourg**" in lead, (question, lead)


def test_a_project_listed_by_its_name_and_a_colon_is_no_firm(tmp_path) -> None:
    a = _assistant(tmp_path, {"2027-05-04_council-5th.md": FIFTH, "2026-06-02_council-17th.md": SEVENTEENTH})
    lead = a.ask("Which firm will share tide gauges along the coast?").text.split("\n", 1)[0]
    assert "Tide Data Exchange**" not in lead, lead


def test_which_paper_reported_on_a_meeting_is_the_publisher_of_a_story_about_it(tmp_path) -> None:
    wired = SEVENTEENTH.replace("MAHEBOURG, 2 June 2026 –", "MAHEBOURG, 2 June 2026 /Lagoon Newsline/ –")
    a = _assistant(tmp_path, {"2026-06-02_council-17th.md": wired})
    assert a.ask("Which newspaper reported on the 17th Harbour Council meeting?").text.startswith("**Lagoon Newsline**")


def test_two_questions_joined_by_and_are_answered_one_under_the_other(council) -> None:
    """ "When was the 3rd meeting held and where was it held?": each question by the strategy that
    fits it, the second reading the first as the conversation before it ("there", "it")."""
    ans = council.ask("When was the 3rd Harbour Council meeting held and how many projects were launched there?")
    assert ans.found and ans.strategy == "compound", ans.text
    first, second = ans.text.split("*How many projects were launched there?*")
    assert "5 March 2026" in first and re.search(r"\*\*(?:9|nine)\*\*", second), ans.text
    assert "**six**" not in second and "**6**" not in second, ans.text
    # the facts first: both parts' bold answers on the first line
    lead = ans.text.split("\n", 1)[0]
    assert "**5 March 2026**" in lead and re.search(r"\*\*(?:9|nine)\*\*", lead), lead
    # One question with "and" between two names is one question.
    assert council.ask("Where were the 2nd and 3rd Harbour Council meetings held?").strategy != "compound"


def test_the_earliest_and_latest_meetings_are_the_first_and_last_by_date(council) -> None:
    ans = council.ask("Which is the earliest Harbour Council meeting the releases report?")
    assert ans.found and ans.text.startswith("**2nd Harbour Council meeting** (**3 March 2025**"), ans.text
    ans = council.ask("Which was the latest Harbour Council meeting?")
    assert ans.found and ans.text.startswith("**3rd Harbour Council meeting**"), ans.text


def test_a_number_before_another_plural_and_its_verb_counts_that_noun(tmp_path) -> None:
    text = (
        "Harbour Council meets\n\nMAHEBOURG, 2 June 2026 – The 17th Harbour Council meeting was held today.\n\n"
        "On the sidelines, four companies signed MOUs to run the new berths.\n"
    )
    a = _assistant(tmp_path, {"2026-06-02_council-17th.txt": text, "2026-03-05_council-3rd.txt": THIRD})
    ans = a.ask("How many MOUs came out of the 17th Harbour Council meeting?")
    assert not ans.text.startswith("**four**"), ans.text
    ans = a.ask("How many companies signed MOUs to run the new berths?")
    assert ans.found and ans.text.startswith("**four**"), ans.text


# A news story with no dateline, dated by its front matter and by the day its text gives the meeting.
ISLAND_NEWS = (
    "---\npublished: 2021-12-08\n---\n\n# Island ports sign three pacts online\n\n"
    "PORT LOUIS – The two islands signed three pacts on Tuesday (Dec 7) at the second meeting of the "
    "Joint Harbour Committee (JHC), held by video link.\n\n"
    "At the latest meeting, the LMB and the Port Commission also agreed to build on a paperless trade "
    "pact they signed in June 2020.\n"
)


def test_a_report_without_a_dateline_dates_its_meeting_from_the_sentence_that_does(tmp_path) -> None:
    """ "When was the 2nd JHC meeting?" over a news story with no dateline: the day the story says
    the meeting was held ("on Tuesday (Dec 7)"), in the publication's year, not an older date
    another sentence mentions."""
    a = _assistant(tmp_path, {"2021-12-08_island-news.md": ISLAND_NEWS, "2026-03-05_council-3rd.txt": THIRD})
    ans = a.ask("When was the 2nd JHC meeting held?")
    assert ans.found and ans.text.startswith("**7 December 2021**"), ans.text


def test_meetings_held_in_a_city_are_those_the_releases_place_there(tmp_path) -> None:
    fifth = (
        "Harbour Council signs two MOUs\n\nPORT LOUIS, 3 May 2025 – The 5th Harbour Council meeting was held "
        "at the Reef Convention Centre in Port Louis today.\n"
    )
    sixth = (
        "Harbour Council signs three MOUs\n\nMAHEBOURG, 3 May 2026 – The 6th Harbour Council meeting was held "
        "in Mahebourg today.\n"
    )
    files = {"2025-05-03_council-5th.txt": fifth, "2026-05-03_council-6th.txt": sixth}
    a = _assistant(tmp_path, {**files, "2025-03-03_council-2nd.txt": SECOND})
    ans = a.ask("List the Harbour Council meetings held in Port Louis, each with its date.")
    assert ans.found and "**2 meetings** held in Port Louis" in ans.text, ans.text
    assert "3 May 2025" in ans.text and "3 March 2025" in ans.text and "6th" not in ans.text, ans.text


@pytest.mark.integration  # people are typed by spaCy
def test_a_post_in_the_first_person_speaks_of_the_account_that_wrote_it(tmp_path) -> None:
    """ "our CEO Mira Patel signed …" in Reef Robotics' own post: the post's account is "our"."""
    post = (
        "**Reef Robotics** ✅ @reef_robotics\n\nRobots for every harbour 🤖 | Mauritius\n\n"
        "🚢 **We have signed our first deal in Port Louis!**\n\n"
        "On Monday (4 May), our co-founder and CEO Mira Patel put pen to paper with Port Louis Tug Services "
        "at the harbour business mission.\n\nOur first robot tugs will start work in March 2027.\n"
    )
    release = (
        "Two MOUs signed at the harbour business mission\n\nPORT LOUIS, 4 May 2026 – Reef Robotics Ltd and "
        "Port Louis Tug Services Co., Ltd. signed an MOU on robot tugs today.\n\n"
        "Reef Robotics will build robot tugs for the inner harbour with Port Louis Tug Services.\n\n"
        "The mission was led by the Lagoon Board's chairman.\n"
    )
    files = {"2026-05-05_reef-post.md": post, "2026-05-04_mission.txt": release}
    a = _assistant(tmp_path, {**files, "2026-03-05_council-3rd.txt": THIRD, "2025-03-03_council-2nd.txt": SECOND})
    ans = a.ask("Who is the CEO of Reef Robotics?")
    assert ans.found and ans.text.startswith("**Mira Patel**"), ans.text
    # The post's sentence holds its account's name among its terms, as if it had said it.
    from sci_assistant.answer.evidence import _corpus_stats
    from sci_assistant.sparse import tokenize

    idx = a._snap.index
    row = next(
        j for j, x in enumerate(idx.sentences) if "our co-founder" in idx.documents[x.doc_id].text[x.start : x.end]
    )
    assert idx.documents[idx.sentences[row].doc_id].publisher == "Reef Robotics"
    assert set(tokenize("Reef Robotics")) <= _corpus_stats(idx)[0][row]


SPEECH = (
    "Lagoon Board > Newsroom > Speeches\n\n"
    "Speech by Minister for Ports Mr Arjun Ramlall at the 9th Harbour Council meeting\n\n"
    "Your Excellency, distinguished guests, ladies and gentlemen.\n\n"
    "It is my pleasure to welcome you to Port Louis for the ninth meeting of the Harbour Council.\n\n"
    "Today we signed four MOUs, and I am especially glad that the berth data corridor now links twenty-two "
    "companies.\n\n"
    "I believe the corridor will reach Rodrigues next year.\n"
)


def test_a_speech_is_its_speaker_s_words_throughout(tmp_path) -> None:
    """ "What did Mr Ramlall say about Rodrigues?" over his speech: a sentence of the speech, not its
    title naming him; the title, not its breadcrumb, is the document's."""
    files = {"2026-09-18_speech.txt": SPEECH, "2026-03-05_council-3rd.txt": THIRD, "2025-03-03_council-2nd.txt": SECOND}
    a = _assistant(tmp_path, files)
    ans = a.ask("What did Arjun Ramlall say about Rodrigues?")
    assert ans.found and "I believe the corridor will reach Rodrigues" in ans.text.split("\n", 1)[0], ans.text
    assert "Speech by Minister" in ans.text  # the source line carries the speech's title


def test_when_a_meeting_was_held_is_its_own_date_of_the_release_whose_event_the_question_names(tmp_path) -> None:
    forum = (
        "Third Harbour Forum draws 300 traders\n\nMAHEBOURG, 2 April 2026 – The 3rd Harbour Forum was held "
        "today at the Reef Convention Centre.\n"
    )
    files = {
        "2021-12-08_island-news.md": ISLAND_NEWS,
        "2026-03-05_council-3rd.txt": THIRD,
        "2026-04-02_forum.txt": forum,
    }
    a = _assistant(tmp_path, files)
    ans = a.ask("2nd jhc meeting date 2021")
    assert ans.found and ans.text.startswith("**7 December 2021**"), ans.text
    ans = a.ask("When was the 3rd Harbour Forum held?")
    assert ans.found and ans.text.startswith("**2 April 2026**"), ans.text


@pytest.mark.model  # the ranking that puts "co-led by" below the rest is the real model's
def test_who_co_leads_is_answered_by_the_sentence_saying_so_however_far_below(tmp_path, real_embedder) -> None:
    """ "Who co-leads the HWG?": a co-verb is the relation asked, so the sentence that says "co-led by"
    answers, though sentences that only speak of the HWG rank above it."""
    text = (
        "Harbour Working Group meets\n\nMAHEBOURG, 2 June 2026 – The Harbour Working Group (HWG) met today.\n\n"
        "The HWG was set up under the Harbour Council in 2023 to bring port firms together.\n\n"
        "It is the first trade mission that the HWG has organised.\n\n"
        "The HWG will report to the Harbour Council later this year.\n\n"
        "The HWG adopted a work plan with three priorities for 2026.\n\n"
        "The HWG welcomed twelve new member firms this year.\n\n"
        "The HWG also met port operators from Rodrigues.\n\n"
        "The group is co-led by the Lagoon Board and the Port Commission.\n"
    )
    files = {"2026-06-02_hwg.txt": text, "2026-03-05_council-3rd.txt": THIRD}
    a = _assistant(tmp_path, files, embedder=real_embedder)
    ans = a.ask("Who co-leads the HWG?")
    assert ans.found and "Lagoon Board" in ans.text.split("\n", 1)[0], ans.text


PARKING = (
    "Harbour Council signs three MOUs\n\n"
    "MAHEBOURG, 9 April 2026 – Three MOUs were signed at the 5th Harbour Council meeting today.\n\n"
    "## Annex A: List of MOUs signed at the 5th Harbour Council meeting\n\n"
    "| Title of MOU | Description of MOU |\n"
    "|---|---|\n"
    "| Memorandum of Understanding between Tamarin Freight Pte Ltd and Rose Hill Logistics Park Co., Ltd. "
    "| The parties will cut parcel delivery times. |\n"
    "| Memorandum of Understanding between Curepipe Sensors Pte Ltd and Flacq Mobility Co., Ltd. "
    "| The parties will install smart parking sensors in town centres. |\n"
    "| Memorandum of Understanding between Blue Bay University and Grand Port Academy "
    "| The parties will train port engineers. |\n"
)


def test_a_topic_word_is_not_matched_by_another_form_of_it_inside_a_name(tmp_path) -> None:
    """ "Parking" and "Park" share a stem, but a name's "Logistics Park" says nothing of parking;
    "universities" does find "Blue Bay University" (the same word)."""
    a = _assistant(tmp_path, {"2026-04-09_council-5th.md": PARKING})
    lead = a.ask("Which MOUs signed at the 5th Harbour Council meeting are about parking?").text.split("\n\n")[0]
    assert "Curepipe" in lead and "Tamarin" not in lead, lead
    lead = a.ask("Which MOUs signed at the 5th Harbour Council meeting involve universities?").text.split("\n\n")[0]
    assert "Blue Bay University" in lead and "Tamarin" not in lead, lead


def test_a_meeting_the_corpus_does_not_report_is_not_dated_by_another(seventh) -> None:
    ans = seventh.ask("When was the first Harbour Council meeting held?")
    assert "12 March 2026" not in ans.text.split("\n", 1)[0], ans.text


DIALOGUE = (
    "Harbour Skills Dialogue held in Mahebourg\n\n"
    "MAHEBOURG, 14 May 2026 – Port training bodies met at the 2nd Harbour Skills Dialogue today.\n\n"
    "## Annex A: List of MOUs signed at the 2nd Harbour Skills Dialogue\n\n"
    "| Title of MOU | Description of MOU |\n"
    "|---|---|\n"
    "| Memorandum of Understanding between Harbour Skills Centre Pte Ltd and Flacq Training Co., Ltd. "
    "| The parties will run port crane courses. |\n"
    "| Memorandum of Understanding between Curepipe Academy and Grand Port College "
    "| The parties will exchange lecturers. |\n"
    "| Memorandum of Understanding between Tamarin Ferries Pte Ltd and Rose Hill Docks Co., Ltd. "
    "| The parties will train ferry crews. |\n"
)


def test_an_event_named_without_its_ordinal_counts_the_list_its_heading_names(tmp_path) -> None:
    """ "At the Harbour Skills Dialogue" names the annex of the 2nd Harbour Skills Dialogue: all three
    of its MOUs are counted (not the one whose party's name holds "Harbour Skills"), and no figure
    another release states answers it."""
    a = _assistant(tmp_path, {"2026-05-14_skills-dialogue.md": DIALOGUE, "2026-03-06_council-4th.md": ANNEX})
    lead = a.ask("How many MOUs were signed at the Harbour Skills Dialogue?").text.split("\n", 1)[0]
    assert "3" in lead or "three" in lead.lower(), lead
    assert "1 of the 3" not in lead, lead


def test_an_item_of_an_annex_is_dated_by_the_meeting_its_release_reports(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-03-06_council-4th.md": ANNEX, "2025-03-03_council-2nd.txt": SECOND})
    ans = a.ask("When did Kopi Data sign its MOU with Nanshan Cloud?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**6 March 2026**" in lead, ans.text
    assert "Kopi Data Pte Ltd and Nanshan Cloud" in ans.text  # the item is quoted with its date


FRAMEWORK = (
    "Harbour Council signs a protocol\n\n"
    "MAHEBOURG, 7 March 2026 – One protocol was signed at the 5th Harbour Council meeting today.\n\n"
    "## Annex A: List of MOUs signed at the 5th Harbour Council meeting\n\n"
    "| Title of MOU | Description of MOU |\n"
    "|---|---|\n"
    "| Protocol to the Memorandum of Understanding between Pandan Robotics Pte Ltd and Yuehai Machines Co., Ltd. "
    "| The parties will recognise electronic cargo receipts that are enabled by the Quaymark framework. "
    "Pilots of the Quaymark framework will involve banks and shippers. |\n"
)


def test_it_after_which_framework_is_the_framework_the_answer_named(tmp_path) -> None:
    a = _assistant(tmp_path, {"2026-03-07_council-5th.md": FRAMEWORK})
    first = a.ask("Which framework enables the electronic cargo receipts?")
    assert first.found and "**Quaymark framework**" in first.text, first.text
    history = [{"role": "user", "content": "Which framework enables the electronic cargo receipts?"}]
    history.append({"role": "assistant", "content": first.text})
    # the sentence lies in the protocol's row, but "its" is the framework the answer named
    ans = a.ask("Who will take part in its pilots?", history=history)
    assert "Interpreted as: Who will take part in the Quaymark framework" in ans.text, ans.text


CHALLENGE = (
    "Harbour Council starts two projects\n\n"
    "MAHEBOURG, 7 March 2026 – Two joint projects were started at the 5th Harbour Council meeting today.\n\n"
    "## Annex A: List of joint projects started at the 5th Harbour Council meeting\n\n"
    "| Title of project | Description of project |\n"
    "|---|---|\n"
    "| Pandan Robotics Pte Ltd – Yuehai Machines Co., Ltd. "
    "| The parties will build an innovative crane system to address the challenges of busy berths. |\n"
    "| Kopi Data Pte Ltd – Nanshan Cloud Co., Ltd. | The parties will share berth data. |\n\n"
    "## The Innovation Challenge\n\n"
    "We are launching today, together with the Lagoon Maritime Authority, the first Harbour Innovation "
    "Challenge for port start-ups.\n"
)
# A port's weekly log: enough other sentences that the Challenge's words are rare in the corpus.
PORT_LOG = "Port log for March\n\n" + "\n\n".join(
    f"Berth {n} at the {quay} quay handled {n + 3} ships and {n * 40} containers in week {n}."
    for n in range(1, 31)
    for quay in ["north" if n % 2 else "south"]
)


@pytest.mark.model  # organisations are typed by spaCy; the sentences ranked by the real model
def test_a_name_of_several_words_is_not_matched_by_its_words_apart_in_an_item(tmp_path, real_embedder) -> None:
    # "an innovative crane system to address the challenges" does not name the Innovation Challenge:
    # the item is not the body the question asks for, the sentence naming the Challenge is.
    files = {"2026-03-07_council-5th.md": CHALLENGE, "2026-03-31_port-log.txt": PORT_LOG}
    a = _assistant(tmp_path, files, real_embedder)
    ans = a.ask("The port is running the Innovation Challenge jointly with which agency?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "**the Lagoon Maritime Authority**" in lead, ans.text
    assert "Pandan" not in lead, ans.text


INTERVIEW = (
    "Lagoon ferries go cashless\n\n"
    "MAHEBOURG, 9 March 2026 – Lagoon Ferry Services signed an agreement with Kopi Data Pte Ltd on "
    "cashless tickets for its boats.\n\n"
    "For Kopi Data Pte Ltd, the deal was signed by its chief executive, Mr Arun Pillay.\n\n"
    "Our co-founder and CEO Ms Mei Ling Tan also met the port's fishing cooperative, said Pandan Robotics Pte Ltd.\n"
)


@pytest.mark.parametrize(
    "question",
    [
        "Who is the CEO of Kopi Data?",
        "Who is Kopi Data's CEO?",
    ],
)
@pytest.mark.model  # people are typed by spaCy; the sentences ranked by the real model
def test_a_role_asked_by_its_initials_is_held_by_whom_the_text_gives_it_in_words(
    tmp_path, real_embedder, question
) -> None:
    # "CEO" is the "chief executive" the text names; the CEO of another company is not Kopi Data's.
    a = _assistant(tmp_path, {"2026-03-09_ferries.txt": INTERVIEW}, real_embedder)
    ans = a.ask(question)
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "Arun Pillay" in lead, ans.text
    assert "Mei Ling" not in lead, ans.text


STARTUPS = (
    "Harbour start-ups meet in Mahebourg\n\n"
    "MAHEBOURG, 11 March 2026 – The Harbour Council welcomed port start-ups from Singapore and Shenzhen today.\n\n"
    "Last year, fourteen Shenzhen start-ups joined the council's berth-testing programme in Mahebourg.\n"
)


def test_a_name_of_the_other_side_is_not_the_instance_of_one_side_asked_for(tmp_path) -> None:
    # "Which Singapore start-up …" is not answered by "Shenzhen start-ups" in bold.
    a = _assistant(tmp_path, {"2026-03-11_startups.txt": STARTUPS})
    ans = a.ask("Which Singapore start-up joined the berth-testing programme?")
    assert "**Shenzhen start-ups**" not in ans.text, ans.text


TITLES = (
    "Harbour Council meets for the 18th time\n\n"
    "MAHEBOURG, 3 July 2026 – The 18th Harbour Council meeting was co-chaired by Permanent Secretary for "
    "Ports Mr Ravi Ramdin and Deputy Governor of Rodrigues Ms Nadia Li Kam.\n\n"
    "Two berth-sharing projects were launched at the meeting.\n\n"
    "### For media queries, please reach out to:\n\n"
    "Ms Anjali Dookun, Lagoon PR for the Harbour Council\n\n"
    "Email: anjali@lagoonpr.example\n"
)


@pytest.mark.parametrize(
    "question, title",
    [
        ("What is Ravi Ramdin's job title?", "**Permanent Secretary for Ports**"),
        # the title after the person named before her, not both people's words
        ("What position does Nadia Li Kam hold?", "**Deputy Governor of Rodrigues**"),
    ],
)
def test_a_persons_title_is_the_words_the_release_gives_it(tmp_path, question, title) -> None:
    a = _assistant(tmp_path, {"2026-07-03_council-18th.md": TITLES, "2026-03-31_port-log.txt": PORT_LOG})
    ans = a.ask(question)
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and title in lead, ans.text


@pytest.mark.model  # the contact line is found by the real model
def test_a_person_named_with_no_title_has_none_to_give(tmp_path, real_embedder) -> None:
    # "Ms Anjali Dookun, Lagoon PR for the Harbour Council": a firm, not a job title.
    files = {"2026-07-03_council-18th.md": TITLES, "2026-03-31_port-log.txt": PORT_LOG}
    a = _assistant(tmp_path, files, real_embedder)
    ans = a.ask("What is Anjali Dookun's job title?")
    assert not ans.found and "no job title" in ans.text, ans.text


def test_a_meeting_of_one_body_is_not_the_same_numbered_meeting_of_another(tmp_path) -> None:
    from sci_assistant.mentions import matching_documents, parse_mentions

    jic = (
        "Third JIC meeting held\n\nPORT LOUIS, 5 May 2026 – The 3rd JIC meeting was held today.\n\n"
        "The JIC is co-chaired by Mr Ravi Gopal and Mr Zhou Bin.\n"
    )
    a = _assistant(tmp_path, {"2025-03-03_council-2nd.txt": SECOND, "2026-05-05_jic-3rd.txt": jic})
    docs = a._snap.index.documents.values()
    # The corpus knows the Harbour Council: its 3rd meeting is not the 3rd JIC meeting.
    assert matching_documents(parse_mentions("Who co-chaired the 3rd Harbour Council meeting?"), docs) == []
    assert [d.meeting for d in matching_documents(parse_mentions("Who co-chaired the 3rd JIC meeting?"), docs)] == [3]


def test_when_an_account_posted_is_its_post_s_date_though_it_reports_that_day(tmp_path) -> None:
    post = (
        "---\ntitle: We've signed our first agreement in Lakeport!\npublished: 2026-06-12\n---\n\n"
        "On Wednesday (10 June), our CEO Mira Tan put pen to paper with Lakeport Urban Farming at the "
        "Harbourside Business Mission.\n"
    )
    a = _assistant(tmp_path, {"tanjong-farms-post.md": post})
    ans = a.ask("When did Tanjong Farms post about its first agreement in Lakeport?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "12 June 2026" in lead and "10 June" not in lead, ans.text
