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


def inbox(day_weights, hours=8, count=3):
    """An email inbox (deferred work) open 09:00-17:00 on weekdays; ``day_weights`` spread 500 emails a week."""
    return Scenario.from_dict(
        {
            "name": "email",
            "demand": {
                "interval_minutes": 60,
                "channels": [
                    {
                        "name": "email",
                        "kind": "email",
                        "weekly_volume": 500,
                        "day_weights": day_weights,
                        "hourly_weights": [0] * 9 + [1] * 8 + [0] * 7,
                    }
                ],
            },
            "stages": [
                {
                    "name": "inbox",
                    "deferred": True,
                    "handle_time": "10min",
                    "hourly_wage": 20,
                    "staff": [
                        {"start": "09:00", "hours": hours, "count": count, "days": ["Mon", "Tue", "Wed", "Thu", "Fri"]}
                    ],
                    "target": {"answer_within": "24h", "service_level": 0.9},
                }
            ],
        }
    )
