"""Optimised staffing: the cheapest staff that meets the targets, or the best service a budget buys.

:func:`optimise_staffing` — the fewest agents per stage and interval that meet every service target
(service level, ASA, abandonment, occupancy). In a chain the stages interact: a stage's arrivals
depend on how many contacts upstream stages answer (abandoners leave) and on repeats and follow-ups
coming back. So the staffing is found by fixed-point iteration (the analytic engine; docs/background/staffing.md):

1. evaluate the current staffing (traffic equations → flows at every stage and interval);
2. set each stage's agents in each interval to the fewest that meet its targets *given those flows*
   (:func:`svcdesign.formulas.queueing.required_agents`, integer agents, Erlang A/C);
3. repeat until the staffing no longer changes.

At the fixed point every stage and interval meets its targets with the flows that staffing produces,
and one agent fewer in any (live) interval breaks a target there. Agents are whole; paid staff on shift
= agents ÷ (1 − shrinkage) (docs/background/staffing.md), so paid staff may be fractional: :mod:`.shifts`
turns it into whole shifts. Deferred stages (email, referrals) are pooled over the week by the engine: their
requirement is a weekly mean (continuous), applied by scaling the stage's current staffing profile.

:func:`optimise_budget` — the split of staff between stages that maximises satisfaction (or service
level) within a weekly budget. Each stage's staffing profile moves up or down by whole steps (``step``
staff added to every interval, or ``step`` × the profile); cost is linear in the steps. Search:
greedy marginal gain per unit cost (remove the least harmful step while over budget, add the most
useful affordable step), then pairwise exchanges (one step more at one stage paid for by fewer at
another) until no move improves the objective — a local optimum; ``method="exhaustive"`` enumerates
every affordable allocation that spends the budget as fully as whole steps allow (all but the last
stage enumerated, the last filled up to the budget: exact when the objective rises with staff).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import checks
from ..engines.analytic import evaluate
from ..errors import InputError
from ..model import Scenario
from ..model.compiled import ScenarioArrays, expand
from ..results import Results, period_label
from .outcomes import CUSTOMER_OUTCOMES, CustomerHook, CustomerModel, customer_model, label, outcome, sense
from .runs import _bar

MAX_ROUNDS = 50
"""Upper bound on fixed-point rounds of :func:`optimise_staffing` (each round is one evaluation)."""
AGENT_TOLERANCE = 1e-9
"""Agents are equal when they differ by less than this (staff × (1 − shrinkage) in floating point)."""
DEFERRED_TOLERANCE = 1e-6
"""Relative change of a deferred stage's (continuous, weekly) requirement below which it has settled:
the traffic equations converge to 1e-9, so the requirement moves in the last digits only."""

_TARGET_FIELDS = ("answer_within", "service_level", "max_asa", "max_abandon", "max_occupancy")


# ------------------------------------------------------------------------------ min-cost staffing
@dataclass(frozen=True, eq=False)
class StaffingPlan:
    """The cheapest staffing meeting the targets.

    ``scenario``: the input scenario with the optimised stages' staff as per-interval lists (one
    value per interval of the week, ``staff_adjustment`` 0); ``results``: its evaluation; ``table``:
    per stage and interval (arrivals, agents, paid staff, service level, abandonment, ASA, occupancy);
    ``summary``: per stage, staff hours and cost before and after; ``cost``/``cost_before``: weekly
    staff cost; ``rounds``: fixed-point rounds; ``notes``: anything the user should know.
    """

    scenario: Scenario
    results: Results
    table: pd.DataFrame
    summary: pd.DataFrame
    cost: float
    cost_before: float
    rounds: int
    stages: list[str]
    notes: list[str] = field(default_factory=list)

    def requirement(self, stage: str) -> np.ndarray:
        """Paid staff on shift required in each interval of the week at ``stage`` (for :mod:`.shifts`)."""
        if stage not in self.stages:
            raise InputError("stage", stage, f"an optimised stage: {self.stages}")
        rows = self.table[self.table["stage"] == stage]
        return rows["staff"].to_numpy(dtype=float)


def optimise_staffing(
    scenario: Scenario,
    *,
    targets: Mapping[str, Any] | None = None,
    stages: Sequence[str] | None = None,
    week: int | None = None,
    max_rounds: int = MAX_ROUNDS,
) -> StaffingPlan:
    """The fewest agents per stage and interval meeting every service target (see the module docstring).

    Parameters
    ----------
    scenario:
        The service operation; its current staffing is the starting point of the iteration.
    targets:
        Service targets for every optimised stage, replacing their own and the default, e.g.
        ``{"answer_within": 20, "service_level": 0.8, "max_abandon": 0.05}`` (fields of
        :class:`~svcdesign.model.ServiceTarget`: seconds and shares). Default: the scenario's targets.
    stages:
        Stages to staff (default all); the others keep their staffing.
    week:
        ISO week whose seasonal peaks apply (``None``: a typical week).
    max_rounds:
        Most fixed-point rounds (evaluations) before the last round is returned with a note.
    """
    checks.instance("scenario", scenario, Scenario, "a svcdesign Scenario")
    names = scenario.stage_names
    chosen = checks.names("stages", stages, names, allowed=f"stage names of the scenario: {names}")
    max_rounds = int(checks.number("max_rounds", max_rounds, low=1, integer=True, allowed="a whole number >= 1"))
    work, notes = _with_targets(scenario, targets, chosen) if targets else (scenario, [])
    x = expand(work, week)
    index = [names.index(s) for s in chosen]
    without = [
        names[i]
        for i in index
        if all(np.isnan(v[i]) for v in (x.target_level, x.max_asa, x.max_abandon, x.max_occupancy))
    ]
    if without:
        notes.append(f"stages {without} have no service target: their staffing is kept")
        index = [i for i in index if names[i] not in without]
    before = _evaluate(scenario, week)
    start = before if work is scenario else _evaluate(work, week)
    work, results, rounds = _fixed_point(work, start, x, index, week, max_rounds, notes)
    return _staffing_plan(scenario, work, before, results, x, index, rounds, notes)


def _fixed_point(
    work: Scenario,
    results: Results,
    x: ScenarioArrays,
    index: list[int],
    week: int | None,
    max_rounds: int,
    notes: list[str],
) -> tuple[Scenario, Results, int]:
    """Staff the stages ``index`` to what their flows need until the staffing settles (steps 1–3 of the
    module docstring): the staffed scenario, its results and the rounds taken; notes of non-convergence
    and cycles are appended to ``notes``."""
    names = x.stages
    seen: dict[bytes, int] = {}
    history: list[np.ndarray] = []
    rounds = 0
    cycled = False
    live = [k for k, i in enumerate(index) if not x.deferred[i]]
    pooled = [k for k, i in enumerate(index) if x.deferred[i]]
    while True:
        rounds += 1
        if rounds > 1:
            results = _evaluate(work, week)
        agents = _per_period(results, "agents", names)[index]
        need = _per_period(results, "required_agents", names)[index]
        _check_reachable(work, x, index, need, results)
        settled = np.all(np.abs(agents[live] - need[live]) <= AGENT_TOLERANCE * np.maximum(1.0, need[live])) and np.all(
            np.abs(agents[pooled].mean(1) - need[pooled].mean(1))
            <= DEFERRED_TOLERANCE * np.maximum(1.0, need[pooled].mean(1))
        )
        if settled:
            return work, results, rounds
        if rounds >= max_rounds:
            notes.append(
                f"the staffing had not settled after {max_rounds} rounds; the last round is shown and may "
                "miss a target where flows still moved"
            )
            return work, results, rounds
        key = np.round(need, 6).tobytes()
        if key in seen:  # a cycle: take the larger staffing of the states in it (more staff never hurts a target)
            need = np.max(np.stack(history[seen[key] :] + [need]), axis=0)
            if not cycled:
                notes.append("the iteration cycled; the larger staffing of the cycle was taken and iterated further")
            cycled = True
            seen.clear()
        seen[key] = len(history)
        history.append(need.copy())
        work = _apply(work, x, index, need)


def _staffing_plan(
    scenario: Scenario,
    work: Scenario,
    before: Results,
    results: Results,
    x: ScenarioArrays,
    index: list[int],
    rounds: int,
    notes: list[str],
) -> StaffingPlan:
    """The :class:`StaffingPlan` of the settled staffing ``work`` (``before``: the scenario as given)."""
    names = x.stages
    table = _plan_table(results, names, [names[i] for i in index], x.interval_seconds / 60.0)
    currency = scenario.organisation.currency
    summary = pd.DataFrame(
        {
            "staff hours before (h/week)": [before.value("staff_hours", s) for s in names],
            "staff hours after (h/week)": [results.value("staff_hours", s) for s in names],
            f"cost before ({currency}/week)": [before.value("staff_cost", s) for s in names],
            f"cost after ({currency}/week)": [results.value("staff_cost", s) for s in names],
            "optimised": [i in index for i in range(len(names))],
        },
        index=pd.Index(names, name="stage"),
    )
    deferred = [names[i] for i in index if x.deferred[i]]
    if deferred:
        notes.append(
            f"deferred stages {deferred} are pooled over the week: their staffing is the current profile "
            "scaled to the weekly requirement (continuous)"
        )
    notes.extend(results.warnings)
    return StaffingPlan(
        scenario=work.with_overrides(name=f"{scenario.name} — optimised staffing"),
        results=results,
        table=table,
        summary=summary,
        cost=results.value("staff_cost"),
        cost_before=before.value("staff_cost"),
        rounds=rounds,
        stages=[names[i] for i in index],
        notes=notes,
    )


def _evaluate(scenario: Scenario, week: int | None) -> Results:
    try:
        return evaluate(scenario, week=week, staffing=True)
    except InputError as error:
        if error.field == "targets":
            raise InputError(
                "targets", error.value, f"targets some finite staffing can meet ({error.allowed})"
            ) from None
        raise


def _with_targets(scenario: Scenario, targets: Mapping[str, Any], stages: Sequence[str]) -> tuple[Scenario, list[str]]:
    """Apply ``targets`` to the live (not deferred) ``stages``; ``max_abandon`` only where customers abandon."""
    checks.mapping("targets", targets, f"a mapping of service-target fields {list(_TARGET_FIELDS)}")
    unknown = [k for k in targets if k not in _TARGET_FIELDS]
    if unknown:
        raise InputError("targets", unknown, f"fields of a service target: {list(_TARGET_FIELDS)}")
    names = scenario.stage_names
    overrides, notes = {}, []
    for stage in stages:
        spec = scenario.stage(stage)
        if spec.deferred:
            notes.append(f"deferred stage '{stage}' keeps its own target (targets= applies to live stages)")
            continue
        given = dict(targets)
        if spec.patience is None and given.get("max_abandon") is not None:
            given.pop("max_abandon")
            notes.append(f"stage '{stage}' has no abandonment (no patience): max_abandon does not apply there")
        own = scenario.target_for(stage).model_dump()
        overrides[f"stages.{names.index(stage)}.target"] = {**own, **given}
    return scenario.with_overrides(overrides), notes


def _per_period(results: Results, metric: str, names: list[str]) -> np.ndarray:
    table = results.metric(metric)
    return np.array(table[names].to_numpy(dtype=float).T)


def _staff_for(agents: np.ndarray, shrinkage: float) -> np.ndarray:
    """Paid staff whose agents (staff × (1 − shrinkage)) are at least ``agents`` in floating point."""
    keep = 1.0 - shrinkage
    staff = agents / keep
    for _ in range(8):
        short = staff * keep < agents
        if not short.any():
            break
        staff = np.where(short, np.nextafter(staff, np.inf), staff)
    return staff


def _check_reachable(work: Scenario, x: ScenarioArrays, index: list[int], need: np.ndarray, results: Results) -> None:
    """Raise an :class:`InputError` naming a stage's target that no staffing meets (the engine's
    requirement is infinite; its warning says why)."""
    for k, i in enumerate(index):
        if not np.all(np.isfinite(need[k])):
            why = [w for w in results.warnings if f"'{x.stages[i]}'" in w and "target" in w]
            raise InputError(
                f"stages.{x.stages[i]}.target",
                work.target_for(x.stages[i]).model_dump(exclude_none=True),
                "a target some staffing can meet" + (f": {why[0]}" if why else ""),
            )


def _apply(work: Scenario, x: ScenarioArrays, index: list[int], need: np.ndarray) -> Scenario:
    """``work`` with the stages ``index`` staffed to ``need`` agents ([len(index), T]).

    Raises an :class:`InputError` naming the stage's target when the staffing needed is more than a
    scenario may hold.
    """
    overrides: dict[str, list[float] | float] = {}
    for k, i in enumerate(index):
        if x.deferred[i]:
            current = expand(work).staff[i]
            mean_staff = need[k].mean() / (1.0 - x.shrinkage[i])
            profile = current / current.mean() if current.mean() > 0 else np.ones_like(current)
            staff = profile * mean_staff
        else:
            staff = _staff_for(need[k], float(x.shrinkage[i]))
        overrides[f"stages.{i}.staff"] = [float(v) for v in staff]
        overrides[f"stages.{i}.staff_adjustment"] = 0.0
    try:
        return work.with_overrides(overrides)
    except InputError as error:  # the staffing needed is beyond what a scenario may hold
        stage = next((x.stages[i] for i in index if f"{x.stages[i]}" in str(error)), x.stages[index[0]])
        raise InputError(
            f"stages.{stage}.target",
            work.target_for(stage).model_dump(exclude_none=True),
            f"a target that a staffing the model accepts can meet; the one needed is refused: {error.allowed}",
        ) from None


def _plan_table(results: Results, names: list[str], chosen: list[str], period_minutes: float) -> pd.DataFrame:
    wide = results.per_period().reset_index()
    wide = wide[wide["stage"].isin(chosen)]
    cols = [
        "stage",
        "period",
        "arrivals",
        "agents",
        "staff",
        "required_agents",
        "service_level",
        "p_abandon",
        "asa",
        "occupancy",
        "staff_cost",
    ]
    out = wide[cols].copy()
    out.insert(2, "time", [period_label(int(p), period_minutes) for p in out["period"]])
    return out.reset_index(drop=True)


# ------------------------------------------------------------------------------ budget split
@dataclass(frozen=True, eq=False)
class BudgetPlan:
    """The best split of staff between stages within a weekly budget.

    ``allocation``: per stage, steps added (negative = removed), mean paid staff on shift before and
    after, weekly cost; ``objective``/``value``: what was maximised and its value; ``cost`` and
    ``budget`` per week; ``scenario``/``results``: the chosen staffing; ``evaluated``: every allocation
    tried; ``notes``.
    """

    allocation: pd.DataFrame
    objective: str
    value: float
    cost: float
    budget: float
    scenario: Scenario
    results: Results
    evaluated: pd.DataFrame
    notes: list[str]


def optimise_budget(
    scenario: Scenario,
    budget: float | None = None,
    *,
    stages: Sequence[str] | None = None,
    objective: str | None = None,
    step: float = 1.0,
    lever: str = "adjustment",
    method: str = "greedy",
    customers: CustomerModel | None = None,
    week: int | None = None,
    min_staff: float = 1.0,
    max_evaluations: int = 400,
    progress: bool = False,
) -> BudgetPlan:
    """Split staff between stages to maximise ``objective`` within a weekly staff budget.

    Parameters
    ----------
    scenario:
        The service operation; each stage's current staffing profile is the starting point.
    budget:
        Weekly staff budget (currency per week); default ``scenario.organisation.weekly_budget``.
    stages:
        Stages whose staffing may change (default all).
    objective:
        Outcome to maximise (:mod:`.outcomes`): ``"satisfaction"`` (needs a customer model; the default
        when one is available), ``"service_level"`` (the default otherwise), or any other outcome
        (minimised where less is better, e.g. ``"p_abandon_any"``).
    step, lever:
        ``lever="adjustment"``: one step adds ``step`` staff on shift in every interval of the week;
        ``lever="scale"``: one step multiplies the stage's profile by ``1 + step`` more (``step`` a
        fraction, e.g. 0.05). A stage cannot go below zero staff in any interval.
    method:
        ``"greedy"`` (marginal gain per cost, then exchanges) or ``"exhaustive"`` (see the module docstring).
    min_staff:
        Staff a stage keeps on shift in every interval where contacts reach it (default one person, a
        modelling choice: a stage nobody staffs is not an option). The cheapest allocation — every
        stage cut to this floor — sets the smallest budget the search accepts.
    customers:
        Customer model (see :func:`.outcomes.customer_model`).
    max_evaluations:
        Cap on evaluations; the search stops (with a note) when it is reached.
    progress:
        Show a progress bar of the evaluations.
    """
    checks.instance("scenario", scenario, Scenario, "a svcdesign Scenario")
    budget = _checked_budget(scenario, budget)
    step = _checked_step(lever, step)
    checks.choice("method", method, ("greedy", "exhaustive"), allowed="'greedy' or 'exhaustive'")
    names = scenario.stage_names
    chosen = checks.names("stages", stages, names, allowed=f"stage names of the scenario: {names}")
    min_staff = checks.number("min_staff", min_staff, low=0, allowed="a number of staff >= 0")
    max_evaluations = int(checks.number("max_evaluations", max_evaluations, low=1, integer=True))
    hook = customer_model(customers)
    notes: list[str] = []
    objective = _budget_objective(objective, hook, notes)

    space = _steps(scenario, chosen, step, lever, min_staff, budget, week)
    score = _Score(scenario, space, objective, hook, week, max_evaluations, progress)
    if method == "exhaustive":
        best = _exhaustive(score, space.cost, budget, space.lower, space.unit_cost, max_evaluations)
    else:
        best = _greedy(score, space.cost, budget, space.lower, space.unit_cost)
    notes.extend(score.notes)
    if hook.model is not None and objective in CUSTOMER_OUTCOMES:
        notes.append(hook.note)
    return _budget_plan(scenario, space, score, best, budget, week, notes)


def _checked_budget(scenario: Scenario, budget: float | None) -> float:
    """The weekly staff budget: ``budget``, else the scenario's ``organisation.weekly_budget``; positive."""
    currency = scenario.organisation.currency
    budget = scenario.organisation.weekly_budget if budget is None else budget
    if budget is None:
        raise InputError(
            "budget", None, f"a weekly staff budget in {currency} (or organisation.weekly_budget in the scenario)"
        )
    return checks.number("budget", budget, low=0, low_open=True, allowed=f"a positive weekly amount in {currency}")


