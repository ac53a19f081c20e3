"""Validation of a contact log in the generic schema (:mod:`svcdesign.data.logs`): every rejected row
keeps its line and reason, none is dropped silently.

Time zones: a time may end in a UTC offset (``Z``, ``+05:00``, ``+0500``, ``+05``). When every time
of the log carries the same offset, times are taken as local clock times in that offset (not
converted) and a warning says so; a log mixing offsets (or times with and without one) is refused
with an :class:`~svcdesign.errors.InputError` naming the first two lines that differ. Numbers in a
time column (Unix timestamps, spreadsheet serial dates) are not read: such rows are excluded.

Validation: a row goes to :attr:`~svcdesign.data.logs.ContactLog.excluded` — with its line number in
the file and the reason — when a time cannot be parsed, is a number or falls outside
:data:`~svcdesign.data.logs.YEARS`, the arrival or outcome is missing, the outcome is unknown, a
duration is negative (queue exit before entry, service end before start, queue entry before arrival,
a negative wait) or longer than :data:`~svcdesign.data.logs.LONGEST_DURATION`, an abandoned contact
has no time of giving up, an answered one neither a service start nor a queue exit, the priority is
not a whole number from 0 to :data:`~svcdesign.data.logs.MAX_PRIORITY`, or (in a CSV file) the row
has more or fewer fields than the header. Rows that are kept but incomplete (answered without service
times) are counted in :attr:`~svcdesign.data.logs.ContactLog.warnings`. A row whose cells are all
empty is a blank line, not a data row. ``len(log.data) + len(log.excluded)`` always equals the number
of data rows read.

Problems of the whole table are an :class:`~svcdesign.errors.InputError` naming the source: a header
that is too wide, has an empty or a repeated column name, or lacks a required column; a ``columns=``
mapping naming a column the table lacks or mapping two columns to one schema column; ``outcomes=``
or ``time_format=`` options that cannot be used; mixed UTC offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

import numpy as np
import pandas as pd

from .. import checks
from ..errors import InputError, shown
from ..i18n.phrases import Digits, Figure, Listing, Phrase, tr
from .exports import check_zone, localise
from .logs import (
    LONGEST_DURATION,
    MAX_PRIORITY,
    OUTCOMES,
    REQUIRED,
    SCHEMA_COLUMNS,
    TIME_COLUMNS,
    YEARS,
    ContactLog,
    check_header,
    zero_wait_apart,
)

_ISO_TIME = re.compile(
    r"(?P<year>[0-9]{4})(?P<day>-[0-9]{2}-[0-9]{2})[Tt ]\s*(?P<clock>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)"
    r"\s*(?P<offset>Z|[+-](?P<hours>[0-9]{2})(?::?(?P<minutes>[0-9]{2}))?)?"
)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_ISO_CLOCK = "2024-03-04 08:01:02"
"""A date and clock time as the generic schema writes it, for the reasons and errors."""
_ISO_EXAMPLE = f"a date and a clock time such as {_ISO_CLOCK}"


def validate_contact_log(
    frame: pd.DataFrame,
    *,
    source: str = "DataFrame",
    columns: Mapping[str, str] | None = None,
    outcomes: Mapping[str, str] | None = None,
    time_format: str | None = None,
    schema: str = "generic",
    warnings: Iterable[str] = (),
    tz: str | None = None,
) -> ContactLog:
    """Validate a table in the generic schema (strings, numbers or date-times) into a
    :class:`~svcdesign.data.logs.ContactLog`.

    ``tz``: the centre's IANA time zone; times carrying UTC offsets (text or time-zone-aware date-times)
    are converted to its local clock time first (:mod:`~svcdesign.data.exports`), mixed offsets included.

    ``frame`` may carry a ``line`` column (source line numbers: whole numbers ≥ 1); otherwise rows are
    numbered from 1. Columns holding time-zone-aware date-times follow the rule for UTC offsets. See
    the module docstring for the rules.

    Raises
    ------
    InputError
        For a problem of the whole table (columns, mapping, mixed UTC offsets), naming ``source``.
    """
    checks.instance("frame", frame, pd.DataFrame, "a pandas DataFrame in the generic contact-log schema")
    if not isinstance(source, str):
        raise InputError("source", source, "a description of where the log came from (text)")
    check_header([str(c) for c in frame.columns], f"{source}, columns")
    lines = None
    if "line" in frame.columns:
        numbers = pd.to_numeric(frame["line"], errors="coerce")
        bad = ~(numbers.notna() & (numbers >= 1) & (numbers < 2**53) & (numbers == np.floor(numbers)))
        if bad.any():
            raise InputError(
                "column 'line'",
                frame["line"][bad].iloc[0],
                "source line numbers: whole numbers ≥ 1 (rename a column 'line' that means something else)",
                source=source,
            )
        lines, frame = numbers.to_numpy(dtype=np.int64), frame.drop(columns="line")
    if tz is not None:
        names = dict(columns) if isinstance(columns, Mapping) else {}
        numbers_seen = np.arange(1, len(frame) + 1, dtype=np.int64) if lines is None else lines
        frame, notes = localise(frame.copy(), names, check_zone(tz), numbers_seen, source)
        warnings = [*warnings, *notes]
    return validate_rows(
        frame,
        lines,
        None,
        source=source,
        columns=columns,
        outcomes=outcomes,
        time_format=time_format,
        schema=schema,
        warnings=warnings,
    )


def validate_rows(
    frame: pd.DataFrame,
    lines: np.ndarray | None,
    fields: np.ndarray | None,
    *,
    source: str,
    columns: Mapping[str, str] | None,
    outcomes: Mapping[str, str] | None,
    time_format: str | None,
    schema: str,
    warnings: Iterable[str],
) -> ContactLog:
    """:func:`validate_contact_log` given each row's line (default: 1, 2, …) and, for a CSV file, each
    row's number of fields (which must equal the number of columns): the last step of every reader."""
    frame, line, file_names, mapping = _checked_table(frame, lines, source, columns, outcomes, time_format)
    raw = frame.rename(columns={c: f"{c} (file)" for c in ("line", "reason") if c in frame.columns})
    reasons = _Reasons(frame.index)
    if fields is not None:
        found = pd.Series(fields, index=frame.index, dtype=object)
        reasons.reject(
            found != len(frame.columns),
            tr("expected {n} fields, found {value}"),
            found,
            Figure,
            n=Figure(str(len(frame.columns))),
        )
    times, offsets = _times(frame, time_format, source, reasons)
    notes = list(warnings) + _offset_note(offsets, frame, line, file_names, source)
    reasons.reject(times["arrival"].isna(), tr("missing arrival time"))
    outcome = _outcomes(frame, mapping, reasons)
    priority = _priorities(frame, reasons)
    wait, handle = _durations(times, outcome, reasons)
    data = zero_wait_apart(_contacts(frame, line, times, outcome, priority, wait, handle))
    return _package(data, raw, line, reasons, source=source, schema=schema, notes=notes)


