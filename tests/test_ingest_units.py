"""Ingest helpers on inline text: dates, events, page furniture, copies."""

from __future__ import annotations

import dataclasses

import pytest

from sci_assistant.dates import date_in_sentence, find_date, parse_date, strip_timestamp
from sci_assistant.dedupe import find_copy_groups, mark_copies
from sci_assistant.events import find_event, harmonise_event_names, share_event_dates
from sci_assistant.furniture import furniture_kind, repeated_lines, strip_furniture
from sci_assistant.schema import Document


@pytest.mark.parametrize(
    "value, iso",
    [
        ("Dec. 15, 2023", "2023-12-15"),
        ("25 November 2022", "2022-11-25"),
        ("2023-12-15", "2023-12-15"),
        ("2021年10月19日", "2021-10-19"),
        ("10月19日", None),
        ("June 2024", None),
    ],
)
def test_parse_date(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


@pytest.mark.parametrize(
    "sentence, reference, iso",
    [
        ("The meeting was held on Wednesday (June 17).", "2020-06-19", "2020-06-17"),
        ("They met on Thursday (17 June).", "2021-06-20", "2021-06-17"),
        ("Officials met on Monday (Dec 30).", "2025-01-02", "2024-12-30"),  # the year before the byline
        ("会议于10月19日在深圳召开。", "2021-10-20", "2021-10-19"),
        ("会议于2021年10月19日在深圳召开。", None, "2021-10-19"),
        ("The committee met on Tuesday to review projects.", "2024-06-20", "2024-06-18"),
        ("SINGAPORE, 8 November 2024 - The meeting was held in Singapore today.", "2024-11-08", "2024-11-08"),
        ("The next meeting will be held on 3 March 2030.", "2024-11-08", None),  # after publication
        ("No date here.", "2024-11-08", None),
    ],
)
def test_date_in_sentence(sentence: str, reference: str | None, iso: str | None) -> None:
    assert date_in_sentence(sentence, reference) == iso


def test_the_date_nearest_the_event_wins() -> None:
    s = "Both cities renewed the pact at the 6th JIC meeting in Singapore yesterday, officials said on Friday."
    assert date_in_sentence(s, "2024-01-05", anchor=s.index("6th")) == "2024-01-04"
    assert date_in_sentence(s, "2024-01-05") == "2024-01-05"  # no anchor: the stronger form, "on Friday"


def test_find_date_and_timestamps() -> None:
    assert find_date("新闻\n\n会议于2021年10月19日召开。") == "2021-10-19"
    assert strip_timestamp("Singapore, Shenzhen sign pacts | Jan 5, 2024, 10:32 AM") == "Singapore, Shenzhen sign pacts"
    assert strip_timestamp("Singapore, Shenzhen sign pacts 2024-01-05 10:32") == "Singapore, Shenzhen sign pacts"
    # a stamp a page glued to the last word, and a date that is part of the headline
    assert strip_timestamp("Pacts signed at 5th JIC Meeting22 Oct 2024, 4:18 PM") == "Pacts signed at 5th JIC Meeting"
    assert strip_timestamp("Pacts signed on 5 May 2024") == "Pacts signed on 5 May 2024"
    assert strip_timestamp("Eight MOUs signed on 5 May 2024") == "Eight MOUs signed on 5 May 2024"


@pytest.mark.parametrize(
    "title, text, meta, expected",
    [
        (
            "",
            "The 4th SCI Joint Implementation Committee (JIC) meeting was held in Shenzhen.",
            None,
            (4, "4th JIC meeting", "Shenzhen"),
        ),
        (
            "Eight MOUs at the Third Smart City Initiative Joint Implementation Committee Meeting",
            "At the 3rd Joint Implementation Committee (JIC) meeting today, eight MOUs were signed.",
            None,
            (3, "3rd JIC meeting", None),
        ),
        (
            "",
            "Leaders met for the Fifth Meeting of the Joint Steering Council, held virtually.",
            None,
            (5, "5th Joint Steering Council meeting", "online"),
        ),
        (
            "",
            "The 1st Smart City Forum took place in Singapore on Monday.",
            None,
            (1, "1st Smart City Forum", "Singapore"),
        ),
        ("", "第三次联合实施委员会会议在深圳举行。", None, (3, "3rd JIC meeting", "Shenzhen")),
        # the body before the ordinal ("the JIC's fifth meeting"); an unknown sub-committee is not the JIC
        ("", "联委会第五次会议在新加坡举行。", None, (5, "5th JIC meeting", "Singapore")),
        ("", "数字连通分委会第三次会议在深圳举行。", None, (3, "第三次会议", "Shenzhen")),
        ("A pact", "Text without an ordinal.", {"event": "7th JIC meeting"}, (7, "7th JIC meeting", None)),
        ("A pact", "Text without an ordinal.", {"meeting": 2}, (2, "2nd meeting", None)),
        ("", "The first batch of companies moved into the zone.", None, None),
        # a venue with "the" before it, and its city
        (
            "",
            "The 6th Harbour Council meeting was held at the Reef Convention Centre in Port Louis.",
            None,
            (6, "6th Harbour Council meeting", "Reef Convention Centre, Port Louis"),
        ),
        # the body named before its ordinal: "held its 3rd meeting", "the Council's third session"
        (
            "",
            "RIVERTON, 14 June 2026 – The Lakeside Council held its 3rd meeting in Riverton today.",
            None,
            (3, "3rd Lakeside Council meeting", "Riverton"),
        ),
        ("", "The Lakeside Council's third session took place today.", None, (3, "3rd Lakeside Council meeting", None)),
        ("", "The Lakeside Council noted its third quarter results.", None, None),
        # a month after "held in" says when, not where
        ("", "The 8th Harbour Council meeting was held in September.", None, (8, "8th Harbour Council meeting", None)),
        # a meeting still to come is announced, not reported: the one reported is the event
        (
            "",
            "The 9th Harbour Council meeting will be held in Riverton next year. "
            "Meanwhile the 8th Harbour Council meeting was held in Lakeside.",
            None,
            (8, "8th Harbour Council meeting", "Lakeside"),
        ),
        ("", "Upcoming events\n\n9th Harbour Council Meeting\nSeptember 2026 (TBC)\nRiverton\n", None, None),
        # an occasion a schedule only lists (its name a cell of its own), or one still to come
        (
            "Newsletter",
            "Upcoming events\n\nBriefing\nSNICO Auditorium, Riverton\n\n"
            "Harbour Smart City Expo 2026\n8–10 April 2026\n\n"
            "A pavilion at the Harbour Smart City Expo will host up to 25 firms.\n",
            None,
            None,
        ),
        (  # the programme's name before the body's is not the body's
            "Ninth meeting of the Harbour Cities Smart Port Initiative Joint Implementation Committee sees 4 MOUs",
            "The ninth meeting of the Harbour Cities Smart Port Initiative Joint Implementation Committee ended.",
            None,
            (9, "9th Joint Implementation Committee meeting", None),
        ),
    ],
)
def test_find_event(title, text, meta, expected) -> None:
    e = find_event(title, text, meta)
    assert (None if e is None else (e.ordinal, e.name, e.place)) == expected


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Skip to main content", "skip"),
        ("We use cookies to improve your experience.", "cookie"),
        ("Share   Tweet   Email", "share"),
        ("2,431 views", "counter"),
        ("Visits: 18,204", "counter"),
        ("By Jane Tan January 5, 2024 Read time: 2 mins", "byline"),
        ("Published: 20 June 2024 09:02", "stamp"),
        ("25 C Singapore 24.5 C Thailand", "weather"),
        ("Advertisement", "ad"),
        ("Home | Economy | Companies | Tech", "menu"),
        ("Home &gt; News &gt; Singapore", "menu"),
        ("Tech > Smart City", "menu"),
        ("Exports grew > 5% in the quarter", None),
        ("By Jane Tan | January 5, 2024", "byline"),
        ("Continue reading at The Daily", "prompt"),
        ("分享到：微信 微博", "share"),
        ("发布时间：2021年10月20日 09:30", "stamp"),
        ("Strategic pillar: AI", None),
        ("Annex A: List of MOUs", None),
        ("By 2025, both cities will link their trade platforms.", None),
        ("The MOUs cover AI, data and talent | and more.", None),
    ],
)
def test_furniture_kinds(line: str, kind: str | None) -> None:
    assert furniture_kind(line) == kind


