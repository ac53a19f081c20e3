"""The handle-time profile: handle time by interval of the week (``Stage.handle_time_profile``).

Validation names the field, the value and what is allowed; the analytic engine applies the profile
interval by interval (a profile of 2 everywhere is exactly a doubled handle time; a change in one
interval changes only that interval); the simulation's ``service_scale`` refuses bad input; the
journey and dynamics engines use its arrival-weighted mean; calibration recovers a known profile.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from helpers import one_stage

from svcdesign import InputError, ScenarioError, evaluate, load_example
from svcdesign.data import calibrate, validate_contact_log
from svcdesign.data.calibrate import PROFILE_CONTACTS
from svcdesign.engines.dynamics import run_dynamics
from svcdesign.engines.simulation import NetworkSpec, exponential
from svcdesign.model import limits
from svcdesign.model.compiled import MAX_SECONDS, expand

PER_DAY = 24
"""Hourly intervals in the scenarios of this file."""


def _desk(profile=None, **fields):
    extra = {} if profile is None else {"handle_time_profile": profile}
    return one_stage(calls_per_interval=40, staff=4, handle=240, patience=300, interval_minutes=60, **extra, **fields)


# --------------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "bad",
    [0, -1, -0.5, math.nan, math.inf, -math.inf, "x", "nan", "inf", True, None, [1.0], 101, 1e400],
)
def test_a_bad_value_names_its_interval_value_and_range(bad):
    profile = [1.0] * PER_DAY
    profile[5] = bad
    with pytest.raises(ScenarioError) as info:
        _desk(profile)
    problems = [(f, a) for f, _, a in info.value.problems]
    assert problems == [("stages[0] (desk).handle_time_profile[5]", f"expected {limits.HANDLE_TIME_PROFILE.allowed}")]
    assert "(0, 100]" in str(info.value)


@pytest.mark.parametrize("bad", ["text", 2.0, {"a": 1}, True])
def test_a_profile_that_is_not_a_list_is_refused(bad):
    with pytest.raises(ScenarioError) as info:
        _desk(bad)
    assert [f for f, _, _ in info.value.problems] == ["stages[0] (desk).handle_time_profile"]


@pytest.mark.parametrize("length", [1, 23, 25, 167, 169])
def test_a_profile_of_the_wrong_length_is_refused(length):
    with pytest.raises(ScenarioError, match=f"handle_time_profile has {length} values; expected 24 .* or 168"):
        _desk([1.0] * length)
    with pytest.raises(ScenarioError, match="at least 1 item"):
        _desk([])


def test_a_day_profile_repeats_and_none_is_one_everywhere():
    day = list(np.linspace(0.5, 1.5, PER_DAY))
    x = expand(_desk(day))
    assert x.handle_scale.shape == (1, 7 * PER_DAY)
    assert np.array_equal(x.handle_scale[0], np.tile(day, 7))
    assert np.array_equal(expand(_desk()).handle_scale, np.ones((1, 7 * PER_DAY)))
    week = list(np.linspace(0.5, 1.5, 7 * PER_DAY))
    assert np.array_equal(expand(_desk(week)).handle_scale[0], week)


def test_the_largest_handle_time_counts_the_profile():
    """A year's handle time × the segment's largest multiplier is the most the engines take; the profile
    counts in it, and the refusal names the profile."""
    profile = [1.0] * PER_DAY
    profile[3] = 2.0
    scenario = _desk(profile).with_overrides(
        {"stages.desk.handle_time": limits.DURATION.high, "segments.0.handle_time_multiplier": limits.MULTIPLIER.high}
    )
    with pytest.raises(InputError) as info:
        expand(scenario)
    assert "handle_time_profile" in info.value.field and info.value.value == pytest.approx(2 * MAX_SECONDS)
    assert expand(scenario.with_overrides({"stages.desk.handle_time_profile": None})).handle_mean[0, 0] == MAX_SECONDS


def test_the_profile_round_trips_through_a_file(tmp_path):
    scenario = _desk([1.0] * 12 + [1.25] * 12)
    for suffix in (".yaml", ".json"):
        again = type(scenario).load(scenario.save(tmp_path / f"s{suffix}"))
        assert again == scenario and again.stages[0].handle_time_profile == [1.0] * 12 + [1.25] * 12


# ------------------------------------------------------------------------------------ analytic
def test_a_profile_of_two_is_a_doubled_handle_time_exactly():
    doubled = evaluate(_desk([2.0] * PER_DAY)).data
    longer = evaluate(_desk().with_overrides({"stages.desk.handle_time": 480})).data
    columns = ["stage", "segment", "period", "metric"]
    a = doubled.set_index(columns)["value"]
    b = longer.set_index(columns)["value"].reindex(a.index)
    assert len(a) == len(b) and np.array_equal(a.to_numpy(), b.to_numpy(), equal_nan=True)


def test_a_change_in_one_interval_changes_only_that_interval():
    week = [1.0] * (7 * PER_DAY)
    week[30] = 1.4  # Tuesday 06:00
    plain = evaluate(_desk()).data
    changed = evaluate(_desk(week)).data
    keys = ["stage", "segment", "period", "metric"]
    rows = plain[plain["period"].notna() & (plain["stage"] == "desk")].set_index(keys)["value"]
    other = changed[changed["period"].notna() & (changed["stage"] == "desk")].set_index(keys)["value"]
    differs = ~np.isclose(rows.to_numpy(), other.reindex(rows.index).to_numpy(), rtol=0, atol=0, equal_nan=True)
    periods = set(rows.index[differs].get_level_values("period"))
    assert periods == {30}
    metrics = set(rows.index[differs].get_level_values("metric"))
    assert {"offered_load", "occupancy", "p_abandon", "service_level", "required_agents"} <= metrics
    load = evaluate(_desk(week)).metric("offered_load", "desk")["desk"]
    assert load.loc[30] == pytest.approx(1.4 * load.loc[31])


def test_an_empty_interval_carries_the_profile_too():
    scenario = _desk([3.0] * PER_DAY).with_overrides({"demand.channels.phone.per_interval": [0.0] + [40.0] * 23})
    from svcdesign.engines.analytic import _stage_inputs, _theta

    x = expand(scenario)
    flows = np.zeros((1, 1, 2, 1, x.periods))
    inputs = _stage_inputs(x, flows, _theta(x))
    assert np.allclose(inputs["handle"], 3.0 * 240.0)


def test_journey_and_dynamics_use_the_arrival_weighted_mean_of_the_profile():
    """With ample staff the time to resolution of a one-stage chain is the handle time: with a profile of
    1.5 in the hours that have arrivals and 0.5 in those that have none, it is 1.5 × the stage's mean
    (the profile weighted by arrivals), not the week's plain mean of 1."""
    daytime = {"demand.channels.phone.per_interval": [40.0] * 12 + [0.0] * 12, "stages.desk.staff": 40}
    ample = evaluate(_desk().with_overrides(daytime))
    varied = evaluate(_desk([1.5] * 12 + [0.5] * 12).with_overrides(daytime))
    assert varied.value("asa", "desk") < 1e-3 and ample.value("asa", "desk") < 1e-3
    assert varied.value("time_to_resolution") == pytest.approx(1.5 * ample.value("time_to_resolution"), rel=1e-3)
    x = expand(_desk([1.5] * 12 + [0.5] * 12))
    assert x.handle_scale_mean(np.ones((1, x.periods))) == pytest.approx([1.0])
    assert x.handle_scale_mean(np.zeros((1, x.periods))) == pytest.approx([1.0])  # no weight: the plain mean
    weights = np.tile([1.0] * 12 + [0.0] * 12, 7)[None, :]
    assert x.handle_scale_mean(weights) == pytest.approx([1.5])
    for scenario in (_desk(), _desk([2.0] * PER_DAY)):
        run = run_dynamics(scenario, weeks=4)
        assert np.isfinite(run.data["value"].to_numpy(dtype=float)).all()


