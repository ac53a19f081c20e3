"""Customer segments: groups of customers who differ in patience, behaviour, priority and value.

Multipliers scale the stage's handle time, patience and escalation probabilities for this segment.
Source document 002 (question 3.9) describes such groups: angry, shy, routine customers; the
experience and loyalty models use each segment's expectations and value.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import ModelBase
from .limits import ANNUAL_VALUE, BED_DAY_SHARE, CUSTOMERS, ESCALATION_MULTIPLIER, MULTIPLIER, NAME, PRIORITY, SHARE


class Segment(ModelBase):
    """A group of customers with its share of demand and behaviour."""

    name: Annotated[str, NAME]
    share: Annotated[float, SHARE] = Field(description="Share of every channel's demand.")
    patience_multiplier: Annotated[float, MULTIPLIER] = Field(1.0, description="× the stage's mean patience.")
    handle_time_multiplier: Annotated[float, MULTIPLIER] = Field(1.0, description="× the stage's mean handle time.")
    escalation_multiplier: Annotated[float, ESCALATION_MULTIPLIER] = Field(
        1.0, description="× the stage's escalation probabilities (escalation propensity)."
    )
    priority: Annotated[int, PRIORITY] = Field(0, description="Queue priority: lower is served first.")
    annual_value: Annotated[float, ANNUAL_VALUE] = Field(
        0.0, description="Yearly revenue or value per customer, currency units."
    )
    customers: Annotated[float, CUSTOMERS] | None = Field(
        None, description="Customers in this segment (the base that churn acts on); optional."
    )
    bed_day_share: Annotated[float, BED_DAY_SHARE] = Field(
        0.0,
        description=(
            "Public services: share of this segment's waiting days spent in a hospital bed (delayed "
            "discharge), costed at public.bed_day_cost; 0 = waits cost no bed-days."
        ),
    )
