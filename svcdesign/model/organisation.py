"""The organisation around the chain: currency, budget and money-related settings.

Coefficients that are not the user's own facts (hiring cost, overtime premium, churn responses…)
live in the assumptions table (``datasets/assumptions.csv``) and are overridden per scenario through
``Scenario.assumptions``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Organisation(BaseModel):
    """Who runs the service and what they can spend."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    name: str = Field("", description="Organisation name, for reports.")
    currency: str = Field("USD", min_length=1, description="Currency of wages, budget and values.")
    weekly_budget: float | None = Field(None, ge=0, description="Staff budget per week, currency units.")
