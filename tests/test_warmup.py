"""The warm-up run by make lab / make test compiles (or loads) every numba kernel."""

from svcdesign.warmup import warm_up


def test_warm_up_runs_every_kernel():
    timings = warm_up()
    assert set(timings) == {
        "queueing (Erlang C staffing scan)",
        "queueing (Erlang A)",
        "queueing (multi-skill desk)",
        "queueing (exact multi-skill chain)",
        "simulation kernel",
        "dynamics kernel",
    }
    assert all(seconds >= 0 for seconds in timings.values())
