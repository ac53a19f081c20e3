"""Real data in, scenarios out: contact logs and calibration (backtests: :func:`svcdesign.explore.backtest`).

- :func:`read_contact_log` — read and validate a contact log in one of the :data:`LOG_FORMATS` (the
  generic schema, or the Anonymous Bank format) into a :class:`ContactLog` whose ``excluded`` table
  gives every rejected row's line and reason; :func:`validate_contact_log` does the same for a table;
- :func:`calibrate` — a :class:`~svcdesign.Scenario` plus a :class:`CalibrationReport` from a log;
- :func:`on_duty` — staff on duty per real date and interval reconstructed from the agents of a log,
  with a lower and an upper reconstruction; :func:`agent_shifts` — each agent's shifts;
  :func:`roster_on_duty` — the same from a client's roster or workforce-management export;
- :func:`synthetic_contact_log` — a simulated log with known parameters (tests, examples).
"""

from .calibrate import Calibration, CalibrationReport, calibrate
from .formats import LOG_FORMATS, LogFormat, read_contact_log
from .logs import OUTCOMES, SCHEMA_COLUMNS, ContactLog
from .on_duty import OnDuty, agent_shifts, on_duty, roster_on_duty
from .synthetic import synthetic_contact_log
from .validation import validate_contact_log

__all__ = [
    "LOG_FORMATS",
    "OUTCOMES",
    "SCHEMA_COLUMNS",
    "Calibration",
    "CalibrationReport",
    "ContactLog",
    "LogFormat",
    "OnDuty",
    "agent_shifts",
    "on_duty",
    "roster_on_duty",
    "calibrate",
    "read_contact_log",
    "synthetic_contact_log",
    "validate_contact_log",
]
