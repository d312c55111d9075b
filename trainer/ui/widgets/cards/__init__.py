"""One widget per card type; the review screen looks the widget up here and never tests the type.

To add a card type: write its grading function in ``trainer.grading``, a ``CardWidget``
subclass in this package (see ``base.py`` for the contract), and add it to ``CARD_WIDGETS``.
"""

from __future__ import annotations

from trainer.deck import Item
from trainer.grading import Synonyms
from trainer.ui.widgets.cards.base import CardWidget
from trainer.ui.widgets.cards.basic import BasicCard
from trainer.ui.widgets.cards.choice import ChoiceCard
from trainer.ui.widgets.cards.map import MapCard
from trainer.ui.widgets.cards.multi import MultiCard
from trainer.ui.widgets.cards.typed import TypedCard

__all__ = ["CARD_WIDGETS", "CardWidget", "widget_for"]

CARD_WIDGETS: dict[str, type[CardWidget]] = {
    "basic": BasicCard,
    "reverse": BasicCard,
    "choice": ChoiceCard,
    "multi": MultiCard,
    "typed": TypedCard,
    "map": MapCard,
}


def widget_for(item: Item, options: tuple[str, ...] = (), synonyms: Synonyms = ()) -> CardWidget:
    """The answer widget for ``item``; an unknown type falls back to a self-graded card."""
    return CARD_WIDGETS.get(item.card.type, BasicCard)(item, options, synonyms)
