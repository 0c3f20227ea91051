"""The ``kpirag`` command line: evaluate, audit, risk and budget files without writing Python.

Exit codes: 0 success; 1 ``audit`` found recorded statuses that differ from the
rule; 2 bad input or usage; 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
Errors go to standard error. Only this package and ``kpirag.io`` touch files
and standard streams.

Every command reads its input once and writes its output only when the whole
input was valid: output is staged in a temporary file and then renamed into
place (``--output FILE``) or copied (standard output, a device).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from typing import IO

from kpirag._validate import iterable, json_text
from kpirag.cli import _budget as budgets
from kpirag.cli import _defaults as defaults
from kpirag.cli import _ipr, _report, _spc
from kpirag.cli._output import MAX_SHOWN, STDOUT, Output, UsageError, show_load_error
from kpirag.cli._progress import metered
from kpirag.cli._version import version_line
from kpirag.cli._workbook import check_workbook_target, save_workbook
from kpirag.cli._writer import Writer, kpi_record
from kpirag.errors import (
    InvalidValueError,
    KpiragError,
    KpiragWarning,
    LoadError,
    SPCWarning,
    ValueTypeError,
)
from kpirag.io import (
    FORMATS,
    KPIStream,
    Problems,
    Source,
    default_scheme,
    load_budget_with_recorded,
    load_observations,
    load_risks,
    load_rules,
)
from kpirag.kpi import (
    KPI,
    KPILine,
    KPIResult,
    Month,
    Observation,
    Quarter,
    Year,
    evaluate_kpi,
    parse_date,
    parse_period,
)
from kpirag.report import (
    AUDIT_HEADERS,
    Format,
    Report,
    Table,
    audit_row,
    budget_by_division_table,
    budget_status_table,
    budget_table,
    closed_risks_table,
    kpi_row,
    risk_table,
    visible,
)

__all__ = ["main"]

FORMAT_ALIASES = {"markdown": "github", "md": "github"}
"""Other names accepted for an output format."""

OUTPUT_FORMATS = [*(f.value for f in Format), "json", "xlsx"]
"""The formats ``--format`` accepts."""

KPI_COLUMNS = ("ID", "Measure", "Target", "Value", "Status", "Recorded", "Explanation")
"""The columns of ``kpirag evaluate``'s table."""

EXIT_CODES = """\
exit codes: 0 success; 1 audit found differences; 2 bad input or usage;
130 interrupted; 143 terminated.
"""

SEE_ALSO = """\
examples: kpirag help examples; file formats: kpirag help formats.
"""


