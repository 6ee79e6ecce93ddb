"""Pure parts of answering: intents, mentions, follow-ups, annex records, escaping (no model)."""

from __future__ import annotations

import re

import pytest

from sci_assistant import web_render
from sci_assistant.answer.compose import md_text
from sci_assistant.answer.followup import MAX_TURNS, resolve, user_turns
from sci_assistant.answer.intents import analyse
from sci_assistant.answer.records import extract_records
from sci_assistant.corpus import load_corpus, normalise
from sci_assistant.mentions import matching_documents, names_other_body, parse_mentions
from sci_assistant.schema import Document

from .conftest import SEED_CORPUS


@pytest.mark.parametrize(
    "question, intent",
    [
        ("How many MOUs were signed at the 4th JIC?", "count"),
        ("Which MOUs were signed at the 4th JIC meeting?", "list"),
        ("List every joint project launched at the 4th JIC meeting.", "list"),
        ("Who co-chaired the meeting?", "who"),
        ("Which company is working with ABK Technology?", "who"),
        ("When was the 3rd JIC meeting held?", "when"),
        ("Which city hosted the fourth JIC meeting?", "where"),
        ("What is TradeTrust?", "what"),
        # a name alone asks what the releases say of it; a title of a name asks for its holder
        ("Who is Joseph Leong?", "what"),
        ("Who is TusStar's CEO?", "who"),
        ("How did the number of projects change between the 3rd and 4th meetings?", "count"),
        ("Compare the 3rd and 4th meetings", "compare"),
        # items of two releases listed together; only a word of comparing or "each" sets them side by side
        ("Looking at both releases, which projects have something to do with logistics?", "list"),
        ("Across the two meetings, which agreements set up a fund?", "list"),
        ("logistics related projects, 2022 and 2023 lists", "list"),
        ("Which MOUs did each of the two meetings sign?", "compare"),
        ("How did the projects of 2022 differ from those of 2023?", "compare"),
        ("Summarise the latest release", "summary"),
        # an item noun after a verb or a preposition is not what "which/what" asks for
        ("By what date did firms have to send in entries?", "when"),
        ("What is the deadline for companies to join the zone?", "when"),
        ("What are the projects of the 4th meeting?", "list"),
    ],
)
def test_intents(question: str, intent: str) -> None:
    assert analyse(question).intent == intent


def test_an_opening_clause_names_no_topic_and_no_entity() -> None:
    """ "Looking at both releases, …", "Across the two meetings, …": the opening word is capitalised
    because it opens the question, not because it names anything, and "both" says which releases."""
    from sci_assistant.answer.followup import _entities

    q = analyse("Looking at both releases, which projects have something to do with logistics?")
    assert "logist" in q.topic and not {"look", "both"} & set(q.topic), q.topic
    assert _entities("Across the two meetings, which deals set up a fund?") == []
    assert _entities("Keppel signed which deals?") == ["Keppel"]
    assert "deal" not in analyse("Which deals were signed with Keppel?").topic


def test_question_scope_and_topic() -> None:
    q = analyse("How many MOUs signed at the 3rd JIC fall under Innovation and Entrepreneurship?")
    assert (q.scope, q.count_noun, q.mentions.meetings) == ("mou", "MOUs", (3,))
    assert set(q.topic) == {"innov", "entrepreneurship"}
    assert analyse("How many MOUs have been signed to date?").cumulative
    assert not analyse("How many MOUs were signed at the 4th JIC?").cumulative
    assert analyse("How much funding did they commit?").amount


def test_expected_type_from_nouns_not_verbs() -> None:
    # "handle" the verb asks for no web handle; a volume or quantity asked is a figure.
    assert analyse("What annual volume of batteries is the line sized to handle?").expected == "number"
    assert analyse("What quantity of parcels can the hub handle each day?").expected == "number"
    assert analyse("What is the council's Instagram handle?").expected == "web"
    assert analyse("Which handle does the secretariat use on X?").expected == "web"
    # "how much faster" asks how something changes, not for a sum of money or a count
    q = analyse("How much faster are deliveries supposed to get?")
    assert (q.intent, q.expected, q.amount) == ("what", "description", False)
    assert analyse("How much funding did they commit?").amount


