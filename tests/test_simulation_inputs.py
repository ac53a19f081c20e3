"""Bad input gets an InputError naming the field, never a numba traceback."""

from __future__ import annotations

import numpy as np
import pytest

from svcdesign.engines.simulation import (
    Dist,
    NetworkSpec,
    empirical,
    exponential,
    lognormal,
    never,
    run_replications,
)
from svcdesign.errors import InputError


def _spec(**changes):
    base = dict(
        horizon=3600.0,
        interval=1800.0,
        arrival_rates=np.full((2, 1), 0.01),
        entry_stage=[0],
        staff=[2],
        service=exponential(60.0),
        target_time=20.0,
    )
    base.update(changes)
    return NetworkSpec(**base)


@pytest.mark.parametrize(
    "make, field",
    [
        (lambda: exponential(-5.0), "exponential.mean"),
        (lambda: exponential(0.0), "exponential.mean"),
        (lambda: lognormal(-1.0, 0.5), "lognormal.mean"),
        (lambda: lognormal(60.0, -0.5), "lognormal.cv"),
        (lambda: lognormal(float("nan"), 0.5), "lognormal.mean"),
        (lambda: empirical([]), "empirical.sample"),
        (lambda: empirical([10.0, -3.0]), "empirical.sample"),
        (lambda: exponential("soon"), "exponential.mean"),
    ],
)
def test_impossible_distributions(make, field):
    with pytest.raises(InputError) as err:
        make()
    assert err.value.field == field
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    "changes, field",
    [
        (dict(horizon=-10.0), "horizon"),
        (dict(horizon=0.0), "horizon"),
        (dict(interval=float("inf")), "interval"),
        (dict(arrival_rates=np.full((2, 1), -0.1)), "arrival_rates"),
        (dict(arrival_rates=np.full((3, 1), 0.1)), "arrival_rates"),
        (dict(staff=[-1]), "staff"),
        (dict(staff=[1.5]), "staff"),
        (dict(entry_stage=[3]), "entry_stage"),
        (dict(service=Dist("lognormal", mean=-60.0, cv=1.0)), "service.mean"),
        (dict(service=[exponential(60.0), exponential(60.0)]), "service"),
        (dict(patience="impatient"), "patience"),
        (dict(target_time=-1.0), "target_time"),
        (
            dict(
                staff=[2, 2],
                entry_stage=[0],
                service=exponential(60.0),
                transfer=[[0.0, 0.8], [0.9, 0.0]],
                repeat_prob=[0.5, 0.0],
                repeat_delay=exponential(60.0),
            ),
            "routing[class 0, stage 0]",
        ),
        (dict(staff=[2, 2], transfer=[[0.0, 1.0], [1.0, 0.0]]), "routing[class 0]"),
        (dict(repeat_prob=0.2), "repeat_delay"),
        (dict(retry_prob=1.5, retry_delay=exponential(10.0)), "retry_prob"),
        (dict(deferred="yes"), "deferred"),
        (dict(priority=[0, 1]), "priority"),
    ],
)
def test_bad_network(changes, field):
    with pytest.raises(InputError) as err:
        run_replications(_spec(**changes), replications=2)
    assert err.value.field == field


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(replications=0), "replications"),
        (dict(replications=2.5), "replications"),
        (dict(seed=-1), "seed"),
        (dict(warmup=3600.0), "warmup"),
        (dict(warmup=-1.0), "warmup"),
        (dict(log="yes"), "log"),
    ],
)
def test_bad_run_arguments(kwargs, field):
    with pytest.raises(InputError) as err:
        run_replications(_spec(patience=never()), **kwargs)
    assert err.value.field == field
    assert field in str(err.value)


def test_overload_is_a_result_not_a_crash():
    out = run_replications(_spec(arrival_rates=np.full((2, 1), 1.0), staff=[1]), replications=2)
    assert out.value("in_system_end")["mean"] > 1000
    assert out.value("occupancy")["mean"] == pytest.approx(1.0, abs=0.01)
