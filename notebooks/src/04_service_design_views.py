# %% [markdown]
# # Service-design views: blueprint, journey and flows
#
# Three classic service-design pictures drawn from any svcdesign scenario, with every number taken
# from the models rather than from sticky notes:
#
# - a **service blueprint** (Shostack 1984; Bitner, Ostrom & Morgan 2008): customer actions, the
#   front stage the customer sees, the back stage and the support processes, separated by the lines
#   of interaction, visibility and internal interaction — each step annotated with its wait,
#   abandonment, handle time and the share it escalates or transfers;
# - a **customer journey** per segment: the touchpoints in the order customers meet them, with the
#   experience model's score at each, so the moments that hurt satisfaction stand out;
# - the **flows** through the chain as a Sankey diagram.
#
# Change `NAME` to another example (`sd.example_names()`) or load your own scenario.

# %%
import math

import svcdesign as sd
from svcdesign.explore import chain_flows
from svcdesign.present import blueprint, journey, sankey
from svcdesign.response import assess

NAME = "bank"
scenario = sd.load_example(NAME)
results = sd.evaluate(scenario)
customers = assess(scenario, results)
sd.example_names()

# %% [markdown]
# ## 1. The service blueprint
# Red boxes are **fail points** (F): stages that miss their service-level or abandonment target.
# **W** marks a mean wait above the target answer time. Hover over a step for all its figures.

# %%
bp = blueprint(scenario, results)
bp.show()

# %% [markdown]
# The figures in the boxes are the engine's own: this cell checks each stage's wait and abandonment
# against `results.value(...)`.

# %%
for trace in bp.data:
    for stage, numbers in zip(trace.text or [], trace.customdata or [], strict=False):
        if stage in scenario.stage_names:
            assert math.isclose(numbers[0], results.value("asa", stage), rel_tol=1e-12)
            assert math.isclose(numbers[1], results.value("p_abandon", stage), rel_tol=1e-12)
print("blueprint figures match the engine")

# %% [markdown]
# ## 2. The customer journey
# One line per segment: the experience index (0–10, the weighted six pillars) at each touchpoint.
# A red triangle means the segment's experience there is worse than it expected. Bars: how many
# contacts reach the touchpoint per 100 customers of the segment.

# %%
journey(scenario, customers)

# %% [markdown]
# One segment in detail, against what it expected:

# %%
anxious = journey(scenario, customers, segment="anxious")
assert math.isclose(anxious.data[1].y[-1], customers.value("experience_index", segment="anxious"), rel_tol=1e-12)
anxious.show()

# %% [markdown]
# ## 3. Flows through the chain
# Where a week's contacts come from and where they go: resolved, escalated, transferred, abandoned,
# or back again as repeat contacts (failure demand).

# %%
sankey(scenario, results)

# %%
flows = chain_flows(scenario, results)
for i, stage in enumerate(flows.stages):
    assert math.isclose(flows.inflow[i], results.value("arrivals", stage), rel_tol=1e-3)
print(f"{flows.repeats.sum():,.0f} repeat contacts a week; {flows.abandoned.sum():,.0f} abandoned")
