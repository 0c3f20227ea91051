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
# layer, and nothing else. Layers of equal rank are siblings and may not import each
# other: spc needs only the rule engine's readers, never a KPI (and no KPI needs spc);
# risk and budget; and report and io, so the file layer never imports the tables.
RANK = {
    "errors": 0,
    "_validate": 0,
    "_hypothesis_hook": 0,
    "rules": 1,
    "kpi": 2,
    "spc": 2,
    "risk": 3,
    "budget": 3,
    "ipr": 3,
    "report": 4,
    "io": 4,
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


# The one sanctioned way up: a lower layer's object may show itself in a notebook
# (``_repr_html_``) or move to and from data frames (``to_frame``, ``from_frame``,
# ``to_records``) by importing the layer that does the work inside that one method,
# so that importing the lower layer never loads the upper one.
ADAPTERS = frozenset({"_repr_html_", "to_frame", "from_frame", "to_records"})


def _adapter_bodies(tree: ast.AST) -> set[int]:
    """The ids of every node inside an adapter method."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in ADAPTERS:
            inside.update(id(child) for child in ast.walk(node))
    return inside


def _imports(path: Path, *, adapters: bool = False) -> list[tuple[str, int]]:
    """Every absolute module imported by the file, with its line number.

    Imports inside adapter methods are left out unless ``adapters`` is true.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = set() if adapters else _adapter_bodies(tree)
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
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


# Modules every layer shares, with no public face of their own to go through.
SHARED = frozenset({"errors", "_validate", "_hypothesis_hook"})


def _private_reaches(source: str, layer: str, where: str) -> list[str]:
    """Each import of another layer that goes past its public face, as ``where:line: import``.

    ``from kpirag.rules import Scheme`` goes through the face; ``kpirag.rules._plain``
    (imported, or imported from), and a private name or module taken from the face
    (``from kpirag.rules import _plain``) go past it. Adapter methods are held to it too.
    """
    found = []
    for node in ast.walk(ast.parse(source, filename=where)):
        if isinstance(node, ast.Import):
            modules = [(alias.name, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            modules = [(node.module, alias.name) for alias in node.names]
        else:
            continue
        for module, name in modules:
            parts = module.split(".")
            if parts[0] != "kpirag" or len(parts) < 2 or parts[1] in SHARED | {layer}:
                continue
            if len(parts) > 2 or name.startswith("_"):
                shown = f"from {module} import {name}" if name else f"import {module}"
                found.append(f"{where}:{node.lineno}: {shown}")
    return found


def test_layers_meet_only_through_public_faces() -> None:
    """A module imports another layer only as ``kpirag.<layer>``, never its private modules."""
    offences = [
        line
        for path in MODULES
        for line in _private_reaches(
            path.read_text(encoding="utf-8"), _layer(path), str(path.relative_to(SRC))
        )
    ]
    assert not offences, "imports past another layer's public face:\n" + "\n".join(offences)


@pytest.mark.parametrize(
    ("source", "offending"),
    [
        ("from kpirag.rules import Scheme\n", False),
        ("from kpirag.rules._plain import read_scale\n", True),
        ("def f():\n    from kpirag.rules._values import trim\n", True),
        ("if TYPE_CHECKING:\n    from kpirag.rules._status import Status\n", True),
        ("import kpirag.rules._values\n", True),
        ("from kpirag.rules import _plain\n", True),
        ("from kpirag.kpi._line import KPILine\n", False),
        ("from kpirag._validate import RuleProblems\n", False),
        ("from kpirag.errors import LoadError\n", False),
    ],
)
def test_the_public_face_check_sees_every_form(source: str, *, offending: bool) -> None:
    """Private imports of another layer are found in every form; own-layer ones are not."""
    assert bool(_private_reaches(source, "kpi", "kpi/_probe.py")) is offending


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


@pytest.mark.parametrize("arguments", [["--version"], ["evaluate", "kpis.csv"]])
def test_the_command_line_imports_no_optional_package_it_does_not_use(
    arguments: list[str], tmp_path: Path
) -> None:
    """``kpirag --version`` and ``kpirag evaluate`` on a CSV file import no extra (issue 22)."""
    (tmp_path / "kpis.csv").write_text("id,title,target,value\n1,A,<43,46\n", encoding="utf-8")
    code = (
        "import sys; from kpirag.cli import main; code = main(sys.argv[1:]); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'hypothesis', 'narwhals', "
        "'matplotlib', 'openpyxl', 'tqdm', 'numpy', 'pandas', 'polars', 'pyarrow'}), "
        "file=sys.stderr); sys.exit(code)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *arguments],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert out.stderr.strip() == "[]"


def test_every_error_is_importable_from_the_top_level() -> None:
    """Each class in kpirag.errors.__all__ is reachable as kpirag.<name>."""
    from kpirag import errors  # noqa: PLC0415

    for name in errors.__all__:
        assert getattr(kpirag, name) is getattr(errors, name)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_adapters_reach_only_report_frames_and_plot(path: Path) -> None:
    """An adapter method may import only the display and frame layers, nothing else upward."""
    layer = _layer(path)
    direct = {module for module, _ in _imports(path)}
    for module, line in _imports(path, adapters=True):
        if module in direct or not module.startswith("kpirag."):
            continue
        target = module.split(".")[1]
        assert target in {"report", "frames", "plot"}, f"{path.relative_to(SRC)}:{line}: {module}"
        assert RANK[target] >= RANK[layer]


def test_the_version_alone_loads_no_command_and_no_layer() -> None:
    """``kpirag --version`` prints the version without importing the commands or any layer."""
    code = (
        "import sys; from kpirag.cli import main; code = main(sys.argv[1:]); "
        "print(sorted(m for m in sys.modules if m.startswith('kpirag')), file=sys.stderr); "
        "sys.exit(code)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("kpirag ")
    assert out.stderr.strip() == "['kpirag', 'kpirag.cli', 'kpirag.cli._version', 'kpirag.errors']"
