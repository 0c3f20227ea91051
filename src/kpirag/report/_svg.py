"""SVG charts made safe to put inside an HTML page: no script, no external reference.

A chart arrives as SVG text (``kpirag.plot.figure_svg`` makes it from a
matplotlib figure; any SVG will do). ``sanitise_svg`` parses it and writes it
back keeping only what draws a picture:

- elements from an allow-list of SVG drawing elements (shapes, groups, text,
  ``use``, clip paths, patterns, gradients, markers, ``title``/``desc``);
  every other element is dropped with everything inside it (``script``,
  ``foreignObject``, ``a``, ``animate``, ``set``, ``iframe``, ``style``,
  matplotlib's ``metadata``), as are elements in other XML namespaces;
- attributes from an allow-list too: geometry (``d``, ``x``, ``width``,
  ``transform``, ``viewBox`` ...) and the presentation attributes (``fill``,
  ``stroke``, ``font-family`` ...); a link (``href``, ``xlink:href``) only
  when it points inside the chart (``#id``), or, on an ``image``, to an
  inline PNG, JPEG or GIF (``data:image/png;base64,...``);
- in a ``style`` attribute, only the declarations of those presentation
  properties;
- in every value, only words, numbers, colours, quotes, commas and brackets,
  and no function but a colour (``rgb(...)``), a transform (``matrix(...)``)
  and ``url(#id)``: nothing that can fetch (``url(http:...)``,
  ``image-set(...)``, ``@import``), escape (a backslash) or hide (a comment);
- no document type, entity, processing instruction or comment; the namespace
  declarations are written afresh (or, for an HTML page, left out: HTML's
  parser supplies them).

A document type with an internal subset or any entity declaration is refused
(an entity can expand without bound), as is text that is not SVG.

Each id is given a prefix, and every reference (``#id``, ``url(#id)``) the
same prefix, so two charts on one page cannot reach each other's clip paths;
an id used twice in one chart (matplotlib repeats a ``gid``) is numbered apart.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from kpirag.errors import InvalidFormatError

__all__ = ["sanitise_svg"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

ALLOWED_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
        "polyline", "polygon", "text", "tspan", "title", "desc", "clipPath", "mask",
        "pattern", "linearGradient", "radialGradient", "stop", "marker", "image",
    }
)  # fmt: skip
"""The SVG elements a chart keeps; any other element is dropped with its content."""

_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_SIMPLE_DOCTYPE = re.compile(r"<!DOCTYPE[^\[>]*>", re.IGNORECASE)
_DANGEROUS_MARKUP = re.compile(r"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
DRAWING_PROPERTIES = frozenset(
    {
        "alignment-baseline", "baseline-shift", "clip-path", "clip-rule", "color",
        "color-interpolation", "display", "dominant-baseline", "fill", "fill-opacity",
        "fill-rule", "font", "font-family", "font-size", "font-stretch", "font-style",
        "font-variant", "font-weight", "image-rendering", "isolation", "letter-spacing",
        "marker", "marker-end", "marker-mid", "marker-start", "mask", "mix-blend-mode",
        "opacity", "overflow", "paint-order", "shape-rendering", "stop-color", "stop-opacity",
        "stroke", "stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin",
        "stroke-miterlimit", "stroke-opacity", "stroke-width", "text-anchor", "text-decoration",
        "text-rendering", "vector-effect", "visibility", "white-space", "word-spacing",
    }
)  # fmt: skip
"""The presentation properties a chart keeps, as attributes or in a ``style`` attribute."""

GEOMETRY_ATTRIBUTES = frozenset(
    {
        "version", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx",
        "ry", "fx", "fy", "dx", "dy", "d", "points", "transform", "viewBox", "offset", "class",
        "preserveAspectRatio", "rotate", "textLength", "lengthAdjust", "pathLength", "orient",
        "refX", "refY", "markerWidth", "markerHeight", "markerUnits", "clipPathUnits",
        "maskUnits", "maskContentUnits", "patternUnits", "patternContentUnits",
        "patternTransform", "gradientUnits", "gradientTransform", "spreadMethod",
    }
)  # fmt: skip
"""The other attributes a chart keeps: where and how big, and how its parts are laid out."""

_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_INTERNAL_URL = re.compile(r"url\(\s*(['\"]?)#[A-Za-z0-9_.:-]+\1\s*\)", re.IGNORECASE)
_VALUE = re.compile(r"[\w\s#%.,+\-'\"()]*")
_FUNCTION = re.compile(r"([\w-]+)\s*\(")
_SAFE_FUNCTIONS = frozenset(
    {"rgb", "rgba", "hsl", "hsla", "matrix", "translate", "scale", "rotate", "skewx", "skewy"}
)
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*", re.IGNORECASE)
_ID_TEXT = re.compile(r"[A-Za-z0-9_.:-]+")


def _local(name: str) -> tuple[str | None, str]:
    """An ElementTree name ``{namespace}local`` as (namespace, local)."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return None, name


