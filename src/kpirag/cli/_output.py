"""Where a command's output goes: staged first, then put in place only on success.

``--output FILE`` (a regular file, or a new one) is written to a temporary
file beside it, named ``.FILE.XXXXXXXX.kpirag-tmp``, and renamed over FILE
when the run succeeds, so FILE is either untouched or complete. The new file
gets the mode a shell redirect would give: an existing file keeps its mode, a
new one is ``0666`` less the umask. A symbolic link is followed: its target is
written, and the link stays. Standard output, ``-`` and special files (a
terminal, ``/dev/null``, a named pipe) are written directly, after the run,
from an anonymous temporary file that the system removes however the run
ends. A run killed with SIGKILL can leave a ``.kpirag-tmp`` file behind; any
other ending removes it.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import IO

from kpirag.errors import KpiragError, LoadError
from kpirag.report import visible

__all__ = ["STDOUT", "Output", "UsageError"]

TEMPORARY_SUFFIX = ".kpirag-tmp"
"""How kpirag's temporary output files end."""

STDOUT = "<stdout>"
"""The name an error gives standard output when it cannot be written."""


class UsageError(KpiragError, ValueError):
    """The command line was used in a way that cannot work (exit 2)."""

    def __init__(self, reason: str, *, usage: str = "") -> None:
        """Keep the reason and, for a parsing error, the usage line to show first."""
        super().__init__(reason)
        self.usage = usage


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class Output:
    """A text stream to write to now, and ``commit`` to put it in place at the end."""

    def __init__(self, target: str | None, stdout: IO[str], input_file: str) -> None:
        """Stage output for ``target`` (``None`` or ``-``: ``stdout``); check it first."""
        self._stdout = stdout
        self._device: Path | None = None  # a special file written directly
        self._temporary: Path | None = None
        if target is not None and "\x00" in target:
            raise UsageError("--output holds a NUL character, which no file name can")
        self._path = (
            None
            if target is None or target == "-"
            else self._choose(Path(os.path.realpath(target)), target, input_file)
        )
        if self._path is not None:
            descriptor, name = tempfile.mkstemp(
                prefix=f".{self._path.name}.", suffix=TEMPORARY_SUFFIX, dir=self._path.parent
            )
            self._temporary = Path(name)
            os.fchmod(descriptor, self._mode(self._path))
            binary: IO[bytes] = os.fdopen(descriptor, "wb")
        else:
            binary = tempfile.TemporaryFile()  # noqa: SIM115 - closed by commit or discard
        self._binary = binary
        self.stream: IO[str] = io.TextIOWrapper(binary, encoding="utf-8", newline="")

    def _choose(self, real: Path, given: str, input_file: str) -> Path | None:
        """The regular file to rename a temporary file to, or ``None`` for a special file."""
        same = False
        with contextlib.suppress(OSError, ValueError):  # ValueError: a NUL in the input's name
            same = input_file != "-" and real.samefile(input_file)
        if same:  # raised outside: a UsageError is a ValueError, which the line above swallows
            message = f"--output {given} is the input file; write the output elsewhere"
            raise UsageError(message)
        try:
            mode = real.stat().st_mode
        except FileNotFoundError:
            return real
        if stat.S_ISDIR(mode):
            message = f"--output {given} is a directory; give a file name"
            raise UsageError(message)
        if stat.S_ISREG(mode):
            return real
        self._device = real
        return None

    @staticmethod
    def _mode(path: Path) -> int:
        try:
            return stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            return 0o666 & ~_umask()

    def commit(self) -> None:
        """Put the output in place: rename the temporary file, or copy to its destination.

        Raises:
            OSError: naming the destination (a full disk, say).
        """
        try:
            self._commit()
        except OSError as exc:
            if exc.filename is None:
                exc.filename = str(self._device or self._path or STDOUT)
            raise

    def _commit(self) -> None:
        self.stream.flush()
        if self._temporary is not None and self._path is not None:
            self.stream.close()
            self._temporary.replace(self._path)
            self._temporary = None
        else:
            self._binary.seek(0)
            if self._device is not None:
                with self._device.open("wb") as device:
                    shutil.copyfileobj(self._binary, device)
            elif hasattr(self._stdout, "buffer"):
                self._stdout.flush()
                shutil.copyfileobj(self._binary, self._stdout.buffer)
                self._stdout.buffer.flush()
            else:  # a text stream given to ``main`` (a test's StringIO)
                reader = io.TextIOWrapper(self._binary, encoding="utf-8", newline="")
                try:
                    shutil.copyfileobj(reader, self._stdout)
                finally:
                    reader.detach()
            self.stream.close()

    def discard(self) -> None:
        """Remove the staged output (after ``commit``, nothing is left to remove)."""
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()
        if self._temporary is not None:
            self._temporary.unlink(missing_ok=True)
            self._temporary = None


MAX_SHOWN = 50
"""How many problems (and warnings) a command prints before a count of the rest."""


def show_load_error(exc: LoadError, err: IO[str], *, nothing: str = "loaded") -> None:
    """The first ``MAX_SHOWN`` problems of ``exc``, one a line, and a count of the rest."""
    count = len(exc.problems)
    err.write(
        f"kpirag: {count:,} problem{'s' if count != 1 else ''} found; nothing was {nothing}\n"
    )
    for problem in exc.problems[:MAX_SHOWN]:
        err.write(f"{visible(str(problem))}\n")
    if count > MAX_SHOWN:
        err.write(f"... and {count - MAX_SHOWN:,} more problems (fix these first)\n")
