"""Sentence-level evidence: candidate sentences scored for a question, and answer-phrase finders."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..crosslingual import document_glosses, document_names, has_cjk, to_english
from ..dialogue import Turns, affiliation, dialogue_turns, question_before, turn_at
from ..indexing import LoadedIndex
from ..lexicon import REFERRING
from ..mentions import parse_mentions
from ..retriever import (
    _PREFIX,
    chunk_sentences,
    rows_by_doc,
    sentence_stats,
    term_match,
    term_overlap,
    term_set,
    term_weights,
    weighted_overlap,
)
from ..schema import Hit, Sentence
from ..sparse import tokenize
from . import focus as _focus
from . import spans as _spans
from .intents import _SCOPE_WORDS, GENERIC, Question
from .records import party_terms_by_row, record_kinds
from .spans import DATE, MONEY, NUMBER  # one definition of each pattern
from .vocabulary import aliases

PERSON = re.compile(r"\b(?:Mr|Ms|Mrs|Mdm|Dr|Prof|Professor)\.?\s+(?:[A-Z][\w'’-]+\s?){1,4}")
PLACE = re.compile(
    r"\b(?:held|hosted|located|based|took place|convened|set up|established)\s+(?:in|at)\s+"
    r"((?:[A-Z][\w'’-]+)(?:[\s,]+[A-Z][\w'’-]+){0,3})"
)
BOILERPLATE = re.compile(
    r"^(?:MEDIA RELEASE|FOR IMMEDIATE RELEASE|PRESS RELEASE|Ends\b|-\s*Ends|"
    r"(?:Title|Description) of \w+|For media queries)",
    re.I,
)


@dataclass
class Candidate:
    index: int  # row in LoadedIndex.sentences
    sentence: Sentence
    text: str
    sim: float
    overlap: float
    score: float


def _corpus_stats(idx: LoadedIndex) -> tuple[list[frozenset[str]], dict[str, float]]:
    """Each sentence's terms and the terms' IDF. A sentence naming a short form the releases define
    ("The BCWC was set up in 2023") also holds its full name's terms, and one naming the full name
    the short form: both speak of the same body."""
    cached = idx.derived.get("sentence_terms_named")
    if cached is None:
        sets, idf = sentence_stats(idx)
        short = {k: full for k, full in aliases(idx).items() if " " not in k}
        named = []
        for j, st in enumerate(sets):
            add = {t for k, full in short.items() if k in st for t in full}
            add |= {k for k, full in short.items() if k not in st and full <= st}
            add |= _referent_names(idx, j) | _voice_names(idx, j) | _asked_before(idx, j)
            named.append(st | add if add - st else st)
        cached = (named, idf)
        idx.derived["sentence_terms_named"] = cached
    return cached


# A pronoun among a sentence's first words: "It is co-led by …", "In its first phase, …".
_PRONOUN_SUBJECT = re.compile(r"(?:\S+\s+){0,3}?(?:it|they|he|she|its|their|his|her)\b", re.I)
_NAME_RUN = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w&'’-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w&'’-]*)*")


# A sentence whose subject is a definite description of one word: "The forum was …", "The committee will …".
_DEFINITE_SUBJECT = re.compile(r"The\s+([a-z]{4,})\s+(?:is|was|were|are|will|has|had|have|also)\b")


_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us)\b", re.I)
_FIRST_SINGULAR = re.compile(r"\b(?:I|my|me)\b")
# "Speech by Minister for Digital Development and Information Mr Benedict Tay at the 8th …",
# "Opening remarks by Dr Lim Hui Min": a document in one person's voice, and who that is.
_SPEECH_TITLE = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}(?:speech|remarks|address|keynote|statement)\b[^.]*?\bby\b[^.]*?"
    r"\b(?:Mr|Ms|Mrs|Mdm|Dr|Prof|Professor)\.?\s+((?-i:[A-Z][\w'’-]+)(?:\s(?-i:[A-Z][\w'’-]+)){0,3})",
    re.I,
)


_SPEECH_BY = re.compile(r"^\s*(?:[\w-]+\s+){0,2}(?:speech|remarks|address|keynote|statement)\b[^.]*?\bby\s+", re.I)


def _speech_name(doc, idx: LoadedIndex | None) -> tuple[int, int, int] | None:
    """Where the title of a speech names its speaker: (after "by", name start, name end)."""
    title = doc.title or ""
    m = _SPEECH_TITLE.match(title)
    if m:
        by = title.lower().rfind(" by ", 0, m.start(1))
        return (by + 4 if by >= 0 else m.start(1)), m.start(1), m.end(1)
    by = _SPEECH_BY.match(title)
    at = doc.text.find(title, 0, 2000) if by and idx is not None and title else -1
    if at < 0:
        return None
    # "Speech by Vice Mayor Huang Shuyi at the Launch of …": a title with no "Mr" or "Ms" before the
    # name; the name is the person the tagger found after "by".
    people = _spans.people(idx, doc.doc_id, at + by.end(), at + len(title))
    if not people:
        return None
    return by.end(), people[0].start - at, people[0].end - at


def speaker_of(doc, idx: LoadedIndex | None = None) -> str | None:
    """The person a speech or remarks document is in the voice of, named in its title."""
    got = _speech_name(doc, idx)
    return doc.title[got[1] : got[2]].strip() if got else None


def speaker_title(doc, idx: LoadedIndex | None = None) -> str | None:
    """The speaker of a speech with the title the document's title gives them ("Deputy Director Mr
    Gao Wenbo" in "Speech by Deputy Director Mr Gao Wenbo at the Opening of …")."""
    got = _speech_name(doc, idx)
    return doc.title[got[0] : got[2]].strip() if got else None


