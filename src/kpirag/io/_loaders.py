"""Reading and writing KPI, risk, budget and series files (CSV, TOML, JSON, workbooks).

Loading is all or nothing: every problem is collected with its file, line and
column (``kpis[3]`` in TOML and JSON, ``KPIs!C7`` in a workbook), and a
``LoadError`` lists them all. Each source is read once (a pipe works as well
as a file); nothing in a file is ever evaluated. A new format plugs into
``READERS``; the columns of each kind of file are in ``_KINDS``.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import io
import json
import os
import re
import tomllib
import warnings
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeAlias, TypeVar

import attrs

from kpirag._validate import brief, counted, deferred, filled, instance, json_text
from kpirag.budget import BudgetLevel, BudgetLine, BudgetTable
from kpirag.errors import (
    InputError,
    KpiragWarning,
    LoadError,
    Problem,
    RecordError,
    ValueTypeError,
)
from kpirag.io._ipr_records import METRIC_COLUMNS, METRIC_REQUIRED, VALUE_COLUMNS, VALUE_REQUIRED
from kpirag.io._records import (
    BUDGET_COLUMNS,
    BUDGET_REQUIRED,
    DEFINITION_COLUMNS,
    DEFINITION_REQUIRED,
    KPI_ALIASES,
    KPI_COLUMNS,
    KPI_ID_ALIAS,
    KPI_OLD_NAMES,
    KPI_REQUIRED,
    KPI_WRITTEN,
    OBSERVATION_COLUMNS,
    OBSERVATION_REQUIRED,
    RISK_COLUMNS,
    RISK_REQUIRED,
    budget_line_from_record,
    budget_recorded_from_record,
    kpi_from_records,
    records_from_budget_line,
    records_from_kpi,
    records_from_risk,
    risk_from_record,
    risk_problems,
)
from kpirag.io._series_records import SERIES_COLUMNS, SERIES_REQUIRED, SERIES_WRITTEN
from kpirag.kpi import KPI, Evaluation, Framework, Month, Observation, Quarter, Year
from kpirag.risk import Risk, RiskMatrix, RiskRegister
from kpirag.rules import MAX_DIGITS, MAX_EXPONENT, Scheme, Status, Tolerance, format_decimal

if TYPE_CHECKING:
    from kpirag.io._rules import Rules
    from kpirag.io._stream import _Kept

__all__ = [
    "FORMATS",
    "KPIData",
    "Problems",
    "Row",
    "Source",
    "default_scheme",
    "dump_budget",
    "dump_kpis",
    "dump_risks",
    "iter_kpis",
    "load_budget",
    "load_budget_with_recorded",
    "load_risks",
    "read_rows",
]

Source: TypeAlias = str | os.PathLike[str] | IO[str] | IO[bytes]
"""A path, or an open text or binary stream (``sys.stdin.buffer`` for ``-``)."""

T = TypeVar("T")

MAX_COLUMNS = 1_000
"""The most columns a header may have (kpirag knows 26; the rest are a mistake)."""

_UNDECODABLE = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_UTF8 = codecs.lookup("utf-8").name


class Problems:
    """Problems found in one source, collected so that all can be reported at once."""

    def __init__(self, source: str) -> None:
        """Collect problems for ``source``."""
        instance(source, str, field="source", expected="text")
        self.source = source
        self.items: list[Problem] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def __repr__(self) -> str:
        return f"Problems({brief(self.source)}, {counted(len(self.items), 'problem')})"

    def add(
        self,
        message: str,
        *,
        row: Row | None = None,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
        number: int | None = None,
    ) -> None:
        """Record a problem, located at ``row`` (and ``column``, or CSV column ``number``).

        A row of a worksheet places it at the cell (``KPIs!C7``), or at the
        row's first cell when no column is named.

        Raises:
            ValueTypeError: an argument of the wrong type, named by its field.
        """
        item = None
        sheet = cell = None
        if column is not None:
            instance(column, str, field="column", expected="text or None")
        if row is not None:
            instance(row, Row, field="row", expected="a Row or None")
            line, item = row.line, row.item
            if number is None and line is not None and column is not None:
                number = row.position(column)
            if item is not None:
                number = None
            if row.sheet is not None:
                sheet = row.sheet
                cell = f"{column_letter(number or 1)}{line}" if line is not None else None
        self.items.append(
            Problem(self.source, message, line, item, column, number, value, sheet, cell)
        )

    def raise_any(self) -> None:
        """Raise a ``LoadError`` listing every problem in file order, if there are any."""
        if self.items:
            ordered = sorted(self.items, key=lambda p: (p.line or 0, p.item or 0))
            raise LoadError(ordered)


@attrs.frozen
class Row:
    """One record read from a file, with where it came from."""

    line: int | None
    item: int | None
    record: Mapping[str, str]
    columns: tuple[str, ...]
    sheet: str | None = None
    """The worksheet the row is on (then ``line`` is its row number), or ``None``."""

    def __repr__(self) -> str:
        where = f"line {self.line}" if self.item is None else f"item {self.item}"
        sheet = "" if self.sheet is None else f"{brief(self.sheet, 30)} "
        return f"Row({sheet}{where}, {counted(len(self.record), 'field')})"

    def position(self, column: str) -> int | None:
        """The 1-based position of ``column`` in the header, or ``None``."""
        try:
            return self.columns.index(column) + 1
        except ValueError:
            return None


def column_letter(number: int) -> str:
    """A worksheet's column letters for a 1-based column number: 1 is A, 27 is AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@attrs.frozen
