# %% [markdown]
# # Next quarter's demand and the staff it needs
#
# A roster is planned weeks ahead, against calls that have not arrived yet. This notebook starts from a
# call centre's own history, forecasts the next thirteen weeks hour by hour with honest prediction
# intervals, checks how good such forecasts have been, and turns a forecast week into staff: what it costs
# to staff for the expected calls, or for a busier week than expected, and what that cover buys.
#
# The history is the **Anonymous Bank** (an Israeli bank's call centre, Brown et al. 2005, *JASA*
# 100(469)): every call per hour from 1 January to 30 November 1999, shipped with svcdesign as a derived
# aggregate (`svcdesign.datasets.bank_calls_per_hour`; the raw files are not shipped). To use your own
# centre, give `DemandHistory.from_log` your contact log, or `DemandHistory.from_counts` a table of counts.
#
# The steps: **history → forecast → how good were past forecasts → holidays → one week into the bank
# scenario → staff for the mean or for the 80th percentile → the cost of the cover.**

# %%
import pandas as pd
from IPython.display import display

import svcdesign as sd
from svcdesign.calendars import days_before, event_dates, public_holidays
from svcdesign.datasets import anonymous_bank_summary, bank_calls_per_hour
from svcdesign.explore import compare_cover, cover_for_forecast
from svcdesign.forecast import DemandHistory, backtest_forecast, forecast_demand, to_scenario
from svcdesign.present import StaffingExplorer, cover_figure, forecast_errors_figure, forecast_figure

COUNTRY = "IL"  # public holidays of Israel, from the `holidays` package

# %% [markdown]
# ## 1. The history
# One row per hour of every day the source has. Two days, 11 and 12 January 1999, are missing from the
# source: they stay missing (never zeros) and the models skip them.

# %%
calls = bank_calls_per_hour()
history = DemandHistory.from_counts(calls, count="calls")
print(history)
for warning in history.warnings:
    print("note:", warning)

daily = history.daily_totals()
by_weekday = (
    daily.groupby(daily.index.day_name())
    .mean()
    .reindex(["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"])
)
by_weekday.round(0).rename("mean calls per day").to_frame()

# %% [markdown]
# An Israeli week: Sunday to Thursday are working days, Friday is short and Saturday nearly closed.

# %% [markdown]
# ## 2. Forecast the next thirteen weeks, hour by hour
# The model (`daily_sarimax`) forecasts each day's total calls — weekly pattern, trend and Israel's public
# holidays — and splits the day into hours by the recent shape of that weekday. Its prediction intervals
# say how far the calls of an hour may stray from the expected number: the **80% band** should hold
# about four hours in five, the **95% band** nineteen in twenty.

# %%
forecast = forecast_demand(history, 13 * 7, country=COUNTRY, interval_minutes=60)
print(forecast.summary_text())
forecast_figure(forecast, history, tail_days=21)

# %% [markdown]
# ## 3. How good have such forecasts been?
# A rolling-origin backtest: stand at a past date, forecast with only the history up to it, and compare
# with what happened 1 day, 1 week and 4 weeks later. Four origins keep it quick here; the fuller
# evaluation (twelve origins, several interval lengths) is in `benchmarks/RESULTS.md`.
#
# - **MASE** is the error divided by the in-sample error of the rule "same hour last week" over the
#   whole history, holidays included (Hyndman & Koehler 2006), so even that rule scores below 1 here:
#   compare each method with the `seasonal_naive` row, which makes its forecasts on the same held-out hours.
# - **Coverage** is the share of held-out hours that fell inside each prediction interval; close to 80%
#   and 95% means the bands can be trusted.

# %%
errors = backtest_forecast(
    history, n_origins=4, spacing_days=14, horizons=(1, 7, 28), interval_lengths=[60], country=COUNTRY
)
shown = errors[["method", "horizon_days", "mae", "mase", "coverage_80", "coverage_95"]]
display(shown.round(3))
forecast_errors_figure(errors)

# %% [markdown]
# ## 4. Holidays
# Each public holiday of Israel in 1999 against a normal day of the same weekday (the median of the same
# weekday one and two weeks before and after). The daily model fits one multiplier for all holidays.

# %%
rows = []
for day, name in public_holidays(COUNTRY, [1999]).items():
    stamp = pd.Timestamp(day)
    if stamp not in daily.index:
        continue
    usual = daily.reindex([stamp + pd.Timedelta(days=7 * k) for k in (-2, -1, 1, 2)]).median()
    rows.append(
        {
            "date": f"{stamp:%a %d %b}",
            "holiday": name,
            "calls": daily[stamp],
            "usual": usual,
            "ratio": daily[stamp] / usual,
        }
    )
holiday_table = pd.DataFrame(rows)
display(holiday_table.round(2))
print([w for w in forecast.warnings if w.startswith("calendar effects")])

