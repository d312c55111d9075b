"""`trainer restore`: repair a damaged profile, keeping every intact review (see trainer.store.restore)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

EXIT_OK = 0
EXIT_PROBLEMS = 1


def add_parser(commands: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = commands.add_parser(
        "restore",
        help="repair damaged progress: keep every intact review, set damaged lines aside, rebuild the rest",
    )
    common(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from trainer.store import DEFAULT_PROFILE, NothingToRestore, resolve_data_dir, restore_profile
    from trainer.store.restore import describe
    from trainer.text import printable

    profile = getattr(args, "profile", None) or DEFAULT_PROFILE
    try:
        report = restore_profile(resolve_data_dir(getattr(args, "data_dir", None)), profile)
    except NothingToRestore as exc:
        print(printable(str(exc), one_line=True))
        return EXIT_OK
    for line in describe(report):
        print(printable(line, one_line=True))
    return EXIT_OK