class _Reasons:
    """Why each row is excluded: the first rule it breaks (``""`` while it breaks none)."""

    def __init__(self, index: pd.Index) -> None:
        self.text = pd.Series([""] * len(index), index=index, dtype=object)

    def reject(
        self,
        mask: pd.Series | np.ndarray,
        template: str,
        values: pd.Series | None = None,
        kind: type[str] = str,
        **fixed: object,
    ) -> None:
        """Give the marked ``template`` to rows not yet rejected, its ``{value}`` the row's value from ``values``
        (:func:`~svcdesign.errors.shown`, as a ``kind``: a number is a :class:`~svcdesign.i18n.phrases.Figure`) and
        its other placeholders ``fixed`` (a :class:`~svcdesign.i18n.phrases.Phrase`: shown in a reader's language)."""
        mask = pd.Series(np.asarray(mask, dtype=bool), index=self.text.index) & (self.text == "")
        if not mask.any():
            return
        if values is None:
            self.text[mask] = Phrase(template, **fixed)
        else:
            reasons = [Phrase(template, value=kind(shown(v)), **fixed) for v in values[mask]]
            self.text[mask] = np.array(reasons, dtype=object)

    def reject_each(self, problems: pd.Series) -> None:
        """Give each row not yet rejected its own reason from ``problems`` (None where it has none)."""
        bad = problems.notna()
        if bad.any():
            self.text[bad & (self.text == "")] = problems[bad & (self.text == "")]


