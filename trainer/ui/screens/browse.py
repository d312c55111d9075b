"""Browse every card: search fronts, backs and tags; filter by deck, tag and state; open a card with
its answer history; suspend, bury, reset (confirmed, undoable) or study it now.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from trainer.deck import Item
from trainer.records import CardState, Review
from trainer.stats import card_class
from trainer.text import printable
from trainer.ui.compact import fit_fields
from trainer.ui.literal import cell, labelled, literal
from trainer.ui.messages import StudyRequested

MAX_ROWS = 500  # rows drawn at once; the search narrows the rest
# The front comes first, cut so that state, due, interval and lapses stay in view beside it
# (about 44 columns with the table's padding); deck, type and tags follow, a scroll away on 80.
BESIDE_FRONT, FRONT_MIN, FRONT_MAX = 44, 20, 70
STATES = ("new", "learning", "young", "mature", "suspended", "buried", "leech")


class CardActions(Protocol):
    """What browsing needs from progress (the study service or the store provide it)."""

    def states(self) -> Mapping[str, CardState]: ...
    def set_state(self, key: str, state: CardState | None) -> None: ...
    def history(self, key: str) -> list[Review]: ...


def state_name(state: CardState | None, today: date) -> str:
    if state is not None and state.is_buried(today) and not state.suspended:
        return "buried"
    return card_class(state)


@dataclass(frozen=True)
class _Row:
    item: Item
    haystack: str  # folded front, back and tags, for the search


def _haystack(item: Item) -> str:
    card = item.card
    parts = [card.front, card.back, card.answer, *card.answers, *card.choices, *card.tags]
    return " ".join(parts).casefold()


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: Content) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question)
            yield Static(Content("y  yes     n  no"), id="confirm-keys")
        yield Footer(show_command_palette=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class CardDetailScreen(ModalScreen[str | None]):
    """One card with its answers; the keys return an action for the browse screen to carry out."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back"),
        Binding("s", "dismiss('suspend')", "Suspend/unsuspend"),
        Binding("b", "dismiss('bury')", "Bury"),
        Binding("r", "dismiss('reset')", "Reset"),
        Binding("n", "dismiss('study')", "Study now"),
    ]

    def __init__(self, item: Item, state: CardState | None, history: Sequence[Review], today: date) -> None:
        super().__init__()
        self.item = item
        self.state = state
        self.history = history
        self.today = today

    def compose(self) -> ComposeResult:
        card = self.item.card
        with VerticalScroll(id="detail-box"):
            yield Static(labelled("Q: ", self.item.prompt), id="detail-front")
            yield Static(labelled("A: ", self.item.answer_text), id="detail-back")
            tags = ", ".join(card.tags) or "none"
            yield Static(labelled(f"{card.type} · {state_name(self.state, self.today)} · tags: ", tags))
            yield Static(self._progress())
            yield DataTable(id="detail-history", cursor_type="row", zebra_stripes=True)
        yield Footer(show_command_palette=False)

    def _progress(self) -> Content:
        state = self.state
        if state is None or state.is_new:
            return Content("Not studied yet.")
        due = state.due.isoformat() if state.due else "-"
        return Content(
            f"Due {due}, interval {state.sm2.interval} d, easiness {state.sm2.easiness:.2f}, lapses {state.lapses}."
        )

    def on_mount(self) -> None:
        table = self.query_one("#detail-history", DataTable)
        table.add_columns("when", "grade", "kind", "answered")
        for review in reversed(self.history):
            response = review.response
            shown = "; ".join(response) if isinstance(response, list) else (response or "-")
            table.add_row(review.time.strftime("%Y-%m-%d %H:%M"), review.grade, review.kind, cell(shown))
        if not self.history:
            table.add_row("-", "-", "-", "no answers yet")


