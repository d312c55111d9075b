"""Map cards: the body map asks "which root supplies the highlighted area?" or "show me the L5 dermatome".

"name": the map highlights a region (or marks a landmark) without labels; the student answers
as on a choice card (numbers, arrows and Enter) or a typed card. "locate": arrows or a click move
a cursor and Enter chooses a cell; right if it lies in the region. Either way the answer then
shows the map labelled, with the whole region highlighted and the chosen or asked cell marked (@).
"""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from trainer.deck import Item
from trainer.grading import Synonyms, Verdict, check_typed
from trainer.map import check_locate, load_map
from trainer.map.cards import card_view, highlighted_region
from trainer.ui.literal import literal
from trainer.ui.widgets.body_map import BodyMap
from trainer.ui.widgets.cards.base import CardWidget, PicksAnOption, Response, hanging, mark
from trainer.ui.widgets.cards.typed import AnswerBox
from trainer.ui.widgets.choices import ChoiceList

PICK_GROUP = Binding.Group("Choose", compact=True)
WINDOW = 11  # rows of the body a "name" card shows around what it asks about
LOCATE_HINT = "Arrows (Shift: faster) or a click move the cursor; Enter chooses the cell."


class MapCard(PicksAnOption, CardWidget):
    HINT = "Name the root beside the map, or point with the arrows and press Enter."
    KIND = "MAP"
    BINDINGS = [Binding(str(n), f"pick({n})", f"Choice {n}", group=PICK_GROUP) for n in range(1, 10)]
    DEFAULT_CSS = """
    MapCard #map-card-row {
        height: auto;
        margin-bottom: 1;
    }
    MapCard #card-map {
        margin-right: 2;
    }
    MapCard #map-card-side {
        width: 1fr;
        height: auto;
    }
    MapCard #map-card-prompt {
        margin-bottom: 1;
    }
    MapCard #map-card-hint {
        color: $text-muted;
    }
    """

    def __init__(self, item: Item, options: tuple[str, ...] = (), synonyms: Synonyms = ()) -> None:
        super().__init__(item, options, synonyms)
        self.dmap = load_map()
        card = item.card
        self.locate = card.mode == "locate"
        self.view = card_view(card, self.dmap)
        self.answer_region = card.region if self.locate else highlighted_region(card, self.dmap)
        self.asked_cell: tuple[int, int] | None = None
        if not self.locate and card.landmark and (lm := self.dmap.landmark(card.landmark)) is not None:
            self.asked_cell = (lm.row, lm.col)
        self.chosen: tuple[int, int] | None = None

    def _window(self) -> tuple[int, int]:
        """The rows a "name" card shows: the part of the body it asks about, so it fits beside the answer."""
        height = self.dmap.size(self.view)[0]
        if self.asked_cell:
            top = bottom = self.asked_cell[0]
        else:
            rows = [r for r, _ in self.dmap.cells_of(self.answer_region, self.view)] or [height // 2]
            top, bottom = min(rows), max(rows)
        middle = (top + bottom) // 2
        first = max(0, min(height - WINDOW, middle - WINDOW // 2))
        first = min(first, top)  # a tall region is shown from its top
        return first, min(height - 1, max(first + WINDOW - 1, bottom))

    def compose(self) -> ComposeResult:
        with Horizontal(id="map-card-row"):
            if self.locate:
                yield BodyMap(self.view, labels=False, show_cursor=True, id="card-map")
            else:
                highlight = None if self.asked_cell else self.answer_region
                yield BodyMap(
                    self.view,
                    labels=False,
                    show_cursor=False,
                    highlight=highlight,
                    mark=self.asked_cell,
                    rows=self._window(),
                    id="card-map",
                )
            with Vertical(id="map-card-side"):
                # The question stays beside the map however far the map scrolls.
                yield Static(literal(self.item.prompt), id="map-card-prompt")
                if self.locate:
                    yield Static(LOCATE_HINT, id="map-card-hint")
                elif self.item.card.choices:
                    yield ChoiceList(self.options, id="choices")
                else:
                    yield AnswerBox(placeholder="Type the root, Enter", id="typed")

    @property
    def body_map(self) -> BodyMap:
        return self.query_one("#card-map", BodyMap)

    def focus_answer(self) -> None:
        if self.locate:
            self.body_map.focus()
        elif self.item.card.choices:
            self.query_one(ChoiceList).focus()
        else:
            self.query_one(AnswerBox).focus()

    # --- answering ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            choices = self.item.card.choices
            return (
                not self.answered and bool(choices) and not self.locate and int(str(parameters[0])) <= len(self.options)
            )
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.answer(check_typed(self.item.card, event.value, self.synonyms), event.value)

    def on_body_map_picked(self, event: BodyMap.Picked) -> None:
        event.stop()
        if not self.locate or self.answered:
            return
        self.chosen = (event.row, event.col)
        self.answer(
            check_locate(self.item.card, self.view, event.row, event.col), f"{self.view} {event.row},{event.col}"
        )

    # --- the answer ---------------------------------------------------------------------

    def show_result(self, verdict: Verdict | None, response: Response) -> None:
        self.answered = True
        body = self.body_map
        body.labels = True
        body.show_cursor = False
        body.highlight = self.answer_region
        body.mark = self.chosen if self.locate else self.asked_cell
        body.can_focus = False
        for widget in self.query("#choices, #typed, #map-card-hint, #map-card-prompt"):
            widget.display = False
            widget.disabled = True

    def result(self, verdict: Verdict, response: Response) -> Table:
        card = self.item.card
        if self.locate:
            row, col = self.chosen or (-1, -1)
            where = self.dmap.region_at(self.view, row, col)
            place = "outside the body" if where == "background" else f"in {where}"
            return hanging(
                [
                    ("You chose:", f"a cell {place} (marked @)", ""),
                    ("The map:", f"the {card.region} dermatome is filled with #", ""),
                ]
            )
        if card.choices:
            rows = []
            for number, choice in enumerate(self.options, start=1):
                right = choice == card.answer
                chosen = choice == response
                lead = f"{mark(True) if right else mark(False) if chosen else ' '} {number}"
                rows.append((lead, choice, "  (your answer)" if chosen else ""))
            return hanging(rows)
        typed = response if isinstance(response, str) and response else "(nothing)"
        return hanging([("You typed:", typed, "")])
