"""Helpers for the instructor command tests: run the CLI in-process and write small decks."""

from __future__ import annotations

from pathlib import Path

from trainer.cli import main


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def card(card_id: str, front: str, back: str = "L4", *, source: str | None = "Ref", **extra: str) -> str:
    lines = ["[[cards]]", f'id = "{card_id}"', f'type = "{extra.pop("type", "basic")}"', f'front = "{front}"']
    if "choices" in extra:
        lines.append(f"choices = {extra.pop('choices')}")
        lines.append(f'answer = "{back}"')
    else:
        lines.append(f'back = "{back}"')
    if source is not None:
        lines.append(f'source = "{source}"')
    lines.extend(f"{k} = {v}" for k, v in extra.items())
    return "\n".join(lines) + "\n"


def deck(deck_id: str, *cards: str, title: str = "T") -> str:
    return f'[deck]\nid = "{deck_id}"\ntitle = "{title}"\n\n' + "\n".join(cards)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