def test_mentions_and_documents() -> None:
    assert parse_mentions("the third and 4th JIC meetings").meetings == (3, 4)
    assert parse_mentions("the first batch of companies").meetings == ()
    m = parse_mentions("What happened in December 2023?")
    assert m.months == ((2023, 12),) and m.years == (2023,)
    docs = [
        Document("a", "a", "A", "2022-11-25", "x", meeting=3, event="3rd JIC meeting"),
        Document("b", "b", "B", "2023-12-15", "y", meeting=4, event="4th JIC meeting"),
    ]
    assert [d.doc_id for d in matching_documents(parse_mentions("the fourth JIC meeting"), docs)] == ["b"]
    assert [d.doc_id for d in matching_documents(parse_mentions("in November 2022"), docs)] == ["a"]
    assert [d.doc_id for d in matching_documents(parse_mentions("the latest release"), docs)] == ["b"]
    # "the latest JIC meeting" is that body's newest event, with every document on it; a later
    # forum is not one.
    more = docs + [
        Document("c", "c", "C", "2023-12-15", "z", meeting=4, event="4th JIC meeting"),
        Document("d", "d", "D", "2024-03-01", "w", event="2nd Smart City Forum"),
    ]
    assert [d.doc_id for d in matching_documents(parse_mentions("the latest JIC meeting"), more)] == ["b", "c"]
    assert [d.doc_id for d in matching_documents(parse_mentions("the latest meeting"), more)] == ["d"]
    # A report's shorter name for the committee is still its meeting: "Joint Committee" for "JIC".
    news = [Document("e", "e", "E", "2021-12-07", "v", meeting=2, event="2nd Joint Committee meeting")]
    forum = [Document("f", "f", "F", "2026-05-15", "u", event="2nd Digital Talent Dialogue")]
    assert [d.doc_id for d in matching_documents(parse_mentions("the second JIC meeting"), news + forum)] == ["e"]
    assert matching_documents(parse_mentions("the 9th JIC meeting"), docs) == []
    # The inaugural (maiden) meeting is the first; an occasion of another kind is matched by its
    # own ordinal, never by a committee meeting's.
    assert parse_mentions("How many MOUs were signed at the inaugural meeting?").meetings == (1,)
    assert parse_mentions("Where did the committee's seventh sitting convene?").meetings == (7,)
    forum = Document("f", "f", "F", "2025-04-02", "z", event="3rd Smart City Industry Forum")
    docs.append(forum)
    assert [d.doc_id for d in matching_documents(parse_mentions("Where was the third industry forum?"), docs)] == ["f"]
    assert [d.doc_id for d in matching_documents(parse_mentions("the third JIC meeting"), docs)] == ["a"]
    # News of the same meeting that names it otherwise, on its day, is about the same meeting; the
    # third meeting of another council is not.
    docs.append(Document("n", "n", "N", "2022-11-25", "w", meeting=3, event="3rd Joint Committee meeting"))
    docs.append(Document("c", "c", "C", "2023-03-14", "v", meeting=3, event="3rd Joint Steering Council meeting"))
    assert [d.doc_id for d in matching_documents(parse_mentions("the third JIC meeting"), docs)] == ["a", "n"]
    # "According to the December 2023 release, where will the 3rd meeting be held?": that release.
    q = "According to the December 2023 release, where will the third JIC meeting be held?"
    assert [d.doc_id for d in matching_documents(parse_mentions(q), docs)] == ["b"]
    assert matching_documents(parse_mentions("the third dialogue"), docs) == []
    assert names_other_body(parse_mentions("the inaugural session of the working group"), docs)
    assert not names_other_body(parse_mentions("the first JIC meeting"), docs)
    # The ordinal written out before a body's name is the meeting's, not part of the body's name:
    # "the Third Joint Steering Council meeting" is that council's, not any 3rd meeting.
    m = parse_mentions("What happened at the Third Joint Steering Council meeting?")
    assert m.meetings == (3,) and m.bodies == ("Joint Steering Council",)
    assert [d.doc_id for d in matching_documents(m, docs)] == ["c"]
    # A year that ends a name is part of the name ("the Harbour Start-up Challenge 2026" was launched
    # in 2025); after a question word, a possessive or a month it is a date.
    assert parse_mentions("Where was the Harbour Start-up Challenge 2026 launched?").years == ()
    assert parse_mentions("Which 2022 MOU sets up a fund?").years == (2022,)
    assert parse_mentions("What does TusStar's 2022 memorandum offer?").years == (2022,)
    assert parse_mentions("What happened in December 2023?").years == (2023,)


@pytest.mark.parametrize(
    "history, question, expected",
    [
        (
            ["What did IMDA agree with TusStar?"],
            "How many companies are in its network?",
            "How many companies are in TusStar's network?",
        ),
        (
            ["How many MOUs were signed at the 3rd JIC meeting?"],
            "And the fourth one?",
            "How many MOUs were signed at the fourth JIC meeting?",
        ),
        (
            ["How many MOUs were signed at the 3rd JIC meeting?"],
            "Who co-chaired it?",
            "Who co-chaired the 3rd JIC meeting?",
        ),
        (  # a plural pronoun after a count points at what was counted, not at a name
            ["How many pilots were added to the Harbour Innovation Zone in 2025?"],
            "What do they focus on?",
            "What do the pilots added to the Harbour Innovation Zone in 2025 focus on?",
        ),
        (
            ["Which MOUs were signed at the 4th JIC meeting?"],
            "Which of them are about talent exchange?",
            "Which MOUs were signed at the 4th JIC meeting, and are about talent exchange?",
        ),
        (
            [
                {"role": "user", "content": "Which projects were launched at the 3rd JIC meeting?"},
                {"role": "assistant", "content": "**14 projects** …"},
            ],
            "What about the 4th?",
            "Which projects were launched at the 4th JIC meeting?",
        ),
        (
            ["How many projects were launched at the sixth meeting?"],
            "And at the fifth?",
            "How many projects were launched at the fifth meeting?",
        ),
        (  # "its" of a question naming no body: the document the previous question spoke of
            ["Which wire service carried the June 2026 council release?"],
            "What was its headline?",
            "What was the June 2026 council release's headline?",
        ),
        (  # the preposition of a running total stays the question's own
            ["How many pilots had been started by the 5th meeting?"],
            "And by the 6th?",
            "How many pilots had been started by the 6th meeting?",
        ),
        (  # another count of the same question: the counted noun changes, the rest stays
            ["How many pilots has the council started in total as of the 5th meeting?"],
            "and how many MOUs?",
            "How many MOUs has the council started in total as of the 5th meeting?",
        ),
        (
            ["How many new pilots were launched at the 5th meeting?"],
            "What about the agreements?",
            "How many new agreements were launched at the 5th meeting?",
        ),
        (  # the meeting after the one talked about
            ["Who co-chaired the seventh JIC meeting?", "Where was it held?"],
            "And where is the next one going to be?",
            "And where is the 8th meeting going to be?",
        ),
        (  # one side's holder of the role just asked about, then the other side's
            ["Where did JIC 4 take place?", "And who were its co-chairs?"],
            "What did the Singapore one say?",
            "What did the Singapore co-chair say?",
        ),
        (
            ["Who were its co-chairs?", "What did the Singapore one say?"],
            "And what did the other co-chair say?",
            "And what did the Chinese co-chair say?",
        ),
    ],
)
def test_follow_ups_resolve(history, question, expected) -> None:
    resolved, changed = resolve(question, history)
    assert changed and resolved == expected


