"""Joint and segment angle definitions, shared by the measurement and the synthetic ground truth.

All functions take points in *sagittal coordinates*: ``(..., 2)`` arrays of (forward, up), where
forward is the direction the lifter faces and up is against gravity. Image pixels convert with
``to_sagittal``. Keeping one definition here means the synthetic generator's ground truth and the
engine's measurement can only disagree by noise and projection, never by convention.

Conventions (degrees):
    knee_flexion: 0 = straight leg, grows as the knee bends.
    hip_flexion: 0 = thigh in line with the torso (standing), grows as the hips hinge.
    shin_angle: shin (ankle→knee) from vertical; positive when the knee is ahead of the ankle.
    torso_angle: hip→shoulder above horizontal; 90 = upright, 0 = parallel to the floor,
        above 90 = leaning back.
    neck_angle: shoulder→ear relative to hip→shoulder; 0 = head in line with the torso,
        positive = head cranked up (cervical extension), negative = head dropped (flexion).
"""

from __future__ import annotations

import numpy as np


def to_sagittal(xy_px: np.ndarray, facing_sign: float) -> np.ndarray:
    """Image pixels (x right, y down) → (forward, up).

    Args:
        xy_px: ``(..., 2)`` pixel coordinates.
        facing_sign: +1 when the lifter faces image-right, -1 when facing image-left.
    """
    out = np.empty_like(xy_px, dtype=float)
    out[..., 0] = xy_px[..., 0] * facing_sign
    out[..., 1] = -xy_px[..., 1]
    return out


def _direction_deg(v: np.ndarray) -> np.ndarray:
    """Angle of vectors ``(..., 2)`` measured from +forward toward +up, in (-180, 180]."""
    return np.degrees(np.arctan2(v[..., 1], v[..., 0]))


def _wrap(a: np.ndarray) -> np.ndarray:
    return (a + 180.0) % 360.0 - 180.0


def interior_angle_deg(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Unsigned angle ABC at vertex B, in [0, 180]."""
    u = a - b
    v = c - b
    cos = np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def knee_flexion_deg(hip: np.ndarray, knee: np.ndarray, ankle: np.ndarray) -> np.ndarray:
    """Knee bend, 0 = straight. Signed: negative means hyper-extended (knee behind the line)."""
    thigh = _direction_deg(knee - hip)
    shank = _direction_deg(ankle - knee)
    # Flexion brings the shank to rotate backwards relative to the thigh (counter-clockwise in
    # (forward, up) coordinates: the foot goes behind the knee).
    return _wrap(shank - thigh) * -1.0


def hip_flexion_deg(shoulder: np.ndarray, hip: np.ndarray, knee: np.ndarray) -> np.ndarray:
    """Hip flexion, 0 = torso in line with the thigh; negative = hip hyper-extension."""
    # Angle from the thigh's continuation past the hip to the torso: standing both point up.
    thigh_line = _direction_deg(hip - knee)
    torso = _direction_deg(shoulder - hip)
    return _wrap(thigh_line - torso)


def shin_angle_deg(knee: np.ndarray, ankle: np.ndarray) -> np.ndarray:
    """Shin from vertical, positive when the knee is in front of the ankle."""
    v = knee - ankle
    return np.degrees(np.arctan2(v[..., 0], v[..., 1]))


def torso_angle_deg(shoulder: np.ndarray, hip: np.ndarray) -> np.ndarray:
    """Torso above horizontal: 90 upright, 0 parallel to the floor, >90 leaning back."""
    v = shoulder - hip
    return np.degrees(np.arctan2(v[..., 1], v[..., 0]))


def neck_angle_deg(hip: np.ndarray, shoulder: np.ndarray, ear: np.ndarray) -> np.ndarray:
    """Head relative to the torso line: positive = cranked up, negative = dropped."""
    torso = _direction_deg(shoulder - hip)
    neck = _direction_deg(ear - shoulder)
    # Extension rotates the head backwards: counter-clockwise when facing +forward.
    return _wrap(neck - torso)
