"""attrs validators and converters that reject wrong types with kpirag's own error.

attrs' own ``instance_of`` raises a bare ``TypeError``; these raise
``ValueTypeError`` (a ``KpiragError`` and a ``TypeError``) naming the field,
the value received and what was expected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from kpirag.errors import KpiragError, ValueTypeError

T = TypeVar("T")

Validator = Callable[[Any, Any, Any], None]


def _reject(field: str, value: object, expected: str) -> ValueTypeError:
    kind = type(value).__name__
    return ValueTypeError(f"Invalid {field} {value!r} ({kind}): expected {expected}")


def of(*types: type, optional: bool = False, expected: str | None = None) -> Validator:
    """A validator accepting instances of ``types`` (and ``None`` when ``optional``)."""
    names = expected or " or ".join(t.__name__ for t in types) + (" or None" if optional else "")

    def check(_instance: object, attribute: Any, value: object) -> None:  # noqa: ANN401
        if value is None and optional:
            return
        if isinstance(value, bool) and bool not in types:
            raise _reject(attribute.name, value, names)
        if not isinstance(value, types):
            raise _reject(attribute.name, value, names)

    return check


text = of(str, expected="text")
optional_text = of(str, optional=True, expected="text or None")
integer = of(int, expected="a whole number")
flag = of(bool, expected="True or False")


def as_tuple(values: object, cls: type[T], field: str) -> tuple[T, ...]:
    """A tuple of ``cls`` items from any iterable, or our error naming ``field``."""
    items = tuple(iterable(values, field))
    for item in items:
        if not isinstance(item, cls):
            kind = type(item).__name__
            raise ValueTypeError(f"Invalid {field} item {item!r} ({kind}): expected {cls.__name__}")
    return items


def iterable(values: object, field: str) -> Iterable[Any]:
    """``values`` if it can be iterated over (and is not text), else our error."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise _reject(field, values, "a sequence")
    return values


def wrong_type(field: str, value: object, expected: str) -> ValueTypeError:
    """Our error for ``value`` of the wrong type, carrying field, value and expectation.

    The message reads ``Invalid <field> <value>: expected <expected>, not <type>``.
    """
    return ValueTypeError(
        f"expected {expected}, not {type(value).__name__}",
        field=field,
        value=value,
        expected=expected,
    )


def because(exc: KpiragError) -> str:
    """What ``exc`` says is wrong, from its data, without its ``Invalid <field> <value>:`` head.

    For re-raising an inner error as the outer field's error without reading the
    message back.
    """
    if exc.reason is not None:
        return exc.reason
    return f"expected {exc.expected}" if exc.expected is not None else "invalid"
