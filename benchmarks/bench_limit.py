"""The simulation as a fraction of the machine's limit: svcdesign beside a minimal M/M/c loop, in one run.

The limit is the least work a discrete-event simulation of an M/M/c queue can do per customer on this
machine: a numba loop with the same random generator family as svcdesign's kernel (numpy's
``Generator(PCG64)``, uniforms turned into exponentials by inversion), a binary heap of the c agents'
completion times (first come, first served: the next customer takes the agent free first) and no record
of any customer — it keeps only the sum of the waits, which it returns so that it can be checked against
Erlang C. svcdesign does much more per customer, and each side's records are stated in the table:

- **svcdesign kernel**: one replication, compiled (:func:`svcdesign.engines.simulation.replication.
  run_replication`): per stage × interval × class counts and wait sums, time integrals (queue, busy and
  present agents) and end-to-end journey counts. A single-stage system runs on the single-stage path
  (:mod:`svcdesign.engines.simulation.lean_kernel`: the agents on duty in one heap keyed by the time each
  is free, one heap step per customer, a ring of waiting contacts, no visit rows without a log); the same
  system on the general path (``run_replication(..., general=True)``: an event heap of arrivals, service
  ends and abandonments, a visit table row per contact in the system, recycled) is shown beside it, with
  the same figures (every count identical; sums identical but for the last bits of those added in another
  order: a service's records when it starts, and without a log the contacts still in the system at the
  horizon);
- **minimal loop, svcdesign's order of draws**: the minimal loop with a ring of waiting customers, whose
  services are drawn when they start, as svcdesign's kernels draw them (the minimal loop draws every
  service at the arrival). A kernel that keeps svcdesign's figures cannot draw in the minimal loop's order,
  so this loop bounds what any such kernel can reach; it records nothing either.
- **svcdesign whole call**: the public call — ``run_replications(spec)`` for the M/M/c systems,
  ``sd.simulate(bank, replications=10)`` for the bank — that is the kernel plus compiling the inputs
  and the measures with their confidence intervals; for the M/M/c systems the summary table is read too
  (it is built when first read), for the bank the long results table is not (likewise built when read).

Systems: (a) M/M/20 and (b) M/M/300 at ρ = 0.9 (mean handle time 60 s), 200,000 arrivals, one
replication; (c) the bundled bank example (one week, 10 replications), whose rate is set against the
minimal loop on (a); (d) M/M/c at ρ = 0.9 for c from 20 to 3,000 (kernels and loops only). Throughput =
external arrivals per second of CPU time of the running thread (``time.thread_time``; every call here runs
in that one thread, and on a shared machine wall time also counts the other processes' turns), median of
interleaved runs; the fractions are ratios within this one process.

Run: ``python benchmarks/bench_limit.py`` replaces the section "## Fraction of the machine's limit" of
``benchmarks/RESULTS.md`` (``--no-write`` only prints it).
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numba as nb
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from results_section import cli  # noqa: E402

import svcdesign as sd  # noqa: E402
from svcdesign.engines.simulation import NetworkSpec, exponential, run_replications  # noqa: E402
from svcdesign.engines.simulation.adapter import network_from_scenario  # noqa: E402
from svcdesign.engines.simulation.replication import run_replication  # noqa: E402
from svcdesign.formulas.queueing import erlang_c  # noqa: E402

SECTION = "## Fraction of the machine's limit"
AHT = 60.0
RHO = 0.9
AGENTS = (20, 50, 100, 300, 1000, 3000)
"""Numbers of agents of the M/M/c sweep (d); M/M/20 and M/M/300 are also systems (a) and (b)."""
BEFORE_AFTER = (
    "241 → 122, 111 → 82 and 157 → 116 ms in three pairs of runs, the kernel's share 0.30–0.33 → 0.44–0.46; "
    "`run_replications` of M/M/20 (200,000 arrivals, one replication): kernel share 0.66–0.72 → 0.91–0.95 "
    "(Student t quantile once per degrees of freedom instead of once per cell, measures of all segments in "
    "one pass, one summary per batch of measures, the tidy tables built once; every figure unchanged)"
)
"""Measured once, by hand, when the summary was sped up: the old code is not kept to be run again."""
KERNEL_BEFORE_AFTER = (
    "kernel alone, the old and new kernel interleaved in one process (median of 11 runs, 1-min load 5.8 on "
    "2 cores): M/M/20 53.2 → 39.0 ms (fraction of the minimal loop 0.23 → 0.31), M/M/300 71.7 → 52.5 ms "
    "(0.31 → 0.42), bank ×10 74.9 → 60.7 ms; drop 20 → 300 agents 1.35 → 1.35 (the root of the event heap "
    "replaced by the event's first push instead of popped and pushed, each class's next arrival kept beside "
    "the heap, the per-event helpers inlined by numba so that no array is reference-counted per event, "
    "interval indices from a hint instead of a division, ring buffers without a modulo; every figure of "
    "every example and of M/M/20 and M/M/300, with and without the log, identical)"
)
"""Measured once, by hand, when the kernel's event loop was sped up (same seed, same figures)."""
SUMMARY_BEFORE_AFTER = (
    "the old and new code in alternating processes (10 pairs, 11 runs each, the fastest run of each "
    "process: medians were too noisy at a 1-min load of 2.7–4.0 on 2 cores): `sd.simulate(bank, "
    "replications=10)` 63–76 → 48–58 ms, 0.70–0.80 of the time in 9 pairs of 10 (in the tenth the new "
    "process ran through a load spike), with the kernel 26–29 ms in both (its share 0.37–0.42 → 0.51–0.55, "
    "outside it 37–47 → 22–28 ms); `run_replications` of M/M/20 (one replication) 22.5–25.5 → 22.0–24.8 ms "
    "(kernel 20–23 ms in both). The scenario's compiled network is kept by content (the same scenario simulated "
    "again is not compiled again), the results table is built when first read (as the analytic engine's), "
    "each segment's measures are only those it reports, class totals are added class by class instead of "
    "by numpy's reduction over a short axis, the confidence intervals skip the masks where no replication "
    "is missing and batch the single-replication figures; every figure of every example (seeds 0 and 7, 1 "
    "and 10 replications, with and without the log, a warm-up, three variants together) and of M/M/20 and "
    "M/M/300 (20,000 arrivals, with abandonment, 1 and 5 replications, with the log) identical"
)
"""Measured once, by hand, when the rest of the call was sped up (issue 16, second pass on the summary)."""
CALL_THIRD_PASS = (
    "the old and new code in alternating processes (11 pairs, median of 11 calls each, CPU time of the "
    "thread, 1-min load 1.1–1.5 on 2 cores, 2026-12-05): `sd.simulate(bank, replications=10)` 49.3–54.6 → "
    "38.1–41.7 ms (medians 51.7 → 40.4, 0.75–0.85 of the time in every pair), outside the kernel 23.0–26.9 → "
    "11.4–12.7 ms (medians 24.7 → 12.4), the kernel's share 0.51–0.54 → 0.69–0.70; one replication 7.2–7.7 → "
    "6.1–6.7 ms (outside the kernel 4.6–5.0 → 3.6–4.0); `run_replications` of M/M/20 unchanged (17.1 and 17.2 "
    "ms); 3 more pairs at a 1-min load of 0.9: 48.2–49.2 → 37.1–38.5 ms, outside the kernel 22.3–22.7 → "
    "10.3–11.0 ms. The measures per stage, segment and period and their intervals are one compiled pass over the "
    "replications' tallies, read where the kernel left them (`aggregate.interval_summaries`: no measures per "
    "replication kept, no tallies stacked), a stage and a run of intervals at a time, with numpy's arithmetic "
    "in numpy's order (sums over the replications one after the other, a set of classes' sums over the horizon "
    "in the order numpy's copy of them holds them); the results table takes the summaries' arrays without "
    "copying them; single-cell measures (end to end over the horizon) are summarised together, summed pairwise "
    "as numpy sums a lone column. Every figure of every example (seeds 0 and 7, 1 and 10 replications, with "
    "and without the log, a warm-up, one period and two hours, two variants together) and of M/M/20 and "
    "M/M/300 identical. What is left outside the kernel is mostly that pass (about 5 ms alone, 7 ms within "
    "the call, where the kernel's 9 MB of counts come from memory and fresh output arrays are paged in)"
)
"""Measured once, by hand, when the summary became one compiled pass (issue 16, third pass on the rest of the call)."""
KERNEL_PARTS = (
    "CPU time of the thread (`time.thread_time`, which a shared machine's load disturbs less than wall "
    "time), copies of the kernel with parts removed interleaved in one process, median of 21 runs, 1-min "
    "load 2.3–3.9 on 2 cores, 2026-12-05, M/M/20 / M/M/300 as above: the kernel as shipped 20.6 / 26.2 ms "
    "(minimal loop 6.3 / 10.4 ms: fraction 0.30 / 0.40); without the journey counts 21.8 / 28.4, without the "
    "time integrals of waits and services 19.8 / 25.5, without the patience draw 20.5 / 26.0, without the "
    "counts and sums 19.1 / 24.5, without all four (the event loop alone, recording nothing) 16.1 / 21.7 ms "
    "(0.39 / 0.48). The records cost about a fifth of the kernel's time, no single one more than 8 %, and "
    "the extra time at 300 agents (5.6 ms per 200,000 customers) is the same with or without them: it is the "
    "event loop's. Tried and not kept, each variant against the shipped kernel in the same run: a 4-ary "
    "event heap, children picked without branches, 21.9 / 27.6 against 21.8 / 27.7 ms; the taken root left "
    "in place until the heap's next event is due 22.4 / 28.0 against 22.0 / 27.7 (both with every figure "
    "identical, M/M/20 and M/M/300, with and without the log); the root refilled bottom-up 21.4 / 27.6 "
    "against 20.9 / 28.5; the row counters kept in registers 21.6 / 27.2 against 21.4 / 26.8; the log's "
    "columns not written without a log 21.4 / 27.2 against 21.1 / 26.8; visit rows padded to whole cache "
    "lines 21.9 / 27.8 against 21.4 / 27.1; the one reference count per customer (the busy-time integral) "
    "removed 20.4 / 26.1 against 20.6 / 26.2; the counts and sums indexed by one row per stage × interval × "
    "class 21.2 / 27.2 against 21.4 / 27.0 (every figure identical). A sampling profile of the compiled loop "
    "on M/M/300 puts about a third of its samples in the heap's sift-down after a service end (leaving that "
    "sift-down out, which breaks the event order, saves 3.1 / 4.5 ms), but none of the heap variants above "
    "made the kernel faster. Compiling out what a call does not ask for (patience, journeys, the log's "
    "columns) could save at most those few per cent, for one more compilation of the loop (about 8 s; 0.2 s "
    "once in numba's cache) per variant, so it was not done"
)
"""Measured once, by hand, with copies of the kernel under /tmp (no variant is kept in the tree)."""
KERNEL_LEAN = (
    "a network of one stage and one class without routing or retries runs on its own loop "
    "(`svcdesign/engines/simulation/lean_kernel.py`): the agents on duty in one heap keyed by the time "
    "(and sequence number) from which each is free, so that an arrival finding the root free takes it "
    "(one sift-down) and a service end is an event only while contacts wait or agents are due to go off "
    "duty; a service's records are made when its agent is next taken, in the general loop's order of "
    "service ends. Staff changes between intervals, abandonment, deferred work, warm-up and the log all "
    "run on it. Every count and, with a log, every sum and the log are identical to the general path's; "
    "without a log the sums added at the horizon for the contacts still in the system (censored waits, "
    "queue, age and busy integrals) may differ in the last bits, at most 1e-15 relative in "
    "`tests/test_simulation_lean.py` (in 248 of its 968 random networks run without a log; checked "
    "within 1e-12). Before → after, the "
    "previous single-stage loop (service ends in a heap of their own, pushed and popped: two heap steps "
    "per customer), the new one and the general path interleaved in one process, CPU time of the thread, "
    "median of 21 runs, 1-min load 3.0–3.3 on 2 cores, 2026-12-05, M/M/20 / M/M/300 as above: kernel "
    "14.8 → 12.1 / 18.8 → 13.9 ms (1.22× / 1.35×; general path 20.4 / 25.5 ms, 1.69× / 1.83× slower than "
    "the new loop), fraction of the minimal loop 0.43 → 0.53 / 0.55 → 0.74, drop 20 → 300 agents 1.27 → "
    "1.15 (general path 1.25, minimal loop 1.62); with the log 19.7 → 17.3 / 23.4 → 19.3 ms (1.14× / "
    "1.21×); a day of 24 hourly intervals, staff following the load and halved in one hour, abandonment, "
    "200,000 arrivals: 22.8 → 18.9 ms (1.21×; general path 28.6), with the log 28.1 → 24.3 ms (1.16×); "
    "`run_replications` (one replication, median of 21) 16.2 → 13.5 / 20.2 → 15.2 ms. M/M/20 stays short "
    "of the 0.7 target: more than half its customers wait (Erlang C 0.55), and each of those is a second "
    "pass through the loop (the service end that takes it from the ring) where the minimal loop handles "
    "every customer once. Tried and not kept: the counts and sums read through two-dimensional views of "
    "the one stage and class (12.2 / 14.5 against 11.7 / 13.5 ms), no call of the patience draw when the "
    "patience is `never` (11.3 / 13.1 against 11.1 / 12.9). No shipped example has this shape (the bank "
    "row runs the general path)"
)
"""Measured once, by hand, with a copy of the previous single-stage loop outside the tree (the general path is
kept and run beside the shipped one)."""
KERNEL_LEAN_FLAT = (
    "the previous and the new single-stage loop interleaved in one process (CPU time of the thread, median of "
    "40 runs after a warm-up, two runs, 1-min load 0.5–0.7 on 2 cores, 2026-12-05), M/M/20 / M/M/300 as above: "
    "kernel 17.5 → 14.5 / 21.1–21.6 → 15.4–15.8 ms (1.21× / 1.36×), fraction of the minimal loop 0.47 → 0.56 / "
    "0.63 → 0.85–0.87, drop 20 → 300 agents 1.20–1.23 → 1.07–1.09; with the log 19.9 → 16.9 / 23.8 → 17.8 ms "
    "(1.18× / 1.34×). The agents' heap is read as one flat array with the smaller child picked without a "
    "branch (by sequence number only when two times are equal), the loop's scalar state (the ring's positions, "
    "the queue, the pending departures, the sequence counter, the next arrival, the counters) lives in local "
    "variables written back around the calls that read it (16.3 → 15.2 / 17.4 → 16.2 ms in one process), a "
    "service that ends before the horizon is recorded when it starts, its end being known then (no agents' "
    "table read per customer; 16.2 → 15.6 / 17.4 → 16.7), a wait or a service within the current interval is "
    "added to it at once instead of spread, and the counts that the loop repeated (arrivals as customers, "
    "answers as first answers, services as resolutions) are copied once after it. Steps of 3–5 % are near "
    "what the code's layout alone moves (the same loop compiled as another module ran up to 5 % slower or "
    "faster in the same process). Every count and the log identical to the previous loop's and the general "
    "path's; the sums of services (service time, busy time, journey time) are added in the order in which "
    "services start instead of end, within 6e-15 relative of the previous loop's (M/M/20, M/M/300, a day of "
    "24 intervals with abandonment, deterministic services with staff dropping to 0; with and without a "
    "warm-up and the log) and checked within 1e-12 of the general path in `tests/test_simulation_lean.py`. "
    "Tried and not kept: a loop of its own for stages where nobody abandons, without a log (arrivals and "
    "service ends until the next interval start), 1.04× on M/M/20 for sixty more lines; the branch-free child "
    "on the general kernel's event heap, no change (bank ×10 kernel 33.0 → 33.3 ms). Why M/M/20 stays near "
    "0.56 of the minimal loop: that loop draws every service at the arrival, while svcdesign draws a waiting "
    "customer's service when it starts — the order its figures rest on. The minimal loop in svcdesign's order "
    "(row above and the sweep below) reaches only 0.78 of the minimal loop at 20 agents (0.86 at 50, 0.97 "
    "at 300; more than half the customers wait at 20, and each is a second pass through the loop); a kernel "
    "at 0.7 would have 10 % left for all its records. Prototypes outside the tree that add the kernel's work "
    "to that loop step by step measured 0.74–0.79 with records made at the start, sequence numbers and "
    "agents' identities, 0.67–0.70 with the next event chosen among three sources, room checks and the "
    "draws and rates read from the compiled tables, and 0.60–0.64 with the time integrals per interval and "
    "the agents' table, against 0.56 for the kernel"
)
"""Measured once, by hand, with a copy of the previous single-stage loop outside the tree (issue 16, second pass)."""
RUN_REPLICATIONS_PASS = (
    "the old and new code in alternating processes (8 pairs, median of 11 calls each, CPU time of the thread, "
    "1-min load 1.4–3.4 on 2 cores, 2026-12-05), medians of the pairs: `run_replications` of M/M/20 (200,000 "
    "arrivals, one replication) 13.1 → 11.6 ms, outside the kernel 1.58 → 0.26 ms (the kernel's share 0.88 → "
    "0.98), fraction of the minimal loop 0.48 → 0.535 (the kernel alone 0.55); M/M/300 14.7 → 13.4 ms, outside "
    "the kernel 1.39 → 0.32 ms, fraction 0.71 → 0.76 (the kernel alone 0.78); ten replications of M/M/20, outside "
    "the kernel 1.4 → 0.4 ms; with both long tables read after the call (3 more pairs, median of 11) 1.3 → 0.9 "
    "ms; one replication with the log 20.5 → 15.6 ms (outside the kernel 4.6 → 1.8 ms, and "
    "the log's columns, copied out of the visit table within `run_replication`, 3.3 → 1.3 ms); `sd.simulate(bank, "
    "replications=10)` unchanged (35.0 and 34.2 ms: what it does outside the kernel is mostly the compiled "
    "summary pass, about 5.6 ms; its scenario key costs 0.03 ms). A network's compiled inputs are kept by "
    "content (`run.COMPILED`, keyed by `memo.option_key` of the network and the warm-up, 0.02 ms against 0.13 "
    "ms to compile), the long tables `intervals` and `summary` (and the groups') are built when first read, "
    "their columns flattened in one call each, and "
    "`value()` reads the summary's figures without building it, the log's columns are gathered in one compiled "
    "pass over the visit table's rows instead of one strided copy per column, a single replication's columns "
    "become the log's without a copy, the wait and the outcome and route codes are made without temporary "
    "arrays or a lookup table, and a ratio skips its NaN mask where every denominator is positive. Every "
    "figure identical: the tables, measures per replication, tallies, labels, values and logs of M/M/20 and "
    "M/M/300 (20,000 arrivals, with and without abandonment, 1 and 5 replications, with and without the log, "
    "with and without a warm-up) and of a network with pools, and `sd.simulate` of every shipped example (seeds "
    "0 and 7, 1 and 10 replications; with the log and a warm-up), the old and new code run in separate processes "
    "and their pickled outputs compared bit for bit"
)
"""Measured once, by hand, with a copy of the old package outside the tree (issue 16, the rest of
`run_replications`)."""


