"""Exports of contact-centre systems, made readable by the generic reader: time zones and durations.

Time zones (``tz=``)
--------------------
A time written with a UTC offset (``2024-03-04T13:00:00Z``, ``…+00:00``, ``…-0500``) is an instant; the
model works in the centre's local clock time. With ``tz`` — an IANA time-zone name such as
``"America/New_York"`` — every time with an offset is converted to that zone's local clock time (its
daylight-saving rules included), so logs mixing offsets are read too; a time without an offset is taken
as local time there already. Without ``tz``, a log whose times carry offsets is refused with an
:class:`~svcdesign.errors.InputError` naming the column and a line, rather than read with its offsets
dropped (a New York centre exported in UTC would otherwise look open 13:00–22:00 in summer instead of 09:00–18:00).
Durations come from local clock times: a contact spanning the autumn clock change is off by the change
(or excluded, when that makes a duration negative); a warning counts them.

Durations (``durations=``)
--------------------------
Many exports give a start time and durations instead of end times. ``durations`` maps
:data:`DURATIONS` to the file's columns, ``{"wait": "Queue Seconds", "talk": "Talk Seconds"}``; a cell
is seconds (``42``, ``42.5``) or a clock duration (``0:00:42``, ``00:42``, ``1:02:03.5``); an empty cell
is none. From them, for each row:

- ``queue_entry`` = ``arrival`` (unless the file has a queue-entry column);
- ``queue_exit`` = ``queue_entry`` + ``wait`` (the time it was answered or gave up);
- where ``talk`` > 0: ``service_start`` = ``queue_exit`` and ``service_end`` = ``service_start`` +
  ``talk`` + ``hold`` + ``wrap`` — handle time is talk, hold and after-call work, the time the agent
  is taken by the contact.

A duration that cannot be read, or is negative, excludes its row with the reason. Derived times are
written into the table before validation, so the ``excluded`` rows show them.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import checks
from ..errors import InputError, shown
from ..i18n.phrases import Phrase, tr
from .logs import TIME_COLUMNS

DURATIONS: tuple[str, ...] = ("wait", "talk", "hold", "wrap")
"""Durations an export may give instead of end times: time queued (until answered or gone), talk time,
hold time and after-call work (wrap-up), seconds."""

_OFFSET_TIME = re.compile(
    r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ]\s*[0-9]{1,2}:[0-9]{2}\S"
    r"*?\s*(Z|[+-][0-9]{2}(?::?[0-9]{2})?)\s*"
)
_CLOCK = re.compile(r"(?:([0-9]+):)?([0-9]{1,2}):([0-9]{2}(?:\.[0-9]+)?)")
_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")


def check_zone(tz: str | None) -> zoneinfo.ZoneInfo | None:
    """The IANA time zone named ``tz`` (None for None), or an InputError naming ``tz``."""
    if tz is None:
        return None
    allowed = "an IANA time-zone name such as 'America/New_York', 'Europe/London' or 'UTC'"
    if not isinstance(tz, str) or not tz.strip():
        raise InputError("tz", tz, allowed)
    try:
        return zoneinfo.ZoneInfo(tz.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError("tz", tz, allowed) from None


def localise(
    frame: pd.DataFrame, names: Mapping[str, str], tz: zoneinfo.ZoneInfo | None, lines: np.ndarray, source: str
) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` with every time that carries a UTC offset converted to ``tz``'s local clock time.

    ``names`` maps schema time columns to the file's column names; ``lines`` are the rows' lines in the
    file. Without ``tz``, an offset anywhere is an InputError naming the column and the first line that
    has one. Returns the table and warnings.
    """
    frame = frame.copy()
    spans: set[int] = set()
    for column in TIME_COLUMNS:
        name = names.get(column, column)
        if name not in frame.columns:
            continue
        values = frame[name]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            if tz is None:
                _refuse_offsets(name, values.astype(str), np.flatnonzero(values.notna().to_numpy()), lines, source)
            frame[name] = values.dt.tz_convert(tz).dt.tz_localize(None)
            continue
        text = values.astype(object).map(lambda v: v if isinstance(v, str) else "")
        aware = np.flatnonzero(text.map(lambda v: _OFFSET_TIME.fullmatch(v) is not None).to_numpy())
        if not aware.size:
            continue
        if tz is None:
            _refuse_offsets(name, text, aware, lines, source)
        instants = pd.to_datetime(text.iloc[aware], utc=True, format="ISO8601", errors="coerce")
        read = instants.notna().to_numpy()
        local = instants[read].dt.tz_convert(tz)
        spans.update(aware[read][local.map(lambda t: t.utcoffset()).to_numpy() != local.iloc[0].utcoffset()])
        cells = values.astype(object).copy()
        cells.iloc[aware[read]] = _clock_text(local.dt.tz_localize(None))
        frame[name] = cells
    notes: list[str] = []
    if spans and tz is not None:
        notes.append(
            Phrase(
                tr(
                    "times were converted to {zone}, whose UTC offset changes within the log (daylight saving): a "
                    "contact spanning a clock change has its durations read from local clock times"
                ),
                zone=tz.key,
            )
        )
    return frame, notes


def _refuse_offsets(name: str, text: pd.Series, aware: np.ndarray, lines: np.ndarray, source: str) -> None:
    first = int(aware[0])
    raise InputError(
        f"column {name!r}",
        text.iloc[first],
        f"times without a UTC offset, or tz= naming the centre's time zone (e.g. tz='America/New_York', "
        f"--tz on the command line): {aware.size:,} times of this column carry an offset, first on line "
        f"{int(lines[first])}; without tz= the offsets would be dropped and the clock times misread",
        source=f"{source}, line {int(lines[first])}",
    )


