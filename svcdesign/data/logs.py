"""Contact logs: one generic schema, a reader, and a validation report that never drops rows silently.

The generic schema
------------------
One row per contact. Times are date-times: a date and a clock time (ISO 8601, e.g.
``2024-03-04 08:01:02`` or ``2024-03-04T08:01``, local time), in the years :data:`YEARS`; an empty
cell means "none".

============== ========== =====================================================================
column         required   meaning
============== ========== =====================================================================
arrival        yes        when the contact asked for an agent (joined the queue or reached an
                          agent directly); for ``other`` contacts, when they arrived
outcome        yes        ``answered`` (reached an agent), ``abandoned`` (gave up while waiting)
                          or ``other`` (never asked for an agent: left in an IVR, self-served…)
queue_entry    no         when the contact joined the queue (default: ``arrival``)
queue_exit     no         when it left the queue: answered, or gave up (needed for ``abandoned``)
service_start  no         when an agent started handling it (needed for ``answered``)
service_end    no         when the agent finished
agent          no         who handled it (any identifier; pseudonymise personal names)
segment        no         customer segment or service type
priority       no         whole number from 0 to :data:`MAX_PRIORITY`, lower is served first
channel        no         phone, chat, …
contact_id     no         identifier, kept for tracing
============== ========== =====================================================================

Derived columns of the validated log (seconds):

- ``wait``: time from joining the queue (``queue_entry``, else ``arrival``) until leaving it
  (``queue_exit``, else ``service_start`` for answered contacts). Missing for ``other`` contacts.
  For an abandoned contact it is the time it gave up after — a *measured* patience; for an answered
  one it is a lower bound of its patience (right-censored; Brown et al. 2005).
- ``handle``: ``service_end − service_start`` for answered contacts (missing if either is).

Time zones: a time may end in a UTC offset (``Z``, ``+05:00``, ``+0500``, ``+05``). When every time
of the log carries the same offset, times are taken as local clock times in that offset (not
converted) and a warning says so; a log mixing offsets (or times with and without one) is refused
with an :class:`~svcdesign.errors.InputError` naming the first two lines that differ. Numbers in a
time column (Unix timestamps, spreadsheet serial dates) are not read: such rows are excluded.

Validation: a row goes to :attr:`ContactLog.excluded` — with its line number in the file and the
reason — when a time cannot be parsed, is a number or falls outside :data:`YEARS`, the arrival or
outcome is missing, the outcome is unknown, a duration is negative (queue exit before entry,
service end before start, queue entry before arrival, a negative wait) or longer than
:data:`LONGEST_DURATION`, an abandoned contact has no time of giving up, an answered one neither a
service start nor a queue exit, the priority is not a whole number from 0 to :data:`MAX_PRIORITY`,
or (in a CSV file) the row has more or fewer fields than the header. Rows that are kept but
incomplete (answered without service times) are counted in :attr:`ContactLog.warnings`. A row whose
cells are all empty is a blank line, not a data row. ``len(log.data) + len(log.excluded)`` always
equals the number of data rows read.

Problems of the whole file are an :class:`~svcdesign.errors.InputError` naming the file, and the
line and column where known: a file that is missing, unreadable, a directory or larger than
:data:`MAX_LOG_BYTES`; text that is not UTF-8 (or UTF-16 with a byte-order mark) or holds NUL
characters; a header that is empty, has more than :data:`MAX_COLUMNS` fields, an empty or a repeated
column name, or lacks a required column; a field longer than :data:`MAX_FIELD_CHARACTERS`; a
``columns=`` mapping naming a column the file lacks or mapping two columns to one schema column;
mixed UTC offsets; a file with a header but no data row.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import numpy as np
import pandas as pd

from ..errors import InputError, shown
from ..model.limits import PRIORITY
from ..model.units import SECONDS_PER_YEAR

OUTCOMES: tuple[str, ...] = ("answered", "abandoned", "other")
"""Outcomes of the generic schema."""

TIME_COLUMNS: tuple[str, ...] = ("arrival", "queue_entry", "queue_exit", "service_start", "service_end")
"""Date-time columns of the generic schema."""

TEXT_COLUMNS: tuple[str, ...] = ("contact_id", "agent", "segment", "channel")
"""Optional text columns of the generic schema."""

REQUIRED: tuple[str, ...] = ("arrival", "outcome")
"""Columns a generic log must have."""

SCHEMA_COLUMNS: tuple[str, ...] = ("contact_id",) + TIME_COLUMNS + ("outcome", "agent", "segment", "priority", "channel")
"""Every column of the generic schema, in the order of the validated frame."""

SCHEMAS: tuple[str, ...] = ("generic", "anonymous_bank")
"""Log formats :func:`read_contact_log` understands."""

MAX_LOG_BYTES = 2 * 1024**3
"""Largest contact-log file read, bytes (2 GiB, checked before reading). A year of a large contact
centre's contacts fits; reading takes several times the file's size in memory. Split larger logs
(by month, say) and read the parts."""

MAX_COLUMNS = 500
"""Most fields a header may have. The generic schema has 12 columns and exports of contact-centre
systems a few dozen; every column costs memory for every row, so a wider header is refused."""

MAX_FIELD_CHARACTERS = csv.field_size_limit()
"""Longest field of a CSV log, characters: the limit of Python's ``csv`` module (131,072 by
default). Identifiers, times and labels are far shorter; a longer field is refused."""

YEARS: tuple[int, int] = (1900, 2100)
"""First and last year a time may fall in. Any two times of the window are less than 292 years
apart, so every duration between them fits the nanosecond time-deltas of pandas."""

LONGEST_DURATION = SECONDS_PER_YEAR
"""Longest wait or handle time kept, seconds: one year, the longest duration a scenario holds
(:data:`~svcdesign.model.units.SECONDS_PER_YEAR`). A longer one is a recording error; its row is
excluded."""

MAX_PRIORITY = int(PRIORITY.high)
"""Largest priority read: the largest a scenario's segment may have
(:data:`~svcdesign.model.limits.PRIORITY`). Priorities are whole numbers from 0."""

_DELIMITERS = (",", "\t", ";")
_ISO_TIME = re.compile(
    r"(?P<year>[0-9]{4})(?P<day>-[0-9]{2}-[0-9]{2})[Tt ]\s*(?P<clock>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)"
    r"\s*(?P<offset>Z|[+-](?P<hours>[0-9]{2})(?::?(?P<minutes>[0-9]{2}))?)?"
)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_ISO_EXAMPLE = "a date and a clock time such as 2024-03-04 08:01:02"


@dataclass(frozen=True, eq=False)
class ContactLog:
    """A validated contact log.

    Attributes
    ----------
    data:
        Kept contacts: the schema columns (times as ``datetime64``, missing = ``NaT``), ``outcome``,
        derived ``wait`` and ``handle`` in seconds, and ``line`` (line number in the source file,
        the header being line 1; for Parquet and in-memory frames, the 1-based row number).
    excluded:
        Rejected rows: ``line``, ``reason`` and the raw fields as read (a file's own columns named
        ``line`` or ``reason`` appear as ``line (file)`` and ``reason (file)``). For a record spanning
        several lines (a quoted line break), ``line`` is its first.
    source:
        Where the log came from (a path, or a description).
    schema:
        The format it was read with (``"generic"`` or ``"anonymous_bank"``).
    warnings:
        Plain sentences about kept but incomplete rows and other caveats.
    """

    data: pd.DataFrame
    excluded: pd.DataFrame
    source: str = "DataFrame"
    schema: str = "generic"
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rows_read(self) -> int:
        """Data rows read from the source (kept + excluded)."""
        return len(self.data) + len(self.excluded)

    @property
    def contacts(self) -> pd.DataFrame:
        """Contacts that asked for an agent (outcome ``answered`` or ``abandoned``)."""
        return self.data[self.data["outcome"].isin(["answered", "abandoned"])]

    def validation_report(self) -> pd.DataFrame:
        """Counts of kept rows by outcome and of excluded rows by reason (column ``rows``).

        Excluded rows are grouped by the kind of reason: the reason without the values it quotes and
        without what follows a colon.
        """
        kept = self.data["outcome"].value_counts().reindex(list(OUTCOMES), fill_value=0)
        rows = [("kept", f"outcome {k}", int(v)) for k, v in kept.items()]
        if len(self.excluded):
            kinds = self.excluded["reason"].astype(str).map(_reason_kind)
            rows += [("excluded", reason, int(n)) for reason, n in kinds.value_counts().items()]
        return pd.DataFrame(rows, columns=["status", "what", "rows"])

    def summary_text(self) -> str:
        """A few lines for a terminal: rows read, kept, excluded by reason, warnings."""
        lines = [f"{self.source}: {self.rows_read} rows read, {len(self.data)} kept, {len(self.excluded)} excluded"]
        for _, row in self.validation_report().iterrows():
            lines.append(f"  {row['status']:>8}  {row['rows']:>7}  {row['what']}")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"ContactLog(source={self.source!r}, schema={self.schema!r}, kept={len(self.data)}, "
                f"excluded={len(self.excluded)})")

    def _repr_html_(self) -> str:
        parts = [f"<p><b>Contact log</b> {html.escape(self.source)} ({html.escape(self.schema)}): "
                 f"{self.rows_read} rows read, {len(self.data)} kept, {len(self.excluded)} excluded</p>",
                 self.validation_report().to_html(index=False)]
        parts += [f"<p>⚠ {html.escape(w)}</p>" for w in self.warnings]
        return "\n".join(parts)


_QUOTED = re.compile(r""" (?:'[^']*'|"[^"]*")""")


