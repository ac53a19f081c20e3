"""A multi-skill service desk: contact types, agent groups with skills, and a router policy per type.

An omnichannel front door serves several **contact types** — a channel × a reason, "billing by chat" —
with **agent groups** who each hold a skill set: the contact types they serve, each at its own speed.
The :class:`ServiceDesk` holds both and replaces, for the channels its contact types name, the entry
stage of the single-skill chain: a desk channel's contacts arrive at the desk; what the desk does not
resolve goes on to the chain's stages by each contact type's :class:`~.chain.Routing`, exactly as from a
stage. Channels no contact type names still enter their ``entry_stage``. Design and the reasons for it:
``docs/multiskill.md``.

Durations are in seconds (``"4min"`` accepted), wages in currency units per paid hour, thresholds in
agents of one group. No computation happens here; until the engines are taught these objects,
:func:`svcdesign.model.compiled.expand` refuses a scenario that has a desk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from .base import ModelBase
from .chain import Distribution, Routing, ServiceTarget, Staff
from .limits import (
    AGENTS,
    CONCURRENCY,
    CONCURRENCY_SLOWDOWN,
    DELAY,
    HOURLY_WAGE,
    MAX_AGENT_GROUPS,
    MAX_CONTACT_TYPES,
    NAME,
    PRIORITY,
    SHARE,
    SHRINKAGE,
    SKILL_MULTIPLIER,
    STAFF_ADJUSTMENT,
)

Name = Annotated[str, NAME]
"""A contact type's or agent group's name, or a channel's or stage's where a desk object refers to it."""


class Callback(ModelBase):
    """Callbacks (virtual hold): a waiting customer is offered a call back instead of holding on.

    The offer is made when the customer's expected wait on arrival exceeds ``offer_above`` seconds; the
    share ``accept`` of those offered take it, leave the line and keep their place in the queue: when
    their turn comes an agent calls them back (they do not abandon meanwhile). The others wait as
    usual. Deferred work is never waiting on a line, so a callback applies to live contact types only.
    Redials of abandoners are :attr:`.chain.Routing.retry`, not callbacks.
    """

    offer_above: Annotated[float, DELAY] = Field(description="Expected wait above which a callback is offered, s.")
    accept: Annotated[float, SHARE] = Field(description="Share of customers offered a callback who accept it.")


class RouterPolicy(ModelBase):
    """How the router offers one contact type to the agent groups.

    - ``groups``: the groups that hold the skill, in order of preference (default: every such group, in
      the desk's order). A waiting contact goes to the first group in the list with a free agent among
      those it may already be offered to.
    - ``overflow_after``: one delay per group after the first, seconds from arrival, non-decreasing: the
      contact is offered to ``groups[i]`` once it has waited ``overflow_after[i - 1]``. Default: every
      group at once (all 0).
    - ``priority``: among contact types waiting for the same free agent, lower is served first (then the
      longest waiting); a segment's ``priority`` orders customers within one contact type.
    - ``reserve``: agents of a group kept for this contact type: the group serves its other contact types
      only while more than this many of its agents are idle (trunk reservation).
    """

    groups: list[Name] = Field(
        default_factory=list, max_length=MAX_AGENT_GROUPS, description="Agent groups in order of preference."
    )
    overflow_after: list[Annotated[float, DELAY]] | None = Field(
        None,
        max_length=MAX_AGENT_GROUPS,
        description="Seconds from arrival until each next group may take the contact; default all 0.",
    )
    priority: Annotated[int, PRIORITY] = Field(0, description="Lower is served first.")
    reserve: dict[Name, Annotated[float, AGENTS]] = Field(
        default_factory=dict,
        max_length=MAX_AGENT_GROUPS,
        description="Agents of each named group kept idle for this contact type.",
    )

    @field_validator("overflow_after")
    @classmethod
    def _non_decreasing(cls, value: list[float] | None) -> list[float] | None:
        if value is not None and any(b < a for a, b in zip(value, value[1:], strict=False)):
            raise ValueError(
                f"overflow delays {value} must not decrease: each is seconds from arrival until the next group "
                "may take the contact"
            )
        return value


class ContactType(ModelBase):
    """A channel × a reason ("billing by chat"): its share of the channel's demand and how it is served.

    ``share`` is the share of the channel's arrivals (every segment alike) that are of this type; the
    contact types of a channel share all of its demand. A type with a volume and profile of its own is
    a channel of its own (with one contact type of share 1). ``handle_time`` is the time one agent of a
    group with a multiplier of 1 spends on one contact; ``patience``, ``deferred`` and ``target`` mean
    what they mean on a :class:`~.chain.Stage`; ``routing`` says where the contact goes after the desk
    (escalate, transfer, follow-up to the chain's stages; ``repeat``: the customer contacts again after
    ``repeat_delay``, as this contact type unless ``repeat_to`` names a stage; ``retry``: redials of
    abandoners, who try this contact type again).
    """

    name: Name
    channel: Name = Field(description="The demand channel whose arrivals this type is a share of.")
    share: Annotated[float, SHARE] = Field(1.0, description="Share of the channel's arrivals of this type.")
    handle_time: Distribution = Field(description="Handle time per contact at skill multiplier 1, seconds.")
    patience: Distribution | None = Field(
        None, description="Time a waiting customer stays before abandoning, seconds; none = infinite."
    )
    deferred: bool = Field(False, description="Work waits without abandoning (email).")
    target: ServiceTarget | None = Field(None, description="Overrides the scenario's default target.")
    router: RouterPolicy = Field(default_factory=RouterPolicy)
    callback: Callback | None = Field(None, description="Callbacks offered on a long expected wait; none = never.")
    routing: Routing = Field(default_factory=Routing, description="Where contacts go after the desk.")

    @model_validator(mode="after")
    def _check(self) -> ContactType:
        if self.deferred and self.patience is not None:
            raise ValueError(f"contact type '{self.name}' is deferred work, which does not abandon: remove patience")
        if self.deferred and self.callback is not None:
            raise ValueError(
                f"contact type '{self.name}' is deferred work, which nobody waits for on a line: remove callback"
            )
        if self.routing.retry > 0 and self.patience is None:
            raise ValueError(
                f"contact type '{self.name}': routing.retry applies to abandoners, but nobody abandons without patience"
            )
        return self


class Skill(ModelBase):
    """A contact type an agent group serves, and how fast: ``handle_time_multiplier`` × the type's mean."""

    contact_type: Name
    handle_time_multiplier: Annotated[float, SKILL_MULTIPLIER] = Field(
        1.0, description="× the contact type's mean handle time (1.3 = 30 % slower)."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: object) -> object:
        return {"contact_type": data} if isinstance(data, str) else data


class Concurrency(ModelBase):
    """Chats one agent holds at once, and how each slows down as more are held.

    An agent of the group holds up to ``len(slowdown)`` chats (from 1 to 10). While holding *j* of
    them, each progresses as if its handle time were ``slowdown[j - 1]`` × its handle time held alone
    (the chat contact type's mean × the skill's multiplier): a state-dependent service rate. The
    multipliers are at least 1 and do not decrease. Applies to the group's skills whose channel is of
    kind ``chat``; its other contact types take the agent whole.
    """

    slowdown: list[Annotated[float, CONCURRENCY_SLOWDOWN]] = Field(
        min_length=int(CONCURRENCY.low),
        max_length=int(CONCURRENCY.high),
        description="Handle-time multiplier per chat while holding 1, 2, … chats.",
    )

    @field_validator("slowdown")
    @classmethod
    def _non_decreasing(cls, value: list[float]) -> list[float]:
        if any(b < a for a, b in zip(value, value[1:], strict=False)):
            raise ValueError(
                f"slowdown multipliers {value} must not decrease: holding one more chat never makes each quicker"
            )
        return value

    @property
    def limit(self) -> int:
        """Most chats one agent holds at once."""
        return len(self.slowdown)


class Blending(ModelBase):
    """Deferred work (email) taken by a group whose main work is live: only while enough agents are idle.

    An agent of the group starts a deferred contact only while more than ``idle_above`` of the group's
    agents are idle; live contacts always come first (a threshold blending policy).
    """

    idle_above: Annotated[float, AGENTS] = Field(description="Idle agents needed before deferred work is taken.")


class AgentGroup(ModelBase):
    """A team of agents with the same skills, roster and pay.

    ``staff``, ``staff_adjustment``, ``shrinkage`` and ``hourly_wage`` mean exactly what they mean on a
    :class:`~.chain.Stage` (paid staff on shift: one number, one per interval, or shifts). ``skills``
    lists the contact types the group serves (a name, or a name with a handle-time multiplier).
    ``concurrency`` lets an agent hold several chats; ``blending`` lets the group take deferred work
    only while enough of its agents are idle.
    """

    name: Name
    staff: Staff = Field(description="Paid staff on shift.")
    staff_adjustment: Annotated[float, STAFF_ADJUSTMENT] = Field(
        0.0, description="Staff added to every staffed interval (negative = cut)."
    )
    shrinkage: Annotated[float, SHRINKAGE] = Field(0.0, description="Share of paid time not available for contacts.")
    hourly_wage: Annotated[float, HOURLY_WAGE] = Field(0.0, description="Cost of one paid staff hour, currency units.")
    skills: list[Skill] = Field(min_length=1, max_length=MAX_CONTACT_TYPES, description="Contact types served.")
    concurrency: Concurrency | None = Field(None, description="Chats held at once; none = one contact at a time.")
    blending: Blending | None = Field(None, description="Deferred work only while enough agents are idle.")

    @model_validator(mode="after")
    def _check(self) -> AgentGroup:
        names = [s.contact_type for s in self.skills]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"agent group '{self.name}': skills name contact types {twice} more than once")
        return self

    @property
    def skill_names(self) -> list[str]:
        """The contact types the group serves, in the order given."""
        return [s.contact_type for s in self.skills]


