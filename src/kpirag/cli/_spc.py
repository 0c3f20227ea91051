"""``kpirag spc FILE``: an XmR chart of every series in a long-format CSV file.

The file has one row per point: ``series``, ``period`` and ``value``, and
optionally ``target``, ``improvement``, ``recalculate``, ``ghost`` and
``baseline_end`` (see ``SPC_COLUMNS``). Reading is all or nothing: every bad
cell is reported with its line and column, and nothing is charted from a file
with problems (exit code 2). Warnings (trial limits, run charts) go to
standard error; the charts are still printed (exit code 0).

``add_parser`` adds the command to the ``kpirag`` parser and ``run`` runs it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import warnings
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import attrs

from kpirag.errors import KpiragError, LoadError
from kpirag.io import Problems, Row
from kpirag.kpi import SeriesPeriod, read_period
from kpirag.report import Table, spc_point_records, spc_points_table, spc_records, spc_table
from kpirag.rules import format_decimal, to_decimal
from kpirag.spc import Improvement, SPCSettings, XmRChart, xmr

__all__ = ["FORMATS", "PRESETS", "SPC_COLUMNS", "add_parser", "run"]

SPC_COLUMNS: Mapping[str, str] = {
    "series": "the series' name: rows with the same name are one chart (required)",
    "period": "a date (30/04/24, 2024-04-30) or a period label (Apr 2024, 2024-04, "
    "Q1 2024/25, 2024/25) (required)",
    "value": "the measure for the period: 71.2, 69%, 2,000 (required)",
    "target": "the target the assurance icon compares with; the latest given counts",
    "improvement": "increase, decrease or neutral: which way is better (default increase)",
    "recalculate": "1 where a new limit group starts",
    "ghost": "1 for a point shown but left out of the limits and the rules",
    "baseline_end": "1 on the last point of a fixed baseline (in the first limit group)",
}
"""Every column of an SPC file and what it holds (``series``, ``period``, ``value`` required)."""

REQUIRED = ("series", "period", "value")
PRESETS = ("nhsr", "mdc-2023", "powerbi")
FORMATS = ("text", "github", "html", "latex", "csv", "json")
_FLAGS = {"": False, "0": False, "1": True, "false": False, "true": True, "no": False, "yes": True}

EPILOG = """\
examples:
  kpirag spc examples/data/spc_example.csv
  kpirag spc data.csv --points --preset mdc-2023
  kpirag spc - --format json < data.csv

Columns: series, period, value (required); target, improvement, recalculate,
ghost, baseline_end (optional). See docs/spc.md.
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:  # noqa: ANN401 (argparse's private type)
    """Add the ``spc`` command to ``subparsers`` (from ``ArgumentParser.add_subparsers``)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "spc",
        help="XmR charts (NHS Making Data Count) of each series in a CSV file",
        description="Draw an XmR chart of each series in a long-format CSV file and read it "
        "the NHS 'Making Data Count' way: process limits, special causes, variation and "
        "assurance icons.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", help="the CSV file, or - for standard input")
    parser.add_argument("--points", action="store_true", help="show every point, not a summary")
    parser.add_argument(
        "--preset", choices=PRESETS, default="nhsr", help="the SPC method (default: nhsr)"
    )
    parser.add_argument(
        "--format", dest="output_format", choices=FORMATS, default="text",
        help="output format (default: text)",
    )  # fmt: skip
    parser.add_argument(
        "--places", type=int, default=2, help="decimal places for the mean and limits (default: 2)"
    )
    parser.add_argument(
        "--width", type=int, default=60, help="wrap long text in text output (0: never)"
    )
    parser.add_argument(
        "--allow-unknown-columns", action="store_true", help="ignore columns kpirag does not know"
    )
    return parser


def settings_for(args: argparse.Namespace) -> SPCSettings:
    """The SPC settings the arguments choose: ``--preset`` now; a rules file (``--rules``) later.

    The rules-file work plugs in here: read the file named by ``args.rules``
    and ``attrs.evolve`` the preset with its settings.
    """
    return SPCSettings.preset(args.preset)


@attrs.frozen
class _Point:
    row: Row
    period: SeriesPeriod
    label: str
    value: Decimal
    target: Decimal | None
    improvement: Improvement | None
    recalculate: bool
    ghost: bool
    baseline_end: bool


def _header(cells: Sequence[str], line: int, problems: Problems, *, allow_unknown: bool) -> Row:
    header = tuple(cell.strip().lstrip("\ufeff").casefold() for cell in cells)
    row = Row(line, None, {}, header)
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if column in seen:
            problems.add("duplicate column", row=row, column=column, number=position)
        seen.add(column)
        if column not in SPC_COLUMNS and not allow_unknown:
            problems.add(
                f"unknown column; expected some of {', '.join(SPC_COLUMNS)}",
                row=row,
                column=column,
                number=position,
            )
    for column in REQUIRED:
        if column not in seen:
            problems.add("required column is missing", row=row, column=column)
    return row


def _rows(data: bytes, problems: Problems, *, allow_unknown: bool) -> list[Row]:
    """The file's records, each with its line; problems go to ``problems``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(f"not UTF-8 text ({exc.reason} at byte {exc.start})", line=line)
        return []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: Row | None = None
    rows: list[Row] = []
    last = 0
    try:
        for cells in reader:
            start, last = last + 1, reader.line_num
            if header is None:
                header = _header(cells, start, problems, allow_unknown=allow_unknown)
                if problems:
                    return []
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header.columns):
                problems.add(
                    f"{len(cells)} cells, but the header has {len(header.columns)} columns",
                    line=start,
                )
                continue
            rows.append(
                Row(start, None, dict(zip(header.columns, cells, strict=False)), header.columns)
            )
    except csv.Error as exc:
        problems.add(f"malformed CSV: {exc}", line=reader.line_num or None)
    if header is None:
        problems.add("empty file: expected a header row")
    return rows


