"""A disk cache of pose tracks, so a video's pose runs once however often the analysis changes.

Pose estimation is the slow stage (MediaPipe runs ~25 frames a second on two cores) and depends
only on the video's bytes, the backend's settings and the code that turns frames into a track;
the analysis after it changes often. :func:`cached_track_video` returns what
:func:`hingecoach.video.track.track_video` would, from the cache when it can.

Key: sha256 over the video file's sha256, the pose settings (MediaPipe's keyword arguments, read
from :class:`~hingecoach.pose.mediapipe.MediaPipePose`'s signature, and the mediapipe version),
the source text of the frame-stage modules (decode, track, pose backend, back outline: see
:data:`TRACK_CODE`) and :data:`FORMAT_VERSION`. An edit to those modules recomputes the track
rather than serving a stale one.

Workers: a track made over N processes (``jobs``, :mod:`hingecoach.video.parallel`) is not
bit-equal to one process's (a chunk's cold tracker agrees with the continuous one to ~0.05 % of
body height, not exactly), but it gives the same reps and verdicts on every shared clip
(``tests/video/test_chunked_clips.py``: rep boundaries within 0.2 s, findings, severities and
warnings equal), so ``jobs`` is not part of the key: an entry made either way serves both.

Warnings: the filming judgement (``judge_filming``, the function ``track_video`` calls) is a pure
function of the track, i.e. analysis, not pose. Its part of the warnings is not served from the
cache but judged again on load with the current code; the rest — decoding problems and the
second-person search, which need the frames — is stored.

Entry: one compressed ``<key>.npz`` holding the timestamps, landmarks, world landmarks, which
landmarks the source provides, the back outlines (ragged, as points plus offsets), and a JSON
string with the image size, the video info and the stored warnings. It is read with
``allow_pickle=False``. An entry that cannot be read or does not fit is recomputed with a
warning, never a crash; entries are written to a temporary file and renamed into place, so two
processes filling the cache at once cannot leave half a file behind.

Where: ``cache_dir`` when given, else ``$HINGECOACH_TRACK_CACHE``, else
``<platformdirs user cache>/hingecoach/tracks``.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import tempfile
import warnings
from collections.abc import Callable, Mapping
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from hingecoach.models import PoseTrack
from hingecoach.video.decode import VideoInfo
from hingecoach.video.track import VideoTrackResult

#: Bump when the entry layout (or its meaning) changes; old entries are then simply not found.
FORMAT_VERSION = 3
#: Environment variable that overrides the cache folder.
ENV_VAR = "HINGECOACH_TRACK_CACHE"
#: Frame-stage modules whose code decides the track's numbers (part of the key).
TRACK_CODE = (
    ("hingecoach.video", "decode.py"),
    ("hingecoach.video", "track.py"),
    ("hingecoach.video", "frame_loop.py"),
    ("hingecoach.video", "chunks.py"),
    ("hingecoach.video", "parallel.py"),
    ("hingecoach.video", "cuts.py"),
    ("hingecoach.pose", "base.py"),
    ("hingecoach.pose", "mediapipe.py"),
    ("hingecoach.pose", "back_contour.py"),
)

Settings = Mapping[str, Any]
Progress = Callable[[int, int], None]
Compute = Callable[[Path, Settings, Progress | None], VideoTrackResult]


def default_cache_dir() -> Path:
    """``$HINGECOACH_TRACK_CACHE`` if set, else the user cache folder's ``hingecoach/tracks``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("hingecoach")) / "tracks"


def pose_settings(**overrides: Any) -> dict[str, Any]:
    """The MediaPipe backend's settings: its keyword defaults, ``overrides``, and its version.

    Reading the defaults from the constructor's signature means a changed default changes the
    key. Imports MediaPipe (the first call in a process takes a second or two).
    """
    import mediapipe as mp

    from hingecoach.pose.mediapipe import MediaPipePose

    params = inspect.signature(MediaPipePose.__init__).parameters
    settings: dict[str, Any] = {
        name: p.default
        for name, p in params.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is not inspect.Parameter.empty
    }
    unknown = sorted(set(overrides) - set(settings))
    if unknown:
        raise ValueError(f"unknown MediaPipePose setting(s): {', '.join(unknown)}")
    settings.update(overrides)
    settings["backend"] = "mediapipe"
    settings["mediapipe_version"] = getattr(mp, "__version__", "unknown")
    return settings


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def code_fingerprint() -> str:
    """sha256 over the source of the modules in :data:`TRACK_CODE`."""
    h = hashlib.sha256()
    for package, name in TRACK_CODE:
        h.update(f"{package}/{name}\n".encode())
        h.update((resources.files(package) / name).read_bytes())
    return h.hexdigest()


