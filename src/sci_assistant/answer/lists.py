"""Lists and counts of items from structured records (annex tables, bulleted and prose lists)."""

from __future__ import annotations

import re

from ..lexicon import MONTH_NUMBER
from ..retriever import term_set
from ..sparse import tokenize
from .compose import inline, md_text, quote_line
from .context import _LEGAL, Context, all_records, doc_label, record_terms
from .evidence import (
    _corpus_stats,
    _match,
    overlap,
    term_known,
)
from .followup import (
    _entities,
    _party_on_side,
)
from .intents import GENERIC
from .records import Record
from .vocabulary import aliases


def _match_records(ctx: Context) -> tuple[list[Record], list[Record], str | None] | None:
    """(matching records, records in scope, group name matched) or None when records don't apply."""
    idx, q = ctx.idx, ctx.q
    if q.mentions.meetings and not ctx.named:
        # "How many agreements were signed at the 4th JSC?" when no release reports it: another
        # meeting's list is not its list (a sentence may still say: "… the 4th JSC, at which six MOUs
        # were exchanged").
        return None
    scope_docs = ctx.named or ctx.allowed
    recs = [r for r in all_records(idx) if r.doc_id in scope_docs and r.doc_id in ctx.allowed]
    if q.scope:
        recs = [r for r in recs if r.kind == q.scope]
    if not recs:
        return None
    _, idf0 = _corpus_stats(idx)
    # Words the releases never use ("filed under") cannot pick records out; they are dropped.
    topic = tuple(t for t in q.topic if (t not in GENERIC or t in q.object_terms) and term_known(t, idf0))
    # "At the 3rd industry forum": words of the named meeting's own name say which meeting, not
    # which items ("Industry" is not the Nanshan Animation Industry Base's item).
    event_terms = set(tokenize(" ".join(idx.documents[d].event or "" for d in ctx.named)))
    topic = tuple(t for t in topic if t not in event_terms)
    # "Which phase 3 projects have to do with finance?": words every item of a list has (from the
    # heading they are listed under) say which list, not which of its items.
    lists: dict[tuple[int, str | None], list[Record]] = {}
    for r in recs:
        lists.setdefault((r.doc_id, r.group), []).append(r)
    whole = [
        (key, t)
        for t in topic
        for key, rs in lists.items()
        if len(rs) > 1 and all(_match(t, record_terms(r, idx)) for r in rs)
    ]
    naming = {t for _, t in whole}
    if not (naming and len(naming) < len(topic)):
        naming = set()
    if naming:
        named_lists = {key for key in lists if all((key, t) in whole for t in naming)}
        if named_lists:
            recs = [r for r in recs if (r.doc_id, r.group) in named_lists]
            topic = tuple(t for t in topic if t not in naming)
    if not topic:
        return recs, recs, None
    group_hits = [r for r in recs if r.group and all(_match(t, term_set(r.group)) for t in topic)]
    if not group_hits:
        # "… signed under the talent exchange *pillar*": the question names a group in full, with
        # a word of its own for what a group is.
        asked = set(q.terms)
        named = {r.group for r in recs if r.group and set(tokenize(r.group)) and set(tokenize(r.group)) <= asked}
        if named:
            longest = max(len(tokenize(g)) for g in named)
            group_hits = [r for r in recs if r.group in named and len(tokenize(r.group)) == longest]
    if group_hits:
        return group_hits, recs, group_hits[0].group
    if q.side and q.intent in ("list", "count"):
        # "Which projects have a Chinese university as the partner?": the rest of the question is
        # matched against each item's party on that side (a Singapore university does not count).
        # When no party matches, the words are about the items themselves ("Chinese partners in AI").
        _, idf = _corpus_stats(idx)
        default_idf = max(idf.values(), default=1.0)
        sided = [(r, _party_on_side(r.parties, q.side)) for r in recs]
        on_side = [r for r, p in sided if p and overlap(topic, term_set(p), idf, default_idf) >= 0.5]
        if on_side:
            ctx.__dict__["_party_filter"] = True  # the items are named in full, not by that party
            return sorted(on_side, key=lambda r: (r.doc_id, r.start)), recs, None
    _, idf = _corpus_stats(idx)
    default_idf = max(idf.values(), default=1.0)
    units = [u for u in _name_units(ctx) if not any(form <= naming for form in u)]  # ("Phase 3": the list's)
    alternatives = _alternatives(q.text, topic)
    if len(alternatives) > 1:
        # "… bring in AI or deep learning?": a name in one alternative is not asked of the other.
        offered = [set(alt) - set.intersection(*map(set, alternatives)) for alt in alternatives]
        ways = [
            (
                alt,
                [
                    u
                    for u in units
                    if not any(form & own for form in u for own in offered) or any(form & mine for form in u)
                ],
            )
            for alt, mine in zip(alternatives, offered)
        ]
    else:
        ways = [(topic, units)]
    in_names = set(tokenize(" ".join(_entities(q.text))))  # "Qianhai-based": "based" goes with the name

    def matches(alt: tuple[str, ...], alt_units: list[tuple[frozenset[str], ...]]) -> list[Record]:
        if not alt_units:
            # An item that names the topic matches. When none does, the records do not answer: the
            # items merely closest in meaning were, on both question splits, more often wrong than
            # right (a paraphrase is then answered from the sentences that state it).
            return [
                r
                for r in recs
                if overlap(alt, record_terms(r, idx) - _only_in_names(ctx, r, alt), idf, default_idf) >= 0.5
            ]
        # "Which projects involve the National University of Singapore?": the items naming it (in
        # full or by the short form the releases define, "NUS"), not those sharing a word with it.
        named = [
            r for r in recs if all(any(_names(form, record_terms(r, idx), idf) for form in unit) for unit in alt_units)
        ]
        rest = tuple(t for t in alt if t not in in_names and not any(t in form for unit in units for form in unit))
        if rest:
            # The other words count beside the names, each name as one word ("a Qianhai-based
            # counterparty": Qianhai is named, "counterparty" is the release's "partner").
            n = len(alt_units)
            named = [
                r
                for r in named
                if (n + len(rest) * overlap(rest, record_terms(r, idx), idf, default_idf)) / (n + len(rest)) >= 0.5
            ]
        return named

    found = {id(r): r for alt, alt_units in ways for r in matches(alt, alt_units)}
    if not found and not units and q.intent in ("list", "count"):
        # "Which projects involve healthcare?" when none says so: the item about rehabilitation
        # care, if it stands out in meaning. (Words no release uses were dropped above: they are
        # more often another word for a meeting or a list than a topic.)
        found = {id(r): r for r in _closest_records(ctx, recs, topic)}
    matched = sorted(found.values(), key=lambda r: (r.doc_id, r.start))
    return (matched, recs, None) if matched else None


