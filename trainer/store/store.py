"""The progress store: card states and the review log of one profile, crash-safe and fast at scale.

On disk, per profile: ``log.jsonl`` (every answer, undo and state change, appended and
fsynced, never rewritten) and ``progress.json`` (a TinyDB snapshot of card states and
counters, replaced atomically, that says how much of the log it already includes).
Recording an answer is one fsynced append plus in-memory updates, so its cost does not
grow with the history; opening reads the snapshot and only the log written since.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import filelock
import orjson
from tinydb import TinyDB

from trainer.records import CardState, Review
from trainer.store.backups import latest_backup, make_daily_backup, restore_files
from trainer.store.errors import StoreCorrupt, StoreError, StoreLocked
from trainer.store.journal import EventLog
from trainer.store.paths import DEFAULT_PROFILE, profile_dir
from trainer.store.storage import AtomicJSONStorage, InPlaceTable, sweep_temp_files, unwritable

SCHEMA = 1
SNAPSHOT_FILE = "progress.json"
LOG_FILE = "log.jsonl"
LOCK_FILE = "lock"
META_ID = 1
# Replaying this many events on open is cheap; beyond it the snapshot is refreshed.
COMPACT_AFTER = 2000
UNDO_DEPTH = 500


@dataclass(frozen=True)
class StoreCounts:
    cards_seen: int  # items with at least one answer
    reviews: int  # effective answers (undone ones excluded)
    due_today: int  # due today or earlier, not suspended, not buried
    last_studied: datetime | None  # time of the newest effective answer


class _Database(TinyDB):
    table_class = InPlaceTable


def _new_meta() -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "log_offset": 0,
        "next_id": 1,
        "reviews": 0,
        "day_counts": {},
        "last_studied": None,
        "undo": [],  # [review id, log offset, time] of the newest effective answers
        "settings": {},
    }


class _States(Mapping[str, CardState]):
    """A read-only view of every card state, converted from the stored dicts on demand."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getitem__(self, key: str) -> CardState:
        state = self._store.state(key)
        if state is None:
            raise KeyError(key)
        return state

    def get(self, key: str, default: CardState | None = None) -> CardState | None:
        # Called for every deck item when a session is planned: no exception on a miss.
        state = self._store.state(key)
        return default if state is None else state

    def __contains__(self, key: object) -> bool:
        return key in self._store._doc_ids

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._store._doc_ids))

    def __len__(self) -> int:
        return len(self._store._doc_ids)


