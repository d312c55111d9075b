"""Errors the store raises; each one's text is the single line the user sees."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A problem with the progress data, explained in one line."""


class StoreLocked(StoreError):
    """Another trainer has this profile open."""


class StoreUnwritable(StoreError):
    """Progress cannot be written (full disk, read-only folder, no permission); nothing recorded is lost."""


class BadProfileName(StoreError):
    """Profile names become folder names, so they are kept simple."""


class StoreCorrupt(StoreError):
    """A data file cannot be read. It is kept as it is; ``backup`` is the newest good backup, if any."""

    def __init__(self, message: str, path: Path, backup: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup
