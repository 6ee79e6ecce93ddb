"""Corpus files (.txt, .md, .html, .pdf) → ``Document`` records: reading, metadata, copies."""

from __future__ import annotations

import datetime as _dt
import hashlib
import itertools
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import date_in_sentence, find_dateline, parse_date, strip_timestamp, strip_wire_tag
from .dedupe import mark_copies
from .errors import EmptyCorpusError
from .events import find_event, harmonise_event_names, sentence_bounds, share_event_dates
from .furniture import repeated_lines, strip_furniture
from .markup import escape_markdown, normalise
from .schema import Document, SkippedFile

# The stages, each in its own module:
#
# * reading and decoding (here): capped, non-blocking reads; UTF-8/UTF-16/legacy decoding;
# * ``webpage``: an HTML page's main text, title, publication date and site name (trafilatura);
# * ``furniture``: menus, share bars, bylines and widgets in text saved from web pages;
# * ``markup``: one normalised text with sections and bold spans (what every offset points into);
# * ``events`` and ``dates``: the event a document reports, when it happened, when it was published;
# * ``dedupe``: syndicated and near-duplicate copies grouped under one canonical document.

log = logging.getLogger("sci_assistant")

# Bump when what a Document holds for the same file changes (fields, normalisation, copies):
# an index built by an older version is then rebuilt, although it still loads.
# (8-15: a body named before its ordinal; crawl lines; undated copies dated by their event; wire
# desk tags, agencies and credits; a Chinese byline's reporter; no "Home" link as publisher)
INGEST_VERSION = 27

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
MAX_FILE_BYTES = 20 * 1024 * 1024
# HTML is parsed into a tree (about 70 bytes of memory per byte of markup): its cap is a quarter
# of the file cap.
HTML_SHARE_OF_MAX_BYTES = 4
# Normalised text per document (a press release is 5–50 thousand characters); longer documents
# are skipped with a reason rather than chunked.
MAX_TEXT_CHARS = 1_000_000
# Plain, markdown and PDF text longer than this multiple of the cap is refused before it is
# normalised (normalising removes markup and spaces; it does not shrink text fourfold).
RAW_TEXT_FACTOR = 4


# ---------------------------------------------------------------------------------------------
# Reading and decoding


