"""Demand history: counts of arrivals per interval on a regular grid of whole days.

A :class:`DemandHistory` holds the number of contacts that arrived in every interval of every day from
its first date to its last, at an interval length that divides a day. A day with no record at all (the
source lacks it) is *missing*: its counts are NaN, never zeros, and every model skips it. A day that
was recorded and had no contacts (a closed Saturday, a quiet night) holds zeros.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..data.logs import ContactLog
from ..errors import InputError
from ..i18n.phrases import Digits, Figure, Listing, Phrase, tr

MINUTES_PER_DAY = 1440
"""Minutes in a day."""

SHOWN_ITEMS = 5
"""Most dates, rows or values quoted in one error or warning."""


def _listed(items: list[Any]) -> str:
    more = f" and {len(items) - SHOWN_ITEMS:,} more" if len(items) > SHOWN_ITEMS else ""
    return ", ".join(str(x) for x in items[:SHOWN_ITEMS]) + more


def check_interval(field_name: str, value: Any) -> int:
    """``value`` as an interval length in whole minutes that divides a day; InputError otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1 or MINUTES_PER_DAY % value:
        raise InputError(field_name, value, "a whole number of minutes that divides a day (1440), e.g. 6, 15, 30, 60")
    return int(value)


@dataclass(frozen=True, eq=False)
class DemandHistory:
    """Arrivals per interval over whole days, with missing days kept as missing.

    Build one with :meth:`from_log` or :meth:`from_counts`; do not fill ``counts`` by hand.

    Attributes
    ----------
    counts:
        Contacts per interval (float; NaN on missing days), indexed by the interval's start time
        (``DatetimeIndex``, every interval of every day from the first date to the last).
    interval_minutes:
        Interval length, minutes (divides 1440).
    source:
        Where the history came from.
    warnings:
        Plain sentences on documented repairs and caveats (missing days, dropped rows).
    """

    counts: pd.Series
    interval_minutes: int
    source: str = "DataFrame"
    warnings: tuple[str, ...] = field(default_factory=tuple)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_log(cls, log: ContactLog, interval_minutes: int = 15) -> DemandHistory:
        """Arrivals of a contact log per interval: every kept contact counted at its ``arrival`` time.

        Every row of the log counts (answered, abandoned, hung up without waiting, other): demand is
        every contact that arrived. Dates between the first and last arrival with no contact at all are
        taken as not recorded (missing), as :func:`~svcdesign.data.calibrate.observed_days` does.

        Parameters
        ----------
        log:
            A validated contact log (:func:`~svcdesign.data.read_contact_log`).
        interval_minutes:
            Interval length, minutes; must divide a day.
        """
        if not isinstance(log, ContactLog):
            raise InputError("log", log, "a ContactLog (from svcdesign.read_contact_log)")
        step = check_interval("interval_minutes", interval_minutes)
        arrivals = pd.to_datetime(log.data["arrival"]).dropna()
        if arrivals.empty:
            raise InputError("log", log.source, "a contact log with at least one arrival time")
        if getattr(arrivals.dt, "tz", None) is not None:
            arrivals = arrivals.dt.tz_localize(None)
        bins = arrivals.dt.floor(f"{step}min")
        table = bins.value_counts().rename("count")
        frame = table.rename_axis("timestamp").reset_index()
        days = pd.DatetimeIndex(bins.dt.normalize().unique())
        return cls._on_grid(frame, step, days, log.source, [], zero_fill=True)

    @classmethod
    def from_counts(
        cls,
        table: pd.DataFrame | str | os.PathLike,
        *,
        count: str = "count",
        timestamp: str | None = "timestamp",
        date: str | None = None,
        interval_start: str | None = None,
        interval_minutes: int | None = None,
    ) -> DemandHistory:
        """A history from a table of counts: one row per interval.

        Give either a ``timestamp`` column (the interval's start date-time) or ``date`` and
        ``interval_start`` columns (a date, and a clock time ``HH:MM``). A day present in the table must
        have every interval (0 for none); a day absent is missing.

        Parameters
        ----------
        table:
            A DataFrame, or the path of a CSV file with a header row.
        count:
            Column of counts (contacts that arrived in the interval): whole numbers >= 0.
        timestamp:
            Column of interval start date-times (ignored when ``date`` is given).
        date, interval_start:
            Columns of dates and of clock times, used instead of ``timestamp`` when ``date`` is given.
        interval_minutes:
            Interval length, minutes; default: the spacing of the times in the table.

        Raises
        ------
        InputError
            A column is absent; a time cannot be read; a timestamp appears twice; a time is off the
            interval grid (irregular intervals); a count is negative, not whole or missing; a present day
            lacks some of its intervals.
        """
        source = "DataFrame"
        from_file = isinstance(table, (str, os.PathLike))
        if isinstance(table, (str, os.PathLike)):
            source = os.fspath(table)
            try:
                table = pd.read_csv(table)
            except (OSError, ValueError, pd.errors.ParserError) as error:
                raise InputError("table", source, f"a readable CSV file with a header row ({error})") from None
        if not isinstance(table, pd.DataFrame):
            raise InputError("table", table, "a DataFrame or the path of a CSV file")
        needed = [count, date, interval_start] if date is not None else [count, timestamp]
        for column in needed:
            if column is None or column not in table.columns:
                raise InputError(
                    f"column {column!r}",
                    None,
                    f"a column of the table; it has {_listed(list(table.columns))}",
                    source=source,
                )
        if table.empty:
            raise InputError("table", source, "a table with at least one row")
        place = _Place(os.path.basename(source) if from_file else None, table.index)
        times = _times(table, timestamp, date, interval_start, source, place)
        values = _counts(table[count], count, source, place)
        frame = pd.DataFrame({"timestamp": times, "count": values})
        step = _grid_step(
            frame, interval_minutes, "column " + repr(timestamp if date is None else interval_start), source, place
        )
        days = pd.DatetimeIndex(frame["timestamp"].dt.normalize().unique())
        per_day = frame.groupby(frame["timestamp"].dt.normalize()).size()
        short = per_day[per_day != MINUTES_PER_DAY // step]
        if len(short):
            raise InputError(
                "table",
                _listed([f"{d:%Y-%m-%d} ({n} rows)" for d, n in short.items()]),
                f"every {step}-minute interval of a day present ({MINUTES_PER_DAY // step} rows, 0 for none), "
                "or none of it (a missing day)",
                source=source,
            )
        return cls._on_grid(frame, step, days, source, [], zero_fill=False)

    @classmethod
    def _on_grid(
        cls,
        frame: pd.DataFrame,
        step: int,
        days: pd.DatetimeIndex,
        source: str,
        warnings: list[str],
        *,
        zero_fill: bool,
    ) -> DemandHistory:
        span = pd.date_range(days.min(), days.max(), freq="D")
        grid = pd.date_range(span[0], span[-1] + pd.Timedelta(days=1), freq=f"{step}min", inclusive="left")
        counts = frame.set_index("timestamp")["count"].astype(float).reindex(grid)
        present = grid.normalize().isin(days)
        if zero_fill:
            counts = counts.where(~(present & counts.isna()), 0.0)
        counts[~present] = np.nan
        missing = span.difference(days)
        notes = list(warnings)
        if len(missing):
            dates: Listing | Phrase = Listing(Digits(f"{d:%Y-%m-%d}") for d in missing[:SHOWN_ITEMS])
            if len(missing) > SHOWN_ITEMS:
                dates = Phrase(tr("{dates} and {n} more"), dates=dates, n=Figure(f"{len(missing) - SHOWN_ITEMS:,}"))
            notes.append(
                Phrase(
                    tr("{n} day(s) missing, kept as missing (not zeros) and skipped by the models: {dates}"),
                    n=Figure(f"{len(missing)}"),
                    dates=dates,
                )
            )
        counts.index.name = "timestamp"
        return cls(counts.rename("count"), step, source, tuple(notes))

    # ------------------------------------------------------------------ views
    @property
    def intervals_per_day(self) -> int:
        """Intervals in a day."""
        return MINUTES_PER_DAY // self.interval_minutes

    @property
    def dates(self) -> pd.DatetimeIndex:
        """Every date of the span (midnights), missing days included."""
        return pd.DatetimeIndex(self.counts.index[:: self.intervals_per_day])

    @property
    def missing_days(self) -> pd.DatetimeIndex:
        """Dates with no record."""
        return self.dates[np.isnan(self.matrix()[:, 0])]

    @property
    def days_observed(self) -> int:
        """Number of days with a record."""
        return len(self.dates) - len(self.missing_days)

    def matrix(self) -> np.ndarray:
        """Counts as a (days × intervals per day) array, NaN rows on missing days."""
        return self.counts.to_numpy(dtype=float).reshape(-1, self.intervals_per_day)

    def daily_totals(self) -> pd.Series:
        """Contacts per day (NaN on missing days), indexed by date."""
        return pd.Series(self.matrix().sum(axis=1), index=self.dates, name="count")

    def aggregate(self, interval_minutes: int) -> DemandHistory:
        """The same history at a coarser interval length (a multiple of the current one); counts summed.

        ``interval_minutes=1440`` gives daily totals.
        """
        step = check_interval("interval_minutes", interval_minutes)
        if step % self.interval_minutes:
            raise InputError(
                "interval_minutes",
                interval_minutes,
                f"a multiple of the history's {self.interval_minutes} minutes that divides 1440",
            )
        k = step // self.interval_minutes
        m = self.matrix()
        coarse = m.reshape(m.shape[0], -1, k).sum(axis=2)  # NaN rows stay NaN
        index = self.counts.index[::k]
        return DemandHistory(pd.Series(coarse.ravel(), index=index, name="count"), step, self.source, self.warnings)

    def until(self, end: Any) -> DemandHistory:
        """The history up to and including the date ``end`` (a forecast origin)."""
        stop = pd.Timestamp(end).normalize() + pd.Timedelta(days=1)
        kept = self.counts[self.counts.index < stop]
        if kept.empty:
            raise InputError("end", end, f"a date on or after {self.dates[0]:%Y-%m-%d}")
        return DemandHistory(kept, self.interval_minutes, self.source, self.warnings)

    def __repr__(self) -> str:
        return (
            f"DemandHistory({self.dates[0]:%Y-%m-%d} to {self.dates[-1]:%Y-%m-%d}, "
            f"{self.interval_minutes}-minute intervals, {self.days_observed} days observed, "
            f"{len(self.missing_days)} missing)"
        )


class _Place:
    """Where the i-th row of a table of counts is, for an error message: ``line N of FILE`` for a CSV file
    (its header is line 1, so data row i is line i + 2; FILE is the file's name, the error's source gives its
    path), ``row LABEL`` (the index label) for a DataFrame."""

    def __init__(self, file: str | None, labels: pd.Index) -> None:
        self.file = file
        self.labels = labels

    def __call__(self, i: int | np.integer) -> str:
        return f"line {i + 2} of {self.file}" if self.file is not None else f"row {self.labels[int(i)]}"

    def plural(self, positions: Sequence[int]) -> str:
        """Several places: ``lines 3, 9 of FILE`` or ``rows 1, 7``."""
        if self.file is not None:
            return f"lines {', '.join(str(i + 2) for i in positions)} of {self.file}"
        return f"rows {', '.join(str(self.labels[i]) for i in positions)}"


def _grid_step(frame: pd.DataFrame, interval_minutes: int | None, column: str, source: str, place: _Place) -> int:
    """The interval length of a table of counts: InputError for duplicate timestamps or times off the grid."""
    dup = frame["timestamp"].duplicated(keep=False)
    if dup.any():
        rows = []
        for t in frame.loc[dup, "timestamp"].drop_duplicates():
            where = place.plural(np.flatnonzero((frame["timestamp"] == t).to_numpy())[:3].tolist())
            rows.append(f"{t:%Y-%m-%d %H:%M} ({where})")
        raise InputError(
            column,
            _listed(rows),
            "each interval once (duplicate timestamps: sum or drop them first)",
            source=source,
        )
    offsets = ((frame["timestamp"] - frame["timestamp"].dt.normalize()) / pd.Timedelta(minutes=1)).to_numpy()
    if interval_minutes is None:
        whole = np.round(offsets).astype(int)
        if (np.abs(offsets - whole) > 1e-9).any():
            bad = frame.loc[np.abs(offsets - whole) > 1e-9, "timestamp"]
            raise InputError("timestamps", _listed([f"{t}" for t in bad]), "whole minutes", source=source)
        step = math.gcd(MINUTES_PER_DAY, *whole.tolist())
    else:
        step = check_interval("interval_minutes", interval_minutes)
    off = np.mod(offsets, step)
    if (off > 1e-9).any():
        bad = frame.index[off > 1e-9]
        raise InputError(
            "timestamps",
            _listed([f"{place(i)}: {frame.loc[i, 'timestamp']:%Y-%m-%d %H:%M:%S}" for i in bad]),
            f"starts of {step}-minute intervals (irregular intervals are not allowed)",
            source=source,
        )
    return step


def _times(
    table: pd.DataFrame, timestamp: str | None, date: str | None, start: str | None, source: str, place: _Place
) -> pd.Series:
    if date is not None:
        text = table[date].astype(str) + " " + table[start].astype(str)
        column = f"{date!r} and {start!r}"
    else:
        text = table[timestamp]
        column = repr(timestamp)
    times = pd.to_datetime(text, errors="coerce", format="mixed")
    bad = times.isna()
    if bad.any():
        rows = [f"{place(i)}: {_value(text.iloc[i])}" for i in np.flatnonzero(bad.to_numpy())]
        raise InputError(f"column {column}", _listed(rows), "dates and times such as 1999-06-13 08:06", source=source)
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_localize(None)
    return times.reset_index(drop=True)


def _value(value: Any) -> str:
    """A cell as written: quoted text, or the number (``-1``, not ``np.int64(-1)``)."""
    return repr(value) if isinstance(value, str) else str(value)


def _counts(values: pd.Series, column: str, source: str, place: _Place) -> np.ndarray:
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(numbers) | (numbers < 0) | (numbers != np.round(numbers))
    if bad.any():
        rows = [f"{place(i)}: {_value(values.iloc[i])}" for i in np.flatnonzero(bad)]
        raise InputError(f"column {column!r}", _listed(rows), "whole numbers of contacts >= 0", source=source)
    return numbers
