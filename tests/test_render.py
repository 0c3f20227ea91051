"""Rendering: tables in text, GitHub Markdown, HTML, LaTeX and CSV, and the Q1 report."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from kpirag import (
    KPI,
    BudgetLine,
    BudgetTable,
    Cell,
    Format,
    Framework,
    KpiragError,
    Observation,
    Report,
    Status,
    Table,
    budget_table,
    kpi_table,
    summarise,
    summary_table,
)
from kpirag.report._render import defuse_formula, latex_escape

GOLDEN = Path(__file__).parent / "golden" / "q1_2017_18.txt"
EXAMPLE = Path(__file__).parent.parent / "examples" / "q1_2017_18.py"
HOSTILE = "<script>alert('x')</script> & \"friends\""


def test_golden_text_output(q1: ModuleType) -> None:
    """The example's text output is exactly the reviewed golden file (update it deliberately)."""
    assert q1.render("text") + "\n" == GOLDEN.read_text(encoding="utf-8")


def test_example_runs_as_a_script(tmp_path: Path) -> None:
    """The example runs from the command line and writes each format to a file."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, check=True
    )
    assert done.stdout == GOLDEN.read_text(encoding="utf-8")
    for fmt in Format:
        target = tmp_path / f"report.{fmt.value}"
        subprocess.run(
            [sys.executable, str(EXAMPLE), "--format", fmt.value, "--output", str(target)],
            check=True,
        )
        assert target.read_text(encoding="utf-8").strip()
    bad = subprocess.run(
        [sys.executable, str(EXAMPLE), "--format", "pdf"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
    assert "invalid choice" in bad.stderr


@pytest.fixture
def hostile_table() -> Table:
    """A KPI table whose title and commentary are hostile markup and formulas."""
    framework = Framework([KPI("1", HOSTILE, "<43"), KPI("2", '=HYPERLINK("x")', "75%")])
    evaluation = framework.evaluate(
        [
            Observation("1", 46, commentary="@SUM(A1:A9) 50% & more_x {y} #1 ~ ^"),
            Observation("2", "-5%", commentary="+cmd|' /C calc'!A0"),
        ]
    )
    return kpi_table(evaluation)


def test_html_escapes_every_string(hostile_table: Table) -> None:
    """HTML output keeps a KPI titled <script> as text and colours status cells."""
    rendered = hostile_table.render("html")
    assert "<script>" not in rendered
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;friends&quot;" in rendered
    assert 'style="background-color:#ffeb9c' in rendered
    assert hostile_table._repr_html_() == rendered


def test_csv_defuses_formulas_but_keeps_numbers(hostile_table: Table) -> None:
    """Cells starting with =, +, -, @ are made inert unless they are numbers."""
    rows = list(csv.reader(io.StringIO(hostile_table.render("csv"))))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("x")' in cells
    assert "'@SUM(A1:A9) 50% & more_x {y} #1 ~ ^" in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert "-5%" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-1,230", "-1,230"),
        ("-12.5%", "-12.5%"),
        ("+5", "+5"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_defuse_formula(text: str, expected: str) -> None:
    """Formula defusing leaves numbers and plain text alone."""
    assert defuse_formula(text) == expected


def test_latex_escapes_special_characters(hostile_table: Table) -> None:
    """LaTeX output escapes &, %, $, #, _, {, }, ~, ^, backslash and angle brackets."""
    rendered = hostile_table.render("latex")
    assert r"50\% \& more\_x \{y\} \#1" in rendered
    assert (
        latex_escape("a\\b ~ ^ $") == r"a\textbackslash{}b \textasciitilde{} \textasciicircum{} \$"
    )


def test_text_wraps_long_columns(hostile_table: Table) -> None:
    """Long text wraps to the chosen width in plain text; GitHub Markdown stays one line a row."""
    narrow = hostile_table.render("text", width=20)
    assert max(len(line) for line in narrow.splitlines()) < 150
    assert "friends" in narrow
    github = hostile_table.render("github")
    assert github.startswith("## KPIs")
    assert len(github.splitlines()) == 2 + 2 + len(hostile_table.rows)