class SkipFile(Exception):
    """Raised for a file that cannot be used; the message is the reason shown to the user."""


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``head`` looks like mostly-Latin UTF-16 text without a BOM."""
    even, odd = head[0::2], head[1::2]
    if len(odd) < 8:
        return None
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _decode(data: bytes) -> str:
    return decode_file(data)[0]


def decode_file(data: bytes) -> tuple[str, str, int]:
    """A file's bytes as text: (text, the codec that decoded it, bytes of byte-order mark skipped).

    The codec re-encodes any prefix of the text to its byte length, so a character offset into
    the text converts to a byte offset into the file (``sourcemap`` relies on this).

    Raises:
        SkipFile: invalid UTF-16 or binary content.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        try:
            return data[2:].decode(codec), codec, 2
        except UnicodeDecodeError:
            raise SkipFile("invalid UTF-16 text") from None
    bom = 0
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], 3
    head = data[:8192]
    if b"\x00" in head:
        encoding = _utf16_without_bom(head[: len(head) // 2 * 2])
        if encoding is not None:
            try:
                text = data.decode(encoding)
                log.warning("decoded as %s without a byte-order mark", encoding.upper())
                return text, encoding, bom
            except UnicodeDecodeError:
                pass
        raise SkipFile("binary content (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8", bom
    except UnicodeDecodeError:
        pass
    # Legacy single-byte encodings: cp1252 covers curly quotes and dashes; latin-1 never fails.
    try:
        text = data.decode("cp1252")
        log.warning("decoded as Windows-1252 (not valid UTF-8)")
        return text, "cp1252", bom
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", bom


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return bad / len(sample) > 0.05


def _pdf_text(data: bytes) -> tuple[str, str | None]:
    """A PDF's text and the title its metadata gives, when that title is a headline the text prints
    (not a file name or an application's placeholder)."""
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [_pdf_page_text(p) for p in reader.pages]
    except Exception as exc:  # pypdf raises many types for damaged files
        raise SkipFile(f"unreadable PDF ({exc.__class__.__name__}: {exc})") from None
    text = _join_pages(pages)
    try:
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except Exception:  # a damaged info dictionary only loses the hint
        title = ""
    words = re.findall(r"\w+", title.lower())
    printed = set(re.findall(r"\w+", text.lower()))
    if len(words) < 3 or re.search(r"\.(?:docx?|pdf|indd|pptx?)\b|^untitled|^microsoft", title, re.I):
        return text, None
    return text, title if all(w in printed for w in words) else None


def _pdf_page_text(page) -> str:
    """A page's text with its paragraph breaks: pypdf's layout mode keeps the blank line a
    vertical gap leaves (plain mode drops it, gluing title, dateline and body into one block);
    its column padding is collapsed back to single spaces, except in a table, which becomes a
    Markdown table (``_layout_tables``)."""
    try:
        text = page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode is newer and stricter; plain mode still reads the words
        return page.extract_text() or ""
    return "\n".join(
        line if line.startswith("|") else " ".join(line.split()) for line in _layout_tables(text.split("\n"))
    )


def _join_pages(pages: list[str]) -> str:
    """Pages joined without their running headers and footers (an edge line every page prints,
    its page number aside: "Enterprise Singapore | Media Release | Page 2 of 3"), a paragraph a
    page break cut joined again ("A return mission … to" / "Singapore is being planned …")."""

    def edges(page: str) -> list[str]:
        lines = [x for x in page.split("\n") if x.strip()]
        return lines[:2] + lines[-2:]

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split()).lower())

    seen: dict[str, int] = {}
    for page in pages:
        for k in {key(x) for x in edges(page)}:
            seen[k] = seen.get(k, 0) + 1
    running = {k for k, n in seen.items() if n >= 2} if len(pages) >= 2 else set()
    out = ""
    for page in pages:
        lines = page.split("\n")
        ends = set(edges(page))
        kept = "\n".join(x for x in lines if not (x in ends and key(x) in running)).strip("\n")
        if not kept.strip():
            continue
        last = out.rstrip().rsplit("\n", 1)[-1]
        if out and not re.search(r"[.!?:;”\"’)|]\s*$", last) and len(last.split()) >= 8 and kept.lstrip()[:1].isalnum():
            out = out.rstrip() + " " + kept.lstrip()  # a sentence running on to the next page
        else:
            out = f"{out}\n\n{kept}" if out else kept
    return out


_CELL_GAP = re.compile(r"\S+(?: \S+)*")  # a run of words one space apart: one cell of a laid-out row


def _cells(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _CELL_GAP.finditer(line)]


def _layout_tables(lines: list[str]) -> list[str]:
    """Tables in a PDF page's layout text, rebuilt as Markdown rows. pypdf places each word at its
    column, so a table is a header line of three or more cells two or more spaces apart, then
    lines whose cells start at those columns; a line with nothing in the first column continues
    the row above (a cell wrapped inside its column). The table ends at a line that fits no
    column (a footer, a paragraph). Written here because pypdf gives positions, not tables, and
    the table libraries for PDFs need a renderer this project does not ship."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        head = _cells(lines[i])
        if len(head) < 3:
            out.append(lines[i])
            i += 1
            continue
        starts = [a for a, _ in head]
        rows: list[list[str]] = []
        j = i + 1
        while j < len(lines):
            cells = _cells(lines[j])
            if not cells:
                j += 1
                continue
            cols = [_column(starts, a, len(t)) for a, t in cells]
            if None in cols or len(set(cols)) != len(cols):
                break
            if 0 in cols or not rows:
                rows.append([""] * len(starts))
            for c, (_, t) in zip(cols, cells):
                rows[-1][c] = f"{rows[-1][c]} {t}".strip()
            j += 1
        if len(rows) < 2:
            out.append(lines[i])
            i += 1
            continue
        out.append("")
        out.append("| " + " | ".join(t for _, t in head) + " |")
        out.append("|" + "---|" * len(starts))
        out += ["| " + " | ".join(r) + " |" for r in rows]
        out.append("")
        i = j
    return out


def _column(starts: list[int], at: int, width: int) -> int | None:
    """The column a cell starting at ``at`` falls in, when it starts near that column's start and
    stops before the next one's; None otherwise."""
    for c, a in enumerate(starts):
        end = starts[c + 1] if c + 1 < len(starts) else 10**6
        if abs(at - a) <= 2 and at + width < end:
            return c
    return None


def slugify(value: str) -> str:
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-").lower()
    return value or "doc"


def _read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; SkipFile otherwise.

    Opened without blocking (a FIFO named like a release cannot hang the build) and read with a
    cap (a file that grows after it was measured cannot exhaust memory).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise SkipFile(f"unreadable ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as f:
        try:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise SkipFile("not a regular file")
            if st.st_size == 0:
                raise SkipFile("empty file")
            if st.st_size > max_bytes:
                raise SkipFile(f"too large ({st.st_size:,} bytes > limit {max_bytes:,})")
            data = f.read(max_bytes + 1)
        except OSError as exc:
            raise SkipFile(f"unreadable ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise SkipFile(f"too large (more than {max_bytes:,} bytes)")
    if not data:
        raise SkipFile("empty file")
    return data


def _check_raw_length(raw: str, max_chars: int) -> None:
    if len(raw) > RAW_TEXT_FACTOR * max_chars:
        raise SkipFile(f"too much text ({len(raw):,} characters before normalising; the limit is {max_chars:,} after)")


@dataclass
class Source:
    """One file read and decoded, before normalisation: raw lines and what its container said."""

    rel: str
    sha256: str
    raw: str  # plain, markdown-ish or HTML-derived lines
    meta: dict[str, Any] = field(default_factory=dict)  # front matter
    title_hint: str | None = None
    published_hint: str | None = None
    publisher: str | None = None
    author: str | None = None


_WIRE_NAMES = {
    "prnewswire": "PR Newswire",
    "businesswire": "Business Wire",
    "globenewswire": "GlobeNewswire",
    "accesswire": "ACCESSWIRE",
}
# The distributor a dateline carries between slashes: "SINGAPORE, Dec. 15, 2023 /PRNewswire/ —",
# "SINGAPORE, 22 October 2024 /Asia Newsline/ –" (any name there, the known ones spelt as they spell
# themselves).
WIRE_TAG = re.compile(
    r"/\s*(PR\s*Newswire|Business\s*Wire|GlobeNewswire|ACCESSWIRE)\s*/|"
    r"\b(?:19|20)\d\d\s*/\s*([A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,4})\s*/\s*[–—-]|"
    # … or in brackets after the dateline: "SINGAPORE, March 24 (Pan-Asia Newswire) -", "(Xinhua) –"
    r"(?m:^[A-Z][A-Z .'’-]{2,30},\s+[^()\n]{3,30}?\s*"
    r"\(((?-i:[A-Z])[\w&.'’-]*(?:[ -](?-i:[A-Z])[\w&.'’-]*){0,4})\)\s*[–—-])",
    re.I,
)


def _wire_name(m: re.Match[str]) -> str:
    """The distributor a dateline carries, as it spells itself."""
    name = m.group(1) or m.group(2) or m.group(3)
    return _WIRE_NAMES.get(re.sub(r"\s", "", name).lower(), name)


def read_source(path: Path, rel: str, *, max_bytes: int = MAX_FILE_BYTES, max_chars: int = MAX_TEXT_CHARS) -> Source:
    """Read and decode one file (HTML through ``webpage``, front matter split off).

    Raises:
        SkipFile: with the reason the file cannot be used.
    """
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        max_bytes = max(1, max_bytes // HTML_SHARE_OF_MAX_BYTES)
    data = _read_capped(path, max_bytes)
    src = Source(rel, hashlib.sha256(data).hexdigest(), "")
    if suffix == ".pdf":
        if not data.startswith(b"%PDF"):
            raise SkipFile("not a PDF file")
        raw, src.title_hint = _pdf_text(data)
        _check_raw_length(raw, max_chars)
        src.raw = escape_markdown(raw)
        return src
    raw = _decode(data)
    if _looks_binary(raw):
        raise SkipFile("binary content")
    if suffix in (".html", ".htm"):
        from .webpage import extract_page

        page = extract_page(raw)
        src.raw, src.title_hint, src.published_hint, src.publisher, src.author = (
            page.lines,
            page.title,
            page.published,
            page.sitename,
            page.author,
        )
        return src
    _check_raw_length(raw, max_chars)
    src.meta, src.raw, _ = split_front_matter(raw, rel)
    return src


def split_front_matter(raw: str, rel: str = "") -> tuple[dict[str, Any], str, int]:
    """A text file's YAML front matter, its content, and where that content starts in ``raw``.

    The content is what gets normalised (``raw`` itself when there is no front matter, or when it
    cannot be parsed: a warning names ``rel``). ``raw[offset:].strip() == content``: ``sourcemap``
    looks for quoted text from ``offset`` on, so a quote never lands in the front matter.
    """
    if not raw.lstrip("\ufeff").startswith("---"):
        return {}, raw, 0
    import frontmatter
    from frontmatter.default_handlers import YAMLHandler

    try:
        post = frontmatter.loads(raw)
    except Exception as exc:
        log.warning("%s: front matter ignored (%s)", rel, exc)
        return {}, raw, 0
    stripped = raw.strip()
    if post.content == stripped:  # no closing boundary: nothing was split off
        return dict(post.metadata), post.content, 0
    # python-frontmatter strips the text, then splits it at its first two boundary lines.
    boundaries = list(itertools.islice(YAMLHandler.FM_BOUNDARY.finditer(stripped), 2))
    offset = len(raw) - len(raw.lstrip()) + boundaries[-1].end() if len(boundaries) == 2 else 0
    if raw[offset:].strip() != post.content:  # a parser that splits differently: search it all
        offset = 0
    return dict(post.metadata), post.content, offset


def _meta_date(meta: dict[str, Any], key: str, rel: str) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    try:
        if isinstance(value, _dt.datetime):
            return value.date().isoformat()
        if isinstance(value, _dt.date):
            return value.isoformat()
        parsed = parse_date(str(value))
    except Exception:
        parsed = None
    if parsed is None:
        log.warning("%s: front matter %s %r not understood", rel, key, value)
    return parsed


# Where a saved page or a release names who put it out, near its top: a "Source:" label ("来源：鹏城
# 科技日报", "Source: Shenzhen Municipal Bureau of …"); the site's home link in its masthead
# ("[Bay Area Business Review](https://bayareabiz.example/)"); the issuer's name on the line
# above "MEDIA RELEASE".
_SOURCE_LABEL = re.compile(
    r"(?:来源|Source)\s*[:：]\s*(\S.*?)(?=\s{2,}|\u3000|\s*[|｜<]|\s*(?:作者|编辑|记者)|\s+(?:Updated|Published|By)\b|\s*$)",
    re.M,
)
_NAV_LABELS = frozenset({"home", "homepage", "home page", "main", "main page", "index", "back", "top", "menu"})
_HOME_LINK = re.compile(r"\[([^\[\]\n]{3,60})\]\(https?://[^/()\s]+/?\)")
_ISSUER = re.compile(
    r"^[ \t*]*([A-Z][\w&'’.-]*(?:[ \t]+[A-Z][\w&'’.-]*){0,5})[ \t*]*\n"
    r"(?:[ \t]*\n){0,2}[ \t*]*(?:MEDIA|PRESS|NEWS)[ \t]+RELEASE\b",
    re.M,
)


def masthead(raw: str) -> str | None:
    """Who put a page or release out, as its top says (see above); None when it does not."""
    head = raw[:2000]
    for pattern in (_SOURCE_LABEL, _HOME_LINK, _ISSUER):
        for m in pattern.finditer(head):
            name = m.group(1).strip(" *")
            # (a menu's "Home" link goes to the site's root too: it names no one)
            if name and not (pattern is _HOME_LINK and name.lower() in _NAV_LABELS):
                return name
    return None


def to_document(
    src: Source, doc_id: str, *, repeated: frozenset[str] = frozenset(), max_chars: int = MAX_TEXT_CHARS
) -> Document:
    """Normalise a read file into a Document: furniture dropped, title, event, dates.

    Dates: ``date`` is when the reported event happened — front matter ``date``, else a date the
    sentences naming the event state (resolved against the publication date), else the
    dateline, else a date the lead paragraph states ("SHENZHEN, Oct 19 (Xinhua) –", "on
    Tuesday"), else the publication date, else the first date near the top. ``published`` is
    front matter ``published``, else the page's metadata or a byline, else the dateline; a
    crawl header's date is neither.
    """
    cleaned = strip_furniture(src.raw, repeated)
    meta = src.meta
    parsed = normalise(cleaned.text, title_hint=str(meta["title"]) if meta.get("title") else src.title_hint)
    if not parsed.text.strip():
        raise SkipFile("no text after removing markup")
    if len(parsed.text) > max_chars:
        raise SkipFile(f"too much text ({len(parsed.text):,} characters > limit {max_chars:,})")
    text = parsed.text
    title = strip_wire_tag(strip_timestamp(parsed.title)) if parsed.title else ""
    title = title or Path(src.rel).stem
    dateline = find_dateline(text)
    published = _meta_date(meta, "published", src.rel) or src.published_hint or cleaned.published or dateline
    event = find_event(title, text, meta)
    event_date = None
    for start, end in event.mentions if event else ():
        a, b = sentence_bounds(text, start, end)
        event_date = date_in_sentence(text[a:b], published or parsed.date, anchor=start - a)
        if event_date:
            break
    reference = published or parsed.date
    lead_date = None
    if not dateline and reference:
        lead = next((b for b in text.split("\n\n") if len(b.split()) >= 12 and b.rstrip()[-1:] in '.!?。”"'), "")
        lead_date = date_in_sentence(lead[:600], reference)
    date = _meta_date(meta, "date", src.rel) or event_date or dateline or lead_date or published or parsed.date
    wire = WIRE_TAG.search(text[:4000])
    publisher = (
        meta.get("publisher")
        or meta.get("source")
        or src.publisher
        or (_wire_name(wire) if wire else None)
        or masthead(src.raw)
        or parsed.author
    )
    return Document(
        doc_id=doc_id,
        path=src.rel,
        meeting=event.ordinal if event and event.is_meeting else None,
        title=title,
        date=date,
        text=text,
        sections=parsed.sections,
        source=str(meta.get("source") or src.rel),
        url=str(meta["url"]) if meta.get("url") else None,
        sha256=src.sha256,
        emphasis=parsed.emphasis,
        published=published,
        event=event.name if event else None,
        place=event.place if event else None,
        publisher=str(publisher) if publisher else None,
        event_span=event.span if event else None,
        # (a page's byline line may be dropped as furniture: the raw page's top still names the reporter)
        author=str(meta.get("author") or src.author or cleaned.author or _reporter(text) or _reporter(src.raw) or "")
        or None,
    )


# "本报讯（记者 孙嘉怡）", "作者：孙嘉怡": a Chinese report names its reporter in its lead or byline.
# ("作者：记者 王思远": the author, a reporter, is 王思远)
_CN_REPORTER = re.compile(
    r"(?:作者[ \t]*[:：][ \t]*(?:记者[ \t]*)?|记者[ \t]*[:：]?[ \t]*)([\u4e00-\u9fff]{2,4})(?=[）)\s，,<]|$)"
)


def _reporter(text: str) -> str | None:
    m = _CN_REPORTER.search(text[:3000])
    return m.group(1) if m else None


def read_document(
    path: Path,
    rel: str,
    doc_id: str,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_chars: int = MAX_TEXT_CHARS,
    repeated: frozenset[str] = frozenset(),
) -> Document:
    """Read and normalise one file. Raises SkipFile with the reason when it cannot be used.

    Limits: ``max_bytes`` per file (a quarter of it for HTML, which is parsed into a tree) and
    ``max_chars`` of normalised text. ``repeated`` holds lines seen at the edges of several
    files (see ``furniture.repeated_lines``).
    """
    return to_document(
        read_source(path, rel, max_bytes=max_bytes, max_chars=max_chars), doc_id, repeated=repeated, max_chars=max_chars
    )


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _dir_inside(path: Path, root: Path) -> bool:
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        log.warning("skipping %r: broken or looping link", str(path))
        return False
    if not _inside(real, root):
        log.warning("skipping %r: links outside the corpus", str(path))
        return False
    return True


def corpus_file_target(path: Path, corpus_root: Path) -> Path | str:
    """The real file behind ``path`` if it may be read, else the reason it may not.

    Refused: broken or looping links, links to files outside ``corpus_root`` (which must be
    resolved), and anything that is not a regular file (FIFOs, devices, sockets, folders).
    """
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "broken or looping symbolic link"
    if not _inside(target, corpus_root):
        return "symbolic link to a file outside the corpus"
    try:
        st = target.stat()
    except OSError as exc:
        return f"cannot stat ({exc.strerror or exc})"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    return target


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
                log.warning("skipping %r: links outside the corpus", str(d))
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        # Links to folders outside the corpus are dropped before os.walk lists them.
        dirnames[:] = sorted(n for n in dirnames if not n.startswith(".") and _dir_inside(d / n, root))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            p = d / name
            rel = p.relative_to(root).as_posix()
            yield p, rel


def _skip(skipped: list[SkippedFile], rel: str, reason: str) -> None:
    skipped.append(SkippedFile(rel, reason))
    log.warning("skipping %r: %s", rel, reason)


def load_corpus(
    corpus_dir: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES, max_chars: int = MAX_TEXT_CHARS
) -> tuple[list[Document], list[SkippedFile]]:
    """Read every supported file under ``corpus_dir``.

    Files are read first, then normalised: lines repeated at the edges of several saved pages
    (a site's banner, its menu) are known before any one page is cleaned. Copies of one story
    are then grouped (``dedupe``): each copy's ``copy_of`` names the canonical document.

    Returns:
        The documents in path order, and the files skipped with their reasons (each also
        logged as a warning naming the file). A file whose normalised text equals an earlier
        file's is skipped as a duplicate of it.

    Raises:
        EmptyCorpusError: the directory is missing or holds no readable document.
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise EmptyCorpusError(f"corpus directory not found: {root}")
    real_root = root.resolve()
    skipped: list[SkippedFile] = []
    sources: list[Source] = []
    for path, rel in iter_corpus_files(root):
        target = corpus_file_target(path, real_root)
        if isinstance(target, str):
            _skip(skipped, rel, target)
            continue
        try:
            sources.append(read_source(path, rel, max_bytes=max_bytes, max_chars=max_chars))
        except SkipFile as exc:
            _skip(skipped, rel, str(exc))
        except Exception as exc:  # one bad file must never stop a build (RecursionError included)
            _skip(skipped, rel, f"could not be parsed ({exc.__class__.__name__}: {str(exc)[:200]})")
    repeated = repeated_lines(s.raw for s in sources)
    docs: list[Document] = []
    used_ids: set[str] = set()
    first_with_text: dict[str, str] = {}  # sha256 of normalised text → first path holding it
    for src in sources:
        rel = src.rel
        base = slugify(str(Path(rel).with_suffix("")))
        doc_id = base if base not in used_ids else f"{base}-{slugify(Path(rel).suffix)}"
        n = 2
        while doc_id in used_ids:
            doc_id = f"{base}-{n}"
            n += 1
        try:
            doc = to_document(src, doc_id, repeated=repeated, max_chars=max_chars)
        except SkipFile as exc:
            _skip(skipped, rel, str(exc))
            continue
        except Exception as exc:  # one bad file must never stop a build (RecursionError included)
            _skip(skipped, rel, f"could not be parsed ({exc.__class__.__name__}: {str(exc)[:200]})")
            continue
        finally:
            src.raw = ""  # the normalised text is kept; the raw text is not needed any more
        text_key = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        if text_key in first_with_text:  # the same release twice would be cited twice
            _skip(skipped, rel, f"duplicate of {first_with_text[text_key]}")
            continue
        first_with_text[text_key] = rel
        used_ids.add(doc_id)
        docs.append(doc)
    if not docs:
        detail = f" ({len(skipped)} file(s) skipped)" if skipped else ""
        raise EmptyCorpusError(f"no readable document in {root}{detail}; supported: {', '.join(SUFFIXES)}")
    skipped.sort(key=lambda s: s.path)
    return mark_copies(share_event_dates(harmonise_event_names(docs))), skipped


def fingerprint(docs: Iterable[Document]) -> str:
    """A hash of (path, content hash) pairs: changes when any file is added, removed or edited."""
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d.path):
        h.update(f"{d.path}\0{d.sha256}\n".encode())
    return h.hexdigest()
