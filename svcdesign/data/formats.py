"""The log formats :func:`read_contact_log` reads: one registry, :data:`LOG_FORMATS`.

Each format is one module holding a reader, ``read_…(path, **options) -> ContactLog``, that refuses a
bad file with :func:`~svcdesign.data.logs.check_log_file`, reads it with
:func:`~svcdesign.data.logs.read_log_bytes`, turns its rows into the generic schema and validates them
with :func:`~svcdesign.data.validation.validate_contact_log` (or
:func:`~svcdesign.data.validation.validate_rows`). A new format is that module plus one line in
:data:`LOG_FORMATS`; the command line's ``--format`` choices follow the registry.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .anonymous_bank import read_anonymous_bank
from .generic import read_generic
from .logs import ContactLog


@dataclass(frozen=True)
class LogFormat:
    """One log format: its reader, a one-line description, and the options of :func:`read_contact_log`
    it takes (passed to the reader as keyword arguments)."""

    read: Callable[..., ContactLog]
    description: str
    options: tuple[str, ...] = ()


LOG_FORMATS: dict[str, LogFormat] = {
    "generic": LogFormat(
        read_generic, "a CSV or Parquet file in the generic schema", ("columns", "outcomes", "time_format")
    ),
    "anonymous_bank": LogFormat(
        read_anonymous_bank, "a monthly file of the Anonymous Bank call centre (1999)", ("pseudonymise_agents",)
    ),
}
"""Log formats by name (lower case, words joined by ``_``; ``-`` is accepted for ``_``)."""


def read_contact_log(
    path: str | os.PathLike,
    schema: str = "generic",
    *,
    columns: Mapping[str, str] | None = None,
    outcomes: Mapping[str, str] | None = None,
    time_format: str | None = None,
    pseudonymise_agents: bool = True,
) -> ContactLog:
    """Read and validate a contact log.

    Parameters
    ----------
    path:
        A CSV file (header row; fields separated by commas, tabs or semicolons — whichever the
        header holds most of; ``.csv``, ``.txt``, ``.tsv``; UTF-8, or UTF-16 with a byte-order mark)
        or a Parquet file (``.parquet``, needs the optional ``pyarrow`` package) in the generic
        schema; or, with ``schema="anonymous_bank"``, a monthly file of the Anonymous Bank call
        centre (see :mod:`svcdesign.data.anonymous_bank`). At most
        :data:`~svcdesign.data.logs.MAX_LOG_BYTES` bytes.
    schema:
        The log format, a name of :data:`LOG_FORMATS`: ``"generic"`` (default) or ``"anonymous_bank"``
        (``"anonymous-bank"`` also accepted).
    columns:
        Generic schema only: the file's names for schema columns, ``{"arrival": "CallTime", …}``.
        Each must name a column of the file, at most one schema column per file column.
    outcomes:
        Generic schema only: the file's outcome labels mapped to ``answered``/``abandoned``/``other``,
        e.g. ``{"AGENT": "answered", "HANG": "abandoned"}`` (matched case-insensitively; the schema's
        own labels are always accepted).
    time_format:
        Generic schema only: a ``strftime`` format for the time columns, without ``%z``/``%Z``
        (default: ISO 8601 date and clock time, with an optional UTC offset).
    pseudonymise_agents:
        Anonymous Bank only: replace agents' names by ``agent_01``, ``agent_02``… (in order of first
        appearance). The raw log holds first names; keep this on unless you own the data.

    Returns
    -------
    ContactLog
        ``data`` (kept contacts), ``excluded`` (line number and reason per rejected row), warnings.

    Raises
    ------
    InputError
        For a problem of the whole file (see :mod:`svcdesign.data.generic` and
        :mod:`svcdesign.data.validation`), naming the file, the line and the column where known.
        Problems of single rows exclude the row instead.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InputError("path", path, "a path to a contact-log file (text or os.PathLike)")
    path = Path(path)
    log_format = _log_format(schema)
    layout = {"columns": columns, "outcomes": outcomes, "time_format": time_format}  # a format without them is fixed
    if any(value for name, value in layout.items() if name not in log_format.options):
        fixed = "/".join(name for name in layout if name not in log_format.options)
        raise InputError("schema", schema, f"no {fixed} options (the format is fixed)")
    options = {**layout, "pseudonymise_agents": pseudonymise_agents}
    return log_format.read(path, **{name: options[name] for name in log_format.options})


def _log_format(schema: str) -> LogFormat:
    """The format named ``schema`` (any case, ``-`` for ``_``), or an InputError listing the formats."""
    name = str(schema).replace("-", "_").lower()
    if name not in LOG_FORMATS:
        hyphenated = ", ".join(repr(n.replace("_", "-")) for n in LOG_FORMATS if "_" in n)
        raise InputError(
            "schema", schema, f"one of {', '.join(LOG_FORMATS)}" + (f" (or {hyphenated})" if hyphenated else "")
        )
    return LOG_FORMATS[name]
