"""Out-of-sample backtest by real dates: calibrate on one period, predict every hour of another.

``backtest_dates(log, train=(start, end), test=(start, end))`` (also ``backtest(log, train=…, test=…)``)
calibrates a scenario on the contacts that arrived in the training dates only
(:func:`svcdesign.data.calibrate`), then predicts each interval of each real date of the test period and
compares it with what the log shows that date and interval. Four kinds of prediction:

- **observed staff**: each engine is given the test date's *observed* arrivals per interval and the
  staff reconstructed from the test date's log (:func:`svcdesign.data.on_duty`; by default
  ``"available"``: the agents serving while a contact waits, else the agents on shift — observed
  staffing read from the test date's own log, not a forecast; see "Which staff" below); everything
  else (handle time with its profile per weekday and interval, patience, segments) comes from the
  training period. It tests the queueing model, not a demand forecast. The same with the lower and
  upper reconstructions of staff shows how much the staff uncertainty moves the prediction
  (``… staff lower`` / ``… staff upper``).
- **observed staff and handle time** (``… observed staff and handle time``): as observed staff, and each
  test date-interval's observed mean handle time of its answered contacts too, given as the stage's
  handle-time profile relative to the scenario's mean handle time of a contact (the stage's mean × the
  segments' handle-time multipliers weighted by their shares), so that the engine's mean handle time of
  the cell is the observed one; cells without answered contacts keep the calibrated profile. This is
  the setting in which Brown et al. (2005, JASA 100(469)) validated Erlang A: each hour's observed
  arrival rate, mean service time and number of agents. It separates the queueing model's error from
  the error of forecasting a date's handle time from the training period.
- **planned staff**: the test date's observed arrivals with the staff the calibrated scenario plans for
  that weekday and interval (the training period's mean), as a plan made before the test period would.
- **seasonal naive** (the baseline): the training period's observed figure for the same weekday and
  interval (ratios of sums over the training dates).

Compared per cell (one date × interval of the test period): service level (share of arriving contacts
answered within the target time), abandonment (share that gave up) and mean wait over all arriving
contacts (seconds). Cells compared: those with at least one contact whose weekday and interval the
training period also observed (the baseline needs them). Errors per prediction and metric
(:attr:`DatedBacktest.errors`): ``weighted_mae`` (absolute errors weighted by the cell's contacts),
``busy_mae`` (unweighted, over the cells with at least ``min_calls`` contacts), ``bias`` (call-weighted
mean of predicted − observed), ``busy_bias``, and the skill against the seasonal-naive baseline,
``1 − MAE ÷ MAE of the baseline`` (``skill`` on ``busy_mae``, ``weighted_skill`` on ``weighted_mae``;
positive: better than the baseline), and for the shares the ``noise_floor``: the busy cells' mean of
``E|B/n − p|`` for ``B`` binomial with the cell's ``n`` contacts and ``p`` the observed share, the error
a model knowing each cell's true share would still make because each cell holds only ``n`` contacts.
Infinite predicted waits (Erlang C overload) are left out of the
wait errors and counted in ``infinite``.

**How small an error can be.** One date-hour of a centre with five agents is a small sample of a
congested queue: the calls of an hour are not independent (a queue that builds at 10:05 delays the calls
of 10:10 too), so even a model that knew the true arrival rate, handle time, patience and agents would
miss each hour's realised figure by a large margin. The ``queue_floor`` measures this: the test period is
simulated ``floor_replications`` times with its observed arrivals and staff (the simulation engine,
which carries queues from one interval to the next) and, per cell, the spread of one replication's figure
around the replications' mean, ``E|X − E X|`` (from the replications' standard deviation, a normal
approximation: ``σ·√(2/π)``) is averaged over the busy cells — the busy MAE a perfect model would still
show. On the bank log of January 1999 it is about 12 points of service level and 3.5 of abandonment per
date-hour, against the 4 and 2 of the binomial ``noise_floor`` that treats calls as independent. Errors
pooled over the test dates per interval of the day (``hourly_mae``: the call-weighted predicted and the
observed figure of each interval of the day, compared over the intervals with at least ``min_calls``
contacts per test date on average; ``hourly_floor`` is its floor, the pooled spread) show the model's
systematic error once most of that noise averages out. ``weekdays`` restricts the compared test dates
(e.g. a centre's working days).

**Which staff.** Reconstructed presence (``"presence"``) counts an agent idle between two contacts as
available, which over-states the agents Erlang A needs where agents take breaks, do after-contact or
outbound work: on the January 1999 bank log, with presence, the model over-predicts the service level
of the held-out half by 5-9 points pooled per hour of the day. ``"available"`` counts, while a contact
waits, only the agents serving (a free agent would have taken it), and otherwise the agents on shift;
it removes most of that bias in both directions of the split, and its one parameter (the gap that ends
a shift, :data:`~svcdesign.data.on_duty.AVAILABLE_GAP`) was chosen by validation within each training
half (benchmarks/RESULTS.md, out-of-sample backtest section). It reads the queue of the very date and
interval it predicts, so it is observed staffing, like presence, and no forecast: a plan still needs
the share of its agents' time that is available.

Each test date is placed in its weekday's slot of a scenario week (dates seven or more days apart in
separate weeks), so an engine that carries queues from one interval to the next (the simulation) sees
the intervals of one date in order, starting each week empty.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from scipy.stats import binom
from scipy.stats import t as student_t

from .. import checks
from ..assumptions import load_assumptions
from ..data.calibrate import calibrate
from ..data.logs import ContactLog
from ..data.on_duty import OnDuty, on_duty
from ..errors import InputError
from ..model import Scenario
from ..model.compiled import handle_scale_per_period
from ..model.limits import HANDLE_TIME_PROFILE
from ..model.units import WEEKDAYS, parse_weekday
from ..results import ALL, Results
from .predict import predict

COMPARED = ("service_level", "p_abandon", "asa")
"""Metrics compared per cell (:data:`~svcdesign.explore.predict.METRICS` names)."""
MIN_CALLS = int(load_assumptions().value("data.backtest_min_calls"))
"""Default fewest contacts in a cell (one date × interval) for it to count in ``busy_mae``, from the
assumptions table (``data.backtest_min_calls``)."""
NAIVE = "seasonal naive"
"""Label of the baseline prediction."""
SPREAD = ("service_level", "p_abandon")
"""Shares whose replication-to-replication spread measures the queue floor."""
FLOOR_REPLICATIONS = 40
"""Default replications of the simulation that measures the queue floor (module docstring)."""

Period = tuple[Any, Any]


@dataclass(frozen=True, eq=False)
class DatedBacktest:
    """Predictions of a held-out period against the log, per real date and interval (module docstring).

    Attributes
    ----------
    train, test: first and last dates (inclusive) of each period.
    cells: one row per prediction × compared cell: ``prediction``, ``date``, ``slot`` (interval of the
        day), ``label`` (``"1999-01-18 Mon 10:00"``), ``contacts``, ``busy`` (≥ ``min_calls``),
        ``staff`` (the staff the prediction used; NaN for the baseline), ``observed_<metric>`` and
        ``predicted_<metric>`` for each of :data:`COMPARED` (shares as fractions, waits in seconds), and
        ``spread_<share>`` for each of :data:`SPREAD`: the cell's ``E|X − E X|`` for one realisation of a
        queue with its observed arrivals and staff (module docstring; NaN without a floor).
    by_hour: per prediction × interval of the day, pooled over the test dates: ``contacts``,
        ``observed_<metric>`` (ratio of sums), ``predicted_<metric>`` (call-weighted mean),
        ``mae_<metric>`` (call-weighted mean absolute error: the error band of the figure) and
        ``low_<metric>``/``high_<metric>`` (predicted ∓ that error).
    errors: index (prediction, metric): ``weighted_mae``, ``busy_mae``, ``bias``, ``busy_bias``,
        ``skill``, ``weighted_skill``, ``noise_floor`` (binomial), ``queue_floor``, ``cells``,
        ``busy_cells``, ``infinite``; pooled per interval of the day: ``hourly_mae``, ``hourly_bias``,
        ``hourly_skill``, ``hourly_floor``, ``busy_hours`` (intervals with at least ``min_calls``
        contacts per test date).
    staffing: the staff-on-duty method (or ``"roster"``).
    """

    train: tuple[dt.date, dt.date]
    test: tuple[dt.date, dt.date]
    interval_minutes: int
    target_time: float
    min_calls: int
    staffing: str
    scenario: Scenario
    cells: pd.DataFrame
    by_hour: pd.DataFrame
    errors: pd.DataFrame
    source: str

    @property
    def predictions(self) -> list[str]:
        """Labels of the predictions, baseline last."""
        return list(dict.fromkeys(self.cells["prediction"]))

    def error(self, prediction: str, metric: str, column: str) -> float:
        """One cell of ``errors`` as a float."""
        return float(cast(float, self.errors.loc[(prediction, metric), column]))

    def __repr__(self) -> str:
        first = self.predictions[0]
        return (
            f"DatedBacktest(train {self.train[0]}..{self.train[1]}, test {self.test[0]}..{self.test[1]}, "
            f"{first!r}: busy-hour MAE service level {100 * self.error(first, 'service_level', 'busy_mae'):.1f} "
            f"points, abandonment {100 * self.error(first, 'p_abandon', 'busy_mae'):.1f} points)"
        )


def backtest_dates(
    log: ContactLog,
    *,
    train: Period,
    test: Period,
    engines: Sequence[str | Callable[[Scenario], Results]] = ("analytic",),
    interval: int = 60,
    staffing: str | OnDuty = "available",
    min_calls: int = MIN_CALLS,
    calibration: Mapping[str, Any] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    weekdays: Sequence[str | int] | None = None,
    floor_replications: int = FLOOR_REPLICATIONS,
) -> DatedBacktest:
    """Calibrate on ``train``, predict every interval of every date of ``test`` (module docstring).

    Parameters
    ----------
    log: the contact log holding both periods.
    train, test: ``(first, last)`` dates, inclusive (dates, or text such as ``"1999-01-01"``).
    engines: engine names (``"analytic"``, ``"simulation"``) or callables ``Scenario → Results``.
    interval: minutes: 15, 30 or 60.
    staffing: a method of :func:`svcdesign.data.on_duty` used for both periods (``"available"``, the
        default, ``"presence"``, ``"shifts"``, ``"distinct"``, ``"busy"``), or an
        :class:`~svcdesign.data.on_duty.OnDuty` from a roster covering both (:func:`svcdesign.data.roster_on_duty`).
    min_calls: fewest contacts in a cell for ``busy_mae``.
    calibration: further keyword arguments of :func:`svcdesign.data.calibrate` (e.g. ``segment_by``).
    options: per engine name, its keyword arguments (e.g. ``{"simulation": {"replications": 100}}``).
    weekdays: the days of the week whose test dates are predicted and compared (names such as
        ``"Sun"`` or numbers, Monday = 0); all days when omitted. The training period is not restricted.
    floor_replications: replications of the simulation that measures the ``queue_floor`` and
        ``hourly_floor`` (module docstring; 0 to skip them, which leaves them NaN).
    """
    checks.instance("log", log, ContactLog, "a ContactLog from svcdesign.data.read_contact_log")
    checks.number("min_calls", min_calls, low=0, allowed="a whole number of contacts ≥ 0")
    checks.number(
        "floor_replications", floor_replications, low=0, integer=True, allowed="0 (no floor) or a whole number ≥ 2"
    )
    if floor_replications == 1:
        raise InputError("floor_replications", 1, "0 (no floor) or a whole number ≥ 2 (a spread needs two)")
    train_dates, test_dates = (_dates(log, p, name) for p, name in ((train, "train"), (test, "test")))
    test_dates = _on_weekdays(test_dates, weekdays)
    staff = staffing if isinstance(staffing, OnDuty) else on_duty(log, interval, method=_method(staffing))
    if staff.interval_minutes != interval:
        raise InputError("staffing", f"{staff.interval_minutes}-minute intervals", f"{interval}-minute intervals")
    train_log = _between(log, train_dates)
    settings = dict(calibration or {})
    scenario = calibrate(train_log, interval, staffing=staff, **settings).scenario
    stage = scenario.stage_names[0]
    target = float(scenario.target_for(stage).answer_within)
    test_log = _between(log, test_dates)
    observed = _observed(test_log, interval, target)
    _check_channels(scenario, observed, log.source)
    baseline = _baseline(observed, _observed(train_log, interval, target), interval, test_dates)
    frames = [
        frame
        for engine in engines
        for frame in _engine_frames(scenario, test_dates, observed, staff, engine, dict(options or {}))
    ]
    frames.append(baseline)
    cells = _cells(observed, frames, interval, min_calls)
    cells = cells.join(_spread(scenario, test_dates, observed, staff, floor_replications), on=["date", "slot"])
    return DatedBacktest(
        train=(train_dates[0].date(), train_dates[-1].date()),
        test=(test_dates[0].date(), test_dates[-1].date()),
        interval_minutes=interval,
        target_time=target,
        min_calls=int(min_calls),
        staffing=staff.method,
        scenario=scenario,
        cells=cells,
        by_hour=_by_hour(cells),
        errors=_errors(cells, min_calls, len(test_dates)),
        source=log.source,
    )


def _engine_frames(
    scenario: Scenario,
    dates: pd.DatetimeIndex,
    observed: pd.DataFrame,
    staff: OnDuty,
    engine: str | Callable[[Scenario], Results],
    options: Mapping[str, Mapping[str, Any]],
) -> list[pd.DataFrame]:
    """One engine's predictions of the test cells (module docstring), each labelled
    ``"<engine>, <prediction>"``; ``options`` per engine name."""
    name = engine if isinstance(engine, str) else getattr(engine, "__name__", "custom engine")
    mine = dict(options.get(name, {}))
    kinds = (
        ("observed staff", staff, "staff", False),
        ("observed staff and handle time", staff, "staff", True),
        ("staff lower", staff, "lower", False),
        ("staff upper", staff, "upper", False),
        ("planned staff", None, "staff", False),
    )
    return [
        _predicted(scenario, dates, observed, on, which, engine, mine, handle=handle).assign(
            prediction=f"{name}, {label}"
        )
        for label, on, which, handle in kinds
    ]


def _method(staffing: Any) -> str:
    allowed = ("available", "presence", "shifts", "distinct", "busy")
    checks.choice("staffing", staffing, allowed, allowed=f"one of {', '.join(allowed)}, or an OnDuty (a roster)")
    return cast(str, staffing)


def _on_weekdays(dates: pd.DatetimeIndex, weekdays: Sequence[str | int] | None) -> pd.DatetimeIndex:
    """``dates`` on the chosen days of the week (all when ``weekdays`` is None)."""
    if weekdays is None:
        return dates
    if isinstance(weekdays, (str, int)) or not isinstance(weekdays, Sequence) or not weekdays:
        raise InputError("weekdays", weekdays, f"a list of days of the week: {', '.join(WEEKDAYS)} or 0–6 (Monday = 0)")
    days = set()
    for day in weekdays:
        try:
            days.add(parse_weekday(day))
        except ValueError:
            raise InputError("weekdays", day, f"a day of the week: {', '.join(WEEKDAYS)} or 0–6 (Monday = 0)") from None
    chosen = dates[np.isin(dates.day_of_week, sorted(days))]
    if chosen.empty:
        raise InputError("weekdays", list(weekdays), "days of the week on which the test period has contacts")
    return chosen


def _dates(log: ContactLog, period: Period, name: str) -> pd.DatetimeIndex:
    """The log's dates within ``period`` (inclusive), refused when the period is malformed or empty."""
    if not isinstance(period, (tuple, list)) or len(period) != 2:
        raise InputError(name, period, "(first, last): two dates such as ('1999-01-01', '1999-01-15')")
    try:
        first, last = (pd.Timestamp(p).normalize() for p in period)
    except (ValueError, TypeError):
        raise InputError(name, period, "two dates such as ('1999-01-01', '1999-01-15')") from None
    if last < first:
        raise InputError(name, period, "a first date no later than the last")
    days = pd.DatetimeIndex(log.data["arrival"].dt.normalize().unique()).sort_values()
    chosen = days[(days >= first) & (days <= last)]
    if len(log.contacts[log.contacts["arrival"].dt.normalize().isin(chosen)]) == 0:
        span = f"{days[0]:%Y-%m-%d} to {days[-1]:%Y-%m-%d}" if len(days) else "no dates"
        raise InputError(name, f"{first:%Y-%m-%d} to {last:%Y-%m-%d}", f"dates with contacts in the log ({span})")
    return chosen


