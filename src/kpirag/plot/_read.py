"""Reading kpirag objects into what a chart draws: the one place that knows their shape.

The charts draw the small records made here, never reaching into results,
registers or tables themselves; everything is read through public attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TypeAlias

import attrs

from kpirag._validate import instance
from kpirag.budget import BudgetLine, BudgetRule, BudgetTable, LineKind
from kpirag.errors import InvalidChartError, KpiragError, ValueTypeError
from kpirag.kpi import (
    KPI,
    Cohort,
    Distribution,
    Evaluation,
    Figure,
    KPIResult,
    Month,
    Observation,
    Quarter,
    Summary,
    Year,
    evaluate_kpi,
    summarise,
)
from kpirag.risk import RiskMatrix, RiskRegister
from kpirag.rules import Assessment, Classifier, Scheme, Status, Target, Tolerance

__all__ = [
    "Band",
    "Cell",
    "PlacedRisk",
    "TrendPoint",
    "VarianceBar",
    "bands",
    "cells",
    "place_risks",
    "summaries",
    "trend_points",
    "variance_groups",
]

Rule: TypeAlias = Scheme | Tolerance | str


# -- trends ---------------------------------------------------------------------------


@attrs.frozen
class TrendPoint:
    """One period of a trend: its label, value (``None`` when not rated) and status."""

    label: str
    value: Decimal | None
    status: Status
    target: Target | None
    scheme: Scheme


@attrs.frozen
class Band:
    """The values from ``low`` to ``high`` (``None``: unbounded) that get ``status``."""

    low: Decimal | None
    high: Decimal | None
    status: Status


def _scheme(rule: Rule | None, default: Scheme) -> Scheme:
    if rule is None:
        return default
    if isinstance(rule, Scheme):
        return rule
    if isinstance(rule, Tolerance | str):
        return Scheme.standard(rule)
    raise ValueTypeError(
        field="rule", value=rule, expected="a Scheme, a Tolerance or tolerance text such as '10%'"
    )


def _from_assessment(
    label: str, assessment: Assessment | None, status: Status, target: Target | None, scheme: Scheme
) -> TrendPoint:
    if assessment is None:
        return TrendPoint(label, None, status, target, scheme)
    return TrendPoint(label, assessment.value, status, assessment.target, assessment.scheme)


def _from_result(label: str, result: KPIResult, part: str | None, scheme: Scheme) -> TrendPoint:
    names = [p.part.name for p in result.parts]
    if part is None:
        if result.parts:
            raise InvalidChartError(
                f"KPI {result.kpi.id!r} is composite: choose one of its parts with part=",
                field="part",
                value=None,
                expected=f"one of {names}",
            )
        return _from_assessment(label, result.assessment, result.status, result.target, scheme)
    for found in result.parts:
        if found.part.name == part:
            return _from_assessment(label, found.assessment, found.status, found.target, scheme)
    raise InvalidChartError(field="part", value=part, expected=f"one of {names}")


def _comparable(value: object) -> object:
    """A measure's exact comparable value; anything else as given (the classifier reads it)."""
    if isinstance(value, Figure | Cohort | Distribution):
        number, _ = value.comparable()
        return number
    return value


def _pair(item: object) -> tuple[object, object]:
    if not (isinstance(item, tuple) and len(item) == 2):  # noqa: PLR2004 - a pair
        raise ValueTypeError(
            field="points item",
            value=item,
            expected="a (period, value) pair, a (period, KPIResult) pair or an Evaluation",
        )
    return item[0], item[1]