def _checked_step(lever: str, step: float) -> float:
    """The size of one step of ``lever`` (``"adjustment"``: staff; ``"scale"``: a fraction of the profile)."""
    checks.choice(
        "lever",
        lever,
        ("adjustment", "scale"),
        allowed="'adjustment' (staff added to every interval) or 'scale' (× the profile)",
    )
    return checks.number(
        "step",
        step,
        low=0,
        low_open=True,
        allowed="a positive number (staff per step, or a fraction of the profile for lever='scale')",
    )


def _budget_objective(objective: str | None, hook: CustomerHook, notes: list[str]) -> str:
    """The outcome :func:`optimise_budget` maximises: ``objective``, else satisfaction with a customer model
    and service level without one (said in ``notes``); a customer outcome needs the model."""
    if objective is None:
        objective = "satisfaction" if hook.model is not None else "service_level"
        if hook.model is None:
            notes.append(f"objective: service level, because {hook.note}")
    if objective in CUSTOMER_OUTCOMES and hook.model is None:
        raise InputError("objective", objective, f"an operational outcome such as 'service_level': {hook.note}")
    return objective


@dataclass(frozen=True, eq=False)
class _Steps:
    """What :func:`optimise_budget` searches: whole steps of staff at the stages ``idx`` (``chosen``),
    each costing ``unit_cost`` a week, from ``lower`` (the floor of ``min_staff``) up."""

    x: ScenarioArrays
    chosen: list[str]
    idx: list[int]
    step: float
    lever: str
    hours: float
    base_cost: float
    unit_cost: np.ndarray
    lower: np.ndarray

    def cost(self, steps: np.ndarray) -> float:
        """Weekly staff cost of an allocation of steps (currency per week)."""
        return self.base_cost + float(self.unit_cost @ steps)

    def stage_cost(self, staff: np.ndarray, i: int) -> float:
        """Weekly cost of stage ``i`` staffed with ``staff`` per interval (currency per week)."""
        return float((staff * self.x.wage[i]).sum() * self.hours)


