# %% [markdown]
# # Validation: does the model reproduce what a contact log shows?
#
# Before you show a client what svcdesign predicts for *their* operation, check that the model
# reproduces *their* past. This notebook takes a contact log, reports which rows it could not use and
# why, calibrates a scenario from it (demand, staff, handle time, patience), then compares three
# predictions with the log hour by hour:
#
# - **Erlang A** (analytic engine): each hour treated as steady, callers abandon after an exponential
#   patience;
# - **Erlang C** (analytic engine): the same, but nobody abandons — the textbook model most staffing
#   tools use;
# - **the simulation engine**: the same scenario, simulated call by call, with queues carried from one
#   hour to the next.
#
# It uses the Anonymous Bank call-centre log of January 1999 (Brown et al. 2005, *JASA* 100(469)) when
# your machine has it in `../shared/data` beside the repository; otherwise it uses the small synthetic
# log bundled with svcdesign. To use your client's log, point `LOG` below at it (see
# `svcdesign.data.read_contact_log` for the columns it expects).

# %%
from pathlib import Path

import pandas as pd
import plotly.express as px

import svcdesign as sd
from svcdesign.data import on_duty
from svcdesign.datasets import example_contact_log_path
from svcdesign.explore import compare_backtests
from svcdesign.present import backtest_figure, patience_figure

# %% [markdown]
# ## 1. Which log?
# The shared January log is looked for relative to the repository root (the folder holding
# `pyproject.toml`, found from this notebook's folder). The raw log is never copied into the
# repository: its redistribution terms are unconfirmed.

# %%
here = Path.cwd().resolve()
root = next((p for p in [here, *here.parents] if (p / "pyproject.toml").is_file()), here)
JANUARY = root.parent / "shared" / "data" / "anonymous_bank_1999" / "january_1999.txt"

if JANUARY.is_file():
    LOG, SCHEMA = JANUARY, "anonymous-bank"
    print(f"Using the Anonymous Bank log, January 1999: {JANUARY}")
else:
    LOG, SCHEMA = example_contact_log_path(), "generic"
    print(
        "The Anonymous Bank log is not on this machine (expected at ../shared/data beside the repository).\n"
        f"Using the bundled SYNTHETIC example log instead: {LOG}\n"
        "Its figures illustrate the method only; they say nothing about a real contact centre."
    )

# %% [markdown]
# ## 2. Read and validate the log
# Every row is checked. Rows that cannot be used are *excluded*, each with its line number and the
# reason, and counted here — nothing is dropped silently. "Kept" rows are counted by outcome.

# %%
log = sd.read_contact_log(LOG, schema=SCHEMA)
print(f"{log.rows_read:,} rows read, {len(log.data):,} kept, {len(log.excluded):,} excluded")
log.validation_report()

# %% [markdown]
# The first excluded rows, with the line of the file they came from and why:

# %%
log.excluded[["line", "reason"]].head(8)

# %%
for warning in log.warnings:
    print("note:", warning)

# %% [markdown]
# ## 3. Calibrate
# `calibrate` estimates a one-stage scenario from the contacts that asked for an agent: arrivals per
# weekday and hour (mean over the days observed), the staff each hour (from the agents' own records;
# by default the agents *available*: while a call waits, only the agents serving; otherwise the agents
# on shift — section 6 below), the handle-time distribution and the customers' patience.

# %%
scenario, report = sd.calibrate(log, 60)
print(report.to_text())

# %% [markdown]
# ### Patience: why the naive estimate is wrong
# Only callers who gave up show their patience; everyone who was answered would have waited *at
# least* as long as they did. Averaging the abandoners' waits ignores those censored observations and
# badly underestimates patience. The Kaplan–Meier curve and the exponential-hazard estimate use them
# (Brown et al. 2005). The scenario uses the exponential estimate, which Erlang A assumes.

# %%
report.patience[["value_s", "lower_s", "upper_s", "abandonments", "customers", "used"]].round(1)

# %%
naive = report.patience.loc["naive mean of abandoners' waits (biased, not used)", "value_s"]
mle = report.patience.loc["exponential hazard MLE (censored)", "value_s"]
print(
    f"Naive mean patience {naive:.0f} s vs censoring-aware estimate {mle:.0f} s: "
    f"the naive figure is {mle / naive:.1f} times too small."
)
patience_figure(report)

