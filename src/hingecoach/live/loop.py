"""The live loop: source → pose → capture check → engine session → cues, window, voice.

One thread runs the pose model and everything after it; the source reads in its own thread and
drops frames the loop cannot keep up with (see :mod:`hingecoach.live.source`), and says so while
the set goes on. Until the capture check says "ready" the loop only coaches the set-up, keeping
the frames it has seen (up to :data:`SETUP_KEPT_S`); at "ready" they all start the engine's
:class:`~hingecoach.engine.Session`, so a file played without dropped frames gives the session
exactly the frames ``analyze`` reads, and the same result. The set ends when the source ends or
the window is closed, and from a camera also when the lifter stands still or walks off.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from hingecoach.checks.profiles import Profiles, load_profiles
from hingecoach.engine import RepEvent, Session
from hingecoach.kinematics.filming import judge_filming
from hingecoach.live.capture import CHECKING, CaptureCheck, mean_luma
from hingecoach.live.cues import DEFAULT_COOLDOWN_S, GOOD, WORDS, CueCoach
from hingecoach.live.events import CoachedRep
from hingecoach.live.source import FileSource, Frame, LiveSource
from hingecoach.live.voice import Voice
from hingecoach.live.window import OffscreenDisplay, Screen
from hingecoach.models import PoseTrack, SetResult
from hingecoach.pose.back_contour import trace_back_contour
from hingecoach.pose.base import PoseBackend
from hingecoach.video.cuts import CutDetector, person_box, thumbnail

#: Arrival times remembered to measure each cue's delay from its lockout frame, frames.
_ARRIVALS_KEPT = 900
#: Seconds of frames kept while the capture check coaches the set-up; they start the session.
SETUP_KEPT_S = 30.0
#: Dropped frames are announced during the set when this many more were dropped...
DROP_ANNOUNCE_FRAMES = 5
#: ...and at most this often, seconds.
DROP_ANNOUNCE_EVERY_S = 5.0


@dataclass(frozen=True)
class LiveOptions:
    """How to coach.

    Attributes:
        exercise: profile to coach; None recognises it from the first rep(s) and coaches from
            then on.
        profiles: every exercise's limits, loaded once at the edge; the shipped ones when None.
        cooldown_s: seconds before the same fault cue is said again.
        check_capture: run the capture check first (off: start the set on the first frame).
    """

    exercise: str | None = None
    profiles: Profiles | None = None
    cooldown_s: float = DEFAULT_COOLDOWN_S
    check_capture: bool = True


@dataclass
class LiveOutcome:
    """What happened: the set's result, the reps as coached, and the loop's timing.

    Attributes:
        result: the SetResult, or None when the set never started.
        track: every frame's landmarks, saved with the set so it can be re-analysed later.
        events: the reps in the order they were judged, with their cues.
        messages: the capture check's messages as they changed ("ready" last when it passed).
        end_reason: why the loop stopped.
        latencies_s: per processed frame, read → overlay drawn (or processed, headless).
        cue_delays_s: per rep, (rep index, seconds from reading its lockout frame to its cue).
        frames_read: frames the source produced; dropped: those the loop never saw.
    """

    result: SetResult | None = None
    track: PoseTrack | None = None
    events: list[CoachedRep] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    end_reason: str = ""
    latencies_s: list[float] = field(default_factory=list)
    cue_delays_s: list[tuple[int, float]] = field(default_factory=list)
    frames_read: int = 0
    dropped: int = 0


@dataclass
class _State:
    session: Session | None = None
    fault_text: str | None = None
    message: str = ""
    arrivals: deque[tuple[float, float]] = field(
        default_factory=lambda: deque(maxlen=_ARRIVALS_KEPT)
    )
    setup: deque[tuple[float, np.ndarray, np.ndarray | None]] = field(default_factory=deque)
    dropped_said: int = 0
    dropped_said_t: float = -np.inf


def _default_backend() -> PoseBackend:
    from hingecoach.pose.mediapipe import MediaPipePose  # heavy import, only when needed

    return MediaPipePose()


def run_live(
    source: LiveSource,
    *,
    options: LiveOptions | None = None,
    display: OffscreenDisplay | None = None,
    voice: Voice | None = None,
    backend: PoseBackend | None = None,
    on_event: Callable[[CoachedRep], None] | None = None,
    on_message: Callable[[str], None] | None = None,
) -> LiveOutcome:
    """Coach one set from ``source`` until it ends; see the module docstring.

    Raises:
        InputError: the source cannot be opened, or the set had too little to analyse.
    """
    opts = options or LiveOptions()
    out = LiveOutcome()
    st = _State()
    profiles = opts.profiles or load_profiles()
    profile = profiles.get(opts.exercise or "rdl")
    coach = CueCoach(cooldown_s=opts.cooldown_s)
    source.start()
    be = backend or _default_backend()
    try:
        assert source.image_size is not None
        size = source.image_size
        capture = CaptureCheck(profile, image_size=size)

        def start_session() -> Session:
            return Session(
                image_size=size,
                profiles=profiles,
                exercise=opts.exercise,
                source=source.name,
                live=True,
            )

        def said(text: str, *, speak: bool = True) -> None:
            if text != st.message:
                st.message = text
                out.messages.append(text)
                if on_message is not None:
                    on_message(text)
                if voice is not None and speak and text != CHECKING:
                    voice.say(text)

        def handle(events: list[RepEvent]) -> None:
            assert st.session is not None
            for note in st.session.take_notices():
                said(note)
            for ev in events:
                cue = coach.cue(ev.rep, ev.emitted_t_s)
                coached = CoachedRep(
                    ev.rep, ev.exercise, cue.text, cue.fault, ev.lockout_t_s, ev.emitted_t_s
                )
                out.events.append(coached)
                delay = _since_arrival(st.arrivals, ev.lockout_t_s)
                if delay is not None:
                    out.cue_delays_s.append((ev.rep.index, delay))
                if ev.rep.counted:
                    st.fault_text = cue.text or (
                        WORDS.get(cue.fault, cue.fault) if cue.fault else GOOD
                    )
                if voice is not None:
                    voice.say(cue.text)
                if display is not None:
                    display.on_rep(coached, time.perf_counter())
                if on_event is not None:
                    on_event(coached)

        def announce_drops(t_s: float) -> None:
            dropped = source.slot.dropped
            if (
                dropped - st.dropped_said >= DROP_ANNOUNCE_FRAMES
                and t_s - st.dropped_said_t >= DROP_ANNOUNCE_EVERY_S
            ):
                st.dropped_said, st.dropped_said_t = dropped, t_s
                said(
                    f"{dropped} frames dropped so far: the pose model is falling behind, so reps "
                    "may be missed; close other programs or lower the camera resolution",
                    speak=False,
                )

        # A file's set ends with the file, as ``analyze`` reads it; a camera's when the lifter
        # stands still or walks off.
        played_file = isinstance(source, FileSource)
        cuts = CutDetector()
        recent_t: deque[float] = deque(maxlen=3)
        cut_times: list[float] = []
        if not opts.check_capture:
            st.session = start_session()
        for frame in source.frames():
            out.frames_read = frame.index + 1
            st.arrivals.append((frame.t_s, frame.arrived_s))
            pose = be.process(frame.rgb, frame.t_s)
            contour = trace_back_contour(pose.mask, pose.landmarks) if pose.detected else None
            recent_t.append(frame.t_s)
            cut = cuts.push(thumbnail(frame.rgb), person_box(pose.landmarks[:, :2], size))
            if cut is not None:  # confirmed a frame late: the cut is the frame before this one
                cut_times.append(recent_t[-2])
            if st.session is None:
                status = capture.push(frame.t_s, pose.landmarks, mean_luma(frame.rgb))
                st.setup.append((frame.t_s, pose.landmarks, contour))
                while st.setup and st.setup[0][0] < frame.t_s - SETUP_KEPT_S:
                    st.setup.popleft()
                said(status.message)
                if status.ready:
                    st.session = start_session()
                    for t_cut in cut_times:
                        st.session.mark_cut_at(t_cut)
                    while st.setup:
                        handle(st.session.push(*st.setup.popleft()))
            else:
                if cut is not None:
                    st.session.mark_cut_at(cut_times[-1])
                handle(st.session.push(frame.t_s, pose.landmarks, contour))
            announce_drops(frame.t_s)
            out.dropped = source.slot.dropped
            keep_going = _show(display, st, frame, pose.landmarks, contour, out.dropped)
            out.latencies_s.append(time.perf_counter() - frame.arrived_s)
            if not keep_going:
                out.end_reason = "the window was closed"
                break
            if not played_file and st.session is not None and (reason := st.session.set_over()):
                out.end_reason = reason
                break
        else:
            out.end_reason = "the source ended"
    finally:
        source.stop()
        if backend is None:
            be.close()
    out.dropped = source.slot.dropped
    if st.session is None:
        out.end_reason = f"{out.end_reason} before the picture was ready: {st.message}"
        return out
    notes = judge_filming(st.session.track())
    if out.dropped:
        notes.append(f"{out.dropped} frames were dropped live: the pose model fell behind")
    last_cut = cuts.finish()
    if last_cut is not None and recent_t:
        st.session.mark_cut_at(recent_t[-1])
    events, out.result = st.session.finish(warnings=notes)
    out.track = st.session.track()
    handle(events)
    if voice is not None:
        voice.wait()
    return out


def _since_arrival(arrivals: deque[tuple[float, float]], t_s: float) -> float | None:
    """Wall seconds since the frame at ``t_s`` was read (the nearest kept frame at or after)."""
    for t, arrived in arrivals:
        if t >= t_s - 1e-6:
            return time.perf_counter() - arrived
    return None


def _show(
    display: OffscreenDisplay | None,
    st: _State,
    frame: Frame,
    landmarks: np.ndarray,
    contour: np.ndarray | None,
    dropped: int,
) -> bool:
    if display is None:
        return True
    status = []
    if st.session is None or st.session.rep_count == 0:
        status.append(st.message)
    if dropped:
        status.append(f"pose model behind: {dropped} frames dropped")
    live = st.session.last if st.session is not None else None
    screen = Screen(
        rgb=frame.rgb,
        landmarks=landmarks if np.isfinite(landmarks[:, :2]).any() else None,
        contour=contour,
        angles=None if live is None else live.angles,
        rep_count=None if st.session is None else st.session.rep_count,
        fault_text=st.fault_text,
        status=tuple(s for s in status if s),
    )
    return display.show(screen, t_s=frame.t_s, now_s=time.perf_counter())
