"""The package's shape: layers import only downwards, and the public API is one table."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import kpirag

SRC = Path(kpirag.__file__).resolve().parent

# Each layer's rank: a module may import kpirag modules of a lower rank, or of its own
# layer, and nothing else. Layers of equal rank (risk and budget) are siblings and may
# not import each other.
RANK = {
    "errors": 0,
    "_validate": 0,
    "_hypothesis_hook": 0,
    "rules": 1,
    "kpi": 2,
    "spc": 3,
    "risk": 3,
    "budget": 3,
    "report": 4,
    "io": 5,
    "frames": 6,
    "plot": 7,
    "cli": 8,
    "strategies": 8,
    "__init__": 9,
    "__main__": 9,
}

# Third-party packages each may be imported by one layer only.
OWNER = {
    "tabulate": {"report"},
    "dateutil": {"kpi"},
    "hypothesis": {"strategies"},
    "narwhals": {"frames"},
    "matplotlib": {"plot"},
    "openpyxl": {"io", "report"},
}


def _layer(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return parts[0]


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every absolute module imported by the file, with its line number."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: use absolute imports"
            assert node.module is not None
            found.append((node.module, node.lineno))
    return found


MODULES = sorted(SRC.rglob("*.py"))


def test_every_module_belongs_to_a_known_layer() -> None:
    """A new folder or top-level module must be given a rank before it can land."""
    unknown = {_layer(path) for path in MODULES} - set(RANK)
    assert not unknown


def test_layers_are_folders() -> None:
    """The listing of src/kpirag shows the layers as folders."""
    folders = {path.name for path in SRC.iterdir() if path.is_dir() and path.name != "__pycache__"}
    assert {"rules", "kpi", "risk", "budget", "report", "io", "cli", "strategies"} <= folders


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_layer_imports_only_downwards(path: Path) -> None:
    """No module imports a layer above its own, or a sibling layer of the same rank."""
    layer = _layer(path)
    for module, line in _imports(path):
        top, _, rest = module.partition(".")
        if top == "kpirag" and rest:
            target = rest.split(".")[0]
            if target == layer or RANK[target] == RANK[layer] == 0:
                continue
            assert RANK[target] < RANK[layer], (
                f"{path.relative_to(SRC)}:{line}: {layer} (rank {RANK[layer]}) imports "
                f"{module} (rank {RANK[target]})"
            )
        elif top in OWNER:
            assert layer in OWNER[top], (
                f"{path.relative_to(SRC)}:{line}: only {OWNER[top]} import {top}"
            )


def test_the_rule_engine_imports_only_errors() -> None:
    """kpirag.rules is the exact engine: it needs nothing of kpirag but errors and validators."""
    for path in (SRC / "rules").glob("*.py"):
        for module, _ in _imports(path):
            if module.startswith("kpirag."):
                assert module.split(".")[1] in {"rules", "errors", "_validate"}, module


def test_public_table_matches_type_checking_block_and_all() -> None:
    """__all__, the lazy-loading table and the names type checkers see are the same set."""
    tree = ast.parse((SRC / "__init__.py").read_text(encoding="utf-8"))
    seen: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name):
            assert node.test.id == "TYPE_CHECKING"
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                assert stmt.module is not None
                for alias in stmt.names:
                    assert alias.asname == alias.name, "re-export as `X as X`"
                seen.setdefault(stmt.module, set()).update(alias.name for alias in stmt.names)
    table = {layer: set(names) for layer, names in kpirag._EXPORTS.items()}
    assert seen == table
    from kpirag import errors  # noqa: PLC0415

    assert sorted(kpirag.__all__) == sorted({*kpirag._LAYER_OF, *errors.__all__, "__version__"})


@pytest.mark.parametrize(("layer", "names"), list(kpirag._EXPORTS.items()))
def test_table_names_are_the_layers_public_names(layer: str, names: tuple[str, ...]) -> None:
    """Every name in the table is exported by its layer, so it loads from there."""
    module = __import__(layer, fromlist=["__all__"])
    assert set(names) <= set(module.__all__)
    for name in names:
        assert getattr(kpirag, name) is getattr(module, name)


def test_every_layer_all_is_importable() -> None:
    """Each layer's __all__ names only things it defines or re-exports."""
    for layer in ("rules", "kpi", "risk", "budget", "report", "io", "cli"):
        module = __import__(f"kpirag.{layer}", fromlist=["__all__"])
        for name in module.__all__:
            assert hasattr(module, name), f"kpirag.{layer}.{name}"


def test_import_kpirag_loads_no_layer_and_no_dependency() -> None:
    """``import kpirag`` imports only the errors module (and attrs): no layer, no optional package."""
    code = (
        "import sys, kpirag; "
        "print(sorted(m for m in sys.modules if m.startswith('kpirag') or m.split('.')[0] in "
        "{'dateutil', 'tabulate', 'hypothesis', 'narwhals', 'matplotlib', 'openpyxl'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['kpirag', 'kpirag.errors']"


def test_every_error_is_importable_from_the_top_level() -> None:
    """Each class in kpirag.errors.__all__ is reachable as kpirag.<name>."""
    from kpirag import errors  # noqa: PLC0415

    for name in errors.__all__:
        assert getattr(kpirag, name) is getattr(errors, name)
