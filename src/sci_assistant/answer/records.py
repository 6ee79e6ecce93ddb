"""Annex records: every MOU row and numbered project of a release's annexes, as typed records.

List and "how many … under X" questions are answered from these, so an answer holds every
matching item rather than a top-k sample.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ..chunking import blocks_of
from ..lexicon import NUMBER_WORD_PATTERN
from ..retriever import term_set
from ..schema import Document

_ANNEX = re.compile(r"^\s*annex\b", re.I)
_HEADER_CELL = re.compile(r"^(Title|Name|Description|Details?|Summary)\s+of\s+\S", re.I)
_ITEM = re.compile(r"^(\d{1,3})[.)]\s+")
_NUMBER_CELL = re.compile(r"^\s*\d{1,3}[.)]?\s*$")
# A cell of names only: capitalised words (and the joining words of names), names split by ";".
NAMES_CELL = re.compile(
    r"^\s*(?:(?:\(?[A-Z0-9][\w&’'().,-]*|of|and|the|for|de|la|&|[–-])\s*)+"
    r"(?:;\s*(?:(?:\(?[A-Z0-9][\w&’'().,-]*|of|and|the|for|de|la|&|[–-])\s*)+)*$"
)
# Where the parties end and what they will do begins, in a numbered project line.
_ACTION = re.compile(
    r"\s(?:to|will|shall|would|establish(?:es)?|intends?|aims?|plans?|has|have|is|are|on|seeks?)\s", re.I
)
_LEGAL_AND = re.compile(r"(\s(?:Pte\.?\s+Ltd\.?|Co\.,?\s+Ltd\.?|Ltd\.?|Limited|LLP|Inc\.?))\s+and\s+")
_BETWEEN_TAIL = re.compile(r"\s+(?:concerning|regarding|on|for|about)\b.*$", re.I)
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
        first, second = m.group(1).strip(" ,"), m.group(2).strip(" ,")
        # "between Institute of Automation and Applied Robotics Pte Ltd and …": an "and" inside the
        # first name; the parties divide after its legal form.
        legal = _LEGAL_AND.search(title, m.start(1))
        if legal:
            first = title[m.start(1) : legal.end(1)].strip(" ,")
            second = _BETWEEN_TAIL.sub("", title[legal.end() :]).strip(" ,")
        return (first, second)
    if " – " in title or " - " in title:
        parts = [p.strip() for p in re.split(r"\s[–-]\s", title) if p.strip()]
        # "… – Shenzhen Court of International Arbitration (SCIA) Mediation-Arbitration Protocol": the
        # title ends with the kind of agreement, after the last party's short form.
        parts[-1] = _KIND_AFTER_PARTY.sub(r"\1", parts[-1])
        return tuple(parts)
    return (title,)


def _run_together(name: str, text: str) -> tuple[str, ...]:
    """Two parties whose separator was lost in the release ("Nanyang Technological UniversitySun
    Yat-sen University Shenzhen"): split where a word runs into a capital, when both halves' words
    stand alone elsewhere in the release ("University", "Sun"). Names spelt in camel case
    ("TusStar", "QuikBot", "EnterpriseSG") have no such halves and stay whole."""
    for m in re.finditer(r"\b([A-Z][a-z]{3,})([A-Z][a-z]+)\b", name):
        left, right = m.group(1), m.group(2)
        alone = len(re.findall(rf"\b{left}\b", text)) and len(re.findall(rf"\b{right}\b", text))
        if alone:
            a, b = name[: m.start(2)].strip(), name[m.start(2) :].strip()
            return (a, b) if a and b else (name,)
    return (name,)


_KIND_AFTER_PARTY = re.compile(r"(\))\s+(?:[A-Z][\w-]*\s+)*(?:Protocol|Agreement|Accord|Pact|Charter|Framework)$")


# A sentence that introduces a list of agreements or projects ("… witnessed the signing of five MOUs:").
_LIST_LEAD = re.compile(
    r"\b(?:mous?|memorand\w*|agreements?|pacts?|projects?|initiatives?|partnerships?)\b[^.]*:\s*$", re.I
)
# "The seven new joint projects span the three pillars. They are:": a lead-in that names what it
# lists by a pronoun, the noun in the sentence before it.
_PRONOUN_LEAD = re.compile(
    r"(?:^|[.!?]\s+)(?:they|these|those|the (?:list|items)) (?:are|include|comprise)\s*:\s*$", re.I
)
_LISTED_NOUN = re.compile(r"\b(?:mous?|memorand\w*|agreements?|pacts?|projects?|initiatives?|partnerships?)\b", re.I)
# The count a lead-in states, right before the noun it counts ("the seven new joint projects").
_COUNTED = re.compile(
    rf"\b(?:\d{{1,3}}|{NUMBER_WORD_PATTERN})\s+(?:[a-z-]+\s+){{0,2}}?(?:mous?|memorand\w*|agreements?|pacts?|"
    r"projects?|initiatives?|partnerships?)\b",
    re.I,
)


def _named_before(lead: str) -> re.Match[str] | None:
    """The noun a pronoun lead-in ("They are:") refers to, in the sentence before it."""
    m = _PRONOUN_LEAD.search(lead)
    if not m:
        return None
    nouns = list(_LISTED_NOUN.finditer(lead, 0, m.start() + 1))
    return nouns[0] if nouns else None


# A paragraph that goes back to running prose after a list ("The JIC also …", "In addition, …").
_PROSE_START = re.compile(
    r"^(?:the|this|these|those|it|they|in addition|additionally|also|both|about|for|"
    r"meanwhile|separately|furthermore|moreover)\b",
    re.I,
)


def _list_records(doc: Document, blocks: list, taken: set[int]) -> list[Record]:
    """Items listed after a lead-in sentence that names what they are ("… five MOUs:"), under any
    heading: bullets lose their markers when the text is normalised, so the list is recognised by
    its lead-in, the count it states, and short one-sentence paragraphs that each name parties."""
    from ..lexicon import as_int

    text = doc.text
    out: list[Record] = []
    for i, blk in enumerate(blocks):
        lead = text[blk.start : blk.end]
        if blk.kind == "heading":
            continue
        named = _LIST_LEAD.search(lead) or _named_before(lead)
        if not named:
            continue
        kind = annex_kind(named.group(0))
        kind = "project" if kind == "item" else kind
        counted = _COUNTED.search(lead[max(0, named.start() - 40) :])
        stated = as_int(counted.group(0)) if counted else as_int(lead[-120:])
        items = []
        for nxt in blocks[i + 1 :]:
            body = text[nxt.start : nxt.end]
            if nxt.kind == "heading" or nxt.start in taken or len(body) > 600 or body.rstrip().endswith(":"):
                break
            if stated is None and _PROSE_START.match(_ITEM.sub("", body)):
                break
            items.append(nxt)
            if stated is not None and len(items) == stated:
                break
        if len(items) < 2 or (stated is not None and len(items) != stated):
            continue
        for n, it in enumerate(items, 1):
            m = _ITEM.match(text[it.start : it.end])
            t0 = it.start + (m.end() if m else 0)
            am = _ACTION.search(text[t0 : it.end])
            ta, tb = t0, (t0 + am.start() if am else it.end)
            # "Cross-Border E-Commerce Returns Hub: a shared facility …": a name, then what it is
            colon = re.match(r"[^:.;]{3,80}?:\s", text[t0 : it.end])
            if colon:
                tb = t0 + colon.end() - 2
            title = text[ta:tb].strip()
            pair = re.split(r"\s+and\s+|\s[–-]\s", title)
            parties = tuple(p.strip(" ,") for p in pair if p.strip(" ,")) if len(pair) <= 3 else (title,)
            if _BETWEEN.search(title):
                # "An MOU between A and B": the parties are A and B
                parties = _parties_from_title(title)
            out.append(
                Record(
                    doc.doc_id,
                    doc.meeting,
                    doc.date,
                    lead.strip(),
                    kind,
                    None,
                    int(m.group(1)) if m else n,
                    title,
                    parties,
                    it.start,
                    it.end,
                    ta,
                    ta + len(title),
                )
            )
            taken.add(it.start)
    return out


# One item of an enumeration in prose: "an MOU between Harbourline Data and Nanshan Smart Park to …".
_PROSE_ITEM = re.compile(
    r"\b(?:an?\s+|the\s+)?(?P<noun>mou|memorandum(?: of understanding)?|agreement|letter of intent|protocol|pact|"
    r"partnership|project)\s+(?:between|with)\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)"
    r"(?=\s+(?:to|on|for|that|which|will|covering|concerning|regarding)\b|[;,.]|$)",
    re.I,
)


def _prose_records(doc: Document, blocks: list, taken: set[int]) -> list[Record]:
    """Agreements enumerated in one sentence, separated by semicolons ("They include an MOU between
    A and B to …; an MOU between C and D on …; and an agreement between E and F …")."""
    text = doc.text
    out: list[Record] = []
    for blk in blocks:
        if blk.kind != "prose":
            continue
        body = text[blk.start : blk.end]
        if body.count(";") < 1:
            continue
        pos = blk.start
        parts = re.split(r";\s*(?:and\s+)?", body)
        found = []
        for part in parts:
            a = text.index(part, pos) if part else pos
            pos = a + len(part)
            m = _PROSE_ITEM.search(part)
            if m:
                found.append((a, m, part))
        if len(found) < 2:
            continue
        for n, (a, m, part) in enumerate(found, 1):
            start, end = a + m.start(), a + len(part.rstrip())
            if start in taken:
                continue
            kind = "project" if m.group("noun").lower() == "project" else "mou"
            title = text[a + m.start() : a + m.end()]
            out.append(
                Record(
                    doc.doc_id,
                    doc.meeting,
                    doc.date,
                    body[:80],
                    kind,
                    None,
                    n,
                    title,
                    (m.group("a").strip(" ,"), m.group("b").strip(" ,")),
                    start,
                    end,
                    a + m.start(),
                    a + m.end(),
                )
            )
    return out


def corpus_records(idx) -> list[Record]:
    """Every record of every document of a loaded index (cached on the index)."""
    recs = idx.derived.get("records")
    if recs is None:
        recs = [r for d in idx.documents.values() for r in extract_records(d)]
        idx.derived["records"] = recs
    return recs


def records_by_row(idx) -> dict[int, list[Record]]:
    """Sentence row → the annex records it lies in, in corpus order (cached on the index)."""
    rows = idx.derived.get("records_by_row")
    if rows is None:
        spans: dict[str, list[Record]] = {}
        for r in corpus_records(idx):
            spans.setdefault(r.doc_id, []).append(r)
        rows = {}
        for j, s in enumerate(idx.sentences):
            inside = [r for r in spans.get(s.doc_id, ()) if r.start <= s.start < r.end]
            if inside:
                rows[j] = inside
        idx.derived["records_by_row"] = rows
    return rows


def record_kinds(idx) -> dict[int, str]:
    """Sentence row → the kind of the record it lies in ('mou', 'project'), for sentences inside
    a record (cached on the index)."""
    kinds = idx.derived.get("record_kinds")
    if kinds is None:
        kinds = {}
        for j, recs in records_by_row(idx).items():
            kind = next((r.kind for r in recs if r.kind in ("mou", "project")), None)
            if kind:
                kinds[j] = kind
        idx.derived["record_kinds"] = kinds
    return kinds


def party_terms_by_row(idx) -> dict[int, frozenset[str]]:
    """Sentence row → the terms of the parties of the annex item it lies in (cached on the index):
    a sentence of an item speaks of its parties even when it names none ("It aims to contribute
    to the growth of smart cities")."""
    rows = idx.derived.get("party_terms")
    if rows is None:
        rows = {}
        for j, recs in records_by_row(idx).items():
            parties = next((r.parties for r in recs if r.parties), None)
            if parties:
                rows[j] = term_set(" ".join(parties))
        idx.derived["party_terms"] = rows
    return rows


def extract_records(doc: Document) -> list[Record]:
    """All listed items of one document, in document order: annex tables and numbered annex
    items, lists introduced by a lead-in sentence under any heading, and agreements enumerated
    in prose."""
    blocks = blocks_of(doc)
    out = _annex_records(doc, blocks)
    taken = {r.start for r in out}
    out += _list_records(doc, blocks, taken)
    taken |= {r.start for r in out}
    out += _prose_records(doc, blocks, taken)
    return sorted(out, key=lambda r: r.start)


def _table_shapes(text: str, blocks: list) -> tuple[set[int], dict[int, tuple[int, ...]]]:
    """Per table (consecutive row blocks): its header row, when the first row has no number cell and
    the rows after it do; and the columns that name the parties, when two or more columns hold
    only names in every numbered row. Returns (header row starts, row start → party columns
    counted after the number cell)."""
    headers: set[int] = set()
    columns: dict[int, tuple[int, ...]] = {}
    run: list = []
    for blk in [*blocks, None]:
        if blk is not None and "\n" in text[blk.start : blk.end] and blk.kind != "heading":
            run.append(blk)
            continue
        rows = [text[b.start : b.end].split("\n") for b in run]
        # (a row wrapped mid-cell continues the numbered row above it, without a number of its own)
        numbered = [r for r in rows[1:] if _NUMBER_CELL.match(r[0])]
        if len(rows) >= 2 and not _NUMBER_CELL.match(rows[0][0]) and rows[1:] and _NUMBER_CELL.match(rows[1][0]):
            rows = [rows[0], *numbered]
            headers.add(run[0].start)
            data = [r[1:] for r in rows[1:]]
            width = min(len(r) for r in data)
            named = tuple(c for c in range(width) if all(NAMES_CELL.match(r[c]) for r in data))
            if len(named) >= 2:
                columns.update({b.start: named for b in run[1:]})
        run = []
    return headers, columns


def _split_and(parties: tuple[str, ...]) -> tuple[str, ...]:
    """A parties cell joining two names by "and" ("Assurio AI Pte Ltd and Shenzhen Institute of AI
    Testing Co., Ltd.") holds two parties: split at its one "and" when both sides are names of two
    words or more ("Ministry of Trade and Industry" is one)."""
    out = []
    for p in parties:
        legal = _LEGAL_AND.search(p)  # ("… Pte Ltd and …": after a legal form, whatever else joins words)
        halves = [p[: legal.end(1)], p[legal.end() :]] if legal else re.split(r"\s+and\s+", p)
        if len(halves) == 2 and all(len(h.split()) >= 2 and h[:1].isupper() for h in halves):
            out.extend(h.strip(" ,") for h in halves)
        else:
            out.append(p)
    return tuple(out)


def _annex_records(doc: Document, blocks: list) -> list[Record]:
    """The records under an "Annex" heading: table rows and numbered items."""
    out: list[Record] = []
    text = doc.text
    headers, party_columns = _table_shapes(text, blocks)
    for blk in blocks:
        path = doc.section_at(blk.start)
        annex_i = next((i for i, p in enumerate(path) if _ANNEX.match(p)), None)
        if annex_i is None or blk.kind == "heading":
            continue
        annex = path[annex_i]
        group = path[-1] if len(path) > annex_i + 1 else None
        body = text[blk.start : blk.end]
        kind = annex_kind(annex)
        if "\n" in body:  # a table row: (number,) title cell, description cell (, parties cell)
            cells = body.split("\n")
            if any(_HEADER_CELL.match(c) for c in cells[:2]) and (
                any(_HEADER_CELL.match(c) for c in cells[1:3])
                # ("Title of MOU | Parties | Description": headings of a few words each)
                or all(len(c.split()) <= 4 and not c.rstrip().endswith(".") for c in cells)
            ):
                continue
            if blk.start in headers:
                continue  # "No. | Party (Singapore) | Party (Shenzhen) | Subject": the header row
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.number is not None
                and prev.annex == annex
                and not _NUMBER_CELL.match(cells[0])
                and not text[prev.end : blk.start].strip()
                and len(cells) >= 2
            ):
                # "|  | Technologies for … | Technology Co., Ltd. |": the row above wrapped mid-cell;
                # its last party goes on in the last cell.
                more = cells[-1].strip()
                parties = (*prev.parties[:-1], f"{prev.parties[-1]} {more}") if prev.parties else prev.parties
                out[-1] = dataclasses.replace(prev, end=blk.end, parties=_split_and(parties))
                continue
            number = None
            t0 = blk.start
            if _NUMBER_CELL.match(cells[0]) and len(cells) > 1:  # "| 7 | MOU on … |": the row's number
                number = int(cells[0].strip(" .)"))
                t0 += len(cells[0]) + 1
                cells = cells[1:]
            first = cells[0]
            parties = _parties_from_title(first)
            named = party_columns.get(blk.start)
            if named:
                # A row whose columns name each party ("Kranji AgriTech Pte Ltd | Shenzhen Guangming
                # Urban Farming Co., Ltd. | A vertical farm …"): those cells are the parties.
                parties = tuple(cells[c] for c in named if c < len(cells))
            elif (
                len(cells) > 2 or len(cells) == 2 and (";" in cells[-1] or not NAMES_CELL.match(cells[0]))
            ) and NAMES_CELL.match(cells[-1]):
                # (also of a table of two columns, "MOU on a development fund | A Ltd; B Group", the
                # title cell no list of names)
                # A last cell of names only ("Skyward Couriers Pte Ltd; Shenzhen Feiyun Drone
                # Technology Co., Ltd."): the parties column.
                parties = _split_and(tuple(p.strip(" ,") for p in cells[-1].split(";") if p.strip(" ,"))) or parties
            else:
                # A cell between the title and the description that names two or more bodies ("| MOU
                # on Smart Tourism | Sentosa Development Corporation and Gulangyu Administrative
                # Committee | Share visitor-management technology … |"): the parties column.
                for cell in cells[1:-1]:
                    names = _split_and(tuple(p.strip(" ,") for p in cell.split(";") if p.strip(" ,")))
                    if NAMES_CELL.match(cell) and len(names) >= 2:
                        parties = names
                        break
            out.append(
                Record(
                    doc.doc_id,
                    doc.meeting,
                    doc.date,
                    annex,
                    kind,
                    group,
                    number,
                    first,
                    parties,
                    blk.start,
                    blk.end,
                    t0,
                    t0 + len(first),
                )
            )
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
        # (a description set between the parties is no party's name: "ONE Championship (Singapore) Pte
        # Ltd – world’s leading sports entertainment company, Shenzhen Sports Industry Group")
        parties = tuple(re.sub(r"^[a-z][^,;]*,\s+(?=[A-Z])", "", p) for p in parties)
        if len(parties) == 1:
            parties = _run_together(parties[0], text)
        out.append(
            Record(
                doc.doc_id,
                doc.meeting,
                doc.date,
                annex,
                kind if kind != "item" else "project",
                group,
                number,
                title,
                parties,
                blk.start,
                blk.end,
                ta,
                tb,
            )
        )
    return out
