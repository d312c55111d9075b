"""Reading deck files and folders from disk into a ``DeckLibrary`` (the deck model itself is pure)."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from trainer.deck import Deck, DeckLibrary, LazyPositions, Problem, parse_deck

__all__ = ["BUILTIN_DECK_DIR", "MAX_DECK_BYTES", "ParsedDeckCache", "deck_files", "load_deck_file", "load_decks"]

BUILTIN_DECK_DIR = Path(__file__).resolve().parent.parent / "decks"
# Far above any hand-written deck (the built-in ones are tens of KB); a file this big is a mistake.
MAX_DECK_BYTES = 20 * 1024 * 1024


# --- files --------------------------------------------------------------------------


def deck_files(path: Path) -> list[Path]:
    """The deck files at ``path``: the file itself, or every ``*.toml`` under a folder.

    In a folder, a ``*.toml`` that is not a regular file (a pipe, a link to a device) is
    listed too, so that reading it reports the problem instead of skipping it silently.
    """
    if path.is_dir():
        return sorted(p for p in path.rglob("*.toml") if not p.is_dir())
    return [path]


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def read_deck_bytes(path: Path) -> tuple[bytes | None, str | None]:
    """The bytes of a deck file, or why it is refused: never blocks, never reads without bound.

    Only regular files are read: a FIFO would block forever and a link to /dev/zero would
    fill memory. The type is checked before opening, and again on the open descriptor.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None, "no such file"
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    if stat.S_ISDIR(info.st_mode):
        return None, "is a folder, not a deck file"
    if not stat.S_ISREG(info.st_mode):
        return None, "is not a regular file (a device, pipe or socket); a deck must be a .toml file"
    if info.st_size > MAX_DECK_BYTES:
        return None, f"is {_mb(info.st_size)}; deck files over {_mb(MAX_DECK_BYTES)} are refused"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between the check and the open
            return None, "is not a regular file (a device, pipe or socket); a deck must be a .toml file"
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > MAX_DECK_BYTES:
                return None, f"is over {_mb(MAX_DECK_BYTES)}; deck files that big are refused"
            chunks.append(chunk)
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    finally:
        os.close(fd)
    return b"".join(chunks), None


def load_deck_file(path: Path, *, builtin: bool = False, partial: bool = False) -> tuple[Deck | None, list[Problem]]:
    """Read and parse one deck file; a file that cannot be read is a problem, not an exception."""
    data, problem = read_deck_bytes(path)
    if data is None:
        return None, [Problem(str(path), 1, problem or "cannot read file")]
    return parse_deck(data, path, builtin=builtin, partial=partial)


class ParsedDeckCache(Protocol):
    def get(self, path: Path, data: bytes, *, builtin: bool) -> Deck | None: ...
    def put(self, path: Path, data: bytes, deck: Deck) -> None: ...


def load_decks(
    paths: Iterable[Path],
    *,
    builtin_paths: Iterable[Path] = (),
    cache: ParsedDeckCache | None = None,
    partial: bool = True,
) -> DeckLibrary:
    """Load every deck under ``builtin_paths`` and ``paths``; a deck id is used once.

    Precedence: each entry of ``paths`` wins over the entries before it, and all of them over
    the built-in decks (the CLI passes the user's deck folder first, then paths given on the
    command line). The deck not used is named in a problem, never dropped silently; two decks
    with one id under the same path are a plain clash, and the first one is used.
    With ``partial``, a deck with some bad cards loads the good ones (``Deck.skipped``).
    With a ``cache``, unchanged files are not parsed again (``trainer validate`` uses none).
    """
    library = DeckLibrary()
    chosen: dict[str, tuple[Deck, int, Path]] = {}  # deck id -> (deck, rank of its root, resolved file)
    sources = [(Path(p), True) for p in builtin_paths] + [(Path(p), False) for p in paths]
    for rank, (root, builtin) in enumerate(sources):
        if not root.exists():
            library.problems.append(Problem(str(root), 1, "no such file or folder"))
            continue
        files = deck_files(root)
        if root.is_dir() and not files and not builtin:
            library.problems.append(Problem(str(root), 1, "folder holds no .toml deck files"))
        for file in files:
            deck = _load_one(library, file, builtin=builtin, cache=cache, partial=partial)
            if deck is None:
                continue
            resolved = file.resolve()
            if deck.id not in chosen:
                chosen[deck.id] = (deck, rank, resolved)
                continue
            first, first_rank, first_file = chosen[deck.id]
            if first_file == resolved:
                continue  # the same file reached twice, e.g. a folder and a file in it
            if first_rank == rank or (builtin and first.builtin):
                library.problems.append(
                    Problem(deck.path, _id_line(file), f"deck id '{deck.id}' is already used by {first.path}")
                )
                continue
            chosen[deck.id] = (deck, rank, resolved)
            library.problems.append(_not_used(first, deck))
    library.decks.extend(deck for deck, _, _ in chosen.values())
    return library


def _load_one(
    library: DeckLibrary, file: Path, *, builtin: bool, cache: ParsedDeckCache | None, partial: bool
) -> Deck | None:
    data, problem = read_deck_bytes(file)
    if data is None:
        library.problems.append(Problem(str(file), 1, problem or "cannot read file"))
        return None
    deck = cache.get(file, data, builtin=builtin) if cache is not None else None
    if deck is None:
        deck, problems = parse_deck(data, file, builtin=builtin, partial=partial)
        library.problems.extend(problems)
        if deck is not None and cache is not None and not deck.skipped:
            cache.put(file, data, deck)  # a deck with skipped cards is parsed again, so the reasons stay known
    return None if deck is None else replace(deck, digest=hashlib.blake2b(data, digest_size=16).hexdigest())


def _id_line(file: Path) -> int:
    try:
        return LazyPositions(file.read_text(encoding="utf-8-sig", errors="replace")).deck_key_line("id") or 1
    except (OSError, ValueError):
        return 1


def _not_used(loser: Deck, winner: Deck) -> Problem:
    """The notice naming a deck that another deck with the same id replaced."""
    if loser.builtin:
        message = f"not used: the built-in deck '{loser.id}' is replaced by {winner.path}"
    else:
        message = (
            f"not used: deck id '{loser.id}' is also in {winner.path}, which is used instead "
            "(a path on the command line wins over the user deck folder, which wins over built-in decks)"
        )
    return Problem(loser.path, _id_line(Path(loser.path)), message)
