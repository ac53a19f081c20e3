"""The forecasting models: two baselines and a daily model with calendar effects.

Each model turns a :class:`~svcdesign.forecast.history.DemandHistory` into a :class:`Fitted`: the
expected count of every interval of the horizon, the over-dispersion of interval counts around it
(negative-binomial, :math:`\\mathrm{Var} = \\mu + \\alpha\\mu^2`) and, for the daily model, the uncertainty of
each day's level (a log-normal factor shared by the intervals of a day). The package docstring gives the
theory; every setting below was chosen before looking at any test data.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..calendars import event_dates, public_holidays
from ..errors import InputError
from ..i18n.phrases import Figure, Listing, Phrase, Word, tr
from .history import DemandHistory

METHODS: tuple[str, ...] = ("seasonal_naive", "weekly_profile", "daily_sarimax")
"""Forecasting methods: the same weekday-interval one week earlier; the mean of the last weeks per
weekday-interval; daily totals by SARIMAX with weekly seasonality, drift and calendar regressors, times
intraday shares per weekday."""

MIN_DAYS: dict[str, int] = {"seasonal_naive": 14, "weekly_profile": 14, "daily_sarimax": 56}
"""Fewest days of history (observed or missing, first to last date) each method needs: two weeks for a
baseline (one to copy or average, one more to measure its error), eight weeks for the daily model
(seasonal differencing at lag 7 and enough weeks left to estimate three coefficients and the calendar
effects)."""

PROFILE_WEEKS = 4
"""Weeks averaged by ``weekly_profile`` (at most; fewer when the history is shorter)."""

ERROR_WEEKS = 4
"""Weeks of in-sample errors used to estimate the baselines' over-dispersion."""

SHARE_WEEKS = 8
"""Recent weeks from which the daily model's intraday shares (per weekday) are estimated."""

DAILY_DAYS = 364
"""Most recent days (52 weeks) the daily model is fitted on (older history is not used)."""

SARIMAX_ORDER = ((1, 0, 1), (0, 1, 1, 7))
"""(p, d, q) and seasonal (P, D, Q, s) orders of the daily model on log(1 + daily total): the "airline"
structure with weekly period (Box & Jenkins), a constant on the weekly-differenced series being a linear
trend in the level."""


@dataclass
class Fitted:
    """What a model gives for the horizon.

    Attributes
    ----------
    dates:
        The horizon's dates (midnights).
    mean:
        Expected contacts per interval, (days × intervals per day).
    alpha:
        Negative-binomial over-dispersion of an interval's count around its (known) mean,
        :math:`\\mathrm{Var} = \\mu + \\alpha\\mu^2`; 0 is Poisson.
    log_mean, log_sd:
        Per day, the centre and scale of log(1 + daily total) from the daily model: the forecast
        log(1 + total) is ``log_mean + log_sd × e``, e drawn from ``level_errors``; NaN and 0 for the
        baselines (no daily-level uncertainty beyond ``alpha``).
    level_errors:
        The daily model's standardized one-step in-sample errors (mean about 0, variance about 1), whose
        empirical distribution is the shape of the daily level's error; empty for the baselines.
    notes:
        Plain sentences on choices made on this history.
    """

    dates: pd.DatetimeIndex
    mean: np.ndarray
    alpha: float
    log_mean: np.ndarray
    log_sd: np.ndarray
    level_errors: np.ndarray = field(default_factory=lambda: np.zeros(0))
    notes: list[str] = field(default_factory=list)


class DailyLevel(NamedTuple):
    """The daily model's forecast of log(1 + daily total) for each day of a horizon.

    Attributes
    ----------
    mean, sd:
        Per day, the state-space forecast mean and standard deviation of log(1 + total).
    errors:
        Standardized one-step in-sample errors of the fit (their empirical distribution replaces the
        normal one: see :func:`daily_level`).
    notes:
        Plain sentences on the fit (calendar effects).
    """

    mean: np.ndarray
    sd: np.ndarray
    errors: np.ndarray
    notes: list[str]


