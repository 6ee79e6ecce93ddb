"""Two counts set against each other ("Which drew more people, A or B?", "Were more agreements signed
at A than at B?"): the two "how many" questions they stand for, each answered on its own, and the
side with more leading only when the stated figures settle it."""

from __future__ import annotations

import pytest

from sci_assistant.answer.compare import counts_compared
from sci_assistant.answer.respond import _count_verdict

from .conftest import assistant_over, lead, other_news


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "Which drew more people, the third Forum or the seventh Joint Committee meeting?",
            (
                "How many people did the third Forum draw?",
                "How many people did the seventh Joint Committee meeting draw?",
            ),
        ),
        (
            "Which company has fewer employees: Aerolyte or Haiyun?",
            ("How many employees does Aerolyte have?", "How many employees does Haiyun have?"),
        ),
        (
            "Were more MOUs signed at the 7th meeting than at the 4th?",
            ("How many MOUs were signed at the 7th meeting?", "How many MOUs were signed at the 4th meeting?"),
        ),
        (
            "Were more agreements signed at the mission than pilot agreements at the final?",
            ("How many agreements were signed at the mission?", "How many pilot agreements were signed at the final?"),
        ),
        (
            "Did the 7th meeting launch more projects than the 4th?",
            ("How many projects did the 7th meeting launch?", "How many projects did the 4th meeting launch?"),
        ),
    ],
)
def test_a_comparison_of_counts_is_its_two_questions(question, asked) -> None:
    got = counts_compared(question)
    assert got is not None and got.questions == asked


@pytest.mark.parametrize(
    "question",
    [
        "Which is more important, trade or talent?",  # no count
        "Was the fund bigger than the grant?",
        "Which meeting had more funding, the 3rd or the 4th?",  # an amount, not a count
        "How many more projects were launched in 2023?",
    ],
)
def test_other_questions_are_not_counts_compared(question) -> None:
    assert counts_compared(question) is None


def test_the_verdict_only_when_the_figures_settle_it() -> None:
    which = counts_compared("Which drew more people, the Forum or the meeting?")
    assert _count_verdict(which, ["more than 420 participants", "some 180 delegates"]).startswith("**The Forum**")
    assert _count_verdict(which, ["about 50 participants", "nearly 55 delegates"]) is None
    assert _count_verdict(which, ["more than 40 participants", "45 delegates"]) is None
    fewer = counts_compared("Which drew fewer people, the Forum or the meeting?")
    assert _count_verdict(fewer, ["420 participants", "180 delegates"]).startswith("**The meeting**")
    yes_no = counts_compared("Were more MOUs signed at the 7th meeting than at the 4th?")
    assert _count_verdict(yes_no, ["nine MOUs", "eight MOUs"]).startswith("**Yes**")
    assert _count_verdict(yes_no, ["eight MOUs", "eight MOUs"]).startswith("**No**")


FORUM = (
    "Third Riverton-Lakeside Industry Forum draws more than 420 participants\n\n"
    "LAKESIDE, 2 April 2025 – The third Riverton-Lakeside Industry Forum drew more than 420 participants "
    "to the Harbour Hall today.\n"
)
MEETING = (
    "Seventh Joint Committee meeting held in Riverton\n\n"
    "RIVERTON, 14 November 2025 – The 7th Joint Committee meeting was held today. Some 180 delegates "
    "attended the meeting at the Innovation Hall.\n"
)


def test_the_side_with_more_leads_and_both_figures_are_cited(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2025-04-02_forum.txt": FORUM, "2025-11-14_meeting.txt": MEETING})
    ans = a.ask("Which drew more people, the third Industry Forum or the seventh Joint Committee meeting?")
    assert ans.found and lead(ans).startswith("**The third Industry Forum**"), ans.text
    assert "**more than 420**" in ans.text and "**Some 180**" in ans.text, ans.text
    ans = a.ask("Did the seventh Joint Committee meeting draw more delegates than the third Industry Forum?")
    assert ans.found and lead(ans).startswith("**No**"), ans.text


JSC = (
    "Riverton and Lakeside Sign Seven MOUs at Fifth Joint Steering Committee Meeting\n\n"
    "RIVERTON, 24 March 2026 – Seven MOUs were signed at the fifth meeting of the Joint Steering Committee "
    "(JSC) of the Riverton–Lakeside Smart City Partnership today.\n\n"
    "The fifth meeting builds on the momentum of the 4th JSC meeting held in Lakeside in October 2025, at "
    "which six MOUs were exchanged.\n\n"
    "## Annex: List of MOUs signed at the 5th JSC meeting\n\n"
    "| No. | MOU | Parties |\n|---|---|---|\n"
    "| 1 | MOU on Port Data | Riverton Port Data Pte Ltd; Lakeside Haitong Co., Ltd |\n"
    "| 2 | MOU on Trade Finance | Harbourline Trade Credit Pte Ltd; Coastal Commercial Bank Co., Ltd |\n"
)


# (a hyphenated spelling of the partnership elsewhere in the corpus)
OTHER = other_news("The Riverton-Lakeside partnership was set up in 2021. ")


def test_a_meeting_another_release_tells_of_is_counted_from_its_words_not_another_list(tmp_path) -> None:
    a = assistant_over(tmp_path, {"2026-03-24_jsc.md": JSC, "2025-05-02_other.txt": OTHER})
    # (a name joined by a hyphen where the release prints an en dash is the same name)
    ans = a.ask("How many MOUs were signed at the 5th Riverton-Lakeside JSC meeting?")
    assert ans.found and "**Seven**" in lead(ans), ans.text
    ans = a.ask("How many MOUs were signed at the 4th Riverton-Lakeside JSC?")
    assert ans.found and "**six**" in lead(ans) and "of the" not in lead(ans), ans.text
    ans = a.ask("Were more MOUs signed at the 5th Riverton-Lakeside JSC than at the 4th?")
    assert ans.found and lead(ans).startswith("**Yes**"), ans.text
