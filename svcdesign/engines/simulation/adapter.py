"""The simulation engine for scenarios: a :class:`~svcdesign.model.Scenario` in, shared ``Results`` out.

:func:`simulate` reads the scenario through :func:`svcdesign.model.compiled.expand` (like every engine),
builds a :class:`~.spec.NetworkSpec`, runs replications (serially or on Dask) and writes the shared long
schema with ``engine="simulation"`` and 95 % confidence intervals in ``lower``/``upper``.

Modelling choices (stated in ``Results.meta["modelling_choices"]`` too):

- customer classes are channel × segment: each channel's arrivals split by segment share, Poisson
  within each interval at the scenario's expected rate;
- agents available per interval = staff × (1 − shrinkage), rounded to the nearest whole agent (the
  simulation has whole people); the shift-change rule of :mod:`.kernel` applies at interval boundaries;
- handle times and patience use the stage's distribution (exponential, lognormal with its cv, or its
  empirical sample) scaled by the segment's multiplier; a service that starts in an interval is scaled
  by the stage's handle-time profile in that interval too (``service_scale``);
- repeat contacts and follow-ups come back after exactly the scenario's delay (``repeat_delay``,
  ``follow_up_delay`` are "seconds until the repeat contact"), repeats at ``repeat_to`` or the channel's
  entry stage; follow-ups never abandon; abandoners leave the chain (no retries);
- the horizon defaults to one typical week (the scenario's interval grid); a longer horizon repeats
  the typical week, or, when the run starts in a given ISO ``week``, runs through the following weeks
  each with its own seasonal and event peaks; the first ``warmup`` seconds are excluded from every figure;
- journeys still open at the horizon count as not resolved; the whole-horizon resolved shares
  count only customers whose first contact came at least the resolution target before the horizon
  (all customers, a lower bound, when the horizon is shorter than that; a warning says so);
- a measure with nothing to measure in any replication (no arrivals in an interval, no agent time,
  no contact answered or resolved) takes the analytic engine's value for an idle queue
  (:data:`EMPTY`: no wait, service level 1, a mean over no contacts 0), so that the results hold no
  NaN; backlog ages are reported at deferred stages only;
- a run is refused before it starts when it would need more events or memory than :mod:`.size`
  allows.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ... import checks
from ...errors import InputError
from ...i18n.phrases import Counted, Figure, Phrase, ntr, tr
from ...model import ContactType, Scenario, Stage
from ...model.compiled import ScenarioArrays, demand_over_weeks, expand
from ...model.units import parse_duration
from ...results import ALL, LongBuilder, Results, aggregate_periods, metric_info
from ..memo import Unkeyable, run_key
from . import aggregate
from . import kernel as K
from .aggregate import confidence_many
from .distributions import Dist, deterministic, empirical, exponential, lognormal, never
from .kernel import KernelInputs
from .parallel import map_jobs
from .pools import AgentPools
from .replication import Replication, run_replication, take_visits
from .run import check_replications, progress_bar
from .size import check_horizon, check_size
from .spec import Labels, NetworkSpec
from .streams import check_seed

ENGINE = "simulation"
MAX_AGENTS = 1e9
"""Most agents on duty at a stage in one interval the simulation rounds to whole people (far beyond
any roster the model admits; each agent takes a slot in the kernel's tables)."""

ASSUMPTIONS = (
    "Classes are channel × segment; arrivals are Poisson within each interval at the scenario's expected rate.",
    "Agents available = staff × (1 − shrinkage), rounded to the nearest whole agent per interval.",
    "A service lasts a draw of the stage's handle time × its handle-time profile in the interval it starts.",
    "At a staff drop busy agents finish the contact in hand, then leave; idle surplus agents leave at once.",
    "Repeat contacts and follow-ups return after exactly the scenario's delay; follow-ups never abandon.",
    "Abandoners leave the chain (no retries).",
    "A horizon longer than a week repeats the typical week, or runs through the weeks after the given ISO week.",
    "Journeys still open at the horizon count as not resolved; the whole-horizon resolved shares count the "
    "customers whose first contact came at least the resolution target before the horizon.",
)


def network_from_scenario(
    scenario: Any, horizon: float | str | None = None, week: int | None = None
) -> tuple[NetworkSpec, dict[str, Any]]:
    """The :class:`NetworkSpec` of a scenario over ``horizon`` seconds (default one week), plus notes.

    With ``week`` (ISO week 1–53) the horizon starts on Monday 00:00 of that week and each week of it has
    its own seasonal and event peaks (:func:`svcdesign.model.compiled.demand_over_weeks`); without, every
    week is the typical one.

    The notes dict holds ``x`` (the expanded scenario arrays, of ``week``), ``week``, ``periods`` (number of intervals),
    ``staff`` (paid staff per stage and interval over the horizon), ``classes`` as (channel, segment)
    pairs and ``rounding`` (the largest change made by rounding agents to whole people).
    """
    if not isinstance(scenario, Scenario):
        raise InputError(
            "scenario", type(scenario).__name__, "a svcdesign Scenario (Scenario.load(path) or Scenario(...))"
        )
    if week is not None:
        allowed = "an ISO week number 1–53, or None"
        week = int(checks.number("week", week, low=1, high=53, integer=True, allowed=allowed))
    x = expand(scenario, week, engine="simulation")
    L = float(x.interval_seconds)
    one_week = x.periods * L
    H = one_week if horizon is None else _seconds("horizon", horizon)
    NI = max(1, int(math.ceil(H / L - 1e-9)))
    check_horizon(NI, len(x.stages), len(x.channels) * len(x.segments))  # before any array over the horizon
    reps = int(math.ceil(NI / x.periods))

    def over_horizon(a: np.ndarray) -> np.ndarray:
        return np.tile(a, (1,) * (a.ndim - 1) + (reps,))[..., :NI]

    C, G, S = len(x.channels), len(x.segments), len(x.stages)
    classes = [(c, g) for c in range(C) for g in range(G)]
    # [C, NI] expected per interval: the typical week repeated, or the weeks from ``week`` with their peaks
    arrivals = over_horizon(x.arrivals) if week is None else demand_over_weeks(scenario, week, reps)[:, :NI]
    rates = np.array([arrivals[c] * x.segment_share[g] for c, g in classes]).T / L  # [NI, K] per second
    agents_real = over_horizon(x.agents)
    agents = _whole_agents(agents_real, x.stages)
    service, patience = _distributions(scenario, x, classes)
    pools = None if x.desk is None else _pools(x, over_horizon)
    entry = np.array([x.entry[c] for c, _ in classes])
    repeat_stage = np.array(
        [[x.repeat_to[s] if x.repeat_to[s] >= 0 else x.entry[c] for s in range(S)] for c, _ in classes]
    )
    spec = NetworkSpec(
        horizon=H,
        interval=L,
        arrival_rates=rates,
        entry_stage=entry,
        staff=agents,
        service=service,
        service_scale=over_horizon(x.handle_scale),
        patience=patience,
        target_time=np.asarray(x.target_time, dtype=float),
        deferred=[bool(d) for d in x.deferred],
        priority=[int(x.priority[g]) for _, g in classes],
        transfer=np.array([x.move[g] for _, g in classes]),
        repeat_prob=np.asarray(x.repeat, dtype=float),
        repeat_stage=repeat_stage,
        repeat_delay=[deterministic(float(d)) for d in x.repeat_delay],
        followup_prob=np.asarray(x.follow_up, dtype=float),
        followup_delay=[deterministic(float(d)) for d in x.follow_up_delay],
        retry_prob=np.asarray(x.retry, dtype=float),
        retry_delay=[deterministic(float(d)) for d in x.retry_delay],
        stage_names=list(x.stages),
        class_names=[f"{x.channels[c]} / {x.segments[g]}" for c, g in classes],
        resolution_target=float(x.resolution_target),
        pools=pools,
    )
    notes = {
        "x": x,
        "week": week,
        "periods": NI,
        "arrivals": arrivals,
        "staff": over_horizon(x.staff),
        "classes": classes,
        "rounding": float(np.max(np.abs(agents - agents_real))) if agents.size else 0.0,
    }
    return spec, notes


def _whole_agents(agents_real: np.ndarray, stages: list[str], where: str = "stages") -> np.ndarray:
    """Agents on duty ``[stage, interval]`` rounded to whole people, refusing more than
    :data:`MAX_AGENTS` (and NaN or infinite staff)."""
    if not np.all((agents_real >= 0) & (agents_real <= MAX_AGENTS)):  # NaN and inf included
        s, t = (int(v) for v in np.argwhere(~((agents_real >= 0) & (agents_real <= MAX_AGENTS)))[0])
        raise InputError(
            f"{where}.{stages[s]}.staff",
            float(agents_real[s, t]),
            f"at most {MAX_AGENTS:.0e} agents on duty in an interval (staff × (1 − shrinkage), "
            "with staff_adjustment), to be counted as whole people",
        )
    return np.rint(agents_real).astype(np.int64)


def _pools(x: ScenarioArrays, over_horizon: Any) -> AgentPools:
    """The desk's agent groups as :class:`.pools.AgentPools` over the network's stages (its contact types
    first, then the chain's stages, which keep their own staff) and the horizon's intervals.

    Agents on duty are rounded to whole people as at a stage; a reserve and a blending threshold, which
    count idle agents, are rounded up (a reserve of 1.5 agents keeps 2 idle).
    """
    d = x.desk
    assert d is not None
    S, Q = len(x.stages), d.n_types
    G = len(d.groups)

    def per_stage(a: np.ndarray, fill: float) -> np.ndarray:
        out = np.full((S, *a.shape[1:]), fill, dtype=float)
        out[:Q] = a
        return out

    return AgentPools(
        names=list(d.groups),
        staff=_whole_agents(over_horizon(d.agents), list(d.groups), "service_desk.groups"),
        speed=per_stage(d.speed, np.nan),
        preference=per_stage(d.preference, -1).astype(np.int64),
        overflow_after=per_stage(d.overflow_after, np.inf),
        stage_priority=per_stage(d.type_priority, 0).astype(np.int64),
        reserve=per_stage(np.ceil(d.reserve - 1e-9), 0).astype(np.int64),
        concurrency=d.slowdown,
        concurrent=per_stage(d.chat, 0).astype(bool),
        blend_idle_above=np.where(d.blend_idle_above < 0, -1, np.ceil(d.blend_idle_above - 1e-9)).astype(np.int64)
        if G
        else np.zeros(0, dtype=np.int64),
        callback_offer_above=per_stage(d.callback_offer_above, np.inf),
        callback_accept=per_stage(d.callback_accept, 0.0),
    )


def _distributions(
    scenario: Scenario, x: ScenarioArrays, classes: list[tuple[int, int]]
) -> tuple[list[list[Dist]], list[list[Dist]]]:
    """Service and patience distributions ``[stage][class]``: each stage's (and a desk's contact type's)
    shapes scaled to the class's segment means (no patience, or an infinite mean: customers who never
    abandon)."""
    service, patience = [], []
    types = [] if scenario.service_desk is None else list(scenario.service_desk.contact_types)
    rows: list[ContactType | Stage] = [*types, *scenario.stages]
    for s, stage in enumerate(rows):
        service.append([_scaled(stage.handle_time, x.handle_mean[g, s]) for _, g in classes])
        patience.append(
            [
                never()
                if stage.patience is None or not np.isfinite(x.patience_mean[g, s])
                else _scaled(stage.patience, x.patience_mean[g, s])
                for _, g in classes
            ]
        )
    return service, patience


def simulate(
    scenario: Any,
    *,
    horizon: float | str | None = None,
    week: int | None = None,
    replications: int = 10,
    seed: int = 0,
    warmup: float | str = 0.0,
    log: bool = False,
    client: Any = None,
    progress: bool = False,
) -> Results | tuple[Results, pd.DataFrame]:
    """Simulate a scenario: replications of its service chain, summarised in the shared schema.

    Parameters
    ----------
    scenario:
        A :class:`svcdesign.model.Scenario`.
    horizon:
        Simulated time, seconds or a duration string (``"3d"``); default one week of the scenario's
        interval grid, Monday 00:00 onwards.
    week:
        ISO week of the year (1–53) the horizon starts in; its seasonal and event peaks apply, and a
        longer horizon runs through the following weeks with theirs (counted in ``demand.year``).
        ``None``: typical weeks (weekday and time-of-day peaks still apply).
    replications:
        Independent replications (>= 1; confidence intervals need >= 2).
    seed:
        Whole number >= 0; the same seed gives identical results (serial or on Dask).
    warmup:
        Seconds (or a duration string) at the start excluded from every figure.
    log:
        Also return the per-visit log (:func:`.aggregate.visit_log`), as ``(results, log)``.
    client:
        ``None`` (serial), ``"local"``, a Dask scheduler address or a ``dask.distributed.Client``
        (:mod:`.parallel`).
    progress:
        Show a progress bar (tqdm serially, dask's with a client).

    Returns
    -------
    Results
        ``engine="simulation"``; per stage and period: arrivals, staff, agents (time-average present), busy
        agents, P(wait), ASA (all arrivals, s), ASA of answered contacts, service level, abandonment,
        answered, served, abandoned, occupancy, queue length, handle time, contacts still in the system at
        the end, escalations/transfers, repeats and follow-ups caused, backlog age (deferred stages), staff
        hours and cost; per segment: arrivals, answered, abandoned, abandonment, ASA, service level,
        P(wait); end to end (stage ``"all"``, by period of first contact): customers, FCR, contacts per
        resolution, customers abandoning, shares resolved within the resolution target and before the end,
        time to resolution of resolved customers (h), issues resolved, contacts
        arriving/answered/abandoned at all stages, staff hours and cost. ``lower``/``upper`` hold 95 %
        confidence intervals across replications (Student t). Whole-horizon figures have a missing period.
    """
    return simulate_variants(
        [scenario],
        horizon=horizon,
        week=week,
        replications=replications,
        seed=seed,
        warmup=warmup,
        log=log,
        client=client,
        progress=progress,
    )


def simulate_variants(
    scenarios: Sequence[Any],
    *,
    horizon: float | str | None = None,
    week: int | None = None,
    replications: int = 10,
    seed: int = 0,
    warmup: float | str = 0.0,
    log: bool = False,
    client: Any = None,
    progress: bool = False,
) -> Results | tuple[Results, pd.DataFrame]:
    """Simulate several scenario variants (e.g. from ``scenario.with_overrides``) and stack the results.

    All replications of all variants are submitted at once when a Dask ``client`` is given. Variants
    share the random streams of each replication index (common random numbers), which makes their
    differences less noisy than independent runs would. Arguments as for :func:`simulate`; scenario
    names must be distinct. With ``log=True`` the log has a ``scenario`` column.
    """
    scenarios = list(scenarios)
    if not scenarios:
        raise InputError("scenarios", scenarios, "at least one scenario")
    names = [getattr(s, "name", None) for s in scenarios]
    if len(set(names)) != len(names):
        raise InputError("scenarios", names, "scenarios with distinct names (use with_overrides(name=...))")
    R = check_replications(replications)
    seed = check_seed(seed)
    if not isinstance(log, bool):
        raise InputError("log", log, "True or False")
    warmup_s = _seconds("warmup", warmup, allow_zero=True)
    compiled = [(scenario, *_compiled(scenario, horizon, week, warmup_s)) for scenario in scenarios]
    check_size([(inputs, labels) for _, inputs, labels, _ in compiled], R, log)
    jobs = [(inputs, seed, r, log) for _, inputs, _, _ in compiled for r in range(R)]
    if client is None:
        reps = [run_replication(*job) for job in progress_bar(jobs, progress, len(jobs))]
    else:
        reps = map_jobs(jobs, client=client, progress=progress)
    results, logs = [], []
    for i, (scenario, _, labels, notes) in enumerate(compiled):
        mine = reps[i * R : (i + 1) * R]
        results.append(to_results(scenario, mine, labels, notes, seed=seed))
        if log:
            frame = aggregate.visit_log(take_visits(mine), labels)
            frame.insert(0, "scenario", scenario.name)
            logs.append(frame)
    out = results[0] if len(results) == 1 else Results.concat(results)
    if log:  # one scenario's log is returned as it is: concatenating would copy it
        return out, logs[0] if len(logs) == 1 else pd.concat(logs, ignore_index=True)
    return out


COMPILED_SIZE = 8
"""Most compiled networks :data:`COMPILED` keeps (0.1–0.2 MB each for the examples' week of 15-minute
intervals, in proportion to the horizon)."""

_Compiled = tuple[KernelInputs, Labels, dict[str, Any]]

COMPILED: OrderedDict[Hashable, _Compiled] = OrderedDict()
"""The compiled networks (:func:`network_from_scenario`, then :meth:`.spec.NetworkSpec.compile`) of the
:data:`COMPILED_SIZE` scenarios simulated last, keyed by content (:func:`svcdesign.engines.memo.run_key`:
the scenario's canonical JSON, the horizon, the week and the warm-up), on which they alone depend. The
kernels and the summaries only read them, so simulating a scenario again (with another seed or number of
replications, as a dashboard does) compiles it once."""
_COMPILED_LOCK = threading.Lock()


def _compiled(scenario: Any, horizon: float | str | None, week: int | None, warmup: float) -> _Compiled:
    """The kernel inputs, labels and notes of ``scenario`` over ``horizon`` from ``week`` with ``warmup``
    seconds left out, kept in :data:`COMPILED` (a scenario that cannot be keyed is compiled afresh)."""
    key: Hashable | None = None  # not kept: anything but a Scenario (refused when compiled) ...
    if isinstance(scenario, Scenario):
        try:
            key = run_key(ENGINE, scenario, {"horizon": horizon, "week": week, "warmup": warmup})
        except Unkeyable:  # ... or a horizon or week of a type no key holds (checked when compiled)
            key = None
    with _COMPILED_LOCK:
        found = None if key is None else COMPILED.get(key)
        if found is not None:
            COMPILED.move_to_end(key)
    if found is None:
        spec, notes = network_from_scenario(scenario, horizon, week)
        found = (*spec.compile(warmup), notes)
        if key is not None:
            with _COMPILED_LOCK:
                COMPILED[key] = found
                while len(COMPILED) > COMPILED_SIZE:
                    COMPILED.popitem(last=False)
    return found


def to_results(
    scenario: Any, reps: list[Replication], labels: Labels, notes: Mapping[str, Any], *, seed: int
) -> Results:
    """The shared long schema from finished replications of one scenario."""
    x = notes["x"]
    tallies = _Tallies.of(reps)
    stages = list(labels.stages)
    out = LongBuilder(scenario.name, ENGINE)
    segments = [[k for k, (_, g) in enumerate(notes["classes"]) if g == segment] for segment in range(len(x.segments))]
    sets = [(None, STAGE_METRICS), *((classes, SEGMENT_METRICS) for classes in segments)]
    blocks, by_interval = _summaries(tallies, labels, sets)
    _stage_rows(out, stages, blocks[0], labels)
    fixed = _input_rows(out, stages, notes["staff"], x.wage, labels.interval_length / 3600.0)
    _segment_rows(out, stages, blocks[1:], x.segments)
    desk_meta: dict[str, Any] = {}
    if x.desk is not None:
        group_fixed, desk_meta = _group_rows(out, reps, labels, notes)
        fixed = {k: np.concatenate([v, group_fixed[k]]) for k, v in fixed.items()}
    _chain_rows(out, tallies, by_interval, fixed, labels.decided)

    warnings = _warnings(stages, blocks[0].horizon, notes, len(reps))
    if not labels.decided.any():
        warnings.append(
            Phrase(
                tr(
                    "The horizon is shorter than the resolution target ({hours} h) after the first interval: the "
                    "resolved shares count journeys still open at the end as not resolved (a lower bound); simulate "
                    "a horizon longer than the target for the share resolved within it."
                ),
                hours=Figure(f"{labels.resolution_target / 3600:g}"),
            )
        )
    meta = {
        "engine": ENGINE,
        "scenario": scenario.name,
        "currency": scenario.organisation.currency,
        "week": notes.get("week"),  # the ISO week the horizon starts in (None: typical weeks)
        "warnings": warnings,
        "method": "discrete-event simulation (numba kernel), replications with Student-t 95% intervals",
        "replications": len(reps),
        "seed": seed,
        "warmup_seconds": labels.warmup,
        "horizon_seconds": labels.horizon,
        "first_contacts": _first_contacts(notes["arrivals"], float(x.interval_seconds), labels.warmup, labels.horizon),
        # the statements of the simulation's modelling choices; ``assumptions`` holds assumption values by
        # name in every Results (the customer models add theirs there)
        "modelling_choices": list(ASSUMPTIONS),
        **desk_meta,
    }
    arrays = out.arrays()
    if x.desk is not None:  # a contact type's agents, occupancy and cost are its groups'
        for stage in x.stages[: x.n_types]:
            arrays = arrays.without(GROUP_ONLY, stage=stage)
    return Results(arrays, x.period_minutes, meta)  # the long frame built when first read


def _first_contacts(arrivals: np.ndarray, interval: float, warmup: float, horizon: float) -> np.ndarray:
    """Expected first contacts per channel over the measured window (after ``warmup``, before ``horizon``,
    seconds) from the expected arrivals per interval ``[channel, interval]``: what the chain's flows start from
    (:func:`svcdesign.explore.flows.chain_flows`), over the horizon the figures count."""
    starts = np.arange(arrivals.shape[1]) * interval
    overlap = np.clip(np.minimum(starts + interval, horizon) - np.maximum(starts, warmup), 0.0, interval)
    return arrivals @ (overlap / interval)


GROUP_ONLY = ("staff", "agents", "busy_agents", "occupancy", "staff_hours", "staff_cost")
"""Figures a desk's contact type does not have (its agent groups have them)."""


def _group_rows(
    out: LongBuilder, reps: list[Replication], labels: Labels, notes: Mapping[str, Any]
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Per agent group: staff, agents present, busy agents, occupancy and contacts answered (with
    intervals), staff hours and cost; per contact type: callbacks offered and accepted. Returns the
    groups' staff hours and cost per interval (for the end-to-end totals) and what the results' meta
    says of the desk (its types, groups and skills; contacts of each type answered by each group)."""
    x = notes["x"]
    d = x.desk
    tallies = [r.groups for r in reps]
    assert d is not None and all(t is not None for t in tallies)
    per_p, per_h = aggregate.group_measures(
        np.stack([t.integrals for t in tallies]),  # type: ignore[union-attr]
        np.stack([t.answered_by for t in tallies]),  # type: ignore[union-attr]
        np.stack([t.callbacks for t in tallies]),  # type: ignore[union-attr]
        labels,
    )
    names = list(d.groups)
    for source in (per_p, per_h):
        source["answered"] = source["answered_by"].sum(axis=1)  # [R, G(, NI)] over the stages
    _add(
        out,
        names,
        per_p,
        per_h,
        {
            "group_present": "agents",
            "group_busy": "busy_agents",
            "group_occupancy": "occupancy",
            "answered": "answered",
        },
    )
    Q = d.n_types
    _add(
        out,
        list(x.stages[:Q]),
        {k: per_p[k][:, :Q] for k in ("callbacks_offered", "callbacks_accepted")},
        {k: per_h[k][:, :Q] for k in ("callbacks_offered", "callbacks_accepted")},
        {"callbacks_offered": "callbacks_offered", "callbacks_accepted": "callbacks_accepted"},
    )
    staff = np.tile(d.staff, (1, -(-labels.interval_length.size // d.staff.shape[1])))[:, : labels.interval_length.size]
    fixed = _input_rows(out, names, staff, d.wage, labels.interval_length / 3600.0)
    answered = per_h["answered_by"].mean(axis=0)[:Q]  # [Q, G] over the horizon, mean of the replications
    meta = {
        "desk": {
            "contact_types": list(d.contact_types),
            "groups": names,
            "skills": {
                g: [d.contact_types[q] for q in np.flatnonzero(np.isfinite(d.speed[:, j]))] for j, g in enumerate(names)
            },
        },
        "answered_by": pd.DataFrame(
            answered, index=pd.Index(d.contact_types, name="contact type"), columns=pd.Index(names, name="group")
        ),
    }
    return fixed, meta


@dataclass(frozen=True)
class _Tallies:
    """The replications' tallies: ``counts`` and ``sums`` ``[S, NI, K, N_C]`` (:mod:`.aggregate`) and
    ``integrals`` over time one array per replication (the compiled summary reads them where they are),
    and the end-to-end ``journeys`` and ``journey_time`` stacked along a first axis of replications."""

    counts: list[np.ndarray]
    sums: list[np.ndarray]
    integrals: list[np.ndarray]
    journeys: np.ndarray
    journey_time: np.ndarray

    @classmethod
    def of(cls, reps: list[Replication]) -> _Tallies:
        return cls(
            counts=[r.counts for r in reps],
            sums=[r.sums for r in reps],
            integrals=[r.integrals for r in reps],
            journeys=np.stack([r.journeys for r in reps]),
            journey_time=np.stack([r.journey_time for r in reps]),
        )


BACKLOG = ("backlog_mean_age", "backlog_max_age")
"""Measures of deferred work only: no rows at live stages."""
STAGE_METRICS = tuple(name for name in aggregate.METRICS if name not in ("resolved", "retries"))
"""The measures of all classes reported per stage (:func:`_stage_rows`), in the order of their rows."""


class _Stacked(NamedTuple):
    """Summaries (:func:`.aggregate.confidence`) of the measures ``names`` stacked along a first axis of
    measures: ``mean``, ``lower``, ``upper`` and ``n`` (replications with a value) ``[measure, stage(,
    period)]``."""

    names: list[str]
    mean: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    n: np.ndarray

    @classmethod
    def of(cls, summaries: Mapping[str, Mapping[str, np.ndarray]]) -> _Stacked:
        """The summaries by measure, stacked (copied; none: empty arrays)."""
        stacked = (np.array([ci[key] for ci in summaries.values()]) for key in cls._fields[1:])
        return cls(list(summaries), *stacked)


class _SetSummary(NamedTuple):
    """A set of classes' measures: summarised per stage and period (:attr:`backlog`: the backlog ages at
    the deferred stages, :attr:`period`: the others at every stage), and per replication and stage over
    the horizon."""

    period: _Stacked
    backlog: _Stacked
    horizon: dict[str, np.ndarray]


def _summaries(
    t: _Tallies, labels: Labels, sets: Sequence[tuple[Sequence[int] | None, Sequence[str]]]
) -> tuple[list[_SetSummary], np.ndarray]:
    """Each set of classes' (``None``: all) measures (:class:`_SetSummary`), and the counts of all
    classes at all stages per replication and period ``[R, NI, N_C]``.

    With more than one period (or one replication) the period summaries are one compiled pass
    (:func:`.aggregate.interval_summaries`); otherwise numpy's (:func:`.aggregate.confidence_many` of
    :func:`.aggregate.class_measures`), which sums a single cell's replications in its own order."""
    deferred = np.flatnonzero(labels.deferred)
    out: list[_SetSummary] = []
    if labels.interval_start.size < 2 and len(t.counts) > 1:
        counts, sums, integrals = (np.stack(a) for a in (t.counts, t.sums, t.integrals))
        measured = aggregate.class_measures(counts, sums, integrals, labels, sets)
        for (_, names), (per_p, per_h) in zip(sets, measured, strict=True):
            live = confidence_many({m: per_p[m] for m in names if m not in BACKLOG})  # in the order of the rows
            backlog = confidence_many({m: per_p[m][:, deferred] for m in names if m in BACKLOG})
            out.append(_SetSummary(_Stacked.of(live), _Stacked.of(backlog), per_h))
        return out, counts.sum(axis=(1, 3))  # whole numbers: exact in any order
    ordered = [
        (chosen, [*(m for m in names if m not in BACKLOG), *(m for m in names if m in BACKLOG)])
        for chosen, names in sets
    ]
    one = aggregate.interval_summaries(t.counts, t.sums, t.integrals, labels, ordered)
    for i, ((_, names), counts, sums) in enumerate(zip(sets, one.counts, one.sums, strict=True)):
        wanted = list(one.summaries[i])  # the set's measures in the order of their rows: backlog ages last
        split = one.rows[i] + sum(m not in BACKLOG for m in wanted)
        live_rows, backlog_rows = slice(one.rows[i], split), slice(split, one.rows[i + 1])
        mean, lower, upper = one.statistics
        live_n = one.defined[live_rows]
        out.append(
            _SetSummary(
                _Stacked(wanted[: split - one.rows[i]], mean[live_rows], lower[live_rows], upper[live_rows], live_n),
                _Stacked(
                    wanted[split - one.rows[i] :],
                    *(a[backlog_rows][:, deferred] for a in (mean, lower, upper, one.defined)),
                ),
                aggregate.horizon_measures(counts, sums, one.integrals, labels, names),
            )
        )
    return out, one.by_interval


