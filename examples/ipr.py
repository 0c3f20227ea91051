"""A trust's integrated performance report, from its metric list and 36 months of figures.

The figures in ``examples/data/ipr_values.csv`` are GENERATED (seeded random
numbers shaped like a trust's, see ``examples/data/generate_ipr.py``); the
metrics, directions, standards and planning trajectories are public ones.

Run it with ``python examples/ipr.py``: it prints the summary table, the
metrics that need the board's attention and one metric's narrative, and with
``--output board.html`` writes the board pack (charts need the ``plot`` extra).
The command line builds the same report:
``kpirag ipr examples/data/ipr_metrics.csv examples/data/ipr_values.csv --as-of 2025-03-31
--rules examples/data/ipr_rules.toml --format html --output board.html``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kpirag.io import ipr_settings, load_metric_values, load_metrics, load_rules
from kpirag.ipr import IPR, build
from kpirag.report import ipr_html, ipr_table

DATA = Path(__file__).resolve().parent / "data"
AS_OF = "2025-03-31"


def report() -> IPR:
    """The example trust's report as of 31 March 2025: one computation for every view."""
    rules = load_rules(DATA / "ipr_rules.toml")
    metrics = load_metrics(DATA / "ipr_metrics.csv", rules=rules)
    values = load_metric_values(DATA / "ipr_values.csv", metrics=metrics)
    return build(metrics, values, as_of=AS_OF, settings=ipr_settings(rules))


def board_pack(ipr: IPR) -> str:
    """The standalone board pack, with a chart per metric when matplotlib is installed."""
    try:
        from kpirag.plot import board_pack as drawn  # noqa: PLC0415 - the plot extra is optional
    except ImportError:
        return ipr_html(ipr)
    return drawn(ipr)


def main() -> None:
    """Print the summary, the concerns and one narrative; write the board pack if asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="write the board pack (HTML) here")
    args = parser.parse_args()
    ipr = report()
    print(ipr_table(ipr).render("text", width=None))
    attention = ipr.concerns_first()
    print("\nNeeds attention first:")
    for metric in attention.metrics[:5]:
        icons = [metric.variation.label if metric.variation else "no icon", metric.assurance.label]
        print(f"  {metric.metric.id:<8} {metric.status!s:<6} {', '.join(icons)}")
    print("\nThe four-hour standard, in words:")
    print(" ", ipr.metric("ED4").narrative)
    if args.output is not None:
        args.output.write_text(board_pack(ipr), encoding="utf-8")
        print(f"\nWrote the board pack to {args.output}")


if __name__ == "__main__":
    main()
