"""Reading and rounding numbers where mutation testing found the suite silent: kpirag.rules._values."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from kpirag import (
    InvalidValueError,
    KpiragError,
    UnitMismatchError,
    ValueTypeError,
    format_decimal,
    to_decimal,
)
from kpirag.rules import (
    Quantity,
    parse_number,
    parse_quantity,
    round_fraction,
    trim,
    unit_name,
)
from kpirag.rules import _values as _values_module
from kpirag.rules._values import exact_number, rounded, with_unit

NO_DECIMAL = (
    "the fraction has no exact decimal form within kpirag's limits; round it to a Decimal first"
)
FINITE = "expected a finite number, not NaN or infinity"


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (1, 2, "0.5"),
        (1, 8, "0.125"),
        (1, 5, "0.2"),
        (1, 25, "0.04"),
        (3, 40, "0.075"),
        (-7, 250, "-0.028"),
        (1, 5**30, "1.073741824E-21"),
        (10**40 + 1, 2, "5000000000000000000000000000000000000000.5"),
    ],
)
def test_fraction_with_a_finite_decimal(numerator: int, denominator: int, expected: str) -> None:
    """A Fraction whose denominator has only the factors 2 and 5 becomes its exact, shortest Decimal."""
    result = to_decimal(Fraction(numerator, denominator))
    assert result == Fraction(numerator, denominator)
    assert str(result) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator"),
    [(1, 3), (1, 6), (1, 15), (7, 2 * (2**60 + 1)), (1, 5 * (2**60 + 1))],
)
def test_fraction_without_a_finite_decimal(numerator: int, denominator: int) -> None:
    """A Fraction with any other prime in its denominator is refused, with the reason."""
    value = Fraction(numerator, denominator)
    with pytest.raises(InvalidValueError) as caught:
        to_decimal(value)
    assert str(caught.value) == f"Invalid value {value}: {NO_DECIMAL}"


@pytest.mark.parametrize(
    ("numerator", "denominator", "places", "expected"),
    [
        (9, 2, 0, "4"),
        (11, 2, 0, "6"),
        (-5, 2, 0, "-2"),
        (-7, 2, 0, "-4"),
        (45, 1000, 2, "0.04"),
        (55, 1000, 2, "0.06"),
        (451, 10000, 2, "0.05"),
    ],
)
def test_round_half_even(numerator: int, denominator: int, places: int, expected: str) -> None:
    """With half_even, an exact half goes to the even neighbour and anything past half goes up."""
    rounded = round_fraction(Fraction(numerator, denominator), places, half_even=True)
    assert rounded == Decimal(expected)


class _Decimal(Decimal):
    """A Decimal subclass, as a library might hand one over."""


class _Float(float):
    """A float subclass, as NumPy's float64 is."""


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: _Decimal("1.50"), "1.50"),
        (lambda: _Float(0.1), "0.1"),
        (lambda: _Float(-2.5e-7), "-2.5E-7"),
    ],
)
def test_subclasses_of_decimal_and_float(build: Callable[[], object], expected: str) -> None:
    """A Decimal or float subclass is read like its base class, as an exact plain Decimal."""
    result = to_decimal(build())
    assert type(result) is Decimal
    assert str(result) == expected


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: to_decimal(Decimal("NaN")),
            InvalidValueError,
            f"Invalid value NaN: {FINITE}",
        ),
        (
            lambda: to_decimal(Decimal("-Infinity"), field="budget"),
            InvalidValueError,
            f"Invalid budget -Infinity: {FINITE}",
        ),
        (
            lambda: to_decimal(_Decimal("NaN"), field="amount"),
            InvalidValueError,
            f"Invalid amount NaN: {FINITE}",
        ),
        (
            lambda: to_decimal(_Float("inf"), field="amount"),
            InvalidValueError,
            f"Invalid amount inf: {FINITE}",
        ),
        (
            lambda: to_decimal(None),
            ValueTypeError,
            "Invalid value None: expected a number, got nothing",
        ),
        (
            lambda: to_decimal([1]),
            ValueTypeError,
            "Invalid value [1]: expected an int, float, Decimal or numeric string, not list",
        ),
    ],
)
def test_error_messages(build: Callable[[], object], error: type[Exception], message: str) -> None:
    """A value that is not a finite number raises our error naming the field and value (a wrong type by name)."""
    with pytest.raises(error) as caught:
        build()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("1234567890123456789012345678901.50", "1234567890123456789012345678901.5"),
        ("1234567890123456789012345678901.0", "1234567890123456789012345678901"),
    ],
)
def test_trim_is_exact_past_28_digits(number: str, expected: str) -> None:
    """Trimming trailing zeros never rounds, however many digits the number has."""
    assert str(trim(Decimal(number))) == expected


