"""Where the bar is against the middle of the foot: the coach's bar-path line.

A loaded hinge balances when the bar (the hands) travels in a vertical line over the middle of
the foot: the lifter and the bar share one centre of mass, and it must stay over the base of
support. A bar ahead of mid-foot hangs on a longer lever from the hips and the lower back and
pulls the lifter onto the toes. So the bar is judged in the image as a coach judges it — the
hands' horizontal distance from mid-foot — not against the legs, whose outline depends on the
thighs' thickness and the arms' hang.

Pure functions over ``(N, 33, 2)`` pixel landmarks, shared by the signals (which turn the
distance into body lengths in the sagittal frame) and the annotated video (which draws the
hands' trail and the mid-foot line in pixels).
"""

from __future__ import annotations

import numpy as np

from hingecoach.kinematics.filming import FOOT_VISIBILITY
from hingecoach.kinematics.landmark_gates import stretch
from hingecoach.kinematics.view import ViewEstimate
from hingecoach.landmarks import idx

#: Foot length (heel→toe) over one body length: 0.152·H / 0.779·H (Drillis & Contini).
FOOT_PER_BL = 0.195
#: Mid-foot ahead of the ankle joint, as a share of the foot's length: the ankle (malleoli)
#: sits about a quarter of the foot's length forward of the back of the heel, mid-foot at half.
ANKLE_TO_MIDFOOT_PER_FOOT = 0.25
#: One foot this far above the other (body lengths, ~13 cm) is off the floor (a single-leg
#: RDL's free leg). Feet on the floor differ far less, even seen obliquely from above (hip
#: width × the camera's pitch, ~3 cm). On one leg the free leg is the counterweight and the
#: hands hang ahead of the standing foot by design: the bar-over-mid-foot balance is a
#: two-footed pull's, so such frames have no mid-foot to judge against.
LIFTED_FOOT_BL = 0.1
#: A wrist seen with less visibility than this is hidden and guessed by the pose model.
HAND_VISIBILITY = 0.5
#: Width of the time window mid-foot is steadied over, seconds: a rep's set-up at the floor
#: (feet hidden behind the plates) lasts 1–3 s, its standing frames show the feet; a lifter
#: may shuffle the feet between reps, so the window stays within about one rep.
MIDFOOT_WINDOW_S = 6.0


def near_side(view: ViewEstimate) -> str:
    """The lifter's side nearer the camera (``"left"``/``"right"``) in a side or oblique view.

    Facing image-right, the camera looks at the lifter's right side.
    """
    return "right" if view.facing_sign > 0 else "left"


def hands_px(xy: np.ndarray, visibility: np.ndarray, view: ViewEstimate) -> np.ndarray:
    """The bar's point in the image: the hands' (wrists') position.

    With a straight arm hanging, the bar lies in the hand directly below the wrist, so both
    share one horizontal position, and both hands hold one bar (or bell). In a side view the
    near wrist is the bar's point: the far one is behind the body and MediaPipe's guess of it
    is often far off even at fair visibility; a near wrist behind a plate is still guessed
    along its forearm, next to the bar. The far wrist stands in only where the near one is not
    seen at all and it is seen with :data:`HAND_VISIBILITY`. In oblique and front views the
    wrists seen with :data:`HAND_VISIBILITY` give their midpoint, which lies in the body's plane
    of symmetry, or the one wrist seen.

    Args:
        xy: ``(N, 33, 2)`` pixels, NaN where not seen.
        visibility: ``(N, 33)`` landmark visibility, 0–1.
        view: the camera view.

    Returns:
        ``(N, 2)`` pixels, NaN where no wrist is seen.
    """
    near = near_side(view)
    far = "left" if near == "right" else "right"
    wrists = [xy[:, idx(f"{side}_wrist")] for side in (near, far)]
    seen = [
        (visibility[:, idx(f"{side}_wrist")] >= HAND_VISIBILITY) & np.isfinite(w).all(axis=1)
        for side, w in zip((near, far), wrists, strict=True)
    ]
    if view.view == "side":
        seen[0] = np.isfinite(wrists[0]).all(axis=1)
    out = np.full_like(wrists[0], np.nan)
    out[seen[1]] = wrists[1][seen[1]]
    out[seen[0]] = wrists[0][seen[0]]
    if view.view != "side":
        both = seen[0] & seen[1]
        out[both] = 0.5 * (wrists[0][both] + wrists[1][both])
    return out


def _one_midfoot_px(
    xy: np.ndarray, visibility: np.ndarray, side: str, *, forward_px: float
) -> tuple[np.ndarray, np.ndarray]:
    """One foot's mid-foot ``(N, 2)``, and where it comes from a reliable heel and toe ``(N,)``.

    The heel–toe midpoint when both are seen with
    :data:`~hingecoach.kinematics.filming.FOOT_VISIBILITY`, else the ankle plus ``forward_px``.
    """
    heel = xy[:, idx(f"{side}_heel")]
    toe = xy[:, idx(f"{side}_foot_index")]
    ankle = xy[:, idx(f"{side}_ankle")]
    reliable = (
        (visibility[:, idx(f"{side}_heel")] >= FOOT_VISIBILITY)
        & (visibility[:, idx(f"{side}_foot_index")] >= FOOT_VISIBILITY)
        & np.isfinite(heel).all(axis=1)
        & np.isfinite(toe).all(axis=1)
    )
    from_ankle = ankle + np.array([forward_px, 0.0])
    return np.where(reliable[:, None], 0.5 * (heel + toe), from_ankle), reliable