def _turns(idx: LoadedIndex, doc_id: str) -> Turns:
    table = idx.derived.setdefault("dialogue_turns", {})
    if doc_id not in table:
        table[doc_id] = dialogue_turns(idx.documents[doc_id].text)
    return table[doc_id]


def _asked_before(idx: LoadedIndex, j: int) -> set[str]:
    """A sentence answering an interviewer's question ("He Xiaoyu: At two sites, Xichong Beach and
    …") speaks of what the question asked ("Where will you start?"): that question's terms."""
    s = idx.sentences[j]
    doc = idx.documents[s.doc_id]
    turns = _turns(idx, s.doc_id)
    turn = turn_at(turns, s.start) if turns else None
    asked = question_before(turns, turn) if turn else None
    if asked is not None:
        return set(tokenize(doc.text[asked.start : asked.end]))
    return set()


def _voice_names(idx: LoadedIndex, j: int) -> set[str]:
    """A sentence in the first person speaks of whoever wrote or gave the document: a post's account
    ("our co-founder and CEO Rachel Ng put pen to paper"), a speech's speaker ("I am glad …"), or in
    an interview the person answering and where they work ("We have 85 employees"). The terms of
    that name."""
    s = idx.sentences[j]
    doc = idx.documents[s.doc_id]
    said = doc.text[s.start : s.end]
    turns = _turns(idx, s.doc_id)
    turn = turn_at(turns, s.start) if turns else None
    if turn is not None and turn.speaker and not turn.asks:
        # (an answer that speaks as "we" anywhere speaks of the firm throughout: "We start at two
        # sites. The first phase goes live on 25 September" — the phase is theirs too)
        spoken = doc.text[turn.start : turn.end]
        if not (_FIRST_SINGULAR.search(spoken) or _FIRST_PERSON.search(spoken)):
            return set()
        works_at = affiliation(doc.text, turn.speaker)
        return set(tokenize(turn.speaker)) | (set(tokenize(works_at)) if works_at else set())
    speaker = speaker_of(doc, idx)
    if speaker and (_FIRST_SINGULAR.search(said) or _FIRST_PERSON.search(said)):
        return set(tokenize(speaker))
    # (not "we" inside a quotation: a release quotes its speakers, and their "we" is not its issuer's)
    # (a quotation may open in a sentence before this one, in the same paragraph)
    para = doc.text[max(0, doc.text.rfind("\n\n", 0, s.start)) : s.start]
    opened = para.count("“") > para.count("”") or para.count('"') % 2 == 1
    unquoted = (
        re.sub(r"[“\"][^”\"]*(?:[”\"]|$)", " ", said) if not opened else re.sub(r"^[^”\"]*(?:[”\"]|$)", " ", said)
    )
    if not doc.publisher or not _FIRST_PERSON.search(unquoted):
        return set()
    return set(tokenize(doc.publisher))


