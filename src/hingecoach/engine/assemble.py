"""The set's verdict from its judged reps: score, trend, fix-first, advice and warnings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.checks.profiles import Profile
from hingecoach.engine.judge import moved_rep
from hingecoach.feedback.advice import advice, fix_first
from hingecoach.feedback.score import set_score
from hingecoach.feedback.trend import set_trend
from hingecoach.kinematics.signals import Signals
from hingecoach.models import PoseTrack, RepResult, SetResult, Shot

#: Per-frame signals carried in the result so reports and the annotated video can draw without
#: the track.
SERIES = (
    "hip_flexion_deg",
    "knee_flexion_deg",
    "shin_angle_deg",
    "torso_angle_deg",
    "neck_angle_deg",
    "lean_deg",
    "spine_bend_deg",
    "knee_valgus_deg",
    "bar_offset_bl",
    "hand_height_bl",
)
#: Series a front view cannot measure: angles and distances in the sagittal plane, which the
#: camera sees end-on from the front (a knee "flexion" read there is a projection, not the
#: knee). The engine never judges them there; the result, its exports and the video leave them
#: out (None) rather than show a number that is not the lifter's.
SAGITTAL_SERIES = frozenset(SERIES) - {"lean_deg", "knee_valgus_deg", "hand_height_bl"}
#: Share of frames without the whole body above which the set says so.
LOW_VISIBILITY_SHARE = 0.2


@dataclass(frozen=True)
class Part:
    """One shot's analysis before assembly.

    Attributes:
        first: the shot's first frame in the whole track.
        sig: the shot's signals (frames counted from ``first``).
        judged: each rep's result (frames counted from ``first``) and its checks' values.
        not_judged: checks the shot could not judge, with the reason.
    """

    first: int
    sig: Signals
    judged: list[tuple[RepResult, dict[str, float]]]
    not_judged: dict[str, str]


def assemble(
    track: PoseTrack,
    parts: list[Part],
    profile: Profile,
    *,
    detected: bool,
    warnings: list[str],
    main: int = 0,
    shots: list[Shot] | None = None,
) -> SetResult:
    """The set's result from its judged reps, over one shot or several.

    Args:
        track: the set's landmarks (for its source name and frame count).
        parts: each analysed shot, in order.
        profile: the exercise judged against.
        detected: the exercise was recognised rather than given.
        warnings: caveats from earlier stages, kept first.
        main: the part whose view, facing and unjudged checks the set reports.
        shots: the clip's shots, when it cuts between scenes.
    """
    judged: list[tuple[RepResult, dict[str, float]]] = []
    for part in parts:
        for rep, measured in part.judged:
            judged.append((moved_rep(rep, index=len(judged) + 1, by=part.first), measured))
    reps = [r for r, _ in judged]
    values = {r.index: v for r, v in judged if v}
    head = parts[main]
    notes = [*warnings, *_set_warnings(head.sig, reps, head.not_judged)]
    trend = set_trend(reps, values)
    breakdown = _breakdown_height(reps, trend.broke_at_rep)
    return SetResult(
        source=track.source,
        exercise=profile.exercise,
        exercise_detected=detected,
        view=head.sig.view.view,
        facing=head.sig.view.facing,
        rep_count=sum(r.counted for r in reps),
        reps=reps,
        score=set_score(reps),
        broke_at_rep=trend.broke_at_rep,
        drifted=trend.drifted,
        fix_first=fix_first(reps),
        advice=advice(reps, trend.broke_at_rep, profile.exercise, breakdown=breakdown),
        not_judged=head.not_judged,
        warnings=notes,
        shots=shots or [],
        limits={cid: lim.model_dump() for cid, lim in profile.limits.items()},
        series=joined_series(track, [(p.first, p.sig) for p in parts]),
    )


def not_a_hinge(
    track: PoseTrack,
    sig: Signals,
    reps: list[RepResult],
    reason: str,
    notes: list[str],
    *,
    exercise: str = "squat",
    confidence: float | None = None,
) -> SetResult:
    """The result for a set that is not a hip hinge: its reps counted, nothing judged.

    Args:
        track: the set's landmarks (for its source name).
        sig: the set's signals.
        reps: the movement's reps, segmented on its own terms (hip drops, pulls).
        reason: what was seen, in words.
        notes: caveats from earlier stages, kept first.
        exercise: what it is instead: ``squat``, ``lunge``, ``row`` or ``other``.
        confidence: how sure the recognition was, 0-1 (None when not said).
    """
    return SetResult(
        source=track.source,
        exercise=exercise,
        exercise_detected=True,
        exercise_confidence=confidence,
        is_hinge=False,
        view=sig.view.view,
        facing=sig.view.facing,
        rep_count=sum(r.counted for r in reps),
        reps=reps,
        score=None,
        broke_at_rep=None,
        fix_first=None,
        advice=[
            f"This is not a hip hinge: {reason}. hingecoach coaches hinges "
            "(RDL, deadlift, good morning, swing, hinge drill); pass --exercise "
            "to judge it as one anyway."
        ],
        warnings=[*notes, f"not a hinge: {reason}"],
        series=series(sig),
    )


def series(sig: Signals) -> dict[str, list[float | None]]:
    """Signals rounded for the result (NaN → None): angles to 0.1°, distances to 0.001 bl."""
    out: dict[str, list[float | None]] = {"t_s": [round(float(t), 4) for t in sig.t_s]}
    front = sig.view.view == "front"
    for name in SERIES:
        x = getattr(sig, name)
        digits = 3 if name.endswith("_bl") else 1
        if front and name in SAGITTAL_SERIES:
            out[name] = [None] * len(x)
        else:
            out[name] = [round(float(v), digits) if np.isfinite(v) else None for v in x]
    return out


def joined_series(
    track: PoseTrack, parts: list[tuple[int, Signals]]
) -> dict[str, list[float | None]]:
    """Every frame's signals from the shot it belongs to (None where no shot was analysed)."""
    if len(parts) == 1 and parts[0][0] == 0 and parts[0][1].n_frames == track.n_frames:
        return series(parts[0][1])
    out: dict[str, list[float | None]] = {"t_s": [round(float(t), 4) for t in track.t_s]}
    for name in SERIES:
        out[name] = [None] * track.n_frames
    for first, sig in parts:
        for name, values in series(sig).items():
            if name != "t_s":
                out[name][first : first + len(values)] = values
    return out


def _breakdown_height(reps: list[RepResult], at: int | None) -> str | None:
    rep = next((r for r in reps if r.index == at), None)
    return None if rep is None else rep.pause_height


def _set_warnings(sig: Signals, reps: list[RepResult], not_judged: dict[str, str]) -> list[str]:
    out = []
    if sig.view.view == "front" and any("side" in why for why in not_judged.values()):
        out.append(
            "filmed from the front: knee bend, shins, sequencing and back need a side view — "
            "film from the side at hip height, whole body in frame"
        )
    if sig.view.view == "unknown":
        out.append(
            "could not tell the camera view: film from the side at hip height, whole body in frame"
        )
    if not any(r.counted for r in reps):
        out.append("no full rep found: hinge until the torso tips well forward, then stand tall")
    for r in reps:
        if not r.measurable:
            out.append(
                f"rep {r.index}: the body was hidden for most of the rep, so it was not judged"
            )
    low = 1.0 - float(sig.valid.mean())
    if low > LOW_VISIBILITY_SHARE:
        out.append(f"the body was not fully visible in {low:.0%} of the frames")
    return out
