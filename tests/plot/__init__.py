"""Tests of kpirag.plot (a package only so its conftest has its own module name)."""
