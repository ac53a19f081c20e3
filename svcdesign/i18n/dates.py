"""Dates in a language and a calendar: Gregorian, Solar Hijri and Hijri (Umm al-Qura), in the language's digits.

A reader in Iran dates the year by the Solar Hijri calendar, a reader in Saudi Arabia often by the Hijri one;
:func:`date_text` writes a day (``datetime.date`` or ``pandas.Timestamp``) in the calendar asked for, as day,
month name and year, then in the language's digits (:func:`svcdesign.i18n.numbers.local_digits`):

- **Gregorian** (``"gregorian"``): Babel's long date format (CLDR) for the language's locale
  (:data:`svcdesign.i18n.numbers.LOCALES`): ``March 21, 2026``, ``٢١ مارس ٢٠٢٦``, ``۲۱ مارس ۲۰۲۶``.
- **Solar Hijri** (``"solar_hijri"``, Iran's official calendar) through ``jdatetime``, with the Persian month
  names (Farvardin … Esfand; in Arabic too, as Iran writes them): ``۱ فروردین ۱۴۰۵`` is 2026-03-21, Nowruz.
  ``jdatetime`` dates Solar Hijri years 1–9377 (Gregorian 622-03-21 to 9999-03-20).
- **Hijri** (``"hijri"``) through ``hijridate``, the Umm al-Qura calendar of Saudi Arabia, with the Arabic
  month names (``hijridate``'s own in Arabic and English; the Iranian spellings in Persian): ``١ رمضان ١٤٤٧``
  is 2026-02-18. Its table covers 1343–1500 AH (Gregorian 1924-08-01 to 2077-11-16); a day outside it is an
  error. Where a month begins by the sighting of the moon (Iran, Egypt) the observed first day may differ
  from Umm al-Qura by a day.

The calendar packages are imported only when such a date is asked for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date

from ..errors import InputError
from . import check_language
from .numbers import LOCALES, local_digits

CALENDARS: tuple[str, ...] = ("gregorian", "solar_hijri", "hijri")
"""The calendars :func:`date_text` writes: Gregorian, Solar Hijri (Iran) and Hijri (Umm al-Qura)."""

HIJRI_MONTHS_PERSIAN: tuple[str, ...] = (
    "محرم",
    "صفر",
    "ربیع‌الاول",
    "ربیع‌الثانی",
    "جمادی‌الاول",
    "جمادی‌الثانی",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذی‌القعده",
    "ذی‌الحجه",
)
"""The Hijri months in Persian, Muharram to Dhu al-Hijjah, as Iran's official calendar spells them (with the
zero-width non-joiner inside the compound names); ``hijridate`` has no Persian names."""


def _day(day: Any) -> dt.date:
    """``day`` as a ``datetime.date`` (a datetime or Timestamp gives its own calendar day, in its time zone)."""
    if not isinstance(day, dt.date) or day != day:  # pandas.NaT is a datetime that is not equal to itself
        raise InputError("day", day, "a date: a datetime.date, datetime.datetime or pandas.Timestamp")
    return day.date() if isinstance(day, dt.datetime) else day


def _solar_hijri(day: dt.date, language: str) -> str:
    import jdatetime

    try:
        persian = jdatetime.date.fromgregorian(date=day)
    except ValueError:
        first = jdatetime.date(jdatetime.MINYEAR, 1, 1)
        last = jdatetime.date(jdatetime.MAXYEAR, 12, 30 if jdatetime.date(jdatetime.MAXYEAR, 1, 1).isleap() else 29)
        raise InputError(
            "day",
            day,
            f"a day from {first.togregorian()} to {last.togregorian()} (Solar Hijri years "
            f"{jdatetime.MINYEAR}-{jdatetime.MAXYEAR}) for the Solar Hijri calendar",
        ) from None
    names = jdatetime.date.j_months_en if language == "en" else jdatetime.date.j_months_fa
    return f"{persian.day} {names[persian.month - 1]} {persian.year}"


def _hijri(day: dt.date, language: str) -> str:
    from hijridate import Gregorian
    from hijridate.ummalqura import GREGORIAN_RANGE, HIJRI_RANGE

    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except OverflowError:
        (first, last), (first_hijri, last_hijri) = (dt.date(*d) for d in GREGORIAN_RANGE), HIJRI_RANGE
        raise InputError(
            "day",
            day,
            f"a day from {first} to {last} for the Hijri calendar (the Umm al-Qura table covers "
            f"{first_hijri[0]}-{last_hijri[0]} AH)",
        ) from None
    month = (
        HIJRI_MONTHS_PERSIAN[hijri.month - 1]
        if language == "fa"
        else hijri.month_name("ar" if language == "ar" else "en")
    )
    return f"{hijri.day} {month} {hijri.year}"


def date_text(day: Any, language: str = "en", calendar: str = "gregorian") -> str:
    """``day`` written in ``language`` in ``calendar``: day, month name and year, in the language's digits.

    Parameters
    ----------
    day:
        A ``datetime.date``, ``datetime.datetime`` or ``pandas.Timestamp`` (its calendar day is written).
    language:
        One of :data:`svcdesign.i18n.LANGUAGES`.
    calendar:
        One of :data:`CALENDARS`.

    Returns
    -------
    str
        ``date_text(date(2026, 3, 21), "fa", "solar_hijri")`` is ``"۱ فروردین ۱۴۰۵"``;
        ``date_text(date(2026, 2, 18), "ar", "hijri")`` is ``"١ رمضان ١٤٤٧"``.

    Raises
    ------
    InputError
        For a value that is not a date, an unknown language or calendar, or a day outside the calendar's
        range (Hijri: 1924-08-01 to 2077-11-16).
    """
    lang = check_language(language)
    if calendar not in CALENDARS:
        raise InputError("calendar", calendar, f"one of {', '.join(CALENDARS)}")
    when = _day(day)
    if calendar == "gregorian":
        text = format_date(when, format="long", locale=LOCALES[lang])
    elif calendar == "solar_hijri":
        text = _solar_hijri(when, lang)
    else:
        text = _hijri(when, lang)
    return local_digits(text, lang)


CALENDAR_DEFAULTS: dict[str, str] = {"en": "gregorian", "ar": "gregorian", "fa": "solar_hijri"}
"""Each language's calendar when the reader does not choose one: Iran's official Solar Hijri for Persian; the
Gregorian for Arabic (the business calendar of most Arab states), with its Hijri equivalent beside it."""


def check_calendar(calendar: str | None) -> str | None:
    """``calendar`` if it is one of :data:`CALENDARS` or None (the language's own); else a clear error."""
    if calendar is not None and calendar not in CALENDARS:
        raise InputError("calendar", calendar, f"one of {', '.join(CALENDARS)}, or None for the language's own")
    return calendar


def dated(day: Any, language: str = "en", calendar: str | None = None) -> str:
    """``day`` as a reader of ``language`` dates it: in ``calendar`` (None: :data:`CALENDAR_DEFAULTS`), with its
    equivalent in brackets where one helps — the Gregorian day after a Solar Hijri or Hijri date, the Hijri day
    after a Gregorian date in Arabic.

    Parameters
    ----------
    day:
        A ``datetime.date``, ``datetime.datetime`` or ``pandas.Timestamp``.
    language:
        One of :data:`svcdesign.i18n.LANGUAGES`.
    calendar:
        One of :data:`CALENDARS`, or None for the language's own.

    Returns
    -------
    str
        ``dated(date(2026, 3, 21), "fa")`` is ``"۱ فروردین ۱۴۰۵ (۲۱ مارس ۲۰۲۶)"``; ``dated(date(2026, 2, 18),
        "ar")`` is ``"١٨ فبراير ٢٠٢٦ (١ رمضان ١٤٤٧)"``; in English ``"February 18, 2026"``.
    """
    lang = check_language(language)
    chosen = check_calendar(calendar)
    first = CALENDAR_DEFAULTS[lang] if chosen is None else chosen
    other = "hijri" if first == "gregorian" and lang == "ar" else None if first == "gregorian" else "gregorian"
    text = date_text(day, lang, first)
    if other is None:
        return text
    try:
        return f"{text} ({date_text(day, lang, other)})"
    except InputError:  # a day outside the Hijri table: the Gregorian date alone
        return text
