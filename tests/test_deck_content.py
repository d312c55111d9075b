"""Content checks for the three built-in decks (dermatomes, landmarks, red flags).

A wrong dermatome taught to a student is the worst bug this project can have, so besides
size and coverage these tests check every card whose answer is a root against the table in
``clinical_reference.py``: planting "medial malleolus -> L5" in a deck makes them fail.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from typing import TypeVar

import pytest

from trainer.deck import Card, parse_deck
from trainer.grading import answer_key, fold
from trainer.store.deck_files import BUILTIN_DECK_DIR, load_decks

T = TypeVar("T")

try:  # run as part of a "tests" package or as a plain folder of test files
    from tests import clinical_reference as ref
except ImportError:  # pragma: no cover - depends on how pytest was started
    import clinical_reference as ref

DECK_IDS = ("dermatomes", "landmarks", "red-flags", "peripheral-nerves", "clinical-exam")
CORE_ROOTS = ("L1", "L2", "L3", "L4", "L5", "S1", "S2")
URGENCY_RE = re.compile(r"\b(emergency|urgent|routine)\b", re.IGNORECASE)

# --- reading card text ----------------------------------------------------------------

_ROOT = r"S4-5|S4/5|S4-S5|C[1-8]|T1[0-2]|T[1-9]|L[1-5]|S[1-5]"
ROOT_RE = re.compile(rf"(?<![A-Za-z0-9])({_ROOT})(?![0-9])")
# Disc levels ("L4-5", "L5-S1", "C7-T1") name a disc, not a root.
DISC_RE = re.compile(r"(?<![A-Za-z0-9])(?:C[1-7]|T1[0-2]|T[1-9]|L[1-5])-[CTLS]?[0-9]{1,2}(?![0-9])")
LEADING_RE = re.compile(rf"^\s*(?:{_ROOT})(?:\s*(?:/|,|\bor\b|\band\b|\bto\b)\s*(?:{_ROOT}))*(?![A-Za-z0-9])")
STOP_WORDS = {"the", "a", "an", "line", "lines", "level", "levels", "his", "her", "their", "your", "my"}


def canonical_root(token: str) -> str:
    token = token.upper()
    return "S4-5" if token in ("S4", "S5", "S4/5", "S4-S5", "S4-5") else token


def without_discs(text: str) -> str:
    return DISC_RE.sub(" disc-level ", text)


def roots_in(text: str) -> set[str]:
    """Every root a text names, disc levels left out."""
    return {canonical_root(m) for m in ROOT_RE.findall(without_discs(text))}


def leading_roots(text: str) -> list[str]:
    """The roots an answer starts with: "L5" -> [L5]; "T12/L1 ..." -> [T12, L1]; "Medial ..." -> []."""
    match = LEADING_RE.match(without_discs(text))
    if not match:
        return []
    return [canonical_root(m) for m in ROOT_RE.findall(match.group(0))]


def words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    out = []
    for word in re.split(r"[^a-z0-9]+", plain):
        if not word or word in STOP_WORDS:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


@lru_cache(maxsize=1)
def phrase_index() -> dict[tuple[str, ...], tuple[str, frozenset[str]]]:
    """Phrase (as words) -> (phrase as written, the roots it may belong to).

    An empty set of roots means "no single root" (eversion).
    """
    roots: dict[tuple[str, ...], set[str]] = {}
    shown: dict[tuple[str, ...], str] = {}
    for table in (ref.AREA_PHRASES, ref.MOTOR_REFLEX_PHRASES):
        for root, phrases in table.items():
            for phrase in phrases:
                key = tuple(words(phrase))
                roots.setdefault(key, set()).add(root)
                shown.setdefault(key, phrase)
    for phrase in ref.NO_SINGLE_ROOT_PHRASES:
        key = tuple(words(phrase))
        roots[key] = set()
        shown.setdefault(key, phrase)
    return {key: (shown[key], frozenset(value)) for key, value in roots.items()}


@lru_cache(maxsize=1)
def area_phrases() -> frozenset[str]:
    """The skin areas and landmarks of the table, as written (not movements or reflexes)."""
    index = phrase_index()
    return frozenset(index[tuple(words(p))][0] for phrases in ref.AREA_PHRASES.values() for p in phrases)


def phrases_in(text: str) -> list[tuple[str, frozenset[str]]]:
    """Table phrases found in a text, in reading order, longest match first where they overlap."""
    return [entry for _, entry in _longest_matches(text, phrase_index())]


def card_answers(card: Card) -> list[str]:
    """The texts that count as right: the answer, and a typed card's accepted forms."""
    if card.type == "multi":
        return list(card.answers)
    return [card.answer_text, *card.accept]


