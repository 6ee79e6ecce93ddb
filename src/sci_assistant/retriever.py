"""Hybrid search over one loaded generation: FAISS + BM25, fused by RRF, filtered → Hit."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from .config import SearchSettings
from .crosslingual import document_glosses, document_names, to_english
from .embedding import Embedder
from .errors import InvalidRequestError
from .fusion import reciprocal_rank_fusion
from .indexing import LoadedIndex
from .mentions import matching_documents, parse_mentions
from .schema import SECTION_SEP, Filters, Hit
from .sparse import tokenize

MAX_QUERY_CHARS = 2000
OVERLAP_WEIGHT = 0.45  # sentence score = cosine + OVERLAP_WEIGHT × IDF-weighted query-term overlap
# Bidi overrides/isolates, zero-width characters and other format controls: invisible, and a
# way to make a query look like something it is not.
_FORMAT_CHARS = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")


def normalize_query(text: str) -> str:
    """NFKC (full-width Latin → ASCII), controls and invisible marks removed, whitespace collapsed,
    length capped at MAX_QUERY_CHARS."""
    if not isinstance(text, str):
        raise InvalidRequestError(f"query must be a string, got {type(text).__name__}")
    text = text[: MAX_QUERY_CHARS * 4]
    text = unicodedata.normalize("NFKC", text)
    text = _FORMAT_CHARS.sub("", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    return text[:MAX_QUERY_CHARS]


def sentence_stats(idx: LoadedIndex) -> tuple[list[frozenset[str]], dict[str, float]]:
    """Per-sentence BM25 term sets and term IDF over sentences, computed once per generation."""
    cached = idx.derived.get("sentence_terms")
    if cached is None:
        sets = [term_set(idx.documents[s.doc_id].text[s.start : s.end]) for s in idx.sentences]
        df: dict[str, int] = {}
        for st in sets:
            for t in st:
                df[t] = df.get(t, 0) + 1
        n = max(1, len(sets))
        cached = (sets, {t: math.log(1 + n / c) for t, c in df.items()})
        idx.derived["sentence_terms"] = cached
    return cached


def chunk_sentences(idx: LoadedIndex) -> list[list[int]]:
    """Sentence rows of each chunk row."""
    cached = idx.derived.get("chunk_sentences")
    if cached is None:
        cached = [[] for _ in idx.chunks]
        for j, s in enumerate(idx.sentences):
            for row in s.chunks:
                cached[row].append(j)
        idx.derived["chunk_sentences"] = cached
    return cached


def rows_by_doc(idx: LoadedIndex, kind: str) -> dict[str, list[int]]:
    """Each document's rows of ``kind`` ("chunks" or "sentences"), ascending, once per generation."""
    key = f"{kind}_by_doc"
    cached = idx.derived.get(key)
    if cached is None:
        cached = {}
        for row, unit in enumerate(idx.chunks if kind == "chunks" else idx.sentences):
            cached.setdefault(unit.doc_id, []).append(row)
        idx.derived[key] = cached
    return cached


_PREFIX = "\x00"  # marks the five-letter prefix entries of a term set


def term_set(text: str) -> frozenset[str]:
    """BM25 terms of ``text`` plus a marked five-letter prefix of each long one, for term_match."""
    terms = tokenize(text)
    return frozenset(terms + [_PREFIX + t[:5] for t in terms if len(t) >= 5])


def term_match(term: str, terms: frozenset[str]) -> bool:
    """Exact term, or the same first five letters for long words ("financial" ~ "finance").

    ``terms`` comes from term_set (prefixes precomputed, so this is two set lookups).
    """
    return term in terms or (len(term) >= 5 and _PREFIX + term[:5] in terms)


def term_overlap(
    q_terms: Sequence[str], terms: frozenset[str], idf: dict[str, float], default: float | None = None
) -> float:
    """IDF-weighted share of ``q_terms`` found in ``terms`` (terms unknown to the corpus weigh most).

    ``default`` (the weight of an unknown term) should be passed by hot loops: max IDF, computed once.
    """
    if not q_terms:
        return 0.0
    return weighted_overlap(*term_weights(q_terms, idf, default), terms)