def test_standalone_questions_are_left_alone() -> None:
    q = "Which projects from the 4th JIC involve Qianhai?"
    assert resolve(q, ["What is TradeTrust?"]) == (q, False)
    assert resolve("What is TradeTrust?", []) == ("What is TradeTrust?", False)
    # A relative "that" ("a project that runs …") does not point back at the previous question.
    q = "Which Harbour Council project that runs robots opened in May?"
    assert resolve(q, ["Which projects did Orchid Robotics launch at the Harbour Council?"]) == (q, False)


def test_history_is_capped() -> None:
    forged = [{"role": "user", "content": f"question {i} " + "x" * 5000} for i in range(10_000)]
    turns = user_turns(forged)
    assert len(turns) == MAX_TURNS and all(len(t) <= 2000 for t in turns)
    assert user_turns([{"role": "assistant", "content": "hi"}, 42, None]) == []


def test_annex_records_of_the_seed_releases() -> None:
    docs, _ = load_corpus(SEED_CORPUS)
    for doc in docs:
        recs = extract_records(doc)
        mous = [r for r in recs if r.kind == "mou"]
        projects = [r for r in recs if r.kind == "project"]
        assert len(mous) == 8 and [r.number for r in projects] == list(range(1, 15))
        for r in recs:
            assert doc.text[r.title_start : r.title_end] == r.title
            assert r.title in doc.text[r.start : r.end]
            assert r.meeting == doc.meeting
    fourth = next(d for d in docs if d.meeting == 4)
    groups = {r.group for r in extract_records(fourth) if r.kind == "mou"}
    assert {"Talent Exchange", "Strategic pillar: AI"} <= groups


def test_records_from_markdown_tables_and_lists() -> None:
    p = normalise(
        "# Release\n\nSINGAPORE, 1 May 2024 – Text.\n\n## Annex A: List of MOUs\n\n### Health\n\n"
        "Title of MOU\tDescription of MOU\n"
        "MOU between Alpha Pte Ltd and Beta Co\tAlpha and Beta will build clinics.\n\n"
        "## Annex B: List of projects\n\n1. **Gamma Grid** to deploy sensors.\n2. Delta – Epsilon to run buses.\n"
    )
    doc = Document("d", "d.md", p.title, p.date, p.text, p.sections, emphasis=p.emphasis)
    recs = extract_records(doc)
    assert [(r.kind, r.group, r.title) for r in recs] == [
        ("mou", "Health", "MOU between Alpha Pte Ltd and Beta Co"),
        ("project", None, "Gamma Grid"),
        ("project", None, "Delta – Epsilon"),
    ]
    assert recs[0].parties == ("Alpha Pte Ltd", "Beta Co")


def test_a_description_between_a_project_s_parties_is_no_party() -> None:
    p = normalise(
        "# Release\n\nSINGAPORE, 1 May 2024 – Text.\n\n## Annex B: List of New Joint Projects\n\n"
        "1. Kestrel Air Pte Ltd – leading drone operator, Bay Sports Group will host a drone race.\n"
    )
    doc = Document("d", "d.md", p.title, p.date, p.text, p.sections, emphasis=p.emphasis)
    assert extract_records(doc)[0].parties == ("Kestrel Air Pte Ltd", "Bay Sports Group")


def test_table_rows_with_a_number_column_and_a_parties_column() -> None:
    p = normalise(
        "# Release\n\nSINGAPORE, 1 May 2024 – Text.\n\n## Annex A: List of MOUs\n\n"
        "| No. | Title of MOU | Description | Parties |\n|---|---|---|---|\n"
        "| 1 | MOU on Harbour Drones | Both parties will fly parcels across the bay. "
        "| Kestrel Air Pte Ltd; Bay Logistics Co., Ltd. |\n"
        "| 2 | MOU on Clinic Data | The clinics will share records. | Heron Health |\n"
    )
    doc = Document("d", "d.md", p.title, p.date, p.text, p.sections, emphasis=p.emphasis)
    recs = extract_records(doc)
    assert [(r.number, r.title) for r in recs] == [(1, "MOU on Harbour Drones"), (2, "MOU on Clinic Data")]
    for r in recs:
        assert doc.text[r.title_start : r.title_end] == r.title
    # The last cell names the parties; a description is not a name.
    assert recs[0].parties == ("Kestrel Air Pte Ltd", "Bay Logistics Co., Ltd.")
    assert recs[1].parties == ("Heron Health",)


