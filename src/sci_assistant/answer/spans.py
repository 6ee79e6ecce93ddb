"""Typed answer spans inside one sentence: the person, place, date, number or amount a question asks for.

Every span returned is an offset range of the document text inside the sentence, so the bold
answer is always a verbatim part of the quote under it. Types come from the entities tagged at
build time (``entities.jsonl``) and from patterns whose form is unambiguous (a date written
"25 November 2022", a figure next to the noun it counts, a currency amount).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_left
from dataclasses import dataclass

from ..entities import ORG_WORD
from ..indexing import LoadedIndex
from ..lexicon import (
    DETERMINERS,
    EVENT_WORDS,
    KIND_NOUNS,
    MONTH_NUMBER,
    MONTH_PATTERN,
    NUMBER_WORD_PATTERN,
    ORG_ROLE_NOUNS,
    ROLE_NOUNS,
    SIDE_WORDS,
    SITE_HEADS,
    legal_side,
    office_side,
)

NUMBER = re.compile(
    # ("no more than two": a limit, never "more than two")
    rf"(?:(?:(?:no|not)\s+(?:more|fewer|less)\s+than|at\s+(?:least|most)|more than|fewer than|less than|"
    rf"over|nearly|almost|about|around|some|up to)\s+)?"
    # (a figure run into letters is a code or a time stamp, not a number: "1d", "5G", "A380")
    rf"(?<![^\W_])(?:(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+)(?:\.\d+)?(?![^\W\d_])(?:\s?(?:million|billion|%|per cent))?"
    # (a number word in an idiom counts nothing: "one-to-one meetings", "a one-stop portal", "one-off")
    rf"|(?<!-to-)(?<!-on-)\b(?:{NUMBER_WORD_PATTERN})\b(?!-(?:to|on|stop|off)\b))",
    re.I,
)
# Currency words that are ordinary English words after a number too ("3 gold awards", "2 marks").
_NOT_CURRENCY = frozenset({"gold", "mark", "marks", "real", "reals", "rand", "dong", "tala", "dram", "drams", "lari"})


def _currencies() -> tuple[list[str], list[str]]:
    """The units and symbols of the currencies in use today, from the Unicode CLDR data Babel ships
    ("rupee", "rupees", "ringgit", "MUR", "HK$", "₹"): an amount is a number in any of them."""
    from babel.core import get_global
    from babel.numbers import get_currency_name, get_currency_symbol, get_territory_currencies

    codes: set[str] = set()
    for territory in get_global("territory_currencies"):
        codes.update(get_territory_currencies(territory, tender=True))
    words: set[str] = set()
    symbols: set[str] = set()
    for code in codes:
        for count in (1, 2):
            name = re.sub(r"\([^)]*\)", "", get_currency_name(code, count, locale="en"))
            last = re.findall(r"[^\W\d_]+", name)
            if last and len(last[-1]) >= 4 and last[-1].lower() not in _NOT_CURRENCY:
                words.add(last[-1].lower())
        symbol = get_currency_symbol(code, locale="en")
        if symbol != code and not symbol.isalpha():
            symbols.add(symbol)
    return sorted(codes | {"RMB"}), sorted(words, key=len, reverse=True), sorted(symbols, key=len, reverse=True)


_CODES, _UNITS, _SYMBOLS = _currencies()
# (codes in capitals only: "ALL" is the lek, "all 12 projects" is not; and before a figure of three
# characters or more: "TOP 10" is a ranking, "MUR 1,200" a sum)
_CODE = rf"(?-i:\b(?:{'|'.join(_CODES)})\b)"
_SYMBOL = "|".join(map(re.escape, ["S$", "US$", "RMB", *_SYMBOLS]))
MONEY = re.compile(
    rf"(?:(?:{_SYMBOL})\s?\d[\d,.]*|{_CODE}\s?\d[\d,.]{{2,}})(?:\s?(?:million|billion|m|bn))?|"
    rf"\b\d[\d,.]*\s?(?:million|billion)?\s?(?:{_CODE}|\b(?:{'|'.join(_UNITS)})\b)",
    re.I,
)
DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+(?:{MONTH_PATTERN})\.?,?\s+\d{{4}}|(?:{MONTH_PATTERN})\.?\s+\d{{1,2}},?\s+\d{{4}}|"
    rf"(?:{MONTH_PATTERN})\.?\s+\d{{4}}|(?:in|since|from|by)\s+(?:19|20)\d{{2}})\b"
    r"|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?",  # "2026年8月21日"
    re.I,
)
# A day and month with no year ("goes live on 25 September", "by June 15th"): a date a calendar
# places with the document's year. The month is capitalised ("may 10 firms" is no date).
DAY_MONTH = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH_PATTERN.title()})\b\.?|(?:{MONTH_PATTERN.title()})\.?\s+\d{{1,2}}"
    r"(?:st|nd|rd|th)?\b(?!\s*,?\s*\d))"
    r"|(?<![\d年])\d{1,2}\s*月\s*\d{1,2}\s*[日号]"  # "6月15日"
)
# A month alone after a preposition ("since the pass opened *in July*", "from early March") and a
# time told from the document's own date ("*last week*", "*later this year*"): dates a reader
# places by the document's date, read only where a sentence states no calendar date. ("Yesterday"
# is left to the meeting's own date, which a release dated the day after says it was held.)
MONTH_ALONE = re.compile(
    rf"\b(?:in|since|from|by|until|till|before|after|during)\s+"
    rf"((?:(?:early|mid|late)[\s-]+)?(?:{MONTH_PATTERN.title()})\b)(?!\.?\s*\d)"
)
RELATIVE_DATE = re.compile(
    r"\b(?:(?:last|next|the coming|the following|the previous)\s+"
    r"(?:week|month|year|quarter|spring|summer|autumn|fall|winter)|(?:earlier|later)\s+this\s+(?:week|month|year)|"
    # (a part of the year told from the document's: "in the final quarter of this year", "by the end
    # of next year", "early next year")
    r"(?:the\s+)?(?:(?:first|second|third|fourth|final|last)\s+(?:quarter|half)|end|start|beginning|middle)"
    r"\s+of\s+(?:this|next|the\s+(?:current|following|coming))\s+year|"
    r"(?:early|mid|late)[\s-]+(?:this|next)\s+year|this\s+(?:spring|summer|autumn|fall|winter))\b",
    re.I,
)
_HONORIFIC = re.compile(r"\b(?:Mr|Ms|Mrs|Mdm|Dr|Prof|Professor)\.?\s*$")
HONORIFIC_START = re.compile(r"(?:Mr|Ms|Mrs|Mdm|Dr|Prof|Professor)\.?\s")  # a name that opens with one
_ARTICLE_PHRASE = re.compile(r"^(?:an?|the)\s+\S", re.I)
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|will|has|have|had|be|been)\b", re.I)


@dataclass(frozen=True)
class Span:
    """``document.text[start:end]`` of one answer type."""

    doc_id: str
    start: int
    end: int
    type: str


def _entities_by_doc(idx: LoadedIndex) -> dict[str, tuple[list[int], list[tuple[int, int, str]]]]:
    cached = idx.derived.get("entities_by_doc")
    if cached is None:
        by: dict[str, list[tuple[int, int, str]]] = {}
        for e in idx.entities:
            by.setdefault(e.doc_id, []).append((e.start, e.end, e.type))
        cached = {d: ([a for a, _, _ in sorted(v)], sorted(v)) for d, v in by.items()}
        idx.derived["entities_by_doc"] = cached
    return cached


_MIXED_SCRIPT = re.compile(
    r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef].*[A-Za-z]|[A-Za-z].*[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
)


def tagged(idx: LoadedIndex, doc_id: str, start: int, end: int, types: tuple[str, ...]) -> list[Span]:
    """Tagged entities of ``types`` lying inside ``text[start:end]``, in order."""
    starts, rows = _entities_by_doc(idx).get(doc_id, ([], []))
    text = idx.documents[doc_id].text
    out = []
    for a, b, t in rows[bisect_left(starts, start) :]:
        if a >= end:
            break
        if b <= end and t in types:
            if _MIXED_SCRIPT.search(text[a:b]):
                continue  # an English tagger's cut through Chinese text ("其中，新加坡三巴旺循环科技公司（Sembawang")
            if t == "org":
                # The tagger runs an organisation into the title after it ("Communications and
                # Information Mr" before "Joseph Leong"): the honorific is not part of the name.
                m = _HONORIFIC.search(text, a, b)
                b = m.start() if m and m.start() > a else b
                b = a + len(text[a:b].rstrip(" ,"))
                if _title_run(idx, text, a, b):
                    continue
            out.append(Span(doc_id, a, b, t))
    return out


def _title_run(idx: LoadedIndex, text: str, a: int, b: int) -> bool:
    """Whether a tagged organisation is a place and the start of a title the tagger cut short:
    "Singapore Permanent" before "Secretary for Communications" is no body, but a country's title."""
    words = text[a:b].split()
    after = re.match(r"\s+([A-Z][a-z-]+)\b", text[b : b + 40])
    if len(words) < 2 or after is None or after.group(1).lower() not in ROLE_NOUNS:
        return False
    known = _place_pattern(idx)
    return bool(place_scale(words[0]) or (known is not None and known.fullmatch(words[0])))


