# %% [markdown]
# # Quickstart: describe a service, evaluate it, plot it, save it
#
# This notebook takes five minutes. You will describe a small contact centre in a few lines,
# see its service level, waits, abandonment, occupancy and staff cost for every 15 minutes of a week,
# ask a what-if question, and save the description to a YAML file you can share.
#
# Everything here uses svcdesign's public API; the formulas behind the numbers are documented in
# `svcdesign.formulas.queueing` (Erlang A and C) and `svcdesign.engines.analytic`.

# %%
import tempfile
from pathlib import Path

import svcdesign as sd

# %% [markdown]
# ## 1. Describe the service
# One phone channel with 6,000 calls a week, busiest on Monday mornings, open 08:00–18:00 Monday to
# Saturday; 14 representatives on duty while it is open, who resolve most calls and escalate 15% to a
# small team of 3 coordinators. Durations accept units (`"4min"`). (A plain number, `"staff": 14`, would
# put 14 on duty around the clock and pay for the empty nights.)

# %%
open_days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
scenario = sd.Scenario.from_dict(
    {
        "name": "My contact centre",
        "demand": {
            "interval_minutes": 15,
            "channels": [
                {
                    "name": "phone",
                    "weekly_volume": 6000,
                    "day_weights": [1.3, 1.1, 1.0, 1.0, 1.1, 0.5, 0],
                    "hourly_weights": [0] * 8 + [1.0, 1.4, 1.5, 1.3, 1.1, 1.2, 1.3, 1.2, 1.0, 0.7] + [0] * 6,
                }
            ],
        },
        "stages": [
            {
                "name": "representative",
                "staff": [{"start": "08:00", "hours": 10, "count": 14, "days": open_days}],
                "handle_time": "4min",
                "patience": "3min",
                "shrinkage": 0.3,
                "hourly_wage": 13.55,
                "routing": {"escalate": {"coordinator": 0.15}, "repeat": 0.08},
            },
            {
                "name": "coordinator",
                "role": "coordinator",
                "staff": [{"start": "08:00", "hours": 10, "count": 3, "days": open_days}],
                "handle_time": "8min",
                "patience": "4min",
                "shrinkage": 0.3,
                "hourly_wage": 16.0,
            },
        ],
        "targets": {"answer_within": 20, "service_level": 0.8, "max_abandon": 0.05},
    }
)
print(scenario.stage_names)

# %% [markdown]
# ## 2. Evaluate it
# `evaluate` runs the analytic engine: the traffic through the chain, then Erlang A in every
# 15-minute interval. The summary is a small table; the whole result is a tidy DataFrame.

# %%
results = sd.evaluate(scenario)
results.summary()

# %%
results.kpis().round(3)

# %% [markdown]
# ## 3. Plot it
# Service level across the week, per stage, with the 80% target. Hover to see the interval.

# %%
sd.timeline(results, "service_level", target=80)

# %% [markdown]
# ## 4. Ask "what if?"
# Cut two representatives — two people, full-time equivalents of the 40-hour contract week: 80 of the
# representatives' 840 paid hours, taken from their roster pro rata (opening hours unchanged): what
# happens to waits, abandonment and cost?

# %%
cut = scenario.with_staff_change({"representative": -2}, name="two fewer representatives")
cut_results = sd.evaluate(cut)
hours = [r.value("staff_hours", "representative") for r in (results, cut_results)]
assert hours == [840, 760]  # two FTE = 2 × 40 contract hours fewer
comparison = sd.Results.concat([results, cut_results]).horizon().xs("all", level="stage")
# resolved_within_target counts every customer (those who give up too); time_to_resolution only the resolved
comparison[["customers", "p_abandon_any", "staff_cost", "resolved_within_target", "time_to_resolution"]]

# %% [markdown]
# ## 5. Save it, load it back
# Scenarios save to YAML or JSON without loss, so a colleague can run exactly what you ran.

# %%
folder = Path(tempfile.mkdtemp())
path = scenario.save(folder / "my_contact_centre.yaml")
assert sd.Scenario.load(path) == scenario
print(path.read_text()[:400])

# %% [markdown]
# ## 6. Start from an example
# Three documented examples ship with svcdesign (their `notes` and `sources` say where every number
# comes from).

# %%
sd.example_names()

# %%
bank = sd.load_example("bank")
print(bank.notes)
sd.evaluate(bank).summary()
