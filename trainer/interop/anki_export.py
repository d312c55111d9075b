"""Deck to Anki package with genanki: basic/reverse as Basic-style notes, choice/multi/typed with the options listed.

Note guids come from the deck and card ids, so importing an updated deck into Anki updates
its notes instead of duplicating them. Source and note go into a third field, Extra.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

import genanki

from trainer.deck import Card, Deck

__all__ = ["build_package", "note_fields", "write_apkg"]

# Fixed model ids: the same note types every time, so Anki matches them on re-import.
BASIC_ID = 1607392319
REVERSED_ID = 1607392320
TYPED_ID = 1607392321
_EXTRA = "{{#Extra}}<br><br><div class=extra>{{Extra}}</div>{{/Extra}}"
_CSS = ".card { font-family: arial; font-size: 20px; text-align: center; } .extra { font-size: 14px; color: grey; }"
_FIELDS = [{"name": "Front"}, {"name": "Back"}, {"name": "Extra"}]

BASIC = genanki.Model(
    BASIC_ID,
    "Anatomy trainer: Basic",
    fields=_FIELDS,
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}" + _EXTRA}],
    css=_CSS,
)
REVERSED = genanki.Model(
    REVERSED_ID,
    "Anatomy trainer: Basic (and reversed card)",
    fields=_FIELDS,
    templates=[
        {"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}" + _EXTRA},
        {"name": "Card 2", "qfmt": "{{Back}}", "afmt": "{{FrontSide}}<hr id=answer>{{Front}}" + _EXTRA},
    ],
    css=_CSS,
)
TYPED = genanki.Model(
    TYPED_ID,
    "Anatomy trainer: Basic (type in the answer)",
    fields=_FIELDS,
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}<br><br>{{type:Back}}",
            "afmt": "{{Front}}<hr id=answer>{{type:Back}}" + _EXTRA,
        }
    ],
    css=_CSS,
)


def _html(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _typeable(answer: str) -> bool:
    """Anki compares a typed answer exactly; that fits short one-line answers."""
    return bool(answer.strip()) and "\n" not in answer and len(answer) <= 60


def note_fields(card: Card) -> tuple[genanki.Model, list[str]]:
    """The note type and the Front, Back and Extra fields (HTML) for one card."""
    extra_parts = []
    if card.type == "typed" and card.accept:
        extra_parts.append("Also accepted: " + "; ".join(card.accept))
    if card.note:
        extra_parts.append(card.note)
    if card.source:
        extra_parts.append("Source: " + card.source)
    extra = "<br>".join(_html(part) for part in extra_parts)
    front = _html(card.front)
    if card.type in ("choice", "multi"):
        label = "Choose one:" if card.type == "choice" else "Choose all that apply:"
        options = "<br>".join(f"{n}. {_html(choice)}" for n, choice in enumerate(card.choices, start=1))
        front = f"{front}<br><br>{label}<br>{options}"
    answer = card.answer_text
    if card.type == "map":  # a map card travels as text: its question and the region or landmark it names
        answer = answer or card.region or card.landmark
    if card.type == "reverse":
        return REVERSED, [front, _html(card.back), extra]
    if card.type == "typed" and _typeable(answer):
        return TYPED, [front, _html(answer), extra]
    return BASIC, [front, _html(answer), extra]


def _anki_tag(tag: str) -> str:
    return "_".join(tag.split())  # Anki tags cannot hold spaces


def build_package(deck: Deck) -> genanki.Package:
    deck_number = int(hashlib.sha1(f"anatomy-trainer:{deck.id}".encode()).hexdigest()[:8], 16)
    anki_deck = genanki.Deck(deck_number, deck.title, description=_html(deck.description))
    for card in deck.cards:
        model, fields = note_fields(card)
        tags = [_anki_tag(tag) for tag in card.tags if tag.strip()]
        anki_deck.add_note(genanki.Note(model=model, fields=fields, tags=tags, guid=genanki.guid_for(deck.id, card.id)))
    return genanki.Package(anki_deck)


def write_apkg(deck: Deck, out: Path) -> None:
    """Write the package next to ``out`` and move it into place, so a failed write leaves no half file."""
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".export-", suffix=".apkg")
    os.close(fd)
    try:
        build_package(deck).write_to_file(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
