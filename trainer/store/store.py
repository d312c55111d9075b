"""The progress store: card states and the review log of one profile, crash-safe and fast at scale.

On disk, per profile: ``log.jsonl`` (every answer, undo and state change, appended and
fsynced, never rewritten) and ``progress.json`` (a TinyDB snapshot of card states and
counters, replaced atomically, that says how much of the log it already includes).
Recording an answer is one fsynced append plus in-memory updates, so its cost does not
grow with the history; opening reads the snapshot and only the log written since.

Nothing is trusted unchecked: every snapshot value and every replayed event is checked on
open, and a log that is not the one the snapshot was written for (cut, replaced, shorter
than its backup copy) is named. Any such damage stops the open with one line naming the
file; ``trainer restore`` (restore.py) repairs it, keeping every intact review.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

import orjson
from tinydb import TinyDB

from trainer.days import local_now, parse_day_starts, study_day
from trainer.records import CardState, Review, StoredState
from trainer.store.backups import make_daily_backup, mirror_mismatch
from trainer.store.checks import check_meta
from trainer.store.errors import StoreCorrupt, StoreError
from trainer.store.journal import RESTORE_HINT, EventLog, starts_a_line, tail_digest
from trainer.store.lock import LOCK_FILE, ProfileLock
from trainer.store.paths import DEFAULT_PROFILE, profile_dir
from trainer.store.storage import AtomicJSONStorage, InPlaceTable, replace_file, sweep_temp_files, unwritable

SCHEMA = 1
SNAPSHOT_FILE = "progress.json"
LOG_FILE = "log.jsonl"
META_ID = 1
# Replaying this many events on open is cheap; beyond it the snapshot is refreshed.
COMPACT_AFTER = 2000
# Bump when ``CardState.check_dict`` or ``check_meta`` accept less than before: snapshots
# remembered as checked by an older trainer are then checked again.
CHECKS_VERSION = 1
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
        "day_counts": {},  # study day -> effective answers
        "last_studied": None,
        "undo": [],  # [review id, log offset, time, study day] of the newest effective answers
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

    def get(self, key: str, default: CardState | None = None) -> CardState | None:  # type: ignore[override]
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
    """Open with ``Store.open(data_dir, profile)``; use as a context manager.

    ``notices`` holds one-line messages for the student about something the store skipped
    on its own without stopping (a backup that could not be made).
    """

    def __init__(
        self,
        folder: Path,
        profile: str,
        *,
        readonly: bool,
        clock: Callable[[], datetime] = local_now,
        log_path: Path | None = None,
        snapshot_path: Path | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.profile_dir = folder
        self.profile = profile
        self.readonly = readonly
        self.clock = clock
        self.snapshot_path = snapshot_path or folder / SNAPSHOT_FILE
        self.log_path = log_path or folder / LOG_FILE
        # Disposable files: which snapshot content passed every check (by its digest), so that
        # opening it again skips checking 10,000 states, and what ``remember`` keeps.
        self.cache_dir = cache_dir
        self.notices: list[str] = []
        self._lock: ProfileLock | None = None
        self._log = EventLog(self.log_path, readonly=readonly)
        self._db: TinyDB | None = None
        self._meta: dict[str, Any] = _new_meta()
        self._doc_ids: dict[str, int] = {}
        self._next_doc = 1
        self._cache: dict[str, CardState] = {}
        self._warming: Iterator[str] | None = None
        self._tail_events = 0
        # Whether this open changed anything (or replayed log lines the snapshot lacks):
        # closing a store that changed nothing rewrites no snapshot and no backup.
        self._changed = False
        self.closed = False

    # --- opening and closing ------------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: Path,
        profile: str = DEFAULT_PROFILE,
        *,
        readonly: bool = False,
        clock: Callable[[], datetime] = local_now,
    ) -> Store:
        folder, cache = profile_dir(Path(data_dir), profile), Path(data_dir) / "cache"
        store = cls(folder, profile, readonly=readonly, clock=clock, cache_dir=cache)
        try:
            store._open()
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
            self._lock = ProfileLock(
                self.profile_dir,
                f"profile '{self.profile}' is already open in another trainer "
                f"(lock file {self.profile_dir / LOCK_FILE}); close that one first",
            ).acquire()
            sweep_temp_files(self.profile_dir)
        self._attach()
        self._load_snapshot()
        self._log.open()
        self._replay()
        self._check_mirror()
        if not self.readonly:
            if self._tail_events > COMPACT_AFTER:
                self.compact()
            self._backup(refresh=False)

    def _attach(self) -> None:
        self._db = _Database(self.snapshot_path, storage=AtomicJSONStorage, readonly=self.readonly)
        self._states_table = self._table("states")

    def _table(self, name: str) -> InPlaceTable:
        assert self._db is not None
        return cast(InPlaceTable, self._db.table(name))

    def today(self) -> date:
        """The current study day, by this profile's day boundary."""
        return study_day(self.clock(), self._day_starts())

    def _day_starts(self):
        return parse_day_starts(self._meta["settings"].get("day_starts"))

    def _backup(self, *, refresh: bool) -> None:
        problem = make_daily_backup(self.profile_dir, self.snapshot_path, self.log_path, self.today(), refresh=refresh)
        if problem and not any(n.startswith("no backup") for n in self.notices):
            self.notices.append(f"no backup made: {problem}; studying goes on and every answer is still saved")

    def _load_snapshot(self) -> None:
        try:
            self._check_snapshot()
        except ValueError as exc:
            raise StoreCorrupt(
                f"progress file {self.snapshot_path} has a bad value ({exc}); nothing was changed: "
                "run 'trainer restore' to rebuild it from the review log",
                self.snapshot_path,
            ) from None

    def _check_snapshot(self) -> None:
        assert self._db is not None
        meta = self._table("meta").raw_get(META_ID)
        if meta is not None:
            schema = meta.get("schema")
            if type(schema) is int and schema > SCHEMA:
                raise StoreError(
                    f"{self.snapshot_path} was written by a newer trainer (schema {schema}); "
                    "update the trainer to open it"
                )
            check_meta(meta, SCHEMA)
            self._meta = {**_new_meta(), **meta}
        elif (self._db.storage.read() or {}).get("states"):
            raise ValueError("it has card states but no counters")
        else:
            self._changed = True  # a new profile: closing writes its first snapshot
        checked = self._checked_before()
        for doc_id, doc in self._table("states").raw_items():
            key = doc.get("key")
            if not isinstance(key, str):
                raise ValueError("a card state has no key")
            if key in self._doc_ids:
                raise ValueError(f"card {key!r} has two states")
            if not checked:
                try:
                    CardState.check_dict(doc)
                except ValueError as exc:
                    raise ValueError(f"card {key!r}: {exc}") from None
            self._doc_ids[key] = doc_id
            self._next_doc = max(self._next_doc, doc_id + 1)
        if not checked:
            self._remember_checked()

    def _memo_line(self) -> str | None:
        assert self._db is not None
        digest = cast(AtomicJSONStorage, self._db.storage).digest
        return f"{CHECKS_VERSION} {digest}\n" if digest else None

    def _checked_before(self) -> bool:
        """Whether these exact snapshot bytes passed every check before (any change to them shows in the digest)."""
        line = self._memo_line()
        return line is not None and self._read_cache(f"checked-{self.profile}") == line.encode()

    def _remember_checked(self) -> None:
        line = self._memo_line()
        if line is not None:
            self._write_cache(f"checked-{self.profile}", line.encode())

    def _read_cache(self, name: str) -> bytes | None:
        if self.cache_dir is None:
            return None
        try:
            return (self.cache_dir / name).read_bytes()
        except OSError:
            return None

    def _write_cache(self, name: str, data: bytes) -> None:
        if self.cache_dir is None:
            return
        # Only a cache: one that cannot be written is made again next time.
        with contextlib.suppress(OSError):
            replace_file(self.cache_dir / name, data)

    def log_mismatch(self) -> str | None:
        """Why the log is not the one the snapshot was written for, or None if it is."""
        offset = self._meta["log_offset"]
        size = self.log_path.stat().st_size if self.log_path.exists() else 0
        name = self.snapshot_path.name
        if offset > size and not self.log_path.exists():
            return f"is missing but {name} counts {self._meta['reviews']} reviews"
        if offset > size:
            return f"is shorter than {name} expects: it was cut or replaced"
        tail = self._meta.get("log_tail")
        if not starts_a_line(self.log_path, offset) or (tail and tail != tail_digest(self.log_path, offset)):
            return f"does not match {name}: bytes were added, removed or changed"
        return None

    def _check_mirror(self) -> None:
        """The backup's copy of the log must be a prefix of the log: if not, the log lost lines."""
        problem = mirror_mismatch(self.profile_dir, self.log_path, self._log.size)
        if problem:
            raise StoreCorrupt(f"review log {self.log_path} {problem}; {RESTORE_HINT}", self.log_path)

    def _replay(self) -> None:
        offset = self._meta["log_offset"]
        mismatch = self.log_mismatch()
        if mismatch:
            raise StoreCorrupt(f"review log {self.log_path} {mismatch}; {RESTORE_HINT}", self.log_path)
        end = offset
        for position, length, event in self._log.read_from(offset):
            try:
                self._apply(event, position)
            except ValueError as exc:
                raise self._log.damaged(position, str(exc)) from None
            self._tail_events += 1
            self._changed = True
            end = position + length
        if not self.readonly:
            self._log.trim_torn_tail(end)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if not self.readonly and self._db is not None and self._changed:
            try:
                self.compact()
                # Today's backup then holds the day's work, not just its starting point.
                self._backup(refresh=True)
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
        self._meta["log_tail"] = tail_digest(self.log_path, self._log.size)
        self._table("meta").put(META_ID, self._meta)
        storage = self._db.storage
        assert isinstance(storage, AtomicJSONStorage)
        storage.flush()
        self._remember_checked()  # written from checked states: the next open need not check it again
        self._tail_events = 0

    def snapshot_data(self) -> dict[str, Any]:
        """What ``compact`` would write (used by restore to build a snapshot for a new log)."""
        assert self._db is not None
        self._meta["log_offset"] = self._log.size
        self._meta["log_tail"] = tail_digest(self.log_path, self._log.size)
        self._table("meta").put(META_ID, self._meta)
        return self._db.storage.read() or {}

    # --- applying events (on record and on replay) --------------------------------------

    def _apply(self, event: dict[str, Any], offset: int) -> None:
        kind = event["e"]
        if kind == "review":
            if event["id"] < self._meta["next_id"]:
                raise ValueError(f"review id {event['id']} repeats an earlier id")
            self._apply_review(event, offset)
        elif kind == "void":
            if not any(entry[0] == event["id"] for entry in self._meta["undo"]):
                raise ValueError(f"undo of review {event['id']}, which is not among the last answers")
            self._apply_void(event)
        elif kind == "state":
            self._set(event["key"], event["state"])
        elif kind == "settings":
            self._meta["settings"] = dict(event["settings"])
        elif kind == "ids":
            self._meta["next_id"] = max(self._meta["next_id"], event["next"])

    def _day_of(self, time: str) -> str:
        return study_day(datetime.fromisoformat(time), self._day_starts()).isoformat()

    def _apply_review(self, event: dict[str, Any], offset: int) -> None:
        meta = self._meta
        self._set(event["key"], event["after"])
        meta["next_id"] = max(meta["next_id"], event["id"] + 1)
        meta["reviews"] += 1
        day = self._day_of(event["time"])
        meta["day_counts"][day] = meta["day_counts"].get(day, 0) + 1
        if meta["last_studied"] is None or event["time"] > meta["last_studied"]:
            meta["last_studied"] = event["time"]
        meta["undo"].append([event["id"], offset, event["time"], day])
        del meta["undo"][:-UNDO_DEPTH]

    def _apply_void(self, event: dict[str, Any]) -> None:
        meta = self._meta
        self._set(event["key"], event["before"])
        meta["reviews"] = max(0, meta["reviews"] - 1)
        entry = next((e for e in meta["undo"] if e[0] == event["id"]), None)
        day = entry[3] if entry is not None and len(entry) > 3 else self._day_of(event["time"])
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
        table.put(doc_id, {"key": key, **state})

    # --- writing ------------------------------------------------------------------------

    def _writable(self) -> None:
        if self.readonly:
            raise StoreError("progress was opened read-only")
        if self.closed:
            raise StoreError("progress store is closed")
        assert self._lock is not None
        self._lock.verify()
        self._changed = True

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
        review_id, offset = self._meta["undo"][-1][:2]
        event = self._log.read_at(offset)
        if event is None or event.get("e") != "review" or event.get("id") != review_id:
            raise StoreCorrupt(
                f"review log {self.log_path} does not hold review {review_id} where expected; "
                "nothing was undone: close the trainer and run 'trainer restore'",
                self.log_path,
            )
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
        doc = self._states_table.raw_get(doc_id)
        if doc is None:
            return None
        state = CardState.from_checked(doc)  # checked when the snapshot was opened or the state set
        self._cache[key] = state
        return state

    def states(self) -> Mapping[str, CardState]:
        return _States(self)

    def warm_states(self, count: int) -> bool:
        """Convert up to ``count`` more stored states ahead of need (a session and the statistics read
        every one); True once all are. Run in small steps while the student reads the home screen."""
        if self._warming is None:
            self._warming = iter(list(self._doc_ids))  # the keys as they are now; later ones convert when read
        for converted, key in enumerate(self._warming, start=1):
            self.state(key)
            if converted == count:
                return False
        return True

    def revision(self) -> str:
        """Names the progress as it is now: every change appends to the log, the one source of truth."""
        size = self._log.size
        return f"{size}:{tail_digest(self.log_path, size)}"

    def recall(self, name: str, key: str) -> Any:
        """What ``remember`` kept under ``name`` for exactly ``key``, or None (a disposable cache)."""
        raw = self._read_cache(f"{name}-{self.profile}.json")
        try:
            data = orjson.loads(raw) if raw is not None else None
        except orjson.JSONDecodeError:
            return None
        return data.get("value") if isinstance(data, dict) and data.get("key") == key else None

    def remember(self, name: str, key: str, value: Any) -> None:
        with contextlib.suppress(TypeError):  # a value JSON cannot hold is simply not kept
            self._write_cache(f"{name}-{self.profile}.json", orjson.dumps({"key": key, "value": value}))

    def stored_states(self) -> dict[str, StoredState]:
        """Every state as a light view of its stored dict: for counting, which reads a few fields of each."""
        # The table is the truth: _set replaces a state's dict (and drops its cached CardState).
        return {doc["key"]: StoredState(doc) for _, doc in self._states_table.raw_items()}

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
        for _, doc in self._table("states").raw_items():
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
