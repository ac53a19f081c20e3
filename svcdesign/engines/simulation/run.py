"""Run replications of a :class:`~.spec.NetworkSpec` and summarise them with confidence intervals."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ...errors import InputError
from ..memo import Unkeyable, option_key
from . import aggregate
from .distributions import exponential
from .kernel import KernelInputs
from .parallel import map_replications
from .pools import AgentPools
from .replication import Replication, run_replication, take_visits
from .size import check_size
from .spec import Labels, NetworkSpec
from .streams import check_seed


@dataclass
class SimulationOutput:
    """Replications of one network, summarised.

    ``intervals``: long table (stage, interval, start, metric, mean, se, lower, upper, n) of the measures
    in :data:`.aggregate.METRICS` per stage and interval, plus the end-to-end
    :data:`.aggregate.JOURNEY_METRICS` under stage ``"all"``; ``summary``: the same over the whole
    observed horizon (after the warm-up); both tables are built from ``per_replication`` when first read.
    ``per_replication``: each measure's raw values, arrays of shape (R, S, NI) / (R, S) — (R, NI) / (R,)
    for journey measures — under keys ``"intervals"`` and ``"summary"``; ``log``: the per-visit log
    (:func:`.aggregate.visit_log`) when asked for, else ``None``; ``groups`` and ``group_summary``: the
    agent groups' measures per replication (:func:`.aggregate.group_measures`) and their whole-horizon
    table (:func:`.aggregate.tidy_groups`, built when first read) for a network with pools, else ``None``.
    """

    labels: Labels
    replications: list[Replication]
    per_replication: dict[str, dict[str, np.ndarray]]
    log: pd.DataFrame | None
    groups: dict[str, dict[str, np.ndarray]] | None = None

    @cached_property
    def intervals(self) -> pd.DataFrame:
        """The measures per stage and interval with their 95 % intervals (long table, see the class)."""
        return aggregate.tidy_intervals(self.per_replication["intervals"], self.labels)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """The measures over the whole observed horizon with their 95 % intervals (long table)."""
        return aggregate.tidy_summary(self.per_replication["summary"], self.labels, self._horizon_confidence)

    @cached_property
    def group_summary(self) -> pd.DataFrame | None:
        """The agent groups' whole-horizon measures (long table), or ``None`` without pools."""
        return None if self.groups is None else aggregate.tidy_groups(self.groups["summary"], self.labels)

    @cached_property
    def _horizon_confidence(self) -> dict[str, dict[str, np.ndarray]]:
        """What :attr:`summary` holds, by measure (:func:`.aggregate.tidy_confidence`)."""
        return aggregate.tidy_confidence(self.per_replication["summary"])

    def value(self, metric: str, stage: int | str = 0) -> dict[str, float]:
        """Whole-horizon mean, se, lower, upper and n of one measure at one stage (or ``"all"``): the
        figures of its row in :attr:`summary`."""
        name = self.labels.stages[stage] if isinstance(stage, int) else stage
        cell: int | tuple[()] | None = None
        if metric in aggregate.JOURNEY_METRICS and name == aggregate.ALL:
            cell = ()
        elif metric in aggregate.METRICS and name in self.labels.stages:
            cell = self.labels.stages.index(name)
        if cell is None:
            raise InputError(
                "metric",
                metric,
                f"one of {list(aggregate.METRICS + aggregate.JOURNEY_METRICS)} "
                f"at a stage of {self.labels.stages} or 'all'",
            )
        ci = self._horizon_confidence[metric]
        return {k: float(ci[k][cell]) for k in ("mean", "se", "lower", "upper", "n")}


def check_replications(replications: Any) -> int:
    if isinstance(replications, bool) or not isinstance(replications, (int, np.integer)) or replications < 1:
        raise InputError("replications", replications, "a whole number >= 1")
    return int(replications)


def run_replications(
    spec: NetworkSpec,
    replications: int = 10,
    seed: int = 0,
    warmup: float = 0.0,
    log: bool = False,
    client: Any = None,
    progress: bool = False,
) -> SimulationOutput:
    """Simulate ``replications`` independent replications of ``spec`` and summarise them.

    Parameters
    ----------
    spec:
        The network (times in seconds).
    replications:
        Number of replications (>= 1; confidence intervals need >= 2).
    seed:
        Whole number >= 0. The same seed gives identical results; replication r uses the stream of
        :func:`.streams.replication_generator` ``(seed, r)``.
    warmup:
        Seconds at the start excluded from every statistic.
    log:
        Also return the per-visit log (off by default: it costs memory and time).
    client:
        ``None`` runs serially in this process; ``"local"``, a scheduler address or a
        ``dask.distributed.Client`` spreads replications over Dask workers (:mod:`.parallel`), with
        results identical to the serial run.
    progress:
        Show a progress bar (tqdm serially, dask's progress bar with a client).

    Raises
    ------
    InputError
        Before simulating anything, when the run would take more events or memory than :mod:`.size` allows.
    """
    R = check_replications(replications)
    seed = check_seed(seed)
    if not isinstance(log, bool):
        raise InputError("log", log, "True or False")
    inputs, labels = compiled(spec, warmup)
    check_size([(inputs, labels)], R, log)
    if client is None:
        reps = [run_replication(inputs, seed, r, log) for r in progress_bar(range(R), progress, R)]
    else:
        reps = map_replications(inputs, seed, R, log, client=client, progress=progress)
    return summarise(reps, labels)