class _Parser(argparse.ArgumentParser):
    """Reports a usage error as our message (exit 2), never by exiting the process."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, usage=self.format_usage())


def _format_name(text: str) -> str:
    return FORMAT_ALIASES.get(text.strip().casefold(), text.strip().casefold())


def _build_parser() -> argparse.ArgumentParser:
    """The command line's parser (``_parser`` builds it once: parsing leaves it as it was)."""
    parser = _Parser(
        prog="kpirag",
        description="Evaluate KPI, risk and budget files against targets, exactly.",
        epilog=EXIT_CODES + SEE_ALSO,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("file", help="the input file, or - for standard input")
        sub.add_argument(
            "--input-format", choices=FORMATS, help="csv, toml, json or xlsx (default: the suffix)"
        )
        sub.add_argument("--sheet", help="the workbook's sheet (default: the first)")
        sub.add_argument("--encoding", default="utf-8", help="the input's encoding (utf-8)")
        sub.add_argument(
            "--format", dest="output_format", type=_format_name, choices=OUTPUT_FORMATS,
            default="text", help="text, github (markdown), html, latex, csv, json, xlsx",
        )  # fmt: skip
        defaults.add_shared(sub, "--rules", "--output", "--allow-unknown-columns", "--width")
        sub.add_argument("--quiet", "-q", action="store_true", help="no progress or warnings")

    def command(
        name: str, help_text: str, description: str = "", epilog: str = "", *, shared: bool = True
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=description or help_text[0].upper() + help_text[1:] + ".",
            epilog=epilog or EXIT_CODES + SEE_ALSO,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if shared:
            common(sub)
        return sub

    for name, help_text in (
        ("evaluate", "classify every KPI in a file"),
        ("audit", "list KPIs whose recorded status differs from the rule (exit 1 if any)"),
    ):
        sub = command(name, help_text)
        defaults.add_shared(sub, "--tolerance", "--period")
        if name == "evaluate":
            sub.add_argument(
                "--definitions",
                metavar="DEFS",
                help="KPI definitions: FILE then holds tidy observations",
            )
        defaults.add_options(sub)
    defaults.add_shared(command("risk", "rate a risk register"), "--matrix", "--as-of")
    budget = command("budget", "budget monitoring with variances, totals and statuses")
    budgets.add_options(budget)
    _spc.add_parser(command)
    _ipr.add_parser(command)
    _report.add_parser(command)
    rules = command(
        "rules",
        "check a rules file and say what it means",
        "Check a rules file (TOML) and print, in words, what kpirag understood.",
        shared=False,
    )
    rules.add_argument("action", choices=["check"], help="what to do")
    rules.add_argument("file", metavar="FILE", help="the rules file, or - for standard input")
    defaults.add_shared(rules, "--output")
    rules.add_argument("--quiet", "-q", action="store_true", help="no warnings")
    helper = commands.add_parser("help", help="show examples or the file-format reference")
    helper.add_argument("topic", choices=["examples", "formats"], help="what to show")
    return parser


# Cached by a wrapper, not a decorator: mutmut leaves decorated functions unmutated.
_parser = functools.cache(_build_parser)


def _period(text: str | None) -> Quarter | Month | Year | None:
    return None if text is None else parse_period(text)


def _profiled(kpi: KPI) -> bool:
    return kpi.profile is not None or any(part.profile is not None for part in kpi.parts)


def _kpis(
    args: argparse.Namespace,
    source: Source,
    name: str,
    full: Callable[[KPILine], bool] | None = None,
) -> tuple[KPIStream, Problems, Callable[[tuple[KPI, Observation]], KPIResult]]:
    """The file's KPIs as they are read, where their problems go, and how to evaluate a pair.

    Plain CSV rows come from the stream as ``KPILine`` s from prepared rules
    (unless ``full`` asks for the pair); every other KPI comes as a pair, to
    evaluate in full. Once a problem is found nothing more comes, but the
    reading goes on to find the rest; the caller raises them all at the end
    (``problems.raise_any``), and its output is staged, so nothing is written.
    """
    rules = defaults.kpi_rules(defaults.rules_file(args), args)
    scheme = default_scheme(args.tolerance or "10%")
    if rules is not None and rules.kpis is not None:
        scheme = rules.kpis.scheme
    period = _period(args.period)
    problems = Problems(name)
    stream = KPIStream(
        source,
        problems,
        scheme=scheme,
        fmt=args.input_format or defaults.suffix_format(args.file),
        allow_unknown=args.allow_unknown_columns,
        encoding=args.encoding,
        full=full,
        rules=rules,
        sheet=args.sheet,
        period=period,
    )

    def evaluate(pair: tuple[KPI, Observation]) -> KPIResult:
        kpi, observation = pair
        try:
            return evaluate_kpi(kpi, observation, scheme=scheme, period=period)
        except KpiragError as exc:
            if period is None and _profiled(kpi):
                message = (
                    f"KPI {kpi.id!r} has an annual target with a profile: pass --period to say "
                    "which period to judge, e.g. --period 'Q1 2017/18'"
                )
                raise UsageError(message) from exc
            raise

    return stream, problems, evaluate


def _evaluate(args: argparse.Namespace, source: Source, name: str, out: IO[str]) -> int:
    if args.definitions is not None:
        return _evaluate_tidy(args, source, name, out)
    writer = _writer(args, name, out, "KPIs", KPI_COLUMNS, ("Measure", "Explanation"))
    stream, problems, evaluate = _kpis(args, source, name)
    add = writer.add_line
    for item in stream:
        add(item if type(item) is KPILine else KPILine.of(evaluate(item)))  # type: ignore[arg-type]
    problems.raise_any()
    writer.finish()
    return 0


def _evaluate_tidy(args: argparse.Namespace, source: Source, name: str, out: IO[str]) -> int:
    """``kpirag evaluate OBS --definitions DEFS``: every observation row, judged in its period."""
    rules = defaults.kpi_rules(defaults.rules_file(args), args)
    if args.definitions == "-":
        raise UsageError("give the definitions as a file; only FILE may be - (standard input)")
    data = load_observations(
        source,
        args.definitions,
        tolerance=args.tolerance or "10%",
        definitions_fmt=defaults.suffix_format(args.definitions),
        definitions_name=args.definitions,
        rules=rules,
        **defaults.reading(args, name),
    )
    scheme, given = data.framework.scheme, _period(args.period)
    dated = any(period is not None for period, _ in data.rows)
    headers = ("Period", *KPI_COLUMNS) if dated else KPI_COLUMNS
    writer = _writer(args, name, out, "KPIs", headers, ("Measure", "Explanation"))
    for period, observation in data.rows:
        kpi = data.framework.kpi(observation.kpi_id)
        line = KPILine.of(evaluate_kpi(kpi, observation, scheme=scheme, period=period or given))
        if not dated:
            writer.add_line(line)
            continue
        label = "" if period is None else str(period)
        writer.add(
            [label, *kpi_row(line, KPI_COLUMNS)], {"period": label or None, **kpi_record(line)}
        )
    writer.finish()
    return 0


def _disagrees(line: KPILine) -> bool:
    return line.recorded is not None and line.recorded != line.computed


def _audit(args: argparse.Namespace, source: Source, name: str, out: IO[str]) -> int:
    wrap = ("Recorded reason", "The rule's workings")
    writer = _writer(args, name, out, "Audit", AUDIT_HEADERS, wrap)
    stream, problems, evaluate = _kpis(args, source, name, full=_disagrees)
    recorded = False
    for item in stream:
        if isinstance(item, KPILine):
            recorded = recorded or item.recorded is not None
            continue  # agrees with the rule: the stream gives a pair for any that does not
        recorded = recorded or item[1].recorded is not None
        result = evaluate(item)
        entry = result.audit_entry()
        if entry is None:
            continue
        record = {**kpi_record(KPILine.of(result)), "levels": entry.levels}
        writer.add(audit_row(entry), record)
    problems.raise_any()
    if not recorded:
        message = (
            f"nothing to audit: no KPI in {name} has a recorded status "
            "(give the published status in a recorded column)"
        )
        raise UsageError(message)
    writer.finish()
    return 1 if writer.count else 0


def _write_tables(
    args: argparse.Namespace, out: IO[str], title: str, tables: Sequence[Table]
) -> None:
    if args.output_format == "xlsx":
        save_workbook(args.output, Report(title, tables), out)
        return
    out.write(Report(title, tables).render(args.output_format, width=args.width or None) + "\n")


def _writer(  # noqa: PLR0917 - the run, then the table's title and columns
    args: argparse.Namespace,
    name: str,
    out: IO[str],
    title: str,
    headers: Sequence[str],
    wrap: Sequence[str],
) -> Writer:
    """A ``Writer`` of the run's format and width; with ``--format xlsx``, into a workbook."""
    writer = Writer(out, args.output_format, title, headers, wrap, args.width or None)
    if args.output_format == "xlsx":
        writer.sink = lambda table: save_workbook(args.output, Report(name, [table]), out)
    return writer


def _risk(args: argparse.Namespace, source: Source, name: str, out: IO[str]) -> int:
    matrix = defaults.risk_matrix(defaults.rules_file(args), args)
    as_of = None if args.as_of is None else parse_date(args.as_of, field="--as-of")
    register = load_risks(source, matrix=matrix, **defaults.reading(args, name))
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
        out.write(json_text(records, indent=2) + "\n")
        return 0
    tables = [risk_table(register, as_of=as_of)]
    if register.closed():
        tables.append(closed_risks_table(register))
    _write_tables(args, out, name, tables)
    return 0


def _budget(args: argparse.Namespace, source: Source, name: str, out: IO[str]) -> int:
    table, recorded = load_budget_with_recorded(source, **defaults.reading(args, name))
    table.check_totals(per_line=budgets.allowance(table, args.allowance))
    rules = defaults.rules_file(args)
    check = args.check_recorded
    by_level = None if rules is None else rules.budget
    if check and by_level is None:
        raise UsageError("--check-recorded needs --rules with a [budget] rule")
    published = {line: st for line, st in zip(table.lines, recorded, strict=True) if st is not None}
    rated = () if by_level is None else by_level.rate(table)
    if check:  # only the lines whose published status differs from their level's rule
        if not published:
            raise UsageError(
                "--check-recorded needs published statuses: a recorded or status column"
            )
        rated = tuple(
            item for item in rated if published.get(item.line, item.status) != item.status
        )
    if args.output_format in {"json", "csv"}:  # one tidy table: a row per line
        records = budgets.budget_records(table, None if by_level is None else rated, published)
        if args.output_format == "csv":
            out.write(budgets.tidy_csv(records, rated=by_level is not None))
        else:
            out.write(json_text(records, indent=2) + "\n")
        return 1 if check and rated else 0
    if check:
        title = "Budget lines whose published status differs from the rule"
        tables = [budget_status_table(rated, published, title=title)]
    else:
        tables = [budget_table(table)]
        if by_level is not None:
            tables.append(budget_status_table(rated, published))
        if args.by_division:
            tables.append(budget_by_division_table(table))
    _write_tables(args, out, name, tables)
    return 1 if check and rated else 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Source, str, IO[str]], int]] = {
    "evaluate": _evaluate,
    "audit": _audit,
    "risk": _risk,
    "budget": _budget,
    "spc": _spc.run,
    "ipr": _ipr.run,
}


