"""A sweep of 100 simulations, serially and on Dask (2 local worker processes), in one process.

Run: ``.venv/bin/python benchmarks/bench_dask.py`` (add ``--no-write`` to leave RESULTS.md alone).

The sweep is the bank example over 100 values of ``demand.scale`` (0.8 to 1.2), each variant a real
simulation of one week with the sweep's default simulation options (10 replications, seed 0):
``sweep(bank, levers, engine="simulation")``. It runs serially and on two
``distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True)``: one started with Dask's
default settings, one inside ``worker_environ()`` (as ``client="local"`` starts its cluster). One cluster
at a time (an idle cluster's scheduler and workers take CPU from the one being timed): for each, serial and
Dask runs interleaved (serial, Dask, serial, Dask, ...), median of ``--repeats`` (3) each; a cluster's
speed-up is against the serial runs interleaved with it. The memo of engine results is cleared in this
process and on the workers before every timed run, so each run simulates all 100 variants. CPU seconds
are those of this process and of the workers (``getrusage``) during each run.

Timed separately, because a user keeps a cluster: starting the cluster and its client, and warming the
workers up (importing svcdesign and loading the compiled simulation kernel from numba's on-disk cache,
one short simulation per worker). Every Dask table is compared with the serial one exactly
(``pandas.testing.assert_frame_equal`` with ``check_exact=True``).

The 1-min load average (``os.getloadavg``) is recorded before every timed run; a run starts only when it
is at most ``--quiet`` (0.5), waiting up to ``--wait`` seconds (600 in all) for it to fall. If the machine
never gets that quiet, the runs go ahead and the section says "machine not quiet" with the loads seen.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import time
from typing import Any

import numpy as np
import pandas as pd
from results_section import publish

import svcdesign as sd
from svcdesign.explore.runs import worker_environ

SECTION = "## Sweep on Dask"
VARIANTS = 100
WORKERS = 2

BEFORE = (
    "Earlier, before the tasks were chunked (one Dask task per variant, Dask's default worker environment; same "
    "sweep, same machine, 1-min load 0.09-0.77): serial 6.37 s, Dask 5.75 s, 1.11×, identical tables. "
    "The first measurement of this session, at a 1-min load of 2.2-4.4 while other jobs ran, gave 0.48×."
)
"""Measured on the tree before the change that chunked the tasks; kept as the reference line."""

CPU_BEFORE_AFTER = (
    "Before → after, CPU (issue 16: each Dask task builds its variants from the base scenario and returns one "
    "table, assembled once; `worker_environ()` also applies `QUIET`; this script times one cluster at a time, "
    "where the idle default cluster used to run beside the tuned one, ~40 ms of CPU a second with Dask's "
    "defaults, ~10 ms with `QUIET`). CPU per sweep on a cluster started inside `worker_environ()`, the tree "
    "before and after in alternating processes (3 sweeps each, serial and Dask interleaved), medians of 6 "
    "(before) and 12 (after) sweeps, 1-min load 1.0-1.6, 2026-12-05: this process 0.35 → 0.037 s (its Dask "
    "event-loop thread, where the scheduler, client and nannies run, 0.25 → 0.03 s; the rest, making and "
    "pickling 100 variants and unpickling and joining 100 frames, 0.10 → 0.006 s); workers ÷ the serial "
    "sweep's CPU 1.06 → 1.04; (this process + workers) ÷ serial 1.14 → 1.04. The new tasks without `QUIET` "
    "(6 sweeps): this process 0.09 s, workers ÷ serial 1.08, in all 1.10. Two plain processes each sweeping "
    "half of the variants at the same time take 1.04× the CPU they take one after the other (3 runs each, "
    "load 0.9): what the workers take beyond the serial sweep is the two cores' shared use, not Dask's. "
    "Wall-time speed-up in the same runs, machine not quiet (load 1.0-1.6): 1.64× → 1.88× (1.73-2.00); "
    "3 sweeps each at 14:11, after once, before once, 1-min load before each sweep 0.51-0.70 after, "
    "0.82-0.94 before: 1.62× → 1.79× (1.76-1.95)."
)
"""This change's before → after in CPU seconds, measured beside this script (see the text)."""


