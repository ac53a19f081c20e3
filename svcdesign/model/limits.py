"""The limits of every number, text and list a scenario may hold, in one table.

Why limits at all: a scenario file may come from anyone. Without bounds, ``hourly_wage: inf`` or a
shift ``count: 1e400`` load and later turn into NaN costs or ``staff = -9223372036854775808`` inside an
engine. Each bound below is far beyond what a real organisation reaches — so no real scenario is
refused — yet small enough that every engine's arithmetic stays finite: the largest products the
engines form (staff × wage × hours in a year, demand × scale × peak factor × handle time, customers ×
annual value) stay below 1e25, far from the float limit (1.8e308), and staff counts stay far below the
64-bit integer limit (9.2e18) when the engines round them to whole people.

Engines, tests and the fuzz harness import these names (``from svcdesign.model.limits import STAFF``)
rather than repeating numbers. The model's fields refer to them through ``Annotated`` types, e.g.
``hourly_wage: Annotated[float, HOURLY_WAGE]``: a :class:`Limit` or :class:`TextLimit` in the
annotation validates the value and explains a refusal with the range and its unit.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from ..calendars import MAX_DAYS_AROUND
from .units import SECONDS_PER_YEAR, duration_seconds

NUMBER_CHARACTERS = 64
"""Longest text accepted as a number ("1.5", "4min"); longer text is refused before it is parsed."""


def _number(x: float) -> str:
    """A bound for a message: ``100,000``, ``31,556,952``, ``1e6``, ``1e12``, ``0.5``."""
    if float(x).is_integer():
        whole = int(x)
        digits = str(abs(whole))
        if abs(whole) >= 1_000_000 and digits.rstrip("0") in ("1", "2", "5"):
            return f"{'-' if whole < 0 else ''}{digits.rstrip('0')}e{len(digits) - 1}"
        return f"{whole:,}"
    return f"{x:g}"


@dataclass(frozen=True)
class Limit:
    """A range of finite numbers with its unit, used as ``Annotated[float, LIMIT]`` in a model field.

    Parameters
    ----------
    low, high:
        The bounds, in ``unit``.
    unit:
        What the number counts, for messages (``"currency units per paid hour"``); read after ``kind``
        and "of" (empty: ``kind`` says it all).
    kind:
        What the number is, for messages: ``"a finite number"`` (the default), ``"a share"``…
    low_open, high_open:
        Whether the bound itself is excluded (``(0, 1]`` has ``low_open=True``).
    integer:
        Whole numbers only (an integer-valued float such as ``2.0`` is accepted as ``2``).
    duration:
        A duration in seconds: text with a unit (``"4min"``, ``"2d"``) is converted on input.
    """

    low: float
    high: float
    unit: str
    kind: str = "a finite number"
    low_open: bool = False
    high_open: bool = False
    integer: bool = False
    duration: bool = False

    @property
    def interval(self) -> str:
        """The range in interval notation: ``[0, 1e6]``, ``(0, 1]``."""
        return (
            f"{'(' if self.low_open else '['}{_number(self.low)}, {_number(self.high)}{')' if self.high_open else ']'}"
        )

    @property
    def allowed(self) -> str:
        """What the limit allows, for error messages."""
        words = [
            w
            for w, on in (
                (f"greater than {_number(self.low)}", self.low_open),
                (f"less than {_number(self.high)}", self.high_open),
            )
            if on
        ]
        extra = f" ({' and '.join(words)})" if words else ""
        if self.duration:
            return (
                f"a duration in {self.interval} seconds{extra}, {self.unit}: seconds, or text with a "
                "unit such as '20s', '4min', '1.5h', '2d'"
            )
        of = f" of {self.unit}" if self.unit else ""
        return f"{self.kind}{of} in {self.interval}{extra}"

    def contains(self, x: float) -> bool:
        """Whether the finite number ``x`` lies within the limit."""
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below

    def check(self, value: Any) -> Any:
        """``value`` as a float (an int if ``integer``) within the limit; raise ``ValueError`` otherwise.

        Accepts Python and numpy numbers and numeric text; refuses booleans, NaN, infinities, numbers
        too large for a float and anything else, with a message giving the range and unit.
        """
        number = self._parse(value)
        if number is None or not math.isfinite(number) or not self.contains(number):
            raise ValueError(f"expected {self.allowed}")
        if self.integer:
            if not number.is_integer():
                raise ValueError(f"expected {self.allowed}")
            return int(number)
        return number

    def _parse(self, value: Any) -> float | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, str):
            if len(value) > NUMBER_CHARACTERS:
                return None
            if self.duration:
                try:
                    return duration_seconds(value)
                except ValueError:
                    return None
            try:
                return float(value.strip())
            except ValueError:
                return None
        if isinstance(value, (numbers.Real, Decimal)):
            try:
                return float(value)
            except (OverflowError, ValueError):
                return None
        return None

    def __get_pydantic_core_schema__(self, source_type: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self.check, handler(source_type))


_CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""Characters a name may not hold: control characters (Unicode Cc, tabs and line breaks included) and
lone surrogates (Cs, which cannot be written as UTF-8)."""

