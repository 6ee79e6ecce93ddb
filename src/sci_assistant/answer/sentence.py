"""A fact from one sentence: the best evidence sentence with its typed span in bold, a record's own
fact, and a summary."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ..corpus import WIRE_TAG
from ..crosslingual import document_glosses, document_names, has_cjk, to_english
from ..dates import DATE_PATTERN, long_date
from ..indexing import LoadedIndex
from ..lexicon import (
    AUXILIARIES,
    DETERMINERS,
    EVENT_WORDS,
    HEAD_TITLES,
    IRREGULAR_PAST,
    KIND_NOUNS,
    MONTH_NUMBER,
    MONTH_PATTERN,
    MONTHS,
    NUMBER_WORD_PATTERN,
    OCCASION_NOUNS,
    ORDINAL_PATTERN,
    OWNED,
    OWNERSHIP_Q,
    PERSON_PREDICATES,
    PREPOSITIONS,
    ROLE_NOUNS,
    SIDE_WORDS,
    STATED_RELATIONS,
    as_int,
    role_words,
)
from ..mentions import SOURCE_NOUN, event_ordinal, parse_mentions
from ..retriever import rows_by_doc, term_match, term_set
from ..sparse import tokenize
from . import spans as sp
from . import syntax
from .compose import inline, md_text, quote_line, quoted
from .context import (
    _CUMULATIVE_SENT,
    _DEFINE,
    _LEGAL,
    _ROLES,
    _SAID,
    _TYPED,
    Context,
    Proposal,
    all_records,
    counted_word,
    doc_label,
    record_terms,
    short_party,
)
from .evidence import (
    DATE,
    NUMBER,
    Candidate,
    _corpus_stats,
    _refers_back,
    _voice_names,
    asked_before,
    context_terms,
    overlap,
    reading_terms,
    speaker_of,
    speaker_title,
    term_known,
)
from .focus import checkable, side_and_month_terms
from .followup import _entities, _party_on_side
from .intents import _CONTACT_Q as CONTACT_Q
from .intents import _SCOPE_WORDS as SCOPE_WORDS
from .intents import GENERIC, Question
from .lists import _short_name
from .records import NAMES_CELL, Record
from .vocabulary import aliases, english_words, spelled_out


def _description_cell(idx: LoadedIndex, c: Candidate) -> tuple[int, int] | None:
    """When ``c`` is a record's title cell (the parties), the record's description cell."""
    rec = _record_of(idx, c.sentence.doc_id, c.sentence.start)
    if rec is None or rec.end <= rec.title_end + 12:
        return None
    text = idx.documents[rec.doc_id].text
    if c.sentence.end > rec.title_end + 1:
        # A parties cell after the description ("Tanjong Ventures Pte Ltd; Shenzhen Bay Venture
        # Park …"): the cells before it say what they will do.
        rest = c.text
        for p in rec.parties:
            rest = rest.replace(p, " ")
        if c.sentence.start < rec.title_end or len([t for t in tokenize(rest) if len(t) > 2]) > 1:
            return None
        body = text[rec.title_end : c.sentence.start]
        a = rec.title_end + len(body) - len(body.lstrip())
        b = rec.title_end + len(body.rstrip(" |;\n\t"))
        return (a, b) if b - a >= 12 else None
    body = text[rec.title_end : rec.end]
    return rec.title_end + len(body) - len(body.lstrip()), rec.end


def _names_only(idx: LoadedIndex, r: Record, c: Candidate | None = None) -> bool:
    """Whether sentence ``c`` of record ``r`` (its title when None) says no more than who its parties
    are ("Memorandum of Understanding between A and B"), as against a title that also states a
    subject ("… Concerning Cooperation in Paperless Trade")."""
    rest = c.text if c is not None else r.title
    for p in r.parties:
        rest = rest.replace(p, " ")
    # The words most titles of its annex share ("Memorandum of Understanding between") say
    # nothing of this item.
    titles = [set(tokenize(x.title)) for x in all_records(idx) if x.doc_id == r.doc_id and x.annex == r.annex]
    shared = {t for t in set().union(*titles) if sum(t in x for x in titles) >= max(2, len(titles) / 2)}
    return len([t for t in tokenize(rest) if t not in shared and len(t) > 2]) <= 1


def _record_of(idx: LoadedIndex, doc_id: str, offset: int) -> Record | None:
    for r in all_records(idx):
        if r.doc_id == doc_id and r.start <= offset < r.end:
            return r
    return None


def _sentence_record(ctx: Context, c: Candidate) -> Record | None:
    """The record a sentence belongs to: the annex row it lies in or, when the sentence lists several
    ("They include an MOU between A and B on …; an MOU between C and D on …"), the one the question
    is about (most of its rarer words, or a party it names); None when no one stands out."""
    idx, d, a, b = ctx.idx, c.sentence.doc_id, c.sentence.start, c.sentence.end
    rec = _record_of(idx, d, a)
    if rec is not None:
        return rec
    inside = [r for r in all_records(idx) if r.doc_id == d and a <= r.start and r.end <= b]
    if len(inside) < 2:
        return inside[0] if inside else None
    _, idf = _corpus_stats(idx)
    dflt = max(idf.values(), default=1.0)
    words = tuple(t for t in ctx.q.topic if t not in GENERIC)
    scored = sorted(((overlap(words, record_terms(r, idx), idf, dflt), i) for i, r in enumerate(inside)), reverse=True)
    if not words or scored[0][0] <= 0 or scored[0][0] == scored[1][0]:
        return None
    return inside[scored[0][1]]


def _in_question(q: Question, text: str) -> bool:
    """Whether the question already names ``text`` (half or more of its words, at least one), or
    ``text`` is the short form of a name it spells out ("SCI" for "the Smart City Initiative")."""
    short = text.strip()
    if re.fullmatch(r"[A-Z]{2,6}", short):
        for run in re.finditer(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the)\s+)?[A-Z][\w'’-]*)+", q.text):
            if short in "".join(w[0] for w in re.findall(r"\b[A-Z][\w'’-]*", run.group(0))):
                return True
    words = set(tokenize(text))
    # (the kind asked for names nothing: "which district" does not name Guangming District; nor
    # does a body's description, "which Shenzhen arbitration body", the Shenzhen Court of
    # International Arbitration — but "which Southeast Asian countries" names Southeast Asia)
    asked = set()
    if q.focus is not None and q.focus.which:
        asked = set(tokenize(q.focus.head))
        if q.focus.kind == "org":
            # (its common words and its side, not a name it holds: "which Blue Arena entity")
            described = " ".join(w for w in q.focus.phrase.split() if not w[:1].isupper())
            asked |= set(tokenize(described)) | (set(tokenize(q.focus.phrase)) & side_and_month_terms())
    shared = len(words & (set(q.terms) - asked))
    return bool(words) and shared >= max(1, (len(words) + 1) // 2)


def _place_in_question(q: Question, place: str) -> bool:
    """Whether the question already names a place, as a place: "Longgang" inside the name "Shenzhen
    Longgang Battery Recycling" does not say where the pilot line is."""
    if not _in_question(q, place):
        return False
    words = place.split()
    # The question's capitalised runs (names), and whether one is the place or holds it only inside.
    # ("Singapore–Ningbo" is one name: places joined by a dash name a partnership)
    runs = re.finditer(r"[A-Z][\w&'’‐–-]*(?:\s+(?:(?:of|and|&)\s+)?[A-Z][\w&'’‐–-]*)*", q.text)
    # (two names joined by "and" are two: "Orchid Robotics and Pearl River Labs")
    for name in (part for run in runs for part in re.split(r"\s+and\s+", run.group(0))):
        inside = name.split()
        if any(inside[i : i + len(words[:1])] == words[:1] for i in range(len(inside))):
            # the place itself ("Longgang District", "in Longgang"), not another name that begins
            # with its word ("Yuehai Port" is no "Yuehai District")
            def within(xs: list[str], ys: list[str]) -> bool:  # ("Southeast Asian" speaks of Southeast Asia)
                return all(
                    any(x.lower().startswith(y.lower()) or y.lower().startswith(x.lower()) for y in ys) for x in xs
                )

            if len(inside) <= len(words) + 1 and (within(inside, words) or within(words, inside)):
                return True
    if re.search(rf"\w[-‐–]{re.escape(words[0])}\b|\b{re.escape(words[0])}[-‐–]\w", q.text, re.I):
        return False  # ("the singapore-ningbo JSC": two sides joined name a partnership, not a place)
    return not re.search(rf"\b{re.escape(words[0])}\b", q.text)  # (its words lower case: asked of anyway)


