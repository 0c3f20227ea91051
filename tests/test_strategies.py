"""kpirag.strategies._strategies: valid by construction, registered with Hypothesis, aimed at the edges."""

from __future__ import annotations

import pickle
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import find, given
from hypothesis import strategies as st

import kpirag
from kpirag import (
    KPI,
    Bands,
    BudgetLine,
    BudgetTable,
    Cohort,
    Distribution,
    Figure,
    Framework,
    Month,
    Profile,
    Quarter,
    Risk,
    RiskMatrix,
    RiskRegister,
    Scale,
    Scheme,
    Status,
    Target,
    Tolerance,
    Year,
    classify,
)
from kpirag import strategies as ks

REGISTERED = [
    Target, Tolerance, Scale, Status, Scheme, Figure, Cohort, Bands, Distribution, Year, Quarter,
    Month, Profile, KPI, Framework, RiskMatrix, Risk, RiskRegister, BudgetLine, BudgetTable,
]  # fmt: skip


@pytest.mark.parametrize("cls", REGISTERED, ids=lambda cls: cls.__name__)
def test_from_type_works_for_public_value_types(cls: type) -> None:
    """st.from_type gives valid instances that pickle equal, for every public value type."""

    @given(st.from_type(cls))
    def check(value: object) -> None:
        assert isinstance(value, cls)
        assert pickle.loads(pickle.dumps(value)) == value

    check()


def test_import_kpirag_does_not_import_hypothesis() -> None:
    """`import kpirag` (and using it) never imports Hypothesis."""
    code = (
        "import sys, kpirag; kpirag.classify(46, '<43', '10%'); print('hypothesis' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_clear_import_error_without_hypothesis() -> None:
    """Without Hypothesis, importing kpirag.strategies._strategies names the extra to install."""
    code = "import sys; sys.modules['hypothesis'] = None; import kpirag.strategies._strategies"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "pip install 'kpirag[hypothesis]'" in done.stderr


@pytest.mark.parametrize(
    ("target", "rule", "edge"),
    [
        ("<43", "10%", "43"),
        ("<43", "10%", "47.3"),
        ("75%", "10%", "67.5"),
        ("95%-105%", "5pt", "110"),
    ],
)
def test_edge_values_hit_every_edge(target: str, rule: str, edge: str) -> None:
    """edge_values reaches each edge exactly, in every input form."""
    parsed = Target.parse(target)
    for kind in (Decimal, str, float):

        def on_edge(value: object, kind: type = kind) -> bool:
            return isinstance(value, kind) and Decimal(str(value)) == Decimal(edge)

        assert Decimal(str(find(ks.edge_values(parsed, rule), on_edge))) == Decimal(edge)


@given(st.data())
def test_edge_values_classify_like_the_exact_rule(data: st.DataObject) -> None:
    """Law: values at and beside edges classify exactly as their decimal reading says."""
    target = data.draw(ks.targets())
    tolerance = data.draw(ks.tolerances())
    value = data.draw(ks.edge_values(target, tolerance))
    reading = value if isinstance(value, Decimal | str) else Decimal(repr(value))
    assert classify(value, target, tolerance) == classify(reading, target, tolerance)


@given(ks.schemes(), ks.targets(), ks.numbers(), ks.numbers())
def test_generated_schemes_are_monotonic(
    scheme: Scheme, target: Target, a: Decimal, b: Decimal
) -> None:
    """Law: under any generated scheme, a better value never gets a worse status."""
    if target.better is None:
        return
    worse, better = sorted((a, b), reverse=target.better.value == "lower")
    assert classify(better, target, scheme) <= classify(worse, target, scheme)


@given(ks.bands(), st.lists(ks.numbers(min_value=0, max_value=200), max_size=20))
def test_generated_bands_partition(bands: Bands, values: list[Decimal]) -> None:
    """Law: generated bands put every non-negative value in exactly one band."""
    for value in values:
        assert sum(value in band for band in bands.bands) == 1


@given(ks.risk_matrices())
def test_generated_matrices_rate_every_reachable_score(matrix: RiskMatrix) -> None:
    """Law: every reachable score of a generated matrix has exactly one rating band."""
    for score in matrix.reachable_scores:
        assert sum(score in band for band in matrix.bands) == 1


@given(ks.frameworks().flatmap(lambda fw: st.tuples(st.just(fw), ks.observations(fw))))
def test_generated_frameworks_evaluate(pair: tuple[Framework, list[kpirag.Observation]]) -> None:
    """Generated frameworks and observations evaluate without error, one result per KPI."""
    framework, observations = pair
    evaluation = framework.evaluate(observations)
    assert len(evaluation.results) == len(framework.kpis)
    assert evaluation.summary().total == len(framework.kpis)


@given(ks.cohorts(), ks.distributions(), ks.periods(), ks.budget_tables())
def test_other_strategies_are_valid(
    cohort: Cohort, distribution: Distribution, period: Year | Quarter | Month, table: BudgetTable
) -> None:
    """Cohorts, distributions, periods and budgets come out valid."""
    assert cohort.numerator <= cohort.denominator
    assert distribution.cases == sum(distribution.counts)
    assert period.start <= period.end
    assert table.total().variance == sum((line.variance for line in table.lines), Decimal(0))


@pytest.mark.parametrize(
    "code",
    [
        "import kpirag.strategies",
        "import kpirag.strategies, hypothesis",
        "import hypothesis, kpirag.strategies",
        "import hypothesis.strategies as st, kpirag; st.from_type(kpirag.Target).example()",
        "import kpirag.strategies, hypothesis.strategies as st, kpirag; st.from_type(kpirag.KPI).example()",
    ],
)
def test_strategies_import_in_any_order_in_a_fresh_process(code: str) -> None:
    """Importing kpirag.strategies before or after Hypothesis works, and from_type finds our types."""
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