class ReadOptions:
    """What a reader of rows needs besides the source.

    Attributes:
        kind: ``"kpi"``, ``"risk"``, ``"budget"``, ``"series"``, ``"definitions"``,
            ``"observations"``, ``"metrics"`` or ``"values"``: which columns are known.
        allow_unknown: accept (and ignore) columns kpirag does not know.
        encoding: the text encoding of a file given as bytes.
        sheet: the worksheet of a workbook (the first by default).
    """

    kind: str
    allow_unknown: bool = False
    encoding: str = "utf-8"
    sheet: str | None = None


RowReader: TypeAlias = Callable[[Source, "Problems", ReadOptions], Iterator[Row]]
"""Reads the rows of one source, reporting problems; registered in ``READERS``."""


def check_source(source: object, field: str = "source") -> None:
    """Refuse what is not a path or an open file, with a kpirag error naming ``field``.

    ```pycon
    >>> check_source(3)
    Traceback (most recent call last):
    ...
    kpirag.errors.ValueTypeError: Invalid source 3: expected a path or an open file

    ```
    """
    if not isinstance(source, str | os.PathLike) and not callable(getattr(source, "read", None)):
        raise ValueTypeError(field=field, value=source, expected="a path or an open file")


def _name(source: Source, default: str = "<stream>") -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", default))


def format_of(source: Source, fmt: str | None) -> str:
    """The format named by ``fmt``, else by the file's suffix; CSV for a stream."""
    if fmt is not None:
        return instance(fmt, str, field="fmt", expected="a format name or None").strip().casefold()
    if isinstance(source, str | os.PathLike):
        return Path(source).suffix.lstrip(".").casefold() or "csv"
    return "csv"


def _format(source: Source, fmt: str | None, problems: Problems) -> str | None:
    chosen = format_of(source, fmt)
    if chosen not in READERS:
        problems.add(f"unknown format {chosen!r}; expected {', '.join(READERS)}")
        return None
    return chosen


def _codec(encoding: str, problems: Problems) -> str | None:
    """The codec to read with (UTF-8 drops a byte order mark), or ``None`` if unknown."""
    try:
        name = codecs.lookup(encoding).name
    except (LookupError, TypeError, ValueError):
        problems.add(f"unknown encoding {encoding!r}; expected a name such as utf-8 or cp1252")
        return None
    return "utf-8-sig" if name == _UTF8 else name


@contextlib.contextmanager
def _read_text(source: Source, codec: str) -> Iterator[IO[str]]:
    """A text stream over ``source``; bytes that do not decode stay visible as surrogates.

    A file opened here is closed afterwards; a caller's stream is left open.
    """
    if isinstance(source, str | os.PathLike):
        try:
            opened = Path(source).open(encoding=codec, errors="surrogateescape", newline="")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            raise unreadable(exc, source) from exc
        with opened as stream:
            yield stream
    elif isinstance(source, io.TextIOBase):
        yield source
    else:
        binary: IO[bytes] = source  # type: ignore[assignment]
        wrapper = io.TextIOWrapper(binary, encoding=codec, errors="surrogateescape", newline="")
        try:
            yield wrapper
        finally:
            with contextlib.suppress(ValueError):  # the caller closed its stream first
                wrapper.detach()


def unreadable(exc: OSError, source: object) -> InputError:
    """Our error for a file the system would not let us read, naming the path given."""
    error = InputError(exc.strerror or str(exc), field="source", value=source)
    error.errno, error.strerror = exc.errno, exc.strerror
    error.filename = os.fspath(source) if isinstance(source, str | os.PathLike) else exc.filename
    return error


def read_bytes(source: Source, size: int = -1) -> bytes:
    """The bytes of ``source`` (its first ``size``, if given); text read from a stream as UTF-8."""
    if isinstance(source, str | os.PathLike):
        try:
            with Path(source).open("rb") as stream:
                return stream.read(size)
        except OSError as exc:
            raise unreadable(exc, source) from exc
    data = source.read(size)
    return _encoded(data) if isinstance(data, str) else bytes(data)


def _encoded(text: str) -> bytes:
    """``text`` as UTF-8; a surrogate (stdin read with surrogateescape) kept so decoding refuses it.

    Bytes a reader escaped (U+DC80 to U+DCFF) become those bytes again; any other surrogate
    is encoded as it stands, which no UTF-8 decoder accepts: either way a located problem.
    """
    try:
        return text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="surrogatepass")


def _not_decodable(byte: int, codec: str) -> str:
    if codec == "utf-8-sig":
        return (
            f"byte 0x{byte:02X} is not UTF-8: the file is not UTF-8 text; give its encoding "
            "(encoding='cp1252', or --encoding cp1252 on the command line)"
        )
    return f"byte 0x{byte:02X} is not {codec} text; check the file's encoding"


