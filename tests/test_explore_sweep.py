"""Sweeps: a grid of levers equals the same runs one by one, serially and on Dask."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_explore_optimise import chain

import svcdesign as sd
from svcdesign import InputError
from svcdesign.explore import sweep, to_wide
from svcdesign.explore.runs import CHUNKS_PER_THREAD, _chunks, local_cluster
from svcdesign.explore.sweep_result import SweepResult
from svcdesign.results import Results

LEVERS = {"stages.front.staff_adjustment": [-1, 0, 2], "stages.front.routing.escalate.desk": [0.1, 0.3]}


def whole_week(results):
    d = results.data
    return d[d["period"].isna()].reset_index(drop=True)


def test_sweep_equals_single_runs_one_by_one():
    base = chain(front_staff=6, expert_staff=2)
    table = sweep(base, LEVERS, progress=False)
    assert table["run"].nunique() == 6  # the grid product
    for _, part in table.groupby("run"):
        settings = {k: part[k].iloc[0] for k in LEVERS}
        alone = sd.evaluate(base.with_overrides(settings))
        expected = whole_week(alone)
        got = part.reset_index(drop=True)
        assert list(got["metric"]) == list(expected["metric"])
        np.testing.assert_allclose(got["value"].to_numpy(), expected["value"].to_numpy(), rtol=1e-12)
    # the levers really moved the outcome: more front staff, fewer abandon at the front
    cost = table[(table["metric"] == "staff_cost") & (table["stage"] == "front")]
    assert cost["value"].nunique() == 3


def test_sweep_on_dask_equals_serial():
    distributed = pytest.importorskip("dask.distributed")
    base = chain(front_staff=6, expert_staff=2)
    serial = sweep(base, LEVERS, progress=False, metrics=["service_level", "p_abandon_any"])
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        parallel = sweep(base, LEVERS, client=client, progress=False, metrics=["service_level", "p_abandon_any"])
    pd.testing.assert_frame_equal(serial, parallel)


def test_simulation_sweep_on_worker_processes_equals_serial(monkeypatch):
    """Two worker processes of ``local_cluster`` (the cluster ``client="local"`` starts), several variants
    per task: the same table as serially, to the last bit, and workers started without Dask's malloc
    trim setting and with its periodic bookkeeping sparse (``runs.QUIET``)."""
    Client = pytest.importorskip("dask.distributed").Client
    import dask

    bank = sd.load_example("bank")
    levers = {"demand.scale": [0.9, 1.0, 1.1], "stages.representative.staff_adjustment": [-2, -1, 1, 2]}
    assert max(len(chunk) for chunk in _chunks(12, 2)) > 1  # 12 variants on 2 threads: several per task
    options = {"horizon": "6h", "replications": 3, "seed": 4}
    serial = sweep(bank, levers, engine="simulation", engine_options=options, progress=False)
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")  # as an earlier Dask cluster leaves it
    with local_cluster(n_workers=2, dashboard_address=None) as cluster, Client(cluster) as client:
        assert os.environ["MALLOC_TRIM_THRESHOLD_"] == "65536"  # put back
        # the environment each worker process started with, which glibc's allocator read (Linux)
        workers = client.run(Path("/proc/self/environ").read_bytes) if sys.platform == "linux" else None
        # Dask's periodic bookkeeping made sparse (runs.QUIET) on the workers and the scheduler
        profiling = client.run(dask.config.get, "distributed.worker.profile.enabled")
        stealing = client.run_on_scheduler(lambda dask_scheduler: "stealing" in dask_scheduler.extensions)
        parallel = sweep(bank, levers, engine="simulation", engine_options=options, client=client, progress=False)
        # variants are built on the workers: a bad value there is the serial sweep's error, the first in the grid
        bad = {"demand.scale": [1.0, -2.0, 1.1, -1.0]}
        with pytest.raises(InputError) as on_workers:
            sweep(bank, bad, client=client, progress=False)
    if workers is not None:
        assert len(workers) == 2
        assert not any(b"MALLOC_TRIM_THRESHOLD_=" in start for start in workers.values())  # glibc's defaults
    assert list(profiling.values()) == [False, False] and not stealing
    pd.testing.assert_frame_equal(serial, parallel, check_exact=True)
    assert serial["run"].nunique() == 12
    with pytest.raises(InputError) as here:
        sweep(bank, bad, progress=False)
    assert type(on_workers.value) is type(here.value)
    assert str(on_workers.value) == str(here.value) and "-2.0" in str(here.value)
    assert vars(on_workers.value) == vars(here.value)


@settings(derandomize=True, max_examples=200)
@given(n=st.integers(0, 500), threads=st.integers(0, 64))
def test_chunks_deal_every_variant_once_in_order(n, threads):
    chunks = _chunks(n, threads)
    assert sorted(i for chunk in chunks for i in chunk) == list(range(n))
    assert all(chunk == sorted(chunk) for chunk in chunks)
    assert len(chunks) <= max(1, CHUNKS_PER_THREAD * max(threads, 1))
    assert all(chunks) or n == 0
    sizes = [len(chunk) for chunk in chunks]
    assert max(sizes) - min(sizes) <= 1  # balanced


def test_wide_table_has_one_row_per_combination():
    base = chain(front_staff=6, expert_staff=2)
    wide = sweep(base, LEVERS, progress=False, wide=True)
    assert len(wide) == 6
    assert {"stages.front.staff_adjustment", "staff_cost", "service_level@front", "fcr"} <= set(wide.columns)
    long = sweep(base, LEVERS, progress=False)
    pd.testing.assert_frame_equal(to_wide(long, list(LEVERS)), wide)
    row = wide.iloc[-1]
    alone = sd.evaluate(base.with_overrides({k: row[k] for k in LEVERS}))
    assert row["service_level@desk"] == pytest.approx(alone.value("service_level", "desk"))


def test_peak_factor_and_handle_time_levers_reach_the_engine():
    bank = sd.load_example("bank")
    table = sweep(
        bank,
        {"demand.peaks.Friday peak.factor": [1.0, 1.5], "stages.representative.handle_time.mean": [185]},
        progress=False,
        metrics=["arrivals"],
    )
    arrivals = table[(table["stage"] == "all") & (table["segment"] == "all")]["value"].to_numpy()
    assert arrivals[1] > arrivals[0]


def test_bad_levers_and_engines_are_named():
    base = chain()
    with pytest.raises(InputError, match="override path"):
        sweep(base, {"stages.nobody.staff": [1]}, progress=False)
    with pytest.raises(InputError, match="levers"):
        sweep(base, {"demand.scale": []}, progress=False)
    with pytest.raises(InputError, match="levers"):
        sweep(base, {}, progress=False)
    with pytest.raises(InputError, match="engine"):
        sweep(base, {"demand.scale": [1]}, engine="crystal ball", progress=False)
    with pytest.raises(InputError, match="metrics"):
        sweep(base, {"demand.scale": [1]}, metrics=["happiness"], progress=False)


def test_any_engine_function_can_be_swept():
    base = chain()
    seen = []

    def engine(scenario):
        seen.append(scenario.demand.scale)
        return sd.evaluate(scenario, staffing=False)

    table = sweep(base, {"demand.scale": [0.5, 1.0]}, engine=engine, progress=False, metrics=["customers"])
    assert seen == [0.5, 1.0]
    totals = table[(table["stage"] == "all") & (table["segment"] == "all")].set_index("demand.scale")["value"]
    assert totals[1.0] == pytest.approx(2 * totals[0.5], rel=1e-6)


def test_sweep_with_the_simulation_engine_equals_single_simulations():
    from svcdesign.engines.simulation import simulate

    base = chain(front_staff=6, expert_staff=2)
    options = {"replications": 3, "horizon": "1d", "seed": 4}
    levers = {"stages.front.staff_adjustment": [0, 2]}
    table = sweep(base, levers, engine="simulation", progress=False, metrics=["p_abandon_any"], engine_options=options)
    assert table["engine"].astype(str).eq("simulation").all()
    for _, part in table.groupby("run"):
        alone = simulate(base.with_overrides({k: part[k].iloc[0] for k in levers}), **options)
        assert part["value"].iloc[0] == pytest.approx(alone.value("p_abandon_any"), rel=1e-12)
        assert part["upper"].iloc[0] >= part["value"].iloc[0] >= part["lower"].iloc[0]


def test_per_period_sweep_is_lazy_and_its_frame_equals_single_runs(tmp_path):
    base = chain(front_staff=6, expert_staff=2)
    result = sweep(base, LEVERS, progress=False, periods=True)
    assert isinstance(result, SweepResult) and result.levers == list(LEVERS)
    table = result.frame()
    assert len(result) == len(table) and table["run"].nunique() == 6
    for run, part in table.groupby("run"):
        alone = sd.evaluate(base.with_overrides(result.settings[run])).data
        got = part.drop(columns=["run", *LEVERS]).reset_index(drop=True)
        pd.testing.assert_frame_equal(got.drop(columns="scenario"), alone.drop(columns="scenario"))
        assert got["scenario"].nunique() == 1 and str(got["scenario"].iloc[0]).startswith(base.name)
    # the whole-horizon rows are the default sweep's table; one run at a time is the same table
    pd.testing.assert_frame_equal(result.frame(periods=False), sweep(base, LEVERS, progress=False))
    pd.testing.assert_frame_equal(pd.concat(list(result.iter_frames()), ignore_index=True), table)
    # values kept on disk read back the same
    on_disk = sweep(base, LEVERS, progress=False, periods=True, path=tmp_path / "sweep")
    assert on_disk.path == tmp_path / "sweep" and any((tmp_path / "sweep").glob("*.npy"))
    pd.testing.assert_frame_equal(on_disk.frame(), table)


def test_per_period_sweep_filters_and_tables():
    base = chain(front_staff=6, expert_staff=2)
    result = sweep(base, LEVERS, progress=False, periods=True, metrics=["service_level", "staff"])
    assert result.metrics == ["service_level", "staff"]
    table = result.frame()
    chosen = table[(table["metric"] == "service_level") & (table["stage"] == "front") & table["run"].isin([1, 4])]
    pd.testing.assert_frame_equal(
        result.frame(metrics=["service_level"], stages=["front"], runs=[1, 4]), chosen.reset_index(drop=True)
    )
    levels = result.per_period("service_level", "front")
    assert list(levels.columns) == list(range(6))
    rows = chosen[chosen["period"].notna() & (chosen["segment"] == "all") & (chosen["run"] == 4)]
    np.testing.assert_array_equal(levels[4].to_numpy(), rows["value"].to_numpy())
    with pytest.raises(InputError, match="metric"):
        result.per_period("fcr", "front")
    with pytest.raises(InputError, match="metrics"):
        sweep(base, LEVERS, progress=False, periods=True, metrics=["happiness"])


@pytest.mark.parametrize("engine", ["analytic", "simulation"])
def test_whole_horizon_rows_of_lazy_results_are_those_of_the_frame(engine):
    """An engine handing its figures over as arrays (the frame not built) gives the sweep the same rows,
    to the last bit and with the same categories, as the same Results made from its frame."""
    from svcdesign.engines.registry import get_engine

    base = chain(front_staff=6, expert_staff=2)
    options = {"horizon": "1d", "replications": 2} if engine == "simulation" else {}
    made = []

    def eager(scenario):
        results = get_engine(engine).run(scenario, **options)
        made.append(results)
        return Results(results.data, results.period_minutes, results.meta)

    lazy = sweep(base, LEVERS, engine=engine, engine_options=options, progress=False)
    pd.testing.assert_frame_equal(lazy, sweep(base, LEVERS, engine=eager, progress=False), check_exact=True)
    assert made and all(r.arrays is not None for r in made)
