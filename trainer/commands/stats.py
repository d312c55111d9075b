"""`trainer stats [--json]`: cards by state, forecast, activity, streaks, retention, mastery and confusions."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_parser(commands: Any, common: Any) -> None:
    parser = commands.add_parser(
        "stats", help="print statistics: cards by state, forecast, streaks, retention, confusions (read-only)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object for scripts")
    common(parser)
    parser.set_defaults(handler=run)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _print_text(report: dict[str, Any], deck_titles: dict[str, str]) -> None:
    from trainer.text import plural, printable

    cards = report["cards"]
    print(f"Statistics for the study day {report['today']}")
    print()
    header = f"{'deck':<24} {'new':>6} {'learn':>6} {'young':>6} {'mature':>6} {'susp':>6} {'leech':>6}"
    print(header)
    rows = [*((printable(deck_titles.get(d, d), one_line=True), c) for d, c in cards["by_deck"].items())]
    rows.append(("total", cards))
    for name, c in rows:
        print(
            f"{name[:24]:<24} {c['new']:>6} {c['learning']:>6} {c['young']:>6} "
            f"{c['mature']:>6} {c['suspended']:>6} {c['leeches']:>6}"
        )
    print()
    upcoming = report["forecast"]
    week = sum(day["due"] for day in upcoming[:7])
    month = sum(day["due"] for day in upcoming)
    print(f"due tomorrow  {upcoming[0]['due'] if upcoming else 0}")
    print(f"due in 7 days {week}, in 30 days {month}")
    streak = report["streak"]
    print(f"streak        {plural(streak['current'], 'day')} now, longest {streak['longest']}")
    print(f"days studied  {len(report['activity'])}, answers {sum(report['activity'].values())}")
    ret = report["retention"]
    for name in ("young", "mature"):
        print(
            f"retention {name:<7} last 30 days {_share(ret[name]['last_30_days'])}, all time {_share(ret[name]['all_time'])}"
        )
    mastery = report["mastery"]
    if mastery["by_deck"]:
        print()
        print(f"{'mastery':<24} {'cards':>6} {'mature':>7} {'first try':>10}")
        groups = [(printable(deck_titles.get(d, d), one_line=True), m) for d, m in mastery["by_deck"].items()]
        groups += [("#" + printable(t, one_line=True), m) for t, m in mastery["by_tag"].items()]
        for name, m in groups:
            print(f"{name[:24]:<24} {m['cards']:>6} {_share(m['mature']):>7} {_share(m['first_try_accuracy']):>10}")
    if report["confusions"]:
        print()
        print("Confusions (asked -> answered)")
        for pair in report["confusions"][:10]:
            print(f"  asked {pair['expected']}, answered {pair['answered']}: {plural(pair['count'], 'time')}")
    if report["weakest"]:
        print()
        print("Weakest cards")
        for card in report["weakest"][:10]:
            print(
                f"  {printable(card['card'], one_line=True)}  lapses {card['lapses']}, easiness {card['easiness']:.2f}"
            )


def say_if_long(pending: int) -> None:
    """A line on stderr (only in a terminal) before a first read of a long review history."""
    from trainer.study import SLOW_STATS_BYTES

    if pending > SLOW_STATS_BYTES and sys.stderr.isatty():
        print(
            f"reading {pending / 2**20:.0f} MiB of review history for the statistics (once; later runs are quick)…",
            file=sys.stderr,
        )


def run(args: argparse.Namespace) -> int:
    from trainer.cli import _data_dir, _profile, load_library
    from trainer.days import local_now, parse_day_starts, study_day
    from trainer.stats import compute
    from trainer.store import Store
    from trainer.store.stats_cache import StatsLog

    library = load_library(args)
    items = [item for deck in library.decks for item in deck.items()]
    with Store.open(_data_dir(args), _profile(args), readonly=True) as store:
        settings = store.settings()
        today = study_day(local_now(), parse_day_starts(settings.get("day_starts")))
        stats_log = StatsLog.of_store(store)
        say_if_long(stats_log.pending())
        agg = stats_log.get()
        stats = compute(items, store.states(), agg, today)
    report = stats.to_json()
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    _print_text(report, {deck.id: deck.title for deck in library.decks})
    return 0
