"""Journey times through the chain for the analytic engine: P(resolved within T), and the mean time to
resolution of resolved customers.

A customer's journey starts at the first contact and ends when the issue is resolved at a stage, or
when they abandon and do not redial. Each visit to stage *i* is a wait, then (if served) a handle time,
then one of: resolved; moved on at once (escalation, transfer); a repeat contact after ``repeat_delay``;
a follow-up after ``follow_up_delay``; or, for an abandoner, a redial after ``retry_delay``. With
``X_i(t)`` the (defective) distribution of the time from entering stage *i* until resolution, counting
only journeys that end resolved, first-step analysis gives the renewal system

    X_i = s_i·Ws_i ∗ H_i ∗ (ρ_i·δ_0 + Σ_j m_ij·X_j + r_i·δ_{d_r} ∗ X_rep + Σ_j f_ij·δ_{d_f} ∗ X_j^fu)
          + a_i·Wa_i ∗ ρ^retry_i·δ_{d_ρ} ∗ X_i

(∗ convolution; s, a the shares served and abandoning; Ws, Wa the waits of those served and of those
who abandon; H the handle time; follow-ups ``X^fu`` never abandon). It is solved exactly on a time grid
of :data:`GRID_POINTS` cells covering [0, T] (cells of width Δ = T/(N − ½), masses at the nodes nΔ,
each cell's mass taken from the distribution functions so that no mass is lost), by discrete Fourier
transform: with every kernel damped by e^(−σt) (σ = :data:`TILT`/T) the system becomes, at each
frequency, a small linear system of 2S unknowns (stages × customer contact / follow-up), and the
damping keeps the wrap-around of the circular transform below e^(−2·TILT) ≈ 4e-11.

Inputs and accuracy:

- **Waits** are the engine's own, mixed over the week's periods by arrivals (as the mean time to
  resolution was): at a live stage a customer who waits is taken to wait an exponential time with
  the period's mean conditional wait ASA/P(wait) (exact for Erlang C, whose conditional wait is
  exponential; a first-moment approximation for Erlang A, where the served wait given a wait is
  not exactly exponential); at a deferred stage, the predictable backlog delay of the period plus
  the Erlang C congestion wait (:func:`svcdesign.engines.analytic._deferred`). Periods are grouped
  into at most :data:`WAIT_GROUPS` groups of similar mean wait. A period or stage without steady
  state (overloaded, or work never cleared) contributes no mass within T: its customers are not
  resolved within the target (never NaN or infinity).
- **Handle times** use the stage's distribution (exponential, lognormal with its cv, or the
  empirical sample), scaled to each segment's mean. A stage's handle-time profile (handle time by
  time of day and week) enters as its average over the week weighted by the stage's arrivals, an
  approximation: the journey system has no time of day, and this keeps the mean handle time of the
  week's contacts the one the queueing figures use.
- **Delays** are exact to within half a cell (Δ/2) each; the engine's other simplifications apply
  (each visit's wait independent of the last; a delay does not wait for opening hours).
- **Grid:** rounding to the nearest node moves each component by at most Δ/2 (unbiased), so the
  share within T is exact up to the probability mass within a few cells of T (for T = 24 h and
  2,048 cells, Δ ≈ 42 s). The single-stage Erlang C case is checked against the closed form in
  ``tests/test_resolution_metrics.py``.

The share resolved at all and the mean time of resolved customers come from the same system at zero
frequency (masses, and first moments E[τ·1{resolved}]) by plain linear algebra.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from .journey_kernels import exponential_transforms

GRID_POINTS = 2048
"""Cells of the time grid over [0, T]: Δ = T / (GRID_POINTS − ½) (the transform has twice as many)."""
TILT = 12.0
"""Exponential damping σ·T of the kernels: wrap-around error ≈ e^(−2·TILT), round-off ≈ 1e-16·e^TILT."""
WAIT_GROUPS = 16
"""Most groups of periods (by mean conditional wait, log-spaced) mixed into a stage's wait."""


