"""Demand: channels, the weekly arrival profile, peak periods and the interval grid.

A channel's demand over a typical week is given either interval by interval (``per_interval``,
expected arrivals in each interval of the week, or of one day repeated every day) or as a weekly
volume shaped by day-of-week and hour-of-day weights. Named peak periods multiply demand on given
weekdays, times of day and weeks of the year (a Friday rush, a sales week, the days before Nowruz).
No computation happens here: the engines expand the profile (``svcdesign.model.compiled``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from .base import ModelBase
from .limits import (
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

    A peak applies where all its given conditions hold: on the listed weekdays, between
    ``start`` and ``end`` clock times, in the listed ISO weeks of the year, to the listed channels.
    Omitted conditions always hold. Weekly-profile engines apply weekday and time conditions every
    week; week-of-year conditions apply when an engine runs a given week (``evaluate(week=…)``) or a
    horizon of several weeks (simulation, dynamics).
    """

    name: Name
    factor: Annotated[float, PEAK_FACTOR] = Field(description="Demand multiplier during the peak (1.3 = +30%).")
    weekdays: list[Weekday] | None = Field(None, max_length=7, description="Weekdays, e.g. ['Fri'].")
    start: ClockTime | None = Field(None, description="Start time of day, 'HH:MM'.")
    end: ClockTime | None = Field(None, description="End time of day, 'HH:MM' (exclusive).")
    weeks: list[Annotated[int, ISO_WEEK]] | None = Field(
        None, max_length=53, description="ISO weeks of the year 1–53 (seasonal peaks)."
    )
    channels: list[Name] | None = Field(None, max_length=MAX_CHANNELS, description="Channels affected; default all.")

    @field_validator("weekdays", "weeks", "channels")
    @classmethod
    def _once_each(cls, value: list[Any] | None) -> list[Any] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("expected each item at most once")
        return value

    @model_validator(mode="after")
    def _check(self) -> Peak:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"peak '{self.name}': end must be after start")
        return self


class Demand(ModelBase):
    """All demand: the interval grid, the channels, growth and peaks."""

    interval_minutes: int = Field(15, description="Interval length in minutes: 15, 30 or 60.")
    channels: list[Channel] = Field(min_length=1, max_length=MAX_CHANNELS)
    scale: Annotated[float, DEMAND_SCALE] = Field(1.0, description="Multiplier on all demand (growth: 1.1 = +10%).")
    peaks: list[Peak] = Field(default_factory=list, max_length=MAX_PEAKS)

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
        return self

    @property
    def intervals_per_day(self) -> int:
        """Number of intervals in a day."""
        return 1440 // self.interval_minutes
