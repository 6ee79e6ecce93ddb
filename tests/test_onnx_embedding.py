"""The ONNX query encoder: same vectors as sentence-transformers, a torch-free query path, checked exports."""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sci_assistant import indexing, onnx_embedding
from sci_assistant.assistant import Assistant, index_is_stale, query_embedder
from sci_assistant.chunking import chunk_embedding_input
from sci_assistant.errors import EncoderError, IndexCorruptError
from sci_assistant.indexing import build_index, open_index, read_current, seal_manifest, sha256_file
from sci_assistant.onnx_embedding import ENCODER_FILES, MIN_COSINE, EncoderSpec, OnnxEmbedder
from sci_assistant.sparse import SavedBM25, SparseIndex

from .conftest import FakeEmbedder
from .reliability_helpers import ROOT, subprocess_env

# What a query process must not import (the heavy libraries of the build and of the web app).
HEAVY = ("torch", "sentence_transformers", "transformers", "scipy", "pandas", "sklearn", "spacy", "gradio")


def _heavy_imports_after(script: str) -> list[str]:
    """Run ``script`` in a fresh interpreter; the heavy modules it left in sys.modules."""
    probe = script + f"\nimport sys, json\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, env=subprocess_env(), cwd=ROOT
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _reseal(gen_dir: Path) -> None:
    """Rewrite a generation's manifest so its file hashes and checksum match what is on disk now
    (an export that is intact as a file but wrong in content)."""
    path = gen_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for rel in manifest["files"]:
        manifest["files"][rel] = {"sha256": sha256_file(gen_dir / rel), "bytes": (gen_dir / rel).stat().st_size}
    path.write_text(json.dumps(seal_manifest(manifest), indent=2), encoding="utf-8")


# -- fast: no model ------------------------------------------------------------------------------


def test_bm25_read_without_bm25s_scores_as_bm25s_does(tiny_corpus: Path, tmp_path: Path) -> None:
    import bm25s

    idx = tmp_path / "index"
    build_index(tiny_corpus, idx, embedder=FakeEmbedder())
    bm25_dir = idx / read_current(idx) / "bm25"
    ours = SparseIndex.load(bm25_dir)
    theirs = bm25s.BM25.load(str(bm25_dir), load_corpus=False, allow_pickle=False)
    assert isinstance(ours.bm25, SavedBM25)
    queries = ["water recycling pilot", "drone corridor corridor", "Gamma robots shelf", "sensors", "nothing here"]
    for q in queries:
        terms = ours.query_terms(q)
        want = theirs.get_scores(terms) if terms else np.zeros(ours.size, np.float32)
        assert np.array_equal(ours.scores(q), np.asarray(want, np.float32)), q
    assert any(ours.scores(q).any() for q in queries)


def test_bm25_arrays_that_disagree_are_refused() -> None:
    with pytest.raises(ValueError, match="inconsistent BM25 arrays"):
        SavedBM25({"a": 0}, np.ones(3, np.float32), np.zeros(2, np.int32), np.array([0, 3, 3]), num_docs=2)


def test_query_path_modules_import_nothing_heavy(tiny_corpus: Path, tmp_path: Path) -> None:
    idx = tmp_path / "index"
    build_index(tiny_corpus, idx, embedder=FakeEmbedder())
    script = (
        "from tests.conftest import FakeEmbedder\n"
        "from sci_assistant import cli, web_render\n"
        "from sci_assistant.assistant import Assistant\n"
        f"a = Assistant.load({str(idx)!r}, embedder=FakeEmbedder())\n"
        "assert a.search('water recycling', k=2)\n"
        "a.ask('Who co-chaired the pact?'); a.info()\n"
    )
    assert _heavy_imports_after(script) == []


SPEC = dict(
    model_id="m",
    dimension=2,
    max_seq_length=8,
    inputs=("input_ids", "attention_mask"),
    pad_id=0,
    pad_token="[PAD]",
    lower_case=False,
    probes=("a",),
    probe_vectors=((1.0, 0.0),),
    exported_with={},
)


