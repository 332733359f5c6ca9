"""From the sampled timeline to per-frame joint angles, with every fault applied.

Faults that change the bottom position (knee bend, shins forward, hips too low) are already in
the rep plans; here the ones that depend on the moment in the rep are added: the early-descent
knee shove (knees_forward), the hips shooting up off the floor (hips_shoot_up), spine and head
angles growing with depth, knee cave, the heels rising with depth, the lean-back at lockout,
the bar drifting off the legs, and the feet turning out between reps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.synth import motion as mo
from hingecoach.synth.body import Posture


@dataclass(frozen=True)
class Drive:
    """Everything the body model needs per frame: joint angles plus the implement."""

    posture: Posture
    bar_gap_m: np.ndarray
    kb_angle_deg: np.ndarray


def _per_rep(plans: list[mo.RepPlan], attr: str, rep: np.ndarray) -> np.ndarray:
    return np.array([float(getattr(pl, attr)) for pl in plans])[rep]


def _mag(mags: dict[str, np.ndarray], name: str, rep: np.ndarray) -> np.ndarray:
    m = mags.get(name)
    return np.zeros(len(rep)) if m is None else m[rep]


def _lockout_bump(tau: np.ndarray) -> np.ndarray:
    """0→1 over the first quarter, held, 1→0 over the last quarter (a ~0.5 s hold)."""
    up = mo.min_jerk(tau / 0.25)
    down = 1.0 - mo.min_jerk((tau - 0.75) / 0.25)
    return np.minimum(up, down)


def _knees_forward_weight(tau: np.ndarray) -> np.ndarray:
    """Fault weight over the lowering: peaks at 40 % of it, gone before the bottom."""
    peak = mo.KNEES_FORWARD_PEAK_TAU
    return np.where(
        tau < peak, mo.min_jerk(tau / peak), 1.0 - mo.min_jerk((tau - peak) / (0.9 - peak))
    )


def _shoot_up_weight(p: np.ndarray) -> np.ndarray:
    """hips_shoot_up weight over the depth of the rise: 0 at the bottom, 1 at its peak, then 0."""
    start, peak, end = mo.SHOOT_UP_P
    return np.where(
        p > peak,
        mo.min_jerk((start - p) / (start - peak)),
        1.0 - mo.min_jerk((peak - p) / (peak - end)),
    )


def _shoot_up(
    w: np.ndarray, knee: np.ndarray, shin: np.ndarray, torso: np.ndarray, torso_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Knee, shin and torso with the hips shooting up by weight ``w`` (``torso_b``: bottom).

    Off the floor the knees straighten first (to ``SHOOT_UP_KNEE_DEG``, the shin with them) and
    the torso tips ``SHOOT_UP_DIP_DEG`` below its bottom angle, the shoulders left behind. The
    weight is a function of depth, so a pause on the way up does not reset it.
    """
    straight = np.minimum(knee, mo.SHOOT_UP_KNEE_DEG) / np.maximum(knee, 1.0)
    return (
        knee + w * (knee * straight - knee),
        shin + w * (shin * straight - shin),
        torso + w * (torso_b - mo.SHOOT_UP_DIP_DEG - torso),
    )


def _turnout_mag(fr: mo.Frames, mags: dict[str, np.ndarray], n_reps: int) -> np.ndarray:
    """Foot turn-out magnitude: constant through a rep, changing only while standing."""
    m = mags.get("feet_turnout", np.zeros(n_reps))
    rep = np.clip(fr.rep, 0, n_reps - 1)
    nxt = np.clip(fr.rep + 1, 0, n_reps - 1)
    between = (fr.phase == mo.STAND) & (fr.rep >= 0)
    return np.where(between, m[rep] + (m[nxt] - m[rep]) * mo.min_jerk(fr.tau), m[rep])


