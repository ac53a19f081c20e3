"""Staff on duty per real date and interval: reconstructed from a contact log's agents, or from a roster.

A contact log records who served each contact, not who was on shift. :func:`on_duty` reconstructs the
staff on duty of every date and interval of a log from each agent's own activity (the service start and
end of the contacts they answered), in one of these ways (the ``method``; the default ``"available"``):

- ``"presence"``: each agent is present from the start of a contact to its end and on to the start of
  their next contact when that follows within ``idle_gap`` seconds (default
  :data:`~svcdesign.data.calibrate.IDLE_GAP`); a longer gap is read as a break or the end of a shift, and
  an agent holding overlapping contacts is counted once.
  The **lower** reconstruction: it misses agents idle for longer and the time before an agent's first
  contact of a shift.
- ``"shifts"``: the agent's activity is cut into shifts wherever they served nobody for more than
  ``shift_gap`` seconds (default :data:`SHIFT_GAP`); each shift runs from the start of its first
  contact to the end of its last (:func:`agent_shifts`), breaks shorter than ``shift_gap`` included.
  The **upper** reconstruction: it counts short breaks as duty.
- ``"distinct"``: the number of distinct agents serving a contact at some moment of the interval.
- ``"busy"``: agent-seconds spent serving ÷ interval length, the mean number of busy agents (a lower
  bound of the staff on duty; the only one for a log that names no agents).
- ``"available"`` (the default): the agents *available* to take a contact rather than present. While some contact
  waits in the queue, the agents serving; while none waits, the agents on shift (``"shifts"`` with gaps
  up to ``shift_gap``, default :data:`AVAILABLE_GAP`) — the work-conservation reading of a log: an agent
  free to take a contact does not stay idle while one waits, so an agent idle then is on a break, in
  after-contact work or doing other work, time that Erlang A's agents, who take a waiting contact the
  moment they are free, do not have (a modelling choice). It is the staff *observed* in the log's own date
  and interval (it reads the same queue the figures are compared with), not a forecast; on a log made by
  a work-conserving queue it equals ``"shifts"``. It is the default here, in
  :func:`svcdesign.data.calibrate` (``staffing="auto"`` on a log that names agents) and in the
  out-of-sample backtest, chosen by out-of-sample skill on the January 1999 bank log
  (docs/background/calibration.md, "Staffing").

Each is counted pro rata within the interval (an agent present for 15 minutes of an hour is 0.25 of an
agent), except ``"distinct"``. Whatever the method, :class:`OnDuty` carries the lower (``presence``)
and upper (``shifts``) reconstructions beside it when the log names agents: the range between them is
the uncertainty of a staff figure read from a log. A client's roster or workforce-management export
(:func:`roster_on_duty`: one row per agent and shift, or staff per interval) replaces the
reconstruction where it exists; its lower and upper figures are the roster itself.

Dates are the calendar dates of the log's contact arrivals (the days it *observes*); a shift running
past midnight counts in the next date's intervals only when that date is observed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import checks
from ..assumptions import load_assumptions
from ..errors import InputError, shown
from ..i18n.phrases import tr
from ..model.demand import INTERVAL_MINUTES
from .logs import ContactLog

ON_DUTY_METHODS = (tr("presence"), tr("shifts"), tr("distinct"), tr("busy"), tr("available"))
"""The ways :func:`on_duty` counts staff from a log (module docstring); the report names them translated."""
SHIFT_GAP = load_assumptions().value("data.shift_gap_seconds")
"""Seconds. Default longest stretch without a contact that stays inside one shift of an agent
(``method="shifts"``), from the assumptions table (``data.shift_gap_seconds``)."""
IDLE_GAP = load_assumptions().value("data.idle_gap_seconds")
"""Seconds. Default longest idle stretch counted as presence (``method="presence"``), from the
assumptions table (``data.idle_gap_seconds``); the same default as :func:`svcdesign.data.calibrate`."""
AVAILABLE_GAP = load_assumptions().value("data.available_gap_seconds")
"""Seconds. Default longest stretch without a contact inside one shift for ``method="available"``, from
the assumptions table (``data.available_gap_seconds``: chosen by validation within each training half of
the January 1999 bank log, benchmarks/RESULTS.md)."""
ROSTER_SPANS = ("agent", "start", "end")
"""Columns of a roster given as shifts: one row per agent and shift, times as date-times."""
ROSTER_STAFF = ("start", "staff")
"""Columns of a roster given as staff per interval: the interval's start (a date-time) and the staff."""


