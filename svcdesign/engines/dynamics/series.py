"""A service centre's observed weekly series: the shape the fit reads, checked into arrays.

One row per week, in order; the columns (units in :data:`SERIES_COLUMNS`):

========================  ===========  ==============================================================
column                    unit         meaning
========================  ===========  ==============================================================
``week``                  week         optional: consecutive whole numbers (any start); else row order
``orders``                orders/week  incoming orders (demand) — required
``absenteeism``           fraction     share of paid hours lost to absence, in [0, 1) (default: the
                                       table's ``dynamics.default_absenteeism``)
``labour_fte``            people       effective labour at work before absence (experienced equivalents)
``labour_hours``          hours/week   the same as contract hours per week
``capacity_hours``        hours/week   service capacity net of absence, before fatigue and overtime
``time_per_order``        hours/order  time spent per order — a target the fit matches
``backlog``               orders       orders waiting at the start of the week — a target
``delivery_delay``        weeks        backlog / fulfilment — a target
========================  ===========  ==============================================================

At most one of ``labour_fte``, ``labour_hours`` and ``capacity_hours``: without any, capacity comes from
the model's own workforce (rookies and experienced staff). Inputs must be given every week; a target may
be missing (empty) in some weeks, which the fit then skips. Oliva & Sterman (2001) fitted their model
to such a series (weekly orders, absenteeism, labour and time per order of a bank's lending centre);
theirs is not public, so the project ships none.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import InputError
from .inputs import Exogenous, weekly_array

__all__ = ["SERIES_COLUMNS", "TARGETS", "LABOUR_COLUMNS", "check_weekly_series", "read_weekly_series", "exogenous_of"]

#: Column → (unit, meaning) of a weekly series.
SERIES_COLUMNS: dict[str, tuple[str, str]] = {
    "week": ("week", "week number (consecutive whole numbers)"),
    "orders": ("orders/week", "incoming orders (demand)"),
    "absenteeism": ("fraction", "share of paid hours lost to absence, in [0, 1)"),
    "labour_fte": ("people", "effective labour at work before absence"),
    "labour_hours": ("hours/week", "effective labour as contract hours per week"),
    "capacity_hours": ("hours/week", "service capacity net of absence, before fatigue and overtime"),
    "time_per_order": ("hours/order", "time spent per order"),
    "backlog": ("orders", "orders waiting at the start of the week"),
    "delivery_delay": ("weeks", "backlog / fulfilment"),
}
#: Columns the fit can match (each the engine's weekly column of the same name).
TARGETS: tuple[str, ...] = ("time_per_order", "backlog", "delivery_delay")
#: Observed workforce columns (at most one per series).
LABOUR_COLUMNS: tuple[str, ...] = ("labour_fte", "labour_hours", "capacity_hours")


def read_weekly_series(path: str | Path) -> pd.DataFrame:
    """Read a weekly series from a CSV file with the columns of :data:`SERIES_COLUMNS` and check it.

    Raises :class:`~svcdesign.errors.InputError` naming the file, a column or the week at fault.
    """
    try:
        frame = pd.read_csv(path)
    except FileNotFoundError:
        raise InputError("path", str(path), "an existing CSV file of weekly series") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError("path", str(path), f"a CSV file of weekly series ({type(exc).__name__})") from None
    return check_weekly_series(frame)


def check_weekly_series(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` checked and indexed by week 0 … n−1 (float columns, in the order of
    :data:`SERIES_COLUMNS`, without ``week``). InputError names the column and week of the first fault."""
    if not isinstance(frame, pd.DataFrame):
        raise InputError("series", type(frame).__name__, "a pandas DataFrame of weekly series (one row per week)")
    unknown = [str(c) for c in frame.columns if c not in SERIES_COLUMNS]
    if unknown:
        raise InputError("series columns", unknown, f"columns among {list(SERIES_COLUMNS)}")
    if "orders" not in frame.columns:
        raise InputError("series columns", list(frame.columns), "a column 'orders' (orders/week)")
    labour = [c for c in LABOUR_COLUMNS if c in frame.columns]
    if len(labour) > 1:
        raise InputError("series columns", labour, f"at most one of {list(LABOUR_COLUMNS)}")
    if len(frame) < 2:
        raise InputError("series", f"{len(frame)} weeks", "at least 2 weeks")
    weeks = len(frame)
    _check_weeks(frame)
    out = {}
    for column in SERIES_COLUMNS:
        if column == "week" or column not in frame.columns:
            continue
        out[column] = _checked_column(column, frame[column].to_numpy(), weeks)
    return pd.DataFrame(out, index=pd.RangeIndex(weeks, name="week"))


def _check_weeks(frame: pd.DataFrame) -> None:
    """The ``week`` column, when given, runs in steps of one whole week."""
    if "week" not in frame.columns:
        return
    try:
        week = np.asarray(frame["week"], dtype=float)
    except (TypeError, ValueError):
        raise InputError("week", list(frame["week"][:5]), "consecutive whole week numbers") from None
    gaps = np.flatnonzero(np.diff(week) != 1.0)
    if gaps.size or not np.all(np.isfinite(week)) or np.any(week != np.round(week)):
        i = int(gaps[0]) + 1 if gaps.size else 0
        raise InputError(f"week[row {i}]", float(week[i]), "consecutive whole week numbers (one row per week, no gap)")


def _checked_column(column: str, values: np.ndarray, weeks: int) -> np.ndarray:
    """One column as floats in its range; NaN (a missing week) only in a target column."""
    if column == "absenteeism":
        return weekly_array(column, values, weeks, hi=1.0, hi_open=True)
    if column not in TARGETS:
        return weekly_array(column, values, weeks, hi=math.inf, hi_open=True)
    arr = weekly_array(column, values, weeks, hi=math.inf, hi_open=True, allow_nan=True)
    if np.isnan(arr).all():
        raise InputError(column, "no value in any week", "at least one observed week")
    if column == "time_per_order" and np.any(arr == 0.0):
        i = int(np.flatnonzero(arr == 0.0)[0])
        raise InputError(f"{column}[week {i}]", 0.0, "a time per order in hours > 0 (or empty: not observed)")
    return arr


def exogenous_of(series: pd.DataFrame) -> Exogenous:
    """The engine's inputs from a checked series: orders, absenteeism and any observed labour."""

    def column(name: str) -> np.ndarray | None:
        return series[name].to_numpy() if name in series.columns else None

    hours = column("labour_hours")
    return Exogenous(
        demand=series["orders"].to_numpy(),
        absenteeism=column("absenteeism"),
        labour=hours if hours is not None else column("labour_fte"),
        labour_unit="hours" if hours is not None else "fte",
        capacity=column("capacity_hours"),
    )
