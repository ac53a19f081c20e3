"""Export presets: the column and outcome-label mappings of common contact-centre exports, by name.

A preset is the generic reader (:mod:`svcdesign.data.generic`) with ``columns``, ``outcomes`` and
``durations`` filled in for one export shape; each is a format of
:data:`~svcdesign.data.formats.LOG_FORMATS` (``read_contact_log(path, "five9_calls")``, ``svcdesign
calibrate LOG --format five9-calls``). What you pass overrides the preset entry by entry: a column your
export names differently (``columns={"agent": "Agent"}``, ``--column agent=Agent``), an outcome label it
adds (``outcomes={"missed": "abandoned"}``), its time zone (``tz=``).

The presets follow the shape of a typical export of each system — the column names below are the
usual ones of a standard call report — but exports are configurable and their columns change between
versions; they were not checked against a live system. Optional columns are used when the file has them
and ignored otherwise; a missing required column is an InputError that lists the file's columns.
Unlisted outcome labels exclude their rows with the label named, so nothing is counted silently.
Durations are seconds or clock durations (``0:01:05``) — an export in milliseconds needs converting.
In ``five9_calls`` every call not flagged abandoned counts as answered: filter outbound or IVR-only
calls out first. In ``talkdesk_calls`` the label ``missed`` is not mapped (its meaning varies with the
routing set-up): pass ``outcomes={"missed": ...}`` to count those calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .generic import read_generic
from .logs import ContactLog


@dataclass(frozen=True)
class ExportPreset:
    """One export shape: the file's column per schema column and per duration, its outcome labels, and
    which of these the file may lack (``optional``)."""

    description: str
    columns: Mapping[str, str]
    outcomes: Mapping[str, str]
    durations: Mapping[str, str] = field(default_factory=dict)
    optional: tuple[str, ...] = ()

    def read(
        self,
        path: Path,
        *,
        name: str,
        columns: Mapping[str, str] | None = None,
        outcomes: Mapping[str, str] | None = None,
        durations: Mapping[str, str] | None = None,
        time_format: str | None = None,
        tz: str | None = None,
    ) -> ContactLog:
        """Read ``path`` with this preset, ``columns``/``outcomes``/``durations`` overriding its entries."""
        return read_generic(
            path,
            columns={**self.columns, **(columns or {})},
            outcomes={**self.outcomes, **(outcomes or {})},
            durations={**self.durations, **(durations or {})},
            time_format=time_format,
            tz=tz,
            schema=name,
            optional=tuple(k for k in self.optional if k not in (columns or {}) and k not in (durations or {})),
        )


_OPTIONAL = ("contact_id", "agent", "segment", "channel", "hold", "wrap")

EXPORT_PRESETS: dict[str, ExportPreset] = {
    "five9_calls": ExportPreset(
        "a call log shaped like a typical Five9 call-log report: CALL ID, TIMESTAMP, SKILL, AGENT NAME, "
        "ABANDONED (1/0), QUEUE WAIT TIME, TALK TIME, HOLD TIME, AFTER CALL WORK TIME",
        columns={
            "contact_id": "CALL ID",
            "arrival": "TIMESTAMP",
            "segment": "SKILL",
            "agent": "AGENT NAME",
            "outcome": "ABANDONED",
        },
        outcomes={"1": "abandoned", "0": "answered", "yes": "abandoned", "no": "answered"},
        durations={"wait": "QUEUE WAIT TIME", "talk": "TALK TIME", "hold": "HOLD TIME", "wrap": "AFTER CALL WORK TIME"},
        optional=_OPTIONAL,
    ),
    "genesys_interactions": ExportPreset(
        "an interactions export shaped like a typical Genesys Cloud one: Conversation ID, Date, Queue, "
        "Users - Interacted, Media Type, Abandoned (YES/NO), Total Queue, Total Talk, Total Hold, Total ACW",
        columns={
            "contact_id": "Conversation ID",
            "arrival": "Date",
            "segment": "Queue",
            "agent": "Users - Interacted",
            "channel": "Media Type",
            "outcome": "Abandoned",
        },
        outcomes={"yes": "abandoned", "no": "answered", "true": "abandoned", "false": "answered"},
        durations={"wait": "Total Queue", "talk": "Total Talk", "hold": "Total Hold", "wrap": "Total ACW"},
        optional=_OPTIONAL,
    ),
    "talkdesk_calls": ExportPreset(
        "a calls export shaped like a typical Talkdesk one: Call ID, Start Time, Type (inbound, abandoned, "
        "short_abandoned, outbound, voicemail), Agent Name, Ring Groups, Wait Time, Talk Time, Hold Time, "
        "Wrap Up Time",
        columns={
            "contact_id": "Call ID",
            "arrival": "Start Time",
            "outcome": "Type",
            "agent": "Agent Name",
            "segment": "Ring Groups",
        },
        outcomes={
            "inbound": "answered",
            "abandoned": "abandoned",
            "short_abandoned": "abandoned",
            "outbound": "other",
            "voicemail": "other",
        },
        durations={"wait": "Wait Time", "talk": "Talk Time", "hold": "Hold Time", "wrap": "Wrap Up Time"},
        optional=_OPTIONAL,
    ),
}
"""Export presets by name (each also a format of :data:`~svcdesign.data.formats.LOG_FORMATS`)."""
