"""The service chain: stages, their staff, handle times, patience, targets and routing.

Durations are in seconds (strings such as ``"4min"`` are accepted on input), wages in currency units
per paid hour. Routing after a contact is handled at a stage is given as probabilities; whatever is
not routed elsewhere is resolved at that stage.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from .base import ModelBase
from .limits import (
    CV,
    DELAY,
    DURATION,
    HANDLE_TIME_PROFILE,
    HOURLY_WAGE,
    MAX_ABANDON,
    MAX_INTERVALS,
    MAX_SAMPLES,
    MAX_SHIFTS,
    MAX_STAGES,
    NAME,
    OPTIONAL_NAME,
    PROBABILITY,
    RETRY,
    SAMPLE,
    SHARE,
    SHIFT_HOURS,
    SHRINKAGE,
    STAFF,
    STAFF_ADJUSTMENT,
)
from .units import ClockTime, Weekday

Role = Literal["representative", "coordinator", "supervisor", "back_office", "partner"]
"""Roles of a stage (source document 000: representative, coordinator, supervisor; plus back office
and partner organisations). The service blueprint places front-stage roles (representative,
coordinator, supervisor) above the line of visibility and the others below it."""

Name = Annotated[str, NAME]
"""A stage's name where another field refers to it (routing targets, ``repeat_to``)."""


class Distribution(ModelBase):
    """A distribution of durations in seconds: exponential, lognormal or empirical.

    ``mean`` is always the mean in seconds. Lognormal needs ``cv`` (coefficient of variation,
    standard deviation / mean; Brown et al. 2005 found service times close to lognormal).
    Empirical needs ``samples`` (seconds), resampled by the simulation; its mean is the sample mean.
    A bare number (or ``"4min"``) is read as an exponential distribution with that mean.
    """

    kind: Literal["exponential", "lognormal", "empirical"] = "exponential"
    mean: Annotated[float, DURATION] = Field(description="Mean duration in seconds.")
    cv: Annotated[float, CV] | None = Field(None, description="Coefficient of variation (lognormal).")
    samples: list[Annotated[float, SAMPLE]] | None = Field(
        None, min_length=1, max_length=MAX_SAMPLES, description="Observed durations, seconds."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: object) -> object:
        if isinstance(data, (int, float, str)) and not isinstance(data, bool):
            return {"kind": "exponential", "mean": data}
        if isinstance(data, dict) and data.get("kind") == "empirical" and "mean" not in data:
            mean = _sample_mean(data.get("samples"))
            if mean is not None:
                data = {**data, "mean": mean}
        return data

    @model_validator(mode="after")
    def _check(self) -> Distribution:
        if self.kind == "lognormal" and self.cv is None:
            raise ValueError("a lognormal distribution needs cv (standard deviation / mean), e.g. cv: 1.0")
        if self.kind != "lognormal" and self.cv is not None:
            raise ValueError(f"cv applies to lognormal distributions only, not {self.kind}")
        if self.kind == "empirical":
            if not self.samples:
                raise ValueError("an empirical distribution needs samples (observed durations in seconds)")
        elif self.samples is not None:
            raise ValueError(f"samples apply to empirical distributions only, not {self.kind}")
        return self


def _sample_mean(samples: Any) -> float | None:
    """Mean of empirical samples, seconds; None unless they are a valid list (its own errors say why)."""
    if not isinstance(samples, list) or not 0 < len(samples) <= MAX_SAMPLES:
        return None
    try:
        values = [SAMPLE.check(s) for s in samples]
    except ValueError:
        return None
    return sum(values) / len(values)


class ServiceTarget(ModelBase):
    """What counts as good service at a stage.

    ``answer_within`` (seconds) and ``service_level`` define the service-level target (e.g. 80% of
    contacts answered within 20 s — the common industry convention, a modelling choice; for deferred
    work use hours or days, e.g. ``"48h"``). The other limits are optional and all apply together.
    """

    answer_within: Annotated[float, DURATION] = Field(20.0, description="Target answer time, seconds.")
    service_level: Annotated[float, SHARE] | None = Field(0.8, description="Share answered within target.")
    max_asa: Annotated[float, DURATION] | None = Field(None, description="Largest acceptable mean wait, seconds.")
    max_abandon: Annotated[float, MAX_ABANDON] | None = Field(None, description="Largest acceptable P(abandon).")
    max_occupancy: Annotated[float, SHARE] | None = Field(None, description="Largest acceptable occupancy.")


