"""Evaluating a large KPI CSV with the command line: rows per second and peak memory.

Each run is a fresh `kpirag evaluate FILE --format csv --output ...` process;
its peak resident memory is read from the operating system. Memory should not
grow with the file beyond what is kept for output (nothing, for CSV and JSON)
and the set of ids seen, which detects duplicates.

Reproduce: python benchmarks/bench_csv.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import machine, write_kpi_csv

CHILD = """
import resource, sys
from kpirag.cli import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def run(path: Path, output: Path, fmt: str) -> tuple[float, float]:
    """Seconds and peak MiB for one evaluation in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            "evaluate",
            str(path),
            "--format",
            fmt,
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kib / 1024


def main() -> None:
    """Print rows per second and peak memory for each file size."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    sizes = sorted({max(args.rows // 10, 1), args.rows})
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            path = Path(folder) / f"kpis-{rows}.csv"
            write_kpi_csv(path, rows)
            megabytes = path.stat().st_size / 2**20
            for fmt in ("csv", "json"):
                seconds, peak = run(path, Path(folder) / f"out.{fmt}", fmt)
                print(
                    f"{rows:>9,} rows ({megabytes:5.1f} MiB) -> {fmt:4}: {seconds:6.1f} s, "
                    f"{rows / seconds:8,.0f} rows/s, peak {peak:6.1f} MiB"
                )
    print(f"reproduce: python benchmarks/bench_csv.py --rows {args.rows}")


if __name__ == "__main__":
    main()
