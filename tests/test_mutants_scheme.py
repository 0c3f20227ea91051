"""Schemes where mutation testing found the suite silent: kpirag.rules._scheme.

Objects are built inside each test, never in a parametrize table or at module
level, so that a mutant of a constructor is exercised (see docs/testing.md).
"""

from __future__ import annotations

import pytest

from kpirag import Scheme, ValueTypeError


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (5, "Invalid steps 5 (int): expected a sequence"),
        ([5], "Invalid steps item 5 (int): expected Step"),
        ("10%", "Invalid steps '10%' (str): expected a sequence"),
    ],
)
def test_steps_that_are_not_steps(steps: object, message: str) -> None:
    """Steps given as anything but a sequence of Step raise our error naming the steps."""
    with pytest.raises(ValueTypeError) as caught:
        Scheme(steps=steps)  # type: ignore[arg-type]
    assert str(caught.value) == message
