# %% [markdown]
# # 3.1 Meeting customers' expectations when money is short
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can explain how an organisation with very
# limited money can still meet the expectations of the people who need it most, by shifting demand (self-service)
# and deciding who is eligible — and see what each lever does to each part of the service.
#
# **Source.** Source document 002 (NVQ unit F3, *Demonstrate understanding of customer service*), question 3.1 — a
# candidate's answer from a UK council's adult social care service. Figures from the other source documents are
# practitioner claims and are labelled so.

# %%
from svcdesign import course

lesson = course.lesson("3.1")

# %% [markdown]
# ## 1. The idea
#
# The candidate's council works with police, fire, health, education and other councils, and its money is very
# limited. So it **encourages customers to do more themselves — even to assess themselves** — which lets it decide
# who is eligible and serve those in need.
#
# Two levers shift demand without new money:
# - **self-service**: callers complete an online self-assessment instead of phoning the front door;
# - **eligibility rules**: the front door passes fewer callers to a social worker's assessment (the rest get advice
#   and signposting).
#
# The model is the council example (`svcdesign.load_example("council_adult_social_care")`): a front door on the
# phone, social workers who assess, care provision and partner organisations. Its figures are illustrative; its
# structure follows source document 002.

# %% [markdown]
# ## 2. Experiment
#
# Move one slider at a time. The first bar in each panel is today; the second is your setting. Staff and money do
# not change.

# %%
course.explore(lesson.experiment, **lesson.SLIDERS)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 0.25
lesson.a.check(answer)

# %%
answer = None  # e.g. 12.5
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
