"""How the map is drawn in a terminal: a colour and a pattern per region, and labels placed inside regions.

Shared by ``trainer map`` (plain text, ANSI only from here) and the Explore screen. Colours come
from the 16-colour palette and patterns from plain ASCII, each chosen so that regions that touch
never share one; with ``NO_COLOR`` the labels and patterns carry the regions on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from trainer.map.model import BACKGROUND, ROOTS, VIEWS, DermatomeMap, load_map

# (name, SGR background code, Textual colour name). Neighbours never share a hue family, so a
# terminal that draws "red" and "bright red" alike still tells them apart.
FAMILIES = ("red", "green", "yellow", "blue", "magenta", "cyan")
_SGR = {"red": 41, "green": 42, "yellow": 43, "blue": 44, "magenta": 45, "cyan": 46}
_DARK = {"red", "blue", "magenta"}  # white text reads better on these
PATTERNS = (":", "=", "/", "+", "-", "\\", "*", "%", "'", "^", '"', ";")
FIXED_PATTERNS = {BACKGROUND: " ", "face": "~", "unmapped": "?"}
HIGHLIGHT_PATTERN = "#"


@dataclass(frozen=True)
class Colour:
    family: str
    bright: bool

    @property
    def sgr(self) -> str:
        """ANSI escape parameters for this background with a readable foreground."""
        code = _SGR[self.family] + (60 if self.bright else 0)
        fg = 97 if (self.family in _DARK and not self.bright) else 30
        return f"{fg};{code}"

    @property
    def textual(self) -> str:
        return f"ansi_{'bright_' if self.bright else ''}{self.family}"

    @property
    def textual_fg(self) -> str:
        return "ansi_bright_white" if (self.family in _DARK and not self.bright) else "ansi_black"


@dataclass(frozen=True)
class Glyph:
    char: str
    region: str
    label: bool = False


def neighbours(dmap: DermatomeMap) -> dict[str, set[str]]:
    """Regions that touch (side or corner) in either view."""
    found: dict[str, set[str]] = {}
    for view in VIEWS:
        height, width = dmap.size(view)
        for r in range(height):
            for c in range(width):
                here = dmap.region_at(view, r, c)
                for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
                    there = dmap.region_at(view, r + dr, c + dc)
                    if here != there:
                        found.setdefault(here, set()).add(there)
                        found.setdefault(there, set()).add(here)
    return found


@cache
def styles(dmap: DermatomeMap | None = None) -> tuple[dict[str, Colour], dict[str, str]]:
    """A colour and a pattern for every root, neither shared with a touching region."""
    dmap = dmap or load_map()
    touching = neighbours(dmap)
    colours: dict[str, Colour] = {}
    patterns: dict[str, str] = {}
    used = {family: 0 for family in FAMILIES}
    pattern_use = {p: 0 for p in PATTERNS}
    for root in ROOTS:
        near = touching.get(root, set())
        taken = {colours[n].family for n in near if n in colours}
        family = min((f for f in FAMILIES if f not in taken), key=lambda f: used[f])
        colours[root] = Colour(family, bright=used[family] % 2 == 1)
        used[family] += 1
        taken_patterns = {patterns[n] for n in near if n in patterns}
        pattern = min((p for p in PATTERNS if p not in taken_patterns), key=lambda p: pattern_use[p])
        patterns[root] = pattern
        pattern_use[pattern] += 1
    return colours, patterns


def pattern_of(region: str, dmap: DermatomeMap | None = None) -> str:
    return FIXED_PATTERNS.get(region) or styles(dmap or load_map())[1].get(region, "?")


def _components(dmap: DermatomeMap, view: str, region: str) -> list[list[tuple[int, int]]]:
    cells = set(dmap.cells_of(region, view))
    parts = []
    while cells:
        stack = [cells.pop()]
        part = []
        while stack:
            r, c = stack.pop()
            part.append((r, c))
            for nxt in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if nxt in cells:
                    cells.remove(nxt)
                    stack.append(nxt)
        parts.append(part)
    return parts


def _label_spot(part: list[tuple[int, int]], length: int) -> tuple[int, int] | None:
    """Where a label of ``length`` fits inside a region part, nearest its middle."""
    cells = set(part)
    mid_r = sum(r for r, _ in part) / len(part)
    mid_c = sum(c for _, c in part) / len(part)
    best: tuple[float, int, int] | None = None
    for r, c in part:
        if all((r, c + i) in cells for i in range(length)):
            dist = abs(r - mid_r) * 2 + abs(c + (length - 1) / 2 - mid_c)
            if best is None or dist < best[0]:
                best = (dist, r, c)
    return (best[1], best[2]) if best else None


@cache
def label_spots(view: str, dmap: DermatomeMap | None = None) -> dict[tuple[int, int], str]:
    """Cell -> label character, for every region part wide enough to hold its root's name."""
    dmap = dmap or load_map()
    spots: dict[tuple[int, int], str] = {}
    for region in dmap.regions(view):
        if region not in ROOTS:
            continue
        for part in _components(dmap, view, region):
            spot = _label_spot(part, len(region))
            if spot:
                r, c = spot
                for i, ch in enumerate(region):
                    spots[(r, c + i)] = ch
    return spots