def _stage_rows(out: LongBuilder, stages: list[str], summary: _SetSummary, labels: Labels) -> None:
    """Per stage: the simulated measures with confidence intervals (backlog ages at deferred stages
    only), from all classes' measures (:func:`_summaries`)."""
    _rows(out, stages, summary.period)
    _rows(out, stages, _Stacked.of(confidence_many({m: summary.horizon[m] for m in summary.period.names})))
    deferred = np.flatnonzero(labels.deferred)
    if deferred.size:
        at = [stages[s] for s in deferred]
        _rows(out, at, summary.backlog)
        _rows(out, at, _Stacked.of(confidence_many({m: summary.horizon[m][:, deferred] for m in BACKLOG})))


def _input_rows(
    out: LongBuilder, stages: list[str], staff: np.ndarray, wage: np.ndarray, hours: np.ndarray
) -> dict[str, np.ndarray]:
    """Per stage: the inputs (no interval: they are not random) from ``staff`` paid staff
    ``[stage, interval]``, ``wage`` per paid hour ``[stage]`` and each interval's length in ``hours``.
    Returns them by metric."""
    wages = np.asarray(wage, dtype=float)[:, None]
    fixed = {"staff": staff, "staff_hours": staff * hours, "staff_cost": staff * wages * hours}
    out.add(stages, fixed)
    out.add(stages, aggregate_periods(fixed))
    return fixed


