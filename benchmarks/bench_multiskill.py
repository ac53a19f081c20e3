"""The multi-skill (pools) kernel as a fraction of the machine's limit, beside the single-skill kernel, in one run.

The limit is :func:`bench_limit.mmc_limit`: a numba M/M/c loop with the same random generator family as
svcdesign's kernels, a heap of the agents' completion times and no record of any customer (it keeps only
the sum of the waits). Each side's records are stated in the table:

- **pools kernel**: one replication of a network whose stages are served by agent groups
  (:class:`svcdesign.engines.simulation.pools.AgentPools`, run by :func:`svcdesign.engines.simulation.
  replication.run_replication`): everything the single-skill kernel records (event heap, a visit table
  row per contact in the system, per stage × interval × class counts and wait sums, time integrals,
  journeys) plus per group × interval ∫ agents present, ∫ busy agents and ∫ contacts held, contacts
  answered per stage × group and callbacks per stage;
- **single-skill kernel**: the same replication with the stage's own ``staff`` (no pools), on the general
  event loop that the pools kernel extends (``run_replication(..., general=True)``);
- **whole call**: ``run_replications(spec, replications=1)``, the kernel plus compiling the spec, the
  measures with their intervals and the results tables (the group tables too, with pools); a one-stage
  system without pools runs there on the single-stage path (:mod:`svcdesign.engines.simulation.lean_kernel`,
  the same figures), so its whole call is that path's.

Systems (mean handle time 60 s, exponential, no abandonment, 200,000 arrivals, one replication, one
interval): (a) M/M/20 and M/M/300 at ρ = 0.9, as one group on the pools kernel and on the single-skill
kernel; (b) a W design — two contact types at equal rates, a dedicated group of 8 agents for each and a
cross-trained group of 4 that may take either type once it has waited 10 s (overflow) — at ρ = 0.9 of
its 20 agents, and a chat group of 20 agents holding up to 3 chats each (slowdown 1, 1.25, 1.6 while
holding 1, 2, 3) at ρ = 0.9 of its most throughput (20 × 3 / 1.6 chats per handle time). (b) is set
against the minimal loop on M/M/20 (the same 20 agents at the same ρ). Throughput = external arrivals per
second of wall time, median of interleaved runs after a warm-up round (compiling excluded; every
variant sees the same background load); the fractions are ratios within this one process.

Run: ``python benchmarks/bench_multiskill.py`` replaces the section "## Multi-skill kernel against the
machine's limit" of ``benchmarks/RESULTS.md`` (``--no-write`` only prints it).
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_limit import AHT, RHO, median_times, mmc_limit, single_stage  # noqa: E402
from results_section import cli  # noqa: E402

from svcdesign.engines.simulation import NetworkSpec, exponential, run_replications  # noqa: E402
from svcdesign.engines.simulation.pools import AgentPools  # noqa: E402
from svcdesign.engines.simulation.replication import run_replication  # noqa: E402
from svcdesign.formulas.queueing import erlang_c  # noqa: E402

SECTION = "## Multi-skill kernel against the machine's limit"
W_STAFF = (8, 8, 4)  # dedicated to type 0, dedicated to type 1, cross-trained
W_OVERFLOW = 10.0  # seconds a contact waits before the cross-trained group may take it
CHAT_AGENTS = 20
CHAT_SLOWDOWN = (1.0, 1.25, 1.6)
KERNEL_BEFORE_AFTER = (
    "Before → after the pools kernel's event loop (issue 18): kernel alone (`run_replication`), a copy of the "
    "old kernel and the new one interleaved in one process, median of 7 runs, 1-min load 1.4–2.1 on 2 cores, "
    "2026-12-05: M/M/20 as one group 67.2 → 26.6 ms (3.11 → 1.23× the single-skill kernel's 21.6 ms), "
    "M/M/300 74.3 → 31.6 ms (2.70 → 1.15× its 27.5 ms), W design 81.6 → 37.6 ms, chat 107.3 → 48.2 ms "
    "(the per-event bookkeeping written out in the loop, so that no helper called per event takes more than "
    "one array, each array passed to an inlined helper being reference-counted at each call; one end event "
    "per agent holding chats instead of one per chat, rescheduled at each change of its chat count; every "
    "figure of `run_replication` unchanged bit for bit on these systems, the pools tests' systems, the "
    "desk example and with the log)"
)


def one_group(c: int, arrivals: int) -> NetworkSpec:
    """M/M/c at ρ = :data:`RHO` with its c agents as one group of the pools kernel."""
    spec, _ = single_stage(c, arrivals)
    return replace(spec, staff=[0], pools=AgentPools(names=["team"], staff=[c], speed=[[1.0]]))


def w_design(arrivals: int) -> NetworkSpec:
    """Two types, two dedicated groups and a cross-trained one that takes either type after an overflow delay."""
    lam = RHO * sum(W_STAFF) / AHT / 2  # per type
    horizon = arrivals / (2 * lam)
    pools = AgentPools(
        names=["type 0", "type 1", "cross-trained"],
        staff=list(W_STAFF),
        speed=[[1.0, np.nan, 1.0], [np.nan, 1.0, 1.0]],
        overflow_after=[[0.0, np.nan, W_OVERFLOW], [np.nan, 0.0, W_OVERFLOW]],
    )
    return NetworkSpec(
        horizon=horizon,
        interval=horizon,
        arrival_rates=[[lam, lam]],
        entry_stage=[0, 1],
        staff=[0, 0],
        service=exponential(AHT),
        target_time=20.0,
        pools=pools,
    )


def chat_group(arrivals: int) -> NetworkSpec:
    """One chat stage served by :data:`CHAT_AGENTS` agents holding up to three chats each."""
    lam = RHO * CHAT_AGENTS * len(CHAT_SLOWDOWN) / CHAT_SLOWDOWN[-1] / AHT
    horizon = arrivals / lam
    pools = AgentPools(
        names=["chat"],
        staff=[CHAT_AGENTS],
        speed=[[1.0]],
        concurrency=[list(CHAT_SLOWDOWN)],
        concurrent=[True],
    )
    return NetworkSpec(
        horizon=horizon,
        interval=horizon,
        arrival_rates=[[lam]],
        entry_stage=[0],
        staff=[0],
        service=exponential(AHT),
        target_time=20.0,
        pools=pools,
    )


def _figures(out) -> dict:
    """Customers (external arrivals), the answered-weighted mean wait (s) and the group tallies of one run."""
    S = len(out.labels.stages)
    arrivals = sum(out.value("arrivals", s)["mean"] for s in range(S))
    answered = [out.value("answered", s)["mean"] for s in range(S)]
    wait = sum(out.value("asa", s)["mean"] * a for s, a in enumerate(answered)) / sum(answered)
    groups = None if out.group_summary is None else out.group_summary.set_index(["metric", "group", "stage"])["mean"]
    return {"customers": int(round(arrivals)), "wait": wait, "answered": sum(answered), "groups": groups}


def measure(arrivals: int, repeats: int) -> dict:
    """Seconds, customers and mean waits of every variant (see the module docstring)."""
    specs = {}
    for c in (20, 300):
        specs[f"single {c}"] = single_stage(c, arrivals)[0]
        specs[f"pools {c}"] = one_group(c, arrivals)
    specs["W"] = w_design(arrivals)
    specs["chat"] = chat_group(arrivals)
    cases: dict[str, dict] = {}
    runs: dict[str, Callable[[], object]] = {}
    for c in (20, 300):
        lam = RHO * c / AHT
        limit_wait = mmc_limit(np.random.Generator(np.random.PCG64(1)), lam, AHT, c, arrivals) / arrivals
        cases[f"limit {c}"] = {"customers": arrivals, "wait": limit_wait, "erlang": float(erlang_c(lam, AHT, c).asa)}
        runs[f"limit {c}"] = lambda lam=lam, c=c: mmc_limit(
            np.random.Generator(np.random.PCG64(1)), lam, AHT, c, arrivals
        )
    for name, spec in specs.items():
        inputs, _ = spec.compile()
        cases[name] = _figures(run_replications(spec, replications=1, seed=1))  # also compiles the kernel
        general = name.startswith("single")  # like for like: the event loop the pools kernel extends
        runs[f"kernel {name}"] = lambda inputs=inputs, general=general: run_replication(inputs, 1, 0, general=general)
        runs[f"whole {name}"] = lambda spec=spec: run_replications(spec, replications=1, seed=1)
    load_before = os.getloadavg()
    seconds = median_times(runs, repeats)
    return {
        "cases": cases,
        "seconds": seconds,
        "arrivals": arrivals,
        "repeats": repeats,
        "load": (load_before, os.getloadavg()),
    }


RECORDS = {
    "limit": "sum of waits only",
    "single": "event heap, visit rows, counts/sums per stage × interval × class, time integrals, journeys",
    "pools": "the single-skill kernel's, plus ∫ present/busy/held per group × interval, answered per "
    "stage × group, callbacks per stage",
    "whole single": "the single-stage path's (the same records, agents' heap), then measures, 95 % intervals "
    "and the results tables",
    "whole pools": "the kernel's, then measures, 95 % intervals and the results tables, the groups' too",
}
LABELS = {
    "single 20": "M/M/20",
    "pools 20": "M/M/20",
    "single 300": "M/M/300",
    "pools 300": "M/M/300",
    "W": f"W design: 2 types, groups {W_STAFF[0]} + {W_STAFF[1]} dedicated + {W_STAFF[2]} cross-trained "
    f"(overflow after {W_OVERFLOW:g} s)",
    "chat": f"chat: {CHAT_AGENTS} agents × up to {len(CHAT_SLOWDOWN)} chats",
}


def _rows(m: dict, rate: dict) -> list[str]:
    """The table's rows: the limit, then each kernel and its whole call, per system."""
    cases, n = m["cases"], m["arrivals"]
    lines = []
    order = (("20", ("single 20", "pools 20")), ("300", ("single 300", "pools 300")), ("20", ("W", "chat")))
    for ref_c, names in order:
        ref = rate[f"limit {ref_c}"]
        limit = cases[f"limit {ref_c}"]
        if names[0].startswith("single"):
            lines.append(
                f"| M/M/{ref_c}, ρ = {RHO} | minimal loop | {RECORDS['limit']} | {n:,} | {ref:,.0f} | 1.00 | "
                f"{limit['wait']:.2f} (Erlang C {limit['erlang']:.2f}) |"
            )
        for name in names:
            kind = "pools" if name in ("W", "chat") else name.split()[0]
            kernel = "pools kernel" if kind == "pools" else "single-skill kernel (general path)"
            whole = "pools kernel" if kind == "pools" else "single-stage path"
            for side, label, records in (
                ("kernel", kernel, RECORDS[kind]),
                ("whole", f"whole call ({whole})", RECORDS[f"whole {kind}"]),
            ):
                r = rate[f"{side} {name}"]
                lines.append(
                    f"| {LABELS[name]}, ρ = {RHO} | {label} | {records} | {cases[name]['customers']:,} | "
                    f"{r:,.0f} | {r / ref:.2f} | {cases[name]['wait']:.2f} |"
                )
    return lines


