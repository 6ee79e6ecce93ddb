"""answer_question: route a question to records, figures, sentences or a summary, and compose."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from ..indexing import LoadedIndex
from ..crosslingual import has_cjk, to_english
from ..mentions import matching_documents
from ..retriever import Retriever, normalize_query, term_set
from ..schema import Answer, Filters, Hit
from ..sparse import tokenize
from .compose import Citations, inline, md_text, quote_line
from .evidence import (
    DATE,
    NUMBER,
    PERSON,
    PLACE,
    Candidate,
    _corpus_stats,
    _match,
    number_near,
    overlap,
    rank_sentences,
    unsupported_reason,
)
from .followup import _entities, resolve
from .intents import GENERIC, Question, analyse
from .records import Record, extract_records

_CUMULATIVE_SENT = re.compile(r"\b(to[- ]date|so far|a total of|in total|cumulative(?:ly)?|altogether)\b", re.I)
_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}


_QUESTION_ONLY = frozenset(tokenize(
    "what which who whom whose when where why how is are was were do does did can could will would "
    "tell me please about anything something more else hello hi hey thanks thank you ok okay yes no"
))
_ROLES = frozenset(tokenize(
    "mayor secretary minister permanent ceo chairman chairwoman chairperson director president chief "
    "representative founder officer deputy governor ambassador spokesperson manager head leader"
))


@dataclass
class _Ctx:
    idx: LoadedIndex
    retriever: Retriever
    q: Question
    qv: np.ndarray
    hits: list[Hit]
    allowed: set[str]  # documents passing the filters
    named: set[str]  # documents the question names (meeting, date, "latest")
    filters: Filters
    cites: Citations


def _records(idx: LoadedIndex) -> list[Record]:
    recs = idx.derived.get("records")
    if recs is None:
        recs = [r for d in idx.documents.values() for r in extract_records(d)]
        idx.derived["records"] = recs
    return recs


def _as_int(text: str) -> int | None:
    t = text.lower()
    m = re.search(r"\d[\d,]*", t)
    if m:
        return int(m.group(0).replace(",", ""))
    for w, n in _WORD_NUMBERS.items():
        if re.search(rf"\b{w}\b", t):
            return n
    return None


def _doc_label(idx: LoadedIndex, doc_id: str) -> str:
    d = idx.documents[doc_id]
    return d.label or d.title


def _meeting_phrase(idx: LoadedIndex, doc_ids: Sequence[str]) -> str:
    labels = [_doc_label(idx, d) for d in doc_ids]
    return " and ".join(labels)


# ---------------------------------------------------------------------------------------------
# Annex records: lists and counts of items


def _record_tokens(r: Record, idx: LoadedIndex) -> frozenset[str]:
    cache = idx.derived.setdefault("record_terms", {})
    key = (r.doc_id, r.start)
    if key not in cache:
        text = idx.documents[r.doc_id].text[r.start : r.end]
        cache[key] = term_set(f"{r.group or ''} {text}")
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
    topic = tuple(t for t in q.topic if t not in GENERIC)
    if not topic:
        return recs, recs, None
    group_hits = [r for r in recs if r.group and all(_match(t, term_set(r.group)) for t in topic)]
    if group_hits:
        return group_hits, recs, group_hits[0].group
    _, idf = _corpus_stats(idx)
    default_idf = max(idf.values(), default=1.0)
    scored = []
    for r in recs:
        lex = overlap(topic, _record_tokens(r, idx), idf, default_idf)
        rows = [j for j, s in enumerate(idx.sentences) if s.doc_id == r.doc_id and r.start <= s.start < r.end]
        sem = max((float(idx.sentence_vectors[j] @ ctx.qv) for j in rows), default=0.0)
        scored.append((r, lex, sem))
    # Words first: an item that names the topic matches. Only when none does, fall back to the
    # items closest in meaning (a paraphrase), which must stand out from the rest.
    matched = [r for r, lex, _ in scored if lex >= 0.5]
    if not matched:
        best_sem = max(s for _, _, s in scored)
        matched = [r for r, _, sem in scored if sem >= 0.45 and sem >= best_sem - 0.03]
    matched.sort(key=lambda r: (r.doc_id, r.start))
    return (matched, recs, None) if matched else None


def _short_name(r: Record) -> str:
    if r.kind == "mou" and len(r.parties) == 2:
        return f"{r.parties[0]} and {r.parties[1]}"
    return r.title


def _record_answer(ctx: _Ctx, matched: list[Record], scope: list[Record], group: str | None) -> str:
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
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
            names.append(f"{inline(_short_name(r))} [{n}]")
        intro_parts.append(f"{head}: " + "; ".join(names) + ".")
    lines.extend(intro_parts)
    lines.append("")
    for r in matched:
        n = cites.cite(r.doc_id, r.start, r.end)
        lines.append(f"- {quote_line(idx.documents[r.doc_id].text[r.start:r.end], n)[2:]}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Figures stated "to date", and comparisons between releases


def _figure_in(c: Candidate, noun: str | None) -> re.Match[str] | None:
    return number_near(c.text, noun) if noun else NUMBER.search(c.text)


def _figures_answer(ctx: _Ctx) -> str | None:
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
    if q.cumulative and not q.compare:
        docs = sorted(ctx.allowed)  # every release's total; a named one leads
    else:
        docs = sorted(d for d in (ctx.named or ctx.allowed) if d in ctx.allowed)
    rows = []
    for d in docs:
        cands = rank_sentences(idx, q, ctx.qv, ctx.hits, docs={d}, named_docs=ctx.named)
        if q.intent == "count":
            if q.cumulative:
                cands = [c for c in cands if _CUMULATIVE_SENT.search(c.text)] or cands
            else:
                cands = [c for c in cands if not _CUMULATIVE_SENT.search(c.text)] or cands
            cands = [c for c in cands if _figure_in(c, q.count_noun)]
        if cands:
            rows.append((d, cands[0]))
    if not rows:
        return None
    rows.sort(key=lambda x: idx.documents[x[0]].date or "", reverse=True)
    if ctx.named and not q.compare and q.cumulative:
        # A date or meeting was named: lead with its figure, then the others.
        rows.sort(key=lambda x: (x[0] not in ctx.named, -(int((idx.documents[x[0]].date or "0").replace("-", "")))))
    parts = []
    table = ["", f"| Release | Date | {'Figure' if q.intent == 'count' else 'Passage'} | Source |", "|---|---|---|---|"]
    for d, c in rows:
        doc = idx.documents[d]
        n = cites.cite(d, c.sentence.start, c.sentence.end, c.score)
        fig = _figure_in(c, q.count_noun) if q.intent == "count" else None
        if fig:
            noun = f" {md_text(q.count_noun)}" if q.count_noun else ""
            if _CUMULATIVE_SENT.search(c.text):
                when = f"as of {doc.date or 'an undated release'} ({md_text(doc.label or doc.title)})"
            else:
                when = f"at the {md_text(doc.label or doc.title)}"
            parts.append((d, f"**{md_text(fig.group(0))}**{noun} {when} [{n}]", fig.group(0)))
            table.append(f"| {md_text(doc.label or doc.title)} | {doc.date or '—'} | {md_text(fig.group(0))} | [{n}] |")
        else:
            parts.append((d, f"{md_text(doc.label or doc.title)}: “{inline(c.text)}” [{n}]", None))
            table.append(f"| {md_text(doc.label or doc.title)} | {doc.date or '—'} | {inline(c.text)[:160]} | [{n}] |")
    first = parts[0][1]
    if len(parts) > 1:
        rest = "; ".join(p for _, p, _ in parts[1:])
        a, b = _as_int(parts[0][2] or ""), _as_int(parts[1][2] or "")
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
# A fact from one sentence


def _who_phrase(c: Candidate, idx: LoadedIndex, q: Question | None = None) -> str | None:
    people = list(PERSON.finditer(c.text))
    if people and q is not None:
        # "Who is the Mayor of Shenzhen?": the person named right after the role asked about.
        role_terms = [t for t in q.topic if t in _ROLES]
        near = []
        for m in people:
            before = term_set(c.text[max(0, m.start() - 70) : m.start()])
            if role_terms and all(_match(t, before) for t in role_terms):
                near.append(m)
        if near and len(near) < len(people):
            people = near
    if people:
        return " and ".join(dict.fromkeys(m.group(0).strip(" ,") for m in people))
    for r in _records(idx):
        if r.doc_id == c.sentence.doc_id and r.start <= c.sentence.start < r.end:
            return _short_name(r)
    return None


def _lead_phrase(ctx: _Ctx, c: Candidate) -> str | None:
    q = ctx.q
    if q.intent == "count" or q.amount:
        m = number_near(c.text, q.count_noun) if q.count_noun else NUMBER.search(c.text)
        return m.group(0) if m else None
    if q.intent == "who":
        return _who_phrase(c, ctx.idx, q)
    if q.intent == "when":
        m = DATE.search(c.text)
        return m.group(0) if m else None
    if q.intent == "where":
        m = PLACE.search(c.text)
        return m.group(1) if m else None
    return None


def _dateline(idx: LoadedIndex, doc_id: str) -> tuple[int, int] | None:
    """The sentence carrying a release's own date."""
    from ..chunking import split_sentences

    doc = idx.documents[doc_id]
    for a, b in split_sentences(doc.text, 0, min(len(doc.text), 4000)):
        if DATE.search(doc.text[a:b]) and re.search(r"\b[A-Z]{3,}\b", doc.text[a:b]):
            return a, b
    return None


