"""One video in time chunks: plan them, track each anywhere, stitch them into one track.

Pose estimation runs one frame after another (MediaPipe tracks the person from the last frame),
so one video keeps one core busy. Cut into time chunks, a video can use every core
(:mod:`hingecoach.video.parallel`, ``analyze --jobs N``) or a Ray cluster (``hingecoach
batch``): three calls, each usable in whatever process runs it.

- :func:`plan_chunks` reads the frame times from the container's packets (no decoding) and
  splits them with the pure :func:`split_frames`;
- :func:`track_chunk` decodes one chunk (seeking to a keyframe before it), builds the pose
  backend in the calling process unless given one, tracks :data:`WARMUP_FRAMES` frames before
  the chunk and throws them away, and keeps the chunk's own frames;
- :func:`stitch` joins the chunks in order into the :class:`VideoTrackResult` one process gives.

The warm-up is there because a cold tracker starts from a fresh detection: its first landmarks
differ from those of the run that tracked from the start by up to 1–2 % of body height and its
visibilities by up to 0.3; both settle within a second (:data:`WARMUP_FRAMES`). The first chunk
starts where one process starts, so its frames are exactly those of one process; later chunks
agree with one process to the tracker's floor (~0.05 % of body height), never bit for bit.

Scene cuts are found in each chunk with the warm-up frames as the detector's context; a chunk
owns the cuts its own frames confirm (the frame before its first may be one), and only the last
chunk judges the video's last frame. The second-person search samples the same frames as one
process (numbered in the whole video), and the filming is judged once, on the stitched track.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import av
import numpy as np

from hingecoach.errors import InputError
from hingecoach.landmarks import N_LANDMARKS
from hingecoach.models import PoseTrack
from hingecoach.pose.base import PoseBackend
from hingecoach.video.decode import VideoInfo, open_video
from hingecoach.video.frame_loop import OTHER_PERSON_SCORE, FrameAccumulator, threaded_frames

if TYPE_CHECKING:
    from hingecoach.video.track import VideoTrackResult

#: Frames tracked before a chunk's own first frame and then thrown away. Measured with
#: ``benchmarks/chunk_warmup.py`` (3 cold starts per clip at 20/45/70 % of its frames, each run
#: 75 frames and compared with one run from the first frame; 20 starts on the 8 shared clips long
#: enough): at frame 0 a cold start is 0.3-3.4 % of body height off (median over shoulders,
#: hips, knees, ankles) and up to 0.35 off in visibility (which the gates compare with 0.5). On
#: the kettlebell, good-morning and squat clips (15 starts) it is within 0.2 % and 0.05 for good
#: by frame 30 at 12 starts (14-38 frames at all), and from frame 30 on never beyond 0.34 % and
#: 0.03. The barbell pulls whose plates hide the legs settle later (60-74 frames; from frame 30
#: on up to 1.05 % and 0.06). 30 frames (1 s at 30 fps) is also above the 16 the cut detector
#: needs for its full context (``cuts.TYPICAL_FRAMES`` + 1). The two-people clip's cold starts
#: locked onto the other person: not a warm-up matter (see ``parallel.seam_breaks``).
WARMUP_FRAMES = 30
#: Fewest own frames a chunk gets (2 s at 30 fps): a worker's start (~25 frames of tracking,
#: ``parallel.WORKER_START_FRAMES``) and its warm-up (30) cost about 55 frames, which a shorter
#: chunk would not earn back. A video shorter than two chunks is tracked in one piece.
MIN_CHUNK_FRAMES = 60

Settings = Mapping[str, Any]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Chunk:
    """One time chunk of a video: which frames it owns and where its decoding starts.

    Times are seconds on the video's clock (as :class:`~hingecoach.video.decode.DecodedFrame`
    ``t_s``); bounds between chunks lie halfway between two frames, so no frame is on one.

    Attributes:
        index: position among the video's chunks, from 0.
        first_frame: index in the analysed frames of this chunk's first own frame.
        n_frames: own frames planned (from the container's packets).
        decode_from_s: decoding and tracking start here (None: where the analysis starts);
            frames before ``own_from_s`` are the warm-up, tracked and thrown away.
        own_from_s: first own frame's time bound (None: every decoded frame is own).
        own_until_s: own frames are before this (None: to ``stop_s``, the analysis' end).
        stop_s: the analysis' end time (``--end``) for the last chunk, None for the rest.
    """

    index: int
    first_frame: int
    n_frames: int
    decode_from_s: float | None
    own_from_s: float | None
    own_until_s: float | None
    stop_s: float | None


@dataclass(frozen=True)
class ChunkTrack:
    """What :func:`track_chunk` returns for one chunk: its own frames' track, no warm-up.

    Attributes:
        chunk: the chunk tracked.
        t_s: ``(n,)`` times of the own frames, seconds.
        landmarks: ``(n, 33, 4)`` pixel landmarks and visibility (NaN where nobody).
        world: ``(n, 33, 3)`` world landmarks in metres (NaN rows where none), or None.
        back_contour: ``n`` back outlines, each ``(K, 2)`` pixels or None.
        cut_frames: shots starting at these own-frame indices; ``-1`` is the frame before the
            chunk (the previous chunk's last), whose cut only this chunk's first frame confirms.
        other_scores: second-person scores of the sampled own frames.
        warnings: decoding caveats (a truncated file).
        warmup_frames: frames tracked before the own frames and thrown away.
    """

    chunk: Chunk
    t_s: np.ndarray
    landmarks: np.ndarray
    world: np.ndarray | None
    back_contour: tuple[np.ndarray | None, ...]
    cut_frames: tuple[int, ...]
    other_scores: tuple[float, ...]
    warnings: tuple[str, ...]
    warmup_frames: int = 0

    def __post_init__(self) -> None:
        """Check shapes against ``t_s``; a ValueError names the expected and actual shape."""
        n = len(self.t_s)
        if self.landmarks.shape != (n, N_LANDMARKS, 4):
            raise ValueError(
                f"landmarks: expected shape ({n}, {N_LANDMARKS}, 4), got {self.landmarks.shape}"
            )
        if self.world is not None and self.world.shape != (n, N_LANDMARKS, 3):
            raise ValueError(
                f"world: expected shape ({n}, {N_LANDMARKS}, 3), got {self.world.shape}"
            )
        if len(self.back_contour) != n:
            raise ValueError(f"back_contour: expected {n} entries, got {len(self.back_contour)}")
        if any(c < -1 or c >= n for c in self.cut_frames):
            raise ValueError(f"cut_frames: expected indices in -1..{n - 1}, got {self.cut_frames}")

    @property
    def n_frames(self) -> int:
        """Own frames tracked."""
        return len(self.t_s)


def split_frames(
    times_s: np.ndarray,
    n_chunks: int,
    *,
    warmup_frames: int = WARMUP_FRAMES,
    min_chunk_frames: int = MIN_CHUNK_FRAMES,
    head_start_frames: int = 0,
    start_s: float | None = None,
    end_s: float | None = None,
) -> list[Chunk]:
    """Split the analysed frames' times into at most ``n_chunks`` chunks of near-equal cost.

    Every chunk but the first also tracks ``warmup_frames`` before its own, and starts
    ``head_start_frames`` later (the first runs in the calling process, the others in fresh
    workers), so the first chunk gets that many more own frames and all finish together.
    Fewer chunks are made when one would get fewer than ``min_chunk_frames`` own frames.

    Args:
        times_s: ``(n,)`` non-decreasing times of the frames to analyse, seconds.
        n_chunks: chunks wanted (the workers available), at least 1.
        warmup_frames: frames a chunk tracks before its own.
        min_chunk_frames: fewest own frames a chunk may get.
        head_start_frames: frames' worth of time the first chunk gains on the others.
        start_s: the analysis' start (``--start``): where the first chunk decodes from.
        end_s: the analysis' end (``--end``): where the last chunk stops.

    Returns:
        Chunks in order, owning every frame once.
    """
    t = np.asarray(times_s, dtype=float)
    n = len(t)
    if n_chunks < 1:
        raise ValueError(f"n_chunks must be at least 1, got {n_chunks}")
    count = max(1, min(n_chunks, int((n - head_start_frames - warmup_frames) // min_chunk_frames)))
    per_chunk = (n - head_start_frames - warmup_frames) / count
    starts = [0]
    for j in range(1, count):
        k = round(n - (count - j) * per_chunk)
        while 0 < k < n and t[k - 1] >= t[k]:  # never split frames that share a time
            k += 1
        if starts[-1] < k < n:
            starts.append(k)
    ends = [*starts[1:], n]
    chunks = []
    for j, (k0, k1) in enumerate(zip(starts, ends, strict=True)):
        own_from = None if j == 0 else _between(t, k0)
        w = k0 - warmup_frames
        decode_from = start_s if j == 0 or w <= 0 else _between(t, w)
        last = j == len(starts) - 1
        chunks.append(
            Chunk(
                index=j,
                first_frame=k0,
                n_frames=k1 - k0,
                decode_from_s=decode_from,
                own_from_s=own_from,
                own_until_s=None if last else _between(t, k1),
                stop_s=end_s if last else None,
            )
        )
    return chunks


def _between(t: np.ndarray, k: int) -> float:
    """A time halfway between frame ``k - 1`` and frame ``k``."""
    return float((t[k - 1] + t[k]) / 2.0)


def frame_times_s(path: str | Path) -> np.ndarray | None:
    """Every frame's time in seconds from the container's packets, sorted; nothing is decoded.

    Times are computed as the decoder's are (``(pts - start) × time_base``). None when a packet
    carries no timestamp (the decoder then guesses times, which a plan cannot know).
    """
    with av.open(str(path), mode="r") as container:
        stream = container.streams.video[0]
        tb = stream.time_base or Fraction(1, 90000)
        t0 = stream.start_time or 0
        pts = []
        for packet in container.demux(stream):
            if packet.size == 0:
                continue  # the demuxer's end-of-stream packet
            if packet.pts is None:
                return None
            pts.append(int(packet.pts))
    return np.sort(np.array([float((p - t0) * tb) for p in pts], dtype=float))


def plan_chunks(
    path: str | Path,
    n_chunks: int,
    *,
    start_s: float | None = None,
    end_s: float | None = None,
    head_start_frames: int = 0,
    min_chunk_frames: int = MIN_CHUNK_FRAMES,
    warmup_frames: int = WARMUP_FRAMES,
) -> list[Chunk]:
    """Chunks for ``n_chunks`` workers over a video (or its ``start_s``–``end_s`` window).

    One chunk (the whole window) when the video is short, or when its packets carry no times.
    The keyword arguments are those of :func:`split_frames`.

    Raises:
        InputError: the file is not a readable video (see :func:`~hingecoach.video.decode.probe`).
    """
    open_video(path)  # the decoder's own checks and one-line errors, before the demuxer
    times = frame_times_s(path)
    if times is None:
        return [Chunk(0, 0, 0, start_s, None, None, end_s)]
    lo = -np.inf if start_s is None else start_s - 1e-6
    hi = np.inf if end_s is None else end_s + 1e-6
    times = times[(times >= lo) & (times <= hi)]
    return split_frames(
        times,
        n_chunks,
        warmup_frames=warmup_frames,
        min_chunk_frames=min_chunk_frames,
        head_start_frames=head_start_frames,
        start_s=start_s,
        end_s=end_s,
    )


def build_backend(settings: Settings | None = None) -> PoseBackend:
    """MediaPipe built in this process with ``settings`` (as ``track_cache.pose_settings`` gives).

    None builds it with its defaults.
    """
    from hingecoach.pose.mediapipe import MediaPipePose  # heavy import, only when needed

    kwargs = {
        k: v for k, v in (settings or {}).items() if k not in ("backend", "mediapipe_version")
    }
    return MediaPipePose(**kwargs)


def track_chunk(
    path: str | Path,
    chunk: Chunk,
    settings: Settings | None = None,
    *,
    backend: PoseBackend | None = None,
    progress: Progress | None = None,
) -> ChunkTrack:
    """Track one chunk in the calling process.

    Args:
        path: the video file.
        chunk: from :func:`plan_chunks` on the same file.
        settings: MediaPipe settings when ``backend`` is None (None: the defaults).
        backend: a *fresh* backend (it must not have tracked anything, or its state leaks into
            this chunk); left open for the caller. None builds MediaPipe here and closes it.
        progress: called as ``progress(own_frames_done, own_frames_planned)`` per own frame.

    Raises:
        InputError: the video cannot be decoded (see :mod:`hingecoach.video.decode`).
    """
    reader = open_video(path)
    be = build_backend(settings) if backend is None else backend
    try:
        acc = FrameAccumulator(reader.info, be)
        n_warm = 0
        stop = chunk.stop_s if chunk.own_until_s is None else chunk.own_until_s
        with contextlib.closing(threaded_frames(reader, chunk.decode_from_s, stop)) as frames:
            for frame in frames:
                if chunk.own_until_s is not None and frame.t_s >= chunk.own_until_s:
                    break
                pose = be.process(frame.rgb, frame.t_s)
                if chunk.own_from_s is not None and frame.t_s < chunk.own_from_s:
                    acc.warm(frame, pose)
                    n_warm += 1
                    continue
                done = len(acc.t_s)
                acc.add(frame._replace(frame_index=chunk.first_frame + done), pose)
                if progress is not None:
                    progress(done + 1, max(chunk.n_frames, done + 1))
        if chunk.own_until_s is None:
            acc.finish_cuts()
    finally:
        if backend is None:
            be.close()
    n = len(acc.t_s)
    return ChunkTrack(
        chunk=chunk,
        t_s=np.asarray(acc.t_s, dtype=float),
        landmarks=np.asarray(acc.landmarks, dtype=float).reshape(n, N_LANDMARKS, 4),
        world=acc.world_array(),
        back_contour=tuple(acc.contours),
        cut_frames=tuple(c - n_warm for c in acc.cut_frames if c + 1 >= n_warm),
        other_scores=tuple(acc.other_scores),
        warnings=tuple(reader.warnings),
        warmup_frames=n_warm,
    )


def stitch(info: VideoInfo, chunks: Sequence[ChunkTrack], *, source: str = "") -> VideoTrackResult:
    """Join tracked chunks into the one track (and warnings) a single process would give.

    Args:
        info: the video's facts (:func:`~hingecoach.video.decode.probe`).
        chunks: every chunk of one plan, tracked, in any order.
        source: names the track (the video's path).

    Raises:
        ValueError: chunks missing or repeated, or time going backwards between two.
        InputError: nobody in any frame (as one process).
    """
    from hingecoach.video import track as track_module  # judge_filming, as track_video calls it

    parts = sorted(chunks, key=lambda c: c.chunk.index)
    if [p.chunk.index for p in parts] != list(range(len(parts))) or not parts:
        raise ValueError(f"chunks {[p.chunk.index for p in parts]} are not 0..{len(parts) - 1}")
    offsets = np.concatenate([[0], np.cumsum([p.n_frames for p in parts])]).astype(int)
    n = int(offsets[-1])
    if n == 0:
        raise InputError(f"{source}: no frame could be decoded; copy or export the video again")
    world = None
    if any(p.world is not None for p in parts):
        world = np.full((n, N_LANDMARKS, 3), np.nan)
        for p, off in zip(parts, offsets, strict=False):
            if p.world is not None:
                world[off : off + p.n_frames] = p.world
    cuts = sorted(
        {int(off) + c for p, off in zip(parts, offsets, strict=False) for c in p.cut_frames}
    )
    track = PoseTrack(
        t_s=np.concatenate([p.t_s for p in parts]),
        landmarks=np.concatenate([p.landmarks for p in parts]),
        image_size=(info.width, info.height),
        world=world,
        back_contour=tuple(c for p in parts for c in p.back_contour),
        source=source,
        cut_frames=tuple(c for c in cuts if 1 <= c < n),
    )
    scores = np.asarray([s for p in parts for s in p.other_scores], dtype=float)
    fraction = float(np.mean(scores >= OTHER_PERSON_SCORE)) if len(scores) else None
    notes = list(dict.fromkeys(w for p in parts for w in p.warnings))
    notes += track_module.judge_filming(track, other_person_fraction=fraction)
    return track_module.VideoTrackResult(track=track, info=info, warnings=notes)
