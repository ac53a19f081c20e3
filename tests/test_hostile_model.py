"""Hostile values in a scenario: every number finite and within a documented range, every name bounded
and printable, errors that name the one bad value, overrides that reach names with dots."""

from __future__ import annotations

import copy
import json
import math
import typing
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from pydantic import BaseModel

from svcdesign import InputError, Scenario, ScenarioError
from svcdesign.model import limits, parse_duration
from svcdesign.model.limits import Limit, TextLimit

RICH = {
    "name": "every field",
    "notes": "line one\n\tline two",
    "sources": ["a source"],
    "organisation": {"name": "Org", "currency": "EUR", "weekly_budget": 5000},
    "demand": {
        "interval_minutes": 60,
        "scale": 1.1,
        "channels": [
            {"name": "phone", "weekly_volume": 1000, "day_weights": [1] * 7, "hourly_weights": [1] * 24},
            {"name": "email", "kind": "email", "entry_stage": "back", "per_interval": [1.0] * 24},
        ],
        "peaks": [
            {
                "name": "rush",
                "factor": 1.2,
                "weekdays": ["Fri"],
                "start": "09:00",
                "end": "12:00",
                "weeks": [10, 11],
                "channels": ["phone"],
            }
        ],
    },
    "stages": [
        {
            "name": "front",
            "staff": [{"start": "08:00", "hours": 8, "count": 5, "days": ["Mon", "Tue"]}],
            "staff_adjustment": 1,
            "handle_time": {"kind": "lognormal", "mean": 240, "cv": 1.0},
            "patience": {"kind": "empirical", "samples": [60, 120, 180]},
            "shrinkage": 0.3,
            "hourly_wage": 15,
            "target": {
                "answer_within": 30,
                "service_level": 0.8,
                "max_asa": 60,
                "max_abandon": 0.1,
                "max_occupancy": 0.9,
            },
            "routing": {
                "escalate": {"back": 0.1},
                "transfer": {"mid": 0.1},
                "repeat": 0.05,
                "repeat_delay": 3600,
                "repeat_to": "front",
                "follow_up": {"back": 0.05},
                "follow_up_delay": 7200,
                "retry": 0.2,
                "retry_delay": 600,
            },
        },
        {"name": "mid", "staff": 3, "handle_time": 300, "handle_time_profile": [1.0] * 12 + [1.2] * 12},
        {"name": "back", "staff": [2.0] * 24, "handle_time": 600, "deferred": True},
    ],
    "segments": [
        {"name": "routine", "share": 0.7, "annual_value": 300, "customers": 10000},
        {
            "name": "anxious",
            "share": 0.3,
            "patience_multiplier": 0.6,
            "handle_time_multiplier": 1.3,
            "escalation_multiplier": 1.5,
            "priority": 1,
        },
    ],
    "targets": {"answer_within": 20, "service_level": 0.8},
    "assumptions": {"dynamics.hiring_delay": 12},
}
"""A scenario in which every numeric and text field of every model class is given."""


def limit_of(annotation: Any, kind: type) -> Any:
    """The :class:`Limit` or :class:`TextLimit` inside a field's annotation, or None."""
    for arg in typing.get_args(annotation):
        if isinstance(arg, kind):
            return arg
        found = limit_of(arg, kind)
        if found is not None:
            return found
    return None


