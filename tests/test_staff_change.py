"""Staff changes counted in people (Scenario.with_staff_change, svcdesign.model.roster)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import svcdesign as sd
from svcdesign.assumptions import load_assumptions
from svcdesign.model.chain import Shift
from svcdesign.model.roster import paid_hours, staff_per_period

EXAMPLES = ("bank", "council_adult_social_care", "telecom_shop_and_phone")


def _contract_hours(scenario: sd.Scenario) -> float:
    return load_assumptions().with_overrides(scenario.assumptions).value("costs.contract_hours")


def _hours(scenario: sd.Scenario, stage: str) -> float:
    return paid_hours(scenario.stage(stage), scenario.demand.interval_minutes)


def _staffed(scenario: sd.Scenario, stage: str) -> np.ndarray:
    return staff_per_period(scenario.stage(stage), scenario.demand.interval_minutes) > 0


@pytest.mark.parametrize("name", EXAMPLES)
def test_people_change_paid_hours_by_contract_hours_and_keep_opening_hours(name):
    scenario = sd.load_example(name)
    stage = next(s.name for s in scenario.stages if _hours(scenario, s.name) > 0)
    hours = _contract_hours(scenario)
    cut = scenario.with_staff_change({stage: -1})
    assert _hours(scenario, stage) - _hours(cut, stage) == pytest.approx(hours, rel=1e-9)
    assert np.array_equal(_staffed(scenario, stage), _staffed(cut, stage))  # nobody's interval emptied
    before = staff_per_period(scenario.stage(stage), scenario.demand.interval_minutes)
    after = staff_per_period(cut.stage(stage), cut.demand.interval_minutes)
    on = before > 0
    assert np.allclose(after[on] / before[on], (after[on] / before[on])[0])  # pro rata: one share everywhere
    assert type(cut.stage(stage).staff) is type(scenario.stage(stage).staff)  # the roster keeps its form
    if isinstance(scenario.stage(stage).staff, list) and isinstance(scenario.stage(stage).staff[0], Shift):
        assert isinstance(cut.stage(stage).staff[0], Shift)


def test_two_fewer_representatives_save_two_contracts_of_wages():
    """The issue's check: wages saved within 2% of 2 × contract hours × wage × weeks a year."""
    bank = sd.load_example("bank")
    cut = bank.with_staff_change({"representative": -2})
    weekly = sd.evaluate(bank).value("staff_cost") - sd.evaluate(cut).value("staff_cost")
    wage = bank.stage("representative").hourly_wage
    expected = 2 * _contract_hours(bank) * wage
    assert weekly == pytest.approx(expected, rel=0.02)


def test_seats_are_the_explicit_alternative():
    bank = sd.load_example("bank")
    seats = bank.with_staff_change({"representative": -2}, unit="seats")
    assert seats == bank.with_overrides({"stages.representative.staff_adjustment": -2.0})
    # on a stage staffed every interval, two seats are many more than two people
    per_week = 7 * 24 * 2.0
    assert _hours(bank, "representative") - _hours(seats, "representative") > 2 * _contract_hours(bank)
    assert _hours(bank, "representative") - _hours(seats, "representative") <= per_week


def test_a_seat_adjustment_is_folded_in_before_people_are_counted():
    bank = sd.load_example("bank").with_overrides({"stages.coordinator.staff_adjustment": 1.0})
    more = bank.with_staff_change({"coordinator": 3})
    assert more.stage("coordinator").staff_adjustment == 0.0
    assert _hours(more, "coordinator") - _hours(bank, "coordinator") == pytest.approx(
        3 * _contract_hours(bank), rel=1e-9
    )


def test_the_contract_week_comes_from_the_scenario_assumptions():
    bank = sd.load_example("bank").with_overrides(assumptions={"costs.contract_hours": 35.0})
    cut = bank.with_staff_change({"representative": -1})
    assert _hours(bank, "representative") - _hours(cut, "representative") == pytest.approx(35.0, rel=1e-9)


@settings(max_examples=30)
@given(share=st.floats(min_value=-0.99, max_value=2.0), name=st.sampled_from(EXAMPLES))
def test_any_change_within_the_stage_moves_paid_hours_exactly(share, name):
    scenario = sd.load_example(name)
    stage = next(s.name for s in scenario.stages if _hours(scenario, s.name) > 0)
    people = share * _hours(scenario, stage) / _contract_hours(scenario)
    changed = scenario.with_staff_change({stage: people})
    assert _hours(changed, stage) - _hours(scenario, stage) == pytest.approx(
        people * _contract_hours(scenario), rel=1e-9, abs=1e-6
    )
    assert math.isfinite(sd.evaluate(changed).value("staff_cost"))


@pytest.mark.parametrize(
    ("changes", "unit", "match"),
    [
        ({"representative": -1000}, "fte", r"at least -31\.00 FTE: the stage has 1,240\.0 paid hours"),
        ({"nobody": 1}, "fte", r"changes = 'nobody'.*a stage of this scenario"),
        ({"representative": float("nan")}, "fte", "a finite number of people"),
        ({"representative": True}, "fte", "a finite number of people"),
        ({"representative": 1}, "people", r"unit = 'people'.*one of \['fte', 'seats'\]"),
        ({}, "fte", "a mapping of stage name"),
    ],
)
def test_bad_changes_are_refused_with_the_stage_value_and_what_is_allowed(changes, unit, match):
    with pytest.raises(sd.InputError, match=match):
        sd.load_example("bank").with_staff_change(changes, unit=unit)


def test_the_report_lists_a_staff_change_in_paid_hours_and_people():
    from svcdesign.explore.review import review

    bank = sd.load_example("bank")
    cut = bank.with_staff_change({"representative": -2}, name="two fewer")
    text = review(bank, [cut]).changes["two fewer"]
    hours = _hours(bank, "representative")
    people = hours / _contract_hours(bank)
    assert f"paid hours {hours:,.1f} → {hours - 2 * _contract_hours(bank):,.1f} a week" in text
    assert f"({people:,.2f} → {people - 2:,.2f} FTE, -2.00)" in text
    assert "count" not in text  # the roster's shifts are summarised, not listed


def test_a_change_can_be_placed_on_a_named_shift():
    bank = sd.load_example("bank")
    before = bank.stage("representative")
    for shift in ("early", "16:00"):  # by name, or by a start time only one shift has
        after = bank.with_staff_change({"representative": -2}, shift=shift).stage("representative")
        assert paid_hours(before, 15) - paid_hours(after, 15) == pytest.approx(2 * bank.contract_hours())
        changed = [i for i, (a, b) in enumerate(zip(before.staff, after.staff, strict=True)) if a.count != b.count]
        assert len(changed) == 1  # the other shifts keep their staff
    early = bank.with_staff_change({"representative": -2}, shift="early").stage("representative")
    assert next(s.count for s in early.staff if s.name == "early") == pytest.approx(8 - 80 / (8 * 5))


@pytest.mark.parametrize(
    "change, shift, unit, says",
    [
        (-2, "08:00", "fte", "only one of its shifts"),  # two shifts start at 08:00
        (-2, "brunch", "fte", "'early'"),
        (-20, "night", "fte", "at least -2.80 FTE"),
        (-2, "night", "seats", "no shift with unit='seats'"),
    ],
)
def test_a_shift_that_cannot_take_the_change_is_refused(change, shift, unit, says):
    with pytest.raises(sd.InputError, match=re.escape(says)):
        sd.load_example("bank").with_staff_change({"representative": change}, shift=shift, unit=unit)