@nb.njit(cache=True, inline="always")
def _replace_root(free, c, done):
    """Replace the root of the min-heap ``free`` of c times by ``done`` and sift it down."""
    i = 0
    while True:
        j = 2 * i + 1
        if j >= c:
            break
        if j + 1 < c and free[j + 1] < free[j]:
            j += 1
        if free[j] >= done:
            break
        free[i] = free[j]
        i = j
    free[i] = done


@nb.njit(cache=True)
def mmc_limit(rng, lam, aht, c, n):
    """Sum of the waits (s) of ``n`` customers of an M/M/c queue (FCFS), starting empty: the least
    work per customer — a heap of the agents' completion times, no record of any customer."""
    free = np.zeros(c)  # min-heap of the times at which each agent is next free
    t = 0.0
    waits = 0.0
    for _ in range(n):
        t -= math.log(1.0 - rng.random()) / lam
        start = free[0] if free[0] > t else t
        waits += start - t
        _replace_root(free, c, start - aht * math.log(1.0 - rng.random()))
    return waits


@nb.njit(cache=True)
def mmc_ordered(rng, lam, aht, c, n):
    """:func:`mmc_limit` with svcdesign's order of draws: at an arrival the next gap, then the service if
    an agent is free; a waiting customer joins a ring and its service is drawn when an agent takes it
    (first come, first served). Sum of the waits (s); no other record."""
    free = np.zeros(c)  # min-heap of the times at which each agent is next free
    ring = np.empty(n)  # arrival times of the waiting customers, in order (each customer joins at most once)
    head = tail = 0
    arrival = -math.log(1.0 - rng.random()) / lam
    waits = 0.0
    arrived = 0
    while arrived < n:
        if head < tail and free[0] <= arrival:  # an agent frees and takes the first waiting customer
            t = free[0]
            waits += t - ring[head]
            head += 1
        else:  # the arrival: the next one drawn; served at once or it waits
            t = arrival
            arrival = t - math.log(1.0 - rng.random()) / lam
            arrived += 1
            if free[0] > t:
                ring[tail] = t
                tail += 1
                continue
        _replace_root(free, c, t - aht * math.log(1.0 - rng.random()))
    return waits