def bounded_fields(model: BaseModel, data: Any, path: tuple = (), kind: type = Limit) -> Iterator[tuple[tuple, Any]]:
    """(path into ``data``, limit) for every bounded leaf of a validated model, found from its classes."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        where = path + (name,)
        if isinstance(value, BaseModel):
            yield from bounded_fields(value, data, where, kind)
        elif isinstance(value, dict) and kind is TextLimit:
            continue  # names used as keys: an unknown one is refused by the scenario's own checks
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            for i, item in enumerate(value):
                yield from bounded_fields(item, data, where + (i,), kind)
        else:
            limit = next((m for m in info.metadata if isinstance(m, kind)), None) or limit_of(info.annotation, kind)
            if limit is None or value is None or (isinstance(value, (list, dict)) and not value):
                continue  # not given here: RICH gives it elsewhere
            if isinstance(value, list):
                yield where + (0,), limit
            elif isinstance(value, dict):
                yield where + (next(iter(value)),), limit
            else:
                yield where, limit


def raw(data: Any, path: tuple) -> tuple[Any, Any]:
    """The container and key of ``path`` in raw data, where a shorthand distribution is a mapping."""
    node = data
    for key in path[:-1]:
        node = node[key]
    return node, path[-1]


def readable(data: dict, path: tuple) -> str:
    """The location an error message gives for ``path``."""
    text, node = "", data
    for key in path:
        if isinstance(key, int):
            name = node[key].get("name") if isinstance(node[key], dict) else None
            text += f"[{key}]" + (f" ({name})" if name else "")
        else:
            text += ("." if text else "") + key
        node = node[key]
    return text


SCENARIO = Scenario.from_dict(RICH)
DATA = SCENARIO.model_dump(mode="json")
NUMBERS = sorted(bounded_fields(SCENARIO, DATA), key=lambda item: str(item[0]))
TEXTS = sorted(bounded_fields(SCENARIO, DATA, kind=TextLimit), key=lambda item: str(item[0]))
HOSTILE = [math.nan, math.inf, -math.inf, "nan", "inf", "1e400", 2**64, -(2**63), 10**400, True, {}, [1], None, "x"]


def test_the_rich_scenario_reaches_every_bounded_field():
    import svcdesign.model as model

    reached = {part for path, _ in NUMBERS + TEXTS for part in path if isinstance(part, str)}
    for cls in (
        model.Scenario,
        model.Organisation,
        model.Demand,
        model.Channel,
        model.Peak,
        model.Stage,
        model.Shift,
        model.Distribution,
        model.ServiceTarget,
        model.Routing,
        model.Segment,
    ):
        for name, info in cls.model_fields.items():
            if (
                limit_of(info.annotation, Limit)
                or limit_of(info.annotation, TextLimit)
                or any(isinstance(m, (Limit, TextLimit)) for m in info.metadata)
            ):
                assert name in reached, (cls.__name__, name)
    assert len(NUMBERS) >= 45 and len(TEXTS) >= 12


@pytest.mark.parametrize("path, limit", NUMBERS, ids=[".".join(map(str, p)) for p, _ in NUMBERS])
def test_every_number_refuses_non_finite_huge_and_wrong_types(path, limit):
    for value in HOSTILE + [limit.high * 2 + 1, limit.low - 1]:
        if value is None and path[-1] in (
            "weekly_budget",
            "customers",
            "cv",
            "retry_delay",
            "max_asa",
            "max_abandon",
            "max_occupancy",
            "service_level",
            "weekly_volume",
        ):
            continue  # optional: None means "not given"
        if value == [1] and path[-1] == "staff":
            continue  # one staff value per interval: a list is a valid form (refused for its length)
        if limit.duration and value == "x":
            value = "4 fortnights"
        data = copy.deepcopy(DATA)
        node, key = raw(data, path)
        node[key] = value
        with pytest.raises(ScenarioError) as info:
            Scenario.from_dict(data)
        where = readable(data, path)
        mine = [(f, a) for f, _, a in info.value.problems if f == where]
        assert mine, (value, info.value.problems)
        assert limit.interval in mine[0][1], mine
        assert len(str(info.value)) < 4000


@pytest.mark.parametrize("path, limit", NUMBERS, ids=[".".join(map(str, p)) for p, _ in NUMBERS])
def test_every_number_accepts_numpy_and_numeric_text_within_range(path, limit):
    inside = limit.low + 1 if limit.contains(limit.low + 1) else (limit.low + limit.high) / 2
    value = int(inside) if limit.integer else inside
    for given in (np.float64(value), np.int64(value) if limit.integer else value, str(value)):
        data = copy.deepcopy(DATA)
        node, key = raw(data, path)
        node[key] = given
        try:
            scenario = Scenario.from_dict(data)
        except ScenarioError as error:  # a cross-field rule (shares summing to 1…) may refuse; never the field
            assert readable(data, path) not in [f for f, _, _ in error.problems], error
            continue
        got = scenario.model_dump(mode="python")
        node, key = raw(got, path)
        assert node[key] == pytest.approx(value)


def test_limits_accept_their_closed_bounds_and_refuse_their_open_ones():
    table = [v for v in vars(limits).values() if isinstance(v, Limit)]
    assert len(table) >= 25
    for limit in table:
        for bound, is_open in ((limit.low, limit.low_open), (limit.high, limit.high_open)):
            if is_open:
                with pytest.raises(ValueError, match=r"greater than|less than"):
                    limit.check(bound)
            else:
                assert limit.check(bound) == bound
        assert math.isfinite(limit.low) and math.isfinite(limit.high) and limit.low < limit.high


def test_the_message_gives_range_and_unit():
    data = copy.deepcopy(DATA)
    data["stages"][0]["hourly_wage"] = math.inf
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(data)
    assert (
        "stages[0] (front).hourly_wage = inf: expected a finite number of currency units per paid hour in [0, 1e6]"
    ) in str(info.value)


def test_assumption_values_must_be_finite():
    for value in (math.nan, math.inf, "inf", 10**400, True):
        with pytest.raises(ScenarioError, match="assumptions.dynamics.hiring_delay"):
            SCENARIO.with_overrides({"assumptions.dynamics.hiring_delay": value})


def test_staff_adjustment_and_shift_totals_stay_within_staff_limits(bank):
    for fine in (-100_000, 100_000):
        assert bank.with_overrides({"stages.representative.staff_adjustment": fine})
    with pytest.raises(ScenarioError, match=r"staff_adjustment = 1000000000000000.0: expected"):
        bank.with_overrides({"stages.representative.staff_adjustment": 1e15})
    roster = [{"start": "08:00", "hours": 8, "count": 60_000}, {"start": "16:00", "hours": 8, "count": 60_000}]
    with pytest.raises(ScenarioError, match="shifts hold 120,000 staff together"):
        bank.with_overrides({"stages.representative.staff": roster})
    with pytest.raises(ScenarioError, match="each weekday at most once"):
        bank.with_overrides(
            {"stages.representative.staff": [{"start": "08:00", "hours": 8, "count": 1, "days": ["Mon", "Mon"]}]}
        )


@pytest.mark.parametrize(
    "path, value",
    [
        ("demand.interval_minutes", True),
        ("demand.interval_minutes", "15"),
        ("demand.interval_minutes", math.nan),
        ("demand.peaks.rush.start", math.nan),
        ("demand.peaks.rush.start", 10**400),
        ("demand.peaks.rush.start", "99:00"),
        ("demand.peaks.rush.weekdays", [True]),
        ("demand.peaks.rush.weekdays", ["Fri", "Fri"]),
        ("demand.peaks.rush.weeks", [0]),
        ("demand.peaks.rush.weeks", [10, 10]),
        ("demand.peaks.rush.weeks", list(range(1, 60))),
        ("stages.front.staff.0.days", [7]),
        ("stages.front.staff.0.start", -1),
    ],
)
def test_weekdays_clock_times_and_intervals_refuse_hostile_values(path, value):
    with pytest.raises(ScenarioError) as info:
        SCENARIO.with_overrides({path: value})
    assert len(str(info.value)) < 1000 and path.split(".")[-1] in str(info.value)


# ------------------------------------------------------------------------------------- text
@pytest.mark.parametrize("path, limit", TEXTS, ids=[".".join(map(str, p)) for p, _ in TEXTS])
def test_every_text_is_bounded_and_printable(path, limit):
    bad = ["x" * (limit.max_length + 1), "nul\x00byte", "bell\x07", "lone \ud800 surrogate", 123, None, ["x"]]
    if not limit.multiline:
        bad += ["line\nbreak", "tab\there"]
    if not limit.blank:
        bad += ["", "   "]
    for value in bad:
        if value is None and path[-1] in ("entry_stage", "repeat_to"):
            continue
        data = copy.deepcopy(DATA)
        node, key = raw(data, path)
        if isinstance(node, dict) and key not in node:  # a name used as a key (routing targets)
            continue
        node[key] = value
        with pytest.raises(ScenarioError) as info:
            Scenario.from_dict(data)
        assert len(str(info.value)) < 4000 and "\x00" not in str(info.value)


def test_names_refuse_control_characters_and_notes_keep_line_breaks():
    with pytest.raises(ScenarioError, match=r"name = 'line\\nbreak'.*control characters"):
        SCENARIO.with_overrides(name="line\nbreak")
    assert SCENARIO.with_overrides(notes="one\n\ttwo\r\n").notes == "one\n\ttwo\r\n"
    with pytest.raises(ScenarioError, match="notes"):
        SCENARIO.with_overrides(notes="x" * 20_001)
    with pytest.raises(ScenarioError, match="at most 200|200 characters"):
        SCENARIO.with_overrides({"stages.front.name": "x" * 201})


def test_non_latin_names_work_end_to_end(tmp_path):
    names = {"front": "ممثل خدمة العملاء", "mid": "نماینده", "back": "客服代表"}
    text = json.dumps(RICH, ensure_ascii=False)
    for old, new in names.items():
        text = text.replace(json.dumps(old), json.dumps(new, ensure_ascii=False))
    scenario = Scenario.from_dict(json.loads(text))
    assert scenario.stage_names == list(names.values())
    for suffix in (".yaml", ".json"):
        assert Scenario.load(scenario.save(tmp_path / f"s{suffix}")) == scenario
    cut = scenario.with_overrides({f"stages.{names['mid']}.staff": 4})
    assert cut.stage(names["mid"]).staff == 4


# -------------------------------------------------------------------------- errors and unions
def test_one_bad_shift_count_is_the_one_problem(bank):
    data = bank.to_dict()
    data["stages"][0]["staff"][2]["count"] = -1
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(data)
    assert len(info.value.problems) == 1
    field, value, allowed = info.value.problems[0]
    assert (field, value) == (
        "stages[0] (representative).staff[2] (day).count",
        -1,
    )  # a shift named in the file is named here
    assert allowed == f"expected {limits.STAFF.allowed}"


def test_staff_forms_each_report_in_their_own_terms(bank):
    cases = [
        (5e5, "stages[0] (representative).staff", "[0, 100,000]"),
        ([1.0] * 95 + [math.nan], "stages[0] (representative).staff[95]", "[0, 100,000]"),
        ([{"start": "08:00", "hours": 8, "count": 1}, 3], "stages[0] (representative).staff[1]", "Shift"),
        ([{"start": "25:00", "hours": 8, "count": 1}], "stages[0] (representative).staff[0].start", "clock time"),
        ([], "stages[0] (representative).staff", "at least 1 item"),
    ]
    for staff, field, allowed in cases:
        with pytest.raises(ScenarioError) as info:
            bank.with_overrides({"stages.representative.staff": staff})
        assert [(f, allowed in a) for f, _, a in info.value.problems] == [(field, True)], info.value.problems


def test_an_invalid_empirical_sample_is_named_once():
    data = copy.deepcopy(RICH)
    data["stages"][0]["patience"]["samples"] = [60, math.nan, 180]
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(data)
    assert [f for f, _, _ in info.value.problems] == ["stages[0] (front).patience.samples[1]"]


def test_many_problems_make_a_bounded_message(bank):
    with pytest.raises(ScenarioError) as info:
        bank.with_overrides({"stages.representative.staff": [math.nan] * 672})
    assert len(info.value.problems) == 672
    assert len(str(info.value).splitlines()) < 20 and "and 660 more" in str(info.value)
    with pytest.raises(ScenarioError) as info:
        bank.with_overrides({"stages.representative.staff": [1.0] * 1_000_000})
    assert "at most 672 items" in str(info.value) and len(str(info.value)) < 1000


@pytest.mark.parametrize("value", [{}, 2**64, True, "nan", "inf", "1e400", "-1d", 1e300, math.nan, 10**400])
def test_overrides_of_the_wrong_type_or_size_name_field_value_and_range(bank, value):
    for path in (
        "stages.representative.handle_time.mean",
        "stages.representative.hourly_wage",
        "demand.scale",
        "stages.representative.routing.repeat_delay",
        "segments.routine.priority",
    ):
        with pytest.raises(ScenarioError) as info:
            bank.with_overrides({path: value})
        text = str(info.value)
        assert len(text) < 1000 and "expected" in text and (" in [" in text or " in (" in text), text


def test_parse_duration_refuses_non_finite_and_out_of_range():
    for value in ("nan", "inf", "1e400", math.nan, math.inf, -1, 10**400, "53w", 4e7, True, "x" * 100):
        with pytest.raises(ValueError, match="duration"):
            parse_duration(value)
    assert parse_duration("52w") == 52 * 604800.0 and parse_duration(np.int64(20)) == 20.0
    assert parse_duration("2w", maximum=2 * 604800) == 2 * 604800.0


# ------------------------------------------------------------------------------- overrides
def test_names_with_dots_are_reached_by_overrides():
    s = Scenario.from_dict(
        {
            "name": "dots",
            "demand": {"channels": [{"name": "phone.main", "weekly_volume": 100}]},
            "stages": [
                {"name": "a", "staff": 1, "handle_time": 60, "routing": {"escalate": {"a.b": 0.5}}},
                {"name": "a.b", "staff": 2, "handle_time": 60},
            ],
        }
    )
    assert s.with_overrides({"stages.a.b.staff": 7}).stage("a.b").staff == 7  # the longest name wins
    assert s.with_overrides({"stages.a.staff": 8}).stage("a").staff == 8
    assert s.with_overrides({("stages", "a.b", "staff"): 9}).stage("a.b").staff == 9
    assert s.with_overrides({("stages", 0, "staff"): 3}).stage("a").staff == 3
    assert s.with_overrides({"stages.a.routing.escalate.a.b": 0.25}).stage("a").routing.escalate == {"a.b": 0.25}
    assert s.with_overrides({"demand.channels.phone.main.weekly_volume": 5}).demand.channels[0].weekly_volume == 5
    with pytest.raises(InputError, match="part 'c' exists"):
        s.with_overrides({"stages.a.c.staff": 1})
    with pytest.raises(InputError, match="by name or index"):
        s.with_overrides({"stages.c.staff": 1})
    with pytest.raises(InputError, match="override path"):
        s.with_overrides({("stages", None): 1})


def test_a_stage_named_like_a_mapping_of_names_is_still_a_stage():
    s = Scenario.from_dict(
        {
            "name": "names",
            "demand": {"channels": [{"name": "phone", "weekly_volume": 100}]},
            "stages": [
                {"name": "transfer", "staff": 1, "handle_time": 60, "routing": {"escalate": {"x": 0.5}}},
                {"name": "x", "staff": 2, "handle_time": 60},
            ],
        }
    )
    assert s.with_overrides({"stages.transfer.routing.escalate.x": 0.2}).stage("transfer").routing.escalate == {
        "x": 0.2
    }
