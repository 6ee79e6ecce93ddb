"""What a question says about *which* release: meeting ordinals, years, months, "latest"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .events import same_body
from .lexicon import AUXILIARIES, DETERMINERS, MONTH_NUMBER, PREPOSITIONS
from .lexicon import ORDINAL_WORDS as _ORD_WORDS
from .schema import Document

_MONTHS = MONTH_NUMBER  # "january" … "december", "jan" … "dec", "sept"

# A meeting told by the one before or after it: "the next JIC meeting after the 6th".
_SHIFTED = re.compile(
    r"\b(?:next|following|subsequent|previous|preceding|meeting|session|one)\s+(?:[\w-]+\s+){0,3}?"
    r"(after|before)\s+the\s+$",
    re.I,
)
_ORD = re.compile(r"\b(?:(\d{1,2})(?:st|nd|rd|th)|(" + "|".join(_ORD_WORDS) + r"))\b", re.I)
# An ordinal counts as a meeting reference when a meeting word is near it, or it stands alone
# before "one"/"meeting" in a follow-up ("and the fourth one?").
_MEETING_WORD = re.compile(
    r"\b(?:jic|meetings?|committee|council|session|sitting|forum|summit|conference|dialogue|one)\b",
    re.I,
)
# "the 5th JSC", "the 3rd SNSCP JSC": a short form in capitals right after an ordinal (not an
# agreement's: "the 2nd MOU")
_ACRONYM_NEXT = re.compile(
    r"\s+(?:(?:[A-Z][\w'’]*|[A-Za-z]+[-‐–][A-Za-z]+)\s+){0,2}(?!MOUs?\b|MoUs?\b)[A-Z]{2,8}\b(?![-‐–])"
    # (not the programme's numbered things: "the first SCI project")
    r"(?!\s+(?:[a-z]+\s+)?(?:projects?|mous?|memorand\w*|agreements?|initiatives?|programmes?|awards?|grants?|"
    r"partners?|compan(?:y|ies)|firms?|phase|batch|cohort|office)\b)"
)
# "JIC 3", "meeting no. 4": a meeting numbered after its body's name (not "meeting 8 MOUs")
# (not a date's day: "jic meeting 15 dec 2023")
_NUMBERED_AFTER = re.compile(
    r"\b(?:jic|meeting|session)\s+(?:no\.?\s*)?(\d{1,2})\b(?![.,]?\d|\s*(?:mous?|projects?|%))"
    r"(?!\s*(?:" + "|".join(sorted(MONTH_NUMBER, key=len, reverse=True)) + r")\b)",
    re.I,
)
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")
_MONTH_YEAR = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(20\d{2}|19\d{2})\b", re.I
)
# "JIC", "Joint Steering Council", "forum": what separates the 2nd JIC meeting from the 2nd
# meeting of another body once documents of several programmes sit side by side.
_BODY = re.compile(
    r"\b[A-Z]{2,8}\b|\b(?:[A-Z][a-z]+\s+){1,4}(?:Committee|Council|Forum|Board|Summit|Dialogue|Conference)\b"
    r"|\b(?:forum|council|summit|dialogue|conference|working group|task force)\b"
)
_LATEST = re.compile(
    r"\b(latest|newest|most recent|(?:last|current|recent)(?=\s+(?:\w+\s+)?(?:meeting|jic|committee|"
    r"council|forum|session|release|announcement|one)\b))\b",
    re.I,
)
_EARLIEST = re.compile(r"\b(earliest|oldest)\b", re.I)
# "the November 2025 release", "the 2022 statement": a date naming the document itself.
SOURCE_NOUN = r"(?:press\s+)?(?:release|announcement|statement|article|report|story|post|newsletter|bulletin|copy)"
_DATED_SOURCE = re.compile(
    # "the 2025 release", "the January 2025 release", "the release published 10 December 2021"
    # "the December 2021 IMDA release", "the 2024 Harbour Times story"
    # "the January 2025 fifth-JIC release"
    rf"\b(?:(?:19|20)\d{{2}})(?:\s+(?:(?-i:[A-Z][\w&'’-]*)|[a-z]+-[\w-]+))*\s+{SOURCE_NOUN}\b"
    rf"|\b{SOURCE_NOUN}\s+(?:published|issued|dated|put\s+out|posted)\b",
    re.I,
)


@dataclass(frozen=True)
class Mentions:
    meetings: tuple[int, ...] = ()
    years: tuple[int, ...] = ()
    months: tuple[tuple[int, int], ...] = ()  # (year, month)
    latest: bool = False
    earliest: bool = False
    bodies: tuple[str, ...] = ()  # acronyms and body names that may tell meetings apart ("JIC")
    dated_source: bool = False  # "according to the November 2025 release": the date names the release

    @property
    def any(self) -> bool:
        return bool(self.meetings or self.years or self.months or self.latest or self.earliest)


def parse_mentions(text: str) -> Mentions:
    """Find meeting ordinals, years, months and recency words in ``text``.

    >>> parse_mentions("How many MOUs were signed at the 3rd and fourth JIC meetings in 2023?")
    Mentions(meetings=(3, 4), years=(2023,), months=(), latest=False, earliest=False, bodies=('JIC',))
    """
    meetings: list[int] = []
    has_meeting_word = bool(_MEETING_WORD.search(text))
    for m in _ORD.finditer(text):
        n = int(m.group(1)) if m.group(1) else _ORD_WORDS[m.group(2).lower()]
        shifted = _SHIFTED.search(text[max(0, m.start() - 60) : m.start()])
        if shifted:
            # "the next meeting after the 6th" is the 7th; "the one before the 4th", the 3rd
            n += 1 if shifted.group(1).lower() == "after" else -1
            if n > 0 and n not in meetings:
                meetings.append(n)
            continue
        after = text[m.end() : m.end() + 60]
        # "first batch", "third year" are not meetings; require a meeting word nearby
        if _ACRONYM_NEXT.match(after):
            # "5th JSC venue?": an ordinal right before a body's short form names its meeting
            if n not in meetings:
                meetings.append(n)
        elif (
            has_meeting_word
            and (
                _MEETING_WORD.search(after)
                or re.match(r"\s*(?:and|or|,|to)\b", after)
                or re.search(r"\b(?:jic|meeting)\b", text[max(0, m.start() - 40) : m.start()], re.I)
                # "the 3rd or the 4th?": coordinated with a meeting already named
                or (meetings and re.search(r"\b(?:and|or|to|vs\.?|versus)\s+(?:the\s+)?$", text[: m.start()], re.I))
            )
        ):
            if n not in meetings:
                meetings.append(n)
    for m in _NUMBERED_AFTER.finditer(text):
        # "JIC 3", "meeting 4": a meeting numbered after its body's name
        if int(m.group(1)) not in meetings:
            meetings.append(int(m.group(1)))
    months = tuple(dict.fromkeys((int(y), _MONTHS[mo.lower().rstrip(".")]) for mo, y in _MONTH_YEAR.findall(text)))
    # (a year that ends a name is part of it: "the Harbour Start-up Challenge 2026" was launched in
    # 2025; "December 2023" and "in 2023" are dates)
    years = tuple(dict.fromkeys(int(m.group(1)) for m in _YEAR.finditer(text) if not _ends_name(text, m.start())))
    latest, earliest = bool(_LATEST.search(text)), bool(_EARLIEST.search(text))
    # ("the latest JIC meeting": whose latest meeting)
    named = meetings or latest or earliest
    # ("the Second Joint Steering Council meeting": the body is the Joint Steering Council; its
    # ordinal is the meeting's, read above)
    bodies = (
        tuple(b for b in dict.fromkeys(_without_ordinal(" ".join(b.split())) for b in _BODY.findall(text)) if b)
        if named
        else ()
    )
    dated_source = bool(_DATED_SOURCE.search(text)) and bool(years or months)
    return Mentions(tuple(meetings), years, months, latest, earliest, bodies, dated_source)


_OCCASION = re.compile(r"\b(?:forum|summit|conference|dialogue|working group|task force)\b", re.I)
_EVENT_ORDINAL = re.compile(r"^\s*(\d{1,2})(?:st|nd|rd|th)\b")


def event_ordinal(doc: Document) -> int | None:
    """The ordinal of the meeting or occasion a document reports ("3rd Smart City Forum" → 3)."""
    if doc.meeting:
        return doc.meeting
    m = _EVENT_ORDINAL.match(doc.event or "")
    return int(m.group(1)) if m else None


def names_other_body(mentions: Mentions, docs: Iterable[Document]) -> bool:
    """Whether the question names a kind of occasion ("the third *forum*", "the inaugural session
    of the *working group*") that none of ``docs`` reports: its ordinal is not theirs."""
    kinds = {m.group(0).lower() for b in mentions.bodies for m in _OCCASION.finditer(b)}
    events = " ".join((d.event or "").lower() for d in docs)
    return bool(kinds) and not any(k in events for k in kinds)


def _ends_name(text: str, at: int) -> bool:
    """Whether the year at ``at`` ends a name ("the Harbour Start-up Challenge 2026"): after a
    capitalised word inside the sentence that is no month, no question or grammar word, and no
    possessive ("TusStar's 2022 memorandum", "Which 2022 MOU" are dates)."""
    before = re.search(r"(\S?)\s*\b([A-Z][a-z][\w'’-]*)\s+$", text[:at])
    if before is None or not before.group(1) or before.group(1) in ".?!":
        return False  # (the sentence's first word)
    word = before.group(2).lower()
    return not (
        word.rstrip(".") in _MONTHS
        or word.endswith(("'s", "’s"))
        or word in DETERMINERS
        or word in PREPOSITIONS
        or word in AUXILIARIES
        or word in ("which", "what", "who", "when", "where", "how", "whose")
    )


def _without_ordinal(body: str) -> str:
    words = body.split()
    while words and words[0].lower() in _ORD_WORDS:
        words = words[1:]
    return " ".join(words)


def matching_documents(mentions: Mentions, docs: Iterable[Document]) -> list[Document]:
    """Documents the mentions point at (empty when they point nowhere or at nothing known)."""
    docs = list(docs)
    picked: list[Document] = []
    if mentions.dated_source:
        # "According to the November 2025 release, where will the 8th meeting be held?": the
        # release dated so is where to look; the meeting is what it is asked about.
        # (a release's own date is when it was published, which for coverage or a later release is
        # not the date of the event it reports: "the January 2025 release" on a June 2024 meeting)
        def dates(d: Document) -> list[str]:
            return [x for x in (d.published, d.date) if x]

        if mentions.months:
            picked = [d for d in docs if any((int(x[:4]), int(x[5:7])) in mentions.months for x in dates(d))]
        if not picked and mentions.years:
            picked = [d for d in docs if any(int(x[:4]) in mentions.years for x in dates(d))]
        if picked and mentions.meetings:
            # "the January 2025 release on the 5th meeting": of that date's releases, the one on it
            picked = [d for d in picked if event_ordinal(d) in mentions.meetings] or picked
        if picked:
            return picked
    if mentions.meetings:
        picked = [d for d in docs if event_ordinal(d) in mentions.meetings]
        named = [d for d in picked if d.event and any(same_body(b, d.event) for b in mentions.bodies)]
        if not named and names_other_body(mentions, picked):
            picked = []  # "the third forum" is not the third committee meeting
        known = [b for b in mentions.bodies if any(d.event and same_body(b, d.event) for d in docs)]
        if not named and known:
            picked = []  # "the 3rd Harbour Council meeting" is not the 3rd JIC meeting: the corpus has both
        # Coverage naming the meeting otherwise ("the 7th Joint Committee meeting") on its day is
        # the same meeting.
        days = {d.date for d in named if d.date}
        picked = [d for d in picked if d in named or d.date in days] if named else picked
        # "2nd jic meeting date 2021": of two 2nd meetings, the one in the year named
        in_year = [d for d in picked if d.date and int(d.date[:4]) in mentions.years]
        picked = in_year or picked
    if not picked and mentions.months:
        picked = [d for d in docs if d.date and (int(d.date[:4]), int(d.date[5:7])) in mentions.months]
    if not picked and mentions.years:
        picked = [d for d in docs if d.date and int(d.date[:4]) in mentions.years]
    if mentions.meetings:
        # "the second Steering Council in May 2025", when no release reports it: a release of 2025
        # on another numbered meeting is not about it.
        picked = [d for d in picked if event_ordinal(d) is None or event_ordinal(d) in mentions.meetings]
    dated = sorted((d for d in docs if d.date), key=lambda d: d.date)
    # "the latest JIC meeting": the newest of that body's events, not a forum's or another committee's.
    of_body = [d for d in dated if d.event and any(same_body(b, d.event) for b in mentions.bodies)]
    dated = of_body or dated
    if not picked and (mentions.latest or mentions.earliest) and dated:
        end = dated[-1] if mentions.latest else dated[0]
        # every document on that event (a release, its coverage), or on that day when it names none
        picked = [d for d in dated if (d.event == end.event if end.event else d.date == end.date)]
    return picked
