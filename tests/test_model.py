"""The scenario model: validation with clear errors, YAML/JSON round trips, overrides."""

from __future__ import annotations

import json

import pytest
import yaml
from helpers import one_stage
from hypothesis import given, settings
from hypothesis import strategies as st

from svcdesign import InputError, Scenario, ScenarioError
from svcdesign.model import Distribution, Routing, parse_duration

BASE = {
    "name": "two stages",
    "demand": {"channels": [{"name": "phone", "weekly_volume": 1000}]},
    "stages": [
        {"name": "front", "staff": 5, "handle_time": 240, "patience": 120, "routing": {"escalate": {"back": 0.2}}},
        {"name": "back", "role": "back_office", "staff": 2, "handle_time": "10min"},
    ],
}


def variant(**changes) -> dict:
    data = json.loads(json.dumps(BASE))
    for path, value in changes.items():
        node = data
        keys = path.split("__")
        for key in keys[:-1]:
            node = node[int(key)] if key.isdigit() else node[key]
        node[keys[-1]] = value
    return data


def problem_fields(error: ScenarioError) -> str:
    return "\n".join(f"{f} {v!r} {a}" for f, v, a in error.problems)


@pytest.mark.parametrize(
    "changes, field, allowed",
    [
        ({"stages__0__handle_time": -3}, "stages[0] (front).handle_time.mean", "greater than 0"),
        ({"stages__0__shrinkage": 1.2}, "stages[0] (front).shrinkage", "less than 1"),
        (
            {"stages__0__staff": "many"},
            "stages[0] (front).staff",
            "finite number of paid staff on shift in [0, 100,000]",
        ),
        ({"demand__interval_minutes": 7}, "demand.interval_minutes", "15, 30, 60"),
        ({"stages__0__routing": {"escalate": {"back": 0.7}, "repeat": 0.5}}, "routing", "at most 1"),
        ({"stages__0__routing": {"escalate": {"nobody": 0.2}}}, "scenario", "unknown stage 'nobody'"),
        ({"stages__0__routing": {"escalate": {"back": -0.1}}}, "routing.escalate", "[0, 1]"),
        ({"demand__channels__0__weekly_volume": -5}, "weekly_volume", "contacts per week in [0, 1e8]"),
        ({"stages__1__name": "front"}, "scenario", "unique"),
        ({"stages__0__colour": "red"}, "stages[0] (front).colour", "Extra inputs are not permitted"),
        ({"stages__0__handle_time": "4 fortnights"}, "handle_time", "duration"),
    ],
)
def test_bad_input_names_field_value_and_allowed(changes, field, allowed):
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(variant(**changes))
    text = problem_fields(info.value)
    assert field in text and allowed in text, text
    assert isinstance(info.value, InputError) and isinstance(info.value, ValueError)


def test_missing_required_fields_are_listed():
    data = variant()
    del data["stages"][0]["handle_time"]
    del data["demand"]
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(data)
    fields = [f for f, _, _ in info.value.problems]
    assert "demand" in fields and "stages[0] (front).handle_time" in fields
    assert "Field required" in str(info.value)


def test_unreachable_stage_and_trapping_loop_rejected():
    data = variant(stages__0__routing={})
    with pytest.raises(ScenarioError, match="receive no contacts"):
        Scenario.from_dict(data)
    loop = variant(stages__0__routing={"escalate": {"back": 1.0}}, stages__1__routing={"transfer": {"front": 1.0}})
    with pytest.raises(ScenarioError, match="never lets it leave"):
        Scenario.from_dict(loop)
    # a loop with a way out is fine
    ok = variant(stages__0__routing={"escalate": {"back": 1.0}}, stages__1__routing={"transfer": {"front": 0.5}})
    assert Scenario.from_dict(ok).stage("back").routing.routed_share == 0.5


def test_staff_list_length_must_fit_the_grid():
    with pytest.raises(ScenarioError, match="staff has 5 values"):
        Scenario.from_dict(variant(stages__1__staff=[1, 2, 3, 4, 5]))
    Scenario.from_dict(variant(stages__1__staff=[1.0] * 96))


def test_segments_must_sum_to_one():
    data = variant()
    data["segments"] = [{"name": "a", "share": 0.5}, {"name": "b", "share": 0.4}]
    with pytest.raises(ScenarioError, match="sum to 0.9"):
        Scenario.from_dict(data)


def test_durations_accept_units():
    assert parse_duration("4min") == 240.0
    assert parse_duration("1.5h") == 5400.0
    assert parse_duration("2d") == 172800.0
    assert parse_duration(20) == 20.0
    with pytest.raises(ValueError, match="duration"):
        parse_duration("soon")
    with pytest.raises(ValueError, match="duration"):
        parse_duration(float("inf"))
    assert Distribution.model_validate("3min").mean == 180.0


