"""Dates in release text → ISO: datelines, crawl headers, Chinese dates, weekday-and-day forms."""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

from .lexicon import MONTHS

_MONTH_NAMES = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
# As printed in a sentence, or in a line set in capitals ("10 SEPTEMBER 2025" in a speech's title);
# never in lower case, where "10 may" is no date.
_MONTHS = rf"(?:{_MONTH_NAMES}|{_MONTH_NAMES.upper()})\.?"
_DATE_TEXT = rf"(?:{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
DATE_PATTERN = _DATE_TEXT  # a full date as printed: "25 November 2022", "Dec. 15, 2023", "2023-12-15"
# "SINGAPORE, Dec. 15, 2023 /PRNewswire/ —" or "SINGAPORE, 25 November 2022 –"
_DATELINE = re.compile(rf"\b[A-Z][A-Z .'’()-]{{2,40}},\s+(?:\w+,\s+)?({_DATE_TEXT})")
_ANY_DATE = re.compile(_DATE_TEXT)
WIRE = re.compile(r"^(PR\s*Newswire|Business\s*Wire|GlobeNewswire|Cision|ACCESSWIRE)\b", re.I)
# "2021年10月19日" (the year may be left out: "10月19日", taken from the publication date).
_CJK_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY_MONTH = rf"(?:{_MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS})"
# News style: "on Wednesday (June 17)", "on Thursday (17 June)".
_WEEKDAY_AND_DAY = re.compile(rf"\b{_WEEKDAY}\s*\(\s*({_DAY_MONTH})\s*\)", re.I)
# "on June 17" with no year after it.
_DAY_MONTH_NO_YEAR = re.compile(rf"\b({_DAY_MONTH})\b(?!,?\s*\d{{4}})", re.I)
_ON_WEEKDAY = re.compile(rf"\b(?:on|last|this\s+past)\s+{_WEEKDAY}\b(?!\s*\()", re.I)
_RELATIVE_DAY = re.compile(r"\b(today|yesterday)\b", re.I)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?", re.I)


def parse_date(value: str) -> str | None:
    """Parse an English or Chinese date ('Dec. 15, 2023', '25 November 2022', '2023-12-15',
    '2021年10月19日') to ISO; None when a day, month or year is missing."""
    value = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return value
    m = _CJK_DATE.fullmatch(value)
    if m:
        return _iso(m.group(1), m.group(2), m.group(3)) if m.group(1) else None
    return _strptime(value) or _dateparser(value)


_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")


def _strptime(value: str) -> str | None:
    """The common release forms ("25 November 2022", "Dec. 15, 2023") through the standard
    library: dateparser takes about 5 ms a call, several calls a document (measured)."""
    v = " ".join(value.replace(".", " ").replace(",", " ").split())
    v = re.sub(r"(?i)\bsept\b", "Sep", v)
    for fmt in _FORMATS:
        try:
            return _dt.datetime.strptime(v, fmt).date().isoformat()
        except ValueError:
            continue
    return None


@lru_cache(maxsize=4096)
def _dateparser(value: str) -> str | None:
    import dateparser  # imported lazily: it costs about a second

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date().isoformat() if parsed else None


def _iso(year: str | int, month: str | int, day: str | int) -> str | None:
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _day_month(value: str) -> tuple[int, int] | None:
    """(month, day) of "June 17" / "17 June" (dateparser with a leap year, so 29 Feb parses)."""
    iso = parse_date(f"{value} 2000")
    return (int(iso[5:7]), int(iso[8:10])) if iso else None


# "Date: 16 April 2026" over "Venue: …": a speech's, transcript's or advisory's own date, given
# as a label line rather than a dateline.
DATE_LABEL = re.compile(r"^[ \t]*(?:date|日期)[ \t]*[:：][ \t]*(\S.*)$", re.I | re.M)


def find_dateline(text: str) -> str | None:
    """The date of a release's dateline ("SINGAPORE, 25 November 2022 –") near the top, or of a
    "Date:" label line there."""
    m = _DATELINE.search(text[:4000])
    if m:
        return parse_date(m.group(1))
    label = DATE_LABEL.search(text[:4000])
    return first_full_date(label.group(1)) if label else None


