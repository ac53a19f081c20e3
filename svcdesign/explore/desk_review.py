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

from ..display import percent, wait_text
from ..errors import InputError
from ..model import Scenario
from ..results import Results

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
def _ordinal(place: int) -> str:
    return _ORDINALS[place] if place < len(_ORDINALS) else f"number {place + 1}"


def _seconds(value: Any) -> str:
    return "not set" if value is None else wait_text(float(value), digits=1)


def _names(items: Any) -> list[str]:
    return [str(i.get("name", i)) if isinstance(i, dict) else str(i) for i in items or []]


def _skills(items: Any) -> list[str]:
    """The contact types of a group's skills as data (a name, or a mapping with its ``contact_type``)."""
    return [str(i["contact_type"]) if isinstance(i, dict) else str(i) for i in items or []]


def _listed(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names) if names else "none"


def _members(kind: str, old: Any, new: Any) -> str:
    """Contact types or agent groups added to or taken from the desk, or reordered."""
    before, after = _names(old), _names(new)
    added = [n for n in after if n not in before]
    removed = [n for n in before if n not in after]
    parts = [
        f"{kind} added: {_listed(added)}" if added else "",
        f"{kind} removed: {_listed(removed)}" if removed else "",
    ]
    text = "; ".join(p for p in parts if p)
    if not text:
        return f"The service desk's {kind} listed in a new order: {_listed(after)} (was {_listed(before)})"
    return "The service desk's " + text


def desk_words(rest: tuple[Any, ...], old: Any, new: Any) -> str | None:
    """A changed field of the service desk in words, or None when the caller words it as it words a stage's
    ("" when another sentence of the change already says it).

    Parameters
    ----------
    rest:
        The field's path under ``service_desk``, contact types and agent groups named (``("groups",
        "phone agents", "concurrency", "slowdown")``), skills by their contact type.
    old, new:
        The field's value before and after (None where absent).
    """
    if rest in (("contact_types",), ("groups",)):
        return _members("contact types" if rest[0] == "contact_types" else "agent groups", old, new)
    if len(rest) >= 3 and rest[0] == "groups":
        return _group_words(str(rest[1]), rest[2:], old, new)
    if len(rest) >= 3 and rest[0] == "contact_types":
        return _type_words(str(rest[1]), rest[2:], old, new)
    return None


def _group_words(group: str, rest: tuple[Any, ...], old: Any, new: Any) -> str | None:
    """A changed field of one agent group in words (None for the fields a stage also has)."""
    who = f"The agent group '{group}'"
    if rest == ("skills",):
        return f"{who} serves the contact types {_listed(_skills(new))} (was {_listed(_skills(old))})"
    if len(rest) == 3 and rest[0] == "skills" and rest[2] == "handle_time_multiplier":
        return (
            f"{who} takes × {float(new or 1.0):g} the mean handle time of '{rest[1]}' contacts "
            f"(was × {float(old or 1.0):g})"
        )
    if rest == ("concurrency", "slowdown"):

        def held(value: Any) -> str:
            if not value:
                return "one contact at a time"
            slow = ", ".join(f"× {float(v):g}" for v in value)
            counts = ", ".join(str(j) for j in range(1, len(value) + 1))
            return f"up to {len(value)} chats at once, each chat's handle time {slow} while holding {counts}"

        return f"{who} holds {held(new)}; before, {held(old)}"
    if rest == ("blending", "idle_above"):

        def blend(value: Any) -> str:
            if value is None:
                return "whenever an agent is free, as its other work"
            return f"only while more than {float(value):g} of its agents are idle"

        return f"{who} takes deferred work (email) {blend(new)} (was {blend(old)})"
    return None


def _type_words(contact: str, rest: tuple[Any, ...], old: Any, new: Any) -> str | None:
    """A changed field of one contact type in words (None for the fields a stage also has)."""
    who = f"The contact type '{contact}'"
    if rest == ("share",):
        return f"{who}: share of its channel's contacts {percent(float(old or 0), 1)} → {percent(float(new or 0), 1)}"
    if rest == ("channel",):
        return f"{who} comes in on the channel '{new}' (was '{old}')"
    if rest == ("callback", "offer_above"):

        def offer(value: Any) -> str:
            return "never" if value is None else f"when the expected wait exceeds {_seconds(value)}"

        return f"{who}: a callback is offered {offer(new)} (was {offer(old)})"
    if rest == ("callback", "accept"):
        if new is None:
            return ""  # the callback is removed: the sentence on its offer says so
        was = "" if old is None else f" (was {percent(float(old), 1)})"
        return f"{who}: {percent(float(new), 1)} of the customers offered a callback accept it{was}"
    if rest[0] == "router":
        return _router_words(who, rest[1:], old, new)
    return None


def _router_words(who: str, rest: tuple[Any, ...], old: Any, new: Any) -> str:
    """A changed router setting of a contact type in words."""
    if rest == ("groups",):
        return (
            f"{who} is offered to the agent groups in the order {_listed(_names(new)) if new else 'of the desk'} "
            f"(was {_listed(_names(old)) if old else 'the order of the desk'})"
        )
    if rest == ("overflow_after",):

        def delays(value: Any) -> str:
            if not value:
                return "to every group at once"
            steps = ", ".join(f"the {_ordinal(i + 1)} group after {_seconds(v)}" for i, v in enumerate(value))
            return f"to {steps} of waiting"

        return f"{who} is offered {delays(new)} (was {delays(old)})"
    if rest == ("priority",):
        return f"{who}: priority among contact types waiting for the same agent (lower first) {old} → {new}"
    if len(rest) == 2 and rest[0] == "reserve":

        def kept(value: Any) -> str:
            return "none" if value is None else f"{float(value):g}"

        return f"{who}: agents of the group '{rest[1]}' kept free for it {kept(old)} → {kept(new)}"
    words = " ".join(str(p).replace("_", " ") for p in rest)
    return f"{who}: routing setting {words} changed"


__all__ = ["SKILL_COLUMNS", "answered_shares", "desk_words", "skills_table"]
