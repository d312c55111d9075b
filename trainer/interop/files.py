"""Reading a user-named input file safely: regular files only, bounded size, never a hang on a FIFO."""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["MAX_INPUT_BYTES", "InputError", "decode_utf8", "read_input"]

MAX_INPUT_BYTES = 32 * 1024 * 1024  # far beyond any deck or class export; stops a runaway read


class InputError(Exception):
    """An input file that cannot be used; the text is the one line the user sees."""


def read_input(path: Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file, or InputError saying why not (missing, folder, FIFO, too big...)."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not wait forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: is not a regular file (a pipe or device?)")
        if info.st_size > limit:
            raise InputError(
                f"{path}: file is too big ({info.st_size // (1024 * 1024)} MB; the limit is {limit // (1024 * 1024)} MB)"
            )
        chunks = []
        total = 0
        while chunk := os.read(fd, 1024 * 1024):
            total += len(chunk)
            if total > limit:  # the file grew while it was read
                raise InputError(f"{path}: file is too big (the limit is {limit // (1024 * 1024)} MB)")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def decode_utf8(data: bytes, path: Path | str) -> str:
    """UTF-8 text with any BOM removed, or InputError naming the line of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: file is UTF-16 text; save it as UTF-8 and try again")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}:{line}: file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8 and try again"
        ) from None
