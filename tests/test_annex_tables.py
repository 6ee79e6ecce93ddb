"""An annex table of a title and its parties: parties joined by "and" are two, a row wrapped
mid-cell continues the row above, the row's heading says its parties signed, and a row without a
description is about what its title says."""

from __future__ import annotations

from sci_assistant.answer.records import extract_records

from .conftest import assistant_over, lead

RELEASE = (
    "Nine MOUs signed at the 5th JIC meeting\n\n"
    "SHENZHEN, 18 October 2024 – Nine MOUs were signed at the 5th JIC meeting today.\n\n"
    "The memorandums of understanding were signed at the fifth meeting of the Joint Implementation Committee.\n\n"
    "## Annex: List of MOUs signed at the 5th JIC Meeting\n\n"
    "| No. | Title | Parties |\n|---|---|---|\n"
    "| 1 | MOU on AI Testing and Assurance Cooperation | Assurio AI Pte Ltd and Shenzhen Institute of AI Testing "
    "and Certification Co., Ltd. |\n"
    "| 2 | MOU on the Joint Development of Green Data Centre Cooling | Coolgrid Technologies Pte Ltd and Shenzhen "
    "Lanhai Energy |\n"
    "|  | Technologies for Tropical Climates | Technology Co., Ltd. |\n"
    "| 3 | MOU on Digital Tourism Experiences | Lumen Trails Pte Ltd and Shenzhen Dapeng Tourism Co., Ltd. |\n"
)


def test_parties_joined_by_and_and_a_wrapped_row(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2024-10-18_release.md": RELEASE})
    doc = next(iter(a.documents()))
    recs = extract_records(doc)
    assert [r.number for r in recs] == [1, 2, 3], [(r.number, r.title) for r in recs]  # (no header, no stray row)
    assert recs[0].parties == ("Assurio AI Pte Ltd", "Shenzhen Institute of AI Testing and Certification Co., Ltd.")
    assert recs[1].parties == ("Coolgrid Technologies Pte Ltd", "Shenzhen Lanhai Energy Technology Co., Ltd.")


def test_which_company_signed_a_listed_mou(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2024-10-18_release.md": RELEASE})
    # (the row, whose heading says its parties signed, not "… signed at the fifth meeting of the JIC")
    ans = a.ask("Which Singapore company signed the AI testing and assurance pact?")
    assert ans.found and "**Assurio AI Pte Ltd**" in lead(ans), ans.text


def test_a_row_of_a_title_and_parties_is_about_its_title(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2024-10-18_release.md": RELEASE})
    ans = a.ask("What is the Lumen Trails MOU about?")
    assert ans.found and "Digital Tourism Experiences" in ans.text[:300], ans.text


PROTOCOLS = (
    "Four MOUs signed at the 3rd JIC meeting\n\n"
    "SINGAPORE, 25 November 2022 – Four MOUs were signed at the 3rd JIC meeting today.\n\n"
    "## Annex: List of MOUs signed at the 3rd JIC Meeting\n\n"
    "| No. | Title of MOU | Description |\n|---|---|---|\n"
    "| 1 | Singapore International Mediation Hub (SIMH) – Shenzhen Court of International Arbitration (SCIA) "
    "Mediation-Arbitration Protocol | Lets firms settle disputes through both bodies. |\n"
    "| 2 | Quayline Pte Ltd – Shenzhen Port Data Co., Ltd. MOU on Smart Ports | Shares berth data. |\n"
)


def test_a_body_described_by_the_question_is_not_named_by_it(tmp_path) -> None:
    # ("which Shenzhen arbitration body" describes the Shenzhen Court of International Arbitration: the
    # question does not already name it)
    a = assistant_over(tmp_path, {"2022-11-25_release.md": PROTOCOLS})
    ans = a.ask(
        "Which Shenzhen arbitration body signed a mediation-arbitration protocol with the Singapore International "
        "Mediation Hub?"
    )
    assert ans.found and "**Shenzhen Court of International Arbitration" in lead(ans), ans.text


MIDDLE = (
    "Seven MOUs exchanged at the 3rd Joint Working Committee meeting\n\n"
    "PORT LOUIS, 12 March 2027 – Seven MOUs were exchanged at the 3rd Joint Working Committee meeting today.\n\n"
    "Annex: List of MOUs exchanged at the 3rd JWC meeting\n\n"
    "| Title of MOU | Parties | Description |\n|---|---|---|\n"
    "| MOU on Port Community Systems | Lagoon Port Systems Pte Ltd and Rodrigues Port Holdings | Link the two "
    "ports' community systems |\n"
    "| MOU on Heritage Tourism | Caudan Heritage Trust and Rodrigues Tourism Office | Share visitor-management "
    "tools |\n"
)


def test_a_parties_cell_between_the_title_and_the_description(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2027-03-12_release.md": MIDDLE})
    recs = extract_records(next(iter(a.documents())))
    # (the heading row "Title of MOU | Parties | Description" is no MOU)
    assert [r.title for r in recs] == ["MOU on Port Community Systems", "MOU on Heritage Tourism"], recs
    assert recs[1].parties == ("Caudan Heritage Trust", "Rodrigues Tourism Office"), recs[1]
    ans = a.ask("Who signed the MOU on Heritage Tourism with the Rodrigues Tourism Office?")
    assert ans.found and "**Caudan Heritage Trust**" in lead(ans), ans.text