def root_problems(card: Card) -> list[str]:
    """Why a card disagrees with the reference table; empty if it agrees.

    Area -> root: when the answer starts with a root, every area, landmark, movement or
    reflex named in the front must belong to that root (and no wrong choice may fit too).
    Root -> area: when the front names one root and the answer does not start with one,
    every area or landmark in the answer must belong to the root named in the front.
    """
    problems: list[str] = []
    front_phrases = phrases_in(card.front)
    answer_roots = leading_roots(card.answer_text) if card.type != "multi" else []
    if answer_roots:
        for text in card_answers(card):
            for root in leading_roots(text):
                for phrase, allowed in front_phrases:
                    if root not in allowed:
                        owners = ", ".join(sorted(allowed)) or "no single root"
                        problems.append(f"answer '{text}' but '{phrase}' in the front belongs to {owners}")
        if card.type == "choice" and front_phrases:
            for choice in card.choices:
                roots = leading_roots(choice)
                if (
                    choice != card.answer
                    and roots
                    and all(all(r in allowed for r in roots) for _, allowed in front_phrases)
                ):
                    problems.append(f"wrong choice '{choice}' also fits the front")
        return problems
    named = roots_in(card.front)
    if len(named) != 1:
        return problems
    (root,) = named
    for text in card_answers(card):
        for phrase, allowed in phrases_in(text):
            if root not in allowed:
                owners = ", ".join(sorted(allowed)) or "no single root"
                problems.append(f"front asks about {root} but answer names '{phrase}' ({owners})")
    if card.type in ("choice", "multi"):
        right = {card.answer} if card.type == "choice" else set(card.answers)
        for choice in card.choices:
            found = phrases_in(choice)
            if choice not in right and found and all(root in allowed for _, allowed in found):
                problems.append(f"wrong choice '{choice}' also belongs to {root}")
    return problems


def direction(card: Card) -> tuple[str, str] | None:
    """('area->root', R) or ('root->area', R) when the card's text asks that, else None."""
    area_keys = area_phrases()
    answer_roots = leading_roots(card.answer_text) if card.type != "multi" else []
    if len(answer_roots) == 1:
        root = answer_roots[0]
        if any(p in area_keys and root in allowed for p, allowed in phrases_in(card.front)):
            return "area->root", root
        return None
    if answer_roots:
        return None
    named = roots_in(card.front)
    if len(named) == 1:
        root = next(iter(named))
        texts = card_answers(card)
        if any(p in area_keys and root in allowed for t in texts for p, allowed in phrases_in(t)):
            return "root->area", root
    return None


# --- peripheral nerves -------------------------------------------------------------------

# Phrases that contain a nerve's name but are not the nerve ("medial femoral condyle").
NOT_A_NERVE = ("medial femoral condyle", "femoral triangle", "femoral stretch", "femoral nerve stretch", "fibular head")
# A nerve's skin is listed before these words; what follows them is someone else's skin.
EXCEPT_RE = re.compile(r"\b(except|not|but|spar\w*)\b", re.IGNORECASE)


def _longest_matches(text: str, table: Mapping[tuple[str, ...], T]) -> list[tuple[int, T]]:
    """(position, value) of the table phrases in ``text``: longest first where they overlap, then in reading order."""
    tokens = words(text)
    found: list[tuple[int, int, tuple[str, ...]]] = []
    for phrase in table:
        n = len(phrase)
        for start in range(len(tokens) - n + 1):
            if tuple(tokens[start : start + n]) == phrase:
                found.append((start, start + n, phrase))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken: set[int] = set()
    out = []
    for start, end, phrase in found:
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            out.append((start, table[phrase]))
    return sorted(out, key=lambda m: m[0])


