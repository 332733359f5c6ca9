"""Arms and hands: where the implement is held for each exercise.

Four grips: ``bar`` (barbell hanging in straight arms, kept against the front of the legs —
the arm angle is solved so the wrist touches the leg surface, plus a chosen gap for the
bar-drift fault), ``kb`` (straight arms swinging a kettlebell, angle given per frame),
``dowel`` (hinge drill: one hand behind the neck, one at the lower back) and ``back_bar``
(good morning: bar across the upper back, wrists beside the shoulders).
"""

from __future__ import annotations

import numpy as np

from hingecoach.landmarks import idx
from hingecoach.synth.body import Body, Skeleton

#: Leg half-thickness (fraction of H) at ankle, knee and hip: where the front of the leg is.
_SHIN_FRONT_H = (0.025, 0.030)
_THIGH_FRONT_H = (0.030, 0.055)


def _front_x(y: np.ndarray, pts: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Forward coordinate of the leg's front surface at height ``y``, ``(N,)``.

    ``pts`` are front-surface segments (lower, upper) as ``(N, 2)`` sagittal points; where
    several span ``y`` the most forward wins, outside all of them the nearest end is used.
    """
    best = np.full_like(y, -np.inf)
    for a, b in pts:
        lo_y, hi_y = np.minimum(a[:, 1], b[:, 1]), np.maximum(a[:, 1], b[:, 1])
        u = np.clip((y - a[:, 1]) / np.where(b[:, 1] == a[:, 1], 1e-9, b[:, 1] - a[:, 1]), 0, 1)
        x = a[:, 0] + u * (b[:, 0] - a[:, 0])
        inside = (y >= lo_y) & (y <= hi_y)
        best = np.where(inside, np.maximum(best, x), best)
    below = y < pts[0][0][:, 1]
    best = np.where(np.isinf(best) & below, pts[0][0][:, 0], best)
    return np.where(np.isinf(best), pts[-1][1][:, 0], best)


def _leg_front(body: Body, lm: np.ndarray, side: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """Front surface of one leg as two sagittal segments (shin, thigh) meeting at the knee.

    Sharing the knee point keeps the surface height profile continuous, so the bar-contact
    solve always has a root, even when the thigh is nearly horizontal at a deadlift start.
    """
    h = body.height_m
    ankle, knee, hip = (lm[:, idx(f"{side}_{j}"), :2] for j in ("ankle", "knee", "hip"))

    def normal(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        d = (b - a) / np.linalg.norm(b - a, axis=-1, keepdims=True)
        return np.stack([d[:, 1], -d[:, 0]], -1)  # forward-pointing normal of an upward segment

    knee_front = knee + np.array([_SHIN_FRONT_H[1] * h, 0.0])
    return [
        (ankle + _SHIN_FRONT_H[0] * h * normal(ankle, knee), knee_front),
        (knee_front, hip + _THIGH_FRONT_H[1] * h * normal(knee, hip)),
    ]


#: Height over which the arm-hang clearance fades in above the knee, fraction of the thigh's
#: length: the thigh widens from the knee to its bulk within about its lower third.
THIGH_HANG_RAMP = 0.3


def _thigh_share(body: Body, lm: np.ndarray, wy: np.ndarray) -> np.ndarray:
    """``(N,)`` 0 with the wrist at or below the knee, 1 from a third of the way up the thigh."""
    knee_y = lm[:, idx("right_knee"), 1]
    return np.clip((wy - knee_y) / (THIGH_HANG_RAMP * body.thigh_m), 0.0, 1.0)


def bar_arm_angle_deg(
    body: Body, lm: np.ndarray, gap_m: np.ndarray, thigh_hang_m: float = 0.0
) -> np.ndarray:
    """Arm angle from vertical (+ forward) putting the wrist ``gap_m`` ahead of the legs.

    A lifter keeps the bar against the legs by letting the arms hang just in front of them;
    solving for that angle (bisection, per frame) keeps the bar path honest however the
    torso and knees move. ``thigh_hang_m`` is a further clearance where the hands pass the
    thighs (thick thighs, a relaxed hang); it fades out toward the knee, since below it the bar
    rides the shins, which are thin and which the lats pull it against.
    """
    arm = body.upper_arm_m + body.forearm_m
    shoulder = lm[:, idx("right_shoulder"), :2]
    front = _leg_front(body, lm, "right")
    lo = np.full(len(lm), np.radians(-40.0))
    hi = np.full(len(lm), np.radians(80.0))
    for _ in range(40):
        mid = (lo + hi) / 2
        wx = shoulder[:, 0] + arm * np.sin(mid)
        wy = shoulder[:, 1] - arm * np.cos(mid)
        f = wx - _front_x(wy, front) - gap_m
        if thigh_hang_m:
            f = f - thigh_hang_m * _thigh_share(body, lm, wy)
        lo = np.where(f < 0, mid, lo)
        hi = np.where(f < 0, hi, mid)
    return np.degrees((lo + hi) / 2)


def _two_link(
    s: np.ndarray, w: np.ndarray, a: float, b: float, pole: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Elbow and (reach-clamped) wrist for shoulder ``s`` and wrist target ``w``, ``(N, 3)``."""
    d = w - s
    dist = np.linalg.norm(d, axis=-1, keepdims=True)
    u = d / dist
    dist = np.clip(dist, abs(a - b) + 1e-4, a + b - 1e-4)
    pp = pole - np.sum(pole * u, axis=-1, keepdims=True) * u
    pp /= np.linalg.norm(pp, axis=-1, keepdims=True)
    x = (a * a - b * b + dist * dist) / (2 * dist)
    hgt = np.sqrt(np.clip(a * a - x * x, 0, None))
    return s + x * u + hgt * pp, s + dist * u


def _hand(body: Body, lm: np.ndarray, side: str, s: float) -> None:
    """Pinky, index and thumb around the wrist, continuing the forearm."""
    h = body.height_m
    e, w = lm[:, idx(f"{side}_elbow")], lm[:, idx(f"{side}_wrist")]
    along = (w - e) / np.linalg.norm(w - e, axis=-1, keepdims=True)
    out = np.array([0.0, 0.0, s]) - along[:, 2:3] * along * s
    out /= np.linalg.norm(out, axis=-1, keepdims=True)
    lm[:, idx(f"{side}_index")] = w + 0.075 * h * along - 0.012 * h * out
    lm[:, idx(f"{side}_pinky")] = w + 0.065 * h * along + 0.015 * h * out
    lm[:, idx(f"{side}_thumb")] = w + 0.045 * h * along - 0.025 * h * out


def _straight_arms(body: Body, lm: np.ndarray, angle_deg: np.ndarray, wrist_half_m: float) -> None:
    """Straight arms at ``angle_deg`` from vertical, wrists ``wrist_half_m`` off the midline."""
    arm = body.upper_arm_m + body.forearm_m
    a = np.radians(angle_deg)
    for side, s in (("left", 1.0), ("right", -1.0)):
        sh = lm[:, idx(f"{side}_shoulder")]
        lat = s * wrist_half_m - sh[:, 2]
        reach = np.sqrt(np.clip(arm**2 - lat**2, 1e-6, None))
        d = np.stack([reach * np.sin(a), -reach * np.cos(a), lat], -1)
        lm[:, idx(f"{side}_wrist")] = sh + d
        lm[:, idx(f"{side}_elbow")] = sh + d * (body.upper_arm_m / arm)
        _hand(body, lm, side, s)


def place_arms(
    body: Body,
    skel: Skeleton,
    grip: str,
    *,
    gap_m: np.ndarray,
    kb_angle_deg: np.ndarray,
    thigh_hang_m: float = 0.0,
) -> np.ndarray:
    """Fill elbows, wrists and hands into a copy of the skeleton's landmarks for ``grip``.

    ``thigh_hang_m`` (``bar`` grip only) is the extra clearance of the hands in front of the
    thighs (see ``bar_arm_angle_deg``).
    """
    lm = skel.landmarks.copy()
    h = body.height_m
    if grip == "bar":
        angle = bar_arm_angle_deg(body, lm, gap_m, thigh_hang_m)
        _straight_arms(body, lm, angle, body.shoulder_half_m)
    elif grip == "kb":
        _straight_arms(body, lm, kb_angle_deg, 0.03 * h)
    elif grip in ("dowel", "back_bar"):
        top, base = skel.spine[:, -1], skel.spine[:, 1]
        t = top - skel.spine[:, 2]
        t /= np.linalg.norm(t, axis=-1, keepdims=True)
        dorsal = np.stack([-t[:, 1], t[:, 0], np.zeros(len(t))], -1)
        lat = np.array([0.0, 0.0, 1.0])
        for side, s in (("left", 1.0), ("right", -1.0)):
            if grip == "back_bar":
                target = top + 0.07 * h * dorsal + s * 0.20 * h * lat
                pole = -t + 0.5 * dorsal
            elif side == "right":  # top hand holds the dowel behind the neck
                target = top + 0.08 * h * dorsal + 0.03 * h * t - s * 0.02 * h * lat
                pole = 0.4 * t + s * lat  # elbow out to the side, a little up
            else:  # bottom hand holds it at the lower back
                target = base + 0.08 * h * dorsal + s * 0.04 * h * lat
                pole = -t + s * lat + dorsal
            elbow, wrist = _two_link(
                lm[:, idx(f"{side}_shoulder")], target, body.upper_arm_m, body.forearm_m, pole
            )
            lm[:, idx(f"{side}_elbow")], lm[:, idx(f"{side}_wrist")] = elbow, wrist
            _hand(body, lm, side, s)
    else:
        raise ValueError(f"unknown grip {grip!r}")
    return lm


def wrist_gap_m(body: Body, lm: np.ndarray, side: str = "right") -> np.ndarray:
    """How far the wrist (bar) is ahead of the front of the legs at its height, ``(N,)`` m.

    ``lm`` is ``(N, 33, >=2)`` with (forward, up) in the first two columns (any origin).
    """
    wrist = lm[:, idx(f"{side}_wrist"), :2]
    return wrist[:, 0] - _front_x(wrist[:, 1], _leg_front(body, lm, side))
