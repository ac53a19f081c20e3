"""Customer segments: groups of customers who differ in patience, behaviour, priority and value.

Multipliers scale the stage's handle time, patience and escalation probabilities for this segment.
Source document 002 (question 3.9) describes such groups: angry, shy, routine customers; the
experience and loyalty models use each segment's expectations and value.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Segment(BaseModel):
    """A group of customers with its share of demand and behaviour."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    name: str = Field(min_length=1)
    share: float = Field(gt=0, le=1, description="Share of every channel's demand.")
    patience_multiplier: float = Field(1.0, gt=0, description="× the stage's mean patience.")
    handle_time_multiplier: float = Field(1.0, gt=0, description="× the stage's mean handle time.")
    escalation_multiplier: float = Field(
        1.0, ge=0, description="× the stage's escalation probabilities (escalation propensity)."
    )
    priority: int = Field(0, ge=0, description="Queue priority: lower is served first.")
    annual_value: float = Field(0.0, ge=0, description="Yearly revenue or value per customer, currency units.")
    customers: float | None = Field(
        None, ge=0, description="Customers in this segment (the base that churn acts on); optional."
    )
