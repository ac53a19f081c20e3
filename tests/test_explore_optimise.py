"""Optimised staffing: feasible, minimal interval by interval, stable through the chain; budget splits."""

from __future__ import annotations

import numpy as np
import pytest

import svcdesign as sd
from svcdesign import InputError, Scenario
from svcdesign.explore import optimise_budget, optimise_staffing
from svcdesign.formulas.queueing import erlang_a

TARGETS = {"answer_within": 20, "service_level": 0.8, "max_abandon": 0.05}
PER_DAY = 24
SHAPE = [0, 0, 0, 0, 0, 0, 2, 8, 30, 55, 60, 50, 45, 50, 55, 48, 40, 30, 20, 12, 6, 3, 0, 0]


def chain(front_staff=3, expert_staff=1) -> Scenario:
    """Front line → escalation desk on a 60-minute grid, demand shaped over the day."""
    return Scenario.from_dict(
        {
            "name": "two tiers",
            "demand": {"interval_minutes": 60, "channels": [{"name": "phone", "per_interval": SHAPE}]},
            "stages": [
                {
                    "name": "front",
                    "staff": front_staff,
                    "handle_time": 300,
                    "patience": 240,
                    "shrinkage": 0.25,
                    "hourly_wage": 14,
                    "routing": {"escalate": {"desk": 0.25}, "repeat": 0.1, "repeat_delay": "1d"},
                },
                {
                    "name": "desk",
                    "staff": expert_staff,
                    "handle_time": 600,
                    "patience": 300,
                    "shrinkage": 0.2,
                    "hourly_wage": 20,
                },
            ],
        }
    )


def per_period(results, metric, stage):
    return results.metric(metric, stage)[stage].to_numpy()


@pytest.fixture(scope="module")
def plan():
    return optimise_staffing(chain(), targets=TARGETS)


def test_plan_meets_every_target_in_every_interval(plan):
    r = sd.evaluate(plan.scenario)
    for stage in ("front", "desk"):
        busy = per_period(r, "arrivals", stage) > 0
        assert per_period(r, "service_level", stage)[busy].min() >= 0.8 - 1e-12
        assert per_period(r, "p_abandon", stage)[busy].max() <= 0.05 + 1e-12
    assert plan.rounds > 1  # the desk's arrivals depend on the front's abandonment: at least one re-solve
    assert plan.cost == pytest.approx(r.value("staff_cost"))


def test_one_agent_fewer_in_any_interval_breaks_a_target(plan):
    r = plan.results
    for stage, patience in (("front", 240.0), ("desk", 300.0)):
        agents = per_period(r, "agents", stage)
        rate = per_period(r, "arrivals", stage) / 3600.0
        busy = rate > 0
        handle = per_period(r, "offered_load", stage)[busy] / rate[busy]
        assert np.all(np.abs(agents - np.round(agents)) < 1e-9)  # whole agents
        fewer = erlang_a(rate[busy], handle, agents[busy] - 1.0, patience, 20.0)
        broken = (np.asarray(fewer.service_level) < 0.8) | (np.asarray(fewer.p_abandon) > 0.05)
        assert broken.all(), f"{stage}: removable agents in periods {np.flatnonzero(busy)[~broken]}"
        assert np.all(agents[~busy] == 0)  # nobody staffed where no contact arrives


def test_minimality_holds_with_the_flows_re_solved(plan):
    """Take one agent away in one interval, re-run the whole chain: that interval's target breaks."""
    r = plan.results
    rng = np.random.default_rng(3)
    names = plan.scenario.stage_names
    for stage, shrink in (("front", 0.25), ("desk", 0.2)):
        staff = np.array(plan.scenario.stage(stage).staff, dtype=float)
        busy = np.flatnonzero(per_period(r, "agents", stage) > 0)
        for t in rng.choice(busy, size=6, replace=False):
            cut = staff.copy()
            cut[t] -= 1.0 / (1.0 - shrink)
            variant = plan.scenario.with_overrides({f"stages.{names.index(stage)}.staff": cut.tolist()})
            again = sd.evaluate(variant, staffing=False)
            sl = per_period(again, "service_level", stage)[t]
            ab = per_period(again, "p_abandon", stage)[t]
            assert sl < 0.8 or ab > 0.05, (stage, t, sl, ab)


def test_plan_does_not_depend_on_the_starting_staffing(plan):
    other = optimise_staffing(chain(front_staff=30, expert_staff=12), targets=TARGETS)
    np.testing.assert_allclose(other.requirement("front"), plan.requirement("front"))
    np.testing.assert_allclose(other.requirement("desk"), plan.requirement("desk"))


def test_plan_on_an_example_with_deferred_work_and_segments():
    bank = sd.load_example("bank")
    plan = optimise_staffing(bank, targets=TARGETS)
    r = sd.evaluate(plan.scenario)
    for stage in ("representative", "coordinator", "supervisor"):
        busy = per_period(r, "arrivals", stage) > 0
        assert per_period(r, "service_level", stage)[busy].min() >= 0.8 - 1e-12
        assert per_period(r, "p_abandon", stage)[busy].max() <= 0.05 + 1e-12
    assert r.value("service_level", "back office") >= 0.9 - 1e-9  # the deferred stage keeps its own target
    assert any("deferred" in n for n in plan.notes)


def test_bad_targets_and_stages_are_named():
    with pytest.raises(InputError, match="targets"):
        optimise_staffing(chain(), targets={"service_levle": 0.8})
    with pytest.raises(InputError, match="stages"):
        optimise_staffing(chain(), stages=["nobody"])
    with pytest.raises(InputError, match="service_level"):
        optimise_staffing(chain(), targets={"service_level": 1.5})


# ------------------------------------------------------------------------------ budget split
def test_budget_split_stays_within_budget_and_beats_the_even_start():
    s = chain(front_staff=6, expert_staff=2)
    budget = sd.evaluate(s).value("staff_cost") * 1.05
    best = optimise_budget(s, budget, objective="service_level")
    assert best.cost <= budget + 1e-6
    assert sd.evaluate(best.scenario).value("staff_cost") == pytest.approx(best.cost)
    assert best.value >= sd.explore.outcome(sd.evaluate(s), "service_level") - 1e-12
    # every evaluated allocation within budget scores no better than the chosen one
    feasible = best.evaluated[best.evaluated["cost"] <= budget + 1e-6]
    assert feasible["service_level"].max() == pytest.approx(best.value)


def test_exhaustive_and_greedy_agree_on_two_stages():
    s = chain(front_staff=6, expert_staff=2)
    budget = sd.evaluate(s).value("staff_cost") * 1.1
    greedy = optimise_budget(s, budget, objective="p_abandon_any")
    exhaustive = optimise_budget(s, budget, objective="p_abandon_any", method="exhaustive")
    assert exhaustive.value <= greedy.value + 1e-12  # exhaustive is the global optimum (less is better)
    assert greedy.value == pytest.approx(exhaustive.value, rel=1e-9)


def test_a_budget_too_small_for_any_staffing_is_explained():
    s = chain(front_staff=6, expert_staff=2)
    with pytest.raises(InputError, match="budget.*at least") as info:
        optimise_budget(s, 10.0, objective="service_level")
    assert "cheapest staffing" in str(info.value)
    with pytest.raises(InputError, match="budget"):
        optimise_budget(s, objective="service_level")  # no budget given, none in the scenario
