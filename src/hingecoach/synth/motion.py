"""Motions: per-exercise rep timing and joint-angle paths, with faults injected per rep.

A rep is a sequence of phases (lower, bottom hold, rise — split by a pause in the pause
deadlift — and an optional lean-back at lockout). Within a phase a depth variable ``p``
(0 standing, 1 bottom) follows a minimum-jerk profile, and every joint angle is a function
of ``p``: the torso leads (hips back from the first instant) and the knees follow, which is
the clean hinge sequence the ``hips_back_first`` check looks for. Faults change the angle
targets of the reps they are injected in, scaled by a per-rep magnitude.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from hingecoach.synth.spec import FaultSpec, SynthSpec

STAND, LOWER, BOTTOM, RISE, PAUSE, LOCKOUT = range(6)

#: A fault counts for a rep in the ground truth only from this fraction of full strength.
COUNT_THRESHOLD = 0.75
GROW_START = 0.4

# Full-strength fault magnitudes (degrees unless the name says otherwise).
KNEE_BEND_EXTRA_DEG = 20.0
#: Shins tipped well past every hinge's limit (12-15°) plus its error band: knees pushed over the
#: toes as in a squat.
SHINS_FORWARD_DEG = 25.0
KNEES_FORWARD_POSE_DEG = {"shin": 14.0, "knee": 25.0, "torso": 93.0}
KNEES_FORWARD_PEAK_TAU = 0.4
#: A neutral back keeps its natural curve: hinged, real backs' outlines read 0-26° of rounding
#: from sacrum to shoulder level (the thoracic curve), not a straight line.
NEUTRAL_BACK_CURVE_DEG = 12.0
#: A visibly rounded lower back: most of the lumbar spine's ~50° of flexion.
LUMBAR_FLEXION_DEG = 40.0
LUMBAR_EXTENSION_DEG = -20.0
#: Looking ahead at the wall from a hinged torso: the neck extended ~40° from the back's line.
HEAD_DEG = 40.0
OVEREXTENSION_DEG = 17.0
LOCKOUT_PHASE_S = 1.0
BAR_DRIFT_H = 0.12
BAR_GAP_H = 0.012
VALGUS_DEG = 18.0
TURNOUT_CLEAN_DEG = 7.5
TURNOUT_FAULT_DEG = 35.0
PAUSE_FRACTION_CLEAN = 0.7
PAUSE_FRACTION_FAULT = 1.25
PAUSE_SHORT_S = 0.4
#: hips_too_low: the bottom a squatted rep sinks to. From the floor (deadlifts): hips below the
#: knees, shins far forward, torso upright; a hinge (RDL, drill) sat down into a half squat.
HIPS_TOO_LOW_POSE_DEG = {
    "floor": {"knee": 130.0, "shin": 28.0, "torso": 42.0},
    "hinge": {"knee": 95.0, "shin": 20.0, "torso": 40.0},
}
#: A clean bottom knee flexion above this is a pull from the floor (the deadlifts).
FLOOR_PULL_KNEE_DEG = 45.0
#: hips_shoot_up: at the peak of the fault the knees have straightened to this...
SHOOT_UP_KNEE_DEG = 25.0
#: ...while the torso has tipped this far below its angle at the bottom (shoulders left behind).
SHOOT_UP_DIP_DEG = 18.0
#: Depths ``p`` on the way up where the shoot-up starts, peaks and is over (1 = bottom).
SHOOT_UP_P = (1.0, 0.85, 0.45)
#: heel_lift: the feet's turn about the ball of the foot at the bottom (heel ~6 cm up at 1.75 m).
HEEL_LIFT_DEG = 20.0
KB_HANG_DEG, KB_BOTTOM_DEG, KB_TOP_DEG = 5.0, -40.0, 80.0


@dataclass(frozen=True)
class ExerciseProfile:
    """Clean bottom position, tempo and grip of one exercise.

    ``*_exp`` shape the path from standing to the bottom: angle change = bottom change x
    p**exp, so a larger exponent makes that joint move later (knees after hips).
    """

    knee_deg: float
    shin_deg: float
    torso_deg: float
    lower_s: float
    rise_s: float
    hold_s: float
    between_s: float
    grip: str
    stance_h: float
    knee_exp: float = 1.3
    shin_exp: float = 1.6
    torso_exp: float = 0.9
    pause_s: float = 0.0


PROFILES: dict[str, ExerciseProfile] = {
    "hinge_drill": ExerciseProfile(12.5, 4.5, 40.0, 2.0, 1.5, 0.3, 0.5, "dowel", 0.06),
    "rdl": ExerciseProfile(15.0, 4.0, 30.0, 2.0, 1.2, 0.2, 0.5, "bar", 0.06),
    "good_morning": ExerciseProfile(12.5, 3.0, 23.0, 2.0, 1.5, 0.2, 0.5, "back_bar", 0.07),
    "conventional_deadlift": ExerciseProfile(
        82.0, 16.0, 26.0, 1.5, 1.2, 0.5, 0.5, "bar", 0.06, 1.8, 1.8, 0.8
    ),
    "pause_deadlift": ExerciseProfile(
        82.0, 16.0, 26.0, 1.5, 1.2, 0.5, 0.5, "bar", 0.06, 1.8, 1.8, 0.8, pause_s=1.5
    ),
    "kb_swing": ExerciseProfile(27.5, 7.0, 40.0, 0.6, 0.6, 0.0, 0.0, "kb", 0.10, 1.2, 1.5, 0.9),
}


def fault_magnitudes(faults: tuple[FaultSpec, ...], reps: int) -> dict[str, np.ndarray]:
    """Per-rep magnitude in [0, 1] of every injected fault, ``(reps,)`` each."""
    out: dict[str, np.ndarray] = {}
    for f in faults:
        last = min(f.to_rep or reps, reps)
        m = out.setdefault(f.name, np.zeros(reps))
        count = last - f.from_rep + 1
        ramp = np.linspace(GROW_START, 1.0, count) if (f.grow and count > 1) else np.ones(count)
        m[f.from_rep - 1 : last] = np.maximum(m[f.from_rep - 1 : last], ramp)
    return out


def faulty_reps(mags: dict[str, np.ndarray]) -> dict[str, list[int]]:
    """1-based reps where each fault is strong enough to count in the ground truth."""
    return {k: [int(i) + 1 for i in np.flatnonzero(v >= COUNT_THRESHOLD)] for k, v in mags.items()}


@dataclass(frozen=True)
class RepPlan:
    """Targets and timing of one rep (faults already folded in)."""

    knee_deg: float
    shin_deg: float
    torso_deg: float
    lower_s: float
    hold_s: float
    rise_s: float
    between_s: float
    pause_fraction: float | None
    pause_s: float
    lockout: float
    spine_var_deg: float
    neck_var_deg: float


def plan_reps(
    spec: SynthSpec, mags: dict[str, np.ndarray], rng: np.random.Generator
) -> list[RepPlan]:
    """Per-rep targets: exercise defaults, spec overrides, a little natural variation, faults."""
    prof = PROFILES[spec.exercise]
    zero = np.zeros(spec.reps)
    plans = []
    for r in range(spec.reps):
        amp = 1.0 + float(np.clip(0.02 * rng.standard_normal(), -0.04, 0.04))
        tempo = 1.0 + float(np.clip(0.04 * rng.standard_normal(), -0.08, 0.08))
        scale = spec.depth_scale * amp
        knee = prof.knee_deg * scale + KNEE_BEND_EXTRA_DEG * mags.get("knee_bend", zero)[r]
        shin = prof.shin_deg * scale
        shin_fault = max(SHINS_FORWARD_DEG, shin + 8.0)
        shin += (shin_fault - shin) * mags.get("shins_forward", zero)[r]
        torso = 90.0 - (90.0 - prof.torso_deg) * scale
        low = HIPS_TOO_LOW_POSE_DEG["floor" if prof.knee_deg > FLOOR_PULL_KNEE_DEG else "hinge"]
        m_low = mags.get("hips_too_low", zero)[r]
        knee += (low["knee"] - knee) * m_low
        shin += (low["shin"] - shin) * m_low
        torso += (low["torso"] - torso) * m_low
        pause_fraction, pause_s = None, 0.0
        if prof.pause_s > 0:
            m_h = mags.get("pause_height", zero)[r]
            pause_fraction = (
                PAUSE_FRACTION_CLEAN + (PAUSE_FRACTION_FAULT - PAUSE_FRACTION_CLEAN) * m_h
            )
            base = spec.pause_s if spec.pause_s is not None else prof.pause_s
            pause_s = base - (base - PAUSE_SHORT_S) * mags.get("pause_short", zero)[r]
        plans.append(
            RepPlan(
                knee_deg=knee,
                shin_deg=shin,
                torso_deg=torso,
                lower_s=(spec.tempo_lower_s or prof.lower_s) * tempo,
                hold_s=spec.bottom_hold_s if spec.bottom_hold_s is not None else prof.hold_s,
                rise_s=(spec.tempo_rise_s or prof.rise_s) * tempo,
                between_s=spec.stand_between_s
                if spec.stand_between_s is not None
                else prof.between_s,
                pause_fraction=pause_fraction,
                pause_s=pause_s,
                lockout=float(mags.get("lockout_overextension", zero)[r]),
                spine_var_deg=float(np.clip(rng.normal(0, 0.8), -1.5, 1.5)),
                neck_var_deg=float(np.clip(rng.normal(0, 1.5), -3.0, 3.0)),
            )
        )
    return plans


def clean_angles(
    p: np.ndarray,
    knee_b: np.ndarray,
    shin_b: np.ndarray,
    torso_b: np.ndarray,
    prof: ExerciseProfile,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Knee, shin and torso angles at depth ``p`` toward the given bottom targets."""
    p = np.clip(p, 0.0, 1.0)
    return (
        knee_b * p**prof.knee_exp,
        shin_b * p**prof.shin_exp,
        90.0 - (90.0 - torso_b) * p**prof.torso_exp,
    )


