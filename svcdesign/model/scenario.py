"""A scenario: everything a user describes about a service operation, validated and serialisable.

``Scenario.load(path)`` and ``scenario.save(path)`` read and write YAML (``.yaml``/``.yml``) or JSON
(``.json``) without loss; ``scenario.with_overrides({...})`` makes a what-if variant by dotted paths.
Invalid input raises :class:`ScenarioError` (an :class:`~svcdesign.errors.InputError`) listing every
problem with the field, the value given and what is allowed.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any, Mapping

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .._files import write_atomic
from ..errors import InputError
from .chain import ServiceTarget, Shift, Stage
from .customers import Segment
from .demand import Demand
from .organisation import Organisation

SHARE_TOLERANCE = 1e-6
"""Segment shares must sum to 1 within this absolute tolerance (rounding in hand-written files)."""


class ScenarioError(InputError):
    """A scenario (or a file or override describing one) is invalid; lists every problem found."""

    def __init__(self, problems: list[tuple[str, Any, str]], source: str = "scenario") -> None:
        self.problems = problems
        first = problems[0] if problems else ("scenario", None, "a valid scenario")
        InputError.__init__(self, *first)
        lines = [f"{source} is invalid ({len(problems)} problem{'s' if len(problems) != 1 else ''}):"]
        for field, value, allowed in problems:
            if isinstance(value, (dict, list)):
                lines.append(f"  - {field}: {allowed}")
            else:
                shown = repr(value)
                shown = shown if len(shown) <= 60 else shown[:57] + "..."
                lines.append(f"  - {field} = {shown}: {allowed}")
        self.args = ("\n".join(lines),)


def _location(loc: tuple, data: Any) -> str:
    """Readable path for a pydantic error location, naming list items by their ``name``."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, list) and 0 <= key < len(node) and isinstance(node[key], dict):
                name = node[key].get("name")
                if name:
                    label = f"[{key}] ({name})"
            parts.append(label)
            node = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
        else:
            if key in ("function-after", "function-before") or str(key).startswith(("function-", "list[", "float", "union")):
                continue
            parts.append(("." if parts else "") + str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts) or "scenario"


def _problems(error: ValidationError, data: Any) -> list[tuple[str, Any, str]]:
    """One problem per location; alternatives of a union field are joined with 'or'."""
    merged: dict[str, tuple[Any, list[str]]] = {}
    for item in error.errors(include_url=False):
        message = item["msg"].removeprefix("Value error, ")
        where = _location(tuple(item["loc"]), data)
        value, messages = merged.setdefault(where, (item.get("input"), []))
        if message not in messages:
            messages.append(message)
    return [(where, value, " or ".join(messages)) for where, (value, messages) in merged.items()]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def _default_segments() -> list[Segment]:
    return [Segment(name="all customers", share=1.0)]


