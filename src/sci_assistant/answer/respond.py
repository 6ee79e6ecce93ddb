"""answer_question: route a question to records, figures, sentences or a summary, and compose."""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..crosslingual import has_cjk, to_english
from ..indexing import LoadedIndex
from ..lexicon import (
    AUXILIARIES,
    DETERMINERS,
    EVENT_WORDS,
    KIND_NOUNS,
    MONTH_NUMBER,
    PREPOSITIONS,
    ROLE_NOUNS,
    SIDE_WORDS,
    as_int,
)
from ..mentions import event_ordinal, matching_documents, names_other_body, parse_mentions
from ..retriever import Retriever, normalize_query, rows_by_doc, term_set
from ..schema import Answer, Filters, Hit, ordinal
from ..sparse import tokenize
from . import spans as sp
from .compose import Citations, inline, md_text, quote_line, quoted
from .confidence import load_calibration
from .evidence import (
    DATE,
    NUMBER,
    Candidate,
    _corpus_stats,
    _match,
    has_number,
    number_near,
    overlap,
    rank_sentences,
    sentence_fact,
    term_known,
)
from .focus import checkable, focus_status, side_and_month_terms
from .followup import (
    _ANOTHER,
    Referent,
    _entities,
    _party_on_side,
    dangling_reference,
    last_answer,
    points_back,
    resolve,
)
from .intents import _MENTION_WORDS, _QUOTE_Q, GENERIC, Question, analyse, scope_of
from .intents import _SCOPE_WORDS as SCOPE_WORDS
from .records import Record, corpus_records
from .vocabulary import aliases, english_words, repair, spelled_out, unknown_names, unknown_words, vocabulary

_CUMULATIVE_SENT = re.compile(r"\b(to[- ]date|so far|a total of|in total|cumulative(?:ly)?|altogether)\b", re.I)
_TYPED = ("person", "org", "place", "date", "number", "amount", "quote", "time", "record")
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

    strategy: str  # records | figures | record-fact | sentence | summary
    body: str
    type_found: bool | None = None  # a span of the asked type was found (None: no type asked)


@dataclass
class _Ctx:
    idx: LoadedIndex
    retriever: Retriever
    q: Question
    qv: np.ndarray
    hits: list[Hit]
    allowed: set[str]  # documents passing the filters
    named: set[str]  # documents the question names (meeting, date, "latest")
    cites: Citations


def _records(idx: LoadedIndex) -> list[Record]:
    return corpus_records(idx)


_QUOTED = re.compile(r"“([^”]{12,}?)”")
_LEGAL = re.compile(r",?\s+(?:Pte\.?|Co\.?,?|Ltd\.?|Limited|Inc\.?|Group Co\.?)(?=\s|,|$).*$")


def _previous_evidence(idx: LoadedIndex, history) -> tuple[list[tuple[str, int, int]], Referent | None]:
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
    recs = {r for d, a, _ in spans for r in _records(idx) if r.doc_id == d and r.start <= a < r.end}
    if not recs:
        # A quote listing several items ("They include an MOU between A and B …; an MOU between C
        # and D …"): the item the answer put in bold is the one meant.
        bold = {b for b in re.findall(r"\*\*(.+?)\*\*", text) if len(b) > 12}
        recs = {
            r
            for d, a, b in spans
            for r in _records(idx)
            if r.doc_id == d and a <= r.start < b and idx.documents[d].text[r.title_start : r.title_end] in bold
        }

    def pair(r: Record) -> tuple[str, ...]:
        return r.parties if len(r.parties) == 2 else tuple(p for p in re.split(r"\s+[–-]\s+", r.title) if p)

    # The same two partners' MOU and project quoted together are one collaboration to point back at.
    if len(recs) > 1 and len({frozenset(_short_party(p).lower() for p in pair(r)) for r in recs}) == 1:
        recs = {min(recs, key=lambda r: (r.doc_id, r.start))}
    if len(recs) != 1:
        return spans, None
    r = recs.pop()
    parties = pair(r)
    if len(parties) == 2:
        # "It" names the item by its first party only: a follow-up often asks for the other one
        # ("Who's the Shenzhen partner there?"), which must not be written into the question.
        a, b = (_short_party(p) for p in parties)
        noun = "MOU" if r.kind == "mou" else "project"
        return spans, Referent(f"the {a} {noun}", f"{a} and {b}", (a, b))
    return spans, Referent(f"the {r.title}", r.title)


def _short_party(name: str) -> str:
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


def _meetings_known(idx: LoadedIndex) -> tuple[list[int], list[int]]:
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


def _filtered_out_name(ctx: _Ctx) -> tuple[str, list[str]] | None:
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


def _doc_label(idx: LoadedIndex, doc_id: str) -> str:
    d = idx.documents[doc_id]
    return d.label or d.title


# ---------------------------------------------------------------------------------------------
# Annex records: lists and counts of items


def _record_tokens(r: Record, idx: LoadedIndex) -> frozenset[str]:
    cache = idx.derived.setdefault("record_terms", {})
    key = (r.doc_id, r.start)
    if key not in cache:
        text = idx.documents[r.doc_id].text[r.start : r.end]
        # The annex heading too: "the Annex B list" names every item under it.
        cache[key] = term_set(f"{r.annex} {r.group or ''} {text}")
    return cache[key]


def _match_records(ctx: _Ctx) -> tuple[list[Record], list[Record], str | None] | None:
    """(matching records, records in scope, group name matched) or None when records don't apply."""
    idx, q = ctx.idx, ctx.q
    scope_docs = ctx.named or ctx.allowed
    recs = [r for r in _records(idx) if r.doc_id in scope_docs and r.doc_id in ctx.allowed]
    if q.scope:
        recs = [r for r in recs if r.kind == q.scope]
    if not recs:
        return None
    _, idf0 = _corpus_stats(idx)
    # Words the releases never use ("filed under") cannot pick records out; they are dropped.
    topic = tuple(t for t in q.topic if t not in GENERIC and term_known(t, idf0))
    if not topic:
        return recs, recs, None
    group_hits = [r for r in recs if r.group and all(_match(t, term_set(r.group)) for t in topic)]
    if group_hits:
        return group_hits, recs, group_hits[0].group
    units = _name_units(ctx)
    if units:
        # "Which projects involve the National University of Singapore?": the items naming it (in
        # full or by the short form the releases define, "NUS"), not those sharing a word with it.
        def names_all(r: Record) -> bool:
            toks = _record_tokens(r, idx)
            return all(any(_names(alt, toks, idf) for alt in unit) for unit in units)

        _, idf = _corpus_stats(idx)
        named = [r for r in recs if names_all(r)]
        in_names = set(tokenize(" ".join(_entities(q.text))))  # "Qianhai-based": "based" goes with the name
        rest = tuple(t for t in topic if t not in in_names and not any(t in alt for unit in units for alt in unit))
        if rest:
            # The other words count beside the names, each name as one word ("a Qianhai-based
            # counterparty": Qianhai is named, "counterparty" is the release's "partner").
            default_idf = max(idf.values(), default=1.0)
            named = [
                r
                for r in named
                if (len(units) + len(rest) * overlap(rest, _record_tokens(r, idx), idf, default_idf))
                / (len(units) + len(rest))
                >= 0.5
            ]
        return (sorted(named, key=lambda r: (r.doc_id, r.start)), recs, None) if named else None
    _, idf = _corpus_stats(idx)
    default_idf = max(idf.values(), default=1.0)
    scored = [(r, overlap(topic, _record_tokens(r, idx), idf, default_idf)) for r in recs]
    # An item that names the topic matches. When none does, the records do not answer: the
    # items merely closest in meaning were, on both question splits, more often wrong than right
    # (a paraphrase is then answered from the sentences that state it).
    matched = [r for r, lex in scored if lex >= 0.5]
    matched.sort(key=lambda r: (r.doc_id, r.start))
    return (matched, recs, None) if matched else None


def _names(name: frozenset[str], toks: frozenset[str], idf: dict[str, float]) -> bool:
    """Whether an item's terms hold a name: most of its words, and every distinctive one
    ("National University of Singapore" is not "… University of Hong Kong" in "China-Singapore …")."""
    return len(name & toks) / len(name) >= 0.6 and all(t in toks for t in name if idf.get(t, 0) >= 2.5)


def _name_units(ctx: _Ctx) -> list[tuple[frozenset[str], ...]]:
    """The names a question gives, each with its alternatives: its own terms, and the short form
    (or full name) the releases define for it. Names the corpus uses everywhere constrain nothing."""
    idx = ctx.idx
    al = aliases(idx)
    _, idf = _corpus_stats(idx)
    units = []
    for n in _entities(ctx.q.text):
        caps = " ".join(
            w
            for w in re.split(r"[\s-]+", n)
            if w[:1].isupper()  # "Qianhai-based" names Qianhai
            and w.lower().rstrip(".") not in MONTH_NUMBER
        )  # "December 2023" dates, not names
        nt = frozenset(t for t in tokenize(caps) if t in idf)
        if not nt or not any(idf.get(t, 0) >= 2.5 for t in nt):
            continue
        alts = [nt]
        for short, full in al.items():
            terms = frozenset(short.split())
            if terms == nt:
                alts.append(full)  # "NUS" is also "National University of Singapore"
            elif len(full & nt) / len(full) >= 0.8:
                alts.append(terms)
        units.append(tuple(alts))
    return units


# "Under which headings are the MOUs grouped?", "into how many categories are they sorted?":
# questions about the annex's own sub-headings, not about any item.
_GROUPING = re.compile(r"\b(?:headings?|categor(?:y|ies)|sections?|sub-?headings?)\b", re.I)


def _groups_answer(ctx: _Ctx) -> str | None:
    """The sub-headings an annex sorts its items under, per release, each with its item count and
    the heading quoted where it stands; items printed under no heading are said to be so."""
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
    docs = sorted(d for d in (ctx.named or ctx.allowed) if d in ctx.allowed)
    recs = [r for r in _records(idx) if r.doc_id in docs and (q.scope is None or r.kind == q.scope)]
    if not any(r.group for r in recs):
        return None
    lines = []
    for d in docs:
        mine = [r for r in recs if r.doc_id == d]
        if not any(r.group for r in mine):
            continue
        text = idx.documents[d].text
        counts: dict[str | None, int] = {}
        for r in mine:
            counts[r.group] = counts.get(r.group, 0) + 1
        named = [g for g in counts if g]
        parts = []
        for g in named:
            first = next(r for r in mine if r.group == g)
            at = text.rfind(g, 0, first.start)
            mark = f" [{cites.cite(d, at, at + len(g))}]" if at >= 0 else ""
            parts.append(f"{md_text(g)} ({counts[g]}){mark}")
        noun = {"mou": "MOUs", "project": "projects"}.get(mine[0].kind, "items")
        line = (
            f"{md_text(_doc_label(idx, d))}: {len(mine)} {noun} under {len(named)} "
            f"heading{'s' if len(named) != 1 else ''} — " + "; ".join(parts)
        )
        if counts.get(None):
            line += f"; {counts[None]} listed before any heading"
        lines.append(f"- {line}.")
    return "\n".join(lines) if lines else None


def _short_name(r: Record) -> str:
    if r.kind == "mou" and len(r.parties) == 2:
        return f"{r.parties[0]} and {r.parties[1]}"
    return r.title