class Shift(ModelBase):
    """A block of staff working the same hours on given weekdays."""

    name: Annotated[str, OPTIONAL_NAME] = Field(
        "", description="The shift's name ('early', 'night'…), for placing a staff change on it; optional."
    )
    start: ClockTime = Field(description="Start time 'HH:MM'.")
    hours: Annotated[float, SHIFT_HOURS] = Field(description="Paid length of the shift in hours.")
    count: Annotated[float, STAFF] = Field(description="Number of staff on this shift.")
    days: list[Weekday] = Field(default_factory=lambda: list(range(7)), max_length=7, description="Weekdays worked.")

    @field_validator("days")
    @classmethod
    def _once_each(cls, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise ValueError("expected each weekday at most once")
        return value


Probabilities = Annotated[dict[Name, Annotated[float, PROBABILITY]], Field(max_length=MAX_STAGES)]
"""Probabilities per target stage, by the stage's name."""


class Routing(ModelBase):
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

    escalate: Probabilities = Field(default_factory=dict)
    transfer: Probabilities = Field(default_factory=dict)
    repeat: Annotated[float, PROBABILITY] = 0.0
    repeat_to: Name | None = None
    repeat_delay: Annotated[float, DELAY] = Field(86400.0, description="Seconds until the repeat contact.")
    follow_up: Probabilities = Field(default_factory=dict)
    follow_up_delay: Annotated[float, DELAY] = Field(86400.0, description="Seconds until the follow-up.")
    retry: Annotated[float, RETRY] = Field(0.0, description="Share of abandoners who try this stage again.")
    retry_delay: Annotated[float, DURATION] | None = Field(None, description="Seconds until an abandoner tries again.")

    @model_validator(mode="after")
    def _sums(self) -> Routing:
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
        return sum(self.escalate.values()) + sum(self.transfer.values()) + self.repeat + sum(self.follow_up.values())


STAFF_FORMS = ("number", "per interval", "shifts")
"""The forms ``Stage.staff`` may be written in; the tags of its union (they appear in error locations)."""


def _staff_shape(value: Any) -> str:
    """Which form of ``Stage.staff`` a value is written in: one number, one per interval, or shifts.

    A list is a roster when at least half its items are mappings (or shifts), so that one stray item
    is reported as the one error in a list of the other form.
    """
    if isinstance(value, (list, tuple)):
        shifts = sum(isinstance(item, (dict, Shift)) for item in value)
        return "shifts" if shifts and 2 * shifts >= len(value) else "per interval"
    return "number"


Staff = Annotated[
    Annotated[Annotated[float, STAFF], Tag("number")]
    | Annotated[list[Annotated[float, STAFF]], Field(min_length=1, max_length=MAX_INTERVALS), Tag("per interval")]
    | Annotated[list[Shift], Field(min_length=1, max_length=MAX_SHIFTS), Tag("shifts")],
    Discriminator(_staff_shape),
]
"""Paid staff on shift: one number, one per interval (a day or a week), or a roster of shifts. The form
is chosen by the shape of the input (a list holding mappings is a roster), so an error names the one
bad value rather than every form it failed to match."""


HandleTimeProfile = Annotated[
    list[Annotated[float, HANDLE_TIME_PROFILE]], Field(min_length=1, max_length=MAX_INTERVALS)
]
"""Multipliers of a stage's mean handle time, one per interval of the week (or of one day, repeated)."""


class Stage(ModelBase):
    """One stage of the service chain and the staff who work it.

    ``staff`` is the number of paid staff on shift: one number for every interval, a list with one
    value per interval of the week (or of one day, repeated), or a roster of shifts. Agents available
    to handle contacts = staff × (1 − shrinkage); shrinkage covers breaks, training, meetings and
    absence. ``staff_adjustment`` is added to every interval in which the stage is staffed (a what-if
    lever: −2 = two fewer staff on duty; opening hours stay as they are).
    A ``deferred`` stage handles work that waits without abandoning (email, referrals); its target is
    usually in hours or days.
    ``handle_time_profile`` lets the mean handle time vary over the week: one multiplier of the stage's
    mean per interval (of the week, or of one day repeated every day, like ``staff``); the mean handle
    time of a contact that starts service in interval *t* is ``handle_time.mean`` × the segment's
    multiplier × ``handle_time_profile[t]``. None (the default) = 1 in every interval.
    """

    name: Name
    role: Role = "representative"
    staff: Staff = Field(description="Paid staff on shift.")
    staff_adjustment: Annotated[float, STAFF_ADJUSTMENT] = Field(
        0.0, description="Staff added to every staffed interval (negative = cut)."
    )
    handle_time: Distribution = Field(description="Handle time per contact, seconds.")
    handle_time_profile: HandleTimeProfile | None = Field(
        None, description="Multiplier of the mean handle time per interval (week or day); none = 1 everywhere."
    )
    patience: Distribution | None = Field(
        None, description="Time a waiting customer stays before abandoning, seconds; none = infinite."
    )
    shrinkage: Annotated[float, SHRINKAGE] = Field(0.0, description="Share of paid time not available for contacts.")
    hourly_wage: Annotated[float, HOURLY_WAGE] = Field(0.0, description="Cost of one paid staff hour, currency units.")
    deferred: bool = Field(False, description="Work waits without abandoning (email, referrals).")
    target: ServiceTarget | None = Field(None, description="Overrides the scenario's default target.")
    routing: Routing = Field(default_factory=Routing)

    @model_validator(mode="after")
    def _deferred(self) -> Stage:
        if self.deferred and self.patience is not None:
            raise ValueError(f"stage '{self.name}' is deferred work, which does not abandon: remove patience")
        if self.routing.retry > 0 and self.patience is None:
            raise ValueError(
                f"stage '{self.name}': routing.retry applies to abandoners, but nobody abandons without patience"
            )
        if isinstance(self.staff, list) and isinstance(self.staff[0], Shift):
            total = sum(shift.count for shift in self.staff)
            if total > STAFF.high:
                raise ValueError(
                    f"stage '{self.name}': its shifts hold {total:,.0f} staff together; "
                    f"expected at most {STAFF.high:,.0f} ({STAFF.unit})"
                )
        return self