def _parse(svg: object) -> ET.Element:
    if not isinstance(svg, str):
        raise InvalidFormatError(field="svg", value=svg, expected="SVG text")
    text = _SIMPLE_DOCTYPE.sub("", _DECLARATION.sub("", svg), count=1)
    if _DANGEROUS_MARKUP.search(text):
        raise InvalidFormatError(
            "a document type with declarations or an entity is not allowed in a chart",
            field="svg",
            value=svg[:80],
        )
    try:
        root = ET.fromstring(text)  # noqa: S314 - no DTD or entity can reach here
    except ET.ParseError as exc:
        raise InvalidFormatError(
            f"not well-formed XML ({exc})", field="svg", value=svg[:80]
        ) from None
    if _local(root.tag) != (SVG_NS, "svg"):
        raise InvalidFormatError(
            "the root element is not <svg>", field="svg", value=svg[:80], expected="SVG text"
        )
    return root


class _Writer:
    """Writes the allowed part of a parsed SVG with prefixed ids."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.ids: dict[str, str] = {}
        self.used: set[str] = set()
        self.parts: list[str] = []

    def collect_ids(self, element: ET.Element) -> dict[ET.Element, str]:
        """A unique prefixed id per element with an id; references go to the first of a repeat."""
        renamed: dict[ET.Element, str] = {}
        for node in element.iter():
            given = node.get("id")
            if given is None or not _ID_TEXT.fullmatch(given):
                continue
            new = f"{self.prefix}{given}"
            count = 1
            while new in self.used:
                count += 1
                new = f"{self.prefix}{given}-{count}"
            self.used.add(new)
            self.ids.setdefault(given, new)
            renamed[node] = new
        return renamed

    def _reference(self, target: str) -> str | None:
        """``#id`` pointing inside the chart, prefixed; ``None`` for anything else."""
        if not target.startswith("#"):
            return None
        new = self.ids.get(target[1:])
        return None if new is None else f"#{new}"

    def _urls(self, value: str) -> str | None:
        """``value`` with each ``url(#id)`` prefixed, or ``None`` if any url points outside."""
        outside = False

        def swap(match: re.Match[str]) -> str:
            nonlocal outside
            target = self._reference(match.group(2).strip())
            if target is None:
                outside = True
                return ""
            return f"url({target})"

        result = _URL.sub(swap, value)
        return None if outside else result

    def attribute(self, tag: str, name: str, value: str) -> tuple[str, str] | None:
        """The attribute as written, or ``None`` to drop it."""
        namespace, local = _local(name)
        if namespace == XLINK_NS and local == "href":
            name = "xlink:href"
        elif namespace == XML_NS and local == "space":
            return ("xml:space", value)
        elif namespace is not None:
            return None
        else:
            name = local
        if name in {"href", "xlink:href"}:
            if tag == "image" and _DATA_IMAGE.fullmatch(value.strip()):
                return (name, value.strip())
            target = self._reference(value.strip())
            return None if target is None else (name, target)
        kept: str | None
        if name == "style":
            kept = self._style(value)
        elif name in GEOMETRY_ATTRIBUTES or name in DRAWING_PROPERTIES:
            kept = self._value(value)
        else:
            return None
        return None if not kept else (name, kept)

    def _value(self, value: str) -> str | None:
        """``value`` with each ``url(#id)`` prefixed, or ``None`` if it holds more than drawing.

        Drawing is words, numbers, colours, quotes, commas, brackets, and no
        function but a colour, a transform or ``url(#id)``.
        """
        rest = _INTERNAL_URL.sub("", value)
        if not _VALUE.fullmatch(rest):
            return None
        if any(name.casefold() not in _SAFE_FUNCTIONS for name in _FUNCTION.findall(rest)):
            return None
        return self._urls(value)

    def _style(self, style: str) -> str:
        """The declarations of ``style`` that set a drawing property to a drawing value."""
        kept = []
        for declaration in style.split(";"):
            name, colon, value = declaration.partition(":")
            checked = self._value(value)
            if colon and name.strip().casefold() in DRAWING_PROPERTIES and checked is not None:
                kept.append(f"{name.strip()}:{checked}".strip())
        return "; ".join(kept)

    def write(
        self, element: ET.Element, renamed: dict[ET.Element, str], extra: dict[str, str]
    ) -> None:
        namespace, tag = _local(element.tag)
        if namespace != SVG_NS or tag not in ALLOWED_ELEMENTS:
            return
        attributes: list[tuple[str, str]] = []
        for name, value in element.attrib.items():
            if name == "id":
                if element in renamed:
                    attributes.append(("id", renamed[element]))
                continue
            kept = self.attribute(tag, name, value)
            if kept is not None and kept[0] not in extra:
                attributes.append(kept)
        attributes.extend(extra.items())
        shown = "".join(f' {name}="{html.escape(value)}"' for name, value in attributes)
        children = [child for child in element if _local(child.tag)[1] in ALLOWED_ELEMENTS]
        text = element.text or ""
        keep_text = tag in {"text", "tspan", "title", "desc"}
        if not children and not (keep_text and text):
            self.parts.append(f"<{tag}{shown}/>")
            return
        self.parts.append(f"<{tag}{shown}>")
        if keep_text:
            self.parts.append(html.escape(text, quote=False))
        for child in element:
            self.write(child, renamed, {})
            if keep_text and child.tail:
                self.parts.append(html.escape(child.tail, quote=False))
        self.parts.append(f"</{tag}>")


