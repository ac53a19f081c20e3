"""The base class of every model object: frozen, no unknown fields, no NaN or infinity anywhere."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ModelBase(BaseModel):
    """Frozen (hashable, safe to share), refuses unknown fields and non-finite floats, validates defaults.

    ``allow_inf_nan=False`` is the backstop for any float field; the ranges themselves come from
    :mod:`svcdesign.model.limits`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False)
