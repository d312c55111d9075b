"""Anki field HTML to plain text with the standard library's html.parser: line breaks kept, media dropped and counted."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["Media", "html_to_text", "looks_like_html"]

_SOUND_RE = re.compile(r"\[sound:[^\]]*\]")
_HTML_HINT_RE = re.compile(
    r"<(?:br|div|p|b|i|u|span|img|font|li|ul|ol|sup|sub|strong|em)\b[^>]*>|&(?:nbsp|amp|lt|gt|quot|#\d+);", re.I
)
_BLOCKS = {"div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre"}
_SKIP_CONTENT = {"script", "style"}


@dataclass
class Media:
    """What was dropped from the fields: Anki sounds and images cannot be shown in a terminal."""

    sounds: int = 0
    images: int = 0
    names: list[str] = field(default_factory=list)

    def add(self, other: Media) -> None:
        self.sounds += other.sounds
        self.images += other.images

    def __bool__(self) -> bool:
        return bool(self.sounds or self.images)

    def describe(self) -> str:
        parts = []
        if self.sounds:
            parts.append(f"{self.sounds} sound{'s' if self.sounds != 1 else ''}")
        if self.images:
            parts.append(f"{self.images} image{'s' if self.images != 1 else ''}")
        return " and ".join(parts)


class _TextParser(HTMLParser):
    def __init__(self, media: Media) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.media = media
        self._skipping = 0

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "img":
            self.media.images += 1
        elif tag in _SKIP_CONTENT:
            self._skipping += 1
        elif tag in _BLOCKS:
            self._newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return _HTML_HINT_RE.search(text) is not None


def html_to_text(html: str, media: Media | None = None) -> str:
    """Plain text of an HTML field: <br> and blocks become newlines, entities are decoded, tags go.

    ``[sound:...]`` references and images are removed and counted in ``media``.
    """
    media = media if media is not None else Media()
    html, sounds = _SOUND_RE.subn("", html)
    media.sounds += sounds
    parser = _TextParser(media)
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def strip_sounds(text: str, media: Media) -> str:
    """Plain-text fields can hold ``[sound:...]`` too."""
    text, sounds = _SOUND_RE.subn("", text)
    media.sounds += sounds
    return text.strip()
