"""A scenario's multi-skill service desk as arrays: what the engines read of agent groups and skills.

:func:`svcdesign.model.compiled.expand` lays a scenario with a :class:`~.skills.ServiceDesk` out as one
network of stages whose first Q stages are the desk's **contact types** (in the desk's order) and the
rest the chain's stages; a desk channel's arrivals become one row per contact type (the channel's
expected arrivals × the type's ``share``: independent Poisson streams, since splitting a Poisson
process at random gives independent Poisson processes), entering at that type. Everything a stage has
— handle time, patience, deferred work, target, routing onward — a contact type has in the same arrays.
What a stage does not have is here: the **agent groups** who serve the contact types (staff, agents,
wages per group and period) and how they serve them (skills and their handle-time multipliers, the
router's preferences, overflow delays, priorities and reserves, chat concurrency, blending, callbacks).
The contact types' rows of the stage arrays have no staff of their own (0 in ``staff`` and
``agents``): their agents are the groups'.

Units as in :class:`~.compiled.ScenarioArrays`: seconds, agents, currency per paid hour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .limits import CONCURRENCY
from .roster import staff_per_period
from .skills import ServiceDesk

SLOTS = int(CONCURRENCY.high)
"""Columns of :attr:`DeskArrays.slowdown`: the most chats an agent may hold."""


@dataclass(frozen=True, eq=False)
class DeskArrays:
    """The agent groups of a service desk and how they serve its contact types.

    Shapes: Q contact types (stages 0 … Q − 1 of the scenario's arrays), G agent groups, T periods.
    """

    contact_types: list[str]  # [Q]
    groups: list[str]  # [G]
    channel_of: list[str]  # [C] the scenario channel of each arrivals row of the stage arrays
    staff: np.ndarray  # [G, T] paid staff on shift
    agents: np.ndarray  # [G, T] staff × (1 − shrinkage)
    shrinkage: np.ndarray  # [G]
    wage: np.ndarray  # [G] currency per paid hour
    speed: np.ndarray  # [Q, G] handle-time multiplier of the group's skill (nan = no skill)
    preference: np.ndarray  # [Q, G] int: rank of the group in the type's router (0 first, −1 not offered)
    overflow_after: np.ndarray  # [Q, G] seconds from arrival until the group may take the type (inf = never)
    type_priority: np.ndarray  # [Q] int: lower served first among types waiting for the same agent
    reserve: np.ndarray  # [Q, G] agents of the group kept idle for the type
    chat: np.ndarray  # [Q] bool: the type's channel is of kind chat
    slowdown: np.ndarray  # [G, SLOTS] handle-time multiplier per chat while holding 1, 2, … (nan beyond)
    blend_idle_above: np.ndarray  # [G] idle agents needed before deferred work is taken (−1 = no blending)
    callback_offer_above: np.ndarray  # [Q] expected wait above which a callback is offered, s (inf = never)
    callback_accept: np.ndarray  # [Q] share of those offered who accept

    @property
    def n_types(self) -> int:
        """Q, the number of contact types."""
        return len(self.contact_types)

    @property
    def concurrency(self) -> np.ndarray:
        """[G] most chats an agent of each group holds at once (1 = no concurrency)."""
        return np.isfinite(self.slowdown).sum(axis=1)


def desk_arrays(desk: ServiceDesk, channel_kinds: dict[str, str], channel_of: list[str], minutes: int) -> DeskArrays:
    """The arrays of ``desk``: ``channel_kinds`` maps each channel to its kind, ``channel_of`` names the
    scenario channel of each arrivals row, ``minutes`` is the interval length."""
    types = [t.name for t in desk.contact_types]
    groups = [g.name for g in desk.groups]
    Q, G = len(types), len(groups)
    staff = np.vstack([staff_per_period(g, minutes) for g in desk.groups])
    shrinkage = np.array([g.shrinkage for g in desk.groups])
    speed = np.full((Q, G), np.nan)
    slowdown = np.full((G, SLOTS), np.nan)
    slowdown[:, 0] = 1.0
    for j, group in enumerate(desk.groups):
        for skill in group.skills:
            speed[types.index(skill.contact_type), j] = skill.handle_time_multiplier
        if group.concurrency is not None:
            slowdown[j, : group.concurrency.limit] = group.concurrency.slowdown
    preference = np.full((Q, G), -1, dtype=np.int64)
    overflow = np.full((Q, G), np.inf)
    reserve = np.zeros((Q, G))
    for i, contact in enumerate(desk.contact_types):
        order = desk.preferences(contact.name)
        delays = contact.router.overflow_after or [0.0] * (len(order) - 1)
        for rank, name in enumerate(order):
            preference[i, groups.index(name)] = rank
            overflow[i, groups.index(name)] = 0.0 if rank == 0 else delays[rank - 1]
        for name, agents in contact.router.reserve.items():
            reserve[i, groups.index(name)] = agents
    callbacks = [t.callback for t in desk.contact_types]
    return DeskArrays(
        contact_types=types,
        groups=groups,
        channel_of=list(channel_of),
        staff=staff,
        agents=staff * (1.0 - shrinkage)[:, None],
        shrinkage=shrinkage,
        wage=np.array([g.hourly_wage for g in desk.groups]),
        speed=speed,
        preference=preference,
        overflow_after=overflow,
        type_priority=np.array([t.router.priority for t in desk.contact_types], dtype=np.int64),
        reserve=reserve,
        chat=np.array([channel_kinds[t.channel] == "chat" for t in desk.contact_types]),
        slowdown=slowdown,
        blend_idle_above=np.array([-1.0 if g.blending is None else g.blending.idle_above for g in desk.groups]),
        callback_offer_above=np.array([np.inf if c is None else c.offer_above for c in callbacks]),
        callback_accept=np.array([0.0 if c is None else c.accept for c in callbacks]),
    )
