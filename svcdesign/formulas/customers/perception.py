"""Perceived performance: operational figures → the six pillars (0–10), effort and the SERVQUAL view.

The six pillars of customer experience (KPMG Nunwood; source document 003; docs/background/customers.md) are
personalisation, integrity, expectations, resolution, time and effort, and empathy, each scored out
of 10. Each pillar is 10 × a "goodness" in [0, 1] computed from what the engines report. Every
coefficient is a row of the assumptions table (group ``experience``); the mappings are:

- **time and effort** = 10·[s·g_wait + (1 − s)·g_effort], s = ``experience.wait_share``;
  g_wait = (1 − P_ab)·exp(−W/τ): the share of customers who would tolerate the mean wait W (s)
  when tolerance is exponential with mean τ (the segment's mean patience on live stages; on deferred
  stages ``experience.deferred_tolerance`` × the target answer time) — an abandoned contact scores 0.
- **effort** (CES-like, 1 very low – 7 very high) = 1 + 6·(1 − e^(−L)) with the effort load
  L = e_c·(CPR − 1) + e_h·handoff + e_w·W/τ (contacts per resolution, share of contacts escalated or
  transferred, wait relative to tolerance; CEB 2013 name repeat contacts, transfers and waits as the
  drivers of effort); g_effort = e^(−L).
- **resolution** = 10·(1 − P_ab)·(1 − ℓ)^(CPR − 1), ℓ = ``experience.resolution_loss_per_repeat``
  (SQM Group: each repeat contact lowers top-box satisfaction by about 15%, a practitioner figure).
- **integrity** = 10·P(answered within the promised time) where a promise is made (callback and
  reply times at deferred stages), 10 where none is: promises kept (source document 001: "making
  promises and not keeping them").
- **expectations** = 10·P(answered within the wait the customer expected).
- **empathy** = 10·base_e·φ and **personalisation** = 10·base_p·φ·(1 − h·handoff), with the fatigue
  factor φ = 1 − loss·clip((occupancy − o*)/(1 − o*), 0, 1), o* = ``experience.fatigue_occupancy``
  (recommended occupancy 75–85% [secondary]; source document 004: burnout lowers service quality).

P(answered within t) comes from the reported P(wait) and service level at the target time T: the
waiting-time tail P(W > t) = P(wait)·q^(t/T) with q = (1 − SL)/P(wait) — exact for Erlang C (the
deferred stages of the analytic engine), an approximation under abandonment.

**SERVQUAL view** (Parasuraman, Zeithaml & Berry 1988): reliability = r·integrity + (1 − r)·resolution;
responsiveness = 10·g_wait; assurance = a·resolution + (1 − a)·empathy (knowledge, courtesy);
empathy = m·empathy + (1 − m)·personalisation (caring, individual attention); tangibles a constant
(not modelled). The index uses the commonly quoted importance weights (reliability 32%,
responsiveness 22%, assurance 19% [unverified], empathy 16%, tangibles 11%).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import numpy as np
from scipy.special import ndtr

from ...assumptions import AssumptionTable
from ...errors import InputError
from .params import check_weights, weights

PILLARS = ("personalisation", "integrity", "expectations", "resolution", "time_effort", "empathy")
"""The six pillars of customer experience (KPMG Nunwood; source document 003)."""

SERVQUAL = ("reliability", "responsiveness", "assurance", "empathy", "tangibles")
"""SERVQUAL's five dimensions (Parasuraman, Zeithaml & Berry 1988)."""


SCALE = 10.0
"""Pillars, satisfaction and indices are scored out of 10 (KPMG Nunwood's scale)."""
EFFORT_MIN, EFFORT_MAX = 1.0, 7.0
"""Effort score range (CES-like 7-point scale; CEB 2013)."""