def find_date(text: str) -> str | None:
    """The dateline's date, else the first full date near the top (English or Chinese)."""
    head = text[:4000]
    d = find_dateline(head)
    if d:
        return d
    m = _ANY_DATE.search(head)
    if m:
        return parse_date(m.group(0))
    for m in _CJK_DATE.finditer(head):
        if m.group(1):
            return _iso(m.group(1), m.group(2), m.group(3))
    return None


def first_full_date(text: str) -> str | None:
    """The first complete date anywhere in ``text`` (a byline or a timestamp line)."""
    m = _ANY_DATE.search(text)
    if m and (d := parse_date(m.group(0))):
        return d
    m = _CJK_DATE.search(text)
    return _iso(m.group(1), m.group(2), m.group(3)) if m and m.group(1) else None


# "Source URL: https://…", "Retrieved: 2026-03-26T08:14:52+08:00", "Saved from: …": a label a
# crawler or a browser's "save page" wrote above the page, with an address or a machine timestamp.
_CRAWL_LABEL = re.compile(
    r"^[A-Z][\w -]{1,24}:\s*(?:<?https?://\S+>?|\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)$"
)
# (a timestamp labelled as the page's own date is its publication date, read elsewhere)
_OWN_DATE_LABEL = re.compile(r"^(?:published|posted|updated|last updated|date|issued|released)\b", re.I)


def is_crawl_header(text: str) -> bool:
    """A line a crawler printed above the release: a wire name, a bare date (not its date), or a
    label with an address or timestamp ("Source URL: https://…", "Retrieved: 2026-03-26T08:14")."""
    if WIRE.match(text):
        return True
    if _CRAWL_LABEL.match(text) and not ("://" not in text and _OWN_DATE_LABEL.match(text)):
        return True
    if len(text) <= 40 and _ANY_DATE.search(text):
        rest = _ANY_DATE.sub("", text)
        return not re.search(
            r"[A-Za-z]{4,}",
            re.sub(r"(?i)monday|tuesday|wednesday|thursday|friday|saturday|sunday|updated|published", "", rest),
        )
    return False


_GLUED_STAMP = re.compile(
    # (or glued to the last word when a page lost the space: "… JIC Meeting22 Oct 2024, 4:18 PM")
    rf"(?:\s*[|–—·]\s*|\s+-\s+|\s+|(?<=[a-z]))(?:(?:{_DATE_TEXT})(?:,?\s*(?:{_TIME.pattern}))?|{_TIME.pattern})\s*$",
    re.I,
)


# A wire desk's tag before a headline ("UPDATE 1-", "RPT-", "CORRECTED-", "REFILE-"): in capitals,
# joined to the headline by a hyphen.
_WIRE_TAG = re.compile(r"^(?:(?:UPDATE|WRAPUP)\s*\d*|RPT|CORRECTED|REFILE|EXCLUSIVE|BRIEF|FOCUS|ANALYSIS)\s*-\s*(?=\S)")


def strip_wire_tag(title: str) -> str:
    """A headline without a wire desk's tag: "UPDATE 1-Singapore, Ningbo ink pacts" → "Singapore, …"."""
    return _WIRE_TAG.sub("", title)


def strip_timestamp(title: str) -> str:
    """A headline without a wire timestamp glued to its end ("… meeting | Jan 5, 2024, 10:32 AM").

    A date alone is removed only after a separator ("|", "–"): "Pacts signed on 5 May 2024" keeps it.
    """
    m = _GLUED_STAMP.search(title)
    if not m or m.start() == 0:
        return title
    stamp = m.group(0)
    if not re.search(r"\d[:.]\d\d", stamp) and not re.match(r"\s*[|–—·-]", stamp):
        return title
    return title[: m.start()].rstrip(" ,|–—·-") or title


