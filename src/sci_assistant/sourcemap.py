"""Source offsets: a span of a normalised document mapped back to the characters and bytes of its file."""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .corpus import SkipFile, decode_file, split_front_matter
from .markup import normalise
from .schema import Document

# Normalising a release drops markup, joins wrapped lines and collapses whitespace, so an offset
# into ``Document.text`` is not an offset into the file a reader opens. Rather than threading an
# offset map through every rewrite of the normaliser (markup, furniture, table merges), a span is
# found again in the file and then *checked*: the file's slice, normalised the same way, must read
# word for word as the quoted text. A span that fails the check gets no file offsets, and a reason.
#
# Finding: both texts are reduced to a "skeleton" with whitespace, emphasis and escape characters
# dropped, tags removed and entities decoded; each skeleton character remembers where it came
# from in the file, so a match in the skeleton is a span of the file.

# Characters the normaliser removes or rewrites as markup: dropped on both sides before matching.
_SKIP = frozenset(
    " \t\n\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad*_\\#|>`[]"
)
# Removed from a file before matching: tags, comments and a markdown link's target ("[Annex A](#)").
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->|\]\([^()\s]*\)", re.S)
# Markup that may sit just outside a span's first or last word ("**Annex B:** List …", "…</p>").
_OPENERS = re.compile(r"(?:\*{1,2}|_{1,2}|<[A-Za-z][^<>]*>|\[)+$")
_CLOSERS = re.compile(r"(?:\*{1,2}|_{1,2}|</[A-Za-z][A-Za-z0-9-]*\s*>|\]\([^()\s]*\))+")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_NOT_STORED = {
    ".pdf": "a PDF stores its text as drawing operators, not as characters in reading order, so no "
    "character offset into the file exists",
}


@dataclass(frozen=True)
class SourceSpan:
    """Where a span of a document's normalised text sits in its source file, with its release's facts.

    ``start``/``end`` count characters of ``Document.text``; ``file_start``/``file_end`` count
    characters of the file read as text (``encoding``), ``byte_start``/``byte_end`` bytes of the
    file as stored. File offsets are None, with ``file_offsets_note`` saying why, when the span
    cannot be found in the file exactly (a PDF, a table cell wrapped across rows, a changed file).
    """

    doc_id: str
    start: int
    end: int
    text: str
    title: str
    date: str | None  # the reported event's date
    event: str | None
    path: str  # relative to the corpus folder
    file_name: str
    url: str | None
    file_start: int | None = None
    file_end: int | None = None
    byte_start: int | None = None
    byte_end: int | None = None
    encoding: str | None = None
    file_offsets_note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SourceFile:
    """One source file read as stored: its bytes' encoding and its text."""

    path: Path
    text: str
    encoding: str
    bom: int  # bytes of byte-order mark before the text
    sha256: str
    body: int = 0  # where the text the corpus reader normalises starts (after YAML front matter)


def read_source_file(path: str | os.PathLike[str]) -> SourceFile:
    """Read a corpus file and decode it exactly as the corpus reader does.

    Raises:
        OSError: the file cannot be read.
        SkipFile: the file is not text the corpus reader would accept.
    """
    p = Path(path)
    data = p.read_bytes()
    text, encoding, bom = decode_file(data)
    # The reader splits front matter off text files (not HTML or PDF): its text is never quoted.
    body = 0 if p.suffix.lower() in (".html", ".htm", ".pdf") else split_front_matter(text, p.name)[2]
    return SourceFile(p, text, encoding, bom, hashlib.sha256(data).hexdigest(), body)


def _skeleton(text: str, *, markup: bool) -> tuple[str, list[int]]:
    """``text`` without whitespace and markup characters, and the offset of each kept character.

    With ``markup`` (a file), tags are removed and entities decoded (each decoded character maps
    to the entity's first character).
    """
    chars: list[str] = []
    where: list[int] = []
    spans: Iterator[re.Match[str]] = iter(())
    if markup and ("<" in text or "&" in text):
        spans = re.finditer(f"{_TAG.pattern}|{_ENTITY.pattern}", text, re.S)
    nxt = next(spans, None)
    i = 0
    while i < len(text):
        if nxt is not None and nxt.start() == i:
            if nxt.group(0).startswith("&"):
                for c in html.unescape(nxt.group(0)):
                    if c not in _SKIP:
                        chars.append(c)
                        where.append(i)
            i = nxt.end()
            nxt = next(spans, None)
            while nxt is not None and nxt.start() < i:
                nxt = next(spans, None)
            continue
        c = text[i]
        if c not in _SKIP:
            chars.append(c)
            where.append(i)
        i += 1
    return "".join(chars), where


def _words(text: str) -> list[str]:
    return text.split()


def slice_matches(raw_slice: str, text: str) -> bool:
    """True when ``raw_slice`` of a file, normalised as a release is, reads as ``text`` word for word.

    Whitespace layout is not compared: a table cell break is a tab in a file and a newline in the
    normalised text, a paragraph break a blank line in both.
    """
    return _words(normalise(raw_slice).text) == _words(text)


