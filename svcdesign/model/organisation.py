"""The organisation around the chain: currency, budget and money-related settings.

Coefficients that are not the user's own facts (hiring cost, overtime premium, churn responses…)
live in the assumptions table (``datasets/assumptions.csv``) and are overridden per scenario through
``Scenario.assumptions``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import ModelBase
from .limits import NAME, OPTIONAL_NAME, WEEKLY_BUDGET


class Organisation(ModelBase):
    """Who runs the service and what they can spend."""

    name: Annotated[str, OPTIONAL_NAME] = Field("", description="Organisation name, for reports.")
    kind: Literal["commercial", "public"] = Field(
        "commercial",
        description=(
            "commercial: customers can leave, so service costs churn and lifetime value; public: a statutory "
            "service whose clients cannot leave, so service costs the cost of failure (failed cases, bed-days)."
        ),
    )
    currency: Annotated[str, NAME] = Field("USD", description="Currency of wages, budget and values.")
    weekly_budget: Annotated[float, WEEKLY_BUDGET] | None = Field(
        None, description="Staff budget per week, currency units."
    )
