"""Streams: the same seed gives identical results; replications are distinct and independent of R."""

from __future__ import annotations

import numpy as np

from svcdesign.engines.simulation import NetworkSpec, exponential, run_replications
from svcdesign.engines.simulation.streams import replication_seed


def _spec():
    return NetworkSpec(
        horizon=3 * 3600.0,
        interval=1800.0,
        arrival_rates=np.full((6, 1), 0.05),
        entry_stage=[0],
        staff=[[4, 5, 5, 4, 3, 4], [2] * 6],
        service=[exponential(70.0), exponential(150.0)],
        patience=[exponential(90.0), exponential(300.0)],
        target_time=20.0,
        transfer=[[0, 0.2], [0, 0]],
    )


def test_same_seed_identical():
    a = run_replications(_spec(), replications=3, seed=42, log=True)
    b = run_replications(_spec(), replications=3, seed=42, log=True)
    for ra, rb in zip(a.replications, b.replications, strict=True):
        assert np.array_equal(ra.counts, rb.counts) and np.array_equal(ra.integrals, rb.integrals)
    assert a.log.equals(b.log)
    assert a.summary.equals(b.summary)


def test_replications_differ_and_do_not_depend_on_their_number():
    three = run_replications(_spec(), replications=3, seed=7)
    five = run_replications(_spec(), replications=5, seed=7)
    for r in range(3):
        assert np.array_equal(three.replications[r].counts, five.replications[r].counts)
    assert not np.array_equal(five.replications[0].counts, five.replications[1].counts)
    other = run_replications(_spec(), replications=1, seed=8)
    assert not np.array_equal(other.replications[0].counts, three.replications[0].counts)


def test_replication_streams_are_spawned_children():
    children = np.random.SeedSequence(5).spawn(4)
    for r, child in enumerate(children):
        assert np.array_equal(replication_seed(5, r).generate_state(4), child.generate_state(4))


def test_log_is_the_visit_table_whatever_the_first_table_size():
    """The log holds the kernel's visit table exactly (one row per visit, in creation order), the
    replications hand their visit columns over to it, and the first table's size changes nothing."""
    from svcdesign.engines.simulation import kernel as K
    from svcdesign.engines.simulation.streams import replication_generator

    out = run_replications(_spec(), replications=2, seed=3, log=True)
    assert all(r.visits is None for r in out.replications)
    log = out.log
    inputs, _ = _spec().compile(0.0)
    for r in range(2):
        for capacity in (inputs.capacity, 16):  # 16 rows: the table grows many times
            small = inputs._replace(capacity=capacity)
            rows, vi, vf = K.simulate_once(small, replication_generator(3, r), K.allocate(small, True), True)
            mine = log[log["replication"] == r]
            assert len(mine) == rows and np.array_equal(mine["visit"], np.arange(rows))
            for name, col in (("contact", K.VI_CONTACT), ("customer", K.VI_CUSTOMER), ("agent", K.VI_AGENT)):
                assert np.array_equal(mine[name].to_numpy(), vi[:rows, col])
            for name, col in (("next_stage", K.VI_NEXT), ("parent", K.VI_PARENT)):
                assert np.array_equal(mine[name].to_numpy(), vi[:rows, col])
            assert np.array_equal(mine["stage"].cat.codes.to_numpy(), vi[:rows, K.VI_STAGE])
            for name, col in (("arrival", K.VF_ARRIVE), ("start", K.VF_START), ("end", K.VF_END)):
                assert np.array_equal(mine[name].to_numpy(), vf[:rows, col], equal_nan=True)
    assert log["contact"].dtype == np.int64 and log["arrival"].dtype == np.float64
    plain = run_replications(_spec(), replications=2, seed=3)
    assert plain.summary.equals(out.summary)
