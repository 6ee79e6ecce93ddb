"""Which items of a list are about a topic none of them names (the release uses the word
elsewhere): the item that stands out in meaning, and no item when none does."""

from __future__ import annotations

from pathlib import Path

import pytest

from sci_assistant import Assistant
from sci_assistant.answer.intents import analyse
from sci_assistant.indexing import build_index

# Written for these tests: a release with a numbered list of projects, none of which says "healthcare".
RELEASE = (
    "Harbour cities launch seven joint projects at the second council meeting\n\n"
    "PORT LOUIS, 3 March 2025 – Seven joint projects were launched at the Second Harbour Council "
    "meeting today, held at the Caudan Waterfront Hall. Trade, healthcare and football were on the "
    "council's agenda.\n\n"
    "Annex: List of joint projects launched at the Second Harbour Council meeting\n\n"
    "1. Coral Freight – Basalt Docks to share berth schedules between the two ports.\n"
    "2. Tamarind Pay – Lagoon Savings Bank to offer QR payments for market stallholders.\n"
    "3. Vetiver Institute – Hillside University Hospital to develop AI-assisted rehabilitation care "
    "for elderly patients recovering from strokes.\n"
    "4. Dodo Robotics – Quay Tech to build a tug battery-swap station.\n"
    "5. Kestrel Data – Pamplemousses Labs to pool tide gauge readings on a shared platform.\n"
    "6. Ebony Logistics – Flacq Cold Chain to run refrigerated container tracking.\n"
    "7. Saffron Studios – Chamarel Arts to stage a harbour light festival.\n"
)


@pytest.fixture(scope="module")
def harbour(tmp_path_factory, real_embedder) -> Assistant:
    root: Path = tmp_path_factory.mktemp("topical")
    (root / "corpus").mkdir()
    (root / "corpus" / "2025-03-03_harbour-council.txt").write_text(RELEASE, encoding="utf-8")
    build_index(root / "corpus", root / "index", embedder=real_embedder)
    return Assistant.load(root / "index", embedder=real_embedder)


@pytest.mark.model
def test_the_item_that_stands_out_in_meaning_is_listed(harbour) -> None:
    ans = harbour.ask("Which of the joint projects involve healthcare?")
    lead = ans.text.split("\n\n", 1)[0]
    assert ans.found and ans.strategy == "records", ans.text
    assert "Vetiver" in lead and "Coral" not in lead and "Tamarind" not in lead, ans.text


@pytest.mark.model
def test_no_item_is_listed_when_none_stands_out(harbour) -> None:
    ans = harbour.ask("Which of the joint projects involve football?")
    assert ans.strategy != "records" or "match" not in ans.text.split("\n", 1)[0], ans.text


def test_a_prepositions_what_before_the_verb_asks_no_list() -> None:
    assert analyse("Through what will the demonstration zone projects drive deeper collaboration?").intent != "list"
    assert analyse("In which projects does Coral Freight take part?").intent == "list"
    assert analyse("Which projects will the council fund?").intent == "list"
