"""Checks for a deck's ``map`` cards against the map itself (called by the deck validator)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from trainer.map.model import ROOTS, VIEWS, canonical_region, load_map

MODES = ("name", "locate")
_ROOT_RE = re.compile(r"(?<![A-Za-z0-9])(S4-5|S4/5|S4-S5|C[2-8]|T1[0-2]|T[1-9]|L[1-5]|S[1-3])(?![0-9])", re.I)


def _suggest(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def roots_named(text: str) -> set[str]:
    """The roots a text names: 'T12/L1' -> {T12, L1}."""
    return {canonical_region(m) for m in _ROOT_RE.findall(text)}


def check_map_card(values: dict[str, Any]) -> list[tuple[str, str]]:
    """Problems as (key, message); canonicalises ``values['region']`` ('l5' -> 'L5') in place."""
    dmap = load_map()
    problems: list[tuple[str, str]] = []
    mode = values.get("mode")
    if mode is not None and mode not in MODES:
        problems.append(("mode", f"mode '{mode}' must be 'name' (which root?) or 'locate' (show me a root)"))
        mode = None
    view = values.get("view")
    if view is not None and view not in VIEWS:
        problems.append(("view", f"view '{view}' must be 'front' or 'back'"))
        view = None
    region = values.get("region")
    if region is not None:
        if canonical_region(region) not in ROOTS:
            problems.append(("region", f"unknown root '{region}'{_suggest(region.upper(), list(ROOTS))}"))
            region = None
        else:
            region = values["region"] = canonical_region(region)
            if view and not dmap.cells_of(region, view):
                problems.append(("region", f"{region} is not drawn on the {view} view"))
    landmark_name = values.get("landmark")
    landmark = None
    if landmark_name is not None:
        landmark = dmap.landmark(landmark_name)
        if landmark is None:
            names = [lm.name for lm in dmap.landmarks]
            hint = _suggest(landmark_name.lower(), names) or f" (known landmarks: {', '.join(names[:6])}, ...)"
            problems.append(("landmark", f"landmark '{landmark_name}' is not on the map{hint}"))
        elif view and landmark.view != view:
            problems.append(("landmark", f"landmark '{landmark.name}' is on the {landmark.view} view, not the {view}"))
    if mode == "locate":
        if "region" not in values:
            problems.append(("mode", "a 'locate' card needs 'region': the root the student must point at"))
        for key in ("answer", "choices", "accept", "landmark"):
            if key in values:
                problems.append((key, f"key '{key}' is not used by a 'locate' map card (its answer is the region)"))
    if mode == "name":
        if "region" not in values and "landmark" not in values:
            problems.append(("mode", "a 'name' card needs 'region' or 'landmark': what the map highlights"))
        if "answer" not in values:
            problems.append(("mode", "a 'name' card needs 'answer': the root that supplies the highlighted area"))
        answer, choices = values.get("answer"), values.get("choices")
        if answer and choices and answer not in choices:
            problems.append(("answer", f"answer '{answer}' is not one of the choices"))
        if choices and len({c.strip().casefold() for c in choices}) < len(choices):
            problems.append(("choices", "a choice is listed twice"))
        shown = None
        if landmark is not None:
            shown = dmap.region_at(landmark.view, landmark.row, landmark.col)
            if region and region != shown:
                problems.append(("region", f"landmark '{landmark.name}' lies in {shown} on the map, not {region}"))
        elif region:
            shown = region
        if answer and shown:
            forms = [answer, *(values.get("accept") or ())]
            if not any(shown in roots_named(form) for form in forms):
                problems.append(("answer", f"answer '{answer}' disagrees with the map, which shows {shown} there"))
    return problems