def _checked_table(
    frame: pd.DataFrame,
    lines: np.ndarray | None,
    source: str,
    columns: Mapping[str, str] | None,
    outcomes: Mapping[str, str] | None,
    time_format: str | None,
) -> tuple[pd.DataFrame, pd.Series, dict[str, str], dict[str, str]]:
    """The table with schema column names, each row's line, schema → file column names, and the outcome
    labels; an :class:`~svcdesign.errors.InputError` for a problem of the whole table or of an option."""
    check_header([str(c) for c in frame.columns], f"{source}, columns")
    frame = frame.reset_index(drop=True)
    line = pd.Series(np.arange(1, len(frame) + 1) if lines is None else lines, dtype="int64")
    frame, file_names = _apply_mapping(frame, columns, source)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            "columns",
            sorted(str(c) for c in frame.columns),
            f"a header with at least {', '.join(REQUIRED)} (missing {', '.join(missing)}; "
            f"schema columns: {', '.join(SCHEMA_COLUMNS)})",
            source=source,
        )
    mapping = _outcome_mapping(outcomes)
    _check_time_format(time_format)
    return frame, line, file_names, mapping


def _check_time_format(time_format: str | None) -> None:
    if time_format is None:
        return
    if not isinstance(time_format, str) or not time_format.strip():
        raise InputError("time_format", time_format, "a strftime format such as '%d/%m/%Y %H:%M'")
    if "%z" in time_format or "%Z" in time_format:
        raise InputError(
            "time_format",
            time_format,
            "a format without %z or %Z: without time_format, times "
            "ending in a UTC offset (2024-03-04T08:00:00+05:00) are read",
        )


def _times(
    frame: pd.DataFrame, time_format: str | None, source: str, reasons: _Reasons
) -> tuple[dict[str, pd.Series], dict[str, np.ndarray]]:
    """Each time column as date-times (NaT where empty or unreadable) and its UTC offsets (see
    :func:`_parse_times`); rows with an unreadable time are rejected, the first column's reason first."""
    times: dict[str, pd.Series] = {}
    offsets: dict[str, np.ndarray] = {}
    for col in TIME_COLUMNS:
        if col not in frame.columns:
            times[col] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
            offsets[col] = np.full(len(frame), None, dtype=object)
            continue
        times[col], problems, offsets[col] = _parse_times(frame[col], col, time_format, source)
        reasons.reject_each(problems)
    return times, offsets


def _outcomes(frame: pd.DataFrame, mapping: dict[str, str], reasons: _Reasons) -> pd.Series:
    """Each row's outcome in the schema's terms (missing where the label is empty or unknown)."""
    text = pd.Series([t or "" for t in _texts(frame["outcome"])], index=frame.index, dtype=object)
    outcome = text.map(lambda v: mapping.get(v.lower()))
    reasons.reject(text == "", tr("missing outcome"))
    reasons.reject(
        outcome.isna(), tr("unknown outcome {value} (expected {outcomes})"), text, outcomes=Listing(OUTCOMES)
    )
    return outcome


def _priorities(frame: pd.DataFrame, reasons: _Reasons) -> pd.Series:
    """Each row's priority (``Int64``, missing where empty or not a whole number from 0 to
    :data:`~svcdesign.data.logs.MAX_PRIORITY`)."""
    priority = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    if "priority" in frame.columns:
        ptext = pd.Series([t or "" for t in _texts(frame["priority"])], index=frame.index, dtype=object)
        lookup = {value: _whole(value) for value in ptext.unique()}
        number = ptext.map(lookup)
        reasons.reject(
            (ptext != "") & number.isna(),
            tr("priority {value} is not a whole number from 0 to {most}"),
            ptext,
            most=Figure(str(MAX_PRIORITY)),
        )
        priority = pd.Series(pd.array(number.where(number.notna(), None).tolist(), dtype="Int64"), index=frame.index)
    return priority


