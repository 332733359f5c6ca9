"""The dowel test, measured: the gap between the dowel and the head, upper back and sacrum.

The article: "Place a dowel ... on the back making contact with the lumbar spine, head, and
cervical spine. Push the hips back and hinge forward maintaining contact ... If the head,
cervical, or lumbar spine lack contact with the object, then the hip hinge needs work."

Per frame, the dowel line is the stick found in the frame (:mod:`.dowel_line`) or else the
virtual dowel laid on the traced back outline (:func:`hingecoach.video.dowel.fit_dowel`). The
gap at each contact point is how far in front of that line the point's nearest stretch lies:
the sacrum (outline from hip level up to :data:`SACRUM_TO` of the way to the shoulders), the
upper back (from :data:`~hingecoach.kinematics.signals.UPPER_BACK_FROM` up) and the back of the
head (estimated from the ear and the nose). Pixels become centimetres via the lifter's height
(:mod:`.scale`). Pure functions over arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hingecoach.checks.torso_neutral import HINGED_LEAN_DEG
from hingecoach.kinematics.signals import UPPER_BACK_FROM, Signals
from hingecoach.landmarks import idx
from hingecoach.models import PoseTrack, RepResult
from hingecoach.selftest.dowel_line import DowelLine
from hingecoach.selftest.models import (
    ContactLoss,
    ContactPoint,
    DowelRep,
    DowelResult,
    DowelSource,
)
from hingecoach.selftest.scale import cm_per_bl, cm_per_px
from hingecoach.video.dowel import HEAD_BACK_PER_NOSE_EAR, back_points, fit_dowel
from hingecoach.video.dowel import MIN_VISIBILITY as HEAD_MIN_VISIBILITY

#: A contact point further than this in front of the dowel line has lost contact, cm. A stick
#: resting on the body is 0 cm off; the traced outline wanders ~2 cm with clothing folds and the
#: mask's edge, the back of the head is estimated from the ear to ~2 cm, and the line is the
#: stick's centre (~1.5 cm above the skin): beyond 5 cm the body has clearly left the stick.
GAP_LIMIT_CM = 5.0
#: A gap must last this long to be a lost contact, seconds (one or two frames of a flickering
#: outline are not the back moving).
MIN_LOSS_S = 0.2
#: The sacrum's stretch of the outline: from hip level up to this share of the way to the
#: shoulders.
SACRUM_TO = 0.25
#: Share of the judged frames in which the stick must be found for the set to be measured on it;
#: below it the virtual dowel is used throughout (one line for the whole set, not a patchwork).
MIN_DETECTED_SHARE = 0.5
POINTS: tuple[ContactPoint, ...] = ("head", "upper_back", "sacrum")


@dataclass(frozen=True)
class FrameGaps:
    """Per-frame gaps, ``(N,)`` each, cm (NaN where the frame was not judged)."""

    head: np.ndarray
    upper_back: np.ndarray
    sacrum: np.ndarray

    def of(self, point: ContactPoint) -> np.ndarray:
        """The series of one contact point."""
        return {"head": self.head, "upper_back": self.upper_back, "sacrum": self.sacrum}[point]


def contact_gaps_px(
    line: tuple[np.ndarray, np.ndarray],
    back_px: np.ndarray,
    head_px: np.ndarray,
    dorsal: np.ndarray,
    *,
    head_radius_px: float = 0.0,
) -> dict[ContactPoint, float]:
    """Gap between the dowel line and each contact point, pixels (0 = touching).

    Args:
        line: two pixel points on the dowel.
        back_px: ``(K, 2)`` back outline, sacrum → shoulder level.
        head_px: ``(2,)`` the back of the head, or the head's centre with ``head_radius_px``.
        dorsal: ``(2,)`` a direction pointing out of the back.
        head_radius_px: the skull's radius round ``head_px``: the head's gap is the centre's
            less this, so it holds however the head is turned.

    Returns:
        For each point, the smallest distance of its stretch in front of the line (points behind
        it count as touching).
    """
    a, b = np.asarray(line[0], dtype=float), np.asarray(line[1], dtype=float)
    d = (b - a) / max(float(np.hypot(*(b - a))), 1e-9)
    n = np.array([-d[1], d[0]])
    n = n if n @ np.asarray(dorsal, dtype=float) >= 0 else -n

    def gap(pts: np.ndarray) -> float:
        pts = pts[np.isfinite(pts).all(axis=1)]
        return float(np.maximum((a - pts) @ n, 0.0).min()) if len(pts) else float("nan")

    pts = np.asarray(back_px, dtype=float)
    s = np.linspace(0.0, 1.0, len(pts))
    return {
        "head": max(0.0, gap(np.asarray(head_px, dtype=float)[None, :]) - head_radius_px),
        "upper_back": gap(pts[s >= UPPER_BACK_FROM]),
        "sacrum": gap(pts[s <= SACRUM_TO]),
    }


def head_sphere(landmarks: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The head seen from the side as a disc: its centre (the better-seen ear) and radius, px.

    The ear canal sits near the middle of the skull seen side-on, the back of the skull
    :data:`~hingecoach.video.dowel.HEAD_BACK_PER_NOSE_EAR` nose → ear lengths behind it (~9 cm),
    so the disc's edge nearest the stick is the back of the head whichever way the head is
    turned (hinged, the face points down and "away from the nose" is not "toward the stick").
    None without a seen ear; radius 0 without a seen nose.
    """
    ears = [
        (landmarks[idx(n), 3], idx(n))
        for n in ("left_ear", "right_ear")
        if landmarks[idx(n), 3] >= HEAD_MIN_VISIBILITY and np.isfinite(landmarks[idx(n), :2]).all()
    ]
    if not ears:
        return None
    ear = np.asarray(landmarks[max(ears)[1], :2], dtype=float)
    nose = landmarks[idx("nose")]
    if nose[3] < HEAD_MIN_VISIBILITY or not np.isfinite(nose[:2]).all():
        return ear, 0.0
    return ear, HEAD_BACK_PER_NOSE_EAR * float(np.hypot(*(ear - nose[:2])))