class Scenario(_Model):
    """A service operation: demand, the chain of stages, customer segments, targets and money.

    Example
    -------
    >>> from svcdesign import Scenario
    >>> s = Scenario.load("datasets/scenarios/bank.yaml")            # doctest: +SKIP
    >>> cut = s.with_overrides({"stages.representative.staff_adjustment": -2}, name="cut 2")  # doctest: +SKIP
    """

    name: str = Field(min_length=1)
    notes: str = ""
    sources: list[str] = Field(default_factory=list, description="Where the scenario's numbers come from.")
    organisation: Organisation = Field(default_factory=Organisation)
    demand: Demand
    stages: list[Stage] = Field(min_length=1)
    segments: list[Segment] = Field(default_factory=_default_segments, min_length=1)
    targets: ServiceTarget = Field(default_factory=ServiceTarget, description="Default service target.")
    assumptions: dict[str, float] = Field(
        default_factory=dict, description="Overrides of the assumptions table, by name."
    )

    @model_validator(mode="after")
    def _consistent(self) -> "Scenario":
        names = [s.name for s in self.stages]
        if len(set(names)) != len(names):
            raise ValueError(f"stage names must be unique, got {names}")
        known = set(names)
        allowed = f"one of the stages {names}"
        entries: list[str] = []
        for channel in self.demand.channels:
            entry = channel.entry_stage or names[0]
            if entry not in known:
                raise ValueError(f"channel '{channel.name}' enters unknown stage '{entry}'; expected {allowed}")
            entries.append(entry)
        per_day = self.demand.intervals_per_day
        edges: dict[str, set[str]] = {name: set() for name in names}
        for stage in self.stages:
            if isinstance(stage.staff, list) and not isinstance(stage.staff[0], Shift):
                if len(stage.staff) not in (per_day, 7 * per_day):
                    raise ValueError(
                        f"stage '{stage.name}': staff has {len(stage.staff)} values; expected one number, "
                        f"{per_day} (one day of {self.demand.interval_minutes}-minute intervals), "
                        f"{7 * per_day} (one week) or a list of shifts"
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
        segment_names = [s.name for s in self.segments]
        if len(set(segment_names)) != len(segment_names):
            raise ValueError(f"segment names must be unique, got {segment_names}")
        total = sum(s.share for s in self.segments)
        if abs(total - 1.0) > SHARE_TOLERANCE:
            raise ValueError(f"segment shares sum to {total:.6g}; they must sum to 1")
        if self.assumptions:
            from ..assumptions import load_assumptions  # the table's names and ranges

            try:
                load_assumptions().with_overrides(self.assumptions)
            except InputError as error:
                raise ValueError(f"assumptions: {error}") from None
        return self

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
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "scenario") -> "Scenario":
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
    def load(cls, path: str | os.PathLike) -> "Scenario":
        """Read a scenario from a YAML or JSON file."""
        path = Path(path)
        if not path.is_file():
            raise InputError("path", str(path), "an existing .yaml, .yml or .json scenario file")
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        except (json.JSONDecodeError, yaml.YAMLError) as error:
            raise InputError("path", str(path), f"valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'} ({error})") from None
        return cls.from_dict(data, source=str(path))

    def save(self, path: str | os.PathLike) -> Path:
        """Write the scenario as YAML or JSON (by suffix), atomically: no half-written file on failure."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".yaml", ".yml", ".json"):
            raise InputError("path", str(path), "a file name ending in .yaml, .yml or .json")
        data = self.to_dict()
        text = (
            json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            if suffix == ".json"
            else yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_atomic(path, text)

    def with_overrides(self, overrides: Mapping[str, Any] | None = None, *, name: str | None = None, **fields: Any) -> "Scenario":
        """A validated copy with some fields changed: a what-if variant.

        ``overrides`` maps dotted paths to new values. Items of named lists (stages, channels,
        segments, peaks, shifts) are addressed by name or index: ``"stages.coordinator.staff"``,
        ``"demand.channels.phone.weekly_volume"``, ``"stages.representative.routing.escalate.coordinator"``,
        ``"demand.scale"``, ``"assumptions.churn_one_bad"``. Top-level fields may also be given as
        keyword arguments. ``name`` renames the variant.
        """
        data = self.model_dump(mode="python")
        data = copy.deepcopy(data)
        items = dict(overrides or {})
        items.update(fields)
        if name is not None:
            items["name"] = name
        for path, value in items.items():
            _set_path(data, path, value)
        return Scenario.from_dict(data, source=f"override of scenario '{self.name}'")


def _reachable(start: set[str], edges: Mapping[str, set[str]]) -> set[str]:
    seen = set(start)
    frontier = list(start)
    while frontier:
        for nxt in edges.get(frontier.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


def _set_path(data: dict, path: str, value: Any) -> None:
    """Set ``value`` at a dotted ``path`` inside nested dicts/lists (named list items by name)."""
    keys = [k for k in str(path).split(".") if k]
    if not keys:
        raise InputError("override path", path, "a dotted path such as 'stages.representative.staff'")
    if keys[0] == "assumptions" and len(keys) > 1:
        keys = ["assumptions", ".".join(keys[1:])]  # assumption names contain dots themselves
    node: Any = data
    for depth, key in enumerate(keys):
        last = depth == len(keys) - 1
        where = ".".join(keys[: depth + 1])
        if isinstance(node, dict):
            if last:
                node[key] = value
                return
            if key not in node:
                raise InputError("override path", path, f"a path whose part '{key}' exists; found {sorted(node)}")
            if node[key] is None:
                node[key] = {}
            node = node[key]
        elif isinstance(node, list):
            index = _list_index(node, key)
            if index is None:
                names = [item.get("name", i) if isinstance(item, dict) else i for i, item in enumerate(node)]
                raise InputError("override path", path, f"an item of '{where}' by name or index: {names}")
            if last:
                node[index] = value
                return
            node = node[index]
        else:
            raise InputError("override path", path, f"a path into fields; '{where}' holds a plain value")


def _list_index(items: list, key: str) -> int | None:
    for i, item in enumerate(items):
        if isinstance(item, dict) and item.get("name") == key:
            return i
    if key.lstrip("-").isdigit() and -len(items) <= int(key) < len(items):
        return int(key) % len(items)
    return None
