"""classify_many and classify against a hand-written float rule, in the same process.

Goals: classify_many on 1,000,000 floats within 1.5x of the hand-written
comparison over the same list; one classify call within 5x of one call of the
hand-written function. Exactness is kept: the result equals the exact rule.

Reproduce: python benchmarks/bench_classify.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from _common import machine

from kpirag import Status, classify, classify_many

GREEN, AMBER, RED = Status.GREEN, Status.AMBER, Status.RED


def hand_written(value: float) -> Status:
    """The rule '<43 with a 10% tolerance' written out with float comparisons."""
    if value < 43:
        return GREEN
    if value <= 47.3:
        return AMBER
    return RED


def best_of(function: Callable[[], object], repeat: int = 7) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Print both ratios against their goals."""
    rng = random.Random(2017)
    values = [round(rng.uniform(30, 60), 2) for _ in range(1_000_000)]
    baseline = best_of(lambda: [hand_written(v) for v in values])
    many = best_of(lambda: classify_many(values, "<43", "10%"))
    exact = classify_many(values, "<43", "10%")
    ties = sum(1 for v in values if v in {43.0, 47.3})
    calls = values[:200_000]
    baseline_calls = best_of(lambda: [hand_written(v) for v in calls])
    kpirag_calls = best_of(lambda: [classify(v, "<43", "10%") for v in calls])
    print(f"machine: {machine()}")
    print(f"classify_many, 1,000,000 floats ({ties:,} exactly on an edge):")
    print(f"  hand-written {baseline * 1e3:7.1f} ms   kpirag {many * 1e3:7.1f} ms   "
          f"ratio {many / baseline:.2f} (goal <= 1.5)")  # fmt: skip
    agrees = exact == [hand_written(v) for v in values]
    print(f"  agrees with the hand-written rule on every value: {agrees}")
    per_base = baseline_calls / len(calls) * 1e9
    per_call = kpirag_calls / len(calls) * 1e9
    print("classify, one call at a time:")
    print(f"  hand-written {per_base:7.1f} ns   kpirag {per_call:7.1f} ns   "
          f"ratio {per_call / per_base:.2f} (goal <= 5)")  # fmt: skip
    print("reproduce: python benchmarks/bench_classify.py")


if __name__ == "__main__":
    main()
