# %% [markdown]
# # A client's service chain, from their own contact log
#
# The consultant's workflow: read the client's contact log (here the bundled, **synthetic** example
# log in svcdesign's generic schema), calibrate a model of the front line from it, attach the rest of
# the chain, look at the flows, find the bottleneck, compare options and export a self-contained HTML
# report to hand to the client.

# %%
import math
from pathlib import Path

from IPython.display import display
from tqdm.auto import tqdm

import svcdesign as sd
import svcdesign.datasets as datasets
from svcdesign.data import calibrate, read_contact_log
from svcdesign.explore import bottleneck, compare
from svcdesign.present import blueprint, comparison_figure, report, sankey

# %% [markdown]
# ## 1. Read and calibrate the log
# Rows that cannot be used are excluded with their line number and reason — nothing is dropped
# silently. `calibrate` estimates demand per 15 minutes, staff on duty, the handle-time
# distribution and patience (censored maximum likelihood: served customers' waits are lower
# bounds of their patience).

# %%
log = read_contact_log(datasets.example_contact_log_path())
calibration = calibrate(log, 15)
print(calibration.report.to_text())

# %% [markdown]
# ## 2. The whole chain
# The log covers the front line only. What happens after it — escalations to specialists, transfers
# to the back office, repeat contacts — comes from the client's process owners. **The shares, staff
# and wages below are placeholders for this example (assumed; replace them with the client's
# figures)**; the front line's demand, staff, handle time and patience are calibrated from the log.

# %%
front = calibration.scenario
weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri"]
chain = sd.Scenario.from_dict(
    {
        **front.to_dict(),
        "name": "Client contact centre (calibrated front line)",
        "notes": "Front line calibrated from the client's contact log (contact_log_example.csv); the specialists, "
        "the back office, the routing shares and the wages are placeholders to be confirmed with the client.",
        "sources": [
            *(s for s in front.sources if not s.startswith("Staff:")),
            "Front-line staff on duty: estimated from the log (agents seen at work; shrinkage 0).",
            "Wages (USD an hour): 13.55 front line (the bank example's practitioner figure), 16.26 specialists, "
            "14.90 back office — placeholders.",
            "Specialists and back office (staff, handle times, targets) and the routing shares: placeholders.",
        ],
        "organisation": {"name": "Example client", "currency": "USD"},
        "stages": [
            {
                **front.stages[0].model_dump(mode="json", exclude_defaults=True),
                "role": "representative",
                "hourly_wage": 13.55,  # assumed: the bank example's practitioner figure (source document 003)
                "routing": {"escalate": {"specialists": 0.15}, "transfer": {"back office": 0.08}, "repeat": 0.10},
            },
            {
                "name": "specialists",
                "role": "coordinator",
                "hourly_wage": 16.26,
                "staff": [
                    {"start": "08:00", "hours": 10, "count": 1, "days": weekdays},
                    {"start": "09:00", "hours": 4, "count": 1, "days": ["Sat"]},
                ],
                "handle_time": {"kind": "lognormal", "mean": "7min", "cv": 1.0},
                "patience": front.stages[0].patience.mean,
            },
            {
                "name": "back office",
                "role": "back_office",
                "deferred": True,
                "hourly_wage": 14.9,
                "staff": [{"start": "09:00", "hours": 8, "count": 1, "days": weekdays}],
                "handle_time": "10min",
                "target": {"answer_within": "24h", "service_level": 0.9},
            },
        ],
    }
)
results = sd.evaluate(chain)
results.summary()

# %% [markdown]
# The calibrated front line reproduces the log: the model's contacts per week equal the log's
# average week (checked here against the calibrated demand).

# %%
week_contacts = sum(sum(c.per_interval) for c in front.demand.channels)
assert math.isclose(results.value("customers"), week_contacts, rel_tol=1e-9)
print(f"{week_contacts:,.0f} contacts in an average week")

# %% [markdown]
# ## 3. Flows through the chain

# %%
sankey(chain, results)

# %% [markdown]
# ## 4. The bottleneck
# The stage whose staff are busiest (highest occupancy) limits the flow.

