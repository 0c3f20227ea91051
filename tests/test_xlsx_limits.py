"""Workbooks that lie or are broken: nothing lost, nothing raw, bounded (issue 21, items 1, 2, 6)."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import openpyxl
import pytest

from kpirag import load_kpis, load_risks
from kpirag.cli import main
from kpirag.errors import LoadError
from kpirag.io._limits import MAX_XLSX_BYTES, MAX_XLSX_CELLS, MAX_XLSX_ROWS, MAX_XLSX_SHARED_STRINGS
from kpirag.io._xlsx import read_rows

SHEET = "xl/worksheets/sheet1.xml"
HEADER = ["ID", "Title", "Target", "Value"]
ROWS = [
    ["1.4", "Children missing from education", "<10", 0],
    ["1.5", "Rough sleepers out just once", ">=75", 69],
    ["1.6", "People living on the streets", "<43", 46],
    ["2.9", "Adult learning enrolments", ">=2000", 1850],
    ["3.4", "Care leavers in education", ">=85", 89],
]


def _workbook(path: Path, rows: list[list[object]] | None = None) -> Path:
    """A sheet named KPIs holding the header and ``rows`` (the five KPIs by default)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "KPIs"
    sheet.append(HEADER)
    for row in ROWS if rows is None else rows:
        sheet.append(row)
    book.save(path)
    return path


def _rewrite(path: Path, member: str, change: Callable[[str], str]) -> Path:
    """Rewrite one member of the zip at ``path`` as ``change`` says, keeping the others."""
    with zipfile.ZipFile(path) as old:
        members = {info.filename: old.read(info) for info in old.infolist()}
    members[member] = change(members[member].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            new.writestr(name, data)
    return path


def _cli(*args: str | Path, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``kpirag ARGS`` in this process, where mutation testing sees it: code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    data = stdin.encode() if isinstance(stdin, str) else stdin or b""
    argv = [str(arg) for arg in args]
    code = main(argv, stdin=io.BytesIO(data), stdout=out, stderr=err)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def _refused_by_both_doors(path: Path, message: str) -> None:
    """``load_kpis`` raises a LoadError matching ``message``; the CLI exits 2 with it, no traceback."""
    with pytest.raises(LoadError, match=message):
        load_kpis(path)
    run = _cli("evaluate", path)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert re.search(message, run.stderr), run.stderr


# --- item 1: a stale <dimension> tag ---------------------------------------------------------


def _stale_dimension(path: Path) -> Path:
    """The five KPIs' workbook, its sheet's dimension tag claiming only A1:B2."""
    return _rewrite(
        _workbook(path),
        SHEET,
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:B2"', xml),
    )


def test_defect_stale_dimension_tag_loses_rows(tmp_path: Path) -> None:
    """A dimension tag understating the sheet loses no row or column: all five KPIs load."""
    path = _stale_dimension(tmp_path / "stale.xlsx")
    assert [kpi.id for kpi in load_kpis(path).framework.kpis] == [row[0] for row in ROWS]
    records = [row.record for row in read_rows(path)]
    assert records[-1] == {
        "id": "3.4",
        "title": "Care leavers in education",
        "target": ">=85",
        "value": "89",
    }
    run = _cli("evaluate", path, "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.strip().splitlines()) == 1 + len(ROWS)


def test_defect_stale_dimension_tag_hides_a_value_beyond_the_header(tmp_path: Path) -> None:
    """A cell beyond the header, outside a stale dimension tag, is reported as the CSV reader does."""
    path = _workbook(tmp_path / "stray.xlsx", [[*ROWS[0], None, "stray"]])
    _rewrite(
        path, SHEET, lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:D2"', xml)
    )
    _refused_by_both_doors(path, r"KPIs!F2: a value beyond the last header column")


# --- item 6: malformed workbooks -------------------------------------------------------------


def _cell_value(value: str, kind: str = "n") -> Callable[[str], str]:
    """A change setting cell D3 (the second KPI's value) to ``<v>value</v>`` of type ``kind``."""

    def change(xml: str) -> str:
        new, count = re.subn(
            r'<c r="D3"[^>]*>.*?</c>', f'<c r="D3" t="{kind}"><v>{value}</v></c>', xml
        )
        assert count == 1
        return new

    return change


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("NaN", "n"),
        ("abc", "n"),
        ("1.2.3", "n"),
        ("x", "b"),
        ("99999", "s"),
        ("-1x", "s"),
        ("1" * 5000, "n"),
    ],
)
def test_defect_workbook_nan_numeric_cell_value_error(
    tmp_path: Path, value: str, kind: str
) -> None:
    """A cell whose stored value is not of its type (NaN, abc, a shared string out of range) is located."""
    path = _rewrite(_workbook(tmp_path / "bad.xlsx"), SHEET, _cell_value(value, kind))
    _refused_by_both_doors(path, r"KPIs!D3: ")


@pytest.mark.parametrize("value", ["1" * 400, "1E+999999999", "-1E+999999999"])
def test_defect_workbook_huge_number_cell_is_not_located(tmp_path: Path, value: str) -> None:
    """A 400-digit or 1E+999999999 cell is refused with its Sheet!D3 location."""
    path = _rewrite(_workbook(tmp_path / "huge.xlsx"), SHEET, _cell_value(value))
    _refused_by_both_doors(path, r"KPIs!D3")


def test_defect_workbook_with_no_sheets_index_error(tmp_path: Path) -> None:
    """A workbook listing no sheets is refused with our error, not an IndexError."""
    path = _rewrite(
        _workbook(tmp_path / "empty.xlsx"),
        "xl/workbook.xml",
        lambda xml: re.sub(r"<sheets>.*</sheets>", "<sheets/>", xml, flags=re.DOTALL),
    )
    _refused_by_both_doors(path, r"empty\.xlsx: .*no worksheet")


def _corrupt_deflate(path: Path) -> Path:
    """Damage the sheet's compressed bytes (its zip entry still says deflate)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        info = book.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    return path


def _unsupported_version(path: Path) -> Path:
    """Mark the sheet's zip entry as needing zip version 99 (zipfile: NotImplementedError)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        info = book.getinfo(SHEET)
    data[info.header_offset + 4 : info.header_offset + 6] = (99).to_bytes(2, "little")
    central = data.rfind(b"PK\x01\x02")
    while central >= 0:
        name_length = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_length] == SHEET.encode():
            data[central + 6 : central + 8] = (99).to_bytes(2, "little")
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    path.write_bytes(bytes(data))
    return path


