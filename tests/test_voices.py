"""Documents in someone's voice: an interview's turns, a speech's "Date:" and "Venue:" lines, a news
story's speaker named by surname alone once introduced ("… ," Lin told the meeting).

The fixtures in ``tests/data/voices`` were written for these tests: a Q&A interview saved as
Markdown (bold speaker labels, an outlet's short form for the interviewer, the interviewee's firm
named only in the standfirst) and a speech saved as text (breadcrumb, "Date:"/"Venue:" lines, a
meeting of two years ago recalled in the opening paragraph).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sci_assistant.chunking import sentence_embedding_text
from sci_assistant.corpus import read_document
from sci_assistant.dialogue import affiliation, dialogue_turns, question_before, turn_at

from .conftest import SEED_CORPUS, assistant_over, lead

VOICES = Path(__file__).parent / "data" / "voices"
QA = "2025-09-03_coastline-weekly_qa-pier-operator.md"
SPEECH = "2025-08-15_harbour-bureau_speech-harbour-expo.txt"


def _doc(name: str):
    return read_document(VOICES / name, name, name)


def test_header_lines_two_speeches_at_one_event_share_are_kept_on_lines_of_their_own() -> None:
    from sci_assistant.corpus import load_corpus

    docs = {d.path: d for d in load_corpus(VOICES)[0]}
    minister = docs["2025-08-15_maritime-ministry_speech-expo-minister.txt"].text
    deputy = docs[SPEECH].text
    # the same "Date:" and "Venue:" lines in both files are no site furniture, and a file with no
    # furniture does not run them into one line
    for text in (minister, deputy):
        assert "\nVenue: Shekou Cruise Centre, Shenzhen" in text and "\nDate: 14 August 2025" in text, text[:300]
        assert "2025 Venue:" not in text


def test_a_date_label_dates_the_speech_and_a_meeting_recalled_is_not_its_event() -> None:
    doc = _doc(SPEECH)
    assert doc.date == "2025-08-14", doc.date  # the "Date:" line, not the file's publication date
    assert "Date: 14 August 2025" in doc.text  # kept: it is what a "when" answer quotes
    assert doc.event == "Harbour Technology Expo", doc.event  # not "the 2nd Harbour Council meeting" of two years ago


def test_the_occasion_a_speechs_title_names_is_its_event() -> None:
    from sci_assistant.events import find_event

    title = "Speech by Deputy Mayor Ms Ong Li at the Launch of the Pearl River Robotics Challenge 2026"
    assert find_event(title, "Good morning. Three years ago we held the 2nd Forum.").name == (
        "Launch of the Pearl River Robotics Challenge 2026"
    )
    assert find_event("Speech by Mr Tan", "Good morning. Thank you for coming.") is None


def test_an_interview_has_asking_and_answering_turns_and_the_interviewee_has_a_firm() -> None:
    doc = _doc(QA)
    turns = dialogue_turns(doc.text)
    assert [t.asks for t in turns] == [True, False] * 4, [(t.label, t.asks) for t in turns]
    assert {t.speaker for t in turns if not t.asks} == {"Lin Meiqi"}
    assert affiliation(doc.text, "Lin Meiqi") == "Shenzhen Yantian Harbour Ferries"
    at = doc.text.index("We have 64 employees")
    turn = turn_at(turns, at)
    assert doc.text[question_before(turns, turn).start :].startswith("CW: How big is your company?")
    embedded = sentence_embedding_text(doc, "We have 64 employees and nine ferries.", at)
    assert "How big is your company?" in embedded and "Yantian Harbour Ferries" in embedded, embedded
    seed = next(SEED_CORPUS.glob("*.txt"))
    assert dialogue_turns(read_document(seed, seed.name, "s").text) == ()  # a release is no dialogue


def test_a_storys_author_is_read_from_its_byline_or_its_lead() -> None:
    """The byline is page furniture and leaves the text, but whose story it is stays known: "By
    **Oscar Tan** | 3 September 2025 | 5 min read", "By Jane Tan January 5, 2024", "本报讯（记者 X）"."""
    from sci_assistant.corpus import _reporter
    from sci_assistant.furniture import strip_furniture

    doc = _doc(QA)
    assert doc.author == "Oscar Tan" and "5 min read" not in doc.text
    assert strip_furniture(
        "Headline here\n\nBy Jane Tan January 5, 2024 Read time: 2 mins\n\nThe forum opened."
    ).author == ("Jane Tan")
    assert _reporter("本报讯（记者 孙嘉怡）2026年8月21日，挑战赛总决赛举行。") == "孙嘉怡"


def test_an_faqs_accordion_questions_and_a_newsletters_controls() -> None:
    """An FAQ page's questions in accordion buttons stay in the text as headings over their answers;
    a newsletter's "View this email in your browser" is no title and its footer controls go."""
    faq = _doc("2025-07-01_harbour-council_faq.html")
    at = faq.text.index("Companies submit a two-page proposal")
    assert faq.section_at(at)[-1] == "How can a company propose a joint project?", faq.section_at(at)
    assert "How many projects has the Council supported?" in faq.text
    bulletin = _doc("2025-10-02_harbour-bulletin_issue-7.md")
    assert bulletin.title.startswith("Harbour Bulletin"), bulletin.title
    assert "browser" not in bulletin.text and "Unsubscribe" not in bulletin.text