@dataclass(frozen=True)
class Grid:
    """The time grid: N cells of width ``step`` (s) over [0, T], transform length 2N, damping σ (1/s)."""

    target: float
    points: int = GRID_POINTS

    @property
    def step(self) -> float:
        return self.target / (self.points - 0.5)

    @property
    def length(self) -> int:
        return 2 * self.points

    @property
    def sigma(self) -> float:
        return TILT / self.target

    def node(self, seconds: float | np.ndarray) -> np.ndarray:
        """Nearest node of each time (≥ 0)."""
        return np.floor(np.asarray(seconds, dtype=float) / self.step + 0.5).astype(np.int64)

    def transform(self, masses: np.ndarray) -> np.ndarray:
        """Damped discrete Fourier transform of masses on the first N nodes (last axis)."""
        return np.fft.rfft(masses * _damping(self, masses.shape[-1]), n=self.length, axis=-1)

    def shift(self, seconds: float) -> np.ndarray:
        """Transform of a delay of ``seconds`` (0 beyond the grid: it cannot end within T); read-only."""
        return _shift(self, int(self.node(seconds)))

    def cdf_masses(self, cdf: Any) -> np.ndarray:
        """Masses of the N cells [(n − ½)Δ, (n + ½)Δ) from a distribution function on seconds."""
        edges = (np.arange(self.points + 1) - 0.5) * self.step
        values = cdf(np.maximum(edges, 0.0))
        values[0] = 0.0
        return np.diff(values)

    def exponential(self, means: np.ndarray) -> np.ndarray:
        """Transforms [len(means), F] of exponential distributions with these means (s, ≥ 0), in closed
        form: the cell masses are m_0 = 1 − q^½ and m_n = q^(n−½)·(1 − q) (q = e^(−Δ/mean)), so the
        damped transform is m_0 + (1 − q)·q^½·z·(1 − (qz)^(N−1)) / (1 − qz), z = e^(−σΔ − 2πif/2N)
        (compiled: :func:`.journey_kernels.exponential_transforms`)."""
        z, z_tail = _powers_of_z(self)
        with np.errstate(divide="ignore"):  # a mean of 0: q = 0, all mass at 0
            q = np.exp(-self.step / np.atleast_1d(np.asarray(means, dtype=float)))  # [G]
        return exponential_transforms(q, q ** (self.points - 1), z, z_tail)


@functools.lru_cache(maxsize=64)
def _shift(grid: Grid, k: int) -> np.ndarray:
    """:meth:`Grid.shift` of a delay of ``k`` cells (read-only; kept for the delays used last)."""
    if k >= grid.points:
        out = np.zeros(grid.length // 2 + 1, dtype=complex)
    else:
        f = np.arange(grid.length // 2 + 1)
        out = np.exp(-grid.sigma * grid.step * k - 2j * np.pi * f * k / grid.length)
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=16)
def _damping(grid: Grid, size: int) -> np.ndarray:
    """e^(−σΔn) at the first ``size`` nodes n of ``grid`` (read-only; kept for the grids used last)."""
    out = np.exp(-grid.sigma * grid.step * np.arange(size))
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=8)
def _undamping(grid: Grid) -> np.ndarray:
    """e^(σΔn) at the N nodes of ``grid`` (read-only; kept for the grids used last)."""
    out = np.exp(grid.sigma * grid.step * np.arange(grid.points))
    out.flags.writeable = False
    return out