def _reason_kind(reason: str) -> str:
    """A reason without the values it quotes (``'…'``) and without what follows ``": "``."""
    return _QUOTED.sub("", reason).split(": ")[0]


# ------------------------------------------------------------------------------------ reading
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
        centre (see :mod:`svcdesign.data.anonymous_bank`). At most :data:`MAX_LOG_BYTES` bytes.
    schema:
        ``"generic"`` (default) or ``"anonymous_bank"`` (``"anonymous-bank"`` also accepted).
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
        For a problem of the whole file (see the module docstring), naming the file, the line and
        the column where known. Problems of single rows exclude the row instead.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InputError("path", path, "a path to a contact-log file (text or os.PathLike)")
    path = Path(path)
    name = str(schema).replace("-", "_").lower()
    if name not in SCHEMAS:
        raise InputError("schema", schema, f"one of {', '.join(SCHEMAS)} (or 'anonymous-bank')")
    if name == "anonymous_bank":
        from .anonymous_bank import read_anonymous_bank

        if columns or outcomes or time_format:
            raise InputError("schema", schema, "no columns/outcomes/time_format options (the format is fixed)")
        return read_anonymous_bank(path, pseudonymise_agents=pseudonymise_agents)
    check_log_file(path)
    if path.suffix.lower() in (".parquet", ".pq"):
        raw, lines, fields = _read_parquet(path), None, None
    else:
        raw, lines, fields = _read_csv(path)
    return _validate(raw, lines, fields, source=str(path), columns=columns, outcomes=outcomes,
                     time_format=time_format, schema="generic", warnings=())


