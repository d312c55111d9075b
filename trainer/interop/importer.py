"""Spreadsheet (CSV/TSV) and Anki text exports to deck cards: pure, every unusable row reported as FILE:LINE: why.

Ids are stable across re-imports: from the Anki guid where the file has one, else from the
front's letters and digits, so students keep their progress when the file is imported again.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field

from trainer.interop.html_text import Media, html_to_text, looks_like_html, strip_sounds
from trainer.interop.tabular import parse_anki_header, read_rows, sniff_delimiter
from trainer.text import CONTROL_RE

__all__ = ["COLUMN_NAMES", "ImportFailed", "ImportOptions", "ImportResult", "import_rows"]

# Column names a header row or --columns may use, with the spellings people write.
COLUMN_NAMES = {
    "front": ("front", "question", "q", "prompt", "term"),
    "back": ("back", "answer", "a", "definition"),
    "tags": ("tags", "tag"),
    "source": ("source", "reference", "citation", "ref"),
    "note": ("note", "notes", "extra", "comment"),
    "choices": ("choices", "options"),
    "accept": ("accept",),
    "ordered": ("ordered",),
    "mode": ("mode",),
    "view": ("view",),
    "region": ("region",),
    "landmark": ("landmark",),
    "id": ("id",),
    "type": ("type",),
    "skip": ("", "-", "skip"),
}
_ALIASES = {alias: name for name, aliases in COLUMN_NAMES.items() for alias in aliases}
IMPORT_TYPES = ("basic", "reverse", "typed", "choice", "multi", "map")
LIST_SEPARATOR = " | "  # choices, accepted answers and multi answers in one cell, as export-csv writes them
ANKI_INTERNAL_TAGS = {"leech", "marked"}
_CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.S)
_ID_RE = re.compile(r"[a-z0-9-]+")


class ImportFailed(Exception):
    """The file as a whole cannot be imported; the text is one line for the user."""


@dataclass
class ImportOptions:
    delimiter: str | None = None
    header: bool | None = None  # None: detect
    columns: list[str] | None = None
    html: bool | None = None  # None: from Anki's #html: line, else detect
    clozes: bool = True
    source: str = ""


@dataclass
class ImportResult:
    cards: list[dict[str, object]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "FILE:LINE: why"
    media: Media = field(default_factory=Media)
    notes: list[str] = field(default_factory=list)  # what the user should know about the whole file
    controls_removed: int = 0


def column_name(word: str) -> str | None:
    return _ALIASES.get(word.strip().casefold())


def _fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def id_from_front(front: str) -> str:
    """A readable, stable id: the front's first words and a short hash of its letters and digits."""
    words = re.findall(r"[a-z0-9]+", front.casefold())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 40:
            break
        slug = f"{slug}-{word}" if slug else word
    digest = hashlib.sha1(_fold(front).encode()).hexdigest()[:6]
    return f"{slug[:40]}-{digest}" if slug else f"card-{digest}"


def id_from_guid(guid: str) -> str:
    return "anki-" + hashlib.sha1(guid.encode()).hexdigest()[:12]


@dataclass
class _Layout:
    fields: list[int]  # the note's field columns, in order
    tags: int | None = None
    notetype: int | None = None
    deck: int | None = None
    guid: int | None = None
    names: dict[str, int] = field(default_factory=dict)  # spreadsheet columns by name
    notetype_default: str = ""  # Anki's #notetype: line, for files without a notetype column
    tags_default: str = ""  # Anki's #tags: line: tags for every note


def import_rows(text: str, path: str, options: ImportOptions) -> ImportResult:
    """Cards from a CSV/TSV spreadsheet or an Anki "Notes in Plain Text" export."""
    result = ImportResult()
    header = parse_anki_header(text)
    anki = header.lines > 0
    delimiter = options.delimiter or header.separator or sniff_delimiter(_after_lines(text, header.lines))
    try:
        rows = list(read_rows(text, delimiter, skip_lines=header.lines))
    except csv.Error as exc:
        raise ImportFailed(f"{path}: cannot be read as CSV: {exc}") from None
    if not rows:
        raise ImportFailed(f"{path}: no rows to import")
    html = options.html if options.html is not None else header.html
    if html is None:
        html = any(looks_like_html(cell) for row in rows[:200] for cell in row.cells)
    width = max(len(row.cells) for row in rows)
    if anki and options.columns is None:
        layout = _anki_layout(header, width)
    else:
        layout, has_header = _sheet_layout(rows[0].cells, options, path)
        if has_header:
            result.notes.append(f"line {rows[0].line} read as a header row")
            rows = rows[1:]
    seen: dict[str, int] = {}
    decks: set[str] = set()
    for row in rows:
        for card in _row_cards(row, layout, html, anki, options, path, result, decks):
            card_id = str(card["id"])
            if card_id in seen:
                result.skipped.append(
                    f"{path}:{row.line}: same card as line {seen[card_id]} (id '{card_id}'); not imported twice"
                )
                continue
            problem = _card_problem(card) if card["type"] not in ("basic", "reverse") else None
            if problem:
                result.skipped.append(f"{path}:{row.line}: {problem}")
                continue
            seen[card_id] = row.line
            result.cards.append(card)
    if len(decks) > 1:
        result.notes.append(f"rows from {len(decks)} Anki decks ({', '.join(sorted(decks))}) all go into this deck")
    return result


