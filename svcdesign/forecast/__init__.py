"""Forecasting demand from history, with prediction intervals that say counts are over-dispersed.

A layer below the engines and above :mod:`svcdesign.data`: it turns a history of arrivals into the
demand a scenario holds, and knows nothing of queues.

History
    :class:`DemandHistory` — counts of arrivals per interval over whole days, from a contact log or a
    table of counts, at any interval length that divides a day. Days the source lacks stay missing
    (NaN), never zeros; the models skip them.
Models (:data:`METHODS`)
    ``seasonal_naive`` — each interval as the same weekday-interval one week earlier (the benchmark of
    Hyndman & Koehler 2006 for MASE). ``weekly_profile`` — the mean of the last four weeks per
    weekday-interval. ``daily_sarimax`` — the structure of Brown et al. (2005, §4) and Weinberg, Brown &
    Stroud (2007) for call-centre arrivals: a day's total, times the share of each interval in a day of
    that weekday. The daily totals are forecast by statsmodels' SARIMAX on log(1 + total) with weekly
    seasonal differencing, ARMA(1, 1) and a seasonal MA(1) (the "airline" structure of Box & Jenkins),
    a constant (a linear trend in the level) and 0/1 regressors for public holidays (``holidays``) and
    named events (:mod:`svcdesign.calendars`); the shares per weekday are the ratio of sums over the
    last eight weeks, holidays left out.
Prediction intervals
    Given its mean μ, an interval's count is negative binomial, Var = μ + αμ² (Poisson when α = 0):
    arrivals are Poisson given the rate, and the rate itself varies from day to day (Brown et al. 2005;
    Jongbloed & Koole 2001). α is estimated by the method of moments from the model's in-sample errors;
    for ``daily_sarimax`` from the errors around each day's realised total times the intraday shares (the
    noise of the shares only, the day's level being forecast separately), scaled for the shares being
    estimated from those same days. For ``daily_sarimax`` the day's level is uncertain too, shared by the
    day's intervals: log(1 + total) is the state-space forecast mean plus its standard deviation (growing
    with the horizon) times an error resampled from the model's standardized in-sample one-step errors
    (bootstrapped residuals, not a normal draw: daily call totals are heavy-tailed, most days close and a
    few partial days far off); the interval's count is the mixture. Quantiles are per interval: the 80%
    interval of an interval is its 10% and 90% quantiles.
Into a scenario
    :func:`to_demand` gives a :class:`~svcdesign.model.Demand` for a week of the horizon, at its mean or
    at a quantile per interval (cover of each interval, not the quantile of the weekly total).
Evaluation
    :func:`backtest_forecast` — rolling origins, horizons of 1, 7 and 28 days, MAE, RMSE, MASE (scaled
    by the in-sample seasonal-naive error, Hyndman & Koehler 2006) and the empirical coverage of each
    interval, per interval length. Coverage counts each held-out count by its randomised probability
    integral transform (Czado, Gneiting & Held 2009): a count on an end of its integer interval counts
    for the share of its probability inside the interval, so a correct model covers its level at any
    count size (inclusive integer ends over-state coverage at small counts).

Sources: Brown, Gans, Mandelbaum, Sakov, Shen, Zeltyn & Zhao (2005), "Statistical analysis of a
telephone call center", JASA 100(469):36–50; Weinberg, Brown & Stroud (2007), "Bayesian forecasting of
an inhomogeneous Poisson process with applications to call center data", JASA 102(480):1185–1198;
Jongbloed & Koole (2001), "Managing uncertainty in call centres using Poisson mixtures", Applied
Stochastic Models in Business and Industry 17(4):307–318; Czado, Gneiting & Held (2009), "Predictive
model assessment for count data", Biometrics 65(4):1254–1261; Hyndman & Athanasopoulos (2021),
*Forecasting: principles and practice*, 3rd ed., OTexts, §5.5; Hyndman & Koehler (2006), "Another look at
measures of forecast accuracy", International Journal of Forecasting 22(4):679–688.
"""

from .demand import to_demand, to_scenario
from .evaluation import backtest_forecast
from .forecast import LEVELS, Forecast, forecast_demand
from .history import DemandHistory
from .models import METHODS, MIN_DAYS

__all__ = [
    "LEVELS",
    "METHODS",
    "MIN_DAYS",
    "DemandHistory",
    "Forecast",
    "backtest_forecast",
    "forecast_demand",
    "to_demand",
    "to_scenario",
]
