"""The caches that keep start-up and the stats screen quick never change what a student is shown.

Each cache is keyed by the content it stands for: the snapshot's bytes (checked once), the
log, day, settings and deck files (today's offers), the log's folded prefix (statistics).
"""

from __future__ import annotations

from datetime import timedelta

import orjson
import pytest
import test_stats as handmade
from test_store_damage import T0, answer
from ui_harness import Clock

from trainer.deck import Card, Deck, DeckLibrary
from trainer.session import deck_counts
from trainer.store import Store, StoreCorrupt
from trainer.store.deck_files import load_decks
from trainer.store.stats_cache import StatsLog, cache_path, read_aggregate
from trainer.study import StudyService

# --- the snapshot, checked once per content ------------------------------------------------


def test_a_snapshot_checked_once_is_not_checked_again_until_its_bytes_change(tmp_path, monkeypatch):
    with Store.open(tmp_path) as store:
        for i in range(5):
            answer(store, f"d:c{i}", 4, T0 + timedelta(minutes=i))
    from trainer.records import CardState

    checked: list[dict] = []
    real = CardState.check_dict
    monkeypatch.setattr(CardState, "check_dict", staticmethod(lambda doc: (checked.append(doc), real(doc))[1]))
    with Store.open(tmp_path, readonly=True):
        pass
    assert checked == []  # the snapshot the store wrote itself is remembered as checked
    path = tmp_path / "profiles" / "default" / "progress.json"
    data = orjson.loads(path.read_bytes())
    next(iter(data["states"].values()))["interval"] = -5
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(StoreCorrupt, match="interval"):
        Store.open(tmp_path, readonly=True)
    assert checked  # edited bytes: every state is checked again


def test_a_memo_from_another_snapshot_does_not_vouch_for_this_one(tmp_path):
    with Store.open(tmp_path) as store:
        answer(store, "d:c1")
    memo = tmp_path / "cache" / "checked-default"
    assert memo.exists()
    path = tmp_path / "profiles" / "default" / "progress.json"
    data = orjson.loads(path.read_bytes())
    next(iter(data["states"].values()))["easiness"] = "x"
    path.write_bytes(orjson.dumps(data))
    memo.write_text("1 00000000000000000000000000000000\n")
    with pytest.raises(StoreCorrupt, match="easiness"):
        Store.open(tmp_path)


# --- today's offers, remembered for the progress, day, settings and decks they were counted on ---


def _deck_file(folder, cards: int, deck_id: str = "d") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f'[deck]\nid = "{deck_id}"\ntitle = "Deck {deck_id}"\n']
    for i in range(cards):
        lines.append(f'[[cards]]\nid = "c{i}"\ntype = "basic"\nfront = "Q{i}"\nback = "A{i}"\n')
    (folder / f"{deck_id}.toml").write_text("\n".join(lines))


def _service(tmp_path, store, clock=None):
    library = load_decks([tmp_path / "decks"], builtin_paths=[])
    return StudyService(store, library, clock=clock or Clock(T0))


def test_offers_are_remembered_and_recounted_when_anything_they_depend_on_changes(tmp_path, monkeypatch):
    import trainer.study as study

    _deck_file(tmp_path / "decks", 30)
    counted: list[int] = []

    def counting(*args, **kwargs):
        counted.append(1)
        return deck_counts(*args, **kwargs)

    monkeypatch.setattr(study, "deck_counts", counting)
    with Store.open(tmp_path) as store:
        first = _service(tmp_path, store).offers()
        assert first["d"].new == 20 and len(counted) == 1
    with Store.open(tmp_path) as store:
        service = _service(tmp_path, store)
        assert service.offers() == first and len(counted) == 1  # nothing changed: not counted again
        answer(store, "d:c0", 4, T0)  # the progress changed
        assert service.offers()["d"].new == 19 and len(counted) == 2
        service.save_settings({**service.settings(), "new_per_day": 5})  # the settings changed
        assert service.offers()["d"].new == 4 and len(counted) == 3
        tomorrow = _service(tmp_path, store, Clock(T0 + timedelta(days=1)))  # the day changed
        assert tomorrow.offers()["d"].new == 5 and len(counted) == 4
    _deck_file(tmp_path / "decks", 3)  # the deck file changed
    with Store.open(tmp_path) as store:
        assert _service(tmp_path, store).offers()["d"].new == 2 and len(counted) == 5


