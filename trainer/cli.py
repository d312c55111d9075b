"""Command line: `trainer` (study UI), `study`, `validate`, `decks`, `progress`, `unsuspend`, `restore`.

The Textual UI is imported only when it starts, so plain commands stay fast. Every user
error ends as one line on stderr and a non-zero exit; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from trainer import __version__
from trainer.commands import MODULES
from trainer.deck import DeckLibrary
from trainer.store.deck_files import BUILTIN_DECK_DIR, deck_files, load_decks
from trainer.text import plural, printable

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class UserError(Exception):
    """A problem the user can fix; its text is the one line they see."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage dump
        raise UserError(f"{message} (see 'trainer --help')")


def _common_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """--data-dir, --profile and --deck, accepted before the command and after it.

    The subcommand's copies default to SUPPRESS so that an option given before the
    command is not reset by the subcommand's parser.
    """
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="where progress is kept (default: $TRAINER_HOME, else the user data folder)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        default=default,
        help="progress profile, e.g. one per student on a shared machine (default: 'default')",
    )
    parser.add_argument(
        "--deck",
        # after the command, a list of its own, added to the one before it (see run)
        dest="deck_after_command" if suppress else "deck",
        metavar="PATH",
        action="append",
        default=default,
        help="also load this deck file or folder of decks for this run (repeatable)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="trainer",
        description="Spaced-repetition anatomy trainer: dermatomes, landmarks and red flags.",
        epilog="Run 'trainer' with no command to open the study screen.",
    )
    parser.add_argument("--version", action="version", version=f"trainer {__version__}")
    _common_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    study = commands.add_parser("study", help="start a review session straight away")
    study.add_argument(
        "targets", nargs="*", metavar="DECK", help="deck ids, deck files or folders (default: all decks)"
    )
    study.add_argument(
        "--tag", action="append", metavar="TAG", help="only cards with this tag (repeatable: any of them)"
    )
    study.add_argument(
        "--state",
        metavar="STATE",
        help="only cards in this state: leeches, failed-today, due-tomorrow, new, learning, young, mature",
    )
    study.add_argument(
        "--weakest", type=int, metavar="N", help="only the N weakest cards (most lapses, lowest easiness)"
    )
    study.add_argument(
        "--confusions", action="store_true", help="only the cards behind my most frequent root confusions"
    )
    study.add_argument(
        "--cram",
        action="store_true",
        help="custom study: ask every chosen card now; no schedule changes (logged as drill)",
    )
    _common_options(study, suppress=True)

    decks = commands.add_parser("decks", help="list the decks found, with card counts")
    _common_options(decks, suppress=True)

    progress = commands.add_parser("progress", help="print the profile's counts (read-only; safe while studying)")
    progress.add_argument("--json", action="store_true", help="print JSON for scripts")
    progress.add_argument("action", nargs="?", choices=["export"], help="export: write per-card results to hand in")
    progress.add_argument("out", nargs="?", metavar="OUT.json|OUT.csv", help="the file 'progress export' writes")
    _common_options(progress, suppress=True)

    unsuspend = commands.add_parser("unsuspend", help="ask suspended cards again (list them with no arguments)")
    unsuspend.add_argument(
        "keys", nargs="*", metavar="CARD", help="card keys as listed, e.g. dermatomes:l4-medial-malleolus"
    )
    unsuspend.add_argument("--all", action="store_true", help="unsuspend every suspended card")
    _common_options(unsuspend, suppress=True)

    for name in MODULES:
        module = importlib.import_module(f"trainer.commands.{name}")
        module.add_parser(commands, lambda p: _common_options(p, suppress=True))
    return parser


# --- decks ----------------------------------------------------------------------------


def _data_dir(args: argparse.Namespace) -> Path:
    from trainer.store import resolve_data_dir

    return resolve_data_dir(args.data_dir)


def _profile(args: argparse.Namespace) -> str:
    from trainer.store import DEFAULT_PROFILE

    return DEFAULT_PROFILE if args.profile is None else args.profile


