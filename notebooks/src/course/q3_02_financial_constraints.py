# %% [markdown]
# # 3.2 Working within financial and resource constraints
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can trace, month by month, why cutting
# front-line staff to save money can end up costing more than it saves — and name the figures and assumptions a
# decision to cut should rest on.
#
# **Source.** Source document 002 (NVQ unit F3, *Demonstrate understanding of customer service*), question 3.2 — a
# candidate's answer from a UK council's adult social care service. Figures from the other source documents are
# practitioner claims and are labelled so.

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
# once; then the backlog grows, staff work overtime and cut corners, the standard of work erodes, burnt-out staff
# leave, cases fail. A failed case has a cost too (crisis care, readmission, re-referral) — the **client value**
# slider.
#
# Churn follows a published survey (PwC 2018) unless you tick **practitioner_claims**, which uses source document
# 003's figures (printed below with its source and kind: a claim is not a measured result).

# %%
print(lesson.CLAIMS[0])

# %% [markdown]
# ## 2. Experiment
#
# Green bars: the cut is still ahead; red bars: it has cost more than it saved. The right panel shows why: the
# backlog and the quality of work. `lesson.monthly(lesson.story())` gives the table month by month.

# %%
course.explore(lesson.experiment, cut_share=(0.05, 0.30, 0.025), client_value=(0, 5000, 250), practitioner_claims=bool)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 12
lesson.a.check(answer)

# %%
answer = None  # e.g. -100000
lesson.b.check(answer)

# %%
answer = None  # e.g. 'b'
lesson.c.check(answer)

# %%
answer = None  # e.g. 10
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
