"""Review: one card at a time in the widget its type needs, then a grade 0-5; undo, bury, suspend."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable
from typing import Literal

from rich.console import Group
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, ProgressBar, Static

from trainer.grading import Verdict
from trainer.sm2 import GRADE_MEANINGS
from trainer.study import SaveFailed, Study
from trainer.ui.literal import labelled, literal
from trainer.ui.messages import HelpRequested, QuitRequested, SessionEnded, UndoRequested, report_save_failure
from trainer.ui.widgets.cards import CardWidget, widget_for

GRADE_LABELS = {0: "Blackout", 1: "Wrong", 2: "Nearly", 3: "Hard", 4: "Good", 5: "Perfect"}
# Below this width six full labels do not fit on one row.
COMPACT_WIDTH = 80
COMPACT_LABELS = {0: "Gone", 1: "Miss", 2: "Near", 3: "Hard", 4: "Good", 5: "Best"}
SHORT_HEIGHT = 20
GRADE_GROUP = Binding.Group("Grade", compact=True)
LEECH_PROMPT_WIDTH = 60


class CardScroll(VerticalScroll):
    """The card and, once revealed, its answer, note and source: scrolls with the keys a reader expects."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("ctrl+d", "page_down", "Page down", show=False),
        Binding("ctrl+u", "page_up", "Page up", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    # Kept up to date on every scroll and resize: the frame says when there is more below.
    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._hint_more()

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        self._hint_more()
        return changed

    def _hint_more(self) -> None:
        more = self.max_scroll_y > 0 and round(self.scroll_y) < self.max_scroll_y
        self.border_subtitle = "▼ more: PgDn / j" if more else ""


class ReviewScreen(Screen):
    CSS_PATH = "review.tcss"  # read when first shown, not at start-up
    HELP = (
        "Recall the answer before you reveal it, then grade yourself honestly: 0-2 means you did not "
        "know it (it starts again), 3 hard, 4 good, 5 perfect. Cards graded below 4 come back in this "
        "session. Long answers scroll with PgDn, Down, End, j or Ctrl+D. On a typed card Esc leaves the "
        "answer box so that s, !, u and q work; Tab goes back to it. F1 shows help on every screen."
    )
    BINDINGS = [
        Binding("enter", "accept", "Accept", tooltip="Accept the proposed grade"),
        Binding("enter", "need_grade", show=False),
        *[Binding(str(n), f"grade({n})", GRADE_LABELS[n], group=GRADE_GROUP) for n in range(6)],
        Binding("escape", "end_session", "End", tooltip="End the session and see its summary"),
        Binding("q", "quit", "Quit", tooltip="Quit; every grade is already saved"),
        Binding("u", "undo", "Undo", tooltip="Take back the last grade, bury or suspend; the card is asked again"),
        # While an answer is being typed, letters go into it: Ctrl+Z is the undo key then.
        Binding("ctrl+z", "undo_while_typing", "Undo", key_display="^z"),
        Binding("s", "bury", "Bury", tooltip="Hide this card until tomorrow"),
        Binding("exclamation_mark", "suspend", "Suspend", tooltip="Stop asking this card"),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self, study: Study, deck_title: Callable[[str], str] = str) -> None:
        super().__init__()
        self.study = study
        self.deck_title = deck_title
        self.phase: Literal["question", "answer"] = "question"
        self.verdict: Verdict | None = None
        self.response: str | list[str] | None = None
        self.shown_at = time.monotonic()
        self._undo_armed = False  # Ctrl+Z pressed once over typed text: the next one undoes
        self._widget: CardWidget | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="status"):
            yield Static(id="deck-name")
            yield ProgressBar(id="progress", show_eta=False, show_percentage=False)
            yield Static(id="counts")
        with CardScroll(id="card"):
            yield Static(id="badges")
            yield Static(id="prompt")
            yield Vertical(id="answer-area")
            yield Static(id="result")
            yield Static(id="result-detail")
            yield Static(id="answer")
            yield Static(id="note")
            yield Static(id="source")
        yield Static(id="grade-hint")
        with Horizontal(id="grades"):
            for n in range(6):
                button = Button(f"{n} {GRADE_LABELS[n]}", id=f"grade-{n}", compact=True)
                button.can_focus = False
                button.tooltip = GRADE_MEANINGS[n]
                yield button
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.show_item()

    def on_resize(self, event: Resize) -> None:
        # Small terminals (down to 60x15): compact labels and footer, no header, tighter card.
        self.set_class(event.size.width < COMPACT_WIDTH, "-narrow")
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")
        self._label_grades()
        self.query_one(Footer).compact = event.size.width < COMPACT_WIDTH

    # --- drawing ------------------------------------------------------------------------

    @property
    def card_widget(self) -> CardWidget | None:
        return self._widget

    def _update_status(self) -> None:
        item = self.study.current
        deck = self.deck_title(item.deck_id) if item else ""
        self.query_one("#deck-name", Static).update(Content.assemble(("Deck: ", "bold"), literal(deck)))
        done, left = self.study.done, self.study.left
        self.query_one("#counts", Static).update(f"{done} done · {left} left")
        self.query_one("#progress", ProgressBar).update(total=max(1, done + left), progress=done)

    def _badges(self, widget: CardWidget) -> Content:
        item = widget.item
        state = self.study.state_of(item)
        parts: list[str] = []
        if self.study.cram:
            parts.append("CUSTOM STUDY")
        elif state is None or state.is_new:
            parts.append("NEW")
        elif self.study.is_drill(item):
            parts.append("AGAIN (failed earlier today)")
        else:
            parts.append("REVIEW")
        if item.reverse:
            parts.append("REVERSE SIDE")
        if state is not None and state.is_leech:
            parts.append(f"LEECH: forgotten {state.lapses} times")
        if widget.KIND:
            parts.append(widget.KIND)
        return Content.styled(" · ".join(parts), "bold $text-muted")

    def _label_grades(self) -> None:
        compact = self.size.width < COMPACT_WIDTH
        for n in range(6):
            button = self.query_one(f"#grade-{n}", Button)
            proposed = self.phase == "answer" and self.verdict is not None and n == self.verdict.proposed_grade
            word = COMPACT_LABELS[n] if compact else GRADE_LABELS[n]
            button.label = f"{'▶' if proposed else ''}{n} {word}"
            button.set_class(proposed, "-proposed")
            button.disabled = self.phase != "answer"

    def show_item(self) -> None:
        """Show the current item's front in the widget its type needs, ready for an answer."""
        item = self.study.current
        if item is None:
            self.post_message(SessionEnded(self.study))
            return
        self.phase = "question"
        self.verdict = None
        self.response = None
        self._undo_armed = False
        self._update_status()
        widget = widget_for(item, self.study.options(item), self.study.synonyms(item))
        area = self.query_one("#answer-area", Vertical)
        area.remove_children()
        area.mount(widget)
        self._widget = widget
        # While a question is open, Tab goes straight to the answer, not to the card's frame.
        self.query_one("#card", CardScroll).can_focus = False
        self.call_after_refresh(widget.focus_answer)
        self.query_one("#badges", Static).update(self._badges(widget))
        self.query_one("#prompt", Static).update(literal(item.prompt))
        for widget_id in ("#result", "#result-detail", "#answer", "#note", "#source"):
            self.query_one(widget_id, Static).display = False
        self._label_grades()
        self.query_one("#grade-hint", Static).update(widget.HINT)
        self.query_one("#card", CardScroll).scroll_home(animate=False)
        self.shown_at = time.monotonic()
        self.refresh_bindings()

    def on_card_widget_answered(self, message: CardWidget.Answered) -> None:
        message.stop()
        self.reveal(message.verdict, message.response)

    def reveal(self, verdict: Verdict | None = None, response: str | list[str] | None = None) -> None:
        """Show the answer, its note and source, and (for auto-graded cards) the proposed grade."""
        item = self.study.current
        widget = self.card_widget
        if item is None or widget is None or self.phase != "question":
            return
        self.phase = "answer"
        self.verdict = verdict
        self.response = response
        widget.show_result(verdict, response)
        result = self.query_one("#result", Static)
        detail = self.query_one("#result-detail", Static)
        result.display = verdict is not None
        detail.display = False
        if verdict is not None:
            result.update(
                Content.styled(
                    f"{'✔' if verdict.correct else '≈' if verdict.near_miss else '✘'} {verdict.label}", "bold"
                )
            )
            result.set_class(verdict.correct, "-right")
            result.set_class(not verdict.correct, "-wrong")
            lines = widget.result(verdict, response)
            if lines is not None:
                detail.update(Group(lines))
                detail.display = True
        self._show_text("#answer", "Answer: ", item.answer_text)
        self._show_text("#note", "Note: ", item.card.note)
        self._show_text("#source", "Source: ", item.card.source)
        self._label_grades()
        if verdict is not None:
            grade = verdict.proposed_grade
            hint = f"Proposed: {grade} {GRADE_LABELS[grade]}. Enter accepts; 0-5 changes it."
        else:
            hint = "How well did you recall it? Press 0-5 (? explains each grade)."
        self.query_one("#grade-hint", Static).update(hint)
        # The card has the keys now, so PgDn, Down, End, j and Ctrl+D reach the note and source.
        card = self.query_one("#card", CardScroll)
        card.can_focus = True
        card.focus()
        self.refresh_bindings()

    def _show_text(self, widget_id: str, label: str, text: str) -> None:
        widget = self.query_one(widget_id, Static)
        widget.display = bool(text)
        if text:
            widget.update(labelled(label, text))

    # --- answering ----------------------------------------------------------------------

    @property
    def typing(self) -> bool:
        """The typed answer box has the keys: single-letter shortcuts cannot work."""
        return isinstance(self.focused, Input)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        question = self.phase == "question"
        if action == "undo_while_typing":
            return self.typing
        if action in ("undo", "bury", "suspend", "help", "quit") and self.typing:
            return False  # hidden from the footer, which shows what works now
        if action == "grade":
            return not question
        if action == "accept":
            return not question and self.verdict is not None
        if action == "need_grade":
            return not question and self.verdict is None
        if action in ("bury", "suspend"):
            return self.study.current is not None
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id.startswith("grade-"):
            event.stop()
            self.action_grade(int(button_id.removeprefix("grade-")))

    def action_accept(self) -> None:
        if self.verdict is not None:
            self.action_grade(self.verdict.proposed_grade)

    def action_need_grade(self) -> None:
        self.notify("Press 0-5 to grade how well you recalled it.", timeout=3)

    def action_grade(self, grade: int) -> None:
        item = self.study.current
        if self.phase != "answer" or item is None:
            return
        ms = int((time.monotonic() - self.shown_at) * 1000)
        try:
            review = self.study.grade(grade, response=self.response, ms=ms)
        except SaveFailed as exc:
            report_save_failure(self, exc)
            return
        before_lapses = review.before.lapses if review.before else 0
        if review.after.is_leech and before_lapses < review.after.lapses:
            prompt = textwrap.shorten(" ".join(item.prompt.split()), LEECH_PROMPT_WIDTH, placeholder=" …")
            self.notify(
                f"Forgotten {review.after.lapses} times: “{prompt}”. When it comes back you can press ! "
                "to suspend it, read its note after revealing it, or study it on its own in a custom session.",
                title="This card is a leech",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.show_item()

    # --- other actions ------------------------------------------------------------------

    def action_help(self) -> None:
        self.post_message(HelpRequested())

    def action_quit(self) -> None:
        self.post_message(QuitRequested())

    def action_undo_while_typing(self) -> None:
        typed = self.focused.value if isinstance(self.focused, Input) else ""
        if typed.strip() and not self._undo_armed:
            # Undoing brings back the previous card: what is typed here would be lost.
            self._undo_armed = True
            self.notify("Press Ctrl+Z again to undo the previous grade; what you typed here will be cleared.")
            return
        self.action_undo()

    def action_undo(self) -> None:
        self.post_message(UndoRequested(self.study))

    def _set_aside(self, kind: Literal["bury", "suspend"]) -> None:
        try:
            self.study.bury() if kind == "bury" else self.study.suspend()
        except SaveFailed as exc:
            report_save_failure(self, exc)
            return
        if kind == "bury":
            message = "Buried until tomorrow (u undoes)."
        else:
            message = "Suspended: not asked again until 'trainer unsuspend' (u undoes)."
        self.notify(message, timeout=5)
        self.show_item()

    def action_bury(self) -> None:
        self._set_aside("bury")

    def action_suspend(self) -> None:
        self._set_aside("suspend")

    def action_end_session(self) -> None:
        self.post_message(SessionEnded(self.study))