def _check_options(args: argparse.Namespace) -> None:
    """Empty names are mistakes, not "the default" or "the current folder"."""
    if args.profile is not None and not args.profile.strip():
        raise UserError("--profile needs a name, e.g. --profile default")
    if args.data_dir is not None and not args.data_dir.strip():
        raise UserError("--data-dir needs a folder")
    if any(not p.strip() for p in args.deck or ()):
        raise UserError("--deck needs a deck file or folder")
    for target in getattr(args, "targets", None) or ():
        if not target.strip():
            raise UserError("an empty deck name: give a deck id, a deck file or a folder")
    for path in getattr(args, "paths", None) or ():
        if not path.strip():
            raise UserError("an empty path: give a deck file or folder")


def _existing_profiles(data_dir: Path) -> list[str]:
    from trainer.store.paths import DEFAULT_PROFILE, profile_dir

    root = profile_dir(data_dir, DEFAULT_PROFILE).parent
    try:
        return sorted(p.name for p in root.iterdir() if p.is_dir())
    except OSError:
        return []


def _require_profile(args: argparse.Namespace) -> None:
    """A command that only reads never creates a profile: a misspelt name is an error.

    The default profile of a data folder with no profile at all is simply empty (a new student).
    """
    from trainer.store import DEFAULT_PROFILE
    from trainer.store.paths import profile_dir

    data_dir, profile = _data_dir(args), _profile(args)
    if profile_dir(data_dir, profile).is_dir():
        return
    existing = _existing_profiles(data_dir)
    if profile == DEFAULT_PROFILE and not existing:
        return
    known = ", ".join(printable(name, one_line=True) for name in existing) or "none yet"
    raise UserError(
        f"no profile '{printable(profile, one_line=True)}' in {printable(str(data_dir), one_line=True)} "
        f"(existing profiles: {known})",
        EXIT_PROBLEMS,
    )


def load_library(args: argparse.Namespace, extra: Sequence[Path] = ()) -> DeckLibrary:
    """Built-in decks, then the user's deck folder, then --deck paths and any extra paths."""
    from trainer.store import user_deck_dir
    from trainer.store.deck_cache import DeckCache

    data_dir = _data_dir(args)
    user_paths: list[Path] = []
    user_dir = user_deck_dir(data_dir)
    if user_dir.is_dir():
        user_paths.append(user_dir)
    user_paths.extend(Path(p) for p in args.deck or ())
    user_paths.extend(extra)
    return load_decks(user_paths, builtin_paths=[BUILTIN_DECK_DIR], cache=DeckCache(data_dir))


CARDS_LEGEND = "a reverse card counts 2: it is asked both ways, one way a day"
OFFERS_LEGEND = "what studying today offers within the daily limits, as on the home screen"


def _open_service(args: argparse.Namespace, library: DeckLibrary) -> tuple[Any, Any]:
    """The profile's progress, read-only, and the study service over it: the one source of counts."""
    from trainer.store import Store
    from trainer.study import StudyService

    store = Store.open(_data_dir(args), _profile(args), readonly=True)
    return store, StudyService(store, library)


def cmd_decks(args: argparse.Namespace) -> int:
    library = load_library(args)
    store, service = _open_service(args, library)
    with store:
        offers = service.offers()
    width = max((len(d.id) for d in library.decks), default=4)
    print(f"{'deck':<{width}}  cards  new  due  again  title")
    for deck in library.decks:
        counts = offers.get(deck.id)
        origin = "built-in" if deck.builtin else deck.path
        numbers = f"{len(deck.items()):>5}  {counts.new:>3}  {counts.due:>3}  {counts.drill:>5}" if counts else ""
        line = f"{deck.id:<{width}}  {numbers}  {deck.title}  ({origin})"
        if deck.skipped:
            line += f"  [{len(deck.skipped)} card{'s' if len(deck.skipped) != 1 else ''} skipped: trainer validate]"
        print(printable(line, one_line=True))
    for path, problem in library.broken_files().items():
        print(printable(f"skipped {path}: {problem}", one_line=True))
    print(f"cards: questions in the deck ({CARDS_LEGEND}); new, due, again: {OFFERS_LEGEND}")
    return EXIT_OK


# --- progress -------------------------------------------------------------------------


