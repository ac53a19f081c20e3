"""Dynamics engine: weeks-to-years stock-and-flow models of service quality, staff and customers.

The core is the service-quality model of Oliva & Sterman (2001), "Cutting corners and working
overtime: quality erosion in the service industry", Management Science 47(7):894-914, coupled to
customers (expectations, satisfaction, churn, word of mouth) and money.

- :func:`integrate_weeks` — one service centre; a weekly DataFrame of every stock and key flow;
- :func:`run_dynamics` — a :class:`~svcdesign.model.Scenario`, every stage (and agent group of a
  multi-skill service desk) a service centre, coupled to its customer segments and costs; returns the
  shared :class:`~svcdesign.results.Results`
  (``engine="dynamics"``, one period per week) with the weekly frame in ``meta["weekly"]``;
- :func:`staff_cut_story` — the NVQ story (source document 002, question 3.2): the week in which a
  staff cut's cumulative net saving turns negative;
- :class:`Exogenous` — demand and absenteeism series, and a centre's observed effective labour or
  capacity; :class:`StaffingDecisions` — cuts, freezes, headcount targets and ceilings;
- :func:`fit_dynamics` — estimate parameters (α, the erosion time, the initial standard, …) from a
  centre's weekly series by least squares, with standard errors and R² in and out of sample
  (:func:`read_weekly_series` reads the series' CSV shape, :data:`SERIES_COLUMNS`);
- :class:`DynamicsParams` — every constant and lookup, read from the assumptions table.
"""

from .coupled import run_dynamics
from .fit import DynamicsFit, fit_dynamics, r_squared
from .inputs import Exogenous, StaffingDecisions
from .params import DynamicsParams
from .run import COLUMNS, STOCKS, integrate_weeks
from .series import SERIES_COLUMNS, read_weekly_series
from .story import StaffCutStory, default_story_scenario, staff_cut_story

__all__ = [
    "COLUMNS",
    "SERIES_COLUMNS",
    "STOCKS",
    "DynamicsFit",
    "DynamicsParams",
    "Exogenous",
    "StaffCutStory",
    "StaffingDecisions",
    "default_story_scenario",
    "fit_dynamics",
    "integrate_weeks",
    "r_squared",
    "read_weekly_series",
    "run_dynamics",
    "staff_cut_story",
]
