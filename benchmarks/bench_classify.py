"""classify_many and classify against hand-written rules, in the same process.

Goals (issue 13): classify_many on 1,000,000 floats within 1.5x of a hand-written
if/elif chain over the same list, and on a 1,000,000-float NumPy array within
1.5x of ``np.select`` with literal edges; one classify call with prepared
``Target`` and ``Tolerance`` objects no slower than with text, and within 3x of
one call of a hand-written rule. Each pair is timed alternately, five times, and
the median reported. Exactness is kept: the results equal the exact rule.

Reproduce: python benchmarks/bench_classify.py
"""

from __future__ import annotations

import importlib
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from _common import machine

from kpirag import Status, Target, Tolerance, classify, classify_many

GREEN, AMBER, RED = Status.GREEN, Status.AMBER, Status.RED
RUNS = 5


def hand_written(value: float) -> Status:
    """The rule '<43 with a 10% tolerance' written out with float comparisons."""
    if value < 43:
        return GREEN
    if value <= 47.3:
        return AMBER
    return RED


def seconds(function: Callable[[], object]) -> float:
    """One run of ``function``, in seconds."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def alternating(first: Callable[[], object], second: Callable[[], object]) -> tuple[float, float]:
    """Median seconds of each over RUNS runs, alternating between them."""
    ones, twos = [], []
    for _ in range(RUNS):
        ones.append(seconds(first))
        twos.append(seconds(second))
    return statistics.median(ones), statistics.median(twos)


def show(name: str, base: float, ours: float, unit: str, goal: float) -> None:
    """Print one comparison."""
    scale = {"ms": 1e3, "ns": 1e9}[unit]
    print(f"  {name:34} {base * scale:8.1f} {unit}   kpirag {ours * scale:8.1f} {unit}   "
          f"ratio {ours / base:.2f} (goal <= {goal})")  # fmt: skip


def main() -> None:
    """Print every ratio against its goal."""
    rng = random.Random(2017)
    values = [round(rng.uniform(30, 60), 2) for _ in range(1_000_000)]
    ties = sum(1 for v in values if v in {43.0, 47.3})
    print(f"machine: {machine()}")
    print(f"classify_many, 1,000,000 floats ({ties:,} exactly on an edge):")
    base, ours = alternating(
        lambda: [hand_written(v) for v in values], lambda: classify_many(values, "<43", "10%")
    )
    show("list: hand-written if/elif", base, ours, "ms", 1.5)
    agrees = classify_many(values, "<43", "10%") == [hand_written(v) for v in values]
    print(f"  agrees with the hand-written rule on every value: {agrees}")
    try:
        np: Any = importlib.import_module("numpy")
    except ImportError:
        print("  (NumPy is not installed: the array comparison is skipped)")
    else:
        array = np.array(values)
        choices = np.array([GREEN, AMBER, RED], dtype=object)
        codes = np.array([0, 1, 2])

        def select() -> Any:  # noqa: ANN401 - a NumPy array
            return choices[np.select([array < 43, array <= 47.3], codes[:2], codes[2])]

        base, ours = alternating(select, lambda: classify_many(array, "<43", "10%"))
        show("NumPy array: np.select", base, ours, "ms", 1.5)
        same = classify_many(array, "<43", "10%").tolist() == select().tolist()
        print(f"  agrees with np.select on every value: {same}")
    calls = values[:200_000]
    target, tolerance = Target.parse("<43"), Tolerance.parse("10%")
    print("classify, one call at a time (200,000 calls):")
    hand, text = alternating(
        lambda: [hand_written(v) for v in calls], lambda: [classify(v, "<43", "10%") for v in calls]
    )
    objects, text_again = alternating(
        lambda: [classify(v, target, tolerance) for v in calls],
        lambda: [classify(v, "<43", "10%") for v in calls],
    )
    per = 1 / len(calls)
    show("text '<43', '10%' vs hand-written", hand * per, text * per, "ns", 3)
    show("Target, Tolerance vs hand-written", hand * per, objects * per, "ns", 3)
    show("Target, Tolerance vs text", text_again * per, objects * per, "ns", 1)
    print("reproduce: python benchmarks/bench_classify.py")


if __name__ == "__main__":
    main()