def _number_problem(value: Decimal | int) -> str | None:
    """Why a TOML or JSON number is out of range, or ``None``."""
    if isinstance(value, int):
        big = value.bit_length() > MAX_DIGITS * 3.33
    else:
        digits = value.as_tuple().digits
        big = value.is_finite() and (
            len(digits) > MAX_DIGITS or abs(value.adjusted()) > MAX_EXPONENT
        )
    if big:
        return (
            f"expected a number of at most {MAX_DIGITS} digits, with an exponent within "
            f"+/-{MAX_EXPONENT}"
        )
    return None


def _cell_text(value: object) -> str | None:
    """A TOML or JSON value as cell text; ``None`` for values that are not scalars."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format_decimal(value) if value.is_finite() else str(value)
    return None


@attrs.frozen
class _Kind:
    """The columns of one kind of file, and the list its records are under in TOML and JSON."""

    known: Mapping[str, str]
    required: Sequence[str]
    section: str
    aliases: Mapping[str, str] = attrs.field(factory=dict)
    old: frozenset[str] = frozenset()
    """The aliases that are old names: reading one warns."""


_KINDS = {
    "kpi": _Kind({**KPI_COLUMNS, **KPI_WRITTEN}, KPI_REQUIRED, "kpis", KPI_ALIASES, KPI_OLD_NAMES),
    "risk": _Kind(RISK_COLUMNS, RISK_REQUIRED, "risks"),
    "budget": _Kind(BUDGET_COLUMNS, BUDGET_REQUIRED, "lines"),
    "series": _Kind(
        {**SERIES_COLUMNS, **SERIES_WRITTEN},
        SERIES_REQUIRED,
        "points",
        {"baseline end": "baseline_end"},
    ),
    "definitions": _Kind(
        DEFINITION_COLUMNS, DEFINITION_REQUIRED, "kpis", KPI_ALIASES, KPI_OLD_NAMES
    ),
    "observations": _Kind(
        OBSERVATION_COLUMNS, OBSERVATION_REQUIRED, "observations", KPI_ALIASES, KPI_OLD_NAMES
    ),
    "metrics": _Kind(METRIC_COLUMNS, METRIC_REQUIRED, "metrics"),
    "values": _Kind(VALUE_COLUMNS, VALUE_REQUIRED, "values"),
}


class _Renames:
    """Renames other column names to kpirag's, warning once per old name and source."""

    def __init__(self, kind: str, source: str) -> None:
        self.kind = _KINDS[kind]
        self.source = source
        self.warned: set[str] = set()

    def __call__(self, columns: Iterable[str]) -> tuple[str, ...]:
        renamed = []
        for column in columns:
            if column == KPI_ID_ALIAS and "id" in self.kind.known:
                renamed.append("id")  # another name, not an old one: no warning
                continue
            new = self.kind.aliases.get(column)
            if new is not None:
                if column in self.kind.old and column not in self.warned:
                    self.warned.add(column)
                    warnings.warn(
                        f"{self.source}: column {column!r} is now called {new!r}; "
                        "the old name will stop working in a later release",
                        KpiragWarning,
                        stacklevel=2,
                    )
                column = new  # noqa: PLW2901 - the column's name from here on
            renamed.append(column)
        return tuple(renamed)


def _check_columns(row: Row, problems: Problems, options: ReadOptions, *, header: bool) -> bool:
    """Check a header (or a TOML/JSON item's fields); ``False`` if anything is wrong."""
    kind, allow_unknown = options.kind, options.allow_unknown
    known, required = _KINDS[kind].known, _KINDS[kind].required
    before = len(problems.items)
    seen: set[str] = set()
    for position, column in enumerate(row.columns, start=1):
        if column in seen:
            twice = f" ('{KPI_ID_ALIAS}' is another name for 'id')" if column == "id" else ""
            problems.add(f"duplicate column{twice}", row=row, column=column, number=position)
        seen.add(column)
        if column not in known and not allow_unknown:
            problems.add(
                f"unknown column; expected some of {', '.join(known)}",
                row=row,
                column=column,
                number=position,
            )
    for column in required:
        if column not in seen and (header or kind != "kpi" or column in {"id", "title"}):
            problems.add("required column is missing", row=row, column=column)
    if kind == "kpi" and "status" in seen and "recorded" not in seen:
        problems.add(
            "a status column is read back only beside recorded (as kpirag evaluate writes "
            "them); name the published status column recorded",
            row=row,
            column="status",
            number=row.position("status"),
        )
    return len(problems.items) == before


def read_rows(
    source: Source,
    problems: Problems,
    *,
    kind: str,
    fmt: str | None = None,
    allow_unknown: bool = False,
    encoding: str = "utf-8",
    sheet: str | None = None,
) -> Iterator[Row]:
    """Yield each record of a KPI, risk or budget file; problems go to ``problems``.

    Args:
        source: a path or stream; it is read once.
        problems: where problems are collected.
        kind: ``"kpi"``, ``"risk"``, ``"budget"``, ``"series"``, ``"definitions"``,
            ``"observations"``, ``"metrics"`` or ``"values"``: which columns are known.
        fmt: ``"csv"``, ``"toml"``, ``"json"`` or ``"xlsx"`` (a key of
            ``READERS``); from the file suffix by default.
        allow_unknown: accept (and ignore) columns kpirag does not know.
        encoding: the encoding of a file or byte stream (UTF-8 by default).
        sheet: the worksheet of a workbook (the first by default).
    """
    check_source(source)
    return _read(source, problems, fmt, ReadOptions(kind, allow_unknown, encoding, sheet))


