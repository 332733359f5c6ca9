"""Chunk planning and stitching (pure, on synthetic arrays); chunked tracking with a fake model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import pytest
from _clips import write_mp4

from hingecoach.errors import InputError
from hingecoach.kinematics.filming import TWO_PEOPLE_MSG
from hingecoach.landmarks import N_LANDMARKS
from hingecoach.pose.base import FramePose
from hingecoach.video.chunks import (
    Chunk,
    ChunkTrack,
    plan_chunks,
    split_frames,
    stitch,
    track_chunk,
)
from hingecoach.video.decode import VideoInfo
from hingecoach.video.parallel import seam_breaks, track_video_jobs
from hingecoach.video.track import VideoTrackResult, track_video
from tests.bodies import standing

INFO = VideoInfo(
    width=640, height=480, fps=30.0, n_frames_estimate=0, duration_s=0.0, codec="h264",
    rotation_deg=0,
)  # fmt: skip


def _own(times: np.ndarray, c: Chunk) -> np.ndarray:
    """Indices of the frames a chunk owns, read from its time bounds as track_chunk does."""
    keep = np.ones(len(times), dtype=bool)
    if c.own_from_s is not None:
        keep &= times >= c.own_from_s
    if c.own_until_s is not None:
        keep &= times < c.own_until_s
    return np.flatnonzero(keep)


# --- planning ----------------------------------------------------------------------------------


def test_split_owns_every_frame_once_and_balances_the_warm_up() -> None:
    times = np.arange(1000) / 30.0
    chunks = split_frames(times, 4, warmup_frames=30, min_chunk_frames=100, head_start_frames=50)
    assert [c.index for c in chunks] == [0, 1, 2, 3]
    owned = np.concatenate([_own(times, c) for c in chunks])
    np.testing.assert_array_equal(owned, np.arange(1000))
    for c in chunks:
        np.testing.assert_array_equal(_own(times, c), c.first_frame + np.arange(c.n_frames))
    # every later chunk tracks 30 warm-up frames; the first has a 50-frame head start: equal cost
    sizes = [c.n_frames for c in chunks]
    assert sizes[0] == pytest.approx(sizes[1] + 30 + 50, abs=1)
    assert max(sizes[1:]) - min(sizes[1:]) <= 1
    for c in chunks[1:]:
        assert c.decode_from_s is not None and c.own_from_s is not None
        warm = np.flatnonzero((times >= c.decode_from_s) & (times < c.own_from_s))
        assert len(warm) == 30 and warm[-1] == c.first_frame - 1
    assert chunks[0].decode_from_s is None and chunks[0].own_from_s is None
    assert chunks[-1].own_until_s is None and chunks[-1].stop_s is None


def test_short_video_is_one_chunk_and_fewer_chunks_when_short_of_frames() -> None:
    times = np.arange(250) / 30.0
    (only,) = split_frames(times, 2, warmup_frames=30, min_chunk_frames=150)
    assert only == Chunk(0, 0, 250, None, None, None, None)
    assert len(split_frames(np.arange(400) / 30.0, 8, warmup_frames=30, min_chunk_frames=150)) == 2
    with pytest.raises(ValueError, match="at least 1"):
        split_frames(times, 0)


def test_window_bounds_go_to_the_first_and_last_chunk() -> None:
    times = 2.0 + np.arange(600) / 30.0
    chunks = split_frames(times, 2, warmup_frames=10, min_chunk_frames=50, start_s=2.0, end_s=22.0)
    assert chunks[0].decode_from_s == 2.0 and chunks[-1].stop_s == 22.0
    assert chunks[0].stop_s is None


def test_frames_sharing_a_time_are_never_split() -> None:
    times = np.repeat(np.arange(200) / 30.0, 2)  # every time twice
    chunks = split_frames(times, 2, warmup_frames=0, min_chunk_frames=50)
    assert chunks[1].first_frame % 2 == 0
    owned = np.concatenate([_own(times, c) for c in chunks])
    np.testing.assert_array_equal(owned, np.arange(400))


# --- stitching ---------------------------------------------------------------------------------


def _part(
    index: int,
    n: int,
    t0: float,
    *,
    person: bool = True,
    cuts: tuple[int, ...] = (),
    scores: tuple[float, ...] = (),
    warnings: tuple[str, ...] = (),
) -> ChunkTrack:
    lm = np.stack([standing(400.0, x=300.0 + i + 100 * index) for i in range(n)])
    if not person:
        lm[..., :3] = np.nan
        lm[..., 3] = 0.0
    world = np.full((n, N_LANDMARKS, 3), float(index)) if person else None
    contour = np.array([[1.0, 2.0], [3.0, 4.0]]) * (index + 1)
    return ChunkTrack(
        chunk=Chunk(index, 0, n, None, None, None, None),
        t_s=t0 + np.arange(n) / 30.0,
        landmarks=lm,
        world=world,
        back_contour=tuple(contour if person else None for _ in range(n)),
        cut_frames=cuts,
        other_scores=scores,
        warnings=warnings,
    )


def test_stitch_joins_in_order_with_global_cuts_and_an_empty_chunk() -> None:
    parts = [
        _part(0, 40, 0.0, cuts=(10,)),
        _part(1, 40, 40 / 30.0, person=False),  # nobody in this chunk
        _part(2, 7, 80 / 30.0, cuts=(-1, 3), warnings=("the file is truncated after 2.8 s",)),
    ]
    out = stitch(INFO, list(reversed(parts)), source="v.mp4")
    tr = out.track
    assert tr.n_frames == 87 and tr.image_size == (640, 480) and tr.source == "v.mp4"
    np.testing.assert_array_equal(tr.t_s, np.concatenate([p.t_s for p in parts]))
    np.testing.assert_array_equal(tr.landmarks[40:80], parts[1].landmarks)
    assert tr.world is not None
    assert np.isnan(tr.world[40:80]).all() and (tr.world[80:] == 2.0).all()
    assert tr.back_contour is not None
    assert tr.back_contour[45] is None and tr.back_contour[86] is not None
    # -1 in chunk 2 is chunk 1's last frame (79); 3 is its fourth frame (83)
    assert tr.cut_frames == (10, 79, 83)
    assert out.warnings[0] == "the file is truncated after 2.8 s"


def test_stitch_judges_the_second_person_over_all_samples() -> None:
    # filming.OTHER_PERSON_FRACTION is 0.2: 1 of 4 samples warns, 1 of 6 does not
    low = (0.1, 0.1)
    parts = [_part(0, 60, 0.0, scores=low), _part(1, 60, 2.0, scores=(0.9, 0.1))]
    assert TWO_PEOPLE_MSG in stitch(INFO, parts).warnings
    parts = [_part(0, 60, 0.0, scores=low * 2), _part(1, 60, 2.0, scores=(0.9, 0.1))]
    assert TWO_PEOPLE_MSG not in stitch(INFO, parts).warnings


def test_stitch_refuses_a_missing_chunk_and_a_video_without_anyone() -> None:
    with pytest.raises(ValueError, match=r"not 0\.\.1"):
        stitch(INFO, [_part(0, 5, 0.0), _part(2, 5, 1.0)])
    with pytest.raises(InputError, match="no person"):
        stitch(INFO, [_part(0, 5, 0.0, person=False), _part(1, 5, 1.0, person=False)])


def test_chunk_track_checks_shapes() -> None:
    good = _part(0, 5, 0.0)
    with pytest.raises(ValueError, match=r"landmarks: expected shape \(5, 33, 4\)"):
        ChunkTrack(good.chunk, good.t_s, good.landmarks[:4], None, good.back_contour, (), (), ())
    with pytest.raises(ValueError, match="cut_frames"):
        ChunkTrack(good.chunk, good.t_s, good.landmarks, None, good.back_contour, (5,), (), ())


# --- tracking chunks end to end with a fake, stateful backend ----------------------------------


class _SettlingBackend:
    """Fake tracker whose output depends on the frames since it started, like MediaPipe's.

    Visibility ramps up over the first 4 frames after a cold start; the position follows the
    frame's brightness. The second-person score is read from a corner that changes every frame,
    and kept, so the test sees which frames were sampled.
    """

    def __init__(self) -> None:
        self.seen = 0
        self.scores: list[float] = []

    def process(self, rgb: np.ndarray, t_s: float) -> FramePose:
        self.seen += 1
        if rgb[:8].mean() < 40:
            return FramePose.missing()
        lm = standing(300.0, x=float(rgb[:8, :8].mean()) + 100.0, top=40.0)
        lm[:, 3] = min(0.9, 0.5 + 0.1 * self.seen)
        return FramePose(landmarks=lm, world=np.zeros((N_LANDMARKS, 3)))

    def other_person_score(self, rgb: np.ndarray, pose: FramePose) -> float:
        self.scores.append(float(rgb[-8:, :8].mean()) / 255.0)
        return self.scores[-1]

    def close(self) -> None:
        pass

    def __enter__(self) -> _SettlingBackend:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _shots_video(path: Path, n: int, cuts: list[int], dark: range) -> Path:
    """Textured shots changing at ``cuts``, a moving bar, a dark (nobody) stretch."""
    frames = []
    shot = 0
    for i in range(n):
        shot += i in cuts
        rng = np.random.default_rng(shot)
        img = np.kron(rng.integers(0, 255, (12, 16, 3)), np.ones((8, 8, 1))).astype(np.uint8)
        img[:8] = 40 + 2 * (i % 50) if i not in dark else 0
        img[:, (3 * i) % 128] = 255
        img[-8:, :8] = (i * 37) % 256
        frames.append(img)
    return write_mp4(path, frames)


def _recorder(done: list[tuple[int, int]]) -> Callable[[int, int], None]:
    return lambda d, n: done.append((d, n))


def test_chunked_tracking_equals_one_process_once_the_tracker_settled(tmp_path: Path) -> None:
    times = np.arange(150) / 30.0
    plan = split_frames(times, 3, warmup_frames=10, min_chunk_frames=20)
    b1, b2 = plan[1].first_frame, plan[2].first_frame
    # a cut on a chunk's first own frame, one on a chunk's last, one inside; nobody for a while
    video = _shots_video(tmp_path / "shots.mp4", 150, [b1, b2 - 1, 120], dark=range(60, 75))
    assert plan_chunks(video, 3, warmup_frames=10, min_chunk_frames=20) == plan
    single = _SettlingBackend()
    one = track_video(video, backend=single)
    assert one.track.cut_frames == (b1, b2 - 1, 120)
    parts: list[ChunkTrack] = []
    scores: list[float] = []
    for c in reversed(plan):
        done: list[tuple[int, int]] = []
        backend = _SettlingBackend()
        parts.append(track_chunk(video, c, backend=backend, progress=_recorder(done)))
        assert done[-1] == (c.n_frames, c.n_frames)
        assert parts[-1].warmup_frames == (0 if c.index == 0 else 10)
        scores = backend.scores + scores
    assert scores == single.scores, "the second-person search samples the same frames"
    out = stitch(one.info, parts, source=one.track.source)
    np.testing.assert_array_equal(out.track.t_s, one.track.t_s)
    np.testing.assert_array_equal(out.track.landmarks, one.track.landmarks)
    assert out.track.world is not None and one.track.world is not None
    np.testing.assert_array_equal(out.track.world, one.track.world)
    assert out.track.cut_frames == one.track.cut_frames
    assert out.warnings == one.warnings


def test_chunk_without_warm_up_differs(tmp_path: Path) -> None:
    # The check above can fail: without the warm-up the fake tracker's ramp shows at the seam.
    video = _shots_video(tmp_path / "plain.mp4", 90, [], dark=range(0))
    plan = split_frames(np.arange(90) / 30.0, 2, warmup_frames=0, min_chunk_frames=20)
    one = track_video(video, backend=_SettlingBackend())
    parts = [track_chunk(video, c, backend=_SettlingBackend()) for c in plan]
    seam = plan[1].first_frame
    out = stitch(one.info, parts).track
    assert out.landmarks[seam, 0, 3] < one.track.landmarks[seam, 0, 3]


def test_seam_breaks_finds_a_tracker_that_took_someone_else() -> None:
    a, b, c = _part(0, 10, 0.0), _part(1, 10, 1.0), _part(2, 10, 2.0)
    # _part moves x by 1 px a frame and by 100 px a chunk: body height here is ~400 px
    assert seam_breaks([a, b, c]) == []
    far = _part(2, 10, 2.0)
    far.landmarks[0, :, 0] += 250.0  # someone 0.6 body heights away
    assert seam_breaks([a, b, far]) == [2]
    nobody = _part(1, 10, 1.0, person=False)
    assert seam_breaks([a, nobody, far]) == []  # no person on one side: cannot judge, passes


def test_jobs_below_one_is_refused_and_a_short_video_stays_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hingecoach.video import track

    video = _shots_video(tmp_path / "short.mp4", 40, [], dark=range(0))
    with pytest.raises(InputError, match="--jobs must be 1 or more"):
        track_video_jobs(video, jobs=0)
    calls: list[tuple[Path, float | None]] = []

    def one(path: Path, **kw: Any) -> str:
        calls.append((path, kw["start_s"]))
        return "one process"

    monkeypatch.setattr(track, "track_video", one)
    assert track_video_jobs(video, jobs=4, start_s=0.5) == "one process"  # 40 frames: no split
    assert track_video_jobs(video, jobs=1) == "one process"
    assert calls == [(video, 0.5), (video, None)]


def test_track_cache_runs_jobs_on_a_miss_and_keys_without_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hingecoach.video import parallel, track_cache

    video = _shots_video(tmp_path / "v.mp4", 40, [], dark=range(0))
    made = track_video(video, backend=_SettlingBackend())
    asked: list[int | None] = []

    def jobs_run(path: Path, **kw: Any) -> VideoTrackResult:
        asked.append(kw["jobs"])
        return made

    monkeypatch.setattr(parallel, "track_video_jobs", jobs_run)
    settings = {"backend": "fake"}
    got, status = track_cache.cached_track_video(
        video, cache_dir=tmp_path, settings=settings, jobs=2
    )
    assert (status, asked, got) == ("miss", [2], made)
    again, status = track_cache.cached_track_video(video, cache_dir=tmp_path, settings=settings)
    assert status == "hit" and again.track.n_frames == made.track.n_frames
