"""Every example in kpirag's docstrings runs and gives the output shown."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import kpirag


def _modules() -> list[str]:
    names = [kpirag.__name__]
    names += [info.name for info in pkgutil.walk_packages(kpirag.__path__, f"{kpirag.__name__}.")]
    # Importing __main__ runs the command line; it has no examples.
    return sorted(name for name in names if not name.endswith(".__main__"))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    """The module's doctests pass (with kpirag's public names in scope)."""
    module: ModuleType = importlib.import_module(name)
    public = {name: getattr(kpirag, name) for name in kpirag.__all__}
    globs = {**public, **vars(module)}
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name, globs=globs):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} doctest example(s) failed in {name}"
