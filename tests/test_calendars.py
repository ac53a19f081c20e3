"""Named events and holidays against published dates."""

import datetime as dt

import pytest

from svcdesign.calendars import EVENTS, days_before, event_dates, public_holidays
from svcdesign.errors import InputError

D = dt.date


@pytest.mark.parametrize(
    ("event", "year", "first", "last"),
    [
        # Iran's official calendar: 1 Farvardin 1405 = 21 March 2026, 1 Farvardin 1378 = 21 March 1999.
        ("nowruz", 2026, D(2026, 3, 21), D(2026, 3, 24)),
        ("nowruz", 1999, D(1999, 3, 21), D(1999, 3, 24)),
        # Umm al-Qura (Saudi Arabia): Ramadan 1445 ran 11 March – 9 April 2024 (30 days), Eid al-Fitr was
        # 10 April 2024 and Eid al-Adha 16 June 2024.
        ("ramadan", 2024, D(2024, 3, 11), D(2024, 4, 9)),
        ("eid al-fitr", 2024, D(2024, 4, 10), D(2024, 4, 12)),
        ("eid al-adha", 2024, D(2024, 6, 16), D(2024, 6, 19)),
    ],
)
def test_event_dates_match_published_calendars(event: str, year: int, first: dt.date, last: dt.date) -> None:
    days = event_dates(event, year)
    assert days[0] == first and days[-1] == last
    assert days == [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]


def test_ramadan_begins_twice_in_2030_and_widening_adds_days() -> None:
    days = event_dates("Ramadan", 2030)
    assert days[0] == D(2030, 1, 5) and D(2030, 12, 26) in days and days[-1].year == 2031
    assert len(event_dates("eid al-fitr", 2024, days_before=2, days_after=1)) == 3 + 3


def test_days_before_nowruz_excludes_the_holiday() -> None:
    assert days_before("nowruz", 2026, 10) == [D(2026, 3, 11) + dt.timedelta(days=k) for k in range(10)]


def test_public_holidays_of_israel_1999() -> None:
    found = public_holidays("il", [1999])
    assert found[D(1999, 9, 20)] == "Yom Kippur"
    assert list(found) == sorted(found)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: event_dates("christmas", 2020), "event"),
        (lambda: event_dates("nowruz", 1800), "year"),
        (lambda: event_dates("nowruz", 2020, days_before=-1), "days_before"),
        (lambda: days_before("ramadan", 2020, 61), "days"),
        (lambda: public_holidays("ZZ", [2020]), "country"),
        (lambda: public_holidays("IL", []), "years"),
    ],
)
def test_bad_input_names_the_field(call, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as caught:
        call()
    assert caught.value.field == field


def test_every_event_is_dated_in_every_supported_year_edge() -> None:
    for event in EVENTS:
        assert event_dates(event, 1925) or event.startswith(("ramadan", "eid"))
        assert event_dates(event, 2076) or event.startswith(("ramadan", "eid"))