def _expected(error: KpiragError, default: str) -> str:
    return f"expected {error.expected}" if error.expected else default


def _number(row: Row, column: str, problems: Problems, *, required: bool) -> Decimal | None:
    text = row.record.get(column, "").strip()
    if not text:
        if required:
            problems.add("required: expected a number", row=row, column=column, value=text)
        return None
    try:
        return to_decimal(text, field=column)
    except KpiragError as exc:
        problems.add(_expected(exc, "expected a number"), row=row, column=column, value=text)
        return None


def _flag(row: Row, column: str, problems: Problems) -> bool:
    text = row.record.get(column, "")
    key = text.strip().casefold()
    if key not in _FLAGS:
        problems.add("expected 1 (yes), 0 (no) or blank", row=row, column=column, value=text)
        return False
    return _FLAGS[key]


def _point(row: Row, problems: Problems) -> tuple[str, _Point] | None:
    """One row read into a point, or ``None`` (with its problems)."""
    before = len(problems.items)
    name = row.record.get("series", "").strip()
    if not name:
        problems.add("required: expected the series' name", row=row, column="series", value="")
    label = row.record.get("period", "").strip()
    period: SeriesPeriod | None = None
    if not label:
        problems.add("required: expected a period or a date", row=row, column="period", value="")
    else:
        try:
            period = read_period(label)
        except KpiragError as exc:
            problems.add(
                _expected(exc, "expected a period or a date"), row=row, column="period", value=label
            )
    value = _number(row, "value", problems, required=True)
    target = _number(row, "target", problems, required=False)
    improvement = None
    direction = row.record.get("improvement", "").strip()
    if direction:
        try:
            improvement = Improvement.parse(direction, field="improvement")
        except KpiragError:
            problems.add(
                "expected increase, decrease or neutral",
                row=row,
                column="improvement",
                value=direction,
            )
    flags = [_flag(row, column, problems) for column in ("recalculate", "ghost", "baseline_end")]
    if len(problems.items) != before or period is None or value is None:
        return None
    return name, _Point(row, period, label, value, target, improvement, *flags)


def _start(period: SeriesPeriod) -> dt.date:
    return period if isinstance(period, dt.date) else period.start


def _check_series(points: list[_Point], problems: Problems) -> list[_Point] | None:
    """One series' points in time order, or ``None`` after reporting what is wrong."""
    before = len(problems.items)
    first = points[0]
    seen: dict[SeriesPeriod, int] = {}
    for point in points:
        if type(point.period) is not type(first.period):
            problems.add(
                f"a {_kind(point.period)} in a series of {_kind(first.period)}s (line "
                f"{first.row.line}): a series' periods are all of one kind",
                row=point.row, column="period", value=point.label,
            )  # fmt: skip
        elif point.period in seen:
            problems.add(
                f"duplicate period (first at line {seen[point.period]})",
                row=point.row, column="period", value=point.label,
            )  # fmt: skip
        else:
            seen[point.period] = point.row.line or 0
    directions = [p for p in points if p.improvement is not None]
    for point in directions[1:]:
        if point.improvement is not directions[0].improvement:
            problems.add(
                f"this series' improvement is {directions[0].improvement} (line "
                f"{directions[0].row.line})",
                row=point.row, column="improvement", value=point.row.record.get("improvement"),
            )  # fmt: skip
    if len(problems.items) != before:
        return None
    ordered = sorted(points, key=lambda point: _start(point.period))
    if all(point.ghost for point in ordered):
        problems.add(
            "every point of the series is ghosted: at least one must count",
            row=ordered[0].row, column="ghost", value=ordered[0].row.record.get("ghost"),
        )  # fmt: skip
    _check_baseline(ordered, problems)
    return None if len(problems.items) != before else ordered


def _kind(period: SeriesPeriod) -> str:
    return "date" if isinstance(period, dt.date) else type(period).__name__.lower()


