"""Chinese questions become English queries: the glossary, the documents' own names, the dictionary."""

from __future__ import annotations

import pytest

from sci_assistant.answer.intents import analyse
from sci_assistant.crosslingual import has_cjk, to_english


@pytest.mark.parametrize(
    "question, expected, intent",
    [
        ("第四次联委会签署了多少份谅解备忘录？", "how many MOUs signed at the 4th JIC meeting?", "count"),
        ("第四次会议在哪个城市举行？", "where held at the 4th JIC meeting?", "where"),
        ("哪些项目与前海有关？", "which projects Qianhai?", "list"),
        ("双方将在哪些领域合作？", "in which areas cooperation?", "what"),  # "in which areas", not "where"
        ("截至2022年11月，签署了多少份谅解备忘录？", "how many MOUs as of November 2022 signed?", "count"),
        ("第五次会议的深圳方面共同主席是谁？", "who Shenzhen side co-chair at the 5th JIC meeting?", "who"),
        ("商务考察团由谁率领？", "who business mission led?", "who"),
        # (an ordinal of any number; one of another event stays with its name)
        ("第七次会议签署了几份谅解备忘录？", "how many MOUs signed at the 7th JIC meeting?", "count"),
        ("第十二届联委会会议在哪里举行？", "where held at the 12th JIC meeting?", "where"),
        ("第三届论坛在哪里举行？", "where 3rd forum held?", "where"),
        # ("是什么时候" before "是什么"; "代表X签署" is acting for X; the noun after "多少" is counted)
        ("第二次会议是什么时候召开的？", "when at the 2nd JIC meeting?", "when"),
        ("谁代表深圳方签署了票务备忘录？", "who signed ticketing MOUs on behalf of Shenzhen side?", "who"),
        ("该公司有多少名员工？", "how many employees company?", "count"),
        ("第二次会议以什么形式举行？", "how was held at the 2nd JIC meeting?", "what"),
    ],
)
def test_chinese_questions_become_english(question: str, expected: str, intent: str) -> None:
    assert has_cjk(question)
    english = to_english(question)
    assert english == expected
    assert analyse(english).intent == intent


def test_english_is_left_alone() -> None:
    assert to_english("How many MOUs were signed?") == "How many MOUs were signed?"
    assert not has_cjk("Shenzhen")


@pytest.mark.model
def test_chinese_question_is_answered_in_english(seed_assistant) -> None:
    ans = seed_assistant.ask("谁共同主持了第三次联合实施委员会会议？")
    assert ans.found and ans.interpreted and "Qin Weizhong" in ans.text[:300]
    hits = seed_assistant.search("哪个项目涉及储能和可再生能源？", k=3)
    assert any("energy storage" in h.text for h in hits)


def test_names_the_glossary_lacks_are_matched_by_their_pinyin_spelling() -> None:
    from sci_assistant.crosslingual import name_table

    names = name_table(["Pearl Ferries signed with Yantian Harbour. Deputy Mayor Gao Wenbo spoke at Shekou."])
    # a place, and a person named surname first, as the documents spell them
    assert to_english("盐田港与哪家公司签署了备忘录？", names) == "which Yantian company signed MOUs?"
    assert "Gao Wenbo" in to_english("高文博在蛇口说了什么？", names)
    assert "Shekou" in to_english("高文博在蛇口说了什么？", names)
    # without the documents' names, the unknown words are dropped as before
    assert "Yantian" not in to_english("盐田港与哪家公司签署了备忘录？")
    # a common word whose pinyin spells no name of the documents stays out
    assert to_english("哪家公司签署了备忘录？", names) == "which company signed MOUs?"


def test_words_the_glossary_lacks_are_read_by_the_dictionary() -> None:
    from sci_assistant.crosslingual import GLOSSARY

    question = "哪家医院将试用无人机？"
    assert "医院" not in GLOSSARY and "无人机" not in GLOSSARY
    english = to_english(question, dictionary=True)
    assert "hospital" in english and "drone" in english and english.startswith("which")
    assert "hospital" not in to_english(question)  # the glossary alone drops them
    # particles, pronouns and adverbs have no reading; content words keep their order
    assert to_english("他们已经明确了合作", dictionary=True) == "cooperation"
    assert (
        to_english("哪个项目涉及电动汽车电池？", dictionary=True) == "which projects involve electric vehicle battery?"
    )


def test_a_chinese_count_of_a_noun_only_the_dictionary_reads() -> None:
    from sci_assistant.answer.spans import cjk_count

    text = "截至目前共部署了30台无人机。"
    got = cjk_count(text, "drones")
    assert got is not None and text[got[0] : got[1]] == "30"
    assert cjk_count(text, "hospitals") is None


