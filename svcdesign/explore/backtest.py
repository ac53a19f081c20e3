"""Backtest: what a scenario predicts per interval against what a contact log shows.

``backtest(scenario, log)`` evaluates the scenario (a typical week) and compares, for every interval of
the week in which the log holds at least one contact asking for an agent:

- **service level**: share of *all* arriving contacts answered within the stage's target time
  (abandoners count as not answered — the convention of the analytic engine);
- **mean wait** (ASA, seconds): mean time in queue over all arriving contacts (answered or abandoned;
  zero for those answered at once);
- **abandonment**: share of arriving contacts that gave up while waiting;
- **arrivals**: contacts per interval (mean per observed day).

Observed values pool every observed day of the same weekday and interval (ratios of sums, so a busy
day weighs more than a quiet one). Errors per metric: mean absolute error over intervals (``mae``, each
interval counts once), the same weighted by observed contacts (``weighted_mae``) and the mean signed
error predicted − observed (``bias``). Where the prediction is infinite (Erlang C without a steady
state) the interval is left out of the wait errors and counted in ``infinite``.

This is an *in-sample* check of the model form when the scenario was calibrated on the same log. Given
a log and two periods instead, ``backtest(log, train=(start, end), test=(start, end), engines=[…])``
is the out-of-sample backtest by real dates of :mod:`svcdesign.explore.backtest_dates`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast, overload

import numpy as np
import pandas as pd

from ..data.calibrate import observed_days
from ..data.logs import ContactLog
from ..data.on_duty import OnDuty
from ..errors import InputError
from ..model import Scenario
from ..results import Results, period_label
from .backtest_dates import DatedBacktest, Period, backtest_dates
from .predict import METRICS, predict


@dataclass(frozen=True, eq=False)
class Backtest:
    """Predicted against observed, per interval of the week.

    Attributes
    ----------
    label: name of the prediction (e.g. ``"analytic, Erlang A"``).
    stage: the stage compared.
    target_time: the service-level target time, seconds.
    interval_minutes: interval length.
    intervals: one row per interval of the week: ``period``, ``label`` (e.g. ``"Mon 08:00"``), observed
        ``contacts`` and ``days``, and ``observed_<metric>`` / ``predicted_<metric>`` for each metric;
        ``compared`` marks the intervals with at least one observed contact.
    errors: one row per metric: ``mae``, ``weighted_mae``, ``bias``, ``intervals``, ``infinite``;
        shares as fractions, waits in seconds, arrivals in contacts per interval.
    source: the log's source.
    """

    label: str
    stage: str
    target_time: float
    interval_minutes: int
    intervals: pd.DataFrame
    errors: pd.DataFrame
    source: str

    def __repr__(self) -> str:
        return (
            f"Backtest({self.label!r}, stage={self.stage!r}: "
            f"MAE service level {self.error('service_level', 'mae'):.3f}, "
            f"ASA {self.error('asa', 'mae'):.1f} s, abandonment {self.error('p_abandon', 'mae'):.3f})"
        )

    def error(self, metric: str, column: str) -> float:
        """One cell of ``errors``: ``column`` (e.g. ``"mae"``) of ``metric`` (e.g. ``"asa"``), as a float."""
        return float(cast(float, self.errors.loc[metric, column]))  # the stubs type a cell as any scalar


def observed_per_interval(log: ContactLog, interval: int, target_time: float) -> pd.DataFrame:
    """Observed figures per interval of the week (see module docstring), pooled over observed days."""
    per_day = 1440 // interval
    contacts = log.contacts
    days, _ = observed_days(log)
    minutes = contacts["arrival"].dt.hour * 60 + contacts["arrival"].dt.minute
    period = (contacts["arrival"].dt.day_of_week * per_day + minutes // interval).to_numpy(dtype=int)
    answered = (contacts["outcome"] == "answered").to_numpy()
    abandoned = (contacts["outcome"] == "abandoned").to_numpy()
    wait = contacts["wait"].to_numpy(dtype=float)
    T = 7 * per_day
    count = np.bincount(period, minlength=T).astype(float)
    within = np.bincount(period, weights=(answered & (wait <= target_time)).astype(float), minlength=T)
    gave_up = np.bincount(period, weights=abandoned.astype(float), minlength=T)
    waited = np.bincount(period, weights=np.nan_to_num(wait), minlength=T)
    n_days = np.repeat(days["days"].to_numpy(dtype=float), per_day)
    with np.errstate(invalid="ignore", divide="ignore"):
        frame = pd.DataFrame(
            {
                "period": np.arange(T),
                "contacts": count.astype(int),
                "days": n_days.astype(int),
                "observed_arrivals": np.where(n_days > 0, count / np.maximum(n_days, 1), np.nan),
                "observed_service_level": np.where(count > 0, within / count, np.nan),
                "observed_asa": np.where(count > 0, waited / count, np.nan),
                "observed_p_abandon": np.where(count > 0, gave_up / count, np.nan),
            }
        )
    return frame


@overload
def backtest(
    scenario: Scenario,
    log: ContactLog,
    *,
    engine: str | Callable[[Scenario], Results] = ...,
    label: str | None = ...,
    stage: str | None = ...,
    options: Mapping[str, Any] | None = ...,
) -> Backtest: ...


@overload
def backtest(
    scenario: ContactLog,
    log: None = ...,
    *,
    train: Period,
    test: Period,
    engines: Sequence[str | Callable[[Scenario], Results]] = ...,
    interval: int = ...,
    staffing: str | OnDuty = ...,
    min_calls: int = ...,
    calibration: Mapping[str, Any] | None = ...,
    options: Mapping[str, Any] | None = ...,
    weekdays: Sequence[str | int] | None = ...,
    floor_replications: int = ...,
) -> DatedBacktest: ...


def backtest(
    scenario: Scenario | ContactLog, log: ContactLog | None = None, **settings: Any
) -> Backtest | DatedBacktest:
    """Compare predictions with a log: a scenario's typical week in sample (this module), or, given a log
    and ``train``/``test`` periods, the out-of-sample backtest by real dates
    (:func:`~svcdesign.explore.backtest_dates.backtest_dates`, whose keyword arguments it takes)."""
    if isinstance(scenario, ContactLog) and log is None:
        return backtest_dates(scenario, **settings)
    return _in_sample(scenario, log, **settings)


def _in_sample(
    scenario: Any,
    log: Any,
    *,
    engine: str | Callable[[Scenario], Results] = "analytic",
    label: str | None = None,
    stage: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Backtest:
    """Compare a scenario's predictions with a log, interval by interval (see module docstring).

    Parameters
    ----------
    scenario: typically ``calibrate(log).scenario`` (or a variant, e.g. with infinite patience).
    log: the contact log to compare with (:func:`~svcdesign.data.read_contact_log`).
    engine: ``"analytic"`` (:func:`svcdesign.evaluate`), ``"simulation"`` (:func:`svcdesign.simulate`) or a
        callable ``Scenario → Results``.
    label: name of the prediction in tables and figures (default: the engine and scenario name).
    stage: the stage to compare (default: the channel entry stage, i.e. the first stage).
    options: keyword arguments for the engine, e.g. ``{"replications": 200, "seed": 1}`` for
        :func:`svcdesign.engines.simulation.simulate` (whose defaults are 10 replications, seed 0).
        The simulation's per-interval figures are means over replications of each replication's
        ratio, and its predicted arrivals are simulated counts, not the scenario's expected ones.
    """
    if not isinstance(scenario, Scenario):
        raise InputError("scenario", type(scenario).__name__, "a svcdesign Scenario")
    if not isinstance(log, ContactLog):
        raise InputError("log", type(log).__name__, "a ContactLog from svcdesign.data.read_contact_log")
    if len(log.contacts) == 0:
        raise InputError(
            "contacts asking for an agent (answered or abandoned)",
            0,
            "at least 1: a backtest compares them with the prediction",
            source=log.source,
        )
    if label is not None and not isinstance(label, str):
        raise InputError("label", label, "text naming the prediction, e.g. 'Erlang A'")
    if stage is not None and stage not in scenario.stage_names:
        raise InputError("stage", stage, f"one of the scenario's stages: {', '.join(map(repr, scenario.stage_names))}")
    stage = stage or scenario.demand.channels[0].entry_stage or scenario.stage_names[0]
    target = scenario.target_for(stage)
    interval = scenario.demand.interval_minutes
    if options is not None and not isinstance(options, Mapping):
        raise InputError("options", options, "a mapping of keyword arguments for the engine, e.g. {'seed': 1}")
    results = predict(scenario, engine, dict(options or {}))
    if float(results.period_minutes) != float(interval):
        raise InputError("engine", engine, f"an engine reporting {interval}-minute periods, like the scenario")
    table = observed_per_interval(log, interval, target.answer_within)
    T = len(table)
    for metric in METRICS:
        values = results.metric(metric, stage)[stage]
        series = pd.Series(np.asarray(values, dtype=float), index=np.asarray(values.index, dtype=int))
        table[f"predicted_{metric}"] = series.reindex(range(T)).to_numpy()
    table.insert(1, "label", [period_label(p, interval) for p in range(T)])
    table["compared"] = table["contacts"] > 0
    errors = _errors(table)
    engine_name = engine if isinstance(engine, str) else getattr(engine, "__name__", "custom engine")
    return Backtest(
        label=label or f"{engine_name}: {scenario.name}",
        stage=stage,
        target_time=float(target.answer_within),
        interval_minutes=interval,
        intervals=table,
        errors=errors,
        source=log.source,
    )


def _errors(table: pd.DataFrame) -> pd.DataFrame:
    rows = []
    used = table["compared"].to_numpy()
    weights = table["contacts"].to_numpy(dtype=float)
    for metric in METRICS:
        obs = table[f"observed_{metric}"].to_numpy(dtype=float)
        pred = table[f"predicted_{metric}"].to_numpy(dtype=float)
        finite = used & np.isfinite(pred) & np.isfinite(obs)
        diff = pred[finite] - obs[finite]
        w = weights[finite]
        rows.append(
            {
                "metric": metric,
                "mae": float(np.abs(diff).mean()) if diff.size else np.nan,
                "weighted_mae": float((np.abs(diff) * w).sum() / w.sum()) if w.sum() > 0 else np.nan,
                "bias": float(diff.mean()) if diff.size else np.nan,
                "intervals": int(finite.sum()),
                "infinite": int((used & ~np.isfinite(pred)).sum()),
            }
        )
    return pd.DataFrame(rows).set_index("metric")


def compare_backtests(backtests: Iterable[Backtest]) -> pd.DataFrame:
    """Error tables of several backtests side by side: index (label, metric)."""
    frames = {b.label: b.errors for b in backtests}
    return pd.concat(frames, names=["prediction", "metric"])