def test_markdown_from_documents_is_inert() -> None:
    s = md_text("<script>alert(1)</script> [x](javascript:alert(1)) ![i](http://e/x.png) $$x$$")
    assert "<script" not in s and "](" not in s and "![" not in s
    assert md_text("Rajah & Tann; 3 < 4") == "Rajah & Tann; 3 < 4"
    # An amount stays as printed (math is off in the chat, and escaped for display there).
    assert md_text("S$20 million") == "S$20 million"
    assert re.search(r"(?<!\\)\$", web_render.sanitize_markdown(s)) is None  # (every "$" escaped when shown)


def test_follow_ups_point_to_what_the_previous_answer_quoted() -> None:
    from sci_assistant.answer.followup import Referent

    ref = Referent("the MOU between Alpha Port and Beta Bank", "Alpha Port and Beta Bank")
    prev = ["What did Alpha Port sign at the 3rd JIC meeting?"]
    # After a question asking for a thing, "it" is that thing and "the two sides" its parties.
    assert (
        resolve("What will the two sides set up under it?", prev, ref)[0]
        == "What will Alpha Port and Beta Bank set up under the MOU between Alpha Port and Beta Bank "
        "at the 3rd JIC meeting?"
    )
    assert resolve("What system will they build?", prev, ref)[0].startswith(
        "What system will Alpha Port and Beta Bank build"
    )
    assert (
        resolve("Who else joined that project?", prev, ref)[0]
        == "Who else joined the MOU between Alpha Port and Beta Bank?"
    )
    # "The collaboration" is that item too, when the question names nothing else.
    assert (
        resolve("Which problems is the collaboration meant to tackle?", prev, ref)[0]
        == "Which problems is the MOU between Alpha Port and Beta Bank meant to tackle?"
    )
    assert not resolve("Which problems is the collaboration with Gamma Labs meant to tackle?", prev, ref)[1]
    # After a who-question the pronoun keeps pointing at what that question named.
    assert resolve("Where is it based?", ["Who heads Alpha Port?"], ref)[0] == "Where is Alpha Port based?"
    # "The Singapore company" is the party on that side; "who's the Shenzhen partner?" asks which it is.
    sides = Referent(
        "the Merlion Freight MOU", "Merlion Freight and Shenzhen Bay Ports", ("Merlion Freight", "Shenzhen Bay Ports")
    )
    assert resolve("And who runs the Singapore company?", prev, sides)[0] == "And who runs Merlion Freight?"
    assert resolve("Where is the Shenzhen partner based?", prev, sides)[0] == "Where is Shenzhen Bay Ports based?"
    assert "Shenzhen Bay Ports" not in resolve("Who's the Shenzhen partner there?", prev, sides)[0]
    # ... and "it" beside it is still the item.
    assert (
        resolve("who signed it for the Singapore company?", prev, sides)[0]
        == "who signed the Merlion Freight MOU for Merlion Freight at the 3rd JIC meeting?"
    )
    # "That day" is the day of the meeting named before, never a name.
    assert (
        resolve("Which project launched that day also funds research?", prev, ref)[0]
        == "Which project launched at the 3rd JIC meeting also funds research?"
    )


@pytest.mark.parametrize(
    "question, sides",
    [
        ("What did Alpha Port sign, compared with Beta Bank?", ("What did Alpha Port sign", "Beta Bank")),
        (
            "How did the mayor's remarks in 2022 differ from his remarks in 2023?",
            ("How did the mayor's remarks in 2022", "his remarks in 2023"),
        ),
        ("What is the difference between Alpha's and Beta's agreements?", ("Alpha's", "Beta's agreements")),
        ("Which ports joined in 2022 versus 2023?", ("Which ports joined in 2022", "2023")),
    ],
)
def test_compare_sides(question, sides) -> None:
    from sci_assistant.answer.compare import compare_sides

    assert compare_sides(question) == sides


def test_a_question_without_two_sides_has_none() -> None:
    from sci_assistant.answer.compare import compare_sides

    assert compare_sides("How did the number of projects change?") is None


def test_fragments_years_and_party_groups_in_follow_ups() -> None:
    from sci_assistant.answer.followup import Referent

    ref = Referent("the Alpha Port project", "Alpha Port and Beta Bank")
    # A fragment narrows the previous question.
    assert resolve("For whom?", ["What is Alpha Port building?"])[0] == "What is Alpha Port building, for whom?"
    assert (
        resolve("in what setting?", ["What will Alpha Port test?"])[0] == "What will Alpha Port test, in what setting?"
    )
    # "That year" is the year an earlier turn named; "those two companies" the item's parties.
    assert (
        resolve("Is there another port project that year?", ["Which 2022 project builds a port?"])[0]
        == "Is there another port project in 2022?"
    )
    assert (
        resolve("What did those two companies form?", ["Which project builds a port?"], ref)[0]
        == "What did Alpha Port and Beta Bank form?"
    )


def test_a_new_scope_then_a_question_and_that_one() -> None:
    prev = ["What came out of the third JIC meeting?"]
    assert resolve("And the 4th — how many projects?", prev)[0] == "How many projects at the 4th JIC meeting?"
    assert (
        resolve("Who was the mayor at that one?", prev + ["How many projects at the 4th JIC meeting?"])[0]
        == "Who was the mayor at the 4th JIC meeting?"
    )
    # A month is a date, never the thing "it" points to.
    assert not resolve("Where is it based?", ["Which firm is in the December 2023 list?"])[0].startswith(
        "Where is December"
    )


