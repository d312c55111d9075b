"""Home: every deck with what it offers today, the study streak, and what each key does."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from trainer.session import DeckCounts, deck_counts, study_streak
from trainer.ui.literal import literal


class DeckTable(DataTable):
    """The deck list; Enter studies the highlighted deck."""

    BINDINGS = [Binding("enter", "select_cursor", "Study deck", tooltip="Study the highlighted deck")]


class HomeScreen(Screen):
    BINDINGS = [
        Binding("a", "study_all", "Study all due", tooltip="Study every deck's due and new cards together"),
        Binding("slash", "filter", "Filter", tooltip="Show only decks whose name contains some text"),
        Binding("s", "app.settings", "Settings", tooltip="New cards and reviews per deck per day"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-status")
        yield Input(placeholder="Filter decks by name (Enter to keep, Esc to clear)", id="filter")
        yield DeckTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-hint")
        yield Static(id="broken")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(DeckTable)
        table.add_column("Deck", key="deck")
        table.add_column("New", key="new")
        table.add_column("Due", key="due")
        table.add_column("Again", key="drill")
        table.add_column("Cards", key="cards")
        self.query_one("#filter", Input).display = False
        self.query_one("#home-hint", Static).update(
            "Enter studies the highlighted deck · a studies everything due · "
            "New: first time today · Due: scheduled reviews · Again: failed earlier today, still to drill"
        )
        self._show_broken()
        table.focus()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: counts are drawn once at start.
        self.refresh_counts()

    def _show_broken(self) -> None:
        broken = self.app.library.broken_files()
        widget = self.query_one("#broken", Static)
        if not broken:
            widget.display = False
            return
        lines = [Content.styled(f"Skipped {len(broken)} deck file(s) with errors (run 'trainer validate'):", "bold")]
        lines += [literal(str(problem)) for problem in broken.values()]
        widget.update(Content("\n").join(lines))

    def refresh_counts(self) -> None:
        app = self.app
        today = app.today
        states = app.store.states()
        items = app.items_for(None)
        self.counts = deck_counts(items, states, today, app.limits)
        total = sum(c.total for c in self.counts.values())
        due = sum(c.due + c.drill for c in self.counts.values())
        new = sum(c.new for c in self.counts.values())
        streak = study_streak(app.store.study_days(), today)
        days = "day" if streak == 1 else "days"
        self.query_one("#home-status", Static).update(
            f"Today: {total} to study ({due} due, {new} new) · Streak: {streak} {days}"
        )
        self._fill_table()

    def _fill_table(self) -> None:
        table = self.query_one(DeckTable)
        wanted = self.query_one("#filter", Input).value.strip().casefold()
        selected = None
        if table.row_count:
            selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        table.clear()
        for deck in self.app.library.decks:
            if wanted and wanted not in deck.title.casefold() and wanted not in deck.id:
                continue
            counts = self.counts.get(deck.id, DeckCounts())
            table.add_row(
                Text(deck.title),  # rich Text is literal; DataTable sizes it properly
                str(counts.new),
                str(counts.due),
                str(counts.drill),
                str(len(deck.cards)),
                key=deck.id,
            )
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        if not table.row_count:
            message = "No deck matches the filter." if wanted else "No decks found."
            self.query_one("#home-hint", Static).update(message)

    # --- actions ------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.start_study([event.row_key.value])

    def action_study_all(self) -> None:
        self.app.start_study(None)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self._fill_table()
        self.query_one(DeckTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self._fill_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            if not event.value.strip():
                event.input.display = False
            self.query_one(DeckTable).focus()
