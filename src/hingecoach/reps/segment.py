"""Rep segmentation that works one frame at a time.

A hinge is the torso tipping forward and coming back up, so reps are excursions of the torso
lean (degrees from vertical) away from standing. A small state machine with hysteresis reads the
lean frame by frame and emits a rep the moment its lockout is reached; offline analysis feeds it
the whole filtered series through the same ``push`` calls, so live and offline cannot disagree on
what a rep is.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import Enum

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator


class SegmentParams(BaseModel):
    """Thresholds of the segmenter; the values live only in the profile TOML files.

    Strict: every key must be present, of its type (no ``'lots'`` for a number) and inside its
    physical range; unknown keys fail.

    Attributes:
        leave_deg: lean above which the lifter has left standing (a rep may be under way).
        count_deg: peak lean a rep must reach to count as full (shallower ones are partial).
        settle_deg: within this of the lowest lean after rising, the lifter is locked out.
        settle_s: how long the lean must stop falling before the lockout is taken as reached.
        start_at_bottom_counts: a clip that opens at the bottom and rises to lockout counts
            (a deadlift from the floor is a pull, not a lowering then a pull).
        floor_touch_counts: a rep whose hands go to the floor counts; false for swings, where
            that is the hike pass that starts the set or the park that ends it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    #: A lean (or, for the squat pass, a hip drop in percent) between standing and horizontal.
    leave_deg: float = Field(gt=0.0, lt=90.0)
    count_deg: float = Field(gt=0.0, lt=90.0)
    #: Lockout jitter: a few degrees; beyond 20° a half-way stand would pass as a lockout.
    settle_deg: float = Field(gt=0.0, le=20.0)
    #: Up to 2 s: a longer wait would swallow the next rep's start.
    settle_s: float = Field(gt=0.0, le=2.0)
    start_at_bottom_counts: bool
    floor_touch_counts: bool

    @model_validator(mode="after")
    def _count_beyond_leave(self) -> SegmentParams:
        if self.count_deg <= self.leave_deg:
            raise ValueError(
                f"count_deg ({self.count_deg}) must be above leave_deg ({self.leave_deg})"
            )
        return self


#: A clip opening deeper than this share of its first rep's depth opened at the bottom.
OPENED_AT_BOTTOM_SHARE = 0.5


@dataclass(frozen=True)
class RepSpan:
    """Frames of one rep: movement start, deepest point, lockout; and whether it counts.

    Attributes:
        start: frame where the movement starts (the clip's first frame when it opened in the rep).
        bottom: frame of the deepest point.
        end: frame of the lockout (the last frame when the input ended inside the rep).
        counted: a full rep.
        note: why it is not counted, in words.
        from_bottom: the clip opened past halfway down this rep: its lowering was not filmed.
    """

    start: int
    bottom: int
    end: int
    counted: bool
    note: str = ""
    from_bottom: bool = False


class _State(Enum):
    WAITING = 0  # no valid frame yet
    STANDING = 1
    DOWN = 2
    RISEN = 3  # back above leave_deg, waiting for lockout to settle


