"""Grading one real clip's result against its label, and totalling the grades over a folder.

Pure over a label and a :class:`~hingecoach.models.SetResult` (or the error that replaced it), so
the arithmetic is tested on hand-made pairs without any video.

What is graded, and how (only what a clip's label states; a missing field is skipped):

- **reps**: the label's count (an int, or a list of counts careful raters accept) against
  ``SetResult.rep_count``; ``null`` = not known, skipped.
- **exercise**: a hinge label (``conventional_deadlift``, ``rdl``, ...) is right when the result
  is a hinge of that exercise; a label in :data:`NOT_HINGE` (squat, rows, lunges, "other") is
  right when the result says it is not a hinge (``SetResult.is_hinge`` false).
- **view**: see :data:`VIEW_MATCHES`; ``mixed`` is graded only when the result reports
  segments.
- **checks**: per labelled check, the result's state (:func:`check_state`): fired, quiet (judged,
  not fired), not judged, or no such check in hingecoach. ``ok`` and ``fault`` labels are scored;
  ``unclear`` and ``n/a`` are left out.

A clip whose analysis raised has no result: its reps, exercise and view count as wrong (they were
labelled and nothing right was said) and its checks as not judged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hingecoach.checks.registry import BY_ID
from hingecoach.evaluation.plausibility import impossible_values
from hingecoach.models import Finding, SetResult

CheckLabel = Literal["ok", "fault", "unclear", "n/a"]
CheckState = Literal["fired", "quiet", "not_judged", "no_check"]

#: Label exercises that are not hip hinges: the result must say "not a hinge".
NOT_HINGE = frozenset({"squat", "other", "row", "lunge"})
#: Result views that count as right for each labelled view. A rear view is graded with the front:
#: the camera looks along the lifter's line of motion either way, sees the same frontal plane
#: (shoulder and hip width, knee cave) and no sagittal angle, and hingecoach's view estimate
#: (apparent shoulder/hip width) cannot tell front from back. Side and oblique stay apart: the
#: oblique views are the ones whose sagittal angles need the foreshortening undone.
VIEW_MATCHES: dict[str, frozenset[str]] = {
    "side": frozenset({"side"}),
    "oblique": frozenset({"oblique"}),
    "front": frozenset({"front"}),
    "rear": frozenset({"front"}),
}


class ClipLabel(BaseModel):
    """One clip's label, as in ``labels.json`` (format: ``real_dev/README.md``)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    exercise: str | None = None
    view: Literal["side", "front", "oblique", "rear", "mixed"] | None = None
    reps: int | list[int] | None = None
    feet_visible: bool | None = None
    problems: list[str] = Field(default_factory=list)
    checks: dict[str, CheckLabel] = Field(default_factory=dict)
    evidence: dict[str, str] = Field(default_factory=dict)
    confidence: str | None = None
    source_tag: str | None = None
    rep_note: str | None = None


def load_labels(folder: Path) -> dict[str, ClipLabel]:
    """``folder/labels.json``: clip path (relative to ``folder``) → label, in file order.

    Raises:
        ValueError: the file is not a JSON object of labels (names the clip at fault).
    """
    raw: Any = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{folder / 'labels.json'}: expected an object keyed by clip path")
    out: dict[str, ClipLabel] = {}
    for clip, data in raw.items():
        try:
            out[clip] = ClipLabel.model_validate(data)
        except ValueError as e:
            raise ValueError(f"{folder / 'labels.json'}: clip {clip}: {e}") from None
    return out


class CheckGrade(BaseModel):
    """A labelled check on one clip: the label, what the result did, and why if not judged."""

    label: CheckLabel
    state: CheckState
    why: str = ""


class ClipRow(BaseModel):
    """One clip's grades, with enough of the result to see what went wrong."""

    clip: str
    label_exercise: str | None = None
    label_view: str | None = None
    label_reps: int | list[int] | None = None
    exercise: str | None = None
    is_hinge: bool | None = None
    view: str | None = None
    rep_count: int | None = None
    reps_seen: list[str] = Field(default_factory=list, description="each rep: when, counted?")
    reps_right: bool | None = None
    exercise_right: bool | None = None
    view_right: bool | None = None
    checks: dict[str, CheckGrade] = Field(default_factory=dict)
    faults: list[str] = Field(
        default_factory=list, description="every check that fired on a counted rep, labelled or not"
    )
    clean_label: bool = Field(
        default=False, description="the labels judge some check ok and mark no fault"
    )
    impossible: list[str] = Field(default_factory=list)
    error: str | None = None
    warnings: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    track: str = Field(default="", description="track cache: hit, miss or recomputed")