class _Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so staged output is removed."""


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into ``_Terminated`` while a command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(_signum: int, _frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _help(topic: str, out: IO[str]) -> int:
    name = "examples.txt" if topic == "examples" else "file-formats.md"
    out.write(resources.files("kpirag.cli").joinpath(name).read_text(encoding="utf-8"))
    return 0


def main(
    argv: Iterable[str] | None = None,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line; returns the exit code (see the module's documentation).

    Raises:
        ValueTypeError: ``argv`` is not a sequence of text, or a stream has no
            ``read`` (``stdin``) or ``write`` (``stdout``, ``stderr``).
    """
    given = _check_arguments(argv, stdin, stdout, stderr)
    err = stderr or sys.stderr
    out = stdout or sys.stdout
    try:
        return _main(given, stdin, out, err)
    except BrokenPipeError:  # the reader stopped early (``kpirag help examples | head``)
        _abandon(out)
        return 0
    except OSError as exc:  # a command that writes straight to standard output (help, rules)
        _abandon(out)
        err.write(f"kpirag: error: {exc.strerror or exc}: {exc.filename or STDOUT}\n")
        return 2


def _check_arguments(
    argv: object, stdin: object, stdout: object, stderr: object
) -> list[str] | None:
    """``main``'s arguments, refused with our error when they are junk; ``argv`` as a list."""
    given = None if argv is None else list(iterable(argv, "argv"))
    for item in given or ():
        if not isinstance(item, str):
            reason = f"an item is {type(item).__name__}, not text"
            raise ValueTypeError(reason, field="argv", value=argv, expected="a list of text")
        if "\x00" in item:  # no shell can pass one; every file name refuses it
            reason = "an item holds a NUL character, which no command line can"
            raise InvalidValueError(reason, field="argv", value=argv, expected="a list of text")
    for field, stream, method in (
        ("stdin", stdin, "read"),
        ("stdout", stdout, "write"),
        ("stderr", stderr, "write"),
    ):
        if stream is not None and not callable(getattr(stream, method, None)):
            raise ValueTypeError(field=field, value=stream, expected=f"a stream with {method}()")
    return given


