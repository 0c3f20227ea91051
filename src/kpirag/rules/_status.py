"""Statuses and the scales they belong to.

A ``Status`` is one level of a ``Scale``: Green, Amber and Red on the
standard RAG scale, or the levels of a scale you define. Statuses are ordered
by severity (worse is greater), never equal an ``int`` or a ``str``, and have
no truth value, so ``if status:`` is an error rather than a silent ``True``.
``Status.NOT_RATED`` belongs to every scale and sorts before every rated
status.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, ClassVar

import attrs

from kpirag._validate import (
    as_tuple,
    brief,
    counted,
    flag,
    integer,
    iterable,
    key_path,
    optional_text,
    text,
    wrong_type,
)
from kpirag.errors import InvalidStatusError, StatusComparisonError

__all__ = ["Scale", "Status", "worst"]

_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_CSS_COLOUR_NAMES = frozenset(
    """
    aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet
    brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan
    darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta
    darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue
    darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey
    dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray
    green greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush
    lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray
    lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray
    lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon
    mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue
    mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin
    navajowhite navy oldlace olive olivedrab orange orangered orchid palegoldenrod palegreen
    paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple
    rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna
    silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle
    tomato turquoise violet wheat white whitesmoke yellow yellowgreen
    """.split()  # noqa: SIM905 - 148 names read better as words than as a list literal
)
"""The CSS named colours (matplotlib knows the same 148)."""
_NOT_RATED_SPELLINGS = frozenset({"n/a", "na", "n.a.", "not rated", "not applicable"})
_TRAILING = ".,;:!?*"


def spelling_key(text: str) -> str:
    """How a spelling is matched: case-folded, spaces collapsed, trailing punctuation dropped."""
    return " ".join(text.casefold().split()).rstrip(_TRAILING).rstrip()


def colour(value: object) -> str:
    """``value`` if it is a colour: ``#rgb``, ``#rgba``, ``#rrggbb``, ``#rrggbbaa`` or a CSS name.

    A colour is written into HTML ``style`` attributes, so nothing else gets through
    (``"#c6efce;background-image:url(...)"`` would make a page fetch).
    """
    if not isinstance(value, str):
        raise wrong_type("colour", value, "text")
    if not (_HEX_COLOUR.fullmatch(value) or value.casefold() in _CSS_COLOUR_NAMES):
        raise InvalidStatusError(
            field="colour",
            value=value,
            expected="a colour: #rgb, #rrggbb (either with an alpha digit or two) or a CSS name",
        )
    return value


def _colour(_instance: object, _attribute: object, value: object) -> None:
    colour(value)


def _spellings(value: Iterable[str]) -> frozenset[str]:
    spellings = list(iterable(value, "aliases"))
    for spelling in spellings:  # before hashing: a list in the list is our error, not TypeError
        if not isinstance(spelling, str):
            raise wrong_type("alias", spelling, "text")
    return frozenset(spellings)


def _per_level(values: object, field: str) -> list[Any]:
    """``values`` as a list, one per level in order; a mapping or a set has no order to follow."""
    if isinstance(values, Mapping | AbstractSet):
        raise wrong_type(field, values, "a list, one per level, best first")
    return list(iterable(values, field))


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Status:
    """One level of a status scale.

    Attributes:
        label: the name shown in reports, e.g. ``"Green"``.
        severity: the rank within its scale; higher is worse.
        scale: the name of the scale family the status belongs to; statuses of
            different scales cannot be compared.
        abbreviation: the short form reports use, e.g. ``"G"``.
        aliases: further spellings ``parse`` accepts (matched ignoring case).
        colour: the status cell's colour in HTML output: ``#rgb``, ``#rgba``,
            ``#rrggbb``, ``#rrggbbaa`` or a CSS colour name such as ``"red"``.
        rated: ``False`` only for ``NOT_RATED``.

    ```pycon
    >>> Status.AMBER > Status.GREEN
    True
    >>> Status.parse("g") is Status.GREEN
    True
    >>> Status.GREEN == "Green"
    False

    ```
    """

    label: str = attrs.field(validator=text)
    severity: int = attrs.field(validator=integer)
    scale: str = attrs.field(default="RAG", validator=text)
    abbreviation: str | None = attrs.field(default=None, validator=optional_text)
    aliases: frozenset[str] = attrs.field(default=frozenset(), converter=_spellings)
    colour: str = attrs.field(default="#ffffff", validator=_colour)
    rated: bool = attrs.field(default=True, validator=flag)

    GREEN: ClassVar[Status]
    AMBER: ClassVar[Status]
    RED: ClassVar[Status]
    BLUE: ClassVar[Status]
    BLUE_EXCEEDING: ClassVar[Status]
    NOT_RATED: ClassVar[Status]

    def __attrs_post_init__(self) -> None:
        if not self.label.strip():
            raise InvalidStatusError(
                field="status label", value=self.label, expected="a non-empty name"
            )

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        if not self.rated:
            return "<Status N/A>"
        return f"<Status {self.label} ({self.scale})>"

    def __bool__(self) -> bool:
        raise StatusComparisonError(
            f"A Status has no truth value (got {self!r}): compare it instead, "
            "e.g. 'status is Status.GREEN' or 'status.rated'"
        )

    @property
    def spellings(self) -> frozenset[str]:
        """Every spelling ``parse`` accepts for this status, case-folded."""
        names = {self.label, *self.aliases}
        if self.abbreviation:
            names.add(self.abbreviation)
        if not self.rated:
            names |= _NOT_RATED_SPELLINGS
        return frozenset(spelling_key(name) for name in names)

    def _order_key(self, other: object) -> tuple[tuple[bool, int], tuple[bool, int]]:
        if not isinstance(other, Status):
            raise StatusComparisonError(
                f"Cannot order {self!r} against {other!r} ({type(other).__name__}): "
                "expected another Status"
            )
        if self.rated and other.rated and self.scale != other.scale:
            raise StatusComparisonError(
                f"Cannot order {self!r} against {other!r}: they belong to different scales "
                f"({self.scale!r} and {other.scale!r})"
            )
        return (self.rated, self.severity), (other.rated, other.severity)

    def __lt__(self, other: object) -> bool:
        mine, theirs = self._order_key(other)
        return mine < theirs

    def __le__(self, other: object) -> bool:
        mine, theirs = self._order_key(other)
        return mine <= theirs

    def __gt__(self, other: object) -> bool:
        mine, theirs = self._order_key(other)
        return mine > theirs

    def __ge__(self, other: object) -> bool:
        mine, theirs = self._order_key(other)
        return mine >= theirs

    @classmethod
    def parse(cls, text: str, *, scale: Scale | None = None) -> Status:
        """Read a status as reports spell it (``G``, ``Green``, ``amber``, ``N/A``, ...).

        Args:
            text: the spelling; case, surrounding spaces and trailing
                punctuation (``Green.``, ``Met!``) are ignored.
            scale: the scale whose levels are accepted; the standard RAG scale
                (with Blue) by default. ``N/A`` spellings are accepted on every scale.

        Raises:
            InvalidStatusError: the spelling is not a level of ``scale``.
        """
        if scale is None:
            return _RAG_WITH_BLUE.parse(text)
        if not isinstance(scale, Scale):
            raise wrong_type("scale", scale, "a Scale")
        return scale.parse(text)


def _reject_text(text: object, scale: Scale) -> InvalidStatusError:
    known = ", ".join(repr(level.label) for level in (*scale.levels, Status.NOT_RATED))
    return InvalidStatusError(
        field="status",
        value=text,
        expected=f"one of {known} on the {scale.name} scale (abbreviations and case are accepted)",
    )


def _levels(levels: Iterable[Status]) -> tuple[Status, ...]:
    return as_tuple(levels, Status, "levels")


@attrs.frozen(cache_hash=True)
class Scale:
    """An ordered set of statuses, best first.

    The standard Red/Amber/Green scale is ``rag``; other presets cover a
    Blue "complete" level, five-point delivery confidence and a four-level
    scale; ``define`` builds your own.

    ```pycon
    >>> Scale.rag().levels
    (<Status Green (RAG)>, <Status Amber (RAG)>, <Status Red (RAG)>)
    >>> council = Scale.define("Council", ["On track", "At risk", "Off track"])
    >>> council.parse("at risk") > council.parse("On track")
    True

    ```
    """

    name: str = attrs.field(validator=text)
    levels: tuple[Status, ...] = attrs.field(converter=_levels)
    _lookup: dict[str, Status] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise InvalidStatusError(field="scale", value=self.name, expected="at least one level")
        families = {level.scale for level in self.levels}
        if len(families) != 1 or any(not level.rated for level in self.levels):
            raise InvalidStatusError(
                f"every level must be a rated status of one scale family, "
                f"got families {sorted(families)}",
                field="scale",
                value=self.name,
            )
        severities = [level.severity for level in self.levels]
        if severities != sorted(set(severities)):
            raise InvalidStatusError(
                f"severities must strictly increase from best to worst, got {severities}",
                field="scale",
                value=self.name,
            )
        seen: dict[str, Status] = dict.fromkeys(Status.NOT_RATED.spellings, Status.NOT_RATED)
        for level in self.levels:
            for spelling in level.spellings:
                if spelling in seen:
                    raise InvalidStatusError(
                        f"the spelling {spelling!r} names both "
                        f"{seen[spelling].label!r} and {level.label!r}",
                        field="scale",
                        value=self.name,
                    )
                seen[spelling] = level
        object.__setattr__(self, "_lookup", seen)

    def __repr__(self) -> str:
        ends = f"{self.best} to {self.worst}" if len(self.levels) > 1 else str(self.best)
        return f"Scale({brief(self.name)}, {counted(len(self.levels), 'level')}: {ends})"

    @property
    def best(self) -> Status:
        """The best level (Green on the RAG scale)."""
        return self.levels[0]

    @property
    def worst(self) -> Status:
        """The worst level (Red on the RAG scale)."""
        return self.levels[-1]

    def __contains__(self, status: object) -> bool:
        return isinstance(status, Status) and (status in self.levels or not status.rated)

    def parse(self, text: str) -> Status:
        """Read one of this scale's statuses, or N/A, from its spelling."""
        if not isinstance(text, str):
            raise _reject_text(text, self)
        found = self._lookup.get(spelling_key(text))
        if found is None:
            raise _reject_text(text, self)
        return found

    @classmethod
    def rag(cls) -> Scale:
        """Green, Amber, Red: the standard scale."""
        return _RAG

    @classmethod
    def rag_with_blue(cls) -> Scale:
        """Blue (complete), Green, Amber, Red: the same as ``rag_with_blue_complete``."""
        return _RAG_WITH_BLUE

    @classmethod
    def rag_with_blue_complete(cls) -> Scale:
        """Blue meaning *complete* (``Status.BLUE``; also read as "Complete"), Green, Amber, Red."""
        return _RAG_WITH_BLUE

    @classmethod
    def rag_with_blue_exceeding(cls) -> Scale:
        """Blue meaning *exceeding target* (``Status.BLUE_EXCEEDING``), Green, Amber, Red.

        Reports differ on what Blue means; this preset reads "Exceeding" and
        "Exceeded" as Blue, and not "Complete".
        """
        return _RAG_WITH_BLUE_EXCEEDING

    @classmethod
    def achieved(cls) -> Scale:
        """Two levels: Achieved, Not achieved (statutory indicators)."""
        return _ACHIEVED

    @classmethod
    def met_or_not(cls) -> Scale:
        """Two levels: Met, Not met."""
        return _MET

    @classmethod
    def on_track(cls) -> Scale:
        """Three levels: On track, Monitor, Off track."""
        return _ON_TRACK

    @classmethod
    def preset(cls, name: str) -> Scale:
        """A preset by its name (``"rag"``, ``"achieved"``, ...; see ``preset_names``).

        Case, spaces, hyphens and underscores are ignored: ``"On track"`` is ``on_track``.
        """
        if not isinstance(name, str):
            raise wrong_type("scale preset", name, "a preset name such as 'rag'")
        key = "_".join(name.casefold().replace("-", " ").replace("_", " ").split())
        if key not in _PRESETS:
            raise InvalidStatusError(
                field="scale preset",
                value=name,
                expected="one of " + ", ".join(repr(known) for known in _PRESETS),
            )
        return _PRESETS[key]()

    @staticmethod
    def preset_names() -> tuple[str, ...]:
        """The names ``preset`` knows."""
        return tuple(_PRESETS)

    @classmethod
    def from_dict(cls, data: Mapping[str, object], *, path: Sequence[str | int] = ()) -> Scale:
        """A scale from plain data, as a TOML rules file holds it.

        ``{"preset": "achieved"}`` names a preset; otherwise ``name`` and
        ``levels`` (best first), each level a label or a table with ``label``
        and optional ``abbreviation``, ``colour`` and ``aliases``.

        Args:
            data: the plain data (str, numbers, lists and dicts only).
            path: the key path of ``data`` in its file, for messages.

        Raises:
            InvalidRulesError: listing every bad entry with its key path.

        ```pycon
        >>> Scale.from_dict({"preset": "met or not"}).levels
        (<Status Met (Met or not)>, <Status Not met (Met or not)>)
        >>> at_risk = {"label": "At risk", "colour": "#ffeb9c"}
        >>> council = Scale.from_dict({"name": "Council", "levels": ["On track", at_risk]})
        >>> council.parse("at risk.")
        <Status At risk (Council)>

        ```
        """
        from kpirag.rules._plain import scale_from_dict  # noqa: PLC0415 - it builds on Scale

        return scale_from_dict(data, key_path(path))

    @classmethod
    def delivery_confidence(cls) -> Scale:
        """The five-point scale: Green, Amber/Green, Amber, Amber/Red, Red."""
        return _DELIVERY_CONFIDENCE

    @classmethod
    def four_level(cls) -> Scale:
        """Green, Green-Amber, Red-Amber, Red."""
        return _FOUR_LEVEL

    @classmethod
    def define(
        cls,
        name: str,
        labels: Iterable[str],
        *,
        colours: Iterable[str] | None = None,
        abbreviations: Iterable[str | None] | None = None,
    ) -> Scale:
        """Build a scale from labels listed best first.

        Args:
            name: the scale's name; its statuses compare only with each other.
            labels: the level names, best first.
            colours: optional colours, one per level (see ``Status.colour``).
            abbreviations: optional short forms, one per level.

        Raises:
            InvalidStatusError: a level without a label, a list of the wrong
                length, or a colour that is not a colour.
        """
        names = _per_level(labels, "labels")
        given = {
            what: _per_level(values, what)
            for what, values in (("colours", colours), ("abbreviations", abbreviations))
            if values is not None
        }
        for what, values in given.items():
            if len(values) != len(names):
                raise InvalidStatusError(
                    f"{len(names)} labels but {len(values)} {what}", field="scale", value=name
                )
        shorts = given.get("abbreviations", [None] * len(names))
        fills = given.get("colours", ["#ffffff"] * len(names))
        levels = enumerate(zip(names, shorts, fills, strict=True))
        return cls(
            name,
            tuple(
                Status(label, index, name, short, colour=fill)
                for index, (label, short, fill) in levels
            ),
        )


