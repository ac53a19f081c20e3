"""The simulation engine on scenarios: the shared Results schema, reproducibility, Dask, cross-engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from svcdesign import load_example
from svcdesign.engines.simulation import simulate, simulate_variants
from svcdesign.errors import InputError
from svcdesign.model import Scenario
from svcdesign.results import ALL, Results

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bank():
    return load_example("bank")


def test_results_schema(bank):
    res = simulate(bank, horizon="2d", replications=3, seed=1)
    assert isinstance(res, Results)
    assert res.engines == ["simulation"]
    d = res.data
    periods = d["period"].dropna()
    assert periods.max() == 2 * 96 - 1  # 15-minute periods over two days
    assert set(res.stages) == set(bank.stage_names)
    for metric in ("arrivals", "asa", "service_level", "p_abandon", "occupancy", "queue_length", "staff_cost"):
        assert metric in res.metrics
    for metric in ("customers", "fcr", "p_abandon_any", "time_to_resolution", "contacts_per_resolution"):
        assert np.isfinite(res.value(metric, ALL))
    ci = d.dropna(subset=["lower", "upper"])
    assert len(ci) > 0.5 * len(d)
    assert (ci["lower"] <= ci["value"] + 1e-9).all() and (ci["value"] <= ci["upper"] + 1e-9).all()
    segments = set(d["segment"].astype(str)) - {ALL}
    assert segments == {s.name for s in bank.segments}
    assert res.meta["replications"] == 3 and res.meta["engine"] == "simulation"
    # whole-horizon contacts = sum over periods
    per_period = res.metric("arrivals", "representative")
    assert per_period.to_numpy().sum() == pytest.approx(res.value("arrivals", "representative"))


def test_same_seed_same_results_and_log(bank):
    a = simulate(bank, horizon="1d", replications=2, seed=5)
    b, log = simulate(bank, horizon="1d", replications=2, seed=5, log=True)
    pd.testing.assert_frame_equal(a.data, b.data, check_exact=False, rtol=1e-12)
    assert set(log["replication"]) == {0, 1}
    first = log[log["parent"] < 0]
    assert (first["stage"] == "representative").all()  # phone contacts enter at the representative
    c = simulate(bank, horizon="1d", replications=2, seed=6)
    assert not np.allclose(a.data["value"].fillna(0), c.data["value"].fillna(0))


def test_simulate_variants_on_dask_equals_serial(bank):
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    variants = [bank, bank.with_overrides({"stages.representative.staff_adjustment": -2}, name="bank, two fewer")]
    serial = simulate_variants(variants, horizon="1d", replications=4, seed=3)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        parallel = simulate_variants(variants, horizon="1d", replications=4, seed=3, client=client)
    pd.testing.assert_frame_equal(serial.data, parallel.data)
    assert serial.scenarios == ["Bank contact centre", "bank, two fewer"]
    # two fewer representatives: longer waits
    asa = serial.data[
        (serial.data["metric"] == "asa")
        & serial.data["period"].isna()
        & (serial.data["stage"] == "representative")
        & (serial.data["segment"] == ALL)
    ]
    assert asa["value"].iloc[1] > asa["value"].iloc[0]


def _single_stage(patience: float | None) -> Scenario:
    stage = {"name": "agents", "staff": 12, "handle_time": 240, "routing": {}}
    if patience:
        stage["patience"] = patience
    return Scenario.from_dict(
        {
            "name": "single stage",
            "demand": {"interval_minutes": 60, "channels": [{"name": "phone", "per_interval": [150.0] * 24}]},
            "stages": [stage],
        }
    )


@pytest.mark.parametrize("patience", [None, 300.0])
def test_agrees_with_the_analytic_engine_on_a_stationary_stage(patience):
    """Erlang C / A (the analytic engine) vs the simulation for a steady stage, within 3 standard errors."""
    from svcdesign import evaluate

    scenario = _single_stage(patience)
    sim = simulate(scenario, horizon="3d", replications=8, seed=2, warmup="2h")
    ana = evaluate(scenario, staffing=False)
    rows = sim.data[sim.data["period"].isna() & (sim.data["stage"] == "agents") & (sim.data["segment"] == ALL)]
    rows = rows.set_index("metric")
    for metric in ("p_wait", "asa", "service_level", "p_abandon", "occupancy", "queue_length"):
        expected = ana.value(metric, "agents")
        value, upper = rows.loc[metric, "value"], rows.loc[metric, "upper"]
        se = (upper - value) / 2.365  # t(0.975, 7)
        assert abs(value - expected) <= 3 * se + 1e-9, f"{metric}: simulation {value:.4g} vs analytic {expected:.4g}"


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(horizon="-3d"), "horizon"),
        (dict(horizon=0), "horizon"),
        (dict(replications=0), "replications"),
        (dict(warmup="soon"), "warmup"),
        (dict(client=42), "client"),
    ],
)
def test_bad_arguments(bank, kwargs, field):
    with pytest.raises(InputError) as err:
        simulate(bank, **kwargs)
    assert err.value.field == field


def test_not_a_scenario():
    with pytest.raises(InputError) as err:
        simulate({"name": "x"})
    assert err.value.field == "scenario"


def test_longer_horizon_repeats_the_typical_week(bank):
    from svcdesign.engines.simulation import network_from_scenario

    spec, notes = network_from_scenario(bank, horizon="9d")
    rates = spec.arrival_rates
    per_day = 96
    assert rates.shape[0] == 9 * per_day
    assert np.array_equal(rates[7 * per_day : 8 * per_day], rates[:per_day])  # week 2 Monday = week 1 Monday
    assert notes["periods"] == 9 * per_day


def test_a_scenario_simulated_again_is_compiled_once_and_unchanged_by_its_runs(bank):
    """The compiled network is kept by content: the same scenario, horizon, week and warm-up find it (and
    give the figures of a fresh compile, to the last bit); any other content compiles anew; no run changes
    what is kept; at most ``COMPILED_SIZE`` networks are kept."""
    import pickle

    from svcdesign.engines.simulation import adapter

    options = {"horizon": "1d", "replications": 2, "seed": 3}
    adapter.COMPILED.clear()
    first = simulate(bank, **options)
    (kept,) = adapter.COMPILED.values()
    before = pickle.dumps(kept)
    again = simulate(load_example("bank"), **options)  # an equal scenario, another object
    assert len(adapter.COMPILED) == 1 and next(iter(adapter.COMPILED.values())) is kept
    assert pickle.dumps(kept) == before  # the kernels and summaries only read it
    pd.testing.assert_frame_equal(first.data, again.data, check_exact=True)
    adapter.COMPILED.clear()
    pd.testing.assert_frame_equal(simulate(bank, **options).data, first.data, check_exact=True)
    simulate(bank.with_overrides({"demand.scale": 1.1}), **options)
    simulate(bank, **options, warmup="1h")
    simulate(bank, **{**options, "horizon": "2d"})
    assert len(adapter.COMPILED) == 4
    for i in range(adapter.COMPILED_SIZE):
        simulate(bank.with_overrides({"demand.scale": 1.0 + (i + 1) / 100}), horizon="1h", replications=1)
    assert len(adapter.COMPILED) == adapter.COMPILED_SIZE
