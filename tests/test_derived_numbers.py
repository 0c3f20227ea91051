"""Numbers kpirag works out (gaps, edges, shares) are never refused: limits are for what users give.

Issue 21 item 7: a figure, target or tolerance within the documented limits
(``MAX_DIGITS``, ``MAX_EXPONENT``) can make a derived number that passes them
(1 minus 5e-324 has 324 digits; a 1e-1000% tolerance of 1 is 1e-1002). Such a
number is computed exactly and shown in full, or rounded for show, and it never
depends on the caller's ``decimal`` context.
"""

from __future__ import annotations

from decimal import Context, Decimal, Inexact, Overflow, Rounded, localcontext
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpirag.kpi import KPI, Framework, Observation, evaluate_kpi
from kpirag.rules import (
    MAX_DIGITS,
    MAX_EXPONENT,
    EdgeSide,
    Operator,
    Scheme,
    Status,
    Step,
    Target,
    Tolerance,
    Trend,
    assess,
    classify,
    format_decimal,
    trim,
)

TINY_RELATIVE = Tolerance.relative(Decimal("1e-1000"))
"""Its allowance on a target of 1 is 1E-1002, beyond the exponent limit."""
LONG_RELATIVE = Tolerance.relative(Decimal("1." + "3" * 99))
"""Its edges carry more than 100 significant digits."""
HUGE_ABSOLUTE = Tolerance.absolute(Decimal("1e1000"))
"""Its edge 1 - 1E+1000 has 1001 digits."""
TINY_ABSOLUTE = Tolerance.absolute(Decimal("1e-1000"))
"""Its edge 1 + 1E-1000 has 1001 digits."""
LONG_FIGURE = Decimal("0." + "0" * 150 + "1")


def _oracle(value: Fraction, target: Target, tolerance: Tolerance) -> Status:
    """The standard scheme's status worked out in fractions, from the definitions."""
    if target.is_met(value):
        return Status.GREEN
    reference = Fraction(target.value)
    miss = abs(value - reference)
    if tolerance.kind.value == "relative":
        allowance = abs(reference) * Fraction(tolerance.amount) / 100
    else:
        allowance = Fraction(tolerance.amount)
    return Status.AMBER if allowance > 0 and miss <= allowance else Status.RED


@pytest.mark.parametrize(
    ("tolerance", "status"),
    [(TINY_RELATIVE, Status.RED), (LONG_RELATIVE, Status.RED), (HUGE_ABSOLUTE, Status.AMBER)],
)
def test_defect_assess_tiny_float_derived_gap_refused(tolerance: Tolerance, status: Status) -> None:
    """5e-324 against >=1 is rated and explained alike by assess and classify, whatever the edges."""
    assessed = assess(5e-324, ">=1", tolerance)
    assert assessed.status is status
    assert classify(5e-324, ">=1", tolerance) is status
    assert assessed.explanation.startswith(f"{status}: 0.")
    assert assessed.gap is not None
    assert Fraction(assessed.gap) == Fraction(Decimal("5e-324")) - 1  # exact, all 324 digits


@pytest.mark.parametrize("tolerance", [TINY_RELATIVE, LONG_RELATIVE, HUGE_ABSOLUTE])
def test_defect_long_decimal_figure_derived_number_refused(tolerance: Tolerance) -> None:
    """0.(150 zeros)1 against >=1 evaluates through evaluate_kpi and Framework.evaluate."""
    kpi = KPI("1", "Long figure", ">=1", scheme=Scheme.standard(tolerance))
    expected = _oracle(Fraction(LONG_FIGURE), kpi.target, tolerance)  # type: ignore[arg-type]
    result = evaluate_kpi(kpi, Observation("1", LONG_FIGURE))
    assert result.status is expected
    assert "misses >=1 by 0.9999" in result.explanation
    evaluation = Framework([kpi]).evaluate([Observation("1", LONG_FIGURE)])
    assert evaluation.result("1").status is expected


@pytest.mark.parametrize(
    ("target", "tolerance", "status"),
    [
        ("<=1", TINY_ABSOLUTE, Status.RED),
        (">=1", TINY_RELATIVE, Status.GREEN),
        ("<=1", HUGE_ABSOLUTE, Status.AMBER),
        ("<=1", LONG_RELATIVE, Status.RED),
    ],
)
def test_defect_1e308_figure_derived_number_refused(
    target: str, tolerance: Tolerance, status: Status
) -> None:
    """1e308 against a target with a tolerance is rated alike by assess, classify and evaluate_kpi."""
    assert classify(1e308, target, tolerance) is status
    assert assess(1e308, target, tolerance).status is status
    kpi = KPI("1", "Huge figure", target, scheme=Scheme.standard(tolerance))
    assert evaluate_kpi(kpi, Observation("1", 1e308)).status is status


