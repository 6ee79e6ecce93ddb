"""Corpus files (.txt, .md, .html, .pdf) → normalised ``Document`` records with sections and dates.

Press releases arrive as crawled text with markdown and HTML fragments mixed in. Everything is
reduced to one plain-text form whose offsets the rest of the system trusts:

* blocks (paragraphs, list items, headings, table rows) are separated by one blank line;
* lines wrapped inside a block are joined (a trailing hyphen joins without a space);
* a table row is one block whose cells are separate lines, title cell first;
* markup (markdown emphasis, links, escapes, HTML tags, footnote markers) is removed, bold spans
  are remembered as ``Document.emphasis`` because they often carry an item's name;
* a crawl/syndication header printed above the release (a bare date, "PR Newswire Area") is
  dropped, and the date comes from the release's own dateline.

The line-level normaliser is written here rather than taken from a markdown library because the
releases need their line structure (tab-separated table rows, cells wrapped across rows, tables
flattened into alternating paragraphs) which markdown parsers discard or misread.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import EmptyCorpusError
from .schema import Document, Section, SkippedFile

log = logging.getLogger("sci_assistant")

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
MAX_FILE_BYTES = 20 * 1024 * 1024

# ---------------------------------------------------------------------------------------------
# Reading and decoding


class SkipFile(Exception):
    """Raised for a file that cannot be used; the message is the reason shown to the user."""


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:8192]
    if b"\x00" in head:
        raise SkipFile("binary content (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Legacy single-byte encodings: cp1252 covers curly quotes and dashes; latin-1 never fails.
    try:
        text = data.decode("cp1252")
        log.warning("decoded as Windows-1252 (not valid UTF-8)")
        return text
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return bad / len(sample) > 0.05


# ---------------------------------------------------------------------------------------------
# Inline cleanup

_SUP_ORDINAL = re.compile(r"<sup>\s*(st|nd|rd|th)\s*</sup>", re.I)
_SUP_OTHER = re.compile(r"<sup>[^<]{0,8}</sup>", re.I)
_P_TAG = re.compile(r"</?p\b[^>]*>", re.I)
_BR_TAG = re.compile(r"<br\s*/?>", re.I)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_ITALIC = re.compile(r"(?<![*\w])\*(?![*\s])(.+?)(?<![*\s])\*(?![*\w])")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_PLACEHOLDER_BASE = 0xE000  # private-use characters stand in for escaped markdown characters


def _clean_inline(s: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove inline markup from one cell/paragraph; return the text and its bold spans."""
    escaped: list[str] = []

    def protect(m: re.Match[str]) -> str:
        escaped.append(m.group(1))
        return chr(_PLACEHOLDER_BASE + len(escaped) - 1)

    # Escaped characters ("A\*STAR", "\[x\]") are content: set them aside before any markup rule.
    s = _ESCAPE.sub(protect, s)
    s = _SUP_ORDINAL.sub(r"\1", s)
    s = _SUP_OTHER.sub("", s)
    s = _BR_TAG.sub(" ", s)
    s = _P_TAG.sub(" ", s)
    s = _ANY_TAG.sub("", s)
    s = _IMAGE.sub(r"\1", s)
    s = _LINK.sub(r"\1", s)
    s = _ITALIC.sub(r"\1", s)
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for m in _BOLD.finditer(s):
        before = s[pos : m.start()]
        out.append(before)
        length += len(before)
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        spans.append((length, length + len(inner)))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(s[pos:])
    s = "".join(out)
    if escaped:
        s = "".join(
            escaped[ord(c) - _PLACEHOLDER_BASE]
            if _PLACEHOLDER_BASE <= ord(c) < _PLACEHOLDER_BASE + len(escaped)
            else c
            for c in s
        )
    s = html.unescape(s)
    s = _INVISIBLE.sub("", s)
    # Whitespace is unified; each substitution keeps spans valid only if lengths do not change,
    # so collapse first and then remap spans by recomputing from a character map.
    return _collapse_with_spans(s, spans)


