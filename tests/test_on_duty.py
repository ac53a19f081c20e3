"""Staff on duty per real date: per-agent reconstructions, their range, rosters, and calibrate's use of them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from svcdesign.data import (
    OnDuty,
    agent_shifts,
    calibrate,
    on_duty,
    roster_on_duty,
    synthetic_contact_log,
    validate_contact_log,
)
from svcdesign.errors import InputError


def _log(calls: list[tuple[str, str, str]]):
    """A log of answered calls (agent, service start, service end) on 2024-03-04 (a Monday)."""
    rows = [
        {
            "arrival": f"2024-03-04 {start}",
            "service_start": f"2024-03-04 {start}",
            "service_end": f"2024-03-04 {end}",
            "outcome": "answered",
            "agent": agent,
        }
        for agent, start, end in calls
    ]
    return validate_contact_log(pd.DataFrame(rows))


HAND = [("a", "08:00:00", "08:10:00"), ("a", "08:20:00", "08:30:00"), ("a", "10:00:00", "10:05:00")]
"""One agent: two calls 10 minutes apart, then one 90 minutes later."""


def test_shifts_are_cut_at_long_gaps_and_counted_pro_rata():
    shifts = agent_shifts(_log(HAND), shift_gap=1800)
    assert list(shifts["contacts"]) == [2, 1]
    assert list(shifts["busy_s"]) == [1200.0, 300.0]
    staff = on_duty(_log(HAND), 60, method="shifts", shift_gap=1800).staff.iloc[0]
    # 08:00-08:30 is half of the 08:00 hour; 10:00-10:05 is 5 minutes of the 10:00 hour
    assert staff["08:00"] == pytest.approx(0.5) and staff["09:00"] == 0 and staff["10:00"] == pytest.approx(5 / 60)
    one = on_duty(_log(HAND), 60, method="shifts", shift_gap=6000).staff.iloc[0]  # one shift 08:00-10:05
    assert one["09:00"] == pytest.approx(1.0) and one.sum() == pytest.approx(2 + 5 / 60)


def test_presence_distinct_and_busy_by_hand():
    # presence with a 5-minute idle gap: the 10-minute gap is not bridged
    presence = on_duty(_log(HAND), 60, method="presence", idle_gap=300).staff.iloc[0]
    assert presence["08:00"] == pytest.approx(20 / 60)
    bridged = on_duty(_log(HAND), 60, method="presence", idle_gap=600).staff.iloc[0]
    assert bridged["08:00"] == pytest.approx(30 / 60)
    distinct = on_duty(_log(HAND), 60, method="distinct").staff.iloc[0]
    assert list(distinct[["08:00", "09:00", "10:00"]]) == [1.0, 0.0, 1.0]
    busy = on_duty(_log(HAND), 60, method="busy").staff.iloc[0]
    assert busy.sum() == pytest.approx(25 / 60)


def test_an_agent_holding_two_contacts_is_present_once():
    """Overlapping contacts of one agent (two chats at once, or a log's overlaps) count the agent once:
    presence is the lower reconstruction and never exceeds the shifts (the Anonymous Bank log, notebook 05,
    showed presence 10.0 above shifts 9.6 at 15:00 when each overlapping contact counted again)."""
    log = _log([("a", "08:00:00", "08:30:00"), ("a", "08:10:00", "08:20:00"), ("a", "08:25:00", "08:40:00")])
    for method in ("presence", "shifts"):
        staff = on_duty(log, 60, method=method, idle_gap=300, shift_gap=1800).staff.iloc[0]
        assert staff["08:00"] == pytest.approx(40 / 60), method


def _waited_log():
    """Agent a serves 08:00-08:10 and 08:20-08:30; a contact waits 08:12-08:20 (answered by a at 08:20).
    Agent b serves 08:00-08:40. Monday 2024-03-04."""
    log = _log([("a", "08:00:00", "08:10:00"), ("b", "08:00:00", "08:40:00")])
    waited = {
        "arrival": "2024-03-04 08:12:00",
        "service_start": "2024-03-04 08:20:00",
        "service_end": "2024-03-04 08:30:00",
        "outcome": "answered",
        "agent": "a",
    }
    rows = pd.concat([log.data, validate_contact_log(pd.DataFrame([waited])).data], ignore_index=True)
    return validate_contact_log(rows[["arrival", "service_start", "service_end", "outcome", "agent"]])


def test_available_counts_only_the_serving_agents_while_a_contact_waits():
    """By hand (:func:`_waited_log`): from 08:12 to 08:20 a contact waits, so only the serving agent (b)
    counts; a, idle then, is not available. Hour 08:00: a 30 - 8 = 22 min, b 40 min."""
    log = _waited_log()
    assert log.data["wait"].max() == 480
    available = on_duty(log, 60, method="available", shift_gap=900).staff.iloc[0]
    assert available["08:00"] == pytest.approx((22 + 40) / 60)
    shifts = on_duty(log, 60, method="shifts", shift_gap=900).staff.iloc[0]
    assert shifts["08:00"] == pytest.approx((30 + 40) / 60)
    quarters = on_duty(log, 15, method="available", shift_gap=900).staff.iloc[0]
    # 08:00-08:15: a available until the wait starts at 08:12; 08:15-08:30: a again from 08:20
    assert quarters["08:00"] == pytest.approx((12 + 15) / 15) and quarters["08:15"] == pytest.approx((10 + 15) / 15)


def test_available_is_the_default_of_on_duty_and_of_calibrate():
    """One meaning of "staff on duty": on a log that names agents, on_duty's default and calibrate's
    "auto" are the available staff. By hand (:func:`_waited_log`, a Monday; a's 10-minute gap lies within
    the default 15-minute shift gap): hour 08:00, a 22 min + b 40 min available, where presence (a idle
    08:10-08:20 bridged) counts a 30 min + b 40 min."""
    log = _waited_log()
    default = on_duty(log, 60)
    assert default.method == "available"
    assert default.staff.iloc[0]["08:00"] == pytest.approx((22 + 40) / 60)
    assert on_duty(log, 60, method="presence").staff.iloc[0]["08:00"] == pytest.approx((30 + 40) / 60)
    for staffing in ("auto", "available"):
        scenario, report = calibrate(log, 60, staffing=staffing)
        assert report.staffing_method == "available"
        assert scenario.stages[0].staff[8] == pytest.approx((22 + 40) / 60, rel=1e-5)  # Monday 08:00
    # the shift gap reaches on_duty: with a 5-minute gap, a's shifts are 08:00-08:10 and 08:20-08:30
    scenario, _ = calibrate(log, 60, staffing="available", shift_gap=300)
    assert scenario.stages[0].staff[8] == pytest.approx((20 + 40) / 60, rel=1e-5)


def test_available_equals_shifts_on_a_log_made_by_a_work_conserving_queue(synthetic):
    """The synthetic log's agents take a waiting contact the moment they are free, so nobody idles
    while a contact waits: the available staff are the staff on shift, date by date and hour by hour."""
    available = on_duty(synthetic, 60, method="available", shift_gap=1800)
    shifts = on_duty(synthetic, 60, method="shifts", shift_gap=1800)
    np.testing.assert_allclose(available.staff.to_numpy(), shifts.staff.to_numpy(), atol=1e-9)
    default = on_duty(synthetic, 60, method="available")
    assert (default.lower.to_numpy() <= default.staff.to_numpy() + 1e-12).all()
    assert (default.staff.to_numpy() <= default.upper.to_numpy() + 1e-12).all()


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_contact_log(
        days=10,
        start="2024-01-01",
        arrivals_per_hour=[0] * 8 + [40] * 10 + [0] * 6,
        agents=[0] * 8 + [4] * 10 + [0] * 6,
        handle_mean=240.0,
        handle_cv=1.0,
        patience_mean=200.0,
        seed=5,
    )


@pytest.mark.parametrize("method", ["presence", "distinct", "busy"])
def test_per_date_figures_averaged_by_weekday_equal_calibrate(synthetic, method):
    """Two independent computations (per real date here; folded onto the week in calibrate) agree."""
    od = on_duty(synthetic, 60, method=method)
    _, report = calibrate(synthetic, 60, staffing=method)
    np.testing.assert_allclose(od.by_weekday(od.staff.index), report.staffing.to_numpy().ravel(), atol=1e-9)


def test_lower_and_upper_bracket_the_estimate(synthetic):
    for method in ("presence", "shifts", "distinct"):
        od = on_duty(synthetic, 60, method=method)
        assert (od.lower.to_numpy() <= od.staff.to_numpy() + 1e-12).all()
        assert (od.staff.to_numpy() <= od.upper.to_numpy() + 1e-12).all()
    shifts = on_duty(synthetic, 60, method="shifts")
    busy = on_duty(synthetic, 60, method="busy")
    assert shifts.staff.to_numpy().sum() > busy.staff.to_numpy().sum()  # duty includes idle time
    assert len(shifts.staff) == 10 and shifts.staff.shape[1] == 24


def test_calibrate_takes_shifts_and_a_roster(synthetic):
    scenario, report = calibrate(synthetic, 60, staffing="shifts")
    assert report.staffing_method == "shifts"
    dates = pd.date_range("2024-01-01", periods=10, freq="D")
    roster = pd.DataFrame(
        [
            {"agent": f"x{i}", "start": d + pd.Timedelta(hours=8), "end": d + pd.Timedelta(hours=18)}
            for d in dates
            for i in range(4)
        ]
    )
    on_roster = roster_on_duty(roster, 60)
    assert on_roster.method == "roster" and on_roster.staff.loc[dates[0], "09:00"] == 4
    scenario, report = calibrate(synthetic, 60, staffing=on_roster)
    assert report.staffing_method == "roster"
    assert scenario.stages[0].staff[8] == 4 and scenario.stages[0].staff[7] == 0


def test_roster_as_staff_per_interval_and_its_errors():
    table = pd.DataFrame({"start": ["2024-03-04 08:00", "2024-03-04 09:00"], "staff": [3, 2.5]})
    od = roster_on_duty(table, 60)
    assert list(od.staff.iloc[0][["08:00", "09:00", "10:00"]]) == [3.0, 2.5, 0.0]
    with pytest.raises(InputError, match="start of a 60-minute interval"):
        roster_on_duty(pd.DataFrame({"start": ["2024-03-04 08:10"], "staff": [1]}), 60)
    with pytest.raises(InputError, match="roster row 1, column 'staff'"):
        roster_on_duty(pd.DataFrame({"start": ["2024-03-04 08:00"], "staff": [-1]}), 60)
    with pytest.raises(InputError, match="roster columns"):
        roster_on_duty(pd.DataFrame({"who": ["a"]}), 60)
    with pytest.raises(InputError, match="a time ≥ its start"):
        roster_on_duty(pd.DataFrame({"agent": ["a"], "start": ["2024-03-04 09:00"], "end": ["2024-03-04 08:00"]}))
    with pytest.raises(InputError, match="dates the staff figures cover"):
        od.for_dates(pd.DatetimeIndex(["2024-03-05"]))


def test_bad_options_are_refused(synthetic):
    with pytest.raises(InputError, match="method"):
        on_duty(synthetic, 60, method="guess")
    with pytest.raises(InputError, match="idle_gap"):
        on_duty(synthetic, 60, idle_gap=-1)
    no_agents = validate_contact_log(synthetic.data.drop(columns=["agent"]).drop(columns=["line"]))
    with pytest.raises(InputError, match="names no agents"):
        on_duty(no_agents, 60, method="shifts")
    with pytest.raises(InputError, match="names no agents"):
        on_duty(no_agents, 60)  # the default, available, counts agents
    assert isinstance(on_duty(no_agents, 60, method="busy"), OnDuty)
    for staffing in ("available", "shifts"):  # calibrate names its own option
        with pytest.raises(InputError, match="names no agents") as info:
            calibrate(no_agents, 60, staffing=staffing)
        assert info.value.field == "staffing"
    with pytest.raises(InputError) as info:
        calibrate(synthetic, 60, staffing="available", shift_gap=-1)
    assert info.value.field == "shift_gap"
