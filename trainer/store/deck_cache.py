"""A cache of parsed deck files under the data folder, so start-up skips re-parsing big decks.

An entry is used only while a hash of the file's bytes matches (a copy that keeps the
size and modification time but changes the text is seen); anything odd (a missing,
stale or damaged entry) just means the file is parsed again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

import orjson

from trainer import __version__
from trainer.deck import Card, Deck
from trainer.store.errors import StoreError
from trainer.store.storage import atomic_write

CACHE_FORMAT = 3  # 2: keyed by a hash of the file's bytes; 3: the deck's [synonyms] table is kept


class DeckCache:
    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "cache" / "decks"

    def _entry(self, path: Path) -> Path:
        digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32]
        return self.folder / f"{digest}.json"

    @staticmethod
    def _stamp(data: bytes) -> list:
        # blake2b runs at several hundred MB/s: far cheaper than parsing the TOML.
        return [CACHE_FORMAT, __version__, len(data), hashlib.blake2b(data, digest_size=20).hexdigest()]

    def get(self, path: Path, content: bytes, *, builtin: bool) -> Deck | None:
        try:
            data = orjson.loads(self._entry(path).read_bytes())
            if data["stamp"] != self._stamp(content):
                return None
            deck = data["deck"]
            fields: list[dict[str, Any]] = [
                {k: tuple(v) if isinstance(v, list) else v for k, v in card.items()} for card in deck["cards"]
            ]
            cards = tuple(Card(**card) for card in fields)
            synonyms = tuple((term, tuple(equivalents)) for term, equivalents in deck["synonyms"])
            return Deck(deck["id"], deck["title"], deck["description"], str(path), cards, builtin, synonyms)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, path: Path, content: bytes, deck: Deck) -> None:
        try:
            record = {
                "stamp": self._stamp(content),
                "deck": {
                    "id": deck.id,
                    "title": deck.title,
                    "description": deck.description,
                    "cards": [asdict(card) for card in deck.cards],
                    "synonyms": [[term, list(equivalents)] for term, equivalents in deck.synonyms],
                },
            }
            os.makedirs(self.folder, exist_ok=True)
            atomic_write(self._entry(path), orjson.dumps(record))
        except (OSError, StoreError):
            pass  # a cache that cannot be written only costs speed
