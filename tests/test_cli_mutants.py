"""The command line's behaviour that the cli layer's mutation sample found unpinned.

Each test kills a mutant of the seed-9 sample of ``kpirag.cli`` (docs/testing.md),
in-process so mutmut's mutants meet it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from kpirag.cli import main
from kpirag.cli._main import _abandon

ROOT = Path(__file__).resolve().parent.parent
HIERARCHY = ROOT / "examples" / "data" / "budget_hierarchy.csv"
HIERARCHY_RULES = ROOT / "examples" / "data" / "budget_hierarchy_rules.toml"


def _cli(*args: object, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_abandoning_an_output_that_is_not_standard_output_leaves_it_alone(tmp_path: Path) -> None:
    """Only a failed standard output is pointed at the null device (``_main.x__abandon``)."""
    path = tmp_path / "out.txt"
    with path.open("w", encoding="utf-8") as handle:
        _abandon(handle)
        handle.write("kept")
    assert path.read_text(encoding="utf-8") == "kept"


def test_check_recorded_skips_lines_without_a_published_status(tmp_path: Path) -> None:
    """A line the report published no status for is not a disagreement (``_budget``)."""
    blank = tmp_path / "blank.csv"
    text = HIERARCHY.read_text(encoding="utf-8").replace(
        "Education and Skills,People,,6210,6150,Green", "Education and Skills,People,,6210,6150,"
    )
    assert text != HIERARCHY.read_text(encoding="utf-8")
    blank.write_text(text, encoding="utf-8")
    code, out, err = _cli(
        "budget", blank, "--rules", HIERARCHY_RULES, "--check-recorded", "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out) == []


def test_help_keeps_the_epilogs_lines_as_written() -> None:
    """Each command's help keeps its examples one a line (the raw description formatter)."""
    code, out, _ = _cli("spc", "--help")
    assert code == 0
    assert "\nexamples:\n  kpirag spc examples/data/spc_example.csv\n" in out
    code, out, _ = _cli("evaluate", "--help")
    assert code == 0
    assert "\nexit codes:" in out


def test_usage_names_the_commands_as_command() -> None:
    """The top-level usage shows ``COMMAND``, not the list of every command."""
    code, _, err = _cli("nonsense")
    assert code == 2
    assert err.startswith("usage: kpirag [-h] [--version] COMMAND ...\n")
    assert "argument COMMAND: invalid choice: 'nonsense'" in err
    code, out, _ = _cli("--help")
    assert code == 0
    assert "\n  COMMAND\n    evaluate " in out


def test_a_load_error_of_one_file_says_nothing_was_loaded(tmp_path: Path) -> None:
    """Only ``kpirag report`` says "nothing was written"; one file's command loaded nothing."""
    bad = tmp_path / "kpis.csv"
    bad.write_text("id,title,target,value\n1.5,x,>=75%,lots\n", encoding="utf-8")
    code, _, err = _cli("evaluate", bad)
    assert code == 2
    assert "1 problem found; nothing was loaded" in err
    code, _, err = _cli("report", bad)
    assert code == 2
    assert "1 problem found; nothing was written" in err


def test_report_names_standard_input_and_keeps_each_files_options(tmp_path: Path) -> None:
    """A report's problems name ``<stdin>`` and each file (its reading options are its own)."""
    risks = tmp_path / "risks.csv"
    risks.write_text("code,title,likelihood,impact,extra\nR1,x,Likely,Major,1\n", encoding="utf-8")
    code, _, err = _cli("report", "-", stdin=b"code,title,score\nR1,x,lots\n")
    assert code == 2
    assert "<stdin>:2:3: column 'score' ('lots')" in err
    code, _, err = _cli("report", risks)
    assert code == 2
    assert f"{risks}:1:5: column 'extra'" in err
    code, out, err = _cli("report", risks, "--allow-unknown-columns")
    assert code == 0, err
    assert "R1" in out


def test_spc_points_in_html_are_titled_points() -> None:
    """``kpirag spc --points`` heads its table Points where titles show (HTML)."""
    series = ROOT / "examples" / "data" / "spc_example.csv"
    code, out, _ = _cli("spc", series, "--points", "--format", "html", "--no-charts", "--quiet")
    assert code == 0
    assert ">Points</h2>" in out
    code, out, _ = _cli("spc", series, "--format", "html", "--no-charts", "--quiet")
    assert ">Series</h2>" in out


def test_a_single_empty_csv_cell_is_quoted() -> None:
    """A one-column row with an empty cell is written ``""`` (as ``csv.writer`` does), not blank."""
    from kpirag.cli._writer import Writer  # noqa: PLC0415

    out = io.StringIO()
    writer = Writer(out, "csv", "T", ["ID"], [], None)
    writer._csv_row([""])  # the fast path's guard
    writer._csv_row(["a,b"])
    assert out.getvalue() == 'ID\n""\n"a,b"\n'
