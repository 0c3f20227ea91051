"""The ``kpirag`` command line: evaluate, audit, risk and budget files without writing Python.

Exit codes: 0 success; 1 ``audit`` found recorded statuses that differ from the
rule; 2 bad input or usage. Errors go to standard error. Only this module and
``kpirag.io._loaders`` touch files and standard streams.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from kpirag.errors import KpiragError
from kpirag.io._loaders import (
    FORMATS,
    LoadError,
    Problems,
    Source,
    default_scheme,
    iter_kpis,
    load_budget,
    load_risks,
)
from kpirag.kpi._evaluation import KPIResult, evaluate_kpi
from kpirag.kpi._periods import Month, Quarter, Year, parse_date, parse_period
from kpirag.report._render import Cell, Format, Report, Table, defuse_formula
from kpirag.report._tables import (
    budget_by_division_table,
    budget_table,
    closed_risks_table,
    risk_table,
)
from kpirag.risk._risk import RiskMatrix

__all__ = ["main"]

OUTPUT_FORMATS = [*(f.value for f in Format), "json"]
PROGRESS_EVERY = 10_000

EPILOG = """\
examples:
  kpirag evaluate kpis.csv
  kpirag evaluate kpis.csv --tolerance 5pt --format html --output kpis.html
  kpirag evaluate - --format json < kpis.csv
  kpirag evaluate plan.toml --period "Q1 2017/18"
  kpirag audit kpis.csv            # exit 1 when a reported status departs from the rule
  kpirag risk register.csv --as-of 30/06/17 --matrix nhs
  kpirag budget budget.csv --by-division

