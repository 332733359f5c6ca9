"""Text-file helpers shared by the keypoint-file readers.

Every problem becomes one ``InputError`` line that names the file (and the line, for CSV) and
says what is wrong, so the CLI never shows a traceback and never guesses.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from hingecoach.errors import InputError

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
#: Default largest keypoint file read, megabytes (10^6 bytes): ten minutes of 60 fps hingecoach
#: JSON is about 90 MB. ``HINGECOACH_MAX_KEYPOINT_MB`` changes it.
DEFAULT_MAX_KEYPOINT_MB = 200.0
MAX_ENV = "HINGECOACH_MAX_KEYPOINT_MB"
_NON_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def show(value: object, limit: int = 40) -> str:
    """``repr`` of a value from a file, shortened so an error stays one readable line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def max_keypoint_bytes() -> int:
    """The keypoint-file size limit in bytes: ``$HINGECOACH_MAX_KEYPOINT_MB`` or the default.

    Raises:
        InputError: the variable is set but is not a positive number.
    """
    text = os.environ.get(MAX_ENV, "").strip()
    try:
        mb = float(text) if text else DEFAULT_MAX_KEYPOINT_MB
    except ValueError:
        mb = float("nan")
    if not mb > 0 or mb == float("inf"):
        raise InputError(f"{MAX_ENV} is {show(text)}, expected a size in megabytes (e.g. 200)")
    return int(mb * 1_000_000)


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bytes_capped(path: Path, *, limit_bytes: int, what: str = "keypoint file") -> bytes:
    """A regular file's bytes, refusing devices, pipes and files over ``limit_bytes``.

    The file is opened without blocking (a FIFO with no writer would wait forever) and checked
    by what it is (``fstat`` on the open file, so it cannot be swapped after the check); then at
    most ``limit_bytes + 1`` bytes are read, so even a file growing while read stays bounded.

    Raises:
        InputError: missing, unreadable, not a regular file, or larger than the limit.
    """
    label = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except OSError as e:
        raise InputError(f"{label}: cannot read: {e.strerror or e}") from None
    info = os.fstat(fd)
    kind = _kind(info.st_mode)
    if kind is not None:
        os.close(fd)
        raise InputError(f"{label}: is {kind}, expected a {what}")
    with os.fdopen(fd, "rb") as fh:
        too_big = (
            f"{label}: larger than the {limit_bytes / 1e6:g} MB limit for a {what} "
            f"(set {MAX_ENV} to raise it)"
        )
        if info.st_size > limit_bytes:
            raise InputError(too_big)
        try:
            data = fh.read(limit_bytes + 1)
        except OSError as e:
            raise InputError(f"{label}: cannot read: {e.strerror or e}") from None
    if len(data) > limit_bytes:
        raise InputError(too_big)
    return data


def read_text(path: Path) -> str:
    """The file's contents as text; raises InputError if missing, unreadable or not UTF-8 text.

    Only regular files up to :func:`max_keypoint_bytes` are read (see
    :func:`read_bytes_capped`). A UTF-8 byte-order mark is dropped (spreadsheets write one).
    """
    label = str(path)
    data = read_bytes_capped(Path(path), limit_bytes=max_keypoint_bytes())
    if b"\x00" in data:
        raise InputError(f"{label}: not a text file (contains binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{label}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})"
        ) from None


def csv_rows(text: str, label: str) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` for every non-blank CSV row; the header is line 1.

    Cells are stripped of surrounding spaces. The line number is the file's own (1-based), so
    error messages point at the row a person sees in an editor.
    """
    reader = csv.reader(io.StringIO(text))
    try:
        for cells in reader:
            if not cells or all(not c.strip() for c in cells):
                continue
            yield reader.line_num, [c.strip() for c in cells]
    except csv.Error as e:
        raise InputError(f"{label} line {reader.line_num + 1}: not valid CSV: {e}") from None


def parse_number(cell: str, *, column: str, where: str) -> float | None:
    """A CSV cell as a finite float, or None when the cell is empty.

    Args:
        cell: the stripped cell text.
        column: column name, for the message.
        where: ``"<file> line <n>"``, for the message.

    Raises:
        InputError: for text that is not a plain decimal number, including a literal ``nan`` or
            ``inf`` (a missing value is an empty cell, never a made-up number).
    """
    if cell == "":
        return None
    if _NUMBER.fullmatch(cell):
        value = float(cell)
        if value not in (float("inf"), float("-inf")):
            return value
    if cell.lower() in _NON_FINITE or _NUMBER.fullmatch(cell):
        raise InputError(
            f"{where}: {column!r} is {show(cell)}, expected a finite number "
            "(leave the cell empty for a missing value)"
        )
    raise InputError(f"{where}: {column!r} is {show(cell)}, expected a number")


def parse_whole(cell: str, *, column: str, where: str) -> int:
    """A required CSV cell as a whole number >= 0 (``3`` or ``3.0``)."""
    value = parse_number(cell, column=column, where=where)
    if value is None:
        raise InputError(f"{where}: {column!r} is empty, expected a whole number")
    if not value.is_integer() or value < 0:
        raise InputError(f"{where}: {column!r} is {show(cell)}, expected a whole number >= 0")
    return int(value)


def header_index(
    header: list[str], required: tuple[str, ...], *, label: str, expected: str
) -> dict[str, int]:
    """Column name → position, checking the header names every required column once.

    Names are matched case-insensitively. ``expected`` is the header to quote in the message.
    """
    names = [h.lower() for h in header]
    dupes = sorted({n for n in names if names.count(n) > 1 and n})
    if dupes:
        raise InputError(f"{label} line 1: column listed twice: {', '.join(dupes)}")
    missing = [c for c in required if c not in names]
    if missing:
        raise InputError(f"{label}: missing columns: {', '.join(missing)} (expected {expected})")
    return {n: i for i, n in enumerate(names)}