def worst(statuses: Iterable[Status]) -> Status:
    """The most severe rated status, or ``Status.NOT_RATED`` if none is rated.

    ```pycon
    >>> worst([Status.GREEN, Status.NOT_RATED, Status.AMBER])
    <Status Amber (RAG)>
    >>> worst([])
    <Status N/A>

    ```
    """
    result = Status.NOT_RATED
    for status in iterable(statuses, "statuses"):
        if not isinstance(status, Status):
            raise StatusComparisonError(
                f"expected a Status, not {type(status).__name__}",
                field="status",
                value=status,
                expected="a Status",
            )
        if status.rated and (not result.rated or status > result):
            result = status
    return result


Status.BLUE = Status("Blue", 0, "RAG", "B", frozenset({"complete", "completed"}), "#bdd7ee")
Status.GREEN = Status("Green", 1, "RAG", "G", frozenset(), "#c6efce")
Status.AMBER = Status("Amber", 2, "RAG", "A", frozenset(), "#ffeb9c")
Status.RED = Status("Red", 3, "RAG", "R", frozenset(), "#ffc7ce")
Status.NOT_RATED = Status("N/A", 0, "", None, frozenset(), "#e7e6e6", rated=False)

Status.BLUE_EXCEEDING = Status(
    "Blue", 0, "RAG", "B", frozenset({"exceeding", "exceeded", "exceeding target"}), "#bdd7ee"
)