def _read(
    source: Source, problems: Problems, fmt: str | None, options: ReadOptions
) -> Iterator[Row]:
    chosen = _format(source, fmt, problems)
    if chosen is not None:
        yield from READERS[chosen](source, problems, options)


def _csv_rows(source: Source, problems: Problems, options: ReadOptions) -> Iterator[Row]:
    for line, header, cells in csv_cells(source, problems, options):
        yield Row(line, None, dict(zip(header, cells, strict=False)), header)


def csv_cells(
    source: Source, problems: Problems, options: ReadOptions
) -> Iterator[tuple[int, tuple[str, ...], list[str]]]:
    """Each good CSV record as its first line, the header's column names and its cells.

    The cells are as read (not stripped); a record has at most as many cells as
    the header has columns. Empty records are skipped; bad ones (a byte that
    does not decode, too many cells) are reported to ``problems`` and skipped.
    """
    codec = _codec(options.encoding, problems)
    if codec is None:
        return
    with _read_text(source, codec) as stream:
        yield from _csv_stream(stream, problems, options, codec)


def _first_bad_cell(cells: Sequence[str]) -> tuple[int, int] | None:
    """The position and code point of the first cell holding a surrogate.

    One from U+DC80 to U+DCFF is a byte that did not decode; any other came from
    a caller's text stream, and is not a character either.
    """
    for position, cell in enumerate(cells):
        if not cell.isascii():
            found = _SURROGATE.search(cell)
            if found is not None:
                return position, ord(found[0])
    return None


def _not_a_character(code: int, codec: str) -> str:
    """Why a surrogate found in a cell cannot be read: an undecodable byte, or a lone surrogate."""
    if _UNDECODABLE.match(chr(code)):
        return _not_decodable(code - 0xDC00, codec)
    return f"a lone surrogate \\u{code:04x} is not a character: the text stream is not Unicode text"


def _other_delimiter(header: Sequence[str], known: Mapping[str, str]) -> str | None:
    """``"semicolon"`` or ``"tab"`` when a one-column header splits into known columns."""
    if len(header) != 1:
        return None
    for delimiter, name in ((";", "semicolon"), ("\t", "tab")):
        names = [part.strip().casefold() for part in header[0].split(delimiter)]
        if len(names) > 1 and any(n in known or n in KPI_ALIASES for n in names):
            return name
    return None


def _csv_header(
    cells: Sequence[str], line: int, problems: Problems, options: ReadOptions, renames: _Renames
) -> tuple[str, ...] | None:
    """The header's column names, or ``None`` (with a problem) when it cannot be used."""
    if len(cells) > MAX_COLUMNS:
        problems.add(f"{len(cells):,} columns; a file may have at most {MAX_COLUMNS:,}", line=line)
        return None
    # A BOM survives when text arrives already decoded (a text stdin, say).
    header = renames(cell.strip().lstrip("\ufeff").casefold() for cell in cells)
    other = _other_delimiter(header, _KINDS[options.kind].known)
    if other is not None:
        problems.add(
            f"the file looks {other}-separated; kpirag reads comma-separated CSV "
            "(save it from the spreadsheet as 'CSV (comma delimited)')",
            line=line,
        )
        return None
    columns = Row(line, None, {}, header)
    if not _check_columns(columns, problems, options, header=True):
        return None
    return header


def _csv_stream(
    stream: IO[str], problems: Problems, options: ReadOptions, codec: str
) -> Iterator[tuple[int, tuple[str, ...], list[str]]]:
    reader = csv.reader(stream, strict=True)
    last_line = 0
    header: tuple[str, ...] | None = None
    renames = _Renames(options.kind, problems.source)
    try:
        for cells in reader:
            start, last_line = last_line + 1, reader.line_num
            # One join is cheaper than a test per cell; only text with a byte that did
            # not decode (kept as a surrogate) is not ASCII *and* holds a surrogate.
            joined = "".join(cells)
            bad = None if joined.isascii() else _first_bad_cell(cells)
            if bad is not None:
                position, code = bad
                column = header[position] if header and position < len(header) else None
                problems.add(
                    _not_a_character(code, codec), line=start, column=column, number=position + 1
                )
                if header is None:
                    return
                continue
            if header is None:
                header = _csv_header(cells, start, problems, options, renames)
                if header is None:
                    return
                continue
            if not joined.strip():
                continue
            if len(cells) > len(header):
                problems.add(
                    f"{len(cells)} cells, but the header has {len(header)} columns", line=start
                )
                continue
            yield start, header, cells
        if header is None:
            problems.add("empty file: expected a header row")
    except UnicodeDecodeError as exc:  # a caller's text stream that failed to decode
        problems.add(f"not text ({exc.reason} at byte {exc.start})", line=last_line + 1)
    except csv.Error as exc:
        problems.add(f"malformed CSV: {exc}", line=reader.line_num or None)