@pytest.fixture(scope="module")
def voices(tmp_path_factory, real_embedder):
    from sci_assistant.assistant import Assistant
    from sci_assistant.indexing import build_index

    base = tmp_path_factory.mktemp("voices")
    corpus = base / "corpus"
    shutil.copytree(VOICES, corpus)
    for seed in SEED_CORPUS.glob("*.txt"):
        shutil.copy(seed, corpus / seed.name)
    build_index(corpus, base / "index", embedder=real_embedder)
    return Assistant.load(base / "index", embedder=real_embedder)


@pytest.mark.model
@pytest.mark.parametrize(
    "question, expected",
    [
        # the answer's own words name neither the firm nor the trial: the question turn and the
        # interviewee's firm do
        ("How many employees does Yantian Harbour Ferries have?", "64"),
        # counted by the noun the question's verb makes ("employ" → "64 employees"), not "people"
        ("How many people does Yantian Harbour Ferries employ?", "64"),
        ("At which two piers will the electronic boarding trial begin?", "Shatoujiao Pier"),
        ("Who signed the memorandum on behalf of Tidewell Marine Systems?", "Ravi Nair"),
        ("Where was the Harbour Technology Expo 2025 opened?", "Shekou Cruise Centre"),
        # a body said to have signed is not who signed, when a sentence as close names the person
        ("Who signed for Tidewell Marine Systems?", "Ravi Nair"),
        # the byline's name, though the byline line is not kept in the text
        ("Who interviewed Lin Meiqi?", "Oscar Tan"),
        # a person the sentence introduces by "Its …" is of the side of the firm the story
        # introduces her with; the pronoun's referent is two sentences back
        ("Who signed the Yantian ferry memorandum for the Shenzhen side?", "Lin Meiqi"),
        # a day and month with no year is a date; the answer's sentence is the firm's, though only
        # the sentence before it in the same turn says "we"
        ("When will Yantian Harbour Ferries open its first boarding gates?", "15 November"),
        # instances named after a colon in common words are named
        ("Name the zones of the Harbour Technology Expo.", "green bunkering"),
        # a person named by title and surname ("Minister of State Quek"), after another side's
        # body, is the person the salutation names in full, of the side that salutation gives
        ("Which Singapore minister did Gao Wenbo thank at the Expo?", "Daniel Quek Boon Huat"),
        # a speech is its speaker's words: the deputy director's, not the minister's, though the
        # minister's speech speaks of the same berth
        ("What did the Shenzhen deputy director say the joint testing berth would offer?", "working ships"),
        # an FAQ's answer, under the accordion question it answers (kept as a heading)
        ("How many joint projects has the Harbour Council backed so far?", "Twenty-two"),
        # who did it is the verb's subject, however the sentence opens and whether or not it is a
        # name the tagger knows: a firm after a date, a group described in common words
        ("Who ordered the electronic boarding gates?", "**Yantian Harbour Ferries**"),
        ("Who finished the joint audit of refrigerated berths?", "**inspectors from both port authorities**"),
        ("Who runs passenger ferries between Yantian and Dapeng?", "**Yantian Harbour Ferries Co., Ltd.**"),
        # and who has it done to them is the passive verb's subject
        ("Who is being trained on the new gates?", "**Five of the crew**"),
        # a place in common words, where the sentence says the question's verb is done
        ("Where will the best ten teams test their ideas?", "**at a working berth**"),
    ],
)
def test_answers_in_an_interviewees_turn_or_a_speech_header(voices, question: str, expected: str) -> None:
    ans = voices.ask(question)
    assert ans.found and expected in ans.text.split("\n\n")[0], ans.text


@pytest.mark.model
def test_who_did_it_to_something_the_sentence_does_not_name(voices) -> None:
    # "Minister of State Quek and I co-chaired the 3rd Harbour Council meeting": whoever co-chaired
    # a meeting did not chair the Expo's judging panel, which no sentence mentions.
    ans = voices.ask("Who chaired the judging panel of the Harbour Technology Expo?")
    assert not ans.found, ans.text


@pytest.mark.model
def test_what_someone_said_about_a_named_thing_is_that_persons_words(voices) -> None:
    # The topic's capitalised name ("Smart City Initiative") is not a speaker: Mr Leong's words
    # about the Initiative are not Mr Qin's, whom the release quotes on nothing.
    ans = voices.ask("What did Qin Weizhong say about the Smart City Initiative?")
    assert not ans.found, ans.text


TIDE = (
    "Tide sensors reach the straits\n\n2 May 2025\n\n"
    "Kallang Tide Tech runs the tide sensors along the Pasir Gudang channel for the port authority. "
    "The first sensor went into the water on 3 March, and the rest follow in June.\n\n"
    "Its engineers check each sensor every quarter.\n"
)


