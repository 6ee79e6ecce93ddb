"""answer_question: route a question to records, figures, sentences or a summary; score the chosen
answer; abstain or compose."""

from __future__ import annotations

import dataclasses
import datetime
import re
import time
from collections.abc import Mapping, Sequence
from typing import Any

from ..crosslingual import document_glosses, document_names, has_cjk, to_english
from ..indexing import LoadedIndex
from ..lexicon import (
    AUXILIARIES,
    DETERMINERS,
    EVENT_WORDS,
    KIND_NOUNS,
    MONTH_NUMBER,
    ORDINAL_PATTERN,
    ORDINAL_WORDS,
    OWNED,
    OWNERSHIP_Q,
    PERSON_PREDICATES,
    PREPOSITIONS,
    as_int,
)
from ..mentions import matching_documents, names_other_body, parse_mentions, same_body
from ..retriever import Retriever, normalize_query, rows_by_doc
from ..schema import Answer, Filters, ordinal
from ..sparse import tokenize
from . import spans as sp
from .compare import CountsCompared, _compare_answer, compare_sides, counts_compared
from .compose import Citations, md_text, quote_line, quoted
from .confidence import load_calibration
from .context import (
    _LEGAL,
    _QUESTION_ONLY,
    _TYPED,
    Context,
    Proposal,
    all_records,
    doc_label,
    filtered_out_name,
    meetings_known,
    nth_listed,
    previous_evidence,
    record_referent,
)
from .evidence import (
    Candidate,
    _corpus_stats,
    _match,
    overlap,
    rank_sentences,
)
from .figures import VERDICT, _comparative_counts, _figures_answer, _meetings_answer
from .focus import checkable, focus_status, side_and_month_terms
from .followup import (
    _ANOTHER,
    _entities,
    dangling_reference,
    person_reference,
    points_back,
    resolve,
)
from .intents import _SCOPE_WORDS as SCOPE_WORDS
from .intents import GENERIC, analyse, scope_of
from .lists import _GROUPING, _groups_answer, _match_records, _record_answer
from .sentence import (
    _ENUMERATES,
    _GROUP_Q,
    _SECTION_Q,
    ITEM_SIGNED_Q,
    _closing_phrase,
    _cloze,
    _names_in,
    _participle,
    _placed_elsewhere,
    _question_names,
    _record_date,
    _record_fact_answer,
    _records_naming,
    _section_heading,
    _sentence_answer,
    _summary_answer,
    _who_verb,
    row_candidate,
)
from .vocabulary import repair, spelled_out, unknown_names, unknown_words, vocabulary

# ---------------------------------------------------------------------------------------------


# Strategies that answer from the releases' records, figures, meetings or the document itself
# rather than one sentence.
STRUCTURED = frozenset(("records", "figures", "record-fact", "summary", "compare", "meetings", "document"))


def _not_found(ctx: Context, reason: str) -> str:
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


def _signals(ctx: Context, cands: list[Candidate], proposal: Proposal | None) -> dict[str, float]:
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
    structured = proposal is not None and proposal.strategy in STRUCTURED
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


def _unknown_kind(ctx: Context) -> str | None:
    m = _ASKED_KIND.match(ctx.q.text)
    if not m or ctx.q.intent == "summary":
        return None  # ("What were the outcomes of the meeting?" asks for a summary of it)
    vocab = vocabulary(ctx.idx)
    for w in (g for g in m.groups() if g):
        if w.lower() in SCOPE_WORDS or not tokenize(w):
            continue
        if not vocab.known(w) and vocab.nearest(w) is None:
            return w
    return None


def _unmet_form(ctx: Context, cands: list[Candidate]) -> str | None:
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
    relation = _participle(q.text) if _YES_NO_Q.match(q.text) and not q.options else None
    if relation is not None and not any(relation.search(t) for t in texts[:3]):
        # "Is the Sports Group owned by the Shenzhen government?": whether it is, only a sentence
        # saying "owned" can tell; one about the group that never says so answers neither way.
        word = _participle_word(q.text)
        return f"the closest passages never say whether it is “{md_text(word)}”"
    return None


def _focus_unmet(ctx: Context, cands: list[Candidate], proposal: Proposal | None) -> tuple[str, str] | None:
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


_YES_NO_Q = re.compile(r"^\s*(?:is|are|was|were|has|have|had|will)\b", re.I)


# "What day of the week was the meeting held?", "which weekday": the calendar tells it from the date.
_WEEKDAY_Q = re.compile(r"\bday\s+of\s+the\s+week\b|\bweekday\b", re.I)


