"""Data shared by every pipeline stage.

``PoseTrack`` is the one input the analysis core accepts, whoever produced it (MediaPipe, a
keypoint file, the synthetic generator). It is a frozen dataclass over NumPy arrays whose shapes
are checked on construction, so a malformed track fails where it is made and not three stages
later. Results (``Finding``, ``RepResult``, ``SetResult``) are frozen pydantic models: they are
what gets serialised, and the JSON schema is the model.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from hingecoach.landmarks import N_LANDMARKS

SCHEMA_VERSION = 1

View = Literal["side", "front", "oblique", "unknown"]
Side = Literal["left", "right"]
#: ``fault``: beyond the limit by more than the check's measurement error; ``watch``: beyond it
#: by no more than that error (it may be within the limit in fact: shown, never scored);
#: ``cannot_judge``: the check could not be measured on the rep.
Severity = Literal["fault", "watch", "cannot_judge"]


def _check_shape(name: str, arr: np.ndarray, expected: tuple[int | None, ...]) -> None:
    ok = arr.ndim == len(expected) and all(
        e is None or e == a for e, a in zip(expected, arr.shape, strict=False)
    )
    if not ok:
        exp = "(" + ", ".join("N" if e is None else str(e) for e in expected) + ")"
        raise ValueError(f"{name}: expected shape {exp}, got {arr.shape}")


@dataclass(frozen=True)
class PoseTrack:
    """Body landmarks over time for one person.

    Attributes:
        t_s: ``(N,)`` frame timestamps in seconds, non-decreasing (real timestamps, so variable
            frame rate is represented faithfully).
        landmarks: ``(N, 33, 4)`` BlazePose landmarks: x and y in image pixels (y down), z in
            the same pixel scale (depth, relative to the hips; NaN when the source has none) and
            visibility in [0, 1]. A landmark not detected in a frame is NaN in x and y with
            visibility 0 — never a silent zero.
        image_size: ``(width, height)`` of the frames in pixels.
        world: optional ``(N, 33, 3)`` metric coordinates (metres, y down, hip-centred).
        back_contour: optional per-frame dorsal (back) outline from sacrum to upper back, each a
            ``(K, 2)`` pixel polyline or None where it could not be traced. It lets the dowel test
            judge the spine, which landmarks alone cannot.
        provided: ``(33,)`` bool, which landmarks the source can produce at all (COCO-17 has no
            heels or toes); checks needing a landmark the source lacks say they cannot judge.
        source: free text naming where the track came from.
        cut_frames: indices of the frames that start a new shot in an edited clip (scene cuts),
            increasing, each in ``1..N-1``; no rep may span one.
    """

    t_s: np.ndarray
    landmarks: np.ndarray
    image_size: tuple[int, int]
    world: np.ndarray | None = None
    back_contour: tuple[np.ndarray | None, ...] | None = None
    provided: np.ndarray = field(default_factory=lambda: np.ones(N_LANDMARKS, dtype=bool))
    source: str = ""
    cut_frames: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        """Coerce the arrays and refuse wrong shapes, backwards time or misplaced cuts.

        Raises:
            ValueError: naming the field, the expected and the actual shape or value.
        """
        object.__setattr__(self, "t_s", np.asarray(self.t_s, dtype=float))
        object.__setattr__(self, "landmarks", np.asarray(self.landmarks, dtype=float))
        object.__setattr__(self, "provided", np.asarray(self.provided, dtype=bool))
        _check_shape("t_s", self.t_s, (None,))
        n = self.t_s.shape[0]
        _check_shape("landmarks", self.landmarks, (n, N_LANDMARKS, 4))
        _check_shape("provided", self.provided, (N_LANDMARKS,))
        if self.world is not None:
            object.__setattr__(self, "world", np.asarray(self.world, dtype=float))
            _check_shape("world", self.world, (n, N_LANDMARKS, 3))
        if self.back_contour is not None:
            if len(self.back_contour) != n:
                raise ValueError(
                    f"back_contour: expected {n} entries (one per frame), "
                    f"got {len(self.back_contour)}"
                )
            for i, c in enumerate(self.back_contour):
                if c is not None:
                    _check_shape(f"back_contour[{i}]", np.asarray(c), (None, 2))
        if n > 1 and np.any(np.diff(self.t_s) < 0):
            bad = int(np.argmax(np.diff(self.t_s) < 0)) + 1
            raise ValueError(f"t_s: time goes backwards at frame {bad}")
        cuts = tuple(int(c) for c in self.cut_frames)
        object.__setattr__(self, "cut_frames", cuts)
        if any(not 0 < c < n for c in cuts) or any(b <= a for a, b in itertools.pairwise(cuts)):
            raise ValueError(f"cut_frames: expected increasing frames in 1..{n - 1}, got {cuts}")
        w, h = self.image_size
        if w <= 0 or h <= 0:
            raise ValueError(
                f"image_size: expected positive (width, height), got {self.image_size}"
            )

    @property
    def n_frames(self) -> int:
        """Number of frames."""
        return int(self.t_s.shape[0])

    @property
    def xy(self) -> np.ndarray:
        """``(N, 33, 2)`` pixel coordinates."""
        return self.landmarks[:, :, :2]

    @property
    def visibility(self) -> np.ndarray:
        """``(N, 33)`` visibility in [0, 1]."""
        return self.landmarks[:, :, 3]

    def slice(self, start: int, stop: int) -> PoseTrack:
        """Frames ``start:stop`` as a new track (used to trim and to feed streaming)."""
        return PoseTrack(
            t_s=self.t_s[start:stop],
            landmarks=self.landmarks[start:stop],
            image_size=self.image_size,
            world=None if self.world is None else self.world[start:stop],
            back_contour=None if self.back_contour is None else self.back_contour[start:stop],
            provided=self.provided,
            source=self.source,
            cut_frames=tuple(c - start for c in self.cut_frames if start < c < stop),
        )


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Frozen):
    """One check's verdict on one rep: a fault with its number, or why it cannot be judged."""

    check: str = Field(description="stable check id, e.g. knee_bend")
    rep: int = Field(description="1-based rep index")
    severity: Severity
    value: float | None = Field(default=None, description="measured value, in `unit`")
    limit: float | None = Field(default=None, description="the profile limit it was compared with")
    unit: str = ""
    cue: str = Field(description="what a coach would say")
    detail: str = Field(default="", description="what was measured and why it matters")
    frame: int | None = Field(default=None, description="frame where the value was measured")