def check_log_file(path: Path) -> None:
    """Refuse (:class:`~svcdesign.errors.InputError`) a path that is not a regular file, or one larger
    than :data:`MAX_LOG_BYTES`, before anything is read."""
    try:
        is_file, is_dir = path.is_file(), path.is_dir()
        size = path.stat().st_size if is_file else 0
    except (OSError, ValueError) as error:
        raise InputError("path", str(path), f"a readable contact-log file ({_os_reason(error)})") from None
    if is_dir:
        raise InputError("path", str(path), "a contact-log file, not a directory")
    if not is_file:
        raise InputError("path", str(path), "an existing contact-log file")
    if size > MAX_LOG_BYTES:
        raise InputError("path", str(path), f"a contact log of at most {MAX_LOG_BYTES:,} bytes (2 GiB); this file has "
                         f"{size:,} bytes: split it (by month, say) and read the parts")


def read_log_bytes(path: Path) -> bytes:
    """The bytes of a log file, or an :class:`~svcdesign.errors.InputError` saying why they cannot be read."""
    try:
        return path.read_bytes()
    except (OSError, ValueError) as error:
        raise InputError("path", str(path), f"a readable contact-log file ({_os_reason(error)})") from None
    except MemoryError:
        raise InputError("path", str(path), "a contact log that fits in memory") from None


def _os_reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or shown(str(error))


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        import pyarrow  # noqa: F401 - only checks that the optional dependency is present
    except ImportError:
        raise InputError(
            "path", str(path), "a CSV file; reading Parquet needs the optional package pyarrow "
            "(pip install pyarrow), which is not installed"
        ) from None
    try:
        frame = pd.read_parquet(path)
    except MemoryError:
        raise InputError("path", str(path), "a Parquet file that fits in memory") from None
    except Exception as error:  # pyarrow raises many types (ArrowInvalid, OSError, …) for a broken file
        raise InputError("path", str(path), f"a readable Parquet file ({type(error).__name__}: "
                         f"{shown(str(error), 200)})") from None
    _check_header([str(c) for c in frame.columns], f"{path}, columns")
    return frame.astype(object).where(frame.notna(), "")


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 (a byte-order mark is dropped) or, with a byte-order mark, UTF-16; no NUL characters."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, start = "utf-16", 0
    else:
        encoding, start = "utf-8", 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[start:].decode(encoding)
    except UnicodeDecodeError as error:
        if encoding == "utf-16":
            raise InputError("text", data[error.start:error.end], f"UTF-16 text after its byte-order mark: byte "
                             f"{error.start:,} is not ({error.reason}); save the file as UTF-8", source=str(path)) from None
        at = start + error.start
        line_start = data.rfind(b"\n", 0, at) + 1
        prefix = data[line_start:at].decode("utf-8", "replace")
        line = data.count(b"\n", 0, at) + 1
        raise InputError(
            _where(_first_line(data).decode("utf-8", "replace"), prefix, line), data[at:at + 4],
            f"UTF-8 text (or UTF-16 with a byte-order mark): byte {at:,} is not UTF-8; save the file as UTF-8 "
            "(e.g. Excel's 'CSV UTF-8')", source=f"{path}, line {line}") from None
    nul = text.find("\x00")
    if nul >= 0:
        line_start = text.rfind("\n", 0, nul) + 1
        line = text.count("\n", 0, nul) + 1
        header_line = _first_line(text)
        delimiter = _delimiter(header_line)
        start = max(text.rfind(delimiter, line_start, nul) + 1, line_start)
        ends = [i for i in (text.find(delimiter, nul), text.find("\n", nul)) if i >= 0]
        raise InputError(_where(header_line, text[line_start:nul], line), text[start:min(ends, default=len(text))],
                         "text without NUL characters (the file looks binary, or UTF-16 without a byte-order mark; "
                         "save it as UTF-8)", source=f"{path}, line {line}")
    return text


