"""Choice cards: one right answer among up to nine, picked by number, arrows and Enter, or a click."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList

from trainer.grading import Verdict, check_choice
from trainer.ui.widgets.cards.base import CardWidget, Response, hanging, mark
from trainer.ui.widgets.choices import ChoiceList

PICK_GROUP = Binding.Group("Choose", compact=True)


class ChoiceCard(CardWidget):
    HINT = "Pick an answer: press its number, or use the arrows and Enter."
    KIND = "CHOICE"
    BINDINGS = [Binding(str(n), f"pick({n})", f"Choice {n}", group=PICK_GROUP) for n in range(1, 10)]

    def compose(self) -> ComposeResult:
        yield ChoiceList(self.options, id="choices")

    def focus_answer(self) -> None:
        self.query_one(ChoiceList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return not self.answered and int(str(parameters[0])) <= len(self.options)
        return True

    def action_pick(self, number: int) -> None:
        self._choose(number - 1)

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self.options):
            chosen = self.options[index]
            self.answer(check_choice(self.item.card, chosen), chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._choose(int(event.option.id))

    def show_result(self, verdict, response) -> None:
        super().show_result(verdict, response)
        self.display = False

    def result(self, verdict: Verdict, response: Response) -> Table:
        rows = []
        for number, choice in enumerate(self.options, start=1):
            right = choice == self.item.card.answer
            chosen = choice == response
            lead = f"{mark(True) if right else mark(False) if chosen else ' '} {number}"
            rows.append((lead, choice, "  (your answer)" if chosen else ""))
        return hanging(rows)
