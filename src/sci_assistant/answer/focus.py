"""The focus of a question — the noun phrase naming what would answer it — and whether evidence states it.

"Which *banks* take part in the pilot?", "What was the *attendance* at the event?", "Who is the
*media contact* for the release?": the focus is what the question asks the release to state. A
sentence that is close in meaning but never states the focus does not answer the question, however
similar it sounds ("banks" mentioned but none named; an event described but no attendance given).

The phrase is found with closed-class grammar words only (auxiliaries, prepositions, determiners:
``lexicon``), because a part-of-speech tagger at query time would load spaCy (and with it PyTorch)
into every question's path. Kind nouns ("which *company*", "what *date*") are satisfied by a span of
that type; any other focus must be stated by the evidence itself.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..crosslingual import has_cjk, to_english
from ..indexing import LoadedIndex
from ..lexicon import (
    AUXILIARIES,
    DETERMINERS,
    IRREGULAR_PAST,
    KIND_NOUNS,
    MONTH_NUMBER,
    NUMBER_WORDS,
    PARTITIVES,
    PREPOSITIONS,
    ROLE_NOUNS,
    SIDE_WORDS,
)
from ..retriever import term_match, term_set
from ..sparse import tokenize
from . import spans as sp

_WORD = re.compile(r"[A-Za-z0-9][\w'’&-]*|[^\w\s]")
_COPULAS = frozenset("is are was were 's".split())
_WH = frozenset("which what who whom whose when where why how".split())
_OBJECT_PRONOUNS = frozenset("itself themselves himself herself ourselves it them him us".split())


@dataclass(frozen=True)
class Focus:
    """The noun phrase a question asks about, e.g. ``Focus("payment apps", "apps", None, True)``."""

    phrase: str
    head: str
    kind: str | None  # a KIND_NOUNS type when the head names the answer's type ("company" → org)
    which: bool  # "which banks …": the question asks to name instances, not to describe

    @property
    def plural(self) -> bool:
        h = self.head.lower()
        return h.endswith("s") and not h.endswith(("ss", "us", "is"))  # (not "campus", "basis")


def _kind(head: str) -> str | None:
    low = re.sub(r"['’]s$", "", head.lower())  # "which city's branch": a city
    return next((k for k, words in KIND_NOUNS.items() if low in words), None)


_CONTRACTED_WH = re.compile(r"\b(who|what|which|where)['’]s\b", re.I)
_POSSESSIVE_PRONOUNS = frozenset("his her their its our my your".split())


def _possessive(word: str) -> bool:
    """A word that determines the noun after it: "SUSS's (partner)", "their (partner)"."""
    return word in _POSSESSIVE_PRONOUNS or bool(re.search(r"\w['’]s?$", word)) and word[-1] in "s'’"


def focus_of(text: str) -> Focus | None:
    """The focus of ``text``, or None when the question names none ("what did X say", "who co-chaired").

    >>> focus_of("Which payment apps will the plugin support?")
    Focus(phrase='payment apps', head='apps', kind=None, which=True)
    >>> focus_of("What was the attendance at the event?").head
    'attendance'
    >>> focus_of("Which companies run them?").phrase
    'companies'
    """
    text = _CONTRACTED_WH.sub(r"\1 is", text)  # "Who's the partner" is "who is the partner"
    # ("Who is Capitaland Investment (China)'s partner?": an aside inside a name is part of it)
    text = re.sub(r"\s*\([^()]{1,40}\)(?=['’]s\b)", "", text)
    toks = [m.group(0) for m in _WORD.finditer(text)]
    low = [t.lower() for t in toks]
    if low and low[0] in ("name", "list") and len(low) > 2 and low[1] in ("the", "all"):
        # "Name the trade associations in …": the noun phrase after the imperative
        low, toks = ["which"] + low[2:], ["which"] + toks[2:]
    i = next((k for k, t in enumerate(low) if t in ("which", "what", "who")), None)
    if i is None or i + 1 >= len(toks) or low[i + 1] == "of":
        return None  # "which of them …": the focus is a reference, resolved elsewhere
    j, copular = i + 1, False
    while j < len(toks) and low[j].endswith("ly"):
        j += 1  # "what precisely is …"
    if low[j] in _COPULAS:
        # "What was the attendance …", "Who is the media contact …"; "What is TradeTrust" has none.
        # (a name of several words may determine it: "Who is Sembawang CircularTech's partner?")
        k = j + 1
        while k + 1 < len(toks) and toks[k][:1].isupper() and not _possessive(low[k]) and k - j <= 4:
            k += 1
        if k > j + 1 and not (k < len(toks) and toks[k][:1].isupper() and _possessive(low[k])):
            k = j + 1
        if k >= len(toks) or not (low[k] in ("the", "a", "an") or _possessive(low[k])):
            return None
        j, copular = k + 1, True
    elif low[i] == "who" or low[j] in AUXILIARIES or low[j] in DETERMINERS:
        return None  # "who co-chaired", "what did X say", "what do they …": a verb is asked about
    elif (
        low[i] == "what"
        and (low[j] in IRREGULAR_PAST.values() or re.fullmatch(r"[a-z]{3,}ed", low[j]))
        and (j + 1 >= len(low) or low[j + 1] in PREPOSITIONS or low[j + 1] in DETERMINERS or low[j + 1] == "out")
    ):
        return None  # "What came out of the meeting?", "what happened at …": the subject is asked for
    while j < len(toks) and (low[j] in NUMBER_WORDS or low[j].isdigit()):
        j += 1  # "which four companies"
    words: list[str] = []
    stop = "end"
    while j < len(toks):
        if len(words) == 4:
            return None  # no grammar word within four: the phrase cannot be told from the clause
        w, lw = toks[j], low[j]
        if not re.match(r"[A-Za-z0-9]", w):
            stop = "punct"
            break
        if lw == "of" and words and words[-1].lower() in PARTITIVES:
            words = []  # "what type of document", "the name of the representative": the noun after "of"
            j += 1
            while j < len(toks) and low[j] in DETERMINERS:
                j += 1
            continue
        if lw in AUXILIARIES or lw in _WH:
            stop = "aux"
            if not any(re.match(r"\w", t) for t in toks[j + 1 :]):
                return None  # "explain what TradeTrust is": a pronoun, not a determiner
            break
        if lw in DETERMINERS or lw in _OBJECT_PRONOUNS:
            stop = "object"  # (a pronoun after a verb is its object: "which agency describes itself")
            break
        if lw in PREPOSITIONS or lw in ("of", "like", "and", "or"):
            stop = "to" if lw == "to" else "prep"
            break
        if words and (re.fullmatch(r"[a-z][a-z-]{2,}ed", w) or lw in IRREGULAR_PAST.values()):
            stop = "verb"  # "which minister attended", "which mayor co-chaired", "which start-up took"
            break
        if words and re.fullmatch(r"[a-z]+[^s]", w) and re.search(r"[a-z][^s']s$", words[-1]):
            stop = "verb"  # a plural noun then a word without -s: "which lenders take part"
            break
        if (
            len(words) >= 2
            and words[-1].lower().endswith("s")
            and not words[-2].lower().endswith("s")
            and (w[0].isupper() or (lw.endswith("s") and not lw.endswith("ss")))
        ):
            # "which project targets banks", "which project uses AI": a verb in -s between a
            # singular noun and its object ("which joint projects involve" keeps its noun).
            words.pop()
            stop = "object"
            break
        words.append(w)
        j += 1
    if len(words) >= 2 and not copular:
        a, b = words[-2].lower(), words[-1].lower()
        # Agreement tells the verb from a compound noun: "companies run", "collaboration involves"
        # (a verb before an object) against "payment apps" (a noun before an auxiliary).
        if stop == "object" and a.endswith("s") != b.endswith("s") and not words[-2][0].isupper():
            words.pop()  # (not after a name: "Southeast Asian cities the projects …")
        elif stop == "prep" and a.endswith("s") and not b.endswith("s"):
            words.pop()  # "which firms operate in …"
        elif stop == "to" and b.endswith("s") and not a.endswith("s"):
            words.pop()  # "which collaboration wants to …"
    if not words:
        return None
    head = words[-1]
    return Focus(" ".join(words), head, _kind(head), which=not copular)


def checkable(focus: Focus | None) -> bool:
    """Whether the evidence must state the focus in words: not for kind nouns ("which company"),
    items the annex records answer ("which project"), nouns that describe rather than name
    ("purpose", "areas"), or short forms a word match cannot judge ("uni")."""
    from .intents import _RECORD_Q, _SCOPE_WORDS, GENERIC, scope_of

    if focus is None or focus.kind or len(focus.head) < 4 or scope_of(focus.head) is not None:
        return False
    if _RECORD_Q.search(f"which {focus.head}"):
        return False
    return not all(t in _SCOPE_WORDS or t in GENERIC for t in tokenize(focus.head))


def focus_terms(focus: Focus) -> tuple[list[str], list[str]]:
    """The focus phrase's words and its head's, as ``states`` matches them."""
    return [t for t in tokenize(focus.phrase) if len(t) > 2], [t for t in tokenize(focus.head) if len(t) > 2]


def states(focus: Focus, terms: frozenset[str], focus_words: tuple[list[str], list[str]] | None = None) -> float:
    """Share of the focus phrase's words in a sentence's terms, the head counting double (0–1).
    ``focus_words``: ``focus_terms(focus)``, for callers that test many sentences."""
    words, head = focus_words or focus_terms(focus)
    if not head:
        return 0.0
    got = sum(term_match(t, terms) for t in words) + sum(term_match(t, terms) for t in head)
    return got / (len(words) + len(head))


def _context(idx: LoadedIndex, row: int) -> tuple[str, int, int]:
    """A sentence and, when the line before it is a short label ("For media queries:"), that line too."""
    s = idx.sentences[row]
    start = s.start
    if row > 0:
        prev = idx.sentences[row - 1]
        if prev.doc_id == s.doc_id and prev.end - prev.start <= 80:
            start = prev.start
    return s.doc_id, start, s.end


def _kind_met(idx: LoadedIndex, kind: str, doc_id: str, a: int, b: int, q_terms: frozenset[str]) -> bool:
    text = idx.documents[doc_id].text
    if kind == "org":
        return any(not set(tokenize(text[s.start : s.end])) <= q_terms for s in sp.tagged(idx, doc_id, a, b, ("org",)))
    if kind == "person":
        return bool(sp.people(idx, doc_id, a, b))
    if kind == "place":
        return bool(sp.places(idx, doc_id, a, b, loose=True))
    if kind == "date":
        return bool(sp.dates(idx, doc_id, a, b))
    if kind == "number":
        return bool(sp.numbers(text, a, b))
    if kind == "amount":
        return bool(sp.amounts(idx, doc_id, a, b))
    if kind == "role":
        return bool(set(re.findall(r"[a-z][a-z-]*", text[a:b].lower())) & ROLE_NOUNS) or bool(
            sp.people(idx, doc_id, a, b)
        )
    return False


def _stated(head: str, terms: frozenset[str]) -> bool:
    stems = [t for t in tokenize(head) if len(t) > 2] or tokenize(head)
    return bool(stems) and all(term_match(t, terms) for t in stems)


@functools.cache
def side_and_month_terms() -> frozenset[str]:
    """The terms of the two sides' names and of the months: names that tell no sentence apart."""
    return frozenset(
        tokenize(" ".join(f for forms in SIDE_WORDS.values() for f in forms) + " " + " ".join(MONTH_NUMBER))
    )


