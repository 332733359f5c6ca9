"""Values no human body can produce: every number in a result is held to a physical range.

A result may be wrong and still possible (a lean of 40° where the lifter leaned 30°); this module
only catches what is impossible, which always means the engine trusted a glitch — a swapped or
occluded landmark, a cut, a flipped angle. Each bound below states its physical reason. Angle
conventions are those of :mod:`hingecoach.kinematics.angles`; ``bl`` is one body length (ankle →
knee → hip → shoulder, ≈ 0.78 of standing height).

:func:`impossible_values` returns one line per offending field (per-frame series are summarised:
how many frames, the worst value and when), empty when the result is physically possible.
"""

from __future__ import annotations

import itertools
import math

from hingecoach.kinematics import plausibility as kp
from hingecoach.kinematics.plausibility import Bound
from hingecoach.models import Finding, RepResult, SetResult

__all__ = ["Bound", "impossible_values"]


#: The per-frame ranges are the kinematics' own gates (one source): a signal that leaves them is
#: NaN before anything is judged, so a result outside them means a gate was bypassed.
KNEE_FLEXION = kp.KNEE_FLEXION_DEG
HIP_FLEXION = kp.HIP_FLEXION_DEG
SHIN = kp.SHIN_ANGLE_DEG
LEAN = kp.LEAN_DEG
TORSO = kp.TORSO_ANGLE_DEG
TORSO_REP_MIN = Bound(
    TORSO.lo,
    TORSO.hi,
    "a rep's lowest torso angle includes its standing frames: it cannot exceed the lockout limit",
)
LOCKOUT_TORSO = Bound(
    0.0,
    TORSO.hi,
    "at lockout the lifter stands: leaning back more than 60° past vertical puts the load behind "
    "the heels and the lifter falls",
)
NECK = kp.NECK_ANGLE_DEG
NECK_RANGE = Bound(
    0.0,
    150.0,
    "the neck's whole flexion-to-extension range is ~130-140° (the kinematics hold it to "
    f"{kp.NECK_DOWN_FROM_STANDING_DEG + kp.NECK_UP_FROM_STANDING_DEG:g}° around standing)",
)
NECK_CHANGE = Bound(
    -NECK_RANGE.hi,
    NECK_RANGE.hi,
    "a change of the neck angle from standing cannot exceed the neck's whole range (~130-140°)",
)
SPINE_BEND = kp.SPINE_BEND_DEG
SPINE_CHANGE = Bound(
    -150.0,
    150.0,
    "a change from the standing curve is bounded by the spine's whole flexion-extension range "
    f"(the kinematics hold it to {kp.SPINE_ARCH_FROM_STANDING_DEG:g}° of arching and "
    f"{kp.SPINE_ROUND_FROM_STANDING_DEG:g}° of rounding from standing)",
)
KNEE_VALGUS = kp.KNEE_VALGUS_DEG
FEET_TURNOUT = kp.FEET_TURNOUT_DEG
BAR_OFFSET = kp.BAR_OFFSET_BL
KNEE_TRAVEL = Bound(
    -(kp.KNEE_X_BL.hi - kp.KNEE_X_BL.lo),
    kp.KNEE_X_BL.hi - kp.KNEE_X_BL.lo,
    "the knee moves on a ~0.32 bl shank pivoting at the ankle: from one shank behind the ankle "
    "to one ahead is the furthest it can travel",
)
SHIN_HEIGHT = kp.BAR_HEIGHT_SHIN
SCORE = Bound(0.0, 100.0, "the score is a percentage")
#: A counted rep's lowering (when it was filmed) and rise each move the hands ~0.3-0.6 m; even a
#: kettlebell swing's ~3 m/s peak takes longer than this. A 0.00 s phase is a glitch.
MIN_PHASE_S = 0.1

#: Per-frame series in ``SetResult.series`` and their bounds (``t_s`` is checked separately).
SERIES_BOUNDS: dict[str, Bound] = {
    "hip_flexion_deg": HIP_FLEXION,
    "knee_flexion_deg": KNEE_FLEXION,
    "shin_angle_deg": SHIN,
    "torso_angle_deg": TORSO,
    "neck_angle_deg": NECK,
    "lean_deg": LEAN,
    "spine_bend_deg": SPINE_BEND,
    "knee_valgus_deg": KNEE_VALGUS,
}
#: Angle fields of ``RepResult`` and their bounds.
REP_BOUNDS: dict[str, Bound] = {
    "knee_flexion_max_deg": KNEE_FLEXION,
    "shin_angle_max_deg": SHIN,
    "torso_angle_min_deg": TORSO_REP_MIN,
    "hip_flexion_max_deg": HIP_FLEXION,
    "neck_angle_range_deg": NECK_RANGE,
}
#: What each check's ``Finding.value`` measures, bounded (seconds are checked against the rep).
FINDING_BOUNDS: dict[str, Bound] = {
    "head_neutral": NECK_CHANGE,
    "torso_neutral": SPINE_CHANGE,
    "knee_bend": KNEE_FLEXION,
    "shin_vertical": SHIN,
    "hinge_depth": TORSO,
    "lockout_overextension": LOCKOUT_TORSO,
    "bar_close": BAR_OFFSET,
    "hips_back_first": KNEE_TRAVEL,
    "knee_valgus": KNEE_VALGUS,
    "feet_turnout": FEET_TURNOUT,
    "pause_position": SHIN_HEIGHT,
}
#: Checks whose value is a duration inside the rep, and whether 0 s is possible: a lowering
#: takes time, (0, rep duration]; a pause deadlift rep pulled without its pause has a pause of
#: 0 s, [0, rep duration].
DURATION_CHECKS: dict[str, bool] = {"lowering_control": False, "pause_duration": True}


