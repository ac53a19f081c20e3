"""Satisfaction by expectation–disconfirmation with asymmetric weights, and the shares it implies.

Oliver (1980, JMR 17(4)): satisfaction depends on the expectation E and the disconfirmation
D = P − E (P perceived performance). Anderson & Sullivan (1993, Marketing Science 12(2)): negative
disconfirmation weighs more than positive. Per pillar p with weight w_p (0–10 scales):

    S = a + c·E + b⁺·Σ_p w_p·max(D_p, 0) + b⁻·Σ_p w_p·min(D_p, 0),   |b⁻| ≥ b⁺ ≥ 0,

clipped to [0, 10], with E = Σ_p w_p·E_p. The defaults a = 0, c = 1, b⁺ = 1, b⁻ = 2 make S equal to
the perceived experience index when every expectation is met or exceeded, and take a shortfall
twice (rows ``satisfaction.*``; the values are modelling choices). S never falls when any pillar's
performance rises (b⁺, b⁻ ≥ 0).

Individual customers scatter around the segment's S with standard deviation ``satisfaction.spread``
(normal), which gives the shares satisfied (≥ 7), promoters (≥ 8.5, i.e. 9–10) and detractors
(< 6.5, i.e. 0–6; Reichheld 2003 — likelihood to recommend is taken equal to satisfaction, a
modelling choice).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from ...assumptions import AssumptionTable
from ...errors import InputError
from .perception import PILLARS, SCALE

ASSUMPTIONS = [
    "satisfaction.intercept",
    "satisfaction.expectation_weight",
    "satisfaction.b_positive",
    "satisfaction.b_negative",
]
"""Rows the satisfaction score depends on."""
SHARE_ASSUMPTIONS = [
    "satisfaction.spread",
    "satisfaction.satisfied_threshold",
    "satisfaction.detractor_threshold",
    "satisfaction.promoter_threshold",
]
"""Rows the shares satisfied / promoters / detractors add."""


@dataclass(frozen=True)
class SatisfactionParams:
    """Coefficients of the expectation–disconfirmation model and the thresholds of the shares."""

    intercept: float
    expectation_weight: float
    b_positive: float
    b_negative: float
    spread: float
    satisfied_threshold: float
    detractor_threshold: float
    promoter_threshold: float

    def __post_init__(self) -> None:
        if abs(self.b_negative) < abs(self.b_positive):
            raise InputError(
                "satisfaction.b_negative",
                self.b_negative,
                f"a weight at least satisfaction.b_positive = {self.b_positive:g} "
                "(negative disconfirmation weighs at least as much as positive; Anderson & Sullivan 1993)",
            )
        if self.b_positive < 0 or self.b_negative < 0:
            raise InputError(
                "satisfaction.b_positive/b_negative",
                (self.b_positive, self.b_negative),
                "magnitudes ≥ 0 (the sign of min(D, 0) already makes shortfalls negative)",
            )
        if not self.detractor_threshold <= self.satisfied_threshold <= self.promoter_threshold:
            raise InputError(
                "satisfaction thresholds",
                (self.detractor_threshold, self.satisfied_threshold, self.promoter_threshold),
                "detractor ≤ satisfied ≤ promoter thresholds",
            )

    @classmethod
    def from_table(cls, table: AssumptionTable) -> SatisfactionParams:
        v = table.value
        return cls(
            v("satisfaction.intercept"),
            v("satisfaction.expectation_weight"),
            v("satisfaction.b_positive"),
            v("satisfaction.b_negative"),
            v("satisfaction.spread"),
            v("satisfaction.satisfied_threshold"),
            v("satisfaction.detractor_threshold"),
            v("satisfaction.promoter_threshold"),
        )


def disconfirmation(perceived: Mapping[str, np.ndarray], expected: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """D_p = P_p − E_p per pillar (points)."""
    missing = [p for p in PILLARS if p not in perceived or p not in expected]
    if missing:
        raise InputError("pillars", missing, f"scores for every pillar {list(PILLARS)}")
    return {p: np.asarray(perceived[p], float) - np.asarray(expected[p], float) for p in PILLARS}


def score(
    perceived: Mapping[str, np.ndarray],
    expected: Mapping[str, np.ndarray],
    weights: Mapping[str, float],
    params: SatisfactionParams,
) -> np.ndarray:
    """Satisfaction S (0–10) from perceived and expected pillar scores."""
    d = disconfirmation(perceived, expected)
    e_index = sum(weights[p] * np.asarray(expected[p], float) for p in PILLARS)
    pos = sum(weights[p] * np.maximum(d[p], 0.0) for p in PILLARS)
    neg = sum(weights[p] * np.minimum(d[p], 0.0) for p in PILLARS)
    s = params.intercept + params.expectation_weight * e_index + params.b_positive * pos + params.b_negative * neg
    return np.clip(s, 0.0, SCALE)


def satisfaction(perceived: float | np.ndarray, expected: float | np.ndarray, params: SatisfactionParams) -> np.ndarray:
    """One-dimensional form S = a + c·E + b⁺·max(D, 0) + b⁻·min(D, 0), clipped to [0, 10]."""
    p, e = np.asarray(perceived, float), np.asarray(expected, float)
    d = p - e
    s = (
        params.intercept
        + params.expectation_weight * e
        + params.b_positive * np.maximum(d, 0)
        + params.b_negative * np.minimum(d, 0)
    )
    return np.clip(s, 0.0, SCALE)


def shares(s: np.ndarray, params: SatisfactionParams) -> dict[str, np.ndarray]:
    """Shares satisfied, promoters and detractors, and NPS, for mean satisfaction ``s`` (normal spread)."""
    s = np.asarray(s, float)
    z = lambda t: (s - t) / params.spread  # noqa: E731 - local helper
    satisfied = ndtr(z(params.satisfied_threshold))
    promoters = ndtr(z(params.promoter_threshold))
    detractors = 1.0 - ndtr(z(params.detractor_threshold))
    return {
        "share_satisfied": satisfied,
        "share_promoters": promoters,
        "share_detractors": detractors,
        "nps": 100.0 * (promoters - detractors),
    }


def share_below(s: np.ndarray, threshold: float, params: SatisfactionParams) -> np.ndarray:
    """Share of customers whose satisfaction falls below ``threshold``."""
    return 1.0 - ndtr((np.asarray(s, float) - threshold) / params.spread)