def test_distribution_rules():
    with pytest.raises(ValueError, match="needs cv"):
        Distribution(kind="lognormal", mean=100)
    with pytest.raises(ValueError, match="samples"):
        Distribution(kind="empirical", mean=100)
    assert Distribution(kind="empirical", samples=[10, 20, 30]).mean == 20.0


def test_routing_remainder_is_resolved():
    r = Routing(escalate={"x": 0.2}, transfer={"y": 0.1}, repeat=0.05)
    assert r.routed_share == pytest.approx(0.35)


def test_round_trip_examples_yaml_and_json(example_path, tmp_path):
    scenario = Scenario.load(example_path)
    for suffix in (".yaml", ".json"):
        path = scenario.save(tmp_path / f"copy{suffix}")
        again = Scenario.load(path)
        assert again == scenario
        assert again.to_dict() == scenario.to_dict()


def test_load_reports_bad_files(tmp_path):
    with pytest.raises(InputError, match="existing"):
        Scenario.load(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(InputError, match="valid YAML"):
        Scenario.load(broken)
    incomplete = tmp_path / "incomplete.yaml"
    incomplete.write_text(yaml.safe_dump({"name": "x", "stages": []}))
    with pytest.raises(ScenarioError) as info:
        Scenario.load(incomplete)
    assert str(incomplete) in str(info.value) and "demand" in str(info.value)


def test_save_is_atomic_and_rejects_unknown_suffix(tmp_path, bank):
    with pytest.raises(InputError, match=".yaml, .yml or .json"):
        bank.save(tmp_path / "scenario.txt")
    assert list(tmp_path.iterdir()) == []


def test_with_overrides_by_name_and_validation(bank):
    cut = bank.with_overrides({"stages.representative.staff_adjustment": -2, "demand.scale": 1.1}, name="cut")
    assert cut.name == "cut" and cut.stage("representative").staff_adjustment == -2
    assert cut.demand.scale == 1.1 and bank.demand.scale == 1.0  # the original is unchanged
    assert (
        cut.with_overrides({"stages.coordinator.routing.escalate.supervisor": 0.3})
        .stage("coordinator")
        .routing.escalate["supervisor"]
        == 0.3
    )
    with pytest.raises(ScenarioError, match="less than 1"):
        bank.with_overrides({"stages.representative.shrinkage": 1.5})
    with pytest.raises(InputError, match="by name or index"):
        bank.with_overrides({"stages.nobody.staff": 3})
    with pytest.raises(InputError, match="part 'colour' exists"):
        bank.with_overrides({"organisation.colour.shade": 3})


names = st.text(alphabet="abcdefghij", min_size=1, max_size=6)


@st.composite
def scenarios(draw):
    n = draw(st.integers(1, 4))
    stage_names = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    stages = []
    for i, name in enumerate(stage_names):
        stage = {
            "name": name,
            "staff": draw(st.one_of(st.floats(0, 500), st.lists(st.floats(0, 50), min_size=24, max_size=24))),
            "handle_time": draw(
                st.one_of(
                    st.floats(1, 3600),
                    st.builds(
                        lambda m, c: {"kind": "lognormal", "mean": m, "cv": c}, st.floats(1, 3600), st.floats(0.1, 3)
                    ),
                )
            ),
            "shrinkage": draw(st.floats(0, 0.9)),
            "hourly_wage": draw(st.floats(0, 100)),
        }
        if draw(st.booleans()):
            stage["patience"] = draw(st.floats(1, 3600))
        if i + 1 < n:  # escalate forward so that every stage is reached and every contact can leave
            stage["routing"] = {"escalate": {stage_names[i + 1]: draw(st.floats(0.01, 1.0))}}
        stages.append(stage)
    return Scenario.from_dict(
        {
            "name": draw(names),
            "demand": {
                "interval_minutes": 60,
                "channels": [{"name": "phone", "weekly_volume": draw(st.floats(0, 1e5))}],
            },
            "stages": stages,
        }
    )


@settings(max_examples=40, deadline=None)
@given(scenarios())
def test_round_trip_property(tmp_path_factory, scenario):
    folder = tmp_path_factory.mktemp("rt")
    for suffix in (".yaml", ".json"):
        assert Scenario.load(scenario.save(folder / f"s{suffix}")) == scenario


def test_one_stage_helper_is_valid():
    assert one_stage().stage("desk").patience.mean == 180.0


def test_assumption_overrides_are_checked_against_the_table(bank):
    with pytest.raises(ScenarioError, match="no.such.assumption"):
        bank.with_overrides({"assumptions.no.such.assumption": 1.0})
    with pytest.raises(ScenarioError, match="dynamics.hiring_delay"):
        bank.with_overrides({"assumptions.dynamics.hiring_delay": -5})
    assert bank.with_overrides({"assumptions.dynamics.hiring_delay": 12}).assumptions == {"dynamics.hiring_delay": 12}
