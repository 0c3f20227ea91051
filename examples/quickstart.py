"""Targets, tolerances and statuses in a few lines.

Run it with ``python examples/quickstart.py``.
"""

from __future__ import annotations

from kpirag import Scheme, Target, Tolerance, assess, classify, classify_many
from kpirag.rules import Better

# A few KPIs from a quarterly report: (id, target as written, better, Q1 value).
KPIS: list[tuple[str, str, Better | None, str]] = [
    ("1.4", "<10", None, "0"),
    ("1.5", "75%", None, "69%"),
    ("1.6", "<43", None, "46"),
    ("1.8", "69", None, "69"),
    ("3.3", "0", "lower", "0"),
    ("4.1", "42%", None, "42%"),
]


def main() -> None:
    """Print each KPI's status under the City of London rule, then a few edge cases."""
    scheme = Scheme.city_of_london()  # Green met, Amber within -10% of target, Red beyond
    print("KPI statuses under", scheme)
    for kpi, text, better, value in KPIS:
        target = Target.parse(text, better=better)
        print(f"  {kpi:>4}  {assess(value, target, scheme).explanation}")

    print("\nExact edges: floats are read as the decimals they print as")
    for edge_value in (42.99, 43, 47.3, 47.31):
        print(f"  {edge_value!s:>6} against <43 -> {classify(edge_value, '<43', '10%')}")

    print("\nThe same values with an absolute tolerance of 2 units")
    statuses = classify_many([42.99, 43, 45, 45.01], "<43", Tolerance.absolute(2))
    print("  ", ", ".join(str(status) for status in statuses))


if __name__ == "__main__":
    main()