def _collapse_with_spans(s: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    keep_map: list[int] = []  # new index → old index
    out: list[str] = []
    prev_space = True  # strip leading space
    for i, ch in enumerate(s):
        if ch in " \t\n\r\u00a0" or _SPACES.fullmatch(ch):
            if prev_space:
                continue
            out.append(" ")
            keep_map.append(i)
            prev_space = True
        else:
            out.append(ch)
            keep_map.append(i)
            prev_space = False
    while out and out[-1] == " ":
        out.pop()
        keep_map.pop()
    text = "".join(out)
    if not spans:
        return text, []
    old_to_new: dict[int, int] = {old: new for new, old in enumerate(keep_map)}
    new_spans = []
    for a, b in spans:
        na = next((old_to_new[i] for i in range(a, b) if i in old_to_new), None)
        nb = next((old_to_new[i] + 1 for i in range(b - 1, a - 1, -1) if i in old_to_new), None)
        if na is not None and nb is not None and nb > na:
            while na < nb and text[na] == " ":
                na += 1
            while nb > na and text[nb - 1] == " ":
                nb -= 1
            if nb > na:
                new_spans.append((na, nb))
    return text, new_spans


# ---------------------------------------------------------------------------------------------
# Blocks

_LIST_ITEM = re.compile(r"^\s*(?:[-*+•▪●◦‣]|\d{1,3}[.)])\s+\S")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_PIPE_ROW = re.compile(r"^\|.*\|$")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_BULLET = re.compile(r"^\s*[-*+•▪●◦‣]\s+")
_TERMINAL = re.compile(r"[.!?;:,”\"’')\]]$")
_TABLE_HEADER = re.compile(r"^(Title|Name|Description|Details?|Summary)\s+of\s+(.{2,40})$", re.I)
_ANNEX = re.compile(r"^\s*annex\b", re.I)
_BOILERPLATE_TITLE = re.compile(r"media release|press release|for immediate release|news release", re.I)
_WIRE = re.compile(r"^(PR\s*Newswire|Business\s*Wire|GlobeNewswire|Cision|ACCESSWIRE)\b", re.I)


@dataclass
class _Block:
    kind: str  # 'para' | 'heading' | 'item' | 'row'
    lines: list[str]  # raw source lines (for para/item/heading) or cells (for row)
    level: int = 0  # heading level
    bold_block: bool = False
    single_line: bool = True


def _join_wrapped(lines: list[str]) -> str:
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"[A-Za-z]-$", out) and not out.endswith(" -"):
            out += line  # a word hyphenated across lines: "Hand-\npainted" → "Hand-painted"
        else:
            out += " " + line
    return out


def _raw_blocks(text: str) -> list[_Block]:
    """Split source lines into blocks: blank lines, list markers, headings and tab rows start one."""
    blocks: list[_Block] = []
    cur: list[str] = []

    def flush() -> None:
        nonlocal cur
        if cur:
            blocks.append(_Block("para", cur, single_line=len(cur) == 1))
        cur = []

    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if _RULE.match(line) and not cur:
            continue
        m = _MD_HEADING.match(line)
        if m:
            flush()
            blocks.append(_Block("heading", [m.group(2)], level=len(m.group(1))))
            continue
        if "\t" in stripped:
            flush()
            blocks.append(_Block("row", [c for c in line.split("\t")]))
            continue
        if _PIPE_ROW.match(stripped):  # a markdown pipe-table row; its |---| rule is dropped
            flush()
            if not _PIPE_RULE.match(stripped):
                blocks.append(_Block("row", [c for c in stripped.strip("|").split("|")]))
            continue
        if _LIST_ITEM.match(line):
            flush()
            cur = [line]
            blocks.append(_Block("item", cur))
            cur = []
            continue
        if blocks and blocks[-1].kind == "item" and not cur and line.startswith((" ", "\t")):
            blocks[-1].lines.append(line)  # indented continuation of a list item
            continue
        cur.append(line)
    flush()
    return blocks


@dataclass
class _Out:
    kind: str
    text: str
    bold: list[tuple[int, int]]
    level: int = 0


def _is_plain_heading(text: str, single_line: bool) -> bool:
    if not single_line or not text or len(text) > 110:
        return False
    if _TERMINAL.search(text) or _LIST_ITEM.match(text):
        return False
    words = text.split()
    if len(words) > 16 or not (text[0].isupper() or text[0].isdigit()):
        return False
    # A heading is mostly capitalised words ("About Infocomm Media Development Authority").
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return caps / len(words) >= 0.5 or _ANNEX.match(text) is not None