def _pattern_spans(text: str, doc_id: str, start: int, end: int, pattern: re.Pattern[str], typ: str) -> list[Span]:
    return [Span(doc_id, start + m.start(), start + m.end(), typ) for m in pattern.finditer(text[start:end])]


# Contact details, by forms that say what they are: an address with "@" and a dotted domain; a web
# address opening with a scheme or "www."; a handle opening with "@" (or in brackets after the
# platform's name the question gives); a telephone number after a label saying it is one, or
# opening with a country code.
# (a local part may keep a markdown escape a page saved twice left in: "lee\_wai\_leng@…")
EMAIL = re.compile(r"(?<![\w.+\\-])[\w.+-]+(?:\\_[\w.+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
URL = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[^\s<>()|,;\"“”]*[^\s<>()|,;\"“”.]")
HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_]{2,}\b")
PHONE = re.compile(r"(?<![\w+])\+?(?:\(\d{1,4}\)|\d{1,4})(?:[ -]?\d{2,5}){1,4}\b")
_PHONE_LABEL = re.compile(
    r"(?:\b(?:tel(?:ephone)?|phone|mobile|hp|fax|hotline|call)\b\.?(?:\s*(?:no\.?|number))?|电话|手机)\s*[:：]?\s*$",
    re.I,
)
# A street address: a number, a capitalised street name ending in a word that says it is a street,
# then a unit ("#02-01") and a town with its postal code when given; or a Chinese one ending in
# a number and "号" (深圳市南山区科技南路18号).
ADDRESS = re.compile(
    r"\b\d{1,5}[A-Z]?\s+(?:[A-Z][\w'’-]*\s+){1,4}"
    r"(?:Road|Rd|Street|St|Avenue|Ave|Drive|Dr|Way|Lane|Boulevard|Blvd|Crescent|Close|Place|Link|Walk|"
    r"Terrace|Square|Quay|Highway|Rise|Grove|Gardens|Hill)\b\.?"
    r"(?:,?\s*#\d{1,3}-\d{1,4}[A-Z]?)?(?:,?\s*(?:[A-Z][\w'’-]*\s+){1,3}\d{5,6}\b)?"
    r"|[\u4e00-\u9fff]{2,20}(?:路|街|道)\d{1,5}号"
)
CONTACT_KINDS = ("email", "phone", "web", "address")
# How often something happens, in the words that say so: "annually", "every two years", "once a
# year", "twice a month", "three times a year".
# How long something lasts or takes: "over two years", "a three-year programme", "six months".
DURATION = re.compile(
    # (not "a year" after a count: "40 apprentices a year" is a rate)
    rf"\b(?:\d+(?:\.\d+)?|{NUMBER_WORD_PATTERN}|one and a half)[\s-]+(?:calendar\s+)?"
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)(?:[\s-]+long)?\b",
    re.I,
)
# How long a thing is: "a 12-kilometre route", "3.5 km", "800 metres".
LENGTH = re.compile(
    rf"\b(?:\d+(?:[.,]\d+)?|{NUMBER_WORD_PATTERN})[\s-]?"
    r"(?:km|kilomet(?:re|er)s?|met(?:re|er)s?|miles?|nautical miles?)\b",
    re.I,
)
# A share of something: "51%", "49 per cent".
PERCENT = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:%|per\s?cent\b|percent\b)|"
    # (a share in words: "about a quarter", "nearly half", "two thirds")
    r"\b(?:(?:about|around|roughly|nearly|almost|over|more than|less than|some)\s+)?"
    r"(?:(?:a|one|two|three)\s+(?:half|third|quarter|fifth|tenth)s?|half)\b(?!-)",
    re.I,
)
FREQUENCY = re.compile(
    r"\b(?:annually|yearly|biennially|quarterly|monthly|weekly|daily|"
    r"every\s+(?:other\s+|\w+\s+)?(?:years?|months?|weeks?|days?|quarters?)|"
    r"(?:once|twice|\w+\s+times)\s+(?:a|an|per|every)\s+(?:year|month|week|day|quarter)|"
    r"(?:each|every)\s+year|on\s+an?\s+(?:annual|yearly|regular|quarterly|monthly)\s+basis)\b",
    re.I,
)


