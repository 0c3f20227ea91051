"""Budget rules: edge sides, per-level rules for hierarchies, totals, plain-data rules."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpirag import (
    BudgetLevel,
    BudgetLine,
    BudgetRule,
    BudgetRules,
    BudgetTable,
    EdgeSide,
    InconsistentTotalError,
    InvalidBudgetError,
    InvalidChoiceError,
    InvalidRulesError,
    InvalidSchemeError,
    InvalidValueError,
    KpiragError,
    Status,
    Threshold,
    TotalMismatch,
    UnitMismatchError,
    ValueTypeError,
)
from kpirag.report import budget_status_table

G, A, R = Status.GREEN, Status.AMBER, Status.RED
INCLUSIVE, EXCLUSIVE = EdgeSide.INCLUSIVE, EdgeSide.EXCLUSIVE


@pytest.mark.parametrize("edge", [50, 50.0, Decimal("50.00"), "50", "(50)"])
@pytest.mark.parametrize(
    ("red_edge", "expected"), [(None, A), (EXCLUSIVE, A), (INCLUSIVE, R), ("inclusive", R)]
)
def test_red_edge_side_at_exactly_the_edge(
    edge: object, red_edge: EdgeSide | str | None, expected: Status
) -> None:
    """A 5% overspend is Red only when the Red edge is inclusive ("5% or more"), in any form."""
    if edge == "(50)":  # net income: a budget of -1,000 with a 50 income shortfall
        line = BudgetLine("x", "(1,000)", "(950)")
    else:
        line = BudgetLine("x", 1000, Decimal(1000) + Decimal(str(edge)))
    rule = BudgetRule.percentage(amber=2, red=5, red_edge=red_edge)
    assert rule.rate(line) is expected


@pytest.mark.parametrize(
    ("amber_edge", "projected", "expected"),
    [
        (None, 1020, A), (INCLUSIVE, 1020, A), (EXCLUSIVE, 1020, G),
        (EXCLUSIVE, "1020.01", A), (INCLUSIVE, "1019.99", G),
    ],
)  # fmt: skip
def test_amber_edge_side(amber_edge: EdgeSide | None, projected: object, expected: Status) -> None:
    """The Amber edge is inclusive by default (as before); exclusive keeps 2% exactly Green."""
    rule = BudgetRule.percentage(amber=2, red=5, amber_edge=amber_edge)
    assert rule.rate(BudgetLine("x", 1000, projected)) is expected  # type: ignore[arg-type]


def test_unstated_edges_resolve_to_todays_defaults() -> None:
    """A rule built from thresholds without a side says which side each edge is on."""
    rule = BudgetRule(Threshold(percent=2), Threshold(percent=5))
    assert (rule.amber.edge_side, rule.red.edge_side) == (INCLUSIVE, EXCLUSIVE)
    assert Threshold(percent=5).edge_side is None


@pytest.mark.parametrize(
    ("rule", "projected", "words"),
    [
        (BudgetRule.percentage(amber=2, red=5), 1050,
         ("Amber: 50 overspend (5%) is exactly at the Red limit of 5% of 1,000 (50), "
         "an exclusive edge: it stays Amber")),
        (BudgetRule.percentage(amber=2, red=5, red_edge="inclusive"), 1050,
         ("Red: 50 overspend (5%) is exactly at the Red limit of 5% of 1,000 (50), "
         "an inclusive edge: Red")),
        (BudgetRule.percentage(amber=2, red=5, amber_edge="exclusive"), 1020,
         ("Green: 20 overspend (2%) is exactly at the Amber limit of 2% of 1,000 (20), "
         "an exclusive edge: it stays Green")),
        (BudgetRule.percentage(amber=2, red=5), 1020,
         ("Amber: 20 overspend (2%) is exactly at the Amber limit of 2% of 1,000 (20), "
         "an inclusive edge: Amber")),
        (BudgetRule.percentage(amber=2, red=5), 1010,
         "Green: 10 overspend (1%) is under the Amber limit of 2% of 1,000 (20)"),
        (BudgetRule.percentage(amber=2, red=5), 900,
         "Green: 100 underspend (10%); underspends are not flagged"),
        (BudgetRule.percentage(amber=2, red=5), 1000, "Green: on budget"),
    ],
)  # fmt: skip
def test_explanations_say_which_side_an_edge_went(
    rule: BudgetRule, projected: int, words: str
) -> None:
    """The one-line explanation names the limit and, at an edge, the side it went to."""
    assert rule.explain(BudgetLine("x", 1000, projected)) == words


# A three-level hierarchy: "5% or £0.100m, whichever is lower" for service lines,
# "5% or £0.250m" for directorates, "0.5% or £1.000m" for the General Fund; Amber for
# any overspend below the Red line; Green for breakeven or underspend. Amounts in £'000.
COUNCIL = {
    "service": {"red": {"percent": 5, "amount": "£0.100m", "edge": "inclusive"}},
    "directorate": {"red": {"percent": 5, "amount": "£0.250m", "edge": "inclusive"}},
    "total": {"red": {"percent": "0.5%", "amount": "£1.000m", "edge": "inclusive"}},
}

HIERARCHY = BudgetTable(
    [
        BudgetLine("Adult Social Care", 40000, 40100, group="People"),  # 100 = £0.100m: Red
        BudgetLine("Children's Social Care", 20000, 20099, group="People"),  # 99: Amber
        BudgetLine("Housing Rents", -12000, -11950, group="Housing"),  # 50 shortfall: Amber
        BudgetLine("Car Parks", -1000, -950, group="Housing"),  # 50 = 5% of |-1,000|: Red
        BudgetLine("Libraries", 1800, 1800, group="Housing"),  # breakeven: Green
        BudgetLine("Parks", 900, 850, group="Housing"),  # underspend: Green
        BudgetLine("People", 60000, 60199, level="directorate"),  # published subtotal
        BudgetLine("Housing", -10300, -10250, level="directorate"),
        BudgetLine("General Fund", 49700, 49949, level="total"),
    ]
)


@pytest.mark.parametrize(
    ("name", "level", "expected"),
    [
        ("Adult Social Care", BudgetLevel.SERVICE, R),
        ("Children's Social Care", BudgetLevel.SERVICE, A),
        ("Housing Rents", BudgetLevel.SERVICE, A),
        ("Car Parks", BudgetLevel.SERVICE, R),
        ("Libraries", BudgetLevel.SERVICE, G),
        ("Parks", BudgetLevel.SERVICE, G),
        ("People", BudgetLevel.DIRECTORATE, A),  # 199 < min(5% of 60,000, 250) = 250
        ("Housing", BudgetLevel.DIRECTORATE, A),  # 50 < min(5% of 10,300, 250) = 250
        ("General Fund", BudgetLevel.TOTAL, R),  # 249 >= min(0.5% of 49,700, 1,000) = 248.5
    ],
)
def test_three_level_hierarchy_follows_each_levels_rule(
    name: str, level: BudgetLevel, expected: Status
) -> None:
    """Each line is rated by its own level's rule, net-income lines on the absolute budget."""
    rated = {(r.line.name, r.level): r for r in BudgetRules.from_dict(COUNCIL).rate(HIERARCHY)}
    assert rated[name, level].status is expected
    assert rated[name, level].explanation.startswith(str(expected))