# -- every raise site: class, field, value, expected and the whole message ---------------------

LIMITS = (
    "a number with at most 100 significant digits, "
    "between 1E-1000 and 1E+1000 in size (see docs/exactness.md)"
)
NUMBER_TEXT = "a number such as '46', '2,000', '69%' or '(1,230)'"
QUANTITY_TEXT = "a number and an optional unit, such as '46', '30 weeks', '69%' or '£1.2m'"
UNIT_TYPE = "a unit such as 'weeks', 'pp', '£' or 'per 1,000'"
WORKED = (
    "a finite number within 4200 places of the decimal point either way "
    "(numbers kpirag works out may pass the input limits, not this one)"
)
UNIT_TEXT = "a unit such as 'weeks', 'pp', '£', 'per 1,000' or one word"
SCALE = "'k', 'm' and 'bn' scale money amounts only, such as '£250k' or '£1.2m'"


class _Count(int):
    """An integer type that is not int, as NumPy's int64 is."""


untyped: Any = _values_module  # calls with wrong types on purpose


@pytest.mark.parametrize(
    ("call", "error", "field", "value", "expected", "message"),
    [
        # unit_name
        (
            lambda: untyped.unit_name(5),
            ValueTypeError,
            "unit",
            5,
            UNIT_TYPE,
            f"Invalid unit 5: expected {UNIT_TYPE}, not int",
        ),
        (
            lambda: unit_name("3x", field="kpi unit"),
            InvalidValueError,
            "kpi unit",
            "3x",
            UNIT_TEXT,
            f"Invalid kpi unit '3x': expected {UNIT_TEXT}",
        ),
        (
            lambda: unit_name("foo bar"),
            InvalidValueError,
            "unit",
            "foo bar",
            "a known unit or a single word",
            "Invalid unit 'foo bar': expected a known unit or a single word",
        ),
        # parse_number
        (
            lambda: untyped.parse_number(5),
            ValueTypeError,
            "value",
            5,
            "number text",
            "Invalid value 5: expected number text, not int",
        ),
        (
            lambda: untyped.parse_number(5.0, field="amount"),
            ValueTypeError,
            "amount",
            5.0,
            "number text",
            "Invalid amount 5.0: expected number text, not float",
        ),
        (
            lambda: parse_number("abc"),
            InvalidValueError,
            "value",
            "abc",
            NUMBER_TEXT,
            f"Invalid value 'abc': expected {NUMBER_TEXT}",
        ),
        (
            lambda: parse_number("(12", field="amount"),
            InvalidValueError,
            "amount",
            "(12",
            NUMBER_TEXT,
            f"Invalid amount '(12': expected {NUMBER_TEXT}",
        ),
        (
            lambda: parse_number("12)", field="amount"),
            InvalidValueError,
            "amount",
            "12)",
            NUMBER_TEXT,
            f"Invalid amount '12)': expected {NUMBER_TEXT}",
        ),
        (
            lambda: parse_number("(-12)", field="amount"),
            InvalidValueError,
            "amount",
            "(-12)",
            None,
            "Invalid amount '(-12)': a number in parentheses is already negative; drop the sign",
        ),
        (
            lambda: parse_number("5k", field="amount"),
            InvalidValueError,
            "amount",
            "5k",
            None,
            f"Invalid amount '5k': {SCALE}",
        ),
        (
            lambda: parse_number("£5k%"),
            InvalidValueError,
            "value",
            "£5k%",
            None,
            f"Invalid value '£5k%': {SCALE}",
        ),
        # to_decimal
        (
            lambda: to_decimal(True, field="amount"),
            ValueTypeError,
            "amount",
            True,
            "a number, not a bool",
            "Invalid amount True: expected a number, not a bool",
        ),
        (
            lambda: to_decimal(False),
            ValueTypeError,
            "value",
            False,
            "a number, not a bool",
            "Invalid value False: expected a number, not a bool",
        ),
        (
            lambda: to_decimal(None, field="amount"),
            ValueTypeError,
            "amount",
            None,
            "a number",
            "Invalid amount None: expected a number, got nothing",
        ),
        (
            lambda: to_decimal(b"1", field="amount"),
            ValueTypeError,
            "amount",
            b"1",
            "an int, float, Decimal or numeric string",
            "Invalid amount b'1': expected an int, float, Decimal or numeric string, not bytes",
        ),
        (
            lambda: to_decimal("abc", field="amount"),
            InvalidValueError,
            "amount",
            "abc",
            NUMBER_TEXT,
            f"Invalid amount 'abc': expected {NUMBER_TEXT}",
        ),
        (
            lambda: to_decimal(float("nan"), field="amount"),
            InvalidValueError,
            "amount",
            "nan",
            "a finite number, not NaN or infinity",
            "Invalid amount nan: expected a finite number, not NaN or infinity",
        ),
        (
            lambda: to_decimal(Decimal("1E+1001"), field="amount"),
            InvalidValueError,
            "amount",
            Decimal("1E+1001"),
            LIMITS,
            f"Invalid amount 1E+1001: expected {LIMITS}",
        ),
        (
            lambda: to_decimal(Decimal("-1E-1001"), field="amount"),
            InvalidValueError,
            "amount",
            Decimal("-1E-1001"),
            LIMITS,
            f"Invalid amount -1E-1001: expected {LIMITS}",
        ),
        (
            lambda: to_decimal(_Decimal("1E+1001"), field="amount"),
            InvalidValueError,
            "amount",
            Decimal("1E+1001"),
            LIMITS,
            f"Invalid amount 1E+1001: expected {LIMITS}",
        ),
        (
            lambda: to_decimal(_Float(1e300), field="amount"),
            None,
            None,
            None,
            None,
            "1E+300",
        ),
        (
            lambda: to_decimal(Fraction(1, 3), field="amount"),
            InvalidValueError,
            "amount",
            Fraction(1, 3),
            "a fraction with a finite decimal form",
            f"Invalid amount 1/3: {NO_DECIMAL}",
        ),
        # Quantity
        (
            lambda: Quantity(5, "weeks", True),
            InvalidValueError,
            "unit",
            "weeks",
            None,
            "Invalid unit 'weeks': a percentage has no other unit",
        ),
        (
            lambda: Quantity("abc"),
            InvalidValueError,
            "number",
            "abc",
            NUMBER_TEXT,
            f"Invalid number 'abc': expected {NUMBER_TEXT}",
        ),
        (
            lambda: untyped.Quantity(5, 7),
            ValueTypeError,
            "unit",
            7,
            UNIT_TYPE,
            f"Invalid unit 7: expected {UNIT_TYPE}, not int",
        ),
        # parse_quantity
        (
            lambda: untyped.parse_quantity(5),
            ValueTypeError,
            "value",
            5,
            "number text",
            "Invalid value 5: expected number text, not int",
        ),
        (
            lambda: untyped.parse_quantity(5, field="amount"),
            ValueTypeError,
            "amount",
            5,
            "number text",
            "Invalid amount 5: expected number text, not int",
        ),
        (
            lambda: parse_quantity("abc"),
            InvalidValueError,
            "value",
            "abc",
            QUANTITY_TEXT,
            f"Invalid value 'abc': expected {QUANTITY_TEXT}",
        ),
        (
            lambda: parse_quantity("(12 weeks", field="amount"),
            InvalidValueError,
            "amount",
            "(12 weeks",
            NUMBER_TEXT,
            f"Invalid amount '(12 weeks': expected {NUMBER_TEXT}",
        ),
        (
            lambda: parse_quantity("30 \u0130", field="amount"),
            InvalidValueError,
            "amount",
            "\u0130",
            UNIT_TEXT,
            f"Invalid amount '\u0130': expected {UNIT_TEXT}",
        ),
        (
            lambda: parse_quantity("69% percent", field="amount"),
            InvalidValueError,
            "amount",
            "69% percent",
            None,
            "Invalid amount '69% percent': a percentage twice",
        ),
        (
            lambda: parse_quantity("£5 weeks", field="amount"),
            InvalidValueError,
            "amount",
            "£5 weeks",
            None,
            "Invalid amount '£5 weeks': a money amount has no other unit",
        ),
        (
            lambda: parse_quantity("£5%"),
            InvalidValueError,
            "value",
            "£5%",
            None,
            "Invalid value '£5%': a money amount has no other unit",
        ),
        (
            lambda: parse_quantity("30 days", unit="weeks", field="amount"),
            UnitMismatchError,
            "amount",
            "30 days",
            "a figure in weeks",
            "Invalid amount '30 days': its unit is 'days', not the declared 'weeks'",
        ),
        (
            lambda: parse_quantity("69%", unit="weeks"),
            UnitMismatchError,
            "value",
            "69%",
            "a figure in weeks",
            "Invalid value '69%': its unit is '%', not the declared 'weeks'",
        ),
        (
            lambda: parse_quantity("£5", unit="Weeks"),
            UnitMismatchError,
            "value",
            "£5",
            "a figure in weeks",
            "Invalid value '£5': its unit is '£', not the declared 'weeks'",
        ),
        (
            lambda: parse_quantity("30 weeks", unit="%"),
            UnitMismatchError,
            "value",
            "30 weeks",
            "a figure in %",
            "Invalid value '30 weeks': its unit is 'weeks', not the declared '%'",
        ),
        # exact_number (how Trend and Scheme read their numbers)
        (
            lambda: exact_number(True, "miss"),
            ValueTypeError,
            "miss",
            True,
            "an int, Decimal or Fraction",
            "Invalid miss True: expected an int, Decimal or Fraction, not bool",
        ),
        (
            lambda: exact_number(1.5, "miss"),
            ValueTypeError,
            "miss",
            1.5,
            "an int, Decimal or Fraction",
            "Invalid miss 1.5: expected an int, Decimal or Fraction, not float",
        ),
        (
            lambda: exact_number(Decimal("NaN"), "limit"),
            InvalidValueError,
            "limit",
            "NaN",
            "a finite number, not NaN or infinity",
            "Invalid limit NaN: expected a finite number, not NaN or infinity",
        ),
        # format_decimal, trim, round_fraction
        (
            lambda: untyped.format_decimal(Decimal(1), grouping="yes"),
            ValueTypeError,
            "grouping",
            "yes",
            "True or False",
            "Invalid grouping 'yes': expected True or False, not str",
        ),
        (
            lambda: untyped.format_decimal(Decimal(1), 1.5),
            ValueTypeError,
            "places",
            1.5,
            "a whole number",
            "Invalid places 1.5: expected a whole number, not float",
        ),
        (
            lambda: format_decimal(Decimal(1), True),
            ValueTypeError,
            "places",
            True,
            "a whole number",
            "Invalid places True: expected a whole number, not bool",
        ),
        (
            lambda: format_decimal(Decimal(1), 1001),
            InvalidValueError,
            "places",
            1001,
            "a whole number from -1000 to 1000",
            "Invalid places 1001: expected a whole number from -1000 to 1000",
        ),
        (
            lambda: format_decimal(Decimal(1), -1001),
            InvalidValueError,
            "places",
            -1001,
            "a whole number from -1000 to 1000",
            "Invalid places -1001: expected a whole number from -1000 to 1000",
        ),
        (
            lambda: untyped.format_decimal("abc"),
            InvalidValueError,
            "number",
            "abc",
            NUMBER_TEXT,
            f"Invalid number 'abc': expected {NUMBER_TEXT}",
        ),
        (
            lambda: untyped.trim(None),
            ValueTypeError,
            "number",
            None,
            "a number",
            "Invalid number None: expected a number, got nothing",
        ),
        (
            lambda: untyped.trim("abc"),
            InvalidValueError,
            "number",
            "abc",
            NUMBER_TEXT,
            f"Invalid number 'abc': expected {NUMBER_TEXT}",
        ),
        (
            lambda: untyped.round_fraction(Fraction(1, 3), None),
            ValueTypeError,
            "places",
            None,
            "a whole number",
            "Invalid places None: expected a whole number, not NoneType",
        ),
        (
            lambda: untyped.round_fraction(Fraction(1, 3), 2.0),
            ValueTypeError,
            "places",
            2.0,
            "a whole number",
            "Invalid places 2.0: expected a whole number, not float",
        ),
        (
            lambda: round_fraction(Fraction(1, 3), 1001),
            InvalidValueError,
            "places",
            1001,
            "a whole number from -1000 to 1000",
            "Invalid places 1001: expected a whole number from -1000 to 1000",
        ),
        (
            lambda: untyped.round_fraction(Fraction(1, 3), 2, half_even=1),
            ValueTypeError,
            "half_even",
            1,
            "True or False",
            "Invalid half_even 1: expected True or False, not int",
        ),
    ],
)
def test_every_error_carries_its_data(
    call: Callable[[], object],
    error: type[Exception] | None,
    field: str | None,
    value: object,
    expected: str | None,
    message: str,
) -> None:
    """Each raise site gives our error class with its field, value, expectation and message.

    A row with no error class is a call that succeeds, giving ``message`` as its text.
    Values that are NaN (never equal to themselves) are compared by their text.
    """
    if error is None:
        assert str(call()) == message
        return
    with pytest.raises(error) as caught:
        call()
    err = caught.value
    assert type(err) is error
    assert isinstance(err, KpiragError)
    assert err.field == field
    assert err.has_value
    assert err.value == value or str(err.value) == value
    assert err.expected == expected
    assert str(err) == message


