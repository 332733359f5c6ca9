"""Per-frame kinematic signals from a PoseTrack: the numbers every check reads.

Sagittal angles use the midpoints of left/right joints: the midpoint lies in the body's plane of
symmetry, so it is immune to left/right swaps and, in an oblique view, its horizontal image
coordinate is the sagittal one shrunk by cos(yaw) — which we undo. Distances are expressed in body
lengths (``_bl``): the summed shank + thigh + torso length (ankle→knee→hip→shoulder, ≈ 0.78 of
standing height), so numbers compare across people, cameras and zoom; with the feet out of the
frame it comes from the segments that are seen and their share of it (Drillis & Contini).

Every value is gated for physical plausibility first (:mod:`.plausibility`): landmark spikes and
impossible bone lengths are removed before the low-pass filter (which bridges the short gaps they
leave, as it bridges any missed landmark), a joint that turns faster than a joint can or outside
its range condemns its landmarks for that frame, and every output is held to its range. What
fails is NaN, never clipped. Each signal needs only its own landmarks: the torso (shoulders and
hips) makes a frame measurable, a signal whose landmarks are missing is NaN on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.kinematics import angles as ang
from hingecoach.kinematics import frontal as fr
from hingecoach.kinematics import landmark_gates as lg
from hingecoach.kinematics import plausibility as pl
from hingecoach.kinematics.bar import LIFTED_FOOT_BL, hands_px, midfoot_px
from hingecoach.kinematics.contour import SPINE_MEDIAN_S, spine_series_deg
from hingecoach.kinematics.filming import FOOT_VISIBILITY
from hingecoach.kinematics.filters import running_median_s, zero_phase
from hingecoach.kinematics.landmark_gates import mid, sagittal_points, stretch
from hingecoach.kinematics.view import ViewEstimate, estimate_view
from hingecoach.landmarks import idx
from hingecoach.models import PoseTrack, Side

#: Landmarks without which a frame cannot be measured at all: the torso. Segmentation and the
#: lean need nothing else; every other signal is NaN on its own where its landmarks are missing.
CORE = ("shoulder", "hip")
#: Visibility below this marks a landmark as unreliable in that frame.
MIN_VISIBILITY = 0.3
#: Low-pass cut-off for landmark coordinates; hinge tempo is far below it, even a swing.
CUTOFF_HZ = 6.0
#: Segment lengths over standing height (Drillis & Contini): one body length is their sum.
SEGMENT_PER_H = {"shank": 0.246, "thigh": 0.245, "torso": 0.288}
#: The whole ankle→shoulder chain measures the body length when it is seen in at least this
#: share of the frames that see the torso; otherwise the segments that are seen scale up.
MIN_CHAIN_SHARE = 0.5
#: Share of the frames with a lifted foot that makes a set single-leg: a single-leg RDL keeps
#: the free foot up through most of every rep; a step or a stumble does not.
SINGLE_LEG_SHARE = 0.2
#: Where the upper back begins on the outline, as a share of the way from the sacrum (0) to
#: shoulder level (1): the thoracic stretch the shoulder blades lie on, below the neck.
UPPER_BACK_FROM = 0.6
#: Lean under which the lifter stands: the neck's and the back's neutral are read there.
UPRIGHT_LEAN_DEG = 10.0
_FEET = tuple(idx(n) for n in ("left_ankle", "right_ankle", "left_heel", "right_heel"))


@dataclass(frozen=True)
class Signals:
    """Per-frame signals, all ``(N,)`` float arrays (NaN where not measurable or implausible).

    Attributes:
        t_s: timestamps.
        valid: frames whose torso (shoulders and hips) was seen: the lifter is measurable there.
        view: the camera view estimate.
        body_length_px: one body length in pixels.
        knee_flexion_deg, hip_flexion_deg, shin_angle_deg, torso_angle_deg: sagittal angles as
            defined in ``kinematics.angles``.
        neck_angle_deg: the head against the line of the upper back (the traced outline's top;
            the hip→shoulder line where none was traced), + cranked up.
        lean_deg: torso lean from vertical that works in every view (0 upright): from the
            sagittal torso angle in side/oblique views, from the torso's vertical extent in front.
        hip_x_bl, knee_x_bl: horizontal position ahead of the ankles (+ forward), body lengths.
        feet_x_bl: horizontal position of the ankles and heels seen with good visibility, body
            lengths; NaN where none is (a hinge is done in place; feet that travel mean
            walking, not a rep — but only feet actually seen can say so).
        hip_height_bl: hip height above the ankles, body lengths.
        shoulder_height_bl: shoulder height above the ankles, body lengths (how far down the
            lifter has travelled, whatever mix of hips and knees got them there).
        bar_offset_bl: the bar (the hands) ahead (+) of mid-foot, horizontally, body lengths
            (see :mod:`.bar`).
        bar_height_shin: hand height as a fraction of the shin (0 = ankle, 1 = knee).
        hand_height_bl: hand height above the ankles, body lengths.
        hands_spread_bl: vertical distance between the two wrists (a dowel held at the neck and
            the lower back spreads them; a bar or bell keeps them together).
        spine_bend_deg: back-contour curvature (+ rounded), NaN without a contour.
        knee_valgus_deg: frontal-plane knee cave (+ medial), largest of both legs; NaN unless
            the view is front.
        feet_turnout_deg: toes out from straight ahead, mean of both feet; NaN unless the view
            is front.
        has_feet: the source provides heels and toes.

    Raises:
        ValueError: a series whose shape is not ``(N,)`` with ``N`` the number of timestamps.
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

    def __post_init__(self) -> None:
        """Check every series has one value per timestamp."""
        n = np.shape(self.t_s)
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray) and value.shape != n:
                raise ValueError(f"Signals.{name}: expected shape {n}, got {value.shape}")

    @property
    def n_frames(self) -> int:
        """Number of frames."""
        return int(self.t_s.shape[0])