def _decode(data: bytes, codec: str, problems: Problems) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(f"column {column}: " + _not_decodable(data[exc.start], codec), line=line)
        return None


def _document_rows(
    fmt: str, source: Source, problems: Problems, options: ReadOptions
) -> Iterator[Row]:
    section = _KINDS[options.kind].section
    codec = _codec(options.encoding, problems)
    if codec is None:
        return
    text = _decode(read_bytes(source), codec, problems)
    if text is None:
        return
    try:
        if fmt == "toml":
            document: object = tomllib.loads(text, parse_float=Decimal)
        else:
            document = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        problems.add(f"malformed JSON at column {exc.colno}: {exc.msg}", line=exc.lineno)
        return
    except (tomllib.TOMLDecodeError, ValueError, RecursionError, ArithmeticError) as exc:
        problems.add(f"malformed {fmt.upper()}: {exc}")
        return
    items = document.get(section) if isinstance(document, dict) else None
    if not isinstance(items, list):
        problems.add(f"expected a list of records under {section!r}")
        return
    renames = _Renames(options.kind, problems.source)
    for number, item in enumerate(items, start=1):
        row = _document_row(number, item, problems, options, renames)
        if row is not None:
            yield row


def _document_row(
    number: int, item: object, problems: Problems, options: ReadOptions, renames: _Renames
) -> Row | None:
    """One TOML or JSON record as a row, or ``None`` (with its problems)."""
    if not isinstance(item, dict):
        problems.add("expected a table of fields", row=Row(None, number, {}, ()))
        return None
    if len(item) > MAX_COLUMNS:
        problems.add(
            f"{len(item):,} fields; a record may have at most {MAX_COLUMNS:,}",
            row=Row(None, number, {}, ()),
        )
        return None
    for key, value in item.items():
        for text, column in ((str(key), None), (value, str(key))):
            surrogate = _SURROGATE.search(text) if isinstance(text, str) else None
            if surrogate is not None:
                problems.add(
                    f"a lone surrogate \\u{ord(surrogate.group()):04x} is not a character: "
                    "a JSON \\u escape from U+D800 to U+DFFF must be half of a pair",
                    row=Row(None, number, {}, ()),
                    column=column,
                    value=_short(text),
                )
                return None
    row = Row(None, number, {}, renames(str(key) for key in item))
    good = _check_columns(row, problems, options, header=False)
    record: dict[str, str] = {}
    for field, value in zip(row.columns, item.values(), strict=True):
        why = _number_problem(value) if isinstance(value, int | Decimal) else None
        cell = None if why is not None else _cell_text(value)
        if cell is None:
            message = why or "expected text, a number or true/false"
            problems.add(message, row=row, column=field, value=_short(value))
            good = False
        else:
            record[field] = cell
    return Row(None, number, record, row.columns) if good else None


def _short(value: object) -> str:
    """A value for a problem: its repr, cut short when it is long (or too large to print)."""
    if isinstance(value, int) and value.bit_length() > 64:  # noqa: PLR2004
        return f"<a number of about {int(value.bit_length() / 3.32)} digits>"
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}... ({len(text)} characters)"  # noqa: PLR2004


def spaced(name: str, known: Collection[str]) -> str:
    """A spreadsheet's header as kpirag names it: ``Target date`` is ``target_date``."""
    joined = "_".join(name.split())
    return joined if name not in known and joined in known else name


def _xlsx_rows(source: Source, problems: Problems, options: ReadOptions) -> Iterator[Row]:
    """The rows of a worksheet as the user saw them; problems located as ``Sheet!C7``."""
    from kpirag.io import _xlsx  # noqa: PLC0415 - openpyxl only when a workbook is read

    known = _KINDS[options.kind].known
    names = {*known, *_KINDS[options.kind].aliases, KPI_ID_ALIAS}
    renames = _Renames(options.kind, problems.source)
    if isinstance(source, io.TextIOBase):
        problems.add("a workbook is binary: give its path, or open it in binary mode")
        return
    columns: tuple[str, ...] | None = None  # the header's, named as kpirag names them
    try:
        rows = _xlsx.read_rows(source, sheet=options.sheet, columns=names, name=problems.source)  # type: ignore[arg-type]
        for sheet_row in rows:
            where = sheet_row.location
            if columns is None:
                columns = renames(spaced(name, known) for name in sheet_row.columns)
                header = Row(sheet_row.header_row, None, {}, columns, where.sheet)
                if not _check_columns(header, problems, options, header=True):
                    return
            record = dict(zip(columns, sheet_row.record.values(), strict=True))
            yield Row(where.line, None, record, columns, where.sheet)
    except LoadError as exc:
        problems.items += exc.problems


READERS: dict[str, RowReader] = {
    "csv": _csv_rows,
    "toml": functools.partial(_document_rows, "toml"),
    "json": functools.partial(_document_rows, "json"),
    "xlsx": _xlsx_rows,
}
"""A reader of rows for each file format, by name (the file suffix without its dot).

Another format plugs in here: a function of ``(source, problems, options)``
yielding a ``Row`` per record, reporting every problem with its location.
"""

