"""Where real bodies and phone cameras differ from the ideal generator, effect by effect.

Each effect (hip landmark in the soft tissue, camera pitch and roll, lens distortion, arm hang,
shirt folds on the back outline) is off by default and leaves the set bit-identical; on, it
moves what the pose model sees the way the geometry says, and the truth stays on the joints.
"""

from __future__ import annotations

import numpy as np
import pytest

from hingecoach.evaluation.synthetic import (
    AIM_HEIGHT_FRAC,
    ARM_HANG_GAP_M,
    CAMERA_HEIGHT_M,
    CLOTHING_BUMP_M,
    HIP_TISSUE_MAX_H,
    LENS_K1,
    REALISM_EFFECTS,
    ROLL_MAX_DEG,
    SUITE_EFFECTS,
    suite,
)
from hingecoach.landmarks import idx
from hingecoach.synth import CameraSpec, NoiseSpec, SurfaceSpec, SynthSpec, generate_set
from hingecoach.synth.arms import wrist_gap_m
from hingecoach.synth.body import Body, clothing_standoff_m
from hingecoach.synth.camera import Camera

CLEAN = NoiseSpec.none()


def _same_track(a: SynthSpec, b: SynthSpec) -> bool:
    ta, tb = generate_set(a).track, generate_set(b).track
    contours_same = all(
        (x is None and y is None) or (x is not None and y is not None and np.array_equal(x, y))
        for x, y in zip(ta.back_contour or (), tb.back_contour or (), strict=True)
    )
    return (
        np.array_equal(ta.landmarks, tb.landmarks, equal_nan=True)
        and np.array_equal(ta.world, tb.world, equal_nan=True)
        and contours_same
    )


def test_defaults_have_no_effect() -> None:
    """Explicit zero effects give the very same set as a spec that never names them."""
    assert SurfaceSpec().is_default
    plain = SynthSpec(exercise="rdl", reps=2, seed=4)
    explicit = SynthSpec(
        exercise="rdl",
        reps=2,
        seed=4,
        camera=CameraSpec(aim_height_frac=0.5, roll_deg=0.0, lens_k1=0.0),
        surface=SurfaceSpec(hip_tissue_h=0.0, arm_hang_gap_m=0.0, clothing_bump_m=0.0),
    )
    assert _same_track(plain, explicit)


@pytest.mark.parametrize(
    ("camera", "surface"),
    [
        (CameraSpec(aim_height_frac=0.4), SurfaceSpec()),
        (CameraSpec(roll_deg=1.0), SurfaceSpec()),
        (CameraSpec(lens_k1=-0.05), SurfaceSpec()),
        (CameraSpec(), SurfaceSpec(hip_tissue_h=0.03)),
        (CameraSpec(), SurfaceSpec(arm_hang_gap_m=0.02)),
        (CameraSpec(), SurfaceSpec(clothing_bump_m=0.01)),
    ],
)
def test_every_effect_changes_what_the_pose_model_sees(
    camera: CameraSpec, surface: SurfaceSpec
) -> None:
    base = SynthSpec(exercise="rdl", reps=2, seed=4)
    changed = SynthSpec(exercise="rdl", reps=2, seed=4, camera=camera, surface=surface)
    assert not _same_track(base, changed)


