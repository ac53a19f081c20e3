"""Staffing inversion: the fewest agents that meet every service target, for many intervals at once.

The search starts from square-root staffing n0 = a + β√a (Halfin & Whitt 1981, "Heavy-traffic
limits for queues with many exponential servers", Operations Research 29(3):567-588; β = 1, a
typical quality-and-efficiency-driven level), raised to a/max_occupancy when an occupancy cap is
given. It then brackets the answer with geometrically growing steps and bisects on the integers,
all intervals together as numpy arrays (each step evaluates the metrics of the intervals still
unresolved). The bracket keeps the invariant "lo fails, hi meets every target", so the answer
meets every target and one agent fewer does not. With ``continuous=True`` a further bisection on
the real-valued (incomplete-gamma) extension finds the real root between answer - 1 and answer.

Integer Erlang C staffing (``continuous=False``, no patience) takes a compiled path instead: the
numba kernel of :mod:`svcdesign.formulas.queueing.kernels` validates the arguments, scans n upwards from the
smallest candidate with the Erlang B recursion (one step per agent) and writes the metrics at the
answer, in one pass over the intervals. Each vectorised numpy evaluation costs 50-150 us whatever
its size, which dominated a week of intervals; the scan costs tens of nanoseconds per interval.
Both paths give the same agents (the tests compare them on random inputs) and metrics that agree
to 1e-12. Integer Erlang A staffing (``patience`` given) takes the compiled search of
:mod:`svcdesign.formulas.queueing.kernels_erlang_a_staffing`: the numpy search's own steps, element by
element, so the same candidates, answers and metrics, without the arrays built for the few elements
still searching. Continuous staffing stays on the numpy search.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ...errors import InputError
from . import kernels as K
from . import kernels_erlang_a as KA
from . import kernels_erlang_a_staffing as KS
from .erlang import _KERNEL_ROWS, _erlang_a_compiled, _pack
from .results import QueueMetrics, StaffingResult, finish
from .validation import as_float_array, shape_of

_BETA = KS.BETA  # square-root staffing level of the starting point (the compiled search's too)
_MAX_DOUBLINGS = KS.MAX_DOUBLINGS  # steps that double from 1 to beyond the largest float (2**1024)
_MAX_BISECTIONS = KS.MAX_BISECTIONS  # halvings that narrow any float interval down to adjacent floats
_CONTINUOUS_ITERATIONS = 60  # bisection halvings of the unit interval (well below 1e-12)


def required_agents(
    arrival_rate: Any,
    handle_time: Any,
    *,
    target_time: Any = None,
    service_level: Any = None,
    max_asa: Any = None,
    max_abandon: Any = None,
    max_occupancy: Any = None,
    patience: Any = None,
    shrinkage: Any = 0.0,
    continuous: bool = False,
) -> StaffingResult:
    """Fewest agents meeting every target given, per element of the (broadcast) inputs.

    Parameters
    ----------
    arrival_rate, handle_time:
        Arrivals per time unit and mean handle time in that unit.
    target_time, service_level:
        Answer at least ``service_level`` (in (0, 1]) of ALL arrivals within ``target_time``.
        ``target_time`` alone sets the time at which the returned metrics report service level.
    max_asa:
        Upper limit on the mean wait over all arrivals (positive, same time unit).
    max_abandon:
        Upper limit on P(abandon), in (0, 1]; needs ``patience``.
    max_occupancy:
        Upper limit on agent occupancy, in (0, 1].
    patience:
        Mean patience (Erlang A); ``None`` means Erlang C (infinite patience).
    shrinkage:
        Share of paid time not on the phones, in [0, 1): ``staff = agents / (1 - shrinkage)``.
    continuous:
        ``False``: integer agents and ``staff`` rounded up (pyworkforce's convention,
        ``ceil(agents / (1 - shrinkage))``). ``True``: the real-valued root of the continuous
        extension and unrounded staff.

    Returns
    -------
    StaffingResult
        ``agents``, ``staff`` and ``metrics`` (QueueMetrics at ``agents``).
    """
    if not continuous and patience is None and max_abandon is None:
        fast = _erlang_c_fast(arrival_rate, handle_time, target_time, service_level, max_asa, max_occupancy, shrinkage)
        if fast is not None:
            return fast
    lam = as_float_array("arrival_rate", arrival_rate)
    h = as_float_array("handle_time", handle_time, low_open=True)
    t, targets = _targets(target_time, service_level, max_asa, max_abandon, max_occupancy, patience)
    pat = (
        np.asarray(np.inf) if patience is None else as_float_array("patience", patience, low_open=True, allow_inf=True)
    )
    shrink = as_float_array("shrinkage", shrinkage, high=1.0, high_open=True)
    shape = shape_of(arrival_rate=lam, handle_time=h, target_time=t, patience=pat, shrinkage=shrink, **targets)
    flat = {k: np.broadcast_to(v, shape).ravel() for k, v in dict(lam=lam, h=h, t=t, pat=pat, **targets).items()}
    agents, values = _solve_erlang_a(flat) if not continuous and patience is not None else _solve(flat, continuous)
    m = _pack(values, (agents.size,))
    metrics_out = type(m)(
        **{k: finish(np.reshape(v, shape), kind=bool if k == "overloaded" else float) for k, v in vars(m).items()}
    )
    heads = agents.reshape(shape) / (1.0 - shrink)
    if not continuous:
        heads = np.ceil(heads)
    return StaffingResult(agents=finish(agents.reshape(shape)), staff=finish(heads), metrics=metrics_out)


def _targets(
    target_time: Any, service_level: Any, max_asa: Any, max_abandon: Any, max_occupancy: Any, patience: Any
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The target time and the targets of :func:`required_agents` as checked float arrays (at least one target)."""
    targets: dict[str, np.ndarray] = {}
    if service_level is not None:
        if target_time is None:
            raise InputError("target_time", None, "a non-negative time when service_level is given")
        targets["service_level"] = as_float_array("service_level", service_level, low_open=True, high=1.0)
    t = as_float_array("target_time", 0.0 if target_time is None else target_time, allow_inf=True)
    if max_asa is not None:
        targets["max_asa"] = as_float_array("max_asa", max_asa, low_open=True)
    if max_abandon is not None:
        if patience is None:
            raise InputError(
                "max_abandon",
                max_abandon,
                "no max_abandon without patience (Erlang C has no abandonment); give patience for Erlang A",
            )
        targets["max_abandon"] = as_float_array("max_abandon", max_abandon, low_open=True, high=1.0)
    if max_occupancy is not None:
        targets["max_occupancy"] = as_float_array("max_occupancy", max_occupancy, low_open=True, high=1.0)
    if not targets:
        raise InputError(
            "targets", None, "at least one of service_level (with target_time), max_asa, max_abandon, max_occupancy"
        )
    return t, targets


