"""Small multi-skill contact centres: an exact continuous-time Markov chain, solved numerically.

Model. Contact types i = 1..I arrive as independent Poisson processes of rates λ_i. Agent groups
g = 1..G have n_g agents each. A contact of type i is served by an agent of group g at rate
μ_ig = 1/h_ig (exponential handle times per type and group) if g is in the type's **routing**, an
ordered list of groups. Patience is exponential with mean 1/θ_i per type (θ_i = 0: nobody abandons).

Routing, precisely:

* An arriving contact of type i goes to the first group of ``routing[i]`` that has an idle agent;
  if none has, it joins the FCFS queue of type i.
* An agent of group g who finishes a contact looks at the queues of the types it serves in the
  order ``group_priorities[g]`` and takes the head of the first non-empty one; if all are empty
  the agent becomes idle. (Default order: types for which g comes earlier in their routing come
  first — a group serves its primary types before the types it helps with by overflow — ties by
  type number.)
* A waiting contact abandons at rate θ_i; nobody is preempted, and no idle agent ever sits next to
  a waiting contact it can serve.

The state is the number of type-i contacts in service in each group (for the pairs of the routing)
and the queue length of each type; with exponential times it is a continuous-time Markov chain and
the exact model of this routing. Its states are enumerated from the empty system (by a compiled kernel,
:mod:`.multiskill_kernel`) and its stationary distribution π solved by a sparse LU factorisation
(scipy). Wallace & Whitt (2005), "A staffing algorithm for call centers with skill-based routing",
Manufacturing & Service Operations Management 7(4):276–294, study larger systems of this kind by
simulation and observe that agents with a few skills do nearly as well as fully cross-trained ones; the
tests reproduce that observation on a two-type example.

Truncation. Each queue is cut at a cap K_i (an arrival finding K_i of its type waiting is dropped).
The caps start small and are doubled, type by type, until K_i·P(q_i = K_i) is below ``tolerance``
(default 1e-10) for every type, so the probability at each cap, reported as ``boundary_mass`` and
equal to the share of type-i arrivals the truncated chain drops, is below the tolerance too. The
factor K_i also bounds the queue length held at the cap: with patience each queue's tail falls
faster than geometrically and the neglected part of E[Q_i] is of the order of K_i·P(q_i = K_i);
without patience the tail is about geometric with the ratio ρ of the type's load to its capacity
and the neglected part of E[Q_i] is about K_i·P(q_i = K_i)/(1 − ρ) — small for the small, stable
systems this is meant for, and checked against Erlang C to 1e-9 in the tests. If the chain would
exceed ``max_states`` states first, an InputError says so (without patience an overloaded type makes
the caps grow until the limit is hit).

Metrics (PASTA: arrivals see π). Per type: P(wait) = P(every group of the routing busy);
E[Q_i]; mean wait over all arrivals E[Q_i]/λ_i (Little's law on the queue); P(abandon) =
θ_i·E[Q_i]/λ_i; throughput = Σ_g μ_ig·E[busy_ig] (= λ_i(1 − P(abandon)) up to the truncation loss).
Per group: occupancy = Σ_i E[busy_ig]/n_g. Per type and group: ``served``, the rate of type-i
contacts served by group g. The waiting-time distribution (service level) is not computed: with
several types a waiting contact can be overtaken by later contacts of types its agents prefer, so it
needs a transient analysis of the chain (a later item).

With one type and one group the chain is M/M/n+M, Erlang A (see
:mod:`svcdesign.formulas.queueing.erlang`); with one fully cross-trained group and equal handle times
and patience the total queue is that of the pooled Erlang A.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ....errors import InputError
from . import _ctmc
from .multiskill_kernel import enumerate_states

if TYPE_CHECKING:
    import scipy.sparse as sp

MAX_STATES = 100_000
"""Default largest chain solved, states. Two contact types with a few agents need thousands (well under
a second); three dedicated groups of 3 agents with queues capped at 32 need 36³ = 46 656 states and
about 7 s per solve on one core, and the caps are doubled up to a few times."""

DEFAULT_TOLERANCE = 1e-10
"""Default bound on the stationary probability of each queue at its truncation cap."""

_FIRST_CAP = 8
"""Queue cap of the first attempt; doubled per type until cap × boundary mass is below the tolerance."""


@dataclasses.dataclass(frozen=True, repr=True)
class MultiSkillMetrics:
    """Steady-state performance of a small multi-skill system (exact chain).

    Times are in the caller's time unit (that of ``handle_times``); rates per that unit. Arrays per
    type have length I (the order of ``arrival_rates``), per group length G (the order of ``agents``).

    Attributes
    ----------
    p_wait: per type, probability that an arrival finds every group of its routing busy.
    asa: per type, mean wait in queue over all arrivals, E[Q_i]/λ_i (0 where λ_i = 0).
    queue_length: per type, mean number waiting.
    p_abandon: per type, probability that an arrival abandons (0 where λ_i = 0).
    throughput: per type, contacts served per time unit.
    occupancy: per group, share of agent time spent serving.
    served: I × G, type-i contacts served per time unit by group g.
    queue_caps: per type, the truncation cap K_i of the queue used.
    boundary_mass: per type, stationary probability that the queue is at its cap (the share of arrivals the
        truncation drops; cap × boundary_mass is below the tolerance).
    states: number of states of the chain solved.
    """

    p_wait: np.ndarray
    asa: np.ndarray
    queue_length: np.ndarray
    p_abandon: np.ndarray
    throughput: np.ndarray
    occupancy: np.ndarray
    served: np.ndarray
    queue_caps: np.ndarray
    boundary_mass: np.ndarray
    states: int

    def types_frame(self) -> pd.DataFrame:
        """One row per contact type: the per-type metrics, cap and boundary mass."""
        names = ("p_wait", "asa", "queue_length", "p_abandon", "throughput", "queue_caps", "boundary_mass")
        return pd.DataFrame({name: getattr(self, name) for name in names}).rename_axis("type")

    def groups_frame(self) -> pd.DataFrame:
        """One row per agent group: occupancy and the rate served of each type (``served_<i>``)."""
        cols = {"occupancy": self.occupancy} | {f"served_{i}": row for i, row in enumerate(self.served)}
        return pd.DataFrame(cols).rename_axis("group")


def multiskill_metrics(
    arrival_rates: Any,
    handle_times: Any,
    agents: Any,
    routing: Any,
    patience: Any = math.inf,
    *,
    group_priorities: Any = None,
    tolerance: float = DEFAULT_TOLERANCE,
    max_states: int = MAX_STATES,
) -> MultiSkillMetrics:
    """Exact steady-state metrics of a small multi-skill system with ordered-preference routing.

    Parameters
    ----------
    arrival_rates:
        Contacts per time unit of each type, λ_i >= 0 (a sequence of length I >= 1).
    handle_times:
        I × G mean handle times h_ig (time units) of type i served by group g; only the pairs in
        ``routing`` are read (others may be NaN).
    agents:
        Agents in each group, whole numbers >= 0 (a sequence of length G >= 1).
    routing:
        For each type, the groups that serve it in order of preference (indices 0..G−1, no repeats,
        at least one).
    patience:
        Mean patience per type (time units, exponential), a number for all types or a sequence of
        length I; ``inf`` (default): nobody abandons.
    group_priorities:
        For each group, the types it takes from the queues, in order (exactly the types whose
        routing contains the group). Default: by the group's position in each type's routing, ties
        by type number.
    tolerance:
        Bound on cap × stationary probability of each queue at its truncation cap, in (0, 1e-3].
    max_states:
        Largest chain to build, states (a whole number >= 1).

    Returns
    -------
    MultiSkillMetrics

    Raises
    ------
    InputError
        Naming the argument for a bad value or shape, a type no group serves, a group priority list
        that does not match the routing, or a chain needing more than ``max_states`` states to bring
        cap × boundary mass below ``tolerance``.

    Notes
    -----
    Routing rules, truncation and metrics in the module docstring of
    :mod:`svcdesign.formulas.queueing.markov.multiskill`.
    """
    lam = _vector("arrival_rates", arrival_rates)
    n_types = lam.size
    n_agents = _counts("agents", agents)
    n_groups = n_agents.size
    routes = _routing(routing, n_types, n_groups)
    h = _handle_times(handle_times, routes, n_types, n_groups)
    pat = np.broadcast_to(np.asarray(patience, dtype=object), (n_types,)) if np.ndim(patience) == 0 else patience
    pat_arr = _vector("patience", pat, size=n_types, low_open=True, allow_inf=True)
    theta = np.where(np.isinf(pat_arr), 0.0, 1.0 / pat_arr)
    prios = _priorities(group_priorities, routes, n_types, n_groups)
    for i, route in enumerate(routes):
        if lam[i] > 0 and theta[i] == 0 and n_agents[route].sum() == 0:
            raise InputError(
                "agents",
                n_agents.tolist(),
                f"at least one agent in the groups {route} that serve type {i} (it has arrivals and no patience)",
            )
    if not (isinstance(tolerance, float | int) and not isinstance(tolerance, bool) and 0.0 < tolerance <= 1e-3):
        raise InputError("tolerance", tolerance, "a number in (0, 0.001]")
    if isinstance(max_states, bool) or not isinstance(max_states, int | np.integer) or max_states < 1:
        raise InputError("max_states", max_states, "a whole number >= 1")

    chain = _Chain(lam, 1.0 / h, n_agents, routes, theta, prios)
    return chain.metrics(*_truncated(chain, n_types, float(tolerance), int(max_states)))


def _truncated(chain: _Chain, n_types: int, tolerance: float, max_states: int) -> tuple[Any, ...]:
    """Solve the chain, doubling each queue's cap until cap × P(queue at cap) < ``tolerance`` for every type:
    the stationary distribution, the states, the caps and each type's mass at its cap."""
    caps = np.full(n_types, _FIRST_CAP)
    while True:
        try:
            table, q = chain.explore(caps, max_states)
        except _ctmc.TooManyStates:
            raise _ctmc.too_large("max_states", max_states, f"the chain with queue caps {caps.tolist()}") from None
        pi = _ctmc.stationary(q)
        queues = table[:, chain.n_pairs :]
        mass = np.array([pi[queues[:, i] == caps[i]].sum() for i in range(n_types)])
        short = caps * mass >= tolerance
        if not short.any():
            return pi, table, caps, mass
        caps = np.where(short, 2 * caps, caps)


