"""The acceptance case: every Q1 2017/18 KPI from raw figures to its published status."""

from __future__ import annotations

from decimal import Decimal
from types import ModuleType

import attrs
import pytest

from kpirag import Evaluation, NotRated, Profile, Status, Trend

G, A, R, NA = Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED

PUBLISHED = {
    "1.1": G, "1.2": A, "1.4": G, "1.5": R, "1.6": A, "1.8": G,
    "2.1": G, "2.6": NA, "2.8": G, "2.9": G,
    "3.2": G, "3.3": G, "3.4": G, "3.6": G,
    "4.1": G, "4.2": NA, "4.4": G, "4.5": G, "4.7": G, "4.8": G,
    "5.5": G, "5.6": G,
}  # fmt: skip
COMPUTED = {**PUBLISHED, "1.2": R, "1.5": A}


@pytest.fixture(scope="module")
def evaluation(q1: ModuleType) -> Evaluation:
    """The quarter evaluated."""
    result: Evaluation = q1.framework().evaluate(q1.observations(), period=q1.PERIOD)
    return result


@pytest.mark.parametrize(("kpi_id", "published"), sorted(PUBLISHED.items()))
def test_published_status(evaluation: Evaluation, kpi_id: str, published: Status) -> None:
    """Each KPI shows the status the report published."""
    assert evaluation.result(kpi_id).status == published


@pytest.mark.parametrize(("kpi_id", "computed"), sorted(COMPUTED.items()))
def test_rule_status(evaluation: Evaluation, kpi_id: str, computed: Status) -> None:
    """Each KPI's computed status is what the stated rule gives from the raw figures."""
    assert evaluation.result(kpi_id).computed == computed


def test_summary(evaluation: Evaluation, q1: ModuleType) -> None:
    """17 Green (85%), 2 Amber (10%), 1 Red (5%), 21 N/A, 41 in all."""
    summary = evaluation.summary(unlisted=q1.UNLISTED)
    assert (summary.count(G), summary.count(A), summary.count(R)) == (17, 2, 1)
    assert (summary.not_rated, summary.rated, summary.total) == (21, 20, 41)
    assert (summary.percent(G), summary.percent(A), summary.percent(R)) == (
        Decimal(85),
        Decimal(10),
        Decimal(5),
    )


def test_audit(evaluation: Evaluation) -> None:
    """The audit lists 1.2 and 1.5, with both statuses and the gap in levels."""
    audit = {entry.kpi_id: entry for entry in evaluation.audit()}
    assert set(audit) == {"1.2", "1.5"}
    assert (audit["1.2"].recorded, audit["1.2"].computed, audit["1.2"].levels) == (A, R, -1)
    assert (audit["1.5"].recorded, audit["1.5"].computed, audit["1.5"].levels) == (R, A, 1)
    assert "Amber down to 67.5%" in audit["1.5"].explanation
    assert audit["1.5"].override is not None


def test_linear_starts_on_site_would_be_red(q1: ModuleType) -> None:
    """Profiled linearly, 0 starts against 34 a year is Red in Q1, and the audit shows 4.7."""
    framework = q1.framework()
    kpi = framework.kpi("4.7")
    parts = tuple(
        attrs.evolve(part, profile=Profile.linear(4)) if part.name == "Starts on site" else part
        for part in kpi.parts
    )
    linear = type(framework)(
        tuple(attrs.evolve(k, parts=parts) if k.id == "4.7" else k for k in framework.kpis)
    )
    evaluation = linear.evaluate(q1.observations(), period=q1.PERIOD)
    result = evaluation.result("4.7")
    assert result.computed == R
    starts = next(p for p in result.parts if p.part.name == "Starts on site")
    assert starts.target is not None
    assert str(starts.target) == ">=8.5"
    assert "4.7" in {entry.kpi_id for entry in evaluation.audit()}


def test_profiled_targets(evaluation: Evaluation) -> None:
    """2,000 a year is 500 in Q1; 79,333 a year is 19,833.25 by the end of Q1."""
    assert str(evaluation.result("2.9").target) == ">=500"
    assert str(evaluation.result("4.5").target) == ">=19833.25"


def test_not_rated_reasons(evaluation: Evaluation) -> None:
    """2.6 is not due (shown 'Annual'); 4.2 has no target (shown with its reason)."""
    assert evaluation.result("2.6").not_rated is NotRated.NOT_DUE
    assert evaluation.result("2.6").display == "Annual"
    assert evaluation.result("4.2").not_rated is NotRated.NO_TARGET
    assert evaluation.result("4.2").display == "52.0%"


def test_exceptions_order(evaluation: Evaluation) -> None:
    """The exceptions are Red then Amber, with commentary."""
    ids = [result.kpi.id for result in evaluation.exceptions()]
    assert ids == ["1.5", "1.2", "1.6"]
    worst = evaluation.exceptions()[0].observation
    assert worst is not None
    assert "Pathways" in worst.actions


def test_direction_of_travel(evaluation: Evaluation) -> None:
    """1.6 fell from 54 to 46 on a lower-is-better KPI: improved."""
    assert evaluation.result("1.6").travel is Trend.IMPROVED
    assert evaluation.result("1.4").travel is None


def test_by_theme(evaluation: Evaluation) -> None:
    """Theme summaries add up to the whole."""
    themes = evaluation.by_theme()
    assert sum(s.total for s in themes.values()) == len(evaluation.results)
    assert themes["1 Safe"].count(G) == 3


def test_displays(evaluation: Evaluation) -> None:
    """Figures show as the report writes them."""
    assert evaluation.result("3.4").display == "8/9 (89%)"
    parts = evaluation.result("1.1").parts
    assert parts[0].display == "4 (33.3%), 1 (8.3%), 7 (58.3%), 0, 0"
