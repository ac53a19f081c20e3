"""Rolling-origin evaluation of the forecasting methods (Tashman 2000; Hyndman & Koehler 2006)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..checks import number
from ..errors import InputError
from .forecast import LEVELS, _forecast, _levels, cdf_below_and_at
from .history import MINUTES_PER_DAY, DemandHistory, check_interval
from .models import METHODS, MIN_DAYS, check_method, daily_level

HORIZONS: tuple[int, ...] = (1, 7, 28)
"""Horizons evaluated, days: the first day after the origin, its first week, its first four weeks."""


def backtest_forecast(
    history: DemandHistory,
    *,
    methods: Sequence[str] = METHODS,
    horizons: Sequence[int] = HORIZONS,
    interval_lengths: Sequence[int] | None = None,
    origins: Sequence[Any] | None = None,
    n_origins: int = 8,
    spacing_days: int = 7,
    levels: Sequence[float] = LEVELS,
    country: str | None = None,
    events: Sequence[str] = (),
) -> pd.DataFrame:
    """Forecast from several origins and score each method against what happened.

    Each origin's forecast uses only the history up to and including the origin date and covers the
    next ``max(horizons)`` days; horizon h scores its first h days (held-out days missing in the
    source are skipped).

    Parameters
    ----------
    history:
        Counts per interval.
    methods:
        Methods of :data:`~svcdesign.forecast.models.METHODS`.
    horizons:
        Windows scored, days after the origin.
    interval_lengths:
        Interval lengths scored, minutes, each a multiple of the history's (1440 = daily totals); default
        the history's, 30, 60 and 1440 where they are multiples.
    origins:
        Origin dates (the last day of history of each forecast); default ``n_origins`` dates
        ``spacing_days`` apart, the last leaving ``max(horizons)`` days to score.
    levels:
        Central prediction intervals whose coverage is measured.
    country, events:
        Calendar regressors of ``daily_sarimax`` (see :func:`~svcdesign.forecast.forecast_demand`).

    Returns
    -------
    pandas.DataFrame
        One row per method, interval length and horizon: ``method``, ``interval_minutes``,
        ``horizon_days``, ``origins`` (scored), ``intervals`` (held-out intervals scored), ``mae`` and
        ``rmse`` (contacts per interval), ``mase`` (MAE over the in-sample MAE of the one-week seasonal
        naive at that interval length, averaged over origins) and ``coverage_<level>`` (share of held-out
        intervals inside the central interval, e.g. ``coverage_80``, each count counted by
        the share of its randomised probability integral transform inside the interval's probabilities
        (Czado, Gneiting & Held 2009): 1 well inside, 0 outside, a fraction for a count on an end of its
        integer interval, so that a correct model covers its level on average even at small counts,
        where inclusive integer ends over-state coverage).
    """
    if not isinstance(history, DemandHistory):
        raise InputError("history", history, "a DemandHistory")
    chosen_methods = [check_method(m) for m in methods]
    chosen_levels = _levels(levels)
    steps = _lengths(history, interval_lengths)
    hs = sorted({int(number("horizons", h, low=1, high=366, integer=True)) for h in horizons})
    longest = hs[-1]
    picked = _origins(history, origins, n_origins, spacing_days, longest, max(MIN_DAYS[m] for m in chosen_methods))
    if isinstance(events, str):
        events = [events]
    records: list[dict[str, Any]] = []
    for origin in picked:
        records += _score_origin(history, origin, chosen_methods, steps, hs, chosen_levels, country, list(events))
    return _summary(pd.DataFrame(records), chosen_levels)


def _origins(
    history: DemandHistory, origins: Sequence[Any] | None, n_origins: int, spacing_days: int, longest: int, need: int
) -> list[pd.Timestamp]:
    """The forecast origins: those given, or ``n_origins`` dates ``spacing_days`` apart ending ``longest``
    days before the history does; each with ``need`` days of history before it and ``longest`` after."""
    dates = history.dates
    if origins is None:
        n = int(number("n_origins", n_origins, low=1, integer=True))
        gap = int(number("spacing_days", spacing_days, low=1, integer=True))
        last = len(dates) - 1 - longest
        picked = [dates[last - gap * i] for i in range(n) if last - gap * i >= 0][::-1]
    else:
        picked = [pd.Timestamp(o).normalize() for o in origins]
    for origin in picked:
        if origin not in dates or (dates <= origin).sum() < need or origin + pd.Timedelta(days=longest) > dates[-1]:
            raise InputError(
                "origins",
                f"{origin:%Y-%m-%d}",
                f"dates with at least {need} days of history before and {longest} days after them "
                f"({dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d})",
            )
    return picked


def _score_origin(
    history: DemandHistory,
    origin: pd.Timestamp,
    methods: list[str],
    steps: list[int],
    hs: list[int],
    levels: tuple[float, ...],
    country: str | None,
    events: list[str],
) -> list[dict[str, Any]]:
    """Absolute and squared errors and interval hits of every method, length and horizon from one origin."""
    records: list[dict[str, Any]] = []
    longest = hs[-1]
    past = history.until(origin)
    level = None
    if "daily_sarimax" in methods:
        level = daily_level(past.daily_totals(), longest, country=country, events=events)
    for step in steps:
        train = past if step == history.interval_minutes else past.aggregate(step)
        full = history if step == history.interval_minutes else history.aggregate(step)
        actual = full.matrix()[len(train.dates) : len(train.dates) + longest]
        scale = _naive_scale(train.matrix())
        for method in methods:
            made = _forecast(train, longest, method, levels, country, events, level)
            per_day = MINUTES_PER_DAY // step
            mean = made.frame["mean"].to_numpy().reshape(longest, per_day)
            assert made._fitted is not None
            below, at = cdf_below_and_at(made._fitted, actual)
            inside = {lv: _covered(below, at, lv) for lv in levels}
            for h in hs:
                y = actual[:h]
                ok = np.isfinite(y)
                if not ok.any():
                    continue
                err = (y - mean[:h])[ok]
                row: dict[str, Any] = {
                    "method": method,
                    "interval_minutes": step,
                    "horizon_days": h,
                    "origin": origin,
                    "n": int(ok.sum()),
                    "ae": float(np.abs(err).sum()),
                    "se": float((err**2).sum()),
                    "scale": scale,
                }
                for lv in levels:
                    row[f"in_{lv}"] = float(inside[lv][:h][ok].sum())
                records.append(row)
    return records


def _covered(below: np.ndarray, at: np.ndarray, level: float) -> np.ndarray:
    """Expected share of each count inside the central ``level`` interval under the randomised PIT.

    A count y has predictive probabilities F(y − 1) = ``below`` and F(y) = ``at``; its randomised PIT is
    uniform on [F(y − 1), F(y)] (Czado, Gneiting & Held 2009, "Predictive model assessment for count
    data", Biometrics 65(4):1254–1261), and the count is inside the central interval when the PIT falls
    in ((1 − level)/2, (1 + level)/2). The share of [F(y − 1), F(y)] in that range is the probability of
    it: 1 or 0 for a count well inside or outside, a fraction for a count on an end of its integer interval.
    Counting so, a correct model covers exactly ``level`` on average at any count size, where inclusive
    integer ends over-state coverage at small counts (a night interval whose 80% interval is [0, 0]
    "covers" every zero, though zero has less than 100% probability).
    """
    low, high = (1 - level) / 2, (1 + level) / 2
    width = at - below
    overlap = np.clip(np.minimum(at, high) - np.maximum(below, low), 0.0, None)
    point = ((below > low) & (below < high)).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(width > 0, overlap / np.where(width > 0, width, 1.0), point)


def _lengths(history: DemandHistory, lengths: Sequence[int] | None) -> list[int]:
    base = history.interval_minutes
    if lengths is None:
        return sorted({s for s in (base, 30, 60, MINUTES_PER_DAY) if s % base == 0})
    steps = sorted({check_interval("interval_lengths", s) for s in lengths})
    for s in steps:
        if s % base:
            raise InputError("interval_lengths", s, f"multiples of the history's {base} minutes that divide 1440")
    return steps


def _naive_scale(m: np.ndarray) -> float:
    """In-sample MAE of the one-week seasonal naive (Hyndman & Koehler 2006), contacts per interval."""
    diff = np.abs(m[7:] - m[:-7])
    value = float(np.nanmean(diff)) if np.isfinite(diff).any() else np.nan
    return value


def _summary(records: pd.DataFrame, levels: tuple[float, ...]) -> pd.DataFrame:
    rows = []
    for (method, step, h), part in records.groupby(["method", "interval_minutes", "horizon_days"], sort=False):
        n = part["n"].sum()
        mae_each = part["ae"] / part["n"]
        row = {
            "method": method,
            "interval_minutes": step,
            "horizon_days": h,
            "origins": len(part),
            "intervals": int(n),
            "mae": float(part["ae"].sum() / n),
            "rmse": float(np.sqrt(part["se"].sum() / n)),
            "mase": float(np.nanmean(np.where(part["scale"] > 0, mae_each / part["scale"], np.nan))),
        }
        for lv in levels:
            row[f"coverage_{lv * 100:g}"] = float(part[f"in_{lv}"].sum() / n)
        rows.append(row)
    return pd.DataFrame(rows)
