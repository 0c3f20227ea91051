"""Reading numbers exactly.

Every number that decides a status passes through ``to_decimal``. Floats
are read as the decimal they print as (``0.1`` is ``Decimal('0.1')``, not the
binary fraction behind it); strings may carry thousands separators, a trailing
percent sign, or accounting parentheses for negatives. Booleans, NaN and
infinities are rejected with a ``KpiragError``.

Numbers are bounded where they enter, far beyond any KPI, so that exact
arithmetic can never run away: at most ``MAX_DIGITS`` significant digits, an
exponent within ``MAX_EXPONENT`` either way, and number text of at most
``MAX_TEXT`` characters.
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

import attrs

from kpirag._validate import flag, wrong_type
from kpirag.errors import InvalidValueError, KpiragError, UnitMismatchError, ValueTypeError

__all__ = [
    "CURRENCIES",
    "EXACT",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_TEXT",
    "Number",
    "Quantity",
    "format_decimal",
    "parse_number",
    "parse_quantity",
    "round_fraction",
    "to_decimal",
    "to_fraction",
    "trim",
    "unit_name",
    "with_unit",
]

EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""A decimal context in which addition, subtraction and multiplication never round.

Use it (``with decimal.localcontext(EXACT):``) for arithmetic that decides a
status. Never divide in it by a number with a non-terminating quotient.
"""

MAX_DIGITS = 100
"""The most significant digits a number may have (trailing zeros do not count)."""

MAX_EXPONENT = 1000
"""Numbers lie within ``10**MAX_EXPONENT`` of zero either way: no digit is further than
``MAX_EXPONENT`` places from the decimal point."""

MAX_TEXT = 2500
"""The longest text kpirag reads as a number, a target or a tolerance (after stripping spaces)."""

_WORKED_EXPONENT = 4 * MAX_EXPONENT + 2 * MAX_DIGITS
"""How far from the decimal point a number kpirag works out may reach: far past any gap,
edge or share of numbers within the limits (a 1E-1000% tolerance of 1E-1000 is 1E-2002)."""
_WORKED_LIMIT = 10**_WORKED_EXPONENT

_INT_LIMIT = 10**MAX_DIGITS
_LARGEST_INT = 10 ** (MAX_EXPONENT + 1)
_FRACTION_LIMIT = 10 ** (MAX_EXPONENT + MAX_DIGITS + 1)
_SMALLEST = Fraction(1, 10**MAX_EXPONENT)
_LARGEST = Fraction(_LARGEST_INT)

Number: TypeAlias = int | float | Decimal | str
"""What kpirag accepts wherever a number is expected."""

_NUMBER_PATTERN = r"""
    (?P<open>\()?                      # accounting negative: (1,230)
    (?P<sign>[-+\u2212])?              # ASCII minus, plus, or the Unicode minus sign
    (?P<currency>£|\$|€)?
    (?P<digits>
        \d{1,3}(?:,\d{3})+(?:\.\d+)?   # 1,230 or 79,333.5
      | \d+(?:\.\d*)?                  # 46 or 46.5 or 46.
      | \.\d+                          # .5
    )
    (?P<scale>\s?(?:bn|m|k)(?![^\W\d_]))?  # money: £1.2m, £250k (a letter after: a unit word)
    (?P<percent>\s?%)?
    (?P<close>\))?
"""
_NUMBER = re.compile(_NUMBER_PATTERN, re.VERBOSE | re.IGNORECASE)

_STOP_WORDS = (
    "or|and|to|than|of|less|fewer|more|greater|higher|lower|above|below|over|under"
    "|least|most|up|not|no|minimum|maximum|min|max|between|a|an"
)
UNIT_PATTERN = rf"""
    (?P<unit>
        per\s\d{{1,3}}(?:,\d{{3}})+       # per 1,000  per 100,000
      | per\s\d+                         # per 1000
      | percentage\spoints?
      | per\scent
      | (?!(?:{_STOP_WORDS})(?![^\W\d_]))[^\W\d_]+   # one word that is not an operator word
    )
"""
"""A unit after a number: ``weeks``, ``pp``, ``percentage points``, ``per 1,000``, a word."""

_QUANTITY = re.compile(
    _NUMBER_PATTERN + r"(?:\s?" + UNIT_PATTERN + ")?", re.VERBOSE | re.IGNORECASE
)

_SCALES = {"k": 3, "m": 6, "bn": 9}