def _first_line(text: str | bytes) -> str | bytes:
    end = text.find("\n" if isinstance(text, str) else b"\n")
    return text if end < 0 else text[:end]


def _where(header_line: str, prefix: str, line: int) -> str:
    """``column 'name'`` of the field that ``prefix`` (the start of line ``line``) ends in; ``header`` on
    line 1; ``text`` when the line cannot be split."""
    if line == 1:
        return "header"
    header_line = header_line.lstrip("\ufeff")
    delimiter = _delimiter(header_line)
    try:
        header = next(csv.reader([_shorten_runs(header_line)], delimiter=delimiter), [])
        fields = next(csv.reader([_shorten_runs(prefix)], delimiter=delimiter), [""])
    except csv.Error:
        return "text"
    index = max(len(fields) - 1, 0)
    return f"column {header[index].strip()!r}" if index < len(header) else f"field {index + 1}"


_LONG_RUN = re.compile(r"[^,\t;\"\r\n]{1000,}")


def _shorten_runs(text: str) -> str:
    """``text`` with every run of 1,000+ characters free of delimiters, quotes and newlines cut to ``…``
    (so that the csv module can split a line whose fields are too long for it)."""
    return _LONG_RUN.sub("…", text)


def _delimiter(header_line: str) -> str:
    counts = [header_line.count(d) for d in _DELIMITERS]
    return _DELIMITERS[counts.index(max(counts))]


def _check_header(names: list[str], where: str) -> None:
    """Refuse a header that is too wide, has an empty name or repeats a name (``where`` names it)."""
    if len(names) > MAX_COLUMNS:
        raise InputError("header", f"{len(names):,} columns", f"at most {MAX_COLUMNS} columns", source=where)
    seen: dict[str, int] = {}
    for number, name in enumerate(names, start=1):
        if not name.strip():
            raise InputError(f"column {number}", name, "a non-empty column name (name the column, or delete it and "
                             "its cells)", source=where)
        if name in seen:
            raise InputError(f"column {number}", name, f"a name not used before (column {seen[name]} has it too; "
                             "rename one of them)", source=where)
        seen[name] = number


