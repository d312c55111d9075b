"""The dermatome map as data: masks, legend, landmarks and region notes, read from the package's text files.

The files beside this module are the truth (an anatomist corrects them, not this code):
``front.txt``/``back.txt`` (one character per cell), ``legend.txt`` (character -> region),
``landmarks.txt`` (named cells) and ``regions.toml`` (what the side panel says).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

VIEWS = ("front", "back")
# The 28 ISNCSCI levels, top to bottom (S4-5 is one level).
ROOTS = (
    *(f"C{n}" for n in range(2, 9)),
    *(f"T{n}" for n in range(1, 13)),
    *(f"L{n}" for n in range(1, 6)),
    "S1",
    "S2",
    "S3",
    "S4-5",
)
BACKGROUND = "background"


class MapDataError(ValueError):
    """A map data file is inconsistent (a test catches this before it ships)."""


@dataclass(frozen=True)
class Landmark:
    name: str
    view: str
    row: int
    col: int
    root: str  # the region the sources give this point; tests check the mask agrees
    key_point: str = ""  # the root whose ISNCSCI key sensory point this is, if any
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Variant:
    """A place where sources disagree: what the map shows and what the decks teach."""

    topic: str
    regions: tuple[str, ...]
    shown: str
    taught: str
    text: str


@dataclass(frozen=True)
class RegionInfo:
    name: str
    area: str = ""
    key_point: str = ""
    notes: str = ""
    landmarks: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()

    @property
    def is_root(self) -> bool:
        return self.name in ROOTS


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one map is loaded
class DermatomeMap:
    rows: dict[str, tuple[str, ...]]  # view -> mask rows
    legend: dict[str, str]  # character -> region
    landmarks: tuple[Landmark, ...]
    info: dict[str, RegionInfo]
    variants: tuple[Variant, ...]
    source: str = ""
    _by_name: dict[str, Landmark] = field(default_factory=dict, repr=False, compare=False)

    def size(self, view: str) -> tuple[int, int]:
        """(rows, columns) of a view."""
        rows = self.rows[check_view(view)]
        return len(rows), len(rows[0])

    def region_at(self, view: str, row: int, col: int) -> str:
        """The region of one cell; outside the mask is background."""
        rows = self.rows[check_view(view)]
        if 0 <= row < len(rows) and 0 <= col < len(rows[row]):
            return self.legend[rows[row][col]]
        return BACKGROUND

    def cells_of(self, region: str, view: str) -> list[tuple[int, int]]:
        """Every (row, col) of a region in a view, top to bottom, left to right."""
        region = canonical_region(region)
        return [
            (r, c)
            for r, line in enumerate(self.rows[check_view(view)])
            for c, ch in enumerate(line)
            if self.legend[ch] == region
        ]

    def regions(self, view: str | None = None) -> list[str]:
        """The regions drawn (in one view, or in either), roots in ISNCSCI order first."""
        views = VIEWS if view is None else (check_view(view),)
        used = {self.legend[ch] for v in views for line in self.rows[v] for ch in line}
        order = {name: i for i, name in enumerate((*ROOTS, *sorted(self.info)))}
        return sorted(used, key=lambda name: order.get(name, len(order)))

    def landmark(self, name: str) -> Landmark | None:
        """A landmark by its name or one of its other names, ignoring case."""
        return self._by_name.get(_fold(name))

    def landmark_names(self) -> list[str]:
        return [lm.name for lm in self.landmarks]

    def landmarks_in(self, region: str, view: str | None = None) -> list[Landmark]:
        return [
            lm
            for lm in self.landmarks
            if (view is None or lm.view == view) and self.region_at(lm.view, lm.row, lm.col) == region
        ]

    def region_info(self, region: str) -> RegionInfo:
        return self.info.get(canonical_region(region), RegionInfo(canonical_region(region)))

    def key_point(self, root: str) -> Landmark | None:
        return next((lm for lm in self.landmarks if lm.key_point == root), None)

    def best_view(self, region: str) -> str:
        """The view that shows more of a region (front on a tie)."""
        counts = {view: len(self.cells_of(region, view)) for view in VIEWS}
        return max(VIEWS, key=lambda v: counts[v])


def check_view(view: str) -> str:
    if view not in VIEWS:
        raise ValueError(f"unknown view '{view}' (use front or back)")
    return view


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def canonical_region(text: str) -> str:
    """'l5' -> 'L5', 's4/5' or 'S4-S5' -> 'S4-5'; other names lowercased."""
    plain = text.strip().upper().replace(" ", "")
    if plain in ("S4-5", "S4/5", "S4-S5", "S45", "S4", "S5"):
        return "S4-5"
    if plain in ROOTS:
        return plain
    return text.strip().lower()


def is_root(text: str) -> bool:
    return canonical_region(text) in ROOTS


# --- reading the package data -------------------------------------------------------


def _read(name: str) -> str:
    return resources.files("trainer.map").joinpath(name).read_text(encoding="utf-8")


def _data_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def parse_legend(text: str) -> dict[str, str]:
    legend: dict[str, str] = {}
    for line in _data_lines(text):
        char, _, region = line.partition(" ")
        if len(char) != 1 or not region.strip():
            raise MapDataError(f"legend line {line!r}: want one character, a space, a region name")
        legend[char] = region.strip()
    return legend


def parse_mask(text: str, legend: dict[str, str], name: str) -> tuple[str, ...]:
    rows = tuple(line for line in text.splitlines() if line)
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        raise MapDataError(f"{name}: rows differ in length ({sorted(widths)})")
    for r, line in enumerate(rows):
        for c, ch in enumerate(line):
            if ch not in legend:
                raise MapDataError(f"{name}: row {r} col {c}: '{ch}' is not in the legend")
    return rows


def parse_landmarks(text: str) -> tuple[Landmark, ...]:
    found = []
    for line in _data_lines(text):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 7:
            raise MapDataError(f"landmark line {line!r}: want 7 columns separated by '|'")
        name, view, row, col, root, key, aliases = parts
        found.append(
            Landmark(
                name=name,
                view=check_view(view),
                row=int(row),
                col=int(col),
                root=canonical_region(root),
                key_point=canonical_region(key) if key else "",
                aliases=tuple(a.strip() for a in aliases.split(",") if a.strip()),
            )
        )
    return tuple(found)


def build_map(masks: dict[str, str], legend_text: str, landmarks_text: str, regions_text: str) -> DermatomeMap:
    legend = parse_legend(legend_text)
    rows = {view: parse_mask(masks[view], legend, f"{view}.txt") for view in VIEWS}
    landmarks = parse_landmarks(landmarks_text)
    raw = tomllib.loads(regions_text)
    variants = tuple(
        Variant(
            topic=v["topic"],
            regions=tuple(canonical_region(r) for r in v["regions"]),
            shown=v["shown"],
            taught=v["taught"],
            text=v["text"],
        )
        for v in raw.get("variants", [])
    )
    by_name: dict[str, Landmark] = {}
    for lm in landmarks:
        for label in (lm.name, *lm.aliases):
            by_name.setdefault(_fold(label), lm)
    partial = DermatomeMap(rows, legend, landmarks, {}, variants, raw.get("source", ""), by_name)
    info: dict[str, RegionInfo] = {}
    for region in set(legend.values()):
        entry = raw.get("regions", {}).get(region, {})
        info[region] = RegionInfo(
            name=region,
            area=entry.get("area", ""),
            key_point=entry.get("key_point", ""),
            notes=entry.get("notes", ""),
            landmarks=tuple(lm.name for lm in partial.landmarks_in(region)),
            variants=tuple(v for v in variants if region in v.regions),
        )
    return DermatomeMap(rows, legend, landmarks, info, variants, raw.get("source", ""), by_name)


@cache
def load_map() -> DermatomeMap:
    """The shipped map (read once)."""
    return build_map(
        {view: _read(f"{view}.txt") for view in VIEWS},
        _read("legend.txt"),
        _read("landmarks.txt"),
        _read("regions.toml"),
    )
