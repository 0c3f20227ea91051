"""``kpirag report FILE...``: KPI, risk and budget files as one report, in one document.

Each file is told apart by its columns: a KPI file has an ``id`` column, a
risk register a ``code`` column, a budget ``name`` and ``budget`` or
``projected`` columns (a TOML or JSON file by its ``kpis``, ``risks`` or
``lines`` list). At most one file of each kind. The report holds, for what
was given: the status summary, exceptions, KPIs and audit; the risk register
and closed risks; the budget both ways round (the tables of
``quarterly_report``).

With ``--format html`` the output is one self-contained HTML document
(``Report.to_html(standalone=True)``) with the status summary chart, the risk
matrix and the budget variance chart drawn by ``kpirag.plot`` when matplotlib
is installed (``--no-charts`` leaves them out); other formats give the tables.

Every file is read once and loaded whole before anything is written; output is
staged and put in place only when the run succeeds (``kpirag.cli._output``).
Exit codes as for the other commands: 0 success, 2 bad input or usage, 130
interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from kpirag.budget._budget import BudgetTable
from kpirag.cli import _defaults as defaults
from kpirag.cli._output import Output, UsageError, show_load_error
from kpirag.errors import KpiragError, KpiragWarning, LoadError, Problem
from kpirag.io._loaders import load_budget, load_kpis, load_risks
from kpirag.kpi._evaluation import Evaluation
from kpirag.kpi._periods import parse_date, parse_period
from kpirag.report._html import Chart
from kpirag.report._render import Format, Report, Table
from kpirag.report._tables import (
    budget_by_division_table,
    budget_table,
    closed_risks_table,
    quarterly_report,
    risk_table,
)
from kpirag.risk._risk import RiskMatrix, RiskRegister

__all__ = ["KINDS", "add_parser", "file_kind", "run"]

KINDS = ("kpis", "risks", "budget")
"""The kinds of file a report reads, at most one of each."""

"""The most problems printed; the rest are counted."""

DEFAULT_TITLE = "Performance report"

FORMATS = ("text", "github", "markdown", "md", "html", "latex", "csv")

DESCRIPTION = """\
Build one report from KPI, risk and budget files (any of them, at most one of
each, told apart by their columns: id for KPIs, code for risks, name with
budget or projected for a budget). With --format html it is one HTML document
to open, print or send, with charts when matplotlib is installed.
"""

EPILOG = """\
example: kpirag report kpis.csv risks.csv budget.csv --period 'Q1 2017/18'
         --title 'Q1 2017/18' --format html --output report.html
