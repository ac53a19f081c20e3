"""Dates in each language and calendar (svcdesign.i18n.dates) against published calendars, and every day of the
calendars' ranges read back through the calendar packages. Property tests draw derandomised examples
(tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pandas as pd
import pytest
from babel import Locale
from hijridate import Gregorian, Hijri
from hypothesis import given
from hypothesis import strategies as st

from svcdesign.errors import InputError
from svcdesign.i18n import LANGUAGES
from svcdesign.i18n.dates import HIJRI_MONTHS_PERSIAN, date_text, dated
from svcdesign.i18n.digits import read_number
from svcdesign.i18n.numbers import DIGITS, LOCALES

D = dt.date
HIJRI_FIRST, HIJRI_LAST = D(1924, 8, 1), D(2077, 11, 16)
"""The Umm al-Qura table of hijridate: 1 Muharram 1343 to 30 Dhu al-Hijjah 1500 AH (hijridate's documentation)."""


@pytest.mark.parametrize(
    ("day", "language", "calendar", "text"),
    [
        # Iran's official calendar: Nowruz, 1 Farvardin 1405, is 21 March 2026 (the March equinox falls at 14:46 UT
        # on 20 March 2026, after noon in Tehran, so the year begins the next day); 1 Farvardin 1378 = 21 March
        # 1999; 22 Bahman 1357, the day of the revolution, = 11 February 1979.
        (D(2026, 3, 21), "fa", "solar_hijri", "۱ فروردین ۱۴۰۵"),
        (D(1999, 3, 21), "fa", "solar_hijri", "۱ فروردین ۱۳۷۸"),
        (D(1979, 2, 11), "fa", "solar_hijri", "۲۲ بهمن ۱۳۵۷"),
        (D(2026, 3, 21), "en", "solar_hijri", "1 Farvardin 1405"),
        (D(2026, 3, 21), "ar", "solar_hijri", "١ فروردین ١٤٠٥"),
        # Umm al-Qura (Saudi Arabia): 1 Ramadan 1447 = 18 February 2026; Ramadan 1445 began 11 March 2024 and
        # Shawwal 1445 (Eid al-Fitr) on 10 April 2024; 1 Muharram 1446 (the Islamic new year) = 7 July 2024.
        (D(2026, 2, 18), "ar", "hijri", "١ رمضان ١٤٤٧"),
        (D(2024, 3, 11), "ar", "hijri", "١ رمضان ١٤٤٥"),
        (D(2024, 4, 10), "ar", "hijri", "١ شوال ١٤٤٥"),
        (D(2024, 7, 7), "ar", "hijri", "١ محرم ١٤٤٦"),
        (D(2026, 2, 18), "fa", "hijri", "۱ رمضان ۱۴۴۷"),
        (D(2026, 2, 18), "en", "hijri", "1 Ramadan 1447"),
        # CLDR long date patterns: English "MMMM d, y"; Arabic and Persian "d MMMM y", with March called مارس in
        # Egypt's Arabic and in Persian.
        (D(2026, 3, 21), "en", "gregorian", "March 21, 2026"),
        (D(2026, 3, 21), "ar", "gregorian", "٢١ مارس ٢٠٢٦"),
        (D(2026, 3, 21), "fa", "gregorian", "۲۱ مارس ۲۰۲۶"),
    ],
)
def test_dates_match_published_calendars(day, language, calendar, text):
    assert date_text(day, language, calendar=calendar) == text


def _parts(text: str) -> tuple[int, str, int]:
    """Day, month name and year of a written date, its numbers read back through svcdesign.i18n.digits."""
    words = text.replace(",", " ").split()
    numbers = [w for w in words if any(c.isdigit() for c in w)]
    month = " ".join(w for w in words if w not in numbers)
    day, year = (int(read_number(w)[0]) for w in numbers)
    return day, month, year


@given(day=st.dates(HIJRI_FIRST, HIJRI_LAST))
def test_every_hijri_day_reads_back_through_hijridate(day):
    for language in LANGUAGES:
        text = date_text(day, language, "hijri")
        assert set(c for c in text if c.isdigit()) <= set(DIGITS[language]), text
        number, month, year = _parts(text)
        names = (
            HIJRI_MONTHS_PERSIAN if language == "fa" else [Hijri(1447, m, 1).month_name(language) for m in range(1, 13)]
        )
        gregorian = Hijri(year, names.index(month) + 1, number).to_gregorian()
        assert D(gregorian.year, gregorian.month, gregorian.day) == day


@given(day=st.dates(D(622, 3, 21), D(9999, 3, 20)))
def test_every_solar_hijri_day_reads_back_through_jdatetime(day):
    for language in LANGUAGES:
        number, month, year = _parts(date_text(day, language, "solar_hijri"))
        names = jdatetime.date.j_months_en if language == "en" else jdatetime.date.j_months_fa
        assert jdatetime.date(year, names.index(month) + 1, number).togregorian() == day


@given(day=st.dates(D(1, 1, 1), D(9999, 12, 31)))
def test_every_gregorian_day_has_its_cldr_month_name_and_local_digits(day):
    for language in LANGUAGES:
        text = date_text(day, language)
        assert set(c for c in text if c.isdigit()) <= set(DIGITS[language]), text
        number, month, year = _parts(text)
        assert (number, year) == (day.day, day.year)
        assert month == Locale.parse(LOCALES[language]).months["format"]["wide"][day.month]


def test_persian_month_names_are_written_in_persian_letters_with_the_zero_width_non_joiner():
    """Persian writes ی and ک (not the Arabic ي and ك) and joins the parts of a compound name with U+200C."""
    names = [*HIJRI_MONTHS_PERSIAN, *jdatetime.date.j_months_fa]
    assert not any(c in name for name in names for c in "\u064a\u0643")
    compounds = [n for n in HIJRI_MONTHS_PERSIAN if n.startswith(("ربیع", "جمادی", "ذی"))]
    assert len(compounds) == 6 and all("\u200c" in n and " " not in n for n in compounds)


def test_a_timestamp_or_datetime_gives_its_own_calendar_day():
    late = pd.Timestamp("2026-03-20 23:30", tz="Asia/Tehran")  # 20:00 UT, still 29 Esfand in Tehran
    assert date_text(late, "fa", "solar_hijri") == date_text(D(2026, 3, 20), "fa", "solar_hijri")
    assert date_text(dt.datetime(2026, 3, 21, 9), "fa", "solar_hijri") == "۱ فروردین ۱۴۰۵"


@pytest.mark.parametrize("day", [HIJRI_FIRST - dt.timedelta(days=1), HIJRI_LAST + dt.timedelta(days=1), D(1, 1, 1)])
def test_a_day_outside_the_umm_al_qura_table_is_refused_with_its_range(day):
    assert Gregorian(HIJRI_FIRST.year, HIJRI_FIRST.month, HIJRI_FIRST.day).to_hijri().datetuple() == (1343, 1, 1)
    with pytest.raises(InputError, match="1924-08-01 to 2077-11-16") as error:
        date_text(day, "ar", "hijri")
    assert error.value.field == "day"


def test_a_day_before_the_solar_hijri_era_is_refused_with_its_range():
    with pytest.raises(InputError, match="0622-03-21") as error:
        date_text(D(622, 3, 20), "fa", "solar_hijri")
    assert error.value.field == "day"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        (("2026-03-21", "fa", "solar_hijri"), "day"),
        ((pd.NaT, "fa", "gregorian"), "day"),
        ((None, "en", "gregorian"), "day"),
        ((D(2026, 3, 21), "de", "gregorian"), "language"),
        ((D(2026, 3, 21), "fa", "persian"), "calendar"),
    ],
)
def test_bad_input_names_its_field(arguments, field):
    with pytest.raises(InputError) as error:
        date_text(*arguments)
    assert error.value.field == field


