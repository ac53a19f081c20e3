"""Flows through the service chain over the results' horizon, read from an engine's results, and its bottleneck.

The service-design views (Sankey diagram, blueprint, journey) all need the same numbers: how many
contacts arrive at each stage, how many abandon, and where the answered ones go (resolved,
escalated, transferred, back as repeat contacts, followed up). :func:`chain_flows` takes them from a
:class:`~svcdesign.results.Results` — contacts per stage and segment as the engine computed them —
and splits the answered contacts by the scenario's routing probabilities, per segment (a segment's
escalation propensity scales its escalations; ``svcdesign.model.compiled.expand``). Nothing is
re-modelled here: the split is the same routing the engine applied, so the flows into each stage add
up to the engine's arrivals there (the traffic equations, summed over the horizon). The first contacts
are the scenario's expected demand over the horizon the engine counted (``results.meta["first_contacts"]``
per channel: the analytic engine's week, a simulation's horizon after its warm-up), so a one-day or
two-week simulation starts from a day's or two weeks' demand; in a simulation, repeats and follow-ups
due after the horizon ends are in the flows but not in its arrivals.

A scenario with a multi-skill service desk (``Scenario.service_desk``) is read as the engines lay it
out (``svcdesign.model.desk_arrays``): its contact types are the first stages of the flows, a desk
channel's first contacts one row per contact type, and the agent groups who answered each type come
from the engine's answered-by table (``results.meta["answered_by"]``, contacts over the horizon).

:func:`fail_points` and :func:`waits_over_target` hold each stage's flows against the scenario's
targets; :func:`bottleneck` names the busiest stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..engines.analytic import evaluate
from ..errors import InputError
from ..model import ContactType, Scenario, ServiceTarget, Stage
from ..model.compiled import ScenarioArrays, expand
from ..results import ALL, Results


@dataclass(frozen=True)
class ChainFlows:
    """Contacts over the horizon through each stage (all customers or one segment).

    Arrays are indexed by stage in the scenario's order; ``escalated[i, j]`` and ``transferred[i, j]``
    are contacts handled at stage *i* and sent at once to stage *j*; ``followed_up[i, j]`` are later
    follow-ups of stage *i*'s contacts done at stage *j*; ``repeats[i, j]`` are contacts handled at
    *i* that come back as repeat contacts arriving at *j*. ``external[c]`` are first contacts on
    channel ``channels[c]``, arriving at stage ``entry[c]``.

    With a service desk the first ``n_types`` stages are its contact types (role ``"contact_type"``)
    and a desk channel has one row per contact type (the channel's name repeated); ``answered_by[q, g]``
    are contacts of type *q* answered by agent group ``groups[g]`` and ``skilled[q, g]`` whether the
    group has the skill. Without a desk ``groups`` is empty and both arrays are 0 × 0.
    """

    stages: list[str]
    roles: list[str]
    channels: list[str]
    entry: np.ndarray
    external: np.ndarray
    arrivals: np.ndarray
    answered: np.ndarray
    abandoned: np.ndarray
    resolved: np.ndarray
    escalated: np.ndarray
    transferred: np.ndarray
    repeats: np.ndarray
    followed_up: np.ndarray
    handle_seconds: np.ndarray
    asa_seconds: np.ndarray
    p_abandon: np.ndarray
    service_level: np.ndarray
    groups: list[str] = field(default_factory=list)
    answered_by: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    skilled: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))

    @property
    def n_types(self) -> int:
        """Contact types of the service desk (the first stages); 0 without a desk."""
        return int(self.answered_by.shape[0])

    def through_groups(self, values: np.ndarray) -> np.ndarray:
        """The contact types' rows of a per-stage flow (``[S]`` or ``[S, S]``, contacts) split over the
        agent groups that answered them, in proportion to ``answered_by``: ``[G]`` or ``[G, S]``.

        Each type's routing applies to its answered contacts whichever group answered them, so a
        group's share of a type's onward flow is its share of the type's answered contacts.
        """
        share = _share(self.answered_by, self.answered[: self.n_types, None])  # [Q, G]
        return np.tensordot(share, np.asarray(values, dtype=float)[: self.n_types], axes=(0, 0))

    @property
    def inflow(self) -> np.ndarray:
        """Contacts arriving at each stage: first contacts + repeats + escalations, transfers, follow-ups."""
        first = np.zeros(len(self.stages))
        np.add.at(first, self.entry, self.external)
        return first + self.repeats.sum(0) + self.escalated.sum(0) + self.transferred.sum(0) + self.followed_up.sum(0)

    @property
    def share_escalated(self) -> np.ndarray:
        """Share of each stage's answered contacts escalated at once (0 where none answered)."""
        return _share(self.escalated.sum(1), self.answered)

    @property
    def share_transferred(self) -> np.ndarray:
        """Share of each stage's answered contacts transferred at once to another team."""
        return _share(self.transferred.sum(1), self.answered)

    @property
    def share_onward(self) -> np.ndarray:
        """``[i, j]``: share of stage *i*'s answered contacts escalated, transferred or followed up at *j*."""
        return _share(self.escalated + self.transferred + self.followed_up, self.answered[:, None])

    @property
    def share_followed_up_here(self) -> np.ndarray:
        """Share of each stage's answered contacts it follows up itself later (0 where none answered)."""
        return _share(np.diag(self.followed_up), self.answered)

    @property
    def share_repeating(self) -> np.ndarray:
        """Share of each stage's answered contacts that come back as repeat contacts (0 where none answered)."""
        return _share(self.repeats.sum(1), self.answered)

    def order(self) -> list[int]:
        """Stage indices in the order customers meet them: breadth first from the entry stages along
        escalations, transfers and follow-ups (ties in the scenario's order)."""
        seen: list[int] = []
        frontier = [int(e) for e in dict.fromkeys(self.entry.tolist())]
        links = self.escalated + self.transferred + self.followed_up
        while frontier:
            nxt: list[int] = []
            for i in frontier:
                if i in seen:
                    continue
                seen.append(i)
                nxt.extend(int(j) for j in np.flatnonzero(links[i] > 0) if j not in seen)
            frontier = nxt
        return seen + [i for i in range(len(self.stages)) if i not in seen]


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(whole > 0, part / np.where(whole > 0, whole, 1.0), 0.0)


def _horizon(results: Results, metric: str, stages: list[str], segment: str) -> np.ndarray:
    """Whole-horizon values of ``metric`` for each stage (NaN where absent), one engine and scenario."""
    d = results.data
    rows = d[(d["metric"] == metric) & (d["segment"] == segment) & d["period"].isna()]
    by_stage = dict(zip(rows["stage"], rows["value"].astype(float), strict=True))
    return np.array([by_stage.get(s, np.nan) for s in stages], dtype=float)


def _check_results(scenario: Scenario, results: Results) -> None:
    if len(results.scenarios) != 1 or len(results.engines) != 1:
        raise InputError(
            "results", repr(results), "results of one scenario and one engine (select one before plotting)"
        )
    desk = scenario.service_desk
    names = scenario.stage_names + ([] if desk is None else [t.name for t in desk.contact_types])
    missing = set(names) - set(results.stages)
    if missing:
        raise InputError("results", sorted(missing), f"results for every stage of scenario '{scenario.name}'")
    if desk is not None and not isinstance(results.meta.get("answered_by"), pd.DataFrame):
        raise InputError(
            "results",
            repr(results),
            f"results of an engine that reads the service desk of scenario '{scenario.name}' "
            "(sd.evaluate or sd.simulate: their meta['answered_by'] table)",
        )


def _desk_fields(scenario: Scenario, results: Results, x: ScenarioArrays, answered: np.ndarray) -> dict:
    """The agent groups, the contacts of each type answered by each group (the engine's answered-by
    table, scaled to ``answered`` — one segment's share of each type's answered contacts) and the skills."""
    if x.desk is None:
        return {}
    table = results.meta["answered_by"]
    types, groups = x.desk.contact_types, x.desk.groups
    by = table.reindex(index=types, columns=groups).fillna(0.0).to_numpy(dtype=float)
    Q = len(types)
    by = by * _share(answered[:Q], by.sum(1))[:, None]
    return {"groups": list(groups), "answered_by": by, "skilled": np.isfinite(x.desk.speed)}


def chain_flows(scenario: Scenario, results: Results | None = None, *, segment: str = ALL) -> ChainFlows:
    """Whole-horizon flows through ``scenario``'s chain, from ``results`` (default: ``evaluate(scenario)``).

    ``segment`` restricts the flows to one customer segment (``"all"`` = every customer).
    Counts are contacts over the results' horizon (a week for the analytic engine). A service desk's
    contact types are the first stages and its agent groups answer them (see :class:`ChainFlows`).
    """
    if results is None:
        results = evaluate(scenario, staffing=False)
    _check_results(scenario, results)
    x = expand(scenario, engine="flows")
    S = len(x.stages)
    if segment != ALL and segment not in x.segments:
        raise InputError("segment", segment, f"'all' or one of the segments {x.segments}")
    segments = x.segments if segment == ALL else [segment]
    transfer = _transfer_matrix(scenario, x)
    seg_answered = _answered_by_segment(results, x, segments, segment)
    answered = seg_answered.sum(0)
    escalated = np.zeros((S, S))
    transferred = np.zeros((S, S))
    resolved = np.zeros(S)
    for row, name in zip(seg_answered, segments, strict=True):
        k = x.segments.index(name)
        escalated += row[:, None] * (x.move[k] - transfer)
        transferred += row[:, None] * transfer
        resolved += row * np.clip(x.resolve[k], 0.0, 1.0)
    share = 1.0 if segment == ALL else float(x.segment_share[x.segments.index(segment)])
    external = np.asarray(results.meta.get("first_contacts", x.arrivals.sum(axis=1)), dtype=float) * share
    arrivals = np.nan_to_num(_horizon(results, "arrivals", x.stages, segment))
    first = np.zeros(S)
    np.add.at(first, x.entry, external)
    repeats = _repeats(x, answered, arrivals, first, escalated, transferred)
    followed_up = answered[:, None] * x.follow_up
    abandoned = np.nan_to_num(_horizon(results, "abandoned", x.stages, segment))
    Q = x.n_types
    return ChainFlows(
        stages=list(x.stages),
        roles=["contact_type"] * Q + [s.role for s in scenario.stages],
        channels=list(x.channels) if x.desk is None else list(x.desk.channel_of),
        entry=np.asarray(x.entry),
        external=external,
        arrivals=arrivals,
        answered=answered,
        abandoned=abandoned,
        resolved=resolved,
        escalated=escalated,
        transferred=transferred,
        repeats=repeats,
        followed_up=followed_up,
        handle_seconds=_mean_handle(results, x.stages),
        asa_seconds=_horizon(results, "asa", x.stages, segment),
        p_abandon=_horizon(results, "p_abandon", x.stages, segment),
        service_level=_horizon(results, "service_level", x.stages, ALL),
        **_desk_fields(scenario, results, x, answered),
    )


def _mean_handle(results: Results, stages: list[str]) -> np.ndarray:
    """Mean handle time per stage, seconds: offered load (Erlangs, time-averaged) × horizon length ÷
    contacts (all customers); NaN everywhere when the results lack the load."""
    load = _horizon(results, "offered_load", stages, ALL)
    all_arrivals = _horizon(results, "arrivals", stages, ALL)
    periods = results.data["period"].dropna().nunique()
    horizon_seconds = periods * results.period_minutes * 60.0
    return _share(load * horizon_seconds, all_arrivals) if np.all(np.isfinite(load)) else np.full(len(stages), np.nan)


def _transfer_matrix(scenario: Scenario, x: ScenarioArrays) -> np.ndarray:
    """Transfer probabilities ``[from stage, to stage]`` of the scenario's routing."""
    S = len(x.stages)
    transfer = np.zeros((S, S))
    desk = scenario.service_desk
    steps: list[ContactType | Stage] = [*([] if desk is None else desk.contact_types), *scenario.stages]
    for source, step in enumerate(steps):  # the arrays' order: contact types first
        for target, p in step.routing.transfer.items():
            transfer[source, x.stages.index(target)] += p
    return transfer


def target_of(scenario: Scenario, name: str) -> ServiceTarget:
    """The service target that applies at a stage or at a contact type of the service desk (its own,
    else the scenario default)."""
    desk = scenario.service_desk
    for contact in [] if desk is None else desk.contact_types:
        if contact.name == name:
            return contact.target or scenario.targets
    return scenario.target_for(name)


def _answered_by_segment(results: Results, x: ScenarioArrays, segments: list[str], segment: str) -> np.ndarray:
    """Answered contacts ``[segment, stage]``; for all customers, the segments' mix scaled to the
    engine's all-customer total so that the flows add up to the stage figures exactly."""
    seg_answered = np.array([np.nan_to_num(_horizon(results, "answered", x.stages, name)) for name in segments])
    if segment == ALL:
        total = np.nan_to_num(_horizon(results, "answered", x.stages, ALL))
        seg_answered = seg_answered * _share(total, seg_answered.sum(0))[None, :]
    return seg_answered


def _repeats(
    x: ScenarioArrays,
    answered: np.ndarray,
    arrivals: np.ndarray,
    first: np.ndarray,
    escalated: np.ndarray,
    transferred: np.ndarray,
) -> np.ndarray:
    """Repeat contacts ``[from stage, to stage]``, from the answered contacts, the engine's arrivals,
    the first contacts and the escalations and transfers ``[from stage, to stage]`` at each stage."""
    S = len(x.stages)
    repeats = np.zeros((S, S))
    for i in np.flatnonzero((x.repeat > 0) & (x.repeat_to >= 0)):
        repeats[i, x.repeat_to[i]] += answered[i] * x.repeat[i]
    back = np.flatnonzero((x.repeat > 0) & (x.repeat_to < 0))
    if back.size:
        # repeats return to the stage where the customer first came in; the engine tracks channels,
        # the results do not, so each entry stage's share is what its arrivals leave unexplained
        known = (
            first + repeats.sum(0) + escalated.sum(0) + transferred.sum(0) + (answered[:, None] * x.follow_up).sum(0)
        )
        entries = np.zeros(S, dtype=bool)
        entries[x.entry] = True
        rest = np.where(entries, np.clip(arrivals - known, 0.0, None), 0.0)
        weights = rest if rest.sum() > 0 else np.where(entries, first, 0.0)
        for i in back:
            repeats[i] += answered[i] * x.repeat[i] * weights / weights.sum()
    return repeats


def fail_points(scenario: Scenario, flows: ChainFlows) -> np.ndarray:
    """Whether each stage misses its service-level or abandonment target (Shostack's fail points).

    Parameters
    ----------
    scenario:
        The scenario whose targets apply (:meth:`Scenario.target_for`).
    flows:
        Its flows (:func:`chain_flows`): service level and abandonment as shares in [0, 1].

    Returns
    -------
    numpy.ndarray
        One boolean per stage, in ``flows.stages`` order.
    """
    out = np.zeros(len(flows.stages), dtype=bool)
    for i, stage in enumerate(flows.stages):
        target = target_of(scenario, stage)
        out[i] = bool(
            (target.service_level is not None and flows.service_level[i] < target.service_level)
            or (target.max_abandon is not None and flows.p_abandon[i] > target.max_abandon)
        )
    return out


def waits_over_target(scenario: Scenario, flows: ChainFlows) -> np.ndarray:
    """Whether each stage's mean wait (ASA, seconds) is longer than its target answer time (seconds)."""
    return np.array(
        [bool(flows.asa_seconds[i] > target_of(scenario, stage).answer_within) for i, stage in enumerate(flows.stages)],
        dtype=bool,
    )


def bottleneck(results: Results) -> tuple[str, pd.DataFrame]:
    """The chain's bottleneck and a table of every stage's load, one scenario and engine.

    The bottleneck is the stage with the highest whole-horizon **occupancy** (share of available agent
    time spent handling contacts): the resource with the highest utilisation limits the flow
    (operations management's definition, e.g. Anupindi et al., *Managing Business Process Flows*).
    The table, sorted by occupancy, also gives service level (%), mean wait (s), abandonment (%) and
    contacts, so a stage that loses customers without being the busiest is visible too.
    """
    if len(results.scenarios) != 1 or len(results.engines) != 1:
        raise InputError("results", repr(results), "results of one scenario and one engine")
    h = results.horizon().droplevel(["scenario", "engine"])
    h = h.loc[[s for s in h.index if s != ALL]]
    table = (
        pd.DataFrame(
            {
                "Occupancy (%)": 100.0 * h["occupancy"].astype(float),
                "Service level (%)": 100.0 * h["service_level"].astype(float),
                "Mean wait (s)": h["asa"].astype(float),
                "Abandoned (%)": 100.0 * h["p_abandon"].astype(float),
                "Contacts": h["arrivals"].astype(float),
            }
        )
        .sort_values("Occupancy (%)", ascending=False)
        .round(1)
    )
    table.index.name = "stage"
    return str(table.index[0]), table