# %% [markdown]
# ### Handle time
# Lognormal and exponential fits by maximum likelihood; the one with the smaller
# Kolmogorov–Smirnov distance is used. The "sample" row is the data itself.

# %%
report.handle_time[["mean_s", "cv", "ks_statistic", "aic", "n", "chosen"]].round(3)

# %%
answered = log.contacts[(log.contacts["outcome"] == "answered") & (log.contacts["handle"] > 0)]
px.histogram(
    answered,
    x="handle",
    nbins=120,
    range_x=[0, 1800],
    template="plotly_white",
    title=f"Handle times of answered contacts (chosen fit: {report.handle_time_choice})",
    labels={"handle": "Handle time (s)"},
)

# %% [markdown]
# ## 4. Backtest hour by hour
# The calibrated scenario is evaluated three ways and compared with the log for every hour of the
# week in which the log has calls. The simulation runs a moderate number of replications with a fixed
# seed, so this notebook gives the same figures every time it runs; raise `REPLICATIONS` for a client
# report. Note two things the simulation does differently: it puts *whole* agents on the phones
# (the hourly staff estimate rounded), and it carries the queue from one hour into the next.

# %%
REPLICATIONS, SEED = 100, 1
erlang_c_scenario = scenario.with_overrides({"stages.agents.patience": None}, name="no abandonment")
erlang_a = sd.backtest(scenario, log, label="Erlang A (analytic)")
erlang_c = sd.backtest(erlang_c_scenario, log, label="Erlang C (analytic)")
simulation = sd.backtest(
    scenario,
    log,
    engine="simulation",
    label=f"Simulation ({REPLICATIONS} replications)",
    options={"replications": REPLICATIONS, "seed": SEED},
)
backtest_figure(erlang_a, erlang_c, simulation)

# %% [markdown]
# ### The error table
# Mean absolute error per hour (`mae`: every hour counts once; `weighted_mae`: hours weighted by
# their calls, so busy hours count more) and the mean signed error (`bias` = predicted − observed).
# Shares are shown in percentage points, waits in seconds. Where Erlang C has no steady state (more
# work than agents) its wait is infinite: those hours are counted in `infinite` and left out of its
# wait error.

# %%
errors = compare_backtests([erlang_a, erlang_c, simulation]).drop(index="arrivals", level="metric").copy()
shares = errors.index.get_level_values("metric").isin(["service_level", "p_abandon"])
errors.loc[shares, ["mae", "weighted_mae", "bias"]] *= 100
errors.round(1)

# %% [markdown]
# ### Hour by hour
# The ten busiest hours of the week, by mean arrivals per observed day (the test period holds unequal
# numbers of each weekday, so totals would favour the days seen most often): observed against each
# prediction (service level and abandonment in %, waits in seconds); `contacts` is the hour's total.

# %%
columns = {"service_level": 100, "p_abandon": 100, "asa": 1}
busiest = erlang_a.intervals.nlargest(10, "observed_arrivals")[["period", "label", "observed_arrivals", "contacts"]]
busiest = busiest.set_index("period").rename(columns={"observed_arrivals": "arrivals per day"})
for metric, factor in columns.items():
    busiest[f"observed {metric}"] = erlang_a.intervals.set_index("period")[f"observed_{metric}"] * factor
    for b in (erlang_a, erlang_c, simulation):
        busiest[f"{b.label.split(' (')[0]} {metric}"] = b.intervals.set_index("period")[f"predicted_{metric}"] * factor
busiest.round(1)

# %% [markdown]
# ## 5. How to read this
# - This is an **in-sample** check: the scenario was calibrated on the same log, so it tests whether
#   the *model form* fits, not whether it forecasts next month. For a forecast test, calibrate on one
#   period and backtest on a later one.
# - **Erlang C predicts no abandonment** and, where the hour has more work than agents, an infinite
#   wait; the real centre coped because callers gave up. Erlang A (and the simulation, which uses the
#   same patience) capture that.
# - **The staff estimate matters most.** A log shows who served calls, not who was on shift; the
#   estimate used here (the default, "available") is documented in `svcdesign.data.calibrate`
#   (`staffing=`), and `benchmarks/RESULTS.md` shows how the errors move with other estimates.
# - **Quiet hours** (a few calls in the whole log) weigh as much as busy ones in `mae`; read
#   `weighted_mae` for the hours that matter. In hours whose staff estimate is below half an agent the
#   simulation has nobody on the phones (whole agents), while Erlang A works with the fraction.
# - The simulation's figures carry sampling noise (95% intervals in `sd.simulate(...)` results), and
#   its predicted arrivals are simulated counts, so its arrival error is not zero.