def test_the_status_table_names_each_lines_level_group_and_category() -> None:
    """The rated lines' table: its columns in order, money in the hierarchy's unit."""
    rated = BudgetRules(BudgetRule.percentage(amber=1, red=2)).rate(HIERARCHY)
    table = budget_status_table(rated)
    assert table.headers == (
        "Line", "Level", "Group", "Category", "Budget £'000", "Projected £'000",
        "Variance", "Variance %", "Status", "Explanation",
    )  # fmt: skip
    first = dict(zip(table.headers, table.rows[0], strict=True))
    assert (first["Line"].text, first["Level"].text) == ("Adult Social Care", "service")


def test_hierarchy_order_and_levels_without_their_own_rule() -> None:
    """Groups are followed by their totals, then the grand total; missing levels borrow."""
    rules = BudgetRules(BudgetRule.percentage(amber=1, red=2))
    order = [(r.line.name, r.level.value) for r in rules.rate(HIERARCHY)]
    assert order == [
        ("Adult Social Care", "service"),
        ("Children's Social Care", "service"),
        ("People", "directorate"),
        ("Housing Rents", "service"),
        ("Car Parks", "service"),
        ("Libraries", "service"),
        ("Parks", "service"),
        ("Housing", "directorate"),
        ("General Fund", "total"),
    ]
    assert rules.for_level("total") is rules.service
    flat = BudgetTable([BudgetLine("A", 100, 110), BudgetLine("B", 100, 90)])
    assert [(r.line.name, r.status) for r in rules.rate(flat)] == [
        ("A", R), ("B", G), ("Total", G),
    ]  # fmt: skip


def test_subtotals_are_never_double_counted() -> None:
    """Totals add service lines only, whatever published subtotals the table holds."""
    total = HIERARCHY.total()
    assert (total.budget, total.projected) == (Decimal(49700), Decimal(49949))
    people = HIERARCHY.total(group="People")
    assert (people.name, people.level) == ("People", BudgetLevel.DIRECTORATE)
    assert people.variance == Decimal(199)
    HIERARCHY.check_totals()


def test_published_totals_are_checked_with_a_rounding_allowance() -> None:
    """Published figures may differ from their lines by the stated allowance, and no more."""
    table = BudgetTable(
        [
            BudgetLine("A", 100, 101, group="G"),
            BudgetLine("B", 200, 202, group="G"),
            BudgetLine("G", 302, 303, level="directorate"),
            BudgetLine("Total", 300, 305, level="total"),
        ]
    )
    table.check_totals(per_line=1)  # off by 2 at most, within 1 x 2 lines
    with pytest.raises(InconsistentTotalError) as info:
        table.check_totals()
    assert [str(m) for m in info.value.mismatches] == [
        "G budget: published 302, lines add up to 300 (difference 2, allowance 0)",
        "Total projected: published 305, lines add up to 303 (difference 2, allowance 0)",
    ]
    with pytest.raises(InconsistentTotalError) as info:
        table.check_totals(allowance=1)
    mismatch, _ = info.value.mismatches
    assert mismatch == TotalMismatch("G", "budget", Decimal(302), Decimal(300), Decimal(1))
    assert mismatch.difference == 2
    with pytest.raises(InconsistentTotalError, match="difference 1, allowance 0"):
        table.check_total(group="G", budget=301)
    table.check_total(group="G", budget=301, per_line="0.5")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: BudgetTable([BudgetLine("G", 1, 1, level="directorate")]),
         "no service line names it"),
        (lambda: BudgetLine("A", 1, 1, level="total", group="G"), "only service lines belong"),
        (lambda: BudgetLine("A", 1, 1, level="Division"), "Invalid level 'Division'"),
    ],
)  # fmt: skip
def test_bad_hierarchies(build: Callable[[], object], message: str) -> None:
    """A subtotal of no group, a grouped total and an unknown level are our errors."""
    with pytest.raises(KpiragError, match=message):
        build()


def test_repr_is_short() -> None:
    """A table's repr says what it holds, not every line."""
    assert repr(HIERARCHY) == "BudgetTable(6 lines, 2 groups, 3 published totals, £'000)"
    assert repr(BudgetTable([])) == "BudgetTable(0 lines, £'000)"


