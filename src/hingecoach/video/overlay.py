"""Draw the coaching overlay on one frame: skeleton, dowel line, back contour, angles, reps, fault.

A pure function over an RGB array, so the annotated-video writer, the live view and the web app
draw identically, and tests can check pixels. Sizes scale with the frame so a 4K phone clip and a
480p webcam look alike. :func:`result_annotations` says what to write on each frame of a set,
from its ``SetResult`` alone (never recomputed signals), so the video shows what was judged; the
bar path (:func:`draw_bar_path`: the hands' trail against a vertical mid-foot line) is drawn
from the track's landmarks with the same geometry ``bar_close`` judges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from hingecoach.feedback.words import finding_words
from hingecoach.kinematics.bar import hands_px, midfoot_px
from hingecoach.kinematics.filters import zero_phase
from hingecoach.kinematics.signals import CUTOFF_HZ, body_length_px
from hingecoach.kinematics.signals import MIN_VISIBILITY as SIGNAL_VISIBILITY
from hingecoach.kinematics.view import ViewEstimate, estimate_view
from hingecoach.landmarks import idx
from hingecoach.models import SetResult
from hingecoach.video.dowel import back_points, dowel_on_back, gap_marks
from hingecoach.video.text import draw_text

Point = tuple[float, float]

#: Body segments drawn as the skeleton (face and hand details left out: they only add clutter).
SKELETON: tuple[tuple[str, str], ...] = (
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
    *(
        (f"{side}_{a}", f"{side}_{b}")
        for side in ("left", "right")
        for a, b in (
            ("shoulder", "elbow"),
            ("elbow", "wrist"),
            ("shoulder", "hip"),
            ("hip", "knee"),
            ("knee", "ankle"),
            ("ankle", "heel"),
            ("heel", "foot_index"),
            ("ankle", "foot_index"),
        )
    ),
    ("left_ear", "nose"),
    ("right_ear", "nose"),
)
#: Landmarks with visibility below this are not drawn (MediaPipe guesses hidden joints).
MIN_VISIBILITY = 0.5

# Colours are RGB (frames are RGB throughout hingecoach).
LEFT_RGB = (80, 170, 255)
RIGHT_RGB = (255, 170, 60)
MID_RGB = (230, 230, 230)
DOWEL_RGB = (60, 230, 90)
CONTOUR_RGB = (255, 230, 40)
TEXT_RGB = (255, 255, 255)
FAULT_RGB = (220, 40, 40)
GAP_RGB = (255, 60, 60)
BAR_RGB = (255, 90, 200)
MIDFOOT_RGB = (0, 255, 255)

#: How long a fault's banner stays up around the frame where it was measured, seconds.
FLASH_S = 0.5
#: Angles shown only in a side or oblique view (label → ``SetResult.series`` name); the front
#: view foreshortens them. The torso (``90 - lean_deg``) is shown in every view.
SAGITTAL_ANGLES = {"hip": "hip_flexion_deg", "knee": "knee_flexion_deg", "shin": "shin_angle_deg"}


@dataclass(frozen=True)
class FrameAnnotation:
    """What to write on one frame besides the skeleton.

    Attributes:
        angles: label → degrees, shown top-left (e.g. ``{"knee": 32.0, "torso": 41.5}``).
        rep_count: reps completed so far, shown top-right; None hides the counter.
        fault_text: cue shown in a flashing red banner at the bottom; None hides it.
        dowel_line: two pixel points (head, sacrum) for the dowel; None lets the writer derive
            it from the landmarks and back contour.
        bar_trail: the hands' pixel points so far this rep, oldest first.
        midfoot_line: (floor, top) pixel points of the rep's vertical mid-foot line.
        dowel: False draws no dowel at all (a front view: the dowel is a side-view tool).
    """

    angles: dict[str, float] = field(default_factory=dict)
    rep_count: int | None = None
    fault_text: str | None = None
    dowel_line: tuple[Point, Point] | None = None
    bar_trail: tuple[Point, ...] = ()
    midfoot_line: tuple[Point, Point] | None = None
    dowel: bool = True


def result_annotations(
    result: SetResult, t_s: np.ndarray, *, landmarks: np.ndarray | None = None
) -> list[FrameAnnotation]:
    """What to write on each frame of the track a result was computed from.

    Angles come from ``result.series`` (so they are the measured side's, ``--side`` included),
    the counter from the counted reps' end frames, and each fault's caption in a coach's words
    (:attr:`~hingecoach.feedback.words.FindingWords.caption`: rep, fault, what to do) flashes for
    :data:`FLASH_S` either side of the frame where it was measured. A series that does not
    match the track frame for frame (or a missing name) shows no angles rather than misplaced
    ones; an unseen value (None) is left out of that frame. With the landmarks, each counted
    rep of a side or oblique view also draws its bar path (:func:`bar_path_annotations`).

    Args:
        result: the verdict on the track.
        t_s: ``(N,)`` the track's frame times, seconds.
        landmarks: ``(N, 33, 4)`` the track's pixel landmarks with visibility; None draws no
            bar path.

    Returns:
        N annotations, one per track frame.
    """
    n = len(t_s)
    angles = _angle_columns(result, t_s)
    reps_done = np.zeros(n, dtype=int)
    for r in result.reps:
        if r.counted:
            reps_done[r.end_frame :] += 1
    fault_at: list[str | None] = [None] * n
    for r in result.reps:
        for f in r.faults:
            if f.frame is None or not 0 <= f.frame < n:
                continue
            for i in np.flatnonzero(np.abs(t_s - t_s[f.frame]) <= FLASH_S):
                fault_at[i] = fault_at[i] or finding_words(f).caption
    trails, lines = (
        bar_path_annotations(result, t_s, landmarks) if landmarks is not None else ({}, {})
    )
    return [
        FrameAnnotation(
            angles={k: float(col[i]) for k, col in angles.items() if np.isfinite(col[i])},
            rep_count=int(reps_done[i]),
            fault_text=fault_at[i],
            bar_trail=trails.get(i, ()),
            midfoot_line=lines.get(i),
            dowel=result.view != "front",
        )
        for i in range(n)
    ]


def bar_path_annotations(
    result: SetResult, t_s: np.ndarray, landmarks: np.ndarray
) -> tuple[dict[int, tuple[Point, ...]], dict[int, tuple[Point, Point]]]:
    """Per frame of each counted rep: the hands' trail so far and the rep's mid-foot line.

    The same points ``bar_close`` judges (:mod:`hingecoach.kinematics.bar`): the hands, low-pass
    filtered like the signals, and mid-foot, whose median over the rep is drawn as a vertical
    line from the floor up to the hips' height. Nothing is drawn in a front view, which does
    not see forward distances.

    Args:
        result: the verdict on the track (its view, facing and reps).
        t_s: ``(N,)`` the track's frame times, seconds.
        landmarks: ``(N, 33, 4)`` pixel landmarks with visibility.

    Returns:
        Frame → trail points (pixels, oldest first), and frame → (floor, top) pixel points.
    """
    trails: dict[int, tuple[Point, ...]] = {}
    lines: dict[int, tuple[Point, Point]] = {}
    if result.view not in ("side", "oblique") or len(landmarks) != len(t_s):
        return trails, lines
    xy = landmarks[..., :2].astype(float)
    vis = landmarks[..., 3]
    xy[~(vis >= SIGNAL_VISIBILITY)] = np.nan
    view = estimate_view(xy, side=result.facing)
    view = ViewEstimate(result.view, view.yaw_deg, view.facing, view.facing_sign)
    bl = body_length_px(xy)
    if not np.isfinite(bl):
        return trails, lines
    hands = hands_px(xy, vis, view)
    if len(t_s) >= 4:
        hands = zero_phase(hands, t_s, cutoff_hz=CUTOFF_HZ)
    foot = midfoot_px(xy, vis, t_s, view=view, body_length_px=bl)
    hip_y = np.nanmin(xy[:, [idx("left_hip"), idx("right_hip")], 1], axis=1, initial=np.inf)
    for rep in result.reps:
        a, b = rep.start_frame, min(rep.end_frame, len(t_s) - 1)
        seen = np.isfinite(foot[a : b + 1]).all(axis=1)
        if not seen.any():
            continue
        fx, fy = np.median(foot[a : b + 1][seen], axis=0)
        top = np.nanmin(np.where(np.isfinite(hip_y[a : b + 1]), hip_y[a : b + 1], np.nan))
        top = float(top) if np.isfinite(top) else float(fy - bl / 2)
        trail: list[Point] = []
        for i in range(a, b + 1):
            if np.isfinite(hands[i]).all():
                trail.append((float(hands[i, 0]), float(hands[i, 1])))
            trails[i] = tuple(trail)
            lines[i] = ((float(fx), float(fy)), (float(fx), top))
    return trails, lines


def draw_bar_path(
    rgb: np.ndarray, trail: tuple[Point, ...], midfoot_line: tuple[Point, Point] | None
) -> np.ndarray:
    """Draw, in place, the mid-foot line and the hands' trail on ``rgb`` (``(H, W, 3)`` uint8).

    Args:
        rgb: the frame (already overlaid or not).
        trail: the hands' pixel points so far this rep, oldest first; the latest is ringed.
        midfoot_line: (floor, top) pixel points of the vertical mid-foot line, or None.

    Returns:
        ``rgb``.
    """
    s = _scale(rgb)
    if midfoot_line is not None:
        cv2.line(rgb, _pt(midfoot_line[0]), _pt(midfoot_line[1]), MIDFOOT_RGB, max(1, round(2 * s)))
    if len(trail) >= 2:
        pts = np.round(np.asarray(trail)).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(rgb, [pts], False, BAR_RGB, max(1, round(3 * s)), cv2.LINE_AA)
    if trail:
        cv2.circle(rgb, _pt(trail[-1]), max(3, round(7 * s)), BAR_RGB, max(1, round(2 * s)))
    return rgb


#: The result's series times may differ from the track's by their rounding (0.1 ms) only.
_SERIES_T_TOLERANCE_S = 1e-3


def _angle_columns(result: SetResult, t_s: np.ndarray) -> dict[str, np.ndarray]:
    """Label → ``(N,)`` degrees (NaN unseen) from the result's series, in display order.

    Empty when the series is not the track's frame for frame (another length, other times).
    """
    n = len(t_s)

    def column(name: str) -> np.ndarray | None:
        values = result.series.get(name)
        if values is None or len(values) != n:
            return None
        return np.array([np.nan if v is None else v for v in values], dtype=float)

    series_t = column("t_s")
    if series_t is None or not np.allclose(series_t, t_s, rtol=0, atol=_SERIES_T_TOLERANCE_S):
        return {}

    out: dict[str, np.ndarray] = {}
    lean = column("lean_deg")
    if lean is not None:
        out["torso"] = 90.0 - lean
    if result.view in ("side", "oblique"):
        for label, name in SAGITTAL_ANGLES.items():
            col = column(name)
            if col is not None:
                out[label] = col
    return out


def _scale(rgb: np.ndarray) -> float:
    return max(rgb.shape[:2]) / 720.0


def _pt(p: np.ndarray | Point) -> tuple[int, int]:
    return round(float(p[0])), round(float(p[1]))


def _ok(lm: np.ndarray, i: int) -> bool:
    return bool(np.isfinite(lm[i, :2]).all() and lm[i, 3] >= MIN_VISIBILITY)


def default_dowel_line(landmarks: np.ndarray, contour: np.ndarray | None) -> tuple[Point, Point]:
    """The dowel laid on the traced back outline: (head end, sacrum end) pixel points.

    See :mod:`hingecoach.video.dowel`: the straight line resting on the back of the head, the
    upper back and the sacrum. Raises ValueError when there is no back to lay it on (no traced
    outline, as in any front view, or no ear seen); the caller then draws no dowel.
    """
    dowel = dowel_on_back(landmarks, contour)
    if dowel is None:
        raise ValueError("no traced back outline or head to lay the dowel on")
    return dowel.line


def _draw_skeleton(img: np.ndarray, lm: np.ndarray, s: float) -> None:
    thick = max(1, round(3 * s))
    for a, b in SKELETON:
        ia, ib = idx(a), idx(b)
        if _ok(lm, ia) and _ok(lm, ib):
            colour = (
                LEFT_RGB
                if a.startswith("left") and b.startswith("left")
                else (RIGHT_RGB if a.startswith("right") and b.startswith("right") else MID_RGB)
            )
            cv2.line(img, _pt(lm[ia]), _pt(lm[ib]), colour, thick, cv2.LINE_AA)
    for i in range(lm.shape[0]):
        if _ok(lm, i):
            cv2.circle(img, _pt(lm[i]), max(2, round(4 * s)), MID_RGB, -1, cv2.LINE_AA)


def draw_overlay(
    rgb: np.ndarray,
    landmarks: np.ndarray | None,
    *,
    contour: np.ndarray | None = None,
    angles: dict[str, float] | None = None,
    rep_count: int | None = None,
    fault_text: str | None = None,
    dowel_line: tuple[Point, Point] | None = None,
    banner_on: bool = True,
) -> np.ndarray:
    """A copy of ``rgb`` (``(H, W, 3)`` uint8) with the coaching overlay drawn on it.

    Args:
        rgb: the frame.
        landmarks: ``(33, 4)`` pixel landmarks with visibility, or None (no person).
        contour: ``(K, 2)`` back outline, drawn as a polyline.
        angles: label → degrees, listed top-left.
        rep_count: reps so far, top-right.
        fault_text: cue in a red banner along the bottom.
        dowel_line: (head, sacrum) points; drawn as a straight line, the coach's dowel.
        banner_on: False draws no banner this frame; toggling it makes the banner flash.
    """
    img = np.ascontiguousarray(rgb).copy()
    s = _scale(img)
    if landmarks is not None:
        _draw_skeleton(img, landmarks, s)
    if contour is not None and len(contour) >= 2:
        pts = np.round(contour).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(img, [pts], False, CONTOUR_RGB, max(1, round(3 * s)), cv2.LINE_AA)
    if dowel_line is not None:
        _draw_dowel(img, dowel_line, landmarks, contour, s)
    top: int | None = None
    for name, value in (angles or {}).items():
        shown = "\N{EN DASH}" if not np.isfinite(value) else f"{value:.0f}\N{DEGREE SIGN}"
        top = draw_text(img, f"{name} {shown}", "top_left", fg=TEXT_RGB, top_px=top)[3] + 2
    if rep_count is not None:
        draw_text(img, f"reps {rep_count}", "top_right", fg=TEXT_RGB)
    if fault_text and banner_on:
        draw_text(img, fault_text, "bottom", fg=TEXT_RGB, box=FAULT_RGB)
    return img


def _draw_dowel(
    img: np.ndarray,
    line: tuple[Point, Point],
    landmarks: np.ndarray | None,
    contour: np.ndarray | None,
    s: float,
) -> None:
    """The dowel, and a mark from each point where the back leaves it to the stick."""
    cv2.line(img, _pt(line[0]), _pt(line[1]), DOWEL_RGB, max(1, round(4 * s)), cv2.LINE_AA)
    back = None if landmarks is None else back_points(landmarks, contour)
    if back is None:
        return
    pts, _, gap_px = back
    for p, foot in gap_marks(line, pts, gap_px):
        cv2.line(img, _pt(p), _pt(foot), GAP_RGB, max(1, round(2 * s)), cv2.LINE_AA)
        cv2.circle(img, _pt(p), max(2, round(4 * s)), GAP_RGB, -1, cv2.LINE_AA)