@pytest.mark.parametrize(
    "sentence, noun, count",
    [
        ("Twenty-five start-ups, 13 from Singapore, will take part.", "start-ups", "Twenty-five"),
        ("Since 2019, 83 projects have been launched.", "projects", "83"),
        ("The new projects bring the total to 71 projects since 2019.", "projects", "71"),
        ("In 2019 the initiative had 12 projects.", "projects", "12"),
        ("It links a network of more than 10,000 companies.", "companies", "more than 10,000"),
        ("Since 2019 projects have multiplied.", "projects", None),
        ("The two institutions will exchange 200 students over three years.", "students", "200"),
    ],
)
def test_the_number_that_counts_a_noun(sentence: str, noun: str, count: str | None) -> None:
    """A year never counts, and a number word is read whole ("Twenty-five", not "five")."""
    from sci_assistant.answer.evidence import number_near
    from sci_assistant.lexicon import as_int

    m = number_near(sentence, noun)
    assert (m.group(0) if m else None) == count
    if count:
        assert as_int(count) == {"Twenty-five": 25, "more than 10,000": 10000}.get(
            count, int(count) if count.isdigit() else None
        )


def test_the_party_on_a_side_by_its_name_or_its_legal_form() -> None:
    from sci_assistant.answer.followup import _party_on_side

    assert _party_on_side(("Merlion Freight", "Shenzhen Bay Ports"), "singapore") == "Merlion Freight"
    # Neither name says its city: "Pte Ltd" is a Singapore company, "Co., Ltd." a Chinese one.
    pair = ("Pandan Robotics Pte Ltd", "Yuehai Intelligent Manufacturing Co., Ltd.")
    assert _party_on_side(pair, "singapore") == "Pandan Robotics Pte Ltd"
    assert _party_on_side(pair, "china") == "Yuehai Intelligent Manufacturing Co., Ltd."
    assert _party_on_side(("Alpha Labs", "Beta Works"), "singapore") is None
    # The legal form tells before a place in the name: a Singapore group's China arm.
    pair = ("Merlion Investment (China)", "Bay Service Group Co., Ltd.")
    assert _party_on_side(pair, "singapore") == "Merlion Investment (China)"


def test_an_imperative_opening_a_question_is_not_part_of_the_name_it_asks_about() -> None:
    from sci_assistant.answer.followup import _entities

    assert _entities("Describe TusStar in one line.") == ["TusStar"]
    assert _entities("Explain the IMDA-TusStar Xchange.") == ["IMDA-TusStar Xchange"]
    assert _entities("Keppel signed with whom?") == ["Keppel"]  # a name opening the question stays one


def test_a_legal_form_is_dropped_from_a_party_s_short_form_but_group_is_part_of_the_name() -> None:
    from sci_assistant.answer.context import short_party

    assert short_party("Shenzhen Sports Industry Group Co., Ltd.") == "Shenzhen Sports Industry Group"
    assert short_party("Hashmeta Pte Ltd") == "Hashmeta"


def test_which_organisation_asks_for_an_organisation_even_with_a_verb_only_people_do() -> None:
    assert analyse("Which organisation does Qin Weizhong lead?").expected == "org"
    assert analyse("Who leads the council?").expected == "person"


def test_a_title_word_outside_the_focus_does_not_turn_a_which_organisation_question_into_who() -> None:
    # "representative office" is a kind of office; only the focus's own title asks for a person.
    assert analyse("Which company is opening a second representative office in Lisbon?").expected == "org"
    assert analyse("Which agency's director spoke at the forum?").expected == "person"


def test_a_side_named_as_a_place_is_not_a_side() -> None:
    # "in Shenzhen" says where; "for Singapore", "the Chinese co-chair" say whose side.
    assert analyse("Who is building a ferry terminal in Shenzhen?").side is None
    assert analyse("Who co-chaired the meeting at Singapore?").side is None
    assert analyse("Who co-chaired for Singapore?").side == "singapore"
    assert analyse("Who was the Chinese co-chair of the meeting in Shenzhen?").side == "china"
    assert analyse("Who spoke for the Shenzhen side?").side == "china"


def test_a_title_ending_in_the_kind_of_agreement_does_not_make_it_part_of_the_last_party() -> None:
    from sci_assistant.answer.records import _parties_from_title

    title = "Harbour Mediation Centre (HMC) – Port Court of Arbitration (PCA) Mediation-Arbitration Protocol"
    assert _parties_from_title(title) == ("Harbour Mediation Centre (HMC)", "Port Court of Arbitration (PCA)")
    assert _parties_from_title("Pandan Robotics – Yuehai Machines (Shenzhen) Co. Ltd")[1] == (
        "Yuehai Machines (Shenzhen) Co. Ltd"
    )


def test_a_yes_no_question_about_a_number_is_not_a_count() -> None:
    assert analyse("Did the number of projects double in 2022?").intent != "count"
    assert analyse("How many projects were launched in 2022?").intent == "count"
    assert analyse("Was the number of MOUs, how many in all, higher?").intent == "count"


def test_a_media_contact_is_a_person_s_role() -> None:
    q = analyse("Who is the IMDA media contact for the release?")
    assert q.role and q.expected == "person"


def test_a_trend_verb_in_a_where_question_is_not_a_comparison() -> None:
    assert not analyse("Where will TusStar increase its regional presence?").compare
    assert analyse("How did the number of projects increase between the 3rd and the 4th meeting?").compare


def test_who_is_a_name_asks_what_the_releases_say_of_that_person() -> None:
    assert analyse("Who is Joseph Leong?").expected == "description"
    assert analyse("who was Mr Qin Weizhong").expected == "description"
    assert analyse("Who is the Mayor of Shenzhen?").expected == "person"


