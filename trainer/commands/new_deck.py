"""``trainer new-deck PATH``: write a commented starter deck with one card of each type; it validates as written."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS = 0, 1

STARTER = """\
# A deck for the anatomy trainer. The full guide is docs/deck-format.md.
# Check it with:  trainer validate {filename}
# Study it with:  trainer study {filename}   (or copy it into your deck folder)
#
# Ids keep progress: a card's id is how the trainer remembers what a student knows about it.
# Change the wording freely, but give a card a NEW id when the fact it teaches changes.
# Ids use lowercase letters, digits and '-'.

[deck]
id = "{deck_id}"                 # unique among all decks the trainer loads
title = "{title}"
description = "What this deck teaches, in a sentence."
author = "Your name"

# basic: a question and an answer; the student grades themselves.
[[cards]]
id = "l4-medial-malleolus"
type = "basic"
front = "Which root supplies the skin over the medial malleolus?"
back = "L4"
tags = ["lower-limb", "L4"]     # students can study one tag at a time
source = "ISNCSCI Key Sensory Points (ASIA/ISCoS, 2008)"   # cite every card
note = "Shown after the answer: a hint, a caveat, a mnemonic."

# reverse: asked both ways (front -> back and back -> front), each side with its own progress.
[[cards]]
id = "s2-key-point"
type = "reverse"
front = "Key sensory point of S2"
back = "Midpoint of the popliteal fossa"
tags = ["lower-limb", "S2"]
source = "ISNCSCI Key Sensory Points (ASIA/ISCoS, 2008)"

# choice: one right answer among 2-9 options (keys 1-9); 'answer' is written exactly as in 'choices'.
[[cards]]
id = "l5-dorsum-choice"
type = "choice"
front = "Numbness over the dorsum of the foot at the third MTP joint: which root?"
choices = ["L4", "L5", "S1"]
answer = "L5"
ordered = true                   # keep this order (L4, L5, S1) instead of shuffling
tags = ["lower-limb", "L5"]
source = "ISNCSCI Key Sensory Points (ASIA/ISCoS, 2008)"

# multi: every right answer must be picked; 'answers' lists them, each exactly as in 'choices'.
[[cards]]
id = "ces-features"
type = "multi"
front = "Which of these suggest cauda equina syndrome in a patient with back pain?"
choices = ["Saddle anaesthesia", "New difficulty passing urine", "Back pain alone", "Bilateral sciatica"]
answers = ["Saddle anaesthesia", "New difficulty passing urine", "Bilateral sciatica"]
tags = ["red-flags", "cauda-equina"]
source = "NICE CKS, Sciatica (lumbar radiculopathy): red flags (2018)"

# typed: the student types the answer; case, spaces and punctuation are ignored, and
# 'accept' lists other right answers.
[[cards]]
id = "s1-lateral-heel"
type = "typed"
front = "Type the root of the lateral heel key sensory point."
answer = "S1"
accept = ["first sacral"]
tags = ["lower-limb", "S1"]
source = "ISNCSCI Key Sensory Points (ASIA/ISCoS, 2008)"
"""

MAP_CARD = """
# map: the body map. mode = "locate": the student moves the cursor onto the root's area and
# presses Enter; mode = "name": the map highlights a 'region' or 'landmark' and the student
# names the root ('answer', with optional 'choices'). view is "front" or "back".
[[cards]]
id = "l5-locate"
type = "map"
mode = "locate"
region = "L5"
view = "front"
front = "Show me the L5 dermatome: move the cursor onto it and press Enter."
tags = ["lower-limb", "L5"]
source = "ISNCSCI worksheet dermatome diagram (ASIA/ISCoS)"
"""

ORDERED_LINE = """ordered = true                   # keep this order (L4, L5, S1) instead of shuffling\n"""


def add_parser(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = commands.add_parser("new-deck", help="write a commented starter deck with one card of each type")
    parser.add_argument("path", metavar="PATH", help="the .toml file to write (never overwritten)")
    parser.add_argument("--id", dest="deck_id", metavar="ID", help="deck id (default: from the file name)")
    parser.add_argument("--title", metavar="TITLE", help="deck title (default: from the file name)")
    parser.set_defaults(handler=run)


def starter_deck(deck_id: str, title: str, filename: str) -> str:
    """The starter deck's text. ``ordered`` is only written once the loader knows the key."""
    from trainer.deck import ALL_CARD_KEYS, CARD_TYPES

    text = STARTER
    if "ordered" not in ALL_CARD_KEYS:
        text = text.replace(ORDERED_LINE, "")
    if "map" in CARD_TYPES:  # map cards once the deck format has them
        text += MAP_CARD
    title = title.replace("\\", "\\\\").replace('"', '\\"')
    return text.format(deck_id=deck_id, title=title, filename=filename)


def run(args: argparse.Namespace) -> int:
    from trainer.cli import UserError
    from trainer.text import has_control, printable

    path = Path(args.path)
    if path.suffix != ".toml":
        raise UserError(f"{printable(str(path), one_line=True)}: a deck file name ends in .toml", EXIT_PROBLEMS)
    deck_id = args.deck_id or re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-") or "my-deck"
    if not re.fullmatch(r"[a-z0-9-]+", deck_id):
        raise UserError(f"deck id '{printable(deck_id, one_line=True)}' may only use lowercase letters, digits and '-'")
    title = args.title or path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "My deck"
    if has_control(title):
        raise UserError("the title may not hold control characters")
    text = starter_deck(deck_id, title, re.sub(r"[^\w.-]", "?", path.name))  # the name sits in a comment
    try:
        with open(path, "x", encoding="utf-8") as out:  # "x": never overwrite someone's deck
            out.write(text)
    except FileExistsError:
        raise UserError(
            f"{printable(str(path), one_line=True)} already exists; choose another name", EXIT_PROBLEMS
        ) from None
    except OSError as exc:
        raise UserError(
            f"cannot write {printable(str(path), one_line=True)}: {exc.strerror or exc}", EXIT_PROBLEMS
        ) from None
    count = text.count("[[cards]]")
    message = f"wrote {path}: deck '{deck_id}' with {count} example cards; check it with 'trainer validate {path}'"
    print(printable(message, one_line=True))
    return EXIT_OK