_UNIT_NAMES = {
    "week": "weeks",
    "weeks": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "day": "days",
    "days": "days",
    "hour": "hours",
    "hours": "hours",
    "hr": "hours",
    "hrs": "hours",
    "minute": "minutes",
    "minutes": "minutes",
    "mins": "minutes",
    "pp": "pp",
    "ppt": "pp",
    "percentage point": "pp",
    "percentage points": "pp",
    "%": "%",
    "percent": "%",
    "per cent": "%",
}
"""Spellings of the units kpirag knows, case-folded, to their canonical names."""

CURRENCIES = ("£", "$", "€")
"""Currency signs; a money amount's unit is its sign."""

_UNIT_TEXT = re.compile(r"(?:£|\$|€|%|per\s\d{1,3}(?:,\d{3})+|per\s\d+|[^\W\d_]+(?:\s[^\W\d_]+)?)")


def unit_name(unit: object, field: str = "unit") -> str:
    """The canonical name of a unit: ``"week"`` is ``"weeks"``, ``"per 1000"`` is ``"per 1,000"``.

    Known units (``weeks``, ``days``, ``hours``, ``minutes``, ``pp``, ``%``)
    take their canonical spelling; a currency sign is itself; ``per N`` gets
    thousands separators; any other single word is the unit, case-folded.

    ```pycon
    >>> unit_name("Weeks"), unit_name("percentage points"), unit_name("per 100000")
    ('weeks', 'pp', 'per 100,000')

    ```
    """
    if not isinstance(unit, str):
        raise wrong_type(field, unit, "a unit such as 'weeks', 'pp', '£' or 'per 1,000'")
    folded = " ".join(unit.casefold().split())
    if len(folded) > MAX_TEXT or _UNIT_TEXT.fullmatch(folded) is None:
        raise InvalidValueError(
            field=field,
            value=unit,
            expected="a unit such as 'weeks', 'pp', '£', 'per 1,000' or one word",
        )
    if folded in _UNIT_NAMES:
        return _UNIT_NAMES[folded]
    if folded.startswith("per "):
        return f"per {int(folded[4:].replace(',', '')):,}"
    if " " in folded:
        raise InvalidValueError(field=field, value=unit, expected="a known unit or a single word")
    return folded


def with_unit(text: str, unit: str | None, *, percent: bool = False) -> str:
    """Number text shown with its unit: ``69%``, ``£118``, ``-£5``, ``5pp``, ``30 weeks``.

    ```pycon
    >>> with_unit("-5", "£"), with_unit("30", "weeks"), with_unit("69", None, percent=True)
    ('-£5', '30 weeks', '69%')

    ```
    """
    if type(text) is not str or type(percent) is not bool:
        if not isinstance(text, str):
            raise wrong_type("text", text, "number text")
        raise wrong_type("percent", percent, "True or False")
    if unit is not None and not isinstance(unit, str):
        raise wrong_type("unit", unit, "a unit such as 'weeks', 'pp', '£' or None")
    if percent or unit == "%":
        return f"{text}%"
    if unit is None:
        return text
    if unit in CURRENCIES:
        return f"-{unit}{text[1:]}" if text.startswith("-") else f"{unit}{text}"
    if unit == "pp":
        return f"{text}pp"
    return f"{text} {unit}"


_LIMITS = (
    f"a number with at most {MAX_DIGITS} significant digits, "
    f"between 1E-{MAX_EXPONENT} and 1E+{MAX_EXPONENT} in size (see docs/exactness.md)"
)


def _finite(number: Decimal, original: object, field: str) -> Decimal:
    if not number.is_finite():
        raise InvalidValueError(
            field=field, value=original, expected="a finite number, not NaN or infinity"
        )
    return bounded(number, original, field)


def bounded(number: Decimal, original: object, field: str) -> Decimal:
    """``number`` if it is within kpirag's limits, else ``InvalidValueError``.

    At most ``MAX_DIGITS`` significant digits, and no digit further than
    ``MAX_EXPONENT`` places from the decimal point.
    """
    if number.adjusted() > MAX_EXPONENT:
        raise InvalidValueError(field=field, value=original, expected=_LIMITS)
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -MAX_EXPONENT:
        raise InvalidValueError(field=field, value=original, expected=_LIMITS)
    if number.adjusted() - exponent >= MAX_DIGITS:
        # More digits than allowed unless enough of them are trailing zeros.
        significant = "".join(map(str, number.as_tuple().digits)).rstrip("0")
        if len(significant) > MAX_DIGITS:
            raise InvalidValueError(field=field, value=original, expected=_LIMITS)
    return number


