"""The meeting or event a document reports: ordinal, short name, body, place and where it is said."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .lexicon import MONTH_NUMBER, MONTH_PATTERN, ORDINAL_WORDS, cn_number
from .schema import Document, ordinal

# Ordinal words have one home (lexicon); Chinese numerals are read here.

_ORDINAL = r"(?:\b(\d{1,2})\s?(?:st|nd|rd|th)\b|\b(" + "|".join(ORDINAL_WORDS) + r")\b)"
_ORDINAL_RE = re.compile(_ORDINAL, re.I)
# Bodies that meet (their event is "<n> <body> meeting") and events that are themselves the
# occasion ("<n> <name>").
_MEETING_BODIES = r"Committee|Council|Commission|Board|Working\s+Group|Task\s*Force|Steering\s+Group"
_OCCASIONS = r"Forum|Summit|Conference|Dialogue|Symposium|Roundtable|Expo|Meeting"
_NAMED_BODY = re.compile(
    rf"((?:[A-Z][\w&’'-]*\s+(?:(?:of|and|on|for)\s+(?:the\s+)?)?){{0,7}}(?:{_MEETING_BODIES}|{_OCCASIONS}))\b"
    rf"(?:\s*\(([A-Z][A-Za-z]{{1,7}})\))?"
)
_ACRONYM_MEETING = re.compile(r"\b([A-Z]{2,8})\s+(?:[Mm]eeting|[Ss]ession)s?\b")
_DEFINED = re.compile(r"((?:[A-Z][\w&’'-]*\s+(?:of\s+|and\s+|on\s+)?){1,7}[A-Z][\w&’'-]*)\s*\(([A-Z]{2,8})\)")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
_CN_ORDINAL = re.compile(r"第([一二三四五六七八九十]{1,3}|\d{1,2})[次届]([^\s，。；、]{0,20}?(?:会议|论坛|峰会))")
# "held in Shenzhen", "took place in Singapore", "held virtually".
_PLACE = re.compile(
    r"\b(?:held|hosted|took\s+place|convened|met|meeting)(?:\s+(?:today|yesterday|this\s+\w+|last\s+\w+))?"
    r"\s+(?:(virtually|online|(?:via|by)\s+video(?:\s*conference|\s*link)?)"
    r"|(?:in|at)\s+(?:the\s+)?((?:[A-Z][\w’'-]+)(?:\s+(?:[A-Z][\w’'-]+|of|de))*))"
    # "held at the Kent Ridge Convention Centre in Singapore": the venue and its city
    r"(?:,?\s+in\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?))?"
)
_CN_PLACE = re.compile(r"在([\u4e00-\u9fff]{2,6}?)(?:召开|举行|举办)")
# Function words that end a capitalised run taken for a place ("held in Shenzhen On Tuesday").
_NOT_PLACE = {
    "on",
    "the",
    "this",
    "last",
    "and",
    "with",
    "where",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    *MONTH_NUMBER,  # "held in September" says when, not where
}
# Without an ordinal: "the Joint Implementation Committee (JIC) meeting", "the SCI JIC meeting",
# "the Singapore-Shenzhen Smart City Forum" — read only in the title and the lead.
_UNNUMBERED = re.compile(
    # (a name's words on one line: a cell above it is another name)
    rf"\b((?:[A-Z][\w&’'-]*[ \t]+){{1,6}}(?:{_MEETING_BODIES}))(?:\s*\(([A-Z]{{2,8}})\))?\s+(?:meeting|session)s?\b"
    rf"|\b([A-Z]{{2,8}})\s+(?:[Mm]eeting|[Ss]ession)\b"
    # (not a longer name the event word only begins: "the Shekou Harbour Conference Centre" is a venue)
    rf"|\b((?:[A-Z][\w&’'-]*[ \t]+){{2,6}}(?:Forum|Summit|Conference|Dialogue|Symposium|Expo))\b(?![ \t]+[A-Z][a-z])"
)
# "Five months ago, Minister Loh and I co-chaired the seventh meeting": a meeting the document
# looks back on, not the one it reports (a report of a meeting days ago says "on Friday").
_LONG_AGO = re.compile(r"\b(?:months?|years?)\s+ago\b|\blast\s+year\b", re.I)
# A meeting still to come ("The 7th JIC meeting will be held …", a schedule's "8th JIC Meeting |
# September 2026 (TBC)"): one the document announces, not one it reports.
_COMING_BEFORE = re.compile(r"\b(?:upcoming|forthcoming|next)\s+(?:[\w-]+\s+){0,2}$", re.I)
_COMING_AFTER = re.compile(
    r"^[^.;\n]{0,40}?\b(?:(?:will|shall)\s+(?:\w+\s+)?be|is\s+(?:to\s+be|scheduled|planned|expected)|to be held)\b|"
    r"^(?:\s+\d{4})?\s+(?:will|shall)\b|"  # ("the Shenzhen Smart City Expo will host …")
    r"^[^\n]{0,80}(?:\n[^\n]{0,40})?\((?-i:TBC|TBD)\)",  # (a schedule's date cell on the next line)
    re.I,
)


def _to_come(text: str, span: tuple[int, int]) -> bool:
    """Whether the meeting at ``span`` is one still to come ("The 7th JIC meeting will be held …",
    "the upcoming 8th meeting", a schedule's "8th JIC Meeting | September 2026 (TBC)"): a meeting
    the document announces, not one it reports."""
    a, b = span
    line = text.rfind("\n", 0, a) + 1
    return bool(_COMING_BEFORE.search(text[max(line, a - 40) : a]) or _COMING_AFTER.match(text[b : b + 90]))


_SPOKEN_AT = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}(?:speech|remarks|address|keynote|statement)\b.*?\bby\b.*?\s(?:at|during)\s+"
    r"(?:the\s+)?((?:[A-Z0-9][\w'’&-]*)(?:\s+(?:of|the|and|for|on|&|[A-Z0-9][\w'’&-]*))*)\s*$",
    re.I,
)
LEAD_CHARS = 1000
HEAD_CHARS = 2500  # the event a document reports is named in its title or first paragraphs


@dataclass(frozen=True)
class Event:
    """A meeting or event a document reports on.

    ``name`` is short and human ("4th JIC meeting", "2nd Joint Steering Council meeting",
    "1st Smart City Forum"); ``span`` is where the text names it (offsets into the text searched).
    """

    ordinal: int | None
    name: str | None
    body: str | None = None  # "JIC", "Joint Steering Council", "Smart City Forum"
    place: str | None = None
    span: tuple[int, int] | None = None
    mentions: tuple[tuple[int, int], ...] = ()  # every span naming it near the top of the text
    is_meeting: bool = True  # a body's meeting ("… Committee meeting"), not an occasion ("… Forum")


def _ordinal_value(m: re.Match[str]) -> int:
    return int(m.group(1)) if m.group(1) else ORDINAL_WORDS[m.group(2).lower()]


def acronyms(text: str) -> dict[str, str]:
    """Full names the text abbreviates: {"Joint Implementation Committee": "JIC"}."""
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        words, acr = m.group(1).split(), m.group(2)
        # The acronym's letters are the initials of the name's last len(acr) capitalised words.
        caps = [w for w in words if w[:1].isupper()]
        initials = "".join(w[0] for w in caps[-len(acr) :]).upper()
        if initials == acr.upper():
            full = " ".join(words[len(words) - _tail_len(words, len(acr)) :])
            out.setdefault(full, acr)
    return out


def same_body(body: str, event: str) -> bool:
    """Whether ``event`` is a meeting of ``body``: it names it ("4th JIC meeting" for "JIC"), or its
    capitalised words' initials run through the body's short form in order, first and last letters
    kept ("2nd Joint Committee meeting" for "JIC": a news article's shorter name for the committee)."""
    if body.lower() in event.lower():
        return True
    if not body.isupper():
        # "the Singapore–Ningbo Joint Steering Committee" for "5th JSC meeting": its words'
        # initials end with the event's short form (a place may come first).
        initials = "".join(w[0] for w in re.findall(r"\b[A-Z][\w&'’]*", body))
        return any(len(a) >= 2 and initials.endswith(a) for a in re.findall(r"\b[A-Z]{2,8}\b", event))
    if len(body) < 2:
        return False
    initials = "".join(w[0] for w in re.findall(r"\b[A-Z][\w&'’-]*", event) if not w.isupper() or len(w) == 1)
    if len(initials) < 2 or initials[0] != body[0] or initials[-1] != body[-1]:
        return False
    it = iter(body)
    return all(ch in it for ch in initials)


def harmonise_event_names(docs: Sequence[Document]) -> list[Document]:
    """Documents with one name per body across the corpus: a news article's "4th Joint
    Implementation Committee meeting" becomes "4th JIC meeting" when any document defines
    "Joint Implementation Committee (JIC)". Documents whose event does not change are returned as is."""
    table: dict[str, str] = {}
    for d in docs:
        for full, acr in acronyms(d.title + "\n" + d.text[:20000]).items():
            table.setdefault(full, acr)
    out = []
    for d in docs:
        event = d.event
        for full in sorted(table, key=len, reverse=True):
            if event and re.search(rf"\b{re.escape(full)}\b", event):
                event = re.sub(rf"\b{re.escape(full)}\b", table[full], event)
                break
        out.append(d if event == d.event else dataclasses.replace(d, event=event))
    # A report's shorter name for a committee the corpus calls by its short form: "7th Joint
    # Committee meeting" is the "7th JIC meeting".
    short = {
        m.group(1) for d in out if (m := re.match(r"^\d{1,2}(?:st|nd|rd|th) ([A-Z]{2,8}) meeting$", d.event or ""))
    }
    for i, d in enumerate(out):
        m = re.match(r"^(\d{1,2}(?:st|nd|rd|th)) (.+?) meeting$", d.event or "")
        if m and m.group(2).isupper() and m.group(2).split()[-1] in short and " " in m.group(2):
            # "5th SCI JIC meeting": the programme's short form before the body's says nothing more
            out[i] = dataclasses.replace(d, event=f"{m.group(1)} {m.group(2).split()[-1]} meeting")
        elif m and not m.group(2).isupper():
            named = [a for a in short if same_body(a, m.group(2))]
            if len(named) == 1:
                out[i] = dataclasses.replace(d, event=f"{m.group(1)} {named[0]} meeting")
    return out


def share_event_dates(docs: Sequence[Document]) -> list[Document]:
    """Documents reporting one event dated by it: an interview or feature about the 8th JIC meeting
    that states no date of its own is dated by its publication; when another document about that
    event dates it earlier (a release's dateline), that is the event's date ("when" and "latest"
    use it). A document whose date its text states keeps it."""
    earliest: dict[str, str] = {}
    for d in docs:
        if d.event and d.date:
            earliest[d.event] = min(earliest.get(d.event, d.date), d.date)
    out = []
    for d in docs:
        first = earliest.get(d.event or "")
        moved = d.event and d.date and d.date == d.published and first and first < d.date
        # A wire copy dated only "SINGAPORE, March 24 (…) -" has no date of its own: the event's,
        # when its day and month agree (or it gives none).
        undated = bool(d.event and not d.date and first and _day_agrees(d.text[:LEAD_CHARS], first))
        out.append(dataclasses.replace(d, date=first) if moved or undated else d)
    return out


_YEARLESS = re.compile(
    rf"\b(?:({MONTH_PATTERN})\.?\s+(\d{{1,2}})|(\d{{1,2}})\s+({MONTH_PATTERN}))\b(?!,?\s*(?:19|20)\d\d)", re.I
)


def _day_agrees(lead: str, iso: str) -> bool:
    """Whether the first day and month a lead gives without a year ("March 24") is ``iso``'s (true
    when it gives none)."""
    m = _YEARLESS.search(lead)
    if m is None:
        return True
    month = MONTH_NUMBER[(m.group(1) or m.group(4)).lower().rstrip(".")]
    day = int(m.group(2) or m.group(3))
    return iso[5:] == f"{month:02d}-{day:02d}"


def _tail_len(words: list[str], caps_needed: int) -> int:
    n = seen = 0
    for w in reversed(words):
        n += 1
        if w[:1].isupper():
            seen += 1
            if seen == caps_needed:
                break
    return n


def _body_after(window: str, abbreviations: dict[str, str]) -> tuple[str, bool, int] | None:
    """The body or occasion named in ``window`` (text right after an ordinal): (name, meets, end)."""
    best: tuple[str, bool, int] | None = None
    m = _NAMED_BODY.search(window)
    if m:
        full, meets = _clean_body(" ".join(m.group(1).split()))
        name = m.group(2) or (_abbreviate(full, abbreviations) if full else "")
        best = (name, meets, m.end())
    a = _ACRONYM_MEETING.search(window)
    if a and (best is None or a.start() < (m.start() if m else 0) or not best[0]):
        best = (a.group(1), True, a.end())
    if best is None or not best[0]:
        return _lowercase_body(window)
    return best


# News copy writes bodies in lower case ("the second meeting of the joint implementation
# committee", "the fifth gathering of …"): read only right after the ordinal, so "the first batch … the organising
# committee" is not taken for a meeting.
_LOWER_BODY = re.compile(
    rf"^\s*(?:(meetings?|sessions?|gatherings?|rounds?)\s+(?:of|for)\s+(?:the\s+)?)?((?:[a-z][\w-]*\s+){{1,4}}?(?:{_MEETING_BODIES.lower()}|"
    rf"{_OCCASIONS.lower().replace('|meeting', '')}))\b(?:\s+(meeting|session)s?\b)?",
    re.I,
)


_NOT_IN_A_NAME = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "its",
    "their",
    "our",
    "his",
    "her",
    "time",
    "times",
    "year",
    "years",
    "day",
    "days",
    "batch",
    "and",
    "or",
    "of",
    "to",
    "in",
    "at",
    "on",
    "by",
}


def _lowercase_body(window: str) -> tuple[str, bool, int] | None:
    m = _LOWER_BODY.match(window)
    if not m or any(w.lower() in _NOT_IN_A_NAME for w in m.group(2).split()):
        return None
    full, meets = _clean_body(" ".join(w.capitalize() for w in m.group(2).split()))
    if not full or full.lower() in ("meeting", "the meeting"):
        return None
    return full, meets or bool(m.group(1) or m.group(3)), m.end()


def _clean_body(full: str) -> tuple[str, bool]:
    """ "Meeting of the Joint Steering Council" / "Joint Implementation Committee Meeting" →
    ("Joint Steering Council", True); "Smart City Forum" → ("Smart City Forum", False)."""
    said_meeting = False
    m = re.match(r"Meetings?\s+(?:of|for)\s+(?:the\s+)?", full)
    if m:
        full, said_meeting = full[m.end() :], True
    m = re.search(r"\s+Meetings?$", full)
    if m:
        full, said_meeting = full[: m.start()], True
    if re.fullmatch(r"Meetings?", full):
        return "", True
    meets = said_meeting or re.search(rf"(?:{_MEETING_BODIES})$", full) is not None
    return full, meets


_PROGRAMME_HEAD = re.compile(r"Initiative|Programme|Program|Partnership|Corridor|Cooperation|Collaboration")


def _abbreviate(full: str, abbreviations: dict[str, str]) -> str:
    for name, acr in abbreviations.items():
        if full.endswith(name):
            return acr
    # Programme words before a body ("Smart City Initiative Joint Implementation Committee"):
    # keep the body's own name, the capitalised run right before the head noun (at most 4 words).
    words = full.split()
    # The programme's own name ends at its head noun ("… Smart City Initiative"): the body's name
    # is what follows it ("Joint Implementation Committee").
    ends = [i for i, w in enumerate(words[:-1]) if _PROGRAMME_HEAD.fullmatch(w)]
    if ends and len(words) - ends[-1] - 1 >= 2:
        words = words[ends[-1] + 1 :]
    return " ".join(words[-4:]) if len(words) > 4 else " ".join(words)


def find_event(title: str, text: str, meta: Mapping[str, Any] | None = None) -> Event | None:
    """The event a document reports: front matter ``event``/``meeting`` first, then the first
    ordinal followed by a body or occasion name in the title or the first paragraphs.

    ``span`` offsets point into ``text`` (None when the event came from the title or front matter).

    >>> find_event("", "The 4th SCI Joint Implementation Committee (JIC) meeting was held in Shenzhen.").name
    '4th JIC meeting'
    """
    meta = meta or {}
    abbreviations = acronyms(title + "\n" + text[:20000])
    declared = meta.get("event") or (meta.get("meeting") if isinstance(meta.get("meeting"), str) else None)
    number = (
        meta.get("meeting")
        if isinstance(meta.get("meeting"), int) and not isinstance(meta.get("meeting"), bool)
        else None
    )
    found: Event | None = None
    if declared:
        declared = " ".join(str(declared).split())
        found = _event_in(declared, abbreviations, offset=None) or Event(number, declared)
        found = Event(found.ordinal or number, declared, found.body, None, None, (), found.is_meeting)
    else:
        for source, offset in ((title, None), (text[:HEAD_CHARS], 0)):
            found = next(
                (
                    e
                    for e in _events_in(source, abbreviations, offset=offset)
                    if e.span is None or not (_LONG_AGO.search(sentence_at(text, *e.span)) or _to_come(text, e.span))
                ),
                None,
            )
            if found:
                break
        if found is None and number is not None:
            found = Event(number, f"{ordinal(number)} meeting")
        if found is None:
            found = _unnumbered(title + "\n" + text[:LEAD_CHARS], abbreviations, len(title) + 1)
        if found is None:
            # "Speech by Vice Mayor Huang Shuyi at the Launch of the … Innovation Challenge 2026":
            # the occasion a speech's title names is the document's event.
            m = _SPOKEN_AT.match(title)
            if m:
                found = Event(None, m.group(1).strip(), m.group(1).strip(), None, None, (), False)
        elif found is not None and number is not None and found.ordinal != number:
            found = Event(number, f"{ordinal(number)} {found.body} meeting" if found.body else None, found.body)
    if found is None:
        return None
    mentions = tuple(
        e.span
        for e in _events_in(text[: HEAD_CHARS * 2], abbreviations, offset=0)
        if found.ordinal is not None and e.ordinal == found.ordinal and e.span is not None
    )
    if not mentions and found.span is not None:
        mentions = (found.span,)
    span = found.span or (mentions[0] if mentions else None)
    return Event(found.ordinal, found.name, found.body, find_place(text, mentions), span, mentions, found.is_meeting)


def _listed_only(source: str, m: re.Match[str], text_offset: int) -> bool:
    """Whether an occasion is only listed in the text — a line that is its name alone (a schedule's
    cell: "Shenzhen Smart City Expo 2026" above its dates and venue) or one still to come — rather
    than reported. (The title, which is often the occasion's name alone, does report it.)"""
    if m.start() < text_offset:
        return False
    a = source.rfind("\n", 0, m.start()) + 1
    b = source.find("\n", m.end())
    line = source[a : b if b >= 0 else len(source)]
    alone = not re.search(r"[a-z]{3,}", line.replace(m.group(0), ""))
    return alone or _to_come(source, (m.start(), m.end()))


def _unnumbered(source: str, abbreviations: dict[str, str], text_offset: int) -> Event | None:
    """A meeting or occasion named without an ordinal (its span points into the text part)."""
    m = next((m for m in _UNNUMBERED.finditer(source) if not _listed_only(source, m, text_offset)), None)
    if m is None:
        return None
    span = (m.start() - text_offset, m.end() - text_offset) if m.start() >= text_offset else None
    if m.group(1):
        full, _ = _clean_body(" ".join(m.group(1).split()))
        body = m.group(2) or _abbreviate(full, abbreviations)
        return Event(None, f"{body} meeting", body, None, span, (), True)
    if m.group(3):
        if m.group(3) in ("MOU", "MOUS", "AGM"):
            return None
        return Event(None, f"{m.group(3)} meeting", m.group(3), None, span, (), True)
    name = re.sub(r"^(?:The|A|An)\s+", "", " ".join(m.group(4).split()))  # (a sentence's article)
    return Event(None, name, name, None, span, (), False)


def _event_in(source: str, abbreviations: dict[str, str], *, offset: int | None) -> Event | None:
    return next(_events_in(source, abbreviations, offset=offset), None)


def _events_in(source: str, abbreviations: dict[str, str], *, offset: int | None) -> Iterator[Event]:
    """Every "<ordinal> … <body or occasion>" in ``source``, in order (Chinese forms after)."""
    for m in _ORDINAL_RE.finditer(source):
        end = _SENTENCE_END.search(source, m.end())
        stop = min(end.start() if end else len(source), m.end() + 110)
        body = _body_after(source[m.end() : stop], abbreviations)
        start = m.start()
        if body is None:
            body, start = _body_before(source, m, abbreviations)
        if body is None:
            continue
        name, meets, body_end = body
        n = _ordinal_value(m)
        label = f"{ordinal(n)} {name} meeting" if meets else f"{ordinal(n)} {name}"
        span = (offset + start, offset + m.end() + body_end) if offset is not None else None
        yield Event(n, label, name, None, span, (), meets)
    for m in _CN_ORDINAL.finditer(source):
        n = cn_number(m.group(1))
        if n:
            span = (offset + m.start(), offset + m.end()) if offset is not None else None
            name, meets = _english_body(m.group(2))
            if m.group(2) == "会议" and not name:
                # "联委会第五次会议": the body named right before the ordinal ("the JIC's fifth
                # meeting"), the shortest name the glossary knows ("分委会" alone is not the JIC's)
                from .crosslingual import GLOSSARY

                before = source[max(0, m.start() - 12) : m.start()]
                body = next((before[-k:] for k in range(2, len(before) + 1) if before[-k:] in GLOSSARY), None)
                if body and body.endswith(("委员会", "委会")):
                    name, meets = _english_body(body + "会议")
            label = (f"{ordinal(n)} {name} meeting" if meets else f"{ordinal(n)} {name}") if name else m.group(0)
            yield Event(n, label, name or m.group(2), None, span, (), meets)


# "The Harbour Council held its 3rd meeting", "the Council's third meeting", "the JIC's 5th
# session": the body named before the ordinal, which owns the meeting named after it.
_BODY_BEFORE = re.compile(
    rf"(?:((?:[A-Z][\w&’'-]*\s+(?:(?:of|and|on|for)\s+(?:the\s+)?)?){{0,6}}(?:{_MEETING_BODIES}))|\b([A-Z]{{2,8}}))"
    r"(?:['’]s|\s+(?:[a-z]+\s+){1,2}?its)\s+$"
)
_MEETING_AFTER = re.compile(r"\s*(?:meeting|session)s?\b", re.I)


def _body_before(
    source: str, m: re.Match[str], abbreviations: dict[str, str]
) -> tuple[tuple[str, bool, int] | None, int]:
    """(name, meets, end of "meeting" after the ordinal) and where the name starts, for a meeting
    whose body is named before its ordinal; (None, ordinal's start) otherwise."""
    after = _MEETING_AFTER.match(source, m.end())
    window = source[max(0, m.start() - 120) : m.start()]
    before = _BODY_BEFORE.search(window) if after else None
    if before is None:
        return None, m.start()
    if before.group(1):
        full, _ = _clean_body(re.sub(r"^(?:The|A|An|Its|Our)\s+", "", " ".join(before.group(1).split())))
        name = _abbreviate(full, abbreviations) if full else ""
    else:
        name = before.group(2)
    if not name or name in ("MOU", "MOUS", "AGM"):
        return None, m.start()
    return (name, True, after.end() - m.end()), m.start() - len(window) + before.start()


def _english_body(chinese: str) -> tuple[str | None, bool]:
    """ "联合实施委员会会议" → ("JIC", True) through the project's glossary (no translation model
    offline); (None, meets) when the glossary does not know the body's name."""
    from .crosslingual import GLOSSARY, to_english

    meets = chinese.endswith("会议")
    body = chinese[:-2] if chinese.endswith(("会议", "论坛", "峰会")) else chinese
    english = GLOSSARY.get(body) or (to_english(body).strip() if body else "")
    if not english or re.search(r"[\u3400-\u9fff]", english):
        return None, meets
    words = english.split()
    if len(words) > 1 and re.fullmatch(r"[A-Z]{2,8}", words[-1]):
        return words[-1], meets  # the glossary gives "Joint Implementation Committee JIC"
    if chinese.endswith("论坛"):
        english += " Forum"
    return english, meets


# A sentence ends at . ! ? followed by a capital or a quote, or at a line break. Written here
# rather than taken from chunking's Punkt splitter: events belong to the earlier corpus stage,
# which must not import a later one; these sentences only bound where a date or place is read.
_SENTENCE_BREAK = re.compile(r"(?:[.!?。！？][\"”’)]*\s+(?=[A-Z\"“‘(])|\n|。)")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the sentence of ``text`` holding text[start:end]."""
    begin = 0
    for m in _SENTENCE_BREAK.finditer(text, max(0, start - 600), start):
        begin = m.end()
    m = _SENTENCE_BREAK.search(text, end)
    return begin, (m.start() + 1 if m else len(text))


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding text[start:end]."""
    a, b = sentence_bounds(text, start, end)
    return text[a:b]


_EVENT_WORD = re.compile(r"\b(?:meeting|committee|council|forum|summit|conference|dialogue)\b|会议|论坛", re.I)


def find_place(text: str, mentions: Iterable[tuple[int, int]]) -> str | None:
    """Where the event was held, when a sentence naming it — or the next sentence, when that
    one speaks of "the meeting" — says so ("held in Shenzhen", "held virtually")."""
    for start, end in mentions:
        a, b = sentence_bounds(text, start, end)
        sentence = text[a:b]
        nxt = min(len(text), b + 2)
        following = sentence_at(text, nxt, nxt) if b < len(text) else ""
        if _EVENT_WORD.search(following):
            sentence = sentence + " " + following
        m = _PLACE.search(sentence)
        if m:
            if m.group(1):
                return "online"
            words = []
            for w in m.group(2).split():
                if w.lower() in _NOT_PLACE:
                    break
                words.append(w)
            place = " ".join(words).rstrip("’'.,")
            city = m.group(3) if m.group(3) and m.group(3).split()[0].lower() not in _NOT_PLACE else None
            if place:
                return f"{place}, {city}" if city and words == m.group(2).split() else place
        m = _CN_PLACE.search(sentence)
        if m:
            from .crosslingual import to_english

            english = to_english(m.group(1)).strip()  # the glossary knows the SCI's places
            return english if english and not re.search(r"[\u3400-\u9fff]", english) else m.group(1)
    return None