Spans = tuple[pd.Series, pd.Series]
"""Start and end times of a set of spans (one row per span)."""


@dataclass(frozen=True, eq=False)
class OnDuty:
    """Staff on duty per real date (rows, ``datetime64`` dates) × interval start (columns ``"HH:MM"``).

    Attributes
    ----------
    staff: the estimate (agents on duty, mean over the interval).
    lower, upper: the lower and upper reconstructions (see the module docstring); equal to ``staff``
        for a roster or a log that names no agents.
    method: how ``staff`` was obtained: one of :data:`ON_DUTY_METHODS` or ``"roster"``.
    interval_minutes: interval length.
    source: the log's or the roster's source.
    """

    staff: pd.DataFrame
    lower: pd.DataFrame
    upper: pd.DataFrame
    method: str
    interval_minutes: int
    source: str

    def for_dates(self, dates: pd.DatetimeIndex, which: str = "staff") -> np.ndarray:
        """The ``which`` (``"staff"``, ``"lower"``, ``"upper"``) figures of ``dates``, one row per date;
        an :class:`~svcdesign.errors.InputError` naming the first date not covered."""
        checks.choice("which", which, ("staff", "lower", "upper"), allowed="'staff', 'lower' or 'upper'")
        frame = getattr(self, which)
        missing = pd.DatetimeIndex(dates).difference(frame.index)
        if len(missing):
            raise InputError(
                "dates of the staff on duty",
                f"{missing[0]:%Y-%m-%d}",
                f"dates the staff figures cover ({_span(frame.index)}; source {shown(self.source)})",
            )
        return frame.loc[pd.DatetimeIndex(dates)].to_numpy(dtype=float)

    def by_weekday(self, dates: pd.DatetimeIndex) -> np.ndarray:
        """Mean staff per weekday (Monday first) × interval over ``dates`` (0 for a weekday none of
        them falls on), flattened to a week of intervals."""
        dates = pd.DatetimeIndex(dates)
        values = self.for_dates(dates)
        week = np.zeros((7, values.shape[1]))
        for day in range(7):
            chosen = dates.day_of_week == day
            if chosen.any():
                week[day] = values[chosen].mean(axis=0)
        return week.ravel()


def on_duty(
    log: ContactLog,
    interval: int = 60,
    *,
    method: str = "available",
    idle_gap: float = IDLE_GAP,
    shift_gap: float | None = None,
) -> OnDuty:
    """Staff on duty per observed date and interval, reconstructed from the log (module docstring).

    Parameters
    ----------
    log: a :class:`~svcdesign.data.logs.ContactLog`.
    interval: minutes: 15, 30 or 60.
    method: one of :data:`ON_DUTY_METHODS` (default ``"available"``).
    idle_gap: seconds; longest idle stretch counted as presence.
    shift_gap: seconds; longest stretch without a contact inside one shift (default :data:`SHIFT_GAP`,
        and :data:`AVAILABLE_GAP` for ``"available"``).
    """
    checks.instance("log", log, ContactLog, "a ContactLog from svcdesign.data.read_contact_log")
    checks.choice("interval", interval, INTERVAL_MINUTES, allowed="one of 15, 30, 60 minutes")
    checks.choice("method", method, ON_DUTY_METHODS, allowed=f"one of {', '.join(ON_DUTY_METHODS)}")
    checks.number("idle_gap", idle_gap, low=0, allowed="a finite number of seconds ≥ 0")
    if shift_gap is None:
        shift_gap = AVAILABLE_GAP if method == "available" else SHIFT_GAP
    checks.number("shift_gap", shift_gap, low=0, allowed="a finite number of seconds ≥ 0")
    dates = pd.DatetimeIndex(log.data["arrival"].dt.normalize().unique()).sort_values()
    if len(dates) == 0:
        raise InputError("rows of the log", 0, "at least 1 dated contact", source=log.source)
    served = _served(log)
    named = served["agent"].notna().any()
    if method in ("presence", "shifts", "distinct", "available") and not named:
        raise InputError("method", method, "'busy': the log names no agents, so agents cannot be counted")
    if method != "busy":
        served = served[served["agent"].notna()]
    grid = _Grid(dates, interval)
    spans = {
        "presence": lambda: _shift_spans(served, idle_gap),  # shifts cut at idle_gap: overlaps merged
        "shifts": lambda: _shift_spans(served, shift_gap),
        "busy": lambda: (served["service_start"], served["service_end"]),
    }
    if method == "distinct":
        staff = _distinct(served, grid)
    elif method == "available":
        staff = grid.time_available(spans["shifts"](), (served["service_start"], served["service_end"]), _queued(log))
    else:
        staff = grid.time_on_duty(*spans[method]())
    if named and method != "busy":
        lower = grid.time_on_duty(*spans["presence"]())
        upper = grid.time_on_duty(*_shift_spans(served, SHIFT_GAP if method == "available" else shift_gap))
        lower, upper = np.minimum(lower, staff), np.maximum(upper, staff)
    else:
        lower = upper = staff
    return OnDuty(
        grid.frame(staff),
        grid.frame(lower),
        grid.frame(upper),
        method=method,
        interval_minutes=interval,
        source=log.source,
    )


