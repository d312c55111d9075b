"""The message a screen posts to ask the app for a custom session on chosen cards."""

from __future__ import annotations

from textual.message import Message


class StudyRequest(Message):
    """Study these item keys now; ``cram`` sessions leave every SM-2 state unchanged (logged as drill)."""

    def __init__(self, keys: tuple[str, ...], label: str, *, cram: bool = True) -> None:
        super().__init__()
        self.keys = keys
        self.label = label
        self.cram = cram
