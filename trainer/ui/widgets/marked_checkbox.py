"""A checkbox that shows its state as a glyph, not only as a colour: readable with NO_COLOR=1."""

from __future__ import annotations

from textual.widgets import Checkbox


class MarkedCheckbox(Checkbox):
    """Ticked: ▐X▌; not ticked: ▐ ▌. Textual's own draws the X either way and tells them apart by colour."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = self._mark()

    def _mark(self) -> str:
        return "X" if self.value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = self._mark()
        super().watch_value()
