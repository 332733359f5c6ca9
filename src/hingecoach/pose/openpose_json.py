"""Read OpenPose's per-frame JSON output (a folder of ``*_keypoints.json``) as a PoseTrack.

OpenPose ``--write_json DIR`` writes one file per frame, ``<video>_<frame:012d>_keypoints.json``,
holding ``{"people": [{"pose_keypoints_2d": [x0, y0, c0, x1, ...]}, ...]}``: image pixels, y down,
and a confidence per keypoint (0 with x = y = 0 when not found). BODY_25 has 25 keypoints,
COCO-18 18; both are mapped to BlazePose landmarks by name (``Neck``, ``MidHip`` and the small
toes have none). The confidence is the landmark's visibility.

With several people in a frame the lifter is followed: the most confident person in the first
frame with anyone, then in each frame the person nearest the last one seen. Files carry no time:
frames are timed from the number in their name at ``fps``. Reads are bounded: at most
:data:`MAX_FILES` files of at most :data:`MAX_FILE_BYTES` each, and no more in all than the
keypoint-file limit (``HINGECOACH_MAX_KEYPOINT_MB``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from hingecoach.errors import InputError
from hingecoach.landmarks import INDEX, N_LANDMARKS
from hingecoach.models import PoseTrack
from hingecoach.pose._textio import max_keypoint_bytes, read_bytes_capped, show
from hingecoach.pose.marker_names import landmark_for

#: OpenPose BODY_25 keypoints in file order.
BODY_25 = (
    "Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist", "MidHip",
    "RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar",
    "LBigToe", "LSmallToe", "LHeel", "RBigToe", "RSmallToe", "RHeel",
)  # fmt: skip
#: OpenPose COCO (18 keypoints) in file order.
COCO_18 = (
    "Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist",
    "RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar",
)  # fmt: skip
LAYOUTS = {3 * len(BODY_25): ("BODY_25", BODY_25), 3 * len(COCO_18): ("COCO-18", COCO_18)}
#: Most frame files read: ten minutes at 60 fps.
MAX_FILES = 36_000
#: Largest frame file, bytes (a frame with face and hands for a few people is ~50 kB).
MAX_FILE_BYTES = 2_000_000
#: Frame rate assumed when none is given (the files carry no time).
DEFAULT_FPS = 30.0
_NUMBER = re.compile(r"(\d+)_keypoints\.json$")


def looks_like_openpose(doc: Any) -> bool:
    """Whether a parsed JSON document is one OpenPose frame file."""
    return isinstance(doc, dict) and "people" in doc and "format" not in doc


def _frame_files(folder: Path) -> list[Path]:
    label = str(folder)
    try:
        files = sorted(p for p in folder.iterdir() if p.name.endswith("_keypoints.json"))
    except OSError as e:
        raise InputError(f"{label}: cannot list the folder: {e.strerror or e}") from None
    if not files:
        raise InputError(
            f"{label}: is a directory, expected a keypoint file "
            "(or a folder of OpenPose *_keypoints.json files; this one has none)"
        )
    if len(files) > MAX_FILES:
        raise InputError(f"{label}: {len(files)} frame files, more than the {MAX_FILES} read")
    total = sum(p.stat().st_size for p in files if p.is_file())
    if total > max_keypoint_bytes():
        raise InputError(
            f"{label}: {total / 1e6:.0f} MB of frame files, over the "
            f"{max_keypoint_bytes() / 1e6:g} MB limit for keypoints"
        )
    return files


def _people(path: Path) -> list[np.ndarray]:
    """Each person's ``(K, 3)`` keypoints (x, y, confidence) in one frame file."""
    label = str(path)
    data = read_bytes_capped(path, limit_bytes=MAX_FILE_BYTES, what="OpenPose frame file")
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise InputError(f"{label}: not valid JSON ({str(e).splitlines()[0]})") from None
    if not looks_like_openpose(doc):
        raise InputError(f"{label}: not an OpenPose frame file (no 'people' list)")
    people = doc["people"]
    if not isinstance(people, list):
        raise InputError(f"{label}: 'people' is {show(people)}, expected a list")
    out = []
    for k, person in enumerate(people):
        kp = person.get("pose_keypoints_2d") if isinstance(person, dict) else None
        if not isinstance(kp, list) or len(kp) not in LAYOUTS:
            size = len(kp) if isinstance(kp, list) else show(kp)
            raise InputError(
                f"{label}: people[{k}].pose_keypoints_2d has {size} values, expected "
                "75 (BODY_25) or 54 (COCO-18)"
            )
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in kp):
            raise InputError(f"{label}: people[{k}].pose_keypoints_2d holds a non-number")
        arr = np.asarray(kp, dtype=float).reshape(-1, 3)
        if not np.isfinite(arr).all():
            raise InputError(f"{label}: people[{k}].pose_keypoints_2d holds a non-finite number")
        out.append(arr)
    return out