@pytest.mark.model
def test_a_sentence_goes_on_about_what_the_one_before_it_named(tmp_path, real_embedder) -> None:
    from sci_assistant.assistant import Assistant
    from sci_assistant.indexing import build_index

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "2025-05-02_tide-news.txt").write_text(TIDE, encoding="utf-8")
    for seed in SEED_CORPUS.glob("*.txt"):
        shutil.copy(seed, tmp_path / "corpus" / seed.name)
    build_index(tmp_path / "corpus", tmp_path / "index", embedder=real_embedder)
    a = Assistant.load(tmp_path / "index", embedder=real_embedder)
    # "The first sensor went into the water on 3 March" names no firm: the sentence before it does
    ans = a.ask("When did Kallang Tide Tech put its first sensor in the water?")
    assert ans.found and "**3 March**" in ans.text.split("\n", 1)[0], ans.text


@pytest.mark.model
def test_a_speech_titled_with_no_honorific_is_its_speakers_words(voices) -> None:
    # "Remarks by Port Commissioner Wei Lanfang at the Launch of …": the name after "by" has no
    # "Mr" or "Ms" before it; the remarks are still hers.
    ans = voices.ask("What did Wei Lanfang say at the launch of the Harbour Start-up Challenge?")
    assert ans.found and "Wei Lanfang" in ans.text and "Start-up Challenge" in ans.text, ans.text
    assert "Quek" not in ans.text.split("**Sources**")[0], ans.text


@pytest.mark.model
def test_what_someone_said_at_one_occasion_is_not_their_words_at_another(voices) -> None:
    # The minister spoke at the Expo; nothing he said at the Challenge's launch is in the corpus.
    ans = voices.ask("What did Daniel Quek say at the launch of the Harbour Start-up Challenge?")
    assert not ans.found, ans.text


@pytest.mark.model
def test_an_occasion_s_name_is_no_party_to_what_was_signed_there(voices) -> None:
    # "In August it signed a memorandum … with Tidewell Marine Systems … at the 2nd Harbour Council
    # meeting": the council names the occasion, not the firm Tidewell signed with
    ans = voices.ask("Which company did Tidewell Marine Systems sign a memorandum with?")
    assert "**Harbour Council**" not in ans.text and "**2nd Harbour Council" not in ans.text, ans.text


@pytest.mark.model
def test_an_event_named_by_its_name_is_dated_by_the_document_that_reports_it(voices) -> None:
    # The remarks were given "at the Launch of the Harbour Start-up Challenge 2026" (dated 20 November
    # 2025): the question names that event, with no ordinal, and asks when it happened.
    ans = voices.ask("When was the Harbour Start-up Challenge launched?")
    assert ans.found and "20 November 2025" in ans.text.split("\n", 1)[0], ans.text


@pytest.mark.model
def test_a_page_reporting_an_event_is_about_it_throughout(voices) -> None:
    # "Teams from both cities may enter until 31 March 2026" names no challenge: the remarks at its
    # launch are about it.
    ans = voices.ask("What is the entry deadline for the Harbour Start-up Challenge?")
    assert ans.found and "31 March 2026" in ans.text.split("\n", 1)[0], ans.text


STORY = (
    "Lakeport and Harbourside agree to share port data\n\n"
    "HARBOURSIDE, March 4 (Coastline Wire) - Lakeport and Harbourside signed four agreements on Wednesday, "
    "officials said.\n\n"
    "The meeting was co-chaired by Lakeport Vice Mayor Lin Haoran and Harbourside's Minister of State Ms "
    "Grace Tan.\n\n"
    '"Lakeport has the harbours, Harbourside has the data," Lin told the meeting.\n\n'
)


@pytest.mark.integration  # (who the story names in full is read from the tagger's people)
def test_a_speaker_named_by_surname_alone_is_the_person_named_in_full_earlier(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-03-04_port-data.txt": STORY})
    ans = a.ask('Who said "Lakeport has the harbours, Harbourside has the data"?')
    assert ans.found and "**Lin Haoran**" in lead(ans), ans.text


LAUNCH = (
    "Remarks by Port Commissioner Wei Lan at the Launch of the Lakeport Start-up Challenge 2026\n\n"
    "Date: 20 November 2025\n"
    "Venue: Quayside Cruise Centre, Lakeport\n\n"
    "Good afternoon. Today we launch the Lakeport Start-up Challenge 2026 for young port technology firms.\n\n"
    "Teams will pitch their ideas to a panel of port operators over the coming months.\n"
)


@pytest.mark.integration  # (what the question is about is read from its parse)
def test_a_speech_s_venue_is_not_where_a_later_occasion_is_held(tmp_path) -> None:
    a = assistant_over(tmp_path, {"launch-remarks.txt": LAUNCH})
    ans = a.ask("Where was the Lakeport Start-up Challenge launched?")
    assert ans.found and "**Quayside Cruise Centre, Lakeport**" in lead(ans), ans.text
    ans = a.ask("Where in Lakeport was the Start-up Challenge final staged?")
    assert "**Quayside Cruise Centre" not in ans.text, ans.text