@pytest.mark.parametrize(
    ("day", "language", "calendar", "text"),
    [
        # Each language's own calendar with its equivalent beside it (the published days above): Nowruz 1405.
        (D(2026, 3, 21), "fa", None, "۱ فروردین ۱۴۰۵ (۲۱ مارس ۲۰۲۶)"),
        (D(2026, 2, 18), "ar", None, "١٨ فبراير ٢٠٢٦ (١ رمضان ١٤٤٧)"),
        (D(2026, 3, 21), "en", None, "March 21, 2026"),
        (D(2026, 3, 21), "fa", "gregorian", "۲۱ مارس ۲۰۲۶"),
        (D(2026, 2, 18), "ar", "hijri", "١ رمضان ١٤٤٧ (١٨ فبراير ٢٠٢٦)"),
        (D(2026, 3, 21), "en", "solar_hijri", "1 Farvardin 1405 (March 21, 2026)"),
        (D(2080, 1, 1), "ar", None, "١ يناير ٢٠٨٠"),  # after the Umm al-Qura table: the Gregorian day alone
    ],
)
def test_a_day_is_dated_in_the_readers_calendar_with_its_equivalent(day, language, calendar, text):
    assert dated(day, language, calendar) == text


def test_an_unknown_calendar_is_refused_by_name():
    with pytest.raises(InputError, match="calendar = 'julian'.*solar_hijri"):
        dated(D(2026, 3, 21), "fa", "julian")
