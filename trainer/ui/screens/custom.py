"""Custom study picker: choose cards by deck, tag, state, weakness or confusion for a session that
ignores the schedule and leaves every SM-2 state unchanged (its answers are logged as drill).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Header, Input, Label, Select, Static

from trainer.deck import Item
from trainer.planning import STATE_FILTERS, Selection, select
from trainer.records import CardState
from trainer.text import plural
from trainer.ui.compact import fit_fields
from trainer.ui.literal import literal
from trainer.ui.messages import StudyRequested
from trainer.ui.widgets.marked_checkbox import MarkedCheckbox


class CustomStudyScreen(Screen):
    CSS_PATH = "custom.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "start", "Start"),
    ]

    def __init__(
        self,
        items: Sequence[Item],
        states: Mapping[str, CardState],
        today: date,
        deck_titles: Mapping[str, str] | None = None,
        confusion_keys: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.items = list(items)
        self.states = states
        self.today = today
        self.deck_titles = dict(deck_titles or {})
        self.confusion_keys = tuple(confusion_keys)

    def on_resize(self, event: events.Resize) -> None:
        fit_fields(self, event.size.height)

    def compose(self) -> ComposeResult:
        decks = sorted({item.deck_id for item in self.items})
        tags = sorted({tag for item in self.items for tag in item.card.tags}, key=str.casefold)
        yield Header()
        with Vertical(id="custom-box"):
            yield Static(
                Content.styled("Custom study", "bold")
                + Content(": cards you choose, now. Their schedule stays as it is; answers count as drill."),
                id="custom-title",
            )
            with Horizontal(classes="custom-row"):
                yield Label("Deck")
                yield Select(
                    [(literal(self.deck_titles.get(d, d)), d) for d in decks], prompt="any deck", id="custom-deck"
                )
            with Horizontal(classes="custom-row"):
                yield Label("Tag")
                yield Select([(literal(t), t) for t in tags], prompt="any tag", id="custom-tag")
            with Horizontal(classes="custom-row"):
                yield Label("Cards")
                yield Select([(label, name) for name, label in STATE_FILTERS.items()], prompt="any", id="custom-state")
            with Horizontal(classes="custom-row"):
                yield Label("Weakest N")
                yield Input(placeholder="all (or a number, e.g. 20)", type="integer", id="custom-weakest")
            yield MarkedCheckbox("Only the cards behind my confusions", id="custom-confusions")
            yield Static(id="custom-count")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        box = self.query_one("#custom-confusions", Checkbox)
        box.disabled = not self.confusion_keys
        self._update_count()

    def selection(self) -> Selection:
        def chosen(widget_id: str) -> str | None:
            value = self.query_one(widget_id, Select).value
            return value if isinstance(value, str) else None

        deck, tag, state = chosen("#custom-deck"), chosen("#custom-tag"), chosen("#custom-state")
        text = self.query_one("#custom-weakest", Input).value.strip()
        weakest = int(text) if text.isdigit() and int(text) > 0 else None
        confusions = self.query_one("#custom-confusions", Checkbox).value
        return Selection(
            decks=(deck,) if deck else (),
            tags=(tag,) if tag else (),
            state=state,
            weakest=weakest,
            keys=self.confusion_keys if confusions else None,
        )

    def chosen_items(self) -> list[Item]:
        return select(self.items, self.states, self.today, self.selection())

    def _update_count(self) -> None:
        found = len(self.chosen_items())
        text = (
            f"{plural(found, 'card')} {'matches' if found == 1 else 'match'}. Ctrl+S starts."
            if found
            else "No card matches: change a filter."
        )
        self.query_one("#custom-count", Static).update(Content(text))

    def on_select_changed(self, event: Select.Changed) -> None:
        self._update_count()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._update_count()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._update_count()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def action_start(self) -> None:
        chosen = self.chosen_items()
        if not chosen:
            self.notify("No card matches these filters.", timeout=3)
            return
        self.post_message(StudyRequested(None, items=chosen, cram=True))

    def action_back(self) -> None:
        self.dismiss()
