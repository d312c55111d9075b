"""Choice lists for `choice` and `multi` cards, numbered so keys 1-9 pick or toggle.

Each option is a two-column grid, so a choice that wraps stays indented under its text.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from trainer.text import printable


def numbered(lead: str, text: str) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(lead, style="bold"), Text(printable(text)))  # rich Text: deck text stays literal
    return grid


class ChoiceList(OptionList):
    """One answer to pick: arrows and Enter, a click, or its number."""

    def __init__(self, choices: tuple[str, ...], **kwargs) -> None:
        options = [Option(numbered(f"{i}", text), id=str(i - 1)) for i, text in enumerate(choices, start=1)]
        super().__init__(*options, **kwargs)
        self.choices = choices

    def on_mount(self) -> None:
        self.highlighted = 0


class MultiChoiceList(OptionList):
    """Several answers to select: Space, a click or a number toggles, Enter checks.

    The selection is drawn as ``[x]`` / ``[ ]`` so it never depends on colour alone.
    """

    BINDINGS = [
        Binding("space", "toggle_highlighted", "Toggle", show=False),
        Binding("enter", "check", "Check", tooltip="Check the selected answers"),
    ]

    class Check(Message):
        """The student asked to check the selected answers."""

    def __init__(self, choices: tuple[str, ...], **kwargs) -> None:
        self.choices = choices
        self.selected: set[int] = set()
        super().__init__(*[Option(self._prompt(i), id=str(i)) for i in range(len(choices))], **kwargs)

    def on_mount(self) -> None:
        self.highlighted = 0

    def _prompt(self, index: int) -> Table:
        box = "[x]" if index in self.selected else "[ ]"
        return numbered(f"{box} {index + 1}", self.choices[index])

    def chosen(self) -> list[str]:
        return sorted(self.choices[i] for i in self.selected)

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