def trend_points(
    source: KPI | Target | str,
    points: Iterable[object],
    *,
    rule: Rule | None = None,
    part: str | None = None,
) -> tuple[KPI | None, list[TrendPoint]]:
    """Each period's value and status, by the one evaluation path kpirag has.

    A KPI's raw values go through ``evaluate_kpi`` (so profiles and measures
    apply); results and evaluations are read as evaluated (their reported
    status); a bare target's values go through its ``Classifier``.
    """
    kpi = source if isinstance(source, KPI) else None
    if kpi is None:
        if not isinstance(source, Target | str):
            raise ValueTypeError(
                field="source", value=source, expected="a KPI, a Target or target text"
            )
        target = Target.parse(source) if isinstance(source, str) else source
    default = (kpi.scheme if kpi else None) or Scheme.city_of_london()
    scheme = _scheme(rule, default)
    if isinstance(points, str | bytes) or not isinstance(points, Iterable):
        raise ValueTypeError(field="points", value=points, expected="a sequence")
    result: list[TrendPoint] = []
    for item in points:
        if isinstance(item, Evaluation):
            if kpi is None:
                raise InvalidChartError(
                    "an Evaluation holds many KPIs: pass the KPI to chart as the source",
                    field="source",
                    value=source,
                )
            label = "" if item.period is None else str(item.period)
            result.append(_from_result(label, item.result(kpi.id), part, scheme))
            continue
        period, value = _pair(item)
        label = str(period)
        if isinstance(value, KPIResult):
            result.append(_from_result(label, value, part, scheme))
        elif kpi is not None:
            given = Observation(kpi.id, parts=value) if isinstance(value, Mapping) else None
            observation = given or Observation(kpi.id, value)  # type: ignore[arg-type]
            when = period if isinstance(period, Quarter | Month | Year) else None
            evaluated = evaluate_kpi(kpi, observation, scheme=scheme, period=when)
            result.append(_from_result(label, evaluated, part, scheme))
        else:
            assessment = Classifier.prepare(target, scheme).assess(_comparable(value))
            result.append(_from_assessment(label, assessment, assessment.status, target, scheme))
    if not result:
        raise InvalidChartError(field="points", value=[], expected="at least one period")
    return kpi, result


def bands(target: Target, scheme: Scheme) -> list[Band]:
    """The value axis cut into status bands at the classifier's exact boundaries, low first.

    ```pycon
    >>> found = bands(Target.parse("75%"), Scheme.city_of_london())
    >>> [(band.low, band.high, str(band.status)) for band in found]
    [(None, Decimal('67.5'), 'Red'),
     (Decimal('67.5'), Decimal('75'), 'Amber'),
     (Decimal('75'), None, 'Green')]

    ```
    """
    regions = Classifier.prepare(target, scheme).regions  # same-status neighbours merged
    return [Band(region.low, region.high, region.status) for region in regions]


# -- risks ----------------------------------------------------------------------------


@attrs.frozen
class Cell:
    """One cell of a risk matrix: its row (likelihood) and column (impact) index."""

    row: int
    column: int
    score: int
    rating: Status


@attrs.frozen
class PlacedRisk:
    """An open risk with its cell, and the cell its target score points to (if known)."""

    code: str
    score: int | None
    rating: Status
    cell: tuple[int, int] | None
    target_cell: tuple[int, int] | None


def cells(matrix: RiskMatrix) -> list[Cell]:
    """Every cell of the matrix with its score and rating."""
    return [
        Cell(row, column, score, matrix.rating(score))
        for row, likelihood in enumerate(matrix.likelihood.levels)
        for column, impact in enumerate(matrix.impact.levels)
        for score in [matrix.score(likelihood.value, impact.value)]
    ]


def _cell_of_score(matrix: RiskMatrix, score: int | None) -> tuple[int, int] | None:
    """The one cell with this score, or ``None`` when none or several have it."""
    if score is None:
        return None
    found = [(cell.row, cell.column) for cell in cells(matrix) if cell.score == score]
    return found[0] if len(found) == 1 else None


def _cell(matrix: RiskMatrix, likelihood: object, impact: object, where: str) -> tuple[int, int]:
    if not isinstance(likelihood, int | str) or not isinstance(impact, int | str):
        raise ValueTypeError(
            field="position", value=(likelihood, impact), expected="a likelihood and an impact"
        )
    lk = matrix.likelihood.resolve(likelihood, where=where)
    im = matrix.impact.resolve(impact, where=where)
    return matrix.likelihood.levels.index(lk), matrix.impact.levels.index(im)