def test_defect_tiny_trend_step_scheme_refused() -> None:
    """A trend-aware step of 1e-1000% is a valid scheme: its checks' probes are not refused."""
    scheme = Scheme(
        Status.GREEN, (Step(TINY_RELATIVE, Status.AMBER, trend="improved"),), Status.RED
    )
    assert scheme.status_at(Decimal("5e-1001"), Trend.IMPROVED) is Status.AMBER
    assert EdgeSide.INCLUSIVE.holds(Decimal("1e-2000"), Decimal("1e-1000"))


@pytest.mark.parametrize(
    "context",
    [Context(prec=5, traps=[Inexact, Overflow, Rounded]), Context(prec=3), Context(Emax=10)],
)
@pytest.mark.parametrize(
    ("value", "target", "tolerance"),
    [(1e308, ">=1", "10%"), (LONG_FIGURE, ">=1", "10%"), (Decimal(46), "<43", "10%")],
)
def test_defect_ambient_decimal_context_changes_derived_numbers(
    context: Context, value: Any, target: str, tolerance: str
) -> None:
    """The caller's decimal context neither breaks nor changes an assessment's numbers."""
    expected = assess(value, target, tolerance)
    with localcontext(context):
        assert assess(value, target, tolerance) == expected
        kpi = KPI("1", "Context", target)
        assert evaluate_kpi(kpi, Observation("1", value)).explanation == expected.explanation


def test_derived_numbers_are_shown_in_full() -> None:
    """A derived gap beyond the input limits is formatted and trimmed, never refused."""
    gap = assess(5e-324, ">=1", "10%").gap
    assert gap is not None
    assert format_decimal(gap).startswith("-0.99999")
    assert trim(gap) == gap
    assert Target.parse(">=1").format_number(Decimal("1e-1002")) == "0." + "0" * 1001 + "1"


def test_formatting_still_refuses_numbers_too_long_to_write() -> None:
    """A number far beyond anything kpirag derives (1E+999999999) is still refused, with our error."""
    from kpirag.errors import InvalidValueError  # noqa: PLC0415

    with pytest.raises(InvalidValueError):
        format_decimal(Decimal("1e999999999"))


_EXTREME = st.one_of(
    st.sampled_from([5e-324, 1e308, -1e308, 2.2250738585072014e-308, LONG_FIGURE]),
    st.builds(
        lambda digits, exponent, negative: Decimal(
            (int(negative), tuple(int(d) for d in digits), exponent)
        ),
        st.text("0123456789", min_size=1, max_size=MAX_DIGITS),
        st.integers(-MAX_EXPONENT, MAX_EXPONENT - MAX_DIGITS),
        st.booleans(),
    ),
    st.floats(allow_nan=False, allow_infinity=False),
)
_AMOUNTS = st.sampled_from(
    [Decimal("1e-1000"), Decimal("1." + "3" * 99), Decimal("1e1000"), Decimal(10), Decimal("0.5")]
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    value=_EXTREME,
    target=_EXTREME,
    operator=st.sampled_from(list(Operator)),
    kind=st.sampled_from(["relative", "absolute"]),
    amount=_AMOUNTS,
    previous=st.one_of(st.none(), _EXTREME),
)
def test_assess_never_refuses_a_figure_within_the_limits(
    value: object,
    target: object,
    operator: Operator,
    kind: str,
    amount: Decimal,
    previous: object,
) -> None:
    """Law: for figures, targets and tolerances within the limits, assess agrees with classify."""
    if operator is Operator.BETWEEN:
        number: Any = Decimal(repr(target)) if isinstance(target, float) else target
        rule = Target.between(-abs(number), abs(number))
    else:
        rule = Target(operator, target)  # type: ignore[arg-type]
    tolerance = getattr(Tolerance, kind)(amount)
    trend_step = Step(tolerance, Status.AMBER, trend=["improved", "unchanged"])
    for scheme in (Scheme.standard(tolerance), Scheme(Status.GREEN, (trend_step,), Status.RED)):
        status = classify(value, rule, scheme, previous=previous)
        assessed = assess(value, rule, scheme, previous=previous)
        assert assessed.status is status
        assert assessed.explanation.startswith(f"{status}: ")
        kpi = KPI("1", "Any", rule, scheme=scheme)
        result = evaluate_kpi(kpi, Observation("1", value, previous=previous))  # type: ignore[arg-type]
        assert result.status is status


