"""Issue 23's speed goals for the integrated performance report.

1. Building the report of 1,000 metrics x 36 months from a long CSV
   (``load_metrics``, ``load_metric_values``, ``build``) within 2 times
   computing the same XmR charts and RAG statuses one by one through the
   public API: the same CSV read with ``csv.DictReader``, each period's status
   from ``evaluate_kpi`` against a ``KPI`` with that period's target, each
   metric's chart from ``xmr``. Both sides must agree on every status and
   every chart's icons.
2. Each chart of the board pack (``ipr_charts``: ``ipr_chart`` then
   ``figure_svg``) within 1.5 times drawing the same lines, limits and
   markers with plain matplotlib (``plain_chart``: everything ``ipr_chart``
   draws but the icons) and saving them as SVG, over 100 metrics; and the
   whole board pack of 100 metrics, timed.

The data is the worked example's generator (``examples/data/generate_ipr.py``)
with its 30 metrics repeated under new ids. Runs alternate (baseline, kpirag,
...), medians are compared; the script exits 1 when a ratio misses its goal or
the two sides disagree.

Reproduce: python benchmarks/bench_ipr.py [--metrics N] [--charts N] [--repeat R]
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")
from _common import compile_kpirag, machine
from bench_frames import alternate
from matplotlib.figure import Figure

from kpirag.errors import SPCWarning
from kpirag.io import load_metric_values, load_metrics
from kpirag.ipr import IPR, MetricReport, build, metric_target
from kpirag.kpi import KPI, Observation, evaluate_kpi, read_period
from kpirag.plot import board_pack, ipr_charts
from kpirag.rules import Operator
from kpirag.spc import Improvement, XmRChart, xmr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples" / "data"))
import generate_ipr  # noqa: E402

BUILD_GOAL = 2.0
CHART_GOAL = 1.5
AS_OF = "2025-03-31"


def kpirag_build(metrics_csv: bytes, values_csv: bytes) -> IPR:
    """The report, through kpirag's loaders and ``build``."""
    metrics = load_metrics(io.BytesIO(metrics_csv), fmt="csv")
    values = load_metric_values(io.BytesIO(values_csv), metrics=metrics, fmt="csv")
    return build(metrics, values, as_of=AS_OF)


def one_by_one(metrics_csv: bytes, values_csv: bytes) -> dict[str, tuple[list[object], XmRChart]]:
    """The same statuses and charts, one call at a time through the public API."""
    rows = list(csv.DictReader(io.StringIO(metrics_csv.decode())))
    figures: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(values_csv.decode())):
        figures[row["metric"]].append(row)
    done = {}
    for row in rows:
        improvement, unit = row["improvement"], row["unit"] or None
        standing = row["target"]
        statuses: list[object] = []
        kpis: dict[object, KPI] = {}
        periods, numbers = [], []
        target = None
        for figure in figures[row["id"]]:
            period = read_period(figure["period"])
            given = figure["target"] or standing
            kpi = kpis.get(given)
            if kpi is None:
                made = KPI(row["id"], row["title"], unit=unit or "count") if not given else None
                if made is None:
                    parsed = metric_target(given, _improvement(improvement), _unit(unit, given))
                    made = KPI(row["id"], row["title"], parsed, unit=_unit(unit, given))
                kpi = kpis[given] = made
            target = kpi.target
            value = figure["value"]
            observation = Observation(row["id"], value, reason=None if given else "No target")
            statuses.append(evaluate_kpi(kpi, observation).status)
            periods.append(period)
            numbers.append(value)
        goal = None if target is None or target.operator is Operator.BETWEEN else target.value
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SPCWarning)
            recalculate = [read_period(p.strip()) for p in row["recalculate"].split(";") if p]
            chart = xmr(
                numbers, periods=periods, improvement=improvement, target=goal,
                recalculate=recalculate,
            )  # fmt: skip
        done[row["id"]] = (statuses, chart)
    return done


def _improvement(text: str) -> Improvement:
    return Improvement(text)


def _unit(unit: str | None, target: str) -> str:
    if unit:
        return unit
    return "percent" if target.endswith("%") else "count"


_KIND_COLOURS = {
    "common_cause": "#858585",
    "special_cause_improvement": "#00b0f0",
    "special_cause_concern": "#e46c0a",
}


