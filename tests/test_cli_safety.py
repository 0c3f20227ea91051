"""The command line never loses data: one read of the input, output put in place only on success."""

from __future__ import annotations

import io
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kpirag.cli._main import main

DATA = Path(__file__).parent.parent / "examples" / "data"
GOOD = (
    "id,title,target,value,recorded\n1.5,Rough sleepers,>=75%,69%,Red\n1.6,Streets,<43,46,Amber\n"
)
BAD = "id,title,target,value\n1,a,<=x,46\n"


def _run(*args: str | Path, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``kpirag ARGS`` in this process, where mutation testing sees it: code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    data = stdin.encode() if isinstance(stdin, str) else stdin or b""
    argv = [str(arg) for arg in args]
    code = main(argv, stdin=io.BytesIO(data), stdout=out, stderr=err)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_pipe_given_as_a_path_is_read_once() -> None:
    """`cat f | kpirag evaluate /dev/stdin` evaluates every KPI (it printed [] before)."""
    done = subprocess.run(
        [sys.executable, "-m", "kpirag", "evaluate", "/dev/stdin", "--format", "json"],
        input=GOOD,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"1.6"' in done.stdout


def test_a_fifo_is_read_once(tmp_path: Path) -> None:
    """A named pipe (as `<(cat f)` gives) is read once: audit finds the difference, exit 1."""
    fifo = tmp_path / "kpis"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("w", encoding="utf-8") as pipe:
            pipe.write(GOOD)

    writer = threading.Thread(target=feed)
    writer.start()
    out, err = io.StringIO(), io.StringIO()
    code = main(["audit", str(fifo), "--format", "json"], stdout=out, stderr=err)
    writer.join(timeout=10)
    assert code == 1, err.getvalue()
    assert '"1.5"' in out.getvalue()


@pytest.mark.parametrize("fmt", ["json", "csv", "text"])
def test_nothing_on_stdout_from_a_bad_file(fmt: str) -> None:
    """A bad file writes nothing to standard output in any format (json wrote `[` before)."""
    done = _run("evaluate", "-", "--format", fmt, stdin=GOOD + "2,b,zz,1\n")
    assert done.returncode == 2
    assert done.stdout == ""


def test_output_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    """--output LINK writes the file the link points to, and the link stays a link."""
    target = _write(tmp_path / "real.csv", "old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    done = _run("evaluate", "-", "--format", "csv", "--output", str(link), stdin=GOOD)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("ID,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


def test_output_to_a_special_file_writes_through_it(tmp_path: Path) -> None:
    """--output onto a named pipe writes into it and leaves it a pipe (a device likewise)."""
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    received: list[str] = []

    def drain() -> None:
        with fifo.open(encoding="utf-8") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=drain)
    reader.start()
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["evaluate", "-", "--format", "csv", "--output", str(fifo)],
        stdin=io.BytesIO(GOOD.encode()),
        stdout=out,
        stderr=err,
    )
    reader.join(timeout=10)
    assert code == 0, err.getvalue()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received[0].startswith("ID,")
    assert out.getvalue() == ""


def test_output_to_dev_null_keeps_the_device() -> None:
    """--output /dev/null writes through the device (root used to replace it with a file)."""
    done = _run("evaluate", "-", "--output", "/dev/null", stdin=GOOD)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_a_clear_error() -> None:
    """Writing to a full device (`/dev/full`) is our error, exit 2, no traceback."""
    done = _run("evaluate", "-", "--format", "csv", "--output", "/dev/full", stdin=GOOD)
    assert done.returncode == 2
    assert "No space left on device: /dev/full" in done.stderr
    assert "Traceback" not in done.stderr


def test_output_to_a_directory_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    """--output DIR is refused before anything is written; no temporary file is left."""
    folder = tmp_path / "out"
    folder.mkdir()
    done = _run("evaluate", "-", "--output", str(folder), stdin=GOOD)
    assert done.returncode == 2
    assert "is a directory" in done.stderr
    assert list(folder.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_output_equal_to_the_input_is_refused(tmp_path: Path) -> None:
    """--output naming the input file is refused and the input is untouched."""
    same = _write(tmp_path / "same.csv", GOOD)
    done = _run("evaluate", str(same), "--format", "csv", "--output", str(same))
    assert done.returncode == 2
    assert "is the input file" in done.stderr
    assert same.read_text(encoding="utf-8") == GOOD


def test_output_into_a_missing_folder_is_quiet(tmp_path: Path) -> None:
    """An --output that cannot be created is one error line (no `Exception ignored` noise)."""
    done = _run("evaluate", "-", "--output", str(tmp_path / "no" / "out.txt"), stdin=GOOD)
    assert done.returncode == 2
    assert "No such file or directory" in done.stderr
    assert "Exception ignored" not in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_output_files_are_created_as_a_redirect_would(tmp_path: Path) -> None:
    """A new file gets 0666 less the umask; an existing file keeps its mode (both were 0600)."""
    new, kept = tmp_path / "new.csv", _write(tmp_path / "kept.csv", "old\n")
    kept.chmod(0o640)
    previous = os.umask(0o022)
    try:
        for target in (new, kept):
            code = main(
                ["evaluate", "-", "--output", str(target)],
                stdin=io.BytesIO(GOOD.encode()),
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
            assert code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_a_failing_run_keeps_an_existing_output_file(tmp_path: Path) -> None:
    """A bad input leaves an existing --output file exactly as it was, and no temporary file."""
    kept = _write(tmp_path / "out.csv", "precious\n")
    done = _run("evaluate", "-", "--output", str(kept), stdin=BAD)
    assert done.returncode == 2
    assert kept.read_text(encoding="utf-8") == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def _large(path: Path, rows: int) -> Path:
    lines = ["id,title,target,value"] + [f"K{n},m,<43,{n % 60}" for n in range(rows)]
    return _write(path, "\n".join(lines) + "\n")


@pytest.mark.parametrize(("sent", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupting_a_run_leaves_nothing(tmp_path: Path, sent: signal.Signals, code: int) -> None:
    """SIGINT or SIGTERM mid-run on a large file: exit 130/143, the old output kept, no temp file."""
    source = _large(tmp_path / "big.csv", 400_000)
    kept = _write(tmp_path / "out.csv", "precious\n")
    with subprocess.Popen(
        [sys.executable, "-m", "kpirag", "evaluate", str(source), "--format", "csv",
         "--output", str(kept)],
        stderr=subprocess.PIPE,
        text=True,
    ) as child:  # fmt: skip
        deadline = time.monotonic() + 30
        while not any(p.name.endswith(".kpirag-tmp") for p in tmp_path.iterdir()):
            assert time.monotonic() < deadline, "no temporary file appeared"
            time.sleep(0.02)
        temporary = next(p for p in tmp_path.iterdir() if p.name.endswith(".kpirag-tmp"))
        assert temporary.name.startswith(".out.csv.")
        time.sleep(0.3)
        child.send_signal(sent)
        _, errors = child.communicate(timeout=60)
    assert child.returncode == code, errors
    assert "nothing was written" in errors
    assert kept.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "out.csv"]
