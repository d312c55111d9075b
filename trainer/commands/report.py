"""``trainer report FILES...``: merge students' progress exports into a class report (text, --json or --csv)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS = 0, 1


def add_parser(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = commands.add_parser(
        "report",
        help="merge students' progress exports into a class report",
        description="Merge files written by 'trainer progress export' into a class report. A malformed file is "
        "reported and skipped.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="progress exports (.json or .csv)")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON")
    form.add_argument("--csv", action="store_true", help="print CSV")
    parser.set_defaults(handler=run)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def text_lines(report) -> list[str]:
    lines = [f"Class report, {report.today.isoformat()}: {len(report.students)} students"]
    if report.replaced:
        lines.append(f"(older exports replaced by a newer one from the same profile: {', '.join(report.replaced)})")
    lines += ["", "Hardest cards (first-try accuracy)"]
    hardest = report.hardest()
    width = max((len(f"{d}:{c}") + (8 if s == "reverse" else 0) for (d, c, s), _ in hardest), default=4)
    lines.append(f"  {'card':<{width}}  {'accuracy':>8}  {'answers':>7}  {'lapses':>6}  {'students':>8}")
    for (deck, card, side), t in hardest:
        name = f"{deck}:{card}" + (":reverse" if side == "reverse" else "")
        lines.append(f"  {name:<{width}}  {_pct(t.accuracy):>8}  {t.answers:>7}  {t.lapses:>6}  {len(t.students):>8}")
    if not hardest:
        lines.append("  (no answers yet)")
    lines += ["", "Tags (first-try accuracy)"]
    tag_width = max((len(tag) for tag in report.tags), default=3)
    for tag, t in sorted(
        report.tags.items(), key=lambda kv: (kv[1].accuracy if kv[1].accuracy is not None else 2, kv[0])
    ):
        lines.append(f"  {tag:<{tag_width}}  {_pct(t.accuracy):>8}  {t.answers:>7} answers")
    if not report.tags:
        lines.append("  (no tagged cards)")
    lines += ["", "Most confused roots"]
    for a, b, n in report.root_pairs[:10]:
        lines.append(f"  {a} / {b}  {n} time{'s' if n != 1 else ''}")
    if not report.root_pairs:
        lines.append("  (none)")
    lines += ["", "Not studied in the last 7 days"]
    for profile, last in report.inactive:
        lines.append(f"  {profile}  (last studied {last or 'never'})")
    if not report.inactive:
        lines.append("  (everyone studied)")
    lines += ["", "All cards"]
    for (deck, card, side), t in sorted(report.cards.items()):
        name = f"{deck}:{card}" + (":reverse" if side == "reverse" else "")
        lines.append(
            f"  {name}  {_pct(t.accuracy)}  {t.answers} answers  {t.lapses} lapses  {len(t.students)} students"
        )
    return lines


def csv_rows(report) -> list[list[str]]:
    rows = [["kind", "name", "students", "first_try_answers", "first_try_correct", "first_try_accuracy", "lapses"]]

    def tally(kind: str, name: str, t) -> list[str]:
        acc = "" if t.accuracy is None else f"{t.accuracy:.4f}"
        return [kind, name, str(len(t.students)), str(t.answers), str(t.correct), acc, str(t.lapses)]

    for (deck, card, side), t in sorted(report.cards.items()):
        rows.append(tally("card", f"{deck}:{card}" + (":reverse" if side == "reverse" else ""), t))
    for tag, t in sorted(report.tags.items()):
        rows.append(tally("tag", tag, t))
    for a, b, n in report.root_pairs:
        rows.append(["confused-roots", f"{a}/{b}", "", str(n), "", "", ""])
    for profile, last in report.inactive:
        rows.append(["not-studied-7-days", profile, "", "", "", "", last or "never"])
    return rows


def run(args: argparse.Namespace) -> int:
    import csv
    import io
    import json
    import sys

    from trainer.cli import UserError
    from trainer.days import local_now, study_day
    from trainer.interop.class_report import build_report
    from trainer.interop.files import InputError, decode_utf8, read_input
    from trainer.interop.progress import MalformedExport, read_export
    from trainer.text import printable

    exports = []
    failures = []
    for name in args.files:
        path = Path(name)
        try:
            exports.append(read_export(decode_utf8(read_input(path), path), str(path)))
        except InputError as exc:
            failures.append(str(exc))
        except MalformedExport as exc:
            failures.append(f"{path}: not a usable progress export: {exc}")
    if not exports and len(failures) == 1:
        raise UserError(printable(failures[0], one_line=True), EXIT_PROBLEMS)
    for failure in failures:
        print(printable(f"trainer: {failure}; skipped", one_line=True), file=sys.stderr)
    if not exports:
        raise UserError("no usable progress export to report on", EXIT_PROBLEMS)
    report = build_report(exports, study_day(local_now()))
    if args.json:
        text = json.dumps(report.to_dict(), indent=2)
        lines = text.splitlines()
    elif args.csv:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(csv_rows(report))
        lines = buffer.getvalue().splitlines()
    else:
        lines = text_lines(report)
    for line in lines:
        print(printable(line, one_line=True))
    return EXIT_OK