Position: TypeAlias = tuple[int | str, int | str]


def _positions(given: object, field: str) -> dict[str, Position]:
    """``positions`` or ``targets``: (likelihood, impact) pairs by risk code, or our error."""
    if given is None:
        return {}
    expected = "a mapping of risk codes to (likelihood, impact) pairs"
    if not isinstance(given, Mapping):
        raise ValueTypeError(field=field, value=given, expected=expected)
    found: dict[str, Position] = {}
    for code, pair in given.items():
        if not isinstance(code, str) or not isinstance(pair, tuple | list) or len(pair) != 2:  # noqa: PLR2004
            raise ValueTypeError(field=field, value=given, expected=expected)
        found[code] = (pair[0], pair[1])
    return found


def _given_cell(
    matrix: RiskMatrix, given: dict[str, Position], code: str, score: int | None, what: str
) -> tuple[int, int]:
    likelihood, impact = given.pop(code)
    where = f"Risk {code!r} {what}"
    cell = _cell(matrix, likelihood, impact, where)
    found = matrix.score(likelihood, impact)
    if score is not None and found != score:
        raise InvalidChartError(
            f"likelihood and impact give {found}, but the score is {score}",
            field=what,
            value=(likelihood, impact),
            subject=f"Risk {code!r}",
        )
    return cell


def place_risks(
    register: RiskRegister,
    positions: Mapping[str, Position] | None = None,
    targets: Mapping[str, Position] | None = None,
) -> list[PlacedRisk]:
    """Each open risk in its cell: its likelihood and impact, a position given, or its score.

    A risk recorded by score alone is placed when exactly one cell has that
    score; otherwise it has no cell (the chart lists it apart). ``positions``
    and ``targets`` give (likelihood, impact) by risk code, checked against
    the risk's score and target score.
    """
    instance(register, RiskRegister, field="register", expected="a RiskRegister")
    matrix = register.matrix
    at = _positions(positions, "positions")
    aims = _positions(targets, "targets")
    placed = []
    for entry in register.assess():
        risk = entry.risk
        cell: tuple[int, int] | None
        if risk.code in at:
            cell = _given_cell(matrix, at, risk.code, entry.score, "position")
        elif risk.likelihood is not None and risk.impact is not None:
            cell = _cell(matrix, risk.likelihood, risk.impact, f"Risk {risk.code!r}")
        else:
            cell = _cell_of_score(matrix, entry.score)
        aim: tuple[int, int] | None
        if risk.code in aims:
            aim = _given_cell(matrix, aims, risk.code, risk.target_score, "target")
        else:
            aim = _cell_of_score(matrix, risk.target_score)
        placed.append(PlacedRisk(risk.code, entry.score, entry.rating, cell, aim))
    for name, left in (("positions", at), ("targets", aims)):
        if left:
            raise InvalidChartError(
                field=name, value=sorted(left), expected="codes of open risks on the register"
            )
    return placed


# -- statuses -------------------------------------------------------------------------


Grouping: TypeAlias = Callable[[object], str]


def _summary(value: object, name: str) -> Summary:
    if isinstance(value, Summary):
        return value
    try:
        return summarise(value)  # type: ignore[arg-type]
    except KpiragError as exc:
        exc.add_note(f"while counting the statuses of group {name!r}")
        raise


def summaries(data: object, by: Grouping | None = None) -> list[tuple[str, Summary]]:
    """Named status counts: by theme for an evaluation, or grouped by ``by``."""
    if isinstance(data, Summary):
        return [("All", data)]
    if isinstance(data, RiskRegister):
        return [("Open risks", data.summary())]
    if isinstance(data, Evaluation):
        if by is None:
            return list(data.by_theme().items())
        data = data.results
    if isinstance(data, Mapping):
        return [(str(name), _summary(value, str(name))) for name, value in data.items()]
    if isinstance(data, str | bytes) or not isinstance(data, Iterable):
        raise ValueTypeError(
            field="data",
            value=data,
            expected="an Evaluation, a RiskRegister, a Summary, a mapping of name to Summary, "
            "or items with a .status",
        )
    items = list(data)
    if by is None:
        return [("All", _summary(items, "All"))]
    if not callable(by):
        raise ValueTypeError(field="by", value=by, expected="a function of an item, or None")
    groups: dict[str, list[object]] = {}
    for item in items:
        groups.setdefault(str(by(item)), []).append(item)
    return [(name, _summary(group, name)) for name, group in groups.items()]