def _normalise_blocks(raw: list[_Block], *, markdown: bool = False) -> list[_Out]:
    out: list[_Out] = []
    i = 0
    in_table = False  # inside a table flattened into alternating title/description paragraphs
    pending_title: _Out | None = None
    while i < len(raw):
        b = raw[i]
        if b.kind == "heading":
            text, bold = _clean_inline(b.lines[0])
            if text:
                out.append(_Out("heading", text, [], b.level))
            in_table = False
            i += 1
            continue
        if b.kind == "row":
            cells = []
            for c in b.lines:
                t, bl = _clean_inline(c)
                if t:
                    cells.append((t, bl))
            if not cells:
                i += 1
                continue
            prev = out[-1] if out else None
            # A cell wrapped onto the next row: the previous row's cells stop mid-sentence and
            # this row continues in lower case. Merge cell by cell.
            if (
                prev is not None
                and prev.kind == "row"
                and len(cells) == prev.text.count("\n") + 1
                and not _TERMINAL.search(prev.text.split("\n")[-1])
                and cells[-1][0][:1].islower()
            ):
                prev_cells = prev.text.split("\n")
                merged = [p + " " + c[0] for p, c in zip(prev_cells, cells)]
                prev.text = "\n".join(merged)
                i += 1
                continue
            text = "\n".join(c[0] for c in cells)
            bold = []
            off = 0
            for t, bl in cells:
                bold.extend((a + off, b_ + off) for a, b_ in bl)
                off += len(t) + 1
            out.append(_Out("row", text, bold))
            i += 1
            continue
        joined = _join_wrapped(b.lines)
        if b.kind == "item":
            joined = _BULLET.sub("", joined) if _BULLET.match(joined) else joined.strip()
        text, bold = _clean_inline(joined)
        if not text:
            i += 1
            continue
        whole_bold = bool(bold) and bold[0][0] == 0 and bold[-1][1] == len(text) and len(bold) == 1
        # A table flattened into paragraphs: "Title of MOU" / "Description of MOU" header cells.
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        if b.kind == "para" and _TABLE_HEADER.match(text) and nxt is not None:
            nxt_text, _ = _clean_inline(_join_wrapped(nxt.lines))
            m1, m2 = _TABLE_HEADER.match(text), _TABLE_HEADER.match(nxt_text)
            if m2 and m1.group(2).lower() == m2.group(2).lower():
                out.append(_Out("row", text + "\n" + nxt_text, []))
                in_table, pending_title = True, None
                i += 2
                continue
        if in_table and b.kind == "para":
            after = raw[i + 1] if i + 1 < len(raw) else None
            after_text = _clean_inline(_join_wrapped(after.lines))[0] if after else ""
            if _TABLE_HEADER.match(after_text) or _ANNEX.match(text):
                # A heading between two tables ("Talent Exchange") or the next annex.
                if pending_title is not None:
                    out.append(pending_title)
                    pending_title = None
                out.append(_Out("heading", text, [], 3 if not _ANNEX.match(text) else 2))
                in_table = not _ANNEX.match(text)
                i += 1
                continue
            if pending_title is None:
                pending_title = _Out("row", text, bold)
            else:
                off = len(pending_title.text) + 1
                pending_title.text += "\n" + text
                pending_title.bold.extend((a + off, c + off) for a, c in bold)
                out.append(pending_title)
                pending_title = None
            i += 1
            continue
        if pending_title is not None:
            out.append(pending_title)
            pending_title = None
        in_table = False
        if b.kind == "para" and (
            (whole_bold and len(text) <= 200 and not text.endswith("."))
            or ((not markdown or _ANNEX.match(text)) and _is_plain_heading(text, b.single_line))
        ):
            level = 2 if _ANNEX.match(text) else 3
            out.append(_Out("heading", text, [], level))
            if _ANNEX.match(text) and nxt is not None:
                in_table = False
            i += 1
            continue
        out.append(_Out("item" if b.kind == "item" else "para", text, bold))
        i += 1
    if pending_title is not None:
        out.append(pending_title)
    return out


def _merge_continuations(blocks: list[_Out]) -> list[_Out]:
    """Join a paragraph cut by a page break ("… a conducive business" / "environment for …").

    A paragraph starting in lower case continues the nearest earlier paragraph (at most one
    block back) that stops without closing punctuation; a block in between (a footnote printed
    at the page foot) then follows the joined paragraph.
    """
    out: list[_Out] = []
    for b in blocks:
        merged = False
        if b.kind == "para" and b.text[:1].islower():
            for back in (1, 2):
                if len(out) < back:
                    break
                prev = out[-back]
                if prev.kind == "para" and not _TERMINAL.search(prev.text):
                    off = len(prev.text) + 1
                    prev.text += " " + b.text
                    prev.bold.extend((x + off, y + off) for x, y in b.bold)
                    merged = True
                    break
        if not merged:
            out.append(b)
    return out


