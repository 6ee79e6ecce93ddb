"""Who did it, when, said in other words than the question's: a passive agent of another verb
for the same act ("presented by" for "who handed out"), either spelling of a verb ("organized" /
"organised"), a body called by the last word of its name ("the Challenge is organised by …"), a
person's title that is not the role asked ("with Minister Tan"), a venue named by the word its
name ends in ("at the Capitol Theatre"), a date the question gives only in part ("Challenge 2028"
— "in March 2028"), and a date said by another verb of the question's ("start moving" — "will
move … from this autumn") or about a thing the question only cites a meeting for ("per the 4th
Ports Forum")."""

from __future__ import annotations

import pytest

from .conftest import assistant_over, lead

AWARDS = (
    "Winners of the Harbour Smart Port Challenge 2027 announced\n\n"
    "PORT LOUIS, 26 November 2027 – Lagoon start-up TideSense has won the grand prize of the Harbour "
    "Smart Port Challenge 2027 for its berth-scheduling software. The winners were announced at a ceremony "
    "at the Caudan Arts Centre this evening. The prizes were presented by Mr Alvin Ramdin, Parliamentary "
    "Secretary for Ports.\n\n"
    "Now in its third year, the Challenge is organised by the Lagoon Ports Innovation Council (LPIC), with "
    "Coral Bank as title sponsor.\n"
)
DOORSTOP = (
    "Transcript of the doorstop with Minister Lim Wei Ming after the 6th Harbour Council meeting\n\n"
    "PORT LOUIS, 24 June 2027\n\n"
    "Reporter: Who was at the meeting?\n\n"
    "Minister Lim: Thank you all for waiting so patiently. Vice Governor Ramsamy Devi and I co-chaired "
    "the 6th Harbour Council this morning. We "
    "agreed on three things.\n"
)
NEWSLETTER = (
    "# Harbour Connect\n\n"
    "## Liaison office opens\n\n"
    "*16 August 2027*\n\n"
    "The Harbour liaison office in Curepipe officially opened at the Ebene Trade Park. The office is staffed "
    "by six officers and headed by Mr Kevin Bissoon. It will help companies with licences and introductions "
    "to local partners.\n"
)
SPONSOR = (
    "Coral Bank to sponsor harbour scholarships\n\n"
    "PORT LOUIS, 3 March 2027 – Mr Dev Ramlall, chief executive of Coral Bank, signed a sponsorship "
    "agreement with the Lagoon Ports Innovation Council today. The signing was witnessed by Ms Farah "
    "Jugnauth, Minister of Ports.\n"
)
NOTICE = (
    "Call for entries\n\n"
    "PORT LOUIS, 1 December 2027 – Applications for the Harbour Smart Port Challenge 2028 will open in "
    "March 2028. Teams of up to five may enter.\n"
)
PILOT = (
    "Lagoon logistics firms to share port data\n\n"
    "PORT LOUIS – Nineteen logistics firms will share customs data through a new platform. The platform, "
    "called Harbour Data Exchange, was launched under the Lagoon Ports Initiative on Tuesday at the Caudan "
    "terminal building.\n\n"
    "Dr Kenneth Mootoo, a senior fellow at the Lagoon Logistics Institute, said the pilot was a sensible first "
    "step. But he cautioned that firms would need clear rules on who owns the shared data.\n"
)
COUNCIL = (
    "Lagoon and Rodrigues sign pacts at Fifth Harbour Council meeting\n\n"
    "PORT LOUIS, 14 May 2027 – The Fifth Harbour Council meeting was held today. A total of nine memoranda "
    "of understanding were exchanged at the meeting, witnessed by the two co-chairs. Details of the MOUs "
    "are in the Annex.\n\n"
    "Annex: List of MOUs exchanged at the Fifth Harbour Council meeting\n\n"
    "| Title of MOU | Parties |\n|---|---|\n"
    "| MOU on Port Data | Lagoon Ports Authority; Rodrigues Port Office |\n"
    "| MOU on Cold Chain | Coral Logistics; Rodrigues Freight |\n"
)
COUNCIL_VENUE = (
    "Second Harbour Council meeting\n\n"
    "The Harbour Council held its 2nd meeting on 30 May 2027 at the Riverside Conference Centre in Port "
    "Louis's Caudan district. Lagoon Ferries will open an office in Port Louis's Bell Village district by the "
    "end of the year. A new ferry terminal opened in Caudan last month.\n\n"
    "The Harbour Secretariat is run jointly by the Lagoon Ports Authority and the Rodrigues Port Office.\n"
)
FORUM = (
    "Ports Forum opens cold-chain corridor\n\n"
    "PORT LOUIS, 18 June 2027 – The 4th Ports Forum was co-chaired by Ms Tan Mei Ling, Second Minister for "
    "Ports, and Mr Ravi Doorgah, Director of Marine Affairs.\n\n"
    "Ms Tan said the two ports would share one customs data standard. She said refrigerated cargo will move "
    "through one digital corridor from this autumn.\n"
)


