"""A phone front line passing 20 % of its calls to a deferred back office, as a stage or as a desk with one
contact type and one agent group of the same staff, handle time and patience: the reduction the desk tests
check every layer against (a one-type, one-group desk must give the figures of the stage it replaces)."""

from __future__ import annotations

from typing import Any

from svcdesign import Scenario


def chain(desk: bool, staff: float = 9, volume: float = 6000, segments: list[dict] | None = None) -> Scenario:
    """The front line as a stage (``desk=False``) or a one-type desk, ``staff`` agents, ``volume`` calls a week,
    ``segments`` (default: the model's one segment)."""
    front: dict[str, Any] = {
        "handle_time": {"kind": "lognormal", "mean": 240, "cv": 1.0},
        "patience": 300,
        "routing": {"transfer": {"back office": 0.2}},
    }
    data: dict[str, Any] = {
        "name": "desk" if desk else "stage",
        "demand": {"interval_minutes": 60, "channels": [{"name": "phone", "kind": "phone", "weekly_volume": volume}]},
        "stages": [{"name": "back office", "staff": 3, "handle_time": 900, "deferred": True, "hourly_wage": 20}],
        "targets": {"answer_within": 20, "service_level": 0.8},
    }
    if segments is not None:
        data["segments"] = segments
    if desk:
        data["service_desk"] = {
            "contact_types": [{"name": "calls", "channel": "phone", **front}],
            "groups": [{"name": "agents", "staff": staff, "shrinkage": 0.25, "hourly_wage": 15, "skills": ["calls"]}],
        }
    else:
        data["stages"].insert(0, {"name": "calls", "staff": staff, "shrinkage": 0.25, "hourly_wage": 15, **front})
    return Scenario.from_dict(data)