def _steps(
    scenario: Scenario, chosen: list[str], step: float, lever: str, min_staff: float, budget: float, week: int | None
) -> _Steps:
    """The search space, refusing a ``budget`` below its cheapest allocation."""
    names = scenario.stage_names
    currency = scenario.organisation.currency
    x = expand(scenario, week)
    idx = [names.index(s) for s in chosen]
    hours = x.interval_seconds / 3600.0
    base = x.staff
    base_cost = float((base * x.wage[:, None]).sum() * hours)
    reached = _per_period(evaluate(scenario, week=week, staffing=False), "arrivals", names) > 0
    lowest = np.array([base[i][reached[i]].min() if reached[i].any() else 0.0 for i in idx])
    if lever == "adjustment":
        unit_cost = np.array([step * x.wage[i] * hours * x.periods for i in idx])
        lower = np.array([-math.floor(max(low - min_staff, 0.0) / step + 1e-9) for low in lowest])
    else:
        unit_cost = np.array([step * float((base[i] * x.wage[i]).sum() * hours) for i in idx])
        lower = np.array(
            [-math.floor((1.0 - min(min_staff / low, 1.0)) / step + 1e-9) if low > 0 else 0 for low in lowest]
        )
    if np.any(unit_cost <= 0):
        free = [chosen[k] for k in np.flatnonzero(unit_cost <= 0)]
        raise InputError(
            "stages",
            free,
            "stages whose staff cost money (hourly_wage > 0 and, for lever='scale', some staff to scale)",
        )
    space = _Steps(x, chosen, idx, step, lever, hours, base_cost, unit_cost, lower)
    floor_cost = space.cost(lower)
    if budget < floor_cost - 1e-9:
        raise InputError(
            "budget",
            budget,
            f"at least {floor_cost:,.2f} {currency}/week: the cheapest staffing this "
            f"search considers (stages {chosen} cut by whole steps to {min_staff:g} staff in their "
            f"thinnest interval with contacts; other stages as they are) costs that much",
        )
    return space


