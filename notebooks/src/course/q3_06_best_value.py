# %% [markdown]
# # 3.6 Best value in the public sector
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can explain best value as economy,
# efficiency and effectiveness together, calculate the cost per resolved case, and show why the cheapest staffing is
# rarely the best value.
#
# **Source.** Source document 002 (NVQ unit F3, *Demonstrate understanding of customer service*), question 3.6 — a
# candidate's answer from a UK council's adult social care service. Figures from the other source documents are
# practitioner claims and are labelled so.

# %%
from svcdesign import course

lesson = course.lesson("3.6")

# %% [markdown]
# ## 1. The idea
#
# The candidate: best value means **professionalism, empathy and sensitivity to diverse cultures — every referral is
# different**. English councils have a legal duty of best value (Local Government Act 1999, section 3): continuous
# improvement *having regard to a combination of economy, efficiency and effectiveness*.
#
# - **Economy**: what the service costs (staff cost a week).
# - **Efficiency**: what it costs per result (staff cost per issue resolved).
# - **Effectiveness**: what clients get (calls answered quickly, time to resolution, satisfaction).

# %% [markdown]
# ## 2. Experiment
#
# Staff changes are in people: full-time equivalents of the council's contract hours, spread over each team's shifts
# (0.5 is a part-time post; the figure's title gives the paid hours a week). As you add people at the front door,
# watch the time to resolution too: what happens further down the chain?

# %%
course.explore(lesson.experiment, **lesson.SLIDERS)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 50
lesson.a.check(answer)

# %%
answer = None  # e.g. 1
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
