"""One calibrated confidence for an answer: a logistic model over evidence signals, and its threshold.

The signals say how well the chosen evidence fits the question: how close in meaning the best
sentence is, how much of the question's wording it covers (stems, prefixes, typo-repaired words),
whether a span of the type asked for was found, whether the question names something the corpus
never mentions, and whether a structured strategy (annex records, stated totals) answered. The
weights are fitted on the project's *tune* question set (``sci-assistant calibrate``) and stored
in ``calibration.json`` beside this file with the threshold chosen for a stated precision; the
assistant abstains below the threshold and still shows the closest passages.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger("sci_assistant")

FEATURES = (
    "sim",  # cosine of the question and the best evidence sentence
    "overlap",  # IDF-weighted share of the question's terms in that sentence
    "coverage",  # the same over the best three sentences, topic terms only
    "unknown_name",  # 1 when the question names something the corpus never mentions
    "unknown_words",  # share of the question's content words the corpus never uses
    "typed",  # 1 when the question asks for a typed fact (person, place, date, number, amount)
    "type_found",  # 1 when a span of that type was found in the evidence (typed questions only)
    "structured",  # 1 when annex records or stated figures answered
    "names_missing",  # 1 when the question names things the best evidence does not mention
    "kind_unknown",  # 1 when "what is the <kind> of …" names a kind the releases never use
    "sim_untyped",  # sim, for questions that ask for no typed fact (0 otherwise)
    "coverage_untyped",  # coverage, likewise
    "focus_missing",  # 1 when the evidence never states what the question's focus names ("the attendance")
    "focus_unnamed",  # 1 when it mentions the focus but names no instance ("banks", and no bank)
)
CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class Calibration:
    """Logistic weights over FEATURES, a bias, and the abstention threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    note: str = ""

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURES):
            raise ValueError(f"calibration has {len(self.weights)} weights, expected {len(FEATURES)}")
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be in (0, 1), got {self.threshold}")

    def confidence(self, signals: Mapping[str, float]) -> float:
        z = self.bias + sum(w * float(signals.get(name, 0.0)) for w, name in zip(self.weights, FEATURES))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "weights": list(self.weights),
            "bias": self.bias,
            "threshold": self.threshold,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, d: Mapping) -> Calibration:
        if list(d.get("features", [])) != list(FEATURES):
            raise ValueError("calibration was fitted on other features; refit with `sci-assistant calibrate`")
        return cls(
            tuple(float(w) for w in d["weights"]), float(d["bias"]), float(d["threshold"]), str(d.get("note", ""))
        )


# Used only when calibration.json is missing: a hand-set prior with the same signs a fit finds.
PRIOR = Calibration(
    (2.0, 1.0, 1.0, -3.0, -1.0, -3.0, 4.0, 1.0, -2.0, -2.0, 2.0, 1.0, -3.0, -3.0), -3.0, 0.5, "hand-set prior"
)


@lru_cache(maxsize=4)
def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    """The fitted calibration (the prior when none was fitted)."""
    try:
        return Calibration.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return PRIOR
    except (ValueError, KeyError, TypeError) as exc:  # stale or damaged: answer on the prior, say so
        log.warning("%s is unusable (%s); using the hand-set prior", path, exc)
        return PRIOR


def fit(
    rows: Sequence[Mapping[str, float]], labels: Sequence[int], *, min_precision: float = 0.95, min_recall: float = 0.9
) -> tuple[Calibration, list[dict]]:
    """Fit the logistic weights and choose the threshold.

    Label 1 = the question is answerable. The threshold is the highest that still answers
    ``min_recall`` of the answerable questions (so false refusals stay within 1 − min_recall);
    ``min_precision`` is kept for the report's table only.

    Returns:
        (calibration, a precision-at-coverage table: one row per candidate threshold).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([[float(r.get(f, 0.0)) for f in FEATURES] for r in rows])
    y = np.array(labels)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    p = model.predict_proba(x)[:, 1]
    table = []
    for t in [i / 20 for i in range(1, 20)]:
        answered = p >= t
        precision = float(y[answered].mean()) if answered.any() else 1.0
        coverage = float(answered.mean())
        recall = float(answered[y == 1].mean()) if (y == 1).any() else 0.0
        table.append(
            {
                "threshold": t,
                "coverage": round(coverage, 3),
                "precision": round(precision, 3),
                "recall": round(recall, 3),
            }
        )
    # The strictest threshold that still answers ``min_recall`` of the answerable questions: as many
    # refusals of unanswerable questions as the stated false-refusal rate allows. Precision is
    # reported; when no threshold keeps the recall, the best balance is taken.
    ok = [r for r in table if r["recall"] >= min_recall]
    pick = max(ok, key=lambda r: r["threshold"]) if ok else max(table, key=lambda r: r["precision"] + r["recall"])
    cal = Calibration(
        tuple(float(w) for w in model.coef_[0]),
        float(model.intercept_[0]),
        pick["threshold"],
        f"fitted on {len(rows)} questions; precision {pick['precision']}, recall {pick['recall']}",
    )
    return cal, table
