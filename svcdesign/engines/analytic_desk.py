"""The analytic engine's multi-skill service desk: each interval as a stationary multi-skill system.

A scenario with a service desk is laid out with its contact types as the first Q stages
(:mod:`svcdesign.model.desk_arrays`). The analytic engine treats the chain's stages as always (Erlang A/C
per stage and period, traffic equations) and the desk's contact types here:

1. **Live contact types**, period by period: the period's arrival rate, mean handle time and abandonment
   rate of each type (from the traffic equations: first contacts, repeats and redials) and the groups'
   available agents go to :func:`svcdesign.formulas.queueing.desk_metrics`, which evaluates each
   connected part of the type–group graph exactly where a Markov chain applies (Erlang A/C, the chat
   chain, the blending chain, the multi-skill chain) and by a published approximation otherwise; its
   ``method`` label per type and period is kept (:attr:`DeskWeek.methods`) and reported with the results.
2. **Deferred contact types** (email): the capacity the groups have left for them — each group's agents
   less the agents its live work keeps busy, less the blending threshold where the group blends — is
   turned into agents of that type (a group with a skill multiplier m counts 1/m of an agent), shared
   between the deferred types a group serves in proportion to their weekly workload; the weekly backlog
   and the random congestion on that capacity are then the analytic engine's deferred-work model
   (a fluid backlog over the week plus Erlang C), exactly as for a deferred stage.
3. **Types no formula covers** (label ``"simulation"``): their figures for every period come from a
   simulation of the scenario (:data:`FILL_REPLICATIONS` replications of one week, seed
   :data:`FILL_SEED`), and their method says so.

The groups' figures: contacts answered by each group are the formula's split of each live type's
answered contacts, and for deferred work the week's completed work spread over the periods and groups in
proportion to the capacity left to it (:func:`deferred_answered`); busy agents are agents holding at least
one contact (the simulation's definition, :func:`busy_agents`), from those contacts by Little's law.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..formulas.queueing import DeskMetrics
from ..formulas.queueing.desk import SIMULATION, DeskIntervals
from ..i18n import Translator
from ..i18n.phrases import Figure, Phrase, tr
from ..model import Scenario
from ..model.compiled import ScenarioArrays
from ..results import Results

FILL_REPLICATIONS = 5
"""Replications of the simulation that fills the contact types no formula covers (one week each)."""
FILL_SEED = 0
"""Seed of that simulation (the same scenario always gets the same figures)."""
FILL_LABEL = Phrase(
    tr("simulation ({replications} replications of a week, seed {seed})"),
    replications=Figure(f"{FILL_REPLICATIONS}"),
    seed=Figure(f"{FILL_SEED}"),
)
"""The method label (``meta["methods"]``) of the contact types that simulation fills."""
_PHRASES = {str(FILL_LABEL): FILL_LABEL}
"""Desk method labels made of a template and values, by their English text (a label stored in an array keeps
only its text)."""

_TYPE_FIELDS = ("p_wait", "asa", "service_level", "p_abandon")


@dataclass(frozen=True)
class DeskWeek:
    """The desk's figures over the week: per type [Q, T], per group [G, T], per (type, group) [Q, G, T].

    Rates are per second; ``methods`` [Q, T] holds each type's method label per period.
    """

    p_wait: np.ndarray
    asa: np.ndarray
    service_level: np.ndarray
    p_abandon: np.ndarray
    overloaded: np.ndarray
    answered_rate: np.ndarray
    methods: np.ndarray
    busy: np.ndarray
    answered_by: np.ndarray


def serving_agents(x: ScenarioArrays) -> np.ndarray:
    """[Q, T] agents available in the groups that serve each contact type (its groups' agents summed)."""
    assert x.desk is not None
    skilled = np.isfinite(x.desk.speed) & (x.desk.preference >= 0)
    return skilled.astype(float) @ x.desk.agents


ROUND_TOLERANCE = 1e-3
"""In the rounds of the traffic equations, a period of the desk is evaluated again only when a type's
arrival rate, handle time or abandonment rate has moved by more than the round's tolerance (a share) since it
was last evaluated: at most this, and at most :data:`ROUND_STEPS` times the largest share by which any of
those inputs moved since the previous round (the final figures are evaluated on the settled inputs exactly)."""

ROUND_STEPS = 1.0
"""The round's tolerance in steps of the iteration (:data:`ROUND_TOLERANCE`): the figures a round uses are
then stale by at most about the iteration's own last step, which vanishes as it settles, so the settled
inputs are the fixed point of the exact figures (to the traffic equations' tolerances) and not of figures up
to :data:`ROUND_TOLERANCE` stale, which moved the omnichannel example's figures by up to 3e-3 with the
iteration's path (tests/test_analytic_convergence.py)."""


class DeskEvaluator:
    """:func:`~svcdesign.formulas.queueing.desk_metrics` over the periods of one expanded scenario, with
    each period's last inputs and figures kept: the traffic equations call it every round with inputs
    that settle geometrically, and a period whose inputs have not moved is not evaluated again.

    The figures are a function of the period's inputs alone (the types' rates, handle times and θ, and
    the groups' agents; the rest of the desk is the same every period), so they are also kept by those
    inputs, bit for bit: the many periods of a week that share them (nights, the same hour on days of
    equal weight, the same roster) are evaluated once."""

    def __init__(self, x: ScenarioArrays) -> None:
        d = x.desk
        assert d is not None
        self.x = x
        Q = d.n_types
        self.intervals = DeskIntervals(
            multiplier=d.speed,
            preference=d.preference,
            overflow_after=np.where(d.preference >= 0, d.overflow_after, 0.0),
            priority=d.type_priority,
            reserve=d.reserve,
            deferred=x.deferred[:Q],
            chat=d.chat,
            slowdown=[list(row[np.isfinite(row)]) if np.isfinite(row).sum() > 1 else [] for row in d.slowdown],
            idle_above=d.blend_idle_above,
            callback_offer_above=d.callback_offer_above,
            callback_accept=d.callback_accept,
            target_time=x.target_time[:Q],
        )
        """:func:`~svcdesign.formulas.queueing.desk_metrics` of a period, the desk's fixed arguments checked once."""
        self.memo: dict[bytes, DeskMetrics] = {}
        self.round: tuple[np.ndarray, float] | None = None
        G, T = len(d.groups), x.periods
        self.keys = np.full((3 * Q, T), np.nan)
        """The inputs each period was last evaluated with ([3Q, T]: the types' rates, handle times and θ)."""
        self.simulated = np.zeros(T, dtype=bool)
        """Periods the approximation left to the simulation when last evaluated."""
        self.figures: dict[str, np.ndarray] = {name: np.zeros((Q, T)) for name in (*_TYPE_FIELDS, "answered_rate")}
        """The :class:`DeskWeek` fields of each period as last evaluated."""
        self.figures |= {
            "overloaded": np.zeros((Q, T), dtype=bool),
            "methods": np.empty((Q, T), dtype=object),
            "busy": np.zeros((G, T)),
            "answered_by": np.zeros((Q, G, T)),
        }

    def _tolerance(self, inputs: np.ndarray) -> float:
        """The tolerance of a round with these inputs ([3Q, T]: the types' rates, handle times and θ): at
        most :data:`ROUND_TOLERANCE`, and :data:`ROUND_STEPS` × the largest share by which an input moved
        since the previous round (a round may ask twice with the same inputs: the same tolerance)."""
        last = self.round
        if last is not None and np.array_equal(inputs, last[0]):
            return last[1]
        tolerance = ROUND_TOLERANCE
        if last is not None:
            step = np.abs(inputs - last[0]) / np.maximum(np.abs(last[0]), 1e-300)
            tolerance = min(ROUND_TOLERANCE, ROUND_STEPS * float(step.max(initial=0.0)))
        self.round = (inputs, tolerance)
        return tolerance

    def _evaluate(self, t: int, keys: np.ndarray, inputs: dict[str, np.ndarray]) -> None:
        """Evaluate period ``t`` (``keys`` [3Q, T]: the types' rates, handle times and θ; ``inputs`` those
        by name, [Q, T]) and keep its inputs and figures."""
        d = self.x.desk
        assert d is not None
        key = np.ascontiguousarray(keys[:, t])
        found = key.tobytes() + d.agents[:, t].tobytes()
        m = self.memo.get(found)
        if m is None:
            m = self.memo[found] = self._metrics(t, inputs["rate"][:, t], inputs["handle"][:, t], inputs["theta"][:, t])
        self.keys[:, t] = key
        self.simulated[t] = SIMULATION in m.method
        f = self.figures
        for name in _TYPE_FIELDS:
            f[name][:, t] = getattr(m, name)
        f["answered_rate"][:, t] = m.answered
        f["overloaded"][:, t] = m.overloaded
        f["methods"][:, t] = m.method
        f["busy"][:, t] = m.busy
        f["answered_by"][:, :, t] = m.answered_by

    def _metrics(self, t: int, rate: np.ndarray, handle: np.ndarray, theta: np.ndarray) -> DeskMetrics:
        """:func:`~svcdesign.formulas.queueing.desk_metrics` of period ``t`` with these inputs."""
        d = self.x.desk
        assert d is not None
        with np.errstate(divide="ignore"):
            patience = np.where(theta > 0, 1.0 / np.where(theta > 0, theta, 1.0), np.inf)
        return self.intervals(rate, handle, d.agents[:, t], patience)

    def week(self, inputs: dict[str, np.ndarray], exact: bool) -> DeskWeek:
        """Every period (``inputs``: the analytic engine's per-stage ``rate`` (1/s), ``handle`` (s) and
        ``theta`` (1/s), [S, T]); ``exact`` evaluates again any period whose inputs moved at all, else a
        period is evaluated again when they moved by more than the round's tolerance (:meth:`_tolerance`)."""
        d = self.x.desk
        assert d is not None
        Q = d.n_types
        types = {name: inputs[name][:Q] for name in ("rate", "handle", "theta")}
        keys = np.concatenate(list(types.values()))  # [3Q, T]
        tolerance = None if exact else self._tolerance(keys)
        moved = np.abs(keys - self.keys) / np.maximum(np.abs(self.keys), 1e-300)  # NaN where never evaluated
        # in a round, a period the approximation left to the simulation stays as it is: filled by it alike
        todo = moved.any(axis=0) if tolerance is None else ~(moved.max(axis=0) <= tolerance) & ~self.simulated
        for t in np.flatnonzero(todo):
            self._evaluate(int(t), keys, types)
        return DeskWeek(**{name: values.copy() for name, values in self.figures.items()})


def busy_agents(x: ScenarioArrays, inputs: dict[str, np.ndarray], answered_by: np.ndarray) -> np.ndarray:
    """[G, T] agents holding at least one contact — the simulation's definition of a busy agent — from the
    contacts each group answers of each type per second (``answered_by`` [Q, G, T], deferred work included).

    Contacts held are each type's answered rate × its handle time × the skill's multiplier (Little's law).
    An agent holding a call is busy with it alone; an agent holding one chat is busy too, and with chats
    spread over the agents free of other work (as routers spread them) the agents holding chats are
    min(chats held, those agents), a chat counted at the speed of one held alone. Both are means, so the
    figure is an upper bound on the mean agents busy with chats (the mean of a minimum is at most the
    minimum of the means)."""
    d = x.desk
    assert d is not None
    Q = d.n_types
    speed = np.where(np.isfinite(d.speed), d.speed, 0.0)
    handle = inputs["handle"][:Q]
    chat = d.chat[:, None] & (d.concurrency[None, :] > 1)  # [Q, G]: held concurrently
    whole = np.einsum("qgt,qt,qg->gt", answered_by, handle, speed * ~chat)
    chats = np.einsum("qgt,qt,qg->gt", answered_by, handle, speed * chat)
    return np.minimum(whole + np.minimum(chats, np.maximum(d.agents - whole, 0.0)), d.agents)


def deferred_agents(x: ScenarioArrays, inputs: dict[str, np.ndarray], week: DeskWeek) -> np.ndarray:
    """[Q, G, T] agents of each deferred type's own handle time that each group has left for it (0 for
    live types): per group, agents less the agents busy with live work (answered rate × handle time × the
    skill's multiplier, Little's law) less the blending threshold, shared between the group's deferred
    types by their weekly workload and divided by the skill's multiplier."""
    d = x.desk
    assert d is not None
    Q = d.n_types
    deferred = x.deferred[:Q]
    speed = np.where(np.isfinite(d.speed), d.speed, 0.0)  # [Q, G]
    handle = inputs["handle"][:Q]  # [Q, T]
    live_busy = np.einsum("qgt,qt,qg->gt", week.answered_by[~deferred], handle[~deferred], speed[~deferred])
    threshold = np.maximum(d.blend_idle_above, 0.0)[:, None]
    left = np.maximum(d.agents - live_busy - threshold, 0.0)  # [G, T]
    work = inputs["arrivals"][:Q].sum(axis=1) * (handle.mean(axis=1))  # [Q] weekly workload, s
    out = np.zeros((Q, len(d.groups), x.periods))
    for g in range(len(d.groups)):
        mine = [q for q in range(Q) if deferred[q] and speed[q, g] > 0]
        total = sum(work[q] for q in mine)
        for q in mine:
            share = work[q] / total if total > 0 else 1.0 / len(mine)
            out[q, g] = left[g] * share / speed[q, g]
    return out


def deferred_answered(x: ScenarioArrays, inputs: dict[str, np.ndarray], spare: np.ndarray) -> np.ndarray:
    """[Q, G, T] deferred contacts each group answers per second: over the week, each deferred type's
    arrivals (or, when they exceed it, the capacity the groups leave it), spread over the periods and
    groups in proportion to that capacity (``spare`` [Q, G, T], :func:`deferred_agents`) — the weekly
    fluid view of the backlog: work is done when there is capacity for it."""
    Q = spare.shape[0]
    capacity = spare * x.interval_seconds / inputs["handle"][:Q, None, :]  # contacts per period
    total = capacity.sum(axis=(1, 2))  # [Q]
    done = np.minimum(inputs["arrivals"][:Q].sum(axis=1), total)
    scale = np.where(total > 0, done / np.where(total > 0, total, 1.0), 0.0)
    return capacity * scale[:, None, None] / x.interval_seconds


def method_label(label: str, language: str) -> str:
    """A desk method's label (``meta["methods"]``, English) in ``language``: from its template and values, or
    as the catalogues translate it (as it is when they do not)."""
    phrase = _PHRASES.get(str(label))
    return phrase.in_language(language) if phrase is not None else Translator(language)(str(label))


def fill_from_simulation(
    x: ScenarioArrays,
    inputs: dict[str, np.ndarray],
    week: DeskWeek,
    simulated: Callable[[], dict[str, np.ndarray]],
) -> DeskWeek:
    """``week`` with the types labelled ``"simulation"`` filled, period by period, from ``simulated()`` (per
    type [Q, T] arrays of ``p_wait``, ``asa``, ``service_level``, ``p_abandon``; called only when some
    type needs it). Their answered contacts are the arrival rate × (1 − P(abandon)), split between the
    groups that serve them in proportion to those groups' agents; a group's busy agents are then its
    answered contacts × their handle times (Little's law)."""
    need = week.methods == SIMULATION
    if not need.any():
        return week
    d = x.desk
    assert d is not None
    Q = d.n_types
    sim = simulated()
    values = {name: np.where(need, sim[name], getattr(week, name)) for name in _TYPE_FIELDS}
    rate, handle = inputs["rate"][:Q], inputs["handle"][:Q]
    answered = np.where(need, rate * (1.0 - values["p_abandon"]), week.answered_rate)
    skilled = (np.isfinite(d.speed) & (d.preference >= 0)).astype(float)  # [Q, G]
    weights = skilled[:, :, None] * d.agents[None, :, :]  # [Q, G, T]
    total = weights.sum(axis=1, keepdims=True)
    split = np.where(total > 0, weights / np.where(total > 0, total, 1.0), 0.0) * answered[:, None, :]
    answered_by = np.where(need[:, None, :], split, week.answered_by)
    speed = np.where(np.isfinite(d.speed), d.speed, 0.0)
    work = np.einsum("qgt,qt,qg->gt", answered_by, handle, speed)
    busy = np.where(np.isfinite(week.busy), week.busy, np.minimum(work, d.agents))
    return DeskWeek(
        **values,
        overloaded=week.overloaded,
        answered_rate=answered,
        methods=np.where(need, FILL_LABEL, week.methods),
        busy=busy,
        answered_by=answered_by,
    )


def simulated_desk(scenario: Scenario, week: int | None) -> dict[str, np.ndarray]:
    """Per contact type and period [Q, T]: P(wait), ASA, service level and P(abandon) simulated over one
    week (:data:`FILL_REPLICATIONS` replications, seed :data:`FILL_SEED`); a period in which no contact of
    a type arrived in any replication has none of those figures and gets those of an empty queue (no
    wait, no abandonment, every contact within target)."""
    from .simulation import simulate  # the simulation engine loads only when a desk needs it

    results = simulate(scenario, week=week, replications=FILL_REPLICATIONS, seed=FILL_SEED)
    assert isinstance(results, Results)  # no log asked for
    desk = scenario.service_desk
    assert desk is not None
    types = [t.name for t in desk.contact_types]
    data = results.data
    rows = data[(data["segment"] == "all") & data["period"].notna() & data["stage"].isin(types)]
    empty = {"p_wait": 0.0, "asa": 0.0, "service_level": 1.0, "p_abandon": 0.0}
    periods = int(rows["period"].max()) + 1 if len(rows) else 0
    out = {}
    for name, default in empty.items():
        table = rows[rows["metric"] == name].pivot_table(index="stage", columns="period", values="value", observed=True)
        table = table.reindex(index=types, columns=range(periods))
        out[name] = np.nan_to_num(table.to_numpy(dtype=float), nan=default)
    return out
