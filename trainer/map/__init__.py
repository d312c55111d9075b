"""The dermatome map: masks an anatomist can read and correct, landmarks, region notes, and lookups (pure).

``load_map()`` reads the package data once; see ``model.py`` for the file formats.
"""

from __future__ import annotations

from trainer.map.cards import check_locate, highlighted_region, is_in_region, text_answer, text_prompt
from trainer.map.model import (
    BACKGROUND,
    ROOTS,
    VIEWS,
    DermatomeMap,
    Landmark,
    MapDataError,
    RegionInfo,
    Variant,
    canonical_region,
    is_root,
    load_map,
)

__all__ = [
    "BACKGROUND",
    "ROOTS",
    "VIEWS",
    "DermatomeMap",
    "Landmark",
    "MapDataError",
    "RegionInfo",
    "Variant",
    "canonical_region",
    "cells_of",
    "check_locate",
    "highlighted_region",
    "is_in_region",
    "is_root",
    "landmark",
    "load_map",
    "region_at",
    "regions",
    "text_answer",
    "text_prompt",
]


def region_at(view: str, row: int, col: int) -> str:
    return load_map().region_at(view, row, col)


def cells_of(region: str, view: str) -> list[tuple[int, int]]:
    return load_map().cells_of(region, view)


def landmark(name: str) -> Landmark | None:
    return load_map().landmark(name)


def regions(view: str | None = None) -> list[str]:
    return load_map().regions(view)
