"""How the set was filmed: nobody in view, too small, feet cut off, late entry or early exit.

Pure over a :class:`PoseTrack`, so the video path, keypoint files and the live capture check all
judge filming with the same rules. Unusable footage is an :class:`InputError`; usable but doubtful
footage is a warning string for the caller to show next to the result.
"""

from __future__ import annotations

import numpy as np

from hingecoach.errors import InputError
from hingecoach.landmarks import idx
from hingecoach.models import PoseTrack

#: Below this fraction of frames with a person, the result is flagged as unreliable.
MIN_DETECTED_FRACTION = 0.3
#: Body extent (longest side of the landmark box) below this fraction of the frame height is
#: too small for joint angles to be trusted (a 15 % person is ~100 px tall in 720p).
MIN_BODY_FRACTION = 0.15
#: Feet count as in view when an ankle or heel is inside the image with at least this visibility.
FOOT_VISIBILITY = 0.5
#: Warn when feet are in view in fewer than this fraction of the frames with a person.
MIN_FEET_FRACTION = 0.5
#: A person-less stretch at the start or end longer than this (seconds) earns a warning.
EDGE_GAP_S = 1.0
#: Fraction of sampled frames that must show a second person to warn about it.
OTHER_PERSON_FRACTION = 0.2

NO_PERSON_MSG = "no person found: film the whole body, side-on, in good light"
TOO_SMALL_MSG = (
    "the person is too small in the frame: move the camera closer "
    "(whole body should fill most of the frame height)"
)
FEET_MSG = (
    "feet out of frame: tilt or move the camera so the whole body including the feet is visible"
)
TWO_PEOPLE_MSG = "two people in view: hingecoach follows one person; film the lifter alone"

_FEET = tuple(idx(n) for n in ("left_ankle", "right_ankle", "left_heel", "right_heel"))


def judge_filming(track: PoseTrack, *, other_person_fraction: float | None = None) -> list[str]:
    """Warnings about how the set was filmed; InputError when nobody is in it at all.

    Pure over the track, so it also serves keypoint-file imports. Thresholds are the module
    constants above.
    """
    xy = track.xy
    detected = np.isfinite(xy).any(axis=2).any(axis=1)
    if not detected.any():
        raise InputError(NO_PERSON_MSG)
    warnings: list[str] = []
    frac = float(detected.mean())
    if frac < MIN_DETECTED_FRACTION:
        warnings.append(
            f"person found in only {frac:.0%} of frames: film the whole body, side-on, in good "
            "light; results may be unreliable"
        )
    w, h = track.image_size
    if _body_extent_px(xy[detected], w, h) < MIN_BODY_FRACTION * h:
        warnings.append(TOO_SMALL_MSG)
    if _feet_in_view_fraction(track.landmarks[detected], w, h) < MIN_FEET_FRACTION:
        warnings.append(FEET_MSG)
    warnings += _edge_gaps(track.t_s, detected)
    if other_person_fraction is not None and other_person_fraction >= OTHER_PERSON_FRACTION:
        warnings.append(TWO_PEOPLE_MSG)
    return warnings


def _body_extent_px(xy: np.ndarray, w: int, h: int) -> float:
    """Median over frames of the longest side of the in-image landmark box (pixels).

    The longest side, not the height, because a lifter hinged to horizontal is wider than tall.
    """
    clipped = np.stack([np.clip(xy[..., 0], 0, w), np.clip(xy[..., 1], 0, h)], axis=-1)
    span = np.nanmax(clipped, axis=1) - np.nanmin(clipped, axis=1)
    return float(np.nanmedian(span.max(axis=1)))


def _feet_in_view_fraction(lm: np.ndarray, w: int, h: int) -> float:
    """Fraction of frames where an ankle or heel is inside the image and visible."""
    feet = lm[:, _FEET, :]
    with np.errstate(invalid="ignore"):
        inside = (feet[..., 0] >= 0) & (feet[..., 0] < w) & (feet[..., 1] >= 0) & (feet[..., 1] < h)
        ok = inside & (feet[..., 3] >= FOOT_VISIBILITY)
    return float(ok.any(axis=1).mean())


def _edge_gaps(t_s: np.ndarray, detected: np.ndarray) -> list[str]:
    """Warnings for a person-less stretch at the start (late entry) or end (early exit)."""
    out: list[str] = []
    hits = np.flatnonzero(detected)
    first_t, last_t = float(t_s[hits[0]]), float(t_s[hits[-1]])
    if first_t - float(t_s[0]) > EDGE_GAP_S:
        out.append(
            f"no person in the first {first_t - t_s[0]:.1f} s: the lifter appears at "
            f"{first_t:.1f} s; analysed from there"
        )
    if float(t_s[-1]) - last_t > EDGE_GAP_S:
        out.append(
            f"no person after {last_t:.1f} s (the last {t_s[-1] - last_t:.1f} s): the lifter "
            "leaves or the picture ends early; analysed up to there"
        )
    return out
