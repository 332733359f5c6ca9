"""What a check is: one whole unit of the article's advice, as data plus one function.

Modelled on linter rules: each checkpoint of the hinge lives in its own module with a stable id,
its limits come from the exercise profile (TOML data, validated against the check's ``Limits``
class), and ``evaluate`` turns one rep's signals into a verdict — a measured value compared with a
limit, or a plain statement of why it cannot be judged. Nothing here guesses.

Everything else that is about one check travels on its :class:`Check` too — the spoken cue, the
score weight, the feedback groups, its report column and plot — so adding a check is one module,
its profile keys and its tests; no table keyed by check id elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict

from hingecoach.checks.wording import Words
from hingecoach.kinematics.filters import running_median, running_median_s, window_frames
from hingecoach.kinematics.signals import Signals
from hingecoach.models import RepResult, View
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
    """A measured value compared with its limit.

    Attributes:
        value: what was measured on the rep, in the check's unit.
        limit: the limit it was compared with (the one on the side it fell).
        fault: the value is beyond the limit; exactly at the limit passes.
        frame: the frame the value was measured at, None when it belongs to no frame.
        detail: what the value is, in a few words ("knee flexion at the bottom").
    """

    value: float
    limit: float
    fault: bool
    frame: int | None
    detail: str


@dataclass(frozen=True)
class CannotJudge:
    """Why a check could not be judged on this rep (missing data, wrong view, no pause...).

    Attributes:
        reason: a sentence for the lifter, e.g. "wrists not visible during the rep".
    """

    reason: str


@dataclass(frozen=True)
class RepContext:
    """Everything a check may read about one rep.

    Attributes:
        index: the rep's 1-based number in the set.
        sig: the set's per-frame signals (a check reads its rep's frames of them).
        span: the rep's first, bottom and last frames.
        phases: lowering, bottom, rise and pause of the rep.
    """

    index: int
    sig: Signals
    span: RepSpan
    phases: Phases

    def window(
        self, series: np.ndarray, first: int | None = None, last: int | None = None
    ) -> np.ndarray:
        """``series`` over the rep, or over frames ``first..last`` inclusive.

        Args:
            series: ``(N,)`` per-frame signal of the whole set.
            first: first frame; the rep's start when None.
            last: last frame; the rep's end when None.
        """
        a = self.span.start if first is None else first
        b = self.span.end if last is None else last
        return series[a : b + 1]

    def bottom_frames(self, half_width_s: float = 0.15) -> tuple[int, int]:
        """Frames of the bottom hold, widened by ``half_width_s`` for a steady reading.

        Args:
            half_width_s: seconds added before the end of the lowering and after the start of
                the rise, kept inside the rep.

        Returns:
            First and last frame, inclusive.
        """
        t = self.sig.t_s
        a = int(np.searchsorted(t, t[self.phases.lower_end] - half_width_s))
        b = int(np.searchsorted(t, t[self.phases.rise_start] + half_width_s, side="right")) - 1
        return max(a, self.span.start), min(max(b, a), self.span.end)


L = TypeVar("L", bound=Limits)


@dataclass(frozen=True)
class TableColumn:
    """How a check appears in the report's rep table: the column its fault turns red.

    Several checks may share a column (both pause checks are judged on the ``pause`` column);
    the report shows each header once.

    Attributes:
        header: the column header, unit included (``"knee° max"``).
        attribute: the :class:`~hingecoach.models.RepResult` field the column shows.
        fmt: ``str.format`` pattern of that field's value (``"{:.0f}"``).
        note: an optional text field of the rep appended to the value, underscores as spaces
            (the pause's ``pause_height``: ``"1.2 s mid shin"``).
        is_value: the column shows exactly the value the check judged; otherwise (knee flexion
            *at the bottom* against the rep's maximum) a red cell also names the judged value.

    Raises:
        ValueError: ``attribute`` or ``note`` is not a field of ``RepResult``.
    """

    header: str
    attribute: str
    fmt: str = "{:.0f}"
    note: str | None = None
    is_value: bool = False

    def __post_init__(self) -> None:
        """Check the fields shown exist on ``RepResult``."""
        for name in (self.attribute, self.note):
            if name is not None and name not in RepResult.model_fields:
                raise ValueError(f"table column {self.header!r}: RepResult has no field {name!r}")

    def text(self, rep: RepResult) -> str:
        """The cell's text for ``rep``: the formatted value, or ``–`` when it was not measured."""
        value = getattr(rep, self.attribute)
        if value is None:
            return "–"
        out = self.fmt.format(value)
        label = getattr(rep, self.note) if self.note else None
        return f"{out} {label.replace('_', ' ')}" if label else out


#: The rep's pause, its length and height on the shin: the column of both pause checks.
PAUSE_COLUMN = TableColumn("pause", "pause_s", "{:.1f} s", note="pause_height")

#: How a limit is drawn on a plot: ``above`` — values over the limit are faults; ``below`` —
#: the target is at or under the limit; ``between`` — the target is a band around neutral (0),
#: from ``-first key`` to ``+second key``.
Zone = Literal["above", "below", "between"]


@dataclass(frozen=True)
class PlotLimit:
    """How a check appears on the report's plots: the series it is read on and its limit zone.

    Attributes:
        series: key of ``SetResult.series`` the check's value is measured on; its faults are
            ringed on that plot.
        zone: how the limit is drawn (see :data:`Zone`).
        keys: the limit keys drawn: one for ``above``/``below``, two (below and above
            zero) for ``between``.
        label: the words before the limit in the plot's legend (``"knee"`` reads
            ``knee > 20° (knee_bend)``).

    Raises:
        ValueError: the number of keys does not fit the zone.
    """

    series: str
    zone: Zone
    keys: tuple[str, ...]
    label: str

    def __post_init__(self) -> None:
        """Check the number of keys fits the zone."""
        want = 2 if self.zone == "between" else 1
        if len(self.keys) != want:
            raise ValueError(
                f"plot of {self.series!r}: zone {self.zone!r} takes {want} limit key(s), "
                f"got {len(self.keys)}"
            )


@dataclass(frozen=True, kw_only=True)
class Check(Generic[L]):
    """One checkpoint of the article, as data plus one function.

    Generic over its limits class, so ``evaluate`` receives the check's own typed limits.

    Attributes:
        id: stable snake-case id, also the module name and the profile table.
        summary: one line saying what good form is.
        views: camera views in which the check can be judged.
        limits: the limits class its profile table is validated against.
        unit: unit of the measured value (``deg``, ``bl``, ``s``, ``shin``).
        cue: what a coach would say, in full (report, fix-first).
        short_cue: the same in a few words, spoken between reps of a live set.
        weight: points a fault costs its rep's score (0–100); also ranks the fix-first fault
            and the live cue. Spine and sequencing weigh most, tempo and pause details least.
        error: how far off the measured value can be, in ``unit`` (the tolerance band). A
            value beyond the limit by no more than this is "watch", not "fault": it may be
            within the limit in fact.
        groups: feedback groups the check belongs to; the names are
            :data:`hingecoach.feedback.advice.GROUPS` (which drills and advice its fault calls
            for). Empty when no drill is specific to it.
        evaluate: one rep's context and the check's limits → a verdict or why not.
        words: the fault in a coach's words (:class:`~hingecoach.checks.wording.Words`).
        column: how it is shown in the report's rep table; None when no column shows it.
        plot: how it is shown on the report's plots; None when no plot shows it.
        needs_contour: only judged when a back outline was traced.
        needs_feet: only judged when heels and toes were tracked.

    Raises:
        ValueError: a weight or an error that is not positive, an empty cue, or plot keys that
            are not fields of the limits class.
    """

    id: str
    summary: str
    views: frozenset[View]
    limits: type[L]
    unit: str
    cue: str
    short_cue: str
    weight: int
    error: float
    groups: frozenset[str]
    evaluate: Callable[[RepContext, L], Verdict | CannotJudge]
    words: Words
    column: TableColumn | None = None
    plot: PlotLimit | None = None
    needs_contour: bool = False
    needs_feet: bool = False

    def __post_init__(self) -> None:
        """Refuse a check that is not a whole unit (see Raises above)."""
        if self.weight <= 0:
            raise ValueError(f"check {self.id}: weight must be > 0, got {self.weight}")
        if not self.error > 0:
            raise ValueError(f"check {self.id}: measurement error must be > 0, got {self.error}")
        if not (self.cue.strip() and self.short_cue.strip() and self.summary.strip()):
            raise ValueError(f"check {self.id}: summary, cue and short cue must be given")
        unknown = set(self.plot.keys if self.plot else ()) - set(self.limits.model_fields)
        if unknown:
            raise ValueError(
                f"check {self.id}: plot keys {sorted(unknown)} are not limits of "
                f"{self.limits.__name__}"
            )

    def judge(self, ctx: RepContext, limits: Limits) -> Verdict | CannotJudge:
        """``evaluate`` with limits of any check's type, checked once here.

        For callers holding a profile's limits as plain :class:`Limits` (the engine reads them
        by check id).

        Raises:
            TypeError: ``limits`` are not this check's limits class.
        """
        if not isinstance(limits, self.limits):
            raise TypeError(
                f"check {self.id} takes {self.limits.__name__}, got {type(limits).__name__}"
            )
        return self.evaluate(ctx, limits)


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


#: How long a drift or cave-in must hold to count, not one frame of jitter, seconds (9 frames
#: at 30 fps, 19 at 60 fps).
HOLD_S = 0.3


def held_max(ctx: RepContext, series: np.ndarray) -> tuple[float, int] | None:
    """Largest value of ``series`` over the rep that holds for ``HOLD_S`` (running median first).

    The median's width comes from the rep's own timestamps, so the hold is the same time at
    any frame rate.

    Args:
        ctx: the rep.
        series: ``(N,)`` per-frame signal of the whole set.

    Returns:
        The held maximum and its frame, or None when too little of the rep was measured.
    """
    held = running_median_s(ctx.window(series), ctx.window(ctx.sig.t_s), HOLD_S)
    return extreme(held, ctx.span.start, largest=True)


def extreme(series: np.ndarray, first: int, *, largest: bool = True) -> tuple[float, int] | None:
    """Largest (or smallest) finite value of a window and its absolute frame."""
    if not measured(series):
        return None
    k = int(np.nanargmax(series) if largest else np.nanargmin(series))
    return float(series[k]), first + k


def two_sided(
    series: np.ndarray, first: int, above: float, below: float, details: tuple[str, str]
) -> Verdict:
    """A band around neutral: the side ``series`` strays furthest past, as a share of its limit.

    Args:
        series: a window's values, + above neutral, − below; not all NaN.
        first: the window's first frame.
        above: the limit above neutral (positive).
        below: the limit below neutral (positive; the verdict's limit is ``-below``).
        details: what an above and a below reading is, in a few words.
    """
    hi, lo = int(np.nanargmax(series)), int(np.nanargmin(series))
    if series[hi] / above >= -series[lo] / below:
        value = float(series[hi])
        return Verdict(value, above, value > above, first + hi, details[0])
    value = float(series[lo])
    return Verdict(value, -below, -value > below, first + lo, details[1])


def over_max(value: float, limit: float, frame: int | None, detail: str) -> Verdict:
    """A fault when the value exceeds the limit; exactly at the limit passes."""
    return Verdict(value, limit, value > limit, frame, detail)


def under_min(value: float, limit: float, frame: int | None, detail: str) -> Verdict:
    """A fault when the value falls short of the limit; exactly at the limit passes."""
    return Verdict(value, limit, value < limit, frame, detail)


def held_readings(x: np.ndarray, t_s: np.ndarray, hold_s: float) -> np.ndarray:
    """``x`` where it holds for ``hold_s``: its running median, NaN unless most of it was seen.

    A lone reading between lost frames (a plate over the knee for the rest) is not held, however
    the median treats it.

    Args:
        x: ``(n,)`` series, NaN where not measured.
        t_s: ``(n,)`` its timestamps, seconds.
        hold_s: how long a value must hold, seconds.
    """
    width = window_frames(hold_s, t_s)
    half = width // 2
    seen = np.convolve(np.isfinite(x).astype(float), np.ones(width))[half : half + len(x)]
    out = running_median(x, width)
    out[2 * seen <= width] = np.nan
    return out