def sanitise_svg(
    svg: str, *, prefix: str = "", label: str | None = None, embed: bool = False
) -> str:
    """``svg`` with only its drawing kept, every id prefixed with ``prefix`` (see the module).

    ``label`` (the chart's text alternative) is set as the ``aria-label`` of
    an ``<svg role="img">``. The result is an SVG document of its own (with
    its namespace declarations), or with ``embed=True`` the markup to put
    inside an HTML page, whose parser supplies the namespaces.

    ```pycon
    >>> sanitise_svg(
    ...     '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    ...     '<script>alert(2)</script><rect id="r" width="4" height="4"/>'
    ...     '<use href="http://example.com/x.svg#a"/><use href="#r"/></svg>',
    ...     prefix="c1-",
    ...     embed=True,
    ... )
    '<svg><rect id="c1-r" width="4" height="4"/><use/><use href="#c1-r"/></svg>'

    ```

    Raises:
        InvalidFormatError: ``svg`` is not SVG text, is not well-formed, or
            declares entities or a document type with declarations.
    """
    root = _parse(svg)
    writer = _Writer(prefix)
    renamed = writer.collect_ids(root)
    extra = {} if embed else {"xmlns": SVG_NS, "xmlns:xlink": XLINK_NS}
    if label is not None:
        extra |= {"role": "img", "aria-label": label}
    writer.write(root, renamed, extra)
    return "".join(writer.parts)