class _Chain:
    """The moves of the multi-skill chain and its metrics. A state is (busy of each (type, group)
    pair of the routing, in ``pairs`` order; queue length of each type)."""

    def __init__(
        self,
        lam: np.ndarray,
        mu: np.ndarray,
        agents: np.ndarray,
        routes: list[list[int]],
        theta: np.ndarray,
        prios: list[list[int]],
    ) -> None:
        self.lam, self.mu, self.agents, self.theta = lam, mu, agents, theta
        self.routes, self.prios = routes, prios
        self.pairs = [(i, g) for i, route in enumerate(routes) for g in route]
        self.pair_index = {p: k for k, p in enumerate(self.pairs)}
        self.n_pairs = len(self.pairs)
        self.n_types = lam.size
        self.group_pairs = [[k for k, (_, g) in enumerate(self.pairs) if g == grp] for grp in range(agents.size)]
        self.start: tuple[int, ...] = (0,) * (self.n_pairs + self.n_types)
        pair_of = np.full((self.n_types, agents.size), -1, dtype=np.int64)
        for k, (i, g) in enumerate(self.pairs):
            pair_of[i, g] = k
        self.packed = (  # the chain as the arrays of multiskill_kernel.enumerate_states
            np.asarray(lam, dtype=np.float64),
            np.asarray(theta, dtype=np.float64),
            np.array([float(mu[i, g]) for i, g in self.pairs]),
            np.asarray(agents, dtype=np.int64),
            np.array([g for _, g in self.pairs], dtype=np.int64),
            pair_of,
            np.cumsum([0] + [len(route) for route in routes], dtype=np.int64),
            np.array([g for route in routes for g in route], dtype=np.int64),
            np.cumsum([0] + [len(order) for order in prios], dtype=np.int64),
            np.array([i for order in prios for i in order], dtype=np.int64),
        )

    def idle(self, state: Sequence[int]) -> list[int]:
        return [int(self.agents[g]) - sum(state[k] for k in ks) for g, ks in enumerate(self.group_pairs)]

    def explore(self, caps: np.ndarray, max_states: int) -> tuple[np.ndarray, sp.csr_matrix]:
        """The reachable states (one row each) and the generator of the chain with queue caps ``caps``:
        :func:`._ctmc.explore` of :meth:`moves_with`, compiled (:mod:`.multiskill_kernel`: the same states,
        order and rates), or run in Python where a state's code would not fit in 62 bits. Raises
        :class:`._ctmc.TooManyStates` past ``max_states`` states."""
        radix = [int(self.agents[g]) + 1 for _, g in self.pairs] + [int(c) + 1 for c in caps]
        if math.prod(radix) >= 2**62:
            return self.explore_in_python(caps, max_states)
        table, rows, cols, rates, n = enumerate_states(
            *self.packed, np.asarray(caps, dtype=np.int64), np.asarray(radix, dtype=np.int64), max_states
        )
        if n < 0:
            raise _ctmc.TooManyStates
        return table, _ctmc.generator(rows, cols, rates, n)

    def explore_in_python(self, caps: np.ndarray, max_states: int) -> tuple[np.ndarray, sp.csr_matrix]:
        """:meth:`explore` by :func:`._ctmc.explore` of :meth:`moves_with` (the reference the compiled
        enumeration is checked against, and its fallback)."""
        states, q = _ctmc.explore(self.start, self.moves_with(caps), max_states)
        return np.asarray(states, dtype=np.int64), q

    def moves_with(self, caps: np.ndarray) -> _ctmc.Moves:
        lam, mu, theta = self.lam.tolist(), self.mu, self.theta.tolist()
        caps_l = caps.tolist()
        npairs, pair_index, routes, prios = self.n_pairs, self.pair_index, self.routes, self.prios
        rates = [float(mu[i, g]) for i, g in self.pairs]

        def moves(state: tuple[int, ...]) -> Iterable[tuple[float, tuple[int, ...]]]:
            idle = self.idle(state)
            out = []
            for i in range(self.n_types):
                if lam[i] > 0.0:
                    nxt = list(state)
                    for g in routes[i]:
                        if idle[g] > 0:
                            nxt[pair_index[(i, g)]] += 1
                            break
                    else:
                        nxt[npairs + i] += 1
                    if nxt[npairs + i] <= caps_l[i]:  # an arrival finding its queue at the truncation cap is dropped
                        out.append((lam[i], tuple(nxt)))
                waiting = state[npairs + i]
                if waiting and theta[i] > 0.0:
                    nxt = list(state)
                    nxt[npairs + i] -= 1
                    out.append((waiting * theta[i], tuple(nxt)))
            for k, (_, g) in enumerate(self.pairs):
                busy = state[k]
                if not busy:
                    continue
                nxt = list(state)
                nxt[k] -= 1
                for j in prios[g]:
                    if state[npairs + j]:
                        nxt[npairs + j] -= 1
                        nxt[pair_index[(j, g)]] += 1
                        break
                out.append((busy * rates[k], tuple(nxt)))
            return out

        return moves

    def metrics(self, pi: np.ndarray, table: np.ndarray, caps: np.ndarray, mass: np.ndarray) -> MultiSkillMetrics:
        busy = table[:, : self.n_pairs].astype(float)
        queues = table[:, self.n_pairs :].astype(float)
        mean_busy = pi @ busy
        queue_length = pi @ queues
        served = np.zeros((self.n_types, self.agents.size))
        in_service = np.zeros(self.agents.size)
        for k, (i, g) in enumerate(self.pairs):
            served[i, g] = mean_busy[k] * self.mu[i, g]
            in_service[g] += mean_busy[k]
        idle = np.stack([self.agents[g] - busy[:, ks].sum(axis=1) for g, ks in enumerate(self.group_pairs)], axis=1)
        p_wait = np.array([pi[np.all(idle[:, route] == 0, axis=1)].sum() for route in self.routes])
        with np.errstate(invalid="ignore", divide="ignore"):
            asa = np.where(self.lam > 0, queue_length / self.lam, 0.0)
            p_abandon = np.where(self.lam > 0, self.theta * queue_length / self.lam, 0.0)
            occupancy = np.where(self.agents > 0, in_service / self.agents, 0.0)
        return MultiSkillMetrics(
            p_wait=p_wait,
            asa=asa,
            queue_length=queue_length,
            p_abandon=p_abandon,
            throughput=served.sum(axis=1),
            occupancy=occupancy,
            served=served,
            queue_caps=caps.copy(),
            boundary_mass=mass,
            states=int(pi.size),
        )