def agent_shifts(log: ContactLog, *, shift_gap: float = SHIFT_GAP) -> pd.DataFrame:
    """Each agent's shifts: their activity cut wherever they served nobody for more than ``shift_gap``
    seconds. One row per shift: ``agent``, ``date`` (of its start), ``start`` (the first contact's
    service start), ``end`` (the last one's service end), ``contacts`` and ``busy_s`` (seconds serving)."""
    checks.instance("log", log, ContactLog, "a ContactLog from svcdesign.data.read_contact_log")
    checks.number("shift_gap", shift_gap, low=0, allowed="a finite number of seconds ≥ 0")
    served = _served(log)
    served = served[served["agent"].notna()]
    shift = _shift_numbers(served, shift_gap)
    busy = (served["service_end"] - served["service_start"]).dt.total_seconds()
    table = (
        pd.DataFrame({"agent": served["agent"], "shift": shift, "start": served["service_start"]})
        .assign(end=served["service_end"], busy_s=busy)
        .groupby("shift", sort=True)
        .agg(
            agent=("agent", "first"),
            start=("start", "min"),
            end=("end", "max"),
            contacts=("agent", "size"),
            busy_s=("busy_s", "sum"),
        )
    )
    table.insert(1, "date", table["start"].dt.normalize())
    return table.reset_index(drop=True)


def roster_on_duty(roster: pd.DataFrame, interval: int = 60, *, source: str = "roster") -> OnDuty:
    """Staff on duty from a client's roster or workforce-management export.

    ``roster`` is either one row per agent and shift (columns :data:`ROSTER_SPANS`: ``agent``, ``start``,
    ``end``; each shift counts pro rata in the intervals it covers) or staff per interval (columns
    :data:`ROSTER_STAFF`: the interval's ``start`` on the ``interval`` grid and the ``staff`` on duty).
    Dates are those the roster covers; lower and upper figures equal the roster.
    """
    checks.instance("roster", roster, pd.DataFrame, "a table of agent, start, end or of start, staff")
    checks.choice("interval", interval, INTERVAL_MINUTES, allowed="one of 15, 30, 60 minutes")
    if set(ROSTER_SPANS) <= set(roster.columns):
        start, end = (_roster_times(roster, c, source) for c in ("start", "end"))
        if (end < start).any():
            row = int(np.flatnonzero((end < start).to_numpy())[0])
            raise InputError(
                f"roster row {row + 1}, column 'end'", str(end.iloc[row]), "a time ≥ its start", source=source
            )
        dates = _roster_dates(start, end)
        grid = _Grid(dates, interval)
        staff = grid.time_on_duty(start, end)
    elif set(ROSTER_STAFF) <= set(roster.columns):
        start = _roster_times(roster, "start", source)
        staff_col = pd.to_numeric(roster["staff"], errors="coerce")
        bad = ~(staff_col.notna() & np.isfinite(staff_col) & (staff_col >= 0))
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(
                f"roster row {row + 1}, column 'staff'", roster["staff"].iloc[row], "a number ≥ 0", source=source
            )
        grid = _Grid(pd.DatetimeIndex(start.dt.normalize().unique()).sort_values(), interval)
        staff = grid.staff_table(start, staff_col.to_numpy(dtype=float), source)
    else:
        raise InputError(
            "roster columns",
            sorted(map(str, roster.columns)),
            f"{', '.join(ROSTER_SPANS)} (one row per shift) or {', '.join(ROSTER_STAFF)} (staff per interval)",
            source=source,
        )
    frame = grid.frame(staff)
    return OnDuty(frame, frame, frame, method=tr("roster"), interval_minutes=interval, source=source)


