"""The :class:`Forecast` result, :func:`forecast_demand` that makes it, and its way into a scenario.

A forecast's prediction interval for one interval is a quantile of the count's predictive
distribution: negative-binomial around the expected count (over-dispersed Poisson, the dispersion
estimated from the model's in-sample errors), mixed, for the daily model, over the uncertainty of the
day's total (log(1 + total) = centre + scale × a resampled standardized in-sample error of the daily
model). Quantiles of the baselines are exact (``scipy.stats.nbinom``); those of
the daily model are taken from :data:`DRAWS` simulated counts per interval with a fixed seed, so the
same forecast always gives the same numbers.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..checks import number
from ..errors import InputError
from ..i18n import DEFAULT
from ..i18n.phrases import Digits, Figure, Phrase, tr
from .history import MINUTES_PER_DAY, DemandHistory, check_interval
from .models import Fitted, check_method, daily_sarimax, expected_total, seasonal_naive, weekly_profile

LEVELS: tuple[float, ...] = (0.8, 0.95)
"""Central prediction intervals given by default (80% and 95%)."""

DRAWS = 1000
"""Simulated counts per interval for the quantiles of the daily model (its mixture has no closed form)."""

SEED = 20261205
"""Seed of those draws: the same forecast gives the same quantiles."""

MAX_DAYS = 366
"""Longest horizon, days."""


def _column(q: float) -> str:
    return f"q{q:g}"


@dataclass(frozen=True, eq=False)
class Forecast:
    """A demand forecast: expected contacts per interval and prediction quantiles.

    Attributes
    ----------
    frame:
        One row per interval of the horizon: ``timestamp`` (interval start), ``mean`` (expected contacts)
        and a column ``q<p>`` per quantile p of the prediction intervals (``q0.1`` and ``q0.9`` for the
        80% interval), in contacts per interval.
    method:
        The model (:data:`~svcdesign.forecast.models.METHODS`).
    interval_minutes:
        Interval length, minutes.
    history_start, history_end:
        First and last date of the history it was fitted on.
    levels:
        Central prediction intervals in ``frame`` (0.8 = 80%).
    warnings:
        The history's warnings and the model's notes.
    """

    frame: pd.DataFrame
    method: str
    interval_minutes: int
    history_start: pd.Timestamp
    history_end: pd.Timestamp
    levels: tuple[float, ...]
    warnings: tuple[str, ...] = ()
    _fitted: Fitted | None = field(default=None, repr=False)

    @property
    def days(self) -> pd.DatetimeIndex:
        """Dates of the horizon."""
        assert self._fitted is not None
        return self._fitted.dates

    def quantile(self, q: float) -> pd.Series:
        """The q-quantile of every interval's count (contacts), indexed by interval start."""
        q = float(number("q", q, low=0, high=1, low_open=True, high_open=True))
        assert self._fitted is not None
        values = _quantiles(self._fitted, [q])[0].ravel()
        return pd.Series(values, index=pd.DatetimeIndex(self.frame["timestamp"]), name=_column(q))

    def interval(self, level: float) -> tuple[pd.Series, pd.Series]:
        """Lower and upper ends of the central ``level`` prediction interval (0.8: the 10% and 90% quantiles)."""
        level = float(number("level", level, low=0, high=1, low_open=True, high_open=True))
        return self.quantile((1 - level) / 2), self.quantile((1 + level) / 2)

    def summary_text(self, language: str = DEFAULT) -> str:
        """A few lines: method, span, horizon, totals; in ``language`` (``en``, ``ar`` or ``fa``: the method's
        code name as it is, dates and numbers in the language's digits)."""
        if language != DEFAULT:
            return self._summary_in(language)
        lines = [
            f"forecast by {self.method}, {self.interval_minutes}-minute intervals, "
            f"history {self.history_start:%Y-%m-%d} to {self.history_end:%Y-%m-%d}, "
            f"horizon {self.days[0]:%Y-%m-%d} to {self.days[-1]:%Y-%m-%d}",
            f"expected contacts over the horizon: {self.frame['mean'].sum():,.0f}",
        ]
        return "\n".join(lines + [f"  note: {w}" for w in self.warnings])

    def _summary_in(self, language: str) -> str:
        """:meth:`summary_text` in Arabic or Persian."""
        lines = [
            Phrase(
                tr(
                    "forecast by {method}, {minutes}-minute intervals, history {start} to {end}, horizon {first} to "
                    "{last}"
                ),
                method=self.method,
                minutes=Figure(str(self.interval_minutes)),
                start=Digits(f"{self.history_start:%Y-%m-%d}"),
                end=Digits(f"{self.history_end:%Y-%m-%d}"),
                first=Digits(f"{self.days[0]:%Y-%m-%d}"),
                last=Digits(f"{self.days[-1]:%Y-%m-%d}"),
            ),
            Phrase(tr("expected contacts over the horizon: {n}"), n=Figure(f"{self.frame['mean'].sum():,.0f}")),
        ]
        lines += [Phrase(tr("  note: {note}"), note=w) for w in self.warnings]
        return "\n".join(line.in_language(language) for line in lines)

    def __repr__(self) -> str:
        return (
            f"Forecast(method={self.method!r}, interval_minutes={self.interval_minutes}, "
            f"horizon={len(self.days)} days from {self.days[0]:%Y-%m-%d})"
        )

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.summary_text()) + "</pre>"