FORMATS = tuple(READERS)
"""The file formats kpirag reads, by name (``csv``, ``toml``, ``json``, ``xlsx``...)."""


def _reject_constant(constant: str) -> object:
    raise ValueError(f"{constant} is not a number kpirag accepts")


def add_record_problems(
    problems: Problems, rows: Sequence[Row], error: RecordError, *, as_read: bool = False
) -> None:
    """Add a record's problems, each at its row and column (the cell as read, if ``as_read``)."""
    for problem in error.problems:
        row = rows[problem.row] if problem.row < len(rows) else rows[0]
        value = row.record.get(problem.column, problem.value) if as_read else problem.value
        problems.add(problem.message, row=row, column=problem.column, value=value)


def open_rows(
    source: Source, name: str | None, fmt: str | None, options: ReadOptions, default: str = ""
) -> tuple[Problems, Iterator[Row]]:
    """The rows of ``source``, and its problems (named ``name``, or by its path or ``default``)."""
    check_source(source, default or "source")
    problems = Problems(name or _name(source, default or "<stream>"))
    return problems, _read(source, problems, fmt, options)


def read_each(
    rows: Iterable[Row],
    problems: Problems,
    read: Callable[[Mapping[str, str]], T],
    *,
    as_read: bool = False,
) -> Iterator[tuple[Row, T]]:
    """Each row with what ``read`` makes of its record; a bad record's problems are added."""
    for row in rows:
        try:
            value = read(row.record)
        except RecordError as exc:
            add_record_problems(problems, [row], exc, as_read=as_read)
            continue
        yield row, value


class Firsts:
    """Where each key (a risk's code, a budget line) was first seen, to report a repeat."""

    def __init__(self, what: str, why: str = "") -> None:
        """Name repeats ``duplicate <what>``, followed by ``why``."""
        self.what, self.why = what, why
        self.at: dict[object, int] = {}

    def first(
        self, key: object, row: Row, problems: Problems, column: str, value: str | None = None
    ) -> bool:
        """Whether ``key`` is new; a repeat is a problem at ``row`` and ``column``."""
        if key in self.at:
            where = _where(self.at[key], row)
            message = f"duplicate {self.what} (first at {where}){self.why}"
            problems.add(message, row=row, column=column, value=value)
            return False
        self.at[key] = _position(row)
        return True


def _where(position: int, row: Row) -> str:
    return f"line {position}" if row.line is not None else f"item {position}"


def _position(row: Row) -> int:
    return row.line if row.line is not None else row.item or 0


_DIGEST = (1 << 64) - 1


class Ids:
    """Which KPI ids were seen, at 12 bytes an id, for files of millions of rows.

    Each id is kept as a 64-bit digest (its string hash, which Python keys with
    a secret chosen per process) with the line (or item) it is on, in one of
    256 arrays by the digest's top byte. Duplicates are found after the pass,
    one small array at a time; only then are their lines looked up. Two ids
    share a digest with a chance of about one in 10**7 for a million ids.
    """

    def __init__(self) -> None:
        """Start with no ids."""
        self.digests = [array("Q") for _ in range(256)]
        self.positions = [array("L") for _ in range(256)]

    def add(self, kpi_id: str, position: int) -> None:
        """Note ``kpi_id`` at line (or item) ``position``."""
        digest = hash(kpi_id) & _DIGEST
        bucket = digest >> 56
        self.digests[bucket].append(digest)
        self.positions[bucket].append(position)

    def repeats(self) -> Iterator[tuple[int, int]]:
        """Each repeated digest's later position and its first position, in no set order."""
        for digests, positions in zip(self.digests, self.positions, strict=True):
            if len(set(digests)) == len(digests):
                continue
            first: dict[int, int] = {}
            for digest, position in zip(digests, positions, strict=True):
                if digest in first:
                    yield position, first[digest]
                else:
                    first[digest] = position

    def report(self, problems: Problems, *, in_items: bool) -> None:
        """Add a problem for every repeated id (located by item for TOML and JSON)."""
        where = "item" if in_items else "line"
        for position, first in self.repeats():
            problems.add(
                f"duplicate id (first at {where} {first}); the rows of one KPI must be consecutive",
                line=None if in_items else position,
                row=Row(None, position, {}, ()) if in_items else None,
                column="id",
                number=1 if not in_items else None,
            )


def _kpi_groups(rows: Iterable[Row], problems: Problems) -> Iterator[list[Row]]:
    """Consecutive rows with the same id, each group once; a later repeat is a problem.

    Repeats are reported (in ``problems``) after the last group has been yielded.
    """
    ids = Ids()
    group: list[Row] = []
    in_items = False
    for row in rows:
        kpi_id = row.record.get("id", "").strip()
        if group and kpi_id == group[0].record.get("id", "").strip():
            group.append(row)
            continue
        if group:
            yield group
        in_items = row.line is None
        ids.add(kpi_id, _position(row))
        group = [row]
    if group:
        yield group
    ids.report(problems, in_items=in_items)