def test_spec_names_bad_values() -> None:
    good = SPEC
    assert EncoderSpec.from_json(EncoderSpec(**good).to_json()) == EncoderSpec(**good)
    with pytest.raises(EncoderError, match="dimension 2"):
        EncoderSpec(**{**good, "probe_vectors": ((1.0,),)})
    with pytest.raises(EncoderError, match="pixel_values"):
        EncoderSpec(**{**good, "inputs": ("input_ids", "pixel_values")})
    with pytest.raises(EncoderError, match="version 99"):
        EncoderSpec.from_json({**EncoderSpec(**good).to_json(), "version": 99})
    with pytest.raises(EncoderError, match="not an encoder spec"):
        EncoderSpec.from_json({"model_id": "m"})


def test_a_failed_export_leaves_a_working_index_without_encoder(
    tiny_corpus: Path, tmp_path: Path, monkeypatch, caplog
) -> None:
    def fail(embedder, directory):
        Path(directory).mkdir(parents=True, exist_ok=True)
        (Path(directory) / "model.onnx").write_bytes(b"half an export")
        raise EncoderError("onnxscript is missing, so the model can't be exported to ONNX: pip install ...")

    monkeypatch.setattr(onnx_embedding, "can_export", lambda embedder: True)
    monkeypatch.setattr(onnx_embedding, "export_encoder", fail)
    idx = tmp_path / "index"
    with caplog.at_level(logging.WARNING, logger="sci_assistant"):
        build_index(tiny_corpus, idx, embedder=FakeEmbedder())
    assert "no ONNX query encoder" in caplog.text and "onnxscript is missing" in caplog.text
    index = open_index(idx)
    assert index.manifest["encoder"] is None and not (index.path / "encoder").exists()
    fallback = FakeEmbedder()
    assert query_embedder(index, fallback) is fallback


def test_an_export_that_does_not_load_falls_back_with_a_warning(
    tiny_corpus: Path, tmp_path: Path, monkeypatch, caplog
) -> None:
    def junk(embedder, directory):
        Path(directory).mkdir(parents=True, exist_ok=True)
        for name in ENCODER_FILES:
            (Path(directory) / name).write_bytes(b"{}")
        return onnx_embedding.Export(EncoderSpec(**SPEC), {name: "0" * 64 for name in ENCODER_FILES})

    monkeypatch.setattr(onnx_embedding, "can_export", lambda embedder: True)
    monkeypatch.setattr(onnx_embedding, "export_encoder", junk)
    idx = tmp_path / "index"
    with pytest.raises(OSError, match="not written completely"):  # the read-back check sees other bytes
        build_index(tiny_corpus, idx, embedder=FakeEmbedder())
    assert read_current(idx) is None

    def junk_hashed(embedder, directory):
        junk(embedder, directory)
        return onnx_embedding.Export(
            EncoderSpec(**SPEC), {name: sha256_file(Path(directory) / name) for name in ENCODER_FILES}
        )

    monkeypatch.setattr(onnx_embedding, "export_encoder", junk_hashed)
    indexing_build = build_index(tiny_corpus, idx, embedder=FakeEmbedder())
    index = open_index(idx)
    assert index.generation == indexing_build.generation and index.manifest["encoder"]["path"] == "encoder"
    fallback = FakeEmbedder()
    with caplog.at_level(logging.WARNING, logger="sci_assistant"):
        assert query_embedder(index, fallback) is fallback
    assert "not an encoder spec" in caplog.text and "sentence-transformers instead" in caplog.text


def test_an_index_built_without_the_export_is_stale_for_a_builder_that_makes_one(
    tiny_corpus: Path, tmp_path: Path
) -> None:
    idx = tmp_path / "index"
    build_index(tiny_corpus, idx, embedder=FakeEmbedder())
    model_id = FakeEmbedder.model_id
    assert not index_is_stale(tiny_corpus, idx, model_id=model_id)
    assert index_is_stale(tiny_corpus, idx, model_id=model_id, query_encoder=onnx_embedding.ENCODER_VERSION)