def test_from_dict_builds_what_the_python_api_builds() -> None:
    """Plain data and the named constructors build equal rules; money is read in the unit."""
    built = BudgetRules.from_dict(COUNCIL)
    any_overspend = Threshold(amount=0, edge_side=EXCLUSIVE)
    assert built.service == BudgetRule(
        any_overspend, Threshold(5, 100, edge_side=INCLUSIVE), unit="£'000"
    )
    assert built.total == BudgetRule.lesser_of(
        amber=(None, 0),
        red=("0.5", "£1.000m"),
        amber_edge="exclusive",
        red_edge="inclusive",
        unit="£'000",
    )
    single = BudgetRules.from_dict({"red": {"percent": 5}, "amber": {"percent": 2}})
    assert single.service == BudgetRule.percentage(amber=2, red=5)
    in_pounds = BudgetRule.from_dict({"red": {"amount": "£250k"}, "unit": "£"})
    assert in_pounds.red.amount == 250000
    assert pickle.loads(pickle.dumps(built)) == built


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        ("5%", ["(top level): expected a table, not str"]),
        ({"amber": {"percent": 2}}, ["red: a rule needs a red threshold"]),
        (
            {"red": {"percent": "x", "amount": [1], "edg": 1}, "flag_underspends": "no"},
            [
                "red.edg: unknown key; expected one of percent, amount, edge",
                "red.percent: expected a number such as '46', '2,000', '69%' or '(1,230)'",
                "red.amount: expected a number or text, not list",
                "flag_underspends: expected true or false",
            ],
        ),
        ({"red": {"edge": "inclusive"}}, ["red: expected a percent, an amount, or both"]),
        ({"red": {"percent": -5}}, ["red.percent: expected zero or more"]),
        (
            {"red": {"percent": 5, "edge": "within"}},
            ["red.edge: expected 'inclusive' or 'exclusive'"],
        ),
        (
            {"red": {"amount": "£1m"}, "unit": "hours"},
            ["red.amount: a £ amount cannot be read in 'hours'"],
        ),
        ({"red": {"amount": "5%"}}, ["red.amount: expected an amount such as 100 or '£0.100m'"]),
    ],
)
def test_from_dict_reports_every_bad_entry_with_its_key_path(
    data: object, problems: list[str]
) -> None:
    """Every bad entry of a rule is reported at once, each with its key path."""
    with pytest.raises(InvalidRulesError) as info:
        BudgetRule.from_dict(data)
    assert [str(problem) for problem in info.value.problems] == problems


def test_rules_from_dict_paths_start_where_the_file_puts_them() -> None:
    """Level keys are checked, the service rule is required, and paths carry the prefix."""
    with pytest.raises(InvalidRulesError) as info:
        BudgetRules.from_dict(
            {"group": {}, "total": {"red": {"percent": "x"}}}, path=("budget", "rules")
        )
    assert [problem.key for problem in info.value.problems] == [
        "budget.rules.group",
        "budget.rules.service",
        "budget.rules.total.red.percent",
    ]


def test_money_needs_a_unit_and_the_rule_checks_it() -> None:
    """Money text in a bare Threshold is refused; a rule's unit must match the line's."""
    with pytest.raises(InvalidBudgetError, match="money text needs the table's unit"):
        Threshold(amount="£0.100m")
    rule = BudgetRule.absolute(amber=0, red="£0.100m", unit="£'000")
    assert rule.red.amount == 100
    with pytest.raises(UnitMismatchError, match="Budget line 'x': Invalid unit '£'"):
        rule.rate(BudgetLine("x", 1000, 1200, unit="£"))


@settings(max_examples=60, deadline=None)
@given(
    budget=st.decimals(min_value=-(10**5), max_value=10**5, places=1),
    small=st.decimals(min_value=0, max_value=10**4, places=2),
    extra=st.decimals(min_value=0, max_value=10**3, places=2),
    amber=st.tuples(st.integers(0, 5), st.integers(0, 200), st.sampled_from(list(EdgeSide))),
    red=st.tuples(st.integers(5, 10), st.integers(200, 400), st.sampled_from(list(EdgeSide))),
)
def test_a_bigger_overspend_never_gets_a_better_status(
    budget: Decimal,
    small: Decimal,
    extra: Decimal,
    amber: tuple[int, int, EdgeSide],
    red: tuple[int, int, EdgeSide],
) -> None:
    """Law: for any edge sides, a larger adverse variance is never rated better."""
    rule = BudgetRule(Threshold(*amber), Threshold(*red))
    lower = rule.rate(BudgetLine("x", budget, budget + small))
    higher = rule.rate(BudgetLine("x", budget, budget + small + extra))
    assert higher >= lower or higher == lower


@pytest.mark.parametrize(
    ("total", "category", "named"),
    [
        ("General Fund", "", "General Fund"),
        ("General Fund", "Revenue", "General Fund (Revenue)"),
        ("Total", "Revenue", "Revenue total"),
    ],
)
def test_defect_check_totals_names_the_computed_total_not_the_published_line(
    total: str, category: str, named: str
) -> None:
    """A mismatch names the published total line that disagrees, not the sum kpirag computed."""
    table = BudgetTable(
        [
            BudgetLine("A", 100, 101, category),
            BudgetLine("B", 200, 202, category),
            BudgetLine(total, 301, 303, category, level="total"),
        ]
    )
    with pytest.raises(InconsistentTotalError) as info:
        table.check_totals()
    assert [str(m) for m in info.value.mismatches] == [
        f"{named} budget: published 301, lines add up to 300 (difference 1, allowance 0)"
    ]


def _junk(value: object) -> Any:
    """A value of the wrong type, passed as it is (the call must refuse it)."""
    return value


