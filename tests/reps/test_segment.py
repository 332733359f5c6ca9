"""Rep segmentation on lean curves with known reps.

First and last rep, pauses, standing around, partial reps, and streaming giving the same answer
as offline.
"""

from __future__ import annotations

import numpy as np

from hingecoach.reps.segment import RepSegmenter, SegmentParams, segment

FPS = 30.0
#: The cases state their settings, so a profile edit cannot move them.
PARAMS = SegmentParams(
    leave_deg=20.0,
    count_deg=35.0,
    settle_deg=3.0,
    settle_s=0.15,
    start_at_bottom_counts=False,
    floor_touch_counts=True,
)


def build(parts: list[tuple[str, float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate ('stand', seconds, lean) / ('rep', seconds, depth) / ('hold', s, lean) pieces."""
    out: list[np.ndarray] = []
    for kind, dur, val in parts:
        n = int(dur * FPS)
        if kind == "rep":
            out.append(val * np.sin(np.linspace(0, np.pi, n)) ** 2)
        elif kind == "down":
            out.append(np.linspace(out[-1][-1] if out else 0, val, n))
        else:
            out.append(np.full(n, val))
    lean = np.concatenate(out)
    return np.arange(len(lean)) / FPS, lean


def test_counts_reps_with_standing_before_between_after() -> None:
    t, lean = build(
        [
            ("stand", 2, 2),
            ("rep", 3, 60),
            ("stand", 4, 1),
            ("rep", 3, 55),
            ("rep", 3, 65),
            ("stand", 2, 0),
        ]
    )
    spans = segment(t, lean, PARAMS)
    assert [s.counted for s in spans] == [True, True, True]
    assert [round(t[s.bottom], 1) for s in spans] == [3.5, 10.5, 13.5]


def test_long_pause_at_the_bottom_is_one_rep() -> None:
    t, lean = build(
        [("stand", 1, 0), ("down", 1, 60), ("hold", 4, 60), ("down", 1, 0), ("stand", 1, 0)]
    )
    spans = segment(t, lean, PARAMS)
    assert len(spans) == 1 and spans[0].counted


def test_shallow_dip_is_a_partial_rep() -> None:
    t, lean = build(
        [("stand", 1, 0), ("rep", 2, 28), ("stand", 1, 0), ("rep", 2, 60), ("stand", 1, 0)]
    )
    spans = segment(t, lean, PARAMS)
    assert [s.counted for s in spans] == [False, True]
    assert "partial" in spans[0].note


def test_clip_ending_mid_rep_is_partial() -> None:
    t, lean = build([("stand", 1, 0), ("rep", 2, 60), ("stand", 1, 0), ("down", 1, 50)])
    spans = segment(t, lean, PARAMS)
    assert [s.counted for s in spans] == [True, False]


def test_clip_opening_at_the_bottom_counts_only_for_pulls_from_the_floor() -> None:
    t, lean = build([("hold", 1, 60), ("down", 1, 0), ("stand", 1, 0)])
    assert [s.counted for s in segment(t, lean, PARAMS)] == [False]
    pull = PARAMS.model_copy(update={"start_at_bottom_counts": True})
    assert [s.counted for s in segment(t, lean, pull)] == [True]


def test_continuous_swings_without_standing() -> None:
    t, lean = build([("stand", 1, 0)] + [("rep", 1.0, 50)] * 9 + [("stand", 1, 0)])
    spans = segment(t, lean, PARAMS)
    assert sum(s.counted for s in spans) == 9


def test_streaming_emits_each_rep_at_its_lockout_and_matches_offline() -> None:
    t, lean = build(
        [("stand", 1, 0), ("rep", 3, 60), ("stand", 2, 0), ("rep", 3, 60), ("stand", 1, 0)]
    )
    seg = RepSegmenter(PARAMS)
    emitted = []
    for i, (tt, x) in enumerate(zip(t, lean, strict=True)):
        for span in seg.push(i, float(tt), float(x)):
            emitted.append((i, span))
    emitted += [(len(t), s) for s in seg.finish()]
    assert [s for _, s in emitted] == segment(t, lean, PARAMS)
    for at, span in emitted:
        # Emitted within half a second of its lockout: live cues stay prompt.
        assert (at - span.end) / FPS <= 0.5


def test_nan_frames_are_skipped_not_counted() -> None:
    t, lean = build([("stand", 1, 0), ("rep", 3, 60), ("stand", 1, 0)])
    lean[40:50] = np.nan
    assert [s.counted for s in segment(t, lean, PARAMS)] == [True]


def test_rep_from_standing_cut_mid_rise_is_not_counted() -> None:
    # Two reps, then a third the clip cuts while the lifter is still coming up fast, 12° short
    # of the standing it started from: no lockout was seen.
    t, lean = build(
        [
            ("stand", 1, 2),
            ("rep", 3, 60),
            ("rep", 3, 60),
            ("stand", 0.5, 2),
            ("down", 1.5, 60),
            ("down", 0.6, 14),
        ]
    )
    spans = segment(t, lean, PARAMS)
    assert [s.counted for s in spans] == [True, True, False]
    assert "lockout" in spans[-1].note


def test_rep_from_standing_ending_at_lockout_counts() -> None:
    t, lean = build([("stand", 1, 2), ("rep", 3, 60), ("rep", 3, 60)])
    assert [s.counted for s in segment(t, lean, PARAMS)] == [True, True]


def test_pull_opened_at_the_bottom_cut_near_lockout_still_counts() -> None:
    # A pull from the floor whose clip ends while still rising (15° from upright): the
    # convention for a pull the clip opened in is that reaching near lockout counts.
    t, lean = build([("hold", 1, 60), ("down", 1, 15)])
    pull = PARAMS.model_copy(update={"start_at_bottom_counts": True})
    assert [s.counted for s in segment(t, lean, pull)] == [True]


def test_clip_opening_early_in_the_lowering_is_a_whole_rep() -> None:
    # Filming starts at 25° on the way down to 60°: most of the lowering is seen, so the rep is
    # judged as a whole one, not as a clip that opens at the bottom.
    t, lean = build([("hold", 0.2, 25), ("down", 1, 60), ("down", 1, 0), ("stand", 1, 0)])
    spans = segment(t, lean, PARAMS)
    assert [(s.counted, s.from_bottom) for s in spans] == [(True, False)]


def test_clip_opening_near_the_bottom_opened_at_the_bottom() -> None:
    t, lean = build([("hold", 0.2, 50), ("down", 0.3, 60), ("down", 1, 0), ("stand", 1, 0)])
    spans = segment(t, lean, PARAMS)
    assert [(s.counted, s.from_bottom) for s in spans] == [(False, True)]


def test_rep_from_standing_ending_back_at_standing_while_still_moving_counts() -> None:
    # The clip ends the moment the lifter is back at the 2° they started from, still moving:
    # that is the lockout.
    t, lean = build([("stand", 1, 2), ("rep", 3, 60), ("down", 1.5, 60), ("down", 1.5, 2.5)])
    assert [s.counted for s in segment(t, lean, PARAMS)] == [True, True]
