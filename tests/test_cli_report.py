"""``kpirag report``: run directly and through a small argparse harness like the CLI's."""

from __future__ import annotations

import builtins
import io
import sys
from pathlib import Path
from typing import Any

import pytest

from kpirag.cli import main
from kpirag.io import file_kind

DATA = Path(__file__).resolve().parent.parent / "examples" / "data"
KPIS, RISKS, BUDGET = (DATA / f"q1_2017_18_{name}.csv" for name in ("kpis", "risks", "budget"))
PERIOD = ["--period", "Q1 2017/18"]


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """Run ``kpirag report ...``; (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["report", *argv], stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_writes_the_standalone_report_with_charts(tmp_path: Path) -> None:
    """Three files, told apart by their columns, become one HTML document with three charts."""
    target = tmp_path / "report.html"
    code, out, err = run(
        str(BUDGET), str(KPIS), str(RISKS), *PERIOD, "--title", "Q1 <b>", "--format", "html",
        "--output", str(target),
    )  # fmt: skip
    assert (code, out, err) == (0, "", "")
    document = target.read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>")
    assert "<title>Q1 &lt;b&gt;</title>" in document
    assert document.count("<svg") == 3
    for heading in ("Status summary", "KPIs", "Risk register", "Budget monitoring", "Audit"):
        assert f">{heading}</h2>" in document
    assert "http://" not in document
    assert "https://" not in document


def test_text_report_of_risks_and_budget_only() -> None:
    """Without a KPI file the report holds the risk and budget tables, in text by default."""
    code, out, _ = run(str(RISKS), str(BUDGET))
    assert code == 0
    assert out.startswith("Performance report\n")
    assert "Risk register" in out
    assert "Budget monitoring by division" in out
    assert "Status summary" not in out


def test_no_charts_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """When kpirag.plot cannot be imported the document is written without charts, with a note."""
    real_import = builtins.__import__

    def no_plot(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "kpirag.plot":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "kpirag.plot", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_plot)
    code, out, err = run(str(KPIS), *PERIOD, "--format", "html")
    assert code == 0
    assert "<svg" not in out
    note = "kpirag: note: no charts, as matplotlib is not installed (pip install 'kpirag[plot]')\n"
    assert err == note
    assert run(str(KPIS), *PERIOD, "--format", "html", "--quiet")[2] == ""


def test_no_charts_option() -> None:
    """--no-charts leaves the charts out."""
    code, out, _ = run(str(KPIS), *PERIOD, "--format", "html", "--no-charts")
    assert code == 0
    assert "<svg" not in out


def test_standard_input_is_read_as_csv() -> None:
    """- reads the file from standard input."""
    code, out, _ = run("-", "--format", "csv", stdin=RISKS.read_bytes())
    assert code == 0
    assert out.startswith("Code,Title,Rating")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([KPIS, KPIS], "both hold KPIs; give one file of each kind"),
        ([DATA.parent / "quickstart.py"], "cannot tell what"),
        (["-", "-"], "- (standard input) can be given once"),
    ],
)
def test_usage_errors(files: list[Path | str], message: str) -> None:
    """Two files of one kind, a file of no known kind or stdin twice: exit 2 with the reason."""
    code, out, err = run(*map(str, files), *PERIOD)
    assert code == 2
    assert out == ""
    assert message in err


def test_every_files_problems_are_shown_and_nothing_is_written(tmp_path: Path) -> None:
    """Bad cells in two files are all listed; the output file is not created."""
    kpis = tmp_path / "kpis.csv"
    kpis.write_text("id,title,target,value\n1,a,>=x,5\n", encoding="utf-8")
    risks = tmp_path / "risks.csv"
    risks.write_text("code,title,score\nR1,a,lots\n", encoding="utf-8")
    target = tmp_path / "out.html"
    code, _, err = run(str(kpis), str(risks), "--format", "html", "--output", str(target))
    assert code == 2
    assert "problems found; nothing was written" in err
    assert "kpis.csv" in err
    assert "risks.csv" in err
    assert not target.exists()


def test_output_may_not_be_an_input(tmp_path: Path) -> None:
    """--output naming one of the inputs is refused before anything is read or written."""
    copy = tmp_path / "risks.csv"
    copy.write_bytes(RISKS.read_bytes())
    code, _, err = run(str(KPIS), str(copy), *PERIOD, "--output", str(copy))
    assert code == 2
    assert "is an input file" in err
    assert copy.read_bytes() == RISKS.read_bytes()


def test_missing_file_is_an_error() -> None:
    """A file that does not exist: exit 2, naming it."""
    code, _, err = run("no-such-file.csv")
    assert code == 2
    assert "no-such-file.csv" in err


@pytest.mark.parametrize(
    ("data", "fmt", "kind"),
    [
        (b"id,title,target,value\n", "csv", "kpis"),
        (b"\xef\xbb\xbfID , Title\n", "csv", "kpis"),
        (b'"code","title","score"\n', "csv", "risks"),
        (b"name,category,budget,projected\n", "csv", "budget"),
        (b"name,projected\n", "csv", "budget"),
        (b"name,title\n", "csv", None),
        (b"id,code\n", "csv", None),
        (b"", "csv", None),
        (b'[[kpis]]\nid = "1"\n', "toml", "kpis"),
        (b'[[risks]]\ncode = "R1"\n', "toml", "risks"),
        (b'{"lines": []}', "json", "budget"),
        (b'{"kpis": [], "risks": []}', "json", None),
        (b"id,title\n", "nonsense-encoding", None),
        (b"kpi_id,period,value\n", "csv", "kpis"),
        (b"Series,Period,Value\n", "csv", "series"),
        (b'{"points": []}', "json", "series"),
    ],
)
def test_file_kind(data: bytes, fmt: str, kind: str | None) -> None:
    """A file's kind comes from its header (CSV) or its list's name (TOML, JSON)."""
    encoding = "no-such-codec" if fmt == "nonsense-encoding" else "utf-8"
    chosen = "csv" if fmt == "nonsense-encoding" else fmt
    assert file_kind(io.BytesIO(data), fmt=chosen, encoding=encoding) == kind


def test_sheets_must_match_the_workbooks() -> None:
    """More than one --sheet must name one sheet per workbook, in order: else exit 2."""
    code, out, err = run(str(KPIS), "--sheet", "A", "--sheet", "B")
    assert (code, out) == (2, "")
    assert "2 --sheet options for 0 workbook(s)" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--sheet", "Nope"], "kpis.xlsx: no sheet named 'Nope'; the workbook has 'KPIs'"),
        (["--input-format", "xlsx", str(KPIS)], "q1_2017_18_kpis.csv: not a readable .xlsx"),
    ],
)
def test_a_workbook_that_cannot_be_read_is_named(
    tmp_path: Path, argv: list[str], message: str
) -> None:
    """A missing sheet, or a file that is no workbook, is a problem naming the file: exit 2."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "KPIs"
    book.active.append(["id", "title", "target", "value"])
    book.save(tmp_path / "kpis.xlsx")
    files = [] if str(KPIS) in argv else [str(tmp_path / "kpis.xlsx")]
    code, out, err = run(*files, *argv)
    assert (code, out) == (2, "")
    assert message in err
