"""Typed records that cross module boundaries: Document, Chunk, Hit, Quote, Answer, BuildStats."""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from .errors import InvalidRequestError

SECTION_SEP = " › "


def ordinal(n: int) -> str:
    """1 → '1st', 2 → '2nd', 11 → '11th', 23 → '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Section:
    """A heading path covering ``text[start:end]`` of a document."""

    start: int
    end: int
    path: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """One release, normalised: markup removed, wrapped lines joined, offsets stable.

    ``text`` is what every offset in the system points into.
    """

    doc_id: str
    path: str  # relative to the corpus directory, POSIX separators
    title: str
    date: str | None  # when the reported event happened (the dateline for a release), 'YYYY-MM-DD'
    text: str
    sections: tuple[Section, ...] = ()
    source: str = ""
    url: str | None = None
    sha256: str = ""
    emphasis: tuple[tuple[int, int], ...] = ()  # bold spans kept from the markup
    meeting: int | None = None  # ordinal of the meeting/event it reports on (3 for "Third … JIC")
    # Added with real-world ingest; an index written before them loads with None.
    published: str | None = None  # publication date (byline, wire timestamp, page metadata), never a crawl date
    event: str | None = None  # short name of the event it reports: "4th JIC meeting", "1st Smart City Forum"
    place: str | None = None  # where that event was held, when the text says so ("Shenzhen", "online")
    copy_of: str | None = None  # doc_id of the canonical document when this one is a copy of the same story
    publisher: str | None = None  # who published this file: front matter source, site name, wire service
    event_span: tuple[int, int] | None = None  # where ``text`` first names the event (a span, for citing it)
    author: str | None = None  # who wrote it: a byline's name, a Chinese report's "（记者 X）"

    @property
    def label(self) -> str:
        """A short human label: "4th JIC meeting, 2023-12-15"."""
        parts = []
        if self.event:
            parts.append(self.event)
        elif self.meeting:
            # A Document written before events had names: its ``meeting`` only ever counted JIC meetings.
            parts.append(f"{ordinal(self.meeting)} JIC meeting")
        if self.date:
            parts.append(self.date)
        return ", ".join(parts)

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    def section_at(self, offset: int) -> tuple[str, ...]:
        """Heading path in force at ``offset`` (empty when before any heading)."""
        # Sections are in order and do not overlap: the last one starting at or before offset.
        i = bisect_right(self._section_starts, offset) - 1
        while i >= 0:
            sec = self.sections[i]
            if offset < max(sec.end, sec.start + 1):
                return sec.path
            i -= 1
            if i >= 0 and self.sections[i].end <= offset:
                break
        return ()

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["sections"] = [[s.start, s.end, list(s.path)] for s in self.sections]
        d["emphasis"] = [list(e) for e in self.emphasis]
        d["event_span"] = list(self.event_span) if self.event_span else None
        return d

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Document:
        return cls(
            doc_id=d["doc_id"],
            path=d["path"],
            title=d["title"],
            date=d.get("date"),
            text=d["text"],
            sections=tuple(Section(int(a), int(b), tuple(p)) for a, b, p in d.get("sections", ())),
            source=d.get("source", ""),
            url=d.get("url"),
            sha256=d.get("sha256", ""),
            emphasis=tuple((int(a), int(b)) for a, b in d.get("emphasis", ())),
            meeting=d.get("meeting"),
            published=d.get("published"),
            event=d.get("event"),
            place=d.get("place"),
            copy_of=d.get("copy_of"),
            publisher=d.get("publisher"),
            event_span=(int(d["event_span"][0]), int(d["event_span"][1])) if d.get("event_span") else None,
            author=d.get("author"),
        )


@dataclass(frozen=True)
class Chunk:
    """A retrievable span of one document: ``document.text[start:end] == text``."""

    chunk_id: str
    doc_id: str
    text: str
    start: int
    end: int
    section: tuple[str, ...]
    tokens: int  # cl100k tokens of ``text``
    key: str = ""  # content hash of the embedding input: the reuse key for rebuilds

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["section"] = list(self.section)
        return d

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Chunk:
        return cls(
            chunk_id=d["chunk_id"],
            doc_id=d["doc_id"],
            text=d["text"],
            start=int(d["start"]),
            end=int(d["end"]),
            section=tuple(d.get("section", ())),
            tokens=int(d.get("tokens", 0)),
            key=d.get("key", ""),
        )


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading, or table cell) of a document, embedded on its own.

    Sentence vectors sharpen retrieval (a chunk scores as well as its best sentence) and let
    answers pick sentences without encoding anything at question time.
    """

    doc_id: str
    start: int
    end: int
    heading: bool
    chunks: tuple[int, ...]  # rows of the chunks that contain it
    key: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "start": self.start,
            "end": self.end,
            "heading": self.heading,
            "chunks": list(self.chunks),
            "key": self.key,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Sentence:
        return cls(
            d["doc_id"],
            int(d["start"]),
            int(d["end"]),
            bool(d.get("heading")),
            tuple(int(x) for x in d.get("chunks", ())),
            d.get("key", ""),
        )