TWO = BudgetTable([BudgetLine("A", 100, 110), BudgetLine("B", 50, 40, "Capital")])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: BudgetLine("A", "5%", 1), InvalidBudgetError, "Budget line 'A': Invalid budget '5%': expected an amount, not a percentage"),
        (lambda: BudgetLine("", 1, 1), InvalidBudgetError, "Invalid budget line name '': expected a name"),
        (lambda: TWO.line("C"), InvalidBudgetError, 'Invalid budget line "\'C\' (no category)": not in the table'),
        (lambda: TWO.line("A", "Capital"), InvalidBudgetError, 'Invalid budget line "\'A\' (\'Capital\')": not in the table'),
        (lambda: BudgetRule(_junk(1), Threshold(percent=5)), ValueTypeError, "Invalid amber 1: expected Threshold"),
        (lambda: BudgetRule(Threshold(percent=5), _junk("x")), ValueTypeError, "Invalid red 'x': expected Threshold"),
        (lambda: BudgetRules(BudgetRule.percentage(amber=2, red=5)).rate(_junk([1])), ValueTypeError, "Invalid table [1]: expected BudgetTable"),
        (lambda: BudgetRule.absolute(amber="£1", red="£2", unit="£").rate(BudgetLine("A", 1, 2, unit="£'000")), UnitMismatchError, 'Budget line \'A\': Invalid unit "£\'000": the rule\'s amounts are in £'),
        (Threshold, InvalidBudgetError, "Invalid threshold None: expected a percent, an amount, or both"),
        (lambda: Threshold(percent=-1), InvalidBudgetError, "Invalid threshold percent -1: expected zero or more"),
        (lambda: Threshold(amount=-1), InvalidBudgetError, "Invalid threshold amount -1: expected zero or more"),
        (lambda: Threshold(percent=1).limit("x"), InvalidValueError, "Invalid budget 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: Threshold(percent=1).reached("x", 1), InvalidValueError, "Invalid variance 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: BudgetRule.from_dict({"red": {"percent": [5]}}), InvalidRulesError, "1 problem in the rules\n  red.percent: expected a number or text, not list"),
        (lambda: BudgetRule.from_dict({"red": {"amount": -5}}), InvalidRulesError, "1 problem in the rules\n  red: expected zero or more"),
        (lambda: BudgetRule.from_dict({"red": {"percent": 5}, "amber": {"percent": "x"}}), InvalidRulesError, "1 problem in the rules\n  amber.percent: expected a number such as '46', '2,000', '69%' or '(1,230)'"),
    ],
)  # fmt: skip
def test_every_budget_error_says_its_field_value_and_expectation(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Each refusal names the line, field, value and what was expected, in one message."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: BudgetLine(_junk(5), 1, 1), InvalidBudgetError, "Invalid budget line name 5: expected a name"),
        (lambda: BudgetLine(" ", 1, 1), InvalidBudgetError, "Invalid budget line name ' ': expected a name"),
        (lambda: BudgetLine("A", _junk(None), 1), InvalidBudgetError, "Budget line 'A': Invalid budget None: expected an amount"),
        (lambda: BudgetLine("A", 1, "x"), InvalidBudgetError, "Budget line 'A': Invalid projected 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: BudgetLine("A", 1, 1, actual="5%"), InvalidBudgetError, "Budget line 'A': Invalid actual '5%': expected an amount, not a percentage"),
        (lambda: BudgetLine("A", 1, 1, actual="x"), InvalidBudgetError, "Budget line 'A': Invalid actual 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: BudgetLine("A", 1, 1, _junk(5)), ValueTypeError, "Budget line 'A': Invalid category 5: expected text"),
        (lambda: BudgetLine("A", 1, 1, unit=_junk(5)), ValueTypeError, "Budget line 'A': Invalid unit 5: expected text"),
        (lambda: BudgetLine("A", 1, 1, group=_junk(5)), ValueTypeError, "Budget line 'A': Invalid group 5: expected text"),
        (lambda: BudgetLine("A", 1, 1, kind="gross"), InvalidChoiceError, "Budget line 'A': Invalid kind 'gross': expected one of 'net expenditure', 'income'"),
        (lambda: BudgetLine("A", 1, 1, level="region"), InvalidChoiceError, "Budget line 'A': Invalid level 'region': expected one of 'service', 'directorate', 'total'"),
        (lambda: BudgetLine("A", 1, 1, level="total", group="G"), InvalidBudgetError, "Budget line 'A': Invalid group 'G': only service lines belong to a group"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1), BudgetLine("A", 1, 1), BudgetLine("B", 1, 1, "C"), BudgetLine("B", 1, 1, "C")]), InvalidBudgetError, "Invalid budget lines: duplicate 'A' (no category), 'B' (C)"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1), BudgetLine("B", 1, 1, unit="£")]), InvalidBudgetError, 'Invalid budget lines: mixed units [\'£\', "£\'000"]'),
        (lambda: BudgetTable([BudgetLine("A", 1, 1, group="G"), BudgetLine("H", 1, 1, level="directorate")]), InvalidBudgetError, "Budget line 'H': Invalid directorate 'H': no service line names it as its group"),
        (lambda: BudgetTable(_junk([1])), ValueTypeError, "Invalid lines item 1: expected BudgetLine, not int"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1), BudgetLine("A", 1, 1, level="total")]).line("A"), InvalidBudgetError, 'Invalid budget line "\'A\' (no category)": on several levels; name the level'),
        (lambda: BudgetTable([BudgetLine("A", 1, 1)]).total("X"), InvalidBudgetError, "Invalid category 'X': expected one of ['']"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1, group="G")]).total(group="H"), InvalidBudgetError, "Invalid group 'H': expected one of ['G']"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1)]).check_total(allowance=-1), InvalidBudgetError, "Invalid allowance -1: expected zero or more"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1)]).check_total(per_line=-2), InvalidBudgetError, "Invalid per_line -2: expected zero or more"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1)]).check_totals(allowance=-1), InvalidBudgetError, "Invalid allowance -1: expected zero or more"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1)]).check_totals(per_line="x"), InvalidValueError, "Invalid per_line 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1)]).check_total(budget="x"), InvalidBudgetError, "Budget line 'Total': Invalid budget 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1)]).check_total(budget=2, projected=3), InconsistentTotalError, "Total budget: published 2, lines add up to 1 (difference 1, allowance 0); Total projected: published 3, lines add up to 1 (difference 2, allowance 0)"),
        (lambda: BudgetTable([BudgetLine("A", 100, 101, group="G"), BudgetLine("G", 100, 102, level="directorate")]).check_totals(), InconsistentTotalError, "G projected: published 102, lines add up to 101 (difference 1, allowance 0)"),
        (lambda: Threshold(amount="£5"), InvalidBudgetError, "Invalid threshold amount '£5': money text needs the table's unit: pass unit= to BudgetRule's constructors or from_dict, or give the amount in the table's unit"),
        (lambda: Threshold(percent="x"), InvalidValueError, "Invalid threshold percent 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: Threshold(amount="x"), InvalidValueError, "Invalid threshold amount 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: BudgetRule.lesser_of(amber=_junk(5), red=(5, None)), ValueTypeError, "Invalid amber 5: expected a (percent, amount) pair"),
        (lambda: BudgetRule.lesser_of(amber=(1, None), red=_junk((5,))), ValueTypeError, "Invalid red (5): expected a (percent, amount) pair"),
        (lambda: BudgetRule.lesser_of(amber=(1, None), red=(5, "£1m"), unit="jobs"), UnitMismatchError, "Invalid red amount '£1m': a £ amount cannot be read in 'jobs'"),
        (lambda: BudgetRule.absolute(amber="£1", red="$2", unit="£"), UnitMismatchError, "Invalid red amount '$2': a $ amount cannot be read in '£'"),
        (lambda: BudgetRule.percentage(amber=1, red=2).rate(_junk("A")), ValueTypeError, "Invalid line 'A': expected BudgetLine"),
        (lambda: BudgetRule.percentage(amber=1, red=2, amber_edge="sideways"), InvalidSchemeError, "Invalid edge side 'sideways': expected 'inclusive' or 'exclusive'"),
        (lambda: BudgetRules(_junk(5)), ValueTypeError, "Invalid service 5: expected BudgetRule, not int"),
        (lambda: BudgetRules(BudgetRule.percentage(amber=1, red=2)).for_level("region"), InvalidChoiceError, "Invalid budget level 'region': expected one of 'service', 'directorate', 'total'"),
        (lambda: BudgetRule.absolute(amber="5%", red=2, unit="£'000"), InvalidBudgetError, "Invalid amber amount '5%': expected an amount such as 100 or '£0.100m'"),
        (lambda: BudgetRule.absolute(amber="5 weeks", red=2, unit="£'000"), InvalidBudgetError, "Invalid amber amount '5 weeks': expected an amount such as 100 or '£0.100m'"),
        (lambda: BudgetRule.absolute(amber="£5", red=2, unit="jobs"), UnitMismatchError, "Invalid amber amount '£5': a £ amount cannot be read in 'jobs'"),
        (lambda: BudgetRule.absolute(amber=_junk([1]), red=2, unit="£'000"), ValueTypeError, "Invalid amber amount [1]: expected an int, float, Decimal or numeric string, not list"),
    ],
)  # fmt: skip
def test_every_line_table_and_threshold_error_says_its_field_value_and_expectation(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Each refusal of a budget line, a table, a total, a threshold or an amount is whole."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("call", "data"),
    [
        (lambda: BudgetRule.absolute(amber="£5", red=2, unit="jobs"), ("amber amount", "£5", "an amount in jobs")),
        (lambda: Threshold(amount="£5"), ("threshold amount", "£5", "an amount in the table's unit")),
        (lambda: BudgetRule.absolute(amber="5%", red=2, unit="£'000"), ("amber amount", "5%", "an amount such as 100 or '£0.100m'")),
        (lambda: BudgetTable([BudgetLine("A", 1, 1), BudgetLine("A", 1, 1)]), ("budget lines", None, "unique lines")),
        (lambda: BudgetTable([BudgetLine("A", 1, 1), BudgetLine("B", 1, 1, unit="£")]), ("budget lines", None, "one unit")),
        (lambda: BudgetLine("A", 1, 1, unit=_junk(5)), ("unit", 5, "text")),
        (lambda: BudgetLine("A", 1, "x"), ("projected", "x", "a number such as '46', '2,000', '69%' or '(1,230)'")),
    ],
)  # fmt: skip
def test_a_budget_error_carries_its_field_value_and_expectation(
    call: Callable[[], object], data: tuple[str, object, str]
) -> None:
    """The error's data is what its message says, for code that reads the attributes."""
    with pytest.raises(KpiragError) as caught:
        call()
    assert (caught.value.field, caught.value.value, caught.value.expected) == data


