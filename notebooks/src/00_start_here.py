# %% [markdown]
# # Start here
#
# svcdesign helps you design customer-service operations: how many people to put where, what to
# promise, what to cut when money is short — and what each choice does to waits, abandonment,
# satisfaction, churn and cost. Open the notebook that fits you:
#
# | you are… | open | what you get |
# |---|---|---|
# | a **manager** | [02_staffing_explorer](02_staffing_explorer.ipynb) — or, without any code, `make dashboard` | sliders for staff, demand, handle time, front-line empowerment, patience and budget; service level, abandonment, satisfaction, churn, cost and the next 12 months update at once |
# | a **consultant** | [03_consultant_chain_analysis](03_consultant_chain_analysis.ipynb), then [04_service_design_views](04_service_design_views.ipynb) | a client's contact log calibrated into a model, the chain's flows and bottleneck, options compared, a self-contained HTML report to hand over |
# | a **student** | [01_quickstart](01_quickstart.ipynb), then [04_service_design_views](04_service_design_views.ipynb) | describe a service in a few lines and see the queueing; service blueprints and customer journeys with real numbers |
#
# Every number comes from a formula, from data or from a documented assumption with its source;
# the notebooks only call svcdesign's public API.
#
# The cell below checks that the notebooks named here are present and lists the example services.

# %%
from pathlib import Path

import svcdesign as sd

for name in ("01_quickstart", "02_staffing_explorer", "03_consultant_chain_analysis", "04_service_design_views"):
    assert Path(f"{name}.ipynb").is_file(), f"{name}.ipynb is missing"
sd.example_names()
