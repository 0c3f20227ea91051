"""Every command's output on the example files, in every format, is the reviewed one.

``tests/golden/cli_outputs.txt`` holds, for each command line below, its exit
code, standard output and standard error, run in-process from the
repository's root (so file names read the same everywhere). A change to what
the command line writes (a column, a key, a title, a message) shows there as
a diff; rewrite it deliberately with ``KPIRAG_UPDATE_GOLDEN=1`` and review it.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from kpirag.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "cli_outputs.txt"
D = "examples/data/"
TEXT_FORMATS = ("text", "github", "html", "latex", "csv", "json")

RUNS: list[list[str]] = [
    *(
        ["evaluate", f"{D}council_kpis.csv", "--rules", f"{D}council_rules.toml", "--format", fmt]
        for fmt in TEXT_FORMATS
    ),
    ["evaluate", f"{D}q1_2017_18_kpis.csv", "--period", "Q1 2017/18", "--format", "json"],
    ["evaluate", f"{D}q1_2017_18_kpis.csv", "--period", "Q1 2017/18", "--width", "0"],
    ["evaluate", f"{D}statutory_indicators.csv", "--rules", f"{D}statutory_rules.toml"],
    ["evaluate", f"{D}tidy_observations.csv", "--definitions", f"{D}tidy_definitions.csv"],
    [
        "evaluate",
        f"{D}tidy_observations.csv",
        "--definitions",
        f"{D}tidy_definitions.csv",
        "--format",
        "json",
    ],
    *(
        ["audit", f"{D}q1_2017_18_kpis.csv", "--period", "Q1 2017/18", "--format", fmt]
        for fmt in ("text", "csv", "json")
    ),
    ["audit", f"{D}council_kpis.csv", "--rules", f"{D}council_rules.toml"],
    *(
        ["risk", f"{D}q1_2017_18_risks.csv", "--as-of", "30/06/17", "--format", fmt]
        for fmt in ("text", "csv", "json")
    ),
    ["risk", f"{D}q1_2017_18_risks.csv", "--matrix", "nhs", "--format", "github"],
    *(
        ["budget", f"{D}q1_2017_18_budget.csv", "--by-division", "--format", fmt]
        for fmt in ("text", "csv", "json")
    ),
    *(
        [
            "budget",
            f"{D}budget_hierarchy.csv",
            "--rules",
            f"{D}budget_hierarchy_rules.toml",
            "--format",
            fmt,
        ]
        for fmt in ("text", "csv", "json")
    ),
    [
        "budget",
        f"{D}budget_hierarchy.csv",
        "--rules",
        f"{D}budget_hierarchy_rules.toml",
        "--check-recorded",
    ],
    *(["spc", f"{D}spc_example.csv", "--format", fmt] for fmt in ("text", "csv", "json")),
    ["spc", f"{D}spc_example.csv", "--points", "--places", "3"],
    ["spc", f"{D}spc_example.csv", "--points", "--format", "json"],
    [
        "evaluate",
        f"{D}tidy_observations.csv",
        "--definitions",
        f"{D}tidy_definitions.csv",
        "--tolerance",
        "5%",
        "--period",
        "Q2 2017/18",
    ],
    ["spc", f"{D}spc_example.csv", "--rules", "tests/data/spc_rules.toml"],
    ["report", f"{D}spc_example.csv", "--rules", "tests/data/spc_rules.toml", "--format", "github"],
    ["rules", "check", f"{D}council_rules.toml"],
    ["rules", "check", f"{D}statutory_rules.toml"],
    ["rules", "check", f"{D}budget_hierarchy_rules.toml"],
    [
        "report",
        f"{D}q1_2017_18_kpis.csv",
        f"{D}q1_2017_18_risks.csv",
        f"{D}q1_2017_18_budget.csv",
        "--period",
        "Q1 2017/18",
        "--format",
        "text",
    ],
    ["report", f"{D}spc_example.csv", "--format", "github"],
    ["evaluate", f"{D}q1_2017_18_kpis.csv"],  # profiled KPIs without --period: exit 2
    ["audit", f"{D}council_kpis.csv"],
    ["budget", f"{D}q1_2017_18_budget.csv", "--check-recorded"],
    ["risk", f"{D}q1_2017_18_risks.csv", "--rules", f"{D}council_rules.toml", "--matrix", "nhs"],
]


def _name(args: list[str]) -> str:
    return " ".join(args).replace(D, "").replace("tests/data/", "")


def _run(args: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdin=io.BytesIO(b""), stdout=out, stderr=err)
    return f"$ kpirag {' '.join(args)}\n[exit {code}]\n{out.getvalue()}[stderr]\n{err.getvalue()}"


def _sections() -> dict[str, str]:
    text = GOLDEN.read_text(encoding="utf-8")
    parts = re.split(r"^(?=\$ kpirag )", text, flags=re.MULTILINE)
    return {part.split("\n", 1)[0]: part for part in parts if part}


@pytest.fixture(scope="module")
def golden() -> dict[str, str]:
    """The reviewed outputs, by command line (rewritten first with KPIRAG_UPDATE_GOLDEN=1)."""
    if os.environ.get("KPIRAG_UPDATE_GOLDEN"):
        here = Path.cwd()
        os.chdir(ROOT)
        try:
            GOLDEN.write_text("".join(_run(args) for args in RUNS), encoding="utf-8")
        finally:
            os.chdir(here)
    return _sections()


@pytest.mark.parametrize("args", RUNS, ids=[_name(args) for args in RUNS])
def test_every_command_writes_the_reviewed_output(
    args: list[str], golden: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's exit code, output and errors are the reviewed ones (update deliberately)."""
    monkeypatch.chdir(ROOT)
    shown = _run(args)
    assert shown.splitlines() == golden[shown.split("\n", 1)[0]].splitlines()


def test_the_golden_file_holds_every_run_and_nothing_else(golden: dict[str, str]) -> None:
    """Each command line above has one section in the golden file, and the file has no other."""
    assert list(golden) == [f"$ kpirag {' '.join(args)}" for args in RUNS]