def _flag_problem(problems: Problems, point: _Point, message: str) -> None:
    record = point.row.record
    problems.add(message, row=point.row, column="baseline_end", value=record.get("baseline_end"))


def _check_baseline(points: list[_Point], problems: Problems) -> None:
    ends = [position for position, point in enumerate(points) if point.baseline_end]
    for position in ends[1:]:
        _flag_problem(
            problems,
            points[position],
            f"a second baseline_end (the first is at line {points[ends[0]].row.line}): a series "
            "has one fixed baseline",
        )
    if not ends:
        return
    end = points[ends[0]]
    count = sum(1 for point in points[: ends[0] + 1] if not point.ghost)
    if end.ghost:
        _flag_problem(problems, end, "the baseline cannot end on a ghosted point")
    elif any(point.recalculate for point in points[1 : ends[0] + 1]):
        _flag_problem(
            problems,
            end,
            "the baseline must end in the first limit group, before any recalculation",
        )
    elif count < 2:  # noqa: PLR2004
        _flag_problem(problems, end, "a baseline needs at least 2 points that are not ghosted")


def _baseline(points: list[_Point]) -> int | None:
    """How many points (ghosted ones aside) the baseline holds, or ``None`` without one."""
    for position, point in enumerate(points):
        if point.baseline_end:
            return sum(1 for p in points[: position + 1] if not p.ghost)
    return None


def _chart(points: list[_Point], settings: SPCSettings) -> XmRChart:
    targets = [point.target for point in points if point.target is not None]
    directions = [point.improvement for point in points if point.improvement is not None]
    return xmr(
        [point.value for point in points],
        periods=[point.label for point in points],
        improvement=directions[0] if directions else Improvement.INCREASE,
        target=targets[-1] if targets else None,
        recalculate=[point.label for point in points if point.recalculate],
        ghost=[point.label for point in points if point.ghost],
        baseline=_baseline(points),
        settings=settings,
    )


def read_charts(
    data: bytes, name: str, settings: SPCSettings, *, allow_unknown: bool = False
) -> tuple[dict[str, XmRChart], tuple[str, ...]]:
    """Every series of an SPC file (its bytes) charted, and the charts' warnings.

    Raises:
        LoadError: every bad cell, with its line and column; nothing is charted.
    """
    problems = Problems(name)
    series: dict[str, list[_Point]] = {}
    for row in _rows(data, problems, allow_unknown=allow_unknown):
        read = _point(row, problems)
        if read is not None:
            series.setdefault(read[0], []).append(read[1])
    checked = {key: _check_series(points, problems) for key, points in series.items()}
    if not problems and not series:
        problems.add("no rows: expected a row per point under the header")
    problems.raise_any()
    charts: dict[str, XmRChart] = {}
    notes: list[str] = []
    for key, points in checked.items():
        assert points is not None  # noqa: S101 (problems were raised above)
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            charts[key] = _chart(points, settings)
        notes += [f"series {key!r}: {note}" for note in charts[key].warnings]
    return charts, tuple(notes)


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
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def render(
    charts: Mapping[str, XmRChart], fmt: str, *, points: bool = False, places: int = 2,
    width: int | None = 60, title: str = "Statistical process control",
) -> str:  # fmt: skip
    """The charts as ``kpirag spc`` prints them in ``fmt`` (a report format or ``json``)."""
    if fmt == "json":
        return _json(charts, points=points, places=places)
    table: Table = (
        spc_points_table(charts, places=places, title=title)
        if points
        else spc_table(charts, places=places, title=title)
    )
    return table.render(fmt, width=width) + ("" if fmt == "csv" else "\n")


def run(args: argparse.Namespace, stdin: IO[bytes], stdout: IO[str], stderr: IO[str]) -> int:
    """Run ``kpirag spc``: 0 when every series was charted, 2 for bad input."""
    name = "<stdin>" if args.file == "-" else str(args.file)
    try:
        if args.places < 0:
            stderr.write("kpirag: error: --places must be 0 or more\n")
            return 2
        settings = settings_for(args)
        data = stdin.read() if args.file == "-" else Path(args.file).read_bytes()
        charts, notes = read_charts(data, name, settings, allow_unknown=args.allow_unknown_columns)
        output = render(
            charts,
            args.output_format,
            points=args.points,
            places=args.places,
            width=args.width or None,
            title=name,
        )
    except LoadError as exc:
        stderr.write(f"kpirag: {exc}\n")
        return 2
    except KpiragError as exc:
        stderr.write(f"kpirag: error: {exc}\n")
        return 2
    except OSError as exc:
        stderr.write(f"kpirag: error: {exc.strerror or exc}: {exc.filename or name}\n")
        return 2
    for note in notes:
        stderr.write(f"kpirag: warning: {note}\n")
    stdout.write(output)
    return 0
