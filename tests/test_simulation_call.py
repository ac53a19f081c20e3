"""The call around the kernel: compiled inputs kept by content, the tables built when first read, the log's columns."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcdesign.engines.simulation import NetworkSpec, exponential, run, run_replications
from svcdesign.engines.simulation import kernel as K
from svcdesign.engines.simulation.aggregate import (
    JOURNEY_METRICS,
    METRICS,
    OUTCOMES,
    ROUTES,
    _categorical,
    tidy_intervals,
    tidy_summary,
)
from svcdesign.engines.simulation.replication import log_columns
from svcdesign.errors import InputError


def _network(staff: int = 4, **changes) -> NetworkSpec:
    """Two stages (a transfer from the first to the second), two classes, abandonment, four intervals."""
    spec = NetworkSpec(
        horizon=4 * 900.0,
        interval=900.0,
        arrival_rates=[[0.08, 0.04]] * 4,
        entry_stage=[0, 0],
        staff=[staff, 2],
        service=exponential(40.0),
        patience=exponential(90.0),
        transfer=[[0.0, 0.3], [0.0, 0.0]],
        target_time=20.0,
    )
    return replace(spec, **changes)


def _same_run(a, b) -> None:
    """Every measure per replication of two outputs identical, bit for bit (NaN where NaN)."""
    for part in ("intervals", "summary"):
        assert list(a.per_replication[part]) == list(b.per_replication[part])
        for name, values in a.per_replication[part].items():
            assert values.tobytes() == b.per_replication[part][name].tobytes(), (part, name)


def test_a_network_run_again_is_compiled_once_and_one_changed_in_place_afresh():
    run.COMPILED.clear()
    spec = _network()
    first = run_replications(spec, replications=2, seed=0)
    second = run_replications(spec, replications=3, seed=1)
    assert len(run.COMPILED) == 1 and second.labels is first.labels  # the kept compilation
    spec.staff = [5, 2]  # changed in place: another key, compiled afresh
    changed = run_replications(spec, replications=2, seed=0)
    assert len(run.COMPILED) == 2
    run.COMPILED.clear()
    _same_run(changed, run_replications(_network(staff=5), replications=2, seed=0))  # as a fresh compilation
    assert changed.value("asa")["mean"] != first.value("asa")["mean"]  # and not the kept one of 4 agents
    for warmup in (0.0, -0.0, 0):  # equal numbers of other types or signs are other keys
        run.compiled(_network(), warmup)
    assert len(run.COMPILED) == 4
    for staff in range(1, run.COMPILED_SIZE + 3):
        run.compiled(_network(staff=staff), 0.0)
    assert len(run.COMPILED) == run.COMPILED_SIZE


def test_bad_or_unkeyable_networks_are_not_kept():
    run.COMPILED.clear()
    for _ in range(2):
        with pytest.raises(InputError, match="staff"):
            run_replications(_network(staff=-1), replications=1)
    assert len(run.COMPILED) == 0
    rates = pd.DataFrame([[0.08, 0.04]] * 4)  # a frame is not keyed by value: compiled each time
    out = run_replications(_network(arrival_rates=rates), replications=2, seed=0)
    assert len(run.COMPILED) == 0
    _same_run(out, run_replications(_network(), replications=2, seed=0))


@pytest.mark.parametrize("replications", [1, 3])
def test_the_tables_built_when_first_read_are_the_tidy_tables_and_value_reads_their_rows(replications):
    out = run_replications(_network(), replications=replications, seed=2, warmup=300.0)
    assert "summary" not in vars(out) and "intervals" not in vars(out)  # not built until read
    per_rep, labels = out.per_replication, out.labels
    pd.testing.assert_frame_equal(out.summary, tidy_summary(per_rep["summary"], labels), check_exact=True)
    pd.testing.assert_frame_equal(out.intervals, tidy_intervals(per_rep["intervals"], labels), check_exact=True)
    assert out.summary is out.summary and out.group_summary is None
    for row in out.summary.itertuples():
        got = out.value(row.metric, row.stage)
        want = {k: float(getattr(row, k)) for k in ("mean", "se", "lower", "upper", "n")}
        assert got == pytest.approx(want, rel=0, abs=0, nan_ok=True), (row.metric, row.stage)
    assert len(out.summary) == len(JOURNEY_METRICS) + len(METRICS) * len(labels.stages)
    assert out.value("asa", 1) == pytest.approx(out.value("asa", labels.stages[1]), rel=0, abs=0, nan_ok=True)
    for metric, stage in (("asa", "all"), ("customers", 0), ("no such measure", 0), ("asa", "no such stage")):
        with pytest.raises(InputError, match="metric"):
            out.value(metric, stage)


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    rows=st.integers(0, 40),
    extra=st.integers(0, 5),
    classes=st.sampled_from([1, 3, 127, 128, 300]),
    stages=st.sampled_from([1, 2, 200]),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_logs_columns_are_numpys_copies_of_the_visit_tables_columns(rows, extra, classes, stages, seed):
    rng = np.random.default_rng(seed)
    vi = rng.integers(-1, 2**40, size=(rows + extra, K.N_VI))
    for column, top in ((K.VI_CLASS, classes), (K.VI_STAGE, stages), (K.VI_STATUS, 5), (K.VI_ROUTE, 5)):
        vi[:, column] = rng.integers(-1, top, size=rows + extra)
    vf = rng.normal(size=(rows + extra, K.N_VF)) * 1e4
    vf[rng.random(vf.shape) < 0.2] = np.nan
    inputs = SimpleNamespace(rates=np.zeros((1, classes)), staff=np.zeros((stages, 1)))
    got = log_columns(inputs, vi, vf, rows)
    columns = {
        "contact": (vi, K.VI_CONTACT, np.int64),
        "customer": (vi, K.VI_CUSTOMER, np.int64),
        "class": (vi, K.VI_CLASS, np.int16 if classes > 127 else np.int8),  # pandas' code type for so many
        "stage": (vi, K.VI_STAGE, np.int16 if stages > 127 else np.int8),
        "status": (vi, K.VI_STATUS, np.int8),
        "agent": (vi, K.VI_AGENT, np.int64),
        "route": (vi, K.VI_ROUTE, np.int8),
        "next_stage": (vi, K.VI_NEXT, np.int64),
        "parent": (vi, K.VI_PARENT, np.int64),
        "arrival": (vf, K.VF_ARRIVE, np.float64),
        "start": (vf, K.VF_START, np.float64),
        "end": (vf, K.VF_END, np.float64),
    }
    assert list(got) == list(columns)
    for name, (table, column, dtype) in columns.items():
        want = table[:rows, column].astype(dtype)
        assert got[name].dtype == want.dtype and got[name].flags.c_contiguous, name
        assert got[name].tobytes() == want.tobytes(), name


@pytest.mark.parametrize("mapping", [OUTCOMES, ROUTES])
def test_a_code_is_the_category_of_its_name(mapping):
    codes = np.array(sorted(mapping) * 2, dtype=np.int8)
    categorical = _categorical(codes, mapping)
    assert list(categorical.astype(str)) == [mapping[int(c)] for c in codes]
    assert list(categorical.categories) == [mapping[k] for k in sorted(mapping)]
    below, beyond = min(mapping) - 1, max(mapping) + 1
    assert _categorical(np.array([below], dtype=np.int8), mapping).isna().all()  # a pending visit: no outcome
    for outside in (beyond, below - 1):
        with pytest.raises(ValueError):
            _categorical(np.array([outside], dtype=np.int8), mapping)


@pytest.mark.parametrize("replications", [1, 3])
def test_the_logs_wait_is_its_definition(replications):
    spec = _network()
    log = run_replications(spec, replications=replications, seed=5, log=True).log
    assert set(log["replication"]) == set(range(replications))
    abandoned = (log["outcome"] == "abandoned").to_numpy()
    started = log["start"].notna().to_numpy()
    arrival = log["arrival"].to_numpy()
    want = np.where(started, log["start"].to_numpy(), spec.horizon) - arrival
    want[abandoned] = (log["end"].to_numpy() - arrival)[abandoned]
    assert abandoned.any() and (~started & ~abandoned).any()  # every case is there
    assert log["wait"].to_numpy().tobytes() == want.tobytes()
