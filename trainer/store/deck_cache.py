"""A cache of parsed deck files under the data folder, so start-up skips re-parsing big decks.

An entry is used only while a hash of the file's bytes matches (a copy that keeps the
size and modification time but changes the text is seen); anything odd (a missing,
stale or damaged entry) just means the file is parsed again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

import orjson

from trainer import __version__
from trainer.deck import Card, Deck, LazyCards, parse_deck
from trainer.store.errors import StoreError
from trainer.store.storage import atomic_write

# 2: keyed by a hash of the file's bytes; 3: the deck's [synonyms] table is kept;
# 4: a card keeps only the fields that differ from their defaults; 5: the deck's item count
CACHE_FORMAT = 5

_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(Card) if f.default is not MISSING}
_REQUIRED = frozenset(f.name for f in fields(Card) if f.default is MISSING)
_FIELDS = frozenset(f.name for f in fields(Card))
_TUPLES = frozenset(name for name, default in _DEFAULTS.items() if default == ())


def _card(stored: dict[str, Any]) -> Card:
    """A card from its cache entry, built without ``Card.__init__``: a 10,000-card deck loads
    several times faster. The entry was written by ``put`` from a parsed card and its stamp
    matched; a field that is unknown or missing still makes the whole entry unusable."""
    if not _REQUIRED <= stored.keys() <= _FIELDS:
        raise KeyError("not a cached card")
    values = {**_DEFAULTS, **stored}
    for name in _TUPLES.intersection(stored):  # JSON has lists; a card holds tuples
        values[name] = tuple(values[name])
    card = object.__new__(Card)
    object.__setattr__(card, "__dict__", values)
    return card


def _builder(path: Path, content: bytes, builtin: bool):
    """Builds a cached deck's cards when they are first read; an entry it cannot use (a damaged
    cache whose stamp still matched) means parsing the bytes the stamp was made from instead."""

    def build(entries: list) -> tuple[Card, ...]:
        try:
            return tuple(_card(entry) for entry in entries)
        except (KeyError, TypeError, ValueError):
            deck, _ = parse_deck(content, path, builtin=builtin)
            return tuple(deck.cards) if deck is not None else ()

    return build


def _stored(card: Card) -> dict[str, Any]:
    values = card.__dict__
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in values.items()
        if name in _REQUIRED or value != _DEFAULTS.get(name)
    }


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
            entries, items = deck["cards"], deck["items"]
            if not (isinstance(entries, list) and type(items) is int and all(type(e) is dict for e in entries)):
                return None
            synonyms = tuple((term, tuple(equivalents)) for term, equivalents in deck["synonyms"])
            cards = LazyCards(entries, _builder(path, content, builtin), items)
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
                    "cards": [_stored(card) for card in deck.cards],
                    "items": deck.item_count(),
                    "synonyms": [[term, list(equivalents)] for term, equivalents in deck.synonyms],
                },
            }
            os.makedirs(self.folder, exist_ok=True)
            atomic_write(self._entry(path), orjson.dumps(record))
        except (OSError, StoreError):
            pass  # a cache that cannot be written only costs speed
