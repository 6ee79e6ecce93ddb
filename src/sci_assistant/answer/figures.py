"""Figures stated over time ("a total of 43 projects … to date"), counts compared across meetings,
and the meetings themselves."""

from __future__ import annotations

import dataclasses
import re

from ..dates import long_date
from ..lexicon import (
    KIND_NOUNS,
    ROLE_NOUNS,
    as_int,
)
from ..mentions import event_ordinal, matching_documents, parse_mentions, same_body
from ..schema import ordinal
from . import spans as sp
from .compose import inline, md_text, quote_line, quoted
from .context import _CUMULATIVE_SENT, Context, Proposal, all_records, doc_label, plural
from .evidence import (
    DATE,
    NUMBER,
    Candidate,
    has_number,
    number_near,
    rank_sentences,
    sentence_fact,
)
from .intents import SUMMED, Question, analyse, scope_of
from .sentence import (
    _anchor_term,
    _dateline,
    _lead_spans,
    _names_in,
    _names_its_event,
    _question_names,
    _sentence_answer,
    _sentence_terms,
)


def _figure_in(c: Candidate, noun: str | None, running: bool = False) -> re.Match[str] | None:
    """The figure a sentence gives; with ``running``, the total it brings the count to ("the new
    projects bring the total to 71 projects": 71) when it says so."""
    if running:
        for m in _TOTAL_TO.finditer(c.text):
            after = NUMBER.search(c.text, m.end())
            if not after or after.start() - m.end() > 20:
                continue
            # "… bring the total to 83 projects, while the MOUs raise the number of MOUs … to 58":
            # the total of the noun asked, named before "to" or right after the figure.
            if noun is None or sp.count_pattern(noun).match(c.text, after.start()) or _names(noun, m.group(0)):
                return after
    return number_near(c.text, noun) if noun else NUMBER.search(c.text)


def _names(noun: str, text: str) -> bool:
    return bool(re.search(rf"\b{re.escape(noun.lower().rstrip('s')[:5])}", text, re.I))


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
    r"\b(?:brings?|bringing|raises?|raising|takes?|taking)\s+(?:the\s+|its\s+)?(?:\w+\s+){0,2}?(?:total|number)\b"
    r"(?:\s+(?:number\s+)?of\s+[^.;:]{1,70}?)?\s+to\b",
    re.I,
)


def _only_total(c: Candidate) -> bool:
    """ "The new projects bring the total to 71 projects": the sentence's only figure is a running
    total (not "launched 15 projects, bringing the total to 71")."""
    m = _TOTAL_TO.search(c.text)
    return bool(m) and not sp.NUMBER.search(c.text, 0, m.start())


def _one_row_per_meeting(ctx: Context, rows: list[tuple[str, Candidate]]) -> list[tuple[str, Candidate]]:
    """One row per meeting: news coverage of a meeting on the day a release reports it ("the 7th
    Joint Committee meeting" beside "the 7th JIC meeting") is the same meeting, told by its release.
    The document the question names ("according to the December 2021 release") is kept, else one its
    own name for the body matches, else the first published."""
    idx, bodies = ctx.idx, [b.lower() for b in ctx.q.mentions.bodies]
    cited = ctx.named if ctx.q.mentions.dated_source else frozenset()

    def rank(d: str) -> tuple:
        doc = idx.documents[d]
        named = any(b in (doc.event or "").lower() for b in bodies)
        return (d not in cited, not named, doc.published or doc.date or "9999", d)

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


# How much closer another sentence of a release may be and still give way to one with the rarest word.
_ANCHOR_CLOSE = 0.15


