"""Review: one card at a time, reveal, check, grade 0-5, with undo, bury and suspend."""

from __future__ import annotations

import time
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, OptionList, ProgressBar, Static

from trainer.grading import Verdict, check_choice, check_multi, check_typed
from trainer.sm2 import GRADE_MEANINGS
from trainer.study import SaveFailed, Study
from trainer.ui.literal import labelled, literal
from trainer.ui.messages import SessionEnded, UndoRequested
from trainer.ui.widgets.choices import ChoiceList, MultiChoiceList

GRADE_LABELS = {0: "Blackout", 1: "Wrong", 2: "Nearly", 3: "Hard", 4: "Good", 5: "Perfect"}
GRADE_GROUP = Binding.Group("Grade", compact=True)
PICK_GROUP = Binding.Group("Choose", compact=True)
SELF_GRADED = ("basic", "reverse")


def _mark(ok: bool) -> str:
    # Words and symbols, not colour alone, carry right and wrong (NO_COLOR terminals).
    return "✔" if ok else "✘"


class ReviewScreen(Screen):
    BINDINGS = [
        Binding("space", "reveal", "Show answer", tooltip="Show the answer, its note and its source"),
        Binding("enter", "reveal", "Show answer", show=False),
        Binding("enter", "check", "Check", tooltip="Check the selected answers of a multi card"),
        Binding("enter", "accept", "Accept", tooltip="Accept the proposed grade"),
        Binding("enter", "need_grade", show=False),
        *[Binding(str(n), f"grade({n})", GRADE_LABELS[n], group=GRADE_GROUP) for n in range(6)],
        *[Binding(str(n), f"pick({n})", f"Choice {n}", group=PICK_GROUP) for n in range(1, 10)],
        Binding("u", "undo", "Undo", tooltip="Take back the last grade, bury or suspend; the card is asked again"),
        # While an answer is being typed, letters go into it: Ctrl+Z is the undo key then.
        Binding("ctrl+z", "undo_while_typing", "Undo", key_display="^z"),
        Binding("s", "bury", "Bury", tooltip="Hide this card until tomorrow"),
        Binding("exclamation_mark", "suspend", "Suspend", tooltip="Stop asking this card"),
        Binding("question_mark", "help", "Help"),
        Binding("escape", "end_session", "End", tooltip="End the session and see its summary"),
        Binding("q", "quit", "Quit", tooltip="Quit; every grade is already saved"),
    ]

    def __init__(self, study: Study) -> None:
        super().__init__()
        self.study = study
        self.phase: Literal["question", "answer"] = "question"
        self.verdict: Verdict | None = None
        self.response: str | list[str] | None = None
        self.shown_at = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="status"):
            yield Static(id="deck-name")
            yield ProgressBar(id="progress", show_eta=False, show_percentage=False)
            yield Static(id="counts")
        with VerticalScroll(id="card"):
            yield Static(id="badges")
            yield Static(id="prompt")
            yield ChoiceList(id="choices")
            yield MultiChoiceList(id="multi")
            yield Input(placeholder="Type your answer, then press Enter", id="typed")
            yield Button("Show answer", id="reveal-button", compact=True)
            yield Static(id="result")
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
        self.query_one("#reveal-button", Button).can_focus = False
        self.show_item()

    # --- drawing ------------------------------------------------------------------------

    @property
    def card_type(self) -> str:
        item = self.study.current
        return item.card.type if item else ""

    def _update_status(self) -> None:
        session = self.study
        item = self.study.current
        deck = self.app.service.deck_title(item.deck_id) if item else ""
        self.query_one("#deck-name", Static).update(Content.assemble(("Deck: ", "bold"), literal(deck)))
        self.query_one("#counts", Static).update(f"{session.done} done · {session.left} left")
        self.query_one("#progress", ProgressBar).update(
            total=max(1, session.done + session.left), progress=session.done
        )

    def _badges(self) -> Content:
        item = self.study.current
        assert item is not None
        state = self.study.state_of(item)
        parts: list[str] = []
        if state is None or state.is_new:
            parts.append("NEW")
        elif self.study.is_drill(item):
            parts.append("AGAIN (failed earlier today)")
        else:
            parts.append("REVIEW")
        if item.reverse:
            parts.append("REVERSE SIDE")
        if state is not None and state.is_leech:
            parts.append(f"LEECH: forgotten {state.lapses} times")
        parts.append(item.card.type.upper() if item.card.type != "reverse" else "BASIC")
        return Content.styled(" · ".join(parts), "bold $text-muted")

    def show_item(self) -> None:
        """Show the current item's front, ready for an answer; the layout stays put."""
        item = self.study.current
        if item is None:
            self.post_message(SessionEnded(self.study))
            return
        card = item.card
        self.phase = "question"
        self.verdict = None
        self.response = None
        self._update_status()
        self.query_one("#badges", Static).update(self._badges())
        self.query_one("#prompt", Static).update(literal(item.prompt))
        choices = self.query_one(ChoiceList)
        multi = self.query_one(MultiChoiceList)
        typed = self.query_one("#typed", Input)
        reveal = self.query_one("#reveal-button", Button)
        choices.display = card.type == "choice"
        multi.display = card.type == "multi"
        typed.display = card.type == "typed"
        reveal.display = card.type in (*SELF_GRADED, "multi")
        reveal.label = "Check answer (Enter)" if card.type == "multi" else "Show answer (Space)"
        for widget_id in ("#result", "#answer", "#note", "#source"):
            self.query_one(widget_id, Static).display = False
        for n in range(6):
            button = self.query_one(f"#grade-{n}", Button)
            button.disabled = True
            button.remove_class("-proposed")
            button.label = f"{n} {GRADE_LABELS[n]}"
        if card.type == "choice":
            choices.disabled = False
            choices.show_choices(card.choices)
            choices.focus()
            hint = "Pick an answer: press its number, or use the arrows and Enter."
        elif card.type == "multi":
            multi.disabled = False
            multi.show_choices(card.choices)
            multi.focus()
            hint = "Select all that apply: numbers or Space toggle, Enter checks."
        elif card.type == "typed":
            typed.disabled = False
            typed.value = ""
            typed.focus()
            hint = "Type the answer and press Enter."
        else:
            self.set_focus(None)
            hint = "Recall the answer, then press Space to see it."
        self.query_one("#grade-hint", Static).update(hint)
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.shown_at = time.monotonic()
        self.refresh_bindings()

    def reveal(self, verdict: Verdict | None = None, response: str | list[str] | None = None) -> None:
        """Show the answer, its note and source, and (for auto-graded cards) the proposed grade."""
        item = self.study.current
        if item is None or self.phase != "question":
            return
        card = item.card
        self.phase = "answer"
        self.verdict = verdict
        self.response = response
        result = self.query_one("#result", Static)
        result.display = verdict is not None
        if verdict is not None:
            result.update(self._result_content(verdict, response))
            result.set_class(verdict.correct, "-right")
            result.set_class(not verdict.correct, "-wrong")
        for widget in (self.query_one(ChoiceList), self.query_one(MultiChoiceList), self.query_one("#typed", Input)):
            widget.disabled = True
        self.query_one(ChoiceList).display = False
        self.query_one(MultiChoiceList).display = False
        self.query_one("#reveal-button", Button).display = False
        self._show_text("#answer", "Answer: ", item.answer_text)
        self._show_text("#note", "Note: ", card.note)
        self._show_text("#source", "Source: ", card.source)
        for n in range(6):
            button = self.query_one(f"#grade-{n}", Button)
            button.disabled = False
            proposed = verdict is not None and n == verdict.proposed_grade
            button.set_class(proposed, "-proposed")
            button.label = f"▶{n} {GRADE_LABELS[n]}" if proposed else f"{n} {GRADE_LABELS[n]}"
        if verdict is not None:
            grade = verdict.proposed_grade
            hint = f"Proposed grade: {grade} {GRADE_LABELS[grade]}. Enter accepts it; 0-5 changes it."
        else:
            hint = "How well did you recall it? Press 0-5 (? explains each grade)."
        self.query_one("#grade-hint", Static).update(hint)
        self.set_focus(None)
        self.refresh_bindings()

    def _show_text(self, widget_id: str, label: str, text: str) -> None:
        widget = self.query_one(widget_id, Static)
        widget.display = bool(text)
        if text:
            widget.update(labelled(label, text))

    def _result_content(self, verdict: Verdict, response: str | list[str] | None) -> Content:
        item = self.study.current
        assert item is not None
        card = item.card
        title = {True: "✔ Right", False: "≈ Almost: one typo away" if verdict.near_miss else "✘ Wrong"}[verdict.correct]
        lines = [Content.styled(title, "bold")]
        if card.type == "typed":
            lines.append(labelled("You typed: ", response if isinstance(response, str) and response else "(nothing)"))
        elif card.type == "choice":
            for i, choice in enumerate(card.choices, start=1):
                right = choice == card.answer
                chosen = choice == response
                mark = _mark(True) if right else _mark(False) if chosen else " "
                tail = "  (your answer)" if chosen else ""
                lines.append(Content.assemble(f"{mark} {i}  ", literal(choice), tail))
        elif card.type == "multi":
            chosen_set = set(response or [])
            for i, choice in enumerate(card.choices, start=1):
                should = choice in card.answers
                did = choice in chosen_set
                if should and did:
                    mark, tail = _mark(True), "  (selected, right)"
                elif should:
                    mark, tail = _mark(False), "  (missed: it applies)"
                elif did:
                    mark, tail = _mark(False), "  (selected, but it does not apply)"
                else:
                    mark, tail = " ", ""
                lines.append(Content.assemble(f"{mark} {i}  ", literal(choice), tail))
        return Content("\n").join(lines)

    # --- answering ----------------------------------------------------------------------

    @property
    def typing(self) -> bool:
        """The typed answer box has the keys: single-letter shortcuts cannot work."""
        return self.phase == "question" and self.card_type == "typed"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kind = self.card_type
        question = self.phase == "question"
        if action == "undo_while_typing":
            return self.typing
        if action in ("undo", "bury", "suspend", "help", "quit") and self.typing:
            return False  # hidden from the footer, which shows what works now
        if action == "reveal":
            return question and kind in SELF_GRADED
        if action == "check":
            return question and kind == "multi"
        if action == "pick":
            item = self.study.current
            count = len(item.card.choices) if item else 0
            return question and kind in ("choice", "multi") and int(parameters[0]) <= count
        if action == "grade":
            return not question
        if action == "accept":
            return not question and self.verdict is not None
        if action == "need_grade":
            return not question and self.verdict is None
        if action in ("bury", "suspend"):
            return self.study.current is not None
        return True

    def action_reveal(self) -> None:
        self.reveal()

    def action_check(self) -> None:
        item = self.study.current
        if item is None:
            return
        multi = self.query_one(MultiChoiceList)
        chosen = sorted(item.card.choices[i] for i in multi.selected)
        self.reveal(check_multi(item.card, chosen), chosen)

    def on_multi_choice_list_check(self, event: MultiChoiceList.Check) -> None:
        event.stop()
        if self.phase == "question":
            self.action_check()

    def action_pick(self, number: int) -> None:
        item = self.study.current
        if item is None:
            return
        if item.card.type == "choice":
            self._choose(number - 1)
        else:
            multi = self.query_one(MultiChoiceList)
            multi.toggle(number - 1)
            multi.highlighted = number - 1

    def _choose(self, index: int) -> None:
        item = self.study.current
        assert item is not None
        chosen = item.card.choices[index]
        self.reveal(check_choice(item.card, chosen), chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, ChoiceList):
            event.stop()
            if self.phase == "question" and event.option.id is not None:
                self._choose(int(event.option.id))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        item = self.study.current
        if item is None or self.phase != "question" or item.card.type != "typed":
            return
        self.reveal(check_typed(item.card, event.value), event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id.startswith("grade-"):
            self.action_grade(int(button_id.removeprefix("grade-")))
        elif button_id == "reveal-button":
            if self.card_type == "multi":
                self.action_check()
            else:
                self.reveal()

    def action_accept(self) -> None:
        if self.verdict is not None:
            self.action_grade(self.verdict.proposed_grade)

    def action_need_grade(self) -> None:
        self.notify("Press 0-5 to grade how well you recalled it.", timeout=3)

    def action_grade(self, grade: int) -> None:
        if self.phase != "answer" or self.study.current is None:
            return
        item = self.study.current
        ms = int((time.monotonic() - self.shown_at) * 1000)
        try:
            review = self.study.grade(grade, response=self.response, ms=ms)
        except SaveFailed as exc:
            self.app.report_save_failure(exc)
            return
        before_lapses = review.before.lapses if review.before else 0
        if review.after.is_leech and before_lapses < review.after.lapses:
            self.notify(
                f"Forgotten {review.after.lapses} times: {item.prompt[:60]}. "
                "Consider rewording it for yourself, or press ! to suspend it next time.",
                title="This card is a leech",
                severity="warning",
                timeout=8,
                markup=False,
            )
        self.show_item()

    # --- other actions ------------------------------------------------------------------

    def action_help(self) -> None:
        self.app.action_help()

    def action_quit(self) -> None:
        self.app.exit()

    def action_undo_while_typing(self) -> None:
        self.action_undo()

    def action_undo(self) -> None:
        self.post_message(UndoRequested(self.study))

    def _set_aside(self, kind: Literal["bury", "suspend"]) -> None:
        try:
            self.study.bury() if kind == "bury" else self.study.suspend()
        except SaveFailed as exc:
            self.app.report_save_failure(exc)
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