def forecast_demand(
    history: DemandHistory,
    days: int = 28,
    *,
    method: str = "daily_sarimax",
    interval_minutes: int | None = None,
    levels: Sequence[float] = LEVELS,
    country: str | None = None,
    events: Sequence[str] = (),
) -> Forecast:
    """Forecast contacts per interval for the ``days`` after the history, with prediction intervals.

    Parameters
    ----------
    history:
        Counts per interval (:class:`~svcdesign.forecast.history.DemandHistory`).
    days:
        Horizon, whole days (1–366).
    method:
        ``"seasonal_naive"``, ``"weekly_profile"`` or ``"daily_sarimax"`` (default; the only one with trend
        and calendar effects).
    interval_minutes:
        Interval length of the forecast, a multiple of the history's; default the history's.
    levels:
        Central prediction intervals to tabulate, each in (0, 1); other quantiles through
        :meth:`Forecast.quantile`.
    country:
        ISO 3166 code whose public holidays are a regressor of ``daily_sarimax`` (``"IL"`` for the
        Israeli bank of Brown et al. 2005); default none.
    events:
        Named events of :mod:`svcdesign.calendars` (``"ramadan"``, ``"nowruz"``…), one regressor each.

    Returns
    -------
    Forecast
    """
    if not isinstance(history, DemandHistory):
        raise InputError("history", history, "a DemandHistory (DemandHistory.from_log or .from_counts)")
    days = int(number("days", days, low=1, high=MAX_DAYS, integer=True))
    method = check_method(method)
    chosen = _levels(levels)
    if isinstance(events, str):
        events = [events]
    if (
        interval_minutes is not None
        and check_interval("interval_minutes", interval_minutes) != history.interval_minutes
    ):
        history = history.aggregate(interval_minutes)
    return _forecast(history, days, method, chosen, country, list(events), None)


def _levels(levels: Sequence[float]) -> tuple[float, ...]:
    if isinstance(levels, (str, bytes)) or not isinstance(levels, Sequence):
        raise InputError("levels", levels, "a list of central interval levels in (0, 1), e.g. [0.8, 0.95]")
    return tuple(float(number("levels", x, low=0, high=1, low_open=True, high_open=True)) for x in levels)


