"""Units and calendar: the durations and weekdays the scenario model accepts, and the length of a year.

All durations are stored in **seconds**. Users may write them as numbers of seconds or as strings with
a unit (``"20s"``, ``"4min"``, ``"1.5h"``, ``"2d"``, ``"1w"``), which are converted on input, so a
saved scenario always holds plain seconds and round-trips without loss. A duration is at most a year
(:data:`SECONDS_PER_YEAR`); the fields' own ranges are in :mod:`svcdesign.model.limits`.

A year is a mean Gregorian year everywhere (:data:`WEEKS_PER_YEAR`, :data:`SECONDS_PER_YEAR`), so that
yearly and weekly figures convert with one factor.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

from ..errors import shown

SECONDS_PER: dict[str, float] = {
    "s": 1.0,
    "sec": 1.0,
    "min": 60.0,
    "m": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "d": 86400.0,
    "day": 86400.0,
    "days": 86400.0,
    "w": 604800.0,
    "wk": 604800.0,
}
"""Seconds in each duration unit accepted in text (SI and calendar definitions)."""

_DURATION = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]*)\s*$")

WEEKS_PER_YEAR = 365.2425 / 7
"""Weeks in a mean Gregorian year (365.2425 days ÷ 7 = 52.1775 weeks): the one length of a year, used
wherever a yearly figure (churn, customers, customer value, pay) is turned into a weekly one or back."""

SECONDS_PER_YEAR = WEEKS_PER_YEAR * SECONDS_PER["w"]
"""Seconds in a mean Gregorian year (31,556,952 s): the longest duration a scenario holds."""

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Weekday names in the order the weekly profile uses (ISO 8601: the week starts on Monday)."""

_DURATION_TEXT = 64
"""Longest text read as a duration, characters."""

_DURATION_FORMS = "seconds or a string like '20s', '4min', '2h', '3d'"


def duration_seconds(value: Any) -> float:
    """A number of seconds or a string such as ``"4min"`` as seconds, without a range check.

    Raises ``ValueError`` for anything else (booleans, unknown units, text longer than 64 characters).
    The result may be negative or non-finite; :func:`parse_duration` checks the range.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a duration: {_DURATION_FORMS}")
    if isinstance(value, numbers.Real):
        try:
            return float(value)
        except OverflowError:
            raise ValueError(f"expected a duration: {_DURATION_FORMS}, got a number too large") from None
    if isinstance(value, str) and len(value) <= _DURATION_TEXT:
        match = _DURATION.match(value)
        if match:
            number, unit = match.groups()
            factor = SECONDS_PER.get(unit.lower() if unit else "s")
            if factor is not None:
                return float(number) * factor
    raise ValueError(
        f"expected a duration: {_DURATION_FORMS} (units {', '.join(sorted(set(SECONDS_PER)))}), got {shown(value)}"
    )


def parse_duration(value: Any, *, maximum: float = SECONDS_PER_YEAR) -> float:
    """Convert a number of seconds or a string such as ``"4min"`` to seconds.

    Parameters
    ----------
    value:
        Seconds (a number) or text with a unit (``"20s"``, ``"4min"``, ``"1.5h"``, ``"2d"``, ``"1w"``).
    maximum:
        Largest duration accepted, seconds (default one year, :data:`SECONDS_PER_YEAR`).

    Returns
    -------
    float
        The duration in seconds, finite and in [0, ``maximum``].

    Raises
    ------
    ValueError
        For anything that is not such a duration, or one outside the range (NaN, infinity, ``"1e400"``).
    """
    seconds = duration_seconds(value)
    if not (math.isfinite(seconds) and 0.0 <= seconds <= maximum):
        raise ValueError(
            f"expected a finite duration from 0 to {maximum:,.0f} seconds ({_DURATION_FORMS}), got {shown(value)}"
        )
    return seconds


def parse_weekday(value: Any) -> int:
    """Weekday as an index 0 (Monday) … 6 (Sunday); accepts names ("Fri", "friday") or integers."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    if isinstance(value, str):
        key = value.strip()[:3].title()
        if key in WEEKDAYS:
            return WEEKDAYS.index(key)
    raise ValueError(f"expected a weekday: one of {', '.join(WEEKDAYS)} or 0–6 (Monday = 0), got {shown(value)}")


Weekday = Annotated[int, BeforeValidator(parse_weekday)]
"""A weekday index, Monday = 0 (accepts names on input)."""


def parse_clock(value: Any) -> float:
    """Clock time of day ``"HH:MM"`` (or seconds after midnight) → seconds after midnight."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            seconds = float(value)
        except OverflowError:
            seconds = math.inf
    elif isinstance(value, str) and re.match(r"^\s*\d{1,2}:\d{2}\s*$", value):
        hours, minutes = (int(part) for part in value.strip().split(":"))
        seconds = hours * 3600.0 + minutes * 60.0
    else:
        raise ValueError(f"expected a clock time 'HH:MM' (00:00–24:00), got {shown(value)}")
    if not 0.0 <= seconds <= 86400.0:  # NaN fails the comparison too
        raise ValueError(f"expected a clock time between 00:00 and 24:00, got {shown(value)}")
    return seconds


ClockTime = Annotated[float, BeforeValidator(parse_clock)]
"""Seconds after midnight (accepts ``"08:30"`` on input)."""


def period_label(period: int, period_minutes: float) -> str:
    """Label of a period: weekday and clock time within a week, or a week number for weekly steps."""
    if period_minutes >= 10080:
        return f"week {period + 1}"
    start = period * period_minutes
    day = int(start // 1440)
    minute = int(start % 1440)
    label = f"{WEEKDAYS[day % 7]} {minute // 60:02d}:{minute % 60:02d}"
    return label if day < 7 else f"wk{day // 7 + 1} {label}"