def _solve(flat: dict[str, np.ndarray], continuous: bool) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The numpy search on flat, validated, equal-length arrays: agents and the metrics there.

    ``flat`` holds ``lam``, ``h``, ``t``, ``pat`` and one array per target given (keyed by its
    argument name).
    """

    def metrics(n: np.ndarray, idx: np.ndarray) -> dict[str, np.ndarray]:
        # the compiled Erlang A of erlang_a itself, so that the metrics equal erlang_a's at the answer
        return _erlang_a_compiled(
            flat["lam"][idx], flat["h"][idx], np.array(n, float), flat["pat"][idx], flat["t"][idx], True
        )

    def feasible(n: np.ndarray, idx: np.ndarray) -> np.ndarray:
        m = metrics(n, idx)
        ok = ~m["overloaded"]
        if "service_level" in flat:
            ok &= m["service_level"] >= flat["service_level"][idx]
        if "max_asa" in flat:
            ok &= m["asa"] <= flat["max_asa"][idx]
        if "max_abandon" in flat:
            ok &= m["p_abandon"] <= flat["max_abandon"][idx]
        if "max_occupancy" in flat:
            ok &= m["occupancy"] <= flat["max_occupancy"][idx]
        return ok

    load = flat["lam"] * flat["h"]
    agents = _integer_search(load, flat, feasible)
    if continuous:
        agents = _continuous_search(agents, load, np.isinf(flat["pat"]), feasible)
    return agents, metrics(agents, np.arange(agents.size))


def _solve_erlang_a(flat: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """:func:`_solve` (integer agents) through the compiled search of
    :mod:`svcdesign.formulas.queueing.kernels_erlang_a_staffing`, which takes the numpy search's steps
    element by element; when it flags any element, the numpy search answers them all (as it would)."""
    use = [k in flat for k in ("service_level", "max_asa", "max_abandon", "max_occupancy")]
    targets = [flat.get(k, _UNUSED) for k in ("service_level", "max_asa", "max_abandon", "max_occupancy")]
    lam, h, pat, t = (np.ascontiguousarray(flat[k], dtype=float) for k in ("lam", "h", "pat", "t"))
    agents, block, fallbacks = KS.erlang_a_staffing(lam, h, pat, t, *targets, *use)
    if fallbacks:
        return _solve(flat, False)
    values = {name: block[row] for name, row in _KERNEL_ROWS}
    values["overloaded"] = block[KA.ROW_OVERLOADED] != 0.0
    values["offered_load"] = lam * h
    values["agents"] = agents.copy()
    values["target_time"] = t
    return agents, values


_UNUSED = np.ones(1)  # stands for a target that was not given (the kernel does not read it)


def _erlang_c_fast(
    arrival_rate: Any,
    handle_time: Any,
    target_time: Any,
    service_level: Any,
    max_asa: Any,
    max_occupancy: Any,
    shrinkage: Any,
) -> StaffingResult | None:
    """Integer Erlang C staffing through the compiled scan of :mod:`svcdesign.formulas.queueing.kernels`.

    Returns None whenever the numpy path must speak instead: an argument that is not a number, a
    missing target or target time, an invalid value (the kernel only detects it; the numpy path
    then raises the error that names it) or shapes that do not broadcast. Elements the kernel
    flags (huge loads, subnormal Erlang B) are solved by the numpy search.
    """
    use_sl, use_asa, use_occ = service_level is not None, max_asa is not None, max_occupancy is not None
    if (use_sl and target_time is None) or not (use_sl or use_asa or use_occ):
        return None
    try:
        given = [
            np.asarray(v, dtype=float)
            for v in (
                arrival_rate,
                handle_time,
                0.0 if target_time is None else target_time,
                service_level if use_sl else _UNUSED,
                max_asa if use_asa else _UNUSED,
                max_occupancy if use_occ else _UNUSED,
                shrinkage,
            )
        ]
    except (TypeError, ValueError):
        return None
    shape = _broadcast_shape(given)
    if shape is None:
        return None
    size = math.prod(shape)
    lam, h, t, sl, asa, occ, shrink = _kernel_arrays(given, shape)
    out, bad, redo = K.erlang_c_staffing(lam, h, t, sl, asa, occ, shrink, use_sl, use_asa, use_occ, size)
    if bad:
        return None
    if redo:
        _numpy_fallback(
            out,
            np.flatnonzero(out[K.ROW_STATUS] != K.STATUS_OK),
            {
                "lam": lam,
                "h": h,
                "t": t,
                "service_level": sl,
                "max_asa": asa,
                "max_occupancy": occ,
                "shrinkage": shrink,
            },
            use_sl,
            use_asa,
            use_occ,
            size,
        )
    return _staffing_result(out, shape)


def _broadcast_shape(given: list[np.ndarray]) -> tuple[int, ...] | None:
    """The shape the arguments broadcast to (targets not given left out); None when they do not."""
    shape: tuple[int, ...] = ()
    for v in given:
        if v.ndim and v is not _UNUSED and v.shape != shape:
            if shape:
                try:
                    shape = np.broadcast_shapes(*(u.shape for u in given if u is not _UNUSED))
                except ValueError:
                    return None
                break
            shape = v.shape
    return shape


def _kernel_arrays(given: list[np.ndarray], shape: tuple[int, ...]) -> list[np.ndarray]:
    """The arguments as the kernel reads them: a scalar as one element, an array broadcast to ``shape``
    and flattened (copied only when it is not already a writable, contiguous array of that shape)."""
    flat = []
    for v in given:
        if v.ndim == 0:
            v = v.reshape(1)
        elif v is not _UNUSED and (v.shape != shape or not v.flags.c_contiguous or not v.flags.writeable):
            v = np.array(np.broadcast_to(v, shape), order="C").reshape(-1)  # writable, contiguous
        elif v.ndim > 1:
            v = v.reshape(-1)
        flat.append(v)
    return flat


def _staffing_result(out: np.ndarray, shape: tuple[int, ...]) -> StaffingResult:
    """The kernel's output block as a StaffingResult of ``shape`` (all scalars: plain Python numbers)."""
    if not shape:  # all scalars: plain Python numbers
        rows = out[:, 0].tolist()
        agents_copy = rows[K.ROW_AGENTS]
        overloaded: Any = False
    else:
        rows = list(out) if len(shape) == 1 else [r.reshape(shape) for r in out]
        agents_copy = rows[K.ROW_AGENTS].copy()
        overloaded = np.zeros(shape, bool)
    metrics = QueueMetrics._from_fields(
        offered_load=rows[K.ROW_LOAD],
        agents=agents_copy,
        p_wait=rows[K.ROW_P_WAIT],
        asa=rows[K.ROW_ASA],
        service_level=rows[K.ROW_SERVICE_LEVEL],
        target_time=rows[K.ROW_TARGET_TIME],
        occupancy=rows[K.ROW_OCCUPANCY],
        queue_length=rows[K.ROW_QUEUE_LENGTH],
        p_abandon=rows[K.ROW_P_ABANDON],
        overloaded=overloaded,
    )
    return StaffingResult._from_fields(agents=rows[K.ROW_AGENTS], staff=rows[K.ROW_STAFF], metrics=metrics)


