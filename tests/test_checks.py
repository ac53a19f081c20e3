"""The shared argument checks: what each accepts, what it refuses, and what the error says."""

from __future__ import annotations

import math

import numpy as np
import pytest

from svcdesign import checks
from svcdesign.errors import InputError


@pytest.mark.parametrize("value", [0.5, 1, np.float64(0.25), np.int64(1), 0.0])
def test_number_accepts_python_and_numpy_numbers_in_range(value):
    out = checks.number("share", value, low=0, high=1)
    assert isinstance(out, float) and out == float(value)


@pytest.mark.parametrize("value", [True, False, math.nan, math.inf, -math.inf, "0.5", None, [0.5], 10**400])
def test_number_refuses_booleans_non_finite_and_non_numbers(value):
    with pytest.raises(InputError) as info:
        checks.number("share", value, low=0, high=1)
    assert info.value.field == "share" and info.value.allowed == "a number in [0, 1]"


def test_number_bounds_open_closed_and_one_sided():
    assert checks.number("x", 0, low=0) == 0.0
    with pytest.raises(InputError, match=r"x = 0 is not allowed: expected a number > 0 \(finite\)"):
        checks.number("x", 0, low=0, low_open=True)
    with pytest.raises(InputError, match=r"expected a number in \(0, 1\)"):
        checks.number("x", 1, low=0, high=1, low_open=True, high_open=True)
    with pytest.raises(InputError, match=r"expected a number <= 3"):
        checks.number("x", 4, high=3)
    with pytest.raises(InputError, match="expected a weekly amount"):
        checks.number("budget", -1, low=0, allowed="a weekly amount")


def test_number_integer_and_infinity():
    assert checks.number("rounds", np.int64(3), low=1, integer=True) == 3
    assert isinstance(checks.number("rounds", 3, integer=True), int)
    with pytest.raises(InputError, match="a whole number >= 1"):
        checks.number("rounds", 3.0, low=1, integer=True)
    with pytest.raises(InputError, match="a whole number >= 1"):
        checks.number("rounds", 0, low=1, integer=True)
    assert checks.number("promise", math.inf, low=0, low_open=True, allow_inf=True) == math.inf
    with pytest.raises(InputError, match=r"inf allowed"):
        checks.number("promise", -math.inf, low=0, low_open=True, allow_inf=True)
    with pytest.raises(InputError):
        checks.number("promise", math.inf, low=0, high=10, allow_inf=True)


def test_choice_does_not_take_a_boolean_for_a_number():
    assert checks.choice("interval_minutes", 15, (15, 30, 60)) == 15
    with pytest.raises(InputError, match=r"interval_minutes = True is not allowed: expected one of \[1, 2\]"):
        checks.choice("interval_minutes", True, (1, 2))
    assert checks.choice("flag", True, (True, False)) is True
    with pytest.raises(InputError, match="'oat' or 'sobol'"):
        checks.choice("method", "morris", ("oat", "sobol"), allowed="'oat' or 'sobol'")
    with pytest.raises(InputError):
        checks.choice("method", np.array([1, 2]), (1, 2))


def test_names_selects_known_names_and_shows_the_unknown_ones():
    known = ["front", "desk"]
    assert checks.names("stages", None, known) == known
    assert checks.names("stages", ("desk",), known) == ["desk"]
    with pytest.raises(InputError, match=r"stages = \['nobody'\]"):
        checks.names("stages", ["desk", "nobody"], known)
    with pytest.raises(InputError, match=r"stages = \[\]"):
        checks.names("stages", [], known)
    with pytest.raises(InputError, match="stages = 'front'"):
        checks.names("stages", "front", known)  # a string is not a list of names


def test_mapping_and_instance():
    assert checks.mapping("targets", {"a": 1}, "a mapping") == {"a": 1}
    with pytest.raises(InputError, match=r"targets = \[1\] is not allowed: expected a mapping"):
        checks.mapping("targets", [1], "a mapping")
    with pytest.raises(InputError, match="scenario = 'str' is not allowed: expected a Scenario"):
        checks.instance("scenario", "bank.yaml", dict, "a Scenario")


def test_per_segment_yields_checked_items_and_names_what_is_wrong():
    from svcdesign.checks import per_segment

    def items(given):
        return list(per_segment("ref", given, ["a", "b"], ("x", "y"), allowed="A", item_allowed="I", key_allowed="K"))

    assert items({"b": {"y": 3, "x": 1}}) == [(1, "y", 3), (1, "x", 1)]
    with pytest.raises(InputError, match=r"ref = \[1\] is not allowed: expected A"):
        items([1])
    with pytest.raises(InputError, match=r"ref = 'c' .*one of \['a', 'b'\]"):
        items({"c": {"x": 1}})
    with pytest.raises(InputError, match=r"ref\.a = 5 .*expected I"):
        items({"a": 5})
    with pytest.raises(InputError, match=r"ref\.a\.z = 1 .*expected K"):
        items({"a": {"z": 1}})
