# %% [markdown]
# # Staffing what-ifs in a notebook
#
# The staffing explorer below is the same one the no-code dashboard shows (`make dashboard` serves it as a
# web page). Start from one of the example services, then change the staff at each stage (people added
# or removed, spread over the rota), demand growth and the size of peaks, handle time, how much the
# front line escalates (an empowered front line resolves more at the first contact), customer patience
# and the weekly budget; "What the levers mean" under the controls says each in plain words.
#
# The tabs show service level and abandonment across the week, satisfaction and churn per customer
# segment, staff cost against savings, and what the staff change does over the next 12 months. The
# status line above the read-outs names every stage that misses its targets, is overloaded or has
# nobody on duty, and when. Every number comes from svcdesign's models: the Erlang A queueing engine,
# the customer experience and loyalty models and the Oliva & Sterman service-quality dynamics, with
# their documented assumptions. Saved what-ifs go to `what-ifs/` beside this notebook.

# %%
import math

from IPython.display import display

import svcdesign as sd
from svcdesign.present import StaffingExplorer

explorer = StaffingExplorer("bank")
display(explorer)

# %% [markdown]
# ## For notebook users: the read-outs are the model's numbers
# The explorer can also be driven from code (`explorer.set(...)`). This cell checks that a read-out
# equals the analytic engine's figure for the same what-if, then puts the controls back.

# %%
explorer.set(staff={"representative": -2}, growth=10)
what_if = sd.load_example("bank").with_staff_change({"representative": -2}).with_overrides({"demand.scale": 1.1})
expected = sd.evaluate(what_if, staffing=False)
assert math.isclose(
    explorer.kpi_value("service_level"), expected.value("service_level", "representative"), rel_tol=1e-9
)
assert math.isclose(explorer.kpi_value("p_abandon_any"), expected.value("p_abandon_any"), rel_tol=1e-9)
explorer.set(staff={"representative": 0}, growth=0)
assert explorer.variant() == sd.load_example("bank")