@pytest.mark.parametrize(
    ("data", "path", "value"),
    [
        ({"red": {"amount": -5}}, ("red",), {"amount": -5}),
        ({"red": {"percent": [5]}}, ("red", "percent"), [5]),
        ({"red": {"percent": 5}, "amber": {"percent": "x"}}, ("amber", "percent"), "x"),
        ({"red": {}}, ("red",), {}),
        (
            {"red": {"percent": 5}, "amber": {"edge": "inclusive"}},
            ("amber",),
            {"edge": "inclusive"},
        ),
    ],
)
def test_a_budget_rule_problem_keeps_its_path_and_value(
    data: dict[str, object], path: tuple[str, ...], value: object
) -> None:
    """A problem in a rule's table names where it is and holds the value written there."""
    with pytest.raises(InvalidRulesError) as caught:
        BudgetRule.from_dict(data)
    [problem] = caught.value.problems
    assert (problem.path, problem.value) == (path, value)


def test_a_unit_mismatch_says_the_rules_unit() -> None:
    """Rating a line in another unit names the line's unit and the rule's."""
    rule = BudgetRule.absolute(amber="£1", red="£2", unit="£")
    with pytest.raises(UnitMismatchError) as caught:
        rule.rate(BudgetLine("A", 1, 2, unit="£'000"))
    assert (caught.value.field, caught.value.value, caught.value.expected) == ("unit", "£'000", "£")


@pytest.mark.parametrize(
    ("build", "shown"),
    [
        (lambda: BudgetRule.percentage(amber=2, red=5), "BudgetRule(amber 2% (inclusive), red 5% (exclusive))"),
        (lambda: BudgetRule.absolute(amber=1, red=2, red_edge="inclusive", amber_edge="exclusive"), "BudgetRule(amber 1 (exclusive), red 2 (inclusive))"),
        (lambda: BudgetRule.lesser_of(amber=(2, 100), red=(5, 200)), "BudgetRule(amber 2%/100 (inclusive), red 5%/200 (exclusive))"),
        (lambda: BudgetLine("A", 100, 110), "BudgetLine('A', 100 to 110 £'000)"),
        (lambda: BudgetLine("People and Communities Directorate Services", "1,234,567.5", 7093, "Local risk", level="directorate"), "BudgetLine('People and Communities Direct…', 'Local risk', 1234567.5 to 7093 £'000, directorate)"),
        (lambda: BudgetLine("A", 1, 2, group="A very long group name indeed", unit="£"), "BudgetLine('A', 1 to 2 £, group 'A very long gro…')"),
        (lambda: BudgetLine("T", 1, 2, level="total"), "BudgetLine('T', 1 to 2 £'000, total)"),
    ],
)  # fmt: skip
def test_budget_reprs_show_levels_groups_and_edges(build: Callable[[], object], shown: str) -> None:
    """A rule's repr shows each edge side; a line's its level, group and shortened name."""
    assert repr(build()) == shown