def test_plain_release_is_untouched_and_saved_page_is_cleaned() -> None:
    release = "Title Here\n\nAnnex A\n\nSINGAPORE, 1 May 2024 – Both sides met today in Shenzhen.\n\nTools\n"
    assert strip_furniture(release).text == release  # no furniture signal: nothing is judged
    page = (
        "CityLens\nMenu\nSkip to main content\nA headline about the smart city pact\nJune 21, 2024\n"
        "Shenzhen and Singapore signed a pact on green data centres on Monday evening.\nTools\nTypography\n"
    )
    cleaned = strip_furniture(page)
    assert [b.strip() for b in cleaned.text.split("\n\n") if b.strip()] == [
        "A headline about the smart city pact",
        "Shenzhen and Singapore signed a pact on green data centres on Monday evening.",
    ]
    assert cleaned.published == "2024-06-21"


def test_a_headline_right_above_the_story_is_its_own_block() -> None:
    from sci_assistant.markup import normalise

    page = (
        "Share\nSingapore firms eye Shenzhen testbeds\nSingapore start-ups are lining up to test "
        "their products in Shenzhen after the forum.\n"
    )
    assert normalise(strip_furniture(page).text).title == "Singapore firms eye Shenzhen testbeds"


def test_event_names_are_one_per_body_across_the_corpus() -> None:
    from sci_assistant.events import harmonise_event_names

    release = Document(
        doc_id="r",
        path="r.txt",
        title="r",
        date=None,
        event="4th JIC meeting",
        text="At the 4th Joint Implementation Committee (JIC) meeting, pacts were signed.",
    )
    news = Document(
        doc_id="n",
        path="n.txt",
        title="n",
        date=None,
        event="4th Joint Implementation Committee meeting",
        text="The fourth meeting of the joint implementation committee ended.",
    )
    assert [d.event for d in harmonise_event_names([release, news])] == ["4th JIC meeting", "4th JIC meeting"]