def test_two_parties_run_together_are_split_and_camel_case_names_are_not() -> None:
    from sci_assistant.answer.records import _run_together

    text = "Sun Yat-sen University Shenzhen and Nanyang Technological University. TusStar; QuikBot."
    assert _run_together("Nanyang Technological UniversitySun Yat-sen University Shenzhen", text) == (
        "Nanyang Technological University",
        "Sun Yat-sen University Shenzhen",
    )
    assert _run_together("TusStar Science Park", text) == ("TusStar Science Park",)
    assert _run_together("QuikBot Technologies", text) == ("QuikBot Technologies",)


def test_a_possessive_side_word_names_the_side() -> None:
    assert analyse("Who was China's representative at the fourth meeting?").side == "china"


def test_who_are_the_partners_of_several_items_is_a_list_and_of_one_item_is_not() -> None:
    assert analyse("Who are the Singapore partners in the 2023 MOUs?").intent == "list"
    assert analyse("Who are the partners in the AI music project?").intent != "list"


def test_the_verb_of_a_who_question_is_the_doer_s_not_the_object_s() -> None:
    from sci_assistant.answer.sentence import _who_verb

    assert _who_verb("Who organised the forum?").search("The forum was organised by the BCWC.")
    assert _who_verb("Which agencies co-lead the BCWC?", "agencies").search("It is co-led by A and B.")
    # The thing asked about is the object: the word after "does"/"did" is the subject, not a verb.
    assert _who_verb("Which organisation does Qin Weizhong lead?", "organisation") is None
    assert _who_verb("Who did Keppel sign with?") is None


def test_an_and_inside_the_first_party_s_name_does_not_split_it() -> None:
    from sci_assistant.answer.records import _parties_from_title

    title = "MOU between Institute of Automation and Robotics Pte Ltd and Harbour Training and Safety Co., Ltd."
    first, second = _parties_from_title(title)
    assert (first, second) == ("Institute of Automation and Robotics Pte Ltd", "Harbour Training and Safety Co., Ltd.")


def test_what_a_meeting_produced_is_a_summary_of_it_but_an_agreement_s_outcome_is_not() -> None:
    assert analyse("What were the outcomes of the 2nd port forum?").intent == "summary"
    assert analyse("What came out of the third council meeting?").intent == "summary"
    assert analyse("What was the outcome of the Pandan MOU?").intent != "summary"


def test_a_second_question_tacked_on_does_not_change_what_the_first_asks() -> None:
    assert analyse("What sort of training will the academy unlock, and for whom?").intent == "what"
    assert analyse("Who signed the pact, and when?").intent == "who"


def test_which_places_of_a_kind_ask_for_places() -> None:
    # ("Which countries …" is answered by places, a sentence naming none answering nothing)
    assert analyse("Besides Mauritius, which island countries will Pandan expand into?").expected == "place"
    assert analyse("Which towns will the ferry serve?").expected == "place"
    assert analyse("Which projects will the ferry serve?").expected != "place"


def test_a_number_word_that_begins_a_name_counts_nothing() -> None:
    from sci_assistant.answer.spans import numbers

    def found(text: str) -> list[str]:
        return [m.group(0) for m in numbers(text, 0, len(text))]

    assert found("ONE Championship will host an event for 300 fans.") == ["300"]
    assert found("The fund backs One North Partners and two start-ups.") == ["two"]
    assert found("Eight MOUs were signed. Three projects began.") == ["Eight", "Three"]
    # The day of a date and an ordinal's figure count nothing either.
    assert found("SHENZHEN, 2 April 2025 – The 3rd forum drew 420 people on Nov. 14, 2025.") == ["420"]
    # Nor a figure run into letters (a time stamp, a code).
    assert found("@kopi_data · 1d > A380 parts and 5G masts, 12 firms") == ["12"]
    # Nor a number word in an idiom.
    assert found("They held 150 one-to-one meetings, one-on-one talks and a one-off event.") == ["150"]


def test_a_trend_word_with_no_figure_and_no_two_times_is_not_a_comparison() -> None:
    assert not analyse("The delivery robots are meant to contribute to the growth of what?").compare
    assert analyse("How did the number of projects grow from 2022 to 2023?").compare
    assert analyse("Did the MOU count increase between the 3rd and 4th meetings?").compare


def test_what_a_release_says_is_not_a_quotation_of_someone() -> None:
    assert analyse("What does the December release say the new projects reflect?").expected != "quote"
    assert analyse("What did Mr Tan say about the port?").expected == "quote"


def test_a_statement_ending_in_what_is_found_by_the_closing_words_the_release_uses() -> None:
    from sci_assistant.answer.sentence import _cloze

    cue = _cloze("The 2020 harbour memorandum concerns cooperation in what?")
    assert cue.search("Protocol … Concerning Cooperation in the Paperless Trade")
    assert _cloze("What is the harbour memorandum about?") is None


def test_a_short_form_is_spelled_out_with_the_whole_name_it_stands_for() -> None:
    from sci_assistant.answer.vocabulary import spelled_out

    text = "under the Lagoon-Port (Rodrigues) Harbour Council Initiative (HCI), at the meeting"
    a, b = spelled_out(text, "HCI")
    assert text[a:b] == "Lagoon-Port (Rodrigues) Harbour Council Initiative"
    text = "SINGAPORE – The Ministry of Ports and Trade (MPT) and others"
    a, b = spelled_out(text, "MPT")
    assert text[a:b] == "Ministry of Ports and Trade"


