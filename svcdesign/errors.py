"""Errors that svcdesign raises for bad input.

Every error names the field, the value it was given and what is allowed, so that a user of a notebook
or the command line can fix the input without reading a traceback. Values are shown through
:func:`shown`, which is bounded in length and in work whatever the value holds (a file can describe a
structure far larger than memory through YAML aliases; an error message must never expand it).
"""

from __future__ import annotations

import reprlib
from typing import Any

SHOWN_CHARACTERS = 80
"""Longest rendering of a value inside an error message, characters."""

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = _REPR.maxdeque = 4
_REPR.maxdict = 4
_REPR.maxstring = SHOWN_CHARACTERS
_REPR.maxlong = 40
_REPR.maxother = SHOWN_CHARACTERS


def shown(value: Any, limit: int = SHOWN_CHARACTERS) -> str:
    """``repr(value)`` bounded to ``limit`` characters, nesting depth 3 and 4 items per container.

    Safe on values of any size or depth (shared sub-structures are never walked in full), so error
    paths cannot hang on hostile input.
    """
    try:
        text = _REPR.repr(value)
    except Exception:  # a value whose repr fails must not hide the real error
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class InputError(ValueError):
    """A user-supplied value is outside what the model allows.

    Parameters
    ----------
    field:
        Dotted name of the offending field or argument (``"stages[1].shrinkage"``, ``"agents"``), or
        the column of a file (``"column 'arrival'"``).
    value:
        The value that was given (shown bounded, see :func:`shown`).
    allowed:
        A short phrase describing the allowed values (``"a number in [0, 1)"``).
    source:
        Where the value came from, when it came from a file: its path, with a line where known
        (``"log.csv, line 12"``). Put in front of the message.
    """

    def __init__(self, field: str, value: Any, allowed: str, *, source: str | None = None) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{field} = {shown(value)} is not allowed: expected {allowed}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by its message and fields, not by calling ``__init__`` again (which takes more than the
        message): an error raised on a Dask worker reaches the caller whole, same class and fields."""
        return (_unpickled, (type(self), self.args, dict(vars(self))))


def _unpickled(kind: type[InputError], args: tuple[Any, ...], fields: dict[str, Any]) -> InputError:
    """An :class:`InputError` (or subclass) rebuilt from its pickled message and fields."""
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(fields)
    return error


class FileError(InputError):
    """A file cannot be read or written as asked: names the file, where in it, what is wrong and what is allowed.

    Parameters
    ----------
    path:
        The file (for output: the file asked for, never a temporary file beside it).
    problem:
        What is wrong, as a phrase (``"YAML aliases expand to more than 1,000,000 values"``).
    allowed:
        What is allowed instead, as a phrase.
    line, column:
        Where in the file, 1-based, when known.
    field, value:
        As for :class:`InputError`; ``field`` defaults to ``"file"`` and ``value`` to ``path``.
    """

    def __init__(
        self,
        path: str,
        problem: str,
        allowed: str,
        *,
        line: int | None = None,
        column: int | None = None,
        field: str = "file",
        value: Any = None,
    ) -> None:
        where = ", ".join(
            part for part in (f"line {line:,}" if line else "", f"column {column:,}" if column else "") if part
        )
        super().__init__(field, path if value is None else value, allowed, source=path)
        self.path = path
        self.line = line
        self.column = column
        self.problem = problem
        self.args = (f"{path}: {problem}{f' ({where})' if where else ''}; expected {allowed}",)
