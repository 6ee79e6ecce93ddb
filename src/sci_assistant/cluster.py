"""The Ray build engine: chunking, tagging and embedding as Ray Data actor pools (the ``cluster`` extra)."""

# Only per-document and per-text work runs on Ray; ``indexing.build_index`` still reads the corpus,
# decides which texts are new (only those are sent) and writes the generation, so a Ray build and a
# local build share one writer and one format. Two stages, each a ``map_batches`` over an actor
# pool whose actors load what they need once: documents → chunks, sentences and tags (tokenizer and
# tagger), then new texts → vectors (the model).

from __future__ import annotations

import dataclasses
import logging
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .build_engine import EMBED_BATCH, PreparedDocument, PrepareJob, longest_first
from .embedding import DEFAULT_MODEL_ID, Embedder, SentenceTransformerEmbedder
from .entities import RuleTagger, SpacyTagger, Tagger
from .errors import ClusterError, InvalidRequestError
from .schema import Document, SkippedFile

INSTALL_HINT = "pip install 'sci-assistant[cluster]'"
PREPARE_BATCH = 4  # documents per map_batches call: a release takes ~0.1 s to chunk, ~0.6 s to tag
MAX_BLOCKS = 4096  # a dataset's blocks are scheduled one by one; past this, batches share blocks


