"""Turns of an interview, a Q&A page or a press-conference transcript.

"BABR: Where will you start?" / "He Xiaoyu: At two sites, Xichong Beach and the Jiaochangwei
waterfront." The answer's words alone say neither what starts nor whose sites: the question turn
before it says what is asked, and the speaker's label says whose "we" and "our" it is. This module
finds the turns (paragraphs opening with a speaker's label and a colon), which of them ask, and
where a speaker works as the document introduces them ("He Xiaoyu, general manager of Shenzhen
Dapeng Smart Tourism"). No parser is needed: the label-and-colon layout is how such documents are
written, and a document only counts as a dialogue when its labelled paragraphs alternate between
asking and answering.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache

# "He Xiaoyu:", "BABR:", "Q:", "REPORTER (Shenzhen Economic Radio, by video link):", "MR TAN:" at
# the start of a paragraph (up to five capitalised words, an optional bracketed outlet).
_LABEL = re.compile(
    r"(?:^|(?<=\n\n))(?P<label>[A-Z][\w.'’&-]*(?:[ \t]+[A-Z][\w.'’&-]*){0,4}(?:[ \t]*\([^()\n]{1,80}\))?)"
    r"[ \t]*[:：][ \t]*(?=\S)"
)
_PARAGRAPH_END = re.compile(r"\n\s*\n")
MIN_QUESTIONS = 2  # labelled paragraphs ending in "?" that make a document a dialogue
# The generic labels of a Q&A layout: they name no speaker.
_ROLE_LABELS = frozenset({"q", "a", "question", "answer", "interviewer"})


@dataclass(frozen=True)
class Turn:
    start: int  # the paragraph's span in the document text, label included
    end: int
    label: str  # as printed, without the outlet in brackets
    asks: bool  # the turn ends with a question

    @property
    def speaker(self) -> str | None:
        """The person the label names, or None for "Q"/"A" labels."""
        return None if self.label.lower() in _ROLE_LABELS else self.label


class Turns(tuple):
    """A document's turns in order, with their starts for lookups by offset."""

    @cached_property
    def starts(self) -> list[int]:
        return [t.start for t in self]


@lru_cache(maxsize=64)  # (asked once per sentence while a document is chunked: read it once)
def dialogue_turns(text: str) -> Turns:
    """The labelled paragraphs of ``text`` when they form a dialogue (some ask, some answer), else ()."""
    turns = []
    for m in _LABEL.finditer(text):
        end_m = _PARAGRAPH_END.search(text, m.end())
        end = end_m.start() if end_m else len(text)
        label = re.sub(r"\s*\([^()]*\)\s*$", "", m.group("label")).strip()
        turns.append(Turn(m.start(), end, label, text[m.start() : end].rstrip().endswith("?")))
    asking = [t for t in turns if t.asks]
    answering = [t for t in turns if not t.asks]
    if len(asking) < MIN_QUESTIONS or not answering:
        return Turns()
    return Turns(turns)


def turn_at(turns: Turns, offset: int) -> Turn | None:
    """The turn holding ``offset``, if any."""
    i = bisect_right(turns.starts, offset) - 1
    return turns[i] if i >= 0 and turns[i].start <= offset < turns[i].end else None


def question_before(turns: Turns, turn: Turn) -> Turn | None:
    """The question an answering turn replies to: the asking turn right before it."""
    i = bisect_right(turns.starts, turn.start) - 1
    if turn.asks or i == 0 or not turns[i - 1].asks:
        return None
    return turns[i - 1]


def affiliation(text: str, name: str) -> str | None:
    """The organisation ``text`` introduces ``name`` with ("He Xiaoyu, general manager of Shenzhen
    Dapeng Smart Tourism, on …" → "Shenzhen Dapeng Smart Tourism")."""
    m = re.search(
        rf"\b{re.escape(name)},\s+(?:the\s+|its\s+)?(?:[a-z][\w-]*\s+){{1,4}}(?:of|at)\s+(?:the\s+)?"
        r"((?:[A-Z][\w&.'’-]*)(?:\s+(?:[A-Z][\w&.'’-]*|of|and|&))*)",
        text,
    )
    return m.group(1).rstrip(".") if m else None