def test_damaged_remembered_offers_are_counted_again(tmp_path):
    _deck_file(tmp_path / "decks", 30)
    with Store.open(tmp_path) as store:
        expected = _service(tmp_path, store).offers()
    memo = tmp_path / "cache" / "offers-default.json"
    data = orjson.loads(memo.read_bytes())
    for garbage in ({"d": [1, 2]}, {"d": ["x", 0, 0]}, {"d": [-1, 0, 0]}, {}, []):
        memo.write_bytes(orjson.dumps({"key": data["key"], "value": garbage}))
        with Store.open(tmp_path) as store:
            assert _service(tmp_path, store).offers() == expected
    memo.write_bytes(b"\x00not json")
    with Store.open(tmp_path) as store:
        assert _service(tmp_path, store).offers() == expected


def test_decks_built_in_memory_are_never_remembered(tmp_path):
    library = DeckLibrary([Deck("m", "Memory", "", "m.toml", (Card("m", "a", "basic", "Q", back="A"),))])
    with Store.open(tmp_path) as store:
        assert StudyService(store, library, clock=Clock(T0)).offers()["m"].new == 1
    assert not (tmp_path / "cache" / "offers-default.json").exists()


def test_warming_prepares_every_state_in_steps(tmp_path):
    with Store.open(tmp_path) as store:
        for i in range(25):
            answer(store, f"d:c{i}", 4, T0)
    with Store.open(tmp_path) as store:
        service = StudyService(store, DeckLibrary(), clock=Clock(T0))
        steps = 1
        while not service.warm(10):
            steps += 1
        assert steps == 3 and len(store._cache) == 25


# --- the statistics' log aggregate, kept in memory and extended from the tail ----------------


@pytest.fixture
def logged(tmp_path):
    log = handmade.write_log(tmp_path / "profiles" / "default", handmade.make_log())
    return tmp_path, log


def test_pending_is_the_whole_log_until_read_then_only_what_was_appended(logged):
    data_dir, log = logged
    stats_log = StatsLog(data_dir, "default", log, dict)
    size = log.stat().st_size
    assert stats_log.pending() == size
    shares: list[float] = []
    stats_log.get(shares.append)
    assert shares and all(0 <= s <= 1 for s in shares)
    assert stats_log.pending() == 0
    extra = orjson.dumps({"e": "settings", "settings": {}}) + b"\n"
    with log.open("ab") as handle:
        handle.write(extra)
    assert stats_log.pending() == len(extra)
    # A fresh reader (the next start) finds the cache written by the first one.
    assert StatsLog(data_dir, "default", log, dict).pending() == len(extra)


def test_the_aggregate_in_memory_equals_a_fresh_fold(logged):
    data_dir, log = logged
    stats_log = StatsLog(data_dir, "default", log, dict)
    stats_log.get()
    events = handmade.make_log()
    with log.open("ab") as handle:
        for event in events[:3]:
            if event.get("e") == "review":
                handle.write(orjson.dumps({**event, "id": event["id"] + 1000}) + b"\n")
    kept = stats_log.get()
    fresh, _ = read_aggregate(log, kept.starts)
    assert kept.to_dict() == fresh.to_dict()


def test_a_stopped_first_read_keeps_nothing_half_done(logged):
    data_dir, log = logged
    stats_log = StatsLog(data_dir, "default", log, dict)

    def stop(share: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stats_log.get(stop)
    assert not cache_path(data_dir, "default").exists()
    assert stats_log.pending() == log.stat().st_size


def test_another_day_start_reads_the_whole_log_again(logged):
    data_dir, log = logged
    StatsLog(data_dir, "default", log, dict).get()
    later = StatsLog(data_dir, "default", log, lambda: {"day_starts": "06:00"})
    assert later.pending() == log.stat().st_size
    assert later.get().starts == "06:00"


def test_refresh_extends_an_existing_cache_and_makes_none_otherwise(logged):
    data_dir, log = logged
    StatsLog(data_dir, "default", log, dict).refresh()
    assert not cache_path(data_dir, "default").exists()  # never opened the stats: no full read at exit
    StatsLog(data_dir, "default", log, dict).get()
    with log.open("ab") as handle:
        handle.write(orjson.dumps({"e": "settings", "settings": {}}) + b"\n")
    StatsLog(data_dir, "default", log, dict).refresh()
    assert StatsLog(data_dir, "default", log, dict).pending() == 0


def test_stats_slow_follows_what_is_left_to_read(logged, monkeypatch):
    import trainer.study as study

    data_dir, _ = logged
    with Store.open(data_dir, readonly=True) as store:
        service = StudyService(store, DeckLibrary(), clock=Clock(handmade.NOW), stats_log=StatsLog.of_store(store))
        monkeypatch.setattr(study, "SLOW_STATS_BYTES", 100)
        assert service.stats_slow()
        service.prepare_stats()
        assert not service.stats_slow()