def test_encoder_files_outside_the_manifest_make_a_generation_corrupt(tiny_corpus: Path, tmp_path: Path) -> None:
    idx = tmp_path / "index"
    build_index(tiny_corpus, idx, embedder=FakeEmbedder())
    (idx / read_current(idx) / "encoder").mkdir()
    (idx / read_current(idx) / "encoder" / "model.onnx").write_bytes(b"planted")
    with pytest.raises(IndexCorruptError, match="not listed in the manifest"):
        open_index(idx)


# -- the real model ------------------------------------------------------------------------------


def _texts(seed_index: Path) -> list[str]:
    """A few hundred texts: every chunk input and sentence of the seed corpus, labelled questions,
    and edge cases (empty, whitespace, one character, other scripts, longer than the window)."""
    index = open_index(seed_index)
    texts = [chunk_embedding_input(index.documents[c.doc_id], c) for c in index.chunks]
    texts += [index.documents[s.doc_id].text[s.start : s.end] for s in index.sentences]
    rows = [
        json.loads(line)
        for name in ("tune.jsonl", "validation.jsonl")
        for line in (ROOT / "eval" / "questions" / name).read_text(encoding="utf-8").splitlines()
        if line
    ]
    questions = [turn["question"] for row in rows for turn in row.get("turns", [row])]
    texts += random.Random(14).sample(questions, 120)
    texts += [
        "",
        "   ",
        "x",
        "GREEN ENERGY STORAGE",
        "深圳市与新加坡的智慧城市合作",
        "Ünïcödé café – “quotes”",
        "word " * 700,
        index.documents[index.chunks[0].doc_id].text[:5000],
    ]
    return texts


@pytest.mark.model
def test_onnx_vectors_equal_sentence_transformers(seed_index: Path, real_embedder) -> None:
    encoder = OnnxEmbedder(seed_index / read_current(seed_index) / "encoder")
    texts = _texts(seed_index)
    assert len(texts) >= 300
    want = real_embedder.encode(texts, batch_size=16)
    got = encoder.encode(texts, batch_size=16)
    assert got.shape == want.shape == (len(texts), 384) and got.dtype == np.float32
    cosines = np.sum(got * want, axis=1)
    assert cosines.min() >= MIN_COSINE, texts[int(cosines.argmin())][:80]
    assert np.allclose(np.linalg.norm(got, axis=1), 1, atol=1e-5)
    # One text at a time (how queries are encoded) gives the same vectors as batches do.
    for i in range(0, len(texts), 37):
        assert float(encoder.encode([texts[i]])[0] @ want[i]) >= MIN_COSINE
    for t in texts[::25]:
        assert encoder.count_tokens(t) == real_embedder.count_tokens(t)
    assert encoder.verify() >= MIN_COSINE
    assert encoder.encode([]).shape == (0, 384)
    # A build spreads batches over threads: same vectors, same order.
    spread = OnnxEmbedder(encoder.directory, threads=2).encode(texts, batch_size=8)
    assert np.min(np.sum(spread * want, axis=1)) >= MIN_COSINE


@pytest.mark.model
def test_a_query_call_uses_two_cores_and_a_build_call_one(seed_index: Path) -> None:
    directory = seed_index / read_current(seed_index) / "encoder"
    query, build = OnnxEmbedder(directory), OnnxEmbedder(directory, threads=2)
    cores = min(onnx_embedding.QUERY_THREADS, os.cpu_count() or 1)
    assert query.call_threads == cores and build.call_threads == 1
    assert query._session.get_session_options().intra_op_num_threads == cores
    assert build._session.get_session_options().intra_op_num_threads == 1
    assert OnnxEmbedder(directory, call_threads=1)._session.get_session_options().intra_op_num_threads == 1
    with pytest.raises(EncoderError, match="call_threads"):
        OnnxEmbedder(directory, call_threads=0)


