"""kpirag.frames.evaluate on many distinct floats: what explanations cost over the status alone.

Issue 21 (item 5): on 10 million distinct floats, explanations took past 900 s
and 6.5 GB on pandas and ran out of memory at 8 GB on polars, against 7.3 s and
3.3 s for the status alone. Each case runs in its own process (so the peak
resident memory is its own, Arrow buffers included): ``rows`` observations of
10 KPIs, every value a distinct float with many digits, pandas and polars,
with and without explanations; time of ``evaluate`` (and ``collect`` for the
lazy polars case) and the process's peak resident memory.

Each case runs ``--repeat`` times, explanations and status only alternating, and
the medians are compared with the goals (``GOALS``): explanations at most 3 times
the time and 2 times the peak memory of the status alone. The script exits 1 when
a goal is missed.

Reproduce: python benchmarks/bench_frames_distinct.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from typing import Any

from _common import machine

CASES = ("pandas", "polars", "polars-lazy")


def frames(rows: int, engine: str) -> tuple[Any, Any]:
    """``rows`` observations of 10 KPIs (distinct floats), and their definitions."""
    import numpy as np  # noqa: PLC0415 - imported in the measured process only
    import pandas as pd  # noqa: PLC0415
    import polars as pl  # noqa: PLC0415

    rng = np.random.default_rng(2017)
    obs = pd.DataFrame(
        {
            "kpi_id": np.array([f"K{n}" for n in range(10)])[rng.integers(0, 10, rows)],
            "value": rng.uniform(0, 120, rows),  # about 16 digits each: all distinct
        }
    )
    defs = pd.DataFrame(
        {
            "kpi_id": [f"K{n}" for n in range(10)],
            "target": [">=75%", "<43", ">=69", "95%-105%", "<10"] * 2,
            "tolerance": ["10%"] * 10,
        }
    )
    if engine == "pandas":
        return obs, defs
    obs_pl, defs_pl = pl.from_pandas(obs), pl.from_pandas(defs)
    return (obs_pl.lazy() if engine == "polars-lazy" else obs_pl), defs_pl


def measure(rows: int, engine: str, explain: bool) -> dict[str, float]:
    """Seconds of ``evaluate`` and the peak resident MiB of this process."""
    from kpirag.frames import evaluate  # noqa: PLC0415

    obs, defs = frames(rows, engine)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    result = evaluate(obs, defs, period=None, explain=explain)
    if hasattr(result, "collect"):
        result = result.collect()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mib": peak, "input_peak_mib": before}


GOALS = {"time": 3.0, "memory": 2.0}
"""Explanations against the status alone, at most: time and peak resident memory."""


def run(rows: int, engine: str, explain: bool) -> dict[str, float]:
    """One measurement in a child process of its own."""
    child = [sys.executable, __file__, "--child", str(rows), engine, str(int(explain))]
    found: dict[str, float] = json.loads(
        subprocess.run(child, check=True, capture_output=True).stdout
    )
    return found


def main() -> None:
    """Run every case in child processes, alternating, and print the medians and the ratios.

    Exits 1 when a ratio misses its goal (``GOALS``).
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--engines", nargs="+", default=list(CASES), choices=CASES)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each case (median)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        rows, engine, explain = args.child
        print(json.dumps(measure(int(rows), engine, explain == "1")))
        return
    print(f"machine: {machine()}")
    missed = []
    for rows in args.rows:
        for engine in args.engines:
            runs: dict[bool, list[dict[str, float]]] = {False: [], True: []}
            for _ in range(args.repeat):  # alternating: the load of the machine hits both alike
                for explain in (False, True):
                    runs[explain].append(run(rows, engine, explain))
            median = {
                explain: {key: statistics.median(r[key] for r in found) for key in found[0]}
                for explain, found in runs.items()
            }
            for explain in (False, True):
                m = median[explain]
                print(
                    f"{rows:>10,} distinct floats  {engine:<11}  explain={explain!s:<5}  "
                    f"{m['seconds']:8.2f} s  peak {m['peak_mib']:7.0f} MiB "
                    f"(input {m['input_peak_mib']:.0f} MiB)",
                    flush=True,
                )
            ratios = {
                "time": median[True]["seconds"] / median[False]["seconds"],
                "memory": median[True]["peak_mib"] / median[False]["peak_mib"],
            }
            print(
                f"{rows:>10,} distinct floats  {engine:<11}  explanations / status only: "
                + ", ".join(
                    f"{what} {ratio:.2f}x (goal <= {GOALS[what]:g}x)"
                    for what, ratio in ratios.items()
                ),
                flush=True,
            )
            missed += [(rows, engine, what) for what, r in ratios.items() if r > GOALS[what]]
    print(f"median of {args.repeat} alternating runs; reproduce: python {sys.argv[0]}")
    if missed:
        print(f"goals missed: {missed}")
        sys.exit(1)


if __name__ == "__main__":
    main()
