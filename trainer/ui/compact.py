"""Form fields without borders on short terminals, so that a form still fits in 15 rows."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Input, Select

COMPACT_HEIGHT = 20  # rows: below this, inputs and selects drop their borders (3 rows become 1)


def fit_fields(screen: Screen, height: int) -> None:
    """Make ``screen``'s inputs and selects compact when the terminal is short (and give it ``-compact``)."""
    small = height < COMPACT_HEIGHT
    screen.set_class(small, "-compact")
    for box in screen.query(Input):
        box.compact = small
    for select in screen.query(Select):
        select.compact = small
