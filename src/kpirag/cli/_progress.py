"""The input stream, with a progress bar on a terminal.

The bar comes from tqdm: it shows the bytes read against the file's size
(percentage, rate and time left) from the start of the read, or the bytes and
rate alone for a pipe. It is drawn only when standard error is a terminal and
``--quiet`` is not given, and is removed when the read ends; tqdm is only
imported then, so runs without a bar do not pay for it.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Never

if TYPE_CHECKING:
    from tqdm import tqdm

__all__ = ["metered"]


class _Metered(io.RawIOBase):
    """A binary stream that reports how many bytes were read from it."""

    def __init__(self, stream: IO[bytes], bar: tqdm[Never]) -> None:
        super().__init__()
        self._stream = stream
        self._bar = bar
        self.name = getattr(stream, "name", "<stream>")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self._bar.update(size)
        return size


@contextlib.contextmanager
def metered(
    file: str, stdin: IO[bytes], err: IO[str], *, show: bool
) -> Iterator[tuple[IO[bytes], str]]:
    """The input (``-`` is ``stdin``) as a binary stream read once, and its display name."""
    with contextlib.ExitStack() as stack:
        if file == "-":
            stream, name = stdin, "<stdin>"
        else:
            stream, name = stack.enter_context(open(file, "rb")), file  # noqa: PTH123
        if not (show and err.isatty()):
            yield stream, name
            return
        total = None
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            status = os.fstat(stream.fileno())
            if stat.S_ISREG(status.st_mode):
                total = status.st_size
        from tqdm import tqdm  # noqa: PLC0415 - costs ~40 ms; loaded only to draw a bar

        bar = stack.enter_context(
            tqdm(
                total=total,
                desc=name,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                file=err,
                leave=False,
                mininterval=0.25,
            )
        )
        buffered = io.BufferedReader(_Metered(stream, bar), buffer_size=1 << 16)
        yield buffered, name
        buffered.detach()
