"""The tables of a quarterly report, built from evaluated KPIs, risks and budgets.

Each builder returns a ``Table``; ``quarterly_report``
gathers them into a ``QuarterlyReport`` whose tables are also attributes
(``report.kpis.to_records()``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import attrs

from kpirag._validate import brief, counted, iterable, wrong_type
from kpirag.budget import BudgetLevel, BudgetLine, BudgetTable, RatedLine
from kpirag.errors import InvalidFormatError
from kpirag.kpi import AuditEntry, Evaluation, KPILine, KPIResult, Summary
from kpirag.report._render import Cell, Format, Report, Table, _Shown
from kpirag.risk import RiskRegister
from kpirag.rules import Status, format_decimal

__all__ = [
    "AUDIT_HEADERS",
    "KPI_CELLS",
    "KPI_FIELDS",
    "QuarterlyReport",
    "audit_row",
    "audit_table",
    "budget_by_division_table",
    "budget_status_table",
    "budget_table",
    "closed_risks_table",
    "exceptions_table",
    "kpi_row",
    "kpi_table",
    "quarterly_report",
    "risk_table",
    "summary_table",
]

DEFAULT_DESCRIPTIONS: Mapping[str, str] = {
    "Blue": "Complete",
    "Green": "Target achieved or exceeded",
    "Amber": "Within the tolerance of the target",
    "Red": "Beyond the tolerance of the target",
    "N/A": "Not rated this period",
}


MAX_PLACES = 28
"""The most decimal places a table shows (Decimal's default precision)."""


def _expect(value: object, cls: type | tuple[type, ...], field: str, expected: str) -> None:
    """Raise our ``ValueTypeError`` unless ``value`` is a ``cls`` (``bool`` only if asked)."""
    if (isinstance(value, bool) and cls is not bool) or not isinstance(value, cls):
        raise wrong_type(field, value, expected)


def _check_places(places: object) -> None:
    _expect(places, int, "places", "a whole number of decimal places")
    assert isinstance(places, int)  # noqa: S101 - checked just above, for the type checker
    if not 0 <= places <= MAX_PLACES:
        raise InvalidFormatError(
            field="places", value=places, expected=f"a whole number from 0 to {MAX_PLACES}"
        )


def _check_descriptions(descriptions: object) -> None:
    if descriptions is None:
        return
    expected = "a mapping of status label to text, or None"
    _expect(descriptions, Mapping, "descriptions", expected)
    assert isinstance(descriptions, Mapping)  # noqa: S101 - checked just above
    for label, words in descriptions.items():
        if not isinstance(label, str) or not isinstance(words, str):
            raise wrong_type("descriptions", descriptions, expected)


def _status(status: Status) -> Cell:
    return Cell(str(status), status=status)


def _number(value: Decimal | int | None, places: int | None = None, *, suffix: str = "") -> Cell:
    if value is None:
        return Cell("", None, numeric=True)
    number = Decimal(value)
    return Cell(format_decimal(number, places, grouping=True) + suffix, number, numeric=True)


def summary_table(
    summary: Summary,
    *,
    descriptions: Mapping[str, str] | None = None,
    places: int = 0,
    title: str = "Status summary",
) -> Table:
    """Status, description, count and % of rated KPIs; then N/A and total rows.

    Percentages are rounded by the largest remainder method, so they add up to 100.
    """
    _expect(summary, Summary, "summary", "a Summary")
    _check_descriptions(descriptions)
    _check_places(places)
    _expect(title, str, "title", "text")
    words = {**DEFAULT_DESCRIPTIONS, **(descriptions or {})}
    percents = summary.rounded_percents(places)
    rows: list[list[Cell | str]] = [
        [
            _status(status),
            words.get(status.label, ""),
            _number(summary.count(status)),
            _number(percents[status], places, suffix="%"),
        ]
        for status in sorted(summary.statuses)
    ]
    rows.append(
        [_status(Status.NOT_RATED), words["N/A"], _number(summary.not_rated), _number(None)]
    )
    rows.append([Cell("Total"), "", _number(summary.total), _number(None)])
    headers = ["Status", "Description", "Count", "% of rated"]
    return Table(title, headers, rows, wrap=["Description"])


KPI_FIELDS: Mapping[str, str] = {
    "ID": "id",
    "Measure": "title",
    "Target": "target_label",
    "Value": "display",
    "Status": "status",
    "Recorded": "recorded",
    "Explanation": "explanation",
    "Commentary": "commentary",
}
"""Each column a KPI row can have, by header, and the ``KPILine`` field it shows.

A cell's text is the field (a status as its label, ``None`` as nothing): the
command line writes CSV from the fields directly, and ``KPI_CELLS`` is built
from this table, so the two cannot drift apart."""

_RAW_VALUES = {"display": "value"}
"""A field shown as text whose cell also keeps the exact number behind it."""


def _field_cell(field: str) -> Callable[[KPILine], Cell | str]:
    """How a KPI row's cell is built from a line's ``field``."""
    raw = _RAW_VALUES.get(field)

    def cell(line: KPILine) -> Cell | str:
        value = getattr(line, field)
        if isinstance(value, Status):
            return _status(value)
        if value is None:
            return Cell("", None)
        return value if raw is None else Cell(value, getattr(line, raw))

    return cell


KPI_CELLS: Mapping[str, Callable[[KPILine], Cell | str]] = {
    header: _field_cell(field) for header, field in KPI_FIELDS.items()
}
"""Each column of ``KPI_FIELDS``, by header, and how its cell is built from a line."""


def kpi_row(
    result: KPIResult | KPILine,
    columns: Sequence[str] = ("ID", "Measure", "Target", "Value", "Status", "Commentary"),
) -> list[Cell | str]:
    """One KPI's row: a cell for each of ``columns`` (keys of ``KPI_CELLS``).

    ``kpi_table`` and the command line build their rows with it.

    Raises:
        ValueTypeError: ``result`` is neither, or ``columns`` is not a sequence of text.
        InvalidFormatError: a column that is not a key of ``KPI_CELLS``.
    """
    line = result if isinstance(result, KPILine) else KPILine.of(result)
    return [_kpi_cell(column)(line) for column in iterable(columns, "columns")]


def _kpi_cell(column: object) -> Callable[[KPILine], Cell | str]:
    """How the cell of ``column`` is built, or our error for a column ``KPI_CELLS`` lacks."""
    _expect(column, str, "columns item", "text")
    assert isinstance(column, str)  # noqa: S101 - checked above, for the type checker
    if column not in KPI_CELLS:
        raise InvalidFormatError(
            field="columns item", value=column, expected=f"one of {', '.join(KPI_CELLS)}"
        )
    return KPI_CELLS[column]


def kpi_table(evaluation: Evaluation, *, commentary: bool = True, title: str = "KPIs") -> Table:
    """KPIs grouped by theme: id, measure, target, value as reported, status, commentary.

    Each theme opens with a row holding only its name, in the Measure column.
    """
    _expect(evaluation, Evaluation, "evaluation", "an Evaluation")
    _expect(commentary, bool, "commentary", "True or False")
    _expect(title, str, "title", "text")
    headers = ["ID", "Measure", "Target", "Value", "Status"]
    if commentary:
        headers.append("Commentary")
    rows: list[list[Cell | str]] = []
    for theme in evaluation.framework.themes:
        if theme:
            rows.append(["", Cell(theme), *[""] * (len(headers) - 2)])
        rows.extend(
            kpi_row(result, headers) for result in evaluation.results if result.kpi.theme == theme
        )
    wrap = [header for header in ("Measure", "Commentary", "Value") if header in headers]
    return Table(title, headers, rows, wrap=wrap)


def exceptions_table(evaluation: Evaluation, *, title: str = "Exceptions") -> Table:
    """The Red then Amber KPIs with the rule's workings, reasons and actions."""
    _expect(evaluation, Evaluation, "evaluation", "an Evaluation")
    _expect(title, str, "title", "text")
    rows: list[list[Cell | str]] = []
    for result in evaluation.exceptions():
        obs = result.observation
        rows.append(
            [
                result.kpi.id,
                result.kpi.title,
                _status(result.status),
                result.explanation,
                obs.commentary if obs is not None else "",
                obs.actions if obs is not None else "",
            ]
        )
    return Table(
        title,
        ["ID", "Measure", "Status", "Workings", "Reasons for performance", "Actions planned"],
        rows,
        wrap=["Measure", "Workings", "Reasons for performance", "Actions planned"],
    )


def risk_table(
    register: RiskRegister, *, as_of: dt.date | None = None, title: str = "Risk register"
) -> Table:
    """Open risks by score: code, title, rating, score, target date, trend (and overdue)."""
    _expect(register, RiskRegister, "register", "a RiskRegister")
    _expect(as_of, (dt.date, type(None)), "as_of", "a date or None")
    _expect(title, str, "title", "text")
    rows: list[list[Cell | str]] = []
    for risk in register.assess(as_of=as_of):
        day = risk.risk.target_date
        row: list[Cell | str] = [
            risk.risk.code,
            risk.risk.title,
            _status(risk.rating),
            _number(risk.score),
            Cell("" if day is None else day.strftime("%d/%m/%y"), day),
            str(risk.trend or ""),
        ]
        if as_of is not None:
            row.append("Overdue" if risk.overdue else "")
        rows.append(row)
    headers = ["Code", "Title", "Rating", "Score", "Target date", "Trend"]
    if as_of is not None:
        headers.append("Overdue")
    return Table(title, headers, rows, wrap=["Title"])


def closed_risks_table(register: RiskRegister, *, title: str = "Closed risks") -> Table:
    """The risks closed since the last report."""
    _expect(register, RiskRegister, "register", "a RiskRegister")
    _expect(title, str, "title", "text")
    rows: list[list[Cell | str]] = [[r.risk.code, r.risk.title] for r in register.closed()]
    return Table(title, ["Code", "Title"], rows, wrap=["Title"])


def budget_table(table: BudgetTable, *, places: int = 1, title: str = "Budget monitoring") -> Table:
    """Divisions as rows; per category: budget, projected, variance, variance % and ADV/FAV."""
    _expect(table, BudgetTable, "table", "a BudgetTable")
    _check_places(places)
    _expect(title, str, "title", "text")
    unit = table.lines[0].unit if table.lines else "£'000"
    headers = ["Division"]
    rows: list[list[Cell | str]] = []
    for category in table.categories:
        headers += [
            _header(category, "budget", unit),
            _header(category, "projected", unit),
            _header(category, "variance"),
            _header(category, "variance %"),
            f"{category} ADV/FAV".strip(),
        ]
    published = all(
        any(line.level is BudgetLevel.TOTAL and line.category == c for line in table.lines)
        for c in table.categories
    )
    for division in [*table.divisions, *([] if published and table.lines else [None])]:
        row: list[Cell | str] = [division or "Total"]
        for category in table.categories:
            line = table.total(category) if division is None else _line(table, division, category)
            if line is None:  # the division has no line in this category
                row += [_number(None)] * 4 + [Cell("")]
                continue
            row += [*_amounts(line, places), Cell(line.label)]
        rows.append(row)
    return Table(title, headers, rows)


def _amounts(line: BudgetLine, places: int) -> list[Cell]:
    """A line's budget, projection, variance and variance % cells (``n/a`` with no budget)."""
    percent = line.variance_pct
    return [
        _number(line.budget),
        _number(line.projected),
        _number(line.variance),
        Cell("n/a", None) if percent is None else _number(percent, places, suffix="%"),
    ]


def _line(table: BudgetTable, name: str, category: str) -> BudgetLine | None:
    """The table's line for ``name`` in ``category``, or ``None`` when it has none there."""
    if any(line.name == name and line.category == category for line in table.lines):
        return table.line(name, category)
    return None


def _header(category: str, figure: str, unit: str = "") -> str:
    """``Local risk budget £'000``; with no category, ``Budget £'000``."""
    if not category:
        return f"{figure[0].upper()}{figure[1:]} {unit}".strip()
    return f"{category} {figure} {unit}".strip()


def budget_status_table(
    rated: Sequence[RatedLine],
    recorded: Mapping[BudgetLine, Status] | None = None,
    *,
    places: int = 1,
    title: str = "Budget status",
) -> Table:
    """Each line's, group's and total's status under its level's rule (``BudgetRules.rate``).

    With ``recorded`` (the published status of some lines), a Recorded column
    shows it beside the rule's status.

    ```pycon
    >>> from kpirag.budget import BudgetRule, BudgetRules
    >>> table = BudgetTable([BudgetLine("Libraries", 1800, 1890, group="Communities")])
    >>> rated = BudgetRules(BudgetRule.percentage(amber=2, red=5)).rate(table)
    >>> for row in budget_status_table(rated).to_records():
    ...     print(row["Line"], row["Level"], row["Status"])
    Libraries service Amber
    Communities directorate Amber
    Total total Amber

    ```
    """
    rated = list(iterable(rated, "rated"))
    for item in rated:
        _expect(item, RatedLine, "rated", "RatedLine objects")
    _check_places(places)
    _expect(title, str, "title", "text")
    unit = rated[0].line.unit if rated else ""
    headers = [
        "Line", "Level", "Group", "Category", _header("", "budget", unit),
        _header("", "projected", unit), "Variance", "Variance %", "Status",
    ]  # fmt: skip
    if recorded:
        headers.append("Recorded")
    headers.append("Explanation")
    rows: list[list[Cell | str]] = []
    for item in rated:
        line = item.line
        row: list[Cell | str] = [
            line.name,
            item.level.value,
            line.group,
            line.category,
            *_amounts(line, places),
            _status(item.status),
        ]
        if recorded:
            status = recorded.get(line)
            row.append("" if status is None else _status(status))
        row.append(item.explanation)
        rows.append(row)
    return Table(title, headers, rows, wrap=["Explanation"])


def budget_by_division_table(
    table: BudgetTable, *, title: str = "Budget monitoring by division"
) -> Table:
    """The same figures transposed: divisions as columns, budget and projection as rows."""
    _expect(table, BudgetTable, "table", "a BudgetTable")
    _expect(title, str, "title", "text")
    unit = table.lines[0].unit if table.lines else "£'000"
    rows: list[list[Cell | str]] = []
    for category in table.categories:
        for field in ("budget", "projected"):
            row: list[Cell | str] = [_header(category, field, unit)]
            row += [
                _number(None if line is None else getattr(line, field))
                for line in (_line(table, division, category) for division in table.divisions)
            ]
            rows.append(row)
    return Table(title, ["", *table.divisions], rows)


AUDIT_HEADERS = ("KPI", "Recorded", "Computed", "Gap", "Recorded reason", "The rule's workings")
"""The columns of an audit row."""


def audit_row(entry: AuditEntry) -> list[Cell | str]:
    """One audit entry's row (``AUDIT_HEADERS``); ``audit_table`` and the command line use it."""
    _expect(entry, AuditEntry, "entry", "an AuditEntry")
    gap = (
        ""
        if entry.levels is None
        else f"{entry.levels:+d} level" + ("s" if abs(entry.levels) != 1 else "")
    )
    return [
        entry.kpi_id,
        _status(entry.recorded),
        _status(entry.computed),
        Cell(gap, entry.levels),
        entry.override or "",
        entry.explanation,
    ]


def audit_table(evaluation: Evaluation, *, title: str = "Audit") -> Table:
    """KPIs whose recorded status differs from the rule: both statuses, the gap and why."""
    _expect(evaluation, Evaluation, "evaluation", "an Evaluation")
    _expect(title, str, "title", "text")
    rows = [audit_row(entry) for entry in evaluation.audit()]
    return Table(title, list(AUDIT_HEADERS), rows, wrap=["Recorded reason", "The rule's workings"])


@attrs.frozen
class QuarterlyReport(_Shown):
    """The tables of a quarterly report, each also an attribute.

    Tables that were not asked for (no register, no budget) are ``None``.
    """

    title: str
    summary: Table
    kpis: Table
    exceptions: Table
    audit: Table
    risks: Table | None = None
    closed_risks: Table | None = None
    budget: Table | None = None
    budget_by_division: Table | None = None

    def __repr__(self) -> str:
        return f"QuarterlyReport({brief(self.title, 50)}, {counted(len(self.tables), 'table')})"

    @property
    def tables(self) -> tuple[Table, ...]:
        """Every table present, in report order."""
        ordered = (
            self.summary,
            self.exceptions,
            self.kpis,
            self.risks,
            self.closed_risks,
            self.budget,
            self.budget_by_division,
            self.audit,
        )
        return tuple(table for table in ordered if table is not None)

    def render(self, format: Format | str = Format.TEXT, *, width: int | None = 60) -> str:  # noqa: A002
        """Every table in ``format``."""
        return Report(self.title, self.tables).render(format, width=width)


def quarterly_report(
    title: str,
    evaluation: Evaluation,
    *,
    register: RiskRegister | None = None,
    budget: BudgetTable | None = None,
    unlisted: int = 0,
    as_of: dt.date | None = None,
    descriptions: Mapping[str, str] | None = None,
) -> QuarterlyReport:
    """Build every table of a quarterly report.

    Args:
        title: the report's title.
        evaluation: the period's evaluated KPIs.
        register: the risk register, if the report has one.
        budget: the budget table, if the report has one.
        unlisted: KPIs with no row this period (counted as N/A in the summary).
        as_of: the date risks are judged overdue against.
        descriptions: the report's wording for each status in the summary.
    """
    _expect(title, str, "title", "text")
    _expect(evaluation, Evaluation, "evaluation", "an Evaluation")
    _expect(register, (RiskRegister, type(None)), "register", "a RiskRegister or None")
    _expect(budget, (BudgetTable, type(None)), "budget", "a BudgetTable or None")
    _expect(unlisted, int, "unlisted", "a whole number")
    if unlisted < 0:
        raise InvalidFormatError(field="unlisted", value=unlisted, expected="a whole number >= 0")
    _expect(as_of, (dt.date, type(None)), "as_of", "a date or None")
    _check_descriptions(descriptions)
    return QuarterlyReport(
        title=title,
        summary=summary_table(evaluation.summary(unlisted=unlisted), descriptions=descriptions),
        kpis=kpi_table(evaluation),
        exceptions=exceptions_table(evaluation),
        audit=audit_table(evaluation),
        risks=None if register is None else risk_table(register, as_of=as_of),
        closed_risks=None if register is None else closed_risks_table(register),
        budget=None if budget is None else budget_table(budget),
        budget_by_division=None if budget is None else budget_by_division_table(budget),
    )
