"""Every command on a full output: exit 2 and one line naming the output, never a traceback.

Run in-process through ``kpirag.cli.main`` with a standard output that
refuses every write (``OSError(ENOSPC)``, as a full disk does), and with
``--output /dev/full`` where the system has it; one subprocess checks that
Python's own flush of standard output at exit stays quiet.
"""

from __future__ import annotations

import errno
import gc
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kpirag.cli import main

DATA = Path(__file__).parent.parent / "examples" / "data"
KPIS = str(DATA / "council_kpis.csv")

COMMANDS = {
    "help examples": ["help", "examples"],
    "help formats": ["help", "formats"],
    "rules check": ["rules", "check", str(DATA / "council_rules.toml")],
    "version": ["--version"],
    "--help": ["--help"],
    "evaluate --help": ["evaluate", "--help"],
    "evaluate": ["evaluate", KPIS],
    "evaluate json": ["evaluate", KPIS, "--format", "json"],
    "audit": ["audit", str(DATA / "q1_2017_18_kpis.csv"), "--period", "Q1 2017/18"],
    "risk": ["risk", str(DATA / "q1_2017_18_risks.csv")],
    "budget": ["budget", str(DATA / "q1_2017_18_budget.csv")],
    "spc": ["spc", str(DATA / "spc_example.csv")],
    "spc csv": ["spc", str(DATA / "spc_example.csv"), "--format", "csv", "--no-charts"],
    "spc json": ["spc", str(DATA / "spc_example.csv"), "--format", "json"],
    "spc html": ["spc", str(DATA / "spc_example.csv"), "--format", "html", "--no-charts"],
    "report": ["report", KPIS],
    "report html": ["report", KPIS, "--format", "html", "--no-charts"],
}
WORKBOOKS = {
    "evaluate xlsx": ["evaluate", KPIS, "--format", "xlsx"],
    "spc xlsx": ["spc", str(DATA / "spc_example.csv"), "--format", "xlsx"],
}

WRITERS = {  # every command that takes --output
    **{
        name: args
        for name, args in COMMANDS.items()
        if args[0] in {"evaluate", "audit", "risk", "budget", "spc", "report"}
        and "--help" not in args
    },
    **WORKBOOKS,
    "report html charts": ["report", KPIS, "--format", "html"],
}


class _FullDisk(io.RawIOBase):
    """A file on a full disk: every write fails with ENOSPC."""

    def writable(self) -> bool:
        return True

    def write(self, _data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


class _FullText(io.StringIO):
    """A text stream without a binary buffer whose every write fails with ENOSPC."""

    def write(self, _text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def _full_stdout(kind: str) -> io.TextIOBase:
    if kind == "text":
        return _FullText()
    buffered = io.BufferedWriter(_FullDisk())
    return io.TextIOWrapper(buffered, encoding="utf-8", write_through=kind == "unbuffered")


@pytest.fixture
def unraisable(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Every exception Python could only print as ``Exception ignored in ...``."""
    found: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", found.append)
    yield found
    gc.collect()


def _problems(err: str) -> list[str]:
    return [line for line in err.splitlines() if not line.startswith("kpirag: warning:")]


@pytest.mark.parametrize("kind", ["buffered", "unbuffered", "text"])
@pytest.mark.parametrize("args", list(COMMANDS.values()), ids=list(COMMANDS))
def test_defect_full_stdout_prints_a_traceback(
    args: list[str], kind: str, unraisable: list[object]
) -> None:
    """A full standard output: exit 2 and one line naming <stdout> (an OSError escaped before)."""
    err = io.StringIO()
    code = main(args, stdout=_full_stdout(kind), stderr=err)  # type: ignore[arg-type]
    gc.collect()
    assert code == 2, err.getvalue()
    assert _problems(err.getvalue()) == ["kpirag: error: No space left on device: <stdout>"]
    assert unraisable == []


@pytest.mark.parametrize("args", list(WORKBOOKS.values()), ids=list(WORKBOOKS))
def test_full_stdout_workbook_names_stdout(args: list[str], unraisable: list[object]) -> None:
    """A workbook to a full standard output names <stdout>, not the input file."""
    err = io.StringIO()
    code = main([*args, "--output", "-"], stdout=_full_stdout("unbuffered"), stderr=err)  # type: ignore[arg-type]
    gc.collect()
    assert code == 2, err.getvalue()
    assert _problems(err.getvalue()) == ["kpirag: error: No space left on device: <stdout>"]
    assert unraisable == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", list(WRITERS.values()), ids=list(WRITERS))
def test_defect_dev_full_output_names_the_input_and_zipfile_traceback(
    args: list[str], unraisable: list[object]
) -> None:
    """--output /dev/full: exit 2, one line naming /dev/full, and no ZipFile.__del__ complaint."""
    err = io.StringIO()
    code = main([*args, "--output", "/dev/full"], stdout=io.StringIO(), stderr=err)
    gc.collect()
    assert code == 2, err.getvalue()
    assert _problems(err.getvalue()) == ["kpirag: error: No space left on device: /dev/full"]
    assert unraisable == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["help", "examples"], ["--help"]], ids=["help", "--help"])
def test_defect_full_stdout_traceback_at_exit(args: list[str]) -> None:
    """`kpirag help examples > /dev/full`: exit 2, one line, and Python's last flush stays quiet."""
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "kpirag", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == "kpirag: error: No space left on device: <stdout>\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [["help", "examples"], ["--help"], ["evaluate", KPIS]],
    ids=["help", "--help", "evaluate"],
)
def test_a_full_standard_output_is_pointed_at_the_null_device(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process, a full sys.stdout gets /dev/null under its descriptor, so exit's flush is quiet."""
    with Path("/dev/full").open("wb") as full:
        stdout = io.TextIOWrapper(io.FileIO(os.dup(full.fileno()), "w"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stdout)
    err = io.StringIO()
    code = main(args, stderr=err)
    monkeypatch.undo()
    assert (code, err.getvalue()) == (2, "kpirag: error: No space left on device: <stdout>\n")
    assert os.fstat(stdout.fileno()).st_rdev == Path(os.devnull).stat().st_rdev
    stdout.write("after the run")
    stdout.close()  # the process's last flush: into /dev/null, no error
