"""Run the service-quality model: validated inputs in, a weekly DataFrame out."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ...errors import InputError
from . import model as m
from .inputs import Exogenous, StaffingDecisions
from .params import DynamicsParams

__all__ = ["integrate_weeks", "COLUMNS", "MAX_WEEKS", "STOCKS"]

MAX_WEEKS = 5200
"""Longest horizon, weeks (a century): far beyond any plan, short enough that a run's arrays (steps ×
variables) stay small and it ends in seconds."""

#: Columns of the weekly frame, in order.
COLUMNS: tuple[str, ...] = tuple(name for name, _ in m.VARIABLES)
#: Columns that are stocks (values at the start of the week); the others are weekly means of rates.
STOCKS: frozenset[str] = frozenset(name for name, is_stock in m.VARIABLES if is_stock)


def integrate_weeks(
    weeks: int = 250,
    *,
    exogenous: Exogenous | None = None,
    decisions: StaffingDecisions | None = None,
    overrides: Mapping[str, Any] | None = None,
    params: DynamicsParams | None = None,
    dt: float | None = None,
    initial_staff: float | None = None,
    standard_tpo: float | None = None,
) -> pd.DataFrame:
    """Simulate the Oliva & Sterman (2001) service centre for ``weeks`` weeks.

    Parameters
    ----------
    weeks:
        Length of the run in weeks (whole number ≥ 1).
    exogenous:
        Demand (orders/week) and absenteeism series; defaults from the assumptions table.
    decisions:
        Staff cuts, hiring freezes, headcount target or ceiling (:class:`StaffingDecisions`).
    overrides:
        ``{assumption name: value}`` replacing rows of the assumptions table (validated).
    params:
        Ready-made parameters (then ``overrides`` must be empty).
    dt:
        Integration step in weeks; ``1/dt`` must be a whole number and ``dt`` no longer than
        ``dynamics.min_delivery_delay``. Default ``dynamics.dt``.
    initial_staff:
        Staff at week 0. Default: the staff that exactly meets week-0 demand at the initial standard
        (the model then starts in equilibrium).
    standard_tpo:
        Initial standard time per order in hours (default ``dynamics.initial_standard_tpo``, 1.08 h for
        Oliva & Sterman's loan applications). The reference time for quality and the minimum time per
        order scale in proportion, so the model applies to work of any size (a 3-minute call, a
        4-hour assessment).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``week`` (0 … weeks−1) with the columns :data:`COLUMNS`. Stocks are their values at
        the start of the week; rates (orders, fulfilment, hires, quits, …, per week) and auxiliaries
        are means over the week's integration steps, so a flow column sums to the total. Units: orders
        and backlog in orders; time per order and the standard in hours/order; capacity, desired
        capacity, hours worked and overtime in hours/week; staff columns in people.
    """
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or not 1 <= weeks <= MAX_WEEKS:
        raise InputError("weeks", weeks, f"a whole number of weeks in [1, {MAX_WEEKS}]")
    params = _centre_params(params, overrides, standard_tpo)
    step, per_week = _check_step(params.dt if dt is None else dt, params.min_delivery_delay)
    exogenous = exogenous if exogenous is not None else Exogenous()
    decisions = decisions if decisions is not None else StaffingDecisions()
    demand, absent = exogenous.arrays(weeks, params.initial_orders, params.default_absenteeism)
    acts = decisions.arrays(weeks)
    _check_initial_staff(initial_staff)
    p = params.vector(hold_cuts=decisions.hold_cuts)
    state0 = _initial_state(p, params, demand[0], absent[0], initial_staff)
    out = _run_kernel(p, params, state0, step, per_week, demand, absent, acts)
    return _weekly(out, weeks, per_week, step)


def _check_initial_staff(initial_staff: float | None) -> None:
    """Refuse an ``initial_staff`` that is given but not a positive, finite number."""
    if initial_staff is not None and (
        isinstance(initial_staff, bool)
        or not isinstance(initial_staff, (int, float))
        or not 0 < initial_staff < math.inf
    ):
        raise InputError("initial_staff", initial_staff, "a number of staff > 0")


def _initial_state(
    p: np.ndarray, params: DynamicsParams, demand: float, absent: float, initial_staff: float | None
) -> np.ndarray:
    """The state at week 0: equilibrium at the initial standard for week 0's demand and absence
    (``initial_staff`` given: with that many staff)."""
    fp_x, fp_y = params.fatigue_productivity
    q_x, q_y = params.quality
    return m.equilibrium_state(
        p,
        params.initial_standard_tpo,
        demand,
        absent,
        0.0 if initial_staff is None else float(initial_staff),
        fp_x,
        fp_y,
        q_x,
        q_y,
    )


def _run_kernel(
    p: np.ndarray,
    params: DynamicsParams,
    state0: np.ndarray,
    step: float,
    per_week: int,
    demand: np.ndarray,
    absent: np.ndarray,
    acts: dict[str, np.ndarray],
) -> np.ndarray:
    """The compiled model over every integration step: weekly inputs held through their week, layoffs
    on the week's first step. Returns one row of :data:`COLUMNS` per step."""
    fp_x, fp_y = params.fatigue_productivity
    ft_x, ft_y = params.fatigue_turnover
    q_x, q_y = params.quality
    layoffs = np.zeros(demand.size * per_week)
    layoffs[::per_week] = acts["layoffs"]
    return m.kernel(
        p,
        state0,
        float(step),
        np.repeat(demand, per_week),
        np.repeat(absent, per_week),
        layoffs,
        np.repeat(acts["freeze"], per_week),
        np.repeat(acts["target"], per_week),
        np.repeat(acts["cap"], per_week),
        fp_x,
        fp_y,
        ft_x,
        ft_y,
        q_x,
        q_y,
    )


def _centre_params(
    params: DynamicsParams | None, overrides: Mapping[str, Any] | None, standard_tpo: float | None
) -> DynamicsParams:
    """The parameters of one run: ``params``, or the assumptions table with ``overrides``; with the
    standard, reference and minimum time per order scaled to ``standard_tpo`` (hours) when given."""
    if params is None:
        params = DynamicsParams.from_assumptions(overrides=overrides)
    elif overrides:
        raise InputError("overrides", dict(overrides), "no overrides when params are given")
    if standard_tpo is None:
        return params
    if isinstance(standard_tpo, bool) or not isinstance(standard_tpo, (int, float)) or not 0 < standard_tpo < math.inf:
        raise InputError("standard_tpo", standard_tpo, "a time per order in hours > 0")
    scale = float(standard_tpo) / params.initial_standard_tpo
    return replace(
        params,
        initial_standard_tpo=float(standard_tpo),
        reference_tpo=params.reference_tpo * scale,
        min_tpo=params.min_tpo * scale,
    )


def _check_step(step: Any, min_delivery_delay: float) -> tuple[float, int]:
    """The integration step (weeks) and the steps per week; raises InputError unless 1/step is whole
    and the step no longer than ``min_delivery_delay`` (weeks)."""
    if isinstance(step, bool) or not isinstance(step, (int, float)) or not 0 < step <= 1:
        raise InputError("dt", step, "a step in weeks in (0, 1] with 1/dt a whole number")
    per_week = round(1.0 / step)
    if abs(per_week * step - 1.0) > 1e-9:
        raise InputError("dt", step, "a step in weeks in (0, 1] with 1/dt a whole number (e.g. 0.25, 0.125, 0.0625)")
    if step > min_delivery_delay + 1e-12:
        raise InputError(
            "dt",
            step,
            f"a step no longer than dynamics.min_delivery_delay = {min_delivery_delay:g} week "
            "(a longer step cannot resolve the fastest outflow of the backlog)",
        )
    return step, per_week


def _weekly(out: np.ndarray, weeks: int, per_week: int, dt: float) -> pd.DataFrame:
    cube = out.reshape(weeks, per_week, m.N_OUT)
    stock_mask = np.array([is_stock for _, is_stock in m.VARIABLES])
    weekly = np.where(stock_mask, cube[:, 0, :], cube.mean(axis=1))
    frame = pd.DataFrame(weekly, columns=list(COLUMNS), index=pd.RangeIndex(weeks, name="week"))
    frame.attrs["dt"] = dt
    return frame
