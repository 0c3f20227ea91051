"""Budget monitoring: budgets against projected outturn, variances, totals and RAG rules.

Amounts are exact Decimals in a stated unit (£'000 by default). Figures follow
the net-expenditure convention of council reports: a negative figure is net
income. Under it a positive variance (projected minus budget) is always
adverse: an overspend on a cost line, an income shortfall on an income line.
Lines recorded as income with positive figures are marked ``kind=INCOME``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal, localcontext
from typing import TypeVar

import attrs

from kpirag._validate import Choice, as_tuple, brief, instance, short_number, shown
from kpirag.budget._rules import BudgetLevel
from kpirag.errors import (
    InconsistentTotalError,
    InvalidBudgetError,
    KpiragError,
    TotalMismatch,
    ValueTypeError,
)
from kpirag.rules import EXACT, Number, format_decimal, to_decimal, trim

C = TypeVar("C", bound=Choice)

__all__ = [
    "BudgetLine",
    "BudgetTable",
    "LineKind",
]

_HUNDRED = Decimal(100)
_UNIT = 8
"""The longest unit a ``BudgetLine`` repr shows whole."""


class LineKind(Choice):
    """How a line's figures are signed.

    ```pycon
    >>> LineKind("income"), LineKind.NET_EXPENDITURE.value
    (<LineKind.INCOME: 'income'>, 'net expenditure')

    ```
    """

    NET_EXPENDITURE = "net expenditure"
    """Costs positive, net income negative (the report convention)."""
    INCOME = "income"
    """Income recorded as positive figures: a higher projection is favourable."""


def _subject(line: object) -> str:
    return f"Budget line {line!r}"


def _read(value: object, line: object, field: str) -> Decimal:
    subject = _subject(line)
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


def _choice(cls: type[C], value: object, field: str, line: str) -> C:
    """``cls(value)``, or its error naming the line and the field."""
    try:
        return cls(value)
    except KpiragError as exc:
        exc.subject = _subject(line)
        exc.field = field
        raise


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
    >>> BudgetLine("Adult Social Care", 5000, 5100, group="People").group
    'People'

    ```

    Attributes:
        name: the division or line, e.g. ``"People"``.
        budget: the budget for the year.
        projected: the projected outturn (forecast) for the year.
        category: e.g. ``"Local risk"`` or ``"Central risk"``.
        actual: spend to date, if known.
        unit: the unit of every amount, ``£'000`` by default.
        kind: how the figures are signed (see ``LineKind``).
        level: where the line sits in a hierarchy: a service line (the
            default), a directorate's published subtotal, or the published
            grand total (see ``BudgetLevel``).
        group: for a service line, the directorate it belongs to (empty when
            the table has no groups).
    """

    name: str
    budget: Decimal
    projected: Decimal
    category: str = ""
    actual: Decimal | None = None
    unit: str = "£'000"
    kind: LineKind = LineKind.NET_EXPENDITURE
    level: BudgetLevel = BudgetLevel.SERVICE
    group: str = ""

    def __init__(  # noqa: PLR0917 - the columns of a budget table, in order
        self,
        name: str,
        budget: Number,
        projected: Number,
        category: str = "",
        actual: Number | None = None,
        unit: str = "£'000",
        kind: LineKind | str = LineKind.NET_EXPENDITURE,
        level: BudgetLevel | str = BudgetLevel.SERVICE,
        group: str = "",
    ) -> None:
        """Build a line; amounts may be numbers or text such as ``"(1,230)"``."""
        given: object = name
        if not isinstance(given, str) or not given.strip():
            raise InvalidBudgetError(field="budget line name", value=name, expected="a name")
        for field, value in (("category", category), ("unit", unit), ("group", group)):
            if not isinstance(value, str):
                raise ValueTypeError(
                    field=field, value=value, expected="text", subject=_subject(name)
                )
        self.__attrs_init__(
            name,
            _read(budget, name, "budget"),
            _read(projected, name, "projected"),
            category,
            None if actual is None else _read(actual, name, "actual"),
            unit,
            _choice(LineKind, kind, "kind", name),
            _choice(BudgetLevel, level, "level", name),
            group,
        )

    def __repr__(self) -> str:
        category = f", {brief(self.category, 16)}" if self.category else ""
        figures = f"{short_number(self.budget)} to {short_number(self.projected)}"
        level = "" if self.level is BudgetLevel.SERVICE else f", {self.level.value}"
        group = f", group {brief(self.group, 16)}" if self.group else ""
        unit = self.unit if len(self.unit) <= _UNIT else self.unit[: _UNIT - 1] + "…"
        return f"BudgetLine({brief(self.name, 30)}{category}, {figures} {unit}{level}{group})"

    def __attrs_post_init__(self) -> None:
        if self.group and self.level is not BudgetLevel.SERVICE:
            raise InvalidBudgetError(
                "only service lines belong to a group",
                field="group",
                value=self.group,
                subject=_subject(self.name),
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

    def variance_words(self) -> str:
        """The variance as a report words it: ``119 overspend (1.7%)``, ``on budget``."""
        if self.variance.is_zero():
            return "on budget"
        pct = self.variance_pct
        share = "" if pct is None else f" ({format_decimal(trim(round(abs(pct), 1)))}%)"
        return f"{format_decimal(abs(self.variance), grouping=True)} {self.wording}{share}"

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


def _where(category: str) -> str:
    return f"{shown(category)}" if category else "no category"


def _allowance(value: Number, field: str) -> Decimal:
    amount = to_decimal(value, field=field)
    if amount < 0:
        raise InvalidBudgetError(field=field, value=value, expected="zero or more")
    return amount


@attrs.frozen(repr=False)
class BudgetTable:
    """Budget lines, with exact totals by category, by group and overall.

    A table may be a hierarchy: service lines that name their ``group`` (a
    directorate), published directorate subtotals (``level="directorate"``)
    and a published grand total (``level="total"``). Totals add service lines
    only, so published subtotals are never counted twice; ``check_totals``
    compares each published one with its lines.

    ```pycon
    >>> table = BudgetTable([
    ...     BudgetLine("People", 6974, 7093, "Local risk"),
    ...     BudgetLine("HRA", -1230, -1230, "Local risk"),
    ...     BudgetLine("People", 262, 350, "Central risk"),
    ... ])
    >>> table.total("Local risk").variance, table.total().projected
    (Decimal('119'), Decimal('6213'))
    >>> table
    BudgetTable(3 lines, 2 categories, £'000)

    ```
    """

    lines: tuple[BudgetLine, ...] = attrs.field(converter=_lines)

    def __attrs_post_init__(self) -> None:
        seen: set[tuple[str, str, BudgetLevel]] = set()
        duplicates = []
        for line in self.lines:
            key = (line.name, line.category, line.level)
            if key in seen:
                duplicates.append(f"{line.name!r} ({line.category or 'no category'})")
            seen.add(key)
        if duplicates:
            raise InvalidBudgetError(
                "duplicate " + ", ".join(duplicates), field="budget lines", expected="unique lines"
            )
        units = {line.unit for line in self.lines}
        if len(units) > 1:
            raise InvalidBudgetError(
                f"mixed units {sorted(units)}", field="budget lines", expected="one unit"
            )
        groups = {line.group for line in self._service()}
        for line in self.lines:
            if line.level is BudgetLevel.DIRECTORATE and line.name not in groups:
                raise InvalidBudgetError(
                    "no service line names it as its group",
                    field="directorate",
                    value=line.name,
                    subject=_subject(line.name),
                )

    def __repr__(self) -> str:
        service = self._service()
        parts = [f"{len(service)} line{'s' if len(service) != 1 else ''}"]
        if self.groups:
            parts.append(f"{len(self.groups)} group{'s' if len(self.groups) != 1 else ''}")
        published = len(self.lines) - len(service)
        if published:
            parts.append(f"{published} published total{'s' if published != 1 else ''}")
        count = len(self.categories)
        if count > 1:
            parts.append(f"{count} categories")
        unit = self.lines[0].unit if self.lines else "£'000"
        return f"BudgetTable({', '.join(parts)}, {unit})"

    def _service(self, category: str | None = None) -> list[BudgetLine]:
        return [
            line
            for line in self.lines
            if line.level is BudgetLevel.SERVICE and category in {None, line.category}
        ]

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories, in order of first appearance."""
        return tuple(dict.fromkeys(line.category for line in self.lines))

    @property
    def divisions(self) -> tuple[str, ...]:
        """The line names, in order of first appearance."""
        return tuple(dict.fromkeys(line.name for line in self.lines))

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups (directorates) the service lines name, in order of first appearance."""
        return tuple(dict.fromkeys(line.group for line in self._service() if line.group))

    def line(
        self, name: str, category: str = "", level: BudgetLevel | str | None = None
    ) -> BudgetLine:
        """The line for ``name`` in ``category`` (at ``level``, when a name is on several)."""
        wanted = None if level is None else BudgetLevel(level)
        found = [
            line
            for line in self.lines
            if line.name == name and line.category == category and wanted in {None, line.level}
        ]
        if len(found) == 1:
            return found[0]
        raise InvalidBudgetError(
            "on several levels; name the level" if found else "not in the table",
            field="budget line",
            value=f"{shown(name)} ({_where(category)})",
        )

    def total(self, category: str | None = None, *, group: str | None = None) -> BudgetLine:
        """The exact total of the service lines of a category (or all), or of one group.

        Published subtotals and totals are never added in. The result is a
        line called Total (or the group's name), at the total (or directorate) level.
        """
        if category is not None and category not in self.categories:
            raise InvalidBudgetError(
                field="category", value=category, expected=f"one of {list(self.categories)}"
            )
        if group is not None and group not in self.groups:
            raise InvalidBudgetError(
                field="group", value=group, expected=f"one of {list(self.groups)}"
            )
        lines = [line for line in self._service(category) if group in {None, line.group}]
        with localcontext(EXACT):
            budget = sum((line.budget for line in lines), Decimal(0))
            projected = sum((line.projected for line in lines), Decimal(0))
        unit = self.lines[0].unit if self.lines else "£'000"
        level = BudgetLevel.TOTAL if group is None else BudgetLevel.DIRECTORATE
        return BudgetLine(
            group or "Total", budget, projected, category or "", unit=unit, level=level
        )

    def hierarchy(self, category: str = "") -> Iterator[tuple[BudgetLine, BudgetLevel]]:
        """The category's lines in report order, each group followed by its total, then the total.

        A group's total is its published subtotal line when the table has one,
        else the sum of its lines; likewise the grand total.
        """
        instance(category, str, field="category", expected="text")
        published = {
            (line.level, line.name): line
            for line in self.lines
            if line.category == category and line.level is not BudgetLevel.SERVICE
        }
        service = self._service(category)
        done: set[str] = set()
        for line in service:
            yield line, BudgetLevel.SERVICE
            group = line.group
            rest = [other for other in service if other.group == group]
            if group and line is rest[-1] and group not in done:
                done.add(group)
                total = published.get((BudgetLevel.DIRECTORATE, group))
                yield (total or self.total(category, group=group)), BudgetLevel.DIRECTORATE
        totals = [line for (level, _), line in published.items() if level is BudgetLevel.TOTAL]
        for total in totals or [self.total(category)]:
            yield total, BudgetLevel.TOTAL

    def check_total(
        self,
        category: str | None = None,
        *,
        budget: Number | None = None,
        projected: Number | None = None,
        group: str | None = None,
        allowance: Number = 0,
        per_line: Number = 0,
    ) -> None:
        """Raise if a published total differs from its lines by more than the allowance.

        The allowance is ``allowance`` plus ``per_line`` for each line added
        (a table printed in £'000 may differ by 1 per line from rounding).
        The error names both figures, the difference and the allowance.
        """
        total = self.total(category, group=group)
        count = len([line for line in self._service(category) if group in {None, line.group}])
        mismatches = self._compare(
            total,
            budget,
            projected,
            _allowance(allowance, "allowance"),
            per_line=_allowance(per_line, "per_line"),
            count=count,
        )
        if mismatches:
            raise InconsistentTotalError(mismatches)

    def check_totals(self, *, allowance: Number = 0, per_line: Number = 0) -> None:
        """Check every published subtotal and grand total against its lines, all at once."""
        fixed = _allowance(allowance, "allowance")
        each = _allowance(per_line, "per_line")
        mismatches: list[TotalMismatch] = []
        for line in self.lines:
            if line.level is BudgetLevel.SERVICE:
                continue
            group = line.name if line.level is BudgetLevel.DIRECTORATE else None
            count = len([one for one in self._service(line.category) if group in {None, one.group}])
            computed = self.total(line.category, group=group)
            named = attrs.evolve(computed, name=line.name)
            mismatches += self._compare(
                named, line.budget, line.projected, fixed, per_line=each, count=count
            )
        if mismatches:
            raise InconsistentTotalError(mismatches)

    @staticmethod
    def _compare(
        total: BudgetLine,
        budget: Number | None,
        projected: Number | None,
        allowance: Decimal,
        *,
        per_line: Decimal,
        count: int,
    ) -> list[TotalMismatch]:
        if total.level is BudgetLevel.TOTAL and total.name == "Total":
            name = f"{total.category} total" if total.category else "Total"
        else:
            name = f"{total.name} ({total.category})" if total.category else total.name
        with localcontext(EXACT):  # exact: a 30-digit allowance times the lines is not rounded
            limit = allowance + per_line * count
        mismatches = []
        for field, published, computed in (
            ("budget", budget, total.budget),
            ("projected", projected, total.projected),
        ):
            if published is None:
                continue
            stated = _read(published, name, field)
            with localcontext(EXACT):
                if abs(stated - computed) > limit:
                    mismatches.append(TotalMismatch(name, field, stated, computed, limit))
        return mismatches

    def _repr_html_(self) -> str:
        """This budget table as an HTML fragment, shown by Jupyter and other notebooks."""
        from kpirag.report import html_of  # noqa: PLC0415 - an adapter up to the report layer

        return html_of(self)