def kpis_of_group(
    group: Sequence[Row], problems: Problems, rules: Rules | None = None
) -> tuple[KPI, Observation] | None:
    """The KPI and observation of one KPI's rows, or ``None`` with its problems reported."""
    try:
        return kpi_from_records([row.record for row in group], rules=rules)
    except RecordError as exc:
        add_record_problems(problems, group, exc)
        return None


def iter_kpis(
    source: Source,
    problems: Problems,
    *,
    fmt: str | None = None,
    allow_unknown: bool = False,
    encoding: str = "utf-8",
    rules: Rules | None = None,
    sheet: str | None = None,
) -> Iterator[tuple[KPI, Observation]]:
    """Stream each KPI and its observation; bad rows go to ``problems`` and are skipped.

    The caller decides what to do with the problems (``load_kpis`` raises if
    there are any); a repeated id is only known once the stream is exhausted.
    Memory holds one KPI's rows and 12 bytes for each id seen. ``rules`` (from
    ``load_rules``) says which scale and scheme each KPI has; ``sheet`` names
    the worksheet of a workbook.

    Raises:
        ValueTypeError: ``problems`` is not a ``Problems``, or ``rules`` not ``Rules``.
    """
    from kpirag.io._rules import Rules  # noqa: PLC0415 - the rules reader imports this module

    check_source(source)
    instance(problems, Problems, field="problems")
    if rules is not None:
        instance(rules, Rules, field="rules", expected="Rules or None")
    options = ReadOptions("kpi", allow_unknown, encoding, sheet)
    return kpi_pairs(_read(source, problems, fmt, options), problems, rules)


def kpi_pairs(
    rows: Iterable[Row], problems: Problems, rules: Rules | None
) -> Iterator[tuple[KPI, Observation]]:
    for group in _kpi_groups(rows, problems):
        pair = kpis_of_group(group, problems, rules)
        if pair is not None:
            yield pair


def default_scheme(tolerance: Tolerance | str) -> Scheme:
    """The standard scheme for a tolerance given as an object or text (``"10%"``)."""
    return Scheme.standard(
        tolerance if isinstance(tolerance, Tolerance) else Tolerance.parse(tolerance)
    )


def framework_scheme(tolerance: Tolerance | str, rules: Rules | None) -> Scheme:
    """A framework's scheme: the rules file's default for KPIs, else ``tolerance``'s."""
    if rules is not None and rules.kpis is not None:
        return rules.kpis.scheme
    return default_scheme(tolerance)


@attrs.frozen
class KPIData:
    """A loaded KPI framework with its period's observations.

    ``load_kpis`` keeps a CSV file's plain rows (``KPIStream``) as they were
    read and judged: their KPI objects and observations are made the first time
    ``framework`` or ``observations`` is read, and ``evaluate`` gives their
    statuses without making them (``KPIResult.deferred``). Either way the
    objects and results are those the file's full reading gives.
    """

    framework: Framework
    observations: tuple[Observation, ...]
    _later: Callable[[], KPIData] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )
    """How deferred data makes its framework and observations; ``None`` once made."""
    _rows: _Kept | None = attrs.field(default=None, init=False, eq=False, repr=False)
    """The rows as read, when loaded by ``load_kpis`` from a CSV file."""

    @classmethod
    def _of_rows(cls, rows: _Kept) -> KPIData:
        """Data whose objects ``rows`` makes when first read (``rows.data()``)."""
        return deferred(cls, rows.data, {"_rows": rows})

    if not TYPE_CHECKING:  # deferred data's framework and observations, made when first read

        def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - any field
            return filled(self, name)

    def __repr__(self) -> str:
        rows = self._rows
        if rows is not None:
            return f"KPIData({counted(len(rows), 'KPI')}, {counted(len(rows), 'observation')})"
        kpis = counted(len(self.framework.kpis), "KPI")
        return f"KPIData({kpis}, {counted(len(self.observations), 'observation')})"

    def evaluate(self, *, period: Quarter | Month | Year | str | None = None) -> Evaluation:
        """Evaluate the observations against the framework."""
        rows = self._rows
        if rows is not None:
            return rows.evaluate(self, period)
        return self.framework.evaluate(self.observations, period=period)


def load_risks(
    source: Source,
    *,
    matrix: RiskMatrix | None = None,
    fmt: str | None = None,
    allow_unknown: bool = False,
    source_name: str | None = None,
    encoding: str = "utf-8",
    sheet: str | None = None,
) -> RiskRegister:
    """Load a risk register (on the City of London matrix by default), all or nothing.

    ``source_name`` replaces the file name in error messages (``<stdin>``, say);
    ``encoding`` is the file's text encoding, UTF-8 by default; ``sheet`` names
    a workbook's worksheet (the first by default).
    """
    matrix = matrix or RiskMatrix.city_of_london()
    options = ReadOptions("risk", allow_unknown, encoding, sheet)
    problems, rows = open_rows(source, source_name, fmt, options)
    codes = Firsts("code")
    read = functools.partial(_risk_on, matrix=matrix)
    risks = [
        risk
        for row, risk in read_each(rows, problems, read)
        if codes.first(risk.code, row, problems, "code", risk.code)
    ]
    problems.raise_any()
    return RiskRegister(matrix, risks)


