"""Who holds a role: a role the question names as a noun (not a verb that shares its stem), a side
the question gives checked by the person's title rather than by the words of the sentence, a title
given by "took over as", and "the CEO" named "chief executive" in a lower sentence."""

from __future__ import annotations

import pytest

from .conftest import assistant_over, lead, other_news

COUNCIL = (
    "Singapore and Anhui Deepen Ties at Third Steering Council Meeting of the Singapore–Hefei Corridor\n\n"
    "HEFEI, 9 December 2025 – The Singapore–Hefei Innovation Corridor held its third Steering Council meeting "
    "today in Hefei. The Steering Council meeting was co-chaired by Mr Bernard Ong Kah Seng, Senior Minister "
    "of State for National Development, and Ms Wang Lijuan, Vice Governor of Anhui Province.\n\n"
    "About the Corridor\n\n"
    "The Corridor was set up in 2023. It is overseen by a Steering Council co-chaired at Senior Minister of "
    "State level on the Singapore side and at Vice Governor level on the Anhui side.\n"
)
JSC = (
    "Riverton and Lakeside Sign Seven MOUs at Fifth Joint Steering Committee Meeting\n\n"
    "RIVERTON, 24 March 2026 – Seven MOUs were signed at the fifth Joint Steering Committee (JSC) meeting "
    "today. The meeting was co-chaired by Mr Darren Koh Wei Jie, Minister of State for Trade and Industry, "
    "and Mr Zhou Haoran, Vice Mayor of the Lakeside Municipal People's Government.\n"
)
BULLETIN = (
    "---\ntitle: Partnerships Bulletin\ndate: 2026-04-01\n---\n\n"
    "# Partnerships Bulletin\n\n"
    "## New leadership at the Partnerships Office\n\n"
    "Ms Evelyn Chua Hui Min took over as Executive Director of the Partnerships Office on 1 April 2026. "
    "She succeeds Mr Raymond Lau, who retired after nine years with the office.\n"
)


@pytest.mark.integration  # (how close the co-chairs' sentence ranks takes the real model)
def test_a_side_asked_is_read_off_the_title_not_the_sentence_s_words(tmp_path, real_embedder) -> None:
    a = assistant_over(tmp_path, {"2025-12-09_council.txt": COUNCIL}, real_embedder)
    ans = a.ask("Who co-chaired the 3rd Steering Council on the Singapore side?")
    assert ans.found and "**Mr Bernard Ong Kah Seng**" in lead(ans) and "Wang Lijuan**" not in lead(ans), ans.text


