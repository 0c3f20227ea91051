"""SVG charts made safe to put inside an HTML page: no script, no external reference.

A chart arrives as SVG text (``kpirag.plot.figure_svg`` makes it from a
matplotlib figure; any SVG will do). ``sanitise_svg`` parses it and writes it
back keeping only what draws a picture:

- elements from an allow-list of SVG drawing elements (shapes, groups, text,
  ``use``, clip paths, patterns, gradients, markers, ``title``/``desc``);
  every other element is dropped with everything inside it (``script``,
  ``foreignObject``, ``a``, ``animate``, ``set``, ``iframe``, ``style``,
  matplotlib's ``metadata``), as are elements in other XML namespaces;
- attributes except event handlers (``on*``); a link (``href``,
  ``xlink:href``) only when it points inside the chart (``#id``), or, on an
  ``image``, to an inline PNG, JPEG or GIF (``data:image/png;base64,...``);
  ``url(...)`` only as ``url(#id)``; a ``style`` attribute only when it holds
  no ``@``, backslash, ``expression(`` or ``javascript:``;
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
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_STYLE_REFUSED = re.compile(r"@|\\|expression\s*\(|javascript:|<", re.IGNORECASE)
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
        lowered = name.casefold()
        if lowered.startswith("on") or "javascript:" in value.casefold():
            return None
        if lowered in {"href", "xlink:href"}:
            if tag == "image" and _DATA_IMAGE.fullmatch(value.strip()):
                return (name, value.strip())
            target = self._reference(value.strip())
            return None if target is None else (name, target)
        if lowered == "style" and _STYLE_REFUSED.search(value):
            return None
        if "url(" in value.casefold() or "url (" in value.casefold():
            swapped = self._urls(value)
            return None if swapped is None else (name, swapped)
        return (name, value)

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
