"""``--format xlsx``: a workbook written through ``Report.to_xlsx``.

A workbook is a file, not text: it needs ``--output FILE`` (or ``--output -``
into a pipe, never a terminal). It is written when the whole input was valid,
through ``Report.to_xlsx``, which stages it beside the target and renames it
into place, so an existing file is untouched by a failing run.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from kpirag.cli._output import STDOUT, UsageError
from kpirag.report import Report

__all__ = ["check_workbook_target", "save_workbook"]


def check_workbook_target(output: str | None, stdout: IO[str]) -> None:
    """Refuse a workbook without ``--output``, to a terminal, or to a directory."""
    if output is None:
        raise UsageError("--format xlsx writes a workbook: give --output FILE.xlsx")
    if output == "-":
        if stdout.isatty():
            raise UsageError("--format xlsx will not write a workbook to a terminal; use --output")
        return
    if Path(output).is_dir():
        raise UsageError(f"--output {output} is a directory; give a file name")


def save_workbook(output: str, report: Report | Callable[[Path], None], stdout: IO[str]) -> None:
    """Write ``report`` as a workbook to ``output`` (``-``: the bytes to ``stdout``'s buffer).

    ``report`` is a ``Report``, or a function that writes a workbook to the path it is given.
    """
    write = report.to_xlsx if isinstance(report, Report) else report
    if output != "-":
        write(Path(output))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.xlsx"
        write(path)
        data = path.read_bytes()
    stdout.flush()
    buffer: IO[bytes] | None = getattr(stdout, "buffer", None)
    if buffer is None:
        raise UsageError("--format xlsx --output - needs a binary standard output")
    try:
        buffer.write(data)
        buffer.flush()
    except OSError as exc:
        if exc.strerror and exc.filename is None:
            exc.filename = STDOUT
        raise