def _read_csv(path: Path) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Rows as strings (padded or cut to the header's width), each row's first line in the file, and
    each row's number of fields (rows with the wrong number are reported by validation)."""
    text = _decode(read_log_bytes(path), path)
    if not text.strip():
        raise InputError("path", str(path), "a CSV file with a header row and at least one contact; the file is empty")
    first = io.StringIO(text, newline="").readline()
    delimiter = _delimiter(first)
    record: list[str] = []  # physical lines of the record being read, for error messages

    def lines() -> Iterator[str]:
        for physical in io.StringIO(text, newline=""):
            record.append(physical)
            yield physical

    reader = csv.reader(lines(), delimiter=delimiter)
    header: list[str] = []

    def next_record() -> list[str] | None:
        record.clear()
        try:
            return next(reader)
        except StopIteration:
            return None
        except csv.Error as error:
            raise _csv_error(error, path, reader.line_num, "".join(record), delimiter, header) from None

    header = [h.strip() for h in next_record() or []]
    if not header:
        raise InputError("header", "", "a header row on line 1 naming the columns", source=f"{path}, line 1")
    _check_header(header, f"{path}, line 1")
    records: list[list[str]] = []
    numbers: list[int] = []
    counts: list[int] = []
    while (row := next_record()) is not None:
        if not "".join(row).strip():
            continue  # blank line: not a data row
        numbers.append(reader.line_num - len(record) + 1)  # the record's first line
        counts.append(len(row))
        records.append(row if len(row) == len(header) else (row + [""] * len(header))[: len(header)])
    if not records:
        raise InputError("path", str(path), "a CSV file with at least one contact after its header; it has none")
    frame = pd.DataFrame(records, columns=header, dtype=object)
    return frame, np.asarray(numbers, dtype=np.int64), np.asarray(counts, dtype=np.int64)


def _csv_error(error: csv.Error, path: Path, line: int, record: str, delimiter: str, header: list[str]) -> InputError:
    """An InputError for a record the csv module cannot split: a field over :data:`MAX_FIELD_CHARACTERS`."""
    column = "a field"
    marker = "\x00"  # cannot occur in the text: NUL characters are refused before
    try:
        fields = next(csv.reader(io.StringIO(_LONG_RUN.sub(marker, record), newline=""), delimiter=delimiter), [])
    except csv.Error:
        fields = []
    for index, value in enumerate(fields):
        if marker in value:
            column = f"column {header[index]!r}" if index < len(header) else f"field {index + 1}"
            break
    if "field larger than field limit" in str(error):
        return InputError(column, f"{MAX_FIELD_CHARACTERS:,}+ characters", f"a field of at most "
                          f"{MAX_FIELD_CHARACTERS:,} characters (identifiers, times and labels)",
                          source=f"{path}, line {line}")
    return InputError(column, shown(record, 60), f"a well-formed CSV record ({shown(str(error), 200)})",
                      source=f"{path}, line {line}")


# --------------------------------------------------------------------------------- validation
def validate_contact_log(
    frame: pd.DataFrame,
    *,
    source: str = "DataFrame",
    columns: Mapping[str, str] | None = None,
    outcomes: Mapping[str, str] | None = None,
    time_format: str | None = None,
    schema: str = "generic",
    warnings: Iterable[str] = (),
) -> ContactLog:
    """Validate a table in the generic schema (strings, numbers or date-times) into a :class:`ContactLog`.

    ``frame`` may carry a ``line`` column (source line numbers: whole numbers ≥ 1); otherwise rows are
    numbered from 1. Columns holding time-zone-aware date-times follow the rule for UTC offsets. See
    the module docstring for the rules.

    Raises
    ------
    InputError
        For a problem of the whole table (columns, mapping, mixed UTC offsets), naming ``source``.
    """
    if not isinstance(frame, pd.DataFrame):
        raise InputError("frame", type(frame).__name__, "a pandas DataFrame in the generic contact-log schema")
    if not isinstance(source, str):
        raise InputError("source", source, "a description of where the log came from (text)")
    _check_header([str(c) for c in frame.columns], f"{source}, columns")
    lines = None
    if "line" in frame.columns:
        numbers = pd.to_numeric(frame["line"], errors="coerce")
        bad = ~(numbers.notna() & (numbers >= 1) & (numbers < 2**53) & (numbers == np.floor(numbers)))
        if bad.any():
            raise InputError("column 'line'", frame["line"][bad].iloc[0], "source line numbers: whole numbers ≥ 1 "
                             "(rename a column 'line' that means something else)", source=source)
        lines, frame = numbers.to_numpy(dtype=np.int64), frame.drop(columns="line")
    return _validate(frame, lines, None, source=source, columns=columns, outcomes=outcomes, time_format=time_format,
                     schema=schema, warnings=warnings)


def _validate(frame: pd.DataFrame, lines: np.ndarray | None, fields: np.ndarray | None, *, source: str,
              columns: Mapping[str, str] | None, outcomes: Mapping[str, str] | None, time_format: str | None,
              schema: str, warnings: Iterable[str]) -> ContactLog:
    """:func:`validate_contact_log` given each row's line (default: 1, 2, …) and, for a CSV file, each
    row's number of fields (which must equal the number of columns)."""
    _check_header([str(c) for c in frame.columns], f"{source}, columns")
    frame = frame.reset_index(drop=True)
    line = pd.Series(np.arange(1, len(frame) + 1) if lines is None else lines, dtype="int64")
    frame, file_names = _apply_mapping(frame, columns, source)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            "columns", sorted(str(c) for c in frame.columns),
            f"a header with at least {', '.join(REQUIRED)} (missing {', '.join(missing)}; "
            f"schema columns: {', '.join(SCHEMA_COLUMNS)})", source=source,
        )
    mapping = _outcome_mapping(outcomes)
    if time_format is not None:
        if not isinstance(time_format, str) or not time_format.strip():
            raise InputError("time_format", time_format, "a strftime format such as '%d/%m/%Y %H:%M'")
        if "%z" in time_format or "%Z" in time_format:
            raise InputError("time_format", time_format, "a format without %z or %Z: without time_format, times "
                             "ending in a UTC offset (2024-03-04T08:00:00+05:00) are read")
    raw = frame.rename(columns={c: f"{c} (file)" for c in ("line", "reason") if c in frame.columns})
    reason = pd.Series([""] * len(frame), index=frame.index, dtype=object)

    def reject(mask: pd.Series | np.ndarray, message: str, values: pd.Series | None = None, suffix: str = "") -> None:
        """Give ``message`` (with the row's value from ``values`` shown after it) to rows not yet rejected."""
        mask = pd.Series(np.asarray(mask, dtype=bool), index=frame.index) & (reason == "")
        if not mask.any():
            return
        if values is None:
            reason[mask] = message
        else:
            reason[mask] = [f"{message}{shown(v)}{suffix}" for v in values[mask]]

    if fields is not None:
        found = pd.Series(fields, index=frame.index, dtype=object)
        reject(found != len(frame.columns), f"expected {len(frame.columns)} fields, found ", found)

    # times
    times: dict[str, pd.Series] = {}
    offsets: dict[str, np.ndarray] = {}
    for col in TIME_COLUMNS:
        if col not in frame.columns:
            times[col] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
            offsets[col] = np.full(len(frame), None, dtype=object)
            continue
        times[col], problems, offsets[col] = _parse_times(frame[col], col, time_format, source)
        bad = problems.notna()
        if bad.any():
            reason[bad & (reason == "")] = problems[bad & (reason == "")]
    notes = list(warnings)
    notes += _offset_note(offsets, frame, line, file_names, source)
    reject(times["arrival"].isna(), "missing arrival time")

    # outcome
    text = pd.Series([t or "" for t in _texts(frame["outcome"])], index=frame.index, dtype=object)
    outcome = text.map(lambda v: mapping.get(v.lower()))
    reject(text == "", "missing outcome")
    reject(outcome.isna(), "unknown outcome ", text, f" (expected {', '.join(OUTCOMES)})")

    # priority
    priority = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    if "priority" in frame.columns:
        ptext = pd.Series([t or "" for t in _texts(frame["priority"])], index=frame.index, dtype=object)
        lookup = {value: _whole(value) for value in ptext.unique()}
        number = ptext.map(lookup)
        reject((ptext != "") & number.isna(), "priority ", ptext, f" is not a whole number from 0 to {MAX_PRIORITY}")
        priority = pd.Series(pd.array(number.where(number.notna(), None).tolist(), dtype="Int64"), index=frame.index)

    # durations
    start_q = times["queue_entry"].fillna(times["arrival"])
    answered = outcome == "answered"
    abandoned = outcome == "abandoned"
    reject(times["queue_entry"] < times["arrival"], "queue entry before arrival (negative duration)")
    reject(times["queue_exit"] < times["queue_entry"], "queue exit before queue entry (negative queue time)")
    reject(times["service_end"] < times["service_start"], "service end before service start (negative duration)")
    reject(abandoned & times["queue_exit"].isna(), "abandoned contact without queue_exit (the time it gave up)")
    left = times["queue_exit"].where(times["queue_exit"].notna(), times["service_start"])
    reject(answered & left.isna(), "answered contact without service_start or queue_exit")
    wait = (left - start_q).dt.total_seconds()
    reject((answered | abandoned) & (wait < 0), "negative wait (leaves the queue before joining it)")
    handle = (times["service_end"] - times["service_start"]).dt.total_seconds()
    longest = f" seconds is longer than a year ({LONGEST_DURATION:,.0f} s; a recording error?)"
    reject((answered | abandoned) & (wait > LONGEST_DURATION), "wait of ", wait, longest)
    reject(answered & (handle > LONGEST_DURATION), "handle time of ", handle, longest)

    keep = reason == ""
    data = pd.DataFrame({"line": line}, index=frame.index)
    data["contact_id"] = _text_column(frame, "contact_id")
    for col in TIME_COLUMNS:
        data[col] = times[col]
    data["outcome"] = outcome.astype(object)
    for col in ("agent", "segment"):
        data[col] = _text_column(frame, col)
    data["priority"] = priority
    data["channel"] = _text_column(frame, "channel")
    data["wait"] = wait.where(answered | abandoned)
    data["handle"] = handle.where(answered)
    data = data[keep].reset_index(drop=True)

    excluded = pd.concat([pd.DataFrame({"line": line[~keep], "reason": reason[~keep]}), raw[~keep]], axis=1)
    excluded = excluded.reset_index(drop=True)

    kept_answered = data["outcome"] == "answered"
    no_handle = int((kept_answered & data["handle"].isna()).sum())
    if no_handle:
        notes.append(
            f"{no_handle} answered contacts have no service start or end: they count as arrivals and as "
            "answered, but not in handle-time fits or staffing"
        )
    if len(excluded):
        notes.append(f"{len(excluded)} rows excluded (see ContactLog.excluded for line numbers and reasons)")
    return ContactLog(data=data, excluded=excluded, source=source, schema=schema, warnings=tuple(notes))


