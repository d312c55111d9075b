"""The one sanitizer for deck text on its way to a terminal: control characters become visible, inert text.

Deck files are shared between people. An escape sequence in a title or a card could set the
terminal's title, write the clipboard, or make the terminal answer on stdin as if keys were
pressed, so every path from deck text to a screen or to stdout/stderr goes through ``printable``.
"""

from __future__ import annotations

import re

__all__ = ["CONTROL_RE", "has_control", "plural", "printable"]

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode controls that can
# reorder or hide text (bidi overrides and isolates, line/paragraph separators).
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode control pictures: ␛ for ESC, ␇ for BEL...
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0x9F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character shown as a visible symbol, never sent as a control.

    Tabs and newlines are kept unless ``one_line`` (for a single line on the command line).
    """
    pattern = _LINE_CONTROL_RE if one_line else CONTROL_RE
    return pattern.sub(_visible, text)


def has_control(text: str) -> bool:
    """True if ``printable`` would change ``text`` (tabs and newlines apart)."""
    return CONTROL_RE.search(text) is not None


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word`` in the right number: '1 card', '2 cards', '1 day', '3 days'."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
