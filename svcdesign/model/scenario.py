"""A scenario: everything a user describes about a service operation, validated and serialisable.

``Scenario.load(path)`` and ``scenario.save(path)`` read and write YAML (``.yaml``/``.yml``) or JSON
(``.json``) without loss; ``scenario.with_overrides({...})`` makes a what-if variant by dotted paths.
Invalid input raises :class:`ScenarioError` (an :class:`~svcdesign.errors.InputError`) listing every
problem with the field, the value given and what is allowed. Files are read within the limits of
:mod:`svcdesign.model.files` and every value within those of :mod:`svcdesign.model.limits`.
"""

from __future__ import annotations

import copy
import json
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from .._files import check_output, display_path, write_atomic
from ..assumptions import load_assumptions
from ..errors import FileError, InputError, shown
from ..i18n import DEFAULT, LANGUAGES, NAMES
from .base import ModelBase
from .chain import STAFF_FORMS, ServiceTarget, Shift, Stage
from .demand import Demand
from .files import MAX_FILE_BYTES, MAX_VALUES, SUFFIXES, read_scenario_file
from .limits import ASSUMPTION, DURATION, MAX_ASSUMPTIONS, MAX_SEGMENTS, MAX_SOURCES, MAX_STAGES, NAME, NOTE
from .organisation import Organisation
from .roster import UNITS, StaffUnit, staff_change, staff_per_period
from .segments import Segment
from .skills import ServiceDesk

SHARE_TOLERANCE = 1e-6
"""Segment shares must sum to 1 within this absolute tolerance (rounding in hand-written files)."""


SHOWN_PROBLEMS = 12
"""Most problems a :class:`ScenarioError` message lists (all are kept in ``problems``)."""

PROBLEM_CHARACTERS = 400
"""Longest line of a :class:`ScenarioError` message, characters."""

RESOLUTION_TARGET = 86_400.0
"""Default chain-level resolution target, seconds (24 hours): the time from a customer's first contact
within which their issue should be resolved, for the share resolved within target. A modelling choice
(a working day and a night: "resolved by the same time tomorrow"), not a published standard; set
``Scenario.resolution_target`` to the operation's own promise (days for casework)."""


class ScenarioError(InputError):
    """A scenario (or a file or override describing one) is invalid; lists every problem found."""

    def __init__(self, problems: list[tuple[str, Any, str]], source: str = "scenario") -> None:
        self.problems = problems
        first = problems[0] if problems else ("scenario", None, "a valid scenario")
        InputError.__init__(self, *first)
        lines = [f"{source} is invalid ({len(problems)} problem{'s' if len(problems) != 1 else ''}):"]
        for field, value, allowed in problems[:SHOWN_PROBLEMS]:
            line = (
                f"  - {field}: {allowed}"
                if isinstance(value, (dict, list))
                else f"  - {field} = {shown(value, 60)}: {allowed}"
            )
            lines.append(line if len(line) <= PROBLEM_CHARACTERS else line[: PROBLEM_CHARACTERS - 3] + "...")
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(f"  … and {len(problems) - SHOWN_PROBLEMS:,} more")
        self.args = ("\n".join(lines),)


def _location(loc: tuple, data: Any) -> str:
    """Readable path for a pydantic error location, naming list items by their ``name``.

    Parts of the location that are not in the data — the tag of a union's member (``staff`` written as
    ``"shifts"``), pydantic's function and type labels — are left out.
    """
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and 0 <= key < len(node) and isinstance(node[key], dict):
                name = node[key].get("name")
                if isinstance(name, str) and name:
                    label = f"[{key}] ({_clipped(display_path(name))})"
            parts.append(label)
            node = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
        else:
            if key in STAFF_FORMS and not (isinstance(node, dict) and key in node):
                continue  # the tag of the form staff was written in
            if str(key).startswith(("function-", "list[", "float", "union", "tagged-union")):
                continue
            parts.append(("." if parts else "") + display_path(str(key)))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts) or "scenario"


def _clipped(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 3] + "..."


