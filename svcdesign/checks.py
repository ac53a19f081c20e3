"""Checks on the arguments of public functions, shared by every layer.

Each helper returns the value it checked (as the type the caller computes with) or raises
:class:`~svcdesign.errors.InputError` naming the field, the value and what is allowed, so that an
entry point reads as a list of checks rather than a list of ``isinstance`` tests. ``allowed``
replaces the default description of what is allowed where a caller can say more (units, meaning).

Booleans are never numbers here (``True`` is an ``int`` to Python, never a count of staff), and NaN
and infinities are refused unless a caller admits ``+inf`` explicitly (``inf`` = no limit).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, cast

from .errors import InputError
from .i18n.phrases import Figure, Phrase, tr


def _bound(x: float) -> Figure:
    return Figure(f"{x:g}")


_KINDS = {
    # (integer, shape): what is allowed; shape "interval" (both bounds), "bound" (one), "any" (none)
    (False, "interval"): tr("a number in {open}{low}, {high}{close}"),
    (True, "interval"): tr("a whole number in {open}{low}, {high}{close}"),
    (False, "bound"): tr("a number {relation} {bound}"),
    (True, "bound"): tr("a whole number {relation} {bound}"),
    (False, "any"): tr("a number"),
    (True, "any"): tr("a whole number"),
}
"""What :func:`number` allows, marked for translation where the message is shown (the command line)."""


def _describe(
    low: float | None, high: float | None, *, low_open: bool, high_open: bool, integer: bool, allow_inf: bool
) -> str:
    """What :func:`number` allows, as a phrase: ``"a number in [0, 1]"``, ``"a whole number >= 1"`` (a
    :class:`~svcdesign.i18n.phrases.Phrase`, shown in a reader's language where the message is shown)."""
    if low is not None and high is not None:  # an interval says all: no note on infinities
        return Phrase(
            _KINDS[integer, "interval"],
            open="(" if low_open else "[",
            low=_bound(low),
            high=_bound(high),
            close=")" if high_open else "]",
        )
    elif low is not None:
        kind = Phrase(_KINDS[integer, "bound"], relation=">" if low_open else ">=", bound=_bound(low))
    elif high is not None:
        kind = Phrase(_KINDS[integer, "bound"], relation="<" if high_open else "<=", bound=_bound(high))
    else:
        kind = Phrase(_KINDS[integer, "any"])
    if allow_inf:
        return Phrase(tr("{kind} (inf allowed)"), kind=kind)
    return kind if integer else Phrase(tr("{kind} (finite)"), kind=kind)


def number(
    field: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    integer: bool = False,
    allow_inf: bool = False,
    allowed: str | None = None,
) -> float | int:
    """``value`` as a float (an int when ``integer``) within the bounds; InputError otherwise.

    Parameters
    ----------
    field:
        Name of the argument or field, for the message (``"budget"``, ``"promises.desk"``).
    value:
        What was given: a Python or numpy number (never a boolean, NaN or text).
    low, high:
        Bounds (``None``: unbounded on that side), in the value's own unit.
    low_open, high_open:
        Make a bound strict (``low=0, low_open=True``: positive).
    integer:
        Require a whole number of integer type (``3``, ``numpy.int64(3)``; not ``3.0``); returns an int.
    allow_inf:
        Admit ``+inf`` (a limit that is no limit) when ``high`` allows it; ``-inf`` and NaN never.
    allowed:
        What is allowed, as a phrase for the message; default a description of the bounds
        (``"a number in [0, 1]"``).

    Returns
    -------
    float or int
        The value, converted.

    Raises
    ------
    InputError
        Naming ``field``, ``value`` and what is allowed.
    """

    def refuse() -> InputError:
        return InputError(
            field,
            value,
            allowed
            or _describe(low, high, low_open=low_open, high_open=high_open, integer=integer, allow_inf=allow_inf),
        )

    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        raise refuse()
    try:
        x = float(value)
    except (OverflowError, ValueError):  # an int beyond the range of a float
        raise refuse() from None
    if math.isnan(x) or (math.isinf(x) and not (allow_inf and x > 0)):
        raise refuse()
    if low is not None and (x <= low if low_open else x < low):
        raise refuse()
    if high is not None and (x >= high if high_open else x > high):
        raise refuse()
    return int(cast(numbers.Integral, value)) if integer else x  # kind was Integral


def choice(field: str, value: Any, options: Collection[Any], *, allowed: str | None = None) -> Any:
    """``value`` if it is one of ``options``; InputError otherwise.

    A boolean matches only a boolean option (``True == 1`` to Python, never an interval length).
    ``allowed`` is the phrase for the message (default ``"one of [...]"``).
    """
    try:
        known = any(value == option and isinstance(value, bool) == isinstance(option, bool) for option in options)
    except (TypeError, ValueError):  # a value whose comparison fails (an array) is not an option
        known = False
    if not known:
        raise InputError(field, value, allowed or f"one of {list(options)}")
    return value


def names(field: str, value: Any, known: Sequence[str], *, allowed: str | None = None) -> list[str]:
    """A non-empty list of names, each one of ``known``; ``None`` means all of them.

    The error shows the unknown names (or the empty selection); ``allowed`` is the phrase for the
    message (default ``"names among [...]"``).
    """
    if value is None:
        return list(known)
    what = allowed or f"names among {list(known)}"
    if isinstance(value, str) or not isinstance(value, Collection):
        raise InputError(field, value, what)
    chosen = list(value)
    unknown = [name for name in chosen if not isinstance(name, str) or name not in known]
    if unknown or not chosen:
        raise InputError(field, unknown or chosen, what)
    return chosen


def mapping(field: str, value: Any, allowed: str) -> Mapping[Any, Any]:
    """``value`` if it is a mapping (a ``dict`` or any :class:`~collections.abc.Mapping`); InputError otherwise."""
    if not isinstance(value, Mapping):
        raise InputError(field, value, allowed)
    return value


def per_segment(
    field: str,
    given: Any,
    segments: Sequence[str],
    keys: Collection[str],
    *,
    allowed: str,
    item_allowed: str,
    key_allowed: str,
) -> Iterator[tuple[int, str, Any]]:
    """The items of a per-segment override ``{segment: {key: value}}``, checked: ``(segment index, key, value)``.

    Parameters
    ----------
    field
        The override's name, as the user wrote it (``"reference"``, ``"expectations"``).
    given
        The override.
    segments
        The scenario's segment names, in order.
    keys
        The keys each segment's mapping may hold.
    allowed
        What ``given`` must be, as a phrase (``"a mapping of segment name to {field: value}"``).
    item_allowed
        What each segment's value must be, as a phrase (``"a mapping of pillars [...] to scores 0–10"``).
    key_allowed
        What each key must be, as a phrase (``"one of the pillars [...]"``).

    Raises
    ------
    InputError
        Naming ``field`` (and the segment and key) when ``given`` or a segment's value is not a mapping,
        a segment is unknown, or a key is not one of ``keys``; the values themselves are the caller's
        to check.
    """
    mapping(field, given, allowed)
    for segment, values in given.items():
        if segment not in segments:
            raise InputError(field, segment, f"a segment of the scenario: one of {list(segments)}")
        mapping(f"{field}.{segment}", values, item_allowed)
        k = list(segments).index(segment)
        for key, value in values.items():
            if key not in keys:
                raise InputError(f"{field}.{segment}.{key}", value, key_allowed)
            yield k, key, value


def instance(field: str, value: Any, kind: type | tuple[type, ...], allowed: str) -> Any:
    """``value`` if it is an instance of ``kind``; InputError showing the type given otherwise."""
    if not isinstance(value, kind):
        raise InputError(field, type(value).__name__, allowed)
    return value