def _numpy_fallback(
    out: np.ndarray,
    redo: np.ndarray,
    arrays: dict[str, np.ndarray],
    use_sl: bool,
    use_asa: bool,
    use_occ: bool,
    size: int,
) -> None:
    """Solve the elements ``redo`` of the kernel's output block with the numpy search, in place."""
    wanted = ["lam", "h", "t", "shrinkage"] + [
        k for k, use in (("service_level", use_sl), ("max_asa", use_asa), ("max_occupancy", use_occ)) if use
    ]
    flat = {k: np.broadcast_to(arrays[k], (size,))[redo] for k in wanted}
    shrink = flat.pop("shrinkage")
    flat["pat"] = np.full(redo.size, np.inf)
    agents, m = _solve(flat, False)
    out[K.ROW_AGENTS, redo] = agents
    out[K.ROW_STAFF, redo] = np.ceil(agents / (1.0 - shrink))
    for row, key in (
        (K.ROW_LOAD, "offered_load"),
        (K.ROW_P_WAIT, "p_wait"),
        (K.ROW_ASA, "asa"),
        (K.ROW_SERVICE_LEVEL, "service_level"),
        (K.ROW_TARGET_TIME, "target_time"),
        (K.ROW_OCCUPANCY, "occupancy"),
        (K.ROW_QUEUE_LENGTH, "queue_length"),
        (K.ROW_P_ABANDON, "p_abandon"),
    ):
        out[row, redo] = m[key]