def _vector(
    name: str, value: Any, size: int | None = None, *, low_open: bool = False, allow_inf: bool = False
) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(name, value, "a sequence of numbers") from None
    if arr.ndim != 1 or arr.size == 0 or (size is not None and arr.size != size):
        want = f"{size} numbers (one per contact type)" if size is not None else "a non-empty sequence of numbers"
        raise InputError(name, value, want)
    bad = np.isnan(arr) | (arr <= 0 if low_open else arr < 0) | (np.isinf(arr) & ~allow_inf)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        kind = "a positive number" if low_open else "a non-negative number"
        raise InputError(f"{name}[{i}]", arr[i].item(), kind + (" (inf allowed)" if allow_inf else " (finite)"))
    return arr


def _counts(name: str, value: Any) -> np.ndarray:
    arr = _vector(name, value)
    bad = arr != np.floor(arr)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{name}[{i}]", arr[i].item(), "a whole number >= 0")
    return arr.astype(np.int64)


def _routing(routing: Any, n_types: int, n_groups: int) -> list[list[int]]:
    if isinstance(routing, str) or not isinstance(routing, Sequence) or len(routing) != n_types:
        raise InputError("routing", routing, f"a sequence of {n_types} group lists (one per contact type)")
    routes = []
    for i, route in enumerate(routing):
        ok = isinstance(route, Sequence) and not isinstance(route, str) and len(route) > 0
        ok = ok and all(
            isinstance(g, int | np.integer) and not isinstance(g, bool) and 0 <= g < n_groups for g in route
        )
        if not ok or len(set(route)) != len(route):
            raise InputError(
                f"routing[{i}]",
                route,
                f"a non-empty list of distinct group numbers in 0..{n_groups - 1}, most preferred first",
            )
        routes.append([int(g) for g in route])
    return routes