def _referent_names(idx: LoadedIndex, j: int, depth: int = 3) -> set[str]:
    """A sentence that opens with a pronoun ("It is co-led by Enterprise Singapore …") speaks of
    what the sentence before it in the same paragraph names ("The BCWC was set up …"): the terms of
    the names there. Resolving "it" to the previous sentence's names is a heuristic, not parsing:
    no coreference model is bundled, and in press releases the previous sentence's subject is by
    far the usual referent."""
    s = idx.sentences[j]
    text = idx.documents[s.doc_id].text
    if j == 0:
        return set()
    the = _DEFINITE_SUBJECT.match(text, s.start)
    if the:
        # "The forum was organised by …" after "The 2nd Harbour Industry Forum was held today":
        # the nearest name before it (three sentences back at most) that ends in that noun.
        noun = the.group(1).lower()
        for k in range(j - 1, max(-1, j - 4), -1):
            prev = idx.sentences[k]
            if prev.doc_id != s.doc_id:
                break
            for m in _NAME_RUN.finditer(text[prev.start : prev.end]):
                if len(m.group(0).split()) > 1 and m.group(0).lower().rstrip("s").endswith(noun.rstrip("s")):
                    return set(tokenize(m.group(0)))
        return set()
    if not _PRONOUN_SUBJECT.match(text, s.start):
        return set()
    prev = idx.sentences[j - 1]
    if prev.doc_id != s.doc_id or "\n" in text[prev.end : s.start]:
        return set()
    if depth > 1 and _PRONOUN_SUBJECT.match(text, prev.start):
        # "Dapeng Smart Tourism runs … . Last month it signed … with Sentosa Visitor Tech. Its
        # general manager signed …": when the sentence before opens with a pronoun too, both speak
        # of what that one's pronoun does (the names it gives are its objects, another party).
        chained = _referent_names(idx, j - 1, depth - 1)
        if chained:
            return chained
    names = " ".join(m.group(0) for m in _NAME_RUN.finditer(text[prev.start : prev.end]))
    return set(tokenize(names))


def term_known(term: str, idf: dict[str, float]) -> bool:
    return term in idf or (len(term) >= 5 and _PREFIX + term[:5] in idf)


_match = term_match


def overlap(q_terms: tuple[str, ...], terms: frozenset[str], idf: dict[str, float], default_idf: float = 0.0) -> float:
    """IDF-weighted share of ``q_terms`` found in ``terms``."""
    return term_overlap(q_terms, terms, idf, default_idf or None)


def number_near(text: str, noun: str | None) -> re.Match[str] | None:
    """The number that counts ``noun`` in ``text`` ("Eight MOUs", "14 new joint projects")."""
    if noun:
        m = _spans.count_pattern(noun).search(text)
        if m:
            inner = _spans.closest_number(text, m.start(), m.end())
            if inner:
                return inner
    return None


def _chunk_rows(idx: LoadedIndex) -> dict[str, list[int]]:
    """The rows of each chunk id (once per generation)."""
    cached = idx.derived.get("chunk_rows")
    if cached is None:
        cached = {}
        for row, c in enumerate(idx.chunks):
            cached.setdefault(c.chunk_id, []).append(row)
        idx.derived["chunk_rows"] = cached
    return cached


def _facts(idx: LoadedIndex, name: str) -> dict:
    """What a pattern says of each sentence (row → value), one table per generation and per
    ``name``, filled as rows are first looked at: a question pays only for sentences no earlier
    question has touched."""
    tables = idx.derived.get("sentence_facts")
    if tables is None:
        tables = idx.derived["sentence_facts"] = {}
    table = tables.get(name)
    if table is None:
        table = tables[name] = {}
    return table


def _fact(table: dict, j: int, compute) -> object:
    v = table.get(j)
    if v is None:
        v = table[j] = compute()
    return v


def sentence_fact(idx: LoadedIndex, name: object, row: int, compute) -> object:
    """What ``compute()`` says of sentence ``row`` (a pattern's verdict on its text), worked out
    once per generation and ``name``."""
    return _fact(_facts(idx, name), row, compute)


def reading_terms(idx: LoadedIndex, row: int) -> frozenset[str]:
    """The terms a Chinese sentence gives an English question: the names it prints in English and
    the words the glossary reads in it; and, as a report's sentence speaks of what its headline
    names, the headline's ("组委会共收到236个参赛项目" under "首届…创新挑战赛总决赛落幕" counts the
    Innovation Challenge's entries). Empty for a sentence with no Chinese in it."""

    def compute() -> frozenset[str]:
        s = idx.sentences[row]
        text = idx.documents[s.doc_id].text[s.start : s.end]
        if not has_cjk(text):
            return frozenset()
        title = idx.documents[s.doc_id].title
        return term_set(_english_reading(idx, text) + " " + _english_reading(idx, title))

    return sentence_fact(idx, "reading_terms", row, compute)


