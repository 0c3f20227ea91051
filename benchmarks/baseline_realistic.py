"""The baseline for the realistic export: a plain `csv` + `Decimal` script, as an analyst writes it.

It gives the status kpirag gives on every row of `_realistic.write_realistic_kpi_csv`
and nothing more: the target forms, unit words, percentages and separators
that file holds, per-row tolerances (``10%``, ``5pt``, ``none``; 10% when
empty) and directions, not-rated rows (N/A), overrides (the recorded status
stands), composite KPIs (worst of their parts) and linearly profiled annual
targets judged in Q2 (half the year). No explanation, no validation beyond
what `Decimal` refuses. It writes id, title, target, value, status and the
recorded status.

Usage: python benchmarks/baseline_realistic.py IN.csv OUT.csv
"""

from __future__ import annotations

import csv
import sys
from decimal import Decimal
from functools import cache

LETTERS = {"g": "Green", "a": "Amber", "r": "Red"}
WORST = {"Green": 0, "Amber": 1, "Red": 2}
SHARE_DUE = Decimal(2) / 4  # a linear profile in the second quarter


def number(text: str) -> Decimal:
    """A figure such as '2,000', '75%' or '103 jobs'."""
    return Decimal(text.split(maxsplit=1)[0].replace(",", "").rstrip("%"))


@cache
def rule(target: str, better: str) -> tuple[str, Decimal, Decimal]:
    """(operator, low, high) of a target such as '<43', '95%-105%' or 'A minimum of 85 jobs.'."""
    text = target.replace(",", "").replace("%", "")
    if text.startswith(("A minimum of ", "A maximum of ")):
        bound = Decimal(text.split()[3].rstrip("."))
        return (">=" if "minimum" in text else "<="), bound, bound
    if "-" in text[1:]:
        low, high = text.split("-")
        return "between", Decimal(low), Decimal(high)
    for operator in ("<=", ">=", "<", ">"):
        if text.startswith(operator):
            bound = Decimal(text[len(operator) :])
            return operator, bound, bound
    bound = Decimal(text)
    return ("<=" if better == "lower" else ">="), bound, bound


def allowance(edge: Decimal, tolerance: str) -> Decimal:
    """How far past ``edge`` is still Amber."""
    if tolerance == "none":
        return Decimal(0)
    if tolerance.endswith("pt"):
        return Decimal(tolerance[:-2])
    return abs(edge) * Decimal(tolerance[:-1] if tolerance else "10") / 100


def status(value: Decimal, target: str, better: str, tolerance: str, scale: Decimal) -> str:
    """Green, Amber or Red for ``value`` against ``target`` (its bounds times ``scale``)."""
    operator, low, high = rule(target, better)
    low, high = low * scale, high * scale
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
    band = allowance(edge, tolerance)
    return "Amber" if band > 0 and gap <= band else "Red"  # no band, no Amber


def judged(row: dict[str, str]) -> str:
    """One KPI row's status."""
    if row["override"] and row["reported"]:
        return LETTERS.get(row["reported"].lower(), row["reported"].title())
    if not row["target"] or not row["value"]:
        return "N/A"
    scale = SHARE_DUE if row["profile"] == "linear" else Decimal(1)
    return status(number(row["value"]), row["target"], row["better"], row["tolerance"], scale)


def main() -> None:
    """Classify every KPI of argv[1] into argv[2]."""
    with (
        open(sys.argv[1], encoding="utf-8", newline="") as source,  # noqa: PTH123
        open(sys.argv[2], "w", encoding="utf-8", newline="") as output,  # noqa: PTH123
    ):
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(["ID", "Title", "Target", "Value", "Status", "Recorded"])
        parts: list[dict[str, str]] = []

        def flush() -> None:
            """Write the composite KPI whose parts were gathered, judged worst of."""
            if parts:
                worst = max((judged(part) for part in parts), key=WORST.__getitem__)
                writer.writerow([parts[0]["id"], parts[0]["measure"], "", "", worst, ""])
                parts.clear()

        for row in csv.DictReader(source):
            if row["part"]:
                parts.append(row)
                continue
            flush()
            if not row["rollup"]:
                fields = [row["id"], row["measure"], row["target"], row["value"]]
                writer.writerow([*fields, judged(row), row["reported"]])
        flush()


if __name__ == "__main__":
    main()