SEGMENT_METRICS = ("arrivals", "answered", "abandoned", "p_abandon", "asa", "service_level", "p_wait")
"""The measures reported per stage and segment (:func:`.aggregate.measures`), in the order of their rows."""


def _segment_rows(out: LongBuilder, stages: list[str], blocks: Sequence[_SetSummary], segments: Sequence[str]) -> None:
    """Per stage and segment: the count-based measures over that segment's (channel, segment) classes,
    from each segment's measures (:func:`_summaries`, in segment order)."""
    for segment, summary in zip(segments, blocks, strict=True):
        _rows(out, stages, summary.period, segment=segment)
        horizon = confidence_many({n: summary.horizon[n] for n in SEGMENT_METRICS})
        _rows(out, stages, _Stacked.of(horizon), segment=segment)


def _chain_rows(
    out: LongBuilder, t: _Tallies, counts: np.ndarray, fixed: Mapping[str, np.ndarray], decided: np.ndarray
) -> None:
    """Stage ``"all"``: end-to-end journey measures, contacts at all stages together, and the staff
    hours and cost of the whole chain, from the tallies and the ``counts`` of all classes at all stages
    per replication and period ``[R, NI, N_C]``. The whole-horizon resolved shares count the customers
    of the ``decided`` intervals (:attr:`.spec.Labels.decided`)."""
    columns = {"served": K.C_SERVED, "resolved": K.C_RESOLVED, "arrivals": K.C_ARRIVALS}
    columns.update(answered=K.C_ANSWERED, abandoned=K.C_ABANDONED)
    per_period = {name: counts[..., j].astype(float) for name, j in columns.items()}  # [R, NI]
    served, resolved = per_period["served"][:, None], per_period["resolved"][:, None]  # one row: all stages
    jp = aggregate.journey_measures(t.journeys, t.journey_time, served, resolved, True, decided)
    jh = aggregate.journey_measures(t.journeys, t.journey_time, served, resolved, False, decided)
    for d in (jp, jh):
        d["time_to_resolution"] = d.pop("journey_time") / 3600.0
    for name in ("resolved", "arrivals", "answered", "abandoned"):  # contacts at all stages together
        jp[name] = per_period[name]
        jh[name] = jp[name].sum(axis=1)  # whole numbers: exact
    names = {
        n: n
        for n in (
            "customers",
            "fcr",
            "contacts_per_resolution",
            "p_abandon_any",
            "time_to_resolution",
            "resolved_within_target",
            "resolved_share",
            "resolved",
            "arrivals",
            "answered",
            "abandoned",
        )
    }
    _add(out, [ALL], {k: v[:, None] for k, v in jp.items()}, {k: v[:, None] for k, v in jh.items()}, names)
    totals = {name: fixed[name].sum(axis=0)[None, :] for name in ("staff_hours", "staff_cost")}
    out.add([ALL], totals)
    out.add([ALL], {name: v.sum(axis=1) for name, v in totals.items()})


