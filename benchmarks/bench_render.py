"""Rendering a report of 1,000 and of 10,000 KPIs: time should grow linearly.

Each step is timed as timeit does (garbage collection paused, best of five).

Reproduce: python benchmarks/bench_render.py
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from _common import TARGETS, machine

from kpirag import KPI, Framework, Observation, kpi_table, summary_table


def build(count: int) -> Framework:
    """A framework of ``count`` KPIs over five themes."""
    return Framework(
        KPI(f"K{n}", f"Measure {n}", TARGETS[n % len(TARGETS)], theme=f"Theme {n % 5}")
        for n in range(count)
    )


def best_of(step: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs in seconds, with garbage collection paused."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def render(count: int) -> dict[str, float]:
    """Seconds to evaluate, build the tables and render them in each format."""
    framework = build(count)
    observations = [
        Observation(
            kpi.id, f"{(n * 37) % 120}" + ("%" if kpi.target and kpi.target.percent else "")
        )
        for n, kpi in enumerate(framework.kpis)
    ]
    evaluation = framework.evaluate(observations)
    tables = [summary_table(evaluation.summary()), kpi_table(evaluation)]
    timings = {
        "evaluate": best_of(lambda: framework.evaluate(observations)),
        "tables": best_of(lambda: [summary_table(evaluation.summary()), kpi_table(evaluation)]),
    }
    for fmt in ("text", "github", "html", "latex", "csv"):
        timings[fmt] = best_of(lambda fmt=fmt: [table.render(fmt) for table in tables])  # type: ignore[misc]
    return timings


def main() -> None:
    """Print timings for 1,000 and 10,000 KPIs and their ratio (10 is linear)."""
    print(f"machine: {machine()}")
    small, large = render(1_000), render(10_000)
    for step in small:
        print(
            f"{step:9}: 1,000 KPIs {small[step] * 1e3:8.1f} ms   10,000 KPIs "
            f"{large[step] * 1e3:8.1f} ms   ratio {large[step] / small[step]:5.1f} (linear: 10)"
        )
    print("reproduce: python benchmarks/bench_render.py")


if __name__ == "__main__":
    main()
