"""Rendering: tables in text, GitHub Markdown, HTML, LaTeX and CSV, and the Q1 report."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpirag import (
    KPI,
    BudgetLine,
    BudgetTable,
    Cell,
    Format,
    Framework,
    InvalidFormatError,
    KpiragError,
    Observation,
    Report,
    Status,
    Table,
    ValueTypeError,
    budget_table,
    kpi_table,
    risk_table,
    summarise,
    summary_table,
)
from kpirag.report._escape import visible
from kpirag.report._render import (
    CELL_LIMIT,
    COLUMN_LIMIT,
    defuse_formula,
    latex_escape,
    render_table,
)

GOLDEN = Path(__file__).parent / "golden" / "q1_2017_18.txt"
EXAMPLE = Path(__file__).parent.parent / "examples" / "q1_2017_18.py"
HOSTILE = "<script>alert('x')</script> & \"friends\""


def test_golden_text_output(q1: ModuleType) -> None:
    """The example's text output is exactly the reviewed golden file (update it deliberately)."""
    assert q1.render("text") + "\n" == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["github", "latex", "csv", "html"])
def test_golden_output_in_every_format(q1: ModuleType, fmt: str) -> None:
    """The example's tables in each format are exactly the reviewed golden file (update deliberately).

    HTML is the standalone document without charts (the charts' SVG is pinned
    by tests/plot/test_chart_inventory.py); ``KPIRAG_UPDATE_GOLDEN=1`` rewrites the files.
    """
    built = q1.report()
    report = Report(built.title, (*built.tables, q1.phasing_table()))
    shown = report.to_html(standalone=True) if fmt == "html" else report.render(fmt, width=60)
    golden = GOLDEN.with_suffix(f".{fmt}")  # not .md: pytest would read it for doctests
    if os.environ.get("KPIRAG_UPDATE_GOLDEN"):
        golden.write_text(shown, encoding="utf-8")
    assert shown.splitlines() == golden.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("width", [30, 60, None])
def test_a_quarterly_report_renders_at_the_width_asked_for(
    q1: ModuleType, width: int | None
) -> None:
    """``QuarterlyReport.render`` wraps its text at ``width`` as ``Report.render`` does."""
    built = q1.report()
    assert built.render("text", width=width) == Report(built.title, built.tables).render(
        "text", width=width
    )
    if width is not None:
        assert built.render("text", width=width) != built.render("text", width=None)


@pytest.mark.parametrize("as_of", ["2017-06-30", 20170630])
def test_a_risk_tables_as_of_date_is_a_date_or_none(q1: ModuleType, as_of: object) -> None:
    """``risk_table(as_of=...)`` names the field and what it takes."""
    with pytest.raises(ValueTypeError) as caught:
        risk_table(q1.risk_register(), as_of=as_of)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.expected) == ("as_of", "a date or None")


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


def test_kpi_table_without_commentary_has_no_commentary_column() -> None:
    """kpi_table(commentary=False) drops the column (it used to raise on its wrap list)."""
    evaluation = Framework([KPI("1", "a", "<43")]).evaluate([Observation("1", 46, commentary="c")])
    table = kpi_table(evaluation, commentary=False)
    assert table.headers == ("ID", "Measure", "Target", "Value", "Status")
    assert table.wrap == ("Measure", "Value")


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
    assert table.to_records()[0]["Variance %"] == "n/a"


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


CONTROL_PAYLOADS = [
    "\x1b]0;owned\x07",
    "\x1b[2J\x1b[H",
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "Green\u202eneerG",
    "\x9b31m",
    "nul\x00bell\x07del\x7f",
    "\u2066isolate\u2069 \u200fmark",
    "back\rspace\x08",
]
# Every control a terminal or a bidi algorithm acts on, except tab and newline.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _table_with(text: str) -> Report:
    return Report(text, [Table(text, [text, "n"], [[text, Cell(text, status=Status.RED)]])])


@pytest.mark.parametrize("payload", CONTROL_PAYLOADS)
@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_shows_controls_as_escapes(fmt: Format, payload: str) -> None:
    """Terminal escapes, OSC 8 links and bidi controls in any text field come out as visible text."""
    rendered = _table_with(payload).render(fmt)
    assert not CONTROL.search(rendered)
    assert any(code in rendered for code in ("x1b", "u202e", "x9b", "x00", "u2066", "x0d"))


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=40), fmt=st.sampled_from(list(Format)))
def test_no_control_character_reaches_any_output(text: str, fmt: Format) -> None:
    """Law: whatever the text, no format outputs a control character other than tab or newline."""
    assert not CONTROL.search(_table_with(text).render(fmt))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("a\u202eb", "a\\u202eb"),
        ("\x85", "\\x85"),
        ("x\r\ny", "x\ny"),
        ("x\u2028y", "x\ny"),
        ("x\ry", "x\\x0dy"),
        ("tab\there", "tab\there"),
        ("£ é ✓", "£ é ✓"),
    ],
)
def test_visible(text: str, shown: str) -> None:
    """The shared sanitiser escapes controls, normalises line breaks and keeps other text."""
    assert visible(text) == shown


GITHUB_PAYLOADS = ["<script>alert(1)</script>", "a | b | c", "`code`", "back\\|slash", "[x](y)"]


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))


@pytest.mark.parametrize("payload", GITHUB_PAYLOADS)
def test_github_escapes_markup_and_pipes(payload: str) -> None:
    """Markdown cells carry no raw HTML, no code spans and no extra columns."""
    rendered = _table_with(payload).render("github")
    lines = [line for line in rendered.splitlines() if line.startswith("|")]
    assert {_unescaped_pipes(line) for line in lines} == {3}
    for raw in ("<script>", "`code`", "[x](y)"):
        assert raw not in rendered
    assert "\n\n" not in rendered.split("## ", 1)[1].split("\n\n", 1)[1]


