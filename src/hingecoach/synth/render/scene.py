"""The solids of one frame: the synth's body dressed in limbs, clothes and the implement.

Limb radii are fractions of the body height H, from adult circumferences (thigh ~55 cm, calf
~37 cm, upper arm ~30 cm, forearm ~26 cm at 1.75 m, as in the ANSUR II survey's medians) and the
synth's own leg-surface offsets (``arms``), so the bar rides where the synth put it: on the front
of the thighs. The torso follows the synth's spine chain with an elliptic cross-section (wide
side to side, shallow front to back); its back lies ~0.06 H behind the chain, where the synth's
back contour is.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np

from hingecoach.landmarks import idx
from hingecoach.synth.body import Body
from hingecoach.synth.motion import PROFILES
from hingecoach.synth.render.look import BAR, IRON, WOOD, Look
from hingecoach.synth.render.raster import Part

#: Torso half-width (lateral) and half-depth (sagittal) at the five spine points, fractions of H.
TORSO_HALF_WIDTH_H = (0.098, 0.088, 0.09, 0.1, 0.09)
TORSO_HALF_DEPTH_H = (0.072, 0.06, 0.056, 0.064, 0.05)
#: Barbell: half-length, shaft radius, inner face of the plates and plate thickness (m).
BAR_HALF_M, BAR_R_M = 1.1, 0.0145
PLATE_IN_M, PLATE_T_M = 0.66, 0.055
#: Plate radius (m) by kind: full-size 45 cm plates (the synth rests a deadlift's bar at their
#: height), 33 cm iron plates, or an empty bar.
PLATE_R_M: dict[str, float | None] = {"full": 0.225, "iron": 0.165, "none": None}


def default_plates(exercise: str) -> str:
    """Full plates for pulls from the floor; iron plates for the RDL, which never touches down."""
    return "iron" if exercise == "rdl" else "full"


#: Kettlebell ball radius and its centre's distance below the handle (m).
KB_R_M, KB_DROP_M = 0.105, 0.15
#: Dowel radius (m) and length (fraction of H) for the drill and the good morning.
DOWEL_R_M, DOWEL_LEN_H = 0.015, 0.9

_LAT = (0.0, 0.0, 1.0)


def _p(lm: np.ndarray, name: str) -> np.ndarray:
    return lm[idx(name)]


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)


def _limb(
    a: np.ndarray,
    b: np.ndarray,
    ra_h: float,
    rb_h: float,
    h: float,
    rgb: tuple[int, int, int],
    *,
    order: int = 0,
    depth_bias_m: float = 0.0,
) -> Part:
    """A round capsule from ``a`` to ``b`` with end radii in fractions of H."""
    ra, rb = (ra_h * h, ra_h * h), (rb_h * h, rb_h * h)
    return Part(a, b, ra, rb, rgb, order=order, depth_bias_m=depth_bias_m)


def _leg(lm: np.ndarray, side: str, h: float, look: Look) -> list[Part]:
    hip, knee, ankle = (_p(lm, f"{side}_{j}") for j in ("hip", "knee", "ankle"))
    heel, toe = _p(lm, f"{side}_heel"), _p(lm, f"{side}_foot_index")
    calf = knee + 0.3 * (ankle - knee)
    along = _unit(toe - heel)
    shoe_a = heel + 0.014 * h * along + np.array([0.0, 0.004 * h, 0.0])
    shoe_b = toe - 0.012 * h * along
    return [
        _limb(hip, knee, 0.052, 0.033, h, look.skin),
        _limb(hip, hip + 0.5 * (knee - hip), 0.056, 0.047, h, look.shorts, depth_bias_m=-0.03),
        _limb(knee, calf, 0.031, 0.034, h, look.skin),
        _limb(calf, ankle, 0.034, 0.02, h, look.skin),
        Part(shoe_a, shoe_b, (0.028 * h, 0.017 * h), (0.03 * h, 0.011 * h), look.shoes),
        _limb(
            ankle,
            heel + 0.06 * h * along + np.array([0.0, 0.012 * h, 0.0]),
            0.022,
            0.024,
            h,
            look.shoes,
        ),
    ]


def _arm(lm: np.ndarray, side: str, h: float, look: Look) -> list[Part]:
    sh, el, wr = (_p(lm, f"{side}_{j}") for j in ("shoulder", "elbow", "wrist"))
    index, pinky, thumb = (_p(lm, f"{side}_{j}") for j in ("index", "pinky", "thumb"))
    tip = (index + pinky) / 2
    palm = tuple(float(v) for v in _unit(pinky - index))
    return [
        _limb(sh, el, 0.034, 0.027, h, look.skin),
        _limb(sh, sh + 0.45 * (el - sh), 0.04, 0.036, h, look.shirt, depth_bias_m=-0.03),
        _limb(el, wr, 0.027, 0.019, h, look.skin),
        Part(
            wr,
            wr + 0.8 * (tip - wr),
            (0.024 * h, 0.012 * h),
            (0.022 * h, 0.011 * h),
            look.skin,
            lateral=palm,
        ),
        _limb(wr, thumb, 0.009, 0.007, h, look.skin),
    ]


def _torso(spine: np.ndarray, lm: np.ndarray, h: float, look: Look) -> list[Part]:
    parts = []
    top = spine[-1] - 0.035 * h * _unit(spine[-1] - spine[-2])
    pts = [*spine[:-1], top]
    for i in range(len(pts) - 1):
        rgb = look.shorts if i == 0 else look.shirt
        ra = (TORSO_HALF_WIDTH_H[i] * h, TORSO_HALF_DEPTH_H[i] * h)
        rb = (TORSO_HALF_WIDTH_H[i + 1] * h, TORSO_HALF_DEPTH_H[i + 1] * h)
        parts.append(Part(pts[i], pts[i + 1], ra, rb, rgb))
    ls, rs = _p(lm, "left_shoulder"), _p(lm, "right_shoulder")
    parts.append(_limb(ls, rs, 0.043, 0.043, h, look.shirt))
    lh, rh = _p(lm, "left_hip"), _p(lm, "right_hip")
    parts.append(_limb(lh, rh, 0.058, 0.058, h, look.shorts))
    return parts


def _head(
    spine: np.ndarray, lm: np.ndarray, h: float, look: Look, to_cam: np.ndarray
) -> list[Part]:
    ear = (_p(lm, "left_ear") + _p(lm, "right_ear")) / 2
    up = _unit(ear - spine[-1])
    fwd = _unit(_p(lm, "nose") - ear)
    fwd = _unit(fwd - np.dot(fwd, up) * up)
    skull = ear + 0.012 * h * up + 0.01 * h * fwd
    head = [
        _limb(spine[-1], ear, 0.032, 0.03, h, look.skin, order=-1),
        Part(
            skull - 0.01 * h * fwd + 0.012 * h * up,
            skull + 0.004 * h * up,
            (0.045 * h, 0.05 * h),
            (0.045 * h, 0.05 * h),
            look.hair,
            lateral=_LAT,
            order=0,
        ),
        Part(
            skull - 0.016 * h * up,
            skull + 0.008 * h * up - 0.004 * h * fwd,
            (0.043 * h, 0.048 * h),
            (0.043 * h, 0.046 * h),
            look.skin,
            order=1,
        ),
        _limb(
            ear + 0.026 * h * fwd - 0.036 * h * up,
            ear + 0.02 * h * fwd,
            0.03,
            0.034,
            h,
            look.skin,
            order=2,
        ),
        _limb(
            _p(lm, "nose") - 0.01 * h * fwd,
            _p(lm, "nose") - 0.006 * h * fwd,
            0.01,
            0.009,
            h,
            look.skin,
            order=3,
        ),
    ]
    for side, s in (("left", 1.0), ("right", -1.0)):
        normal = _unit(fwd + 0.5 * s * np.array(_LAT))
        if float(np.dot(normal, to_cam)) > 0.15:
            eye = _p(lm, f"{side}_eye")
            head.append(_limb(eye, eye, 0.006, 0.006, h, (34, 26, 22), order=4))
    return [dataclasses.replace(p, sort_at=ear) for p in head]  # drawn as one group


def _rod(
    a: np.ndarray, b: np.ndarray, r_m: float, rgb: tuple[int, int, int], pieces: int
) -> list[Part]:
    """A thin flat-ended rod split into pieces, so each sorts at its own depth."""
    ts = np.linspace(0.0, 1.0, pieces + 1)
    return [
        Part(a + t0 * (b - a), a + t1 * (b - a), (r_m, r_m), (r_m, r_m), rgb, rounded=False)
        for t0, t1 in itertools.pairwise(ts)
    ]


def _grip_centres(lm: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    out = []
    for side in ("left", "right"):
        wr = _p(lm, f"{side}_wrist")
        tip = (_p(lm, f"{side}_index") + _p(lm, f"{side}_pinky")) / 2
        out.append(wr + 0.55 * (tip - wr))
    return out[0], out[1]


def _barbell(lm: np.ndarray, look: Look, plate_r_m: float | None) -> list[Part]:
    left, right = _grip_centres(lm)
    mid = (left + right) / 2
    lat = _unit(left - right)
    parts = _rod(mid - BAR_HALF_M * lat, mid + BAR_HALF_M * lat, BAR_R_M, BAR, 12)
    if plate_r_m is None:
        return parts
    for s in (1.0, -1.0):
        for k in range(2):
            z0 = PLATE_IN_M + k * PLATE_T_M
            a, b = mid + s * z0 * lat, mid + s * (z0 + PLATE_T_M * 0.95) * lat
            parts.append(
                Part(
                    a, b, (plate_r_m, plate_r_m), (plate_r_m, plate_r_m), look.plates, rounded=False
                )
            )
        c0, c1 = mid + s * (PLATE_IN_M - 0.03) * lat, mid + s * PLATE_IN_M * lat
        parts.append(Part(c0, c1, (0.03, 0.03), (0.03, 0.03), BAR, rounded=False))
    return parts


def _kettlebell(lm: np.ndarray) -> list[Part]:
    left, right = _grip_centres(lm)
    mid = (left + right) / 2
    shoulders = (_p(lm, "left_shoulder") + _p(lm, "right_shoulder")) / 2
    down = _unit(mid - shoulders)
    ball = mid + KB_DROP_M * down
    parts = [Part(left, right, (0.012, 0.012), (0.012, 0.012), IRON)]
    for end in (left, right):
        foot = ball - 0.06 * down + 0.6 * (end - mid)
        parts.append(Part(end, foot, (0.012, 0.012), (0.014, 0.014), IRON))
    parts.append(Part(ball, ball, (KB_R_M, KB_R_M), (KB_R_M, KB_R_M), IRON))
    return parts


def _dowel(lm: np.ndarray, h: float, grip: str) -> list[Part]:
    left, right = _grip_centres(lm)
    if grip == "back_bar":  # across the upper back, through both hands
        mid, u = (left + right) / 2, _unit(left - right)
        half = 0.45 * DOWEL_LEN_H * h
        return _rod(mid - half * u, mid + half * u, DOWEL_R_M, WOOD, 8)
    u = _unit(right - left)  # along the back: bottom hand (left) to top hand (right)
    return _rod(left - 0.12 * h * u, right + 0.22 * h * u, DOWEL_R_M, WOOD, 8)


def frame_parts(
    body: Body,
    lm: np.ndarray,
    spine: np.ndarray,
    exercise: str,
    look: Look,
    to_cam: np.ndarray,
    *,
    plates: str | None = None,
) -> list[Part]:
    """Every solid of one frame.

    Args:
        body: the lifter's segment lengths.
        lm: ``(33, 3)`` noise-free body-frame landmarks of the frame, metres.
        spine: ``(5, 3)`` spine chain of the frame, metres.
        exercise: the exercise (its grip says which implement is held).
        look: colours.
        to_cam: ``(3,)`` unit direction from the lifter toward the camera (which eyes show).
        plates: a ``PLATE_R_M`` kind for a barbell; None = ``default_plates(exercise)``.
    """
    h = body.height_m
    grip = PROFILES[exercise].grip
    parts = _torso(spine, lm, h, look) + _head(spine, lm, h, look, to_cam)
    for side in ("left", "right"):
        parts += _leg(lm, side, h, look) + _arm(lm, side, h, look)
    if grip == "bar":
        parts += _barbell(lm, look, PLATE_R_M[plates or default_plates(exercise)])
    elif grip == "kb":
        parts += _kettlebell(lm)
    else:
        parts += _dowel(lm, h, grip)
    return parts
