"""Typed cards: the student types the answer; Enter checks it, allowing accepted forms and one typo."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from trainer.grading import Verdict, check_typed
from trainer.ui.widgets.cards.base import CardWidget, Response, hanging


class AnswerBox(Input):
    """The answer box: every printable key is text, so Esc hands the keys back to the screen."""

    BINDINGS = [Binding("escape", "leave", "Leave box", tooltip="Leave the answer box: s, !, u, ? and q work again")]

    def action_leave(self) -> None:
        self.screen.set_focus(None)


class TypedCard(CardWidget):
    HINT = "Type the answer and press Enter (Esc leaves the box, Tab returns)."
    KIND = "TYPED"

    def compose(self) -> ComposeResult:
        yield AnswerBox(placeholder="Type your answer, then press Enter", id="typed")

    @property
    def typed(self) -> str:
        return self.query_one(AnswerBox).value

    def focus_answer(self) -> None:
        self.query_one(AnswerBox).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.answer(check_typed(self.item.card, event.value, self.synonyms), event.value)

    def result(self, verdict: Verdict, response: Response) -> Table:
        typed = response if isinstance(response, str) and response else "(nothing)"
        return hanging([("You typed:", typed, "")])