def _handle_times(value: Any, routes: list[list[int]], n_types: int, n_groups: int) -> np.ndarray:
    try:
        h = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError("handle_times", value, f"a {n_types} × {n_groups} table of numbers") from None
    if h.shape != (n_types, n_groups):
        raise InputError("handle_times", value, f"a {n_types} × {n_groups} table (types × groups)")
    for i, route in enumerate(routes):
        for g in route:
            if not (np.isfinite(h[i, g]) and h[i, g] > 0):
                raise InputError(
                    f"handle_times[{i}][{g}]", h[i, g].item(), "a positive finite number (group g serves type i)"
                )
    return h


def _priorities(value: Any, routes: list[list[int]], n_types: int, n_groups: int) -> list[list[int]]:
    served = [sorted((route.index(g), i) for i, route in enumerate(routes) if g in route) for g in range(n_groups)]
    default = [[i for _, i in pairs] for pairs in served]
    if value is None:
        return default
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != n_groups:
        raise InputError("group_priorities", value, f"a sequence of {n_groups} type lists (one per group)")
    out = []
    for g, order in enumerate(value):
        ok = isinstance(order, Sequence) and not isinstance(order, str)
        ok = ok and all(isinstance(i, int | np.integer) and not isinstance(i, bool) for i in order)
        if not ok or sorted(order) != sorted(default[g]) or len(set(order)) != len(order):
            raise InputError(
                f"group_priorities[{g}]",
                order,
                f"the types whose routing includes group {g}, {sorted(default[g])}, in order",
            )
        out.append([int(i) for i in order])
    return out
