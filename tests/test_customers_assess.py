"""Customer metrics from engine results: schema, bank cross-check, other engines, errors, provenance."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest
from test_results_lazy import _same_lookups

import svcdesign
from svcdesign import Results, Scenario, evaluate
from svcdesign._resources import dataset_path
from svcdesign.errors import InputError
from svcdesign.formulas.customers import PILLARS
from svcdesign.response import (
    COST_METRICS,
    EXPERIENCE_METRICS,
    LOYALTY_METRICS,
    assess,
    assumptions_behind,
    experience,
    loyalty_effects,
)
from svcdesign.results import ALL, CUSTOMER_METRICS, METRICS


@pytest.fixture(scope="module")
def bank():
    s = Scenario.load(dataset_path("scenarios", "bank.yaml"))
    return s, evaluate(s)


@pytest.fixture(scope="module")
def assessed(bank):
    s, r = bank
    return assess(s, r)


def test_metrics_registered_with_units():
    for name in CUSTOMER_METRICS:
        assert METRICS[name].unit, name
    assert METRICS["satisfaction"].unit == "points (0-10)"
    assert METRICS["pillar_time_effort"].unit == "points (0-10)"
    assert METRICS["effort"].unit == "points (1-7)"
    assert METRICS["share_satisfied"].unit == "share" and METRICS["share_detractors"].unit == "share"
    assert METRICS["revenue_at_risk"].unit == "currency"  # per evaluated horizon: a year is the calendar's sum


def test_results_keep_the_schema_and_engine(bank, assessed):
    s, r = bank
    a = assessed
    assert isinstance(a, Results) and a.engines == ["analytic"]
    assert list(a.data.columns) == list(r.data.columns)
    assert len(a.data) > len(r.data)
    public = {"budget_gap", "bed_days", "cost_of_failure"}  # the bank is commercial
    assert set(EXPERIENCE_METRICS + LOYALTY_METRICS + COST_METRICS) - public <= set(a.metrics)
    assert "budget_gap" not in a.metrics  # the bank has no weekly budget
    # per stage, segment and period, and whole horizon
    sat = a.metric("satisfaction", "representative", segment="anxious")
    assert len(sat) == 7 * 96
    assert a.value("satisfaction", "representative", segment="anxious") > 0
    assert a.value("churn", segment="premium") > 0
    assert not a.data["value"].isna().any()
    for seg in ["all", "routine", "anxious", "premium"]:
        for p in PILLARS:
            v = a.metric(f"pillar_{p}", segment=seg).to_numpy()
            assert np.all((v >= 0) & (v <= 10))
    # the original rows are untouched
    pd.testing.assert_frame_equal(
        a.data.iloc[: len(r.data)].reset_index(drop=True), r.data.reset_index(drop=True), check_categorical=False
    )
    assert a.meta["assumptions"]["satisfaction.b_negative"] == 2.0


def test_busy_periods_score_worse(assessed):
    # Monday 10:00-11:00 (busy) vs Monday 03:00 (quiet, well staffed at the representative stage)
    sat = assessed.metric("pillar_time_effort", "representative")["representative"]
    wait = assessed.metric("asa", "representative")["representative"]
    busy, quiet = int(wait.idxmax()), int(wait.idxmin())
    assert sat[busy] < sat[quiet]


def test_anxious_customers_fare_worse(assessed):
    # less patience and more escalation: lower satisfaction and higher churn than routine customers
    assert assessed.value("satisfaction", segment="anxious") < assessed.value("satisfaction", segment="routine")
    assert assessed.value("churn", segment="anxious") > assessed.value("churn", segment="routine")


def test_cutting_two_representatives_lowers_satisfaction_and_raises_churn(bank, assessed):
    s, _ = bank
    cut = s.with_overrides({"stages.representative.staff_adjustment": -2})
    after = assess(cut, evaluate(cut))
    assert after.value("satisfaction") < assessed.value("satisfaction")
    assert after.value("churn") > assessed.value("churn")
    assert after.value("revenue_at_risk") > assessed.value("revenue_at_risk")
    assert after.value("wage_cost") < assessed.value("wage_cost")
    for seg in ("routine", "anxious", "premium"):
        assert after.value("satisfaction", segment=seg) < assessed.value("satisfaction", segment=seg)


def test_works_from_another_engines_results(bank, assessed):
    """A simulation-like result: fewer metrics, another engine name → same schema, warnings for fallbacks."""
    s, r = bank
    keep = {"arrivals", "asa", "p_abandon", "service_level", "staff", "customers", "contacts_per_resolution"}
    d = r.data[r.data["metric"].isin(keep)].copy()
    d["engine"] = "simulation"
    sim = Results(d.reset_index(drop=True), r.period_minutes, {"engine": "simulation", "warnings": []})
    a = assess(s, sim)
    assert a.engines == ["simulation"]
    assert any("occupancy" in w for w in a.warnings) and any("p_wait" in w for w in a.warnings)
    assert 0 <= a.value("satisfaction") <= 10
    assert a.value("satisfaction") == pytest.approx(assessed.value("satisfaction"), abs=0.5)
    both = experience(s, Results.concat([r, sim]))
    assert set(both.engines) == {"analytic", "simulation"}


def test_loyalty_only_adds_loyalty_rows(bank):
    s, r = bank
    a = loyalty_effects(s, r)
    assert set(LOYALTY_METRICS) - {"bed_days", "cost_of_failure"} <= set(a.metrics) and "satisfaction" not in a.metrics
    rows = a.data[a.data["metric"] == "churn"]
    assert set(rows["stage"]) == {ALL} and rows["period"].isna().all()


def test_bad_input_names_field_value_and_allowed(bank):
    s, r = bank
    with pytest.raises(InputError, match="loyalty.churn_one_bd .*did you mean loyalty.churn_one_bad"):
        experience(s, r, overrides={"loyalty.churn_one_bd": 0.2})
    with pytest.raises(InputError, match="no.such"):
        assess(s.with_overrides(assumptions={"no.such": 1.0}), r)
    with pytest.raises(InputError, match=r"experience.fatigue_loss = 2 .*\[0, 1\]"):
        experience(s, r, overrides={"experience.fatigue_loss": 2})
    with pytest.raises(InputError, match=r"pillar_weights.integrity = -0.1"):
        experience(s, r, pillar_weights={**{p: 0.2 for p in PILLARS}, "integrity": -0.1})
    with pytest.raises(InputError, match="expectations.*'gold'.*premium"):
        experience(s, r, expectations={"gold": {"integrity": 9}})
    with pytest.raises(InputError, match=r"expectations.routine.integrity = 11"):
        experience(s, r, expectations={"routine": {"integrity": 11}})
    with pytest.raises(InputError, match="scenario"):
        assess("bank.yaml", r)
    other = Scenario.load(dataset_path("scenarios", "bank.yaml")).with_overrides(
        segments=[{"name": "everyone", "share": 1.0}]
    )
    with pytest.raises(InputError, match="results.segment"):
        experience(other, r)
    with pytest.raises(InputError, match="metric"):
        assumptions_behind("happiness")


def test_given_expectations_drive_disconfirmation(bank):
    s, r = bank
    high = experience(s, r, expectations={"routine": {p: 10.0 for p in PILLARS}})
    low = experience(s, r, expectations={"routine": {p: 2.0 for p in PILLARS}})
    assert high.value("disconfirmation", segment="routine") < 0 < low.value("disconfirmation", segment="routine")
    assert high.value("satisfaction", segment="routine") < low.value("satisfaction", segment="routine")


def test_assumptions_behind_lists_sources_and_kinds(assessed):
    sat = assumptions_behind("satisfaction")
    assert {"satisfaction.b_negative", "expectations.weight_external", "experience.weight.personalisation"} <= set(
        sat.index
    )
    assert set(sat.columns) >= {"value", "unit", "source", "kind", "used_by"}
    churn = assumptions_behind(["churn"])
    assert churn.loc["loyalty.rise_per_failure", "kind"] == "revealed behaviour"
    assert "loyalty.churn_one_bad" not in churn.index  # the survey alternative is not behind the default
    assert assumptions_behind("asa").empty  # a queueing figure: formula, no customer assumption
    every = assumptions_behind(assessed)
    assert "costs.replacement_months" in every.index and "satisfaction.spread" in every.index
    # the value shown is the value used
    s = Scenario.load(dataset_path("scenarios", "bank.yaml"))
    mine = assess(s, evaluate(s, staffing=False), overrides={"satisfaction.b_negative": 3.0})
    assert assumptions_behind(mine).loc["satisfaction.b_negative", "value"] == 3.0
    # every customer row is documented with a source and an allowed kind
    table = svcdesign.assumptions.load_assumptions()
    for group in ("experience", "expectations", "satisfaction", "loyalty", "costs"):
        for row in table.filter(group=group).values():
            assert row.source and row.meaning and row.unit, row.name


# ------------------------------------------------------------- the fast paths give the same numbers
def _reference_rows(data: pd.DataFrame) -> dict:
    """Row positions per (metric, segment) as the first implementation found them (a pandas groupby)."""
    keys = pd.MultiIndex.from_arrays([data["metric"].astype(object), data["segment"].astype(object)])
    return {key: idx.to_numpy() for key, idx in pd.Series(np.arange(len(data))).groupby(keys, sort=False)}


def _reference_experience_rows(out, f, x, values, w) -> None:
    """The first implementation of the aggregation: one weighted mean per metric, segment and level."""
    from svcdesign.response.assess import _wmean

    names = list(EXPERIENCE_METRICS)
    for k, seg in enumerate(x.segments):
        out.add(x.stages, {m: values[m][k] for m in names}, periods=f.periods, segment=seg)
        out.add(x.stages, {m: _wmean(values[m][k], w[k], axis=-1) for m in names}, segment=seg)
        out.add([ALL], {m: _wmean(values[m][k], w[k], axis=0)[None] for m in names}, periods=f.periods, segment=seg)
        out.add([ALL], {m: np.atleast_1d(_wmean(values[m][k], w[k], axis=(0, 1))) for m in names}, segment=seg)
    out.add(x.stages, {m: _wmean(values[m], w, axis=0) for m in names}, periods=f.periods)
    out.add(x.stages, {m: _wmean(values[m], w, axis=(0, 2)) for m in names})
    out.add([ALL], {m: _wmean(values[m], w, axis=(0, 1))[None] for m in names}, periods=f.periods)
    out.add([ALL], {m: np.atleast_1d(_wmean(values[m], w, axis=(0, 1, 2))) for m in names})


def _keyed(frame: pd.DataFrame) -> pd.Series:
    frame = frame.astype({c: object for c in ("stage", "segment", "metric")})
    return frame.set_index(["stage", "segment", "period", "metric"])["value"].sort_index()


@pytest.mark.parametrize("name", ["bank", "council_adult_social_care", "telecom_shop_and_phone"])
def test_fast_assess_matches_the_first_implementation(name):
    """The vectorised index and aggregation give the first implementation's numbers (both computed here)."""
    module = importlib.import_module("svcdesign.response.assess")
    from svcdesign.formulas.customers.params import customer_table
    from svcdesign.model.compiled import expand
    from svcdesign.results import LongBuilder

    scenario = Scenario.load(dataset_path("scenarios", f"{name}.yaml"))
    results = evaluate(scenario, staffing=False)
    x = expand(scenario)
    f = module._frame(scenario, results, x)
    reference = _reference_rows(results.data)
    assert set(f._pieces) == set(reference)
    value, horizon = results.data["value"].to_numpy(), results.data["period"].isna().to_numpy()
    for key, idx in reference.items():  # the rows of each (metric, segment), in row order
        pieces = f._pieces[key]
        np.testing.assert_array_equal(np.concatenate([p.value for p in pieces]), value[idx])
        np.testing.assert_array_equal(np.concatenate([p.horizon for p in pieces]), horizon[idx])
    table = customer_table(scenario)
    comp = module._compute(f, scenario, x, table, reference=None, expectations=None, promises=None, pillar_weights=None)
    old, new = LongBuilder(scenario.name, "analytic"), LongBuilder(scenario.name, "analytic")
    _reference_experience_rows(old, f, x, comp["values"], comp["weights"])
    module._experience_rows(new, f, x, comp["values"], comp["weights"])
    a, b = _keyed(old.frame()), _keyed(new.frame())
    assert a.index.equals(b.index)
    np.testing.assert_allclose(b.to_numpy(), a.to_numpy(), rtol=1e-12, atol=1e-12)


