"""Laws of schemes with edge sides (and, below, trends), and of Classifier.regions."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from kpirag import (
    Classifier,
    Direction,
    EdgeSide,
    InvalidSchemeError,
    Operator,
    Region,
    Scale,
    Scheme,
    Status,
    Step,
    Target,
    Tolerance,
    ToleranceKind,
    Trend,
    classify,
)
from kpirag.strategies._strategies import targets

G, A, R = Status.GREEN, Status.AMBER, Status.RED


@st.composite
def schemes_with_edge_sides(draw: st.DrawFn, *, max_steps: int = 3) -> Scheme:
    """Valid schemes on the RAG or five-point scale, each step with a drawn edge side."""
    levels = draw(st.sampled_from([Scale.rag(), Scale.delivery_confidence()])).levels
    kind = draw(st.sampled_from([ToleranceKind.RELATIVE, ToleranceKind.ABSOLUTE]))
    count = draw(st.integers(0, max_steps))
    amounts = sorted(
        draw(
            st.lists(
                st.decimals(min_value="0.5", max_value=60, places=1),
                min_size=count,
                max_size=count,
                unique=True,
            )
        )
    )
    ranks = sorted(
        draw(st.lists(st.integers(0, len(levels) - 1), min_size=count + 2, max_size=count + 2))
    )
    steps = [
        Step(Tolerance(kind, amount), levels[rank], edge_side=draw(st.sampled_from(EdgeSide)))
        for amount, rank in zip(amounts, ranks[1:-1], strict=True)
    ]
    return Scheme(levels[ranks[0]], steps, levels[ranks[-1]])


@st.composite
def values_near_edges(draw: st.DrawFn, classifier: Classifier) -> object:
    """A value on a boundary, a hair either side, or anywhere, as Decimal, float, int or text."""
    bounds = classifier.boundaries
    base = draw(
        st.one_of(
            st.sampled_from(bounds) if bounds else st.just(Decimal(0)),
            st.decimals(min_value=-1000, max_value=1000, places=2),
        )
    )
    value: Decimal = base + draw(st.sampled_from([Decimal(0), Decimal("0.01"), Decimal("-0.01")]))
    form = draw(st.sampled_from(["decimal", "float", "text", "int"]))
    if form == "float":
        return float(value)
    if form == "text":
        return f"{value:f}"
    if form == "int" and value == value.to_integral_value():
        return int(value)
    return value


def _region_of(regions: tuple[Region, ...], value: object) -> list[Region]:
    return [region for region in regions if value in region]


@settings(max_examples=300, deadline=None)
@given(target=targets(), scheme=schemes_with_edge_sides(), data=st.data())
def test_regions_agree_with_classify(target: Target, scheme: Scheme, data: st.DataObject) -> None:
    """Law: every value lies in exactly one region, whose status is the one classify gives."""
    classifier = Classifier.prepare(target, scheme)
    value = data.draw(values_near_edges(classifier))
    (region,) = _region_of(classifier.regions, value)
    assert region.status is classifier(value) is classify(value, target, scheme)


@settings(max_examples=200, deadline=None)
@given(target=targets(), scheme=schemes_with_edge_sides())
def test_regions_partition_the_axis(target: Target, scheme: Scheme) -> None:
    """Law: regions run from -inf to +inf, each starting where the last ended, ends owned once."""
    regions = Classifier.prepare(target, scheme).regions
    assert regions[0].low is None
    assert not regions[0].low_included
    assert regions[-1].high is None
    assert not regions[-1].high_included
    for before, after in itertools.pairwise(regions):
        assert before.high is not None
        assert before.high == after.low
        assert before.high_included != after.low_included
        assert before.status != after.status
    for region in regions:
        if region.low is not None and region.high is not None:
            assert region.low < region.high or (region.low_included and region.high_included)


@pytest.mark.parametrize(
    ("target", "rule", "shown"),
    [
        ("<43", "10%", ["(-inf, 43) Green", "[43, 47.3] Amber", "(47.3, +inf) Red"]),
        (">=75%", "10%", ["(-inf, 67.5) Red", "[67.5, 75) Amber", "[75, +inf) Green"]),
        (">5", "none", ["(-inf, 5] Red", "(5, +inf) Green"]),
        ("5-5", "10%", ["(-inf, 4.5) Red", "[4.5, 5) Amber", "[5, 5] Green", "(5, 5.5] Amber", "(5.5, +inf) Red"]),
        ("<=0", "10%", ["(-inf, 0] Green", "(0, +inf) Red"]),
        (
            "<=100",
            Scheme(G, [Step(Tolerance.relative(5), A, edge_side="exclusive")], R),
            ["(-inf, 100] Green", "(100, 105) Amber", "[105, +inf) Red"],
        ),
        (
            ">=100",
            Scheme(G, [Step(Tolerance.relative(10), G), Step(Tolerance.relative(20), A)], R),
            ["(-inf, 80) Red", "[80, 90) Amber", "[90, +inf) Green"],
        ),
    ],
)  # fmt: skip
def test_regions_table(target: str, rule: str | Scheme, shown: list[str]) -> None:
    """Regions have exact ends, say which ends they own, and merge neighbours of one status."""
    assert [str(region) for region in Classifier.prepare(target, rule).regions] == shown


def test_region_ends_are_exact_decimals() -> None:
    """A region's ends are the exact Decimals, never floats: 37.8 is 42 less 10%, exactly."""
    amber = Classifier.prepare(">=42%", "10%").regions[1]
    assert amber == Region(Decimal("37.8"), Decimal(42), True, False, A)
    assert isinstance(amber.low, Decimal)
    assert 37.8 in amber
    assert Fraction(378, 10) in amber
    assert 42 not in amber


