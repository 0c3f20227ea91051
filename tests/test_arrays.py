"""classify_many on NumPy arrays (issue 13, item 5), and the identity cache of classify."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpirag import (
    Classifier,
    InvalidValueError,
    Scheme,
    Status,
    Target,
    Tolerance,
    ValueTypeError,
    classify,
    classify_many,
)
from kpirag.strategies._strategies import targets

np: Any = pytest.importorskip("numpy")

G, A, R = Status.GREEN, Status.AMBER, Status.RED
SCHEMES = [
    Scheme.standard("10%"),
    Scheme.standard("5pt"),
    Scheme.standard("none"),
    Scheme.from_dict({"steps": [{"within": "5%", "status": "Amber", "edge": "exclusive"}]}),
    Scheme.from_dict(
        {
            "scale": "delivery confidence",
            "steps": [
                {"within": "1pt", "status": "Amber/Green", "edge": "exclusive"},
                {"within": "2pt", "status": "Amber"},
                {"within": "3pt", "status": "Amber/Red", "edge": "exclusive"},
            ],
        }
    ),
]


@st.composite
def cases(draw: st.DrawFn) -> tuple[Target, Scheme, list[float]]:
    """A target, a scheme with edge sides, and floats on, beside and between its edges."""
    target = draw(targets())
    scheme = draw(st.sampled_from(SCHEMES))
    bounds = [float(bound) for bound in Classifier.prepare(target, scheme).boundaries]
    near = [
        value
        for bound in bounds
        for value in (bound, np.nextafter(bound, -np.inf), np.nextafter(bound, np.inf))
    ]
    values = draw(
        st.lists(
            st.one_of(st.sampled_from(near), st.floats(-2e6, 2e6, allow_nan=False)), max_size=40
        )
    )
    return target, scheme, [float(value) for value in values]


@settings(max_examples=200, deadline=None)
@given(cases())
def test_float64_arrays_agree_with_classify(case: tuple[Target, Scheme, list[float]]) -> None:
    """Law: on a float64 array, every element gets the status classify gives it."""
    target, scheme, values = case
    result = classify_many(np.array(values, dtype=np.float64), target, scheme)
    assert result.dtype == object
    assert result.tolist() == [classify(value, target, scheme) for value in values]


@settings(max_examples=100, deadline=None)
@given(target=targets(), data=st.data())
def test_integer_arrays_agree_with_classify(target: Target, data: st.DataObject) -> None:
    """Law: integer arrays of any width are placed exactly, also near huge or tiny edges."""
    dtype = data.draw(st.sampled_from([np.int8, np.int16, np.int64, np.uint8, np.uint64]))
    info = np.iinfo(dtype)
    values = data.draw(st.lists(st.integers(int(info.min), int(info.max)), min_size=1, max_size=20))
    bounds = Classifier.prepare(target, "10%").boundaries
    values += [
        int(bound) + delta
        for bound in bounds
        for delta in (-1, 0, 1)
        if info.min <= int(bound) + delta <= info.max
    ]
    array = np.array(values, dtype=dtype)
    expected = [classify(int(value), target, "10%") for value in array.tolist()]
    assert classify_many(array, target, "10%").tolist() == expected


def test_the_float_trap_of_issue_13() -> None:
    """37.8 against >=42% with 10% is Amber in an array too (42 x 0.9 is 37.800000000000004)."""
    values = np.array([37.8, 37.79, 42.0, 41.99])
    assert classify_many(values, ">=42%", "10%").tolist() == [A, R, G, A]


def test_exclusive_edges_in_arrays() -> None:
    """Edge sides hold on arrays: 5% exactly is Red under 'Red: 5% or more'."""
    scheme = Scheme.from_dict({"steps": [{"within": "5%", "status": "Amber", "edge": "exclusive"}]})
    values = np.array([100.0, 104.99, 105.0, 105.01])
    assert classify_many(values, "<=100", scheme).tolist() == [G, A, R, R]
    assert classify_many(values.astype(np.int64), "<=100", scheme).tolist() == [G, A, R, R]


def test_shapes_and_other_dtypes() -> None:
    """A 2-D array keeps its shape; float32 is read as the decimal it prints as; objects go one by one."""
    grid = np.array([[42.0, 43.0], [47.3, 47.31]])
    assert classify_many(grid, "<43", "10%").tolist() == [[G, A], [A, R]]
    narrow = np.array([0.72, 0.71], dtype=np.float32)
    assert classify_many(narrow, ">=0.8", "10%").tolist() == [A, R]
    mixed = np.array([Decimal("47.3"), None, "46"], dtype=object)
    assert classify_many(mixed, "<43", "10%").tolist() == [A, Status.NOT_RATED, A]
    assert classify_many(np.array([], dtype=np.float64), "<43", "10%").tolist() == []


@pytest.mark.parametrize(
    ("array", "error"),
    [
        (np.array([1.0, np.nan]), InvalidValueError),
        (np.array([np.inf]), InvalidValueError),
        (np.array([True, False]), ValueTypeError),
        (np.array(["x"]), InvalidValueError),
    ],
)
def test_bad_arrays(array: Any, error: type[Exception]) -> None:
    """NaN, infinities, booleans and non-numbers in an array are our errors."""
    with pytest.raises(error):
        classify_many(array, "<43", "10%")


def test_import_kpirag_does_not_import_numpy() -> None:
    """NumPy is imported only when an array is given."""
    code = (
        "import sys, kpirag; kpirag.classify_many([1.0, 50.0], '<43', '10%'); "
        "kpirag.classify(1.0, '<43', '10%'); print('numpy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_classify_with_many_distinct_prepared_objects() -> None:
    """The identity cache of classify stays right past its size, with objects and text alike."""
    for number in range(1, 1500):
        target = Target.less_than(number)
        tolerance = Tolerance.relative(10)
        assert classify(float(number) - 0.5, target, tolerance) is G
        assert classify(float(number), target, tolerance) is A
        assert classify(number + 0.05, f"<{number}", "10%") is A
