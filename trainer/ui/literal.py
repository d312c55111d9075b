"""The one place where deck text becomes widget content: always literal, never markup.

Deck files are shared between people, so text such as ``[@click=app.quit]x[/]`` or
``[link=...]`` must render as typed and never become styling, a link or an action, and
control characters are shown as visible symbols (``trainer.text.printable``).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from trainer.text import printable


def literal(text: str) -> Content:
    """Deck text exactly as written, safe to hand to any widget."""
    return Content(printable(text))


def labelled(label: str, text: str, label_style: str = "bold") -> Content:
    """``label`` (our own, styled) followed by deck text (literal)."""
    return Content.assemble((label, label_style), literal(text))


def cell(text: str, width: int | None = None) -> Text:
    """Deck text as one line of a table cell (a plain ``str`` cell would be read as markup):
    literal, line breaks shown as spaces, cut to ``width`` with an ellipsis when given."""
    shown = Text(printable(" ".join(text.splitlines()), one_line=True), no_wrap=True)
    if width is not None and shown.cell_len > width:
        shown.truncate(max(1, width - 1))
        shown.append("…")
    return shown