def expected_total(level: DailyLevel | Fitted) -> np.ndarray:
    """Expected daily total, contacts: the mean of max(exp(m + s·e) − 1, 0) over the standardized errors e,
    per day (m, s the centre and scale of log(1 + total))."""
    if isinstance(level, Fitted):
        m, s, e = level.log_mean, level.log_sd, level.level_errors
    else:
        m, s, e = level.mean, level.sd, level.errors
    return np.maximum(np.expm1(m[:, None] + s[:, None] * e[None, :]), 0.0).mean(axis=1)


def check_method(method: object) -> str:
    """``method`` if it is one of :data:`METHODS`; InputError otherwise."""
    if method not in METHODS:
        raise InputError("method", method, f"one of {', '.join(METHODS)}")
    return str(method)


def check_length(history: DemandHistory, method: str) -> None:
    """InputError unless the history is long enough for ``method`` (:data:`MIN_DAYS`)."""
    need = MIN_DAYS[method]
    have = len(history.dates)
    if have < need or history.days_observed < need // 2:
        raise InputError(
            "history",
            f"{have} days ({history.days_observed} observed)",
            f"at least {need} days for method {method!r} (and at least {need // 2} of them observed)",
        )


def _dispersion(actual: np.ndarray, expected: np.ndarray) -> float:
    """Method-of-moments over-dispersion: (Σ(y−μ)² − Σμ) / Σμ², at least 0 (Cameron & Trivedi 2013, §3.2)."""
    ok = np.isfinite(actual) & np.isfinite(expected)
    y, mu = actual[ok], expected[ok]
    denominator = float(np.sum(mu**2))
    if denominator <= 0:
        return 0.0
    return max(0.0, (float(np.sum((y - mu) ** 2)) - float(np.sum(mu))) / denominator)


def _horizon(history: DemandHistory, days: int) -> pd.DatetimeIndex:
    return pd.date_range(history.dates[-1] + pd.Timedelta(days=1), periods=days, freq="D")


def _no_level(days: int) -> tuple[np.ndarray, np.ndarray]:
    return np.full(days, np.nan), np.zeros(days)