@lru_cache(maxsize=1)
def nerve_names() -> dict[tuple[str, ...], str | None]:
    table: dict[tuple[str, ...], str | None] = {tuple(words(p)): None for p in NOT_A_NERVE}
    for nerve, row in ref.NERVE_TERRITORIES.items():
        for name in row["names"]:
            table[tuple(words(name))] = nerve
    return table


@lru_cache(maxsize=1)
def skin_phrases() -> dict[tuple[str, ...], str | None]:
    return {tuple(words(p)): p for row in ref.NERVE_TERRITORIES.values() for p in row["skin"]}


def nerves_in(text: str) -> list[tuple[int, str]]:
    return [(start, nerve) for start, nerve in _longest_matches(text, nerve_names()) if nerve]


def skin_in(text: str) -> list[str]:
    return [phrase for _, phrase in _longest_matches(text, skin_phrases()) if phrase]


def own_skin(nerve: str) -> set[tuple[str, ...]]:
    return {tuple(words(p)) for p in ref.NERVE_TERRITORIES[nerve]["skin"]}


def nerve_problems(card: Card) -> list[str]:
    """Why a peripheral-nerve card disagrees with the reference's territory table.

    Area -> nerve: an answer that starts with a nerve must own every skin area in the front.
    Nerve -> area: a front naming one nerve must get only that nerve's skin in the answer
    (up to an 'except' or 'not', after which the answer names other nerves' skin).
    """
    answer = card.answer_text
    problems = []
    leading = [nerve for start, nerve in nerves_in(answer) if start == 0]
    if leading:
        nerve = leading[0]
        for phrase in skin_in(card.front):
            if tuple(words(phrase)) not in own_skin(nerve):
                problems.append(f"answer names the {nerve} nerve but '{phrase}' in the front is not its skin")
        return problems
    named = {nerve for _, nerve in nerves_in(card.front)}
    if len(named) == 1:
        (nerve,) = named
        before_except = EXCEPT_RE.split(answer)[0]
        for phrase in skin_in(before_except):
            if tuple(words(phrase)) not in own_skin(nerve):
                problems.append(f"front asks about the {nerve} nerve but the answer gives it '{phrase}'")
    return problems


# --- cards that test the same fact ------------------------------------------------------

# Words that say what kind of question it is, not which fact it tests.
QUESTION_WORDS = set(
    [
        "which",
        "what",
        "where",
        "how",
        "why",
        "who",
        "does",
        "do",
        "type",
        "name",
        "one",
        "word",
        "two",
        "root",
        "roots",
        "dermatome",
        "dermatomes",
        "tested",
        "test",
        "supplie",
        "supply",
        "skin",
        "area",
        "over",
        "its",
        "it",
        "this",
        "that",
        "these",
        "patient",
        "point",
        "key",
        "sensory",
        "numbnes",
        "numb",
        "select",
        "all",
        "isncsci",
        "answer",
        "give",
        "on",
        "in",
        "at",
        "of",
        "to",
        "and",
        "or",
        "is",
        "with",
        "from",
        "by",
        "for",
        "as",
        "be",
        "most",
        "usually",
        "urgent",
        "suggest",
        "pain",
        "back",
        "new",
        "los",
        "leg",
        "down",
        "along",
        "front",
        "when",
        "segment",
    ]
)
# Pairs with the same answer and shared words that nonetheless test different facts.
INDEPENDENT = {
    frozenset(("ces-bowel", "ces-sexual-dysfunction")): "different cauda equina items",
    frozenset(("ces-bowel", "ces-bilateral-deficit")): "different cauda equina items",
    frozenset(("ces-sexual-dysfunction", "ces-bilateral-deficit")): "different cauda equina items",
    frozenset(("l1-key-point-to-root-choice", "genital-anterior-l1")): "thigh key point vs genital skin",
}


def fact_words(text: str) -> set[str]:
    return {w for w in words(text) if w not in QUESTION_WORDS and not re.fullmatch(r"[ctls]\d+|\d+", w)}


