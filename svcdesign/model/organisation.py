"""The organisation around the chain: currency, budget and money-related settings.

Coefficients that are not the user's own facts (hiring cost, overtime premium, churn responses…)
live in the assumptions table (``datasets/assumptions.csv``) and are overridden per scenario through
``Scenario.assumptions``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import ModelBase
from .limits import NAME, OPTIONAL_NAME, WEEKLY_BUDGET


class Organisation(ModelBase):
    """Who runs the service and what they can spend."""

    name: Annotated[str, OPTIONAL_NAME] = Field("", description="Organisation name, for reports.")
    currency: Annotated[str, NAME] = Field("USD", description="Currency of wages, budget and values.")
    weekly_budget: Annotated[float, WEEKLY_BUDGET] | None = Field(
        None, description="Staff budget per week, currency units."
    )