def _durations(times: dict[str, pd.Series], outcome: pd.Series, reasons: _Reasons) -> tuple[pd.Series, pd.Series]:
    """The derived ``wait`` (answered and abandoned contacts) and ``handle`` (answered contacts), seconds;
    rows whose times are out of order, missing for their outcome, or too far apart are rejected."""
    start_q = times["queue_entry"].fillna(times["arrival"])
    answered = outcome == "answered"
    abandoned = outcome == "abandoned"
    reasons.reject(times["queue_entry"] < times["arrival"], tr("queue entry before arrival (negative duration)"))
    reasons.reject(
        times["queue_exit"] < times["queue_entry"], tr("queue exit before queue entry (negative queue time)")
    )
    reasons.reject(
        times["service_end"] < times["service_start"], tr("service end before service start (negative duration)")
    )
    reasons.reject(
        abandoned & times["queue_exit"].isna(), tr("abandoned contact without queue_exit (the time it gave up)")
    )
    left = times["queue_exit"].where(times["queue_exit"].notna(), times["service_start"])
    reasons.reject(answered & left.isna(), tr("answered contact without service_start or queue_exit"))
    wait = (left - start_q).dt.total_seconds()
    reasons.reject((answered | abandoned) & (wait < 0), tr("negative wait (leaves the queue before joining it)"))
    handle = (times["service_end"] - times["service_start"]).dt.total_seconds()
    year = Figure(f"{LONGEST_DURATION:,.0f}")
    reasons.reject(
        (answered | abandoned) & (wait > LONGEST_DURATION),
        tr("wait of {value} seconds is longer than a year ({longest} s; a recording error?)"),
        wait,
        Figure,
        longest=year,
    )
    reasons.reject(
        answered & (handle > LONGEST_DURATION),
        tr("handle time of {value} seconds is longer than a year ({longest} s; a recording error?)"),
        handle,
        Figure,
        longest=year,
    )
    return wait.where(answered | abandoned), handle.where(answered)


def _contacts(
    frame: pd.DataFrame,
    line: pd.Series,
    times: dict[str, pd.Series],
    outcome: pd.Series,
    priority: pd.Series,
    wait: pd.Series,
    handle: pd.Series,
) -> pd.DataFrame:
    """Every row in the columns of :attr:`~svcdesign.data.logs.ContactLog.data`, rejected or not."""
    data = pd.DataFrame({"line": line}, index=frame.index)
    data["contact_id"] = _text_column(frame, "contact_id")
    for col in TIME_COLUMNS:
        data[col] = times[col]
    data["outcome"] = outcome.astype(object)
    for col in ("agent", "segment"):
        data[col] = _text_column(frame, col)
    data["priority"] = priority
    data["channel"] = _text_column(frame, "channel")
    data["wait"] = wait
    data["handle"] = handle
    return data


def _package(
    data: pd.DataFrame,
    raw: pd.DataFrame,
    line: pd.Series,
    reasons: _Reasons,
    *,
    source: str,
    schema: str,
    notes: list[str],
) -> ContactLog:
    """The :class:`~svcdesign.data.logs.ContactLog`: kept rows, rejected rows with their line and reason,
    and the warnings about both."""
    keep = reasons.text == ""
    data = data[keep].reset_index(drop=True)
    excluded = pd.concat([pd.DataFrame({"line": line[~keep], "reason": reasons.text[~keep]}), raw[~keep]], axis=1)
    excluded = excluded.reset_index(drop=True)
    kept_answered = data["outcome"] == "answered"
    no_handle = int((kept_answered & data["handle"].isna()).sum())
    if no_handle:
        notes.append(
            Phrase(
                tr(
                    "{n} answered contacts have no service start or end: they count as arrivals and as answered, but "
                    "not in handle-time fits or staffing"
                ),
                n=Figure(f"{no_handle}"),
            )
        )
    if len(excluded):
        notes.append(
            Phrase(
                tr("{n} rows excluded (see ContactLog.excluded for line numbers and reasons)"),
                n=Figure(f"{len(excluded)}"),
            )
        )
    return ContactLog(data=data, excluded=excluded, source=source, schema=schema, warnings=tuple(notes))


def _apply_mapping(
    frame: pd.DataFrame, columns: Mapping[str, str] | None, source: str
) -> tuple[pd.DataFrame, dict[str, str]]:
    """``frame`` with the file's columns renamed to schema columns, and schema name → file name."""
    if columns is None:
        return frame, {}
    checks.mapping("columns", columns, "a mapping of schema columns to the file's names, {'arrival': 'CallTime'}")
    names = [str(c) for c in frame.columns]
    by_file: dict[str, str] = {}
    for schema_name, file_name in columns.items():
        if schema_name not in SCHEMA_COLUMNS:
            raise InputError("columns", schema_name, f"schema column names: {', '.join(SCHEMA_COLUMNS)}")
        if not isinstance(file_name, str) or file_name not in names:
            raise InputError(
                f"columns[{schema_name!r}]", file_name, f"a column of the file (it has {_listed(names)})", source=source
            )
        if file_name in by_file:
            raise InputError(
                f"columns[{schema_name!r}]",
                file_name,
                f"a file column not mapped already (it is mapped "
                f"to {by_file[file_name]!r}; map each file column to one schema column)",
                source=source,
            )
        if schema_name in names and schema_name != file_name and schema_name not in columns.values():
            raise InputError(
                f"columns[{schema_name!r}]",
                file_name,
                f"one source for {schema_name!r}: the file also "
                f"has a column named {schema_name!r} (rename or drop one of them)",
                source=source,
            )
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
    checks.mapping(
        "outcomes",
        outcomes,
        "a mapping of the file's outcome labels to answered, abandoned or other, {'AGENT': 'answered'}",
    )
    for label, target in outcomes.items():
        checks.choice(f"outcomes[{label!r}]", target, OUTCOMES, allowed=f"one of {', '.join(OUTCOMES)}")
        mapping[str(label).strip().lower()] = target
    return mapping