def plain_chart(report: MetricReport) -> str:
    """What ``ipr_chart`` draws but its icons, by hand with plain matplotlib, as SVG.

    The values joined by a line, a marker per point coloured by its type, the
    mean and process limits with their values on the right, the target (a step
    per period), the reference line, each event's dotted line, the title, the
    period labels and a legend of as many entries.
    """
    chart = report.chart
    assert chart is not None  # noqa: S101 - only charted metrics are drawn
    limits = chart.limits
    assert limits is not None  # noqa: S101
    figures = [p for p in report.points if p.value is not None]
    figure = Figure(figsize=(11.0, 4.4), layout="constrained")
    ax = figure.add_subplot()
    xs = list(range(len(figures)))
    values = [float(p.value) for p in figures if p.value is not None]
    ax.plot(xs, values, color="#7f7f7f", lw=1.2, label="Value")
    kinds = [
        p.spc.point_type.value if p.spc and p.spc.point_type else "common_cause" for p in figures
    ]
    colours = [_KIND_COLOURS.get(kind, "#490092") for kind in kinds]
    ax.scatter(xs, values, c=colours, s=30, zorder=3)
    levels = {"Mean": limits.mean, "Lower limit": limits.lower, "Upper limit": limits.upper}
    for name, level in levels.items():
        ax.axhline(float(level), color="black" if name == "Mean" else "#595959",
                   ls="-" if name == "Mean" else "--", label=name)  # fmt: skip
        ax.annotate(f"{name} {float(level):.2f}", (1.0, float(level)),
                    xycoords=ax.get_yaxis_transform(), xytext=(8, 0),
                    textcoords="offset points", va="center")  # fmt: skip
    for x, point in enumerate(figures):
        if point.target is not None and point.target.value is not None:
            goal = float(point.target.value)
            ax.plot([x - 0.5, x + 0.5], [goal, goal], color="#de1b1b", lw=1.6)
        if point.reference is not None:
            height = float(point.reference)
            ax.plot([x - 0.5, x + 0.5], [height, height], color="#1d4f91", ls="--")
        if point.annotation:
            ax.axvline(x, color="#5b6770", ls=":")
    ax.set_title(f"{report.metric.id}: {report.metric.title}", loc="left")
    ax.set_xticks(xs[::3], [str(p.period) for p in figures][::3], rotation=45, ha="right")
    ax.set_xlabel("Period")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.15, 1.0))
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def _check(ipr: IPR, done: dict[str, tuple[list[object], XmRChart]]) -> int:
    wrong = 0
    for report in ipr.metrics:
        statuses, chart = done[report.metric.id]
        if [point.status for point in report.points] != statuses:
            wrong += 1
        if report.chart is not None and (
            report.chart.variation != chart.variation or report.chart.points != chart.points
        ):
            wrong += 1
    return wrong


def main() -> int:
    """Time both goals on the generated trust; 1 when a goal is missed or the sides disagree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=int, default=1000)
    parser.add_argument("--charts", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    compile_kpirag()
    print(machine())
    metrics_text, values_text = generate_ipr.generate(metrics=args.metrics)
    metrics_csv, values_csv = metrics_text.encode(), values_text.encode()
    rows = values_text.count("\n") - 1
    print(f"{args.metrics:,} metrics, {rows:,} figures ({len(values_csv) / 1e6:.1f} MB)")

    ipr = kpirag_build(metrics_csv, values_csv)
    wrong = _check(ipr, one_by_one(metrics_csv, values_csv))
    print(f"metrics where kpirag and the one-by-one calls disagree: {wrong}")
    times = alternate(
        [
            ("one by one", lambda: one_by_one(metrics_csv, values_csv)),
            ("kpirag", lambda: kpirag_build(metrics_csv, values_csv)),
        ],
        args.repeat,
    )
    base, mine = statistics.median(times["one by one"]), statistics.median(times["kpirag"])
    build_ratio = mine / base
    print(f"build: one by one {base:.2f} s, kpirag {mine:.2f} s, ratio {build_ratio:.2f} "
          f"(goal <= {BUILD_GOAL})")  # fmt: skip

    charted = [
        report for report in ipr.metrics if report.chart is not None and report.chart.limits
    ][: args.charts]

    small = IPR(ipr.as_of, ipr.settings, tuple(charted))

    def kpirag_charts() -> None:  # each metric's chart as SVG, as the board pack draws them
        ipr_charts(small)

    def plain_charts() -> None:
        for report in charted:
            plain_chart(report)

    chart_times = alternate(
        [("plain", plain_charts), ("kpirag", kpirag_charts)], max(1, args.repeat // 2)
    )
    base, mine = statistics.median(chart_times["plain"]), statistics.median(chart_times["kpirag"])
    chart_ratio = mine / base
    print(f"charts ({len(charted)}): plain matplotlib {base / len(charted) * 1e3:.1f} ms each, "
          f"kpirag {mine / len(charted) * 1e3:.1f} ms each, ratio {chart_ratio:.2f} "
          f"(goal <= {CHART_GOAL})")  # fmt: skip
    start = time.perf_counter()
    page = board_pack(small)
    print(f"board pack of {len(charted)} metrics: {time.perf_counter() - start:.1f} s, "
          f"{len(page) / 1e6:.1f} MB of HTML")  # fmt: skip
    failed = wrong or build_ratio > BUILD_GOAL or chart_ratio > CHART_GOAL
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
