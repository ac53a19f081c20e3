"""Errors that svcdesign raises for bad input.

Every error names the field, the value it was given and what is allowed, so that a user of a notebook
or the command line can fix the input without reading a traceback.
"""

from __future__ import annotations

from typing import Any


class InputError(ValueError):
    """A user-supplied value is outside what the model allows.

    Parameters
    ----------
    field:
        Dotted name of the offending field or argument (``"stages[1].shrinkage"``, ``"agents"``).
    value:
        The value that was given.
    allowed:
        A short phrase describing the allowed values (``"a number in [0, 1)"``).
    """

    def __init__(self, field: str, value: Any, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        super().__init__(f"{field} = {shown} is not allowed: expected {allowed}")