_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""The same for free text, where tabs and line breaks (``\\t``, ``\\n``, ``\\r``) are allowed."""


@dataclass(frozen=True)
class TextLimit:
    """Text of bounded length without control characters, used as ``Annotated[str, LIMIT]``.

    Parameters
    ----------
    max_length:
        Most characters allowed.
    what:
        What the text is, for messages (``"a name"``).
    multiline:
        Tabs and line breaks allowed (free text such as notes).
    blank:
        Empty (or all-space) text allowed.
    """

    max_length: int
    what: str
    multiline: bool = False
    blank: bool = False

    @property
    def allowed(self) -> str:
        """What the limit allows, for error messages."""
        least = 0 if self.blank else 1
        control = "other than tabs and line breaks" if self.multiline else "(tabs and line breaks included)"
        visible = "" if self.blank else " with at least one visible character,"
        return (
            f"{self.what} of {least} to {self.max_length:,} characters,{visible} without control characters {control}"
        )

    def check(self, value: Any) -> str:
        """``value`` if it is text within the limit; raise ``ValueError`` otherwise."""
        if not isinstance(value, str):
            raise ValueError(f"expected {self.allowed}")
        pattern = _CONTROL_IN_TEXT if self.multiline else _CONTROL_IN_NAME
        if len(value) > self.max_length or pattern.search(value) or (not self.blank and not value.strip()):
            raise ValueError(f"expected {self.allowed}")
        return value

    def __get_pydantic_core_schema__(self, source_type: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self.check, handler(source_type))


# ------------------------------------------------------------------------------------ staff
STAFF = Limit(0, 100_000, "paid staff on shift")
"""Staff of a stage in one interval, and of one shift (``Shift.count``); also the most that a stage's
shifts may hold together. 100,000 is several times the largest contact centre."""

STAFF_ADJUSTMENT = Limit(-100_000, 100_000, "staff added to every staffed interval")
"""The what-if lever ``Stage.staff_adjustment``: at most the largest staff, either way."""

SHIFT_HOURS = Limit(0, 24, "paid hours", low_open=True)
"""Length of a shift: more than nothing, at most a day."""

SHRINKAGE = Limit(0, 1, "paid time not available for contacts", "a share", high_open=True)
"""Share of paid time lost to breaks, training and absence: below 1, or nobody ever works."""

# ------------------------------------------------------------------------------------ money
HOURLY_WAGE = Limit(0, 1e6, "currency units per paid hour")
"""Cost of one paid staff hour; 1e6 covers any currency's wage (even in units of low value)."""

WEEKLY_BUDGET = Limit(0, 1e12, "currency units per week")
"""Staff budget of the organisation per week."""

ANNUAL_VALUE = Limit(0, 1e9, "currency units per customer per year")
"""Yearly revenue or value of one customer."""

# ----------------------------------------------------------------------------------- demand
WEEKLY_VOLUME = Limit(0, 1e8, "contacts per week")
"""A channel's weekly demand: 100 million contacts, more than any national service."""

PER_INTERVAL = Limit(0, 1e7, "contacts per interval")
"""A channel's expected arrivals in one interval."""

DEMAND_WEIGHT = Limit(0, 1e9, "relative demand (weights are normalised)", "a weight")
"""Day-of-week and hour-of-day weights; only their ratios matter."""

DEMAND_SCALE = Limit(0, 1_000, "the described demand", "a multiplier")
"""Multiplier on all demand (growth)."""

PEAK_FACTOR = Limit(0, 100, "the normal demand", "a multiplier", low_open=True)
"""Demand multiplier during a peak period."""

ISO_WEEK = Limit(1, 53, "a year", "an ISO 8601 week number", integer=True)
"""Weeks of the year a peak applies to (ISO 8601 weeks 1–53)."""

DAYS_AROUND = Limit(0, MAX_DAYS_AROUND, "days before or after a named event", "a whole number", integer=True)
"""Days a peak reaches before or after a named calendar event (:data:`svcdesign.calendars.MAX_DAYS_AROUND`)."""

# -------------------------------------------------------------------------------- durations
DURATION = Limit(0, SECONDS_PER_YEAR, "at most one year", low_open=True, duration=True)
"""A mean handle time or patience, a target answer time or mean wait, a redial delay: more than nothing,
at most one year (:data:`~svcdesign.model.units.SECONDS_PER_YEAR`)."""

DELAY = Limit(0, SECONDS_PER_YEAR, "at most one year", duration=True)
"""A delay that may be zero (repeat contact, follow-up): at most one year."""

SAMPLE = Limit(0, SECONDS_PER_YEAR, "seconds (at most one year)")
"""One observed duration of an empirical distribution."""

