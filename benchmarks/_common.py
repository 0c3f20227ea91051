"""Helpers shared by the benchmark scripts: machine description and synthetic KPI files."""

from __future__ import annotations

import compileall
import csv
import os
import platform
import random
import sys
from pathlib import Path

TARGETS = ["<43", ">=75%", ">=69", "<=0", "95%-105%", ">=2,000", "<10", ">=85%"]


def machine() -> str:
    """One line describing the machine and interpreter."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {sys.version.split()[0]} on {platform.system()}"


def compile_kpirag(src: Path | None = None) -> None:
    """Write the bytecode of kpirag's modules, as installing a package does.

    A child process then reads it instead of compiling every module again
    (about 0.3 s of CPU time when ``PYTHONDONTWRITEBYTECODE`` is set, as it is
    on some machines), which is not a cost a user of an installed kpirag pays.
    ``src``: another checkout's ``src`` folder (the kpirag imported here by default).
    """
    if src is None:
        import kpirag  # noqa: PLC0415 - only where a benchmark runs kpirag in child processes

        folder = Path(kpirag.__file__).parent
    else:
        folder = src / "kpirag"
    compileall.compile_dir(folder, quiet=1)


def write_kpi_csv(path: Path, rows: int, seed: int = 2017) -> None:
    """A KPI CSV of ``rows`` simple KPIs with plausible targets, values and reported statuses."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "measure", "target", "value", "reported", "theme"])
        for number in range(rows):
            target = TARGETS[number % len(TARGETS)]
            percent = "%" in target
            value = f"{rng.uniform(0, 120):.1f}" + ("%" if percent else "")
            reported = rng.choice(["Green", "Amber", "Red", ""])
            writer.writerow(
                [f"K{number}", f"Measure {number}", target, value, reported, f"T{number % 5}"]
            )
