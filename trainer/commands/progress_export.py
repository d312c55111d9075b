"""``trainer progress export OUT.json|OUT.csv``: the profile's per-card results to hand in (read-only)."""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS = 0, 1


def run(args: argparse.Namespace) -> int:
    import os
    import tempfile

    from trainer.cli import UserError, _data_dir, _profile, load_library
    from trainer.days import local_now
    from trainer.interop.progress import build_export, export_csv, export_json, items_by_key
    from trainer.store import Store
    from trainer.text import printable

    if not getattr(args, "out", None):
        raise UserError("progress export needs a file name: trainer progress export OUT.json (or OUT.csv)")
    out = Path(args.out)
    shown = printable(str(out), one_line=True)
    if out.suffix.lower() not in (".json", ".csv"):
        raise UserError(f"{shown}: the export file name ends in .json or .csv")
    if out.is_dir():
        raise UserError(f"{shown} is a folder", EXIT_PROBLEMS)
    library = load_library(args)
    items = items_by_key(item for deck in library.decks for item in deck.items())
    with Store.open(_data_dir(args), _profile(args), readonly=True) as store:
        states = dict(store.states())
        histories = {key: store.history(key) for key in states}
    export = build_export(_profile(args), local_now(), states, histories, items)
    text = export_csv(export) if out.suffix.lower() == ".csv" else export_json(export)
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".progress-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, out)
    except OSError as exc:
        raise UserError(f"cannot write {shown}: {exc.strerror or exc}", EXIT_PROBLEMS) from None
    n = len(export.cards)
    print(printable(f"wrote {out}: profile '{export.profile}', {n} card{'s' if n != 1 else ''} studied", one_line=True))
    return EXIT_OK
