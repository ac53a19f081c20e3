"""Units the scenario model accepts: durations and weekdays.

All durations are stored in **seconds**. Users may write them as numbers of seconds or as strings with
a unit (``"20s"``, ``"4min"``, ``"1.5h"``, ``"2d"``, ``"1w"``), which are converted on input, so a
saved scenario always holds plain seconds and round-trips without loss.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

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

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Weekday names in the order the weekly profile uses (ISO 8601: the week starts on Monday)."""


def parse_duration(value: Any) -> float:
    """Convert a number of seconds or a string such as ``"4min"`` to seconds."""
    if isinstance(value, bool):
        raise ValueError("expected a duration: seconds or a string like '20s', '4min', '2h', '3d'")
    seconds: float | None = None
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            number, unit = match.groups()
            factor = SECONDS_PER.get(unit.lower() if unit else "s")
            if factor is not None:
                seconds = float(number) * factor
    if seconds is not None:
        if not math.isfinite(seconds):
            raise ValueError(f"expected a finite duration, got {value!r}")
        return seconds
    raise ValueError(
        f"expected a duration: seconds or a string like '20s', '4min', '2h', '3d' "
        f"(units {', '.join(sorted(set(SECONDS_PER)))}), got {value!r}"
    )


def parse_weekday(value: Any) -> int:
    """Weekday as an index 0 (Monday) … 6 (Sunday); accepts names ("Fri", "friday") or integers."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    if isinstance(value, str):
        key = value.strip()[:3].title()
        if key in WEEKDAYS:
            return WEEKDAYS.index(key)
    raise ValueError(f"expected a weekday: one of {', '.join(WEEKDAYS)} or 0–6 (Monday = 0), got {value!r}")


Duration = Annotated[float, BeforeValidator(parse_duration)]
"""A duration in seconds (accepts ``"4min"``-style strings on input)."""

Weekday = Annotated[int, BeforeValidator(parse_weekday)]
"""A weekday index, Monday = 0 (accepts names on input)."""


def parse_clock(value: Any) -> float:
    """Clock time of day ``"HH:MM"`` (or seconds after midnight) → seconds after midnight."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str) and re.match(r"^\s*\d{1,2}:\d{2}\s*$", value):
        hours, minutes = (int(part) for part in value.strip().split(":"))
        seconds = hours * 3600.0 + minutes * 60.0
    else:
        raise ValueError(f"expected a clock time 'HH:MM' (00:00–24:00), got {value!r}")
    if not 0.0 <= seconds <= 86400.0 or not math.isfinite(seconds):
        raise ValueError(f"expected a clock time between 00:00 and 24:00, got {value!r}")
    return seconds


ClockTime = Annotated[float, BeforeValidator(parse_clock)]
"""Seconds after midnight (accepts ``"08:30"`` on input)."""
