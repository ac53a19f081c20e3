"""Staffing a multi-skill service desk for one interval: the cheapest agent groups that meet every contact
type's targets, by simulation-based optimisation with common random numbers.

The method follows Cezik & L'Ecuyer (2008), "Staffing multiskill call centers via linear programming and
simulation", Management Science 54(2):310–323: the performance of a staffing vector y (whole agents per
group) is known only through an **oracle** — a simulation, or any function — and the problem solved is
its sample-average version (every staffing vector judged on the same random numbers):

    minimise   c · y
    subject to g_k(y) ≥ l_k     for every constraint k (one per contact type and target)
               lower ≤ y ≤ upper,  y whole

where c_g is the cost of one agent of group g and g_k a metric written so that larger is better:
the service level (≥ the target), minus the mean wait (≥ −max_asa), minus P(abandon) (≥ −max_abandon).

**Algorithm.**

1. *Start*: an integer programme (HiGHS through :func:`scipy.optimize.milp`) over y alone — with a
   :class:`FluidBound` its capacity constraints: every type's least served share must fit in the agents
   that can serve it, Σ_g x_ig ≥ s_i and Σ_i λ_i h_ig x_ig ≤ y_g (x_ig the share of type i served by
   group g). In steady state busy agents cannot exceed agents, so this is a lower bound on any staffing
   that meets the targets, whatever the model behind the oracle (the fluid bound of the multi-skill
   literature, e.g. Harrison & Zeevi 2005, "A method for staffing large call centers based on stochastic
   fluid models", M&SOM 7(1):20–36).
2. *Cutting planes*: evaluate the integer programme's solution y⁰. If it meets every constraint, stop. Else
   evaluate y⁰ + e_g for each group (the same seed, so differences are not swamped by noise) and, for each
   violated constraint, add the cut g_k(y⁰) + q·(y − y⁰) ≥ l_k with the forward differences
   q_g = max(0, g_k(y⁰ + e_g) − g_k(y⁰)) — a valid cut when g_k is concave and non-decreasing in y
   (Cezik & L'Ecuyer). Where concavity fails (far below the target, service level is flat, then steep),
   a cut may exclude a cheaper feasible staffing. After each round every cut is checked against every
   staffing evaluated on the sample, and dropped if it excludes one seen to be feasible or its plane lies
   below a value seen (a concave function never lies above its tangent plane). Every staffing y⁰ seen to
   miss a target also gives a "no-good" cut, *some group has more agents than in y⁰*, valid when more
   agents never worsen any type; it is left out where a staffing seen to be feasible has no more agents
   in any group than y⁰ (this sample shows the premise failing there), and kept only for the staffings
   not below another one's (whose cut implies theirs). The no-good cuts leave a union of orthants, given
   to the integer programme in a form whose relaxation is its convex hull (:meth:`_Cuts.solve`), or, when
   that form would need more than :data:`MAX_CORNERS` binaries (their number grows as a power of the
   no-good points, the groups being the exponent), one disjunction per point. Then y⁰ is *repaired*: an
   agent at a time is added where the forward differences promise most of the shortfall per unit cost,
   until every constraint is met (a feasible staffing, which bounds the cost from above) or the cost
   reaches the cheapest feasible staffing seen (without the repair, on desks of five groups and more the
   search spent its oracle calls without seeing a feasible staffing below the upper one). Solve
   again. The cheapest staffing seen to be feasible so far is kept, and the loop stops when the integer
   programme cannot beat it; so y⁰ never comes back (its no-good cut excludes it, or a feasible staffing
   seen below it costs no more and the loop stops), and the loop ends within the box. The cutting planes
   spend at most :data:`CUTTING_SHARE` of the oracle calls; the rest is the clean-up's.
3. *Clean-up* (in the spirit of their local-search heuristics): from the best feasible staffing,
   remove the one agent whose removal saves most while every constraint stays met, until none can go;
   then try swaps that save money — one-for-one to a cheaper group (y − e_i + e_j with c_j < c_i), and
   two agents of a group for one of another group costing less than the two (y − 2e_i + e_j with
   c_j < 2c_i: a cross-trained agent replacing two specialists) — and remove again after a swap. When
   every such move of the plan was evaluated and fails, the plan is reported as ``minimality_checked``
   (a local minimum in that neighbourhood). The cutting planes stop after :data:`MAX_ROUNDS` rounds
   (their integer programmes slow down as no-good cuts accumulate); the clean-up then starts from the
   cheapest feasible staffing seen, and the plan has no lower bound. The integer programme's last value is a lower
   bound on the cost when the cuts are valid (concave metrics); ``plan.cost == plan.lower_bound`` then
   proves optimality for the sample problem when the metrics are concave where it matters; the check in
   step 2 catches the non-concavity it has evidence of, not all of it.

**Sample size.** The search uses one sample (``replications`` and ``seed``). A constraint counts as met
(``rule="estimate"``) when its estimate meets it, or (``rule="bound"``) when its one-sided confidence
bound at ``confidence`` does (estimate − z·stderr ≥ target for a service level, estimate + z·stderr ≤
limit for a wait or abandonment; z the normal quantile). The chosen plan is then estimated on an
independent sample (``seed + 1``), whose estimates and intervals are reported (the search sample's
values at the chosen plan are biased in its favour). If that sample breaks the rule, the replications are
doubled and the search repeated, up to ``max_replications``; otherwise a note says so.

**The oracle.** A callable ``oracle(staff, replications, seed)`` — ``staff`` an integer array of agents
per group, length G — returning a mapping from metric name to :class:`MetricEstimate` (the mean and
standard error per contact type, arrays of length I) for the metrics the targets use:
``"service_level"`` (share of type-i contacts answered within that type's ``answer_within``),
``"asa"`` (mean wait over all arrivals, seconds) and ``"p_abandon"``. With the same seed the oracle must
use common random numbers across staffing vectors (the same arrival, handle-time and patience streams):
the finite differences above compare two staffing vectors on the same sample. A deterministic function
(an exact Markov model) is an oracle whose standard errors are 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import LinearConstraint, milp
from scipy.stats import norm

from .. import checks
from ..errors import InputError
from ..model import ServiceTarget

METRICS = ("service_level", "asa", "p_abandon")
"""Metric names an oracle returns: share answered within the target time, mean wait (seconds), P(abandon)."""
RULES = ("estimate", "bound")
"""Sample-size rules: the estimate meets each constraint, or its one-sided confidence bound does."""
MAX_ORACLE_CALLS = 2000
"""Default budget of oracle calls (distinct staffing vector, replications and seed) for one search."""
_TOLERANCE = 1e-9
"""Slack in comparisons of costs and cut values (floating point of the integer programme)."""


@dataclass(frozen=True)
class MetricEstimate:
    """An oracle's estimate of one metric for every contact type: ``mean`` and ``stderr`` (its standard
    error; 0 for an exact oracle), arrays of length I in the metric's unit."""

    mean: np.ndarray
    stderr: np.ndarray


