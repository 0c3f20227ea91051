"""Budget monitoring: budgets against projected outturn, variances, totals and RAG rules.

Amounts are exact Decimals in a stated unit (£'000 by default). Figures follow
the net-expenditure convention of council reports: a negative figure is net
income. Under it a positive variance (projected minus budget) is always
adverse: an overspend on a cost line, an income shortfall on an income line.
Lines recorded as income with positive figures are marked ``kind=INCOME``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, localcontext

import attrs

from kpirag._validate import Choice, as_tuple, flag, instance, of, shown
from kpirag.errors import InvalidBudgetError, KpiragError, ValueTypeError
from kpirag.rules._status import Status
from kpirag.rules._values import EXACT, Number, format_decimal, to_decimal

__all__ = [
    "BudgetLine",
    "BudgetRule",
    "BudgetTable",
    "LineKind",
    "Threshold",
]

_HUNDRED = Decimal(100)


class LineKind(Choice):
    """How a line's figures are signed."""

    NET_EXPENDITURE = "net expenditure"
    """Costs positive, net income negative (the report convention)."""
    INCOME = "income"
    """Income recorded as positive figures: a higher projection is favourable."""


def _read(value: object, line: str, field: str) -> Decimal:
    subject = f"Budget line {line!r}"
    if value is None:
        raise InvalidBudgetError(field=field, value=None, expected="an amount", subject=subject)
    if isinstance(value, str) and "%" in value:
        raise InvalidBudgetError(
            field=field, value=value, expected="an amount, not a percentage", subject=subject
        )
    try:
        return to_decimal(value, field=field)
    except KpiragError as exc:
        error = InvalidBudgetError(
            exc.reason, field=exc.field, expected=exc.expected, subject=subject
        )
        error.value, error.has_value = exc.value, exc.has_value
        raise error from exc


@attrs.frozen(init=False)
class BudgetLine:
    """One line of a budget monitoring table.

    ```pycon
    >>> people = BudgetLine("People", "6,974", "7,093", category="Local risk")
    >>> people.variance, people.variance_pct.quantize(Decimal("0.1")), people.adverse
    (Decimal('119'), Decimal('1.7'), True)
    >>> people.label, people.wording
    ('ADV', 'overspend')
    >>> hra = BudgetLine("HRA", "(1,230)", "-1,230")
    >>> hra.variance, hra.label, hra.wording
    (Decimal('0'), '', 'on budget')

    ```

    Attributes:
        name: the division or line, e.g. ``"People"``.
        budget: the budget for the year.
        projected: the projected outturn (forecast) for the year.
        category: e.g. ``"Local risk"`` or ``"Central risk"``.
        actual: spend to date, if known.
        unit: the unit of every amount, ``£'000`` by default.
        kind: how the figures are signed (see ``LineKind``).
    """

    name: str
    budget: Decimal
    projected: Decimal
    category: str = ""
    actual: Decimal | None = None
    unit: str = "£'000"
    kind: LineKind = LineKind.NET_EXPENDITURE

    def __init__(  # noqa: PLR0917 - the columns of a budget table, in order
        self,
        name: str,
        budget: Number,
        projected: Number,
        category: str = "",
        actual: Number | None = None,
        unit: str = "£'000",
        kind: LineKind = LineKind.NET_EXPENDITURE,
    ) -> None:
        """Build a line; amounts may be numbers or text such as ``"(1,230)"``."""
        given: object = name
        if not isinstance(given, str) or not given.strip():
            raise InvalidBudgetError(field="budget line name", value=name, expected="a name")
        for field, value in (("category", category), ("unit", unit)):
            if not isinstance(value, str):
                raise ValueTypeError(
                    field=field, value=value, expected="text", subject=f"Budget line {name!r}"
                )
        if not isinstance(kind, LineKind):
            raise ValueTypeError(
                field="kind", value=kind, expected="a LineKind", subject=f"Budget line {name!r}"
            )
        self.__attrs_init__(
            name,
            _read(budget, name, "budget"),
            _read(projected, name, "projected"),
            category,
            None if actual is None else _read(actual, name, "actual"),
            unit,
            kind,
        )

    @property
    def variance(self) -> Decimal:
        """Projected minus budget."""
        with localcontext(EXACT):
            return self.projected - self.budget

    @property
    def variance_pct(self) -> Decimal | None:
        """The variance as a percentage of the absolute budget; ``None`` for a zero budget.

        Unrounded (to 28 significant digits when the share does not terminate).
        """
        if self.budget.is_zero():
            return None
        with localcontext(EXACT) as context:  # wide exponents: no Overflow for huge amounts
            context.prec = 28
            return self.variance * _HUNDRED / abs(self.budget)

    @property
    def adverse(self) -> bool:
        """Whether the variance is adverse (overspend, or income shortfall)."""
        if self.kind is LineKind.INCOME:
            return self.variance < 0
        return self.variance > 0

    @property
    def favourable(self) -> bool:
        """Whether the variance is favourable (underspend, or additional income)."""
        return not self.variance.is_zero() and not self.adverse

    @property
    def income(self) -> bool:
        """Whether the line is net income (a negative budget, or an income line)."""
        return self.kind is LineKind.INCOME or self.budget < 0

    @property
    def label(self) -> str:
        """``ADV``, ``FAV``, or empty when the line is on budget."""
        if self.variance.is_zero():
            return ""
        return "ADV" if self.adverse else "FAV"

    @property
    def wording(self) -> str:
        """How a report words the variance (``overspend``, ``income shortfall``, ...)."""
        if self.variance.is_zero():
            return "on budget"
        if self.income:
            return "income shortfall" if self.adverse else "additional income"
        return "overspend" if self.adverse else "underspend"

    def describe(self) -> str:
        """One line: ``People (Local risk): 119 overspend (1.7%) against 6,974 £'000``."""
        pct = self.variance_pct
        share = "" if pct is None else f" ({format_decimal(abs(pct), 1)}%)"
        where = f"{self.name} ({self.category})" if self.category else self.name
        amount = format_decimal(abs(self.variance), grouping=True)
        budget = format_decimal(self.budget, grouping=True)
        return f"{where}: {amount} {self.wording}{share} against {budget} {self.unit}"