def test_horizon_detail_gives_the_same_whole_horizon_numbers(bank, assessed):
    s, r = bank
    quick = assess(s, r, detail="horizon")
    assert quick.data["period"].notna().sum() == r.data["period"].notna().sum()  # no per-period customer rows
    full, fast = assessed.horizon(), quick.horizon()
    columns = [c for c in full.columns if c in CUSTOMER_METRICS]
    assert set(columns) <= set(fast.columns) and "churn" in columns and "satisfaction" in columns
    pd.testing.assert_frame_equal(fast[columns].sort_index(), full[columns].sort_index(), rtol=1e-12)
    subset = assess(s, r, parts=("experience", "loyalty"), detail="horizon")
    assert subset.value("churn") == pytest.approx(assessed.value("churn"), rel=1e-12)
    assert "employment_cost" not in subset.metrics
    with pytest.raises(InputError, match="detail"):
        assess(s, r, detail="weekly")
    with pytest.raises(InputError, match="parts"):
        assess(s, r, parts=("experience", "mood"))


def test_public_service_counts_cost_of_failure_not_churn():
    council = svcdesign.load_example("council_adult_social_care")
    a = assess(council, svcdesign.evaluate(council), detail="horizon")
    assert {"cost_of_failure", "bed_days", "bad_experiences"} <= set(a.metrics)
    assert not {"churn", "customers_lost", "revenue_at_risk"} & set(a.metrics)
    assert a.value("cost_of_failure") > 0