exit codes: 0 success; 2 bad input or usage; 130 interrupted.
"""

_NAMES = {"kpis": "KPIs", "risks": "risks", "budget": "a budget"}
_SNIFF_BYTES = 1 << 16
_DOCUMENT_LISTS = {"kpis": "kpis", "risks": "risks", "lines": "budget"}
_TOML_LIST = re.compile(r"^\s*\[\[\s*(kpis|risks|lines)\s*\]\]", re.MULTILINE)
_JSON_LIST = re.compile(r'"(kpis|risks|lines)"\s*:')


def _format_name(text: str) -> str:
    return text.strip().casefold()


def add_parser(subparsers: Any) -> None:  # noqa: ANN401 (argparse's private type)
    """Add the ``report`` command to the command line's subcommands."""
    sub = subparsers.add_parser(
        "report",
        help="build one report (an HTML document with charts) from KPI, risk and budget files",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument(
        "files", nargs="+", metavar="FILE", help="KPI, risk and budget files; - is stdin"
    )
    sub.add_argument(
        "--format", dest="output_format", type=_format_name, choices=FORMATS, default="text",
        help="html (a whole document), text, github (or markdown), latex or csv",
    )  # fmt: skip
    sub.add_argument("--output", help="write here (only if the run succeeds); - is stdout")
    sub.add_argument("--title", default=DEFAULT_TITLE, help=f"the report's title ({DEFAULT_TITLE})")
    sub.add_argument("--period", help="the period judged, for profiles: 'Q1 2017/18'")
    sub.add_argument("--tolerance", default="10%", help="default tolerance: 10%%, 5pt, none")
    sub.add_argument("--matrix", choices=["city", "nhs"], default="city", help="the risk matrix")
    sub.add_argument("--as-of", help="judge risk target dates against this date (day first)")
    sub.add_argument("--encoding", default="utf-8", help="the input files' encoding (utf-8)")
    sub.add_argument("--allow-unknown-columns", action="store_true", help="ignore unknown columns")
    sub.add_argument("--width", type=int, default=60, help="wrap text output (0: never)")
    sub.add_argument("--no-charts", action="store_true", help="leave the charts out of HTML")
    sub.add_argument("--quiet", "-q", action="store_true", help="no notes or warnings")
    defaults.add_options(sub)


def _suffix(file: str) -> str:
    suffix = Path(file).suffix.lstrip(".").casefold()
    return "csv" if file == "-" or not suffix else suffix


def file_kind(data: bytes, fmt: str, encoding: str = "utf-8") -> str | None:
    r"""``"kpis"``, ``"risks"`` or ``"budget"`` from a file's columns (or lists); ``None``.

    ```pycon
    >>> file_kind(b"id,title,target,value\n1.5,x,75%,69%\n", "csv")
    'kpis'
    >>> file_kind(b'{"lines": [{"name": "People", "budget": 1, "projected": 2}]}', "json")
    'budget'
    >>> file_kind(b"when,what\n", "csv") is None
    True

    ```
    """
    try:
        text = data[:_SNIFF_BYTES].decode(encoding, errors="replace").removeprefix("\ufeff")
    except LookupError:
        return None  # the loader names the unknown encoding
    if fmt in {"toml", "json"}:
        found = {
            _DOCUMENT_LISTS[name]
            for name in (_TOML_LIST if fmt == "toml" else _JSON_LIST).findall(text)
        }
        return found.pop() if len(found) == 1 else None
    first = next(iter(text.splitlines()), "")
    columns = {column.strip().strip('"').strip().casefold() for column in first.split(",")}
    kinds = []
    if "id" in columns:
        kinds.append("kpis")
    if "code" in columns:
        kinds.append("risks")
    if "name" in columns and columns & {"budget", "projected"}:
        kinds.append("budget")
    return kinds[0] if len(kinds) == 1 else None


def _read(file: str, stdin: IO[bytes]) -> bytes:
    if file == "-":
        return stdin.read()
    return Path(file).read_bytes()


def _sorted_files(files: Sequence[str], data: Sequence[bytes], encoding: str) -> dict[str, int]:
    """The index of each kind's file, or a ``UsageError`` saying which file is unclear."""
    chosen: dict[str, int] = {}
    for index, (file, content) in enumerate(zip(files, data, strict=True)):
        kind = file_kind(content, _suffix(file), encoding)
        if kind is None:
            message = (
                f"cannot tell what {file} holds: a KPI file has an id column, a risk "
                "register a code column, a budget name and budget or projected columns"
            )
            raise UsageError(message)
        if kind in chosen:
            first = files[chosen[kind]]
            raise UsageError(
                f"{first} and {file} both hold {_NAMES[kind]}; give one file of each kind"
            )
        chosen[kind] = index
    return chosen


def _check_output(target: str | None, files: Sequence[str]) -> None:
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
        chosen = _sorted_files(files, data, args.encoding)
        problems: list[Problem] = []
        self.evaluation: Evaluation | None = None
        self.register: RiskRegister | None = None
        self.budget: BudgetTable | None = None
        for kind, index in chosen.items():
            file = files[index]
            options = {
                "fmt": _suffix(file),
                "allow_unknown": args.allow_unknown_columns,
                "source_name": "<stdin>" if file == "-" else file,
                "encoding": args.encoding,
            }
            source = io.BytesIO(data[index])
            try:
                if kind == "kpis":
                    rules = defaults.with_defaults(None, args)
                    loaded = load_kpis(source, tolerance=args.tolerance, rules=rules, **options)
                    period = None if args.period is None else parse_period(args.period)
                    self.evaluation = loaded.evaluate(period=period)
                elif kind == "risks":
                    matrix = (
                        RiskMatrix.city_of_london()
                        if args.matrix == "city"
                        else RiskMatrix.nhs_5x5()
                    )
                    self.register = load_risks(source, matrix=matrix, **options)
                else:
                    self.budget = load_budget(source, **options)
            except LoadError as exc:
                problems.extend(exc.problems)
        if problems:
            raise LoadError(problems)


def _tables(args: argparse.Namespace, inputs: _Inputs) -> list[Table]:
    as_of = None if args.as_of is None else parse_date(args.as_of, field="--as-of")
    if inputs.evaluation is not None:
        built = quarterly_report(
            args.title,
            inputs.evaluation,
            register=inputs.register,
            budget=inputs.budget,
            as_of=as_of,
        )
        return list(built.tables)
    tables = []
    if inputs.register is not None:
        tables.append(risk_table(inputs.register, as_of=as_of))
        tables.append(closed_risks_table(inputs.register))
    if inputs.budget is not None:
        tables.append(budget_table(inputs.budget))
        tables.append(budget_by_division_table(inputs.budget))
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
    return report_charts(
        evaluation=inputs.evaluation, register=inputs.register, budget=inputs.budget
    )


def _write(args: argparse.Namespace, stdin: IO[bytes], out: IO[str], err: IO[str]) -> None:
    inputs = _Inputs(args, stdin)
    report = Report(args.title, _tables(args, inputs), _charts(args, inputs, err))
    output = Output(args.output, out, args.files[0])
    try:
        if Format.parse(args.output_format) is Format.HTML:
            output.stream.write(report.to_html(standalone=True))
        else:
            output.stream.write(report.render(args.output_format, width=args.width or None) + "\n")
        output.commit()
    finally:
        output.discard()


def run(args: argparse.Namespace, stdin: IO[bytes], stdout: IO[str], stderr: IO[str]) -> int:
    """Run ``kpirag report`` with parsed ``args``; the exit code (see the module)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", KpiragWarning)
        code = _run(args, stdin, stdout, stderr)
    if not args.quiet:
        for warning in caught:
            stderr.write(f"kpirag: warning: {warning.message}\n")
    return code


def _run(args: argparse.Namespace, stdin: IO[bytes], out: IO[str], err: IO[str]) -> int:
    try:
        _check_output(args.output, args.files)
        _write(args, stdin, out, err)
    except KeyboardInterrupt:
        err.write("kpirag: interrupted; nothing was written\n")
        return 130
    except LoadError as exc:
        show_load_error(exc, err, nothing="written")
    except KpiragError as exc:
        err.write(f"kpirag: error: {exc}\n")
    except OSError as exc:
        err.write(f"kpirag: error: {exc.strerror or exc}: {exc.filename or ''}\n")
    else:
        return 0
    return 2
