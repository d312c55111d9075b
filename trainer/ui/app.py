"""The trainer's Textual app: holds the study service and moves between screens when they ask."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from trainer.deck import DeckLibrary, Item
from trainer.study import ProgressStore, SaveFailed, Study, StudyService, local_now
from trainer.text import printable
from trainer.ui.messages import (
    BrowseRequested,
    CustomStudyRequested,
    ExamDateRequested,
    HelpRequested,
    HomeRequested,
    MapRequested,
    QuitRequested,
    SessionEnded,
    SettingsRequested,
    StatsRequested,
    StudyRequested,
    UndoRequested,
    report_save_failure,
)
from trainer.ui.screens.home import HomeScreen

if TYPE_CHECKING:  # imported when first shown
    from trainer.stats import Stats
    from trainer.ui.screens.stats import StatsScreen

STATS_SCREEN = "stats"  # the name the kept statistics screen is installed under
PREPARE_EVERY, PREPARE_STATES = 0.02, 1500  # seconds between idle steps, card states per step (about 10 ms)

# Ended like Ctrl+C: every grade is already on disk, so leaving at once loses nothing.
EXIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class TrainerApp(App[int]):
    """Home, review, summary, help and settings screens over one study service."""

    CSS_PATH = ["app.tcss", "screens/home.tcss"]  # other screens bring their own
    TITLE = "Anatomy trainer"
    BINDINGS = [
        # Every grade is already on disk, so Ctrl+C may quit at once.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        # F1 works on every screen, even while an answer box has the keys.
        Binding("f1", "help", "Help", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        service: StudyService | None = None,
        store: ProgressStore | None = None,
        library: DeckLibrary | None = None,
        profile: str = "default",
        study_decks: Iterable[str] | None = None,
        study_now: bool = False,
        study_items: list[Item] | None = None,
        cram: bool = False,
        clock: Callable[[], datetime] = local_now,
    ) -> None:
        super().__init__()
        if service is None:
            if store is None or library is None:
                raise TypeError("TrainerApp needs a service, or a store and a library")
            service = StudyService(store, library, clock=clock)
        self.service = service
        self.profile = profile
        self.study_decks = list(study_decks) if study_decks is not None else None
        self.study_now = study_now
        self.study_items = study_items  # `trainer study --tag ...`: the chosen cards
        self.cram = cram
        self._stats_screen: StatsScreen | None = None  # built ahead or on the first open, then kept
        self._freezes_garbage = False  # the CLI paused collection while loading (see _collect_garbage_again)
        self.failure: str | None = None  # a fatal problem to print after the screen is restored

    # --- start and stop -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.sub_title = f"profile {self.profile} · {self.service.today:%a %d %b}"
        self._catch_exit_signals()
        self.push_screen(HomeScreen())
        self.call_after_refresh(self._collect_garbage_again)
        self.call_after_refresh(self._start_preparing)
        for notice in self.service.notices():
            self.notify(printable(notice, one_line=True), title="Note", severity="warning", timeout=12, markup=False)
        if self.study_now:
            study = self.service.start(self.study_decks, items=self.study_items, cram=self.cram)
            self._show_study(study) if study is not None else self._show_summary(None)

    def _collect_garbage_again(self) -> None:
        """The CLI pauses garbage collection while start-up loads; once the first screen is drawn,
        what was loaded is set aside from later collections (it lives for the whole run) and
        collection resumes."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
            self._freezes_garbage = True

    # --- preparing ahead ----------------------------------------------------------------

    def _start_preparing(self) -> None:
        """Once the first screen is painted, what the first session and the first stats open would
        wait for is prepared between key presses, in steps of a few ms (the longest about 40 ms):
        each deck's cards, the card states, the statistics' log summary and figures, the stats
        screen's code and stylesheet."""
        steps = self._preparing_steps()

        def step() -> None:
            if not next(steps, False):
                timer.stop()

        timer = self.set_interval(PREPARE_EVERY, step)

    def _preparing_steps(self) -> Iterator[bool]:
        """Yields True after each step that leaves more to do."""
        service = self.service
        while not service.warm(PREPARE_STATES):  # decks' cards, card states, the statistics' log summary
            yield True
        yield True
        import trainer.ui.screens.stats  # noqa: F401  (the stats screen's code: about 50 ms of imports)

        yield True
        if self._stats_screen is None and not service.stats_slow():
            stats = None
            # A problem reading the statistics is left for the stats screen to report when asked:
            # preparing ahead must never stop the app.
            with contextlib.suppress(Exception):
                stats = service.stats()
                _ = (stats.cards, stats.streak, stats.retention)  # the figures the first tab shows
            yield True
            if stats is not None and self._stats_screen is None:
                screen = self._install_stats_screen(stats)
                # Textual parses a screen's stylesheet when it is first pushed; this is the call
                # push_screen makes for that (Textual is pinned exactly). Its widgets are still
                # composed on the first open: a screen mounted off screen could be caught
                # half-mounted by a quit, which Textual's Header does not survive.
                self._load_screen_css(screen)
                yield True
        if self._freezes_garbage:
            # What was prepared lives for the whole run too: set it aside from later collections,
            # which would otherwise walk it during the first stats open.
            gc.collect()
            gc.freeze()

    def _catch_exit_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # signal handlers can only be set from the main thread
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            # e.g. Windows has no loop signal handlers: the default handling stays.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._exit_on_signal)

    def _exit_on_signal(self) -> None:
        # Called in the event loop: exit() restores the terminal as Ctrl+C does.
        self.exit(0)

    def on_unmount(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for signum in EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signum)

    # --- navigation: screens post messages, the app moves -------------------------------

    def _back_to(self, kind: type[Screen]) -> None:
        while not isinstance(self.screen, kind) and len(self.screen_stack) > 1:
            self.pop_screen()

    def _show_study(self, study: Study) -> None:
        from trainer.ui.screens.review import ReviewScreen

        self._back_to(HomeScreen)
        self.push_screen(ReviewScreen(study, self.service.deck_title))

    def _show_summary(self, study: Study | None) -> None:
        from trainer.ui.screens.summary import SummaryScreen

        self._back_to(HomeScreen)
        self.push_screen(SummaryScreen(study))

    def on_study_requested(self, message: StudyRequested) -> None:
        message.stop()
        study = self.service.start(message.deck_ids, items=message.items, cram=message.cram)
        if study is None:
            label = "these cards" if message.items is not None else self.service.deck_label(message.deck_ids)
            self.notify(f"Nothing to study in {label} today.", markup=False)
            return
        self._show_study(study)

    def on_session_ended(self, message: SessionEnded) -> None:
        message.stop()
        self._show_summary(message.study)

    def on_undo_requested(self, message: UndoRequested) -> None:
        message.stop()
        from trainer.ui.screens.review import ReviewScreen

        try:
            undone = message.study.undo()
        except SaveFailed as exc:
            self.report_save_failure(exc)
            return
        if undone is None:
            self.notify("Nothing to undo in this session.", timeout=3)
            return
        what = {"answer": "grade", "bury": "bury", "suspend": "suspend"}[undone.kind]
        self.notify(f"Undid the last {what}: the card is back.", timeout=3)
        screen = self.screen
        if isinstance(screen, ReviewScreen) and screen.study is message.study:
            screen.show_item()
        else:
            self._show_study(message.study)

    def on_stats_requested(self, message: StatsRequested) -> None:
        message.stop()
        self._when_stats_ready(self._show_stats)

    def _show_stats(self) -> None:
        stats = self.service.stats()
        if self._stats_screen is None:
            self._install_stats_screen(stats)
        else:
            self._stats_screen.show(stats)
        self.push_screen(STATS_SCREEN)

    def _install_stats_screen(self, stats: Stats) -> StatsScreen:
        from trainer.ui.screens.stats import StatsScreen

        service = self.service
        items = {item.key: item for item in service.items()}
        titles = {deck.id: deck.title for deck in service.library.decks}
        # Kept (installed) between opens: building its widgets again cost most of an open.
        screen = self._stats_screen = StatsScreen(stats, items, titles)
        self.install_screen(screen, STATS_SCREEN)
        return screen

    def _when_stats_ready(self, then: Callable[[], None]) -> None:
        """Run ``then`` now, or once a long review history has been read in a worker (with a progress bar)."""
        if not self.service.stats_slow():
            then()
            return
        from trainer.ui.screens.counting import CountingScreen

        def done(problem: str | None) -> None:
            if problem is None:
                then()
            elif problem != "stopped":
                self.notify(
                    printable(problem, one_line=True), title="No statistics", severity="error", timeout=8, markup=False
                )

        self.push_screen(CountingScreen(), done)

    def on_browse_requested(self, message: BrowseRequested) -> None:
        message.stop()
        from trainer.ui.screens.browse import BrowseScreen

        titles = {deck.id: deck.title for deck in self.service.library.decks}
        self.push_screen(BrowseScreen(self.service.items(), self.service, self.service.today, titles))

    def on_custom_study_requested(self, message: CustomStudyRequested) -> None:
        message.stop()
        self._when_stats_ready(self._show_custom_study)  # "my confusions" needs the statistics

    def _show_custom_study(self) -> None:
        from trainer.stats import confusion_keys
        from trainer.ui.screens.custom import CustomStudyScreen

        service = self.service
        titles = {deck.id: deck.title for deck in service.library.decks}
        keys = confusion_keys(service.stats().confusions)
        self.push_screen(CustomStudyScreen(service.items(), service.states(), service.today, titles, keys))

    def on_exam_date_requested(self, message: ExamDateRequested) -> None:
        message.stop()
        from trainer.ui.screens.exam import ExamDateScreen

        titles = {deck.id: deck.title for deck in self.service.library.decks}
        self.push_screen(ExamDateScreen(self.service.settings(), titles, self.service.today), self._save_exam_date)

    def _save_exam_date(self, settings: dict | None) -> None:
        if settings is None:
            return
        try:
            self.service.save_settings(settings)
        except SaveFailed as exc:
            self.report_save_failure(exc)
            return
        self.notify("Exam date saved.", timeout=3)
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_counts()

    def on_home_requested(self, message: HomeRequested) -> None:
        message.stop()
        self._back_to(HomeScreen)

    def on_map_requested(self, message: MapRequested) -> None:
        message.stop()
        from trainer.ui.screens.explore import ExploreScreen

        if not isinstance(self.screen, ExploreScreen):
            self.push_screen(ExploreScreen(root=message.root))

    def on_help_requested(self, message: HelpRequested) -> None:
        message.stop()
        self.action_help()

    def on_settings_requested(self, message: SettingsRequested) -> None:
        message.stop()
        self.action_settings()

    def on_quit_requested(self, message: QuitRequested) -> None:
        message.stop()
        self.exit(0)

    # --- app-wide actions ---------------------------------------------------------------

    def action_help(self) -> None:
        from trainer.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_settings(self) -> None:
        from trainer.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(), self._settings_closed)

    def _settings_closed(self, _: None) -> None:
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_counts()  # limits or the day boundary may have changed

    def report_save_failure(self, exc: SaveFailed) -> None:
        report_save_failure(self, exc)

    # Checked against Textual 8.2.8: App has no public hook for an exception raised in a
    # handler; the private ``_handle_exception`` is the one place to keep the traceback
    # off the student's screen. Textual would print it after restoring the terminal; the
    # student gets one line from the CLI instead. TRAINER_DEBUG=1 keeps Textual's report.
    def _handle_exception(self, error: Exception) -> None:
        if os.environ.get("TRAINER_DEBUG"):
            super()._handle_exception(error)
            return
        self.failure = f"unexpected error: {type(error).__name__}: {error} (set TRAINER_DEBUG=1 to see details)"
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()
