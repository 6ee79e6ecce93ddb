"""ONNX Runtime embedder: the sentence-transformers model exported once (fp32), encoding queries without torch."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import logging
import os
import shutil
import threading
import warnings
import weakref
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .embedding import SMALL_BATCH, SentenceTransformerEmbedder
from .errors import EncoderError

log = logging.getLogger("sci_assistant")

ENCODER_FORMAT = "sci-assistant-onnx-encoder"
ENCODER_VERSION = 1
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
SPEC_FILE = "encoder.json"
ENCODER_FILES = (MODEL_FILE, TOKENIZER_FILE, SPEC_FILE)
# Vectors of the export and of sentence-transformers agree to ~1e-7 in cosine (fp32 both ways); a
# wrong tokenizer, pooling or model lands far below this.
MIN_COSINE = 0.99999
# Checked at export against sentence-transformers and again each time the export is loaded, in one
# padded batch: a short query, mixed case and digits, a non-Latin script, and a text longer than
# the model's window (truncation).
PROBES = (
    "green energy storage",
    "Who co-chaired the 4th JIC meeting in Shenzhen on 15 December 2023?",
    "深圳与新加坡签署了八份谅解备忘录。",
    " ".join(["Eight MOUs on AI, mobility, health and water were signed by both cities."] * 30),
)
INSTALL_HINT = "pip install onnxruntime onnx onnxscript"
# Cores one query's model call uses (ONNX Runtime's intra-op threads), when the machine has them.
QUERY_THREADS = 2
# The tokenizer's own inputs (and the field of a ``tokenizers.Encoding`` holding each); a model
# asking for anything else is not exported.
_ENCODING_FIELDS = {"input_ids": "ids", "attention_mask": "attention_mask", "token_type_ids": "type_ids"}
_TOKENIZER_INPUTS = tuple(_ENCODING_FIELDS)


@dataclass(frozen=True)
class EncoderSpec:
    """What ``encoder.json`` records: the model exported, how to tokenize for it, and its probes."""

    model_id: str
    dimension: int
    max_seq_length: int
    inputs: tuple[str, ...]
    pad_id: int
    pad_token: str
    lower_case: bool
    probes: tuple[str, ...]
    probe_vectors: tuple[tuple[float, ...], ...]  # sentence-transformers' unit vectors of ``probes``
    exported_with: dict[str, str]  # library versions (torch, onnx, onnxscript, sentence-transformers)
    format: str = ENCODER_FORMAT
    version: int = ENCODER_VERSION

    def __post_init__(self) -> None:
        if self.format != ENCODER_FORMAT or self.version != ENCODER_VERSION:
            raise EncoderError(
                f"encoder format {self.format!r} version {self.version!r} is not "
                f"{ENCODER_FORMAT!r} version {ENCODER_VERSION}"
            )
        if self.dimension < 1 or self.max_seq_length < 2:
            raise EncoderError(
                f"encoder dimension must be ≥ 1 and max_seq_length ≥ 2, got {self.dimension} and {self.max_seq_length}"
            )
        if not self.inputs or any(name not in _TOKENIZER_INPUTS for name in self.inputs):
            raise EncoderError(f"encoder inputs must be among {_TOKENIZER_INPUTS}, got {self.inputs}")
        if (
            len(self.probes) != len(self.probe_vectors)
            or not self.probes
            or any(len(v) != self.dimension for v in self.probe_vectors)
        ):
            raise EncoderError(
                f"encoder probes: {len(self.probes)} texts, {len(self.probe_vectors)} vectors "
                f"of dimension {self.dimension} expected"
            )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> EncoderSpec:
        """Raises EncoderError when ``data`` is not a spec this version reads."""
        try:
            return cls(
                **{
                    **data,
                    "inputs": tuple(data["inputs"]),
                    "probes": tuple(data["probes"]),
                    "probe_vectors": tuple(tuple(float(x) for x in v) for v in data["probe_vectors"]),
                }
            )
        except EncoderError:
            raise
        except Exception as exc:
            raise EncoderError(f"{SPEC_FILE} is not an encoder spec ({exc.__class__.__name__}: {exc})") from None


class OnnxEmbedder:
    """The exported model under ONNX Runtime, tokenized by Hugging Face ``tokenizers``: the same
    vectors as the sentence-transformers model it came from, without importing torch.

    >>> emb = OnnxEmbedder("index/gen-000001/encoder")              # doctest: +SKIP
    >>> emb.encode(["green energy storage"]).shape                  # doctest: +SKIP
    (1, 384)

    Args:
        directory: a folder holding model.onnx, tokenizer.json and encoder.json.
        threads: batches encoded at once, each on its own thread, each model call then on one
            core. A build's many small batches spread over threads faster than one batch over
            two cores (benchmarks/NOTES.md, "Build encoding").
        call_threads: cores one model call may use; default ``QUERY_THREADS`` (at most the
            machine's cores) when ``threads`` is 1, the query encoder, else 1. A query of ~15
            tokens reads all the weights (~40 MB) once; two cores take about 0.6× as long, and
            unlike torch's OpenMP team, ONNX Runtime's second thread was no slower than one when
            the other core was busy (benchmarks/NOTES.md, "Query threads").

    Raises:
        EncoderError: onnxruntime or tokenizers is missing, or a file can't be read or used.
    """

    def __init__(self, directory: str | os.PathLike[str], *, threads: int = 1, call_threads: int | None = None) -> None:
        if threads < 1:
            raise EncoderError(f"threads must be ≥ 1, got {threads}")
        if call_threads is None:
            call_threads = min(QUERY_THREADS, os.cpu_count() or 1) if threads == 1 else 1
        if call_threads < 1:
            raise EncoderError(f"call_threads must be ≥ 1, got {call_threads}")
        self.directory = Path(directory)
        try:
            spec = json.loads((self.directory / SPEC_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EncoderError(f"could not read {self.directory / SPEC_FILE}: {exc}") from None
        self.spec = EncoderSpec.from_json(spec)
        self.model_id = self.spec.model_id
        self.dimension = self.spec.dimension
        self.max_seq_length = self.spec.max_seq_length
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EncoderError(f"{exc.name or 'onnxruntime'} is missing: {INSTALL_HINT}") from None
        try:
            self._tokenizer = Tokenizer.from_file(str(self.directory / TOKENIZER_FILE))
            # tokenizer.json may carry its own fixed padding and truncation; use the model's window.
            self._tokenizer.no_padding()
            self._tokenizer.enable_truncation(self.max_seq_length)
            self._tokenizer.enable_padding(pad_id=self.spec.pad_id, pad_token=self.spec.pad_token)
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = call_threads
            # A worker that spins after a call keeps a core busy while the rest of the query runs,
            # slowing whatever else this machine (or process) runs next; it gains ~1 ms at best.
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            opts.inter_op_num_threads = 1
            opts.log_severity_level = 3  # errors only: ORT's warnings about unused initialisers are noise here
            self._session = ort.InferenceSession(
                str(self.directory / MODEL_FILE), opts, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            raise EncoderError(f"could not load the ONNX encoder in {self.directory}: {exc}") from None
        names = tuple(i.name for i in self._session.get_inputs())
        if set(names) != set(self.spec.inputs):
            raise EncoderError(f"model.onnx takes inputs {names}, encoder.json says {self.spec.inputs}")
        self.threads = threads
        self.call_threads = call_threads
        self._counter = None
        self._counter_lock = threading.Lock()

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Unit-length float32 vectors, shape (len(texts), dimension), in the order given."""
        if batch_size < 1:
            raise EncoderError(f"batch_size must be ≥ 1, got {batch_size}")
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        if len(texts) <= SMALL_BATCH:
            out[:] = self._run(list(texts))
            return _unit(out)
        # Longest first, so each batch pads to a similar length (as sentence-transformers does).
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        batches = [order[s : s + batch_size] for s in range(0, len(order), batch_size)]
        if self.threads == 1 or len(batches) == 1:
            for idx in batches:
                out[idx] = self._run([texts[i] for i in idx])
            return _unit(out)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(self.threads, len(batches))) as pool:
            for idx, vectors in zip(batches, pool.map(lambda b: self._run([texts[i] for i in b]), batches)):
                out[idx] = vectors
        return _unit(out)

    def _run(self, texts: list[str]) -> np.ndarray:
        if self.spec.lower_case:
            texts = [t.lower() for t in texts]
        encodings = self._tokenizer.encode_batch(texts)
        feeds = {
            name: np.array([getattr(e, _ENCODING_FIELDS[name]) for e in encodings], dtype=np.int64)
            for name in self.spec.inputs
        }
        return self._session.run(None, feeds)[0]

    def count_tokens(self, text: str) -> int:
        """The model's own tokens for ``text`` (special tokens included, no truncation)."""
        with self._counter_lock:
            if self._counter is None:
                from tokenizers import Tokenizer

                counter = Tokenizer.from_file(str(self.directory / TOKENIZER_FILE))
                counter.no_padding()
                counter.no_truncation()
                self._counter = counter
        return len(self._counter.encode(text.lower() if self.spec.lower_case else text).ids)

    def verify(self, *, truncation: bool = True) -> float:
        """Encode the probes and compare with sentence-transformers' vectors recorded at export.

        Args:
            truncation: also the probes longer than the model's window. A full window costs a
                cold query process about 0.3 s on one thread, so loading for queries skips them
                (the export was checked on them, and tests check truncation).

        Returns:
            The lowest cosine.

        Raises:
            EncoderError: a probe's cosine is below MIN_COSINE.
        """
        rows = [
            i
            for i, p in enumerate(self.spec.probes)
            if truncation or len(self._tokenizer.encode(p).ids) < self.max_seq_length
        ]
        got = self.encode([self.spec.probes[i] for i in rows])
        want = _unit(np.asarray([self.spec.probe_vectors[i] for i in rows], dtype=np.float32))
        worst = float(np.min(np.sum(got * want, axis=1)))
        if not worst >= MIN_COSINE:  # NaN fails too
            raise EncoderError(
                f"the ONNX encoder in {self.directory} does not reproduce the model's vectors "
                f"(cosine {worst:.6f} < {MIN_COSINE})"
            )
        return worst


