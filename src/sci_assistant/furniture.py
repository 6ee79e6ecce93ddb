"""Page furniture in text saved from web pages: skip links, menus, widgets, share bars, bylines."""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .dates import DATE_LABEL, first_full_date
from .lexicon import MONTH_NUMBER

# Rules, never site lists. A line is furniture when its *shape* says so:
#
# * anywhere (short lines only): "Skip to main content", cookie notices, a line made only of share
#   words ("Share Tweet Email"), counters ("1,234 views"), read times, bylines ("By Jane Tan
#   January 5, 2024 Read time: 2 mins"), "Published/Updated <date>", weather widgets ("25 C
#   Singapore"), menus and breadcrumbs (three or more one-to-three-word parts between separators);
# * at the edges of a saved page (before its first sentence, after its last): lines of at most
#   three words that are not sentences, bare dates, and short lines repeated across files (a site's
#   banner, section names, footer links).
#
# Edge rules run only on a file that carries at least one of the unambiguous signals above, so a
# plain release (whose short lines are headings and annex labels) is never touched.

_MARKERS = re.compile(r"^\s*(?:#{1,6}\s+|[-*+•▪●◦‣]\s+|>\s*)?")
_INLINE = re.compile(r"\*\*|__|\\|\[([^\]]*)\]\([^)]*\)|<[^>]{0,200}>")
_WORD = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*")
_TERMINAL = re.compile(r"[.!?。！？:;]['\"”’)]*$")

