"""How the report pages say things: exercise names, values with units, findings in words.

One place for the wording the report and the progress page share, so a page never shows a raw
check id or an unexplained unit. A finding is said from its check's own wording when the check
module carries one (:func:`hingecoach.feedback` grows it); until then from the check's summary
and the finding's measured detail.
"""

from __future__ import annotations

from hingecoach.checks.registry import BY_ID
from hingecoach.models import Finding

#: Display names of exercise ids that do not read well with underscores replaced.
EXERCISE_NAMES = {"rdl": "Romanian deadlift", "kb_swing": "kettlebell swing"}
UNIT_SUFFIX = {"deg": "°", "s": " s", "bl": " bl", "shin": " shin"}
#: What the short units mean, for the page's unit note.
UNIT_NOTES = (
    ("°", "degrees"),
    ("s", "seconds"),
    (
        "bl",
        "body lengths: ankle to knee to hip to shoulder, about 0.78 of your height, "
        "so 0.10 bl is about 14 cm for a 1.75 m lifter",
    ),
    ("kg", "kilograms; loads typed in pounds are converted"),
)


def exercise_name(exercise: str) -> str:
    """Readable exercise name (``rdl`` → ``Romanian deadlift``)."""
    return EXERCISE_NAMES.get(exercise, exercise.replace("_", " "))


def value_text(x: float | None, unit: str) -> str:
    """A measured value with its unit: whole numbers bare, else 1 decimal (2 for bl/shin)."""
    if x is None:
        return "–"
    digits = 2 if unit in ("bl", "shin") else 1
    text = f"{x:.0f}" if abs(x - round(x)) < 0.5 * 10**-digits else f"{x:.{digits}f}"
    return text + UNIT_SUFFIX.get(unit, " " + unit if unit else "")


def limit_text(f: Finding) -> str:
    """``≤ 20°`` or ``≥ 1 s``: which side of the limit is good, read from the faulty value."""
    if f.limit is None:
        return ""
    op = "≥" if f.value is not None and f.value < f.limit else "≤"
    return f"{op} {value_text(f.limit, f.unit)}"


def check_name(check: str) -> str:
    """What a check looks at, in words (its summary), never its id; the id made readable else."""
    spec = BY_ID.get(check)
    if spec is not None:
        return spec.summary
    return check.replace("_", " ").capitalize()


def finding_support(f: Finding) -> str:
    """What was measured, with the number and its limit: ``knee flexion at the bottom 53° …``."""
    what = f.detail or check_name(f.check).lower()
    limit = limit_text(f)
    return f"{what}: {value_text(f.value, f.unit)}" + (f" (limit {limit})" if limit else "")


def finding_text(f: Finding) -> str:
    """The finding as a coach says it: which rep, what to do, the number as support."""
    lead = "worth watching, close to the limit — " if f.severity == "watch" else ""
    return f"Rep {f.rep} — {lead}{f.cue} ({finding_support(f)})"