def _main(argv: Sequence[str] | None, stdin: IO[bytes] | None, out: IO[str], err: IO[str]) -> int:
    shown = io.StringIO()  # argparse would ignore a failed write of --help to ``out``
    try:
        with contextlib.redirect_stdout(shown):
            args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help
        out.write(shown.getvalue())
        out.flush()
        return int(exc.code or 0)
    except UsageError as exc:
        err.write(f"{exc.usage}kpirag: error: {exc}\n")
        return 2
    if args.version:
        out.write(version_line())
        code = 0
    elif args.command is None:
        err.write("kpirag: error: the following arguments are required: COMMAND\n")
        return 2
    elif args.command == "help":
        code = _help(args.topic, out)
    else:  # a command whose output is staged, then put in place
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", KpiragWarning)
            warnings.simplefilter("always", SPCWarning)
            code = _run(args, stdin or sys.stdin.buffer, out, err)
        if not args.quiet:
            _show_warnings(caught, err)
        return code
    out.flush()  # written straight to ``out``: a full output fails here, not at exit
    return code


def _abandon(out: IO[str]) -> None:
    """Point a standard output that failed at the null device, so the exit's flush cannot fail."""
    if out is not sys.__stdout__ and out is not sys.stdout:
        return
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, out.fileno())
        os.close(null)


