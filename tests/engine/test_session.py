"""One engine: a session fed frame by frame gives exactly the offline result, and coaches live.

``analyze_track`` is a session fed from a recorded track, and a live session's ``finish`` runs the
same whole-set analysis on the same frames, so the two results must be equal — not close: equal,
with no tolerance. The live events are judged on the frames so far; they must agree with the final
result on which reps counted.
"""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach import synth as sy
from hingecoach.engine import RepEvent, Session, analyze_track, live_state
from hingecoach.models import PoseTrack, SetResult
from tests.live._clips import CLIPS, clip_track

SYNTH_CASES = [
    ("rdl", "side", ("knees_forward:from=4",)),
    ("rdl", "side_left", ()),
    ("rdl", "oblique30", ("lumbar_flexion:from=3",)),
    ("conventional_deadlift", "side", ("bar_drift:from=2",)),
    ("good_morning", "side", ()),
    ("kb_swing", "side", ()),
    ("hinge_drill", "front", ()),
    ("pause_deadlift", "side", ("pause_short:from=3",)),
]


def synth_track(exercise: str, view: str, faults: tuple[str, ...], reps: int = 6) -> PoseTrack:
    spec = sy.SynthSpec(
        exercise=exercise,
        reps=reps,
        faults=tuple(sy.parse_fault_spec(f) for f in faults),
        camera=sy.CameraSpec(view=view),
        seed=3,
    )
    return sy.generate_set(spec).track


def live(track: PoseTrack, exercise: str | None) -> tuple[list[RepEvent], SetResult, Session]:
    """Feed ``track`` to a live session frame by frame, as the camera loop does."""
    session = Session(
        image_size=track.image_size, exercise=exercise, source=track.source, live=True
    )
    events: list[RepEvent] = []
    contours = track.back_contour or (None,) * track.n_frames
    for i in range(track.n_frames):
        events += session.push(float(track.t_s[i]), track.landmarks[i], contours[i])
        if i in track.cut_frames:  # the camera loop's cut detector, as it confirms them
            session.mark_cut_at(float(track.t_s[i]))
    more, result = session.finish()
    return events + more, result, session


def assert_events_agree(events: list[RepEvent], result: SetResult) -> None:
    """Events are numbered in order, and every counted rep of the result was coached live."""
    assert [e.rep.index for e in events] == list(range(1, len(events) + 1))
    coached = [e.rep.end_s for e in events if e.rep.counted]
    final = [r.end_s for r in result.reps if r.counted]
    assert len(coached) == len(final), (coached, final)
    for a, b in zip(coached, final, strict=True):
        assert abs(a - b) < 0.5, (a, b)


@pytest.mark.parametrize(("exercise", "view", "faults"), SYNTH_CASES)
@pytest.mark.parametrize("given", [True, False])
def test_synthetic_live_equals_offline(
    exercise: str, view: str, faults: tuple[str, ...], given: bool
) -> None:
    track = synth_track(exercise, view, faults)
    ex = exercise if given else None
    events, result, _ = live(track, ex)
    assert result == analyze_track(track, exercise=ex)
    assert_events_agree(events, result)


def test_events_are_judged_when_the_rep_completes() -> None:
    track = synth_track("rdl", "side", ("knees_forward:from=3",))
    events, result, _ = live(track, "rdl")
    for e in events:
        assert e.lockout_t_s <= e.emitted_t_s <= e.lockout_t_s + 0.5
    faulted = [e.rep.index for e in events if "hips_back_first" in {f.check for f in e.rep.faults}]
    assert faulted and min(faulted) >= 3
    assert faulted == [
        r.index for r in result.reps if "hips_back_first" in {f.check for f in r.faults}
    ]


def test_unknown_exercise_is_recognised_from_the_first_reps() -> None:
    track = synth_track("conventional_deadlift", "side", ())
    events, result, session = live(track, None)
    assert result.exercise == "conventional_deadlift"
    counted = [e for e in events if e.rep.counted]
    assert len(counted) == result.rep_count
    assert all(e.exercise == "conventional_deadlift" for e in counted)
    assert "coaching this set as conventional_deadlift" in session.notices


@pytest.mark.e2e
def test_a_squat_is_said_to_be_no_hinge_while_the_set_goes_on() -> None:
    events, result, session = live(clip_track("squat_goblet_not_a_hinge"), None)
    assert not result.is_hinge
    assert not events
    assert any(n.startswith("not a hinge") for n in session.notices)


def test_work_per_frame_is_bounded_by_the_tail(monkeypatch: pytest.MonkeyPatch) -> None:
    """Per-frame live signals look at a bounded tail, so a long set costs the same per frame."""
    seen: list[int] = []
    real = live_state.signals_from_xy

    def spy(xy: np.ndarray, track: PoseTrack, view: object) -> object:
        seen.append(len(xy))
        return real(xy, track, view)  # type: ignore[arg-type]

    monkeypatch.setattr(live_state, "signals_from_xy", spy)
    track = synth_track("rdl", "side", (), reps=12)
    live(track, "rdl")
    fps = 1.0 / float(np.median(np.diff(track.t_s)))
    assert max(seen) <= live_state.TAIL_S * fps + 2
    assert track.n_frames > 3 * max(seen)


def test_set_over_when_the_lifter_walks_off() -> None:
    track = synth_track("rdl", "side", (), reps=2)
    session = Session(image_size=track.image_size, exercise="rdl", live=True)
    contours = track.back_contour or (None,) * track.n_frames
    for i in range(track.n_frames):
        session.push(float(track.t_s[i]), track.landmarks[i], contours[i])
    assert session.set_over() is None or "still" in (session.set_over() or "")
    missing = np.full((33, 4), np.nan)
    missing[:, 3] = 0.0
    t = float(track.t_s[-1])
    for k in range(1, 80):
        session.push(t + k / 30.0, missing)
    assert session.set_over() == "the lifter walked off"


def test_frames_must_move_forward_and_have_33_landmarks() -> None:
    session = Session(image_size=(640, 480))
    session.push(0.0, np.zeros((33, 4)))
    with pytest.raises(ValueError, match="t_s must increase"):
        session.push(0.0, np.zeros((33, 4)))
    with pytest.raises(ValueError, match=r"expected shape \(33, 4\)"):
        session.push(1.0, np.zeros((17, 4)))


@pytest.mark.e2e
@pytest.mark.parametrize("name", CLIPS)
@pytest.mark.parametrize("given", [True, False])
def test_real_clip_live_equals_offline(name: str, given: bool) -> None:
    track = clip_track(name)
    offline = analyze_track(track)
    exercise = offline.exercise if given and offline.is_hinge else None
    if given:
        offline = analyze_track(track, exercise=exercise)
    events, result, _ = live(track, exercise)
    assert result == offline
    if result.is_hinge:
        assert_events_agree(events, result)
