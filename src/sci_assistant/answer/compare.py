"""Two things side by side: two releases, two partners, two meetings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import AUXILIARIES, DETERMINERS, IRREGULAR_PAST, KIND_NOUNS, ORDINAL_PATTERN, PREPOSITIONS
from ..mentions import matching_documents, parse_mentions
from ..sparse import tokenize
from .compose import md_text, quoted
from .context import _SIDES, Context, doc_label
from .evidence import (
    _corpus_stats,
    overlap,
    rank_sentences,
    term_known,
)
from .followup import _entities
from .intents import _MENTION_WORDS, _QUOTE_Q, GENERIC
from .sentence import _anchor_term, _description_cell, _quotes_speaker

_BETWEEN = re.compile(r"\bbetween\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)[?.!]*$", re.I)


# "Compare A with B", "How does A compare with B?": the verb first, the sides after it.
_COMPARE_VERB = (
    re.compile(r"^(?:please\s+)?(?:compare|contrast)\s+(?P<a>.+?)\s+(?:with|to|against)\s+(?P<b>.+?)[?.!]*$", re.I),
    re.compile(r"^(?:please\s+)?(?:compare|contrast)\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)[?.!]*$", re.I),
    re.compile(r"^how\s+(?:does|do|did|would)\s+(?P<a>.+?)\s+compare\s+(?:with|to|against)\s+(?P<b>.+?)[?.!]*$", re.I),
)


def compare_sides(text: str) -> tuple[str, str] | None:
    """The two things a comparison sets side by side, as the question words them.

    >>> compare_sides("What type of document did A and B sign, compared with C and D?")
    ('What type of document did A and B sign', 'C and D')
    >>> compare_sides("Compare the 2022 Yanlord project with Keppel's 2023 joint project.")
    ('the 2022 Yanlord project', "Keppel's 2023 joint project")
    """
    text = text.strip()
    m = _SIDES.match(text) or next((m for p in _COMPARE_VERB for m in [p.match(text)] if m), None)
    m = m or _BETWEEN.search(text)
    return (m.group("a").strip(" ,"), m.group("b").strip(" ,")) if m else None


_ANCHOR_CLOSE = 0.3  # how far below a side's best a sentence with the question's rarest word may score


def _compare_answer(ctx: Context) -> str | None:
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
    # (the rarest word, or the only one the releases use: "notable" in "which notable projects …")
    anchor = _anchor_term(ctx) or max((t for t in q.topic if t in idf), key=lambda t: idf[t], default=None)
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
        top = max(x[0] for x in scored)
        # "Which notable projects did each release single out?": a side's sentence about as close
        # that has the question's rarest word ("Notable projects include …") before one without.
        picks.append(
            max(
                scored,
                key=lambda x: (
                    bool(anchor) and anchor in sets[x[1].index] and x[0] >= top - _ANCHOR_CLOSE,
                    x[0],
                    -x[1].index,
                ),
            )[1]
        )
    if picks[0].index == picks[1].index:
        return None
    lines = []
    for side, m, c in zip(sides, mentions, picks):
        n = cites.cite(c.sentence.doc_id, c.sentence.start, c.sentence.end, c.score)
        label = doc_label(idx, c.sentence.doc_id)
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


@dataclass(frozen=True)
class CountsCompared:
    """A comparison of two counts, as the two "how many" questions it stands for."""

    noun: str  # what is counted ("people", "MOUs")
    fewer: bool  # "fewer"/"less" rather than "more"
    which: bool  # "Which … more …, A or B?" names a side; otherwise it asks yes or no
    sides: tuple[str, str]  # A and B as the question words them
    questions: tuple[str, str]  # "How many people did A draw?", "… did B draw?"


# "Which drew more people, A or B?", "Which meeting had more participants: A or B?"
_WHICH_MORE = re.compile(
    r"^\s*(?:which|what)(?:\s+(?:one|of\s+the\s+(?:two|events|meetings)|[a-z-]+))?\s+(?P<verb>[a-z]+)\s+"
    r"(?P<cmp>more|fewer|less)\s+(?P<noun>[^,:;?]+?)\s*[,:;]\s*(?P<a>.+?)\s+or\s+(?P<b>.+?)[?.!]*$",
    re.I,
)
# "Were more MOUs signed at the 7th meeting than at the 4th?", "Were there more projects in 2022 than
# in 2023?"
_AUX_MORE = re.compile(
    r"^\s*(?P<aux>were|was|are|is|have|has|had|will)\s+(?P<there>there\s+)?(?P<cmp>more|fewer|less)\s+"
    r"(?P<rest>.+?)\s+than\s+(?P<b>.+?)[?.!]*$",
    re.I,
)
# "Did the 7th meeting sign more MOUs than the 4th (did)?"
_DO_MORE = re.compile(
    r"^\s*(?P<aux>did|does|do|has|have|will)\s+(?P<a>.+?)\s+(?P<verb>[a-z]+)\s+(?P<cmp>more|fewer|less)\s+"
    r"(?P<noun>.+?)\s+than\s+(?P<b>.+?)(?:\s+(?:did|does|do|has|have|had|will))?[?.!]*$",
    re.I,
)
_BASE = {past: base for base, past in IRREGULAR_PAST.items()}


def _base(verb: str) -> str:
    """The plain form of a verb in the past ("drew" → "draw", "signed" → "sign", "hosted" → "host");
    a form it cannot undo is kept (the question is matched by stems)."""
    v = verb.lower()
    if v in ("has", "had"):
        return "have"
    if v.endswith("s") and not v.endswith("ss") and len(v) > 3:
        return v[:-1]  # "draws" → "draw"
    if v in _BASE:
        return _BASE[v]
    if v.endswith("ied") and len(v) > 4:
        return v[:-3] + "y"
    if v.endswith("ed") and len(v) > 4:
        stem = v[:-2]
        return stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls" else stem
    return v


def _counted(noun: str) -> bool:
    """Whether a noun phrase names things one counts ("people", "MOUs", "pilot agreements"), not
    an amount ("funding") or a quality ("more often")."""
    words = noun.split()
    if not words or len(words) > 4:
        return False
    if re.fullmatch(r"[A-Z]{2,}s", words[-1]):
        return True  # "MOUs"
    head = words[-1].lower()
    return head in KIND_NOUNS["person"] or (head.endswith("s") and not head.endswith(("ss", "us")) and len(head) > 3)


def _noun_and_rest(text: str) -> tuple[str, str]:
    """ "MOUs signed at the 7th meeting" → ("MOUs", "signed at the 7th meeting"): the counted noun
    runs up to a preposition, an auxiliary or a verb in the past."""
    words = text.split()
    n = 0
    for w in words[:4]:
        low = w.lower()
        if low in PREPOSITIONS or low in AUXILIARIES or low in _BASE or re.fullmatch(r"[a-z]{3,}ed", low):
            break
        n += 1
    return " ".join(words[:n]), " ".join(words[n:])


_MENTION = re.compile(rf"\b(?:(?:19|20)\d\d|\d+(?:st|nd|rd|th)|(?:{ORDINAL_PATTERN}))\b", re.I)


def _filled(a: str, b: str) -> str:
    """Side B said short, by the one word it differs from A in ("… at the 5th Singapore–Ningbo JSC
    than at the 4th"): A with that word put in ("at the 4th Singapore–Ningbo JSC"); B otherwise."""
    words = [w for w in re.findall(r"[\w'’-]+", b) if w.lower() not in DETERMINERS | PREPOSITIONS | {"one"}]
    marks = list(_MENTION.finditer(a))
    if len(words) == 1 and _MENTION.fullmatch(words[0]) and len(marks) == 1:
        return a[: marks[0].start()] + words[0] + a[marks[0].end() :]
    return b


def counts_compared(text: str) -> CountsCompared | None:
    """The two counts a comparative question sets against each other, or None.

    >>> counts_compared("Which drew more people, the 3rd Forum or the 7th JIC meeting?").questions
    ('How many people did the 3rd Forum draw?', 'How many people did the 7th JIC meeting draw?')
    >>> counts_compared("Were more MOUs signed at the 7th meeting than at the 4th?").questions
    ('How many MOUs were signed at the 7th meeting?', 'How many MOUs were signed at the 4th?')
    >>> counts_compared("Were more agreements signed at the mission than pilot agreements at the final?").questions
    ('How many agreements were signed at the mission?', 'How many pilot agreements were signed at the final?')
    >>> counts_compared("Did the 7th meeting sign more MOUs than the 4th?").questions
    ('How many MOUs did the 7th meeting sign?', 'How many MOUs did the 4th sign?')
    """
    text = text.strip()
    m = _WHICH_MORE.match(text)
    if m and _counted(m.group("noun")):
        noun, verb = m.group("noun").strip(), m.group("verb").lower()
        if verb in AUXILIARIES - {"had", "has", "have"}:
            return None  # "Which is more …": not a count
        a = m.group("a").strip(" ,")
        sides = (a, _filled(a, m.group("b").strip(" ,")))
        # ("Which company has more employees": what it has now)
        aux = "does" if verb.endswith("s") and not verb.endswith("ss") else "did"
        asked = tuple(f"How many {noun} {aux} {side} {_base(verb)}?" for side in sides)
        return CountsCompared(noun, m.group("cmp").lower() != "more", True, sides, asked)
    m = _DO_MORE.match(text)
    if m and _counted(m.group("noun")):
        noun, aux = m.group("noun").strip(), m.group("aux").lower()
        a = m.group("a").strip(" ,")
        sides = (a, _filled(a, m.group("b").strip(" ,")))
        asked = tuple(f"How many {noun} {aux} {side} {m.group('verb')}?" for side in sides)
        return CountsCompared(noun, m.group("cmp").lower() != "more", False, sides, asked)
    m = _AUX_MORE.match(text)
    if not m:
        return None
    noun, rest = _noun_and_rest(m.group("rest"))
    if not noun or not rest or not _counted(noun):
        return None
    aux = m.group("aux").lower() + (" there" if m.group("there") else "")
    b = m.group("b").strip(" ,")
    first = b.split()[0].lower()
    if first in PREPOSITIONS:
        # "… at the 7th meeting than at the 4th": B takes the place of A's phrase opening the same way
        at = f" {rest} ".lower().rfind(f" {first} ")
        if at < 0:
            return None
        side_a = rest[at:].strip()
        b = _filled(side_a, b)
        other = f"How many {noun} {aux} {rest[:at]} {b}".replace("  ", " ")
    else:
        # "… than pilot agreements at the final": another noun, with A's verb
        b_noun, b_rest = _noun_and_rest(b)
        verb = rest.split(" ", 1)[0] if rest.split()[0].lower() not in PREPOSITIONS else ""
        if not b_noun or not _counted(b_noun):
            return None
        other = " ".join(x for x in (f"How many {b_noun} {aux}", verb, b_rest) if x)
        side_a = rest
    asked = (f"How many {noun} {aux} {rest}?", f"{other.strip()}?")
    return CountsCompared(noun, m.group("cmp").lower() != "more", False, (side_a.strip(), b), asked)
