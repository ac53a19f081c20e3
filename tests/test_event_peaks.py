"""Peaks named by a calendar event ("the days before Nowruz") land on the event's dates in any year (issue 17).

Reference dates: 1 Farvardin 1405 (Nowruz) = 21 March 2026 in Iran's official calendar, so the ten days
before it are 11–20 March 2026; Ramadan 1445 ran 11 March – 9 April 2024 by the Umm al-Qura calendar of
Saudi Arabia. Across New Year the expected dates come straight from the Umm al-Qura tables of the
``hijridate`` package (not from svcdesign). Weekdays and ISO weeks come from Python's ``datetime``.
"""

from __future__ import annotations

import copy
import datetime as dt

import numpy as np
import pytest
from hijridate import Hijri
from hypothesis import given, settings
from hypothesis import strategies as st

import svcdesign as sd
from svcdesign.calendars import EVENTS, FIRST_YEAR, LAST_YEAR, event_dates
from svcdesign.engines.simulation import network_from_scenario
from svcdesign.errors import InputError
from svcdesign.explore.year import year_weeks
from svcdesign.model.compiled import demand_per_period, expand
from svcdesign.model.peak_dates import peak_weeks
from svcdesign.model.units import WEEKS_PER_YEAR

D = dt.date
FACTOR = 2.0
PER_HOUR = 40.0


def scenario(*peaks: dict, year: int | None = 2026) -> sd.Scenario:
    """One desk, 40 calls in every hour of the week, with the given peaks."""
    demand = {"interval_minutes": 60, "channels": [{"name": "phone", "per_interval": [PER_HOUR] * 24}]}
    if year is not None:
        demand["year"] = year
    demand["peaks"] = [{"name": f"peak {i}", "factor": FACTOR, **p} for i, p in enumerate(peaks)]
    return sd.Scenario.from_dict(
        {"name": "desk", "demand": demand, "stages": [{"name": "desk", "staff": 40, "handle_time": 240}]}
    )


def peaked_days(s: sd.Scenario, week: int, year: int | None = None) -> list[D]:
    """Dates of ISO week ``week`` (of ``year``, default the scenario's) whose demand the peaks multiply,
    checking that every hour of such a day is multiplied by exactly FACTOR and every other hour not at all."""
    year = s.demand.year if year is None else year
    ratio = demand_per_period(s, week, year=year)[0].reshape(7, 24) / PER_HOUR
    assert np.all((ratio == 1.0) | (ratio == FACTOR))
    assert np.all(ratio == ratio[:, :1])  # whole days
    monday = D.fromisocalendar(year, week, 1)
    return [monday + dt.timedelta(days=k) for k in range(7) if ratio[k, 0] == FACTOR]


def span(first: D, last: D) -> list[D]:
    return [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]


BEFORE_NOWRUZ = {"event": "Nowruz", "days_before": 10, "event_days": False}


def test_the_ten_days_before_nowruz_2026_are_11_to_20_march():
    s = scenario(BEFORE_NOWRUZ)
    assert s.demand.peaks[0].event == "nowruz"
    assert D(2026, 3, 11).isocalendar().week == 11 and D(2026, 3, 20).isocalendar().week == 12
    hit = peaked_days(s, 11) + peaked_days(s, 12)
    assert hit == span(D(2026, 3, 11), D(2026, 3, 20))
    assert [d.strftime("%a") for d in peaked_days(s, 11)] == ["Wed", "Thu", "Fri", "Sat", "Sun"]
    assert [d.strftime("%a") for d in peaked_days(s, 12)] == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    for week in (10, 13, 40):
        assert peaked_days(s, week) == []
    assert peak_weeks(s) == [11, 12]


def test_nowruz_with_its_own_days_covers_the_holiday_too():
    s = scenario({"event": "nowruz", "days_before": 10})
    assert peaked_days(s, 12) == span(D(2026, 3, 16), D(2026, 3, 22))
    assert peaked_days(s, 13) == span(D(2026, 3, 23), D(2026, 3, 24))  # 1–4 Farvardin = 21–24 March


def test_ramadan_2024_follows_umm_al_qura():
    s = scenario({"event": "ramadan"}, year=2024)
    hit = [d for week in range(9, 17) for d in peaked_days(s, week)]
    assert hit == span(D(2024, 3, 11), D(2024, 4, 9))


