"""Annex records: every MOU row and numbered project of a release's annexes, as typed records.

List and "how many … under X" questions are answered from these, so an answer holds every
matching item rather than a top-k sample.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..chunking import blocks_of
from ..schema import Document

_ANNEX = re.compile(r"^\s*annex\b", re.I)
_HEADER_CELL = re.compile(r"^(Title|Name|Description|Details?|Summary)\s+of\s+\S", re.I)
_ITEM = re.compile(r"^(\d{1,3})[.)]\s+")
# Where the parties end and what they will do begins, in a numbered project line.
_ACTION = re.compile(
    r"\s(?:to|will|shall|would|establish(?:es)?|intends?|aims?|plans?|has|have|is|are|on|seeks?)\s", re.I
)
_BETWEEN = re.compile(r"\bbetween\s+(.+?)\s+and\s+(.+?)(?:\s+(?:concerning|regarding|on|for|about)\b.*)?$", re.I)


@dataclass(frozen=True)
class Record:
    """One annex item: an MOU table row or a numbered project."""

    doc_id: str
    meeting: int | None
    date: str | None
    annex: str  # the annex heading ("Annex A: List of MOUs signed at the 4th SCI JIC Meeting")
    kind: str  # 'mou' | 'project' | 'item'
    group: str | None  # sub-heading inside the annex ("Talent Exchange", "Strategic pillar: AI")
    number: int | None  # item number as printed
    title: str
    parties: tuple[str, ...]
    start: int  # the whole record's span in the document text
    end: int
    title_start: int
    title_end: int

    @property
    def label(self) -> str:
        return {"mou": "MOU", "project": "project"}.get(self.kind, "item")


def annex_kind(heading: str) -> str:
    h = heading.lower()
    if re.search(r"\bmous?\b|memorand|agreement", h):
        return "mou"
    if re.search(r"project|initiative", h):
        return "project"
    return "item"


def _parties_from_title(title: str) -> tuple[str, ...]:
    m = _BETWEEN.search(title)
    if m:
        return (m.group(1).strip(" ,"), m.group(2).strip(" ,"))
    if " – " in title or " - " in title:
        return tuple(p.strip() for p in re.split(r"\s[–-]\s", title) if p.strip())
    return (title,)


def extract_records(doc: Document) -> list[Record]:
    """All annex records of one document, in document order."""
    out: list[Record] = []
    text = doc.text
    for blk in blocks_of(doc):
        path = doc.section_at(blk.start)
        annex_i = next((i for i, p in enumerate(path) if _ANNEX.match(p)), None)
        if annex_i is None or blk.kind == "heading":
            continue
        annex = path[annex_i]
        group = path[-1] if len(path) > annex_i + 1 else None
        body = text[blk.start : blk.end]
        kind = annex_kind(annex)
        if "\n" in body:  # a table row: title cell, description cell
            first, _, rest = body.partition("\n")
            if _HEADER_CELL.match(first) and _HEADER_CELL.match(rest.split("\n")[0]):
                continue
            out.append(Record(doc.doc_id, doc.meeting, doc.date, annex, kind, group, None, first,
                              _parties_from_title(first), blk.start, blk.end, blk.start, blk.start + len(first)))
            continue
        m = _ITEM.match(body)
        if not m:
            continue
        number = int(m.group(1))
        t0 = blk.start + m.end()
        # The item's name: its bold span when the release printed one, else the parties
        # before the first verb ("Crimson Logic – ABK Technology (Shenzhen) Co. Ltd to develop …").
        bold = [(a, b) for a, b in doc.emphasis if blk.start <= a < blk.end]
        if bold:
            ta, tb = bold[0]
        else:
            rest = text[t0 : blk.end]
            am = _ACTION.search(rest)
            ta, tb = t0, (t0 + am.start() if am else blk.end)
        title = text[ta:tb].strip()
        parties = tuple(p.strip() for p in re.split(r"\s[–-]\s", title) if p.strip()) if not bold else (title,)
        out.append(Record(doc.doc_id, doc.meeting, doc.date, annex, kind if kind != "item" else "project",
                          group, number, title, parties, blk.start, blk.end, ta, tb))
    return out
