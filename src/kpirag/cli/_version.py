"""The version line ``kpirag --version`` prints, without importing the rest of the command line."""

from __future__ import annotations

__all__ = ["version_line"]


def version_line() -> str:
    """``kpirag 0.2.0`` and a newline: the installed distribution's version."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - rarely needed

    try:
        return f"kpirag {version('kpirag')}\n"
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "kpirag unknown\n"