def seasonal_naive(history: DemandHistory, days: int) -> Fitted:
    """Each interval as the same weekday-interval in the last observed week (one week earlier, or more
    when that day is missing); dispersion from the same rule's errors over the last :data:`ERROR_WEEKS`."""
    check_length(history, "seasonal_naive")
    m = history.matrix()
    n = m.shape[0]
    dates = _horizon(history, days)
    mean = np.empty((days, m.shape[1]))
    for h in range(days):
        k = n + h - 7 * ((h // 7) + 1)  # the same weekday in the last week of the history
        while k >= 0 and np.isnan(m[k, 0]):
            k -= 7
        if k < 0:
            raise InputError("history", f"no observed {dates[h]:%A}", "at least one observed day of every weekday")
        mean[h] = m[k]
    first = max(7, n - 7 * ERROR_WEEKS)
    alpha = _dispersion(m[first:], m[first - 7 : n - 7])
    return Fitted(dates, mean, alpha, *_no_level(days))


def weekly_profile(history: DemandHistory, days: int, weeks: int = PROFILE_WEEKS) -> Fitted:
    """Each interval as the mean of the same weekday-interval over the last ``weeks`` weeks (missing days
    skipped); dispersion from the spread of those weeks around their mean: the sample variance times
    (1 + 1/K) for the estimated mean (K = observed weeks)."""
    check_length(history, "weekly_profile")
    m = history.matrix()
    n = m.shape[0]
    weeks = max(2, min(int(weeks), n // 7))
    recent = m[n - 7 * weeks :].reshape(weeks, 7, -1)  # week × weekday (aligned on the last day) × interval
    observed = np.isfinite(recent[:, :, 0])
    if not observed.any(axis=0).all():
        raise InputError("history", "a weekday never observed in the last weeks", "every weekday observed")
    profile = np.nanmean(recent, axis=0)
    k = observed.sum(axis=0)
    spread = np.where(np.isfinite(recent), recent - profile, np.nan)
    # per cell, the predictive variance is s²(1 + 1/K) with s² = Σ(y − mean)² / (K − 1)
    inflate = np.where(k > 1, (k + 1) / (k * np.maximum(k - 1, 1)), np.nan)
    squared = np.nansum(spread**2, axis=0) * inflate[:, None]
    mu = profile[k > 1]
    alpha = _dispersion_sums(float(np.nansum(squared[k > 1])), float(np.sum(mu)), float(np.sum(mu**2)))
    dates = _horizon(history, days)
    mean = np.stack([profile[h % 7] for h in range(days)])  # day h of the horizon is weekday slot h % 7
    return Fitted(
        dates, mean, alpha, *_no_level(days), notes=[Phrase(tr("profile of the last {n} weeks"), n=Figure(f"{weeks}"))]
    )


def _dispersion_sums(squared: float, total: float, total_squared: float) -> float:
    return 0.0 if total_squared <= 0 else max(0.0, (squared - total) / total_squared)


def calendar_regressors(dates: pd.DatetimeIndex, country: str | None, events: Sequence[str]) -> pd.DataFrame:
    """0/1 columns: ``holiday`` (a public holiday of ``country``, from the ``holidays`` package) and one per
    named event of :mod:`svcdesign.calendars` (its dates in each year)."""
    years = sorted({int(d.year) for d in dates})
    columns: dict[str, np.ndarray] = {}
    days = [d.date() for d in dates]
    if country is not None:
        found = public_holidays(country, years)
        columns[tr("holiday")] = np.array([d in found for d in days], dtype=float)  # its name is shown in notes
    for event in events:
        on: set[dt.date] = set()
        for year in years:
            on.update(event_dates(event, year))
        columns[str(event).strip().lower()] = np.array([d in on for d in days], dtype=float)
    return pd.DataFrame(columns, index=dates)


def daily_sarimax(
    history: DemandHistory,
    days: int,
    *,
    country: str | None = None,
    events: Sequence[str] = (),
    level: DailyLevel | None = None,
) -> Fitted:
    """Daily totals by SARIMAX (:data:`SARIMAX_ORDER` on log(1 + total), calendar regressors) times the
    intraday share of each interval for that weekday over the last :data:`SHARE_WEEKS` weeks.

    ``level`` passes a daily forecast already made for this origin (:func:`daily_level`), so that a
    backtest fits the daily model once for every interval length.
    """
    check_length(history, "daily_sarimax")
    dates = _horizon(history, days)
    if level is None:
        level = daily_level(history.daily_totals(), days, country=country, events=events)
    m = history.matrix()
    n = m.shape[0]
    start = max(0, n - 7 * SHARE_WEEKS)
    recent, recent_dates = m[start:], history.dates[start:]
    usual = (
        ~calendar_regressors(recent_dates, country, events).any(axis=1).to_numpy()
        if (country or events)
        else (np.ones(len(recent_dates), dtype=bool))
    )
    totals = recent.sum(axis=1)
    good = np.isfinite(totals) & usual
    overall = np.nansum(recent[good], axis=0)
    shares = np.empty((7, m.shape[1]))
    for wd in range(7):
        pick = good & (recent_dates.day_of_week == wd)
        s = recent[pick].sum(axis=0)
        shares[wd] = s / s.sum() if s.sum() > 0 else (overall / overall.sum() if overall.sum() > 0 else 1 / m.shape[1])
    weekday = recent_dates.day_of_week[good]
    in_mean = totals[good, None] * shares[weekday]
    # The shares are estimated from these same days: K days of a weekday leave K − 1 degrees of freedom, and
    # a new day's count also carries the error of the estimated share, so the in-sample squared errors are
    # scaled by (K + 1)/(K − 1) to the predictive variance (as for ``weekly_profile``).
    k = np.bincount(weekday, minlength=7)[weekday]
    scale = np.where(k > 1, (k + 1) / np.maximum(k - 1, 1), np.nan)[:, None]
    squared = (recent[good] - in_mean) ** 2 * scale
    counted = np.isfinite(squared)
    alpha = _dispersion_sums(
        float(squared[counted].sum()), float(in_mean[counted].sum()), float((in_mean[counted] ** 2).sum())
    )
    mean = expected_total(level)[:, None] * shares[dates.day_of_week]
    return Fitted(dates, mean, alpha, level.mean, level.sd, level.errors, notes=list(level.notes))


def daily_level(totals: pd.Series, days: int, *, country: str | None = None, events: Sequence[str] = ()) -> DailyLevel:
    """Forecast of log(1 + daily total) for the ``days`` after the series (statsmodels SARIMAX,
    :data:`SARIMAX_ORDER`, missing days skipped by the Kalman filter).

    The error of log(1 + total) is the state-space forecast standard deviation times a draw from the
    model's own standardized one-step in-sample errors (bootstrapped residuals: Hyndman &
    Athanasopoulos 2021, *Forecasting: principles and practice*, 3rd ed., §5.5), not a normal draw.
    Daily call totals have heavy tails — a few partial days (holiday eves, intermediate days of a
    festival, a holiday on a day the centre is nearly closed anyway) far off and most days close — so
    the Gaussian standard deviation, inflated by those few days, made 80% intervals too wide for the
    usual day while the empirical errors keep both the usual days and the tail. The h-step error takes
    the shape of the one-step errors scaled to the h-step standard deviation: exact at one day ahead,
    and close while, as with the weekly seasonal MA, the one-step innovation dominates the h-step
    variance.
    """
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    series = totals.iloc[-DAILY_DAYS:]
    future = pd.date_range(series.index[-1] + pd.Timedelta(days=1), periods=days, freq="D")
    notes: list[str] = []
    exog = (
        calendar_regressors(pd.DatetimeIndex(series.index.append(future)), country, events)
        if (country or events)
        else None
    )
    if exog is not None:
        seen = exog.iloc[: len(series)][series.notna().to_numpy()]
        unused = [c for c in exog.columns if seen[c].sum() == 0]
        if unused:
            notes.append(
                Phrase(tr("calendar effects not in the history, left out: {names}"), names=Listing(map(Word, unused)))
            )
            exog = exog.drop(columns=unused)
        if exog.shape[1] == 0:
            exog = None
    order, seasonal = SARIMAX_ORDER
    endog = np.log1p(series.to_numpy(dtype=float))
    model = SARIMAX(
        endog,
        exog=None if exog is None else exog.iloc[: len(series)].to_numpy(),
        order=order,
        seasonal_order=seasonal,
        trend="c",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter; the fit is checked below
        result = model.fit(disp=False)
        prediction = result.get_forecast(days, exog=None if exog is None else exog.iloc[len(series) :].to_numpy())
    mean = np.asarray(prediction.predicted_mean, dtype=float)
    sd = np.sqrt(np.asarray(prediction.var_pred_mean, dtype=float))
    standardized = np.asarray(result.filter_results.standardized_forecasts_error, dtype=float)[0]
    burn = result.loglikelihood_burn  # the first (seasonal-difference) days, fitted by the diffuse start
    errors = standardized[burn:][np.isfinite(endog[burn:])]  # a missing day's "error" is 0, not an error
    errors = errors[np.isfinite(errors)]
    if not (np.isfinite(mean).all() and np.isfinite(sd).all()) or len(errors) < MIN_DAYS["daily_sarimax"] // 2:
        raise InputError("history", "a daily series the SARIMAX model cannot fit", "a history with varied daily totals")
    if exog is not None:
        names = list(exog.columns)
        effects = Listing(
            Phrase(tr("{name} ×{factor}"), name=Word(name), factor=Figure(f"{np.exp(result.params[i + 1]):.2f}"))
            for i, name in enumerate(names)
        )
        notes.append(Phrase(tr("calendar effects (multiplier on the daily total): {effects}"), effects=effects))
    return DailyLevel(mean, sd, errors, notes)
