# %% [markdown]
# # 3.7 Competitive advantage
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can explain how keeping promises, informing
# customers and good service create competitive advantage through retention and word of mouth, and weigh what staff
# cost against the revenue that poor service puts at risk.
#
# **Source.** Source document 002 (NVQ unit F3, *Demonstrate understanding of customer service*), question 3.7 — a
# candidate's answer from a UK council's adult social care service. Figures from the other source documents are
# practitioner claims and are labelled so.

# %%
from svcdesign import course

lesson = course.lesson("3.7")

# %% [markdown]
# ## 1. The idea
#
# The candidate: **keep promises and deadlines, offer choice, keep customers informed, ask for feedback; satisfied
# customers tell others — word of mouth is the best marketing.** Source document 003: keeping customers costs less
# than acquiring new ones.
#
# The model is the bank example with `svcdesign.response.assess`: bad experiences make customers leave (churn),
# promoters bring new customers and detractors deter them (word of mouth), and the customers lost are revenue at
# risk. Churn follows a published survey (PwC 2018) unless you tick **practitioner_claims**, which uses source
# document 003's figures (printed below with its source and kind: a claim is not a measured result).

# %%
print(lesson.CLAIMS)

# %% [markdown]
# ## 2. Experiment
#
# Money panels are per year; satisfaction and NPS are averages over all customers.

# %%
course.explore(lesson.experiment, representative_change=(-2, 5, 1), practitioner_claims=bool)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 5000
lesson.a.check(answer)

# %%
answer = None  # e.g. 5
lesson.b.check(answer)

# %%
answer = None  # e.g. 500
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