def _record_answer(ctx: _Ctx, matched: list[Record], scope: list[Record], group: str | None) -> str:
    idx, cites = ctx.idx, ctx.cites
    lines: list[str] = []
    docs = sorted({r.doc_id for r in matched}, key=lambda d: idx.documents[d].date or "", reverse=True)
    intro_parts = []
    for d in docs:
        here = [r for r in matched if r.doc_id == d]
        total = [r for r in scope if r.doc_id == d]
        kinds = {r.kind for r in total}
        noun = "MOUs" if kinds == {"mou"} else "projects" if kinds == {"project"} else "annex items"
        verb = "signed" if kinds == {"mou"} else "launched" if kinds == {"project"} else "listed"
        where = f"at the {_doc_label(idx, d)}"
        if len(here) == len(total):
            head = f"**{len(here)} {noun}** were {verb} {where}"
        else:
            what = f"under “{md_text(group)}”" if group else "match"
            head = f"**{len(here)} of the {len(total)} {noun}** {verb} {where} {what}"
        names = []
        for r in here:
            n = cites.cite(r.doc_id, r.start, r.end)
            # "List the Singapore companies that signed": each item's party on that side.
            mine = _party_on_side(r.parties, ctx.q.side) if ctx.q.side and ctx.q.intent == "list" else None
            names.append(f"{inline(mine or _short_name(r))} [{n}]")
        intro_parts.append(f"{head}: " + "; ".join(names) + ".")
    lines.extend(intro_parts)
    lines.append("")
    for r in matched:
        n = cites.cite(r.doc_id, r.start, r.end)
        lines.append(f"- {quote_line(idx.documents[r.doc_id].text[r.start : r.end], n)[2:]}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Figures stated "to date", and comparisons between releases


def _plural(noun: str) -> str:
    """The counted noun as a figure reads it ("the project tally" → "29 projects")."""
    if noun.lower().endswith("s") or noun.lower() == "people" or not noun.isalpha() or noun.isupper():
        return noun
    return noun[:-1] + "ies" if re.search(r"[^aeiou]y$", noun) else noun + "s"


def _counted_word(text: str, end: int, noun: str) -> str:
    """The noun a bold figure counts: the question's ("how many projects" → "14 projects") or, when
    the release counts them with another word of the same kind ("how many people" → "420
    participants"), the release's word right after the figure."""
    after = text[end : end + 60]
    if re.search(rf"\b{re.escape(noun.lower().rstrip('s')[:5])}", after.lower()):
        return _plural(noun)
    m = re.match(r"\s+([a-z][a-z-]*s)\b", after)
    return m.group(1) if m else _plural(noun)


def _figure_in(c: Candidate, noun: str | None, running: bool = False) -> re.Match[str] | None:
    """The figure a sentence gives; with ``running``, the total it brings the count to ("the new
    projects bring the total to 71 projects": 71) when it says so."""
    if running:
        m = _TOTAL_TO.search(c.text)
        if m:
            after = NUMBER.search(c.text, m.end())
            if after and after.start() - m.end() <= 20:
                return after
    return number_near(c.text, noun) if noun else NUMBER.search(c.text)


def _compared_kind(q: Question) -> str | None:
    """What a comparison asks of each side: a person ("who … and who …"), a place ("where", "the
    same city") or a date ("when"); None for anything else."""
    if re.match(r"\s*who\b", q.text, re.I):
        return "person"
    if re.match(r"\s*where\b", q.text, re.I) or (q.focus is not None and q.focus.kind == "place"):
        return "place"
    if re.match(r"\s*when\b", q.text, re.I):
        return "date"
    same = re.search(r"\bsame\s+([a-z]+)", q.text, re.I)  # "were both held in the same city?"
    if same:
        noun = same.group(1).lower()
        if noun in ROLE_NOUNS:
            return "person"
        return next((k for k in ("place", "date", "person") if noun in KIND_NOUNS[k]), None)
    return None


def _running(c: Candidate) -> bool:
    return bool(_CUMULATIVE_SENT.search(c.text) or _TOTAL_TO.search(c.text))


# "… bringing the total to 71 projects", "which takes the total number of MOUs to 47": the figure after it
# is a running total even when the sentence also gives the meeting's own count before it.
_TOTAL_TO = re.compile(
    r"\b(?:brings?|bringing|raises?|raising|takes?|taking)\s+(?:the\s+|its\s+)?(?:\w+\s+){0,2}?total\b"
    r"(?:\s+(?:number\s+)?of\s+[\w-]+)?\s+to\b",
    re.I,
)


def _only_total(c: Candidate) -> bool:
    """ "The new projects bring the total to 71 projects": the sentence's only figure is a running
    total (not "launched 15 projects, bringing the total to 71")."""
    m = _TOTAL_TO.search(c.text)
    return bool(m) and not sp.NUMBER.search(c.text, 0, m.start())


def _one_row_per_meeting(ctx: _Ctx, rows: list[tuple[str, Candidate]]) -> list[tuple[str, Candidate]]:
    """One row per meeting: news coverage of a meeting on the day a release reports it ("the 7th
    Joint Committee meeting" beside "the 7th JIC meeting") is the same meeting, told by its release.
    The document the question's own name for the body matches is kept, else the first published."""
    idx, bodies = ctx.idx, [b.lower() for b in ctx.q.mentions.bodies]

    def rank(d: str) -> tuple:
        doc = idx.documents[d]
        named = any(b in (doc.event or "").lower() for b in bodies)
        return (not named, doc.published or doc.date or "9999", d)

    # A document that names no meeting, dated the day exactly one meeting is reported, covers it.
    by_day: dict[str, set] = {}
    for d, _ in rows:
        doc = idx.documents[d]
        if event_ordinal(doc) and doc.date:
            by_day.setdefault(doc.date, set()).add(event_ordinal(doc))
    kept: dict[tuple, tuple[str, Candidate]] = {}
    order = []
    for d, c in rows:
        doc = idx.documents[d]
        ordinal = event_ordinal(doc) or (next(iter(by_day[doc.date])) if len(by_day.get(doc.date, ())) == 1 else None)
        key = (ordinal, doc.date) if ordinal and doc.date else (d,)
        if key not in kept:
            order.append(key)
            kept[key] = (d, c)
        elif rank(d) < rank(kept[key][0]):
            kept[key] = (d, c)
    return [kept[k] for k in order]


def _figures_answer(ctx: _Ctx) -> str | None:
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
    if q.cumulative and not q.compare:
        docs = sorted(ctx.allowed)  # every release's total; a named one leads
    else:
        docs = sorted(d for d in (ctx.named or ctx.allowed) if d in ctx.allowed)
    rows = []

    def cumulative(c: Candidate) -> bool:
        return sentence_fact(idx, "cumulative", c.index, lambda: bool(_CUMULATIVE_SENT.search(c.text)))

    for d in docs:
        cands = rank_sentences(idx, q, ctx.qv, ctx.hits, docs={d}, named_docs=ctx.named)
        if q.intent == "count":
            if q.cumulative:
                cands = [c for c in cands if _running(c)] or cands
            else:
                cands = [c for c in cands if not cumulative(c) and not _only_total(c)] or cands
            if q.cumulative:  # the figure a running total is brought to counts too
                cands = [c for c in cands if _figure_in(c, q.count_noun, True)]
            else:
                cands = [c for c in cands if has_number(idx, c, q.count_noun)]
        if cands:
            rows.append((d, cands[0]))
    if not rows:
        return None
    rows = _one_row_per_meeting(ctx, rows)
    asked = _compared_kind(q) if q.intent != "count" else None
    typed_rows: dict[str, list[sp.Span]] = {}
    if asked:
        # "Who chaired at the 4th meeting, and who at the 7th?", "were they held in the same city?":
        # each side's own person or place, from the first of its sentences that names one.
        side_ctx = dataclasses.replace(ctx, q=dataclasses.replace(q, expected=asked))
        for i, (d, _) in enumerate(rows):
            for c in rank_sentences(idx, q, ctx.qv, ctx.hits, docs={d}, named_docs=ctx.named)[:6]:
                got = _lead_spans(side_ctx, c)
                if got:
                    rows[i], typed_rows[d] = (d, c), got
                    break
    rows.sort(key=lambda x: idx.documents[x[0]].date or "", reverse=True)
    if ctx.named and not q.compare and q.cumulative:
        # A date or meeting was named: lead with its figure, then the others.
        rows.sort(key=lambda x: (x[0] not in ctx.named, -(int((idx.documents[x[0]].date or "0").replace("-", "")))))
    parts = []
    table = ["", f"| Release | Date | {'Figure' if q.intent == 'count' else 'Passage'} | Source |", "|---|---|---|---|"]
    for d, c in rows:
        doc = idx.documents[d]
        n = cites.cite(d, c.sentence.start, c.sentence.end, c.score)
        fig = _figure_in(c, q.count_noun, q.cumulative) if q.intent == "count" else None
        if fig:
            noun = f" {md_text(_plural(q.count_noun))}" if q.count_noun else ""
            if _CUMULATIVE_SENT.search(c.text) or (q.cumulative and _TOTAL_TO.search(c.text)):
                when = f"as of {doc.date or 'an undated release'} ({md_text(doc.label or doc.title)})"
            else:
                when = f"at the {md_text(doc.label or doc.title)}"
            parts.append((d, f"**{md_text(fig.group(0))}**{noun} {when} [{n}]", fig.group(0)))
            table.append(f"| {md_text(doc.label or doc.title)} | {doc.date or '—'} | {md_text(fig.group(0))} | [{n}] |")
        elif d in typed_rows:
            text = idx.documents[d].text
            bold = " and ".join(f"**{md_text(text[x.start : x.end])}**" for x in typed_rows[d])
            parts.append((d, f"{bold} at the {md_text(doc.label or doc.title)} [{n}]", None))
            table.append(f"| {md_text(doc.label or doc.title)} | {doc.date or '—'} | {inline(c.text)[:160]} | [{n}] |")
        else:
            parts.append((d, f"{md_text(doc.label or doc.title)}: {quoted(c.text)} [{n}]", None))
            table.append(f"| {md_text(doc.label or doc.title)} | {doc.date or '—'} | {inline(c.text)[:160]} | [{n}] |")
    first = parts[0][1]
    if len(parts) > 1:
        rest = "; ".join(p for _, p, _ in parts[1:])
        a, b = as_int(parts[0][2] or ""), as_int(parts[1][2] or "")
        newer_first = (idx.documents[rows[0][0]].date or "") >= (idx.documents[rows[1][0]].date or "")
        if a is not None and b is not None and newer_first:
            word = "up from" if a > b else "down from" if a < b else "the same as"
            lead = f"{first}, {word} {rest}."
        else:
            lead = f"{first}. Also: {rest}."
    else:
        lead = first + "."
    lines = [lead]
    if len(parts) > 1:
        lines.extend(table)
    for d, c in rows:
        n = cites.cite(d, c.sentence.start, c.sentence.end)
        lines.append("")
        lines.append(quote_line(c.text, n))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Two things side by side

# "X compared with Y", "X versus Y", "X differ from Y", "between X and Y": the two sides.
_SIDES = re.compile(
    r"^(?P<a>.+?)\s*,?\s+(?:compared (?:with|to)|versus|vs\.?|as opposed to|"
    r"differ(?:s|ed)?\s+from|contrasted with)\s+(?P<b>.+?)[?.!]*$",
    re.I,
)
_BETWEEN = re.compile(r"\bbetween\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)[?.!]*$", re.I)


def compare_sides(text: str) -> tuple[str, str] | None:
    """The two things a comparison sets side by side, as the question words them.

    >>> compare_sides("What type of document did A and B sign, compared with C and D?")
    ('What type of document did A and B sign', 'C and D')
    """
    m = _SIDES.match(text.strip()) or _BETWEEN.search(text.strip())
    return (m.group("a").strip(" ,"), m.group("b").strip(" ,")) if m else None


def _compare_answer(ctx: _Ctx) -> str | None:
    """Each side's best sentence, found with that side's own words and release: "Keppel's and
    CapitaLand's MOUs" quotes Keppel's row and CapitaLand's row, "2022 versus 2023" each release."""
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
    sides = compare_sides(q.text)
    if not sides:
        return None
    sets, idf = _corpus_stats(idx)
    default_idf = max(idf.values(), default=1.0)
    # A side's own words, without the years and meetings that pick its release.
    topic = set(q.topic) - GENERIC - set(tokenize(" ".join(DETERMINERS)))  # "his remarks": not a side's word
    words = [tuple(t for t in tokenize(_MENTION_WORDS.sub(" ", x)) if t in topic) for x in sides]
    # Words the releases never use ("EV" where they write "electric vehicles") cannot pick a side.
    topic = {t for t in topic if term_known(t, idf)}
    words = [tuple(t for t in w if t in topic) for w in words]
    own = [tuple(t for t in words[0] if t not in words[1]), tuple(t for t in words[1] if t not in words[0])]
    rest = tuple(t for t in topic if t not in own[0] and t not in own[1])
    mentions = [parse_mentions(x) for x in sides]
    docs_of = []
    for m in mentions:
        if not m.any:
            m = next((o for o in mentions if o.any), m)  # "Keppel's and CapitaLand's 2023 MOUs"
        picked = (
            {d.doc_id for d in matching_documents(m, (idx.documents[x] for x in sorted(ctx.allowed)))}
            if m.any
            else set(ctx.allowed)
        )
        docs_of.append(picked)
    picks = []
    for k in (0, 1):
        terms = own[k] + rest
        if not own[k]:
            if docs_of[k] == docs_of[1 - k]:
                return None  # nothing tells this side from the other
            terms = own[1 - k] + rest  # "Leong's remarks in 2022 … his remarks in 2023": parallel sides
        if not docs_of[k]:
            return None
        cands = rank_sentences(idx, q, ctx.qv, ctx.hits, docs=docs_of[k], named_docs=ctx.named)
        if _QUOTE_Q.search(q.text):
            # "How did X's remarks in 2022 differ from 2023?": each side is what X said, so only
            # quotations of X count (a sentence naming X as co-chair is not a remark), and neither
            # X's name nor "remarks" is a word the quotation itself must hold.
            cands = [c for c in cands[:60] if _quotes_speaker(ctx, c.sentence.doc_id, c.sentence.start, c.sentence.end)]
            speaker = set(tokenize(" ".join(_entities(q.text) + _QUOTE_Q.findall(q.text))))
            terms = tuple(t for t in terms if t not in speaker)
        if terms:
            scored = [
                (c.score + overlap(terms, sets[c.index], idf, default_idf), c)
                for c in cands[:60]
                if overlap(terms, sets[c.index], idf, default_idf) >= 0.5
            ]
        else:
            scored = [(c.score, c) for c in cands[:60]]
        if not scored:
            return None
        picks.append(max(scored, key=lambda x: (x[0], -x[1].index))[1])
    if picks[0].index == picks[1].index:
        return None
    lines = []
    for side, m, c in zip(sides, mentions, picks):
        n = cites.cite(c.sentence.doc_id, c.sentence.start, c.sentence.end, c.score)
        label = _doc_label(idx, c.sentence.doc_id)
        known = [e for e in _entities(side) if any(term_known(t, idf) for t in tokenize(e))]  # not "EV"
        names = ", ".join(known) or md_text(side)
        head = f"*{md_text(names)}* ({md_text(label)})" if not m.any or known else f"*{md_text(label)}*"
        line = f"- {head}: {quoted(c.text)} [{n}]"
        cell = _description_cell(idx, c)
        if cell:  # a title cell names the parties; the description cell says what they agreed
            text = idx.documents[c.sentence.doc_id].text
            line += f" {quoted(text[cell[0] : cell[1]])} [{cites.cite(c.sentence.doc_id, *cell)}]"
        lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# A fact from one sentence


def _description_cell(idx: LoadedIndex, c: Candidate) -> tuple[int, int] | None:
    """When ``c`` is a record's title cell (the parties), the record's description cell."""
    rec = _record_of(idx, c.sentence.doc_id, c.sentence.start)
    if rec is None or c.sentence.end > rec.title_end + 1 or rec.end <= rec.title_end + 12:
        return None
    body = idx.documents[rec.doc_id].text[rec.title_end : rec.end]
    return rec.title_end + len(body) - len(body.lstrip()), rec.end


def _names_only(idx: LoadedIndex, r: Record, c: Candidate) -> bool:
    """Whether sentence ``c`` of record ``r`` says no more than who its parties are ("Memorandum of
    Understanding between A and B"), as against a title that also states a subject ("… Concerning
    Cooperation in Paperless Trade")."""
    rest = c.text
    for p in r.parties:
        rest = rest.replace(p, " ")
    # The words most titles of its annex share ("Memorandum of Understanding between") say
    # nothing of this item.
    titles = [set(tokenize(x.title)) for x in _records(idx) if x.doc_id == r.doc_id and x.annex == r.annex]
    shared = {t for t in set().union(*titles) if sum(t in x for x in titles) >= max(2, len(titles) / 2)}
    return len([t for t in tokenize(rest) if t not in shared and len(t) > 2]) <= 1


def _record_of(idx: LoadedIndex, doc_id: str, offset: int) -> Record | None:
    for r in _records(idx):
        if r.doc_id == doc_id and r.start <= offset < r.end:
            return r
    return None


def _sentence_record(ctx: _Ctx, c: Candidate) -> Record | None:
    """The record a sentence belongs to: the annex row it lies in or, when the sentence lists several
    ("They include an MOU between A and B on …; an MOU between C and D on …"), the one the question
    is about (most of its rarer words, or a party it names); None when no one stands out."""
    idx, d, a, b = ctx.idx, c.sentence.doc_id, c.sentence.start, c.sentence.end
    rec = _record_of(idx, d, a)
    if rec is not None:
        return rec
    inside = [r for r in _records(idx) if r.doc_id == d and a <= r.start and r.end <= b]
    if len(inside) < 2:
        return inside[0] if inside else None
    _, idf = _corpus_stats(idx)
    dflt = max(idf.values(), default=1.0)
    words = tuple(t for t in ctx.q.topic if t not in GENERIC)
    scored = sorted(
        ((overlap(words, _record_tokens(r, idx), idf, dflt), i) for i, r in enumerate(inside)), reverse=True
    )
    if not words or scored[0][0] <= 0 or scored[0][0] == scored[1][0]:
        return None
    return inside[scored[0][1]]


def _in_question(q: Question, text: str) -> bool:
    """Whether the question already names ``text`` (half or more of its words, at least one)."""
    words = set(tokenize(text))
    shared = len(words & set(q.terms))
    return bool(words) and shared >= max(1, (len(words) + 1) // 2)


def _party_spans(ctx: _Ctx, r: Record) -> list[sp.Span]:
    """The parties of an annex record the question does not already name, as spans of its title."""
    text = ctx.idx.documents[r.doc_id].text
    out = []
    for p in r.parties:
        a = text.find(p, r.title_start, r.title_end)
        if a < 0:
            a = text.find(p, r.title_end, r.end)  # a parties cell of its own
        if a >= 0 and not _in_question(ctx.q, p):
            out.append(sp.Span(r.doc_id, a, a + len(p), "org"))
    return out


# "How many of them are from Singapore?", "how many of the start-ups come from Shenzhen": a part of a whole.
_PART_FROM = re.compile(r"\bhow many of\b.*?\b(?:are|were|come|came|is)\s+(?:from|in|based in)\s+([A-Z][\w-]+)", re.I)
_WHICH_MEETING = re.compile(
    r"\b(?i:which|what)\s+(?:[A-Z][\w-]*\s+){0,4}(?i:meeting|session|forum|summit|conference|dialogue)\b"
)
_DAY_ASKED = re.compile(r"\b(?:exact|precise|specific|actual)\s+(?:date|day)\b|\b(?:what|which)\s+day\b", re.I)
_DAY_OF_MONTH = re.compile(r"(?<![\d-])(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b(?![,.]?\d)")

# A role held jointly ("co-chaired", "the co-hosts"): each side holds it.
_JOINT_ROLE = re.compile(r"\bco-?chair\w*|\bco-[a-z]+", re.I)


def _lead_spans(ctx: _Ctx, c: Candidate) -> list[sp.Span]:
    """Spans of the sentence (or its annex record) of the type the question asks for, role-checked."""
    idx, q = ctx.idx, ctx.q
    d, a, b = c.sentence.doc_id, c.sentence.start, c.sentence.end
    text = idx.documents[d].text
    want = q.expected
    if want == "number":
        part = _PART_FROM.search(q.text)
        if part:
            # "How many of the start-ups are from Singapore?": the number said to come from there
            # ("Twenty-five start-ups, 13 from Singapore and 12 from Shenzhen"), not the whole.
            where = re.escape(part.group(1))
            for m in re.finditer(
                rf"({NUMBER.pattern})\s+(?:[\w-]+\s+){{0,2}}?(?:from|in|of)\s+{where}\b", text[a:b], re.I
            ):
                return [sp.Span(d, a + m.start(1), a + m.end(1), "number")]
        if q.count_noun:
            hit = sp.count_of(idx, d, a, b, q.count_noun)
            return [hit] if hit else []
        m = NUMBER.search(text, a, b)
        return [sp.Span(d, m.start(), m.end(), "number")] if m else []
    if want == "amount":
        return sp.amounts(idx, d, a, b)[:1]
    if want == "quote":
        return [sp.Span(d, a, b, "quote")] if _quotes_speaker(ctx, d, a, b) else []
    if want == "record":
        rec = _sentence_record(ctx, c)
        return [sp.Span(d, rec.title_start, rec.title_end, "record")] if rec is not None else []
    if want == "date":
        found = [s for s in sp.dates(idx, d, a, b) if not _in_question(q, text[s.start : s.end])]
        if _DAY_ASKED.search(q.text):
            # "On what exact date …", "which day …": a year or a month does not say.
            found = [s for s in found if _DAY_OF_MONTH.search(text[s.start : s.end])]
        if q.future:
            # "When will …": a date before the release itself cannot be when something will happen.
            issued = idx.documents[d].date or ""
            found = [s for s in found if (sp.iso_date(text[s.start : s.end]) or "9999") >= issued]
        return found[:1]
    if want == "place":
        found = [s for s in sp.places(idx, d, a, b) if not _in_question(q, text[s.start : s.end])]
        if not found and c.overlap >= 0.6:  # a sentence squarely about the question may name it otherwise
            found = [s for s in sp.places(idx, d, a, b, loose=True) if not _in_question(q, text[s.start : s.end])]
        return found[:1]
    if want in ("person", "org"):
        rec = _sentence_record(ctx, c)
        if rec is not None and a < rec.start and rec.end <= b:
            a, b = rec.start, rec.end  # a sentence listing several items: the one asked about
        if want == "person":
            if q.side:
                mine, phrase = sp.person_for_side(idx, d, a, b, q.side)
                # "A representative from the Chinese government" answers who co-chaired for China,
                # not who was mayor: the role asked must be the sentence's own word.
                roles = [w for w in re.findall(r"[a-z][a-z-]*", q.text.lower()) if w in ROLE_NOUNS]
                role_said = not roles or any(
                    re.search(rf"\b{re.escape(w.rstrip('s')[:5])}", text[a:b], re.I) for w in roles
                )
                return mine or ([phrase] if phrase and not q.name_asked and role_said else [])
            people = [s for s in sp.people(idx, d, a, b) if not _in_question(q, text[s.start : s.end])]
            if not people:
                # "Who said …", "whose words …": inside a quotation, its speaker is named where it
                # opens ("Mr Leong said, “… Despite challenges of the pandemic …").
                people = [s for s in _speaker(ctx, d, a, b) if not _in_question(q, text[s.start : s.end])]
            if people and q.role:
                # "Who is the Mayor of Shenzhen?": the person named right after the role asked about.
                role_terms = [t for t in q.topic if t in _ROLES]
                if role_terms:
                    # The role stands before the name ("Mayor Mr Qin") or in an apposition after
                    # it ("Mr Ivan Teo, chief executive of Skyward Couriers, said").
                    def holds(s: sp.Span) -> bool:
                        before = term_set(text[max(a, s.start - 70) : s.start])
                        after = re.match(r",\s*([^,.;:()“”\"]{3,70})", text[s.end : b])
                        apposed = term_set(after.group(1)) if after else frozenset()
                        return all(_match(t, before) for t in role_terms) or all(_match(t, apposed) for t in role_terms)

                    people = [s for s in people if holds(s)]
            if people and _JOINT_ROLE.search(q.text):
                # "Who co-chaired?": every side's co-chair, a side the sentence names no person for
                # by the words it uses ("a representative from the Chinese government").
                for side in SIDE_WORDS:
                    mine, phrase = sp.person_for_side(idx, d, a, b, side)
                    if not mine and phrase is not None and all(phrase.start != p.start for p in people):
                        people = sorted([*people, phrase], key=lambda x: x.start)
            if people or q.role or q.name_asked:
                return people
        if rec is not None:
            parties = _party_spans(ctx, rec)
            if parties:
                return parties
        if want == "org":
            return [s for s in sp.tagged(idx, d, a, b, ("org",)) if not _in_question(q, text[s.start : s.end])][:2]
        return []
    return []


def _dateline(idx: LoadedIndex, doc_id: str) -> tuple[int, int] | None:
    """The sentence carrying a release's own date."""
    from ..chunking import split_sentences

    doc = idx.documents[doc_id]
    for a, b in split_sentences(doc.text, 0, min(len(doc.text), 4000)):
        if DATE.search(doc.text[a:b]) and re.search(r"\b[A-Z]{3,}\b", doc.text[a:b]):
            return a, b
    return None


def _records_naming(ctx: _Ctx, min_names: int = 2) -> list[Record]:
    """Annex records that name every organisation the question names (at least ``min_names``)."""
    names = [p for n in _entities(ctx.q.text) for p in re.split(r"\s+and\s+", n) if p]
    _, idf = _corpus_stats(ctx.idx)
    names = [n for n in names if any(idf.get(t, 0) >= 2.5 for t in tokenize(n))]
    if len(names) < min_names:
        return []
    name_terms = [set(tokenize(n)) for n in names]
    out = []
    for r in _records(ctx.idx):
        if r.doc_id not in ctx.allowed or (ctx.named and r.doc_id not in ctx.named):
            continue
        toks = _record_tokens(r, ctx.idx)
        # Each name must be mostly there ("NUS Business School" ~ "… Singapore Business School"),
        # so a shared common word ("Energy", "Shenzhen") does not make a match.
        if all(nt and len(nt & toks) / len(nt) >= 0.6 for nt in name_terms):
            out.append(r)
    return out


_KIND_OF = re.compile(r"\b(?:what|which)\s+(?:type|kind|sort|form)s?\s+of\b", re.I)


def _title_states_focus(q: Question, title: str, description: str) -> bool:
    """Whether a record's title cell answers rather than its description: the description never
    states the question's focus, and the title does or the question asks what type of thing was
    agreed (the title says: "Memorandum of Intent", "… on Comprehensive Strategic Cooperation")."""
    if q.focus is None or q.focus.kind:
        return False
    head = set(tokenize(q.focus.head))
    if not head or head <= set(tokenize(description)):
        return False
    return bool(_KIND_OF.search(q.text)) or head <= set(tokenize(title))


def _record_fact_answer(ctx: _Ctx, recs: list[Record]) -> str:
    """A question about what named partners agreed/will do: quote their annex record(s)."""
    idx, q, cites = ctx.idx, ctx.q, ctx.cites

    def sem(r: Record) -> float:
        rows = [j for j in rows_by_doc(idx, "sentences").get(r.doc_id, ()) if r.start <= idx.sentences[j].start < r.end]
        return max((float(idx.sentence_vectors[j] @ ctx.qv) for j in rows), default=0.0)

    # "What will the X joint project promote?": the project's own record before the MOU the same
    # partners signed, when both exist.
    ranked = sorted(recs, key=lambda r: (q.scope is not None and r.kind != q.scope, -sem(r)))[:2]
    lines = []
    for r in ranked:
        text = idx.documents[r.doc_id].text
        body = text[r.start : r.end]
        # A table row: the description cell says what was agreed; the title cell names the parties.
        a = r.title_end + 1 if "\n" in body else r.start
        label = f"{r.label}: *{inline(_short_name(r))}* ({md_text(_doc_label(idx, r.doc_id))})"
        if a > r.start and _title_states_focus(q, text[r.start : a], text[a : r.end]):
            # "What kind of cooperation …": the title cell names it ("… Strategic Cooperation"),
            # so it is quoted first, as its own cell, then what the description adds.
            t = cites.cite(r.doc_id, r.start, a - 1)
            lines += [f"{quoted(text[r.start : a - 1])} [{t}]", ""]
        n = cites.cite(r.doc_id, a, r.end)
        if q.expected == "org" or (q.focus is not None and q.focus.kind == "org"):
            # "Which entity signed …": the parties answer, so the item comes before what it will do.
            lines += [f"{label} [{n}]", "", quote_line(text[a : r.end], n), ""]
        else:
            lines += [f"{quoted(text[a : r.end])} [{n}] — {label}", ""]
    return "\n".join(lines).strip()


def _meeting_date(ctx: _Ctx, c: Candidate) -> Proposal | None:
    """ "When was the meeting?": a release reports its meeting "today", so its dateline dates it."""
    idx, q = ctx.idx, ctx.q
    if q.future or not (
        q.mentions.meetings
        or re.search(
            r"\b(meeting|jic|committee|release|announce\w*|held|convened|"
            r"issued|published)\b",
            q.text,
            re.I,
        )
    ):
        return None
    doc_id = min(ctx.named) if ctx.named else c.sentence.doc_id
    span = _dateline(idx, doc_id)
    if not span:
        return None
    doc = idx.documents[doc_id]
    m = DATE.search(doc.text, span[0], span[1])
    if not m:
        return None
    n = ctx.cites.cite(doc_id, *span)
    return Proposal(
        "sentence",
        f"**{md_text(m.group(0))}** ({md_text(_doc_label(idx, doc_id))}) [{n}]\n\n"
        f"{quote_line(doc.text[span[0] : span[1]], n)}",
        True,
    )


# A sentence that enumerates: "include A, B and C", "such as A and B", "A, B, C and D".
_ENUMERATES = re.compile(
    r"\b(?:include|includes|including|such as|namely)\b[^.]*(?:,|\band\b)|(?:[^,.]+,){2,}[^,.]*\band\b"
)


def _closing_phrase(question: str) -> re.Pattern[str] | None:
    """The question's closing verb ("… was the committee *set up*?", "… was it *founded*?", "… did
    the forum *launch*?") as a pattern for the release's wording of it ("was set up", "sets up",
    "founding", "launched"); None when the question does not end in a lowercase word."""
    words = re.findall(r"[A-Za-z][\w'-]*", question)
    if len(words) < 3 or not words[-1].islower() or not question.rstrip(" ?.!").endswith(words[-1]):
        return None
    phrase = words[-2:] if words[-1] in _PARTICLES else words[-1:]
    before = words[-len(phrase) - 1].lower()
    if before in _NOUN_BEFORE or before in PREPOSITIONS:
        return None  # "… at the border", "… that year": a noun closes the question, not a verb
    if not any(w.lower() in AUXILIARIES for w in words[: -len(phrase)]):
        return None  # "nus business school partner": no verb phrase to close
    if any(w in DETERMINERS or w in AUXILIARIES or not w.islower() for w in phrase) or len(phrase[0]) < 3:
        return None
    stems = [re.escape(re.sub(r"(?:ed|es|e|s|ing)$", "", w) if len(w) > 4 else w) for w in phrase]
    return re.compile(r"\b" + r"\w*\s+".join(stems) + r"\w*\b", re.I)


_VERB_WINDOW = 0.1  # how much closer another sentence may be and still give way to one using the verb
# Words after which the closing word is a noun ("the border", "that year", "its partner").
_NOUN_BEFORE = frozenset("the a an this that these those each every any some its their his her our my your".split())
_PARTICLES = frozenset("up out off in on down over back away".split())


def _sentence_answer(ctx: _Ctx, cands: list[Candidate]) -> Proposal:
    """The best sentence, with a span of the asked type in bold when the question asks for one."""
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
    if q.intent == "count" and not q.cumulative:
        cands = sorted(cands, key=lambda c: (bool(_CUMULATIVE_SENT.search(c.text)), -c.score))
    if _DEFINE.search(q.text):
        # "What is X?", "What kind of organisation is X?": a sentence that defines X ("X is a …",
        # "X, a leading …") answers before one that merely mentions it.
        names = [n for n in _entities(q.text) if len(n) > 2]

        def defines(c: Candidate) -> bool:
            return any(
                re.search(
                    rf"\b{re.escape(n)}\b(?:\s*\([^)]*\))?(?:,\s*(?:a|an|the)\b|\s+(?:is|are|was)\s+(?:a|an|the)\b)",
                    c.text,
                    re.I,
                )
                for n in names
            )

        close = [c for c in cands[:8] if c.score >= cands[0].score - 0.25]
        cands = sorted(close, key=lambda c: not defines(c)) + cands[len(close) :]
    if q.intent == "list" and q.focus is not None:
        # "Which notable projects were launched?" with no annex to list from: a sentence that
        # enumerates the things asked for ("Notable projects include A, B, and C") answers before
        # a headline that only counts them.
        head = re.escape(q.focus.head.lower().rstrip("s")[:5])
        close = [c for c in cands[:8] if c.score >= cands[0].score - 0.15]
        close.sort(key=lambda c: not (re.search(rf"\b{head}", c.text, re.I) and _ENUMERATES.search(c.text)))
        cands = close + [c for c in cands if c not in close]
    event = _closing_phrase(q.text) if q.intent == "what" and q.expected not in _TYPED else None
    if event:
        # "What did the forum launch?": a sentence as close that uses the question's verb ("The
        # forum also launched …") before one that only speaks of the forum.
        close = [c for c in cands[:6] if c.score >= cands[0].score - _VERB_WINDOW]
        close.sort(key=lambda c: not event.search(c.text))
        cands = close + [c for c in cands if c not in close]
    best = cands[0]
    typed = q.expected in _TYPED
    lead: list[sp.Span] = []
    names = _question_names(ctx)
    if q.expected == "quote":
        # Only a quotation of the person asked about answers: those first, whatever their rank.
        quoted = [c for c in cands[:40] if _quotes_speaker(ctx, c.sentence.doc_id, c.sentence.start, c.sentence.end)]
        # "What did X say about the past three years?": among X's words, those about that first.
        sets, idf = _corpus_stats(idx)
        # Any word the releases use counts here ("open" in "what did he say the SCI would stay open
        # to"): the speaker's own sentences are compared with one another, not with the corpus.
        closed = set(tokenize(" ".join(DETERMINERS | AUXILIARIES | PREPOSITIONS)))
        named = set(tokenize(" ".join(_entities(q.text))))
        about = tuple(t for t in q.topic if t not in named and t not in closed and term_known(t, idf))
        if about and quoted:
            dflt = max(idf.values(), default=1.0)
            quoted.sort(key=lambda c: (-round(overlap(about, sets[c.index], idf, dflt), 1), -c.score))
        if quoted:
            cands = quoted + [c for c in cands if c not in quoted]
            best = cands[0]
    if typed:
        sets, idf = _corpus_stats(idx)
        topic = tuple(t for t in q.topic if t not in GENERIC) or q.topic
        event = _closing_phrase(q.text) if q.expected == "date" else None
        if event:
            # "When was the committee set up?": the date of the event the question's closing words
            # name ("was set up in 2023"), before a date of something else in a sentence about the
            # same subject ("sets out its 2025 work plan").
            close = [c for c in cands[:6] if c.score >= best.score - 0.25]
            dated = [
                c
                for c in close
                if event.search(c.text) and sp.dates(idx, c.sentence.doc_id, c.sentence.start, c.sentence.end)
            ]
            cands = dated + [c for c in cands if c not in dated]
            best = cands[0]

        def about(c: Candidate) -> float:  # coverage of what the question is about (not which release)
            if not topic:
                return 1.0
            terms = sets[c.index]
            rec = _record_of(idx, c.sentence.doc_id, c.sentence.start)
            if rec is not None:  # a description cell speaks of the parties its row names
                terms = terms | _record_tokens(rec, idx)
            return overlap(topic, terms, idf, max(idf.values(), default=1.0))

        best_about = about(best)
        # A sentence as close that covers much more of the question ("It is co-led by A and B" for
        # "which agencies co-lead the BCWC", against "The BCWC was set up under the SCI") is tried
        # first: the span of the asked type comes from what the question is about.
        fuller = [c for c in cands[1:6] if c.score >= best.score - 0.1 and about(c) >= best_about + 0.3]
        order = fuller[:1] + [c for c in cands[:6] if c not in fuller[:1]]
        for c in order:
            if c.score < best.score - 0.25:
                break
            if c is not best and about(c) < best_about - 0.15:
                continue  # a lower sentence may supply the span only if it covers the question as well
            if names and q.expected != "quote" and _names_in(ctx, c, names) < 0.5:
                # A person or date from a sentence about someone else is not the answer. (A quote
                # continues past the sentence naming its speaker; _quotes_speaker checked who.)
                continue
            if (
                q.expected in ("place", "date")
                and EVENT_WORDS.search(q.text)
                and not EVENT_WORDS.search(c.text)
                and not names  # a sentence about a named body passed the name check above
            ):
                continue  # where/when a meeting was held: only a sentence about the meeting says
            found = _lead_spans(ctx, c)
            if found:
                best, lead = c, found
                break
        if not lead and q.expected == "date":
            dated = _meeting_date(ctx, best)
            if dated:
                return dated
    if q.expands:
        # "What does JIC stand for?": the words the release spells it out with, in bold.
        for c in cands[:5]:
            got = spelled_out(idx.documents[c.sentence.doc_id].text, q.expands, c.sentence.start, c.sentence.end)
            if got:
                best, lead = c, [sp.Span(c.sentence.doc_id, got[0], got[1], "expansion")]
                break
    said = parse_mentions(best.text).meetings
    own = event_ordinal(idx.documents[best.sentence.doc_id])
    if not lead and _WHICH_MEETING.search(q.text) and (not said or list(said) == [own]):
        # "Which meeting was held at the Pasir Panjang Innovation Hall?": the sentence says "the
        # meeting" (or names the release's own meeting deep in a long sentence); the release names
        # which one where it reports it, and that is cited.
        span = idx.documents[best.sentence.doc_id].event_span
        if span:
            lead = [sp.Span(best.sentence.doc_id, span[0], span[1], "event")]
    if lead and q.expected in ("org", "place", "record") and checkable(q.focus):
        lead = _focus_spans(ctx, best, lead)
    if q.expected == "person":
        # "Who said …": "Mr Leong" said it; the release named him "Mr Joseph Leong" first.
        lead = [sp.fullest_name(idx, s) if s.type == "person" else s for s in lead]
    quote_end = best.sentence.end
    if q.expected == "quote" and lead and lead[0].type == "quote":
        quote_end = _quotation_end(idx, best)  # "What did X say?": the whole quotation
    n = cites.cite(best.sentence.doc_id, best.sentence.start, quote_end, best.score)
    lines = []
    if lead and lead[0].type == "quote":
        lead = []  # the quote itself is the answer: nothing to put in bold
        typed_found = True
    elif q.expected == "record" and not lead:
        typed, typed_found = False, None  # prose, not an annex item: judged as a description
    else:
        typed_found = bool(lead)
    if lead:
        for s in lead:  # a party named in an annex title: cite the title cell it is quoted from
            if not (best.sentence.start <= s.start and s.end <= best.sentence.end):
                rec = _record_of(idx, s.doc_id, s.start)
                if rec is not None:
                    cites.cite(rec.doc_id, rec.title_start, rec.title_end)
        text = idx.documents[best.sentence.doc_id].text
        bold = " and ".join(f"**{md_text(text[s.start : s.end])}**" for s in lead)
        where = _doc_label(idx, best.sentence.doc_id)
        noun = ""
        if q.expected == "number" and q.count_noun:
            noun = f" {md_text(_counted_word(text, lead[-1].end, q.count_noun))}"
        marks = sorted({cites.cite(s.doc_id, *_quote_bounds(ctx, best, s)) for s in lead} | {n})
        lines.append(f"{bold}{noun} ({md_text(where)}) " + "".join(f"[{m}]" for m in marks))
        lines.append("")
    lines.append(quote_line(idx.documents[best.sentence.doc_id].text[best.sentence.start : quote_end], n))
    item = _record_of(idx, best.sentence.doc_id, best.sentence.start)
    if item is not None and not any(_short_party(p).lower() in best.text.lower() for p in item.parties):
        # "It aims to address …": a sentence inside an annex item that names none of its parties
        # is labelled with the item it belongs to.
        lines += ["", f"— {item.label}: *{inline(_short_name(item))}*"]
    for s in lead:
        if not (best.sentence.start <= s.start and s.end <= best.sentence.end):
            a, b = _quote_bounds(ctx, best, s)
            lines.append("")
            lines.append(quote_line(idx.documents[s.doc_id].text[a:b], cites.cite(s.doc_id, a, b)))
            break
    # A record's title cell names the parties; what they will do is in its description cell,
    # which is quoted next (a cell of its own) when the question asks what, not who.
    cell = _description_cell(idx, best) if not typed else None
    if cell:
        text = idx.documents[best.sentence.doc_id].text
        quoted = [quote_line(text[cell[0] : cell[1]], cites.cite(best.sentence.doc_id, *cell)), ""]
        rec = _record_of(idx, best.sentence.doc_id, best.sentence.start)
        if (
            not lead
            and rec is not None
            and any(_in_question(q, _short_party(p)) for p in rec.parties)
            and _names_only(idx, rec, best)
        ):
            # The title cell only names the parties, and the question already names them ("what are
            # NUS and CIMC building"): what they will do leads, the title follows.
            lines[0:0] = quoted
        else:
            lines += [""] + quoted[:1]
    # A second sentence when it adds to the first (same topic, another place in the text).
    if not typed:
        for c in cands[1:4]:
            if c.score >= best.score - 0.08 and c.sentence.start != best.sentence.start:
                same_record = cell is not None and cell[0] <= c.sentence.start < cell[1]
                if c.text in best.text or best.text in c.text or same_record:
                    continue
                m = cites.cite(c.sentence.doc_id, c.sentence.start, c.sentence.end, c.score)
                lines.append("")
                lines.append(quote_line(c.text, m))
                break
    return Proposal("sentence", "\n".join(lines), typed_found if typed else None)


def _quotation_end(idx: LoadedIndex, best: Candidate, limit: int = 900) -> int:
    """Where the quotation the sentence belongs to closes (after its ”), when it runs on past the
    sentence ("Mr Leong said, “… Shenzhen. Despite challenges … exchanges.”"); else the sentence's
    end. A quotation longer than ``limit`` characters from the sentence is cut at the sentence."""
    text = idx.documents[best.sentence.doc_id].text
    a, b = best.sentence.start, best.sentence.end
    opening = text.rfind("“", max(0, a - 800), b)
    if opening >= 0 and text.find("”", opening, b) < 0:
        close = text.find("”", b, a + limit)
        return close + 1 if close >= 0 else b
    quoted = _quotation(text, a, b)
    if quoted is not None and text[quoted[0]] == '"' and text.count('"', quoted[0], b) == 1:
        close = text.find('"', b, a + limit)  # a straight-quoted quotation still open at b
        return close + 1 if close >= 0 else b
    return b


def _focus_spans(ctx: _Ctx, best: Candidate, lead: list[sp.Span]) -> list[sp.Span]:
    """Only what the focus names may be in bold: "which *university*" is answered by "Peking
    University", not by the project title or the other party of the same sentence. Returns the
    lead spans naming the focus, else a name in the sentence that does, else nothing."""
    idx, focus = ctx.idx, ctx.q.focus
    stem = re.compile(rf"\b{re.escape(focus.head.lower().rstrip('s')[:5])}", re.I)

    def names_focus(s: sp.Span) -> bool:
        return bool(stem.search(idx.documents[s.doc_id].text[s.start : s.end]))

    kept = [s for s in lead if names_focus(s)]
    if kept:
        return kept
    doc, a, b = best.sentence.doc_id, best.sentence.start, best.sentence.end
    # "Which ministry …": "MCI" is tagged; the release spells it out before the brackets.
    tagged = [sp.with_long_form(idx, s) for s in sp.tagged(idx, doc, a, b, ("org", "place", "person"))]
    return [s for s in tagged if names_focus(s)][:1]


def _quotation(text: str, a: int, b: int) -> tuple[int, int] | None:
    """Where the quotation that ``text[a:b]`` lies in opens (curly or straight quotes) and where
    the words before it that say who speaks begin ("Mr Leong said, “…"): the quote's own
    sentence, not the one before it. None when ``text[a:b]`` is in no open quotation."""
    lo = max(0, a - 800)
    opening = text.rfind("“", lo, b)
    if opening < 0 or text.find("”", opening, a) >= 0:
        opening = _straight_quote_opening(text, lo, a, b)
        if opening < 0:
            return None
    brk = max(text.rfind("\n", lo, opening), text.rfind(". ", lo, opening), text.rfind("” ", lo, opening))
    return opening, max(lo, opening - 160, brk + 1)


def _speaker(ctx: _Ctx, doc_id: str, a: int, b: int) -> list[sp.Span]:
    """The person whose quotation ``text[a:b]`` lies in, named where the quotation opens."""
    text = ctx.idx.documents[doc_id].text
    found = _quotation(text, a, b)
    if found is None or not _SAID.search(text[found[1] : found[0] + 1]):
        return []
    return sp.people(ctx.idx, doc_id, found[1], found[0])


def _straight_quote_opening(text: str, lo: int, a: int, b: int) -> int:
    """Where the straight-quoted ("…") quotation overlapping ``text[a:b]`` opens, or -1. Straight
    quotes open and close alike, so they pair up in order within the paragraph."""
    para = text.rfind("\n", lo, a) + 1 or lo
    end = text.find("\n", b)
    marks = [m.start() for m in re.finditer('"', text[para : end if end >= 0 else len(text)])]
    for o, c in zip(marks[::2], marks[1::2] + [len(text)]):
        if para + o < b and para + c > a:
            return para + o
    return -1


_HONORIFICS = frozenset("Mr Mrs Ms Miss Dr Prof Madam Mdm Sir Dame".split())


def _role_holders(ctx: _Ctx) -> list[str]:
    """Names of the people the releases name in the role and for the side the question gives
    ("the Singapore co-chair"), from the sentences that state that role."""
    cached = ctx.__dict__.get("_role_holders")
    if cached is not None:
        return cached
    q, idx = ctx.q, ctx.idx
    roles = [w for w in re.findall(r"[a-z][a-z-]*", q.text.lower()) if w in ROLE_NOUNS]
    sides = [
        side
        for side, forms in SIDE_WORDS.items()
        if any(re.search(rf"\b{re.escape(f)}\b", q.text, re.I) for f in forms)
    ]
    out: list[str] = []
    if roles and len(sides) == 1:
        stems = [re.escape(w.rstrip("s")[:6]) for w in roles]
        for s in idx.sentences:
            if s.doc_id not in ctx.allowed or (ctx.named and s.doc_id not in ctx.named):
                continue
            text = idx.documents[s.doc_id].text
            if not any(re.search(rf"\b{st}", text[s.start : s.end], re.I) for st in stems):
                continue
            mine, _ = sp.person_for_side(idx, s.doc_id, s.start, s.end, sides[0])
            # Every word of the name: a surname may come first ("Ms Tan Mei Ling") or last.
            out += [
                w for p in mine for w in re.findall(r"[A-Z][a-z]{2,}", text[p.start : p.end]) if w not in _HONORIFICS
            ]
    ctx.__dict__["_role_holders"] = out = list(dict.fromkeys(out))
    return out


def _quotes_speaker(ctx: _Ctx, doc_id: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` is inside a quotation of the person the question names (any quotation
    when the question names nobody): "Mr Leong said, “…” and the sentences that continue it."""
    text = ctx.idx.documents[doc_id].text
    speakers = [
        w
        for w in re.findall(r"\b[A-Z][a-z]{2,}\b", ctx.q.text[1:])
        if w.lower() not in {f for forms in SIDE_WORDS.values() for f in forms} and w.lower() not in MONTH_NUMBER
    ]
    found = _quotation(text, a, b)
    if found is None:
        return False  # not inside an open quotation
    opening, lead_start = found
    lead_in = text[lead_start:opening]
    if not _SAID.search(lead_in + text[opening:b]):
        return False
    asked_sides = [
        forms
        for forms in SIDE_WORDS.values()
        if any(re.search(rf"\b{re.escape(f)}\b", ctx.q.text, re.I) for f in forms)
    ]
    if not speakers and len(asked_sides) == 1:
        # "What did the Chinese co-chair say?": the speaker's title names that side, or the speaker
        # is the person the releases name in that role for that side ("co-chaired by Singapore
        # Permanent Secretary … Mr Joseph Leong": "Mr Leong said, “…”").
        if any(re.search(rf"\b{re.escape(f)}\b", lead_in, re.I) for f in asked_sides[0]):
            return True
        surnames = _role_holders(ctx)
        return bool(surnames) and any(re.search(rf"\b{re.escape(w)}\b", lead_in) for w in surnames)
    return not speakers or any(re.search(rf"\b{re.escape(w)}\b", lead_in + text[a:b]) for w in speakers)


def _question_names(ctx: _Ctx) -> list[frozenset[str]]:
    """The names the question mentions that the corpus knows (capitalised words and runs of them)."""
    cached = ctx.__dict__.get("_names")
    if cached is None:
        _, idf = _corpus_stats(ctx.idx)
        common = set(side_and_month_terms())
        if ctx.q.mentions.meetings:
            # "the seventh JIC meeting" says which meeting (the scope has it), not whom a sentence is about.
            common |= set(tokenize(" ".join(ctx.q.mentions.bodies)))
        cached = []
        first = re.match(r"\W*([A-Za-z]+)", ctx.q.text)
        for n in _entities(ctx.q.text):
            if first and n == first.group(1) and n.lower() in english_words():
                continue  # "According to …": capitalised because it starts the question

            # Names the corpus uses in most sentences ("Singapore") constrain nothing.
            terms = frozenset(
                t for t in tokenize(n) if t in idf and t not in common and idf[t] >= 2.5 and t not in SCOPE_WORDS
            )
            if terms:
                cached.append(terms)
        ctx.__dict__["_names"] = cached
    return cached


def _names_in(ctx: _Ctx, c: Candidate, names: list[frozenset[str]]) -> float:
    """Share of the question's names found in the sentence or the annex record holding it."""
    sets, _ = _corpus_stats(ctx.idx)
    terms = sets[c.index]
    rec = _record_of(ctx.idx, c.sentence.doc_id, c.sentence.start)
    if rec is not None:
        terms = terms | _record_tokens(rec, ctx.idx)
    doc = ctx.idx.documents[c.sentence.doc_id]
    if doc.place:
        # "How many MOUs were signed in Chongqing?": the meeting a release reports took place
        # where it says; its sentences need not name the city again.
        terms = terms | term_set(doc.place)
    return sum(1 for n in names if len(n & terms) / len(n) >= 0.5) / len(names)


def _quote_bounds(ctx: _Ctx, best: Candidate, s: sp.Span) -> tuple[int, int]:
    """The quoted span that holds answer span ``s``: the sentence, or the annex title cell."""
    if best.sentence.start <= s.start and s.end <= best.sentence.end:
        return best.sentence.start, best.sentence.end
    rec = _record_of(ctx.idx, s.doc_id, s.start)
    if rec is not None:
        return rec.title_start, rec.title_end
    # A fuller form of a name, printed in another sentence of the release: that sentence.
    sentences = ctx.idx.sentences
    return next(
        (
            (x.start, x.end)
            for x in (sentences[j] for j in rows_by_doc(ctx.idx, "sentences").get(s.doc_id, ()))
            if x.start <= s.start < x.end
        ),
        (s.start, s.end),
    )


def _summary_answer(ctx: _Ctx) -> str | None:
    idx, cites = ctx.idx, ctx.cites
    from ..chunking import blocks_of, split_sentences

    docs = sorted(ctx.named or ctx.allowed, key=lambda d: idx.documents[d].date or "", reverse=True)[:2]
    lines = []
    for d in docs:
        doc = idx.documents[d]
        picked: list[tuple[int, int]] = []
        for blk in blocks_of(doc):
            if blk.kind != "prose":
                continue
            for a, b in split_sentences(doc.text, blk.start, blk.end):
                s = doc.text[a:b]
                if DATE.search(s) or _CUMULATIVE_SENT.search(s) or re.search(r"\b(MOUs?|projects?)\b", s):
                    picked.append((a, b))
            if len(picked) >= 4:
                break
        if not picked:
            continue
        lines.append(f"**{md_text(doc.title)}** ({md_text(doc.label)})")
        for a, b in picked[:4]:
            n = cites.cite(d, a, b)
            lines.append(quote_line(doc.text[a:b], n))
        lines.append("")
    return "\n".join(lines).strip() or None


# ---------------------------------------------------------------------------------------------


def _not_found(ctx: _Ctx, reason: str) -> str:
    lines = [f"**The releases don't say.** I found no passage that answers this ({reason}).", "", "Closest matches:"]
    shown: set[tuple[str, int]] = set()
    for h in ctx.hits:
        if len(shown) == 3:
            break
        cands = rank_sentences(ctx.idx, ctx.q, ctx.qv, [h], docs={h.doc_id}, global_k=1)
        cands = [c for c in cands if h.start <= c.sentence.start < h.end] or cands
        key = (h.doc_id, cands[0].sentence.start if cands else h.start)
        if key in shown or (cands and ctx.cites.seen(h.doc_id, cands[0].sentence.start, cands[0].sentence.end)):
            continue
        shown.add(key)
        n = ctx.cites.add_hit(h)
        text = cands[0].text if cands else h.text
        if cands:
            ctx.cites.cite(h.doc_id, cands[0].sentence.start, cands[0].sentence.end)
        lines.append(f"- *{md_text(h.title)}*: {quoted(text)} [{n}]")
    return "\n".join(lines)


def _signals(ctx: _Ctx, cands: list[Candidate], proposal: Proposal | None) -> dict[str, float]:
    """The evidence signals the calibrated confidence is computed from (see confidence.FEATURES)."""
    idx, q = ctx.idx, ctx.q
    sets, idf = _corpus_stats(idx)
    default_idf = max(idf.values(), default=1.0)
    vocab = vocabulary(idx)
    top = cands[0] if cands else None
    topic = tuple(t for t in q.topic if t not in GENERIC) or q.topic
    covered = (
        overlap(topic, frozenset().union(*(sets[c.index] for c in cands[:3])), idf, default_idf)
        if cands and topic
        else (1.0 if cands else 0.0)
    )
    content = [w for w in re.findall(r"[A-Za-z][\w'-]+", q.text) if tokenize(w)]
    unknown = unknown_words(q.text, vocab)
    structured = proposal is not None and proposal.strategy in (
        "records",
        "figures",
        "record-fact",
        "summary",
        "compare",
        "meetings",
    )
    typed = proposal is not None and proposal.type_found is not None
    names = _question_names(ctx)
    sim = top.sim if top else 0.0
    focus = _focus_unmet(ctx, cands, proposal)
    ctx.__dict__["_focus_unmet"] = focus[1] if focus else None
    return {
        "sim": round(sim, 4),
        "overlap": round(top.overlap, 4) if top else 0.0,
        "coverage": round(covered, 4),
        "unknown_name": 1.0 if unknown_names(q.text, vocab) else 0.0,
        "unknown_words": round(len(unknown) / max(1, len(content)), 4),
        "typed": 1.0 if typed else 0.0,
        "type_found": 1.0 if typed and proposal.type_found else 0.0,
        "structured": 1.0 if structured else 0.0,
        "names_missing": 1.0 if top and names and _names_in(ctx, top, names) < 0.5 else 0.0,
        "kind_unknown": 1.0 if _unknown_kind(ctx) else 0.0,
        # Untyped questions are judged on closeness and coverage alone: their own weights.
        "sim_untyped": round(sim, 4) if not typed else 0.0,
        "coverage_untyped": round(covered, 4) if not typed else 0.0,
        "focus_missing": 1.0 if focus and focus[0] == "missing" else 0.0,
        "focus_unnamed": 1.0 if focus and focus[0] == "unnamed" else 0.0,
    }


# "Which <kind> …?" and "What is the <kind> of …?": the kind names what would answer. When the
# releases never use that word (a "football club", a "population"), nothing of that kind is stated.
_ASKED_KIND = re.compile(
    r"^\s*what\s+(?:is|are|was|were)\s+the\s+(?:[a-z]+\s+)?([a-z]+)\s+(?:of|for|in|at|behind|per)\b", re.I
)


def _unknown_kind(ctx: _Ctx) -> str | None:
    m = _ASKED_KIND.match(ctx.q.text)
    if not m:
        return None
    vocab = vocabulary(ctx.idx)
    for w in (g for g in m.groups() if g):
        if w.lower() in SCOPE_WORDS or not tokenize(w):
            continue
        if not vocab.known(w) and vocab.nearest(w) is None:
            return w
    return None


def _unmet_form(ctx: _Ctx, cands: list[Candidate]) -> str | None:
    """A question whose form names what must be stated, when the best evidence does not state it:
    an expansion of a short name ("what does CIMC stand for"), or one of the options offered
    ("in person or virtually"). Returns the reason to give."""
    q = ctx.q
    texts = [c.text for c in cands[:5]]
    if q.expands:
        term = re.escape(q.expands) + "s?"  # "eBL" is spelled out as "electronic Bills of Lading (eBLs)"
        spelled = re.compile(
            rf"\([^)]*\b{term}\b[^)]*\)|\b{term}\s*\((?!\s*\d)[^)]{{4,}}\)|\b{term}\b,?\s+(?:is|means|stands for)\b",
            re.I,
        )
        if not any(spelled.search(t) for t in texts):
            return f"the releases never spell out “{md_text(q.expands)}”"
    if q.options:
        sets, idf = _corpus_stats(ctx.idx)
        for_opts = [tuple(tokenize(o)) for o in q.options]
        have = frozenset().union(*(sets[c.index] for c in cands[:5])) if cands else frozenset()
        if not any(terms and all(_match(t, have) for t in terms) for terms in for_opts):
            return f"neither “{md_text(q.options[0])}” nor “{md_text(q.options[1])}” is stated"
    return None


def _focus_unmet(ctx: _Ctx, cands: list[Candidate], proposal: Proposal | None) -> tuple[str, str] | None:
    """The question's focus ("which *banks*", "the *attendance*") when the evidence a sentence answer
    quotes never states it ('missing'), or mentions it without naming any ('unnamed'), with the
    reason to give."""
    q = ctx.q
    if proposal is None or proposal.strategy not in ("sentence", "record-fact") or q.expected == "record":
        return None
    focus = q.focus
    if focus is not None and focus.kind and focus.which and focus.plural and q.expected not in _TYPED:
        # "Which four companies signed up first?" asked as a list: the sentence that speaks of the
        # companies must name one (a typed question's kind is checked by its bold span instead).
        status = focus_status(ctx.idx, focus, [c.index for c in cands[:1]], q.text)
    elif not checkable(focus):
        return None
    else:
        status = focus_status(ctx.idx, focus, [c.index for c in cands[:3]], q.text)
    if status == "missing":
        return status, f"the closest passages state no {md_text(focus.phrase)}"
    if status == "unnamed":
        return status, f"the releases mention {md_text(focus.phrase)} but name none"
    return None


def _refusal_reason(ctx: _Ctx, signals: dict[str, float]) -> str:
    unmet = _unmet_form(ctx, ctx.__dict__.get("_cands", []))
    if unmet:
        return unmet
    if ctx.__dict__.get("_focus_unmet") and (signals.get("focus_missing") or signals.get("focus_unnamed")):
        return ctx.__dict__["_focus_unmet"]
    vocab = vocabulary(ctx.idx)
    names = unknown_names(ctx.q.text, vocab)
    if names:
        return f"the releases never mention “{md_text(names[0])}”"
    if (
        signals.get("typed")
        and not signals.get("type_found")
        and ctx.q.expected in ("org", "place", "record")
        and checkable(ctx.q.focus)
    ):
        return f"no {md_text(ctx.q.focus.phrase)} is named for this"
    if signals.get("typed") and not signals.get("type_found"):
        what = {
            "person": "no person",
            "org": "no organisation",
            "place": "no place",
            "date": "no date",
            "number": "no figure",
            "amount": "no amount",
            "time": "no time of day",
            "quote": "no quotation of that speaker",
        }.get(ctx.q.expected, "nothing of that kind")
        return f"{what} is given for this"
    return "the closest passages are not about this"


# "List all the meetings", "which meeting signed the most MOUs": questions across every release.
_ALL_MEETINGS = re.compile(
    r"\b(?:all|every|each|list)\b[^?]{0,30}\b(?:meetings|jic meetings|events)\b|"
    r"\bwhich (?:meeting|jic meeting|event)s?\b[^?]*\b(?:most|fewest|least|more|highest|lowest)\b|"
    r"\b(?:most|fewest)\s+(?:mous|agreements|projects)\b",
    re.I,
)
_SUPERLATIVE_ONLY = re.compile(r"\b(?:most|fewest|least|highest|lowest)\b", re.I)
_SUPERLATIVE = re.compile(r"\b(most|more|highest|largest|biggest)\b|\b(fewest|least|lowest|smallest)\b", re.I)


def _meetings_answer(ctx: _Ctx) -> Proposal | None:
    """Every meeting the releases report, with its date, place and what it signed or launched,
    one row per meeting (copies of a story count once); or the one with the most/fewest items."""
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
    docs = [idx.documents[d] for d in sorted(ctx.allowed) if idx.documents[d].event or idx.documents[d].meeting]
    # "All JIC meetings": only that body's events (a forum or another programme's council is not one).
    bodies = [b for b in ("jic", "council", "forum", "summit") if re.search(rf"\b{b}\b", q.text, re.I)]
    if bodies:
        docs = [d for d in docs if any(re.search(rf"\b{b}\b", (d.event or d.label or ""), re.I) for b in bodies)]
    by_event: dict[str, list] = {}
    for d in sorted(docs, key=lambda d: (d.date or "", d.doc_id)):
        by_event.setdefault(d.event or d.label, []).append(d)
    if len(by_event) < 2:
        return None
    recs = _records(idx)
    rows = []
    for event, ds in by_event.items():
        main = ds[0]
        span = main.event_span or _dateline(idx, main.doc_id)
        counts = {}
        for kind in ("mou", "project"):
            counts[kind] = sum(1 for r in recs if r.kind == kind and r.doc_id in {d.doc_id for d in ds})
        n = cites.cite(main.doc_id, *span) if span else None
        rows.append((event, main, counts, n))
    sup = _SUPERLATIVE.search(q.text)
    if sup and q.scope in ("mou", "project"):
        kind = q.scope
        noun = "MOUs" if kind == "mou" else "projects"
        listed = [r for r in rows if r[2][kind]]
        if not listed:
            return None
        pick = max if sup.group(1) else min
        best = pick(r[2][kind] for r in listed)
        winners = [r for r in listed if r[2][kind] == best]
        names = " and ".join(f"**{md_text(r[0])}**" for r in winners)
        lines = [
            f"{names} {'each ' if len(winners) > 1 else ''}listed {best} {noun}, the "
            f"{'most' if sup.group(1) else 'fewest'} of the meetings whose {noun} are listed in the releases."
        ]
    else:
        lines = [f"The releases report **{len(rows)} meetings**:"]
    lines += ["", "| Meeting | Date | Place | MOUs listed | Projects listed | Source |", "|---|---|---|---|---|---|"]
    for event, main, counts, n in rows:
        lines.append(
            f"| {md_text(event)} | {main.date or '—'} | {md_text(main.place or '—')} | "
            f"{counts['mou'] or '—'} | {counts['project'] or '—'} | {f'[{n}]' if n else ''} |"
        )
    return Proposal("meetings", "\n".join(lines), True if sup else None)


# "Were there more joint projects or more MOUs?", "Did the 3rd meeting sign more MOUs than the
# 4th?": a comparative (not a superlative) over things the releases count.
_COMPARATIVE = re.compile(r"\b(?:more|fewer|less)\b(?!\s+(?:than\s+)?(?:ever|often|closely|recently))", re.I)
_COUNTABLE = re.compile(r"\b(?:joint\s+|new\s+)*(?:mous?|memorand\w*|agreements?|projects?|initiatives?)\b", re.I)


def _comparative_counts(ctx: _Ctx) -> Proposal | None:
    """Two counts side by side, each answered like its own "how many" question from the releases
    it concerns: two kinds at one meeting ("more projects or more MOUs?"), or one kind at two
    meetings ("more MOUs at the 3rd or the 4th?"). The bold figures are the releases' own."""
    idx, q = ctx.idx, ctx.q
    if not _COMPARATIVE.search(q.text) or _SUPERLATIVE_ONLY.search(q.text):
        return None
    nouns: dict[str, str] = {}
    for m in _COUNTABLE.finditer(q.text):
        kind = scope_of(m.group(0))
        if kind and kind not in nouns:
            nouns[kind] = m.group(0)
    meetings = list(dict.fromkeys(q.mentions.meetings))
    if len(nouns) == 2 and len(meetings) <= 1:
        sides = [(noun, meetings[0] if meetings else None) for noun in nouns.values()]
    elif len(nouns) == 1 and len(meetings) == 2:
        sides = [(next(iter(nouns.values())), m) for m in meetings]
    else:
        return None
    docs_all = [idx.documents[x] for x in sorted(ctx.allowed)]
    found = []
    for noun, meeting in sides:
        sub = analyse(f"How many {noun}?")
        docs = (
            {d.doc_id for d in matching_documents(parse_mentions(f"the {ordinal(meeting)} meeting"), docs_all)}
            if meeting
            else (ctx.named or ctx.allowed)
        )
        if not docs:
            return None
        qv = ctx.retriever.encode_query(f"How many {noun} {q.text}")
        hits = ctx.retriever.search(f"How many {noun}", k=8, query_vector=qv)
        cands = rank_sentences(idx, sub, qv, hits, docs=docs, named_docs=docs)
        sub_ctx = _Ctx(idx, ctx.retriever, sub, qv, hits, ctx.allowed, docs, ctx.cites)
        if not cands:
            return None
        got = _sentence_answer(sub_ctx, cands)
        first = got.body.split("\n", 1)[0]
        bold = re.match(r"\*\*(.+?)\*\*", first)
        value = as_int(bold.group(1)) if bold and got.type_found else None
        if value is None:
            return None
        found.append((noun, meeting, value, got.body))
    (n1, m1, v1, _), (n2, m2, v2, _) = found
    fewer = bool(re.search(r"\b(?:fewer|less)\b", q.text, re.I))
    if v1 == v2:
        verdict = "the same number"
    else:
        pick = (0 if v1 < v2 else 1) if fewer else (0 if v1 > v2 else 1)
        noun, meeting, _, _ = found[pick]
        what = f"{'fewer' if fewer else 'more'} {md_text(_plural(noun))}"
        verdict = f"{what} at the {ordinal(meeting)} meeting" if m1 != m2 else what
    lines = [f"**{verdict[0].upper()}{verdict[1:]}** — {v1} vs {v2}:", ""]
    for _, _, _, body in found:
        lines += [body, ""]
    return Proposal("figures", "\n".join(lines).strip(), True)


def _propose(ctx: _Ctx, cands: list[Candidate]) -> Proposal | None:
    """The strategies in turn: the first that applies answers (the chooser then judges it)."""
    q = ctx.q
    got = _comparative_counts(ctx)
    if got:
        return got
    if _ALL_MEETINGS.search(q.text) and not q.mentions.meetings:
        got = _meetings_answer(ctx)
        if got:
            return got
    if _GROUPING.search(q.text) and (q.scope or re.search(r"\bannex\b", q.text, re.I)):
        got = _groups_answer(ctx)
        if got:
            return Proposal("records", got, True if q.intent == "count" else None)
    if q.intent == "summary":
        body = _summary_answer(ctx)
        return Proposal("summary", body) if body else None
    # Records enumerate MOUs, projects and their parties; "name the pillars" is not about them.
    item_ok = (
        q.list_item is None or scope_of(q.list_item) is not None or all(t in SCOPE_WORDS for t in tokenize(q.list_item))
    )
    # "How much funding does the MOU have" asks for an amount, not how many MOUs.
    counts_records = not q.amount and (
        (q.intent == "list" and item_ok) or (q.count_noun is not None and scope_of(q.count_noun) is not None)
    )
    if q.intent in ("list", "count") and (q.intent == "list" or q.topic) and counts_records:
        m = _match_records(ctx)
        topical = m is not None and (
            q.intent == "list"
            or (m[2] is not None or len(m[0]) < len(m[1]))
            and not q.cumulative
            and (q.scope is not None)
        )
        if topical and q.intent == "count" and m[2] is None and cands:
            # A sentence that states the count of exactly this topic is the release's own figure.
            sets, idf = _corpus_stats(ctx.idx)
            stated = [
                c
                for c in cands[:5]
                if sp.count_of(ctx.idx, c.sentence.doc_id, c.sentence.start, c.sentence.end, q.count_noun)
                and overlap(q.topic, sets[c.index], idf, max(idf.values(), default=1.0)) >= 0.99
            ]
            if stated:
                return _sentence_answer(ctx, stated + [c for c in cands if c not in stated])
        if topical:
            return Proposal("records", _record_answer(ctx, *m), True if q.intent == "count" else None)
    if q.intent == "compare":
        body = _compare_answer(ctx)
        if body:
            return Proposal("compare", body)
    if q.compare or (q.intent == "count" and q.cumulative):
        body = _figures_answer(ctx)
        if body:
            return Proposal("figures", body, True if q.intent == "count" else None)
    if q.expected == "org" and cands:
        recs = _records_naming(ctx, min_names=1)
        if recs:
            named = [
                c
                for c in cands
                if any(r.doc_id == c.sentence.doc_id and r.start <= c.sentence.start < r.end for r in recs)
            ]
            if named:
                return _sentence_answer(ctx, named + [c for c in cands if c not in named])
    if q.intent in ("what", "who") and q.expected not in ("person",):
        recs = _records_naming(ctx)
        if recs and q.expected != "org":
            return Proposal("record-fact", _record_fact_answer(ctx, recs))
    if cands:
        return _sentence_answer(ctx, cands)
    return None


def answer_question(
    idx: LoadedIndex,
    retriever: Retriever,
    question: str,
    *,
    history: Sequence[str | Mapping[str, Any]] | None = (),
    filters: Filters | Mapping[str, Any] | None = None,
) -> Answer:
    """Answer ``question`` from one index generation (see ``Assistant.ask``)."""
    t0 = time.perf_counter()
    filters = Filters.coerce(filters)
    raw = normalize_query(question)
    if not raw or not re.search(r"\w", raw):
        return Answer(
            "Please ask a question about the Smart City Initiative releases.",
            False,
            [],
            [],
            raw,
            "what",
            False,
            time.perf_counter() - t0,
            strategy="none",
        )
    dangling = dangling_reference(raw, history)
    if dangling:
        return Answer(
            f"I'm not sure what “{md_text(dangling)}” refers to — this is the first question of the "
            "conversation. Ask again naming the meeting, release or partner you mean (for example "
            "“How many projects were launched at the 4th JIC meeting?”).",
            False,
            [],
            [],
            raw,
            "what",
            False,
            time.perf_counter() - t0,
            strategy="none",
        )
    # "What will the two sides set up under it?": what the previous answer quoted is the likeliest
    # home of "it"; its annex item names it, and sentences near those quotes rank higher.
    prev_spans, referent = _previous_evidence(idx, history) if history and points_back(raw) else ([], None)
    resolved, interpreted = resolve(to_english(raw), history, referent)
    interpreted = interpreted or has_cjk(raw)
    repaired = repair(resolved, vocabulary(idx))
    interpreted = interpreted or repaired != resolved
    resolved = repaired
    q = analyse(resolved)
    if not [t for t in q.terms if t not in _QUESTION_ONLY]:
        return Answer(
            "Please ask a question about the Smart City Initiative releases — for example, "
            "“How many MOUs were signed at the 4th JIC meeting?”",
            False,
            [],
            [],
            resolved,
            q.intent,
            interpreted,
            time.perf_counter() - t0,
            strategy="none",
        )
    qv = retriever.encode_query(resolved)
    hits = retriever.search(resolved, k=8, filters=filters, query_vector=qv)
    allowed = {d.doc_id for d in idx.documents.values() if filters.allows(d)}
    # One story told once: a copy is used only when the filters leave out its canonical release.
    allowed = {d for d in allowed if not (idx.documents[d].copy_of and idx.documents[d].copy_of in allowed)}
    named_anywhere = {d.doc_id for d in matching_documents(q.mentions, idx.documents.values())}
    named = {d.doc_id for d in matching_documents(q.mentions, (idx.documents[x] for x in sorted(allowed)))}
    ctx = _Ctx(idx, retriever, q, qv, hits, allowed, named, Citations(idx))

    body, found, proposal, signals = None, True, None, {}
    reported, known = _meetings_known(idx)
    # An ordinal of another kind of occasion ("the inaugural session of the working group") is not
    # a meeting the releases lack.
    other = names_other_body(q.mentions, idx.documents.values())
    missing = [m for m in q.mentions.meetings if m not in known and not other]
    if not hits:
        body, found = _not_found(ctx, "no passage matches"), False
    elif named_anywhere and not (named_anywhere & allowed) and filters.active and not q.mentions.latest:
        labels = ", ".join(sorted(_doc_label(idx, d) for d in named_anywhere))
        body = (
            f"**The filters exclude the release this question names** ({md_text(labels)}). "
            "Clear or widen the release and date filters to ask about it."
        )
        found = False
    elif filters.active and _filtered_out_name(ctx):
        name, docs = _filtered_out_name(ctx)
        labels = ", ".join(sorted(_doc_label(idx, d) for d in docs))
        body = (
            f"**The filters exclude every release that mentions “{md_text(name)}”** ({md_text(labels)}). "
            "Clear or widen the release and date filters to ask about it."
        )
        found = False
    elif not [w for w in re.findall(r"[A-Za-z][\w'-]+", q.text) if tokenize(w) and vocabulary(idx).known(w)]:
        body, found = _not_found(ctx, "the question's subject is not in the releases"), False
    elif missing and not named:
        covered = ", ".join(ordinal(m) for m in reported) or "no numbered"
        body, found = (
            _not_found(ctx, f"the releases cover the {covered} meetings, not the {ordinal(missing[0])}"),
            False,
        )
    else:
        scope = named if named and not q.compare and not q.cumulative else allowed
        avoid = None
        if prev_spans and _ANOTHER.search(raw):
            # "Is there another logistics project?": not the item the previous answer gave (its
            # whole record: the title and description cells), or else not its first quote.
            avoid = [
                (r.doc_id, r.start, r.end)
                for r in _records(idx)
                for d, a, _ in prev_spans
                if r.doc_id == d and r.start <= a < r.end
            ] or prev_spans[:1]
        cands = rank_sentences(
            idx, q, qv, hits, docs=scope, named_docs=named, near=None if avoid else prev_spans, avoid=avoid
        )
        if q.mentions.meetings and not named and not other and not set(q.mentions.meetings) & set(reported):
            # A meeting the releases mention but do not report ("the 8th JIC meeting will be held
            # in Shenzhen"): only what they say of it answers.
            cands = [c for c in cands if set(parse_mentions(c.text).meetings) & set(q.mentions.meetings)]
        ctx.__dict__["_cands"] = cands
        proposal = _propose(ctx, cands)
        signals = _signals(ctx, cands, proposal)
        cal = load_calibration()
        confidence = cal.confidence(signals)
        # "What is the population of X?": a kind the releases never use, and evidence that covers
        # none of the question, is not an answer however close the sentence sounds.
        uncovered_kind = signals["kind_unknown"] and signals["coverage"] < 0.3
        # "Which banks …" when the release says "banks" and names none: nothing to name, however
        # close the sentence (a missing focus is only a signal: the release may use a synonym).
        unmet = _unmet_form(ctx, cands) or (ctx.__dict__["_focus_unmet"] if signals["focus_unnamed"] else None)
        # A question asking for a person, date, place, figure or amount is not answered by
        # passages that hold none of that kind, however close they are.
        untyped_answer = bool(signals["typed"]) and not signals["type_found"]
        if uncovered_kind or unmet or untyped_answer:
            signals["rule"] = 1.0  # refused by the question's form, whatever the evidence scores
        if proposal is None or confidence < cal.threshold or uncovered_kind or unmet or untyped_answer:
            ctx.cites = Citations(idx)
            body, found = _not_found(ctx, _refusal_reason(ctx, signals) if proposal else "no passage matches"), False
        else:
            body = proposal.body
    confidence = load_calibration().confidence(signals) if signals and not signals.get("rule") else 0.0

    # The answer leads; how the question was read (a repaired typo, a resolved "it") follows it.
    parts = [body]
    if interpreted:
        parts.append("")
        parts.append(f"*Interpreted as: {md_text(resolved)}*")
    if ctx.cites.hits:
        parts.append("")
        parts.append(ctx.cites.sources())
    return Answer(
        text="\n".join(parts).strip(),
        found=found,
        citations=list(ctx.cites.hits),
        quotes=list(ctx.cites.quotes),
        query=resolved,
        intent=q.intent,
        interpreted=interpreted,
        seconds=time.perf_counter() - t0,
        confidence=confidence,
        strategy=proposal.strategy if (proposal and found) else "none",
        signals=signals,
    )