def _occurrences(hay: str, needle: str) -> list[int]:
    out, i = [], hay.find(needle)
    while i >= 0:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


def locate(doc: Document, src: SourceFile, start: int, end: int) -> tuple[int, int] | str:
    """The file span (characters of ``src.text``) holding ``doc.text[start:end]``, or why there is none."""
    text = doc.text[start:end]
    needle, _ = _skeleton(text, markup=False)
    if not needle:
        return "the span holds no text"
    # Only the text the reader normalised: a title or lead sentence repeated in the front matter
    # (``title:``, ``description:``) reads the same but is not where the quote came from.
    hay, where = _skeleton(src.text[src.body :], markup=True)
    where = [w + src.body for w in where]
    found = _occurrences(hay, needle)
    if not found:
        return (
            "the quoted words are not stored in one piece in the file: they are joined from separate "
            "places (a paragraph continued after a page break, a table cell wrapped across rows)"
        )
    # The same words may occur more than once (a title repeated in the body): try the occurrence
    # with the same rank among the document's own occurrences first, then the rest by position.
    doc_hay, doc_where = _skeleton(doc.text, markup=False)
    rank = sum(1 for i in _occurrences(doc_hay, needle) if doc_where[i] < start)
    order = sorted(range(len(found)), key=lambda k: (k != rank, abs(k - rank)))
    for k in order:
        i = found[k]
        a, b = where[i], where[i + len(needle) - 1] + 1
        # Widen the end over a closing entity or tag, which the last kept character points into.
        m = _ENTITY.match(src.text, where[i + len(needle) - 1])
        if m:
            b = m.end()
        for a2, b2 in _widened(src.text, a, b):
            if slice_matches(src.text[a2:b2], text):
                return a2, b2
    return "the file's text at this place normalises to different words"


def _widened(raw: str, a: int, b: int) -> list[tuple[int, int]]:
    """The span, then with the emphasis markers, tags or link syntax just outside it taken in."""
    before = _OPENERS.search(raw, max(0, a - 200), a)
    a2 = before.start() if before and before.end() == a else a
    after = _CLOSERS.match(raw, b)
    b2 = after.end() if after else b
    return list(dict.fromkeys([(a, b), (a2, b), (a, b2), (a2, b2)]))


def _byte_offset(src: SourceFile, char_offset: int) -> int:
    return src.bom + len(src.text[:char_offset].encode(src.encoding))


def source_span(
    doc: Document,
    start: int,
    end: int,
    corpus_dir: str | os.PathLike[str] | None,
    *,
    cache: dict[str, SourceFile | str] | None = None,
) -> SourceSpan:
    """A span of ``doc`` with its release's facts and, when it can be found exactly, its file offsets.

    ``cache`` (path → SourceFile, or the reason the file could not be read) saves re-reading a file
    for every quote of one export.

    Raises:
        ValueError: ``start``/``end`` do not lie inside the document.
    """
    if not (0 <= start <= end <= len(doc.text)):
        raise ValueError(f"span {start}–{end} is outside document {doc.doc_id!r} ({len(doc.text)} characters)")
    base = SourceSpan(
        doc.doc_id,
        start,
        end,
        doc.text[start:end],
        doc.title,
        doc.date,
        doc.event,
        doc.path,
        Path(doc.path).name,
        doc.url,
    )

    def without(note: str) -> SourceSpan:
        return SourceSpan(**{**asdict(base), "file_offsets_note": note})

    suffix = Path(doc.path).suffix.lower()
    if suffix in _NOT_STORED:
        return without(_NOT_STORED[suffix])
    if corpus_dir is None:
        return without("the corpus folder is not known to this assistant")
    src = _cached_file(Path(corpus_dir) / doc.path, cache)
    if isinstance(src, str):
        return without(src)
    if doc.sha256 and src.sha256 != doc.sha256:
        return without("the file changed since the index was built; rebuild to cite it")
    got = locate(doc, src, start, end)
    if isinstance(got, str):
        if suffix in (".html", ".htm"):
            got = "HTML: the text was extracted from the page's markup (trafilatura), and " + got
        return without(got)
    a, b = got
    return SourceSpan(
        **{
            **asdict(base),
            "file_start": a,
            "file_end": b,
            "byte_start": _byte_offset(src, a),
            "byte_end": _byte_offset(src, b),
            "encoding": src.encoding,
        }
    )


def _cached_file(path: Path, cache: dict[str, SourceFile | str] | None) -> SourceFile | str:
    key = str(path)
    if cache is not None and key in cache:
        return cache[key]
    try:
        got: SourceFile | str = read_source_file(path)
    except (OSError, SkipFile) as exc:
        got = f"the file cannot be read ({exc})"
    if cache is not None:
        cache[key] = got
    return got
