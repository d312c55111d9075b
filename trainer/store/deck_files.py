"""Reading deck files and folders from disk into a ``DeckLibrary`` (the deck model itself is pure)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from trainer.deck import Deck, DeckLibrary, LazyPositions, Problem, parse_deck

__all__ = ["BUILTIN_DECK_DIR", "ParsedDeckCache", "deck_files", "load_deck_file", "load_decks"]

BUILTIN_DECK_DIR = Path(__file__).resolve().parent.parent / "decks"


# --- files --------------------------------------------------------------------------


def deck_files(path: Path) -> list[Path]:
    """The deck files at ``path``: the file itself, or every ``*.toml`` under a folder."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.toml") if p.is_file())
    return [path]


def load_deck_file(path: Path, *, builtin: bool = False) -> tuple[Deck | None, list[Problem]]:
    """Read and parse one deck file; a file that cannot be read is a problem, not an exception."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(str(path), 1, "no such file")]
    except IsADirectoryError:
        return None, [Problem(str(path), 1, "is a folder, not a deck file")]
    except OSError as exc:
        return None, [Problem(str(path), 1, f"cannot read file: {exc.strerror or exc}")]
    return parse_deck(data, path, builtin=builtin)


class ParsedDeckCache(Protocol):
    def get(self, path: Path, *, builtin: bool) -> Deck | None: ...
    def put(self, path: Path, deck: Deck) -> None: ...


def load_decks(
    paths: Iterable[Path], *, builtin_paths: Iterable[Path] = (), cache: ParsedDeckCache | None = None
) -> DeckLibrary:
    """Load every deck under ``builtin_paths`` and ``paths``; a deck id is used once.

    With a ``cache``, unchanged files are not parsed again (``trainer validate`` uses none).
    """
    library = DeckLibrary()
    seen: dict[str, tuple[Path, str]] = {}  # deck id -> (resolved file, path as given)
    sources = [(Path(p), True) for p in builtin_paths] + [(Path(p), False) for p in paths]
    for root, builtin in sources:
        if not root.exists():
            library.problems.append(Problem(str(root), 1, "no such file or folder"))
            continue
        files = deck_files(root)
        if root.is_dir() and not files and not builtin:
            library.problems.append(Problem(str(root), 1, "folder holds no .toml deck files"))
        for file in files:
            deck = cache.get(file, builtin=builtin) if cache is not None else None
            problems: list[Problem] = []
            if deck is None:
                deck, problems = load_deck_file(file, builtin=builtin)
                if deck is not None and cache is not None:
                    cache.put(file, deck)
            if deck is None:
                library.problems.extend(problems)
                continue
            if deck.id in seen:
                first_file, first_path = seen[deck.id]
                if first_file == file.resolve():
                    continue  # the same file reached twice, e.g. a folder and a file in it
                id_line = LazyPositions(file.read_text(encoding="utf-8-sig")).deck_key_line("id") or 1
                library.problems.append(
                    Problem(deck.path, id_line, f"deck id '{deck.id}' is already used by {first_path}")
                )
                continue
            seen[deck.id] = (file.resolve(), deck.path)
            library.decks.append(deck)
    return library
