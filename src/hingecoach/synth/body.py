"""A kinematic body: anthropometric segment lengths and forward kinematics to 33 landmarks.

Coordinates are body-fixed world metres ``(forward, up, left)``: forward is where the lifter
faces, up is against gravity, left is the lifter's left; the origin is on the floor under the
midpoint of the ankles. The feet stay flat on the floor and the chain is solved from them
upward (shin angle and knee flexion place knee and hip, the torso angle and spine bend place
the spine and shoulders, the neck angle places the head), which is how a hinge really moves:
the feet are the only fixed contact. A heel that lifts turns its foot about the ball of the
foot, taking the ankle and everything above it up with it.

Segment ratios of body height H follow Drillis & Contini (1966) as drawn in Winter,
*Biomechanics and Motor Control of Human Movement* (4th ed., 2009, fig. 4.1): foot length
0.152H, ankle height 0.039H, knee 0.285H, hip 0.530H, shoulder 0.818H, upper arm 0.186H,
forearm 0.146H, hand 0.108H, shoulder width 0.259H, hip width 0.191H; ear height ~0.92H.
The female variant uses the smaller shoulder/arm and larger hip ratios reported by de Leva
(1996, J Biomech 29:1223) relative to the male ones (approximate, good to ~1 % of H).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.landmarks import N_LANDMARKS, idx

_RATIOS: dict[str, dict[str, float]] = {
    "male": {
        "foot": 0.152,
        "ankle": 0.039,
        "knee": 0.285,
        "hip": 0.530,
        "shoulder": 0.818,
        "ear": 0.920,
        "upper_arm": 0.186,
        "forearm": 0.146,
        "hand": 0.108,
        "shoulder_width": 0.259,
        "hip_width": 0.191,
    },
    "female": {
        "foot": 0.148,
        "ankle": 0.039,
        "knee": 0.283,
        "hip": 0.527,
        "shoulder": 0.812,
        "ear": 0.918,
        "upper_arm": 0.181,
        "forearm": 0.141,
        "hand": 0.104,
        "shoulder_width": 0.243,
        "hip_width": 0.200,
    },
}

#: Spine segments from the pelvis to the base of the neck (fractions of hip→shoulder length)
#: and how a flexion/extension bend is shared by the three joints between them (lumbar most).
SPINE_SEG_FRACTIONS = np.array([0.22, 0.26, 0.26, 0.26])
SPINE_BEND_WEIGHTS = np.array([0.45, 0.35, 0.20])


@dataclass(frozen=True)
class Body:
    """Segment lengths in metres for one person (see module docstring for the sources)."""

    height_m: float
    foot_m: float
    ankle_height_m: float
    shank_m: float
    thigh_m: float
    trunk_m: float
    neck_m: float
    upper_arm_m: float
    forearm_m: float
    hand_m: float
    shoulder_half_m: float
    hip_half_m: float

    @classmethod
    def from_height(cls, height_m: float, sex: str = "male") -> Body:
        """Scale the anthropometric ratios to a person ``height_m`` tall."""
        r = _RATIOS[sex]
        h = height_m
        return cls(
            height_m=h,
            foot_m=r["foot"] * h,
            ankle_height_m=r["ankle"] * h,
            shank_m=(r["knee"] - r["ankle"]) * h,
            thigh_m=(r["hip"] - r["knee"]) * h,
            trunk_m=(r["shoulder"] - r["hip"]) * h,
            neck_m=(r["ear"] - r["shoulder"]) * h,
            upper_arm_m=r["upper_arm"] * h,
            forearm_m=r["forearm"] * h,
            hand_m=r["hand"] * h,
            shoulder_half_m=r["shoulder_width"] * h / 2,
            # Hip landmarks sit near the hip joint centres, narrower than the pelvis breadth.
            hip_half_m=0.32 * r["hip_width"] * h,
        )


@dataclass(frozen=True)
class Posture:
    """Per-frame joint angles driving the body, each ``(N,)`` in degrees.

    Attributes:
        shin_deg: shin from vertical, + = knee ahead of the ankle.
        knee_deg: knee flexion, 0 = straight.
        torso_deg: hip→shoulder line above horizontal (90 upright).
        spine_bend_deg: total spine flexion, + = rounding.
        neck_deg: head relative to the torso line, + = cranked up.
        valgus_deg: frontal-plane knee angle, + = knees caving in.
        turnout_deg: each foot's toe direction out from straight ahead.
        heel_lift_deg: each foot's rotation about the ball of the foot, + = heel up (0 flat).
    """

    shin_deg: np.ndarray
    knee_deg: np.ndarray
    torso_deg: np.ndarray
    spine_bend_deg: np.ndarray
    neck_deg: np.ndarray
    valgus_deg: np.ndarray
    turnout_deg: np.ndarray
    heel_lift_deg: np.ndarray


def _vec(
    fwd: np.ndarray | float, up: np.ndarray | float, left: np.ndarray | float = 0.0
) -> np.ndarray:
    """Stack components into ``(N, 3)`` (forward, up, left)."""
    fwd = np.asarray(fwd, dtype=float)
    return np.stack(np.broadcast_arrays(fwd, np.asarray(up, float), np.asarray(left, float)), -1)


def _dir(angle_deg: np.ndarray) -> np.ndarray:
    """Unit ``(N, 3)`` sagittal vector at ``angle_deg`` from forward toward up."""
    a = np.radians(angle_deg)
    return _vec(np.cos(a), np.sin(a))


def spine_points(body: Body, torso_deg: np.ndarray, bend_deg: np.ndarray) -> np.ndarray:
    """Spine joint positions relative to the hip midpoint, ``(N, 5, 3)``.

    The bend is shared by the spine joints and the chain is rotated as a whole so that the
    hip→shoulder chord keeps ``torso_deg``: rounding then bows the spine away from the front
    of the body without changing the torso angle the engine measures.
    """
    lengths = SPINE_SEG_FRACTIONS * body.trunk_m
    bends = bend_deg[:, None] * SPINE_BEND_WEIGHTS[None, :]
    local = -np.concatenate([np.zeros((len(bend_deg), 1)), np.cumsum(bends, axis=1)], axis=1)
    chord_fwd = np.sum(lengths * np.cos(np.radians(local)), axis=1)
    chord_up = np.sum(lengths * np.sin(np.radians(local)), axis=1)
    offset = np.degrees(np.arctan2(chord_up, chord_fwd))
    seg_deg = (torso_deg - offset)[:, None] + local
    steps = lengths[None, :, None] * np.stack(
        [np.cos(np.radians(seg_deg)), np.sin(np.radians(seg_deg)), np.zeros_like(seg_deg)], -1
    )
    start = np.zeros((len(bend_deg), 1, 3))
    return np.concatenate([start, np.cumsum(steps, axis=1)], axis=1)


def _valgus_shift_m(
    valgus_deg: np.ndarray, thigh_drop_m: np.ndarray, shank_drop_m: np.ndarray
) -> np.ndarray:
    """Medial knee shift that makes the frontal-plane knee angle ``valgus_deg`` (bisection)."""
    lo = np.zeros_like(valgus_deg)
    hi = np.full_like(valgus_deg, 0.5)
    target = np.radians(np.abs(valgus_deg))
    for _ in range(40):
        mid = (lo + hi) / 2
        ang = np.arctan2(mid, thigh_drop_m) + np.arctan2(mid, shank_drop_m)
        lo = np.where(ang < target, mid, lo)
        hi = np.where(ang < target, hi, mid)
    return np.sign(valgus_deg) * (lo + hi) / 2


#: Ball of the foot (the heads of the metatarsals, where the foot bends when the heel rises)
#: ahead of the ankle, fraction of H: about 72 % of the foot's length from the heel.
BALL_FWD_H = 0.075


def _heel_up(fwd_m: float, up_m: float, lift_deg: np.ndarray, ball_m: float) -> np.ndarray:
    """``(N, 2)`` (forward, up) of a rear-foot point with the heel lifted ``lift_deg``.

    The foot turns about the ball of the foot, ``ball_m`` ahead of the ankle on the floor; a
    flat foot (0°) keeps the point exactly where it was.
    """
    a = np.radians(lift_deg)
    x = fwd_m - ball_m
    fwd = np.where(a > 0, ball_m + x * np.cos(a) + up_m * np.sin(a), fwd_m)
    up = np.where(a > 0, -x * np.sin(a) + up_m * np.cos(a), up_m)
    return np.stack([fwd, up], -1)


def _legs(body: Body, p: Posture, stance_half_m: float, out: np.ndarray) -> np.ndarray:
    """Fill feet, knees and hips into ``out`` (N, 33, 3); return the hip midpoint (N, 3)."""
    h = body.height_m
    sh, kn = p.shin_deg, p.knee_deg
    turn = np.radians(p.turnout_deg)
    lifted = _heel_up(0.0, body.ankle_height_m, p.heel_lift_deg, BALL_FWD_H * h)
    ankle = _vec(lifted[:, 0] * np.cos(turn), lifted[:, 1])
    knee = ankle + body.shank_m * _vec(np.sin(np.radians(sh)), np.cos(np.radians(sh)))
    thigh_deg = sh - kn
    hip = knee + body.thigh_m * _vec(np.sin(np.radians(thigh_deg)), np.cos(np.radians(thigh_deg)))
    shift = _valgus_shift_m(p.valgus_deg, hip[:, 1] - knee[:, 1], knee[:, 1] - ankle[:, 1])
    frac = (knee[:, 1] - ankle[:, 1]) / (hip[:, 1] - ankle[:, 1])
    knee_line = stance_half_m + (body.hip_half_m - stance_half_m) * frac
    heel = _heel_up(-0.035 * h, 0.015 * h, p.heel_lift_deg, BALL_FWD_H * h)
    toe = np.stack(np.broadcast_arrays(0.117 * h, np.full_like(turn, 0.008 * h)), -1)
    for side, s in (("left", 1.0), ("right", -1.0)):
        out[:, idx(f"{side}_ankle")] = _vec(
            ankle[:, 0], ankle[:, 1], s * (stance_half_m + lifted[:, 0] * np.sin(turn))
        )
        out[:, idx(f"{side}_knee")] = knee + _vec(0.0, 0.0, s * (knee_line - shift))
        out[:, idx(f"{side}_hip")] = hip + _vec(0.0, 0.0, s * body.hip_half_m)
        for name, pt in (("heel", heel), ("foot_index", toe)):
            out[:, idx(f"{side}_{name}")] = _vec(
                pt[:, 0] * np.cos(turn),
                pt[:, 1],
                s * (stance_half_m + pt[:, 0] * np.sin(turn)),
            )
    return hip


def _head(body: Body, shoulder_mid: np.ndarray, p: Posture, out: np.ndarray) -> None:
    """Fill ears, eyes, nose and mouth; the neck is set relative to the torso chord."""
    h = body.height_m
    beta = p.torso_deg + p.neck_deg
    up_h = _dir(beta)
    fwd_h = _dir(beta - 90.0)
    ear_mid = shoulder_mid + body.neck_m * up_h
    lat = _vec(0.0, 0.0, 1.0)

    def put(name: str, fwd_m: float, up_m: float, lat_m: float) -> None:
        out[:, idx(name)] = ear_mid + fwd_m * fwd_h + up_m * up_h + lat_m * lat

    put("nose", 0.060 * h, -0.010 * h, 0.0)
    put("mouth_left", 0.052 * h, -0.035 * h, 0.014 * h)
    put("mouth_right", 0.052 * h, -0.035 * h, -0.014 * h)
    for side, s in (("left", 1.0), ("right", -1.0)):
        put(f"{side}_ear", 0.0, 0.0, s * 0.044 * h)
        put(f"{side}_eye_inner", 0.050 * h, 0.012 * h, s * 0.009 * h)
        put(f"{side}_eye", 0.048 * h, 0.012 * h, s * 0.018 * h)
        put(f"{side}_eye_outer", 0.045 * h, 0.012 * h, s * 0.026 * h)


@dataclass(frozen=True)
class Skeleton:
    """Forward-kinematics result without the arms.

    Attributes:
        landmarks: ``(N, 33, 3)`` body-frame metres; arm and hand rows are NaN until placed.
        spine: ``(N, 5, 3)`` spine joints from the pelvis to the base of the neck.
    """

    landmarks: np.ndarray
    spine: np.ndarray


def forward_kinematics(body: Body, posture: Posture, stance_half_m: float) -> Skeleton:
    """Place legs, spine, shoulders and head for every frame (arms are placed by ``arms``)."""
    n = len(posture.knee_deg)
    out = np.full((n, N_LANDMARKS, 3), np.nan)
    hip_mid = _legs(body, posture, stance_half_m, out)
    spine = spine_points(body, posture.torso_deg, posture.spine_bend_deg) + hip_mid[:, None, :]
    shoulder_mid = spine[:, -1, :]
    for side, s in (("left", 1.0), ("right", -1.0)):
        out[:, idx(f"{side}_shoulder")] = shoulder_mid + _vec(0.0, 0.0, s * body.shoulder_half_m)
    _head(body, shoulder_mid, posture, out)
    return Skeleton(landmarks=out, spine=spine)


#: Dorsal tissue depth (fraction of H) from the sacrum (s=0) to the base of the neck (s=1).
_TISSUE_S = np.array([0.0, 0.35, 0.7, 1.0])
_TISSUE_H = np.array([0.066, 0.054, 0.064, 0.060])


def back_contour_world(
    body: Body, spine: np.ndarray, n_points: int = 16, clothing_m: np.ndarray | None = None
) -> np.ndarray:
    """Dorsal skin outline ``(N, K, 3)`` from the sacrum to the base of the neck.

    The spine chain is smoothed into a curve (its direction interpolated between segment
    midpoints along the arc), sampled from 12 % of its length (about where the sacrum is above
    the hip joints) to the top, and pushed backward perpendicular to the local direction by a
    tissue depth that is thick at the glutes and shoulder blades and thin at the waist.
    Rounding the spine therefore bows the outline dorsally and arching bows it ventrally —
    what a dowel laid along the back would reveal. ``clothing_m`` ``(N, K)``, if given, is how
    far a loose shirt stands off the skin at each outline point (see ``clothing_standoff_m``).
    """
    seg = np.diff(spine[..., :2], axis=1)
    seg_len = np.linalg.norm(seg, axis=-1)
    seg_ang = np.unwrap(np.arctan2(seg[..., 1], seg[..., 0]), axis=1)
    total = seg_len.sum(axis=1)
    mids = np.cumsum(seg_len, axis=1) - seg_len / 2
    fine = np.linspace(0.0, 1.0, 81)
    ang = np.stack(
        [np.interp(fine * t, m, a) for t, m, a in zip(total, mids, seg_ang, strict=True)]
    )
    ds = total[:, None] / (len(fine) - 1)
    step = np.stack([np.cos(ang), np.sin(ang)], -1) * ds[..., None]
    curve = np.concatenate(
        [np.zeros((len(spine), 1, 2)), np.cumsum((step[:, 1:] + step[:, :-1]) / 2, axis=1)], 1
    )
    s_vals = np.linspace(0.12, 1.0, n_points)
    k = np.rint(s_vals * (len(fine) - 1)).astype(int)
    pos = curve[:, k] + spine[:, :1, :2]
    a = ang[:, k]
    dorsal = np.stack([-np.sin(a), np.cos(a)], -1)
    depth = np.interp((s_vals - 0.12) / 0.88, _TISSUE_S, _TISSUE_H) * body.height_m
    out = np.zeros((len(spine), n_points, 3))
    if clothing_m is None:
        out[..., :2] = pos + depth[None, :, None] * dorsal
    else:
        out[..., :2] = pos + (depth[None, :] + clothing_m)[..., None] * dorsal
    return out


#: Folds of a loose shirt along the back: how many, their wavelengths along the outline (as a
#: fraction of its sacrum→neck length: a fold over the shoulder blades, one at the waist, one
#: spanning the back) and how long one takes to slide its own wavelength as the shirt shifts
#: with the movement, seconds.
_FOLDS = 3
_FOLD_WAVELENGTH = (0.35, 1.0)
_FOLD_DRIFT_PERIOD_S = (2.0, 6.0)


def clothing_standoff_m(
    rng: np.random.Generator, t_s: np.ndarray, n_points: int, amplitude_m: float
) -> np.ndarray:
    """How far a loose shirt stands off the back at each outline point, ``(N, K)`` metres.

    A few smooth folds (sinusoids along the outline, wavelengths of a third to all of the back)
    whose crests drift slowly along it; the sum is shifted and scaled into
    ``[0, amplitude_m]``, since cloth lies on the skin or stands off it, never inside. Low
    frequency by construction: bumps the size of the back's own curves, which is what can
    fool an outline measure, unlike per-point pixel noise.
    """
    s = np.linspace(0.0, 1.0, n_points)
    weights = rng.uniform(0.3, 1.0, _FOLDS)
    weights /= weights.sum()
    wavelength = rng.uniform(*_FOLD_WAVELENGTH, _FOLDS)
    phase = rng.uniform(0.0, 1.0, _FOLDS)
    period_s = rng.uniform(*_FOLD_DRIFT_PERIOD_S, _FOLDS) * rng.choice((-1.0, 1.0), _FOLDS)
    arg = (
        s[None, None, :] / wavelength[None, :, None]
        + phase[None, :, None]
        + t_s[:, None, None] / period_s[None, :, None]
    )
    folds = np.sum(weights[None, :, None] * np.sin(2 * np.pi * arg), axis=1)  # within [-1, 1]
    return amplitude_m * (1.0 + folds) / 2


#: Share of the hip landmark's offset that runs along the femur toward the pelvis, against the
#: part perpendicular to it: at an RDL bottom (thigh near vertical) MediaPipe's hip sits 4–5 %
#: of height behind the joint and "a little above", about a quarter as far up as back.
HIP_TISSUE_UP_RATIO = 0.25
#: Flexion beyond which the offset stops growing: by a deadlift start (~110°) the gluteal mass
#: is all behind the joint and the outline of the hip no longer changes shape.
HIP_TISSUE_MAX_FLEXION_DEG = 110.0


def hip_landmarks_on_tissue(
    body: Body, lm: np.ndarray, hip_flexion_deg: np.ndarray, tissue_h: float, ref_deg: float
) -> np.ndarray:
    """Copy of ``lm`` ``(N, 33, 3)`` with both hip landmarks moved off the joint centres.

    A pose model puts the hip in the middle of the visible hip and buttock, not at the femoral
    head. Standing, the two coincide; as the hip flexes the gluteal mass stretches and rolls
    behind the joint, so the landmark moves backward (perpendicular to the femur, on its
    posterior side) and a little proximally (along the femur toward the pelvis), growing in
    proportion to hip flexion: ``tissue_h`` of body height behind at ``ref_deg``, capped at
    ``HIP_TISSUE_MAX_FLEXION_DEG``. The other landmarks are left where they are.
    """
    out = lm.copy()
    flex = np.clip(np.nan_to_num(hip_flexion_deg, nan=0.0), 0.0, HIP_TISSUE_MAX_FLEXION_DEG)
    size_m = tissue_h * body.height_m * flex / ref_deg
    for side in ("left", "right"):
        hip, knee = lm[:, idx(f"{side}_hip"), :2], lm[:, idx(f"{side}_knee"), :2]
        along = (hip - knee) / np.linalg.norm(hip - knee, axis=-1, keepdims=True)
        behind = np.stack([-along[:, 1], along[:, 0]], -1)  # along turned 90° toward the back
        out[:, idx(f"{side}_hip"), :2] += size_m[:, None] * (behind + HIP_TISSUE_UP_RATIO * along)
    return out
