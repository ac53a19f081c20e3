"""Demand: channels, the weekly arrival profile, peak periods and the interval grid.

A channel's demand over a typical week is given either interval by interval (``per_interval``,
expected arrivals in each interval of the week, or of one day repeated every day) or as a weekly
volume shaped by day-of-week and hour-of-day weights. Named peak periods multiply demand on given
weekdays, times of day and weeks of the year (a Friday rush, a sales week), or on the days of a named
calendar event and the days around it (the days before Nowruz, Ramadan: :mod:`svcdesign.calendars`).
No computation happens here: the engines expand the profile (``svcdesign.model.compiled``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from ..calendars import EVENTS, FIRST_YEAR, LAST_YEAR
from .base import ModelBase
from .limits import (
    DAYS_AROUND,
    DEMAND_SCALE,
    DEMAND_WEIGHT,
    ISO_WEEK,
    MAX_CHANNELS,
    MAX_INTERVALS,
    MAX_PEAKS,
    NAME,
    PEAK_FACTOR,
    PER_INTERVAL,
    WEEKLY_VOLUME,
)
from .units import ClockTime, Weekday

ChannelKind = Literal["phone", "chat", "email", "walk_in", "referral", "web", "letter", "callback"]
"""Kinds of channel. Email, referral and letter are usually deferred work (handled by a deferred stage)."""

INTERVAL_MINUTES = (15, 30, 60)
"""Interval lengths the model accepts, in minutes; each divides a day."""


Name = Annotated[str, NAME]
"""A channel's name, or a stage's name where a channel refers to it."""

Weight = Annotated[float, DEMAND_WEIGHT]
"""A relative demand weight."""


class Channel(ModelBase):
    """One way customers contact the organisation, with its demand over a typical week.

    Give exactly one of ``per_interval`` or ``weekly_volume``.
    """

    name: Name = Field(description="Unique channel name, e.g. 'phone'.")
    kind: ChannelKind = Field("phone", description="What kind of channel this is.")
    entry_stage: Name | None = Field(
        None, description="Stage where this channel's contacts arrive; default: the first stage."
    )
    per_interval: list[Annotated[float, PER_INTERVAL]] | None = Field(
        None,
        min_length=1,
        max_length=MAX_INTERVALS,
        description="Expected arrivals (contacts) per interval: one week (7 × intervals per day) "
        "or one day (repeated every day), starting Monday 00:00.",
    )
    weekly_volume: Annotated[float, WEEKLY_VOLUME] | None = Field(None, description="Expected contacts per week.")
    day_weights: list[Weight] = Field(
        default_factory=lambda: [1.0] * 7,
        min_length=7,
        max_length=7,
        description="Relative demand Monday … Sunday (normalised; 0 = closed).",
    )
    hourly_weights: list[Weight] = Field(
        default_factory=lambda: [1.0] * 24,
        min_length=24,
        max_length=24,
        description="Relative demand in each hour 00–23 (normalised; 0 = closed).",
    )

    @model_validator(mode="after")
    def _one_profile(self) -> Channel:
        if (self.per_interval is None) == (self.weekly_volume is None):
            raise ValueError(
                f"channel '{self.name}': give exactly one of per_interval (arrivals per interval) "
                "or weekly_volume (with day_weights and hourly_weights)"
            )
        if (
            self.weekly_volume is not None
            and self.weekly_volume > 0
            and (sum(self.day_weights) <= 0 or sum(self.hourly_weights) <= 0)
        ):
            raise ValueError(f"channel '{self.name}': day_weights and hourly_weights need at least one positive value")
        return self


class Peak(ModelBase):
    """A named period that scales demand (``factor`` × the normal profile).

    A peak applies where all its given conditions hold: on the listed weekdays, between ``start`` and
    ``end`` clock times, in the listed ISO weeks of the year or on the days of a named calendar
    ``event`` (and the ``days_before`` / ``days_after`` it), to the listed channels. Omitted conditions
    always hold. Weekly-profile engines apply weekday and time conditions every week. Week-of-year and
    event conditions apply only when an engine runs a given ISO week (``evaluate(week=…)``); a typical
    week (no week given) has none of these peaks. An event peak needs ``demand.year``, the year whose
    ISO weeks are counted: in ISO week W of that year it applies on exactly the days of the week that
    are dates of the event (dated by :func:`svcdesign.calendars.event_dates` in every year the week or
    the days around the event touch, so a peak that spans New Year is whole).

    Examples
    --------
    "The ten days before Nowruz", not the holiday itself, 30 % busier (11–20 March in 2026)::

        peaks:
          - {name: before Nowruz, factor: 1.3, event: nowruz, days_before: 10, event_days: false}
    """

    name: Name
    factor: Annotated[float, PEAK_FACTOR] = Field(description="Demand multiplier during the peak (1.3 = +30%).")
    weekdays: list[Weekday] | None = Field(None, max_length=7, description="Weekdays, e.g. ['Fri'].")
    start: ClockTime | None = Field(None, description="Start time of day, 'HH:MM'.")
    end: ClockTime | None = Field(None, description="End time of day, 'HH:MM' (exclusive).")
    weeks: list[Annotated[int, ISO_WEEK]] | None = Field(
        None,
        max_length=53,
        description="ISO weeks of the year 1–53 (seasonal peaks); apply only when an engine runs one of them.",
    )
    event: str | None = Field(
        None,
        description=f"A named calendar event whose days the peak covers: one of {', '.join(EVENTS)} "
        "(needs demand.year; applies only when an engine runs an ISO week of that year, not in a typical "
        "week; not with weeks).",
    )
    days_before: Annotated[int, DAYS_AROUND] = Field(0, description="Days before the event the peak covers too.")
    days_after: Annotated[int, DAYS_AROUND] = Field(0, description="Days after the event the peak covers too.")
    event_days: bool = Field(
        True, description="Whether the event's own days are covered (false: only the days before and after)."
    )
    channels: list[Name] | None = Field(None, max_length=MAX_CHANNELS, description="Channels affected; default all.")

    @field_validator("weekdays", "weeks", "channels")
    @classmethod
    def _once_each(cls, value: list[Any] | None) -> list[Any] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("expected each item at most once")
        return value

    @field_validator("event", mode="before")
    @classmethod
    def _event(cls, value: Any) -> Any:
        key = value.strip().lower() if isinstance(value, str) else value
        if key is not None and key not in EVENTS:
            raise ValueError(f"expected one of {', '.join(EVENTS)} (a named calendar event), or nothing")
        return key

    @model_validator(mode="after")
    def _check(self) -> Peak:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"peak '{self.name}': end must be after start")
        if self.event is not None and self.weeks is not None:
            raise ValueError(
                f"peak '{self.name}': give weeks (ISO weeks of the year) or event (a named calendar event), "
                "not both; make two peaks for both"
            )
        if self.event is None and (self.days_before or self.days_after or not self.event_days):
            raise ValueError(f"peak '{self.name}': days_before, days_after and event_days need an event")
        if self.event is not None and not self.event_days and not (self.days_before or self.days_after):
            raise ValueError(
                f"peak '{self.name}': with event_days false the peak covers only days_before and days_after; "
                "give at least one of them"
            )
        return self


class Demand(ModelBase):
    """All demand: the interval grid, the channels, growth and peaks."""

    interval_minutes: int = Field(15, description="Interval length in minutes: 15, 30 or 60.")
    channels: list[Channel] = Field(min_length=1, max_length=MAX_CHANNELS)
    scale: Annotated[float, DEMAND_SCALE] = Field(1.0, description="Multiplier on all demand (growth: 1.1 = +10%).")
    peaks: list[Peak] = Field(default_factory=list, max_length=MAX_PEAKS)
    year: int | None = Field(
        None,
        description=f"The Gregorian year whose ISO weeks the scenario's weeks count ({FIRST_YEAR}–{LAST_YEAR}); "
        "needed by peaks with an event, which apply only when an engine runs an ISO week of this year.",
    )

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, value: Any) -> Any:
        whole = isinstance(value, int) and not isinstance(value, bool)
        if value is not None and not (whole and FIRST_YEAR <= value <= LAST_YEAR):
            raise ValueError(
                f"expected a whole Gregorian year from {FIRST_YEAR} to {LAST_YEAR} (the years every named "
                "calendar event can be dated in), or nothing"
            )
        return value

    @field_validator("interval_minutes", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> int:
        if isinstance(value, bool) or value not in INTERVAL_MINUTES:
            raise ValueError(
                f"expected one of {', '.join(map(str, INTERVAL_MINUTES))} minutes "
                "(interval lengths that divide a day into whole intervals)"
            )
        return value

    @model_validator(mode="after")
    def _check(self) -> Demand:
        per_day = 1440 // self.interval_minutes
        names = [c.name for c in self.channels]
        if len(set(names)) != len(names):
            raise ValueError(f"channel names must be unique, got {names}")
        for channel in self.channels:
            if channel.per_interval is not None and len(channel.per_interval) not in (per_day, 7 * per_day):
                raise ValueError(
                    f"channel '{channel.name}': per_interval has {len(channel.per_interval)} values; "
                    f"expected {per_day} (one day of {self.interval_minutes}-minute intervals) "
                    f"or {7 * per_day} (one week)"
                )
        for peak in self.peaks:
            unknown = set(peak.channels or []) - set(names)
            if unknown:
                raise ValueError(f"peak '{peak.name}': unknown channels {sorted(unknown)}; channels are {names}")
            if peak.event is not None and self.year is None:
                raise ValueError(
                    f"peak '{peak.name}' names the event '{peak.event}': set demand.year (the Gregorian year "
                    "whose ISO weeks the scenario counts) so that its dates can be found"
                )
        return self

    @property
    def intervals_per_day(self) -> int:
        """Number of intervals in a day."""
        return 1440 // self.interval_minutes