# %% [markdown]
# Pesach (from 1 April), Rosh Hashanah and Yom Kippur (20 September) are the days to look at: the
# bank takes few calls on them. Rosh Hashanah 1999 fell on a Saturday and Sunday, so only its Sunday
# says much.
#
# **Nowruz and Ramadan.** The source documents name the Persian new year and Ramadan as the peaks of
# the year. `svcdesign.calendars` gives their dates in any year — below for 1999 and 2000 — and
# `forecast_demand(..., events=["nowruz"])` makes them regressors whose effect is estimated from a
# centre's own history. This bank is Israeli: its customers do not keep Nowruz, and Ramadan is not a
# holiday of its calendar, so its data say nothing about those peaks and no effect is claimed here.

# %%
for year in (1999, 2000):
    nowruz = event_dates("nowruz", year)
    ramadan = event_dates("ramadan", year)
    print(
        f"{year}: Nowruz {nowruz[0]:%d %b} – {nowruz[-1]:%d %b}; Ramadan {ramadan[0]:%d %b} – {ramadan[-1]:%d %b}; "
        f"the ten days before Nowruz from {days_before('nowruz', year, 10)[0]:%d %b}"
    )

# %% [markdown]
# ## 5. One forecast week into the bank scenario
# The bank example (`svcdesign.model.examples`) describes the same centre's staff, handle times and
# patience. Three adjustments make it take the forecast:
#
# - its intervals become hours, the forecast's interval length (a 15-minute scenario would take each
#   hour's forecast spread evenly over its quarters; hours keep this notebook quick);
# - its illustrative Friday peak goes: the forecast carries the week's real pattern;
# - the forecast counts every call that entered the voice-response unit; the scenario's demand is the
#   calls that asked for an agent. The share is taken from the January log's aggregates shipped with
#   svcdesign (calls asking for an agent ÷ all calls in January) and applied as `demand.scale`.

# %%
january = calls[calls["date"].dt.month == 1]["calls"].sum()
asking = anonymous_bank_summary().arrivals["calls"].sum()
share = asking / january
print(f"January 1999: {asking:,} of {january:,} calls asked for an agent ({share:.1%})")

bank = sd.load_example("bank").with_overrides(
    {"demand.interval_minutes": 60, "demand.peaks": [], "demand.scale": share}
)
WEEK = forecast.days[(forecast.days.day_of_week == 0) & (forecast.days >= "2000-01-01")][0]
print(f"planning the week from Monday {WEEK:%d %B %Y}")
week = to_scenario(forecast, bank, WEEK)
print(f"expected calls that week: {sum(week.demand.channels[0].per_interval) * share:,.0f}")

# %% [markdown]
# ## 6. Staff for the mean, or for the 80th percentile?
# "Staff for the 80th percentile" means: plan so that the service targets are met if each hour's calls
# come in at the forecast's 80th percentile. For each choice the staffing optimiser finds the fewest
# agents hour by hour that meet the bank's targets; then each plan is tried against demand at the mean,
# the 80th and the 95th percentile. Rows: what the plan was staffed for; columns: the demand that came.
#
# Cover is per hour: a week in which every hour reaches its own 80th percentile at once is much rarer
# than one week in five, so the 80th-percentile plan is more cautious than its name suggests.

# %%
cover = cover_for_forecast(bank, forecast, WEEK, quantiles=(None, 0.8, 0.95))
table = cover.table.assign(
    service_level=lambda t: (100 * t["service_level"]).round(1),
    p_abandon_any=lambda t: (100 * t["p_abandon_any"]).round(1),
).round({"contacts": 0, "paid_hours": 0, "fte": 1, "staff_cost": 0, "asa": 1})
display(table)
for note in cover.notes:
    print("note:", note)
cover_figure(cover)

# %% [markdown]
# ## 7. The cost of the cover
# The two plans side by side when the calls come in at the 80th percentile, through `svcdesign.compare`:
# what the extra staff cost, and the service, abandonment and customers they protect (the customer
# model's satisfaction, churn and revenue effect over a year).

# %%
comparison = compare_cover(cover, (None, 0.8), demand_at=0.8)
display(comparison.table.T)
for note in comparison.notes:  # what the figures count, and any stage that cannot keep up (infinite waits)
    print("note:", note)
mean_plan = cover.table.query("staffed_for == 'mean' and demand_at == 'mean'").iloc[0]
cautious = cover.table.query("staffed_for == '80th percentile' and demand_at == '80th percentile'").iloc[0]
print(
    f"Staffing for the 80th percentile costs {cautious['staff_cost'] - mean_plan['staff_cost']:,.0f} "
    f"{cover.currency} a week more ({cautious['fte'] - mean_plan['fte']:+.1f} FTE)."
)

# %% [markdown]
# The same choice in the staffing explorer: given the forecast, it adds a **Demand from** control (the
# scenario, or the forecast's mean, 80th or 95th percentile) and a **Forecast week** to its other levers
# (see [02_staffing_explorer](02_staffing_explorer.ipynb)). The demand chosen is the starting position
# every lever moves from, so the headline's net effect counts only your changes. Choose "forecast 80th
# percentile", then take a person off the phones.

# %%
StaffingExplorer(bank, forecast=forecast)
