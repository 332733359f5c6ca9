"""Unweighted hinge practice: the article's cue sequence, one cue after each rep, consistency.

The article's first step to a better hinge is "practicing the movement pattern unweighted for
multiple reps", with "a sequence of cues to follow to ensure similar performance and movement
for every rep". So a practice session is said in three parts: the cue sequence before the
first rep (:data:`CUE_SEQUENCE`, the article's own), the one cue that matters after each rep
(its heaviest fault's, or "good rep" when it had none), and at the end whether the pattern is
grooved: the reps' spread — standard deviation over the counted reps — of depth (the torso's
angle to the floor at the bottom), knee bend and hip travel, each against a limit.

Pure: everything here works on the engine's reps and the set's signals.
"""

from __future__ import annotations

import math

import numpy as np

from hingecoach.checks.hinge_depth import ERROR_DEG as DEPTH_ERROR_DEG
from hingecoach.checks.hips_back_first import ERROR_BL as TRAVEL_ERROR_BL
from hingecoach.checks.knee_bend import ERROR_DEG as KNEE_ERROR_DEG
from hingecoach.checks.registry import BY_ID
from hingecoach.feedback.words import short_cue
from hingecoach.kinematics.signals import Signals
from hingecoach.models import RepResult
from hingecoach.selftest.models import PracticeRep, PracticeResult, Spread
from hingecoach.selftest.scale import cm_per_bl

#: The article's sequence of cues ("Cueing Hip Hinge Form"), said before the first rep.
CUE_SEQUENCE = (
    "Bring the head and torso to a neutral position.",
    "Brace the torso, then shift the hips directly back, as if a string pulled them.",
    "Allow a slight knee bend, under 20 degrees, and keep the shins nearly vertical.",
    "Feel the stretch in the hamstrings while keeping the torso neutral.",
)
#: Said after a rep with no fault.
GOOD_REP = "good rep — same again"
#: Counted reps needed before the spread says anything: two reps always look alike or unlike.
MIN_REPS = 3
#: Spread limits (standard deviation over the reps). A rep pattern is grooved when its reps
#: differ by no more than the video can tell apart from its own scatter: twice each measure's
#: error band — depth and knee bend 3° (their checks' bands) → 6°; hip travel 0.01 body lengths
#: (the hip and knee landmarks' jitter) → 0.02 bl, ~2.7 cm at 1.75 m.
MAX_SPREAD = {
    "depth_deg": 2.0 * DEPTH_ERROR_DEG,
    "knee_bend_deg": 2.0 * KNEE_ERROR_DEG,
    "hip_travel_bl": 2.0 * TRAVEL_ERROR_BL,
}


def after_rep_cue(rep: RepResult) -> str:
    """The one cue that matters after ``rep``: its heaviest fault's, or :data:`GOOD_REP`."""
    faults = [f for f in rep.faults if f.check in BY_ID]
    if not faults:
        return GOOD_REP
    worst = max(faults, key=lambda f: BY_ID[f.check].weight)
    return short_cue(worst.check)


def hip_travel_bl(sig: Signals, rep: RepResult) -> float | None:
    """How far the hips went back in the rep, body lengths: start minus the rearmost point."""
    x = sig.hip_x_bl[rep.start_frame : rep.end_frame + 1]
    if not np.isfinite(x).any() or not math.isfinite(float(x[0])):
        return None
    return round(float(x[0] - np.nanmin(x)), 4)


def _spread(values: list[float | None], limit: float, scale: float = 1.0) -> Spread:
    seen = [v for v in values if v is not None]
    if len(seen) < MIN_REPS:
        return Spread(sd=None, limit=round(limit * scale, 2), consistent=None)
    sd = float(np.std(seen, ddof=1))
    return Spread(sd=round(sd * scale, 2), limit=round(limit * scale, 2), consistent=sd <= limit)


def practice_result(
    sig: Signals,
    reps: list[RepResult],
    *,
    height_m: float,
    reps_asked: int | None = None,
    source: str = "",
    warnings: list[str] | None = None,
) -> PracticeResult:
    """A practice session: each counted rep's cue and measures, and how alike the reps were."""
    cm = cm_per_bl(height_m)
    counted = [r for r in reps if r.counted]
    rows = []
    for r in counted:
        travel = hip_travel_bl(sig, r)
        rows.append(
            PracticeRep(
                index=r.index,
                start_s=r.start_s,
                end_s=r.end_s,
                faults=[f.check for f in r.faults],
                cue=after_rep_cue(r),
                depth_deg=r.torso_angle_min_deg,
                knee_bend_deg=r.knee_flexion_max_deg,
                hip_travel_cm=None if travel is None else round(travel * cm, 1),
            )
        )
    spread = {
        "depth_deg": _spread([r.depth_deg for r in rows], MAX_SPREAD["depth_deg"]),
        "knee_bend_deg": _spread([r.knee_bend_deg for r in rows], MAX_SPREAD["knee_bend_deg"]),
        "hip_travel_cm": _spread(
            [hip_travel_bl(sig, r) for r in counted], MAX_SPREAD["hip_travel_bl"], cm
        ),
    }
    verdicts = [s.consistent for s in spread.values() if s.consistent is not None]
    notes = list(warnings or [])
    if reps_asked is not None and len(rows) != reps_asked:
        notes.append(f"{reps_asked} practice reps asked for, {len(rows)} counted")
    if len(rows) < MIN_REPS:
        notes.append(f"consistency needs at least {MIN_REPS} counted reps")
    return PracticeResult(
        source=source,
        height_m=height_m,
        cues_before=list(CUE_SEQUENCE),
        reps_asked=reps_asked,
        reps=rows,
        spread=spread,
        consistent=all(verdicts) if verdicts else None,
        clean=bool(rows) and all(not r.faults for r in rows),
        warnings=notes,
    )
