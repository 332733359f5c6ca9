"""Per-frame kinematic signals from a PoseTrack: the numbers every check reads.

Sagittal angles use the midpoints of left/right joints: the midpoint lies in the body's plane of
symmetry, so it is immune to left/right swaps and, in an oblique view, its horizontal image
coordinate is the sagittal one shrunk by cos(yaw) — which we undo. Distances are expressed in body
lengths (``_bl``): the summed shank + thigh + torso length (ankle→knee→hip→shoulder, ≈ 0.78 of
standing height), so numbers compare across people, cameras and zoom.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from hingecoach.kinematics import angles as ang
from hingecoach.kinematics.contour import spine_bend_deg
from hingecoach.kinematics.filters import running_median_s, zero_phase
from hingecoach.kinematics.view import ViewEstimate, estimate_view
from hingecoach.landmarks import idx
from hingecoach.models import PoseTrack, Side

#: Landmarks without which a frame cannot be measured at all.
CORE = ("shoulder", "hip", "knee", "ankle")
#: Visibility below this marks a landmark as unreliable in that frame.
MIN_VISIBILITY = 0.3
#: Low-pass cut-off for landmark coordinates; hinge tempo is far below it, even a swing.
CUTOFF_HZ = 6.0
#: Foot length (heel→toe) over one body length: 0.152·H / 0.779·H (Drillis & Contini).
FOOT_PER_BL = 0.195
#: The back's curve changes slowly; its outline is traced independently every frame and is
#: noisy, so it gets a median (outliers) then a lower low-pass cut-off than the joints.
SPINE_CUTOFF_HZ = 1.5
#: Length of that median, seconds (5 frames at 30 fps, 11 at 60 fps).
SPINE_MEDIAN_S = 0.17
#: Shoulders this far behind the hips in depth (share of the torso's length) mean leaning back.
BACK_LEAN_DEPTH = 0.15
#: Largest yaw for which the oblique stretch is applied; beyond it horizontal data is too thin.
MAX_STRETCH_YAW_DEG = 60.0


@dataclass(frozen=True)
class Signals:
    """Per-frame signals, all ``(N,)`` float arrays (NaN where not measurable).

    Attributes:
        t_s: timestamps.
        valid: frames whose core landmarks were seen.
        view: the camera view estimate.
        body_length_px: one body length in pixels.
        knee_flexion_deg, hip_flexion_deg, shin_angle_deg, torso_angle_deg, neck_angle_deg:
            sagittal angles as defined in ``kinematics.angles``.
        lean_deg: torso lean from vertical that works in every view (0 upright): from the
            sagittal torso angle in side/oblique views, from the torso's vertical extent in front.
        hip_x_bl, knee_x_bl: horizontal position ahead of the ankles (+ forward), body lengths.
        feet_x_bl: horizontal position of the ankles in the frame, body lengths (a hinge is done
            in place; feet that travel mean walking, not a rep).
        hip_height_bl: hip height above the ankles, body lengths.
        shoulder_height_bl: shoulder height above the ankles, body lengths (how far down the
            lifter has travelled, whatever mix of hips and knees got them there).
        bar_offset_bl: hands ahead of the front of the legs at the hands' height.
        bar_height_shin: hand height as a fraction of the shin (0 = ankle, 1 = knee).
        hand_height_bl: hand height above the ankles, body lengths.
        hands_spread_bl: vertical distance between the two wrists (a dowel held at the neck and
            the lower back spreads them; a bar or bell keeps them together).
        spine_bend_deg: back-contour curvature (+ rounded), NaN without a contour.
        knee_valgus_deg: frontal-plane knee cave (+ medial), largest of both legs.
        feet_turnout_deg: toes out from straight ahead, mean of both feet.
        has_feet: the source provides heels and toes.
    """

    t_s: np.ndarray
    valid: np.ndarray
    view: ViewEstimate
    body_length_px: float
    knee_flexion_deg: np.ndarray
    hip_flexion_deg: np.ndarray
    shin_angle_deg: np.ndarray
    torso_angle_deg: np.ndarray
    neck_angle_deg: np.ndarray
    lean_deg: np.ndarray
    hip_x_bl: np.ndarray
    knee_x_bl: np.ndarray
    feet_x_bl: np.ndarray
    hip_height_bl: np.ndarray
    shoulder_height_bl: np.ndarray
    bar_offset_bl: np.ndarray
    bar_height_shin: np.ndarray
    hand_height_bl: np.ndarray
    hands_spread_bl: np.ndarray
    spine_bend_deg: np.ndarray
    knee_valgus_deg: np.ndarray
    feet_turnout_deg: np.ndarray
    has_feet: bool

    @property
    def n_frames(self) -> int:
        """Number of frames."""
        return int(self.t_s.shape[0])


def _mid(xy: np.ndarray, stem: str) -> np.ndarray:
    """Midpoint of a left/right pair; the one side seen when the other is hidden."""
    pair = np.stack([xy[:, idx(f"left_{stem}")], xy[:, idx(f"right_{stem}")]])
    out = np.full(pair.shape[1:], np.nan)
    seen = np.isfinite(pair).all(axis=2)
    both = seen.all(axis=0)
    out[both] = pair[:, both].mean(axis=0)
    only_l = seen[0] & ~seen[1]
    only_r = seen[1] & ~seen[0]
    out[only_l] = pair[0, only_l]
    out[only_r] = pair[1, only_r]
    return out


def _masked_xy(track: PoseTrack) -> np.ndarray:
    xy = track.xy.copy()
    xy[track.visibility < MIN_VISIBILITY] = np.nan
    return xy


def body_length_px(xy: np.ndarray) -> float:
    """Robust body length: 90th percentile of the per-frame ankle→knee→hip→shoulder length.

    A high percentile picks frames where the segments lie in the image plane (standing, or any
    pose in a side view), since foreshortening only ever shortens them.
    """
    pts = [_mid(xy, s) for s in ("ankle", "knee", "hip", "shoulder")]
    length = sum(np.linalg.norm(b - a, axis=1) for a, b in itertools.pairwise(pts))
    length = np.asarray(length)
    length = length[np.isfinite(length)]
    return float(np.percentile(length, 90)) if len(length) else float("nan")


def compute_signals(track: PoseTrack, *, side: Side | None = None) -> Signals:
    """All per-frame signals of a track, zero-phase filtered.

    ``side`` (the lifter's side nearer the camera) overrides the facing guess.
    """
    xy = _masked_xy(track)
    if track.n_frames >= 4:
        xy = zero_phase(xy, track.t_s, cutoff_hz=CUTOFF_HZ)
    view = estimate_view(xy, side=side)
    return signals_from_xy(xy, track, view)


def signals_from_xy(xy: np.ndarray, track: PoseTrack, view: ViewEstimate) -> Signals:
    """Signals from already-filtered ``(N, 33, 2)`` pixels (shared by offline and live)."""
    bl = body_length_px(xy)
    yaw = view.yaw_deg if np.isfinite(view.yaw_deg) else 0.0
    stretch = 1.0 / np.cos(np.radians(min(yaw, MAX_STRETCH_YAW_DEG)))
    sag = ang.to_sagittal(xy, view.facing_sign)
    sag[..., 0] *= stretch
    p = {s: _mid(sag, s) for s in ("shoulder", "hip", "knee", "ankle", "wrist", "ear")}
    valid = np.all([np.isfinite(p[s]).all(axis=1) for s in CORE], axis=0)

    torso = ang.torso_angle_deg(p["shoulder"], p["hip"])
    lean = 90.0 - torso if view.view != "front" else _front_lean_deg(xy, track.landmarks[..., 2])
    bar_offset, bar_height = _bar_position(p)
    return Signals(
        t_s=track.t_s,
        valid=valid,
        view=view,
        body_length_px=bl,
        knee_flexion_deg=ang.knee_flexion_deg(p["hip"], p["knee"], p["ankle"]),
        hip_flexion_deg=ang.hip_flexion_deg(p["shoulder"], p["hip"], p["knee"]),
        shin_angle_deg=ang.shin_angle_deg(p["knee"], p["ankle"]),
        torso_angle_deg=torso,
        neck_angle_deg=ang.neck_angle_deg(p["hip"], p["shoulder"], p["ear"]),
        lean_deg=lean,
        hip_x_bl=(p["hip"][:, 0] - p["ankle"][:, 0]) / bl,
        knee_x_bl=(p["knee"][:, 0] - p["ankle"][:, 0]) / bl,
        feet_x_bl=p["ankle"][:, 0] / bl,
        hip_height_bl=(p["hip"][:, 1] - p["ankle"][:, 1]) / bl,
        shoulder_height_bl=(p["shoulder"][:, 1] - p["ankle"][:, 1]) / bl,
        bar_offset_bl=bar_offset / bl,
        bar_height_shin=bar_height,
        hand_height_bl=(p["wrist"][:, 1] - p["ankle"][:, 1]) / bl,
        hands_spread_bl=np.abs(xy[:, idx("left_wrist"), 1] - xy[:, idx("right_wrist"), 1]) / bl,
        spine_bend_deg=_spine_series(track, view.facing_sign),
        knee_valgus_deg=_knee_valgus_deg(xy),
        feet_turnout_deg=_feet_turnout_deg(xy, bl),
        has_feet=bool(track.provided[idx("left_heel")] and track.provided[idx("left_foot_index")]),
    )


def _front_lean_deg(xy: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Lean from the torso's vertical extent over its upright length (works facing the camera).

    The extent shrinks the same whether the lifter tips toward the camera or leans back, so the
    depth of the shoulders against the hips (pose z, pixel scale, smaller = nearer) gives the
    sign: a lean back at lockout is negative, not a second rep. Without depth it stays unsigned.
    """
    vert = _mid(xy, "hip")[:, 1] - _mid(xy, "shoulder")[:, 1]
    finite = vert[np.isfinite(vert)]
    if not len(finite):
        return np.full(len(vert), np.nan)
    ref = np.percentile(finite, 95)
    lean = np.degrees(np.arccos(np.clip(vert / ref, -1.0, 1.0)))
    zz = z[..., np.newaxis]
    behind = _mid(zz, "shoulder")[:, 0] - _mid(zz, "hip")[:, 0]  # > 0: shoulders behind hips
    back = np.nan_to_num(behind, nan=0.0) > BACK_LEAN_DEPTH * ref
    return np.where(back, -lean, lean)


def _bar_position(p: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Hands relative to the legs: forward offset at the hands' height, and height on the shin.

    The leg is the polyline ankle→knee→hip; the hands' height picks the point on it, and the
    horizontal distance from there is the bar's drift. Hands above the hips use the hip.
    """
    wrist, ankle, knee, hip = p["wrist"], p["ankle"], p["knee"], p["hip"]
    y = wrist[:, 1]
    on_shin = (y - ankle[:, 1]) / (knee[:, 1] - ankle[:, 1])
    on_thigh = (y - knee[:, 1]) / (hip[:, 1] - knee[:, 1])
    leg_x = np.where(
        y <= knee[:, 1],
        ankle[:, 0] + np.clip(on_shin, 0, 1) * (knee[:, 0] - ankle[:, 0]),
        knee[:, 0] + np.clip(on_thigh, 0, 1) * (hip[:, 0] - knee[:, 0]),
    )
    return wrist[:, 0] - leg_x, on_shin


def _spine_series(track: PoseTrack, facing_sign: float) -> np.ndarray:
    out = np.full(track.n_frames, np.nan)
    if track.back_contour is None:
        return out
    for i, c in enumerate(track.back_contour):
        if c is not None and len(c) >= 5:
            out[i] = spine_bend_deg(ang.to_sagittal(np.asarray(c, dtype=float), facing_sign))
    if np.isfinite(out).sum() < 4:
        return out
    return zero_phase(
        running_median_s(out, track.t_s, SPINE_MEDIAN_S), track.t_s, cutoff_hz=SPINE_CUTOFF_HZ
    )


def _knee_valgus_deg(xy: np.ndarray) -> np.ndarray:
    """Frontal-plane knee angle, + when the knee sits medial of the hip→ankle line."""
    mid_hip = _mid(xy, "hip")
    out = []
    for side in ("left", "right"):
        hip, knee, ankle = (xy[:, idx(f"{side}_{s}")] for s in ("hip", "knee", "ankle"))
        bend = 180.0 - ang.interior_angle_deg(hip, knee, ankle)
        line = ankle - hip
        rel = knee - hip
        cross = line[:, 0] * rel[:, 1] - line[:, 1] * rel[:, 0]
        medial = mid_hip - hip
        cross_m = line[:, 0] * medial[:, 1] - line[:, 1] * medial[:, 0]
        out.append(np.where(np.sign(cross) == np.sign(cross_m), bend, -bend))
    return np.fmax(out[0], out[1])


def _feet_turnout_deg(xy: np.ndarray, bl: float) -> np.ndarray:
    """Toe-out angle from the lateral heel→toe offset seen from the front (foot length known)."""
    mid_x = _mid(xy, "hip")[:, 0]
    angles = []
    for side in ("left", "right"):
        heel = xy[:, idx(f"{side}_heel")]
        toe = xy[:, idx(f"{side}_foot_index")]
        outward = np.sign(heel[:, 0] - mid_x)
        lateral = (toe[:, 0] - heel[:, 0]) * outward
        angles.append(np.degrees(np.arcsin(np.clip(lateral / (FOOT_PER_BL * bl), -1.0, 1.0))))
    return np.asarray(0.5 * (angles[0] + angles[1]))
