"""Contact logs: one generic schema, a reader, and a validation report that never drops rows silently.

The generic schema
------------------
One row per contact. Times are date-times (ISO 8601, e.g. ``2024-03-04 08:01:02``, local time, no
time zone); an empty cell means "none".

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
priority       no         whole number, lower is served first
channel        no         phone, chat, …
contact_id     no         identifier, kept for tracing
============== ========== =====================================================================

Derived columns of the validated log (seconds):

- ``wait``: time from joining the queue (``queue_entry``, else ``arrival``) until leaving it
  (``queue_exit``, else ``service_start`` for answered contacts). Missing for ``other`` contacts.
  For an abandoned contact it is the time it gave up after — a *measured* patience; for an answered
  one it is a lower bound of its patience (right-censored; Brown et al. 2005).
- ``handle``: ``service_end − service_start`` for answered contacts (missing if either is).

Validation: a row goes to :attr:`ContactLog.excluded` — with its line number in the file and the
reason — when a time cannot be parsed, the arrival or outcome is missing, the outcome is unknown, a
duration is negative (queue exit before entry, service end before start, queue entry before
arrival, a negative wait), an abandoned contact has no time of giving up, an answered one neither a
service start nor a queue exit, or the priority is not a whole number. Rows that are kept but
incomplete (answered without service times) are counted in :attr:`ContactLog.warnings`.
``len(log.data) + len(log.excluded)`` always equals the number of data rows read.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ..errors import InputError

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
        Rejected rows: ``line``, ``reason`` and the raw fields as read.
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
        """Counts of kept rows by outcome and of excluded rows by reason (column ``rows``)."""
        kept = self.data["outcome"].value_counts().reindex(list(OUTCOMES), fill_value=0)
        rows = [("kept", f"outcome {k}", int(v)) for k, v in kept.items()]
        if len(self.excluded):
            kinds = self.excluded["reason"].astype(str).str.replace(r" '[^']*'", "", regex=True).str.split(":").str[0]
            reasons = kinds.value_counts()
            rows += [("excluded", reason, int(n)) for reason, n in reasons.items()]
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
        parts = [f"<p><b>Contact log</b> {self.source} ({self.schema}): {self.rows_read} rows read, "
                 f"{len(self.data)} kept, {len(self.excluded)} excluded</p>", self.validation_report().to_html(index=False)]
        parts += [f"<p>⚠ {w}</p>" for w in self.warnings]
        return "\n".join(parts)


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
        A CSV file (comma-separated, header row; ``.csv``, ``.txt``, ``.tsv`` — tabs are detected)
        or a Parquet file (``.parquet``, needs the optional ``pyarrow`` package) in the generic
        schema; or, with ``schema="anonymous_bank"``, a monthly file of the Anonymous Bank call
        centre (see :mod:`svcdesign.data.anonymous_bank`).
    schema:
        ``"generic"`` (default) or ``"anonymous_bank"`` (``"anonymous-bank"`` also accepted).
    columns:
        Generic schema only: the file's names for schema columns, ``{"arrival": "CallTime", …}``.
    outcomes:
        Generic schema only: the file's outcome labels mapped to ``answered``/``abandoned``/``other``,
        e.g. ``{"AGENT": "answered", "HANG": "abandoned"}`` (matched case-insensitively; the schema's
        own labels are always accepted).
    time_format:
        Generic schema only: a ``strftime`` format for the time columns (default ISO 8601).
    pseudonymise_agents:
        Anonymous Bank only: replace agents' names by ``agent_01``, ``agent_02``… (in order of first
        appearance). The raw log holds first names; keep this on unless you own the data.

    Returns
    -------
    ContactLog
        ``data`` (kept contacts), ``excluded`` (line number and reason per rejected row), warnings.
    """
    path = Path(path)
    name = str(schema).replace("-", "_").lower()
    if name not in SCHEMAS:
        raise InputError("schema", schema, f"one of {', '.join(SCHEMAS)} (or 'anonymous-bank')")
    if not path.is_file():
        raise InputError("path", str(path), "an existing contact-log file")
    if name == "anonymous_bank":
        from .anonymous_bank import read_anonymous_bank

        if columns or outcomes or time_format:
            raise InputError("schema", schema, "no columns/outcomes/time_format options (the format is fixed)")
        return read_anonymous_bank(path, pseudonymise_agents=pseudonymise_agents)
    if path.suffix.lower() in (".parquet", ".pq"):
        raw = _read_parquet(path)
    else:
        raw = _read_csv(path)
    return validate_contact_log(raw, source=str(path), columns=columns, outcomes=outcomes, time_format=time_format)


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        import pyarrow  # noqa: F401 - only checks that the optional dependency is present
    except ImportError:
        raise InputError(
            "path", str(path), "a CSV file; reading Parquet needs the optional package pyarrow "
            "(pip install pyarrow), which is not installed"
        ) from None
    frame = pd.read_parquet(path)
    frame = frame.astype(object).where(frame.notna(), "")
    frame.insert(0, "line", np.arange(1, len(frame) + 1))
    return frame


