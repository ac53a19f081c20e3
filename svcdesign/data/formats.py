"""The log formats :func:`read_contact_log` reads: one registry, :data:`LOG_FORMATS`.

Each format is one module holding a reader, ``read_…(path, **options) -> ContactLog``, that refuses a
bad file with :func:`~svcdesign.data.logs.check_log_file`, reads it with
:func:`~svcdesign.data.logs.read_log_bytes`, turns its rows into the generic schema and validates them
with :func:`~svcdesign.data.validation.validate_contact_log` (or
:func:`~svcdesign.data.validation.validate_rows`). A new format is that module plus one line in
:data:`LOG_FORMATS`; the command line's ``--format`` choices follow the registry. The export presets of
:mod:`~svcdesign.data.presets` are formats too: the generic reader with a column and label mapping.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..errors import InputError
from .anonymous_bank import read_anonymous_bank
from .generic import read_generic
from .logs import ContactLog
from .presets import EXPORT_PRESETS


@dataclass(frozen=True)
class LogFormat:
    """One log format: its reader, a one-line description, and the options of :func:`read_contact_log`
    it takes (passed to the reader as keyword arguments)."""

    read: Callable[..., ContactLog]
    description: str
    options: tuple[str, ...] = ()


_LAYOUT = ("columns", "outcomes", "durations", "time_format", "tz")

LOG_FORMATS: dict[str, LogFormat] = {
    "generic": LogFormat(read_generic, "a CSV or Parquet file in the generic schema", _LAYOUT),
    "anonymous_bank": LogFormat(
        read_anonymous_bank, "a monthly file of the Anonymous Bank call centre (1999)", ("pseudonymise_agents",)
    ),
    **{
        name: LogFormat(partial(preset.read, name=name), preset.description, _LAYOUT)
        for name, preset in EXPORT_PRESETS.items()
    },
}
"""Log formats by name (lower case, words joined by ``_``; ``-`` is accepted for ``_``)."""


def read_contact_log(
    path: str | os.PathLike,
    schema: str = "generic",
    *,
    columns: Mapping[str, str] | None = None,
    outcomes: Mapping[str, str] | None = None,
    durations: Mapping[str, str] | None = None,
    time_format: str | None = None,
    tz: str | None = None,
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
        The log format, a name of :data:`LOG_FORMATS`: ``"generic"`` (default), ``"anonymous_bank"``
        (``"anonymous-bank"`` also accepted) or an export preset of
        :data:`~svcdesign.data.presets.EXPORT_PRESETS` (``"five9_calls"``, ``"genesys_interactions"``,
        ``"talkdesk_calls"``), whose mappings the options below override entry by entry.
    columns:
        Generic schema and presets only: the file's names for schema columns,
        ``{"arrival": "CallTime", …}``. Each must name a column of the file, at most one schema column
        per file column.
    outcomes:
        Generic schema and presets only: the file's outcome labels mapped to the :data:`OUTCOMES`,
        e.g. ``{"AGENT": "answered", "HANG": "abandoned"}`` (matched case-insensitively; the schema's
        own labels are always accepted).
    durations:
        Generic schema and presets only: durations given instead of end times, ``{"wait":
        "QueueSeconds", "talk": "TalkSeconds", "wrap": "WrapSeconds"}`` (names of
        :data:`~svcdesign.data.exports.DURATIONS`; seconds or ``H:MM:SS``); queue exit and service
        times are derived from them (:mod:`~svcdesign.data.exports`).
    time_format:
        Generic schema and presets only: a ``strftime`` format for the time columns, without
        ``%z``/``%Z`` (default: ISO 8601 date and clock time, with an optional UTC offset).
    tz:
        Generic schema and presets only: the centre's time zone, an IANA name such as
        ``"America/New_York"``. Times with a UTC offset are converted to its local clock time; times
        without one are taken as local already. A log with offsets and no ``tz`` is refused, naming the
        column and line (the offsets would otherwise be dropped).
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
    layout = {"columns": columns, "outcomes": outcomes, "durations": durations, "time_format": time_format, "tz": tz}
    if any(value for name, value in layout.items() if name not in log_format.options):
        fixed = "/".join(name for name in layout if name not in log_format.options)  # the format is fixed
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