def unlinked_pairs(deck) -> list[str]:
    """Cards with the same answer and overlapping front words that are neither grouped nor independent."""
    # Multi-answer and map cards have no single answer to compare.
    cards = [c for c in deck.cards if c.type in ("basic", "reverse", "choice", "typed")]
    keys = {c.id: answer_key(c.answer_text, deck.synonyms) for c in cards}
    fronts = {c.id: fact_words(c.front) | (fact_words(c.back) if c.type == "reverse" else set()) for c in cards}
    found = []
    for i, a in enumerate(cards):
        for b in cards[i + 1 :]:
            if (
                keys[a.id] != keys[b.id]
                or not (fronts[a.id] & fronts[b.id])
                or not keys[a.id].text + "".join(keys[a.id].roots)
            ):
                continue
            if (a.group and a.group == b.group) or frozenset((a.id, b.id)) in INDEPENDENT:
                continue
            found.append(f"{deck.id}: {a.id} and {b.id} share {sorted(fronts[a.id] & fronts[b.id])}")
    return found


def card_text(card: Card) -> str:
    return " ".join([card.front, card.answer_text, *card.choices])


# --- the shipped decks ----------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return load_decks([BUILTIN_DECK_DIR])


@pytest.fixture(scope="module")
def decks(library):
    return {d.id: d for d in library.decks}


def test_decks_load_without_problems(library, decks):
    assert [str(p) for p in library.problems] == []
    assert set(DECK_IDS) <= set(decks)


def test_enough_cards_of_every_kind(decks):
    assert sum(len(decks[i].cards) for i in DECK_IDS) >= 150
    for deck_id in DECK_IDS:
        counts = decks[deck_id].counts_by_type()
        for kind in ("basic", "choice", "typed"):
            assert counts.get(kind, 0) >= 3, f"{deck_id} has {counts.get(kind, 0)} {kind} cards"


def test_lower_limb_is_the_core(decks):
    lower = [c for c in decks["dermatomes"].cards if "lower-limb" in c.tags]
    assert len(lower) >= 60
    index = phrase_index()
    lower_words = {index[tuple(words(p))][0] for r in ref.LOWER_LIMB_ROOTS for p in ref.AREA_PHRASES[r]}
    for card in lower:
        text = card_text(card)
        mentions = roots_in(text) & set(ref.LOWER_LIMB_ROOTS) or {p for p, _ in phrases_in(text) if p in lower_words}
        assert mentions, f"{card.id} is tagged lower-limb but names no lower-limb root or area"


def test_every_root_from_c2_to_s4_5_is_taught(decks):
    """Each root is named on some card together with one of its own areas or landmarks."""
    cards = decks["dermatomes"].cards
    for root in ref.ROOTS:
        own = {phrase_index()[tuple(words(p))][0] for p in ref.AREA_PHRASES[root]}
        with_area = [
            c for c in cards if root in roots_in(card_text(c)) and any(p in own for p, _ in phrases_in(card_text(c)))
        ]
        assert with_area, f"no dermatome card teaches where {root} is"


def test_core_roots_are_asked_both_ways_as_basic_choice_and_typed(decks):
    seen: dict[tuple[str, str], set[str]] = {}
    for card in decks["dermatomes"].cards:
        found = direction(card)
        if found:
            seen.setdefault(found, set()).add(card.type)
    for root in CORE_ROOTS:
        for way in ("area->root", "root->area"):
            kinds = seen.get((way, root), set())
            missing = {"basic", "choice", "typed"} - kinds
            assert not missing, f"{root} {way}: no {', '.join(sorted(missing))} card"


def test_every_red_flag_card_names_its_urgency(decks):
    for card in decks["red-flags"].cards:
        assert URGENCY_RE.search(card.answer_text) or URGENCY_RE.search(card.note), (
            f"{card.id}: say Emergency, Urgent or Routine in the answer or note"
        )


def test_no_two_cards_in_a_deck_ask_the_same_thing(decks):
    for deck_id in DECK_IDS:
        fronts: dict[str, str] = {}
        for card in decks[deck_id].cards:
            key = fold(card.front)
            assert key not in fronts, f"{deck_id}: {card.id} repeats the front of {fronts[key]}"
            fronts[key] = card.id


def test_every_card_cites_a_source_that_can_stand_alone(decks):
    weak = re.compile("|".join(rf"\b{re.escape(name)}\b" for name in ref.GRADE_C_SOURCES), re.IGNORECASE)
    for deck_id in DECK_IDS:
        for card in decks[deck_id].cards:
            assert card.source.strip(), f"{deck_id}:{card.id} has no source"
            parts = [p.strip() for p in card.source.split(";") if p.strip()]
            strong = [p for p in parts if not weak.search(p)]
            assert strong, f"{deck_id}:{card.id} rests on grade-C sources only"