def parse_number(text: str, *, field: str = "value") -> tuple[Decimal, bool]:
    """Read a number as reports write it, returning ``(number, is_percent)``.

    Accepts thousands separators (``2,000``), a trailing percent sign
    (``69%``), a leading currency sign (dropped) with ``k``, ``m`` or ``bn``
    for thousands, millions, billions (``£1.2m``), and parentheses for
    negatives (``(1,230)``). For text with a unit (``30 weeks``) use
    ``parse_quantity``. Text longer than ``MAX_TEXT`` characters, and numbers
    beyond ``MAX_DIGITS`` significant digits or ``MAX_EXPONENT``, are refused.

    ```pycon
    >>> parse_number("2,000")
    (Decimal('2000'), False)
    >>> parse_number("(1,230)")
    (Decimal('-1230'), False)
    >>> parse_number("66.7%")
    (Decimal('66.7'), True)
    >>> parse_number("£0.100m")
    (Decimal('100000'), False)

    ```
    """
    return _read_number(_fullmatch(_NUMBER, text, field, _NUMBER_FORMS), text, field)


_NUMBER_FORMS = "a number such as '46', '2,000', '69%' or '(1,230)'"


def _fullmatch(
    pattern: re.Pattern[str], text: object, field: str, expected: str, *, collapse: bool = False
) -> re.Match[str]:
    """``text`` matched whole by ``pattern``; ``collapse``: spaces collapsed, a full stop dropped.

    Raises our error for text of another type, longer than ``MAX_TEXT``, or not matched.
    """
    if not isinstance(text, str):
        raise wrong_type(field, text, "number text")
    stripped = short_text(text, field, InvalidValueError, expected=_LIMITS)
    if collapse:
        stripped = " ".join(stripped.split()).removesuffix(".")
    match = pattern.fullmatch(stripped)
    if match is None:
        raise InvalidValueError(field=field, value=text, expected=expected)
    return match


def short_text(text: str, field: str, error: type[KpiragError], expected: str | None = None) -> str:
    """``text`` stripped, or ``error`` when that is longer than ``MAX_TEXT`` characters."""
    stripped = text.strip()
    if len(stripped) > MAX_TEXT:
        raise error(
            f"longer than {MAX_TEXT} characters", field=field, value=text, expected=expected
        )
    return stripped


def _read_number(match: re.Match[str], text: str, field: str) -> tuple[Decimal, bool]:
    """The number a ``_NUMBER`` (or ``_QUANTITY``) match holds, and whether it is a percentage."""
    if bool(match["open"]) != bool(match["close"]):
        raise InvalidValueError(field=field, value=text, expected=_NUMBER_FORMS)
    if match["open"] and match["sign"]:
        raise InvalidValueError(
            "a number in parentheses is already negative; drop the sign", field=field, value=text
        )
    number = bounded(Decimal(match["digits"].replace(",", "")), text, field)
    if match["scale"]:
        if not match["currency"] or match["percent"]:
            raise InvalidValueError(
                "'k', 'm' and 'bn' scale money amounts only, such as '£250k' or '£1.2m'",
                field=field,
                value=text,
            )
        number = trim(
            bounded(number.scaleb(_SCALES[match["scale"].strip().casefold()], EXACT), text, field)
        )
    if match["open"] or match["sign"] in {"-", "\u2212"}:
        number = number.copy_negate()  # exact: unary minus rounds to the caller's context
    return number, match["percent"] is not None


def _optional_unit(unit: object) -> str | None:
    return None if unit is None else unit_name(unit)


def _quantity_number(value: object) -> Decimal:
    return to_decimal(value, field="number")


