"""BM25 over chunks with bm25s: tokenising, build, search, save, load.

The tokenizer is ours (bm25s takes token lists) because press-release names need care:
"UniversitySun" and "TusStar" also yield their camel-case parts, "e-commerce" and "A*STAR" also
yield their joined forms, and query words missing from the vocabulary are matched to the
nearest vocabulary word (rapidfuzz) so a typo in a name still finds it.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

TOKENIZER_VERSION = 3
_ORDINALS = {
    w: f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
    for n, w in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"], 1
    )
}
_WORD = re.compile(r"[^\W_]+(?:[&'’*.\-][^\W_]+)*", re.UNICODE)
_PART = re.compile(r"[^\W_]+", re.UNICODE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """bm25s's English stopwords. Its module is loaded on its own (it holds only the word lists):
    importing ``bm25s.stopwords`` runs the package's __init__, which imports scipy.sparse — most of
    a cold query process's BM25 cost."""
    import importlib.util
    import sys

    module = sys.modules.get("bm25s.stopwords")
    if module is None:
        package = importlib.util.find_spec("bm25s")
        if package is None or not package.submodule_search_locations:
            raise ImportError("bm25s is missing: pip install bm25s")
        path = Path(list(package.submodule_search_locations)[0]) / "stopwords.py"
        spec = importlib.util.spec_from_file_location("_sci_assistant_bm25s_stopwords", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return frozenset(module.STOPWORDS_EN)


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed terms with stopwords removed; names also split and joined.

    >>> tokenize("Nanyang Technological UniversitySun Yat-sen e-commerce")[:6]
    ['nanyang', 'technolog', 'universitysun', 'univers', 'sun', 'yat']
    """
    text = unicodedata.normalize("NFKC", text)
    stop = _stopwords()
    out: list[str] = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        parts = _PART.findall(word)
        forms: list[str] = []
        if len(parts) > 1:
            forms.append("".join(parts).lower())  # "e-commerce" → "ecommerce", "A*STAR" → "astar"
        for p in parts:
            sub = _CAMEL.split(p)
            if len(sub) > 1:
                forms.append(p.lower())
                forms.extend(s.lower() for s in sub)
            else:
                forms.append(p.lower())
        for f in forms:
            if _CJK.search(f):
                forms_cjk = list(f)  # CJK: one term per character (no segmenter bundled)
                out.extend(forms_cjk)
                continue
            if f in _ORDINALS:
                out.append(_ORDINALS[f])  # "third" and "3rd" are one term
                continue
            if f in stop or (len(f) == 1 and not f.isdigit()):
                continue
            out.append(f)
    return _stemmer().stemWords(out)


class SparseIndex:
    """bm25s index over token lists; row *i* is chunk *i*."""

    def __init__(self, bm25) -> None:
        self.bm25 = bm25
        self._vocab = tuple(bm25.vocab_dict.keys()) if bm25 is not None else ()

    @property
    def size(self) -> int:
        return int(self.bm25.scores["num_docs"])

    @classmethod
    def build(cls, texts: Sequence[str]) -> SparseIndex:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        bm25 = bm25s.BM25()
        bm25.index([tokenize(t) or [""] for t in texts], show_progress=False)
        return cls(bm25)

    def query_terms(self, query: str) -> list[str]:
        """Query terms that exist in the vocabulary (typos mapped to the nearest term).

        A few question words are also expanded to the words releases use for the same thing
        ("cumulative" → "total", "to date"; "hosted" → "held").
        """
        terms = tokenize(query)
        terms += [x for t in terms for x in _EXPANSIONS.get(t, ())]
        vocab = self.bm25.vocab_dict
        out: list[str] = []
        for t in terms:
            if t in vocab:
                out.append(t)
            elif len(t) >= 4 and not t.isdigit():
                near = _nearest(t, self._vocab)
                if near:
                    out.append(near)
        return out

    def scores(
        self, query: str, allowed_mask: np.ndarray | None = None, *, terms: list[str] | None = None
    ) -> np.ndarray:
        """BM25 score of every row for ``query`` (zeros where no term matches); ``terms``:
        ``query_terms(query)`` when the caller has them already."""
        terms = self.query_terms(query) if terms is None else terms
        if not terms:
            return np.zeros(self.size, dtype=np.float32)
        s = self.bm25.get_scores(terms)
        s = np.asarray(s, dtype=np.float32)
        if allowed_mask is not None:
            s = s * allowed_mask
        return s

    def save(self, directory: str | Path) -> None:
        self.bm25.save(str(directory), allow_pickle=False)

    @classmethod
    def load(cls, directory: str | Path) -> SparseIndex:
        directory = Path(directory)
        params = json.loads((directory / "params.index.json").read_text(encoding="utf-8"))
        if params.get("method") in SavedBM25.METHODS:
            return cls(SavedBM25.load(directory, params))
        import bm25s  # a variant with a non-occurrence term: bm25s scores it

        return cls(bm25s.BM25.load(str(directory), load_corpus=False, mmap=False, allow_pickle=False))


class SavedBM25:
    """A BM25 index as bm25s saved it, scored with numpy alone: for each query term, its column of
    precomputed scores is added in, exactly as ``bm25s.BM25.get_scores`` does.

    A query process reads the files instead of importing bm25s because bm25s imports scipy.sparse
    whenever it is installed (0.23 s of the 0.38 s bm25s took in a cold ``ask``, benchmarks/NOTES.md);
    tests hold the scores equal to bm25s's own.
    """

    # Methods whose score is the precomputed matrix alone (BM25L and BM25+ add a non-occurrence term).
    METHODS = ("lucene", "robertson", "atire")

    def __init__(
        self, vocab_dict: dict[str, int], data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, num_docs: int
    ) -> None:
        # bm25s's vocabulary may end with "" (the placeholder of an empty document), which has no column.
        if not 0 < len(indptr) <= len(vocab_dict) + 1 or len(data) != len(indices) or num_docs < 0:
            raise ValueError(
                f"inconsistent BM25 arrays: {len(vocab_dict)} terms, indptr {len(indptr)}, "
                f"data {len(data)}, indices {len(indices)}"
            )
        self.vocab_dict = vocab_dict
        self.scores = {"data": data, "indices": indices, "indptr": indptr, "num_docs": num_docs}

    @classmethod
    def load(cls, directory: Path, params: dict) -> SavedBM25:
        vocab = json.loads((directory / "vocab.index.json").read_text(encoding="utf-8"))
        arrays = [
            np.load(directory / f"{name}.csc.index.npy", allow_pickle=False) for name in ("data", "indices", "indptr")
        ]
        return cls(vocab, *arrays, num_docs=int(params["num_docs"]))

    def get_scores(self, terms: list[str]) -> np.ndarray:
        data, indices, indptr = self.scores["data"], self.scores["indices"], self.scores["indptr"]
        out = np.zeros(self.scores["num_docs"], dtype=data.dtype)
        for t in terms:
            tid = self.vocab_dict.get(t)
            if tid is not None and tid + 1 < len(indptr):
                start, end = indptr[tid], indptr[tid + 1]
                out[indices[start:end]] += data[start:end]  # a column names each row once
        return out


# Stemmed question word → stemmed words press releases use for it.
_EXPANSIONS: dict[str, tuple[str, ...]] = {
    "cumul": ("total", "date"),
    "altogeth": ("total",),
    "overal": ("total",),
    "host": ("held",),
    "venu": ("held",),
    "locat": ("held",),
    "chair": ("cochair",),
    "cochair": ("chair",),
    "head": ("chair",),
}


def _nearest(term: str, vocab: tuple[str, ...]) -> str | None:
    from rapidfuzz import fuzz, process, utils  # noqa: F401

    best = process.extractOne(term, vocab, scorer=fuzz.ratio, score_cutoff=84)
    return best[0] if best else None
