"""What a synthetic set should contain: exercise, body, tempo, faults, camera and noise.

Specs are frozen dataclasses validated on construction, so a typo in a fault name or an
exercise fails where the spec is written (CLI argument, test) and not halfway through
generation. ``parse_fault_spec`` is the one place the CLI's ``--fault`` syntax is defined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EXERCISES: tuple[str, ...] = (
    "hinge_drill",
    "rdl",
    "conventional_deadlift",
    "pause_deadlift",
    "good_morning",
    "kb_swing",
)

FAULTS: tuple[str, ...] = (
    "knee_bend",
    "shins_forward",
    "knees_forward",
    "lumbar_flexion",
    "lumbar_extension",
    "head_up",
    "head_down",
    "lockout_overextension",
    "bar_drift",
    "knee_valgus",
    "feet_turnout",
    "pause_height",
    "pause_short",
    "hips_too_low",
    "hips_shoot_up",
    "heel_lift",
)

#: Which engine check should catch each injected fault.
FAULT_TO_CHECK: dict[str, str] = {
    "knee_bend": "knee_bend",
    "shins_forward": "shin_vertical",
    "knees_forward": "hips_back_first",
    "lumbar_flexion": "torso_neutral",
    "lumbar_extension": "torso_neutral",
    "head_up": "head_neutral",
    "head_down": "head_neutral",
    "lockout_overextension": "lockout_overextension",
    "bar_drift": "bar_close",
    "knee_valgus": "knee_valgus",
    "feet_turnout": "feet_turnout",
    "pause_height": "pause_position",
    "pause_short": "pause_duration",
    "hips_too_low": "hips_too_low",
    "hips_shoot_up": "hips_shoot_up",
    "heel_lift": "heel_lift",
}

#: Faults that only make sense for some exercises (a bar in the hands, a paused pull).
FAULT_EXERCISES: dict[str, tuple[str, ...]] = {
    "bar_drift": ("rdl", "conventional_deadlift", "pause_deadlift"),
    "pause_height": ("pause_deadlift",),
    "pause_short": ("pause_deadlift",),
    "hips_too_low": ("hinge_drill", "rdl", "conventional_deadlift", "pause_deadlift"),
    "hips_shoot_up": ("conventional_deadlift", "pause_deadlift"),
}

VIEWS: tuple[str, ...] = ("side", "side_left", "side_right", "front", "oblique30", "oblique45")

#: Image size by orientation, (width, height) in pixels.
IMAGE_SIZES: dict[str, tuple[int, int]] = {"landscape": (1920, 1080), "portrait": (1080, 1920)}

DEFAULT_CAMERA_DISTANCE_M = 4.0
#: A phone propped by hand or on a bag is rarely more than a few degrees off level; beyond this
#: the footage would be re-shot (and the engine's vertical reference is the image's).
MAX_ROLL_DEG = 10.0
#: Radial distortion range: a phone's ultra-wide lens before software correction reaches about
#: -0.3 in focal-normalised units; pincushion (positive) is rare in phone lenses.
MIN_LENS_K1 = -0.3
MAX_LENS_K1 = 0.1
#: Hip flexion at which ``SurfaceSpec.hip_tissue_h`` is the hip landmark's offset: the bottom
#: of a Romanian deadlift, where MediaPipe's offset was measured.
HIP_TISSUE_REF_FLEXION_DEG = 80.0
#: Fraction of the frame height the standing body fills at the default distance.
BODY_FRAME_FRACTION = 0.7


@dataclass(frozen=True)
class FaultSpec:
    """One injected fault: which, in which reps, and whether it grows with fatigue.

    Attributes:
        name: one of ``FAULTS``.
        from_rep: first affected rep (1-based).
        to_rep: last affected rep, inclusive; None = to the end of the set.
        grow: magnitude ramps linearly from 40 % at ``from_rep`` to 100 % at the last affected
            rep, like form breaking down with fatigue.
    """

    name: str
    from_rep: int = 1
    to_rep: int | None = None
    grow: bool = False

    def __post_init__(self) -> None:
        """Refuse an unknown fault or a rep range that is empty or starts before rep 1."""
        if self.name not in FAULTS:
            raise ValueError(f"unknown fault {self.name!r}; known faults: {', '.join(FAULTS)}")
        if self.from_rep < 1:
            raise ValueError(f"fault {self.name}: from must be >= 1, got {self.from_rep}")
        if self.to_rep is not None and self.to_rep < self.from_rep:
            raise ValueError(
                f"fault {self.name}: to ({self.to_rep}) is before from ({self.from_rep})"
            )


_FAULT_RE = re.compile(r"^\s*([a-z_]+)\s*(?::\s*(.*))?$")


def parse_fault_spec(text: str) -> FaultSpec:
    """Parse the CLI form ``name[:from=N][,to=M][,grow]``.

    Examples: ``knees_forward``, ``knees_forward:from=5``, ``lumbar_flexion:from=3,grow``,
    ``knee_bend:from=2,to=4``.

    Raises:
        ValueError: naming the bad part and the accepted syntax.
    """
    syntax = "expected NAME[:from=N][,to=M][,grow], e.g. 'lumbar_flexion:from=3,grow'"
    m = _FAULT_RE.match(text)
    if m is None:
        raise ValueError(f"bad fault spec {text!r}: {syntax}")
    name, opts = m.group(1), m.group(2)
    if name not in FAULTS:
        raise ValueError(f"bad fault spec {text!r}: unknown fault {name!r}; known: {FAULTS}")
    kwargs: dict[str, int | bool] = {}
    for part in (p.strip() for p in (opts or "").split(",")):
        if not part and opts is not None and not opts.strip():
            raise ValueError(f"bad fault spec {text!r}: empty options after ':'; {syntax}")
        if not part:
            continue
        if part == "grow":
            kwargs["grow"] = True
            continue
        key, sep, value = part.partition("=")
        key = key.strip()
        if sep != "=" or key not in ("from", "to") or not value.strip().isdigit():
            raise ValueError(f"bad fault spec {text!r}: cannot read option {part!r}; {syntax}")
        kwargs["from_rep" if key == "from" else "to_rep"] = int(value)
    return FaultSpec(
        name=name,
        from_rep=int(kwargs.get("from_rep", 1)),
        to_rep=int(kwargs["to_rep"]) if "to_rep" in kwargs else None,
        grow=bool(kwargs.get("grow", False)),
    )


@dataclass(frozen=True)
class CameraSpec:
    """A pinhole camera aimed at the middle of the body.

    Attributes:
        view: ``side``/``side_right`` (lifter faces image-right, the right side of the body
            is toward the camera), ``side_left`` (faces image-left), ``front`` (faces the
            camera), ``oblique30``/``oblique45`` (turned 30°/45° from the side view toward the
            front, lifter facing image-right).
        height_m: lens height above the floor.
        distance_m: horizontal distance from the lens to the body's vertical axis.
        orientation: ``landscape`` (1920x1080) or ``portrait`` (1080x1920).
        aim_height_frac: height the optical axis passes through over the body's vertical axis,
            as a fraction of body height. With the lens lower or higher than that point the
            camera pitches up or down; 0.5 (mid-body) is the default framing.
        roll_deg: rotation about the optical axis of a phone not held level: + = the scene
            turns clockwise on the screen (a level line runs down to the right; the phone
            itself is turned counter-clockwise as its user sees it).
        lens_k1: first radial distortion coefficient of the lens (Brown–Conrady, on image
            coordinates normalised by the focal length, as OpenCV's ``k1``): negative is the
            barrel distortion of a phone's wide lens, which pulls points toward the image
            centre by ``k1 * r^2`` of their distance from it. 0 = ideal pinhole.
    """

    view: str = "side"
    height_m: float = 0.9
    distance_m: float = DEFAULT_CAMERA_DISTANCE_M
    orientation: str = "landscape"
    aim_height_frac: float = 0.5
    roll_deg: float = 0.0
    lens_k1: float = 0.0

    def __post_init__(self) -> None:
        """Refuse an unknown view or orientation, or a camera within 1 m of the body."""
        if self.view not in VIEWS:
            raise ValueError(f"unknown camera view {self.view!r}; known: {VIEWS}")
        if self.orientation not in IMAGE_SIZES:
            raise ValueError(f"orientation must be landscape or portrait, got {self.orientation!r}")
        if self.distance_m <= 1.0:
            raise ValueError(f"camera distance_m must be > 1 m, got {self.distance_m}")
        if not 0.0 <= self.aim_height_frac <= 1.0:
            raise ValueError(
                f"camera aim_height_frac must be within 0–1 of body height, "
                f"got {self.aim_height_frac}"
            )
        if abs(self.roll_deg) > MAX_ROLL_DEG:
            raise ValueError(
                f"camera roll_deg must be within ±{MAX_ROLL_DEG}°, got {self.roll_deg}"
            )
        if not MIN_LENS_K1 <= self.lens_k1 <= MAX_LENS_K1:
            raise ValueError(
                f"camera lens_k1 must be within {MIN_LENS_K1}–{MAX_LENS_K1}, got {self.lens_k1}"
            )

    @property
    def image_size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        return IMAGE_SIZES[self.orientation]

    def focal_px(self, body_height_m: float) -> float:
        """Focal length in px that makes the body fill ``BODY_FRAME_FRACTION`` of the frame.

        Fixed at the default camera distance, so moving the camera away shrinks the body, as in
        real video.
        """
        return BODY_FRAME_FRACTION * self.image_size[1] * DEFAULT_CAMERA_DISTANCE_M / body_height_m


@dataclass(frozen=True)
class NoiseSpec:
    """Pose-estimator-like noise.

    Attributes:
        sigma_px: white Gaussian noise per landmark and frame.
        jitter_px: standard deviation of slow (low-frequency) wobble per landmark.
        jitter_tau_s: correlation time of that wobble.
        dropout_rate: chance per landmark and frame of a miss (NaN, visibility 0).
        swap_rate: chance per frame of a left/right swap of every paired landmark.
        low_visibility_rate: chance per frame of a poor frame (visibility x0.3–0.6, 3x noise).
        contour_dropout_rate: chance per frame that the back contour is lost (None).
        vfr_jitter_s: standard deviation of timestamp jitter (variable frame rate); 0 = CFR.
    """

    sigma_px: float = 2.0
    jitter_px: float = 1.5
    jitter_tau_s: float = 0.4
    dropout_rate: float = 0.01
    swap_rate: float = 0.0
    low_visibility_rate: float = 0.02
    contour_dropout_rate: float = 0.02
    vfr_jitter_s: float = 0.0

    @classmethod
    def none(cls) -> NoiseSpec:
        """No noise at all: clean projections of the model."""
        return cls(0.0, 0.0, 0.4, 0.0, 0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class SurfaceSpec:
    """Where the body's surface and clothing put what a pose model sees, off the joint centres.

    Every default is zero: the landmarks are the joint centres, the hands hang on the
    generator's nominal line and the back outline is skin-tight.

    Attributes:
        hip_tissue_h: how far the hip landmark sits from the hip joint centre at
            ``HIP_TISSUE_REF_FLEXION_DEG`` of hip flexion, fraction of body height. A pose
            model places the hip in the middle of the visible hip/buttock mass; as the hip
            flexes the gluteal mass rolls behind the joint, so the landmark moves backward
            (perpendicular to the femur) and a little up (along the femur toward the pelvis),
            growing with flexion from ~0 standing. Real MediaPipe side-view RDL bottoms put it
            at 0.04–0.05 of body height.
        arm_hang_gap_m: extra clearance of the hands (the bar) in front of the thighs on
            barbell lifts, metres: thick thighs or a relaxed arm hang keep a clean bar a few
            centimetres off them. Added to the generator's nominal gap and the bar-drift
            fault's where the hands pass the thighs, fading out toward the knee (below it the
            bar rides the shins); only the ``bar`` grip uses it.
        clothing_bump_m: amplitude of low-frequency bumps a loose shirt puts on the back
            outline (folds over the shoulder blades and the waist), metres, on top of the
            outline's pixel noise. The folds drift slowly as the shirt moves.
    """

    hip_tissue_h: float = 0.0
    arm_hang_gap_m: float = 0.0
    clothing_bump_m: float = 0.0

    def __post_init__(self) -> None:
        """Refuse negative sizes or ones no body or shirt could have."""
        if not 0.0 <= self.hip_tissue_h <= 0.1:
            raise ValueError(
                f"hip_tissue_h must be within 0–0.1 of height, got {self.hip_tissue_h}"
            )
        if not 0.0 <= self.arm_hang_gap_m <= 0.1:
            raise ValueError(f"arm_hang_gap_m must be within 0–0.1 m, got {self.arm_hang_gap_m}")
        if not 0.0 <= self.clothing_bump_m <= 0.05:
            raise ValueError(f"clothing_bump_m must be within 0–0.05 m, got {self.clothing_bump_m}")

    @property
    def is_default(self) -> bool:
        """No effect at all: landmarks on the joint centres, nominal arm hang, tight outline."""
        return self == SurfaceSpec()


@dataclass(frozen=True)
class SynthSpec:
    """Everything needed to generate one set deterministically (given ``seed``).

    Tempo and stance fields left as None take the exercise's defaults (see ``motion``).
    ``pause_s`` is the pause in a pause deadlift (default 1.5 s at mid-shin).
    """

    exercise: str = "rdl"
    reps: int = 5
    height_m: float = 1.75
    sex: str = "male"
    fps: float = 30.0
    tempo_lower_s: float | None = None
    tempo_rise_s: float | None = None
    bottom_hold_s: float | None = None
    pause_s: float | None = None
    depth_scale: float = 1.0
    stance_width_m: float | None = None
    stand_before_s: float = 1.5
    stand_between_s: float | None = None
    stand_after_s: float = 1.5
    faults: tuple[FaultSpec, ...] = ()
    camera: CameraSpec = field(default_factory=CameraSpec)
    noise: NoiseSpec = field(default_factory=NoiseSpec)
    seed: int = 0
    surface: SurfaceSpec = field(default_factory=SurfaceSpec)

    def __post_init__(self) -> None:
        """Refuse a spec no real set could have; each ValueError names the field and its range."""
        if self.exercise not in EXERCISES:
            raise ValueError(f"unknown exercise {self.exercise!r}; known: {EXERCISES}")
        if self.reps < 1:
            raise ValueError(f"reps must be >= 1, got {self.reps}")
        if not 1.0 <= self.height_m <= 2.3:
            raise ValueError(f"height_m must be within 1.0–2.3 m, got {self.height_m}")
        if self.sex not in ("male", "female"):
            raise ValueError(f"sex must be 'male' or 'female', got {self.sex!r}")
        if self.fps <= 0:
            raise ValueError(f"fps must be positive, got {self.fps}")
        if not 0.3 <= self.depth_scale <= 1.5:
            raise ValueError(f"depth_scale must be within 0.3–1.5, got {self.depth_scale}")
        for f in self.faults:
            allowed = FAULT_EXERCISES.get(f.name)
            if allowed is not None and self.exercise not in allowed:
                raise ValueError(
                    f"fault {f.name} does not apply to {self.exercise} (only to {allowed})"
                )
            if f.from_rep > self.reps:
                raise ValueError(f"fault {f.name}: from={f.from_rep} but only {self.reps} reps")
