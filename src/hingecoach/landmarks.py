"""BlazePose landmark names and index helpers.

Every PoseTrack carries the 33 BlazePose landmarks in this order, whatever tool made it, so that
the analysis core addresses joints by name and never by magic numbers. Sources with fewer
landmarks (COCO-17) leave the missing ones NaN and say so in ``PoseTrack.provided``.
"""

from __future__ import annotations

NAMES: tuple[str, ...] = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)

N_LANDMARKS = len(NAMES)
INDEX: dict[str, int] = {name: i for i, name in enumerate(NAMES)}

#: COCO-17 keypoint names in their file order, and where each sits in BlazePose.
COCO17_NAMES: tuple[str, ...] = (
    "nose",
    "left_eye",
    "right_eye",
    "left_ear",
    "right_ear",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
)


def idx(name: str) -> int:
    """Index of a BlazePose landmark by name; raises KeyError naming the unknown landmark."""
    try:
        return INDEX[name]
    except KeyError:
        raise KeyError(f"unknown landmark name {name!r}") from None
