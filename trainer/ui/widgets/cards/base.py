"""The contract every card widget keeps, so the review screen can host any card type.

A card widget shows the answer area of one item (the review screen draws the badges and
the prompt above it, and the answer, note and source below). It:

- is built as ``Widget(item, options, synonyms)``; ``options`` are the item's choices in the
  order of this showing (already shuffled, or the author's order for ``ordered`` cards) and
  ``synonyms`` the deck's ``[synonyms]`` table for checking typed answers;
- takes its own keys (its ``BINDINGS``, shown in the footer while it has the focus) and
  says what to do in ``HINT``;
- checks the answer through ``trainer.grading`` and posts exactly one ``CardWidget.Answered``
  with the verdict and the response (verdict ``None`` for self-graded cards: "show me");
- after ``show_result`` it takes no more input, and ``result()`` describes the answer given.

A new card type is one grading function, one subclass of ``CardWidget`` and one line in
``trainer.ui.widgets.cards.CARD_WIDGETS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList

from trainer.deck import Item
from trainer.grading import Synonyms, Verdict, check_choice
from trainer.text import printable

Response = str | list[str] | None


def mark(ok: bool) -> str:
    # Words and symbols, not colour alone, carry right and wrong (NO_COLOR terminals).
    return "✔" if ok else "✘"


def hanging(rows: list[tuple[str, str, str]]) -> Table:
    """Rows of (lead, deck text, tail): wrapped deck text stays indented under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for lead, text, tail in rows:
        body = Text(printable(text))  # rich Text never reads markup: deck text stays literal
        if tail:
            body.append(tail, style="italic")
        grid.add_row(Text(lead, style="bold"), body)
    return grid


class CardWidget(Vertical):
    """Base of the answer area of one card type (see the module docstring for the contract)."""

    HINT: ClassVar[str] = ""
    # The label a badge shows for this type of card.
    KIND: ClassVar[str] = ""

    class Answered(Message):
        """The student answered (``verdict`` set) or asked to see the answer (``verdict`` None)."""

        def __init__(self, verdict: Verdict | None, response: Response = None) -> None:
            super().__init__()
            self.verdict = verdict
            self.response = response

    def __init__(self, item: Item, options: tuple[str, ...] = (), synonyms: Synonyms = ()) -> None:
        super().__init__(classes="card-widget")
        self.item = item
        self.options = options
        self.synonyms = synonyms  # the deck's [synonyms] table, for typed answers
        self.answered = False

    def answer(self, verdict: Verdict | None, response: Response = None) -> None:
        """Post the one ``Answered`` message of this showing."""
        if self.answered:
            return
        self.answered = True
        self.post_message(self.Answered(verdict, response))

    def focus_answer(self) -> None:
        """Give the keys to the part that takes the answer."""
        self.focus()

    def show_result(self, verdict: Verdict | None, response: Response) -> None:
        """Stop taking input once the answer is revealed."""
        self.answered = True
        self.disabled = True

    def result(self, verdict: Verdict, response: Response) -> Table | None:
        """The answer given, checked line by line, or None if the verdict says it all."""
        return None


class PicksAnOption:
    """Mixin for card widgets answered by picking one of ``options`` (number keys, arrows and Enter, a click)."""

    options: tuple[str, ...]
    item: Item

    if TYPE_CHECKING:  # provided by CardWidget, which comes after this mixin in the bases

        def answer(self, verdict: Verdict | None, response: Response = None) -> None: ...

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
