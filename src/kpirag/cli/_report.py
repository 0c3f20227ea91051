"""``kpirag report FILE...``: KPI, risk, budget and SPC series files as one report.

Each file is told apart by its columns (``kpirag.io.file_kind``; see ``DESCRIPTION``):
at most one of each kind, any number of series files. The report holds the
tables of ``quarterly_report`` for what was given, each KPI series' RAG status
beside its SPC reading (``performance_table``) and the other series' SPC
summary (``spc_table``); ``--format html`` is one standalone document with the
charts ``kpirag.plot`` draws when matplotlib is installed. Every file is loaded
whole, and every file's problems gathered, before anything is written.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from kpirag.budget import BudgetTable
from kpirag.cli import _defaults as defaults
from kpirag.cli._output import UsageError
from kpirag.cli._spc import TITLE as SPC  # the title of the series not named after a KPI
from kpirag.cli._spc import drawn
from kpirag.errors import LoadError, Problem, SPCWarning
from kpirag.io import FORMATS as INPUT_FORMATS
from kpirag.io import (
    KPIData,
    file_kind,
    ipr_settings,
    load_budget,
    load_kpis,
    load_metric_values,
    load_metrics,
    load_risks,
    load_series,
)
from kpirag.ipr import IPR, Metric, MetricValue, build, read_as_of
from kpirag.kpi import Evaluation, Series, parse_date, parse_period
from kpirag.report import (
    Chart,
    Format,
    Performance,
    Report,
    Table,
    budget_by_division_table,
    budget_table,
    closed_risks_table,
    ipr_table,
    performance,
    performance_table,
    quarterly_report,
    risk_table,
    spc_table,
)
from kpirag.risk import RiskRegister
from kpirag.spc import SeriesPoint, SPCSettings, XmRChart, chart_points

__all__ = ["add_parser", "check_output", "run"]

RAG_AND_SPC = "RAG and SPC"
"""The title of the table of each KPI series' status beside its SPC reading."""

DEFAULT_TITLE = "Performance report"

FORMATS = ("text", "github", "markdown", "md", "html", "latex", "csv")

DESCRIPTION = """\
Build one report from KPI, risk, budget and SPC series files (any of them, at
most one of each but any number of series files, told apart by their columns:
id for KPIs, code for risks, name with budget or projected for a budget,
series for SPC series; id, domain and improvement for an integrated performance
report's metrics, with metric and period for its values). A series named after
a KPI's id shows its RAG status beside its SPC reading; metrics and their values
add the integrated performance report's summary (as of --as-of, today by
default) and a chart per metric. With --format html it is one HTML document to
open, print or send, with charts when matplotlib is installed.
"""

EPILOG = """\
example: kpirag report kpis.csv risks.csv budget.csv --period 'Q1 2017/18'
         --title 'Q1 2017/18' --format html --output report.html
         kpirag report kpis.csv series.csv --rules rules.toml --format html
exit codes: 0 success; 2 bad input or usage; 130 interrupted.
"""

_NAMES = {
    "kpis": "KPIs",
    "risks": "risks",
    "budget": "a budget",
    "metrics": "an IPR's metrics",
    "values": "an IPR's values",
}

IPR_TITLE = "Integrated performance report"
"""The title of the integrated performance report's summary, when metrics are given."""


def _format_name(text: str) -> str:
    return text.strip().casefold()