@pytest.mark.model
def test_the_export_runs_fused_transformer_operators(seed_index: Path) -> None:
    import onnx

    directory = seed_index / read_current(seed_index) / "encoder"
    ops = {(n.domain, n.op_type) for n in onnx.load(str(directory / "model.onnx")).graph.node}
    assert {("com.microsoft", op) for op in ("Attention", "SkipLayerNormalization", "BiasGelu")} <= ops
    spec = json.loads((directory / "encoder.json").read_text(encoding="utf-8"))
    assert "attention 6" in spec["exported_with"]["ort_fusions"]


@pytest.mark.model
def test_load_uses_the_export_and_finds_what_sentence_transformers_finds(seed_index: Path, seed_assistant) -> None:
    fast = Assistant.load(seed_index)
    assert isinstance(fast.embedder, OnnxEmbedder)
    for q in ["green energy storage", "Who co-chaired the 3rd JIC meeting?", "How many MOUs were signed?"]:
        got, want = fast.search(q, k=5), seed_assistant.search(q, k=5)
        assert [(h.doc_id, h.start) for h in got] == [(h.doc_id, h.start) for h in want], q
        assert np.allclose([h.score for h in got], [h.score for h in want], atol=1e-4), q
        assert fast.ask(q).text == seed_assistant.ask(q).text


@pytest.mark.model
def test_cli_ask_and_info_never_import_torch(seed_index: Path) -> None:
    for args in (["ask", "How many MOUs were signed at the 4th JIC meeting?"], ["info"]):
        script = (
            "import contextlib, io\nfrom sci_assistant.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            f"    assert main({args + ['--index', str(seed_index)]!r}) == 0\n"
            "assert out.getvalue().strip()\n"
        )
        assert _heavy_imports_after(script) == [], args


@pytest.mark.model
def test_a_rebuild_copies_the_export_and_a_changed_export_is_refused(
    seed_index: Path, seed_corpus_copy: Path, tmp_path: Path, real_embedder, caplog
) -> None:
    idx = tmp_path / "index"
    shutil.copytree(seed_index, idx)
    first = read_current(idx)
    (seed_corpus_copy / "note.md").write_text(
        "---\ntitle: Note\ndate: 2024-01-02\n---\n\nA short note on water sensors in Shenzhen.\n", encoding="utf-8"
    )
    stats = build_index(seed_corpus_copy, idx, embedder=real_embedder)
    assert stats.generation != first
    for name in ENCODER_FILES:
        assert sha256_file(idx / first / "encoder" / name) == sha256_file(idx / stats.generation / "encoder" / name)
    full = build_index(seed_corpus_copy, idx, embedder=real_embedder, full=True)  # re-embeds, keeps the export
    assert full.generation != stats.generation and full.embedded == full.chunks
    for name in ENCODER_FILES:
        assert sha256_file(idx / stats.generation / "encoder" / name) == sha256_file(
            idx / full.generation / "encoder" / name
        )
    first, stats = stats.generation, full  # the build kept only the live generation and the one before

    # An export whose file hashes match its manifest but whose probes are another text's vectors:
    # the query path notices before encoding anything and falls back.
    gen = idx / stats.generation
    spec = json.loads((gen / "encoder" / "encoder.json").read_text(encoding="utf-8"))
    spec["probe_vectors"] = spec["probe_vectors"][1:] + spec["probe_vectors"][:1]
    (gen / "encoder" / "encoder.json").write_text(json.dumps(spec), encoding="utf-8")
    _reseal(gen)
    with caplog.at_level(logging.WARNING, logger="sci_assistant"):
        a = Assistant.load(idx)
    assert not isinstance(a.embedder, OnnxEmbedder)
    assert "does not reproduce the model's vectors" in caplog.text

    # A damaged model.onnx is a damaged generation like any other file: the previous one serves.
    data = bytearray((gen / "encoder" / "model.onnx").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (gen / "encoder" / "model.onnx").write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="sci_assistant"):
        b = Assistant.load(idx)
    assert b.generation == first and isinstance(b.embedder, OnnxEmbedder)
    assert "model.onnx does not match its sha256" in caplog.text
    assert indexing.ENCODER_DIR == "encoder"