def _pick(people: list[np.ndarray], last: np.ndarray | None) -> np.ndarray | None:
    """The lifter among a frame's people: nearest ``last`` centre, else the most confident."""
    seen = [p for p in people if (p[:, 2] > 0).any()]
    if not seen:
        return None
    if last is None:
        return max(seen, key=lambda p: float(p[:, 2].sum()))
    return min(seen, key=lambda p: float(np.hypot(*(_centre(p) - last))))


def _centre(person: np.ndarray) -> np.ndarray:
    found = person[person[:, 2] > 0, :2]
    return np.asarray(found.mean(axis=0))


def read_openpose_folder(
    folder: Path,
    *,
    fps: float = DEFAULT_FPS,
    width: int | None = None,
    height: int | None = None,
) -> PoseTrack:
    """Read a folder of OpenPose frame files (BODY_25 or COCO-18) as a PoseTrack.

    Args:
        folder: the folder OpenPose wrote with ``--write_json``.
        fps: the video's frame rate (the files carry no time).
        width: frame width in pixels; the keypoints' extent when None.
        height: frame height in pixels, as ``width``.

    Raises:
        InputError: no frame files, too many, a malformed file, layouts that differ between
            files, or nobody in any frame.
    """
    label = str(folder)
    if not fps > 0:
        raise InputError(f"{label}: fps must be positive, got {fps}")
    files = _frame_files(folder)
    numbers = [_NUMBER.search(p.name) for p in files]
    frame_no = [int(m.group(1)) if m else k for k, m in enumerate(numbers)]
    if any(m is None for m in numbers) or len(set(frame_no)) != len(frame_no):
        frame_no = list(range(len(files)))
    layout: tuple[str, tuple[str, ...]] | None = None
    lm = np.full((len(files), N_LANDMARKS, 4), np.nan)
    lm[..., 3] = 0.0
    last: np.ndarray | None = None
    for k, path in enumerate(files):
        person = _pick(_people(path), last)
        if person is None:
            continue
        this = LAYOUTS[person.size]
        if layout is None:
            layout = this
        elif this[0] != layout[0]:
            raise InputError(f"{path}: {this[0]} keypoints, but earlier frames are {layout[0]}")
        last = _centre(person)
        for j, marker in enumerate(layout[1]):
            name = landmark_for(marker)
            x, y, c = person[j]
            if name is not None and c > 0:
                lm[k, INDEX[name]] = (x, y, np.nan, min(float(c), 1.0))
    if layout is None:
        raise InputError(f"{label}: nobody was detected in any frame")
    provided = np.zeros(N_LANDMARKS, dtype=bool)
    for marker in layout[1]:
        name = landmark_for(marker)
        if name is not None:
            provided[INDEX[name]] = True
    if width is None or height is None:
        width = int(np.ceil(np.nanmax(lm[..., 0]))) + 1
        height = int(np.ceil(np.nanmax(lm[..., 1]))) + 1
    return PoseTrack(
        t_s=np.asarray(frame_no, dtype=float) / fps,
        landmarks=lm,
        image_size=(int(width), int(height)),
        provided=provided,
        source=f"{label} (OpenPose {layout[0]})",
    )