# ---------------------------------------------------------------------------------- simulation
def _spec(scale):
    return NetworkSpec(
        horizon=7200.0,
        interval=3600.0,
        arrival_rates=np.full((2, 1), 0.01),
        entry_stage=[0],
        staff=[2],
        service=exponential(100.0),
        target_time=20.0,
        service_scale=scale,
    )


@pytest.mark.parametrize(
    "scale, shown",
    [
        ([[1.0, 0.0]], "0.0"),
        ([[1.0, -2.0]], "-2.0"),
        ([[1.0, math.nan]], "nan"),
        ([[math.inf, 1.0]], "inf"),
        ([[1.0, 1.0, 1.0]], "array of shape (1, 3)"),
        ([1.0, 1.0], "array of shape (2,)"),
        ("x", "x"),
    ],
)
def test_the_simulation_refuses_bad_service_scales(scale, shown):
    with pytest.raises(InputError) as info:
        _spec(scale).compile()
    assert info.value.field == "service_scale" and shown in str(info.value)


def test_the_simulation_scales_each_service_by_its_start_interval():
    inputs, _ = _spec([[0.5, 3.0]]).compile()
    assert np.array_equal(inputs.svc_scale, [[0.5, 3.0]])
    assert np.array_equal(_spec([2.0]).compile()[0].svc_scale, [[2.0, 2.0]])
    assert np.array_equal(_spec(None).compile()[0].svc_scale, [[1.0, 1.0]])


# --------------------------------------------------------------------------------- calibration
TRUE_PROFILE = {8: 1.0, 9: 1.5, 10: 1.5, 11: 1.0, 12: 0.8, 13: 0.8, 14: 0.6, 15: 1.2}
"""Handle time of the hand-made log by hour of the day, × :data:`BASE_HANDLE`."""
BASE_HANDLE = 200.0


