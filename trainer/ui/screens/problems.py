"""Deck problems: every error of each deck file that did not load, and each deck's skipped cards."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from trainer.deck import DeckLibrary
from trainer.text import plural
from trainer.ui.literal import literal


def problems_summary(library: DeckLibrary) -> str:
    """One line for home: what did not load, and where to read why ("" if all is well)."""
    broken = len(library.broken_files())
    skipping = [deck for deck in library.decks if deck.skipped]
    parts = []
    if broken:
        parts.append(f"{plural(broken, 'deck file')} not loaded")
    if len(skipping) == 1:
        deck = skipping[0]
        parts.append(f"{deck.title}: {plural(len(deck.skipped), 'card')} skipped")
    elif skipping:
        parts.append(f"{plural(len(skipping), 'deck')} with skipped cards")
    if not parts:
        return ""
    return "⚠ " + " · ".join(parts) + " · p shows why"


class ProblemsScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"  # read when first shown, not at start-up
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q,p", "dismiss", "Close", show=False),
    ]
    HELP_LINES = [("Arrows", "Scroll; PageUp/PageDown and Home/End work too")]

    def __init__(self, library: DeckLibrary) -> None:
        super().__init__()
        self.library = library

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problems-box"):
            yield Static(self._text(), id="problems-text")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.query_one("#problems-box").focus()

    def _text(self) -> Content:
        lines: list[Content] = []
        by_file: dict[str, list[str]] = {}
        for problem in self.library.problems:
            by_file.setdefault(problem.path, []).append(str(problem))
        if by_file:
            lines.append(
                Content.styled(
                    f"{plural(len(by_file), 'deck file')} not loaded (fix, then check with 'trainer validate FILE'):",
                    "bold",
                )
            )
            for messages in by_file.values():
                lines += [literal(message) for message in messages]
        for deck in self.library.decks:
            if deck.skipped:
                if lines:
                    lines.append(Content(""))
                head = f"{deck.title}: {plural(len(deck.skipped), 'card')} skipped, the rest loaded:"
                lines.append(Content.styled(head, "bold"))
                lines += [literal(str(problem)) for problem in deck.skipped]
        lines += [Content(""), Content("Esc closes this list.")]
        return Content("\n").join(lines)
