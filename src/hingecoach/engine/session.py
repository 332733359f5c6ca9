"""The one driver: a session fed frame by frame, by a file, a camera, the web or a batch job.

``push`` takes one frame's landmarks (and back outline); ``finish`` returns the set's
:class:`SetResult`, computed by :func:`~hingecoach.engine.analysis.analyse_set` on every frame
pushed. That is all offline analysis is (:func:`analyze_track` feeds a track through a session),
so a file played through ``live`` without dropped frames gives exactly the result of ``analyze``.

A live session (``live=True``) also coaches while the set goes on: a causal per-frame tracker
(:mod:`hingecoach.engine.live_state`) gives the overlay its angles and notices a lockout; at that
moment the frames so far (back to :data:`LOOKBACK_S` before the previous rep) are analysed with the
same whole-set analysis and each rep it completed is emitted as a :class:`RepEvent` with its
findings (the live loop picks the cue). What can still change at ``finish``, and why: the last
frames of a window are filtered without the future the whole set has, and set-wide rules (the
opening pull's depth, recognising the exercise) see every rep.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hingecoach.checks.profiles import Profiles, load_profiles
from hingecoach.engine.analysis import TOO_FEW_MSG, analyse_set
from hingecoach.engine.judge import moved_rep
from hingecoach.engine.live_state import LiveFrame, LiveTracker
from hingecoach.errors import InputError
from hingecoach.landmarks import N_LANDMARKS
from hingecoach.models import PoseTrack, RepResult, SetResult, Side

#: A rep's live judgement looks this far back before the previous rep's end, seconds: the
#: standing before the rep and the start-of-movement search live there.
LOOKBACK_S = 2.0
#: Longest live judging window, seconds: bounds the work per rep in a long set.
MAX_WINDOW_S = 60.0
#: Reps whose ends are this close in time are the same rep seen in two windows, seconds.
SAME_REP_S = 0.25
#: How long after a rep's lockout the live session waits before judging it, seconds: the frames
#: just after a lockout decide whether it was one (a lean settling at standing); the cue still
#: comes well within half a second of the lockout.
SETTLE_S = 0.3
#: Without ``--exercise``, the set so far is recognised afresh until it has this many counted
#: reps, then the exercise is kept: a swing needs three reps to tell from a deadlift (its tempo
#: and the bell floating up), and one guess that keeps changing cannot be coached.
LOCK_AFTER_REPS = 3


@dataclass(frozen=True)
class RepEvent:
    """A rep judged the moment it completed, and what the coach says about it.

    Attributes:
        rep: the judged rep (frames and index as in the session).
        exercise: the exercise it was judged as.
        lockout_t_s: time of the rep's lockout (its last frame), seconds.
        emitted_t_s: time of the frame that completed it.
    """

    rep: RepResult
    exercise: str
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


class Session:
    """Feed one frame at a time; with ``live`` collect the reps it judges; ``finish`` the set."""

    def __init__(
        self,
        *,
        image_size: tuple[int, int],
        profiles: Profiles | None = None,
        exercise: str | None = None,
        side: Side | None = None,
        source: str = "live",
        live: bool = False,
    ) -> None:
        """Start a set.

        Args:
            image_size: ``(width, height)`` of the frames, pixels.
            profiles: limits of every exercise (loaded at the edge); the shipped ones when None.
            exercise: the exercise to judge; recognised from the reps when None.
            side: the lifter's side nearer the camera, overriding the guess.
            source: names the source in the result.
            live: coach while the set goes on (per-frame angles, a judged event per rep).
        """
        self.profiles = profiles or load_profiles()
        if exercise is not None:
            self.profiles.get(exercise)  # an unknown exercise fails before any frame
        self.exercise = exercise
        self.image_size = image_size
        self.side = side
        self.source = source
        self.events: list[RepEvent] = []
        self.notices: list[str] = []
        self.live_exercise: str | None = exercise
        self._t = _Grow(())
        self._lm = _Grow((N_LANDMARKS, 4))
        self._contours: list[np.ndarray | None] = []
        self._cuts: list[int] = []
        self._pending_cuts: list[float] = []
        #: When a rep ended too recently to judge, the time to judge the frames again, seconds.
        self._recheck_t_s: float | None = None
        params = (
            self.profiles.get(exercise).segmentation
            if exercise is not None
            else self.profiles.recognition
        )
        self._tracker = LiveTracker(params, image_size) if live else None
        self._leave_deg = params.leave_deg
        self._said = 0

    @property
    def n_frames(self) -> int:
        """Frames pushed so far."""
        return self._t.n

    @property
    def rep_count(self) -> int:
        """Counted reps coached so far."""
        return sum(e.rep.counted for e in self.events)

    @property
    def last(self) -> LiveFrame | None:
        """The live state after the latest frame (None unless live)."""
        return None if self._tracker is None else self._tracker.last

    def push(
        self, t_s: float, landmarks: np.ndarray, contour: np.ndarray | None = None
    ) -> list[RepEvent]:
        """Add one frame and return the reps it completed (live only; usually none).

        Args:
            t_s: the frame's time, seconds; must increase.
            landmarks: ``(33, 4)`` pixel landmarks (NaN and visibility 0 when unseen).
            contour: the traced back outline, ``(K, 2)`` pixels, or None.

        Raises:
            ValueError: on a wrong shape or a time that does not increase.
        """
        lm = np.asarray(landmarks, dtype=float)
        if lm.shape != (N_LANDMARKS, 4):
            raise ValueError(f"landmarks: expected shape ({N_LANDMARKS}, 4), got {lm.shape}")
        if self._t.n and not t_s > self._t.a[-1]:
            raise ValueError(f"t_s must increase: {t_s} after {self._t.a[-1]}")
        self._t.append(t_s)
        self._lm.append(lm)
        self._contours.append(contour)
        if self._pending_cuts:
            self._apply_pending_cuts()
        if self._tracker is None:
            return []
        lockout = self._tracker.advance(self._t.a, self._lm.a, self.rep_count)
        settled = self._recheck_t_s is not None and t_s >= self._recheck_t_s
        if lockout or settled:
            self._recheck_t_s = None
            return self._judge_so_far()
        return []

    def mark_cut(self, frame: int) -> None:
        """Frame ``frame`` (already pushed) starts a new shot: no rep may span it.

        Raises:
            ValueError: for a frame not pushed yet, the first frame, or one not after the last cut.
        """
        if not 0 < frame < self._t.n or (self._cuts and frame <= self._cuts[-1]):
            raise ValueError(f"cut at frame {frame}: not after the last cut, or not pushed yet")
        self._cuts.append(frame)

    def mark_cut_at(self, t_s: float) -> None:
        """The frame at ``t_s`` starts a new shot; marked when it is pushed if it is not yet.

        For a camera loop whose cut detector confirms a cut a frame late, by the frame's time.
        """
        self._pending_cuts.append(t_s)
        self._apply_pending_cuts()

    def _apply_pending_cuts(self) -> None:
        t = self._t.a
        keep = []
        for t_cut in self._pending_cuts:
            i = int(np.searchsorted(t, t_cut))
            if i >= self._t.n:
                keep.append(t_cut)  # not pushed yet
            elif t[i] == t_cut and 0 < i and (not self._cuts or i > self._cuts[-1]):
                self._cuts.append(i)
        self._pending_cuts = keep

    def take_notices(self) -> list[str]:
        """Notices (the exercise recognised, not a hinge) not yet taken, oldest first."""
        new = self.notices[self._said :]
        self._said = len(self.notices)
        return new

    def set_over(self) -> str | None:
        """Why the set is over — the lifter walked off or stands still after a rep — or None."""
        if self._tracker is None or not self.events:
            return None
        return self._tracker.set_over(self._t.a, self._leave_deg)

    def track(self) -> PoseTrack:
        """Every frame pushed so far as a :class:`PoseTrack` (raw landmarks, back contours)."""
        return self._window(0)

    def finish(self, *, warnings: Sequence[str] = ()) -> tuple[list[RepEvent], SetResult]:
        """Close the set: the reps the end completed (live), and the set's result.

        Args:
            warnings: caveats from the source (decoding, filming, dropped frames).

        Raises:
            InputError: when too few frames showed the lifter to analyse anything.
        """
        if self._t.n < 3:
            raise InputError(TOO_FEW_MSG)
        events = self._judge_so_far(final=True) if self._tracker is not None else []
        result = analyse_set(
            self.track(), self.profiles, exercise=self.exercise, side=self.side, warnings=warnings
        )
        if self._tracker is not None and self.live_exercise not in (None, result.exercise):
            self.notices.append(
                f"coached live as {self.live_exercise}; the whole set reads as {result.exercise}"
            )
        return events, result

    # -- live judging ----------------------------------------------------------------------

    def _window(self, w0: int) -> PoseTrack:
        return PoseTrack(
            self._t.a[w0:],
            self._lm.a[w0:],
            self.image_size,
            back_contour=tuple(self._contours[w0 : self._t.n]),
            source=self.source,
            cut_frames=tuple(c - w0 for c in self._cuts if c > w0),
        )

    def _judge_so_far(self, *, final: bool = False) -> list[RepEvent]:
        """Analyse the frames since shortly before the last emitted rep; emit its new reps."""
        t = self._t.a
        now = float(t[-1])
        last_end = self.events[-1].lockout_t_s if self.events else -np.inf
        # Until the exercise is settled, recognition needs every rep so far.
        back_to = -np.inf if self.live_exercise is None else last_end - LOOKBACK_S
        w0 = int(np.searchsorted(t, max(back_to, now - MAX_WINDOW_S)))
        if self._t.n - w0 < 3:
            return []
        try:
            result = analyse_set(
                self._window(w0), self.profiles, exercise=self.live_exercise, side=self.side
            )
        except InputError:
            return []
        if not result.is_hinge:
            note = result.warnings[-1]
            if note not in self.notices:
                self.notices.append(note)
            return []
        settled = final or self.live_exercise is not None
        if self.live_exercise is None and result.rep_count >= LOCK_AFTER_REPS:
            self.live_exercise = result.exercise
            self.notices.append(f"coaching this set as {result.exercise}")
            settled = True
        if not settled:
            return []  # the exercise is not known yet: its reps are judged once it is
        out: list[RepEvent] = []
        last = self._t.n - 1 - w0
        for k, rep in enumerate(result.reps):
            # A rep whose lockout is this window's last moments may still change (whether
            # its rise was filmed whole, where it settles): it waits a little for more frames.
            unfinished = not final and (rep.end_frame >= last or rep.end_s > now - SETTLE_S)
            if unfinished and rep.end_frame < last:
                self._recheck_t_s = rep.end_s + SETTLE_S  # judged again once it has settled
            if rep.end_s <= last_end + SAME_REP_S or unfinished:
                continue
            first_only = not self.events and k == len(result.reps) - 1
            if not final and first_only and self._opened_deep():
                # A set that opens at the bottom: whether its first pull is a whole rep depends
                # on how deep the next reps go, so it waits for one.
                break
            out.append(self._emit(rep, w0, result.exercise, now))
            last_end = rep.end_s
        return out

    def _opened_deep(self) -> bool:
        """The first lean seen was already past standing: the set opened mid-rep or at the floor."""
        assert self._tracker is not None
        lean = np.asarray(self._tracker.lean)
        seen = lean[np.isfinite(lean)]
        return bool(len(seen)) and bool(seen[0] > self._leave_deg)

    def _emit(self, rep: RepResult, w0: int, exercise: str, now_s: float) -> RepEvent:
        rep = moved_rep(rep, index=len(self.events) + 1, by=w0)
        event = RepEvent(rep, exercise, rep.end_s, now_s)
        self.events.append(event)
        return event


def analyze_track(
    track: PoseTrack,
    *,
    profiles: Profiles | None = None,
    exercise: str | None = None,
    side: Side | None = None,
    warnings: Sequence[str] = (),
) -> SetResult:
    """Analyse a whole recorded set: the track fed through a :class:`Session`.

    Args:
        track: the lifter's landmarks over time.
        profiles: limits of every exercise (loaded at the edge); the shipped ones when None.
        exercise: profile to judge against; recognised from the motion when None.
        side: the lifter's side nearer the camera, overriding the guess from the landmarks.
        warnings: caveats from earlier stages (decoding, pose) to carry into the result.

    Raises:
        InputError: when nothing in the track can be measured.
    """
    session = Session(
        image_size=track.image_size,
        profiles=profiles,
        exercise=exercise,
        side=side,
        source=track.source,
    )
    contours = track.back_contour or (None,) * track.n_frames
    cuts = set(track.cut_frames)
    for i, (t_s, lm, contour) in enumerate(zip(track.t_s, track.landmarks, contours, strict=True)):
        session.push(float(t_s), lm, contour)
        if i in cuts:
            session.mark_cut(i)
    return session.finish(warnings=warnings)[1]
