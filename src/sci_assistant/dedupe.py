"""One story told once: syndicated and near-duplicate documents grouped under a canonical one."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import find_dateline
from .schema import Document

SHINGLE_WORDS = 5
NUM_PERM = 128
# A document is a copy when this share of its shingles occurs in another document. Containment,
# not Jaccard: a prefix copy or a copy wrapped in extra page text is far from the original in
# Jaccard terms but almost wholly inside it.
CONTAINMENT = 0.7
# LSH finds candidates at a lower threshold (it is approximate); each is then checked exactly.
LSH_THRESHOLD = 0.5
MIN_SHINGLES = 20  # shorter texts say too little to call one a copy of another
_WORD = re.compile(r"\w+")
# Marks of a copy made from someone else's text: a wire tag, "first appeared in", "republished".
_SYNDICATED = re.compile(
    r"/\s*(?:PR\s*Newswire|Business\s*Wire|GlobeNewswire|ACCESSWIRE)\s*/|first\s+appeared\s+(?:in|on)"
    r"|republished\s+(?:with|by|through|from|under)|originally\s+published",
    re.I,
)
_OFFICIAL = re.compile(r"\b(?:media|press|news)\s+release\b|\bfor\s+immediate\s+release\b", re.I)


@dataclass(frozen=True)
class CopyGroup:
    """Documents that tell one story: the one to cite and the copies it stands for."""

    canonical: str
    copies: tuple[str, ...]


def shingles(text: str) -> set[str]:
    """Overlapping runs of SHINGLE_WORDS lower-cased words."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _candidates(sets: list[set[str]]) -> set[tuple[int, int]]:
    """Pairs (i, j) whose containment of i in j may reach LSH_THRESHOLD (MinHash LSH Ensemble)."""
    from datasketch import MinHash, MinHashLSHEnsemble

    keep = [i for i, s in enumerate(sets) if len(s) >= MIN_SHINGLES]
    if len(keep) < 2:
        return set()
    hashes = MinHash.bulk([[s.encode("utf-8") for s in sets[i]] for i in keep], num_perm=NUM_PERM)
    lsh = MinHashLSHEnsemble(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, num_part=min(8, len(keep)))
    lsh.index([(i, h, len(sets[i])) for i, h in zip(keep, hashes)])
    pairs = set()
    for i, h in zip(keep, hashes):
        for j in lsh.query(h, len(sets[i])):
            if j != i:
                pairs.add((i, j))
    return pairs


def _rank(doc: Document) -> tuple:
    """Sort key of a group's members: the official release first (a dateline or "media release"
    and no mark of syndication), then the earliest published, then the longest."""
    head = doc.text[:1500]
    official = bool(_OFFICIAL.search(head)) or find_dateline(head) is not None
    syndicated = _SYNDICATED.search(doc.text) is not None
    return (not official, syndicated, doc.published is None, doc.published or "", -len(doc.text), doc.path)


def find_copy_groups(docs: Sequence[Document]) -> list[CopyGroup]:
    """Groups of documents that tell the same story (each group has at least one copy).

    A pair is joined when at least CONTAINMENT of the smaller document's shingles occur in the
    other (checked exactly on the shingle sets; MinHash LSH Ensemble only proposes the pairs,
    so the cost stays near-linear in the number of documents).
    """
    sets = [shingles(d.text) for d in docs]
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(_candidates(sets)):
        if docs[i].event and docs[j].event and docs[i].event != docs[j].event:
            continue  # two meetings' releases sharing their boilerplate are not one story
        a, b = sets[i], sets[j]
        small, large = (a, b) if len(a) <= len(b) else (b, a)
        if len(small) >= MIN_SHINGLES and len(small & large) >= CONTAINMENT * len(small):
            parent[find(i)] = find(j)
    members: dict[int, list[int]] = {}
    for i in range(len(docs)):
        members.setdefault(find(i), []).append(i)
    groups = []
    for idxs in members.values():
        if len(idxs) < 2:
            continue
        ordered = sorted((docs[i] for i in idxs), key=_rank)
        groups.append(CopyGroup(ordered[0].doc_id, tuple(d.doc_id for d in ordered[1:])))
    return sorted(groups, key=lambda g: g.canonical)


def mark_copies(docs: Sequence[Document]) -> list[Document]:
    """``docs`` with ``copy_of`` set on every copy to its group's canonical doc_id (order kept)."""
    copy_of = {c: g.canonical for g in find_copy_groups(docs) for c in g.copies}
    return [dataclasses.replace(d, copy_of=copy_of.get(d.doc_id)) for d in docs]
