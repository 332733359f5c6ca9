"""Which exercise is this? Recognised from the motion when the user does not say.

Coaches tell these apart by where the hands are and how the hips and knees move, and so do we:
first whether it is a hinge at all (:mod:`hingecoach.reps.not_hinge`: walking, a row, a squat or
a lunge are named and counted on their own terms), then which hinge:

- a kettlebell swing is fast (about a second a rep), the bell swinging from between the legs up
  to about shoulder height;
- hands held at the shoulders all along mean a bar on the back (good morning); hands spread one
  at the neck and one at the lower back mean a dowel (hinge drill);
- hands hanging from the arms: a deadlift from the floor or a Romanian deadlift, weighed from
  several cues (:mod:`hingecoach.reps.hinge_kind`), with the confidence of the guess.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.kinematics.signals import Signals
from hingecoach.reps import not_hinge
from hingecoach.reps.hinge_kind import at_bottoms, deadlift_or_rdl
from hingecoach.reps.not_hinge import squat_spans
from hingecoach.reps.segment import RepSpan, SegmentParams

__all__ = ["Recognition", "recognise", "squat_spans"]

#: Median rep duration under which reps can be swings...
SWING_MAX_REP_S = 1.8
#: ...when the hands also swing up to within this of standing shoulder height (body lengths):
#: the arms rise past ~70° from hanging (a hanging arm is ~0.42 bl long, cos 70° · 0.42 ≈ 0.15),
#: which a Russian swing reaches (bell at chest to eye height) and no hanging-arm hinge does...
SWING_HANDS_BELOW_SHOULDERS_BL = 0.15
#: ...from a bottom where they hung far below the shoulders (between the legs), unlike a good
#: morning's hands, which stay at the shoulders throughout.
SWING_BOTTOM_GAP_BL = 0.3
#: Hands at the bottom within this of the shoulders: the load sits on the back.
ON_BACK_HANDS_BL = 0.15
#: Wrists this far apart vertically: a dowel held at the neck and at the lower back.
DOWEL_SPREAD_BL = 0.15
#: Hands at the bottom below this height (body lengths above the ankles) hang from the arms to
#: the shins or lower: a deadlift or an RDL, whatever the spread or the shoulders say.
HANGING_HANDS_BL = 0.36


@dataclass(frozen=True)
class Recognition:
    """The recognised exercise, with the evidence for the user.

    Attributes:
        exercise: a hinge profile name, or for a non-hinge ``squat``, ``lunge``, ``row`` or
            ``other``.
        is_hinge: whether hingecoach can coach it.
        reason: what was seen, in words, ending with the confidence of the guess.
        confidence: 0 (a coin toss) to 1 (every cue agrees).
        spans: a non-hinge's reps, segmented on its own movement (hip drops, pulls); empty for
            a hinge, whose reps the caller segments with the exercise's profile.
        depth: ``(N,)`` the non-hinge's own signal its spans were segmented on (percent), to
            time their phases; None for a hinge (timed on the torso lean) or without reps.
    """

    exercise: str
    is_hinge: bool
    reason: str
    confidence: float = 1.0
    spans: tuple[RepSpan, ...] = ()
    depth: np.ndarray | None = None


def confidence_word(confidence: float) -> str:
    """``high``, ``medium`` or ``low``: thirds of the [0, 1] range."""
    return "high" if confidence >= 2 / 3 else "medium" if confidence >= 1 / 3 else "low"


def _made(
    exercise: str,
    is_hinge: bool,
    reason: str,
    confidence: float,
    spans: tuple[RepSpan, ...] = (),
    depth: np.ndarray | None = None,
) -> Recognition:
    """A recognition whose reason ends with the confidence in words and figures."""
    word = confidence_word(confidence)
    return Recognition(
        exercise,
        is_hinge,
        f"{reason} (confidence {word}, {confidence:.2f})",
        confidence,
        spans,
        depth,
    )


def recognise(sig: Signals, spans: list[RepSpan], squat: SegmentParams) -> Recognition:
    """Recognise the exercise from the reps' bottoms and tempo.

    Args:
        sig: the set's signals.
        spans: reps segmented on the torso lean with the recognition settings.
        squat: segmentation settings for the hip drop of a squat (percent of standing height),
            also used for a row's pulls (percent of arm's length).
    """
    found = (
        not_hinge.walking(sig, spans)
        or not_hinge.row(sig, spans, squat)
        or not_hinge.squat_or_lunge(sig, squat)
    )
    if found is not None:
        return _made(
            found.exercise, False, found.reason, found.confidence, found.spans, found.depth
        )
    reps = [s for s in spans if s.counted] or spans
    depth = sig.lean_deg
    opens_at_bottom = bool(spans) and spans[0].from_bottom
    if not reps:
        # No torso excursion: read the deepest hip drop instead (a clip showing only the end of
        # a pull rises from a bottom the lean never reached, e.g. filmed from the front).
        reps, depth = squat_spans(sig, squat), not_hinge.hip_drop_pct(sig)
        opens_at_bottom = bool(reps) and reps[0].from_bottom
        if not reps:
            return _made("conventional_deadlift", True, "no rep found; assuming a deadlift", 0.0)
    swinging = _swings(sig, spans)
    if swinging > 0.5:
        return _made(
            "kb_swing", True, "fast reps, the hands swinging up to the shoulders", swinging
        )
    hands = at_bottoms(sig.hand_height_bl, depth, reps)
    if not (np.isfinite(hands) and hands < HANGING_HANDS_BL):
        spread = at_bottoms(sig.hands_spread_bl, depth, reps)
        if np.isfinite(spread) and spread > DOWEL_SPREAD_BL:
            sure = min(1.0, (spread - DOWEL_SPREAD_BL) / DOWEL_SPREAD_BL)
            return _made("hinge_drill", True, "hands held apart on the back, as a dowel", sure)
        gap = _hands_below_shoulders_bl(sig, [s.bottom for s in reps])
        if np.isfinite(gap) and gap < ON_BACK_HANDS_BL:
            sure = min(1.0, (ON_BACK_HANDS_BL - gap) / ON_BACK_HANDS_BL)
            return _made("good_morning", True, "hands stay at the shoulders: on the back", sure)
    kind = deadlift_or_rdl(sig, reps, opens_at_bottom=opens_at_bottom, depth=depth)
    name = "a deadlift from the floor" if kind.exercise != "rdl" else "a Romanian deadlift"
    seen = ", ".join(kind.cues) if kind.cues else "no cue either way"
    return _made(kind.exercise, True, f"{name}: {seen}", kind.confidence)


def _swings(sig: Signals, spans: list[RepSpan]) -> float:
    """Share of fast reps whose hands swing from between the legs up to the shoulders.

    0 unless the reps are fast and the hands hung far below the shoulders at the bottom; a
    kettlebell swing when over half.
    """
    if len(spans) < 3 or not np.isfinite(sig.shoulder_height_bl).any():
        return 0.0
    durations = [sig.t_s[s.end] - sig.t_s[s.start] for s in spans]
    shoulders = float(np.nanpercentile(sig.shoulder_height_bl, 90))
    # The bell floats up after the hips lock out, so look on until the next swing starts.
    ends = [s.start for s in spans[1:]] + [len(sig.t_s) - 1]
    high = [
        np.nanmax(sig.hand_height_bl[s.start : nxt + 1], initial=-np.inf)
        > shoulders - SWING_HANDS_BELOW_SHOULDERS_BL
        for s, nxt in zip(spans, ends, strict=True)
    ]
    hanging = _hands_below_shoulders_bl(sig, [s.bottom for s in spans]) > SWING_BOTTOM_GAP_BL
    fast = float(np.median(durations)) < SWING_MAX_REP_S
    return sum(high) / len(spans) if fast and hanging else 0.0


def _hands_below_shoulders_bl(sig: Signals, frames: list[int]) -> float:
    """How far the hands sit below the shoulders at the given frames, body lengths."""
    # Hip height + torso's vertical extent ≈ shoulder height; the torso is ~0.37 bl long.
    torso_bl = 0.288 / 0.779
    shoulder = sig.hip_height_bl[frames] + torso_bl * np.sin(
        np.radians(90.0 - sig.lean_deg[frames])
    )
    gap = shoulder - sig.hand_height_bl[frames]
    return float(np.nanmedian(gap)) if np.isfinite(gap).any() else float("nan")
