"""Excel through the command line and the loaders: workbooks in and out (issue 14, items 5-6)."""

from __future__ import annotations

import io
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kpirag import load_budget, load_kpis, load_risks
from kpirag.cli import main
from kpirag.errors import LoadError
from kpirag.io._xlsx import read_rows

EXAMPLES = Path(__file__).parent.parent / "examples" / "data"
HEADER = ["ID", "Title", "Target", "Value", "Recorded"]
ROWS = [
    ["1.4", "Children missing from education", "<10", 0, "Green"],
    ["1.5", "Rough sleepers out just once", ">=75%", 0.69, "Red"],
    ["1.6", "People living on the streets", "<43", 46, "Amber"],
    ["2.9", "Adult learning enrolments", ">=2,000", 1850, "Amber"],
    ["3.4", "Care leavers in education", ">=85%", 0.89, "Green"],
]


def _run(*args: str | Path, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``kpirag ARGS`` in this process, where mutation testing sees it: code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    data = stdin.encode() if isinstance(stdin, str) else stdin or b""
    argv = [str(arg) for arg in args]
    code = main(argv, stdin=io.BytesIO(data), stdout=out, stderr=err)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def _workbook(path: Path, rows: list[list[object]], *, title: str | None = None) -> Path:
    """A sheet named KPIs: an optional title merged over the header, then the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "KPIs"
    if title is not None:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
        sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float) and cell.value < 1:
                cell.number_format = "0%"
    book.save(path)
    return path


def test_a_report_round_trips_through_a_workbook(tmp_path: Path) -> None:
    """Write a report as xlsx, read it back as data: the same values, figures as numbers."""
    source = EXAMPLES / "council_kpis.csv"
    rules = EXAMPLES / "council_rules.toml"
    target = tmp_path / "report.xlsx"
    written = _run("evaluate", source, "--rules", rules, "--format", "xlsx", "--output", target)
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    as_json = json.loads(_run("evaluate", source, "--rules", rules, "--format", "json").stdout)
    back = list(read_rows(target, columns={"id"}))
    assert [row.record["id"] for row in back] == [record["id"] for record in as_json]
    for row, record in zip(back, as_json, strict=True):
        assert row.record["value"] == record["value"]
        assert row.record["status"] == record["status"]
        assert row.record["explanation"] == record["explanation"]
    sheet = openpyxl.load_workbook(target).worksheets[0]
    values = {sheet.cell(row, 1).value: sheet.cell(row, 4).value for row in range(3, 13)}
    assert values["CP 1"] == pytest.approx(0.83)
    assert values["CP 5"] == 51200
    assert values["CP 3"] == "9.5 days"  # a figure with its unit stays text


def test_a_workbook_with_a_title_and_merged_cells_loads(tmp_path: Path) -> None:
    """A title row merged across the columns sits above the header; percentages as shown."""
    book = _workbook(tmp_path / "kpis.xlsx", ROWS, title="Q1 2017/18 key performance indicators")
    result = _run("audit", book, "--format", "json")
    assert result.returncode == 1, result.stderr
    assert [(r["id"], r["value"], r["computed"]) for r in json.loads(result.stdout)] == [
        ("1.5", "69%", "Amber")
    ]
    data = load_kpis(book)
    assert [str(r.computed) for r in data.evaluate().results] == [
        "Green",
        "Amber",
        "Amber",
        "Amber",
        "Green",
    ]


def test_a_bad_cell_is_located_as_sheet_and_cell(tmp_path: Path) -> None:
    """A bad target in the fourth data row (title, blank row, header above) is KPIs!C7."""
    rows = [list(row) for row in ROWS]
    rows[3][2] = "at most x"
    book = _workbook(tmp_path / "kpis.xlsx", rows, title="Q1")
    out = tmp_path / "out.csv"
    out.write_text("keep me", encoding="utf-8")
    result = _run("evaluate", book, "--output", out)
    assert result.returncode == 2
    assert f"{book}: KPIs!C7: column 'target' ('at most x'): Invalid target" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    with pytest.raises(LoadError) as caught:
        load_kpis(book)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.cell, problem.column) == ("KPIs", "C7", "target")
    assert (problem.location.sheet, problem.location.cell) == ("KPIs", "C7")


def test_another_sheet_by_name(tmp_path: Path) -> None:
    """--sheet reads the named sheet; an unknown name is reported with the sheets there are."""
    book = _workbook(tmp_path / "kpis.xlsx", ROWS)
    workbook = openpyxl.load_workbook(book)
    workbook.create_sheet("Notes", 0)
    workbook.save(book)
    result = _run("evaluate", book, "--sheet", "KPIs", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == len(ROWS)
    result = _run("evaluate", book, "--sheet", "Missing")
    assert result.returncode == 2
    assert "no sheet named 'Missing'; the workbook has 'Notes', 'KPIs'" in result.stderr


def test_input_format_names_a_workbook_on_standard_input(tmp_path: Path) -> None:
    """--input-format xlsx reads a workbook from standard input."""
    book = _workbook(tmp_path / "kpis.xlsx", ROWS)
    result = _run("evaluate", "-", "--input-format", "xlsx", stdin=book.read_bytes())
    assert result.returncode == 0, result.stderr
    assert "Rough sleepers" in result.stdout


@pytest.mark.parametrize("output", [None, "-"])
def test_a_workbook_needs_a_file_or_a_pipe(tmp_path: Path, output: str | None) -> None:
    """--format xlsx without --output is a usage error; --output - writes into a pipe."""
    extra = [] if output is None else ["--output", output]
    command = ["evaluate", str(EXAMPLES / "council_kpis.csv")]
    command += ["--rules", str(EXAMPLES / "council_rules.toml"), "--format", "xlsx", *extra]
    piped, err = io.BytesIO(), io.StringIO()
    stdout = io.TextIOWrapper(piped, encoding="utf-8")  # a pipe: text with a binary buffer
    code = main(command, stdout=stdout, stderr=err)
    if output is None:
        assert code == 2
        assert "give --output FILE.xlsx" in err.getvalue()
        return
    assert code == 0, err.getvalue()
    stdout.flush()
    assert piped.getvalue()[:2] == b"PK"  # a zip: the workbook
    (tmp_path / "piped.xlsx").write_bytes(piped.getvalue())
    assert len(list(read_rows(tmp_path / "piped.xlsx", columns={"id"}))) == 10


def test_risks_and_budgets_load_from_workbooks(tmp_path: Path) -> None:
    """load_risks and load_budget read workbooks; risk and budget tables write them."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Register"
    sheet.append(["Code", "Title", "Score", "Target date"])
    sheet.append(["DCCS HS 003", "Safeguarding", 16, "30/09/17"])
    risks = tmp_path / "risks.xlsx"
    book.save(risks)
    register = load_risks(risks)
    assert [risk.score for risk in register.risks] == [16]
    budget = tmp_path / "budget.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Budget", "Projected"])
    sheet.append(["People", 6974, 7093])
    sheet.append(["Barbican Residential", -1230, -1100])
    sheet["B3"].number_format = "#,##0;(#,##0)"
    book.save(budget)
    table = load_budget(budget)
    assert [line.budget for line in table.lines] == [Decimal(6974), Decimal(-1230)]
    out = tmp_path / "budget-out.xlsx"
    result = _run("budget", budget, "--format", "xlsx", "--output", out)
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(out).worksheets[0]["B3"].value == 6974
