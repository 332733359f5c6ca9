"""What a check is: an id, the views it is valid in, typed limits, a cue, and one function.

Modelled on linter rules: each checkpoint of the hinge lives in its own module with a stable id,
its limits come from the exercise profile (TOML data, validated against the check's ``Limits``
class), and ``evaluate`` turns one rep's signals into a verdict — a measured value compared with a
limit, or a plain statement of why it cannot be judged. Nothing here guesses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict

from hingecoach.kinematics.filters import running_median
from hingecoach.kinematics.signals import Signals
from hingecoach.models import View
from hingecoach.reps.phases import Phases
from hingecoach.reps.segment import RepSpan

SAGITTAL_VIEWS: frozenset[View] = frozenset({"side", "oblique"})
FRONT_VIEWS: frozenset[View] = frozenset({"front"})
ALL_VIEWS: frozenset[View] = frozenset({"side", "oblique", "front"})

#: A rep whose window has fewer measured frames than this fraction cannot be judged.
MIN_MEASURED_FRACTION = 0.5


class Limits(BaseModel):
    """Base of every check's limits; ``enabled`` switches a check off for an exercise."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    enabled: bool


@dataclass(frozen=True)
class Verdict:
    """A measured value compared with its limit."""

    value: float
    limit: float
    fault: bool
    frame: int | None
    detail: str


@dataclass(frozen=True)
class CannotJudge:
    """Why a check could not be judged on this rep (missing data, wrong view, no pause...)."""

    reason: str


@dataclass(frozen=True)
class Baseline:
    """The lifter's own standing values, so 'neutral' means *their* neutral."""

    neck_angle_deg: float
    spine_bend_deg: float


@dataclass(frozen=True)
class RepContext:
    """Everything a check may read about one rep."""

    index: int
    sig: Signals
    span: RepSpan
    phases: Phases
    baseline: Baseline

    def window(
        self, series: np.ndarray, first: int | None = None, last: int | None = None
    ) -> np.ndarray:
        """``series`` over the rep (or ``first..last`` inclusive)."""
        a = self.span.start if first is None else first
        b = self.span.end if last is None else last
        return series[a : b + 1]

    def bottom_frames(self, half_width_s: float = 0.15) -> tuple[int, int]:
        """Frames of the bottom hold, widened by ``half_width_s`` for a steady reading."""
        t = self.sig.t_s
        a = int(np.searchsorted(t, t[self.phases.lower_end] - half_width_s))
        b = int(np.searchsorted(t, t[self.phases.rise_start] + half_width_s, side="right")) - 1
        return max(a, self.span.start), min(max(b, a), self.span.end)


Evaluate = Callable[[RepContext, Limits], "Verdict | CannotJudge"]


@dataclass(frozen=True)
class Check:
    """One checkpoint of the article, as data plus one function."""

    id: str
    summary: str
    views: frozenset[View]
    limits: type[Limits]
    unit: str
    cue: str
    evaluate: Evaluate
    needs_contour: bool = False
    needs_feet: bool = False


def measured(values: np.ndarray) -> bool:
    """Enough finite samples to judge from."""
    return len(values) > 0 and np.isfinite(values).mean() >= MIN_MEASURED_FRACTION


def at_bottom(ctx: RepContext, series: np.ndarray) -> tuple[float, int] | None:
    """Median of ``series`` over the bottom hold and the frame nearest that value."""
    a, b = ctx.bottom_frames()
    seg = series[a : b + 1]
    if not measured(seg):
        return None
    value = float(np.nanmedian(seg))
    frame = a + int(np.nanargmin(np.abs(seg - value)))
    return value, frame


def deep_median(ctx: RepContext, series: np.ndarray) -> tuple[float, int] | None:
    """Median of ``series`` over the deeper half of the rep (lean ≥ half its peak)."""
    lean = ctx.window(ctx.sig.lean_deg)
    values = ctx.window(series)
    if not np.isfinite(lean).any():
        return None
    deep = lean >= 0.5 * np.nanmax(lean)
    if not measured(values[deep]):
        return None
    value = float(np.nanmedian(values[deep]))
    frame = ctx.span.start + int(np.nanargmin(np.where(deep, np.abs(values - value), np.nan)))
    return value, frame


#: Frames (at 30 fps, ~0.3 s) a drift or cave-in must hold to count, not one frame of jitter.
HOLD_FRAMES = 9


def held_max(ctx: RepContext, series: np.ndarray) -> tuple[float, int] | None:
    """Largest value of ``series`` over the rep that holds for ~0.3 s (running median first)."""
    return extreme(running_median(ctx.window(series), HOLD_FRAMES), ctx.span.start, largest=True)


def extreme(series: np.ndarray, first: int, *, largest: bool = True) -> tuple[float, int] | None:
    """Largest (or smallest) finite value of a window and its absolute frame."""
    if not measured(series):
        return None
    k = int(np.nanargmax(series) if largest else np.nanargmin(series))
    return float(series[k]), first + k


def over_max(value: float, limit: float, frame: int | None, detail: str) -> Verdict:
    """A fault when the value exceeds the limit; exactly at the limit passes."""
    return Verdict(value, limit, value > limit, frame, detail)


def under_min(value: float, limit: float, frame: int | None, detail: str) -> Verdict:
    """A fault when the value falls short of the limit; exactly at the limit passes."""
    return Verdict(value, limit, value < limit, frame, detail)