@pytest.fixture(scope="module")
def harbour(tmp_path_factory):
    files = {
        "2027-11-26_awards.txt": AWARDS,
        "2027-06-24_doorstop.txt": DOORSTOP,
        "2027-08-16_newsletter.md": NEWSLETTER,
        "2027-12-01_notice.txt": NOTICE,
        "2027-03-03_sponsor.txt": SPONSOR,
        "2027-05-11_pilot.txt": PILOT,
        "2027-05-14_council.txt": COUNCIL,
        "2027-05-30_council-venue.txt": COUNCIL_VENUE,
        "2027-06-18_forum.txt": FORUM,
    }
    return assistant_over(tmp_path_factory.mktemp("harbour"), files)


def test_the_agent_of_another_verb_for_the_same_act_answers_who_did_it(harbour) -> None:
    ans = harbour.ask("Who handed out the prizes to the winners?")
    assert ans.found and "**Mr Alvin Ramdin**" in lead(ans), ans.text


@pytest.mark.integration  # (the witness and the party are told apart by spaCy's tags)
def test_a_witness_of_the_act_asked_still_did_not_do_it(harbour) -> None:
    ans = harbour.ask("Who signed the sponsorship agreement with the Lagoon Ports Innovation Council?")
    # (the party that signed answers, never the minister who looked on)
    assert ans.found and "Farah Jugnauth**" not in lead(ans), ans.text


@pytest.mark.parametrize("verb", ["organized", "organises"])
def test_a_body_called_by_the_last_word_of_its_name_in_either_spelling(harbour, verb) -> None:
    ans = harbour.ask(f"Who {verb} the Harbour Smart Port Challenge?")
    assert ans.found and "**the Lagoon Ports Innovation Council" in lead(ans), ans.text
    assert "Coral Bank" not in lead(ans).split("**")[1], ans.text  # (the sponsor is set off by a comma)


def test_the_title_of_a_person_the_question_names_is_not_the_role_asked(harbour) -> None:
    ans = harbour.ask("Who co-chaired the 6th Harbour Council with Minister Lim Wei Ming?")
    assert ans.found and "**Ramsamy Devi**" in lead(ans), ans.text


def test_a_time_said_by_another_verb_of_the_question_about_what_a_meeting_is_cited_for(harbour) -> None:
    ans = harbour.ask(
        "When will refrigerated cargo start moving through one digital corridor, per the 4th Ports Forum?"
    )
    assert ans.found and "**this autumn**" in lead(ans), ans.text


def test_a_venue_named_by_the_word_its_name_ends_in(harbour) -> None:
    ans = harbour.ask("Where were the winners announced at a ceremony?")
    assert ans.found and "**Caudan Arts Centre**" in lead(ans), ans.text


def test_a_date_the_question_gives_only_in_part_answers_it(harbour) -> None:
    ans = harbour.ask("When will applications for the Harbour Smart Port Challenge 2028 open?")
    assert ans.found and "**March 2028**" in lead(ans), ans.text


@pytest.mark.integration  # (the doer is read off spaCy's parse, and the name off its tagger)
def test_a_passive_verb_with_no_by_says_nobody_did_it(harbour) -> None:
    ans = harbour.ask("Who launched Harbour Data Exchange?")
    assert "Lagoon Ports Initiative" not in lead(ans), ans.text


def test_a_total_of_one_meeting_counts_that_meeting(harbour) -> None:
    ans = harbour.ask("How many MOUs were exchanged at the Fifth Harbour Council meeting?")
    assert ans.found and "**nine**" in lead(ans), ans.text


@pytest.mark.integration  # (the person is tagged by spaCy)
def test_he_is_the_one_person_the_sentence_before_names(harbour) -> None:
    # (and "who owns" inside what he said is not the role asked)
    ans = harbour.ask("Who warned that firms would need clear rules on who owns the shared data?")
    assert ans.found and "**Dr Kenneth Mootoo**" in lead(ans), ans.text


@pytest.mark.integration  # (the places and the doers are read by spaCy)
def test_a_district_named_beside_a_venue_and_a_body_run_jointly_by_others(harbour) -> None:
    ans = harbour.ask("In which district of Port Louis was the council meeting venue?")
    assert ans.found and "**Caudan**" in lead(ans), ans.text
    ans = harbour.ask("Which agencies run the Harbour Secretariat?")
    assert ans.found and "Lagoon Ports Authority**" in lead(ans), ans.text