def _read_csv(path: Path) -> pd.DataFrame:
    """Rows as strings with their line numbers; rows with the wrong number of fields are kept
    (flagged by a ``__fields`` count) so that validation can report them."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError("path", str(path), f"a UTF-8 text file ({error.reason} at byte {error.start})") from None
    if not text.strip():
        raise InputError("path", str(path), "a CSV file with a header row and at least one contact")
    first = text.splitlines()[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    records: list[list[str]] = []
    lines: list[int] = []
    counts: list[int] = []
    for row in reader:
        if not row or all(not cell.strip() for cell in row):
            continue  # blank line: not a data row
        lines.append(reader.line_num)
        counts.append(len(row))
        records.append((row + [""] * len(header))[: len(header)])
    frame = pd.DataFrame(records, columns=header, dtype=object) if records else pd.DataFrame(columns=header, dtype=object)
    frame.insert(0, "line", lines)
    frame["__fields"] = counts
    frame.attrs["expected_fields"] = len(header)
    return frame


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

    ``frame`` may carry a ``line`` column (source line numbers); otherwise rows are numbered from 1.
    See the module docstring for the rules.
    """
    if not isinstance(frame, pd.DataFrame):
        raise InputError("frame", type(frame).__name__, "a pandas DataFrame in the generic contact-log schema")
    frame = frame.copy()
    if "line" not in frame.columns:
        frame.insert(0, "line", np.arange(1, len(frame) + 1))
    rename = {v: k for k, v in (columns or {}).items()}
    unknown = [k for k in (columns or {}) if k not in SCHEMA_COLUMNS]
    if unknown:
        raise InputError("columns", unknown[0], f"schema column names: {', '.join(SCHEMA_COLUMNS)}")
    frame = frame.rename(columns=rename)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            "columns", sorted(c for c in frame.columns if c not in ("line", "__fields")),
            f"a header with at least {', '.join(REQUIRED)} (missing {', '.join(missing)}; "
            f"schema columns: {', '.join(SCHEMA_COLUMNS)})",
        )
    raw = frame.copy()
    n = len(frame)
    reason = pd.Series([""] * n, index=frame.index, dtype=object)

    def reject(mask: pd.Series | np.ndarray, message: str | pd.Series) -> None:
        mask = pd.Series(np.asarray(mask, dtype=bool), index=frame.index) & (reason == "")
        if isinstance(message, pd.Series):
            reason[mask] = message[mask]
        else:
            reason[mask] = message

    if "__fields" in frame.columns:
        expected = frame.attrs.get("expected_fields")
        bad = frame["__fields"] != expected
        reject(bad, "expected " + str(expected) + " fields, found " + frame["__fields"].astype(str))

    # times
    times: dict[str, pd.Series] = {}
    for col in TIME_COLUMNS:
        if col not in frame.columns:
            times[col] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
            continue
        parsed, empty = _parse_times(frame[col], time_format)
        bad = parsed.isna() & ~empty
        reject(bad, f"unparseable {col} '" + frame[col].astype(str) + "'")
        times[col] = parsed
    reject(times["arrival"].isna(), "missing arrival time")

    # outcome
    mapping = {o: o for o in OUTCOMES}
    for label, target in (outcomes or {}).items():
        if target not in OUTCOMES:
            raise InputError(f"outcomes[{label!r}]", target, f"one of {', '.join(OUTCOMES)}")
        mapping[str(label).strip().lower()] = target
    text = frame["outcome"].map(lambda v: "" if _blank(v) else str(v).strip())
    outcome = text.str.lower().map(mapping)
    reject(text == "", "missing outcome")
    reject(outcome.isna(), "unknown outcome '" + text + "' (expected " + ", ".join(OUTCOMES) + ")")

    # priority
    priority = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    if "priority" in frame.columns:
        ptext = frame["priority"].map(lambda v: "" if _blank(v) else str(v).strip())
        number = pd.to_numeric(ptext.where(ptext != ""), errors="coerce")
        whole = number.notna() & (number == np.round(number))
        reject((ptext != "") & ~whole, "priority '" + ptext + "' is not a whole number")
        priority = number.where(whole).astype("Int64")

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

    keep = reason == ""
    data = pd.DataFrame({"line": frame["line"].astype("int64")}, index=frame.index)
    data["contact_id"] = _text_column(frame, "contact_id")
    for col in TIME_COLUMNS:
        data[col] = times[col]
    data["outcome"] = outcome
    for col in ("agent", "segment"):
        data[col] = _text_column(frame, col)
    data["priority"] = priority
    data["channel"] = _text_column(frame, "channel")
    data["wait"] = wait.where(answered | abandoned)
    data["handle"] = handle.where(answered)
    data = data[keep].reset_index(drop=True)

    excluded = raw[~keep].drop(columns=[c for c in ("__fields",) if c in raw.columns]).copy()
    excluded.insert(1, "reason", reason[~keep])
    excluded = excluded.reset_index(drop=True)

    notes = list(warnings)
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


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    if value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return True
    return isinstance(value, str) and not value.strip()


def _text_column(frame: pd.DataFrame, col: str) -> pd.Series:
    if col not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    values = frame[col].map(lambda v: pd.NA if _blank(v) else str(v).strip())
    return values.astype("string")


def _parse_times(values: pd.Series, time_format: str | None) -> tuple[pd.Series, pd.Series]:
    """Parsed date-times (NaT where blank or unparseable) and the blank mask."""
    empty = values.map(_blank).astype(bool)
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype("datetime64[ns]"), empty
    as_text = values.map(lambda v: None if _blank(v) else (v if isinstance(v, pd.Timestamp) else str(v).strip()))
    parsed = pd.to_datetime(as_text, errors="coerce", format=time_format or "ISO8601")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed.astype("datetime64[ns]"), empty
