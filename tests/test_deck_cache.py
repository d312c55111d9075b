"""The parsed-deck cache: used while a file is unchanged, never once it changes."""

from pathlib import Path

from trainer.store.deck_cache import DeckCache
from trainer.store.deck_files import load_decks

FIXTURES = Path(__file__).parent / "fixtures"


def test_cached_decks_equal_parsed_ones_and_edits_are_seen(tmp_path):
    deck_file = tmp_path / "mini.toml"
    deck_file.write_text((FIXTURES / "mini.toml").read_text())
    cache = DeckCache(tmp_path / "data")
    fresh = load_decks([deck_file]).decks
    assert load_decks([deck_file], cache=cache).decks == fresh  # fills the cache
    assert load_decks([deck_file], cache=cache).decks == fresh  # served from it
    assert list((tmp_path / "data" / "cache" / "decks").iterdir())

    deck_file.write_text(deck_file.read_text().replace('back = "L4"', 'back = "L4 (edited)"'))
    edited = load_decks([deck_file], cache=cache).decks
    assert edited[0].cards[0].back == "L4 (edited)"


def test_a_damaged_cache_entry_is_ignored(tmp_path):
    deck_file = tmp_path / "mini.toml"
    deck_file.write_text((FIXTURES / "mini.toml").read_text())
    cache = DeckCache(tmp_path / "data")
    load_decks([deck_file], cache=cache)
    for entry in (tmp_path / "data" / "cache" / "decks").iterdir():
        entry.write_bytes(b"\x00not json")
    assert load_decks([deck_file], cache=cache).decks == load_decks([deck_file]).decks


def test_a_broken_deck_is_never_cached(tmp_path):
    deck_file = tmp_path / "bad.toml"
    deck_file.write_text("[deck]\n")
    cache = DeckCache(tmp_path / "data")
    assert load_decks([deck_file], cache=cache).problems
    assert load_decks([deck_file], cache=cache).problems


def test_a_cached_deck_builds_its_cards_only_when_they_are_read(tmp_path):
    from trainer.deck import LazyCards

    deck_file = tmp_path / "mini.toml"
    deck_file.write_text((FIXTURES / "mini.toml").read_text())
    cache = DeckCache(tmp_path / "data")
    (fresh,) = load_decks([deck_file]).decks
    load_decks([deck_file], cache=cache)
    (cached,) = load_decks([deck_file], cache=cache).decks
    assert isinstance(cached.cards, LazyCards) and cached.cards._cards is None
    assert cached.item_count() == fresh.item_count() and len(cached.cards) == len(fresh.cards)
    assert cached.cards._cards is None  # counting built nothing
    assert [item.key for item in cached.items()] == [item.key for item in fresh.items()]


def test_a_damaged_card_entry_under_a_matching_stamp_is_parsed_from_the_file_instead(tmp_path):
    import orjson

    deck_file = tmp_path / "mini.toml"
    deck_file.write_text((FIXTURES / "mini.toml").read_text())
    cache = DeckCache(tmp_path / "data")
    load_decks([deck_file], cache=cache)
    (entry,) = (tmp_path / "data" / "cache" / "decks").iterdir()
    data = orjson.loads(entry.read_bytes())
    data["deck"]["cards"][0] = {"no": "such field"}
    entry.write_bytes(orjson.dumps(data))
    assert load_decks([deck_file], cache=cache).decks == load_decks([deck_file]).decks
