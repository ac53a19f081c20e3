"""The simulation's input: a network of service stages as plain arrays, checked and packed for the kernel.

:class:`NetworkSpec` is independent of the scenario model (``svcdesign.model``); the scenario adapter
(:mod:`svcdesign.engines.simulation.adapter`) builds one from a scenario, and tests or advanced users can
build one directly. Shapes use S = number of stages, K = number of customer classes (channel × segment)
and NI = number of intervals = ceil(horizon / interval). All times are in seconds, rates in contacts per
second.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import numpy as np

from ...errors import InputError
from ...model.scenario import RESOLUTION_TARGET
from .distributions import Dist, DistTable, never
from .kernel import KernelInputs
from .pools import AgentPools, PooledInputs

DistGrid = Any
"""A :class:`Dist` for every stage and class, a sequence of S of them (one per stage, every class), or
S sequences of K (per stage and class)."""


@dataclass
class NetworkSpec:
    """A network of service stages over a horizon split into intervals.

    Parameters
    ----------
    horizon:
        Simulated time, seconds (> 0).
    interval:
        Length of a staffing/demand interval, seconds (> 0). The last interval may be cut short by the
        horizon.
    arrival_rates:
        External arrivals per second, shape (NI, K), constant within an interval (a non-negative number
        stands for one class at a constant rate).
    entry_stage:
        Stage index where each class's external contacts enter, length K.
    staff:
        Agents on duty per stage and interval, shape (S, NI) (or length S: the same in every interval).
    service:
        Handle-time distribution per stage (and class), see :data:`DistGrid`.
    service_scale:
        Multiplier of the service time per stage and interval, shape (S, NI) (or length S: the same in
        every interval): a service that starts in interval i at stage s lasts a draw from ``service``
        × ``service_scale[s, i]`` (handle time by time of day). Positive and finite; default 1.
    target_time:
        Service-level target time per stage (or one for all), seconds: a contact answered within it
        counts towards the service level.
    patience:
        Patience distribution per stage (and class); :func:`~.distributions.never` (the default) means no
        abandonment. Ignored at deferred stages and for follow-up callbacks, which never abandon.
    deferred:
        Per stage (or one for all): deferred work (email, referrals) that waits without abandoning and is
        measured by backlog age.
    priority:
        Per class; lower numbers are served first, first come first served within a priority.
    transfer:
        Probability that a completed service at stage i is followed at once by a visit to stage j (an
        escalation or transfer), shape (S, S) or per class (K, S, S).
    repeat_prob, repeat_stage, repeat_delay:
        After service at stage i, probability of a repeat contact (failure demand: a new contact by the
        same customer) that enters ``repeat_stage`` after a delay drawn from ``repeat_delay``. Shapes (S,)
        or (K, S); the stage defaults to i itself.
    followup_prob, followup_stage, followup_delay:
        Likewise for a follow-up callback, which never abandons: probabilities (S,) or (K, S) with a
        destination stage each (default: the same stage), or a matrix (S, S) or (K, S, S) of
        probabilities from stage i to stage j (then ``followup_stage`` stays None).
    retry_prob, retry_delay:
        Probability that an abandoner tries the same stage again after a delay, shape (S,) or (K, S).
    stage_names, class_names:
        Labels for results (default "stage 0", "class 0", ...).
    resolution_target:
        Seconds from a customer's first contact within which a resolution counts as resolved within
        target (default :data:`svcdesign.model.scenario.RESOLUTION_TARGET`, 24 h).
    pools:
        Multi-skill agent groups (:class:`~.pools.AgentPools`), or None (the default): every stage is
        served by its own ``staff``. With pools the stages some group holds a skill for are served by
        the groups (their ``staff`` rows must be 0), the network runs on the pools kernel
        (:mod:`.pools_kernel`) and :meth:`compile` returns :data:`~.pools.PooledInputs`.

    Notes
    -----
    Resolution (leaving) has the remaining probability 1 − Σ_j transfer − repeat − follow-up.
    """

    horizon: float
    interval: float
    arrival_rates: Any
    entry_stage: Any
    staff: Any
    service: DistGrid
    target_time: Any
    patience: DistGrid = field(default_factory=never)
    service_scale: Any = None
    deferred: Any = False
    priority: Any = None
    transfer: Any = None
    repeat_prob: Any = None
    repeat_stage: Any = None
    repeat_delay: DistGrid = None
    followup_prob: Any = None
    followup_stage: Any = None
    followup_delay: DistGrid = None
    retry_prob: Any = None
    retry_delay: DistGrid = None
    stage_names: Sequence[str] | None = None
    class_names: Sequence[str] | None = None
    resolution_target: float = RESOLUTION_TARGET
    pools: AgentPools | None = None

    # ---- derived sizes ----------------------------------------------------------------------------------
    @property
    def n_intervals(self) -> int:
        _positive_number("horizon", self.horizon)
        _positive_number("interval", self.interval)
        return n_intervals(float(self.horizon), float(self.interval))

    def compile(self, warmup: float = 0.0) -> tuple[KernelInputs, Labels]:
        """Check every field and pack the kernel's arrays; raises :class:`InputError` on bad input.

        With ``pools`` the inputs are a :data:`~.pools.PooledInputs` (the same fields, then the pools'),
        and the labels name the groups.
        """
        horizon, interval, NI, warmup = _check_grid(self.horizon, self.interval, warmup)
        rates = _check_rates(self.arrival_rates, NI)
        staff = _check_staff(self.staff, NI)
        K, S = rates.shape[1], staff.shape[0]
        entry = _check_entry(self.entry_stage, K, S)
        target = _per_stage("target_time", self.target_time, S, float)
        if not np.all(np.isfinite(target)) or np.any(target < 0):
            raise InputError("target_time", target.tolist(), "finite seconds >= 0")
        deferred = _per_stage("deferred", self.deferred, S, bool)
        resolution_target = _positive_number("resolution_target", self.resolution_target)
        prio = np.zeros(K, dtype=np.int64) if self.priority is None else _int_array("priority", self.priority)
        if prio.shape != (K,):
            raise InputError("priority", _shape(prio), f"one whole number per class ({K})")
        levels, prio_rank = np.unique(prio, return_inverse=True)
        table = DistTable()
        svc = _dist_grid("service", self.service, S, K, table)
        svc_scale = _check_service_scale(self.service_scale, S, NI)
        pat = _dist_grid("patience", self.patience, S, K, table)
        route = _check_routing(self, K, S, table)

        lengths = interval_lengths(horizon, interval)
        customers = rates * lengths[:, None]
        capacity, expected_visits = _visit_capacity(route, entry, customers, horizon, table)
        cap = np.maximum(staff.max(axis=1), 1).astype(np.int64)
        agent_off = np.concatenate([[0], np.cumsum(cap)[:-1]]).astype(np.int64)

        inputs = KernelInputs(
            horizon=horizon,
            interval=interval,
            warmup=warmup,
            n_intervals=NI,
            rates=np.ascontiguousarray(rates, dtype=np.float64),
            entry=entry.astype(np.int64),
            prio=prio_rank.astype(np.int64),
            n_prio=int(len(levels)),
            staff=np.ascontiguousarray(staff, dtype=np.int64),
            cap=cap,
            agent_off=agent_off,
            deferred=deferred.astype(np.bool_),
            target=target.astype(np.float64),
            svc=svc,
            svc_scale=svc_scale,
            pat=pat,
            route_cum=np.ascontiguousarray(route.route_cum),
            has_route=route.has_route,
            rep_stage=route.rep_stage,
            rep_delay=route.rep_delay,
            fu_delay=route.fu_delay,
            retry_p=route.retry_p,
            retry_delay=route.retry_delay,
            dists=table.packed(),
            capacity=capacity,
            resolution_target=resolution_target,
        )
        labels = Labels(
            stages=_names("stage_names", self.stage_names, S, "stage"),
            classes=_names("class_names", self.class_names, K, "class"),
            interval_start=np.arange(NI) * interval,
            interval_length=lengths,
            warmup=warmup,
            horizon=horizon,
            deferred=deferred.astype(bool),
            expected_visits=expected_visits,
            resolution_target=resolution_target,
        )
        if self.pools is None:
            return inputs, labels
        return _with_pools(self.pools, inputs, labels, table)


def _with_pools(pools: Any, inputs: KernelInputs, labels: Labels, table: DistTable) -> tuple[KernelInputs, Labels]:
    """The inputs and labels of a network with agent pools (checked: InputError naming the field)."""
    if not isinstance(pools, AgentPools):
        raise InputError("pools", pools, "an AgentPools or None")
    K = inputs.rates.shape[1]
    fields, names = pools.compile(inputs.staff, inputs.deferred, table.expected(inputs.svc), K)
    return PooledInputs(*inputs, **fields), replace(labels, groups=names)


class _Routing(NamedTuple):
    """The checked routing of a network: probabilities ``[K, S(, S)]``, stages and delay grids."""

    transfer: np.ndarray
    rep_p: np.ndarray
    followup: np.ndarray
    retry_p: np.ndarray
    rep_stage: np.ndarray
    rep_delay: np.ndarray
    fu_delay: np.ndarray
    retry_delay: np.ndarray
    route_cum: np.ndarray
    """Cumulative transfer, repeat and follow-up probabilities per class and stage (the kernel's draw)."""
    has_route: np.ndarray


def _check_grid(horizon: Any, interval: Any, warmup: Any) -> tuple[float, float, int, float]:
    """Horizon and interval (seconds > 0), the number of intervals and the warm-up (seconds)."""
    horizon = _positive_number("horizon", horizon)
    interval = _positive_number("interval", interval)
    NI = n_intervals(horizon, interval)
    if NI > MAX_INTERVALS:  # before any array over the intervals (the size check bounds them far lower)
        raise InputError("horizon", horizon, f"at most {MAX_INTERVALS:.0e} intervals of {interval:g} s")
    warmup = _number("warmup", warmup)
    if not 0.0 <= warmup < horizon:
        raise InputError("warmup", warmup, f"seconds in [0, horizon = {horizon:g})")
    return horizon, interval, NI, warmup


def _check_rates(x: Any, NI: int) -> np.ndarray:
    """External arrival rates ``[NI, K]``, contacts per second (a single number: one class)."""
    rates = _float_array("arrival_rates", x)
    if rates.ndim == 0:
        rates = np.full((NI, 1), float(rates))
    if rates.ndim != 2 or rates.shape[0] != NI or rates.shape[1] < 1:
        raise InputError("arrival_rates", _shape(rates), f"an array of shape (intervals = {NI}, classes) per second")
    if not np.all(np.isfinite(rates)) or np.any(rates < 0):
        raise InputError(
            "arrival_rates",
            _first_bad(rates, lambda a: ~np.isfinite(a) | (a < 0)),
            "finite rates >= 0 (contacts per second)",
        )
    return rates


def _check_staff(x: Any, NI: int) -> np.ndarray:
    """Agents on duty ``[S, NI]`` (one number per stage: every interval)."""
    staff = _int_array("staff", x)
    if staff.ndim == 1:
        staff = np.repeat(staff[:, None], NI, axis=1)
    if staff.ndim != 2 or staff.shape[1] != NI or staff.shape[0] < 1:
        raise InputError("staff", _shape(staff), f"an array of shape (stages, intervals = {NI})")
    if np.any(staff < 0):
        raise InputError("staff", int(staff.min()), "whole numbers of agents >= 0")
    return staff


def _check_service_scale(x: Any, S: int, NI: int) -> np.ndarray:
    """Service-time multipliers ``[S, NI]`` (None: 1 everywhere; one number per stage: every interval)."""
    if x is None:
        return np.ones((S, NI))
    scale = _float_array("service_scale", x)
    if scale.ndim == 1 and scale.shape[0] == S:
        scale = np.repeat(scale[:, None], NI, axis=1)
    if scale.shape != (S, NI):
        raise InputError("service_scale", _shape(scale), f"an array of shape (stages = {S}, intervals = {NI})")
    bad = ~(np.isfinite(scale) & (scale > 0))
    if bad.any():
        raise InputError("service_scale", float(scale[bad][0]), "finite multipliers > 0")
    return np.ascontiguousarray(scale, dtype=np.float64)


def _check_entry(x: Any, K: int, S: int) -> np.ndarray:
    """The entry stage of each class ``[K]``."""
    entry = _int_array("entry_stage", x).reshape(-1)
    if entry.shape != (K,):
        raise InputError("entry_stage", _shape(entry), f"one stage index per class ({K})")
    if np.any((entry < 0) | (entry >= S)):
        raise InputError("entry_stage", entry.tolist(), f"stage indices in 0..{S - 1}")
    return entry


def _check_routing(spec: NetworkSpec, K: int, S: int, table: DistTable) -> _Routing:
    """Transfers, repeats, follow-ups and redials of ``spec``, checked (leaving probabilities <= 1)."""
    transfer = _per_class_matrix("transfer", spec.transfer, K, S)
    rep_p = _per_class_stage_prob("repeat_prob", spec.repeat_prob, K, S)
    followup = _followup_matrix(spec.followup_prob, spec.followup_stage, K, S)
    retry_p = _per_class_stage_prob("retry_prob", spec.retry_prob, K, S)
    rep_stage = _per_class_stage_index("repeat_stage", spec.repeat_stage, K, S)
    rep_delay = _delay_grid("repeat_delay", spec.repeat_delay, rep_p, K, S, table)
    fu_delay = _delay_grid("followup_delay", spec.followup_delay, followup.sum(axis=2), K, S, table)
    retry_delay = _delay_grid("retry_delay", spec.retry_delay, retry_p, K, S, table)
    probs = np.concatenate([transfer, rep_p[:, :, None], followup], axis=2)
    total = probs.sum(axis=2)
    if np.any(total > 1.0 + 1e-9):
        k, s = np.argwhere(total > 1.0 + 1e-9)[0]
        raise InputError(
            f"routing[class {k}, stage {s}]",
            float(total[k, s]),
            "transfer + repeat + follow-up probabilities summing to at most 1",
        )
    return _Routing(
        transfer,
        rep_p,
        followup,
        retry_p,
        rep_stage,
        rep_delay,
        fu_delay,
        retry_delay,
        route_cum=np.cumsum(probs, axis=2),
        has_route=total > 0.0,
    )


def _visit_capacity(
    route: _Routing, entry: np.ndarray, customers: np.ndarray, horizon: float, table: DistTable
) -> tuple[int, float]:
    """Rows of the kernel's visit table, and the expected stage visits of one replication (redials in
    full, for the size check); raises InputError beyond :data:`MAX_VISITS`.

    ``customers``: expected external arrivals ``[NI, K]``.
    """
    # redials per visit: 1/(1 − p) attempts, but no more than fit in the horizon at the mean delay
    with np.errstate(divide="ignore"):
        attempts_cap = np.minimum(1.0 / (1.0 - route.retry_p), 1.0 + horizon / table.expected(route.retry_delay))
    visits_per_contact, attempts = _visits_per_contact(
        route.transfer, route.rep_p, route.rep_stage, route.followup, route.retry_p, entry, attempts_cap
    )
    expected = float((customers * visits_per_contact[None, :]).sum())
    if not expected <= MAX_VISITS:  # NaN included: refuse before sizing any table from it
        raise InputError(
            "arrival_rates × horizon",
            f"about {expected:.2g} stage visits per replication",
            f"at most {MAX_VISITS:.0e}: shorten the horizon or lower the demand",
        )
    capacity = int(1.25 * expected + 8.0 * math.sqrt(expected) + 1024)
    return capacity, float((customers * attempts[None, :]).sum())


@dataclass(frozen=True)
class Labels:
    """Names and interval geometry that go with a compiled network (seconds)."""

    stages: tuple[str, ...]
    classes: tuple[str, ...]
    interval_start: np.ndarray
    interval_length: np.ndarray
    warmup: float
    horizon: float
    deferred: np.ndarray
    expected_visits: float = 0.0
    """Expected stage visits of one replication, redials counted in full (for the size check)."""
    resolution_target: float = RESOLUTION_TARGET
    """Seconds from the first contact within which a resolution counts as within target."""
    groups: tuple[str, ...] = ()
    """Names of the agent groups of a network with pools (none without)."""

    @property
    def decided(self) -> np.ndarray:
        """[NI] bool: intervals whose customers' first contacts came at least the resolution target
        before the horizon (the interval ends that long before it), so that whether they were resolved
        within target is known by the horizon."""
        return self.interval_start + self.interval_length + self.resolution_target <= self.horizon * (1 + 1e-12)

    @property
    def observed_length(self) -> np.ndarray:
        """Seconds of each interval after the warm-up (the span its time integrals cover)."""
        start = np.maximum(self.interval_start, self.warmup)
        end = self.interval_start + self.interval_length
        return np.clip(end - start, 0.0, None)


def n_intervals(horizon: float, interval: float) -> int:
    """Number of intervals covering the horizon (the last one may be partial)."""
    return max(1, int(math.ceil(horizon / interval - 1e-9)))


def interval_lengths(horizon: float, interval: float) -> np.ndarray:
    """Length of each interval in seconds (the last one cut at the horizon)."""
    NI = n_intervals(horizon, interval)
    starts = np.arange(NI) * interval
    return np.minimum(starts + interval, horizon) - starts


# ---- checks ------------------------------------------------------------------------------------------------
def _number(name: str, x: Any) -> float:
    if isinstance(x, bool):
        raise InputError(name, x, "a number")
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise InputError(name, x, "a number") from None
    if not math.isfinite(v):
        raise InputError(name, x, "a finite number")
    return v


def _positive_number(name: str, x: Any) -> float:
    v = _number(name, x)
    if v <= 0:
        raise InputError(name, x, "a finite number of seconds > 0")
    return v


def _shape(a: np.ndarray) -> str:
    return f"array of shape {a.shape}"


def _first_bad(a: np.ndarray, bad) -> float:
    return float(a[bad(a)].ravel()[0])


def _float_array(name: str, x: Any) -> np.ndarray:
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise InputError(name, x, "numbers") from None


MAX_WHOLE = 2.0**53
"""Largest whole number taken (floats hold every integer up to it; int64 far beyond)."""
MAX_INTERVALS = 1e9
"""Most intervals a network may have before its arrays are built (:mod:`.size` bounds a run far lower)."""
MAX_VISITS = 1e12
"""Most expected stage visits per replication a network may hold before the size check of
:mod:`.size` (which is far stricter) is even asked: beyond this the table sizes themselves overflow."""


def _int_array(name: str, x: Any) -> np.ndarray:
    a = _float_array(name, x)
    if not np.all(np.isfinite(a)) or np.any(a != np.round(a)) or np.any(np.abs(a) > MAX_WHOLE):
        raise InputError(name, x, f"whole numbers (at most {MAX_WHOLE:.0f} in size)")
    return a.astype(np.int64)


def _per_stage(name: str, x: Any, S: int, dtype: type) -> np.ndarray:
    try:
        a = np.asarray(x, dtype=object if dtype is bool else float)
    except (TypeError, ValueError):
        raise InputError(name, x, f"one value or one per stage ({S})") from None
    if a.ndim == 0:
        a = np.full(S, a.item(), dtype=object)
    if a.shape != (S,):
        raise InputError(name, x, f"one value or one per stage ({S})")
    if dtype is bool:
        if not all(isinstance(v, (bool, np.bool_)) for v in a):
            raise InputError(name, x, "True or False per stage")
        return a.astype(bool)
    return a.astype(float)


def _per_class_matrix(name: str, x: Any, K: int, S: int) -> np.ndarray:
    if x is None:
        return np.zeros((K, S, S))
    a = _float_array(name, x)
    if a.shape == (S, S):
        a = np.broadcast_to(a, (K, S, S)).copy()
    if a.shape != (K, S, S):
        raise InputError(name, _shape(a), f"probabilities of shape (stages, stages) = ({S}, {S}) or ({K}, {S}, {S})")
    _check_probs(name, a)
    return np.ascontiguousarray(a)


def _per_class_stage_prob(name: str, x: Any, K: int, S: int) -> np.ndarray:
    if x is None:
        return np.zeros((K, S))
    a = _float_array(name, x)
    if a.ndim == 0:
        a = np.full(S, float(a))
    if a.shape == (S,):
        a = np.broadcast_to(a, (K, S)).copy()
    if a.shape != (K, S):
        raise InputError(name, _shape(a), f"probabilities per stage ({S}) or per class and stage ({K}, {S})")
    _check_probs(name, a)
    return np.ascontiguousarray(a)


def _followup_matrix(prob: Any, stage: Any, K: int, S: int) -> np.ndarray:
    """Follow-up probabilities [K, S, S] (from stage i to stage j) from either form of the inputs."""
    if prob is None:
        return np.zeros((K, S, S))
    a = _float_array("followup_prob", prob)
    if a.ndim >= 2 and a.shape[-2:] == (S, S) and not (a.ndim == 2 and K == S and stage is not None):
        if stage is not None:
            raise InputError("followup_stage", stage, "None when followup_prob is a matrix of destinations")
        return _per_class_matrix("followup_prob", a, K, S)
    p = _per_class_stage_prob("followup_prob", a, K, S)
    dest = _per_class_stage_index("followup_stage", stage, K, S)
    out = np.zeros((K, S, S))
    for k in range(K):
        out[k, np.arange(S), dest[k]] = p[k]
    return out


def _check_probs(name: str, a: np.ndarray) -> None:
    bad = ~np.isfinite(a) | (a < 0) | (a > 1)
    if np.any(bad):
        raise InputError(name, float(a[bad][0]), "probabilities in [0, 1]")


def _per_class_stage_index(name: str, x: Any, K: int, S: int) -> np.ndarray:
    if x is None:
        return np.broadcast_to(np.arange(S, dtype=np.int64), (K, S)).copy()
    a = _int_array(name, x)
    if a.ndim == 0:
        a = np.full(S, int(a))
    if a.shape == (S,):
        a = np.broadcast_to(a, (K, S)).copy()
    if a.shape != (K, S):
        raise InputError(name, _shape(a), f"stage indices per stage ({S}) or per class and stage ({K}, {S})")
    if np.any((a < 0) | (a >= S)):
        raise InputError(name, a.tolist(), f"stage indices in 0..{S - 1}")
    return np.ascontiguousarray(a)


def _dist_grid(name: str, x: DistGrid, S: int, K: int, table: DistTable) -> np.ndarray:
    """Indices [S, K] into the table for a Dist, S Dists, or S×K Dists."""
    out = np.empty((S, K), dtype=np.int64)
    if isinstance(x, Dist):
        idx = table.add(x, name)
        out[:] = idx
        return out
    if not isinstance(x, (list, tuple)) or len(x) != S:
        raise InputError(name, x, f"a distribution, or one per stage ({S}), or per stage and class ({S}×{K})")
    for s, row in enumerate(x):
        if isinstance(row, Dist):
            out[s, :] = table.add(row, f"{name}[{s}]")
        elif isinstance(row, (list, tuple)) and len(row) == K:
            for k, d in enumerate(row):
                out[s, k] = table.add(d, f"{name}[{s}][{k}]")
        else:
            raise InputError(f"{name}[{s}]", row, f"a distribution or one per class ({K})")
    return out


def _delay_grid(name: str, x: DistGrid, probs: np.ndarray, K: int, S: int, table: DistTable) -> np.ndarray:
    """Indices [K, S] for a delay: a Dist, S Dists, or K×S Dists; required where the probability > 0."""
    out = np.empty((K, S), dtype=np.int64)
    if x is None:
        if np.any(probs > 0):
            k, s = np.argwhere(probs > 0)[0]
            raise InputError(name, None, f"a delay distribution (stage {s} has a probability > 0 for class {k})")
        out[:] = table.add(never(), name)
        return out
    if isinstance(x, Dist):
        out[:] = table.add(x, name)
        return out
    if isinstance(x, (list, tuple)) and len(x) == S and all(isinstance(d, Dist) for d in x):
        for s, d in enumerate(x):
            out[:, s] = table.add(d, f"{name}[{s}]")
        return out
    if isinstance(x, (list, tuple)) and len(x) == K:
        for k, row in enumerate(x):
            if not isinstance(row, (list, tuple)) or len(row) != S:
                raise InputError(f"{name}[{k}]", row, f"one distribution per stage ({S})")
            for s, d in enumerate(row):
                out[k, s] = table.add(d, f"{name}[{k}][{s}]")
        return out
    raise InputError(name, x, f"a distribution, one per stage ({S}), or per class and stage ({K}×{S})")


_RETRY_SIZING_CAP = 0.5
"""Retry probability above which the visit table is sized as if it were this (a reallocation follows)."""


def _visits_per_contact(
    transfer, rep_p, rep_stage, followup, retry_p, entry, attempts_cap
) -> tuple[np.ndarray, np.ndarray]:
    """Upper bounds on the mean number of stage visits per external contact of each class.

    Solves the traffic equations v = e + v·P with every routing probability counted and every contact
    assumed to abandon and retry. Returns the bound with retry probabilities capped at
    :data:`_RETRY_SIZING_CAP` (sizes the visit table, which grows anyway) and the bound with every
    visit tried ``attempts_cap`` [K, S] times (1/(1 − p), or as many redials as the horizon holds: the
    size check of :mod:`.size`). Raises if the routing never lets contacts leave (spectral radius of
    P ≥ 1).
    """
    K, S, _ = transfer.shape
    out = np.empty(K)
    full = np.empty(K)
    for k in range(K):
        P = transfer[k] + followup[k]
        for s in range(S):
            P[s, rep_stage[k, s]] += rep_p[k, s]
        radius = float(np.max(np.abs(np.linalg.eigvals(P))))
        if radius >= 1.0 - 1e-9:
            raise InputError(
                f"routing[class {k}]",
                "transfer/repeat/follow-up probabilities",
                "routing from which contacts eventually leave (some stage must resolve contacts)",
            )
        e = np.zeros(S)
        e[entry[k]] = 1.0
        visits = np.linalg.solve((np.eye(S) - P).T, e)
        # retries: at most 1/(1 - p) attempts per visit; p is capped because the visit table grows anyway
        out[k] = float((visits / (1.0 - np.minimum(retry_p[k], _RETRY_SIZING_CAP))).sum())
        full[k] = float((visits * attempts_cap[k]).sum())
    return out, full


def _names(field_name: str, names: Sequence[str] | None, n: int, prefix: str) -> tuple[str, ...]:
    if names is None:
        return tuple(f"{prefix} {i}" for i in range(n))
    names = tuple(str(x) for x in names)
    if len(names) != n or len(set(names)) != n:
        raise InputError(field_name, names, f"{n} distinct names")
    return names
