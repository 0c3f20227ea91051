"""Every command through the same doors: kpirag spc and kpirag report read and write as evaluate does."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import html5lib
import pytest

from kpirag.cli import main

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("matplotlib")

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"
EXAMPLE = DATA / "spc_example.csv"
HEADER: list[object] = ["series", "period", "value", "target", "improvement"]
SVG = "{http://www.w3.org/2000/svg}svg"
XHTML = "{http://www.w3.org/1999/xhtml}"


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """Run ``kpirag ARGV``: the exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def rows(name: str = "A", count: int = 15) -> list[list[object]]:
    """``count`` monthly points of one series, in cells."""
    return [[name, f"2024-{n:02}" if n <= 12 else f"2025-{n - 12:02}", 50 + n % 3, "", ""]
            for n in range(1, count + 1)]  # fmt: skip


def workbook(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> str:
    """A workbook with a sheet of rows for each name, in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, cells in sheets.items():
        sheet = book.create_sheet(name)
        for row in cells:
            sheet.append(row)
    book.save(path)
    return str(path)


def write_csv(path: Path, cells: Sequence[Sequence[object]], encoding: str = "utf-8") -> str:
    """A CSV file of ``cells`` under the SPC header."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADER, *cells])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return str(path)


def parsed(page: str) -> object:
    """The page parsed by html5lib in strict mode: any parse error fails the test."""
    return html5lib.HTMLParser(strict=True).parse(page)


def test_defect_spc_cli_reads_xlsx(tmp_path: Path) -> None:
    """`kpirag spc tracker.xlsx` charts the workbook's series (it read every file as CSV)."""
    path = workbook(tmp_path / "tracker.xlsx", {"SPC": [HEADER, *rows("A"), *rows("B", 20)]})
    code, out, err = run("spc", path, "--format", "json")
    assert (code, err) == (0, "")
    assert [(s["series"], s["n"]) for s in json.loads(out)] == [("A", 15), ("B", 20)]


def _encoding(tmp_path: Path) -> tuple[list[str], str]:
    return [write_csv(tmp_path / "cafe.csv", rows("Café"), encoding="cp1252"), "--encoding",
            "cp1252"], "Café"  # fmt: skip


def _sheet(tmp_path: Path) -> tuple[list[str], str]:
    sheets: dict[str, Sequence[Sequence[object]]] = {
        "Notes": [["read me"]],
        "SPC": [HEADER, *rows("On sheet SPC")],
    }
    return [workbook(tmp_path / "t.xlsx", sheets), "--sheet", "SPC"], "On sheet SPC"


def _output(tmp_path: Path) -> tuple[list[str], str]:
    return [write_csv(tmp_path / "a.csv", rows("Out")), "--output", str(tmp_path / "o.json")], "Out"


def _quiet(tmp_path: Path) -> tuple[list[str], str]:
    return [write_csv(tmp_path / "short.csv", rows("Short", 4)), "--quiet"], "Short"


@pytest.mark.parametrize(
    "option", [_encoding, _sheet, _output, _quiet], ids=["encoding", "sheet", "output", "quiet"]
)
def test_defect_spc_cli_encoding_sheet_output_quiet(tmp_path: Path, option: object) -> None:
    """--encoding, --sheet, --output and --quiet work for kpirag spc as for kpirag evaluate."""
    argv, series = option(tmp_path)  # type: ignore[operator]
    code, out, err = run("spc", *argv, "--format", "json")
    assert (code, err) == (0, "")  # --quiet: no warning of the 4-point run chart
    if "--output" in argv:
        assert out == ""
        out = Path(argv[-1]).read_text(encoding="utf-8")
    assert json.loads(out)[0]["series"] == series


def test_spc_warnings_go_to_stderr_without_quiet(tmp_path: Path) -> None:
    """Without --quiet, a chart's warning goes to standard error, naming its series."""
    code, out, err = run("spc", write_csv(tmp_path / "short.csv", rows("Short", 4)))
    assert code == 0
    assert "kpirag: warning: series 'Short': " in err
    assert "Short" in out


def test_defect_spc_html_has_chart() -> None:
    """`kpirag spc --format html` is a whole page with an XmR chart (inline SVG) per series."""
    code, out, err = run("spc", str(EXAMPLE), "--format", "html")
    assert (code, err) == (0, "")
    document = parsed(out)
    figures = list(document.iter(f"{XHTML}figure"))  # type: ignore[attr-defined]
    captions = ["".join(f.find(f"{XHTML}figcaption").itertext()) for f in figures]
    assert captions == ["ED 4-hour (%)", "Falls per 1,000 bed days", "Days to first appointment"]
    assert all(len(list(figure.iter(SVG))) == 1 for figure in figures)
    assert "Improvement (High)" in out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_defect_spc_cli_problems_all_or_nothing_located(tmp_path: Path, fmt: str) -> None:
    """Every problem in every series, each at its line and column (or cell); nothing written."""
    cells: list[list[object]] = [
        ["A", "2024-01", "x", "", ""],
        ["C", "2024-01", 1, "", "up"],
        ["B", "2024-01", 2, "", ""],
        ["B", "Jan 2024", 3, "", ""],
    ]
    if fmt == "csv":
        path = write_csv(tmp_path / "bad.csv", cells)
        where = [f"{path}:2:3: column 'value'", f"{path}:3:5: column 'improvement'"]
        where.append(
            f"{path}:5:2: column 'period' ('Jan 2024'): duplicate period (first at line 4)"
        )
    else:
        path = workbook(tmp_path / "bad.xlsx", {"SPC": [HEADER, *cells]})
        where = [f"{path}: SPC!C2: column 'value'", f"{path}: SPC!E3: column 'improvement'"]
        where.append(
            f"{path}: SPC!B5: column 'period' ('Jan 2024'): duplicate period (first at row 4)"
        )
    target = tmp_path / "out.json"
    target.write_text("untouched", encoding="utf-8")
    code, out, err = run("spc", path, "--format", "json", "--output", str(target))
    assert (code, out) == (2, "")
    assert err.startswith("kpirag: 3 problems found; nothing was loaded\n")
    for place in where:
        assert place in err
    assert target.read_text(encoding="utf-8") == "untouched"


def _statuses(text: str) -> dict[str, str]:
    """Each KPI's status in a CSV table (theme headings, with no id, left out)."""
    return {row["ID"]: row["Status"] for row in csv.DictReader(io.StringIO(text)) if row["ID"]}


def test_defect_report_takes_rules() -> None:
    """`kpirag report --rules` judges KPIs by the rules file, as `kpirag evaluate --rules` does."""
    kpis, rules = str(DATA / "council_kpis.csv"), str(DATA / "council_rules.toml")
    code, evaluated, err = run("evaluate", kpis, "--rules", rules, "--format", "csv")
    assert (code, err) == (0, "")
    code, report, err = run("report", kpis, "--rules", rules, "--format", "csv")
    assert (code, err) == (0, "")
    table = report[report.index("ID,Measure,Target,Value,Status") :].split("\n\n")[0]
    assert _statuses(table) == _statuses(evaluated)
    assert "Amber" in _statuses(table).values()  # the trend-aware rule: Amber for improving


def test_defect_report_takes_series_files(tmp_path: Path) -> None:
    """A series file adds RAG beside SPC (a series named after a KPI) and an SPC section."""
    kpis = tmp_path / "kpis.csv"
    kpis.write_text("id,title,target,value\nED 4-hour (%),Seen in 4 hours,>=76%,75%\n", "utf-8")
    code, out, err = run("report", str(kpis), str(EXAMPLE), "--format", "html")
    assert (code, err) == (0, "")
    sections = {
        "".join(section.find(f"{XHTML}h2").itertext()): section
        for section in parsed(out).iter(f"{XHTML}section")  # type: ignore[attr-defined]
    }
    assert len(list(sections["RAG and SPC"].iter(SVG))) == 1
    assert len(list(sections["Statistical process control"].iter(SVG))) == 2
    rag = "".join(sections["RAG and SPC"].find(f".//{XHTML}tbody").itertext())
    assert "Amber" in rag
    assert "Improvement (High)" in rag


COMMANDS = {
    "evaluate": ["evaluate", str(DATA / "statutory_indicators.csv"), "--rules",
                 str(DATA / "statutory_rules.toml")],
    "evaluate-plain": ["evaluate", str(DATA / "council_kpis.csv")],
    "spc": ["spc", str(EXAMPLE), "--points"],
}  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_roundtrip_written_xlsx_csv(tmp_path: Path, command: str, fmt: str) -> None:
    """What kpirag writes as CSV or a workbook, it reads back to the same table."""
    argv = COMMANDS[command]
    first = tmp_path / "first.csv"
    code, _, err = run(*argv, "--format", "csv", "--output", str(first), "-q")
    assert (code, err) == (0, "")
    written = tmp_path / f"written.{fmt}"
    code, _, err = run(*argv, "--format", fmt, "--output", str(written), "-q")
    assert (code, err) == (0, "")
    again = [argv[0], str(written), *argv[2:]]
    code, out, err = run(*again, "--format", "csv")
    assert (code, err) == (0, "")
    assert out == first.read_text(encoding="utf-8")


def test_spc_html_without_matplotlib_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without kpirag.plot the page has the tables, and a warning says why there are no charts."""
    monkeypatch.setitem(sys.modules, "kpirag.plot", None)
    code, out, err = run("spc", str(EXAMPLE), "--format", "html")
    assert code == 0
    assert "kpirag: warning: no charts, as matplotlib is not installed" in err
    assert "<svg" not in out
    assert "Improvement (High)" in out
    assert run("spc", str(EXAMPLE), "--format", "html", "--quiet")[2] == ""


def test_defect_report_reads_xlsx(tmp_path: Path) -> None:
    """`kpirag report` takes workbooks, told apart by their header row, with --sheet too."""
    kpis = workbook(tmp_path / "kpis.xlsx", {"KPIs": [["ID", "Title", "Target", "Value"],
                                                       ["1", "Seen", ">=75%", "80%"]]})  # fmt: skip
    series = workbook(tmp_path / "spc.xlsx", {"Notes": [["x"]], "SPC": [HEADER, *rows("A")]})
    code, out, err = run(
        "report", kpis, series, "--sheet", "KPIs", "--sheet", "SPC", "--format", "csv"
    )
    assert (code, err) == (0, "")
    assert _statuses(out[out.index("ID,Measure,Target,Value,Status") :].split("\n\n")[0]) == {
        "1": "Green"
    }
    assert "Common cause" in out
    with Path(kpis).open("rb") as stream:
        code, out, err = run("report", "-", "--input-format", "xlsx", stdin=stream.read())
    assert (code, err) == (0, "")
    assert "Seen" in out


def test_defect_html_periods_do_not_wrap() -> None:
    """In `kpirag spc --format html` a short cell (a period such as 2024-01) is set on one line."""
    code, out, err = run("spc", str(EXAMPLE), "--format", "html", "--points", "-q")
    assert (code, err) == (0, "")
    assert re.search(r"\.short\s*\{[^}]*white-space:\s*nowrap", out)
    cells = re.findall(r'<td class="short">(\d{4}-\d\d)</td>', out)
    assert cells
    assert not re.search(r"<td>\d{4}-\d\d</td>", out)


def test_roundtrip_not_rated_rows(tmp_path: Path) -> None:
    """The table `kpirag evaluate` writes (csv, xlsx) reads back with its not-rated rows."""
    source = tmp_path / "kpis.csv"
    source.write_text(
        "id,title,target,value,reason\n1,A,>=75%,80%,\n2,B,>=75%,,tbc\n3,C,>=10,,\n"
        "4,D,,,Working with provider\n5,E,>=75%,,Annual\n",
        "utf-8",
    )
    code, first, err = run("evaluate", str(source), "--format", "csv")
    assert (code, err) == (0, "")
    for fmt in ("csv", "xlsx"):
        written = tmp_path / f"written.{fmt}"
        assert run("evaluate", str(source), "--format", fmt, "--output", str(written), "-q")[0] == 0
        code, again, err = run("evaluate", str(written), "--format", "csv")
        assert (code, err) == (0, ""), fmt
        assert _statuses(again) == _statuses(first) == {
            "1": "Green", "2": "N/A", "3": "N/A", "4": "N/A", "5": "N/A"
        }  # fmt: skip
        assert again == first, fmt