def test_a_gathering_of_a_committee_is_its_meeting() -> None:
    from sci_assistant.events import find_event

    got = find_event(
        "Pacts signed", "The pacts were signed at the fifth gathering of the joint steering council on Friday."
    )
    assert got is not None and got.ordinal == 5 and got.is_meeting, got


def test_lines_repeated_across_saved_pages_are_dropped() -> None:
    a = (
        "Share\nThe Daily Planet Singapore\nPact one signed today in the city\n"
        "Officials from both cities signed a pact on data at the meeting.\n"
    )
    b = (
        "Share\nThe Daily Planet Singapore\nAnother headline about robots\n"
        "Officials from both cities launched robot trials in eldercare homes.\n"
    )
    repeated = repeated_lines([a, b])
    assert "the daily planet singapore" in repeated
    assert "The Daily Planet" not in strip_furniture(a, repeated).text
    assert "Pact one signed today in the city" in strip_furniture(a, repeated).text


def _doc(doc_id: str, text: str, *, published: str | None = None) -> Document:
    return Document(doc_id=doc_id, path=f"{doc_id}.txt", title=doc_id, date=None, text=text, published=published)


STORY = " ".join(
    f"Sentence {w} about the smart city pact between Singapore and Shenzhen covers topic {w} in depth."
    for w in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa")
)


