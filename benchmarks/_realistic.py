"""A KPI file shaped like a real performance export, for the speed goals of issue 22.

`write_realistic_kpi_csv` writes what a council or trust's system exports:
every documented KPI column (the old names ``measure`` and ``reported`` for
the title and the recorded status, as older exports still have them), a
previous figure on about 30% of rows, recorded statuses as words and letters,
commentary and actions with commas and quotes, unit words (``jobs``,
``weeks``), percentages, thousands separators, per-row tolerances and
directions, overrides, about 2% not rated, about 6% of figures exactly on an
edge (the target or the end of the Amber band), and a few composite and
profiled KPIs (judged with ``--period Q2 2017/18``).

The same rows, seeded, every time: the benchmarks compare kpirag with
`baseline_realistic.py`, a plain script that gives the same status on every
row of this file and does nothing else.
"""

from __future__ import annotations

import csv
import random
from decimal import Decimal
from pathlib import Path

HEADER = [
    "id", "measure", "target", "value", "better", "tolerance", "reported", "override",
    "theme", "unit", "fraction", "frequency", "previous", "numerator", "denominator",
    "counts", "bands", "band", "profile", "cumulative", "part", "rollup", "reason",
    "label", "display", "commentary", "actions",
]  # fmt: skip
"""Every KPI column, as an export lays them out (old names for title and recorded)."""

PERIOD = "Q2 2017/18"
"""The period the file is judged in (its profiled KPIs need one)."""

THEMES = [
    "Safe, effective care",
    "Our people",
    "Finance and use of resources",
    "Access and flow",
    "Housing, homelessness and communities",
]
COMMENTARY = [
    "Improved on last quarter, but still below plan",
    'Staffing gaps in "hot" months; recovery plan agreed',
    "On track",
    "Data validated, 2 late returns",
    "",
]
ACTIONS = ["Weekly review, led by the director", "None", "", "Deep dive at March board"]
RECORDED = ["Green", "Amber", "Red", "G", "A", "R", "green", ""]

# (target, better, unit, low, high, percent): targets as exports write them, and the
# range the figures are drawn from. ``better`` is given only where the target is bare.
SHAPES = [
    (">=75%", "", "", 50, 100, True),
    ("<43", "", "", 20, 60, False),
    (">=2,000", "", "", 1200, 2600, False),
    ("95%-105%", "", "", 85, 115, True),
    ("A minimum of 85 jobs.", "", "jobs", 60, 120, False),
    ("A maximum of 18 weeks.", "", "weeks", 10, 26, False),
    ("0", "lower", "", 0, 4, False),
    ("4.5%", "lower", "", 2, 7, True),
    (">=92.5%", "", "", 80, 100, True),
    ("<=0.8", "", "", 0, 2, False),
]
TOLERANCES = ["", "", "", "", "", "", "5pt", "15%", "none", "10%"]


def _figure(number: Decimal, percent: bool, unit: str) -> str:
    """A figure as an export writes it: separators over 999, a percent sign or a unit word."""
    text = f"{number:,}" if abs(number) >= 1000 else str(number)
    if percent:
        return text + "%"
    return f"{text} {unit}" if unit else text


def _edges(target: str, tolerance: str) -> list[Decimal]:
    """The figures exactly on this target's edges: the target and the end of Amber."""
    digits = target.replace(",", "").replace("%", "").strip("<>=").split()
    words = [word.rstrip(".") for word in digits if word.rstrip(".").replace(".", "").isdigit()]
    bounds = [Decimal(part) for part in (words[0] if words else digits[0]).split("-")]
    edges = list(bounds)
    if tolerance.endswith("pt"):
        edges += [bound - Decimal(tolerance[:-2]) for bound in bounds]
        edges += [bound + Decimal(tolerance[:-2]) for bound in bounds]
    elif tolerance != "none":
        share = Decimal(tolerance[:-1] if tolerance else "10") / 100
        edges += [bound * (1 - share) for bound in bounds]
        edges += [bound * (1 + share) for bound in bounds]
    return edges


def _simple(rng: random.Random, number: int) -> list[dict[str, str]]:
    """One KPI row: a figure (or none), maybe a previous figure, a recorded status."""
    target, better, unit, low, high, percent = SHAPES[number % len(SHAPES)]
    tolerance = TOLERANCES[rng.randrange(len(TOLERANCES))]
    row = {
        "id": f"{number // 100 + 1}.{number % 100}",
        "measure": f"Measure {number}, as reported",
        "target": target,
        "better": better,
        "tolerance": tolerance,
        "reported": rng.choice(RECORDED),
        "theme": THEMES[number % len(THEMES)],
        "frequency": rng.choice(["monthly", "quarterly", "annual"]),
        "commentary": rng.choice(COMMENTARY),
        "actions": rng.choice(ACTIONS),
    }
    draw = rng.random()
    if draw < 0.02:  # not rated: no figure, or no target yet
        row["reason"] = rng.choice(["Annual", "Not due until Q4", "Data only"])
        if rng.random() < 0.3:
            row["target"] = ""
            row["reason"] = "Working with provider to set target"
        return [row]
    if draw < 0.08:  # exactly on an edge
        number_value = rng.choice(_edges(target, tolerance))
    else:
        number_value = Decimal(f"{rng.uniform(low, high):.1f}")
    row["value"] = _figure(number_value, percent, unit)
    if rng.random() < 0.3:
        row["previous"] = _figure(Decimal(f"{rng.uniform(low, high):.1f}"), percent, unit)
    if rng.random() < 0.01 and row["reported"]:
        row["override"] = "Validated late data, agreed by the executive"
    if rng.random() < 0.05:
        row["label"] = f"Target {target}, as the plan words it"
    return [row]


def _composite(rng: random.Random, number: int) -> list[dict[str, str]]:
    """A composite KPI: a heading row and two parts, judged worst of."""
    kpi_id = f"C{number}"
    rows = [
        {"id": kpi_id, "measure": "Satisfaction, adults and children", "rollup": "worst"},
    ]
    for part, target in (("Adults survey", ">=97%"), ("Children's survey", ">=100%")):
        value = _figure(Decimal(f"{rng.uniform(85, 100):.1f}"), percent=True, unit="")
        rows.append({
            "id": kpi_id,
            "measure": "Satisfaction, adults and children",
            "target": target,
            "value": value,
            "part": part,
        })  # fmt: skip
    return rows


def _profiled(rng: random.Random, number: int) -> list[dict[str, str]]:
    """An annual target profiled linearly, judged on its figure for the year to date."""
    value = Decimal(f"{rng.uniform(800, 1200):.0f}")
    return [
        {
            "id": f"P{number}",
            "measure": "Homes delivered, year to date",
            "target": ">=2,000",
            "value": _figure(value, percent=False, unit=""),
            "profile": "linear",
            "cumulative": "true",
            "frequency": "quarterly",
        }
    ]


def write_realistic_kpi_csv(path: Path, rows: int, seed: int = 2017) -> None:
    """Write about ``rows`` rows of a realistic export to ``path`` (UTF-8, Excel quoting)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, HEADER, restval="")
        writer.writeheader()
        written = number = 0
        while written < rows:
            kind = rng.random()
            if kind < 0.002:
                block = _composite(rng, number)
            elif kind < 0.004:
                block = _profiled(rng, number)
            else:
                block = _simple(rng, number)
            writer.writerows(block)
            written += len(block)
            number += 1
