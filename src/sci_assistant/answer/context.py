"""What every answer strategy shares: the question's context, a strategy's proposal, and lookups over the releases."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..indexing import LoadedIndex
from ..lexicon import ORDINAL_PATTERN, ORDINAL_WORDS, as_int
from ..mentions import parse_mentions
from ..retriever import Retriever, term_set
from ..schema import Hit
from ..sparse import tokenize
from .compose import Citations, md_text
from .evidence import _corpus_stats
from .focus import focus_of
from .followup import (
    Referent,
    _entities,
    last_answer,
    user_turns,
)
from .intents import Question
from .records import Record, corpus_records

_CUMULATIVE_SENT = re.compile(
    r"\b(to[- ]date|so far|a total of|in total|cumulative(?:ly)?|altogether|"
    # ("Since the Initiative was launched in 2019, our two cities have … signed forty-seven MOUs")
    r"since\s+(?:(?:the|its|our|their)\s+(?:[\w-]+\s+){1,3}?(?:was|were)\s+"
    r"(?:launched|set up|established|founded|started)"
    r"|(?:its|their|the)\s+(?:launch|inception|start|founding)))\b",
    re.I,
)
_CONTACT = ("email", "phone", "web", "address")  # (spans.CONTACT_KINDS)
_TYPED = (
    "person",
    "org",
    "place",
    "date",
    "number",
    "amount",
    "quote",
    "time",
    "record",
    "frequency",
    "duration",
    "percent",
    *_CONTACT,
)
_DEFINE = re.compile(
    r"^\s*(?:what|who)\s+(?:is|are|was|were)\b(?!\s+the\s+(?:number|name|date|total))|"
    r"\bwhat (?:kind|sort|type) of\b|^\s*(?:describe|explain|define)\b",
    re.I,
)
_SAID = re.compile(r"\b(?:said|says|say|added|noted|stated|remarked)\b|[“\"]")


_QUESTION_ONLY = frozenset(
    tokenize(
        "what which who whom whose when where why how is are was were do does did can could will would "
        "tell me please about anything something more else hello hi hey thanks thank you ok okay yes no"
    )
)
_ROLES = frozenset(
    tokenize(
        "mayor secretary minister permanent ceo chairman chairwoman chairperson director president chief "
        "representative founder officer deputy governor ambassador spokesperson manager head leader"
    )
)


@dataclass
class Proposal:
    """One strategy's answer: its Markdown body and what the chooser needs to judge it."""

    strategy: str  # records | figures | record-fact | sentence | summary | document
    body: str
    type_found: bool | None = None  # a span of the asked type was found (None: no type asked)


@dataclass
class Context:
    idx: LoadedIndex
    retriever: Retriever
    q: Question
    qv: np.ndarray
    hits: list[Hit]
    allowed: set[str]  # documents passing the filters
    named: set[str]  # documents the question names (meeting, date, "latest")
    cites: Citations


def all_records(idx: LoadedIndex) -> list[Record]:
    return corpus_records(idx)


_QUOTED = re.compile(r"“([^”]{12,}?)”")
# A legal form and what follows it ("Pte Ltd", "Co., Ltd. (Beijing)"); "Group" stays: it is part of
# the name ("Shenzhen Sports Industry Group Co., Ltd." is the Shenzhen Sports Industry Group).
_LEGAL = re.compile(r",?\s+(?:Pte\.?|Co\.?,?|Ltd\.?|Limited|Inc\.?)(?=\s|,|$).*$")