def test_every_root_answer_agrees_with_the_reference_table(decks):
    problems = [
        f"{deck_id}:{card.id}: {problem}"
        for deck_id in DECK_IDS
        for card in decks[deck_id].cards
        for problem in root_problems(card)
    ]
    assert problems == []


def test_root_choices_are_plausible_neighbours(decks):
    """Distractors for a root are nearby roots (L4 vs L5 vs S1), never a random one."""
    order = {root: i for i, root in enumerate(ref.ROOTS)}
    for deck_id in DECK_IDS:
        for card in decks[deck_id].cards:
            if card.type != "choice":
                continue
            answer = leading_roots(card.answer)
            options = [leading_roots(c) for c in card.choices]
            if not answer or not all(options):
                continue
            centre = [order[r] for r in answer if r in order]
            for option in options:
                for root in option:
                    assert min(abs(order[root] - c) for c in centre) <= 4, (
                        f"{deck_id}:{card.id}: '{root}' is not a neighbour of {card.answer}"
                    )


def test_every_peripheral_nerve_card_agrees_with_the_territory_table(decks):
    problems = [
        f"{deck_id}:{card.id}: {problem}"
        for deck_id in DECK_IDS
        for card in decks[deck_id].cards
        if "peripheral-nerve" in card.tags
        for problem in nerve_problems(card)
    ]
    assert problems == []


def test_peripheral_nerve_deck_covers_every_nerve_of_the_table(decks):
    text = " ".join(card_text(c) for c in decks["peripheral-nerves"].cards)
    covered = {nerve for _, nerve in nerves_in(text)}
    assert covered == set(ref.NERVE_TERRITORIES)


@pytest.mark.parametrize(
    "body",
    [
        'id = "a"\ntype = "basic"\nfront = "Which nerve supplies the first web space?"\nback = "Superficial fibular nerve"\n',
        'id = "b"\ntype = "basic"\nfront = "Which skin does the sural nerve supply?"\nback = "The medial leg and medial malleolus"\n',
        'id = "c"\ntype = "typed"\nfront = "Numb anterolateral thigh: which nerve?"\nanswer = "obturator"\n',
        'id = "d"\ntype = "basic"\nfront = "Which skin does the saphenous nerve supply?"\nback = "The lateral border of the foot"\n',
    ],
)
def test_nerve_checker_catches_a_planted_wrong_card(body):
    assert nerve_problems(one_card(body)), "a wrong nerve card passed the territory check"


def test_nerve_checker_passes_right_cards():
    right = one_card(
        'id = "a"\ntype = "basic"\nfront = "Which nerve supplies the first web space?"\nback = "Deep fibular nerve"\n'
    )
    exception = one_card(
        'id = "b"\ntype = "basic"\nfront = "Which skin does the sciatic nerve supply?"\n'
        'back = "Everything below the knee except the medial leg (saphenous)"\n'
    )
    assert nerve_problems(right) == [] and nerve_problems(exception) == []


def test_cards_testing_the_same_fact_are_grouped(decks):
    """Same answer and shared front words: the session must not show them on the same day."""
    assert [pair for deck_id in DECK_IDS for pair in unlinked_pairs(decks[deck_id])] == []


def test_grouping_check_catches_an_ungrouped_pair():
    deck, problems = parse_deck(
        DECK_HEAD
        + '[[cards]]\nid = "a"\ntype = "basic"\nfront = "Which root is tested at the medial malleolus?"\nback = "L4"\n'
        + '[[cards]]\nid = "b"\ntype = "typed"\nfront = "Type the root tested over the medial malleolus."\nanswer = "fourth lumbar"\n',
        "x.toml",
    )
    assert deck is not None, problems
    assert unlinked_pairs(deck)
    grouped = replace(deck, cards=tuple(replace(c, group="l4") for c in deck.cards))
    assert unlinked_pairs(grouped) == []


