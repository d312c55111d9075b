"""Cards that test the same fact (one ``group``) are shown one a day, like reverse siblings."""

from datetime import UTC, date, datetime, timedelta

from trainer.deck import Card, parse_deck
from trainer.session import Limits, StudySession, answer_state, plan_queue

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
IN_ORDER = Limits(mix_new=False)


def card(card_id, group="", deck="d", kind="basic"):
    return Card(deck_id=deck, id=card_id, type=kind, front=f"Q {card_id}", back="A", group=group)


def items(*cards):
    return [item for c in cards for item in c.items()]


def keys(queue):
    return [i.key for i in queue]


def test_only_one_card_of_a_group_is_planned_for_a_day():
    queue = plan_queue(items(card("a", "l3"), card("b", "l3"), card("c"), card("d", "l3")), {}, TODAY, IN_ORDER)
    assert keys(queue) == ["d:a", "d:c"]


def test_answering_a_group_member_buries_the_others_until_tomorrow():
    cards = items(card("a", "t10"), card("x"), card("b", "t10"))
    session = StudySession(cards, {}, TODAY, IN_ORDER)
    assert keys(session.queue) == ["d:a", "d:x"]
    while not session.finished:
        session.answer(5, now=NOW)
    # After a restart the same day, the answered member keeps the rest of the group away.
    assert plan_queue(cards, session.states, TODAY, IN_ORDER) == []
    # Tomorrow the due member comes back and still keeps one group member a day.
    tomorrow = StudySession(cards, session.states, TODAY + timedelta(days=1), IN_ORDER)
    assert keys(tomorrow.queue) == ["d:a", "d:x"]
    while not tomorrow.finished:
        tomorrow.answer(5, now=NOW)
    day_after = StudySession(cards, tomorrow.states, TODAY + timedelta(days=2), IN_ORDER)
    assert keys(day_after.queue) == ["d:b"]


def test_a_failed_member_is_drilled_but_its_group_stays_buried():
    cards = items(card("a", "g"), card("b", "g"))
    session = StudySession(cards, {}, TODAY, IN_ORDER)
    session.answer(1, now=NOW)
    assert keys(session.queue) == ["d:a"]
    again = plan_queue(cards, session.states, TODAY, IN_ORDER)
    assert keys(again) == ["d:a"]


def test_groups_are_per_deck_and_reverse_sides_still_pair():
    cards = items(card("a", "g", deck="one"), card("a", "g", deck="two"), card("r", kind="reverse"))
    queue = plan_queue(cards, {}, TODAY, IN_ORDER)
    assert keys(queue) == ["one:a", "two:a", "d:r"]
    states = {"d:r:reverse": answer_state(None, 5, TODAY)[1]}
    assert "d:r" not in keys(plan_queue(cards, states, TODAY, IN_ORDER))


def test_reverse_card_in_a_group_counts_as_one_family():
    cards = items(card("r", "g", kind="reverse"), card("b", "g"))
    assert keys(plan_queue(cards, {}, TODAY, IN_ORDER)) == ["d:r"]


def test_group_key_is_parsed_and_checked():
    head = '[deck]\nid = "x"\ntitle = "T"\n\n[[cards]]\nid = "a"\ntype = "basic"\nfront = "F"\nback = "B"\n'
    deck, problems = parse_deck(head + 'group = "l3-medial-knee"\n', "x.toml")
    assert problems == [] and deck.cards[0].group == "l3-medial-knee"
    deck, problems = parse_deck(head + 'group = "L3 knee"\n', "x.toml")
    assert deck is None and "x.toml:10: card 'a': group 'L3 knee'" in str(problems[0])
    deck, problems = parse_deck(head + "group = 3\n", "x.toml")
    assert deck is None and "'group' must be a string" in str(problems[0])


def test_synonyms_table_is_parsed_and_checked():
    head = '[deck]\nid = "x"\ntitle = "T"\n\n'
    tail = '\n[[cards]]\nid = "a"\ntype = "basic"\nfront = "F"\nback = "B"\n'
    deck, problems = parse_deck(
        head + '[synonyms]\n"knee jerk" = ["patellar reflex", "quadriceps reflex"]\n' + tail, "x.toml"
    )
    assert problems == [] and deck.synonyms == (("knee jerk", ("patellar reflex", "quadriceps reflex")),)
    deck, problems = parse_deck(head + '[synonyms]\n"knee jerk" = "patellar reflex"\n' + tail, "x.toml")
    assert deck is None and "x.toml:5: [synonyms] 'knee jerk'" in str(problems[0])
    deck, problems = parse_deck(head + '[synonyms]\n"knee jerk" = []\n' + tail, "x.toml")
    assert deck is None and "at least 1" in str(problems[0])


def test_the_deck_cache_keeps_groups_and_synonyms(tmp_path):
    from trainer.store.deck_cache import DeckCache
    from trainer.store.deck_files import BUILTIN_DECK_DIR, load_decks

    deck_file = tmp_path / "peripheral-nerves.toml"
    deck_file.write_text((BUILTIN_DECK_DIR / "peripheral-nerves.toml").read_text())
    cache = DeckCache(tmp_path / "data")
    fresh = load_decks([deck_file]).decks
    assert fresh[0].synonyms and any(card.group for card in fresh[0].cards)
    assert load_decks([deck_file], cache=cache).decks == fresh  # fills the cache
    cached = load_decks([deck_file], cache=cache).decks  # served from it
    assert cached == fresh and cached[0].synonyms == fresh[0].synonyms


def test_grouped_cards_do_not_use_up_the_days_new_cards():
    """Twenty groups of three: the day offers twenty new cards, one of each group, not seven."""
    from datetime import date

    from trainer.deck import Card
    from trainer.session import Limits, plan_queue

    cards = [
        Card(deck_id="g", id=f"c{n}-{k}", type="basic", front=f"fact {n} asked way {k}", back="x", group=f"fact-{n}")
        for n in range(20)
        for k in range(3)
    ]
    items = [item for card in cards for item in card.items()]
    queue = plan_queue(items, {}, date(2026, 11, 25), Limits(new_per_day=20))
    assert len(queue) == 20
    assert len({item.card.group for item in queue}) == 20
