"""Ground truth for a synthetic set, measured on the noise-free body.

It uses the engine's own angle definitions (``hingecoach.kinematics.angles``), so truth and
measurement can differ only by projection and noise, never by convention.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hingecoach.kinematics.angles import (
    hip_flexion_deg,
    knee_flexion_deg,
    neck_angle_deg,
    shin_angle_deg,
    torso_angle_deg,
)
from hingecoach.landmarks import idx
from hingecoach.synth import motion as mo

ANGLE_KEYS: tuple[str, ...] = (
    "knee_flexion_deg",
    "hip_flexion_deg",
    "shin_angle_deg",
    "torso_angle_deg",
    "neck_angle_deg",
    "spine_bend_deg",
    "knee_valgus_deg",
    "feet_turnout_deg",
)


@dataclass(frozen=True)
class GroundTruth:
    """What really happened in a synthetic set.

    Attributes:
        exercise: the exercise performed.
        view: ``side``, ``front`` or ``oblique``.
        facing: which way the lifter faces in the image (None in front view).
        angles: per-frame ``(N,)`` arrays, keys ``ANGLE_KEYS``.
        reps: per rep: start/bottom/end frame and seconds, pause start/end seconds and
            pause height (wrist height as a fraction of the shin: 0 ankle, 1 knee), None
            when the rep has no pause.
        faults: fault name → 1-based reps where it is at >= 75 % of full strength.
    """

    exercise: str
    view: str
    facing: str | None
    angles: dict[str, np.ndarray]
    reps: list[dict[str, Any]]
    faults: dict[str, list[int]]

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (NaN → None, angles rounded to 0.001°)."""

        def clean(a: np.ndarray) -> list[float | None]:
            return [None if not np.isfinite(v) else round(float(v), 3) for v in a]

        return {
            "exercise": self.exercise,
            "view": self.view,
            "facing": self.facing,
            "angles": {k: clean(v) for k, v in self.angles.items()},
            "reps": [dict(r) for r in self.reps],
            "faults": {k: list(v) for k, v in self.faults.items()},
        }


def sagittal_angles(lm: np.ndarray, side: str) -> dict[str, np.ndarray]:
    """The five sagittal angles from body-frame landmarks ``(N, 33, 3)`` of one side."""

    def pt(stem: str) -> np.ndarray:
        return lm[:, idx(f"{side}_{stem}"), :2]  # (forward, up)

    hip, knee, ankle, shoulder, ear = (pt(s) for s in ("hip", "knee", "ankle", "shoulder", "ear"))
    return {
        "knee_flexion_deg": knee_flexion_deg(hip, knee, ankle),
        "hip_flexion_deg": hip_flexion_deg(shoulder, hip, knee),
        "shin_angle_deg": shin_angle_deg(knee, ankle),
        "torso_angle_deg": torso_angle_deg(shoulder, hip),
        "neck_angle_deg": neck_angle_deg(hip, shoulder, ear),
    }


def spine_bend_deg(spine: np.ndarray) -> np.ndarray:
    """Total turning of the spine, first to last segment, ``(N,)``; + = flexion (rounding)."""
    first = spine[:, 1] - spine[:, 0]
    last = spine[:, -1] - spine[:, -2]
    a0 = np.degrees(np.arctan2(first[:, 1], first[:, 0]))
    a1 = np.degrees(np.arctan2(last[:, 1], last[:, 0]))
    return (a0 - a1 + 180.0) % 360.0 - 180.0


def knee_valgus_deg(lm: np.ndarray) -> np.ndarray:
    """Frontal-plane knee angle, mean of both legs; + = knee medial of the hip–ankle line."""
    out = []
    for side, s in (("left", 1.0), ("right", -1.0)):
        # Frontal plane coordinates: (outward, up).
        h, k, a = (
            lm[:, idx(f"{side}_{j}")][:, [2, 1]] * [s, 1.0] for j in ("hip", "knee", "ankle")
        )
        thigh, shank = k - h, a - k
        turn = np.arctan2(shank[:, 1], shank[:, 0]) - np.arctan2(thigh[:, 1], thigh[:, 0])
        out.append((np.degrees(turn) + 180.0) % 360.0 - 180.0)
    return np.mean(out, axis=0)


def feet_turnout_deg(lm: np.ndarray) -> np.ndarray:
    """Toe direction out from straight ahead (heel→toe), mean of both feet; + = outward."""
    out = []
    for side, s in (("left", 1.0), ("right", -1.0)):
        v = lm[:, idx(f"{side}_foot_index")] - lm[:, idx(f"{side}_heel")]
        out.append(np.degrees(np.arctan2(s * v[:, 2], v[:, 0])))
    return np.mean(out, axis=0)


def all_angles(lm: np.ndarray, spine: np.ndarray, side: str) -> dict[str, np.ndarray]:
    """Every ``ANGLE_KEYS`` series from the noise-free body."""
    ang = sagittal_angles(lm, side)
    ang["spine_bend_deg"] = spine_bend_deg(spine)
    ang["knee_valgus_deg"] = knee_valgus_deg(lm)
    ang["feet_turnout_deg"] = feet_turnout_deg(lm)
    return {k: ang[k] for k in ANGLE_KEYS}


def shin_fraction(lm: np.ndarray, side: str) -> np.ndarray:
    """Wrist height as a fraction of the shin (0 ankle, 1 knee), ``(N,)``."""
    w, k, a = (lm[:, idx(f"{side}_{j}"), 1] for j in ("wrist", "knee", "ankle"))
    return (w - a) / (k - a)


def rep_records(
    segs: list[mo.Segment], fps: float, n_reps: int, frac: np.ndarray
) -> list[dict[str, Any]]:
    """Rep boundaries from the timeline: start of lowering, bottom, end of rise/lockout."""

    def frame(t: float) -> int:
        return round(t * fps)

    reps = []
    for r in range(n_reps):
        mine = [s for s in segs if s.rep == r and s.phase != mo.STAND]
        start, end = mine[0].t0_s, mine[-1].t0_s + mine[-1].dur_s
        bottom_seg = next((s for s in mine if s.phase == mo.BOTTOM), None)
        lower = next(s for s in mine if s.phase == mo.LOWER)
        bottom = bottom_seg.t0_s + bottom_seg.dur_s / 2 if bottom_seg else lower.t0_s + lower.dur_s
        pause = next((s for s in mine if s.phase == mo.PAUSE), None)
        rec: dict[str, Any] = {
            "start_frame": frame(start),
            "bottom_frame": frame(bottom),
            "end_frame": min(frame(end), len(frac) - 1),
            "start_s": frame(start) / fps,
            "bottom_s": frame(bottom) / fps,
            "end_s": min(frame(end), len(frac) - 1) / fps,
            "pause_start_s": None,
            "pause_end_s": None,
            "pause_height": None,
        }
        if pause is not None:
            mid = min(frame(pause.t0_s + pause.dur_s / 2), len(frac) - 1)
            rec["pause_start_s"] = round(pause.t0_s, 4)
            rec["pause_end_s"] = round(pause.t0_s + pause.dur_s, 4)
            rec["pause_height"] = round(float(frac[mid]), 4)
        reps.append(rec)
    return reps