def _apply_mapping(frame: pd.DataFrame, columns: Mapping[str, str] | None, source: str
                   ) -> tuple[pd.DataFrame, dict[str, str]]:
    """``frame`` with the file's columns renamed to schema columns, and schema name → file name."""
    if columns is None:
        return frame, {}
    if not isinstance(columns, Mapping):
        raise InputError("columns", columns, "a mapping of schema columns to the file's names, {'arrival': 'CallTime'}")
    names = [str(c) for c in frame.columns]
    by_file: dict[str, str] = {}
    for schema_name, file_name in columns.items():
        if schema_name not in SCHEMA_COLUMNS:
            raise InputError("columns", schema_name, f"schema column names: {', '.join(SCHEMA_COLUMNS)}")
        if not isinstance(file_name, str) or file_name not in names:
            raise InputError(f"columns[{schema_name!r}]", file_name, f"a column of the file (it has {_listed(names)})",
                             source=source)
        if file_name in by_file:
            raise InputError(f"columns[{schema_name!r}]", file_name, f"a file column not mapped already (it is mapped "
                             f"to {by_file[file_name]!r}; map each file column to one schema column)", source=source)
        if schema_name in names and schema_name != file_name and schema_name not in columns.values():
            raise InputError(f"columns[{schema_name!r}]", file_name, f"one source for {schema_name!r}: the file also "
                             f"has a column named {schema_name!r} (rename or drop one of them)", source=source)
        by_file[file_name] = schema_name
    frame = frame.rename(columns={c: by_file[str(c)] for c in frame.columns if str(c) in by_file})
    return frame, {schema_name: file_name for file_name, schema_name in by_file.items()}


