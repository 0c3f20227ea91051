"""Shared fixtures: the Q1 2017/18 example module, and reviewed golden files of blocks."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` as a module."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def q1() -> ModuleType:
    """The Q1 2017/18 report example (framework, observations, main)."""
    return load_example("q1_2017_18")


GoldenBlocks = Callable[[Path, Callable[[str], list[str]], Iterable[str]], dict[str, list[str]]]
"""``golden_blocks(path, outcomes, names)``: the reviewed blocks of a golden file, by name."""


def _golden_blocks(
    path: Path, outcomes: Callable[[str], list[str]], names: Iterable[str]
) -> dict[str, list[str]]:
    """The ``## name`` blocks of ``path``, rewritten first from ``outcomes`` when asked.

    With ``KPIRAG_UPDATE_GOLDEN=1`` the file is written again, one block per
    name holding ``outcomes(name)``; review the diff before committing it.
    """
    if os.environ.get("KPIRAG_UPDATE_GOLDEN"):
        text = "".join(
            f"## {name}\n" + "".join(f"{line}\n" for line in outcomes(name)) for name in names
        )
        path.write_text(text, encoding="utf-8")
    blocks: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            blocks[line[3:]] = []
        else:
            blocks[next(reversed(blocks))].append(line)
    return blocks


@pytest.fixture(scope="session")
def golden_blocks() -> GoldenBlocks:
    """Read (or, with ``KPIRAG_UPDATE_GOLDEN=1``, first rewrite) a golden file of named blocks."""
    return _golden_blocks