def _figures_answer(ctx: Context) -> str | None:
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
    if q.cumulative and not q.compare:
        docs = sorted(ctx.allowed)  # every release's total; a named one leads
    else:
        docs = sorted(d for d in (ctx.named or ctx.allowed) if d in ctx.allowed)
    rows = []

    def cumulative(c: Candidate) -> bool:
        return sentence_fact(idx, "cumulative", c.index, lambda: bool(_CUMULATIVE_SENT.search(c.text)))

    running_rows = []  # (for a running total: the releases that state one)
    for d in docs:
        cands = rank_sentences(idx, q, ctx.qv, ctx.hits, docs={d}, named_docs=ctx.named)
        if q.intent == "count":
            if q.cumulative:
                running = [c for c in cands if _running(c) and _figure_in(c, q.count_noun, True)]
                if running:
                    running_rows.append((d, running[0]))
            else:
                cands = [c for c in cands if not cumulative(c) and not _only_total(c)] or cands
            if q.cumulative:  # the figure a running total is brought to counts too
                cands = [c for c in cands if _figure_in(c, q.count_noun, True)]
            else:
                cands = [c for c in cands if has_number(idx, c, q.count_noun)]
                listed = [r for r in all_records(idx) if r.doc_id == d and r.kind == scope_of(q.count_noun or "")]
                if listed:
                    # "How many new projects in 2023 compared to 2022?": of the counts a release states,
                    # the one its list bears out (14 listed: not "Four new projects were established
                    # in the Demonstration Zone").
                    borne = [c for c in cands if as_int((_figure_in(c, q.count_noun) or [""])[0]) == len(listed)]
                    cands = borne + [c for c in cands if c not in borne]
        if cands and q.intent != "count":
            # "Which notable projects did each release single out?": of each release's sentences about
            # as close, one with the question's rarest word ("Notable projects include …").
            anchor = _anchor_term(ctx)
            close = [c for c in cands[:6] if c.score >= cands[0].score - _ANCHOR_CLOSE]
            said = [c for c in close if anchor and anchor in _sentence_terms(ctx, c)]
            cands = said[:1] + [c for c in cands if c not in said[:1]]
        if cands:
            rows.append((d, cands[0]))
    if running_rows:
        # "How many MOUs so far?": the totals releases state; a meeting's own count ("Five MOUs
        # were signed at the Dialogue") is not a running total, wherever else no total is given.
        names = _question_names(ctx)
        if names and all(
            _names_in(ctx, c, names) < 0.5 and not _names_its_event(ctx, d, names) for d, c in running_rows
        ):
            # "How many projects has the EnterpriseSG–STIC programme backed so far?": the
            # initiative's running total is no total of the programme the question names.
            return None
        rows = running_rows
    if not rows:
        return None
    names = _question_names(ctx)
    if names and all(_names_in(ctx, c, names) < 0.5 and not _names_its_event(ctx, d, names) for d, c in rows):
        # "How many employees does Kranji AgriTech have?": figures from sentences that never name
        # it are other things' figures.
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
            else:
                line = _dateline(idx, d) if asked == "date" else None
                date = DATE.search(idx.documents[d].text, *line) if line else None
                if date:
                    # "When was each meeting held?": a release reports its meeting on its dateline.
                    row = next(
                        (j for j, x in enumerate(idx.sentences) if x.doc_id == d and x.start <= line[0] < x.end), None
                    )
                    if row is not None:
                        x = idx.sentences[row]
                        c = Candidate(row, x, idx.documents[d].text[x.start : x.end], 0.0, 0.0, rows[i][1].score)
                        rows[i], typed_rows[d] = (d, c), [sp.Span(d, date.start(), date.end(), "date")]
    rows.sort(key=lambda x: idx.documents[x[0]].date or "", reverse=True)
    if ctx.named and not q.compare and q.cumulative:
        # A date or meeting was named: lead with its figure, then the others.
        rows.sort(key=lambda x: (x[0] not in ctx.named, -(int((idx.documents[x[0]].date or "0").replace("-", "")))))
    if rows and q.cumulative:
        # One programme's running total is no earlier figure of another's ("64 projects under the
        # Ningbo partnership" is not "up from" the JIC's 43): the lead's own series comes next.
        lead_series = _series(idx.documents[rows[0][0]])
        rows = rows[:1] + sorted(rows[1:], key=lambda x: _series(idx.documents[x[0]]) != lead_series)
    parts = []
    table = ["", f"| Release | Date | {'Figure' if q.intent == 'count' else 'Passage'} | Source |", "|---|---|---|---|"]
    for d, c in rows:
        doc = idx.documents[d]
        n = cites.cite(d, c.sentence.start, c.sentence.end, c.score)
        fig = _figure_in(c, q.count_noun, q.cumulative) if q.intent == "count" else None
        if fig:
            noun = f" {md_text(plural(q.count_noun))}" if q.count_noun else ""
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
        if _series(idx.documents[rows[0][0]]) != _series(idx.documents[rows[1][0]]):
            a = None  # (two bodies' figures: not one compared with the other)
        if a is not None and b is not None and newer_first:
            word = "up from" if a > b else "down from" if a < b else "the same as"
            lead = f"{first}, {word} {rest}."
        else:
            lead = f"{first}. Also: {rest}."
        noun = md_text(plural(q.count_noun)) if q.count_noun else ""
        if a is not None and b is not None and len(parts) == 2 and q.intent == "count":
            if _DIFFERENCE.search(q.text) and newer_first:
                # "By how much did the total grow?": the difference, then the two figures it is of.
                change = "more" if a > b else "fewer"
                lead = f"**{abs(a - b)} {change}** {noun} — {lead}" if a != b else f"**No change** — {lead}"
            elif SUMMED.search(q.text) and not q.cumulative:
                # "How many at the 3rd and 4th meetings combined?": the meetings' own counts added.
                lead = f"**{a + b}** {noun} in all — {first}; {rest}."
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


