"""kpirag on a realistic export against a plain script: CPU time, peak memory, agreement.

Writes a realistic KPI export (`_realistic.write_realistic_kpi_csv`: every
column, old column names, previous figures, recorded statuses, overrides,
commentary, units, separators, not-rated rows, figures on edges, composite and
profiled KPIs) of each size in a temporary folder. For each size it runs, in
turn and ``--repeat`` times (3 by default), each in a fresh process:

- the baseline, `baseline_realistic.py` (a plain ``csv`` + ``Decimal`` script);
- ``kpirag evaluate FILE --period "Q2 2017/18"`` with ``--format csv``,
  ``--format json`` and text;
- ``kpirag.load_kpis(FILE).evaluate(period=...)`` in Python, touching every
  result's status.

It prints the median CPU time (user + system, the child's own from
``os.wait4``) of each, its ratio to the baseline's median, and its peak
resident memory, against the goals of issue 22. kpirag's bytecode is written
first, as installing it writes it, so no child compiles kpirag's modules.
Before timing, it checks that kpirag's CSV gives the baseline's status on
every row, and stops if not.

Reproduce: python benchmarks/bench_realistic.py [--rows 100000 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import compile_kpirag, machine
from _realistic import PERIOD, write_realistic_kpi_csv

HERE = Path(__file__).parent
GOALS = {"csv": 2.5, "json": 2.5, "text": 4.0, "python": 5.0}
"""The most CPU time each path may take, as a multiple of the baseline's."""
MEMORY_GOAL_MIB = 80
"""The most memory the command line may use at 1,000,000 rows, in every format."""
PYTHON_MEMORY_GOAL_KIB = 1.5
"""The most memory ``load_kpis(...).evaluate()`` may use per row."""

PYTHON = """
import sys
from kpirag import parse_period
from kpirag.io import load_kpis
evaluation = load_kpis(sys.argv[1]).evaluate(period=parse_period(sys.argv[2]))
print(sum(1 for result in evaluation.results if result.status is not None))
"""


def run(command: list[str]) -> tuple[float, float]:
    """CPU seconds and peak MiB of one child process, which must succeed."""
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as child:
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        errors = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        message = f"{command} failed: {errors}"
        raise SystemExit(message)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def commands(path: Path, folder: Path) -> dict[str, list[str]]:
    """Every path timed, by name, with its command."""

    def evaluate(fmt: str) -> list[str]:
        return [sys.executable, "-W", "ignore", "-m", "kpirag", "evaluate", str(path),
                "--period", PERIOD, "--format", fmt, "--output", str(folder / f"out.{fmt}"),
                "--quiet"]  # fmt: skip

    baseline = [sys.executable, str(HERE / "baseline_realistic.py"), str(path), str(folder / "b")]
    return {
        "baseline": baseline,
        "csv": evaluate("csv"),
        "json": evaluate("json"),
        "text": evaluate("text"),
        "python": [sys.executable, "-W", "ignore", "-c", PYTHON, str(path), PERIOD],
    }


def check_agreement(folder: Path, runs: dict[str, list[str]]) -> int:
    """The number of KPIs, after checking kpirag and the baseline agree on each one's status."""
    run(runs["baseline"])
    run(runs["csv"])
    # Streamed, not kept: this process's memory would show in the children's peak
    # (a forked child starts as a copy of it).
    kpis = 0
    differ = []
    with (
        (folder / "b").open(encoding="utf-8") as base,
        (folder / "out.csv").open(encoding="utf-8") as ours,
    ):
        for a, b in zip(csv.DictReader(base), csv.DictReader(ours), strict=True):
            kpis += 1
            if (a["ID"], a["Status"]) != (b["ID"], b["Status"]):
                differ.append((a["ID"], a["Status"], b["Status"]))
    if differ:
        message = f"{len(differ)} KPIs differ from the baseline, first: {differ[:5]}"
        raise SystemExit(message)
    return kpis


def compare(path: Path, folder: Path, repeat: int, rows: int) -> None:
    """Print median CPU seconds, ratios and peak memory for one file."""
    runs = commands(path, folder)
    kpis = check_agreement(folder, runs)
    print(f"  statuses: all {kpis:,} KPIs agree with the baseline")
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    peaks: dict[str, float] = {}
    for _ in range(repeat):
        for name, command in runs.items():
            cpu, peak = run(command)
            seconds[name].append(cpu)
            peaks[name] = max(peaks.get(name, 0.0), peak)
    base = statistics.median(seconds["baseline"])
    print(f"  {'baseline':9} {base:7.2f} s CPU (median of {repeat}), {peaks['baseline']:6.1f} MiB")
    for name, goal in GOALS.items():
        median = statistics.median(seconds[name])
        memory = f"{peaks[name]:6.1f} MiB"
        if name == "python":
            memory += f" ({peaks[name] * 1024 / rows:.2f} KiB/row, goal {PYTHON_MEMORY_GOAL_KIB})"
        elif rows >= 1_000_000:
            memory += f" (goal < {MEMORY_GOAL_MIB})"
        ratio = median / base
        print(f"  {name:9} {median:7.2f} s CPU, ratio {ratio:5.1f} (goal <= {goal}), {memory}")


def main() -> None:
    """Print the comparison for each size."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    compile_kpirag()  # as installed: no child compiles kpirag again
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for rows in args.rows:
            path = folder / f"realistic-{rows}.csv"
            write_realistic_kpi_csv(path, rows)
            print(f"{rows:,} rows of the realistic export ({path.stat().st_size / 2**20:.1f} MiB):")
            compare(path, folder, args.repeat, rows)
    sizes = " ".join(str(rows) for rows in args.rows)
    print(f"reproduce: python benchmarks/bench_realistic.py --rows {sizes} --repeat {args.repeat}")


if __name__ == "__main__":
    main()