def test_groups_are_real_groups(decks):
    """A group with one card is a typo in the group name."""
    for deck_id in DECK_IDS:
        sizes: dict[str, int] = {}
        for card in decks[deck_id].cards:
            if card.group:
                sizes[card.group] = sizes.get(card.group, 0) + 1
        assert [g for g, n in sizes.items() if n < 2] == [], deck_id


# --- the checker itself catches planted errors -----------------------------------------

DECK_HEAD = '[deck]\nid = "x"\ntitle = "Planted"\n\n'


def one_card(body: str) -> Card:
    deck, problems = parse_deck(DECK_HEAD + "[[cards]]\n" + body, "x.toml")
    assert deck is not None, problems
    return deck.cards[0]


@pytest.mark.parametrize(
    "body",
    [
        'id = "a"\ntype = "basic"\nfront = "Which root supplies the skin over the medial malleolus?"\nback = "L5"\n',
        'id = "b"\ntype = "typed"\nfront = "Numbness over the dorsum of the foot: which root?"\nanswer = "L4"\n',
        'id = "c"\ntype = "choice"\nfront = "Which root is tested at the popliteal fossa?"\n'
        'choices = ["S1", "S2", "S3"]\nanswer = "S1"\n',
        'id = "d"\ntype = "basic"\nfront = "Where is the L5 key sensory point?"\nback = "Over the medial malleolus"\n',
        'id = "e"\ntype = "typed"\nfront = "Which root is tested over the lateral heel?"\n'
        'answer = "S1"\naccept = ["first sacral", "L5"]\n',
        'id = "f"\ntype = "choice"\nfront = "Where is the L4 key sensory point?"\n'
        'choices = ["Medial malleolus", "Inner ankle bone", "Lateral heel"]\nanswer = "Medial malleolus"\n',
        'id = "g"\ntype = "basic"\nfront = "Weak ankle eversion alone: which single root?"\nback = "S1"\n',
        'id = "h"\ntype = "basic"\nfront = "Which root is tested at the xiphisternum?"\nback = "T8"\n',
    ],
)
def test_checker_catches_a_planted_wrong_card(body):
    assert root_problems(one_card(body)), "a wrong card passed the consistency check"


@pytest.mark.parametrize(
    "body",
    [
        'id = "a"\ntype = "basic"\nfront = "Which root supplies the skin over the medial malleolus?"\nback = "L4"\n',
        'id = "b"\ntype = "typed"\nfront = "Numbness over the dorsum of the foot: which root?"\nanswer = "L5"\n',
        'id = "c"\ntype = "choice"\nfront = "Which root is tested at the popliteal fossa?"\n'
        'choices = ["S1", "S2", "S3"]\nanswer = "S2"\n',
        'id = "d"\ntype = "basic"\nfront = "Where is the L5 key sensory point?"\n'
        'back = "Dorsum of the foot at the 3rd MTP joint"\n',
        'id = "e"\ntype = "typed"\nfront = "Which root is tested at the inguinal ligament?"\n'
        'answer = "T12/L1"\naccept = ["T12", "L1", "L1/T12"]\n',
    ],
)
def test_checker_passes_the_same_cards_when_right(body):
    assert root_problems(one_card(body)) == []


@pytest.mark.parametrize("table", ["KEY_SENSORY_POINTS", "LOWER_LIMB_TABLE"])
def test_checker_rejects_every_swapped_root(table):
    """Each key point or baseline area, answered with any other root, is caught; its own root passes."""
    for place_root, place in getattr(ref, table).items():
        for root in ref.ROOTS:
            card = one_card(
                f'id = "p"\ntype = "typed"\nfront = "Which root is tested here: {place}?"\nanswer = "{root}"\n'
            )
            problems = root_problems(card)
            if root == place_root:
                assert problems == [], f"{place} -> {root} is right but was rejected: {problems}"
            else:
                assert problems, f"{place} -> {root} is wrong but passed the check"


def test_checker_sees_both_directions():
    to_root = one_card('id = "a"\ntype = "basic"\nfront = "Skin over the medial malleolus?"\nback = "L4"\n')
    to_area = one_card('id = "b"\ntype = "basic"\nfront = "L4 key point?"\nback = "Medial malleolus"\n')
    assert direction(to_root) == ("area->root", "L4")
    assert direction(to_area) == ("root->area", "L4")