def _listed(names: list[str], most: int = 20) -> str:
    """Up to ``most`` names, each shown bounded, and how many more there are."""
    text = ", ".join(shown(n, 40) for n in names[:most])
    return text + (f" and {len(names) - most} more" if len(names) > most else "")


def _outcome_mapping(outcomes: Mapping[str, str] | None) -> dict[str, str]:
    mapping = {o: o for o in OUTCOMES}
    if outcomes is None:
        return mapping
    if not isinstance(outcomes, Mapping):
        raise InputError("outcomes", outcomes, "a mapping of the file's outcome labels to answered, abandoned or "
                         "other, {'AGENT': 'answered'}")
    for label, target in outcomes.items():
        if target not in OUTCOMES:
            raise InputError(f"outcomes[{label!r}]", target, f"one of {', '.join(OUTCOMES)}")
        mapping[str(label).strip().lower()] = target
    return mapping


def _offset_note(offsets: dict[str, np.ndarray], frame: pd.DataFrame, line: pd.Series, file_names: dict[str, str],
                 source: str) -> list[str]:
    """A warning when every time carries the same UTC offset; an InputError when offsets differ.

    ``offsets`` holds, per time column, ``""`` (no offset), an offset such as ``"+05:00"`` or a zone
    name, or None where the cell is empty or unreadable.
    """
    grid = np.column_stack([offsets[c] for c in TIME_COLUMNS]).ravel()  # row by row, columns in order
    present = np.flatnonzero(pd.notna(grid))
    if not present.size:
        return []
    first = grid[present[0]]
    other = present[grid[present] != first]
    if other.size:
        (row1, col1), (row2, col2) = (divmod(int(k), len(TIME_COLUMNS)) for k in (present[0], other[0]))
        line1, line2 = int(line.iloc[row1]), int(line.iloc[row2])
        name1 = file_names.get(TIME_COLUMNS[col1], TIME_COLUMNS[col1])
        name2 = file_names.get(TIME_COLUMNS[col2], TIME_COLUMNS[col2])
        raise InputError(
            f"column {name2!r}", frame[TIME_COLUMNS[col2]].iloc[row2],
            f"times with one UTC offset throughout: line {line1} ({name1!r}) has {_zone_phrase(first)}, line {line2} "
            f"({name2!r}) has {_zone_phrase(grid[other[0]])}; convert the times to one offset before reading (a tz= option to do this "
            "is planned)", source=f"{source}, line {line2}")
    if not first:
        return []
    return [f"every time carries {_zone_phrase(first)}: times are taken as local clock times there (not converted)"]


def _zone_phrase(label: str) -> str:
    if not label:
        return "no UTC offset"
    return f"the UTC offset {label}" if label[0] in "+-" else f"the time zone {label}"


def _whole(text: str) -> int | None:
    """``text`` as a whole number from 0 to :data:`MAX_PRIORITY` (``"2"``, ``"2.0"``), else None."""
    if not text:
        return None
    try:
        number = float(text)
    except (ValueError, OverflowError):
        return None
    if not (0 <= number <= MAX_PRIORITY) or number != int(number):
        return None
    return int(number)


def _blank(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _text_column(frame: pd.DataFrame, col: str) -> pd.Series:
    if col not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    return pd.Series(_texts(frame[col]), index=frame.index, dtype="string")


def _texts(values: pd.Series) -> list[str | None]:
    """Cells as stripped text (None where blank); date-times in ISO form (``2024-03-04 08:00:00+05:00``)."""
    out: list[str | None] = []
    for value in values.to_numpy(dtype=object):
        if type(value) is str:
            text = value.strip()
            out.append(text or None)
        elif _blank(value):
            out.append(None)
        else:
            out.append((value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)).strip() or None)
    return out