@pytest.mark.parametrize(
    ("call", "field", "value", "reason"),
    [
        (lambda: unit_name("a" * 2501), "unit", "a" * 2501, f"expected {UNIT_TEXT}"),
        (
            lambda: parse_number("0" * 2500 + "1", field="amount"),
            "amount",
            "0" * 2500 + "1",
            "longer than 2500 characters",
        ),
        (
            lambda: parse_quantity(" " + "0" * 2500 + "1 ", field="amount"),
            "amount",
            " " + "0" * 2500 + "1 ",
            "longer than 2500 characters",
        ),
        (
            lambda: parse_number("1" * 101, field="amount"),
            "amount",
            "1" * 101,
            f"expected {LIMITS}",
        ),
        (
            lambda: parse_number("£1" + "0" * 995 + "bn", field="amount"),
            "amount",
            "£1" + "0" * 995 + "bn",
            f"expected {LIMITS}",
        ),
        (
            lambda: parse_quantity("£1" + "0" * 995 + "bn", field="amount"),
            "amount",
            "£1" + "0" * 995 + "bn",
            f"expected {LIMITS}",
        ),
        (
            lambda: to_decimal(Decimal("0." + "1" * 101), field="amount"),
            "amount",
            Decimal("0." + "1" * 101),
            f"expected {LIMITS}",
        ),
        (
            lambda: to_decimal(Decimal("1" * 101), field="amount"),
            "amount",
            Decimal("1" * 101),
            f"expected {LIMITS}",
        ),
        (lambda: to_decimal(10**1001, field="amount"), "amount", 10**1001, f"expected {LIMITS}"),
        (lambda: to_decimal(-(10**1001)), "value", -(10**1001), f"expected {LIMITS}"),
        (
            lambda: to_decimal(int("1" * 101), field="amount"),
            "amount",
            int("1" * 101),
            f"expected {LIMITS}",
        ),
        (
            lambda: to_decimal(_Count(10**1001), field="amount"),
            "amount",
            10**1001,
            f"expected {LIMITS}",
        ),
        (
            lambda: to_decimal(Fraction(1, 10**1001), field="amount"),
            "amount",
            Fraction(1, 10**1001),
            f"expected {LIMITS}",
        ),
        (
            lambda: to_decimal(Fraction(10**1001), field="amount"),
            "amount",
            Fraction(10**1001),
            f"expected {LIMITS}",
        ),
        # At the size limit of a fraction's parts (10**1101), though its size is within limits.
        (
            lambda: to_decimal(Fraction(10**1101, 3**300), field="amount"),
            "amount",
            Fraction(10**1101, 3**300),
            f"expected {LIMITS}",
        ),
        (
            lambda: to_decimal(Fraction(-(10**1101), 3**300), field="amount"),
            "amount",
            Fraction(-(10**1101), 3**300),
            f"expected {LIMITS}",
        ),
        (
            lambda: to_decimal(Fraction(3**300, 10**1101), field="amount"),
            "amount",
            Fraction(3**300, 10**1101),
            f"expected {LIMITS}",
        ),
        (
            lambda: to_decimal(Fraction(7**200, 3 * 10**1101), field="amount"),
            "amount",
            Fraction(7**200, 3 * 10**1101),
            f"expected {LIMITS}",
        ),
        (
            lambda: round_fraction(Fraction(1, 10**1001), 2),
            "value",
            Fraction(1, 10**1001),
            f"expected {LIMITS}",
        ),
        # A distance is worked out, not given: only past the worked-out limit is it refused.
        (
            lambda: exact_number(Fraction(1, 10**4200), "distance"),
            "distance",
            Fraction(1, 10**4200),
            f"expected {WORKED}",
        ),
    ],
)
def test_errors_about_long_values(
    call: Callable[[], object], field: str, value: object, reason: str
) -> None:
    """Values too long to show whole: our error with field, value and the reason that ends it.

    Numbers past the limits say what the limits are (``expected``); text past
    MAX_TEXT says so as its reason, with the limits as ``expected``.
    """
    with pytest.raises(InvalidValueError) as caught:
        call()
    err = caught.value
    assert type(err) is InvalidValueError
    assert err.field == field
    assert err.value == value
    assert err.expected in {LIMITS, UNIT_TEXT, WORKED}
    assert str(err).startswith(f"Invalid {field} ")
    assert str(err).endswith(f" characters): {reason}")


