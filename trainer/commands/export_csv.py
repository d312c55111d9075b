"""``trainer export-csv DECK.toml OUT.csv``: the deck as a spreadsheet (one row per card)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS = 0, 1
# The last four are for map cards (see docs/deck-format.md); other cards leave them empty.
COLUMNS = (
    "id",
    "type",
    "front",
    "back",
    "choices",
    "ordered",
    "accept",
    "tags",
    "source",
    "note",
    "mode",
    "view",
    "region",
    "landmark",
)


def add_parser(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = commands.add_parser("export-csv", help="write a deck as a CSV spreadsheet")
    parser.add_argument("deck_file", metavar="DECK.toml", help="the deck file")
    parser.add_argument("out", metavar="OUT.csv", help="the spreadsheet to write ('-' for standard output)")
    parser.set_defaults(handler=run)


def deck_rows(deck) -> list[list[str]]:
    """One row per card: 'back' holds every card's answer; lists are joined with ' | ' and tags
    with spaces, as 'trainer import' reads them back."""
    rows = [list(COLUMNS)]
    for card in deck.cards:
        back = " | ".join(card.answers) if card.type == "multi" else card.answer_text
        rows.append(
            [
                card.id,
                card.type,
                card.front,
                back,
                " | ".join(card.choices),
                "true" if card.ordered else "",
                " | ".join(card.accept),
                " ".join(card.tags),
                card.source,
                card.note,
                card.mode,
                card.view,
                card.region,
                card.landmark,
            ]
        )
    return rows


def run(args: argparse.Namespace) -> int:
    import csv
    import io
    import os
    import sys
    import tempfile

    from trainer.cli import UserError
    from trainer.commands.export_anki import load_one_deck
    from trainer.text import printable

    deck = load_one_deck(args.deck_file)
    buffer = io.StringIO()
    # A file gets the CSV standard's CRLF; a terminal gets plain newlines (a CR would show as a symbol).
    csv.writer(buffer, lineterminator="\n" if args.out == "-" else "\r\n").writerows(deck_rows(deck))
    if args.out == "-":
        sys.stdout.write(printable(buffer.getvalue()))  # deck text to a terminal: controls made visible
        return EXIT_OK
    out = Path(args.out)
    shown = printable(str(out), one_line=True)
    if out.is_dir():
        raise UserError(f"{shown} is a folder", EXIT_PROBLEMS)
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".export-", suffix=".csv")
        # utf-8-sig: spreadsheet programs then read accents and symbols correctly.
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            handle.write(buffer.getvalue())
        os.replace(tmp, out)
    except OSError as exc:
        raise UserError(f"cannot write {shown}: {exc.strerror or exc}", EXIT_PROBLEMS) from None
    print(printable(f"wrote {out}: {len(deck.cards)} cards", one_line=True))
    return EXIT_OK
