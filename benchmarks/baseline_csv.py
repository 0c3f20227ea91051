"""The baseline for `bench_cli.py`: a plain `csv` + `Decimal` script classifying a KPI CSV.

It does what `kpirag evaluate --format csv` does for the simple rows of
`_common.write_kpi_csv` (id, measure, target, value, reported, theme) and no
more: parse each distinct target once, read the value as a Decimal, apply the
standard Green/Amber/Red rule with a 10% relative tolerance, and write id,
title, target, value, status and the recorded status. No explanation, no
validation beyond what `Decimal` refuses.

Usage: python benchmarks/baseline_csv.py IN.csv OUT.csv
"""

from __future__ import annotations

import csv
import sys
from decimal import Decimal
from functools import cache

TOLERANCE = Decimal("0.1")


@cache
def rule(target: str) -> tuple[str, Decimal, Decimal]:
    """(operator, low, high) of a target such as '<43', '75%', '2,000' or '95%-105%'."""
    text = target.replace(",", "").replace("%", "")
    if "-" in text[1:]:
        low, high = text.split("-")
        return "between", Decimal(low), Decimal(high)
    for operator in ("<=", ">=", "<", ">"):
        if text.startswith(operator):
            number = Decimal(text[len(operator) :])
            return operator, number, number
    number = Decimal(text)
    return ">=", number, number


def status(value: Decimal, target: str) -> str:
    """Green, Amber or Red for ``value`` against ``target``."""
    operator, low, high = rule(target)
    if operator == "between":
        if low <= value <= high:
            return "Green"
        edge, gap = (low, low - value) if value < low else (high, value - high)
    elif operator in {">=", ">"}:
        if value > low or (operator == ">=" and value == low):
            return "Green"
        edge, gap = low, low - value
    else:
        if value < high or (operator == "<=" and value == high):
            return "Green"
        edge, gap = high, value - high
    return "Amber" if gap <= abs(edge) * TOLERANCE else "Red"


def main() -> None:
    """Classify every row of argv[1] into argv[2]."""
    with (
        open(sys.argv[1], encoding="utf-8", newline="") as source,  # noqa: PTH123
        open(sys.argv[2], "w", encoding="utf-8", newline="") as output,  # noqa: PTH123
    ):
        reader = csv.reader(source)
        writer = csv.writer(output, lineterminator="\n")
        header = next(reader)
        at = {name: index for index, name in enumerate(header)}
        writer.writerow(["ID", "Title", "Target", "Value", "Status", "Recorded"])
        for row in reader:
            text = row[at["value"]]
            value = Decimal(text.replace(",", "").rstrip("%"))
            target = row[at["target"]]
            recorded = row[at["reported"]]
            title = row[at["measure"]]
            writer.writerow([row[at["id"]], title, target, text, status(value, target), recorded])


if __name__ == "__main__":
    main()