def _offset_note(
    offsets: dict[str, np.ndarray], frame: pd.DataFrame, line: pd.Series, file_names: dict[str, str], source: str
) -> list[str]:
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
            f"column {name2!r}",
            frame[TIME_COLUMNS[col2]].iloc[row2],
            f"times with one UTC offset throughout: line {line1} ({name1!r}) has {_zone_phrase(first)}, line {line2} "
            f"({name2!r}) has {_zone_phrase(grid[other[0]])}; pass tz= naming the centre's time zone "
            "(e.g. tz='Europe/London') to convert them",
            source=f"{source}, line {line2}",
        )
    if not first:
        return []
    zone = (
        Phrase(tr("the UTC offset {offset}"), offset=Digits(first))
        if first[0] in "+-"
        else Phrase(tr("the time zone {zone}"), zone=first)
    )
    return [
        Phrase(tr("every time carries {zone}: times are taken as local clock times there (not converted)"), zone=zone)
    ]


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


def _parse_times(
    values: pd.Series, column: str, time_format: str | None, source: str
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
                raise InputError(
                    "time_format",
                    time_format,
                    f"a strftime format pandas can read ({shown(str(error), 200)})",
                    source=source,
                ) from None
            offsets[parsed.notna().to_numpy()] = ""
    years = parsed.dt.year
    outside = (parsed.notna() & ((years < YEARS[0]) | (years > YEARS[1]))).to_numpy()
    for i in np.flatnonzero(outside):
        problems[i] = _outside(column, str(texts.iloc[i]))
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
    common = np.array(
        [
            text is not None
            and len(text) == 19
            and text[4] == text[7] == "-"
            and text[10] == " "
            and text[13] == text[16] == ":"
            and text[17] < "6"
            for text in texts
        ],
        dtype=bool,
    )
    fast = pd.to_datetime(texts.where(common), format="%Y-%m-%d %H:%M:%S", errors="coerce").astype("datetime64[us]")
    done = fast.notna().to_numpy()
    offsets[done] = ""
    clean = np.full(len(texts), None, dtype=object)
    for i in np.flatnonzero(texts.notna().to_numpy() & ~done):
        text = texts.iloc[i]
        match = _ISO_TIME.fullmatch(text)
        if match is None or (
            match["offset"] not in (None, "Z") and (int(match["hours"]) > 23 or int(match["minutes"] or 0) > 59)
        ):
            problems[i] = _unreadable(column, text, None)
        elif not YEARS[0] <= int(match["year"]) <= YEARS[1]:
            problems[i] = _outside(column, text)
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


def _outside(column: str, text: str) -> str:
    """The reason a time outside :data:`~svcdesign.data.logs.YEARS` is refused."""
    return Phrase(
        tr("{column} {value} is outside the years {first} to {last}"),
        column=column,
        value=shown(text),
        first=Figure(str(YEARS[0])),
        last=Figure(str(YEARS[1])),
    )


def _unreadable(column: str, text: str, time_format: str | None) -> str:
    if _NUMBER.fullmatch(text):
        return Phrase(
            tr(
                "{column} {value} is a number, not a date and time (Unix timestamps and spreadsheet "
                "serial dates are not read)"
            ),
            column=column,
            value=shown(text),
        )
    expected = (
        Phrase(tr("a date and a clock time such as {example}"), example=Digits(_ISO_CLOCK))
        if time_format is None
        else Phrase(tr("a time in the format {format}"), format=shown(time_format))
    )
    return Phrase(
        tr("unparseable {column} {value} (expected {expected})"), column=column, value=shown(text), expected=expected
    )
