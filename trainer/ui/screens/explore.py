"""Explore: the dermatome map with a cursor; a side panel says what lies under it.

Arrows or a click move the cursor; typing a root (L5, s1, S4-5) jumps to it; `v` switches
front/back (both views show side by side when the terminal is wide enough).
"""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, VerticalScroll
from textual.content import Content
from textual.events import Key, Resize
from textual.screen import Screen
from textual.widgets import Footer, Static

from trainer.map import BACKGROUND, VIEWS, canonical_region, load_map
from trainer.map.model import ROOTS
from trainer.ui.literal import labelled, literal
from trainer.ui.messages import HelpRequested, HomeRequested
from trainer.ui.widgets.body_map import BodyMap

BOTH_VIEWS_WIDTH = 118  # two views (2 x 39) and a readable panel
TYPE_TIMEOUT = 1.5  # seconds between the keys of one root name
ROOT_KEYS = set("ctlsCTLS0123456789-/")


class ExploreScreen(Screen[None]):
    CSS_PATH = "explore.tcss"
    HELP_LINES = [
        ("Arrows", "Move the cursor (Shift: three cells at a time); the side panel describes the cell"),
        ("Click", "Put the cursor on a cell, on either view"),
        ("L5, s1", "Type a root (C2 to S4-5) to jump to its key sensory point and see its region"),
    ]
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("v", "switch_view", "Front/back", tooltip="Switch between the front and the back view"),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self, view: str = "front", root: str | None = None) -> None:
        super().__init__()
        self.dmap = load_map()
        self.view = view
        self.start_root = root
        self.typed = ""
        self.typed_at = 0.0

    def compose(self) -> ComposeResult:
        yield Static(id="explore-title")
        with Horizontal(id="explore-body"):
            with ScrollableContainer(id="maps"):
                for view in VIEWS:
                    yield BodyMap(view, id=f"map-{view}")
            with VerticalScroll(id="panel"):
                yield Static(id="panel-text")
        yield Footer()

    def on_mount(self) -> None:
        self._layout()
        # Open on the lower limb, the map's most detailed part.
        self.jump_to(self.start_root or ("L2" if self.view == "front" else "S2"))

    # --- which view -------------------------------------------------------------------

    @property
    def active_map(self) -> BodyMap:
        return self.query_one(f"#map-{self.view}", BodyMap)

    @property
    def both_views(self) -> bool:
        return self.size.width >= BOTH_VIEWS_WIDTH

    def on_resize(self, event: Resize) -> None:
        self._layout()

    def _layout(self) -> None:
        both = self.both_views
        for view in VIEWS:
            body_map = self.query_one(f"#map-{view}", BodyMap)
            body_map.display = both or view == self.view
            body_map.show_cursor = view == self.view
        self._update()

    def action_switch_view(self) -> None:
        self.show_view("back" if self.view == "front" else "front")

    def show_view(self, view: str, cell: tuple[int, int] | None = None) -> None:
        old = self.active_map
        self.view = view
        new = self.active_map
        # Keep the cursor at the same place on the body: both views share one grid.
        new.move_to(*(cell or old.cursor), announce=False)
        self._layout()
        new.focus()
        new.keep_cursor_visible()

    def action_close(self) -> None:
        self.post_message(HomeRequested())

    def action_help(self) -> None:
        self.post_message(HelpRequested())

    # --- moving -----------------------------------------------------------------------

    def on_body_map_moved(self, message: BodyMap.Moved) -> None:
        if message.body_map.view != self.view:
            self.view = message.body_map.view  # a click on the other view makes it the active one
            self._layout()
        self._update()

    def on_key(self, event: Key) -> None:
        char = event.character
        if not char or char not in ROOT_KEYS:
            return
        now = time.monotonic()
        if char.isalpha():
            self.typed = char  # a letter starts a new root name
        elif self.typed and now - self.typed_at <= TYPE_TIMEOUT:
            self.typed = (self.typed + char)[:5]
        else:
            return
        self.typed_at = now
        event.stop()
        # 'S4' already means S4-5; 'T1' jumps to T1 and a following '2' moves on to T12.
        if canonical_region(self.typed) in ROOTS:
            self.jump_to(self.typed)
        else:
            self._update()

    def jump_to(self, root: str) -> None:
        """Show a root's region: its key sensory point if placed, else its middle cell."""
        root = canonical_region(root)
        point = self.dmap.key_point(root)
        if point is not None:
            view, cell = point.view, (point.row, point.col)
        else:
            view = self.dmap.best_view(root)
            cells = self.dmap.cells_of(root, view)
            if not cells:
                return
            cell = cells[len(cells) // 2]
        if view != self.view:
            self.show_view(view, cell)
        self.active_map.move_to(*cell, announce=False)
        self.active_map.focus()
        self._update()

    # --- what is shown -----------------------------------------------------------------

    def _update(self) -> None:
        body_map = self.active_map
        region = body_map.region_under_cursor
        for view in VIEWS:
            self.query_one(f"#map-{view}", BodyMap).highlight = region if region != BACKGROUND else None
        other = "back" if self.view == "front" else "front"
        typed = f"  typed: {self.typed}" if self.typed and time.monotonic() - self.typed_at <= TYPE_TIMEOUT else ""
        title = f"Dermatome map: {self.view} view" + ("" if self.both_views else f" (v: {other})") + typed
        self.query_one("#explore-title", Static).update(Content(title))
        self.query_one("#panel-text", Static).update(self._panel(region, *body_map.cursor))

    def _panel(self, region: str, row: int, col: int) -> Content:
        info = self.dmap.region_info(region)
        lines: list[Content] = []
        if region == BACKGROUND:
            lines.append(Content("Outside the body."))
        elif info.is_root:
            lines.append(Content.styled(f"{region} dermatome", "bold"))
        else:
            lines.append(Content.styled(region.capitalize(), "bold"))
        middle = self.dmap.size(self.view)[1] // 2  # landmarks are placed on one side; the mask is symmetric
        here = [
            lm
            for lm in self.dmap.landmarks
            if lm.view == self.view and (lm.row, abs(lm.col - middle)) == (row, abs(col - middle))
        ]
        for lm in here:
            key = f" (ISNCSCI key point for {lm.key_point})" if lm.key_point else ""
            lines.append(labelled("Here: ", f"{lm.name}{key}"))
        if info.area:
            lines.append(labelled("Area: ", info.area))
        if info.key_point:
            lines.append(labelled("Key sensory point: ", info.key_point))
        if info.landmarks:
            lines.append(labelled("Landmarks: ", ", ".join(info.landmarks)))
        if info.notes:
            lines.append(labelled("Note: ", info.notes))
        for variant in info.variants:
            lines.append(labelled("Sources disagree: ", f"{variant.topic}. {variant.text}"))
            lines.append(labelled("This map: ", variant.shown))
            lines.append(literal(variant.taught))
        if info.is_root:
            lines.append(literal("Neighbouring dermatomes overlap and maps vary: borders are approximate."))
        lines.append(Content(""))
        lines.append(
            Content.styled("Arrows or click: move · type a root (L5, s1, S4-5) · v: front/back · Esc: back", "dim")
        )
        return Content("\n").join(lines)
