"""Every finding in a coach's words: the one function each surface calls.

The terminal, the HTML report, the web app, the annotated video and the live voice all word a
finding through :func:`finding_sentence` (or its parts, :func:`finding_words`), from the
:class:`~hingecoach.checks.wording.Words` its check carries. No check id and no code unit reaches
the lifter:

- angles in whole degrees (``53°``), times in seconds (``0.8 s``);
- distances measured in body lengths (``_bl``: ankle → knee → hip → shoulder, about 0.78 of the
  standing height, Drillis & Contini) in centimetres: exact for a lifter whose height is given,
  otherwise "about" so many centimetres for a 175 cm adult (the stature the TRC export assumes
  too): a coach needs the size of the error, and ±10 cm of height moves 6 cm by under 0.4 cm;
- bar heights on the shin (``shin``: 0 ankle, 1 knee) as a percentage of the shin's height.

Metric only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hingecoach.checks.registry import BY_ID
from hingecoach.checks.wording import Words
from hingecoach.models import Finding, SetResult, View

#: Body length (ankle → knee → hip → shoulder) as a share of standing height (Drillis & Contini:
#: shoulder height 0.818 H less ankle height 0.039 H).
BODY_LENGTH_PER_HEIGHT = 0.78
#: Standing height assumed when the lifter's is not known, cm.
ASSUMED_HEIGHT_CM = 175.0

_EXERCISES = {
    "hinge_drill": "hinge drill",
    "rdl": "Romanian deadlift",
    "conventional_deadlift": "conventional deadlift",
    "pause_deadlift": "pause deadlift",
    "good_morning": "good morning",
    "kb_swing": "kettlebell swing",
}
_VIEWS = {
    "side": "filmed from the side",
    "oblique": "filmed at an angle",
    "front": "filmed from the front",
    "unknown": "camera angle unclear",
}


@dataclass(frozen=True)
class FindingWords:
    """A finding's words, in parts for surfaces that lay them out themselves.

    Attributes:
        rep: the rep's 1-based number.
        title: the fault's plain name, capitalised ("Knees slid forward before the hips moved
            back"), or "Watch: ..." for a reading within the measuring error.
        said: what happened, told to the lifter, capitalised.
        fix: what to do, capitalised; "" for a finding that could not be judged.
        number: the measured value and the limit in plain units; "" when there is none.
        sentence: all of it in one sentence (:func:`finding_sentence`).
    """

    rep: int
    title: str
    said: str
    fix: str
    number: str
    sentence: str

    @property
    def caption(self) -> str:
        """One short line for a video frame or a chip: ``Rep 3: Back rounded — brace and ...``.

        The fault and what to do, without the number; a finding not judged gives its title.
        """
        fix = f" — {self.fix[:1].lower()}{self.fix[1:]}" if self.fix else ""
        return f"Rep {self.rep}: {self.title}{fix}"


def cap(text: str) -> str:
    """``text`` with its first letter upper case (the rest untouched)."""
    return text[:1].upper() + text[1:]


def plural(n: int, noun: str) -> str:
    """``1 rep``, ``3 reps``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def reps_list(indices: list[int]) -> str:
    """``rep 3``, ``reps 2 and 4``, ``reps 1, 2 and 5``."""
    nums = [str(i) for i in sorted(set(indices))]
    if len(nums) == 1:
        return f"rep {nums[0]}"
    return f"reps {', '.join(nums[:-1])} and {nums[-1]}"


def exercise_name(exercise: str) -> str:
    """The exercise as a lifter says it (``rdl`` → ``Romanian deadlift``)."""
    return _EXERCISES.get(exercise, exercise.replace("_", " "))


def view_phrase(view: View | str, facing: str | None = None) -> str:
    """How the set was filmed: ``filmed from the side, facing left``, ``filmed at an angle``."""
    out = _VIEWS.get(view, f"filmed from the {view}")
    return out + (f", facing {facing}" if facing else "")


def needs_view(views: Iterable[str], view: str) -> str:
    """Why a check is not judged in this view, in words.

    ``needs filming from the side or at an angle; this set was filmed from the front``.
    """
    want = [_VIEWS[v].removeprefix("filmed ") for v in ("side", "oblique", "front") if v in views]
    return f"needs filming {' or '.join(want)}; this set was {view_phrase(view)}"


def check_words(check_id: str) -> Words:
    """The :class:`Words` of a check.

    Raises:
        KeyError: no check has that id.
    """
    return BY_ID[check_id].words


def check_title(check_id: str) -> str:
    """What a check looks at, capitalised (``Hips back first``), for headers and lists."""
    return cap(check_words(check_id).topic)


