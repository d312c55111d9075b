"""Settings: new cards and reviews per day (for every deck, or one deck), new-card order, day start, theme.

Saved through the study service's settings: ``new_per_day``, ``reviews_per_day``, ``new_order``,
``day_starts`` ("HH:MM") and ``decks`` ({deck id: {"new_per_day", "reviews_per_day"}}).
"""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.validation import Integer, Regex
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static

from trainer.days import parse_day_starts
from trainer.session import Limits
from trainer.study import SaveFailed
from trainer.text import printable
from trainer.ui.screens.theme import read_settings, service_of, write_settings

MAX_PER_DAY = 9999
EVERY_DECK = "*"
HHMM = r"\s*([01]?\d|2[0-3]):[0-5]\d\s*"


class SpaceCheckbox(Checkbox, inherit_bindings=False):
    """A checkbox that Space switches; Enter is left to the screen, which saves."""

    BINDINGS = [Binding("space", "toggle_button", "Switch", show=False)]


class SettingsScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"  # read when first shown, not at start-up
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "save", "Save", show=False),
        Binding("ctrl+s", "save", "Save"),
    ]
    HELP_LINES = [
        ("Tab", "Next field; Shift+Tab goes back"),
        ("Space", "Switch the new-card order (mixed, or in deck order)"),
        ("Enter", "Save (on Cancel: cancel)"),
        ("For", "Limits for every deck, or for one deck (its own limits win)"),
        ("Day", "The hour a study day starts (HH:MM, 04:00 by default): later is still 'today'"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.settings: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        number = [
            Integer(minimum=0, maximum=MAX_PER_DAY, failure_description=f"a whole number from 0 to {MAX_PER_DAY}")
        ]
        decks = [
            (Content(printable(deck.title, one_line=True)), deck.id) for deck in service_of(self.app).library.decks
        ]
        with Vertical(id="settings-box"):
            yield Static("Settings", id="settings-title")
            with Grid(id="settings-grid"):
                yield Label("For")
                yield Select(
                    [("every deck", EVERY_DECK), *decks],
                    value=EVERY_DECK,
                    allow_blank=False,
                    compact=True,
                    id="for-deck",
                )
                yield Label("New per day")
                yield Input(type="integer", validators=number, compact=True, id="new-per-day")
                yield Label("Reviews per day")
                yield Input(type="integer", validators=number, compact=True, id="reviews-per-day")
                yield Label("New cards")
                yield SpaceCheckbox("mixed", True, compact=True, id="mix-new")
                yield Label("Day starts")
                yield Input(
                    validators=[Regex(HHMM, failure_description="a time as HH:MM, e.g. 04:00")],
                    placeholder="HH:MM",
                    compact=True,
                    id="day-starts",
                )
            yield Static(id="settings-error", classes="-empty")
            with Horizontal(id="settings-buttons"):
                yield Button("Save (Enter)", id="save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.settings = read_settings(self.app)
        limits = service_of(self.app).limits()
        self._show_limits(limits)
        self.query_one("#mix-new", Checkbox).value = limits.mix_new
        self._mix_label(limits.mix_new)
        starts = parse_day_starts(self.settings.get("day_starts"))
        self.query_one("#day-starts", Input).value = f"{starts:%H:%M}"
        self.query_one("#new-per-day", Input).focus()

    def _show_limits(self, limits: Limits) -> None:
        self.query_one("#new-per-day", Input).value = str(limits.new_per_day)
        self.query_one("#reviews-per-day", Input).value = str(limits.reviews_per_day)

    def _mix_label(self, mix: bool) -> None:
        # Said in words: the box's own mark differs only by colour.
        self.query_one("#mix-new", Checkbox).label = "mixed (Space)" if mix else "in deck order (Space)"

    def _chosen_deck(self) -> str | None:
        value = self.query_one("#for-deck", Select).value
        return None if value == EVERY_DECK or not isinstance(value, str) else value

    def on_select_changed(self, event: Select.Changed) -> None:
        # The new-card order and the day start are for every deck; the limits follow the choice.
        event.stop()
        self._show_limits(service_of(self.app).limits(self._chosen_deck()))
        self._check(quiet=True)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._mix_label(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._check(quiet=True)

    def _errors(self) -> list[str]:
        errors = []
        for widget_id, what in (("#new-per-day", "New per day"), ("#reviews-per-day", "Reviews per day")):
            box = self.query_one(widget_id, Input)
            result = box.validate(box.value)
            if result is not None and not result.is_valid:
                errors.append(f"{what} must be a whole number from 0 to {MAX_PER_DAY}.")
        box = self.query_one("#day-starts", Input)
        if not re.fullmatch(HHMM, box.value):
            errors.append("Day starts must be a time as HH:MM, e.g. 04:00.")
        return errors

    def _check(self, *, quiet: bool = False) -> bool:
        """Show what is wrong; ``quiet`` only clears errors that are fixed, and adds none."""
        error = self.query_one("#settings-error", Static)
        errors = self._errors()
        if not errors or not quiet or not error.has_class("-empty"):
            error.update("\n".join(errors))
            error.set_class(not errors, "-empty")
        return not errors

    def action_save(self) -> None:
        focused = self.focused
        if isinstance(focused, Button) and focused.id == "cancel":
            self.action_cancel()
            return
        if not self._check():
            return
        new = int(self.query_one("#new-per-day", Input).value)
        reviews = int(self.query_one("#reviews-per-day", Input).value)
        mix = self.query_one("#mix-new", Checkbox).value
        starts = parse_day_starts(self.query_one("#day-starts", Input).value)
        settings = dict(self.settings)
        settings["new_order"] = "mixed" if mix else "deck"
        settings["day_starts"] = f"{starts:%H:%M}"
        deck_id = self._chosen_deck()
        per_deck = dict(settings.get("decks") or {}) if isinstance(settings.get("decks"), dict) else {}
        if deck_id is None:
            settings.update(new_per_day=new, reviews_per_day=reviews)
            where = "every deck"
        else:
            base = Limits.from_settings(settings)
            if (new, reviews) == (base.new_per_day, base.reviews_per_day):
                per_deck.pop(deck_id, None)  # the same as every deck: no override to remember
            else:
                per_deck[deck_id] = {"new_per_day": new, "reviews_per_day": reviews}
            where = self.query_one("#for-deck", Select).selection or deck_id
        settings["decks"] = per_deck
        try:
            write_settings(self.app, settings)
        except SaveFailed as exc:  # said on screen; the dialog stays open
            error = self.query_one("#settings-error", Static)
            error.update(f"Not saved: {exc}")
            error.remove_class("-empty")
            return
        order = "mixed" if mix else "in deck order"
        self.app.notify(
            f"Saved for {where}: {new} new ({order}), {reviews} reviews a day; days start at {starts:%H:%M}.",
            markup=False,
        )
        self.dismiss(None)

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
