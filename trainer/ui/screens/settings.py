"""Settings: how many new cards and reviews each deck offers per day."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Button, Checkbox, Input, Label, Static

from trainer.session import Limits

MAX_PER_DAY = 9999


class SettingsScreen(ModalScreen[Limits | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self.limits = limits

    def compose(self) -> ComposeResult:
        number = [
            Integer(minimum=0, maximum=MAX_PER_DAY, failure_description=f"a whole number from 0 to {MAX_PER_DAY}")
        ]
        with Vertical(id="settings-box"):
            yield Static("Settings: limits per deck, per day", id="settings-title")
            yield Label("New cards per day")
            yield Input(str(self.limits.new_per_day), type="integer", validators=number, id="new-per-day")
            yield Label("Reviews per day")
            yield Input(str(self.limits.reviews_per_day), type="integer", validators=number, id="reviews-per-day")
            yield Checkbox(self._mix_label(self.limits.mix_new), self.limits.mix_new, id="mix-new")
            yield Static(id="settings-error")
            with Horizontal(id="settings-buttons"):
                yield Button("Save (Enter)", id="save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    @staticmethod
    def _mix_label(mix: bool) -> str:
        # Said in words: the box's own mark differs only by colour.
        return "New cards: mixed (Space switches)" if mix else "New cards: in deck order (Space switches)"

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = self._mix_label(event.value)

    def on_mount(self) -> None:
        self.query_one("#new-per-day", Input).focus()

    def _value(self, widget_id: str) -> int | None:
        box = self.query_one(widget_id, Input)
        result = box.validate(box.value)
        if result is not None and not result.is_valid:
            return None
        return int(box.value)

    def action_save(self) -> None:
        new = self._value("#new-per-day")
        reviews = self._value("#reviews-per-day")
        if new is None or reviews is None:
            self.query_one("#settings-error", Static).update(
                f"Each limit must be a whole number from 0 to {MAX_PER_DAY}."
            )
            return
        mix = self.query_one("#mix-new", Checkbox).value
        self.dismiss(Limits(new_per_day=new, reviews_per_day=reviews, mix_new=mix))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