def _masked_xy(track: PoseTrack) -> np.ndarray:
    xy = track.xy.copy()
    xy[track.visibility < MIN_VISIBILITY] = np.nan
    return xy


def _p90(length: np.ndarray) -> float:
    length = length[np.isfinite(length)]
    return float(np.percentile(length, 90)) if len(length) else float("nan")


def body_length_px(xy: np.ndarray) -> float:
    """Robust body length: 90th percentile of the per-frame ankle→knee→hip→shoulder length.

    A high percentile picks frames where the segments lie in the image plane (standing, or any
    pose in a side view), since foreshortening only ever shortens them. When the whole chain is
    seen in fewer than :data:`MIN_CHAIN_SHARE` of the torso's frames (feet out of the frame), the
    segments seen in that many frames are measured alone and scaled by their share of the body
    length (Drillis & Contini); the torso is always one of them.
    """
    pts = {s: mid(xy, s) for s in ("ankle", "knee", "hip", "shoulder")}
    segs = {
        "shank": np.linalg.norm(pts["knee"] - pts["ankle"], axis=1),
        "thigh": np.linalg.norm(pts["hip"] - pts["knee"], axis=1),
        "torso": np.linalg.norm(pts["shoulder"] - pts["hip"], axis=1),
    }
    torso_frames = int(np.isfinite(segs["torso"]).sum())
    if not torso_frames:
        return float("nan")
    chain = segs["shank"] + segs["thigh"] + segs["torso"]
    if np.isfinite(chain).sum() >= MIN_CHAIN_SHARE * torso_frames:
        return _p90(chain)
    seen = [k for k, v in segs.items() if np.isfinite(v).sum() >= MIN_CHAIN_SHARE * torso_frames]
    seen = seen if "torso" in seen else [*seen, "torso"]
    share = sum(SEGMENT_PER_H[k] for k in seen) / sum(SEGMENT_PER_H.values())
    return sum(_p90(segs[k]) for k in seen) / share