def has_number(idx: LoadedIndex, c: Candidate, noun: str | None) -> bool:
    """Whether the candidate's sentence states a number (one counting ``noun``, when given)."""
    if noun:
        return sentence_fact(idx, ("number_near", noun), c.index, lambda: bool(number_near(c.text, noun)))
    return sentence_fact(idx, "number", c.index, lambda: bool(NUMBER.search(c.text)))


def _cjk_rows(idx: LoadedIndex) -> frozenset[int]:
    """The rows of sentences written in Chinese, once per generation."""
    got = idx.derived.get("cjk_rows")
    if got is None:
        got = idx.derived["cjk_rows"] = frozenset(
            j for j, s in enumerate(idx.sentences) if has_cjk(idx.documents[s.doc_id].text[s.start : s.end])
        )
    return got


def _titled_share(idx: LoadedIndex, q: Question) -> dict[str, float]:
    """Per document, the share of the question's names (its capitalised words after the first, less
    the two sides', the months' and kinds of item like "MOU") that the document's title gives."""
    from .focus import side_and_month_terms

    names = set(tokenize(" ".join(re.findall(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w&'’-]*", q.text))))
    # (not the two sides, the months, or a kind of item written in capitals: "MOU" is no name)
    names -= side_and_month_terms() | set(tokenize(" ".join(_SCOPE_WORDS))) | GENERIC
    if not names:
        return {}
    titles = idx.derived.get("title_terms")
    if titles is None:
        titles = idx.derived["title_terms"] = {
            d: frozenset(tokenize(doc.title or "")) for d, doc in idx.documents.items()
        }
    return {d: len(names & t) / len(names) for d, t in titles.items() if names & t}


def asked_before(idx: LoadedIndex) -> dict[int, int]:
    """The question each answer sentence of a question-and-answer page replies to: sentence row →
    the row of the question heading of its section ("How much does it cost to join?" over "The
    annual fee is 1,200 rupees."), or of the question an interviewer asks in the paragraph before
    ("BABR: What have you learnt?" before the reply). Once per generation.

    A reply seldom repeats its question's words; the question says what the reply is about."""
    got = idx.derived.get("asked_before")
    if got is not None:
        return got
    got = {}
    from ..retriever import rows_by_doc

    for doc_id, rows in rows_by_doc(idx, "sentences").items():
        text = idx.documents[doc_id].text
        asked, heading, reply_until = None, False, -1
        for j in rows:
            s = idx.sentences[j]
            said = text[s.start : s.end].strip()
            if s.heading:
                asked, heading = (j if said.endswith("?") else None), True
            elif said.endswith("?"):
                # (a question in prose: the reply is the next paragraph)
                after = text.find("\n\n", s.end)
                nxt = text.find("\n\n", after + 2) if after >= 0 else -1
                asked, heading, reply_until = j, False, (nxt if nxt >= 0 else len(text))
            elif asked is not None and (heading or s.start < reply_until):
                if heading or text.find("\n\n", idx.sentences[asked].end, s.start) >= 0:
                    got[j] = asked
            else:
                asked = None
    idx.derived["asked_before"] = got
    return got


# An English name a Chinese text prints in brackets after the Chinese one: "罗家伟（Vincent Loh）".
_GLOSS = re.compile(r"（[^（）]*[A-Za-z][^（）]*）")


def _english_reading(idx: LoadedIndex, text: str, glosses: bool = True) -> str:
    """A Chinese sentence as the glossary reads it, with the names it prints in English (or
    without those printed in brackets after their Chinese form: what the sentence says, not whom
    it names, to place it by meaning)."""
    if not glosses:
        text = _GLOSS.sub("", text)
    return " ".join(_LATIN_WORD.findall(text)) + " " + to_english(text, document_names(idx), document_glosses(idx))


def _cjk_english_vectors(idx: LoadedIndex, encode: Callable[[list[str]], np.ndarray]) -> dict[int, np.ndarray]:
    """The embedding of each Chinese sentence's English reading, once per generation (a few
    dozen short texts a report: embedded in one batch the first time a question needs them)."""
    got = idx.derived.get("cjk_english_vectors")
    if got is None:
        rows = sorted(_cjk_rows(idx))
        said = [
            idx.documents[idx.sentences[j].doc_id].text[idx.sentences[j].start : idx.sentences[j].end] for j in rows
        ]
        # Two readings each: with the English names it prints, and without those it prints in
        # brackets (what it says, however many names it lists): the closer one places it.
        texts = [_english_reading(idx, t) for t in said] + [_english_reading(idx, t, glosses=False) for t in said]
        vecs = np.asarray(encode(texts), dtype=np.float32) if texts else np.zeros((0, 0), dtype=np.float32)
        got = idx.derived["cjk_english_vectors"] = {j: vecs[[i, i + len(rows)]] for i, j in enumerate(rows)}
    return got


def rank_sentences(
    idx: LoadedIndex,
    q: Question,
    qv: np.ndarray,
    hits: list[Hit],
    *,
    docs: set[str] | None = None,
    named_docs: set[str] | None = None,
    global_k: int = 80,
    near: list[tuple[str, int, int]] | None = None,
    avoid: list[tuple[str, int, int]] | None = None,
    encode: Callable[[list[str]], np.ndarray] | None = None,
) -> list[Candidate]:
    """Sentences from the hit chunks and the closest sentences overall, best first.

    ``near``: spans the conversation's previous answer quoted; a follow-up pointing back to them
    ("under it") prefers sentences close by (the same annex item or paragraph). ``avoid``: spans a
    follow-up asking for "another" one excludes (what the previous answer gave). ``encode``: the
    embedder's, to place a Chinese sentence by its glossary reading for a question in English.
    """
    sets, idf = _corpus_stats(idx)
    default_idf = max(idf.values(), default=1.0)
    rows: set[int] = set()
    per_chunk, row_of = chunk_sentences(idx), _chunk_rows(idx)
    for h in hits:
        for c_row in row_of.get(h.chunk_id, ()):
            rows.update(per_chunk[c_row])
    allowed = None
    if docs is not None:
        by_doc = rows_by_doc(idx, "sentences")
        allowed = [j for d in docs for j in by_doc.get(d, ())]  # DenseIndex.search sorts them
    if idx.sentence_dense.size and (allowed is None or allowed):
        _, ids = idx.sentence_dense.search(qv[None, :], global_k, allowed=allowed)
        rows.update(int(j) for j in ids[0] if j >= 0)
    cjk_rows = _cjk_rows(idx)
    if not has_cjk(q.text):
        # The English model places Chinese text anywhere: a Chinese sentence the glossary reads as
        # the question's words is a candidate however far its vector lies.
        rows.update(cjk_rows)
    out: list[Candidate] = []
    q_terms = q.terms
    q_weights, q_total = term_weights(q_terms, idf, default_idf)  # the question's side of the overlap, once
    foreign = not has_cjk(q.text)
    ahead = q.future or bool(re.search(r"\b(?:next|upcoming|following)\b", q.text, re.I))
    focus = q.focus if _focus.checkable(q.focus) else None
    focus_terms = _focus.focus_terms(focus) if focus is not None else None
    kinds = record_kinds(idx) if q.scope is not None else {}
    parties = party_terms_by_row(idx)
    # What the patterns say of a sentence does not depend on the question: each is worked out once
    # per generation (``_facts``), the first time a question looks at that sentence.
    usable, cjk, money, number = _facts(idx, "usable"), _facts(idx, "cjk"), _facts(idx, "money"), _facts(idx, "number")
    headline = _facts(idx, "headline")
    typed_q = q.expected in ("person", "date", "place") and not _ABOUT_DOCUMENT.search(q.text)
    near_noun = _facts(idx, ("number_near", q.count_noun))
    typed, place_phrase = _facts(idx, ("typed", q.expected)), _facts(idx, "place_phrase")
    planned = _facts(idx, "dated_past_dateline")
    said, said_next = _facts(idx, "meetings"), _facts(idx, "next_meeting")
    counted = q.intent == "count" or q.amount
    asked = set(q.mentions.meetings)
    replies = asked_before(idx)
    titled = _titled_share(idx, q)
    for j in rows:
        s = idx.sentences[j]
        if docs is not None and s.doc_id not in docs:
            continue
        text = idx.documents[s.doc_id].text[s.start : s.end]
        if not _fact(
            usable,
            j,
            lambda s=s, text=text: (
                not (
                    s.heading
                    or BOILERPLATE.match(text)
                    or len(text) + len(_CJK_CHAR.findall(text)) < 12
                    # (a question a page or an interviewer asks states nothing: its reply does)
                    or text.rstrip(" \"”’'").endswith(("?", "？"))
                )
            ),
        ):
            continue
        if typed_q and _fact(headline, j, lambda s=s, text=text: text.strip() == idx.documents[s.doc_id].title.strip()):
            # "Speech by Vice Mayor Huang Shuyi at the Launch of the … Challenge": the headline printed
            # above the story shares every name with a question about it and seldom says when, where
            # or who; the story's sentences do (a headline's figure — "Eight MOUs signed …" — still
            # counts, and a question about the headline itself is answered from the title).
            continue
        if (
            counted
            and _fact(headline, j, lambda s=s, text=text: text.strip() == idx.documents[s.doc_id].title.strip())
            and not _fact(number, j, lambda text=text: bool(NUMBER.search(text)))
            and not _ABOUT_DOCUMENT.search(q.text)
        ):
            # ("Harbour Innovation Challenge launched" says how many of nothing)
            continue
        sim = float(idx.sentence_vectors[j] @ qv)
        if foreign and encode is not None and j in cjk_rows:
            # (how close its English reading is, when that is closer than the Chinese text itself)
            sim = max(sim, float(np.max(_cjk_english_vectors(idx, encode)[j] @ qv)))
        terms = sets[j]
        if j in parties:  # ("It aims to …" in an item speaks of its parties)
            terms = terms | parties[j]
        ov = weighted_overlap(q_weights, q_total, terms)
        before = context_terms(idx, j)
        if before:
            # "Its general manager signed the agreement": a sentence that opens by pointing back
            # speaks of what the sentence before it names; that one's words count, less.
            ov += CONTEXT_SHARE * max(0.0, weighted_overlap(q_weights, q_total, terms | before) - ov)
        k = replies.get(j)
        if k is not None:
            # A reply is nearly as close to the question as the question it replies to (its own
            # words still rank the replies to one question). Only closeness: the question's words
            # are not the reply's, and counting them as stated answered what the reply never says.
            sim = max(sim, float(idx.sentence_vectors[k] @ qv) - _REPLY_DISCOUNT)
        score = sim + 0.45 * ov
        if foreign and _fact(cjk, j, lambda text=text: has_cjk(text)):
            # The English model places Chinese text near everything: for a question in English its
            # closeness says little, so a Chinese sentence answers only when nothing English does —
            # unless it prints in English the names the question asks about ("首届新加坡—深圳智慧
            # 城市创新挑战赛（Singapore-Shenzhen Smart City Innovation Challenge）总决赛…").
            # (the names it prints in English, and the words the glossary reads in it: "举行" is
            # "held", "项目" "projects")
            # (and a report's sentence speaks of what its headline names: "组委会共收到236个参赛项目"
            # under "首届…创新挑战赛总决赛落幕" counts the Innovation Challenge's entries)
            latin = reading_terms(idx, j)
            ov = max(ov, weighted_overlap(q_weights, q_total, terms | latin))
            score = sim + 0.45 * ov
            # (and one that does still yields to an English sentence about as close: "罗家伟（Vincent
            # Loh）…" for "What is Vincent Loh's job title?" when a release gives it in English)
            score -= 0.2 if weighted_overlap(q_weights, q_total, latin) < _ENGLISH_NAMES_SHARE else 0.15
        if counted:
            if q.amount and _fact(money, j, lambda text=text: bool(MONEY.search(text))):
                score += 0.3
            if _fact(
                near_noun,
                j,
                lambda text=text: bool(number_near(text, q.count_noun) or _spans.cjk_count(text, q.count_noun)),
            ):
                score += 0.25
            elif _fact(number, j, lambda text=text: bool(NUMBER.search(text))):
                score += 0.03
        elif q.expected == "person" and _fact(
            typed, j, lambda s=s, text=text: bool(PERSON.search(text) or _spans.people(idx, s.doc_id, s.start, s.end))
        ):
            score += 0.1
        elif (
            q.expected == "date"
            and _fact(
                typed, j, lambda s=s, text=text: bool(DATE.search(text) or _spans.dates(idx, s.doc_id, s.start, s.end))
            )
            and (not q.future or _fact(planned, j, lambda s=s: _dated_past_dateline(idx, s)))
        ):
            score += 0.15
        elif q.expected == "place" and _fact(
            typed, j, lambda s=s, text=text: bool(PLACE.search(text) or _spans.places(idx, s.doc_id, s.start, s.end))
        ):
            score += 0.15 + (0.1 if _fact(place_phrase, j, lambda text=text: bool(PLACE.search(text))) else 0.0)
        if named_docs and s.doc_id in named_docs:
            score += 0.1
        elif titled.get(s.doc_id, 0.0) >= 0.5:
            # "… join the Lagoon corridor?": a page titled with the names the question gives is about
            # them throughout, though its replies say "the corridor".
            score += _TITLED * titled[s.doc_id]
        if q.mentions.meetings and _other_meeting(
            _fact(said, j, lambda text=text: parse_mentions(text).meetings),
            _fact(said_next, j, lambda text=text: bool(_NEXT_MEETING.search(text))),
            asked,
            ahead,
        ):
            # "The 8th meeting will be held in Shenzhen" does not say where the 7th was.
            score -= 0.3
        if avoid and any(d == s.doc_id and a <= s.start < b for d, a, b in avoid):
            continue
        if near and any(d == s.doc_id and a - 400 <= s.start <= b + 400 for d, a, b in near):
            score += 0.08
        if q.scope is not None and kinds.get(j) == q.scope:
            # "What is the energy storage *project* meant to advance?": the project's own record
            # before the MOU the same partners signed about the same thing.
            score += 0.08
        if focus is not None:
            # "What joint venture is mentioned?": a sentence that says "joint venture" is about the
            # thing asked, not just near the question's other words.
            score += 0.15 * _focus.states(focus, terms, focus_terms)
        out.append(Candidate(j, s, text, sim, ov, score))
    out.sort(key=lambda c: (-c.score, c.index))
    return out


# A question about a document itself ("when was the story published", "who wrote the release"):
# its headline may be the evidence.
_ABOUT_DOCUMENT = re.compile(
    r"\b(?:release|announcement|statement|article|story|notice|report|headline|post|speech|interview)\b", re.I
)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# (a Chinese character says about as much as an English word: "24支队伍晋级总决赛。" is a sentence)
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CONTEXT_SHARE = 0.3  # of the words a sentence gains from the one before it, when it points back to it
_TITLED = 0.1  # most a sentence gains when its document's title gives the question's names
_REPLY_DISCOUNT = 0.15  # a reply's closeness: its question's, less this
_ENGLISH_NAMES_SHARE = 0.3  # of the question's weighted terms, printed in English in a Chinese sentence


def _dated_past_dateline(idx: LoadedIndex, s: Sentence) -> bool:
    """Whether the sentence gives a date besides its dateline's (what "when will …" can use)."""
    text = idx.documents[s.doc_id].text
    return any(not _spans.in_dateline(text, s.start, d) for d in _spans.dates(idx, s.doc_id, s.start, s.end))


def context_terms(idx: LoadedIndex, j: int) -> frozenset[str]:
    """The terms of the sentence before sentence ``j`` when ``j`` opens by pointing back to it
    ("Its general manager …", "The first phase …"); empty otherwise."""
    if j <= 0 or idx.sentences[j - 1].doc_id != idx.sentences[j].doc_id:
        return frozenset()
    s = idx.sentences[j]
    refers = _fact(_facts(idx, "refers_back"), j, lambda: _refers_back(idx.documents[s.doc_id].text[s.start : s.end]))
    return _corpus_stats(idx)[0][j - 1] if refers else frozenset()


def _refers_back(text: str) -> bool:
    """Whether a sentence opens with a word that points back ("It", "Its", "These", "The …")."""
    m = re.match(r"\W*([A-Za-z]+)\b", text)
    return bool(m) and m.group(1).lower() in REFERRING


_NEXT_MEETING = re.compile(r"\b(?:next|following|upcoming)\s+(?:\w+\s+)?(?:meeting|session|forum|edition)\b", re.I)


def _other_meeting(said: tuple[int, ...], says_next: bool, asked: set[int], ahead: bool) -> bool:
    """Whether a sentence speaks of another meeting than the one asked about: it names another
    ordinal (``said``) and not the one asked, or the next meeting (``says_next``) unless the
    question looks ahead too."""
    return bool(said) and not set(said) & asked or (not ahead and says_next)