@dataclass(frozen=True)
class Operations:
    """Operational figures a customer meets, as arrays that broadcast together (e.g. [K, S, T]).

    Attributes: ``wait`` mean wait (s, all arriving contacts), ``p_wait`` share that wait at all,
    ``service_level`` share answered within ``target_time`` (s), ``p_abandon`` share abandoning,
    ``tolerance`` wait a customer tolerates (s; mean patience, ``inf`` = unlimited), ``occupancy``
    share of agent time busy, ``handoff`` share of contacts escalated or transferred,
    ``contacts_per_resolution`` (≥ 1), ``promise`` promised answer time (s; ``inf`` = no promise),
    ``expected_wait`` the wait customers expect (s).
    """

    wait: np.ndarray
    p_wait: np.ndarray
    service_level: np.ndarray
    target_time: np.ndarray
    p_abandon: np.ndarray
    tolerance: np.ndarray
    occupancy: np.ndarray
    handoff: np.ndarray
    contacts_per_resolution: np.ndarray
    promise: np.ndarray
    expected_wait: np.ndarray

    def __post_init__(self) -> None:
        for f in fields(self):
            value = np.asarray(getattr(self, f.name), dtype=float)
            if np.isnan(value).any():
                raise InputError(f"operations.{f.name}", "NaN", "numbers (no missing values)")
            object.__setattr__(self, f.name, value)
        shares = ("p_wait", "service_level", "p_abandon", "occupancy", "handoff")
        for name in shares:
            value = getattr(self, name)
            if (value < 0).any() or (value > 1 + 1e-9).any():
                raise InputError(
                    f"operations.{name}", float(value.min() if (value < 0).any() else value.max()), "shares in [0, 1]"
                )
            object.__setattr__(self, name, np.clip(value, 0.0, 1.0))
        for name in ("wait", "target_time", "tolerance", "promise", "expected_wait"):
            value = getattr(self, name)
            if (value < 0).any():
                raise InputError(f"operations.{name}", float(value.min()), "times in seconds ≥ 0")
        if (self.contacts_per_resolution < 1 - 1e-9).any():
            raise InputError(
                "operations.contacts_per_resolution",
                float(self.contacts_per_resolution.min()),
                "contacts per resolution ≥ 1",
            )

    def replace(self, **changes: np.ndarray) -> Operations:
        """A copy with some fields changed (validated)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class ExperienceParams:
    """Coefficients of the pillar mappings (rows ``experience.*`` of the assumptions table)."""

    weights: Mapping[str, float]
    wait_share: float
    resolution_loss: float
    effort_per_extra_contact: float
    effort_per_handoff: float
    effort_per_wait: float
    effort_high_threshold: float
    effort_spread: float
    fatigue_occupancy: float
    fatigue_loss: float
    personalisation_base: float
    empathy_base: float
    handoff_penalty: float
    servqual_weights: Mapping[str, float]
    reliability_integrity: float
    assurance_resolution: float
    empathy_empathy: float
    tangibles: float

    @classmethod
    def from_table(cls, table: AssumptionTable, pillar_weights: Mapping[str, float] | None = None) -> ExperienceParams:
        """Read the coefficients; ``pillar_weights`` (six weights summing to 1) replace the table's."""
        v = table.value
        w = (
            check_weights(pillar_weights, PILLARS, "pillar_weights")
            if pillar_weights is not None
            else weights(table, "experience.weight.", PILLARS)
        )
        return cls(
            weights=w,
            wait_share=v("experience.wait_share"),
            resolution_loss=v("experience.resolution_loss_per_repeat"),
            effort_per_extra_contact=v("experience.effort_per_extra_contact"),
            effort_per_handoff=v("experience.effort_per_handoff"),
            effort_per_wait=v("experience.effort_per_wait"),
            effort_high_threshold=v("experience.effort_high_threshold"),
            effort_spread=v("experience.effort_spread"),
            fatigue_occupancy=v("experience.fatigue_occupancy"),
            fatigue_loss=v("experience.fatigue_loss"),
            personalisation_base=v("experience.personalisation_base"),
            empathy_base=v("experience.empathy_base"),
            handoff_penalty=v("experience.handoff_penalty"),
            servqual_weights=weights(table, "experience.servqual.weight.", SERVQUAL),
            reliability_integrity=v("experience.servqual.reliability_integrity"),
            assurance_resolution=v("experience.servqual.assurance_resolution"),
            empathy_empathy=v("experience.servqual.empathy_empathy"),
            tangibles=v("experience.servqual.tangibles"),
        )


ASSUMPTIONS = [f"experience.weight.{p}" for p in PILLARS] + [
    "experience.wait_share",
    "experience.deferred_tolerance",
    "experience.resolution_loss_per_repeat",
    "experience.effort_per_extra_contact",
    "experience.effort_per_handoff",
    "experience.effort_per_wait",
    "experience.fatigue_occupancy",
    "experience.fatigue_loss",
    "experience.personalisation_base",
    "experience.empathy_base",
    "experience.handoff_penalty",
]
"""Rows the six pillars and the experience index depend on."""
SERVQUAL_ASSUMPTIONS = [f"experience.servqual.weight.{d}" for d in SERVQUAL] + [
    "experience.servqual.reliability_integrity",
    "experience.servqual.assurance_resolution",
    "experience.servqual.empathy_empathy",
    "experience.servqual.tangibles",
]
"""Rows the SERVQUAL view adds."""


def share_within(
    t: float | np.ndarray,
    p_wait: float | np.ndarray,
    service_level: float | np.ndarray,
    target_time: float | np.ndarray,
) -> np.ndarray:
    """P(answered within ``t`` seconds), from P(wait) and the service level at ``target_time``.

    Tail P(W > t) = P(wait)·q^(t/T), q = (1 − SL)/P(wait) ∈ [0, 1]: exact for Erlang C (exponential
    conditional wait), an approximation with abandonment. ``t = inf`` (no promise) gives 1.
    """
    t, p_wait, sl, target = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (t, p_wait, service_level, target_time))
    )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        q = np.clip(np.where(p_wait > 0, (1.0 - sl) / np.where(p_wait > 0, p_wait, 1.0), 0.0), 0.0, 1.0)
        ratio = np.where(target > 0, t / np.where(target > 0, target, 1.0), np.inf)
        tail = np.where(q > 0, p_wait * np.power(q, np.where(np.isfinite(ratio), ratio, 1.0)), 0.0)
    tail = np.where(np.isinf(t), 0.0, np.where(np.isfinite(ratio), tail, np.where(t > 0, 0.0, p_wait)))
    return np.clip(1.0 - tail, 0.0, 1.0)


