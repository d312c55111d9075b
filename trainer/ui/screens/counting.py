"""Reading a long review history for the statistics, once, in a worker thread with a progress bar.

The first stats open on years of answers reads the whole log (a million answers take
seconds); the screen stays responsive meanwhile and Esc stops the reading.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from trainer.ui.screens.theme import service_of


class Stopped(Exception):
    """Esc (or quitting) stopped the reading."""


class CountingScreen(ModalScreen[str | None]):
    """Dismissed with None once the statistics are ready, or with the one-line reason they are not."""

    CSS_PATH = "counting.tcss"
    BINDINGS = [Binding("escape", "stop", "Stop and go back")]
    HELP_LINES = [("Esc", "Stop reading; the next stats open starts again")]

    def __init__(self) -> None:
        super().__init__()
        self.share = 0.0  # written by the worker thread, read by the timer

    def compose(self) -> ComposeResult:
        with Vertical(id="counting-box"):
            yield Static("Reading your review history for the statistics…", id="counting-title")
            yield ProgressBar(total=100, show_eta=False, id="counting-bar")
            yield Static("This happens once; later the statistics open at once. Esc stops it.", id="counting-note")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.set_interval(0.1, self._show_progress)
        self._read(service_of(self.app).prepare_stats)

    def _show_progress(self) -> None:
        self.query_one(ProgressBar).update(progress=round(self.share * 100))

    @work(thread=True, exit_on_error=False)
    def _read(self, prepare: Callable[[Callable[[float], None]], None]) -> None:
        worker = get_current_worker()

        def progress(share: float) -> None:
            if worker.is_cancelled:  # Esc, or the app is quitting: stop reading now
                raise Stopped
            self.share = share

        prepare(progress)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if not self.is_current:
            return  # already left with Esc
        if event.state == WorkerState.SUCCESS:
            self.dismiss(None)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            self.dismiss("stopped" if isinstance(error, Stopped) else str(error) or type(error).__name__)

    def action_stop(self) -> None:
        self.dismiss("stopped")
