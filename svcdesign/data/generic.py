"""Reader of the generic log format: a CSV or Parquet file in the generic schema (:mod:`svcdesign.data.logs`).

A CSV file has a header row, fields separated by commas, tabs or semicolons (whichever the header holds
most of) and is UTF-8, or UTF-16 with a byte-order mark; a Parquet file needs the optional ``pyarrow``
package. Rows are validated by :func:`~svcdesign.data.validation.validate_contact_log`.

Problems of the whole file are an :class:`~svcdesign.errors.InputError` naming the file, and the
line and column where known: a file that is missing, unreadable, a directory or larger than
:data:`~svcdesign.data.logs.MAX_LOG_BYTES`; text that is not UTF-8 (or UTF-16 with a byte-order
mark) or holds NUL characters; a header that is empty, has more than
:data:`~svcdesign.data.logs.MAX_COLUMNS` fields, an empty or a repeated column name, or lacks a
required column; a field longer than :data:`MAX_FIELD_CHARACTERS`; a ``columns=`` mapping naming a
column the file lacks or mapping two columns to one schema column; times with UTC offsets and no
``tz=`` (:mod:`~svcdesign.data.exports`); a ``durations=`` mapping naming a column the file lacks or
beside end-time columns; a file with a header but no data row. With ``tz=`` or ``durations=``, the
time columns of excluded rows show the converted or derived times.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import AnyStr

import numpy as np
import pandas as pd

from ..errors import InputError, shown
from ..i18n.phrases import Figure, Phrase, tr
from .exports import check_zone, derive_times, localise
from .logs import ContactLog, check_header, check_log_file, read_log_bytes
from .validation import validate_rows

MAX_FIELD_CHARACTERS = csv.field_size_limit()
"""Longest field of a CSV log, characters: the limit of Python's ``csv`` module (131,072 by
default). Identifiers, times and labels are far shorter; a longer field is refused."""
_DELIMITERS = (",", "\t", ";")


def read_generic(
    path: Path,
    *,
    columns: Mapping[str, str] | None = None,
    outcomes: Mapping[str, str] | None = None,
    durations: Mapping[str, str] | None = None,
    time_format: str | None = None,
    tz: str | None = None,
    schema: str = "generic",
    optional: Collection[str] = (),
) -> ContactLog:
    """Read and validate a CSV or Parquet file (``.parquet``, ``.pq``) in the generic schema.

    ``columns``, ``outcomes``, ``durations``, ``time_format`` and ``tz`` are those of
    :func:`~svcdesign.data.formats.read_contact_log` (times with UTC offsets and durations:
    :mod:`~svcdesign.data.exports`). ``schema`` names the format in the result; ``optional`` lists
    schema columns and durations whose mapping is dropped when the file lacks the column (an export
    preset's optional columns, :mod:`~svcdesign.data.presets`).
    """
    check_log_file(path)
    zone = check_zone(tz)
    if path.suffix.lower() in (".parquet", ".pq"):
        raw, lines, fields = _read_parquet(path), None, None
    else:
        raw, lines, fields = _read_csv(path)
    columns, durations = _present(columns, raw, optional), _present(durations, raw, optional)
    names = dict(columns or {}) if isinstance(columns, Mapping) else {}
    numbers = np.arange(1, len(raw) + 1, dtype=np.int64) if lines is None else lines
    raw, notes = localise(raw, names, zone, numbers, str(path))
    reasons = pd.Series("", index=raw.index, dtype=object)
    if durations is not None:
        if fields is not None:  # derived columns change the width: count the fields here
            wrong = fields != len(raw.columns)
            reasons[wrong] = np.array([f"expected {len(raw.columns)} fields, found {n}" for n in fields[wrong]], object)
            fields = None
        raw, problems = derive_times(raw, names, durations, time_format, str(path))
        reasons = reasons.where(reasons != "", problems)
    keep = (reasons == "").to_numpy()
    log = validate_rows(
        raw[keep],
        numbers[keep],
        None if fields is None else fields[keep],
        source=str(path),
        columns=columns,
        outcomes=outcomes,
        time_format=time_format,
        schema=schema,
        warnings=notes,
    )
    return log if keep.all() else _with_excluded(log, raw[~keep], numbers[~keep], reasons[~keep], names)


def _present(mapping: Mapping[str, str] | None, raw: pd.DataFrame, optional: Collection[str]) -> dict | None:
    """``mapping`` without the optional entries whose column the file lacks (unchanged when not a mapping)."""
    if not isinstance(mapping, Mapping) or not optional:
        return mapping  # type: ignore[return-value]  # validation refuses what is not a mapping
    return {k: v for k, v in mapping.items() if k not in optional or v in raw.columns}


def _with_excluded(
    log: ContactLog, rows: pd.DataFrame, lines: np.ndarray, reasons: pd.Series, names: Mapping[str, str]
) -> ContactLog:
    """``log`` with rows the reader refused before validation added to its ``excluded`` table."""
    rows = rows.rename(columns={file: schema for schema, file in names.items()})
    rows = rows.rename(columns={c: f"{c} (file)" for c in ("line", "reason") if c in rows.columns})
    refused = pd.concat([pd.DataFrame({"line": lines, "reason": reasons.to_numpy()}, index=rows.index), rows], axis=1)
    excluded = pd.concat([log.excluded, refused], ignore_index=True).sort_values("line", kind="stable")
    notes = [w for w in log.warnings if "rows excluded (see ContactLog.excluded" not in w]
    notes.append(
        Phrase(
            tr("{n} rows excluded (see ContactLog.excluded for line numbers and reasons)"), n=Figure(f"{len(excluded)}")
        )
    )
    return ContactLog(
        data=log.data,
        excluded=excluded.reset_index(drop=True),
        source=log.source,
        schema=log.schema,
        warnings=tuple(notes),
    )


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        import pyarrow  # noqa: F401 - only checks that the optional dependency is present
    except ImportError:
        raise InputError(
            "path",
            str(path),
            "a CSV file; reading Parquet needs the optional package pyarrow "
            "(pip install pyarrow), which is not installed",
        ) from None
    try:
        frame = pd.read_parquet(path)
    except MemoryError:
        raise InputError("path", str(path), "a Parquet file that fits in memory") from None
    except Exception as error:  # pyarrow raises many types (ArrowInvalid, OSError, …) for a broken file
        raise InputError(
            "path", str(path), f"a readable Parquet file ({type(error).__name__}: {shown(str(error), 200)})"
        ) from None
    check_header([str(c) for c in frame.columns], f"{path}, columns")
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
            raise InputError(
                "text",
                data[error.start : error.end],
                f"UTF-16 text after its byte-order mark: byte "
                f"{error.start:,} is not ({error.reason}); save the file as UTF-8",
                source=str(path),
            ) from None
        at = start + error.start
        line_start = data.rfind(b"\n", 0, at) + 1
        prefix = data[line_start:at].decode("utf-8", "replace")
        line = data.count(b"\n", 0, at) + 1
        raise InputError(
            _where(_first_line(data).decode("utf-8", "replace"), prefix, line),
            data[at : at + 4],
            f"UTF-8 text (or UTF-16 with a byte-order mark): byte {at:,} is not UTF-8; save the file as UTF-8 "
            "(e.g. Excel's 'CSV UTF-8')",
            source=f"{path}, line {line}",
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line_start = text.rfind("\n", 0, nul) + 1
        line = text.count("\n", 0, nul) + 1
        header_line = _first_line(text)
        delimiter = _delimiter(header_line)
        start = max(text.rfind(delimiter, line_start, nul) + 1, line_start)
        ends = [i for i in (text.find(delimiter, nul), text.find("\n", nul)) if i >= 0]
        raise InputError(
            _where(header_line, text[line_start:nul], line),
            text[start : min(ends, default=len(text))],
            "text without NUL characters (the file looks binary, or UTF-16 without a byte-order mark; "
            "save it as UTF-8)",
            source=f"{path}, line {line}",
        )
    return text


def _first_line(text: AnyStr) -> AnyStr:
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
    check_header(header, f"{path}, line 1")
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
        return InputError(
            column,
            f"{MAX_FIELD_CHARACTERS:,}+ characters",
            f"a field of at most {MAX_FIELD_CHARACTERS:,} characters (identifiers, times and labels)",
            source=f"{path}, line {line}",
        )
    return InputError(
        column, shown(record, 60), f"a well-formed CSV record ({shown(str(error), 200)})", source=f"{path}, line {line}"
    )
