"""The dermatome map as a widget: one view of the body, a cursor, a highlighted region, clicks on cells.

Drawn from ``trainer.map`` data only: every region is filled with its colour and pattern and
labelled with its root where the label fits, so that with ``NO_COLOR`` labels and patterns
still tell the regions apart. A highlighted region is filled with ``#``; the cursor is reversed.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from trainer.map import BACKGROUND, load_map
from trainer.map.render import HIGHLIGHT_PATTERN, glyphs, styles

MARK = "@"  # the chosen cell, or the landmark a card asks about


def _style(region: str, *, lit: bool) -> Style:
    colours = styles(load_map())[0]
    colour = colours.get(region)
    if colour is None:
        return Style(dim=True) if region != BACKGROUND else Style()
    name = f"bright_{colour.family}" if colour.bright else colour.family
    fg = "bright_white" if colour.textual_fg == "ansi_bright_white" else "black"
    return Style(color=fg, bgcolor=name, bold=lit)


class BodyMap(Widget, can_focus=True):
    """One view of the map with a cursor cell; arrows or a click move it; Enter posts ``Picked``."""

    # Its size is its content: one cell per mask cell.
    DEFAULT_CSS = """
    BodyMap {
        width: auto;
        height: auto;
    }
    """

    BINDINGS = [
        Binding("up", "move(-1, 0)", "Up", show=False),
        Binding("down", "move(1, 0)", "Down", show=False),
        Binding("left", "move(0, -1)", "Left", show=False),
        Binding("right", "move(0, 1)", "Right", show=False),
        Binding("shift+up", "move(-3, 0)", show=False),
        Binding("shift+down", "move(3, 0)", show=False),
        Binding("shift+left", "move(0, -3)", show=False),
        Binding("shift+right", "move(0, 3)", show=False),
        Binding("enter", "pick", "Choose", show=False),
    ]

    cursor: reactive[tuple[int, int]] = reactive((0, 0))
    highlight: reactive[str | None] = reactive(None)
    show_cursor: reactive[bool] = reactive(True)
    labels: reactive[bool] = reactive(True)  # off while a map card asks, or the labels would answer it
    mark: reactive[tuple[int, int] | None] = reactive(None)  # a chosen or highlighted cell

    class Moved(Message):
        """The cursor moved to a cell (by key or click)."""

        def __init__(self, body_map: BodyMap, row: int, col: int, region: str) -> None:
            super().__init__()
            self.body_map = body_map
            self.row = row
            self.col = col
            self.region = region

        @property
        def control(self) -> BodyMap:
            return self.body_map

    class Picked(Message):
        """Enter on a cell: the student's answer on a "locate" card."""

        def __init__(self, body_map: BodyMap, row: int, col: int) -> None:
            super().__init__()
            self.body_map = body_map
            self.row = row
            self.col = col

        @property
        def control(self) -> BodyMap:
            return self.body_map

    def __init__(
        self,
        view: str,
        *,
        labels: bool = True,
        show_cursor: bool = True,
        highlight: str | None = None,
        mark: tuple[int, int] | None = None,
        rows: tuple[int, int] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.view = view
        self.dmap = load_map()
        self._glyphs = glyphs(view, self.dmap)
        self._plain = glyphs(view, self.dmap, labels=False)
        height, cols = self.dmap.size(view)
        # Only these mask rows are drawn (a map card shows the part of the body it asks about).
        self.first_row, self.last_row = rows or (0, height - 1)
        self.set_reactive(BodyMap.cursor, (height * 2 // 3, cols // 2))
        self.set_reactive(BodyMap.labels, labels)
        self.set_reactive(BodyMap.show_cursor, show_cursor)
        self.set_reactive(BodyMap.highlight, highlight)
        self.set_reactive(BodyMap.mark, mark)

    @property
    def region_under_cursor(self) -> str:
        return self.dmap.region_at(self.view, *self.cursor)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.dmap.size(self.view)[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.last_row - self.first_row + 1

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="crop")
        grid = self._glyphs if self.labels else self._plain
        for r in range(self.first_row, self.last_row + 1):
            row = grid[r]
            if r > self.first_row:
                text.append("\n")
            for c, glyph in enumerate(row):
                lit = self.highlight is not None and glyph.region == self.highlight
                char = HIGHLIGHT_PATTERN if lit and not glyph.label else glyph.char
                style = _style(glyph.region, lit=lit)
                if (r, c) == self.mark:
                    char, style = MARK, style + Style(reverse=True, bold=True)
                if self.show_cursor and (r, c) == self.cursor:
                    style += Style(reverse=True, bold=True)
                    if glyph.region == BACKGROUND:
                        char = "+"
                text.append(char, style)
        return text

    def move_to(self, row: int, col: int, *, announce: bool = True) -> None:
        cols = self.dmap.size(self.view)[1]
        self.cursor = (max(self.first_row, min(self.last_row, row)), max(0, min(cols - 1, col)))
        self.keep_cursor_visible()
        self.call_after_refresh(self.keep_cursor_visible)  # again once the layout is known
        if announce:
            self.post_message(self.Moved(self, *self.cursor, self.region_under_cursor))

    def keep_cursor_visible(self) -> None:
        """Scroll every scrolling ancestor so that the cursor cell shows (as Textual does for a widget)."""
        row, col = self.cursor
        virtual = self.virtual_region
        region = Region(virtual.x + col, virtual.y + row - self.first_row, 1, 1)
        widget: Widget = self
        while isinstance(widget.parent, Widget):
            container = widget.parent
            scrolled = container.scroll_to_region(region, animate=False) if container.is_scrollable else None
            region = (
                region.translate(-(scrolled or Offset(0, 0)))
                .translate(container.styles.margin.top_left)
                .translate(container.styles.border.spacing.top_left)
                .translate(container.virtual_region_with_margin.offset)
            )
            widget = container

    def action_move(self, d_row: int, d_col: int) -> None:
        row, col = self.cursor
        self.move_to(row + d_row, col + d_col)

    def action_pick(self) -> None:
        self.post_message(self.Picked(self, *self.cursor))

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        self.focus()
        self.move_to(offset.y + self.first_row, offset.x)

    def watch_cursor(self) -> None:
        self.refresh()

    def watch_highlight(self) -> None:
        self.refresh()

    def watch_labels(self) -> None:
        self.refresh()

    def watch_mark(self) -> None:
        self.refresh()
