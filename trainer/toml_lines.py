"""Find the line of each table header and key in a TOML deck file.

``tomllib`` gives values but no positions, so the deck validator uses this scanner to
point every problem at ``path:line``. It only runs on text ``tomllib`` has accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BARE_OR_QUOTED = r'[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY_RE = re.compile(rf"^\s*({_BARE_OR_QUOTED})\s*[.=]")
_ARRAY_HEADER_RE = re.compile(r"^\s*\[\[\s*(.+?)\s*\]\]")
_TABLE_HEADER_RE = re.compile(r"^\s*\[\s*(.+?)\s*\]")
_SEGMENT_RE = re.compile(rf"\s*({_BARE_OR_QUOTED})\s*(?:\.|$)")


@dataclass
class Positions:
    """1-based line numbers of what a deck file declares."""

    root_keys: dict[str, int] = field(default_factory=dict)
    deck_line: int | None = None
    deck_keys: dict[str, int] = field(default_factory=dict)
    card_lines: list[int] = field(default_factory=list)
    card_keys: list[dict[str, int]] = field(default_factory=list)

    def card_line(self, index: int, key: str | None = None) -> int | None:
        """Line of a card's key, else of its header, else of a root ``cards = [...]``."""
        if index < len(self.card_lines):
            if key is not None and key in self.card_keys[index]:
                return self.card_keys[index][key]
            return self.card_lines[index]
        return self.root_keys.get("cards")

    def deck_key_line(self, key: str | None = None) -> int | None:
        if key is not None and key in self.deck_keys:
            return self.deck_keys[key]
        return self.deck_line if self.deck_line is not None else self.root_keys.get("deck")


def _unquote(segment: str) -> str:
    if len(segment) >= 2 and segment[0] == segment[-1] and segment[0] in "\"'":
        return segment[1:-1]
    return segment


def _split_name(name: str) -> list[str]:
    parts = []
    pos = 0
    while pos < len(name):
        match = _SEGMENT_RE.match(name, pos)
        if not match or match.end() == pos:
            break
        parts.append(_unquote(match.group(1)))
        pos = match.end()
    return parts or [name]


class _Scanner:
    """Tracks multi-line strings and open brackets across lines."""

    def __init__(self) -> None:
        self.in_multiline: str | None = None  # '"""' or "'''" while inside one
        self.depth = 0

    @property
    def at_statement_start(self) -> bool:
        return self.in_multiline is None and self.depth == 0

    def feed(self, line: str, start: int = 0) -> None:
        i = start
        n = len(line)
        while i < n:
            if self.in_multiline is not None:
                if self.in_multiline == '"""' and line[i] == "\\":
                    i += 2
                    continue
                if line.startswith(self.in_multiline, i):
                    self.in_multiline = None
                    i += 3
                    # A closing delimiter may be followed by up to two more quotes.
                    continue
                i += 1
                continue
            ch = line[i]
            if ch == "#":
                return
            if line.startswith('"""', i) or line.startswith("'''", i):
                self.in_multiline = line[i : i + 3]
                i += 3
                continue
            if ch == '"':
                i += 1
                while i < n and line[i] != '"':
                    i += 2 if line[i] == "\\" else 1
                i += 1
                continue
            if ch == "'":
                end = line.find("'", i + 1)
                i = n if end < 0 else end + 1
                continue
            if ch in "[{":
                self.depth += 1
            elif ch in "]}":
                self.depth = max(0, self.depth - 1)
            i += 1


def scan_positions(text: str) -> Positions:
    """Return the lines of the ``[deck]`` table, each ``[[cards]]`` header and their keys."""
    pos = Positions()
    scanner = _Scanner()
    # Where keys go: "root", "deck", "card", or None for tables the deck format ignores.
    target: str | None = "root"
    for number, line in enumerate(text.splitlines(), start=1):
        if not scanner.at_statement_start:
            scanner.feed(line)
            continue
        array = _ARRAY_HEADER_RE.match(line)
        table = None if array else _TABLE_HEADER_RE.match(line)
        header = array or table
        if header is not None:
            parts = _split_name(header.group(1))
            target = _enter_table(pos, parts, number, is_array=bool(array))
            scanner.feed(line, header.end())
            continue
        key = _KEY_RE.match(line)
        if key:
            name = _unquote(key.group(1))
            keys = _keys_for(pos, target)
            if keys is not None:
                keys.setdefault(name, number)
            scanner.feed(line, key.end())
            continue
        scanner.feed(line)
    return pos


def _keys_for(pos: Positions, target: str | None) -> dict[str, int] | None:
    if target == "root":
        return pos.root_keys
    if target == "deck":
        return pos.deck_keys
    if target == "card" and pos.card_keys:
        return pos.card_keys[-1]
    return None


def _enter_table(pos: Positions, parts: list[str], line: int, *, is_array: bool) -> str | None:
    head = parts[0]
    if len(parts) == 1:
        if head == "cards" and is_array:
            pos.card_lines.append(line)
            pos.card_keys.append({})
            return "card"
        if head == "deck" and not is_array:
            pos.deck_line = line
            return "deck"
        pos.root_keys.setdefault(head, line)
        return None
    # A sub-table such as [cards.extra] adds the key "extra" to its parent.
    if head == "cards" and pos.card_keys:
        pos.card_keys[-1].setdefault(parts[1], line)
    elif head == "deck":
        pos.deck_keys.setdefault(parts[1], line)
    else:
        pos.root_keys.setdefault(head, line)
    return None
