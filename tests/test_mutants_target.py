"""Targets where mutation testing found the suite silent: kpirag.rules._target.

Objects are built inside each test, never in a parametrize table or at module
level, so that a mutant of a constructor is exercised (see docs/testing.md).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kpirag import InvalidTargetError, InvalidValueError, Operator, Target

NUMBER = "expected a number such as '46', '2,000', '69%' or '(1,230)'"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (43, "Invalid target 43 (int): expected target text such as '<43' or '72%'"),
        (
            "abc",
            "Invalid target 'abc': expected a number with an optional operator ('<43', '>=72%', '2,000') or a range ('95%-105%', 'between 5 and 10')",
        ),
        ("(5", f"Invalid target '(5': Invalid target '(5': {NUMBER}"),
        ("<= (5", f"Invalid target '<= (5': Invalid target '(5': {NUMBER}"),
        ("(5-10", f"Invalid target '(5-10': Invalid target '(5': {NUMBER}"),
        ("5-(10", f"Invalid target '5-(10': Invalid target '(10': {NUMBER}"),
    ],
)
def test_error_messages(text: str, message: str) -> None:
    """Text that is not a target raises InvalidTargetError naming the text and the bad number."""
    with pytest.raises(InvalidTargetError) as caught:
        Target.parse(text)
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
    with pytest.raises(InvalidTargetError, match=r"^Invalid target 'x': expected a number"):
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
        (
            lambda: Target.between(10, 5),
            InvalidTargetError,
            "Invalid target range 10 to 5: the lower end must not exceed the upper end",
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