# %% [markdown]
# ## 6. Out of sample: calibrate on one half, predict every hour of the other
# The in-sample check above tests the model form. A forecast test calibrates on one period only and
# predicts another: `sd.backtest(log, train=(start, end), test=(start, end))` calibrates on the
# training dates, then predicts every hour of every real date of the test period from that hour's
# **observed arrivals and staff on duty** (the standard setting: it tests the queueing model, not a
# demand forecast), and again with the staff the calibrated scenario plans (the training period's mean
# per weekday and hour). The baseline is *seasonal naive*: the training period's figure for the same
# weekday and hour. Skill = 1 − the model's error ÷ the baseline's (positive: better than the baseline).
#
# Both halves are predicted, each from the other: a result that holds only one way round is not a result.

# %%
if SCHEMA == "anonymous-bank":
    HALVES = [("1999-01-01", "1999-01-15"), ("1999-01-16", "1999-01-31")]
else:
    HALVES = [("2024-01-01", "2024-01-07"), ("2024-01-08", "2024-01-13")]
held_out = [sd.backtest(log, train=train, test=test) for train, test in (HALVES, HALVES[::-1])]
table = pd.concat({f"{b.train[0]}..{b.train[1]} → {b.test[0]}..{b.test[1]}": b.errors for b in held_out})
columns = ["busy_mae", "queue_floor", "hourly_mae", "hourly_floor", "weighted_mae", "bias", "skill", "busy_cells"]
shown = table[columns].copy()
shares = shown.index.get_level_values("metric") != "asa"
shown.loc[shares, ["busy_mae", "queue_floor", "hourly_mae", "hourly_floor", "weighted_mae", "bias"]] *= 100
shown.round(2)

# %% [markdown]
# `busy_mae` counts every date-hour with at least 20 calls once; `weighted_mae` weighs all date-hours
# by their calls. `queue_floor` is the error a perfect model would still make per busy date-hour: the
# queue's own hour-to-hour spread, simulated with each date-hour's observed arrivals and staff (the calls
# of one hour share one queue, so an hour is a small, correlated sample). On the bank it is about 11
# points of service level: the model's distance from it, not from zero, is what can still be improved.
# `hourly_mae` pools the test dates per hour of the day (the call-weighted prediction against the pooled
# observation, over hours with at least 20 calls a day on average); most of the noise averages out
# (`hourly_floor`) and what remains is the model's systematic error. The figure shows, per hour of
# the day, the observed figure pooled over the test dates, each prediction, and a band of ± its mean
# absolute error over the dates.

# %%
backtest_figure(held_out[0])

# %% [markdown]
# ### Staff on duty: how uncertain is it?
# The log shows who served calls, not who was on shift. `sd.data.on_duty` reconstructs the staff on duty
# of every date and hour from each agent's activity. Its default, the same in `calibrate`, the backtests
# and the command line, is **available**: while some call waits in the queue, only the agents serving
# count (a free agent would have taken the call, so an agent idle then is on a break, in after-call work
# or doing other work); while none waits, the agents on shift (first to last call, gaps up to 15
# minutes). It reads the hour's own queue, so it is the staff *observed* that hour, not a forecast: a
# plan still needs the share of its agents' time that is available. It was chosen by out-of-sample
# skill (`benchmarks/RESULTS.md`). Beside it, a lower reconstruction (presence: an agent counted only
# while serving or idle up to 10 minutes between calls, the former default) and an upper one (an
# agent's shift from first to last call, broken only by 30 minutes without a call). The predictions
# `staff lower` and `staff upper` above show how far that range moves the forecast. A client's roster
# replaces the reconstruction: `sd.data.roster_on_duty`.

# %%
staff = on_duty(log, 60)  # the default: method="available"
presence = on_duty(log, 60, method="presence")
busiest_day = staff.staff.sum(axis=1).idxmax()
pd.DataFrame(
    {
        "lower": staff.lower.loc[busiest_day],
        "presence": presence.staff.loc[busiest_day],
        f"{staff.method} (default)": staff.staff.loc[busiest_day],
        "upper": staff.upper.loc[busiest_day],
    }
).T.round(1)
