"""The replications' summary: confidence intervals and the measures of sets of classes are exact, batched or not."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from svcdesign.engines.simulation import NetworkSpec, exponential, run_replications
from svcdesign.engines.simulation.aggregate import (
    METRICS,
    class_measures,
    confidence,
    confidence_many,
    measures,
)
from svcdesign.engines.simulation.replication import run_replication


def _reference_confidence(values, level=0.95):
    """The textbook formula cell by cell: NaN replications left out, scipy's t quantile per cell."""
    values = np.asarray(values, dtype=float)
    ok = ~np.isnan(values)
    n = ok.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, np.nansum(values, axis=0) / np.maximum(n, 1), np.nan)
        dev = np.where(ok, values - mean, 0.0)
        var = np.where(n > 1, (dev**2).sum(axis=0) / np.maximum(n - 1, 1), np.nan)
        se = np.sqrt(var / np.maximum(n, 1))
        q = np.where(n > 1, stats.t.ppf(0.5 + level / 2.0, np.maximum(n - 1, 1)), np.nan)
    return {"mean": mean, "se": se, "lower": mean - q * se, "upper": mean + q * se, "n": n}


def _arrays(R, rng):
    """Arrays of several shapes and memory layouts, with NaN replications here and there."""
    base = rng.lognormal(3.0, 2.0, size=(R, 6, 5))
    base[rng.random(base.shape) < 0.2] = np.nan
    return {
        "c_order": base,
        "f_order": np.asfortranarray(base),
        "slice": base[:, 1:4],
        "fancy": base[:, [0, 2, 5], 1],
        "column": base[:, :1, 0],
        "vector": base[:, 0, 0],
        "same_shape": base * 3.0,
        "transposed": base.transpose(0, 2, 1),
    }


@pytest.mark.parametrize("R", [1, 2, 3, 8, 10, 12, 31])
def test_confidence_matches_the_cell_by_cell_formula_and_batching_changes_no_bit(R):
    arrays = _arrays(R, np.random.default_rng(R))
    batched = confidence_many(arrays)
    assert list(batched) == list(arrays)
    for name, values in arrays.items():
        alone = confidence(values)
        expected = _reference_confidence(values)
        for key in expected:
            np.testing.assert_array_equal(alone[key], expected[key], err_msg=f"{name} {key}")
            np.testing.assert_array_equal(batched[name][key], expected[key], err_msg=f"{name} {key} batched")


def _network():
    return NetworkSpec(
        horizon=4 * 3600.0,
        interval=1800.0,
        arrival_rates=np.full((8, 3), 0.02),
        entry_stage=[0, 0, 1],
        staff=[[3, 4, 4, 3, 3, 4, 4, 3], [2] * 8],
        service=[exponential(70.0), exponential(150.0)],
        patience=[exponential(90.0), exponential(300.0)],
        target_time=20.0,
        transfer=[[0, 0.2], [0, 0]],
        deferred=[False, True],
    )


def test_a_set_of_classes_measures_the_same_whatever_the_other_sets_and_measures_asked_for():
    inputs, labels = _network().compile()
    reps = [run_replication(inputs, 3, r) for r in range(9)]
    counts, sums, integrals = (np.stack([getattr(r, a) for r in reps]) for a in ("counts", "sums", "integrals"))
    sets = [None, [0, 2], [1]]
    few = ("arrivals", "asa", "service_level", "backlog_mean_age")
    together = class_measures(counts, sums, integrals, labels, [(s, METRICS if s is None else few) for s in sets])
    for chosen, both in zip(sets, together, strict=True):
        classes = list(range(counts.shape[3])) if chosen is None else chosen
        # the reference: numpy's sums over the set's classes (of a copy: floats added in another order,
        # equal to rounding), then every measure of the set alone
        reference = (
            measures(
                counts[:, :, :, classes].sum(axis=3),
                sums[:, :, :, classes].sum(axis=3),
                integrals,
                labels.observed_length[None, None, :],
                labels.deferred,
            ),
            measures(
                counts[:, :, :, classes].sum(axis=(2, 3)),
                sums[:, :, :, classes].sum(axis=(2, 3)),
                np.concatenate([integrals[..., :4].sum(axis=2), integrals[..., 4:].max(axis=2)], axis=-1),
                np.array(labels.horizon - labels.warmup),
                labels.deferred,
            ),
        )
        (alone,) = class_measures(counts, sums, integrals, labels, [(chosen, METRICS)])
        for mine, one, ref in zip(both, alone, reference, strict=True):
            assert list(one) == list(METRICS)
            assert list(mine) == list(METRICS if chosen is None else few)
            for name, values in mine.items():
                np.testing.assert_array_equal(values, one[name], err_msg=name)
                np.testing.assert_allclose(values, ref[name], rtol=1e-12, err_msg=name)  # sums in another order
    # the classes of the other sets add up to all classes (counts are whole numbers)
    arrivals = [per_interval["arrivals"] for per_interval, _ in together]
    np.testing.assert_array_equal(arrivals[0], arrivals[1] + arrivals[2])


def test_summary_tables_are_numeric():
    out = run_replications(_network(), replications=3, seed=1)
    for table in (out.intervals, out.summary):
        for column in ("mean", "se", "lower", "upper"):
            assert table[column].dtype == np.float64
    single = NetworkSpec(
        horizon=3600.0,
        interval=3600.0,
        arrival_rates=[[0.1]],
        entry_stage=[0],
        staff=[4],
        service=exponential(30.0),
        target_time=20.0,
    )
    value = run_replications(single, replications=2, seed=0).value("customers", "all")
    assert value["n"] == 2 and value["lower"] <= value["mean"] <= value["upper"]