_KIND_OF = re.compile(r"\b(?:what|which)\s+(?:sort|sorts|kind|kinds|type|types|form|forms)\s+of\b", re.I)


def _qualified(text: str, a: int, b: int, head: str, known: frozenset[str]) -> bool:
    """Whether the evidence says which ones by words before the head that the question lacks:
    "which documents" — "*electronic trade* documents"; "training opportunities" — "*real-workplace*
    training opportunities". ("involving banks, shippers" says no more than "banks".)"""
    head_terms = set(tokenize(head))
    for m in re.finditer(r"[A-Za-z][\w'’-]*", text[a:b]):
        if not head_terms or not set(tokenize(m.group(0))) & head_terms:
            continue
        before = re.findall(r"[A-Za-z][\w'’-]*", re.split(r"[,;:.()“”\"]", text[a : a + m.start()])[-1])
        # The words right before the head, back to a function word or a verb ("involving banks").
        run = []
        for w in reversed(before[-3:]):
            low = w.lower()
            if (
                not w[:1].islower()
                or low in DETERMINERS
                or low in PREPOSITIONS
                or low in AUXILIARIES
                or low in ("and", "or")
                or low in NUMBER_WORDS
                or low.isdigit()
                or low.endswith(("ing", "ed"))
            ):
                break
            run.append(w)
        if any(not set(tokenize(w)) <= known for w in run):
            return True
    return False


