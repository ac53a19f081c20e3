# %% [markdown]
# # Start here
#
# svcdesign helps you design customer-service operations: how many people to put where, what to
# promise, what to cut when money is short — and what each choice does to waits, abandonment,
# satisfaction, churn and cost. Open the notebook that fits you:
#
# - **a manager**: [02_staffing_explorer](02_staffing_explorer.ipynb) — or, without any code, `make dashboard`.
#   You get sliders for staff, demand, handle time, front-line empowerment, patience and budget; service level,
#   abandonment, satisfaction, churn, cost and the next 12 months update at once.
#   To plan next quarter from your centre's own history: [06_forecast_and_staff](06_forecast_and_staff.ipynb) —
#   a demand forecast with prediction intervals, and what staffing for the 80th percentile costs.
#   For a multi-skill desk (phone, chat, email): [07_one_team_or_two](07_one_team_or_two.ipynb) — dedicated
#   teams or cross-trained agents, and how many chats an agent should hold.
# - **a consultant**: [03_consultant_chain_analysis](03_consultant_chain_analysis.ipynb), then
#   [05_validation](05_validation.ipynb) and [04_service_design_views](04_service_design_views.ipynb). You get a
#   client's contact log calibrated into a model, the chain's flows and bottleneck, options compared, a
#   self-contained HTML report to hand over; the models backtested against the log hour by hour.
# - **a student**: the course, [course/00_index](course/00_index.ipynb) — ten lessons, one per question 3.1–3.10 of
#   "Demonstrate understanding of customer service", with self-checking exercises (tutors:
#   [tutor/worked_answers](tutor/worked_answers.ipynb)). You get an experiment per question, exercises that explain
#   why an answer is wrong, a reflection prompt.
# - **writing Python**: [01_quickstart](01_quickstart.ipynb) — describe a service in a few lines, evaluate, plot,
#   save.
#
# Every number comes from a formula, from data or from a documented assumption with its source;
# the notebooks only call svcdesign's public API.
#
# The cell below checks that the notebooks named here are present and lists the example services.

# %%
from pathlib import Path

import svcdesign as sd

for name in (
    "01_quickstart",
    "02_staffing_explorer",
    "03_consultant_chain_analysis",
    "04_service_design_views",
    "05_validation",
    "06_forecast_and_staff",
    "07_one_team_or_two",
    "course/00_index",
    "tutor/worked_answers",
):
    assert Path(f"{name}.ipynb").is_file(), f"{name}.ipynb is missing"
sd.example_names()
