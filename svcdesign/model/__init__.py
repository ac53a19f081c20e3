"""What the user describes: validated, serialisable objects. No computation happens here.

- :mod:`.demand` — channels, weekly profile, peaks, interval grid;
- :mod:`.chain` — stages, staff, handle-time and patience distributions, targets, routing;
- :mod:`.customers` — segments;
- :mod:`.organisation` — currency and budget;
- :mod:`.skills` — a multi-skill service desk: contact types, agent groups and their skills, router policies;
- :mod:`.scenario` — the whole description, YAML/JSON load and save, what-if overrides;
- :mod:`.peak_dates` — the days of an ISO week that peaks bound to the calendar (ISO weeks, named events) cover;
- :mod:`.limits` — the range of every number and the length of every name and list (one table);
- :mod:`.files` — reading scenario files safely (size, encoding, YAML aliases, nesting, duplicate keys);
- :mod:`.base` and :mod:`.units` — the shared base class; durations, weekdays and clock times.
"""

from .chain import Distribution, Role, Routing, ServiceTarget, Shift, Stage
from .demand import Channel, Demand, Peak
from .organisation import Organisation
from .scenario import Scenario, ScenarioError
from .segments import Segment
from .skills import AgentGroup, Blending, Callback, Concurrency, ContactType, RouterPolicy, ServiceDesk, Skill
from .units import WEEKDAYS, parse_duration

__all__ = [
    "WEEKDAYS",
    "AgentGroup",
    "Blending",
    "Callback",
    "Concurrency",
    "ContactType",
    "RouterPolicy",
    "ServiceDesk",
    "Skill",
    "Channel",
    "Demand",
    "Distribution",
    "Organisation",
    "Peak",
    "Role",
    "Routing",
    "Scenario",
    "ScenarioError",
    "Segment",
    "ServiceTarget",
    "Shift",
    "Stage",
    "parse_duration",
]