def glyphs(view: str, dmap: DermatomeMap | None = None, *, labels: bool = True) -> list[list[Glyph]]:
    """What each cell shows: a label character or the region's pattern."""
    dmap = dmap or load_map()
    spots = label_spots(view, dmap) if labels else {}
    height, width = dmap.size(view)
    grid = []
    for r in range(height):
        line = []
        for c in range(width):
            region = dmap.region_at(view, r, c)
            if (r, c) in spots:
                line.append(Glyph(spots[(r, c)], region, label=True))
            else:
                line.append(Glyph(pattern_of(region, dmap), region))
        grid.append(line)
    return grid


def render_view(
    view: str, *, colour: bool, highlight: str | None = None, dmap: DermatomeMap | None = None
) -> list[str]:
    """One view as lines of text; ANSI colours only when ``colour``."""
    dmap = dmap or load_map()
    colours = styles(dmap)[0]
    lines = []
    for row in glyphs(view, dmap):
        out = []
        for glyph in row:
            lit = highlight is not None and glyph.region == highlight
            char = glyph.char
            if lit and not glyph.label:
                char = HIGHLIGHT_PATTERN
            if colour and glyph.region in colours:
                if highlight is None or lit:
                    sgr = colours[glyph.region].sgr + (";1" if lit else "")
                    fill = char if glyph.label or lit else " "
                    out.append(f"\x1b[{sgr}m{fill}\x1b[0m")
                else:
                    out.append(f"\x1b[2m{char}\x1b[0m")  # dim the rest so the highlight stands out
            else:
                out.append(" " if glyph.region == BACKGROUND else char)
        lines.append("".join(out))
    return lines


def legend_lines(*, colour: bool, dmap: DermatomeMap | None = None, width: int = 80) -> list[str]:
    """A key: each root with its pattern (and colour swatch), wrapped to ``width``."""
    dmap = dmap or load_map()
    colours, patterns = styles(dmap)
    entries = []
    for root in ROOTS:
        swatch = f"\x1b[{colours[root].sgr}m{patterns[root] * 2}\x1b[0m" if colour else patterns[root] * 2
        entries.append((f"{swatch} {root:<5}", 8))
    entries.append(("~~ face (trigeminal)", 20))
    entries.append(("?? unlabelled", 13))
    lines, line, used = [], "", 0
    for text, size in entries:
        if used and used + size + 1 > width:
            lines.append(line.rstrip())
            line, used = "", 0
        line += text + " "
        used += size + 1
    if line.strip():
        lines.append(line.rstrip())
    return lines