def _parse_times(values: pd.Series, column: str, time_format: str | None, source: str
                 ) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Date-times of one column (``datetime64[ns]``, NaT where empty or unreadable), the reason per
    unreadable cell (None elsewhere), and the UTC offset per read cell (``""`` for none)."""
    n = len(values)
    offsets = np.full(n, None, dtype=object)
    problems = np.full(n, None, dtype=object)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        offsets[values.notna().to_numpy()] = _zone_label(values.dt.tz)
        values = values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(values.dtype):
        parsed = values
        offsets[values.notna().to_numpy() & pd.isna(offsets)] = ""
        texts = values.astype(object)
    else:
        texts = pd.Series(_texts(values), index=values.index, dtype=object)
        if time_format is None:
            parsed = _parse_iso(texts, column, problems, offsets)
        else:
            try:
                parsed = pd.to_datetime(texts, format=time_format, errors="coerce")
            except (ValueError, TypeError, OverflowError) as error:
                raise InputError("time_format", time_format, f"a strftime format pandas can read "
                                 f"({shown(str(error), 200)})", source=source) from None
            offsets[parsed.notna().to_numpy()] = ""
    years = parsed.dt.year
    outside = (parsed.notna() & ((years < YEARS[0]) | (years > YEARS[1]))).to_numpy()
    for i in np.flatnonzero(outside):
        problems[i] = f"{column} {shown(str(texts.iloc[i]))} is outside the years {YEARS[0]} to {YEARS[1]}"
    unread = (parsed.isna() & texts.notna()).to_numpy() & pd.isna(problems)
    for i in np.flatnonzero(unread):
        problems[i] = _unreadable(column, str(texts.iloc[i]), time_format)
    bad = pd.notna(problems)
    offsets[bad] = None
    parsed = parsed.where(~bad).astype("datetime64[ns]")
    return parsed, pd.Series(problems, index=values.index, dtype=object), offsets


def _parse_iso(texts: pd.Series, column: str, problems: np.ndarray, offsets: np.ndarray) -> pd.Series:
    """ISO 8601 date-times (``datetime64[us]``) of ``texts``, filling ``problems`` and ``offsets`` in place.

    Times written ``YYYY-MM-DD HH:MM:SS`` (most logs) are parsed at once; the others are matched one by
    one against :data:`_ISO_TIME`, their UTC offset set aside, and the rest parsed.
    """
    common = np.array([text is not None and len(text) == 19 and text[4] == text[7] == "-" and text[10] == " "
                       and text[13] == text[16] == ":" and text[17] < "6" for text in texts], dtype=bool)
    fast = pd.to_datetime(texts.where(common), format="%Y-%m-%d %H:%M:%S", errors="coerce").astype("datetime64[us]")
    done = fast.notna().to_numpy()
    offsets[done] = ""
    clean = np.full(len(texts), None, dtype=object)
    for i in np.flatnonzero(texts.notna().to_numpy() & ~done):
        text = texts.iloc[i]
        match = _ISO_TIME.fullmatch(text)
        if match is None or (match["offset"] not in (None, "Z")
                             and (int(match["hours"]) > 23 or int(match["minutes"] or 0) > 59)):
            problems[i] = _unreadable(column, text, None)
        elif not YEARS[0] <= int(match["year"]) <= YEARS[1]:
            problems[i] = f"{column} {shown(text)} is outside the years {YEARS[0]} to {YEARS[1]}"
        else:
            clean[i] = f"{match['year']}{match['day']} {match['clock']}"
            offsets[i] = _offset(match)
    slow = pd.to_datetime(pd.Series(clean, index=texts.index, dtype=object), format="ISO8601", errors="coerce")
    return fast.where(done, slow.astype("datetime64[us]"))


def _zone_label(zone: Any) -> str:
    """A fixed offset as ``+HH:MM`` (UTC as ``+00:00``); any other zone by its name."""
    if isinstance(zone, timezone) or str(zone) == "UTC":
        minutes = int(zone.utcoffset(None).total_seconds() // 60)
        return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return str(zone)


def _offset(match: re.Match) -> str:
    """The UTC offset of an ISO time as ``+HH:MM`` (``Z`` is ``+00:00``), or ``""`` without one."""
    text = match["offset"]
    if not text:
        return ""
    if text == "Z":
        return "+00:00"
    sign = "-" if text[0] == "-" and (int(match["hours"]) or int(match["minutes"] or 0)) else "+"
    return f"{sign}{match['hours']}:{match['minutes'] or '00'}"


def _unreadable(column: str, text: str, time_format: str | None) -> str:
    if _NUMBER.fullmatch(text):
        return (f"{column} {shown(text)} is a number, not a date and time (Unix timestamps and spreadsheet "
                "serial dates are not read)")
    expected = _ISO_EXAMPLE if time_format is None else f"a time in the format {shown(time_format)}"
    return f"unparseable {column} {shown(text)} (expected {expected})"