@attrs.frozen(cache_hash=True)
class Quantity:
    """A number with its unit, as a report writes it: ``30 weeks``, ``£1.2m``, ``69%``.

    Attributes:
        number: the exact number (``£1.2m`` is 1200000).
        unit: the canonical unit (``"weeks"``, ``"pp"``, ``"per 1,000"``, ``"£"``,
            or any single word, case-folded), or ``None``.
        percent: whether the number is a percentage (then ``unit`` is ``None``).

    ```pycon
    >>> parse_quantity("30 Weeks")
    Quantity(number=Decimal('30'), unit='weeks', percent=False)
    >>> [str(parse_quantity(text)) for text in ("£250k", "(1,234)", "12 per 1000")]
    ['£250000', '-1234', '12 per 1,000']

    ```
    """

    number: Decimal = attrs.field(converter=_quantity_number)
    unit: str | None = attrs.field(default=None, converter=_optional_unit)
    percent: bool = attrs.field(default=False, validator=flag)

    def __attrs_post_init__(self) -> None:
        if self.unit == "%":
            object.__setattr__(self, "unit", None)
            object.__setattr__(self, "percent", True)
        if self.percent and self.unit is not None:
            raise InvalidValueError("a percentage has no other unit", field="unit", value=self.unit)

    def __str__(self) -> str:
        return with_unit(format_decimal(self.number), self.unit, percent=self.percent)


def parse_quantity(text: str, *, unit: str | None = None, field: str = "value") -> Quantity:
    """Read a number and its unit as reports write them.

    Everything ``parse_number`` reads, followed by an optional unit: a known
    one (``weeks``, ``days``, ``hours``, ``minutes``, ``pp`` or ``percentage
    points``, ``per 1,000``, ``per 100,000``), or any single word (``jobs``).
    A currency sign is the unit of a money amount. A trailing full stop is
    ignored. Parsing is linear in the text's length.

    Args:
        text: the text.
        unit: the unit declared for the figure (a KPI's own unit word); text
            without a unit takes it, and text with another unit is refused.
        field: the name used in error messages.

    Raises:
        InvalidValueError: the text is not a number with a unit.
        UnitMismatchError: the text's unit is not the declared ``unit``.

    ```pycon
    >>> parse_quantity("103 jobs").unit
    'jobs'
    >>> parse_quantity("103", unit="jobs")
    Quantity(number=Decimal('103'), unit='jobs', percent=False)

    ```
    """
    declared = None if unit is None else unit_name(unit)
    expected = "a number and an optional unit, such as '46', '30 weeks', '69%' or '£1.2m'"
    match = _fullmatch(_QUANTITY, text, field, expected, collapse=True)
    number, percent = _read_number(match, text, field)
    found = None if match["unit"] is None else unit_name(match["unit"], field)
    if found == "%":
        if percent:
            raise InvalidValueError("a percentage twice", field=field, value=text)
        found, percent = None, True
    if match["currency"]:
        if found is not None or percent:
            raise InvalidValueError("a money amount has no other unit", field=field, value=text)
        found = match["currency"]
    if declared is not None:
        if found is None and not percent:
            found = None if declared == "%" else declared
            percent = declared == "%"
        elif (found or "%") != declared:
            raise UnitMismatchError(
                f"its unit is {found or '%'!r}, not the declared {declared!r}",
                field=field,
                value=text,
                expected=f"a figure in {declared}",
            )
    return Quantity(number, found, percent)


def to_decimal(value: object, *, field: str = "value") -> Decimal:
    """Convert ``value`` to an exact ``Decimal``.

    ``int`` and integer types (NumPy's included) are exact; ``float`` is read
    as the decimal it prints as; ``Decimal`` is kept (NaN and infinities are
    rejected); ``Fraction`` is accepted when it has a finite decimal
    expansion; ``str`` is parsed with ``parse_number`` (a percent sign is
    allowed and dropped: the number is in percent units). Every number must be
    within kpirag's limits (``MAX_DIGITS`` significant digits, ``MAX_EXPONENT``).

    Args:
        value: the number to read.
        field: the name used in error messages.

    Raises:
        ValueTypeError: for ``bool``, ``None`` and types that are not numbers.
        InvalidValueError: for NaN, infinities, text that is not a number, and
            numbers beyond the limits.

    ```pycon
    >>> to_decimal(0.1)
    Decimal('0.1')
    >>> to_decimal("79,333")
    Decimal('79333')
    >>> to_decimal(True)
    Traceback (most recent call last):
    ...
    kpirag.errors.ValueTypeError: Invalid value True: expected a number, not a bool
    >>> to_decimal(Decimal("1e999999999"))
    Traceback (most recent call last):
    ...
    kpirag.errors.InvalidValueError: Invalid value 1E+999999999: expected a number ...

    ```
    """
    # Exact type checks first: they are the hot path.
    cls = type(value)
    if cls is Decimal:
        return _finite(value, value, field)  # type: ignore[arg-type]
    if cls is int:
        if -_INT_LIMIT < value < _INT_LIMIT:
            return Decimal(value)  # type: ignore[arg-type]
        return _integer(value, field)  # type: ignore[arg-type]
    if cls is float:
        # A finite float's repr has at most 17 digits and an exponent within 324.
        return _finite(Decimal(repr(value)), value, field)
    if isinstance(value, bool):
        raise ValueTypeError(field=field, value=value, expected="a number, not a bool")
    if isinstance(value, str):
        return parse_number(value, field=field)[0]
    if isinstance(value, Decimal):
        return _finite(Decimal(value), value, field)
    if isinstance(value, float):
        return _finite(Decimal(repr(float(value))), value, field)
    if isinstance(value, Integral):
        return _integer(operator.index(value), field)
    if isinstance(value, Fraction):
        return _fraction(value, field)
    if value is None:
        raise ValueTypeError(
            "expected a number, got nothing", field=field, value=None, expected="a number"
        )
    raise ValueTypeError(
        f"expected an int, float, Decimal or numeric string, not {type(value).__name__}",
        field=field,
        value=value,
        expected="an int, float, Decimal or numeric string",
    )