def _show_warnings(caught: Sequence[warnings.WarningMessage], err: IO[str]) -> None:
    """The first ``MAX_SHOWN`` warnings, one a line, and a count of the rest."""
    for warning in caught[:MAX_SHOWN]:
        err.write(f"kpirag: warning: {visible(str(warning.message))}\n")
    if len(caught) > MAX_SHOWN:
        err.write(f"kpirag: ... and {len(caught) - MAX_SHOWN:,} more warnings\n")


def _run(args: argparse.Namespace, stdin: IO[bytes], out: IO[str], err: IO[str]) -> int:
    """Run one command with its output staged; the exit code."""
    output: Output | None = None
    report = args.command == "report"
    try:
        with _terminate_as_interrupt():
            output = _output(args, out)
            code = _command(args, stdin, output.stream, err)
            output.commit()
            return code
    except KeyboardInterrupt:
        err.write("kpirag: interrupted; nothing was written\n")
        return 130
    except _Terminated:
        err.write("kpirag: terminated; nothing was written\n")
        return 143
    except BrokenPipeError:
        # The reader stopped early (``kpirag evaluate big.csv | head``): not an error.
        _abandon(out)
        return 0
    except LoadError as exc:
        show_load_error(exc, err, nothing="written" if report else "loaded")
    except OSError as exc:  # ``OutputError`` too: the system's reason and the file, one line
        if exc.filename == STDOUT:
            _abandon(out)
        where = exc.filename or ("" if report else args.file)
        err.write(f"kpirag: error: {exc.strerror or exc}: {visible(str(where))}\n")
    except KpiragError as exc:
        err.write(f"kpirag: error: {visible(str(exc))}\n")
    finally:
        if output is not None:
            output.discard()
    return 2


def _output(args: argparse.Namespace, out: IO[str]) -> Output:
    """The command's staged output, its target checked first."""
    if args.command == "report":
        _report.check_output(args.output, args.files)
        return Output(args.output, out, args.files[0])
    if getattr(args, "output_format", None) == "xlsx":
        check_workbook_target(args.output, out)
        return Output(None, out, args.file)  # ``Report.to_xlsx`` stages a workbook itself
    return Output(args.output, out, args.file)


def _command(args: argparse.Namespace, stdin: IO[bytes], out: IO[str], err: IO[str]) -> int:
    """Run one command, writing to ``out``; the exit code."""
    if args.command == "report":  # many files, read whole
        return _report.run(args, stdin, out, err)
    if args.command == "rules":  # ``kpirag rules check FILE``: the rules in words
        rules = load_rules(stdin, name="<stdin>") if args.file == "-" else load_rules(args.file)
        out.write(rules.describe() + "\n")
        return 0
    args.stdin = stdin  # a second input (``kpirag ipr``'s VALUES) may be standard input
    with metered(args.file, stdin, err, show=not args.quiet) as (source, name):
        return COMMANDS[args.command](args, source, name, out)
