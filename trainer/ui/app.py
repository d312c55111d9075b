"""The trainer's Textual app: owns the store and deck library, and moves between screens."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date, datetime

from textual.app import App
from textual.binding import Binding

from trainer.deck import DeckLibrary, Item
from trainer.session import Limits, Undone
from trainer.store import Store, StoreError
from trainer.study import Study, local_now
from trainer.ui.screens.home import HomeScreen


class TrainerApp(App[int]):
    """Home, review, summary, help and settings screens over one progress store."""

    CSS_PATH = ["app.tcss", "screens/home.tcss", "screens/review.tcss", "screens/dialogs.tcss"]
    TITLE = "Anatomy trainer"
    BINDINGS = [
        # Every grade is already on disk, so Ctrl+C may quit at once.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        store: Store,
        library: DeckLibrary,
        profile: str = "default",
        study_decks: Iterable[str] | None = None,
        study_now: bool = False,
        clock: Callable[[], datetime] = local_now,
    ) -> None:
        super().__init__()
        self.store = store
        self.library = library
        self.profile = profile
        self.clock = clock
        self.study_decks = list(study_decks) if study_decks is not None else None
        self.study_now = study_now
        self.failure: str | None = None  # a fatal problem to print after the screen is restored

    @property
    def today(self) -> date:
        return self.clock().date()

    @property
    def limits(self) -> Limits:
        return Limits.from_settings(self.store.settings())

    def on_mount(self) -> None:
        self.sub_title = f"profile {self.profile} · {self.today:%a %d %b %Y}"
        self.push_screen(HomeScreen())
        if self.study_now:
            if not self.start_study(self.study_decks):
                self.show_summary(None)

    # --- studying -----------------------------------------------------------------------

    def items_for(self, deck_ids: Iterable[str] | None) -> list[Item]:
        wanted = None if deck_ids is None else set(deck_ids)
        return [item for deck in self.library.decks if wanted is None or deck.id in wanted for item in deck.items()]

    def deck_label(self, deck_ids: Iterable[str] | None) -> str:
        ids = list(deck_ids) if deck_ids is not None else None
        if ids is None or len(ids) != 1:
            return "all decks" if ids is None else f"{len(ids)} decks"
        return self.deck_title(ids[0])

    def start_study(self, deck_ids: Iterable[str] | None) -> bool:
        """Open a review session on these decks (None: all); False if nothing is due."""
        from trainer.ui.screens.review import ReviewScreen

        deck_ids = list(deck_ids) if deck_ids is not None else None
        study = Study(self.store, self.items_for(deck_ids), self.limits, clock=self.clock)
        if study.current is None:
            self.notify(f"Nothing to study in {self.deck_label(deck_ids)} today.", markup=False)
            return False
        self.push_screen(ReviewScreen(study))
        return True

    def show_summary(self, study: Study | None) -> None:
        from trainer.ui.screens.summary import SummaryScreen

        screen = SummaryScreen(study)
        if len(self.screen_stack) > 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def go_home(self) -> None:
        if not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def deck_title(self, deck_id: str) -> str:
        deck = self.library.by_id(deck_id)
        return deck.title if deck else deck_id

    # --- app-wide actions ---------------------------------------------------------------

    def action_help(self) -> None:
        from trainer.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_settings(self) -> None:
        from trainer.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.limits), self._save_limits)

    def _save_limits(self, limits: Limits | None) -> None:
        if limits is None:
            return
        try:
            self.store.save_settings({**self.store.settings(), **limits.to_settings()})
        except StoreError as exc:
            self.report_store_error(exc)
            return
        order = "mixed" if limits.mix_new else "in deck order"
        self.notify(
            f"Saved: {limits.new_per_day} new ({order}) and {limits.reviews_per_day} reviews per deck per day.",
            markup=False,
        )
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_counts()

    def undo_in(self, study: Study | None) -> Undone | None:
        """Undo the last answer, bury or suspend of ``study``, telling the student what happened."""
        try:
            undone = study.undo() if study is not None else None
        except StoreError as exc:
            self.report_store_error(exc)
            return None
        if undone is None:
            self.notify("Nothing to undo in this session.", timeout=3)
            return None
        what = {"answer": "grade", "bury": "bury", "suspend": "suspend"}[undone.kind]
        self.notify(f"Undid the last {what}: the card is back.", timeout=3)
        return undone

    def report_store_error(self, exc: StoreError) -> None:
        self.notify(str(exc), title="Progress not saved", severity="error", timeout=15, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        # Textual would print a traceback after restoring the terminal; the student gets
        # one line from the CLI instead. TRAINER_DEBUG=1 keeps Textual's report.
        if os.environ.get("TRAINER_DEBUG"):
            super()._handle_exception(error)
            return
        self.failure = f"unexpected error: {type(error).__name__}: {error} (set TRAINER_DEBUG=1 to see details)"
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()
