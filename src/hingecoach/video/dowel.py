"""The coach's dowel on the traced back: the straight line the back of the body rests against.

A dowel laid on a neutral back touches three places: the back of the head, the upper back and
the sacrum. Drawn from the nose to the sacrum, it cut through the chest. Here it is laid on the
back outline instead: the traced dorsal contour (sacrum → upper back, see
:mod:`hingecoach.pose.back_contour`) plus the back of the head, estimated from the ear and the
nose. The dowel is a supporting line of those points' convex hull on the back side (every point
on or in front of it, as a stick pressed on the back), chosen among the hull's back edges as the
one the outline lies closest to on average, so it rests on the back-most points. Where the
outline is more than :data:`GAP_TORSO` torso lengths off the stick, the back has left it and a
gap mark is drawn (a rounded lower back, a dropped head, a big arch).

Only side-on frames have a traced outline (the tracer refuses frontal views), so there is no
dowel in a front view. Pure functions over pixel arrays.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from hingecoach.landmarks import idx

Point = tuple[float, float]

#: A point of the back further than this from the dowel, in torso lengths (the outline's
#: sacrum → upper-back chord), is a gap: about 4 cm on a 50 cm torso, above the hand-thick
#: hollow a neutral lower back leaves under a dowel.
GAP_TORSO = 0.08
#: The back of the head lies this far beyond the ear, away from the nose, in nose → ear
#: lengths (head depth nose tip → back of the head is about 1.8 nose → ear).
HEAD_BACK_PER_NOSE_EAR = 0.8
#: Landmarks below this visibility are not used for the head.
MIN_VISIBILITY = 0.5


@dataclass(frozen=True)
class Dowel:
    """A dowel laid on the back.

    Attributes:
        line: (head end, sacrum end) pixel points of the stick.
        gaps: (outline point, its nearest point on the stick) for each outline point further
            than the gap distance from it.
        gap_px: the gap distance used, pixels.
    """

    line: tuple[Point, Point]
    gaps: tuple[tuple[Point, Point], ...]
    gap_px: float


def _upper_hull(u: np.ndarray, v: np.ndarray) -> list[int]:
    """Indices of the upper convex hull (largest ``v``) of points ordered by ``u``."""
    order = np.lexsort((v, u))
    hull: list[int] = []
    for i in order:
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            cross = (u[b] - u[a]) * (v[i] - v[a]) - (v[b] - v[a]) * (u[i] - u[a])
            if cross >= 0:  # b is on or below the chord a→i: not on the upper hull
                hull.pop()
            else:
                break
        hull.append(int(i))
    return hull


def fit_dowel(back_px: np.ndarray, dorsal: np.ndarray, *, gap_px: float) -> Dowel | None:
    """Lay the dowel on ``back_px``, the back outline ordered sacrum → head.

    Args:
        back_px: ``(K, 2)`` pixel points along the back, sacrum first, head last (NaN rows
            are ignored).
        dorsal: ``(2,)`` a direction pointing out of the back (away from the body).
        gap_px: distance off the stick that counts as a gap, pixels.

    Returns:
        The dowel, or None with fewer than 3 points or a degenerate outline.
    """
    pts = np.asarray(back_px, dtype=float)
    pts = pts[np.isfinite(pts).all(axis=1)]
    if len(pts) < 3:
        return None
    chord = pts[-1] - pts[0]
    length = float(np.hypot(*chord))
    if not length > 0:
        return None
    along = chord / length
    normal = np.array([-along[1], along[0]])
    if float(normal @ np.asarray(dorsal, dtype=float)) < 0:
        normal = -normal
    rel = pts - pts[0]
    u, v = rel @ along, rel @ normal
    hull = _upper_hull(u, v)
    best: tuple[float, float, float] | None = None  # (mean gap, slope, intercept)
    for a, b in itertools.pairwise(hull):
        if u[b] - u[a] <= 1e-9:
            continue
        slope = (v[b] - v[a]) / (u[b] - u[a])
        icpt = v[a] - slope * u[a]
        mean_gap = float(np.mean(slope * u + icpt - v)) / float(np.hypot(1.0, slope))
        if best is None or mean_gap < best[0]:
            best = (mean_gap, slope, icpt)
    if best is None:
        return None
    _, slope, icpt = best

    def to_px(uu: float) -> Point:
        p = pts[0] + uu * along + (slope * uu + icpt) * normal
        return float(p[0]), float(p[1])

    line = (to_px(float(u.max())), to_px(float(u.min())))
    return Dowel(line=line, gaps=gap_marks(line, pts, gap_px), gap_px=float(gap_px))


def gap_marks(
    line: tuple[Point, Point], back_px: np.ndarray, gap_px: float
) -> tuple[tuple[Point, Point], ...]:
    """(point, its foot on the line) for each point of ``back_px`` over ``gap_px`` off ``line``.

    The distance is to the infinite line through the stick's two ends (NaN points are skipped).
    """
    a, b = np.asarray(line[0], dtype=float), np.asarray(line[1], dtype=float)
    length = float(np.hypot(*(b - a)))
    if not length > 0:
        return ()
    d = (b - a) / length
    marks = []
    for p in np.asarray(back_px, dtype=float):
        if not np.isfinite(p).all():
            continue
        foot = a + float((p - a) @ d) * d
        if float(np.hypot(*(p - foot))) > gap_px:
            marks.append(((float(p[0]), float(p[1])), (float(foot[0]), float(foot[1]))))
    return tuple(marks)


def _seen(lm: np.ndarray, name: str) -> np.ndarray | None:
    i = idx(name)
    if np.isfinite(lm[i, :2]).all() and lm[i, 3] >= MIN_VISIBILITY:
        return np.asarray(lm[i, :2], dtype=float)
    return None


def back_of_head(lm: np.ndarray) -> np.ndarray | None:
    """The back of the head, pixels: the better-seen ear pushed away from the nose.

    Without a nose the ear itself stands in. None without a visible ear.
    """
    ears = [(lm[idx(n), 3], n) for n in ("left_ear", "right_ear") if _seen(lm, n) is not None]
    if not ears:
        return None
    ear = _seen(lm, max(ears)[1])
    nose = _seen(lm, "nose")
    assert ear is not None
    if nose is None:
        return ear
    return ear + HEAD_BACK_PER_NOSE_EAR * (ear - nose)


def back_points(
    landmarks: np.ndarray, contour: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, float] | None:
    """The back outline with the back of the head, its dorsal direction and the gap distance.

    Args:
        landmarks: ``(33, 4)`` pixel landmarks with visibility.
        contour: the frame's traced back outline, ``(K, 2)`` sacrum → upper back, or None.

    Returns:
        ``(points (K+1, 2) sacrum → head, dorsal direction (2,), gap distance px)``, or None
        without an outline (not side-on), a visible ear, or hips and shoulders.
    """
    if contour is None or len(contour) < 2:
        return None
    outline = np.asarray(contour, dtype=float)
    seen = outline[np.isfinite(outline).all(axis=1)]
    head = back_of_head(landmarks)
    body = landmarks[[idx(f"{s}_{j}") for s in ("left", "right") for j in ("hip", "shoulder")], :2]
    body = body[np.isfinite(body).all(axis=1)]
    if head is None or not len(body) or len(seen) < 2:
        return None
    dorsal = seen.mean(axis=0) - body.mean(axis=0)  # the outline lies behind the body's axis
    torso_px = float(np.hypot(*(seen[-1] - seen[0])))
    return np.vstack([outline, head]), dorsal, GAP_TORSO * torso_px


def dowel_on_back(landmarks: np.ndarray, contour: np.ndarray | None) -> Dowel | None:
    """The dowel for one frame from its ``(33, 4)`` landmarks and traced back outline.

    Returns:
        None when :func:`back_points` finds no back to lay it on.
    """
    back = back_points(landmarks, contour)
    if back is None:
        return None
    pts, dorsal, gap_px = back
    return fit_dowel(pts, dorsal, gap_px=gap_px)
