"""Reading and rounding numbers where mutation testing found the suite silent: kpirag.rules._values."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest

from kpirag import InvalidValueError, ValueTypeError, to_decimal
from kpirag.rules import round_fraction, trim

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
    assert str(caught.value) == f"Invalid value {value!r}: {NO_DECIMAL}"


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
            f"Invalid value Decimal('NaN'): {FINITE}",
        ),
        (
            lambda: to_decimal(Decimal("-Infinity"), field="budget"),
            InvalidValueError,
            f"Invalid budget Decimal('-Infinity'): {FINITE}",
        ),
        (
            lambda: to_decimal(_Decimal("NaN"), field="amount"),
            InvalidValueError,
            f"Invalid amount Decimal('NaN'): {FINITE}",
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