def _lines(lines: Iterable[BudgetLine]) -> tuple[BudgetLine, ...]:
    return as_tuple(lines, BudgetLine, "lines")


@attrs.frozen
class BudgetTable:
    """Budget lines, with exact totals by category and overall.

    ```pycon
    >>> table = BudgetTable([
    ...     BudgetLine("People", 6974, 7093, "Local risk"),
    ...     BudgetLine("HRA", -1230, -1230, "Local risk"),
    ...     BudgetLine("People", 262, 350, "Central risk"),
    ... ])
    >>> table.total("Local risk").variance, table.total().projected
    (Decimal('119'), Decimal('6213'))

    ```
    """

    lines: tuple[BudgetLine, ...] = attrs.field(converter=_lines)

    def __attrs_post_init__(self) -> None:
        seen: set[tuple[str, str]] = set()
        duplicates = []
        for line in self.lines:
            key = (line.name, line.category)
            if key in seen:
                duplicates.append(f"{line.name!r} ({line.category or 'no category'})")
            seen.add(key)
        if duplicates:
            raise InvalidBudgetError(f"Invalid budget lines: duplicate {', '.join(duplicates)}")
        units = {line.unit for line in self.lines}
        if len(units) > 1:
            raise InvalidBudgetError(f"Invalid budget lines: mixed units {sorted(units)}")

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories, in order of first appearance."""
        return tuple(dict.fromkeys(line.category for line in self.lines))

    @property
    def divisions(self) -> tuple[str, ...]:
        """The line names, in order of first appearance."""
        return tuple(dict.fromkeys(line.name for line in self.lines))

    def line(self, name: str, category: str = "") -> BudgetLine:
        """The line for ``name`` in ``category``."""
        for line in self.lines:
            if line.name == name and line.category == category:
                return line
        raise InvalidBudgetError(
            "not in the table",
            field="budget line",
            value=f"{shown(name)} ({shown(category) if category else 'no category'})",
        )

    def total(self, category: str | None = None) -> BudgetLine:
        """The exact total of a category's lines (or of every line), as a line called Total."""
        lines = [line for line in self.lines if category is None or line.category == category]
        if category is not None and not lines:
            raise InvalidBudgetError(
                field="category", value=category, expected=f"one of {list(self.categories)}"
            )
        with localcontext(EXACT):
            budget = sum((line.budget for line in lines), Decimal(0))
            projected = sum((line.projected for line in lines), Decimal(0))
        unit = lines[0].unit if lines else "£'000"
        return BudgetLine("Total", budget, projected, category or "", unit=unit)

    def check_total(
        self,
        category: str | None = None,
        *,
        budget: Number | None = None,
        projected: Number | None = None,
    ) -> None:
        """Raise if the computed total differs from a published one, naming both figures."""
        total = self.total(category)
        where = f"the {category} total" if category else "the total"
        problems = []
        for field, published, computed in (
            ("budget", budget, total.budget),
            ("projected", projected, total.projected),
        ):
            if published is None:
                continue
            stated = _read(published, "Total", field)
            if stated != computed:
                problems.append(
                    f"{field}: published {format_decimal(stated, grouping=True)}, lines add up to "
                    f"{format_decimal(computed, grouping=True)}"
                )
        if problems:
            raise InvalidBudgetError(f"Inconsistent {where}: " + "; ".join(problems))


