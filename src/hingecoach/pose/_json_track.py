"""Parse and check the hingecoach JSON pose-track format (see ``keypoint_files``).

Every element is checked before it becomes an array: a number where a number belongs (``null``
for missing, never a string, a boolean or a literal NaN), 33 landmarks per frame, visibility in
[0, 1], time never going backwards. Problems name the file and the element, e.g.
``set.json: frames[3].landmarks has 32 entries, expected 33``.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from hingecoach.errors import InputError
from hingecoach.landmarks import N_LANDMARKS, NAMES
from hingecoach.models import PoseTrack
from hingecoach.pose._textio import show

JSON_FORMAT = "hingecoach.posetrack"
JSON_VERSION = 1


class _NonFiniteLiteral(ValueError):
    """A ``NaN``/``Infinity`` token, which Python's json accepts but JSON does not."""


def _reject_constant(token: str) -> float:
    raise _NonFiniteLiteral(token)


def track_from_json(text: str, label: str) -> PoseTrack:
    """PoseTrack from the text of a hingecoach JSON file; ``label`` names the file in messages.

    Raises:
        InputError: for invalid JSON or any element that breaks the format.
    """
    doc = _load(text, label)
    _check_header(doc, label)
    width = _positive_int(doc, "image_width", label)
    height = _positive_int(doc, "image_height", label)
    frames = doc.get("frames")
    if not isinstance(frames, list):
        raise InputError(f"{label}: 'frames' is {_what(frames)}, expected a list of frames")
    if not frames:
        raise InputError(f"{label}: no frames")
    t_s, landmarks, world, contour = _parse_frames(frames, label)
    source = doc.get("source", label)
    if not isinstance(source, str):
        raise InputError(f"{label}: 'source' is {_what(source)}, expected text")
    try:
        return PoseTrack(
            t_s=t_s,
            landmarks=landmarks,
            image_size=(width, height),
            world=world,
            back_contour=contour,
            provided=_parse_provided(doc.get("provided"), label),
            source=source,
        )
    except ValueError as e:  # the checks above should make this unreachable
        raise InputError(f"{label}: {e}") from None


def _load(text: str, label: str) -> dict[str, Any]:
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise InputError(
            f"{label}: not valid JSON: {e.msg} at line {e.lineno} column {e.colno}"
        ) from None
    except _NonFiniteLiteral as e:
        raise InputError(
            f"{label}: {e} is not valid JSON (write null for a missing value)"
        ) from None
    except RecursionError:
        raise InputError(f"{label}: JSON nested too deeply") from None
    if not isinstance(doc, dict):
        raise InputError(f"{label}: expected a JSON object at the top level, got {_what(doc)}")
    return doc


def _check_header(doc: dict[str, Any], label: str) -> None:
    fmt = doc.get("format")
    if fmt != JSON_FORMAT:
        got = "no 'format' key" if "format" not in doc else f"'format' is {show(fmt)}"
        raise InputError(f"{label}: not a hingecoach pose track: {got}, expected {JSON_FORMAT!r}")
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > JSON_VERSION:
        raise InputError(
            f"{label}: format version {version} is newer than this hingecoach reads "
            f"({JSON_VERSION}); update hingecoach"
        )
    if version != JSON_VERSION or isinstance(version, bool):
        raise InputError(f"{label}: 'version' is {_what(version)}, expected {JSON_VERSION}")
    names = doc.get("landmark_names")
    if not isinstance(names, list) or len(names) != N_LANDMARKS:
        raise InputError(
            f"{label}: 'landmark_names' is {_what(names)}, "
            f"expected the {N_LANDMARKS} BlazePose names"
        )
    for i, (got_name, want) in enumerate(zip(names, NAMES, strict=True)):
        if got_name != want:
            raise InputError(
                f"{label}: landmark_names[{i}] is {show(got_name)}, expected {want!r} "
                "(BlazePose order)"
            )


def _positive_int(doc: dict[str, Any], key: str, label: str) -> int:
    value = doc.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InputError(f"{label}: {key!r} is {_what(value)}, expected a positive whole number")
    return value