# -- values at the limits, and what is read there ------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: unit_name("a" * 2500), "a" * 2500),
        (lambda: parse_number(" " + "0" * 2499 + "1 ")[0], Decimal(1)),
        (lambda: parse_quantity(" " + "0" * 2499 + "1 ").number, Decimal(1)),
        (lambda: to_decimal(Fraction(1, 10**1000)), Decimal("1E-1000")),
        (lambda: to_decimal(Fraction(-(10**1000))), Decimal("-1E+1000")),
        (lambda: to_decimal(_Count(-(10**1000))), Decimal(-(10**1000))),
        (lambda: to_decimal(Decimal("9" * 100 + "0")), Decimal("9" * 100 + "0")),
        (lambda: to_decimal("9" * 99 + ".90"), Decimal("9" * 99 + ".9")),
        (lambda: to_decimal(10**100), Decimal(10**100)),
        (lambda: to_decimal(-(10**100)), Decimal(-(10**100))),
        (lambda: format_decimal(Decimal(1), 1000), "1." + "0" * 1000),
        (lambda: format_decimal(Decimal(600), -3), "1000"),
        (lambda: format_decimal(Decimal("5E+999"), -1000), "1" + "0" * 1000),
        (lambda: round_fraction(Fraction(5, 10**1000), 1000), Decimal("5E-1000")),
        (lambda: round_fraction(Fraction(15, 10**1001), 1000), Decimal("2E-1000")),
    ],
)
def test_at_the_limits(call: Callable[[], object], expected: object) -> None:
    """Text of exactly MAX_TEXT characters, numbers and place counts at +/-1000 are accepted."""
    assert call() == expected