class _Score:
    """The objective of an allocation of steps (larger is better), each allocation evaluated once.

    ``cache`` maps allocations to (score, results, scenario); allocations a scenario cannot hold score
    −inf; after ``max_evaluations`` evaluations new allocations score −inf and a note says so.
    """

    def __init__(
        self,
        scenario: Scenario,
        space: _Steps,
        objective: str,
        hook: CustomerHook,
        week: int | None,
        max_evaluations: int,
        progress: bool,
    ) -> None:
        self.scenario, self.space, self.objective, self.hook, self.week = scenario, space, objective, hook, week
        self.direction = sense(objective)
        self.max_evaluations = max_evaluations
        self.cache: dict[tuple, tuple[float, Results, Scenario]] = {}
        self.notes: list[str] = []
        self._counter = iter(_bar(range(max_evaluations), progress, max_evaluations, "budget search"))

    def __call__(self, steps: np.ndarray) -> float:
        key = tuple(int(v) for v in steps)
        if key not in self.cache:
            if len(self.cache) >= self.max_evaluations:
                if not self.notes:
                    self.notes.append(f"the search stopped after {self.max_evaluations} evaluations (max_evaluations)")
                return -math.inf
            next(self._counter, None)
            try:
                space = self.space
                variant = _allocate(self.scenario, space.x, space.idx, steps, space.step, space.lever)
            except InputError:  # more staff than a scenario may hold: not an option
                return -math.inf
            results = evaluate(variant, week=self.week, staffing=False)
            value = self.direction * outcome(results, self.objective, scenario=variant, customers=self.hook)
            self.cache[key] = (value if math.isfinite(value) or value == -math.inf else -math.inf, results, variant)
        return self.cache[key][0]


