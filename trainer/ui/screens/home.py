"""Home: every deck with what it offers today, the study streak, and what each key does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from trainer.session import DeckCounts
from trainer.study import StudyService
from trainer.text import plural, printable
from trainer.ui.literal import cell
from trainer.ui.messages import (
    BrowseRequested,
    CustomStudyRequested,
    ExamDateRequested,
    HelpRequested,
    MapRequested,
    QuitRequested,
    SettingsRequested,
    StatsRequested,
    StudyRequested,
)
from trainer.ui.screens.problems import problems_summary
from trainer.ui.screens.theme import remember_theme, service_of

if TYPE_CHECKING:
    from trainer.planning import ExamPlan

# The numeric columns: (key, label, width). "Cards" counts questions: a reverse card is asked
# both ways, so it counts twice, here, in `trainer decks` and in `trainer progress`.
COLUMNS = [("new", "New", 3), ("due", "Due", 3), ("drill", "Again", 5), ("cards", "Cards", 5)]
# Below this size the screen drops its explanations (help has them) to keep the decks in view.
COMPACT_WIDTH, COMPACT_HEIGHT = 80, 20
NOTICE_TITLE = 24  # deck titles are cut here in the exam pacing notice


def exam_status(plans: list[ExamPlan]) -> str:
    """' · Exam in N days, P% ready' for the nearest exam date, when one is set."""
    if not plans:
        return ""
    nearest = min(plan.exam for plan in plans)
    chosen = [plan for plan in plans if plan.exam == nearest]
    ready = sum(plan.ready for plan in chosen) / max(1, sum(plan.total for plan in chosen))
    return f" · Exam in {plural(chosen[0].days_left, 'day')}, {ready:.0%} ready"


class DeckTable(DataTable):
    """The deck list; Enter studies the highlighted deck."""

    BINDINGS = [Binding("enter", "select_cursor", "Study", tooltip="Study the highlighted deck")]


class HomeScreen(Screen):
    BINDINGS = [
        Binding("a", "study_all", "All", tooltip="Study every deck's due and new cards together"),
        Binding("m", "map", "Map", tooltip="Explore the dermatome map: point at the body, type a root"),
        Binding("slash", "filter", "Filter", tooltip="Show only decks whose name contains some text"),
        Binding("p", "problems", "Problems", tooltip="Read every problem of decks that did not load"),
        Binding("s", "settings", "Settings", tooltip="New cards and reviews per day, day start"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        # After Quit: on a narrow terminal these are the ones cut from the footer (? lists them).
        Binding("c", "custom", "Custom", tooltip="Custom study: cards by deck, tag, state, weakness or confusion"),
        Binding("t", "stats", "Stats", tooltip="Statistics: states, forecast, activity, retention, confusions"),
        Binding("b", "browse", "Browse", tooltip="Every card: search, history, suspend, reset"),
        Binding("x", "exam", "Exam date", show=False, tooltip="Set an exam date: pacing towards it"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]
    # Shown by help below the keys: what each number counts.
    HELP_LINES = [
        ("Enter", "Study deck: study the highlighted deck"),
        ("Arrows", "Move between decks"),
        ("New", "cards never seen, offered today (up to the deck's new-card limit; one way of a reverse card a day)"),
        ("Due", "cards scheduled for review today (up to the review limit)"),
        ("Again", "cards answered below 4 earlier today, still to drill"),
        ("Cards", "questions in the deck; a reverse card counts 2: it is asked both ways, one way a day"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, DeckCounts] = {}
        self._deck_width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-status")
        yield Static(id="exam-notice")
        yield Input(placeholder="Filter decks by name (Enter keeps, Esc clears)", id="filter")
        yield DeckTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static("No deck matches the filter.", id="no-match")
        yield Static(
            "New: never seen · Due: scheduled review · Again: failed today, to drill · Cards: reverse cards count 2",
            id="home-hint",
        )
        yield Static(id="problems-notice")
        # A narrow footer cuts the keys after Quit: on a small terminal they are listed here.
        yield Static("c Custom · t Stats · b Browse · x Exam date · ? every key", id="more-keys")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        # Home is the bottom screen for the whole run: it applies and keeps the chosen theme.
        remember_theme(self.app, self)
        self.query_one("#filter", Input).display = False
        self.query_one("#no-match", Static).display = False
        notice = problems_summary(self.service.library)
        widget = self.query_one("#problems-notice", Static)
        widget.display = bool(notice)
        widget.update(Text(notice))
        self.query_one(DeckTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "problems":
            return bool(problems_summary(self.service.library))
        return True

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: counts are drawn once at start.
        self.refresh_counts()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < COMPACT_WIDTH or event.size.height < COMPACT_HEIGHT, "-compact")
        if self.counts:
            self._fill_table()

    def refresh_counts(self) -> None:
        self.counts = self._offers()
        new = sum(c.new for c in self.counts.values())
        due = sum(c.due for c in self.counts.values())
        again = sum(c.drill for c in self.counts.values())
        streak = self._streak()
        days = "day" if streak == 1 else "days"
        total = new + due + again
        today = (
            f"Today: {total} to study ({new} new, {due} due, {again} again)"
            if total
            else "Nothing due today: press c for custom study"
        )
        plans = self.service.pacing().plans
        active = [plan for plan in plans.values() if plan.active]
        self.query_one("#home-status", Static).update(f"{today} · Streak: {streak} {days}{exam_status(active)}")
        raised = self._raised_new_cards(plans)
        notice = self.query_one("#exam-notice", Static)
        notice.update(Text(raised))
        notice.display = bool(raised)
        self._fill_table()

    @property
    def service(self) -> StudyService:
        return service_of(self.app)

    def _offers(self) -> dict[str, DeckCounts]:
        """What each deck offers today: the one definition, shared with `trainer progress` and `decks`."""
        return self.service.offers()

    def _raised_new_cards(self, plans: Mapping[str, ExamPlan]) -> str:
        """Says where exam pacing offers more new cards today than a deck's limit, and why ("" if nowhere)."""
        raised = [(deck_id, plan) for deck_id, plan in plans.items() if plan.active and plan.new_reason]
        if not raised:
            return ""
        limits = {plan.new_limit for _, plan in raised}
        limit = f"your limit of {limits.pop()}" if len(limits) == 1 else "your limits"
        titles = [cell(self.service.deck_title(deck_id), NOTICE_TITLE).plain for deck_id, _ in raised]
        decks = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
        # The New column gives the numbers: what today can still offer, one way of a reverse card a day.
        return f"Exam pacing: more new cards today than {limit} in {decks}, so that every card is seen before the exam."

    def _streak(self) -> int:
        return self.service.streak()

    def _deck_column_width(self) -> int:
        """The deck names take what the numbers leave; longer names end in an ellipsis."""
        longest = max((len(deck.title) for deck in self.service.library.decks), default=4)
        numbers = sum(width + 2 for _, _, width in COLUMNS)
        room = self.size.width - 2 - 2 - numbers - 2  # margins, cell padding, scrollbar
        return max(8, min(longest, room))

    def _fill_table(self) -> None:
        table = self.query_one(DeckTable)
        wanted = self.query_one("#filter", Input).value.strip().casefold()
        selected = None
        if table.row_count:
            selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        width = self._deck_column_width()
        if width != self._deck_width or not table.columns:
            table.clear(columns=True)
            table.add_column("Deck", key="deck", width=width)
            for key, label, column_width in COLUMNS:
                table.add_column(label, key=key, width=column_width)
            self._deck_width = width
        else:
            table.clear()
        for deck in self.service.library.decks:
            if wanted and wanted not in deck.title.casefold() and wanted not in deck.id:
                continue
            counts = self.counts.get(deck.id, DeckCounts())
            table.add_row(
                # rich Text is literal (no markup); cut to the column with an ellipsis
                Text(printable(deck.title, one_line=True), no_wrap=True, overflow="ellipsis"),
                *(str(n) for n in (counts.new, counts.due, counts.drill, deck.item_count())),
                key=deck.id,
            )
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        empty = self.query_one("#no-match", Static)
        empty.display = not table.row_count
        empty.update("No deck matches the filter." if wanted else "No decks found.")

    # --- actions ------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self._study([event.row_key.value])

    def action_study_all(self) -> None:
        self._study(None)

    def _study(self, deck_ids: list[str] | None) -> None:
        self.post_message(StudyRequested(deck_ids))

    def action_settings(self) -> None:
        self.post_message(SettingsRequested())

    def action_custom(self) -> None:
        self.post_message(CustomStudyRequested())

    def action_stats(self) -> None:
        self.post_message(StatsRequested())

    def action_browse(self) -> None:
        self.post_message(BrowseRequested())

    def action_exam(self) -> None:
        self.post_message(ExamDateRequested())

    def action_map(self) -> None:
        self.post_message(MapRequested())

    def action_help(self) -> None:
        self.post_message(HelpRequested())

    def action_quit(self) -> None:
        self.post_message(QuitRequested())

    def action_problems(self) -> None:
        from trainer.ui.screens.problems import ProblemsScreen

        # Only home opens this list, and only over itself: no navigation for the app to decide.
        self.app.push_screen(ProblemsScreen(self.service.library))

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
