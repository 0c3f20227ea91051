"""Budget monitoring: kpirag.budget._budget."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from types import ModuleType

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirag import (
    BudgetLine,
    BudgetRule,
    BudgetRules,
    BudgetTable,
    InvalidBudgetError,
    KpiragError,
    LineKind,
    Status,
    Threshold,
    ValueTypeError,
)

G, A, R = Status.GREEN, Status.AMBER, Status.RED


@pytest.mark.parametrize(
    ("budget", "projected", "variance", "label", "wording"),
    [
        ("6,974", "7,093", "119", "ADV", "overspend"),
        ("262", "350", "88", "ADV", "overspend"),
        ("2,174", "2,080", "-94", "FAV", "underspend"),
        ("-1,230", "-1,230", "0", "", "on budget"),
        ("(1,230)", "(1,000)", "230", "ADV", "income shortfall"),
        ("-111", "-71", "40", "ADV", "income shortfall"),
        ("-450", "-500", "-50", "FAV", "additional income"),
        (0, 10, "10", "ADV", "overspend"),
        (12.5, 12.4, "-0.1", "FAV", "underspend"),
    ],
)
def test_variance(
    budget: object, projected: object, variance: str, label: str, wording: str
) -> None:
    """Variance is projected minus budget; a positive one is adverse on cost and income lines."""
    line = BudgetLine("Line", budget, projected)  # type: ignore[arg-type]
    assert line.variance == Decimal(variance)
    assert line.label == label
    assert line.wording == wording
    assert line.adverse is (label == "ADV")
    assert line.favourable is (label == "FAV")


def test_variance_pct() -> None:
    """A percentage of the absolute budget, unrounded; none for a zero budget."""
    people = BudgetLine("People", 6974, 7093)
    assert people.variance_pct is not None
    assert people.variance_pct.quantize(Decimal("0.1")) == Decimal("1.7")
    assert BudgetLine("x", -200, -190).variance_pct == Decimal(5)
    assert BudgetLine("x", 0, 10).variance_pct is None
    assert people.describe() == "People: 119 overspend (1.7%) against 6,974 £'000"


def test_income_kind() -> None:
    """Lines with income as positive figures: a higher projection is favourable."""
    line = BudgetLine("Rents", 1000, 900, kind=LineKind.INCOME)
    assert (line.adverse, line.wording) == (True, "income shortfall")


@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2),
    st.decimals(min_value=-(10**6), max_value=10**6, places=2),
)
def test_income_sign_flip(budget: Decimal, projected: Decimal) -> None:
    """Law: an income line recorded with flipped signs has the same adverse/favourable verdict."""
    net = BudgetLine("x", budget, projected)
    income = BudgetLine("x", -budget, -projected, kind=LineKind.INCOME)
    assert (net.adverse, net.favourable) == (income.adverse, income.favourable)
    flipped = BudgetLine("x", -budget, -projected)
    if not net.variance.is_zero():
        assert flipped.adverse is not net.adverse


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=-(10**6), max_value=10**6, places=3),
            st.decimals(min_value=-(10**6), max_value=10**6, places=3),
        ),
        max_size=20,
    )
)
def test_variance_of_total_is_total_of_variances(pairs: list[tuple[Decimal, Decimal]]) -> None:
    """Law: the variance of a total equals the total of the variances, exactly."""
    table = BudgetTable(BudgetLine(f"L{i}", b, p) for i, (b, p) in enumerate(pairs))
    assert table.total().variance == sum((line.variance for line in table.lines), Decimal(0))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"budget": None, "projected": 1},
            InvalidBudgetError,
            "Budget line 'Line': Invalid budget None: expected an amount",
        ),
        ({"budget": "abc", "projected": 1}, InvalidBudgetError, "'Line': Invalid budget 'abc'"),
        ({"budget": 1, "projected": float("nan")}, InvalidBudgetError, "Invalid projected nan"),
        ({"budget": "5%", "projected": 1}, InvalidBudgetError, "not a percentage"),
        ({"budget": True, "projected": 1}, InvalidBudgetError, "not a bool"),
        ({"budget": 1, "projected": 1, "actual": "x"}, InvalidBudgetError, "Invalid actual 'x'"),
    ],
)
def test_bad_amounts(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    """A missing or non-numeric amount names the line and the field."""
    with pytest.raises(error, match=message):
        BudgetLine("Line", **kwargs)  # type: ignore[arg-type]


def test_bad_names_and_tables() -> None:
    """Lines need names; tables reject duplicates and mixed units."""
    with pytest.raises(InvalidBudgetError, match="expected a name"):
        BudgetLine(" ", 1, 1)
    with pytest.raises(InvalidBudgetError, match="duplicate 'A' \\(Local\\)"):
        BudgetTable([BudgetLine("A", 1, 1, "Local"), BudgetLine("A", 2, 2, "Local")])
    with pytest.raises(InvalidBudgetError, match="mixed units"):
        BudgetTable([BudgetLine("A", 1, 1), BudgetLine("B", 1, 1, unit="£")])
    assert not issubclass(InvalidBudgetError, ValueTypeError)


def test_q1_budget(q1: ModuleType) -> None:
    """Q1 2017/18: the seven divisions add up exactly in both categories."""
    table: BudgetTable = q1.budget()
    people = table.line("People", q1.LOCAL)
    assert (people.variance, people.adverse) == (Decimal(119), True)
    assert people.variance_pct is not None
    assert round(people.variance_pct, 1) == Decimal("1.7")
    central = table.line("People", q1.CENTRAL)
    assert (central.variance, central.adverse) == (Decimal(88), True)
    hra = table.line("Housing Revenue Account (HRA)", q1.LOCAL)
    assert (hra.variance, hra.label) == (Decimal(0), "")
    table.check_total(q1.LOCAL, budget="9,071", projected="9,077")
    table.check_total(q1.CENTRAL, budget="3,925", projected="4,053")
    table.check_total(budget=12996, projected=13130)
    assert len(table.divisions) == 7


def test_check_total_reports_both_figures() -> None:
    """A mismatch with a published total names both figures."""
    table = BudgetTable([BudgetLine("A", 100, 110), BudgetLine("B", 50, 40)])
    with pytest.raises(InvalidBudgetError, match="budget: published 151, lines add up to 150"):
        table.check_total(budget=151, projected=150)
    with pytest.raises(InvalidBudgetError, match="expected one of"):
        table.total("Capital")


@pytest.mark.parametrize(
    ("budget", "projected", "expected"),
    [
        (1000, 1000, G), (1000, 1019.99, G), (1000, 1020, A), (1000, 1050, A), (1000, 1050.01, R),
        (1000, 900, G), (-1000, -940, R), (0, 1, R), (0, 0, G),
    ],
)  # fmt: skip
def test_percentage_rule(budget: float, projected: float, expected: Status) -> None:
    """Under 2% Green, 2% to 5% Amber (edges included), over 5% Red; underspends Green."""
    rule = BudgetRule.percentage(amber=2, red=5)
    assert rule.rate(BudgetLine("x", budget, projected)) is expected


def test_lesser_of_and_absolute_rules() -> None:
    """'5% or £100k, whichever is lower', absolute thresholds, and flagged underspends."""
    rule = BudgetRule.lesser_of(amber=(2, 50), red=(5, 100))
    assert rule.rate(BudgetLine("big", 10000, 10101)) is R  # 101 > min(500, 100)
    assert rule.rate(BudgetLine("big", 10000, 10100)) is A
    assert rule.rate(BudgetLine("small", 1000, 1051)) is R  # 51 > min(50, 100)
    absolute = BudgetRule.absolute(amber=10, red=20, flag_underspends=True)
    assert absolute.rate(BudgetLine("x", 100, 75)) is R
    assert absolute.rate(BudgetLine("x", 100, 90)) is A
    with pytest.raises(InvalidBudgetError, match="expected a percent, an amount"):
        Threshold()
    with pytest.raises(InvalidBudgetError, match="zero or more"):
        Threshold(percent=-1)


@pytest.mark.parametrize(
    "rule",
    [
        BudgetRule.percentage(amber=2, red=5, flag_underspends=True),
        BudgetRule.lesser_of(amber=(2, 50), red=(5, 100), flag_underspends=True),
        BudgetRule.absolute(amber=20, red=50, flag_underspends=True),
    ],
)
def test_every_constructor_keeps_flag_underspends(rule: BudgetRule) -> None:
    """Each named constructor keeps ``flag_underspends``: a large underspend is then Red."""
    assert rule.flag_underspends is True
    assert rule.rate(BudgetLine("x", 1000, 800)) is R
    assert attrs.evolve(rule, flag_underspends=False).rate(BudgetLine("x", 1000, 800)) is G


@pytest.mark.parametrize(
    ("amber", "red"), [(5, 10), (None, None), ("", (5, 100)), ((1, 2, 3), (5, 100)), ([], [])]
)
def test_lesser_of_needs_pairs(amber: object, red: object) -> None:
    """``lesser_of`` takes (percent, amount) pairs; anything else is our ValueTypeError."""
    with pytest.raises(ValueTypeError, match="expected a \\(percent, amount\\) pair"):
        BudgetRule.lesser_of(amber=amber, red=red)  # type: ignore[arg-type]


def test_huge_amounts_are_our_error_not_overflow() -> None:
    """A budget of 1e1000000 is past the documented size limit: our error, not decimal.Overflow."""
    with pytest.raises(KpiragError, match="between 1E-1000 and 1E"):
        BudgetLine("x", Decimal("1e1000000"), Decimal("2e1000000"))
    line = BudgetLine("x", Decimal("1e999"), Decimal("2e999"))
    assert line.variance_pct == 100
    assert BudgetRule.percentage(amber=2, red=5).rate(line) is R


@pytest.mark.parametrize("budget", [None, "x", Decimal("NaN"), Decimal("sNaN"), [1]])
def test_threshold_limit_reads_its_budget(budget: object) -> None:
    """``Threshold.limit`` rejects a budget that is not a number with our error."""
    with pytest.raises(KpiragError):
        Threshold(percent=5).limit(budget)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("line", "described"),
    [
        (BudgetLine("Roads", 10000, 12500), "Roads: 2,500 overspend (25.0%) against 10,000 £'000"),
        (
            BudgetLine("Rents", "-1,234,567", "-1,000,000", "HRA", unit="£"),
            "Rents (HRA): 234,567 income shortfall (19.0%) against -1,234,567 £",
        ),
        (BudgetLine("Fees", 0, 1500), "Fees: 1,500 overspend against 0 £'000"),
    ],
)
def test_defect_budget_line_describe_loses_its_thousands_separator(
    line: BudgetLine, described: str
) -> None:
    """Variance and budget are both shown with thousands separators, beside the percentage."""
    assert line.describe() == described


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: BudgetLine("People", "6,974", "7,093", "Local risk"), "BudgetLine('People', 'Local risk', 6974 to 7093 £'000)"),
        (lambda: BudgetLine("People", 1, 2, level="directorate"), "BudgetLine('People', 1 to 2 £'000, directorate)"),
        (lambda: BudgetLine("People", 1, 2, group="G", unit="£m"), "BudgetLine('People', 1 to 2 £m, group 'G')"),
        (lambda: BudgetLine("A very long line name indeed for a budget", 1, 2, "A very long category", unit="thousands of pounds"), "BudgetLine('A very long line name indeed …', 'A very long cat…', 1 to 2 thousan…)"),
        (lambda: BudgetTable([BudgetLine("A", 1, 2)]), "BudgetTable(1 line, £'000)"),
        (lambda: BudgetTable([BudgetLine("A", 1, 2, group="G"), BudgetLine("B", 1, 2, group="H"), BudgetLine("G", 1, 2, level="directorate"), BudgetLine("T", 2, 4, level="total")]), "BudgetTable(2 lines, 2 groups, 2 published totals, £'000)"),
        (lambda: BudgetTable([BudgetLine("A", 1, 2, "X"), BudgetLine("B", 1, 2, "Y")]), "BudgetTable(2 lines, 2 categories, £'000)"),
        (lambda: BudgetRules(BudgetRule.percentage(amber=1, red=2)).rate(BudgetTable([BudgetLine("A", 100, 102)])), "(RatedLine('A', service, Amber), RatedLine('Total', total, Amber))"),
        (lambda: BudgetLine("People", "6,974", "7,093", "Local risk").describe(), "People (Local risk): 119 overspend (1.7%) against 6,974 £'000"),
        (lambda: BudgetLine("People", 1000, 950).describe(), "People: 50 underspend (5.0%) against 1,000 £'000"),
        (lambda: BudgetLine("People", 0, 5).describe(), "People: 5 overspend against 0 £'000"),
        (lambda: BudgetLine("Inc", 100, 120, kind="income").describe(), "Inc: 20 additional income (20.0%) against 100 £'000"),
        (lambda: BudgetLine("Inc", 100, 120, kind="income").variance_words(), "20 additional income (20%)"),
        (lambda: BudgetLine("People", 1000, 1000).variance_words(), "on budget"),
        (lambda: BudgetTable([BudgetLine("A", 1, 2, group="G"), BudgetLine("G", 1, 2, level="directorate")]), "BudgetTable(1 line, 1 group, 1 published total, £'000)"),
    ],
)  # fmt: skip
def test_budget_lines_tables_and_rated_lines_read_as_written(
    build: Callable[[], object], expected: str
) -> None:
    """A line's repr, description and variance words, a table's counts, a rated line's status."""
    assert str(build()) == expected
