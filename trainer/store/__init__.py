"""TinyDB progress storage: the only code that touches the data folder."""

from trainer.store.errors import BadProfileName, StoreCorrupt, StoreError, StoreLocked, StoreUnwritable
from trainer.store.paths import DEFAULT_PROFILE, resolve_data_dir, user_deck_dir
from trainer.store.restore import NothingToRestore, RestoreReport, diagnose, restore_profile
from trainer.store.store import Store, StoreCounts

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