def _series(result: SetResult) -> list[str]:
    out: list[str] = []
    t = result.series.get("t_s", [])
    if any(b is not None and a is not None and b < a for a, b in itertools.pairwise(t)):
        out.append("series t_s: time goes backwards")
    for name, values in result.series.items():
        if name == "t_s":
            continue
        if len(values) != len(t):
            out.append(f"series {name}: {len(values)} values for {len(t)} frames")
        bound = SERIES_BOUNDS.get(name)
        if bound is None:
            continue
        bad = [(i, v) for i, v in enumerate(values) if v is not None and not bound.holds(v)]
        if bad:
            i, v = max(bad, key=lambda iv: abs(iv[1]))
            when = f" at {t[i]:.2f} s" if i < len(t) and t[i] is not None else ""
            out.append(f"series {name}: {len(bad)} frame(s) outside {bound}, worst {v:g}°{when}")
    return out


def _opens_clip(rep: RepResult, result: SetResult) -> bool:
    """The rep starts where the lean was first measured in its shot, or right after a gap in it.

    Only there may a counted rep have no lowering: the clip, the shot after a scene cut, or the
    tracking opened in the middle of the rep, so its lowering was never filmed.
    """
    lean = result.series.get("lean_deg", [])
    t = result.series.get("t_s", [])
    i = rep.start_frame
    if not lean or i >= len(lean):
        return True
    shot_starts = {round(s.start_s, 3) for s in result.shots}
    t_i = t[i] if i < len(t) else None
    if t_i is not None and round(t_i, 3) in shot_starts:
        return True
    return i == 0 or lean[i - 1] is None


def _rep(rep: RepResult, result: SetResult, n_frames: int) -> list[str]:
    where = f"rep {rep.index}"
    out: list[str] = []
    if rep.index < 1:
        out.append(f"{where}: index {rep.index} < 1")
    if not 0 <= rep.start_frame <= rep.bottom_frame <= rep.end_frame:
        out.append(
            f"{where}: frames out of order ({rep.start_frame}, {rep.bottom_frame}, {rep.end_frame})"
        )
    if n_frames and rep.end_frame >= n_frames:
        out.append(f"{where}: end frame {rep.end_frame} beyond the {n_frames} frames")
    if not rep.start_s <= rep.bottom_s <= rep.end_s:
        out.append(f"{where}: times out of order ({rep.start_s}, {rep.bottom_s}, {rep.end_s})")
    # None is a phase that was not filmed or not measured ("cannot judge"): possible. Infinite
    # or negative is not.
    for name in ("lower_s", "bottom_hold_s", "rise_s"):
        v = getattr(rep, name)
        if v is not None and not (math.isfinite(v) and v >= 0.0):
            out.append(f"{where}: {name} {v:g} s is negative or infinite")
    if rep.counted:
        if rep.rise_s is not None and rep.rise_s < MIN_PHASE_S:
            out.append(f"{where}: counted with a {rep.rise_s:.2f} s rise (< {MIN_PHASE_S} s)")
        if rep.lower_s is not None and rep.lower_s < MIN_PHASE_S and not _opens_clip(rep, result):
            out.append(f"{where}: counted with a {rep.lower_s:.2f} s lowering (< {MIN_PHASE_S} s)")
    for name, bound in REP_BOUNDS.items():
        v = getattr(rep, name)
        if v is not None and not bound.holds(v):
            out.append(f"{where}: {name} {v:g} outside {bound}")
    duration = rep.end_s - rep.start_s
    if rep.pause_s is not None and not 0.0 <= rep.pause_s <= duration + 1e-6:
        out.append(f"{where}: pause_s {rep.pause_s:g} outside [0, {duration:g}] (the rep)")
    for f in rep.findings:
        out += _finding(f, rep, n_frames)
    return out


def _finding(f: Finding, rep: RepResult, n_frames: int) -> list[str]:
    where = f"rep {rep.index} {f.check}"
    out: list[str] = []
    if f.rep != rep.index:
        out.append(f"{where}: finding filed under rep {f.rep}")
    if f.frame is not None and not 0 <= f.frame < max(n_frames, rep.end_frame + 1):
        out.append(f"{where}: frame {f.frame} outside the clip")
    if f.value is None:
        return out
    if f.check in DURATION_CHECKS:
        duration = rep.end_s - rep.start_s
        zero = DURATION_CHECKS[f.check]
        if not (0.0 <= f.value if zero else 0.0 < f.value) or f.value > duration + 1e-6:
            shown = f"[0, {duration:g}]" if zero else f"(0, {duration:g}]"
            out.append(f"{where}: {f.value:g} s outside {shown} (the rep)")
        return out
    bound = FINDING_BOUNDS.get(f.check)
    if bound is None:
        if not math.isfinite(f.value):
            out.append(f"{where}: value {f.value}")
    elif not bound.holds(f.value):
        out.append(f"{where}: {f.value:g} {f.unit} outside {bound}")
    return out


def impossible_values(result: SetResult) -> list[str]:
    """Every physically impossible value in ``result``, one line each; empty when none."""
    out = _series(result)
    n_frames = len(result.series.get("t_s", []))
    for rep in result.reps:
        out += _rep(rep, result, n_frames)
    if result.score is not None and not SCORE.holds(result.score):
        out.append(f"score {result.score} outside {SCORE}")
    counted = sum(r.counted for r in result.reps)
    if result.rep_count != counted:
        out.append(f"rep_count {result.rep_count} but {counted} counted reps")
    return out