def _unit(v: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return np.ascontiguousarray(v / np.where(norms > 0, norms, 1), dtype=np.float32)


# -- export (build time: needs torch, onnx and onnxscript) ------------------------------------

# Files of one export per sentence-transformers embedder, kept while the embedder lives: builds
# that start without a previous export (tests, a new index folder) export once per process.
_EXPORTS: weakref.WeakKeyDictionary[SentenceTransformerEmbedder, dict[str, bytes]] = weakref.WeakKeyDictionary()
_EXPORT_LOCK = threading.Lock()


def can_export(embedder: Any) -> bool:
    """Whether ``embedder`` is a sentence-transformers model this module exports."""
    return isinstance(embedder, SentenceTransformerEmbedder)


@dataclass(frozen=True)
class Export:
    """An export written to a folder: its spec and the sha256 of each file's intended bytes."""

    spec: EncoderSpec
    sha256: dict[str, str]


def export_encoder(embedder: SentenceTransformerEmbedder, directory: str | os.PathLike[str]) -> Export:
    """Write model.onnx, tokenizer.json and encoder.json for ``embedder`` into ``directory`` and
    check them against it: every probe's cosine ≥ MIN_COSINE.

    Raises:
        EncoderError: a package is missing, the model can't be exported, or the export's vectors
            differ from the model's (nothing is left in ``directory`` then).
    """
    directory = Path(directory)
    with _EXPORT_LOCK:
        files = _EXPORTS.get(embedder)
        if files is None:
            files = _export_files(embedder)
            _EXPORTS[embedder] = files
    directory.mkdir(parents=True, exist_ok=True)
    try:
        for name, data in files.items():
            # Not fsynced: a build writes here in scratch space, then copies into the generation
            # (copy_encoder), which is what must survive a crash.
            (directory / name).write_bytes(data)
        encoder = OnnxEmbedder(directory)
        encoder.verify()
    except BaseException:
        for name in ENCODER_FILES:
            with contextlib.suppress(OSError):
                (directory / name).unlink()
        raise
    return Export(encoder.spec, {name: hashlib.sha256(data).hexdigest() for name, data in files.items()})


def _export_files(embedder: SentenceTransformerEmbedder) -> dict[str, bytes]:
    """The three files of an export, made in a temporary folder."""
    import tempfile

    try:
        import onnx  # noqa: F401  (torch.onnx.export needs both)
        import onnxscript  # noqa: F401
        import torch
    except ImportError as exc:
        raise EncoderError(f"{exc.name} is missing, so the model can't be exported to ONNX: {INSTALL_HINT}") from None
    model = embedder.model
    tokenizer = getattr(model, "tokenizer", None)
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise EncoderError(f"the model at {embedder.path} has no fast (tokenizers) tokenizer to export")
    # sentence-transformers 5+ calls it preprocess (tokenize is deprecated there); 3 and 4 tokenize.
    prepare = getattr(model, "preprocess", None) or model.tokenize
    features = prepare(["a probe", "a longer probe sentence, padded"])
    tensors = {k: v for k, v in features.items() if isinstance(v, torch.Tensor)}
    extras = {k: v for k, v in features.items() if not isinstance(v, torch.Tensor)}
    inputs = tuple(k for k in _TOKENIZER_INPUTS if k in tensors)
    if set(tensors) != set(inputs) or inputs[:2] != ("input_ids", "attention_mask"):
        raise EncoderError(f"the model at {embedder.path} takes inputs {sorted(tensors)}, not only {_TOKENIZER_INPUTS}")

    class SentenceEmbedding(torch.nn.Module):
        """Token ids → the model's pooled sentence vector (its own pooling and any dense layers)."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids=None):
            feats = {"input_ids": input_ids, "attention_mask": attention_mask, **extras}
            if token_type_ids is not None:
                feats["token_type_ids"] = token_type_ids
            return self.model(feats)["sentence_embedding"]

    first = model[0]
    spec = EncoderSpec(
        model_id=embedder.model_id,
        dimension=embedder.dimension,
        max_seq_length=embedder.max_seq_length,
        inputs=inputs,
        pad_id=int(tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0),
        pad_token=str(tokenizer.pad_token or "[PAD]"),
        lower_case=bool(getattr(first, "do_lower_case", False)),
        probes=PROBES,
        probe_vectors=tuple(tuple(float(x) for x in v) for v in embedder.encode(list(PROBES))),
        exported_with=_versions(),
    )
    batch, seq = torch.export.Dim("batch"), torch.export.Dim("sequence", max=max(spec.max_seq_length, 16))
    with tempfile.TemporaryDirectory(prefix="sci-assistant-onnx-") as tmp:
        tmp_path = Path(tmp)
        # The exporter reports progress on stdout and logs and warns about its internals; none of
        # it is ours to show, and `build --json` owns stdout.
        torch_log = logging.getLogger("torch.onnx")
        level = torch_log.level
        torch_log.setLevel(logging.ERROR)
        try:
            model.eval()
            with torch.no_grad(), warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                torch.onnx.export(
                    SentenceEmbedding().eval(),
                    tuple(tensors[k] for k in inputs),
                    str(tmp_path / MODEL_FILE),
                    input_names=list(inputs),
                    output_names=["sentence_embedding"],
                    dynamo=True,
                    dynamic_shapes=tuple({0: batch, 1: seq} for _ in inputs),
                    external_data=False,
                    verbose=False,
                )
        except Exception as exc:
            raise EncoderError(
                f"could not export the model at {embedder.path} to ONNX: {exc.__class__.__name__}: {str(exc)[:300]}"
            ) from None
        finally:
            torch_log.setLevel(level)
        fusions = _fuse_for_ort(tmp_path / MODEL_FILE)
        if fusions:
            spec = dataclasses.replace(spec, exported_with={**spec.exported_with, "ort_fusions": fusions})
        backend.save(str(tmp_path / TOKENIZER_FILE))
        (tmp_path / SPEC_FILE).write_text(
            json.dumps(spec.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return {name: (tmp_path / name).read_bytes() for name in ENCODER_FILES}


def _fuse_for_ort(path: Path) -> str:
    """Rewrite the exported graph in place with ONNX Runtime's fused transformer operators
    (Attention, SkipLayerNormalization, BiasGelu; onnxscript's ``optimize_for_ort``): 297 nodes
    become about 90, the same arithmetic in fewer, larger kernels. Returns what was fused
    ("attention 6, ..."), or "" when the rewriter is missing or fails (the plain export is kept:
    it gives the same vectors, a little slower).

    The caller checks the result against sentence-transformers (``export_encoder``'s probes).
    """
    try:
        import onnx_ir as ir
        from onnxscript.rewriter.ort_fusions import optimize_for_ort

        model, counts = optimize_for_ort(ir.load(str(path)))
        fused = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()) if n)
        if fused:
            ir.save(model, str(path))
        return fused
    except Exception as exc:  # an older or newer rewriter: the plain graph is still right
        log.info("ONNX export kept unfused (%s: %s)", exc.__class__.__name__, str(exc)[:200])
        return ""


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("torch", "onnx", "onnxscript", "onnxruntime", "sentence-transformers", "tokenizers"):
        with contextlib.suppress(PackageNotFoundError):
            out[name] = version(name)
    return out


def copy_encoder(source: Path, directory: Path) -> None:
    """Copy a verified generation's export into a new generation (files are written once, so a
    generation never shares a file with another)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ENCODER_FILES:
        shutil.copyfile(source / name, directory / name)
        with open(directory / name, "rb+") as f:
            os.fsync(f.fileno())
