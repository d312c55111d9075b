"""Today's counts from light views of stored states (the home screen's fast path) equal the counts from CardStates."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.deck import Card
from trainer.records import CardState, StoredState
from trainer.session import Limits, deck_counts
from trainer.sm2 import Sm2State

TODAY = date(2026, 3, 10)
days = st.one_of(st.none(), st.integers(min_value=-3, max_value=3).map(lambda n: TODAY + timedelta(days=n)))


@st.composite
def cards(draw, index: int) -> Card:
    deck = draw(st.sampled_from(["a", "b", "c"]))
    kind = draw(st.sampled_from(["basic", "reverse"]))
    group = draw(st.sampled_from(["", "", "g1", "g2"]))
    return Card(deck_id=deck, id=f"c{index}", type=kind, front=f"Q{index}", back=f"A{index}", group=group)


@st.composite
def states(draw) -> CardState:
    last_reviewed = draw(days)
    return CardState(
        Sm2State(draw(st.integers(0, 5)), draw(st.integers(0, 40)), 2.5),
        due=draw(days) if last_reviewed is not None else draw(st.one_of(st.none(), days)),
        first_seen=draw(days),
        last_reviewed=last_reviewed,
        lapses=draw(st.integers(0, 10)),
        suspended=draw(st.booleans()),
        buried_until=draw(days),
        last_answered=draw(days),
        last_grade=draw(st.one_of(st.none(), st.integers(0, 5))),
    )


@st.composite
def profiles(draw):
    count = draw(st.integers(0, 30))
    items = [item for index in range(count) for item in draw(cards(index)).items()]
    chosen = draw(st.lists(st.sampled_from(items), unique_by=lambda i: i.key) if items else st.just([]))
    return items, {item.key: draw(states()) for item in chosen}


limits = st.builds(Limits, new_per_day=st.integers(0, 6), reviews_per_day=st.integers(0, 8), mix_new=st.booleans())


@settings(max_examples=300, deadline=None)
@given(profiles(), limits, st.dictionaries(st.sampled_from(["a", "b", "c"]), limits, max_size=2))
def test_counts_from_stored_views_equal_counts_from_card_states(profile, overall, per_deck):
    items, card_states = profile
    stored = {}
    for key, state in card_states.items():
        data = {"key": key, **state.to_dict()}
        CardState.check_dict(data)  # what the store checks on open, before it hands out views
        stored[key] = StoredState(data)
    assert deck_counts(items, stored, TODAY, overall, per_deck) == deck_counts(
        items, card_states, TODAY, overall, per_deck
    )


def test_a_view_reads_the_same_fields_as_the_card_state():
    state = CardState(
        Sm2State(2, 6, 2.4),
        due=TODAY,
        first_seen=TODAY - timedelta(days=9),
        last_reviewed=TODAY - timedelta(days=6),
        suspended=True,
        buried_until=TODAY + timedelta(days=1),
        last_answered=TODAY,
        last_grade=2,
    )
    view = StoredState(state.to_dict())
    for name in ("due", "first_seen", "last_reviewed", "last_answered", "last_grade", "suspended", "buried_until"):
        assert getattr(view, name) == getattr(state, name), name
    assert (view.is_new, view.in_drill(TODAY), view.is_buried(TODAY)) == (False, True, True)
    assert StoredState({}).is_new and not StoredState({}).is_buried(TODAY)


def test_the_store_hands_out_views_of_what_it_holds_now(tmp_path):
    from trainer.store import Store

    first = CardState(due=TODAY, first_seen=TODAY, last_reviewed=TODAY, last_answered=TODAY, last_grade=3)
    with Store.open(tmp_path) as store:
        store.set_state("d:one", first)
        store.set_state("d:two", first.with_changes(suspended=True))
        store.set_state("d:two", None)
        store.set_state("d:three", first.with_changes(last_grade=5))
    with Store.open(tmp_path) as store:
        views = store.stored_states()
        assert sorted(views) == sorted(store.states()) == ["d:one", "d:three"]
        assert views["d:one"].in_drill(TODAY) and not views["d:three"].in_drill(TODAY)
        store.set_state("d:one", first.with_changes(buried_until=TODAY + timedelta(days=1)))
        assert store.stored_states()["d:one"].is_buried(TODAY)
