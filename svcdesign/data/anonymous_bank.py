"""Adapter for the Anonymous Bank call-centre logs (Technion SEE laboratory; Brown et al. 2005).

Source: the "Anonymous Bank" call-centre data (an Israeli bank, 1999), organised by Ilan Guedj and
Avi Mandelbaum, analysed in Brown, Gans, Mandelbaum, Sakov, Shen, Zeltyn & Zhao (2005), "Statistical
analysis of a telephone call center: a queueing-science perspective", JASA 100(469):36–50.

Format: one call per line, a header row, 17 fields separated by tabs (in a few monthly files by
spaces; any run of whitespace is accepted): ``vru+line, call_id, customer_id, priority, type, date
(YYMMDD), vru_entry, vru_exit, vru_time, q_start, q_exit, q_time, outcome, ser_start, ser_exit,
ser_time, server``. Times are clock times ``H:MM:SS`` within the call's day; ``*_time`` are seconds.

Mapping to the generic schema (:mod:`svcdesign.data.logs`):

- ``arrival`` = ``vru_exit``: the call leaves the voice-response unit asking for an agent (or, for a
  call that hangs up in the unit, leaves it).
- A clock time ``0:00:00`` means "none" (the lab's convention for calls that never reached the queue
  or an agent). A later time of the same call that is earlier than ``vru_entry`` is read as the next
  day (calls crossing midnight) when it is more than 12 hours earlier; a smaller backward step is a
  recording error (e.g. ``vru_exit`` before ``vru_entry``, a negative ``vru_time``) and excludes the call.
- ``AGENT`` → ``answered``; ``HANG`` after joining the queue (``q_start`` ≠ 0) → ``abandoned``, having
  given up at ``q_exit`` — when it waited more than 0 s (``q_time`` > 0), the definition of Brown et al.
  (2005); a ``HANG`` with ``q_time`` = 0 is ``hung_up_without_waiting``, reported apart
  (:func:`~svcdesign.data.logs.zero_wait_apart`; 21 of the 3,101 queued hang-ups of January 1999);
  ``HANG`` without a queue → ``other`` (hung up in the voice-response unit).
  ``PHANTOM`` calls are excluded with that reason: the lab describes them as virtual calls to ignore.
  A few ``HANG`` calls carry service times; the lab's outcome is kept (abandoned at ``q_exit``).
- A call that skips the queue (``q_start`` = 0, outcome AGENT) went straight to an agent: the lab
  records ``q_time`` = 0, so the adapter records a queue visit of zero length at ``vru_exit``. Its
  ``ser_start`` is often one or two seconds *before* ``vru_exit`` (the two clocks are not aligned);
  it is kept as recorded and used only for the handle time. The same holds for queued calls, whose
  ``ser_start`` is often a second before ``q_exit``: the wait is ``q_exit − q_start`` (= ``q_time``).
- ``priority``: 2 (priority customers) → 0; 1 (regular) → 1; 0 → 1 for queued calls (the lab: "treated
  as priority 1") and unknown for calls that did not queue (a system bug left their customer id and
  priority unrecorded). Note that the bank gave priority customers a 1.5-minute head start in the
  queue rather than strict priority.
- ``segment`` = ``type`` (PS regular, PE English, IN internet, NE stock exchange, NW prospective
  customers, TT call-backs); ``channel`` = ``phone``; ``agent`` = ``server`` (pseudonymised by
  default; ``NO_SERVER`` = none); ``contact_id`` = ``vru+line``-``call_id``.

The aggregate tables shipped in ``datasets/anonymous_bank_1999/`` (no call-level rows and no agent
names) are written by the maintenance script ``python tools/anonymous_bank_summary.py LOG OUT_DIR``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from ..errors import InputError, shown
from ..i18n.phrases import Figure, Phrase, tr
from .logs import ContactLog, check_log_file, read_log_bytes
from .validation import validate_contact_log

FIELDS: tuple[str, ...] = (
    "vru+line",
    "call_id",
    "customer_id",
    "priority",
    "type",
    tr("date"),  # named in the reader's language where a reason rows were left out for names it
    "vru_entry",
    "vru_exit",
    "vru_time",
    "q_start",
    "q_exit",
    "q_time",
    "outcome",
    "ser_start",
    "ser_exit",
    "ser_time",
    "server",
)
"""The 17 fields of a monthly Anonymous Bank file, in order."""

CITATION = (
    "Brown, L., Gans, N., Mandelbaum, A., Sakov, A., Shen, H., Zeltyn, S. & Zhao, L. (2005). Statistical "
    "analysis of a telephone call center: a queueing-science perspective. Journal of the American "
    "Statistical Association 100(469), 36-50. Data: the Anonymous Bank call-centre log, Technion SEE "
    "laboratory (I. Guedj and A. Mandelbaum)."
)

_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2}):([0-9]{2})")
_NO_SERVER = "NO_SERVER"
HALF_DAY = 43200
"""Seconds. A clock time more than half a day before the call's ``vru_entry`` belongs to the next day (the
call crossed midnight: calls last minutes, not hours); a smaller backward step is a recording error."""


def _clock_seconds(text: str) -> int | None:
    match = _CLOCK.fullmatch(text)
    if not match:
        return None
    h, m, s = (int(g) for g in match.groups())
    if h > 23 or m > 59 or s > 59:
        return None
    return h * 3600 + m * 60 + s


def read_anonymous_bank(path: str | Path, *, pseudonymise_agents: bool = True) -> ContactLog:
    """Read one monthly Anonymous Bank file into a validated :class:`ContactLog` (see module docstring).

    The file is read as Latin-1 text (every byte is a character); lines end in ``\\n`` (or ``\\r\\n``).
    The header must name the 17 :data:`FIELDS` in order, and the file must hold at least one call.

    Raises
    ------
    InputError
        For a file that is missing, unreadable or larger than
        :data:`~svcdesign.data.logs.MAX_LOG_BYTES`, a wrong header, or no call; rows that cannot be
        read are excluded with their line and reason instead.
    """
    path = Path(path)
    check_log_file(path)
    text = read_log_bytes(path).decode("latin-1")
    lines = [line.rstrip("\r") for line in text.split("\n")]
    _check_header(lines[0].split(), path)
    calls = _read_calls(lines, pseudonymise_agents)
    if not calls.records and not calls.rejected:
        raise InputError(
            "path", str(path), "an Anonymous Bank log with at least one call after its header; it has none"
        )
    log = validate_contact_log(_call_frame(calls.records), source=str(path), schema="anonymous_bank")
    excluded = _excluded(calls, log, pseudonymise_agents)
    return ContactLog(
        data=log.data, excluded=excluded, source=str(path), schema="anonymous_bank", warnings=_notes(log, excluded)
    )


@dataclass(frozen=True)
class _Calls:
    """The calls of one file as :func:`read_anonymous_bank` reads them: kept ``records`` (generic schema),
    ``rejected`` rows (line, reason and raw fields), every well-formed row's raw fields by line number
    (``raws``), and the agent pseudonyms given so far (``agents``, filled in as names are met)."""

    records: list[dict]
    rejected: list[dict]
    raws: dict[int, dict]
    agents: dict[str, str]


def _read_calls(lines: list[str], pseudonymise: bool) -> _Calls:
    """Every line after the header → a record or a rejected row; blank lines are skipped."""
    calls = _Calls(records=[], rejected=[], raws={}, agents={})
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split()
        if not fields:
            continue
        raw = dict(zip(FIELDS, fields, strict=False))
        if len(fields) != len(FIELDS):
            calls.rejected.append(
                {"line": number, "reason": f"expected {len(FIELDS)} fields, found {len(fields)}", **raw}
            )
            continue
        record, problem = _convert(raw, calls.agents, pseudonymise)
        calls.raws[number] = raw
        if problem:
            calls.rejected.append({"line": number, "reason": problem, **raw})
        else:
            record["line"] = number
            calls.records.append(record)
    return calls


def _call_frame(records: list[dict]) -> pd.DataFrame:
    """The kept records as a generic-schema table, times as ``datetime64``."""
    frame = pd.DataFrame.from_records(
        records,
        columns=[
            "line",
            "contact_id",
            "arrival",
            "queue_entry",
            "queue_exit",
            "service_start",
            "service_end",
            "outcome",
            "agent",
            "segment",
            "priority",
            "channel",
        ],
    )
    for col in ("arrival", "queue_entry", "queue_exit", "service_start", "service_end"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def _excluded(calls: _Calls, log: ContactLog, pseudonymise: bool) -> pd.DataFrame:
    """Rows refused while reading and rows the validation refused, by line, with their raw fields."""
    rejected = calls.rejected + [
        {"line": int(line), "reason": why, **calls.raws[int(line)]}
        for line, why in zip(log.excluded["line"], log.excluded["reason"], strict=True)
    ]
    excluded = pd.DataFrame(rejected, columns=["line", "reason", *FIELDS])
    if pseudonymise:  # names seen only in excluded rows get pseudonyms too
        agents = calls.agents
        excluded["server"] = [
            server
            if not isinstance(server, str) or server == _NO_SERVER
            else agents.setdefault(server, f"agent_{len(agents) + 1:02d}")
            for server in excluded["server"]
        ]
    return excluded.sort_values("line", kind="stable").reset_index(drop=True)


def _notes(log: ContactLog, excluded: pd.DataFrame) -> tuple[str, ...]:
    """The validation's warnings, with its count of excluded rows replaced by PHANTOM and malformed counts."""
    notes = [w for w in log.warnings if "rows excluded" not in w]
    phantom = int(excluded["reason"].map(lambda r: r.startswith("PHANTOM")).sum())
    other = len(excluded) - phantom
    if phantom:
        notes.append(
            Phrase(tr("{n} PHANTOM calls excluded (virtual calls the lab says to ignore)"), n=Figure(f"{phantom}"))
        )
    if other:
        notes.append(
            Phrase(
                tr("{n} malformed rows excluded (see ContactLog.excluded for line numbers and reasons)"),
                n=Figure(f"{other}"),
            )
        )
    return tuple(notes)


