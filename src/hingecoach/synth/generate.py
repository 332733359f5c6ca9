"""Put the pieces together: a body performs the planned reps in front of a camera.

``generate_set`` is deterministic for a given ``SynthSpec`` (seed included). The order is
plan → timeline → joint angles → 3D body → ground truth (noise-free, body frame) → camera
projection → noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hingecoach.landmarks import N_LANDMARKS
from hingecoach.models import PoseTrack
from hingecoach.synth import motion as mo
from hingecoach.synth.arms import place_arms
from hingecoach.synth.body import (
    Body,
    back_contour_world,
    clothing_standoff_m,
    forward_kinematics,
    hip_landmarks_on_tissue,
)
from hingecoach.synth.camera import Camera, visibility
from hingecoach.synth.noise import corrupt
from hingecoach.synth.posture import drive_frames
from hingecoach.synth.spec import HIP_TISSUE_REF_FLEXION_DEG, SynthSpec
from hingecoach.synth.truth import GroundTruth, all_angles, rep_records, shin_fraction


@dataclass(frozen=True)
class SyntheticSet:
    """A generated set: what a pose model would output, what really happened, and the spec.

    ``body_landmarks_m`` ``(N, 33, 3)`` and ``spine_m`` ``(N, 5, 3)`` are the noise-free body
    in body-frame metres (see ``body``), what a renderer draws.
    """

    track: PoseTrack
    truth: GroundTruth
    spec: SynthSpec
    body_landmarks_m: np.ndarray | None = None
    spine_m: np.ndarray | None = None


@dataclass(frozen=True)
class _Model:
    body: Body
    prof: mo.ExerciseProfile
    stance_half_m: float
    arm_hang_gap_m: float = 0.0


def _pose_body(
    model: _Model,
    fr: mo.Frames,
    plans: list[mo.RepPlan],
    mags: dict[str, np.ndarray],
    seg_dur_s: np.ndarray,
    sway: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """Body-frame landmarks ``(N, 33, 3)`` and spine ``(N, 5, 3)`` for sampled frames."""
    drive = drive_frames(
        fr,
        plans,
        mags,
        model.prof,
        height_m=model.body.height_m,
        seg_dur_s=seg_dur_s,
        sway_phase=sway,
    )
    skel = forward_kinematics(model.body, drive.posture, model.stance_half_m)
    lm = place_arms(
        model.body,
        skel,
        model.prof.grip,
        gap_m=drive.bar_gap_m,
        kb_angle_deg=drive.kb_angle_deg,
        thigh_hang_m=model.arm_hang_gap_m,
    )
    return lm, skel.spine


#: Least height of a pause above the bar's resting height, as a fraction of the shin.
PAUSE_ABOVE_FLOOR_SHIN = 0.15


def _pause_depth(
    model: _Model, plans: list[mo.RepPlan], mags: dict[str, np.ndarray], rep: int, fraction: float
) -> float:
    """Depth ``p`` on the way up where the wrist is at ``fraction`` of the shin height."""
    grid = np.linspace(0.0, 1.0, 201)
    n = len(grid)
    fr = mo.Frames(
        t_s=np.zeros(n),
        p=grid,
        phase=np.full(n, mo.RISE),
        tau=np.full(n, 0.5),
        rep=np.full(n, rep),
        seg=np.zeros(n, dtype=int),
    )
    lm, _ = _pose_body(model, fr, plans, mags, np.ones(n), (0.0, 0.0))
    frac = shin_fraction(lm, "right")
    # The bar must visibly leave the floor before it pauses: for a short lifter with the bar on
    # tall plates it already rests at ~0.7 of the shin, so the pause goes a little higher.
    fraction = max(fraction, float(frac[-1]) + PAUSE_ABOVE_FLOOR_SHIN)
    # frac falls as p grows (lower = deeper); interpolate on the reversed, increasing series.
    return float(np.interp(fraction, frac[::-1], grid[::-1]))


def generate_set(spec: SynthSpec) -> SyntheticSet:
    """Generate one synthetic set (see module docstring)."""
    rng = np.random.default_rng(spec.seed)
    body = Body.from_height(spec.height_m, spec.sex)
    prof = mo.PROFILES[spec.exercise]
    stance = spec.stance_width_m / 2 if spec.stance_width_m else prof.stance_h * body.height_m
    model = _Model(body, prof, stance, spec.surface.arm_hang_gap_m)
    mags = mo.fault_magnitudes(spec.faults, spec.reps)
    plans = mo.plan_reps(spec, mags, rng)
    segs = mo.build_timeline(spec, plans, lambda r, f: _pause_depth(model, plans, mags, r, f))
    fr = mo.sample_timeline(segs, spec.fps)
    seg_dur = np.array([s.dur_s for s in segs])[fr.seg]
    sway = (float(rng.uniform(0, 2 * np.pi)), float(rng.uniform(0, 2 * np.pi)))
    lm_body, spine = _pose_body(model, fr, plans, mags, seg_dur, sway)

    camera = Camera.from_spec(spec.camera, body)
    truth = GroundTruth(
        exercise=spec.exercise,
        view=camera.view,
        facing=camera.facing,
        angles=all_angles(lm_body, spine, camera.near_side),
        reps=rep_records(segs, spec.fps, spec.reps, shin_fraction(lm_body, camera.near_side)),
        faults=mo.faulty_reps(mags),
    )
    lm_seen = lm_body
    if spec.surface.hip_tissue_h > 0:
        # What the pose model reports is the hip's soft tissue, not its joint centre; the
        # truth above stays on the joint centres, as a coach means the angles.
        lm_seen = hip_landmarks_on_tissue(
            body,
            lm_body,
            truth.angles["hip_flexion_deg"],
            spec.surface.hip_tissue_h,
            HIP_TISSUE_REF_FLEXION_DEG,
        )
    track = _film(spec, camera, body, fr.t_s, lm_seen, spine, rng)
    return SyntheticSet(
        track=track, truth=truth, spec=spec, body_landmarks_m=lm_body, spine_m=spine
    )


#: Points along the synthetic back outline (the default of ``back_contour_world``).
CONTOUR_POINTS = 16
#: Seed-stream tag of the clothing folds (any constant other streams do not use).
CLOTHING_STREAM = 7


def _film(
    spec: SynthSpec,
    camera: Camera,
    body: Body,
    t_s: np.ndarray,
    lm_body: np.ndarray,
    spine: np.ndarray,
    rng: np.random.Generator,
) -> PoseTrack:
    """Project the body through the camera and corrupt it as a pose model would."""
    cam = camera.to_camera(lm_body)
    hip_mid = (cam[:, 23] + cam[:, 24]) / 2
    depth = hip_mid[:, None, 2]
    xy = camera.project(lm_body)
    z_px = (cam[..., 2] - depth) * camera.focal_px / depth
    vis = visibility(camera, lm_body, rng, jitter=0.01 if spec.noise.sigma_px > 0 else 0.0)
    landmarks = np.concatenate([xy, z_px[..., None], vis[..., None]], axis=-1)
    world = cam - hip_mid[:, None, :]
    contour = None
    if camera.view != "front":
        clothing = None
        if spec.surface.clothing_bump_m > 0:
            # A stream of its own, so the shirt leaves every other random draw as it was.
            shirt_rng = np.random.default_rng([spec.seed, CLOTHING_STREAM])
            clothing = clothing_standoff_m(
                shirt_rng, t_s, CONTOUR_POINTS, spec.surface.clothing_bump_m
            )
        contour = camera.project(back_contour_world(body, spine, CONTOUR_POINTS, clothing))
    noisy = corrupt(
        spec.noise,
        rng,
        t_s=t_s,
        landmarks=landmarks,
        world=world,
        contour=contour,
        m_per_px=float(np.median(depth)) / camera.focal_px,
    )
    back = noisy.back_contour
    if back is None:
        back = tuple(None for _ in range(len(t_s)))
    return PoseTrack(
        t_s=noisy.t_s,
        landmarks=noisy.landmarks,
        image_size=camera.image_size,
        world=noisy.world,
        back_contour=back,
        provided=np.ones(N_LANDMARKS, dtype=bool),
        source=f"synth:{spec.exercise}:seed={spec.seed}",
    )
