"""Agreements and timeline: every MOU and project record, and every meeting, across releases as typed rows."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .answer.records import Record, extract_records
from .events import sentence_bounds
from .lexicon import NUMBER_WORD_PATTERN, as_int
from .schema import Document
from .sourcemap import SourceFile, SourceSpan, source_span

KINDS = ("MOU", "project")
_KIND = {"mou": "MOU", "project": "project"}

# A sentence stating a running total ("To-date, a total of 43 projects have been initiated and 29
# MOUs have been signed"): the words releases use to mark a figure as cumulative.
_CUMULATIVE = re.compile(r"\b(to[- ]date|so far|a total of|in total|cumulative(?:ly)?|altogether)\b", re.I)
# A count and what it counts, a few words apart at most ("43 projects", "29 MOUs", "eight new MOUs").
_COUNTED = re.compile(
    rf"\b(?P<n>\d[\d,]*|{NUMBER_WORD_PATTERN})\s+(?:(?:new|joint|more|other)\s+){{0,2}}"
    r"(?P<noun>projects?|mous?|memorand(?:a|ums?)(?:\s+of\s+understanding)?)\b",
    re.I,
)


@dataclass(frozen=True)
class AgreementRow:
    """One MOU or project as a release lists it, with the span it comes from."""

    kind: str  # "MOU" | "project"
    meeting: str  # the event the release reports ("4th JIC meeting"), else the release's title
    date: str | None  # the event's date, YYYY-MM-DD
    parties: tuple[str, ...]
    section: str  # the pillar or group heading it is listed under, else its annex or list heading
    number: int | None  # the item number as printed
    title: str
    description: str  # what the release says the partners will do (the rest of the record)
    source: SourceSpan  # the whole record: document offsets, file offsets, title, file, URL

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "meeting": self.meeting,
            "date": self.date,
            "parties": list(self.parties),
            "section": self.section,
            "number": self.number,
            "title": self.title,
            "description": self.description,
            "source": self.source.to_json(),
        }


@dataclass(frozen=True)
class StatedTotal:
    """A running total a release states ("a total of 43 projects … to date"), with its sentence."""

    noun: str  # "MOUs" | "projects"
    value: int
    as_of: str | None  # the date of the release that states it
    source: SourceSpan  # the sentence


@dataclass(frozen=True)
class TimelinePoint:
    """One meeting: when, where, what its releases list, the running totals they state."""

    meeting: str
    date: str | None
    place: str | None
    mous: int  # MOU records the releases list for this meeting
    projects: int  # project records listed
    totals: tuple[StatedTotal, ...]
    source: SourceSpan  # the sentence that names the meeting
    releases: tuple[str, ...]  # doc_ids of the releases reporting it (copies of a story count once)

    def total(self, noun: str) -> int | None:
        """The stated running total of ``noun`` ("MOUs" or "projects") at this meeting, if stated."""
        return next((t.value for t in self.totals if t.noun == noun), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "meeting": self.meeting,
            "date": self.date,
            "place": self.place,
            "mous": self.mous,
            "projects": self.projects,
            "totals": [
                {"noun": t.noun, "value": t.value, "as_of": t.as_of, "source": t.source.to_json()} for t in self.totals
            ],
            "source": self.source.to_json(),
            "releases": list(self.releases),
        }


def _meeting_name(doc: Document) -> str:
    return doc.label.rsplit(", ", 1)[0] if (doc.event or doc.meeting) else doc.title


def _canonical(docs: Iterable[Document]) -> list[Document]:
    # A syndicated copy repeats the canonical release's records; they are listed once.
    return sorted((d for d in docs if not d.copy_of), key=lambda d: (d.date or "", d.doc_id))


def _description(doc: Document, rec: Record) -> str:
    rest = doc.text[rec.title_end : rec.end]
    return " ".join(rest.split()).strip(" –-:;,")


def agreement_rows(docs: Iterable[Document], corpus_dir: str | os.PathLike[str] | None = None) -> list[AgreementRow]:
    """Every MOU and project record of the canonical releases, by date then document order.

    ``corpus_dir`` lets each row's source carry offsets into its file (None: document offsets only).
    """
    cache: dict[str, SourceFile | str] = {}
    rows = []
    for doc in _canonical(docs):
        for rec in extract_records(doc):
            if rec.kind not in _KIND:
                continue
            rows.append(
                AgreementRow(
                    kind=_KIND[rec.kind],
                    meeting=_meeting_name(doc),
                    date=doc.date,
                    parties=rec.parties,
                    section=rec.group or rec.annex,
                    number=rec.number,
                    title=rec.title,
                    description=_description(doc, rec),
                    source=source_span(doc, rec.start, rec.end, corpus_dir, cache=cache),
                )
            )
    return rows


def filter_rows(
    rows: Sequence[AgreementRow], query: str = "", meeting: str | None = None, kind: str | None = None
) -> list[AgreementRow]:
    """Rows whose text holds every word of ``query`` (any case), of one meeting and kind when given.

    Raises:
        ValueError: ``kind`` is not one of KINDS.
    """
    if kind and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    words = query.lower().split()
    out = []
    for r in rows:
        if meeting and r.meeting != meeting or kind and r.kind != kind:
            continue
        hay = " ".join(
            (r.kind, r.meeting, r.date or "", " ".join(r.parties), r.section, r.title, r.description)
        ).lower()
        if all(w in hay for w in words):
            out.append(r)
    return out


CSV_COLUMNS = (
    "kind",
    "meeting",
    "date",
    "parties",
    "section",
    "number",
    "title",
    "description",
    "doc_id",
    "start",
    "end",
    "release_title",
    "file",
    "url",
    "file_start",
    "file_end",
    "byte_start",
    "byte_end",
    "file_offsets_note",
)


def rows_csv(rows: Sequence[AgreementRow]) -> str:
    """The rows as CSV (header first; parties joined by "; "; offsets blank when not known)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in rows:
        s = r.source
        w.writerow(
            [
                r.kind,
                r.meeting,
                r.date or "",
                "; ".join(r.parties),
                r.section,
                "" if r.number is None else r.number,
                r.title,
                r.description,
                s.doc_id,
                s.start,
                s.end,
                s.title,
                s.path,
                s.url or "",
                *("" if v is None else v for v in (s.file_start, s.file_end, s.byte_start, s.byte_end)),
                s.file_offsets_note or "",
            ]
        )
    return buf.getvalue()