File formats (CSV, TOML, JSON) and every column are described in docs/file-formats.md.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kpirag",
        description="Evaluate KPI, risk and budget files against targets, exactly.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sub: argparse.ArgumentParser, formats: Sequence[str]) -> None:
        sub.add_argument("file", help="the input file, or - for standard input")
        sub.add_argument(
            "--input-format", choices=FORMATS, help="csv, toml or json (default: from the suffix)"
        )
        sub.add_argument(
            "--format", dest="output_format", choices=formats, default="text",
            help="output format (default: text)",
        )  # fmt: skip
        sub.add_argument("--output", type=Path, help="write here instead of standard output")
        sub.add_argument(
            "--allow-unknown-columns",
            action="store_true",
            help="ignore columns kpirag does not know",
        )
        sub.add_argument(
            "--width", type=int, default=60, help="wrap long text in text output (0: never)"
        )

    for name, help_text in (
        ("evaluate", "classify every KPI in a file"),
        ("audit", "list KPIs whose reported status differs from the rule (exit 1 if any)"),
    ):
        sub = commands.add_parser(name, help=help_text, epilog=EPILOG,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
        common(sub, OUTPUT_FORMATS)
        sub.add_argument(
            "--tolerance", default="10%", help="default tolerance: 10%% (relative), 5pt or none"
        )
        sub.add_argument("--period", help="the period judged, for profiled targets: 'Q1 2017/18'")
    risk = commands.add_parser("risk", help="rate a risk register", epilog=EPILOG,
                               formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    common(risk, OUTPUT_FORMATS)
    risk.add_argument("--matrix", choices=["city", "nhs"], default="city", help="the risk matrix")
    risk.add_argument("--as-of", help="judge target dates against this date (day first)")
    budget = commands.add_parser(
        "budget",
        help="budget monitoring with variances and totals",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common(budget, OUTPUT_FORMATS)
    budget.add_argument("--by-division", action="store_true", help="also show divisions as columns")
    return parser


@contextlib.contextmanager
def _input(name: str, stdin: IO[bytes]) -> Iterator[tuple[Source, str]]:
    """The input as a re-readable path and its display name; stdin is spooled to a file."""
    if name != "-":
        yield name, name
        return
    with tempfile.TemporaryDirectory(prefix="kpirag-") as folder:
        spool = Path(folder) / "stdin"
        with spool.open("wb") as copy:
            shutil.copyfileobj(stdin, copy)
        yield spool, "<stdin>"


def _period(text: str | None) -> Quarter | Month | Year | None:
    return None if text is None else parse_period(text)


def _kpi_record(result: KPIResult) -> dict[str, object]:
    """The stable JSON shape of one evaluated KPI (documented in docs/cli.md)."""
    obs = result.observation
    return {
        "id": result.kpi.id,
        "measure": result.kpi.title,
        "target": None if result.target is None else str(result.target),
        "value": result.display,
        "status": str(result.status),
        "computed": str(result.computed),
        "reported": None if result.recorded is None else str(result.recorded),
        "reason": None if result.not_rated is None else str(result.not_rated),
        "explanation": result.explanation,
        "override": None if obs is None else obs.override,
    }


_KPI_HEADERS = ["ID", "Measure", "Target", "Value", "Status", "Reported", "Explanation"]


def _kpi_row(result: KPIResult) -> list[Cell | str]:
    return [
        result.kpi.id,
        result.kpi.title,
        "" if result.target is None else str(result.target),
        result.display,
        Cell(str(result.status), status=result.status),
        Cell("", None)
        if result.recorded is None
        else Cell(str(result.recorded), status=result.recorded),
        result.explanation,
    ]


class _Writer:
    """Streams CSV and JSON rows as they come; collects rows for tabulate's formats."""

    def __init__(
        self, out: IO[str], fmt: str, title: str, headers: list[str], wrap: list[str]
    ) -> None:
        self.out, self.fmt, self.title, self.headers, self.wrap = out, fmt, title, headers, wrap
        self.rows: list[list[Cell | str]] = []
        self.count = 0
        self.csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        if self.csv is not None:
            self.csv.writerow(headers)
        elif fmt == "json":
            out.write("[")

    def add(self, row: list[Cell | str], record: dict[str, object]) -> None:
        if self.csv is not None:
            self.csv.writerow([defuse_formula(c.text if isinstance(c, Cell) else c) for c in row])
        elif self.fmt == "json":
            self.out.write(
                ("," if self.count else "") + "\n  " + json.dumps(record, ensure_ascii=False)
            )
        else:
            self.rows.append(row)
        self.count += 1

    def finish(self, width: int | None) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")
        elif self.csv is None:
            table = Table(self.title, self.headers, self.rows, wrap=self.wrap)
            self.out.write(table.render(self.fmt, width=width) + "\n")


def _kpi_results(
    args: argparse.Namespace, source: Source, name: str, err: IO[str]
) -> Iterator[KPIResult]:
    """Validate the whole file first (nothing is evaluated from a bad file), then stream results."""
    scheme = default_scheme(args.tolerance)
    period = _period(args.period)
    problems = Problems(name)
    options = {"fmt": args.input_format, "allow_unknown": args.allow_unknown_columns}
    for _ in iter_kpis(source, problems, **options):
        pass
    problems.raise_any()
    progress = err.isatty()
    for count, (kpi, observation) in enumerate(iter_kpis(source, problems, **options), start=1):
        yield evaluate_kpi(kpi, observation, scheme=scheme, period=period)
        if progress and count % PROGRESS_EVERY == 0:
            err.write(f"\r{count:,} KPIs evaluated")
            err.flush()
    if progress:
        err.write("\r")


def _evaluate(
    args: argparse.Namespace, source: Source, name: str, out: IO[str], err: IO[str]
) -> int:
    writer = _Writer(out, args.output_format, "KPIs", _KPI_HEADERS, ["Measure", "Explanation"])
    for result in _kpi_results(args, source, name, err):
        writer.add(_kpi_row(result), _kpi_record(result))
    writer.finish(args.width or None)
    return 0


def _audit(args: argparse.Namespace, source: Source, name: str, out: IO[str], err: IO[str]) -> int:
    headers = ["ID", "Reported", "Computed", "Gap", "Override", "Explanation"]
    writer = _Writer(out, args.output_format, "Audit", headers, ["Override", "Explanation"])
    for result in _kpi_results(args, source, name, err):
        if result.recorded is None or not result.disagrees:
            continue
        rated = result.recorded.rated and result.computed.rated
        levels = result.recorded.severity - result.computed.severity if rated else None
        override = result.observation.override if result.observation else None
        row: list[Cell | str] = [
            result.kpi.id,
            Cell(str(result.recorded), status=result.recorded),
            Cell(str(result.computed), status=result.computed),
            Cell("" if levels is None else f"{levels:+d}", levels, numeric=True),
            override or "",
            result.explanation,
        ]
        record = {**_kpi_record(result), "levels": levels}
        writer.add(row, record)
    writer.finish(args.width or None)
    return 1 if writer.count else 0


def _write_tables(
    out: IO[str], fmt: str, title: str, tables: Sequence[Table], width: int | None
) -> None:
    out.write(Report(title, tables).render(fmt, width=width) + "\n")


def _risk(args: argparse.Namespace, source: Source, name: str, out: IO[str], err: IO[str]) -> int:
    del err
    matrix = RiskMatrix.city_of_london() if args.matrix == "city" else RiskMatrix.nhs_5x5()
    register = load_risks(
        source,
        matrix=matrix,
        fmt=args.input_format,
        allow_unknown=args.allow_unknown_columns,
        source_name=name,
    )
    as_of = None if args.as_of is None else parse_date(args.as_of, field="--as-of")
    if args.output_format == "json":
        records = [
            {
                "code": r.risk.code,
                "title": r.risk.title,
                "state": r.risk.state.value,
                "score": r.score,
                "rating": str(r.rating),
                "target_score": r.risk.target_score,
                "target_date": None
                if r.risk.target_date is None
                else r.risk.target_date.isoformat(),
                "trend": None if r.trend is None else str(r.trend),
                "overdue": r.overdue,
            }
            for r in (*register.assess(as_of=as_of), *register.closed())
        ]
        out.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
        return 0
    tables = [risk_table(register, as_of=as_of)]
    if register.closed():
        tables.append(closed_risks_table(register))
    _write_tables(out, args.output_format, name, tables, args.width or None)
    return 0


def _budget(args: argparse.Namespace, source: Source, name: str, out: IO[str], err: IO[str]) -> int:
    del err
    table = load_budget(
        source, fmt=args.input_format, allow_unknown=args.allow_unknown_columns, source_name=name
    )
    if args.output_format == "json":
        lines = [*table.lines, *(table.total(c) for c in table.categories)]
        records = [
            {
                "name": line.name,
                "category": line.category,
                "budget": str(line.budget),
                "projected": str(line.projected),
                "variance": str(line.variance),
                "variance_pct": None if line.variance_pct is None else str(line.variance_pct),
                "label": line.label,
                "wording": line.wording,
                "unit": line.unit,
            }
            for line in lines
        ]
        out.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
        return 0
    tables = [budget_table(table)]
    if args.by_division:
        tables.append(budget_by_division_table(table))
    _write_tables(out, args.output_format, name, tables, args.width or None)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Source, str, IO[str], IO[str]], int]] = {
    "evaluate": _evaluate,
    "audit": _audit,
    "risk": _risk,
    "budget": _budget,
}


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line; returns the exit code (0, 1 for audit differences, 2 for errors)."""
    err = stderr or sys.stderr
    try:
        with contextlib.redirect_stderr(err):
            args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        with _input(args.file, stdin or sys.stdin.buffer) as (source, name):
            if args.output is None:
                return COMMANDS[args.command](args, source, name, stdout or sys.stdout, err)
            buffer = _Deferred(args.output)
            code = COMMANDS[args.command](args, source, name, buffer, err)  # type: ignore[arg-type]
            buffer.commit()
            return code
    except BrokenPipeError:
        # The reader stopped early (``kpirag evaluate big.csv | head``): not an error.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: PTH123, SIM115 - silence the final flush
        return 0
    except LoadError as exc:
        err.write(f"kpirag: {exc}\n")
    except KpiragError as exc:
        err.write(f"kpirag: error: {exc}\n")
    except OSError as exc:
        err.write(f"kpirag: error: {exc.strerror or exc}: {exc.filename or args.file}\n")
    return 2


class _Deferred:
    """Writes beside ``path`` and renames on success: a failed run leaves no half file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in commit()
            "w", encoding="utf-8", newline="", dir=path.parent, delete=False, suffix=".tmp"
        )

    def write(self, text: str) -> int:
        return self._file.write(text)

    def isatty(self) -> bool:
        return False

    def commit(self) -> None:
        self._file.close()
        Path(self._file.name).replace(self.path)

    def __del__(self) -> None:
        if not self._file.closed:
            self._file.close()
            Path(self._file.name).unlink(missing_ok=True)
