"""``kpirag budget``: variances, published totals checked against their lines, statuses by level.

A budget file may be a hierarchy (service lines naming their directorate in
``group``; published ``directorate`` subtotals and a ``total`` line). Every
published total is checked against the lines it adds up, within a rounding
allowance; with ``--rules`` each line, each group and the total is rated by
its level's rule, and ``--check-recorded`` lists the lines whose published
status (``recorded`` or ``status`` column) differs from the rule (exit 1).
"""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from kpirag.budget import BudgetLine, BudgetTable, RatedLine
from kpirag.cli._output import UsageError
from kpirag.report import Cell, Table
from kpirag.rules import format_decimal

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from kpirag.budget import BudgetLevel
    from kpirag.rules import Status

__all__ = [
    "add_options",
    "allowance",
    "budget_record",
    "budget_records",
    "tidy_csv",
]

VARIANCE_PCT_PLACES = 1
"""Decimal places of ``variance_pct`` in CSV and JSON output, rounded half-up as tables show it."""

RECORD_KEYS = (
    "name", "category", "level", "group", "budget", "projected", "variance", "variance_pct",
    "label", "wording", "unit",
)  # fmt: skip
"""The columns of the tidy CSV table, and the keys of each JSON record."""

RATED_KEYS = ("status", "recorded", "explanation")
"""The further columns (and keys) with ``--rules``."""


def add_options(budget: argparse.ArgumentParser) -> None:
    """The budget command's own options."""
    budget.add_argument(
        "--by-division", action="store_true", help="also divisions as columns (not in csv or json)"
    )
    budget.add_argument(
        "--allowance",
        type=_amount,
        metavar="N",
        help="rounding allowance per line added when checking published totals "
        "(default: 1 in the last place of the figures, e.g. 1 per line in a £'000 table)",
    )
    budget.add_argument(
        "--check-recorded",
        action="store_true",
        help="list only the lines whose published status differs from --rules (exit 1 if any)",
    )


def allowance(table: BudgetTable, given: Decimal | None) -> Decimal:
    """The rounding allowance per line: ``given``, or 1 in the last place of the figures.

    ```pycon
    >>> table = BudgetTable([BudgetLine("A", "6,974", "7,093"), BudgetLine("B", "1.5", "2")])
    >>> allowance(table, None), allowance(table, Decimal("0.5"))
    (Decimal('0.1'), Decimal('0.5'))

    ```
    """
    if given is not None:
        if not given.is_finite() or given < 0:
            raise UsageError(f"--allowance must be a number of 0 or more, not {given}")
        return given
    places = [
        exponent
        for line in table.lines
        for figure in (line.budget, line.projected)
        if isinstance(exponent := figure.as_tuple().exponent, int)
    ]
    return Decimal(1).scaleb(min(places, default=0))


def budget_record(
    line: BudgetLine,
    level: BudgetLevel | None = None,
    rated: RatedLine | None = None,
    recorded: Status | None = None,
) -> dict[str, object]:
    """One line as JSON: its figures, and its status under its level's rule when rated."""
    record: dict[str, object] = {
        "name": line.name,
        "category": line.category,
        "level": (level or line.level).value,
        "group": line.group,
        "budget": str(line.budget),
        "projected": str(line.projected),
        "variance": str(line.variance),
        "variance_pct": None
        if line.variance_pct is None
        else format_decimal(line.variance_pct, VARIANCE_PCT_PLACES),
        "label": line.label,
        "wording": line.wording,
        "unit": line.unit,
    }
    if rated is not None:
        record["status"] = str(rated.status)
        record["recorded"] = None if recorded is None else str(recorded)
        record["explanation"] = rated.explanation
    return record


def budget_records(
    table: BudgetTable,
    rated: Sequence[RatedLine] | None = None,
    recorded: Mapping[BudgetLine, Status] | None = None,
) -> list[dict[str, object]]:
    """The tidy rows of ``--format csv`` and ``json``: per category, each line in report order.

    Service lines, each group's total and the grand total (published or added
    up, as ``BudgetTable.hierarchy`` gives them); with ``rated``, those lines
    with their statuses instead.
    """
    if rated is not None:
        published = recorded or {}
        return [
            budget_record(item.line, item.level, item, published.get(item.line)) for item in rated
        ]
    return [
        budget_record(line, level)
        for category in table.categories
        for line, level in table.hierarchy(category)
    ]


def tidy_csv(records: Sequence[Mapping[str, object]], *, rated: bool) -> str:
    """The records as one CSV table: a header, then a row per record; no value is ``None``.

    ```pycon
    >>> table = BudgetTable([BudgetLine("People", "6,974", "7,093", "Local risk")])
    >>> print(tidy_csv(budget_records(table), rated=False), end="")
    name,category,level,group,budget,projected,variance,variance_pct,label,wording,unit
    People,Local risk,service,,6974,7093,119,1.7,ADV,overspend,£'000
    Total,Local risk,total,,6974,7093,119,1.7,ADV,overspend,£'000

    ```
    """
    keys = [*RECORD_KEYS, *(RATED_KEYS if rated else ())]
    rows: list[list[Cell | str]] = [
        ["" if record[key] is None else str(record[key]) for key in keys] for record in records
    ]
    return Table("Budget", keys, rows).render("csv")


def _amount(text: str) -> Decimal:
    """``--allowance``'s number, or a usage error (``Decimal`` raises one argparse lets escape)."""
    try:
        return Decimal(text)
    except InvalidOperation:
        message = f"{text!r} is not a number such as 1 or 0.5"
        raise argparse.ArgumentTypeError(message) from None
