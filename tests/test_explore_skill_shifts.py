"""Shift scheduling per skill (svcdesign.explore.shifts.schedule_skill_shifts): the formulation of
Bhulai, Koole & Pot (2008, M&SOM 10(3):411–420) against the single-skill scheduler and hand counts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcdesign.errors import InputError
from svcdesign.explore import schedule_shifts, schedule_skill_shifts

SETTINGS = settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
DAY = [1.5] * 24
"""One and a half agents needed every hour of the day, for each skill."""
THREE_SHIFTS = {"interval_minutes": 60, "start_times": ["00:00", "08:00", "16:00"]}
"""Eight-hour shifts starting at midnight, 08:00 and 16:00: each hour is worked by exactly one start."""


def test_dedicated_groups_cost_what_separate_schedules_cost():
    """One group per skill: the problem splits into one single-skill problem per skill."""
    day_b = [0, 0, 1, 2, 3, 3, 2.5, 2, 2, 2, 1, 1, 1, 0.5, 0.5, 2, 2, 3, 3, 2, 1, 1, 0, 0]
    together = schedule_skill_shifts({"A": DAY, "B": day_b}, {"a": ["A"], "b": ["B"]}, interval_minutes=60)
    apart = schedule_shifts(DAY, interval_minutes=60).cost + schedule_shifts(day_b, interval_minutes=60).cost
    assert together.cost == pytest.approx(apart)
    assert together.status == "optimal"


def test_a_two_skill_group_saves_a_shift_in_every_block():
    """1.5 agents per skill and hour: dedicated groups need 2 + 2 shifts per eight-hour block (84 a week);
    with a group holding both skills at 5% more per hour, one agent of each dedicated group and one
    two-skill agent cover the 3 agents needed — 3 shifts per block, 8 × (1 + 1 + 1.05) = 24.4 paid-hour
    units per block, 21 blocks a week."""
    dedicated = schedule_skill_shifts({"A": DAY, "B": DAY}, {"a": ["A"], "b": ["B"]}, **THREE_SHIFTS)
    pooled = schedule_skill_shifts(
        {"A": DAY, "B": DAY},
        {"a": ["A"], "b": ["B"], "both": ["A", "B"]},
        hourly_wages={"a": 1.0, "b": 1.0, "both": 1.05},
        **THREE_SHIFTS,
    )
    assert dedicated.shifts["count"].sum() == 21 * 4
    assert pooled.shifts["count"].sum() == 21 * 3
    assert pooled.cost == pytest.approx(21 * 8 * (1 + 1 + 1.05))
    assert pooled.shifts.groupby("group")["count"].sum().to_dict() == {"a": 21, "b": 21, "both": 21}
    # every agent counted once: allocations per interval never exceed the agents on shift
    assert np.all(pooled.coverage["allocated"] >= pooled.coverage["required"] - 1e-9)
    allocated = pooled.coverage.groupby("period")["allocated"].sum().to_numpy()
    assert np.all(allocated <= pooled.on_shift.sum(axis=1).to_numpy() + 1e-9)


@SETTINGS
@given(
    need_a=st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5]), min_size=24, max_size=24),
    need_b=st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5]), min_size=24, max_size=24),
)
def test_one_cross_trained_group_is_the_single_schedule_of_the_total(need_a, need_b):
    """A single group holding both skills can give any agent to either: it needs exactly the shifts that
    cover the sum of the requirements, as the single-skill scheduler finds."""
    if not any(need_a) and not any(need_b):
        return
    both = schedule_skill_shifts({"A": need_a, "B": need_b}, {"all": ["A", "B"]}, interval_minutes=60)
    total = schedule_shifts(np.add(need_a, need_b), interval_minutes=60)
    assert both.cost == pytest.approx(total.cost)


def test_the_single_skill_call_is_unchanged():
    """A one-skill, one-group call costs what schedule_shifts does, with the same coverage."""
    single = schedule_shifts(DAY, interval_minutes=60, shift_hours=(8.0, 6.0), hourly_wage=12.0)
    skill = schedule_skill_shifts(
        {"A": DAY}, {"team": ["A"]}, interval_minutes=60, shift_hours=(8.0, 6.0), hourly_wages={"team": 12.0}
    )
    assert skill.cost == pytest.approx(single.cost)
    np.testing.assert_allclose(skill.on_shift["team"].to_numpy(), single.coverage["scheduled"].to_numpy())


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"requirements": {"A": [1.0] * 5}}, "requirements['A']"),
        ({"requirements": {"A": [-1.0] * 24}}, "requirements['A']"),
        ({"requirements": {}}, "requirements"),
        ({"requirements": [1.0] * 24}, "requirements"),
        ({"groups": {"a": ["C"]}}, "groups['a']"),
        ({"groups": {"a": "A"}}, "groups['a']"),
        ({"groups": {"a": ["A", "A"]}}, "groups['a']"),
        ({"groups": {}}, "groups"),
        ({"requirements": {"A": DAY, "B": DAY}}, "groups"),
        ({"hourly_wages": {"a": 0.0}}, "hourly_wages['a']"),
        ({"hourly_wages": {"b": 1.0}}, "hourly_wages"),
        ({"interval_minutes": 20}, "interval_minutes"),
        ({"start_times": ["00:00"], "shift_hours": (8.0,)}, "shift pattern"),
    ],
)
def test_bad_input_names_the_argument(kwargs, field):
    args = {"requirements": {"A": DAY}, "groups": {"a": ["A"]}, "interval_minutes": 60} | kwargs
    with pytest.raises(InputError) as err:
        schedule_skill_shifts(**args)
    assert err.value.field == field
