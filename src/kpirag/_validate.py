"""attrs validators and converters that reject wrong types with kpirag's own error.

attrs' own ``instance_of`` raises a bare ``TypeError``; these raise
``ValueTypeError`` (a ``KpiragError`` and a ``TypeError``) naming the field,
the value received and what was expected.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any, ParamSpec, TypeVar

import attrs

from kpirag.errors import (
    InvalidChoiceError,
    InvalidRulesError,
    KpiragError,
    OutOfRangeError,
    RuleProblem,
    ValueTypeError,
)

T = TypeVar("T")
P = ParamSpec("P")

Validator = Callable[[Any, Any, Any], None]

KeyPath = tuple[str | int, ...]
"""Where an entry sits in plain-data rules: keys and list positions, outermost first."""


def shown(value: object) -> str:
    """``repr(value)`` for a message, cut short when long; never fails (5,000-digit ints)."""
    try:
        text = repr(value)
    except ValueError:  # an int past Python's digit limit for str()
        return f"<{type(value).__name__} too large to print>"
    if len(text) > 80:  # noqa: PLR2004 - a message line stays readable
        text = f"{text[:60]}...{text[-15:]} ({len(text)} characters)"
    return text


def of(*types: type, optional: bool = False, expected: str | None = None) -> Validator:
    """A validator accepting instances of ``types`` (and ``None`` when ``optional``)."""
    names = expected or " or ".join(t.__name__ for t in types) + (" or None" if optional else "")

    def check(_instance: object, attribute: Any, value: object) -> None:  # noqa: ANN401
        if value is None and optional:
            return
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            raise wrong_type(attribute.name, value, names)

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
            raise wrong_type(f"{field} item", item, cls.__name__)
    return items


def iterable(values: object, field: str) -> Iterable[Any]:
    """``values`` if it can be iterated over (and is not text), else our error."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise wrong_type(field, values, "a sequence")
    return values


def key_path(path: object) -> KeyPath:
    """A plain-data reader's ``path`` argument: keys (text) and positions (whole numbers)."""
    keys = tuple(iterable(path, "path"))
    for key in keys:
        if isinstance(key, bool) or not isinstance(key, str | int):
            raise ValueTypeError(
                f"{shown(key)} is neither a key (text) nor a position (whole number)",
                field="path",
                value=path,
                expected="a sequence of keys (text) and positions (whole numbers)",
            )
    return keys


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


E = TypeVar("E", bound=enum.Enum)


def member(
    cls: type[E],
    value: object,
    field: str,
    expected: str,
    error: type[KpiragError] | None,
    *,
    of_type: str | None = None,
) -> E:
    """The member of ``cls`` that ``value`` is, or whose value it spells (any case).

    Text that spells none raises ``error`` (``wrong_type`` when ``None``); another
    type is ``wrong_type``, expecting ``of_type`` (``expected`` when not given).
    """
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        wanted = value.strip().casefold()
        for item in cls:
            if wanted == item.value:
                return item
        if error is not None:
            raise error(field=field, value=value, expected=expected)
    raise wrong_type(field, value, of_type or expected)


def because(exc: KpiragError) -> str:
    """What ``exc`` says is wrong, from its data, without its ``Invalid <field> <value>:`` head.

    For re-raising an inner error as the outer field's error without reading the
    message back.
    """
    if exc.reason is not None:
        return exc.reason
    return f"expected {exc.expected}" if exc.expected is not None else "invalid"