def _budget_plan(
    scenario: Scenario,
    space: _Steps,
    score: _Score,
    best: np.ndarray,
    budget: float,
    week: int | None,
    notes: list[str],
) -> BudgetPlan:
    """The :class:`BudgetPlan` of the allocation ``best``, with every allocation ``score`` evaluated."""
    currency = scenario.organisation.currency
    objective, direction, chosen, step = score.objective, score.direction, space.chosen, space.step
    value, results, chosen_scenario = score.cache[tuple(int(v) for v in best)]
    evaluated = pd.DataFrame(
        [
            {
                **{f"steps@{chosen[k]}": key[k] for k in range(len(chosen))},
                "cost": space.cost(np.array(key)),
                objective: direction * v[0],
            }
            for key, v in score.cache.items()
        ]
    )
    base, after = space.x.staff, expand(chosen_scenario, week).staff
    allocation = pd.DataFrame(
        {
            "steps": best.astype(int),
            "change": [
                f"{int(b) * step:+g} staff in every interval"
                if space.lever == "adjustment"
                else f"× {1 + int(b) * step:g}"
                for b in best
            ],
            "mean staff on shift before": [base[i].mean() for i in space.idx],
            "mean staff on shift after": [after[i].mean() for i in space.idx],
            f"cost before ({currency}/week)": [space.stage_cost(base[i], i) for i in space.idx],
            f"cost after ({currency}/week)": [space.stage_cost(after[i], i) for i in space.idx],
        },
        index=pd.Index(chosen, name="stage"),
    )
    name = f"{scenario.name} — best split for {label(objective, currency)} within {budget:,.0f} {currency}/week"
    return BudgetPlan(
        allocation=allocation,
        objective=objective,
        value=direction * value,
        cost=space.cost(best),
        budget=float(budget),
        scenario=chosen_scenario.with_overrides(name=name),
        results=results,
        evaluated=evaluated,
        notes=notes,
    )


