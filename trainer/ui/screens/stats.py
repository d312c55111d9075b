"""Statistics screen: cards by state, due forecast, activity, retention, mastery, confusions, weakest cards.

Charts are textual-plotext plots and Textual widgets; every number is also written as
text, so the screen reads at 80x24 and without colour (NO_COLOR=1).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Sparkline, Static, TabbedContent, TabPane

from trainer.deck import Item
from trainer.stats import Stats, confusion_keys
from trainer.text import plural
from trainer.ui.literal import cell
from trainer.ui.messages import StudyRequested

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

STATE_COLUMNS = ("new", "learning", "young", "mature", "suspended", "leeches")
SHADES = "·░▒▓█"  # no answers, then four levels up to the busiest day
PANES = (
    ("Cards", "tab-cards"),
    ("Forecast", "tab-forecast"),
    ("Activity", "tab-activity"),
    ("Mastery", "tab-mastery"),
    ("Confusions", "tab-confusions"),
    ("Weakest", "tab-weakest"),
)
CONFUSION_PAIRS = 5  # "drill my confusions" takes the cards behind this many top pairs
TITLE_WIDTH = 24  # deck titles are cut here, so that the six state columns fit in 80 columns


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


class ActivityCalendar(Widget):
    """A calendar heatmap in shading glyphs (readable without colour): weeks across, weekdays down.

    As many weeks as fit the width, up to a year, are drawn when the widget renders.
    """

    DEFAULT_CSS = "ActivityCalendar { height: 8; }"

    def __init__(self, activity: Mapping[str, int], today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.activity = activity
        self.today = today

    def render(self) -> Content:
        weeks = max(4, min(53, (self.size.width - 4) // 2))
        today = self.today
        start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
        counts = [self.activity.get((start + timedelta(days=n)).isoformat(), 0) for n in range(weeks * 7)]
        top = max(counts, default=0)
        steps = len(SHADES) - 1
        rows = []
        for weekday, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")):
            cells = []
            for week in range(weeks):
                offset = week * 7 + weekday
                if start + timedelta(days=offset) > today:
                    cells.append(" ")
                    continue
                n = counts[offset]
                cells.append(SHADES[0 if n == 0 else 1 + min(steps - 1, (n * steps - 1) // top)])
            rows.append(f"{name} " + " ".join(cells))
        if top:
            levels = "  ".join(f"{glyph} up to {-(-top * i // steps)}" for i, glyph in enumerate(SHADES[1:], 1))
            rows.append(f"    {SHADES[0]} none  {levels}")
        else:
            rows.append("    no answers yet")
        return Content("\n".join(rows))


class StatsScreen(Screen):
    """Read-only figures; `d` drills the cards behind the top confusions, Enter on a weak card studies it."""

    CSS_PATH = "stats.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("d", "drill_confusions", "Drill my confusions"),
        Binding("w", "study_weakest", "Study weakest"),
        *(Binding(str(n), f"tab({n})", f"Tab {n}", show=False) for n in range(1, 7)),
        Binding("question_mark", "app.help", "Help"),
    ]

    def __init__(self, stats: Stats, items: Mapping[str, Item], deck_titles: Mapping[str, str]) -> None:
        super().__init__()
        self.stats = stats
        self.items = items
        self.deck_titles = deck_titles
        self._filled: set[str] = set()

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="stats-tabs"):
            # Only the first tab is built now; each other one when first shown: opening builds one, not six.
            first, *rest = PANES
            with TabPane(first[0], id=first[1]):
                self._filled.add(first[1])
                yield from self._widgets(first[1])
            for title, pane_id in rest:
                yield TabPane(title, id=pane_id)
        yield Footer(show_command_palette=False)

    def show(self, stats: Stats) -> None:
        """New figures for the next open (the screen is kept between opens): the first tab is
        updated in place and shown; the others are built again when next shown."""
        table = next(self.query("#stats-states").results(DataTable), None)
        if stats is self.stats or table is None:
            # The same figures (nothing changed since), or a screen prepared ahead and not yet
            # composed: its widgets will read ``self.stats`` when it is first shown.
            self.stats = stats
            if table is not None:
                self.query_one(TabbedContent).active = PANES[0][1]
            return
        self.stats = stats
        for _, pane_id in PANES[1:]:
            if pane_id in self._filled:
                self._filled.discard(pane_id)
                self.query_one(f"#{pane_id}", TabPane).remove_children()
        self.query_one("#stats-headline", Static).update(self._headline())
        table.clear(columns=True)
        self._fill_states(table)
        self.query_one(TabbedContent).active = PANES[0][1]

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id:
            self._fill_pane(event.pane.id)

    def _fill_pane(self, pane_id: str) -> None:
        if pane_id in self._filled:
            return
        self._filled.add(pane_id)
        self.query_one(f"#{pane_id}", TabPane).mount_all(self._widgets(pane_id))

    def _widgets(self, pane_id: str) -> list[Widget]:
        build = {
            "tab-cards": self._cards_widgets,
            "tab-forecast": self._forecast_widgets,
            "tab-activity": self._activity_widgets,
            "tab-mastery": self._mastery_widgets,
            "tab-confusions": self._confusion_widgets,
            "tab-weakest": self._weakest_widgets,
        }[pane_id]
        return build()

    @staticmethod
    def _table(table_id: str) -> DataTable:
        return DataTable(id=table_id, cursor_type="row", zebra_stripes=True)

    def _cards_widgets(self) -> list[Widget]:
        table = self._table("stats-states")
        self._fill_states(table)
        return [VerticalScroll(Static(self._headline(), id="stats-headline"), table)]

    def _forecast_widgets(self) -> list[Widget]:
        from textual_plotext import PlotextPlot  # imported when the tab is first shown: plotext is slow to load

        plot = PlotextPlot(id="forecast-plot")
        self._plot_forecast(plot)
        return [Static(self._forecast_text(), id="forecast-text"), plot]

    def _activity_widgets(self) -> list[Widget]:
        return [
            VerticalScroll(
                Static(self._activity_text(), id="activity-text"),
                Sparkline(self._activity_series(), id="activity-spark"),
                ActivityCalendar(self.stats.activity, self.stats.today, id="activity-calendar"),
            )
        ]

    def _mastery_widgets(self) -> list[Widget]:
        table = self._table("stats-mastery")
        self._fill_mastery(table)
        return [table]

    def _confusion_widgets(self) -> list[Widget]:
        table = self._table("stats-confusions")
        self._fill_confusions(table)
        return [VerticalScroll(Static(self._confusion_text(), id="confusion-text"), table)]

    def _weakest_widgets(self) -> list[Widget]:
        table = self._table("stats-weakest")
        self._fill_weakest(table)
        return [table]

    # --- text -----------------------------------------------------------------------------

    def _headline(self) -> Content:
        streak = self.stats.streak
        ret = self.stats.retention
        lines = [
            "Keys 1-6 switch tabs.",
            f"Streak {plural(streak['current'], 'day')}, longest {streak['longest']}.",
            f"Retention young {_share(ret['young']['last_30_days'])} (30 days), "
            f"{_share(ret['young']['all_time'])} (all time); "
            f"mature {_share(ret['mature']['last_30_days'])}, {_share(ret['mature']['all_time'])}.",
        ]
        return Content("\n".join(lines))

    def _forecast_text(self) -> Content:
        days = self.stats.forecast
        week = sum(d["due"] for d in days[:7])
        month = sum(d["due"] for d in days)
        tomorrow = days[0]["due"] if days else 0
        return Content(f"Due tomorrow {tomorrow}, next 7 days {week}, next 30 days {month}.")

    def _activity_series(self) -> list[float]:
        today = self.stats.today
        counts = self.stats.activity
        return [float(counts.get((today - timedelta(days=n)).isoformat(), 0)) for n in range(364, -1, -1)]

    def _activity_text(self) -> Content:
        counts = self.stats.activity
        since = (self.stats.today - timedelta(days=364)).isoformat()
        year = {d: n for d, n in counts.items() if d >= since}
        best = max(year.items(), key=lambda kv: kv[1], default=None)
        answers = plural(sum(year.values()), "answer")
        text = f"Last 365 days: {plural(len(year), 'day')} studied, {answers} (drill included)."
        if best:
            text += f" Busiest day {best[0]}: {best[1]}."
        return Content(text + "\nOlder on the left, today on the right.")

    def _confusion_text(self) -> Content:
        found = self.stats.confusions
        if not found:
            return Content("No confusions yet: wrong roots on choice, multi and typed cards show up here.")
        top = found[0]
        return Content(
            f"Most often: asked {top.expected}, answered {top.answered} ({plural(top.count, 'time')}). "
            "Press d to drill the cards behind the top pairs."
        )

    # --- tables ---------------------------------------------------------------------------

    def _fill_states(self, table: DataTable) -> None:
        table.add_column("deck", key="deck")
        for name in STATE_COLUMNS:
            table.add_column(name, key=name)
        cards = self.stats.cards
        for deck_id, counts in cards["by_deck"].items():
            title = cell(self.deck_titles.get(deck_id, deck_id), TITLE_WIDTH)
            table.add_row(title, *(counts[name] for name in STATE_COLUMNS), key=deck_id)
        table.add_row(Text("total", style="bold"), *(cards[name] for name in STATE_COLUMNS), key="*total*")

    def _fill_mastery(self, table: DataTable) -> None:
        table.add_columns("deck or tag", "cards", "mature", "first try")
        for label, groups in (("deck", self.stats.mastery_decks), ("tag", self.stats.mastery_tags)):
            for name, m in groups.items():
                shown = self.deck_titles.get(name, name) if label == "deck" else f"#{name}"
                table.add_row(cell(shown, TITLE_WIDTH), m.cards, _share(m.share_mature), _share(m.first_try))

    def _fill_confusions(self, table: DataTable) -> None:
        table.add_columns("asked", "answered", "times", "cards")
        for pair in self.stats.confusions:
            table.add_row(pair.expected, pair.answered, pair.count, len(pair.keys))

    def _fill_weakest(self, table: DataTable) -> None:
        table.add_columns("lapses", "easiness", "card")
        for entry in self.stats.weakest:
            item = self.items.get(entry["card"])
            front = item.prompt if item else entry["card"]
            table.add_row(entry["lapses"], f"{entry['easiness']:.2f}", cell(front), key=entry["card"])
        if not self.stats.weakest:
            table.add_row("-", "-", "No weak cards yet.")

    # --- charts ---------------------------------------------------------------------------

    def _plot_forecast(self, plot: PlotextPlot) -> None:
        days = self.stats.forecast
        labels = [date.fromisoformat(d["date"]).strftime("%d") for d in days]
        plt = plot.plt
        counts = [d["due"] for d in days]
        plt.bar(list(range(1, len(counts) + 1)), counts, marker="hd")
        every = list(range(1, len(counts) + 1, 5))  # fixed ticks: plotext's own choice varies by width
        plt.xticks([float(n) for n in every], [labels[n - 1] for n in every])
        top = max(counts, default=0)
        plt.yticks(sorted({0, top // 2, top}) if top else [0])
        plt.title("Reviews due, next 30 days (day of month)")

    # --- actions --------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss()

    def action_tab(self, number: int) -> None:
        tabs = self.query_one(TabbedContent)
        panes = [pane.id for pane in tabs.query(TabPane) if pane.id]
        if 1 <= number <= len(panes):
            tabs.active = panes[number - 1]

    def action_drill_confusions(self) -> None:
        keys = confusion_keys(self.stats.confusions, CONFUSION_PAIRS)
        if not keys:
            self.notify("No confusions to drill yet.", timeout=3)
            return
        self._study(keys)

    def action_study_weakest(self) -> None:
        keys = [entry["card"] for entry in self.stats.weakest]
        if not keys:
            self.notify("No weak cards yet.", timeout=3)
            return
        self._study(keys)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "stats-weakest" and event.row_key.value:
            self._study([event.row_key.value])

    def _study(self, keys: list[str]) -> None:
        """A custom (cram) session on these cards: their schedule stays as it is."""
        chosen = [self.items[key] for key in keys if key in self.items]
        if chosen:
            self.post_message(StudyRequested(None, items=chosen, cram=True))