# A list that follows the noun it names instances of: after a colon, "such as", "including" or
# "namely", two or more items joined by commas or "and"/"or" before the clause ends.
_ENUMERATION_AFTER = re.compile(r"(?::|,?\s*(?:such as|including|namely)\b)\s*[^.;:!?]+?(?:,|\band\b|\bor\b)\s*\w")


def _named_near(text: str, a: int, b: int, head: str, known: frozenset[str]) -> bool:
    """Whether the evidence names instances of ``head`` ("banks such as X", "X Bank", "banks X and Y").
    ``known``: words of names that are not instances (the question's own)."""
    stem = re.escape(head.lower().rstrip("s")[:5])
    for m in re.finditer(rf"\b{stem}[\w'’-]*", text[a:b], re.I):
        at = a + m.start()
        line_start = text.rfind("\n", 0, at) + 1
        after = text[a + m.end() : b].lstrip(" ")
        opens = not text[line_start:at].strip() or bool(re.search(r"[.!?]\s+$", text[line_start:at]))
        run = re.search(r"(?:[A-Z][\w&'’-]*\s+)+$", text[line_start:at])
        own = run is not None and set(tokenize(run.group(0))) <= known
        line_end = text.find("\n", at)
        long_words = re.findall(r"[A-Za-z][\w'’-]{3,}", text[line_start : line_end if line_end >= 0 else b])
        title_case = len(long_words) >= 3 and all(w[0].isupper() for w in long_words)
        if title_case:
            continue  # every word capitalised: no word of it is told to be a name
        if _ENUMERATION_AFTER.match(after):
            # "three tracks: low-carbon buildings, smart eldercare and urban logistics", "areas
            # such as eldercare and logistics": instances named in common words.
            return True
        if text[at].isupper() and not opens and not after[:1].isupper() and not own:
            # The head ends a name: "Peking University" names a university; "Start-up Exchange
            # Programme" names a programme, not a start-up. (Not the question's own words capitalised.)
            return True
        ahead, behind = re.split(r"[.;:]", text[at:b])[0], re.split(r"[.;:]", text[a:at])[-1]
        # Some 80 characters each way, in whole words (a cut "Singapore-Sh" is no known name).
        ahead = ahead if len(ahead) <= 80 else re.sub(r"\S*$", "", ahead[:80])
        behind = behind if len(behind) <= 40 else re.sub(r"^\S*", "", behind[-40:])
        clause = ahead + " " + behind
        for name in re.findall(r"\b[A-Z][\w&'’-]*", clause):
            if not set(tokenize(re.sub(r"[-‐–]", " ", name))) <= known:  # "Singapore-Shenzhen": two known names
                return True
    return False