def test_defect_fraction_shown_past_the_widest_place_refused() -> None:
    """A fraction told from a 1E-1000 edge is shown to at most the places format_number writes."""
    trend_step = Step(Tolerance.relative(10), Status.AMBER, trend="improved")
    scheme = Scheme(Status.GREEN, (trend_step,), Status.RED)
    target = Target(Operator.AT_MOST, Decimal("1e-1000"))
    assessed = assess(Fraction(1, 3), target, scheme, previous=1)
    assert assessed.status is classify(Fraction(1, 3), target, scheme, previous=1)
    assert assessed.explanation.startswith(f"{assessed.status}: 0.3333")


@pytest.mark.parametrize(
    ("annual", "first", "expected"),
    [
        (Decimal("1e-1000"), Fraction(1, 4), Fraction(1, 4 * 10**1000)),
        (Decimal("1." + "1" * 99), Fraction(1, 4), Fraction(Decimal("1." + "1" * 99)) / 4),
        (Decimal("1e-1000"), Fraction(1, 3), Fraction(Decimal("3.33333333333e-1001"))),
    ],
)
def test_defect_profiled_target_derived_share_refused(
    annual: Decimal, first: Fraction, expected: Fraction
) -> None:
    """A profile's share of a target within the limits is a target, exact or rounded, never refused."""
    from kpirag.kpi import Profile  # noqa: PLC0415

    profile = Profile([first, *[(1 - first) / 3] * 3])
    scaled = profile.target_for(Target(Operator.AT_LEAST, annual), 1)
    assert Fraction(scaled.value) == expected
    assert classify(1, scaled, "10%") is Status.GREEN
    kpi = KPI("1", "Profiled", Target(Operator.AT_LEAST, annual), profile=profile)
    result = evaluate_kpi(kpi, Observation("1", 0), period="Q1 2024/25")
    assert result.status is Status.RED
    assert result.explanation.startswith("Red: 0 misses >=0.")


DOOR_TOLERANCES = ["0." + "0" * 999 + "1%", "1" + "0" * 1000 + "pt", "0." + "0" * 999 + "1pt"]
"""Tolerances as text whose edges around a target of 1 pass the input limits."""


@pytest.mark.parametrize("tolerance", DOOR_TOLERANCES)
def test_defect_cli_derived_edge_refused(tolerance: str) -> None:
    """kpirag evaluate rates a file whose tolerance makes edges past the input limits (exit 0)."""
    import io  # noqa: PLC0415

    from kpirag.cli import main  # noqa: PLC0415

    huge = Decimal(repr(1e308))
    data = f"id,title,target,value\n1,A,>=1,{LONG_FIGURE:f}\n2,B,<=1,{huge:f}\n".encode()
    out, err = io.StringIO(), io.StringIO()
    arguments = ["evaluate", "-", "--format", "csv", "--tolerance", tolerance]
    assert main(arguments, stdin=io.BytesIO(data), stdout=out, stderr=err) == 0, err.getvalue()
    rows = out.getvalue().splitlines()[1:]
    expected = [classify(LONG_FIGURE, ">=1", tolerance), classify(1e308, "<=1", tolerance)]
    assert [f",{status}," in row for row, status in zip(rows, expected, strict=True)] == [True] * 2


@pytest.mark.parametrize("kind", ["pandas", "polars"])
@pytest.mark.parametrize("tolerance", DOOR_TOLERANCES)
def test_defect_frames_derived_edge_refused(kind: str, tolerance: str) -> None:
    """kpirag.frames.evaluate rates and explains 5e-324 and 1e308 under edges past the limits."""
    library = pytest.importorskip(kind)
    from kpirag import frames  # noqa: PLC0415

    values = [5e-324, 1e308, 1.0]
    kpi = KPI("1", "A", ">=1", scheme=Scheme.standard(tolerance))
    table = library.DataFrame({"kpi_id": ["1"] * 3, "value": values})
    result = frames.evaluate(table, Framework([kpi]), period=None)
    assert [str(status) for status in result["status"]] == [
        str(classify(value, ">=1", tolerance)) for value in values
    ]


def test_defect_fraction_figure_refused_as_a_number_never_written() -> None:
    """A fraction of 1 whose percentage passes the limits is refused naming the figure given."""
    from kpirag.errors import InvalidValueError  # noqa: PLC0415

    kpi = KPI("1", "Fractions", "75%", fraction=True)
    with pytest.raises(InvalidValueError) as caught:
        evaluate_kpi(kpi, Observation("1", Decimal("9e1000")))
    assert caught.value.field == "value"
    assert caught.value.value == Decimal("9E+1000")
    assert "as a fraction of 1" in str(caught.value)