def _allocate(
    scenario: Scenario, x: ScenarioArrays, idx: list[int], steps: np.ndarray, step: float, lever: str
) -> Scenario:
    overrides: dict[str, Any] = {}
    for k, i in enumerate(idx):
        if steps[k] == 0:
            continue
        staff = x.staff[i] + steps[k] * step if lever == "adjustment" else x.staff[i] * (1.0 + steps[k] * step)
        overrides[f"stages.{i}.staff"] = [max(0.0, float(v)) for v in staff]
        overrides[f"stages.{i}.staff_adjustment"] = 0.0
    name = ", ".join(f"{x.stages[i]} {int(steps[k]):+d}" for k, i in enumerate(idx))
    return scenario.with_overrides(overrides, name=f"{scenario.name} [{name} steps]")


def _greedy(
    score: Callable[[np.ndarray], float],
    cost: Callable[[np.ndarray], float],
    budget: float,
    lower: np.ndarray,
    unit_cost: np.ndarray,
) -> np.ndarray:
    n = lower.size
    eye = np.eye(n, dtype=int)

    def fill(steps: np.ndarray, frozen: int | None = None) -> np.ndarray:
        """Add the affordable step with the best gain per unit of cost until none helps."""
        while True:
            current = score(steps)
            gains = [
                ((score(steps + eye[k]) - current) / unit_cost[k], k)
                for k in range(n)
                if k != frozen and cost(steps + eye[k]) <= budget + 1e-9
            ]
            gains = [g for g in gains if g[0] > 0 and math.isfinite(g[0])]
            if not gains:
                return steps
            steps = steps + eye[max(gains)[1]]

    steps = np.zeros(n, dtype=int)
    while cost(steps) > budget + 1e-9:  # over budget: drop the step that hurts least per unit of cost
        ks = [k for k in range(n) if steps[k] > lower[k]]
        losses = [(score(steps) - score(steps - eye[k])) / unit_cost[k] for k in ks]
        steps = steps - eye[ks[int(np.argmin(losses))]]
    steps = fill(steps)
    while True:  # exchanges: give up one step at a stage, spend what it frees on the others
        current, move = score(steps), None
        for j in range(n):
            if steps[j] <= lower[j]:
                continue
            cand = fill(steps - eye[j], frozen=j)
            if score(cand) > current + 1e-12 and (move is None or score(cand) > score(move)):
                move = cand
        if move is None:
            return steps
        steps = fill(move)