def _optional_amount(value: Number | None) -> Decimal | None:
    return None if value is None else to_decimal(value, field="threshold")


@attrs.frozen
class Threshold:
    """A variance limit: a percentage of the budget, an amount, or the lower of both.

    ```pycon
    >>> Threshold(percent=5, amount=100).limit(Decimal(6974))
    Decimal('100')
    >>> Threshold(percent=5, amount=100).limit(Decimal(800))
    Decimal('40')

    ```
    """

    percent: Decimal | None = attrs.field(default=None, converter=_optional_amount)
    amount: Decimal | None = attrs.field(default=None, converter=_optional_amount)

    def __attrs_post_init__(self) -> None:
        if self.percent is None and self.amount is None:
            raise InvalidBudgetError("Invalid threshold: expected a percent, an amount, or both")
        for field in ("percent", "amount"):
            value = getattr(self, field)
            if value is not None and value < 0:
                raise InvalidBudgetError(
                    f"Invalid threshold {field} {value}: expected zero or more"
                )

    def limit(self, budget: Number) -> Decimal:
        """The limit for a line with this budget: the lower of the two when both are set."""
        budget = to_decimal(budget, field="budget")
        limits = []
        if self.percent is not None:
            with localcontext(EXACT):
                limits.append(abs(budget) * self.percent / _HUNDRED)
        if self.amount is not None:
            limits.append(self.amount)
        return min(limits)


def _pair(limit: object, field: str) -> Threshold:
    """A ``(percent, amount)`` pair as a threshold, or our error naming the limit."""
    if isinstance(limit, Threshold):
        return limit
    if not (isinstance(limit, tuple | list) and len(limit) == 2):  # noqa: PLR2004 - a pair
        raise ValueTypeError(field=field, value=limit, expected="a (percent, amount) pair")
    return Threshold(percent=limit[0], amount=limit[1])


@attrs.frozen
class BudgetRule:
    """Budget RAG thresholds as data.

    An adverse variance below ``amber`` is Green, from ``amber`` up to and
    including ``red`` is Amber, beyond ``red`` is Red. Favourable variances are
    Green unless ``flag_underspends``, when they are judged by the same limits.

    ```pycon
    >>> rule = BudgetRule.percentage(amber=2, red=5)
    >>> rule.rate(BudgetLine("People", 6974, 7093))
    <Status Green (RAG)>
    >>> rule.rate(BudgetLine("Commissioning", 2174, 2300))
    <Status Red (RAG)>

    ```
    """

    amber: Threshold = attrs.field(validator=of(Threshold))
    red: Threshold = attrs.field(validator=of(Threshold))
    flag_underspends: bool = attrs.field(default=False, validator=flag)

    @classmethod
    def percentage(
        cls, *, amber: Number, red: Number, flag_underspends: bool = False
    ) -> BudgetRule:
        """Under ``amber``% Green, ``amber``% to ``red``% Amber, over ``red``% Red."""
        return cls(Threshold(percent=amber), Threshold(percent=red), flag_underspends)

    @classmethod
    def absolute(cls, *, amber: Number, red: Number, flag_underspends: bool = False) -> BudgetRule:
        """The same with amounts in the table's unit."""
        return cls(Threshold(amount=amber), Threshold(amount=red), flag_underspends)

    @classmethod
    def lesser_of(
        cls,
        *,
        amber: tuple[Number, Number],
        red: tuple[Number, Number],
        flag_underspends: bool = False,
    ) -> BudgetRule:
        """Each limit is a (percent, amount) pair, whichever is lower: e.g. ``red=(5, 100)``."""
        return cls(_pair(amber, "amber"), _pair(red, "red"), flag_underspends)

    def rate(self, line: BudgetLine) -> Status:
        """The status of one line's variance."""
        instance(line, BudgetLine, field="line")
        with localcontext(EXACT):  # exact, and wide enough for any amount
            variance = abs(line.variance)
            if variance.is_zero() or (line.favourable and not self.flag_underspends):
                return Status.GREEN
            if variance > self.red.limit(line.budget):
                return Status.RED
            if variance >= self.amber.limit(line.budget):
                return Status.AMBER
            return Status.GREEN