_SKIP = re.compile(r"^(?:skip|jump|go)\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|search|menu)\b", re.I)
_COOKIE = re.compile(
    r"\bcookies?\b.*\b(?:accept|consent|use|using|policy|settings|preferences|agree)\b"
    r"|\b(?:accept|consent|use|using|policy|settings|preferences|agree)\b.*\bcookies?\b",
    re.I,
)
_SHARE_WORDS = {
    "share",
    "shares",
    "sharing",
    "tweet",
    "email",
    "e-mail",
    "mail",
    "print",
    "whatsapp",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "telegram",
    "reddit",
    "copy",
    "link",
    "save",
    "this",
    "article",
    "story",
    "page",
    "on",
    "via",
    "comment",
    "comments",
    "bookmark",
    "wechat",
    "weibo",
    "pinterest",
    "messenger",
    "line",
    "follow",
    "us",
    "gift",
    "listen",
    "分享",
    "分享到",
    "微信",
    "微博",
    "qq",
}
_SHARE_CORE = {
    "share",
    "tweet",
    "whatsapp",
    "facebook",
    "twitter",
    "linkedin",
    "telegram",
    "email",
    "print",
    "wechat",
    "weibo",
    "reddit",
    "bookmark",
    "分享",
    "分享到",
}
_COUNTER = re.compile(
    r"^\d[\d,.]*\s*k?\s*(?:views?|reads?|visits?|comments?|shares?|likes?|clicks?)$"
    r"|^(?:views?|visits?|visitors?|hits?|page\s*views?|reads?|visit\s+count)\s*[:：]?\s*\d[\d,.]*$",
    re.I,
)
_READ_TIME = re.compile(r"\bread(?:ing)?\s+time\b|\b\d+\s*-?\s*min(?:ute)?s?\.?\s+read\b", re.I)
_BYLINE = re.compile(r"^[Bb][Yy]\s+(?:[A-Z][\w.’'-]*|the)(?:\s+[A-Z][\w.’'-]*){0,4}\b")
# A line that stamps a page with when it was posted or updated ("Published: 27 November 2026").
STAMP_LINE = re.compile(
    r"^(?:(?:published|updated|posted|last\s+updated|first\s+published|date)\b\s*(?:on)?\s*[:：]?"
    r"|(?:发布时间|发布日期|发表时间|更新时间|日期|时间)\s*[:：])",
    re.I,
)
# "Continue reading at …", "Related stories", "Tags: …", "Sign up for our newsletter".
_PROMPT = re.compile(
    r"^(?:(?:photo|image|video|graphic|illustration)s?(?:\s+credit)?\s*[:：]|join\s+(?:us|our|\S+['’]s)\b.{0,60}\b(?:channel|newsletter|community|telegram|whatsapp)\b|continue\s+reading|read\s+more|read\s+the\s+full|related(?:\s+(?:stories|articles|news))?"
    r"|most\s+(?:read|popular|viewed)|trending|tags?\s*:|topics?\s*:|sign\s+up\b|subscribe\b"
    r"|log\s*in\b|sign\s+in\b|back\s+to\s+top|comments?\s*\(\d+\)"
    # an e-mail newsletter's own controls ("View this email in your browser", "Unsubscribe")
    r"|view\s+(?:this|it|the)\s+(?:e-?mail\s+|newsletter\s+)?(?:in|on)\s+(?:your|a|the)\s+(?:web\s+)?browser"
    r"|unsubscribe\b|forward\s+to\s+a\s+friend|update\s+your\s+preferences)",
    re.I,
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TEMPERATURE = re.compile(r"-?\d+(?:\.\d+)?\s*(?:°\s*[CF]?|[CF])(?![\w])")
_AD = re.compile(r"^(?:advertisement|sponsored(?:\s+content)?|ad|ads|promoted)$", re.I)
_SEPARATORS = re.compile(r"\s+[|›»>/•·]\s+|\t|\s{3,}")
_POINTING = re.compile(r"\s+[›»>]\s+")

# A word every furniture kind below needs (or a separator, for menus): lines without one — most
# lines of a release — are passed after one search instead of a dozen (measured: 5× faster).
_TRIGGER = re.compile(
    r"skip|jump|go\s+to|cookie|share|tweet|e-?mail|print|whatsapp|facebook|twitter|linkedin|telegram"
    r"|wechat|weibo|reddit|bookmark|view|read|visit|comment|like|click|hit|min|\bby\b|publish|updat"
    r"|post|date|°|\d\s*[CF]\b|advert|sponsor|promot|\bads?\b|continue|related|most|trending|tag|topic"
    r"|sign|subscribe|log|back\s+to\s+top|photo|image|video|graphic|illustration|join|分享|微信|微博|发布|发表|更新|日期|时间|[|›»>/•·\t]|\s{3}",
    re.I,
)
MAX_FURNITURE_CHARS = 600  # a cookie notice fits; longer lines are never read as furniture
MAX_FURNITURE_WORDS = 20  # longer lines are content whatever they contain
# A speech's or programme's header line ("Date: 14 August 2025", "Venue: Shekou Cruise Centre"):
# content, however short, and however many files (two speeches at one event) print it alike.
HEADER_LABEL = re.compile(r"^[ \t]*(?:date|venue|time|location|place|日期|时间|地点)[ \t]*[:：][ \t]*\S", re.I)
MAX_REPEATED_WORDS = 6  # a repeated line longer than this may be a copied headline: kept
SHORT_EDGE_WORDS = 3
MAX_TAIL_PROMPT_WORDS = 8


@dataclass(frozen=True)
class Cleaned:
    """A saved page's text without its furniture, and what the furniture told us."""

    text: str
    published: str | None  # the date a byline or "Published …" line gave
    dropped: tuple[str, ...] = ()  # the lines removed, for logs and tests
    author: str | None = None  # the name a byline gave ("By Ivy Zhong | 8 July 2026 | 6 min read")


def plain(line: str) -> str:
    """A line without markdown markers and inline markup, whitespace collapsed."""
    s = _MARKERS.sub("", line)
    s = _INLINE.sub(lambda m: m.group(1) or "", s)
    if "&" in s:
        s = html.unescape(s)
    return " ".join(s.split())


def _words(s: str) -> list[str]:
    """Words of ``s``; a run of Chinese characters counts as one word per two characters."""
    out = []
    for w in _WORD.findall(s):
        cjk = len(_CJK.findall(w))
        out.extend([w] if cjk < 4 else [w] * (cjk // 2))
    return out


def _is_menu(s: str) -> bool:
    parts = [p for p in _SEPARATORS.split(s) if p.strip()]
    if len(parts) >= 3 and all(len(_words(p)) <= 3 for p in parts):
        return True
    # A breadcrumb of two levels ("Tech > Smart City"): a separator that points from one section
    # to the next joins two capitalised names of a few words.
    steps = _POINTING.split(s)
    return len(steps) == 2 and all(1 <= len(_words(p)) <= 3 and p[:1].isupper() for p in steps)


def furniture_kind(line: str) -> str | None:
    """What kind of page furniture ``line`` is ('skip', 'cookie', 'share', 'counter', 'byline',
    'stamp', 'weather', 'ad', 'prompt', 'menu'), or None when it may be content."""
    if len(line) > MAX_FURNITURE_CHARS:
        return None
    if line.count(" ") > 2 * MAX_FURNITURE_WORDS and "cookie" not in line.lower():
        return None  # prose: only a cookie notice is that long
    if not _TRIGGER.search(html.unescape(line) if "&" in line else line):
        return None
    s = plain(line)
    if not s:
        return None
    words = _words(s)
    if len(words) > MAX_FURNITURE_WORDS and not _COOKIE.search(s):
        return None
    if _SKIP.match(s):
        return "skip"
    if _COOKIE.search(s) and len(words) <= 60:
        return "cookie"
    lowered = [w.lower() for w in words]
    if lowered and all(w in _SHARE_WORDS for w in lowered) and _SHARE_CORE & set(lowered):
        return "share"
    if _COUNTER.match(s):
        return "counter"
    if _READ_TIME.search(s) or (_BYLINE.match(s) and not _TERMINAL.search(s) and len(words) <= 14):
        return "byline"
    if STAMP_LINE.match(s) and first_full_date(s) and not DATE_LABEL.match(s):
        return "stamp"  # ("Date: 16 April 2026" above "Venue: …" is what the document is dated by: kept)
    temps = _TEMPERATURE.findall(s)
    if temps and (len(temps) >= 2 or len(words) <= 4) and not _TERMINAL.search(s):
        return "weather"
    if _AD.match(s):
        return "ad"
    if _PROMPT.match(s) and len(words) <= 16:
        return "prompt"
    if _is_menu(s) and not _TERMINAL.search(s):
        return "menu"
    return None


def _is_body_line(s: str) -> bool:
    """A line that reads as prose: a sentence of eight or more words, three of them lower-case
    (or, in Chinese, twenty characters ending a sentence). A headline is not one: it does not
    end a sentence."""
    if not s.rstrip().endswith((".", "!", "?", "。", "！", "？", "”", '"', "’", "'", ")")):
        return False
    if len(_CJK.findall(s[:400])) >= 20:
        return True
    words = _words(s[:400])
    return len(words) >= 8 and sum(1 for w in words if w[:1].islower()) >= 3


def line_key(line: str) -> str:
    """How a line is compared across files (case and spacing ignored)."""
    return plain(line).lower()


def edge_lines(raw: str) -> set[str]:
    """Keys of the short non-sentence lines at the edges of ``raw`` (for repeated_lines)."""
    lines = raw.split("\n")
    first, last = _body_bounds(lines)
    out = set()
    for i, line in enumerate(lines):
        if first <= i <= last:
            continue
        s = plain(line)
        if s and len(_words(s)) <= MAX_REPEATED_WORDS and not _TERMINAL.search(s):
            out.add(line_key(line))
    return out


def repeated_lines(texts: Iterable[str], min_files: int = 2) -> frozenset[str]:
    """Edge lines that occur in at least ``min_files`` of ``texts`` (a site's banner, its menu)."""
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(edge_lines(t))
    return frozenset(k for k, n in counts.items() if n >= min_files)


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _table_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines of markdown pipe tables: runs of "| … |" rows that hold a "|---|" rule."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        if not _PIPE_ROW.match(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and _PIPE_ROW.match(lines[j]):
            j += 1
        if any(_PIPE_RULE.match(lines[k]) for k in range(i, j)):
            out.update(range(i, j))
        i = j
    return out


# A wire story's closing credits are the story's own ("(Reporting by Lim Hui; Editing by Martin Hale)").
# A story's credits, kept as content: "(Reporting by …; Editing by …)", "（责任编辑：何静）".
_CREDITS = re.compile(
    r"^[(（]?\s*(?:(?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled)\s+by\s+[A-Z]|(?:责任编辑|编辑|撰稿|审核)\s*[:：])",
    re.I,
)


def _body_bounds(lines: list[str]) -> tuple[int, int]:
    """Index of the first and last line of the story: prose lines with another prose line at
    most two lines away (a lone sentence above the story — a standfirst — or below it — a
    promotion — is not the story). (len(lines), -1) when there is no prose."""
    body = [i for i, line in enumerate(lines) if _is_body_line(plain(line)) and furniture_kind(line) is None]
    if not body:
        return len(lines), -1
    run = [
        i
        for k, i in enumerate(body)
        if (k > 0 and i - body[k - 1] <= 3) or (k + 1 < len(body) and body[k + 1] - i <= 3)
    ]
    run = run or body
    return run[0], run[-1]


def strip_furniture(raw: str, repeated: frozenset[str] = frozenset()) -> Cleaned:
    """Drop page furniture from text saved from a web page (see the module docstring).

    Dropped lines become blank lines, so the paragraphs around them stay apart. Text without
    any furniture signal is returned unchanged.
    """
    lines = raw.split("\n")
    # A markdown table ("| No. | Title of MOU | Description |" over a "|---|" rule) is content, however
    # much its short header row looks like a menu: its rows are never dropped, and the story runs
    # through it (an annex's sub-headings between two tables are not a page's tail).
    table = _table_lines(lines)
    kinds = [None if i in table else furniture_kind(line) for i, line in enumerate(lines)]
    if not any(kinds):
        return Cleaned(raw, None)
    first, last = _body_bounds(lines)
    if table:
        first, last = min(first, min(table)), max(last, max(table))
    title_seen = False
    published: str | None = None
    author: str | None = None
    dropped: list[str] = []
    out: list[str] = []
    for i, (line, kind) in enumerate(zip(lines, kinds)):
        s = plain(line)
        edge = i < first or i > last
        drop = kind is not None
        if not drop and edge and s and not HEADER_LABEL.match(s) and not _CREDITS.match(s):
            words = _words(s)
            bare_date = first_full_date(s) is not None and len(words) <= 6 and not DATE_LABEL.match(s)
            if bare_date:
                drop = True
                if title_seen and published is None:  # a date above the headline is a crawl date
                    published = first_full_date(s)
            elif len(words) <= SHORT_EDGE_WORDS and not _TERMINAL.search(s) and not line.lstrip().startswith("#"):
                drop = True
            elif i > last and len(words) <= MAX_TAIL_PROMPT_WORDS and not _TERMINAL.search(s):
                drop = True  # below the story: related links and promotions
            elif line_key(line) in repeated and len(words) <= MAX_REPEATED_WORDS:
                drop = True
        if kind in ("byline", "stamp") and published is None:
            published = first_full_date(s)
        if kind == "byline" and author is None:
            named = _BYLINE.match(s)
            words = named.group(0).split()[1:] if named else []
            # ("By Jane Tan January 5, 2024": the name ends where the date begins)
            words = list(itertools.takewhile(lambda w: w.lower().rstrip(".") not in MONTH_NUMBER, words))
            author = " ".join(words) if words and words != ["the"] else None
        if drop:
            dropped.append(line.strip())
            out.append("")
            continue
        out.append(line)
        if s and first <= i <= last and _TERMINAL.search(s):
            # A saved page puts one paragraph on a line: a line that ends a sentence ends it.
            out.append("")
        if s and i < first:
            # Above the first sentence: a headline or standfirst, its own block even when the
            # page put the story's first line right under it.
            out.append("")
            title_seen = title_seen or len(_words(s)) > SHORT_EDGE_WORDS
    return Cleaned("\n".join(out), published, tuple(dropped), author)
