"""Compile svcdesign's numba kernels once, into numba's on-disk cache.

``make lab`` and ``make test`` run ``python -m svcdesign.warmup`` right after installing, so that a
user's first simulation, dynamics run or staffing call loads compiled code from the cache (a fraction
of a second) instead of compiling it (seconds). Safe to run again: it then only loads the cache.
"""

from __future__ import annotations

import time


def warm_up() -> dict[str, float]:
    """Run each compiled kernel once on a tiny input; seconds taken by each."""
    timings: dict[str, float] = {}

    start = time.perf_counter()
    from .formulas.queueing import erlang_a, required_agents

    required_agents([0.1, 0.2], 180.0, target_time=20.0, service_level=0.8)
    timings["queueing (Erlang C staffing scan)"] = time.perf_counter() - start

    start = time.perf_counter()
    erlang_a([0.1, 0.2], 180.0, [20.0, 40.0], 120.0, 20.0)
    timings["queueing (Erlang A)"] = time.perf_counter() - start

    start = time.perf_counter()
    from .formulas.queueing import desk_metrics

    # two types, two groups (an N design) by the approximation: its compiled pieces (desk_kernels)
    desk_metrics([0.03, 0.02], [120.0, 150.0], [[1.0, 1.0], [float("nan"), 1.0]], [4.0, 3.0], [[0, 1], [-1, 0]])
    timings["queueing (multi-skill desk)"] = time.perf_counter() - start

    start = time.perf_counter()
    from .formulas.queueing import multiskill_metrics

    # the exact chain of a small N design: its states enumerated by the compiled kernel (multiskill_kernel)
    multiskill_metrics([1.0, 0.5], [[1.0, 1.1], [float("nan"), 1.0]], [2, 1], [[0, 1], [1]], 2.0)
    timings["queueing (exact multi-skill chain)"] = time.perf_counter() - start

    from .engines.simulation import warm_up as simulation_warm_up

    timings["simulation kernel"] = simulation_warm_up()

    start = time.perf_counter()
    from .engines.dynamics import integrate_weeks as dynamics

    dynamics(weeks=2)
    timings["dynamics kernel"] = time.perf_counter() - start
    return timings


def main() -> None:
    for what, seconds in warm_up().items():
        print(f"svcdesign warm-up: {what} ready in {seconds:.1f} s")


if __name__ == "__main__":
    main()
