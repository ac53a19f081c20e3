"""Saved what-ifs: YAML files that round-trip, refuse bad settings naming the file and field, apply the levers as
the staffing explorer does and compare side by side with the explorer's own read-outs."""

from __future__ import annotations

import math

import numpy as np
import pytest

import svcdesign as sd
from svcdesign.errors import FileError, InputError
from svcdesign.explore import WhatIf, compare_what_ifs, load_what_if, load_what_ifs, save_what_if
from svcdesign.explore.levers import LEVER_RANGES, Levers, lever_overrides
from svcdesign.explore.saved import SUFFIX, slug

CUT = WhatIf(
    "Cut two reps, 10% growth",
    "bank",
    Levers(staff={"representative": -2, "coordinator": 0}, growth=10, escalation=50),
    notes="asked by the client\non 3 May",
)
FILE = """\
name: {name}
base: bank
levers:
  {lever}
"""


def _what_if_file(tmp_path, lever: str, name: str = "Hand-made") -> str:
    path = tmp_path / f"hand{SUFFIX}"
    path.write_text(FILE.format(name=name, lever=lever), encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------------------------ files
def test_a_what_if_round_trips_through_a_readable_stable_file(tmp_path):
    path = save_what_if(CUT, tmp_path)
    assert path == tmp_path / f"cut-two-reps-10-growth{SUFFIX}"
    assert load_what_if(path) == CUT
    assert CUT.levers.staff == {"representative": -2}  # changes of 0 dropped
    text = path.read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "#", "-"))]
    assert keys == ["name", "base", "week", "notes", "levers"]
    assert "  staff:\n    representative: -2\n  growth: 10\n  peak: 1\n" in text
    save_what_if(load_what_if(path), tmp_path, overwrite=True)
    assert path.read_text(encoding="utf-8") == text  # saving again changes nothing: diffs stay clean


def test_saving_refuses_to_overwrite_unless_asked(tmp_path):
    path = save_what_if(CUT, tmp_path)
    changed = WhatIf(CUT.name, "bank", Levers(growth=20))
    with pytest.raises(FileError, match="already exists"):
        save_what_if(changed, tmp_path)
    assert load_what_if(path) == CUT
    save_what_if(changed, tmp_path, overwrite=True)
    assert load_what_if(path) == changed
    with pytest.raises(FileError, match="folder"):
        save_what_if(CUT, tmp_path / "missing")


def test_file_names_are_slugs_of_the_name():
    assert slug("  Cut 2 reps / back-office (draft) ") == "cut-2-reps-back-office-draft"
    assert slug("Équipe de nuit") == "équipe-de-nuit"
    assert slug("CON") == "con-what-if"  # a name Windows reserves
    with pytest.raises(InputError, match="letter or digit"):
        slug("???")


def test_a_folder_loads_every_what_if_in_file_name_order(tmp_path):
    save_what_if(CUT, tmp_path)
    save_what_if(WhatIf("A: slower handling", "bank", Levers(handle=120)), tmp_path)
    sd.load_example("bank").save(tmp_path / "client.yaml")  # a scenario beside them is not a what-if
    assert [w.name for w in load_what_ifs(tmp_path)] == ["A: slower handling", CUT.name]
    with pytest.raises(FileError, match="folder"):
        load_what_ifs(tmp_path / "missing")


def test_two_files_holding_one_name_are_refused(tmp_path):
    path = save_what_if(CUT, tmp_path)
    (tmp_path / f"copy{SUFFIX}").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="no other what-if") as error:
        load_what_ifs(tmp_path)
    assert "copy" in str(error.value.source) or "cut-two" in str(error.value.source)


@pytest.mark.parametrize(
    ("lever", "field", "allowed"),
    [
        ("speed: 3", "levers.speed", "one of the levers"),
        ("growth: ten", "levers.growth", "a number from -30 to 60"),
        ("growth: 500", "levers.growth", "a number from -30 to 60"),
        ("growth: .nan", "levers.growth", "a number"),
        ("handle: true", "levers.handle", "a number from 50 to 150"),
        ("budget: -5", "levers.budget", "from 0"),
        ("staff: {representative: 1.5}", "levers.staff.representative", "whole number"),
        ("staff: {representative: -400}", "levers.staff.representative", "from -10 to 10"),
        ("staff: {nobody: 1}", "levers.staff", "representative"),
        ("staff: [1, 2]", "levers.staff", "mapping"),
    ],
)
def test_bad_settings_name_the_file_and_field(tmp_path, lever, field, allowed):
    path = _what_if_file(tmp_path, lever)
    with pytest.raises(InputError) as error:
        load_what_if(path)
    assert error.value.field == field
    assert allowed in error.value.allowed
    assert error.value.source == path
    assert str(error.value).startswith(path)


def test_malformed_and_hostile_files_are_refused_naming_the_file(tmp_path):
    cases = {
        "syntax": "name: [unclosed\nbase: bank\n",
        "list": "- name\n- base\n",
        "missing": "name: only a name\n",
        "unknown": "name: x\nbase: bank\ncolour: red\n",
        "week": "name: x\nbase: bank\nweek: 12\n",  # the bank's peak has no weeks: only a typical week
        "base": "name: x\nbase: no-such-example\nlevers: {growth: 5}\n",
        "python": "name: !!python/object/apply:os.system ['echo hi']\nbase: bank\n",
        "duplicate": "name: x\nname: y\nbase: bank\n",
    }
    fields = {}
    for label, text in cases.items():
        path = tmp_path / f"{label}{SUFFIX}"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as error:
            what_if = load_what_if(path)
            what_if.scenario()  # a base that is not an example or a file is refused when it is needed
        assert str(path) in str(error.value), label
        fields[label] = error.value.field
    assert fields["missing"] == "base" and fields["unknown"] == "colour" and fields["week"] == "week"
    assert fields["base"] == "base"