class BrowseScreen(Screen):
    """Type to search; Down or Enter goes to the table, where the keys act on the highlighted card."""

    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("slash", "search", "Search", show=False),
        Binding("s", "suspend", "Suspend/unsuspend"),
        Binding("b", "bury", "Bury"),
        Binding("r", "reset", "Reset"),
        Binding("n", "study", "Study now"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("u", "undo", "Undo", show=False),
    ]

    def __init__(
        self,
        items: Sequence[Item],
        actions: CardActions,
        today: date,
        deck_titles: Mapping[str, str] | None = None,
        *,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.rows = [_Row(item, _haystack(item)) for item in items]
        self.by_key = {row.item.key: row.item for row in self.rows}
        self.actions = actions
        self.today = today
        self.deck_titles = dict(deck_titles or {})
        self.on_change = on_change
        self.undo_stack: list[tuple[str, CardState | None, str]] = []
        self.shown: list[Item] = []
        self._front_width = FRONT_MIN

    def on_resize(self, event: events.Resize) -> None:
        fit_fields(self, event.size.height)
        width = self._fitting_front_width()
        if self.is_mounted and width != self._front_width:
            self._front_width = width
            keep = self._current_key()
            # A column keeps the width of its widest cell so far: narrower fronts need new columns.
            self.query_one("#browse-table", DataTable).clear(columns=True)
            self._add_columns()
            self.refresh_rows(keep)

    def _add_columns(self) -> None:
        table = self.query_one("#browse-table", DataTable)
        for label, key in (
            ("front", "front"),
            ("state", "state"),
            ("due", "due"),
            ("ivl", "interval"),
            ("lapses", "lapses"),
            ("deck", "deck"),
            ("type", "type"),
            ("tags", "tags"),
        ):
            table.add_column(label, key=key)

    def _fitting_front_width(self) -> int:
        return max(FRONT_MIN, min(FRONT_MAX, self.app.size.width - BESIDE_FRONT))

    def compose(self) -> ComposeResult:
        decks = sorted({row.item.deck_id for row in self.rows})
        tags = sorted({tag for row in self.rows for tag in row.item.card.tags}, key=str.casefold)
        yield Header()
        with Vertical(id="browse"):
            yield Input(placeholder="Type to search fronts, backs and tags", id="browse-search")
            with Horizontal(id="browse-filters"):
                yield Select(
                    [(literal(self.deck_titles.get(d, d)), d) for d in decks], prompt="any deck", id="filter-deck"
                )
                yield Select([(literal(t), t) for t in tags], prompt="any tag", id="filter-tag")
                yield Select([(s, s) for s in STATES], prompt="any state", id="filter-state")
            yield Static(id="browse-count")
            yield DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._front_width = self._fitting_front_width()
        self._add_columns()
        self.refresh_rows()
        self.query_one("#browse-search", Input).focus()

    # --- filtering ------------------------------------------------------------------------

    def _filters(self) -> tuple[str, str | None, str | None, str | None]:
        def chosen(widget_id: str) -> str | None:
            value = self.query_one(widget_id, Select).value
            return value if isinstance(value, str) else None

        query = self.query_one("#browse-search", Input).value.strip().casefold()
        return query, chosen("#filter-deck"), chosen("#filter-tag"), chosen("#filter-state")

    def matching(self) -> list[Item]:
        query, deck, tag, state_filter = self._filters()
        words = query.split()
        states = self.actions.states()
        found = []
        for row in self.rows:
            item = row.item
            if deck and item.deck_id != deck:
                continue
            if tag and tag not in item.card.tags:
                continue
            if words and not all(word in row.haystack for word in words):
                continue
            if state_filter:
                state = states.get(item.key)
                if state_filter == "leech":
                    if state is None or not state.is_leech:
                        continue
                elif state_name(state, self.today) != state_filter:
                    continue
            found.append(item)
        return found

    def refresh_rows(self, keep: str | None = None) -> None:
        """Fill the table with the matching cards, the highlighted one (or ``keep``) kept highlighted."""
        table = self.query_one("#browse-table", DataTable)
        keep = keep or self._current_key()
        found = self.matching()
        self.shown = found[:MAX_ROWS]
        states = self.actions.states()
        table.clear()
        for item in self.shown:
            state = states.get(item.key)
            card = item.card
            name = state_name(state, self.today) + (" (leech)" if state is not None and state.is_leech else "")
            table.add_row(
                cell(item.prompt, self._front_width),
                name,
                state.due.isoformat() if state is not None and state.due else "-",
                state.sm2.interval if state is not None else 0,
                state.lapses if state is not None else 0,
                cell(item.deck_id),
                card.type + (" (back)" if item.reverse else ""),
                cell(", ".join(card.tags)),
                key=item.key,
            )
        more = f" (showing the first {MAX_ROWS}: search to narrow)" if len(found) > MAX_ROWS else ""
        self.query_one("#browse-count", Static).update(Content(f"{len(found)} of {len(self.rows)} cards{more}"))
        if keep is not None and keep in {i.key for i in self.shown}:
            table.move_cursor(row=table.get_row_index(keep))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#browse-table", DataTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_rows()

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one("#browse-search", Input).has_focus:
            self.query_one("#browse-table", DataTable).focus()
            event.stop()

    # --- the highlighted card -------------------------------------------------------------

    def _current_key(self) -> str | None:
        table = self.query_one("#browse-table", DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # no valid cursor (empty table)
            return None
        return key

    def _current(self) -> Item | None:
        key = self._current_key()
        return self.by_key.get(key) if key else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "browse-table":
            return
        item = self._current()
        if item is None:
            return
        state = self.actions.states().get(item.key)
        detail = CardDetailScreen(item, state, self.actions.history(item.key), self.today)
        self.app.push_screen(detail, lambda action: self._after_detail(item, action))

    def _after_detail(self, item: Item, action: str | None) -> None:
        if action == "suspend":
            self._suspend(item)
        elif action == "bury":
            self._bury(item)
        elif action == "reset":
            self._reset(item)
        elif action == "study":
            self.post_message(StudyRequested(None, items=[item], cram=True))

    # --- actions --------------------------------------------------------------------------

    def _change(self, item: Item, after: CardState | None, what: str) -> None:
        before = self.actions.states().get(item.key)
        try:
            self.actions.set_state(item.key, after)
        except Exception as exc:  # a store error: say it, keep the screen
            self.notify(str(exc), title="Not saved", severity="error", timeout=10, markup=False)
            return
        self.undo_stack.append((item.key, before, what))
        self.refresh_rows()
        if self.on_change:
            self.on_change()
        self.notify(f"{what.capitalize()}: {printable(item.prompt, one_line=True)[:50]}. Ctrl+Z undoes.", markup=False)

    def _suspend(self, item: Item) -> None:
        state = self.actions.states().get(item.key) or CardState()
        if state.suspended:
            self._change(item, state.with_changes(suspended=False), "unsuspended")
        else:
            self._change(item, state.with_changes(suspended=True), "suspended")

    def _bury(self, item: Item) -> None:
        state = self.actions.states().get(item.key) or CardState()
        self._change(item, state.with_changes(buried_until=self.today + timedelta(days=1)), "buried until tomorrow")

    def _reset(self, item: Item) -> None:
        question = Content.assemble(
            "Reset the progress of this card? It becomes new again; its answers stay in the history.\n\n",
            literal(item.prompt),
        )

        def done(yes: bool | None) -> None:
            if yes:
                self._change(item, None, "reset")

        self.app.push_screen(ConfirmScreen(question), done)

    def _table_item(self) -> Item | None:
        item = self._current()
        if item is None:
            self.notify("No card selected.", timeout=3)
        return item

    def action_suspend(self) -> None:
        if (item := self._table_item()) is not None:
            self._suspend(item)

    def action_bury(self) -> None:
        if (item := self._table_item()) is not None:
            self._bury(item)

    def action_reset(self) -> None:
        if (item := self._table_item()) is not None:
            self._reset(item)

    def action_study(self) -> None:
        if (item := self._table_item()) is not None:
            self.post_message(StudyRequested(None, items=[item], cram=True))

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo here.", timeout=3)
            return
        key, before, what = self.undo_stack.pop()
        try:
            self.actions.set_state(key, before)
        except Exception as exc:
            self.undo_stack.append((key, before, what))
            self.notify(str(exc), title="Not saved", severity="error", timeout=10, markup=False)
            return
        self.refresh_rows()
        if self.on_change:
            self.on_change()
        self.notify(f"Undid: {what}.", timeout=3)

    def action_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#browse-search", Input)
        if search.has_focus and search.value:
            search.value = ""
            return
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letters type into the search box; the card keys work once the table has the focus.
        if action in ("suspend", "bury", "reset", "study", "undo") and self.is_mounted:
            search = self.query("#browse-search")
            if search and search.first(Input).has_focus:
                return action == "undo" or None
        return True
