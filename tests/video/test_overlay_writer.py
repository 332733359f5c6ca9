"""Overlay drawing and the annotated-video writer (streaming, same rotation, real timestamps)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from _clips import gradient_frames, write_mp4

from hingecoach.feedback.words import finding_words
from hingecoach.landmarks import N_LANDMARKS, idx
from hingecoach.models import PoseTrack, SetResult
from hingecoach.video.decode import open_video, probe
from hingecoach.video.overlay import (
    FAULT_RGB,
    FLASH_S,
    FrameAnnotation,
    default_dowel_line,
    draw_overlay,
    result_annotations,
)
from hingecoach.video.text import ascii_text
from hingecoach.video.writer import available_encoder, write_annotated_video
from tests.store._results import make_result


def _landmarks(w: int, h: int) -> np.ndarray:
    lm = np.zeros((N_LANDMARKS, 4))
    lm[:, 0] = w / 2
    lm[:, 1] = np.linspace(0.1 * h, 0.9 * h, N_LANDMARKS)
    lm[:, 3] = 0.9
    return lm


def test_draw_overlay_draws_and_does_not_mutate() -> None:
    rgb = np.zeros((240, 320, 3), np.uint8)
    out = draw_overlay(
        rgb,
        _landmarks(320, 240),
        angles={"knee": 31.0, "hip": float("nan")},
        rep_count=3,
        fault_text="chest up",
        dowel_line=((10, 10), (100, 200)),
    )
    assert rgb.max() == 0, "input frame must not change"
    assert out.shape == rgb.shape and out.dtype == np.uint8
    assert out[:, 150:170].any(), "skeleton drawn"
    banner = out[-10:, :].reshape(-1, 3).mean(axis=0)
    assert banner[0] > banner[1] + 50, "red fault banner along the bottom"
    off = draw_overlay(rgb, None, fault_text="chest up", banner_on=False)
    assert off.max() == 0, "banner off (flash phase) and no landmarks: nothing drawn"


def test_ascii_fallback_spells_the_cues_typography() -> None:
    cue = "Brace — head, back and tailbone on one line → 5° × 2, it’s “flat”…"
    assert ascii_text(cue) == (
        'Brace - head, back and tailbone on one line -> 5 deg x 2, it\'s "flat"...'
    )
    assert ascii_text("bar ✓ close") == "bar  close"  # no "???" on the frame


def test_draw_overlay_skips_invisible_and_missing_landmarks() -> None:
    rgb = np.zeros((240, 320, 3), np.uint8)
    lm = _landmarks(320, 240)
    lm[:, 3] = 0.1
    lm[idx("nose"), :2] = np.nan
    assert draw_overlay(rgb, lm).max() == 0


def test_default_dowel_line_needs_a_traced_back() -> None:
    lm = _landmarks(320, 240)
    with pytest.raises(ValueError, match="back outline"):
        default_dowel_line(lm, None)  # no outline (a front view): no dowel, not nose → hips


N_FRAMES, FPS = 300, 30.0
T_S = np.arange(N_FRAMES) / FPS


def _result(series: dict[str, list[float | None]], *, view: str = "side") -> SetResult:
    """Two counted reps (ending at frames 90 and 180), a partial third, a knee fault at 150."""
    base = make_result(reps=2, faults={2: ["knee_bend"]})
    fault = base.reps[1].findings[0].model_copy(update={"frame": 150})
    reps = [base.reps[0], base.reps[1].model_copy(update={"findings": [fault]}), base.reps[2]]
    return base.model_copy(update={"view": view, "reps": reps, "series": series})


def _series(**columns: list[float | None]) -> dict[str, list[float | None]]:
    return {"t_s": [round(float(t), 4) for t in T_S], **columns}


def test_result_annotations_draw_the_results_series_reps_and_faults() -> None:
    knee: list[float | None] = [20.0] * N_FRAMES
    knee[5] = None  # not seen: no knee angle on that frame, not a zero
    series = _series(
        lean_deg=[30.0] * N_FRAMES,
        hip_flexion_deg=[70.0] * N_FRAMES,
        knee_flexion_deg=knee,
        shin_angle_deg=[8.0] * N_FRAMES,
    )
    anns = result_annotations(_result(series), T_S)
    assert len(anns) == N_FRAMES
    assert anns[0].angles == {"torso": 60.0, "hip": 70.0, "knee": 20.0, "shin": 8.0}
    assert list(anns[0].angles) == ["torso", "hip", "knee", "shin"]
    assert "knee" not in anns[5].angles and anns[5].angles["hip"] == 70.0
    counts = [a.rep_count for a in anns]
    assert counts[89] == 0 and counts[90] == 1 and counts[179] == 1 and counts[180] == 2
    assert counts[-1] == 2  # the partial third rep is not counted
    flashed = [i for i, a in enumerate(anns) if a.fault_text]
    assert flashed == [i for i in range(N_FRAMES) if abs(T_S[i] - T_S[150]) <= FLASH_S]
    caption = anns[150].fault_text
    assert caption == finding_words(_result(series).reps[1].faults[0]).caption
    assert caption is not None and caption.startswith("Rep 2: ") and "knee_bend" not in caption


def test_result_annotations_front_view_shows_the_torso_only() -> None:
    series = _series(lean_deg=[10.0] * N_FRAMES, knee_flexion_deg=[20.0] * N_FRAMES)
    anns = result_annotations(_result(series, view="front"), T_S)
    assert anns[0].angles == {"torso": 80.0}
    assert not anns[0].dowel and result_annotations(_result(series), T_S)[0].dowel


@pytest.mark.parametrize(
    "series",
    [
        {},  # e.g. a result with no series at all
        _series(lean_deg=[10.0] * (N_FRAMES - 1)),  # another length
        {"t_s": [t + 1.0 for t in T_S], "lean_deg": [10.0] * N_FRAMES},  # another clip's times
    ],
)
def test_result_annotations_never_misplace_angles(series: dict[str, list[float | None]]) -> None:
    anns = result_annotations(_result(series), T_S)
    assert all(a.angles == {} for a in anns)
    assert anns[-1].rep_count == 2 and anns[150].fault_text  # reps and faults still shown


def test_encoder_available() -> None:
    assert available_encoder() in ("libx264", "mpeg4")


def test_write_annotated_video_keeps_rotation_and_timing(tmp_path: Path) -> None:
    times = [i / 30.0 for i in range(20)] + [0.7 + i / 15.0 for i in range(10)]  # VFR tail
    src = write_mp4(
        tmp_path / "src.mp4",
        gradient_frames(len(times), h=64, w=96),
        times_s=times,
        rotation_ccw_deg=-90,
    )
    info = probe(src)
    lm = np.repeat(_landmarks(info.width, info.height)[None], len(times), axis=0)
    track = PoseTrack(t_s=np.asarray(times), landmarks=lm, image_size=(info.width, info.height))
    anns = [
        FrameAnnotation(
            angles={"knee": 20.0}, rep_count=i // 10, fault_text="brace" if i > 15 else None
        )
        for i in range(len(times))
    ]
    out = write_annotated_video(src, track, tmp_path / "out.mp4", per_frame_annotations=anns)
    got = list(open_video(out).frames())
    assert len(got) == len(times)
    assert got[0].rgb.shape == (96, 64, 3), "written upright (rotation applied, no matrix)"
    np.testing.assert_allclose([f.t_s for f in got], times, atol=2e-3)
    assert probe(out).codec in ("h264", "mpeg4")
    red = np.array(FAULT_RGB)
    last = got[-1].rgb[-5:].reshape(-1, 3).mean(axis=0)
    first = got[0].rgb[-5:].reshape(-1, 3).mean(axis=0)
    assert np.abs(last - red).sum() < np.abs(first - red).sum()


def test_write_annotated_video_with_callable(tmp_path: Path) -> None:
    src = write_mp4(tmp_path / "src.mp4", gradient_frames(10))
    lm = np.repeat(_landmarks(96, 64)[None], 10, axis=0)
    track = PoseTrack(t_s=np.arange(10) / 30.0, landmarks=lm, image_size=(96, 64))
    calls: list[int] = []

    def ann(i: int) -> FrameAnnotation:
        calls.append(i)
        return FrameAnnotation(rep_count=i)

    write_annotated_video(src, track, tmp_path / "o.mp4", per_frame_annotations=ann)
    assert calls == list(range(10))


def test_unwritable_output_is_input_error(tmp_path: Path) -> None:
    from hingecoach.errors import InputError

    src = write_mp4(tmp_path / "src.mp4", gradient_frames(5))
    track = PoseTrack(
        t_s=np.arange(5) / 30.0,
        landmarks=np.repeat(_landmarks(96, 64)[None], 5, 0),
        image_size=(96, 64),
    )
    with pytest.raises(InputError, match="cannot write"):
        write_annotated_video(src, track, tmp_path / "no_such_dir" / "o.mp4")
