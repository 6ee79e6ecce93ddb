"""A sentence that opens by pointing back ("It goes live …") speaks of what the sentence before it
names: the question's words there count for it."""

from __future__ import annotations

import pytest

from sci_assistant.answer.evidence import _refers_back
from sci_assistant.answer.spans import Span, in_dateline

from .conftest import assistant_over

STORY = (
    "Blue Bay beach gets a crowd forecast\n\n"
    "PORT LOUIS, 9 May 2026 – Lagoon Data will run a crowd-forecasting system at Blue Bay beach for the "
    "holiday week.\n\n"
    "It goes live on 25 September, ahead of the holiday week.\n\n"
    "Lagoon Data was set up on 3 March 2015 to run forecasting systems for ferry operators.\n"
)


@pytest.mark.model
def test_a_pointing_back_sentence_is_about_what_the_sentence_before_it_names(tmp_path, real_embedder) -> None:
    a = assistant_over(tmp_path, {"2026-05-09_lagoon.txt": STORY}, real_embedder)
    # "It goes live on 25 September": the sentence before it names the system; and the dateline's
    # "9 May 2026" is when it was announced, not when it will run.
    ans = a.ask("When will the crowd-forecasting system go live at Blue Bay beach?")
    lead = ans.text.split("\n", 1)[0]
    assert ans.found and "25 September" in lead and "9 May" not in lead, ans.text


def test_which_openings_point_back() -> None:
    assert _refers_back("Its general manager signed it.")
    assert _refers_back("“These projects will start in May.”")
    assert _refers_back("The first phase goes live on 25 September.")
    assert _refers_back("There are twelve scenarios in five districts.")
    assert not _refers_back("Lagoon Ferries signed a deal.")
    assert not _refers_back("A new office opens in May.")
    assert not _refers_back("Theirs was the first.")


def test_a_dateline_s_date_is_told_from_a_date_in_the_sentence() -> None:
    text = "PORT LOUIS, 9 May 2026 – The pass opens on 1 June 2026. On 3 May 2026 the council met."
    spans = {t: Span("d", text.index(t), text.index(t) + len(t), "date") for t in ("9 May 2026", "1 June 2026")}
    assert in_dateline(text, 0, spans["9 May 2026"])
    assert not in_dateline(text, 0, spans["1 June 2026"])
    second = text.index("On 3 May")
    assert not in_dateline(text, second, Span("d", second + 3, second + 13, "date"))  # ("On": no place)
