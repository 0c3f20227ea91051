"""Laws of targets and classification, checked with Hypothesis."""

from __future__ import annotations

import contextlib
import pickle
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kpirag import (
    Direction,
    KpiragError,
    Operator,
    Scheme,
    Status,
    Step,
    Target,
    Tolerance,
    ToleranceKind,
    classify,
    classify_many,
    strategies,
)
from kpirag.strategies._strategies import edge_values, numbers, targets

decimals = numbers(min_value=-(10**6), max_value=10**6, places=3)
tolerances = strategies.tolerances(max_amount=50)


@given(targets())
def test_parse_str_round_trip(target: Target) -> None:
    """Law: Target.parse(str(t)) == t for every target."""
    assert Target.parse(str(target)) == target


@given(tolerances)
def test_tolerance_round_trip(tolerance: Tolerance) -> None:
    """Law: Tolerance.parse(str(t)) == t, a zero relative or absolute amount reading as none."""
    parsed = Tolerance.parse(str(tolerance))
    assert parsed == tolerance or (tolerance.amount == 0 and parsed.allowance(Decimal(1)) == 0)


@given(st.text())
def test_target_parse_raises_only_ours(text: str) -> None:
    """Law: arbitrary text either parses to a target or raises a KpiragError."""
    try:
        target = Target.parse(text)
    except KpiragError:
        return
    assert Target.parse(str(target)) == target


@given(st.text())
def test_status_and_tolerance_parse_raise_only_ours(text: str) -> None:
    """Law: arbitrary text given to Status.parse and Tolerance.parse raises only KpiragError."""
    for parse in (Status.parse, Tolerance.parse):
        with contextlib.suppress(KpiragError):
            parse(text)


@given(targets(), tolerances, decimals, decimals)
def test_monotonic(target: Target, tolerance: Tolerance, a: Decimal, b: Decimal) -> None:
    """Law: on a one-sided target, a better value never gets a worse status."""
    if target.operator is Operator.BETWEEN:
        return
    higher_is_better = target.better is Direction.HIGHER
    worse, better = sorted((a, b), reverse=not higher_is_better)
    assert classify(better, target, tolerance) <= classify(worse, target, tolerance)


@given(targets(), tolerances, decimals, decimals)
def test_monotonic_towards_range(
    target: Target, tolerance: Tolerance, a: Decimal, b: Decimal
) -> None:
    """Law: on a range, a value nearer the range on the same side never gets a worse status."""
    if target.operator is not Operator.BETWEEN:
        return
    low, high = target.bounds
    near, far = sorted((a, b), key=lambda v: max(low - v, v - high, Decimal(0)))
    same_side = (near < low and far < low) or (near > high and far > high)
    if not (same_side or low <= near <= high):
        return
    assert classify(near, target, tolerance) <= classify(far, target, tolerance)


@given(targets(), tolerances, decimals)
def test_mirror_symmetry(target: Target, tolerance: Tolerance, value: Decimal) -> None:
    """Law: value v against a target agrees with -v against the mirrored target."""
    assert classify(value, target, tolerance) == classify(-value, target.mirrored(), tolerance)


def _reference(value: Fraction, target: Target, tolerance: Tolerance) -> Status:
    """A slow, obviously right classifier written with Fractions."""
    low, high = (Fraction(str(bound)) for bound in target.bounds)
    op = target.operator
    if op is Operator.BETWEEN:
        met = low <= value <= high
        shortfall, reference = (low - value, low) if value < low else (value - high, high)
    elif op in {Operator.AT_LEAST, Operator.MORE_THAN}:
        met = value >= low if op is Operator.AT_LEAST else value > low
        shortfall, reference = low - value, low
    else:
        met = value <= low if op is Operator.AT_MOST else value < low
        shortfall, reference = value - low, low
    if met:
        return Status.GREEN
    amount = Fraction(str(tolerance.amount))
    if tolerance.kind is ToleranceKind.RELATIVE:
        allowance = abs(reference) * amount / 100
    elif tolerance.kind is ToleranceKind.ABSOLUTE:
        allowance = amount
    else:
        allowance = Fraction(0)
    if allowance > 0 and shortfall <= allowance:
        return Status.AMBER
    return Status.RED


@st.composite
def edge_cases(draw: st.DrawFn) -> tuple[Target, Tolerance, object]:
    """A target, a tolerance and a value at, or a hair either side of, one of its edges."""
    target = draw(targets())
    tolerance = draw(tolerances)
    return target, tolerance, draw(edge_values(target, tolerance))


@settings(max_examples=500)
@given(edge_cases())
def test_agrees_with_fraction_reference(case: tuple[Target, Tolerance, object]) -> None:
    """Law: at and beside every edge, classification equals the exact Fraction reference."""
    target, tolerance, value = case
    exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(str(value))
    expected = _reference(exact, target, tolerance)
    assert classify(value, target, tolerance) is expected
    assert classify_many([value], target, tolerance) == [expected]


@given(
    targets(),
    tolerances,
    st.lists(st.floats(min_value=-2e6, max_value=2e6, allow_nan=False), max_size=30),
)
def test_many_floats_agree_with_reference(
    target: Target, tolerance: Tolerance, values: list[float]
) -> None:
    """Law: the float fast path of classify_many agrees with the exact reference."""
    expected = [_reference(Fraction(repr(v)), target, tolerance) for v in values]
    assert classify_many(values, target, tolerance) == expected


@given(targets(), tolerances)
def test_public_objects_pickle(target: Target, tolerance: Tolerance) -> None:
    """Law: targets, tolerances and schemes pickle and unpickle equal."""
    scheme = Scheme.standard(tolerance)
    for obj in (target, tolerance, scheme):
        assert pickle.loads(pickle.dumps(obj)) == obj


def test_multi_step_pickle() -> None:
    """A multi-step scheme pickles equal."""
    scheme = Scheme(Status.GREEN, [Step(Tolerance.relative(5), Status.AMBER)], Status.RED)
    assert pickle.loads(pickle.dumps(scheme)) == scheme