# ---------------------------------------------------------------------------------------------
# Dates and titles

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_TEXT = (
    rf"(?:{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
)
# "SINGAPORE, Dec. 15, 2023 /PRNewswire/ —" or "SINGAPORE, 25 November 2022 –"
_DATELINE = re.compile(rf"\b[A-Z][A-Z .'’()-]{{2,40}},\s+(?:\w+,\s+)?({_DATE_TEXT})")
_ANY_DATE = re.compile(_DATE_TEXT)


ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
_ORDINAL = r"(?:(\d{1,2})(?:st|nd|rd|th)|(" + "|".join(ORDINAL_WORDS) + r"))"
_MEETING = re.compile(
    _ORDINAL + r"\b[^.\n]{0,90}?\b(?:JIC|Joint\s+Implementation\s+Committee)\b", re.I
)


def find_meeting(text: str) -> int | None:
    """The JIC meeting ordinal a release reports on ("the 4th … JIC meeting" → 4), if stated."""
    m = _MEETING.search(text)
    if not m:
        return None
    return int(m.group(1)) if m.group(1) else ORDINAL_WORDS[m.group(2).lower()]


def parse_date(value: str) -> str | None:
    """Parse an English date ('Dec. 15, 2023', '25 November 2022', '2023-12-15') to ISO."""
    value = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return value
    import dateparser  # imported lazily: it costs about a second

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date().isoformat() if parsed else None


def _find_date(text: str) -> str | None:
    head = text[:4000]
    m = _DATELINE.search(head)
    if m:
        d = parse_date(m.group(1))
        if d:
            return d
    m = _ANY_DATE.search(head)
    return parse_date(m.group(0)) if m else None


def _is_crawl_header(text: str) -> bool:
    if _WIRE.match(text):
        return True
    if len(text) <= 40 and _ANY_DATE.search(text):
        rest = _ANY_DATE.sub("", text)
        return not re.search(r"[A-Za-z]{4,}", re.sub(
            r"(?i)monday|tuesday|wednesday|thursday|friday|saturday|sunday|updated|published", "", rest
        ))
    return False


# ---------------------------------------------------------------------------------------------
# Assembling a document


@dataclass(frozen=True)
class Parsed:
    text: str
    sections: tuple[Section, ...]
    emphasis: tuple[tuple[int, int], ...]
    title: str
    date: str | None


def normalise(raw_text: str, *, title_hint: str | None = None) -> Parsed:
    """Normalise one release's raw text (plain, markdown-ish or HTML-derived lines)."""
    raw_text = raw_text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    raw_text = unicodedata.normalize("NFC", raw_text)
    # Crawl header: leading lines that are a bare date or a wire-service name, printed by the
    # site the release was collected from (not part of the release, and not its date).
    lines = raw_text.split("\n")
    first = 0
    while first < len(lines) and (not lines[first].strip() or _is_crawl_header(lines[first].strip())):
        first += 1
    raw_text = "\n".join(lines[first:])
    markdown = bool(re.search(r"(?m)^\s{0,3}#{1,6}\s|^\s*\*\*[^*\n]+\*\*\s*$", raw_text))
    blocks = _merge_continuations(_normalise_blocks(_raw_blocks(raw_text), markdown=markdown))
    # Title: the first heading (or bold block) that is not boilerplate.
    title = title_hint or ""
    title_index = None
    for idx, b in enumerate(blocks[:6]):
        if b.kind == "heading" and _BOILERPLATE_TITLE.search(b.text):
            continue
        if b.kind == "heading" and not _ANNEX.match(b.text):
            title_index = idx
        break  # the title heads the document: only boilerplate may come before it
    if not title and title_index is not None:
        title = blocks[title_index].text
    if not title:
        first = next((b.text for b in blocks if b.kind == "para"), "")
        title = first[:120]
    parts: list[str] = []
    sections: list[Section] = []
    emphasis: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    pos = 0
    for idx, b in enumerate(blocks):
        if parts:
            parts.append("\n\n")
            pos += 2
        start = pos
        parts.append(b.text)
        pos += len(b.text)
        emphasis.extend((start + a, start + c) for a, c in b.bold)
        if b.kind == "heading" and idx != title_index and not _BOILERPLATE_TITLE.search(b.text):
            level = max(b.level, 2)
            stack = [(lv, t) for lv, t in stack if lv < level]
            stack.append((level, b.text))
            if sections:
                last = sections[-1]
                sections[-1] = Section(last.start, start, last.path)
            sections.append(Section(start, -1, tuple(t for _, t in stack)))
    text = "".join(parts)
    if sections:
        last = sections[-1]
        sections[-1] = Section(last.start, len(text), last.path)
    date = _find_date(text)
    return Parsed(text, tuple(sections), tuple(emphasis), title.strip(), date)


