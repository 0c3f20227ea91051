"""Reading numbers exactly.

Every number that decides a status passes through ``to_decimal``. Floats
are read as the decimal they print as (``0.1`` is ``Decimal('0.1')``, not the
binary fraction behind it); strings may carry thousands separators, a trailing
percent sign, or accounting parentheses for negatives. Booleans, NaN and
infinities are rejected with a ``KpiragError``.
"""

from __future__ import annotations

import operator
import re
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    localcontext,
)
from fractions import Fraction
from numbers import Integral
from typing import TypeAlias

from kpirag.errors import InvalidValueError, ValueTypeError

__all__ = [
    "EXACT",
    "Number",
    "format_decimal",
    "parse_number",
    "round_fraction",
    "to_decimal",
    "trim",
]

EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""A decimal context in which addition, subtraction and multiplication never round.

Use it (``with decimal.localcontext(EXACT):``) for arithmetic that decides a
status. Never divide in it by a number with a non-terminating quotient.
"""

Number: TypeAlias = int | float | Decimal | str
"""What kpirag accepts wherever a number is expected."""

_NUMBER = re.compile(
    r"""
    (?P<open>\()?                      # accounting negative: (1,230)
    (?P<sign>[-+\u2212])?              # ASCII minus, plus, or the Unicode minus sign
    (?P<currency>£|\$|€)?
    (?P<digits>
        \d{1,3}(?:,\d{3})+(?:\.\d+)?   # 1,230 or 79,333.5
      | \d+(?:\.\d*)?                  # 46 or 46.5 or 46.
      | \.\d+                          # .5
    )
    (?P<percent>\s?%)?
    (?P<close>\))?
    """,
    re.VERBOSE,
)


def _describe(value: object) -> str:
    return f"{value!r} ({type(value).__name__})"


def _finite(number: Decimal, original: object, field: str) -> Decimal:
    if not number.is_finite():
        raise InvalidValueError(
            f"Invalid {field} {_describe(original)}: expected a finite number, not NaN or infinity"
        )
    return number


def parse_number(text: str, *, field: str = "value") -> tuple[Decimal, bool]:
    """Read a number as reports write it, returning ``(number, is_percent)``.

    Accepts thousands separators (``2,000``), a trailing percent sign
    (``69%``), a leading currency sign, and parentheses for negatives
    (``(1,230)``).

    ```pycon
    >>> parse_number("2,000")
    (Decimal('2000'), False)
    >>> parse_number("(1,230)")
    (Decimal('-1230'), False)
    >>> parse_number("66.7%")
    (Decimal('66.7'), True)

    ```
    """
    match = _NUMBER.fullmatch(text.strip())
    if match is None or bool(match["open"]) != bool(match["close"]):
        raise InvalidValueError(
            f"Invalid {field} {text!r}: expected a number such as '46', '2,000', '69%' or '(1,230)'"
        )
    if match["open"] and match["sign"]:
        raise InvalidValueError(
            f"Invalid {field} {text!r}: a number in parentheses is already negative; drop the sign"
        )
    digits = match["digits"].replace(",", "")
    number = Decimal(digits)
    if match["open"] or match["sign"] in {"-", "\u2212"}:
        number = -number
    return number, match["percent"] is not None


def to_decimal(value: object, *, field: str = "value") -> Decimal:
    """Convert ``value`` to an exact ``Decimal``.

    ``int`` and integer types (NumPy's included) are exact; ``float`` is read
    as the decimal it prints as; ``Decimal`` is kept (NaN and infinities are
    rejected); ``Fraction`` is accepted when it has a finite decimal
    expansion; ``str`` is parsed with ``parse_number`` (a percent sign is
    allowed and dropped: the number is in percent units).

    Args:
        value: the number to read.
        field: the name used in error messages.

    Raises:
        ValueTypeError: for ``bool``, ``None`` and types that are not numbers.
        InvalidValueError: for NaN, infinities and text that is not a number.

    ```pycon
    >>> to_decimal(0.1)
    Decimal('0.1')
    >>> to_decimal("79,333")
    Decimal('79333')
    >>> to_decimal(True)
    Traceback (most recent call last):
    ...
    kpirag.errors.ValueTypeError: Invalid value True (bool): expected a number, not a bool

    ```
    """
    # Exact type checks first: they are the hot path.
    cls = type(value)
    if cls is Decimal:
        return _finite(value, value, field)  # type: ignore[arg-type]
    if cls is int:
        return Decimal(value)  # type: ignore[arg-type]
    if cls is float:
        return _finite(Decimal(repr(value)), value, field)
    if isinstance(value, bool):
        raise ValueTypeError(f"Invalid {field} {_describe(value)}: expected a number, not a bool")
    if isinstance(value, str):
        return parse_number(value, field=field)[0]
    if isinstance(value, Decimal):
        return _finite(Decimal(value), value, field)
    if isinstance(value, float):
        return _finite(Decimal(repr(float(value))), value, field)
    if isinstance(value, Integral):
        return Decimal(operator.index(value))
    if isinstance(value, Fraction):
        return _fraction_to_decimal(value, field)
    if value is None:
        raise ValueTypeError(f"Invalid {field} None: expected a number, got nothing")
    raise ValueTypeError(
        f"Invalid {field} {_describe(value)}: expected an int, float, Decimal or numeric string"
    )


def _fraction_to_decimal(value: Fraction, field: str) -> Decimal:
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        raise InvalidValueError(
            f"Invalid {field} {value!r}: the fraction has no exact decimal form; "
            "round it to a Decimal first"
        )
    places = max(twos, fives)
    scaled = value * 10**places
    return Decimal(int(scaled)).scaleb(-places, EXACT)


def format_decimal(number: Decimal, places: int | None = None, *, grouping: bool = False) -> str:
    """Format ``number`` in plain (never scientific) notation.

    With ``places`` the number is rounded half-up to that many decimal places,
    for display only. With ``grouping`` thousands are separated by commas.

    ```pycon
    >>> format_decimal(Decimal("1E+1"))
    '10'
    >>> format_decimal(Decimal("6.976"), 1)
    '7.0'
    >>> format_decimal(Decimal("-1230"), grouping=True)
    '-1,230'

    ```
    """
    if places is not None:
        with localcontext(EXACT):
            number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{number:,f}" if grouping else f"{number:f}"
    if text.startswith("-") and number.is_zero():
        text = text[1:]
    return text


def trim(number: Decimal) -> Decimal:
    """An equal Decimal without trailing fractional zeros (``4.30`` becomes ``4.3``).

    Unlike ``normalize``, whole numbers keep a plain
    exponent (``4300`` stays ``4300``, never ``4.3E+3``).

    ```pycon
    >>> trim(Decimal("47.30")), trim(Decimal("4300.0"))
    (Decimal('47.3'), Decimal('4300'))

    ```
    """
    with localcontext(EXACT):
        if number == number.to_integral_value():
            return number.quantize(Decimal(1))
        return number.normalize()


def round_fraction(value: Fraction, places: int, *, half_even: bool = False) -> Decimal:
    """``value`` rounded once, exactly, to ``places`` decimal places.

    Rounds half away from zero (half to even with ``half_even``) using integer
    arithmetic, so a fraction with no finite decimal (800/9) is never rounded
    twice on its way to display.

    ```pycon
    >>> round_fraction(Fraction(800, 9), 1), round_fraction(Fraction(1, 8), 2)
    (Decimal('88.9'), Decimal('0.13'))
    >>> round_fraction(Fraction(1, 8), 2, half_even=True), round_fraction(Fraction(-2, 3), 0)
    (Decimal('0.12'), Decimal('-1'))

    ```
    """
    sign = -1 if value < 0 else 1
    scaled = abs(value) * 10**places
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * remainder
    if twice > scaled.denominator or (
        twice == scaled.denominator and (not half_even or whole % 2 == 1)
    ):
        whole += 1
    return Decimal(sign * whole).scaleb(-places, EXACT)
