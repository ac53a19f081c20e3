"""A multi-skill service desk as a review reads it: who serves what, who answered what, and its changes in words.

The review of a scenario with a service desk (:func:`.review.review`, ``Scenario.service_desk``) shows
the desk from both sides: its **contact types** (what customers get: waits, service level, abandonment)
and its **agent groups** (what staff do: occupancy, paid hours, cost). This module holds the desk's own
parts of it:

- :func:`skills_table` — which agent group serves which contact type, at what speed and in which order
  the router offers the type to the groups (``docs/multiskill.md``);
- :func:`answered_shares` — the share of each contact type's answered contacts each group answered,
  from an engine's answered-by table (``results.meta["answered_by"]``);
- :func:`desk_words` — a changed field of the desk in words a client can read (never the field's path).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..errors import InputError
from ..model import Scenario
from ..results import Results
from .wording import Wording

SKILL_COLUMNS = ("handle_time_multiplier", "handle_time", "preference", "offered_after")
"""Columns of :func:`skills_table`."""

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def skills_table(scenario: Scenario) -> pd.DataFrame:
    """Every skill of the desk's agent groups: one row per (agent group, contact type) the group serves.

    Parameters
    ----------
    scenario:
        A scenario with a service desk; without one the table is empty.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``group`` and ``contact_type`` (the desk's order of groups, then the group's order of
        skills), with ``handle_time_multiplier`` (× the type's mean handle time), ``handle_time`` (the
        group's mean handle time per contact of the type held alone, seconds), ``preference`` (the group's
        place in the order the router offers the type, 1 = first) and ``offered_after`` (seconds a
        contact waits before the group may take it; 0 for the first group).
    """
    desk = scenario.service_desk
    index = pd.MultiIndex.from_tuples([], names=["group", "contact_type"])
    if desk is None:
        return pd.DataFrame(columns=list(SKILL_COLUMNS), index=index)
    types = {t.name: t for t in desk.contact_types}
    rows = {}
    for group in desk.groups:
        for skill in group.skills:
            contact = types[skill.contact_type]
            order = desk.preferences(contact.name)
            place = order.index(group.name)
            delays = contact.router.overflow_after or [0.0] * (len(order) - 1)
            rows[(group.name, contact.name)] = {
                "handle_time_multiplier": float(skill.handle_time_multiplier),
                "handle_time": float(contact.handle_time.mean * skill.handle_time_multiplier),
                "preference": place + 1,
                "offered_after": 0.0 if place == 0 else float(delays[place - 1]),
            }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(SKILL_COLUMNS))
    frame.index = pd.MultiIndex.from_tuples(list(rows), names=["group", "contact_type"])
    return frame


def answered_shares(scenario: Scenario, results: Results) -> pd.DataFrame:
    """The share of each contact type's answered contacts that each agent group answered (0–1).

    Parameters
    ----------
    scenario:
        A scenario with a service desk; without one the table is empty.
    results:
        An engine's results for it that hold the answered-by table (``meta["answered_by"]``: contacts of
        each type answered by each group over the horizon, as :func:`svcdesign.evaluate` and
        :func:`svcdesign.simulate` give it).

    Returns
    -------
    pandas.DataFrame
        Contact types (index, the desk's order) × agent groups (columns); each row sums to 1, or is NaN
        for a type with no answered contact.
    """
    desk = scenario.service_desk
    if desk is None:
        return pd.DataFrame()
    table = results.meta.get("answered_by")
    if not isinstance(table, pd.DataFrame):
        raise InputError(
            "results",
            repr(results),
            f"results of an engine that reads the service desk of scenario '{scenario.name}' "
            "(sd.evaluate or sd.simulate: their meta['answered_by'] table)",
        )
    types, groups = [t.name for t in desk.contact_types], [g.name for g in desk.groups]
    counts = table.reindex(index=types, columns=groups).fillna(0.0).astype(float)
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0), axis=0)
    shares.index.name, shares.columns.name = "contact type", "group"
    return shares


# ------------------------------------------------------------------------------------- changes in words
def _ordinal(place: int, say: Wording) -> str:
    """``"second"``; in Arabic and Persian the place in digits."""
    if not say.english:
        return say.number(place + 1)
    return _ORDINALS[place] if place < len(_ORDINALS) else f"number {place + 1}"


def _seconds(value: Any, say: Wording) -> str:
    return say.tr("not set") if value is None else say.wait(float(value), digits=1)


def _names(items: Any) -> list[str]:
    return [str(i.get("name", i)) if isinstance(i, dict) else str(i) for i in items or []]


def _skills(items: Any) -> list[str]:
    """The contact types of a group's skills as data (a name, or a mapping with its ``contact_type``)."""
    return [str(i["contact_type"]) if isinstance(i, dict) else str(i) for i in items or []]


def _listed(names: list[str], say: Wording) -> str:
    quoted = (f"'{n}'" if say.english else f"«{n}»" for n in names)
    return say.join(quoted) if names else say.tr("none")


def _members(kind: str, old: Any, new: Any, say: Wording) -> str:
    """Contact types (``kind`` ``"contact_types"``) or agent groups added to or taken from the desk, or reordered."""
    before, after = _names(old), _names(new)
    added = [n for n in after if n not in before]
    removed = [n for n in before if n not in after]
    tr, types = say.tr, kind == "contact_types"
    parts = [
        (
            tr("contact types added: {names}", names=_listed(added, say))
            if types
            else tr("agent groups added: {names}", names=_listed(added, say))
        )
        if added
        else "",
        (
            tr("contact types removed: {names}", names=_listed(removed, say))
            if types
            else tr("agent groups removed: {names}", names=_listed(removed, say))
        )
        if removed
        else "",
    ]
    text = say.join((p for p in parts if p), "; ")
    order = {"names": _listed(after, say), "was": _listed(before, say)}
    if not text:
        if types:
            return tr("The service desk's contact types listed in a new order: {names} (was {was})", **order)
        return tr("The service desk's agent groups listed in a new order: {names} (was {was})", **order)
    return tr("The service desk's {changes}", changes=text)


def desk_words(rest: tuple[Any, ...], old: Any, new: Any, say: Wording) -> str | None:
    """A changed field of the service desk in words, or None when the caller words it as it words a stage's
    ("" when another sentence of the change already says it).

    Parameters
    ----------
    rest:
        The field's path under ``service_desk``, contact types and agent groups named (``("groups",
        "phone agents", "concurrency", "slowdown")``), skills by their contact type.
    old, new:
        The field's value before and after (None where absent).
    say:
        The review's language (:class:`.wording.Wording`).
    """
    if rest in (("contact_types",), ("groups",)):
        return _members(str(rest[0]), old, new, say)
    if len(rest) >= 3 and rest[0] == "groups":
        return _group_words(str(rest[1]), rest[2:], old, new, say)
    if len(rest) >= 3 and rest[0] == "contact_types":
        return _type_words(str(rest[1]), rest[2:], old, new, say)
    return None


def _group_words(group: str, rest: tuple[Any, ...], old: Any, new: Any, say: Wording) -> str | None:
    """A changed field of one agent group in words (None for the fields a stage also has)."""
    tr = say.tr
    who = tr("The agent group '{name}'", name=group)
    if rest == ("skills",):
        was = {"now": _listed(_skills(new), say), "was": _listed(_skills(old), say)}
        return tr("{who} serves the contact types {now} (was {was})", who=who, **was)
    if len(rest) == 3 and rest[0] == "skills" and rest[2] == "handle_time_multiplier":
        times = {"now": say.local(f"{float(new or 1.0):g}"), "was": say.local(f"{float(old or 1.0):g}")}
        return tr(
            "{who} takes × {now} the mean handle time of '{type}' contacts (was × {was})",
            who=who,
            type=rest[1],
            **times,
        )
    if rest == ("concurrency", "slowdown"):

        def held(value: Any) -> str:
            if not value:
                return tr("one contact at a time")
            slow = say.join(f"× {say.local(f'{float(v):g}')}" for v in value)
            counts = say.join(say.number(j) for j in range(1, len(value) + 1))
            return tr.ntr(
                "up to {n} chat at once, each chat's handle time {slow} while holding {counts}",
                "up to {n} chats at once, each chat's handle time {slow} while holding {counts}",
                len(value),
                n=say.number(len(value)),
                slow=slow,
                counts=counts,
            )

        return tr("{who} holds {now}; before, {was}", who=who, now=held(new), was=held(old))
    if rest == ("blending", "idle_above"):

        def blend(value: Any) -> str:
            if value is None:
                return tr("whenever an agent is free, as its other work")
            return tr("only while more than {n} of its agents are idle", n=say.local(f"{float(value):g}"))

        return tr("{who} takes deferred work (email) {now} (was {was})", who=who, now=blend(new), was=blend(old))
    return None


def _type_words(contact: str, rest: tuple[Any, ...], old: Any, new: Any, say: Wording) -> str | None:
    """A changed field of one contact type in words (None for the fields a stage also has)."""
    tr = say.tr
    who = tr("The contact type '{name}'", name=contact)
    if rest == ("share",):
        change = tr("{before} → {after}", before=say.percent(float(old or 0), 1), after=say.percent(float(new or 0), 1))
        return tr("{who}: share of its channel's contacts {change}", who=who, change=change)
    if rest == ("channel",):
        return tr("{who} comes in on the channel '{now}' (was '{was}')", who=who, now=new, was=old)
    if rest == ("callback", "offer_above"):

        def offer(value: Any) -> str:
            return (
                tr("never") if value is None else tr("when the expected wait exceeds {wait}", wait=_seconds(value, say))
            )

        return tr("{who}: a callback is offered {now} (was {was})", who=who, now=offer(new), was=offer(old))
    if rest == ("callback", "accept"):
        if new is None:
            return ""  # the callback is removed: the sentence on its offer says so
        was = "" if old is None else tr(" (was {share})", share=say.percent(float(old), 1))
        return tr(
            "{who}: {share} of the customers offered a callback accept it{was}",
            who=who,
            share=say.percent(float(new), 1),
            was=was,
        )
    if rest[0] == "router":
        return _router_words(who, rest[1:], old, new, say)
    return None


def _router_words(who: str, rest: tuple[Any, ...], old: Any, new: Any, say: Wording) -> str:
    """A changed router setting of a contact type in words."""
    tr = say.tr
    if rest == ("groups",):
        return tr(
            "{who} is offered to the agent groups in the order {now} (was {was})",
            who=who,
            now=_listed(_names(new), say) if new else tr("of the desk"),
            was=_listed(_names(old), say) if old else tr("the order of the desk"),
        )
    if rest == ("overflow_after",):

        def delays(value: Any) -> str:
            if not value:
                return tr("to every group at once")
            steps = say.join(
                tr("the {ordinal} group after {wait}", ordinal=_ordinal(i + 1, say), wait=_seconds(v, say))
                for i, v in enumerate(value)
            )
            return tr("to {steps} of waiting", steps=steps)

        return tr("{who} is offered {now} (was {was})", who=who, now=delays(new), was=delays(old))
    if rest == ("priority",):
        change = tr("{before} → {after}", before=say.local(str(old)), after=say.local(str(new)))
        return tr(
            "{who}: priority among contact types waiting for the same agent (lower first) {change}",
            who=who,
            change=change,
        )
    if len(rest) == 2 and rest[0] == "reserve":

        def kept(value: Any) -> str:
            return tr("none") if value is None else say.local(f"{float(value):g}")

        change = tr("{before} → {after}", before=kept(old), after=kept(new))
        return tr(
            "{who}: agents of the group '{group}' kept free for it {change}", who=who, group=rest[1], change=change
        )
    words = " ".join(str(p).replace("_", " ") for p in rest)
    return tr("{who}: routing setting {words} changed", who=who, words=words)


__all__ = ["SKILL_COLUMNS", "answered_shares", "desk_words", "skills_table"]
