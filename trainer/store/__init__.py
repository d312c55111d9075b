"""TinyDB progress storage: the only code that touches the data folder."""

from typing import TYPE_CHECKING, Any

from trainer.store.errors import BadProfileName, StoreCorrupt, StoreError, StoreLocked, StoreUnwritable
from trainer.store.paths import DEFAULT_PROFILE, resolve_data_dir, user_deck_dir
from trainer.store.store import Store, StoreCounts

if TYPE_CHECKING:
    from trainer.store.restore import NothingToRestore, RestoreReport, diagnose, restore_profile

_RESTORE = ("NothingToRestore", "RestoreReport", "diagnose", "restore_profile")


def __getattr__(name: str) -> Any:
    # Repairing a profile is rare: its module is imported when first asked for, not at start-up.
    if name in _RESTORE:
        from trainer.store import restore

        return getattr(restore, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_PROFILE",
    "BadProfileName",
    "NothingToRestore",
    "RestoreReport",
    "Store",
    "StoreCorrupt",
    "StoreCounts",
    "StoreError",
    "StoreLocked",
    "StoreUnwritable",
    "diagnose",
    "resolve_data_dir",
    "restore_profile",
    "user_deck_dir",
]