def render(m: dict) -> str:
    cases, sec = m["cases"], m["seconds"]
    rate = {name: m["arrivals"] / s for name, s in sec.items() if name.startswith("limit")}
    for name, s in sec.items():
        if not name.startswith("limit"):
            rate[name] = cases[name.split(" ", 1)[1]]["customers"] / s
    (before, after) = m["load"]
    lines = [
        SECTION,
        "",
        f"`python benchmarks/bench_multiskill.py` on {platform.node() or 'this machine'} ({os.cpu_count()} "
        f"cores, Python {platform.python_version()}, 1-min load average {before[0]:.1f} before the timed runs "
        f"and {after[0]:.1f} after), {time.strftime('%Y-%m-%d %H:%M')}. Customers/s = external arrivals per "
        f"second of wall time, median of {m['repeats']} interleaved runs after a warm-up round; fraction = "
        "this rate ÷ the minimal loop's (`bench_limit.mmc_limit`) on the same system, the W design and the "
        "chat group against M/M/20 (20 agents at the same ρ). Mean handle time 60 s, exponential, no "
        "abandonment, one replication; mean waits (answered-weighted, s) show what each side simulates.",
        "",
        "| system | simulator | records | customers | customers/s | fraction of the limit | mean wait (s) |",
        "|---|---|---|---:|---:|---:|---|",
        *_rows(m, rate),
        "",
    ]
    lines += _notes(m, rate)
    return "\n".join(lines) + "\n"