def previous_evidence(idx: LoadedIndex, history) -> tuple[list[tuple[str, int, int]], Referent | None]:
    """Where the previous answer's quotes lie in the releases, and the annex item they come from.

    The conversation carries only text, so the spans are found again: each quotation (a table
    cell is quoted on its own) is looked up verbatim in the documents. The item is named
    only when every quote found lies in one MOU or project.
    """
    text = last_answer(history)
    spans: list[tuple[str, int, int]] = []
    # Only the releases its Sources list names are searched (a follow-up costs the same in an
    # archive of thousands); an answer without that list (from elsewhere) searches them all.
    sources = text.split("**Sources**", 1)[1] if "**Sources**" in text else ""
    listed = [d for d in idx.documents.values() if d.title and f"*{md_text(d.title)}*" in sources]
    for m in _QUOTED.finditer(text):
        piece = max(m.group(1).replace("]\\(", "](").replace("\\$", "$").replace("&lt;", "<").split(" — "), key=len)
        for d in listed or idx.documents.values():
            at = d.text.find(piece)
            if at >= 0:
                spans.append((d.doc_id, at, at + len(piece)))
                break
        if len(spans) == 3:
            break
    recs = {r for d, a, _ in spans for r in all_records(idx) if r.doc_id == d and r.start <= a < r.end}
    if not recs:
        # A quote listing several items ("They include an MOU between A and B …; an MOU between C
        # and D …"): the item the answer put in bold is the one meant.
        bold = {b for b in re.findall(r"\*\*(.+?)\*\*", text) if len(b) > 12}
        recs = {
            r
            for d, a, b in spans
            for r in all_records(idx)
            if r.doc_id == d and a <= r.start < b and idx.documents[d].text[r.title_start : r.title_end] in bold
        }

    def pair(r: Record) -> tuple[str, ...]:
        return r.parties if len(r.parties) == 2 else tuple(p for p in re.split(r"\s+[–-]\s+", r.title) if p)

    # The same two partners' MOU and project quoted together are one collaboration to point back at.
    if len(recs) > 1 and len({frozenset(short_party(p).lower() for p in pair(r)) for r in recs}) == 1:
        recs = {min(recs, key=lambda r: (r.doc_id, r.start))}
    asked = user_turns(history)[-1:] or [""]
    focus = focus_of(asked[0])
    named = re.findall(r"\*\*(.+?)\*\*", text.split("\n", 1)[0])
    if (
        focus is not None
        and focus.which
        and not focus.kind
        and not focus.plural
        and len(named) == 1
        and focus.head.lower()[:5] in named[0].lower()
        and not any(named[0] in idx.documents[r.doc_id].text[r.title_start : r.title_end] for r in recs)
    ):
        # "Which framework enables the eBLs?" answered "**TradeTrust framework**": "it" is now that
        # (the thing asked, named with its own word), though the sentence lies in an annex item.
        return spans, Referent(f"the {named[0]}", named[0])
    if len(recs) != 1:
        return spans, None
    return spans, record_referent(recs.pop())


def record_referent(r: Record) -> Referent:
    """How a follow-up names an item: "it" as a thing, "they" as its parties."""
    parties = r.parties if len(r.parties) == 2 else tuple(p for p in re.split(r"\s+[–-]\s+", r.title) if p)
    if len(parties) == 2:
        # "It" names the item by its first party only: a follow-up often asks for the other one
        # ("Who's the Shenzhen partner there?"), which must not be written into the question.
        a, b = (short_party(p) for p in parties)
        noun = "MOU" if r.kind == "mou" else "project"
        return Referent(f"the {a} {noun}", f"{a} and {b}", (a, b))
    return Referent(f"the {r.title}", r.title)


# "Who signed the first one?", "the second MOU", "the last project": an item of the list the
# previous answer gave, by its place in that list.
_NTH_ITEM = re.compile(
    rf"\bthe\s+(?P<n>last|{ORDINAL_PATTERN})\s+(?:one|item|entry|mou|memorandum|agreement|project|deal|pact)\b",
    re.I,
)


def nth_listed(idx: LoadedIndex, question: str, history) -> tuple[re.Match[str], Record] | None:
    """The item a question points to by its place in the previous answer's list ("the first
    one"), with the phrase that points to it; None when the question names no place or the
    previous answer listed fewer than two items (then "the fourth one" is a meeting)."""
    m = _NTH_ITEM.search(question)
    if not m or len(re.findall(r"[A-Za-z]+", question)) <= 4:
        return None  # "And the fourth one?": the previous question about another meeting
    text = last_answer(history)
    listed: list[Record] = []
    for q in _QUOTED.finditer(text):
        piece = max(q.group(1).split(" — "), key=len)
        for r in all_records(idx):
            if r not in listed and piece in idx.documents[r.doc_id].text[r.start : r.end]:
                listed.append(r)
                break
    if len(listed) < 2:
        return None
    word = m.group("n").lower()
    n = len(listed) if word == "last" else (ORDINAL_WORDS.get(word) or as_int(word) or 0)
    return (m, listed[n - 1]) if 1 <= n <= len(listed) else None


def short_party(name: str) -> str:
    """The form a follow-up can use for a party: its acronym when the release gives one
    ("Enterprise Singapore (EnterpriseSG)" → "EnterpriseSG"), else the name without legal suffixes."""
    m = re.search(r"\(([A-Z][\w&-]{1,15})\)", name)
    if m and not re.search(r"\b(?:Beijing|Shanghai|Shenzhen|Singapore|China)\b", m.group(1)):
        return m.group(1)
    return _LEGAL.sub("", name).strip()