BIG = 10**29 + 1  # 30 digits: past the 28 of Python's default decimal context


@pytest.mark.parametrize(
    "check",
    [
        lambda table: table.check_totals(per_line=BIG),
        lambda table: table.check_total(budget=2 * BIG, per_line=BIG),
    ],
)
def test_defect_check_totals_rounds_a_per_line_allowance_past_28_digits(
    check: Callable[[BudgetTable], None],
) -> None:
    """A per-line allowance times the lines is exact: a total exactly within it is accepted."""
    table = BudgetTable(
        [
            BudgetLine("A", 0, 0),
            BudgetLine("B", 0, 0),
            BudgetLine("Total", 2 * BIG, 0, level="total"),
        ]
    )
    check(table)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: BudgetTable(_junk(5)), ValueTypeError, "Invalid lines 5: expected a sequence, not int"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1), BudgetLine("A", 1, 1)]), InvalidBudgetError, "Invalid budget lines: duplicate 'A' (no category)"),
        (lambda: Threshold(amount=_junk("x")), InvalidValueError, "Invalid threshold amount 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
    ],
)  # fmt: skip
def test_table_and_threshold_errors_name_their_field(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Lines that are no sequence, a line twice and a threshold amount that is no number."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


def test_money_text_in_a_threshold_needs_the_tables_unit() -> None:
    """A threshold amount given as money text, with no unit to read it in, names the field."""
    with pytest.raises(InvalidBudgetError) as caught:
        Threshold(amount="£5")
    assert (caught.value.field, caught.value.value) == ("threshold amount", "£5")


def test_a_rule_from_a_table_keeps_flag_underspends_and_reads_money_in_its_unit() -> None:
    """flag_underspends in a rule's table is kept; lesser_of reads money text in the unit given."""
    flagged = BudgetRule.from_dict({"red": {"percent": 5}, "flag_underspends": True})
    assert flagged.flag_underspends is True
    rule = BudgetRule.lesser_of(amber=(2, "£1k"), red=(5, "£2k"), unit="£'000")
    assert (rule.amber.amount, rule.red.amount, rule.unit) == (Decimal(1), Decimal(2), "£'000")


def test_both_bad_threshold_entries_are_reported_at_once() -> None:
    """A bad percent does not hide a bad amount: both problems are reported together."""
    with pytest.raises(InvalidRulesError) as caught:
        BudgetRule.from_dict({"red": {"percent": [5], "amount": [6]}})
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (("red", "percent"), "expected a number or text, not list"),
        (("red", "amount"), "expected a number or text, not list"),
    ]
    with pytest.raises(InvalidValueError, match=r"^Invalid threshold percent 'x': expected"):
        Threshold(percent="x")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"red": {"percent": 5}}, "BudgetRule(amber 0 (exclusive), red 5% (exclusive))"),
        ({"red": {"amount": "£0.100m"}}, 'BudgetRule(amber 0 (exclusive), red 100 (exclusive), "£\'000")'),
        ({"red": {"amount": 100}}, "BudgetRule(amber 0 (exclusive), red 100 (exclusive))"),
        ({"amber": {"percent": 2, "edge": "exclusive"}, "red": {"percent": 5, "amount": 100, "edge": "inclusive"}, "flag_underspends": True, "unit": "£"}, "BudgetRule(amber 2% (exclusive), red 5%/100 (inclusive), underspends flagged, '£')"),
        ({"amber": {"amount": "£1k"}, "red": {"amount": "£2k"}, "unit": "£"}, "BudgetRule(amber 1000 (inclusive), red 2000 (exclusive), '£')"),
        ({"amber": {"amount": "£1k"}, "red": {"percent": 5}}, "BudgetRule(amber 1 (inclusive), red 5% (exclusive), \"£'000\")"),
        ({"amber": {"percent": 1}, "red": {"amount": "£0.1m"}}, "BudgetRule(amber 1% (inclusive), red 100 (exclusive), \"£'000\")"),
    ],
)  # fmt: skip
def test_a_rule_from_plain_data_keeps_its_thresholds_edges_flag_and_unit(
    data: dict[str, object], expected: str
) -> None:
    """Each key of a rule's table reaches the rule: percent, amount, edge, flag and unit."""
    assert repr(BudgetRule.from_dict(data)) == expected


@pytest.mark.parametrize(
    ("data", "expected", "levels"),
    [
        ({"service": {"red": {"percent": 5}}, "directorate": {"red": {"percent": 3}}, "total": {"red": {"percent": 1}}}, "BudgetRules(own rules for service, directorate, total; service amber 0 (exclusive), red 5% (exclusive))", ["BudgetRule(amber 0 (exclusive), red 5% (exclusive))", "BudgetRule(amber 0 (exclusive), red 3% (exclusive))", "BudgetRule(amber 0 (exclusive), red 1% (exclusive))"]),
        ({"service": {"red": {"percent": 5}}, "total": {"red": {"amount": 7}}}, "BudgetRules(own rules for service, total; service amber 0 (exclusive), red 5% (exclusive))", ["BudgetRule(amber 0 (exclusive), red 5% (exclusive))", "BudgetRule(amber 0 (exclusive), red 5% (exclusive))", "BudgetRule(amber 0 (exclusive), red 7 (exclusive))"]),
        ({"red": {"percent": 4}}, "BudgetRules(one rule for every level; service amber 0 (exclusive), red 4% (exclusive))", ["BudgetRule(amber 0 (exclusive), red 4% (exclusive))", "BudgetRule(amber 0 (exclusive), red 4% (exclusive))", "BudgetRule(amber 0 (exclusive), red 4% (exclusive))"]),
    ],
)  # fmt: skip
def test_rules_from_plain_data_give_each_level_its_own_rule(
    data: dict[str, object], expected: str, levels: list[str]
) -> None:
    """Service, directorate and total tables each make their level's rule; one rule serves all."""
    rules = BudgetRules.from_dict(data)
    assert repr(rules) == expected
    assert [repr(rules.for_level(level)) for level in ("service", "directorate", "total")] == levels


