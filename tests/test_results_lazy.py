"""Results held as the engine's arrays: the long frame built when first read, and every look-up answered
from the arrays exactly as from the frame.

Reference: the same Results made from the frame (the path every engine took before), and a long frame
assembled row by row in plain Python from the arrays, following the row order the schema documents
(block by block; within a block metric, then stage, then period).
"""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import svcdesign as sd
from svcdesign.errors import InputError
from svcdesign.results import ALL, COLUMNS, LongBuilder, Results, concat_frames
from svcdesign.results.long import LongArrays

EXAMPLES = sd.example_names()


def _row_by_row(arrays: LongArrays) -> pd.DataFrame:
    """The long frame assembled one row at a time (slow, plain: the reference)."""
    rows = []
    for b in arrays.blocks:
        for i, name in enumerate(b.names):
            for j, stage in enumerate(b.stages):
                for t in range(b.repeat):
                    k = j * b.repeat + t
                    at = i * b.values.shape[1] + k
                    period = pd.NA if b.horizon else int(b.periods[k])
                    low = np.nan if b.lower is None else b.lower[at]
                    high = np.nan if b.upper is None else b.upper[at]
                    rows.append(
                        (arrays.scenario, arrays.engine, stage, b.segment, period, name, b.values[i, k], low, high)
                    )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["period"] = frame["period"].astype("Int64")
    for column in ("scenario", "engine", "stage", "segment", "metric"):
        order = list(dict.fromkeys(frame[column]))
        frame[column] = pd.Categorical(frame[column], categories=pd.Index(order))
    return frame


def _fresh(results: Results) -> tuple[Results, Results]:
    """A new lazy Results of the same arrays (its frame not built) and one made from the frame."""
    arrays = results._arrays
    assert arrays is not None
    meta = {k: v for k, v in results.meta.items() if k != "warnings"}
    meta["warnings"] = []
    return Results(arrays, results.period_minutes, meta), Results(arrays.frame(), results.period_minutes, meta)


def _same_lookups(lazy: Results, eager: Results) -> None:
    """Every look-up of ``lazy`` (answered without its frame) equals that of ``eager``, exactly."""
    assert lazy.warnings == eager.warnings
    for attribute in ("scenarios", "engines", "stages", "metrics"):
        assert getattr(lazy, attribute) == getattr(eager, attribute)
    segments = list(dict.fromkeys(eager.data["segment"]))
    stages = eager.stages + [ALL]
    for segment in segments:
        pd.testing.assert_frame_equal(lazy.horizon(segment=segment), eager.horizon(segment=segment), check_exact=True)
        got = lazy.per_period_arrays(eager.metrics, stages, segment=segment)
        want = eager.per_period_arrays(eager.metrics, stages, segment=segment)
        for metric in want:
            np.testing.assert_array_equal(got[metric], want[metric], strict=True)
        for metric in eager.metrics:
            for stage in stages:
                try:
                    expected: float | str = eager.value(metric, stage, segment=segment)
                except InputError as error:
                    expected = str(error)
                try:
                    found: float | str = lazy.value(metric, stage, segment=segment)
                except InputError as error:
                    found = str(error)
                assert found == expected or (np.isnan(found) and np.isnan(expected)), (metric, stage, segment)
    pd.testing.assert_frame_equal(lazy.summary(), eager.summary(), check_exact=True)
    if ALL in eager._labels("stage"):
        pd.testing.assert_series_equal(lazy.kpis(), eager.kpis(), check_exact=True)
    else:  # no end-to-end figures: both name the stage
        for results in (lazy, eager):
            with pytest.raises(InputError, match="stage"):
                results.kpis()
    assert repr(lazy) == repr(eager)
    for bad in (("no_such_metric", ALL), ("arrivals", "no_such_stage")):
        with pytest.raises(InputError) as lazy_error:
            lazy.value(*bad)
        with pytest.raises(InputError) as eager_error:
            eager.value(*bad)
        assert str(lazy_error.value) == str(eager_error.value)
    assert lazy.rows == len(eager.data) == eager.rows
    assert lazy.arrays is not None and eager.arrays is None
    assert "_frame" not in lazy.__dict__  # all of it answered from the arrays


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("staffing", [True, False])
def test_lazy_results_equal_the_eager_ones(name: str, staffing: bool) -> None:
    results = sd.evaluate(sd.load_example(name), staffing=staffing)
    lazy, eager = _fresh(results)
    _same_lookups(lazy, eager)
    pd.testing.assert_frame_equal(lazy.data, eager.data, check_exact=True)
    pd.testing.assert_frame_equal(results.data, _row_by_row(results._arrays), check_exact=True)
    assert isinstance(results.data.index, pd.RangeIndex)
    assert lazy.data is lazy.data  # built once