def _html_to_lines(raw: str) -> tuple[str, str | None, str | None]:
    """HTML → markdown-ish lines (headings '#', list items, tab-separated table rows)."""
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    soup = BeautifulSoup(raw, "html.parser")
    title = None
    date = None
    for sel in ('meta[property="article:published_time"]', 'meta[name="date"]',
                'meta[name="dcterms.date"]', 'meta[itemprop="datePublished"]'):
        tag = soup.select_one(sel)
        if tag and tag.get("content"):
            date = str(tag["content"])[:10]
            break
    for tag in soup(["script", "style", "nav", "footer", "noscript", "iframe", "svg", "form",
                     "aside", "template", "button", "head"]):
        if tag.name == "head":
            t = tag.find("title")
            if t and t.get_text(strip=True):
                title = t.get_text(" ", strip=True)
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        tag.decompose()
    lines: list[str] = []
    block_tags = {"p", "div", "section", "article", "main", "header", "blockquote", "pre",
                  "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "dl", "dt",
                  "dd", "figure", "figcaption", "body", "html"}

    def text_of(node: Tag) -> str:
        return _escape_markdown(" ".join(node.get_text(" ").split()))

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                t = str(child).strip()
                if t:
                    lines.append(_escape_markdown(" ".join(t.split())))
                    lines.append("")
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                t = text_of(child)
                if t:
                    lines.extend(["#" * int(name[1]) + " " + t, ""])
            elif name in ("ul", "ol"):
                n = 0
                for li in child.find_all("li", recursive=False):
                    n += 1
                    t = text_of(li)
                    if t:
                        lines.append((f"{n}. " if name == "ol" else "- ") + t)
                lines.append("")
            elif name == "table":
                for tr in child.find_all("tr"):
                    cells = [text_of(td) for td in tr.find_all(["td", "th"], recursive=False)]
                    cells = [c for c in cells if c]
                    if len(cells) > 1:
                        lines.append("\t".join(cells))
                    elif cells:
                        lines.append(cells[0])
                    lines.append("")
            elif name == "br":
                lines.append("")
            elif name in block_tags and any(
                isinstance(c, Tag) and c.name in block_tags for c in child.children
            ):
                walk(child)
            else:
                t = text_of(child)
                if t:
                    lines.extend([t, ""])

    h1 = soup.find("h1")
    h1_text = h1.get_text(" ", strip=True) if h1 else None
    body = soup.body or soup
    walk(body)
    if h1_text:
        title = h1_text
    elif title:
        title = re.split(r"\s+[|–—-]\s+(?=[^|–—-]+$)", title)[0].strip() or title
    # Literal '*', '_' and '<' in HTML text are content, not markup: escape them for _clean_inline.
    out = "\n".join(lines)
    return out, title, date


def _escape_markdown(s: str) -> str:
    return re.sub(r"([\\*_\[\]])", r"\\\1", s).replace("<", "&lt;").replace(">", "&gt;")


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [p.extract_text() or "" for p in reader.pages]
    except Exception as exc:  # pypdf raises many types for damaged files
        raise SkipFile(f"unreadable PDF ({exc.__class__.__name__}: {exc})") from None
    return "\n\n".join(pages)


def slugify(value: str) -> str:
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-").lower()
    return value or "doc"