def _integer_search(
    load: np.ndarray, flat: dict[str, np.ndarray], feasible: Callable[[np.ndarray, np.ndarray], np.ndarray]
) -> np.ndarray:
    """Smallest integer n >= 0 with ``feasible(n)``; vectorised bracketing then bisection.

    Works at any magnitude: above 2**53 agents not every integer is a float, and the answer is the
    smallest float meeting the targets (steps never fall below the spacing of floats, and the
    bisection stops when no float lies between the bounds). Every loop is bounded: the brackets by
    :data:`_MAX_DOUBLINGS` doublings, the bisection by :data:`_MAX_BISECTIONS` halvings (enough to
    cross the whole float range).
    """
    size = load.size
    erlang_c = np.isinf(flat["pat"])
    # lo: known to fail (-1 stands for "below zero"); n <= a fails Erlang C (no steady state)
    lo = np.where(erlang_c & (load > 0), np.floor(load), -1.0)
    start = np.ceil(load + _BETA * np.sqrt(load))
    if "max_occupancy" in flat:
        start = np.maximum(start, np.ceil(load / flat["max_occupancy"]))
    start = np.maximum(start, _above(lo))
    hi = np.full(size, np.nan)
    every = np.arange(size)
    ok = feasible(start, every)
    hi[ok] = start[ok]
    lo[~ok] = start[~ok]
    step = _first_step(load)
    # bracket upwards: lo fails, try lo + step with step doubling
    up = np.flatnonzero(~ok)
    for _ in range(_MAX_DOUBLINGS):
        if up.size == 0:
            break
        cand = np.maximum(lo[up] + step[up], _above(lo[up]))
        good = feasible(cand, up)
        hi[up[good]] = cand[good]
        lo[up[~good]] = cand[~good]
        step[up] *= 2.0
        up = up[~good & np.isfinite(lo[up])]
    up = np.flatnonzero(np.isnan(hi))
    if up.size:
        i = int(up[0])
        raise InputError(
            "targets",
            f"element {i} (offered load {load[i]:.6g} Erlangs)",
            f"targets that fewer than {lo[i]:.3g} agents can meet",
        )
    # bracket downwards: hi meets the targets, try hi - step until one fails (or hits lo)
    step = _first_step(load)
    down = np.flatnonzero(ok & _room(lo, hi))
    for _ in range(_MAX_DOUBLINGS):
        if down.size == 0:
            break
        cand = np.maximum(hi[down] - step[down], _above(lo[down]))
        good = feasible(cand, down)
        hi[down[good]] = cand[good]
        lo[down[~good]] = cand[~good]
        step[down] *= 2.0
        down = down[good & _room(lo[down], hi[down])]
    # bisection on the integers (on the floats above 2**53)
    act = np.flatnonzero(_room(lo, hi))
    for _ in range(_MAX_BISECTIONS):
        if act.size == 0:
            break
        mid = np.maximum(np.floor(0.5 * lo[act] + 0.5 * hi[act]), _above(lo[act]))
        good = feasible(mid, act)
        hi[act[good]] = mid[good]
        lo[act[~good]] = mid[~good]
        act = act[_room(lo[act], hi[act])]
    return hi