@pytest.mark.parametrize("name", EXAMPLES)
def test_flags_and_non_finite_values_are_named_as_from_the_frame(name: str) -> None:
    overloaded = sd.load_example(name).with_overrides({"demand.scale": 3.0})
    results = sd.evaluate(overloaded)
    lazy, eager = _fresh(results)
    assert lazy.warnings  # flags to name: the engine's own warnings left out
    assert lazy.warnings == eager.warnings
    assert "_frame" not in lazy.__dict__


def test_pickled_results_keep_their_figures() -> None:
    results = sd.evaluate(sd.load_example("bank"))
    before = pickle.loads(pickle.dumps(results))  # frame not built yet
    assert "_frame" not in results.__dict__
    pd.testing.assert_frame_equal(before.data, results.data, check_exact=True)
    after = pickle.loads(pickle.dumps(results))  # frame built
    pd.testing.assert_frame_equal(after.data, results.data, check_exact=True)
    assert after.value("service_level", "representative") == results.value("service_level", "representative")


def test_results_cannot_be_changed() -> None:
    results = sd.evaluate(sd.load_example("bank"), staffing=False)
    with pytest.raises(FrozenInstanceError):
        results.period_minutes = 30.0  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del results.meta


METRICS = ("arrivals", "asa", "service_level", "staff", "overloaded", "unstaffed")
STAGES = ("a", "b", "c")


@st.composite
def builders(draw: st.DrawFn) -> LongBuilder:
    """Blocks of every kind: per period (some periods given) and whole horizon, several segments, a
    (metric, stage, segment) in several blocks, NaN, infinite values and flags, bounds or none."""
    out = LongBuilder("s", "e")
    values = st.sampled_from([0.0, 1.0, 2.5, -1.0, np.nan, np.inf])
    for _ in range(draw(st.integers(1, 5))):
        stages = draw(st.lists(st.sampled_from(STAGES + (ALL,)), min_size=1, max_size=3, unique=True))
        names = draw(st.lists(st.sampled_from(METRICS), min_size=1, max_size=3, unique=True))
        periods = draw(st.integers(0, 4))  # 0: whole horizon
        shape = (len(stages), periods) if periods else (len(stages),)
        table = {
            n: np.array(draw(st.lists(values, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))).reshape(
                shape
            )
            for n in names
        }
        given = np.array(draw(st.permutations(range(6)))[:periods]) if periods and draw(st.booleans()) else None
        lower = {names[0]: table[names[0]] - 1.0} if draw(st.booleans()) else None
        segment = draw(st.sampled_from([ALL, "x", "y"]))
        out.add(stages, table, lower=lower, upper=lower, periods=given, segment=segment)
    return out


@settings(derandomize=True, max_examples=60, deadline=None)
@given(builders())
def test_any_blocks_read_alike_from_the_arrays_and_the_frame(builder: LongBuilder) -> None:
    arrays = builder.arrays()
    frame = arrays.frame()
    pd.testing.assert_frame_equal(frame, _row_by_row(arrays), check_exact=True)
    lazy, eager = Results(arrays, 15.0, {}), Results(frame, 15.0, {})
    _same_lookups(lazy, eager)


@settings(derandomize=True, max_examples=40, deadline=None)
@given(builders())
def test_blocks_added_stacked_are_the_blocks_added_by_name_and_are_not_copied(builder: LongBuilder) -> None:
    """``add_stacked`` of the same figures stacked by hand gives the same table, keeping the arrays given."""
    again = LongBuilder("s", "e")
    for block in builder.arrays().blocks:
        shape = (len(block.names), len(block.stages), *(() if block.horizon else (block.repeat,)))
        values = block.values.reshape(shape).copy()
        lower = None if block.lower is None else block.lower.reshape(shape).copy()
        periods = None if block.horizon else block.periods[: block.repeat]
        again.add_stacked(block.stages, block.names, values, lower, lower, periods=periods, segment=block.segment)
        assert np.shares_memory(again.arrays().blocks[-1].values, values)
    pd.testing.assert_frame_equal(again.frame(), builder.frame(), check_exact=True)