def _records_naming(ctx: _Ctx) -> list[Record]:
    """Annex records that name every organisation the question names (at least two)."""
    names = [p for n in _entities(ctx.q.text) for p in re.split(r"\s+and\s+", n) if p]
    if len(names) < 2:
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


def _record_fact_answer(ctx: _Ctx, recs: list[Record]) -> str:
    """A question about what named partners agreed/will do: quote their annex record(s)."""
    idx, q, cites = ctx.idx, ctx.q, ctx.cites

    def sem(r: Record) -> float:
        rows = [j for j, s in enumerate(idx.sentences) if s.doc_id == r.doc_id and r.start <= s.start < r.end]
        return max((float(idx.sentence_vectors[j] @ ctx.qv) for j in rows), default=0.0)

    ranked = sorted(recs, key=lambda r: -sem(r))[:2]
    lines = []
    for r in ranked:
        text = idx.documents[r.doc_id].text
        body = text[r.start : r.end]
        # A table row: the description cell says what was agreed; the title cell names the parties.
        a = r.start + body.index("\n") + 1 if "\n" in body else r.start
        n = cites.cite(r.doc_id, a, r.end)
        label = f"{r.label}: *{inline(_short_name(r))}* ({md_text(_doc_label(idx, r.doc_id))})"
        lines.append(f"“{inline(text[a:r.end])}” [{n}] — {label}")
        lines.append("")
    return "\n".join(lines).strip()