def wait_goodness(ops: Operations) -> np.ndarray:
    """(1 − P_ab)·exp(−W/τ): share of customers who tolerate the wait (0–1; τ = inf gives 1 − P_ab)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(np.isinf(ops.tolerance), 0.0, ops.wait / np.where(ops.tolerance > 0, ops.tolerance, 1e-300))
    ratio = np.where(np.isinf(ops.wait) & ~np.isinf(ops.tolerance), np.inf, ratio)
    return (1.0 - ops.p_abandon) * np.exp(-ratio)


def effort_load(ops: Operations, params: ExperienceParams) -> np.ndarray:
    """Effort load L ≥ 0 from extra contacts, hand-offs and waits (see module docstring)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        wait_ratio = np.where(
            np.isinf(ops.tolerance), 0.0, ops.wait / np.where(ops.tolerance > 0, ops.tolerance, 1e-300)
        )
    return (
        params.effort_per_extra_contact * (ops.contacts_per_resolution - 1.0)
        + params.effort_per_handoff * ops.handoff
        + params.effort_per_wait * wait_ratio
    )


def effort_score(ops: Operations, params: ExperienceParams) -> np.ndarray:
    """CES-like effort 1 + 6·(1 − e^(−L)) on 1 (very low) – 7 (very high)."""
    return EFFORT_MIN + (EFFORT_MAX - EFFORT_MIN) * (1.0 - np.exp(-effort_load(ops, params)))


def fatigue_factor(occupancy: np.ndarray, params: ExperienceParams) -> np.ndarray:
    """φ = 1 − loss·clip((occupancy − o*)/(1 − o*), 0, 1): 1 when agents are not over-stretched."""
    room = max(1.0 - params.fatigue_occupancy, 1e-12)
    return 1.0 - params.fatigue_loss * np.clip(
        (np.asarray(occupancy, float) - params.fatigue_occupancy) / room, 0.0, 1.0
    )


def promises_kept(ops: Operations) -> np.ndarray:
    """Share answered within the promised time (1 where no promise is made: ``promise = inf``)."""
    return share_within(ops.promise, ops.p_wait, ops.service_level, ops.target_time)


def pillars(ops: Operations, params: ExperienceParams) -> dict[str, np.ndarray]:
    """Perceived performance on the six pillars, each 0–10, shaped like the broadcast operations."""
    phi = fatigue_factor(ops.occupancy, params)
    g_wait = wait_goodness(ops)
    g_effort = np.exp(-effort_load(ops, params))
    out = {
        "personalisation": params.personalisation_base * phi * (1.0 - params.handoff_penalty * ops.handoff),
        "integrity": promises_kept(ops),
        "expectations": share_within(ops.expected_wait, ops.p_wait, ops.service_level, ops.target_time),
        "resolution": (1.0 - ops.p_abandon) * (1.0 - params.resolution_loss) ** (ops.contacts_per_resolution - 1.0),
        "time_effort": params.wait_share * g_wait + (1.0 - params.wait_share) * g_effort,
        "empathy": params.empathy_base * phi,
    }
    shape = np.broadcast_shapes(*(np.shape(getattr(ops, f.name)) for f in fields(ops)))
    return {k: np.broadcast_to(np.clip(SCALE * v, 0.0, SCALE), shape).copy() for k, v in out.items()}


def index(scores: Mapping[str, np.ndarray], params: ExperienceParams) -> np.ndarray:
    """Weighted mean of the six pillar scores (0–10)."""
    return np.asarray(sum(params.weights[p] * np.asarray(scores[p], float) for p in PILLARS))  # an array, not sum's 0


def servqual(scores: Mapping[str, np.ndarray], ops: Operations, params: ExperienceParams) -> dict[str, np.ndarray]:
    """The SERVQUAL view (0–10 each, plus ``index``) of pillar scores and the wait perception."""
    r, a, m = params.reliability_integrity, params.assurance_resolution, params.empathy_empathy
    out = {
        "reliability": r * scores["integrity"] + (1 - r) * scores["resolution"],
        "responsiveness": SCALE * wait_goodness(ops) * np.ones_like(scores["integrity"]),
        "assurance": a * scores["resolution"] + (1 - a) * scores["empathy"],
        "empathy": m * scores["empathy"] + (1 - m) * scores["personalisation"],
        "tangibles": np.full_like(scores["integrity"], params.tangibles),
    }
    out["index"] = sum(params.servqual_weights[d] * out[d] for d in SERVQUAL)
    return out


def high_effort_share(effort: np.ndarray, params: ExperienceParams) -> np.ndarray:
    """Share of customers at or above the high-effort threshold, individual effort ~ N(effort, spread)."""
    return ndtr((np.asarray(effort, float) - params.effort_high_threshold) / params.effort_spread)
