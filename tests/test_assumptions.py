"""The assumptions table: format, sources, lookups and validated overrides."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from svcdesign._resources import dataset_path
from svcdesign.assumptions import COLUMNS, KINDS, AssumptionTable, load_assumptions
from svcdesign.engines.dynamics.coupled import MONEY_ROWS
from svcdesign.engines.dynamics.customer_path import CUSTOMER_ROWS
from svcdesign.engines.dynamics.params import LOOKUPS, SCALARS, DynamicsParams
from svcdesign.engines.dynamics.story import STORY_ROWS
from svcdesign.errors import InputError

HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def table() -> AssumptionTable:
    return load_assumptions()


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "a.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def test_shipped_file_is_found_from_the_checkout():
    assert dataset_path("assumptions.csv").is_file()


def test_every_row_is_documented(table):
    assert len(table) > 0
    for row in table.values():
        assert row.kind in KINDS
        assert row.source and row.meaning and row.unit, row.name
        assert row.min <= row.value <= row.max, row.name


def test_published_values_of_oliva_and_sterman(table):
    assert table.value("dynamics.standard_adjust_time_down") == pytest.approx(18.8)
    assert table.value("dynamics.standard_adjust_time_up") > 1e6
    assert table.value("dynamics.tpo_pressure_elasticity") == pytest.approx(-0.64)
    assert table.value("dynamics.initial_standard_tpo") == pytest.approx(1.08)
    assert table["dynamics.base_tenure"].kind == "published estimate"
    assert table["dynamics.reference_tpo"].kind == "modelling choice"


def test_every_dynamics_row_is_used_by_the_engine(table):
    used = {*SCALARS.values(), *CUSTOMER_ROWS.values(), *MONEY_ROWS.values(), *STORY_ROWS.values()}
    tables = set(LOOKUPS.values())
    for name in table.names("dynamics."):
        assert name in used or name.split("@")[0] in tables, f"{name} is not used by the dynamics engine"
    for name in used:  # ... and every row the engine reads exists (other groups included)
        assert name in table, name


def test_lookup_is_sorted_points(table):
    xs, ys = table.lookup("dynamics.fatigue_productivity")
    assert list(xs) == sorted(xs) and xs[0] == 1.0 and xs[-1] == 2.0
    assert ys[0] == 1.0 and ys[-1] == pytest.approx(0.57)
    with pytest.raises(InputError, match="lookup"):
        table.lookup("dynamics.base_tenure")


def test_filter_by_prefix_group_and_kind(table):
    quality = table.filter("dynamics.quality@")
    assert len(quality) == 7 and all(n.startswith("dynamics.quality@") for n in quality)
    assert set(table.filter(group="dynamics")) == set(table.names("dynamics."))
    choices = table.filter(kind="modelling choice")
    assert len(choices) > 0 and all(r.kind == "modelling choice" for r in choices.values())
    with pytest.raises(InputError, match="kind"):
        table.filter(kind="guess")
    with pytest.raises(InputError, match="group"):
        table.filter(group="nonsense")
    assert "dynamics" in table.groups


def test_overrides_are_validated_and_copied(table):
    new = table.with_overrides({"dynamics.hiring_delay": 12})
    assert new.value("dynamics.hiring_delay") == 12.0
    assert table.value("dynamics.hiring_delay") == 30.0  # the original is untouched
    assert new["dynamics.hiring_delay"].source == table["dynamics.hiring_delay"].source


@pytest.mark.parametrize(
    "override, pattern",
    [
        ({"dynamics.no_such_thing": 1}, r"dynamics\.no_such_thing .*name of a row"),
        ({"dynamics.rookie_effectiveness": -0.1}, r"rookie_effectiveness = -0\.1 .*\[0, 1\]"),
        ({"dynamics.hiring_delay": math.nan}, r"hiring_delay = nan"),
        ({"dynamics.hiring_delay": "30"}, r"hiring_delay = '30'"),
        ({"dynamics.pressure_form": True}, r"pressure_form = True"),
    ],
)
def test_bad_overrides(table, override, pattern):
    with pytest.raises(InputError, match=pattern):
        table.with_overrides(override)


def test_one_bad_override_changes_nothing(table):
    with pytest.raises(InputError):
        table.with_overrides({"dynamics.hiring_delay": 12, "dynamics.base_tenure": -1})
    assert table.value("dynamics.hiring_delay") == 30.0


def test_unknown_name_lookup_raises_input_error(table):
    with pytest.raises(InputError, match="did you mean dynamics.base_tenure"):
        table["dynamics.base_tenur"]
    assert "dynamics.base_tenur" not in table and "dynamics.base_tenure" in table
    assert table.get("dynamics.base_tenur") is None
    assert table.get("dynamics.base_tenure").value == 400.0


def test_to_frame(table):
    frame = table.to_frame()
    assert frame.index.name == "name"
    assert {"group", "value", "min", "max", "kind", "source"} <= set(frame.columns)
    assert frame.loc["dynamics.hiring_delay", "value"] == 30.0


def test_dynamics_params_accept_overrides():
    params = DynamicsParams.from_assumptions(overrides={"dynamics.quality@0.5": 1.5})
    assert params.quality[1][-1] == 1.5


@pytest.mark.parametrize(
    "row, field",
    [
        ("x.a,1,week,0,2,,,m,s,guess", "kind"),
        ("x.a,1,week,0,2,,,m,,measured", "source"),
        ("x.a,5,week,0,2,,,m,s,measured", "x.a"),
        ("x.a,one,week,0,2,,,m,s,measured", "value"),
        ("x.a,1,week,3,2,,,m,s,measured", "min/max"),
        ("x a,1,week,0,2,,,m,s,measured", "name"),
        ("x.a,1,week,0,2,0.5,,m,s,measured", "low/high"),
        ("x.a,1,week,0,2,1.5,1.8,m,s,measured", "low/high"),
        ("x.a,1,week,0,2,0.5,3,m,s,measured", "low/high"),
    ],
)
def test_malformed_files_are_refused(tmp_path, row, field):
    with pytest.raises(InputError, match=field):
        AssumptionTable.from_csv(write(tmp_path, row))


def test_plausible_ranges_are_read_and_listed(tmp_path):
    table = AssumptionTable.from_csv(
        write(tmp_path, "x.a,1,week,0,2,0.5,1.5,m,s,measured", "x.b,1,week,0,2,,,m,s,measured")
    )
    assert (table["x.a"].low, table["x.a"].high) == (0.5, 1.5)
    assert table.uncertain() == ["x.a"]


def test_shipped_customer_response_has_ranges_and_labels_survey_figures():
    table = load_assumptions()
    for name in ("loyalty.rise_per_failure", "loyalty.unresolved_share", "loyalty.base_churn", "public.bed_day_cost"):
        row = table[name]
        assert row.low < row.value < row.high, name
    assert table["loyalty.churn_one_bad"].kind == "survey intention"
    assert table["loyalty.claim_churn_one_bad"].kind == "practitioner claim"
    assert table.value("loyalty.churn_basis") == 0  # revealed behaviour is the default


def test_duplicate_names_are_refused(tmp_path):
    row = "x.a,1,week,0,2,,,m,s,measured"
    with pytest.raises(InputError, match="unique"):
        AssumptionTable.from_csv(write(tmp_path, row, row))


def test_missing_columns_and_files(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("name,value\nx.a,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="columns"):
        AssumptionTable.from_csv(path)
    with pytest.raises(InputError, match="existing CSV"):
        load_assumptions(tmp_path / "missing.csv")


def test_infinite_bounds_are_allowed(tmp_path):
    table = AssumptionTable.from_csv(write(tmp_path, "x.a,1,week,-inf,inf,,,m,s,practitioner claim"))
    assert table.with_overrides({"x.a": 1e300}).value("x.a") == 1e300
    assert table["x.a"].group == "x"


def test_rows_named_in_the_text_exist(table):
    """A meaning or source that points at another row ("same as x.y") names a row that exists (a path
    such as docs/background/dynamics.md is a page, not a row)."""
    import re

    groups = "|".join(table.groups)
    for row in table.values():
        text = re.sub(r"\S+\.md\b", "", row.meaning + " " + row.source)
        for name in re.findall(rf"\b(?:{groups})\.[a-z_]+(?:\.[a-z_]+)*", text):
            assert table.names(name.rstrip("_")), (
                f"{row.name} mentions {name}, which is not a row (or a family of rows)"
            )


def test_one_row_per_quantity(table):
    """The engines share the working week, the replacement cost and base churn (no per-engine copies)."""
    for gone in (
        "dynamics.standard_workweek",
        "dynamics.money.hiring_cost_weeks",
        "dynamics.customers.baseline_turnover",
        "dynamics.customers.word_of_mouth_elasticity",
    ):
        assert gone not in table
    assert SCALARS["standard_workweek"] == "costs.contract_hours"
    assert DynamicsParams.from_assumptions(overrides={"costs.contract_hours": 35}).standard_workweek == 35


def test_calibration_idle_gap_comes_from_the_table(table):
    from svcdesign.data.calibrate import IDLE_GAP

    assert IDLE_GAP == table.value("data.idle_gap_seconds") == 600
    assert table["data.idle_gap_seconds"].kind == "modelling choice"
    assert "RESULTS.md" in table["data.idle_gap_seconds"].source