def _first_step(load: np.ndarray) -> np.ndarray:
    """First bracketing step: half the square-root staffing margin, at least one agent and at least
    the spacing of floats at the load (a smaller step would not move the candidate)."""
    return np.maximum(np.maximum(1.0, np.ceil(0.5 * np.sqrt(load))), np.spacing(load))


def _above(n: np.ndarray) -> np.ndarray:
    """The next candidate above ``n``: ``n + 1``, or the next float where floats are further apart."""
    return np.maximum(n + 1.0, np.nextafter(n, np.inf))


def _room(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Whether a candidate lies strictly between ``lo`` (fails) and ``hi`` (meets the targets)."""
    return _above(lo) < hi


def _continuous_search(
    agents: np.ndarray,
    load: np.ndarray,
    erlang_c: np.ndarray,
    feasible: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> np.ndarray:
    """Real root in (agents - 1, agents] of the continuous extension, by vectorised bisection."""
    hi = agents.astype(float).copy()
    lo = np.maximum(hi - 1.0, np.where(erlang_c, load, 0.0))  # both fail (or hi = 0)
    act = np.flatnonzero(hi > 0)
    for _ in range(_CONTINUOUS_ITERATIONS):
        if act.size == 0:
            break
        mid = 0.5 * (lo[act] + hi[act])
        good = feasible(mid, act)
        hi[act[good]] = mid[good]
        lo[act[~good]] = mid[~good]
        act = act[hi[act] - lo[act] > 1e-12 * np.maximum(1.0, hi[act])]
    return hi