def _check_header(header: list[str], path: Path) -> None:
    """Refuse a header that is not the 17 :data:`FIELDS` in order, naming the first field that differs."""
    if header == list(FIELDS):
        return
    position = next(
        (i for i, (a, b) in enumerate(zip(header, FIELDS, strict=False)) if a != b), min(len(header), len(FIELDS))
    )
    found = header[position] if position < len(header) else "(nothing)"
    expected = FIELDS[position] if position < len(FIELDS) else "(no more fields)"
    raise InputError(
        f"header field {position + 1}",
        found,
        f"{expected!r}: an Anonymous Bank log's first line is the header 'vru+line call_id customer_id …' "
        f"with the {len(FIELDS)} fields {', '.join(FIELDS)} (use schema='generic' for other logs)",
        source=f"{path}, line 1",
    )


def _convert(raw: dict, agents: dict[str, str], pseudonymise: bool) -> tuple[dict, str]:
    """One call → a generic-schema record, or a reason to exclude it."""
    try:
        day = datetime.strptime(raw["date"], "%y%m%d")
    except ValueError:
        return {}, f"unparseable date {shown(raw['date'])} (expected YYMMDD)"
    clock: dict[str, int | None] = {}
    for name in ("vru_entry", "vru_exit", "q_start", "q_exit", "ser_start", "ser_exit"):
        seconds = _clock_seconds(raw[name])
        if seconds is None:
            return {}, f"unparseable {name} {shown(raw[name])} (expected H:MM:SS)"
        clock[name] = seconds or None  # 0:00:00 = none
    outcome = raw["outcome"].upper()
    if outcome == "PHANTOM":
        return {}, "PHANTOM call (a virtual call the data's authors say to ignore)"
    if outcome not in ("AGENT", "HANG"):
        return {}, f"unknown outcome {shown(raw['outcome'])} (expected AGENT, HANG or PHANTOM)"
    base = clock["vru_entry"] if clock["vru_entry"] is not None else clock["vru_exit"]
    if base is None:
        return {}, "missing arrival time (vru_entry and vru_exit are both 0:00:00)"
    origin = pd.Timestamp(day)

    def moment(seconds: int) -> pd.Timestamp:
        return origin + pd.Timedelta(seconds=seconds + (86400 if seconds < base - HALF_DAY else 0))

    def stamp(seconds: int | None) -> pd.Timestamp | None:
        return None if seconds is None else moment(seconds)

    if (
        clock["vru_entry"] is not None
        and clock["vru_exit"] is not None
        and moment(clock["vru_exit"]) < origin + pd.Timedelta(seconds=base)
    ):
        return {}, f"negative vru_time: vru_exit {raw['vru_exit']} before vru_entry {raw['vru_entry']}"

    arrival = stamp(clock["vru_exit"] if clock["vru_exit"] is not None else clock["vru_entry"])
    queued = clock["q_start"] is not None
    record = {
        "contact_id": f"{raw['vru+line']}-{raw['call_id']}",
        "arrival": arrival,
        "queue_entry": None,
        "queue_exit": None,
        "service_start": None,
        "service_end": None,
        "agent": None,
        "segment": raw["type"],
        "priority": _priority(raw["priority"], queued),
        "channel": "phone",
    }
    if outcome == "AGENT":
        record["outcome"] = "answered"
        if queued:
            record["queue_entry"], record["queue_exit"] = stamp(clock["q_start"]), stamp(clock["q_exit"])
        else:
            record["queue_entry"] = record["queue_exit"] = arrival
        record["service_start"], record["service_end"] = stamp(clock["ser_start"]), stamp(clock["ser_exit"])
        server = raw["server"]
        if server != _NO_SERVER:
            if pseudonymise:
                server = agents.setdefault(server, f"agent_{len(agents) + 1:02d}")
            record["agent"] = server
    elif queued:
        record["outcome"] = "abandoned"
        record["queue_entry"], record["queue_exit"] = stamp(clock["q_start"]), stamp(clock["q_exit"])
    else:
        record["outcome"] = "other"
    return record, ""


def _priority(value: str, queued: bool) -> int | None:
    if value == "2":
        return 0
    if value == "1" or (value == "0" and queued):
        return 1
    return None
