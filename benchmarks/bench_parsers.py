"""Every rules parser takes time linear in its input: a ratio check at n and 4n.

Kept out of the test suite because it needs a clock. For each parser and each
hostile input shape (the issue's ``5`` + spaces + ``x``, runs of digits,
separators, brackets), it times parsing at n and 4n characters (up to
``MAX_TEXT``; longer text is refused after one strip), alternating, median of 5, and
fails (exit 1) if any ratio exceeds 8 (linear is about 4, quadratic 16).

Reproduce: python benchmarks/bench_parsers.py
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from collections.abc import Callable

from _common import machine

from kpirag import KpiragError, Status, Tolerance, classify, parse_number
from kpirag.rules import MAX_TEXT
from kpirag.rules._target import _parse_cached

PARSERS: dict[str, Callable[[str], object]] = {
    "parse_number": parse_number,
    "Target.parse": lambda text: _parse_cached.__wrapped__(text, None),
    "Tolerance.parse": Tolerance.parse,
    "Status.parse": Status.parse,
    "classify value": lambda text: classify(text, "<43", "10%"),
}
SHAPES: dict[str, Callable[[int], str]] = {
    "5 + spaces + x": lambda n: "5" + " " * n + "x",
    "spaces + x": lambda n: " " * n + "x",
    "digits": lambda n: "1" * n,
    "1,1,1...": lambda n: "1," * (n // 2),
    "between + spaces": lambda n: "between " + " " * n + "5",
    "5 + spaces + pt": lambda n: "5" + " " * n + "pt",
    "brackets": lambda n: "(" * n,
}
LIMIT = 8.0


def seconds(parse: Callable[[str], object], text: str, repeat: int = 20) -> float:
    """Time ``repeat`` parses of ``text`` (errors are expected and ignored)."""
    start = time.perf_counter()
    for _ in range(repeat):
        with contextlib.suppress(KpiragError):
            parse(text)
    return time.perf_counter() - start


def ratio(parse: Callable[[str], object], shape: Callable[[int], str]) -> float:
    """Median over 5 alternating runs of time(4n) / time(n), n a quarter of MAX_TEXT."""
    n = MAX_TEXT // 4 - 10
    small, large = shape(n), shape(4 * n)
    ratios = []
    for _ in range(5):
        short = seconds(parse, small)
        long = seconds(parse, large)
        ratios.append(long / short)
    return statistics.median(ratios)


def main() -> int:
    """Print each ratio; return 1 if any is above the limit."""
    print(f"machine: {machine()}")
    worst = 0.0
    for name, parse in PARSERS.items():
        for shape_name, shape in SHAPES.items():
            measured = ratio(parse, shape)
            worst = max(worst, measured)
            print(f"  {name:16} {shape_name:18} t(4n)/t(n) = {measured:5.2f}")
    print(f"worst ratio {worst:.2f} (limit {LIMIT}; linear ~4, quadratic ~16)")
    print("reproduce: python benchmarks/bench_parsers.py")
    return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