def _exhaustive(
    score: Callable[[np.ndarray], float],
    cost: Callable[[np.ndarray], float],
    budget: float,
    lower: np.ndarray,
    unit_cost: np.ndarray,
    max_evaluations: int,
) -> np.ndarray:
    n = lower.size
    floor = cost(lower)
    upper = lower + np.floor((budget - floor) / unit_cost + 1e-9).astype(int)
    heads = [range(int(lower[k]), int(upper[k]) + 1) for k in range(n - 1)]
    count = int(np.prod([len(h) for h in heads])) if heads else 1
    if count > max_evaluations:
        raise InputError(
            "method",
            "exhaustive",
            f"'greedy' for this problem: {count} allocations exceed max_evaluations={max_evaluations}",
        )
    best, best_value = None, -math.inf
    for head in np.array(np.meshgrid(*heads, indexing="ij")).reshape(n - 1, -1).T if heads else [np.array([], int)]:
        partial = np.concatenate([head, [lower[-1]]]).astype(int)
        if cost(partial) > budget + 1e-9:
            continue
        partial[-1] += int(math.floor((budget - cost(partial)) / unit_cost[-1] + 1e-9))
        value = score(partial)
        if value > best_value:
            best, best_value = partial, value
    if best is None:  # pragma: no cover - the floor allocation is affordable (checked by the caller)
        raise InputError("budget", budget, "a budget some allocation fits")
    return best
