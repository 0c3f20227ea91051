"""Hypothesis strategies for kpirag's value types, for property-testing your own rules.

Needs the ``hypothesis`` extra: ``pip install 'kpirag[hypothesis]'``. Every
strategy builds valid objects by construction (no filtering), takes keyword
arguments only, and is registered with Hypothesis, so ``st.from_type(Target)``
works for the public value types.

```pycon
>>> from hypothesis import given
>>> from kpirag import classify
>>> @given(targets(percent=True), edge_values(Target.parse("75%"), "10%"))
... def test_never_crashes(target, value):
...     classify(value, target, "10%")
>>> test_never_crashes()

```
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a separate environment
    raise ImportError(
        "kpirag.strategies needs Hypothesis; install it with: pip install 'kpirag[hypothesis]'"
    ) from exc

import itertools

from kpirag.budget import BudgetLine, BudgetTable, LineKind
from kpirag.kpi import (
    KPI,
    Band,
    Bands,
    Cohort,
    Distribution,
    Figure,
    Framework,
    Month,
    Observation,
    Profile,
    Quarter,
    Year,
    YearConvention,
)
from kpirag.risk import Level, LevelScale, RatingBand, Risk, RiskMatrix, RiskRegister
from kpirag.rules import (
    Classifier,
    Operator,
    Rule,
    Scale,
    Scheme,
    Status,
    Step,
    Target,
    Tolerance,
    ToleranceKind,
)

__all__ = [
    "bands",
    "budget_lines",
    "budget_tables",
    "cohorts",
    "distributions",
    "edge_values",
    "figures",
    "frameworks",
    "kpis",
    "numbers",
    "observations",
    "periods",
    "profiles",
    "risk_matrices",
    "risk_registers",
    "risks",
    "scales",
    "schemes",
    "statuses",
    "targets",
    "tolerances",
]

_ONE_SIDED = (Operator.AT_LEAST, Operator.MORE_THAN, Operator.AT_MOST, Operator.LESS_THAN)


def numbers(
    *, min_value: int = -(10**6), max_value: int = 10**6, places: int = 3
) -> st.SearchStrategy[Decimal]:
    """Finite Decimals between ``min_value`` and ``max_value`` with at most ``places`` decimals."""
    return st.decimals(
        min_value=min_value,
        max_value=max_value,
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


def targets(
    *,
    operators: Sequence[Operator] | None = None,
    min_value: int = -(10**6),
    max_value: int = 10**6,
    places: int = 3,
    percent: bool | None = None,
) -> st.SearchStrategy[Target]:
    """Targets with the given operators (all by default), one-sided or ranges."""
    chosen = tuple(operators) if operators is not None else (*_ONE_SIDED, Operator.BETWEEN)
    units = st.booleans() if percent is None else st.just(percent)

    @st.composite
    def build(draw: st.DrawFn) -> Target:
        operator = draw(st.sampled_from(chosen))
        low = draw(numbers(min_value=min_value, max_value=max_value, places=places))
        unit = draw(units)
        if operator is Operator.BETWEEN:
            high = draw(numbers(min_value=math.ceil(low), max_value=max_value, places=places))
            return Target.between(low, max(low, high), percent=unit)
        return Target(operator, low, percent=unit)

    return build()


def tolerances(
    *,
    kinds: Sequence[ToleranceKind] | None = None,
    max_amount: int = 50,
    places: int = 2,
) -> st.SearchStrategy[Tolerance]:
    """Relative, absolute and no tolerances, amounts from 0 to ``max_amount``."""
    chosen = tuple(kinds) if kinds is not None else tuple(ToleranceKind)
    amounts = st.decimals(min_value=0, max_value=max_amount, places=places)

    def build(kind: ToleranceKind) -> st.SearchStrategy[Tolerance]:
        if kind is ToleranceKind.NONE:
            return st.just(Tolerance.none())
        return amounts.map(lambda amount: Tolerance(kind, amount))

    return st.sampled_from(chosen).flatmap(build)


def scales(*, min_levels: int = 2, max_levels: int = 6) -> st.SearchStrategy[Scale]:
    """User-defined scales with distinct labels, best first."""
    labels = st.lists(
        st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True).filter(
            lambda text: text.casefold() not in {"na", "n/a"}
        ),
        min_size=min_levels,
        max_size=max_levels,
        unique_by=str.casefold,
    )
    return labels.map(lambda names: Scale.define("Generated", names))


def statuses(*, scale: Scale | None = None, rated: bool | None = None) -> st.SearchStrategy[Status]:
    """Statuses of ``scale`` (standard RAG by default), with or without N/A."""
    levels = list((scale or Scale.rag()).levels)
    if rated is False:
        return st.just(Status.NOT_RATED)
    if rated is None:
        levels.append(Status.NOT_RATED)
    return st.sampled_from(levels)


def schemes(*, scale: Scale | None = None, max_steps: int = 3) -> st.SearchStrategy[Scheme]:
    """Schemes valid by construction: growing tolerances, statuses that never improve."""
    levels = (scale or Scale.rag()).levels

    @st.composite
    def build(draw: st.DrawFn) -> Scheme:
        kind = draw(st.sampled_from([ToleranceKind.RELATIVE, ToleranceKind.ABSOLUTE]))
        count = draw(st.integers(min_value=0, max_value=max_steps))
        amounts = sorted(
            draw(
                st.lists(
                    st.decimals(min_value="0.01", max_value=100, places=2),
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
            Step(Tolerance(kind, amount), levels[rank])
            for amount, rank in zip(amounts, ranks[1:-1], strict=True)
        ]
        return Scheme(levels[ranks[0]], steps, levels[ranks[-1]])

    return build()


def edge_values(
    target: Target,
    rule: Rule = "10%",
    *,
    places: int = 3,
    forms: Sequence[str] = ("decimal", "str", "float", "int"),
) -> st.SearchStrategy[object]:
    """Values exactly on each edge of ``target`` under ``rule``, and the nearest either side.

    Edges are the target (each end of a range) and every tolerance edge. The
    neighbours are one unit of ``places`` decimal places away and, for floats,
    the adjacent binary floats. Values come in the given ``forms`` (an int only
    where the value is whole).
    """
    step = Decimal(1).scaleb(-places)
    edges = Classifier.prepare(target, rule).boundaries

    def render(value: Decimal, form: str) -> st.SearchStrategy[object]:
        if form == "float":
            near = float(value)
            return st.sampled_from(
                [near, math.nextafter(near, -math.inf), math.nextafter(near, math.inf)]
            )
        if form == "str":
            return st.just(f"{value:f}")
        if form == "int" and value == value.to_integral_value():
            return st.just(int(value))
        return st.just(value)

    candidates = [edge + delta for edge in edges for delta in (-step, Decimal(0), step)]
    return st.tuples(st.sampled_from(candidates), st.sampled_from(list(forms))).flatmap(
        lambda pair: render(*pair)
    )


def figures(
    *, min_value: int = 0, max_value: int = 10**6, percent: bool | None = None
) -> st.SearchStrategy[Figure]:
    """Plain figures."""
    units = st.booleans() if percent is None else st.just(percent)
    return st.builds(Figure, numbers(min_value=min_value, max_value=max_value), units)


def cohorts(*, max_denominator: int = 1000) -> st.SearchStrategy[Cohort]:
    """Cohorts with 0 <= numerator <= denominator (a zero denominator included)."""
    return st.integers(0, max_denominator).flatmap(
        lambda denominator: st.integers(0, denominator).map(
            lambda numerator: Cohort(numerator, denominator)
        )
    )


def bands(*, min_bands: int = 1, max_bands: int = 6) -> st.SearchStrategy[Bands]:
    """Bands that partition [0, infinity), cut at increasing whole numbers."""

    @st.composite
    def build(draw: st.DrawFn) -> Bands:
        cuts = sorted(
            draw(st.sets(st.integers(1, 120), min_size=min_bands - 1, max_size=max_bands - 1))
        )
        edges: list[int | None] = [0, *cuts, None]
        result: list[Band] = []
        for index in range(len(edges) - 1):
            low, high = edges[index], edges[index + 1]
            upper_closed = high is not None and draw(st.booleans())
            lower_closed = index == 0 or not result[-1].upper_closed
            result.append(Band(f"Band {index + 1}", low, high, lower_closed, upper_closed))
        return Bands(result)

    return build()


def distributions(*, max_count: int = 50) -> st.SearchStrategy[Distribution]:
    """Band distributions with a targeted band."""

    @st.composite
    def build(draw: st.DrawFn) -> Distribution:
        partition = draw(bands())
        counts = draw(
            st.lists(
                st.integers(0, max_count),
                min_size=len(partition.bands),
                max_size=len(partition.bands),
            )
        )
        return Distribution(partition, counts, draw(st.sampled_from(partition.labels)))

    return build()


def periods(
    *, min_year: int = 2000, max_year: int = 2040
) -> st.SearchStrategy[Year | Quarter | Month]:
    """Years, quarters and months under UK financial, calendar and academic conventions."""
    conventions = st.sampled_from(
        [YearConvention.uk_financial(), YearConvention.calendar(), YearConvention.academic()]
    )
    years = st.builds(Year, st.integers(min_year, max_year), conventions)
    return st.one_of(
        years,
        st.builds(Quarter, years, st.integers(1, 4)),
        st.builds(Month, years, st.integers(1, 12)),
    )


def profiles(*, periods: int = 4) -> st.SearchStrategy[Profile]:
    """Profiles whose exact weights sum to one."""
    return (
        st.lists(st.integers(0, 10), min_size=periods, max_size=periods)
        .filter(any)
        .map(lambda parts: Profile([Fraction(part, sum(parts)) for part in parts]))
    )


def kpis(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[KPI]:
    """Simple KPIs with a target (or none yet)."""
    return st.builds(
        lambda kpi_id, target: KPI(kpi_id, f"Measure {kpi_id}", target),
        ids or st.from_regex(r"[1-9]\.[0-9]{1,2}", fullmatch=True),
        st.one_of(st.none(), targets()),
    )


def frameworks(*, min_size: int = 1, max_size: int = 10) -> st.SearchStrategy[Framework]:
    """Frameworks of simple KPIs with unique ids."""
    return st.lists(kpis(), min_size=min_size, max_size=max_size, unique_by=lambda kpi: kpi.id).map(
        Framework
    )


def observations(framework: Framework) -> st.SearchStrategy[list[Observation]]:
    """An observation for each KPI of ``framework``: a figure in its unit, or none."""

    def one(kpi: KPI) -> st.SearchStrategy[Observation]:
        percent = kpi.target is not None and kpi.target.percent
        figure = st.one_of(st.none(), figures(min_value=-(10**6), percent=percent))
        return st.builds(lambda measure: Observation(kpi.id, measure), figure)

    return st.tuples(*(one(kpi) for kpi in framework.kpis)).map(list)


def risk_matrices(*, max_levels: int = 5) -> st.SearchStrategy[RiskMatrix]:
    """Matrices with random scales and bands cut between reachable scores."""

    @st.composite
    def build(draw: st.DrawFn) -> RiskMatrix:
        def scale(name: str) -> LevelScale:
            values = sorted(draw(st.sets(st.integers(1, 10), min_size=1, max_size=max_levels)))
            return LevelScale(name, [Level(f"{name} {value}", value) for value in values])

        likelihood, impact = scale("likelihood"), scale("impact")
        reachable = sorted({a.value * b.value for a in likelihood.levels for b in impact.levels})
        cuts = (
            sorted(draw(st.sets(st.sampled_from(reachable[1:]), max_size=2)))
            if len(reachable) > 1
            else []
        )
        edges = [reachable[0], *cuts, reachable[-1] + 1]
        rag = Scale.rag().levels
        rating = [
            RatingBand(low, high - 1, rag[i])
            for i, (low, high) in enumerate(itertools.pairwise(edges))
        ]
        return RiskMatrix(likelihood, impact, rating)

    return build()


def risks(matrix: RiskMatrix | None = None) -> st.SearchStrategy[Risk]:
    """Open risks scored on ``matrix`` (City of London by default)."""
    chosen = matrix or RiskMatrix.city_of_london()
    return st.builds(
        lambda code, likelihood, impact, day: Risk(
            code, f"Risk {code}", likelihood=likelihood.value, impact=impact.value, target_date=day
        ),
        st.from_regex(r"R[0-9]{1,4}", fullmatch=True),
        st.sampled_from(chosen.likelihood.levels),
        st.sampled_from(chosen.impact.levels),
        st.one_of(
            st.none(), st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
        ),
    )


def risk_registers(
    matrix: RiskMatrix | None = None, *, max_size: int = 10
) -> st.SearchStrategy[RiskRegister]:
    """Registers with unique codes on ``matrix``."""
    chosen = matrix or RiskMatrix.city_of_london()
    return st.lists(risks(chosen), max_size=max_size, unique_by=lambda risk: risk.code).map(
        lambda entries: RiskRegister(chosen, entries)
    )


def budget_lines(*, max_amount: int = 10**6) -> st.SearchStrategy[BudgetLine]:
    """Budget lines with exact amounts, cost or net-income."""
    amounts = st.decimals(min_value=-max_amount, max_value=max_amount, places=2)
    return st.builds(
        lambda name, budget, projected, kind: BudgetLine(name, budget, projected, kind=kind),
        st.from_regex(r"[A-Z][a-z]{2,10}", fullmatch=True),
        amounts,
        amounts,
        st.sampled_from(list(LineKind)),
    )


def budget_tables(*, max_size: int = 10) -> st.SearchStrategy[BudgetTable]:
    """Budget tables with unique line names."""
    return st.lists(budget_lines(), max_size=max_size, unique_by=lambda line: line.name).map(
        BudgetTable
    )


def _register_types() -> None:
    """Register kpirag's value types with Hypothesis, so ``st.from_type(Target)`` works."""
    for cls, strategy in (
        (Target, targets()),
        (Tolerance, tolerances()),
        (Scale, scales()),
        (Status, statuses()),
        (Scheme, schemes()),
        (Figure, figures()),
        (Cohort, cohorts()),
        (Bands, bands()),
        (Distribution, distributions()),
        (Year, st.builds(Year, st.integers(2000, 2040))),
        (Quarter, st.builds(Quarter, st.builds(Year, st.integers(2000, 2040)), st.integers(1, 4))),
        (Month, st.builds(Month, st.builds(Year, st.integers(2000, 2040)), st.integers(1, 12))),
        (Profile, profiles()),
        (KPI, kpis()),
        (Framework, frameworks()),
        (RiskMatrix, risk_matrices()),
        (Risk, risks()),
        (RiskRegister, risk_registers()),
        (BudgetLine, budget_lines()),
        (BudgetTable, budget_tables()),
    ):
        st.register_type_strategy(cls, strategy)


_register_types()
