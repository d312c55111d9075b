"""TinyDB progress storage: the only code that touches the data folder."""

from trainer.store.errors import BadProfileName, StoreCorrupt, StoreError, StoreLocked, StoreUnwritable
from trainer.store.paths import DEFAULT_PROFILE, resolve_data_dir, user_deck_dir
from trainer.store.store import Store, StoreCounts, restore_latest_backup

__all__ = [
    "DEFAULT_PROFILE",
    "BadProfileName",
    "Store",
    "StoreCorrupt",
    "StoreCounts",
    "StoreError",
    "StoreLocked",
    "StoreUnwritable",
    "resolve_data_dir",
    "restore_latest_backup",
    "user_deck_dir",
]