def summarise(reps: list[Replication], labels: Labels) -> SimulationOutput:
    """Measures and confidence intervals from finished replications."""
    counts = np.stack([r.counts for r in reps])
    sums = np.stack([r.sums for r in reps])
    integrals = np.stack([r.integrals for r in reps])
    journeys = np.stack([r.journeys for r in reps])
    journey_time = np.stack([r.journey_time for r in reps])
    per_interval, per_horizon = aggregate.class_measures(counts, sums, integrals, labels)[0]
    served, resolved = per_interval["served"], per_interval["resolved"]
    per_interval.update(aggregate.journey_measures(journeys, journey_time, served, resolved, True, labels.decided))
    per_horizon.update(aggregate.journey_measures(journeys, journey_time, served, resolved, False, labels.decided))
    log = None
    if reps and reps[0].visits is not None:
        log = aggregate.visit_log(take_visits(reps), labels)
    groups = None
    tallies = [r.groups for r in reps if r.groups is not None]
    if tallies and len(tallies) == len(reps):
        by_interval, by_horizon = aggregate.group_measures(
            np.stack([g.integrals for g in tallies]),
            np.stack([g.answered_by for g in tallies]),
            np.stack([g.callbacks for g in tallies]),
            labels,
        )
        groups = {"intervals": by_interval, "summary": by_horizon}
    return SimulationOutput(
        labels=labels,
        replications=reps,
        per_replication={"intervals": per_interval, "summary": per_horizon},
        log=log,
        groups=groups,
    )


COMPILED_SIZE = 8
"""Most compiled networks :data:`COMPILED` keeps."""

COMPILED: OrderedDict[Hashable, tuple[KernelInputs, Labels]] = OrderedDict()
"""The compiled inputs (:meth:`.spec.NetworkSpec.compile`) of the :data:`COMPILED_SIZE` networks run last,
keyed by content (:func:`svcdesign.engines.memo.option_key` of the network and the warm-up, on which
they alone depend). The kernels and the summaries only read them, so running a network again (with another
seed or number of replications) compiles it once; a network changed in place has another key."""
_COMPILED_LOCK = threading.Lock()


def compiled(spec: NetworkSpec, warmup: float) -> tuple[KernelInputs, Labels]:
    """``spec.compile(warmup)``, kept in :data:`COMPILED` (a network with a field that cannot be keyed by
    value is compiled afresh; bad input raises :class:`InputError` each time, and is not kept)."""
    try:
        key: Hashable = (option_key(spec), option_key(warmup))
    except Unkeyable:
        return spec.compile(warmup)
    with _COMPILED_LOCK:
        found = COMPILED.get(key)
        if found is not None:
            COMPILED.move_to_end(key)
            return found
    found = spec.compile(warmup)
    with _COMPILED_LOCK:
        COMPILED[key] = found
        while len(COMPILED) > COMPILED_SIZE:
            COMPILED.popitem(last=False)
    return found


def progress_bar(items: Iterable, enabled: bool, total: int) -> Iterable:
    """``items``, wrapped in a tqdm progress bar (a widget in notebooks) when enabled and installed."""
    if not enabled:
        return items
    try:
        from tqdm.auto import tqdm  # optional (the notebooks extra): loaded for a progress bar only
    except ImportError:  # tqdm is an optional (notebook) dependency
        return items
    return tqdm(items, total=total, desc="replications")


def warm_up() -> float:
    """Compile (or load from numba's cache) the kernels by running tiny networks; returns seconds taken.

    The first simulation in a fresh environment compiles the kernel (a few seconds); later processes
    load it from the cache. Call this once after installing (e.g. from ``make lab``) so that the first
    notebook run is quick (``python -m svcdesign.warmup`` does it for every kernel).
    """
    start = time.perf_counter()
    spec = NetworkSpec(
        horizon=600.0,
        interval=300.0,
        arrival_rates=[[0.1], [0.1]],
        entry_stage=[0],
        staff=[2],
        service=exponential(30.0),
        patience=exponential(60.0),
        target_time=20.0,
    )
    out = run_replications(spec, replications=2, seed=0, log=True)  # the single-stage kernel (.lean_kernel)
    reps = out.replications  # the compiled summary of sd.simulate:
    aggregate.interval_summaries(
        [r.counts for r in reps], [r.sums for r in reps], [r.integrals for r in reps], out.labels
    )
    run_replication(spec.compile()[0], 0, 0, keep_log=True, general=True)  # the general kernel
    pooled = replace(spec, staff=[0], pools=AgentPools(names=["team"], staff=[2], speed=[[1.0]]))
    run_replications(pooled, replications=2, seed=0, log=True)  # the pools kernel
    return time.perf_counter() - start