def _kb_angle(fr: mo.Frames, plans: list[mo.RepPlan], seg_dur_s: np.ndarray) -> np.ndarray:
    """Kettlebell arm angle from vertical: hang, hike back, float to chest height."""
    rep = np.clip(fr.rep, 0, len(plans) - 1)
    prev_stood = np.array([r == 0 or plans[r - 1].between_s > 0 for r in range(len(plans))])
    start = np.where(prev_stood[rep], mo.KB_HANG_DEG, mo.KB_TOP_DEG)
    s = mo.min_jerk(fr.tau)
    settle = mo.min_jerk(fr.tau * seg_dur_s / 1.0)
    out = np.full(len(fr.p), mo.KB_HANG_DEG)
    out = np.where(fr.phase == mo.LOWER, start + (mo.KB_BOTTOM_DEG - start) * s, out)
    out = np.where(fr.phase == mo.BOTTOM, mo.KB_BOTTOM_DEG, out)
    out = np.where(
        fr.phase == mo.RISE, mo.KB_BOTTOM_DEG + (mo.KB_TOP_DEG - mo.KB_BOTTOM_DEG) * s, out
    )
    out = np.where(fr.phase == mo.LOCKOUT, mo.KB_TOP_DEG, out)
    after = (fr.phase == mo.STAND) & (fr.rep >= 0)
    return np.where(after, mo.KB_TOP_DEG + (mo.KB_HANG_DEG - mo.KB_TOP_DEG) * settle, out)


def drive_frames(
    fr: mo.Frames,
    plans: list[mo.RepPlan],
    mags: dict[str, np.ndarray],
    prof: mo.ExerciseProfile,
    *,
    height_m: float,
    seg_dur_s: np.ndarray,
    sway_phase: tuple[float, float] = (0.0, 0.0),
) -> Drive:
    """Joint angles for every frame of the timeline (``seg_dur_s``: duration per frame's phase)."""
    rep = np.clip(fr.rep, 0, len(plans) - 1)
    p = fr.p
    knee, shin, torso = mo.clean_angles(
        p,
        _per_rep(plans, "knee_deg", rep),
        _per_rep(plans, "shin_deg", rep),
        _per_rep(plans, "torso_deg", rep),
        prof,
    )
    w = _mag(mags, "knees_forward", rep) * (fr.phase == mo.LOWER) * _knees_forward_weight(fr.tau)
    knee, shin, torso = (
        a + w * (mo.KNEES_FORWARD_POSE_DEG[k] - a)
        for k, a in (("knee", knee), ("shin", shin), ("torso", torso))
    )
    w = _mag(mags, "hips_shoot_up", rep) * (fr.phase == mo.RISE) * _shoot_up_weight(p)
    knee, shin, torso = _shoot_up(w, knee, shin, torso, _per_rep(plans, "torso_deg", rep))
    lean = _per_rep(plans, "lockout", rep) * (fr.phase == mo.LOCKOUT) * _lockout_bump(fr.tau)
    torso = torso + mo.OVEREXTENSION_DEG * lean
    # Quiet-standing sway (ankle strategy): about ±1 cm at the shoulders.
    shin = shin + 0.35 * np.sin(2 * np.pi * fr.t_s / 3.7 + sway_phase[0])
    torso = torso + 0.3 * np.sin(2 * np.pi * fr.t_s / 2.9 + sway_phase[1])
    spine = mo.NEUTRAL_BACK_CURVE_DEG + p * (
        mo.LUMBAR_FLEXION_DEG * _mag(mags, "lumbar_flexion", rep)
        + mo.LUMBAR_EXTENSION_DEG * _mag(mags, "lumbar_extension", rep)
        + _per_rep(plans, "spine_var_deg", rep)
    )
    neck = p * (
        mo.HEAD_DEG * (_mag(mags, "head_up", rep) - _mag(mags, "head_down", rep))
        + _per_rep(plans, "neck_var_deg", rep)
    )
    turnout_m = _turnout_mag(fr, mags, len(plans))
    posture = Posture(
        shin_deg=shin,
        knee_deg=knee,
        torso_deg=torso,
        spine_bend_deg=spine,
        neck_deg=neck,
        valgus_deg=mo.VALGUS_DEG * _mag(mags, "knee_valgus", rep) * p,
        turnout_deg=mo.TURNOUT_CLEAN_DEG
        + (mo.TURNOUT_FAULT_DEG - mo.TURNOUT_CLEAN_DEG) * turnout_m,
        # Weight drifting onto the toes as the lifter goes down; back on the heels standing.
        heel_lift_deg=mo.HEEL_LIFT_DEG * _mag(mags, "heel_lift", rep) * p,
    )
    gap = height_m * (mo.BAR_GAP_H + mo.BAR_DRIFT_H * _mag(mags, "bar_drift", rep) * p)
    return Drive(posture, gap, _kb_angle(fr, plans, seg_dur_s))