def _unsupported_method(path: Path) -> Path:
    """Mark the sheet's zip entry as compressed with method 99 (zipfile: NotImplementedError)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        info = book.getinfo(SHEET)
    data[info.header_offset + 8 : info.header_offset + 10] = (99).to_bytes(2, "little")
    central = data.rfind(b"PK\x01\x02")
    while central >= 0:
        name_length = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_length] == SHEET.encode():
            data[central + 10 : central + 12] = (99).to_bytes(2, "little")
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("damage", [_corrupt_deflate, _unsupported_version, _unsupported_method])
def test_defect_workbook_corrupt_zip_entry_raw_error(
    tmp_path: Path, damage: Callable[[Path], Path]
) -> None:
    """A corrupt deflate stream or an unsupported zip version or method is our error, not zlib's."""
    path = damage(_workbook(tmp_path / "broken.xlsx"))
    _refused_by_both_doors(path, r"broken\.xlsx: not a readable \.xlsx workbook")


def test_defect_workbook_malformed_risk_register_is_our_error(tmp_path: Path) -> None:
    """The risk loader refuses a malformed cell the same way, located."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Risks"
    sheet.append(["Code", "Title", "Likelihood", "Impact"])
    sheet.append(["R1", "Fire", 4, 4])
    book.save(tmp_path / "risks.xlsx")
    path = _rewrite(
        tmp_path / "risks.xlsx",
        SHEET,
        lambda xml: re.sub(r'<c r="C2"[^>]*>.*?</c>', '<c r="C2"><v>NaN</v></c>', xml),
    )
    with pytest.raises(LoadError, match=r"Risks!C2: "):
        load_risks(path)


# --- item 2: zip bombs -----------------------------------------------------------------------


def _stream_sheet(path: Path, chunks: Iterable[bytes]) -> Path:
    """The five KPIs' workbook, its sheet's XML replaced by ``chunks``, compressed as they come."""
    _workbook(path)
    with zipfile.ZipFile(path) as old:
        members = {
            info.filename: old.read(info) for info in old.infolist() if info.filename != SHEET
        }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            new.writestr(name, data)
        with new.open(SHEET, "w", force_zip64=True) as sheet:
            for chunk in chunks:
                sheet.write(chunk)
    return path


_OPEN = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>Title</t></is></c></row>'
)
_CLOSE = b"</sheetData></worksheet>"
MIB = 2**20


def _sheet_of(middle: Iterable[bytes]) -> Iterator[bytes]:
    yield _OPEN
    yield from middle
    yield _CLOSE


@pytest.mark.parametrize(
    ("mebibytes", "refusal"),
    [
        (MAX_XLSX_BYTES // MIB + 1, r"unpacks to [\d,]+ bytes, more than 104,857,600 bytes"),
        (8, r"sheet1\.xml is compressed [\d,]+:1, more than 100:1"),
    ],
)
def test_defect_xlsx_zip_bomb_whitespace(tmp_path: Path, mebibytes: int, refusal: str) -> None:
    """A workbook of a few kilobytes unpacking to megabytes of whitespace is refused unread."""
    path = _stream_sheet(tmp_path / "bomb.xlsx", _sheet_of([b" " * MIB] * mebibytes))
    assert path.stat().st_size < MIB
    _refused_by_both_doors(path, rf"bomb\.xlsx: .*{refusal}.*zip bomb")


def test_defect_xlsx_zip_bomb_empty_rows_memory_error(tmp_path: Path) -> None:
    """Millions of <row/> in a small file are refused before a row is read."""
    path = _stream_sheet(tmp_path / "rows.xlsx", _sheet_of([b"<row/>" * (MIB // 6)] * 20))
    _refused_by_both_doors(path, r"rows\.xlsx: .*compressed [\d,]+:1, more than 100:1")


def test_defect_xlsx_rows_past_the_limit(tmp_path: Path) -> None:
    """A row numbered past MAX_XLSX_ROWS (a one-cell file) is refused, naming the limit."""
    last = MAX_XLSX_ROWS + 1
    far = f'<row r="{last}"><c r="A{last}" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _stream_sheet(tmp_path / "far.xlsx", _sheet_of([far.encode()]))
    refusal = rf"far\.xlsx: KPIs!A{last}: the sheet holds more than 1,048,576 rows"
    _refused_by_both_doors(path, refusal + r" \(kpirag\.io\.MAX_XLSX_ROWS\)")


def test_defect_xlsx_cells_past_the_limit(tmp_path: Path) -> None:
    """Rows reaching column XFD add up past MAX_XLSX_CELLS and are refused, naming the limit."""
    rows = MAX_XLSX_CELLS // 16_384 + 2
    wide = (f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>'.encode() for r in range(2, rows + 2))
    path = _stream_sheet(tmp_path / "wide.xlsx", _sheet_of(wide))
    refusal = r"wide\.xlsx: KPIs!A\d+: the sheet holds more than 1,000,000 cells"
    with pytest.raises(LoadError, match=refusal + r" \(kpirag\.io\.MAX_XLSX_CELLS\)"):
        list(read_rows(path))


def _shared_strings(count: int) -> Iterator[bytes]:
    """A shared string table of ``count`` distinct numbers (compressing about 8:1)."""
    yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    for start in range(0, count, 100_000):
        stop = min(start + 100_000, count)
        yield "".join(f"<si><t>{n}</t></si>" for n in range(start, stop)).encode()
    yield b"</sst>"


def test_defect_xlsx_zip_bomb_shared_strings(tmp_path: Path) -> None:
    """A shared string table past MAX_XLSX_SHARED_STRINGS is refused before openpyxl reads it."""
    path = _workbook(tmp_path / "strings.xlsx")
    with zipfile.ZipFile(path) as old:
        members = {info.filename: old.read(info) for info in old.infolist()}
    types = members["[Content_Types].xml"].decode()
    strings_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    if "sharedStrings" not in types:
        types = types.replace(
            "</Types>",
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{strings_type}"/></Types>',
        )
    members["[Content_Types].xml"] = types.encode()
    members.pop("xl/sharedStrings.xml", None)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            new.writestr(name, data)
        with new.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
            for chunk in _shared_strings(MAX_XLSX_SHARED_STRINGS + 1):
                table.write(chunk)
    _refused_by_both_doors(
        path, r"strings\.xlsx: .*more shared strings than 1,000,000 \(kpirag\.io\.MAX_XLSX_SHARED"
    )


def test_a_table_of_shared_strings_at_the_limit_is_counted_exactly() -> None:
    """Exactly MAX_XLSX_SHARED_STRINGS entries pass the count (chunk edges count once)."""
    from kpirag.io._xlsx import _check_limits  # noqa: PLC0415 - the count alone, without openpyxl

    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book,
        book.open("xl/sharedStrings.xml", "w") as table,
    ):
        for chunk in _shared_strings(MAX_XLSX_SHARED_STRINGS):
            table.write(chunk)
    _check_limits(buffer.getvalue(), "exact.xlsx")


def test_an_unreadable_cell_is_our_error_when_the_parser_keeps_no_counters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should openpyxl's sheet parser stop keeping its counters, the error loses the cell only."""
    from openpyxl.worksheet._reader import WorkSheetParser  # noqa: PLC0415

    original = WorkSheetParser.parse_cell

    def parse_cell(self: WorkSheetParser, element: object) -> object:
        try:
            return original(self, element)
        except ValueError:
            del self.row_counter  # as if openpyxl kept no counter by that name
            raise

    monkeypatch.setattr(WorkSheetParser, "parse_cell", parse_cell)
    path = _rewrite(_workbook(tmp_path / "bad.xlsx"), SHEET, _cell_value("NaN"))
    with pytest.raises(LoadError, match="stored value cannot be read") as info:
        load_kpis(path)
    assert info.value.problems[0].cell is None
