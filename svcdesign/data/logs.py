"""Contact logs: the generic schema, the validated :class:`ContactLog`, and the checks every reader makes.

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
outcome        yes        ``answered`` (reached an agent), ``abandoned`` (gave up after waiting
                          more than 0 s), ``hung_up_without_waiting`` (joined the queue and left
                          it in the same instant) or ``other`` (never asked for an agent: left
                          in an IVR, self-served…)
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

Abandonment follows Brown, Gans, Mandelbaum, Sakov, Shen, Zeltyn & Zhao (2005), "Statistical analysis
of a telephone call center: a queueing-science perspective", JASA 100(469):36–50: a contact
*abandoned* when it hung up after waiting more than zero seconds. One labelled ``abandoned`` whose wait
is 0 s is kept apart as ``hung_up_without_waiting`` (:func:`zero_wait_apart`): it is counted in the
validation report, but neither as an arrival asking for an agent nor as an abandonment (it carries no
information on patience, and it never waited for the agents the model staffs). Its ``wait`` stays 0.

Reading and validating
----------------------
:func:`~svcdesign.data.formats.read_contact_log` reads a file in one of the registered log formats
(:data:`~svcdesign.data.formats.LOG_FORMATS`: :mod:`~svcdesign.data.generic` for this schema in CSV or
Parquet, :mod:`~svcdesign.data.anonymous_bank`); every reader refuses a file with
:func:`check_log_file` before reading it with :func:`read_log_bytes`, and validates its rows with
:func:`~svcdesign.data.validation.validate_contact_log`, which gives every rejected row's line and
reason in :attr:`ContactLog.excluded`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, shown
from ..i18n import DEFAULT
from ..i18n.phrases import Figure, Phrase, Word, show, tr
from ..model.limits import PRIORITY
from ..model.units import SECONDS_PER_YEAR

OUTCOMES: tuple[str, ...] = ("answered", "abandoned", "hung_up_without_waiting", "other")
"""Outcomes of the generic schema."""

_STATUS = {"kept": tr("kept"), "excluded": tr("excluded")}
"""The statuses of :meth:`ContactLog.validation_report`'s rows, marked for translation."""

ZERO_WAIT = "hung_up_without_waiting"
"""The outcome of a contact that joined the queue and hung up in the same instant (wait 0 s): kept apart
from ``abandoned``, which means hung up after waiting more than 0 s (Brown et al. 2005)."""

TIME_COLUMNS: tuple[str, ...] = (
    tr("arrival"),
    tr("queue_entry"),
    tr("queue_exit"),
    tr("service_start"),
    tr("service_end"),
)
"""Date-time columns of the generic schema (named in the reader's language where a reason rows were left out for
names one: :func:`reason_phrase`)."""

TEXT_COLUMNS: tuple[str, ...] = ("contact_id", "agent", "segment", "channel")
"""Optional text columns of the generic schema."""

REQUIRED: tuple[str, ...] = ("arrival", "outcome")
"""Columns a generic log must have."""

SCHEMA_COLUMNS: tuple[str, ...] = (
    ("contact_id",) + TIME_COLUMNS + ("outcome", "agent", "segment", "priority", "channel")
)
"""Every column of the generic schema, in the order of the validated frame."""

MAX_LOG_BYTES = 2 * 1024**3
"""Largest contact-log file read, bytes (2 GiB, checked before reading). A year of a large contact
centre's contacts fits; reading takes several times the file's size in memory. Split larger logs
(by month, say) and read the parts."""

MAX_COLUMNS = 500
"""Most fields a header may have. The generic schema has 12 columns and exports of contact-centre
systems a few dozen; every column costs memory for every row, so a wider header is refused."""

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
        The log format it was read with, a name of :data:`~svcdesign.data.formats.LOG_FORMATS`
        (``"generic"`` for a table validated by :func:`~svcdesign.data.validation.validate_contact_log`).
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
            rows += [("excluded", str(reason), int(n)) for reason, n in kinds.value_counts().items()]
        return pd.DataFrame(rows, columns=["status", "what", "rows"])

    def summary_text(self, language: str = DEFAULT) -> str:
        """A few lines for a terminal: rows read, kept, excluded by reason, warnings; in ``language`` (``en``,
        ``ar`` or ``fa``: counts in its digits, outcome codes, the source and the reasons' quoted values as
        given)."""
        if language != DEFAULT:
            return self._summary_in(language)
        lines = [f"{self.source}: {self.rows_read} rows read, {len(self.data)} kept, {len(self.excluded)} excluded"]
        for _, row in self.validation_report().iterrows():
            lines.append(f"  {row['status']:>8}  {row['rows']:>7}  {row['what']}")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def _summary_in(self, language: str) -> str:
        """:meth:`summary_text` in Arabic or Persian."""
        lines = [
            Phrase(
                tr("{source}: {read} rows read, {kept} kept, {excluded} excluded"),
                source=self.source,
                read=Figure(f"{self.rows_read:,}"),
                kept=Figure(f"{len(self.data):,}"),
                excluded=Figure(f"{len(self.excluded):,}"),
            ).in_language(language)
        ]
        for _, row in self.validation_report().iterrows():
            what = str(row["what"])
            code = what.removeprefix("outcome ")
            text = Phrase(tr("outcome {code}"), code=code) if code != what else reason_phrase(plain_reason(what))
            status = show(Phrase(_STATUS[row["status"]]), language)
            count = show(Figure(f"{row['rows']:,}"), language)
            lines.append(f"  {status:>8}  {count:>7}  {' '.join(show(text, language).split())}")
        lines += ["  " + Phrase(tr("warning: {warning}"), warning=w).in_language(language) for w in self.warnings]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"ContactLog(source={self.source!r}, schema={self.schema!r}, kept={len(self.data)}, "
            f"excluded={len(self.excluded)})"
        )

    def _repr_html_(self) -> str:
        parts = [
            f"<p><b>Contact log</b> {html.escape(self.source)} ({html.escape(self.schema)}): "
            f"{self.rows_read} rows read, {len(self.data)} kept, {len(self.excluded)} excluded</p>",
            self.validation_report().to_html(index=False),
        ]
        parts += [f"<p>⚠ {html.escape(w)}</p>" for w in self.warnings]
        return "\n".join(parts)