class Store:
    """Open with ``Store.open(data_dir, profile)``; use as a context manager."""

    def __init__(self, folder: Path, profile: str, *, readonly: bool) -> None:
        self.profile_dir = folder
        self.profile = profile
        self.readonly = readonly
        self.snapshot_path = folder / SNAPSHOT_FILE
        self.log_path = folder / LOG_FILE
        self._lock: filelock.BaseFileLock | None = None
        self._log = EventLog(self.log_path, readonly=readonly)
        self._db: TinyDB | None = None
        self._meta: dict[str, Any] = _new_meta()
        self._doc_ids: dict[str, int] = {}
        self._next_doc = 1
        self._cache: dict[str, CardState] = {}
        self._heap: list[tuple[int, str]] = []
        self._tail_events = 0
        self.closed = False

    # --- opening and closing ------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, profile: str = DEFAULT_PROFILE, *, readonly: bool = False) -> Store:
        store = cls(profile_dir(Path(data_dir), profile), profile, readonly=readonly)
        try:
            store._open()
        except StoreCorrupt as exc:
            store._release()
            exc.backup = latest_backup(store.profile_dir)
            raise
        except BaseException:
            store._release()
            raise
        return store

    def _open(self) -> None:
        if not self.readonly:
            try:
                self.profile_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise unwritable(self.profile_dir, exc) from exc
            self._take_lock()
            sweep_temp_files(self.profile_dir)
        self._db = _Database(self.snapshot_path, storage=AtomicJSONStorage, readonly=self.readonly)
        self._states_table = self._db.table("states")
        self._load_snapshot()
        self._log.open()
        self._replay()
        if not self.readonly:
            if self._tail_events > COMPACT_AFTER:
                self.compact()
            make_daily_backup(self.profile_dir, self.snapshot_path, self.log_path, datetime.now().date())

    def _take_lock(self) -> None:
        self._lock = _lock_profile(
            self.profile_dir,
            f"profile '{self.profile}' is already open in another trainer "
            f"(lock file {self.profile_dir / LOCK_FILE}); close that one first",
        )

    def _load_snapshot(self) -> None:
        assert self._db is not None
        meta = self._db.table("meta").raw_get(META_ID)
        if meta is not None:
            schema = meta.get("schema")
            if not isinstance(schema, int) or schema > SCHEMA:
                raise StoreError(
                    f"{self.snapshot_path} was written by a newer trainer (schema {schema}); "
                    "update the trainer to open it"
                )
            self._meta = {**_new_meta(), **self._migrate(meta)}
        for doc_id, doc in self._db.table("states").raw_items():
            key = doc.get("key")
            if not isinstance(key, str):
                raise StoreCorrupt(
                    f"progress file {self.snapshot_path} is damaged (a state has no key)", self.snapshot_path
                )
            self._doc_ids[key] = doc_id
            self._next_doc = max(self._next_doc, doc_id + 1)
            self._push_due(key, doc)

    def _migrate(self, meta: dict[str, Any]) -> dict[str, Any]:
        # Schema 1 is the first; later versions upgrade older metadata here.
        return meta

    def _replay(self) -> None:
        offset = self._meta["log_offset"]
        if offset > self._log.size:
            raise StoreCorrupt(
                f"review log {self.log_path} is shorter than {self.snapshot_path} expects: it was truncated or replaced",
                self.log_path,
            )
        end = offset
        for position, length, event in self._log.read_from(offset):
            self._apply(event, position)
            self._tail_events += 1
            end = position + length
        if not self.readonly:
            self._log.trim_torn_tail(end)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if not self.readonly and self._db is not None:
            try:
                self.compact()
                # Today's backup then holds the day's work, not just its starting point.
                make_daily_backup(
                    self.profile_dir, self.snapshot_path, self.log_path, datetime.now().date(), refresh=True
                )
            except StoreError:
                pass  # the log already holds everything; the snapshot just stays older
        self._release()

    def _release(self) -> None:
        self._log.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def compact(self) -> None:
        """Write the snapshot so that opening replays nothing; the log is untouched."""
        assert self._db is not None and not self.readonly
        self._meta["log_offset"] = self._log.size
        self._db.table("meta").put(META_ID, self._meta)
        self._db.storage.flush()
        self._tail_events = 0

    # --- applying events (on record and on replay) --------------------------------------

    def _apply(self, event: dict[str, Any], offset: int) -> None:
        kind = event["e"]
        if kind == "review":
            self._apply_review(event, offset)
        elif kind == "void":
            self._apply_void(event)
        elif kind == "state":
            self._set(event["key"], event["state"])
        elif kind == "settings":
            self._meta["settings"] = dict(event["settings"])

    def _apply_review(self, event: dict[str, Any], offset: int) -> None:
        meta = self._meta
        self._set(event["key"], event["after"])
        meta["next_id"] = max(meta["next_id"], event["id"] + 1)
        meta["reviews"] += 1
        day = event["time"][:10]
        meta["day_counts"][day] = meta["day_counts"].get(day, 0) + 1
        if meta["last_studied"] is None or event["time"] > meta["last_studied"]:
            meta["last_studied"] = event["time"]
        meta["undo"].append([event["id"], offset, event["time"]])
        del meta["undo"][:-UNDO_DEPTH]

    def _apply_void(self, event: dict[str, Any]) -> None:
        meta = self._meta
        self._set(event["key"], event["before"])
        meta["reviews"] = max(0, meta["reviews"] - 1)
        day = event["time"][:10]
        left = meta["day_counts"].get(day, 0) - 1
        if left > 0:
            meta["day_counts"][day] = left
        else:
            meta["day_counts"].pop(day, None)
        meta["undo"] = [entry for entry in meta["undo"] if entry[0] != event["id"]]
        if meta["undo"]:
            meta["last_studied"] = meta["undo"][-1][2]
        elif meta["reviews"] == 0:
            meta["last_studied"] = None

    def _set(self, key: str, state: dict[str, Any] | None) -> None:
        table = self._states_table
        self._cache.pop(key, None)
        if state is None:
            doc_id = self._doc_ids.pop(key, None)
            if doc_id is not None:
                table.drop(doc_id)
            return
        doc_id = self._doc_ids.get(key)
        if doc_id is None:
            doc_id = self._doc_ids[key] = self._next_doc
            self._next_doc += 1
        doc = {"key": key, **state}
        table.put(doc_id, doc)
        self._push_due(key, doc)

    def _push_due(self, key: str, doc: Mapping[str, Any]) -> None:
        due = doc.get("due")
        if due and not doc.get("suspended"):
            heapq.heappush(self._heap, (date.fromisoformat(due).toordinal(), key))

    # --- writing ------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.readonly:
            raise StoreError("progress was opened read-only")
        if self.closed:
            raise StoreError("progress store is closed")

    def record(self, review: Review) -> Review:
        """Save one answer; it is on disk when this returns. Sets the card's state to ``review.after``."""
        self._writable()
        review = replace(review, id=self._meta["next_id"])
        event = {"e": "review", "id": review.id, **review.to_dict()}
        offset = self._log.append(event)
        self._apply_review(event, offset)
        return review

    def undo_last(self) -> Review | None:
        """Take back the newest answer: a void entry is logged and the card's state restored."""
        self._writable()
        if not self._meta["undo"]:
            return None
        review_id, offset, _ = self._meta["undo"][-1]
        event = self._log.read_at(offset)
        review = Review.from_dict(event, id=review_id)
        void = {"e": "void", "id": review_id, "key": review.key, "time": event["time"], "before": event["before"]}
        self._log.append(void)
        self._apply_void(void)
        return review

    def set_state(self, key: str, state: CardState | None) -> None:
        """Save a state change that is not an answer (bury, suspend, unsuspend)."""
        self._writable()
        payload = state.to_dict() if state is not None else None
        self._log.append({"e": "state", "key": key, "state": payload})
        self._set(key, payload)

    def save_settings(self, settings: dict) -> None:
        self._writable()
        self._log.append({"e": "settings", "settings": dict(settings)})
        self._meta["settings"] = dict(settings)

    # --- reading ------------------------------------------------------------------------

    def state(self, key: str) -> CardState | None:
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        doc_id = self._doc_ids.get(key)
        if doc_id is None:
            return None
        state = CardState.from_dict(self._states_table.raw_get(doc_id))
        self._cache[key] = state
        return state

    def states(self) -> Mapping[str, CardState]:
        return _States(self)

    def due(self, today: date, limit: int) -> list[tuple[str, CardState]]:
        """States due today or earlier, not suspended or buried, oldest due first."""
        cutoff = today.toordinal()
        found: list[tuple[int, str]] = []
        keep: list[tuple[int, str]] = []
        seen: set[str] = set()
        heap = self._heap
        while heap and len(found) < limit and heap[0][0] <= cutoff:
            entry = heapq.heappop(heap)
            ordinal, key = entry
            if key in seen:
                continue  # a duplicate entry: drop it
            state = self.state(key)
            if state is None or state.suspended or state.due is None or state.due.toordinal() != ordinal:
                continue  # stale: the card was rescheduled since
            seen.add(key)
            keep.append(entry)
            if not state.is_buried(today):
                found.append(entry)
        for entry in keep:
            heapq.heappush(heap, entry)
        return [(key, self.state(key)) for _, key in found]

    def history(self, key: str) -> list[Review]:
        """Every effective answer for ``key``, oldest first (kept even if its deck dropped the card)."""
        needle = b'"key":' + orjson.dumps(key)
        reviews: dict[int, Review] = {}
        for event in self._log.scan_for(needle):
            if event.get("key") != key:
                continue
            if event["e"] == "review":
                reviews[event["id"]] = Review.from_dict(event, id=event["id"])
            elif event["e"] == "void":
                reviews.pop(event["id"], None)
        return [reviews[i] for i in sorted(reviews)]

    def counts(self, today: date) -> StoreCounts:
        assert self._db is not None
        iso = today.isoformat()
        seen = due = 0
        for _, doc in self._db.table("states").raw_items():
            if doc.get("last_answered") or doc.get("first_seen"):
                seen += 1
            buried = doc.get("buried_until")
            if doc.get("due") and doc["due"] <= iso and not doc.get("suspended") and not (buried and buried > iso):
                due += 1
        last = self._meta["last_studied"]
        return StoreCounts(seen, self._meta["reviews"], due, datetime.fromisoformat(last) if last else None)

    def study_days(self) -> list[date]:
        return sorted(date.fromisoformat(day) for day in self._meta["day_counts"])

    def settings(self) -> dict:
        return dict(self._meta["settings"])


