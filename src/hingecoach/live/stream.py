"""The engine one frame at a time: landmarks in, live angles and judged reps out.

Live and offline share one code path (design.md). Every frame's landmarks are low-passed
causally (:class:`CausalFilter`, the offline Butterworth run forwards only) and turned into
signals by :func:`signals_from_xy` over a bounded tail of frames, so the work per frame does not
grow with the set. The torso lean goes into the same :class:`RepSegmenter` the offline engine
feeds. When it emits a rep (at lockout, once the lean has settled for ``settle_s``), the rep's
frames — plus a little standing before it, for the baseline — are filtered zero-phase exactly as
offline (the future is no longer needed: the rep is over), its start is refined and it is judged
by :func:`engine.judge_rep`. ``finish`` assembles the same :class:`SetResult` as ``analyze``.

What differs from offline, and why it stays small:
- the lean that drives the segmenter is causal, so boundaries lag the zero-phase ones by about
  a frame (a 2nd-order 6 Hz Butterworth delays ~25 ms at hinge tempo);
- a rep is judged from frames up to its emission, so the standing baseline after lockout has
  ``settle_s`` of frames rather than ``BASELINE_S``, and a set-wide median (the opening-pull
  depth of a deadlift from the floor) uses only the reps seen so far;
- the camera view is estimated from the first ``WARMUP_S`` of frames (the capture check's
  window, live) and re-estimated on everything so far when a rep is judged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from hingecoach import engine
from hingecoach.checks.profiles import Profile, load_profile
from hingecoach.errors import InputError
from hingecoach.kinematics.filters import CausalFilter, zero_phase
from hingecoach.kinematics.signals import (
    CUTOFF_HZ,
    MIN_VISIBILITY,
    Signals,
    compute_signals,
    signals_from_xy,
)
from hingecoach.kinematics.view import ViewEstimate, estimate_view
from hingecoach.landmarks import N_LANDMARKS, idx
from hingecoach.live.cues import CueCoach
from hingecoach.models import PoseTrack, RepResult, SetResult
from hingecoach.reps.recognise import recognise
from hingecoach.reps.segment import RepSegmenter, RepSpan
from hingecoach.video.track import judge_filming

#: Frames of the tail over which per-frame signals are computed (3 s at 30 fps). Only the
#: front-view lean and the body length look across frames; joint angles are per frame.
TAIL_FRAMES = 90
#: Seconds of frames with a seen torso needed to estimate the camera view before the first
#: lean is computed (which way the lifter faces decides the sign of every sagittal angle).
WARMUP_S = 0.5
#: Gaps (a landmark unseen) up to this long are bridged by holding its last value, as offline
#: bridges them by interpolation (``zero_phase``'s ``max_gap_s``): otherwise a one-frame miss of
#: one hip would jump the hip midpoint to the other hip and glitch the lean.
MAX_GAP_S = 0.5
#: Seconds of frames before the previous lockout kept in a rep's judging window: the rep's
#: standing baseline and the standing reference of :func:`refine_start` live there.
JUDGE_LOOKBACK_S = 1.0
#: Longest judging window, seconds: bounds the work per rep in a long set.
MAX_JUDGE_WINDOW_S = 30.0
#: The set is over when the lifter stands this long without moving after a rep, seconds...
STILL_END_S = 6.0
#: ...moving less than this (hips and shoulders, body lengths) over that time...
STILL_BL = 0.06
#: ...or when nobody has been seen for this long after a rep, seconds.
WALK_OFF_S = 2.0

ANGLES = {
    "hip": "hip_flexion_deg",
    "knee": "knee_flexion_deg",
    "shin": "shin_angle_deg",
    "torso": "torso_angle_deg",
}
_HIPS = [idx("left_hip"), idx("right_hip")]
_SHOULDERS = [idx("left_shoulder"), idx("right_shoulder")]


@dataclass(frozen=True)
class LiveFrame:
    """The state after one frame, for the overlay.

    Attributes:
        frame: index of the frame in the session.
        t_s: its time, seconds (session clock).
        angles: hip, knee, shin and torso angles (degrees, causal filter; NaN when unseen or
            before the view is known).
        lean_deg: torso lean from vertical that drives the segmenter.
        rep_count: counted reps so far.
    """

    frame: int
    t_s: float
    angles: dict[str, float]
    lean_deg: float
    rep_count: int


@dataclass(frozen=True)
class RepEvent:
    """A rep judged the moment it completed, and what the coach says about it.

    Attributes:
        rep: the judged rep (frames index the session, as in the final result).
        cue: words to show and speak; "" when nothing is said (partial rep or cool-down).
        fault: check id of the rep's top fault, or None when clean.
        lockout_t_s: time of the rep's lockout (its last frame), seconds.
        emitted_t_s: time of the frame that completed it (lockout + the segmenter's settle).
    """

    rep: RepResult
    cue: str
    fault: str | None
    lockout_t_s: float
    emitted_t_s: float


class _Grow:
    """A NumPy array that grows along axis 0 (amortised O(1) append; slices are views)."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self._a = np.empty((256, *shape))
        self.n = 0

    def append(self, x: np.ndarray | float) -> None:
        if self.n == len(self._a):
            self._a = np.concatenate([self._a, np.empty_like(self._a)])
        self._a[self.n] = x
        self.n += 1

    @property
    def a(self) -> np.ndarray:
        return self._a[: self.n]


class StreamingSession:
    """Feed one frame's landmarks at a time; collect the reps it judges; ``finish`` the set."""

    def __init__(
        self,
        profile: Profile,
        *,
        image_size: tuple[int, int],
        coach: CueCoach | None = None,
        recognise_at_end: bool = False,
        profile_override: Path | None = None,
        source: str = "live",
    ) -> None:
        """Start a set.

        Args:
            profile: the exercise judged live (and in the result unless recognition differs).
            image_size: ``(width, height)`` of the frames, pixels.
            coach: picks the cue per rep; a default :class:`CueCoach` when None.
            recognise_at_end: recognise the exercise from the whole set at ``finish``; when it
                is not ``profile``'s, the result is the offline analysis as that exercise.
            profile_override: the user's TOML path, reused if recognition switches profile.
            source: names the source in the result.
        """
        self.profile = profile
        self.image_size = image_size
        self.coach = coach or CueCoach()
        self.recognise_at_end = recognise_at_end
        self._override = profile_override
        self.source = source
        self.events: list[RepEvent] = []
        self._t = _Grow(())
        self._lm = _Grow((N_LANDMARKS, 4))
        self._fxy = _Grow((N_LANDMARKS, 2))
        self._lean = _Grow(())
        self._contours: list[np.ndarray | None] = []
        self._view: ViewEstimate | None = None
        self._filter: CausalFilter | None = None
        self._held = np.full(N_LANDMARKS * 2, np.nan)
        self._held_t = np.full(N_LANDMARKS * 2, -np.inf)
        self._seg = RepSegmenter(profile.segmentation)
        self._spans: list[RepSpan] = []
        self._judged: list[tuple[RepResult, dict[str, float]]] = []
        self._last_seen_t = -np.inf
        self._last = LiveFrame(-1, float("nan"), {k: float("nan") for k in ANGLES}, np.nan, 0)

    # -- per frame -------------------------------------------------------------------------

    @property
    def n_frames(self) -> int:
        """Frames pushed so far."""
        return self._t.n

    @property
    def rep_count(self) -> int:
        """Counted reps so far."""
        return sum(r.counted for r, _ in self._judged)

    @property
    def last(self) -> LiveFrame:
        """The live state after the latest frame."""
        return self._last

    @property
    def view(self) -> ViewEstimate | None:
        """The camera view the live angles use (None during the warm-up)."""
        return self._view

    def push(
        self, t_s: float, landmarks: np.ndarray, contour: np.ndarray | None = None
    ) -> tuple[LiveFrame, list[RepEvent]]:
        """Add one frame: ``(33, 4)`` pixel landmarks (NaN + visibility 0 when unseen).

        Returns the frame's live state and the reps it completed (usually none).
        """
        lm = np.asarray(landmarks, dtype=float)
        if lm.shape != (N_LANDMARKS, 4):
            raise ValueError(f"landmarks: expected shape ({N_LANDMARKS}, 4), got {lm.shape}")
        if self._t.n and t_s <= self._t.a[-1]:
            raise ValueError(f"t_s must increase: {t_s} after {self._t.a[-1]}")
        self._t.append(t_s)
        self._lm.append(lm)
        self._contours.append(contour)
        if self._view is None and not self._warm_up():
            return self._last, []
        events: list[RepEvent] = []
        for i in range(self._lean.n, self._t.n):  # one frame, or the whole warm-up at once
            events += self._step(i)
        return self._last, events

    def _warm_up(self) -> bool:
        """Estimate the view once ``WARMUP_S`` of frames show the torso; True when known."""
        xy = _masked(self._lm.a)
        torso = np.isfinite(xy[:, _HIPS + _SHOULDERS]).all(axis=(1, 2))
        t = self._t.a[torso]
        if len(t) < 3 or t[-1] - t[0] < WARMUP_S:
            return False
        view = estimate_view(xy)
        if view.view == "unknown":
            return False
        dt = np.diff(self._t.a)
        fs = float(1.0 / np.median(dt)) if len(dt) else 30.0
        self._view = view
        self._filter = CausalFilter(cutoff_hz=CUTOFF_HZ, fs_hz=fs, width=N_LANDMARKS * 2)
        return True

    def _step(self, i: int) -> list[RepEvent]:
        assert self._filter is not None and self._view is not None
        t_s = float(self._t.a[i])
        xy = _masked(self._lm.a[i : i + 1])[0].reshape(-1)
        seen = np.isfinite(xy)
        self._held[seen], self._held_t[seen] = xy[seen], t_s
        bridge = ~seen & (t_s - self._held_t <= MAX_GAP_S)
        xy[bridge] = self._held[bridge]
        self._fxy.append(self._filter.step(xy).reshape(N_LANDMARKS, 2))
        lo = max(0, i + 1 - TAIL_FRAMES)
        tail = PoseTrack(self._t.a[lo : i + 1], self._lm.a[lo : i + 1], self.image_size)
        sig = signals_from_xy(self._fxy.a[lo : i + 1], tail, self._view)
        lean = float(sig.lean_deg[-1])
        self._lean.append(lean)
        if bool(sig.valid[-1]):
            self._last_seen_t = t_s
        events = [self._judge(span, t_s) for span in self._seg.push(i, t_s, lean)]
        self._last = LiveFrame(
            i, t_s, {k: float(getattr(sig, a)[-1]) for k, a in ANGLES.items()}, lean, self.rep_count
        )
        return events

    # -- per rep ---------------------------------------------------------------------------

    def _judge(self, span: RepSpan, now_s: float) -> RepEvent:
        prev = self._spans[-1] if self._spans else None
        t = self._t.a
        anchor = t[prev.end] - JUDGE_LOOKBACK_S if prev is not None else -np.inf
        w0 = int(np.searchsorted(t, max(anchor, now_s - MAX_JUDGE_WINDOW_S)))
        w0 = min(w0, span.start)
        track = self._window_track(w0)
        sig = self._window_signals(track)
        refined = _refine_last(sig, _shift(prev, -w0), _shift(span, -w0), self.profile)
        not_judged = engine.not_judged_checks(self.profile, sig, track)
        index = len(self._spans) + 1
        rep, values = engine.judge_rep(sig, refined, index, self.profile, not_judged)
        rep = _shift_rep(rep, w0)
        self._spans.append(_shift(refined, w0) or span)
        self._judged.append((rep, values))
        cue = self.coach.cue(rep, now_s)
        event = RepEvent(rep, cue.text, cue.fault, float(t[span.end]), now_s)
        self.events.append(event)
        return event

    def _window_track(self, w0: int) -> PoseTrack:
        return PoseTrack(
            self._t.a[w0:],
            self._lm.a[w0:],
            self.image_size,
            back_contour=tuple(self._contours[w0 : self._t.n]),
            source=self.source,
        )

    def _window_signals(self, track: PoseTrack) -> Signals:
        """Zero-phase signals of a finished stretch, as offline, with the view so far."""
        xy = _masked(track.landmarks)
        if track.n_frames >= 4:
            xy = zero_phase(xy, track.t_s, cutoff_hz=CUTOFF_HZ)
        view = estimate_view(self._fxy.a)
        if view.view == "unknown" or view.facing_sign != self._view_sign():
            view = self._view or view
        return signals_from_xy(xy, track, view)

    def _view_sign(self) -> float:
        return self._view.facing_sign if self._view is not None else 1.0

    # -- end of the set --------------------------------------------------------------------

    def set_over(self) -> str | None:
        """Why the set is over — the lifter walked off or stands still after a rep — or None."""
        if not self._judged or not self._lean.n:
            return None
        t = self._t.a
        now = float(t[-1])
        if now - self._last_seen_t >= WALK_OFF_S:
            return "the lifter walked off"
        recent = t >= now - STILL_END_S
        if t[self._lean.n - 1] - t[np.argmax(recent)] < 0.9 * STILL_END_S:
            return None
        n0 = int(np.argmax(recent))
        lean = self._lean.a[n0:]
        if not (np.isfinite(lean).all() and (lean < self.profile.segmentation.leave_deg).all()):
            return None
        body = self._fxy.a[n0 : self._lean.n][:, _HIPS + _SHOULDERS]
        bl = _body_length_px(self._fxy.a[max(0, self._lean.n - TAIL_FRAMES) : self._lean.n])
        travel = np.nanmax(np.nanmax(body, axis=0) - np.nanmin(body, axis=0))
        if np.isfinite(travel) and travel / bl < STILL_BL:
            return f"the lifter stood still for {STILL_END_S:.0f} s"
        return None

    def track(self) -> PoseTrack:
        """Every frame pushed so far as a :class:`PoseTrack` (raw landmarks, back contours)."""
        return self._window_track(0)

    def finish(self, *, warnings: Sequence[str] = ()) -> tuple[list[RepEvent], SetResult]:
        """Close the set: the reps the end completed, and the set's result.

        Raises:
            InputError: when too few frames showed the lifter to analyse anything.
        """
        if self._view is None and self._t.n >= 3:
            xy = _masked(self._lm.a)
            if np.isfinite(xy).any():
                self._view = estimate_view(xy)
                self._warm_up_anyway()
        events: list[RepEvent] = []
        if self._view is not None:
            now = float(self._t.a[-1])
            events = [self._judge(span, now) for span in self._seg.finish()]
        track = self.track()
        if track.n_frames < 3:
            raise InputError("too few frames to analyse: record the whole set")
        notes = [*warnings, *judge_filming(track)]
        return events, self._result(track, notes)

    def _warm_up_anyway(self) -> None:
        """A short set that never finished its warm-up still gets its frames processed."""
        dt = np.diff(self._t.a)
        fs = float(1.0 / np.median(dt)) if len(dt) else 30.0
        self._filter = CausalFilter(cutoff_hz=CUTOFF_HZ, fs_hz=fs, width=N_LANDMARKS * 2)
        for i in range(self._lean.n, self._t.n):
            self._step(i)

    def _result(self, track: PoseTrack, notes: list[str]) -> SetResult:
        sig = compute_signals(track)
        if sig.valid.mean() == 0:
            raise InputError(
                "no frame shows the shoulders, hips, knees and ankles: film the whole body, side-on"
            )
        if self.recognise_at_end:
            rec = recognise(sig, self._spans)
            if not rec.is_hinge or rec.exercise != self.profile.exercise:
                said = f"coached live as {self.profile.exercise}"
                notes.append(
                    f"{said}; the set looks like {rec.exercise} ({rec.reason}), so the result "
                    "judges it as that"
                    if rec.is_hinge
                    else f"{said}, but {rec.reason}"
                )
                result = engine.analyze_track(
                    track,
                    exercise=rec.exercise if rec.is_hinge else None,
                    profile_override=self._override,
                    warnings=notes,
                )
                return result.model_copy(update={"exercise_detected": True})
        not_judged = engine.not_judged_checks(self.profile, sig, track)
        self._reconcile(sig, not_judged)
        return engine.assemble(
            track,
            sig,
            self._judged,
            self.profile,
            not_judged,
            detected=self.recognise_at_end,
            warnings=notes,
        )

    def _reconcile(self, sig: Signals, not_judged: dict[str, str]) -> None:
        """Apply the set-wide rules once every rep is known: a set that opens at the bottom
        counts its first pull only if it opened as deep as the other reps went. A rep whose
        verdict changes is judged again on the whole set's signals."""
        again = engine.refine_spans(sig, self._spans, self.profile)
        for k, (old, new) in enumerate(zip(self._spans, again, strict=True)):
            if new.counted != old.counted:
                self._spans[k] = new
                self._judged[k] = engine.judge_rep(sig, new, k + 1, self.profile, not_judged)


def session_for(
    exercise: str | None,
    *,
    image_size: tuple[int, int],
    profile_override: Path | None = None,
    coach: CueCoach | None = None,
    source: str = "live",
) -> StreamingSession:
    """A session for ``exercise``; None coaches as an RDL and recognises the set at the end."""
    override = profile_override
    profile = load_profile(exercise or "rdl", override)
    return StreamingSession(
        profile,
        image_size=image_size,
        coach=coach,
        recognise_at_end=exercise is None,
        profile_override=override,
        source=source,
    )


def _masked(lm: np.ndarray) -> np.ndarray:
    """``(N, 33, 2)`` pixels with low-visibility landmarks set to NaN (as offline)."""
    xy = lm[..., :2].copy()
    xy[lm[..., 3] < MIN_VISIBILITY] = np.nan
    return xy


def _body_length_px(fxy: np.ndarray) -> float:
    from hingecoach.kinematics.signals import body_length_px

    bl = body_length_px(fxy)
    return bl if np.isfinite(bl) and bl > 0 else float("inf")


def _shift(span: RepSpan | None, by: int) -> RepSpan | None:
    if span is None:
        return None
    return replace(
        span,
        start=max(0, span.start + by),
        bottom=max(0, span.bottom + by),
        end=max(0, span.end + by),
    )


def _refine_last(
    sig: Signals, prev: RepSpan | None, span: RepSpan | None, profile: Profile
) -> RepSpan:
    """The offline refinement of ``span`` (start at the first movement; walking, floor
    touches and mid-rep openings not counted), with the previous rep bounding the look-back.

    The previous rep is passed uncounted so it does not enter the set-wide opening depth.
    """
    assert span is not None
    spans = [replace(prev, counted=False), span] if prev is not None else [span]
    return engine.refine_spans(sig, spans, profile)[-1]


def _shift_rep(rep: RepResult, by: int) -> RepResult:
    """``rep`` with frame indices moved from the judging window to the session."""
    findings = [
        f.model_copy(update={"frame": f.frame + by}) if f.frame is not None else f
        for f in rep.findings
    ]
    return rep.model_copy(
        update={
            "start_frame": rep.start_frame + by,
            "bottom_frame": rep.bottom_frame + by,
            "end_frame": rep.end_frame + by,
            "findings": findings,
        }
    )
