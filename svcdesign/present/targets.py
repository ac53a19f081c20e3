"""A share printed beside its target and a pass/fail mark: never on the wrong side of the target as printed.

A service level of 79.986 % misses a target of 80 %; written with one decimal it would read "80.0% (target
80%)" beside a fail mark, which a reader takes for a contradiction. The rule, wherever a view prints a value
beside its target and a mark of whether it meets it (the blueprint's hover text, the skills table of the
staffing explorer): the value is written with more decimals until the text falls on the side of the target
that its mark says ("79.99%"), at most :data:`MORE_DIGITS` more; a value closer to its target still is
rounded toward that side at those decimals ("79.999%", never "80.000%"). A value that meets its target is
never written on the missing side either. The target itself is written with the fewest decimals that give it
exactly (:func:`target_digits`): "80%", "80.5%".
"""

from __future__ import annotations

import math

from ..explore.wording import Wording

MORE_DIGITS = 2
"""Decimals a value beside its target may take beyond its usual ones before it is rounded toward its side."""

_ENGLISH = Wording()


def target_digits(goal: float, most: int = 3) -> int:
    """The fewest decimals (0 to ``most``) that write the share ``goal`` in percent exactly (0.8 → 0, 0.805 → 1)."""
    for digits in range(most + 1):
        if abs(round(100.0 * goal, digits) - 100.0 * goal) < 1e-9:
            return digits
    return most


def beside_target(
    value: float, goal: float, *, misses: bool, at_most: bool = False, digits: int = 1, say: Wording = _ENGLISH
) -> tuple[str, str]:
    """A share and its target in percent, written so that the value falls on the side of the target its mark says.

    Parameters
    ----------
    value:
        The share shown (0–1), e.g. a stage's service level.
    goal:
        Its target (0–1): a floor the value should reach (a service level) or, ``at_most``, a ceiling it
        should not pass (an abandonment limit).
    misses:
        Whether the view marks the value as missing its target (the caller's own test, tolerance included).
    at_most:
        The target is a ceiling rather than a floor.
    digits:
        The value's usual decimals (of a percent).
    say:
        The language (its digits and percent sign; default English).

    Returns
    -------
    tuple of str
        The value and the target, each as :meth:`~svcdesign.explore.wording.Wording.percent` writes a share:
        the value with ``digits`` decimals (at least the target's), more where fewer would put it on the wrong
        side of the target as written.
    """
    target = say.percent(goal, target_digits(goal))
    if value is None or not math.isfinite(value):
        return say.percent(value), target
    aim, wanted = round(100.0 * goal, 9), 100.0 * value
    below = misses != at_most  # the value must read under the target: it misses a floor or meets a ceiling

    def fits(shown: float) -> bool:
        if below:
            return shown < aim if misses else shown <= aim
        return shown > aim if misses else shown >= aim

    first = max(digits, target_digits(goal))
    for places in range(first, first + MORE_DIGITS + 1):
        shown = round(wanted, places)
        if fits(shown):
            return say.percent(shown / 100.0, places), target
    step = 10.0**-places
    shown = (math.floor if below else math.ceil)(round(wanted / step, 6)) * step
    if not fits(shown):  # the value equals its target at these decimals: one step to the side of its mark
        shown = aim - step if below else aim + step
    return say.percent(shown / 100.0, places), target


__all__ = ["MORE_DIGITS", "beside_target", "target_digits"]