def compute_signals(track: PoseTrack, *, side: Side | None = None) -> Signals:
    """All per-frame signals of a track, gated for plausibility and zero-phase filtered.

    ``side`` (the lifter's side nearer the camera) overrides the facing guess.
    """
    raw = _masked_xy(track)
    rejected = lg.gate_landmarks(raw, track.t_s, body_length_px=body_length_px(raw))
    seen = np.isfinite(raw).all(axis=2) | rejected
    xy = _filtered(raw, track.t_s)
    view = estimate_view(xy, side=side)
    if view.view in ("side", "oblique"):
        turned = lg.angle_outliers(raw, track.t_s, view)
        if turned.any():
            raw[turned] = np.nan
            rejected |= turned
            xy = _filtered(raw, track.t_s)
    lost = lg.lost_joints(rejected, seen)
    sig = signals_from_xy(xy, track, view, lost=lost)
    # The lean in any view (the torso's extent, seen from the front): a jump no trunk can make
    # means the torso's landmarks were wrong in that frame (a zoom, a cut, a swapped hip).
    jumps = pl.speed_outliers(sig.lean_deg, track.t_s, max_speed_deg_s=pl.MAX_TRUNK_SPEED_DEG_S)
    if not jumps.any():
        return sig
    for stem in ("shoulder", "hip"):
        lost[jumps, idx(f"left_{stem}")] = lost[jumps, idx(f"right_{stem}")] = True
    return signals_from_xy(xy, track, view, lost=lost)


def _filtered(xy: np.ndarray, t_s: np.ndarray) -> np.ndarray:
    return zero_phase(xy, t_s, cutoff_hz=CUTOFF_HZ) if len(t_s) >= 4 else xy


def signals_from_xy(
    xy: np.ndarray, track: PoseTrack, view: ViewEstimate, *, lost: np.ndarray | None = None
) -> Signals:
    """Signals from already-filtered ``(N, 33, 2)`` pixels (shared by offline and live).

    Args:
        xy: filtered pixels, NaN where not seen.
        track: the frames' track (timestamps, visibility, depth, back outline).
        view: the camera view.
        lost: ``(N, 33)`` landmarks rejected as implausible (NaN here, whatever the filter
            bridged); None when no gate ran (live).
    """
    if lost is not None and lost.any():
        xy = xy.copy()
        xy[lost] = np.nan
    bl = body_length_px(xy)
    p = sagittal_points(xy, view)
    # Forward positions from the foot on the floor (a single-leg RDL's free foot swings back);
    # heights and angles keep the feet's midpoint, which a lunge's stepping foot must move.
    planted = _planted_ankle(xy, view, p["ankle"], bl)
    valid = np.all([np.isfinite(p[s]).all(axis=1) for s in CORE], axis=0)
    torso = pl.TORSO_ANGLE_DEG.gate(ang.torso_angle_deg(p["shoulder"], p["hip"]))
    front = view.view == "front"
    lean = pl.LEAN_DEG.gate(fr.front_lean_deg(xy, track.landmarks[..., 2]) if front else 90 - torso)
    bar_offset, bar_height = _bar_position(xy, track, view, p, bl)
    unseen = np.full(track.n_frames, np.nan)
    g = pl.SIGNAL_BOUNDS
    return Signals(
        t_s=track.t_s,
        valid=valid,
        view=view,
        body_length_px=bl,
        knee_flexion_deg=g["knee_flexion_deg"].gate(
            ang.knee_flexion_deg(p["hip"], p["knee"], p["ankle"])
        ),
        hip_flexion_deg=g["hip_flexion_deg"].gate(
            ang.hip_flexion_deg(p["shoulder"], p["hip"], p["knee"])
        ),
        shin_angle_deg=g["shin_angle_deg"].gate(ang.shin_angle_deg(p["knee"], p["ankle"])),
        torso_angle_deg=torso,
        neck_angle_deg=_around_standing(
            g["neck_angle_deg"].gate(_neck_angle_deg(p, _upper_back_deg(track, view))),
            lean,
            below_deg=pl.NECK_DOWN_FROM_STANDING_DEG,
            above_deg=pl.NECK_UP_FROM_STANDING_DEG,
        ),
        lean_deg=lean,
        hip_x_bl=(p["hip"][:, 0] - planted[:, 0]) / bl,
        knee_x_bl=g["knee_x_bl"].gate((p["knee"][:, 0] - planted[:, 0]) / bl),
        feet_x_bl=_feet_x_bl(xy, track, view, bl),
        hip_height_bl=(p["hip"][:, 1] - p["ankle"][:, 1]) / bl,
        shoulder_height_bl=(p["shoulder"][:, 1] - p["ankle"][:, 1]) / bl,
        bar_offset_bl=g["bar_offset_bl"].gate(bar_offset),
        bar_height_shin=g["bar_height_shin"].gate(bar_height),
        hand_height_bl=(p["wrist"][:, 1] - p["ankle"][:, 1]) / bl,
        hands_spread_bl=np.abs(xy[:, idx("left_wrist"), 1] - xy[:, idx("right_wrist"), 1]) / bl,
        spine_bend_deg=_around_standing(
            g["spine_bend_deg"].gate(
                spine_series_deg(track.back_contour, track.t_s, view.facing_sign)
            ),
            lean,
            below_deg=pl.SPINE_ARCH_FROM_STANDING_DEG,
            above_deg=pl.SPINE_ROUND_FROM_STANDING_DEG,
        ),
        # Frontal-plane measures only a front view sees; from the side they are projections
        # (a side view's "valgus" reads ~120°), so they are not measured there: NaN.
        knee_valgus_deg=g["knee_valgus_deg"].gate(fr.knee_valgus_deg(xy)) if front else unseen,
        feet_turnout_deg=g["feet_turnout_deg"].gate(fr.feet_turnout_deg(xy, bl))
        if front
        else unseen.copy(),
        has_feet=bool(track.provided[idx("left_heel")] and track.provided[idx("left_foot_index")]),
    )