def test_github_keeps_line_breaks_inside_the_row() -> None:
    """A cell with line breaks stays one Markdown row, the breaks shown as <br>."""
    rendered = Table("T", ["a", "b"], [["one\ntwo", "x"]]).render("github")
    assert rendered.splitlines()[-1] == "| one<br>two | x   |"


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=30))
def test_github_rows_always_have_their_columns(text: str) -> None:
    """Law: whatever a cell holds, every Markdown line of the table has the header's pipes."""
    rendered = Table("T", ["a", "b"], [[text, "x"], ["y", text]]).render("github")
    lines = rendered.splitlines()[2:]
    assert len(lines) == 4
    assert {_unescaped_pipes(line) for line in lines} == {3}


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=30) | st.text(st.sampled_from("ab \n\r\t\u2028&%\\"), max_size=12))
def test_latex_cells_never_break_the_tabular(text: str) -> None:
    """Law: no cell puts a blank line (a paragraph break) inside the tabular."""
    rendered = _table_with(text).render("latex")
    tabular = rendered.split(r"\begin{tabular}", 1)[1]
    assert "\n\n" not in tabular
    assert not re.search(r"\n\s*\n", tabular)


def test_latex_blank_line_in_a_cell() -> None:
    """A cell holding a blank line comes out as one line of the tabular."""
    rendered = Table("T", ["a"], [["a\n\nb"]]).render("latex")
    assert " a  b " in rendered
    assert "\n\n" not in rendered


def test_a_huge_cell_is_cut_and_bounded() -> None:
    """A 120,000-digit cell beside a wrapped column gives a few kilobytes, not gigabytes."""
    big = "9" * 120_000
    table = Table(
        "T",
        ["Value", "Explanation"],
        [[Cell(big, numeric=True), f"Green: {big}"]],
        wrap=["Explanation"],
    )
    for width in (60, None):
        rendered = table.render("text", width=width)
        assert len(rendered) < 10 * CELL_LIMIT * 2
        assert "…[+119,000 characters]" in rendered
        assert "…[+119,007" in rendered
    assert max(map(len, table.render("text").splitlines())) <= COLUMN_LIMIT + 2 + 60
    github = table.render("github")
    assert len(github) < 3 * 2 * (CELL_LIMIT + 40)
    assert r"…\[+119,000 characters\]" in github
    assert big in table.render("csv")
    assert big in table.render("html")


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("x" * 150, 60, ["x" * 100, "x" * 50]),
        ("x" * 150, 120, ["x" * 120, "x" * 30]),
        ("x" * 150, None, ["x" * 150]),
        ("x" * 100, 60, ["x" * 100]),
        ("one\ntwo", 60, ["one", "two"]),
    ],
)
def test_columns_that_do_not_wrap_are_still_bounded(
    text: str, width: int | None, expected: list[str]
) -> None:
    """A column outside ``wrap`` wraps at COLUMN_LIMIT (or ``width`` if wider) and keeps line breaks."""
    rendered = Table("T", ["a"], [[text]]).render("text", width=width)
    assert [line.rstrip() for line in rendered.splitlines()[4:]] == expected


@pytest.mark.parametrize("name", ["github", "markdown", "md", " Markdown ", Format.GITHUB])
def test_markdown_aliases(name: str) -> None:
    """``markdown`` and ``md`` are other names for ``github``."""
    assert Format.parse(name) is Format.GITHUB
    assert Table("T", ["a"], [["1"]]).render(name).startswith("## T")


untyped: Any = SimpleNamespace(Cell=Cell, Table=Table, render_table=render_table)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: untyped.Cell("a", status="Red"), ValueTypeError, "Invalid status 'Red'"),
        (lambda: untyped.Cell("a", numeric="yes"), ValueTypeError, "Invalid numeric 'yes'"),
        (lambda: untyped.Table("t", ["a"], [[5]]), ValueTypeError, "Invalid cell 5"),
        (
            lambda: untyped.Table("t", ["a"], [["1"]], wrap=[1]),
            ValueTypeError,
            "Invalid wrap item 1",
        ),
        (
            lambda: untyped.Table("t", ["a"], [["1"]]).render(width="x"),
            ValueTypeError,
            "Invalid width 'x'",
        ),
        (lambda: Table("t", ["a"], [["1"]]).render(width=-1), ValueTypeError, "Invalid width -1"),
        (
            lambda: untyped.Table("t", ["a"], [["1"]]).render(5),
            InvalidFormatError,
            "Invalid format 5",
        ),
        (lambda: untyped.render_table("x", "text"), ValueTypeError, "Invalid table 'x'"),
        (lambda: Format(None), InvalidFormatError, "expected one of text"),
    ],
)
def test_junk_arguments_are_our_errors(
    call: Callable[[], object], error: type[KpiragError], message: str
) -> None:
    """Wrong types and values given to tables and renderers raise our errors, naming the field."""
    with pytest.raises(error, match=re.escape(message)):
        call()


@pytest.mark.parametrize("fmt", ["text", "github", "latex", "csv"])
def test_number_like_text_is_shown_as_written(fmt: str) -> None:
    """Text that looks like a number (1.50, 069, 1e3, -0.0) is shown as written, never reparsed."""
    table = Table("T", ["a", "b"], [["1.50", "069"], ["1e3", "-0.0"]])
    shown = table.render(fmt)
    for text in ("1.50", "069", "1e3", "-0.0"):
        assert text in shown
    assert "1000" not in shown
