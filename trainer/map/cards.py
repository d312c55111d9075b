"""Map cards away from the picture: grading a "locate" answer, and the card as plain text for export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.map.model import DermatomeMap, load_map

if TYPE_CHECKING:
    from trainer.deck import Card
    from trainer.grading import Verdict


def is_in_region(region: str, view: str, row: int, col: int, dmap: DermatomeMap | None = None) -> bool:
    """Right for a "locate" card: the chosen cell lies in the region."""
    dmap = dmap or load_map()
    return dmap.region_at(view, row, col) == region


def check_locate(card: Card, view: str, row: int, col: int) -> Verdict:
    from trainer.grading import Verdict

    return Verdict(correct=is_in_region(card.region, view, row, col), expected=card.region)


def highlighted_region(card: Card, dmap: DermatomeMap | None = None) -> str:
    """The region a "name" card highlights: its landmark's region, else its region."""
    dmap = dmap or load_map()
    if card.landmark:
        lm = dmap.landmark(card.landmark)
        if lm is not None:
            return dmap.region_at(lm.view, lm.row, lm.col)
    return card.region


def card_view(card: Card, dmap: DermatomeMap | None = None) -> str:
    """The view a card opens on: its own, else its landmark's, else where its region shows most."""
    dmap = dmap or load_map()
    if card.view:
        return card.view
    if card.landmark and (lm := dmap.landmark(card.landmark)) is not None:
        return lm.view
    return dmap.best_view(card.region) if card.region else "front"


def text_prompt(card: Card) -> str:
    """The card's question where no picture can go (export to other tools, plain text)."""
    dmap = load_map()
    view = card_view(card, dmap)
    if card.mode == "locate":
        return f"{card.front}\n[Map card: shade the {card.region} dermatome on a body chart ({view} view).]"
    if card.landmark:
        lm = dmap.landmark(card.landmark)
        place = lm.name if lm else card.landmark
        return f"{card.front}\n[Map card, {view} view: the point highlighted is the {place}.]"
    area = dmap.region_info(card.region).area
    return f"{card.front}\n[Map card, {view} view: the area highlighted is: {area[:1].lower()}{area[1:]}]"


def text_answer(card: Card) -> str:
    """The right answer as text: the root for "name" cards, the region's extent for "locate" cards."""
    if card.mode == "locate":
        area = load_map().region_info(card.region).area
        return f"{card.region}: {area}" if area else card.region
    return card.answer
