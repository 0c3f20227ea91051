"""``kpirag ipr FILE VALUES``: the integrated performance report of a metric list and its data.

``FILE`` lists the metrics (``kpirag.io.METRIC_COLUMNS``) and ``VALUES``
holds their figures, one row per metric and period
(``kpirag.io.VALUE_COLUMNS``); either may be CSV, JSON, TOML or a workbook.
Both are read in full before anything is written: every problem of both
files is listed with its line and column, and nothing is written (exit code
2). The report is built once (``kpirag.ipr.build``) and every format shows
that one object: the summary table (text, github, latex, csv), its records
(json), the board pack (html, with a chart per metric when matplotlib is
installed) or a workbook (xlsx: the summary, then a sheet per domain).
"""

from __future__ import annotations

import argparse
import datetime as dt
import warnings
from collections.abc import Callable
from decimal import Decimal
from typing import IO

from kpirag._validate import json_text
from kpirag.cli import _defaults as defaults
from kpirag.cli._output import UsageError
from kpirag.cli._workbook import save_workbook
from kpirag.errors import KpiragWarning, LoadError, Problem
from kpirag.io import Source, ipr_settings, load_metric_values, load_metrics
from kpirag.ipr import IPR, FlagKind, Metric, build, read_as_of
from kpirag.report import (
    ipr_html,
    ipr_point_records,
    ipr_points_table,
    ipr_records,
    ipr_table,
    ipr_xlsx,
)
from kpirag.rules import Status, format_decimal
from kpirag.spc import Assurance, Variation

__all__ = ["add_parser", "run"]

TITLE = "Integrated performance report"

EPILOG = """\
examples:
  kpirag ipr examples/data/ipr_metrics.csv examples/data/ipr_values.csv --as-of 2025-03-31
  kpirag ipr metrics.csv values.csv --as-of 2025-03-31 --format html --output board.html
  kpirag ipr metrics.xlsx values.csv --rules trust.toml --format xlsx --output ipr.xlsx
  kpirag ipr metrics.csv values.csv --order concerns --status Red --format csv

See docs/ipr.md for the columns of both files and every flag.
"""