def _with_weekday(question: str, body: str) -> str:
    """The answer with the day of the week its bold date fell on, when the question asks for it:
    "**20 March 2025**, a Thursday (…)". (Worked out by the calendar, so said beside the quoted date,
    not in bold.)"""
    if not _WEEKDAY_Q.search(question):
        return body
    m = re.match(r"\*\*([^*]+)\*\*", body)
    day = sp.iso_date(m.group(1)) if m and re.search(r"\b\d{1,2}\b", m.group(1)) else None
    if not day or re.search(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", m.group(1), re.I):
        return body
    weekday = datetime.date.fromisoformat(day).strftime("%A")
    return f"{body[: m.end()]}, a {weekday}{body[m.end() :]}"


def _participle_word(question: str) -> str:
    m = re.search(r"\b(?i:was|were|is|are|be|been)\s+(?:[\w'’-]+\s+){0,9}?([a-z]{3,}(?:ed|en))\b", question)
    return m.group(1) if m else ""


def _defining(ctx: Context, short: str, score: float) -> list[Candidate]:
    """The sentence of each allowed document (named ones first) that spells ``short`` out."""
    idx, out = ctx.idx, []
    for d in sorted(ctx.allowed, key=lambda d: (d not in ctx.named, d)):
        got = spelled_out(idx.documents[d].text, short)
        if not got:
            continue
        for row in rows_by_doc(idx, "sentences").get(d, []):
            x = idx.sentences[row]
            if x.start <= got[0] < x.end:
                out.append(Candidate(row, x, idx.documents[d].text[x.start : x.end], 0.0, 0.0, score))
                break
    return out[:2]


_NTH = re.compile(rf"\b({ORDINAL_PATTERN})\s+((?:[a-z][\w-]*\s+){{0,2}}?)([a-z][\w-]*)\b", re.I)


def _ordinal_value(word: str) -> int | None:
    low = word.lower()
    return ORDINAL_WORDS.get(low) or (int(re.match(r"\d+", low).group(0)) if re.match(r"\d+", low) else None)


def _ordinals_of(text: str) -> dict[str, int]:
    """The nouns an ordinal qualifies ("first representative office" → office: 1), meetings aside
    (a meeting's ordinal is matched as a meeting)."""
    out = {}
    for m in _NTH.finditer(text):
        head = tokenize(m.group(3))
        value = _ordinal_value(m.group(1))
        if head and value and not EVENT_WORDS.search(m.group(0)):
            out[head[0]] = value
    return out


# A meeting named by its place in the series ("the previous meeting", "the next session"): another one.
_RELATIVE_MEETING = re.compile(
    r"\b(?:previous|prior|preceding|last|next|following|upcoming|earlier|forthcoming)\s+(?:[\w-]+\s+)?"
    r"(?:meeting|session)s?\b",
    re.I,
)


_EDITION = re.compile(r"\b((?:[A-Z][\w&'’-]*\s+){1,6})((?:19|20)\d\d)\b")


def _other_edition(question: str, sentence: str) -> bool:
    """Whether ``sentence`` names another year's edition of a name the question gives with its
    year ("the Harbour Innovation Forum 2025" — "Harbour Innovation Forum 2026")."""
    asked = {
        " ".join(m.group(1).split()).lower(): m.group(2)
        for m in _EDITION.finditer(question)
        # (a date's month or a preposition before a year is no name: "December 2025", "In 2025")
        if m.group(1).split()[-1].lower().rstrip(".") not in {*MONTH_NUMBER, *PREPOSITIONS, *DETERMINERS}
    }
    return any(
        " ".join(m.group(1).split()).lower().endswith(name) and m.group(2) != year
        for m in _EDITION.finditer(sentence)
        for name, year in asked.items()
    )


def _other_ordinal(asked: dict[str, int], sentence: str) -> bool:
    """Whether ``sentence`` gives one of the asked nouns another ordinal than the question does."""
    said = _ordinals_of(sentence)
    return any(noun in said and said[noun] != n for noun, n in asked.items())


# Facts a year qualifies as the time they happened ("how many in 2019", "who in 2019"); in a
# description the year may only name the thing asked about ("the June 2020 memorandum").
_FACT_TYPES = ("date", "place", "number", "amount", "person", "org", "time")


# A sentence that states a change itself, against an earlier time it names in words.
_CHANGE_STATED = re.compile(
    r"\b(?:compared (?:to|with) (?:the )?(?:previous|last|prior|preceding)|(?:up|down) from|doubl\w+|tripl\w+|"
    r"(?:increase|rise|growth|decline|drop|fall) of \d|\d+(?:\.\d+)?\s?(?:%|per ?cent))",
    re.I,
)


def _says_year(ctx: Context, year: int) -> bool:
    """Whether an allowed document is of ``year`` or any of its sentences names it."""
    return bool(_documents_by_year(ctx.idx).get(str(year), frozenset()) & ctx.allowed)


def _documents_by_year(idx: LoadedIndex) -> dict[str, frozenset[str]]:
    """Year → the documents dated in it or naming it (worked out once per generation, not per question)."""
    table = idx.derived.get("documents_by_year")
    if table is None:
        years: dict[str, set[str]] = {}
        for d, doc in idx.documents.items():
            for y in {*(re.findall(r"\b(?:19|20)\d\d\b", doc.text)), (doc.date or "")[:4]} - {""}:
                years.setdefault(y, set()).add(d)
        table = idx.derived["documents_by_year"] = {y: frozenset(ds) for y, ds in years.items()}
    return table


def _year_unreported(ctx: Context) -> bool:
    """A year the question is about (not one of two compared) that no allowed release is of or names."""
    q = ctx.q
    return (
        bool(q.mentions.years)
        and not ctx.named
        and not q.compare
        and any(not _says_year(ctx, y) for y in q.mentions.years)
    )


_DO_VERB = re.compile(
    r"^\s*(?:what|which|how|who|whom|where|when)\b[^?]*?\b(?:do|does|did|will|would|can|could)\b", re.I
)


def _said_outside(ctx: Context, cands: list[Candidate], recs: list) -> bool:
    """Whether the closest sentence lies outside the partners' annex records and says more of what
    the question asks besides their names ("What did IMDA and the Bureau *assess* over the past
    year?" is told in the release's body, not in their MOU's row)."""
    if not cands:
        return False
    best = cands[0]

    def inside(c: Candidate) -> bool:
        return any(r.doc_id == c.sentence.doc_id and r.start <= c.sentence.start < r.end for r in recs)

    if inside(best):
        return False
    own = [c for c in cands[:20] if inside(c)]
    if not own:
        return False
    sets, idf = _corpus_stats(ctx.idx)
    named = set(tokenize(" ".join(n for r in recs for n in r.parties)))
    rest = tuple(t for t in ctx.q.topic if t not in named and t not in GENERIC)
    if not rest:
        return False
    dflt = max(idf.values(), default=1.0)
    return overlap(rest, sets[best.index], idf, dflt) >= overlap(rest, sets[own[0].index], idf, dflt) + 0.3


def _elliptical(question: str) -> bool:
    """Whether a question names nothing of its own to be about: no name, meeting, year or month."""
    return not _entities(question) and not parse_mentions(question).any


def _lists_names(body: str) -> bool:
    """Whether the answer quotes a list with a name in it ("A, B and C Pte Ltd"): bodies, people and
    places are named with capitals; "in areas such as drone logistics, e-invoicing and eldercare"
    names no company, however long the list."""
    for m in _ENUMERATES.finditer(body):
        items = re.split(r",\s*|\s+and\s+|\s+(?:include|includes|including|such as|namely)\s+", m.group(0))
        if any(re.match(r"\s*(?:the\s+)?[A-Z]", item) for item in items[1:]):
            return True
    return False


def _lists_of_the_asked(ctx: Context, body: str) -> bool:
    """Whether a list the answer quotes is said of what the question asks about: the words just
    before it speak of the question's own subject ("The collaboration aims to achieve A, B, and C"
    for "Which problems is the collaboration meant to tackle?"; "12 companies in logistics,
    healthcare and retail" for which sectors the companies are from), not of something else ("…
    through the application of model training, virtual reality, and HoloXR" for which schools will
    pilot the system)."""
    # (in the user's own words too: "the collaboration" of a follow-up, resolved to the MOU it means)
    own = set(tokenize(f"{ctx.q.text} {ctx.__dict__.get('_asked', '')}")) - _QUESTION_ONLY
    for m in _ENUMERATES.finditer(body):
        keyword = re.match(r"(?:include|includes|including|such as|namely)\b", m.group(0))
        at = m.start() if keyword else body.find(",", m.start(), m.end())
        words = re.findall(r"[\w'’-]+", body[max(0, at - 160) : at])[-8:]
        if set(tokenize(" ".join(words))) & own:
            return True
    return False


def _quotes_no_instance(ctx: Context, kind: str) -> bool:
    """Whether the passages the answer quotes name no body, person or place (``kind``) besides the
    question's own: "Which logistics companies will use the QuikBot–Guardforce system?" is not
    answered by the sentence about QuikBot and Guardforce, while "Which two people shared the
    chair?" is by a sentence naming them, bold or not."""
    idx = ctx.idx
    asked = {
        t for t in tokenize(" ".join(re.findall(r"\b[A-Z][\w&'’-]*", ctx.q.text))) if t not in side_and_month_terms()
    }
    for quote in ctx.cites.quotes:
        if kind == "person":
            found = sp.people(idx, quote.doc_id, quote.start, quote.end)
        elif kind == "place":
            found = sp.places(idx, quote.doc_id, quote.start, quote.end)
        else:
            found = sp.tagged(idx, quote.doc_id, quote.start, quote.end, ("org",))
        text = idx.documents[quote.doc_id].text
        for f in found:
            # the whole capitalised run the tagger cut it from ("Shenzhen Intelligence Guardforce
            # Robot Technology Co., Ltd", tagged from "Robot")
            before = re.search(r"(?:[A-Z][\w&'’.-]*,?\s+)*$", text[max(quote.start, f.start - 80) : f.start])
            name = (before.group(0) if before else "") + text[f.start : f.end]
            if not set(tokenize(name)) & asked:
                return False
    return True


def _refusal_reason(ctx: Context, signals: dict[str, float]) -> str:
    unmet = _unmet_form(ctx, ctx.__dict__.get("_cands", [])) or ctx.__dict__.get("_unstated")
    if unmet:
        return unmet
    if ctx.__dict__.get("_focus_unmet") and (signals.get("focus_missing") or signals.get("focus_unnamed")):
        return ctx.__dict__["_focus_unmet"]
    if ctx.__dict__.get("_nameless"):
        return ctx.__dict__["_nameless"]
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
    if (
        signals.get("typed")
        and not signals.get("type_found")
        and ctx.q.focus is not None
        and ctx.q.focus.kind == "role"
    ):
        return f"no {md_text(ctx.q.focus.phrase)} is given for this"
    if signals.get("typed") and not signals.get("type_found"):
        what = {
            "person": "no person",
            "org": "no organisation",
            "place": "no place",
            "date": "no date",
            "number": "no figure",
            "amount": "no amount",
            "time": "no time of day",
            "frequency": "no frequency",
            "duration": "no length of time",
            "percent": "no percentage",
            "quote": "no quotation of that speaker",
        }.get(ctx.q.expected, "nothing of that kind")
        return f"{what} is given for this"
    return "the closest passages are not about this"


# "List all the meetings", "which meeting signed the most MOUs": questions across every release.
_ALL_MEETINGS = re.compile(
    r"\b(?:all|every|each|list)\b[^?]{0,30}\b(?:meetings|jic meetings|events)\b|"
    r"\bwhich (?:meeting|jic meeting|event)s?\b[^?]*\b(?:most|fewest|least|more|highest|lowest)\b|"
    r"\bwhich\b(?:\s+(?:is|was|were|are))?\s+the\s+(?:earliest|oldest|latest|newest|most recent)\s+"
    r"(?:[\w-]+\s+){0,5}?(?:meeting|event)\b|"
    r"\b(?:most|fewest)\s+(?:mous|agreements|projects)\b",
    re.I,
)


_PLACE_TERMS = frozenset(tokenize(" ".join(KIND_NOUNS["place"])))


def _propose(ctx: Context, cands: list[Candidate]) -> Proposal | None:
    """The strategies in turn: the first that applies answers (the chooser then judges it)."""
    q = ctx.q
    if _SECTION_Q.search(q.text):
        # "Through what does a 2022 section heading say the collaborations bring benefits?": a
        # heading the release prints, not its items.
        got = _section_heading(ctx, cands)
        if got:
            return got
    got = _comparative_counts(ctx)
    if got:
        return got
    if _ALL_MEETINGS.search(q.text) and not q.mentions.meetings:
        got = _meetings_answer(ctx)
        if got:
            return got
    if _GROUP_Q.search(q.text):
        # "Under which heading is the Momentum Works MOU listed?": that item's heading, not every heading.
        named = [r for r in _records_naming(ctx, min_names=1) if r.group and (q.scope is None or r.kind == q.scope)]
        if named:
            return Proposal("record-fact", _record_fact_answer(ctx, named))
    if _GROUPING.search(q.text) and (q.scope or re.search(r"\bannex\b", q.text, re.I)):
        got = _groups_answer(ctx)
        if got:
            return Proposal("records", got, True if q.intent == "count" else None)
    if q.intent == "summary":
        body = _summary_answer(ctx)
        return Proposal("summary", body) if body else None
    # Records enumerate MOUs, projects and their parties; "name the pillars" is not about them.
    # ("Name the Southeast Asian cities …": "city" is a word of the initiative's name, not an item)
    item_ok = (
        q.list_item is None
        or scope_of(q.list_item) is not None
        or all(t in SCOPE_WORDS and t not in _PLACE_TERMS for t in tokenize(q.list_item))
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
            # ("How many MOUs has Keppel signed so far?": the items naming it, in every release)
            and (not q.cumulative or bool(_question_names(ctx)))
            and (q.scope is not None)
        )
        if topical and q.intent == "count" and m[2] is None and cands:
            # A sentence that states the count of exactly this topic is the release's own figure.
            sets, idf = _corpus_stats(ctx.idx)
            # (the words of what is counted, not the verb it was done by: "set up" is "established")
            about = tuple(t for t in q.topic if t not in GENERIC) or q.topic
            stated = [
                c
                for c in cands[:5]
                if sp.count_of(ctx.idx, c.sentence.doc_id, c.sentence.start, c.sentence.end, q.count_noun)
                and overlap(about, sets[c.index], idf, max(idf.values(), default=1.0)) >= 0.99
            ]
            if stated:
                return _sentence_answer(ctx, stated + [c for c in cands if c not in stated])
        if topical:
            return Proposal("records", _record_answer(ctx, *m), True if q.intent == "count" else None)
    one = len(ctx.named) == 1
    if q.intent == "count" and counts_records and not q.topic and not q.cumulative and not q.compare and one and cands:
        # "How many new projects were there in 2023?": of the counts the named release states, the
        # one its list bears out (14 projects listed: "14 new joint projects were launched", not
        # "Four new projects were established in the Demonstration Zone").
        listed = [r for r in all_records(ctx.idx) if r.doc_id in ctx.named and r.kind == scope_of(q.count_noun)]
        if listed:
            idx = ctx.idx

            def states_listed(c: Candidate) -> bool:
                x = c.sentence
                got = sp.count_of(idx, x.doc_id, x.start, x.end, q.count_noun)
                return got is not None and as_int(idx.documents[x.doc_id].text[got.start : got.end]) == len(listed)

            stated = [c for c in cands[:8] if states_listed(c)]
            if stated:
                return _sentence_answer(ctx, stated + [c for c in cands if c not in stated])
    if q.intent == "compare":
        body = _compare_answer(ctx)
        if body:
            return Proposal("compare", body)
    if q.compare and len(q.mentions.meetings) + len(q.mentions.years) <= 1 and cands:
        # "What change did the third meeting report versus the year before?": one side is in the
        # releases, the other only in what they say of it ("a doubling … compared to the previous
        # year"); the sentence stating the change answers.
        stated = [c for c in cands[:3] if _CHANGE_STATED.search(c.text)]
        if stated:
            # (what changed is told in words — "a doubling" — not asked as a figure)
            told = dataclasses.replace(ctx, q=dataclasses.replace(q, expected="description", intent="what"))
            proposal = _sentence_answer(told, stated + [c for c in cands if c not in stated])
            ctx.cites = told.cites
            return proposal
    # (a running total counts a noun: "how many have registered so far?" names none, and the
    # releases' totals of projects are not its answer)
    if q.compare or (q.intent == "count" and q.cumulative and q.count_noun):
        body = _figures_answer(ctx)
        if body:
            return Proposal("figures", body, True if q.intent == "count" else None)
    if q.expected == "org" and cands:
        # (an item one of whose parties the question names: "Who is Sembawang CircularTech's
        # partner?" — not one whose title merely uses a programme's name the question gives)
        asked = [set(tokenize(n)) for n in _entities(q.text)]
        recs = [
            r
            for r in _records_naming(ctx, min_names=1)
            if any(n and len(n & set(tokenize(p))) / len(n) >= 0.6 for n in asked for p in r.parties)
        ]
        if recs:
            named = [
                c
                for c in cands
                if any(r.doc_id == c.sentence.doc_id and r.start <= c.sentence.start < r.end for r in recs)
            ]
            if not named and len(recs) <= 3:
                # "Who is Sembawang CircularTech's partner?": the item naming it answers, though the
                # passage listing it ranked below shorter ones that merely mention a partner.
                named = _record_candidates(ctx, recs, cands[0].score)
            if named:
                return _sentence_answer(ctx, named + [c for c in cands if c not in named])
    cue = _cloze(q.text) if q.expected not in _TYPED else None
    if q.intent in ("what", "who") and q.expected not in ("person",):
        recs = _records_naming(ctx)
        if not recs and q.scope and not (cue and any(cue.search(c.text) for c in cands[:20])):
            # "What does Keppel's joint project aim to develop?": the item of that kind of which it
            # is a party (its name, not a place word its partner's name shares).
            own = [set(tokenize(n)) - side_and_month_terms() for n in _entities(q.text)]
            own = [n for n in own if n]
            recs = [
                r
                for r in _records_naming(ctx, min_names=1)
                if r.kind == q.scope and any(n <= set(tokenize(p)) for n in own for p in r.parties)
            ]
        if (
            recs
            and q.expected != "org"
            # (a length of time, a share, a figure asked of an item is stated in its words or not at all)
            # (and so is a place: "In which district is Brookline's metering MOU?" — "… in Eastgate District")
            and q.expected not in ("duration", "percent", "frequency", "time", "amount", "number", "place")
            and not _said_outside(ctx, cands, recs)
        ):
            return Proposal("record-fact", _record_fact_answer(ctx, recs))
    if q.expected == "date" and not q.future and cands and ITEM_SIGNED_Q.search(q.text):
        # "When did X sign its MOU with Y?": a sentence dating it answers; else the release that
        # lists the item dates it.
        got = _sentence_answer(ctx, cands)
        if got.type_found:
            return got
        # (every name the question gives must be one the releases know: an item of IMDA's is not
        # "IMDA's MOU with Alibaba")
        recs = [] if unknown_names(q.text, vocabulary(ctx.idx)) else _records_naming(ctx, min_names=1)
        recs = [r for r in recs if r.kind == q.scope] if q.scope else recs
        if recs:
            kept, ctx.cites = ctx.cites, Citations(ctx.idx)
            dated = _record_date(ctx, recs)
            if dated is not None:
                return dated
            ctx.cites = kept
        return got
    if cands:
        return _sentence_answer(ctx, cands)
    return None


def _record_candidates(ctx: Context, recs: list, score: float) -> list[Candidate]:
    """The first sentence of each record, as candidates scored ``score``."""
    idx, out = ctx.idx, []
    for r in recs:
        for row in rows_by_doc(idx, "sentences").get(r.doc_id, []):
            x = idx.sentences[row]
            if r.start <= x.start < r.end:
                out.append(Candidate(row, x, idx.documents[r.doc_id].text[x.start : x.end], 0.0, 0.0, score))
                break
    return out


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
    ans = _answer_once(idx, retriever, question, history=history, filters=filters)
    parts = _compound_parts(question)
    if parts and ans.strategy in STRUCTURED and not _JOINT_WH.match(question):
        # One strategy may answer both from its records or figures ("How many MOUs and how many
        # projects …"): unless its answer never speaks of what a part counts. ("When and where …?"
        # asks two things of one clause: no one strategy answers both.)
        nouns = [analyse(p).count_noun for p in parts]
        lead = ans.text.split("\n", 1)[0]
        if not all(nouns) or all(re.search(rf"\b{re.escape(n)}", lead, re.I) for n in nouns):
            parts = None
    if parts:
        # Two questions in one: each answered by the strategy that fits it, unless one strategy
        # answered both from its records or figures ("How many MOUs and how many projects …").
        compound = _compound(idx, retriever, parts, history=history, filters=filters)
        if compound is not None:
            return dataclasses.replace(compound, seconds=time.perf_counter() - t0)
    other = _counts_side_by_side(idx, retriever, ans, filters)
    if other is None and ans.strategy in ("figures", "compare"):
        other = _side_by_side(idx, retriever, ans, filters)
    if other is None and not ans.found:
        other = _bridged(idx, retriever, ans, filters)
    if other is None:
        return ans
    return dataclasses.replace(other, seconds=time.perf_counter() - t0)


_MENTION = re.compile(rf"\b(?:(?:19|20)\d\d|\d+(?:st|nd|rd|th)|(?:{ORDINAL_PATTERN}))\b", re.I)

# "When was the third JIC held and how many MOUs were signed there?": a second question joined to the
# first by "and", opening with a question word of its own and a verb or "many"/"much" after it.
_WH_OPEN = r"(?:who|whom|whose|what|when|where|which|why|how)"
_SECOND_Q = re.compile(
    rf"(?:,\s*and|\s+and|;)\s+(?=(?:also\s+)?{_WH_OPEN}(?:['’]s\b|\s+(?:many|much|long|often|"
    + "|".join(sorted(AUXILIARIES, key=len, reverse=True))
    + r")\b|\s+[\w-]+\s+(?:"
    + "|".join(sorted(AUXILIARIES, key=len, reverse=True))
    + r")\b))",
    re.I,
)


_AUX_ALT = "|".join(sorted(AUXILIARIES, key=len, reverse=True))
# "When and where was it held?", "On what date and at which venue did X sign?": two question
# phrases sharing one clause.
_JOINT_WH = re.compile(
    rf"^\s*(?P<w1>(?:(?:in|on|at|from|by|with|for)\s+)?{_WH_OPEN}(?:\s+(?!(?:and|{_AUX_ALT})\b)[\w-]+){{0,2}}?)"
    rf"\s*,?\s+and\s+(?P<w2>(?:(?:in|on|at|from|by|with|for)\s+)?{_WH_OPEN}(?:\s+(?!(?:{_AUX_ALT})\b)[\w-]+){{0,2}}?)"
    rf"\s+(?P<rest>(?:{_AUX_ALT})\b.+)$",
    re.I,
)


def _compound_parts(question: str) -> list[str] | None:
    """The questions a compound question joins ("Who co-chaired the 4th meeting and where was it
    held?" → "Who co-chaired the 4th meeting?", "where was it held?"; "When and where was it held?"
    → "When was it held?", "Where was it held?"); None for one question. A first part that stops at
    its noun ("How many MOUs and how many projects came out of …") takes the second part's predicate."""
    text = question.strip()
    joint = _JOINT_WH.match(text)
    if joint:
        rest = joint.group("rest").rstrip(" ?")
        w1, w2 = joint.group("w1"), joint.group("w2")
        return [f"{w1[:1].upper()}{w1[1:]} {rest}?", f"{w2[:1].upper()}{w2[1:]} {rest}?"]
    fronted = re.match(rf"\s*([^,?]{{3,80}}),\s+(?={_WH_OPEN}\b)", text, re.I)
    if fronted and not re.match(rf"\s*{_WH_OPEN}\b", text, re.I):
        # "After the 2nd JIC meeting, how many projects and how many MOUs …?": each part keeps
        # the phrase put before both.
        parts = _compound_parts(text[fronted.end() :])
        lead = fronted.group(1).strip()
        return [f"{lead}, {p[:1].lower()}{p[1:]}" for p in parts] if parts else None
    if not re.match(rf"\s*{_WH_OPEN}\b", text, re.I):
        return None
    m = _SECOND_Q.search(text)
    if m is None:
        return None
    first, second = text[: m.start()].strip(" ,;"), text[m.end() :].strip()
    second = re.sub(r"^also\s+", "", second, flags=re.I)
    if len(first.split()) < 2 or len(second.split()) < 2:
        return None
    q1, q2 = analyse(first + "?"), analyse(second)
    if q1.intent == "count" and q1.count_noun and first.lower().rstrip().endswith(q1.count_noun.lower()):
        # "How many MOUs" + "how many new joint projects came out of the 2023 session"
        if q2.count_noun and q2.count_noun.lower() in second.lower():
            at = second.lower().index(q2.count_noun.lower()) + len(q2.count_noun)
            first = f"{first} {second[at:].strip().rstrip('?')}"
    second = second[:1].upper() + second[1:]
    return [first.rstrip("?") + "?", second if second.endswith("?") else second + "?"]


def _compound(
    idx: LoadedIndex,
    retriever: Retriever,
    parts: list[str],
    *,
    history: Sequence[str | Mapping[str, Any]] | None,
    filters: Filters,
) -> Answer | None:
    """Each question of a compound answered in turn, one under the other; a later one reads the
    earlier ones as the conversation before it ("where was *it* held?"). None when none is answered."""
    turns = list(history or [])
    answered: list[tuple[str, Answer]] = []
    for part in parts:
        a = _answer_once(idx, retriever, part, history=turns, filters=filters)
        answered.append((part, a))
        turns += [{"role": "user", "content": part}, {"role": "assistant", "content": a.text}]
    if not any(a.found for _, a in answered):
        return None
    combined = _combined(idx, answered, " ".join(parts))
    # The facts first: each part's bold answer on one line ("**25 November 2022** [1] · **Eight** MOUs
    # [1]"), each part then quoted under its own question.
    leads = []
    for part, _ in answered:
        after = combined.text.split(f"*{md_text(part)}*\n\n", 1)
        first = after[1].split("\n", 1)[0] if len(after) == 2 else ""
        m = re.match(r"(\*\*.+?\*\*(?:[^(\[\n]*?))\s*\([^)]*\)\s*((?:\[\d+\])+)?", first)
        if m:
            leads.append(f"{m.group(1).strip()} {m.group(2) or ''}".strip())
    text = combined.text
    if len(leads) >= 2:
        text = " · ".join(leads) + "\n\n" + text
    return dataclasses.replace(combined, text=text, strategy="compound")


# A figure's qualifier and the range of values it allows, as multiples of the figure.
_QUALIFIERS = (
    (re.compile(r"\b(?:more than|over|at least|upwards of|in excess of)\b", re.I), 1.0, float("inf")),
    (re.compile(r"\b(?:up to|nearly|almost|under|fewer than|less than|close to|as many as)\b", re.I), 0.0, 1.0),
    (re.compile(r"\b(?:about|around|some|approximately|roughly|an estimated|about)\b", re.I), 0.9, 1.1),
)
_FIGURE_LINE = re.compile(r"^\*\*(.+?)\*\*([^(\[\n]*)")


def _figure_range(figure: str) -> tuple[float, float] | None:
    """The values a stated figure allows: "more than 420" — above 420; "some 180" — about 180."""
    n = as_int(figure)
    if n is None:
        return None
    for pattern, lo, hi in _QUALIFIERS:
        if pattern.search(figure):
            return n * lo, n * hi
    return float(n), float(n)


def _count_verdict(asked: CountsCompared, figures: list[str]) -> str | None:
    """Which side has more (or fewer), when the two stated figures settle it whatever their
    qualifiers; None when they do not ("about 50" against "nearly 55")."""
    ranges = [_figure_range(f) for f in figures]
    if None in ranges:
        return None
    (a_lo, a_hi), (b_lo, b_hi) = ranges
    if a_lo == a_hi == b_lo == b_hi:
        first = None  # the same number
    elif a_lo > b_hi:
        first = True  # A has more
    elif b_lo > a_hi:
        first = False
    else:
        return None
    against = f"{figures[0].strip()} against {figures[1].strip()}"
    if first is None:
        return f"**{'No' if not asked.which else 'The same number'}** — {against}"
    a_wins = first != asked.fewer
    if asked.which:
        side = asked.sides[0 if a_wins else 1]
        return f"**{side[:1].upper()}{side[1:]}** — {against}"
    return f"**{'Yes' if a_wins else 'No'}** — {against}"


def _counts_side_by_side(idx: LoadedIndex, retriever: Retriever, ans: Answer, filters: Filters) -> Answer | None:
    """A comparison of two counts ("Which drew more people, the 3rd Forum or the 7th JIC meeting?",
    "Were more agreements signed at the mission than pilot agreements at the final?"), answered as
    its two "how many" questions, one under the other, each by the strategy that fits it; the side
    with more leads when the two figures settle it. None when the question is no such comparison,
    when a comparison of the releases' own MOU or project counts already answered it, or when
    neither side's count is found."""
    asked = counts_compared(ans.query)
    if asked is None or VERDICT.match(ans.text):
        return None
    parts = [(side, _answer_once(idx, retriever, side, filters=filters)) for side in asked.questions]
    if not any(a.found for _, a in parts):
        return None
    combined = _combined(idx, parts, ans.query)
    figures = []
    for _, a in parts:
        m = _FIGURE_LINE.match(a.text) if a.found else None
        if m is None or re.search(r"\bof the\b", m.group(1)):
            return combined  # (no figure, or how many of a list match a topic: no count of the side)
        figures.append(f"{m.group(1)}{m.group(2)}".strip())
    verdict = _count_verdict(asked, figures)
    if verdict is None:
        return combined
    return dataclasses.replace(combined, text=f"{verdict}\n\n{combined.text}")


def _side_questions(question: str) -> tuple[str, str] | None:
    """The two questions a comparison asks ("Which channels did IMDA list in 2022 versus 2023?":
    "… in 2022?" and "… in 2023?"), the second side's words put in place of the first's: a whole
    question when it is one, else from its first word when the first side uses it ("… the MOU
    versus the joint project …"), else in place of the first side's year or ordinal."""
    sides = compare_sides(question)
    if not sides:
        return None
    a, b = sides
    if re.match(r"(?:what|which|who|whom|whose|when|where|how)\b", b, re.I):
        return f"{a}?", f"{b}?"
    first = b.split()[0].lower()
    if first in DETERMINERS or first in PREPOSITIONS:
        at = a.lower().rfind(f" {first} ")
        return (f"{a}?", f"{a[: at + 1]}{b}?") if at >= 0 else None
    marks = list(_MENTION.finditer(a))
    if not marks or not _MENTION.fullmatch(b.strip()):
        return None
    m = marks[-1]
    return f"{a}?", f"{a[: m.start()]}{b.strip()}{a[m.end() :]}?"


def _side_by_side(idx: LoadedIndex, retriever: Retriever, ans: Answer, filters: Filters) -> Answer | None:
    """A comparison of things that are not figures ("Which social media channels did IMDA list in
    2022 versus 2023?"), answered as its two questions, each by the strategy that fits it, one
    under the other; None when it is a comparison of figures, when either side's question cannot
    be told apart, or when each side's closest sentence answered and no side asks for a span (a
    name, a date, an address) its own question would put in bold."""
    q = analyse(ans.query)
    if q.expected in ("number", "amount") or q.intent == "count":
        return None
    asked = _side_questions(ans.query)
    if asked is None:
        return None
    if ans.strategy == "compare" and not all(analyse(side).expected in _TYPED for side in asked):
        return None  # each side's closest sentence, quoted, answers a "how do they differ"
    parts = [(side, _answer_once(idx, retriever, side, filters=filters)) for side in asked]
    if not any(a.found for _, a in parts):
        # Neither side's question is answered: a figure from each release would answer neither.
        return dataclasses.replace(parts[0][1], query=ans.query, intent=ans.intent)
    return _combined(idx, parts, ans.query)


def _combined(idx: LoadedIndex, parts: list[tuple[str, Answer]], query: str) -> Answer:
    """Answers one under the other, each under its question in italics, their citations numbered
    anew in that order (a side the releases say nothing of says so)."""
    cites = Citations(idx)
    lines: list[str] = []
    for side, a in parts:
        lines += [f"*{md_text(side)}*", ""]
        if a.found:
            new = _renumber(cites, a)
            lines += [_body(a, new), ""]
        else:
            lines += ["The releases don't say.", ""]
    lines.append(cites.sources())
    found = [a for _, a in parts if a.found]
    return dataclasses.replace(
        found[0],
        text="\n".join(lines).strip(),
        query=query,
        citations=list(cites.hits),
        quotes=list(cites.quotes),
        confidence=min(a.confidence for a in found),
        strategy="compare",
    )


def _renumber(cites: Citations, a: Answer) -> dict[int, int]:
    """``a``'s citation numbers → their numbers in ``cites`` (its quotes cited there anew)."""
    new = {q.citation: cites.cite(q.doc_id, q.start, q.end) for q in a.quotes}
    for n, hit in enumerate(a.citations, 1):
        new.setdefault(n, cites.add_hit(hit))
    return new


def _body(a: Answer, new: dict[int, int]) -> str:
    """``a``'s text without its sources, its [n] markers renumbered by ``new``."""
    text = a.text.split("\n\n**Sources**", 1)[0]
    return re.sub(r"\[(\d+)\]", lambda x: f"[{new.get(int(x.group(1)), x.group(1))}]", text)


# "Who heads the drone delivery firm that signed up at the seventh meeting?": a body the question
# describes by a clause that closes it, instead of naming it.
_DESCRIBED = re.compile(
    r"\bthe\s+((?:[\w'’-]+\s+){0,4}?)("
    + "|".join(sorted(map(re.escape, KIND_NOUNS["org"]), key=len, reverse=True))
    + r")\s+(?:that|which|who)\s+([^?]+?)\s*\??\s*$",
    re.I,
)
_BRIDGES = 3  # bodies tried, in the order the answer naming them gives them


def _bridged(idx: LoadedIndex, retriever: Retriever, ans: Answer, filters: Filters) -> Answer | None:
    """A question about a body it describes rather than names, answered in two steps when the
    releases never say both things in one place: which body the description fits ("Which drone
    delivery firm signed up at the seventh meeting?"), then the question about it by name ("Who
    heads Skyward Couriers?"). Both steps are quoted and cited; None when either finds nothing."""
    m = _DESCRIBED.search(ans.query)
    if not m:
        return None
    first = _answer_once(idx, retriever, f"Which {m.group(1)}{m.group(2)} {m.group(3)}?", filters=filters)
    if not first.found:
        return None
    lead = first.text.split("\n\n", 1)[0]
    for name in re.findall(r"\*\*(.+?)\*\*", lead)[:_BRIDGES]:
        name = re.sub(r"\\(.)", r"\1", name)  # (as the release prints it, not as Markdown escapes it)
        name = _LEGAL.sub("", name).strip() or name  # ("Skyward Couriers", as its people are titled)
        asked = f"{ans.query[: m.start()]}{name}?"
        second = _answer_once(idx, retriever, asked, filters=filters)
        if second.found:
            return _joined(idx, second, first, name, ans.query[m.start() : m.end()].rstrip(" ?"))
    return None


def _joined(idx: LoadedIndex, answer: Answer, bridge: Answer, name: str, described: str) -> Answer:
    """``answer`` about ``name``, then the quote of ``bridge`` saying ``name`` is the body
    ``described``, their citations numbered anew in that order."""
    cites = Citations(idx)
    main = _body(answer, _renumber(cites, answer))
    new = _renumber(cites, bridge)
    # (the words that name it — an annex title "MOU between Skyward Couriers Pte Ltd and …" — else
    # the first the step quoted)
    span = _naming_sentence(idx, bridge, name)
    quoted_lines = [line for line in _body(bridge, new).split("\n") if line.startswith("> ")][:1]
    naming = [quote_line(idx.documents[span[0]].text[span[1] : span[2]], cites.cite(*span))] if span else []
    said = naming + [line for line in quoted_lines if line not in naming]
    parts = [main, "", f"*{md_text(name)} is {md_text(described)}:*", ""]
    for line in said:
        parts += [line, ""]
    parts.append(cites.sources())
    return dataclasses.replace(
        answer,
        text="\n".join(parts).strip(),
        citations=list(cites.hits),
        quotes=list(cites.quotes),
        interpreted=True,
        confidence=min(answer.confidence, bridge.confidence),
    )


_NEAR_QUOTE = 600  # characters from a quote of the bridging step within which its name is looked for


def _naming_sentence(idx: LoadedIndex, bridge: Answer, name: str) -> tuple[str, int, int] | None:
    """The sentence (or table cell) naming ``name`` nearest a quote of the bridging step: the
    words that say which body it is, when its quote does not ("Both parties will trial …" under
    a parties cell "Skyward Couriers Pte Ltd")."""
    for q in bridge.quotes:
        text = idx.documents[q.doc_id].text
        spots = [m.start() for m in re.finditer(re.escape(name), text, re.I) if abs(m.start() - q.start) <= _NEAR_QUOTE]
        if not spots:
            continue
        at = min(spots, key=lambda p: abs(p - q.start))
        for row in rows_by_doc(idx, "sentences").get(q.doc_id, ()):
            x = idx.sentences[row]
            if x.start <= at < x.end:
                return q.doc_id, x.start, x.end
    return None


def _answer_once(
    idx: LoadedIndex,
    retriever: Retriever,
    question: str,
    *,
    history: Sequence[str | Mapping[str, Any]] | None = (),
    filters: Filters,
) -> Answer:
    t0 = time.perf_counter()
    raw = normalize_query(question)

    def unanswered(text: str, query: str = raw, intent: str = "what", interpreted: bool = False) -> Answer:
        """An answer that asks for a question, or says which reference it could not resolve."""
        return Answer(text, False, [], [], query, intent, interpreted, time.perf_counter() - t0, strategy="none")

    if not raw or not re.search(r"\w", raw):
        return unanswered("Please ask a question about the Smart City Initiative releases.")
    person = person_reference(raw, history)
    if person and person[1] is None:
        word, _, named = person
        return unanswered(
            f"I'm not sure who “{md_text(word)}” refers to — the last answer named "
            + " and ".join(f"“{md_text(n)}”" for n in named)
            + ". Ask again with the name you mean."
        )
    dangling = dangling_reference(raw, history)
    if dangling:
        return unanswered(
            f"I'm not sure what “{md_text(dangling)}” refers to — this is the first question of the "
            "conversation. Ask again naming the meeting, release or partner you mean (for example "
            "“How many projects were launched at the 4th JIC meeting?”)."
        )
    # "What will the two sides set up under it?": what the previous answer quoted is the likeliest
    # home of "it"; its annex item names it, and sentences near those quotes rank higher.
    prev_spans, referent = previous_evidence(idx, history) if history and points_back(raw) else ([], None)
    if history and not prev_spans and _elliptical(raw):
        # "how many teams made the final?" after a question about a contest: a follow-up that names
        # nothing of its own (no name, meeting, year) goes on about the documents the previous
        # answer quoted; their sentences rank a little higher (nothing is rewritten).
        quoted_in = dict.fromkeys(d for d, _, _ in previous_evidence(idx, history)[0])
        prev_spans = [(d, 0, len(idx.documents[d].text)) for d in quoted_in]
    nth = nth_listed(idx, raw, history) if history else None
    if person:
        # "What did he say?" after an answer naming one person: that person.
        resolved, interpreted = person[1], True
    elif nth:
        # "Who signed the first one?" after a list: that item, named as the list gave it.
        (m, rec), referent = nth, record_referent(nth[1])
        prev_spans = [(rec.doc_id, rec.start, rec.end)]
        resolved, interpreted = f"{raw[: m.start()]}{referent.one}{raw[m.end() :]}", True
    else:
        resolved, interpreted = resolve(
            to_english(raw, document_names(idx), document_glosses(idx), dictionary=True), history, referent
        )
    interpreted = interpreted or has_cjk(raw)
    repaired = repair(resolved, vocabulary(idx))
    interpreted = interpreted or repaired != resolved
    resolved = repaired
    q = analyse(resolved)
    if not [t for t in q.terms if t not in _QUESTION_ONLY]:
        return unanswered(
            "Please ask a question about the Smart City Initiative releases — for example, "
            "“How many MOUs were signed at the 4th JIC meeting?”",
            resolved,
            q.intent,
            interpreted,
        )
    qv = retriever.encode_query(resolved)
    hits = retriever.search(resolved, k=16, filters=filters, query_vector=qv)
    allowed = {d.doc_id for d in idx.documents.values() if filters.allows(d)}
    # One story told once: a copy is used only when the filters leave out its canonical release.
    allowed = {d for d in allowed if not (idx.documents[d].copy_of and idx.documents[d].copy_of in allowed)}
    named_anywhere = {d.doc_id for d in matching_documents(q.mentions, idx.documents.values())}
    named = {d.doc_id for d in matching_documents(q.mentions, (idx.documents[x] for x in sorted(allowed)))}
    ctx = Context(idx, retriever, q, qv, hits, allowed, named, Citations(idx))
    ctx.__dict__["_asked"] = raw  # (the words the user typed, before a reference was resolved)

    body, found, proposal, signals = None, True, None, {}
    reported, known = meetings_known(idx)
    # An ordinal of another kind of occasion ("the inaugural session of the working group") is not
    # a meeting the releases lack.
    other = names_other_body(q.mentions, idx.documents.values())
    missing = [m for m in q.mentions.meetings if m not in known and not other]
    if not hits:
        body, found = _not_found(ctx, "no passage matches"), False
    elif named_anywhere and not (named_anywhere & allowed) and filters.active and not q.mentions.latest:
        labels = ", ".join(sorted(doc_label(idx, d) for d in named_anywhere))
        body = (
            f"**The filters exclude the release this question names** ({md_text(labels)}). "
            "Clear or widen the release and date filters to ask about it."
        )
        found = False
    elif filters.active and filtered_out_name(ctx):
        name, docs = filtered_out_name(ctx)
        labels = ", ".join(sorted(doc_label(idx, d) for d in docs))
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
    elif _year_unreported(ctx):
        # "How many MOUs were signed in 2025?" with releases of 2022 and 2023: another year's figure
        # is not that year's, and no release says anything of it.
        years = sorted({idx.documents[d].date[:4] for d in allowed if idx.documents[d].date})
        asked = next(str(y) for y in q.mentions.years if not _says_year(ctx, y))
        body, found = _not_found(ctx, f"the releases cover {', '.join(years)}, not {asked}"), False
    else:
        # (a running total is every release's, unless the question names the one to read)
        scope = named if named and not q.compare and (not q.cumulative or q.mentions.dated_source) else allowed
        avoid = None
        if prev_spans and _ANOTHER.search(raw):
            # "Is there another logistics project?": not the item the previous answer gave (its
            # whole record: the title and description cells), or else not its first quote.
            avoid = [
                (r.doc_id, r.start, r.end)
                for r in all_records(idx)
                for d, a, _ in prev_spans
                if r.doc_id == d and r.start <= a < r.end
            ] or prev_spans[:1]
        cands = rank_sentences(
            idx,
            q,
            qv,
            hits,
            docs=scope,
            named_docs=named,
            near=None if avoid else prev_spans,
            avoid=avoid,
            encode=retriever.embedder.encode,
        )
        # (a closing verb after "do/does/did/will …", not a noun that ends the question)
        verb = _closing_phrase(raw) if prev_spans and not avoid and _DO_VERB.match(raw) else None
        if verb:
            # "How many projects were added?" then "What do they focus on?": the sentence the previous
            # answer quoted says it ("… focusing on new-generation information technology …"), however
            # far the rewritten question's words have moved the ranking.
            quoted_before = {(d, a, b) for d, a, b in prev_spans}
            said = [
                c
                for c in cands
                if verb.search(c.text)
                and any(d == c.sentence.doc_id and a <= c.sentence.start < b for d, a, b in quoted_before)
            ]
            cands = said[:1] + [c for c in cands if c not in said[:1]]
        if q.expands:
            # "What's the SCI's full name?": where a release spells it out ("… Smart City Initiative
            # (SCI)"), however far that sentence ranks.
            defined = _defining(ctx, q.expands, cands[0].score if cands else 0.0)
            cands = defined + [c for c in cands if all(c.index != x.index for x in defined)]
        asked_nth = _ordinals_of(q.text)
        if asked_nth:
            # "Where is Rajah & Tann's *first* representative office?": a sentence about its *second*
            # one is about another office.
            cands = [c for c in cands if not _other_ordinal(asked_nth, c.text)]
        if _EDITION.search(q.text):
            cands = [c for c in cands if not _other_edition(q.text, c.text)]
        if q.mentions.years and not named and not q.compare and q.expected in _FACT_TYPES:
            # "In which month of 2019 was the SCI launched?": no release is of 2019, so only a
            # sentence that speaks of 2019 may answer.
            said_year = [c for c in cands if any(str(y) in c.text for y in q.mentions.years)]
            cands = said_year or cands
        # (the meetings reported of the body the question names: the 4th JIC meeting is no 4th
        # Steering Committee meeting)
        of_body = [
            d.meeting
            for d in idx.documents.values()
            if d.meeting and d.event and any(same_body(b, d.event) for b in q.mentions.bodies)
        ]
        if of_body:
            reported = sorted(set(of_body))
        if q.mentions.meetings and not named and not other and not set(q.mentions.meetings) & set(reported):
            # A meeting the releases mention but do not report ("the 8th JIC meeting will be held
            # in Shenzhen"): only what they say of it answers.
            # (of the body asked: "the 4th SCI JIC meeting" says nothing of the 4th JSC meeting)
            def of_meeting(c: Candidate) -> bool:
                said = parse_mentions(c.text)
                return bool(set(said.meetings) & set(q.mentions.meetings)) and (
                    not q.mentions.bodies
                    or not said.bodies
                    or any(same_body(a, b) or same_body(b, a) for a in q.mentions.bodies for b in said.bodies)
                )

            cands = [c for c in cands if of_meeting(c)]
        elif q.mentions.meetings:
            # "When was the 7th JIC meeting held?": a sentence about another meeting of the same
            # release ("The 8th JIC meeting will be held in Shenzhen in 2026") is not evidence.
            # (Only another meeting of the same body: "the working group will hold its first
            # meeting" is not about the JIC's meetings at all.)
            asked = set(q.mentions.meetings)
            body = {w.lower() for b in q.mentions.bodies for w in b.split()}

            def other_meeting(c: Candidate) -> bool:
                if _RELATIVE_MEETING.search(c.text):
                    return True  # "The previous meeting took place in Ningbo in October 2025."
                said = parse_mentions(c.text)
                words = {w.lower() for b in said.bodies for w in b.split()}
                return bool(said.meetings) and not set(said.meetings) & asked and bool(words & body if body else words)

            if _RELATIVE_MEETING.search(q.text) and not re.search(r"\b(?:after|before)\s+the\b", q.text, re.I):
                # "According to the fifth meeting's release, where will the next meeting be held?":
                # only what it says of another meeting answers, not where the fifth was held.
                cands = [c for c in cands if other_meeting(c)]
            else:
                cands = [c for c in cands if not other_meeting(c)]
        # "When will the centre in Ningbo open?": a sentence about one in another place is not evidence.
        cands = [c for c in cands if not _placed_elsewhere(ctx, c)]
        if q.expected in ("date", "place", "amount") and cands:
            # "When is the Harbour Innovation Forum?": the schedule row's cell that names it stands
            # for its row ("… | 8–9 September 2026 | Marina Bay Exhibition Halls").
            cands = [row_candidate(ctx, c) for c in cands[:3]] + cands[3:]
        ctx.__dict__["_cands"] = cands
        proposal = _propose(ctx, cands)
        signals = _signals(ctx, cands, proposal)
        m = q.mentions
        if (
            signals.get("typed")
            and not signals.get("type_found")
            and scope is named
            and named != allowed
            and (m.months or m.years)
            and not (m.meetings or m.latest or m.earliest)
        ):
            # "Who became chief executive of the Board in October 2026?": a month or year names the
            # releases dated then, but may date the thing asked in a page dated otherwise (a
            # newsletter of September: "appointed … from 1 October 2026"). When the releases dated
            # then hold nothing of the asked kind, the others are searched.
            wider = rank_sentences(idx, q, qv, hits, docs=allowed, named_docs=named, encode=retriever.embedder.encode)
            wide = dataclasses.replace(ctx, cites=Citations(idx))  # (the first try's citations are not shown)
            again = _propose(wide, wider)
            again_signals = _signals(wide, wider, again)
            # (and only a passage that itself states the month or year asked about)
            said = parse_mentions(" ".join(re.findall(r"“([^”]*)”", again.body))) if again else None
            if (
                again_signals.get("type_found")
                and said is not None
                and set(m.months) <= set(said.months)
                and set(m.years) <= set(said.years)
            ):
                ctx, cands, proposal, signals = wide, wider, again, again_signals
                ctx.__dict__["_cands"] = cands
        cal = load_calibration()
        confidence = cal.confidence(signals)
        # "What is the population of X?": a kind the releases never use, and evidence that covers
        # none of the question, is not an answer however close the sentence sounds.
        # (a fact about the document itself — its headline, publisher, date — is read off it)
        own_fact = proposal is not None and proposal.strategy == "document"
        uncovered_kind = signals["kind_unknown"] and signals["coverage"] < 0.3 and not own_fact
        # "Which banks …" when the release says "banks" and names none: nothing to name, however
        # close the sentence (a missing focus is only a signal: the release may use a synonym).
        # "Which payment apps will it support?" asks to name several: when the closest passages never
        # use the word, and the answer could put none in bold and quotes no list, they name none.
        # (A singular "which scheme" is often named by another word: "a joint funding programme";
        # a list quoted may be the things asked under another name: "focusing on A, B, and C".)
        # "Which logistics companies will use it?" asks to name a body, person or place: a passage
        # quoted with none of them in bold, and no list, names none however close it is.
        nameless = (
            q.focus is not None
            and q.focus.which
            and proposal is not None
            and not proposal.body.lstrip().startswith("**")
            and (
                bool(signals["focus_missing"])
                and q.focus.plural
                and not _lists_of_the_asked(ctx, proposal.body)
                or not _lists_names(proposal.body)
                and q.focus.kind in ("org", "person", "place")
                and proposal.strategy in ("sentence", "record-fact")
                and _quotes_no_instance(ctx, q.focus.kind)
            )
        )
        # "Which college leads the curriculum project?": leading, owning, founding is a relation the
        # quoted passage must state; a parties cell naming a college and a polytechnic does not.
        relation = (
            _who_verb(q.text, q.focus.phrase)
            if q.focus is not None and q.focus.which and not q.focus.kind and PERSON_PREDICATES.search(q.text)
            else None
        )
        unstated = (
            f"the closest passages never say which {md_text(q.focus.phrase)} does that"
            if relation is not None and proposal is not None and not relation.search(proposal.body)
            else None
        )
        if unstated is None and proposal is not None and OWNERSHIP_Q.search(q.text) and not OWNED.search(proposal.body):
            # "What is X's parent company?": a passage that names X's partners says nothing of its owner.
            unstated = "the closest passages name no parent company or subsidiary"
        ctx.__dict__["_unstated"] = unstated
        ctx.__dict__["_nameless"] = f"the closest passages name no {md_text(q.focus.phrase)}" if nameless else None
        unmet = (
            _unmet_form(ctx, cands)
            or (ctx.__dict__["_focus_unmet"] if signals["focus_unnamed"] or nameless else None)
            or ctx.__dict__["_nameless"]
            or unstated
        )
        # A question asking for a person, date, place, figure or amount is not answered by
        # passages that hold none of that kind, however close they are.
        untyped_answer = bool(signals["typed"]) and not signals["type_found"]
        if uncovered_kind or unmet or untyped_answer:
            signals["rule"] = 1.0  # refused by the question's form, whatever the evidence scores
        if proposal is None or confidence < cal.threshold or uncovered_kind or unmet or untyped_answer:
            ctx.cites = Citations(idx)
            body, found = _not_found(ctx, _refusal_reason(ctx, signals) if proposal else "no passage matches"), False
        else:
            body = _with_weekday(q.text, proposal.body)
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
