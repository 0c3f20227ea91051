"""Targets where mutation testing found the suite silent: kpirag.rules._target.

Objects are built inside each test, never in a parametrize table or at module
level, so that a mutant of a constructor is exercised (see docs/testing.md).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from kpirag import InvalidTargetError, InvalidValueError, Operator, Target, ValueTypeError

NUMBER = "expected a number such as '46', '2,000', '69%' or '(1,230)'"
A_TARGET = (
    "expected a target such as '<43', '>=72%', 'at least 30', '30 or less', "
    "'A maximum of 30 weeks.' or '95%-105%' (every accepted form: docs/targets-and-tolerances.md)"
)


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        (
            43,
            ValueTypeError,
            "Invalid target 43: expected target text such as '<43' or '72%', not int",
        ),
        ("abc", InvalidTargetError, f"Invalid target 'abc': {A_TARGET}"),
        ("(5", InvalidTargetError, f"Invalid target '(5': {NUMBER}"),
        ("<= (5", InvalidTargetError, f"Invalid target '<= (5': {NUMBER}"),
        ("(5-10", InvalidTargetError, f"Invalid target '(5-10': {NUMBER}"),
        ("5-(10", InvalidTargetError, f"Invalid target '5-(10': {NUMBER}"),
    ],
)
def test_error_messages(text: object, error: type[Exception], message: str) -> None:
    """Text that is not a target raises our error naming the whole text; a non-text by its type."""
    with pytest.raises(error) as caught:
        Target.parse(text)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_between_is_not_a_percentage_by_default() -> None:
    """Target.between(low, high) is a plain range unless percent=True is given."""
    assert str(Target.between(5, 10)) == "between 5 and 10"
    assert Target.between(5, 10).percent is False
    assert str(Target.between(5, 10, percent=True)) == "between 5% and 10%"


def test_parse_returns_the_same_object_for_the_same_text() -> None:
    """Target.parse answers repeated text from its cache: the very same immutable object."""
    first = Target.parse("<= 43%")
    assert Target.parse("<= 43%") is first
    assert Target.parse("<= 43%", better="lower") is not first


@pytest.mark.parametrize(
    ("text", "better", "operator"),
    [
        ("5", None, Operator.AT_LEAST),
        ("5", "lower", Operator.AT_MOST),
        ("<5", "lower", Operator.LESS_THAN),
    ],
)
def test_a_subclass_parses_to_itself(text: str, better: str | None, operator: Operator) -> None:
    """A subclass of Target parses (uncached) to an instance of the subclass, honouring better."""

    class Goal(Target):
        pass

    parsed = Goal.parse(text, better=better)  # type: ignore[arg-type]
    assert type(parsed) is Goal
    assert parsed.operator is operator
    with pytest.raises(InvalidTargetError, match=r"^Invalid target 'x': expected a target such as"):
        Goal.parse("x")


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: Target(Operator.BETWEEN, 1, "x"),
            InvalidValueError,
            f"Invalid target upper value 'x': {NUMBER}",
        ),
        (
            lambda: Target(Operator.BETWEEN, "x", 1),
            InvalidValueError,
            f"Invalid target value 'x': {NUMBER}",
        ),
    ],
)
def test_field_error_messages(
    build: Callable[[], object], error: type[Exception], message: str
) -> None:
    """A target built from bad fields raises our error naming the field."""
    with pytest.raises(error) as caught:
        build()
    assert str(caught.value) == message


@pytest.mark.xfail(
    strict=True,
    reason="defect: the message shows the ends as (Decimal('10'), Decimal('5')); "
    "KpiragError shows a value by its repr (a change to the errors base)",
)
def test_reversed_range_message() -> None:
    """A range whose lower end exceeds its upper end is refused, naming both ends as numbers."""
    with pytest.raises(InvalidTargetError) as caught:
        Target.between(10, 5)
    assert caught.value.value == (10, 5)
    assert str(caught.value) == (
        "Invalid target range 10 to 5: the lower end must not exceed the upper end"
    )


def test_reversed_range_is_refused_with_its_ends() -> None:
    """A range whose lower end exceeds its upper end is refused; the error carries both ends."""
    with pytest.raises(InvalidTargetError) as caught:
        Target.between(10, 5)
    assert caught.value.field == "target range"
    assert caught.value.value == (Decimal(10), Decimal(5))
    assert caught.value.reason == "the lower end must not exceed the upper end"
