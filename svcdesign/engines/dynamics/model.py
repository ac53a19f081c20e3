"""The stock-and-flow equations of the service-quality model of Oliva & Sterman (2001).

Oliva, R. and Sterman, J. D. (2001), "Cutting corners and working overtime: quality erosion in the
service industry", Management Science 47(7):894-914. Time is in weeks; integration is Euler with a
fixed step ``dt`` (as Vensim does): every auxiliary and flow is computed from the stocks at time t,
then every stock moves by ``dt`` x its net flow.

Stocks
    ``backlog`` B (orders), ``standard_tpo`` T* (hours/order), ``fatigue`` (3-week smooth of work
    intensity, for productivity), ``burnout`` (52-week smooth, for turnover), ``rookies`` R and
    ``experienced`` E (people), ``vacancies`` V (people), ``expected_orders`` (orders/week),
    ``expected_absenteeism``, ``expected_quality`` (customers' expectation).

Equations (parameter names are those of the assumptions table, group ``dynamics``; the working week
``standard_workweek`` is the row ``costs.contract_hours`` the customer models' costs use too)
    staff L = R + E; effective staff = rookie_effectiveness·R + max(E − trainer_time_per_rookie·R, 0)
    capacity C = standard_workweek·(1 − absenteeism)·effective staff·f_fatigue(fatigue)   [hours/week]
        (effective staff: the observed effective labour in weeks where a series of it is given)
    desired capacity C* = B / desired_delivery_delay · T*
    work pressure p = (C* − C)/C* (reported no lower than −1), pressure ratio r = C*/C
    intensity w = r^0.37 (or exp(0.37 p)), clipped to [min_intensity, max_intensity]
    time per order T = T*·r^−0.64 (or T*·exp(−0.64 p)), clipped to [min_tpo, max_tpo_ratio·T*]
    fulfilment F = min(C·w/T, B / min_delivery_delay)   (the runner keeps dt <= min_delivery_delay)
    dB/dt = orders − F
    dT*/dt = (T − T*)/τ, τ = standard_adjust_time_down if T < T* else standard_adjust_time_up
    quality q = f_quality((T − reference_tpo)/reference_tpo)
    quits = L·f_turnover(burnout)/base_tenure; hires = V/hiring_delay; assimilation = R/12 weeks
    desired staff L* = expected orders·T*/(standard_workweek·(1 − expected absenteeism)·effective
        fraction) — sized from the (eroded) standard — unless a headcount target replaces it, capped
        by any headcount ceiling
    desired hiring = max(0, quits + (L* − L)/labour_adjustment_time); desired vacancies = desired
        hiring·hiring_delay; net vacancy openings = desired hiring + (desired vacancies − V)/
        labour_adjustment_time (negative = vacancies withdrawn, at most V/labour_adjustment_time a
        week) — the supply-line structure of Sterman (2000) ch. 19
    expected quality' = (ω·external reference + (1 − ω)·q − expected quality)/expectation_time

The kernel is compiled with numba; :func:`kernel` ``.py_func`` is the same code in plain Python.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .lookups import interp

# ---- parameter vector layout (built by params.DynamicsParams.vector) ---------------------------------
P_WORKWEEK = 0
P_DESIRED_DELAY = 1
P_MIN_DELAY = 2
P_REFERENCE_TPO = 3
P_MIN_TPO = 4
P_MAX_TPO_RATIO = 5
P_ALPHA = 6
P_BETA = 7
P_MIN_INTENSITY = 8
P_MAX_INTENSITY = 9
P_FORM = 10
P_TAU_DOWN = 11
P_TAU_UP = 12
P_FATIGUE_TIME = 13
P_BURNOUT_TIME = 14
P_ASSIMILATION = 15
P_ROOKIE_EFF = 16
P_TRAINER = 17
P_TENURE = 18
P_HIRING_DELAY = 19
P_LABOUR_ADJ = 20
P_FORECAST = 21
P_EXPECT_TIME = 22
P_OMEGA = 23
P_REF_QUALITY = 24
P_HOLD_CUTS = 25
N_PARAMS = 26

# ---- state vector layout ----------------------------------------------------------------------------
S_BACKLOG = 0
S_STANDARD = 1
S_FATIGUE = 2
S_BURNOUT = 3
S_ROOKIES = 4
S_EXPERIENCED = 5
S_VACANCIES = 6
S_EXP_ORDERS = 7
S_EXP_ABSENT = 8
S_EXP_QUALITY = 9
S_CAP = 10  # headcount ceiling held after cuts (inf when none)
N_STATE = 11

#: Output columns, in order, and whether each is a stock (reported at the start of the week) or a
#: rate/auxiliary (reported as the mean over the week's steps; for a flow that is the weekly total).
VARIABLES: tuple[tuple[str, bool], ...] = (
    ("orders", False),
    ("absenteeism", False),
    ("backlog", True),
    ("standard_tpo", True),
    ("fatigue", True),
    ("burnout", True),
    ("rookies", True),
    ("experienced", True),
    ("staff", True),
    ("vacancies", True),
    ("expected_orders", True),
    ("expected_quality", True),
    ("effective_staff", False),
    ("fatigue_productivity", False),
    ("capacity", False),
    ("desired_capacity", False),
    ("work_pressure", False),
    ("intensity", False),
    ("time_per_order", False),
    ("fulfilment", False),
    ("delivery_delay", False),
    ("quality", False),
    ("turnover_multiplier", False),
    ("quits", False),
    ("hires", False),
    ("assimilation", False),
    ("layoffs", False),
    ("vacancy_openings", False),
    ("desired_staff", False),
    ("hours_worked", False),
    ("overtime_hours", False),
)
N_OUT = len(VARIABLES)
(
    O_ORDERS,
    O_ABSENT,
    O_BACKLOG,
    O_STANDARD,
    O_FATIGUE,
    O_BURNOUT,
    O_ROOKIES,
    O_EXPERIENCED,
    O_STAFF,
    O_VACANCIES,
    O_EXP_ORDERS,
    O_EXP_QUALITY,
    O_EFF_STAFF,
    O_FATIGUE_EFFECT,
    O_CAPACITY,
    O_DESIRED_CAPACITY,
    O_PRESSURE,
    O_INTENSITY,
    O_TPO,
    O_FULFILMENT,
    O_DELAY,
    O_QUALITY,
    O_TURNOVER_MULT,
    O_QUITS,
    O_HIRES,
    O_ASSIMILATION,
    O_LAYOFFS,
    O_OPENINGS,
    O_DESIRED_STAFF,
    O_HOURS,
    O_OVERTIME,
) = range(N_OUT)


@njit(cache=True)
def effective_staff(rookies: float, experienced: float, rookie_eff: float, trainer: float) -> float:
    """Experienced-equivalent staff: rookies count ``rookie_eff`` and absorb ``trainer`` of an expert each."""
    return rookie_eff * rookies + max(experienced - trainer * rookies, 0.0)


@njit(cache=True)
def equilibrium_state(
    p: np.ndarray,
    t_star: float,
    orders: float,
    absenteeism: float,
    staff: float,
    fp_x: np.ndarray,
    fp_y: np.ndarray,
    q_x: np.ndarray,
    q_y: np.ndarray,
) -> np.ndarray:
    """Initial stocks in equilibrium with ``orders`` (orders/week) at the standard ``t_star``.

    ``staff`` <= 0 means "the staff that exactly meets the orders"; a positive value is used as given
    (the run then starts out of equilibrium unless it matches).
    """
    s = np.empty(N_STATE)
    s[S_STANDARD] = t_star
    s[S_BACKLOG] = p[P_DESIRED_DELAY] * orders
    s[S_FATIGUE] = 1.0
    s[S_BURNOUT] = 1.0
    rookie_share = p[P_ASSIMILATION] / (p[P_ASSIMILATION] + p[P_TENURE])
    eff_fraction = effective_staff(rookie_share, 1.0 - rookie_share, p[P_ROOKIE_EFF], p[P_TRAINER])
    if staff <= 0.0:
        per_head = p[P_WORKWEEK] * (1.0 - absenteeism) * eff_fraction * interp(1.0, fp_x, fp_y)
        staff = orders * t_star / per_head if per_head > 0.0 else 0.0
    s[S_ROOKIES] = staff * rookie_share
    s[S_EXPERIENCED] = staff - s[S_ROOKIES]
    s[S_VACANCIES] = staff / p[P_TENURE] * p[P_HIRING_DELAY]
    s[S_EXP_ORDERS] = orders
    s[S_EXP_ABSENT] = absenteeism
    q0 = interp((t_star - p[P_REFERENCE_TPO]) / p[P_REFERENCE_TPO], q_x, q_y)
    s[S_EXP_QUALITY] = p[P_OMEGA] * p[P_REF_QUALITY] + (1.0 - p[P_OMEGA]) * q0
    s[S_CAP] = math.inf
    return s


@njit(cache=True)
def kernel(
    p: np.ndarray,
    state0: np.ndarray,
    dt: float,
    orders: np.ndarray,
    absenteeism: np.ndarray,
    layoffs: np.ndarray,
    freeze: np.ndarray,
    target: np.ndarray,
    cap: np.ndarray,
    labour: np.ndarray,
    fp_x: np.ndarray,
    fp_y: np.ndarray,
    ft_x: np.ndarray,
    ft_y: np.ndarray,
    q_x: np.ndarray,
    q_y: np.ndarray,
) -> np.ndarray:
    """Integrate the model over ``len(orders)`` steps of ``dt`` weeks; returns (steps, N_OUT) values.

    Per-step inputs: ``orders`` (orders/week), ``absenteeism`` (fraction), ``layoffs`` (experienced
    staff removed at the start of the step), ``freeze`` (1 = no vacancies opened nor filled),
    ``target`` (headcount replacing the desired-staff rule; NaN = use the rule), ``cap`` (ceiling on
    desired staff; inf = none), ``labour`` (observed effective labour, experienced-equivalent people at
    work before absence; NaN = the model's own rookies and experienced staff). Observed labour sets
    capacity, hours worked and overtime; the workforce stocks still follow the model's hiring and
    turnover rules and size desired staff.
    """
    n = orders.shape[0]
    out = np.empty((n, N_OUT))
    s = state0.copy()
    min_delay = max(p[P_MIN_DELAY], dt)  # guard only: integrate_weeks() refuses dt > min_delivery_delay
    for k in range(n):
        o = orders[k]
        a = absenteeism[k]
        # -- decisions that move stocks at once ---------------------------------------------------
        laid_off = min(layoffs[k], s[S_EXPERIENCED])
        if laid_off > 0.0:
            s[S_EXPERIENCED] -= laid_off
            if p[P_HOLD_CUTS] > 0.5:
                s[S_CAP] = min(s[S_CAP], s[S_ROOKIES] + s[S_EXPERIENCED])
        backlog = s[S_BACKLOG]
        t_star = s[S_STANDARD]
        rookies = s[S_ROOKIES]
        experienced = s[S_EXPERIENCED]
        staff = rookies + experienced
        # -- capacity and work pressure -----------------------------------------------------------
        eff_model = effective_staff(rookies, experienced, p[P_ROOKIE_EFF], p[P_TRAINER])
        observed = labour[k] == labour[k]  # not NaN: the centre's observed labour this step
        eff = labour[k] if observed else eff_model
        working = labour[k] if observed else staff
        fatigue_effect = interp(s[S_FATIGUE], fp_x, fp_y)
        capacity = p[P_WORKWEEK] * (1.0 - a) * eff * fatigue_effect
        desired_capacity = backlog / p[P_DESIRED_DELAY] * t_star
        ratio = desired_capacity / capacity if capacity > 0.0 else math.inf
        if ratio == math.inf:
            intensity = p[P_MAX_INTENSITY]
            tpo = p[P_MIN_TPO]
            pressure = 1.0
        elif ratio <= 0.0:
            intensity = p[P_MIN_INTENSITY]
            tpo = p[P_MAX_TPO_RATIO] * t_star
            pressure = -math.inf
        else:
            pressure = 1.0 - 1.0 / ratio
            if p[P_FORM] > 0.5:
                intensity = ratio ** p[P_BETA]
                tpo = t_star * ratio ** p[P_ALPHA]
            else:
                intensity = math.exp(p[P_BETA] * pressure)
                tpo = t_star * math.exp(p[P_ALPHA] * pressure)
            intensity = min(max(intensity, p[P_MIN_INTENSITY]), p[P_MAX_INTENSITY])
            tpo = min(max(tpo, p[P_MIN_TPO]), p[P_MAX_TPO_RATIO] * t_star)
        potential = capacity * intensity / tpo
        fulfilment = min(potential, backlog / min_delay)
        quality = interp((tpo - p[P_REFERENCE_TPO]) / p[P_REFERENCE_TPO], q_x, q_y)
        # -- workforce ----------------------------------------------------------------------------
        turnover_mult = interp(s[S_BURNOUT], ft_x, ft_y)
        quit_frac = turnover_mult / p[P_TENURE]
        quits_r = rookies * quit_frac
        quits_e = experienced * quit_frac
        assimilation = rookies / p[P_ASSIMILATION]
        frozen = freeze[k] > 0.5
        hires = 0.0 if frozen else s[S_VACANCIES] / p[P_HIRING_DELAY]
        eff_fraction = eff_model / staff if staff > 0.0 else 1.0
        per_head = p[P_WORKWEEK] * (1.0 - s[S_EXP_ABSENT]) * eff_fraction
        if math.isnan(target[k]):
            desired_staff = s[S_EXP_ORDERS] * t_star / per_head if per_head > 0.0 else 0.0
        else:
            desired_staff = target[k]
        desired_staff = min(desired_staff, cap[k], s[S_CAP])
        desired_hiring = max(0.0, quits_r + quits_e + (desired_staff - staff) / p[P_LABOUR_ADJ])
        if frozen:
            openings = 0.0
        else:
            vacancy_gap = desired_hiring * p[P_HIRING_DELAY] - s[S_VACANCIES]
            openings = max(desired_hiring + vacancy_gap / p[P_LABOUR_ADJ], -s[S_VACANCIES] / p[P_LABOUR_ADJ])
        # -- record -------------------------------------------------------------------------------
        hours = working * p[P_WORKWEEK] * (1.0 - a) * intensity
        row = out[k]
        row[O_ORDERS] = o
        row[O_ABSENT] = a
        row[O_BACKLOG] = backlog
        row[O_STANDARD] = t_star
        row[O_FATIGUE] = s[S_FATIGUE]
        row[O_BURNOUT] = s[S_BURNOUT]
        row[O_ROOKIES] = rookies
        row[O_EXPERIENCED] = experienced
        row[O_STAFF] = staff
        row[O_VACANCIES] = s[S_VACANCIES]
        row[O_EXP_ORDERS] = s[S_EXP_ORDERS]
        row[O_EXP_QUALITY] = s[S_EXP_QUALITY]
        row[O_EFF_STAFF] = eff
        row[O_FATIGUE_EFFECT] = fatigue_effect
        row[O_CAPACITY] = capacity
        row[O_DESIRED_CAPACITY] = desired_capacity
        row[O_PRESSURE] = max(pressure, -1.0)  # reported floor: capacity at least twice what is needed
        row[O_INTENSITY] = intensity
        row[O_TPO] = tpo
        row[O_FULFILMENT] = fulfilment
        # no work waiting: no delay; work waiting and none done (no capacity): it waits without limit
        row[O_DELAY] = backlog / fulfilment if fulfilment > 0.0 else (0.0 if backlog <= 0.0 else math.inf)
        row[O_QUALITY] = quality
        row[O_TURNOVER_MULT] = turnover_mult
        row[O_QUITS] = quits_r + quits_e
        row[O_HIRES] = hires
        row[O_ASSIMILATION] = assimilation
        row[O_LAYOFFS] = laid_off / dt
        row[O_OPENINGS] = openings
        row[O_DESIRED_STAFF] = desired_staff
        row[O_HOURS] = hours
        row[O_OVERTIME] = working * p[P_WORKWEEK] * (1.0 - a) * max(intensity - 1.0, 0.0)
        # -- integrate ----------------------------------------------------------------------------
        s[S_BACKLOG] = backlog + dt * (o - fulfilment)
        tau = p[P_TAU_DOWN] if tpo < t_star else p[P_TAU_UP]
        s[S_STANDARD] = t_star + dt * (tpo - t_star) / tau
        s[S_FATIGUE] += dt * (intensity - s[S_FATIGUE]) / p[P_FATIGUE_TIME]
        s[S_BURNOUT] += dt * (intensity - s[S_BURNOUT]) / p[P_BURNOUT_TIME]
        s[S_ROOKIES] = rookies + dt * (hires - assimilation - quits_r)
        s[S_EXPERIENCED] = experienced + dt * (assimilation - quits_e)
        s[S_VACANCIES] += dt * (openings - hires)
        s[S_EXP_ORDERS] += dt * (o - s[S_EXP_ORDERS]) / p[P_FORECAST]
        s[S_EXP_ABSENT] += dt * (a - s[S_EXP_ABSENT]) / p[P_FORECAST]
        perceived = p[P_OMEGA] * p[P_REF_QUALITY] + (1.0 - p[P_OMEGA]) * quality
        s[S_EXP_QUALITY] += dt * (perceived - s[S_EXP_QUALITY]) / p[P_EXPECT_TIME]
    return out
