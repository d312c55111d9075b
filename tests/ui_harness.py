"""Builds the trainer app for pilot and snapshot tests: a temp data folder, test decks, a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.store import Store
from trainer.store.deck_files import load_decks
from trainer.ui.app import TrainerApp

FIXTURES = Path(__file__).parent / "fixtures"
START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand, so 'tomorrow' needs no waiting."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Harness:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.clock = Clock()
        self.stores: list[Store] = []

    def app(self, *decks: str | Path, study_now: bool = False, study_decks=None, builtin: bool = False) -> TrainerApp:
        paths = [p if isinstance(p, Path) else FIXTURES / p for p in decks]
        builtin_paths = []
        if builtin:
            from trainer.store.deck_files import BUILTIN_DECK_DIR

            builtin_paths = [BUILTIN_DECK_DIR]
        library = load_decks(paths, builtin_paths=builtin_paths)
        store = Store.open(self.data_dir)
        self.stores.append(store)
        if "new_order" not in store.settings():
            # Tests walk the fixture decks card by card, so new cards come in deck order.
            store.save_settings({**store.settings(), "new_order": "deck"})
        return TrainerApp(
            store=store,
            library=library,
            profile="default",
            study_now=study_now,
            study_decks=study_decks,
            clock=self.clock,
        )

    def close(self) -> None:
        for store in self.stores:
            store.close()
        self.stores.clear()

    def reopen(self) -> Store:
        self.close()
        store = Store.open(self.data_dir)
        self.stores.append(store)
        return store


def shown_options(app) -> tuple[str, ...]:
    """The choices of the card on screen, in the order shown (they are shuffled per showing)."""
    return app.screen.card_widget.options


def key_for(app, choice: str) -> str:
    """The number key that picks ``choice`` on the card on screen."""
    return str(shown_options(app).index(choice) + 1)


async def pick(pilot, *choices: str) -> None:
    """Press the number keys of these choices (a choice card takes one, a multi card toggles each)."""
    for choice in choices:
        await pilot.press(key_for(pilot.app, choice))


async def steady(pilot) -> None:
    """Let the screen settle; a blinking cursor would make the typed-card snapshots flaky."""
    from textual.widgets import Input

    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def plain(app, selector: str, width: int = 200) -> str:
    """The text a Static shows, whatever renderable it holds (rich grids included)."""
    from rich.console import Console
    from textual.widgets import Static

    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    if hasattr(content, "plain"):
        return str(content.plain)
    console = Console(width=width, record=True, color_system=None)
    with console.capture() as capture:
        console.print(content)
    return capture.get()


LONG_NOTE = " ".join(f"Sentence {n} of a long clinical note about the L4 dermatome." for n in range(40))


def long_deck(tmp_path, prompt="Which root supplies the skin over the medial malleolus?"):
    path = tmp_path / "long.toml"
    path.write_text(
        '[deck]\nid = "long"\ntitle = "Long deck"\n\n'
        '[[cards]]\nid = "one"\ntype = "basic"\n'
        f'front = "{prompt}"\nback = "L4"\nnote = "{LONG_NOTE}"\nsource = "The end of the card"\n\n'
        '[[cards]]\nid = "two"\ntype = "typed"\nfront = "Root of the lateral heel?"\nanswer = "S1"\n'
    )
    return path


def text_of(app, selector: str) -> str:
    """The text of a Static on the current screen."""
    from textual.widgets import Static

    return str(app.screen.query_one(selector, Static).content)