def _problems(error: ValidationError, data: Any) -> list[tuple[str, Any, str]]:
    """One problem per location; alternatives of a union field are joined with 'or'.

    A missing ``mean`` of an empirical distribution whose ``samples`` are themselves invalid is left out:
    the mean would be computed from them.
    """
    merged: dict[str, tuple[Any, list[str]]] = {}
    items = error.errors(include_url=False)
    sampled = {tuple(item["loc"][: item["loc"].index("samples")]) for item in items if "samples" in item["loc"]}
    for item in items:
        loc = tuple(item["loc"])
        if item["type"] == "missing" and loc[-1:] == ("mean",) and loc[:-1] in sampled:
            continue
        message = item["msg"].removeprefix("Value error, ")
        where = _location(loc, data)
        value, messages = merged.setdefault(where, (item.get("input"), []))
        if message not in messages:
            messages.append(message)
    return [(where, value, " or ".join(messages)) for where, (value, messages) in merged.items()]


def _default_segments() -> list[Segment]:
    return [Segment(name="all customers", share=1.0)]


class Scenario(ModelBase):
    """A service operation: demand, the chain of stages, customer segments, targets and money.

    Example
    -------
    >>> from svcdesign import Scenario
    >>> s = Scenario.load("datasets/scenarios/bank.yaml")            # doctest: +SKIP
    >>> cut = s.with_overrides({"stages.representative.staff_adjustment": -2}, name="cut 2")  # doctest: +SKIP
    """

    name: Annotated[str, NAME]
    notes: Annotated[str, NOTE] = ""
    sources: list[Annotated[str, NOTE]] = Field(
        default_factory=list, max_length=MAX_SOURCES, description="Where the scenario's numbers come from."
    )
    language: str = Field(
        DEFAULT,
        description="The language its reports are written in: 'en' (English, the default), 'ar' (Arabic) or "
        "'fa' (Persian); Arabic and Persian read right to left, with their own digits.",
    )
    organisation: Organisation = Field(default_factory=Organisation)
    demand: Demand
    stages: list[Stage] = Field(min_length=1, max_length=MAX_STAGES)
    segments: list[Segment] = Field(default_factory=_default_segments, min_length=1, max_length=MAX_SEGMENTS)
    targets: ServiceTarget = Field(default_factory=ServiceTarget, description="Default service target.")
    resolution_target: Annotated[float, DURATION] = Field(
        RESOLUTION_TARGET,
        description="Seconds from first contact within which a customer's issue should be resolved, over the "
        "whole chain (default 24 h, a modelling choice): the share resolved within it is reported.",
    )
    service_desk: ServiceDesk | None = Field(
        None,
        description="Multi-skill front of the chain: contact types and the agent groups who serve them; "
        "its channels arrive at the desk instead of an entry stage. None (the default) = single-skill stages only.",
    )
    assumptions: dict[Annotated[str, NAME], Annotated[float, ASSUMPTION]] = Field(
        default_factory=dict, max_length=MAX_ASSUMPTIONS, description="Overrides of the assumptions table, by name."
    )

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            named = ", ".join(f"'{code}' ({NAMES[code]})" for code in LANGUAGES)
            raise ValueError(f"expected one of {named}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        names = [s.name for s in self.stages]
        if len(set(names)) != len(names):
            raise ValueError(f"stage names must be unique, got {names}")
        known = set(names)
        allowed = f"one of the stages {names}"
        desk = self.service_desk
        desk_channels = {t.channel for t in desk.contact_types} if desk is not None else set()
        entries: list[str] = []
        for channel in self.demand.channels:
            if channel.name in desk_channels:
                continue  # arrives at the service desk (checked below)
            entry = channel.entry_stage or names[0]
            if entry not in known:
                raise ValueError(f"channel '{channel.name}' enters unknown stage '{entry}'; expected {allowed}")
            entries.append(entry)
        per_day = self.demand.intervals_per_day
        edges: dict[str, set[str]] = {name: set() for name in names}
        if desk is not None:
            entries.extend(self._desk_entries(desk, names))
        for stage in self.stages:
            self._check_staff_length(f"stage '{stage.name}'", stage.staff)
            profile = stage.handle_time_profile
            if profile is not None and len(profile) not in (per_day, 7 * per_day):
                raise ValueError(
                    f"stage '{stage.name}': handle_time_profile has {len(profile)} values; expected "
                    f"{per_day} (one day of {self.demand.interval_minutes}-minute intervals) or "
                    f"{7 * per_day} (one week), or none (1 everywhere)"
                )
            r = stage.routing
            for kind, targets in (("escalate", r.escalate), ("transfer", r.transfer), ("follow_up", r.follow_up)):
                for target, p in targets.items():
                    if target not in known:
                        raise ValueError(
                            f"stage '{stage.name}': routing.{kind} names unknown stage '{target}'; expected {allowed}"
                        )
                    if p > 0:
                        edges[stage.name].add(target)
            if r.repeat_to is not None and r.repeat_to not in known:
                raise ValueError(
                    f"stage '{stage.name}': routing.repeat_to names unknown stage '{r.repeat_to}'; expected {allowed}"
                )
            if r.repeat > 0:
                edges[stage.name].update([r.repeat_to] if r.repeat_to else entries)
        reached = _reachable(set(entries), edges)
        unreached = [n for n in names if n not in reached]
        if unreached:
            raise ValueError(
                f"stages {unreached} receive no contacts: no channel enters them (entry_stage) "
                "and no routing leads to them"
            )
        exits = {s.name for s in self.stages if s.routing.routed_share < 1.0 - 1e-12}
        trapped = [n for n in names if not (_reachable({n}, edges) & exits)]
        if trapped:
            raise ValueError(
                f"stages {trapped} route every contact onward in a loop that never lets it leave; "
                "give at least one stage on the loop a share that is resolved (routing sums below 1)"
            )
        if desk is not None:
            for contact in desk.contact_types:
                if contact.routing.routed_share >= 1.0 - 1e-12 and not (
                    _reachable(desk.routes()[contact.name], edges) & exits
                ):
                    raise ValueError(
                        f"contact type '{contact.name}' routes every contact onward in a loop that never lets it "
                        "leave; give it or a stage it reaches a share that is resolved (routing sums below 1)"
                    )
        segment_names = [s.name for s in self.segments]
        if len(set(segment_names)) != len(segment_names):
            raise ValueError(f"segment names must be unique, got {segment_names}")
        total = sum(s.share for s in self.segments)
        if abs(total - 1.0) > SHARE_TOLERANCE:
            raise ValueError(f"segment shares sum to {total:.6g}; they must sum to 1")
        if self.assumptions:
            try:
                load_assumptions().with_overrides(self.assumptions)
            except InputError as error:
                raise ValueError(f"assumptions: {error}") from None
        return self

    def _check_staff_length(self, owner: str, staff: Any) -> None:
        """Staff given per interval must hold one day or one week of the scenario's intervals."""
        per_day = self.demand.intervals_per_day
        if isinstance(staff, list) and not isinstance(staff[0], Shift) and len(staff) not in (per_day, 7 * per_day):
            raise ValueError(
                f"{owner}: staff has {len(staff)} values; expected one number, "
                f"{per_day} (one day of {self.demand.interval_minutes}-minute intervals), "
                f"{7 * per_day} (one week) or a list of shifts"
            )

    def _desk_entries(self, desk: ServiceDesk, names: list[str]) -> list[str]:
        """Check the service desk against the rest of the scenario; the stages its contact types go on to."""
        for group in desk.groups:
            self._check_staff_length(f"agent group '{group.name}'", group.staff)
        desk.check_in(
            channels={c.name: c.kind for c in self.demand.channels},
            entry_stages={c.name: c.entry_stage for c in self.demand.channels},
            stages=names,
            peak_staff={g.name: float(staff_per_period(g, self.demand.interval_minutes).max()) for g in desk.groups},
        )
        groups = {g.name for g in desk.groups}
        types = {t.name for t in desk.contact_types}
        desk_channels = {t.channel for t in desk.contact_types}
        other_channels = {c.name for c in self.demand.channels if c.name not in desk_channels}
        for what, shared in (
            ("agent groups and stages", set(names) & groups),
            ("contact types and stages", set(names) & types),
            ("contact types and agent groups", types & groups),
            ("contact types and channels without contact types", types & other_channels),
        ):
            if shared:
                raise ValueError(
                    f"{what} share the names {sorted(shared)}; give them different names (results, staff "
                    "changes and first contacts name each of them)"
                )
        return sorted({n for targets in desk.routes().values() for n in targets})

    # ----------------------------------------------------------------------------- look-ups
    @property
    def stage_names(self) -> list[str]:
        """Stage names in the order given."""
        return [s.name for s in self.stages]

    def stage(self, name: str) -> Stage:
        """The stage called ``name``."""
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise InputError("stage", name, f"one of {self.stage_names}")

    def target_for(self, stage: str | Stage) -> ServiceTarget:
        """The service target that applies at a stage (its own, else the scenario default)."""
        stage = self.stage(stage) if isinstance(stage, str) else stage
        return stage.target or self.targets

    # ------------------------------------------------------------------------ construction
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "scenario") -> Scenario:
        """Validate a plain mapping (as read from YAML/JSON); raise :class:`ScenarioError` if invalid."""
        if not isinstance(data, Mapping):
            raise ScenarioError([(source, data, "a mapping of scenario fields (name, demand, stages, …)")], source)
        try:
            return cls.model_validate(dict(data))
        except ValidationError as error:
            raise ScenarioError(_problems(error, data), source) from None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible mapping; fields equal to their defaults are left out (lossless)."""
        return self.model_dump(mode="json", exclude_defaults=True)

    @classmethod
    def load(cls, path: str | os.PathLike) -> Scenario:
        """Read a scenario from a YAML (``.yaml``, ``.yml``) or JSON (``.json``) file.

        The file is read within the limits of :mod:`svcdesign.model.files` (size, aliases, nesting,
        duplicate keys); any problem raises an :class:`~svcdesign.errors.InputError` naming the file.
        """
        return cls.from_dict(read_scenario_file(path), source=display_path(path))

    def save(self, path: str | os.PathLike) -> Path:
        """Write the scenario as YAML or JSON (by suffix), atomically: no half-written file on failure.

        The folder must exist (svcdesign does not create folders); an existing file keeps its
        permissions and a symbolic link is written through. A scenario too large for
        :meth:`load` to read back is refused. Problems raise :class:`~svcdesign.errors.FileError`.
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise InputError("path", display_path(path), "a file name ending in .yaml, .yml or .json")
        check_output(path)
        data = self.to_dict()
        values = _count_values(data)
        if values > MAX_VALUES:
            raise FileError(
                display_path(path),
                f"the scenario holds {values:,} values, more than a scenario file may hold",
                f"at most {MAX_VALUES:,} values (fewer empirical samples)",
            )
        text = (
            json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            if suffix == ".json"
            else yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        )
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            raise FileError(
                display_path(path),
                f"the scenario takes {size:,} bytes, more than a scenario file may hold",
                f"at most {MAX_FILE_BYTES:,} bytes (fewer or shorter empirical samples)",
            )
        return write_atomic(path, text)

    def with_overrides(
        self,
        overrides: Mapping[str, Any] | Mapping[tuple, Any] | Mapping[str | tuple, Any] | None = None,
        *,
        name: str | None = None,
        **fields: Any,
    ) -> Scenario:
        """A validated copy with some fields changed: a what-if variant.

        ``overrides`` maps paths to new values. A path is dotted text or a tuple of its parts. Items of
        named lists (stages, channels, segments, peaks) are addressed by name or index:
        ``"stages.coordinator.staff"``, ``"demand.channels.phone.weekly_volume"``,
        ``"stages.representative.routing.escalate.coordinator"``, ``"demand.scale"``,
        ``"assumptions.churn_one_bad"``. Names may contain dots (``"stages.level 1.5.staff"`` finds the
        stage ``"level 1.5"``): where a path meets a named list, the longest run of parts that names an
        item wins; a tuple path (``("stages", "level 1.5", "staff")``) says it exactly. Top-level fields
        may also be given as keyword arguments. ``name`` renames the variant.
        """
        data = self.model_dump(mode="python")
        data = copy.deepcopy(data)
        items: dict[str | tuple, Any] = {}
        items.update(overrides or {})
        items.update(fields)
        if name is not None:
            items["name"] = name
        for path, value in items.items():
            _set_path(data, path, value)
        return Scenario.from_dict(data, source=f"override of scenario '{self.name}'")

    def with_staff_change(
        self,
        changes: Mapping[str, float],
        *,
        unit: StaffUnit = "fte",
        shift: str | None = None,
        name: str | None = None,
    ) -> Scenario:
        """A what-if with people added to or taken from stages: ``{"representative": -2}``.

        Parameters
        ----------
        changes
            Stage name (or agent group name, with a service desk) → change in people; negative removes.
        unit
            ``"fte"`` (default): full-time equivalents of ``costs.contract_hours`` paid hours a week
            each, spread over the stage's roster pro rata, so opening hours stay as they are;
            ``"seats"``: staff on duty added to every staffed interval (``staff_adjustment``). See
            :mod:`svcdesign.model.roster`.
        shift
            Place the change on one shift of each changed stage's roster (the shift's ``name``, or its
            start time ``"HH:MM"`` when only one shift starts then) instead of pro rata; FTE only.
        name
            The variant's name (default: the scenario's).

        Raises
        ------
        InputError
            Naming the stage and the change when the stage is unknown, the change is not a finite
            number, or it removes more paid hours than the stage has.
        """
        return self.with_overrides(self.staff_change_overrides(changes, unit=unit, shift=shift), name=name)

    def staff_change_overrides(
        self, changes: Mapping[str, float], *, unit: StaffUnit = "fte", shift: str | None = None
    ) -> dict[tuple, Any]:
        """The overrides (:meth:`with_overrides`) that make the staff change of :meth:`with_staff_change`:
        each changed stage's (or agent group's) ``staff`` and ``staff_adjustment``, by tuple path. Changes of
        0 are left out."""
        if unit not in UNITS:
            raise InputError("unit", unit, f"one of {list(UNITS)}")
        if not isinstance(changes, Mapping) or not changes:
            raise InputError("changes", changes, "a mapping of stage name to a change in people, e.g. {'desk': -2}")
        contract_hours = self.contract_hours()
        desk_groups = self.service_desk.groups if self.service_desk is not None else []
        groups = [g.name for g in desk_groups]
        known = self.stage_names + groups
        overrides: dict[tuple, Any] = {}
        for stage_name, people in changes.items():
            if stage_name not in known:
                what = "a stage" + (" or agent group" if groups else "")
                raise InputError("changes", stage_name, f"{what} of this scenario: one of {known}")
            kind = "stage" if stage_name in self.stage_names else "agent group"
            if isinstance(people, bool) or not isinstance(people, int | float) or not math.isfinite(people):
                raise InputError(f"staff change of {kind} '{stage_name}'", people, "a finite number of people")
            if people == 0:
                continue
            if kind == "stage":
                index = self.stage_names.index(stage_name)
                where: tuple = ("stages", index)
                new = staff_change(
                    self.stages[index],
                    float(people),
                    unit=unit,
                    contract_hours=contract_hours,
                    interval_minutes=self.demand.interval_minutes,
                    shift=shift,
                )
            else:
                index = groups.index(stage_name)
                where = ("service_desk", "groups", index)
                new = staff_change(
                    desk_groups[index],
                    float(people),
                    unit=unit,
                    contract_hours=contract_hours,
                    interval_minutes=self.demand.interval_minutes,
                    shift=shift,
                )
            overrides.update({(*where, field): value for field, value in new.items()})
        return overrides

    def contract_hours(self) -> float:
        """Paid hours a week of one full-time member of staff: ``costs.contract_hours`` of the assumptions
        table with this scenario's overrides, hours."""
        return load_assumptions().with_overrides(self.assumptions).value("costs.contract_hours")