def test_huge_ints_are_refused_before_becoming_decimals(monkeypatch: pytest.MonkeyPatch) -> None:
    """An int at 10**1001 or beyond (either way) is refused at once, never built into a Decimal.

    Building and measuring the Decimal of 10**10**6 takes tens of seconds: the
    check on the int itself is what keeps the refusal instant.
    """

    def measured(*_: object) -> Decimal:
        raise AssertionError("a huge int was turned into a Decimal to be measured")

    monkeypatch.setattr(_values_module, "bounded", measured)
    for value in (10**1001, -(10**1001), 10**5000, _Count(10**1001)):
        with pytest.raises(InvalidValueError) as caught:
            to_decimal(value, field="amount")
        assert (caught.value.field, caught.value.value) == ("amount", value)
        assert caught.value.expected == LIMITS


# -- units and quantities ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("Wk", "weeks"),
        ("Percentage   Points", "pp"),
        ("PER 1000", "per 1,000"),
        ("per 1,000,000", "per 1,000,000"),
        ("Jobs", "jobs"),
        ("%", "%"),
        ("£", "£"),
        ("per cent", "%"),
    ],
)
def test_unit_names(unit: str, expected: str) -> None:
    """Known units take their canonical name, ``per N`` its separators, a word its folded self."""
    assert unit_name(unit) == expected


