"""Every command takes the options docs/cli.md says it takes (issue 21, item 15)."""

from __future__ import annotations

import argparse
import csv
import io
import os
from pathlib import Path

import openpyxl
import pytest

from kpirag.cli import _main
from kpirag.cli._main import main

DATA = Path(__file__).parent.parent / "examples" / "data"
RULES = DATA / "council_rules.toml"
INPUTS = {
    "evaluate": "q1_2017_18_kpis.csv",
    "audit": "q1_2017_18_kpis.csv",
    "risk": "q1_2017_18_risks.csv",
    "budget": "q1_2017_18_budget.csv",
    "spc": "spc_example.csv",
    "report": "q1_2017_18_kpis.csv",
}


def _workbook(csv_name: str, path: Path) -> Path:
    """The CSV's cells as text on a sheet named Data, after a decoy first sheet."""
    book = openpyxl.Workbook()
    decoy = book.active
    assert decoy is not None
    decoy.title = "Notes"
    decoy.append(["not the data"])
    sheet = book.create_sheet("Data")
    with (DATA / csv_name).open(encoding="utf-8", newline="") as stream:
        for row in csv.reader(stream):
            sheet.append([cell or None for cell in row])
    book.save(path)
    return path


@pytest.mark.parametrize("command", list(INPUTS))
def test_defect_every_command_takes_input_format_sheet_rules_output(
    tmp_path: Path, command: str
) -> None:
    """--input-format, --sheet, --rules and --output all work for every data command."""
    source = _workbook(INPUTS[command], tmp_path / "data.bin")  # no suffix to go by
    target = tmp_path / "out.txt"
    out, err = io.StringIO(), io.StringIO()
    args = [command, str(source), "--input-format", "xlsx", "--sheet", "Data"]
    if command in {"evaluate", "audit", "report"}:
        args += ["--period", "Q1 2017/18"]
    code = main([*args, "--rules", str(RULES), "--output", str(target)], stdout=out, stderr=err)
    assert code in {0, 1}, err.getvalue()
    assert out.getvalue() == ""
    assert target.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("command", list(INPUTS))
def test_every_command_reads_its_rules_file(tmp_path: Path, command: str) -> None:
    """--rules is read by every data command: a bad rules file is refused, naming it (exit 2)."""
    rules = tmp_path / "bad_rules.toml"
    rules.write_text('[kpis]\nscheme = "nowhere"\n', encoding="utf-8")
    err = io.StringIO()
    args = [command, str(DATA / INPUTS[command]), "--rules", str(rules)]
    assert main(args, stdout=io.StringIO(), stderr=err) == 2
    assert "bad_rules.toml" in err.getvalue()


def test_defect_rules_check_reads_standard_input() -> None:
    """`kpirag rules check -` reads the rules from standard input (it looked for a file `-`)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["rules", "check", "-"], stdin=io.BytesIO(RULES.read_bytes()), stdout=out, stderr=err
    )
    assert code == 0, err.getvalue()
    assert out.getvalue().startswith("Rules from <stdin>:")


def test_defect_rules_check_takes_output(tmp_path: Path) -> None:
    """`kpirag rules check FILE --output F` writes the description to F, and nothing on a problem."""
    target = tmp_path / "rules.txt"
    out = io.StringIO()
    assert main(["rules", "check", str(RULES), "--output", str(target)], stdout=out) == 0
    assert out.getvalue() == ""
    assert "Scheme 'council'" in target.read_text(encoding="utf-8")
    bad, err = tmp_path / "bad.toml", io.StringIO()
    bad.write_text("x = [\n", encoding="utf-8")
    target.unlink()
    assert main(["rules", "check", str(bad), "--output", str(target)], stderr=err) == 2
    assert not target.exists()
    assert "bad.toml" in err.getvalue()


OPTIONS = Path(__file__).parent / "golden" / "cli_options.txt"


def _described(parser: argparse.ArgumentParser, name: str) -> list[str]:
    """Every field of a parser and its arguments, one line each, subcommands after."""
    lines = [f"{name}: {parser.description!r} {parser.epilog!r}"]
    commands = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            commands = [(command, sub, helps[command]) for command, sub in action.choices.items()]
            continue
        kind = getattr(action.type, "__name__", action.type)
        fields = (
            f"{type(action).__name__} {action.option_strings or action.dest} dest={action.dest}"
            f" nargs={action.nargs!r} const={action.const!r} default={action.default!r}"
            f" type={kind} choices={action.choices!r} required={action.required}"
            f" metavar={action.metavar!r} help={action.help!r}"
        )
        lines.append("  " + fields)
    for command, sub, help_text in commands:
        lines.append("")
        lines += _described(sub, f"{name} {command} (help={help_text!r})")
    return lines


def test_every_option_is_as_reviewed() -> None:
    """Each command's options, defaults, choices and help are the reviewed ones (update deliberately).

    The golden file is the parser written out field by field, so a changed
    default, choice or help text shows here (and in review) as a diff.
    """
    described = "\n".join(_described(_main._parser(), "kpirag")) + "\n"
    if os.environ.get("KPIRAG_UPDATE_GOLDEN"):
        OPTIONS.write_text(described, encoding="utf-8")
    assert described == OPTIONS.read_text(encoding="utf-8")


def test_the_parser_is_built_once_and_a_usage_error_leaves_it_as_it_was(tmp_path: Path) -> None:
    """One parser serves every call in a process; a refused command changes nothing after it."""
    data = tmp_path / "kpis.csv"
    data.write_text("id,title,target,value\n1,Calls,>=90%,95%\n", encoding="utf-8")
    assert _main._parser() is _main._parser()
    first = io.StringIO()
    assert main(["evaluate", str(data), "--format", "csv"], stdout=first, stderr=io.StringIO()) == 0
    refused = io.StringIO()
    code = main(["evaluate", str(data), "--format", "nope"], stdout=io.StringIO(), stderr=refused)
    assert code == 2
    assert "invalid choice" in refused.getvalue()
    again = io.StringIO()
    assert main(["evaluate", str(data), "--format", "csv"], stdout=again, stderr=io.StringIO()) == 0
    assert again.getvalue() == first.getvalue()
    defaults = main(["evaluate", str(data)], stdout=(text := io.StringIO()), stderr=io.StringIO())
    assert defaults == 0
    # The default format (text), not the last one asked for.
    assert "Green" in text.getvalue()
    assert not text.getvalue().startswith("ID,")