def _series(doc) -> str:
    """The body whose numbered meetings a document reports ("5th JSC meeting" → "jsc"), or "" when
    it reports none: the series a running total belongs to."""
    return re.sub(r"^\s*\d+\w*\s+|\s+meeting\s*$", "", (doc.event or "").lower()) if doc.meeting else ""


# A running total asked as of a time: "in total by 2023", "so far", "to date".
_BY_THEN = re.compile(r"\b(?:in total|total)\s+by\b|\bby the end\b|\bto[- ]date\b|\bso far\b|\bcumulative\b", re.I)
# "By how much …", "how many more …", "what is the difference": the gap between two figures.
_DIFFERENCE = re.compile(
    r"\bby how (?:much|many)\b|\bhow many (?:more|fewer|less)\b|\bhow much (?:more|bigger|larger|higher|lower)\b|"
    r"\bdifference\b|\bgap\b",
    re.I,
)
_SUPERLATIVE_ONLY = re.compile(r"\b(?:most|fewest|least|highest|lowest)\b", re.I)


_HELD_IN = re.compile(r"\b(?:held|hosted|took place|convened|met)\s+in\s+([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)")
_EARLIEST_LATEST = re.compile(r"\b(earliest|oldest|first-ever)\b|\b(?:latest|newest|most recent)\b", re.I)
_SUPERLATIVE = re.compile(r"\b(most|more|highest|largest|biggest)\b|\b(fewest|least|lowest|smallest)\b", re.I)


def _meetings_answer(ctx: Context) -> Proposal | None:
    """Every meeting the releases report, with its date, place and what it signed or launched,
    one row per meeting (copies of a story count once); or the one with the most/fewest items."""
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
    docs = [idx.documents[d] for d in sorted(ctx.allowed) if idx.documents[d].event or idx.documents[d].meeting]
    # "All JIC meetings": only that body's events (a forum or another programme's council is not one).
    bodies = [b for b in ("jic", "council", "forum", "summit") if re.search(rf"\b{b}\b", q.text, re.I)]
    if bodies:
        docs = [
            d
            for d in docs
            if any(
                re.search(rf"\b{b}\b", (d.event or d.label or ""), re.I) or same_body(b.upper(), d.event or "")
                for b in bodies
            )
        ]
    by_event: dict[str, list] = {}
    for d in sorted(docs, key=lambda d: (d.date or "", d.doc_id)):
        by_event.setdefault(d.event or d.label, []).append(d)
    if len(by_event) < 2:
        return None
    held = _HELD_IN.search(q.text)
    where = ""
    if held:
        # "List the JIC meetings held in Singapore": those whose place the releases give as there.
        there = {
            e: ds for e, ds in by_event.items() if any(held.group(1).lower() in (d.place or "").lower() for d in ds)
        }
        if not there:
            return None
        by_event, where = there, f" held in {md_text(held.group(1))}"
    recs = all_records(idx)
    sup = _SUPERLATIVE.search(q.text)
    when = _EARLIEST_LATEST.search(q.text)
    if when and not (sup and q.scope in ("mou", "project")):
        # "Which is the earliest JIC meeting the documents report on?": the first or last by date.
        dated = [(event, ds[0]) for event, ds in by_event.items() if ds[0].date]
        if not dated:
            return None
        latest = when.group(1) is None
        event, main = (max if latest else min)(dated, key=lambda r: r[1].date)
        span = main.event_span or _dateline(idx, main.doc_id)
        n = cites.cite(main.doc_id, *span) if span else None
        where = f", {md_text(main.place)}" if main.place else ""
        return Proposal(
            "meetings",
            f"**{md_text(event)}** (**{long_date(main.date)}**{where}){f' [{n}]' if n else ''} is the "
            f"{'latest' if latest else 'earliest'} of the {len(by_event)} meetings the releases report.",
            True,
        )
    rows = []
    for event, ds in by_event.items():
        main = ds[0]
        span = main.event_span or _dateline(idx, main.doc_id)
        counts = {}
        for kind in ("mou", "project"):
            counts[kind] = sum(1 for r in recs if r.kind == kind and r.doc_id in {d.doc_id for d in ds})
        n = cites.cite(main.doc_id, *span) if span else None
        rows.append((event, main, counts, n))
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
        lines = [f"The releases report **{len(rows)} meeting{'s' if len(rows) != 1 else ''}**{where}:"]
    lines += ["", "| Meeting | Date | Place | MOUs listed | Projects listed | Source |", "|---|---|---|---|---|---|"]
    for event, main, counts, n in rows:
        lines.append(
            f"| {md_text(event)} | {long_date(main.date) if main.date else '—'} | {md_text(main.place or '—')} | "
            f"{counts['mou'] or '—'} | {counts['project'] or '—'} | {f'[{n}]' if n else ''} |"
        )
    return Proposal("meetings", "\n".join(lines), True if sup else None)


