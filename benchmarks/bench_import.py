"""`import kpirag` time against importing its three dependencies alone (goal: under 1.3x).

Each import runs in a fresh interpreter; the best of several runs is kept.

Reproduce: python benchmarks/bench_import.py
"""

from __future__ import annotations

import subprocess
import sys
import time

from _common import machine

DEPENDENCIES = "import attrs, dateutil.parser, dateutil.relativedelta, tabulate"


def cost(statement: str, repeat: int = 15) -> float:
    """Seconds to start Python and run ``statement``, minus bare start-up; best of ``repeat``."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    bare = min(run("pass") for _ in range(repeat))
    return min(run(statement) for _ in range(repeat)) - bare


def main() -> None:
    """Print both import costs and their ratio."""
    dependencies = cost(DEPENDENCIES)
    kpirag = cost("import kpirag")
    first_use = cost("import kpirag; kpirag.classify(46, '<43', '10%')")
    everything = cost("import kpirag; [getattr(kpirag, name) for name in kpirag.__all__]")
    print(f"machine: {machine()}")
    print(f"import attrs, dateutil, tabulate:          {dependencies * 1e3:6.1f} ms")
    print(f"import kpirag:                             {kpirag * 1e3:6.1f} ms")
    print(f"ratio {kpirag / dependencies:.2f} (goal < 1.3)")
    print("names load on first use; for comparison:")
    print(f"  import kpirag and classify once:         {first_use * 1e3:6.1f} ms")
    print(f"  import kpirag and load every public name: {everything * 1e3:6.1f} ms "
          f"({everything / dependencies:.2f}x the dependencies)")  # fmt: skip
    print("reproduce: python benchmarks/bench_import.py")


if __name__ == "__main__":
    main()
