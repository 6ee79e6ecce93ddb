"""The one scorer: normalise_text follows shared/eval/README.md, and benchmarks/ use the same code."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from sci_assistant import evaluation
from sci_assistant.evaluation import contains_any, normalise_text, satisfies

from .conftest import ROOT


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ｍｒ．　ＴＡＮ", "mr. tan"),  # NFKC: full-width forms
        ("Mr.&nbsp;Tan &amp; Ms.&#160;Lim", "mr. tan & ms. lim"),  # entities unescaped, then spaces collapsed
        ("“Smart” ‘city’ „x‟ ‚y‛", "\"smart\" 'city' \"x\" 'y'"),  # straight quotes
        ("<b>Bold</b> **MOU** <br/>signed", "bold mou signed"),  # tags and * removed
        ("a<i>b</i>c", "abc"),  # tags are removed, not replaced by a space
        ("  many \n\t spaces  ", "many spaces"),
        ("STRASSE Straße", "strasse strasse"),  # case-insensitive: full case folding
    ],
)
def test_normalise_text_follows_the_eval_readme(raw, expected):
    assert normalise_text(raw) == expected


def test_nfkc_comes_before_entity_unescaping():
    # the README's order: an entity that decodes to a compatibility character is not folded
    assert normalise_text("&#xFF21;") == "ａ".casefold()


def test_evidence_and_answer_groups():
    text = "The meeting was co-chaired by <b>Mr.&nbsp;Heng</b> and “Ms. Ding”."
    assert contains_any(text, ["mr. heng", "nobody"]) and not contains_any(text, ["lawrence"])
    assert satisfies(text, [["Heng"], ['"ms. ding"', "Xuexiang"]])
    assert not satisfies(text, [["Heng"], ["Wong"]])


def test_benchmarks_score_with_the_same_code(monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_common", ROOT / "benchmarks" / "common.py")
    common = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_common", common)  # dataclasses look their module up
    spec.loader.exec_module(common)
    assert common.normalise_text is evaluation.normalise_text
    assert common.contains_any is evaluation.contains_any
    assert common.satisfies is evaluation.satisfies
    assert not hasattr(common, "norm_text")  # no second copy left behind