CV = Limit(0, 100, "", "a coefficient of variation (standard deviation / mean)", low_open=True)
"""Coefficient of variation of a lognormal duration (observed handle times have about 1)."""

# ----------------------------------------------------------------------------------- shares
PROBABILITY = Limit(0, 1, "handled contacts", "a probability")
"""A routing probability (escalate, transfer, repeat, follow-up)."""

RETRY = Limit(0, 1, "abandoners who try again", "a share", high_open=True)
"""Share of abandoners who redial: below 1, or some customers would redial for ever."""

SHARE = Limit(0, 1, "contacts or customers", "a share", low_open=True)
BED_DAY_SHARE = Limit(0, 1, "waiting days spent in a hospital bed", "a share")
"""A share that must be positive: a service-level target, a largest occupancy, a segment's share."""

MAX_ABANDON = Limit(0, 1, "abandoning", "a probability", low_open=True, high_open=True)
"""Largest acceptable probability of abandoning."""

# --------------------------------------------------------------------------------- segments
MULTIPLIER = Limit(0, 100, "the stage's mean", "a multiplier", low_open=True)
"""A segment's multiplier on patience or handle time."""

HANDLE_TIME_PROFILE = Limit(0, 100, "the stage's mean handle time", "a multiplier", low_open=True)
"""One interval's multiplier in a stage's ``handle_time_profile`` (handle time by time of day and week):
more than nothing, at most the largest segment multiplier. The engines also refuse a mean handle time
that the profile and a segment's multiplier together take beyond a year × :data:`MULTIPLIER`'s bound."""

ESCALATION_MULTIPLIER = Limit(0, 100, "the stage's escalation probabilities", "a multiplier")
"""A segment's multiplier on escalation probabilities (0 = never escalated)."""

PRIORITY = Limit(0, 1_000, "queue priority levels (lower is served first)", "a whole number", integer=True)
"""A segment's queue priority."""

CUSTOMERS = Limit(0, 1e10, "customers")
"""Customers in a segment: more than the world's population."""

ASSUMPTION = Limit(-1e12, 1e12, "the assumption's unit (the assumptions table gives its own range)")
"""A scenario's override of a row of the assumptions table; the table then checks the row's range."""

# ------------------------------------------------------------------------------ multi-skill
SKILL_MULTIPLIER = Limit(0, 100, "the contact type's mean handle time", "a multiplier", low_open=True)
"""An agent group's multiplier on a contact type's mean handle time (a skill it is slower or quicker
at): more than nothing, at most the largest segment multiplier (:data:`MULTIPLIER`)."""

CONCURRENCY = Limit(1, 10, "contacts an agent holds at once", "a whole number", integer=True)
"""Chats one agent holds at once. Chat agents usually hold two or three; 10 is far above any reported
practice and keeps the exact chat chain (agents × slots states) small."""

CONCURRENCY_SLOWDOWN = Limit(1, 100, "the handle time of a chat held alone", "a multiplier")
"""Handle time of each chat while an agent holds *j* of them, as a multiple of the handle time of one
chat held alone: at least 1 (holding more chats never makes each quicker), at most the largest
segment multiplier."""

AGENTS = Limit(0, 100_000, "agents of the group", "a number of agents")
"""A threshold counted in agents of one group (agents reserved for a contact type, idle agents before
deferred work is blended in): at most the largest staff (:data:`STAFF`)."""

# ------------------------------------------------------------------------------------- text
NAME = TextLimit(200, "a name")
"""Names of the scenario, stages, channels, segments and peaks, and the currency."""

OPTIONAL_NAME = TextLimit(200, "a name", blank=True)
"""A name that may be left empty (the organisation's)."""

NOTE = TextLimit(20_000, "text", multiline=True, blank=True)
"""Free text: a scenario's notes and each of its sources."""

# ------------------------------------------------------------------------------------ lists
MAX_INTERVALS = 7 * 24 * 60 // 15
"""Values in a per-interval list: one week of the shortest (15-minute) intervals, 672."""

MAX_STAGES = 100
"""Stages of a chain (and so routing targets of a stage)."""

MAX_CHANNELS = 100
"""Channels of the demand."""

MAX_SEGMENTS = 100
"""Customer segments."""

MAX_PEAKS = 1_000
"""Peak periods."""

MAX_SHIFTS = 1_000
"""Shifts of one stage's roster."""

MAX_SAMPLES = 100_000
"""Observed durations of one empirical distribution (a year of a large centre's calls is more than
enough to resample from)."""

MAX_CONTACT_TYPES = 200
"""Contact types of a service desk (channels × reasons)."""

MAX_AGENT_GROUPS = 100
"""Agent groups of a service desk (and so preferences of a contact type's router)."""

MAX_SOURCES = 1_000
"""Entries of a scenario's ``sources``."""

MAX_ASSUMPTIONS = 1_000
"""Assumption overrides of one scenario (the table has fewer rows)."""