def _sentence_answer(ctx: _Ctx, cands: list[Candidate]) -> tuple[str, bool]:
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
    if q.intent == "count" and not q.cumulative:
        cands = sorted(cands, key=lambda c: (bool(_CUMULATIVE_SENT.search(c.text)), -c.score))
    best = cands[0]
    phrase = _lead_phrase(ctx, best)
    if phrase is None and q.intent in ("count", "who", "when", "where"):
        for c in cands[1:6]:
            p = _lead_phrase(ctx, c)
            if p and c.score >= best.score - 0.25:
                best, phrase = c, p
                break
    if phrase is None and q.intent == "when":
        doc_id = next(iter(ctx.named), best.sentence.doc_id) if ctx.named else best.sentence.doc_id
        span = _dateline(idx, doc_id)
        if span:
            doc = idx.documents[doc_id]
            n = cites.cite(doc_id, *span)
            m = DATE.search(doc.text[span[0] : span[1]])
            lead = f"**{md_text(m.group(0))}** [{n}]" if m else ""
            return f"{lead}\n\n{quote_line(doc.text[span[0]:span[1]], n)}", True
    if phrase is None and (q.intent in ("count", "where", "when") or q.amount):
        return "", False  # no figure, place or date is stated
    n = cites.cite(best.sentence.doc_id, best.sentence.start, best.sentence.end, best.score)
    lines = []
    if phrase:
        where = _doc_label(idx, best.sentence.doc_id)
        noun = f" {md_text(q.count_noun)}" if q.intent == "count" and q.count_noun else ""
        lines.append(f"**{md_text(phrase)}**{noun} ({md_text(where)}) [{n}]")
        lines.append("")
    lines.append(quote_line(best.text, n))
    # A second sentence when it adds to the first (same topic, another place in the text).
    for c in cands[1:4]:
        if c.score >= best.score - 0.08 and c.sentence.start != best.sentence.start and q.intent in ("what", "who"):
            if c.text in best.text or best.text in c.text:
                continue
            m = cites.cite(c.sentence.doc_id, c.sentence.start, c.sentence.end, c.score)
            lines.append("")
            lines.append(quote_line(c.text, m))
            break
    return "\n".join(lines), True


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
    lines = [f"**The releases don't say.** I found no passage that answers this ({reason}).", "",
             "Closest matches:"]
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
        lines.append(f"- *{md_text(h.title)}*: “{inline(text)}” [{n}]")
    return "\n".join(lines)


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
        return Answer("Please ask a question about the Smart City Initiative releases.", False, [], [], raw,
                      "what", False, time.perf_counter() - t0)
    resolved, interpreted = resolve(to_english(raw), history)
    interpreted = interpreted or has_cjk(raw)
    q = analyse(resolved)
    if not [t for t in q.terms if t not in _QUESTION_ONLY]:
        return Answer("Please ask a question about the Smart City Initiative releases — for example, "
                      "“How many MOUs were signed at the 4th JIC meeting?”", False, [], [], resolved,
                      q.intent, interpreted, time.perf_counter() - t0)
    qv = retriever.encode_query(resolved)
    hits = retriever.search(resolved, k=8, filters=filters, query_vector=qv)
    allowed = {d.doc_id for d in idx.documents.values() if filters.allows(d)}
    named = {d.doc_id for d in matching_documents(q.mentions, (idx.documents[x] for x in allowed))}
    ctx = _Ctx(idx, retriever, q, qv, hits, allowed, named, filters, Citations(idx))

    body, found = None, True
    if not hits:
        body, found = _not_found(ctx, "no passage matches"), False
    else:
        known = sorted({d.meeting for d in idx.documents.values() if d.meeting})
        missing = [m for m in q.mentions.meetings if m not in known]
        scope = (named or allowed) if q.mentions.meetings and not q.compare else allowed
        cands = rank_sentences(idx, q, qv, hits, docs=scope, named_docs=named)
        reason = unsupported_reason(idx, q, cands)
        if missing and not named:
            from ..schema import ordinal

            covered = ", ".join(ordinal(m) for m in known) or "no numbered"
            reason = f"the releases cover the {covered} JIC meetings, not the {ordinal(missing[0])}"
        if reason:
            body, found = _not_found(ctx, reason), False
        elif q.intent == "summary":
            body = _summary_answer(ctx)
        elif q.intent in ("list", "count") and (q.intent == "list" or q.topic):
            m = _match_records(ctx)
            topical = m is not None and (q.intent == "list" or (
                m[2] is not None or len(m[0]) < len(m[1])) and not q.cumulative and (q.scope is not None))
            if topical:
                body = _record_answer(ctx, *m)
        if found and body is None and (q.compare or (q.intent == "count" and q.cumulative)):
            body = _figures_answer(ctx)
        if found and body is None and q.intent in ("what", "who"):
            recs = _records_naming(ctx)
            if recs:
                body = _record_fact_answer(ctx, recs)
        if found and body is None and cands:
            text, ok = _sentence_answer(ctx, cands)
            if ok:
                body = text
            else:
                ctx.cites = Citations(idx)
                what = {"where": "no place", "when": "no date"}.get(q.intent, "no figure")
                body, found = _not_found(ctx, f"{what} is stated for this"), False
        if body is None:
            body, found = _not_found(ctx, "no passage matches"), False

    parts = []
    if interpreted:
        parts.append(f"*Interpreted as: {md_text(resolved)}*")
        parts.append("")
    parts.append(body)
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
    )