def test_questions_for_a_full_name_ask_for_an_expansion() -> None:
    assert analyse("What's the HCI's full name?").expands == "HCI"
    assert analyse("What is the full name of the JIC?").expands == "JIC"
    assert analyse("jic = ?").expands == "jic"


def test_a_month_after_in_is_no_place_name() -> None:
    from sci_assistant.answer.spans import place_names

    class Doc:
        text = "The pilot opened in Souillac, and the second began in March, a year on."

    class Idx:
        documents = {"d": Doc()}
        entities = []
        derived: dict = {}

    assert place_names(Idx()) == frozenset({"Souillac"})


def test_a_keyword_query_naming_a_date_asks_when_of_the_meeting_in_its_year() -> None:
    assert analyse("2nd jic meeting date 2021").intent == "when"
    assert analyse("update on the 2023 MOUs").intent != "when"
    docs = [
        Document("a", "a", "A", "2021-12-07", "x", meeting=2, event="2nd JIC meeting"),
        Document("b", "b", "B", "2026-05-15", "y", meeting=2, event="2nd Talent Dialogue"),
    ]
    assert [d.doc_id for d in matching_documents(parse_mentions("2nd jic meeting date 2021"), docs)] == ["a"]


def test_a_meeting_numbered_after_its_body_s_name() -> None:
    assert parse_mentions("JIC 3: how many MOUs were signed there?").meetings == (3,)
    assert parse_mentions("At the meeting 8 MOUs were signed").meetings == ()
    from sci_assistant.answer.followup import dangling_reference

    assert dangling_reference("JIC 3: how many MOUs were signed there?", []) is None
    assert dangling_reference("How many MOUs were signed there?", []) == "there"


def test_a_chinese_date_is_a_date_with_its_day() -> None:
    """ "2026年8月21日" is typed as a date, placed on the calendar, and says which day."""
    from sci_assistant.answer import spans as sp
    from sci_assistant.answer.sentence import _DAY_OF_MONTH

    said = "本报讯 2026年8月21日，首届挑战赛（Innovation Challenge）总决赛在深圳举行。"
    m = sp.DATE.search(said)
    assert m and m.group(0) == "2026年8月21日", m
    assert sp.iso_date(m.group(0)) == "2026-08-21"
    assert _DAY_OF_MONTH.search(m.group(0)) and not _DAY_OF_MONTH.search("2026年8月")


def test_a_witness_or_the_agent_of_another_verb_did_not_do_what_is_asked() -> None:
    """ "Who signed?" is not answered by whoever witnessed the signing, by title and all."""
    from sci_assistant.answer.sentence import _other_agent, _who_verb
    from sci_assistant.answer.spans import Span

    signed = _who_verb("Who signed the MOU for Coral Pier?")

    def agent(text: str, name: str) -> bool:
        at = text.index(name)
        return _other_agent(text, 0, Span("d", at, at + len(name), "person"), signed)

    assert agent("It was witnessed by Minister for Ports and Harbours Ms Devi Lall.", "Ms Devi Lall")
    assert agent("We signed the next day, in front of Ms Devi Lall.", "Ms Devi Lall")
    assert not agent("The MOU was signed by Mr Anil Ramdin for Coral Pier.", "Mr Anil Ramdin")
    assert not agent("Chief executive Mr Anil Ramdin signed for Coral Pier.", "Mr Anil Ramdin")
    chaired = _who_verb("Who co-chaired the forum?")
    text = "The forum was co-chaired by Singapore's Second Minister for Transport Ms Tan Mei Ling."
    at = text.index("Ms Tan")
    assert not _other_agent(text, 0, Span("d", at, len(text) - 1, "person"), chaired)
    assert not _other_agent(text, 0, Span("d", at, len(text) - 1, "person"), _who_verb("Who chaired for Singapore?"))


@pytest.mark.parametrize(
    "question",
    ["What did Coral Pier agree at the 2021 meeting?", "Which pact did Coral Pier ink?", "What accord was reached?"],
)
def test_agreeing_inking_and_pacts_are_about_mous(question: str) -> None:
    assert analyse(question).scope == "mou"
    assert analyse("How many companies agreed to join the data corridor?").scope is None


@pytest.mark.parametrize(
    "question, noun",
    [
        ("How many of Coral Pier Services' engineers will be based in Mahebourg?", "engineers"),
        ("How many of Coral Pier's engineers will be based in Mahebourg?", "engineers"),
        ("How many of the company's staff work on the pilot?", "staff"),
        ("How many companies agreed to join the corridor?", "companies"),
    ],
)
def test_what_is_counted_is_the_noun_after_its_owner(question: str, noun: str) -> None:
    assert analyse(question).count_noun == noun


def test_pacts_accords_and_deals_count_as_mous() -> None:
    from sci_assistant.answer.spans import count_pattern

    assert count_pattern("MOUs").search("Five pacts were signed on Tuesday.")
    assert count_pattern("pacts").search("Eleven Memorandums of Understanding were signed.")
    assert not count_pattern("projects").search("Five pacts were signed on Tuesday.")


def test_and_when_after_a_who_question_asks_when_that_was_done() -> None:
    """ "And when?" after "who signed …?" asks when it was signed, not who (with a date tacked on)."""
    prev = ["Who signed the Coral Pier MOU for Coral Pier Services?"]
    assert resolve("and when?", prev)[0] == "When was the Coral Pier MOU signed for Coral Pier Services?"
    assert resolve("And where?", ["Who co-chaired the 4th Harbour Council meeting?"])[0] == (
        "Where was the 4th Harbour Council meeting co-chaired?"
    )
    assert analyse(resolve("and when?", prev)[0]).intent == "when"