def _card_problem(card: dict[str, object]) -> str | None:
    """The deck loader's first complaint about this card, if any: only cards that load are written."""
    from trainer.deck import parse_deck
    from trainer.interop.toml_out import deck_toml

    _, problems = parse_deck(deck_toml({"id": "check", "title": "check"}, [card]), "check.toml")
    return problems[0].message if problems else None


def _after_lines(text: str, count: int) -> str:
    if not count:
        return text
    parts = re.split(r"\r\n|\r|\n", text, maxsplit=count)
    return parts[-1] if len(parts) > count else ""


def _anki_layout(header, width: int) -> _Layout:
    special = {
        "tags": header.column("tags"),
        "notetype": header.column("notetype"),
        "deck": header.column("deck"),
        "guid": header.column("guid"),
    }
    taken = {index for index in special.values() if index is not None}
    fields = [i for i in range(width) if i not in taken]
    return _Layout(
        fields=fields,
        notetype_default=header.values.get("notetype", ""),
        tags_default=header.values.get("tags", ""),
        **special,
    )


def _sheet_layout(first: list[str], options: ImportOptions, path: str) -> tuple[_Layout, bool]:
    names: list[str | None]
    has_header = False
    if options.columns is not None:
        names = [column_name(word) for word in options.columns]
        for word, name in zip(options.columns, names, strict=True):
            if name is None:
                raise ImportFailed(
                    f"--columns: unknown column '{word}' (use {', '.join(n for n in COLUMN_NAMES if n != 'skip')} or '-' to skip)"
                )
        has_header = bool(options.header)
    else:
        guessed = [column_name(cell) for cell in first]
        looks_like_header = bool(first) and all(g is not None for g in guessed) and "front" in guessed
        has_header = options.header if options.header is not None else looks_like_header
        if has_header:
            unknown = [cell for cell, g in zip(first, guessed, strict=True) if g is None and cell.strip()]
            if unknown:
                raise ImportFailed(
                    f"{path}:1: unknown column '{unknown[0]}' in the header row "
                    "(use front, back, tags, source, note, id, type, or --columns)"
                )
            names = guessed
        else:
            names = ["front", "back", "tags"]
    by_name: dict[str, int] = {}
    for index, name in enumerate(names):
        if name and name != "skip":
            if name in by_name:
                raise ImportFailed(f"{path}: column '{name}' is given twice")
            by_name[name] = index
    if "front" not in by_name:
        raise ImportFailed(f"{path}: no 'front' column (name one in the header row or with --columns)")
    return _Layout(fields=[], tags=by_name.get("tags"), names=by_name), has_header


def _split_extra(text: str) -> tuple[str, str, list[str]]:
    """(note, source, accepted answers) from an Extra field."""
    note_lines: list[str] = []
    accept: list[str] = []
    source = ""
    for line in text.split("\n"):
        if line.startswith("Source: ") and not source:
            source = line.removeprefix("Source: ").strip()
        elif line.startswith("Also accepted: ") and not accept:
            accept = [a.strip() for a in line.removeprefix("Also accepted: ").split(";") if a.strip()]
        else:
            note_lines.append(line)
    return "\n".join(note_lines).strip(), source, accept