def _notes(m: dict, rate: dict) -> list[str]:
    cases, sec = m["cases"], m["seconds"]
    ratio = {c: rate[f"kernel single {c}"] / rate[f"kernel pools {c}"] for c in (20, 300)}
    drop = {k: rate[f"{k} 20"] / rate[f"{k} 300"] for k in ("limit", "kernel single", "kernel pools")}
    share = {name: sec[f"kernel {name}"] / sec[f"whole {name}"] for name in ("pools 20", "pools 300", "W", "chat")}
    w = cases["W"]["groups"]
    cross = sum(w[("answered_by", "cross-trained", f"stage {s}")] for s in (0, 1)) / cases["W"]["answered"]
    held = cases["chat"]["groups"][("group_held", "chat", "all")] / CHAT_AGENTS
    return [
        f"- Pools kernel against the single-skill kernel on the same one-group system: "
        f"{1000 * sec['kernel pools 20']:.1f} vs {1000 * sec['kernel single 20']:.1f} ms on M/M/20 "
        f"({ratio[20]:.2f}× the time), {1000 * sec['kernel pools 300']:.1f} vs "
        f"{1000 * sec['kernel single 300']:.1f} ms on M/M/300 ({ratio[300]:.2f}×); minimal loop "
        f"{1000 * sec['limit 20']:.1f} and {1000 * sec['limit 300']:.1f} ms.",
        f"- Throughput drop from 20 to 300 agents (customers/s at 20 ÷ at 300): minimal loop "
        f"{drop['limit']:.2f}, single-skill kernel {drop['kernel single']:.2f}, pools kernel "
        f"{drop['kernel pools']:.2f}.",
        f"- The kernel's share of the whole call on the pools kernel: M/M/20 {share['pools 20']:.0%}, M/M/300 "
        f"{share['pools 300']:.0%}, W design {share['W']:.0%}, chat {share['chat']:.0%}.",
        f"- W design: {cross:.1%} of the answered contacts were answered by the cross-trained group. Chat: "
        f"{held:.2f} chats held per agent on average (of at most {len(CHAT_SLOWDOWN)}); a chat stays with "
        "its agent (no rebalancing), and each change in an agent's chat count recomputes the ends of all "
        "its chats and reschedules the agent's one end event (the first of them).",
        f"- {KERNEL_BEFORE_AFTER}.",
    ]


def main() -> None:
    cli(SECTION, __doc__.splitlines()[0], lambda arrivals, runs: render(measure(arrivals, runs)), runs=5)


if __name__ == "__main__":
    main()