_FEW = 5  # items in scope below which closeness cannot stand out from the rest
_CLOSE = 0.25  # least cosine of an item's best sentence to the question's topic words
_APART = 0.15  # how far above the typical item in scope a matching item stands
_TIE = 0.1  # items within this of the closest stand with it


def _closest_records(ctx: Context, recs: list[Record], topic: tuple[str, ...]) -> list[Record]:
    """The items of ``recs`` that stand out in meaning when none names the topic: "Which 2023
    projects involve healthcare?" — the rehabilitation-care project, the one item far closer to the
    question than the typical item in scope. None when no item stands out (every item about as
    close: the topic is not one of theirs)."""
    import numpy as np

    # The question's own words for the topic ("involve healthcare"), not the words every item in
    # scope shares with it ("the 2023 joint projects").
    words = [w for w in re.findall(r"[\w'’-]+", ctx.q.text) if set(tokenize(w)) & set(topic)]
    if not words or len(recs) < _FEW:
        return []
    qv = ctx.retriever.encode_query(" ".join(words))
    rows = record_sentence_rows(ctx.idx)
    sims = []
    for r in recs:
        js = rows.get((r.doc_id, r.start), [])
        sims.append(float(np.max(ctx.idx.sentence_vectors[js] @ qv)) if js else 0.0)
    best, typical = max(sims), float(np.median(sims))
    if best < _CLOSE or best - typical < _APART:
        return []
    return [r for r, s in zip(recs, sims) if s >= best - _TIE and s - typical >= _APART]


def record_sentence_rows(idx) -> dict[tuple[str, int], list[int]]:
    """Each record's sentence rows, keyed by (doc_id, start), once per generation."""
    got = idx.derived.get("record_sentence_rows")
    if got is None:
        from ..retriever import rows_by_doc

        got = {}
        by_doc = rows_by_doc(idx, "sentences")
        for r in all_records(idx):
            got[(r.doc_id, r.start)] = [
                j for j in by_doc.get(r.doc_id, ()) if r.start <= idx.sentences[j].start < r.end
            ]
        idx.derived["record_sentence_rows"] = got
    return got


def _only_in_names(ctx: Context, r: Record, topic: tuple[str, ...]) -> frozenset[str]:
    """Topic terms an item has only as a word of a capitalised name, in another form than the
    question's: "smart parking" is not about the "Cross-Border E-Commerce Park" (a stem shared by
    "parking" and "Park"), though "universities" finds "Peking University"."""
    text = ctx.idx.documents[r.doc_id].text[r.start : r.end]
    asked = re.findall(r"[A-Za-z][\w'’-]*", ctx.q.text)
    said = re.findall(r"[A-Za-z][\w'’-]*", text)
    out = set()
    for t in topic:
        mine = [w for w in asked if t in tokenize(w)]
        theirs = [w for w in said if t in tokenize(w)]
        if not mine or not theirs or any(w[0].isupper() for w in mine) or any(w[0].islower() for w in theirs):
            continue
        forms = {w.lower().removesuffix("es").removesuffix("s") for w in mine}
        forms |= {w.lower().removesuffix("s") for w in mine} | {w.lower() for w in mine}
        if not any(w.lower() in forms or w.lower().removesuffix("s") in forms for w in theirs):
            out.add(t)
    return frozenset(out)


# "… concern cross-border trade or customs?": two things asked for, either of which an item may be about.
_EITHER = re.compile(r"((?:[\w'’-]+\s+)?[\w'’-]+)\s+or\s+((?:[\w'’-]+\s+){0,2}[\w'’-]+)\s*[?.!]*$")