def _clock_text(times: pd.Series) -> np.ndarray:
    """Naive date-times as ``YYYY-MM-DD HH:MM:SS`` (with ``.ffffff`` where they have fractions)."""
    whole = times.dt.strftime("%Y-%m-%d %H:%M:%S")
    fraction = times.dt.strftime(".%f").where(times.dt.microsecond > 0, "")
    return (whole + fraction).to_numpy(dtype=object)


def derive_times(
    frame: pd.DataFrame,
    names: Mapping[str, str],
    durations: Mapping[str, str],
    time_format: str | None,
    source: str,
) -> tuple[pd.DataFrame, pd.Series]:
    """``frame`` with ``queue_entry``, ``queue_exit``, ``service_start`` and ``service_end`` derived from
    the ``durations`` columns (see the module docstring), and the reason each row is excluded (``""``
    where it is kept). ``names`` maps schema columns to the file's names."""
    checks.mapping("durations", durations, "a mapping of durations (wait, talk, hold, wrap) to the file's columns")
    targets = ["queue_exit"] + (["service_start", "service_end"] if "talk" in durations else [])
    _check_durations(frame, names, durations, targets, source)
    reasons = pd.Series("", index=frame.index, dtype=object)
    seconds = {key: _seconds(frame[column], key, column, reasons) for key, column in durations.items()}
    start = names.get("queue_entry", "queue_entry")
    first = start if start in frame.columns else names.get("arrival", "arrival")
    if first not in frame.columns:
        return frame, reasons  # validation names the missing arrival column
    entry = _parsed(frame[first], time_format)
    frame = frame.copy()
    if start not in frame.columns:
        frame["queue_entry"] = _as_text(entry)
    left = entry + pd.to_timedelta(seconds["wait"], unit="s") if "wait" in seconds else entry
    if "wait" in seconds:
        frame["queue_exit"] = _as_text(left)
    if "talk" in seconds:
        talked = seconds["talk"] > 0
        busy = pd.Series(0.0, index=frame.index)
        for key in ("talk", "hold", "wrap"):
            busy = busy + seconds[key].fillna(0.0) if key in seconds else busy
        frame["service_start"] = _as_text(left.where(talked))
        frame["service_end"] = _as_text((left + pd.to_timedelta(busy, unit="s")).where(talked))
    return frame, reasons


def _check_durations(
    frame: pd.DataFrame, names: Mapping[str, str], durations: Mapping[str, str], targets: list[str], source: str
) -> None:
    for key, column in durations.items():
        if key not in DURATIONS:
            raise InputError("durations", key, f"one of {', '.join(DURATIONS)}")
        if not isinstance(column, str) or column not in frame.columns:
            raise InputError(
                f"durations[{key!r}]",
                column,
                f"a column of the file (it has {', '.join(map(str, frame.columns))})",
                source=source,
            )
    if "wait" not in durations and "talk" not in durations:
        raise InputError("durations", dict(durations), "a mapping with at least 'wait' or 'talk'")
    for target in targets:
        if names.get(target, target) in frame.columns:
            raise InputError(
                "durations",
                dict(durations),
                f"durations or end times, not both: the file also has the column {names.get(target, target)!r} "
                f"({target}), which the durations would replace",
                source=source,
            )


def _seconds(values: pd.Series, key: str, column: str, reasons: pd.Series) -> pd.Series:
    """A duration column in seconds (NaN where empty); unreadable or negative cells give their row a reason."""
    out = pd.Series(np.nan, index=values.index, dtype=float)
    for i, value in enumerate(values.to_numpy(dtype=object)):
        text = value.strip() if isinstance(value, str) else ("" if pd.isna(value) else str(value))
        if not text:
            continue
        number = _duration(text)
        if number is None:
            if not reasons.iloc[i]:
                negative = text.startswith("-") and _duration(text[1:].strip()) is not None
                reasons.iloc[i] = f"{key} duration {shown(text)} in column {shown(column)} " + (
                    "is negative" if negative else "is not seconds (42, 42.5) or a clock duration (0:00:42)"
                )
            continue
        out.iloc[i] = number
    return out


def _duration(text: str) -> float | None:
    """Seconds of ``42``/``42.5``/``0:00:42``/``00:42``, or None when ``text`` is none of these."""
    if _SECONDS.fullmatch(text):
        return float(text)
    match = _CLOCK.fullmatch(text)
    if match is None or (match[1] is not None and int(match[2]) > 59) or float(match[3]) >= 60:
        return None
    return int(match[1] or 0) * 3600 + int(match[2]) * 60 + float(match[3])


def _parsed(values: pd.Series, time_format: str | None) -> pd.Series:
    """Date-times of a column (NaT where empty or unreadable: validation gives those rows their reason)."""
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return values.astype("datetime64[ns]")
    text = values.astype(object).map(lambda v: v.strip() if isinstance(v, str) else v)
    if time_format is None:
        return pd.to_datetime(text, format="ISO8601", errors="coerce").astype("datetime64[ns]")
    return pd.to_datetime(text, format=time_format, errors="coerce").astype("datetime64[ns]")


def _as_text(times: pd.Series) -> pd.Series:
    """Date-times as text for validation (empty where missing)."""
    return pd.Series(_clock_text(times), index=times.index, dtype=object).where(times.notna(), "")