@pytest.mark.parametrize(
    ("text", "unit", "percent", "expected"),
    [
        ("69", None, True, "69%"),
        ("69", "weeks", True, "69%"),
        ("69", None, False, "69"),
        ("118", "£", False, "£118"),
        ("-12", "£", False, "-£12"),
        ("-12", "$", False, "-$12"),
        ("5", "pp", False, "5pp"),
        ("-5", "pp", False, "-5pp"),
        ("30", "weeks", False, "30 weeks"),
        ("-30", "PP", False, "-30 PP"),
    ],
)
def test_with_unit(text: str, unit: str | None, percent: bool, expected: str) -> None:
    """Number text with its unit: percent sign, currency before (after a minus), pp, or a word."""
    assert with_unit(text, unit, percent=percent) == expected


def test_with_unit_is_not_a_percentage_by_default() -> None:
    """Without ``percent``, the unit is shown (classification explanations rely on it)."""
    assert with_unit("30", "weeks") == "30 weeks"
    assert with_unit("30", None) == "30"


@pytest.mark.parametrize(
    ("build", "number", "unit", "percent", "text"),
    [
        (lambda: Quantity(5), Decimal(5), None, False, "5"),
        (lambda: Quantity(Decimal("30.0"), "Weeks"), Decimal(30), "weeks", False, "30.0 weeks"),
        (lambda: Quantity(5, "%"), Decimal(5), None, True, "5%"),
        (lambda: Quantity(5, "per cent"), Decimal(5), None, True, "5%"),
        (lambda: Quantity(5, percent=True), Decimal(5), None, True, "5%"),
        (lambda: Quantity("-5", "£"), Decimal(-5), "£", False, "-£5"),
        (lambda: Quantity(0.5, "pp"), Decimal("0.5"), "pp", False, "0.5pp"),
    ],
)
def test_quantity(
    build: Callable[[], Quantity], number: Decimal, unit: str | None, percent: bool, text: str
) -> None:
    """A Quantity reads its number exactly, names its unit, and a ``%`` unit makes it a percentage."""
    quantity = build()
    assert (quantity.number, quantity.unit, quantity.percent) == (number, unit, percent)
    assert type(quantity.number) is Decimal
    assert str(quantity) == text


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("30 weeks", None, ("30", "weeks", False)),
        ("30  Weeks", None, ("30", "weeks", False)),
        ("30 weeks.", None, ("30", "weeks", False)),
        ("69%.", None, ("69", None, True)),
        ("£1.2m.", None, ("1200000", "£", False)),
        ("£250k.", None, ("250000", "£", False)),
        ("46.", None, ("46", None, False)),
        ("69 percent", None, ("69", None, True)),
        ("£5", None, ("5", "£", False)),
        ("12 per 1000", None, ("12", "per 1,000", False)),
        ("30", "weeks", ("30", "weeks", False)),
        ("30 weeks", "Weeks", ("30", "weeks", False)),
        ("30 wks", "weeks", ("30", "weeks", False)),
        ("69", "%", ("69", None, True)),
        ("69%", "%", ("69", None, True)),
        ("69 per cent", "percent", ("69", None, True)),
        ("£5", "£", ("5", "£", False)),
    ],
)
def test_parse_quantity(
    text: str, unit: str | None, expected: tuple[str, str | None, bool]
) -> None:
    """A number with its unit (or the declared one); a trailing full stop after a word is ignored."""
    quantity = parse_quantity(text, unit=unit)
    assert (str(quantity.number), quantity.unit, quantity.percent) == expected


