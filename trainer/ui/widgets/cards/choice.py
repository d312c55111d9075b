"""Choice cards: one right answer among up to nine, picked by number, arrows and Enter, or a click."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding

from trainer.grading import Verdict
from trainer.ui.widgets.cards.base import CardWidget, PicksAnOption, Response, hanging, mark
from trainer.ui.widgets.choices import ChoiceList

PICK_GROUP = Binding.Group("Choose", compact=True)


class ChoiceCard(PicksAnOption, CardWidget):
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