def _planted_ankle(
    xy: np.ndarray, view: ViewEstimate, mid_ankle: np.ndarray, bl: float
) -> np.ndarray:
    """The ankle on the floor: in a single-leg set the lower one, else the midpoint.

    Forward positions are measured from the feet; in a single-leg RDL the free leg swings back
    and up, and the midpoint of the ankles would travel with it (the hips would seem to move
    forward, the knees to drift). A set is single-leg when one ankle is more than
    :data:`~hingecoach.kinematics.bar.LIFTED_FOOT_BL` above the other in at least
    :data:`SINGLE_LEG_SHARE` of the frames that see both; decided for the whole set, so the
    reference never switches frame to frame.
    """
    sag = ang.to_sagittal(xy[:, [idx("left_ankle"), idx("right_ankle")]], view.facing_sign)
    sag[..., 0] *= stretch(view)
    left, right = sag[:, 0], sag[:, 1]
    rise = np.abs(left[:, 1] - right[:, 1])
    seen = np.isfinite(rise)
    if not seen.any() or (rise[seen] > LIFTED_FOOT_BL * bl).mean() < SINGLE_LEG_SHARE:
        return mid_ankle
    return np.where((left[:, 1] < right[:, 1])[:, None], left, right)


def _upper_back_deg(track: PoseTrack, view: ViewEstimate) -> np.ndarray:
    """Direction of the upper back, degrees from forward toward up; NaN without an outline.

    The traced outline's stretch from :data:`UPPER_BACK_FROM` of the way up to shoulder level
    (the shoulder blades), in the same sagittal frame as the joints (an oblique view's
    foreshortening undone), median-filtered like the back's curve.
    """
    out = np.full(track.n_frames, np.nan)
    if track.back_contour is None:
        return out
    for i, c in enumerate(track.back_contour):
        if c is None or len(c) < 5:
            continue
        pts = ang.to_sagittal(np.asarray(c, dtype=float), view.facing_sign)
        top = pts[int(np.floor(UPPER_BACK_FROM * (len(pts) - 1))) :]
        d = top[-1] - top[0]
        out[i] = np.degrees(np.arctan2(d[1], d[0] * stretch(view)))
    if np.isfinite(out).sum() < 4:
        return out
    return running_median_s(out, track.t_s, SPINE_MEDIAN_S)