def read_document(path: Path, rel: str, doc_id: str, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and normalise one file. Raises SkipFile with the reason when it cannot be used."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SkipFile(f"cannot stat ({exc.strerror or exc})") from None
    if size == 0:
        raise SkipFile("empty file")
    if size > max_bytes:
        raise SkipFile(f"too large ({size:,} bytes > limit {max_bytes:,})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SkipFile(f"unreadable ({exc.strerror or exc})") from None
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    meta: dict = {}
    title_hint = None
    date_hint = None
    if suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            raise SkipFile("not a PDF file")
        raw = _pdf_text(data)
        raw = _escape_markdown(raw)
    else:
        raw = _decode(data)
        if _looks_binary(raw):
            raise SkipFile("binary content")
        if suffix in (".html", ".htm"):
            raw, title_hint, date_hint = _html_to_lines(raw)
        elif suffix in (".md", ".markdown", ".txt"):
            if raw.lstrip("\ufeff").startswith("---"):
                import frontmatter

                try:
                    post = frontmatter.loads(raw)
                    meta = dict(post.metadata)
                    raw = post.content
                except Exception as exc:
                    log.warning("%s: front matter ignored (%s)", rel, exc)
    parsed = normalise(raw, title_hint=str(meta["title"]) if meta.get("title") else title_hint)
    if not parsed.text.strip():
        raise SkipFile("no text after removing markup")
    date = parsed.date
    if meta.get("date"):
        from .schema import _as_date

        try:
            date = _as_date(meta["date"], "date") if not isinstance(meta["date"], str) else (
                parse_date(str(meta["date"])) or date
            )
        except Exception:
            log.warning("%s: front matter date %r not understood", rel, meta["date"])
    elif date_hint:
        date = parse_date(date_hint) or date
    meeting = meta.get("meeting")
    if not isinstance(meeting, int):
        meeting = find_meeting(parsed.title + "\n" + parsed.text[:2500])
    return Document(
        doc_id=doc_id,
        path=rel,
        meeting=meeting,
        title=parsed.title or Path(rel).stem,
        date=date,
        text=parsed.text,
        sections=parsed.sections,
        source=str(meta.get("source") or rel),
        url=str(meta["url"]) if meta.get("url") else None,
        sha256=sha,
        emphasis=parsed.emphasis,
    )


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def iter_corpus_files(corpus_dir: Path) -> Iterator[tuple[Path, str]]:
    """Corpus files in a stable order, not following links out of the corpus (or in loops)."""
    root = corpus_dir.resolve()
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        d = Path(dirpath)
        try:
            st = d.stat()
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        real = d.resolve()
        if key in seen_dirs or not _inside(real, root):
            if not _inside(real, root):
                log.warning("skipping %s: links outside the corpus", d)
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(n for n in dirnames if not n.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            p = d / name
            rel = p.relative_to(root).as_posix()
            yield p, rel


def load_corpus(
    corpus_dir: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES
) -> tuple[list[Document], list[SkippedFile]]:
    """Read every supported file under ``corpus_dir``.

    Returns:
        The documents in path order, and the files skipped with their reasons (each also
        logged as a warning naming the file).

    Raises:
        EmptyCorpusError: the directory is missing or holds no readable document.
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise EmptyCorpusError(f"corpus directory not found: {root}")
    real_root = root.resolve()
    docs: list[Document] = []
    skipped: list[SkippedFile] = []
    used_ids: set[str] = set()
    for path, rel in iter_corpus_files(root):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            skipped.append(SkippedFile(rel, "broken or looping symbolic link"))
            log.warning("skipping %s: broken or looping symbolic link", rel)
            continue
        if not _inside(target, real_root):
            skipped.append(SkippedFile(rel, "symbolic link to a file outside the corpus"))
            log.warning("skipping %s: symbolic link to a file outside the corpus", rel)
            continue
        if not target.is_file():
            continue
        base = slugify(str(Path(rel).with_suffix("")))
        doc_id = base if base not in used_ids else f"{base}-{slugify(Path(rel).suffix)}"
        n = 2
        while doc_id in used_ids:
            doc_id = f"{base}-{n}"
            n += 1
        try:
            doc = read_document(path, rel, doc_id, max_bytes=max_bytes)
        except SkipFile as exc:
            skipped.append(SkippedFile(rel, str(exc)))
            log.warning("skipping %s: %s", rel, exc)
            continue
        except Exception as exc:  # one bad file must never stop a build
            skipped.append(SkippedFile(rel, f"could not be parsed ({exc.__class__.__name__}: {exc})"))
            log.warning("skipping %s: could not be parsed (%s)", rel, exc)
            continue
        used_ids.add(doc_id)
        docs.append(doc)
    if not docs:
        detail = f" ({len(skipped)} file(s) skipped)" if skipped else ""
        raise EmptyCorpusError(f"no readable document in {root}{detail}; supported: {', '.join(SUFFIXES)}")
    return docs, skipped


def fingerprint(docs: Iterable[Document]) -> str:
    """A hash of (path, content hash) pairs: changes when any file is added, removed or edited."""
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d.path):
        h.update(f"{d.path}\0{d.sha256}\n".encode())
    return h.hexdigest()