def _parse_frames(
    frames: list[Any], label: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, tuple[np.ndarray | None, ...] | None]:
    """``(t_s, landmarks, world or None, back_contour or None)`` from the ``frames`` list."""
    times = np.empty(len(frames))
    landmarks = np.empty((len(frames), N_LANDMARKS, 4))
    worlds: list[np.ndarray | None] = []
    contours: list[np.ndarray | None] = []
    has_contour = False
    for i, frame in enumerate(frames):
        where = f"{label}: frames[{i}]"
        if not isinstance(frame, dict):
            raise InputError(f"{where} is {_what(frame)}, expected an object")
        times[i] = _time(frame, where)
        if i and times[i] < times[i - 1]:
            raise InputError(
                f"{where}: time goes backwards (t_s {times[i]:g} after {times[i - 1]:g})"
            )
        landmarks[i] = _grid(frame.get("landmarks"), N_LANDMARKS, 4, f"{where}.landmarks")
        _check_visibility(landmarks[i, :, 3], f"{where}.landmarks")
        world = frame.get("world")
        worlds.append(None if world is None else _grid(world, N_LANDMARKS, 3, f"{where}.world"))
        has_contour = has_contour or "back_contour" in frame
        contour = frame.get("back_contour")
        contours.append(
            None if contour is None else _grid(contour, None, 2, f"{where}.back_contour")
        )
    return times, landmarks, _all_or_none(worlds, label), tuple(contours) if has_contour else None


def _time(frame: dict[str, Any], where: str) -> float:
    if "t_s" not in frame or frame["t_s"] is None:
        raise InputError(f"{where}: 't_s' is missing, expected a time in seconds")
    return _number(frame["t_s"], f"{where}.t_s")


def _all_or_none(worlds: list[np.ndarray | None], label: str) -> np.ndarray | None:
    """Stack per-frame world landmarks, which must be in every frame or in none."""
    have = [w is not None for w in worlds]
    if not any(have):
        return None
    if not all(have):
        first_with, first_without = have.index(True), have.index(False)
        raise InputError(
            f"{label}: frames[{first_without}] has no 'world' but frames[{first_with}] has "
            "(give world landmarks in every frame or in none)"
        )
    return np.stack([w for w in worlds if w is not None])


def _grid(value: Any, rows: int | None, cols: int, where: str) -> np.ndarray:
    """``(rows, cols)`` floats from a JSON list of lists of numbers or nulls (null → NaN)."""
    if not isinstance(value, list):
        raise InputError(f"{where} is {_what(value)}, expected a list")
    if rows is not None and len(value) != rows:
        raise InputError(f"{where} has {len(value)} entries, expected {rows}")
    out = np.empty((len(value), cols))
    for i, item in enumerate(value):
        if not isinstance(item, list) or len(item) != cols:
            raise InputError(f"{where}[{i}] is {_what(item)}, expected {cols} numbers or nulls")
        for j, v in enumerate(item):
            out[i, j] = math.nan if v is None else _number(v, f"{where}[{i}][{j}]")
    return out


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{where} is {_what(value)}, expected a number")
    if not math.isfinite(value):
        raise InputError(f"{where} is {value}, expected a finite number")
    return float(value)


def _check_visibility(vis: np.ndarray, where: str) -> None:
    bad = np.flatnonzero(~np.isnan(vis) & ((vis < 0) | (vis > 1)))
    if bad.size:
        k = int(bad[0])
        raise InputError(
            f"{where}[{k}][3] (visibility of {NAMES[k]}) is {vis[k]:g}, expected a value in [0, 1]"
        )


def _parse_provided(value: Any, label: str) -> np.ndarray:
    """The optional ``provided`` mask; all true when absent."""
    if value is None:
        return np.ones(N_LANDMARKS, dtype=bool)
    if (
        not isinstance(value, list)
        or len(value) != N_LANDMARKS
        or not all(isinstance(v, bool) for v in value)
    ):
        raise InputError(f"{label}: 'provided' is {_what(value)}, expected {N_LANDMARKS} booleans")
    return np.array(value, dtype=bool)


def _what(value: Any) -> str:
    """Short description of a JSON value for a message: the value itself, or its kind."""
    if value is None:
        return "missing or null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return show(value)
