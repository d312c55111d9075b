"""Exam date dialog: set or clear the exam date, for every deck or for one."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Select, Static

from trainer.planning import ALL_DECKS, exam_dates, with_exam_date
from trainer.ui.literal import literal

ALL = "*all*"


class ExamDateScreen(ModalScreen[dict | None]):
    """Returns the new settings (or None when cancelled)."""

    CSS_PATH = "dialogs.tcss"  # read when first shown, not at start-up

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, settings: Mapping[str, Any], deck_titles: Mapping[str, str], today: date) -> None:
        super().__init__()
        self.settings = dict(settings)
        self.deck_titles = dict(deck_titles)
        self.today = today

    def compose(self) -> ComposeResult:
        options = [(Content("every deck"), ALL)]
        options += [(literal(title), deck_id) for deck_id, title in self.deck_titles.items()]
        with Vertical(id="exam-box"):
            yield Static(Content.styled("Exam date", "bold"))
            yield Static(
                Content(
                    "Pacing spreads the unseen cards over the days left and reviews every card "
                    "once more in the last days. Leave the date empty to clear it."
                )
            )
            yield Select(options, value=ALL, allow_blank=False, id="exam-deck")
            yield Input(placeholder="YYYY-MM-DD", id="exam-date")
            yield Static(id="exam-error")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._show_current()
        self.query_one("#exam-date", Input).focus()

    def _deck(self) -> str | None:
        value = self.query_one("#exam-deck", Select).value
        return None if value == ALL or not isinstance(value, str) else value

    def _show_current(self) -> None:
        current = exam_dates(self.settings).get(self._deck() or ALL_DECKS)
        self.query_one("#exam-date", Input).value = current.isoformat() if current else ""

    def on_select_changed(self, event: Select.Changed) -> None:
        self._show_current()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#exam-date", Input).value.strip()
        error = self.query_one("#exam-error", Static)
        when: date | None = None
        if text:
            try:
                when = date.fromisoformat(text)
            except ValueError:
                error.update(Content("Write the date as YYYY-MM-DD, e.g. 2027-06-14."))
                return
            if when <= self.today:
                error.update(Content(f"The exam must be after today ({self.today.isoformat()})."))
                return
        self.dismiss(with_exam_date(self.settings, when, self._deck()))

    def action_cancel(self) -> None:
        self.dismiss(None)
