"""kpirag.frames.evaluate with a trend-aware scheme and a previous column, status only.

Issue 22's goal: 1,000,000 observations of 1,000 KPI definitions (the report's
kinds of target), a scheme that is Amber within 10% and Amber beyond when the
figure improved on the previous one, a previous figure on 70% of the rows;
``evaluate(..., previous="previous", explain=False)`` within 3 times a
hand-written script over the same rows: merge per-KPI edges onto the
observations, work out the direction of travel with NumPy and ``np.select`` the
status. The script works in whole tenths (every figure has one decimal place),
so it is exact too, and every row's status must agree with kpirag's.

Runs alternate (script, kpirag, script, ...), the medians are compared; the
script exits 1 when the ratio misses the goal or a status differs.

Reproduce: python benchmarks/bench_frames_trend.py [--rows N] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
from _common import machine
from bench_frames import LABELS, alternate, definitions

import kpirag
from kpirag.frames import evaluate

GOAL = 3.0
"""kpirag's time over the hand-written script's, at most."""
SCHEME = kpirag.Scheme.from_dict(
    {"steps": [{"within": "10%", "status": "amber"}], "beyond_by_trend": {"improved": "Amber"}}
)
_FAR = 10**15  # an edge no figure reaches, in tenths


def observations(rows: int, count: int, seed: int = 2017) -> pd.DataFrame:
    """``rows`` observations of ``count`` KPIs: one decimal place, a previous figure on 70%."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"K{n}" for n in range(count)])
    value = np.round(rng.uniform(0, 120, rows), 1)
    previous = np.round(value + rng.normal(0, 8, rows), 1)
    previous[rng.random(rows) < 0.3] = np.nan  # no previous figure on 30%
    return pd.DataFrame(
        {"kpi_id": ids[rng.integers(0, count, rows)], "value": value, "previous": previous}
    )


def tenths_edges(defs: pd.DataFrame) -> pd.DataFrame:
    """What an analyst works out per definition, in whole tenths: the bands and the direction.

    Green from ``g_lo`` to ``g_hi`` and Amber from ``a_lo`` to ``a_hi`` (inclusive, a
    strict target one tenth inside), ``better`` 1 (higher), -1 (lower) or 0 (a range,
    nearer ``t_lo`` to ``t_hi`` is better).
    """
    rows = []
    for kpi_id, text in zip(defs["kpi_id"], defs["target"], strict=True):
        target = kpirag.Target.parse(text)
        low, high = (int(bound * 10) for bound in target.bounds)
        strict = target.operator.value in {"<", ">"}
        if target.better is kpirag.Direction.HIGHER:
            g = (low + strict, _FAR)
            a = (int((Decimal(low) * Decimal("0.9")).to_integral_value("ROUND_CEILING")), _FAR)
            better = 1
        elif target.better is kpirag.Direction.LOWER:
            g = (-_FAR, high - strict)
            amber = (Decimal(high) * Decimal("1.1")).to_integral_value("ROUND_FLOOR")
            a = (-_FAR, int(amber) if high else g[1])  # no band around a target of zero
            better = -1
        else:
            g = (low, high)
            a = (
                int((Decimal(low) * Decimal("0.9")).to_integral_value("ROUND_CEILING")),
                int((Decimal(high) * Decimal("1.1")).to_integral_value("ROUND_FLOOR")),
            )
            better = 0
        rows.append((kpi_id, *g, *a, better, low, high))
    columns = ["kpi_id", "g_lo", "g_hi", "a_lo", "a_hi", "better", "t_lo", "t_hi"]
    return pd.DataFrame(rows, columns=columns)


def hand_written(obs: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    """The script: merge the edges, the direction of travel in tenths, then ``np.select``."""
    merged = obs.merge(edges, on="kpi_id", how="left")
    v = np.rint(merged["value"].to_numpy() * 10).astype(np.int64)
    before = merged["previous"].to_numpy()
    known = ~np.isnan(before)
    p = np.rint(np.where(known, before, 0) * 10).astype(np.int64)
    better = merged["better"].to_numpy()
    low, high = merged["t_lo"].to_numpy(), merged["t_hi"].to_numpy()
    zero = np.zeros_like(v)
    off_now = np.maximum(np.maximum(low - v, v - high), zero)
    off_before = np.maximum(np.maximum(low - p, p - high), zero)
    improved = known & np.select(
        [better == 1, better == -1], [v > p, v < p], off_now < off_before
    ).astype(bool)

    def within(lo: str, hi: str) -> Any:  # noqa: ANN401 - a NumPy mask
        return (v >= merged[lo].to_numpy()) & (v <= merged[hi].to_numpy())

    codes = np.select([within("g_lo", "g_hi"), within("a_lo", "a_hi") | improved], [1, 2], 3)
    merged["status"] = pd.Categorical.from_codes(codes, LABELS, ordered=True)
    return merged


def kpirag_status(obs: object, defs: object) -> object:
    """The statuses ``kpirag.frames.evaluate`` gives the same rows."""
    return evaluate(obs, defs, period=None, previous="previous", scheme=SCHEME, explain=False)


def main() -> None:
    """Print the medians and the ratio; exit 1 when the goal is missed or a status differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    defs = definitions(1000).drop(columns="tolerance")  # every KPI on ``SCHEME``
    edges = tenths_edges(defs)
    obs = observations(args.rows, 1000)
    print(f"machine: {machine()}")
    print(f"{args.rows:,} observations over 1,000 definitions, a previous figure on 70%, "
          f"median of {args.repeat}, alternating")  # fmt: skip
    mine = kpirag_status(obs, defs)
    hand = hand_written(obs, edges)
    wrong = int((mine["status"].astype(str) != hand["status"].astype(str)).sum())  # type: ignore[index]
    print(f"rows where the script's status differs from kpirag's: {wrong:,}")
    obs_pl, defs_pl = pl.from_pandas(obs), pl.from_pandas(defs)
    times = alternate(
        [
            ("merge+np.select", lambda: hand_written(obs, edges)),
            ("pandas", lambda: kpirag_status(obs, defs)),
            ("polars", lambda: kpirag_status(obs_pl, defs_pl)),
        ],
        args.repeat,
    )
    base = statistics.median(times["merge+np.select"])
    missed = wrong > 0
    for engine in ("pandas", "polars"):
        mid = statistics.median(times[engine])
        print(f"{engine} kpirag {mid * 1e3:8.1f} ms   merge+np.select {base * 1e3:8.1f} ms   "
              f"ratio {mid / base:.2f} (goal <= {GOAL:g})")  # fmt: skip
        missed |= mid / base > GOAL
    print("reproduce: python benchmarks/bench_frames_trend.py")
    if missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
