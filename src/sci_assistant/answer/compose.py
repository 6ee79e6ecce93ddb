"""Templates: the Markdown reply, numbered citations and verbatim quotes.

Only fixed phrases are written here; every fact shown comes from a quoted span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..indexing import LoadedIndex
from ..retriever import chunk_hit, rows_by_doc
from ..schema import SECTION_SEP, Hit, Quote

_TAGLIKE = re.compile(r"<(?=[A-Za-z/!?])")


def md_text(text: str) -> str:
    """Document or user text made inert inside Markdown: no tags, links or images."""
    text = _TAGLIKE.sub("&lt;", text)
    # ("$" stays as written: "S$20 million" is pasted and matched as the release prints it. The
    # chat turns math off and escapes it for display; see web_render.sanitize_markdown.)
    text = text.replace("](", "]\\(").replace("![", "!\\[")
    return text


def inline(text: str) -> str:
    """Document text on one line (table cells separated by an em dash), for names and table cells
    shown unquoted; a quotation is written by ``quoted``."""
    return md_text(" — ".join(p.strip() for p in text.split("\n") if p.strip()))


def quoted(text: str) -> str:
    """Document text in quotation marks, each table cell (line) in its own: “Title” — “Description”.
    The dash between cells stands outside them: a quotation holds only characters the release has."""
    cells = [p.strip() for p in text.split("\n") if p.strip()]
    # A row's number cell ("6", "14.") quotes nothing a reader can use, beside the cells that say.
    worded = [p for p in cells if re.search(r"[^\W\d_]", p)]
    return " — ".join(f"“{md_text(p)}”" for p in (worded or cells))


@dataclass
class Citations:
    """Numbers chunks in the order they are first cited, and records verbatim quotes."""

    idx: LoadedIndex
    hits: list[Hit] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    _by_chunk: dict[str, int] = field(default_factory=dict)
    _by_text: dict[str, int] = field(default_factory=dict)

    def _chunk_for(self, doc_id: str, start: int, end: int) -> int:
        best = None
        chunks = self.idx.chunks
        for row in rows_by_doc(self.idx, "chunks").get(doc_id, ()):
            c = chunks[row]
            if c.start <= start and end <= c.end:
                return row
            if c.start < end and start < c.end and best is None:
                best = row
        return best if best is not None else 0

    def cite(self, doc_id: str, start: int, end: int, score: float = 0.0) -> int:
        """Quote ``doc.text[start:end]``; return its [n] (an already cited passage holding it, if any).

        The same words quoted from a duplicate release reuse the first citation.
        """
        key = " ".join(self.idx.documents[doc_id].text[start:end].split()).lower()
        if key in self._by_text:
            return self._by_text[key]
        for n, h in enumerate(self.hits, 1):
            if h.doc_id == doc_id and h.start <= start and end <= h.end:
                self._quote(doc_id, start, end, n)
                return n
        row = self._chunk_for(doc_id, start, end)
        c = self.idx.chunks[row]
        n = self._by_chunk.get(c.chunk_id)
        if n is None:
            self.hits.append(chunk_hit(c, self.idx.documents[c.doc_id], score))
            n = len(self.hits)
            self._by_chunk[c.chunk_id] = n
        self._quote(doc_id, start, end, n)
        return n

    def seen(self, doc_id: str, start: int, end: int) -> bool:
        """Whether these words were quoted already (from any release)."""
        return " ".join(self.idx.documents[doc_id].text[start:end].split()).lower() in self._by_text

    def _quote(self, doc_id: str, start: int, end: int, n: int) -> None:
        text = self.idx.documents[doc_id].text[start:end]
        self._by_text.setdefault(" ".join(text.split()).lower(), n)
        if not any(q.doc_id == doc_id and q.start == start and q.end == end for q in self.quotes):
            self.quotes.append(Quote(doc_id, start, end, text, n))

    def add_hit(self, hit: Hit) -> int:
        """Cite a whole passage without quoting it (closest matches of a 'not found' reply)."""
        n = self._by_chunk.get(hit.chunk_id)
        if n is None:
            self.hits.append(hit)
            n = len(self.hits)
            self._by_chunk[hit.chunk_id] = n
        return n

    def sources(self) -> str:
        lines = ["**Sources**"]
        for n, h in enumerate(self.hits, 1):
            doc = self.idx.documents[h.doc_id]
            bits = [f"*{md_text(h.title)}*"]
            meta = ", ".join(x for x in (doc.label,) if x)
            if meta:
                bits.append(meta)
            if h.section:
                bits.append(md_text(h.section.split(SECTION_SEP)[-1]))
            lines.append(f"[{n}] " + " · ".join(bits))
        return "\n".join(lines)


def quote_line(text: str, n: int) -> str:
    return f"> {quoted(text)} [{n}]"