def min_jerk(tau: np.ndarray) -> np.ndarray:
    """Minimum-jerk position profile on [0, 1]: smooth start and stop, like human reaching."""
    t = np.clip(tau, 0.0, 1.0)
    return t**3 * (10 - 15 * t + 6 * t * t)


@dataclass(frozen=True)
class Segment:
    """One phase on the timeline; ``p`` goes from ``p0`` to ``p1`` over it."""

    t0_s: float
    dur_s: float
    phase: int
    rep: int
    p0: float
    p1: float


def build_timeline(
    spec: SynthSpec, plans: list[RepPlan], pause_p: Callable[[int, float], float]
) -> list[Segment]:
    """Lay out standing, reps and pauses end to end; ``pause_p(rep, fraction)`` → depth."""
    segs: list[Segment] = []
    t = 0.0

    def add(dur: float, phase: int, rep: int, p0: float, p1: float) -> None:
        nonlocal t
        if dur > 0:
            segs.append(Segment(t, dur, phase, rep, p0, p1))
            t += dur

    add(spec.stand_before_s, STAND, -1, 0.0, 0.0)
    for r, plan in enumerate(plans):
        add(plan.lower_s, LOWER, r, 0.0, 1.0)
        add(plan.hold_s, BOTTOM, r, 1.0, 1.0)
        if plan.pause_fraction is not None:
            pp = pause_p(r, plan.pause_fraction)
            add(plan.rise_s * (1.0 - pp), RISE, r, 1.0, pp)
            add(plan.pause_s, PAUSE, r, pp, pp)
            add(plan.rise_s * pp, RISE, r, pp, 0.0)
        else:
            add(plan.rise_s, RISE, r, 1.0, 0.0)
        if plan.lockout > 0:
            add(LOCKOUT_PHASE_S, LOCKOUT, r, 0.0, 0.0)
        if r < len(plans) - 1:
            add(plan.between_s, STAND, r, 0.0, 0.0)
    add(spec.stand_after_s, STAND, len(plans) - 1, 0.0, 0.0)
    return segs


@dataclass(frozen=True)
class Frames:
    """Timeline sampled at the frame times: all ``(N,)``."""

    t_s: np.ndarray
    p: np.ndarray
    phase: np.ndarray
    tau: np.ndarray
    rep: np.ndarray
    seg: np.ndarray


def sample_timeline(segs: list[Segment], fps: float) -> Frames:
    """Evaluate the timeline at ``frame / fps``."""
    total = segs[-1].t0_s + segs[-1].dur_s
    t = np.arange(int(np.floor(total * fps)) + 1) / fps
    starts = np.array([s.t0_s for s in segs])
    k = np.clip(np.searchsorted(starts, t, side="right") - 1, 0, len(segs) - 1)
    dur = np.array([s.dur_s for s in segs])[k]
    tau = np.clip((t - starts[k]) / dur, 0.0, 1.0)
    p0 = np.array([s.p0 for s in segs])[k]
    p1 = np.array([s.p1 for s in segs])[k]
    return Frames(
        t_s=t,
        p=p0 + (p1 - p0) * min_jerk(tau),
        phase=np.array([s.phase for s in segs])[k],
        tau=tau,
        rep=np.array([s.rep for s in segs])[k],
        seg=k,
    )
