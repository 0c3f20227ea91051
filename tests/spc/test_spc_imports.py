"""kpirag.spc imports only the standard library, attrs, kpirag.errors, _validate and rules."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import kpirag.spc

PACKAGE = Path(kpirag.spc.__file__).parent
ALLOWED = {"attrs", "kpirag.errors", "kpirag._validate", "kpirag.rules"}


def _imports(path: Path) -> set[str]:
    """The modules a file imports, leaving out its notebook display method.

    ``XmRChart._repr_html_`` reaches up to kpirag.plot and kpirag.report to draw
    itself; tests/test_architecture.py checks that adapter separately.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    adapter = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "_repr_html_"
        for child in ast.walk(node)
    }
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in adapter:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda path: path.name)
def test_spc_imports_only_the_standard_library_attrs_and_errors(path: Path) -> None:
    """No numpy: stdlib, attrs, kpirag.errors, _validate, rules (its number reader) and spc."""
    for name in _imports(path):
        top = name.split(".")[0]
        allowed = (
            top in sys.stdlib_module_names
            or name in ALLOWED
            or name == "kpirag.spc"
            or name.startswith("kpirag.spc.")
        )
        assert allowed, f"{path.name} imports {name}"


def test_public_names() -> None:
    """Every name in kpirag.spc.__all__ exists, and the private modules stay private."""
    assert sorted(kpirag.spc.__all__) == kpirag.spc.__all__
    for name in kpirag.spc.__all__:
        assert not name.startswith("_")
        assert getattr(kpirag.spc, name) is not None
