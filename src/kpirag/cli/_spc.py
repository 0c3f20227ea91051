"""``kpirag spc FILE``: an XmR chart of every series in a long-format file.

The file has one row per point: ``series``, ``period`` and ``value``, and
optionally ``target``, ``improvement``, ``recalculate``, ``ghost`` and
``baseline_end`` (``kpirag.io.SERIES_COLUMNS``). It is read by
``kpirag.io.load_series`` (CSV, JSON, TOML or a workbook, with the options of
every other command) and checked by ``kpirag.spc``: reading is all or
nothing, every bad cell is reported with its line and column (``Sheet!C7``
in a workbook), and nothing is charted from a file with problems (exit code
2). Warnings (trial limits, run charts) go to standard error unless
``--quiet``; the charts are still written (exit code 0). ``--format html``
is one standalone page with a chart of each series (drawn by ``kpirag.plot``
when matplotlib is installed) and ``--format xlsx`` a workbook.
"""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import IO

from kpirag._validate import json_text
from kpirag.cli import _defaults as defaults
from kpirag.cli._output import UsageError
from kpirag.cli._workbook import save_workbook
from kpirag.errors import InvalidSPCSettingsError, KpiragWarning
from kpirag.io import Source, load_series
from kpirag.report import (
    Chart,
    Report,
    Table,
    spc_point_records,
    spc_points_table,
    spc_records,
    spc_table,
)
from kpirag.rules import format_decimal
from kpirag.spc import SPCSettings, XmRChart

__all__ = ["PRESETS", "TITLE", "add_parser", "drawn", "run", "settings_for"]

PRESETS = ("nhsr", "mdc-2023", "powerbi")
TITLE = "Statistical process control"

EPILOG = """\
examples:
  kpirag spc examples/data/spc_example.csv
  kpirag spc data.csv --points --preset mdc-2023
  kpirag spc - --format json < data.csv
  kpirag spc tracker.xlsx --sheet SPC --format html --output spc.html

Columns: series, period, value (required); target, improvement, recalculate,
ghost, baseline_end (optional). See docs/spc.md.
"""


def add_parser(command: Callable[..., argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add the ``spc`` command, with every command's options, through ``command``."""
    parser = command(
        "spc",
        "XmR charts (NHS Making Data Count) of each series in a file",
        "Draw an XmR chart of each series in a long-format file (CSV, JSON, TOML or a workbook) "
        "and read it the NHS 'Making Data Count' way: process limits, special causes, variation "
        "and assurance icons. --format html draws the charts.",
        EPILOG,
    )
    parser.add_argument("--points", action="store_true", help="show every point, not a summary")
    parser.add_argument("--preset", choices=PRESETS, help="the SPC method (default: nhsr)")
    parser.add_argument(
        "--places", type=int, default=2, help="decimal places for the mean and limits (default: 2)"
    )
    parser.add_argument(
        "--no-charts", action="store_true", help="leave the charts out of --format html"
    )
    return parser


def settings_for(args: argparse.Namespace) -> SPCSettings:
    """The SPC settings the arguments choose: a rules file's ``[spc]`` section, or ``--preset``.

    The rules file's settings (its preset with its knobs) win; giving
    ``--preset`` as well is a usage error.
    """
    rules = defaults.rules_file(args)
    if rules is not None and rules.spc is not None:
        if args.preset is not None:
            raise InvalidSPCSettingsError(
                "--preset", args.preset, "no --preset: the rules file gives the SPC settings"
            )
        return rules.spc
    return SPCSettings.preset(args.preset or "nhsr")


def _json(charts: Mapping[str, XmRChart], *, points: bool, places: int) -> str:
    def text(value: object) -> object:
        return format_decimal(value) if isinstance(value, Decimal) else value

    keys = ("series", "n", "mean", "upper", "lower", "variation", "assurance")
    result: list[dict[str, object]] = []
    by_series: dict[str, list[dict[str, object]]] = {}
    if points:
        for record in spc_point_records(charts, places=places):
            by_series.setdefault(str(record["series"]), []).append(
                {key: text(record[key]) for key in ("period", "value", "point_type", "rule")}
            )
    for record in spc_records(charts, places=places):
        item = {key: text(record[key]) for key in keys}
        if points:
            item["points"] = by_series.get(str(record["series"]), [])
        result.append(item)
    return json_text(result, indent=2) + "\n"


def drawn(charts: Mapping[str, XmRChart], *, section: str | None = None) -> list[Chart]:
    """A report's chart of each XmR chart (``kpirag.plot.report_charts``).

    Without matplotlib there are none, and a warning says why.
    """
    try:
        from kpirag.plot import report_charts  # noqa: PLC0415 - matplotlib is optional
    except ImportError:
        warnings.warn(
            "no charts, as matplotlib is not installed (pip install 'kpirag[plot]')",
            KpiragWarning,
            stacklevel=2,
        )
        return []
    return report_charts(spc=charts, spc_section=section)


def run(args: argparse.Namespace, source: Source, name: str, out: IO[str]) -> int:
    """Run ``kpirag spc`` on the input ``source`` (named ``name``), writing to ``out``; 0."""
    if args.places < 0:
        raise UsageError("--places must be 0 or more")
    settings = settings_for(args)
    data = load_series(source, **defaults.reading(args, name))
    charts = data.charts(settings=settings)
    fmt, places = args.output_format, args.places
    if fmt == "json":
        out.write(_json(charts, points=args.points, places=places))
        return 0
    title = name if fmt not in {"html", "xlsx"} else ("Points" if args.points else "Series")
    table: Table = (
        spc_points_table(charts, places=places, title=title)
        if args.points
        else spc_table(charts, places=places, title=title)
    )
    heading = f"{TITLE}: {Path(name).name if args.file != '-' else name}"
    if fmt == "xlsx":
        save_workbook(args.output, Report(heading, [table]), out)
    elif fmt == "html":
        pictures = [] if args.no_charts else drawn(charts)
        out.write(Report(heading, [table], pictures).to_html(standalone=True))
    else:
        out.write(table.render(fmt, width=args.width or None) + ("" if fmt == "csv" else "\n"))
    return 0
