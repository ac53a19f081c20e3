"""Calendars: the dates of named events and public holidays in the Gregorian, Solar Hijri and Islamic calendars.

Demand at a service centre moves with the calendar the customers live by, not only with the Gregorian
one. The source documents name the Persian new year (Nowruz) as the peak of the year; in Arabic-speaking
countries Ramadan reshapes the day (shorter hours, a peak after sunset) and the two Eids close offices.
This module turns such a named event into the Gregorian dates it falls on in any year, from maintained
calendar packages rather than hand-made tables:

- **Solar Hijri** (Iran's official calendar) through ``jdatetime``: Nowruz is 1 Farvardin, the day of the
  March equinox; the official holiday is 1–4 Farvardin, and 13 Farvardin (Sizdah Bedar) closes offices too.
- **Islamic (Hijri)** through ``hijridate``, which implements the Umm al-Qura calendar of Saudi Arabia
  (valid 1343–1500 AH, 1924–2077 CE). Where the month begins by the sighting of the moon (Iran, Egypt,
  many communities) the observed first day may differ from Umm al-Qura by one day, occasionally two: a
  peak placed on these dates should allow a day either side (``days_before`` / ``days_after``).
- **Public holidays** of a country through ``holidays`` (``country_holidays``), by ISO 3166 code.

The packages are imported only when a date is asked for, so importing svcdesign stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .errors import InputError, shown

SOLAR_HIJRI_EVENTS: dict[str, tuple[tuple[int, int], ...]] = {
    "nowruz": ((1, 1), (1, 2), (1, 3), (1, 4)),
    "sizdah bedar": ((1, 13),),
}
"""Events of the Solar Hijri calendar: (month, day) pairs of their days (Farvardin is month 1)."""

ISLAMIC_EVENTS: dict[str, tuple[int, int, int]] = {
    "ramadan": (9, 1, 0),
    "eid al-fitr": (10, 1, 3),
    "eid al-adha": (12, 10, 4),
}
"""Events of the Islamic calendar: (month, first day, number of days; 0 = to the end of the month).

