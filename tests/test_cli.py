"""The kpirag command line as users run it (real files, stdin, exit codes), mostly in-process.

The tests call ``main`` in this process, so mutation testing sees what they check;
``test_fuzz_through_a_real_process`` runs ``python -m kpirag`` for the real entry point.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpirag.cli._main import main

DATA = Path(__file__).parent.parent / "examples" / "data"
KPIS = DATA / "q1_2017_18_kpis.csv"
SAMPLE = (
    "id,title,target,value,recorded\n1.5,Rough sleepers,>=75%,69%,Red\n1.6,Streets,<43,46,Amber\n"
)


def _run(*args: str | Path, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``kpirag ARGS`` in this process, where mutation testing sees it: code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    data = stdin.encode() if isinstance(stdin, str) else stdin or b""
    argv = [str(arg) for arg in args]
    code = main(argv, stdin=io.BytesIO(data), stdout=out, stderr=err)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def test_evaluate_matches_the_example(q1: ModuleType) -> None:
    """`kpirag evaluate` on the Q1 KPI CSV gives the same statuses as the example."""
    done = _run("evaluate", str(KPIS), "--period", "Q1 2017/18", "--format", "json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    evaluation = q1.framework().evaluate(q1.observations(), period=q1.PERIOD)
    assert [(r["id"], r["status"], r["computed"]) for r in records] == [
        (r.kpi.id, str(r.status), str(r.computed)) for r in evaluation.results
    ]
    assert set(records[0]) == {
        "id", "title", "target", "value", "status", "computed", "recorded", "reason",
        "explanation", "override",
    }  # fmt: skip


def test_evaluate_from_stdin_in_every_format() -> None:
    """`kpirag evaluate -` reads standard input; each output format works."""
    for fmt in ("text", "github", "html", "latex", "csv", "json"):
        done = _run("evaluate", "-", "--format", fmt, stdin=SAMPLE)
        assert done.returncode == 0, done.stderr
        assert "Amber" in done.stdout
    text = _run("evaluate", "-", stdin=SAMPLE).stdout
    assert "Amber: 46 misses <43 by 3 (7.0%)" in text


def test_output_file(tmp_path: Path) -> None:
    """--output writes the file and nothing to stdout."""
    target = tmp_path / "out.csv"
    done = _run("evaluate", "-", "--format", "csv", "--output", str(target), stdin=SAMPLE)
    assert (done.returncode, done.stdout) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("ID,Measure,Target,Value,Status")


def test_failed_run_leaves_no_output_file(tmp_path: Path) -> None:
    """A run that fails on bad input writes no (half) output file."""
    target = tmp_path / "out.txt"
    done = _run("evaluate", "-", "--output", str(target), stdin="id,title,target,value\n1,a,x,1\n")
    assert done.returncode == 2
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_audit_exit_codes(tmp_path: Path) -> None:
    """`kpirag audit` exits 1 when any recorded status differs, 0 when none does."""
    done = _run("audit", "-", stdin=SAMPLE)
    assert done.returncode == 1
    assert "1.5" in done.stdout
    assert "1.6" not in done.stdout
    agreed = tmp_path / "agreed.csv"
    agreed.write_text(
        "id,title,target,value,recorded\n1.6,Streets,<43,46,Amber\n", encoding="utf-8"
    )
    assert _run("audit", str(agreed)).returncode == 0
    records = json.loads(_run("audit", "-", "--format", "json", stdin=SAMPLE).stdout)
    assert [(r["id"], r["recorded"], r["computed"], r["levels"]) for r in records] == [
        ("1.5", "Red", "Amber", 1)
    ]


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"id,title,target,value\n1.5,Rough sleepers,>=75%,69%\n1.6,Streets,<43,46\n", "csv"),
        (b"id,title,target,value,recorded\n1.5,Rough sleepers,>=75%,69%,\n", "csv"),
        (b'{"kpis": [{"id": "1.6", "title": "Streets", "target": "<43", "value": 46}]}', "json"),
    ],
)
@pytest.mark.parametrize("output", ["text", "json", "csv"])
def test_defect_audit_without_recorded_statuses(data: bytes, fmt: str, output: str) -> None:
    """Audit of a file with no recorded status says there is nothing to audit (exit 2, no table)."""
    out, err = io.StringIO(), io.StringIO()
    args = ["audit", "-", "--input-format", fmt, "--format", output]
    code = main(args, stdin=io.BytesIO(data), stdout=out, stderr=err)
    assert (code, out.getvalue()) == (2, "")
    assert "nothing to audit: no KPI in <stdin> has a recorded status" in err.getvalue()
    # The advice is one the loader takes: a status column alone is refused (it is the rule's).
    assert "in a recorded column)" in err.getvalue()


def test_q1_audit_lists_1_2_and_1_5() -> None:
    """The Q1 file's audit lists 1.2 and 1.5."""
    done = _run("audit", str(KPIS), "--period", "Q1 2017/18", "--format", "json")
    assert done.returncode == 1
    assert [r["id"] for r in json.loads(done.stdout)] == ["1.2", "1.5"]


