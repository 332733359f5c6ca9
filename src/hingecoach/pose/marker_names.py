"""Marker names other tools use for the BlazePose landmarks: OpenSim, Pose2Sim, Sports2D, OpenPose.

Pose2Sim and Sports2D (and the OpenSim models they ship) name keypoints the OpenPose way:
``RHip``, ``LKnee``, ``RBigToe``, ``Nose``... (their HALPE_26, COCO and BLAZEPOSE skeletons).
Our TRC files use these names, and the TRC and OpenPose readers map them back. BlazePose's
foot index is the big toe; landmarks those skeletons leave out (inner and outer eye corners,
mouth corners) keep the same style (``LEyeInner``, ``LMouth``).
"""

from __future__ import annotations

from hingecoach.landmarks import NAMES

_JOINTS = {
    "eye_inner": "EyeInner",
    "eye": "Eye",
    "eye_outer": "EyeOuter",
    "ear": "Ear",
    "shoulder": "Shoulder",
    "elbow": "Elbow",
    "wrist": "Wrist",
    "pinky": "Pinky",
    "index": "Index",
    "thumb": "Thumb",
    "hip": "Hip",
    "knee": "Knee",
    "ankle": "Ankle",
    "heel": "Heel",
    "foot_index": "BigToe",
}


def _marker(name: str) -> str:
    if name == "nose":
        return "Nose"
    if name.startswith("mouth_"):
        return ("L" if name.endswith("left") else "R") + "Mouth"
    side, joint = name.split("_", 1)
    return ("L" if side == "left" else "R") + _JOINTS[joint]


#: BlazePose landmark name → marker name (e.g. ``left_foot_index`` → ``LBigToe``).
MARKER_NAMES: dict[str, str] = {name: _marker(name) for name in NAMES}

#: Marker name (any case) → BlazePose landmark name; also accepts our own snake_case names and
#: the spellings other tools use for the same point.
LANDMARK_BY_MARKER: dict[str, str] = {
    **{marker.lower(): name for name, marker in MARKER_NAMES.items()},
    **{name: name for name in NAMES},
    "lfootindex": "left_foot_index",
    "rfootindex": "right_foot_index",
}

#: Midpoint markers written beside the landmarks (Pose2Sim's HALPE_26 and Sports2D have them,
#: and their OpenSim marker sets use them): marker → the two landmarks averaged.
MIDPOINT_MARKERS: dict[str, tuple[str, str]] = {
    "Hip": ("left_hip", "right_hip"),
    "Neck": ("left_shoulder", "right_shoulder"),
}


def landmark_for(marker: str) -> str | None:
    """The BlazePose landmark a marker name stands for, or None for one we do not use."""
    return LANDMARK_BY_MARKER.get(marker.strip().lower())