class Gate:
    """Waits for the 1-min load average to fall to ``quiet`` before a timed run, within a total budget."""

    def __init__(self, quiet: float, budget: float) -> None:
        self.quiet = quiet
        self.left = budget
        self.loads: list[float] = []

    def wait(self) -> float:
        """The 1-min load when the run may start (after waiting while it exceeds ``quiet``)."""
        load = os.getloadavg()[0]
        while load > self.quiet and self.left > 0:
            time.sleep(5.0)
            self.left -= 5.0
            load = os.getloadavg()[0]
        self.loads.append(load)
        return load

    @property
    def noisy(self) -> bool:
        """Whether any run started above ``quiet``."""
        return any(load > self.quiet for load in self.loads)


def clear_memo() -> None:
    """Forget the memo of engine results (in whichever process runs this: imported there, not shipped)."""
    from svcdesign.engines.memo import MEMO as memo

    memo.clear()


def warm_up() -> float:
    """Import svcdesign and run a one-hour simulation of the bank example: seconds taken, on a worker."""
    start = time.perf_counter()
    sd.simulate(sd.load_example("bank"), horizon="1h", replications=1)
    return time.perf_counter() - start


def cpu_seconds() -> float:
    """User and system CPU seconds of this process so far (in whichever process runs this)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_sweep(bank: sd.Scenario, levers: dict, client: Any) -> tuple[float, float, float, pd.DataFrame]:
    """Seconds for the sweep (memo cleared first), the CPU seconds this process and the workers (all
    together) spent on it, and its table."""
    clear_memo()
    workers = 0.0
    if client is not None:
        client.run(clear_memo)
        workers = -sum(client.run(cpu_seconds).values())
    cpu = cpu_seconds()
    start = time.perf_counter()
    table = sd.sweep(bank, levers, engine="simulation", client=client, progress=False)
    seconds = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    if client is not None:
        workers += sum(client.run(cpu_seconds).values())
    return seconds, cpu, workers, table


def start_cluster(tuned: bool) -> tuple[Any, Any, float, float, list[float]]:
    """A 2-worker local cluster (inside :func:`worker_environ` if ``tuned``), its client, the seconds to
    start them, the seconds to warm the workers up, and each worker's warm-up seconds."""
    from distributed import Client, LocalCluster  # optional (the scale extra)

    start = time.perf_counter()
    with worker_environ() if tuned else contextlib.nullcontext():
        cluster = LocalCluster(
            n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
    client = Client(cluster)
    startup = time.perf_counter() - start
    start = time.perf_counter()
    each = list(client.run(warm_up).values())
    return cluster, client, startup, time.perf_counter() - start, each


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--variants", type=int, default=VARIANTS)
    parser.add_argument("--quiet", type=float, default=0.5, help="highest 1-min load to start a run at")
    parser.add_argument("--wait", type=float, default=600.0, help="seconds to wait for quiet, in all")
    args = parser.parse_args()

    load_start = os.getloadavg()
    bank = sd.load_example("bank")
    levers = {"demand.scale": np.linspace(0.8, 1.2, args.variants).tolist()}
    warm_up()  # this process: the same cache loads as the workers'
    modes = {"default": False, "tuned": True}
    clusters: dict[str, tuple[float, float, list[float]]] = {}
    gate = Gate(args.quiet, args.wait)
    times: dict[str, list[float]] = {"serial": [], **{mode: [] for mode in modes}}
    beside: dict[str, list[float]] = {mode: [] for mode in modes}  # the serial runs interleaved with each
    cpu: dict[str, list[tuple[float, float]]] = {mode: [] for mode in times}
    for mode, tuned in modes.items():
        cluster, client, startup, warm, each = start_cluster(tuned)
        clusters[mode] = (startup, warm, each)
        try:
            for _ in range(args.repeats):
                gate.wait()
                seconds, here, _, serial = timed_sweep(bank, levers, None)
                times["serial"].append(seconds)
                beside[mode].append(seconds)
                cpu["serial"].append((here, 0.0))
                gate.wait()
                seconds, here, workers, parallel = timed_sweep(bank, levers, client)
                times[mode].append(seconds)
                cpu[mode].append((here, workers))
                pd.testing.assert_frame_equal(serial, parallel, check_exact=True)
        finally:
            client.close()
            cluster.close()
    load_end = os.getloadavg()

    median = {mode: statistics.median(runs) for mode, runs in times.items()}
    speedup = {mode: statistics.median(beside[mode]) / median[mode] for mode in modes}
    quiet = "quiet" if not gate.noisy else f"NOT quiet (a run started above a 1-min load of {args.quiet:g})"
    label = {
        "serial": "serial",
        "default": f"Dask, {WORKERS} workers, Dask's default worker environment",
        "tuned": f"Dask, {WORKERS} workers, started inside `worker_environ()`",
    }
    lines = [
        SECTION,
        "",
        f"`benchmarks/bench_dask.py`: `sweep(bank, {{'demand.scale': {args.variants} values 0.8-1.2}}, "
        'engine="simulation")`, each variant one simulated week with 10 replications (seed 0), serially and '
        f"on a `LocalCluster(n_workers={WORKERS}, threads_per_worker=1, processes=True)`; one cluster at a time, "
        "its runs interleaved with serial ones (speed-up against those), median of "
        f"{args.repeats}, memo of engine results cleared before every run; {len(serial):,} rows, every Dask "
        "table identical to the serial one (`assert_frame_equal`, exact), several variants per Dask task "
        '(`CHUNKS_PER_THREAD`). `worker_environ()` (`svcdesign.explore.runs`, used by `client="local"`) '
        "starts workers without the `MALLOC_TRIM_THRESHOLD_=65536` that Dask's nanny gives them (and leaves in "
        "the environment of the process that started them): with it, glibc maps and faults in fresh pages for "
        "every array over 128 KiB, and each simulation takes about 1.5 times the CPU it takes in this process; "
        "and with Dask's periodic bookkeeping sparse (`QUIET`: no profile of running tasks, event-loop and "
        "system checks every 1 and 5 s, memory every 0.5 s, no work stealing). The Dask tasks build their "
        "variants from the base scenario and return one table each.",
        "",
        "| what | s (median) | runs, s | speed-up | CPU s, this process + workers (median) |",
        "|---|---|---|---|---|",
        *[
            f"| {label[mode]} | {median[mode]:.2f} | {', '.join(f'{s:.2f}' for s in runs)} | "
            f"{speedup.get(mode, 1.0):.2f}× | {statistics.median(c[0] for c in cpu[mode]):.2f} + "
            f"{statistics.median(c[1] for c in cpu[mode]):.2f} |"
            for mode, runs in times.items()
        ],
        *[f"| start-up of the cluster and client, {mode} (once) | {clusters[mode][0]:.2f} | | | |" for mode in modes],
        *[
            f"| worker warm-up, {mode} (once: import, kernel from numba's cache, a 1-hour run) | "
            f"{clusters[mode][1]:.2f} | {', '.join(f'{s:.2f}' for s in clusters[mode][2])} (each worker) | | |"
            for mode in modes
        ],
        "",
        f"Target (≥ 1.7× on {WORKERS} workers, quiet machine): {'met' if speedup['tuned'] >= 1.7 else 'NOT met'} "
        f"({speedup['tuned']:.2f}× with `worker_environ()`, {speedup['default']:.2f}× without). Machine {quiet}: "
        f"1-min load before each run {', '.join(f'{load:.2f}' for load in gate.loads)}; at the start "
        f"{load_start[0]:.2f}, at the end {load_end[0]:.2f}.",
        CPU_BEFORE_AFTER,
        BEFORE,
        "",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}.",
        "",
    ]
    publish(SECTION, "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
