"""Rows of a CSV/TSV file or an Anki "Notes in Plain Text" export, each with the line it starts on.

All splitting is the standard csv module's; this only chooses the delimiter and reads
Anki's ``#key:value`` header lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["AnkiHeader", "Row", "parse_anki_header", "read_rows", "sniff_delimiter"]

DELIMITERS = ",\t;|"
# Anki's names for its separators (the #separator: header line).
ANKI_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "colon": ":", "space": " "}
ANKI_HEADER_KEYS = (
    "separator",
    "html",
    "tags column",
    "notetype column",
    "deck column",
    "guid column",
    "notetype",
    "deck",
    "tags",
    "columns",
)


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line of the file where the row starts
    cells: list[str]


@dataclass
class AnkiHeader:
    """What Anki's header lines said; ``lines`` is how many lines they took."""

    values: dict[str, str] = field(default_factory=dict)
    lines: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)

    def column(self, key: str) -> int | None:
        """A 1-based column number from ``#<key> column:``, as a 0-based index."""
        value = self.values.get(f"{key} column")
        if value is None:
            return None
        try:
            number = int(value)
        except ValueError:
            return None
        return number - 1 if number >= 1 else None

    @property
    def separator(self) -> str | None:
        value = self.values.get("separator")
        if value is None:
            return None
        return ANKI_SEPARATORS.get(value.strip().lower(), value if len(value) == 1 else None)

    @property
    def html(self) -> bool | None:
        value = self.values.get("html")
        return None if value is None else value.strip().lower() == "true"


def parse_anki_header(text: str) -> AnkiHeader:
    """Read ``#key:value`` lines at the top of the text (Anki 2.1.55+ exports)."""
    header = AnkiHeader()
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        line = line.rstrip("\r\n")
        if not line.startswith("#"):
            break
        key, colon, value = line[1:].partition(":")
        key = key.strip().lower()
        if not colon:
            break  # a comment-like line, not a header
        if key in ANKI_HEADER_KEYS:
            header.values[key] = value.strip()
        header.lines = number
    return header


def sniff_delimiter(text: str) -> str:
    """Comma, tab, semicolon or pipe: csv.Sniffer's guess, else the commonest of them on the first line."""
    sample = text[:65536]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
        first = next(csv.reader(io.StringIO(sample, newline=""), delimiter=found), [])
        if len(first) > 1:
            return found
    except (csv.Error, StopIteration):
        pass
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    counts = {d: first_line.count(d) for d in "\t;,|"}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else "\t"


def read_rows(text: str, delimiter: str, *, skip_lines: int = 0) -> Iterator[Row]:
    """Every row after the first ``skip_lines`` lines, with its starting line; blank rows left out.

    Raises csv.Error for text the csv module cannot split (reported by the caller).
    """
    stream = io.StringIO(text, newline="")
    for _ in range(skip_lines):
        stream.readline()
    reader = csv.reader(stream, delimiter=delimiter, strict=False)
    previous_end = skip_lines
    for cells in reader:
        start = previous_end + 1
        previous_end = skip_lines + reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        yield Row(start, cells)