# Hand-written: dateparser resolves "June 17" to the current year and a bare weekday to the
# current week; a news article needs both resolved against its own publication date, and a
# weekday beside the day ("Wednesday (June 17)") picks the year when the reference is unsure.
def date_in_sentence(sentence: str, reference: str | None, anchor: int | None = None) -> str | None:
    """The date ``sentence`` states for what it reports, resolved against ``reference`` (ISO).

    Forms, strongest first: full dates; "Wednesday (June 17)", "June 17" and "10月19日", which
    take their year from the reference (the publication or dateline date); "on Tuesday";
    "today", "yesterday". With ``anchor`` (where the sentence names the event) the form nearest
    to it wins ("met in Singapore yesterday, officials said on Friday" → yesterday); without
    one, the strongest form, then the first. Dates after the reference are not dates of a
    reported event.

    >>> date_in_sentence("The meeting was held on Wednesday (June 17).", "2020-06-19")
    '2020-06-17'
    """
    ref = _dt.date.fromisoformat(reference) if reference else None
    # A dateline opening the sentence dates the release, not the event; the caller falls back to it.
    stripped = sentence.lstrip()
    cut = len(sentence) - len(stripped)
    m = _DATELINE.match(stripped)
    if m:
        cut += m.end()
    sentence = sentence[cut:]
    if anchor is not None:
        anchor -= cut
    candidates: list[tuple[int, int, str]] = []  # (form, position, date)
    for m in _ANY_DATE.finditer(sentence):
        if d := parse_date(m.group(0)):
            candidates.append((0, m.start(), d))
    for m in _CJK_DATE.finditer(sentence):
        if m.group(1):
            if d := _iso(m.group(1), m.group(2), m.group(3)):
                candidates.append((0, m.start(), d))
        elif ref and (d := _with_year(int(m.group(2)), int(m.group(3)), None, ref)):
            candidates.append((1, m.start(), d))
    if ref:
        weekday_days = set()
        for m in _WEEKDAY_AND_DAY.finditer(sentence):
            md = _day_month(m.group(2))
            if md and (d := _with_year(md[0], md[1], _WEEKDAYS.index(m.group(1).lower()), ref)):
                candidates.append((1, m.start(), d))
                weekday_days.update(range(m.start(), m.end()))
        full = {pos for form, pos, _ in candidates if form == 0}
        for m in _DAY_MONTH_NO_YEAR.finditer(sentence):
            md = _day_month(m.group(1))
            if (
                m.start() not in weekday_days
                and m.start() not in full
                and md
                and (d := _with_year(md[0], md[1], None, ref))
            ):
                candidates.append((1, m.start(), d))
        for m in _ON_WEEKDAY.finditer(sentence):
            back = (ref.weekday() - _WEEKDAYS.index(m.group(1).lower())) % 7
            candidates.append((2, m.start(), (ref - _dt.timedelta(days=back)).isoformat()))
        for m in _RELATIVE_DAY.finditer(sentence):
            back = 1 if m.group(1).lower() == "yesterday" else 0
            candidates.append((3, m.start(), (ref - _dt.timedelta(days=back)).isoformat()))
    limit = (ref + _dt.timedelta(days=1)).isoformat() if ref else None
    usable = [c for c in candidates if limit is None or c[2] <= limit]
    if not usable:
        return None
    if anchor is not None:
        return min(usable, key=lambda c: (abs(c[1] - anchor), c[0]))[2]
    return min(usable)[2]


def _with_year(month: int, day: int, weekday: int | None, ref: _dt.date) -> str | None:
    """The date (month, day) nearest before ``ref`` (a few days after allowed for time zones);
    with ``weekday``, the nearest year whose date falls on that weekday."""
    options = []
    for year in (ref.year, ref.year - 1, ref.year + 1):
        try:
            d = _dt.date(year, month, day)
        except ValueError:
            continue
        if weekday is not None and d.weekday() != weekday:
            continue
        options.append(d)
    if not options:
        return None
    before = [d for d in options if d <= ref + _dt.timedelta(days=2)]
    best = max(before) if before else min(options, key=lambda d: abs((d - ref).days))
    return best.isoformat()


def long_date(iso: str) -> str:
    """'2021-12-07' → '7 December 2021' (a partial date is returned as given)."""
    try:
        d = _dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {MONTHS[d.month - 1].capitalize()} {d.year}"
