"""Rows of a CSV/TSV file or an Anki "Notes in Plain Text" export, each with the line it starts on.

All splitting is the standard csv module's; this only chooses the delimiter and reads
Anki's ``#key:value`` header lines.
"""

from __future__ import annotations

import csv
import io
import re
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
    """Comma, tab, semicolon or pipe: the one that splits the first rows into the same number of columns.

    csv.Sniffer's guess breaks ties; a file with one column reads as tab-separated.
    """
    sample = re.sub(r"\r\n?", "\n", text[:65536])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    best, best_score = "\t", (0.0, 0, False)
    for delimiter in "\t;,|":
        try:
            widths = [
                len(row)
                for row, _ in zip(
                    csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), range(50), strict=False
                )
                if row
            ]
        except csv.Error:
            continue
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        if common < 2:
            continue
        score = (widths.count(common) / len(widths), int(delimiter == sniffed), True)
        if score > best_score:
            best, best_score = delimiter, score
    return best


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