class DeskOracle(Protocol):
    """Performance of a staffing vector: ``oracle(staff, replications, seed) -> {metric: MetricEstimate}``
    (see the module docstring for the metrics, units and the common-random-numbers requirement)."""

    def __call__(self, staff: np.ndarray, replications: int, seed: int) -> Mapping[str, MetricEstimate]: ...


@dataclass(frozen=True)
class FluidBound:
    """Capacity that any staffing meeting the targets needs (step 1 of the module docstring).

    ``workload``: I × G, λ_i·h_ig, the agents group g would keep busy if it served every type-i contact
    (Erlangs; NaN where g does not serve i). ``served_share``: per type, the least share of its
    contacts that must be served (1 when the type has a target and nobody abandons; 0 without a target).
    """

    workload: np.ndarray
    served_share: np.ndarray


def fluid_bound(
    arrival_rates: Sequence[float], handle_times: Any, targets: Sequence[ServiceTarget | None], patience: Any = math.inf
) -> FluidBound:
    """The :class:`FluidBound` of a desk with exponential patience.

    Parameters
    ----------
    arrival_rates:
        Contacts per second of each type, λ_i ≥ 0 (length I).
    handle_times:
        I × G mean handle times h_ig, seconds; NaN where group g does not serve type i.
    targets:
        Per type, its :class:`~svcdesign.model.ServiceTarget` (or ``None``).
    patience:
        Mean patience per type, seconds (a number for all types, or length I); ``inf``: nobody abandons.

    Returns
    -------
    FluidBound
        Served share s_i = 0 for a type without a target (nothing need be served, within the interval or
        ever); else 1 without patience, or 1 − ``max_abandon``, or 1 − ``max_asa``/patience (with
        exponential patience P(abandon) = mean wait / mean patience, Garnett, Mandelbaum & Reiman 2002,
        "Designing a call center with impatient customers", M&SOM 4(3):208–227), the larger of the two;
        0 when neither limit is set.
    """
    lam = np.asarray(arrival_rates, dtype=float)
    h = np.asarray(handle_times, dtype=float)
    if lam.ndim != 1 or not np.all(np.isfinite(lam) & (lam >= 0)):
        raise InputError("arrival_rates", arrival_rates, "finite contacts per second >= 0, one per type")
    if h.ndim != 2 or h.shape[0] != lam.size or np.any(h <= 0) or np.any(np.isinf(h)):
        raise InputError("handle_times", handle_times, f"{lam.size} rows of positive seconds (NaN: not served)")
    if len(targets) != lam.size:
        raise InputError("targets", len(targets), f"one target (or None) per type: {lam.size}")
    pat = np.broadcast_to(np.asarray(patience, dtype=float), lam.shape)
    if not np.all(pat > 0):
        raise InputError("patience", patience, "positive seconds (inf: nobody abandons)")
    share = np.zeros(lam.size)
    for i, target in enumerate(targets):
        if target is None:
            continue
        if math.isinf(pat[i]):
            share[i] = 1.0
        else:
            limits = [1.0 - target.max_abandon] if target.max_abandon is not None else []
            limits += [1.0 - target.max_asa / pat[i]] if target.max_asa is not None else []
            share[i] = max([0.0, *limits])
    return FluidBound(workload=lam[:, None] * h, served_share=share)