def _alternatives(question: str, topic: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The topic as the alternatives an "X or Y" closing the question offers (each with the rest of
    the topic), or the whole topic when it offers none."""
    m = _EITHER.search(question)
    if not m:
        return [topic]
    x, y = set(tokenize(m.group(1))) & set(topic), set(tokenize(m.group(2))) & set(topic)
    if not x or not y:
        return [topic]
    rest = tuple(t for t in topic if t not in x and t not in y)
    return [rest + tuple(t for t in topic if t in x), rest + tuple(t for t in topic if t in y)]


def _names(name: frozenset[str], toks: frozenset[str], idf: dict[str, float]) -> bool:
    """Whether an item's terms hold a name: most of its words, and every distinctive one
    ("National University of Singapore" is not "… University of Hong Kong" in "China-Singapore …")."""
    return len(name & toks) / len(name) >= 0.6 and all(t in toks for t in name if idf.get(t, 0) >= 2.5)


def _name_units(ctx: Context) -> list[tuple[frozenset[str], ...]]:
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


def _groups_answer(ctx: Context) -> str | None:
    """The sub-headings an annex sorts its items under, per release, each with its item count and
    the heading quoted where it stands; items printed under no heading are said to be so."""
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
    docs = sorted(d for d in (ctx.named or ctx.allowed) if d in ctx.allowed)
    recs = [r for r in all_records(idx) if r.doc_id in docs and (q.scope is None or r.kind == q.scope)]
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
            f"{md_text(doc_label(idx, d))}: {len(mine)} {noun} under {len(named)} "
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


_ASKS_PARTIES = re.compile(r"\b(?:partners?|parties|party|signator(?:y|ies)|who)\b", re.I)


_LEAD_BUDGET = 280  # characters of a list's first lines that show at a glance (the lead)


def _lead_name(r: Record, brief: bool = False, named: str = "") -> str:
    """An item as the answer's first line names it: its parties without their legal forms
    ("Hashmeta and Shenzhen Qianhai Hand-painted Technology and Culture"), or in a long list one
    party alone — the first, or the other when the question ``named`` the first ("projects with
    NUS": its partner) — so a list of fourteen reads at a glance; the quotes under it give each
    item in full, partners included."""
    if len(r.parties) == 2:
        a, b = (_LEGAL.sub("", p).strip() or p for p in r.parties)
        if a and b:
            if brief:
                asked = set(tokenize(named))

                def said(x: str) -> bool:
                    words = set(tokenize(x))
                    return bool(words) and len(words & asked) / len(words) >= 0.6

                return b if said(a) and not said(b) else a
            return f"{a} and {b}" if r.kind == "mou" else f"{a} – {b}"
    return r.title


def _record_answer(ctx: Context, matched: list[Record], scope: list[Record], group: str | None) -> str:
    idx, cites = ctx.idx, ctx.cites
    lines: list[str] = []
    docs = sorted({r.doc_id for r in matched}, key=lambda d: idx.documents[d].date or "", reverse=True)
    intro_parts = []
    # A list whose items in full would push its last ones out of the first lines names each item
    # briefly (the quotes under it give every item in full), unless the parties are what is asked.
    full = sum(len(_lead_name(r)) + 6 for r in matched) + 70 * len(docs)
    short = full > _LEAD_BUDGET and not _ASKS_PARTIES.search(ctx.q.text)
    for d in docs:
        here = [r for r in matched if r.doc_id == d]
        total = [r for r in scope if r.doc_id == d]
        kinds = {r.kind for r in total}
        noun = "MOUs" if kinds == {"mou"} else "projects" if kinds == {"project"} else "annex items"
        verb = "signed" if kinds == {"mou"} else "launched" if kinds == {"project"} else "listed"
        where = f"at the {doc_label(idx, d)}"
        if len(here) == len(total):
            head = f"**{len(here)} {noun}** were {verb} {where}"
        else:
            what = f"under “{md_text(group)}”" if group else "match"
            head = f"**{len(here)} of the {len(total)} {noun}** {verb} {where} {what}"
        names = []
        for r in here:
            n = cites.cite(r.doc_id, r.start, r.end)
            # "List the Singapore companies that signed": each item's party on that side.
            by_party = ctx.q.side and ctx.q.intent == "list" and not ctx.__dict__.get("_party_filter")
            mine = _party_on_side(r.parties, ctx.q.side) if by_party else None
            # (a long list names each item by its first party, unless the parties are what is asked)
            brief = short or (len(here) > 5 and not _ASKS_PARTIES.search(ctx.q.text))
            names.append(f"{inline(mine or _lead_name(r, brief=brief, named=ctx.q.text))} [{n}]")
        intro_parts.append(f"{head}: " + "; ".join(names) + ".")
    lines.extend(intro_parts)
    lines.append("")
    for r in matched:
        n = cites.cite(r.doc_id, r.start, r.end)
        lines.append(f"- {quote_line(idx.documents[r.doc_id].text[r.start : r.end], n)[2:]}")
    return "\n".join(lines)
