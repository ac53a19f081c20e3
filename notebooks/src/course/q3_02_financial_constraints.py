# %% [markdown]
# # 3.2 Working within financial and resource constraints
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can trace, month by month, why cutting
# front-line staff to save money can end up costing the public purse far more than it saves — and name the figures
# and assumptions a decision to cut should rest on.
#
# **Source.** Source document 002 (NVQ unit F3, *Demonstrate understanding of customer service*), question 3.2 — a
# candidate's answer from a UK council's adult social care service. Every figure below is computed by the model from
# a published estimate, a modelling choice or the council example, and says which.

# %%
from svcdesign import course

lesson = course.lesson("3.2")

# %% [markdown]
# ## 1. The idea
#
# The candidate's organisation **first cut staff numbers and salaries to save money; this proved fatal to
# social-work practice because there were not enough staff to handle the referrals arriving every week and month.**
# It then looked for where money was really lost and now works with partners to keep quality with lower spend.
#
# svcdesign's dynamics engine tells that story (`svcdesign.engines.dynamics.staff_cut_story`), after Oliva & Sterman
# (2001), *Cutting corners and working overtime: quality erosion in the service industry*. A cut saves wages at
# once; then the remaining social workers work overtime, referrals pile up, clients wait longer for their
# assessment and a few more cases fail.
#
# A council is a public service: its clients cannot go elsewhere, so a cut loses no revenue. It costs the public
# purse instead — the **cost of failure**: every extra failed case (crisis care, readmission, re-referral) and every
# extra day a client leaving hospital waits in a hospital bed for their assessment. The two unit costs are published
# estimates with a plausible range; the sliders move them within it. Here they are, with their kind of evidence:

# %%
for text in lesson.UNIT_COSTS:
    print(text, end="\n\n")

# %% [markdown]
# ## 2. Experiment
#
# Left: green bars while the cut is still ahead, red once it has cost more than it saved, and the wages it saves
# (the green line). Right: why — the assessment backlog and the time the team would take to clear it (what that
# measures, and why it is not the mean wait of lessons 3.1, 3.3 and 3.5, below). `lesson.monthly(lesson.story())`
# gives the table month by month.

# %%
print(lesson.clearing_note())

# %%
course.explore(lesson.experiment, **lesson.SLIDERS)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 100000
lesson.a.check(answer)

# %%
answer = None  # e.g. -100000
lesson.b.check(answer)

# %%
answer = None  # e.g. 'b'
lesson.c.check(answer)

# %%
answer = None  # e.g. -100000
lesson.d.check(answer)

# %% [markdown]
# ## 4. Reflection
#
# Write a few sentences for your portfolio:

# %%
print(lesson.REFLECTION)

# %% [markdown]
# ---
# ### Self-test (for course maintainers — students can skip this cell)
# Checks that every exercise's model-computed answer passes its own check and that each typical mistake gets its
# own hint. It shows no answers.

# %%
course.self_test(lesson)