def test_peaks_across_new_year():
    # Ramadan 1452 begins 26 December 2030 and has 29 days; ISO week 1 of 2031 starts on 30 December 2030.
    first = D(*Hijri(1452, 9, 1).to_gregorian().datetuple())
    last = first + dt.timedelta(days=Hijri(1452, 9, 1).month_length() - 1)
    assert first == D(2030, 12, 26)
    ramadan_2030 = scenario({"event": "ramadan"}, year=2030)
    ramadan_2031 = scenario({"event": "ramadan"}, year=2031)
    assert peaked_days(ramadan_2030, 52) == span(first, D(2030, 12, 29))
    assert peaked_days(ramadan_2031, 1) == span(D(2030, 12, 30), D(2031, 1, 5))  # an event begun the year before
    hit = [d for w in (1, 2, 3, 4, 5) for d in peaked_days(ramadan_2031, w)]
    assert hit == span(D(2030, 12, 30), last)
    # the ten days before Ramadan 1451 (5 January 2030) reach back into ISO week 1 of 2030 and December 2029
    start = D(*Hijri(1451, 9, 1).to_gregorian().datetuple())
    before = scenario({"event": "ramadan", "days_before": 10, "event_days": False}, year=2030)
    assert D.fromisocalendar(2030, 1, 1) == D(2029, 12, 31)
    assert peaked_days(before, 1) == span(D(2029, 12, 31), start - dt.timedelta(days=1))
    assert peaked_days(before, 52, year=2029) == span(start - dt.timedelta(days=10), D(2029, 12, 30))


def test_event_conditions_and_other_conditions_both_hold():
    s = scenario({**BEFORE_NOWRUZ, "weekdays": ["Mon", "Sat"], "start": "09:00", "end": "17:00"})
    ratio = demand_per_period(s, 11)[0].reshape(7, 24) / PER_HOUR
    expected = np.ones((7, 24))
    expected[5, 9:17] = FACTOR  # Saturday 14 March; Monday 9 March is not before Nowruz
    np.testing.assert_array_equal(ratio, expected)


def test_a_typical_week_has_no_event_peak():
    s = scenario(BEFORE_NOWRUZ)
    np.testing.assert_array_equal(expand(s).arrivals, np.full((1, 168), PER_HOUR))


@pytest.mark.parametrize(
    ("peak", "year", "words"),
    [
        ({"event": "christmas"}, 2026, ["event", "christmas", "nowruz"]),
        ({"event": 3}, 2026, ["event", "nowruz"]),
        ({"event": "nowruz", "weeks": [11]}, 2026, ["weeks", "event", "not both"]),
        ({"event": "nowruz"}, None, ["demand.year"]),
        ({"event": "nowruz"}, 1900, ["demand.year", "1925", "2076"]),
        ({"event": "nowruz"}, True, ["demand.year"]),
        ({"event": "nowruz", "days_before": 61}, 2026, ["days_before", "60"]),
        ({"event": "nowruz", "days_after": -1}, 2026, ["days_after", "60"]),
        ({"event": "nowruz", "event_days": False}, 2026, ["event_days", "days_before"]),
        ({"days_before": 3}, 2026, ["days_before", "need an event"]),
    ],
)
def test_bad_event_peaks_are_refused_with_the_field_named(peak, year, words):
    demand = {"channels": [{"name": "phone", "weekly_volume": 1000}], "peaks": [{"name": "p", "factor": 1.3, **peak}]}
    if year is not None:
        demand["year"] = year
    with pytest.raises(InputError) as error:
        sd.Scenario.from_dict(
            {"name": "x", "demand": demand, "stages": [{"name": "desk", "staff": 3, "handle_time": 60}]}
        )
    assert "1 problem" in str(error.value)
    for word in words:
        assert word in str(error.value)


def test_a_week_the_year_does_not_have_is_refused():
    assert D(2025, 12, 28).isocalendar().week == 52  # 2025 has 52 ISO weeks, 2026 has 53
    with pytest.raises(InputError, match="week") as error:
        expand(scenario(BEFORE_NOWRUZ, year=2025), 53)
    assert "1–52" in str(error.value)
    expand(scenario(BEFORE_NOWRUZ, year=2026), 53)


