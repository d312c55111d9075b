"""Session summary: what was reviewed, first-try accuracy, what is still shaky, what comes next."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from trainer.study import Study
from trainer.ui.literal import literal
from trainer.ui.messages import HomeRequested, UndoRequested

SHAKY_SHOWN = 8


class SummaryScreen(Screen):
    BINDINGS = [
        Binding("enter", "home", "Home"),
        Binding("escape", "home", "Home", show=False),
        Binding("u", "undo", "Undo last grade"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, study: Study | None) -> None:
        super().__init__()
        self.study = study

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Static(id="summary-title")
            yield Static(id="summary-body")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#summary-title", Static).update(self._title())
        self.query_one("#summary-body", Static).update(self._body())

    def _title(self) -> Content:
        if self.study is None:
            return Content.styled("Nothing is due today.", "bold")
        if self.study.finished:
            return Content.styled("Session complete", "bold")
        return Content.styled(f"Session ended with {self.study.left} card(s) left for later", "bold")

    def _body(self) -> Content:
        if self.study is None:
            return Content("No new cards and no reviews are waiting in these decks today. Come back tomorrow.")
        summary = self.study.summary()
        today = self.study.today
        lines: list[Content] = []
        lines.append(Content(f"Cards reviewed      {summary.reviewed} ({summary.answers} answers, drill included)"))
        if summary.accuracy is None:
            lines.append(Content("First-try accuracy  -"))
        else:
            lines.append(
                Content(
                    f"First-try accuracy  {summary.accuracy:.0%} "
                    f"({summary.first_try_right} of {summary.reviewed} right the first time)"
                )
            )
        if summary.next_due is None:
            lines.append(Content("Next reviews        none scheduled yet"))
        elif summary.next_due == today + timedelta(days=1):
            lines.append(Content(f"Next reviews        tomorrow: {summary.next_due_count} card(s)"))
        else:
            lines.append(
                Content(f"Next reviews        {summary.next_due:%a %d %b %Y}: {summary.next_due_count} card(s)")
            )
        lines.append(Content(""))
        if summary.shaky:
            lines.append(
                Content.styled(f"Still shaky ({len(summary.shaky)}): graded below 4 first time, or leeches", "bold")
            )
            for item in summary.shaky[:SHAKY_SHOWN]:
                tag = "  [leech]" if item in summary.leeches else ""
                lines.append(Content.assemble("  • ", literal(item.prompt.splitlines()[0][:70]), tag))
            if len(summary.shaky) > SHAKY_SHOWN:
                lines.append(Content(f"  … and {len(summary.shaky) - SHAKY_SHOWN} more"))
        elif summary.reviewed:
            lines.append(Content("Nothing shaky: every card was right at the first try."))
        return Content("\n").join(lines)

    def action_home(self) -> None:
        self.post_message(HomeRequested())

    def action_undo(self) -> None:
        if self.study is not None:
            self.post_message(UndoRequested(self.study))