def test_summary_and_budget_read_back_from_csv(q1: ModuleType) -> None:
    """The summary counts and budget totals read back from the CSV equal the computed values."""
    report = q1.report()
    summary_rows = list(csv.DictReader(io.StringIO(report.summary.render("csv"))))
    counts = {row["Status"]: int(row["Count"]) for row in summary_rows}
    assert counts == {"Green": 17, "Amber": 2, "Red": 1, "N/A": 21, "Total": 41}
    percents = {row["Status"]: row["% of rated"] for row in summary_rows}
    assert (percents["Green"], percents["Amber"], percents["Red"]) == ("85%", "10%", "5%")
    budget_rows = list(csv.DictReader(io.StringIO(report.budget.render("csv"))))
    total = next(row for row in budget_rows if row["Division"] == "Total")
    table: BudgetTable = q1.budget()
    for category in table.categories:
        computed = table.total(category)
        for field, column in (("budget", "budget"), ("projected", "projected")):
            shown = total[f"{category} {column} £'000"].replace(",", "")
            assert Decimal(shown) == getattr(computed, field)
    assert Decimal(total["Local risk variance"]) == Decimal(6)


def test_records_for_pandas(q1: ModuleType) -> None:
    """Every table gives plain records keyed by header, with raw values where they exist."""
    report = q1.report()
    records = report.budget.to_records()
    people = next(r for r in records if r["Division"] == "People")
    assert people["Local risk variance"] == Decimal(119)
    assert people["Local risk ADV/FAV"] == "ADV"
    kpis = report.kpis.to_records()
    assert {"ID", "Measure", "Target", "Value", "Status", "Commentary"} == set(kpis[0])
    assert next(r for r in kpis if r["ID"] == "1.6")["Value"] == Decimal(46)
    assert report.risks is not None
    assert [r["Score"] for r in report.risks.to_records()][:2] == [Decimal(16), Decimal(12)]
    assert "<h2>" in report._repr_html_()
    assert str(report).startswith("DCCS business plan update, Q1 2017/18")


def test_summary_table_rounding_adds_to_100() -> None:
    """Displayed percentages add up to 100 even for thirds."""
    table = summary_table(summarise([Status.GREEN, Status.AMBER, Status.RED]))
    shown = [r["% of rated"] for r in table.to_records()[:3]]
    assert sum(shown) == 100  # type: ignore[arg-type]


def test_budget_table_zero_budget() -> None:
    """A zero budget shows n/a for its percentage rather than failing."""
    table = budget_table(BudgetTable([BudgetLine("New", 0, 25)]))
    assert table.to_records()[0]["Budget variance %"] == "n/a"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Table("t", ["a", "b"], [["1"]]), "1 cells for 2 columns"),
        (lambda: Table("t", ["a"], [["1"]], wrap=["z"]), "not headers"),
        (lambda: Table("t", ["a"], [["1"]]).render("pdf"), "expected one of text"),
        (lambda: Cell(5), "expected text"),  # type: ignore[arg-type]
    ],
)
def test_bad_tables(build: object, message: str) -> None:
    """Malformed tables and unknown formats are our error."""
    with pytest.raises(KpiragError, match=message):
        build()  # type: ignore[operator]


def test_report_in_every_format() -> None:
    """A report renders each format with its own heading style."""
    report = Report("R & D", [Table("T", ["a"], [["1"]])])
    assert report.render("github").startswith("# R & D")
    assert report.render("html").startswith("<h2>R &amp; D</h2>")
    assert report.render("latex").startswith(r"\section*{R \& D}")
    assert report.render("csv") == "a\n1\n"
    assert str(report).startswith("R & D\n=====")
