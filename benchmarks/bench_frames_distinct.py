"""kpirag.frames.evaluate on many distinct floats: what explanations cost over the status alone.

Issue 21 (item 5): on 10 million distinct floats, explanations took past 900 s
and 6.5 GB on pandas and ran out of memory at 8 GB on polars, against 7.3 s and
3.3 s for the status alone. Each case runs in its own process (so the peak
resident memory is its own, Arrow buffers included): ``rows`` observations of
10 KPIs, every value a distinct float with many digits, pandas and polars,
with and without explanations; time of ``evaluate`` (and ``collect`` for the
lazy polars case) and the process's peak resident memory.

Reproduce: python benchmarks/bench_frames_distinct.py [--rows 200000 1000000]
"""

from __future__ import annotations

import argparse
import json
import resource
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


def main() -> None:
    """Run every case in a child process and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--engines", nargs="+", default=list(CASES), choices=CASES)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        rows, engine, explain = args.child
        print(json.dumps(measure(int(rows), engine, explain == "1")))
        return
    print(f"machine: {machine()}")
    for rows in args.rows:
        for engine in args.engines:
            for explain in (False, True):
                child = [sys.executable, __file__, "--child", str(rows), engine, str(int(explain))]
                found = json.loads(subprocess.run(child, check=True, capture_output=True).stdout)
                print(
                    f"{rows:>9,} distinct floats  {engine:<11}  explain={explain!s:<5}  "
                    f"{found['seconds']:8.2f} s  peak {found['peak_mib']:7.0f} MiB "
                    f"(input {found['input_peak_mib']:.0f} MiB)",
                    flush=True,
                )
    print("reproduce: python benchmarks/bench_frames_distinct.py")


if __name__ == "__main__":
    main()