def single_stage(c: int, arrivals: int) -> tuple[NetworkSpec, float]:
    """One M/M/c stage at ρ = :data:`RHO` over the horizon that holds ``arrivals`` arrivals on average."""
    lam = RHO * c / AHT
    horizon = arrivals / lam
    spec = NetworkSpec(
        horizon=horizon,
        interval=horizon,
        arrival_rates=[[lam]],
        entry_stage=[0],
        staff=[c],
        service=exponential(AHT),
        target_time=20.0,
    )
    return spec, lam


def median_times(
    runs: dict[str, Callable[[], object]], repeats: int, clock: Callable[[], float] = time.perf_counter
) -> dict[str, float]:
    """Median seconds of each run by ``clock`` (wall time unless told), interleaved round by round
    (after one warm-up round)."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(repeats + 1):
        for name, run in runs.items():
            start = clock()
            run()
            if round_:
                times[name].append(clock() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def measure(arrivals: int, repeats: int) -> dict:
    """Seconds, customers and mean waits of every variant (see the module docstring)."""
    cases = {}
    runs: dict[str, Callable[[], object]] = {}
    for c in AGENTS:
        spec, lam = single_stage(c, arrivals)
        inputs, _ = spec.compile()
        one = run_replications(spec, replications=1, seed=1)
        cases[c] = {
            "lam": lam,
            "customers": int(one.value("arrivals")["mean"]),
            "wait": one.value("asa")["mean"],
            "erlang": float(erlang_c(lam, AHT, c).asa),
        }
        for loop in (mmc_limit, mmc_ordered):
            side = "limit" if loop is mmc_limit else "ordered"
            cases[c][f"{side}_wait"] = loop(np.random.Generator(np.random.PCG64(1)), lam, AHT, c, arrivals) / arrivals
            runs[f"{side} {c}"] = lambda lam=lam, c=c, loop=loop: loop(
                np.random.Generator(np.random.PCG64(1)), lam, AHT, c, arrivals
            )
        runs[f"kernel {c}"] = lambda inputs=inputs: run_replication(inputs, 1, 0)
        runs[f"general {c}"] = lambda inputs=inputs: run_replication(inputs, 1, 0, general=True)
        if c in (20, 300):
            runs[f"whole {c}"] = lambda spec=spec: run_replications(spec, replications=1, seed=1).summary
    bank = sd.load_example("bank")
    inputs, _ = network_from_scenario(bank)[0].compile(0.0)
    results = sd.simulate(bank, replications=10, seed=0)
    customers = results.data
    total = customers[
        (customers["stage"] == "all") & (customers["metric"] == "customers") & customers["period"].isna()
    ]["value"]
    cases["bank"] = {"customers": int(round(float(total.iloc[0]) * 10))}
    runs["kernel bank"] = lambda: [run_replication(inputs, 0, r) for r in range(10)]
    runs["whole bank"] = lambda: sd.simulate(bank, replications=10, seed=0)
    seconds = median_times(runs, repeats, time.thread_time)
    return {"cases": cases, "seconds": seconds, "arrivals": arrivals, "repeats": repeats}


def render(m: dict) -> str:
    cases, sec, n = m["cases"], m["seconds"], m["arrivals"]
    rate = {}
    for c in AGENTS:
        rate[f"limit {c}"] = n / sec[f"limit {c}"]
        rate[f"ordered {c}"] = n / sec[f"ordered {c}"]
        for side in ("kernel", "general", "whole") if c in (20, 300) else ("kernel", "general"):
            rate[f"{side} {c}"] = cases[c]["customers"] / sec[f"{side} {c}"]
    for side in ("kernel", "whole"):
        rate[f"{side} bank"] = cases["bank"]["customers"] / sec[f"{side} bank"]
    records = {
        "limit": "sum of waits only",
        "ordered": "sum of waits only; a ring of waiting customers",
        "kernel": "counts/sums per stage × interval × class, time integrals, journeys; agents' heap, no visit rows",
        "general": "the same, by an event heap and visit rows (recycled)",
        "whole": "the kernel's, then measures and 95 % intervals (M/M/c: the summary table read)",
    }
    load = os.getloadavg()
    lines = [
        SECTION,
        "",
        f"`python benchmarks/bench_limit.py` on {platform.node() or 'this machine'} ({os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average at the end {load[0]:.1f}), "
        f"{time.strftime('%Y-%m-%d %H:%M')}. Customers/s = external arrivals per second of CPU time of the "
        "running thread (`time.thread_time`: every call here runs in that thread, and on a shared machine "
        f"wall time also counts the other processes' turns), median of {m['repeats']} interleaved runs; "
        "fraction = this rate ÷ the minimal loop's on the same system "
        "(the bank against the minimal loop on M/M/20). The minimal loop is a numba M/M/c loop with the same "
        "generator (PCG64, exponentials by inversion), a heap of completion times and no per-customer "
        "records; mean waits in seconds show that each side simulates the same queue.",
        "",
        "| system | simulator | records | customers | customers/s | fraction of the limit | mean wait (s) |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for c in (20, 300):
        name = f"M/M/{c}, ρ = {RHO}"
        ref = rate[f"limit {c}"]
        lines.append(
            f"| {name} | minimal loop | {records['limit']} | {n:,} | {ref:,.0f} | 1.00 | "
            f"{cases[c]['limit_wait']:.2f} (Erlang C {cases[c]['erlang']:.2f}) |"
        )
        r = rate[f"ordered {c}"]
        lines.append(
            f"| {name} | minimal loop, svcdesign's order of draws | {records['ordered']} | {n:,} | {r:,.0f} | "
            f"{r / ref:.2f} | {cases[c]['ordered_wait']:.2f} |"
        )
        sides = (
            ("kernel", "svcdesign kernel (single-stage path)"),
            ("general", "svcdesign kernel (general path)"),
            ("whole", "svcdesign whole call"),
        )
        for side, label in sides:
            r = rate[f"{side} {c}"]
            lines.append(
                f"| {name} | {label} | {records[side]} | {cases[c]['customers']:,} | {r:,.0f} | "
                f"{r / ref:.2f} | {cases[c]['wait']:.2f} |"
            )
    ref = rate["limit 20"]
    for side, label in (
        ("kernel", "svcdesign kernel (general path)"),
        ("whole", "`sd.simulate(bank, replications=10)`"),
    ):
        r = rate[f"{side} bank"]
        what = records["general"] if side == "kernel" else records[side]
        lines.append(
            f"| bank example, one week × 10 | {label} | {what} | {cases['bank']['customers']:,} | "
            f"{r:,.0f} | {r / ref:.2f} | |"
        )
    drop = {
        side: rate[f"{side} 20"] / rate[f"{side} 300"] for side in ("limit", "ordered", "kernel", "general", "whole")
    }
    lean_gain = {c: sec[f"general {c}"] / sec[f"kernel {c}"] for c in (20, 300)}
    lines += [
        "",
        f"- `sd.simulate(bank, replications=10)`: {1000 * sec['whole bank']:.0f} ms, of which the kernel "
        f"{1000 * sec['kernel bank']:.0f} ms ({sec['kernel bank'] / sec['whole bank']:.0%}); the rest builds "
        "the measures and their intervals (the compiled network is kept, the table built when first read).",
        f"- Throughput drop from 20 to 300 agents (customers/s at 20 ÷ at 300): minimal loop {drop['limit']:.2f} "
        f"(in svcdesign's order of draws {drop['ordered']:.2f}), kernel {drop['kernel']:.2f} (general path "
        f"{drop['general']:.2f}), whole call {drop['whole']:.2f}.",
        f"- Single-stage path ÷ general path on the same system, this run: {lean_gain[20]:.2f}× faster on "
        f"M/M/20, {lean_gain[300]:.2f}× on M/M/300.",
        f"- Before → after issue 16 (the old and new code in alternating processes, medians of 7 runs, load "
        f"average 3–4, 2026-12-05): `sd.simulate(bank, replications=10)` {BEFORE_AFTER}.",
        f"- Before → after the kernel's event loop (issue 16): {KERNEL_BEFORE_AFTER}.",
        f"- Before → after the rest of the call (issue 16, second pass): {SUMMARY_BEFORE_AFTER}.",
        f"- Before → after the rest of the call (issue 16, third pass): {CALL_THIRD_PASS}.",
        f"- Where the kernel's time goes (issue 16): {KERNEL_PARTS}.",
        f"- The single-stage path (issue 16): {KERNEL_LEAN}.",
        f"- The single-stage path, second pass (issue 16): {KERNEL_LEAN_FLAT}.",
        f"- Before → after the rest of `run_replications` (issue 16): {RUN_REPLICATIONS_PASS}.",
    ]
    lines += ["", *sweep(rate, cases)]
    return "\n".join(lines) + "\n"


def sweep(rate: dict[str, float], cases: dict) -> list[str]:
    """The M/M/c sweep (d): each side's customers/s as a fraction of the minimal loop's, by number of agents."""
    lines = [
        f"M/M/c at ρ = {RHO} by number of agents c (same runs, same clock): fraction of the minimal loop's "
        "customers/s.",
        "",
        "| c | minimal loop (customers/s) | svcdesign's order of draws | kernel (single-stage path) | kernel "
        "(general path) | P(wait), Erlang C |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for c in AGENTS:
        ref = rate[f"limit {c}"]
        wait = erlang_c(cases[c]["lam"], AHT, c).p_wait
        lines.append(
            f"| {c:,} | {ref:,.0f} | {rate[f'ordered {c}'] / ref:.2f} | {rate[f'kernel {c}'] / ref:.2f} | "
            f"{rate[f'general {c}'] / ref:.2f} | {float(wait):.2f} |"
        )
    return lines


def main() -> None:
    cli(SECTION, __doc__.splitlines()[0], lambda arrivals, runs: render(measure(arrivals, runs)), runs=7)


if __name__ == "__main__":
    main()