def _neck_angle_deg(p: dict[str, np.ndarray], upper_back_deg: np.ndarray) -> np.ndarray:
    """Head against the line of the upper back: + cranked up, − dropped.

    The shoulder→ear direction against the upper back's (the traced outline from the shoulder
    blades up), so a head held in line with the back reads the same at any torso angle. When
    the outline was traced in fewer than :data:`MIN_CHAIN_SHARE` of the frames that see the
    neck, against the hip→shoulder line throughout.
    """
    torso_line = ang.neck_angle_deg(p["hip"], p["shoulder"], p["ear"])
    seen = np.isfinite(torso_line)
    # One reference for the whole set: the two differ by the thoracic curve (a few degrees to
    # 15°), and switching between them frame by frame would read as the head moving.
    if not seen.any() or np.isfinite(upper_back_deg[seen]).mean() < MIN_CHAIN_SHARE:
        return torso_line
    neck = p["ear"] - p["shoulder"]
    against_back = np.degrees(np.arctan2(neck[:, 1], neck[:, 0])) - upper_back_deg
    return (against_back + 180.0) % 360.0 - 180.0


def _around_standing(
    x_deg: np.ndarray, lean_deg: np.ndarray, *, below_deg: float, above_deg: float
) -> np.ndarray:
    """``x_deg`` within a joint's range of motion of its median while standing (or overall)."""
    upright = np.isfinite(x_deg) & (np.abs(lean_deg) < UPRIGHT_LEAN_DEG)
    pool = x_deg[upright] if upright.any() else x_deg[np.isfinite(x_deg)]
    if not len(pool):
        return x_deg
    neutral = float(np.median(pool))
    return pl.around_neutral(x_deg, neutral, below_deg=below_deg, above_deg=above_deg)


def _feet_x_bl(xy: np.ndarray, track: PoseTrack, view: ViewEstimate, bl: float) -> np.ndarray:
    """Mean forward position of the ankles and heels seen with good visibility, body lengths.

    A foot guessed behind the plates (low visibility) must not make the lifter walk.
    """
    x = xy[:, _FEET, 0] * view.facing_sign * stretch(view)
    good = (track.visibility[:, _FEET] >= FOOT_VISIBILITY) & np.isfinite(x)
    count = good.sum(axis=1)
    out = np.full(len(x), np.nan)
    some = count > 0
    out[some] = np.where(good, x, 0.0)[some].sum(axis=1) / count[some]
    return out / bl


def _bar_position(
    xy: np.ndarray,
    track: PoseTrack,
    view: ViewEstimate,
    p: dict[str, np.ndarray],
    bl: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The bar against the feet: ahead of mid-foot (body lengths) and its height on the shin.

    The horizontal distance from the hands to mid-foot (:mod:`.bar`) in the sagittal frame, an
    oblique view's foreshortening undone; the height as a fraction of the shin (0 = ankle,
    1 = knee), which finds the pause and the bottom.
    """
    foot = midfoot_px(xy, track.visibility, track.t_s, view=view, body_length_px=bl)
    hands = hands_px(xy, track.visibility, view)
    ahead = (hands[:, 0] - foot[:, 0]) * view.facing_sign * stretch(view) / bl
    wrist, ankle, knee = p["wrist"], p["ankle"], p["knee"]
    on_shin = (wrist[:, 1] - ankle[:, 1]) / (knee[:, 1] - ankle[:, 1])
    return ahead, on_shin
