"""kpirag.frames.evaluate against hand-written data frame code, in the same process.

1,000,000 observations over 1,000 KPI definitions (targets from the report's
kinds, a 10% tolerance, values with one decimal place as reports publish them).
Goals (docs/performance.md):

- pandas, status only: within 2x of a hand-written script that merges float
  edge columns precomputed per definition onto the observations and calls
  ``np.select`` (the np.select step alone is printed too);
- pandas with explanations: no slower than a Python loop formatting the same
  kind of strings with f-strings;
- polars, status only: within 2x of the same script in polars ``when/then``;
- peak memory of the pandas path at most 3x the input frame's memory.

Runs alternate (baseline, kpirag, baseline, ...) and the medians are compared.

Reproduce: python benchmarks/bench_frames.py [--rows N] [--repeat R]
"""

from __future__ import annotations

import argparse
import functools
import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
from _common import TARGETS, machine

import kpirag
from kpirag.frames import evaluate

LABELS = ["N/A", "Green", "Amber", "Red"]


def definitions(count: int) -> pd.DataFrame:
    """``count`` definitions cycling through the report's kinds of target."""
    return pd.DataFrame(
        {
            "kpi_id": [f"K{n}" for n in range(count)],
            "title": [f"Measure {n}" for n in range(count)],
            "theme": [f"T{n % 5}" for n in range(count)],
            "target": [TARGETS[n % len(TARGETS)] for n in range(count)],
            # a bare target number states its direction (safe defaults); higher, as before
            "better": [_better(TARGETS[n % len(TARGETS)]) for n in range(count)],
            "tolerance": ["10%"] * count,
        }
    )


def _better(target: str) -> str | None:
    """``higher`` for a bare target number (``75%``, ``2,000``), else none."""
    return "higher" if target[0].isdigit() and "-" not in target else None


def float_edges(defs: pd.DataFrame) -> pd.DataFrame:
    """What an analyst precomputes per definition: float Green and Amber bands."""
    rows = []
    for kpi_id, text in zip(defs["kpi_id"], defs["target"], strict=True):
        target = kpirag.Target.parse(text)
        low, high = (float(x) for x in target.bounds)
        inf = float("inf")
        if target.better is kpirag.Direction.HIGHER:
            rows.append((kpi_id, low, inf, low * 0.9, inf))
        elif target.better is kpirag.Direction.LOWER:
            rows.append((kpi_id, -inf, high, -inf, high * 1.1))
        else:
            rows.append((kpi_id, low, high, low * 0.9, high * 1.1))
    return pd.DataFrame(rows, columns=["kpi_id", "g_lo", "g_hi", "a_lo", "a_hi"])


