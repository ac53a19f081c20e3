"""The council adult-social-care chain the NVQ candidate describes (source document 002), with the
levers the course's lessons pull: self-service, eligibility rules, staff and redirection.

The base is the example scenario ``council_adult_social_care`` (its ``notes`` and ``sources`` say
where each number comes from: structure from source document 002, figures illustrative).
"""

from __future__ import annotations

from ..model import Scenario
from .lesson_runs import example

FRONT_DOOR, ASSESSMENT, CARE, PARTNERS = "front door", "assessment", "care provision", "partners"
PHONE = "phone"


def council() -> Scenario:
    """The example council scenario."""
    return example("council_adult_social_care")


def phone_volume(scenario: Scenario | None = None) -> float:
    """Phone calls a week to the front door."""
    scenario = scenario or council()
    volume = next(c.weekly_volume for c in scenario.demand.channels if c.name == PHONE)
    if volume is None:
        raise ValueError(
            f"the {PHONE} channel of scenario '{scenario.name}' has no weekly volume (per-interval arrivals)"
        )
    return volume


def own_stages(scenario: Scenario | None = None) -> tuple[str, ...]:
    """The stages the council staffs itself: every stage but those of role ``partner`` (other organisations in
    the chain, whose staff the council does not pay)."""
    return tuple(s.name for s in (scenario or council()).stages if s.role != "partner")


def service_level_target(stage: str, scenario: Scenario | None = None) -> float:
    """The share of contacts ``stage`` should answer within its target time (default scenario: the council)."""
    scenario = scenario or council()
    level = scenario.target_for(stage).service_level
    if level is None:
        raise ValueError(f"stage '{stage}' of scenario '{scenario.name}' has no service-level target")
    return level


def escalated_share(scenario: Scenario | None = None) -> float:
    """Share of handled front-door calls passed to assessment (the eligibility rule)."""
    return (scenario or council()).stage(FRONT_DOOR).routing.escalate.get(ASSESSMENT, 0.0)


def with_self_service(scenario: Scenario, share: float) -> Scenario:
    """``share`` of phone callers complete an online self-assessment instead of phoning.

    Online requests that the eligibility rule passes on (the same share as on the phone) go straight
    to assessment as a web channel with the phone's weekday shape; the rest are answered online
    (advice, signposting) without staff time. ``share`` = 0 returns the scenario unchanged.
    """
    if not 0.0 <= share < 1.0:
        raise ValueError(f"self-service share must be in [0, 1), got {share}")
    if share == 0:
        return scenario
    data = scenario.to_dict()
    channels = data["demand"]["channels"]
    phone = next(c for c in channels if c["name"] == PHONE)
    volume = phone["weekly_volume"]
    phone["weekly_volume"] = volume * (1.0 - share)
    channels.append(
        {
            **phone,
            "name": "online",
            "kind": "web",
            "entry_stage": ASSESSMENT,
            "weekly_volume": volume * share * escalated_share(scenario),
        }
    )
    return Scenario.from_dict(data)


def with_eligibility(scenario: Scenario, escalated: float) -> Scenario:
    """Front-door eligibility rule: ``escalated`` of handled calls go on to assessment (the rest are
    advised and signposted at the front door)."""
    return scenario.with_overrides({f"stages.{FRONT_DOOR}.routing.escalate.{ASSESSMENT}": float(escalated)})
