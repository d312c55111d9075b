"""Session summary: what was reviewed, first-try accuracy, what is still shaky, what comes next."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from trainer.days import next_day
from trainer.study import Study
from trainer.text import plural, printable
from trainer.ui.messages import CustomStudyRequested, HelpRequested, HomeRequested, QuitRequested, UndoRequested

SHAKY_SHOWN = 8


def shaky_table(rows: list[tuple[str, bool]]) -> Table:
    """One line per prompt, cut to the width there is with an ellipsis; the [leech] tag stays whole."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True)
    for prompt, leech in rows:
        first_line = prompt.strip().splitlines()[0] if prompt.strip() else ""
        tag = Text("[leech]" if leech else "", style="bold")  # Text: the brackets are not markup
        grid.add_row(Text("  •"), Text(printable(first_line), no_wrap=True, overflow="ellipsis"), tag)
    return grid


class SummaryScreen(Screen):
    CSS_PATH = "dialogs.tcss"  # read when first shown, not at start-up
    HELP = (
        "What this session did. 'Still shaky' lists cards you first graded below 4, and leeches "
        "(cards forgotten many times). u takes back the last grade and shows that card again."
    )
    BINDINGS = [
        Binding("enter", "home", "Home"),
        Binding("escape", "home", "Home", show=False),
        Binding("u", "undo", "Undo last grade"),
        Binding("c", "custom", "Custom study"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, study: Study | None) -> None:
        super().__init__()
        self.study = study

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Static(id="summary-title")
            yield Static(id="summary-body")
            yield Static(id="summary-shaky")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#summary-title", Static).update(self._title())
        self.query_one("#summary-body", Static).update(self._body())
        shaky = self.query_one("#summary-shaky", Static)
        table = self._shaky()
        shaky.display = table is not None
        if table is not None:
            shaky.update(table)

    def _title(self) -> Content:
        if self.study is None:
            return Content.styled("Nothing is due today.", "bold")
        if self.study.finished:
            return Content.styled("Session complete", "bold")
        left = plural(self.study.left, "card")
        return Content.styled(f"Session ended with {left} left for later", "bold")

    def _body(self) -> Content:
        if self.study is None:
            return Content(
                "No new cards and no reviews are waiting in these decks today. Press c for custom study: "
                "cards by deck, tag or state, your weakest cards or your confusions, without changing their schedule."
            )
        summary = self.study.summary()
        today = self.study.today
        lines: list[Content] = []
        answers = plural(summary.answers, "answer")
        lines.append(Content(f"Cards reviewed      {summary.reviewed} ({answers}, drill included)"))
        if summary.accuracy is None:
            lines.append(Content("First-try accuracy  -"))
        else:
            lines.append(
                Content(
                    f"First-try accuracy  {summary.accuracy:.0%} "
                    f"({summary.first_try_right} of {summary.reviewed} right the first time)"
                )
            )
        cards = plural(summary.next_due_count, "card")
        if summary.next_due is None:
            lines.append(Content("Next reviews        none scheduled yet"))
        elif summary.next_due == next_day(today):
            lines.append(Content(f"Next reviews        tomorrow: {cards}"))
        else:
            lines.append(Content(f"Next reviews        {summary.next_due:%a %d %b %Y}: {cards}"))
        lines.append(Content(""))
        if summary.shaky:
            lines.append(
                Content.styled(f"Still shaky ({len(summary.shaky)}): graded below 4 first time, or leeches", "bold")
            )
        elif summary.reviewed:
            lines.append(Content("Nothing shaky: every card was right at the first try."))
        return Content("\n").join(lines)

    def _shaky(self) -> Table | None:
        if self.study is None:
            return None
        summary = self.study.summary()
        if not summary.shaky:
            return None
        rows = [(item.prompt, item in summary.leeches) for item in summary.shaky[:SHAKY_SHOWN]]
        table = shaky_table(rows)
        if len(summary.shaky) > SHAKY_SHOWN:
            table.add_row(Text(""), Text(f"… and {len(summary.shaky) - SHAKY_SHOWN} more"), Text(""))
        return table

    def action_home(self) -> None:
        self.post_message(HomeRequested())

    def action_help(self) -> None:
        self.post_message(HelpRequested())

    def action_quit(self) -> None:
        self.post_message(QuitRequested())

    def action_undo(self) -> None:
        if self.study is not None:
            self.post_message(UndoRequested(self.study))

    def action_custom(self) -> None:
        self.post_message(CustomStudyRequested())