def _meetings_mentioned(idx: LoadedIndex) -> set[int]:
    """Every meeting ordinal the releases speak of, reported or not ("the 8th JIC meeting will be
    held in Shenzhen"): a question about one is answered from what they say, not refused."""
    cache = idx.derived.setdefault("meetings_mentioned", {})
    if "all" not in cache:
        cache["all"] = {n for d in idx.documents.values() for n in parse_mentions(d.text).meetings}
    return cache["all"]


def meetings_known(idx: LoadedIndex) -> tuple[list[int], list[int]]:
    """The meetings the releases report, and those with every meeting they speak of (once per generation)."""
    cache = idx.derived.setdefault("meetings_mentioned", {})
    if "known" not in cache:
        reported = sorted({d.meeting for d in idx.documents.values() if d.meeting})
        cache["known"] = (reported, sorted(set(reported) | _meetings_mentioned(idx)))
    return cache["known"]


def _doc_terms(idx: LoadedIndex) -> dict[str, frozenset[str]]:
    cached = idx.derived.get("doc_terms")
    if cached is None:
        cached = {d: term_set(doc.text) for d, doc in idx.documents.items()}
        idx.derived["doc_terms"] = cached
    return cached


def filtered_out_name(ctx: Context) -> tuple[str, list[str]] | None:
    """A name the question gives that only releases outside the filters mention ("TradeTrust" with
    only the 2023 release allowed), with those releases; None when every name is within reach."""
    terms = _doc_terms(ctx.idx)
    for n in _entities(ctx.q.text):
        nt = [t for t in tokenize(n) if t in _corpus_stats(ctx.idx)[1] and _corpus_stats(ctx.idx)[1][t] >= 2.5]
        if not nt:
            continue
        holding = [d for d, ts in terms.items() if all(t in ts for t in nt)]
        if holding and not any(d in ctx.allowed for d in holding):
            return n, holding
    return None


def doc_label(idx: LoadedIndex, doc_id: str) -> str:
    d = idx.documents[doc_id]
    return d.label or d.title


def record_terms(r: Record, idx: LoadedIndex) -> frozenset[str]:
    cache = idx.derived.setdefault("record_terms", {})
    key = (r.doc_id, r.start)
    if key not in cache:
        doc = idx.documents[r.doc_id]
        text = doc.text[r.start : r.end]
        # The annex heading too: "the Annex B list" names every item under it; and the heading of
        # the section it is listed in ("Agreements signed at the forum").
        heading = next((" ".join(x.path[-1:]) for x in doc.sections if x.start <= r.start < x.end), "")
        cache[key] = term_set(f"{r.annex} {r.group or ''} {heading} {text}")
    return cache[key]


def plural(noun: str) -> str:
    """The counted noun as a figure reads it ("the project tally" → "29 projects")."""
    if noun.lower().endswith("s") or noun.lower() == "people" or not noun.isalpha():
        return noun
    if noun.isupper():
        return noun + "s"  # "the MOU count" → "8 MOUs"
    return noun[:-1] + "ies" if re.search(r"[^aeiou]y$", noun) else noun + "s"


def counted_word(text: str, end: int, noun: str) -> str:
    """The noun a bold figure counts: the question's ("how many projects" → "14 projects") or, when
    the release counts them with another word of the same kind ("how many people" → "420
    participants"), the release's word right after the figure."""
    after = text[end : end + 60]
    said = re.search(rf"\b{re.escape(noun.lower().rstrip('s')[:5])}[\w-]*(\s+[a-z][a-z-]*s\b)?", after.lower())
    if said:
        # "how many eldercare homes" asks "eldercare" first: "40 eldercare homes" counts the homes.
        return f"{noun} {said.group(1).strip()}" if said.group(1) and not noun.lower().endswith("s") else plural(noun)
    # (or a plural of the same kind not made with -s: "about 45 people")
    m = re.match(r"\s+([a-z][a-z-]*s|[A-Z]{2,}s|people|staff|personnel|children|men|women)\b", after)
    return m.group(1) if m else plural(noun)


# "X compared with Y", "X versus Y", "X differ from Y", "between X and Y": the two sides.
_SIDES = re.compile(
    r"^(?P<a>.+?)\s*,?\s+(?:compared (?:with|to)|versus|vs\.?|as opposed to|"
    r"differ(?:s|ed)?\s+from|contrasted with)\s+(?P<b>.+?)[?.!]*$",
    re.I,
)
