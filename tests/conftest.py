"""Shared fixtures: a deterministic fake embedder, a tiny corpus written here, the real model once."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SEED_CORPUS = ROOT / "corpus"


def artifacts_dir() -> Path:
    """Where tests leave figures and screenshots for people to read: ``$SCI_ASSISTANT_ARTIFACTS``,
    else ``sci-assistant-artifacts`` in the system temp directory. Never inside the repository:
    the suite must leave the checkout clean (``.ci/run`` checks)."""
    path = Path(os.environ.get("SCI_ASSISTANT_ARTIFACTS") or Path(tempfile.gettempdir()) / "sci-assistant-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


class FakeEmbedder:
    """Hashing bag-of-words embedder: deterministic, instant, similar texts → similar vectors."""

    model_id = "fake:hashing-64"
    dimension = 64
    max_seq_length = 256

    def __init__(self) -> None:
        self.calls = 0
        self.encoded = 0

    def count_tokens(self, text: str) -> int:
        return len(re.findall(r"\w+|[^\w\s]", text)) + 2

    def encode(self, texts, *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        self.calls += 1
        self.encoded += len(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                h = int.from_bytes(hashlib.md5(w.encode()).digest()[:4], "little")
                out[i, h % self.dimension] += 1.0 if (h >> 31) & 1 else -1.0
            n = np.linalg.norm(out[i])
            out[i] = out[i] / n if n else out[i]
            if not n:
                out[i, 0] = 1.0
        return out


def assistant_over(tmp_path: Path, files: dict[str, str], embedder=None):
    """An assistant over ``files`` (name → text) written to ``tmp_path/corpus``, indexed with
    ``embedder`` (the fake one by default)."""
    from sci_assistant import Assistant
    from sci_assistant.indexing import build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    embedder = embedder or FakeEmbedder()
    build_index(corpus, tmp_path / "index", embedder=embedder)
    return Assistant.load(tmp_path / "index", embedder=embedder)


def other_news(first: str = "") -> str:
    """Another programme's news of many sentences, dropped in beside a fixture so that the fixture's
    names are rare words of the corpus (as they are among real releases); ``first`` opens it."""
    return f"Harbour Council news\n\nPORT LOUIS, 2 May 2025 – {first}" + " ".join(
        f"The harbour office reported item {n} of its quarterly review to the council." for n in range(1, 25)
    )


def lead(ans) -> str:
    """An answer's first line: where its bold fact stands."""
    return ans.text.split("\n", 1)[0]


TINY_DOCS = {
    "alpha-release.md": """---
title: Alpha City signs water pact
date: 2021-03-04
source: alpha
---

# Alpha City signs water pact

**ALPHA CITY, 4 March 2021** – Alpha City and Beta Port signed a memorandum on water recycling.

The pact was co-chaired by Mr. Arun Rao and Ms. Li Na. It covers desalination and sensors.

## Annex A: List of MOUs

1. **Water Recycling Pilot** to recycle grey water in housing estates.
2. **Sensor Grid** to deploy 500 water-quality sensors.
""",
    "beta-release.txt": """Monday, June 1, 2020
PR Newswire Area

Beta Port opens drone corridor

BETA PORT, Jan. 15, 2020 /PRNewswire/ — Beta Port opened a drone delivery corridor with
QuikAir Pte. Ltd. to carry parcels between islands.

To date, 12 corridors have been opened.
""",
    "gamma.html": """<html><head><title>Gamma launches library robots</title>
<meta property="article:published_time" content="2022-07-09T08:00:00Z"></head>
<body><nav>Home | About</nav><script>var tracking = 1;</script>
<h1>Gamma launches library robots</h1>
<p>GAMMA, 9 July 2022 – Gamma Library deployed shelf-scanning robots in three branches.</p>
<table><tr><td>Title of MOU</td><td>Description of MOU</td></tr>
<tr><td>Robot Shelf MOU</td><td>Gamma and RoboCo will build shelf robots.</td></tr></table>
<footer>Copyright Gamma</footer></body></html>
""",
}


def write_tiny_corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in TINY_DOCS.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


WORDS = (
    "port city water robot corridor sensor grid library pact drone parcel island memorandum "
    "recycling housing estate shelf branch tram line ferry harbour bridge school clinic park "
    "budget council minister agency startup fund data cloud trade customs invoice solar wind"
).split()


def write_wordy_corpus(root: Path, releases: int, seed: int = 3) -> Path:
    """``releases`` seeded releases of random sentences (a dateline, a title, a few paragraphs):
    enough rows, cheaply, for the size rules of the dense index to matter."""
    import random

    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    for r in range(releases):
        title = " ".join(rng.choices(WORDS, k=5)).capitalize()
        paragraphs = [
            " ".join(" ".join(rng.choices(WORDS, k=rng.randint(6, 14))).capitalize() + "." for _ in range(5))
            for _ in range(4)
        ]
        text = f"{title}\n\nALPHA CITY, {1 + r % 28} March 2021 – {paragraphs[0]}\n\n" + "\n\n".join(paragraphs[1:])
        (root / f"release-{r:03d}.txt").write_text(text + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="session", autouse=True)
def _rule_tagger_in_the_quick_run(request):
    """A run of only quick tests (the default, which leaves out integration, model and server
    tests) types names by rule, just as it embeds with the fake embedder: spaCy costs seconds to
    load and about a second a release. A run that selects any of those tests (``make test``, CI,
    ``-m integration``) uses spaCy throughout."""
    spacy_marks = ("model", "integration", "web", "browser", "slow", "cluster")
    if any(item.get_closest_marker(m) for item in request.session.items for m in spacy_marks):
        yield
        return
    from sci_assistant import entities, indexing

    patch = pytest.MonkeyPatch()
    patch.setattr(indexing, "default_tagger", entities.RuleTagger)
    yield
    patch.undo()


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    return write_tiny_corpus(tmp_path / "corpus")


@pytest.fixture
def seed_corpus_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, dst)
    return dst


@pytest.fixture(scope="session")
def real_embedder():
    from sci_assistant.embedding import SentenceTransformerEmbedder

    emb = SentenceTransformerEmbedder()
    emb.warm_up()
    return emb


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, real_embedder) -> Path:
    """The real corpus built once with the real model."""
    from sci_assistant.indexing import build_index

    idx = tmp_path_factory.mktemp("seed") / "index"
    build_index(SEED_CORPUS, idx, embedder=real_embedder)
    return idx


@pytest.fixture(scope="session")
def seed_assistant(seed_index, real_embedder):
    from sci_assistant.assistant import Assistant

    return Assistant.load(seed_index, embedder=real_embedder, corpus_dir=SEED_CORPUS)
