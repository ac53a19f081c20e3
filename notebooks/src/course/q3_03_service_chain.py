# %% [markdown]
# # 3.3 The service chain
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can describe the service chain from the
# organisation to managers, workers, clients and families; follow a referral through it; and explain why early
# intervention and every link's capacity matter to people who never see that link.
#
# **Source.** Source document 002 (NVQ unit F3, *Demonstrate understanding of customer service*), question 3.3 — a
# candidate's answer from a UK council's adult social care service. Figures from the other source documents are
# practitioner claims and are labelled so.

# %%
from svcdesign import course

lesson = course.lesson("3.3")

# %% [markdown]
# ## 1. The idea
#
# The candidate's chain includes **everyone from the organisation to managers, social workers, clients and their
# families**. A referral because a caring relative fell ill affects the client *and* the relatives; **when quality
# drops or slows, the organisation is held accountable**. Intervening early — home care, respite, extra-care
# housing, assistive technology — avoids crises such as a hospital admission.
#
# The Sankey diagram below follows a week of contacts through the council: first contacts on the left, the stages in
# the middle, where they end on the right (resolved, abandoned, back as a repeat). The table shows what each party
# in the chain notices.

# %% [markdown]
# ## 2. Experiment
#
# **Referrals that arrive as crises (%)** is the share of demand arriving as a crisis (discharge from hospital); crisis
# cases take longer and callers have less patience. **Social workers added at assessment (people)** adds (+) or removes
# (−) social workers, counted in people: full-time equivalents of the council's contract hours, spread over the team's
# shifts (0.5 is a part-time post; the diagram's title gives the paid hours a week). Hover over the diagram's links for
# the counts.

# %%
course.explore(lesson.experiment, **lesson.SLIDERS)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 15
lesson.a.check(answer)

# %%
answer = None  # e.g. 5
lesson.b.check(answer)

# %%
answer = None  # e.g. 'c'
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
