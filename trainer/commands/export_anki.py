"""``trainer export-anki DECK.toml OUT.apkg``: the deck as an Anki package (genanki)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS = 0, 1


def add_parser(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = commands.add_parser("export-anki", help="write a deck as an Anki package (.apkg)")
    parser.add_argument("deck_file", metavar="DECK.toml", help="the deck file")
    parser.add_argument("out", metavar="OUT.apkg", help="the package to write")
    parser.set_defaults(handler=run)


def load_one_deck(path_text: str):
    """One deck file, fully valid, or a UserError with its first problem (for the export commands)."""
    from trainer.cli import UserError
    from trainer.deck import parse_deck
    from trainer.interop.files import InputError, read_input
    from trainer.text import printable

    path = Path(path_text)
    try:
        data = read_input(path)
    except InputError as exc:
        raise UserError(printable(str(exc), one_line=True), EXIT_PROBLEMS) from None
    deck, problems = parse_deck(data, path)
    if deck is None:
        more = f" (and {len(problems) - 1} more; run 'trainer validate')" if len(problems) > 1 else ""
        raise UserError(printable(f"{problems[0]}{more}", one_line=True), EXIT_PROBLEMS)
    return deck


def run(args: argparse.Namespace) -> int:
    from trainer.cli import UserError
    from trainer.text import printable

    deck = load_one_deck(args.deck_file)
    out = Path(args.out)
    if out.suffix.lower() != ".apkg":
        raise UserError(f"{printable(str(out), one_line=True)}: an Anki package name ends in .apkg")
    if out.is_dir():
        raise UserError(f"{printable(str(out), one_line=True)} is a folder", EXIT_PROBLEMS)
    from trainer.interop.anki_export import write_apkg

    try:
        write_apkg(deck, out)
    except OSError as exc:
        raise UserError(
            f"cannot write {printable(str(out), one_line=True)}: {exc.strerror or exc}", EXIT_PROBLEMS
        ) from None
    n = len(deck.cards)
    print(printable(f"wrote {out}: deck '{deck.title}', {n} note{'s' if n != 1 else ''}", one_line=True))
    return EXIT_OK
