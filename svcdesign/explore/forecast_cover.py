"""Staff for a quantile of forecast demand, and what the cover costs against the service it protects.

A manager who says "staff for the 80th percentile of demand" means: plan the roster so that the
service targets are met if each interval's calls turn out at the forecast's 80th percentile, rather than
at its mean. :func:`cover_for_forecast` does that with the tools the rest of :mod:`svcdesign.explore`
uses:

1. for each chosen quantile q (``None`` for the mean), the scenario's demand becomes one week of the
   forecast at q (:func:`svcdesign.forecast.to_scenario`: every interval at its own q-quantile), and
   :func:`~svcdesign.explore.optimise_staffing` finds the fewest agents per stage and interval meeting
   the scenario's targets for that demand — the plan "staffed for q";
2. each plan is then evaluated (analytic engine) against demand at every chosen quantile q′ — "demand
   turning out at q′" — giving a small matrix: paid hours and FTE (paid hours ÷ ``costs.contract_hours``,
   the unit of a staff change everywhere in svcdesign), wage cost (paid hours × each stage's hourly
   wage), service level, customers abandoning and the mean wait of all calls at the front stage
   (those who give up counted until they leave).

The diagonal is each plan under the demand it was staffed for; above it, a plan meeting less demand
than it was staffed for (the cost of the cover, spent); below it, a plan overrun by more demand than it
was staffed for (the service the cover would have protected). Staffing to every interval's q-quantile
is cover per interval: a week in which every interval reaches its 80th percentile at once is much
rarer than one week in five (see :func:`svcdesign.forecast.to_demand`).

:func:`compare_cover` puts two plans under the same demand into :func:`~svcdesign.explore.compare`, so
the cover's cost can be set against the customers it keeps.

Sources: the staffing rule and paid hours, docs/background/staffing.md; quantile forecasts of call
arrivals for staffing, Brown et al. (2005), "Statistical analysis of a telephone call center", JASA
100(469):36–50, and Jongbloed & Koole (2001), "Managing uncertainty in call centres using Poisson
mixtures", Applied Stochastic Models in Business and Industry 17(4):307–318.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import checks
from ..engines.analytic import evaluate
from ..errors import InputError
from ..forecast import Forecast, to_scenario
from ..model import Scenario
from .compare import Comparison, compare
from .optimise import StaffingPlan, optimise_staffing
from .outcomes import outcome
from .staff_change import front_stage

QUANTILES: tuple[float | None, ...] = (None, 0.8, 0.95)
"""Default quantiles staffed for and evaluated: the mean, the 80th and the 95th percentile."""

COLUMNS = (
    "staffed_for",
    "demand_at",
    "contacts",
    "paid_hours",
    "fte",
    "staff_cost",
    "service_level",
    "p_abandon_any",
    "asa",
)
"""Columns of :attr:`ForecastCover.table` (see :class:`ForecastCover`)."""


def quantile_label(q: float | None) -> str:
    """The name of a quantile in tables and figures: ``"mean"`` for ``None``, ``"80th percentile"`` for 0.8."""
    if q is None:
        return "mean"
    percent = f"{100 * q:.4g}"
    last = int(percent[-1]) if percent.isdigit() else None
    teen = percent.isdigit() and len(percent) > 1 and percent[-2] == "1"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(last, "th") if last is not None and not teen else "th"
    return f"{percent}{suffix} percentile"


@dataclass(frozen=True, eq=False)
class ForecastCover:
    """Plans staffed for quantiles of a forecast week, each evaluated against demand at each quantile.

    Attributes
    ----------
    table:
        One row per plan and demand (``len(quantiles)²`` rows, plans in the order given): ``staffed_for``
        and ``demand_at`` (:func:`quantile_label`), ``contacts`` (new contacts in the week on the
        forecast's channel at ``demand_at``, times ``demand.scale``; at a quantile, the sum of every
        interval's quantile, which is more than that quantile of the week's total; repeats, retries and
        the scenario's peaks come on top), ``paid_hours`` (paid staff hours, all stages, h/week),
        ``fte`` (paid hours ÷ the scenario's contract hours), ``staff_cost`` (currency/week),
        ``service_level`` (share of all contacts answered within their stage's target time),
        ``p_abandon_any`` (share of customers who abandon at some stage) and ``asa`` (mean wait of
        all contacts at the front stage, those who give up counted until they leave, s).
    plans:
        Label → the :class:`~svcdesign.explore.StaffingPlan` staffed for that quantile.
    scenarios:
        (staffed for, demand at) → the scenario evaluated in that row of ``table``.
    quantiles:
        The quantiles, ``None`` for the mean, in order.
    week_start:
        The Monday of the forecast week.
    contract_hours:
        Paid hours a week of one FTE (``costs.contract_hours``), h.
    currency:
        The scenario's currency.
    front_stage:
        The stage whose mean wait is ``asa``.
    notes:
        What the user should know (peaks applied on top of the forecast, the optimiser's notes).
    """

    table: pd.DataFrame
    plans: dict[str, StaffingPlan]
    scenarios: dict[tuple[str, str], Scenario] = field(repr=False)
    quantiles: tuple[float | None, ...]
    week_start: pd.Timestamp
    contract_hours: float
    currency: str
    front_stage: str
    notes: list[str] = field(default_factory=list)

    def scenario(self, staffed_for: float | None, demand_at: float | None) -> Scenario:
        """The scenario of the plan staffed for quantile ``staffed_for`` under demand at quantile
        ``demand_at`` (``None``: the mean), both among :attr:`quantiles`."""
        return self.scenarios[(self._label("staffed_for", staffed_for), self._label("demand_at", demand_at))]

    def _label(self, name: str, q: Any) -> str:
        label = quantile_label(_checked_quantile(name, q))
        if label not in self.plans:
            raise InputError(name, label, f"one of the quantiles of this cover: {', '.join(self.plans)}")
        return label


def cover_for_forecast(
    scenario: Scenario,
    forecast: Forecast,
    week_start: Any,
    quantiles: Sequence[float | None] = QUANTILES,
    *,
    targets: Mapping[str, Any] | None = None,
    stages: Sequence[str] | None = None,
    channel: str | None = None,
) -> ForecastCover:
    """Staff ``scenario`` for each quantile of a forecast week, then evaluate every plan under every quantile.

    Parameters
    ----------
    scenario:
        The service operation; its interval length must be a multiple or a divisor of the forecast's (an
        hourly forecast is spread evenly over a 15-minute scenario's quarter-hours:
        :func:`~svcdesign.forecast.to_demand`). Its peaks still apply on top of the forecast.
    forecast:
        From :func:`svcdesign.forecast.forecast_demand`.
    week_start:
        The Monday of the week planned; the whole week must be in the forecast's horizon.
    quantiles:
        Quantiles of demand to staff for and to evaluate under: ``None`` for the mean, or probabilities
        in (0, 1) such as 0.8; distinct, at least one.
    targets, stages:
        Passed to :func:`~svcdesign.explore.optimise_staffing` (default: the scenario's own targets,
        every stage).
    channel:
        The channel whose demand the forecast replaces (default: the scenario's only channel).

    Returns
    -------
    ForecastCover
    """
    checks.instance("scenario", scenario, Scenario, "a svcdesign Scenario")
    chosen = _checked_quantiles(quantiles)
    demands = {quantile_label(q): to_scenario(forecast, scenario, week_start, q, channel=channel) for q in chosen}
    notes: list[str] = []
    if scenario.demand.peaks:
        names = ", ".join(p.name for p in scenario.demand.peaks)
        notes.append(f"the scenario's demand peaks ({names}) apply on top of the forecast")
    plans: dict[str, StaffingPlan] = {}
    for label, demand in demands.items():
        plan = optimise_staffing(demand, targets=targets, stages=stages)
        plans[label] = plan
        notes.extend(n for n in plan.notes if n not in notes)
    weekly = {label: _channel_total(demand, channel) for label, demand in demands.items()}
    contract = scenario.contract_hours()
    front = front_stage(scenario)
    rows, scenarios = _cover_matrix(plans, forecast, week_start, chosen, channel, weekly, contract, front)
    return ForecastCover(
        table=pd.DataFrame(rows, columns=list(COLUMNS)),
        plans=plans,
        scenarios=scenarios,
        quantiles=tuple(chosen),
        week_start=pd.Timestamp(week_start).normalize(),
        contract_hours=contract,
        currency=scenario.organisation.currency,
        front_stage=front,
        notes=notes,
    )


def _cover_matrix(
    plans: Mapping[str, StaffingPlan],
    forecast: Forecast,
    week_start: Any,
    chosen: Sequence[float | None],
    channel: str | None,
    weekly: Mapping[str, float],
    contract: float,
    front: str,
) -> tuple[list[dict[str, Any]], dict[tuple[str, str], Scenario]]:
    """Every plan evaluated under the demand of every quantile: the rows of :attr:`ForecastCover.table`."""
    rows = []
    scenarios: dict[tuple[str, str], Scenario] = {}
    for plan_label, plan in plans.items():
        for q in chosen:
            demand_label = quantile_label(q)
            if demand_label == plan_label:
                case, results = plan.scenario, plan.results
            else:
                case = to_scenario(forecast, plan.scenario, week_start, q, channel=channel)
                results = evaluate(case)
            scenarios[(plan_label, demand_label)] = case
            hours = results.value("staff_hours")
            rows.append(
                {
                    "staffed_for": plan_label,
                    "demand_at": demand_label,
                    "contacts": weekly[demand_label],
                    "paid_hours": hours,
                    "fte": hours / contract,
                    "staff_cost": results.value("staff_cost"),
                    "service_level": outcome(results, "service_level"),
                    "p_abandon_any": outcome(results, "p_abandon_any"),
                    "asa": results.value("asa", front),
                }
            )
    return rows, scenarios


def compare_cover(
    cover: ForecastCover,
    staffed_for: Sequence[float | None] = (None, 0.8),
    demand_at: float | None = None,
    **options: Any,
) -> Comparison:
    """Plans of a :class:`ForecastCover` side by side under the same demand, through
    :func:`~svcdesign.explore.compare`: what the cover costs against the service it protects.

    Parameters
    ----------
    cover:
        From :func:`cover_for_forecast`.
    staffed_for:
        The plans to compare (quantiles of the cover, ``None`` for the mean); the first is the baseline.
    demand_at:
        The demand every plan meets: ``None`` for the forecast mean, or one of the cover's quantiles.
    options:
        Passed to :func:`~svcdesign.explore.compare` (``customers``, ``year``, ``engine``…).
    """
    if not isinstance(cover, ForecastCover):
        raise InputError("cover", cover, "a ForecastCover (from cover_for_forecast)")
    if isinstance(staffed_for, str) or not isinstance(staffed_for, Sequence) or len(staffed_for) < 2:
        raise InputError("staffed_for", staffed_for, "two or more quantiles of the cover, e.g. (None, 0.8)")
    scenarios = [cover.scenario(q, demand_at) for q in staffed_for]
    names = [f"staffed for the {quantile_label(q)}" for q in staffed_for]
    return compare(*scenarios, names=options.pop("names", names), **options)


def _channel_total(scenario: Scenario, channel: str | None) -> float:
    """New contacts a week on the channel the forecast fills: its ``per_interval`` summed, times
    ``demand.scale`` (peaks not included)."""
    chosen = [c for c in scenario.demand.channels if channel is None or c.name == channel][0]
    assert chosen.per_interval is not None
    return float(sum(chosen.per_interval)) * scenario.demand.scale


def _checked_quantile(name: str, q: Any) -> float | None:
    if q is None:
        return None
    allowed = "None (the mean) or a probability in (0, 1)"
    return float(checks.number(name, q, low=0, high=1, low_open=True, high_open=True, allowed=allowed))


def _checked_quantiles(quantiles: Any) -> list[float | None]:
    if isinstance(quantiles, (str, bytes)) or not isinstance(quantiles, Sequence) or not quantiles:
        raise InputError("quantiles", quantiles, "a list of quantiles: None (the mean) or probabilities in (0, 1)")
    chosen = [_checked_quantile("quantiles", q) for q in quantiles]
    labels = [quantile_label(q) for q in chosen]
    if len(set(labels)) != len(labels):
        raise InputError("quantiles", list(quantiles), "distinct quantiles")
    return chosen
