"""How the report pages say things: names, values with units, findings in words.

The wording of a finding comes from its check, through :mod:`hingecoach.feedback.words` (the one
source the terminal, the video and the web app use too); this module adds what only the pages
need: the limit in the rep table's cells and the note that explains the units on the page. No
check id and no code unit reaches the page.
"""

from __future__ import annotations

from hingecoach.feedback import words as said
from hingecoach.models import Finding

UNIT_SUFFIX = {"deg": "°", "s": " s", "bl": " bl", "shin": " shin"}
#: What the units on the page mean, for its unit note.
UNIT_NOTES = (
    ("°", "degrees"),
    ("s", "seconds"),
    ("cm", "centimetres: measured in body lengths and said for a 175 cm lifter"),
    ("kg", "kilograms; a load typed in pounds is converted"),
)


def exercise_name(exercise: str) -> str:
    """Readable exercise name (``rdl`` → ``Romanian deadlift``)."""
    return said.exercise_name(exercise)


def value_text(x: float | None, unit: str) -> str:
    """A measured value in plain units (``35°``, ``0.8 s``, ``about 6 cm``); ``–`` for none."""
    return "–" if x is None else said.value_text(x, unit)


def limit_text(f: Finding) -> str:
    """``≤ 20°`` or ``≥ 1.0 s``: which side of the limit is good, read from the faulty value."""
    if f.limit is None:
        return ""
    op = "≥" if f.value is not None and f.value < f.limit else "≤"
    return f"{op} {value_text(f.limit, f.unit)}"


def check_name(check: str) -> str:
    """What a check looks at (``Knee bend``), never its id; the id made readable if unknown."""
    try:
        return said.check_title(check)
    except KeyError:
        return said.cap(check.replace("_", " "))


def fault_title(f: Finding) -> str:
    """The finding's fault named (``Knees bent too much, squatting the weight``)."""
    try:
        return said.finding_words(f).title
    except KeyError:
        return check_name(f.check)


def finding_number(f: Finding) -> str:
    """The finding's number and limit in its check's words (``knees bent 35° at the bottom; …``)."""
    try:
        return said.finding_words(f).number
    except KeyError:
        return value_text(f.value, f.unit)


def finding_support(f: Finding) -> str:
    """What happened and the number, without the rep: for lists already under a rep."""
    try:
        w = said.finding_words(f)
    except KeyError:
        return f"{check_name(f.check)}: {value_text(f.value, f.unit)}"
    return f"{w.said}" + (f" ({w.number})" if w.number else "")


def finding_text(f: Finding) -> str:
    """The finding as a coach says it: which rep, what happened, what to do, the number."""
    try:
        return said.finding_sentence(f)
    except KeyError:
        return f"Rep {f.rep} — {finding_support(f)}. {f.cue}"
