"""Bad input to the queueing functions raises InputError naming the field, the value and what is allowed."""

from __future__ import annotations

import math

import numpy as np
import pytest

from svcdesign.errors import InputError
from svcdesign.formulas.queueing import erlang_a, erlang_b, erlang_c, required_agents


@pytest.mark.parametrize(
    "call,field,value",
    [
        (lambda: erlang_b(-1.0, 3), "load", "-1.0"),
        (lambda: erlang_b(1.0, math.inf), "agents", "inf"),
        (lambda: erlang_c(math.nan, 1.0, 3), "arrival_rate", "nan"),
        (lambda: erlang_c(1.0, 0.0, 3), "handle_time", "0.0"),
        (lambda: erlang_c(1.0, 1.0, -2), "agents", "-2.0"),
        (lambda: erlang_c(1.0, 1.0, 3, target_time=-1), "target_time", "-1.0"),
        (lambda: erlang_c(np.array([1.0, -3.0]), 1.0, 3), "arrival_rate[1]", "-3.0"),
        (lambda: erlang_a(1.0, 1.0, 3, patience=0.0), "patience", "0.0"),
        (lambda: erlang_a(1.0, 1.0, 3, patience=-math.inf), "patience", "-inf"),
        (lambda: erlang_a(1.0, "fast", 3, patience=1.0), "handle_time", "'fast'"),
        (lambda: required_agents(1.0, 1.0, target_time=1.0, service_level=1.2), "service_level", "1.2"),
        (lambda: required_agents(1.0, 1.0, target_time=1.0, service_level=0.0), "service_level", "0.0"),
        (lambda: required_agents(1.0, 1.0, service_level=0.8), "target_time", "None"),
        (lambda: required_agents(1.0, 1.0), "targets", "None"),
        (lambda: required_agents(1.0, 1.0, max_occupancy=0.8, shrinkage=1.0), "shrinkage", "1.0"),
        (lambda: required_agents(1.0, 1.0, max_occupancy=0.8, shrinkage=-0.1), "shrinkage", "-0.1"),
        (lambda: required_agents(1.0, 1.0, max_occupancy=1.5), "max_occupancy", "1.5"),
        (lambda: required_agents(1.0, 1.0, max_asa=0.0), "max_asa", "0.0"),
        (lambda: required_agents(1.0, 1.0, max_abandon=0.1), "max_abandon", "0.1"),
        (lambda: required_agents(1.0, 1.0, max_abandon=2.0, patience=1.0), "max_abandon", "2.0"),
        (lambda: erlang_c(np.ones(3), 1.0, np.ones(2)), "shapes", "arrival_rate(3,)"),
    ],
)
def test_bad_input_names_field(call, field, value):
    with pytest.raises(InputError) as info:
        call()
    assert info.value.field == field
    message = str(info.value)
    assert message.startswith(field) and value in message and "expected" in message
    assert isinstance(info.value, ValueError)