class RepSegmenter:
    """Streaming segmenter: ``push`` each frame's lean, collect the reps it returns."""

    def __init__(self, params: SegmentParams) -> None:
        """Start waiting for the first measurable frame, with the given thresholds."""
        self.p = params
        self._state = _State.WAITING
        self._opened_deep = False
        self._opening = np.nan
        self._start = 0
        self._stand_min = np.inf
        self._stand_min_frame = 0
        self._peak = -np.inf
        self._peak_frame = 0
        self._low = np.inf
        self._low_frame = 0
        self._low_t = 0.0
        self._stand_ref = np.nan
        self._last_frame = -1
        self._recent: deque[tuple[float, float]] = deque()

    def push(self, frame: int, t_s: float, lean_deg: float) -> list[RepSpan]:
        """Feed one frame; returns the reps completed by it (usually none).

        Args:
            frame: the frame's index.
            t_s: the frame's time, seconds.
            lean_deg: the segmented signal there (a torso lean, or a percent for the squat
                and row passes); NaN frames are skipped.
        """
        self._last_frame = frame
        if not np.isfinite(lean_deg):
            return []
        self._recent.append((t_s, lean_deg))
        while t_s - self._recent[0][0] > self.p.settle_s:
            self._recent.popleft()
        if self._state is _State.WAITING:
            self._opened_deep = lean_deg > self.p.leave_deg
            self._opening = lean_deg
            self._start = frame
            self._state = _State.DOWN if self._opened_deep else _State.STANDING
            self._peak, self._peak_frame = lean_deg, frame
            self._stand_min, self._stand_min_frame = lean_deg, frame
            return []
        if self._state is _State.STANDING:
            return self._standing(frame, lean_deg)
        if self._state is _State.DOWN:
            return self._down(frame, t_s, lean_deg)
        return self._risen(frame, t_s, lean_deg)

    def finish(self) -> list[RepSpan]:
        """End of input: a rep waiting to settle is closed; one still down is partial.

        A rep that started from standing and was still rising fast when the input ended (more
        than ``settle_deg`` in the last ``settle_s``) counts only if it was back within
        ``settle_deg`` of the standing it started from: the clip ends before its lockout. A
        pull the clip opened in has no standing to return to and counts once above
        ``leave_deg``, the convention for a pull from the floor.
        """
        if self._state is _State.RISEN:
            span = self._close()
            rising = self._recent[0][1] - self._recent[-1][1] > self.p.settle_deg
            last = self._recent[-1][1]
            home = min(self._low, last) <= self._stand_ref + self.p.settle_deg
            if span.counted and np.isfinite(self._stand_ref) and rising and not home:
                span = RepSpan(
                    span.start,
                    span.bottom,
                    span.end,
                    False,
                    "the clip ends before this rep's lockout",
                    span.from_bottom,
                )
            return [span]
        if self._state is _State.DOWN and self._peak > self.p.leave_deg:
            span = RepSpan(
                self._start,
                self._peak_frame,
                self._last_frame,
                False,
                "the clip ends before this rep was finished",
            )
            self._state = _State.STANDING
            return [span]
        return []

    def _standing(self, frame: int, lean: float) -> list[RepSpan]:
        if lean <= self._stand_min + self.p.settle_deg:
            # Track the last moment the lifter was still at standing depth: the rep starts there.
            self._stand_min = min(self._stand_min, lean)
            self._stand_min_frame = frame
        if lean > self.p.leave_deg:
            self._state = _State.DOWN
            self._start = self._stand_min_frame
            self._stand_ref = self._stand_min
            self._peak, self._peak_frame = lean, frame
        return []

    def _down(self, frame: int, t_s: float, lean: float) -> list[RepSpan]:
        if lean > self._peak:
            self._peak, self._peak_frame = lean, frame
        if lean < self.p.leave_deg:
            self._state = _State.RISEN
            self._low, self._low_frame, self._low_t = lean, frame, t_s
        return []

    def _risen(self, frame: int, t_s: float, lean: float) -> list[RepSpan]:
        if lean > self.p.leave_deg:
            # Went back down before settling: the rep ended at the lowest point reached.
            span = self._close()
            self._state = _State.DOWN
            self._start = span.end
            self._stand_ref = self._low
            self._peak, self._peak_frame = lean, frame
            return [span]
        if lean < self._low - 0.5 * self.p.settle_deg:
            self._low, self._low_frame, self._low_t = lean, frame, t_s
        elif t_s - self._low_t >= self.p.settle_s:
            span = self._close()
            self._state = _State.STANDING
            self._stand_min, self._stand_min_frame = self._low, self._low_frame
            return [span]
        return []

    def _close(self) -> RepSpan:
        counted = self._peak >= self.p.count_deg
        note = "" if counted else f"partial rep: torso lean reached only {self._peak:.0f}°"
        # A clip that opens less than halfway down the rep it is in shows most of the lowering:
        # the rep was seen whole enough to judge, so it is not treated as opened at the bottom.
        from_bottom = self._opened_deep and self._opening > OPENED_AT_BOTTOM_SHARE * self._peak
        if self._opened_deep:
            self._opened_deep = False
        if from_bottom:
            if not self.p.start_at_bottom_counts:
                counted, note = False, "the clip starts in the middle of this rep"
        span = RepSpan(self._start, self._peak_frame, self._low_frame, counted, note, from_bottom)
        self._state = _State.STANDING
        return span


def segment(t_s: np.ndarray, lean_deg: np.ndarray, params: SegmentParams) -> list[RepSpan]:
    """Offline segmentation: the streaming segmenter fed the whole series.

    Args:
        t_s: ``(N,)`` frame times, seconds.
        lean_deg: ``(N,)`` the segmented signal (NaN where not measured).
        params: the thresholds.

    Returns:
        Every rep found, counted or not, in order.
    """
    seg = RepSegmenter(params)
    spans: list[RepSpan] = []
    for i, (t, x) in enumerate(zip(t_s, lean_deg, strict=True)):
        spans.extend(seg.push(i, float(t), float(x)))
    spans.extend(seg.finish())
    return spans
