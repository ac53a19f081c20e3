"""Which dates the calendar-bound peaks cover: ISO weeks of a year and the days of named events in them.

A peak with ``weeks`` applies in those ISO weeks; a peak with an ``event`` applies on the dates of the
event (:func:`svcdesign.calendars.event_dates`) and the days around it. These functions turn both into
the days of a given ISO week of ``demand.year``, for :mod:`svcdesign.model.compiled` (the arrivals of a
week), the year of the calendar that ``compare`` counts, and the week pickers of what-ifs. Dating an event
imports the calendar packages; nothing here does so before a date is asked for.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np

from ..calendars import FIRST_YEAR, LAST_YEAR, event_dates
from ..errors import InputError
from .demand import Peak
from .roster import DAYS_PER_WEEK
from .scenario import Scenario


def iso_week_days(year: int, week: int) -> list[dt.date]:
    """The seven dates, Monday to Sunday, of ISO 8601 week ``week`` of ``year`` (week 1 is the week with
    the year's first Thursday, so it can begin in December; a year has 52 or 53 weeks).

    Raises :class:`~svcdesign.errors.InputError` for a week the year does not have.
    """
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except (ValueError, TypeError, OverflowError):
        last = dt.date(year, 12, 28).isocalendar().week if FIRST_YEAR <= year <= LAST_YEAR else 52
        raise InputError("week", week, f"an ISO week of demand.year {year}: 1–{last}") from None
    return [monday + dt.timedelta(days=k) for k in range(DAYS_PER_WEEK)]


def event_peak_days(peak: Peak, year: int, week: int) -> np.ndarray:
    """Which days (Monday … Sunday, ``[7]`` bool) of ISO week ``week`` of ``year`` an event peak covers.

    A day is covered when it is one of :func:`svcdesign.calendars.event_dates` of the peak's event with
    its ``days_before`` and ``days_after``, for the event beginning in any year from the year before the
    week to the year after it (so the days before an event in January, or after one in December, reach
    across New Year); with ``event_days`` false, the event's own days are left out. Events beginning
    outside :data:`~svcdesign.calendars.FIRST_YEAR`–:data:`~svcdesign.calendars.LAST_YEAR` are not
    dated. A peak without an event covers every day.
    """
    days = iso_week_days(year, week)
    if peak.event is None:
        return np.ones(DAYS_PER_WEEK, dtype=bool)
    covered = _event_days(peak.event, peak.days_before, peak.days_after, peak.event_days, days[0].year, days[-1].year)
    return np.array([d in covered for d in days])


@lru_cache(maxsize=1024)
def _event_days(event: str, before: int, after: int, own_days: bool, first: int, last: int) -> frozenset[dt.date]:
    """Dates an event peak covers, for the event beginning in the years ``first − 1`` … ``last + 1``
    (cached: an optimiser evaluates the same week many times)."""
    years = range(max(first - 1, FIRST_YEAR), min(last + 1, LAST_YEAR) + 1)
    around = {d for y in years for d in event_dates(event, y, days_before=before, days_after=after)}
    own = set() if own_days else {d for y in years for d in event_dates(event, y)}
    return frozenset(around - own)


def peak_weeks(scenario: Scenario) -> list[int]:
    """The ISO weeks in which a peak bound to the calendar (``weeks`` or ``event``) applies, sorted: the
    weeks of ``demand.year`` (52 or 53) where it is set, 1–53 otherwise."""
    year = scenario.demand.year
    last = 53 if year is None else dt.date(year, 12, 28).isocalendar().week
    return [w for w in range(1, last + 1) if dated_peaks(scenario, w)]


def dated_peaks(scenario: Scenario, week: int) -> frozenset[tuple[str, tuple[bool, ...]]]:
    """The peaks bound to the calendar (``weeks`` or ``event``) that apply in ISO week ``week``, each with
    the days of the week it covers (Monday … Sunday); empty for a week like the typical one.

    Two weeks with the same value have the same demand. Needs ``demand.year`` for event peaks (the model
    refuses an event peak without it).
    """
    demand = scenario.demand
    active: set[tuple[str, tuple[bool, ...]]] = set()
    for peak in demand.peaks:
        if peak.weeks is not None and week in peak.weeks:
            active.add((peak.name, (True,) * DAYS_PER_WEEK))
        elif peak.event is not None and demand.year is not None:
            days = event_peak_days(peak, demand.year, week)
            if days.any():
                active.add((peak.name, tuple(bool(d) for d in days)))
    return frozenset(active)