def add_parser(command: Callable[..., argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add the ``ipr`` command, with every command's options, through ``command``."""
    parser = command(
        "ipr",
        "an integrated performance report: RAG beside SPC for every metric, by domain",
        "Build an integrated performance report from a metrics file and a values file: "
        "each metric's latest status against its target, its SPC icons, travel, data-quality "
        "and freshness flags and a narrative, grouped by domain. --format html writes the "
        "board pack.",
        EPILOG,
    )
    for action in parser._actions:  # noqa: SLF001 - argparse's one way to reword an argument
        if action.dest == "file":
            action.help = "the metrics file, or - for standard input"
    parser.add_argument("values", help="the values file, or - for standard input")
    parser.add_argument(
        "--as-of", dest="report_date", metavar="DATE",
        help="the report date: later periods are left out; freshness is judged on it "
        "(default: today)",
    )  # fmt: skip
    parser.add_argument("--values-sheet", help="the values workbook's sheet (default: the first)")
    parser.add_argument("--points", action="store_true", help="one row per metric and period")
    parser.add_argument(
        "--order", choices=["domain", "concerns"], default="domain",
        help="domain (grouped, as listed) or concerns (special cause concern and failing "
        "assurance first)",
    )  # fmt: skip
    parser.add_argument("--domain", help="only this domain's metrics")
    parser.add_argument("--status", help="only metrics of this status (Red, Amber, ...)")
    parser.add_argument("--variation", help="only metrics with this variation icon")
    parser.add_argument("--assurance", help="only metrics with this assurance icon")
    parser.add_argument("--flag", help="only metrics with this flag (stale, provisional, ...)")
    parser.add_argument(
        "--places", type=int, default=2, help="decimal places for the mean and limits (default: 2)"
    )
    parser.add_argument(
        "--no-charts", action="store_true", help="leave the charts out of --format html"
    )
    parser.add_argument("--title", default=TITLE, help=f"the report's title ({TITLE})")
    return parser


def _load(args: argparse.Namespace, source: Source, name: str) -> tuple[tuple[Metric, ...], IPR]:
    """Both files read in full, their problems together; then the report built."""
    if args.values == "-" and args.file == "-":
        raise UsageError("only one of the metrics and values files can be standard input")
    rules = defaults.rules_file(args)
    problems: list[Problem] = []
    metrics: tuple[Metric, ...] | None = None
    try:
        metrics = load_metrics(source, rules=rules, **defaults.reading(args, name))
    except LoadError as exc:
        problems += exc.problems
    values_name = "<stdin>" if args.values == "-" else args.values
    reading = defaults.reading(args, values_name, file=args.values, sheet=args.values_sheet)
    try:
        if args.values == "-":
            values = load_metric_values(args.stdin, metrics=metrics, **reading)
        else:
            with open(args.values, "rb") as stream:  # noqa: PTH123 - one binary read
                values = load_metric_values(stream, metrics=metrics, **reading)
    except LoadError as exc:
        problems += exc.problems
    if problems or metrics is None:
        raise LoadError(problems)
    as_of = dt.date.today() if args.report_date is None else read_as_of(args.report_date)  # noqa: DTZ011 - the user's today
    return metrics, build(metrics, values, as_of=as_of, settings=ipr_settings(rules))


def _chosen(ipr: IPR, args: argparse.Namespace) -> IPR:
    chosen = ipr.where(
        domain=args.domain,
        status=None if args.status is None else Status.parse(args.status),
        variation=None if args.variation is None else Variation(args.variation),
        assurance=None if args.assurance is None else Assurance(args.assurance),
        flag=None if args.flag is None else FlagKind(args.flag),
    )
    return chosen.concerns_first() if args.order == "concerns" else chosen


def _plain(value: object) -> object:
    return format_decimal(value) if isinstance(value, Decimal) else value


def _json(ipr: IPR, *, points: bool, places: int) -> str:
    records = [{k: _plain(v) for k, v in r.items()} for r in ipr_records(ipr, places=places)]
    if points:
        by_metric: dict[object, list[dict[str, object]]] = {}
        for point in ipr_point_records(ipr, places=places):
            by_metric.setdefault(point["metric"], []).append(
                {k: _plain(v) for k, v in point.items() if k not in {"domain", "metric"}}
            )
        for record in records:
            record["points"] = by_metric.get(record["id"], [])
    document = {"as_of": ipr.as_of.isoformat(), "metrics": records}
    return json_text(document, indent=2) + "\n"


def _board_pack(ipr: IPR, args: argparse.Namespace) -> str:
    if args.no_charts:
        return ipr_html(ipr, title=args.title)
    try:
        from kpirag.plot import board_pack  # noqa: PLC0415 - matplotlib is optional
    except ImportError:
        warnings.warn(
            "no charts, as matplotlib is not installed (pip install 'kpirag[plot]')",
            KpiragWarning,
            stacklevel=2,
        )
        return ipr_html(ipr, title=args.title)
    return board_pack(ipr, title=args.title)


def run(args: argparse.Namespace, source: Source, name: str, out: IO[str]) -> int:
    """Run ``kpirag ipr`` on the metrics ``source`` (named ``name``), writing to ``out``; 0."""
    if args.places < 0:
        raise UsageError("--places must be 0 or more")
    _, built = _load(args, source, name)
    ipr = _chosen(built, args)
    fmt, places = args.output_format, args.places
    if fmt == "json":
        out.write(_json(ipr, points=args.points, places=places))
    elif fmt == "html":
        out.write(_board_pack(ipr, args))
    elif fmt == "xlsx":
        save_workbook(args.output, lambda path: ipr_xlsx(ipr, path, places=places), out)
    else:
        grouped = args.order == "domain"
        table = (
            ipr_points_table(ipr, places=places)
            if args.points
            else ipr_table(ipr, places=places, grouped=grouped, descriptions=fmt == "csv",
                           title=f"{args.title}, as of {ipr.as_of:%d %B %Y}")
        )  # fmt: skip
        out.write(table.render(fmt, width=args.width or None) + ("" if fmt == "csv" else "\n"))
    return 0