def to_fraction(value: object, *, field: str = "value") -> Fraction:
    """Read ``value`` as an exact ``Fraction``: the one number reader for exact arithmetic.

    Everything ``to_decimal`` reads, read the same way and within the same
    limits, and any ``Fraction`` within those limits (``1/3`` included, which
    has no decimal form). ``kpirag.spc`` reads its values with it.

    Raises:
        ValueTypeError: for ``bool``, ``None`` and types that are not numbers.
        InvalidValueError: for NaN, infinities, text that is not a number, and
            numbers beyond the limits.

    ```pycon
    >>> to_fraction("2,000"), to_fraction(0.1), to_fraction(Fraction(1, 3))
    (Fraction(2000, 1), Fraction(1, 10), Fraction(1, 3))

    ```
    """
    if isinstance(value, Fraction):
        read_fraction(value, field)
        return value
    return Fraction(to_decimal(value, field=field))


def _fraction(value: Fraction, field: str) -> Decimal:
    exact = read_fraction(value, field)
    if isinstance(exact, Fraction):
        raise InvalidValueError(
            "the fraction has no exact decimal form within kpirag's limits; "
            "round it to a Decimal first",
            field=field,
            value=value,
            expected="a fraction with a finite decimal form",
        )
    return exact


def _integer(value: int, field: str) -> Decimal:
    if not -_LARGEST_INT < value < _LARGEST_INT:
        raise InvalidValueError(field=field, value=value, expected=_LIMITS)
    return bounded(Decimal(value), value, field)


def read_fraction(value: Fraction, field: str = "value") -> Decimal | Fraction:
    """``value`` as an exact Decimal when it has one within the limits, else the fraction.

    Raises ``InvalidValueError`` for a fraction beyond the size limits, whose
    numerator or denominator has more than ``MAX_DIGITS + MAX_EXPONENT`` digits.
    """
    numerator, denominator = value.numerator, value.denominator
    if not (-_FRACTION_LIMIT < numerator < _FRACTION_LIMIT and denominator < _FRACTION_LIMIT) or (
        numerator and not _SMALLEST <= abs(value) < _LARGEST
    ):
        raise InvalidValueError(field=field, value=value, expected=_LIMITS)
    twos = (denominator & -denominator).bit_length() - 1
    denominator >>= twos
    fives = 0
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return value
    places = max(twos, fives)
    scaled = value * 10**places
    number = Decimal(int(scaled)).scaleb(-places, EXACT)
    try:
        return bounded(number, value, field)
    except InvalidValueError:
        return value


def exact_number(value: object, field: str) -> Decimal | Fraction:
    """An int, Decimal or Fraction checked (finite, of a size kpirag can work with) for comparing.

    Numbers kpirag works out (a miss, a distance, a total) may pass the input
    limits: they are accepted as far as ``worked_out`` accepts them. Anything
    else, floats and text included, is a ``ValueTypeError``: callers that
    accept those read them with ``to_decimal`` first.
    """
    if isinstance(value, Fraction):
        if abs(value.numerator) < _WORKED_LIMIT and value.denominator < _WORKED_LIMIT:
            return value
        raise InvalidValueError(field=field, value=value, expected=_WORKED)
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise wrong_type(field, value, "an int, Decimal or Fraction")
    if isinstance(value, int):
        if -_WORKED_LIMIT < value < _WORKED_LIMIT:
            return Decimal(value)
        raise InvalidValueError(field=field, value=value, expected=_WORKED)
    return worked_out(value, field)


