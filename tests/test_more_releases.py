"""New releases beside the seeds, as .html and .md (made-up test releases, not SCI facts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sci_assistant.answer.records import extract_records
from sci_assistant.corpus import load_corpus

from .conftest import ROOT, SEED_CORPUS

EXTRA = ROOT / "tests" / "data" / "extra_releases"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("more") / "corpus"
    shutil.copytree(SEED_CORPUS, root)
    for p in EXTRA.iterdir():
        shutil.copy(p, root / p.name)
    return root


def test_html_and_markdown_releases_are_parsed(corpus: Path) -> None:
    docs = {d.path: d for d in load_corpus(corpus)[0]}
    html = docs["2021-12-10_2nd-jic.html"]
    assert (html.title, html.date, html.meeting) == (
        "Singapore and Shenzhen expand Smart City Initiative at 2nd JIC meeting",
        "2021-12-10",
        2,
    )
    assert "track()" not in html.text and "Home" not in html.text
    md = docs["2025-01-20_5th-jic.md"]
    assert (md.date, md.meeting, md.url) == ("2025-01-20", 5, "https://www.imda.gov.sg/example")
    assert "|" not in md.text  # pipe table rows became table rows
    recs = extract_records(md)
    assert [r.parties for r in recs] == [("Delta Energy", "Shenzhen Grid"), ("Epsilon AI", "Nanshan Lab")]
    kinds = [(r.kind, r.group) for r in extract_records(html)]
    assert kinds.count(("mou", "Digital Connectivity")) == 2 and ("mou", "Talent Exchange") in kinds
    assert [r.title for r in extract_records(html) if r.kind == "project"] == [
        "Smart Lamppost Trial",
        "Cross-border Data Sandbox",
        "Elderly Care Robotics",
    ]


@pytest.mark.model
def test_answers_span_all_releases(corpus: Path, tmp_path_factory, real_embedder) -> None:
    from sci_assistant.assistant import Assistant
    from sci_assistant.indexing import build_index

    idx = tmp_path_factory.mktemp("more-index") / "index"
    build_index(corpus, idx, embedder=real_embedder)
    a = Assistant.load(idx, embedder=real_embedder)
    lead = a.ask("How many MOUs have been signed to date?").text.split("\n")[0]
    assert [lead.index(x) for x in ("39", "29", "21", "13")] == sorted(lead.index(x) for x in ("39", "29", "21", "13"))
    ans = a.ask("Which projects were launched at the second JIC meeting?")
    assert ans.text.startswith("**3 projects**") and "Elderly Care Robotics" in ans.text
    ans = a.ask("What will Delta Energy and Shenzhen Grid develop?")
    assert "battery swapping stations" in ans.text[:200] and len(ans.citations) == 1
    ans = a.ask("Who co-chaired the 2nd JIC meeting?")
    assert "Mrs Josephine Teo and Mr Qin Weizhong" in ans.text[:120].replace("*", "")
    assert not a.ask("When will the 9th JIC meeting be held?").found