# A Chinese report of a contest's final, beside an English release about the contest's launch:
# written for these tests.
FINAL_CN = (
    "港口创新挑战赛总决赛在蛇口举行\n\n"
    "本报讯 2026年9月3日，首届港口创新挑战赛（Harbour Innovation Challenge）总决赛在蛇口举行。"
    "经过初赛和复赛，18支队伍晋级总决赛。最终，4个项目获得金奖。\n\n"
    "报名于6月30日结束，组委会共收到120个参赛项目。\n\n"
    "金奖项目为新加坡港口数据科技（HarbourData Tech）的泊位调度系统。港口数据科技创始人陈志明（Daniel Chen）告诉记者，"
    "系统将在蛇口试点。\n"
)
LAUNCH_EN = (
    "Harbour Innovation Challenge launched\n\n"
    "SHEKOU, 2 May 2026 – The Harbour Bureau today launched the Harbour Innovation Challenge for port "
    "start-ups. Since the port opened in 1990, its berths have served 40 shipping lines.\n"
)


@pytest.fixture(scope="module")
def contest(tmp_path_factory, real_embedder):
    from sci_assistant.assistant import Assistant
    from sci_assistant.indexing import build_index

    base = tmp_path_factory.mktemp("contest")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "2026-09-04_harbour-daily_final-cn.txt").write_text(FINAL_CN, encoding="utf-8")
    (corpus / "2026-05-02_harbour-bureau_launch.txt").write_text(LAUNCH_EN, encoding="utf-8")
    build_index(corpus, base / "index", embedder=real_embedder)
    return Assistant.load(base / "index", embedder=real_embedder)


@pytest.mark.model
@pytest.mark.parametrize(
    "question, expected",
    [
        # "18支队伍": a number, its measure word and the noun the glossary reads as "teams"
        ("How many teams made the final?", "**18**"),
        ("How many projects won a gold award at the Harbour Innovation Challenge final?", "**4**"),
        # the sentence names no contest: the report's headline does
        ("How many entries did the Harbour Innovation Challenge receive?", "**120**"),
        # "港口数据科技创始人陈志明（Daniel Chen）": the founder, by the Chinese title before his English
        # name, of the firm the report glossed as HarbourData Tech
        ("Who founded HarbourData Tech?", "**Daniel Chen**"),
        ("Who is the founder of HarbourData Tech?", "**Daniel Chen**"),
    ],
)
def test_an_english_question_is_answered_from_a_chinese_report(contest, question: str, expected: str) -> None:
    ans = contest.ask(question)
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and expected in lead, ans.text


REPORT = (
    "金奖项目分别为：新加坡绿砖科技（GreenBrick Tech）的监测系统、深圳银龄守护机器人有限公司（SilverGuard Robotics）"
    "的巡护机器人。绿砖科技创始人林嘉敏（Kimberly Lim）告诉记者，系统将在龙华区试点。"
)


def test_names_a_chinese_text_prints_in_english_are_typed_by_what_the_chinese_says() -> None:
    from sci_assistant.entities import RuleTagger, tag_text

    typed = {REPORT[a:b]: t for a, b, t in tag_text(REPORT, RuleTagger())}
    assert typed.get("GreenBrick Tech") == "org"  # "…科技": a company
    assert typed.get("SilverGuard Robotics") == "org"  # "…有限公司"
    assert typed.get("Kimberly Lim") == "person"  # after "创始人" (founder)


def test_the_corpus_glosses_its_own_chinese_names() -> None:
    from sci_assistant.crosslingual import gloss_table

    glosses = gloss_table([REPORT])
    # the name printed with its English, and the shorter forms the report names it by again
    assert glosses["绿砖科技"] == "GreenBrick Tech" and glosses["银龄守护机器人"] == "SilverGuard Robotics"
    assert glosses["林嘉敏"] == "Kimberly Lim"
    assert "GreenBrick Tech" in to_english("绿砖科技的创始人是谁？", None, glosses)
    # (where the English follows the Chinese already, it is not said twice)
    assert to_english("新加坡绿砖科技（GreenBrick Tech）", None, glosses).count("GreenBrick") == 1


def test_where_a_chinese_report_says_an_event_was_held_is_a_place() -> None:
    from sci_assistant.entities import RuleTagger, tag_text

    text = "2026年9月3日，首届港口创新挑战赛总决赛在蛇口邮轮中心举行。会议于10月19日在深圳召开。"
    places = [text[a:b] for a, b, t in tag_text(text, RuleTagger()) if t == "place"]
    assert places == ["蛇口邮轮中心", "深圳"]
