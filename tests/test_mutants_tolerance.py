"""Tolerances where mutation testing found the suite silent: kpirag.rules._tolerance.

Objects are built inside each test, never in a parametrize table or at module
level, so that a mutant of a constructor is exercised (see docs/testing.md).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from kpirag import (
    InvalidToleranceError,
    InvalidValueError,
    Tolerance,
    ToleranceKind,
    ValueTypeError,
)

NUMBER = "expected a number such as '46', '2,000', '69%' or '(1,230)'"


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: Tolerance.relative("x%"),
            InvalidToleranceError,
            f"Invalid relative tolerance 'x%': {NUMBER}",
        ),
        (
            lambda: Tolerance.absolute("x pt"),
            InvalidToleranceError,
            f"Invalid absolute tolerance 'x': {NUMBER}",
        ),
        (
            lambda: Tolerance(ToleranceKind.ABSOLUTE, "abc"),
            InvalidValueError,
            f"Invalid tolerance amount 'abc': {NUMBER}",
        ),
        (
            lambda: Tolerance.parse(10),  # type: ignore[arg-type]
            ValueTypeError,
            "Invalid tolerance 10: expected text such as '10%', '5pt' or 'none', not int",
        ),
        (
            lambda: Tolerance.parse("5"),
            InvalidToleranceError,
            "Invalid tolerance '5': expected a relative tolerance such as '10%', an absolute one such as '5pt', or 'none'",
        ),
        (
            lambda: Tolerance.parse("x%"),
            InvalidToleranceError,
            f"Invalid tolerance 'x%': {NUMBER}",
        ),
    ],
)
def test_error_messages(build: Callable[[], object], error: type[Exception], message: str) -> None:
    """A rejected tolerance raises our error whose whole message names the field and value."""
    with pytest.raises(error) as caught:
        build()
    assert str(caught.value) == message


def test_a_none_tolerance_with_an_amount_is_refused() -> None:
    """Tolerance("none", 5) is refused; the error names the field and carries the amount."""
    with pytest.raises(InvalidToleranceError) as caught:
        Tolerance(ToleranceKind.NONE, 5)
    assert caught.value.field == "tolerance amount"
    assert caught.value.value == Decimal(5)
    assert caught.value.reason == "a 'none' tolerance has no amount"


@pytest.mark.xfail(
    strict=True,
    reason="defect: the message shows the amount as Decimal('5'); "
    "KpiragError shows a value by its repr (a change to the errors base)",
)
def test_a_none_tolerance_with_an_amount_message() -> None:
    """The message names the amount as the number it is."""
    with pytest.raises(InvalidToleranceError) as caught:
        Tolerance(ToleranceKind.NONE, 5)
    assert str(caught.value) == "Invalid tolerance amount 5: a 'none' tolerance has no amount"


@pytest.mark.parametrize("text", ["no tolerance", " No Tolerance ", "NONE", "0"])
def test_every_spelling_of_none(text: str) -> None:
    """Each documented spelling of 'no tolerance', in any case, parses to Tolerance.none()."""
    assert Tolerance.parse(text) == Tolerance.none()


@pytest.mark.parametrize(
    ("percent", "reference", "allowance"),
    [
        # 31 significant digits: the default 28-digit context would round the product.
        ("10", "1234567890123456789012345678901", "123456789012345678901234567890.1"),
        ("33.33", "123456789012345678901234567", "41148147777814814777781481.1811"),
    ],
)
def test_relative_allowance_is_exact_past_28_digits(
    percent: str, reference: str, allowance: str
) -> None:
    """A relative allowance is computed exactly, however many digits the target has."""
    tolerance = Tolerance.relative(percent)
    assert tolerance.allowance(Decimal(reference)) == Decimal(allowance)