class ServiceDesk(ModelBase):
    """Contact types and the agent groups who serve them: the multi-skill front of the chain."""

    contact_types: list[ContactType] = Field(min_length=1, max_length=MAX_CONTACT_TYPES)
    groups: list[AgentGroup] = Field(min_length=1, max_length=MAX_AGENT_GROUPS)

    @model_validator(mode="after")
    def _check(self) -> ServiceDesk:
        types = [t.name for t in self.contact_types]
        groups = [g.name for g in self.groups]
        for kind, names in (("contact type", types), ("agent group", groups)):
            if len(set(names)) != len(names):
                raise ValueError(f"{kind} names must be unique, got {names}")
        for group in self.groups:
            unknown = [n for n in group.skill_names if n not in types]
            if unknown:
                raise ValueError(
                    f"agent group '{group.name}': skills name unknown contact types {unknown}; expected some of {types}"
                )
            deferred = [t.deferred for t in self.contact_types if t.name in group.skill_names]
            if group.blending is not None and not (any(deferred) and not all(deferred)):
                raise ValueError(
                    f"agent group '{group.name}': blending mixes deferred work into live work, so the group needs "
                    "skills of both kinds (at least one deferred contact type and one live one)"
                )
        for contact in self.contact_types:
            able = [g.name for g in self.groups if contact.name in g.skill_names]
            if not able:
                raise ValueError(
                    f"contact type '{contact.name}': no agent group can serve it; give at least one group the "
                    f"skill (groups: {groups})"
                )
            order = self.preferences(contact.name)
            where = f"contact type '{contact.name}': router"
            unknown = [n for n in order if n not in groups]
            if unknown:
                raise ValueError(f"{where}.groups names unknown agent groups {unknown}; expected some of {groups}")
            twice = sorted({n for n in order if order.count(n) > 1})
            if twice:
                raise ValueError(
                    f"{where}.groups names {twice} more than once: an overflow back to a group already offered "
                    "the contact would be a loop"
                )
            unskilled = [n for n in order if n not in able]
            if unskilled:
                raise ValueError(f"{where}.groups names {unskilled}, which lack the skill; groups with it: {able}")
            left_out = [n for n in able if n not in order]
            if left_out:
                raise ValueError(
                    f"{where}.groups leaves out {left_out}, which hold the skill: list every group with it "
                    f"(or none, for the desk's order {able}), or remove the skill from the group"
                )
            delays = contact.router.overflow_after
            if delays is not None and len(delays) != len(order) - 1:
                raise ValueError(
                    f"{where}.overflow_after has {len(delays)} delays; expected {len(order) - 1}, one for each "
                    f"group after the first of {order}"
                )
            outside = [n for n in contact.router.reserve if n not in able]
            if outside:
                raise ValueError(
                    f"{where}.reserve names {outside}, which do not serve it; groups with the skill: {able}"
                )
        return self

    def preferences(self, contact_type: str) -> list[str]:
        """The agent groups offered a contact type, in order of preference (the router's, else the desk's)."""
        contact = self.contact_types[[t.name for t in self.contact_types].index(contact_type)]
        if contact.router.groups:
            return list(contact.router.groups)
        return [g.name for g in self.groups if contact_type in g.skill_names]

    def check_in(
        self,
        channels: Mapping[str, str],
        entry_stages: Mapping[str, str | None],
        stages: Sequence[str],
        peak_staff: Mapping[str, float],
    ) -> None:
        """Check the desk against the rest of its scenario; raise ``ValueError`` naming what is wrong.

        Parameters
        ----------
        channels
            Channel name → its kind (``"chat"``…).
        entry_stages
            Channel name → its ``entry_stage`` (None if not given).
        stages
            The chain's stage names.
        peak_staff
            Agent group name → its most paid staff on shift in any period of the week.
        """
        shares: dict[str, float] = {}
        for contact in self.contact_types:
            if contact.channel not in channels:
                raise ValueError(
                    f"contact type '{contact.name}' names unknown channel '{contact.channel}'; "
                    f"expected one of {list(channels)}"
                )
            shares[contact.channel] = shares.get(contact.channel, 0.0) + contact.share
            r = contact.routing
            named = [*r.escalate, *r.transfer, *r.follow_up, *([r.repeat_to] if r.repeat_to else [])]
            unknown = [n for n in named if n not in stages]
            if unknown:
                raise ValueError(
                    f"contact type '{contact.name}': routing names unknown stages {unknown}; expected some of "
                    f"{list(stages)}"
                )
        for channel, total in shares.items():
            if abs(total - 1.0) > 1e-6:
                raise ValueError(
                    f"the contact types of channel '{channel}' have shares summing to {total:.6g}; they must sum "
                    "to 1 (every contact of a desk channel is of one of its types)"
                )
            if entry_stages.get(channel) is not None:
                raise ValueError(
                    f"channel '{channel}' has contact types, so its contacts arrive at the service desk: remove its "
                    f"entry_stage '{entry_stages[channel]}'"
                )
        kinds = {t.name: channels[t.channel] for t in self.contact_types}
        for group in self.groups:
            most = peak_staff[group.name]
            if group.concurrency is not None and not any(kinds[n] == "chat" for n in group.skill_names):
                raise ValueError(
                    f"agent group '{group.name}': concurrency applies to chats, but none of its skills "
                    f"{group.skill_names} is on a channel of kind chat"
                )
            if group.blending is not None and group.blending.idle_above >= most and most > 0:
                raise ValueError(
                    f"agent group '{group.name}': blending.idle_above = {group.blending.idle_above:g} idle agents, "
                    f"but the group has at most {most:g} staff on shift, so it would never take deferred work; "
                    f"expected fewer than {most:g}"
                )
        for contact in self.contact_types:
            for name, agents in contact.router.reserve.items():
                most = peak_staff[name]
                if agents > most:
                    raise ValueError(
                        f"contact type '{contact.name}': router.reserve keeps {agents:g} agents of group '{name}', "
                        f"which has at most {most:g} staff on shift; expected at most {most:g}"
                    )

    def routes(self) -> dict[str, set[str]]:
        """Contact type name → the stages its routing can send contacts to (with a positive probability)."""
        out: dict[str, set[str]] = {}
        for contact in self.contact_types:
            r = contact.routing
            targets = {n for kind in (r.escalate, r.transfer, r.follow_up) for n, p in kind.items() if p > 0}
            if r.repeat > 0 and r.repeat_to:
                targets.add(r.repeat_to)
            out[contact.name] = targets
        return out