def frame_gaps(
    track: PoseTrack, sig: Signals, height_m: float, found: Sequence[DowelLine | None] | None
) -> tuple[FrameGaps, np.ndarray, np.ndarray]:
    """Gaps per frame, which frames were judged and in which the stick itself was used.

    A frame is judged when the torso leans past the torso check's hinged lean (upright, the
    outline's rays meet the glutes, not the sacrum), its back outline was traced and the back of
    the head was seen. The stick found in the frames is used when it was found in at least
    :data:`MIN_DETECTED_SHARE` of them (the virtual dowel fills the frames it was missed in);
    otherwise the virtual dowel is used throughout.

    Args:
        track: the lifter's landmarks and back outlines.
        sig: the track's signals (lean, body length).
        height_m: the lifter's height, for centimetres.
        found: per frame, the stick found in it (None: not found); None when no frames were
            searched (a keypoint file, a camera without frames kept).

    Returns:
        ``(gaps, judged (N,) bool, stick used (N,) bool)``.
    """
    n = track.n_frames
    contours = track.back_contour or tuple(None for _ in range(n))
    hinged = np.nan_to_num(sig.lean_deg, nan=0.0) >= HINGED_LEAN_DEG
    backs = {
        int(i): b
        for i in np.flatnonzero(hinged)
        if (b := back_points(track.landmarks[i], contours[i])) is not None
    }
    seen = np.array([found is not None and found[i] is not None for i in backs], dtype=bool)
    use_found = bool(len(seen)) and seen.mean() >= MIN_DETECTED_SHARE
    out = {p: np.full(n, np.nan) for p in POINTS}
    judged = np.zeros(n, dtype=bool)
    used = np.zeros(n, dtype=bool)
    scale = cm_per_px(height_m, sig.body_length_px)
    for i, (pts, dorsal, gap_px) in backs.items():
        head = head_sphere(track.landmarks[i])
        if head is None:
            continue
        centre, radius = head
        pts = pts.copy()  # the virtual dowel rests on the head disc's back-most point
        pts[-1] = centre + radius * dorsal / max(float(np.hypot(*dorsal)), 1e-9)
        stick = found[i] if found is not None and use_found else None
        if stick is not None:
            line = (stick.a, stick.b)
            used[i] = True
        elif (virtual := fit_dowel(pts, dorsal, gap_px=gap_px)) is not None:
            line = (np.asarray(virtual.line[0]), np.asarray(virtual.line[1]))
        else:
            continue
        judged[i] = True
        gaps = contact_gaps_px(line, pts[:-1], centre, dorsal, head_radius_px=radius)
        for p, g in gaps.items():
            out[p][i] = g * scale
    return FrameGaps(out["head"], out["upper_back"], out["sacrum"]), judged, used


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """``(first, last)`` frames of each run of True."""
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1, strict=True))


def _rep_of(frame: int, reps: Sequence[RepResult]) -> int | None:
    return next((r.index for r in reps if r.start_frame <= frame <= r.end_frame), None)