@dataclass(frozen=True, eq=False)
class DeskStaffingPlan:
    """The cheapest staffing found for one interval of a multi-skill desk.

    ``agents``: whole agents per group; ``cost``: c · agents (the unit of ``costs``); ``groups``: agents and
    cost per group; ``estimates``: per constraint, the target, the estimate on the independent check sample,
    its standard error, the two-sided interval at ``confidence`` and whether it is met under ``rule``;
    ``oracle_calls``: distinct oracle evaluations; ``replications``: the sample size that was used;
    ``minimality_checked``: every removal and money-saving swap of the clean-up was evaluated and fails;
    ``lower_bound``: the last integer programme's cost, a lower bound when the metrics are concave in
    staffing (``None`` when there was none, or when it exceeds the plan's cost, which shows a cut was
    invalid); ``notes``.
    """

    agents: np.ndarray
    cost: float
    groups: pd.DataFrame
    estimates: pd.DataFrame
    oracle_calls: int
    replications: int
    rule: str
    confidence: float
    minimality_checked: bool
    lower_bound: float | None
    notes: list[str] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        """Whether every constraint is met on the check sample under ``rule``."""
        return bool(self.estimates["met"].all())

    @property
    def proved(self) -> bool:
        """Whether the lower bound reaches the cost: no cheaper staffing meets the targets on the search
        sample (given the premises of the cuts kept, see the module docstring)."""
        return self.lower_bound is not None and self.lower_bound >= self.cost - _TOLERANCE * max(1.0, abs(self.cost))

    def __repr__(self) -> str:
        minimal = "checked" if self.minimality_checked else "not checked"
        bound = "none" if self.lower_bound is None else f"{self.lower_bound:g}"
        lines = [
            f"DeskStaffingPlan: cost {self.cost:g}, {int(self.agents.sum())} agents; lower bound {bound}; "
            f"{self.oracle_calls} oracle calls, {self.replications} replications, rule {self.rule!r}; "
            f"minimality {minimal}",
            self.groups.to_string(),
            self.estimates.to_string(float_format=lambda x: f"{x:.4g}"),
            *self.notes,
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class _Constraint:
    """One constraint g ≥ level with g = sign × metric (sign −1 for an upper limit)."""

    type_index: int
    metric: str
    sign: float
    level: float
    target: float


@dataclass(frozen=True)
class _Cut:
    """A cut q·y ≥ rhs for constraint ``k`` from its value ``g0`` at ``y0``."""

    k: int
    g0: float
    q: np.ndarray
    y0: np.ndarray
    rhs: float


MAX_CORNERS = 2000
"""Most corners of the no-good cuts' union written with one binary each (:meth:`_Cuts.solve`); beyond them one
disjunction per no-good point (:meth:`_Cuts._solve_by_points`)."""
CUTTING_SHARE = 0.75
"""Share of the budget of oracle calls the cutting planes may spend; the rest is the clean-up's."""
MAX_ROUNDS = 1000
"""Default most rounds of the cutting planes (each solves an integer programme, slower as no-good cuts accumulate)
before the search goes on to the clean-up from the cheapest feasible staffing seen."""


class _TooManyRounds(Exception):
    """The cutting planes ran their most rounds (``calls`` false) or their share of the oracle calls (``calls``
    true); ``best`` is the cheapest feasible staffing seen."""

    def __init__(self, best: np.ndarray, *, calls: bool = False) -> None:
        super().__init__()
        self.best, self.calls = best, calls


class _OutOfCalls(Exception):
    """The budget of oracle calls is spent."""


class _Judge:
    """The oracle, cached, with the sample-size rule: effective g per constraint and feasibility."""

    def __init__(self, oracle: DeskOracle, constraints: list[_Constraint], n_types: int, z: float, budget: int):
        self.oracle, self.constraints, self.n_types, self.z, self.budget = oracle, constraints, n_types, z, budget
        self.cache: dict[tuple[tuple[int, ...], int, int], Mapping[str, MetricEstimate]] = {}

    @property
    def calls(self) -> int:
        return len(self.cache)

    def estimate(self, y: np.ndarray, n: int, seed: int, *, check: bool = False) -> Mapping[str, MetricEstimate]:
        """The oracle's estimates (cached); beyond the budget only for the check sample (``check``)."""
        key = (tuple(int(v) for v in y), n, seed)
        if key not in self.cache:
            if len(self.cache) >= self.budget and not check:
                raise _OutOfCalls
            self.cache[key] = _checked_estimates(self.oracle(np.array(key[0], dtype=np.int64), n, seed), self.n_types)
        return self.cache[key]

    def g(self, y: np.ndarray, n: int, seed: int, *, check: bool = False) -> np.ndarray:
        """Per constraint, sign × metric made conservative by the rule (−inf where the metric is infinite)."""
        est = self.estimate(y, n, seed, check=check)
        out = np.empty(len(self.constraints))
        for k, c in enumerate(self.constraints):
            m = est[c.metric]
            out[k] = c.sign * m.mean[c.type_index] - (self.z * m.stderr[c.type_index] if self.z else 0.0)
        return np.where(np.isnan(out), -np.inf, out)

    def seen(self, n: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """Every staffing evaluated on this sample, with its values of g."""
        points = [np.array(key[0]) for key in self.cache if key[1:] == (n, seed)]
        return [(y, self.g(y, n, seed)) for y in points]

    def feasible(self, y: np.ndarray, n: int, seed: int, *, check: bool = False) -> bool:
        levels = np.array([c.level for c in self.constraints])
        return bool(np.all(self.g(y, n, seed, check=check) >= levels - _TOLERANCE))


def _checked_estimates(result: Any, n_types: int) -> Mapping[str, MetricEstimate]:
    """The oracle's answer, checked: a mapping of known metrics to estimates of length I, no NaN."""
    checks.mapping("oracle", result, "a mapping of metric name to MetricEstimate")
    for name, est in result.items():
        if name not in METRICS or not isinstance(est, MetricEstimate):
            raise InputError("oracle", name, f"metric names among {list(METRICS)} mapped to MetricEstimate")
        mean, se = np.asarray(est.mean, dtype=float), np.asarray(est.stderr, dtype=float)
        if mean.shape != (n_types,) or se.shape != (n_types,):
            raise InputError(f"oracle[{name!r}]", (mean.shape, se.shape), f"mean and stderr of length {n_types}")
        if np.isnan(mean).any() or np.isnan(se).any() or (se < 0).any():
            raise InputError(f"oracle[{name!r}]", mean.tolist(), "estimates without NaN and standard errors >= 0")
    return result


def staff_desk(
    oracle: DeskOracle,
    targets: Sequence[ServiceTarget | None],
    costs: Sequence[float],
    *,
    upper: Sequence[int],
    lower: Sequence[int] | None = None,
    fluid: FluidBound | None = None,
    replications: int = 1,
    seed: int = 0,
    rule: str = "estimate",
    confidence: float = 0.95,
    max_replications: int | None = None,
    max_oracle_calls: int = MAX_ORACLE_CALLS,
    max_rounds: int = MAX_ROUNDS,
    group_names: Sequence[str] | None = None,
    type_names: Sequence[str] | None = None,
) -> DeskStaffingPlan:
    """The cheapest whole agents per group meeting every contact type's targets (see the module docstring).

    Parameters
    ----------
    oracle:
        ``oracle(staff, replications, seed) -> {metric: MetricEstimate}`` (:class:`DeskOracle`).
    targets:
        Per contact type, a :class:`~svcdesign.model.ServiceTarget` or ``None`` (no constraint): its
        ``service_level`` within ``answer_within`` seconds (when set), ``max_asa`` (seconds) and
        ``max_abandon`` all apply; ``max_occupancy`` is per group and not supported here.
    costs:
        Cost of one agent of each group for the interval (any currency, > 0; length G).
    upper, lower:
        Most and fewest agents per group (whole numbers; ``lower`` default 0). The upper staffing must
        meet every target: it is the first staffing evaluated.
    fluid:
        Capacity constraints for the start (:func:`fluid_bound`); ``None``: start from ``lower``.
    replications, seed:
        Sample size and seed passed to the oracle for the search; ``seed + 1`` is the check sample.
    rule, confidence:
        ``"estimate"`` or ``"bound"`` (the one-sided bound at ``confidence`` must meet each constraint);
        ``confidence`` also sets the reported intervals (two-sided), in (0.5, 1).
    max_replications:
        When the check sample breaks the rule, replications double up to this (default: ``replications``,
        no doubling).
    max_oracle_calls:
        Budget of distinct oracle evaluations for the search; when spent, the best staffing found is
        returned with a note. The upper staffing and each check sample are evaluated beyond it.
    max_rounds:
        Most rounds of cutting planes before the clean-up starts from the best staffing seen (>= 1).
    group_names, type_names:
        Labels for the tables (default ``group 0``…, ``type 0``…).

    Returns
    -------
    DeskStaffingPlan

    Raises
    ------
    InputError
        Naming the argument: bad costs, bounds, targets, rule or sample sizes; an oracle answer of the
        wrong shape or with NaN; ``upper`` when the upper staffing misses a target.
    """
    c = _costs(costs)
    lo, hi = _bounds(lower, upper, c.size)
    constraints = _constraints(targets)
    rule = checks.choice("rule", rule, RULES)
    level = checks.number("confidence", confidence, low=0.5, high=1, low_open=True, high_open=True)
    n, most, budget, seed = _sizes(replications, max_replications, max_oracle_calls, seed)
    rounds = int(checks.number("max_rounds", max_rounds, low=1, integer=True, allowed="a whole number >= 1"))
    _check_fluid(fluid, len(targets), c.size)
    z = float(norm.ppf(level)) if rule == "bound" else 0.0
    judge = _Judge(oracle, constraints, len(targets), z, budget)
    notes: list[str] = []
    while True:
        if not judge.feasible(hi, n, seed, check=True):
            raise InputError("upper", hi.tolist(), f"an upper staffing that meets every target (rule {rule!r})")
        y, bound, checked = _optimise(judge, c, lo, hi, fluid, n, seed, notes, rounds)
        if judge.feasible(y, n, seed + 1, check=True) or 2 * n > most or judge.calls >= budget:
            break
        n *= 2
    return _plan(judge, y, c, n, seed, rule, level, checked, bound, notes, group_names, type_names)


def _sizes(replications: Any, max_replications: Any, max_oracle_calls: Any, seed: Any) -> tuple[int, int, int, int]:
    """Replications, most replications, budget of oracle calls and seed, checked."""
    n = int(checks.number("replications", replications, low=1, integer=True))
    most = (
        n if max_replications is None else int(checks.number("max_replications", max_replications, low=n, integer=True))
    )
    budget = int(checks.number("max_oracle_calls", max_oracle_calls, low=1, integer=True))
    seed = int(checks.number("seed", seed, integer=True))
    return n, most, budget, seed


def _optimise(
    judge: _Judge,
    c: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    fluid: FluidBound | None,
    n: int,
    seed: int,
    notes: list[str],
    rounds: int,
) -> tuple[np.ndarray, float, bool]:
    """Cutting planes then clean-up on one sample: the plan, the integer programme's bound, minimality checked."""
    cuts = _Cuts(c, lo, hi, fluid)
    cuts.feasible.append(hi.copy())
    best, bound = hi.copy(), -math.inf
    try:
        try:
            best, bound = _cutting_planes(judge, cuts, n, seed, rounds)
        except _TooManyRounds as stop:
            best = stop.best
            spent = (
                f"{judge.calls} of the {judge.budget} oracle calls (their share, {CUTTING_SHARE:.0%})"
                if stop.calls
                else f"{rounds} rounds"
            )
            notes.append(
                f"the cutting planes did not close in {spent}: the clean-up started from the cheapest feasible "
                "staffing seen, with no lower bound"
            )
    except _OutOfCalls:
        for seen in cuts.feasible:
            best = seen if c @ seen < c @ best else best
    best, checked = _clean_up(judge, best, c, lo, hi, n, seed)
    if judge.calls >= judge.budget:
        notes.append(
            f"the budget of {judge.budget} oracle calls ran out: the plan is the cheapest feasible staffing reached"
            + ("" if checked else ", its minimality not checked")
        )
    return best, bound, checked


class _Cuts:
    """The integer programme of the module docstring: capacity constraints, cuts and no-good cuts."""

    def __init__(self, c: np.ndarray, lo: np.ndarray, hi: np.ndarray, fluid: FluidBound | None):
        self.c, self.lo, self.hi, self.fluid = c, lo, hi, fluid
        self.linear: list[_Cut] = []
        self.no_good: list[np.ndarray] = []
        self.feasible: list[np.ndarray] = []

    def add(self, k: int, g0: float, q: np.ndarray, y0: np.ndarray, level: float) -> None:
        """The cut q·y ≥ level − g0 + q·y0 for constraint ``k`` (checked by :meth:`prune`); none when g0 is
        infinite (y0 is then excluded by its no-good cut alone)."""
        q = np.maximum(np.nan_to_num(q, nan=0.0, posinf=0.0, neginf=0.0), 0.0)
        if math.isfinite(g0):
            self.linear.append(_Cut(k, g0, q, y0.copy(), level - g0 + q @ y0))

    def prune(self, seen: list[tuple[np.ndarray, np.ndarray]], levels: np.ndarray) -> None:
        """Drop every cut that a staffing seen shows invalid: one known to be feasible that it excludes, or
        one whose value lies above the plane g0 + q·(y − y0), which a concave function never does; then make
        the no-good cuts those of the staffings seen to miss a target (``seen``: staffing and its values of g
        per constraint; ``levels``: the constraints' levels)."""
        kept = []
        for cut in self.linear:
            above = any(values[cut.k] > cut.g0 + cut.q @ (y - cut.y0) + _TOLERANCE for y, values in seen)
            if not (above or any(cut.q @ f < cut.rhs - _TOLERANCE for f in self.feasible)):
                kept.append(cut)
        self.linear = kept
        self.no_good = _no_good_points(seen, levels)

    def solve(self) -> tuple[np.ndarray, float] | None:
        """The integer programme's optimal staffing and cost; ``None`` when it has no solution.

        The no-good cuts leave the staffings with more agents than each no-good point in some group: the
        union, over the least such staffings m (:func:`_corners`), of {y ≥ m}. It is written with one binary
        w_m per corner, y ≥ Σ_m w_m·m and Σ_m w_m = 1, whose linear relaxation is the convex hull of that
        union within the box (the polyhedra share their recession cone: Balas 1998, "Disjunctive
        programming: properties of the convex hull of feasible points", Discrete Applied Mathematics
        89:3–44); HiGHS solves it in about 25 ms where one binary per group and cut took 100–200 ms (57
        no-good cuts, the omnichannel example's Monday 17:00).
        """
        G = self.c.size
        pairs = [] if self.fluid is None else list(zip(*np.nonzero(np.isfinite(self.fluid.workload)), strict=True))
        corners = _corners(self.no_good, self.lo, self.hi)
        if corners is None:
            return self._solve_by_points(pairs)
        if len(corners) == 0:
            return None
        n_w = len(corners) if len(corners) > 1 else 0  # one corner is a lower bound on y, no binary
        n_var = G + len(pairs) + n_w
        rows: list[np.ndarray] = [np.concatenate([cut.q, np.zeros(n_var - G)]) for cut in self.linear]
        lbs: list[float] = [cut.rhs for cut in self.linear]
        ubs: list[float] = [np.inf] * len(rows)
        for row, bound in _capacity_rows(self.fluid, pairs, G, n_var) if self.fluid is not None else []:
            rows.append(row)
            lbs.append(bound)
            ubs.append(np.inf)
        if n_w:
            for g in range(G):  # y_g − Σ_m w_m·m_g ≥ 0
                row = np.zeros(n_var)
                row[g] = 1.0
                row[G + len(pairs) :] = -corners[:, g]
                rows.append(row)
                lbs.append(0.0)
                ubs.append(np.inf)
            row = np.zeros(n_var)
            row[G + len(pairs) :] = 1.0  # Σ_m w_m = 1
            rows.append(row)
            lbs.append(1.0)
            ubs.append(1.0)
        constraints = [LinearConstraint(np.array(rows), lb=np.array(lbs), ub=np.array(ubs))] if rows else []
        integrality = np.concatenate([np.ones(G), np.zeros(len(pairs)), np.ones(n_w)])
        lb = np.concatenate([self.lo if n_w else corners[0], np.zeros(n_var - G)])
        ub = np.concatenate([self.hi, np.full(len(pairs), np.inf), np.ones(n_w)])
        return self._optimum(constraints, integrality, lb, ub)

    def _solve_by_points(self, pairs: list[tuple[Any, Any]]) -> tuple[np.ndarray, float] | None:
        """:meth:`solve` with the no-good cuts one disjunction per point, for when their corners are too many:
        binaries z_pg with y_g ≥ lo_g + (p_g + 1 − lo_g)·z_pg and Σ_g z_pg ≥ 1 (g where p_g < hi_g, the box
        allowing one more agent). Its size grows with points × groups, its relaxation is weaker (one
        disjunction at a time, not their union's hull); the rows are sparse."""
        G, P = self.c.size, len(pairs)
        points = [p for p in self.no_good if np.all(p >= self.lo)]  # one below lo in some group is met already
        grows = [np.flatnonzero(p < self.hi) for p in points]
        if any(g.size == 0 for g in grows):
            return None  # a point at the box's upper end in every group: nothing in the box has more agents
        n_z = sum(g.size for g in grows)
        n_var = G + P + n_z
        dense = [(np.concatenate([cut.q, np.zeros(P)]), cut.rhs) for cut in self.linear]
        if self.fluid is not None:
            dense += _capacity_rows(self.fluid, pairs, G, G + P)
        A = sparse.lil_array((len(dense) + n_z + len(points), n_var))
        lbs = np.empty(A.shape[0])
        for r, (row, bound) in enumerate(dense):
            A[r, : G + P] = row
            lbs[r] = bound
        r, z = len(dense), G + P
        for point, grow in zip(points, grows, strict=True):
            for g in grow:  # y_g − (p_g + 1 − lo_g)·z ≥ lo_g
                A[r, g], A[r, z] = 1.0, -(point[g] + 1.0 - self.lo[g])
                lbs[r], r, z = self.lo[g], r + 1, z + 1
            A[r, z - grow.size : z] = 1.0  # Σ_g z_pg ≥ 1
            lbs[r], r = 1.0, r + 1
        constraints = [LinearConstraint(A.tocsr(), lb=lbs, ub=np.inf)] if A.shape[0] else []
        integrality = np.concatenate([np.ones(G), np.zeros(P), np.ones(n_z)])
        lb = np.concatenate([self.lo, np.zeros(P + n_z)])
        ub = np.concatenate([self.hi, np.full(P, np.inf), np.ones(n_z)])
        return self._optimum(constraints, integrality, lb, ub)

    def _optimum(
        self, constraints: list[LinearConstraint], integrality: np.ndarray, lb: np.ndarray, ub: np.ndarray
    ) -> tuple[np.ndarray, float] | None:
        """HiGHS on the programme: minimise c·y (the other variables cost nothing) within the bounds ``lb``–``ub``
        (y first); its staffing and cost, ``None`` without a solution. No relative gap: the programme's cost is
        reported as a lower bound on the plan's."""
        G = self.c.size
        objective = np.concatenate([self.c, np.zeros(lb.size - G)])
        result = milp(
            objective, constraints=constraints, integrality=integrality, bounds=(lb, ub), options={"mip_rel_gap": 0.0}
        )
        if result.x is None:
            return None
        y = np.round(result.x[:G]).astype(np.int64)
        return y, float(self.c @ y)


def _capacity_rows(
    fluid: FluidBound, pairs: list[tuple[Any, Any]], G: int, n_var: int
) -> list[tuple[np.ndarray, float]]:
    """Fluid capacity as rows ≥ bound: Σ_g x_ig ≥ s_i per type and y_g − Σ_i a_ig x_ig ≥ 0 per group."""
    rows = []
    for i, share in enumerate(fluid.served_share):
        row = np.zeros(n_var)
        for p, (ti, _) in enumerate(pairs):
            row[G + p] = 1.0 if ti == i else 0.0
        rows.append((row, float(share)))
    for g in range(G):
        row = np.zeros(n_var)
        row[g] = 1.0
        for p, (ti, tg) in enumerate(pairs):
            if tg == g:
                row[G + p] = -float(fluid.workload[ti, tg])
        rows.append((row, 0.0))
    return rows


def _no_good_points(seen: list[tuple[np.ndarray, np.ndarray]], levels: np.ndarray) -> list[np.ndarray]:
    """The staffings seen to miss a target whose no-good cuts are needed: those with no feasible staffing
    seen below them (where more agents made things worse on this sample, the cut would not be valid) and
    no other such staffing above them (whose cut implies theirs)."""
    if not seen:
        return []
    points = np.array([y for y, _ in seen])
    missed = np.array([bool(np.any(values < levels - _TOLERANCE)) for _, values in seen])
    below = np.all(points[:, None, :] <= points[None, :, :], axis=2)  # below[a, b]: a ≤ b in every group
    candidate = missed & ~np.any(below & ~missed[:, None], axis=0)
    implied = np.any(below & candidate[None, :] & ~np.eye(len(points), dtype=bool), axis=1)
    return [points[m] for m in np.flatnonzero(candidate & ~implied)]


def _corners(points: list[np.ndarray], lo: np.ndarray, hi: np.ndarray) -> np.ndarray | None:
    """The least staffings in the box [lo, hi] that have more agents than each of ``points`` in some group
    (rows; none when the points cover the box). Built one point at a time: a corner at or below the point is
    replaced by its copies raised to the point's agents + 1 in one group (where the box allows), and those
    at or above another corner are dropped. ``None`` when a step would pass :data:`MAX_CORNERS` (their number
    can grow as a power of the number of points, with the groups as exponent)."""
    corners = lo[None, :].astype(np.int64)
    for point in points:
        below = np.all(corners <= point, axis=1)
        kept = corners[~below]
        grow = np.flatnonzero(point < hi)
        if len(kept) + int(below.sum()) * grow.size > MAX_CORNERS:
            return None
        raised = [np.where(np.arange(lo.size) == g, point[g] + 1, corner) for corner in corners[below] for g in grow]
        if not raised:
            corners = kept
            continue
        new = np.unique(np.array(raised), axis=0)
        known = np.vstack([kept, new])
        under = np.all(known[:, None, :] <= new[None, :, :], axis=2)  # under[a, n]: known[a] ≤ new[n]
        under[len(kept) + np.arange(len(new)), np.arange(len(new))] = False
        corners = np.vstack([kept, new[~under.any(axis=0)]])
    return corners


def _cutting_planes(judge: _Judge, cuts: _Cuts, n: int, seed: int, rounds: int) -> tuple[np.ndarray, float]:
    """Step 2 of the module docstring: the cheapest feasible staffing seen and the integer programme's last cost."""
    levels = np.array([k.level for k in judge.constraints])
    best = cuts.hi.copy()
    bound = -math.inf
    for _ in range(rounds):
        if judge.calls >= CUTTING_SHARE * judge.budget:
            raise _TooManyRounds(best, calls=True)
        solved = cuts.solve()
        if solved is None:  # the cuts (or the fluid bound) exclude every staffing: keep the best seen
            return best, bound
        y, bound = solved
        if bound >= cuts.c @ best - _TOLERANCE:
            return best, bound
        g0 = judge.g(y, n, seed)
        if np.all(g0 >= levels - _TOLERANCE):
            return y, bound
        up = [g for g in range(y.size) if y[g] < cuts.hi[g]]
        q = np.zeros((len(levels), y.size))
        for g in up:
            step = y.copy()
            step[g] += 1
            g1 = judge.g(step, n, seed)
            q[:, g] = g1 - g0
            if np.all(g1 >= levels - _TOLERANCE):
                cuts.feasible.append(step)
                best = step if cuts.c @ step < cuts.c @ best else best
        for k in np.flatnonzero(g0 < levels - _TOLERANCE):
            cuts.add(int(k), float(g0[k]), q[k], y, float(levels[k]))
        repaired = _repair(judge, y, g0, q, levels, cuts.c, cuts.hi, cuts.c @ best, n, seed)
        if repaired is not None:
            cuts.feasible.append(repaired)
            best = repaired
        cuts.prune(judge.seen(n, seed), levels)
    raise _TooManyRounds(best)


def _repair(
    judge: _Judge,
    y: np.ndarray,
    g0: np.ndarray,
    q: np.ndarray,
    levels: np.ndarray,
    c: np.ndarray,
    hi: np.ndarray,
    best: float,
    n: int,
    seed: int,
) -> np.ndarray | None:
    """A feasible staffing near the integer programme's ``y`` costing less than ``best`` (step 2's repair): add
    the agent whose forward differences ``q`` promise the most of the shortfall per unit cost, one at a time,
    until every constraint is met; where no difference promises anything, one agent in every group that can
    grow. ``None`` when the cost reaches ``best`` first."""
    y, g = y.copy(), g0
    while True:
        short = np.maximum(levels - _TOLERANCE - g, 0.0)
        if not short.any():
            return y
        up = y < hi
        gain = np.where(up, np.minimum(q, short[:, None]).sum(axis=0) / c, -np.inf)
        if gain.max() > 0:
            y[int(np.argmax(gain))] += 1
        else:
            y[up] += 1
        if c @ y >= best - _TOLERANCE:
            return None
        g = judge.g(y, n, seed)


def _clean_up(
    judge: _Judge, y: np.ndarray, c: np.ndarray, lo: np.ndarray, hi: np.ndarray, n: int, seed: int
) -> tuple[np.ndarray, bool]:
    """Step 3 of the module docstring: removals, then swaps that save money — one agent for one of a cheaper
    group, two agents for one of any group costing less than the two — until none helps, or until the oracle
    calls run out (the cheapest staffing reached so far, not checked)."""
    while True:
        moves: list[tuple[float, int, int, int | None]] = []  # (saving, agents removed, from group, to group)
        for i in range(y.size):
            if y[i] > lo[i]:
                moves.append((c[i], 1, i, None))
                moves += [(c[i] - c[j], 1, i, j) for j in range(y.size) if c[j] < c[i] - _TOLERANCE and y[j] < hi[j]]
            if y[i] > lo[i] + 1:
                moves += [
                    (2 * c[i] - c[j], 2, i, j)
                    for j in range(y.size)
                    if j != i and c[j] < 2 * c[i] - _TOLERANCE and y[j] < hi[j]
                ]
        moves.sort(key=lambda m: (m[3] is not None, -m[0]))  # removals first, largest saving first
        for _, k, i, j in moves:
            trial = y.copy()
            trial[i] -= k
            if j is not None:
                trial[j] += 1
            try:
                if judge.feasible(trial, n, seed):
                    y = trial
                    break
            except _OutOfCalls:
                return y, False
        else:
            return y, True


def _plan(
    judge: _Judge,
    y: np.ndarray,
    c: np.ndarray,
    n: int,
    seed: int,
    rule: str,
    level: float,
    checked: bool,
    bound: float,
    notes: list[str],
    group_names: Sequence[str] | None,
    type_names: Sequence[str] | None,
) -> DeskStaffingPlan:
    """The :class:`DeskStaffingPlan` of ``y``, with its estimates on the check sample (``seed + 1``)."""
    groups = _names("group_names", group_names, c.size, "group")
    types = _names("type_names", type_names, judge.n_types, "type")
    est = judge.estimate(y, n, seed + 1, check=True)
    half = float(norm.ppf(0.5 + level / 2))
    rows = []
    for k in judge.constraints:
        m = est[k.metric]
        mean, se = float(m.mean[k.type_index]), float(m.stderr[k.type_index])
        met = bool(judge.g(y, n, seed + 1, check=True)[judge.constraints.index(k)] >= k.level - _TOLERANCE)
        rows.append((types[k.type_index], k.metric, k.target, mean, se, mean - half * se, mean + half * se, met))
    columns = ["type", "metric", "target", "estimate", "stderr", "low", "high", "met"]
    table = pd.DataFrame(rows, columns=columns)
    if not table["met"].all():
        notes.append(f"the check sample (seed {seed + 1}, {n} replications) misses a target: more replications needed")
    lower_bound: float | None = bound if math.isfinite(bound) else None
    if lower_bound is not None and lower_bound > c @ y + _TOLERANCE:
        notes.append(
            f"the integer programme's value {lower_bound:g} exceeds the plan's cost: a cut excluded cheaper "
            "feasible staffing (metrics not concave there), so it is no lower bound"
        )
        lower_bound = None
    elif lower_bound is not None and c @ y > lower_bound + _TOLERANCE:
        notes.append(f"cost {c @ y:g} above the lower bound {lower_bound:g}: the plan may not be the cheapest")
    frame = pd.DataFrame({"group": groups, "agents": y, "cost_per_agent": c, "cost": c * y}).set_index("group")
    return DeskStaffingPlan(
        agents=y,
        cost=float(c @ y),
        groups=frame,
        estimates=table,
        oracle_calls=judge.calls,
        replications=n,
        rule=rule,
        confidence=level,
        minimality_checked=checked,
        lower_bound=lower_bound,
        notes=notes,
    )


def _costs(costs: Sequence[float]) -> np.ndarray:
    values = list(costs) if isinstance(costs, Sequence | np.ndarray) and not isinstance(costs, str) else None
    if not values:
        raise InputError("costs", costs, "a cost per agent for each group (at least one group)")
    return np.array([checks.number(f"costs[{g}]", v, low=0, low_open=True) for g, v in enumerate(values)])


def _bounds(lower: Sequence[int] | None, upper: Sequence[int], size: int) -> tuple[np.ndarray, np.ndarray]:
    def whole(name: str, values: Any) -> np.ndarray:
        if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray) or len(values) != size:
            raise InputError(name, values, f"{size} whole numbers of agents, one per group")
        return np.array([checks.number(f"{name}[{g}]", v, low=0, integer=True) for g, v in enumerate(values)])

    hi = whole("upper", upper)
    lo = np.zeros(size, dtype=np.int64) if lower is None else whole("lower", lower)
    if np.any(lo > hi):
        raise InputError("lower", lo.tolist(), f"at most the upper bounds {hi.tolist()}")
    return lo.astype(np.int64), hi.astype(np.int64)


def _constraints(targets: Sequence[ServiceTarget | None]) -> list[_Constraint]:
    if isinstance(targets, str) or not isinstance(targets, Sequence) or not targets:
        raise InputError("targets", targets, "a ServiceTarget (or None) per contact type")
    out = []
    for i, t in enumerate(targets):
        if t is None:
            continue
        checks.instance(f"targets[{i}]", t, ServiceTarget, "a ServiceTarget or None")
        if t.max_occupancy is not None:
            raise InputError(f"targets[{i}].max_occupancy", t.max_occupancy, "None: occupancy is per group")
        if t.service_level is not None:
            out.append(_Constraint(i, "service_level", 1.0, t.service_level, t.service_level))
        if t.max_asa is not None:
            out.append(_Constraint(i, "asa", -1.0, -t.max_asa, t.max_asa))
        if t.max_abandon is not None:
            out.append(_Constraint(i, "p_abandon", -1.0, -t.max_abandon, t.max_abandon))
    if not out:
        raise InputError("targets", targets, "at least one target with a service level, max_asa or max_abandon")
    return out


def _check_fluid(fluid: Any, n_types: int, n_groups: int) -> None:
    if fluid is None:
        return
    checks.instance("fluid", fluid, FluidBound, "a FluidBound (fluid_bound(...)) or None")
    if np.shape(fluid.workload) != (n_types, n_groups) or np.shape(fluid.served_share) != (n_types,):
        raise InputError("fluid", np.shape(fluid.workload), f"a workload of {n_types} types × {n_groups} groups")


def _names(name: str, given: Sequence[str] | None, size: int, stem: str) -> list[str]:
    if given is None:
        return [f"{stem} {k}" for k in range(size)]
    if isinstance(given, str) or len(given) != size or not all(isinstance(s, str) for s in given):
        raise InputError(name, given, f"{size} names")
    return list(given)