def term_weights(
    q_terms: Sequence[str], idf: dict[str, float], default: float | None = None
) -> tuple[list[tuple[str, str | None, float]], float]:
    """The query's side of term_overlap, for loops that score many term sets against one query:
    (term, its five-letter prefix entry or None, IDF weight) per term, and the weights' sum."""
    if default is None:
        default = max(idf.values(), default=1.0)
    weights = [(t, _PREFIX + t[:5] if len(t) >= 5 else None, idf.get(t, default)) for t in q_terms]
    return weights, sum(w for _, _, w in weights)


def weighted_overlap(weights: list[tuple[str, str | None, float]], total: float, terms: frozenset[str]) -> float:
    """term_overlap of the query ``term_weights`` describes with one term set (the same sums, in
    the same order, so the same float)."""
    if not total:
        return 0.0
    return sum(w for t, p, w in weights if t in terms or (p is not None and p in terms)) / total


class Retriever:
    """Searches one immutable LoadedIndex with one embedder."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, settings: SearchSettings | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings or SearchSettings()

    def allowed_rows(self, filters: Filters) -> np.ndarray | None:
        """Row ids that pass ``filters`` (None when no filter is active)."""
        if not filters.active:
            return None
        ok_docs = {d.doc_id for d in self.index.documents.values() if filters.allows(d)}
        return np.asarray([i for i, c in enumerate(self.index.chunks) if c.doc_id in ok_docs], dtype=np.int64)

    def _prefer_named_releases(self, query: str, fused: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """Lift chunks of the releases a query names ("the 3rd JIC", "December 2023", "latest").

        The lift equals one first place in a third RRF ranking, so it reorders near-ties and
        mid-list hits but cannot bury a strong match from another release.
        """
        docs = self.index.documents.values()
        named = matching_documents(parse_mentions(query), docs)
        if not named or len(named) == len(self.index.documents):
            return fused
        ids = {d.doc_id for d in named}
        bonus = self.settings.release_weight / (self.settings.rrf_k + 1)
        chunks = self.index.chunks
        lifted = [(row, s + (bonus if chunks[row].doc_id in ids else 0.0)) for row, s in fused]
        return sorted(lifted, key=lambda kv: (-kv[1], kv[0]))

    def _collapse_copies(self, fused: list[tuple[int, float]], filters: Filters) -> list[tuple[int, float]]:
        """Drop the hits of copies whose canonical document the filters allow: one story is
        cited once, from its canonical document. A copy stays when the filters exclude its
        canonical (the user asked for that publisher or date range)."""
        docs, chunks = self.index.documents, self.index.chunks
        out = []
        for row, score in fused:
            doc = docs[chunks[row].doc_id]
            canonical = docs.get(doc.copy_of) if doc.copy_of else None
            if canonical is not None and filters.allows(canonical):
                continue
            out.append((row, score))
        return out

    def _dense_scores(self, qv: np.ndarray, cand: int, allowed: np.ndarray | None) -> dict[int, float]:
        """Cosine score per chunk row: the better of the chunk's own vector and its best sentence.

        A chunk mixing several facts embeds as their average; scoring it by its best sentence
        keeps a precise match from being diluted by its neighbours.
        """
        idx = self.index
        d_scores, d_ids = idx.dense.search(qv[None, :], cand, allowed=allowed)
        scores = {int(i): float(s) for s, i in zip(d_scores[0], d_ids[0]) if i >= 0}
        if idx.sentence_dense.size:
            s_allowed = None
            if allowed is not None:
                ok = set(int(i) for i in allowed)
                s_allowed = [j for j, sent in enumerate(idx.sentences) if ok.intersection(sent.chunks)]
            s_scores, s_ids = idx.sentence_dense.search(qv[None, :], cand * 3, allowed=s_allowed)
            mode = self.settings.sentence_mode
            for sc, j in zip(s_scores[0], s_ids[0]):
                if j < 0:
                    continue
                for row in idx.sentences[int(j)].chunks:
                    if allowed is not None and row not in ok:
                        continue
                    prev = scores.get(row)
                    if mode == "max":
                        scores[row] = max(prev, float(sc)) if prev is not None else float(sc)
                    elif mode == "mean":
                        base = prev if prev is not None else float(np.dot(qv, idx.dense.index.reconstruct(row)))
                        scores[row] = max(base, (base + float(sc)) / 2)
        return scores

    def _rerank_by_sentences(
        self, query: str, qv: np.ndarray, fused: list[tuple[int, float]], terms: list[str] | None = None
    ) -> list[tuple[int, float]]:
        """Reorder the fused head by each chunk's best sentence (cosine + term overlap).

        RRF leaves many near-ties on a small corpus; the sentence that best matches the question
        — in meaning and in its rarer words — separates them. The fused score still counts, so a
        chunk both retrievers agree on is not overturned by one lucky sentence.
        """
        depth = self.settings.rerank_depth
        if depth <= 1 or len(fused) < 2 or not self.index.sentences:
            return fused
        head, tail = fused[:depth], fused[depth:]
        sets, idf = sentence_stats(self.index)
        per_chunk = chunk_sentences(self.index)
        if terms is None:
            terms = self.index.sparse.query_terms(query)
        q_terms = tuple(dict.fromkeys(terms))  # typos mapped to real terms
        weights, total = term_weights(q_terms, idf, max(idf.values(), default=1.0))
        top = head[0][1] or 1.0
        rescored = []
        for row, fs in head:
            rows = per_chunk[row]
            best = 0.0
            if rows:
                sims = self.index.sentence_vectors[rows] @ qv
                best = max(
                    float(sim) + OVERLAP_WEIGHT * weighted_overlap(weights, total, sets[j])
                    for sim, j in zip(sims, rows)
                )
            rescored.append((row, best + self.settings.fusion_weight * fs / top))
        rescored.sort(key=lambda kv: (-kv[1], kv[0]))
        return rescored + tail

    def encode_query(self, query: str) -> np.ndarray:
        return self.embedder.encode([query])[0]

    def search(
        self,
        query: str,
        k: int = 5,
        filters: Filters | dict | None = None,
        *,
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        """Best ``k`` chunks for ``query``, best first.

        Args:
            query: free text; normalised (NFKC, invisible characters dropped, length capped).
            k: number of hits (≥ 1); more than the index holds returns them all.
            filters: narrow to documents (doc_id or source) and a date range.
            query_vector: a precomputed query embedding (saves encoding it twice).
        """
        if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
            raise InvalidRequestError(f"k must be an integer ≥ 1, got {k!r}")
        filters = Filters.coerce(filters)
        idx = self.index
        # a Chinese question becomes an English query
        query = to_english(normalize_query(query), document_names(idx), document_glosses(idx), dictionary=True)
        if not query or not re.search(r"\w", query):
            return []
        n = len(idx.chunks)
        allowed = self.allowed_rows(filters)
        if allowed is not None and len(allowed) == 0:
            return []
        cand = max(self.settings.candidates, k * 4)

        qv = self.encode_query(query) if query_vector is None else query_vector
        dense_score = self._dense_scores(qv, min(cand, n), allowed)
        dense_rank = sorted(dense_score, key=lambda r: (-dense_score[r], r))[:cand]

        mask = None
        if allowed is not None:
            mask = np.zeros(n, dtype=np.float32)
            mask[allowed] = 1.0
        terms = idx.sparse.query_terms(query)  # BM25 and the sentence rerank weigh the same terms
        s_scores = idx.sparse.scores(query, mask, terms=terms)
        nz = np.flatnonzero(s_scores > 0)
        top = nz[np.argsort(-s_scores[nz], kind="stable")][:cand]
        sparse_rank = [int(i) for i in top]

        fused = reciprocal_rank_fusion(
            [dense_rank, sparse_rank],
            k=self.settings.rrf_k,
            weights=[self.settings.dense_weight, self.settings.sparse_weight],
        )
        fused = self._prefer_named_releases(query, fused)
        fused = self._collapse_copies(self._rerank_by_sentences(query, qv, fused, terms), filters)[:k]
        hits: list[Hit] = []
        for row, score in fused:
            c = idx.chunks[row]
            doc = idx.documents[c.doc_id]
            ds = dense_score.get(row)
            if ds is None:  # found by BM25 only
                ds = float(np.dot(qv, idx.dense.index.reconstruct(row)))
            hits.append(chunk_hit(c, doc, score, dense_score=ds, sparse_score=float(s_scores[row])))
        return hits


def chunk_hit(chunk, doc, score: float, **scores: float) -> Hit:
    """A chunk of ``doc`` as a search hit, with its score (and the dense/sparse scores if given)."""
    return Hit(
        text=chunk.text,
        score=float(score),
        doc_id=chunk.doc_id,
        chunk_id=chunk.chunk_id,
        title=doc.title,
        date=doc.date,
        source=doc.source,
        section=SECTION_SEP.join(chunk.section),
        start=chunk.start,
        end=chunk.end,
        **scores,
    )