@functools.lru_cache(maxsize=8)
def _powers_of_z(grid: Grid) -> tuple[np.ndarray, np.ndarray]:
    """z = e^(−σΔ − 2πif/2N) at each frequency f of ``grid``'s transform, and z^(N−1) (read-only; kept
    for the grids used last)."""
    f = np.arange(grid.length // 2 + 1)
    log_z = -grid.sigma * grid.step - 2j * np.pi * f / grid.length  # [F]
    z, z_tail = np.exp(log_z), np.exp((grid.points - 1) * log_z)
    z.flags.writeable = z_tail.flags.writeable = False
    return z, z_tail


@dataclass(frozen=True)
class StageWaits:
    """Each stage's waits: transforms of the served wait (given served) and the abandoners' wait
    (given abandoning), [S, F], and their means (s; inf without steady state)."""

    served: np.ndarray
    abandoned: np.ndarray
    served_mean: np.ndarray
    abandoned_mean: np.ndarray


def stage_waits(
    grid: Grid,
    arrivals: np.ndarray,
    p_wait: np.ndarray,
    p_abandon: np.ndarray,
    mean_wait: np.ndarray,
    shift: np.ndarray,
    redial: np.ndarray,
) -> StageWaits:
    """Waits mixed over the week's periods, weighted by arrivals; all arrays [S, T].

    A customer of period t waits ``shift`` (a predictable delay, s), then nothing with probability
    1 − ``p_wait``, else an exponential time of mean ``mean_wait`` (s); ``p_abandon`` of them abandon
    while waiting. Non-finite ``shift`` or ``mean_wait`` (where someone waits): no steady state. The
    abandoners' wait is built only at stages where some of them redial (``redial`` [S] bool): elsewhere
    it never enters a journey that ends resolved.
    """
    S, F = arrivals.shape[0], grid.length // 2 + 1
    out = {k: np.ones((S, F), dtype=complex) for k in ("served", "abandoned")}  # nobody: no wait
    means = {k: np.zeros(S) for k in ("served", "abandoned")}
    for s in range(S):
        a, pw = arrivals[s], np.clip(p_wait[s], 0.0, 1.0)
        pab = np.clip(p_abandon[s], 0.0, pw)
        mu = np.where(pw > 0, mean_wait[s], 0.0)
        ok = np.isfinite(shift[s]) & np.isfinite(mu) & (a > 0)
        branches = {"served": (1.0 - pw, pw - pab), "abandoned": (np.zeros_like(pw), pab)}
        for kind, (atom, spread) in branches.items():
            weight = a * (atom + spread)
            total = weight.sum()
            if total <= 0 or (kind == "abandoned" and not redial[s]):
                continue
            g = ok & (weight > 0)  # periods without steady state add no mass within the grid
            late = np.any(~ok & (weight > 0))
            mean = (a[g] * (spread[g] * mu[g] + (atom[g] + spread[g]) * shift[s][g])).sum() / total
            means[kind][s] = np.inf if late else float(mean)
            out[kind][s] = _mixture(grid, a[g] * atom[g], a[g] * spread[g], mu[g], shift[s][g]) / total
    return StageWaits(out["served"], out["abandoned"], means["served"], means["abandoned"])


def _mixture(grid: Grid, atom: np.ndarray, spread: np.ndarray, mu: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """Transform of Σ_t δ(shift_t) ∗ (atom_t·δ_0 + spread_t·Exp(mu_t)) (unnormalised), periods grouped
    by mean (at most :data:`WAIT_GROUPS`, each at its weighted mean)."""
    N = grid.points
    nodes = grid.node(shift)
    inside = nodes < N
    if np.any(nodes[inside] > 0):
        total = grid.transform(np.bincount(nodes[inside], weights=atom[inside], minlength=N))
    else:  # no predictable delay (live stages): the atom sits at 0
        total = np.full(grid.length // 2 + 1, atom[inside].sum(), dtype=complex)
    live = inside & (spread > 0)
    if not live.any():
        return total
    logs = np.log(np.maximum(mu[live], 1e-300))
    edges = np.linspace(logs.min(), logs.max() + 1e-12, WAIT_GROUPS + 1)
    group = np.clip(np.searchsorted(edges, logs, side="right") - 1, 0, WAIT_GROUPS - 1)
    w = spread[live]
    weight = np.bincount(group, weights=w, minlength=WAIT_GROUPS)
    used = np.flatnonzero(weight > 0)
    means = np.bincount(group, weights=w * mu[live], minlength=WAIT_GROUPS)[used] / weight[used]
    kernels = grid.exponential(means)
    if not np.any(nodes[live] > 0):  # no predictable delay (live stages): each group starts at 0
        return total + (weight[used][:, None] * kernels).sum(axis=0)
    hists = np.zeros((used.size, N))
    np.add.at(hists, (np.searchsorted(used, group), nodes[live]), w)
    return total + (grid.transform(hists) * kernels).sum(axis=0)


def handle_transform(grid: Grid, dist: Any, mean: float) -> np.ndarray:
    """Transform of a handle-time :class:`~svcdesign.model.Distribution` scaled to ``mean`` (s)."""
    if dist.kind == "lognormal":
        sigma2 = np.log1p(dist.cv**2)
        if not sigma2 > 0.0:  # a cv so small that its spread underflows: every handle takes the mean
            return grid.transform(grid.cdf_masses(lambda t: (np.asarray(t) >= mean).astype(float)))
        mu = np.log(mean) - sigma2 / 2.0
        with np.errstate(divide="ignore"):
            return grid.transform(grid.cdf_masses(lambda t: special.ndtr((np.log(t) - mu) / np.sqrt(sigma2))))
    if dist.kind == "empirical":
        samples = np.asarray(dist.samples, dtype=float) * (mean / dist.mean if dist.mean > 0 else 1.0)
        nodes = grid.node(samples)
        keep = nodes < grid.points
        return grid.transform(np.bincount(nodes[keep], minlength=grid.points) / samples.size)
    return grid.exponential(np.array([mean]))[0]


@dataclass(frozen=True)
class Route:
    """One customer class's routing (segment k, customers entering at ``entry``): [S] and [S, S] arrays,
    delays in seconds, and the week's abandonment of its customer contacts and follow-ups [2, S]."""

    entry: int
    resolve: np.ndarray
    move: np.ndarray
    repeat: np.ndarray
    repeat_to: np.ndarray
    repeat_delay: np.ndarray
    follow_up: np.ndarray
    follow_up_delay: np.ndarray
    retry: np.ndarray
    retry_delay: np.ndarray
    p_abandon: np.ndarray
    handle_mean: np.ndarray

    @functools.cached_property
    def targets(self) -> list[tuple[list[int], list[int]]]:
        """For each stage, the stages its contacts move on to and those that follow them up (read by
        each of the route's systems, :func:`_matrices`)."""
        return [
            ([int(j) for j in np.flatnonzero(move)], [int(j) for j in np.flatnonzero(follow_up)])
            for move, follow_up in zip(self.move, self.follow_up, strict=True)
        ]

    @functools.cached_property
    def chances(self) -> tuple[np.ndarray, np.ndarray]:
        """The system of the chances of resolving from each state: :func:`_matrices` with the week's
        shares served and abandoning and no delays, I − A and b (read-only; read by
        :func:`within_target` for its structure and by :func:`resolved_moments`)."""
        served = 1.0 - self.p_abandon
        m, b = _matrices(self, lambda o, i: (served[o, i], self.p_abandon[o, i]), lambda d: 1.0)
        m.flags.writeable = b.flags.writeable = False
        return m, b


def _matrices(route: Route, branch: Any, delay: Any, states: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """The system (I − A)·X = b over states (origin, stage): returns I − A [n, n, ...] and b [n, ...].

    ``branch(o, i)`` gives the weights of state (o, i)'s served and abandoning branches (numbers, or
    transforms); ``delay(seconds)`` each delay's factor. ``states`` (default all 2S, in the order
    origin × S + stage) must hold every state its members lead to (as :func:`_reachable` gives).
    """
    S = route.resolve.size
    states = list(range(2 * S)) if states is None else [int(v) for v in states]
    at = {state: n for n, state in enumerate(states)}
    rows = []
    for state in states:
        o, i = divmod(state, S)
        go, lost = branch(o, i)
        rows.append((state, o, i, go, lost))
    lead = np.shape(rows[0][3])
    dtype = np.result_type(*(np.asarray(r[3]).dtype for r in rows), float)
    m = np.zeros((len(at), len(at)) + lead, dtype=dtype)
    b = np.zeros((len(at),) + lead, dtype=dtype)
    for row, (_, o, i, go, lost) in enumerate(rows):
        m[row, row] = 1.0
        b[row] = go * route.resolve[i]
        moves, follow_ups = route.targets[i]
        edges = [(o * S + j, go * route.move[i, j]) for j in moves]
        if route.repeat[i] > 0:
            edges.append((int(route.repeat_to[i]), go * (route.repeat[i] * delay(route.repeat_delay[i]))))
        edges += [(S + j, go * (route.follow_up[i, j] * delay(route.follow_up_delay[i]))) for j in follow_ups]
        if route.retry[i] > 0:
            edges.append((i, lost * (route.retry[i] * delay(route.retry_delay[i]))))
        for state, weight in edges:
            if state in at:  # a state left out is reached with weight 0 only (nobody served here)
                m[row, at[state]] -= weight
    return m, b


def within_target(grid: Grid, route: Route, waits: StageWaits, handles: np.ndarray) -> float:
    """P(resolved within T) for a customer entering at ``route.entry``; ``handles`` [S, F] transforms of
    the handle times of the route's segment."""
    pab = route.p_abandon  # [2, S]
    structure, _ = route.chances
    keep = _reachable(structure != np.eye(structure.shape[0]), route.entry)  # states reachable from the entry

    def branch(o: int, i: int) -> tuple[np.ndarray, np.ndarray]:
        return (1.0 - pab[o, i]) * (waits.served[i] * handles[i]), pab[o, i] * waits.abandoned[i]

    m, b = _matrices(route, branch, lambda d: grid.shift(float(d)), keep)
    masses = np.fft.irfft(_solve_first(m, b), n=grid.length)[: grid.points]
    value = float((masses * _undamping(grid)).sum())
    return min(max(value, 0.0), 1.0)


def _solve_first(m: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The first unknown of m·x = b at every frequency (m [n, n, F], b [n, F]; both overwritten), by
    eliminating the others from the last: Gaussian elimination without pivoting, stable here because
    m = I − A is diagonally dominant by rows (each state's routing sends on at most all its contacts,
    and the damping and the time every visit takes make the damped transforms smaller still)."""
    for k in range(m.shape[0] - 1, 0, -1):
        factor = m[:k, k] / m[k, k]  # [k, F]
        m[:k, :k] -= factor[:, None] * m[k, :k][None]
        b[:k] -= factor * b[k]
    return b[0] / m[0, 0]


def _reachable(edges: np.ndarray, start: int) -> np.ndarray:
    """Indices of the states reachable from ``start`` along ``edges`` [n, n] (bool), ``start`` first."""
    seen = [start]
    frontier = [start]
    while frontier:
        nxt = [int(j) for i in frontier for j in np.flatnonzero(edges[i]) if j not in seen]
        nxt = list(dict.fromkeys(nxt))
        seen.extend(nxt)
        frontier = nxt
    return np.array(seen)


def resolved_moments(route: Route, waits: StageWaits) -> tuple[float, float]:
    """(P(resolved), E[τ·1{resolved}] in seconds) for a customer entering at ``route.entry``.

    With p the chances of resolving from each state, the first moments m solve m = A·m + c, where
    c adds, for each state, the time spent there (wait and handle, or wait and redial delay) and the
    delays before repeats and follow-ups, each weighted by the chance of resolving afterwards. The
    second is infinite when resolved customers may pass a stage without steady state.
    """
    S = route.resolve.size
    served, aband = 1.0 - route.p_abandon, route.p_abandon
    solve, b = route.chances
    p = np.linalg.solve(solve, b).reshape(2, S)
    after = route.resolve[None, :] + p @ route.move.T
    after = after + (route.repeat * p[0][route.repeat_to] + route.follow_up @ p[1])[None, :]
    delays = (route.repeat * route.repeat_delay * p[0][route.repeat_to]) + (
        route.follow_up @ p[1]
    ) * route.follow_up_delay
    redial = aband * route.retry[None, :] * p[0][None, :]
    with np.errstate(invalid="ignore"):  # ∞ × 0 where nobody is served or redials: masked by the where
        stay = np.where(served * after > 0, (waits.served_mean + route.handle_mean)[None, :] * after, 0.0)
        lost = np.where(redial > 0, (waits.abandoned_mean + route.retry_delay)[None, :] * redial, 0.0)
    c = served * (stay + delays[None, :]) + lost
    if not np.all(np.isfinite(c)):
        return float(p.reshape(-1)[route.entry]), float("inf")
    m = np.linalg.solve(solve, c.reshape(-1))
    return float(p.reshape(-1)[route.entry]), float(m[route.entry])


def routes(x: Any, p_abandon: np.ndarray, handle_mean: np.ndarray) -> dict[tuple[int, int], Route]:
    """Each (channel, segment)'s :class:`Route` from the scenario arrays, the week's abandonment per
    segment and origin [K, 2, S] and the mean handle time per segment and stage [K, S] (seconds; the
    scenario's ``handle_mean`` times each stage's handle-time profile averaged over the week by its
    arrivals, :meth:`~svcdesign.model.compiled.ScenarioArrays.handle_scale_mean`)."""
    resolve = np.clip(x.resolve, 0.0, 1.0)
    out = {}
    for c in range(len(x.channels)):
        entry = int(x.entry[c])
        repeat_to = np.where(x.repeat_to >= 0, x.repeat_to, entry).astype(int)
        for k in range(len(x.segments)):
            out[(c, k)] = Route(
                entry=entry,
                resolve=resolve[k],
                move=x.move[k],
                repeat=x.repeat,
                repeat_to=repeat_to,
                repeat_delay=x.repeat_delay,
                follow_up=x.follow_up,
                follow_up_delay=x.follow_up_delay,
                retry=x.retry,
                retry_delay=x.retry_delay,
                p_abandon=p_abandon[k],
                handle_mean=handle_mean[k],
            )
    return out


HANDLE_CACHE_SIZE = 256
"""Most handle-time transforms :func:`handle_transforms` keeps (2,049 complex numbers, 33 KB, each)."""

_HANDLE_CACHE: OrderedDict[tuple[float, int, str, float], np.ndarray] = OrderedDict()
_HANDLE_LOCK = threading.Lock()


def handle_transforms(grid: Grid, dists: Sequence[Any], means: np.ndarray) -> np.ndarray:
    """Transforms [S, F] of each stage's handle time with the given means [S] (s).

    Each transform depends only on the grid, the distribution and the mean: the
    :data:`HANDLE_CACHE_SIZE` used last are kept, keyed by their values (the distribution as canonical
    JSON), so re-evaluating a scenario with the same handle times computes none again.
    """
    rows = []
    for dist, mean in zip(dists, means, strict=True):
        key = (grid.target, grid.points, dist.model_dump_json(), float(mean))
        with _HANDLE_LOCK:
            row = _HANDLE_CACHE.get(key)
            if row is not None:
                _HANDLE_CACHE.move_to_end(key)
        if row is None:
            row = handle_transform(grid, dist, float(mean))
            with _HANDLE_LOCK:
                _HANDLE_CACHE[key] = row
                while len(_HANDLE_CACHE) > HANDLE_CACHE_SIZE:
                    _HANDLE_CACHE.popitem(last=False)
        rows.append(row)
    return np.array(rows)  # a new array: the kept rows are never handed out