def add_parser(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the ``report`` command to the command line's subcommands, through ``command``."""
    sub = command(
        "report",
        "build one report (an HTML document with charts) from KPI, risk and budget files",
        DESCRIPTION,
        EPILOG,
        shared=False,
    )
    sub.add_argument(
        "files", nargs="+", metavar="FILE", help="KPI, risk, budget and series files; - is stdin"
    )
    sub.add_argument(
        "--format", dest="output_format", type=_format_name, choices=FORMATS, default="text",
        help="html (a whole document), text, github (or markdown), latex or csv",
    )  # fmt: skip
    sub.add_argument("--title", default=DEFAULT_TITLE, help=f"the report's title ({DEFAULT_TITLE})")
    defaults.add_shared(sub, *defaults.SHARED)
    sub.add_argument("--encoding", default="utf-8", help="the input files' encoding (utf-8)")
    sub.add_argument(
        "--input-format", choices=INPUT_FORMATS,
        help="read every file as csv, toml, json or xlsx (default: each file's suffix; csv for -)",
    )  # fmt: skip
    sub.add_argument(
        "--sheet", action="append",
        help="the workbooks' sheet (default: the first); repeat it for each workbook in turn",
    )  # fmt: skip
    sub.add_argument("--no-charts", action="store_true", help="leave the charts out of HTML")
    sub.add_argument("--quiet", "-q", action="store_true", help="no notes or warnings")
    defaults.add_options(sub)


def _suffix(file: str, fmt: str | None = None) -> str:
    """The format to read ``file`` in: ``--input-format``, or its suffix (CSV for ``-``)."""
    return fmt or defaults.suffix_format(file) or "csv"


def _sheets(args: argparse.Namespace, files: Sequence[str]) -> list[str | None]:
    """Each file's worksheet: one ``--sheet`` for every workbook, or one per workbook in turn."""
    given: list[str] = args.sheet or []
    books = [_suffix(file, args.input_format) == "xlsx" for file in files]
    if len(given) > 1 and len(given) != sum(books):
        message = (
            f"{len(given)} --sheet options for {sum(books)} workbook(s): give one for every "
            "workbook, or one per workbook in the order of the files"
        )
        raise UsageError(message)
    named = iter(given if len(given) > 1 else given * len(books))
    return [next(named, None) if book else None for book in books]


def _read(file: str, stdin: IO[bytes]) -> bytes:
    if file == "-":
        return stdin.read()
    return Path(file).read_bytes()


def _sorted_files(
    args: argparse.Namespace, data: Sequence[bytes], sheets: Sequence[str | None]
) -> tuple[dict[str, int], list[int]]:
    """The index of each kind's file and of every series file; a ``UsageError`` if unclear."""
    files: list[str] = list(args.files)
    chosen: dict[str, int] = {}
    series: list[int] = []
    for index, (file, content) in enumerate(zip(files, data, strict=True)):
        kind = file_kind(
            io.BytesIO(content),
            fmt=_suffix(file, args.input_format),
            encoding=args.encoding,
            sheet=sheets[index],
            source_name="<stdin>" if file == "-" else file,
        )
        if kind is None:
            message = (
                f"cannot tell what {file} holds: a KPI file has an id column, a risk "
                "register a code column, a budget name and budget or projected columns, "
                "an SPC series file a series column, an IPR's metrics id, domain and "
                "improvement, and its values metric and period"
            )
            raise UsageError(message)
        if kind == "series":
            series.append(index)
            continue
        if kind in chosen:
            first = files[chosen[kind]]
            raise UsageError(
                f"{first} and {file} both hold {_NAMES[kind]}; give one file of each kind"
            )
        chosen[kind] = index
    if ("metrics" in chosen) != ("values" in chosen):
        given, wanted = ("metrics", "values") if "metrics" in chosen else ("values", "metrics")
        raise UsageError(
            f"{files[chosen[given]]} holds {_NAMES[given]}: give a file of {_NAMES[wanted]} too"
        )
    return chosen, series


def check_output(target: str | None, files: Sequence[str]) -> None:
    """Refuse an ``--output`` that is one of the input files."""
    if target is None or target == "-":
        return
    for file in files:
        with contextlib.suppress(OSError):
            if file != "-" and Path(target).samefile(file):
                raise UsageError(f"--output {target} is an input file; write the output elsewhere")


class _Inputs:
    """What the files hold, loaded whole (every file's problems are gathered first)."""

    def __init__(self, args: argparse.Namespace, stdin: IO[bytes]) -> None:
        files: list[str] = list(args.files)
        if files.count("-") > 1:
            raise UsageError("- (standard input) can be given once")
        data = [_read(file, stdin) for file in files]
        sheets = _sheets(args, files)
        chosen, series_files = _sorted_files(args, data, sheets)
        self.rules = defaults.rules_file(args)
        # The options must agree with the rules file whichever files are given.
        self.kpi_rules = defaults.kpi_rules(self.rules, args)
        self.matrix = defaults.risk_matrix(self.rules, args)
        problems: list[Problem] = []
        self.kpis: KPIData | None = None
        self.evaluation: Evaluation | None = None
        self.register: RiskRegister | None = None
        self.budget: BudgetTable | None = None
        self.series: dict[str, tuple[SeriesPoint, ...]] = {}
        self.spc: tuple[list[Performance], dict[str, XmRChart]] = ([], {})
        self.metrics: tuple[Metric, ...] | None = None
        self.values: tuple[MetricValue, ...] = ()
        self.ipr: IPR | None = None
        order = sorted(chosen.items(), key=lambda item: item[0] == "values")  # metrics first
        for kind, index in [*order, *(("series", index) for index in series_files)]:
            file = files[index]
            name = "<stdin>" if file == "-" else file
            options = defaults.reading(args, name, file, sheets[index])
            try:
                self._load(kind, args, io.BytesIO(data[index]), options)
            except LoadError as exc:
                problems.extend(exc.problems)
        if problems:
            raise LoadError(problems)
        self.ipr = self._ipr(args)

    def _ipr(self, args: argparse.Namespace) -> IPR | None:
        """The integrated performance report of the metrics and values given, or ``None``."""
        if self.metrics is None:
            return None
        as_of = dt.date.today() if args.as_of is None else read_as_of(args.as_of)  # noqa: DTZ011
        return build(self.metrics, self.values, as_of=as_of, settings=ipr_settings(self.rules))

    def _load(
        self, kind: str, args: argparse.Namespace, source: io.BytesIO, options: dict[str, Any]
    ) -> None:
        if kind == "kpis":
            self.kpis = load_kpis(
                source, tolerance=args.tolerance or "10%", rules=self.kpi_rules, **options
            )
            period = None if args.period is None else parse_period(args.period)
            self.evaluation = self.kpis.evaluate(period=period)
        elif kind == "risks":
            self.register = load_risks(source, matrix=self.matrix, **options)
        elif kind == "budget":
            self.budget = load_budget(source, **options)
        elif kind == "metrics":
            self.metrics = load_metrics(source, rules=self.rules, **options)
        elif kind == "values":
            self.values = load_metric_values(source, metrics=self.metrics, **options)
        else:
            loaded = load_series(source, **options)
            for name in loaded.series:
                if name in self.series:
                    message = f"series {name!r} is in two files; give each series once"
                    raise UsageError(message)
            self.series.update(loaded.series)

    @property
    def settings(self) -> SPCSettings | None:
        """The SPC settings of the rules file, or ``None`` (the nhsr preset)."""
        return None if self.rules is None else self.rules.spc


def _baseline(points: Sequence[SeriesPoint]) -> int | None:
    for place, point in enumerate(points):
        if point.baseline_end:
            return sum(1 for p in points[: place + 1] if not p.ghost)
    return None


def _performance(inputs: _Inputs) -> tuple[list[Performance], dict[str, XmRChart]]:
    """Each series named after a KPI read both ways, and every other series' chart.

    A KPI series takes its target from the KPI (so the assurance icon and the
    status judge against one number); the file's improvement, recalculations,
    ghosted points and baseline shape its chart as they shape the others.
    """
    kpis = {} if inputs.kpis is None else {kpi.id: kpi for kpi in inputs.kpis.framework.kpis}
    scheme = None if inputs.kpis is None else inputs.kpis.framework.scheme
    rows: list[Performance] = []
    charts: dict[str, XmRChart] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SPCWarning)
        for name, points in inputs.series.items():
            kpi = kpis.get(name)
            if kpi is None:
                charts[name] = chart_points(points, settings=inputs.settings)
                continue
            series = Series.of(kpi, [(point.period, point.value) for point in points])
            directions = [point.improvement for point in points if point.improvement]
            rows.append(
                performance(
                    series,
                    scheme=scheme,
                    improvement=directions[0] if directions else None,
                    recalculate=[p.period for p in points if p.recalculate],  # type: ignore[misc]
                    ghost=[p.period for p in points if p.ghost],  # type: ignore[misc]
                    baseline=_baseline(points),
                    settings=inputs.settings,
                )
            )
    drawn_charts = [(row.series.kpi.id, row.chart) for row in rows if row.chart is not None]
    for name, chart in [*drawn_charts, *charts.items()]:
        for note in chart.warnings:
            warnings.warn(f"series {name!r}: {note}", SPCWarning, stacklevel=2)
    return rows, charts