_QUOTED = re.compile(r""" (?:'[^']*'|"[^"]*")""")


def _reason_kind(reason: str) -> str:
    """A reason without the values it quotes (``'…'``) and without what follows ``": "``."""
    return _QUOTED.sub("", reason).split(": ")[0]


_FIXED_KINDS = (
    tr("missing arrival time"),
    tr("missing outcome"),
    tr("unknown outcome"),
    tr("queue entry before arrival"),
    tr("queue exit before queue entry"),
    tr("service end before service start"),
    tr("abandoned contact without queue_exit"),
    tr("answered contact without service_start or queue_exit"),
    tr("negative wait"),
    tr("PHANTOM call"),
    tr("negative vru_time"),
)
"""The readers' kinds of reason a row is excluded for that quote no value (their explanations in parentheses
left out)."""
_KIND_FORMS = (
    (re.compile(r"unparseable (?P<column>\w+)"), tr("unparseable {column}")),
    (re.compile(r"(?P<column>\w+) is a number, not a date and time"), tr("{column} is a number, not a date and time")),
    (
        re.compile(r"(?P<column>\w+) is outside the years (?P<first>\d+) to (?P<last>\d+)"),
        tr("{column} is outside the years {first} to {last}"),
    ),
    (
        re.compile(r"priority is not a whole number from (?P<first>\d+) to (?P<last>\d+)"),
        tr("priority is not a whole number from {first} to {last}"),
    ),
    (re.compile(r"expected (?P<n>\d+) fields, found (?P<value>\d+)"), tr("expected {n} fields, found {value}")),
    (
        re.compile(r"wait of (?P<value>[0-9.e+-]+) seconds is longer than a year"),
        tr("wait of {value} seconds is longer than a year"),
    ),
    (
        re.compile(r"handle time of (?P<value>[0-9.e+-]+) seconds is longer than a year"),
        tr("handle time of {value} seconds is longer than a year"),
    ),
)
"""The readers' kinds of reason that name a column or bounds: the pattern of the kind, the marked template."""


def reason_phrase(kind: str) -> str:
    """A kind of reason rows were excluded for (:meth:`ContactLog.validation_report`'s ``what``, its parentheses
    left out) as a :class:`~svcdesign.i18n.phrases.Phrase` when it is one of the readers' own, else as it is
    (a reason given by a custom reader).

    >>> reason_phrase("unparseable arrival").template
    'unparseable {column}'
    """
    if kind in _FIXED_KINDS:
        return Phrase(kind)
    for pattern, template in _KIND_FORMS:
        match = pattern.fullmatch(kind)
        if match:
            values = match.groupdict()
            return Phrase(template, **{k: Word(v) if k == "column" else Figure(v) for k, v in values.items()})
    return kind


def plain_reason(kind: str) -> str:
    """A kind of reason rows were excluded for (:meth:`ContactLog.validation_report`'s ``what``) without its
    explanations in parentheses, as :func:`reason_phrase` takes it.

    >>> plain_reason("unknown outcome (expected answered, abandoned)")
    'unknown outcome'
    """
    return re.sub(r"\s*\((?:[^()]|\([^()]*\))*\)", "", kind).strip()


def zero_wait_apart(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` (columns ``outcome`` and ``wait``, seconds) with every ``abandoned`` contact whose wait is
    0 s relabelled :data:`ZERO_WAIT`: abandoned means hung up after waiting *more* than 0 s (Brown et
    al. 2005). Other rows are unchanged; a copy is returned when a row changes."""
    zero = (data["outcome"] == "abandoned") & (data["wait"] == 0)
    if not zero.any():
        return data
    data = data.copy()
    data.loc[zero, "outcome"] = ZERO_WAIT
    return data


# ------------------------------------------------------------------- checks every reader makes
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
        raise InputError(
            "path",
            str(path),
            f"a contact log of at most {MAX_LOG_BYTES:,} bytes (2 GiB); this file has "
            f"{size:,} bytes: split it (by month, say) and read the parts",
        )


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


def check_header(names: list[str], where: str) -> None:
    """Refuse a header that is too wide, has an empty name or repeats a name (``where`` names it)."""
    if len(names) > MAX_COLUMNS:
        raise InputError("header", f"{len(names):,} columns", f"at most {MAX_COLUMNS} columns", source=where)
    seen: dict[str, int] = {}
    for number, name in enumerate(names, start=1):
        if not name.strip():
            raise InputError(
                f"column {number}",
                name,
                "a non-empty column name (name the column, or delete it and its cells)",
                source=where,
            )
        if name in seen:
            raise InputError(
                f"column {number}",
                name,
                f"a name not used before (column {seen[name]} has it too; rename one of them)",
                source=where,
            )
        seen[name] = number