_RAG = Scale("RAG", (Status.GREEN, Status.AMBER, Status.RED))
_RAG_WITH_BLUE = Scale("RAG with Blue", (Status.BLUE, Status.GREEN, Status.AMBER, Status.RED))
_RAG_WITH_BLUE_EXCEEDING = Scale(
    "RAG with Blue exceeding", (Status.BLUE_EXCEEDING, Status.GREEN, Status.AMBER, Status.RED)
)
_ACHIEVED = Scale.define("Achieved", ["Achieved", "Not achieved"], colours=["#c6efce", "#ffc7ce"])
_MET = Scale.define("Met or not", ["Met", "Not met"], colours=["#c6efce", "#ffc7ce"])
_ON_TRACK = Scale.define(
    "On track", ["On track", "Monitor", "Off track"], colours=["#c6efce", "#ffeb9c", "#ffc7ce"]
)
_DELIVERY_CONFIDENCE = Scale.define(
    "Delivery confidence",
    ["Green", "Amber/Green", "Amber", "Amber/Red", "Red"],
    abbreviations=["G", "A/G", "A", "A/R", "R"],
    colours=["#c6efce", "#e2efb4", "#ffeb9c", "#ffd0a6", "#ffc7ce"],
)
_FOUR_LEVEL = Scale.define(
    "Four level",
    ["Green", "Green-Amber", "Red-Amber", "Red"],
    abbreviations=["G", "G/A", "R/A", "R"],
    colours=["#c6efce", "#e2efb4", "#ffd0a6", "#ffc7ce"],
)

_PRESETS: dict[str, Callable[[], Scale]] = {
    "rag": Scale.rag,
    "rag_with_blue": Scale.rag_with_blue,
    "rag_with_blue_complete": Scale.rag_with_blue_complete,
    "rag_with_blue_exceeding": Scale.rag_with_blue_exceeding,
    "delivery_confidence": Scale.delivery_confidence,
    "four_level": Scale.four_level,
    "achieved": Scale.achieved,
    "met_or_not": Scale.met_or_not,
    "on_track": Scale.on_track,
}
