"""Hand-made signal sets for the rep rules: a few lifts described by what their joints do.

Each movement is a depth profile ``d(t)`` in [0, 1] (0 standing, 1 the bottom) and, per lift, a
straight-line map from depth to each signal, with numbers from the lifts' mechanics (body
lengths, ``bl``, above the ankles; degrees). Signals not given are NaN, as the engine sees a
landmark it cannot measure.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from hingecoach.kinematics.signals import Signals
from hingecoach.kinematics.view import ViewEstimate

FPS = 30.0


def depth(parts: list[tuple[str, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate ``('stand' | 'bottom' | 'down' | 'up', seconds)`` pieces into ``(t, d)``.

    ``down`` and ``up`` are half-cosine ramps between standing and the bottom.
    """
    out: list[np.ndarray] = []
    for kind, dur in parts:
        n = max(round(dur * FPS), 1)
        ramp = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))
        out.append(
            {"stand": np.zeros(n), "bottom": np.ones(n), "down": ramp, "up": ramp[::-1]}[kind]
        )
    d = np.concatenate(out)
    return np.arange(len(d)) / FPS, d


def rep(down_s: float = 1.5, hold_s: float = 0.0, up_s: float = 1.2) -> list[tuple[str, float]]:
    """One rep from standing back to standing."""
    parts = [("down", down_s), ("bottom", hold_s), ("up", up_s)] if hold_s else []
    return parts or [("down", down_s), ("up", up_s)]


def signals(t: np.ndarray, *, view: str = "side", **series: np.ndarray | float) -> Signals:
    """A :class:`Signals` with the given series (scalars broadcast) and NaN everywhere else."""
    n = len(t)
    given = {k: np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy() for k, v in series.items()}
    kw: dict[str, object] = {}
    for f in dataclasses.fields(Signals):
        if f.name in given:
            kw[f.name] = given[f.name]
        elif f.name == "t_s":
            kw[f.name] = t
        elif f.name == "valid":
            kw[f.name] = np.ones(n, dtype=bool)
        elif f.name == "view":
            yaw = {"side": 0.0, "oblique": 40.0, "front": 90.0}[view]
            kw[f.name] = ViewEstimate(view, yaw, None if view == "front" else "right", 1.0)  # type: ignore[arg-type]
        elif f.name == "body_length_px":
            kw[f.name] = 500.0
        elif f.name == "has_feet":
            kw[f.name] = True
        else:
            kw[f.name] = np.full(n, np.nan)
    return Signals(**kw)  # type: ignore[arg-type]


def lift(kind: str, parts: list[tuple[str, float]], *, view: str = "side") -> Signals:
    """A set of ``kind`` following the depth profile ``parts``.

    Kinds: ``deadlift`` (bar rests on the floor: hands to 0.08 bl, knees 80°, hips to 0.7 of
    standing), ``rdl`` (soft knees 25°, hips stay at 0.92, hands stop at mid-shin 0.2 bl),
    ``squat`` (bar on the back: hands above the hips; hips to 0.5, torso 40° at most), ``lunge``
    (upright, hands at the chest, the feet's midpoint stepping 0.25 bl), ``row`` (torso held at
    55°, the hands pulled 0.25 bl up to the trunk).
    """
    t, d = depth(parts)
    hip0, sh0 = 0.58, 0.98
    if kind == "deadlift":
        return signals(
            t,
            view=view,
            lean_deg=5 + 65 * d,
            knee_flexion_deg=5 + 75 * d,
            hip_height_bl=hip0 * (1 - 0.3 * d),
            shoulder_height_bl=sh0 - 0.5 * d,
            hand_height_bl=0.45 - 0.37 * d,
            feet_x_bl=0.0,
        )
    if kind == "rdl":
        return signals(
            t,
            view=view,
            lean_deg=5 + 70 * d,
            knee_flexion_deg=10 + 15 * d,
            hip_height_bl=hip0 * (1 - 0.08 * d),
            shoulder_height_bl=sh0 - 0.4 * d,
            hand_height_bl=0.45 - 0.25 * d,
            feet_x_bl=0.0,
        )
    if kind in ("squat", "lunge"):
        hips = hip0 * (1 - 0.5 * d)
        return signals(
            t,
            view=view,
            lean_deg=(5 + 35 * d) if kind == "squat" else 5 + 3 * d,
            knee_flexion_deg=5 + 100 * d,
            hip_height_bl=hips,
            shoulder_height_bl=hips + 0.38 * np.cos(np.radians(5 + 35 * d)),
            hand_height_bl=hips + (0.35 if kind == "squat" else 0.25),
            feet_x_bl=0.25 * d if kind == "lunge" else 0.0,
        )
    if kind == "row":
        return signals(
            t,
            view=view,
            lean_deg=55.0,
            knee_flexion_deg=30.0,
            hip_height_bl=0.56,
            shoulder_height_bl=0.80,
            hand_height_bl=0.80 - 0.42 + 0.25 * d,
            hands_spread_bl=0.0,
            feet_x_bl=0.0,
        )
    raise ValueError(kind)