def _noun(word: str) -> str:
    return "projects" if word.lower().startswith("project") else "MOUs"


def stated_totals(
    doc: Document, corpus_dir: str | os.PathLike[str] | None = None, cache: dict[str, SourceFile | str] | None = None
) -> list[StatedTotal]:
    """Running totals of MOUs and projects a release states, each with its sentence (first per noun)."""
    out: dict[str, StatedTotal] = {}
    for m in _CUMULATIVE.finditer(doc.text):
        # One character into the match: the sentence splitter looks ahead past a break, and a
        # marker that opens its sentence ("To-date, …") would otherwise hide the break before it.
        a, b = sentence_bounds(doc.text, m.start() + 1, m.end())
        for c in _COUNTED.finditer(doc.text, a, b):
            noun, value = _noun(c.group("noun")), as_int(c.group("n"))
            if value is not None and noun not in out:
                out[noun] = StatedTotal(noun, value, doc.date, source_span(doc, a, b, corpus_dir, cache=cache))
    return [out[n] for n in ("MOUs", "projects") if n in out]


def _naming_sentence(doc: Document) -> tuple[int, int]:
    if doc.event_span:
        return sentence_bounds(doc.text, *doc.event_span)
    first = re.search(r"\S", doc.text)  # no named event: the release's first sentence
    at = first.start() if first else 0
    return sentence_bounds(doc.text, at, at)


def timeline(docs: Iterable[Document], corpus_dir: str | os.PathLike[str] | None = None) -> list[TimelinePoint]:
    """One point per meeting the releases report, oldest first.

    A meeting's MOUs and projects are its releases' records (an item listed by two releases of
    the same meeting counts once); its totals are the running totals its releases state.
    """
    cache: dict[str, SourceFile | str] = {}
    by_event: dict[str, list[Document]] = {}
    for d in _canonical(docs):
        if d.event or d.meeting:
            by_event.setdefault(_meeting_name(d), []).append(d)
    points = []
    for name, ds in by_event.items():
        seen: dict[str, set[str]] = {"mou": set(), "project": set()}
        totals: dict[str, StatedTotal] = {}
        for d in ds:
            for r in extract_records(d):
                if r.kind in seen:
                    seen[r.kind].add(" ".join(r.title.lower().split()))
            for t in stated_totals(d, corpus_dir, cache):
                totals.setdefault(t.noun, t)
        main = ds[0]
        a, b = _naming_sentence(main)
        points.append(
            TimelinePoint(
                meeting=name,
                date=main.date,
                place=main.place,
                mous=len(seen["mou"]),
                projects=len(seen["project"]),
                totals=tuple(totals[n] for n in ("MOUs", "projects") if n in totals),
                source=source_span(main, a, b, corpus_dir, cache=cache),
                releases=tuple(d.doc_id for d in ds),
            )
        )
    return sorted(points, key=lambda p: (p.date or "9999", p.meeting))