EMPTY = (
    "p_wait",
    "asa",
    "asa_answered",
    "p_abandon",
    "service_level",
    "aht",
    "occupancy",
    "queue_length",
    "busy_agents",
    "agents",
    "backlog_mean_age",
    "backlog_max_age",
    "fcr",
    "p_abandon_any",
    "time_to_resolution",
    "resolved_within_target",
    "resolved_share",
    "contacts_per_resolution",
)
"""Measures that, with nothing to measure in any replication (an empty denominator), take their
metric's ``empty`` value (:class:`svcdesign.results.Metric`), the conventions of the analytic engine
and of :func:`svcdesign.results.aggregate_periods`: no arrivals means no wait, no abandonment and no
contact that missed the target (service level 1, the idle queue of :mod:`svcdesign.formulas.queueing.erlang`);
a mean over no contacts (answered, served, journeys ended, issues resolved) is 0; no agent time or no
observed time (inside the warm-up) means no occupancy, queue or busy agents; no waiting deferred work
means an age of 0; no first contacts means no first-contact resolution and nobody abandoning. The row
set is the same whatever the random draws, so runs compare cell by cell."""


def _add(
    out: LongBuilder,
    stages: list[str],
    per_period: Mapping[str, np.ndarray],
    per_horizon: Mapping[str, np.ndarray],
    names: Mapping[str, str],
    segment: str = ALL,
) -> None:
    """Add per-period and whole-horizon rows (mean, and the interval as lower/upper) for ``names``
    (:func:`_rows`) from the measures per replication."""
    for source in (per_period, per_horizon):
        _rows(
            out, stages, _Stacked.of(confidence_many({metric: source[name] for name, metric in names.items()})), segment
        )