def test_the_analytic_engine_shows_the_peak_in_its_week_only():
    s = scenario(BEFORE_NOWRUZ)
    in_week = sd.evaluate(s, week=12).metric("arrivals", "desk")["desk"].to_numpy().reshape(7, 24)
    other = sd.evaluate(s, week=14).metric("arrivals", "desk")["desk"].to_numpy().reshape(7, 24)
    np.testing.assert_allclose(in_week[:5], FACTOR * PER_HOUR)  # Mon 16 – Fri 20 March
    np.testing.assert_allclose(in_week[5:], PER_HOUR)
    np.testing.assert_allclose(other, PER_HOUR)


def test_a_simulation_horizon_runs_through_the_weeks_with_their_peaks():
    s = scenario(BEFORE_NOWRUZ)
    spec, notes = network_from_scenario(s, "3w", week=10)
    per_day = spec.arrival_rates[:, 0].reshape(21, 24) * 3600.0  # calls per hour, days from Mon 2 March
    days = [D(2026, 3, 2) + dt.timedelta(days=k) for k in range(21)]
    peaked = [d for d, row in zip(days, per_day, strict=True) if np.allclose(row, FACTOR * PER_HOUR)]
    assert peaked == span(D(2026, 3, 11), D(2026, 3, 20))
    assert all(np.allclose(row, PER_HOUR) for d, row in zip(days, per_day, strict=True) if d not in peaked)
    assert notes["week"] == 10
    # without a week the horizon repeats the typical week, as before
    typical, _ = network_from_scenario(s, "3w")
    np.testing.assert_allclose(typical.arrival_rates * 3600.0, PER_HOUR)
    # and the simulation itself counts the extra calls: 10 days × 24 h × 40 calls more than three typical weeks
    sim = sd.simulate(s, week=10, horizon="3w", replications=2, seed=3)
    assert sim.meta["week"] == 10
    arrivals = sim.value("arrivals", "desk")
    expected = 21 * 24 * PER_HOUR + 10 * 24 * PER_HOUR * (FACTOR - 1)
    assert abs(arrivals - expected) < 4 * np.sqrt(expected / 2)  # Poisson, mean of two replications


def test_a_year_of_the_calendar_counts_the_event_weeks():
    s = scenario(BEFORE_NOWRUZ)
    kinds = year_weeks(s)
    assert sum(k.count for k in kinds) == pytest.approx(WEEKS_PER_YEAR)
    assert kinds[0].week is None and [k.week for k in kinds[1:]] == [11, 12]


def test_event_peaks_survive_a_round_trip(tmp_path):
    s = scenario(BEFORE_NOWRUZ)
    for suffix in (".yaml", ".json"):
        s.save(tmp_path / f"s{suffix}")
        assert sd.Scenario.load(tmp_path / f"s{suffix}") == s


@settings(derandomize=True, max_examples=25, deadline=None)
@given(
    year=st.integers(FIRST_YEAR + 1, LAST_YEAR - 1),
    event=st.sampled_from(EVENTS),
    before=st.integers(0, 60),
    after=st.integers(0, 60),
    own=st.booleans(),
)
def test_the_multiplied_days_are_exactly_the_event_dates(year, event, before, after, own):
    if not own and before == after == 0:
        own = True
    s = scenario({"event": event, "days_before": before, "days_after": after, "event_days": own}, year=year)
    last = D(year, 12, 28).isocalendar().week
    hit = [d for week in range(1, last + 1) for d in peaked_days(s, week)]
    years = (year - 1, year, year + 1)
    dates = {d for y in years for d in event_dates(event, y, days_before=before, days_after=after)}
    if not own:
        dates -= {d for y in years for d in event_dates(event, y)}
    weeks_of_year = span(D.fromisocalendar(year, 1, 1), D.fromisocalendar(year, last, 7))
    assert hit == [d for d in weeks_of_year if d in dates]


def test_an_event_name_is_checked_without_importing_the_calendar_packages():
    import subprocess
    import sys

    code = (
        "import sys, svcdesign as sd\n"
        "sd.Scenario.from_dict({'name': 'x', 'demand': {'year': 2026, 'channels': [{'name': 'p', "
        "'weekly_volume': 10}], 'peaks': [{'name': 'p', 'factor': 2, 'event': 'nowruz'}]}, "
        "'stages': [{'name': 'd', 'staff': 1, 'handle_time': 60}]})\n"
        "print(sorted(m for m in ('jdatetime', 'hijridate', 'holidays') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_event_names_ignore_case_and_spaces():
    data = {"event": " NOWRUZ ", "days_before": 3}
    kept = copy.deepcopy(data)
    assert scenario(data).demand.peaks[0].event == "nowruz"
    assert data == kept
