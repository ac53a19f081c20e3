"""Shift scheduling: every interval covered, at least cost, infeasible patterns explained."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_explore_optimise import TARGETS, chain

import svcdesign as sd
from svcdesign import InputError
from svcdesign.explore import optimise_staffing, schedule_shifts
from svcdesign.model.roster import staff_per_period
from svcdesign.present import schedule_figure


@pytest.fixture(scope="module")
def plan():
    return optimise_staffing(chain(), targets=TARGETS)


def test_schedule_covers_every_interval_of_the_plan(plan):
    schedule = schedule_shifts(plan, stage="front")
    need = plan.requirement("front")
    c = schedule.coverage
    assert np.all(c["scheduled"].to_numpy() >= need - 1e-9)
    assert c["under"].sum() == 0
    assert schedule.status == "optimal"
    assert schedule.cost == pytest.approx(schedule.paid_hours * 14)  # the front's wage
    # the shifts, put back into the scenario, give the same staff on shift
    front = plan.scenario.stage("front").model_copy(update={"staff": schedule.to_model_shifts()})
    np.testing.assert_allclose(staff_per_period(front, 60), c["scheduled"].to_numpy())
    fig = schedule_figure(schedule)
    assert fig.layout.title.text and fig.layout.yaxis.title.text == "Staff on shift (staff)"


def test_schedule_is_minimal_for_a_block_requirement():
    # 5 staff needed 09:00-17:00 every day: five 8-hour shifts a day is the cheapest cover
    need = np.zeros(24)
    need[9:17] = 5
    schedule = schedule_shifts(need, interval_minutes=60, shift_hours=[8, 10])
    assert schedule.paid_hours == pytest.approx(7 * 5 * 8)
    assert schedule.over_staff_hours == pytest.approx(0)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=6), min_size=24, max_size=24),
    st.sampled_from([(8.0,), (6.0, 8.0), (4.0, 9.0)]),
)
def test_any_requirement_is_covered_at_no_more_than_a_simple_cover(need, lengths):
    need = np.array(need, dtype=float)
    schedule = schedule_shifts(need, interval_minutes=60, shift_hours=lengths)
    scheduled = schedule.coverage["scheduled"].to_numpy()
    assert np.all(scheduled >= np.tile(need, 7) - 1e-9)
    # a simple cover: in every hour, start as many shifts as that hour needs → never cheaper than optimal
    assert schedule.paid_hours <= need.sum() * 7 * min(lengths) + 1e-9


def test_part_time_share_and_breaks_are_respected(plan):
    schedule = schedule_shifts(
        plan,
        stage="front",
        shift_hours=[8],
        part_time_hours=[4],
        max_part_time_share=0.25,
        break_minutes=30,
        start_step_minutes=30,
    )
    s = schedule.shifts
    part = s.loc[s["part_time"], "paid_hours"].sum()
    assert part <= 0.25 * s["paid_hours"].sum() + 1e-9
    assert (s.loc[~s["part_time"], "break"] != "").all()  # 8-hour shifts (over 6 h) take a break
    assert np.all(schedule.coverage["scheduled"].to_numpy() >= plan.requirement("front") - 1e-9)
    cheap = schedule_shifts(
        plan, stage="front", shift_hours=[8], part_time_hours=[4], max_part_time_share=0.25, start_step_minutes=30
    )
    assert schedule.paid_hours >= cheap.paid_hours - 1e-9  # breaks cost cover: never cheaper than without


def test_a_pattern_that_cannot_cover_an_interval_is_explained(plan):
    with pytest.raises(InputError, match="Mon 0?[0-9]:00") as info:
        schedule_shifts(plan, stage="front", start_times=["12:00"], shift_hours=[4])
    assert "allow_under" in str(info.value)
    short = schedule_shifts(plan, stage="front", start_times=["12:00"], shift_hours=[4], allow_under=True)
    assert short.under_staff_hours > 0
    assert any("no allowed shift covers" in n for n in short.notes)
    covered = short.coverage[(short.coverage["period"] % 24 >= 12) & (short.coverage["period"] % 24 < 16)]
    assert covered["under"].sum() == 0  # where a shift can cover, it does


def test_bad_inputs_are_named(plan):
    with pytest.raises(InputError, match="stage"):
        schedule_shifts(plan)
    with pytest.raises(InputError, match="requirement"):
        schedule_shifts([1, 2, 3], interval_minutes=60)
    with pytest.raises(InputError, match="requirement"):
        schedule_shifts([-1.0] * 24, interval_minutes=60)
    with pytest.raises(InputError, match="interval_minutes"):
        schedule_shifts([1.0] * 24)
    with pytest.raises(InputError, match="shift_hours"):
        schedule_shifts([1.0] * 24, interval_minutes=60, shift_hours=[0])
    with pytest.raises(InputError, match="start_times"):
        schedule_shifts([1.0] * 24, interval_minutes=60, start_times=["25:00"])


def test_bank_representatives_schedule(plan):
    bank_plan = optimise_staffing(sd.load_example("bank"), targets=TARGETS, stages=["representative"])
    schedule = schedule_shifts(bank_plan, stage="representative", start_step_minutes=30)
    assert np.all(schedule.coverage["scheduled"].to_numpy() >= bank_plan.requirement("representative") - 1e-9)