_WORKED = (
    f"a finite number within {_WORKED_EXPONENT} places of the decimal point either way "
    "(numbers kpirag works out may pass the input limits, not this one)"
)


def worked_out(number: object, field: str = "number") -> Decimal:
    """``number`` checked as a number kpirag worked out (a gap, an edge, a share), for showing.

    Such a number may pass the input limits (1 minus 5e-324 has 324 digits):
    a finite Decimal is accepted while its digits lie within
    ``_WORKED_EXPONENT`` places of the decimal point, far past anything
    worked out from numbers within the limits, so it can always be written
    out. Anything else is read by ``to_decimal``.
    """
    if not isinstance(number, Decimal):
        return to_decimal(number, field=field)
    exponent = number.as_tuple().exponent
    if (
        not isinstance(exponent, int)
        or exponent < -_WORKED_EXPONENT
        or number.adjusted() > _WORKED_EXPONENT
    ):
        expected = _WORKED if isinstance(exponent, int) else "a finite number, not NaN or infinity"
        raise InvalidValueError(field=field, value=number, expected=expected)
    return number


def format_decimal(number: Decimal, places: int | None = None, *, grouping: bool = False) -> str:
    """Format ``number`` in plain (never scientific) notation.

    With ``places`` the number is rounded half-up to that many decimal places,
    for display only. With ``grouping`` thousands are separated by commas.
    A number kpirag worked out (a gap, an edge) is shown in full, even past
    the input limits.

    ```pycon
    >>> format_decimal(Decimal("1E+1"))
    '10'
    >>> format_decimal(Decimal("6.976"), 1)
    '7.0'
    >>> format_decimal(Decimal("-1230"), grouping=True)
    '-1,230'

    ```
    """
    number = worked_out(number)
    places = _places(places)
    if not isinstance(grouping, bool):
        raise wrong_type("grouping", grouping, "True or False")
    if places is not None:
        with localcontext(EXACT):
            number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{number:,f}" if grouping else f"{number:f}"
    if text.startswith("-") and number.is_zero():
        text = text[1:]
    return text


def _places(places: object) -> int | None:
    """``places`` checked: ``None`` or a whole number within ``MAX_EXPONENT`` either way."""
    if places is None:
        return None
    if isinstance(places, bool) or not isinstance(places, Integral):
        raise wrong_type("places", places, "a whole number")
    whole = operator.index(places)
    if not -MAX_EXPONENT <= whole <= MAX_EXPONENT:
        raise InvalidValueError(
            field="places",
            value=places,
            expected=f"a whole number from -{MAX_EXPONENT} to {MAX_EXPONENT}",
        )
    return whole


def trim(number: Decimal) -> Decimal:
    """An equal Decimal without trailing fractional zeros (``4.30`` becomes ``4.3``).

    Unlike ``normalize``, whole numbers keep a plain
    exponent (``4300`` stays ``4300``, never ``4.3E+3``). A number kpirag
    worked out may pass the input limits, as ``format_decimal`` allows.

    ```pycon
    >>> trim(Decimal("47.30")), trim(Decimal("4300.0"))
    (Decimal('47.3'), Decimal('4300'))

    ```
    """
    number = worked_out(number)
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
    given: object = value
    exact = given if isinstance(given, Fraction) else Fraction(to_decimal(given))
    read_fraction(exact)  # within the limits
    given_places: object = places
    checked = _places(given_places)
    if checked is None:
        raise wrong_type("places", given_places, "a whole number")
    if not isinstance(half_even, bool):
        raise wrong_type("half_even", half_even, "True or False")
    return rounded(exact, checked, half_even=half_even)


def rounded(value: Fraction, places: int, *, half_even: bool = False) -> Decimal:
    """``round_fraction`` without checking its arguments (for callers that already did)."""
    sign = -1 if value < 0 else 1
    scaled = abs(value) * Fraction(10) ** places
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * remainder
    if twice > scaled.denominator or (
        twice == scaled.denominator and (not half_even or whole % 2 == 1)
    ):
        whole += 1
    return Decimal(sign * whole).scaleb(-places, EXACT)
