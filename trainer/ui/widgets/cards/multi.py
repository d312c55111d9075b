"""Multi cards: select every answer that applies, then Enter checks them all at once."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding

from trainer.grading import Verdict, check_multi
from trainer.ui.widgets.cards.base import CardWidget, Response, hanging, mark
from trainer.ui.widgets.choices import MultiChoiceList

PICK_GROUP = Binding.Group("Toggle", compact=True)


class MultiCard(CardWidget):
    HINT = "Select all that apply: a number or Space toggles, Enter checks."
    KIND = "MULTI"
    BINDINGS = [
        Binding("enter", "check", "Check", tooltip="Check the selected answers"),
        *[Binding(str(n), f"flip({n})", f"Toggle {n}", group=PICK_GROUP) for n in range(1, 10)],
    ]

    def compose(self) -> ComposeResult:
        yield MultiChoiceList(self.options, id="multi")

    def focus_answer(self) -> None:
        self.query_one(MultiChoiceList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "flip":
            return not self.answered and int(str(parameters[0])) <= len(self.options)
        if action == "check":
            return not self.answered
        return True

    def action_flip(self, number: int) -> None:
        self.query_one(MultiChoiceList).toggle(number - 1)

    def action_check(self) -> None:
        chosen = self.query_one(MultiChoiceList).chosen()
        self.answer(check_multi(self.item.card, chosen), chosen)

    def on_multi_choice_list_check(self, event: MultiChoiceList.Check) -> None:
        event.stop()
        self.action_check()

    def show_result(self, verdict, response) -> None:
        super().show_result(verdict, response)
        self.display = False

    def result(self, verdict: Verdict, response: Response) -> Table:
        chosen = set(response or [])
        rows = []
        for number, choice in enumerate(self.options, start=1):
            should, did = choice in self.item.card.answers, choice in chosen
            if should and did:
                lead, tail = mark(True), "  (selected, right)"
            elif should:
                lead, tail = mark(False), "  (missed: it applies)"
            elif did:
                lead, tail = mark(False), "  (selected, but it does not apply)"
            else:
                lead, tail = " ", ""
            rows.append((f"{lead} {number}", choice, tail))
        return hanging(rows)
