"""`trainer exam [DATE|off] [--for DECK]`: set or clear an exam date, and show the pacing towards it."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any


def add_parser(commands: Any, common: Any) -> None:
    parser = commands.add_parser(
        "exam",
        help="set an exam date (YYYY-MM-DD, or 'off'), overall or for one deck, and show days left and share ready",
    )
    parser.add_argument("when", nargs="?", metavar="DATE", help="the exam date, YYYY-MM-DD; 'off' clears it")
    parser.add_argument("--for", dest="for_deck", metavar="DECK", help="only this deck id (default: every deck)")
    common(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from trainer.cli import EXIT_PROBLEMS, UserError, _data_dir, _profile, load_library
    from trainer.days import local_now, parse_day_starts, study_day
    from trainer.planning import exam_date_for, exam_dates, exam_plan, with_exam_date
    from trainer.session import Limits
    from trainer.store import Store
    from trainer.text import plural, printable

    library = load_library(args)
    if args.for_deck and library.by_id(args.for_deck) is None:
        known = ", ".join(d.id for d in library.decks) or "none"
        raise UserError(f"no deck '{args.for_deck}' (known decks: {known})", EXIT_PROBLEMS)
    when: date | None = None
    if args.when and args.when != "off":
        try:
            when = date.fromisoformat(args.when)
        except ValueError:
            raise UserError(f"not a date: '{args.when}' (use YYYY-MM-DD, or 'off')") from None
    changing = args.when is not None
    with Store.open(_data_dir(args), _profile(args), readonly=not changing) as store:
        settings = store.settings()
        today = study_day(local_now(), parse_day_starts(settings.get("day_starts")))
        if when is not None and when <= today:
            raise UserError(f"the exam date {when.isoformat()} is not after today ({today.isoformat()})")
        if changing:
            settings = with_exam_date(settings, when, args.for_deck)
            store.save_settings(settings)
        states = store.states()
        limits = Limits.from_settings(settings)
        if not exam_dates(settings):
            print("no exam date set; 'trainer exam YYYY-MM-DD' sets one")
            return 0
        for deck in library.decks:
            exam = exam_date_for(deck.id, settings)
            title = printable(deck.title, one_line=True)
            if exam is None:
                print(f"{title}: no exam date")
                continue
            plan = exam_plan(exam, today, deck.items(), states, limits.new_per_day)
            print(
                f"{title}: exam {exam.isoformat()}, {plural(plan.days_left, 'day')} left, "
                f"{plan.share_ready:.0%} ready ({plan.ready} of {plan.total}), {plan.unseen} not seen yet"
            )
            if plan.new_reason:
                print(f"  {plan.new_reason}")
            if plan.final_pass:
                print(
                    f"  final pass: {plural(len(plan.final_pass), 'card')} to review before the exam, {len(plan.pull_today)} today"
                )
    return 0