def fault_name(finding: Finding) -> str:
    """The finding's fault, lower case, on the side its value fell (``back rounded``)."""
    return check_words(finding.check).side(finding.value, finding.limit).name


def short_cue(check_id: str) -> str:
    """The few words spoken between reps of a live set (``hips back first``)."""
    return BY_ID[check_id].short_cue


def value_text(value: float, unit: str, *, height_cm: float | None = None) -> str:
    """A measured value in plain units.

    Args:
        value: the value in the check's unit.
        unit: ``deg``, ``s``, ``bl`` (body lengths) or ``shin`` (0 ankle, 1 knee).
        height_cm: the lifter's standing height; None assumes 175 cm and says "about".

    Returns:
        ``53°``, ``0.8 s``, ``6 cm`` / ``about 6 cm``, ``45% of shin height``.
    """
    if unit == "deg":
        return f"{value:.0f}°"
    if unit == "s":
        return f"{value:.1f} s"
    if unit == "bl":
        cm = value * BODY_LENGTH_PER_HEIGHT * (height_cm or ASSUMED_HEIGHT_CM)
        return f"{cm:.0f} cm" if height_cm else f"about {cm:.0f} cm"
    if unit == "shin":
        return f"{value:.0%} of shin height"
    return f"{value:.3g} {unit}".strip()


def number_text(finding: Finding, *, height_cm: float | None = None) -> str:
    """The finding's value and limit in the check's own words, or "" when it has no value.

    Negative limits (the far side of a two-sided band: an arched back, a dropped head) are
    said as sizes: "arched 12°", not "−12°".
    """
    if finding.value is None:
        return ""
    words = check_words(finding.check).side(finding.value, finding.limit)
    size = abs if (finding.limit is not None and finding.limit < 0) else float
    value = value_text(size(finding.value), finding.unit, height_cm=height_cm)
    limit = (
        "its limit"
        if finding.limit is None
        else value_text(size(finding.limit), finding.unit, height_cm=height_cm)
    )
    return words.measure.format(value=value, limit=limit)


def finding_words(finding: Finding, *, height_cm: float | None = None) -> FindingWords:
    """The finding in parts and as one sentence.

    Args:
        finding: a fault, a watch or a finding that could not be judged.
        height_cm: the lifter's standing height, to say distances in centimetres.
    """
    base = check_words(finding.check)
    words = base.side(finding.value, finding.limit)
    number = number_text(finding, height_cm=height_cm)
    rep = f"Rep {finding.rep}"
    if finding.severity == "cannot_judge":
        why = finding.detail or "not measured"
        sentence = f"{rep} — {base.topic} not judged: {why}."
        return FindingWords(finding.rep, f"{cap(base.topic)} not judged", why, "", "", sentence)
    if finding.severity == "watch":
        sentence = (
            f"{rep} — watch: possibly {words.name}, within what the video can measure, so "
            f"not counted as a fault ({number})."
        )
        return FindingWords(
            finding.rep, f"Watch: {words.name}", cap(words.said), cap(words.fix), number, sentence
        )
    sentence = f"{rep} — {words.said}: {words.fix}" + (f" ({number})." if number else ".")
    return FindingWords(
        finding.rep, cap(words.name), cap(words.said), cap(words.fix), number, sentence
    )


def finding_sentence(finding: Finding, *, height_cm: float | None = None) -> str:
    """One finding as a coach says it, with the rep, what to do and the number as support.

    ``Rep 3 — your knees slid forward before your hips moved back: push the hips back first
    (knees about 6 cm forward before the hips started back; up to about 7 cm is fine).``

    Args:
        finding: a fault, a watch or a finding that could not be judged.
        height_cm: the lifter's standing height, to say distances in centimetres; None says
            "about" so many centimetres for a 175 cm adult.
    """
    return finding_words(finding, height_cm=height_cm).sentence


def not_judged_sentence(check_id: str, reason: str) -> str:
    """Why a check was not judged in this set: ``Flat back: not judged — no back outline``."""
    return f"{check_title(check_id)}: not judged — {reason}."


#: How the engine's warning that a set is not a hinge begins (the live session speaks it).
NOT_A_HINGE_PREFIX = "not a hinge:"


def shown_warnings(result: SetResult) -> list[str]:
    """The set's warnings to show beside its advice, without saying anything twice.

    A not-a-hinge set's advice already says why, in full, so its "not a hinge:" warning (which
    the live session speaks) is left out.
    """
    return [w for w in result.warnings if result.is_hinge or not w.startswith(NOT_A_HINGE_PREFIX)]
