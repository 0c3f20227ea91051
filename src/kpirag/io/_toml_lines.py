"""Where each key of a TOML text is: its line, found by scanning the text."""

from __future__ import annotations

import re

from kpirag.io._limits import MAX_RULES_DEPTH
from kpirag.rules import MAX_EXPONENT

__all__ = ["KeyPath", "TomlLines", "too_deep_or_long"]

KeyPath = tuple[str | int, ...]
"""A key path: table keys and array positions, ``("schemes", "council", "steps", 0)``."""


class TomlLines:
    """The line of every key (and array item) in a TOML text, found by scanning it.

    The text is known to be valid TOML (``tomllib`` read it first), so the scan
    only tracks strings, brackets and keys.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self._counted = self._lines = 0  # newlines before self._counted: the scan only advances
        self.found: dict[KeyPath, int] = {}
        self._scan()

    def line(self, path: KeyPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one.

        An ancestor only ever written as part of longer headers (``budget`` in
        ``[budget.total]``) is at the first line that names it.
        """
        for end in range(len(path), 0, -1):
            if path[:end] in self.found:
                return self.found[path[:end]]
            inside = [line for key, line in self.found.items() if key[:end] == path[:end]]
            if inside:
                return min(inside)
        return None

    def _line(self) -> int:
        self._lines += self.text.count("\n", self._counted, self.at)
        self._counted = self.at
        return self._lines + 1

    def _peek(self, count: int = 1) -> str:
        return self.text[self.at : self.at + count]

    def _blank(self, *, newlines: bool) -> None:
        while self.at < len(self.text):
            char = self.text[self.at]
            if char == "#":
                end = self.text.find("\n", self.at)
                self.at = len(self.text) if end < 0 else end
            elif char in " \t\r" or (newlines and char == "\n"):
                self.at += 1
            else:
                return

    def _string(self) -> str:
        for quote in ('"""', "'''", '"', "'"):
            if self.text.startswith(quote, self.at):
                break
        start = self.at + len(quote)
        at = start
        while not self.text.startswith(quote, at):
            at += 2 if quote[0] == '"' and self.text[at] == "\\" else 1
        while len(quote) == 3 and self.text.startswith(quote[0], at + 3):  # noqa: PLR2004
            at += 1  # up to two quotes may close a multi-line string
        self.at = at + len(quote)
        raw = self.text[start:at]
        return raw if quote[0] == "'" else raw.encode().decode("unicode_escape", "ignore")

    def _key(self) -> KeyPath:
        parts: list[str | int] = []
        while True:
            self._blank(newlines=False)
            if self._peek() in {'"', "'"}:
                parts.append(self._string())
            else:
                start = self.at
                while self.at < len(self.text) and (
                    self.text[self.at].isalnum() or self.text[self.at] in "-_"
                ):
                    self.at += 1
                parts.append(self.text[start : self.at])
            self._blank(newlines=False)
            if self._peek() != ".":
                return tuple(parts)
            self.at += 1

    def _value(self, path: KeyPath) -> None:
        self._blank(newlines=False)
        char = self._peek()
        if char in {"[", "{"}:  # an array's items are numbered, an inline table's keyed
            self.at += 1
            index = 0
            while True:
                self._blank(newlines=True)
                if self._peek() in {"]", "}"}:
                    self.at += 1
                    return
                if self._peek() == ",":
                    self.at += 1
                    index += 1
                    continue
                key = (*path, index) if char == "[" else (*path, *self._key())
                self.found[key] = self._line()
                if char == "{":
                    self.at += 1  # the '=' after a key
                self._value(key)
        elif char in {'"', "'"}:
            self._string()
        else:
            while self.at < len(self.text) and self.text[self.at] not in ",]}\n#":
                self.at += 1

    def _scan(self) -> None:
        current: KeyPath = ()
        counts: dict[KeyPath, int] = {}
        while True:
            self._blank(newlines=True)
            if self.at >= len(self.text):
                return
            line = self._line()
            if self._peek() == "[":  # a table's header, or [[name]]: the next item of an array
                array = self._peek(2) == "[["
                brackets = 2 if array else 1
                self.at += brackets
                current = header = self._key()
                self.at += brackets
                if array:
                    counts[header] = counts.get(header, -1) + 1
                    current = (*header, counts[header])
                    self.found.setdefault(header, line)
                self.found[current] = line
            else:
                key = (*current, *self._key())
                self.found[key] = line
                self.at += 1  # the '='
                self._value(key)


_TOKEN = re.compile(
    # Strings and comments hide brackets and digits; an unterminated string runs to the end
    # of its line (of the text, for a multi-line one), so no text is scanned twice.
    r'(?P<string>"""(?:\\[\s\S]|[^\\])*?(?:"""|\\?\Z)'
    r"|'''[\s\S]*?(?:'''|\Z)"
    r'|"(?:\\.|[^"\\\n])*(?:"|\\?$)'
    r"|'[^'\n]*(?:'|$))"
    r"|#[^\n]*"
    r"|(?P<open>[\[{])|(?P<close>[\]}])"
    rf"|(?<![\w.])(?P<digits>[0-9_]{{{MAX_EXPONENT + 2},}})"
    r"|(?P<word>[\w-]+)|(?P<dot>\.)|[^\s]",
    re.MULTILINE,
)


def too_deep_or_long(text: str) -> tuple[int, str] | None:
    """The line and problem of the first place nested past ``MAX_RULES_DEPTH``, or overlong number.

    Checked before ``tomllib`` reads the text: it recurses once per bracket (a
    ``RecursionError`` past about a thousand), takes quadratic time over a dotted key
    (``[a.a.a....]``), and refuses an integer of more than 4,300 digits with a
    ``ValueError``, none of them saying where.
    """
    depth = parts = 0
    for match in _TOKEN.finditer(text):
        problem = None
        if match["word"] is not None or match["string"] is not None:
            parts = max(parts, 1)
        elif match["dot"] is not None:
            parts += 1
        else:
            parts = 0
        if match["open"]:
            depth += 1
        elif match["close"]:
            depth = max(depth - 1, 0)
        elif match["digits"] and len(match["digits"].replace("_", "")) > MAX_EXPONENT + 1:
            digits = len(match["digits"].replace("_", ""))
            problem = (
                f"a number of {digits:,} digits; a number is at most 1E+{MAX_EXPONENT} "
                "in size (see docs/exactness.md)"
            )
        if depth > MAX_RULES_DEPTH or parts > MAX_RULES_DEPTH:
            problem = f"nested more than {MAX_RULES_DEPTH} deep (kpirag.io.MAX_RULES_DEPTH)"
        if problem is not None:
            return text.count("\n", 0, match.start()) + 1, problem
    return None