def test_bad_experiences_and_customers_lost_grow_when_representatives_are_cut():
    bank = svcdesign.load_example("bank")
    values = []
    for change in (-2, 0, 2):
        s = bank.with_staff_change({"representative": change}) if change else bank
        a = assess(s, svcdesign.evaluate(s), detail="horizon")
        values.append((a.value("bad_experiences"), a.value("customers_lost"), a.value("revenue_at_risk")))
    for column in zip(*values, strict=True):
        assert column[0] > column[1] > column[2] > 0


@pytest.mark.parametrize("name", svcdesign.example_names())
def test_assess_of_arrays_equals_assess_of_the_frame(name):
    """An engine's results held as arrays give the same assessment as the same results made from their
    frame (the path every engine took before): rows, categories, look-ups and warnings; the assessment
    is held as arrays too, its frame not built until read. Assessing an assessed result again (some parts)
    replaces those parts' rows where they were."""

    scenario = svcdesign.load_example(name)
    results = evaluate(scenario)
    eager = Results(results.data, results.period_minutes, results.meta)
    for options in ({}, {"detail": "horizon"}, {"parts": ("costs",)}):
        lazy, want = assess(scenario, results, **options), assess(scenario, eager, **options)
        assert lazy.arrays is not None and want.arrays is None
        _same_lookups(lazy, want)
        pd.testing.assert_frame_equal(lazy.data, want.data, check_exact=True)
        for column in ("stage", "segment", "metric"):
            assert list(lazy.data[column].cat.categories) == list(want.data[column].cat.categories)
    again = assess(scenario, lazy, parts=("experience",))
    want = assess(scenario, Results(lazy.data, lazy.period_minutes, lazy.meta), parts=("experience",))
    pd.testing.assert_frame_equal(again.data, want.data, check_exact=True)
    assert list(again.data["metric"].cat.categories) == list(want.data["metric"].cat.categories)