def _between(log: ContactLog, dates: pd.DatetimeIndex) -> ContactLog:
    """The log restricted to the contacts arriving on ``dates``."""
    data = log.data[log.data["arrival"].dt.normalize().isin(dates)].reset_index(drop=True)
    return dataclasses.replace(log, data=data)


def _rounded(values: np.ndarray) -> list[float]:
    return [float(f"{v:.6g}") for v in values]


def _observed(log: ContactLog, interval: int, target: float) -> pd.DataFrame:
    """Observed figures per date × interval with contacts, and per channel counts: index (date, slot).
    ``handled`` sums the positive handle times (s) of the answered contacts, ``handled_contacts`` counts them."""
    contacts = log.contacts
    arrival = contacts["arrival"]
    wait = contacts["wait"].to_numpy(dtype=float)
    handle = contacts["handle"].to_numpy(dtype=float)
    handled = (contacts["outcome"] == "answered").to_numpy() & (np.nan_to_num(handle) > 0)
    frame = pd.DataFrame(
        {
            "date": arrival.dt.normalize().to_numpy(),
            "slot": ((arrival.dt.hour * 60 + arrival.dt.minute) // interval).to_numpy(dtype=int),
            "channel": contacts["channel"].fillna("contacts").to_numpy(dtype=object),
            "contacts": 1.0,
            "within": ((contacts["outcome"] == "answered").to_numpy() & (wait <= target)).astype(float),
            "gave_up": (contacts["outcome"] == "abandoned").to_numpy(dtype=float),
            "waited": np.nan_to_num(wait),
            "handled": np.where(handled, handle, 0.0),
            "handled_contacts": handled.astype(float),
        }
    )
    sums = frame.groupby(["date", "slot"])[
        ["contacts", "within", "gave_up", "waited", "handled", "handled_contacts"]
    ].sum()
    sums["observed_service_level"] = sums["within"] / sums["contacts"]
    sums["observed_p_abandon"] = sums["gave_up"] / sums["contacts"]
    sums["observed_asa"] = sums["waited"] / sums["contacts"]
    by_channel = frame.groupby(["date", "slot", "channel"])["contacts"].sum().unstack("channel", fill_value=0)
    return sums.join(by_channel.add_prefix("channel:"))


def _predicted(
    scenario: Scenario,
    dates: pd.DatetimeIndex,
    observed: pd.DataFrame,
    staff: OnDuty | None,
    which: str,
    engine: str | Callable[[Scenario], Results],
    options: dict[str, Any],
    *,
    bounds: bool = False,
    handle: bool = False,
) -> pd.DataFrame:
    """An engine's prediction of each observed cell: the test dates' arrivals in a scenario week per
    block of seven dates, with the dates' staff (``staff``'s ``which`` figures) or the planned staff;
    with ``handle``, the dates' observed mean handle times too (:func:`_handle_profile`); with
    ``bounds``, also the ``lower_``/``upper_`` ends of the engine's interval of each metric."""
    stage = scenario.stage_names[0]
    per_day = 1440 // scenario.demand.interval_minutes
    planned = np.asarray(scenario.stages[0].staff, dtype=float)
    rows = []
    block = ((dates - dates[0]).days // 7).to_numpy()
    for k in np.unique(block):
        chosen = dates[block == k]
        week_staff = planned.copy() if staff is None else np.zeros(7 * per_day)
        overrides: dict[str, Any] = {}
        for c, channel in enumerate(scenario.demand.channels):
            week = np.zeros(7 * per_day)
            for date in chosen:
                week[_slots(date, per_day)] = _arrivals(observed, date, channel.name, per_day)
            overrides[f"demand.channels.{c}.per_interval"] = _rounded(week)
        if staff is not None:
            for date, values in zip(chosen, staff.for_dates(chosen, which), strict=True):
                week_staff[_slots(date, per_day)] = values
        overrides[f"stages.{stage}.staff"] = _rounded(week_staff)
        if handle:
            overrides[f"stages.{stage}.handle_time_profile"] = _handle_profile(scenario, chosen, observed)
        results = predict(scenario.with_overrides(overrides), engine, options)
        for date in chosen:
            slots = _slots(date, per_day)
            frame = pd.DataFrame({"date": date, "slot": np.arange(per_day), "staff": week_staff[slots]})
            for metric in COMPARED:
                values = results.metric(metric, stage)[stage]
                series = pd.Series(np.asarray(values, dtype=float), index=np.asarray(values.index, dtype=int))
                frame[f"predicted_{metric}"] = series.reindex(slots).to_numpy()
                if bounds:
                    for end, column in _ends(results, metric, stage).items():
                        frame[f"{end}_{metric}"] = column.reindex(slots).to_numpy()
            rows.append(frame)
    return pd.concat(rows).set_index(["date", "slot"])


def _handle_profile(scenario: Scenario, dates: pd.DatetimeIndex, observed: pd.DataFrame) -> list[float]:
    """The stage's handle-time profile over a scenario week holding ``dates``: in each of their intervals
    with answered contacts, the observed mean handle time ÷ the scenario's mean handle time of a contact
    (the stage's mean × the segments' multipliers weighted by their shares), so that the engine's mean
    handle time there is the observed one; elsewhere the scenario's own profile."""
    stage = scenario.stages[0]
    per_day = 1440 // scenario.demand.interval_minutes
    week = handle_scale_per_period(stage, scenario.demand.interval_minutes)
    mean = stage.handle_time.mean * sum(g.share * g.handle_time_multiplier for g in scenario.segments)
    known = observed.index.get_level_values("date")
    for date in dates:
        if date not in known:
            continue
        day = observed.xs(date, level="date")
        day = day[day["handled_contacts"] > 0]
        slots = date.day_of_week * per_day + day.index.to_numpy(dtype=int)
        week[slots] = (day["handled"] / day["handled_contacts"]).to_numpy(dtype=float) / mean
    return _rounded(np.minimum(week, HANDLE_TIME_PROFILE.high))


def _spread(
    scenario: Scenario, dates: pd.DatetimeIndex, observed: pd.DataFrame, staff: OnDuty, replications: int
) -> pd.DataFrame:
    """Per test cell, ``E|X − E X|`` of each share of :data:`SPREAD` over replications of the simulation
    with the cell's observed arrivals and staff: ``σ·√(2/π)``, ``σ`` from the replications' Student-t 95%
    interval (module docstring; NaN without replications). Index (date, slot), columns ``spread_<share>``."""
    if replications == 0:
        return pd.DataFrame({f"spread_{m}": np.nan for m in SPREAD}, index=observed.index)
    interval = _predicted(
        scenario, dates, observed, staff, "staff", "simulation", {"replications": replications}, bounds=True
    )
    t = float(student_t.ppf(0.975, replications - 1))
    out = pd.DataFrame(index=interval.index)
    for metric in SPREAD:
        half = (interval[f"upper_{metric}"] - interval[f"lower_{metric}"]).to_numpy(dtype=float) / 2
        sigma = half * np.sqrt(replications) / t
        out[f"spread_{metric}"] = sigma * np.sqrt(2 / np.pi)
    return out


def _ends(results: Results, metric: str, stage: str) -> dict[str, pd.Series]:
    """The lower and upper ends of ``metric``'s interval per period of ``stage`` (all segments)."""
    d = results.data
    rows = d[(d["metric"] == metric) & (d["stage"] == stage) & (d["segment"] == ALL) & d["period"].notna()]
    index = rows["period"].to_numpy(dtype=int)
    return {end: pd.Series(rows[end].to_numpy(dtype=float), index=index) for end in ("lower", "upper")}


def _slots(date: pd.Timestamp, per_day: int) -> np.ndarray:
    return date.day_of_week * per_day + np.arange(per_day)


def _arrivals(observed: pd.DataFrame, date: pd.Timestamp, channel: str, per_day: int) -> np.ndarray:
    """The contacts of ``channel`` per interval of ``date``."""
    values = np.zeros(per_day)
    column = f"channel:{channel}"
    if column in observed.columns and date in observed.index.get_level_values("date"):
        day = observed[column].xs(date, level="date")
        values[day.index.to_numpy(dtype=int)] = day.to_numpy(dtype=float)
    return values


def _check_channels(scenario: Scenario, observed: pd.DataFrame, source: str) -> None:
    """Refuse a test period with contacts in a channel the training period did not see."""
    known = {f"channel:{c.name}" for c in scenario.demand.channels}
    unknown = [c[len("channel:") :] for c in observed.columns if c.startswith("channel:") and c not in known]
    if unknown:
        raise InputError(
            "channels of the test period",
            unknown,
            f"channels the training period holds ({', '.join(sorted(k[len('channel:') :] for k in known))})",
            source=source,
        )


def _seasonal(observed: pd.DataFrame, training: pd.DataFrame, interval: int) -> pd.DataFrame:
    """The baseline: the training period's figure for the cell's weekday and interval."""
    train = training.reset_index()
    train["weekday"] = pd.DatetimeIndex(train["date"]).day_of_week
    pooled = train.groupby(["weekday", "slot"])[["contacts", "within", "gave_up", "waited"]].sum()
    base = pd.DataFrame(index=observed.index)
    key = pd.MultiIndex.from_arrays(
        [pd.DatetimeIndex(base.index.get_level_values("date")).day_of_week, base.index.get_level_values("slot")]
    )
    found = pooled.reindex(key)
    counts = found["contacts"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        base["predicted_service_level"] = found["within"].to_numpy() / counts
        base["predicted_p_abandon"] = found["gave_up"].to_numpy() / counts
        base["predicted_asa"] = found["waited"].to_numpy() / counts
    base["staff"] = np.nan
    return base.assign(prediction=NAIVE)


def _baseline(observed: pd.DataFrame, training: pd.DataFrame, interval: int, dates: pd.DatetimeIndex) -> pd.DataFrame:
    """The seasonal-naive frame (:func:`_seasonal`), refused when it covers no test cell (no contact of
    the test period falls on a weekday and interval the training period observed: nothing to compare)."""
    frame = _seasonal(observed, training, interval)
    if not np.isfinite(frame["predicted_service_level"].to_numpy(dtype=float)).any():
        raise InputError(
            "test",
            f"{dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d}",
            "dates with contacts on a weekday and interval the training period also observed "
            "(the seasonal-naive baseline compares them)",
        )
    return frame


def _cells(observed: pd.DataFrame, frames: list[pd.DataFrame], interval: int, min_calls: int) -> pd.DataFrame:
    """The long table of :attr:`DatedBacktest.cells` over the compared cells."""
    naive = frames[-1]
    covered = observed.index[np.isfinite(naive["predicted_service_level"].to_numpy())]
    obs = observed.loc[covered, ["contacts"] + [f"observed_{m}" for m in COMPARED]]
    parts = []
    for frame in frames:
        part = obs.join(frame.loc[covered], how="left")
        parts.append(part.reset_index())
    cells = pd.concat(parts, ignore_index=True)
    cells["contacts"] = cells["contacts"].astype(int)
    cells["busy"] = cells["contacts"] >= min_calls
    minutes = cells["slot"] * interval
    cells.insert(
        2,
        "label",
        pd.DatetimeIndex(cells["date"]).strftime("%Y-%m-%d %a ")
        + (minutes // 60).map("{:02d}".format)
        + ":"
        + (minutes % 60).map("{:02d}".format),
    )
    first = ["prediction", "date", "slot", "label", "contacts", "busy", "staff"]
    return cells[first + [c for c in cells.columns if c not in first]]


def _errors(cells: pd.DataFrame, min_calls: int, dates: int) -> pd.DataFrame:
    rows = []
    for prediction, part in cells.groupby("prediction", sort=False):
        pooled = _pooled(part, min_calls, dates)
        for metric in COMPARED:
            err = (part[f"predicted_{metric}"] - part[f"observed_{metric}"]).to_numpy(dtype=float)
            finite = np.isfinite(err)
            weight = part["contacts"].to_numpy(dtype=float)[finite]
            busy = part["busy"].to_numpy()[finite]
            e = err[finite]
            rows.append(
                {
                    "prediction": prediction,
                    "metric": metric,
                    "weighted_mae": float(np.abs(e) @ weight / weight.sum()) if weight.sum() else np.nan,
                    "busy_mae": float(np.abs(e[busy]).mean()) if busy.any() else np.nan,
                    "bias": float(e @ weight / weight.sum()) if weight.sum() else np.nan,
                    "busy_bias": float(e[busy].mean()) if busy.any() else np.nan,
                    "cells": int(finite.sum()),
                    "busy_cells": int(busy.sum()),
                    "infinite": int((~finite).sum()),
                    "noise_floor": _noise_floor(part[part["busy"]], metric),
                    "queue_floor": _queue_floor(part[part["busy"]], metric),
                    **pooled[metric],
                }
            )
    errors = pd.DataFrame(rows).set_index(["prediction", "metric"])
    base = errors.xs(NAIVE, level="prediction")
    metrics = errors.index.get_level_values("metric")
    with np.errstate(invalid="ignore", divide="ignore"):
        for column, measure in (
            ("skill", "busy_mae"),
            ("weighted_skill", "weighted_mae"),
            ("hourly_skill", "hourly_mae"),
        ):
            errors[column] = 1 - errors[measure].to_numpy() / base[measure].reindex(metrics).to_numpy()
    return errors


def _queue_floor(busy: pd.DataFrame, metric: str) -> float:
    """Mean over ``busy`` cells of the cell's spread (NaN for the wait and without a floor)."""
    column = f"spread_{metric}"
    if column not in busy.columns or busy.empty:
        return np.nan
    values = busy[column].to_numpy(dtype=float)
    return float(values.mean()) if np.isfinite(values).all() else np.nan


def _pooled(part: pd.DataFrame, min_calls: int, dates: int) -> dict[str, dict[str, float]]:
    """Per metric, errors pooled over the test dates per interval of the day (``hourly_*``), over the
    intervals with at least ``min_calls`` contacts per test date on average."""
    out: dict[str, dict[str, float]] = {}
    slots = part.groupby("slot", sort=True)
    busy_slots = [slot for slot, cell in slots if cell["contacts"].sum() >= min_calls * dates]
    for metric in COMPARED:
        errors, floors = [], []
        for slot in busy_slots:
            cell = slots.get_group(slot)
            pred = cell[f"predicted_{metric}"].to_numpy(dtype=float)
            finite = np.isfinite(pred)
            w = cell["contacts"].to_numpy(dtype=float)[finite]
            if not w.sum():
                continue
            obs = cell[f"observed_{metric}"].to_numpy(dtype=float)[finite]
            errors.append(float((pred[finite] - obs) @ w / w.sum()))
            column = f"spread_{metric}"
            if column in cell.columns:
                # independent dates: the pooled sigma from the cells' sigmas (spread = sigma * sqrt(2/pi))
                spread = cell[column].to_numpy(dtype=float)[finite]
                floors.append(float(np.sqrt((w * spread) @ (w * spread)) / w.sum()))
        e = np.asarray(errors)
        out[metric] = {
            "hourly_mae": float(np.abs(e).mean()) if e.size else np.nan,
            "hourly_bias": float(e.mean()) if e.size else np.nan,
            "hourly_floor": float(np.mean(floors)) if floors and np.isfinite(floors).all() else np.nan,
            "busy_hours": int(e.size),
        }
    return out


def _noise_floor(busy: pd.DataFrame, metric: str) -> float:
    """Mean over ``busy`` cells of ``E|B/n − p|``, ``B ~ Binomial(n, p)``, ``p`` the observed share (NaN
    for the wait, which is no share, and without busy cells)."""
    if metric == "asa" or busy.empty:
        return np.nan
    floors = []
    for n, p in zip(
        busy["contacts"].to_numpy(dtype=int), busy[f"observed_{metric}"].to_numpy(dtype=float), strict=True
    ):
        k = np.arange(n + 1)
        floors.append(float(binom.pmf(k, n, p) @ np.abs(k / n - p)))
    return float(np.mean(floors))


def _by_hour(cells: pd.DataFrame) -> pd.DataFrame:
    """Per prediction × interval of the day: pooled observed, call-weighted predicted and error."""
    frames = []
    for (prediction, slot), part in cells.groupby(["prediction", "slot"], sort=False):
        w = part["contacts"].to_numpy(dtype=float)
        row: dict[str, Any] = {"prediction": prediction, "slot": int(cast(int, slot)), "contacts": int(w.sum())}
        for metric in COMPARED:
            obs = part[f"observed_{metric}"].to_numpy(dtype=float)
            pred = part[f"predicted_{metric}"].to_numpy(dtype=float)
            finite = np.isfinite(pred)
            wf = w[finite]
            row[f"observed_{metric}"] = float(obs @ w / w.sum())
            row[f"predicted_{metric}"] = float(pred[finite] @ wf / wf.sum()) if wf.sum() else np.nan
            row[f"mae_{metric}"] = float(np.abs(pred[finite] - obs[finite]) @ wf / wf.sum()) if wf.sum() else np.nan
            row[f"low_{metric}"] = row[f"predicted_{metric}"] - row[f"mae_{metric}"]
            row[f"high_{metric}"] = row[f"predicted_{metric}"] + row[f"mae_{metric}"]
        frames.append(row)
    return pd.DataFrame(frames).sort_values(["prediction", "slot"], kind="stable").reset_index(drop=True)
