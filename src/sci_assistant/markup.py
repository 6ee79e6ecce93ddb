"""Raw release text (plain, markdown-ish or HTML-derived lines) → one normalised text with sections."""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass

from .dates import find_date, is_crawl_header
from .furniture import HEADER_LABEL, STAMP_LINE
from .schema import Section

# Everything is reduced to one plain-text form whose offsets the rest of the system trusts:
#
# * blocks (paragraphs, list items, headings, table rows) are separated by one blank line;
# * lines wrapped inside a block are joined (a trailing hyphen joins without a space);
# * a table row is one block whose cells are separate lines, title cell first;
# * markup (markdown emphasis, links, escapes, HTML tags, footnote markers) is removed, bold spans
#   are remembered as ``Document.emphasis`` because they often carry an item's name;
# * a crawl/syndication header printed above the release (a bare date, "PR Newswire Area") is
#   dropped, and the date comes from the release's own dateline.
#
# The line-level normaliser is written here rather than taken from a markdown library because the
# releases need their line structure (tab-separated table rows, cells wrapped across rows, tables
# flattened into alternating paragraphs) which markdown parsers discard or misread.

# ---------------------------------------------------------------------------------------------
# Inline cleanup

_SUP_ORDINAL = re.compile(r"<sup>\s*(st|nd|rd|th)\s*</sup>", re.I)
_SUP_OTHER = re.compile(r"<sup>[^<]{0,8}</sup>", re.I)
_P_TAG_START = re.compile(r"</?p\b", re.I)
_BR_TAG = re.compile(r"<br\s*/?>", re.I)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_ITALIC_OPEN = re.compile(r"(?<![*\w])\*(?![*\s])")
_ITALIC_CLOSE = re.compile(r"(?<![*\s])\*(?![*\w])")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_WS_RUN = re.compile(r"[ \t\n\r\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_NOT_WS = re.compile(r"[^ \t\n\r\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_WS_CHARS = " \t\n\r\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Escaped markdown characters are parked on Unicode noncharacters (U+FDD0…), one per character
# kind: never assigned, so they cannot collide with text (private-use glyphs from PDFs included),
# and their number does not grow with the number of escapes.
_ESCAPABLE = "\\`*_{}[]()#+-.!|>~"
_PARK = {c: chr(0xFDD0 + i) for i, c in enumerate(_ESCAPABLE)}
_UNPARK = str.maketrans({v: k for k, v in _PARK.items()})
_NONCHARACTERS = re.compile("[\ufdd0-\ufdef]")


def _positions(pattern: re.Pattern[str], s: str) -> list[int]:
    return [m.start() for m in pattern.finditer(s)]


def _first_after(sorted_positions: list[int], pos: int) -> int | None:
    """The first position > ``pos`` in ``sorted_positions``."""
    i = bisect.bisect_right(sorted_positions, pos)
    return sorted_positions[i] if i < len(sorted_positions) else None


def _sub_italic(s: str) -> str:
    """``*text*`` → ``text``: what ``re.sub(r"(?<![*\\w])\\*(?![*\\s])(.+?)(?<![*\\s])\\*(?![*\\w])",
    r"\1", s)`` returns, in O(n log n) instead of O(n²) when openers have no closer."""
    if "*" not in s:
        return s
    openers = _positions(_ITALIC_OPEN, s)
    if not openers:
        return s
    closers = _positions(_ITALIC_CLOSE, s)
    newlines = _positions(re.compile("\n"), s)
    out: list[str] = []
    pos = 0
    for o in openers:
        if o < pos:
            continue
        c = _first_after(closers, o + 1)  # content (.+?) is at least one character
        if c is None:
            break  # no closer after this opener, so none after any later one
        nl = _first_after(newlines, o)
        if nl is not None and nl < c:
            continue  # "." does not cross a line
        out.append(s[pos:o])
        out.append(s[o + 1 : c])
        pos = c + 1
    out.append(s[pos:])
    return "".join(out)


def _sub_p_tags(s: str) -> str:
    """What ``re.sub(r"</?p\b[^>]*>", " ", s, flags=re.I)`` returns, without rescanning the rest of
    the text from every unclosed ``<p``."""
    if "<" not in s:
        return s
    starts = _positions(_P_TAG_START, s)
    if not starts:
        return s
    closes = _positions(re.compile(">"), s)
    out: list[str] = []
    pos = 0
    for p in starts:
        if p < pos:
            continue
        q = _first_after(closes, p)
        if q is None:
            break
        out.append(s[pos:p])
        out.append(" ")
        pos = q + 1
    out.append(s[pos:])
    return "".join(out)


def _sub_links(s: str, *, image: bool) -> str:
    """``[text](url)`` → ``text`` (``![alt](src)`` → ``alt`` with ``image``): what
    ``re.sub(r"\\[([^\\]]+)\\]\\([^)]*\\)", r"\1", s)`` (or the image form) returns, without rescanning
    the rest of the text from every unclosed bracket."""
    if "[" not in s or "](" not in s:
        return s
    starts = _positions(re.compile(r"!\[" if image else r"\["), s)
    closes = _positions(re.compile(r"\]"), s)
    parens = _positions(re.compile(r"\)"), s)
    lead = 2 if image else 1  # "![" or "["
    out: list[str] = []
    pos = 0
    for p in starts:
        if p < pos:
            continue
        q = _first_after(closes, p + lead - 1)  # [^\]]: the text ends at the first "]"
        if q is None:
            break
        if (not image and q == p + 1) or q + 1 >= len(s) or s[q + 1] != "(":
            continue
        r = _first_after(parens, q + 1)  # [^)]*: the target ends at the first ")"
        if r is None:
            continue
        out.append(s[pos:p])
        out.append(s[p + lead : q])
        pos = r + 1
    out.append(s[pos:])
    return "".join(out)


def _clean_inline(s: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove inline markup from one cell/paragraph; return the text and its bold spans.

    Every step is linear (or n log n) in the length of ``s``: a hostile line of unclosed
    brackets, stars or tags costs no more than plain text.
    """
    # Escaped characters ("A\*STAR", "\[x\]") are content: set them aside before any markup rule.
    parked = "\\" in s
    if parked:
        s = _NONCHARACTERS.sub("", s)
        s = _ESCAPE.sub(lambda m: _PARK[m.group(1)], s)
    s = _SUP_ORDINAL.sub(r"\1", s)
    s = _SUP_OTHER.sub("", s)
    s = _BR_TAG.sub(" ", s)
    s = _sub_p_tags(s)
    s = _ANY_TAG.sub("", s)
    s = _sub_links(s, image=True)
    s = _sub_links(s, image=False)
    s = _sub_italic(s)
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
    if parked:
        s = s.translate(_UNPARK)
    # Entities and invisible characters change lengths: convert piece by piece between span
    # boundaries so the bold spans still point at their words.
    s, spans = _unescape_with_spans(s, spans)
    return _collapse_with_spans(s, spans)


def _unescape(s: str) -> str:
    if "&" in s:
        s = html.unescape(s)
    return _INVISIBLE.sub("", s)


def _unescape_with_spans(s: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    if not spans:
        return _unescape(s), []
    cuts = sorted({0, len(s), *(x for span in spans for x in span)})
    new_at: dict[int, int] = {}
    parts: list[str] = []
    length = 0
    for a, b in zip(cuts, cuts[1:]):
        new_at[a] = length
        piece = _unescape(s[a:b])
        parts.append(piece)
        length += len(piece)
    new_at[cuts[-1]] = length
    return "".join(parts), [(new_at[a], new_at[b]) for a, b in spans]


def _collapse_with_spans(s: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Collapse whitespace runs to one space and strip the ends; remap ``spans`` to the result.

    A span keeps the characters from its first to its last non-space character.
    """
    text = _WS_RUN.sub(" ", s).strip(" ")
    if not spans:
        return text, []
    ends: list[tuple[int, int]] = []  # (first, last) non-space index of each kept span
    for a, b in spans:
        a, b = max(a, 0), min(b, len(s))
        m = _NOT_WS.search(s, a, b) if b > a else None
        if m is None:
            continue
        last = a + len(s[a:b].rstrip(_WS_CHARS)) - 1
        ends.append((m.start(), last))
    queries = sorted({i for pair in ends for i in pair})
    new_of: dict[int, int] = {}
    removed = 0  # characters dropped before the current position
    qi = 0
    for m in _WS_RUN.finditer(s):
        while qi < len(queries) and queries[qi] < m.start():
            new_of[queries[qi]] = queries[qi] - removed
            qi += 1
        if qi == len(queries):
            break
        run = m.end() - m.start()
        removed += run if m.start() == 0 else run - 1  # a leading run goes, others keep one space
    for q in queries[qi:]:
        new_of[q] = q - removed
    return text, [(new_of[first], new_of[last] + 1) for first, last in ends]


# ---------------------------------------------------------------------------------------------
# Blocks

_LIST_ITEM = re.compile(r"^\s*(?:[-*+•▪●◦‣]|\d{1,3}[.)])\s+\S")
# The heading text is group 2 with a closing "##" removed (_heading_text): a lazy group followed
# by r"\s*#*\s*$" would rescan long runs of spaces from every position.
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_PIPE_ROW = re.compile(r"^\|.*\|$")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_BULLET = re.compile(r"^\s*[-*+•▪●◦‣]\s+")
_TERMINAL = re.compile(r"[.!?;:,”\"’')\]]$")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
MAX_MERGED_CELL_CHARS = 4000  # a table cell continued row after row is joined up to this size


def _ends_terminal(text: str) -> bool:
    """``_TERMINAL.search(text)`` looking only at the last character (O(1) on long text)."""
    return _TERMINAL.search(text[-1:]) is not None


_TABLE_HEADER = re.compile(r"^(Title|Name|Description|Details?|Summary)\s+of\s+(.{2,40})$", re.I)
_ANNEX = re.compile(r"^\s*annex\b", re.I)
_BOILERPLATE_TITLE = re.compile(r"media release|press release|for immediate release|news release", re.I)


@dataclass
class _Block:
    kind: str  # 'para' | 'heading' | 'item' | 'row'
    lines: list[str]  # raw source lines (for para/item/heading) or cells (for row)
    level: int = 0  # heading level
    bold_block: bool = False
    single_line: bool = True
    header: bool = False  # a markdown table's header row (the row above its "|---|" rule)


def _heading_text(m: re.Match[str]) -> str:
    """A markdown heading's text without its optional closing hashes ("## Title ##" → "Title")."""
    return m.group(2).rstrip().rstrip("#").rstrip()


def _join_wrapped(lines: list[str]) -> str:
    parts: list[str] = []
    tail = ""  # the last two characters joined so far
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if parts and not (len(tail) == 2 and tail[1] == "-" and tail[0] in _ASCII_LETTERS):
            parts.append(" ")  # else a word hyphenated across lines: "Hand-\npainted" → "Hand-painted"
            tail = " "
        parts.append(line)
        tail = (tail + line)[-2:]
    return "".join(parts)


_CARD_WIDTH = 60  # (a paragraph wrapped by a writer or a mail program runs to 70 or more)
# A line that runs on: it ends in a word that joins it to the next, or in a comma or dash
# ("Memorandum of Understanding between" / "Momentum Works Pte Ltd and Shenzhen").
_RUNS_ON = re.compile(r"(?:\b(?:and|or|of|for|the|a|an|to|in|on|at|by|with|between|from|regarding)|[,;&–-])\s*$", re.I)


def _raw_blocks(text: str) -> list[_Block]:
    """Split source lines into blocks: blank lines, list markers, headings and tab rows start one."""
    blocks: list[_Block] = []
    cur: list[str] = []

    def flush() -> None:
        nonlocal cur
        if len(cur) > 1 and all(
            len(x.strip()) <= _CARD_WIDTH and x.strip()[:1].isupper() and not _RUNS_ON.search(x) for x in cur
        ):
            # A block of short lines each opening with a capital and none running on into the next
            # is a card, not a paragraph wrapped at some width ("Ms Tan Hui Min" / "Manager, Corporate
            # Communications" / "Email: …"): each line is its own.
            blocks.extend(_Block("para", [x], single_line=True) for x in cur)
        elif cur:
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
            blocks.append(_Block("heading", [_heading_text(m)], level=len(m.group(1))))
            continue
        if "\t" in stripped:
            flush()
            blocks.append(_Block("row", [c for c in line.split("\t")]))
            continue
        if _PIPE_ROW.match(stripped):  # a markdown pipe-table row; its |---| rule is dropped
            flush()
            if not _PIPE_RULE.match(stripped):
                blocks.append(_Block("row", [c for c in stripped.strip("|").split("|")]))
            elif blocks and blocks[-1].kind == "row":
                blocks[-1].header = True
            continue
        if HEADER_LABEL.match(line):
            flush()  # "Date: …" then "Venue: …": each a line of its own, not one wrapped paragraph
            blocks.append(_Block("para", [line]))
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
    header: bool = False


def _is_plain_heading(text: str, single_line: bool) -> bool:
    if not single_line or not text or len(text) > 110:
        return False
    if _ends_terminal(text) or _LIST_ITEM.match(text):
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
                and not prev.header  # (a header row's last cell, "Description", continues nothing)
                and len(prev.text) < MAX_MERGED_CELL_CHARS
                and len(cells) == prev.text.count("\n") + 1
                and not _ends_terminal(prev.text)
                and cells[-1][0][:1].islower()
            ):
                prev_cells = prev.text.split("\n")
                merged = [p + " " + c[0] for p, c in zip(prev_cells, cells)]
                # Bold spans move with their cell; the continuation's own spans follow its cell.
                old_starts, new_starts = [], []
                o = n = 0
                for p, m in zip(prev_cells, merged):
                    old_starts.append(o)
                    new_starts.append(n)
                    o, n = o + len(p) + 1, n + len(m) + 1
                bold = []
                for a, b_ in prev.bold:
                    k = bisect.bisect_right(old_starts, a) - 1
                    bold.append((a + new_starts[k] - old_starts[k], b_ + new_starts[k] - old_starts[k]))
                for k, (_, bl) in enumerate(cells):
                    base = new_starts[k] + len(prev_cells[k]) + 1
                    bold.extend((a + base, b_ + base) for a, b_ in bl)
                prev.text = "\n".join(merged)
                prev.bold = bold
                i += 1
                continue
            text = "\n".join(c[0] for c in cells)
            bold = []
            off = 0
            for t, bl in cells:
                bold.extend((a + off, b_ + off) for a, b_ in bl)
                off += len(t) + 1
            out.append(_Out("row", text, bold, header=b.header))
            i += 1
            continue
        joined = _join_wrapped(b.lines)
        if b.kind == "item":
            joined = _BULLET.sub("", joined) if _BULLET.match(joined) else joined.strip()
        text, bold = _clean_inline(joined)
        if not text:
            i += 1
            continue
        # (an emoji or symbol outside the bold leaves it whole: "🌱🤝 **We've signed our first deal!**")
        whole_bold = len(bold) == 1 and not re.search(r"\w", text[: bold[0][0]] + text[bold[0][1] :])
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
            # (an annex heading a page wrapped in two lines is still one heading)
            or (
                (not markdown or _ANNEX.match(text))
                and _is_plain_heading(text, b.single_line or bool(_ANNEX.match(text)) and len(b.lines) <= 2)
            )
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
    pieces: list[list[str]] = []  # text of out[i] still to be joined (no quadratic re-copying)
    lengths: list[int] = []
    for b in blocks:
        merged = False
        if b.kind == "para" and b.text[:1].islower():
            for back in (1, 2):
                if len(out) < back:
                    break
                prev = out[-back]
                if prev.kind == "para" and not _ends_terminal(pieces[-back][-1]):
                    off = lengths[-back] + 1
                    pieces[-back].extend((" ", b.text))
                    lengths[-back] += 1 + len(b.text)
                    prev.bold.extend((x + off, y + off) for x, y in b.bold)
                    merged = True
                    break
        if not merged:
            out.append(b)
            pieces.append([b.text])
            lengths.append(len(b.text))
    for b, parts in zip(out, pieces):
        if len(parts) > 1:
            b.text = "".join(parts)
    return out


# ---------------------------------------------------------------------------------------------
# Assembling a document


@dataclass(frozen=True)
class Parsed:
    text: str
    sections: tuple[Section, ...]
    emphasis: tuple[tuple[int, int], ...]
    title: str
    date: str | None
    author: str | None = None  # the account a post was written by ("Kranji AgriTech ✅ @kranji_agritech")


# Lines a saved page or feed prints above its headline: a breadcrumb ("Ministry > Newsroom > Speeches"),
# an account line with its handle ("Kranji AgriTech ✅ @kranji_agritech"), a posting line, a rule.
_BREADCRUMB = re.compile(r"\S\s+[>›»/|]\s+\S.*\s[>›»/|]\s+\S")
_HANDLE = re.compile(r"(?:^|\s)@[A-Za-z0-9_.]{2,}\b")
_PROFILE = re.compile(r"\s[|·•]\s")  # "Robots for every harbour | Mauritius", "12 June · Public"


def _masthead(text: str, heading: bool = False) -> bool:
    """A block above the headline that is no headline: a breadcrumb, an account line, a posting line,
    a rule, or a name of at most three words and no verb or sentence ("Enterprise Singapore")."""
    t = text.strip()
    words = re.findall(r"[^\W\d_][\w'’&.-]*", t)
    if not words or _BREADCRUMB.search(t) or _HANDLE.search(t) or STAMP_LINE.match(t):
        return True
    short_name = len(words) <= 3 and not re.search(r"[.!?:]$", t) and all(w[:1].isupper() for w in words)
    return short_name and not heading  # (a short heading may be the title: "# Harbour Pact Signed")


def normalise(raw_text: str, *, title_hint: str | None = None) -> Parsed:
    """Normalise one release's raw text (plain, markdown-ish or HTML-derived lines)."""
    raw_text = raw_text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    raw_text = unicodedata.normalize("NFC", raw_text)
    # Crawl header: leading lines that are a bare date or a wire-service name, printed by the
    # site the release was collected from (not part of the release, and not its date).
    lines = raw_text.split("\n")
    first = 0
    while first < len(lines) and (not lines[first].strip() or is_crawl_header(lines[first].strip())):
        first += 1
    raw_text = "\n".join(lines[first:])
    markdown = bool(re.search(r"(?m)^[^\S\n]{0,3}#{1,6}\s|^[^\S\n]*\*\*[^*\n]+\*\*[^\S\n]*$", raw_text))
    blocks = _merge_continuations(_normalise_blocks(_raw_blocks(raw_text), markdown=markdown))
    # Title: the first heading (or bold block) that is not boilerplate or a page's masthead.
    title = title_hint or ""
    title_index = None
    lead_paras = []
    skip_to = 0
    author = None
    for idx, b in enumerate(blocks[:8]):
        if idx < skip_to:
            continue
        if _HANDLE.search(b.text):
            # (the account's name before its badges and handle writes the post: "our CEO" is its CEO)
            named = re.match(r"\s*([^\W\d_][\w&'’. -]*?)\s*(?:[^\w\s]\s*)*@", b.text)
            author = author or (named.group(1).strip() if named and len(named.group(1).split()) <= 6 else None)
            # An account's header: its name and handle, a profile line, a posting line; the post's
            # own headline (when it has one) follows.
            ahead = range(idx + 1, min(idx + 4, len(blocks)))
            headed = next(
                (k for k in ahead if blocks[k].kind == "heading" and not _PROFILE.search(blocks[k].text)), None
            )
            skip_to = headed if headed is not None else idx + 1
            continue
        boilerplate = _BOILERPLATE_TITLE.search(b.text) and len(b.text.split()) <= 6
        if boilerplate or _masthead(b.text, b.kind == "heading" and markdown):
            continue
        if b.kind == "heading" and not _ANNEX.match(b.text):
            title_index = idx
        elif b.kind == "para":
            lead_paras.append(b.text)
        break  # the title heads the document: only boilerplate and mastheads may come before it
    if not title and title_index is not None:
        title = blocks[title_index].text
    if not title:
        first = (lead_paras or [next((b.text for b in blocks if b.kind == "para"), "")])[0]
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
    date = find_date(text)
    return Parsed(text, tuple(sections), tuple(emphasis), title.strip(), date, author)


def escape_markdown(s: str) -> str:
    """Escape characters ``normalise`` would read as markup ('*', '_', brackets, '<', '>')."""
    return re.sub(r"([\\*_\[\]])", r"\\\1", s).replace("<", "&lt;").replace(">", "&gt;")