def fires(finding: Finding) -> bool:
    """Whether a finding counts as the check firing: a fault, and nothing milder.

    The one place that says so; a milder severity (a later "watch") must not count.
    """
    return finding.severity == "fault"


def check_state(result: SetResult, check: str) -> tuple[CheckState, str]:
    """What ``result`` says about ``check``, over its counted reps, and why when not judged.

    Fired when any counted rep has a finding that :func:`fires`; quiet when at least one counted
    rep judged it without firing; otherwise not judged.
    """
    if check not in BY_ID:
        return "no_check", "hingecoach has no such check"
    if not result.is_hinge:
        return "not_judged", "the result is not a hinge"
    limits = result.limits.get(check)
    if limits is None or not limits.get("enabled", False):
        return "not_judged", f"not in the {result.exercise} profile"
    if check in result.not_judged:
        return "not_judged", result.not_judged[check]
    counted = [r for r in result.reps if r.counted]
    if not counted:
        return "not_judged", "no counted rep"
    if any(fires(f) for r in counted for f in r.findings if f.check == check):
        return "fired", ""
    unjudged = [
        next((f for f in r.findings if f.check == check and not fires(f)), None) for r in counted
    ]
    if all(f is not None and f.severity == "cannot_judge" for f in unjudged):
        first = unjudged[0]
        return "not_judged", first.detail if first is not None else ""
    return "quiet", ""


def reps_right(label: int | list[int] | None, count: int | None) -> bool | None:
    """The count is one the label accepts; None when the label does not know."""
    if label is None:
        return None
    accepted = label if isinstance(label, list) else [label]
    return count is not None and count in accepted


def exercise_right(label: str | None, result: SetResult | None) -> bool | None:
    """See the module docstring; None when the clip has no exercise label."""
    if label is None:
        return None
    if result is None:
        return False
    if label in NOT_HINGE:
        return not result.is_hinge
    return result.is_hinge and result.exercise == label


def _segment_views(result: SetResult) -> list[str] | None:
    """Views of the segments the result reports, when it reports any (a later schema)."""
    segments = getattr(result, "segments", None)
    if not segments:
        return None
    views = [s.get("view") if isinstance(s, dict) else getattr(s, "view", None) for s in segments]
    return [str(v) for v in views if v not in (None, "unknown")]


def view_right(label: str | None, result: SetResult | None) -> bool | None:
    """The result's view matches the label (:data:`VIEW_MATCHES`).

    ``mixed`` is right when the result reports segments seen from more than one (mapped) view;
    without segments it is skipped (None), as is a clip without a view label.
    """
    if label is None:
        return None
    if label == "mixed":
        views = None if result is None else _segment_views(result)
        return None if views is None else len(set(views)) > 1
    if result is None:
        return False
    return result.view in VIEW_MATCHES.get(label, frozenset())


def _reps_seen(result: SetResult) -> list[str]:
    return [
        f"{r.start_s:.2f}-{r.end_s:.2f} s {'counted' if r.counted else 'not counted'}"
        for r in result.reps
    ]


def _fired(result: SetResult) -> list[str]:
    """Checks that fired (see :func:`fires`) on any counted rep, in check order."""
    fired = {f.check for r in result.reps if r.counted for f in r.findings if fires(f)}
    return [c for c in BY_ID if c in fired]


def grade_clip(
    clip: str,
    label: ClipLabel,
    result: SetResult | None,
    *,
    error: str | None = None,
    seconds: float = 0.0,
    track: str = "",
) -> ClipRow:
    """Grade one clip: ``result`` from the analysis, or None with the ``error`` it raised."""
    checks = {}
    for check, value in label.checks.items():
        if result is None:
            state: CheckState = "no_check" if check not in BY_ID else "not_judged"
            why = "the analysis raised" if state == "not_judged" else "hingecoach has no such check"
        else:
            state, why = check_state(result, check)
        checks[check] = CheckGrade(label=value, state=state, why=why)
    return ClipRow(
        clip=clip,
        label_exercise=label.exercise,
        label_view=label.view,
        label_reps=label.reps,
        exercise=None if result is None else result.exercise,
        is_hinge=None if result is None else result.is_hinge,
        view=None if result is None else result.view,
        rep_count=None if result is None else result.rep_count,
        reps_seen=[] if result is None else _reps_seen(result),
        reps_right=reps_right(label.reps, None if result is None else result.rep_count),
        exercise_right=exercise_right(label.exercise, result),
        view_right=view_right(label.view, result),
        checks=checks,
        faults=[] if result is None else _fired(result),
        clean_label="ok" in label.checks.values() and "fault" not in label.checks.values(),
        impossible=[] if result is None else impossible_values(result),
        error=error,
        warnings=[] if result is None else list(result.warnings),
        seconds=round(seconds, 2),
        track=track,
    )
