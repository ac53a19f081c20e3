"""Small hand-made scenarios shared by tests (import as ``from helpers import one_stage``)."""

from __future__ import annotations

from svcdesign import Scenario


def one_stage(
    *,
    calls_per_interval: float = 50.0,
    staff: float = 10.0,
    handle: float = 240.0,
    patience: float | None = 180.0,
    interval_minutes: int = 15,
    **stage_fields,
) -> Scenario:
    """A single stage with constant demand all week (a stationary queue in every interval)."""
    stage = {"name": "desk", "staff": staff, "handle_time": handle, **stage_fields}
    if patience is not None:
        stage["patience"] = patience
    per_day = 1440 // interval_minutes
    return Scenario.from_dict(
        {
            "name": "one stage",
            "demand": {
                "interval_minutes": interval_minutes,
                "channels": [{"name": "phone", "per_interval": [calls_per_interval] * per_day}],
            },
            "stages": [stage],
        }
    )
