"""`kpirag evaluate` against the plain `csv` + `Decimal` baseline: CPU time and peak memory.

Generates 100,000- and 1,000,000-row KPI CSVs in a temporary folder. For each
size, runs the baseline (`baseline_csv.py`), `kpirag evaluate --format csv`
and `--format json` in turn, alternating, ``--repeat`` times (3 by default),
and prints the median CPU time (user + system) of each and the ratios to the
baseline (goals: csv within 2x, json within 3x). Then the peak resident
memory of csv, json and text output (goals at 1,000,000 rows: under 80 MiB
for csv and json, 150 MiB for text). CPU time and peak memory are the
child's own, from ``os.wait4``.

Reproduce: python benchmarks/bench_cli.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import compile_kpirag, machine, write_kpi_csv

HERE = Path(__file__).parent
GOALS = {"csv": 2.0, "json": 3.0}
MEMORY_GOALS = {"csv": 80, "json": 80, "text": 150}


def run(command: list[str]) -> tuple[float, float]:
    """CPU seconds and peak MiB of one child process."""
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as child:
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        errors = child.stderr.read().decode() if child.stderr else ""
    if child.returncode not in {0, 1}:
        message = f"{command} failed: {errors}"
        raise SystemExit(message)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def kpirag(path: Path, output: Path, fmt: str) -> list[str]:
    """The command line evaluating ``path`` into ``output``."""
    return [sys.executable, "-m", "kpirag", "evaluate", str(path), "--format", fmt,
            "--output", str(output), "--quiet"]  # fmt: skip


def compare(path: Path, folder: Path, repeat: int) -> None:
    """Print median CPU seconds and ratios for one file."""
    commands = {
        "baseline": [sys.executable, str(HERE / "baseline_csv.py"), str(path), str(folder / "b")],
        "csv": kpirag(path, folder / "out.csv", "csv"),
        "json": kpirag(path, folder / "out.json", "json"),
    }
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            seconds[name].append(run(command)[0])
    base = statistics.median(seconds["baseline"])
    print(f"  baseline {base:7.2f} s CPU (median of {repeat})")
    for fmt, goal in GOALS.items():
        median = statistics.median(seconds[fmt])
        print(
            f"  --format {fmt:4} {median:7.2f} s CPU, ratio {median / base:5.2f} (goal <= {goal})"
        )


def main() -> None:
    """Print the comparison for each size, then peak memory at the largest."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    compile_kpirag()  # as installed: no child compiles kpirag again
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for rows in sorted({max(args.rows // 10, 1), args.rows}):
            path = folder / f"kpis-{rows}.csv"
            write_kpi_csv(path, rows)
            print(f"{rows:,} rows ({path.stat().st_size / 2**20:.1f} MiB):")
            compare(path, folder, args.repeat)
            for fmt, goal in MEMORY_GOALS.items():
                _, peak = run(kpirag(path, folder / f"out.{fmt}", fmt))
                print(f"  peak memory, --format {fmt:4}: {peak:6.1f} MiB (goal < {goal} MiB)")
    print(f"reproduce: python benchmarks/bench_cli.py --rows {args.rows} --repeat {args.repeat}")


if __name__ == "__main__":
    main()