def _forecast(
    history: DemandHistory,
    days: int,
    method: str,
    levels: tuple[float, ...],
    country: str | None,
    events: list[str],
    level: Any,
) -> Forecast:
    if method == "seasonal_naive":
        fitted = seasonal_naive(history, days)
    elif method == "weekly_profile":
        fitted = weekly_profile(history, days)
    else:
        fitted = daily_sarimax(history, days, country=country, events=events, level=level)
    probabilities = sorted({p for lv in levels for p in ((1 - lv) / 2, (1 + lv) / 2)})
    step = history.interval_minutes
    stamps = pd.date_range(fitted.dates[0], periods=days * (MINUTES_PER_DAY // step), freq=f"{step}min")
    frame = pd.DataFrame({"timestamp": stamps, "mean": fitted.mean.ravel()})
    for p, values in zip(probabilities, _quantiles(fitted, probabilities), strict=True):
        frame[_column(p)] = values.ravel()
    return Forecast(
        frame,
        method,
        step,
        history.dates[0],
        history.dates[-1],
        levels,
        tuple(history.warnings) + tuple(fitted.notes),
        fitted,
    )


def _quantiles(fitted: Fitted, probabilities: Sequence[float]) -> list[np.ndarray]:
    """Quantiles of every interval's count: exact negative binomial, or the daily model's simulated mixture."""
    from scipy import stats

    if np.isnan(fitted.log_mean).all():
        return [_nb_ppf(stats, p, fitted.mean, fitted.alpha) for p in probabilities]
    out = [np.empty_like(fitted.mean) for _ in probabilities]
    for d, draws in simulated_days(fitted, range(len(fitted.dates))):
        for values, p in zip(out, probabilities, strict=True):
            values[d] = np.quantile(draws, p, axis=0, method="inverted_cdf")
    return out


def cdf_below_and_at(fitted: Fitted, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The predictive probabilities P(Y < y) and P(Y ≤ y) of observed counts y, (days × intervals), NaN
    where y is NaN: exact negative binomial for the baselines, the same simulated draws as the quantiles
    for the daily model."""
    from scipy import stats

    y = np.asarray(counts, dtype=float)
    if np.isnan(fitted.log_mean).all():
        if fitted.alpha <= 0:
            return stats.poisson.cdf(y - 1, fitted.mean), stats.poisson.cdf(y, fitted.mean)
        size = 1 / fitted.alpha
        p = size / (size + fitted.mean)
        return stats.nbinom.cdf(y - 1, size, p), stats.nbinom.cdf(y, size, p)
    below, at = np.full(y.shape, np.nan), np.full(y.shape, np.nan)
    for d, draws in simulated_days(fitted, range(y.shape[0])):
        ok = np.isfinite(y[d])
        below[d, ok] = (draws[:, ok] < y[d, ok]).mean(axis=0)
        at[d, ok] = (draws[:, ok] <= y[d, ok]).mean(axis=0)
    return below, at


def _nb_ppf(stats: Any, p: float, mean: np.ndarray, alpha: float) -> np.ndarray:
    if alpha <= 0:
        return np.asarray(stats.poisson.ppf(p, mean), dtype=float)
    size = 1 / alpha
    return np.asarray(stats.nbinom.ppf(p, size, size / (size + mean)), dtype=float)


def simulated_days(fitted: Fitted, days: Iterable[int]) -> Iterator[tuple[int, np.ndarray]]:
    """:data:`DRAWS` simulated counts of each of the given days of the horizon, (draws × intervals), with
    the fixed :data:`SEED`: the same forecast always gives the same draws.

    For the daily model, a daily level shared by the day's intervals (log(1 + total) = centre + scale × z,
    z resampled from the model's standardized in-sample errors), then negative-binomial counts (a Poisson
    of a gamma-distributed rate) around it; for the baselines, negative-binomial counts around the mean.
    """
    rng = np.random.default_rng(SEED)
    daily = not np.isnan(fitted.log_mean).all()
    if daily:
        z = rng.choice(fitted.level_errors, size=(DRAWS, len(fitted.dates)))
        expected = expected_total(fitted)
    for d in days:
        rate = np.broadcast_to(fitted.mean[d], (DRAWS, fitted.mean.shape[1]))
        if daily:
            m, s = fitted.log_mean[d], fitted.log_sd[d]
            factor = np.maximum(np.expm1(m + s * z[:, d]), 0.0) / expected[d] if expected[d] > 0 else 0 * z[:, d]
            rate = factor[:, None] * rate
        if fitted.alpha > 0:
            rate = rate * rng.gamma(1 / fitted.alpha, fitted.alpha, size=rate.shape)
        yield d, rng.poisson(rate).astype(float)
