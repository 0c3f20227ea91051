"""Reading SPC inputs as exact fractions, and rounding them for display only.

Every value that decides a point type or an icon is a ``Fraction``, read by
``kpirag.rules.to_fraction``: the one number reader, with the same accepted
text (``2,000``, ``(1,230)``, ``69%``), the same limits (``MAX_DIGITS``,
``MAX_EXPONENT`` and ``MAX_TEXT`` in ``kpirag.rules``) and the same wording
as every other door. Floats are read as the decimal they print as (``0.1`` is
one tenth, not the binary number behind it).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from fractions import Fraction

from kpirag._validate import iterable, whole
from kpirag.errors import InvalidSeriesError, KpiragError, ValueTypeError
from kpirag.rules import to_fraction as read_exact

__all__ = [
    "MAX_POINTS",
    "exact",
    "exacts",
    "round_half_up",
    "signs",
    "to_fraction",
    "to_fractions",
]

MAX_POINTS = 100_000
"""The most points one chart may have."""

_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def to_fraction(value: object, *, field: str = "values", position: int | None = None) -> Fraction:
    """Read ``value`` as an exact ``Fraction`` with ``kpirag.rules.to_fraction``.

    Accepts what ``kpirag.rules.to_decimal`` accepts (``int``, ``float`` read
    as the decimal it prints as, ``Decimal``, number text such as ``"4.6"`` or
    ``"2,000"``) and any ``Fraction`` within kpirag's limits.

    Args:
        value: the number to read.
        field: the name used in error messages.
        position: the value's position in ``field``, for error messages.

    Raises:
        InvalidSeriesError: ``value`` is a bool, ``None``, not a number, NaN,
            infinite, or beyond the limits; its reason and expectation are the
            rules reader's.

    ```pycon
    >>> to_fraction(0.1), to_fraction("2,000"), to_fraction(Fraction(1, 3))
    (Fraction(1, 10), Fraction(2000, 1), Fraction(1, 3))
    >>> to_fraction(float("nan"), position=3)
    Traceback (most recent call last):
    ...
    kpirag.errors.InvalidSeriesError: Invalid values[3] nan:
        expected a finite number, not NaN or infinity

    ```
    """
    try:
        return read_exact(value, field=field)
    except KpiragError as exc:
        raise InvalidSeriesError(
            field, value, exc.expected, position=position, reason=exc.reason
        ) from None


def to_fractions(values: Iterable[object], *, field: str = "values") -> tuple[Fraction, ...]:
    """Every item of ``values`` read with ``to_fraction``.

    Raises:
        InvalidSeriesError: ``values`` is not a sequence of numbers, or has
            more than ``MAX_POINTS`` items.
    """
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidSeriesError(field, values, "a sequence of numbers")
    numbers: list[Fraction] = []
    for position, value in enumerate(values):
        if position >= MAX_POINTS:
            raise InvalidSeriesError(field, "...", f"at most {MAX_POINTS} values")
        numbers.append(to_fraction(value, field=field, position=position))
    return tuple(numbers)


def exact(value: object, field: str) -> Fraction:
    """``value`` if it is an exact number (a ``Fraction`` or an ``int``), else our error."""
    if isinstance(value, bool) or not isinstance(value, Fraction | int):
        raise ValueTypeError(field=field, value=value, expected="an exact number (Fraction)")
    return Fraction(value)


def exacts(values: object, field: str) -> tuple[Fraction, ...]:
    """Each of ``values`` as ``exact`` checks it, or our error naming ``field``."""
    return tuple(exact(value, f"{field} item") for value in iterable(values, field))


def signs(values: object, field: str) -> tuple[int, ...]:
    """Each of ``values`` if it is a flag (``-1``, ``0`` or ``1``), else our error."""
    return tuple(whole(value, f"{field} item", low=-1, high=1) for value in iterable(values, field))


def round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` rounded once, half away from zero, to ``places`` decimal places.

    For display only: decisions use the exact fraction.

    ```pycon
    >>> round_half_up(Fraction(35, 18), 2), round_half_up(Fraction(-1, 8), 2)
    (Decimal('1.94'), Decimal('-0.13'))

    ```
    """
    value = exact(value, "value")
    places = whole(places, "places", low=0, high=1000)
    sign = -1 if value < 0 else 1
    scaled = abs(value) * 10**places
    units, remainder = divmod(scaled.numerator, scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        units += 1
    return Decimal(sign * units).scaleb(-places, _EXACT)