@settings(derandomize=True, max_examples=40, deadline=None)
@given(builders(), st.data())
def test_a_frame_of_some_rows_is_those_rows_of_the_whole(builder: LongBuilder, data: st.DataObject) -> None:
    arrays = builder.arrays()
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=arrays.rows, max_size=arrays.rows)), dtype=bool)
    whole = arrays.frame()
    pd.testing.assert_frame_equal(arrays.frame(np.flatnonzero(mask)), whole[mask], check_exact=True)


@settings(derandomize=True, max_examples=40, deadline=None)
@given(builders(), st.lists(st.sampled_from(METRICS), max_size=3), st.sampled_from([None, ALL, "a"]))
def test_a_table_without_some_rows_is_the_frame_filtered(
    builder: LongBuilder, metrics: list[str], stage: str | None
) -> None:
    """``without`` is the boolean filter of the frame: the other rows in their order, every category kept."""
    arrays = builder.arrays()
    whole = arrays.frame()
    drop = whole["metric"].isin(metrics).to_numpy(copy=True)
    if stage is not None:
        drop &= (whole["stage"] == stage).to_numpy()
    want = whole[~drop].reset_index(drop=True)
    got = arrays.without(metrics, stage=stage)
    pd.testing.assert_frame_equal(got.frame(), want, check_exact=True)
    for column in ("stage", "segment", "metric"):
        assert list(got.frame()[column].cat.categories) == list(whole[column].cat.categories)
    if got.rows:  # the look-ups of the cut table answer as those of its frame
        _same_lookups(Results(got, 15.0, {}), Results(want, 15.0, {}))
    pd.testing.assert_frame_equal(arrays.without(METRICS).frame(), whole[:0], check_exact=True)  # no row left


@settings(derandomize=True, max_examples=40, deadline=None)
@given(builders(), builders(), st.lists(st.sampled_from(METRICS), max_size=3))
def test_a_table_then_another_is_the_frames_stacked(first: LongBuilder, second: LongBuilder, drop: list[str]) -> None:
    """``then`` is :func:`concat_frames` of the two frames: rows one after the other, categories united
    (those of the first table kept where it was cut, as the response cuts the engine's)."""
    a, b = first.arrays().without(drop), second.arrays()
    want = concat_frames([a.frame(), b.frame()])
    got = a.then(b)
    pd.testing.assert_frame_equal(got.frame(), want, check_exact=True)
    for column in ("stage", "segment", "metric"):
        assert list(got.frame()[column].cat.categories) == list(want[column].cat.categories)
    _same_lookups(Results(got, 15.0, {}), Results(want, 15.0, {}))
    with pytest.raises(ValueError, match="after"):
        a.then(LongBuilder("other", "e").arrays())


@pytest.mark.parametrize("name", EXAMPLES)
def test_simulated_results_are_lazy_and_equal_the_eager_ones(name: str) -> None:
    """The simulation hands its figures over as arrays too; a desk's contact types keep no staff, agents,
    busy agents, occupancy, staff hours or cost (their agent groups hold them)."""
    results = sd.simulate(sd.load_example(name), horizon="2d", replications=3, seed=2)
    assert "_frame" not in results.__dict__
    lazy, eager = _fresh(results)
    _same_lookups(lazy, eager)
    pd.testing.assert_frame_equal(lazy.data, eager.data, check_exact=True)
    data = results.data
    assert isinstance(data.index, pd.RangeIndex)
    assert data.columns.tolist() == COLUMNS and len(data) == results.rows
    desk = results.meta.get("desk")
    if desk is not None:
        group_only = ["staff", "agents", "busy_agents", "occupancy", "staff_hours", "staff_cost"]
        at_types = data["stage"].isin(desk["contact_types"]) & data["metric"].isin(group_only)
        assert not at_types.any()
        for metric in group_only:
            assert set(data.loc[data["metric"] == metric, "stage"]) >= set(desk["groups"])
