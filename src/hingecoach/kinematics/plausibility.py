"""Physical plausibility: what no body can do is a glitch of the pose model, never a measurement.

A value that fails a gate becomes NaN — so a check reading it says "cannot judge" — and is never
clipped to the limit or replaced by a guess. The gates, in the order the signals apply them:

1. **Landmark spikes** (:func:`hampel_outliers`): a landmark that jumps away from the running
   median of its neighbours by more than a few robust deviations for a moment and comes back
   (Hampel's identifier, as Sports2D uses before filtering). The deviation has a physical floor
   (:data:`HAMPEL_MIN_SCALE_BL`) so that a still lifter's sub-pixel jitter is never a "spike".
2. **Segment lengths** (:mod:`.landmark_gates`): a bone cannot grow. A thigh, shank or arm that
   looks much longer than its own in-plane length, or a shank shorter than any lifting posture
   can foreshorten it, means its far end was misplaced — typically a leg hidden behind the
   plates and guessed. Chains are trusted from the torso outwards, so the far end of the first
   impossible segment and everything beyond it are rejected.
3. **Angular speed** (:func:`speed_outliers`): a joint cannot turn faster than
   :data:`MAX_JOINT_SPEED_DEG_S` (the trunk than :data:`MAX_TRUNK_SPEED_DEG_S`); a short stretch
   jumped into and out of faster than that is a flip, not a movement.
4. **Physical ranges** (:data:`SIGNAL_BOUNDS`): each signal's joint range, with its reason; and for
   the neck and the back outline, the range of motion around the lifter's own standing posture
   (:func:`around_neutral`).

``evaluation.plausibility`` holds every result to these same bounds, so a result can only carry
values that passed them.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from hingecoach.kinematics.filters import window_frames


@dataclass(frozen=True)
class Bound:
    """A closed physical range ``[lo, hi]`` and why nothing outside it can happen."""

    lo: float
    hi: float
    why: str

    def holds(self, x: float) -> bool:
        """True when ``x`` is a finite number inside the range."""
        return math.isfinite(x) and self.lo <= x <= self.hi

    def gate(self, x: np.ndarray) -> np.ndarray:
        """``x`` with every value outside the range (or not finite) set to NaN, never clipped."""
        x = np.asarray(x, dtype=float)
        with np.errstate(invalid="ignore"):
            return np.where((x >= self.lo) & (x <= self.hi), x, np.nan)

    def __str__(self) -> str:
        """The range as messages print it, e.g. ``[-20, 170]``."""
        return f"[{self.lo:g}, {self.hi:g}]"


#: One shank (knee → ankle) over one body length: 0.246·H / 0.779·H (Drillis & Contini).
SHANK_PER_BL = 0.316

KNEE_FLEXION_DEG = Bound(
    -20.0,
    170.0,
    "a knee hyper-extends at most ~15° even in lax joints; full flexion stops at ~160° when calf "
    "meets thigh",
)
HIP_FLEXION_DEG = Bound(
    -60.0,
    170.0,
    "hip plus lumbar extension reach ~60° in a standing back-bend; a full forward fold stops "
    "~170° because the trunk's thickness keeps the shoulders off the thigh line",
)
SHIN_ANGLE_DEG = Bound(
    -60.0,
    90.0,
    "the shin cannot tip past horizontal (90°, kneeling) while the feet bear the load, and "
    "ankle plantar-flexion with a locked knee tips it back well under 60°",
)
LEAN_DEG = Bound(
    -60.0,
    120.0,
    "forward, 120° from vertical is the torso pointing 30° below horizontal: a standing lifter "
    "holding a load cannot fold further; backward, past 60° the load is behind the heels and "
    "the lifter falls",
)
TORSO_ANGLE_DEG = Bound(
    90.0 - LEAN_DEG.hi,
    90.0 - LEAN_DEG.lo,
    "the torso angle to horizontal is 90° minus the lean: the lean's limits",
)
NECK_ANGLE_DEG = Bound(
    -90.0,
    90.0,
    "cervical flexion reaches ~60° and extension ~75°; ±90° from the torso line is impossible",
)
SPINE_BEND_DEG = Bound(
    -90.0,
    135.0,
    "sacrum to upper back the spine flexes ~100-110° in all and extends ~60°, plus a few degrees "
    "of resting curve",
)
KNEE_VALGUS_DEG = Bound(
    -170.0,
    170.0,
    "a projected knee angle: in a side view it is the knee flexion, so only the knee's own limit "
    "bounds it",
)
FEET_TURNOUT_DEG = Bound(
    -60.0,
    90.0,
    "hip rotation plus tibial torsion turn a foot out at most 90° (a dancer's first position) and "
    "in about 60°",
)
BAR_OFFSET_BL = Bound(
    -0.75,
    0.75,
    "the hands hang from the shoulders on ~0.42 bl arms and the shoulders stay within a torso "
    "(~0.37 bl) of the feet, so the hands cannot be 0.75 bl from mid-foot",
)
KNEE_X_BL = Bound(
    -SHANK_PER_BL,
    SHANK_PER_BL,
    "the knee sits on a ~0.32 bl shank standing on the ankle: it cannot be further than one "
    "shank ahead of or behind it",
)
BAR_HEIGHT_SHIN = Bound(
    -0.5,
    4.0,
    "hands cannot go below the floor (~-0.2 shin under the ankle) nor above the head (~4 shins)",
)

#: Per-frame signals of :class:`~hingecoach.kinematics.signals.Signals` and their ranges.
SIGNAL_BOUNDS: dict[str, Bound] = {
    "knee_flexion_deg": KNEE_FLEXION_DEG,
    "hip_flexion_deg": HIP_FLEXION_DEG,
    "shin_angle_deg": SHIN_ANGLE_DEG,
    "torso_angle_deg": TORSO_ANGLE_DEG,
    "lean_deg": LEAN_DEG,
    "neck_angle_deg": NECK_ANGLE_DEG,
    "spine_bend_deg": SPINE_BEND_DEG,
    "knee_valgus_deg": KNEE_VALGUS_DEG,
    "feet_turnout_deg": FEET_TURNOUT_DEG,
    "bar_offset_bl": BAR_OFFSET_BL,
    "knee_x_bl": KNEE_X_BL,
    "bar_height_shin": BAR_HEIGHT_SHIN,
}

#: The neck bends down (flexion) up to ~50-65° and up (extension) ~60-75° from its neutral
#: (AAOS norms); a lifter's standing head posture is within a few degrees of neutral.
NECK_DOWN_FROM_STANDING_DEG = 70.0
NECK_UP_FROM_STANDING_DEG = 75.0
#: Sacrum to upper back (lumbar + thoracic) the spine flexes ~90-100° and extends ~45-50° from
#: its standing curve; the back outline cannot round or arch further than that.
SPINE_ROUND_FROM_STANDING_DEG = 100.0
SPINE_ARCH_FROM_STANDING_DEG = 50.0

#: Fastest a joint turns in anything done with a load: knee extension in a maximal vertical jump
#: peaks at ~900-1000°/s, a kettlebell swing's hip ~500°/s, a deadlift's joints ~100-250°/s.
MAX_JOINT_SPEED_DEG_S = 1000.0
#: Fastest the trunk (the heaviest segment) tips: ~200-300°/s through a hardstyle kettlebell
#: swing's hip snap, under ~500°/s even in a maximal jump.
MAX_TRUNK_SPEED_DEG_S = 500.0
#: Angle noise allowed on top of that: a few pixels of landmark jitter on a short, far-away
#: segment (a 60 px shank) turn it by up to ~10°.
ANGLE_NOISE_DEG = 15.0
#: A glitch is a moment: a stretch bounded by impossible jumps and shorter than this is told
#: from the movement around it by being the shorter side; a longer one cannot be told by speed
#: alone and is left to the other gates, seconds.
MAX_GLITCH_S = 0.5

#: Hampel identifier: neighbours either side, seconds (±7 frames at 30 fps): a spike is caught
#: when it lasts less than this.
HAMPEL_HALF_WINDOW_S = 0.25
#: Robust standard deviations (1.4826 × median absolute deviation) that make a spike.
HAMPEL_SIGMAS = 3.0
#: Floor of that deviation, body lengths: a good pose model jitters by ~1 % of the body, so a
#: departure under 3 × 0.02 bl (~8 cm) is never called a spike, whatever the local MAD.
HAMPEL_MIN_SCALE_BL = 0.02
#: Fewest finite neighbours for either identifier to judge a sample.
MIN_NEIGHBOURS = 3


def _windows(x: np.ndarray, width: int) -> np.ndarray:
    """``(N, width)`` centred windows of ``(N,)`` ``x``, NaN-padded at the ends."""
    half = width // 2
    padded = np.pad(np.asarray(x, dtype=float), half, constant_values=np.nan)
    return np.lib.stride_tricks.sliding_window_view(padded, width)


def hampel_outliers(
    x: np.ndarray, t_s: np.ndarray, *, half_window_s: float, n_sigma: float, min_scale: float
) -> np.ndarray:
    """Samples of ``x`` that depart from their neighbourhood's median: Hampel's identifier.

    Args:
        x: ``(N,)`` series, NaN where not measured.
        t_s: ``(N,)`` timestamps, seconds.
        half_window_s: neighbours either side, seconds.
        n_sigma: robust standard deviations (1.4826 × MAD) a spike departs by.
        min_scale: floor of that standard deviation, in the unit of ``x``.

    Returns:
        ``(N,)`` bool, True at spikes (never at NaN samples).
    """
    x = np.asarray(x, dtype=float)
    win = _windows(x, window_frames(2.0 * half_window_s, t_s))
    enough = np.isfinite(win).sum(axis=1) > MIN_NEIGHBOURS
    out = np.zeros(len(x), dtype=bool)
    if not enough.any():
        return out
    w = win[enough]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        med = np.nanmedian(w, axis=1)
        mad = np.nanmedian(np.abs(w - med[:, None]), axis=1)
    scale = np.maximum(1.4826 * mad, min_scale)
    with np.errstate(invalid="ignore"):
        out[enough] = np.abs(x[enough] - med) > n_sigma * scale
    return out


def speed_outliers(
    x_deg: np.ndarray,
    t_s: np.ndarray,
    *,
    max_speed_deg_s: float = MAX_JOINT_SPEED_DEG_S,
    noise_deg: float = ANGLE_NOISE_DEG,
    max_glitch_s: float = MAX_GLITCH_S,
) -> np.ndarray:
    """Angle samples on the short side of jumps no joint can make: flips.

    Consecutive measured samples jump when ``|x_j - x_i| > max_speed·(t_j - t_i) + noise``
    (differences wrapped to ±180°). The jumps cut the series into stretches; a stretch shorter
    than ``max_glitch_s`` and shorter than a stretch next to it was jumped into and out of: the
    glitch, while the longer stretch around it is the movement. A real movement, however fast,
    never jumps, so it is never cut.

    Args:
        x_deg: ``(N,)`` angles, degrees, NaN where not measured.
        t_s: ``(N,)`` timestamps, seconds.
        max_speed_deg_s: fastest turn of the joint, degrees per second.
        noise_deg: measurement noise allowed on top, degrees.
        max_glitch_s: longest stretch that can be condemned, seconds.

    Returns:
        ``(N,)`` bool, True at the glitches' samples (never at NaN samples).
    """
    x = np.asarray(x_deg, dtype=float)
    t = np.asarray(t_s, dtype=float)
    out = np.zeros(len(x), dtype=bool)
    seen = np.flatnonzero(np.isfinite(x))
    if len(seen) < 2:
        return out
    step = np.abs((np.diff(x[seen]) + 180.0) % 360.0 - 180.0)
    jump = step > max_speed_deg_s * np.diff(t[seen]) + noise_deg
    if not jump.any():
        return out
    cuts = np.flatnonzero(jump) + 1
    starts = np.concatenate(([0], cuts))
    stops = np.concatenate((cuts, [len(seen)]))
    size = stops - starts
    for r, (a, b) in enumerate(zip(starts, stops, strict=True)):
        longest_next = max(size[max(r - 1, 0)], size[min(r + 1, len(size) - 1)])
        if t[seen[b - 1]] - t[seen[a]] < max_glitch_s and size[r] < longest_next:
            out[seen[a:b]] = True
    return out


def around_neutral(
    x_deg: np.ndarray, neutral_deg: float, *, below_deg: float, above_deg: float
) -> np.ndarray:
    """``x_deg`` with values further than a joint's range of motion from its neutral as NaN.

    Args:
        x_deg: ``(N,)`` angles, degrees.
        neutral_deg: the lifter's own neutral (standing) value; NaN leaves ``x_deg`` as it is.
        below_deg: range of motion below the neutral, degrees.
        above_deg: range of motion above the neutral, degrees.
    """
    if not math.isfinite(neutral_deg):
        return np.asarray(x_deg, dtype=float)
    return Bound(neutral_deg - below_deg, neutral_deg + above_deg, "range of motion").gate(x_deg)