def contacts(
    idx: LoadedIndex, doc_id: str, start: int, end: int, kind: str, platforms: tuple[str, ...] = ()
) -> list[Span]:
    """Contact details of ``kind`` ('email' | 'phone' | 'web' | 'address') in the sentence, in text order.
    ``platforms``: words after which a bracketed word is a handle ("Facebook (IMDAsg)")."""
    text = idx.documents[doc_id].text
    if kind == "email":
        return _pattern_spans(text, doc_id, start, end, EMAIL, kind)
    if kind == "address":
        return _pattern_spans(text, doc_id, start, end, ADDRESS, kind)
    if kind == "phone":
        out = []
        for m in PHONE.finditer(text, start, end):
            if sum(ch.isdigit() for ch in m.group(0)) < 7:
                continue  # a year, a count, a date: too short for a telephone number
            line = text.rfind("\n", 0, m.start()) + 1
            if m.group(0).startswith("+") or _PHONE_LABEL.search(text[max(line, m.start() - 30) : m.start()]):
                out.append(Span(doc_id, m.start(), m.end(), kind))
        return out
    out = _pattern_spans(text, doc_id, start, end, URL, kind) + _pattern_spans(text, doc_id, start, end, HANDLE, kind)
    for word in platforms:
        for m in re.finditer(rf"\b{re.escape(word)}\b\s*\(\s*@?([A-Za-z0-9_.]{{2,}})\s*\)", text[start:end], re.I):
            a = start + m.start(1)
            out.append(Span(doc_id, a, start + m.end(1), kind))
    return sorted(set(out), key=lambda s: (s.start, -s.end))


_DAY_RANGE = re.compile(r"(?<![\d.,])\d{1,2}(?:\s?[–-]\s?|\s+(?:to|until|till)\s+)$")


def dates(idx: LoadedIndex, doc_id: str, start: int, end: int, *, loose: bool = False) -> list[Span]:
    """Calendar dates in the sentence: written-out dates first, then the tagger's (years, "June 2020");
    with ``loose``, in a sentence with none, a month alone ("in July") or a time told from the
    document's date ("last week")."""
    text = idx.documents[doc_id].text
    out = _pattern_spans(text, doc_id, start, end, DATE, "date")
    # ("8–9 September 2026", "from 9 to 11 June 2026": a range of days is one date)
    out = [
        dataclasses.replace(s, start=start + m.start()) if (m := _DAY_RANGE.search(text[start : s.start])) else s
        for s in out
    ]
    out += [
        s
        for s in _pattern_spans(text, doc_id, start, end, DAY_MONTH, "date")
        if not any(o.start < s.end and s.start < o.end for o in out)
    ]
    for s in tagged(idx, doc_id, start, end, ("date",)):
        # Only dates a calendar can place: a year or a month name ("the past year" is not one).
        if re.search(r"\b(?:19|20)\d{2}\b", text[s.start : s.end]) and not any(
            o.start <= s.start < o.end or s.start <= o.start < s.end for o in out
        ):
            out.append(s)
    if loose and not out:
        seg = text[start:end]
        out = [Span(doc_id, start + m.start(1), start + m.end(1), "date") for m in MONTH_ALONE.finditer(seg)]
        out += [Span(doc_id, start + m.start(), start + m.end(), "date") for m in RELATIVE_DATE.finditer(seg)]
    return sorted(out, key=lambda s: s.start)


def in_dateline(text: str, sentence_start: int, span: Span) -> bool:
    """Whether ``span`` is the date of a dateline opening its sentence ("PORT LOUIS, 9 May 2026 –"):
    before it, a place in capitals and no word in lower case. A dateline says when the release was
    issued, not when anything it announces will happen."""
    before = text[sentence_start : span.start]
    # (on one line: a table row's cells on lines of their own — "8th JIC Meeting", "September 2026
    # (TBC)" — are no dateline)
    return "\n" not in before and bool(re.search(r"\b[A-Z]{3,}\b", before)) and not re.search(r"\b[a-z]{2,}", before)


