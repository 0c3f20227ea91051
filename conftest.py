"""Root pytest configuration: every session (and, under mutmut, every test) starts uncached.

kpirag memoises pure functions with ``functools.lru_cache`` (parsed targets,
prepared classifiers). That is invisible to the suite, but mutation testing
would be fooled by it twice over:

- mutmut runs each mutant's tests in a process forked from one that has
  already run the whole suite, so a cache filled there answers from the
  unmutated code and the mutant is never exercised;
- mutmut learns which tests reach a function by recording calls during one
  run of the suite, so a test served from a cache filled by an earlier test is
  never linked to the functions behind the cache, and is not run for their
  mutants.

So the caches are emptied when a session starts, and before each test while
mutmut drives the run (it sets ``MUTANT_UNDER_TEST``).

Under mutmut, Hypothesis is also derandomised and its example database
switched off: every run (the stats run, the clean run, each mutant) then draws
the same examples, so a property that fails only on a rare draw can neither
stop the run nor pass for a killed mutant. See docs/testing.md.
"""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import settings

if "MUTANT_UNDER_TEST" in os.environ:
    settings.register_profile("mutmut", derandomize=True, database=None)
    settings.load_profile("mutmut")


def clear_kpirag_caches() -> int:
    """Empty every ``functools`` cache defined in an imported kpirag module; return how many."""
    caches: dict[int, object] = {}
    for name, module in list(sys.modules.items()):
        if not (name == "kpirag" or name.startswith("kpirag.")):
            continue
        # getattr: sys.modules may hold None for a module whose import was blocked.
        for value in list(getattr(module, "__dict__", {}).values()):
            candidates = [value]
            if isinstance(value, type) and value.__module__ == name:
                candidates += [getattr(item, "__func__", item) for item in vars(value).values()]
            for candidate in candidates:
                if callable(getattr(candidate, "cache_clear", None)):
                    caches[id(candidate)] = candidate
    for cache in caches.values():
        cache.cache_clear()  # type: ignore[attr-defined]
    return len(caches)


def pytest_sessionstart(session: pytest.Session) -> None:  # noqa: ARG001 - pytest's hook signature
    """Start the session with kpirag's caches empty."""
    clear_kpirag_caches()


def pytest_runtest_setup(item: pytest.Item) -> None:  # noqa: ARG001 - pytest's hook signature
    """Under mutmut, start each test with kpirag's caches empty."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        clear_kpirag_caches()