class RepResult(_Frozen):
    """One rep: timing, phases, key angles and findings."""

    index: int = Field(description="1-based")
    counted: bool = Field(description="a full rep; partial reps are reported but not counted")
    start_frame: int
    bottom_frame: int
    end_frame: int
    start_s: float
    bottom_s: float
    end_s: float
    lower_s: float | None = Field(
        description="duration of the lowering phase; None when that phase was not filmed"
    )
    bottom_hold_s: float | None = Field(
        description="time spent at the bottom/pause; None when the lowering was not filmed"
    )
    rise_s: float | None = Field(
        description="duration of the rising phase; None when that phase was not filmed"
    )
    knee_flexion_max_deg: float | None
    shin_angle_max_deg: float | None
    torso_angle_min_deg: float | None = Field(description="lowest torso angle to horizontal")
    hip_flexion_max_deg: float | None
    neck_angle_range_deg: float | None = None
    pause_s: float | None = Field(
        default=None, description="longest still period in the pull, if any"
    )
    pause_height: str | None = Field(
        default=None, description="bar height at the pause, e.g. mid_shin"
    )
    measurable: bool = True
    findings: list[Finding] = Field(default_factory=list)

    @property
    def faults(self) -> list[Finding]:
        """Findings that are faults (not "watch" or "cannot judge"): the ones that count."""
        return [f for f in self.findings if f.severity == "fault"]

    @property
    def watches(self) -> list[Finding]:
        """Findings past the limit by no more than the measurement error: shown, not counted."""
        return [f for f in self.findings if f.severity == "watch"]


class Shot(_Frozen):
    """One shot of an edited clip (between scene cuts), analysed on its own."""

    start_s: float
    end_s: float
    view: View
    facing: Side | None = None
    reps: list[int] = Field(default_factory=list, description="indices of the shot's reps")
    note: str = Field(default="", description="why the shot was not analysed, when it was not")


class SetResult(_Frozen):
    """Everything hingecoach says about one set."""

    schema_version: int = SCHEMA_VERSION
    source: str = ""
    exercise: str
    exercise_detected: bool = Field(description="true when recognised from the motion")
    exercise_confidence: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="how sure the recognition was, 0 (a coin toss) to 1 (every cue agrees); "
        "null when the exercise was given",
    )
    is_hinge: bool = True
    view: View
    facing: Side | None = None
    rep_count: int
    reps: list[RepResult]
    score: int | None = Field(description="0-100 set score; null when nothing was measured")
    broke_at_rep: int | None = Field(description="first rep from which form stayed broken")
    drifted: list[str] = Field(default_factory=list, description="measures that drifted")
    fix_first: str | None = None
    advice: list[str] = Field(default_factory=list)
    not_judged: dict[str, str] = Field(
        default_factory=dict, description="check id → why it could not be judged in this set"
    )
    warnings: list[str] = Field(default_factory=list)
    shots: list[Shot] = Field(
        default_factory=list,
        description="the clip's shots when it cuts between scenes; empty for one continuous shot",
    )
    limits: dict[str, dict[str, float | bool]] = Field(
        default_factory=dict, description="the profile limits the set was judged against"
    )
    series: dict[str, list[float | None]] = Field(
        default_factory=dict,
        description="per-frame signals for plots: t_s and angles in degrees (null = not seen)",
    )
