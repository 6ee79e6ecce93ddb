"""The answer engine: typed spans, typo repair, calibrated confidence; floors on the validation split."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from sci_assistant.answer.compare import compare_sides
from sci_assistant.answer.confidence import FEATURES, PRIOR, Calibration, load_calibration
from sci_assistant.answer.intents import analyse
from sci_assistant.answer.vocabulary import repair, unknown_names, vocabulary
from sci_assistant.entities import RuleTagger, tag_text
from sci_assistant.evaluation import evaluate

from .conftest import ROOT

VALIDATION = ROOT / "eval" / "questions" / "validation.jsonl"
TEXT = (
    "ALPHA CITY, 4 March 2021 – The pact was co-chaired by Mr. Arun Rao of Alpha City and Ms. Li Na of "
    "Beta Port. Delta Energy will open an office in Gamma Bay. The meeting was held in Alpha City."
)


def _fake_index(text: str):
    doc = SimpleNamespace(doc_id="d", text=text)
    return SimpleNamespace(documents={"d": doc}, derived={})


def test_question_analysis_reads_type_side_and_scope() -> None:
    q = analyse("Who represented the Chinese side at the 4th JIC meeting?")
    assert (q.intent, q.expected, q.side) == ("who", "person", "china")
    q = analyse("How many new joint projects were launched in Nov 2022?")
    assert q.expected == "number" and q.topic == () and not q.cumulative
    q = analyse("How many MOUs have been signed at the 4th JIC?")
    assert not q.cumulative and q.count_noun == "MOUs"
    assert analyse("How many MOUs have been signed so far?").cumulative
    q = analyse("How many of the 4th-meeting joint projects involve Qianhai?")
    assert q.count_noun == "projects" and q.topic == ("qianhai",)
    assert analyse("With whom did Keppel sign an MOU?").expected == "org"
    # "When" opening a clause of a question led by another question word does not ask for a date.
    assert analyse("How far along was the port pilot when the forum met?").expected != "date"
    assert analyse("What did the mayor say when the pact was signed?").intent != "when"
    assert analyse("When did the forum meet?").expected == "date"
    assert analyse("forum meeting when").expected == "date"
    assert analyse("What was signed at the forum where the mayor spoke?").expected != "place"
    assert analyse("Where did the forum meet?").expected == "place"
    # A place inside an organisation's name is not a side: "Enterprise Singapore" is a party.
    assert analyse("Who signed the trade MOU with Enterprise Singapore?").side is None
    assert analyse("Who signed the pact with the Port of Shenzhen Authority?").side is None
    assert analyse("Who represented Singapore at the meeting?").side == "singapore"
    assert analyse("Who co-chaired the 4th JIC for Singapore?").side == "singapore"  # "for" links no name
    # Acting on behalf of an organisation is what a person does: the organisation does not answer.
    q = analyse("Who signed the agreement on behalf of Delta Energy?")
    assert q.expected == "person" and q.role
    assert analyse("What is the budget of the Joint Innovation Call?").expected == "amount"
    assert analyse("When will the office open?").future
    # A list of one side's parties: "the Singapore companies that signed".
    assert analyse("List the Singapore companies that signed agreements at the forum.").side == "singapore"
    assert analyse("List the agreements signed in Singapore.").side is None
    assert "chines" not in analyse("List the Chinese companies that signed MOUs.").topic  # not a filter
    # "Change" after a noun is part of a noun phrase; after "did" or on its own it asks for a change.
    assert not analyse("Who is the studio's partner for the climate change games?").compare
    assert analyse("How did the number of MOUs change between the meetings?").compare
    assert analyse("What changed between 2022 and 2023?").compare


def test_a_clause_set_before_the_question_does_not_decide_what_it_asks() -> None:
    q = analyse("When the pilot team partnered with the port, which city's branch of the port was it?")
    assert (q.intent, q.expected) == ("where", "place")
    q = analyse("If I want to reach the harbour board, who should I contact?")
    assert q.intent == "who" and "harbour" in q.topic  # (the clause's words still say what it is about)
    assert analyse("When was the pact signed?").intent == "when"


def test_which_city_asks_for_a_place_only_when_the_city_is_what_is_asked() -> None:
    assert analyse("Which city hosts the forum?").expected == "place"
    assert analyse("In which city was the forum held?").expected == "place"
    assert analyse("Which city government did the mayor lead?").expected != "place"
    assert analyse("Which city's branch of the college signed?").expected == "place"


def test_the_two_sides_of_a_comparison_asked_with_a_verb_first() -> None:
    assert compare_sides("Compare the 2025 berth pilot with the 2026 tide project.") == (
        "the 2025 berth pilot",
        "the 2026 tide project",
    )
    assert compare_sides("How does the port's 2025 pact compare with what the 2026 pact aims at?") == (
        "the port's 2025 pact",
        "what the 2026 pact aims at",
    )
    assert compare_sides("Contrast Delta's MOU and Harbour's MOU.") == ("Delta's MOU", "Harbour's MOU")


def test_which_ministry_asks_for_a_body_even_with_a_verb_only_people_do() -> None:
    assert analyse("Which ministry does the permanent secretary lead?").expected == "org"
    assert analyse("Which university founded the lab?").expected == "org"
    assert analyse("Who founded the lab?").expected == "person"


def test_a_place_before_a_title_is_no_organisation() -> None:
    from sci_assistant.answer.spans import _title_run

    idx = SimpleNamespace(derived={"place_pattern": None})
    text = "co-chaired by Mauritius Permanent Secretary for Ports Mr Ravi Ramdin and Pandan Ports Chairman Mr Lee"
    a = text.index("Mauritius")
    assert _title_run(idx, text, a, a + len("Mauritius Permanent"))
    a = text.index("Pandan")
    assert not _title_run(idx, text, a, a + len("Pandan Ports"))  # a body's own name before its title
    text = "the Mauritius Ports Authority said"
    a = text.index("Mauritius")
    assert not _title_run(idx, text, a, a + len("Mauritius Ports Authority"))


def test_who_or_when_of_a_meeting_s_outcomes_is_not_a_summary_of_it() -> None:
    assert analyse("What were the outcomes of the 17th council meeting?").intent == "summary"
    assert analyse("Who announced the outcomes of the 17th council meeting?").intent == "who"
    assert analyse("When were the outcomes of the 17th council meeting announced?").intent == "when"


def test_a_span_an_english_tagger_cut_through_chinese_text_is_no_name() -> None:
    from sci_assistant.answer.spans import _MIXED_SCRIPT

    assert _MIXED_SCRIPT.search("其中，新加坡三巴旺循环科技公司（Sembawang")
    assert not _MIXED_SCRIPT.search("Sembawang CircularTech Pte Ltd")
    assert not _MIXED_SCRIPT.search("深圳龙岗电池回收有限公司")


def test_how_long_asks_for_a_length_of_time_and_what_percentage_for_a_share() -> None:
    assert analyse("How long do the camp's courses last?").expected == "duration"
    assert analyse("What percentage of the port does the firm own?").expected == "percent"
    assert analyse("How long has the council been running — what was its launch year?").expected != "duration"


def test_a_deadline_asks_for_a_date_and_how_big_for_a_figure() -> None:
    assert analyse("What is the application deadline for the port call?").expected == "date"
    assert analyse("Which year of operation is the port in?").expected != "date"  # a count of years
    assert analyse("How big is the port's supplier network?").expected == "number"


def test_the_counted_noun_is_the_head_of_its_phrase() -> None:
    assert analyse("How many key areas will the two ports work in?").count_noun == "areas"
    assert analyse("How many people attended the forum?").count_noun == "people"
    assert analyse("How many MOUs were signed?").count_noun == "MOUs"


def test_typos_are_repaired_against_the_corpus_and_unknown_names_found() -> None:
    vocab = vocabulary(_fake_index(TEXT))
    assert (
        repair("who cochaird the meetng", vocab) == "who co-chaired the meeting"
        or repair("who cochaird the meetng", vocab) == "who cochaired the meeting"
    )
    assert repair("Where will Delta Enegy open?", vocab) == "Where will Delta Energy open?"
    # A common English word the releases never use is repaired against English: one edit or swap
    # away from exactly one word.
    assert repair("how many peopel came", vocab) == "how many people came"
    assert unknown_names("Who is the CEO of Huawei?", vocab) == ["CEO", "Huawei"]
    # Ordinary words and months are never names, whatever the corpus says.
    assert unknown_names("Who led the meeting in December?", vocab) == []


def test_rule_tagger_keeps_honorific_names_as_people() -> None:
    spans = tag_text(TEXT, RuleTagger())
    people = [TEXT[a:b] for a, b, t in spans if t == "person"]
    assert people == ["Arun Rao", "Li Na"]


def test_calibration_is_validated_and_monotonic_in_evidence() -> None:
    with pytest.raises(ValueError, match="threshold"):
        Calibration(PRIOR.weights, 0.0, 1.5)
    with pytest.raises(ValueError, match="weights"):
        Calibration((1.0,), 0.0, 0.5)
    cal = load_calibration()
    assert len(cal.weights) == len(FEATURES)
    strong = {"sim": 0.8, "overlap": 0.8, "coverage": 1.0, "typed": 1.0, "type_found": 1.0}
    # Evidence that never states what the question's focus names weighs against answering.
    # (A typed question with no span of its type is refused by rule before the model is asked.)
    weak = {**strong, "focus_missing": 1.0}
    assert cal.confidence(strong) > cal.threshold and cal.confidence(strong) > cal.confidence(weak)


@pytest.mark.model
def test_validation_split_meets_the_floor(seed_assistant) -> None:
    """Floors a little below the measured figures (answer 0.785, lead 0.626, false abstain 0.036,
    abstain 0.625 on 315 questions), leaving room for float noise across machines: a regression
    fails, a better answer never does."""
    m = evaluate(seed_assistant, VALIDATION, k=5)["overall"]
    assert m["answer"] >= 0.75 and m["lead"] >= 0.59 and m["false_abstain"] <= 0.06 and m["abstain"] >= 0.58, m


@pytest.mark.model
def test_every_bold_answer_is_a_span_of_a_cited_quote(seed_assistant) -> None:
    from sci_assistant.evaluation import load_questions

    checked = 0
    for item in load_questions(Path(VALIDATION)):
        for turn in item.get("turns") or [item]:
            ans = seed_assistant.ask(turn["question"], filters=item.get("filters"))
            if not ans.found or ans.strategy != "sentence":
                continue
            quotes = [q.text for q in ans.quotes]
            for bold in re.findall(r"\*\*(.+?)\*\*", ans.text.split("**Sources**")[0]):
                bold = bold.replace("\\$", "$").replace("&lt;", "<")
                assert any(bold in q for q in quotes), (turn["question"], bold)
                checked += 1
    assert checked >= 30  # the walk really checked bold answers (about 40 today)


@pytest.mark.integration
def test_lists_are_records_whatever_their_shape() -> None:
    """Bullets whose markers normalisation dropped (recognised by the lead-in and the count it
    states) and agreements enumerated in prose become records with their parties."""
    from sci_assistant.answer.records import extract_records
    from sci_assistant.corpus import load_corpus

    docs = {d.path: d for d in load_corpus(ROOT / "tests" / "data" / "realworld")[0]}
    bullets = extract_records(docs["2020-12-18_1st-jic_mous-as-bullets.txt"])
    assert [r.parties for r in bullets][:2] == [
        ("Tidewater Logistics", "Yantian Port Services"),
        ("Merlion Health", "Luohu Care Network"),
    ]
    assert len(bullets) == 5 and {r.kind for r in bullets} == {"mou"}
    prose = extract_records(docs["2021-10-19_2nd-jic_agreements-in-prose.html"])
    assert len(prose) == 6 and prose[-1].parties == ("Kampong Ventures", "Bao'an Incubator")
    for r in bullets + prose:
        text = docs[next(p for p, d in docs.items() if d.doc_id == r.doc_id)].text
        assert text[r.title_start : r.title_end] == r.title and r.start < r.end
    # The paragraph after the list is prose, not a sixth item.
    assert not any("endorsed eight joint projects" in r.title for r in bullets)


@pytest.mark.integration
def test_questions_across_meetings_get_one_row_per_meeting(tmp_path) -> None:
    """'List all the JIC meetings' and 'which meeting signed the most MOUs' across releases of
    several shapes: one row per meeting (a syndicated copy counts once), only the body asked about."""
    import shutil

    from sci_assistant.assistant import Assistant
    from sci_assistant.indexing import build_index

    from .conftest import FakeEmbedder

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "data" / "realworld", corpus)
    build_index(corpus, tmp_path / "index", embedder=FakeEmbedder())
    a = Assistant.load(tmp_path / "index", embedder=FakeEmbedder())
    ans = a.ask("List all the JIC meetings and their dates.")
    assert ans.found and ans.strategy == "meetings"
    rows = [line for line in ans.text.splitlines() if re.match(r"\| \d+(?:st|nd|rd|th) JIC meeting \|", line)]
    assert [r.split("|")[1].strip() for r in rows] == [
        "1st JIC meeting",
        "2nd JIC meeting",
        "5th JIC meeting",
        "6th JIC meeting",
    ]
    assert "Joint Steering Council" not in ans.text  # another programme's body is not a JIC meeting
    most = a.ask("Which meeting signed the most MOUs?")
    assert most.found and most.text.startswith("**2nd JIC meeting**")


def test_a_first_question_pointing_back_at_nothing_is_told_so() -> None:
    from sci_assistant.answer.followup import dangling_reference

    assert dangling_reference("And how many projects were launched there?", []) == "there"
    assert dangling_reference("How many MOUs were signed at that meeting?", None) == "that meeting"
    # With a conversation to point into, or no back-reference at all, nothing is said.
    assert dangling_reference("And how many projects were launched there?", ["Where was the 4th JIC held?"]) is None
    assert dangling_reference("Is there any project on rehabilitation?", []) is None
    # A second question joined to the first points back into it.
    assert dangling_reference("How many of them came from Singapore?", []) == "them"
    joined = "How many entries did the contest attract, and how many of them came from Singapore?"
    assert dangling_reference(joined, []) is None


def test_question_forms_that_name_what_must_be_stated() -> None:
    q = analyse("What does CIMC stand for?")
    assert q.expands == "CIMC"
    q = analyse("Was the 3rd JIC meeting held in person or virtually?")
    assert q.options == ("in person", "virtually")
    assert analyse("Which projects relate to finance or fintech?").options == ()  # a list, not a choice
    assert analyse("What is the maximum grant per project?").expected == "amount"


@pytest.mark.model
def test_forms_unmet_by_the_releases_are_refused_and_met_ones_answered(seed_assistant) -> None:
    for question in ("What does CIMC stand for?", "Was the 3rd JIC meeting held in person or virtually?"):
        ans = seed_assistant.ask(question)
        assert not ans.found and ans.confidence == 0.0, ans.text[:200]
    ans = seed_assistant.ask("What does SUSS stand for?")
    assert ans.found and "Singapore University of Social Sciences" in ans.text[:400]


def test_places_inside_names_are_not_locations() -> None:
    from sci_assistant.answer import spans as sp
    from sci_assistant.entities import Entity

    text = (
        "The Alpha-Beta (Gamma) Smart Port Initiative links Alpha and Beta. "
        "It has built ties between Alpha and Beta. The office opened in Gamma."
    )
    idx = _fake_index(text)
    idx.entities = [Entity("d", m.start(), m.end(), "place") for m in re.finditer(r"Alpha|Beta|Gamma", text)]
    found = [text[s.start : s.end] for s in sp.places(idx, "d", 0, len(text), loose=True)]
    # Only the places that stand on their own: not "Alpha-", "-Beta", "(Gamma)" or "between Alpha and Beta".
    assert found == ["Alpha", "Beta", "Gamma"] and sp.places(idx, "d", 0, len(text))[-1].start == text.rindex("Gamma")


def test_short_forms_the_releases_define_are_aliases() -> None:
    from sci_assistant.answer.vocabulary import aliases
    from sci_assistant.sparse import tokenize

    text = (
        "The Harbour Research Council (HRC) and Quay Bank signed a pact. TusStar (Beijing) joined, "
        "as did the Port of Gamma (Shenzhen) and Enterprise Delta (EnterpriseDL). The Alpha–Beta "
        "Innovation Corridor (ABIC) was set up in 2023."
    )
    got = aliases(_fake_index(text))
    assert got == {
        "hrc": frozenset(tokenize("Harbour Research Council")),
        " ".join(tokenize("EnterpriseDL")): frozenset(tokenize("Enterprise Delta")),
        # (places joined by a dash are two words of the name)
        "abic": frozenset(tokenize("Alpha Beta Innovation Corridor")),
    }


def test_a_short_form_is_spelled_out_by_the_words_its_capitals_name() -> None:
    from sci_assistant.answer.vocabulary import spelled_out

    text = "Staff of the Harbour City University of Applied Sciences (HCUAS) met the Quay Board (QB)."
    a, b = spelled_out(text, "HCUAS")
    assert text[a:b] == "Harbour City University of Applied Sciences"
    a, b = spelled_out(text, "qb")
    assert text[a:b] == "Quay Board"
    assert spelled_out(text, "XYZ") is None


def test_counted_nouns_read_from_either_side_and_by_kind() -> None:
    from sci_assistant.answer.spans import count_pattern

    assert analyse("What is the company count of the port's network?").count_noun == "company"
    assert analyse("What was the MOU count at the 3rd meeting?").count_noun in ("MOU", "MOUs")
    # "How many firms …" is answered by "four companies": a noun of the same kind.
    m = count_pattern("firms").search("On the sidelines, four companies signed MOUs.")
    assert m and m.group(1) == "four"
    assert count_pattern("firms").search("four projects were launched") is None


def test_a_year_of_something_is_not_a_calendar_year_and_a_tally_runs() -> None:
    assert analyse("Which year of operation is the port in?").intent != "when"
    assert analyse("In which year was the port opened?").intent == "when"
    assert analyse("What was the port's project tally at the 3rd meeting?").cumulative


@pytest.fixture(scope="module")
def kinds(tmp_path_factory):
    """Written releases of other shapes (tests/data/kinds) beside the seed releases, indexed with
    the fake embedder: records of two kinds for the same partners, a speaker named by role."""
    import shutil

    from sci_assistant.assistant import Assistant
    from sci_assistant.indexing import build_index

    from .conftest import FakeEmbedder

    base = tmp_path_factory.mktemp("kinds")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "tests" / "data" / "kinds", corpus)
    for seed in (ROOT / "corpus").glob("*.txt"):  # other releases, so the fixtures' names are rare words
        shutil.copy(seed, corpus / seed.name)
    build_index(corpus, base / "index", embedder=FakeEmbedder())
    return Assistant.load(base / "index", embedder=FakeEmbedder())


@pytest.mark.integration
def test_the_kind_the_question_names_picks_the_record(kinds) -> None:
    """The same partners signed an MOU and run a project: "the X and Y project" quotes the
    project's record first, "the X and Y MOU" the MOU's."""
    a = kinds
    project = a.ask("What will the Orchid Robotics and Pearl River Labs project do?")
    mou = a.ask("What will the robots MOU of Orchid Robotics and Pearl River Labs do?")
    assert project.found and mou.found

    def before(ans, first: str, then: str) -> bool:
        text = ans.text.split("**Sources**")[0]
        return first in text and (then not in text or text.index(first) < text.index(then))

    assert before(project, "delivery robots", "train engineers"), project.text
    assert before(mou, "train engineers", "delivery robots"), mou.text


@pytest.mark.integration
def test_a_place_inside_a_party_s_name_the_question_gives_is_not_where(kinds) -> None:
    """ "Orchid Robotics – Pearl River Labs to run delivery robots on three hospital campuses":
    "Pearl River" is inside a name the question gives; where they run them is the campuses."""
    ans = kinds.ask("Where will Orchid Robotics and Pearl River Labs run delivery robots?")
    assert ans.found and ans.text.startswith("**on three hospital campuses**"), ans.text


@pytest.mark.integration
def test_a_title_cell_naming_the_focus_is_quoted(kinds) -> None:
    """ "What kind of training …": the MOU's title cell names it, its description does not, so the
    title is quoted, as a cell of its own (no dash the release never printed)."""
    a = kinds
    ans = a.ask("What kind of customs arrangement did Lantern Freight agree with Jade Bay Port?")
    assert ans.found and "Customs Data Exchange" in ans.text.split("**Sources**")[0], ans.text
    assert "Customs Data Exchange —" not in ans.text


@pytest.mark.integration
def test_a_speaker_named_by_role_and_side_is_found(kinds) -> None:
    """ "What did the Singapore co-chair say?": the releases name the co-chair for that side in one
    sentence and quote her by surname in another; the Shenzhen co-chair is never quoted."""
    a = kinds
    ans = a.ask("What did the Singapore co-chair say about the paperless pilot?")
    assert ans.found and "twelve ports" in ans.text.split("**Sources**")[0], ans.text
    assert not a.ask("What did the Shenzhen co-chair say about the paperless pilot?").found


@pytest.mark.integration
def test_a_title_cell_answer_is_followed_by_its_description(kinds) -> None:
    """A what-question whose best match is an MOU's title cell (the parties) gets the description
    cell next, quoted as its own cell: what the parties will do is there."""
    a = kinds
    ans = a.ask("What will Lantern Freight exchange?")
    body = ans.text.split("**Sources**")[0]
    assert ans.found and "Customs Data Exchange Arrangement”" in body, ans.text
    assert "“Lantern Freight and Jade Bay Port will share shipment records" in body, ans.text
    # Asked of its memorandum, the MOU's own row answers: what the parties will do, labelled.
    ans = a.ask("What will Lantern Freight exchange under the memorandum?")
    assert ans.text.startswith("“Lantern Freight and Jade Bay Port will share shipment records"), ans.text
    assert "MOU: *Lantern Freight and Jade Bay Port*" in ans.text, ans.text


@pytest.mark.integration
def test_what_parties_the_question_names_will_do_leads_before_their_title(kinds) -> None:
    """When the title cell only names the parties and the question names them too, the description
    cell is quoted first; a title that also states the subject keeps its place."""
    ans = kinds.ask("What will Orchid Robotics train under its memorandum?")
    assert ans.found and ans.text.startswith("“Orchid Robotics and Pearl River Labs will jointly train"), ans.text
    assert "MOU: *Orchid Robotics and Pearl River Labs*" in ans.text, ans.text
    ans = kinds.ask("What will Lantern Freight exchange?")
    assert ans.text.startswith("> “Memorandum of Understanding between Lantern Freight"), ans.text


@pytest.mark.integration
def test_the_same_partners_mou_and_project_are_one_item_to_point_back_at(kinds) -> None:
    """An answer quoting both the MOU and the project of the same two partners: "the collaboration"
    in the next question is theirs."""
    first = kinds.ask("What are Orchid Robotics and Pearl River Labs doing together?")
    history = [
        {"role": "user", "content": "What are Orchid Robotics and Pearl River Labs doing together?"},
        {"role": "assistant", "content": first.text},
    ]
    assert "MOU:" in first.text and "project:" in first.text, first.text
    ans = kinds.ask("Which problems is the collaboration meant to tackle?", history=history)
    assert "Orchid Robotics" in ans.query, ans.query


@pytest.mark.integration
def test_who_said_names_the_speaker_in_full_and_kind_of_quotes_the_title(kinds) -> None:
    """ "Who said …" is answered with the fullest form of the name the release prints ("Ms Tan
    said" → "Ms Tan Mei Ling", quoted from where it is printed); "what type of document did X and Y
    sign" with the record's title cell, which names the type."""
    a = kinds
    said = a.ask("Who said the paperless cargo pilot will be widened to twelve ports?")
    assert said.found and said.text.startswith("**Ms Tan Mei Ling**"), said.text
    assert "“SINGAPORE, 20 June 2025" in said.text  # the sentence printing the full name is quoted
    kind = a.ask("What type of document did Orchid Robotics and Pearl River Labs sign?")
    assert kind.text.startswith("“Memorandum of Understanding between Orchid Robotics"), kind.text


@pytest.mark.integration
def test_items_of_either_kind_are_listed(kinds) -> None:
    """ "Which items, agreements or projects, involve X": the records of both kinds naming X."""
    ans = kinds.ask("Which items, agreements or projects, involve Orchid Robotics?")
    assert ans.strategy == "records", ans.text
    body = ans.text.split("**Sources**")[0]
    assert "train engineers" in body and "delivery robots" in body, ans.text
    assert "Lantern Freight" not in body


@pytest.mark.integration
def test_a_topical_list_over_both_releases_lists_the_items_of_each(kinds) -> None:
    """ "Looking at both releases, which projects have to do with logistics?" lists the matching items
    of every release, not a passage from each set side by side."""
    ans = kinds.ask("Looking at both releases, which projects have something to do with logistics?")
    assert ans.strategy == "records", ans.text
    body = ans.text.split("**Sources**")[0]
    for name in ("Crimson Logic", "QuikBot", "Demonstration Zone"):
        assert name in body, ans.text


@pytest.mark.integration
def test_a_comparison_of_records_quotes_what_each_agreed(kinds) -> None:
    """Each side of "the difference between X's and Y's MOUs" is its title cell and, as a cell of
    its own, the description that says what was agreed."""
    ans = kinds.ask("What is the difference between Orchid Robotics's and Lantern Freight's MOUs?")
    assert ans.strategy == "compare", ans.text
    sides = [line for line in ans.text.splitlines() if line.startswith("- ")]
    assert len(sides) == 2
    assert "“Orchid Robotics and Pearl River Labs will jointly train engineers" in sides[0], sides[0]
    assert "will share shipment records" in sides[1], sides[1]


@pytest.mark.integration
def test_a_comparison_of_remarks_quotes_the_speaker_on_each_side(kinds) -> None:
    """ "How did X's remarks in 2024 differ from her remarks in 2025?": each side is a quotation
    of X from that year's release, not a sentence that merely names her."""
    ans = kinds.ask("How did Ms Tan's remarks in 2024 differ from her remarks in 2025?")
    assert ans.strategy == "compare", ans.text
    sides = [line for line in ans.text.splitlines() if line.startswith("- ")]
    assert "digital corridor" in sides[0] and "twelve ports" in sides[1], ans.text


@pytest.mark.integration
def test_comparative_counts_answer_each_side_from_its_release(kinds) -> None:
    """ "More projects or more MOUs?" and "more MOUs at the 3rd or the 4th?": each count is the
    release's own figure, side by side, with the verdict first; "Phase 3 projects" counts nothing."""
    ans = kinds.ask("At the fourth meeting, were there more joint projects or more MOUs?")
    assert ans.found and ans.text.startswith("**More joint projects** — 14 vs 8"), ans.text
    same = kinds.ask("Did the 3rd meeting sign more MOUs than the 4th?")
    assert same.text.startswith("**The same number** — 8 vs 8"), same.text
    mixed = kinds.ask("Were more MOUs or more projects announced in 2022?")
    assert mixed.text.startswith("**More projects** — 8 vs 14"), mixed.text
    assert "**3** projects" not in mixed.text  # "the list of Phase 3 projects" names a phase


@pytest.mark.integration
def test_who_at_each_of_two_meetings_names_each_side_s_person(kinds) -> None:
    """ "Who co-chaired the 4th and the 5th Ports Forum?": each meeting's own people in bold,
    from its own release, before the passages."""
    ans = kinds.ask("Who co-chaired the 4th and the 5th Ports Forum?")
    head = ans.text.split("\n", 1)[0]
    assert ans.found and "**Mr Zhou Bin**" in head and "**Ms Tan Mei Ling**" in head, ans.text


@pytest.mark.integration
def test_another_one_excludes_the_item_just_given_and_the_other_one_names_it(kinds) -> None:
    """After an answer quoting one project, "is there another project …" answers with a different
    item; a sentence inside an item that names none of its parties is labelled with the item."""
    first = kinds.ask("Which Harbour Council project runs delivery robots?")
    assert "Orchid Robotics" in first.text.split("**Sources**")[0]
    history = [
        {"role": "user", "content": "Which Harbour Council project runs delivery robots?"},
        {"role": "assistant", "content": first.text},
    ]
    other = kinds.ask("Is there another Harbour Council project to run robots or a trial?", history=history)
    body = other.text.split("**Sources**")[0]
    assert "Lantern Freight" in body and "Orchid Robotics" not in body, other.text


@pytest.mark.integration
def test_a_short_form_in_brackets_answers_with_the_name_spelled_out_before_it(kinds) -> None:
    """ "Which ministry …": the tagger finds "MPL"; the release spells it out right before the
    brackets, and that whole name (not a heading above it) is the bold answer."""
    ans = kinds.ask("Which ministry oversees the cold-chain corridor?")
    assert ans.text.startswith("**Ministry of Ports and Logistics (MPL)**"), ans.text


@pytest.mark.integration
def test_what_someone_said_is_quoted_to_the_end_of_the_quotation(kinds) -> None:
    """A quotation running over several sentences is quoted whole, and cited as one span."""
    ans = kinds.ask("What did Ms Tan say in 2024?")
    first = ans.text.split("\n")[0]
    assert "one digital corridor" in first and "file their papers once for both ports" in first, ans.text
    cite = ans.citations[0]
    assert cite.text.endswith("both ports.”"), cite.text


@pytest.mark.integration
def test_a_side_worded_with_a_word_the_releases_never_use_is_still_compared(kinds) -> None:
    """ "How does the 2025 AGV paperless pilot differ from …": "AGV" is in no release, so
    "paperless pilot" alone picks that side; each side quotes its own release."""
    ans = kinds.ask("How does the 2025 AGV paperless pilot differ from the 2024 cold-chain corridor?")
    assert ans.strategy == "compare", ans.text
    sides = [line for line in ans.text.splitlines() if line.startswith("- ")]
    assert "paperless" in sides[0] and "corridor" in sides[1], ans.text
    assert "*AGV*" not in ans.text


@pytest.mark.integration
def test_where_to_follow_and_contact_lines_answer(kinds) -> None:
    """A release's "for more news, follow …" and contact lines are facts users ask for."""
    ans = kinds.ask("harbour council linkedin handle")
    assert ans.found and "HarbourCouncilHQ" in ans.text.split("**Sources**")[0], ans.text
    mail = kinds.ask("What email address does the Harbour Council give for the press?")
    assert "press@harbourcouncil.example" in mail.text.split("**Sources**")[0], mail.text


@pytest.mark.integration
def test_who_said_a_sentence_deep_in_a_quotation_names_its_speaker(kinds) -> None:
    """The quoted sentence names nobody; the quotation it continues opens with "Ms Tan said"."""
    ans = kinds.ask("Who said exporters will file their papers once for both ports?")
    assert ans.found and ans.text.startswith("**Ms Tan Mei Ling**"), ans.text


@pytest.mark.integration
def test_who_co_chaired_gives_every_side(kinds) -> None:
    """A joint role is held by each side: the person named for one, and the words the release
    uses for the other when it names nobody ("a representative from the Shenzhen government")."""
    ans = kinds.ask("Who co-chaired the 4th Ports Forum?")
    assert ans.text.startswith("**Ms Tan Mei Ling** and **a representative from the Shenzhen government**"), ans.text
    one = kinds.ask("Who co-chaired the 4th Ports Forum for Singapore?")
    assert one.text.startswith("**Ms Tan Mei Ling** ("), one.text
