"""The service chain: stages, their staff, handle times, patience, targets and routing.

Durations are in seconds (strings such as ``"4min"`` are accepted on input), wages in currency units
per paid hour. Routing after a contact is handled at a stage is given as probabilities; whatever is
not routed elsewhere is resolved at that stage.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .units import ClockTime, Duration, Weekday

Role = Literal["representative", "coordinator", "supervisor", "back_office", "partner"]
"""Roles of a stage (source document 000: representative, coordinator, supervisor; plus back office
and partner organisations). The service blueprint places front-stage roles (representative,
coordinator, supervisor) above the line of visibility and the others below it."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class Distribution(_Model):
    """A distribution of durations in seconds: exponential, lognormal or empirical.

    ``mean`` is always the mean in seconds. Lognormal needs ``cv`` (coefficient of variation,
    standard deviation / mean; Brown et al. 2005 found service times close to lognormal).
    Empirical needs ``samples`` (seconds), resampled by the simulation; its mean is the sample mean.
    A bare number (or ``"4min"``) is read as an exponential distribution with that mean.
    """

    kind: Literal["exponential", "lognormal", "empirical"] = "exponential"
    mean: Duration = Field(gt=0, description="Mean duration in seconds.")
    cv: float | None = Field(None, gt=0, description="Coefficient of variation (lognormal).")
    samples: list[float] | None = Field(None, min_length=1, description="Observed durations, seconds.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: object) -> object:
        if isinstance(data, (int, float, str)) and not isinstance(data, bool):
            return {"kind": "exponential", "mean": data}
        if isinstance(data, dict) and data.get("kind") == "empirical" and "mean" not in data:
            samples = data.get("samples") or []
            try:
                data = {**data, "mean": sum(samples) / len(samples)}
            except (TypeError, ZeroDivisionError):
                pass
        return data

    @model_validator(mode="after")
    def _check(self) -> "Distribution":
        if self.kind == "lognormal" and self.cv is None:
            raise ValueError("a lognormal distribution needs cv (standard deviation / mean), e.g. cv: 1.0")
        if self.kind != "lognormal" and self.cv is not None:
            raise ValueError(f"cv applies to lognormal distributions only, not {self.kind}")
        if self.kind == "empirical":
            if not self.samples:
                raise ValueError("an empirical distribution needs samples (observed durations in seconds)")
            if any(not (s >= 0 and s < float("inf")) for s in self.samples):
                raise ValueError("empirical samples must be finite durations ≥ 0 seconds")
        elif self.samples is not None:
            raise ValueError(f"samples apply to empirical distributions only, not {self.kind}")
        return self


class ServiceTarget(_Model):
    """What counts as good service at a stage.

    ``answer_within`` (seconds) and ``service_level`` define the service-level target (e.g. 80% of
    contacts answered within 20 s — the common industry convention, a modelling choice; for deferred
    work use hours or days, e.g. ``"48h"``). The other limits are optional and all apply together.
    """

    answer_within: Duration = Field(20.0, gt=0, description="Target answer time, seconds.")
    service_level: float | None = Field(0.8, gt=0, le=1, description="Share answered within target.")
    max_asa: Duration | None = Field(None, gt=0, description="Largest acceptable mean wait, seconds.")
    max_abandon: float | None = Field(None, gt=0, lt=1, description="Largest acceptable P(abandon).")
    max_occupancy: float | None = Field(None, gt=0, le=1, description="Largest acceptable occupancy.")


class Shift(_Model):
    """A block of staff working the same hours on given weekdays."""

    start: ClockTime = Field(description="Start time 'HH:MM'.")
    hours: float = Field(gt=0, le=24, description="Paid length of the shift in hours.")
    count: float = Field(ge=0, description="Number of staff on this shift.")
    days: list[Weekday] = Field(default_factory=lambda: list(range(7)), description="Weekdays worked.")


class Routing(_Model):
    """Where contacts go after being handled at a stage (probabilities per handled contact).

    - ``escalate``: to a more senior stage at once (representative → coordinator → supervisor);
    - ``transfer``: to another team or partner organisation at once;
    - ``repeat``: the issue is not resolved and the customer contacts again after ``repeat_delay``
      (failure demand), arriving at ``repeat_to`` (default: the stage the customer first contacted);
    - ``follow_up``: the organisation contacts the customer after ``follow_up_delay``, as work at the
      named stage that does not abandon.
    The remainder, 1 − (all of the above), is resolved here. Abandoners leave the chain, except the
    share ``retry`` of them who try the same stage again after ``retry_delay`` (redials).
    """

    escalate: dict[str, float] = Field(default_factory=dict)
    transfer: dict[str, float] = Field(default_factory=dict)
    repeat: float = Field(0.0, ge=0, le=1)
    repeat_to: str | None = None
    repeat_delay: Duration = Field(86400.0, ge=0, description="Seconds until the repeat contact.")
    follow_up: dict[str, float] = Field(default_factory=dict)
    follow_up_delay: Duration = Field(86400.0, ge=0, description="Seconds until the follow-up.")
    retry: float = Field(0.0, ge=0, lt=1, description="Share of abandoners who try this stage again.")
    retry_delay: Duration | None = Field(None, gt=0, description="Seconds until an abandoner tries again.")

    @field_validator("escalate", "transfer", "follow_up")
    @classmethod
    def _probabilities(cls, value: dict[str, float]) -> dict[str, float]:
        for target, p in value.items():
            if not 0.0 <= p <= 1.0:
                raise ValueError(f"probability to '{target}' must be in [0, 1], got {p}")
        return value

    @model_validator(mode="after")
    def _sums(self) -> "Routing":
        if self.retry > 0 and self.retry_delay is None:
            raise ValueError("retry needs retry_delay: how long abandoners wait before trying again, e.g. '10min'")
        total = self.routed_share
        if total > 1.0 + 1e-9:
            raise ValueError(
                f"escalate + transfer + repeat + follow_up sum to {total:.4g}; they must sum to at most 1 "
                "(the rest is resolved at this stage)"
            )
        return self

    @property
    def routed_share(self) -> float:
        """Share of handled contacts that go on somewhere (the rest are resolved here)."""
        return sum(self.escalate.values()) + sum(self.transfer.values()) + self.repeat + sum(
            self.follow_up.values()
        )


class Stage(_Model):
    """One stage of the service chain and the staff who work it.

    ``staff`` is the number of paid staff on shift: one number for every interval, a list with one
    value per interval of the week (or of one day, repeated), or a roster of shifts. Agents available
    to handle contacts = staff × (1 − shrinkage); shrinkage covers breaks, training, meetings and
    absence. ``staff_adjustment`` is added to every interval in which the stage is staffed (a what-if
    lever: −2 = two fewer staff on duty; opening hours stay as they are).
    A ``deferred`` stage handles work that waits without abandoning (email, referrals); its target is
    usually in hours or days.
    """

    name: str = Field(min_length=1)
    role: Role = "representative"
    staff: float | list[float] | list[Shift] = Field(description="Paid staff on shift.")
    staff_adjustment: float = Field(0.0, description="Staff added to every staffed interval (negative = cut).")
    handle_time: Distribution = Field(description="Handle time per contact, seconds.")
    patience: Distribution | None = Field(
        None, description="Time a waiting customer stays before abandoning, seconds; none = infinite."
    )
    shrinkage: float = Field(0.0, ge=0, lt=1, description="Share of paid time not available for contacts.")
    hourly_wage: float = Field(0.0, ge=0, description="Cost of one paid staff hour, currency units.")
    deferred: bool = Field(False, description="Work waits without abandoning (email, referrals).")
    target: ServiceTarget | None = Field(None, description="Overrides the scenario's default target.")
    routing: Routing = Field(default_factory=Routing)

    @field_validator("staff")
    @classmethod
    def _staff(cls, value: float | list) -> float | list:
        values = [value] if isinstance(value, (int, float)) else value
        if isinstance(values, list) and values and not isinstance(values[0], Shift):
            bad = [v for v in values if not (v >= 0 and v < float("inf"))]
            if bad:
                raise ValueError(f"staff must be finite and ≥ 0, got {bad[0]!r}")
        if isinstance(value, list) and not value:
            raise ValueError("staff needs at least one value (or one shift)")
        return value

    @model_validator(mode="after")
    def _deferred(self) -> "Stage":
        if self.deferred and self.patience is not None:
            raise ValueError(f"stage '{self.name}' is deferred work, which does not abandon: remove patience")
        if self.routing.retry > 0 and self.patience is None:
            raise ValueError(f"stage '{self.name}': routing.retry applies to abandoners, but nobody abandons "
                             "without patience")
        return self