def test_risk_and_budget_commands() -> None:
    """`kpirag risk` and `kpirag budget` render the Q1 tables."""
    risk = _run("risk", str(DATA / "q1_2017_18_risks.csv"), "--as-of", "30/06/17")
    assert risk.returncode == 0, risk.stderr
    assert "DCCS HS 003" in risk.stdout
    assert "Closed risks" in risk.stdout
    records = json.loads(
        _run("risk", str(DATA / "q1_2017_18_risks.csv"), "--format", "json").stdout
    )
    assert records[0]["rating"] == "Red"
    budget = _run("budget", str(DATA / "q1_2017_18_budget.csv"), "--by-division")
    assert budget.returncode == 0, budget.stderr
    assert "9,071" in budget.stdout
    assert "Budget monitoring by division" in budget.stdout
    lines = json.loads(
        _run("budget", str(DATA / "q1_2017_18_budget.csv"), "--format", "json").stdout
    )
    people = next(line for line in lines if line["name"] == "People")
    assert (people["variance"], people["label"]) == ("119", "ADV")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["evaluate", "-"],
            "id,title,target,value\n1,a,<=x,46\n",
            "<stdin>:2:3: column 'target'",
        ),
        (["evaluate", "missing.csv"], None, "No such file or directory: missing.csv"),
        (["evaluate", "-", "--tolerance", "ten"], SAMPLE, "Invalid tolerance 'ten'"),
        (["evaluate", "-", "--period", "Q5"], SAMPLE, "Invalid period 'Q5'"),
        (["risk", "-", "--as-of", "31/02/17"], "code,title,score\nA,x,4\n", "Invalid --as-of"),
        (["evaluate", "-", "--format", "pdf"], SAMPLE, "invalid choice: 'pdf'"),
        (["frobnicate"], None, "invalid choice: 'frobnicate'"),
        ([], None, "the following arguments are required"),
    ],
)
def test_errors_exit_2_on_stderr(args: list[str], stdin: str | None, message: str) -> None:
    """Bad input and usage exit 2 with the message on stderr, never a traceback."""
    done = _run(*args, stdin=stdin)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_help_has_examples() -> None:
    """--help fits on one screen and points to `kpirag help examples`, which has the examples."""
    for command in ("evaluate", "audit", "risk", "budget"):
        done = _run(command, "--help")
        assert done.returncode == 0
        assert len(done.stdout.splitlines()) <= 40, command
        assert "kpirag help examples" in done.stdout
    examples = _run("help", "examples")
    assert examples.returncode == 0
    assert "kpirag evaluate kpis.csv --tolerance 5pt" in examples.stdout


def test_console_script_entry_point() -> None:
    """main() is usable in-process with explicit streams."""
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["evaluate", "-", "--format", "json"],
        stdin=io.BytesIO(SAMPLE.encode()),
        stdout=out,
        stderr=err,
    )
    assert code == 0
    assert json.loads(out.getvalue())[1]["status"] == "Amber"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["evaluate", "audit", "risk", "budget"]))
def test_fuzz_bytes_never_traceback(data: bytes, command: str) -> None:
    """Law: arbitrary bytes as a CSV give exit 0, 1 (audit) or 2 with our message, never a crash."""
    out, err = io.StringIO(), io.StringIO()
    code = main([command, "-", "--format", "csv"], stdin=io.BytesIO(data), stdout=out, stderr=err)
    assert code in {0, 1, 2}
    if code == 2:
        assert err.getvalue().startswith("kpirag:")


def test_fuzz_through_a_real_process() -> None:
    """A few hostile inputs through a real process: our error, exit 2, no traceback."""
    for data in (
        b"\xff\xfe\x00",
        b'id,title,target,value\n"1,a',
        b"\x00" * 50,
        b"id\n" + b"1\n" * 3,
    ):
        done = subprocess.run(
            [sys.executable, "-m", "kpirag", "evaluate", "-"],
            input=data,
            capture_output=True,
            check=False,
        )
        assert done.returncode == 2
        assert b"Traceback" not in done.stderr


class _Terminal(io.StringIO):
    """A standard error that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_only(tmp_path: Path) -> None:
    """A progress bar (bytes of the file, percentage) on a terminal; nothing otherwise or quiet."""
    rows = ["id,title,target,value"] + [f"K{n},m,<43,{n % 60}" for n in range(10_001)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    terminal, plain, quiet = _Terminal(), io.StringIO(), _Terminal()
    args = ["evaluate", str(path), "--format", "csv"]
    assert main(args, stdout=io.StringIO(), stderr=terminal) == 0
    assert "0%|" in terminal.getvalue()
    assert "144k" in terminal.getvalue()  # the file's size: a total from the start
    assert main(args, stdout=io.StringIO(), stderr=plain) == 0
    assert plain.getvalue() == ""
    assert main([*args, "--quiet"], stdout=io.StringIO(), stderr=quiet) == 0
    assert quiet.getvalue() == ""