# "Were there more joint projects or more MOUs?", "Did the 3rd meeting sign more MOUs than the
# 4th?": a comparative (not a superlative) over things the releases count.
_COMPARATIVE = re.compile(r"\b(?:more|fewer|less)\b(?!\s+(?:than\s+)?(?:ever|often|closely|recently))", re.I)
_COUNTABLE = re.compile(r"\b(?:joint\s+|new\s+)*(?:mous?|memorand\w*|agreements?|projects?|initiatives?)\b", re.I)


# The verdict line a comparison of two counts opens with ("**More MOUs at the 7th meeting** — 9 vs 5").
VERDICT = re.compile(r"^\*\*(?:More|Fewer|The same number|Yes|No)\b")


def _comparative_counts(ctx: Context) -> Proposal | None:
    """Two counts side by side, each answered like its own "how many" question from the releases
    it concerns: two kinds at one meeting ("more projects or more MOUs?"), or one kind at two
    meetings ("more MOUs at the 3rd or the 4th?"). The bold figures are the releases' own."""
    idx, q = ctx.idx, ctx.q
    if not _COMPARATIVE.search(q.text) or _SUPERLATIVE_ONLY.search(q.text):
        return None
    if q.cumulative and _BY_THEN.search(q.text):
        return None  # "How many more projects in total by 2023 than by 2022?": running totals (figures)
    nouns: dict[str, str] = {}
    for m in _COUNTABLE.finditer(q.text):
        kind = scope_of(m.group(0))
        if kind and kind not in nouns:
            nouns[kind] = m.group(0)
    # A side is a meeting ("the 3rd") or a year ("in 2022 or 2023"), said as the releases' own words.
    meetings: list[int | str] = list(dict.fromkeys(q.mentions.meetings))
    if len(meetings) < 2 and len(set(q.mentions.years)) == 2:
        meetings = [str(y) for y in dict.fromkeys(q.mentions.years)]
    if len(nouns) == 2 and len(meetings) <= 1:
        sides = [(noun, meetings[0] if meetings else None) for noun in nouns.values()]
    elif len(nouns) == 1 and len(meetings) == 2:
        sides = [(next(iter(nouns.values())), m) for m in meetings]
    else:
        return None

    def named(side: int | str) -> str:
        return f"in {side}" if isinstance(side, str) else f"at the {ordinal(side)} meeting"

    docs_all = [idx.documents[x] for x in sorted(ctx.allowed)]
    found = []
    for noun, meeting in sides:
        sub = analyse(f"How many {noun}?")
        docs = (
            {d.doc_id for d in matching_documents(parse_mentions(named(meeting)), docs_all)}
            if meeting
            else (ctx.named or ctx.allowed)
        )
        if not docs:
            return None
        listed = [r for r in all_records(idx) if r.doc_id in docs and r.kind == scope_of(noun)]
        if listed and len({r.doc_id for r in listed}) == 1:
            # The release lists them: their count is the list's ("Four new projects were set up in
            # the zone" is not the number of projects the meeting launched). One short line, the
            # list's heading cited, so that both sides' figures lead the answer.
            d = listed[0].doc_id
            text = idx.documents[d].text
            at = text.rfind(listed[0].annex, 0, listed[0].start) if listed[0].annex else -1
            span = (at, at + len(listed[0].annex)) if at >= 0 else (listed[0].title_start, listed[0].title_end)
            n = ctx.cites.cite(d, *span)
            label = md_text(doc_label(idx, d))
            body = f"**{len(listed)} {md_text(plural(noun))}** listed at the {label} [{n}]"
            found.append((noun, meeting, len(listed), body))
            continue
        qv = ctx.retriever.encode_query(f"How many {noun} {q.text}")
        hits = ctx.retriever.search(f"How many {noun}", k=8, query_vector=qv)
        cands = rank_sentences(idx, sub, qv, hits, docs=docs, named_docs=docs)
        # (a meeting's own count, not the running total its release brings the count to)
        cands = [c for c in cands if not _only_total(c) and not _CUMULATIVE_SENT.search(c.text)] or cands
        sub_ctx = Context(idx, ctx.retriever, sub, qv, hits, ctx.allowed, docs, ctx.cites)
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
        what = f"{'fewer' if fewer else 'more'} {md_text(plural(noun))}"
        verdict = f"{what} {named(meeting)}" if m1 != m2 else what
    lines = [f"**{verdict[0].upper()}{verdict[1:]}** — {v1} vs {v2}:", ""]
    for _, _, _, body in found:
        lines += [body, ""]
    return Proposal("figures", "\n".join(lines).strip(), True)