@pytest.mark.parametrize(
    ("flagged", "budget", "projected", "explanation"),
    [
        (False, 1000, 1010, "Green: 10 overspend (1%) is under the Amber limit of 2% of 1,000 (20)"),
        (False, 1000, 1020, "Amber: 20 overspend (2%) is exactly at the Amber limit of 2% of 1,000 (20), an inclusive edge: Amber"),
        (False, 1000, 1030, "Amber: 30 overspend (3%) is over the Amber limit of 2% of 1,000 (20) and under the Red limit of 5% of 1,000 (50)"),
        (False, 1000, 1050, "Amber: 50 overspend (5%) is exactly at the Red limit of 5% of 1,000 (50), an exclusive edge: it stays Amber"),
        (False, 1000, 1060, "Red: 60 overspend (6%) is over the Red limit of 5% of 1,000 (50)"),
        (False, 1000, 980, "Green: 20 underspend (2%); underspends are not flagged"),
        (False, 1000, 1000, "Green: on budget"),
        (False, 1000, 950, "Green: 50 underspend (5%); underspends are not flagged"),
        (True, 1000, 1010, "Green: 10 overspend (1%) is under the Amber limit of 2% of 1,000 (20)"),
        (True, 1000, 1020, "Green: 20 overspend (2%) is exactly at the Amber limit of 2% of 1,000 (20), an exclusive edge: it stays Green"),
        (True, 1000, 1030, "Amber: 30 overspend (3%) is over the Amber limit of 2% of 1,000 (20) and under the Red limit of 5% of 1,000 (50)"),
        (True, 1000, 1050, "Amber: 50 overspend (5%) is exactly at the Red limit of 5% of 1,000 (50), an exclusive edge: it stays Amber"),
        (True, 1000, 1060, "Red: 60 overspend (6%) is over the Red limit of 5% of 1,000 (50)"),
        (True, 1000, 980, "Green: 20 underspend (2%) is exactly at the Amber limit of 2% of 1,000 (20), an exclusive edge: it stays Green"),
        (True, 1000, 1000, "Green: on budget"),
        (True, 1000, 950, "Amber: 50 underspend (5%) is exactly at the Red limit of 5% of 1,000 (50), an exclusive edge: it stays Amber"),
    ],
)  # fmt: skip
def test_every_branch_of_a_rules_explanation(
    flagged: bool, budget: int, projected: int, explanation: str
) -> None:
    """Under, at and over each limit, each edge side, and underspends flagged or not."""
    if flagged:
        rule = BudgetRule.percentage(amber=2, red=5, amber_edge="exclusive", flag_underspends=True)
    else:
        rule = BudgetRule.percentage(amber=2, red=5)
    assert rule.explain(BudgetLine("L", budget, projected)) == explanation


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [
        (lambda: Threshold(percent=5), "5% of 1,234,567 (61,728.35)"),
        (lambda: Threshold(amount=1234567), "1,234,567"),
        (
            lambda: Threshold(percent="2.5", amount=1234567),
            "the lower of 2.5% of 1,234,567 (30,864.175) and 1,234,567",
        ),
    ],
)
def test_a_threshold_describes_its_limit_with_thousands_separators(
    threshold: Callable[[], Threshold], expected: str
) -> None:
    """The budget, the share and the amount are grouped by thousands; a negative budget is sized."""
    assert threshold().describe(-1234567) == expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (lambda: BudgetRule.lesser_of(amber=(1, None), red=(2, 30), flag_underspends=True), "BudgetRule(amber 1% (inclusive), red 2%/30 (exclusive), underspends flagged)"),
        (lambda: BudgetRule.absolute(amber=10, red=20, flag_underspends=True, unit="£'000"), "BudgetRule(amber 10 (inclusive), red 20 (exclusive), underspends flagged, \"£'000\")"),
    ],
)  # fmt: skip
def test_every_constructor_keeps_the_underspend_flag(
    rule: Callable[[], BudgetRule], expected: str
) -> None:
    """lesser_of and absolute pass flag_underspends on: a 10% underspend is Red."""
    built = rule()
    assert repr(built) == expected
    assert built.rate(BudgetLine("L", 1000, 900)) is Status.RED