def whole(
    value: object,
    field: str,
    *,
    low: int | None = None,
    high: int | None = None,
    error: type[KpiragError] = OutOfRangeError,
) -> int:
    """``value`` if it is a whole number (not a bool) within ``low``..``high``, else our error.

    A wrong type raises ``ValueTypeError``; a number outside the limits raises
    ``error`` (``OutOfRangeError`` unless given) naming them.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueTypeError(field=field, value=value, expected="a whole number")
    if (low is not None and value < low) or (high is not None and value > high):
        raise error(field=field, value=value, expected=_range(low, high))
    return value


def instance(value: T, *types: type, field: str, expected: str | None = None) -> T:
    """``value`` if it is one of ``types`` (a bool only when ``bool`` is named), else our error."""
    if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
        names = expected or " or ".join(t.__name__ for t in types)
        raise ValueTypeError(field=field, value=value, expected=names)
    return value


def _range(low: int | None, high: int | None) -> str:
    if high is None:
        return f"a whole number of {low} or more"
    if low is None:
        return f"a whole number of at most {high}"
    return f"a whole number from {low} to {high}"


def within(low: int | None = None, high: int | None = None) -> Validator:
    """A validator for whole numbers from ``low`` to ``high`` (see ``whole``)."""

    def check(_instance: object, attribute: Any, value: object) -> None:  # noqa: ANN401
        whole(value, attribute.name, low=low, high=high)

    return check


class _ChoiceType(enum.EnumType):
    """Looks a value up without Python's own ``ValueError`` (whose text needs the value's repr)."""

    def __call__(cls, value: object, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        if args or kwargs or not cls._member_map_:
            return super().__call__(value, *args, **kwargs)  # the functional API: new enums
        members: Any = cls
        if isinstance(value, members):
            return value
        return members._missing_(value)


class Choice(enum.Enum, metaclass=_ChoiceType):
    """An enum of a closed set of words: looked up by member or by value, in any case.

    A value that names no member raises ``InvalidChoiceError`` listing the
    choices (``ValueTypeError`` when it is not text), never a bare
    ``ValueError``.
    """

    @classmethod
    def _missing_(cls, value: object) -> Choice:
        for member in cls:
            if type(value) is type(member.value) and value == member.value:
                return member
        if isinstance(value, str):
            wanted = value.strip().casefold()
            for member in cls:
                if str(member.value).casefold() == wanted or member.name.casefold() == wanted:
                    return member
        error = InvalidChoiceError if isinstance(value, str) else ValueTypeError
        choices = ", ".join(repr(member.value) for member in cls)
        raise error(field=_field_name(cls.__name__), value=value, expected=f"one of {choices}")


def _field_name(name: str) -> str:
    """``RollupTie`` -> ``rollup tie``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


