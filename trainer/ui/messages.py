"""Typed messages screens post to ask the app to move: the app alone decides navigation.

A screen never pushes or pops another screen itself; it posts one of these (they bubble
from the screen to the app) and ``TrainerApp`` handles them.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.message import Message
from textual.widget import Widget

from trainer.deck import Item
from trainer.study import SaveFailed, Study


class StudyRequested(Message):
    """Start a session on these decks (None: all), or on ``items``; ``cram``: custom study."""

    def __init__(self, deck_ids: list[str] | None, items: list[Item] | None = None, cram: bool = False) -> None:
        super().__init__()
        self.deck_ids = deck_ids
        self.items = items
        self.cram = cram


class SessionEnded(Message):
    """The session is over (finished or ended by the student): show its summary."""

    def __init__(self, study: Study | None) -> None:
        super().__init__()
        self.study = study


class UndoRequested(Message):
    """Take back the last grade, bury or suspend of ``study``, and show the card again."""

    def __init__(self, study: Study) -> None:
        super().__init__()
        self.study = study


class HomeRequested(Message):
    """Go back to the deck list."""


class MapRequested(Message):
    """Open the dermatome map, on a root's region if ``root`` is given."""

    def __init__(self, root: str | None = None) -> None:
        super().__init__()
        self.root = root


class HelpRequested(Message):
    """Show the keys and help text of the screen in front."""


class SettingsRequested(Message):
    """Open the settings."""


class QuitRequested(Message):
    """Leave the trainer (every grade is already saved)."""


def report_save_failure(node: Widget | App[Any], exc: SaveFailed) -> None:
    """Tell the student a grade or change was not saved (the card stays where it was)."""
    node.notify(str(exc), title="Progress not saved", severity="error", timeout=15, markup=False)


class StatsRequested(Message):
    """Show the statistics screen."""


class BrowseRequested(Message):
    """Show every card in the browse screen."""


class CustomStudyRequested(Message):
    """Show the custom study picker."""


class ExamDateRequested(Message):
    """Show the exam date dialog."""