def test_an_empty_table_totals_zero_in_the_default_unit() -> None:
    """A table without lines has a zero total in £'000."""
    empty = BudgetTable([])
    assert repr(empty) == "BudgetTable(0 lines, £'000)"
    assert repr(empty.total()) == "BudgetLine('Total', 0 to 0 £'000, total)"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Threshold(percent=1).describe(_junk("x")), InvalidValueError, "Invalid budget 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: Threshold(percent=1).limit(_junk(None)), ValueTypeError, "Invalid budget None: expected a number, got nothing"),
        (lambda: Threshold(percent=1).reached(1, _junk("x")), InvalidValueError, "Invalid budget 'x': expected a number such as '46', '2,000', '69%' or '(1,230)'"),
        (lambda: Threshold(percent=1, edge_side=_junk(5)), ValueTypeError, "Invalid edge side 5: expected 'inclusive' or 'exclusive', not int"),
        (lambda: BudgetRule.percentage(amber=1, red=2).explain(_junk(5)), ValueTypeError, "Invalid line 5: expected BudgetLine"),
        (lambda: BudgetRule(Threshold(percent=1), Threshold(percent=2), flag_underspends=_junk(1)), ValueTypeError, "Invalid flag_underspends 1: expected True or False, not int"),
        (lambda: BudgetRule(Threshold(percent=1), Threshold(percent=2), unit=_junk(1)), ValueTypeError, "Invalid unit 1: expected text or None, not int"),
        (lambda: BudgetRules(BudgetRule.percentage(amber=1, red=2), directorate=_junk(5)), ValueTypeError, "Invalid rule 5: expected BudgetRule"),
        (lambda: BudgetRules(BudgetRule.percentage(amber=1, red=2), total=_junk(5)), ValueTypeError, "Invalid rule 5: expected BudgetRule"),
        (lambda: BudgetRules(BudgetRule.percentage(amber=1, red=2)).rate(_junk(5)), ValueTypeError, "Invalid table 5: expected BudgetTable"),
        (lambda: BudgetRule.from_dict(_junk(5)), InvalidRulesError, "1 problem in the rules\n  (top level): expected a table, not int"),
        (lambda: BudgetRules.from_dict(_junk(5)), InvalidRulesError, "1 problem in the rules\n  (top level): expected a table, not int"),
        (lambda: BudgetRules.from_dict({"directorate": {"red": {"percent": 1}}}), InvalidRulesError, "1 problem in the rules\n  service: a rule for service lines is needed"),
        (lambda: BudgetRule.from_dict({"amber": {"percent": 1}}), InvalidRulesError, "1 problem in the rules\n  red: a rule needs a red threshold"),
        (lambda: BudgetRule.from_dict({"red": {"percent": 1}, "flag_underspends": "yes"}), InvalidRulesError, "1 problem in the rules\n  flag_underspends: expected true or false"),
        (lambda: BudgetRule.from_dict({"red": {"percent": 1, "edge": "sideways"}}), InvalidRulesError, "1 problem in the rules\n  red.edge: expected 'inclusive' or 'exclusive'"),
        (lambda: BudgetRule.from_dict({"red": {}}), InvalidRulesError, "1 problem in the rules\n  red: expected a percent, an amount, or both"),
        (lambda: BudgetRule.from_dict({"red": {"amount": "£1k"}, "unit": "jobs"}), InvalidRulesError, "1 problem in the rules\n  red.amount: a £ amount cannot be read in 'jobs'"),
        (lambda: BudgetRules.from_dict({"service": {"red": {"percent": 1}}, "region": {}}), InvalidRulesError, "1 problem in the rules\n  region: unknown key; expected one of service, directorate, total"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1)]).line(_junk(5)), InvalidBudgetError, "Invalid budget line '5 (no category)': not in the table"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1)]).line("A", level="region"), InvalidChoiceError, "Invalid budget level 'region': expected one of 'service', 'directorate', 'total'"),
        (lambda: BudgetTable([BudgetLine("A", 1, 1)]).check_total(group="G"), InvalidBudgetError, "Invalid group 'G': expected one of []"),
    ],
)  # fmt: skip
def test_every_budget_argument_and_rules_table_error_is_whole(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """A wrong argument to a threshold, rule, rules or table, or a bad rules table, says so."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("budget", "projected", "expected"),
    [
        (None, 3, ["Total projected: published 3, lines add up to 1 (difference 2, allowance 0)"]),
        (2, None, ["Total budget: published 2, lines add up to 1 (difference 1, allowance 0)"]),
        (None, None, []),
    ],
)
def test_check_total_compares_each_figure_given(
    budget: int | None, projected: int | None, expected: list[str]
) -> None:
    """A projected total is checked without a budget total, and the other way round."""
    table = BudgetTable([BudgetLine("A", 1, 1)])
    try:
        table.check_total(budget=budget, projected=projected)
        found: list[str] = []
    except InconsistentTotalError as exc:
        found = [str(mismatch) for mismatch in exc.mismatches]
    assert found == expected


def test_defect_total_mismatch_difference_rounded_to_28_digits() -> None:
    """A mismatch's difference between a 30-digit total and a small sum is exact, not rounded."""
    published, computed = Decimal("1" * 30), Decimal("0.0000001")
    mismatch = TotalMismatch("Total", "budget", published, computed, Decimal(0))
    assert mismatch.difference == Decimal("111111111111111111111111111110.9999999")
    assert "difference 111,111,111,111,111,111,111,111,111,110.9999999," in str(mismatch)


def test_a_bad_flag_underspends_keeps_the_value_written() -> None:
    """The problem with a flag that is not true or false holds the value written there."""
    with pytest.raises(InvalidRulesError) as caught:
        BudgetRule.from_dict({"red": {"percent": 5}, "flag_underspends": "yes"})
    found = [(p.path, p.message, p.value) for p in caught.value.problems]
    assert found == [(("flag_underspends",), "expected true or false", "yes")]


def test_a_groups_computed_total_adds_only_its_own_categorys_lines() -> None:
    """Two categories with a group of the same name: each group total sums its category alone."""
    table = BudgetTable(
        [
            BudgetLine("Libraries", 100, 110, category="Local risk", group="People"),
            BudgetLine("Schools", 200, 260, category="Central risk", group="People"),
        ]
    )
    rated = BudgetRules(BudgetRule.percentage(amber=2, red=5)).rate(table)
    totals = [(r.line.category, r.line.budget) for r in rated if r.level is BudgetLevel.DIRECTORATE]
    assert totals == [("Local risk", Decimal(100)), ("Central risk", Decimal(200))]


def test_hierarchy_refuses_a_category_that_is_not_text() -> None:
    """A junk category is refused, naming what was expected, when the hierarchy is read."""
    from kpirag.budget import BudgetLine, BudgetTable  # noqa: PLC0415
    from kpirag.errors import ValueTypeError  # noqa: PLC0415

    table = BudgetTable([BudgetLine("People", 100, 110)])
    with pytest.raises(ValueTypeError) as caught:
        list(table.hierarchy(3))  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.expected) == ("category", "text")


def test_a_budget_table_shows_itself_in_a_notebook() -> None:
    from kpirag.budget import BudgetLine, BudgetTable  # noqa: PLC0415

    fragment = BudgetTable([BudgetLine("People", 100, 110)])._repr_html_()
    assert fragment.startswith("<style>")
    assert "People" in fragment