def _rows(out: LongBuilder, stages: list[str], summary: _Stacked, segment: str = ALL) -> None:
    """Add the rows of the stacked summaries (mean, and the interval as lower/upper), handing their
    arrays over to ``out``.

    A measure undefined in every replication takes its metric's empty value (:data:`EMPTY`; no
    interval): written into ``summary.mean`` where no replication has a value.
    """
    for i, metric in enumerate(summary.names):
        if metric in EMPTY:
            np.copyto(summary.mean[i], metric_info(metric).empty, where=summary.n[i] == 0)
    out.add_stacked(stages, summary.names, summary.mean, summary.lower, summary.upper, segment=segment)


def _warnings(
    stages: list[str], per_horizon: Mapping[str, np.ndarray], notes: Mapping[str, Any], replications: int
) -> list[str]:
    out: list[str] = []
    left = np.nanmean(per_horizon["in_system_end"], axis=0)
    arrivals = np.nanmean(per_horizon["arrivals"], axis=0)
    for s, name in enumerate(stages):
        if arrivals[s] > 0 and left[s] > 0.02 * arrivals[s]:
            count = f"{left[s]:.0f}"
            out.append(
                Counted(
                    ntr(
                        "Stage '{name}': on average {n} contact ({share} of arrivals) was still waiting or in service "
                        "at the end of the horizon: the queue had not cleared (overload, or a horizon too short for "
                        "the delays).",
                        "Stage '{name}': on average {n} contacts ({share} of arrivals) were still waiting or in "
                        "service at the end of the horizon: the queue had not cleared (overload, or a horizon too "
                        "short for the delays).",
                    ),
                    count,
                    name=name,
                    n=Figure(count),
                    share=Figure(f"{left[s] / arrivals[s]:.0%}"),
                )
            )
    if notes["rounding"] > 1e-9:
        change = f"{notes['rounding']:.2f}"
        out.append(
            Counted(
                ntr(
                    "Agents available (staff × (1 − shrinkage)) were rounded to whole agents per interval (largest "
                    "change {n} agent).",
                    "Agents available (staff × (1 − shrinkage)) were rounded to whole agents per interval (largest "
                    "change {n} agents).",
                ),
                change,
                n=Figure(change),
            )
        )
    if replications < 2:
        out.append(Phrase(tr("One replication: no confidence intervals (lower/upper are missing).")))
    return out


def _scaled(dist: Any, mean: float) -> Dist:
    """A model Distribution as a simulation Dist with the given (segment-scaled) mean, seconds."""
    if dist.kind == "lognormal":
        return lognormal(mean, dist.cv)
    if dist.kind == "empirical":
        factor = mean / dist.mean if dist.mean > 0 else 1.0
        return empirical(np.asarray(dist.samples, dtype=float) * factor)
    return exponential(mean)


def _seconds(name: str, value: Any, allow_zero: bool = False) -> float:
    try:  # no upper bound here: the size check (:mod:`.size`) says how long a run may be
        seconds = parse_duration(value, maximum=math.inf)
    except (ValueError, TypeError):
        raise InputError(name, value, "seconds, or a duration such as '8h', '3d', '2w'") from None
    if not math.isfinite(seconds) or seconds < 0 or (seconds == 0 and not allow_zero):
        raise InputError(name, value, "a finite duration " + ("≥ 0" if allow_zero else "> 0"))
    return float(seconds)
