"""The seed releases normalise to exactly the text they did before real-world ingest was added.

Question sets elsewhere hold character offsets into these texts, so the hashes below (computed
by the code at a207531, before web extraction, furniture removal, dedupe and events) must never
change. If one does, a change meant for saved web pages has leaked into plain releases.
"""

from __future__ import annotations

import hashlib
import json

from sci_assistant.corpus import load_corpus

from .conftest import SEED_CORPUS

# path → (sha256 of Document.text, sha256 of its sections and emphasis, title, date, meeting)
SEED_PINS = {
    "2022-11-25_3rd-jic-meeting_eight-mous.txt": (
        "f2aa8f0b4a2c1712fe7724292726bb1257ec5ff173093456ccf5736dd6fbb53d",
        "0d97eb59655d31314625ca5447b4431a1951a9fea04bbcd072a2fd6502e59333",
        "Eight MOUs signed at the Third Singapore-China (Shenzhen) Smart City Initiative "
        "Joint Implementation Committee Meeting",
        "2022-11-25",
        3,
    ),
    "2023-12-15_4th-jic-meeting_14-new-projects.txt": (
        "88280064500606c16dbd0b8ff0d00e5a4562d6fdd0f092a6f0380978969f7d32",
        "c8d120c3bc5a5dcdc290dd0360cff75645ee01441871f8b26b2a8427ab647600",
        "Singapore and Shenzhen Drive Smart City Collaboration with 14 New Projects",
        "2023-12-15",
        4,
    ),
}


def seed_fingerprint(doc) -> tuple:
    layout = json.dumps([[s.start, s.end, list(s.path)] for s in doc.sections] + [list(e) for e in doc.emphasis])
    return (
        hashlib.sha256(doc.text.encode("utf-8")).hexdigest(),
        hashlib.sha256(layout.encode("utf-8")).hexdigest(),
        doc.title,
        doc.date,
        doc.meeting,
    )


def test_seed_texts_are_pinned() -> None:
    docs, skipped = load_corpus(SEED_CORPUS)
    assert skipped == []
    assert {d.path: seed_fingerprint(d) for d in docs} == SEED_PINS