# -- numbers as reports write them -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "percent"),
    [
        ("1,230", "1230", False),
        ("(79,333.50)", "-79333.50", False),
        ("£5k", "5000", False),
        ("£1.50k", "1500", False),
        ("£2 BN", "2000000000", False),
        ("£1.2M", "1200000", False),
        ("£1234567890123456789012345678901.5k", "1234567890123456789012345678901500", False),
        ("(£5k)", "-5000", False),
        ("(5)", "-5", False),
        ("+5", "5", False),
        ("-5%", "-5", True),
        ("\u22125", "-5", False),
    ],
)
def test_parse_number_money_and_signs(text: str, number: str, percent: bool) -> None:
    """Money scales multiply exactly (and are trimmed); parentheses and minus signs negate."""
    result, is_percent = parse_number(text)
    assert str(result) == number
    assert is_percent is percent


def test_to_decimal_reads_text_as_its_number_only() -> None:
    """A percent sign is dropped: to_decimal gives the number, not parse_number's flag."""
    assert to_decimal("46") == Decimal(46)
    assert to_decimal("69%") == Decimal(69)
    assert type(to_decimal("0%")) is Decimal


# -- formatting, trimming and rounding -------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: format_decimal(Decimal(1230)), "1230"),
        (lambda: format_decimal(Decimal(0)), "0"),
        (lambda: format_decimal(Decimal("-0")), "0"),
        (lambda: format_decimal(Decimal("-0.00")), "0.00"),
        (lambda: format_decimal(Decimal("-0.04"), 1), "0.0"),
        (lambda: format_decimal(Decimal("-12.5"), 0), "-13"),
        (lambda: format_decimal(Decimal(-1), -3), "0"),
        (lambda: format_decimal(Decimal("12345.678"), 2, grouping=True), "12,345.68"),
        (lambda: rounded(Fraction(1, 8), 2), Decimal("0.13")),
        (lambda: rounded(Fraction(-1, 8), 2), Decimal("-0.13")),
        (lambda: rounded(Fraction(0), 2), Decimal("0.00")),
        (lambda: untyped.round_fraction(Decimal("2.5"), 0), Decimal(3)),
        (lambda: untyped.round_fraction("0.125", 2), Decimal("0.13")),
        (lambda: untyped.round_fraction(0.125, 2, half_even=True), Decimal("0.12")),
        (lambda: untyped.round_fraction(7, 1), Decimal("7.0")),
        (lambda: round_fraction(Fraction(-5, 2), 0, half_even=True), Decimal(-2)),
        (lambda: round_fraction(Fraction(2), 0), Decimal(2)),
        (lambda: round_fraction(Fraction(10**40, 3), 2), Decimal("3" * 40 + ".33")),
        (lambda: rounded(Fraction(-(10**40), 3), 1), Decimal("-" + "3" * 40 + ".3")),
    ],
)
def test_format_and_round(call: Callable[[], object], expected: object) -> None:
    """Grouping is off by default, -0 is never shown, half-up display, and rounding of any number.

    ``rounded`` rounds half away from zero unless asked for half to even;
    ``round_fraction`` also takes the Decimals, floats, ints and text ``to_decimal`` reads.
    """
    result = call()
    assert result == expected
    assert str(result) == str(expected)
