"""``trainer validate PATH...``: every problem of the deck files as ``path:line: message``, then warnings.

Exit codes: 0 clean (warnings allowed), 1 errors (or warnings with ``--strict``), 2 usage.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_PROBLEMS = 0, 1


def add_parser(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = commands.add_parser(
        "validate",
        help="check deck files: errors and warnings as path:line: message",
        description="Check deck files. Exit status: 0 clean (warnings allowed), 1 errors "
        "(or warnings with --strict), 2 usage error.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="deck files or folders")
    parser.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="json: one array of {path, line, severity, message}"
    )
    common(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from trainer.deck_lint import ERROR, WARNING
    from trainer.text import printable

    findings, decks = check([Path(p) for p in [*args.paths, *(args.deck or ())]], data_dir=_data_dir(args))
    errors = [f for f in findings if f.severity == ERROR]
    warnings = [f for f in findings if f.severity == WARNING]
    failed = bool(errors) or (args.strict and bool(warnings))
    if args.format == "json":
        print(printable(json.dumps([f.to_dict() for f in findings], indent=2)))
        return EXIT_PROBLEMS if failed else EXIT_OK
    for finding in findings:
        # Errors keep the plain path:line: message form; warnings say what they are.
        text = str(finding) if finding.severity == WARNING else f"{finding.path}:{finding.line}: {finding.message}"
        print(printable(text, one_line=True))

    if errors:
        files = len({f.path for f in errors})
        print(
            f"trainer: {_count(len(errors), 'problem')} in {_count(files, 'file')}"
            + (f", and {_count(len(warnings), 'warning')}" if warnings else ""),
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    totals: dict[str, int] = {}
    for deck in decks:
        for kind, n in deck.counts_by_type().items():
            totals[kind] = totals.get(kind, 0) + n
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))
    line = f"OK: {_count(len(decks), 'deck')}, {_count(sum(totals.values()), 'card')} ({kinds})"
    if warnings:
        line += f"; {_count(len(warnings), 'warning')}"
    print(printable(line, one_line=True))
    if failed:
        print(f"trainer: {_count(len(warnings), 'warning')} (--strict makes warnings fail)", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _data_dir(args: argparse.Namespace) -> Path | None:
    from trainer.store import StoreError, resolve_data_dir

    try:
        return resolve_data_dir(getattr(args, "data_dir", None))
    except (StoreError, OSError):
        return None


def check(paths: list[Path], *, data_dir: Path | None):
    """Every error and warning for the deck files under ``paths``, sorted; and the decks that loaded."""
    from trainer.deck import Deck, Problem
    from trainer.deck_lint import ERROR, Finding, answer_changes, card_warnings, duplicate_fronts, id_clashes
    from trainer.interop.files import InputError, read_input
    from trainer.store.deck_files import load_decks

    findings: list[Finding] = []
    usable: list[Path] = []
    for path in paths:
        if path.exists() and not path.is_dir():
            try:
                read_input(path)
            except InputError as exc:
                # A FIFO, device or huge file is refused here before anything tries to read it whole.
                findings.append(Finding(str(path), 1, ERROR, str(exc).removeprefix(f"{path}: ")))
                continue
        usable.append(path)
    library = load_decks(usable, partial=False)
    problems: list[Problem] = list(library.problems)
    findings.extend(Finding(p.path, p.line, ERROR, p.message) for p in problems)
    texts: list[tuple[Deck, str]] = []
    for deck in library.decks:
        try:
            texts.append((deck, Path(deck.path).read_text(encoding="utf-8-sig", errors="replace")))
        except OSError:
            texts.append((deck, ""))
    installed = _installed_decks(data_dir)
    for deck, text in texts:
        findings.extend(card_warnings(deck, text))
        here = Path(deck.path).resolve()
        others = [d for d in installed if d.id == deck.id and Path(d.path).resolve() != here]
        findings.extend(id_clashes(deck, text, others))
        previous = _cached_previous(data_dir, Path(deck.path))
        if previous is not None:
            findings.extend(answer_changes(deck, text, previous, "the version the trainer last loaded"))
        for other in others:
            findings.extend(answer_changes(deck, text, other, f"the deck in {other.path}"))
    findings.extend(duplicate_fronts(texts, installed))
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.severity, f.message)), library.decks


def _installed_decks(data_dir: Path | None):
    """The decks the trainer loads by itself: built-in ones and those in the user's deck folder."""
    from trainer.store import user_deck_dir
    from trainer.store.deck_files import BUILTIN_DECK_DIR, deck_files, load_decks

    decks = list(load_decks([], builtin_paths=[BUILTIN_DECK_DIR]).decks)
    if data_dir is not None and user_deck_dir(data_dir).is_dir():
        # Every user deck, even one a same-id deck replaces, since each would clash.
        for file in deck_files(user_deck_dir(data_dir)):
            decks.extend(load_decks([file]).decks)
    return decks


def _cached_previous(data_dir: Path | None, path: Path):
    """The deck as the trainer last parsed this file (its deck cache keeps it), or None.

    The entry is read even when stale: that is the point. An unchanged file simply shows no
    changed answers.
    """
    if data_dir is None:
        return None
    import orjson

    from trainer.deck import Card, Deck
    from trainer.store.deck_cache import DeckCache

    try:
        data = orjson.loads(DeckCache(data_dir)._entry(path).read_bytes())
        deck = data["deck"]
        fields: list[dict[str, Any]] = [
            {k: tuple(v) if isinstance(v, list) else v for k, v in card.items()} for card in deck["cards"]
        ]
        cards = tuple(Card(**card) for card in fields)
        return Deck(deck["id"], deck["title"], deck["description"], str(path), cards)
    except (OSError, ValueError, KeyError, TypeError):
        return None
