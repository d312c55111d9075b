"""Where progress lives: the data folder, the user's deck folder and one folder per profile."""

from __future__ import annotations

import os
import re
from pathlib import Path

from trainer.store.errors import BadProfileName

APP_NAME = "anatomy-trainer"
DEFAULT_PROFILE = "default"
ENV_HOME = "TRAINER_HOME"
_PROFILE_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def resolve_data_dir(cli_value: str | None = None) -> Path:
    """``--data-dir``, else ``$TRAINER_HOME``, else the platform's user data folder."""
    chosen = cli_value or os.environ.get(ENV_HOME)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs  # only needed for the default

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_deck_dir(data_dir: Path) -> Path:
    """The folder whose decks the trainer picks up automatically (not created here)."""
    return data_dir / "decks"


def profile_dir(data_dir: Path, profile: str) -> Path:
    if not isinstance(profile, str) or not _PROFILE_RE.fullmatch(profile):
        raise BadProfileName(f"profile name {profile!r} is not allowed: use 1-64 letters, digits, '-' or '_'")
    return data_dir / "profiles" / profile
