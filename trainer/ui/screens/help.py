"""Help: every key of the screen underneath, its own help lines, and what the grades 0-5 mean."""

from __future__ import annotations

import textwrap

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from trainer.sm2 import GRADE_MEANINGS

KEY_NAMES = {
    "space": "Space",
    "enter": "Enter",
    "escape": "Esc",
    "slash": "/",
    "question_mark": "?",
    "exclamation_mark": "!",
    "ctrl+c": "Ctrl+C",
    "ctrl+z": "Ctrl+Z",
    "ctrl+q": "Ctrl+Q",
    "ctrl+p": "Ctrl+P",
    "ctrl+s": "Ctrl+S",
    "f1": "F1",
}
# Shown in place of each digit binding: one line per group is easier to read.
GROUP_KEYS = {"Grade": "0-5", "Choose": "1-9"}
# Lines for screens that do not carry their own ``HELP_LINES`` (yet).
EXTRA = {
    "ReviewScreen": [
        ("Arrows", "Move between choices (choice and multi cards)"),
        ("Click", "Choices and grade buttons work with the mouse too"),
    ],
}
SCREEN_NAMES = {
    "HomeScreen": "Home",
    "ReviewScreen": "Review",
    "SummaryScreen": "Session summary",
    "SettingsScreen": "Settings",
    "ProblemsScreen": "Deck problems",
    "ExploreScreen": "Dermatome map",
}
KEY_WIDTH = 8  # the keys column; wrapped descriptions hang under the text, not the keys


def _key_name(key: str) -> str:
    return ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))


def describe_bindings(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for the bindings ``screen`` and the app declare, then the screen's help lines."""
    rows: dict[str, list[str]] = {}
    # On the review screen the card's own widget takes keys too (1-9 on choice cards...).
    card = getattr(screen, "card_widget", None)
    owners = [type(screen), *([type(card)] if card is not None else []), type(screen.app)]
    for owner in owners:
        for binding in Binding.make_bindings(owner.__dict__.get("BINDINGS", [])):
            if binding.group is not None:
                keys, text = GROUP_KEYS.get(binding.group.description, binding.key), binding.group.description
            else:
                keys, text = _key_name(binding.key), binding.description
                if text and binding.tooltip:
                    text = f"{text}: {binding.tooltip}"
            if text and text not in rows.setdefault(keys, []):
                rows[keys].append(text)
    lines = [(keys, " / ".join(texts)) for keys, texts in rows.items() if texts]
    lines.extend(getattr(type(screen), "HELP_LINES", None) or EXTRA.get(type(screen).__name__, []))
    if "F1" not in rows:
        lines.append(("F1", "Help, on every screen (also while typing an answer)"))
    lines.append(("Ctrl+P", "Command palette: change theme (kept for next time), quit"))
    return lines


def _row(keys: str, text: str, width: int) -> Content:
    """One help line; a long description wraps with a hanging indent under its first word."""
    room = max(12, width - KEY_WIDTH - 2)
    wrapped = textwrap.wrap(text, room) or [""]
    indent = " " * (KEY_WIDTH + 2)
    return Content.assemble((f"{keys:>{KEY_WIDTH}}", "bold"), "  ", ("\n" + indent).join(wrapped))


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"  # read when first shown, not at start-up
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]
    HELP_LINES = [("Arrows", "Scroll; PageUp/PageDown and Home/End work too")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self._text(74), id="help-text")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def on_resize(self, event: events.Resize) -> None:
        box = self.query_one("#help-box")
        # The box is at most 76 wide: its border and padding take 4, a scrollbar may take 2.
        width = min(76, event.size.width) - 6
        self.query_one("#help-text", Static).update(self._text(width))
        box.refresh()

    def _text(self, width: int) -> Content:
        name = SCREEN_NAMES.get(type(self.under).__name__, "This screen")
        lines = [Content.styled(f"Keys on {name}", "bold"), Content("")]
        about = getattr(type(self.under), "HELP", "")
        if isinstance(about, str) and about:
            lines += [Content(line) for line in textwrap.wrap(about, max(20, width))] + [Content("")]
        lines += [_row(keys, text, width) for keys, text in describe_bindings(self.under)]
        if type(self.under).__name__ == "ReviewScreen":
            lines += [Content(""), Content.styled("Grades (SM-2)", "bold")]
            lines += [_row(str(n), GRADE_MEANINGS[n], width) for n in range(6)]
            lines.append(_row("", "Below 3 starts the card again; below 4 repeats it today.", width))
        lines += [Content(""), Content("Esc closes this help.")]
        return Content("\n").join(lines)