def _named_in_question(ctx: Context, text: str) -> bool:
    """Whether the question already names ``text``: by its words, or by a short form the releases
    define for it ("NUS" names "National University of Singapore")."""
    # The kind asked for is not a name given: "which *university*" does not name Peking University.
    asked = set(tokenize(ctx.q.focus.phrase)) if ctx.q.focus is not None else set()
    words, terms = set(tokenize(text)), set(ctx.q.terms) - asked
    if words and len(words & terms) >= max(1, (len(words) + 1) // 2):
        return True
    return bool(words) and any(
        set(short.split()) <= terms and len(words & full) >= max(1, (len(words) + 1) // 2)
        for short, full in aliases(ctx.idx).items()
    )


def _other_branch(question: str, party: str) -> bool:
    """Whether the question names ``party``'s name with another place in brackets: "ONE
    Championship (Singapore)" is not "ONE Championship China (Shanghai) Co., Ltd."."""
    words = set(tokenize(party))
    for m in re.finditer(r"([A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*)*)\s*\(([^()]{1,30})\)", question):
        run = m.group(1).split()
        # (the name is the run's end: "Did ONE Championship (Singapore)")
        named = any(set(tokenize(" ".join(run[k:]))) <= words for k in range(len(run)) if tokenize(" ".join(run[k:])))
        if named and not set(tokenize(m.group(2))) <= words:
            return True
    return False


def _party_named(ctx: Context, party: str) -> bool:
    """Whether the question names a party: by its name without the legal form ("Hashmeta" for
    "Hashmeta Pte Ltd") or by the short form in brackets after it ("NUS"). A question naming a side
    ("who's the Shenzhen partner of A – B?") may name both parties: the side picks one."""
    if _other_branch(ctx.q.text, party):
        return False
    if ctx.q.side:
        return _in_question(ctx.q, party)
    if _named_in_question(ctx, _LEGAL.sub("", party).strip() or party):
        return True
    short = re.search(r"\(([A-Z][\w&-]{1,15})\)", party)
    return bool(short and set(tokenize(short.group(1))) & set(ctx.q.terms))


def _names_subject(ctx: Context, text: str) -> bool:
    """Whether a name opens with a name the question gives as its subject: "TusStar (Beijing) … Co.,
    Ltd." is TusStar itself for "Who is TusStar's partner?", and "Yanlord Eco-Tech City" is Yanlord's
    own for "Who owns Yanlord?" — neither is the other party asked for. (Not a name the question asks
    a kind of: "which ONE Championship entity" is answered by one.)"""
    first = re.match(r"\W*(?:the\s+)?([A-Za-z][\w&'’-]*)", text)
    if first is None:
        return False
    opening = frozenset(tokenize(first.group(1)))
    asked: frozenset[str] = frozenset()
    if ctx.q.focus is not None:
        kind = re.search(rf"\b(?:which|what)\s+(.*?\b{re.escape(ctx.q.focus.head)})\b", ctx.q.text, re.I)
        asked = frozenset(tokenize(kind.group(1) if kind else ctx.q.focus.phrase))
    if re.search(rf"\b(?:is|are|was|were)\s+(?:the\s+)?{re.escape(first.group(1))}\b(?!['’])", ctx.q.text, re.I):
        return False  # "What kind of organisation is TusStar?" asks what it is: its own name says
    return bool(opening) and any(opening <= name and not name & asked for name in _question_names(ctx))


# The preposition a place follows, and the word before it ("partners in Singapore and China",
# "was held in Shenzhen", "Yanlord Eco-Tech City, in Shenzhen"), places coordinated before it skipped.
_PLACE_AFTER = re.compile(
    r"([A-Za-z][\w'’-]*)(,?)\s+(?:in|at|within|inside|into|across|to)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:,\s*|\s+and\s+|\s+or\s+))*$"
)
# "The Chinese University of Hong Kong", "… University of Hong Kong, Shenzhen": inside a name.
ROLE_TERMS = frozenset(tokenize(" ".join(ROLE_NOUNS)))
_NAME_BEFORE = re.compile(
    r"(?:[A-Z][\w&'’-]*(?:\s+(?:of|for|the|&)?\s*[A-Z][\w&'’-]*)*?\s+)?([A-Z][\w&'’-]*)\s+of\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*,\s*)?$"
)


# "Where is X?", "where is it based / located / headquartered": where a thing is, not where it acts.
_WHERE_IS = re.compile(
    r"^\s*where\s+(?:is|are|was|were)\b(?!.*\b(?:held|take|took|happen|going)\b)|"
    r"\b(?:based|located|headquartered|situated|registered)\b|\b(?:which|what)\s+(?:city|country|district|town)\s+is\b|"
    r"\b(?:which|what)\s+(?:city|country|district|town)['’]s\b",  # "which city's branch": the one it is in
    re.I,
)
_WHERE_IN = re.compile(r"\b(?i:where\s+(?:exactly\s+)?in\s+(?:the\s+)?)([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
# "Which two districts …", "name the three cities …": how many places are asked for.
_HOW_MANY_ASKED = re.compile(rf"\b(?:which|what|name\s+the|the)\s+({NUMBER_WORD_PATTERN}|\d)\s+[a-z]+", re.I)
_CITY_WORDS = frozenset("city cities town towns".split())
# Kinds of place a text writes after a name ("Futian district", "Meishan Island", "Anhui Province").
_MARKED_PLACE_WORDS = frozenset("district districts island islands province provinces county counties".split())
_DISTRICT_WORDS = frozenset("district districts area areas neighbourhood neighborhood part".split())
# The size of place a kind word asks for (spans.place_scale): "which city" a city or narrower.
# Kind words for a site: a building or ground with a name of its own.
_FACILITY_WORDS = frozenset(
    "venue venues site sites building buildings hotel hotels arena arenas hall halls stadium stadiums".split()
)


def _site_name(name: str) -> bool:
    """Whether a place name can be a site's: two or more words, not ending in a word for a wider
    kind of place ("Longgang District", "Shenzhen City")."""
    words = name.split()
    return len(words) >= 2 and words[-1].lower() not in _WIDER_PLACE_WORDS and not sp.place_scale(name)


_WIDER_PLACE_WORDS = frozenset(
    "city cities town district districts province region country state county municipality area zone bay".split()
)
_ASKED_SCALE = {
    **dict.fromkeys("city cities town towns district districts site sites venue venues".split(), 0),
    **dict.fromkeys("country countries".split(), 1),
    **dict.fromkeys("region regions".split(), 2),
}


# Two or more short items joined by commas and a last "and"/"or", up to the clause's end.
_ITEMS = re.compile(
    r"((?:[^,;:.()]+?(?:\s*\([^()]{1,40}\))?,\s+){0,8}[^,;:.()]+?(?:\s*\([^()]{1,40}\))?,?\s+(?:and|or)\s+"
    r"[^,;:.()]+?(?:\s*\([^()]{1,40}\))?)(?=\s*[.;:]|,\s|\s+(?:to|which|that|while|for|with)\s|\s*$)"
)
# A list whose last item follows a comma and "and"/"or" ("A, B and C, and D"): its items are what
# the commas separate, an "and" inside one included ("talent exchange and development").
_SERIAL_ITEMS = re.compile(
    r"((?:[^,;:.()]+?(?:\s*\([^()]{1,40}\))?,\s+){2,8}?(?:and|or)\s+"
    r"[^,;:.()]+?(?:\s*\([^()]{1,40}\))?)(?=\s*[.;:]|,\s|\s+(?:to|which|that|while|for|with)\s|\s*$)"
)
# Words that make an item a clause, not a thing named: "2019 to build stronger digital …".
_CLAUSE_WORDS = AUXILIARIES | frozenset(
    "to that which who between by from into with in on at for across within will would".split()
)
# "How many … does the platform integrate?", "… can you follow IMDA on?": its verb closes it.
_DO_SUPPORT = re.compile(r"\b(?:do|does|did|will|would|can|could|should|may|might|must)\b", re.I)
_NAMING_WORDS = frozenset("of such as including namely like the".split())
_OBJECT_WORDS = frozenset("it them this that these those its their actually also really".split())
_LEAD_IN_WORDS = DETERMINERS | PREPOSITIONS | frozenset("of such as namely including like".split())
_ITEM_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _enumerated(q: Question, d: str, text: str, a: int, b: int) -> sp.Span | None:
    """The list a sentence gives right after words of the question ("integrates *sensing,
    communication, computing, and control*", "follow IMDA on *Facebook (IMDAsg) and Twitter*"), as an
    "enumeration" span, when each item is a short phrase with no clause in it; None when there is none.
    Only grammar words may stand between the question's word and the list; of several such lists,
    the one whose first item is shortest."""
    terms = frozenset(q.terms)
    # The question's verb: its last word in lower case that is no grammar word ("integrate", "follow").
    # ("How many countries are in its network?" has no verb to list after.)
    closing = [
        x
        for x in re.findall(r"\b[a-z][a-z'’-]*\b", q.text)
        if x not in _LEAD_IN_WORDS and x not in AUXILIARIES and x not in _OBJECT_WORDS
    ]
    verb = frozenset(tokenize(closing[-1])) if closing and _DO_SUPPORT.search(q.text) else frozenset()
    counted = set(tokenize(q.count_noun or ""))
    # "How many key areas are named for the call?" — "in key areas such as A, B, and C": the list the
    # counted noun introduces by a naming word, whatever the question's verb.
    head = set(tokenize(q.count_noun.split()[-1])) if q.count_noun else set()
    return _listed_after(d, text, a, b, verb, head, counted, terms)


def _listed(q: Question, d: str, text: str, a: int, b: int) -> sp.Span | None:
    """For "which <things> …" asked as a list, the things a sentence names right after the
    question's verb ("Which metals are to be recovered?" — "on recovering *lithium, nickel and
    cobalt*") or after the noun asked for ("At which two sites will it start?" — "At two sites,
    *Xichong Beach and the Jiaochangwei waterfront*"); None when it names none that way."""
    if q.focus is None or not q.focus.which:
        return None
    verb = frozenset(tokenize(" ".join(syntax.verbs(q.text)))) - frozenset(tokenize(" ".join(AUXILIARIES)))
    head = set(tokenize(q.focus.head))
    asked = frozenset(q.terms)

    def unwanted(item: str) -> bool:
        # Things the question already names are not what it asks for ("create new opportunities for
        # *businesses and people* in …"), nor are more of the kind itself ("unlocking new learning
        # experiences and real-workplace *training opportunities*").
        words = frozenset(tokenize(item))
        return bool(words & head) or words <= asked

    return _listed_after(d, text, a, b, verb, head, head, asked, apposed=True, unwanted=unwanted)


def _listed_after(
    d: str,
    text: str,
    a: int,
    b: int,
    verb: frozenset[str],
    head: set[str],
    counted: set[str],
    terms: frozenset[str],
    *,
    apposed: bool = False,
    unwanted: Callable[[str], bool] | None = None,
) -> sp.Span | None:
    """The list after the verb or the head noun, as for :func:`_enumerated`; ``apposed`` (for a
    list asked for, not counted) lets a comma, colon or dash stand between the noun and the list it
    names ("two sites, A and B") and ends the last item before a phrase about them all."""
    if not verb and not head:
        return None
    best: tuple[int, int, tuple[int, int]] | None = None
    for w in re.finditer(r"[A-Za-z][\w'’-]*", text[a:b]):
        word = set(tokenize(w.group(0)))
        by_noun = not verb & word
        if by_noun and not head & word:
            continue  # (the list follows that verb or the counted noun)
        start, paused = a + w.end(), False
        if by_noun and apposed:
            # ("two sites, Xichong Beach and …", "three areas: A, B and C", "two sites — A and B")
            pause = re.match(r"\s*[,:—–]\s*", text[start:b])
            if pause and pause.group(0).strip() and pause.group(0)[-1].isspace():
                start, paused = start + pause.end() - 1, True  # (the gap below needs the space after it)
        for skip in range(6):
            gap = re.match(rf"(?:\s+[A-Za-z][\w'’-]*){{{skip}}}\s+", text[start:b])
            if gap is None:
                break
            gap_words = gap.group(0).split()
            if (
                by_noun
                and not (paused and not gap_words)
                and (not gap_words or any(x.lower() not in _NAMING_WORDS - {"the"} for x in gap_words))
            ):
                continue  # ("areas such as A, B", "areas including A and B"; not "areas in A and B")
            if any(x.lower() not in _LEAD_IN_WORDS and not set(tokenize(x)) <= terms for x in gap_words):
                break  # (only "on", "of the", "such as" may stand between: "follow IMDA on Facebook …")
            at = max((k for k, x in enumerate(gap_words) if counted and set(tokenize(x)) & counted), default=None)
            if at is not None and not all(x.lower() in _NAMING_WORDS for x in gap_words[at + 1 :] or ["-"]):
                continue  # "engineers in welding and rigging" qualifies them; "areas of A, B and C" names them
            m = _SERIAL_ITEMS.match(text, start + gap.end(), b) or _ITEMS.match(text, start + gap.end(), b)
            if m is None:
                continue
            lo, hi = m.span(1)
            # The last item ends where a phrase about them all begins: "lithium, nickel and cobalt
            # *from used batteries*". (Not for a count: "inspections of bridges and viaducts in …"
            # counts no drones.)
            tail = re.search(r"\s(?:and|or)\s+(\S.*)$", text[lo:hi]) if apposed else None
            if tail:
                cut = next(
                    (w.start() for w in re.finditer(r"\b\w+\b", tail.group(1)) if w.group(0).lower() in _CLAUSE_WORDS),
                    None,
                )
                if cut:
                    hi = lo + tail.start(1) + len(tail.group(1)[:cut].rstrip())
            listed = _list_items(text[lo:hi])
            items = [x.split() for x in listed]
            if len(items) < 2 or any(len(x) > 5 or {y.lower() for y in x} & _CLAUSE_WORDS for x in items):
                continue
            if unwanted is not None and any(map(unwanted, listed)):
                continue
            if items[0][0].lower() in _LEAD_IN_WORDS:
                continue  # ("of Artificial Intelligence, …": the list starts after its grammar word)
            key = (len(items[0]), skip)
            if best is None or key < best[:2]:
                best = (*key, (lo, hi))
    return sp.Span(d, best[2][0], best[2][1], "enumeration") if best else None


def _listed_lead(ctx: Context, cands: list[Candidate]) -> tuple[Candidate, list[sp.Span]] | None:
    """The closest sentence, when it names the things a "which <things>" question asks for as a list
    after its verb or noun (:func:`_listed`), with that list as the span."""
    q = ctx.q
    if q.focus is None or not q.focus.which or not q.focus.plural or not cands:
        return None
    # (only the closest: a list in a sentence about something else — "key areas such as …" of
    # another programme — is not the one asked for)
    x = cands[0].sentence
    got = _listed(q, x.doc_id, ctx.idx.documents[x.doc_id].text, x.start, x.end)
    return (cands[0], [got]) if got is not None else None


def _list_items(listed: str) -> list[str]:
    """The items of a list as printed ("A (AI), B, and C"), brackets left out. A serial list
    ("A, B and C, and D") is split at its commas only: an "and" inside an item stays in it."""
    bare = re.sub(r"\s*\([^()]*\)", "", listed)
    if _SERIAL_ITEMS.fullmatch(bare) and re.search(r",\s+(?:and|or)\s+[^,]+$", bare):
        return [re.sub(r"^(?:and|or)\s+", "", x.strip()) for x in bare.split(",") if x.strip()]
    return [x for x in _ITEM_SPLIT.split(bare) if x.strip()]


def enumerated_count(text: str, s: sp.Span) -> int:
    """How many items an "enumeration" span lists."""
    return len(_list_items(text[s.start : s.end]))


# "Where are the parcels bound for?", "Where is she moving to?": a verb and the preposition it leaves
# at the end of a where-question.
_STRANDED_TO = re.compile(r"\bwhere\b.*\b([a-z]{3,})\s+(to|for|from|into|towards?)\s*[?.!]*\s*$", re.I)


def _placed(ctx: Context, text: str, a: int, s: sp.Span, orgs: list[sp.Span]) -> int:
    """How well a place may say where the question's subject is or where it happens: 2 when it may
    ("was held in Shenzhen", "set up in Qianhai", "more cities in Southeast Asia", "Mayor of
    Shenzhen"); 1 inside the subject's own name ("Rajah & Tann Singapore LLP" for where the firm
    opens an office: its home, used only when nothing else says where); 0 when it belongs to
    someone else — after a plural of people or bodies the question does not name ("academic and
    industry partners in Singapore and China" for where the academy is), or inside another body's
    name ("Hong Kong" in "The Chinese University of Hong Kong" for where its partner is)."""
    terms = frozenset(ctx.q.terms)
    pre = text[max(a, s.start - 160) : s.start]
    named = _NAME_BEFORE.search(pre)
    if named and not set(tokenize(named.group(1))) & ROLE_TERMS:  # (a title: "Mayor of Shenzhen")
        return 1 if set(tokenize(named.group(0))) & terms else 0
    # (a site the tagger took for a body is no other body's: "the Lotus Hill Convention Hall")
    holder = next(
        (
            o
            for o in orgs
            if o.start < s.start
            and s.end <= o.end
            and re.sub(r"^the\s+", "", text[o.start : o.end], flags=re.I) != text[s.start : s.end]
        ),
        None,
    )
    if holder is not None:
        return 1 if set(tokenize(text[holder.start : holder.end])) & terms else 0
    # (a name in a table's next cell is another thing: "… at Meishan Island" in the title cell, then
    # "Kestrel Mobility Pte Ltd"; a name wrapped onto the next line of prose runs on)
    rec = _record_of(ctx.idx, s.doc_id, s.start)
    limit = rec.title_end if rec is not None and s.end <= rec.title_end else s.end + 120
    run = re.match(r"(?:\s+[A-Z][\w&'’-]*)+", text[s.end : limit])
    if run and run.group(0).split()[0].lower() not in KIND_NOUNS["place"]:
        # "Shenzhen Bosum Management Science Research Institute": a name the tagger missed begins
        # with the place (not "Longgang District").
        return 1 if set(tokenize(run.group(0))) & terms else 0
    m = _PLACE_AFTER.search(pre)
    if m is None or m.group(2):
        return 2  # "Shenzhen-based …", a dateline, "…, in Shenzhen" after the thing itself
    low = m.group(1).lower()
    if set(tokenize(low)) & terms:
        return 2
    # Those the place belongs to: agents by their ending ("owners", "partners", "participants") or
    # a kind of body or person ("companies", "enterprises", "officials").
    plural = low.endswith("s") and not low.endswith(("ss", "us", "is"))
    agents = low.endswith(("ers", "ors", "ants", "ents", "ists")) or low in KIND_NOUNS["org"] | KIND_NOUNS["person"]
    return 0 if plural and agents else 2


def _introduced(idx: LoadedIndex, s: sp.Span) -> bool:
    """Whether the release presents a tagged person as one: with an honorific ("Mr", kept in the
    span) or a title before the name, a role after it ("Ivan Teo, chief executive of …"), the
    name on a line of its own (a contact card), or the same name so presented elsewhere in it. The
    tagger also calls a park a person ("a smart business park, Yanlord Eco-Tech City"); a release
    introduces the people it names."""
    text = idx.documents[s.doc_id].text
    name = text[s.start : s.end]

    def presented(a: int, b: int) -> bool:
        if sp.HONORIFIC_START.match(text, a):
            return True
        line_start = text.rfind("\n", 0, a) + 1
        if not re.sub(r"\b[A-Z][\w'’-]*", "", text[line_start:a]).strip(" *-•|#>\t"):
            return True  # a name opening its line ("TAN Mei Ling"): a contact card, a byline, a cell
        before = term_set(text[max(line_start, a - 80) : a])
        if has_cjk(text[max(line_start, a - 12) : a]):
            # ("绿砖科技创始人林嘉敏（Kimberly Lim）": the title in Chinese before the English name)
            before |= term_set(to_english(text[max(line_start, a - 12) : a]))
        after = re.match(r"\s*[,(]\s*([^,.;()]{2,60})", text[b : b + 70])
        return bool(before & ROLE_TERMS) or bool(after and term_set(after.group(1)) & ROLE_TERMS)

    if presented(s.start, s.end):
        return True
    words = _PERSON_WORDS.findall(name)
    if not words:
        return False
    last = re.escape(words[-1])
    return any(
        presented(o.start, o.end)
        for o in sp.people(idx, s.doc_id, 0, len(text))
        if o.start != s.start and re.search(rf"\b{last}\b", text[o.start : o.end])
    )


_PERSON_WORDS = re.compile(r"\b[A-Z][\w'’-]+")


def _party_spans(ctx: Context, r: Record) -> list[sp.Span]:
    """The parties of an annex record the question does not already name, as spans of its title.
    When it names them all, the ones other than whose partner is asked ("Who is IMDA's partner in
    the TusStar memorandum?": TusStar's)."""
    text = ctx.idx.documents[r.doc_id].text
    spans = []
    for p in r.parties:
        a = text.find(p, r.title_start, r.title_end)
        if a < 0:
            a = text.find(p, r.title_end, r.end)  # a parties cell of its own
        if a >= 0:
            spans.append(sp.Span(r.doc_id, a, a + len(p), "org"))
    out = [
        s
        for s in spans
        if not _party_named(ctx, text[s.start : s.end]) and not _names_subject(ctx, text[s.start : s.end])
    ]
    if out or len(spans) < 2:
        return out
    whose = [m.group(1) or m.group(2) for m in _WHOSE.finditer(ctx.q.text)]
    if not whose:
        # "Who signed the IMDA-TusStar memorandum?": its parties, by their names in full.
        return spans if _SIGNED_Q.search(ctx.q.text) else out
    others = [s for s in spans if not any(_name_of(ctx, text[s.start : s.end], w) for w in whose)]
    return others if 0 < len(others) < len(spans) else out


_SIGNED_Q = re.compile(r"^\s*(?:who|which \w+)\s+(?:signed|inked|entered into|concluded)\b", re.I)
# "IMDA's partner", "the partner of IMDA": whose partner, counterpart or co-signatory is asked.
_WHOSE = re.compile(
    r"\b([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*(?:\s*\([^()]{1,30}\))?)['’]s\s+(?:\w+\s+)?(?:partner|counterpart|co-?signator)|"
    r"\b(?:partner|counterpart|co-?signator)\w*\s+(?:of|to)\s+(?:the\s+)?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)"
)


def _name_of(ctx: Context, party: str, name: str) -> bool:
    """Whether ``name`` (as a question writes it) names ``party``: by its words, or as the short form
    the releases define for it ("IMDA" for "Infocomm Media Development Authority")."""
    words, own = set(tokenize(name)), set(tokenize(party))
    if words and words <= own:
        return True
    full = aliases(ctx.idx).get(" ".join(tokenize(name)))
    return bool(full) and len(full & own) >= max(1, (len(full) + 1) // 2)


# "How many of them are from Singapore?", "how many of the start-ups come from Shenzhen": a part of a whole.
def _other_side_counted(side: str, after: str) -> bool:
    """Whether the words after a count ("38 Singapore companies …") put what it counts on the
    other side than the question's (``side``: "singapore" or "china")."""
    head = " ".join(re.findall(r"[\w'’-]+", after)[:3]).lower()
    other = [w for s, words in SIDE_WORDS.items() if s != side for w in words]
    mine = SIDE_WORDS.get(side, ())
    words = head.split()
    return any(w in other for w in words) and not any(w in mine for w in words)


# "How many delegates *attended* …": the deed done by what is counted, right after its noun.
_COUNTED_DID = re.compile(r"\b(?i:how\s+many)\s+(?:[\w-]+\s+){1,3}?(?:(?:have|has|had|will)\s+)?([a-z]{3,}ed)\b")


def _other_kind_other_deed(q: Question, text: str, a: int, b: int, hit: sp.Span) -> bool:
    """Whether a count reads the question's noun of people as another word for people ("people" for
    "delegates") in a sentence that says nothing of the question's deed: "The company employs about 45
    people" counts no delegates who attended. The question's own noun, or the deed said, lets it count."""
    noun = (q.count_noun or "").split()[-1:] or [""]
    stem = re.escape(noun[0].lower().rstrip("s")[:5])
    if noun[0].lower() not in KIND_NOUNS["person"]:
        return False  # (bodies and agreements go by many names for one deed: "firms agreed", "companies signed")
    if not stem or re.search(rf"\b{stem}", text[hit.end : min(b, hit.end + 60)], re.I):
        return False
    did = _COUNTED_DID.search(q.text) or _COUNT_VERB.search(q.text)
    return did is not None and not _verb_pattern(did.group(1)).search(text, a, b)


# "How many Hefei companies …": the places a count's noun is qualified by, before the noun.
_COUNT_QUALIFIED = re.compile(r"\b(?i:how\s+many)\s+((?:[A-Z][\w'’-]*\s+){1,3})")


def _other_place_counted(ctx: Context, after: str) -> bool:
    """Whether a count ("40 Singapore small and medium-sized enterprises") counts things of another
    place than the one the question qualifies its noun with ("How many *Hefei* companies …"). Places
    are the names the releases give as places; a count that names no place may be the one asked."""
    asked = _COUNT_QUALIFIED.search(ctx.q.text)
    if not asked:
        return False
    known = sp.place_names(ctx.idx)
    mine = {w for w in asked.group(1).split() if w in known}
    if not mine:
        return False
    head = []
    for w in re.findall(r"[\w'’-]+|[^\w\s]", after)[:5]:
        if not w[:1].isalnum() or w.lower() in PREPOSITIONS or w.lower() in ("of", "that", "which", "who"):
            break  # (the noun phrase ends: "14 projects in Shenzhen" counts projects of no place)
        head.append(w)
    theirs = {w for w in head if w[:1].isupper() and w in known}
    return bool(theirs) and not theirs & mine


# A sum given for each one of something: "S$70,000 per company", "up to S$500,000 each", "Each
# approved project can receive up to S$500,000" (the unit, when the text names it).
_PER_AFTER = re.compile(
    r"\s*(?:\([^)]{0,30}\)\s*)?(?:(?:for\s+)?(?:per|each|every)|a|an)\s+(?!total\b)([a-z][a-z-]+)\b|\s+each\b", re.I
)
_EACH_BEFORE = re.compile(r"\b(?:each|every|per)\s+((?:[a-z-]+\s+){0,2}[a-z][a-z-]+)\b[^.;:]{0,120}$", re.I)
# "How much … each month?", "per participant", "in total", "the total budget": the unit asked, or a whole.
_PER_ASKED = re.compile(
    r"\b(?:per|each|every)\s+([a-z][a-z-]+)\b|\b(?:a|an)\s+([a-z][a-z-]+)\b(?=[?.!]*$|\s+(?:in|for|at|of|under|from)\b)",
    re.I,
)
_WHOLE_ASKED = re.compile(r"\b(?:total|overall|altogether|combined|in all)\b", re.I)


def _shared_otherwise(question: str, text: str, a: int, s: sp.Span) -> bool:
    """Whether an amount is given per one of something the question does not ask for: "grants of up
    to S$70,000 per company" for how much participants are paid each month, or "Each approved project
    can receive up to S$500,000" for the total budget of five projects. An amount the question's own
    unit divides ("per month" for "each month") answers; so does any amount when the question names
    no unit and no whole."""
    after = _PER_AFTER.match(text, s.end)
    before = _EACH_BEFORE.search(text[a : s.start])
    if before and re.search(r"\btotal\b", before.group(0), re.I):
        before = None  # ("each committed S$20 million, a total of S$40 million": the whole)
    unit = (after.group(1) if after and after.group(1) else "") or (before.group(1) if before else "")
    if not (after or before):
        # "the maximum funding per project" is not "a S$20 million fund": an amount given for no
        # unit is a whole, where the question asks in so many words for each one of something
        return bool(re.search(r"\b(?:per|each|every)\s+[a-z]", question, re.I)) and not _WHOLE_ASKED.search(question)
    if _WHOLE_ASKED.search(question):
        return True  # a share of each is not the whole
    asked = _PER_ASKED.search(question)
    if asked is None or not unit:
        return False
    mine, theirs = tokenize(asked.group(1) or asked.group(2)), tokenize(unit)  # ("each approved project": a project)
    return bool(mine and theirs) and mine[0] not in theirs


# (the place a part comes from is a name: "were in *the* first cohort" is not one)
_PART_FROM = re.compile(
    r"\b(?i:how many)\b.*?\b(?i:(?:are|were|come|came|is)\s+(?:from|in|based in)|from)\s+([A-Z][\w-]+)"
)
_WHICH_MEETING = re.compile(
    r"\b(?i:which|what)\s+(?:[A-Z][\w-]*\s+){0,4}(?i:meeting|session|forum|summit|conference|dialogue)\b"
)
_DAY_ASKED = re.compile(r"\b(?:exact|precise|specific|actual)\s+(?:date|day)\b|\b(?:what|which)\s+day\b", re.I)
# "The dates of …", "from when to when": a range of days is asked for.
_DATES_ASKED = re.compile(r"\bdates\b|\bfrom\s+when\b", re.I)
_RANGE = re.compile(r"\d{1,2}\s?(?:[–-]|to|until|till)\s?\d{1,2}\b")
# A limit set ahead of time ("By what date did firms have to apply?", "the deadline"): a release
# states it before it passes, so a date after the release is what is asked, however the question is
# tensed.
_DEADLINE_Q = re.compile(r"\bby\s+(?:when|what\s+(?:date|day|time|month))\b|\bdeadline\b|\bclosing\s+date\b", re.I)
# "In what year …", "which year …": a day and month alone ("on 10 June") does not say.
_YEAR_ASKED = re.compile(r"\b(?:what|which)\s+year\b|\byear\s+(?:of|when)\b", re.I)
# "In which month …": a year alone ("in 2026") does not say.
_MONTH_ASKED = re.compile(r"\b(?:what|which)\s+month\b", re.I)
_DAY_OF_MONTH = re.compile(r"(?<![\d-])(?:[1-9]|[12]\d|3[01])(?:(?:st|nd|rd|th)?\b(?![,.]?\d)|(?=\s*[日号]))")

# A role held jointly ("co-chaired", "the co-hosts"): each side holds it.
_JOINT_ROLE = re.compile(r"\bco-?chair\w*|\bco-[a-z]+", re.I)


_SPEAKER_LABEL = re.compile(r"[ \t]*(?:\([^()\n]{1,80}\))?[ \t]*[:：]")


def _lead_spans(ctx: Context, c: Candidate) -> list[sp.Span]:
    """Spans of the sentence (or its annex record) of the type the question asks for, role-checked.
    A project listed by its own name and a colon ("SME Trade Finance Platform: invoice financing
    for …") is no body, whichever way the sentence was read."""
    found = _typed_spans(ctx, c)
    if ctx.q.expected not in ("org", "person") or not found:
        return found
    idx, d = ctx.idx, c.sentence.doc_id
    text = idx.documents[d].text
    if ctx.q.expected == "person" and not (_SPOKE.search(ctx.q.text) or _SAID_Q.search(ctx.q.text)):
        # "Lin Meiqi: A memorandum with Tidewell … Their chief engineer, Mr Ravi Nair, signed for
        # them.": the label opening an interview's turn says who speaks, not who did what is asked.
        found = [
            s for s in found if not (_SPEAKER_LABEL.match(text, s.end) and (s.start == 0 or text[s.start - 1] == "\n"))
        ]
    titles = [
        (r.title_start, r.title_end)
        for r in all_records(idx)
        if r.doc_id == d and r.kind == "project" and len(r.parties) < 2 and text[r.title_end : r.title_end + 1] == ":"
    ]
    return [s for s in found if not any(x <= s.start and s.end <= y for x, y in titles)]


# Words that make a title another one: a vice mayor is not the mayor, a deputy director no director.
_UNDER = r"(?:vice|deputy|assistant|associate|acting|former)[\s-]+"


def _only_under(role: str, said: str, question: str) -> bool:
    """Whether every use of the role word in ``said`` is under another title ("Vice Mayor", "deputy
    director") that the question does not give it."""
    word = re.escape(role.rstrip("s"))
    uses = list(re.finditer(rf"\b{word}s?\b", said, re.I))
    if not uses or re.search(rf"\b{_UNDER}{word}", question, re.I):
        return False
    return all(re.search(rf"\b{_UNDER}$", said[: m.start()], re.I) for m in uses)


# A role given to a person by a verb right after the name (a predicate, not an apposition).
_PREDICATED_ROLE = re.compile(
    r"\s+(?:(?:(?:has|have|had)\s+been\s+|was\s+|is\s+|will\s+be\s+)"
    r"(?:(?:appointed|named|elected|re-elected|made|promoted|confirmed)\s+(?:to\s+|as\s+)?)?"
    # (or took the post: "took over as", "became", "stepped in as", "assumed the role of", "serves as")
    r"|(?:(?:will|has|have|had)\s+)?(?:t[ao]ke[ns]?|took)\s+over\s+as\s+"
    r"|(?:(?:will|has|have|had)\s+)?(?:became|becomes?|become)\s+"
    r"|(?:(?:will|has|have|had)\s+)?(?:steps?|stepped)\s+(?:in|up)\s+as\s+"
    r"|(?:(?:will|has|have|had)\s+)?(?:assum(?:ed|es?)|t[ao]ke[ns]?\s+up|took\s+up)\s+the\s+(?:role|post|position)\s+of\s+"
    r"|(?:(?:will|has|have|had)\s+)?(?:serves?|served|serving)\s+as\s+)"
    r"(?:the\s+|its\s+|their\s+|a\s+|an\s+|new\s+)*([^,.;:()“”\"]{3,70})"
)


def _headline_person(ctx: Context, best: Candidate) -> tuple[Candidate, list[sp.Span]] | None:
    """The person of the asked role the headline of ``best``'s document names, with that headline
    as the candidate, or None."""
    idx, d = ctx.idx, best.sentence.doc_id
    title = (idx.documents[d].title or "").strip()
    if not title:
        return None
    for j in rows_by_doc(idx, "sentences").get(d, ()):
        s = idx.sentences[j]
        text = idx.documents[d].text[s.start : s.end]
        if text.strip() == title:
            c = Candidate(j, s, text, best.sim, best.overlap, best.score)
            names = _question_names(ctx)
            if names and _names_in(ctx, c, names) < 0.5:
                return None
            found = [x for x in _lead_spans(ctx, c) if x.type == "person"]
            return (c, found) if found else None
    return None


def _reply_count(ctx: Context, c: Candidate) -> sp.Span | None:
    """The first figure of a reply to "how many <the things counted> …?" ("Reporter: how many workers
    have signed up? — Minister: About 3,400 crane operators and pilots have registered"): the reply
    counts what its question asks about, whatever it calls them."""
    idx = ctx.idx
    k = asked_before(idx).get(c.index)
    if k is None or not ctx.q.count_noun:
        return None
    s, asked = c.sentence, idx.sentences[k]
    question = idx.documents[asked.doc_id].text[asked.start : asked.end]
    noun = set(tokenize(ctx.q.count_noun))
    if not re.search(r"\bhow many\b", question, re.I) or not noun <= set(tokenize(question)):
        return None
    text = idx.documents[s.doc_id].text
    found = sp.numbers(text, s.start, s.end)
    return sp.Span(s.doc_id, found[0].start(), found[0].end(), "number") if found else None


# "How long is the route?", "how long will the corridor be?": what a thing measures, not what it lasts.
_HOW_LONG_IS = re.compile(r"\bhow long\s+(?:is|are|was|were|will\s+(?:[\w'’–-]+\s+){1,8}?be)\s*\??\s*$", re.I)


def _typed_spans(ctx: Context, c: Candidate) -> list[sp.Span]:
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
            if not re.search(rf"\b{where}\b", text[a:b], re.I) and not has_cjk(text[a:b]):
                # "How many registrants are from Rodrigues?": not all 3,400, where no place is said
                # (a Chinese report names the place in its own words: "其中新加坡项目98个")
                return []
        if q.count_noun:
            hit = sp.count_of(idx, d, a, b, q.count_noun)
            if hit is not None and q.side and _other_side_counted(q.side, text[hit.end : b]):
                return []  # "How many Shenzhen companies …": not "38 Singapore companies"
            if hit is not None and _other_place_counted(ctx, text[hit.end : b]):
                return []  # "How many Hefei companies attended?": not "40 Singapore enterprises"
            if hit is not None and _other_kind_other_deed(q, text, a, b, hit):
                return []  # "How many delegates attended?": not "The company employs about 45 people"
            by_verb = _verb_counted(q.text, text, a, b) if hit is None else None
            if by_verb:
                return [sp.Span(d, by_verb.start(), by_verb.end(), "number")]
            if hit is None:
                replied = _reply_count(ctx, c)
                if replied is not None:
                    return [replied]
                done = _number_done(q, text, a, b)
                if done is not None:
                    return [sp.Span(d, done[0], done[1], "number")]
                # "How many capabilities does the platform integrate?" — "integrates sensing,
                # communication, computing, and control": the things named, counted.
                listed = _enumerated(q, d, text, a, b)
                return [listed] if listed else []
            return [hit] if hit else []
        if _HOW_MANY_DID.search(q.text):
            # "How many have registered so far?" names no noun: the number its verb is done by or to
            # ("About 3,400 crane operators and pilots have registered"), not any number said near.
            done = _number_done(q, text, a, b, bare=False)
            return [sp.Span(d, done[0], done[1], "number")] if done else []
        found = sp.numbers(text, a, b)
        return [sp.Span(d, found[0].start(), found[0].end(), "number")] if found else []
    if want == "frequency":
        return [sp.Span(d, m.start(), m.end(), "frequency") for m in sp.FREQUENCY.finditer(text, a, b)][:1]
    if want in ("duration", "percent"):
        pattern = sp.DURATION if want == "duration" else sp.PERCENT
        found = [sp.Span(d, m.start(), m.end(), want) for m in pattern.finditer(text, a, b)][:1]
        if not found and want == "duration" and _HOW_LONG_IS.search(q.text):
            # "How long will the drone test route be?": a length, when no length of time is given.
            found = [sp.Span(d, m.start(), m.end(), want) for m in sp.LENGTH.finditer(text, a, b)][:1]
        return found
    if want == "amount":
        return [s for s in sp.amounts(idx, d, a, b) if not _shared_otherwise(q.text, text, a, s)][:1]
    if want == "quote":
        return [sp.Span(d, a, b, "quote")] if _quotes_speaker(ctx, d, a, b) else []
    if want == "record":
        rec = _sentence_record(ctx, c)
        return [sp.Span(d, rec.title_start, rec.title_end, "record")] if rec is not None else []
    if want == "date":
        loose = bool(ctx.__dict__.get("_loose_dates")) and not re.search(r"\b(?:date|day|year)\b", q.text, re.I)
        if loose:
            # (a month alone or "last week" dates only the very thing asked: "When did the pass
            # open?" — "… since the pass opened in July"; not "Last month it signed …" for when
            # the firm was founded. Nor a question asking for a date, day or year.)
            # (any verb of its chain: "When will cargo start moving?" — "… will move … from this autumn")
            loose = any(_verb_pattern(verb).search(text, a, b) for verb in syntax.verb_chain(q.text))
        # (a date the question gives whole: "March 2028" is no answer to "… the Challenge 2028 open?")
        found = [
            s for s in sp.dates(idx, d, a, b, loose=loose) if not set(tokenize(text[s.start : s.end])) <= set(q.terms)
        ]
        if _DAY_ASKED.search(q.text):
            # "On what exact date …", "which day …": a year or a month does not say.
            found = [s for s in found if _DAY_OF_MONTH.search(text[s.start : s.end])]
        if _YEAR_ASKED.search(q.text):
            found = [s for s in found if re.search(r"(?:19|20)\d\d", text[s.start : s.end])]
        if _MONTH_ASKED.search(q.text):
            found = [s for s in found if re.search(rf"\b(?:{MONTH_PATTERN})\b|月", text[s.start : s.end], re.I)]
        if q.future:
            # "When will …": a date before the release itself cannot be when something will happen.
            issued = idx.documents[d].date or ""
            found = [s for s in found if (sp.iso_latest(text[s.start : s.end]) or "9999") >= issued]
            # (nor the dateline's own date: "PORT LOUIS, 9 May 2026 – X will run …" says when it
            # was announced)
            found = [s for s in found if not sp.in_dateline(text, a, s)]
        elif _PAST_Q.search(q.text) and not _DEADLINE_Q.search(q.text):
            # "When was Skyward Couriers founded?": a date after the release itself ("expects to fly
            # its first route by mid-2026") is a plan, not when anything happened. (Against when it
            # was published: a release dated the day after its meeting says "held yesterday".)
            doc = idx.documents[d]
            issued = max(doc.published or "", doc.date or "")

            def after_release(s: sp.Span) -> bool:
                iso = sp.iso_date(text[s.start : s.end])
                year = re.search(r"\b(?:19|20)\d\d\b", text[s.start : s.end])
                return bool(issued) and (iso > issued if iso else bool(year) and year.group(0) > issued[:4])

            found = [s for s in found if not after_release(s)]
        return found[:1]
    if want == "place":
        inside = sp.tagged(idx, d, a, b, ("org",))

        def placed(spans: list[sp.Span]) -> list[sp.Span]:
            spans = [s for s in spans if not _place_in_question(q, text[s.start : s.end])]
            ranks = [_placed(ctx, text, a, s, inside) for s in spans]
            if "\n" in text[a:b]:
                # (a table row's place is a cell of its own: "… | Marina Bay Exhibition Halls, Singapore")
                ranks = [2 if s.start == a or text[s.start - 1] == "\n" else r for s, r in zip(spans, ranks)]
            # (a place inside the subject's own name says where it is, not where it does anything:
            # "Shenzhen Bosum …" for where it will promote business services)
            own_name = bool(_WHERE_IS.search(q.text))
            return [s for s, r in zip(spans, ranks) if r == 2] or [
                s for s, r in zip(spans, ranks) if r == 1 and own_name
            ]

        within = _WHERE_IN.search(q.text)
        outer = sp.place_scale(within.group(1)) if within else 0

        def in_asked(spans: list[sp.Span]) -> list[sp.Span]:
            # "Where in Singapore will the hub be?": a place inside Singapore, not Singapore itself
            # nor a region it lies in ("Southeast Asia").
            if not within:
                return spans
            return [
                s
                for s in spans
                if not _in_question(q, text[s.start : s.end])
                and (
                    sp.place_scale(text[s.start : s.end]) < outer
                    or not outer
                    and not sp.place_scale(text[s.start : s.end])
                )
            ]

        found = in_asked(placed(sp.places(idx, d, a, b)))
        # (a sentence squarely about the question, or a "which district" answered by the sentence
        # naming one, may name it otherwise: "has chosen Qianhai as the location")
        named_kind = q.focus is not None and q.focus.which and q.focus.kind == "place"
        if not found and (c.overlap >= 0.6 or named_kind or "\n" in text[a:b]):
            # (nor does a table row: its venue is a cell)
            found = in_asked(placed(sp.places(idx, d, a, b, loose=True)))
        stranded = _STRANDED_TO.search(q.text)
        if not found and stranded:
            # "Where are the parcels bound for?" — "… parcels bound for Southeast Asia": the place
            # right after the question's own verb and preposition.
            said = re.compile(rf"\b{re.escape(stranded.group(1))}\s+{stranded.group(2)}\s+(?:the\s+)?$", re.I)
            found = [
                s
                for s in in_asked(sp.places(idx, d, a, b, loose=True))
                if said.search(text[max(a, s.start - 40) : s.start])
                and not _place_in_question(q, text[s.start : s.end])
            ]
        if not found and not (q.focus is not None and q.focus.which):
            # "Where will the best teams test their ideas?" — "… will test their ideas at a working
            # berth": a place in common words, where the sentence says the question's verb is done.
            verb = syntax.main_verb(q.text)
            hit = _verb_pattern(verb).search(text, a, b) if verb else None
            got = syntax.location(text[a:b], hit.start() - a) if hit else None
            if got:
                return [sp.Span(d, a + got[0], a + got[1], "place")]
        scale = _ASKED_SCALE.get(q.focus.head.lower()) if q.focus is not None and q.focus.kind == "place" else None
        if q.focus is not None and q.focus.head.lower() in _FACILITY_WORDS:
            # "Which venue / hotel / building …?": a site's own name ("Kent Ridge Convention
            # Centre"), not the city or district it is in ("held in Shenzhen", "Longgang District").
            found = [s for s in found if _site_name(text[s.start : s.end])]
        # (a city-state is the city a meeting is held in — "in which city will the 3rd council
        # meeting be held?": Singapore — but says only the country a body is based in)
        event = bool(EVENT_WORDS.search(q.text))

        def city(name: str) -> bool:
            return sp.is_city(name) if event else not sp.place_scale(name)

        if scale == 0 and found and not any(city(text[s.start : s.end]) for s in found):
            # "What city will the firm's office be in?" — "in China and has chosen Qianhai as the
            # location": a country is no city when the sentence names a narrower place.
            narrower = [s for s in placed(sp.places(idx, d, a, b, loose=True)) if city(text[s.start : s.end])]
            # (and none at all when it names none: "more cities in Southeast Asia" names no city)
            found = narrower
        if ctx.__dict__.get("_marked_kind") and q.focus is not None:
            # "In which district was it held?" — "in Futian district": first, a place the text itself
            # calls one of the kind asked (a first pass; "held in Shenzhen" is tried after).
            kind = re.escape(q.focus.head.lower().rstrip("s"))

            def marked(spans: list[sp.Span]) -> list[sp.Span]:
                return [
                    s
                    for s in spans
                    if re.match(rf"\s+{kind}s?\b", text[s.end : s.end + 20], re.I)
                    or re.search(rf"\b{kind}s?$", text[s.start : s.end], re.I)
                ]

            # (among the names the releases give as places elsewhere too: "at the Yongjiang Riverside
            # Conference Centre in Ningbo's Yinzhou district")
            found = marked(found) or marked(in_asked(placed(sp.places(idx, d, a, b, loose=True))))
        if len(found) > 1:
            # "Where is TusStar setting up hub operations?" in "… presence in Southeast Asia by
            # establishing hub operations in Singapore": the place the question's own words lead to.
            words = {w for w in q.topic if w not in GENERIC}
            spots = [m.end() for m in re.finditer(r"[A-Za-z][\w'-]*", text[a:b]) if set(tokenize(m.group(0))) & words]
            if spots:
                found.sort(key=lambda s: min(abs(s.start - (a + p)) for p in spots))
        if scale is not None:
            # The place of the size asked for first: a city for "which city", a country for "which country".
            found.sort(key=lambda s: abs(sp.place_scale(text[s.start : s.end]) - scale))
            if scale == 0 and q.focus.head.lower() in _DISTRICT_WORDS:
                # "Which district …?" — "in Longgang Huilongpu, Shenzhen": of a place written before
                # the wider one it lies in, the narrower.
                found.sort(key=lambda s: not re.match(r",\s*[A-Z]", text[s.end : s.end + 3]))
            elif scale == 0 and q.focus.head.lower() in _CITY_WORDS:
                # "In which city was it held?" — "at the Kent Ridge Convention Centre in Singapore": of
                # a place written before the wider one it lies in, the wider.
                found.sort(key=lambda s: bool(re.match(r"(?:,|\s+in)\s+[A-Z]", text[s.end : s.end + 5])))
        many = _HOW_MANY_ASKED.search(q.text)
        if many:
            # "Which two districts will it cover?" — "in Punggol and Longhua": both, as written.
            return sorted(found[: as_int(many.group(1)) or 1], key=lambda s: s.start)
        # ("… in Punggol and Longhua": the places joined by "and" answer together)
        joined = found[:1]
        for s in sorted(found[1:], key=lambda x: x.start):
            if joined and re.fullmatch(r"\s+and\s+", text[joined[-1].end : s.start]):
                joined.append(s)
        return joined
    if want in ("person", "org"):
        rec = _sentence_record(ctx, c)
        if rec is not None and a < rec.start and rec.end <= b:
            a, b = rec.start, rec.end  # a sentence listing several items: the one asked about
        if want == "org" and OWNERSHIP_Q.search(q.text):
            # "What is X's parent company?": the body the passage says owns it ("X (belongs to Y)"),
            # not its partner; nobody when it says nothing of an owner.
            owned = OWNED.search(text, a, b)
            names = _question_names(ctx)
            if owned and names:
                # (of the body the question names, right before: "Nanshan Cloud (belongs to …)" says
                # nothing of its partner Kopi Data's owner)
                before = term_set(text[max(a, owned.start() - 80) : owned.start()].split("with")[-1])
                owned = owned if any(n <= before for n in names) else None
            after = [s for s in sp.tagged(idx, d, a, b, ("org",)) if owned and 0 <= s.start - owned.end() <= 6]
            return after[:1]
        if want == "person":
            if q.side:
                mine, phrase = sp.person_for_side(idx, d, a, b, q.side)
                # "A representative from the Chinese government" answers who co-chaired for China,
                # not who was mayor: the role asked must be the sentence's own word.
                roles = [w for w in role_words(q.text) if w in ROLE_NOUNS]
                role_said = (
                    not roles
                    or any(  # ("cochair" is "co-chaired")
                        re.search(
                            rf"\b{re.escape(w.replace('-', '').rstrip('s')[:5])}", text[a:b].replace("-", ""), re.I
                        )
                        for w in roles
                    )
                )
                if not role_said:
                    return []  # "Which Singapore minister …": its Permanent Secretary is not one
                verb = _who_verb(q.text) if not roles else None
                uses = [m for m in verb.finditer(text, a, b)] if verb is not None else []
                if uses and not any(syntax.is_verb(text[a:b], m.start() - a) for m in uses):
                    # "Who signed for the Shenzhen company?": "… witnessed the signing with Mr Peng
                    # Guohua" names the act, not who did it.
                    return []
                return mine or ([phrase] if phrase and not q.name_asked else [])
            doing = (
                _who_verb(q.text, q.focus.phrase)
                if q.focus is not None and q.focus.which and not PERSON_PREDICATES.search(q.text)
                else None
            )
            spoke = bool(_SPOKE.search(q.text) and _SPOKE.search(text, a, b))
            if doing is not None and not doing.search(text, a, b) and not spoke:
                # "Which officials witnessed the signings?": people a sentence names for something
                # else (co-chairing the meeting) did not do what is asked. (A role's verb — "which
                # official represented China" — is judged by the role the sentence gives instead; a
                # speech's title, "SPEECH BY MR X …", says who addressed the forum.)
                return []
            people = [
                s
                for s in sp.people(idx, d, a, b)
                if not _in_question(q, text[s.start : s.end])
                and not _names_subject(ctx, text[s.start : s.end])
                and _introduced(idx, s)
            ]
            asks_speaker = bool(_SPOKE.search(q.text) or _SAYS.search(q.text) or _SAID_Q.search(q.text))
            did = _who_verb(q.text)
            asked = did.search(q.text) if did is not None else None
            if (
                people
                and asked is not None
                and (
                    STATED_RELATIONS.match(q.text, asked.start())
                    and not _object_said(ctx, text, a, b)
                    or did.search(text, a, b)
                    and _other_object(ctx, text, a, b)
                )
            ):
                # "Who is funding the Tide Data Exchange?": not whoever funds tide gauges; "Who chaired
                # the judging panel?": not who co-chaired a meeting.
                return []
            if asked is not None and not asks_speaker:
                # "Who signed the MOU?" — "it was witnessed by … Ms Farah Ismail", "we signed … in
                # front of Ms Farah Ismail": the agent of another verb, or a witness, did not sign.
                # (where the sentence says the verb asked at all: "The prizes were presented by Mr
                # Alvin Tay" says in its own words who handed them out)
                if did.search(text, a, b):
                    people = [s for s in people if not _other_agent(text, a, s, did)]
            if not asks_speaker:
                # "Who signed the agreement that launched the SCI?": the speaker of "Mr Leong said,
                # “The SCI, launched in 2019, …”" is quoting, not the one who did what is asked.
                people = [s for s in people if not _SPEAKER_AT.match(text, s.end)]
            if not people and asks_speaker:
                # "Who said …", "whose words …": inside a quotation, its speaker is named where it
                # opens ("Mr Leong said, “… Despite challenges of the pandemic …").
                people = [s for s in _speaker(ctx, d, a, b) if not _in_question(q, text[s.start : s.end])]
            if not people and not q.role:
                # "But he cautioned that …": the one person the sentence before it names.
                people = [s for s in _pronoun_person(ctx, d, a, b) if not _in_question(q, text[s.start : s.end])]
            if people and q.role:
                # "Who is the Mayor of Shenzhen?": the person named right after the role asked about.
                # (a role the question names as a noun: "represented" is a verb, not "representative";
                # "who heads X" asks for its head)
                written = {w for w in role_words(q.text) if w in ROLE_NOUNS or w[:-1] in ROLE_NOUNS}
                role_terms = [t for t in q.topic if t in _ROLES and t in set(tokenize(" ".join(written)))]
                if q.focus is not None and q.focus.which:
                    # "Which Singapore minister did the vice mayor greet?": the role asked is the
                    # focus's; the other is the subject's.
                    own = set(tokenize(q.focus.phrase))
                    role_terms = [t for t in role_terms if t in own] or role_terms
                if role_terms:
                    # The role stands before the name ("Mayor Mr Qin") or in an apposition after
                    # it ("Mr Ivan Teo, chief executive of Skyward Couriers, said").
                    # "Who heads X?" asks for whoever holds X's top post, by whatever title.
                    heads = set(role_terms) <= _HEAD_TERMS
                    # "Who is the CEO of Shenzhen Haiyun?": the body whose role it is
                    of = re.search(r"\b(?:of|at)\s+(?:the\s+)?((?:[A-Z][\w&'’-]*\s*)+)", q.text)
                    of_body = (
                        # (the body itself, not whose it is: "SNPO's Ningbo Liaison Office")
                        frozenset(tokenize(re.sub(r"^.*['’]s\s+", "", of.group(1))))
                        - side_and_month_terms()
                        - set(tokenize(" ".join(q.mentions.bodies)))
                        if of and not q.mentions.meetings
                        else frozenset()
                    )
                    _, idf = _corpus_stats(idx)
                    # (its rarest word names it: "the Shenzhen Municipal Transport Bureau" is not the
                    # Municipal Ecology and Environment Bureau; "Meridian chief executive" is Meridian
                    # Trade Systems')
                    known = [t for t in of_body if t in idf]
                    rarest = max(known, key=lambda t: (idf[t], t)) if known else None

                    def holds(s: sp.Span) -> bool:
                        if re.search(r"\b(?:of|at|for|from)\s+(?:the\s+)?$", text[a : s.start]):
                            return False  # "chief executive of Skyward Couriers": the body, not its holder
                        # (with the span's own title: "Minister of State Loh")
                        lo = max(a, s.start - 70)
                        # (not another person's title: "Our CEO, Mr Marcus Teo, signed …, and Ms Xu Lan,
                        # Chairman of Haiyun" gives Ms Xu no "CEO")
                        lo = max([lo, *(p.end for p in people if p.end <= s.start)])
                        # (within its own sentence: "… chief executive of the Board. She succeeds Mr
                        # Ravi Gopal" gives Mr Gopal no title)
                        stop = [m.end() for m in re.finditer(r"[.!?]\s+(?=[A-Z])", text[lo : s.start])]
                        before = term_set(text[lo + (stop[-1] if stop else 0) : s.end])
                        if has_cjk(text[max(a, s.start - 12) : s.start]):
                            # ("…创始人林嘉敏（Kimberly Lim）": the title in Chinese, read by the glossary)
                            before |= term_set(to_english(text[max(a, s.start - 12) : s.start]))
                        # (", and Mayor … Mr Qin" after a name opens the next person's role, not this one's)
                        after = re.match(r",(?!\s*(?:and|or|while|with)\b)\s*([^,.;:()“”\"]{3,70})", text[s.end : b])
                        # (or named it by a verb: "Ms Nadia Boolell has been appointed chief executive
                        # of …", "Mr Tan was elected chair", "Ms Lim is the director")
                        after = after or _PREDICATED_ROLE.match(text, s.end, b)
                        apposed = term_set(after.group(1)) if after else frozenset()
                        if of_body:
                            # "the CEO of Haiyun": not the CEO of another company (said of the person
                            # up to the next one named: "was appointed Deputy Director (Projects) of …")
                            nxt = min([p.start for p in people if p.start > s.start] + [b, s.end + 160])
                            # ("our co-founder and CEO Mira Patel" in Reef Robotics' own post: "our" is
                            # the post's account)
                            ours = _voice_names(idx, c.index) if _FIRST_PERSON_OWN.search(text[lo : s.start]) else set()
                            told = before | apposed | term_set(text[s.end : nxt]) | ours
                            # (a Chinese sentence, read word by word, by any of its words)
                            loose = rarest is None or has_cjk(text[lo : s.end])
                            if not told & of_body if loose else rarest not in told:
                                return False
                        said_as = text[lo + (stop[-1] if stop else 0) : s.end] + " " + (after.group(1) if after else "")
                        if any(_only_under(w, said_as, q.text) for w in written):
                            return False  # "Vice Mayor Huang" is not the mayor; a deputy director no director
                        if heads:
                            return bool((before | apposed) & _HEAD_TITLE_TERMS)
                        # (the role's own word, not one sharing its first letters: "Ministry of Ports"
                        # holds no minister)
                        if all(t in before for t in role_terms) or all(t in apposed for t in role_terms):
                            return True
                        # "the CEO" is the "chief executive" a text names ("Their chief executive, Mr
                        # Marcus Lee"): a role asked by its initials holds for the words they stand for.
                        said = text[max(a, s.start - 70) : s.start] + " " + (after.group(1) if after else "")
                        return all(t in before | apposed or _spelled_initials(t, said) for t in role_terms)

                    people = [s for s in people if holds(s)]
            if people:
                people = _representing(ctx, c, a, b, people)
            if people and _JOINT_ROLE.search(q.text):
                # "Who co-chaired?": every side's co-chair, a side the sentence names no person for
                # by the words it uses ("a representative from the Chinese government").
                for side in SIDE_WORDS:
                    mine, phrase = sp.person_for_side(idx, d, a, b, side)
                    if not mine and phrase is not None and all(phrase.start != p.start for p in people):
                        people = sorted([*people, phrase], key=lambda x: x.start)
            titled = any(w in ROLE_NOUNS for w in role_words(q.text))
            # (one acting "on behalf of" a body is a person: the body itself did not sign for itself)
            acts_for = bool(re.search(r"\bon\s+behalf\s+of\b", q.text, re.I))
            if not people and q.role and not q.name_asked and not titled and not acts_for:
                # "Who co-leads the BCWC?" asks for a person only by its verb: a sentence saying the
                # very thing was done by bodies ("It is co-led by A and B") names who does it.
                verb = _who_verb(q.text)
                hit = verb.search(text, a, b) if verb else None
                if hit and re.match(r"\s+by\b", text[hit.end() : b]):
                    return _doers(ctx, d, a, b, hit.end()) or _parsed_doers(ctx, d, a, b, verb)
                if hit and _object_said(ctx, text, a, b):
                    # "Who leads Singapore's digital transformation?" — "IMDA leads Singapore's digital
                    # transformation": the body that does the very thing to the very object.
                    return _doers(ctx, d, a, hit.start()) or _parsed_doers(ctx, d, a, b, verb)
            if _who_verb(q.text) is not None and not _CONTACT_WHOM.search(q.text):
                # A line that is only a name ("LEE Wai Leng" on a contact card) says nothing of what
                # anyone did: it answers who to contact, not who hosted the ceremony.
                people = [
                    p
                    for p in people
                    if len(re.sub(r"\W", "", text[a:b])) > 1.25 * len(re.sub(r"\W", "", text[p.start : p.end]))
                ]
            if people or q.role or q.name_asked or (q.focus is not None and q.focus.kind == "person"):
                # ("Which officials witnessed the signings?": a company that signed is no official)
                return people
        if want == "org" and q.focus is not None and q.focus.which:
            verb = _who_verb(q.text, q.focus.phrase)
            said = verb.search(text, a, b) if verb else None
            asked = verb.search(q.text) if verb is not None else None
            relation = asked is not None and bool(STATED_RELATIONS.match(q.text, asked.start()))
            if verb is not None and not said and (PERSON_PREDICATES.search(q.text) or relation):
                # "Which company owns Strides Digital?": owning, founding, heading is a relation the
                # sentence must state; its partner in an MOU is not its owner.
                return []
            stranded = _STRANDED_VERB.search(q.text)
            if stranded and not _PARTNERING.match(stranded.group(1)):
                # "Which university is X affiliated with?", "Which group does X belong to?": the
                # relation is the sentence's to state; a partner named beside X is not its parent.
                stem = re.sub(r"(?:ed|es|s|ing)$", "", stranded.group(1).lower())
                if not re.search(rf"\b{re.escape(stem[:6])}", text[a:b], re.I):
                    return []
        if rec is not None and not _record_does(ctx, rec):
            return []  # "Who won the event?": the row says its parties will host it
        if rec is not None:
            # (a project listed by its own name, then a colon, names no party: "SME Trade Finance
            # Platform: invoice financing for small exporters")
            named_only = (
                rec.kind == "project" and len(rec.parties) < 2 and text[rec.title_end : rec.title_end + 1] == ":"
            )
            parties = [] if named_only else _party_spans(ctx, rec)
            acted_for = _ON_BEHALF.search(q.text) if want == "person" else None
            if acted_for and any(_name_of(ctx, p, acted_for.group(1)) for p in rec.parties):
                # "Who signed the MOU for Kranji AgriTech?": a person acting for one party; the
                # row's other party is not who signed for it.
                parties = []
            mine = _party_on_side(rec.parties, q.side) if q.side and len(parties) == 2 else None
            if mine:
                # "Which Shenzhen government body signed the protocol?": that side's party.
                parties = [s for s in parties if text[s.start : s.end] == mine] or parties
            if parties:
                return parties
        verb = _who_verb(q.text) if want == "person" and not q.role and not q.name_asked else None
        if verb is not None and verb.search(text, a, b) and _object_said(ctx, text, a, b):
            # "Who organised the forum?" asks for whoever did it: "The forum was organised by the
            # BCWC" names a body, and the sentence says it did the very thing asked.
            return (
                _did_it(ctx, d, a, b, verb)
                or _described_doers(ctx, d, b, verb.search(text, a, b))
                or _parsed_doers(ctx, d, a, b, verb)
            )
        if want == "org":
            # "Which agencies co-lead the BCWC?": "It is co-led by A and B" says who does the very
            # thing asked.
            verb = _who_verb(q.text, q.focus.phrase if q.focus and q.focus.which else None)
            if verb is not None and verb.search(text, a, b):
                return _did_it(ctx, d, a, b, verb)
            # (a short form the question gives may be asked about: "Which agency is MCI?")
            orgs = [
                s
                for s in sp.tagged(idx, d, a, b, ("org",))
                if not _in_question(q, text[s.start : s.end])
                and not _names_subject(ctx, text[s.start : s.end])
                and not _no_party(text, s)
            ]
            spots = [m.start() + a for n in _entities(q.text) for m in re.finditer(re.escape(n), text[a:b], re.I)]
            if len(orgs) > 1 and spots:
                # "Which organisation does Qin Weizhong lead?": the one named closest to him.
                return [min(orgs, key=lambda s: min(abs(s.start - p) + abs(s.end - p) for p in spots))]
            return orgs[:2]
        return []
    return []


# A plan the release states: "… will host a … event", "shall set up".
_PLAN = re.compile(r"\b(?:will|shall|plans? to|aims? to|is to|are to)\b", re.I)
_PAST_FORMS = frozenset(p for base, p in IRREGULAR_PAST.items() if p != base)


def _object_said(ctx: Context, text: str, a: int, b: int) -> bool:
    """Whether the sentence or row ``text[a:b]`` that uses the question's verb speaks of what the
    question says it is done to: "Who hosted the JIC *session*?" is not answered by "… will host a
    world top combat sports *event*". True when the question names nothing after its verb but
    meetings, months, sides and kinds of item (its topic holds none of them)."""
    q = ctx.q
    asked = _who_verb(q.text, q.focus.phrase if q.focus is not None and q.focus.which else None)
    at = asked.search(q.text) if asked else None
    if at is None:
        return True
    seg = text[a:b]
    if has_cjk(seg):
        # (a Chinese sentence speaks of what its glossary reading names: "绿砖科技" is GreenBrick Tech)
        seg = f"{seg} {to_english(seg, document_names(ctx.idx), document_glosses(ctx.idx), dictionary=True)}"
    said = term_set(seg)
    if parse_mentions(q.text[at.end() :]).meetings and not parse_mentions(seg).any:
        # "Which organisation hosted the 4th JIC?" is not answered by a row whose parties will host
        # a sports event: the thing done is a meeting, and the sentence speaks of none.
        named = [t for t in tokenize(q.text[at.end() :]) if not t[:1].isdigit() and t not in side_and_month_terms()]
        if not any(term_match(t, said) for t in named):
            return False
    # An object named by a name of its own ("the Singapore-Qianhai Talent Cooperation") is spoken
    # of by that name, its words in order, not by its words scattered over another item's row.
    common = side_and_month_terms()
    sentence = [t for w in re.findall(r"[A-Za-z][\w&'’]*", seg) for t in tokenize(w)[:1]]
    # (for relations of money, supply, authority and hosting, which a row's parties may seem to
    # hold over another item only by sharing its words)
    relation = STATED_RELATIONS.match(q.text, at.start()) is not None
    names = r"[A-Z][\w&'’]*(?:[\s-]+(?:(?:of|and|&|for)\s+)?[A-Z][\w&'’]*)+"
    for run in re.finditer(names, q.text[at.end() :] if relation else ""):
        own = [t for w in re.findall(r"[A-Za-z][\w&'’]*", run.group(0)) for t in tokenize(w)[:1] if t not in common]
        if len(own) < 2 or any(set(own) <= events for events in _event_terms(ctx.idx)):
            continue  # (an event's name: a release speaks of it as "the forum")
        # (its words together, in a few words' stretch, in any order: "Shenzhen-Singapore" is
        # "Singapore-Shenzhen")
        span = len(own) + 3
        if not any(
            all(any(term_match(t, {u}) for u in sentence[i : i + span]) for t in own)
            for i in range(max(1, len(sentence) - span + 1))
        ) and not _called_by_head(text, a, b, run.group(0)):
            return False
    want = [t for t in tokenize(q.text[at.end() :]) if t in q.topic and t not in side_and_month_terms()][:4]
    # (most of it: "the Singapore-Qianhai Talent Cooperation" is not "Qianhai Service Group"'s fund)
    return not want or sum(term_match(t, said) for t in want) * 3 >= 2 * len(want)


def _called_by_head(text: str, a: int, b: int, name: str) -> bool:
    """Whether ``text[a:b]`` speaks of ``name`` by its last word after "the" ("the Challenge is
    organised by …"), in a document that gives the whole name up to there ("the SCI Smart City
    Challenge 2027")."""
    words = re.findall(r"[A-Za-z][\w&'’]*", name)
    head = next((w for w in reversed(words) if not w.isdigit() and w[0].isupper()), None)
    if head is None or not re.search(rf"\b[Tt]he\s+{re.escape(head)}\b", text[a:b]):
        return False
    whole = r"[\s-]+".join(re.escape(w) for w in words)
    return re.search(whole, text[:b], re.I) is not None


def _other_object(ctx: Context, text: str, a: int, b: int) -> bool:
    """Whether the sentence ``text[a:b]``, which uses the question's verb, does it to something else:
    "Who chaired the judging panel of the Challenge?" — "Minister Loh and I co-chaired the seventh
    meeting". The noun the question's object ends on ("panel") must be in the sentence or the
    paragraph before it ("Their chief executive signed for them" follows the sentence naming them).
    Not judged for meetings (the meeting match judges their ordinals and names) nor for kinds of
    item, which releases name in many ways ("the MOU", "the memorandum", "the pact")."""
    from .intents import scope_of

    q = ctx.q
    asked = _who_verb(q.text)
    at = asked.search(q.text) if asked else None
    if at is None or parse_mentions(q.text[at.end() :]).any:
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*|[^\w\s]", q.text[at.end() :])
    k = 0
    while k < len(words) and words[k].lower() in DETERMINERS:
        k += 1
    phrase = []
    for w in words[k : k + 5]:
        low = w.lower()
        if (
            not w[0].isalpha()
            or low in PREPOSITIONS
            or low in AUXILIARIES
            or low in ("of", "and", "or", "who", "which", "that")
        ):
            break
        phrase.append(w)
    if not phrase or phrase[-1][0].isupper():
        return False  # no object, or a name (judged by the name match)
    head = tokenize(phrase[-1])
    if not head or len(head[0]) < 3 or scope_of(phrase[-1]) is not None or head[0] in GENERIC or head[0] in SCOPE_WORDS:
        return False
    para = max(text.rfind("\n\n", 0, a), 0)
    return not term_match(head[0], term_set(text[max(para, a - 600) : b]))


def _event_terms(idx: LoadedIndex) -> list[frozenset[str]]:
    """The terms of each event name the documents report ("2nd Harbour Industry Forum")."""
    if "event_terms" not in idx.derived:
        idx.derived["event_terms"] = [frozenset(tokenize(d.event)) for d in idx.documents.values() if d.event]
    return idx.derived["event_terms"]


def _record_does(ctx: Context, rec: Record) -> bool:
    """Whether an annex record says its parties did what a "who <verb> …?" question asks. A question
    in the past tense ("Who *won* the event?") about something the row speaks of only as a plan
    ("… will host a … event"), with a verb the row and its annex heading never use, is not answered
    by that row: the release was written before it happened."""
    q = ctx.q
    verb = _who_verb(q.text, q.focus.phrase if q.focus is not None and q.focus.which else None)
    text = ctx.idx.documents[rec.doc_id].text
    said = verb.search(text, rec.start, rec.end) if verb is not None else None
    if said is not None and not _object_said(ctx, text, rec.start, rec.end):
        return False  # "Who hosted the JIC session?": the row's parties host a sports event
    if verb is None or said or verb.search(rec.annex):
        return True
    asked = verb.search(q.text)
    word = asked.group(0).lower() if asked else ""
    if asked is not None and STATED_RELATIONS.match(q.text, asked.start()):
        return False  # "Who is funding the talent cooperation?": its partners are not said to fund it
    if not (word.endswith("ed") or word in _PAST_FORMS) or _PARTNERING.match(word):
        return True  # (being its parties is teaming up, signing, partnering: the row states that)
    row = text[rec.start : rec.end]
    named = set(re.findall(r"\w+", " ".join(rec.parties).lower()))
    closed = DETERMINERS | AUXILIARIES | PREPOSITIONS
    # (what the question says was done to, less the parties' names: "the 2023 ONE Championship event")
    about = [t for t in re.findall(r"\w+", q.text[asked.end() :].lower()) if t not in named and t not in closed]
    spots = [m.start() for t in about for m in re.finditer(rf"\b{re.escape(t)}\b", row, re.I)]
    plan = _PLAN.search(row)
    return not (spots and plan and plan.start() < min(spots))


_CLOSED_WORDS = DETERMINERS | AUXILIARIES | PREPOSITIONS
_HANDLE_Q = re.compile(
    r"\b(?:handles?|accounts?|user\s?names?|pages?|follow|social|twitter|facebook|instagram|linkedin|x)\b", re.I
)
_CONTACT_DOCS = 20  # the documents of this many best sentences are searched for contact details
_CARD_LABELS = 4  # label lines over a contact line ("LEE Wai Leng" / "Communications and Marketing" / …)


def _contact(ctx: Context, cands: list[Candidate]) -> tuple[Candidate, list[sp.Span]] | None:
    """The line giving the contact detail asked for ("Email: … | Tel: …") of whom or what the
    question names, with the detail as its span. Such lines rarely say whose they are: a contact
    card's name and department stand on the short lines above, and those count as the line's words.
    The best line is the one whose words cover the question's best (IDF), then the closest.

    Returns (the sentence to quote: the card's name line when there is one, else the line; the
    detail), or None when no document close to the question gives a detail of that kind."""
    idx, q = ctx.idx, ctx.q
    sets, idf = _corpus_stats(idx)
    dflt = max(idf.values(), default=1.0)
    docs = list(dict.fromkeys([*sorted(ctx.named), *(c.sentence.doc_id for c in cands[:_CONTACT_DOCS])]))
    if ctx.allowed:
        docs = [d for d in docs if d in ctx.allowed]
    rank = {c.index: i for i, c in enumerate(cands)}
    # A bracketed word after a platform's name is a handle ("Facebook (IMDAsg)") only when a handle is
    # asked for: "the website of the A*STAR Collaborative Commerce Marketplace (ACCM)" is no address.
    platforms = (
        tuple(w for w in re.findall(r"[A-Za-z][\w-]{2,}", q.text) if w.lower() not in _CLOSED_WORDS)
        if _HANDLE_Q.search(q.text)
        else ()
    )
    # The question's words the releases only ever write capitalised are names ("ravi kumar tel no",
    # "IMDA's website"): the line and its labels must hold every one of them. (Capitalisation in
    # the releases, not in the question: users type names in lower case.)
    asked = q.text
    for _, says_kind in CONTACT_Q:
        asked = says_kind.sub(" ", asked)  # ("Email:" opens every email line: not a name)
    named: set[str] = set()
    for w in set(re.findall(r"[A-Za-z][\w-]{2,}", asked)):
        if w.lower() in _CLOSED_WORDS:
            continue
        seen = [m.group(0) for d in docs for m in re.finditer(rf"\b{re.escape(w)}\b", idx.documents[d].text, re.I)]
        if seen and all(x[0].isupper() for x in seen):
            named |= set(tokenize(w))
    best: tuple[tuple[float, int], Candidate, list[sp.Span]] | None = None
    for d in docs:
        text = idx.documents[d].text
        rows = rows_by_doc(idx, "sentences").get(d, [])
        for i, row in enumerate(rows):
            x = idx.sentences[row]
            found = sp.contacts(idx, d, x.start, x.end, q.expected, platforms)
            if not found:
                continue
            terms, owner = sets[row], row
            for back in reversed(rows[max(0, i - _CARD_LABELS) : i]):
                y = idx.sentences[back]
                line = text[y.start : y.end].strip()
                if (
                    len(line.split()) > _LABEL_WORDS + 2
                    or re.search(r"[.!?:;]$", line)
                    or any(sp.contacts(idx, d, y.start, y.end, k) for k in sp.CONTACT_KINDS)
                ):
                    break  # prose, or the card above: not this line's label
                terms, owner = terms | sets[back], back
            if not named <= terms:
                continue  # someone else's card: the question names whose detail it wants
            score = (round(overlap(q.topic, terms, idf, dflt), 2), -rank.get(row, len(rank)))
            if best is None or score > best[0]:
                y = idx.sentences[owner]
                shown = Candidate(owner, y, text[y.start : y.end], 0.0, 0.0, 0.0)
                # (the detail right after a platform the question names, else the line's first)
                after = [
                    s
                    for s in found
                    if platforms
                    and any(
                        re.search(rf"\b{re.escape(p)}\W*$", text[max(x.start, s.start - 40) : s.start], re.I)
                        for p in platforms
                    )
                ]
                best = (score, shown, (after or found)[:1])
    return (best[1], best[2]) if best else None


_LONG_QUOTE = 300  # a quote longer than this, with nothing in bold, opens at the part that answers
_BETTER_PART = 0.1  # how much more of the question a later part must cover to open the quote


def _quote_start(ctx: Context, best: Candidate, end: int) -> int:
    """Where the quote of a long passage with no bold answer opens: at the sentence or clause of it
    that covers the question's words best ("… The two parties will collaborate in key areas such
    as …" for "the key areas they will collaborate in"), when that is clearly a later one; the
    passage's start otherwise. The words before it are left out with "…", never changed."""
    idx, q = ctx.idx, ctx.q
    d, start = best.sentence.doc_id, best.sentence.start
    text = idx.documents[d].text
    if end - start <= _LONG_QUOTE or not q.topic:
        return start
    cuts = [start] + [start + m.end() for m in re.finditer(r"(?<=[.;])\s+(?=[A-Z])|;\s+|,\s+and\s+", text[start:end])]
    parts = [(a, b) for a, b in zip(cuts, [*cuts[1:], end]) if b - a > 20]
    if len(parts) < 2:
        return start
    _, idf = _corpus_stats(idx)
    dflt = max(idf.values(), default=1.0)
    # (the names the question gives are the passage's subject, named once where it opens)
    named = set(tokenize(" ".join(_entities(q.text))))
    about = tuple(t for t in q.topic if t not in named) or q.topic
    covered = [overlap(about, term_set(text[a:b]), idf, dflt) for a, b in parts]
    top = max(range(len(parts)), key=lambda i: covered[i])
    return parts[top][0] if top and covered[top] >= covered[0] + _BETTER_PART else start


# A title before a name: capitalised words and the small words inside a title ("Permanent Secretary
# for Communications and Information Mr Joseph Leong"), up to the honorific.
_TITLE_BEFORE = re.compile(
    r"((?:[A-Z][\w'’&-]*|of|for|and|the)(?:\s+(?:[A-Z][\w'’&-]*|of|for|and|the))*)\s+(?:(?:Mr|Ms|Mrs|Mdm|Dr)\.?\s+)?$"
)
# A title after a name: "Mr Ivan Teo, chief executive of Skyward Couriers, said".
_TITLE_AFTER = re.compile(r",\s*((?:the\s+)?[^,.;:()“”\"]{3,80}?)\s*(?:[,.;]|$)")


def _title_of_named(ctx: Context, cands: list[Candidate], names: list[frozenset[str]]):
    """(candidate, [title span]) for the first close sentence that gives the person the question
    names a title holding a role word; "untitled" when close sentences name that person and use no
    role word at all; None otherwise (none names them: the question is about something else)."""
    idx, seen, worded = ctx.idx, False, False
    for c in cands[:10]:
        d, a, b = c.sentence.doc_id, c.sentence.start, c.sentence.end
        text = idx.documents[d].text
        people = sp.people(idx, d, a, b)
        for person in people:
            own = set(tokenize(text[person.start : person.end]))
            if not any(len(n & own) >= max(1, len(n) // 2) for n in names):
                continue
            seen = True
            # (a sentence naming them with a role word somewhere may give it in a way not read here)
            worded = worded or bool(set(re.findall(r"[a-z][a-z-]*", text[a:b].lower())) & ROLE_NOUNS)
            # (a title before the name starts after the person named before it: "… Ms Farah Ismail
            # and Deputy Mayor of Shenzhen Mr Gao Wenbin")
            lo = max([a, person.start - 120] + [p.end for p in people if p.end <= person.start])
            before = _TITLE_BEFORE.search(text[lo : person.start])
            after = _TITLE_AFTER.match(text, person.end, b)
            for m, base in ((before, lo), (after, None)):
                if m is None:
                    continue
                start = (base + m.start(1)) if base is not None else m.start(1)
                end = (base + m.end(1)) if base is not None else m.end(1)
                # ("… Mr Joseph Leong, and Mayor of Shenzhen …": the small words before it are not its)
                start += len(re.match(r"(?:(?:of|for|and|the)\s+)*", text[start:end]).group(0))
                if len(text[start:end].split()) > 12:
                    # ("… Information Angela Chew and Shenzhen Vice Mayor Tang Jialin": a name the
                    # tagger missed; the title is what follows the last "and" before a role word)
                    cuts = [x.end() for x in re.finditer(r"\band\s+", text[start:end])]
                    cuts = [
                        k for k in cuts if set(re.findall(r"[a-z][a-z-]*", text[start + k : end].lower())) & ROLE_NOUNS
                    ]
                    start += cuts[-1] if cuts else 0
                phrase = text[start:end]
                words = phrase.split()
                # (from its first role word's modifiers on: "co-chaired by" is not in it anyway)
                if set(re.findall(r"[a-z][a-z-]*", phrase.lower())) & ROLE_NOUNS and len(words) <= 12:
                    return c, [sp.Span(d, start, end, "description")]
    return "untitled" if seen and not worded else None


def _other_side_named(ctx: Context, said: str) -> bool:
    """Whether a name speaks of the side the question's focus is not of ("Shenzhen start-ups" for
    "which Singapore start-up")."""
    # (the focus's own side word: "which university in Shenzhen is the Singapore institute's
    # partner" asks for a Shenzhen university, whatever side the question's subject is of)
    asked = next(
        (
            side
            for side, forms in SIDE_WORDS.items()
            if ctx.q.focus is not None
            and any(re.search(rf"\b{re.escape(f)}\b", ctx.q.focus.phrase, re.I) for f in forms)
        ),
        None,
    )
    if not asked:
        return False
    others = [f for side, forms in SIDE_WORDS.items() if side != asked for f in forms]
    return any(re.search(rf"\b{re.escape(f)}\b", said, re.I) for f in others)


def _named_instance(ctx: Context, best: Candidate) -> list[sp.Span]:
    """The one "<Name> <head>" the best sentence gives for a singular "which <head>" question ("the
    TradeTrust framework" for "which framework"), the name being more than the question's own
    words and not a sentence's capitalised first word; none when it gives none or several."""
    q = ctx.q
    text = ctx.idx.documents[best.sentence.doc_id].text
    a, b = best.sentence.start, best.sentence.end
    stem = re.escape(q.focus.head.lower()[:5])
    known = set(tokenize(q.text))
    found = []
    for m in re.finditer(rf"((?:[A-Z][\w&'’.-]*\s+){{1,4}})((?i:{stem})[\w-]*)\b", text[a:b]):
        if m.group(2)[0].isupper():
            continue  # "Start-up Exchange Programme": the head is part of a longer name
        start = a + m.start(1)
        lead_in = text[a:start]
        if not lead_in.strip() or re.search(r"[.!?:]\s*$", lead_in):
            start = a + m.start(1) + len(m.group(1).split()[0])  # a sentence's first word is capitalised anyway
            start += len(text[start:]) - len(text[start:].lstrip())
        words = text[start : a + m.start(2)]
        if words.strip() and not set(tokenize(words)) <= known and not _other_side_named(ctx, words):
            found.append(sp.Span(best.sentence.doc_id, start, a + m.end(2), "description"))
    return found if len(found) == 1 else []


def _shown(text: str, s: sp.Span) -> str:
    """A span as the answer shows it: an email address as it is typed, without the markdown escape
    a page saved twice left in it ("lee\\_wai\\_leng@…")."""
    return text[s.start : s.end].replace("\\", "") if s.type == "email" else text[s.start : s.end]


def _spelled_initials(short: str, text: str) -> bool:
    """Whether ``text`` spells out ``short`` (two to four letters) as the initials of words in a row:
    "CEO" in "chief executive officer", or "chief executive" (its closing O for "officer" left out);
    "GM" in "general manager". (No list of titles: any role a release spells out is found.)"""
    short = short.lower()
    if not 2 <= len(short) <= 4 or not short.isalpha():
        return False
    initials = "".join(w[0].lower() for w in re.findall(r"[A-Za-z][A-Za-z-]*", text))
    return short in initials or (short.endswith("o") and len(short) > 2 and short[:-1] in initials)


_HEAD_TERMS = frozenset(tokenize("head heads leader"))
_HEAD_TITLE_TERMS = frozenset(tokenize(" ".join(HEAD_TITLES)))


_CONTACT_WHOM = re.compile(r"\b(?:contact|reach)\b(?!\s+(?:number|details))", re.I)


def _plural_role(question: str) -> bool:
    """Whether the question asks for holders of a title in the plural ("the media contacts")."""
    words = re.findall(r"[a-z][a-z-]*", question.lower())
    return any(w.endswith("s") and w[:-1] in ROLE_NOUNS and w not in KIND_NOUNS["person"] for w in words)


_SECTION_CHARS = 1500  # a section this short lists its people together (a "media contacts" box)


_FIRST_PERSON_OWN = re.compile(r"\b(?:our|my)\b", re.I)
# "Who signed for X?", "on behalf of X", "Who represented X?": the body a person acts for.
_ACTS_FOR = re.compile(
    r"\b(?:for|on behalf of|represent(?:s|ed|ing)?)\s+(?:the\s+)?(.+?)(?=\s+(?:at|in|on|during)\b|[?.]|$)", re.I
)


def _names_act(ctx: Context, c: Candidate, names: list[frozenset[str]]) -> bool:
    """Whether sentence ``c`` names whom the question is about: its names, or the body it asks
    who acted for ("on behalf of Aerolyte": "… signed on behalf of Aerolyte")."""
    if names:
        return _names_in(ctx, c, names) >= 0.5
    m = _ACTS_FOR.search(ctx.q.text)
    body = set(tokenize(" ".join(re.findall(r"\b[A-Z][\w&'’-]*", m.group(1))))) if m else set()
    body -= side_and_month_terms()
    return bool(body) and body <= term_set(c.text)


def _representing(ctx: Context, c: Candidate, a: int, b: int, people: list[sp.Span]) -> list[sp.Span]:
    """Of the people a sentence names, those whose own title names the body the question asks who
    acted for ("signed by Ms Jasmine Goh, CEO, Tessellate Mobility, and Mr Wu Tao, Chairman,
    Shenzhen Pengcheng Autonomous Driving" — who signed for Pengcheng: Mr Wu); all of them when no
    title names it but the sentence does; none when the sentence never names that body (the signers
    of another agreement did not sign for it)."""
    m = _ACTS_FOR.search(ctx.q.text)
    if m is None:
        return people
    text = ctx.idx.documents[c.sentence.doc_id].text
    # (the body's name: its capitalised words, not a place both sides share)
    named = " ".join(re.findall(r"\b[A-Z][\w&'’-]*", m.group(1)))
    body = {t for t in tokenize(named) if t not in side_and_month_terms()}
    if not body:
        return people
    # (by the full name of a short form the releases define: "NUS" signs as the National University of Singapore)
    forms = [body, *(full for short, full in aliases(ctx.idx).items() if set(short.split()) == body)]
    people = sorted(people, key=lambda s: s.start)
    ends = [p.start for p in people[1:]] + [b]
    mine = [
        p
        for p, end in zip(people, ends)
        if any(2 * len(form & term_set(text[p.end : end])) >= len(form) for form in forms)
    ]
    # (the body may be named just before — "Their chief executive, Mr Marcus Lee, signed for them" —
    # or be the voice of its own page: "our CEO Rachel Ng put pen to paper")
    before = max(text.rfind("\n\n", 0, a), a - 600, 0)
    said = term_set(text[before:b])
    if _FIRST_PERSON_OWN.search(text, a, b):
        said |= _voice_names(ctx.idx, c.index)
    # (only of a deed the question asks who did: "who are the media contacts for the 5th JIC" asks
    # for whoever is listed, not for someone acting for the JIC)
    acted = _who_verb(ctx.q.text) is not None
    if acted and not mine and not any(2 * len(form & said) >= len(form) for form in forms):
        return []
    return mine or people


# A sentence whose subject is "he" or "she", opening it ("But he cautioned …", "She added that …").
_PERSONAL_SUBJECT = re.compile(r"\W*(?:(?:but|and|yet|however|later|then|also),?\s+)?(?:he|she)\s+[a-z]", re.I)


def _pronoun_person(ctx: Context, d: str, a: int, b: int) -> list[sp.Span]:
    """The person "he" or "she" opening the sentence ``[a, b)`` stands for: the one person the
    sentence before it, in its paragraph, names ("Dr Kenneth Goh … said the pilot was a sensible
    first step. But he cautioned …"). None when that sentence names none or several: no
    coreference model is bundled, and a guess between two people is no answer."""
    idx = ctx.idx
    text = idx.documents[d].text
    if not _PERSONAL_SUBJECT.match(text, a, b):
        return []
    before = [idx.sentences[r] for r in rows_by_doc(idx, "sentences").get(d, []) if idx.sentences[r].end <= a]
    if not before:
        return []
    prev = max(before, key=lambda x: x.end)
    if "\n" in text[prev.end : a]:
        return []
    found = [s for s in sp.people(idx, d, prev.start, prev.end) if _introduced(idx, s)]
    return found if len(found) == 1 else []


def _led_into(ctx: Context, c: Candidate) -> Candidate | None:
    """The sentence a lead-in line ending in a colon introduces ("For media enquiries, please contact:"
    then "Ms Tan Hui Min" on a line of its own), as a candidate as close as the lead-in."""
    if not c.text.rstrip().endswith(":"):
        return None
    idx, d = ctx.idx, c.sentence.doc_id
    rows = rows_by_doc(idx, "sentences").get(d, [])
    after = [r for r in rows if idx.sentences[r].start >= c.sentence.end]
    if not after:
        return None
    row = min(after, key=lambda r: idx.sentences[r].start)
    x, text = idx.sentences[row], idx.documents[d].text
    if text[c.sentence.end : x.start].count("\n") > 2:
        return None  # (not the next block: a blank line or two at most between them)
    return Candidate(row, x, text[x.start : x.end], c.sim, c.overlap, c.score)


def _section_people(ctx: Context, best: Candidate, lead: list[sp.Span]) -> list[sp.Span]:
    """The other people a short section names, one per line ("For media queries, please reach out
    to:" names two contacts on lines of their own), when the question asks for several."""
    idx, d = ctx.idx, best.sentence.doc_id
    doc = idx.documents[d]
    sec = next((x for x in doc.sections if x.start <= best.sentence.start < x.end), None)
    if sec is None or sec.end - sec.start > _SECTION_CHARS:
        return []
    out: list[sp.Span] = []
    for row in rows_by_doc(idx, "sentences").get(d, []):
        x = idx.sentences[row]
        if not (sec.start <= x.start < sec.end) or x.start == best.sentence.start:
            continue
        found = [s for s in sp.people(idx, d, x.start, x.end) if not _in_question(ctx.q, doc.text[s.start : s.end])]
        if found and all(found[0].start != s.start for s in lead + out):
            out.append(found[0])
    return out


_LABEL_WORDS = 6  # a line of at most this many words, not ending a sentence, labels what follows it
_CARD_LINES = 4


def _card(ctx: Context, best: Candidate) -> list:
    """The lines under a name printed on a line of its own (a contact card: "LEE Wai Leng" /
    "Communications and Marketing" / "Infocomm Media Development Authority" / "Email: … | Tel: …"),
    up to the next person's name or a line of prose; none when the best sentence is not such a line."""
    idx = ctx.idx
    d, text = best.sentence.doc_id, best.text.strip()
    if (
        len(text.split()) > _LABEL_WORDS
        or re.search(r"[.!?:;]$", text)
        or not sp.people(idx, d, best.sentence.start, best.sentence.end)
    ):
        return []
    doc_text = idx.documents[d].text
    out = []
    for row in rows_by_doc(idx, "sentences").get(d, []):
        x = idx.sentences[row]
        if x.start < best.sentence.end:
            continue
        line = doc_text[x.start : x.end]
        between = doc_text[best.sentence.end if not out else out[-1].end : x.start]
        if x.heading or "\n\n\n" in between or len(line.split()) > 15 or sp.people(idx, d, x.start, x.end):
            break
        out.append(x)
        if len(out) == _CARD_LINES:
            break
    return out


# A person introduced as the agent of a passive ("witnessed by", "attended by"), or as one in whose
# presence something was done, with only their title between.
_AGENT_BEFORE = re.compile(
    r"(?:(?<![\w-])([a-z]+(?:-[a-z]+)?(?:ed|en|wn))\s+by|\bin\s+(?:the\s+)?presence\s+of|\bin\s+front\s+of)\s+"
    r"(?:the\s+)?(?:[A-Z][\w'’-]*\s+|(?:for|of|and|the)\s+){0,10}$"
)


_ON_BEHALF = re.compile(r"\b(?:for|on behalf of)\s+(?:the\s+)?([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*)")


def _other_agent(text: str, a: int, person: sp.Span, did: re.Pattern[str] | None) -> bool:
    """Whether the sentence introduces ``person`` as doing something other than the verb asked:
    "witnessed by Senior Parliamentary Secretary … Ms Farah Ismail" for "who signed"."""
    m = _AGENT_BEFORE.search(text, max(a, person.start - 160), person.start)
    if m is None:
        return False
    return m.group(1) is None or did is None or not did.search(m.group(1))  # ("co-chaired by" for "chaired")


def _did_it(ctx: Context, d: str, a: int, b: int, verb: re.Pattern[str]) -> list[sp.Span]:
    """The bodies a sentence says did what the question's verb says: its agent when passive ("was
    organised by the BCWC"), else its subject ("The BCWC organised …"), else the bodies named after
    the verb ("… signed an MOU with A and B")."""
    hit = verb.search(ctx.idx.documents[d].text, a, b)
    if hit is None:
        return []
    if re.match(r"\s+(?:[a-z]+ly\s+)?by\b", ctx.idx.documents[d].text[hit.end() : b]):  # ("run jointly by")
        return _doers(ctx, d, a, b, hit.end())
    if hit.group(0).lower().endswith("ing"):
        return []  # "transactions involving banks …": whom it involves follows (_described_doers)
    before = ctx.idx.documents[d].text[a : hit.start()]
    if re.search(r"\b(?:was|were|is|are|be|been|being)\s+(?:[a-z]+ly\s+)?$", before):
        return []  # "was launched under the SCI" with no "by": the sentence does not say who did it
    return _doers(ctx, d, a, hit.start()) or _doers(ctx, d, a, b, hit.end())


_DOERS_PHRASE = re.compile(
    r"(?:ing|\s+by)\s+((?:(?:a|an|the|other|various|several|many|some|both|all|local|foreign)\s+)*"
    r"[A-Za-z][\w'-]*(?:,?\s+(?:and\s+|or\s+)?[A-Za-z][\w'-]*){0,8})"
    r"(?=\s*[.;:]|\s*$|\s+(?:to|which|that|who|in|at|on|from|for)\b)"
)


# "Who will be involved?", "who's targeted": a question asking who undergoes the verb.
_PASSIVE_WHO = re.compile(
    r"\bwho(?:\s+(?:will|would|could|might|may|shall|has|have|had))?(?:['’]s|\s+(?:be|is|are|was|were|been|get|gets|got))"
    r"(?:\s+being)?\s+[a-z-]{3,}(?:ed|en|t)\b",
    re.I,
)


def _described_doers(ctx: Context, d: str, b: int, hit: re.Match[str]) -> list[sp.Span]:
    """Whom a sentence says does the thing asked when it names no one: the words after the verb's
    "-ing" form or its "by" ("… live commercial transactions *involving banks, shippers, and other
    partners*" answers who will be involved), in bold as the release words it."""
    text = ctx.idx.documents[d].text
    ing = text[hit.start() : hit.end()].lower().endswith("ing")
    if ing and not _PASSIVE_WHO.search(ctx.q.text):
        # What follows "-ing" is what is done to: "provide funding support for R&D" names what is
        # funded, not who funds it. It answers who *is* involved, targeted, served — not who funds.
        return []
    m = _DOERS_PHRASE.match(text, hit.end() - 3 if ing else hit.end())
    if not m or m.end(1) > b:
        return []
    return [sp.Span(d, m.start(1), m.end(1), "description")]


def _parsed_doers(ctx: Context, d: str, a: int, b: int, verb: re.Pattern[str]) -> list[sp.Span]:
    """Whom the sentence's parse makes the doer of the question's verb, when no tagged body or
    "by …" phrase says it: "On 18 September, *Yantian Harbour Ferries* ordered six gates", "*inspectors
    from both port authorities* finished the audit" (or who undergoes it: "who is being trained")."""
    text = ctx.idx.documents[d].text
    hit = verb.search(text, a, b)
    if hit is None:
        return []
    got = syntax.doers(text[a:b], hit.start() - a, undergoes=bool(_PASSIVE_WHO.search(ctx.q.text)))
    return [sp.Span(d, a + s, a + e, "description") for s, e in got if not _in_question(ctx.q, text[a + s : a + e])]


# What follows a name that makes it an occasion's ("at the 2nd Harbour Council meeting") or a
# dateline's place ("HARBOURTOWN, 3 May 2025 –"), not a body that did anything.
_OCCASION_AFTER = re.compile(r"\s+(?:meeting|session|sitting|summit|conference|forum)\b", re.I)
_DATELINE_AFTER = re.compile(
    rf"\s*,\s*(?:\d{{1,2}}\s+(?:{MONTH_PATTERN.title()})|(?:{MONTH_PATTERN.title()})\.?\s+\d{{1,2}}),?\s+(?:19|20)\d\d"
)


def _no_party(text: str, s: sp.Span) -> bool:
    """Whether a body the tagger found names an occasion or a dateline's place, not a party."""
    before = text[max(0, s.start - 30) : s.start]
    if _OCCASION_AFTER.match(text, s.end) and re.search(r"(?:\d+(?:st|nd|rd|th)|\b[a-z]+(?:st|nd|rd|th))\s+$", before):
        return True  # "the 2nd Harbour Council meeting", "the third Joint Council meeting"
    return bool(_DATELINE_AFTER.match(text, s.end)) and (s.start == 0 or text[s.start - 1] in "\n*>#– ")


def _doers(ctx: Context, d: str, a: int, b: int, after: int | None = None) -> list[sp.Span]:
    """The bodies a sentence says did something: the first organisation named (after ``after``) and
    those joined to it by "and" ("co-led by A and B"), not a body it belongs to ("the BCWC of the SCI")."""
    text = ctx.idx.documents[d].text
    orgs = [
        s
        for s in sp.tagged(ctx.idx, d, a, b, ("org",))
        if not _in_question(ctx.q, text[s.start : s.end])
        and not _names_subject(ctx, text[s.start : s.end])
        and not _no_party(text, s)
    ]
    # (a short form in brackets right after its name is the same body: "… Committee (BCWC)")
    orgs = [s for i, s in enumerate(orgs) if not (i and text[orgs[i - 1].end : s.start] == " (")]
    later = [s for s in orgs if after is None or s.start >= after]
    if after is not None and later:
        # The tagger misses a body it has no cue for ("co-led by Enterprise Singapore and the
        # Shenzhen Municipal Commerce Bureau"): a capitalised name right after "by", joined by "and"
        # to the body it did tag, is the first of the doers.
        m = re.compile(r"\s+by\s+((?:the\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*)*),?\s+and\s+").match(text, after)
        if m and m.end() == later[0].start:
            later.insert(0, sp.Span(d, m.start(1), m.end(1), "org"))
    doers = later[:1]
    for s in later[1:]:
        # ("The Ministry … (MCI) and Infocomm Media Development Authority": a short form between)
        if not re.fullmatch(r"(?:\s*\([^()]{1,20}\))?,?\s+and\s+(?:the\s+)?", text[doers[-1].end : s.start]):
            break
        doers.append(s)
    return doers


_COUNT_VERB = re.compile(
    r"\bhow many\b.*?\b(?:were|was|are|is|be|been|got|get)\s+(?:\w+ly\s+)?([a-z]{3,}(?:ed|en|t))\b", re.I
)
# "How many people does Dapeng Smart Tourism employ?": the verb closing the question.
_COUNT_DO_VERB = re.compile(r"\bhow many\b.*?\b(?:do|does|did)\s+(?:[\w'’&.-]+\s+){1,8}?([a-z]{3,})\s*[?.!]*\s*$", re.I)


# Nouns English derives from a verb for who or what it concerns: employ → employees, visit →
# visitors, install → installations, train → trainees.
_AGENT_NOUN = re.compile(r"(?:ees?|ers?|ors?|ions?|ments?|ists?|ants?|ents?)$", re.I)


# "How many have registered?", "how many were signed": a count that names no noun, only a verb.
_HOW_MANY_DID = re.compile(r"\bhow many\s+(?:have|has|had|were|was|are|is|will|would|did|do|does|can)\b", re.I)


def _number_done(q: Question, text: str, a: int, b: int, *, bare: bool = True) -> tuple[int, int] | None:
    """A number the question's own verb is done to or by in the sentence, with no noun after it:
    "How many sign-ups did the ministry expect?" — "We *expected 2,000* in the first year"."""
    verb = syntax.main_verb(q.text)
    hit = _verb_pattern(verb).search(text, a, b) if verb else None
    got = syntax.number_done(text[a:b], hit.start() - a, bare=bare) if hit else None
    return (a + got[0], a + got[1]) if got else None


def _verb_counted(question: str, text: str, a: int, b: int) -> re.Match[str] | None:
    """The number before a noun made from the question's verb: "We have 85 *employ*ees" for "how many
    people does it employ" (the counted noun asked, "people", is not the sentence's)."""
    m = _COUNT_DO_VERB.search(question)
    if m is None or len(m.group(1)) < 4:
        return None
    verb = re.compile(rf"\b{re.escape(m.group(1).lower()[:6])}\w*", re.I)
    for hit in verb.finditer(text, a, b):
        if not _AGENT_NOUN.search(hit.group(0)):
            continue  # the verb itself ("employ 85 people", "eight MOUs signed"), not a noun made from it
        lo = max(a, hit.start() - 40)
        before = re.search(rf"({NUMBER.pattern})\s+(?:[a-z-]+\s+)?$", text[lo : hit.start()], re.I)
        if before:
            return NUMBER.match(text, lo + before.start(1))
    return None


def _count_verb(question: str) -> re.Pattern[str] | None:
    """The verb a count question asks about ("how many projects were *launched*") as a pattern for
    the release's forms of it; None when the question has none."""
    m = _COUNT_VERB.search(question)
    if not m:
        return None
    stem = re.sub(r"(?:ed|en|t)$", "", m.group(1).lower())
    return re.compile(rf"\b{re.escape(stem[:6])}\w*", re.I) if len(stem) >= 3 else None


def _title_referred(ctx: Context, c: Candidate, topic: tuple[str, ...]) -> frozenset[str]:
    """The words of a release's title when a sentence of it refers back to what the title names by
    "the" and a word of both the title and the question ("More than 300 traders attended *the
    fair*" in "Lagoon Business Committee holds its first trade fair"); none otherwise."""
    title = term_set(ctx.idx.documents[c.sentence.doc_id].title or "")
    for m in re.finditer(r"\b(?:the|this)\s+([A-Za-z][\w-]+)\b", c.text, re.I):
        if set(tokenize(m.group(1))) & title & set(topic):
            return title
    return frozenset()


def _own_page(ctx: Context, doc_id: str) -> frozenset[str]:
    """The publisher's name, for a page it put out about itself and the question names it
    ("How big will Kranji AgriTech's farm be?" — Kranji AgriTech's own post: "A 3,000-square-metre
    vertical farm …" is its farm); none otherwise."""
    publisher = ctx.idx.documents[doc_id].publisher
    own = frozenset(tokenize(publisher)) if publisher else frozenset()
    return own if own and own <= set(ctx.q.terms) else frozenset()


def _own_event(ctx: Context, doc_id: str) -> frozenset[str]:
    """The words of the event a document reports, when the question names that event ("What is
    the entry deadline for the Harbour Start-up Challenge?" of the remarks at its launch: "Teams may
    enter until 31 March 2026" is about it); none otherwise."""
    doc = ctx.idx.documents[doc_id]
    asked = {m.group(0).lower() for m in re.finditer(rf"\b{ORDINAL_PATTERN}\b", ctx.q.text, re.I)}
    said = {m.group(0).lower() for m in re.finditer(rf"\b{ORDINAL_PATTERN}\b", doc.event or "", re.I)}
    if (ctx.q.mentions.meetings and doc.meeting not in ctx.q.mentions.meetings) or (asked and not asked & said):
        return frozenset()  # ("the second Innovation Challenge" is not the one this page reports)
    names = _question_names(ctx)
    return (
        frozenset(tokenize(doc.event)) if doc.event and names and _names_its_event(ctx, doc_id, names) else frozenset()
    )


def _names_its_event(ctx: Context, doc_id: str, names: list[frozenset[str]]) -> bool:
    """Whether the names a question gives are the name of the event the document reports ("Who
    spoke at the Smart City Forum?" of a story about the forum: its every sentence is about it)."""
    event = set(tokenize(ctx.idx.documents[doc_id].event or ""))
    return bool(event) and all(n <= event for n in names)


def _who_verb(question: str, focus: str | None = None) -> re.Pattern[str] | None:
    """The verb of "Who <verb> …?" ("Who organised the forum?", "who co-leads it") — or of "Which
    <focus> <verb> …?" when the focus phrase is given — as a pattern for the release's forms of it
    ("organised", "co-led by"); None for other questions."""
    if not focus and re.search(r"\bby whom\b", question, re.I):
        return _participle(question)  # "By whom was the signing announced?": who announced it
    subject = rf"(?:which|what)\s+{re.escape(focus)}" if focus else "who"
    question = re.sub(r"\b(who)['’]s\b", r"\1 is", question, flags=re.I)
    m = re.match(
        rf"\s*(?:.*?\b)?{subject}\s+((?:will|would|did|does|do|has|have|had|may|might|can|could|shall|should|must)\s+)?"
        rf"(be\s+|been\s+|is\s+|are\s+|was\s+|were\s+)?(?:being\s+)?([a-z][a-z-]{{2,}})\b",
        question,
        re.I,
    )
    if not m or m.group(3).lower() in AUXILIARIES | {"is", "are", "was", "were"}:
        return None
    if (
        m.group(2)
        and m.group(2).strip().lower() in ("is", "are", "was", "were")
        and not re.fullmatch(r"[a-z-]{3,}(?:ed|en|ing)", m.group(3).lower())
    ):
        return None  # "Who is the mayor?": no verb; "Who is involved?", "who is funding it?" have one
    if m.group(1) and (m.group(3)[0].isupper() or m.group(3).lower() in DETERMINERS | _PRONOUNS):
        return None  # "Which organisation does Qin Weizhong lead?": asked about as the object, not the doer
    verb = _verb_pattern(m.group(3))
    role = re.match(r"\s+as\s+(?:an?\s+|the\s+)?([a-z][a-z-]{2,})\b", question[m.end() :], re.I)
    if role and role.group(1).lower() not in DETERMINERS | _PRONOUNS:
        # "Which mayor is named as co-chair?", "who was appointed as chair": either the verb or the
        # role it gives ("co-chaired by …", "appointed chief executive") states the relation.
        return re.compile(f"{verb.pattern}|{_verb_pattern(role.group(1)).pattern}", re.I)
    return verb


def _verb_pattern(word: str) -> re.Pattern[str]:
    """The forms of a verb as a pattern: "organised" → organise, organised, organising, organises."""
    word = word.lower()
    prefix, _, base = word.rpartition("-")
    base = re.sub(r"(?:ed|es|s|ing)$", "", base) if len(base) > 4 else re.sub(r"s$", "", base)
    forms = {base} | ({IRREGULAR_PAST[base]} if base in IRREGULAR_PAST else set())
    if base.endswith("e") or not base.endswith(("a", "i", "o", "u")):
        forms.add(base.rstrip("e"))
    alts = "|".join(sorted((re.escape(f"{prefix}-{f}" if prefix else f) for f in forms), key=len, reverse=True))
    # (either spelling: "organized" is "organised", "recognise" "recognize")
    alts = re.sub(r"(?<=\w{3})i[sz](?=\||$)", "i[sz]", alts)
    return re.compile(rf"\b(?:{alts})(?:e|ed|es|s|ing|d)?\b", re.I)


# A verb before the preposition that ends a question whose object is fronted ("Which university is X
# *affiliated* with?", "which group does X *belong* to?").
_STRANDED_VERB = re.compile(r"\b([a-z][a-z-]{2,})\s+(?:to|with|by|under|from|into|for|of)\s*\??\s*$")
# Verbs an MOU or a joint project itself states between its parties: its row answers them.
_PARTNERING = re.compile(
    r"(?:work|partner|collaborat|cooperat|co-operat|team|sign|join|tie|link|ally|allied|connect|agree|deal|"
    r"ink|pair|match|launch|start|develop|build|set)",
    re.I,
)


# "Who spoke at …", "who commented …": a question about who said something.
_SPOKE = re.compile(r"\b(?:spoke|speak|speaks|speakers?|speech|remarks|commented|remarked|addressed)\b", re.I)
# "Whose words …", "who was quoted …": a question about who said something (with _SPOKE, _SAYS).
_SAID_Q = re.compile(r"\b(?:say|said|says|saying|quoted?|quote|words|remarks?|comment(?:ed|s)?|statement)\b", re.I)
_SPEAKER_AT = re.compile(r",?\s+(?:said|says|added|noted|stated|remarked|commented)\b\s*[,:]?\s*[“\"]")
_SAYS = re.compile(r"\b(?:said|says|added|noted|stated|remarked|commented)\b", re.I)
# A meeting held nowhere in particular.
# (how it was held: "held by video conference", not "parcels returned by online shoppers")
_ONLINE = re.compile(
    r"\b(?:held|met|meets|convened|took place|conducted|hosted)\b[^.;]{0,40}?"
    r"\b(virtually|online|by video[- ]?conference|via video[- ]?conference|by video link)\b",
    re.I,
)
# "How was the meeting held?", "how will it be conducted": the way it is held, not where.
_HOW_HELD = re.compile(
    r"\bhow\s+(?:was|were|is|are|will)\b[^?]*\b(?:held|conducted|convened|run|hosted)\b"
    r"|\b(?:held|conducted|convened|met)\s+(?:in\s+person|online|virtually|remotely|physically)\s+or\b",
    re.I,
)
_RELATIVE_DAY = re.compile(
    r"\b(yesterday|the day before|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b", re.I
)


def _held_relative(ctx: Context, best: Candidate, lead: list[sp.Span]) -> tuple[str, str] | None:
    """(the meeting's date in words, the release's word for the day) when the date in bold is the
    release's own and the sentence says the meeting was held on another day ("yesterday")."""
    doc = ctx.idx.documents[best.sentence.doc_id]
    rel = _RELATIVE_DAY.search(best.text)
    if not rel or not doc.date or len(lead) != 1 or not (ctx.q.mentions.meetings or EVENT_WORDS.search(ctx.q.text)):
        return None
    shown = sp.iso_date(doc.text[lead[0].start : lead[0].end])
    if not shown or shown == doc.date:
        return None
    y, m, d = (int(x) for x in doc.date.split("-"))
    return f"{d} {MONTHS[m - 1].capitalize()} {y}", rel.group(1)


_VENUE_LINE = re.compile(r"^" + sp.VENUE_LABEL.pattern, re.I | re.M)
_HEADER_CHARS = 1500  # where a document prints its "Date:" and "Venue:" lines
# A speech's title line that ends with its date and venue: "SPEECH BY MR X, MINISTER FOR …, AT THE
# SCI INDUSTRY FORUM 2025, 10 SEPTEMBER 2025, HARBOURFRONT CONVENTION HALL, SINGAPORE".
_TITLE_VENUE = re.compile(
    rf"[^\n]*,\s*(?:{DATE_PATTERN})\s*,\s*([A-Z][^\n,;]{{2,60}}(?:,\s*[A-Z][^\n,;]{{2,30}})?)\s*$"
)


def _venue_line(ctx: Context, docs: list[str], score: float) -> tuple[Candidate, list[sp.Span]] | None:
    """The sentence holding a "Venue:" header line of one of ``docs``, with the venue as its span."""
    idx = ctx.idx
    asked = set(ctx.q.terms)
    for d in docs:
        text = idx.documents[d].text
        first_line = text.find("\n") if "\n" in text else len(text)
        m = _VENUE_LINE.search(text, 0, _HEADER_CHARS) or _TITLE_VENUE.match(text, 0, first_line)
        # (the occasion the document reports, or else the one its title names: "Speech by … at the
        # Launch of the … Innovation Challenge 2026")
        doc = idx.documents[d]
        occasion = set(tokenize(doc.event or doc.title)) - set(SCOPE_WORDS)
        if m is None or not occasion or len(occasion & asked) < len(occasion) / 2:
            continue  # (only where the question asks about the document's own occasion)
        said = f"{doc.title} {doc.event or ''}".lower()
        kinds = {w for w in re.findall(r"[a-z-]+", ctx.q.text) if w in OCCASION_NOUNS}
        if any(not re.search(rf"\b{re.escape(k)}", said) for k in kinds):
            # "Where was the Innovation Challenge *final* staged?": not at the launch the speech was
            # given at, however many of its words the question shares.
            continue
        for row in rows_by_doc(idx, "sentences").get(d, []):
            x = idx.sentences[row]
            if x.start <= m.start(1) < x.end:
                said = text[x.start : x.end]
                return Candidate(row, x, said, 0.0, 0.0, score), [sp.Span(d, m.start(1), m.end(1), "place")]
    return None


def _dateline(idx: LoadedIndex, doc_id: str) -> tuple[int, int] | None:
    """The sentence carrying a release's own date."""
    from ..chunking import split_sentences

    doc = idx.documents[doc_id]
    for a, b in split_sentences(doc.text, 0, min(len(doc.text), 4000)):
        if DATE.search(doc.text[a:b]) and re.search(r"\b[A-Z]{3,}\b", doc.text[a:b]):
            return a, b
    return None


_AT_PLACE = r"\b(?:in|at|into|within|across|around|throughout)\s+(?:the\s+)?"


def _records_naming(ctx: Context, min_names: int = 2) -> list[Record]:
    """Annex records that name every organisation the question names (at least ``min_names``)."""
    names = [p for n in _entities(ctx.q.text) for p in re.split(r"\s+and\s+", n) if p]
    first = re.match(r"\W*([A-Za-z]+)", ctx.q.text)
    # ("Under which heading …": capitalised because it starts the question)
    names = [n for n in names if not (first and n == first.group(1) and n.lower() in english_words())]
    # "… the gathering of companies in Qianhai": a name after a preposition of place says where,
    # not which party (though "Qianhai Commercial Services" would share its word).
    names = [n for n in names if not re.search(rf"{_AT_PLACE}{re.escape(n)}\b", ctx.q.text)]
    _, idf = _corpus_stats(ctx.idx)
    names = [n for n in names if any(idf.get(t, 0) >= 2.5 for t in tokenize(n))]
    if len(names) < min_names:
        return []
    name_terms = [set(tokenize(n)) for n in names]
    out = []
    for r in all_records(ctx.idx):
        if r.doc_id not in ctx.allowed or (ctx.named and r.doc_id not in ctx.named):
            continue
        toks = record_terms(r, ctx.idx)
        # Each name must be mostly there ("NUS Business School" ~ "… Singapore Business School"),
        # so a shared common word ("Energy", "Shenzhen") does not make a match; and a name of
        # several words as a name, its words together ("an innovative … system … to address the
        # challenges of …" does not name the "Innovation Challenge").
        if all(nt and len(nt & toks) / len(nt) >= 0.6 for nt in name_terms) and all(
            _words_together(n, ctx.idx.documents[r.doc_id].text[r.start : r.end], r) for n in names
        ):
            out.append(r)
    return out


def _words_together(name: str, text: str, r: Record) -> bool:
    """Whether a name of several words has two of them next to each other (a word or two apart at
    most) in a record's text or parties; a one-word name always has."""
    words = tokenize(name)
    if len(set(words)) < 2:
        return True
    seq = tokenize(f"{text} {' '.join(r.parties)} {r.annex}")
    at: dict[str, list[int]] = {}
    for i, t in enumerate(seq):
        at.setdefault(t, []).append(i)
    return any(0 < j - i <= 3 for a, b in zip(words, words[1:]) for i in at.get(a, ()) for j in at.get(b, ()))


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


# "Which pillar / category / section does X fall under?", "under which heading is it listed?"
_GROUP_Q = re.compile(
    r"\b(?:which|what)\s+(?:pillar|category|section|heading|group|theme|cluster|track)\b.*\b(?:under|in|belong)\b|"
    r"\bunder\s+(?:which|what)\s+(?:pillar|category|section|heading|group|theme|cluster|track)\b",
    re.I,
)


def _record_fact_answer(ctx: Context, recs: list[Record]) -> str:
    """A question about what named partners agreed/will do: quote their annex record(s)."""
    idx, q, cites = ctx.idx, ctx.q, ctx.cites

    def sem(r: Record) -> float:
        rows = [j for j in rows_by_doc(idx, "sentences").get(r.doc_id, ()) if r.start <= idx.sentences[j].start < r.end]
        return max((float(idx.sentence_vectors[j] @ ctx.qv) for j in rows), default=0.0)

    # "What will the X joint project promote?": the project's own record before the MOU the same
    # partners signed, when both exist.
    ranked = sorted(recs, key=lambda r: (q.scope is not None and r.kind != q.scope, -sem(r)))[:2]
    lines = []
    grouped = _GROUP_Q.search(q.text)
    if grouped and ranked and ranked[0].group:
        # "Which pillar does the EE Music MOU fall under?": the heading the item is listed under.
        r = ranked[0]
        text = idx.documents[r.doc_id].text
        at = text.rfind(r.group, 0, r.start)
        if at >= 0:
            g = cites.cite(r.doc_id, at, at + len(r.group))
            n = cites.cite(r.doc_id, r.title_start, r.title_end)
            where = f"the {r.label} *{inline(_short_name(r))}* ({md_text(doc_label(idx, r.doc_id))})"
            return "\n".join(
                [f"**{md_text(r.group)}** — the heading {where} is listed under [{g}]", "", quote_line(r.title, n)]
            )
    for r in ranked:
        text = idx.documents[r.doc_id].text
        body = text[r.start : r.end]
        # A table row: the description cell says what was agreed; the title cell names the parties.
        a = r.title_end + 1 if "\n" in body else r.start
        label = f"{r.label}: *{inline(_short_name(r))}* ({md_text(doc_label(idx, r.doc_id))})"
        signed = r.kind == "mou" and re.search(r"\bsign(?:ed|s)?\b", q.text, re.I)
        # (a row of a title and its parties only: the title says what it is about)
        parties_only = bool(NAMES_CELL.match(text[a : r.end].replace("\n", "; ")))
        if a > r.start and (signed or parties_only or _title_states_focus(q, text[r.start : a], text[a : r.end])):
            # ("What did Enterprise Singapore sign?": the title cell says what was signed)
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


def _meeting_date(ctx: Context, c: Candidate, *, named_event: bool = False) -> Proposal | None:
    """ "When was the meeting?": a release reports its meeting "today", so its dateline dates it.
    ``named_event``: the question names the event of ``ctx.named`` by its name and asks when it
    took place ("When was the Smart City Innovation Challenge launched?")."""
    idx, q = ctx.idx, ctx.q
    if q.future or not (
        named_event
        or q.mentions.meetings
        or re.search(
            r"\b(meeting|jic|committee|release|announce\w*|held|convened|"
            r"issued|published)\b",
            q.text,
            re.I,
        )
    ):
        return None
    asked = frozenset(tokenize(q.text))
    # Of several releases the question may mean ("the 3rd … Forum" and the 3rd JIC meeting), the one
    # whose event shares most of its words.
    doc_id = (
        min(ctx.named, key=lambda d: (-len(asked & set(tokenize(idx.documents[d].event or ""))), d))
        if ctx.named
        else c.sentence.doc_id
    )
    if not ctx.named and q.mentions.meetings and idx.documents[doc_id].meeting not in q.mentions.meetings:
        return None  # "When was the first meeting held?": the 8th meeting's release does not date it
    span = _dateline(idx, doc_id)
    doc = idx.documents[doc_id]
    m = DATE.search(doc.text, span[0], span[1]) if span else None
    if m and (not doc.date or sp.iso_date(m.group(0)) == doc.date):
        return _date_proposal(ctx, doc_id, span[0], span[1], f"**{md_text(m.group(0))}**")
    said = _event_date_sentence(doc)
    rel = _RELATIVE_DAY.search(doc.text, said[0], said[1]) if said and m and said == span else None
    if rel:
        # "SHENZHEN, 18 June 2024 – … held in Shenzhen yesterday": the meeting's own date first,
        # then the date the release gives (in bold, as printed) and its word for the day.
        lead = f"{long_date(doc.date)} — the release dated **{md_text(m.group(0))}** says it was held “{rel.group(1)}”"
        return _date_proposal(ctx, doc_id, span[0], span[1], lead)
    if said:
        # A report with no dateline dates its meeting in a sentence ("on Tuesday (Dec 7) at the
        # second meeting"): the date that sentence gives, read with the publication's year.
        return _date_proposal(ctx, doc_id, said[0], said[1], f"**{long_date(doc.date)}**")
    return _date_proposal(ctx, doc_id, span[0], span[1], f"**{md_text(m.group(0))}**") if m else None


# "When did X sign its MOU with Y?": an item's own making.
# (signing: a release says its MOUs were signed at its meeting; a project it lists may have been
# launched before)
ITEM_SIGNED_Q = re.compile(r"\b(?:sign|ink|conclude)\w*", re.I)


def _record_date(ctx: Context, recs: list[Record]) -> Proposal | None:
    """ "When did IMDA sign its MOU with TusStar?": an item of a release's annex was signed or
    launched at the meeting the release reports, so the release's dateline (or the sentence dating
    its meeting) dates it; the item's title cell is quoted with it. None unless every item found
    is in one release that dates its meeting."""
    idx = ctx.idx
    if len({r.doc_id for r in recs}) != 1:
        return None
    r = recs[0]
    doc = idx.documents[r.doc_id]
    if not doc.date:
        return None
    span = _dateline(idx, r.doc_id)
    m = DATE.search(doc.text, span[0], span[1]) if span else None
    if m is not None and sp.iso_date(m.group(0)) == doc.date:
        lead = f"**{md_text(m.group(0))}**"
    else:
        span = _event_date_sentence(doc)
        found = (
            [s for s in sp.dates(idx, r.doc_id, *span) if sp.iso_date(doc.text[s.start : s.end]) == doc.date]
            if span
            else []
        )
        if not found:
            return None
        lead = f"**{md_text(doc.text[found[0].start : found[0].end])}**"
    proposal = _date_proposal(ctx, r.doc_id, span[0], span[1], lead)
    n = ctx.cites.cite(r.doc_id, r.title_start, r.title_end)
    item = f"— {r.label}: *{inline(_short_name(r))}*\n\n{quote_line(doc.text[r.title_start : r.title_end], n)}"
    return Proposal("record-fact", f"{proposal.body}\n\n{item}", True)


# Words a question uses to ask when a meeting itself took place (stems as ``tokenize`` gives them).
_MEETING_DATE_TERMS = frozenset(tokenize("held hold take took place convened happen occurred meeting meting date day"))


def _events_named(ctx: Context) -> set[str]:
    """The documents whose event the question names by name and asks only when it took place:
    "When was the Smart City Innovation Challenge launched?" for the speech at the "Launch of the
    Singapore-Shenzhen Smart City Innovation Challenge 2026" — every name of the question is in the
    event's name, and every other word is of holding, dating or the event's own ("launch")."""
    idx, q = ctx.idx, ctx.q
    names = set(tokenize(" ".join(_entities(q.text))))
    if not names - side_and_month_terms():
        return set()  # (the sides and months name no event)
    rest = [t for t in q.topic if t not in names and t not in _MEETING_DATE_TERMS]
    out = set()
    for d in sorted(ctx.allowed):
        event = set(tokenize(idx.documents[d].event or ""))
        if event and names <= event and all(t in event for t in rest):
            out.add(d)
    return out


def _asks_meeting_date(ctx: Context) -> bool:
    """Whether the question asks only when the meeting it names took place: every word besides the
    meeting's own is one of holding or dating it, or a word of the named releases' titles or events."""
    docs = [ctx.idx.documents[d] for d in ctx.named]
    named = frozenset(t for d in docs for t in tokenize(f"{d.title} {d.event or ''}"))
    rest = [t for t in ctx.q.topic if t not in _MEETING_DATE_TERMS and t not in named]
    return not rest


def _event_date_sentence(doc) -> tuple[int, int] | None:
    """The first sentence of a document's lead that gives its event's date (``doc.date``)."""
    from ..chunking import split_sentences
    from ..dates import date_in_sentence

    if not doc.date:
        return None
    reference = doc.published or doc.date
    for a, b in split_sentences(doc.text, 0, min(len(doc.text), 4000)):
        if date_in_sentence(doc.text[a:b], reference) == doc.date:
            return a, b
    return None


# A question about the document itself: "when was the release published", "the statement issued".
_DOCUMENT = re.compile(
    r"\b(?:release|announcement|statement|article|story|notice|report|interview|post|piece)\b|\bQ&A\b", re.I
)
_RELEASE_WORD = re.compile(r"\b(?:release|statement|announcement|notice)\b", re.I)
_STORY_WORD = re.compile(r"\b(?:article|story|report|news|coverage)\b", re.I)
_OWN_DATE = re.compile(
    r"\b(?:publish(?:ed)?|issued|dated|put out|came out|come out|sent out|post(?:ed)?|ran|run)\b", re.I
)


def _published_date(ctx: Context, c: Candidate) -> Proposal | None:
    """When a document was published, where that differs from the date of what it reports (a news
    story a day after the meeting): the publication date as the document prints it (its byline)."""
    from ..chunking import split_sentences

    idx = ctx.idx
    # Of the documents reporting the meeting named, the one the best passage is from ("the Lion
    # City Ledger article about the 7th meeting" is that paper's, not the official release).
    doc_id = c.sentence.doc_id if not ctx.named or c.sentence.doc_id in ctx.named else min(ctx.named)
    if _RELEASE_WORD.search(ctx.q.text) and not _STORY_WORD.search(ctx.q.text) and not _dateline(idx, doc_id):
        # "When was the release about the 7th meeting issued?": a release carries a dateline; a
        # news story about the same meeting (a byline, no dateline) is not the one asked about.
        if any(_dateline(idx, d) for d in ctx.named):
            return None
    doc = idx.documents[doc_id]
    if not doc.published:
        return None
    for m in DATE.finditer(doc.text):
        if sp.iso_date(m.group(0)) == doc.published:
            a, b = next(((a, b) for a, b in split_sentences(doc.text, 0, len(doc.text)) if a <= m.start() < b), (0, 0))
            return _date_proposal(ctx, doc_id, a, b, f"**{md_text(m.group(0))}**") if b > a else None
    # The byline was page furniture and is not in the text: the date is the document's own record
    # of it (not a span to put in bold), cited to the document's first line.
    a, b = next(iter(split_sentences(doc.text, 0, min(len(doc.text), 2000))), (0, 0))
    said = f"Published on {doc.published} ({md_text(long_date(doc.published))}), by its byline or page data"
    return _date_proposal(ctx, doc_id, a, b, said) if b > a else None


_HEADLINE_Q = re.compile(r"\b(?:headline|title|heading)\b", re.I)
# (the title of an annex item or a person's job title is not the release's)
_ITEM_WORDS = re.compile(r"\b(?:mous?|memorand\w*|projects?|agreements?|job|position|role)\b", re.I)


def _headline(ctx: Context, doc_id: str) -> Proposal | None:
    """A document's title in bold, quoted from the line it is printed on; None when its text does
    not print it."""
    doc = ctx.idx.documents[doc_id]
    at = doc.text.find(doc.title) if doc.title else -1
    if at < 0:
        return None
    row = next(
        (
            r
            for r in rows_by_doc(ctx.idx, "sentences").get(doc_id, [])
            if ctx.idx.sentences[r].start <= at < ctx.idx.sentences[r].end
        ),
        None,
    )
    if row is None:
        return None
    x = ctx.idx.sentences[row]
    return _date_proposal(ctx, doc_id, x.start, x.end, f"**{md_text(doc.title)}**")


# "One section heading says …", "the 2023 release's subheading", "nov 2022 heading: …".
_SECTION_Q = re.compile(r"\b(?:section\s+head(?:ing|er)s?|sub-?head(?:ing|line|er)?s?|head(?:ing|er)s?)\b", re.I)
# The blank a question leaves for what it asks: "… for more integrated what?", "… in …?", "through what".
_BLANK = re.compile(r"(?:\b(?:what|which)\b(?:\s+[a-z]+)?|\.\.\.|…)(?=\W*$|\s+\w)", re.I)


def _words(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """The words of ``text`` (a dash between names splits them: "Singapore–Shenzhen") with their terms
    (a closed word, which has none, by itself: "in")."""
    return [
        (m.start(), m.end(), frozenset(tokenize(m.group(0))) or frozenset({m.group(0).lower()}))
        for m in re.finditer(r"[A-Za-z0-9][\w'’]*", text)
    ]


def _section_heading(ctx: Context, cands: list[Candidate]) -> Proposal | None:
    """A question about a heading printed inside a release ("One section heading of the 2022 release
    says Singapore and Shenzhen strengthen digital ties for more integrated what?"): the heading whose
    words the question repeats most, and in bold the part of it the question leaves blank — the
    words after those just before the blank, else the longest run of words the question lacks.
    None when no heading is quoted that way (or the release's title is quoted better: _headline)."""
    idx, q = ctx.idx, ctx.q
    own = re.sub(r"[-‐–—]", " ", q.text)
    # (words every annex heading shares say nothing of which heading: "List of MOUs signed at …")
    q_terms = frozenset(tokenize(own)) - frozenset(
        tokenize("heading headings section subheading release says say annex list listed mou mous project projects")
    )
    docs = sorted(ctx.named) if ctx.named else list(dict.fromkeys(c.sentence.doc_id for c in cands[:5]))
    best: tuple[int, int, int] | None = None  # (shared terms, row, -length)
    for d in docs:
        title = idx.documents[d].title or ""
        title_shared = len(frozenset(tokenize(re.sub(r"[-‐–—]", " ", title))) & q_terms)
        for row in rows_by_doc(idx, "sentences").get(d, []):
            x = idx.sentences[row]
            if not x.heading:
                continue
            heading = idx.documents[d].text[x.start : x.end]
            shared = len(frozenset(tokenize(re.sub(r"[-‐–—]", " ", heading))) & q_terms)
            if shared >= 2 and shared > title_shared and (best is None or (shared, -len(heading)) > (best[0], best[2])):
                best = (shared, row, -len(heading))
    if best is None:
        return None
    x = idx.sentences[best[1]]
    text = idx.documents[x.doc_id].text
    words = _words(text[x.start : x.end])
    blank = _BLANK.search(own)
    span: tuple[int, int] | None = None
    if blank is not None:
        before = [t for _, _, t in _words(own[: blank.start()])][-3:]
        after = [t for _, _, t in _words(own[blank.end() :])][:1]
        for n in range(len(before), 0, -1):
            # The heading's words matching the last n words before the blank; the blank is what follows.
            for i in range(len(words) - n + 1):
                if all(words[i + k][2] == before[-n + k] for k in range(n)):
                    j = i + n
                    end = next((k for k in range(j, len(words)) if after and words[k][2] == after[0]), None)
                    last = end if end is not None else len(words) - 1
                    if j <= last:
                        span = (words[j][0], words[last][1])
                    break
            if span:
                break
    if span is None:
        # The longest run of the heading's words the question does not use, closed words trimmed.
        runs, run = [], []
        closed = {w[0] for w in words if not tokenize(text[x.start + w[0] : x.start + w[1]])}
        for w in words:
            if w[0] not in closed and w[2] <= q_terms:
                runs.append(run)
                run = []
            else:
                run.append(w)
        runs.append(run)
        for r in runs:
            while r and r[0][0] in closed:
                r.pop(0)
            while r and r[-1][0] in closed:
                r.pop()
        longest = max(runs, key=len, default=[])
        if longest:
            span = (longest[0][0], longest[-1][1])
    shown = text[x.start + span[0] : x.start + span[1]] if span else text[x.start : x.end]
    return _date_proposal(ctx, x.doc_id, x.start, x.end, f"**{md_text(shown)}**")


_STORY_HEAD = 3000  # characters of a story read for the meeting it reports
_STORY_HITS = 30  # passages searched for other stories about the meeting asked about
# Who put a release out: "which wire service carried it", "who published the article", "which outlet".
# "Which newspaper reported on the meeting?": a story about it, asked of by what its writer did.
_COVERED = re.compile(r"\b(?:reported|covered|wrote\s+about|ran\s+a\s+story|carried)\b", re.I)
# (asked as a kind of outlet, not an outlet's own name: "the Asia Wire Network article")
_WIRE_Q = re.compile(r"\b(?:(?i:wire\s+(?:service|agency)|news\s+agency)|wire|newswire)\b(?!\s+[A-Z])")
_PUBLISHER_Q = re.compile(
    # ("the wire story", "the newswire copy": which story, not who carried it)
    r"\b(?:(?:wire(?:\s+service)?|newswire)(?!\s+(?:story|stories|copy|report|article|version|piece|text))|"
    r"news\s+agency|publisher|published\s+by|"
    r"who\s+(?:published|issued|put\s+out|distributed|released)|carried|"
    # ("which Chinese news site published …": a word or two may qualify the outlet)
    r"which\s+(?:[\w-]+\s+){0,2}?(?:outlet|newspaper|paper|site|website|publication|media|news\s+site)"
    r"(?:\s+(?:published|carried|ran|reported|put\s+out))?)\b",
    re.I,
)


def _publisher(ctx: Context, doc_id: str) -> Proposal | None:
    """The document's publisher in bold, quoted from the sentence (or dateline) of it that names
    it however it spaces the name ("PR Newswire" printed "/PRNewswire/"), or with its headline when
    only the saved page's metadata names it; None when the document has no publisher."""
    doc = ctx.idx.documents[doc_id]
    if not doc.publisher:
        return None
    letters = [re.escape(ch) for ch in doc.publisher if not ch.isspace()]
    m = re.search(r"\s*".join(letters), doc.text, re.I)
    rows = rows_by_doc(ctx.idx, "sentences").get(doc_id, [])
    if not rows:
        return None
    if not m:
        # Named by the saved page's own metadata (its site name), not in its text: the story is
        # cited by its headline, and the answer says where the name comes from.
        x = ctx.idx.sentences[rows[0]]
        return _date_proposal(ctx, doc_id, x.start, x.end, f"**{md_text(doc.publisher)}** (the saved page's publisher)")
    row = next((r for r in rows if ctx.idx.sentences[r].start <= m.start() < ctx.idx.sentences[r].end), None)
    if row is None:
        return None
    x = ctx.idx.sentences[row]
    return _date_proposal(ctx, doc_id, x.start, x.end, f"**{md_text(m.group(0))}**")


# "Which reporter filed …", "who wrote the article", "who interviewed her": the story's author.
_AUTHOR_Q = re.compile(
    r"\b(?:reporter|journalist|correspondent|byline|author|editor|who\s+(?:wrote|filed|interviewed|penned|"
    r"reported|edited)|written\s+by|interviewed\s+by|reporting)\b",
    re.I,
)
# A wire story's closing credits: "(Reporting by Lim Hui; Additional reporting by Chen Wen in
# Ningbo; Editing by Martin Hale)".
_CREDIT = re.compile(
    r"\b(Additional reporting|Reporting|Writing|Editing|Edited|Compiled)\s+by\s+"
    r"([A-Z][\w'’.-]*(?:\s+(?!in\b|from\b)[A-Z][\w'’.-]*){0,3})",
    re.I,
)
# A Chinese story's credits: "（责任编辑：何静）", "编辑：李明" (the editor), "撰稿：…" (the writer).
_CJK_CREDIT = re.compile(r"(责任编辑|编辑|撰稿|审核)\s*[:：]\s*([\u4e00-\u9fff·]{2,5})")
_CREDIT_ROLES = {"责任编辑": "editing", "编辑": "editing", "撰稿": "writing", "审核": "edited"}


def _credited(ctx: Context, doc_id: str, asked: str) -> Proposal | None:
    """Who a story's credits name for the part the question asks ("who edited" → "Editing by …";
    "additional reporting"; else who reported or wrote it), in bold with the credits quoted."""
    low = asked.lower()
    want = (
        ("editing", "edited")
        if re.search(r"\bedit", low)
        else ("additional reporting",)
        if "additional" in low
        else ("reporting", "writing", "compiled")
    )
    text = ctx.idx.documents[doc_id].text
    for m in sorted([*_CREDIT.finditer(text), *_CJK_CREDIT.finditer(text)], key=lambda m: m.start()):
        if _CREDIT_ROLES.get(m.group(1), m.group(1).lower()) in want:
            rows = rows_by_doc(ctx.idx, "sentences").get(doc_id, [])
            row = next((r for r in rows if ctx.idx.sentences[r].start <= m.start() < ctx.idx.sentences[r].end), None)
            if row is None:
                return None
            x = ctx.idx.sentences[row]
            return _date_proposal(ctx, doc_id, x.start, x.end, f"**{md_text(m.group(2))}**")
    return None


_CHINESE_STORY = re.compile(
    r"\bchinese(?:-language)?\s+(?:news\s+)?(?:story|report|article|coverage|press|site|website|media|outlet|"
    r"newspaper|paper|version)\b",
    re.I,
)


def _chinese_stories_first(ctx: Context, order: list[str], own_words: str) -> list[str]:
    """For "the Chinese-language report on the 5th meeting", the Chinese documents first: those on
    the meeting the question names (whatever the body's Chinese name reads as), then any other.
    (A Chinese story ranks low for an English question, and its event may be named otherwise.)"""
    if not _CHINESE_STORY.search(own_words):
        return order
    idx = ctx.idx
    cjk = [d for d in sorted(ctx.allowed) if has_cjk(idx.documents[d].title or "")]
    asked = set(ctx.q.mentions.meetings) | {idx.documents[d].meeting for d in ctx.named} - {None}
    cjk.sort(key=lambda d: (idx.documents[d].meeting not in asked, d not in order))
    return cjk + [d for d in order if d not in cjk]


def _author(ctx: Context, doc_id: str) -> Proposal | None:
    """The document's author in bold, quoted from where its text names them ("本报讯（记者 孙嘉怡）"
    or a closing "Ivy Zhong is a senior reporter at …"), else with its headline when only the byline,
    which is not kept in the text, named them."""
    doc = ctx.idx.documents[doc_id]
    rows = rows_by_doc(ctx.idx, "sentences").get(doc_id, [])
    if not doc.author or not rows:
        return None
    at = doc.text.find(doc.author)
    row = next((r for r in rows if ctx.idx.sentences[r].start <= at < ctx.idx.sentences[r].end), None)
    if at < 0:
        row = None
    if row is None:
        x = ctx.idx.sentences[rows[0]]
        return _date_proposal(ctx, doc_id, x.start, x.end, f"**{md_text(doc.author)}** (the story's byline)")
    x = ctx.idx.sentences[row]
    return _date_proposal(ctx, doc_id, x.start, x.end, f"**{md_text(doc.author)}**")


def _date_proposal(ctx: Context, doc_id: str, a: int, b: int, lead: str) -> Proposal:
    """A fact about the document itself as the answer (its date, dateline, publisher, headline):
    ``lead``, its label, and the sentence ``text[a:b]`` quoted and cited."""
    text = ctx.idx.documents[doc_id].text
    n = ctx.cites.cite(doc_id, a, b)
    return Proposal(
        "document",
        f"{lead} ({md_text(doc_label(ctx.idx, doc_id))}) [{n}]\n\n{quote_line(text[a:b], n)}",
        True,
    )


# A sentence that enumerates: "include A, B and C", "such as A and B", "A, B, C and D".
_ENUMERATES = re.compile(
    r"\b(?:include|includes|including|such as|namely)\b[^.]*(?:,|\band\b)|(?:[^,.]+,){2,}[^,.]*\band\b"
)


# A list of three or more items: "A (AI), B, and C technology" up to the clause's end.
_CLOZE_LIST = re.compile(
    r"\s*((?:[^.,;:“”\"]+?,\s+){2,}(?:and|or)\s+[^.,;:“”\"]+?)(?=\s*(?:[.;:“”\"]|,\s|\s+(?:which|while|to)\s|$))"
)
# Prepositions a "what" question may end with, its object fronted ("What is it used for?").
_STRANDED = "as|for|to|with|into|on|about|from|by|of|at|in|towards"


def _cloze(question: str) -> re.Pattern[str] | None:
    """A statement ending in "what?" ("The system is meant to contribute to the growth of what?"),
    or a "what" question ending in a preposition ("What does IMDA aim to establish Singapore as?"):
    the two to four words before "what" (or up to the preposition) as a pattern for the release's
    wording of them; None for other questions."""
    m = re.search(r"((?:[a-z][\w'-]*\s+){2,4})(?:what|whom)\s*\?*\s*$", question)
    stranded = re.match(
        rf"\s*(?:what|(?:please\s+)?(?:list|enumerate|name|state|identify)\b)\b.*?\s((?:[\w'-]+\s+){{1,3}}"
        rf"(?:{_STRANDED}))\s*[?.]*\s*$",
        question,
        re.I,
    )
    if stranded and not (
        re.match(
            r"\s*what\s+(?:[\w-]+\s+){0,3}?(?:do|does|did|will|would|can|could|should|shall|may|might|must)\b",
            question,
            re.I,
        )
        # ("Enumerate the key areas A and B will collaborate in.": the imperative's clause has its verb)
        or (
            not re.match(r"\s*what\b", question, re.I)
            and re.search(r"\b(?:do|does|did|will|would|can|could|should|shall|may|might|must)\b", question, re.I)
        )
        or any(re.fullmatch(r"[a-z]{3,}(?:ed|en)", w) for w in stranded.group(1).split())
    ):
        stranded = None  # "What is the memorandum about?": no verb, a description is asked for
    # "In concert with what does it foster growth?": the preposition fronted with "what".
    fronted = re.match(rf"\s*((?:[A-Za-z][\w'-]*\s+){{1,2}}(?:{_STRANDED}))\s+(?:what|whom|which)\b", question, re.I)
    if stranded:
        # "What does IMDA aim to establish Singapore *as*?" is "… establish Singapore as what?"
        words = stranded.group(1).split()
    elif fronted:
        words = fronted.group(1).split()
    elif not m or re.match(r"\s*(?:what|which|who|whom|how|when|where|why)\b", question, re.I):
        return None
    else:
        words = m.group(1).split()

    def content(ws: list[str]) -> bool:
        return any(len(w) > 3 and w.lower() not in PREPOSITIONS and w.lower() not in DETERMINERS for w in ws)

    stems = [re.escape(w[:5]) + r"[\w'-]*" if len(w) > 4 else re.escape(w) for w in words]
    # The longest run of its closing words the release uses: "memorandum concerns cooperation in"
    # is printed "… Concerning Cooperation in the …".
    # (a stranded preposition's run holds its verb and object: "Singapore as" alone is anywhere)
    shortest = 3 if stranded else 2
    runs = [r"\s+".join(stems[i:]) for i in range(len(words) - shortest + 1) if content(words[i:])]
    if not runs:
        return None  # ("… is in the what?") nothing to find it by
    return re.compile(r"\b(?:" + "|".join(runs) + r")\b", re.I)


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


# A question about something that happened: "When was X founded?", "In what year did X begin?".
_PAST_Q = re.compile(r"\b(?:was|were|did|had)\b", re.I)
_PRONOUNS = frozenset("it they he she we you i them him her us".split())
# Verbs that only restate "where" ("where is it based"), unlike an event's ("where was it launched").
_WHERE_VERBS = frozenset("based located situated headquartered sited housed".split())


def _participle(question: str) -> re.Pattern[str] | None:
    """The participle of "… was the SCI *launched* …?" as a pattern for the release's forms of it
    ("launched", "launching"); None when the question has none or only restates where."""
    m = re.search(r"\b(?i:was|were|is|are|be|been)\s+(?:[\w'’-]+\s+){0,9}?([a-z]{3,}(?:ed|en))\b", question)
    if not m or m.group(1) in _WHERE_VERBS:
        return None
    stem = re.sub(r"(?:ed|en)$", "", m.group(1))
    return re.compile(rf"\b{re.escape(stem)}\w*\b", re.I)


_VERB_WINDOW = 0.1  # how much closer another sentence may be and still give way to one using the verb
# Words after which the closing word is a noun ("the border", "that year", "its partner").
_NOUN_BEFORE = frozenset("the a an this that these those each every any some its their his her our my your".split())
_PARTICLES = frozenset("up out off in on down over back away".split())


_ANCHOR_GAP = 1.0  # how much rarer (IDF) the rarest word must be than the next to count as the one asked about
_ANCHOR_WINDOW = 0.05  # how much closer another sentence may be and still give way to one with the rarest word


def _sentence_terms(ctx: Context, c: Candidate) -> frozenset[str]:
    return _corpus_stats(ctx.idx)[0][c.index]


def _anchor_term(ctx: Context) -> str | None:
    """The question's rarest word the releases use (by IDF), when it is clearly rarer than the rest."""
    _, idf = _corpus_stats(ctx.idx)
    known = sorted(((idf[t], t) for t in ctx.q.topic if t in idf), reverse=True)
    if len(known) < 2 or known[0][0] - known[1][0] < _ANCHOR_GAP:
        return None
    return known[0][1]


# "According to its boilerplate", "its own 'About' paragraph": the "About <body>" section a release ends with.
_BOILERPLATE_Q = re.compile(
    r"\bboilerplate\b|\babout['’]?\s+(?:paragraph|section|blurb|note|text|statement)s?\b|[‘'\"]about[’'\"]", re.I
)
_ABOUT_HEADING = re.compile(r"^\s*about\b", re.I)


def _about_section(ctx: Context, c: Candidate) -> bool:
    """Whether a sentence is in a section headed "About …" (a release's description of a body)."""
    path = ctx.idx.documents[c.sentence.doc_id].section_at(c.sentence.start)
    return bool(path) and bool(_ABOUT_HEADING.match(path[-1]))


# "A total of nine MOUs were exchanged *at the meeting*": a total of one occasion, not a running one.
_ONE_OCCASION = re.compile(
    r"\b(?:at|during)\s+(?:the|this|today['’]s|this\s+year['’]s)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:meeting|session|forum|ceremony|event)\b",
    re.I,
)
_RUNNING_TOTAL = re.compile(r"\b(?:to[- ]date|so far|since|cumulative(?:ly)?)\b", re.I)


def _occasion_total(text: str) -> bool:
    return bool(_ONE_OCCASION.search(text)) and not _RUNNING_TOTAL.search(text)


def _sentence_answer(ctx: Context, cands: list[Candidate]) -> Proposal:
    """The best sentence, with a span of the asked type in bold when the question asks for one."""
    idx, q, cites = ctx.idx, ctx.q, ctx.cites
    if _BOILERPLATE_Q.search(q.text):
        # "What does IMDA say it develops, according to its boilerplate?": its "About" section's words.
        about = [c for c in cands[:80] if _about_section(ctx, c)]
        cands = about + [c for c in cands if c not in about]
    if q.intent == "count" and not q.cumulative:
        # (stable: the order given — by score, or as a strategy promoted them — holds otherwise)
        cands = sorted(cands, key=lambda c: bool(_CUMULATIVE_SENT.search(c.text)) and not _occasion_total(c.text))
        verb = _count_verb(q.text)
        if verb and cands and not verb.search(cands[0].text):
            # "How many projects were launched in 2023?": "14 new joint projects were launched …"
            # before "Four new projects were established in the Demonstration Zone", about as close.
            close = [c for c in cands[:6] if c.score >= cands[0].score - _VERB_WINDOW]
            close.sort(
                key=lambda c: (
                    not (
                        verb.search(c.text)
                        and sp.count_of(idx, c.sentence.doc_id, c.sentence.start, c.sentence.end, q.count_noun)
                    )
                )
            )
            cands = close + [c for c in cands if c not in close]
    if q.intent == "count" and cands and _COUNT_DO_VERB.search(q.text):
        # "How many people does Dapeng Smart Tourism employ?": "We have 85 employees", a little
        # further down, counts the noun the question's verb makes; the closest sentence counts visitors.
        def by_verb(c: Candidate) -> bool:
            x = c.sentence
            return bool(_verb_counted(q.text, idx.documents[x.doc_id].text, x.start, x.end))

        if not by_verb(cands[0]):
            close = [c for c in cands[:6] if c.score >= cands[0].score - 0.25 and by_verb(c)]
            cands = close[:1] + [c for c in cands if c not in close[:1]]
    anchor = _anchor_term(ctx) if q.expected not in _TYPED else None
    if anchor and cands and anchor not in _sentence_terms(ctx, cands[0]):
        # "Is biomedicine one of the demonstration zone's themes?": of sentences about as close, one
        # stating the question's rarest word answers before one that only shares its common words.
        close = [c for c in cands[:6] if abs(c.score - cands[0].score) <= _ANCHOR_WINDOW]  # (a promoted first stays)
        close.sort(key=lambda c: anchor not in _sentence_terms(ctx, c))
        cands = close + [c for c in cands if c not in close]
    words = [t for t in tokenize(q.focus.phrase) if len(t) > 2] if q.focus is not None and q.focus.which else []
    if len(words) > 1 and q.expected not in _TYPED and cands and not set(words) <= _sentence_terms(ctx, cands[0]):
        # "Which focus areas of the SCI does the release mention?": of sentences about as close, one
        # that speaks of the things asked in the question's words ("the SCI's focus areas of …")
        # answers before one that only speaks of the SCI. (One word alone may mean another thing:
        # "what office did the co-chair hold" is not answered by a representative office.)
        close = [c for c in cands[:6] if c.score >= cands[0].score - _VERB_WINDOW]
        close.sort(key=lambda c: not set(words) <= _sentence_terms(ctx, c))
        cands = close + [c for c in cands if c not in close]
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
    cue = _cloze(q.text) if q.expected not in _TYPED else None
    if cue is not None:
        # "… meant to contribute to the growth of what?": the sentence that says "contribute to the
        # growth of" answers with the words after it, however far its other words rank it.
        said = [c for c in cands[:20] if cue.search(c.text)]
        if said:
            cands = said[:1] + [c for c in cands if c is not said[0]]
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
    hit = cue.search(best.text) if cue is not None else None
    if hit:
        # The words after it up to the clause's end, or to the end of a list they open ("in the
        # areas of A (AI), B, and C technology").
        after = _CLOZE_LIST.match(best.text, hit.end()) or re.match(
            r"\s*([^.;:()“”\"]+?)(?=\s*(?:[.;:()“”\"]|,\s|\s+(?:which|while|to)\s|$))", best.text[hit.end() :]
        )
        if after and after.group(1).strip():
            a = best.sentence.start + (after.start(1) if after.re is _CLOZE_LIST else hit.end() + after.start(1))
            lead = [sp.Span(best.sentence.doc_id, a, a + len(after.group(1)), "description")]
    if not lead and not typed:
        got = _listed_lead(ctx, cands)
        if got:
            best, lead = got
    names = _question_names(ctx)
    if q.focus is not None and q.focus.kind == "role" and names and not typed:
        # "What is Joseph Leong's job title?": the title the releases give the person named, in
        # bold; a person they name with none ("Sangeetha Kannan, OPRG for IMDA") has none to give.
        got = _title_of_named(ctx, cands, names)
        if got == "untitled":
            return Proposal("sentence", "", False)
        if got:
            best, lead = got
    if q.expected in sp.CONTACT_KINDS:
        got = _contact(ctx, cands)
        if got:
            best, lead = got
    if q.expected == "quote":
        # Only a quotation of the person asked about answers: those first, whatever their rank.
        quoted = [c for c in cands[:40] if _quotes_speaker(ctx, c.sentence.doc_id, c.sentence.start, c.sentence.end)]
        # "What did X say about the past three years?": among X's words, those about that first.
        sets, idf = _corpus_stats(idx)
        # Any word the releases use counts here ("open" in "what did he say the SCI would stay open
        # to"): the speaker's own sentences are compared with one another, not with the corpus.
        closed = set(tokenize(" ".join(DETERMINERS | AUXILIARIES | PREPOSITIONS)))
        named = set(tokenize(" ".join(_entities(q.text))))
        # ("What did X say at the launch?": "say" is how the question asks, not what about)
        sayer = _SAYER.search(q.text)
        named |= set(tokenize(sayer.group(0))) if sayer else set()
        named |= set(tokenize(" ".join(_SAY_WORDS.findall(q.text))))
        about = tuple(t for t in q.topic if t not in named and t not in closed and term_known(t, idf))
        occasion = _OCCASION.search(q.text)
        # (a year or ordinal says which meeting — the releases named answer for it — not what occasion)
        rare = (
            [t for t in tokenize(occasion.group(1)) if idf.get(t, 0.0) >= 2.5 and not re.match(r"\d", t)]
            if occasion
            else []
        )
        if rare and quoted:
            # "What did Vincent Loh say at the launch of the Innovation Challenge?": only what he said
            # on that occasion, which the story's headline, event or section names; his words at
            # a committee meeting are not that.
            def on_occasion(c: Candidate) -> bool:
                doc = idx.documents[c.sentence.doc_id]
                told = term_set(f"{doc.title} {doc.event or ''} {' '.join(doc.section_at(c.sentence.start))}")
                return 2 * sum(term_match(t, told) for t in rare) >= len(rare)

            quoted = [c for c in quoted if on_occasion(c)]
        if about and quoted:
            dflt = max(idf.values(), default=1.0)
            quoted.sort(key=lambda c: (-round(overlap(about, sets[c.index], idf, dflt), 1), -c.score))
        if quoted:
            cands = quoted + [c for c in cands if c not in quoted]
            best = cands[0]
    if q.expected == "place" and re.search(r"\bdatelin", q.text, re.I):
        # "From which city was the December 2023 release datelined?": the place its dateline opens
        # with ("SINGAPORE, Dec. 15, 2023 –"), not where its meeting was held.
        d = sorted(ctx.named)[0] if len(ctx.named) == 1 else best.sentence.doc_id
        line = _dateline(idx, d)
        m = (
            re.match(r"\s*([A-Z][A-Za-z .'-]*?[A-Za-z])\s*,", idx.documents[d].text[line[0] : line[1]])
            if line
            else None
        )
        if m:
            return _date_proposal(ctx, d, line[0], line[1], f"**{md_text(m.group(1))}**")
    own_words = re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\)", " ", q.text)  # (not a question quoted in brackets)
    if _HEADLINE_Q.search(own_words) and _DOCUMENT.search(own_words) and not _ITEM_WORDS.search(own_words):
        # "What was the December 2023 release's headline?": the title it was put out under.
        got = _headline(ctx, sorted(ctx.named)[0] if len(ctx.named) == 1 else best.sentence.doc_id)
        if got:
            return got
    if _AUTHOR_Q.search(own_words) and q.expected in ("person", "description"):
        # "Which reporter filed the Chinese-language story on the final?", "Who interviewed He
        # Xiaoyu?": whoever the story's byline names, of the stories the question names or else the
        # closest (a Chinese story first when the question asks for one).
        docs = [c.sentence.doc_id for c in cands if not ctx.named or c.sentence.doc_id in ctx.named]
        order = _chinese_stories_first(ctx, list(dict.fromkeys(docs[:20])), own_words)
        # (a story the question names by its outlet, "the Asia Newswire story", first)
        own = [d for d in order if _own_page(ctx, d)]
        order = own + [d for d in order if d not in own]
        got = next(
            (p for p in map(lambda d: _credited(ctx, d, own_words) or _author(ctx, d), order) if p),
            None,
        )
        if got:
            return got
    if _PUBLISHER_Q.search(own_words) and (_DOCUMENT.search(own_words) or _COVERED.search(own_words)):
        # "Which wire service carried the December 2023 release?": who published it, where the
        # release says so ("SINGAPORE, Dec. 15, 2023 /PRNewswire/ —").
        # (of the documents the question names, or else the closest, the first with a publisher: a
        # news story about a meeting has one, the release about it may not)
        docs = [c.sentence.doc_id for c in cands if not ctx.named or c.sentence.doc_id in ctx.named]
        # (a story told again elsewhere — a newspaper's copy of a release — has its own publisher)
        copies = {d: [x.doc_id for x in idx.documents.values() if x.copy_of == d] for d in dict.fromkeys(docs[:20])}
        order = [x for d, more in copies.items() for x in (d, *more)]
        # (then a story about the same meeting that the date and ordinal did not pick: "the story
        # about the 8th JIC meeting" in a newspaper's page that dates itself three days later)
        meetings = {idx.documents[d].meeting for d in ctx.named} - {None}
        order += [
            d
            for d in dict.fromkeys(h.doc_id for h in ctx.retriever.search(own_words, k=_STORY_HITS))
            if d not in order
            and d in ctx.allowed
            and meetings & set(parse_mentions(idx.documents[d].text[:_STORY_HEAD]).meetings)
        ]
        titled = _titled_by_quote(ctx)
        order = [d for d in titled if d in ctx.allowed] + [d for d in order if d not in titled]
        order = _chinese_stories_first(ctx, order, own_words)
        if _WIRE_Q.search(own_words):
            # "Which wire service covered the meeting?": a story a wire put out says so in its
            # dateline ("SINGAPORE, March 24 (Asia Newswire) -"); a ministry's own page is no wire's.
            order = [d for d in order if WIRE_TAG.search(idx.documents[d].text[:_STORY_HEAD])]
        got = next((p for p in map(lambda d: _publisher(ctx, d), order) if p), None)
        # (a release that names no publisher is not answered with one of its sentences)
        return got or Proposal("sentence", "", False)
    if q.expected == "date" and _OWN_DATE.search(q.text) and _DOCUMENT.search(q.text):
        # "When was the 2023 release published?": the release's own date, not a date it mentions.
        # ("When did Straits Business Daily publish its article?": the page that outlet put out)
        own = [d for d in sorted(ctx.allowed) if _own_page(ctx, d) and (not ctx.named or d in ctx.named)]
        first = _first_sentence(ctx, own[0]) if own else None
        dated = (
            (_published_date(ctx, first) if first is not None else None)
            or _published_date(ctx, best)
            or _meeting_date(ctx, best)
        )
        if dated:
            return dated
    if (
        q.expected == "date"
        and not ctx.named
        and not q.mentions.meetings
        and not q.future
        and not lead
        and not _DATES_ASKED.search(q.text)  # (its days, not the day its document is dated)
    ):
        # "When was the Smart City Innovation Challenge launched?": the event a document reports,
        # named by its name, is dated by that document (not "the Initiative was launched in 2019").
        events = _events_named(ctx)
        if events:
            dated = _meeting_date(dataclasses.replace(ctx, named=events), best, named_event=True)
            if dated:
                return dated
    if q.expected == "date" and ctx.named and q.mentions.meetings and _asks_meeting_date(ctx) and not lead:
        # "When was the 2nd JIC meeting held?", "2nd jic meeting date 2021": the meeting's own date,
        # not another date a sentence about it mentions ("… a pact they signed in June 2020").
        # (A date the release itself carries is read as usual: "held … yesterday" is dated from it.)
        own = {idx.documents[d].date for d in ctx.named} | {idx.documents[d].published for d in ctx.named}
        said = [sp.iso_date(idx.documents[s.doc_id].text[s.start : s.end]) for s in _lead_spans(ctx, best)]
        dated = None if said and said[0] in own else _meeting_date(ctx, best)
        if dated:
            return dated
    if typed and not lead:
        topic = _topic(q)
        if q.expected == "person" and _SPOKE.search(q.text):
            # "Who spoke at the forum?": a sentence that says someone said something answers it,
            # ranked however far below a sentence about the forum that quotes nobody.
            spoke = [
                c
                for c in cands[:40]
                if (c.sentence.doc_id in ctx.named if ctx.named else c.score >= best.score - 0.4)
                and _SAYS.search(c.text)
                and sp.people(idx, c.sentence.doc_id, c.sentence.start, c.sentence.end)
            ]
            if not spoke and ctx.named and len(ctx.named) <= 3:
                # The speaker's sentence of the release named may be too far from the question's
                # words to be retrieved at all ("Mr Leong said, “The SCI … has built …”").
                for d in sorted(ctx.named):
                    for row in rows_by_doc(idx, "sentences").get(d, []):
                        x = idx.sentences[row]
                        said = idx.documents[d].text[x.start : x.end]
                        if _SAYS.search(said) and sp.people(idx, d, x.start, x.end):
                            spoke.append(Candidate(row, x, said, 0.0, 0.0, best.score))
                            break
            cands = spoke + [c for c in cands if c not in spoke]
            best = cands[0]
        # ("Who co-leads the BCWC?": a role word the question uses as its verb is still the verb)
        # (and "Who signed it on behalf of X?" asks who did the signing: acting for X is no title)
        verb_role = re.search(r"\bwho\s+co-[a-z]+(?:s|ed)\b|\bon\s+behalf\s+of\b", q.text, re.I)
        did = _who_verb(q.text) if q.expected == "person" and (not q.role or verb_role) and not q.name_asked else None
        if q.expected == "org" and q.focus is not None and q.focus.which:
            did = _who_verb(q.text, q.focus.phrase)  # "Which body organised the fair?"
        if did:
            # "Who organised the forum?": a sentence as close that says who did it ("The forum was
            # organised by …") before one that only speaks of the forum.
            close = [c for c in cands[:6] if c.score >= best.score - 0.25]
            if not any(did.search(c.text) for c in close):
                # (none of the closest says it: "It is co-led by …" may rank below them)
                close = [c for c in cands[:12] if c.score >= best.score - 0.25]
            if (
                names
                and q.expected == "person"
                and not any(
                    did.search(c.text) and _names_in(ctx, c, names) >= 0.5 and (not q.side or _lead_spans(ctx, c))
                    for c in close
                )
            ):
                # "Who signed on behalf of Sentosa Visitor Tech?": an interview's "Their chief
                # executive, Mr Marcus Lee, signed for them" ranks far below the company's name in a
                # table; a sentence that says the verb of whom the question names, and names a
                # person (of the side asked, when one is), answers however far below.
                close = [
                    c
                    for c in cands[:30]
                    if did.search(c.text)
                    and _names_in(ctx, c, names) >= 0.5
                    and sp.people(idx, c.sentence.doc_id, c.sentence.start, c.sentence.end)
                    and (not q.side or _lead_spans(ctx, c))
                ] or close

            def says(c: Candidate) -> bool:
                # (an annex row says it through its heading: "List of MOUs signed at …" — each row's
                # parties signed; a person who signed for one is named in the release's sentences)
                rec = _sentence_record(ctx, c) if q.expected == "org" else None
                return bool(did.search(c.text) or (rec is not None and did.search(rec.annex)))

            close.sort(key=lambda c: not says(c))
            cands = close + [c for c in cands if c not in close]
            best = cands[0]
        if q.expected == "date" and _DATES_ASKED.search(q.text):
            # "What were the dates of the mission?": a range of days ("from 9 to 11 June 2026") before
            # a sentence as close that gives one day of it (its dateline's).
            def ranged(c: Candidate) -> bool:
                x = c.sentence
                said = idx.documents[x.doc_id].text
                return any(_RANGE.search(said[d.start : d.end]) for d in sp.dates(idx, x.doc_id, x.start, x.end))

            # (or further down the same story: its dateline ranks first by the event's name)
            close = [c for c in cands[:8] if c.score >= best.score - 0.25 or c.sentence.doc_id == best.sentence.doc_id]
            close.sort(key=lambda c: not ranged(c))
            cands = close + [c for c in cands if c not in close]
            best = cands[0]
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

        def about(c: Candidate) -> float:
            return _about(ctx, c, topic)

        best_about = about(best)
        event_verb = _participle(q.text) if q.expected == "place" else None
        # A sentence as close that covers much more of the question ("It is co-led by A and B" for
        # "which agencies co-lead the BCWC", against "The BCWC was set up under the SCI") is tried
        # first: the span of the asked type comes from what the question is about.
        body: tuple[Candidate, list[sp.Span]] | None = None
        if q.expected == "place" and not q.future:
            # "Where was the Harbour Technology Expo opened?": a speech's or transcript's header line
            # ("Venue: Shekou Cruise Centre, Shenzhen") says where the document's own occasion was,
            # before any place its sentences mention ("a pleasant stay in Shenzhen"). (Not where
            # something will happen later: "where will the final be held".)
            got = _venue_line(ctx, sorted(ctx.named) if ctx.named else [best.sentence.doc_id], best.score)
            if got:
                best, lead = got
        fuller = [c for c in cands[1:6] if c.score >= best.score - 0.1 and about(c) >= best_about + 0.3]
        order = [] if lead else fuller[:1] + [c for c in cands[:6] if c not in fuller[:1]]
        # A month alone or a time told from the document's date ("in July", "last week") is read
        # only when no sentence as close states a calendar date: a second pass.
        # (and a place the text calls a district, for "which district", before any other place)
        marked = q.expected == "place" and q.focus is not None and q.focus.head.lower() in _MARKED_PLACE_WORDS
        acted = did or (_who_verb(q.text) if q.expected == "person" else None)
        for loose in (False, True) if q.expected == "date" or marked else (False,):
            ctx.__dict__["_loose_dates"] = loose
            ctx.__dict__["_marked_kind"] = marked and not loose
            for c in order:
                if c.score < best.score - 0.25:
                    break
                if (
                    c is not best
                    and about(c) < best_about - 0.15
                    # (unless it says the very act of whom the question names: "Our CEO, Mr Marcus
                    # Teo, signed on behalf of Aerolyte" for who signed its drone MOU for Aerolyte; "It
                    # will be … managed by the Singapore Health Innovation Agency" for who will manage
                    # the Launchpad the sentence before names)
                    and not (acted is not None and acted.search(c.text) and _names_act(ctx, c, names))
                ):
                    continue  # a lower sentence may supply the span only if it covers the question as well
                if c is not best and event_verb and event_verb.search(best.text) and not event_verb.search(c.text):
                    # "In which city was the SCI launched?": the closest sentence says it was launched and
                    # names no city; a city from a sentence about something else is not where.
                    continue
                if (
                    names
                    and q.expected != "quote"
                    and _names_in(ctx, c, names) < 0.5
                    and not _names_its_event(ctx, c.sentence.doc_id, names)
                ):
                    # A person or date from a sentence about someone else is not the answer. (A quote
                    # continues past the sentence naming its speaker; _quotes_speaker checked who.)
                    continue
                if (
                    q.expected in ("place", "date")
                    and EVENT_WORDS.search(q.text)
                    and not EVENT_WORDS.search(c.text)
                    and not names  # a sentence about a named body passed the name check above
                    # (the meeting asked about, not one the question cites: "When will cargo start
                    # moving, per the 4th Ports Forum?" — read so of a question asked in English: the
                    # glossary's word-by-word reading of a Chinese one is no sentence to parse)
                    and (has_cjk(ctx.__dict__.get("_asked", "")) or syntax.in_subject(q.text, EVENT_WORDS))
                ):
                    continue  # where/when a meeting was held: only a sentence about the meeting says
                found = _lead_spans(ctx, c)
                if not found and q.expected in ("person", "org", "place", "date"):
                    # "For media enquiries, please contact:" — the line it leads into names them.
                    nxt = _led_into(ctx, c)
                    found = _lead_spans(ctx, nxt) if nxt is not None else []
                    c = nxt if found else c
                if (
                    found
                    and q.expected == "person"
                    and not any(s.type == "person" for s in found)
                    and did is not None
                    and names
                    and any(
                        x is not c
                        and x.score >= best.score - 0.25
                        and did.search(x.text)
                        and _names_in(ctx, x, names) >= 0.5
                        and sp.people(idx, x.sentence.doc_id, x.sentence.start, x.sentence.end)
                        for x in order
                    )
                ):
                    # "Who signed for Tidewell?": a body said to have signed ("In August it signed … at
                    # the Harbour Council meeting") answers only when no sentence as close says a person
                    # did it ("Their chief engineer, Mr Ravi Nair, signed for them").
                    body = body or (c, found)
                    continue
                if found:
                    best, lead = c, found
                    break
            if lead:
                break
        ctx.__dict__["_loose_dates"] = ctx.__dict__["_marked_kind"] = False
        if not lead and body is not None:
            best, lead = body
        if not lead and q.expected in ("place", "org"):
            # "At which two sites will the pilot start?" — "At two sites, Xichong Beach and the
            # Jiaochangwei waterfront": names the tagger does not know as places, listed as the sites.
            got = _listed_lead(ctx, cands)
            if got:
                best, lead = got
        if not lead and q.expected == "person" and q.role and set(q.topic) & _ROLES:
            # "Who is the Minister for Ports?": the headline ranking skips ("Transcript of the media
            # doorstop by Minister for Ports Ms Amelia Chong …") names who holds a role asked about
            # when no sentence does. (Only a role: the headline's person did not do all it reports.)
            got = _headline_person(ctx, best)
            if got:
                best, lead = got
        if not lead and q.expected == "date":
            dated = _meeting_date(ctx, best)
            if dated:
                return dated
        if not lead and q.expected == "place" and EVENT_WORDS.search(q.text):
            # "Where was the 2nd JIC meeting held?" — "held by video conference": nowhere in
            # particular, and the release says so.
            got = _held_online(ctx, cands[:6], "place")
            if got:
                best, lead = got
    if not lead and _HOW_HELD.search(q.text):
        # "How was the 2nd JIC meeting held, in person or otherwise?": the sentence that says it was
        # held by video link (or online) answers, the way "where was it held" is answered.
        got = _held_online(ctx, cands[:8], "description")
        if got:
            best, lead = got
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
    if not lead and not typed and q.focus is not None and q.focus.which and not q.focus.plural:
        # "Which framework enables the eBLs?": the name the sentence gives the thing asked ("the
        # *TradeTrust framework*"), in bold.
        lead = _named_instance(ctx, best)
    if lead and q.expected in ("org", "place", "record") and checkable(q.focus):
        lead = _focus_spans(ctx, best, lead)
    if q.expected == "person":
        # "Who said …": "Mr Leong" said it; the release named him "Mr Joseph Leong" first.
        lead = [sp.fullest_name(idx, s) if s.type == "person" else s for s in lead]
        # ("Who should journalists contact?": whom to contact is every contact the section lists)
        if lead and (_plural_role(q.text) or _CONTACT_WHOM.search(q.text)):
            lead += _section_people(ctx, best, lead)
    quote_end = best.sentence.end
    if q.expected == "quote" and lead and lead[0].type == "quote":
        quote_end = _quotation_end(idx, best)  # "What did X say?": the whole quotation
    quote_start = best.sentence.start if lead else _quote_start(ctx, best, quote_end)
    n = cites.cite(best.sentence.doc_id, quote_start, quote_end, best.score)
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
        bold = " and ".join(f"**{md_text(_shown(text, s))}**" for s in lead)
        where = doc_label(idx, best.sentence.doc_id)
        noun = ""
        if q.expected == "number" and q.count_noun:
            noun = f" {md_text(counted_word(text, lead[-1].end, q.count_noun))}"
        if lead[0].type == "enumeration":
            # The count is of the things the sentence names; the names, as printed, are the bold span.
            count = f"{enumerated_count(text, lead[0])}: " if q.expected == "number" else ""
            bold, noun = f"{count}**{md_text(_shown(text, lead[0]))}**", ""
        marks = sorted({cites.cite(s.doc_id, *_quote_bounds(ctx, best, s)) for s in lead} | {n})
        held = _held_relative(ctx, best, lead) if q.expected == "date" else None
        if held:
            # "… held in Shenzhen yesterday": the meeting's own date first, then the date the
            # release gives and the word it uses for the day.
            bold = f"{held[0]} — the release dated {bold} says it was held “{md_text(held[1])}”"
        lines.append(f"{bold}{noun} ({md_text(where)}) " + "".join(f"[{m}]" for m in marks))
        lines.append("")
    shown = idx.documents[best.sentence.doc_id].text[quote_start:quote_end]
    item = _record_of(idx, best.sentence.doc_id, best.sentence.start)
    if item is None or re.search(r"[^\W\d_]", shown):
        # (a row's number cell, "14.", is not quoted: the row's own cells are, below)
        lines.append(quote_line(shown if quote_start == best.sentence.start else f"…{shown}", n))
    elif lines and lines[-1] == "":
        lines.pop()
    for x in _card(ctx, best):
        # "LEE Wai Leng" alone says nothing of her: the lines of her contact card say the rest.
        lines.append("")
        lines.append(quote_line(idx.documents[x.doc_id].text[x.start : x.end], cites.cite(x.doc_id, x.start, x.end)))
    if item is not None and not any(short_party(p).lower() in best.text.lower() for p in item.parties):
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
            and any(_in_question(q, short_party(p)) for p in rec.parties)
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
                mine, theirs = _plain(c.text), _plain(best.text)
                if mine in theirs or theirs in mine or same_record:
                    continue  # (the same sentence in another release's boilerplate adds nothing)
                m = cites.cite(c.sentence.doc_id, c.sentence.start, c.sentence.end, c.score)
                lines.append("")
                lines.append(quote_line(c.text, m))
                break
    return Proposal("sentence", "\n".join(lines), typed_found if typed else None)


def _held_online(ctx: Context, cands: list[Candidate], kind: str) -> tuple[Candidate, list[sp.Span]] | None:
    """The first sentence (of the named release, when one is named) saying the meeting was held by
    video link or online, with those words as a span of ``kind``."""
    for c in cands:
        m = _ONLINE.search(c.text)
        if m and (c.sentence.doc_id in ctx.named or not ctx.named):
            a = c.sentence.start + m.start(1)
            return c, [sp.Span(c.sentence.doc_id, a, a + len(m.group(1)), kind)]
    return None


def _topic(q: Question) -> tuple[str, ...]:
    """The terms of what the question is about (not which release, nor a side a title checks)."""
    topic = tuple(t for t in q.topic if t not in GENERIC) or q.topic
    if q.side:
        # ("on the Singapore side": the side is checked by the person's title, not the words)
        told = set(tokenize(" ".join((*SIDE_WORDS[q.side], "side", "sides"))))
        topic = tuple(t for t in topic if t not in told) or topic
    return topic


def _about(ctx: Context, c: Candidate, topic: tuple[str, ...]) -> float:
    """How much of ``topic`` the sentence ``c`` covers (0–1), with what it speaks of without
    saying: its annex row's parties, the place its release reports, the title it refers back to,
    the page's own publisher and event, the question a reply answers, the sentence it points back to."""
    if not topic:
        return 1.0
    idx = ctx.idx
    sets, idf = _corpus_stats(idx)
    terms = sets[c.index] | reading_terms(idx, c.index)
    rec = _record_of(idx, c.sentence.doc_id, c.sentence.start)
    if rec is not None:  # a description cell speaks of the parties its row names
        terms = terms | record_terms(rec, idx)
    terms = terms | _located_in_doc(ctx, c.sentence.doc_id) | _title_referred(ctx, c, topic)
    terms = terms | _own_page(ctx, c.sentence.doc_id) | _own_event(ctx, c.sentence.doc_id)
    k = asked_before(idx).get(c.index)
    if k is not None:
        # a reply is about what its question asks ("How much does it cost to join?"), and
        # what the page it is on is titled with ("… FAQ: Lagoon Port Digital Corridor")
        terms = terms | sets[k] | term_set(idx.documents[c.sentence.doc_id].title or "")
    # (a sentence that points back — "It goes live on 25 September" — is about what the one
    # before it names)
    terms = terms | context_terms(idx, c.index)
    # ("the CEO" is the "chief executive" a sentence names)
    terms = terms | {t for t in topic if t in _ROLES and _spelled_initials(t, c.text)}
    return overlap(topic, terms, idf, max(idf.values(), default=1.0))


def _plain(text: str) -> str:
    """Text compared as words: quotes and apostrophes of any form alike, spaces collapsed, no case."""
    return " ".join(re.sub(r"[‘’`´]", "'", re.sub(r"[“”]", '"', text)).casefold().split())


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


def _focus_spans(ctx: Context, best: Candidate, lead: list[sp.Span]) -> list[sp.Span]:
    """Only what the focus names may be in bold: "which *university*" is answered by "Peking
    University", not by the project title or the other party of the same sentence. Returns the
    lead spans naming the focus, else a name in the sentence that does, else nothing."""
    idx, focus = ctx.idx, ctx.q.focus
    stem = re.compile(rf"\b{re.escape(focus.head.lower().rstrip('s')[:5])}", re.I)

    def names_focus(s: sp.Span) -> bool:
        said = idx.documents[s.doc_id].text[s.start : s.end]
        return bool(stem.search(said)) and not _other_side_named(ctx, said)

    kept = [s for s in lead if names_focus(s)]
    if kept:
        return kept
    doc, a, b = best.sentence.doc_id, best.sentence.start, best.sentence.end
    # "Which ministry …": "MCI" is tagged; the release spells it out before the brackets.
    tagged = [sp.with_long_form(idx, s) for s in sp.tagged(idx, doc, a, b, ("org", "place", "person"))]
    # (never the name the question gives: "Which university did NUS sign with?" is not NUS)
    text = idx.documents[doc].text
    return [s for s in tagged if names_focus(s) and not _named_in_question(ctx, text[s.start : s.end])][:1]


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


def _speaker(ctx: Context, doc_id: str, a: int, b: int) -> list[sp.Span]:
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


def _role_holders(ctx: Context) -> list[str]:
    """Names of the people the releases name in the role and for the side the question gives
    ("the Singapore co-chair"), from the sentences that state that role."""
    cached = ctx.__dict__.get("_role_holders")
    if cached is not None:
        return cached
    q, idx = ctx.q, ctx.idx
    roles = [w for w in role_words(q.text) if w in ROLE_NOUNS]
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


_SAY_WORDS = re.compile(r"\b(?:say|said|says|tell|told|remark(?:s|ed)?|comment(?:s|ed)?)\b", re.I)
# "… say at the launch of the Innovation Challenge?": the occasion the words were said on.
_OCCASION = re.compile(r"\b(?:say|said|tell|told|remark|comment|speak|spoke)\b[^?]*?\bat\s+(?:the\s+)?([^?]+)", re.I)
_SAYER = re.compile(
    r"\b(?:did|does|do|has|have|had|will|would)\s+((?:[A-Z][\w.'’-]*\s+){1,5})"
    r"(?:say|said|tell|told|add|note|comment|remark|mention|state)\b"
)


def _quotes_speaker(ctx: Context, doc_id: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` is inside a quotation of the person the question names (any quotation
    when the question names nobody): "Mr Leong said, “…” and the sentences that continue it."""
    text = ctx.idx.documents[doc_id].text
    # "What did Ivan Teo say about the Trusted Data Corridor?": the speaker is the subject of
    # "say", not the topic's name after it.
    subject = _SAYER.search(ctx.q.text)
    speakers = [
        w
        for w in re.findall(r"\b[A-Z][a-z]{2,}\b", subject.group(1) if subject else ctx.q.text[1:])
        if w.lower() not in {f for forms in SIDE_WORDS.values() for f in forms} and w.lower() not in MONTH_NUMBER
    ]
    found = _quotation(text, a, b)
    label = _speaker_label(text, a) if found is None else None
    if label is not None:
        # A transcript's or an interview's line is its labelled speaker's words ("Minister Chong:
        # Nothing for the first two years. The Ministry will fund …").
        if speakers:
            return any(re.search(rf"\b{re.escape(w)}\b", label) for w in speakers)
        roles = [w for w in role_words(ctx.q.text) if w in ROLE_NOUNS]
        return not roles or all(re.search(rf"\b{re.escape(w.rstrip('s')[:6])}", label, re.I) for w in roles)
    speaker = speaker_of(ctx.idx.documents[doc_id], ctx.idx)
    if found is None and speaker:
        # A speech is its speaker's words throughout ("What did Mr Tay say about the corridor?"),
        # except the lines that name the speaker (its title, a byline).
        if any(re.search(rf"\b{re.escape(w)}\b", text[a:b]) for w in speaker.split()):
            return False
        if speakers:
            return any(re.search(rf"\b{re.escape(w)}\b", speaker) for w in speakers)
        # "What did the Shenzhen vice mayor say …?": a speech by a minister is not the vice
        # mayor's; the speaker's title holds the role, or the releases name the speaker in it.
        roles = [w for w in role_words(ctx.q.text) if w in ROLE_NOUNS]
        titled = speaker_title(ctx.idx.documents[doc_id], ctx.idx) or speaker
        if roles and not all(re.search(rf"\b{re.escape(w.rstrip('s')[:6])}", titled, re.I) for w in roles):
            return any(re.search(rf"\b{re.escape(w)}\b", speaker) for w in _role_holders(ctx))
        return True
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


# "Minister Chong:", "He Xiaoyu:", "Moderator (Mr Kevin Ramsamy, Ministry of Ports):" opening a line.
_LINE_SPEAKER = re.compile(
    r"((?:[A-Z][\w.'’-]*[ \t]+){0,4}[A-Z][\w.'’-]*)[ \t]*(?:\([^()\n]{1,80}\))?[ \t]*[:：][ \t]+\S"
)


def _speaker_label(text: str, a: int) -> str | None:
    """The speaker a transcript or interview labels the line holding ``text[a]`` with, label and
    bracket (the bracket may name the speaker: "Moderator (Mr Kevin Ramsamy, …)"), or None."""
    line = text.rfind("\n", 0, a) + 1
    m = _LINE_SPEAKER.match(text, line)
    if m is None or m.end() - 1 > a + 1:
        return None
    return text[line : m.end() - 1]


def _question_names(ctx: Context) -> list[frozenset[str]]:
    """The names the question mentions that the corpus knows (capitalised words and runs of them)."""
    cached = ctx.__dict__.get("_names")
    if cached is None:
        _, idf = _corpus_stats(ctx.idx)
        common = set(side_and_month_terms())
        if ctx.q.mentions.meetings:
            # "the seventh JIC meeting" says which meeting (the scope has it), not whom a sentence is about.
            common |= set(tokenize(" ".join(ctx.q.mentions.bodies)))
        cached = []
        located = []
        first = re.match(r"\W*([A-Za-z]+)", ctx.q.text)
        for n in _entities(ctx.q.text):
            if first and n == first.group(1) and n.lower() in english_words():
                continue  # "According to …": capitalised because it starts the question
            if _names_the_source(ctx.q.text, n):
                continue  # "according to IMDA's June 2024 release": whose release, not what it is about
            n = re.sub(r"['’]s\b", "", n)  # ("the SCI's tally": the SCI)

            # Names the corpus uses in most sentences ("Singapore") constrain nothing, nor do two of
            # them joined ("the Singapore-Shenzhen joint committee"); a joined word is matched by its
            # parts ("Singapore-Ningbo" where a release writes "Singapore–Ningbo").
            joined = {
                t
                for w in re.findall(r"[\w'’]+(?:[-‐–][\w'’]+)+", n)
                for t in set(tokenize(w)) - set(tokenize(re.sub(r"[-‐–]", " ", w)))
            }
            # ("the CEO of Sentosa Visitor Tech": the role is asked for, the body is the name)
            terms = frozenset(
                t
                for t in tokenize(n)
                if t in idf
                and t not in common
                and t not in joined
                and idf[t] >= 2.5
                and t not in SCOPE_WORDS
                and not (t in _ROLES and len(tokenize(n)) > 1)
            )
            if terms:
                cached.append(terms)
                ctx.__dict__.setdefault("_name_texts", {})[terms] = n
                if re.search(rf"{_AT_PLACE}{re.escape(n)}\b", ctx.q.text):
                    located.append(terms)
        ctx.__dict__["_names"] = cached
        ctx.__dict__["_located"] = located
    return cached


def _names_the_source(question: str, name: str) -> bool:
    """Whether ``name`` says whose page the question reads from ("IMDA's June 2024 release", "the
    Harbour Times story", "according to IMDA") rather than whom it asks about."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", question):
        before = question[: m.start()]
        after = question[m.end() :]
        if re.search(r"\b(?:according\s+to|per)\s+(?:the\s+)?$", before, re.I) and not re.match(r"['’]s\s+\w", after):
            return True
        dated = (
            rf"(?:\s+(?:\d{{1,2}}(?:st|nd|rd|th)?|(?:19|20)\d\d|{MONTH_PATTERN}|press|media|news|own|first|latest))*"
        )
        if re.match(rf"(?:['’]s)?{dated}\s+{SOURCE_NOUN}\b", after, re.I):
            return True
    return False


def _names_in(ctx: Context, c: Candidate, names: list[frozenset[str]]) -> float:
    """Share of the question's names found in the sentence or the annex record holding it."""
    sets, _ = _corpus_stats(ctx.idx)
    terms = sets[c.index] | reading_terms(ctx.idx, c.index)
    rec = _record_of(ctx.idx, c.sentence.doc_id, c.sentence.start)
    if rec is not None:
        terms = terms | record_terms(rec, ctx.idx)
    doc = ctx.idx.documents[c.sentence.doc_id]
    if doc.place:
        # "How many MOUs were signed in Chongqing?": the meeting a release reports took place
        # where it says; its sentences need not name the city again.
        terms = terms | term_set(doc.place)
    terms = terms | _located_in_doc(ctx, doc.doc_id)
    # "About the Infocomm Media Development Authority (IMDA)": a sentence under a heading speaks of
    # what the heading names ("we foster growth in …" is IMDA's).
    terms = terms | term_set(" ".join(doc.section_at(c.sentence.start)))
    # "## What is the Joint Innovation Call?" then "## Who can apply?", "## How large are the
    # grants?": the questions a page asks after one that names a thing go on about it.
    named = [
        x.path[-1]
        for x in doc.sections
        if x.start <= c.sentence.start and x.path and re.search(r"\b[A-Z][\w'’-]+\s+[A-Z]", x.path[-1][1:])
    ]
    terms = terms | term_set(named[-1] if named else "")
    # "Frequently Asked Questions: Lagoon Port Digital Corridor": a page titled with a name is about
    # it throughout ("46 companies have joined the corridor").
    terms = terms | term_set(doc.title or "")
    # "At two sites, Xichong Beach and the Jiaochangwei waterfront. The first phase goes live on 25
    # September": a sentence goes on about what the one before it in its paragraph named.
    para = max(doc.text.rfind("\n\n", 0, c.sentence.start), 0)
    before = re.split(r"(?<=[.!?])\s+", doc.text[max(para, c.sentence.start - 400) : c.sentence.start].strip())
    terms = terms | term_set(before[-1] if before else "")
    # (a short form the releases define is named by its full name: "SHIC" by the "Singapore–Hefei
    # Innovation Corridor" a page is titled with)
    terms = terms | {t for short, full in aliases(ctx.idx).items() if full <= terms for t in short.split()}
    # (half of a name by the weight of its words: "cross-border digital projects" shares two of the
    # "Cross-Border Telemedicine Sandbox"'s four words, and neither that names it)
    _, idf = _corpus_stats(ctx.idx)
    top = max(idf.values(), default=1.0)

    cjk = has_cjk(c.text)  # (a Chinese sentence is matched through its word-by-word reading: by count)

    def share(n: frozenset[str]) -> float:
        weights = {t: 1.0 if cjk else idf.get(t, top) for t in n}
        return sum(w for t, w in weights.items() if t in terms) / (sum(weights.values()) or 1.0)

    # ("It will be backed by S$8 million" two sentences after "First, the SCI HealthTech Launchpad.
    # … the Launchpad will support 30 startups": a name its paragraph goes on calling by its last word)
    written = ctx.__dict__.get("_name_texts", {})

    def called(n: frozenset[str]) -> bool:
        name = written.get(n)
        return name is not None and _called_by_head(doc.text, max(para, c.sentence.start - 400), c.sentence.end, name)

    return sum(1 for n in names if share(n) >= 0.5 or called(n)) / len(names)


def row_candidate(ctx: Context, c: Candidate) -> Candidate:
    """A table row's cell stands for its row: "Harbour Innovation Forum 2026" under "Event | Date |
    Venue" is answered by the row's other cells ("8–9 September 2026", "Marina Bay Exhibition
    Halls"). The cell itself otherwise, and an annex row (read as a record) as it is."""
    text = ctx.idx.documents[c.sentence.doc_id].text
    a, b = c.sentence.start, c.sentence.end
    lo = text.rfind("\n\n", 0, a)
    lo = 0 if lo < 0 else lo + 2
    hi = text.find("\n\n", b)
    hi = len(text) if hi < 0 else hi
    cells = text[lo:hi].split("\n")
    if (
        len(cells) < 2
        or len(cells) > 8
        or (lo, hi) == (a, b)
        or any(len(x) > 120 or x.rstrip().endswith((".", "!", "?")) for x in cells)
        or _record_of(ctx.idx, c.sentence.doc_id, a) is not None
    ):
        return c
    return dataclasses.replace(c, sentence=dataclasses.replace(c.sentence, start=lo, end=hi), text=text[lo:hi])


def _first_sentence(ctx: Context, doc_id: str) -> Candidate | None:
    """A document's first sentence as a candidate (for facts about the document itself)."""
    rows = rows_by_doc(ctx.idx, "sentences").get(doc_id, [])
    if not rows:
        return None
    x = ctx.idx.sentences[rows[0]]
    return Candidate(rows[0], x, ctx.idx.documents[doc_id].text[x.start : x.end], 0.0, 0.0, 0.0)


def _titled_by_quote(ctx: Context) -> list[str]:
    """The documents whose headline holds a phrase the question quotes ("which agency carried the
    “seven pacts” story?"): the story it names."""
    phrases = [p.lower() for p in re.findall(r"[\"“‘']([^\"“”‘’']{3,80})[\"”’']", ctx.q.text)]
    return [
        d for d, doc in ctx.idx.documents.items() if phrases and any(p in (doc.title or "").lower() for p in phrases)
    ]


def _placed_elsewhere(ctx: Context, c: Candidate) -> bool:
    """Whether a sentence puts what it speaks of in another place than the one the question puts its
    subject in ("When will the centre in Ningbo open?" — "… will open in Hefei's Binhu New District
    on 1 July"): it names neither that place nor only it."""
    known = sp.place_names(ctx.idx)
    located = ctx.__dict__.get("_asked_places")
    if located is None:
        sides = side_and_month_terms()
        located = ctx.__dict__["_asked_places"] = [
            frozenset(tokenize(m.group(1)))
            for m in re.finditer(r"\b(?:in|at)\s+(?:the\s+)?([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)", ctx.q.text)
            if m.group(1) in known and not set(tokenize(m.group(1))) <= sides
        ]
    if not located:
        return False
    # (a sentence that points back — "The Centre … is expected to open in 2026" — is placed by the
    # one before it: "… a Corridor Innovation Centre in Hefei")
    texts = [c.text]
    j = c.index
    if j > 0 and ctx.idx.sentences[j - 1].doc_id == c.sentence.doc_id and _refers_back(c.text):
        prev = ctx.idx.sentences[j - 1]
        texts.append(ctx.idx.documents[prev.doc_id].text[prev.start : prev.end])
    for text in texts:
        if any(loc <= term_set(text) for loc in located):
            return False
        for m in re.finditer(r"\b(?:in|at)\s+(?:the\s+)?([A-Z][\w’'-]+)", text):
            name = re.sub(r"['’]s$", "", m.group(1))
            if name in known and not any(frozenset(tokenize(name)) <= loc for loc in located):
                return True
    return False


def _located_in_doc(ctx: Context, doc_id: str) -> frozenset[str]:
    """The words of the places the question puts its subject in ("the fair in Qianhai") that the
    document uses: where an event was is said where the release reports it ("held at the Qianhai
    Harbour Exhibition Centre"), and holds for every sentence of it."""
    _question_names(ctx)
    located = ctx.__dict__.get("_located", [])
    if not located:
        return frozenset()
    cache = ctx.__dict__.setdefault("_doc_terms", {})
    if doc_id not in cache:
        cache[doc_id] = frozenset().union(*located) & term_set(ctx.idx.documents[doc_id].text)
    return cache[doc_id]


def _quote_bounds(ctx: Context, best: Candidate, s: sp.Span) -> tuple[int, int]:
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


def _summary_answer(ctx: Context) -> str | None:
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
                if s.strip() == doc.title.strip():
                    continue  # (the headline leads the summary already)
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
