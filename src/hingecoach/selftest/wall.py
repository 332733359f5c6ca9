"""The wall test, measured: do the hips reach a wall behind them before the knees or back give?

The article: "Stand either 3-5 inches off a wall ... Push the hips directly back and make note
when they make contact with the object. If you notice the torso breaking or knees shifting
excessively forward before making contact with the wall ..., then your hip hinge sequencing is
probably off."

Per rep, over the lowering (start → bottom), from the rep's start:

- hip travel back, ``hip_x`` falling: the wall is reached when it passes the wall's distance
  (``wall_cm``, converted to body lengths through the lifter's height, :mod:`.scale`);
- knee travel forward, ``knee_x`` rising: the knees drift when it passes the wall-test check's
  limit (``hips_back_first.max_knee_travel_bl``);
- the torso breaks when the back outline's curve passes the torso check's rounding limit
  (``torso_neutral.max_flexion_deg``), read only where the torso leans past that check's hinged
  lean (upright, the outline meets the glutes and reads every back as rounded).

Whichever comes first decides the rep. Hip, knee and torso are reported at the contact, or at
the bottom when the hips never reached the wall. Pure functions over the engine's signals.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hingecoach.checks.torso_neutral import HINGED_LEAN_DEG
from hingecoach.kinematics.signals import Signals
from hingecoach.models import RepResult
from hingecoach.selftest.models import WallRep, WallResult, WallVerdict
from hingecoach.selftest.scale import cm_per_bl

#: The article's 3–5 inches: 8–12 cm from the glutes to the wall; the middle by default.
DEFAULT_WALL_CM = 10.0
WALL_RANGE_CM = (8.0, 12.0)


def _first(mask: np.ndarray) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if len(hits) else None


def _at(x: np.ndarray, i: int, scale: float = 1.0) -> float | None:
    return round(float(x[i]) * scale, 1) if np.isfinite(x[i]) else None


def wall_rep(
    sig: Signals,
    rep: RepResult,
    *,
    wall_bl: float,
    knee_limit_bl: float,
    spine_limit_deg: float,
    cm_bl: float,
) -> WallRep:
    """One rep's sequencing: contact, knee drift, torso break, and the figures at the moment.

    Args:
        sig: the set's signals.
        rep: the rep (frames from the engine).
        wall_bl: the wall's distance behind the glutes, body lengths.
        knee_limit_bl: knee travel forward allowed before the contact, body lengths.
        spine_limit_deg: back rounding allowed before the contact, degrees.
        cm_bl: centimetres in one body length.
    """
    a, b = rep.start_frame, max(rep.bottom_frame, rep.start_frame)
    hip, knee = sig.hip_x_bl[a : b + 1], sig.knee_x_bl[a : b + 1]
    t = sig.t_s[a : b + 1]
    hinged = np.nan_to_num(sig.lean_deg[a : b + 1], nan=0.0) >= HINGED_LEAN_DEG
    bend = np.where(hinged, sig.spine_bend_deg[a : b + 1], np.nan)
    if not (np.isfinite(hip[0]) and np.isfinite(knee[0])) or b - a < 2:
        return WallRep(
            index=rep.index,
            verdict="cannot_judge",
            contact=False,
            at_s=round(float(sig.t_s[b]), 3),
            hip_travel_cm=None,
            knee_travel_cm=None,
            torso_to_horizontal_deg=None,
            detail="hips and knees not seen at the start of the rep",
        )
    hip_back, knee_fwd = hip[0] - hip, knee - knee[0]
    contact = _first(np.nan_to_num(hip_back, nan=-np.inf) >= wall_bl)
    knees = _first(np.nan_to_num(knee_fwd, nan=-np.inf) > knee_limit_bl)
    broke = _first(np.nan_to_num(bend, nan=-np.inf) > spine_limit_deg)
    verdict = _verdict(contact, knees, broke)
    i = contact if contact is not None else len(t) - 1
    return WallRep(
        index=rep.index,
        verdict=verdict,
        contact=contact is not None,
        at_s=round(float(t[i]), 3),
        hip_travel_cm=_at(hip_back, i, cm_bl),
        knee_travel_cm=_at(knee_fwd, i, cm_bl),
        torso_to_horizontal_deg=_at(sig.torso_angle_deg[a : b + 1], i),
        spine_bend_deg=_at(bend, i),
        knees_forward_s=None if knees is None else round(float(t[knees]), 3),
        torso_broke_s=None if broke is None else round(float(t[broke]), 3),
        detail=_detail(verdict, wall_bl * cm_bl, knee_limit_bl * cm_bl, spine_limit_deg),
    )


def _verdict(contact: int | None, knees: int | None, broke: int | None) -> WallVerdict:
    """What came first, from the frames of the contact, the knees' drift and the back's break."""
    faults: list[tuple[int, WallVerdict]] = []
    if knees is not None:
        faults.append((knees, "knees_forward"))
    if broke is not None:
        faults.append((broke, "torso_broke"))
    first = min(faults) if faults else None
    if contact is not None and (first is None or contact <= first[0]):
        return "good"
    return first[1] if first is not None else "no_contact"


def _detail(verdict: WallVerdict, wall_cm: float, knee_cm: float, spine_deg: float) -> str:
    return {
        "good": f"the hips reached the wall ({wall_cm:.0f} cm) first",
        "knees_forward": (
            f"the knees drifted forward more than {knee_cm:.0f} cm before the hips reached the "
            "wall: push the hips straight back"
        ),
        "torso_broke": (
            f"the back rounded past {spine_deg:.0f}° before the hips reached the wall: "
            "keep the back flat and send the hips back"
        ),
        "no_contact": (
            f"the hips never travelled {wall_cm:.0f} cm back: push them further back, "
            "as if a string pulled them to the wall"
        ),
        "cannot_judge": "",
    }[verdict]


def wall_result(
    sig: Signals,
    reps: Sequence[RepResult],
    *,
    height_m: float,
    wall_cm: float,
    knee_limit_bl: float,
    spine_limit_deg: float,
    source: str = "",
    warnings: Sequence[str] = (),
) -> WallResult:
    """The wall test's result for a set: each rep's sequencing.

    Args:
        sig: the set's signals.
        reps: the set's reps, from the engine.
        height_m: the lifter's height, metres (for centimetres and the wall's distance).
        wall_cm: the wall's distance behind the glutes at the start, cm.
        knee_limit_bl: knee travel forward allowed before the contact, body lengths.
        spine_limit_deg: back rounding allowed before the contact, degrees.
        source: where the track came from.
        warnings: caveats from earlier stages to carry.
    """
    cm_bl = cm_per_bl(height_m)
    rows = [
        wall_rep(
            sig,
            r,
            wall_bl=wall_cm / cm_bl,
            knee_limit_bl=knee_limit_bl,
            spine_limit_deg=spine_limit_deg,
            cm_bl=cm_bl,
        )
        for r in reps
    ]
    notes = list(warnings)
    if not reps:
        notes.append("no rep was found: hinge down and back up, side-on to the camera")
    if sig.view.view not in ("side", "oblique"):
        notes.append(f"the camera view is {sig.view.view}: hip and knee travel need a side view")
    judged = [r for r in rows if r.verdict != "cannot_judge"]
    return WallResult(
        source=source,
        height_m=height_m,
        cm_per_bl=round(cm_bl, 1),
        wall_cm=wall_cm,
        knee_limit_cm=round(knee_limit_bl * cm_bl, 1),
        spine_limit_deg=spine_limit_deg,
        reps=rows,
        passed=all(r.verdict == "good" for r in judged) if judged else None,
        warnings=notes,
    )
