"""Efficient frontiers: the staffing options no other option beats on both cost and quality.

Every combination of the levers (a grid, as in :func:`.sweep.sweep`) is evaluated; each gives a cost
(by default the weekly staff cost) and a quality (service level, or satisfaction when a customer model
is available). An option is *dominated* when another costs no more and is at least as good, and is
strictly better on one of the two; the frontier (Pareto set) is every option that is not dominated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .. import checks
from ..errors import InputError
from ..model import Scenario
from ..results import Results
from .outcomes import (
    CUSTOMER_OUTCOMES,
    CustomerHook,
    CustomerModel,
    customer_model,
    display_scale,
    label,
    outcome,
    sense,
)
from .runs import lever_grid, resolve_engine, run_many, variant


def pareto_mask(cost: ArrayLike, benefit: ArrayLike) -> np.ndarray:
    """True for the points not dominated (less cost is better, more benefit is better).

    A point is dominated when another has cost ≤ and benefit ≥ with one strict. Of exact duplicates
    the first is kept. NaN points are never on the frontier. O(n log n): sort by cost then by
    benefit descending, and keep a point when its benefit beats every cheaper point's.
    """
    c = np.asarray(cost, dtype=float)
    b = np.asarray(benefit, dtype=float)
    if c.shape != b.shape or c.ndim != 1:
        raise InputError("cost, benefit", (c.shape, b.shape), "two 1-D sequences of the same length")
    keep = np.zeros(c.size, dtype=bool)
    valid = np.flatnonzero(~(np.isnan(c) | np.isnan(b)))
    order = valid[np.lexsort((-b[valid], c[valid]))]
    best = -np.inf
    for i in order:
        if b[i] > best:
            keep[i] = True
            best = b[i]
    return keep


class _Outcomes:
    """Task: evaluate one variant and return the named outcomes."""

    def __init__(
        self, engine: Callable[[Scenario], Results], names: Sequence[tuple[str, str]], hook: CustomerHook
    ) -> None:
        self.engine = engine
        self.names = list(names)
        self.hook = hook

    def __call__(self, scenario: Scenario) -> dict[str, float]:
        results = self.engine(scenario)
        return {
            f"{n}@{s}" if s != "all" else n: outcome(results, n, s, scenario=scenario, customers=self.hook)
            for n, s in self.names
        }


@dataclass(frozen=True, eq=False)
class Frontier:
    """Options evaluated and their efficient frontier.

    ``points``: every combination (lever columns, the two objectives in stored units, ``on_frontier``);
    ``table``: the frontier only, sorted by cost, with labelled columns; ``objective``: (cost, quality).
    """

    points: pd.DataFrame
    table: pd.DataFrame
    objective: tuple[str, str]
    levers: list[str]
    currency: str
    notes: list[str]


def frontier(
    scenario: Scenario,
    levers: Mapping[str, Iterable[Any]],
    *,
    objective: tuple[str, str] = ("staff_cost", "service_level"),
    engine: str | Callable[[Scenario], Results] = "analytic",
    customers: CustomerModel | None = None,
    client: Any = None,
    progress: bool = False,
    engine_options: Mapping[str, Any] | None = None,
) -> Frontier:
    """The Pareto set of cost against quality over a grid of staffing (or any other) levers.

    Parameters
    ----------
    scenario, levers:
        Base scenario and ``{dotted path: values}`` (e.g. ``{"stages.representative.staff_adjustment":
        range(-3, 4), "stages.coordinator.staff_adjustment": range(-1, 3)}``).
    objective:
        ``(cost, quality)`` outcome names: the first is better low, the second better high (or low
        where :data:`.outcomes.SENSE` says so, e.g. ``"p_abandon_any"``). Default ``("staff_cost",
        "service_level")``; ``"satisfaction"`` needs a customer model.
    engine, customers, client, progress, engine_options:
        As in :func:`.sweep.sweep` and :func:`.compare.compare`.
    """
    checks.instance("scenario", scenario, Scenario, "a svcdesign Scenario")
    if not (
        isinstance(objective, (tuple, list)) and len(objective) == 2 and all(isinstance(o, str) for o in objective)
    ):
        raise InputError(
            "objective", objective, "two outcome names (cost, quality), e.g. ('staff_cost', 'satisfaction')"
        )
    x, y = objective
    hook = customer_model(customers)
    for name in objective:
        if name in CUSTOMER_OUTCOMES and hook.model is None:
            raise InputError("objective", name, f"an operational outcome such as 'service_level': {hook.note}")
    grid = lever_grid(levers)
    variants = [variant(scenario, settings) for settings in grid]
    options = dict(engine_options or {})
    if engine == "analytic":
        options.setdefault("staffing", False)  # the required-staff search is not needed for these outcomes
    task = _Outcomes(resolve_engine(engine, options), [(x, "all"), (y, "all")], hook)
    values = run_many(task, variants, client=client, progress=progress, description="frontier")
    points = pd.DataFrame(grid)
    points["option"] = [v.name for v in variants]
    points[x] = [v[x] for v in values]
    points[y] = [v[y] for v in values]
    points["on_frontier"] = pareto_mask(sense(x) * -1 * points[x], sense(y) * points[y])
    currency = scenario.organisation.currency
    front = points[points["on_frontier"]].sort_values(x)
    table = front[list(grid[0])].copy()
    table[label(x, currency)] = front[x] * display_scale(x)
    table[label(y, currency)] = front[y] * display_scale(y)
    notes = [hook.note] if hook.model is not None and (x in CUSTOMER_OUTCOMES or y in CUSTOMER_OUTCOMES) else []
    return Frontier(
        points=points,
        table=table.reset_index(drop=True),
        objective=(x, y),
        levers=list(grid[0]),
        currency=currency,
        notes=notes,
    )
