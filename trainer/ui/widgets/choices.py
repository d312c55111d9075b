"""Choice lists for `choice` and `multi` cards, numbered so keys 1-9 pick or toggle."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from trainer.ui.literal import literal


def numbered(index: int, text: str) -> Content:
    return Content.assemble((f"{index}  ", "bold"), literal(text))


class ChoiceList(OptionList):
    """One answer to pick: arrows and Enter, a click, or its number."""

    def show_choices(self, choices: tuple[str, ...]) -> None:
        self.clear_options()
        self.add_options([Option(numbered(i, text), id=str(i - 1)) for i, text in enumerate(choices, start=1)])
        self.highlighted = 0


class MultiChoiceList(OptionList):
    """Several answers to select: Space, a click or a number toggles, Enter checks.

    The selection is drawn as ``[x]`` / ``[ ]`` so it never depends on colour alone.
    """

    BINDINGS = [
        Binding("space", "toggle_highlighted", "Toggle", show=False),
        Binding("enter", "check", "Check", show=False),
    ]

    class Check(Message):
        """The student asked to check the selected answers."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choices: tuple[str, ...] = ()
        self.selected: set[int] = set()

    def _prompt(self, index: int) -> Content:
        box = "[x] " if index in self.selected else "[ ] "
        return Content.assemble(box, numbered(index + 1, self.choices[index]))

    def show_choices(self, choices: tuple[str, ...]) -> None:
        self.choices = choices
        self.selected = set()
        self.clear_options()
        self.add_options([Option(self._prompt(i), id=str(i)) for i in range(len(choices))])
        self.highlighted = 0

    def toggle(self, index: int) -> None:
        if not 0 <= index < len(self.choices):
            return
        self.selected ^= {index}
        self.replace_option_prompt_at_index(index, self._prompt(index))
        self.highlighted = index

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def action_check(self) -> None:
        self.post_message(self.Check())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A click selects an option; for a multi card that means toggling it.
        event.stop()
        if event.option.id is not None:
            self.toggle(int(event.option.id))