# %%
stage, load = bottleneck(results)
assert math.isclose(load.loc[stage, "Occupancy (%)"], round(100 * results.value("occupancy", stage), 1))
print(f"Bottleneck: {stage}")
display(load)

# %%
blueprint(chain, results)

# %% [markdown]
# ## 5. Options
# Each option is a scenario override, so it is explicit and reproducible. The sizes are assumptions
# for the example, to be agreed with the client:
#
# - **empower the front line**: agents resolve half of what they now escalate;
# - **add a self-service channel**: 15% of contacts are served online instead (demand × 0.85);
# - **restrict eligibility**: 10% of contacts are no longer eligible for the service (demand × 0.9);
# - **hire one agent**: one more full-time person on the front line (spread over its staffed hours,
#   as every staff change in svcdesign is counted in people);
# - **cover with overtime**: the same hours worked by the current team as overtime, paid at time and a
#   half (the assumptions table's `costs.overtime_premium`): the same service as hiring, at a higher
#   hourly cost for the extra hours — the front line's average hourly wage rises accordingly.

# %%
agents = front.stage_names[0]
hire = chain.with_staff_change({agents: 1}, name="hire one agent")
# overtime: the extra hours cost (1 + premium) × the wage; the stage's average wage carries that cost
premium = sd.load_assumptions().with_overrides(chain.assumptions).value("costs.overtime_premium")
hours_now, hours_more = (sd.evaluate(s).value("staff_hours", agents) for s in (chain, hire))
wage = chain.stage(agents).hourly_wage
overtime_wage = wage * (hours_now + (1 + premium) * (hours_more - hours_now)) / hours_more
options = {
    "empower the front line": chain.with_overrides(
        {f"stages.{agents}.routing.escalate.specialists": 0.075}, name="empower the front line"
    ),
    "add a self-service channel": chain.with_overrides({"demand.scale": 0.85}, name="add a self-service channel"),
    "restrict eligibility": chain.with_overrides({"demand.scale": 0.9}, name="restrict eligibility"),
    "hire one agent": hire,
    "cover with overtime": hire.with_overrides(
        {f"stages.{agents}.hourly_wage": overtime_wage}, name="cover with overtime"
    ),
}
comparison = compare(chain, *tqdm(options.values(), desc="Options"))
# options as columns, outcomes as rows: the table fits the notebook's width (+ 0.0: no "-0")
display(comparison.table.drop(columns="Role").T.round(2) + 0.0)
display(comparison.net_effect.round(2) + 0.0)
# what the money counts: the calibrated segments carry no customer value, so only staff cost moves, and
# an option that keeps the staff has no probability of paying (NaN), not 0 %
for note in comparison.notes:
    print("-", note)

# %%
comparison_figure(comparison)

# %% [markdown]
# ## 6. The report for the client
# One HTML file with plotly.js embedded, so it opens offline. It reads like a consultant's note: the
# findings first (each option's net effect with its range and break-even), the options in words, the
# figures, then the method, wages, sources and the assumptions that drive the money in a short
# appendix. It is written to `output/` beside this notebook: open it from JupyterLab's file browser
# (right-click → Open in New Browser Tab) or send it to the client.

# %%
folder = Path("output")
folder.mkdir(exist_ok=True)
path = report(
    chain,
    folder / "client_report.html",
    options=options,
    title="Contact centre review",
    intro="Front line calibrated from the client's contact log; the rest of the chain and the option "
    "sizes are assumptions to be confirmed.",
    descriptions={
        "empower the front line": "Agents resolve half of what they now escalate to the specialists.",
        "add a self-service channel": "15% of contacts are served online instead.",
        "restrict eligibility": "10% of contacts are no longer eligible for the service.",
        "hire one agent": "One more full-time person on the front line, spread over its staffed hours.",
        "cover with overtime": "The current team works the same extra hours as overtime, at time and a half.",
    },
    extra={"Calibration from the contact log": calibration.report},
)
text = path.read_text(encoding="utf-8")
assert '<script src="http' not in text and text.count("Plotly.newPlot(") >= 4  # offline: plotly.js inline
print(f"{path} — {path.stat().st_size / 1e6:.1f} MB")