Eid al-Fitr is 1–3 Shawwal; Eid al-Adha 10–13 Dhu al-Hijjah (the day of sacrifice and the three days of
Tashriq); Ramadan is the whole ninth month (29 or 30 days as the calendar has it)."""

EVENTS: tuple[str, ...] = (*SOLAR_HIJRI_EVENTS, *ISLAMIC_EVENTS)
"""Every named event :func:`event_dates` knows."""

FIRST_YEAR, LAST_YEAR = 1925, 2076
"""Gregorian years for which every event can be dated (the Umm al-Qura table of ``hijridate`` covers
1343–1500 AH; these are the Gregorian years wholly inside it)."""

MAX_DAYS_AROUND = 60
"""Longest stretch before or after an event a peak may cover, days."""


def _year(field: str, year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(field, year, f"a whole Gregorian year from {FIRST_YEAR} to {LAST_YEAR}")
    return year


def _event(name: Any) -> str:
    key = name.strip().lower() if isinstance(name, str) else None
    if key not in EVENTS:
        raise InputError("event", name, f"one of {', '.join(EVENTS)}")
    return key


def _solar_hijri_days(event: str, year: int) -> list[dt.date]:
    import jdatetime

    persian_year = year - 621  # the Solar Hijri year that begins in March of this Gregorian year
    return [jdatetime.date(persian_year, m, d).togregorian() for m, d in SOLAR_HIJRI_EVENTS[event]]


def _islamic_days(event: str, year: int) -> list[dt.date]:
    from hijridate import Gregorian, Hijri

    month, first, count = ISLAMIC_EVENTS[event]
    days: list[dt.date] = []
    # An Islamic year is about 11 days shorter than a Gregorian one: an event can begin twice in one
    # Gregorian year (Ramadan in January and December 2030), so look at every Hijri year touching it.
    first_hijri = Gregorian(year, 1, 1).to_hijri().year
    last_hijri = Gregorian(year, 12, 31).to_hijri().year
    for hijri_year in range(first_hijri, last_hijri + 1):
        start = Hijri(hijri_year, month, first)
        length = (start.month_length() - first + 1) if count == 0 else count
        begin = start.to_gregorian()
        if begin.year != year:
            continue
        begin_date = dt.date(begin.year, begin.month, begin.day)
        days.extend(begin_date + dt.timedelta(days=k) for k in range(length))
    return days


def event_dates(event: str, year: int, *, days_before: int = 0, days_after: int = 0) -> list[dt.date]:
    """Gregorian dates of a named event that begins in ``year``, widened by days before and after.

    Parameters
    ----------
    event:
        One of :data:`EVENTS` (case-insensitive): ``"nowruz"``, ``"sizdah bedar"``, ``"ramadan"``,
        ``"eid al-fitr"``, ``"eid al-adha"``.
    year:
        Gregorian year in which the event begins, :data:`FIRST_YEAR`–:data:`LAST_YEAR`.
    days_before, days_after:
        Whole days to add before the first day and after the last, 0–60 each (to take only "the ten days
        before Nowruz", without the holiday itself, use :func:`days_before`).

    Returns
    -------
    list of datetime.date
        Sorted, without repeats. Empty for an Islamic event that does not begin in that Gregorian year
        (it happens about once in 33 years); two runs of dates when it begins twice.
    """
    key = _event(event)
    year = _year("year", year)
    before = _days("days_before", days_before)
    after = _days("days_after", days_after)
    core = _solar_hijri_days(key, year) if key in SOLAR_HIJRI_EVENTS else _islamic_days(key, year)
    out: set[dt.date] = set()
    for day in core:
        out.update(day + dt.timedelta(days=k) for k in range(-before, after + 1))
    return sorted(out)


def days_before(event: str, year: int, days: int) -> list[dt.date]:
    """The ``days`` Gregorian dates just before the first day of ``event`` in ``year`` (not the event itself).

    "The days before Nowruz" of the source documents, when customers settle their affairs before the
    holiday: ``days_before("nowruz", 2026, 10)`` gives 11–20 March 2026.
    """
    key = _event(event)
    year = _year("year", year)
    count = _days("days", days)
    core = _solar_hijri_days(key, year) if key in SOLAR_HIJRI_EVENTS else _islamic_days(key, year)
    out: set[dt.date] = set()
    starts = [d for d in core if d - dt.timedelta(days=1) not in core]
    for start in starts:
        out.update(start - dt.timedelta(days=k) for k in range(1, count + 1))
    return sorted(out - set(core))


def _days(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS_AROUND:
        raise InputError(field, value, f"a whole number of days from 0 to {MAX_DAYS_AROUND}")
    return value


def public_holidays(country: str, years: Iterable[int]) -> dict[dt.date, str]:
    """Public holidays of a country in the given Gregorian years, from the ``holidays`` package.

    Parameters
    ----------
    country:
        ISO 3166-1 alpha-2 code (``"IL"``, ``"IR"``, ``"SA"``, ``"GB"``…).
    years:
        Gregorian years, each :data:`FIRST_YEAR`–:data:`LAST_YEAR`.

    Returns
    -------
    dict
        Date → holiday name, sorted by date.
    """
    import holidays

    code = country.strip().upper() if isinstance(country, str) else None
    supported = holidays.list_supported_countries()
    if code not in supported:
        raise InputError("country", country, "an ISO 3166-1 alpha-2 code the holidays package knows, e.g. 'IL', 'IR'")
    chosen = sorted({_year("years", y) for y in years})
    if not chosen:
        raise InputError("years", shown(chosen), "at least one year")
    found = holidays.country_holidays(code, years=chosen)
    return dict(sorted(found.items()))