def test_a_base_scenario_file_is_found_beside_the_what_if(tmp_path):
    client = sd.load_example("telecom_shop_and_phone").with_overrides(name="Client")
    client.save(tmp_path / "client.yaml")
    path = save_what_if(WhatIf("Shop +1", "client.yaml", Levers(staff={"shop counter": 1})), tmp_path)
    loaded = load_what_if(path)
    expected = client.with_overrides(lever_overrides(client, loaded.levers), name="Shop +1")
    assert loaded.scenario() == expected
    with pytest.raises(InputError, match="shop counter|stage"):
        WhatIf("x", "client.yaml", Levers(staff={"nobody": 1}), source=path).scenario()


# ------------------------------------------------------------------------- the explorer's view
@pytest.fixture(scope="module")
def explorer():
    pytest.importorskip("ipywidgets")
    pytest.importorskip("anywidget")
    from svcdesign.present import StaffingExplorer

    return StaffingExplorer("bank")


def test_lever_ranges_are_the_explorers_controls(explorer):
    for name, (lo, hi, _) in LEVER_RANGES.items():
        control = explorer.controls[name]
        assert (control.min, control.max) == (lo, hi), name


def test_a_what_if_is_the_explorers_variant_and_compares_with_its_read_outs(explorer):
    explorer.set(staff=dict(CUT.levers.staff), growth=10, escalation=50)
    try:
        assert CUT.scenario().model_dump(exclude={"name"}) == explorer.variant().model_dump(exclude={"name"})
        assert CUT.scenario().name == CUT.name
        table = compare_what_ifs([CUT])
        shown = {
            "service_level": ("Service level at the front stage", 100.0),
            "asa": ("Mean wait of all contacts at the front stage (ASA)", 1.0),
            "p_abandon_any": ("Customers abandoning (any stage)", 100.0),
            "staff_cost": ("Staff wages", 1.0),
            "satisfaction": ("Customer satisfaction", 1.0),
            "churn": ("Customer churn", 100.0),
            "net_effect": ("Net effect against the base as described", 1.0),
            "net_effect_low": ("Net effect, low (5th percentile)", 1.0),
            "net_effect_high": ("Net effect, high (95th percentile)", 1.0),
            "staff_saving": ("Staff cost saved", 1.0),
        }
        column = table[CUT.name].droplevel("unit")
        for key, (label, factor) in shown.items():
            assert column[label] == pytest.approx(factor * explorer.kpi_value(key), rel=1e-9), key
    finally:
        explorer.set(staff={"representative": 0}, growth=0, escalation=100)
    assert list(table.columns) == ["bank as described", CUT.name]
    as_described = table["bank as described"].droplevel("unit")
    assert as_described["Service level at the front stage"] == pytest.approx(
        100 * explorer.kpi_value("service_level"), rel=1e-9
    )
    assert math.isnan(as_described["Net effect against the base as described"])  # nothing changed
    low, central, high = (
        column[f"Net effect{s}"]
        for s in (", low (5th percentile)", " against the base as described", ", high (95th percentile)")
    )
    assert low <= central <= high
    assert ("Staff wages", "USD/week") in table.index


def test_comparing_a_public_service_and_a_supplied_base(tmp_path):
    council = sd.load_example("council_adult_social_care")
    mine = council.with_overrides(name="My council")
    what_ifs = [
        WhatIf("Two more assessors", "My council", Levers(staff={"assessment": 2})),
        WhatIf("Nothing moved", "My council"),
    ]
    table = compare_what_ifs(what_ifs, bases={"My council": mine}, baseline=False)
    assert list(table.columns) == ["Two more assessors", "Nothing moved"]
    labels = table.index.get_level_values("read-out")
    assert "Cost of failure (failed cases and bed-days)" in labels and "Customer churn" not in labels
    assert (
        table.loc[("Staff wages", "GBP/week"), "Two more assessors"]
        > table.loc[("Staff wages", "GBP/week"), "Nothing moved"]
    )
    assert np.isnan(table.loc[("Net effect against the base as described", "GBP/year"), "Nothing moved"])
    with pytest.raises(InputError, match="base"):
        compare_what_ifs(what_ifs)  # "My council" is neither an example nor a file
    with pytest.raises(InputError, match="currency"):
        compare_what_ifs([what_ifs[0], CUT], bases={"My council": mine})
    with pytest.raises(InputError, match="what_ifs"):
        compare_what_ifs([])


def test_bad_what_ifs_are_refused_when_made():
    with pytest.raises(InputError, match="name"):
        WhatIf("", "bank")
    with pytest.raises(InputError, match="name"):
        WhatIf("two\nlines", "bank")
    with pytest.raises(InputError, match="week"):
        WhatIf("x", "bank", week=60)
    with pytest.raises(InputError, match="levers.patience"):
        WhatIf("x", "bank", Levers(patience=10))
    with pytest.raises(InputError, match="levers.staff.back office"):  # more people than the stage has
        WhatIf("x", "bank", Levers(staff={"back office": -10})).scenario()


def test_saved_what_ifs_are_public_names():
    for name in ("WhatIf", "save_what_if", "load_what_if", "load_what_ifs", "compare_what_ifs"):
        assert getattr(sd, name) is getattr(sd.explore, name)
