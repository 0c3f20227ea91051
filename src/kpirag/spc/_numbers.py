"""Reading SPC inputs as exact fractions, and rounding them for display only.

Every value that decides a point type or an icon is a ``Fraction``. Floats are
read as the decimal they print as (``0.1`` is one tenth, not the binary number
behind it). Sizes are bounded so that exact arithmetic stays fast: at most
``MAX_DIGITS`` significant digits and a decimal exponent within
``+/-MAX_EXPONENT``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation
from fractions import Fraction
from numbers import Integral

from kpirag.errors import InvalidSeriesError

__all__ = [
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_POINTS",
    "plural",
    "round_half_up",
    "shown",
    "to_fraction",
    "to_fractions",
]

MAX_DIGITS = 100
"""The most significant digits a value (or a fraction's numerator or denominator) may have."""

MAX_EXPONENT = 1000
"""The largest decimal exponent, either way, a value may have (1E+1000 and 1E-1000 are allowed)."""

MAX_POINTS = 100_000
"""The most points one chart may have."""

_MAX_TEXT = 2 * MAX_DIGITS
"""The longest numeric text read (signs, point, exponent and zeros included)."""

_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)

# An integer with more bits than this is beyond 10**1001; reject it before converting.
_MAX_BITS = 3330


def _describe(value: object) -> str:
    return f"{type(value).__name__}"


def _check_size(number: Decimal, original: object, field: str, position: int | None) -> None:
    if number.is_zero():
        return
    significant = len("".join(map(str, number.as_tuple().digits)).strip("0"))
    if significant > MAX_DIGITS:
        raise InvalidSeriesError(
            field, original, f"at most {MAX_DIGITS} significant digits", position=position
        )
    if abs(number.adjusted()) > MAX_EXPONENT:
        raise InvalidSeriesError(
            field,
            original,
            f"a number between 1E-{MAX_EXPONENT} and 1E+{MAX_EXPONENT} in size",
            position=position,
        )


def _integer(number: int, original: object, field: str, position: int | None) -> Fraction:
    if number.bit_length() > _MAX_BITS:
        raise InvalidSeriesError(
            field, original, f"a number below 1E+{MAX_EXPONENT} in size", position=position
        )
    _check_size(Decimal(number), original, field, position)
    return Fraction(number)


def _decimal(number: Decimal, original: object, field: str, position: int | None) -> Fraction:
    if not number.is_finite():
        raise InvalidSeriesError(
            field, original, "a finite number, not NaN or infinity", position=position
        )
    _check_size(number, original, field, position)
    return Fraction(number)


def to_fraction(value: object, *, field: str = "values", position: int | None = None) -> Fraction:
    """Read ``value`` as an exact ``Fraction``.

    Accepts ``int`` (and other integral types), ``float`` (read as the decimal
    it prints as), ``Decimal``, ``Fraction`` and numeric text such as ``"4.6"``
    or ``"-1e3"``.

    Args:
        value: the number to read.
        field: the name used in error messages.
        position: the value's position in ``field``, for error messages.

    Raises:
        InvalidSeriesError: ``value`` is a bool, ``None``, not a number, NaN,
            infinite, or beyond the size bounds.

    ```pycon
    >>> to_fraction(0.1), to_fraction("2.66"), to_fraction(Fraction(1, 3))
    (Fraction(1, 10), Fraction(133, 50), Fraction(1, 3))
    >>> to_fraction(float("nan"), position=3)
    Traceback (most recent call last):
    ...
    kpirag.errors.InvalidSeriesError: Invalid values[3] nan:
        expected a finite number, not NaN or infinity

    ```
    """
    if isinstance(value, bool) or value is None:
        raise InvalidSeriesError(
            field, value, f"a number, not {_describe(value)}", position=position
        )
    if isinstance(value, Fraction):
        _integer(value.numerator, value, field, position)
        _integer(value.denominator, value, field, position)
        return value
    if isinstance(value, Integral):
        return _integer(int(value), value, field, position)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidSeriesError(
                field, value, "a finite number, not NaN or infinity", position=position
            )
        return _decimal(Decimal(repr(value)), value, field, position)
    if isinstance(value, Decimal):
        return _decimal(value, value, field, position)
    if isinstance(value, str):
        if len(value) > _MAX_TEXT:
            raise InvalidSeriesError(
                field,
                value,
                f"a number written in at most {_MAX_TEXT} characters",
                position=position,
            )
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidSeriesError(
                field, value, "a number such as '4.6' or '-12'", position=position
            ) from None
        return _decimal(number, value, field, position)
    raise InvalidSeriesError(
        field,
        value,
        f"an int, float, Decimal, Fraction or numeric text, not {_describe(value)}",
        position=position,
    )


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


def round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` rounded once, half away from zero, to ``places`` decimal places.

    For display only: decisions use the exact fraction.

    ```pycon
    >>> round_half_up(Fraction(35, 18), 2), round_half_up(Fraction(-1, 8), 2)
    (Decimal('1.94'), Decimal('-0.13'))

    ```
    """
    sign = -1 if value < 0 else 1
    scaled = abs(value) * 10**places
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        whole += 1
    return Decimal(sign * whole).scaleb(-places, _EXACT)


def shown(value: Fraction | int) -> str:
    """A number for a repr: exact when it terminates shortly, else to 6 significant figures.

    ```pycon
    >>> shown(Fraction(911, 20)), shown(Fraction(27338, 725)), shown(Fraction(-3))
    ('45.55', '37.7076', '-3')

    ```
    """
    number = Fraction(value)
    if number.denominator == 1:
        text = str(number.numerator)
        return text if len(text) <= _SHORT else f"{_SIX.plus(Decimal(text)):g}"
    decimal = _SIX.divide(Decimal(number.numerator), Decimal(number.denominator))
    text = f"{decimal:f}"
    return text if len(text) <= _SHORT else f"{decimal:g}"


def plural(count: int, noun: str) -> str:
    """``30 points``, ``1 point``: a count with its noun, for a repr."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


_SIX = Context(prec=6)
_SHORT = 14