def test_copies_are_grouped_by_containment() -> None:
    official = _doc("official", "MEDIA RELEASE\n\nSINGAPORE, 1 May 2024 – " + STORY, published="2024-05-02")
    news = _doc("news", STORY + " Analysts welcomed the pact and expect more trade.", published="2024-05-01")
    prefix = _doc("prefix", STORY[: len(STORY) // 2], published="2024-05-03")
    other = _doc("other", " ".join(f"Unrelated words {i} on port logistics and drones." for i in range(40)))
    groups = find_copy_groups([news, prefix, official, other])
    # The official release is canonical although the news article came out first.
    assert [(g.canonical, sorted(g.copies)) for g in groups] == [("official", ["news", "prefix"])]
    marked = {d.doc_id: d.copy_of for d in mark_copies([news, prefix, official, other])}
    assert marked == {"news": "official", "prefix": "official", "official": None, "other": None}


def test_short_or_unrelated_documents_are_not_copies() -> None:
    assert find_copy_groups([_doc("a", "Short note."), _doc("b", "Short note.")]) == []
    about = " The SCI was launched in 2019 to build stronger digital and business linkages between the two cities."
    third = " ".join(f"At the third meeting, partner {i} signed an MOU on trade data with port {i}." for i in range(12))
    fourth = " ".join(
        f"At the fourth meeting, project {i} was launched for eldercare robots in district {i}." for i in range(12)
    )
    assert find_copy_groups([_doc("a", third + about), _doc("b", fourth + about)]) == []


@pytest.mark.parametrize(
    "title, text, expected",
    [
        (
            "Officials meet",
            "SHENZHEN, Oct 19 (Xinhua) -- The Joint Implementation Committee (JIC) meeting of the "
            "Smart City Initiative was held in Shenzhen on Tuesday.",
            (None, "JIC meeting", "Shenzhen"),
        ),
        (
            "Start-ups flock to Singapore-Shenzhen Smart City Forum",
            "Hundreds attended.",
            (None, "Singapore-Shenzhen Smart City Forum", None),
        ),
        ("A quiet day", "The Organising Committee said nothing.", None),
        # a venue whose name begins with an event word is no event; a sentence's article is no name's
        ("Port firms sign deals", "Ministers met at the Grand Bay Conference Centre on Thursday (May 22).", None),
        (
            "Crowds at the forum",
            "The Island Ports Innovation Forum drew 300 people.",
            (None, "Island Ports Innovation Forum", None),
        ),
    ],
)
def test_events_without_an_ordinal(title, text, expected) -> None:
    e = find_event(title, text)
    assert (None if e is None else (e.ordinal, e.name, e.place)) == expected


def test_a_news_dateline_without_a_year_dates_the_story(tmp_path) -> None:
    from sci_assistant.corpus import load_corpus

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "wire.txt").write_text(
        "Skip to main content\nCity pact renewed for five more years\nPublished: 20 October 2021\n\n"
        "SHENZHEN, Oct 19 (Xinhua) -- Singapore and Shenzhen renewed their smart city pact for five more "
        "years, officials said, and added two new working groups on data and talent.\n",
        encoding="utf-8",
    )
    d = load_corpus(tmp_path / "c")[0][0]
    assert (d.title, d.date, d.published) == ("City pact renewed for five more years", "2021-10-19", "2021-10-20")


def test_releases_of_two_meetings_are_never_copies() -> None:
    about = " ".join(
        f"About the initiative, fact number {w}, repeated in every release of the programme."
        for w in ("one", "two", "three", "four", "five", "six", "seven", "eight")
    )
    third = dataclasses.replace(_doc("third", "The 3rd meeting was held. " + about), event="3rd JIC meeting")
    fourth = dataclasses.replace(_doc("fourth", "The 4th meeting was held. " + about), event="4th JIC meeting")
    assert find_copy_groups([third, fourth]) == []
    assert len(find_copy_groups([third, dataclasses.replace(fourth, event=None)])) == 1  # without events: copies


def test_an_official_release_beats_its_wire_copy() -> None:
    release = _doc("release", "SINGAPORE, 1 May 2024 – " + STORY, published="2024-05-01")
    wire = _doc(
        "wire", "SINGAPORE, May 1, 2024 /PRNewswire/ – " + STORY + " SOURCE Example Authority.", published="2024-05-01"
    )
    assert [(g.canonical, g.copies) for g in find_copy_groups([wire, release])] == [("release", ("wire",))]


def test_a_page_saved_one_paragraph_a_line(tmp_path) -> None:
    from sci_assistant.corpus import load_corpus

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "saved.txt").write_text(
        "The Daily\nLog In\nSubscribe\nSingapore\nWorld\nTech\n"
        "Singapore and Shenzhen to deepen AI cooperation after fourth smart city meeting\n"
        "The two cities signed eight MOUs, including one on cross-border data.\n"
        "Photo: FILE\nAlex Tan\nPublished Dec 16, 2023, 05:00 AM\n"
        "SINGAPORE – Officials from both cities met for the fourth Joint Implementation Committee meeting "
        "in Shenzhen on Friday.\n"
        "Eight memorandums of understanding were signed on the sidelines, the ministry said.\n"
        "Join our Telegram channel and get the latest news delivered to you.\n"
        "Read 3 articles and stand to win rewards\nSpin the wheel now\n",
        encoding="utf-8",
    )
    d = load_corpus(tmp_path / "c")[0][0]
    assert d.title == "Singapore and Shenzhen to deepen AI cooperation after fourth smart city meeting"
    assert (d.date, d.published, d.event, d.place) == (
        "2023-12-15",
        "2023-12-16",
        "4th Joint Implementation Committee meeting",
        "Shenzhen",
    )
    assert d.text.split("\n\n")[1:] == [
        "The two cities signed eight MOUs, including one on cross-border data.",
        "SINGAPORE – Officials from both cities met for the fourth Joint Implementation Committee meeting in "
        "Shenzhen on Friday.",
        "Eight memorandums of understanding were signed on the sidelines, the ministry said.",
    ]