def test_same_seed_same_set_with_every_effect_on() -> None:
    def spec(seed: int) -> SynthSpec:
        return SynthSpec(
            exercise="conventional_deadlift",
            reps=2,
            seed=seed,
            camera=CameraSpec(height_m=0.5, aim_height_frac=0.35, roll_deg=-1.5, lens_k1=-0.07),
            surface=SurfaceSpec(hip_tissue_h=0.04, arm_hang_gap_m=0.025, clothing_bump_m=0.015),
        )

    assert _same_track(spec(9), spec(9))
    assert not _same_track(spec(9), spec(10))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"aim_height_frac": 1.2},
        {"roll_deg": 15.0},
        {"lens_k1": -0.5},
    ],
)
def test_camera_spec_refuses_impossible_values(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        CameraSpec(**kwargs)


@pytest.mark.parametrize(
    "kwargs", [{"hip_tissue_h": -0.01}, {"arm_hang_gap_m": 0.5}, {"clothing_bump_m": -0.001}]
)
def test_surface_spec_refuses_impossible_values(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        SurfaceSpec(**kwargs)


# --- soft tissue at the hip ---------------------------------------------------------------


def test_hip_landmark_moves_back_and_up_with_hip_flexion_and_truth_stays_on_the_joint() -> None:
    h = 1.75
    tissue = 0.045
    kw = {"exercise": "rdl", "reps": 2, "noise": CLEAN, "height_m": h, "seed": 2}
    joint = generate_set(SynthSpec(**kw))
    soft = generate_set(SynthSpec(**kw, surface=SurfaceSpec(hip_tissue_h=tissue)))
    for key, angle in joint.truth.angles.items():
        np.testing.assert_array_equal(angle, soft.truth.angles[key], err_msg=key)
    # World landmarks are camera-aligned metres (side view, lifter facing image-right:
    # x forward, y down) centred on the hip midpoint, which itself moves: use the ankle.
    assert joint.track.world is not None and soft.track.world is not None

    def hip_from_ankle(s: object) -> np.ndarray:
        w = s.track.world  # type: ignore[attr-defined]
        return w[:, idx("right_hip"), :2] - w[:, idx("right_ankle"), :2]

    shift = hip_from_ankle(soft) - hip_from_ankle(joint)
    flex = joint.truth.angles["hip_flexion_deg"]
    standing = flex < 3.0
    bottom = int(np.argmax(flex))
    assert standing.any() and flex[bottom] > 60
    assert np.max(np.linalg.norm(shift[standing], axis=-1)) < 0.003 * h
    # At the bottom: behind the joint (backward = -x) by ~tissue * flex / 80 of height, and up.
    expected_back_m = tissue * h * flex[bottom] / 80.0
    back_m = -shift[bottom, 0]
    assert back_m == pytest.approx(expected_back_m, rel=0.25)
    assert shift[bottom, 1] < 0  # image y down: up is negative
    assert -shift[bottom, 1] < 0.5 * back_m  # "a little" above
    # Grows with flexion through the rep.
    size = np.linalg.norm(shift, axis=-1)
    assert np.corrcoef(size, flex)[0, 1] > 0.95
    # Only the hips move.
    others = [i for i in range(33) if i not in (idx("left_hip"), idx("right_hip"))]
    np.testing.assert_allclose(
        joint.track.landmarks[:, others, :2], soft.track.landmarks[:, others, :2], atol=1e-9
    )


# --- camera pitch, roll and lens ----------------------------------------------------------


def _camera(**kwargs: float) -> tuple[Camera, Body]:
    body = Body.from_height(1.75)
    return Camera.from_spec(CameraSpec(**kwargs), body), body  # type: ignore[arg-type]


def test_camera_aims_at_the_chosen_height_and_pitches_toward_it() -> None:
    low, body = _camera(height_m=0.4, aim_height_frac=0.6)
    high, _ = _camera(height_m=1.6, aim_height_frac=0.3)
    for cam, frac in ((low, 0.6), (high, 0.3)):
        aim = np.array([0.0, frac * body.height_m, 0.0])
        w, h = cam.image_size
        np.testing.assert_allclose(cam.project(aim), (w / 2, h / 2), atol=1e-9)
    # Pitch = the optical axis's angle above the horizontal, from the geometry.
    pitch_low = np.degrees(np.arcsin(low.forward[1]))
    pitch_high = np.degrees(np.arcsin(high.forward[1]))
    assert pitch_low == pytest.approx(np.degrees(np.arctan((0.6 * 1.75 - 0.4) / 4.0)))
    assert pitch_high == pytest.approx(np.degrees(np.arctan((0.3 * 1.75 - 1.6) / 4.0)))
    # A vertical line through the aim point still projects vertical (no roll).
    pts = np.array([[0.0, 0.2, 0.0], [0.0, 1.6, 0.0]])
    xy = high.project(pts)
    assert xy[0, 0] == pytest.approx(xy[1, 0], abs=1e-6)


@pytest.mark.parametrize("roll_deg", [2.0, -1.5])
def test_roll_turns_the_image_about_its_centre(roll_deg: float) -> None:
    level, _ = _camera(height_m=1.0)
    rolled, _ = _camera(height_m=1.0, roll_deg=roll_deg)
    pts = np.random.default_rng(0).uniform([-0.4, 0.0, -0.3], [0.6, 1.8, 0.3], (50, 3))
    w, h = level.image_size
    a = level.project(pts) - (w / 2, h / 2)
    b = rolled.project(pts) - (w / 2, h / 2)
    r = np.radians(roll_deg)
    # The scene turns clockwise on the screen by r: in pixel coordinates (y down) that is the
    # rotation matrix of +r.
    rot = np.array([[np.cos(r), -np.sin(r)], [np.sin(r), np.cos(r)]])
    np.testing.assert_allclose(b, a @ rot.T, atol=1e-6)
    # A level world line across the view (along the lifter's forward axis, square to a side
    # camera) runs down to the right by the roll angle.
    horizon = rolled.project(np.array([[-1.0, 1.0, 0.0], [1.0, 1.0, 0.0]]))
    d = horizon[1] - horizon[0] if horizon[1, 0] > horizon[0, 0] else horizon[0] - horizon[1]
    assert np.degrees(np.arctan2(d[1], d[0])) == pytest.approx(roll_deg, abs=0.05)


def test_barrel_lens_moves_corners_more_than_the_centre_and_pulls_them_in() -> None:
    k1 = -0.08
    pin, _ = _camera()
    barrel, _ = _camera(lens_k1=k1)
    w, h = pin.image_size

    def ray(x_n: float, y_n: float) -> np.ndarray:
        """Body point 4 m down the optical axis, at normalised image coords (x_n, y_n)."""
        return pin.position + 4.0 * (pin.forward + x_n * pin.right + y_n * pin.down)

    centre = ray(0.01, 0.01)
    corner = ray(0.5 * w / pin.focal_px * 0.98, 0.5 * h / pin.focal_px * 0.98)
    moved_centre = np.linalg.norm(barrel.project(centre) - pin.project(centre))
    moved_corner = np.linalg.norm(barrel.project(corner) - pin.project(corner))
    assert moved_centre < 0.01
    assert moved_corner > 20 * moved_centre and moved_corner > 10.0
    # Radially inward by k1 r^2 of the distance from the centre.
    c = np.array([w / 2, h / 2])
    r_pin = np.linalg.norm(pin.project(corner) - c)
    r_bar = np.linalg.norm(barrel.project(corner) - c)
    r_n = r_pin / pin.focal_px
    assert r_bar == pytest.approx(r_pin * (1 + k1 * r_n**2), rel=1e-9)


# --- arm hang ------------------------------------------------------------------------------


def test_arm_hang_puts_clean_hands_further_in_front_of_the_thighs() -> None:
    gap = 0.025
    kw = {"exercise": "rdl", "reps": 1, "noise": CLEAN, "height_m": 1.8, "seed": 1}
    base = generate_set(SynthSpec(**kw))
    hung = generate_set(SynthSpec(**kw, surface=SurfaceSpec(arm_hang_gap_m=gap)))
    body = Body.from_height(1.8)
    assert base.body_landmarks_m is not None and hung.body_landmarks_m is not None
    lm = hung.body_landmarks_m
    extra = wrist_gap_m(body, lm) - wrist_gap_m(body, base.body_landmarks_m)
    above_knee = lm[:, idx("right_wrist"), 1] - lm[:, idx("right_knee"), 1]
    at_thigh = above_knee > 0.3 * body.thigh_m
    below_knee = above_knee < 0.0
    # Full clearance where the hands pass the thighs (standing, most of the lowering) ...
    assert at_thigh.mean() > 0.5
    np.testing.assert_allclose(extra[at_thigh], gap, atol=1e-3)
    # ... none where the bar rides the shins, and never more than asked.
    if below_knee.any():
        np.testing.assert_allclose(extra[below_knee], 0.0, atol=1e-3)
    assert extra.min() > -1e-3 and extra.max() < gap + 1e-3


def test_arm_hang_leaves_the_bar_on_the_shins_at_a_deadlift_start() -> None:
    kw = {"exercise": "conventional_deadlift", "reps": 1, "noise": CLEAN, "seed": 1}
    base = generate_set(SynthSpec(**kw))
    hung = generate_set(SynthSpec(**kw, surface=SurfaceSpec(arm_hang_gap_m=0.03)))
    assert base.body_landmarks_m is not None and hung.body_landmarks_m is not None
    bottom = base.truth.reps[0]["bottom_frame"]
    np.testing.assert_allclose(
        hung.body_landmarks_m[bottom, idx("right_wrist")],
        base.body_landmarks_m[bottom, idx("right_wrist")],
        atol=1e-4,
    )


@pytest.mark.parametrize("exercise", ["kb_swing", "hinge_drill", "good_morning"])
def test_arm_hang_leaves_lifts_without_a_hanging_bar_alone(exercise: str) -> None:
    kw = {"exercise": exercise, "reps": 1, "noise": CLEAN, "seed": 1}
    assert _same_track(SynthSpec(**kw), SynthSpec(**kw, surface=SurfaceSpec(arm_hang_gap_m=0.03)))


# --- shirt folds on the back outline -------------------------------------------------------


def test_shirt_folds_are_smooth_bounded_and_stand_off_the_back() -> None:
    amp = 0.015
    t = np.arange(0.0, 10.0, 1 / 30)
    bumps = clothing_standoff_m(np.random.default_rng(3), t, 16, amp)
    assert bumps.shape == (len(t), 16)
    assert bumps.min() >= 0.0 and bumps.max() <= amp
    assert np.ptp(bumps) > 0.3 * amp  # visibly bumpy somewhere
    # Low frequency along the outline: neighbours differ by a fraction of the amplitude.
    assert np.max(np.abs(np.diff(bumps, axis=1))) < 0.5 * amp
    # And in time: a fold drifts, it does not flicker from frame to frame.
    assert np.max(np.abs(np.diff(bumps, axis=0))) < 0.05 * amp


def test_shirt_folds_push_the_outline_out_by_at_most_their_amplitude() -> None:
    amp = 0.015
    kw = {"exercise": "rdl", "reps": 1, "noise": CLEAN, "seed": 5}
    skin = generate_set(SynthSpec(**kw))
    shirt = generate_set(SynthSpec(**kw, surface=SurfaceSpec(clothing_bump_m=amp)))
    cam = Camera.from_spec(CameraSpec(), Body.from_height(1.75))
    m_per_px = CameraSpec().distance_m / cam.focal_px
    d = np.stack(
        [
            np.linalg.norm(a - b, axis=-1)
            for a, b in zip(
                shirt.track.back_contour or (), skin.track.back_contour or (), strict=True
            )
        ]
    )
    assert d.max() * m_per_px < 1.2 * amp  # the body's depth spread changes the scale a little
    assert d.max() * m_per_px > 0.3 * amp
    # Landmarks are untouched: the shirt is in the outline only.
    np.testing.assert_array_equal(skin.track.landmarks, shirt.track.landmarks)


# --- the evaluation suite's draws ----------------------------------------------------------


def test_suite_leaves_the_hip_tissue_out_by_default() -> None:
    assert "hip_tissue" not in SUITE_EFFECTS
    assert SUITE_EFFECTS < set(REALISM_EFFECTS)
    assert all(s.surface.hip_tissue_h == 0.0 for s in suite(sets_per_cell=2, seed=1))


def test_suite_draws_every_effect_within_its_range() -> None:
    specs = suite(sets_per_cell=3, seed=1, effects=REALISM_EFFECTS)
    cams = [s.camera for s in specs]
    surf = [s.surface for s in specs]

    def within(vals: list[float], lo: float, hi: float) -> bool:
        return min(vals) >= lo and max(vals) <= hi and max(vals) - min(vals) > 0.3 * (hi - lo)

    assert within([c.height_m for c in cams], *CAMERA_HEIGHT_M)
    assert within([c.aim_height_frac for c in cams], *AIM_HEIGHT_FRAC)
    assert within([c.roll_deg for c in cams], -ROLL_MAX_DEG, ROLL_MAX_DEG)
    assert within([c.lens_k1 for c in cams], *LENS_K1)
    assert within([s.hip_tissue_h for s in surf], 0.0, HIP_TISSUE_MAX_H)
    assert within([s.arm_hang_gap_m for s in surf], *ARM_HANG_GAP_M)
    assert within([s.clothing_bump_m for s in surf], *CLOTHING_BUMP_M)


def test_suite_effects_are_independent_draws_on_top_of_the_same_sets() -> None:
    full = suite(sets_per_cell=2, seed=3, effects=REALISM_EFFECTS)
    none = suite(sets_per_cell=2, seed=3, effects=())
    no_roll = suite(sets_per_cell=2, seed=3, effects=set(REALISM_EFFECTS) - {"roll"})
    for f, n, r in zip(full, none, no_roll, strict=True):
        # The body, fault, noise and seed are the same sets whatever effects are drawn.
        assert (f.exercise, f.height_m, f.faults, f.noise, f.seed) == (
            n.exercise,
            n.height_m,
            n.faults,
            n.noise,
            n.seed,
        )
        assert n.surface.is_default and n.camera.lens_k1 == 0.0 and n.camera.roll_deg == 0.0
        assert n.camera.aim_height_frac == 0.5 and 0.7 <= n.camera.height_m <= 1.2
        # Turning roll off changes roll alone.
        assert r.camera.roll_deg == 0.0
        assert r.surface == f.surface and r.camera.lens_k1 == f.camera.lens_k1
        assert r.camera.height_m == f.camera.height_m


def test_suite_refuses_an_unknown_effect() -> None:
    with pytest.raises(ValueError, match="unknown realism"):
        suite(sets_per_cell=1, effects={"fog"})


def test_suite_is_deterministic() -> None:
    assert suite(sets_per_cell=2, seed=2) == suite(sets_per_cell=2, seed=2)
    assert suite(sets_per_cell=2, seed=2) != suite(sets_per_cell=2, seed=3)