def _clean(value: str, html: bool, result: ImportResult) -> str:
    value = html_to_text(value, result.media) if html else strip_sounds(value, result.media)
    value, removed = CONTROL_RE.subn("", value)
    result.controls_removed += removed
    return value.strip()


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _row_cards(row, layout: _Layout, html: bool, anki: bool, options: ImportOptions, path: str, result, decks):
    where = f"{path}:{row.line}"
    cells = row.cells
    if layout.names:
        get = {name: _clean(_cell(cells, index), html, result) for name, index in layout.names.items()}
        front, back = get.get("front", ""), get.get("back", "")
        kind = (get.get("type") or "basic").lower()
        extra, guid, raw_id = get.get("note", ""), "", get.get("id", "")
        choices = [c.strip() for c in get.get("choices", "").split(LIST_SEPARATOR.strip()) if c.strip()]
        accept = [c.strip() for c in get.get("accept", "").split(LIST_SEPARATOR.strip()) if c.strip()]
        ordered = get.get("ordered", "").strip().lower() in ("true", "yes", "1", "x")
        map_fields = {key: get.get(key, "").strip() for key in ("mode", "view", "region", "landmark")}
        notetype = "cloze" if _CLOZE_RE.search(front) and not back else ""
        source = options.source or get.get("source", "")
    else:
        fields = [_clean(_cell(cells, i), html, result) for i in layout.fields]
        while fields and not fields[-1]:
            fields.pop()
        notetype = (_cell(cells, layout.notetype).strip() or layout.notetype_default).lower()
        if layout.deck is not None and _cell(cells, layout.deck).strip():
            decks.add(_cell(cells, layout.deck).strip())
        front = fields[0] if fields else ""
        back = fields[1] if len(fields) > 1 else ""
        guid, raw_id = _cell(cells, layout.guid).strip(), ""
        choices, ordered = [], False
        map_fields = {}
        # Further fields (e.g. the Extra field 'trainer export-anki' writes) become the note;
        # its "Source:" and "Also accepted:" lines go back where they came from.
        rest = fields[2:] if "optional reversed" not in notetype else fields[3:]
        extra, source, accept = _split_extra("\n".join(f for f in rest if f))
        source = options.source or source
        kind = "basic"
        if "cloze" in notetype or (not notetype and _CLOZE_RE.search(front)):
            notetype, extra, back = "cloze", back, ""
        elif "type in" in notetype:
            kind = "typed"
        elif "optional reversed" in notetype:
            kind = "reverse" if len(fields) > 2 and fields[2] else "basic"
        elif "reverse" in notetype:
            kind = "reverse"
    tag_sep = r"\s+" if anki else r"[\s,;]+"
    tags = [
        t
        for t in re.split(tag_sep, f"{layout.tags_default} {_cell(cells, layout.tags)}".strip())
        if t and t.lower() not in ANKI_INTERNAL_TAGS
    ]
    tags = [CONTROL_RE.sub("", t) for t in dict.fromkeys(tags)]
    if not front:
        result.skipped.append(f"{where}: no front (the first field is empty)")
        return []
    if raw_id and not _ID_RE.fullmatch(raw_id):
        result.skipped.append(f"{where}: id '{raw_id}' may only use lowercase letters, digits and '-'")
        return []
    base_id = raw_id or (id_from_guid(guid) if guid else id_from_front(front))
    common: dict[str, object] = {"tags": tags, "source": source}
    if notetype == "cloze":
        if not options.clozes:
            result.skipped.append(f"{where}: cloze deletion skipped (--skip-clozes)")
            return []
        return _cloze_cards(front, extra, base_id, common, where, result)
    if kind not in IMPORT_TYPES:
        result.skipped.append(f"{where}: type '{kind}' cannot be imported (use {', '.join(IMPORT_TYPES)})")
        return []
    if not back:
        result.skipped.append(f"{where}: no back (the answer field is empty)")
        return []
    if kind in ("choice", "multi", "map") and ordered:
        common = {**common, "ordered": True}
    if kind == "map":
        return [_map_card(base_id, front, back, choices, accept, map_fields, {**common, "note": extra})]
    if kind == "choice":
        return [
            {"id": base_id, "type": kind, "front": front, "choices": choices, "answer": back, **common, "note": extra}
        ]
    if kind == "multi":
        answers = [a.strip() for a in back.split(LIST_SEPARATOR.strip()) if a.strip()]
        return [
            {
                "id": base_id,
                "type": kind,
                "front": front,
                "choices": choices,
                "answers": answers,
                **common,
                "note": extra,
            }
        ]
    if kind == "typed":
        if not _fold(back) or "\n" in back or len(back) > 60:
            kind = "basic"  # a long or symbol-only answer cannot be typed and compared
        else:
            typed = {"id": base_id, "type": "typed", "front": front, "answer": back, "accept": accept}
            return [{**typed, **common, "note": extra}]
    return [{"id": base_id, "type": kind, "front": front, "back": back, **common, "note": extra}]


def _map_card(
    card_id: str, front: str, back: str, choices: list[str], accept: list[str], fields: dict, rest: dict
) -> dict[str, object]:
    """A map card from a spreadsheet row: its mode, view, region and landmark columns, as export-csv writes them."""
    card: dict[str, object] = {"id": card_id, "type": "map", "front": front}
    card.update({key: value for key, value in fields.items() if value})
    if fields.get("mode") != "locate":  # a "name" card is answered like a choice or typed card
        card["answer"] = back
        if choices:
            card["choices"] = choices
        if accept:
            card["accept"] = accept
    return {**card, **rest}


def _cloze_cards(text: str, extra: str, base_id: str, common: dict, where: str, result: ImportResult):
    numbers = sorted({int(m.group(1)) for m in _CLOZE_RE.finditer(text)})
    if not numbers:
        result.skipped.append(f"{where}: cloze note without a {{{{c1::...}}}} deletion")
        return []
    cards = []
    for number in numbers:
        answers: list[str] = []

        def hide(match: re.Match[str], number: int = number, answers: list[str] = answers) -> str:
            if int(match.group(1)) != number:
                return match.group(2)
            answers.append(match.group(2).strip())
            hint = (match.group(3) or "").strip()
            return f"[{hint}]" if hint else "[...]"

        front = _CLOZE_RE.sub(hide, text).strip()
        back = "; ".join(a for a in answers if a)
        if not back:
            result.skipped.append(f"{where}: cloze c{number} is empty")
            continue
        cards.append(
            {"id": f"{base_id}-c{number}", "type": "basic", "front": front, "back": back, **common, "note": extra}
        )
    return cards