def cmd_progress(args: argparse.Namespace) -> int:
    if args.action == "export":
        from trainer.commands.progress_export import run as export_progress

        return export_progress(args)
    library = load_library(args)
    store, service = _open_service(args, library)
    with store:
        counts = store.counts(service.today)
        states = store.states()
        offers = service.offers()
    items = [item for deck in library.decks for item in deck.items()]
    unseen = sum(1 for item in items if (s := states.get(item.key)) is None or s.is_new)
    report = {
        "profile": _profile(args),
        "cards_seen": counts.cards_seen,
        "reviews": counts.reviews,
        "new_today": sum(c.new for c in offers.values()),
        "due_today": sum(c.due for c in offers.values()),
        "again_today": sum(c.drill for c in offers.values()),
        "new_available": sum(c.new for c in offers.values()),  # the same as new_today (older name)
        "new_total": unseen,
        "cards_total": len(items),
        "last_studied": counts.last_studied.isoformat() if counts.last_studied else None,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return EXIT_OK
    last = counts.last_studied.strftime("%Y-%m-%d %H:%M") if counts.last_studied else "never"
    print(printable(f"profile       {report['profile']}", one_line=True))
    print(f"cards         {len(items)} in {len(library.decks)} decks ({CARDS_LEGEND})")
    print(f"cards seen    {report['cards_seen']} ({unseen} not yet seen)")
    print(f"reviews       {report['reviews']} answer{'' if report['reviews'] == 1 else 's'} given")
    print(f"today         {report['new_today']} new, {report['due_today']} due, {report['again_today']} again")
    print(f"              ({OFFERS_LEGEND})")
    print(f"last studied  {last}")
    return EXIT_OK


def cmd_unsuspend(args: argparse.Namespace) -> int:
    from trainer.store import Store

    with Store.open(_data_dir(args), _profile(args), readonly=not (args.keys or args.all)) as store:
        states = store.states()
        suspended = sorted(key for key in states if states[key].suspended)
        if not (args.keys or args.all):
            for key in suspended:
                print(key)
            print(
                f"{plural(len(suspended), 'suspended card')}; 'trainer unsuspend KEY...' or '--all' asks them again",
                file=sys.stderr,
            )
            return EXIT_OK
        chosen = suspended if args.all else args.keys
        unknown = [key for key in chosen if key not in suspended]
        if unknown:
            raise UserError(f"not a suspended card: {unknown[0]} (run 'trainer unsuspend' to list them)", EXIT_PROBLEMS)
        for key in chosen:
            store.set_state(key, states[key].with_changes(suspended=False))
    print(f"unsuspended {plural(len(chosen), 'card')}")
    return EXIT_OK


# --- the UI ---------------------------------------------------------------------------


def _study_targets(args: argparse.Namespace) -> tuple[DeckLibrary, list[str] | None]:
    """Load decks, treating each study target as a path if one exists, else as a deck id."""
    paths = [Path(t) for t in args.targets if Path(t).exists()]
    library = load_library(args, extra=paths)
    if not args.targets:
        return library, None
    chosen: list[str] = []
    for target in args.targets:
        path = Path(target)
        if path.exists():
            files = {f.resolve() for f in deck_files(path)}
            found = [d.id for d in library.decks if Path(d.path).resolve() in files]
            if not found:
                first = library.broken_files()
                problem = next((first[str(f)] for f in deck_files(path) if str(f) in first), None)
                raise UserError(str(problem) if problem else f"{target}: no deck found there", EXIT_PROBLEMS)
            chosen.extend(found)
        elif library.by_id(target):
            chosen.append(target)
        else:
            known = ", ".join(d.id for d in library.decks) or "none"
            raise UserError(f"no deck '{target}' (no such file either; known decks: {known})")
    return library, list(dict.fromkeys(chosen))


def _custom_selection(args: argparse.Namespace, service: Any, deck_ids: list[str] | None) -> tuple[list | None, bool]:
    """The items `trainer study --tag/--state/--weakest/--confusions` chose (None: no selector), and --cram."""
    from trainer.planning import STATE_FILTERS, Selection
    from trainer.stats import confusion_keys

    if args.state is not None and args.state not in STATE_FILTERS:
        raise UserError(f"unknown card state '{args.state}' (use one of: {', '.join(STATE_FILTERS)})")
    if args.weakest is not None and args.weakest < 1:
        raise UserError("--weakest needs a number of cards, 1 or more")
    if not (args.tag or args.state or args.weakest or args.confusions):
        return (service.items(deck_ids) if args.cram else None), args.cram
    if args.confusions and service.stats_log is not None:
        from trainer.commands.stats import say_if_long

        say_if_long(service.stats_log.pending())
    keys = tuple(confusion_keys(service.stats().confusions)) if args.confusions else None
    selection = Selection(
        decks=tuple(deck_ids or ()), tags=tuple(args.tag or ()), state=args.state, weakest=args.weakest, keys=keys
    )
    chosen = service.select(selection)
    if not chosen:
        raise UserError(f"no card matches: {selection.describe()}", EXIT_PROBLEMS)
    return chosen, args.cram


def _keep_stats_cache(stats_log: Any) -> None:
    """Fold this run's answers into an existing statistics cache, so the next stats open reads little."""
    from trainer.store import StoreError

    # Only a cache: if this fails, the next stats open folds what it missed.
    with contextlib.suppress(OSError, StoreError):
        stats_log.refresh()


def cmd_ui(args: argparse.Namespace, *, study_now: bool) -> int:
    # Start-up reads tens of thousands of small dicts (states, deck cache) that hold no cycles;
    # collecting garbage while they load was a third of their cost. The app turns collection
    # back on once its first screen is drawn (``TrainerApp.on_mount``), and so does leaving.
    gc.disable()
    try:
        return _run_ui(args, study_now=study_now)
    finally:
        gc.enable()


def _run_ui(args: argparse.Namespace, *, study_now: bool) -> int:
    from trainer.store import Store

    if study_now:
        library, deck_ids = _study_targets(args)
    else:
        library, deck_ids = load_library(args), None
    with Store.open(_data_dir(args), _profile(args)) as store:
        from trainer.store.stats_cache import StatsLog
        from trainer.study import StudyService

        stats_log = StatsLog.of_store(store)
        service = StudyService(store, library, stats_log=stats_log)
        study_items, cram = _custom_selection(args, service, deck_ids) if study_now else (None, False)
        from trainer.ui.app import TrainerApp  # imported late: Textual costs ~0.25 s

        app = TrainerApp(
            service=service,
            profile=_profile(args),
            study_decks=deck_ids,
            study_now=study_now,
            study_items=study_items,
            cram=cram,
        )
        app.run()
        failure = app.failure
        _keep_stats_cache(stats_log)
    if failure:
        raise UserError(failure, EXIT_PROBLEMS)
    return app.return_code or EXIT_OK


# --- entry point ----------------------------------------------------------------------


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.deck = [*(args.deck or ()), *getattr(args, "deck_after_command", ())] or None
    _check_options(args)
    if args.command in ("progress", "restore", "decks", "stats"):
        _require_profile(args)
    handler = getattr(args, "handler", None)
    if handler is not None:  # commands from trainer.commands set this with set_defaults(handler=run)
        return int(handler(args))
    if args.command == "decks":
        return cmd_decks(args)
    if args.command == "progress":
        return cmd_progress(args)
    if args.command == "unsuspend":
        return cmd_unsuspend(args)
    if args.command == "study":
        return cmd_ui(args, study_now=True)
    return cmd_ui(args, study_now=False)


def _describe_store_error(exc: Exception) -> str | None:
    """The user's line for a store error, or None if ``exc`` is not one."""
    store = sys.modules.get("trainer.store")  # never imported just to check
    if store is None or not isinstance(exc, store.StoreError):
        return None
    if isinstance(exc, store.StoreCorrupt) and exc.backup:
        return f"{exc} Run 'trainer restore' to start again from the last good backup ({exc.backup})."
    return str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except UserError as exc:
        print(printable(f"trainer: {exc}", one_line=True), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("trainer: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output piped into e.g. `head`, and the reader went away: nothing worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # last resort: one line, never a traceback
        message = _describe_store_error(exc)
        if message is None and isinstance(exc, OSError):
            where = f" ({exc.filename})" if exc.filename else ""
            message = f"{exc.strerror or exc}{where}"
        if message is None:
            if os.environ.get("TRAINER_DEBUG"):
                raise
            message = f"unexpected error: {type(exc).__name__}: {exc} (set TRAINER_DEBUG=1 to see details)"
        print(printable(f"trainer: {message}", one_line=True), file=sys.stderr)
        return EXIT_PROBLEMS
