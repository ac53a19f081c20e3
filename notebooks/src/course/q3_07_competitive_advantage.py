# %% [markdown]
# # 3.7 Competitive advantage
#
# **Learning goal.** By the end of this notebook (about 20 minutes) you can explain how keeping promises, informing
# customers and good service create competitive advantage through retention and word of mouth; weigh what staff
# cost against the customers that poor service loses; and say what a manager must believe — and on what evidence —
# for more staff to pay.
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
# How much is keeping customers worth? The model is the bank example. A contact that ends **unresolved** (the
# caller gives up and does not get through later, or is never served) is a bad experience, and bad experiences make
# some customers leave. A customer who leaves takes their **lifetime margin** with them: that is the *customer
# cost*. More representatives cost wages and leave fewer contacts unresolved.
#
# How many customers leave after a bad experience is the uncertain link, and there are three kinds of evidence
# for it (printed below, each with its kind and source):
#
# - **revealed behaviour** (the default): what customers were seen to do after a service failure, in published
#   studies — a small relative rise in their chance of leaving;
# - **survey intention**: what customers *say* they would do (PwC 2018) — people do not do all they say, so this is
#   an upper bound;
# - **practitioner claim**: source document 003's figures, not a measured result.

# %%
for kind, figure in lesson.EVIDENCE.items():
    print(f"{kind}: {figure}\n")

# %% [markdown]
# ## 2. Experiment
#
# `svcdesign.compare` weighs each staffing of the representatives against today over a year: its **net effect**
# is the wages saved minus the customer cost added (positive = better for the bank's money). The central line uses
# the assumptions table's values; *low* and *high* are the 5% and 95% points over the plausible ranges of the
# customer response, and the title says in how many plausible cases the change pays and what you would have to
# believe for it to pay (its break-even).
#
# **Representatives added (people)** adds (+) or removes (−) representatives, counted in people: full-time equivalents
# of the bank's contract hours, spread over the representatives' shifts. **Evidence of how customers respond** switches
# the customer response. Each kind of evidence is computed once, for the whole curve (a few seconds the first time);
# `lesson.year(evidence)` gives the same figures as a table.

# %%
course.explore(lesson.experiment, **lesson.SLIDERS)

# %% [markdown]
# The second experiment shows one typical week at the chosen staffing: customers lost in the week (revealed
# behaviour), satisfaction, the net promoter score and net word of mouth. Word of mouth rests on two modelling
# choices (below) and is not counted in the money.

# %%
for figure in lesson.WORD_OF_MOUTH:
    print(figure)

# %%
course.explore(lesson.customers, **lesson.CUSTOMER_SLIDERS)

# %% [markdown]
# ## 3. Exercises
#
# Replace `None` with your answer and run the cell. The feedback tells you whether the answer is right and, if not,
# why and where to look. The expected answers are computed by the model when you check, not written down anywhere
# in this notebook.

# %%
answer = None  # e.g. 500
lesson.a.check(answer)

# %%
answer = None  # e.g. 10
lesson.b.check(answer)

# %%
answer = None  # e.g. 25
lesson.c.check(answer)

# %%
answer = None  # e.g. 500
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