def test_a_markdown_table_is_content_not_a_menu_and_its_annex_headings_stay() -> None:
    raw = (
        "Council signs MOUs\n\n"
        "PORT LOUIS, 7 May 2026 – Two MOUs were signed at the council meeting held today in the capital.\n\n"
        "## Annex A: List of MOUs\n\n"
        "### Port Automation\n\n"
        "| No. | Title of MOU | Description |\n"
        "|---|---|---|\n"
        "| 1 | MOU between Pandan Pte Ltd and Yuehai Co., Ltd. | The parties will build robots. |\n\n"
        "### Talent Exchange\n\n"
        "| No. | Title of MOU | Description |\n"
        "|---|---|---|\n"
        "| 2 | MOU between Kopi Pte Ltd and Nanshan Co., Ltd. | The parties will train engineers. |\n"
    )
    text = strip_furniture(raw).text
    assert "### Talent Exchange" in text and "### Port Automation" in text, text
    assert text.count("| No. | Title of MOU | Description |") == 2, text
    # A real menu on the same page is still furniture.
    assert "Home" not in strip_furniture("Home | News | About | Contact\n\n" + raw).text


def test_a_table_s_header_row_absorbs_no_row_below_it() -> None:
    from sci_assistant.markup import normalise

    raw = "Annex A: List\n\n| No. | Title of MOU | Description |\n|---|---|---|\n| 2 | MOU C | on ports. |\n"
    assert "Description\n\n2\nMOU C\non ports." in normalise(raw).text


def test_documents_on_one_event_share_its_date() -> None:
    """An interview about the 8th meeting, dated only by its publication, takes the date the
    meeting's own release gives; a document that dates its event from its text keeps its date."""
    release = dataclasses.replace(_doc("r", "x", published="2026-09-18"), date="2026-09-18", event="8th HC meeting")
    interview = dataclasses.replace(_doc("i", "y", published="2026-11-27"), date="2026-11-27", event="8th HC meeting")
    news = dataclasses.replace(_doc("n", "z", published="2026-09-21"), date="2026-09-20", event="8th HC meeting")
    other = dataclasses.replace(_doc("o", "w", published="2026-11-30"), date="2026-11-30", event="3rd Forum")
    out = {d.doc_id: d.date for d in share_event_dates([release, interview, news, other])}
    assert out == {"r": "2026-09-18", "i": "2026-09-18", "n": "2026-09-20", "o": "2026-11-30"}


def test_a_report_s_shorter_name_for_the_committee_takes_the_corpus_short_form() -> None:
    release = dataclasses.replace(_doc("r", "x"), event="7th JHC meeting")
    news = dataclasses.replace(_doc("n", "y"), event="7th Joint Committee meeting")
    forum = dataclasses.replace(_doc("f", "z"), event="2nd Digital Talent Dialogue")
    wire = dataclasses.replace(_doc("w", "v"), event="7th HPI JHC meeting")  # the programme's short form too
    out = [d.event for d in harmonise_event_names([release, news, forum, wire])]
    assert out == ["7th JHC meeting", "7th JHC meeting", "2nd Digital Talent Dialogue", "7th JHC meeting"]


def test_a_site_named_only_in_the_title_bar_is_the_publisher() -> None:
    from sci_assistant.webpage import extract_page

    body = "<p>" + "Lakeport and Harbourside signed four agreements on port data today. " * 4 + "</p>"
    page = extract_page(
        "<html><head><title>Lakeport, Harbourside sign port data pacts | Coastline Daily Herald</title></head>"
        f"<body><article><h1>Lakeport, Harbourside sign port data pacts</h1>{body}</article></body></html>"
    )
    assert page.sitename == "Coastline Daily Herald", page
    plain = extract_page(
        "<html><head><title>Lakeport - Harbourside port data pacts signed</title></head>"
        f"<body><article><h1>Lakeport - Harbourside port data pacts signed</h1>{body}</article></body></html>"
    )
    assert plain.sitename is None, plain
