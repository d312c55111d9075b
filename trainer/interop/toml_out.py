"""Writing a deck as TOML text: the deck file format people edit by hand, with every string safely escaped."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["deck_toml", "toml_string"]

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}
CARD_KEY_ORDER = (
    "id",
    "type",
    "front",
    "back",
    "choices",
    "answer",
    "answers",
    "accept",
    "ordered",
    "tags",
    "source",
    "note",
)


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04x}"


def toml_string(value: str) -> str:
    """A TOML basic string; control characters are escaped, never written raw."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_string(str(v)) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to a deck")


def deck_toml(deck: Mapping[str, str], cards: Iterable[Mapping[str, object]], *, comment: str = "") -> str:
    """The whole deck file: an optional comment, the [deck] table, then one [[cards]] table per card."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()] if comment else []
    if lines:
        lines.append("")
    lines.append("[deck]")
    lines.extend(f"{key} = {_value(value)}" for key, value in deck.items() if value)
    for card in cards:
        lines.append("")
        lines.append("[[cards]]")
        keys = [k for k in CARD_KEY_ORDER if k in card] + [k for k in card if k not in CARD_KEY_ORDER]
        for key in keys:
            value = card[key]
            if value in ("", (), [], None):
                continue
            lines.append(f"{key} = {_value(value)}")
    return "\n".join(lines) + "\n"