def contact_losses(
    gaps: FrameGaps, t_s: np.ndarray, reps: Sequence[RepResult], *, limit_cm: float = GAP_LIMIT_CM
) -> list[ContactLoss]:
    """Every stretch of at least :data:`MIN_LOSS_S` where a point's gap passed ``limit_cm``.

    A frame not judged (NaN) ends a stretch: a loss is only said where it was seen.
    """
    out = []
    for point in POINTS:
        g = gaps.of(point)
        for a, b in _runs(np.nan_to_num(g, nan=0.0) > limit_cm):
            if t_s[b] - t_s[a] < MIN_LOSS_S:
                continue
            out.append(
                ContactLoss(
                    point=point,
                    rep=_rep_of(int(a), reps),
                    start_s=round(float(t_s[a]), 3),
                    end_s=round(float(t_s[b]), 3),
                    frame=int(a),
                    max_gap_cm=round(float(np.max(g[a : b + 1])), 1),
                )
            )
    return sorted(out, key=lambda c: (c.start_s, c.point))


def _max_or_none(x: np.ndarray) -> float | None:
    return round(float(np.nanmax(x)), 1) if np.isfinite(x).any() else None


def dowel_result(
    track: PoseTrack,
    sig: Signals,
    reps: Sequence[RepResult],
    *,
    height_m: float,
    found: Sequence[DowelLine | None] | None,
    warnings: Sequence[str] = (),
) -> DowelResult:
    """The dowel test's result for a set: per-rep largest gaps and every contact lost.

    Args:
        track: the lifter's landmarks and back outlines.
        sig: the track's signals.
        reps: the set's reps, from the engine.
        height_m: the lifter's height, metres.
        found: per frame, the stick found in it, or None when no frames were searched.
        warnings: caveats from earlier stages to carry.
    """
    gaps, judged, used = frame_gaps(track, sig, height_m, found)
    losses = contact_losses(gaps, sig.t_s, reps)
    rep_rows = [
        DowelRep(
            index=r.index,
            start_s=r.start_s,
            end_s=r.end_s,
            max_gap_cm={
                p: _max_or_none(gaps.of(p)[r.start_frame : r.end_frame + 1]) for p in POINTS
            },
            lost=[p for p in POINTS if any(c.rep == r.index and c.point == p for c in losses)],
        )
        for r in reps
    ]
    n_judged = int(judged.sum())
    share = float(used[judged].mean()) if n_judged else 0.0
    source: DowelSource = "none" if not n_judged else ("detected" if used.any() else "virtual")
    notes = list(warnings)
    if not n_judged:
        notes.append(_why_not_judged(track, sig))
    return DowelResult(
        source=track.source,
        dowel=source,
        detected_share=round(share, 3),
        note=_dowel_note(source, share, searched=found is not None),
        height_m=height_m,
        cm_per_bl=round(cm_per_bl(height_m), 1),
        gap_limit_cm=GAP_LIMIT_CM,
        frames_judged=n_judged,
        reps=rep_rows,
        losses=losses,
        passed=None if not n_judged else not losses,
        warnings=notes,
    )


def _dowel_note(source: str, share: float, *, searched: bool) -> str:
    if source == "detected":
        return (
            f"measured against the dowel found in the frames ({share:.0%} of the judged frames; "
            "the virtual dowel on the back outline filled the rest)"
        )
    if source == "virtual":
        why = (
            "the dowel could not be found in the frames"
            if searched
            else "the frames were not searched for the dowel"
        )
        return f"{why}: measured against the virtual dowel laid on the traced back outline"
    return "nothing measured: no hinged frame with a traced back outline and a visible head"


def _why_not_judged(track: PoseTrack, sig: Signals) -> str:
    """Why no frame could be judged, as one sentence with what to do."""
    view = sig.view.view
    if view not in ("side", "oblique"):
        return f"the camera view is {view}: film side-on so the back's outline shows"
    contours = track.back_contour or ()
    traced = np.array([c is not None for c in contours], dtype=bool)
    hinged = np.nan_to_num(sig.lean_deg, nan=0.0) >= HINGED_LEAN_DEG
    if not traced.any():
        return "no back outline was traced: film side-on, the whole body in view"
    if not hinged.any():
        return f"the torso never leaned past {HINGED_LEAN_DEG:.0f}°: hinge further forward"
    if not (traced & hinged).any():
        return (
            f"the back outline was traced in {int(traced.sum())} frames but in none hinged past "
            f"{HINGED_LEAN_DEG:.0f}° (view {view}, {abs(sig.view.yaw_deg):.0f}° off side-on): "
            "film exactly side-on"
        )
    return "the back of the head was not seen in the hinged frames"