def test_who_represented_a_city_is_the_one_whose_title_names_it(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-03-24_jsc.txt": JSC})
    ans = a.ask("Who represented Lakeside as co-chair at the fifth JSC meeting?")
    assert ans.found and "**Mr Zhou Haoran**" in lead(ans) and "Darren" not in lead(ans), ans.text


def test_a_post_taken_over_is_held(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-04-01_bulletin.md": BULLETIN})
    ans = a.ask("Who is the new Executive Director of the Partnerships Office?")
    assert ans.found and "**Ms Evelyn Chua Hui Min**" in lead(ans) and "Raymond" not in lead(ans), ans.text


def test_on_behalf_of_is_whom_one_acted_for_like_for() -> None:
    from sci_assistant.answer.intents import analyse

    assert (
        analyse("Who signed the MOU on behalf of the Shenzhen side?").topic
        == analyse("Who signed the MOU for the Shenzhen side?").topic
    )


SIGNED_FOR = (
    "Drone firm signs MOU with Lakeside partner\n\n"
    "RIVERTON, 21 October 2024 – Aerolyte Robotics Pte Ltd (“Aerolyte”) today signed a memorandum of "
    "understanding with Haiyun Drone Co., Ltd. to build a drone logistics corridor between the two ports.\n\n"
    "The MOU was signed at the 5th Joint Committee meeting. Our CEO and co-founder, Mr Marcus Teo, signed on "
    "behalf of Aerolyte, and Ms Xu Lan, Chairman of Haiyun, signed on behalf of her company.\n"
)


@pytest.mark.integration  # (how far below the act's sentence ranks takes the real model)
def test_who_signed_for_a_body_from_a_sentence_saying_the_act_below_the_closest(tmp_path, real_embedder) -> None:
    a = assistant_over(tmp_path, {"2024-10-21_drone.txt": SIGNED_FOR}, real_embedder)
    ans = a.ask("Who signed the drone logistics MOU on behalf of Aerolyte?")
    assert ans.found and "**Mr Marcus Teo**" in lead(ans) and "Xu Lan**" not in lead(ans), ans.text


CORRIDOR = (
    "Riverton and Lakeside Deepen Ties at Third Steering Council Meeting\n\n"
    "LAKESIDE, 9 December 2025 – The Riverton–Lakeside Innovation Corridor (RLIC) held its third Steering "
    "Council meeting today. Two agreements were signed:\n\n"
    "- Framework Agreement on Talent Exchange – under this agreement, the two sides will develop the RLIC "
    "Talent Bridge – signed by Ms Joanne Teo, Chief Executive, Riverton Talent Agency, and Mr Li Wei, "
    "Director, Lakeside Human Resources Bureau.\n"
    "- MOU on Smart Hospitals – signed by Dr Amos Lind, Riverton Health, and Dr Fang Mei, Lakeside Hospital.\n\n"
    "About the Riverton–Lakeside Innovation Corridor\n\n"
    "The Corridor was set up in 2023 to connect the two cities' enterprises. The Urban Innovation Authority "
    "(UIA) serves as the Riverton secretariat.\n"
)


@pytest.mark.integration  # (organisations are typed by spaCy; the closest sentence takes the real model)
def test_the_body_that_serves_a_programme_not_an_item_titled_with_its_name(tmp_path, real_embedder) -> None:
    # (another programme's news beside it, so that the corridor's short form is a rare word)
    files = {"2025-12-09_corridor.txt": CORRIDOR, "2025-05-02_other.txt": other_news()}
    a = assistant_over(tmp_path, files, real_embedder)
    ans = a.ask("Which agency is the Riverton secretariat for the RLIC?")
    assert ans.found and "UIA" in lead(ans) and "Framework" not in lead(ans), ans.text


SIGNINGS = (
    "Riverton and Lakeside council signs four agreements\n\n"
    "RIVERTON, 30 May 2025 – Four agreements were signed at the second council meeting today.\n\n"
    "Agreement on a Harbour Logistics Hub – signed by Mr Benjamin Seah, Managing Director, ArcLink "
    "Logistics Pte Ltd, and Mr Hu Zhiqiang, General Manager, Lakeside Port Commerce Co., Ltd.\n\n"
    "Tidewell Analytics will build a tide data exchange with Lakeside Water. "
    "Their chief executive, Mr Marcus Lee, signed for them.\n"
)


def test_who_signed_for_a_body_is_asked_of_a_sentence_about_that_body(tmp_path) -> None:
    # ("signed by Mr Seah … and Mr Hu …" is another agreement's signing, which names no Kestrel Digital;
    # "Their chief executive … signed for them" follows the sentence naming Tidewell Analytics)
    a = assistant_over(tmp_path, {"2025-05-30_council.txt": SIGNINGS})
    ans = a.ask("Who signed the logistics hub agreement on behalf of Kestrel Digital?")
    assert "Seah**" not in lead(ans) and "Zhiqiang**" not in lead(ans), ans.text
    ans = a.ask("Who signed on behalf of Tidewell Analytics?")
    assert ans.found and "**Mr Marcus Lee**" in lead(ans), ans.text


DEPUTIES = (
    "Harbour Data Exchange launched\n\n"
    "PORT LOUIS, 11 May 2027 – The Harbour Data Exchange was launched today by Mr Xavier Lim, deputy "
    "director of the Lagoon Municipal Transport Bureau. The meeting was co-chaired by Ms Tan Li Ping, Minister "
    "of State for Trade, and Mr Huang Zhiqiang, Vice Mayor of Rodrigues City.\n\n"
    "The forum was officiated by Mr Zheng Haitao, Director of the Lagoon Municipal Ecology and Environment "
    "Bureau.\n"
)


def test_a_vice_or_deputy_title_is_not_the_role_asked(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2027-05-11_exchange.txt": DEPUTIES})
    ans = a.ask("Who is the Mayor of Rodrigues City?")
    assert "Huang Zhiqiang**" not in lead(ans), ans.text
    ans = a.ask("Who is the Vice Mayor of Rodrigues City?")
    assert ans.found and "Huang Zhiqiang**" in lead(ans), ans.text
    # (nor is the director of another bureau, whose name shares some of its words)
    ans = a.ask("Who is the director of the Lagoon Municipal Transport Bureau?")
    assert "Xavier Lim**" not in lead(ans) and "Zheng Haitao**" not in lead(ans), ans.text
    ans = a.ask("Who is the deputy director of the Lagoon Municipal Transport Bureau?")
    assert ans.found and "Xavier Lim**" in lead(ans), ans.text
