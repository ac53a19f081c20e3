"""A week of a forecast as a scenario's demand: :func:`to_demand` and :func:`to_scenario`."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..checks import number
from ..errors import InputError
from ..model import Scenario
from ..model.demand import INTERVAL_MINUTES, Channel, ChannelKind, Demand
from .forecast import DRAWS, SEED, Forecast, simulated_days

SPLIT_SEED = SEED + 1
"""Seed of the split of simulated counts into finer intervals (fixed: the same forecast, the same demand)."""


def week_values(
    forecast: Forecast, week_start: Any, quantile: float | None = None, interval_minutes: int | None = None
) -> tuple[list[float], int]:
    """Contacts per interval of the week from Monday ``week_start``, 7 × intervals per day values, and the
    interval length; the mean, or each interval's ``quantile`` (see :func:`to_demand`)."""
    if not isinstance(forecast, Forecast):
        raise InputError("forecast", forecast, "a Forecast (from forecast_demand)")
    try:
        start = pd.Timestamp(week_start).normalize()
    except (TypeError, ValueError):
        raise InputError("week_start", week_start, "a date such as 2026-01-05 (a Monday)") from None
    if start.day_of_week != 0:
        raise InputError(
            "week_start", f"{start:%Y-%m-%d} ({start:%A})", "a Monday (a scenario's week starts on Monday)"
        )
    days = forecast.days
    mondays = [f"{d:%Y-%m-%d}" for d in days[: len(days) - 6] if d.day_of_week == 0]
    if start not in days or start + pd.Timedelta(days=6) not in days:
        raise InputError(
            "week_start",
            f"{start:%Y-%m-%d}",
            "a Monday whose whole week is in the forecast's horizon: "
            + (", ".join(mondays) or "none (forecast longer)"),
        )
    own = forecast.interval_minutes
    step = own if interval_minutes is None else interval_minutes
    if step not in INTERVAL_MINUTES or (step % own and own % step):
        raise InputError(
            "interval_minutes",
            step,
            f"one of {', '.join(map(str, INTERVAL_MINUTES))} that is a multiple or a divisor of the forecast's "
            f"{own}-minute interval",
        )
    first = int(np.flatnonzero(days == start)[0])
    assert forecast._fitted is not None
    fitted = forecast._fitted
    q = None if quantile is None else float(number("quantile", quantile, low=0, high=1, low_open=True, high_open=True))
    if step < own:  # finer than the forecast: each interval's contacts spread evenly over its parts
        parts = own // step
        if q is None:
            values = np.repeat(fitted.mean[first : first + 7] / parts, parts, axis=1)
        else:
            values = _fine_quantile(forecast, first, q, parts)
    elif q is None:
        values = fitted.mean[first : first + 7].reshape(7, -1, step // own).sum(axis=2)
    elif step == own:
        values = forecast.quantile(q).to_numpy().reshape(len(days), -1)[first : first + 7]
    else:
        values = _coarse_quantile(forecast, first, q, step // own)
    return [float(v) for v in values.ravel()], step


def _coarse_quantile(forecast: Forecast, first: int, q: float, k: int) -> np.ndarray:
    """The q-quantile of sums of ``k`` consecutive intervals (simulated; quantiles do not add up)."""
    fitted = forecast._fitted
    assert fitted is not None
    rows = []
    for _, draws in simulated_days(fitted, range(first, first + 7)):
        sums = draws.reshape(DRAWS, -1, k).sum(axis=2)
        rows.append(np.quantile(sums, q, axis=0, method="inverted_cdf"))
    return np.array(rows)


def _fine_quantile(forecast: Forecast, first: int, q: float, parts: int) -> np.ndarray:
    """The q-quantile of each of ``parts`` equal sub-intervals of the forecast's intervals.

    Arrivals at a rate constant over a forecast interval fall uniformly in it, so given the interval's
    count its parts' counts are multinomial with equal shares (a Poisson process thinned): each simulated
    count is split so, and the quantile taken per part — more spread, relative to the mean, than the
    interval's own quantile divided by ``parts``.
    """
    fitted = forecast._fitted
    assert fitted is not None
    rng = np.random.default_rng(SPLIT_SEED)
    shares = np.full(parts, 1.0 / parts)
    rows = []
    for _, draws in simulated_days(fitted, range(first, first + 7)):
        split = rng.multinomial(draws.astype(np.int64), shares).reshape(DRAWS, -1)
        rows.append(np.quantile(split, q, axis=0, method="inverted_cdf"))
    return np.array(rows)


def to_demand(
    forecast: Forecast,
    week_start: Any,
    quantile: float | None = None,
    *,
    channel: str = "phone",
    kind: ChannelKind = "phone",
    interval_minutes: int | None = None,
) -> Demand:
    """A scenario's demand for one week of the forecast's horizon.

    Parameters
    ----------
    forecast:
        From :func:`~svcdesign.forecast.forecast_demand`.
    week_start:
        The Monday the week starts (a date); the whole week must be in the horizon.
    quantile:
        ``None``: expected contacts per interval. A probability (0.8): each interval's own 80th
        percentile — cover for each interval separately, which is more than the 80th percentile of the
        week's total (a week at every interval's 80th percentile at once is far rarer than one in five).
    channel, kind:
        The channel's name and kind.
    interval_minutes:
        15, 30 or 60, a multiple or a divisor of the forecast's interval; default the forecast's. Means add
        up; a quantile at a coarser interval is the quantile of the sum (simulated), not the sum of
        quantiles. At a finer interval (an hourly forecast for a 15-minute scenario) each forecast
        interval's contacts are spread evenly over its parts — a modelling choice: the rate is taken as
        constant within the forecast's interval — and a quantile is that of a part's count (the simulated
        counts split multinomially), not the interval's quantile divided.

    Returns
    -------
    Demand
        One channel with ``per_interval`` holding 7 × intervals-per-day values, contacts per interval,
        Monday 00:00 first.
    """
    values, step = week_values(forecast, week_start, quantile, interval_minutes)
    return Demand(interval_minutes=step, channels=[Channel(name=channel, kind=kind, per_interval=values)])


def to_scenario(
    forecast: Forecast,
    scenario: Scenario,
    week_start: Any,
    quantile: float | None = None,
    *,
    channel: str | None = None,
) -> Scenario:
    """``scenario`` with one channel's demand replaced by a week of the forecast (see :func:`to_demand`),
    at the scenario's interval length. ``channel`` defaults to the scenario's only channel."""
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", scenario, "a Scenario")
    index = channel_index(scenario, channel)
    values, _ = week_values(forecast, week_start, quantile, scenario.demand.interval_minutes)
    data = scenario.model_dump()
    data["demand"]["channels"][index].update(per_interval=values, weekly_volume=None)
    return Scenario.model_validate(data)


def channel_index(scenario: Scenario, channel: str | None) -> int:
    """Position of the channel a forecast replaces in ``scenario.demand.channels``: ``channel`` by name, or the
    scenario's only channel when it is ``None``."""
    names = [c.name for c in scenario.demand.channels]
    if channel is None:
        if len(names) != 1:
            raise InputError("channel", None, f"the channel the forecast replaces, one of {', '.join(names)}")
        return 0
    if channel not in names:
        raise InputError("channel", channel, f"one of the scenario's channels: {', '.join(names)}")
    return names.index(channel)
