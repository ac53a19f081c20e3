"""Calibration from contact logs: arrivals, staffing, handle-time fits and censored patience."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from svcdesign import Scenario, evaluate
from svcdesign.data import calibrate, synthetic_contact_log, validate_contact_log
from svcdesign.data.fits import exponential_patience, fit_handle_times, kaplan_meier
from svcdesign.errors import InputError

TRUE_PATIENCE = 300.0


@pytest.fixture(scope="module")
def patient_log():
    """Two weeks, 60 calls an hour, 5 agents, exponential handle (mean 240 s) and patience (mean 300 s)."""
    return synthetic_contact_log(
        days=14, arrivals_per_hour=[60] * 24, agents=[5] * 24, handle_mean=240.0, patience_mean=TRUE_PATIENCE, seed=7
    )


def test_censored_patience_recovers_the_truth_and_the_naive_mean_does_not(patient_log):
    scenario, report = calibrate(patient_log, 60)
    contacts = patient_log.contacts
    abandoned = contacts["outcome"] == "abandoned"
    assert abandoned.sum() > 500  # enough abandonments for a sharp estimate
    mle = report.patience.loc["exponential hazard MLE (censored)"]
    assert abs(mle["value_s"] - TRUE_PATIENCE) / TRUE_PATIENCE < 0.1
    assert mle["lower_s"] < TRUE_PATIENCE < mle["upper_s"]
    naive = contacts.loc[abandoned, "wait"].mean()
    assert naive == pytest.approx(report.patience.loc["naive mean of abandoners' waits (biased, not used)", "value_s"])
    assert naive < 0.6 * TRUE_PATIENCE  # impatient customers dominate the abandoners
    assert scenario.stages[0].patience.mean == pytest.approx(mle["value_s"], rel=1e-9)
    curve = report.patience_curve
    s_at_true = curve.loc[curve["time_s"] <= TRUE_PATIENCE, "survival"].iloc[-1]
    assert s_at_true == pytest.approx(math.exp(-1.0), abs=0.06)  # Kaplan–Meier agrees with the truth


def test_exponential_patience_and_kaplan_meier_by_hand():
    waits = np.array([10.0, 20.0, 20.0, 30.0, 40.0])
    gave_up = np.array([True, False, True, False, True])
    expo = exponential_patience(waits, gave_up)
    assert expo.rate == pytest.approx(3 / 120.0)
    curve = kaplan_meier(waits, gave_up).set_index("time_s")
    # S(10) = 4/5; at 20 one event among 4 at risk → 4/5·3/4; 30 censored; at 40 one of 1 → 0
    assert curve.loc[10.0, "survival"] == pytest.approx(0.8)
    assert curve.loc[20.0, "survival"] == pytest.approx(0.6)
    assert curve.loc[40.0, "survival"] == pytest.approx(0.0)
    assert exponential_patience(waits, np.zeros(5, bool)).mean == math.inf


def test_handle_time_fit_picks_the_generating_family():
    rng = np.random.default_rng(3)
    sigma = math.sqrt(math.log1p(1.5**2))
    lognormal = rng.lognormal(math.log(200) - sigma**2 / 2, sigma, 5000)
    fits = {f.kind: f for f in fit_handle_times(lognormal)}
    assert fits["lognormal"].ks_statistic < fits["exponential"].ks_statistic
    assert fits["lognormal"].cv == pytest.approx(1.5, rel=0.1)
    exponential = rng.exponential(200, 5000)
    fits = {f.kind: f for f in fit_handle_times(exponential)}
    assert fits["exponential"].ks_statistic < fits["lognormal"].ks_statistic
    assert fits["exponential"].mean == pytest.approx(200, rel=0.05)


def _tiny_log() -> pd.DataFrame:
    """Two Mondays (8 and 15 Jan 2024) and one Tuesday; agent X serves 09:50-10:10 on the first Monday."""
    rows = [
        # arrival, outcome, queue_exit, service_start, service_end, agent, segment, priority
        (
            "2024-01-08 09:50:00",
            "answered",
            "2024-01-08 09:50:00",
            "2024-01-08 09:50:00",
            "2024-01-08 10:10:00",
            "X",
            "a",
            1,
        ),
        ("2024-01-08 09:55:00", "abandoned", "2024-01-08 09:56:40", "", "", "", "a", 1),
        (
            "2024-01-08 10:05:00",
            "answered",
            "2024-01-08 10:05:00",
            "2024-01-08 10:05:00",
            "2024-01-08 10:07:00",
            "Y",
            "b",
            0,
        ),
        (
            "2024-01-15 09:30:00",
            "answered",
            "2024-01-15 09:31:00",
            "2024-01-15 09:31:00",
            "2024-01-15 09:35:00",
            "X",
            "a",
            1,
        ),
        (
            "2024-01-09 09:10:00",
            "answered",
            "2024-01-09 09:10:00",
            "2024-01-09 09:10:00",
            "2024-01-09 09:16:00",
            "Y",
            "b",
            0,
        ),
        ("2024-01-09 11:00:00", "other", "", "", "", "", "", ""),
    ]
    return pd.DataFrame(
        rows,
        columns=["arrival", "outcome", "queue_exit", "service_start", "service_end", "agent", "segment", "priority"],
    )


def test_arrivals_and_staffing_per_weekday_interval():
    log = validate_contact_log(_tiny_log())
    scenario, report = calibrate(log, 60)
    assert report.days_observed.loc["Mon", "days"] == 2 and report.days_observed.loc["Tue", "days"] == 1
    assert report.days_observed.loc["Wed", "days"] == 0
    per_interval = np.asarray(scenario.demand.channels[0].per_interval)
    assert per_interval.size == 7 * 24
    assert per_interval[9] == pytest.approx(3 / 2)  # Mon 09:00: three calls over two Mondays
    assert per_interval[10] == pytest.approx(1 / 2)  # Mon 10:00
    assert per_interval[24 + 9] == pytest.approx(1.0)  # Tue 09:00
    assert per_interval.sum() == pytest.approx(1.5 + 0.5 + 1.0)  # 'other' contacts are not demand
    distinct, _ = calibrate(log, 60, staffing="distinct")
    staff = np.asarray(distinct.stages[0].staff)
    assert staff[9] == pytest.approx(1.0)  # X on both Mondays' 09:00 hour → 2 / 2 days
    assert staff[10] == pytest.approx(1.0)  # X until 10:10 and Y on the first Monday → 2 / 2
    busy, _ = calibrate(log, 60, staffing="busy")
    staff = np.asarray(busy.stages[0].staff)
    assert staff[10] == pytest.approx((600 + 120) / 3600 / 2)
    assert staff[24 + 9] == pytest.approx(360 / 3600)
    presence, rep = calibrate(log, 60, staffing="presence", idle_gap=0)
    assert np.allclose(presence.stages[0].staff, busy.stages[0].staff)  # no idle gap bridged = busy time
    assert any("Wed" in w for w in rep.warnings)


def test_segments_and_priorities_from_the_log():
    log = validate_contact_log(_tiny_log())
    scenario, report = calibrate(log, 60, segment_by="segment")
    segments = {s.name: s for s in scenario.segments}
    assert segments["a"].share == pytest.approx(3 / 5) and segments["b"].share == pytest.approx(2 / 5)
    assert segments["b"].priority == 0 and segments["a"].priority == 1
    handle_mean = np.mean([1200, 120, 240, 360])
    assert segments["b"].handle_time_multiplier == pytest.approx(np.mean([120, 360]) / handle_mean)
    by_priority, _ = calibrate(log, 60, segment_by="priority")
    assert sorted(s.name for s in by_priority.segments) == ["priority 0", "priority 1"]
    single, _ = calibrate(log, 60, segment_by="none")
    assert [s.name for s in single.segments] == ["all customers"]


def test_calibrated_scenario_round_trips_and_evaluates(tmp_path, patient_log):
    scenario, report = calibrate(patient_log, 30)
    path = scenario.save(tmp_path / "calibrated.yaml")
    again = Scenario.load(path)
    assert again == scenario
    results = evaluate(again)
    assert results.value("arrivals", "agents") == pytest.approx(report.arrivals.to_numpy().sum(), rel=1e-4)
    assert "Patience: exponential hazard MLE" in " ".join(scenario.sources)


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"interval": 20}, "interval"),
        ({"staffing": "guess"}, "staffing"),
        ({"segment_by": "mood"}, "segment_by"),
        ({"idle_gap": -1}, "idle_gap"),
    ],
)
def test_calibrate_rejects_bad_options(patient_log, kwargs, field):
    with pytest.raises(InputError) as info:
        calibrate(patient_log, **kwargs)
    assert info.value.field == field


def test_calibrate_needs_contacts_and_agents_for_distinct_staffing():
    only_other = validate_contact_log(pd.DataFrame({"arrival": ["2024-01-01 08:00:00"], "outcome": ["other"]}))
    with pytest.raises(InputError, match="answered or abandoned"):
        calibrate(only_other)
    frame = _tiny_log().drop(columns=["agent"])
    with pytest.raises(InputError) as info:
        calibrate(validate_contact_log(frame), staffing="distinct")
    assert info.value.field == "staffing"
    _, report = calibrate(validate_contact_log(frame))
    assert report.staffing_method == "busy"
