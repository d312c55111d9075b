"""`trainer map`: the dermatome map as plain text (or its data as JSON), for a quick look or a handout."""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from typing import Any

GAP = "  "


def add_parser(commands: Any, common: Any) -> None:
    parser = commands.add_parser(
        "map",
        help="print the dermatome map (front and back views) as text, or its data with --json",
        description="Print the dermatome map. Regions carry their root's label and a pattern; "
        "colour is added on a terminal unless NO_COLOR is set.",
    )
    parser.add_argument("--view", choices=("front", "back"), help="one view only (default: both, side by side)")
    parser.add_argument("--highlight", metavar="ROOT", help="mark one root's region, e.g. L5 or S4-5, and describe it")
    parser.add_argument("--json", action="store_true", help="print the map's data (masks, legend, landmarks) as JSON")
    parser.set_defaults(handler=run)


def use_colour(stream: Any = None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def map_data() -> dict[str, Any]:
    from trainer.map import VIEWS, load_map

    dmap = load_map()
    views = {}
    for view in VIEWS:
        rows = list(dmap.rows[view])
        used = sorted({ch for line in rows for ch in line})
        views[view] = {"rows": rows, "legend": {ch: dmap.legend[ch] for ch in used}}
    landmarks = [
        {
            "name": lm.name,
            "view": lm.view,
            "row": lm.row,
            "col": lm.col,
            "region": dmap.region_at(lm.view, lm.row, lm.col),
        }
        for lm in dmap.landmarks
    ]
    return {"views": views, "landmarks": landmarks}


def describe(root: str) -> list[str]:
    """The side panel's text for one root, as lines."""
    from trainer.map import load_map
    from trainer.text import printable

    dmap = load_map()
    info = dmap.region_info(root)
    lines = [f"{root}: {info.area}"]
    if info.key_point:
        lines.append(f"  Key sensory point: {info.key_point}")
    if info.landmarks:
        lines.append(f"  Landmarks: {', '.join(info.landmarks)}")
    if info.notes:
        lines.append(f"  Note: {info.notes}")
    for variant in info.variants:
        lines.append(f"  Sources disagree ({variant.topic}): {variant.text}")
        lines.append(f"    On this map: {variant.shown}")
        lines.append(f"    {variant.taught}")
    wrapped = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        wrapped.extend(textwrap.wrap(printable(line, one_line=True), width=80, subsequent_indent=indent))
    return wrapped


def run(args: argparse.Namespace) -> int:
    from trainer.cli import UserError
    from trainer.map import VIEWS, canonical_region, is_root, load_map
    from trainer.map.render import legend_lines, render_view

    if args.json:
        print(json.dumps(map_data(), indent=1, ensure_ascii=False))
        return 0
    highlight = None
    if args.highlight is not None:
        if not is_root(args.highlight):
            raise UserError(f"--highlight: '{args.highlight}' is not a root (use C2 to S4-5, e.g. L5)")
        highlight = canonical_region(args.highlight)
    dmap = load_map()
    colour = use_colour()
    views = (args.view,) if args.view else VIEWS
    if highlight and args.view and not dmap.cells_of(highlight, args.view):
        print(f"(no {highlight} on the {args.view} view; try --view {dmap.best_view(highlight)})")
    drawn = {view: render_view(view, colour=colour, highlight=highlight) for view in views}
    width = dmap.size(views[0])[1]
    print(
        GAP.join(
            f"{view.upper()} (patient's {'right' if view == 'front' else 'left'} on your left)"[:width].ljust(width)
            for view in views
        ).rstrip()
    )
    for parts in zip(*(drawn[view] for view in views), strict=True):
        print(GAP.join(parts).rstrip())
    print()
    for line in legend_lines(colour=colour, width=len(views) * (width + len(GAP))):
        print(line)
    if highlight:
        print()
        print("\n".join(describe(highlight)))
    return 0