def require_ray():
    """The ``ray`` module, or ClusterError naming the install command."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ClusterError(f"building on Ray needs the cluster extra: {INSTALL_HINT}") from None
    return ray


@dataclass(frozen=True)
class ModelRecipe:
    """How a worker makes the embedder: the bundled model (path None) or a local model folder
    that must exist at the same path on every worker."""

    path: str | None
    device: str = "cpu"

    def make(self) -> SentenceTransformerEmbedder:
        return SentenceTransformerEmbedder(self.path, device=self.device)


def portable_embedder(embedder: Embedder) -> Any:
    """What is shipped to workers for ``embedder``: a recipe for the sentence-transformers model
    (never the loaded model, and never this machine's site-packages path for the bundled one),
    else the embedder object itself (it must pickle)."""
    if isinstance(embedder, SentenceTransformerEmbedder):
        return ModelRecipe(None if embedder.model_id == DEFAULT_MODEL_ID else str(embedder.path), embedder.device)
    return embedder


def portable_tagger(tagger: Tagger) -> Tagger:
    """A fresh, unloaded copy of the built-in taggers (spaCy's pipeline is not shipped); any
    other tagger as it is."""
    if isinstance(tagger, SpacyTagger):
        return SpacyTagger()
    if isinstance(tagger, RuleTagger):
        return RuleTagger()
    return tagger


def _worker_embedder(shipped: Any, model_id: str, dimension: int) -> Embedder:
    embedder = shipped.make() if isinstance(shipped, ModelRecipe) else shipped
    # A worker with another model (or another version of it on its disk) would mix vector spaces.
    if embedder.model_id != model_id or embedder.dimension != dimension:
        raise ClusterError(
            f"a worker loaded model {embedder.model_id!r} ({embedder.dimension} dims); "
            f"the build uses {model_id!r} ({dimension} dims)"
        )
    return embedder


class _PrepareStage:
    """Actor: chunks, sentence units and (where asked) tags of a batch of documents; holds the
    job, with the model (whose tokenizer counts tokens) made here and the tagger."""

    def __init__(self, shipped: PrepareJob, dimension: int) -> None:
        embedder = _worker_embedder(shipped.embedder, shipped.model_id, dimension)
        self.job = dataclasses.replace(shipped, embedder=embedder)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        out = [
            pickle.dumps(self.job.run(pickle.loads(raw), bool(tag)))
            for raw, tag in zip(batch["doc"], batch["tag"], strict=True)
        ]
        return {"i": batch["i"], "prepared": np.array(out, dtype=object)}


class _EmbedStage:
    """Actor: holds the model; vectors of a batch of texts."""

    def __init__(self, shipped: Any, model_id: str, dimension: int) -> None:
        self.embedder = _worker_embedder(shipped, model_id, dimension)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = self.embedder.encode([str(t) for t in batch["text"]], batch_size=EMBED_BATCH)
        return {"i": batch["i"], "vector": np.ascontiguousarray(vectors, dtype=np.float32)}


class RayEngine:
    """Runs a build's chunking, tagging and embedding on Ray.

    Args:
        address: the cluster ("auto", "ray://host:10001"); None starts a local Ray (or uses the
            one this process already started with ``ray.init``).
        workers: actors per stage; default: one per CPU the cluster offers.
        cpus_per_worker: CPUs each actor reserves (its torch threads follow it).
        batch_size: texts per embedding call on an actor.

    >>> from sci_assistant.indexing import build_index        # doctest: +SKIP
    >>> build_index("corpus", "index", engine=RayEngine(workers=2)).embedded   # doctest: +SKIP
    """

    name = "ray"

    def __init__(
        self,
        address: str | None = None,
        *,
        workers: int | None = None,
        cpus_per_worker: float = 1.0,
        batch_size: int = 64,
    ) -> None:
        if address is not None and (not isinstance(address, str) or not address.strip()):
            raise InvalidRequestError(f"address must be 'auto', 'ray://host:port' or 'host:port', got {address!r}")
        if workers is not None and (not isinstance(workers, int) or workers < 1):
            raise InvalidRequestError(f"workers must be an integer ≥ 1, got {workers!r}")
        if not cpus_per_worker > 0:
            raise InvalidRequestError(f"cpus_per_worker must be > 0, got {cpus_per_worker!r}")
        if not isinstance(batch_size, int) or batch_size < 1:
            raise InvalidRequestError(f"batch_size must be an integer ≥ 1, got {batch_size!r}")
        require_ray()  # the missing extra is reported before anything else happens
        self.address = address
        self.workers = workers
        self.cpus_per_worker = cpus_per_worker
        self.batch_size = batch_size

    # -- connection ---------------------------------------------------------------------------

    def _ray(self):
        ray = require_ray()
        if not ray.is_initialized():
            # A build's output is its statistics line: Ray's own INFO lines stay in its log files.
            kwargs: dict[str, Any] = {
                "log_to_driver": False,
                "include_dashboard": False,
                "logging_level": logging.WARNING,
            }
            if self.address is not None:
                # Workers on other machines import this package from what is shipped here; its
                # dependencies (and the bundled model package) must be installed on them.
                kwargs["runtime_env"] = {"py_modules": [str(Path(__file__).parent)]}
            try:
                ray.init(address=self.address, **kwargs)
            except Exception as exc:
                where = self.address or "a local Ray"
                raise ClusterError(f"could not start or reach {where}: {exc}") from exc
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        # Bars are off on purpose (the build prints its own summary); Ray warns that they are.
        logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.verbose_progress = False
        return ray

    def _size(self, ray) -> int:
        return self.workers or max(1, int(ray.cluster_resources().get("CPU", 1) // self.cpus_per_worker))

    def _dataset(self, ray, items: list[dict], batch_size: int):
        """``items`` as a dataset of one block per batch, and at least one per actor: Ray reads a
        short list as a single block, which one actor would work through while the others wait."""
        blocks = min(len(items), MAX_BLOCKS, max(self._size(ray), -(-len(items) // batch_size)))
        return ray.data.from_items(items, override_num_blocks=max(1, blocks))

    def _pool(self, ray) -> Any:
        return ray.data.ActorPoolStrategy(size=self._size(ray))

    def _run(
        self, what: str, items: list[dict], stage: type, args: tuple, batch_size: int, take: Callable[[dict], None]
    ) -> None:
        """Map ``items`` (each with its input index "i") through an actor pool of ``stage(*args)``,
        ``batch_size`` rows a call, handing each output batch to ``take`` as it arrives (nothing
        is gathered twice); any Ray failure, or a row missing from the output, is a ClusterError."""
        ray = self._ray()
        try:
            ds = self._dataset(ray, items, batch_size).map_batches(
                stage,
                fn_constructor_args=args,
                batch_size=batch_size,
                batch_format="numpy",
                compute=self._pool(ray),
                num_cpus=self.cpus_per_worker,
            )
            seen = 0
            for batch in ds.iter_batches(batch_format="numpy", batch_size=None):
                take(batch)
                seen += len(batch["i"])
        except ClusterError:
            raise
        except Exception as exc:
            raise ClusterError(
                f"the Ray {what} stage failed ({exc.__class__.__name__}: "
                f"{str(exc).strip().splitlines()[-1][:300] if str(exc).strip() else ''}); "
                "the live generation is unchanged"
            ) from exc
        if seen != len(items):
            raise ClusterError(
                f"the Ray {what} stage returned {seen} rows for {len(items)} inputs; the live generation is unchanged"
            )

    # -- the two stages -------------------------------------------------------------------------

    def prepare(
        self, docs: Sequence[Document], tag: Sequence[bool], job: PrepareJob
    ) -> list[PreparedDocument | SkippedFile]:
        if not docs:
            return []
        # The model travels as a recipe and the tagger unloaded; each actor makes its own.
        shipped = dataclasses.replace(job, embedder=portable_embedder(job.embedder), tagger=portable_tagger(job.tagger))
        items = [
            {"i": i, "doc": pickle.dumps(d), "tag": bool(t)} for i, (d, t) in enumerate(zip(docs, tag, strict=True))
        ]
        out: list[Any] = [None] * len(docs)

        def take(batch: dict) -> None:
            for i, raw in zip(batch["i"], batch["prepared"], strict=True):
                out[int(i)] = pickle.loads(raw)

        self._run("chunking and tagging", items, _PrepareStage, (shipped, job.embedder.dimension), PREPARE_BATCH, take)
        return out

    def embed(self, embedder: Embedder, texts: Sequence[str], *, progress: bool) -> np.ndarray:
        dim = embedder.dimension
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        # Longest first, as the local engine does: each batch holds texts of similar length.
        items = [{"i": i, "text": texts[i]} for i in longest_first(texts)]
        args = (portable_embedder(embedder), embedder.model_id, dim)
        # Each batch of vectors goes straight to its rows: one array, filled as batches arrive.
        out = np.zeros((len(texts), dim), dtype=np.float32)

        def take(batch: dict) -> None:
            out[batch["i"].astype(np.int64)] = np.stack(batch["vector"])

        self._run("embedding", items, _EmbedStage, args, self.batch_size, take)
        return out