def _lock_profile(folder: Path, busy_message: str) -> filelock.BaseFileLock:
    """The profile's single-writer lock, or StoreLocked with ``busy_message``."""
    lock = filelock.FileLock(str(folder / LOCK_FILE), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise StoreLocked(busy_message) from None
    except OSError as exc:
        raise unwritable(folder, exc) from exc
    return lock


def restore_latest_backup(data_dir: Path, profile: str = DEFAULT_PROFILE) -> Path:
    """Set damaged files aside and continue from the newest good backup; returns that backup."""
    folder = profile_dir(Path(data_dir), profile)
    lock = _lock_profile(folder, f"profile '{profile}' is open in another trainer; close it before restoring")
    try:
        snapshot_bad, log_bad = _damage(folder)
        if not (snapshot_bad or log_bad):
            raise StoreError(f"progress in {folder} is not damaged; nothing to restore")
        return restore_files(
            folder, folder / SNAPSHOT_FILE, folder / LOG_FILE, snapshot_bad=snapshot_bad, log_bad=log_bad
        )
    finally:
        lock.release()


def _damage(folder: Path) -> tuple[bool, bool]:
    """Which of the two data files cannot be read: (snapshot, log)."""
    storage = AtomicJSONStorage(folder / SNAPSHOT_FILE, readonly=True)
    snapshot_bad = False
    try:
        storage.read()
    except StoreCorrupt:
        snapshot_bad = True
    log = EventLog(folder / LOG_FILE, readonly=True)
    log_bad = False
    try:
        for _ in log.read_from(0):
            pass
    except StoreCorrupt:
        log_bad = True
    return snapshot_bad, log_bad
