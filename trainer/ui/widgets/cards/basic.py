"""Basic and reverse cards: recall, then Space shows the answer and the student grades it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from trainer.ui.widgets.cards.base import CardWidget


class BasicCard(CardWidget):
    """Self-graded: nothing is typed or chosen."""

    HINT = "Recall the answer, then press Space to see it."
    KIND = "BASIC"
    can_focus = True
    BINDINGS = [
        Binding("space", "reveal", "Show answer", tooltip="Show the answer, its note and its source"),
        Binding("enter", "reveal", "Show answer", show=False),
    ]

    def compose(self) -> ComposeResult:
        button = Button("Show answer (Space)", id="reveal-button", compact=True)
        button.can_focus = False
        yield button

    def action_reveal(self) -> None:
        self.answer(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_reveal()

    def show_result(self, verdict, response) -> None:
        super().show_result(verdict, response)
        self.display = False