def _reachable(start: set[str], edges: Mapping[str, set[str]]) -> set[str]:
    seen = set(start)
    frontier = list(start)
    while frontier:
        for nxt in edges.get(frontier.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


_KEYED_BY_NAME = ("assumptions", "escalate", "transfer", "follow_up", "reserve")
"""Mappings whose keys are names that may contain dots (assumption, stage and agent group names): the rest of a
dotted path below one of them is a single key."""


def _set_path(data: dict, path: str | Sequence[str | int], value: Any) -> None:
    """Set ``value`` at ``path`` (dotted text or a tuple of parts) inside nested dicts/lists.

    Items of lists are found by name — the longest run of the remaining dotted parts that names an item
    — or by index.
    """
    exact = not isinstance(path, str)
    keys: list[str | int] = [k for k in path.split(".") if k] if isinstance(path, str) else list(path)
    shown_path = display_path(".".join(map(str, keys)))
    if not keys or not all(isinstance(k, (str, int)) and not isinstance(k, bool) for k in keys):
        raise InputError(
            "override path", shown_path, "a dotted path such as 'stages.representative.staff', or a tuple of its parts"
        )
    node: Any = data
    entered_by: str | int | None = None  # the mapping key that led to ``node``
    i = 0
    while i < len(keys):
        if isinstance(node, dict):
            if not exact and entered_by in _KEYED_BY_NAME:
                keys[i:] = [".".join(map(str, keys[i:]))]
            key = keys[i]
            if i == len(keys) - 1:
                node[key] = value
                return
            if key not in node:
                raise InputError(
                    "override path",
                    shown_path,
                    f"a path whose part {shown(key)} exists; found {shown(sorted(node), 200)}",
                )
            if node[key] is None:
                node[key] = {}
            node, entered_by = node[key], key
            i += 1
        elif isinstance(node, list):
            index, used = _list_item(node, keys[i:], exact)
            if index is None:
                names = [item.get("name", j) if isinstance(item, dict) else j for j, item in enumerate(node)]
                where = ".".join(map(str, keys[: i + 1]))
                raise InputError(
                    "override path",
                    shown_path,
                    f"an item of '{display_path(where)}' by name or index: {shown(names, 200)}",
                )
            i += used
            if i == len(keys):
                node[index] = value
                return
            node, entered_by = node[index], None
        else:
            where = ".".join(map(str, keys[:i]))
            raise InputError(
                "override path", shown_path, f"a path into fields; '{display_path(where)}' holds a plain value"
            )


def _list_item(items: list, keys: Sequence[str | int], exact: bool) -> tuple[int | None, int]:
    """The index of the item that the first parts of ``keys`` name, and how many parts that takes.

    By name: the longest run of parts, joined by ``"."``, that is an item's ``name`` (one part when
    ``exact``); else by index (an int, or text such as ``"2"`` or ``"-1"``).
    """
    names = {
        item["name"]: i
        for i, item in reversed(list(enumerate(items)))
        if isinstance(item, dict) and isinstance(item.get("name"), str)
    }
    for used in range(1 if exact else len(keys), 0, -1):
        candidate = keys[0] if used == 1 else ".".join(map(str, keys[:used]))
        if isinstance(candidate, str) and candidate in names:
            return names[candidate], used
    key = keys[0]
    text = str(key)
    if (
        (isinstance(key, int) or text.lstrip("-").isdecimal())
        and len(text) <= 20
        and -len(items) <= int(key) < len(items)
    ):
        return int(key) % len(items), 1
    return None, 1


def _count_values(data: Any) -> int:
    """Values (mappings, lists, keys and scalars) in plain data, as :mod:`.files` counts them."""
    count = 0
    stack = [data]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, dict):
            count += len(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return count