def iso_date(text: str) -> str | None:
    """A written date as 'YYYY-MM-DD' (month and year alone: the first; a year alone: 1 January)."""
    from ..lexicon import MONTH_NUMBER

    cjk = re.search(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?", text)
    if cjk:
        return f"{cjk.group(1)}-{int(cjk.group(2)):02d}-{int(cjk.group(3) or 1):02d}"
    year = re.search(r"\b(19|20)\d{2}\b", text)
    if not year:
        return None
    month = re.search(rf"\b({MONTH_PATTERN})\b", text, re.I)
    day = re.search(r"\b(\d{1,2})\b(?!\d)", text.replace(year.group(0), ""))
    m = MONTH_NUMBER[month.group(1).lower()] if month else 1
    dd = int(day.group(1)) if (day and month and 1 <= int(day.group(1)) <= 31) else 1
    return f"{year.group(0)}-{m:02d}-{dd:02d}"


def iso_latest(text: str) -> str | None:
    """The last day a written date may mean, as 'YYYY-MM-DD' ("November 2026" → 2026-11-31, "the
    fourth quarter of 2026" → 2026-12-31): what a plan's date is compared by ("will it happen after
    the release?"). (The 31st of any month: the comparison is by text, not by calendar.)"""
    iso = iso_date(text)
    if iso is None:
        return None
    cjk = re.search(r"年\s*\d{1,2}\s*月(\s*\d{1,2}\s*[日号])?", text)
    if cjk:
        return iso if cjk.group(1) else iso[:8] + "31"
    if not re.search(rf"\b(?:{MONTH_PATTERN})\b", text, re.I):
        return iso[:4] + "-12-31"
    day = re.search(r"\b(\d{1,2})\b(?!\d)", re.sub(r"\b(?:19|20)\d{2}\b", "", text))
    return iso if day and 1 <= int(day.group(1)) <= 31 else iso[:8] + "31"


def amounts(idx: LoadedIndex, doc_id: str, start: int, end: int) -> list[Span]:
    text = idx.documents[doc_id].text
    out = _pattern_spans(text, doc_id, start, end, MONEY, "amount")
    out += [s for s in tagged(idx, doc_id, start, end, ("amount",)) if not any(o.start <= s.start < o.end for o in out)]
    return sorted(out, key=lambda s: s.start)


@functools.lru_cache(maxsize=512)  # compiled once per noun: re's own cache is too small for these
def count_pattern(noun: str) -> re.Pattern[str]:
    """A number followed, within a few words, by ``noun`` or the release's other word for it:
    an MOU is also "a memorandum" or "an agreement" (and "memoranda" an MOU), a project also "an
    initiative"."""
    low = noun.lower()
    stem = re.escape(low.rstrip("s")[:6])
    kind = next((words for words in (KIND_NOUNS["org"], KIND_NOUNS["person"]) if low in words), None)
    if kind is KIND_NOUNS["org"] and low not in ORG_ROLE_NOUNS:
        kind = kind - ORG_ROLE_NOUNS  # ("how many companies" is not answered by "the two sides")
    if kind:  # "how many firms" is answered by "four companies": any noun of the same kind
        stem = "(?:" + "|".join(sorted({re.escape(w.rstrip("s")[:6]) for w in kind}, key=len, reverse=True)) + ")"
    elif re.match(r"mou|memorand|agreement|pact|accord|deal", low):
        stem = r"(?:mou|memorand|agreement|pact|accord|deal)"  # ("five pacts", "eleven deals": MOUs)
    elif re.match(r"project|initiative", low):
        stem = r"(?:project|initiative)"
    # Not the end of a hyphenated number ("Twenty-five" is not "five") and never a year ("since
    # 2019, 83 projects" counts 83).
    # ("31 of them small and medium enterprises (SMEs)": a short form in brackets after the words
    # it stands for is the noun, however many words those take)
    return re.compile(
        rf"(?<![\w-])(?!(?:19|20)\d\d\b)({NUMBER.pattern})\s+"
        rf"(?:(?:[\w-]+\W+){{0,4}}?{stem}\w*|(?:[\w-]+\s+){{1,8}}?[\w-]+\s*\({stem}\w*\))",
        re.I,
    )


def closest_number(text: str, start: int, end: int) -> re.Match[str] | None:
    """The number nearest the counted noun in a count match ("the two institutions will exchange
    200 students": 200 counts the students), never a year."""
    found = [m for m in numbers(text, start, end) if not _YEAR.fullmatch(m.group(0))]
    return found[-1] if found else None


def numbers(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The numbers in ``text[start:end]``, but not a number word that begins a name ("ONE
    Championship", "One North Partners" mid-sentence: a capitalised word follows it there), nor
    the figures of a date or an ordinal."""
    out = []
    # (the day of a date and an ordinal's figure count nothing: "2 April 2025", "the 3rd meeting")
    dated = [(d.start(), d.end()) for d in DATE.finditer(text, start, end)]
    # (a headline in title case capitalises its numbers too: "… Launch Eleven Projects at …")
    titled = _title_case(text[start:end])
    for m in NUMBER.finditer(text, start, end):
        w = m.group(0)
        if any(a <= m.start() < b for a, b in dated) or re.match(r"(?:st|nd|rd|th)\b", text[m.end() : m.end() + 3]):
            continue
        if w[:1].isalpha() and w[:1].isupper():
            at_start = not text[start : m.start()].strip() or bool(re.search(r"[.!?:]\s*$", text[start : m.start()]))
            follows = re.match(r"\s+([A-Z][\w&'’-]*)", text[m.end() : end])
            if (
                follows
                and (w.isupper() and len(w) > 1 or not at_start and not titled)
                and not follows.group(1).isupper()
            ):
                continue
        out.append(m)
    return out


_YEAR = re.compile(r"(?:19|20)\d\d")


def _title_case(sentence: str) -> bool:
    """Whether a sentence is a headline in title case (most of its longer words capitalised)."""
    long_words = re.findall(r"[A-Za-z][\w'’-]{3,}", sentence)
    return len(long_words) >= 4 and sum(w[0].isupper() for w in long_words) >= 0.7 * len(long_words)


def count_of(idx: LoadedIndex, doc_id: str, start: int, end: int, noun: str | None) -> Span | None:
    """The number that counts ``noun`` in the sentence ("Eight MOUs", "14 new joint projects")."""
    text = idx.documents[doc_id].text
    if not noun:
        return None
    money = [(s.start, s.end) for s in _pattern_spans(text, doc_id, start, end, MONEY, "amount")]
    for m in count_pattern(noun).finditer(text, start, end):
        inner = closest_number(text, m.start(), m.end())
        if inner is None:
            continue
        if any(a <= inner.start() < b for a, b in money):
            continue  # "100 million yuan ($13.8 million), to let companies …" counts no companies
        worded = inner.group(0)[:1].isalpha() and _title_case(text[start:end])
        if not worded and _identified(text, max(start, inner.start() - 20), inner.start()):
            continue  # (not "Launch Eleven Projects" in a headline: every word is capitalised there)
        gap = text[inner.end() : m.end()].rsplit(None, 1)[0] if " " in text[inner.end() : m.end()] else ""
        if _OTHER_COUNTED.search(gap):
            continue  # "four companies signed MOUs" counts the companies, not the MOUs
        word = m.group(0).split()[-1]
        if (
            gap.strip()
            and noun.lower() in KIND_NOUNS["org"] | KIND_NOUNS["person"]
            and not word.lower().startswith(noun.lower().rstrip("s")[:5])
            and not _counts_word(text, start, end, inner.end() - 1, (m.end() - len(word), m.end()))
        ):
            # (only another word of the same kind — "business" for "companies" — is checked by the
            # parse: the question's own noun, or an MOU's other names, after the number is its count)
            continue  # "about 150 one-to-one business meetings" counts meetings, not businesses
        return Span(doc_id, inner.start(), inner.end(), "number")
    told = _number_of(noun).search(text, start, end)
    if told:
        # "we will double the number of places in the exchange to 200": the number it is brought to
        return Span(doc_id, told.start(1), told.end(1), "number")
    return _cjk_count_of(text, doc_id, start, end, noun)


@functools.lru_cache(maxsize=512)
def _number_of(noun: str) -> re.Pattern[str]:
    """ "the number of <noun> … to / reached / stood at <figure>": a count told after its noun."""
    stem = re.escape(noun.lower().rstrip("s")[:6])
    return re.compile(
        rf"\bnumber\s+of\s+(?:[\w-]+\s+){{0,2}}?{stem}\w*\b[^.;:]{{0,60}}?"
        rf"\b(?:to|at|reached|reaches|was|is|stood\s+at|totalled|totaled|hit)\s+((?:{NUMBER.pattern}))",
        re.I,
    )


def _counts_word(text: str, start: int, end: int, number_at: int, word: tuple[int, int]) -> bool:
    """Whether the sentence's parse has the number at ``number_at`` count the word ``word`` (its
    offsets); true when the parse names no counted noun (the pattern's reading stands)."""
    from . import syntax

    head = syntax.counted(text[start:end], number_at - start)
    return head is None or word[0] <= start + head[0] < word[1]


# A number and its measure word in Chinese ("24支", "11项", "五家", "30台"): what it counts is the noun
# read right after it ("24支队伍" — teams; the glossary's or the dictionary's reading) or, in a tally,
# right before it ("新加坡项目98个"). (Measure words are a small closed class of the grammar.)
_CJK_COUNT = re.compile(r"(\d+|[零一二两三四五六七八九十百千]+)\s*[个項项支家份名位所批场件次届台辆座条款架艘]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{1,8}")


def _cjk_count_of(text: str, doc_id: str, start: int, end: int, noun: str) -> Span | None:
    got = cjk_count(text, noun, start, end)
    return Span(doc_id, got[0], got[1], "number") if got else None


def cjk_count(text: str, noun: str | None, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """Where a Chinese number counts ``noun`` in ``text[start:end]`` ("24支队伍" for "teams")."""
    from ..crosslingual import has_cjk, to_english
    from ..sparse import tokenize

    end = len(text) if end is None else end
    if not noun or not has_cjk(text[start:end]):
        return None
    wanted = set(tokenize(noun))
    for m in _CJK_COUNT.finditer(text, start, end):
        after = _CJK_RUN.match(text, m.end(), end)
        before = re.search(r"[\u3400-\u9fff]{1,6}$", text[max(start, m.start() - 6) : m.start()])
        for run in (after.group(0) if after else "", before.group(0) if before else ""):
            if run and wanted <= set(tokenize(to_english(run, dictionary=True))):
                return m.start(1), m.end(1)
    return None


# A plural noun and its verb between a number and the noun asked: the number counts that noun.
_OTHER_COUNTED = re.compile(r"\w{3,}s\s+(?:\w+ed|will|would|have|has|had|are|were|to)\b")


# "Phase 3 projects", "Annex 2 items": a number right after a capitalised word names something;
# it does not count it.
_IDENTIFIER_BEFORE = re.compile(r"(?<![.!?]\s)(?<![.!?\n])(?<![.!?]\s\s)(?<!\n)\b([A-Z][a-z]+)\s+$")


def _identified(text: str, a: int, b: int) -> bool:
    """Whether the number at ``b`` follows a capitalised word that names something with it ("Phase
    3"), not a sentence's first word or a determiner ("The five MOUs exchanged …")."""
    m = _IDENTIFIER_BEFORE.search(text, a, b)
    return m is not None and m.start(1) > 0 and m.group(1).lower() not in DETERMINERS


def people(idx: LoadedIndex, doc_id: str, start: int, end: int) -> list[Span]:
    """People named in the sentence, with the honorific kept when the release printed one, and
    people named by title and surname ("Minister of State Loh") whom the document names in full."""
    text = idx.documents[doc_id].text
    out = []
    for s in tagged(idx, doc_id, start, end, ("person",)):
        if EVENT_WORDS.search(text[s.start : s.end].split()[-1]):
            continue  # "the 2nd Harbour Council meeting": the tagger's person is a body's name
        if re.search(r"\d|\s[–—]\s", text[s.start : s.end]):
            continue  # "RIVERTON, 21 October 2024 – Aerolyte …": a dateline run, no one's name
        m = _HONORIFIC.search(text, max(start, s.start - 12), s.start)
        out.append(Span(doc_id, m.start() if m else s.start, s.end, "person"))
    found = _titled_surnames(idx, doc_id, start, end) + _said_surnames(idx, doc_id, start, end)
    for s in found + _titled_names(idx, doc_id, start, end):
        if not any(o.start < s.end and s.start < o.end for o in out):
            out.append(s)
    return sorted(out, key=lambda s: s.start)


# A run of capitalised words (with the "and", "of", "for" inside a department's name) after a title.
_CAPITAL_RUN = re.compile(r"[ \t]+((?:[A-Z][\w&'’-]*|and|of|for|the|&)(?:[ \t]+(?:[A-Z][\w&'’-]*|and|of|for|the|&))*)")


def _lower_words(idx: LoadedIndex) -> frozenset[str]:
    """Words the releases also print in lower case ("information", "development"): a word they
    never do ("Angela", "Chew") is part of a name (computed once per generation)."""
    got = idx.derived.get("lower_words")
    if got is None:
        got = frozenset(w for doc in idx.documents.values() for w in re.findall(r"(?<![\w-])[a-z][a-z'’-]*", doc.text))
        idx.derived["lower_words"] = got
    return got


def _titled_names(idx: LoadedIndex, doc_id: str, start: int, end: int) -> list[Span]:
    """ "Second Permanent Secretary for Communications and Information Angela Chew": a person the
    tagger missed, named in full after a title and the department it is for. The name is the first
    two to four capitalised words after the title that the releases never print in lower case,
    which tells them from the department's words ("Communications", "Information")."""
    text = idx.documents[doc_id].text
    lower = _lower_words(idx)
    out = []
    for m in re.finditer(r"\b[A-Z][a-z-]+\b", text[start:end]):
        if m.group(0).lower() not in ROLE_NOUNS:
            continue
        run = _CAPITAL_RUN.match(text, start + m.end(), end)
        if run is None:
            continue
        words = list(re.finditer(r"\S+", run.group(1)))
        first = next(
            (i for i, w in enumerate(words) if w.group(0)[:1].isupper() and w.group(0).lower() not in lower), None
        )
        if first is None or any(w.group(0).lower() in ROLE_NOUNS for w in words[:first]):
            continue  # (no name before the next title: that title's own name is another person's)
        last = first
        while (
            last + 1 < len(words)
            and words[last + 1].group(0)[:1].isupper()
            and words[last + 1].group(0).lower() not in lower
        ):
            last += 1
        name = [w.group(0) for w in words[first : last + 1]]
        if (
            not 1 <= last - first <= 3
            or any(w.lower() in ROLE_NOUNS or re.search(r"['’]s$", w) for w in name)
            or (last + 1 < len(words) and words[last + 1].group(0)[:1].isupper())
        ):
            continue  # (not "Shenzhen Municipal People's Government", "Executive Officer")
        a, b = run.start(1) + words[first].start(), run.start(1) + words[last].end()
        if ORG_WORD.search(text, a, b):
            continue  # (a body's name: "Shenzhen Municipal Commerce Bureau")
        if any(
            x.start < b and a < x.end and not re.sub(r"^(?:the|The)\s+", "", text[x.start : max(x.start, a)]).strip()
            for x in tagged(idx, doc_id, start, end, ("org", "place"))
        ):
            # (a body or place the tagger knows, "the Shenzhen Municipal Commerce Bureau"; not a body
            # that swallowed the name after it, "National Development Miriam Oon")
            continue
        out.append(Span(doc_id, a, b, "person"))
    return out


# One capitalised word saying something: "Zhao told the meeting", "…,” said Koh".
_SAID_BY_WORD = re.compile(
    r"\b([A-Z][a-z]+)\s+(?:said|says|told|added|noted|stressed|explained|recalled)\b"
    r"|[,”\"]\s*(?:said|says|added|noted)\s+([A-Z][a-z]+)\b(?![ -]?[A-Z])"
)


def _said_surnames(idx: LoadedIndex, doc_id: str, start: int, end: int) -> list[Span]:
    """ "Zhao told the meeting": a person a news story names by surname alone once introduced. Only
    a word of the name of someone the same document names in full counts, so a body or a place
    saying something ("Shenzhen said") is no person."""
    text = idx.documents[doc_id].text
    out = []
    for m in _SAID_BY_WORD.finditer(text, start, end):
        k = 1 if m.group(1) else 2
        if m.group(k) in _person_words(idx, doc_id) and m.group(k).lower() not in ROLE_NOUNS:
            out.append(Span(doc_id, m.start(k), m.end(k), "person"))
    return out


# A title then one capitalised word that no capitalised word follows: "Minister of State Loh and
# the delegation", "Vice Mayor Huang said". The title's last word must be a role noun (checked
# below); the words before it qualify it ("Senior", "Vice", "Deputy").
_TITLED = re.compile(r"\b((?:[A-Z][a-z]+[ -]){0,3}[A-Z][a-z-]+(?: (?:of|for) State)?) ([A-Z][a-z]+)\b(?![ -]?[A-Z])")


def _person_words(idx: LoadedIndex, doc_id: str) -> frozenset[str]:
    """The words of the names of the people the tagger found in a document."""
    key = ("person_words", doc_id)
    got = idx.derived.get(key)
    if got is None:
        text = idx.documents[doc_id].text
        got = frozenset(
            w
            for s in tagged(idx, doc_id, 0, len(text), ("person",))
            for w in re.findall(r"[A-Z][a-z]+", text[s.start : s.end])
        )
        idx.derived[key] = got
    return got


def _titled_surnames(idx: LoadedIndex, doc_id: str, start: int, end: int) -> list[Span]:
    """ "Minister of State Loh": a person the tagger missed, named by title and surname. Only a
    surname of someone the same document names in full counts ("Vincent Loh Kah Wai"), so a title
    before a common capitalised word ("Director General", "Minister Mentor") is no person."""
    text = idx.documents[doc_id].text
    out = []
    for m in _TITLED.finditer(text, start, end):
        if _titled_surname(m.group(0)) and m.group(2) in _person_words(idx, doc_id):
            out.append(Span(doc_id, m.start(1), m.end(2), "person"))
    return out


def _titled_surname(name: str) -> str | None:
    """The surname of a name written as title and surname ("Minister of State Loh" → "Loh")."""
    m = _TITLED.fullmatch(name)
    if m is None:
        return None
    title, surname = m.group(1).split(), m.group(2)
    role = title[-3] if title[-2:] == ["of", "State"] or title[-2:] == ["for", "State"] else title[-1]
    return surname if role.lower() in ROLE_NOUNS and surname.lower() not in ROLE_NOUNS else None


# "The Ministry of Communications and Information (MCI)": a name spelled out before its short form.
_SPELLED_BEFORE = re.compile(r"(?:\bThe[ \t]+)?((?:[A-Z][\w&'’-]*[ \t]+(?:(?:of|and|for|the)[ \t]+)*){1,8})\($")


def with_long_form(idx: LoadedIndex, span: Span) -> Span:
    """A short form in brackets with the name the release spells out right before it ("MCI" in
    "the Ministry of Communications and Information (MCI)" → the whole), else ``span``."""
    text = idx.documents[span.doc_id].text
    if span.start == 0 or text[span.start - 1] != "(" or text[span.end : span.end + 1] != ")":
        return span
    m = _SPELLED_BEFORE.search(text, max(0, span.start - 160), span.start)
    return Span(span.doc_id, m.start(1), span.end + 1, span.type) if m else span


def fullest_name(idx: LoadedIndex, span: Span) -> Span:
    """The fullest form of a person's name the same release prints: "Mr Leong" said it, and the
    release named him "Mr Joseph Leong" first. ``span`` itself when no fuller form exists."""
    text = idx.documents[span.doc_id].text
    words = _name_words(text[span.start : span.end])
    if not words:
        return span
    for other in people(idx, span.doc_id, 0, len(text)):
        theirs = _name_words(text[other.start : other.end])
        # The short form is the surname, printed last ("Joseph Leong") or first ("Tan Mei Ling"),
        # or second after a given name ("Vincent Loh Kah Wai" for "Minister of State Loh").
        if len(theirs) > len(words) and words in (theirs[-len(words) :], theirs[: len(words)]):
            return other
        if len(words) == 1 and len(theirs) >= 3 and theirs[1] == words[0]:
            return other
    return span


def _name_words(name: str) -> list[str]:
    surname = _titled_surname(name)
    if surname:
        return [surname]  # "Minister of State Loh"
    return [w for w in re.findall(r"[A-Z][\w'’-]*", name) if not _HONORIFIC.fullmatch(w + " ")]


def _side_of(text: str, a: int, lo: int) -> str | None:
    """The side ('singapore'/'china') named in the words just before a name (its title)."""
    before = re.split(r"[;]|\band\b(?=[^,]*$)", text[max(lo, a - 90) : a].lower())[-1]
    return _one_side(before) or office_side(before)


def _one_side(text: str) -> str | None:
    """The one side ('singapore'/'china') lower-cased ``text`` names; None for neither or both."""
    found = [side for side, forms in SIDE_WORDS.items() if any(re.search(rf"\b{re.escape(f)}\b", text) for f in forms)]
    return found[0] if len(found) == 1 else None


def _side_of_affiliation(text: str, person: Span) -> str | None:
    """The side of the organisation the document introduces a person with ("He Xiaoyu, general
    manager of Shenzhen Dapeng Smart Tourism"), for a sentence that gives none ("Its general manager,
    Ms He Xiaoyu, signed …")."""
    from ..dialogue import affiliation

    name = HONORIFIC_START.sub("", text[person.start : person.end], count=1).strip()
    works_at = affiliation(text, name) if name else None
    if not works_at:
        return None
    words = set(re.findall(r"[a-z]+", works_at.lower()))
    found = [side for side, forms in SIDE_WORDS.items() if words & set(forms)]
    return found[0] if len(found) == 1 else None


def _side_of_person(idx: LoadedIndex, person: Span, lo: int) -> str | None:
    """The side of a person named in a sentence starting at ``lo``: from the title before the name,
    else from the organisation the document introduces them with. A person named by title and
    surname ("I warmly welcome Minister of State Loh") has their title in the name, so the words
    before it are another clause's: their side is that of the full name's introduction."""
    text = idx.documents[person.doc_id].text
    if _titled_surname(text[person.start : person.end]):
        full = fullest_name(idx, person)
        if full == person:
            return None
        line_end = text.find("\n", full.end)
        # The title on the full name's own line, before or after it ("Honourable Mr Vincent Loh
        # Kah Wai, Minister of State … of Singapore,").
        after = re.split(r"[;.]", text[full.end : line_end if line_end >= 0 else len(text)])[0].lower()
        lo = text.rfind("\n", 0, full.start) + 1
        return _side_of(text, full.start, lo) or _one_side(after) or _side_of_affiliation(text, full)
    return (
        _side_of(text, person.start, lo)
        or _appositive_side(text, person)
        or _side_of_affiliation(text, person)
        or _side_elsewhere(idx, text[person.start : person.end])
    )


def _side_elsewhere(idx: LoadedIndex, name: str) -> str | None:
    """The side other releases give a person a sentence names bare ("co-chaired by Ms Clara Yeo and
    Mr Zhou Hanlin" — "Vice-Mayor of Shenzhen Mr Zhou Hanlin" in the release before): the one side
    their titles there agree on (computed once per name and generation)."""
    bare = HONORIFIC_START.sub("", name, count=1).strip()
    if len(bare.split()) < 2:
        return None  # (a surname alone may be anyone's)
    cache = idx.derived.setdefault("person_sides", {})
    if bare not in cache:
        found = set()
        for doc in idx.documents.values():
            for m in re.finditer(rf"(?<![\w-]){re.escape(bare)}(?![\w-])", doc.text):
                lo = doc.text.rfind("\n", 0, m.start()) + 1
                at = Span(doc.doc_id, m.start(), m.end(), "person")
                side = _side_of(doc.text, m.start(), lo) or _appositive_side(doc.text, at)
                if side:
                    found.add(side)
        cache[bare] = next(iter(found)) if len(found) == 1 else None
    return cache[bare]


def _appositive_side(text: str, person: Span) -> str | None:
    """The side the title set after a name gives ("Mr Peng Guohua, Deputy Director-General of the
    Shenzhen Municipal Commerce Bureau"; "Ms Wang Lijuan, Vice Governor of Anhui Province": an office
    of one side's government)."""
    m = re.match(r",\s*([^,;.()]{3,120})", text[person.end : person.end + 130])
    if not m or re.match(r"\s*(?:who|which|and)\b", m.group(1)):
        return None
    said = _one_side(m.group(1).lower()) or office_side(m.group(1).lower())
    if said:
        return said
    # "Dr Amos Lim, Chief Executive Officer, QSafe Networks Pte Ltd, and Mr Chen Yufeng, President,
    # Hefei Quantum Link Technology Co., Ltd.": the title, then the body, up to the next person.
    rest = re.split(r";|\.\s|\s+and\s+(?=" + HONORIFIC_START.pattern + ")", text[person.end + 1 : person.end + 220])[0]
    return _one_side(rest.lower()) or legal_side(rest)


def person_for_side(idx: LoadedIndex, doc_id: str, start: int, end: int, side: str) -> tuple[list[Span], Span | None]:
    """People of one side in the sentence, and otherwise the phrase the release uses for that side.

    Returns:
        (people of that side, a describing phrase such as "a representative from the Chinese
        government" when the sentence names no person of that side).
    """
    text = idx.documents[doc_id].text
    everyone = people(idx, doc_id, start, end)
    sides = {p: _side_of_person(idx, p, start) for p in everyone}
    mine = [p for p in everyone if sides[p] == side]
    if not mine:
        others = [p for p in everyone if sides[p] not in (None, side)]
        unknown = [p for p in everyone if sides[p] is None]
        if others and len(unknown) == 1:
            mine = unknown  # by elimination: the other side's person is named as such
    if mine:
        return mine, None
    # No person of that side: the clause that names the side ("a representative from the Chinese government").
    forms = SIDE_WORDS[side]
    pos = start
    for piece in re.split(r",|;|\band\b", text[start:end]):
        a = text.index(piece, pos) if piece else pos
        pos = a + len(piece)
        stripped = piece.strip(" .")
        if not stripped:
            continue
        a += piece.index(stripped)
        if (
            _ARTICLE_PHRASE.match(stripped)
            and not _FINITE_VERB.search(stripped)
            and any(re.search(rf"\b{re.escape(f)}\b", stripped.lower()) for f in forms)
            # a phrase for a person ("a representative from …"), not one for a company ("a leading
            # technology incubator in China")
            and any(w in ROLE_NOUNS for w in re.findall(r"[a-z-]+", stripped.lower())[:4])
        ):
            return [], Span(doc_id, a, a + len(stripped), "description")
    return [], None


_SUBJECT_AFTER = re.compile(
    r"(?:\s+and\s+[A-Z][\w-]*)?\s+(?:held|hosted|signed|agreed|launched|met|will|have|has|are|were|jointly)\b"
)


def _title_after(text: str, end: int) -> bool:
    m = re.match(r"\s+([A-Za-z-]+)", text[end : end + 30])
    return bool(m and m.group(1).lower() in ROLE_NOUNS)


def place_names(idx: LoadedIndex) -> frozenset[str]:
    """Names the releases give as places: tagged places, and capitalised single words after "in"
    that the tagger did not type otherwise ("in Qianhai"), computed once per generation."""
    cached = idx.derived.get("place_names")
    if cached is None:
        names = set()
        for doc_id, doc in idx.documents.items():
            names |= {doc.text[s.start : s.end] for s in tagged(idx, doc_id, 0, len(doc.text), ("place",))}
            for m in re.finditer(r"\bin\s+([A-Z][a-z]{3,})\b(?=[,.]|\s+(?:and|or)\b)", doc.text):
                if m.group(1).lower() in MONTH_NUMBER:
                    continue  # "in March, …" says when
                if not tagged(idx, doc_id, m.start(1), m.end(1), ("org", "person", "date")):
                    names.add(m.group(1))
        cached = frozenset(n for n in names if not n.isupper() and len(n) > 2)
        idx.derived["place_names"] = cached
    return cached


def _place_pattern(idx: LoadedIndex) -> re.Pattern[str] | None:
    """One pattern for every name in ``place_names`` (longest first), compiled once per generation."""
    if "place_pattern" not in idx.derived:
        names = sorted(place_names(idx), key=len, reverse=True)
        idx.derived["place_pattern"] = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None
        )
    return idx.derived["place_pattern"]


@functools.cache
def _territory_names() -> dict[str, str]:
    """CLDR's English territory names by code (Babel)."""
    from babel import Locale

    return dict(Locale("en").territories)


@functools.cache
def _territories() -> tuple[frozenset[str], frozenset[str]]:
    """The names of countries and of world regions ("Southeast Asia", "Europe"), lower case, from
    the Unicode CLDR's English territory names (Babel)."""
    names = _territory_names()
    countries = frozenset(n.lower() for code, n in names.items() if code.isalpha())
    regions = frozenset(n.lower() for code, n in names.items() if code.isdigit())
    return countries, regions


def place_scale(name: str) -> int:
    """How wide a place is: 2 a world region, 1 a country, 0 anything narrower or unknown (a city,
    a district: what no list of countries and regions holds)."""
    countries, regions = _territories()
    low = re.sub(r"^the\s+", "", name.strip().lower())
    return 2 if low in regions else 1 if low in countries else 0


@functools.cache
def _city_states() -> frozenset[str]:
    """Countries that may be asked about as a city ("Singapore", "Monaco"), lower case: those whose
    only name in CLDR's time zones (Babel's zone territories) is their own, as a city-state's zone
    is. (Some small states whose zone bears the country's name come along: "which city" answered
    by them is a lesser harm than "no city is given" when the release says "in Singapore".)"""
    from babel.core import get_global

    countries = {code: name.lower() for code, name in _territory_names().items()}
    return frozenset(
        countries[code]
        for zone, code in get_global("zone_territories").items()
        if code in countries and zone.rsplit("/", 1)[-1].replace("_", " ").lower() == countries[code]
    )


def is_city(name: str) -> bool:
    """Whether a place is a city: narrower than a country, or a country that is one city."""
    low = re.sub(r"^the\s+", "", name.strip().lower())
    return not place_scale(name) or low in _city_states()


# Verbs that put something at a site: "was held at the …", "is located in the …".
_SITED = re.compile(
    r"\b(?:held|located|based|situated|headquartered|housed|hosted|convened|met|took place|opened|sited)\s+"
    r"(?:\w+\s+){0,2}$",
    re.I,
)


def places(idx: LoadedIndex, doc_id: str, start: int, end: int, *, loose: bool = False) -> list[Span]:
    """Places in the sentence: tagged places and capitalised names after "in"/"at" ("in Qianhai");
    with ``loose``, tagged places anywhere in it too ("has chosen Qianhai as the location")."""
    text = idx.documents[doc_id].text
    # A place in capitals is a dateline ("SINGAPORE, 25 November 2022 –"): where the release was
    # issued, not where anything happened.
    out = [
        s
        for s in tagged(idx, doc_id, start, end, ("place",))
        if not text[s.start : s.end].isupper()
        and (loose or re.search(r"\b(?:in|at)\s+(?:the\s+)?$", text[max(start, s.start - 12) : s.start]))
    ]
    if loose:
        # A name the releases give as a place elsewhere is one here too, where the tagger missed
        # it ("has chosen Qianhai as the location" beside "in Qianhai, Shenzhen").
        known = _place_pattern(idx)
        for m in known.finditer(text, start, end) if known is not None else ():
            a, b = m.start(), m.end()
            if not any(o.start < b and a < o.end for o in out) and not tagged(idx, doc_id, a, b, ("org", "person")):
                out.append(Span(doc_id, a, b, "place"))
    # A place joined by a hyphen into a longer name ("the Singapore-China (Shenzhen) Smart City
    # Initiative", "Shenzhen-Singapore Joint Innovation Call") names a programme, not a location.
    # So does a place in brackets after a name ("Singapore-China (Shenzhen) Smart City Initiative"),
    # and "between Singapore and Shenzhen" relates two places rather than locating anything.
    out = [
        s
        for s in out
        if not (
            re.match(r"[-–][A-Z]", text[s.end : s.end + 2])
            or re.search(r"[A-Za-z][-–]$", text[max(0, s.start - 2) : s.start])
            or re.search(r"[A-Za-z]\s*\($", text[max(0, s.start - 3) : s.start])
            or re.search(r"\)\s$", text[max(0, s.start - 2) : s.start])  # "(Shenzhen) Smart City Initiative"
            or _title_after(text, s.end)  # "Shenzhen Mayor Mr Wen Qiang": a title, not where
            or _SUBJECT_AFTER.match(text, s.end)  # "Singapore and Shenzhen held …": who, not where
            or re.search(r"\bbetween\s+(?:\S+\s+){0,3}(?:and\s+)?$", text[max(0, s.start - 40) : s.start])
            # "SINGAPORE, March 20 (Asia Newsdesk) - …": the agency a dateline carries, not a place
            or text[s.start - 1 : s.start] == "("
            and re.match(r"\)\s*[–—-]\s", text[s.end : s.end + 4])
        )
    ]
    for m in re.finditer(r"\b(?:in|at)\s+(the\s+)?((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,3})", text[start:end]):
        a, b = start + m.start(2), start + m.end(2)
        if all(w.isupper() for w in text[a:b].split()):
            continue  # acronyms after "at" are bodies and meetings ("at SCI JIC meetings"), not places
        if (
            m.group(1)
            and (
                len(text[a:b].split()) < 2
                or "-" in text[a:b]
                or text[b : b + 2] == " ("
                or not _SITED.search(text, max(start, start + m.start() - 40), start + m.start())
                # ("convened the sixth meeting … at the Lianhua Hill Convention Hall": a name ending in
                # a word for a site is one wherever the verb stands)
                and text[a:b].split()[-1].lower() not in KIND_NOUNS["place"] | SITE_HEADS
            )
        ):
            # "held at the Kent Ridge Convention Centre" is where; "in the Singapore-China (Shenzhen)
            # Smart City Initiative" a programme, "education in the Greater Bay Area" not a site.
            continue
        if text[a:b].split()[0].lower().rstrip(".") in MONTH_NUMBER:
            continue  # "signed in June 2020": a month, not a place
        # (a name ending in a word for a place is one, however it was tagged: "in Guangming District")
        kind_word = text[a:b].split()[-1].lower() in KIND_NOUNS["place"]
        # (nor does one joined to a place: "in Toa Payoh and Bedok", the first taken for a body)
        partner = _JOINED_PLACE.match(text, b, end)
        joined = partner is not None and bool(tagged(idx, doc_id, partner.start(1), partner.end(1), ("place",)))
        if tagged(idx, doc_id, a, b, ("date",)) or (
            tagged(idx, doc_id, a, b, ("org", "person")) and not kind_word and not joined
        ):
            continue
        if not any(o.start <= a < o.end or a <= o.start < b for o in out):
            out.append(Span(doc_id, a, b, "place"))
        # "in Punggol and Longhua", "in Yantian, Futian and Nanshan": the places joined to it
        at = b
        while True:
            more = _JOINED_PLACE.match(text, at, end)
            if more is None or tagged(idx, doc_id, more.start(1), more.end(1), ("org", "person", "date")):
                break
            if not any(o.start <= more.start(1) < o.end for o in out):
                out.append(Span(doc_id, more.start(1), more.end(1), "place"))
            at = more.end(1)
    venue = VENUE_LABEL.match(text, start)
    if venue and venue.end(1) <= end and not any(o.start < venue.end(1) and venue.start(1) < o.end for o in out):
        # "Venue: Shekou Cruise Centre, Shenzhen": a speech's or a transcript's header says where
        out.append(Span(doc_id, venue.start(1), venue.end(1), "place"))
    return sorted(out, key=lambda s: s.start)


VENUE_LABEL = re.compile(r"[ \t]*(?:venue|location|place)[ \t]*[:：][ \t]*([^\n,;]+(?:,[ \t]*[A-Z][^\n,;]*)?)", re.I)

# A place joined to the one before it: ", Futian", " and Longhua" (ending the list or the clause).
_JOINED_PLACE = re.compile(r"(?:,\s*|\s+and\s+)([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})(?=[\s,.;:)]|$)")
