"""Speed of the exact multi-skill chain (``svcdesign.formulas.queueing.multiskill_metrics``).

Run: ``.venv/bin/python benchmarks/bench_markov.py`` (add ``--no-write`` to leave RESULTS.md alone).

Systems: a W design (two types, a group for each and a cross-trained third group, 5 agents each) and an N
design (group 0 serves type 0, group 1 type 1 first and type 0 on overflow, 5 agents each), handle times
of 180 s, patience 600 s and 300 s, loads near those of ``tests/test_desk_staffing.py``. Timed, median of
``--repeats`` runs of each after one warm-up (wall time, one process):

* the enumeration of the chain's states and generator at the queue caps the call ends with: in Python
  (:func:`svcdesign.formulas.queueing.markov._ctmc.explore` with the chain's moves, the enumeration before
  the compiled kernel) and compiled (``_Chain.explore``, :mod:`~svcdesign.formulas.queueing.markov.multiskill_kernel`),
  which give the same states and generator bit for bit (checked here and in ``tests/test_markov_multiskill.py``);
* the stationary solve (SuperLU) of that generator;
* the whole ``multiskill_metrics`` call (every doubling of the caps included), with the Python enumeration
  and with the compiled one.

No peer is timed: no maintained Python package solves this routing's chain.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np
from results_section import publish

from svcdesign.formulas.queueing import multiskill_metrics
from svcdesign.formulas.queueing.markov import _ctmc
from svcdesign.formulas.queueing.markov.multiskill import _Chain, _priorities

SECTION = "## Exact multi-skill chain"
H = 180.0
NAN = float("nan")
SYSTEMS = {
    "W design, 5 + 5 + 5 agents": ([2.0 / H, 3.0 / H], [[H, NAN, H], [NAN, H, 1.2 * H]], [[0, 2], [1, 2]], 600.0),
    "N design, 5 + 5 agents": ([4.0 / H, 2.5 / H], [[H, 1.1 * H], [NAN, H]], [[0, 1], [1]], 300.0),
}


def _median(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def _row(name: str, system: tuple, repeats: int) -> str:
    """The table row of one system (see the module docstring)."""
    lam, h, routing, patience = system
    agents = [5] * len(h[0])
    metrics = multiskill_metrics(lam, h, agents, routing, patience)
    routes = [list(route) for route in routing]
    chain = _Chain(
        np.asarray(lam),
        1.0 / np.asarray(h),
        np.asarray(agents, dtype=np.int64),
        routes,
        np.full(len(lam), 1.0 / patience),
        _priorities(None, routes, len(lam), len(agents)),
    )
    caps = metrics.queue_caps
    states, q = chain.explore_in_python(caps, 10**6)
    table, compiled = chain.explore(caps, 10**6)
    same = np.array_equal(table, states) and all(
        np.array_equal(getattr(q, part), getattr(compiled, part)) for part in ("indptr", "indices", "data")
    )
    python = _median(lambda: chain.explore_in_python(caps, 10**6), repeats)
    kernel = _median(lambda: chain.explore(caps, 10**6), repeats)
    solve = _median(lambda: _ctmc.stationary(compiled), repeats)
    whole = _median(lambda: multiskill_metrics(lam, h, agents, routing, patience), repeats)
    compiled_explore = _Chain.explore
    _Chain.explore = _Chain.explore_in_python  # type: ignore[method-assign]
    try:
        before = _median(lambda: multiskill_metrics(lam, h, agents, routing, patience), repeats)
    finally:
        _Chain.explore = compiled_explore  # type: ignore[method-assign]
    return (
        f"| {name} | {metrics.states:,} ({'×'.join(str(int(c)) for c in caps)}) | {python * 1e3:.1f} | "
        f"{kernel * 1e3:.2f} | {python / kernel:.0f}× | {'yes' if same else 'NO'} | {solve * 1e3:.1f} | "
        f"{before * 1e3:.1f} → {whole * 1e3:.1f} |"
    )


def measure(repeats: int) -> list[str]:
    """One table row per system of :data:`SYSTEMS`."""
    return [_row(name, system, repeats) for name, system in SYSTEMS.items()]


def render(rows: list[str], repeats: int) -> str:
    return "\n".join(
        [
            SECTION,
            "",
            f"`python benchmarks/bench_markov.py` on {platform.node()} (Python {platform.python_version()}), "
            f"{time.strftime('%Y-%m-%d %H:%M')}: median of {repeats} runs of each after one warm-up, wall time, "
            "ms. The enumeration of the states and generator at the final queue caps, in Python (before) and compiled "
            "(now), the stationary solve, and the whole `multiskill_metrics` call (every doubling of the caps "
            "included) with the Python enumeration → with the compiled one.",
            "",
            "| system | states (queue caps) | enumeration, Python | enumeration, compiled | speed-up | "
            "same states and generator | stationary solve | whole call, before → after |",
            "|---|---:|---:|---:|---:|---|---:|---:|",
            *rows,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/RESULTS.md alone")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    publish(SECTION, render(measure(args.repeats), args.repeats), write=not args.no_write)


if __name__ == "__main__":
    main()