def _profile_log(per_hour: int = 150, days: int = 14, seed: int = 5) -> pd.DataFrame:
    """Answered contacts without waiting, every hour 08:00-16:00 of ``days`` days from Monday 1 Jan 2024,
    exponential handle times of mean :data:`BASE_HANDLE` × :data:`TRUE_PROFILE`, one agent each; plus one
    Sunday 20:00 contact of 600 s (an interval with one contact)."""
    rng = np.random.default_rng(seed)
    rows = []
    for day in range(days):
        for hour, factor in TRUE_PROFILE.items():
            start = pd.Timestamp("2024-01-01") + pd.Timedelta(days=day, hours=hour)
            arrivals = start + pd.to_timedelta(np.sort(rng.uniform(0, 3600, per_hour)), unit="s")
            handles = np.maximum(np.round(rng.exponential(BASE_HANDLE * factor, per_hour)), 1.0)
            for i, (arrival, handle) in enumerate(zip(arrivals, handles, strict=True)):
                rows.append((arrival, arrival + pd.Timedelta(seconds=float(handle)), f"{day}-{hour}-{i}"))
    sunday = pd.Timestamp("2024-01-07 20:00:00")
    rows.append((sunday, sunday + pd.Timedelta(seconds=600), "late"))
    frame = pd.DataFrame(rows, columns=["arrival", "service_end", "agent"])
    frame["outcome"] = "answered"
    frame["queue_exit"] = frame["service_start"] = frame["arrival"]
    return frame


@pytest.fixture(scope="module")
def profile_log():
    return validate_contact_log(_profile_log())


def test_calibration_recovers_a_known_profile(profile_log):
    scenario, report = calibrate(profile_log, 60, staffing="busy")
    stage = scenario.stages[0]
    profile = np.asarray(stage.handle_time_profile)
    assert profile.size == 7 * 24
    fitted = stage.handle_time.mean
    handles = profile_log.contacts["handle"].to_numpy(dtype=float)
    assert report.handle_time_choice == "exponential" and fitted == pytest.approx(handles.mean(), rel=1e-3)
    n = 2 * 150  # two days of each weekday, 150 answered contacts an hour
    for day in range(7):
        for hour, factor in TRUE_PROFILE.items():
            value = profile[day * 24 + hour]
            unshrunk = (value * (n + PROFILE_CONTACTS) - PROFILE_CONTACTS) / n
            truth = factor * BASE_HANDLE / fitted
            # exponential handle times: the mean of n has a relative standard error 1/sqrt(n); 4 of them
            assert abs(unshrunk - truth) <= 4 * truth / math.sqrt(n), (day, hour, unshrunk, truth)
            # the shrinkage pulls toward 1 by n0 / (n + n0) of the way
            assert abs(value - 1) < abs(unshrunk - 1) + 1e-12 or unshrunk == pytest.approx(1)
    assert profile[6 * 24 + 20] == pytest.approx((600 / fitted + PROFILE_CONTACTS) / (1 + PROFILE_CONTACTS), rel=1e-5)
    assert profile[3] == 1.0 and profile[24 + 17] == 1.0  # no answered contact: 1
    assert "Handle time by 60-minute interval" in " ".join(scenario.sources)
    assert report.handle_time_profile.loc["Tue", "09:00"] == pytest.approx(profile[24 + 9])
    assert "Handle time by interval" in report.to_text()


def test_calibration_without_the_profile(profile_log):
    scenario, report = calibrate(profile_log, 60, staffing="busy", handle_by_interval=False)
    assert scenario.stages[0].handle_time_profile is None and report.handle_time_profile is None
    assert "Handle time by" not in " ".join(scenario.sources)
    with pytest.raises(InputError) as info:
        calibrate(profile_log, 60, staffing="busy", handle_by_interval="yes")
    assert info.value.field == "handle_by_interval"


def test_the_profile_brings_the_model_to_the_logs_handle_times(profile_log):
    """Evaluated with the calibrated profile, the engine's offered load per hour follows the log's own
    busy time, which one mean handle time cannot."""
    scenario, report = calibrate(profile_log, 60, staffing="busy")
    flat, _ = calibrate(profile_log, 60, staffing="busy", handle_by_interval=False)
    busy = report.staffing.to_numpy().ravel()  # the log's busy agents per hour: its offered load
    hours = busy > 1
    with_profile = evaluate(scenario).metric("offered_load", "agents")["agents"].sort_index().to_numpy()
    without = evaluate(flat).metric("offered_load", "agents")["agents"].sort_index().to_numpy()
    error = np.abs(with_profile[hours] - busy[hours]).mean()
    assert error < 0.5 * np.abs(without[hours] - busy[hours]).mean()


def test_the_bank_example_takes_a_profile_at_every_stage():
    bank = load_example("bank")
    per_day = bank.demand.intervals_per_day
    varied = bank.with_overrides(
        {"stages.coordinator.handle_time_profile": [1.0] * (per_day // 2) + [1.3] * (per_day // 2)}
    )
    a, b = evaluate(bank), evaluate(varied)
    assert b.value("offered_load", "coordinator") > a.value("offered_load", "coordinator")
    assert b.value("offered_load", "representative") == pytest.approx(a.value("offered_load", "representative"))
