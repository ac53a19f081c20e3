"""The replications' summary: confidence intervals and the measures of sets of classes are exact, batched or not."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from svcdesign.engines.simulation import NetworkSpec, exponential, run_replications
from svcdesign.engines.simulation.aggregate import (
    METRICS,
    class_measures,
    confidence,
    confidence_many,
    horizon_measures,
    interval_summaries,
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
        "another_column": base[:, 5:, 4] * 7.0,  # summarised with the other single cells
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


def _tallies(spec, R, seed, warmup=0.0):
    inputs, labels = spec.compile(warmup)
    reps = [run_replication(inputs, seed, r) for r in range(R)]
    return (*(np.stack([getattr(r, a) for r in reps]) for a in ("counts", "sums", "integrals")), labels)


def _same(mine, expected, what):
    """Identical bit for bit: the same values, NaN in the same cells, zeros of the same sign."""
    mine, expected = np.asarray(mine), np.asarray(expected)
    assert mine.dtype == expected.dtype and mine.shape == expected.shape, what
    np.testing.assert_array_equal(mine, expected, err_msg=what)
    if mine.dtype.kind == "f":
        np.testing.assert_array_equal(np.signbit(mine), np.signbit(expected), err_msg=what)


def _minutes():
    """A network of 240 one-minute intervals: the compiled summary takes it in several runs of intervals."""
    return replace(_network(), horizon=4 * 3600.0, interval=60.0, arrival_rates=np.full((240, 3), 0.02), staff=[3, 2])


@pytest.mark.parametrize("R", [1, 2, 3, 8, 11])
@pytest.mark.parametrize(("network", "warmup"), [(_network, 0.0), (_network, 2700.0), (_minutes, 600.0)])
def test_the_compiled_interval_summaries_are_numpys_summaries_of_the_measures_bit_for_bit(network, R, warmup):
    """The reference: numpy's measures per replication (class_measures), then confidence() over the
    replications; over the horizon numpy's sums of the tallies. Idle and warm-up intervals give NaN
    replications (fewer defined ones, n < R), the deferred stage its backlog ages; the sets are
    summarised together and each alone."""
    counts, sums, integrals, labels = _tallies(network(), R, seed=R, warmup=warmup)
    few = ("backlog_mean_age", "arrivals", "asa", "service_level", "p_wait", "aht", "asa")
    sets = [(None, METRICS), ([0, 2], few), ([2, 0], METRICS), ([1], few), ([], few), ([0, 1, 2], few)]
    reference = class_measures(counts, sums, integrals, labels, sets)
    together = interval_summaries(counts, sums, integrals, labels, sets)
    _same(together.by_interval, counts.sum(axis=(1, 3)), "counts by interval")
    nan_cells = 0
    for x, ((chosen, names), (per_interval, per_horizon)) in enumerate(zip(sets, reference, strict=True)):
        alone = interval_summaries(counts, sums, integrals, labels, [(chosen, names)])
        for mine, i in ((together, x), (alone, 0)):
            assert list(mine.summaries[i]) == list(dict.fromkeys(names))  # in the order asked for
            for name, values in per_interval.items():
                nan_cells += int(np.isnan(values).sum())
                for key, array in confidence(values).items():
                    _same(mine.summaries[i][name][key], array, f"{chosen} {name} {key}")
            classes = list(range(counts.shape[3])) if chosen is None else chosen
            _same(mine.counts[i], counts[:, :, :, classes].sum(axis=(2, 3)), f"{chosen} counts")
            _same(mine.sums[i], (sums if chosen is None else sums[..., chosen, :]).sum(axis=(2, 3)), f"{chosen} sums")
            horizon = horizon_measures(mine.counts[i], mine.sums[i], mine.integrals, labels, names)
            for name, values in per_horizon.items():
                _same(horizon[name], values, f"{chosen} {name} over the horizon")
    assert nan_cells > 0  # the test covers replications left out


def test_the_compiled_interval_summaries_refuse_one_interval_of_several_replications():
    """numpy sums a single cell's replications pairwise, not one after the other: no compiled summary."""
    spec = NetworkSpec(
        horizon=3600.0,
        interval=3600.0,
        arrival_rates=[[0.1]],
        entry_stage=[0],
        staff=[4],
        service=exponential(30.0),
        target_time=20.0,
    )
    counts, sums, integrals, labels = _tallies(spec, 9, seed=0)
    with pytest.raises(ValueError, match="more than one interval"):
        interval_summaries(counts, sums, integrals, labels)
    one = interval_summaries(counts[:1], sums[:1], integrals[:1], labels)
    (per_interval, _), *_ = class_measures(counts[:1], sums[:1], integrals[:1], labels)
    for name, values in per_interval.items():
        for key, array in confidence(values).items():
            _same(one.summaries[0][name][key], array, f"{name} {key}")


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
