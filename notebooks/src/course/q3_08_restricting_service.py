# %% [markdown]
# # 3.8 Restricting service to balance customer satisfaction and organisational goals
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can explain how and why an organisation
# restricts service, measure what a restriction buys (targets met within budget) and what it costs (people refused,
# pressure moved to partners).
#
# **Source.** Source document 002 (NVQ unit F3, *Demonstrate understanding of customer service*), question 3.8 — a
# candidate's answer from a UK council's adult social care service. Figures from the other source documents are
# practitioner claims and are labelled so.

# %%
from svcdesign import course

lesson = course.lesson("3.8")

# %% [markdown]
# ## 1. The idea
#
# The candidate's council has restricted services since late 2010: **strict assessment so that only genuinely
# eligible customers receive them**; a pattern (respite after hospital discharge → long respite → permanent
# residential care) was stopped with the hospital team; **high-cost care packages were reviewed**; **long-term
# health needs moved to health funding**.
#
# In the model, the budget removes care-provision staff. Assessment can **restrict** a share of the cases it would have
# passed to care provision; of those, a share (**Of those, moved to health funding**) go to partner organisations
# (health funding) and the rest are refused.

# %% [markdown]
# ## 2. Experiment
#
# The experiment starts with the exercises' budget cut applied and no restriction. **Care-provision staff added
# (people)** is the change at care provision, counted in people: full-time equivalents of the council's contract
# hours, spread over the team's shifts (the figure's title gives the paid hours a week). A hatched bar labelled
# '∞ overloaded' means care provision receives more work than it can do: its queue grows without limit, and the
# option is marked "(overloaded)" in every panel.

# %%
course.explore(lesson.experiment, **lesson.SLIDERS)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 0.05
lesson.a.check(answer)

# %%
answer = None  # e.g. 30
lesson.b.check(answer)

# %%
answer = None  # e.g. 'a'
lesson.c.check(answer)

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
