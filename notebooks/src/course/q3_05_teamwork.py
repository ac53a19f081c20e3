# %% [markdown]
# # 3.5 Teamwork
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can explain why customers see the
# organisation as one unit, and measure what lost hand-offs — cases nobody else can pick up when a colleague is away
# — cost a team working near its capacity.
#
# **Source.** Source document 002 (NVQ unit F3, *Demonstrate understanding of customer service*), question 3.5 — a
# candidate's answer from a UK council's adult social care service. Figures from the other source documents are
# practitioner claims and are labelled so.

# %%
from svcdesign import course

lesson = course.lesson("3.5")

# %% [markdown]
# ## 1. The idea
#
# The candidate compares teamwork to **tuning an instrument**: if a worker promised a reply within a week and then
# falls ill or leaves, **any colleague must be able to pick the case up — a central record of every contact is
# essential. Customers see the organisation as one unit.**
#
# In the model, a share of social workers is away at any time (the assumptions table's absence rate). A case whose
# worker is away when the reply is due, and that is not on the shared record, **stalls**: a week later the client
# chases and the team starts again. **Cases kept on the shared record (%)** is the share of cases on the
# shared record.

# %% [markdown]
# ## 2. Experiment
#
# A hatched bar labelled '∞ overloaded' means the team receives more work than it can do: its backlog grows week
# after week, and the option is marked "(overloaded)" in every panel.

# %%
course.explore(lesson.experiment, **lesson.SLIDERS)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 2
lesson.a.check(answer)

# %%
answer = None  # e.g. 10
lesson.b.check(answer)

# %%
answer = None  # e.g. 0.3
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
