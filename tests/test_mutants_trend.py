"""Cases mutation testing found the suite silent on: kpirag.rules._trend (see docs/testing.md)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from kpirag import Direction, InvalidSchemeError, KpiragError, Target, Trend, ValueTypeError

IMPROVED, UNCHANGED, WORSE = Trend.IMPROVED, Trend.UNCHANGED, Trend.WORSE
untyped: Any = Trend  # wrong calls on purpose
TREND_WORDS = "'improved', 'unchanged' or 'worse'"


def _caught(call: Any, *args: object) -> KpiragError:
    """The kpirag error ``call(*args)`` raises."""
    with pytest.raises(KpiragError) as caught:
        call(*args)
    return caught.value


# --- Trend.parse --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("improved", IMPROVED),
        ("unchanged", UNCHANGED),
        ("worse", WORSE),
        ("  Improved ", IMPROVED),
        ("WORSE", WORSE),
        ("UnChanged\t", UNCHANGED),
        (IMPROVED, IMPROVED),
        (UNCHANGED, UNCHANGED),
        (WORSE, WORSE),
    ],
)
def test_parse_reads_each_word(text: Trend | str, expected: Trend) -> None:
    """Each trend word (any case, surrounding spaces) and each Trend reads as that very member."""
    assert Trend.parse(text) is expected


@pytest.mark.parametrize(
    ("text", "shown"),
    [("up", "'up'"), ("", "''"), ("improve", "'improve'"), ("better", "'better'")],
)
def test_parse_refuses_other_words(text: str, shown: str) -> None:
    """Other text is an InvalidSchemeError naming the field, the text and the three words."""
    err = _caught(Trend.parse, text)
    assert type(err) is InvalidSchemeError
    assert (err.field, err.value, err.expected) == ("trend", text, TREND_WORDS)
    assert str(err) == f"Invalid trend {shown}: expected {TREND_WORDS}"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "None"), (1.5, "1.5"), (True, "True"), (3, "3"), (b"worse", "b'worse'")],
)
def test_parse_refuses_other_types(value: object, shown: str) -> None:
    """A non-text value is a ValueTypeError naming the field, the value, the words and its type."""
    err = _caught(untyped.parse, value)
    assert type(err) is ValueTypeError
    assert (err.field, err.value, err.expected) == ("trend", value, TREND_WORDS)
    kind = type(value).__name__
    assert str(err) == f"Invalid trend {shown}: expected {TREND_WORDS}, not {kind}"


# --- Trend.of -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "target", "expected"),
    [
        # one-sided targets: the better direction decides
        (46, 54, "<43", IMPROVED),
        (54, 46, "<43", WORSE),
        (46, 46, "<43", UNCHANGED),
        (46, 54, ">=43", WORSE),
        (54, 46, ">=43", IMPROVED),
        (54, 54, ">=43", UNCHANGED),
        (Decimal("50.1"), Decimal("50.0"), ">=43", IMPROVED),
        (Decimal("50.0"), Decimal("50.1"), "<=43", IMPROVED),
        (Fraction(1, 3), Fraction(1, 4), ">10", IMPROVED),
        (Fraction(1, 4), Fraction(1, 3), ">10", WORSE),
        # a range: nearer it is better, inside it is no distance
        (100, 100, "90-110", UNCHANGED),
        (95, 105, "90-110", UNCHANGED),  # both inside
        (90, 110, "90-110", UNCHANGED),  # both on an end
        (85, 80, "90-110", IMPROVED),  # below, nearer
        (80, 85, "90-110", WORSE),  # below, further
        (115, 120, "90-110", IMPROVED),  # above, nearer
        (120, 115, "90-110", WORSE),  # above, further
        (100, 80, "90-110", IMPROVED),  # from below into it
        (100, 120, "90-110", IMPROVED),  # from above into it
        (80, 100, "90-110", WORSE),  # out of it below
        (120, 100, "90-110", WORSE),  # out of it above
        (130, 70, "90-110", UNCHANGED),  # 20 away either side
        (70, 130, "90-110", UNCHANGED),
        (70, 125, "90-110", WORSE),  # 20 below against 15 above
        (125, 70, "90-110", IMPROVED),
        (Decimal("110.5"), 110, "90-110", WORSE),  # half a unit out is further than in
        (110, Decimal("110.5"), "90-110", IMPROVED),
        (Decimal("89.5"), Decimal("89.75"), "90-110", WORSE),
        (Decimal("89.75"), Decimal("89.5"), "90-110", IMPROVED),
        (Decimal("110.5"), Decimal("89.5"), "90-110", UNCHANGED),
        (Fraction(221, 2), Fraction(441, 4), "90-110", WORSE),  # 110.5 against 110.25
    ],
)
def test_of(current: object, previous: object, target: str, expected: Trend) -> None:
    """Direction of travel: exact comparison, polarity, and distance from a range."""
    assert untyped.of(current, previous, Target.parse(target)) is expected


@pytest.mark.parametrize(
    ("target", "shown"),
    [(">3", "'>3'"), (None, "None"), (3, "3")],
)
def test_of_needs_a_target(target: object, shown: str) -> None:
    """A target that is neither a Target nor a Direction is a ValueTypeError naming it."""
    err = _caught(untyped.of, 1, 2, target)
    assert type(err) is ValueTypeError
    expected = "a Target or a Direction"
    assert (err.field, err.value, err.expected) == ("target", target, expected)
    assert str(err) == f"Invalid target {shown}: expected {expected}, not {type(target).__name__}"


@pytest.mark.parametrize(
    ("current", "previous", "better", "expected"),
    [(46, 54, Direction.LOWER, Trend.IMPROVED), (46, 54, Direction.HIGHER, Trend.WORSE),
     (5, 5, Direction.LOWER, Trend.UNCHANGED)],
)  # fmt: skip
def test_of_a_direction(current: int, previous: int, better: Direction, expected: Trend) -> None:
    """Given only the better direction, higher or lower figures are the improvement."""
    assert Trend.of(current, previous, better) is expected


@pytest.mark.parametrize("target", [">3", "90-110"])
@pytest.mark.parametrize(
    ("current", "previous", "field", "bad"),
    [
        (1.5, 2, "current", 1.5),
        ("1", 2, "current", "1"),
        (1, 2.5, "previous", 2.5),
        (1, None, "previous", None),
        (True, 2, "current", True),
    ],
)
def test_of_needs_exact_numbers(
    target: str, current: object, previous: object, field: str, bad: object
) -> None:
    """A figure that is not an int, Decimal or Fraction is a ValueTypeError naming which one."""
    err = _caught(untyped.of, current, previous, Target.parse(target))
    assert type(err) is ValueTypeError
    expected = "an int, Decimal or Fraction"
    assert (err.field, err.value, err.expected) == (field, bad, expected)
    assert str(err) == f"Invalid {field} {bad!r}: expected {expected}, not {type(bad).__name__}"


# --- Trend.against ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trend", "text"),
    [
        (IMPROVED, "improved on the previous 54"),
        (UNCHANGED, "unchanged from the previous 54"),
        (WORSE, "worse than the previous 54"),
    ],
)
def test_against(trend: Trend, text: str) -> None:
    """Each trend in words against the previous figure."""
    assert trend.against("54") == text


@pytest.mark.parametrize(("value", "shown"), [(54, "54"), (None, "None")])
def test_against_needs_text(value: object, shown: str) -> None:
    """A previous figure that is not text is a ValueTypeError naming the field and the value."""
    err = _caught(untyped.against, IMPROVED, value)
    assert type(err) is ValueTypeError
    expected = "the previous figure as text"
    assert (err.field, err.value, err.expected) == ("previous", value, expected)
    assert str(err) == f"Invalid previous {shown}: expected {expected}, not {type(value).__name__}"
