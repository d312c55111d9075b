"""Subcommands that live in modules of their own, each with ``add_parser(commands, common)`` and ``run(args)``.

``trainer.cli`` adds every module named in ``MODULES`` to its parser and calls its ``run``;
a module is imported only for building the parser, so keep its top-level imports light.
"""

from __future__ import annotations

# One entry per command module under trainer.commands, in the order --help lists them.
MODULES: list[str] = [
    "validate",
    "new_deck",
    "import_deck",
    "export_anki",
    "export_csv",
    "report",
    "restore",
    "doctor",
    "stats",
    "exam",
    "map",
]
