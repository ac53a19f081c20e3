"""Explore trade-offs: compare options, sweep levers, trace frontiers, optimise staffing, schedule shifts,
rank what matters.

- :func:`compare` — options side by side against a baseline: cost, service, abandonment and, with the
  customer model, satisfaction, churn, revenue and net effect (a table; drawn by
  :func:`svcdesign.present.comparison_figure`);
- :func:`sweep` — a grid of any scenario fields (dotted paths) through an engine, serial or on Dask
  (per period: a lazy :class:`SweepResult`, optionally on disk with ``path=``);
- :func:`frontier` — the Pareto set of cost against service level or satisfaction;
- :func:`optimise_staffing` — the cheapest agents per stage and interval meeting the targets, iterated
  with the flows through the chain; :func:`optimise_budget` — the best split of staff within a budget;
- :func:`cover_for_forecast` (:mod:`.forecast_cover`) — staff for quantiles of a demand forecast (the mean,
  the 80th percentile…) and evaluate each plan under demand at each quantile; :func:`compare_cover` puts
  two of those plans into :func:`compare`;
- :func:`schedule_shifts` — whole shifts covering interval requirements (integer program, HiGHS);
  :func:`schedule_skill_shifts` — shifts per agent group covering per-skill requirements, each agent counted once;
- :func:`staff_desk` (:mod:`.desk_staffing`) — the cheapest agent groups of a multi-skill desk for one interval,
  by cutting planes on an oracle (a simulation with common random numbers, or an exact model);
  :func:`plan_desk` (:mod:`.desk_plan`) — that search on one period of a scenario's desk, its simulation the oracle;
- :func:`sensitivity` — one-at-a-time tornado or Sobol indices over levers and assumptions;
  :func:`sobol_indices` — the Sobol estimator for any vectorised function.

Outcomes (what these functions read from a run) are described in :mod:`.outcomes`.

- :func:`backtest` (:mod:`.backtest`) — an engine's predictions against an observed contact log (drawn by
  :func:`svcdesign.present.backtest_figure`); :func:`compare_backtests` tables their errors side by side;
  :func:`backtest_dates` (:mod:`.backtest_dates`; also ``backtest(log, train=…, test=…)``) — calibrated on
  one period, every hour of the real dates of another predicted, against a seasonal-naive baseline.
- :func:`chain_flows` (:mod:`.flows`) — contacts through the chain over the week, stage to stage;
  :func:`bottleneck` — the busiest stage and every stage's load.
- :func:`touchpoints` (:mod:`.touchpoints`) — a segment's journey, touchpoint by touchpoint.
- :class:`WhatIf` (:mod:`.saved`) — the staffing explorer's settings, named: :func:`save_what_if` and
  :func:`load_what_if` / :func:`load_what_ifs` keep them as YAML files, :func:`compare_what_ifs` puts
  them side by side.
"""

from .backtest import Backtest, backtest, compare_backtests
from .backtest_dates import DatedBacktest, backtest_dates
from .compare import Comparison, compare
from .desk_plan import DeskPlan, desk_oracle, plan_desk
from .desk_staffing import DeskStaffingPlan, FluidBound, MetricEstimate, fluid_bound, staff_desk
from .flows import ChainFlows, bottleneck, chain_flows
from .forecast_cover import ForecastCover, compare_cover, cover_for_forecast
from .frontier import Frontier, frontier, pareto_mask
from .optimise import BudgetPlan, StaffingPlan, optimise_budget, optimise_staffing
from .outcomes import customer_model, outcome
from .saved import WhatIf, compare_what_ifs, load_what_if, load_what_ifs, save_what_if
from .sensitivity import Factor, Sensitivity, default_levers, sensitivity, sobol_indices
from .shifts import ShiftSchedule, SkillShiftSchedule, schedule_shifts, schedule_skill_shifts
from .sweep import sweep, to_wide
from .sweep_result import SweepResult
from .touchpoints import Touchpoints, touchpoints

__all__ = [
    "Backtest",
    "DatedBacktest",
    "backtest_dates",
    "ChainFlows",
    "Touchpoints",
    "backtest",
    "compare_backtests",
    "bottleneck",
    "chain_flows",
    "touchpoints",
    "BudgetPlan",
    "Comparison",
    "ForecastCover",
    "compare_cover",
    "cover_for_forecast",
    "Factor",
    "Frontier",
    "Sensitivity",
    "ShiftSchedule",
    "StaffingPlan",
    "compare",
    "customer_model",
    "default_levers",
    "frontier",
    "optimise_budget",
    "optimise_staffing",
    "outcome",
    "pareto_mask",
    "schedule_shifts",
    "schedule_skill_shifts",
    "SkillShiftSchedule",
    "staff_desk",
    "plan_desk",
    "desk_oracle",
    "DeskPlan",
    "DeskStaffingPlan",
    "FluidBound",
    "MetricEstimate",
    "fluid_bound",
    "sensitivity",
    "sobol_indices",
    "sweep",
    "SweepResult",
    "to_wide",
    "WhatIf",
    "compare_what_ifs",
    "load_what_if",
    "load_what_ifs",
    "save_what_if",
]