@dataclass(frozen=True)
class Hit:
    """A search result: a chunk with its source metadata and scores."""

    text: str
    score: float
    doc_id: str
    chunk_id: str
    title: str
    date: str | None
    source: str
    section: str
    start: int
    end: int
    dense_score: float = 0.0  # cosine similarity of the query and the chunk
    sparse_score: float = 0.0  # BM25 score (0 when no query term occurs)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Quote:
    """A verbatim span of a document: ``document(doc_id).text[start:end] == text``."""

    doc_id: str
    start: int
    end: int
    text: str
    citation: int  # the [n] marker it is shown with (1-based)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """What ``Assistant.ask`` returns."""

    text: str  # Markdown: the answer first, quotes with [n] markers, then sources
    found: bool
    citations: list[Hit]
    quotes: list[Quote]
    query: str  # the standalone query actually searched
    intent: str
    interpreted: bool = False  # True when ``query`` was rewritten from the conversation
    seconds: float = 0.0
    confidence: float = 0.0  # 0–1: how likely the evidence answers the question (calibrated)
    # what answered: records | figures | record-fact | sentence | summary | document | meetings | compare
    # | compound (two questions in one, answered in turn) | none
    strategy: str = ""
    signals: dict[str, float] = field(default_factory=dict)  # what ``confidence`` was computed from

    def to_json(self) -> dict[str, Any]:
        return {
            "found": self.found,
            "confidence": round(self.confidence, 4),
            "strategy": self.strategy,
            "query": self.query,
            "intent": self.intent,
            "interpreted": self.interpreted,
            "text": self.text,
            "citations": [h.to_json() for h in self.citations],
            "quotes": [q.to_json() for q in self.quotes],
            "seconds": round(self.seconds, 4),
        }


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


@dataclass(frozen=True)
class BuildStats:
    """What a build did."""

    documents: int
    chunks: int
    embedded: int
    reused: int
    removed: int
    seconds: float
    generation: str = ""
    skipped: tuple[SkippedFile, ...] = ()
    unchanged: bool = False  # True when the corpus and settings matched and nothing was written
    sentences_embedded: int = 0  # sentence vectors computed (the rest were reused)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["skipped"] = [asdict(s) for s in self.skipped]
        return d


def _as_date(value: Any, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    try:
        return _dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidRequestError(f"{name} must be a date as YYYY-MM-DD, got {value!r}") from None


@dataclass(frozen=True)
class Filters:
    """Narrows retrieval by document (doc_id or source path) and by date range (inclusive)."""

    documents: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "documents", tuple(str(d) for d in self.documents))
        object.__setattr__(self, "date_from", _as_date(self.date_from, "date_from"))
        object.__setattr__(self, "date_to", _as_date(self.date_to, "date_to"))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidRequestError(f"date_from ({self.date_from}) is after date_to ({self.date_to})")

    @property
    def active(self) -> bool:
        return bool(self.documents or self.date_from or self.date_to)

    def allows(self, doc: Document) -> bool:
        if self.documents and not ({doc.doc_id, doc.path, doc.source} & set(self.documents)):
            return False
        if self.date_from or self.date_to:
            if doc.date is None:
                return False
            if self.date_from and doc.date < self.date_from:
                return False
            if self.date_to and doc.date > self.date_to:
                return False
        return True

    @classmethod
    def coerce(cls, value: Filters | Mapping[str, Any] | None) -> Filters:
        """Accept a Filters, a dict (keys: documents/doc_ids/sources, date_from, date_to) or None."""
        if value is None:
            return cls()
        if isinstance(value, Filters):
            return value
        if not isinstance(value, Mapping):
            raise InvalidRequestError(f"filters must be a Filters or a dict, got {type(value).__name__}")
        known = {"documents", "doc_ids", "doc_id", "sources", "source", "date_from", "date_to"}
        unknown = set(value) - known
        if unknown:
            raise InvalidRequestError(f"unknown filter key(s): {', '.join(sorted(unknown))}")
        docs: list[str] = []
        for key in ("documents", "doc_ids", "doc_id", "sources", "source"):
            v = value.get(key)
            if v is None:
                continue
            docs.extend([v] if isinstance(v, str) else list(_iter(v)))
        return cls(tuple(docs), value.get("date_from"), value.get("date_to"))


def _iter(v: Any) -> Iterable[str]:
    for x in v:
        yield str(x)