def _tables(args: argparse.Namespace, inputs: _Inputs) -> list[Table]:
    as_of = None if args.as_of is None else parse_date(args.as_of, field="--as-of")
    register, budget = inputs.register, inputs.budget
    tables: list[Table] = []
    if inputs.evaluation is not None:
        built = quarterly_report(
            args.title, inputs.evaluation, register=register, budget=budget, as_of=as_of
        )
        tables = list(built.tables)
    else:
        if register is not None:
            tables += [risk_table(register, as_of=as_of), closed_risks_table(register)]
        if budget is not None:
            tables += [budget_table(budget), budget_by_division_table(budget)]
    if inputs.ipr is not None:
        described = args.output_format == "csv"  # the icons' meanings beside their names
        tables.append(ipr_table(inputs.ipr, descriptions=described, title=IPR_TITLE))
    rows, charts = inputs.spc
    if rows:
        tables.append(performance_table(rows, title=RAG_AND_SPC))
    if charts:
        tables.append(spc_table(charts, title=SPC))
    return tables


def _charts(args: argparse.Namespace, inputs: _Inputs, err: IO[str]) -> list[Chart]:
    if args.output_format != "html" or args.no_charts:
        return []
    try:
        from kpirag.plot import report_charts  # noqa: PLC0415 - matplotlib is optional
    except ImportError:
        if not args.quiet:
            err.write(
                "kpirag: note: no charts, as matplotlib is not installed "
                "(pip install 'kpirag[plot]')\n"
            )
        return []
    rows, charts = inputs.spc
    return [
        *_ipr_charts(inputs.ipr),
        *report_charts(
            evaluation=inputs.evaluation,
            register=inputs.register,
            budget=inputs.budget,
            rule=None if inputs.rules is None else inputs.rules.budget_rule,
        ),
        *drawn({row.series.kpi.id: row.chart for row in rows if row.chart}, section=RAG_AND_SPC),
        *drawn(charts, section=SPC),
    ]


def _ipr_charts(ipr: IPR | None) -> list[Chart]:
    """Each metric's chart (``kpirag.plot.ipr_charts``), above the IPR's summary."""
    if ipr is None:
        return []
    from kpirag.plot import ipr_charts  # noqa: PLC0415 - matplotlib is optional (checked first)

    drawn_svg = ipr_charts(ipr)
    return [
        Chart(
            f"{report.metric.id}: {report.metric.title}",
            drawn_svg[report.metric.id],
            description=f"{report.metric.id}: {report.narrative}",
            section=IPR_TITLE,
        )
        for report in ipr.metrics
        if report.metric.id in drawn_svg
    ]


def run(args: argparse.Namespace, stdin: IO[bytes], out: IO[str], err: IO[str]) -> int:
    """Write ``kpirag report``'s report to ``out`` (staged by the caller); 0."""
    inputs = _Inputs(args, stdin)
    inputs.spc = _performance(inputs)
    report = Report(args.title, _tables(args, inputs), _charts(args, inputs, err))
    if Format.parse(args.output_format) is Format.HTML:
        out.write(report.to_html(standalone=True))
    else:
        out.write(report.render(args.output_format, width=args.width or None) + "\n")
    return 0
