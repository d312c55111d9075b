"""Help: every key of the screen underneath, and what the grades 0-5 mean."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

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
}
# Shown in place of each digit binding: one line per group is easier to read.
GROUP_KEYS = {"Grade": "0-5", "Choose": "1-9"}
EXTRA = {
    "ReviewScreen": [
        ("Arrows", "Move between choices (choice and multi cards)"),
        ("Click", "Choices and grade buttons work with the mouse too"),
    ],
    "HomeScreen": [("Enter", "Study deck: study the highlighted deck"), ("Arrows", "Move between decks")],
}


def describe_bindings(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for the bindings ``screen`` and the app declare, one line per key."""
    rows: dict[str, list[str]] = {}
    for owner in (type(screen), type(screen.app)):
        for binding in Binding.make_bindings(owner.__dict__.get("BINDINGS", [])):
            if binding.group is not None:
                keys, text = GROUP_KEYS.get(binding.group.description, binding.key), binding.group.description
            else:
                keys, text = KEY_NAMES.get(binding.key, binding.key), binding.description
                if text and binding.tooltip:
                    text = f"{text}: {binding.tooltip}"
            if text and text not in rows.setdefault(keys, []):
                rows[keys].append(text)
    lines = [(keys, " / ".join(texts)) for keys, texts in rows.items() if texts]
    lines.extend(EXTRA.get(type(screen).__name__, []))
    lines.append(("Ctrl+P", "Command palette: change theme (light/dark), quit"))
    return lines


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self._text(), id="help-text")

    def _text(self) -> Content:
        name = {
            "HomeScreen": "Home",
            "ReviewScreen": "Review",
            "SummaryScreen": "Session summary",
        }.get(type(self.under).__name__, "This screen")
        lines = [Content.styled(f"Keys on {name}", "bold"), Content("")]
        for keys, text in describe_bindings(self.under):
            lines.append(Content.assemble((f"{keys:>8}", "bold"), "  ", text))
        if type(self.under).__name__ == "ReviewScreen":
            lines += [Content(""), Content.styled("Grades (SM-2)", "bold")]
            lines += [Content.assemble((f"{n:>8}", "bold"), "  ", GRADE_MEANINGS[n]) for n in range(6)]
            lines.append(Content("          Below 3 starts the card again; below 4 repeats it today."))
        lines += [Content(""), Content("Esc closes this help.")]
        return Content("\n").join(lines)