class _Grid:
    """The intervals of a set of dates, numbered date by date from the first date's midnight."""

    def __init__(self, dates: pd.DatetimeIndex, interval: int) -> None:
        self.dates = dates
        self.interval = interval
        self.per_day = 1440 // interval
        self.first = dates[0]
        self.days = int((dates[-1] - dates[0]).days) + 1
        self.step = interval * 60.0

    def time_on_duty(self, start: pd.Series, end: pd.Series) -> np.ndarray:
        """Σ over spans [start, end) of the time each interval of the grid holds of it ÷ interval length,
        for the observed dates (rows) × intervals (columns)."""
        slots = self.days * self.per_day
        s, e = (np.clip(self._seconds(t), 0, slots * self.step) for t in (start, end))
        totals = np.zeros(slots + 1)
        for times, sign in ((e, 1.0), (s, -1.0)):
            index, part = np.divmod(times, self.step)
            index = index.astype(int)
            passed = np.bincount(index, minlength=slots + 1)[::-1].cumsum()[::-1]  # times with k ≥ j
            totals += sign * ((passed - np.bincount(index, minlength=slots + 1)) * self.step)
            totals += sign * np.bincount(index, weights=part, minlength=slots + 1)
        return self._observed(totals[:slots] / self.step)

    def time_available(self, shifts: Spans, serving: Spans, queued: Spans) -> np.ndarray:
        """Agent-time available per interval ÷ interval length (``method="available"``): while at least one
        ``queued`` span is open, the number of ``serving`` spans open; otherwise the number of ``shifts``
        open (at least the serving ones). Observed dates (rows) × intervals (columns)."""
        slots = self.days * self.per_day
        edges = np.arange(slots + 1) * self.step
        times = [edges]
        steps = [np.zeros((edges.size, 3))]
        for k, (start, end) in enumerate((shifts, serving, queued)):
            s, e = (np.clip(self._seconds(t), 0, slots * self.step) for t in (start, end))
            for when, sign in ((s, 1.0), (e, -1.0)):
                change = np.zeros((when.size, 3))
                change[:, k] = sign
                times.append(when)
                steps.append(change)
        order = np.argsort(np.concatenate(times), kind="stable")
        at = np.concatenate(times)[order]
        on, busy, waiting = np.cumsum(np.concatenate(steps)[order], axis=0).T
        level = np.where(waiting > 0.5, busy, np.maximum(on, busy))[:-1]  # level on [at[i], at[i + 1])
        slot = np.minimum((at[:-1] // self.step).astype(int), slots - 1)
        totals = np.bincount(slot, weights=level * np.diff(at), minlength=slots)
        return self._observed(totals / self.step)

    def staff_table(self, start: pd.Series, staff: np.ndarray, source: str) -> np.ndarray:
        seconds = self._seconds(start)
        index, part = np.divmod(seconds, self.step)
        if (part != 0).any():
            row = int(np.flatnonzero(part != 0)[0])
            raise InputError(
                f"roster row {row + 1}, column 'start'",
                str(start.iloc[row]),
                f"the start of a {self.interval}-minute interval",
                source=source,
            )
        table = np.zeros(self.days * self.per_day)
        np.add.at(table, index.astype(int), staff)
        return self._observed(table)

    def counts(self, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Number of index ranges [first, last] covering each interval of the grid (observed dates)."""
        slots = self.days * self.per_day
        first, last = np.clip(first, 0, slots), np.clip(last + 1, 0, slots)
        change = np.bincount(first, minlength=slots + 1) - np.bincount(last, minlength=slots + 1)
        return self._observed(np.cumsum(change)[:slots].astype(float))

    def index(self, times: pd.Series) -> np.ndarray:
        return (self._seconds(times) // self.step).astype(int)

    def frame(self, values: np.ndarray) -> pd.DataFrame:
        starts = [f"{(i * self.interval) // 60:02d}:{(i * self.interval) % 60:02d}" for i in range(self.per_day)]
        return pd.DataFrame(
            values, index=pd.DatetimeIndex(self.dates, name="date"), columns=pd.Index(starts, name="interval start")
        )

    def _seconds(self, times: pd.Series) -> np.ndarray:
        return (pd.Series(times).to_numpy(dtype="datetime64[ns]") - self.first.to_datetime64()).astype(np.int64) / 1e9

    def _observed(self, flat: np.ndarray) -> np.ndarray:
        rows = ((self.dates - self.first).days).to_numpy(dtype=int)
        return flat.reshape(self.days, self.per_day)[rows]


def _served(log: ContactLog) -> pd.DataFrame:
    """Answered contacts with service times, sorted by agent and service start."""
    data = log.data
    rows = data[(data["outcome"] == "answered") & data["service_start"].notna() & data["service_end"].notna()]
    return rows[["agent", "service_start", "service_end"]].sort_values(["agent", "service_start"], kind="stable")


def _queued(log: ContactLog) -> Spans:
    """The spans in which contacts waited in the queue: from queue entry (the arrival where the log has
    none) for the contact's wait, over the contacts asking for an agent that waited more than 0 s."""
    data = log.data
    rows = data[data["outcome"].isin(["answered", "abandoned"]) & (data["wait"].fillna(0) > 0)]
    start = rows["queue_entry"].fillna(rows["arrival"]) if "queue_entry" in rows.columns else rows["arrival"]
    return start, start + pd.to_timedelta(rows["wait"], unit="s")


def _shift_numbers(served: pd.DataFrame, shift_gap: float) -> np.ndarray:
    """A shift number for each contact (sorted by agent and start): a new shift for a new agent or after
    more than ``shift_gap`` seconds since the agent's latest service end so far."""
    reach = served.groupby("agent", sort=False)["service_end"].cummax()
    previous = reach.groupby(served["agent"], sort=False).shift()
    new = previous.isna() | ((served["service_start"] - previous).dt.total_seconds() > shift_gap)
    return np.cumsum(new.to_numpy())


def _shift_spans(served: pd.DataFrame, shift_gap: float) -> tuple[pd.Series, pd.Series]:
    shifts = served.groupby(_shift_numbers(served, shift_gap)).agg(
        start=("service_start", "min"), end=("service_end", "max")
    )
    return shifts["start"], shifts["end"]


def _distinct(served: pd.DataFrame, grid: _Grid) -> np.ndarray:
    """Distinct agents serving in each interval: each contact's intervals, merged per agent."""
    first = grid.index(served["service_start"])
    ends = grid._seconds(served["service_end"])
    last = np.maximum(first, (np.ceil(ends / grid.step) - 1).astype(int))
    spans = pd.DataFrame({"agent": served["agent"].to_numpy(dtype=object), "first": first, "last": last})
    reach = spans.groupby("agent", sort=False)["last"].cummax().groupby(spans["agent"], sort=False).shift()
    merged = spans.groupby((reach.isna() | (spans["first"] > reach)).cumsum()).agg(
        first=("first", "min"), last=("last", "max")
    )
    return grid.counts(merged["first"].to_numpy(), merged["last"].to_numpy())


def _roster_times(roster: pd.DataFrame, column: str, source: str) -> pd.Series:
    times = pd.to_datetime(roster[column], errors="coerce", format="mixed")
    if getattr(times.dt, "tz", None) is not None:
        raise InputError(f"roster column {column!r}", str(roster[column].iloc[0]), "local times without a UTC offset")
    if times.isna().any():
        row = int(np.flatnonzero(times.isna().to_numpy())[0])
        raise InputError(
            f"roster row {row + 1}, column {column!r}",
            roster[column].iloc[row],
            "a date and time such as 2024-03-04 08:00",
            source=source,
        )
    return times.reset_index(drop=True)


def _roster_dates(start: pd.Series, end: pd.Series) -> pd.DatetimeIndex:
    """Every date a roster's shifts touch."""
    first, last = start.min().normalize(), (end.max() - pd.Timedelta(1, "ns")).normalize()
    return pd.date_range(first, max(first, last), freq="D")


def _span(dates: pd.Index) -> str:
    return f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else "none"