@pytest.mark.parametrize(
    "name, surname",
    [
        ("Minister of State Loh", "Loh"),
        ("Senior Minister of State Tan", "Tan"),
        ("Vice Mayor Huang", "Huang"),
        ("Mr Vincent Loh Kah", None),  # a name, not a title: no surname alone
        ("Minister Director", None),  # two titles
        ("Harbour Expo Tan", None),  # no role before the surname
    ],
)
def test_a_person_named_by_title_and_surname(name: str, surname: str | None) -> None:
    from sci_assistant.answer.spans import _titled_surname

    assert _titled_surname(name) == surname


def test_a_body_the_previous_answer_named_is_what_the_partner_and_its_point_to() -> None:
    history = [
        {"role": "user", "content": "Which Singapore company is working with Pearl Ferries?"},
        {
            "role": "assistant",
            "content": "**Kallang Tide Tech Pte Ltd** (2025-06-01) [1]\n\n> “Kallang Tide Tech Pte Ltd” [1]",
        },
    ]
    # "the partner" and "its" are the body the answer named, not the one the question named
    assert resolve("What does the partner bring to it?", history)[0].startswith("What does Kallang Tide Tech bring")
    assert resolve("How many of its engineers will be based in Shekou?", history)[0] == (
        "How many of Kallang Tide Tech's engineers will be based in Shekou?"
    )
    # ... and an earlier follow-up in the chain is resolved with the answer it followed
    chain = [
        *history,
        {"role": "user", "content": "What does the partner bring?"},
        {"role": "assistant", "content": "> “Kallang Tide Tech brings the forecasting models.” [1]"},
    ]
    assert "Kallang Tide Tech" in resolve("And when does it start?", chain)[0]
    # a question that asked for no body leaves "its" to what that question named
    plain = [
        {"role": "user", "content": "When did Pearl Ferries sign?"},
        {"role": "assistant", "content": "**May 2025**"},
    ]
    assert "Pearl Ferries" in resolve("How many of its engineers are in Shekou?", plain)[0]


@pytest.mark.parametrize(
    "question, parts",
    [
        ("When and where was the 2nd Harbour Council meeting held?", ["When was", "Where was"]),
        ("On what date and at which venue did Pier Ferries sign its MOU?", ["On what date did", "At which venue did"]),
        ("In which city and on what date was the forum held?", ["In which city was", "On what date was"]),
        # a second question with a clause of its own
        ("Who co-chaired the meeting and where was it held?", ["Who co-chaired the meeting?", "Where was it held?"]),
        # a phrase put before both parts stays with each
        (
            "After the 2nd forum, how many projects and how many MOUs did the initiative have?",
            ["After the 2nd forum, how many projects did", "After the 2nd forum, how many MOUs did"],
        ),
        ("When was the forum held?", None),
        ("Which companies and agencies signed MOUs?", None),  # one question about two kinds
    ],
)
def test_two_question_phrases_sharing_one_clause_are_two_questions(question: str, parts) -> None:
    from sci_assistant.answer.respond import _compound_parts

    got = _compound_parts(question)
    if parts is None:
        assert got is None, got
    else:
        assert got is not None and len(got) == 2 and all(g.startswith(p) for g, p in zip(got, parts)), got


def test_a_rows_number_cell_is_not_quoted_beside_the_cells_that_say_something() -> None:
    from sci_assistant.answer.compose import quoted

    assert quoted("6\nKallang Tide Tech Pte Ltd\nPearl Ferries Co., Ltd.") == (
        "“Kallang Tide Tech Pte Ltd” — “Pearl Ferries Co., Ltd.”"
    )
    assert quoted("14.") == "“14.”"  # nothing else to quote


def test_words_typed_into_a_search_box_ask_for_the_kind_their_last_word_names() -> None:
    assert (analyse("7th jic venue?").intent, analyse("7th jic venue?").expected) == ("where", "place")
    assert analyse("harbour council 2nd meeting date").expected == "date"
    assert analyse("jic co-chairs").expected == "person"
    # (a follow-up fragment or a question in words is read as before)
    assert analyse("And for Chinese companies?").expected != "org"
    assert analyse("What is the venue?").intent == "what"


def test_by_how_much_asks_for_a_share_in_figures_or_words() -> None:
    from sci_assistant.answer.spans import PERCENT

    q = analyse("By how much will the new gates cut boarding times?")
    assert (q.intent, q.expected) == ("what", "percent")
    assert analyse("By how much did the number of projects grow between 2022 and 2023?").expected != "percent"
    text = "cuts boarding times by about a quarter, energy by 30 per cent, queues by nearly half; a half-day event"
    assert [m.group(0) for m in PERCENT.finditer(text)] == ["about a quarter", "30 per cent", "nearly half"]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("the lead applicant in no more than two proposals per call", "no more than two"),
        ("a consortium of at least three partners", "at least three"),
        ("more than 160 companies have taken part", "more than 160"),
    ],
)
def test_a_figure_keeps_the_limit_it_is_given_with(text: str, figure: str) -> None:
    from sci_assistant.answer.spans import NUMBER

    # ("no more than two" in bold as "more than two" would say the opposite)
    assert NUMBER.search(text).group(0) == figure
