"""Text-file helpers shared by the keypoint-file readers.

Every problem becomes one ``InputError`` line that names the file (and the line, for CSV) and
says what is wrong, so the CLI never shows a traceback and never guesses.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from hingecoach.errors import InputError

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NON_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def show(value: object, limit: int = 40) -> str:
    """``repr`` of a value from a file, shortened so an error stays one readable line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def read_text(path: Path) -> str:
    """The file's contents as text; raises InputError if missing, unreadable or not UTF-8 text.

    A UTF-8 byte-order mark is dropped (spreadsheets write one).
    """
    label = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a directory, expected a keypoint file") from None
    except OSError as e:
        raise InputError(f"{label}: cannot read: {e.strerror or e}") from None
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
