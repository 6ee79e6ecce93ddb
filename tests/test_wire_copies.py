"""A wire service's copy of a story: its desk tag is no part of the headline, the agency in brackets
after the dateline published it, a dateline without a year is the event's day, and a question
quoting its headline names it."""

from __future__ import annotations

from sci_assistant.corpus import masthead
from sci_assistant.dates import strip_wire_tag

from .conftest import assistant_over, lead

RELEASE = (
    "Riverton and Lakeside sign seven MOUs at 5th Joint Steering Committee meeting\n\n"
    "RIVERTON, 24 March 2026 – The 5th Joint Steering Committee (JSC) meeting of the Riverton–Lakeside "
    "Partnership was held in Riverton today. Seven MOUs were signed.\n"
)
WIRE = (
    "RIVERTON-LAKESIDE/PACTS (UPDATE 1)\n\n"
    "UPDATE 1-Riverton, Lakeside ink seven pacts at fifth JSC meeting\n\n"
    "By Lim Hui\n\n"
    "RIVERTON, March 24 (Harbour Wire) - Riverton and Lakeside signed seven agreements at the 5th JSC "
    "meeting on Tuesday, officials said.\n\n"
    "(Reporting by Lim Hui; Editing by Martin Hale)\n"
)
FILES = {"2026-03-24_release.txt": RELEASE, "wire-copy.txt": WIRE}


def test_a_wire_desk_s_tag_is_no_part_of_the_headline() -> None:
    assert strip_wire_tag("UPDATE 1-Riverton, Lakeside ink seven pacts") == "Riverton, Lakeside ink seven pacts"
    assert strip_wire_tag("RPT-Pacts signed") == "Pacts signed"
    assert strip_wire_tag("COVID-19 rules eased") == "COVID-19 rules eased"


def test_a_source_label_ends_where_the_byline_begins() -> None:
    assert masthead("发布时间：2026-03-25 09:32　来源：甬城新闻网　作者：记者 王思远\n\n正文") == "甬城新闻网"


def test_a_wire_copy_is_dated_by_its_event_and_published_by_its_agency(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    wire = next(d for d in a.documents() if d.doc_id == "wire-copy")
    assert wire.title == "Riverton, Lakeside ink seven pacts at fifth JSC meeting"
    assert wire.publisher == "Harbour Wire"
    assert wire.date == "2026-03-24"  # ("March 24", no year: the 5th JSC meeting's day)
    ans = a.ask('Which wire agency carried the "seven pacts" story?')
    assert ans.found and ans.text.startswith("**Harbour Wire**"), ans.text


CHINESE = (
    "湖城新闻网 > 新闻\n\n"
    "里弗顿—湖畔联合指导委员会第五次会议举行\n\n"
    "发布时间：2026-03-25 09:32　来源：湖城新闻网　作者：记者 王思远\n\n"
    "湖城新闻网3月25日讯 2026年3月24日，里弗顿—湖畔联合指导委员会第五次会议在里弗顿举行。双方签署了7项合作备忘录。\n\n"
    "（责任编辑：林静）\n"
)


def test_a_chinese_report_s_reporter_and_site(tmp_path) -> None:
    a = assistant_over(tmp_path, {**FILES, "hucheng-news.txt": CHINESE})
    cn = next(d for d in a.documents() if d.doc_id == "hucheng-news")
    assert cn.author == "王思远" and cn.publisher == "湖城新闻网", (cn.author, cn.publisher)
    # (the Chinese story, though an English question ranks it low)
    ans = a.ask("Who is the reporter of the Chinese-language article on the 5th JSC meeting?")
    assert ans.found and ans.text.startswith("**王思远**"), ans.text
    ans = a.ask("Which Chinese news site published the report on the fifth JSC meeting?")
    assert ans.found and ans.text.startswith("**湖城新闻网**"), ans.text
    ans = a.ask("Who edited the Chinese-language article on the 5th JSC meeting?")
    assert ans.found and ans.text.startswith("**林静**"), ans.text


def test_a_menu_s_home_link_names_no_publisher() -> None:
    page = (
        "[Home](https://example.org/) | [News](https://example.org/news)\n\n[Harbour Daily](https://hd.example.com/)\n"
    )
    assert masthead(page + "\nText.") == "Harbour Daily"
    assert masthead("[Home](https://example.org/)\n\nText.") is None


NEWS = (
    "---\ntitle: Riverton and Lakeside ink seven pacts\npublisher: Harbour Daily\npublished: 2026-03-26\n"
    "date: 2026-03-24\n---\n\n"
    "RIVERTON – Riverton and Lakeside signed seven pacts at the 5th JSC meeting on Tuesday.\n"
)


def test_when_an_outlet_published_its_story(tmp_path) -> None:
    a = assistant_over(tmp_path, {**FILES, "harbour-daily.md": NEWS})
    ans = a.ask("When did Harbour Daily publish its article on the fifth JSC meeting?")
    assert ans.found and "2026-03-26" in ans.text.split("\n", 1)[0], ans.text


def test_who_reported_and_who_edited_a_wire_story(tmp_path) -> None:
    a = assistant_over(tmp_path, FILES)
    ans = a.ask("Who edited the Harbour Wire story?")
    assert ans.found and ans.text.startswith("**Martin Hale**"), ans.text
    ans = a.ask("Who reported the Harbour Wire story?")
    assert ans.found and ans.text.startswith("**Lim Hui**"), ans.text


def test_a_question_about_the_wire_story_is_not_one_about_the_wire(tmp_path) -> None:
    story = (
        "Riverton, Lakeside sign seven pacts\n\n"
        "RIVERTON, March 24 (Harbour Newswire) - Riverton and Lakeside signed seven memorandums on Tuesday.\n\n"
        '"The more paperwork you take out of the lane, the better," said Mei Lim, '
        "a logistics analyst at Quay Research.\n"
    )
    a = assistant_over(tmp_path, {"wire.txt": story})
    ans = a.ask("Who is the logistics analyst quoted in the wire story?")
    assert "**Harbour Newswire**" not in lead(ans), ans.text


def test_a_ministry_s_own_page_is_no_wire_service(tmp_path) -> None:
    release = (
        "---\ntitle: Riverton and Lakeside sign seven pacts\npublisher: Riverton Digital Ministry\n"
        "published: 2026-03-24\n---\n\n"
        "RIVERTON, 24 March 2026 – Riverton and Lakeside signed seven pacts at the 5th JSC meeting today.\n"
    )
    a = assistant_over(tmp_path, {"ministry-release.md": release})
    ans = a.ask("Which wire service covered the 5th JSC meeting?")
    assert "**Riverton Digital Ministry**" not in ans.text, ans.text
    ans = a.ask("Who published the release on the 5th JSC meeting?")
    assert ans.found and "**Riverton Digital Ministry**" in lead(ans), ans.text