def cache_key(video: Path, settings: Settings) -> str:
    """The entry's name: see the module docstring."""
    blob = json.dumps(
        {
            "format": FORMAT_VERSION,
            "video_sha256": file_sha256(video),
            "settings": dict(settings),
            "code": code_fingerprint(),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def save_entry(path: Path, tracked: VideoTrackResult) -> None:
    """Write ``tracked`` to ``path`` atomically (temporary file, then rename)."""
    track = tracked.track
    contours = track.back_contour or (None,) * track.n_frames
    present = np.array([c is not None for c in contours], dtype=bool)
    pieces = [np.asarray(c, dtype=float).reshape(-1, 2) for c in contours if c is not None]
    lengths = [len(p) for p in pieces]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    points = np.concatenate(pieces) if pieces else np.zeros((0, 2))
    meta = {
        "format": FORMAT_VERSION,
        "image_size": list(track.image_size),
        "info": asdict(tracked.info),
        **_split_warnings(tracked),
        "has_world": track.world is not None,
        "has_contour": track.back_contour is not None,
        "cut_frames": list(track.cut_frames),
    }
    arrays: dict[str, np.ndarray] = {
        "t_s": track.t_s,
        "landmarks": track.landmarks,
        "provided": track.provided,
        "contour_present": present,
        "contour_offsets": offsets,
        "contour_points": points,
        "meta": np.array(json.dumps(meta)),
    }
    if track.world is not None:
        arrays["world"] = track.world
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.stem, suffix=".tmp.npz", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez_compressed(f, **arrays)  # type: ignore[arg-type]
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_entry(path: Path, source: str) -> VideoTrackResult:
    """Read an entry written by :func:`save_entry` and judge its filming again.

    ``source`` names the track in messages (the video's path).

    Raises:
        ValueError: (or ``OSError``, ``KeyError``, ``zipfile.BadZipFile``) when the entry is
            unreadable or inconsistent; InputError when the filming judgement refuses the track.
    """
    return _with_warnings(*_read_entry(path, source))


def _read_entry(path: Path, source: str) -> tuple[VideoTrackResult, dict[str, Any]]:
    """The stored track (no warnings yet) and the entry's metadata."""
    with np.load(path, allow_pickle=False) as z:
        meta = json.loads(str(z["meta"]))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"format {meta.get('format')} is not {FORMAT_VERSION}")
        t_s, landmarks, provided = z["t_s"], z["landmarks"], z["provided"]
        world = z["world"] if meta["has_world"] else None
        present, offsets, points = z["contour_present"], z["contour_offsets"], z["contour_points"]
    contour: tuple[np.ndarray | None, ...] | None = None
    if meta["has_contour"]:
        if len(offsets) != int(present.sum()) + 1 or offsets[-1] != len(points):
            raise ValueError("back outline offsets do not match its points")
        pieces: list[np.ndarray | None] = []
        k = 0
        for p in present:
            pieces.append(points[offsets[k] : offsets[k + 1]] if p else None)
            k += int(p)
        contour = tuple(pieces)
    w, h = meta["image_size"]
    track = PoseTrack(
        t_s=t_s,
        landmarks=landmarks,
        image_size=(int(w), int(h)),
        world=world,
        back_contour=contour,
        provided=provided,
        source=source,
        cut_frames=tuple(int(c) for c in meta["cut_frames"]),
    )
    return VideoTrackResult(track=track, info=VideoInfo(**meta["info"]), warnings=[]), meta


def _judge_filming(track: PoseTrack) -> list[str]:
    """The filming judgement ``track_video`` applies, without the frame-based second-person search.

    Looked up on :mod:`hingecoach.video.track` at call time, so it is always the function
    ``track_video`` calls (and a test that patches it there patches it here too).
    """
    from hingecoach.video import track as track_module

    return list(track_module.judge_filming(track))


def _split_warnings(tracked: VideoTrackResult) -> dict[str, Any]:
    """The warnings around the filming judgement's block: those are stored, the block is not.

    ``track_video`` returns decode warnings, then the judgement (with the second-person warning,
    which needs the frames, last). When the judgement's block is not found as such, every
    warning is stored and none is re-judged on load.
    """
    stored = list(tracked.warnings)
    try:
        block = _judge_filming(tracked.track)
    except Exception:  # a track the judgement refuses: keep what we were given, as given
        return {"warnings_before": stored, "warnings_after": [], "judged_on_load": False}
    if not block:
        return {"warnings_before": stored, "warnings_after": []}
    for k in range(len(stored) - len(block), -1, -1):
        if stored[k : k + len(block)] == block:
            return {"warnings_before": stored[:k], "warnings_after": stored[k + len(block) :]}
    return {"warnings_before": stored, "warnings_after": [], "judged_on_load": False}


def _with_warnings(tracked: VideoTrackResult, meta: dict[str, Any]) -> VideoTrackResult:
    """The stored warnings with the filming judgement made again, by the current code."""
    judged = _judge_filming(tracked.track) if meta.get("judged_on_load", True) else []
    notes = [*meta["warnings_before"], *judged, *meta["warnings_after"]]
    return VideoTrackResult(tracked.track, tracked.info, [str(w) for w in notes])


def _mediapipe_track(
    path: Path, settings: Settings, progress: Progress | None, jobs: int = 1
) -> VideoTrackResult:
    """Track the video with MediaPipe built from ``settings``: here, or in ``jobs`` processes."""
    from hingecoach.pose.mediapipe import MediaPipePose
    from hingecoach.video.track import track_video

    if jobs != 1:
        from hingecoach.video.parallel import track_video_jobs

        return track_video_jobs(path, jobs=jobs, settings=settings, progress=progress)

    kwargs = {k: v for k, v in settings.items() if k not in ("backend", "mediapipe_version")}
    with MediaPipePose(**kwargs) as backend:
        return track_video(path, backend=backend, progress=progress)


def cached_track_video(
    path: str | Path,
    *,
    cache_dir: str | Path | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
    compute: Compute | None = None,
    jobs: int = 1,
) -> tuple[VideoTrackResult, str]:
    """The pose track of a video file, from the cache or computed and stored.

    Args:
        path: the video file.
        cache_dir: cache folder; :func:`default_cache_dir` when None.
        settings: pose backend settings; :func:`pose_settings` (the defaults) when None.
        progress: called as ``progress(frames_done, frames_expected)`` while computing.
        compute: makes the track on a miss (tests pass a fake); MediaPipe by default, built
            here, in the calling process (and in ``jobs - 1`` workers).
        jobs: processes MediaPipe runs in on a miss (not part of the key: see the module).

    Returns:
        The track result, and how it was obtained: ``"hit"``, ``"miss"`` or ``"recomputed"``
        (the entry was corrupt; a :class:`RuntimeWarning` says so).

    Raises:
        InputError: as :func:`~hingecoach.video.track.track_video` (nothing is cached then).
    """
    video = Path(path)
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    settings = pose_settings() if settings is None else settings
    entry = folder / f"{cache_key(video, settings)}.npz"
    status = "miss"
    if entry.exists():
        try:
            stored = _read_entry(entry, str(video))
        except Exception as e:  # any unreadable entry is recomputed, never fatal
            warnings.warn(
                f"track cache entry {entry} is unreadable ({type(e).__name__}: {e}); "
                "recomputing the pose track",
                RuntimeWarning,
                stacklevel=2,
            )
            status = "recomputed"
        else:
            return _with_warnings(*stored), "hit"
    if compute is not None:
        tracked = compute(video, settings, progress)
    else:
        tracked = _mediapipe_track(video, settings, progress, jobs)
    try:
        save_entry(entry, tracked)
    except OSError as e:
        warnings.warn(f"cannot write track cache entry {entry}: {e}", RuntimeWarning, stacklevel=2)
    return tracked, status
