"""The ``kpirag`` command line: ``evaluate``, ``audit``, ``risk`` and ``budget``."""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING

from kpirag.cli._version import version_line

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["main"]


def main(
    argv: Iterable[str] | None = None,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line; returns the exit code.

    0 success; 1 ``audit`` found recorded statuses that differ from the rule;
    2 bad input or usage; 130 interrupted (Ctrl-C); 143 terminated (SIGTERM).

    ``kpirag --version`` alone, on the standard streams, prints the version
    without loading the commands.

    Raises:
        ValueTypeError: ``argv`` is not a sequence of text, or a stream has no
            ``read`` (``stdin``) or ``write`` (``stdout``, ``stderr``).
    """
    given = sys.argv[1:] if argv is None else argv
    alone = stdin is None and stdout is None and stderr is None
    if alone and isinstance(given, list) and len(given) == 1 and given[0] == "--version":
        try:
            sys.stdout.write(version_line())
            sys.stdout.flush()
        except OSError:  # a closed or full output: the full command line says so its own way
            pass
        else:
            return 0
    from kpirag.cli._main import main as run  # noqa: PLC0415 - the commands, loaded when used

    return run(argv, stdin=stdin, stdout=stdout, stderr=stderr)