def _risk_on(record: Mapping[str, str], matrix: RiskMatrix) -> Risk:
    """A risk from its record, checked against ``matrix``."""
    risk = risk_from_record(record)
    found = risk_problems(risk, matrix)
    if found:
        raise RecordError(found)
    return risk


def load_budget(
    source: Source,
    *,
    fmt: str | None = None,
    allow_unknown: bool = False,
    source_name: str | None = None,
    encoding: str = "utf-8",
    sheet: str | None = None,
) -> BudgetTable:
    """Load a budget table, all or nothing.

    ``source_name``, ``encoding`` and ``sheet`` are as for ``load_risks``. A
    table may be a hierarchy: service lines name their directorate in
    ``group``, and published subtotals and the grand total are lines with
    ``level`` ``directorate`` or ``total`` (``BudgetTable.check_totals``
    compares them with their lines).
    """
    options = ReadOptions("budget", allow_unknown, encoding, sheet)
    return _budget(*open_rows(source, source_name, fmt, options))[0]


def load_budget_with_recorded(
    source: Source,
    *,
    fmt: str | None = None,
    allow_unknown: bool = False,
    source_name: str | None = None,
    encoding: str = "utf-8",
    sheet: str | None = None,
) -> tuple[BudgetTable, tuple[Status | None, ...]]:
    """``load_budget``, with each line's published status (``recorded`` or ``status``) or ``None``.

    The statuses are in the order of the table's lines.
    """
    options = ReadOptions("budget", allow_unknown, encoding, sheet)
    return _budget(*open_rows(source, source_name, fmt, options))


def _budget(
    problems: Problems, rows: Iterable[Row]
) -> tuple[BudgetTable, tuple[Status | None, ...]]:
    lines: list[BudgetLine] = []
    recorded: list[Status | None] = []
    keys = Firsts("line")
    directorates: list[tuple[BudgetLine, Row]] = []
    for row, (line, status) in read_each(rows, problems, _budget_line):
        if not keys.first((line.name, line.category, line.level), row, problems, "name", line.name):
            continue
        if lines and line.unit != lines[0].unit:
            problems.add(
                f"every line must be in one unit, and the first is {lines[0].unit!r}",
                row=row,
                column="unit",
                value=line.unit,
            )
            continue
        if line.level is BudgetLevel.DIRECTORATE:
            directorates.append((line, row))
        lines.append(line)
        recorded.append(status)
    groups = {line.group for line in lines if line.level is BudgetLevel.SERVICE}
    for line, row in directorates:
        if line.name not in groups:
            problems.add(
                "a directorate's subtotal needs service lines naming it in their group column",
                row=row,
                column="name",
                value=line.name,
            )
    problems.raise_any()
    return BudgetTable(lines), tuple(recorded)


def _budget_line(record: Mapping[str, str]) -> tuple[BudgetLine, Status | None]:
    return budget_line_from_record(record), budget_recorded_from_record(record)


def dump_records(
    records: Iterable[Mapping[str, str]], columns: Sequence[str], fmt: str, section: str
) -> str:
    """Records written as ``fmt`` (``csv``, ``json`` or ``toml``), empty fields left out."""
    rows = [{c: r[c] for c in columns if r.get(c)} for r in records]
    if fmt == "csv":
        required = next(kind.required for kind in _KINDS.values() if kind.section == section)
        used = [c for c in columns if c in required or any(c in row for row in rows)]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, used, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt == "json":
        return json_text({section: rows}, indent=2) + "\n"
    if fmt == "toml":
        parts = []
        for row in rows:
            fields = "\n".join(f"{key} = {json_text(value)}" for key, value in row.items())
            parts.append(f"[[{section}]]\n{fields}\n")
        return "\n".join(parts)
    raise LoadError([Problem("<output>", f"unknown format {fmt!r}; expected csv, json or toml")])


def dump_kpis(data: KPIData, fmt: str = "csv") -> str:
    """Write a framework and its observations in the format ``load_kpis`` reads back."""
    instance(data, KPIData, field="data", expected="KPIData from load_kpis")
    by_id = {obs.kpi_id: obs for obs in data.observations}
    records = [
        row for kpi in data.framework.kpis for row in records_from_kpi(kpi, by_id.get(kpi.id))
    ]
    return dump_records(records, list(KPI_COLUMNS), fmt, "kpis")


def dump_risks(register: RiskRegister, fmt: str = "csv") -> str:
    """Write a risk register in the format ``load_risks`` reads back."""
    instance(register, RiskRegister, field="register", expected="a RiskRegister")
    return dump_records(
        (records_from_risk(risk) for risk in register.risks), list(RISK_COLUMNS), fmt, "risks"
    )


def dump_budget(table: BudgetTable, fmt: str = "csv") -> str:
    """Write a budget table in the format ``load_budget`` reads back."""
    instance(table, BudgetTable, field="table", expected="a BudgetTable")
    return dump_records(
        (records_from_budget_line(line) for line in table.lines), list(BUDGET_COLUMNS), fmt, "lines"
    )