def _frame_midfoot_px(
    xy: np.ndarray, visibility: np.ndarray, view: ViewEstimate, body_length_px: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each frame's own mid-foot, whether it rests on reliable feet, whether a foot is lifted.

    Returns:
        ``(N, 2)`` pixels, ``(N,)`` reliable, ``(N,)`` one seen foot higher than the other by
        :data:`LIFTED_FOOT_BL`.
    """
    forward_px = view.facing_sign * ANKLE_TO_MIDFOOT_PER_FOOT * FOOT_PER_BL * body_length_px
    forward_px /= stretch(view)
    (left, left_ok), (right, right_ok) = (
        _one_midfoot_px(xy, visibility, s, forward_px=forward_px) for s in ("left", "right")
    )
    both = np.isfinite(left).all(axis=1) & np.isfinite(right).all(axis=1)
    # Only feet seen can say one is lifted: a hidden foot's guess may float anywhere.
    lifted = (
        both
        & left_ok
        & right_ok
        & (np.abs(left[:, 1] - right[:, 1]) > LIFTED_FOOT_BL * body_length_px)
    )
    out = np.where(np.isfinite(left).all(axis=1)[:, None], left, right)
    ok = np.where(np.isfinite(left).all(axis=1), left_ok, right_ok)
    if view.view == "side":  # the far foot is hidden behind the near one and guessed
        near_left = near_side(view) == "left"
        out[both] = (left if near_left else right)[both]
        ok[both] = (left_ok if near_left else right_ok)[both]
    else:
        out[both] = 0.5 * (left[both] + right[both])
        ok[both] = left_ok[both] & right_ok[both]
    return out, ok, lifted


def midfoot_px(
    xy: np.ndarray,
    visibility: np.ndarray,
    t_s: np.ndarray,
    *,
    view: ViewEstimate,
    body_length_px: float,
) -> np.ndarray:
    """Mid-foot of the foot (or feet) bearing the weight, in pixels, steady while they stand.

    Each frame's mid-foot is the midpoint of a foot's heel and toe landmarks when both are seen
    with :data:`~hingecoach.kinematics.filming.FOOT_VISIBILITY`, otherwise its ankle plus
    :data:`ANKLE_TO_MIDFOOT_PER_FOOT` of a foot length (:data:`FOOT_PER_BL`) forward, the
    oblique view's foreshortening applied. Both feet give their midpoint (the near foot in a
    side view, where the far one is guessed); with one foot lifted by more than
    :data:`LIFTED_FOOT_BL` there is none. The feet stay planted through a rep, while their
    landmarks are guessed whenever a plate or a bell passes in front of them, so the mid-foot
    of a frame is the median of the trusted frames (reliable heels and toes, the hands above
    the knees so nothing they hold hides the feet) within :data:`MIDFOOT_WINDOW_S`; with no
    trusted frame there, of every frame there. Where most trusted frames of the window show a
    foot lifted, the lifter stands on one leg and there is no mid-foot (NaN).

    Args:
        xy: ``(N, 33, 2)`` pixels, NaN where not seen.
        visibility: ``(N, 33)`` landmark visibility, 0–1.
        t_s: ``(N,)`` frame times, seconds.
        view: the camera view (facing, and an oblique view's foreshortening).
        body_length_px: one body length in pixels.

    Returns:
        ``(N, 2)`` pixels, NaN where no foot is placed within the window.
    """
    frame, reliable, lifted = _frame_midfoot_px(xy, visibility, view, body_length_px)
    hands_y = hands_px(xy, visibility, view)[:, 1]
    knees_y = np.fmax(xy[:, idx("left_knee"), 1], xy[:, idx("right_knee"), 1])
    seen = np.isfinite(frame).all(axis=1)
    trusted = seen & reliable & (hands_y < knees_y)
    out = np.full_like(frame, np.nan)
    half = 0.5 * MIDFOOT_WINDOW_S
    lo = np.searchsorted(t_s, t_s - half, side="left")
    hi = np.searchsorted(t_s, t_s + half, side="right")
    for i, (a, b) in enumerate(zip(lo, hi, strict=True)):
        trust, up = trusted[a:b], lifted[a:b]
        if trust.any() and 2 * up[trust].sum() > trust.sum():
            continue  # on one leg
        pool = trust & ~up if (trust & ~up).any() else seen[a:b] & ~up
        if pool.any():
            out[i] = np.median(frame[a:b][pool], axis=0)
    return out