class RuleProblems:
    """Bad entries of plain-data rules found so far, each with its key path.

    The plain-data readers of every layer (``Scheme.from_dict``,
    ``RiskMatrix.from_dict``, ``BudgetRules.from_dict``) note each bad entry
    here and ``check`` raises them all in one ``InvalidRulesError``.

    ```pycon
    >>> problems = RuleProblems()
    >>> problems.table({"colour": "red"}, ("scale",), ("name", "levels"))
    {'colour': 'red'}
    >>> problems.check()
    Traceback (most recent call last):
    ...
    kpirag.errors.InvalidRulesError: 1 problem in the rules
      scale.colour: unknown key; expected one of name, levels

    ```
    """

    def __init__(self) -> None:
        self.found: list[RuleProblem] = []

    def add(self, path: KeyPath, message: str, value: object = None) -> None:
        """Note a bad entry at ``path``."""
        self.found.append(RuleProblem(path, message, value))

    def table(
        self, data: object, path: KeyPath, keys: Sequence[str]
    ) -> Mapping[str, object] | None:
        """``data`` if it is a table whose keys are all known, else ``None`` (problems noted)."""
        if not isinstance(data, Mapping):
            self.add(path, f"expected a table, not {type(data).__name__}", data)
            return None
        for key in data:
            if key not in keys:
                known = ", ".join(keys)
                self.add((*path, str(key)), f"unknown key; expected one of {known}", data[key])
        return data

    def text(
        self, data: Mapping[str, object], key: str, path: KeyPath, missing: str | None = None
    ) -> str | None:
        """``data[key]`` if it is text, else ``None`` with a problem noted.

        An absent key (or ``None``) is no problem unless ``missing`` says what it lacks.
        """
        if missing is not None and key not in data:
            self.add((*path, key), missing)
            return None
        value = data.get(key)
        if isinstance(value, str) or (value is None and missing is None):
            return value
        self.add((*path, key), f"expected text, not {type(value).__name__}", value)
        return None

    def texts(self, value: object, path: KeyPath) -> list[str]:
        """One text or a list of texts, as a list (problems noted for anything else)."""
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            self.add(path, f"expected text or a list of text, not {type(value).__name__}", value)
            return []
        found = []
        for index, item in enumerate(items):
            if isinstance(item, str):
                found.append(item)
            else:
                self.add((*path, index), f"expected text, not {type(item).__name__}", item)
        return found

    def attempt(
        self, path: KeyPath, value: object, make: Callable[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        """``make(*args, **kwargs)``, or ``None`` with its kpirag error noted at ``path``."""
        try:
            return make(*args, **kwargs)
        except KpiragError as exc:
            self.add(path, because(exc), value)
            return None

    def check(self) -> None:
        """Raise every problem noted, in one ``InvalidRulesError``; nothing when there is none."""
        if self.found:
            raise InvalidRulesError(self.found)


# Short reprs: a repr says what an object is, how many items, the period, in about a line.


def brief(text: object, width: int = 40) -> str:
    """``repr`` of ``text`` cut to ``width`` characters with an ellipsis, for a short repr.

    ```pycon
    >>> brief("Reduced duration of Children in Need (CIN) and Child Protection Plans (CPP)", 30)
    "'Reduced duration of Children …'"

    ```
    """
    try:
        shown = str(text)
    except ValueError:  # an int past Python's digit limit for str()
        shown = f"<{type(text).__name__} too large to print>"
    return repr(shown if len(shown) <= width else shown[: width - 1] + "…")


def counted(count: int, noun: str, plural: str = "") -> str:
    """``3 parts``, ``1 part``: a count with its noun, for a short repr."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def short_number(value: object) -> str:
    """A number for a repr: exact when short, else to 6 significant figures.

    ```pycon
    >>> from fractions import Fraction
    >>> short_number(Fraction(911, 20)), short_number(Fraction(27338, 725)), short_number(-1230)
    ('45.55', '37.7076', '-1230')

    ```
    """
    number: object = value
    if isinstance(number, Fraction):
        if number.denominator == 1:
            number = number.numerator
        else:
            number = _SIX.divide(Decimal(number.numerator), Decimal(number.denominator))
    text = f"{number:f}" if isinstance(number, Decimal) else str(number)
    if len(text) > _SHORT and isinstance(number, Decimal | int) and not isinstance(number, bool):
        text = f"{_SIX.plus(Decimal(number)):g}"
    return text


_SIX = Context(prec=6)
_SHORT = 14


# What ``json.dumps(..., ensure_ascii=False)`` leaves raw that a reader's screen acts on: DEL,
# C1, bidi controls, line and paragraph separators; and lone surrogates, which no file can hold.
_JSON_RAW = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def json_text(value: object, *, indent: int | None = None) -> str:
    r"""``json.dumps(value, ensure_ascii=False)`` with no control character left raw.

    JSON escapes C0 controls itself; DEL, the C1 controls, bidi controls
    (U+202E...), U+2028 and U+2029 become JSON's own ``\uXXXX`` escapes too,
    so the text is safe to show and ``json.loads`` gives back the same strings.
    Every JSON kpirag writes (command output and ``dump_*`` files) is made here.

    ```pycon
    >>> print(json_text({"title": "Gr\u00fcn \u202eneerG\x1b"}))
    {"title": "Grün \u202eneerG\u001b"}

    ```
    """
    return _JSON_RAW.sub(_json_escape, json.dumps(value, ensure_ascii=False, indent=indent))


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def deferred(cls: type[T], later: Callable[[], T], known: Mapping[str, object]) -> T:
    """An object of ``cls`` with the fields ``known`` set now and the rest from ``later()``.

    The fields not given are filled from ``later()`` all at once, the first time
    any of them is read (``filled``); ``later()`` must give the same value for
    every field given now. Reading a field of a filled object costs what it costs
    on any other.
    """
    made = object.__new__(cls)
    for name, value in known.items():
        object.__setattr__(made, name, value)
    object.__setattr__(made, "_later", later)
    return made


def filled(made: attrs.AttrsInstance, name: str) -> Any:  # noqa: ANN401 - the value of any field
    """Field ``name`` of a deferred object: every unset field filled from its ``_later()``.

    Called by ``__getattr__``, that is only for a field whose slot is empty.
    """
    later = object.__getattribute__(made, "_later") if name != "_later" else None
    if later is None or name not in attrs.fields_dict(type(made)):
        raise AttributeError(name)
    whole = later()
    if type(whole) is not type(made):
        raise ValueTypeError(
            field="later", value=whole, expected=f"a function giving a {type(made).__name__}"
        )
    for field in attrs.fields(type(made)):
        try:
            object.__getattribute__(made, field.name)
        except AttributeError:
            object.__setattr__(made, field.name, getattr(whole, field.name))
    object.__setattr__(made, "_later", None)
    return object.__getattribute__(made, name)
