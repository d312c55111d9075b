"""`trainer doctor`: a read-only health report of one profile; exit 0 when healthy, 1 when not."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

EXIT_OK = 0
EXIT_PROBLEMS = 1


def add_parser(commands: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = commands.add_parser(
        "doctor", help="check a profile's progress files and backups (read-only; safe while studying)"
    )
    common(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from trainer.store import DEFAULT_PROFILE, resolve_data_dir
    from trainer.store.health import check_profile
    from trainer.text import printable

    profile = getattr(args, "profile", None) or DEFAULT_PROFILE
    report = check_profile(resolve_data_dir(getattr(args, "data_dir", None)), profile)
    for line in report.lines():
        print(printable(line, one_line=True))
    return EXIT_OK if report.healthy else EXIT_PROBLEMS