# -- budgets --------------------------------------------------------------------------


@attrs.frozen
class VarianceBar:
    """One budget line's variance as drawn, with its limits on the adverse side.

    Attributes:
        name: the line's name (``Total`` for a group's total).
        amount: the variance plotted (an amount, or a percentage of the budget);
            ``None`` for a percentage of a zero budget.
        line: the line itself.
        adverse_sign: +1 when an adverse variance is positive, -1 when negative.
        limits: the (amber, red) limits in the plotted unit, when a rule is given.
        total: whether this is a group's total.
    """

    name: str
    amount: Decimal | None
    line: BudgetLine
    adverse_sign: int
    limits: tuple[Decimal, Decimal] | None
    total: bool = False


def _plotted(line: BudgetLine, value: str, amount: Decimal) -> Decimal | None:
    if value == "amount":
        return amount
    if line.budget.is_zero():
        return None
    return amount / abs(line.budget) * 100


def _bar(line: BudgetLine, rule: BudgetRule | None, value: str, *, total: bool) -> VarianceBar:
    limits = None
    if rule is not None:
        amber = _plotted(line, value, rule.amber.limit(line.budget))
        red = _plotted(line, value, rule.red.limit(line.budget))
        limits = None if amber is None or red is None else (amber, red)
    sign = -1 if line.kind is LineKind.INCOME else 1
    name = "Total" if total else line.name
    return VarianceBar(name, _plotted(line, value, line.variance), line, sign, limits, total)


def variance_groups(
    table: BudgetTable,
    *,
    rule: BudgetRule | None = None,
    group: str | Callable[[BudgetLine], str] | None = "category",
    value: str = "amount",
    totals: bool = True,
) -> list[tuple[str, list[VarianceBar]]]:
    """The table's lines as bars, grouped (by category unless told otherwise), in table order.

    Each category's total comes from ``BudgetTable.total`` when grouping by category.
    """
    instance(table, BudgetTable, field="table", expected="a BudgetTable")
    if value not in {"amount", "percent"}:
        raise InvalidChartError(field="value", value=value, expected="'amount' or 'percent'")
    if rule is not None and not isinstance(rule, BudgetRule):
        raise ValueTypeError(field="rule", value=rule, expected="a BudgetRule or None")
    if group is None:
        key: Callable[[BudgetLine], str] = lambda _line: ""  # noqa: E731 - one group
    elif isinstance(group, str):
        attribute = group
        if not hasattr(BudgetLine, attribute) and attribute not in attrs.fields_dict(BudgetLine):
            raise InvalidChartError(
                field="group", value=group, expected="a BudgetLine attribute or a function"
            )
        key = lambda line: str(getattr(line, attribute) or "")  # noqa: E731
    elif callable(group):
        key = group
    else:
        raise ValueTypeError(field="group", value=group, expected="an attribute name or a function")
    grouped: dict[str, list[BudgetLine]] = {}
    for line in table.lines:
        grouped.setdefault(key(line), []).append(line)
    result = []
    for name, lines in grouped.items():
        bars = [_bar(line, rule, value, total=False) for line in lines]
        names = [bar.name for bar in bars]
        if len(set(names)) < len(names):  # the same division under several categories
            bars = [
                attrs.evolve(bar, name=f"{bar.name} ({bar.line.category})")
                if bar.line.category
                else bar
                for bar in bars
            ]
        if totals and group == "category" and len(lines) > 1:
            bars.append(_bar(table.total(name), rule, value, total=True))
        result.append((name, bars))
    return result
