"""kpirag.spc.xmr on 10,000, 40,000 and 100,000 points: the time must grow linearly.

Issue 21 (item 4): xmr took 1.3 s on 10,000 points, 15 s on 40,000 and 156 s on
100,000 (quadratic). Each size is charted three ways (NHSR's settings on
common-cause noise; rules as long as a tenth of the series on a rising series;
a fixed baseline of half the series), median of 3 runs; the ratio to the
10,000-point time should stay near the ratio of the sizes. The test suite
checks the same by counting (tests/spc/test_spc_scaling.py), never by timing.

Reproduce: python benchmarks/bench_spc_scaling.py
"""

from __future__ import annotations

import random
import statistics
import time
import warnings
from collections.abc import Callable

from _common import machine

from kpirag.spc import SPCSettings, xmr

SIZES = (10_000, 40_000, 100_000)
RUNS = 3


def noise(count: int) -> list[float]:
    """Common-cause values with two decimal places."""
    rng = random.Random(2017)
    return [round(rng.gauss(50, 5), 2) for _ in range(count)]


def rising(count: int) -> list[float]:
    """A series that rises with noise: long trends and runs."""
    rng = random.Random(2017)
    return [round(number / 10 + rng.uniform(0, 1), 2) for number in range(count)]


CASES: dict[str, tuple[Callable[[int], list[float]], Callable[[int], SPCSettings]]] = {
    "nhsr, noise": (noise, lambda _count: SPCSettings.nhsr()),
    "long rules, rising": (
        rising,
        lambda count: SPCSettings(shift_length=count // 10, trend_length=count // 10),
    ),
    "baseline of half, rising": (rising, lambda count: SPCSettings(baseline=count // 2)),
}


def seconds(values: list[float], settings: SPCSettings) -> float:
    """Median seconds of RUNS charts of ``values``."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        xmr(values, settings=settings)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print each case's time per size and its ratio to the smallest size."""
    warnings.simplefilter("ignore")  # trial-limit warnings are not what is timed
    print(machine())
    for name, (values, settings) in CASES.items():
        base = 0.0
        for count in SIZES:
            taken = seconds(values(count), settings(count))
            base = base or taken
            print(
                f"{name:26} {count:>7,} points {taken:8.2f} s   "
                f"ratio {taken / base:5.1f} (linear: {count / SIZES[0]:.0f})"
            )


if __name__ == "__main__":
    main()