def focus_status(idx: LoadedIndex, focus: Focus, rows: list[int], question: str) -> str:
    """'met' when the evidence sentences (``idx.sentences`` rows, best first) state the focus;
    'unnamed' when the first that mentions it names no instance ("banks" and no bank);
    'missing' when none states it."""
    q_terms = frozenset(tokenize(question))
    # What the question says besides its focus and the two sides' names: a lower-ranked sentence
    # that shares none of it was found for the focus word alone ("Marketplace" in another item's
    # name) and says nothing of it.
    rest = frozenset(t for t in q_terms - frozenset(tokenize(focus.phrase)) - side_and_month_terms() if len(t) > 2)
    for i, row in enumerate(rows):
        doc_id, a, b = _context(idx, row)
        text = idx.documents[doc_id].text
        if focus.kind and _kind_met(idx, focus.kind, doc_id, a, b, q_terms):
            return "met"
        terms = term_set(text[a:b])
        if has_cjk(text[a:b]):
            # A Chinese sentence states what the glossary reads in it ("创始人": founder); its
            # words are not English words to tell a name from a common noun by.
            terms |= term_set(to_english(text[a:b]))
            if _stated(focus.head, terms) and not (i and rest and not any(term_match(t, terms) for t in rest)):
                return "met"
            continue
        if _stated(focus.head, terms):
            if i and rest and not any(term_match(t, terms) for t in rest):
                continue
            known = q_terms
            if not _spoken_of(text, a, b, focus.head, known, frozenset(tokenize(focus.phrase))):
                continue  # only inside a name already known: "QuikBot Technologies" for "technologies"
            # The best sentence that speaks of the focus decides: it is the one quoted.
            if (
                focus.which
                and focus.plural
                and not _KIND_OF.search(question)  # "what sort of training opportunities": a description
                and set(tokenize(focus.head))
                <= set(tokenize(text[a:b]))  # the word itself, not "technology" for "techniques"
                and not _qualified(text, a, b, focus.head, q_terms)
                and (focus.kind or not _named_near(text, a, b, focus.head, known))
            ):
                return "unnamed"
            return "met"
    return "missing"


def _spoken_of(text: str, a: int, b: int, head: str, known: frozenset[str], own: frozenset[str]) -> bool:
    """Whether ``text[a:b]`` uses ``head`` other than inside a capitalised name made of ``known`` words
    (the question's names). The focus phrase's own words capitalised ("Executive Director" for "the
    new executive director") are the focus itself, not a name it hides in."""
    stem = re.escape(head.lower().rstrip("s")[:5])
    for m in re.finditer(rf"\b{stem}[\w'’-]*", text[a:b], re.I):
        if not m.group(0)[0].isupper():
            return True
        before = re.search(r"(?:[A-Z][\w&'’.-]*\s+)*$", text[a : a + m.start()])
        after = re.match(r"(?:\s+[A-Z][\w&'’.-]*)*", text[a + m.end() : b])
        name = (before.group(0) if before else "") + m.group(0) + (after.group(0) if after else "")
        words = set(tokenize(re.sub(r"[-‐–]", " ", name)))
        if not words <= known or (len(words) > 1 and words <= own and set(tokenize(head)) <= words):
            return True
    return False