def observations(rows: int, count: int, seed: int = 2017) -> pd.DataFrame:
    """``rows`` observations of ``count`` KPIs, values with one decimal place."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"K{n}" for n in range(count)])
    return pd.DataFrame(
        {
            "kpi_id": ids[rng.integers(0, count, rows)],
            "period": "Q1 2017/18",
            "value": np.round(rng.uniform(0, 120, rows), 1),
        }
    )


def pandas_select(obs: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """The hand-written pandas script: merge the float edges, then np.select."""
    merged = obs.merge(edges, on="kpi_id", how="left")
    return select_only(merged)


def select_only(merged: pd.DataFrame) -> pd.DataFrame:
    """np.select over float edge columns already in the frame."""
    v = merged["value"].to_numpy()
    codes = np.select(
        [
            (v >= merged["g_lo"].to_numpy()) & (v <= merged["g_hi"].to_numpy()),
            (v >= merged["a_lo"].to_numpy()) & (v <= merged["a_hi"].to_numpy()),
        ],
        [1, 2],
        3,
    )
    merged["status"] = pd.Categorical.from_codes(codes, LABELS, ordered=True)
    return merged


def polars_when(obs: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """The hand-written polars script: join the float edges, then when/then."""
    v = pl.col("value")
    status = (
        pl.when((v >= pl.col("g_lo")) & (v <= pl.col("g_hi")))
        .then(pl.lit("Green"))
        .when((v >= pl.col("a_lo")) & (v <= pl.col("a_hi")))
        .then(pl.lit("Amber"))
        .otherwise(pl.lit("Red"))
        .cast(pl.Enum(LABELS))
    )
    return obs.join(edges, on="kpi_id", how="left").with_columns(status=status)


def f_strings(obs: pd.DataFrame, edges: pd.DataFrame) -> list[str]:
    """A plain loop formatting an explanation per row with f-strings."""
    merged = obs.merge(edges, on="kpi_id", how="left")
    out = []
    for v, g_lo, a_lo, target in zip(
        merged["value"], merged["g_lo"], merged["a_lo"], merged["kpi_id"], strict=True
    ):
        if v >= g_lo:
            out.append(f"Green: {v} meets {target}")
        elif v >= a_lo:
            out.append(f"Amber: {v} misses {target} by {g_lo - v:.1f} (within {a_lo})")
        else:
            out.append(f"Red: {v} misses {target} by {g_lo - v:.1f} (beyond {a_lo})")
    return out


def alternate(pairs: list[tuple[str, Callable[[], object]]], repeat: int) -> dict[str, list[float]]:
    """Run each function in turn, ``repeat`` rounds, with the collector paused."""
    times: dict[str, list[float]] = {name: [] for name, _ in pairs}
    for _ in range(repeat):
        for name, function in pairs:
            gc.collect()
            gc.disable()
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
            gc.enable()
    return times


def peak_memory(function: Callable[[], Any]) -> int:
    """Peak bytes traced by tracemalloc while ``function`` runs (NumPy and pandas report)."""
    gc.collect()
    tracemalloc.start()
    result = function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak


def report(name: str, times: dict[str, list[float]], base: str, mine: str, goal: float) -> None:
    """Print the medians and their ratio against the goal."""
    b, m = statistics.median(times[base]), statistics.median(times[mine])
    print(f"{name}: {base} {b * 1e3:8.1f} ms   {mine} {m * 1e3:8.1f} ms   "
          f"ratio {m / b:.2f} (goal <= {goal})")  # fmt: skip


def main() -> None:
    """Print every ratio against its goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    defs = definitions(1000)
    edges = float_edges(defs)
    obs = observations(args.rows, 1000)
    obs_pl, edges_pl, defs_pl = pl.from_pandas(obs), pl.from_pandas(edges), pl.from_pandas(defs)
    merged = obs.merge(edges, on="kpi_id", how="left")
    print(f"machine: {machine()}")
    print(
        f"{args.rows:,} observations over 1,000 definitions, median of {args.repeat}, alternating"
    )

    mine = evaluate(obs, defs, explain=False)
    hand = pandas_select(obs, edges)
    wrong = int((mine["status"].astype(str) != hand["status"].astype(str)).sum())
    print(f"rows where the hand-written float script differs from the exact status: {wrong:,}")

    times = alternate(
        [
            ("merge+np.select", lambda: pandas_select(obs, edges)),
            ("np.select alone", lambda: select_only(merged)),
            ("kpirag", lambda: evaluate(obs, defs, explain=False)),
        ],
        args.repeat,
    )
    report("pandas, status only", times, "merge+np.select", "kpirag", 2)
    report("pandas, status only", times, "np.select alone", "kpirag", 2)

    times = alternate(
        [
            ("f-strings", lambda: f_strings(obs, edges)),
            ("kpirag", lambda: evaluate(obs, defs, explain=True)),
        ],
        args.repeat,
    )
    report("pandas, with explanations", times, "f-strings", "kpirag", 1)

    times = alternate(
        [
            ("when/then", lambda: polars_when(obs_pl, edges_pl)),
            ("kpirag", lambda: evaluate(obs_pl, defs_pl, explain=False)),
        ],
        args.repeat,
    )
    report("polars, status only", times, "when/then", "kpirag", 2)

    size = int(obs.memory_usage(deep=True).sum())
    for explain in (False, True):
        peak = peak_memory(functools.partial(evaluate, obs, defs, explain=explain))
        print(f"pandas peak memory, explain={explain}: {peak / 2**20:7.1f} MiB against an input "
              f"of {size / 2**20:.1f} MiB: {peak / size:.2f}x (goal <= 3)")  # fmt: skip
    print("reproduce: python benchmarks/bench_frames.py")


if __name__ == "__main__":
    main()