@settings(max_examples=300, deadline=None)
@given(
    target=targets(),
    scheme=schemes_with_edge_sides(),
    a=st.decimals(min_value=-2000, max_value=2000, places=2),
    b=st.decimals(min_value=-2000, max_value=2000, places=2),
    data=st.data(),
)
def test_better_never_worse_with_edge_sides(
    target: Target, scheme: Scheme, a: Decimal, b: Decimal, data: st.DataObject
) -> None:
    """Law: for any scheme with edge sides, a better value never gets a worse status."""
    classifier = Classifier.prepare(target, scheme)
    aim: bool = data.draw(st.booleans())
    if aim and classifier.boundaries:
        a = data.draw(st.sampled_from(classifier.boundaries))  # aim at an edge
    if target.operator is Operator.BETWEEN:
        low, high = target.bounds
        if (a < low) != (b < low) or (a > high) != (b > high):
            return  # only values on the same side of a range are ordered
        distance = {v: max(low - v, v - high, Decimal(0)) for v in (a, b)}
        better, worse = sorted((a, b), key=distance.__getitem__)
    else:
        worse, better = sorted((a, b), reverse=target.better is Direction.LOWER)
    assert classifier(better) <= classifier(worse)


@st.composite
def trend_schemes(draw: st.DrawFn) -> Scheme:
    """Valid schemes whose steps may need trends and whose beyond may depend on the trend."""
    base = draw(schemes_with_edge_sides())
    levels = [status for status in Scale.rag().levels + Scale.delivery_confidence().levels
              if status.scale == base.met.scale]  # fmt: skip
    steps = [
        attrs.evolve(
            step, trend=draw(st.one_of(st.none(), st.sets(st.sampled_from(Trend), min_size=1)))
        )
        for step in base.steps
    ]
    beyond_by_trend = draw(
        st.dictionaries(st.sampled_from(Trend), st.sampled_from(levels), max_size=2)
    )
    when_no_previous = draw(
        st.one_of(st.none(), st.sampled_from(Trend), st.sampled_from([*levels, Status.NOT_RATED]))
    )
    try:
        return Scheme(
            base.met,
            steps,
            base.beyond,
            beyond_by_trend=beyond_by_trend,
            when_no_previous=when_no_previous,
        )
    except InvalidSchemeError:
        reject()


@settings(max_examples=300, deadline=None)
@given(
    target=targets(),
    scheme=trend_schemes(),
    a=st.decimals(min_value=-2000, max_value=2000, places=1),
    b=st.decimals(min_value=-2000, max_value=2000, places=1),
    previous=st.one_of(st.none(), st.decimals(min_value=-2000, max_value=2000, places=1)),
)
def test_better_never_worse_with_trends(
    target: Target, scheme: Scheme, a: Decimal, b: Decimal, previous: Decimal | None
) -> None:
    """Law: against one previous figure (or none), a better value never gets a worse status."""
    if target.operator is Operator.BETWEEN:
        return
    if previous is None and isinstance(scheme.when_no_previous, Status):
        return  # a status for an unknown trend is the scheme's choice, not ordered by value
    worse, better = sorted((a, b), reverse=target.better is Direction.LOWER)
    assert classify(better, target, scheme, previous=previous) <= classify(
        worse, target, scheme, previous=previous
    )


@settings(max_examples=300, deadline=None)
@given(target=targets(), scheme=trend_schemes(), data=st.data())
def test_regions_for_trends_agree_with_classify(
    target: Target, scheme: Scheme, data: st.DataObject
) -> None:
    """Law: the regions for a value's trend hold it once, with the status classify gives."""
    classifier = Classifier.prepare(target, scheme)
    value = data.draw(values_near_edges(classifier))
    previous = data.draw(st.one_of(st.none(), values_near_edges(classifier)))
    exact = classifier._read(value)
    trend = None if previous is None else Trend.of(exact, classifier._read(previous), target)
    (region,) = _region_of(classifier.regions_for(trend), value)
    assert region.status is classify(value, target, scheme, previous=previous)
    assert region.status is classifier.assess(value, previous=previous).status
