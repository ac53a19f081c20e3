"""The analytic engine: agreement with the queueing formulas, traffic equations, conservation."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import inbox, one_stage
from hypothesis import given, settings
from hypothesis import strategies as st

import svcdesign as sd
from svcdesign import InputError, Scenario
from svcdesign.formulas.queueing import erlang_a, erlang_c, required_agents
from svcdesign.model.compiled import expand
from svcdesign.model.roster import staff_per_period


def chain(**overrides) -> Scenario:
    """Front line → specialist, with repeats after one day; constant demand all week."""
    data = {
        "name": "chain",
        "demand": {"interval_minutes": 30, "channels": [{"name": "phone", "per_interval": [40.0] * 48}]},
        "stages": [
            {
                "name": "front",
                "staff": 12,
                "handle_time": 300,
                "patience": 200,
                "shrinkage": 0.2,
                "hourly_wage": 15,
                "routing": {"escalate": {"expert": 0.2}, "repeat": 0.1, "repeat_delay": "1d"},
            },
            {
                "name": "expert",
                "staff": 4,
                "handle_time": 600,
                "patience": 300,
                "hourly_wage": 25,
                "routing": {"follow_up": {"front": 0.1}, "follow_up_delay": "2h"},
            },
        ],
    }
    return Scenario.from_dict(data).with_overrides(overrides)


def period_values(results, metric, stage):
    return results.metric(metric, stage)[stage].to_numpy()


def test_single_stage_matches_erlang_a_in_every_period():
    s = one_stage(calls_per_interval=50, staff=10, handle=240, patience=180, shrinkage=0.1)
    r = sd.evaluate(s)
    rate = 50 / 900.0
    ref = erlang_a(rate, 240.0, 9.0, 180.0, 20.0)
    for metric in ("p_wait", "asa", "service_level", "p_abandon", "occupancy", "queue_length"):
        got = period_values(r, metric, "desk")
        assert got.shape == (672,)
        np.testing.assert_allclose(got, getattr(ref, metric), rtol=1e-12, err_msg=metric)
    assert r.value("p_abandon", "desk") == pytest.approx(ref.p_abandon)
    assert r.value("arrivals", "desk") == pytest.approx(50 * 672)


def test_infinite_patience_uses_erlang_c_and_reports_overload():
    calm = sd.evaluate(one_stage(calls_per_interval=30, staff=10, handle=240, patience=None))
    ref = erlang_c(30 / 900.0, 240.0, 10.0, 20.0)
    np.testing.assert_allclose(period_values(calm, "asa", "desk"), ref.asa, rtol=1e-12)
    over = sd.evaluate(one_stage(calls_per_interval=60, staff=10, handle=240, patience=None))  # load 16 ≥ 10
    assert np.all(period_values(over, "overloaded", "desk") == 1)
    assert np.isinf(over.value("asa", "desk"))
    assert over.value("service_level", "desk") == 0
    assert any("overloaded" in w for w in over.warnings)


def test_traffic_equations_route_answered_contacts_only():
    r = sd.evaluate(chain())
    front_answered = period_values(r, "answered", "front")
    expert_arrivals = period_values(r, "arrivals", "expert")
    # the expert receives 20% of the front's answered contacts, in the same period
    np.testing.assert_allclose(expert_arrivals, 0.2 * front_answered, rtol=1e-8)
    # the front receives customers, repeats (10% of answered, one day = 48 periods later) and follow-ups
    front_arrivals = period_values(r, "arrivals", "front")
    expert_answered = period_values(r, "answered", "expert")
    expected = 40.0 + 0.1 * np.roll(front_answered, 48) + 0.1 * np.roll(expert_answered, 4)
    np.testing.assert_allclose(front_arrivals, expected, rtol=1e-8)


def test_every_customer_ends_resolved_or_abandoned():
    r = sd.evaluate(chain())
    customers = r.value("customers")
    resolved = r.value("resolved")
    abandoned = r.value("abandoned")
    assert resolved + abandoned == pytest.approx(customers, rel=1e-8)
    assert r.value("p_abandon_any") == pytest.approx(abandoned / customers)


def test_first_contact_resolution_without_abandonment():
    s = chain(
        **{
            "stages.front.patience": None,
            "stages.expert.patience": None,
            "stages.front.staff": 40,
            "stages.expert.staff": 20,
        }
    )
    r = sd.evaluate(s)
    assert r.value("fcr") == pytest.approx(0.7)  # 1 − 0.2 escalated − 0.1 repeat
    # handled contacts per resolution: the front's visits per customer (1 / (1 − 0.1 repeats)),
    # plus the expert's (0.2 each), plus follow-ups (0.1 of expert's) — each visit routed as given
    visits_front = 1 / (1 - 0.1 - 0.2 * 0.1)
    handled = visits_front * (1 + 0.2)
    assert r.value("contacts_per_resolution") == pytest.approx(handled, rel=1e-9)


def test_deferred_work_without_backlog_is_erlang_c_at_the_weekly_means():
    # e-mails arrive only while the inbox is staffed, and each hour's capacity (18 per hour) exceeds
    # its arrivals (12.5): no predictable backlog, only random congestion at the week's means
    r = sd.evaluate(inbox([1, 1, 1, 1, 1, 0, 0]))
    ref = erlang_c(500 / 604800, 600.0, 3 * 40 / 168, 86400.0)
    assert r.value("asa", "inbox") == pytest.approx(ref.asa, rel=1e-10)
    assert r.value("service_level", "inbox") == pytest.approx(ref.service_level, rel=1e-10)
    assert r.value("staff_cost", "inbox") == pytest.approx(3 * 40 * 20)
    assert not r.warnings


def test_deferred_work_arriving_at_the_weekend_waits_for_monday():
    r = sd.evaluate(inbox([1, 1, 1, 1, 1, 1, 1], count=4))
    asa = period_values(r, "asa", "inbox")
    ref = erlang_c(500 / 604800, 600.0, 4 * 40 / 168, 86400.0)
    saturday_noon, monday_morning = 5 * 24 + 12, 9
    # Saturday noon's e-mails wait at least until Monday 09:00 (45 h), plus Saturday's and Sunday's
    # backlog ahead of them; Monday morning's wait behind the whole weekend's post
    assert asa[saturday_noon] >= 45 * 3600 + ref.asa
    assert asa[monday_morning] > ref.asa
    sl = period_values(r, "service_level", "inbox")
    assert sl[saturday_noon] == 0  # no chance of an answer within 24 hours
    assert r.value("service_level", "inbox") < ref.service_level
    assert r.value("asa", "inbox") > ref.asa


def test_required_staff_meets_targets_and_one_less_does_not():
    s = one_stage(
        calls_per_interval=80,
        staff=5,
        handle=240,
        patience=300,
        shrinkage=0.25,
        target={"answer_within": 20, "service_level": 0.8, "max_abandon": 0.03},
    )
    r = sd.evaluate(s)
    n = period_values(r, "required_agents", "desk")[0]
    ref = required_agents(80 / 900, 240, target_time=20, service_level=0.8, max_abandon=0.03, patience=300)
    assert n == ref.agents
    ok = erlang_a(80 / 900, 240, n, 300, 20)
    short = erlang_a(80 / 900, 240, n - 1, 300, 20)
    assert ok.service_level >= 0.8 and ok.p_abandon <= 0.03
    assert short.service_level < 0.8 or short.p_abandon > 0.03
    assert period_values(r, "required_staff", "desk")[0] == pytest.approx(n / 0.75)


def test_zero_demand_costs_only_wages():
    r = sd.evaluate(one_stage(calls_per_interval=0, staff=4, hourly_wage=12.5))
    assert r.value("arrivals", "desk") == 0
    assert r.value("abandoned") == 0
    assert r.value("staff_cost") == pytest.approx(4 * 12.5 * 168)
    # no contacts: no contact missed the target, service level 1 by convention (as in every period of
    # an idle queue, and in the simulation engine), never NaN
    assert r.value("service_level", "desk") == 1
    assert np.all(period_values(r, "service_level", "desk") == 1)
    assert not r.data["value"].isna().any()


@settings(max_examples=25, deadline=None)
@given(base=st.floats(2, 30), extra=st.floats(0.5, 10), calls=st.floats(1, 200), patience=st.floats(20, 1000))
def test_more_staff_never_worsens_service(base, extra, calls, patience):
    low = sd.evaluate(one_stage(calls_per_interval=calls, staff=base, patience=patience), staffing=False)
    high = sd.evaluate(one_stage(calls_per_interval=calls, staff=base + extra, patience=patience), staffing=False)
    for metric in ("asa", "p_abandon", "p_wait"):
        assert high.value(metric, "desk") <= low.value(metric, "desk") + 1e-12
    assert high.value("service_level", "desk") >= low.value("service_level", "desk") - 1e-12


def test_roster_expansion_counts_partial_intervals_and_wraps_the_week():
    s = one_stage(
        staff=[
            {"start": "08:30", "hours": 1, "count": 2, "days": ["Mon"]},
            {"start": "23:00", "hours": 2, "count": 1, "days": ["Sun"]},
        ],
        interval_minutes=60,
    )
    staff = staff_per_period(s.stages[0], 60)
    assert staff[8] == pytest.approx(1.0) and staff[9] == pytest.approx(1.0)  # half of two staff each hour
    assert staff[167] == 1 and staff[0] == 1  # Sunday 23:00 into Monday 00:00
    assert staff.sum() == pytest.approx(2 * 1 + 1 * 2)


def test_peaks_apply_by_weekday_and_by_week():
    telecom = Scenario.load(
        __import__("pathlib").Path(__file__).parent.parent / "datasets/scenarios/telecom_shop_and_phone.yaml"
    )
    typical = expand(telecom).arrivals
    nowruz = expand(telecom, week=11).arrivals
    np.testing.assert_allclose(nowruz, typical * 1.5)
    sales = expand(telecom, week=47).arrivals
    np.testing.assert_allclose(sales[0], typical[0])
    np.testing.assert_allclose(sales[1], typical[1] * 1.3)
    with pytest.raises(InputError, match="ISO week"):
        expand(telecom, week=60)


def test_bank_friday_peak(bank):
    x = expand(bank)
    without = expand(bank.with_overrides({"demand.peaks": []})).arrivals
    friday = slice(4 * 96, 5 * 96)
    np.testing.assert_allclose(x.arrivals[:, friday], 1.2 * without[:, friday])
    np.testing.assert_allclose(x.arrivals[:, : 4 * 96], without[:, : 4 * 96])


def test_examples_evaluate_with_finite_figures(example_path):
    r = sd.evaluate(Scenario.load(example_path))
    table = r.summary()
    assert set(r.stages) <= set(table.index)
    finite = r.data[~r.data["metric"].isin(["asa", "queue_length", "time_to_resolution"])]
    assert np.isfinite(finite["value"]).all()
    assert 0 <= r.value("p_abandon_any") <= 1
    assert "<table" in r._repr_html_()


def test_cutting_staff_raises_waits_and_saves_wages(bank):
    base = sd.evaluate(bank)
    cut = sd.evaluate(bank.with_overrides({"stages.representative.staff_adjustment": -2}))
    assert cut.value("asa", "representative") > base.value("asa", "representative")
    assert cut.value("p_abandon_any") > base.value("p_abandon_any")
    saved = base.value("staff_cost") - cut.value("staff_cost")
    assert saved == pytest.approx(2 * 13.55 * 168)


def test_evaluate_rejects_non_scenarios():
    with pytest.raises(InputError, match="Scenario"):
        sd.evaluate({"name": "dict"})


def test_zero_demand_with_abandonment_target_needs_no_staff(bank):
    r = sd.evaluate(bank.with_overrides({"demand.scale": 0}))
    assert r.value("required_staff_hours") == 0
    assert r.value("arrivals") == 0


def test_abandonment_target_is_trivially_met_where_nobody_abandons(bank):
    # the scenario default (max_abandon 5%) also covers the deferred back office and a patient stage
    patient = bank.with_overrides({"stages.supervisor.patience": None, "stages.back office.target": None})
    assert patient.target_for("back office").max_abandon == 0.05
    r = sd.evaluate(patient)
    assert r.value("required_agents", "back office") > 0
    assert r.value("required_agents", "supervisor") > 0


def test_segment_abandonment_adds_up_to_the_stage(example_path):
    s = Scenario.load(example_path)
    r = sd.evaluate(s, staffing=False)
    groups = [g.name for g in s.service_desk.groups] if s.service_desk else []
    for stage in [n for n in r.stages if n not in groups]:  # an agent group's contacts are its types'
        total = r.value("abandoned", stage)
        by_segment = sum(r.value("abandoned", stage, segment=g.name) for g in s.segments)
        assert by_segment == pytest.approx(total, rel=1e-9, abs=1e-9)


def test_delayed_contacts_arrive_when_the_stage_next_opens():
    # open 09:00-17:00 on weekdays; repeats two days later land on Saturday/Sunday for Thursday/Friday
    s = Scenario.from_dict(
        {
            "name": "office hours",
            "demand": {
                "interval_minutes": 60,
                "channels": [
                    {
                        "name": "phone",
                        "weekly_volume": 500,
                        "day_weights": [1, 1, 1, 1, 1, 0, 0],
                        "hourly_weights": [0] * 9 + [1] * 8 + [0] * 7,
                    }
                ],
            },
            "stages": [
                {
                    "name": "desk",
                    "handle_time": 300,
                    "staff": [{"start": "09:00", "hours": 8, "count": 5, "days": ["Mon", "Tue", "Wed", "Thu", "Fri"]}],
                    "routing": {"repeat": 0.2, "repeat_delay": "2d"},
                }
            ],
        }
    )
    r = sd.evaluate(s, staffing=False)
    arrivals = period_values(r, "arrivals", "desk")
    staff = period_values(r, "staff", "desk")
    answered = period_values(r, "answered", "desk")
    assert arrivals[staff == 0].sum() == 0  # nobody arrives while the desk is closed
    first = 500 / 5 / 8
    thursday, friday, monday = slice(3 * 24 + 9, 3 * 24 + 17), slice(4 * 24 + 9, 4 * 24 + 17), 9
    # repeats due on Saturday and Sunday (from Thursday and Friday) all arrive on Monday at 09:00
    assert arrivals[monday] == pytest.approx(first + 0.2 * (answered[thursday].sum() + answered[friday].sum()))
    # on Wednesday at 09:00 only Monday 09:00's repeats are due
    assert arrivals[2 * 24 + 9] == pytest.approx(first + 0.2 * answered[monday])


def test_staff_adjustment_changes_the_headcount_on_duty_not_the_opening_hours():
    s = one_stage(
        staff=[{"start": "09:00", "hours": 8, "count": 3, "days": ["Mon"]}], interval_minutes=60, staff_adjustment=2
    )
    staff = staff_per_period(s.stages[0], 60)
    assert staff[9:17].tolist() == [5.0] * 8 and staff.sum() == 40
    closed = one_stage(staff=0, staff_adjustment=2, interval_minutes=60)
    assert staff_per_period(closed.stages[0], 60).sum() == 2 * 168  # no roster at all: every period


def test_results_remember_the_week_evaluated():
    telecom = sd.load_example("telecom_shop_and_phone")
    assert sd.evaluate(telecom, week=11, staffing=False).meta["week"] == 11
    assert sd.evaluate(telecom, staffing=False).meta["week"] is None


def test_abandoners_who_redial_come_back_and_are_not_lost():
    s = one_stage(
        calls_per_interval=60,
        staff=8,
        handle=240,
        patience=120,
        interval_minutes=15,
        routing={"retry": 0.4, "retry_delay": "30min"},
    )
    r = sd.evaluate(s, staffing=False)
    arrivals = period_values(r, "arrivals", "desk")
    abandoned = period_values(r, "abandoned", "desk")
    # every period: the customers plus 40% of the abandoners of two periods before
    np.testing.assert_allclose(arrivals, 60 + 0.4 * np.roll(abandoned, 2), rtol=1e-8)
    # customers are lost only when they do not try again; all others are resolved
    lost = 0.6 * r.value("abandoned", "desk")
    assert r.value("p_abandon_any") == pytest.approx(lost / r.value("customers"), rel=1e-8)
    assert r.value("resolved") + lost == pytest.approx(r.value("customers"), rel=1e-8)
    plain = sd.evaluate(s.with_overrides({"stages.desk.routing.retry": 0.0}), staffing=False)
    assert r.value("p_abandon", "desk") > plain.value("p_abandon", "desk")  # redials add load
    assert r.value("p_abandon_any") < plain.value("p_abandon_any")  # but fewer are lost


def test_redials_need_a_delay_and_impatient_customers():
    with pytest.raises(sd.ScenarioError, match="retry needs retry_delay"):
        one_stage(routing={"retry": 0.3})
    with pytest.raises(sd.ScenarioError, match="nobody abandons"):
        one_stage(patience=None, routing={"retry": 0.3, "retry_delay": 600})
    with pytest.raises(sd.ScenarioError, match="less than 1"):
        one_stage(routing={"retry": 1.0, "retry_delay": 600})
