"""``trainer import FILE``: a CSV/TSV spreadsheet or an Anki text export becomes a deck file that validates."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS = 0, 1
_DELIMITERS = {"comma": ",", "tab": "\t", "semicolon": ";", "pipe": "|", ",": ",", "\\t": "\t", ";": ";", "|": "|"}


def add_parser(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = commands.add_parser(
        "import",
        help="turn a CSV/TSV file or an Anki 'Notes in Plain Text' export into a deck file",
        description="Import a spreadsheet (CSV or TSV) or an Anki text export as a deck. Rows that cannot be "
        "imported are reported as FILE:LINE: why; the rest are imported. Re-importing the same file keeps "
        "card ids, so students keep their progress.",
    )
    parser.add_argument("file", metavar="FILE", help="the .csv, .tsv or Anki .txt export")
    parser.add_argument("--deck-id", metavar="ID", help="deck id: lowercase letters, digits, '-' (default: from FILE)")
    parser.add_argument("--title", metavar="TITLE", help="deck title (default: from FILE)")
    parser.add_argument(
        "-o", "--output", metavar="OUT.toml", help="where to write (default: ID.toml, never overwritten)"
    )
    parser.add_argument(
        "--delimiter", metavar="SEP", help="comma, tab, semicolon or pipe (default: detected or Anki's #separator)"
    )
    header = parser.add_mutually_exclusive_group()
    header.add_argument("--header", action="store_true", default=None, help="the first row names the columns")
    header.add_argument("--no-header", dest="header", action="store_false", help="the first row is a card")
    parser.add_argument(
        "--columns",
        metavar="LIST",
        help="what each column holds, e.g. front,back,tags (also source, note, id, type, '-')",
    )
    parser.add_argument("--source", metavar="TEXT", default="", help="citation to put on every imported card")
    parser.add_argument("--skip-clozes", action="store_true", help="report cloze notes as skipped instead of importing")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from trainer.cli import UserError
    from trainer.deck import ID_RE, parse_deck
    from trainer.interop.files import InputError, decode_utf8, read_input
    from trainer.interop.importer import COLUMN_NAMES, ImportFailed, ImportOptions, column_name, import_rows
    from trainer.interop.toml_out import deck_toml
    from trainer.text import CONTROL_RE, printable

    def say(text: str, *, err: bool = False) -> None:
        print(printable(text, one_line=True), file=sys.stderr if err else sys.stdout)

    source = Path(args.file)
    delimiter = None
    if args.delimiter is not None:
        delimiter = _DELIMITERS.get(args.delimiter.lower())
        if delimiter is None:
            raise UserError("--delimiter: use comma, tab, semicolon or pipe")
    deck_id = args.deck_id or re.sub(r"[^a-z0-9-]+", "-", source.stem.lower()).strip("-") or "imported"
    if not ID_RE.fullmatch(deck_id):
        raise UserError(
            f"--deck-id '{printable(deck_id, one_line=True)}' may only use lowercase letters, digits and '-'"
        )
    title = args.title or source.stem.replace("_", " ").replace("-", " ").strip().capitalize() or deck_id
    title = CONTROL_RE.sub("", title).strip() or deck_id
    columns = [c.strip() for c in args.columns.split(",")] if args.columns else None
    for word in columns or ():
        if column_name(word) is None:
            names = ", ".join(n for n in COLUMN_NAMES if n != "skip")
            raise UserError(
                f"--columns: unknown column '{printable(word, one_line=True)}' (use {names}, or '-' to skip one)"
            )
    options = ImportOptions(
        delimiter=delimiter, header=args.header, columns=columns, clozes=not args.skip_clozes, source=args.source
    )
    try:
        data = read_input(source)
        if data.startswith(b"PK\x03\x04"):
            raise InputError(
                f"{source}: is a zip file (an Anki package?); in Anki use File > Export > Notes in Plain Text, "
                "then import that .txt file"
            )
        text = decode_utf8(data, source)
        if not text.strip():
            raise InputError(f"{source}: file is empty")
        result = import_rows(text, str(source), options)
    except (InputError, ImportFailed) as exc:
        raise UserError(printable(str(exc), one_line=True), EXIT_PROBLEMS) from None
    for line in result.skipped:
        say(line, err=True)
    if not result.cards:
        raise UserError(f"{printable(str(source), one_line=True)}: no card could be imported", EXIT_PROBLEMS)
    out = Path(args.output) if args.output else Path(f"{deck_id}.toml")
    name = re.sub(r"[^\w./ -]", "?", source.name)  # the name sits in a comment line
    comment = f"Imported from {name} by 'trainer import'."
    if not args.source:
        comment += '\nCards have no source yet: add source = "..." to each (see docs/deck-format.md).'

    deck_text = deck_toml(
        {"id": deck_id, "title": title, "description": f"Imported from {name}"}, result.cards, comment=comment
    )
    deck, problems = parse_deck(deck_text, out)
    if deck is None:  # never expected: the importer only builds valid cards
        raise UserError(
            f"the imported deck does not validate: {printable(str(problems[0]), one_line=True)}", EXIT_PROBLEMS
        )
    _write(out, deck_text, overwrite=bool(args.output))
    for note in result.notes:
        say(f"{source}: {note}", err=True)
    if result.media:
        say(f"{source}: dropped {result.media.describe()} (the trainer shows text only)", err=True)
    if result.controls_removed:
        say(f"{source}: removed {result.controls_removed} control characters", err=True)
    skipped = len(result.skipped)
    say(
        f"imported {len(result.cards)} card{'s' if len(result.cards) != 1 else ''} into {out}"
        + (f"; {skipped} row{'s' if skipped != 1 else ''} skipped (listed above)" if skipped else "")
    )
    return EXIT_OK


def _write(out: Path, text: str, *, overwrite: bool) -> None:
    import os
    import tempfile

    from trainer.cli import UserError
    from trainer.text import printable

    shown = printable(str(out), one_line=True)
    if out.exists() and not overwrite:
        raise UserError(f"{shown} already exists; name it with -o to replace it", EXIT_PROBLEMS)
    if out.exists() and not out.is_file():
        raise UserError(f"{shown} is not a regular file", EXIT_PROBLEMS)
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", prefix=".import-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, out)
    except OSError as exc:
        raise UserError(f"cannot write {shown}: {exc.strerror or exc}", EXIT_PROBLEMS) from None
