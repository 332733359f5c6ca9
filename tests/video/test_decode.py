"""Decoding: real timestamps, rotation, trimming, and a one-line InputError for every bad input."""

from __future__ import annotations

from pathlib import Path

import av
import cv2
import numpy as np
import pytest
from _clips import clip, gradient_frames, write_mp4

from hingecoach.errors import InputError
from hingecoach.video.decode import (
    open_video,
    probe,
    rotate_upright,
    rotation_from_display,
    rotation_from_metadata,
)


def _decode_all(path: Path) -> list:
    reader = open_video(path)
    return list(reader.frames())


def _error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        _decode_all(path)
    msg = str(info.value)
    assert "\n" not in msg and "Traceback" not in msg
    return msg


def test_missing_file(tmp_path: Path) -> None:
    assert "file not found" in _error(tmp_path / "nope.mp4")


def test_zero_byte_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.mp4"
    p.write_bytes(b"")
    assert "empty (0 bytes)" in _error(p)


def test_text_renamed_mp4(tmp_path: Path) -> None:
    p = tmp_path / "notes.mp4"
    p.write_text("these are my training notes, not a video\n" * 20)
    assert "not a video file" in _error(p)


def test_pdf_renamed_mp4(tmp_path: Path) -> None:
    p = tmp_path / "plan.mp4"
    p.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 10)
    assert "PDF" in _error(p)


@pytest.mark.parametrize("name", ["photo.png", "photo.jpg", "photo_png_renamed.mp4"])
def test_still_image(tmp_path: Path, name: str) -> None:
    img = np.full((48, 64, 3), 120, np.uint8)
    ext = ".png" if name.endswith((".png", ".mp4")) else ".jpg"
    ok, buf = cv2.imencode(ext, img)
    assert ok
    p = tmp_path / name
    p.write_bytes(buf.tobytes())
    assert "this is a still image; hingecoach needs a video of the set" in _error(p)


def test_audio_only(tmp_path: Path) -> None:
    p = tmp_path / "voice.m4a"
    with av.open(str(p), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=44100)
        for i in range(30):
            frame = av.AudioFrame.from_ndarray(
                np.zeros((1, 1024), np.float32), format="fltp", layout="mono"
            )
            frame.sample_rate, frame.pts = 44100, i * 1024
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    assert "audio only" in _error(p)


def test_one_frame_video(tmp_path: Path) -> None:
    p = write_mp4(tmp_path / "one.mp4", gradient_frames(1))
    assert "only one frame: record the whole set" in _error(p)


def test_synthetic_clip_probe_and_frames(tmp_path: Path) -> None:
    p = write_mp4(tmp_path / "short.mp4", gradient_frames(15))
    info = probe(p)
    assert (info.width, info.height, info.codec, info.rotation_deg) == (96, 64, "h264", 0)
    assert info.fps == pytest.approx(30.0)
    assert info.n_frames_estimate == 15
    frames = _decode_all(p)
    assert [f.frame_index for f in frames] == list(range(15))
    assert frames[0].rgb.shape == (64, 96, 3) and frames[0].rgb.dtype == np.uint8
    np.testing.assert_allclose([f.t_s for f in frames], np.arange(15) / 30.0, atol=1e-3)


def test_variable_frame_rate_times_are_honoured(tmp_path: Path) -> None:
    times = [0.0, 0.02, 0.05, 0.15, 0.16, 0.30, 0.31, 0.50]
    p = write_mp4(tmp_path / "vfr.mp4", gradient_frames(len(times)), times_s=times)
    got = [f.t_s for f in _decode_all(p)]
    np.testing.assert_allclose(got, times, atol=1e-3)


def test_trim(tmp_path: Path) -> None:
    p = write_mp4(tmp_path / "long.mp4", gradient_frames(90))
    reader = open_video(p)
    got = [f.t_s for f in reader.frames(start_s=1.2, end_s=2.5)]
    assert got[0] == pytest.approx(1.2, abs=0.02) and got[-1] == pytest.approx(2.5, abs=0.02)
    assert reader.warnings == []
    with pytest.raises(InputError, match="not after start"):
        list(reader.frames(start_s=2.0, end_s=1.0))


@pytest.mark.parametrize(
    ("ccw", "clockwise"), [(-90, 90), (90, 270), (180, 180), (-180, 180), (0, 0), (-89.6, 90)]
)
def test_rotation_from_display_matrix_angle(ccw: float, clockwise: int) -> None:
    assert rotation_from_display(ccw) == clockwise


def test_rotation_from_legacy_tag() -> None:
    assert rotation_from_metadata({"rotate": "90"}) == 90
    assert rotation_from_metadata({"rotate": "-90"}) == 270
    assert rotation_from_metadata({}) is None
    assert rotation_from_metadata({"rotate": "sideways"}) is None


def test_rotate_upright_clockwise() -> None:
    img = np.zeros((2, 3, 3), np.uint8)
    img[0, 0] = 255  # top-left
    out = rotate_upright(img, 90)
    assert out.shape == (3, 2, 3)
    assert out[0, -1, 0] == 255  # clockwise: top-left moves to top-right


def test_portrait_display_matrix_synthetic(tmp_path: Path) -> None:
    """An iPhone-style portrait clip: landscape pixels plus a -90° display matrix."""
    p = write_mp4(tmp_path / "portrait.mp4", gradient_frames(5), rotation_ccw_deg=-90)
    info = probe(p)
    assert (info.width, info.height, info.rotation_deg) == (64, 96, 90)
    rgb = _decode_all(p)[0].rgb
    assert rgb.shape == (96, 64, 3)
    assert rgb[:40, 40:, 0].mean() > 200 and rgb[60:, :24, 0].mean() < 30


def test_portrait_real_clip_is_made_upright(tmp_path: Path) -> None:
    """Real frames stored sideways with a display matrix decode back to the upright picture."""
    src = clip("dl_side_good.mp4")
    upright = [f.rgb for _, f in zip(range(6), open_video(src).frames(), strict=False)]
    stored = [np.ascontiguousarray(np.rot90(f, k=1)) for f in upright]  # turned 90° CCW
    p = write_mp4(tmp_path / "phone.mp4", stored, rotation_ccw_deg=-90)
    got = [f.rgb for f in open_video(p).frames()]
    assert got[0].shape == upright[0].shape
    diff = np.abs(got[3].astype(int) - upright[3].astype(int)).mean()
    assert diff < 8, f"rotated clip does not match the upright original (mean diff {diff:.1f})"


def test_truncated_clip_with_index_up_front_warns(tmp_path: Path) -> None:
    src = clip("kb_swing_russian.mp4")  # moov atom at the start: partial data still decodes
    data = src.read_bytes()
    p = tmp_path / "cut.mp4"
    p.write_bytes(data[: int(len(data) * 0.4)])
    reader = open_video(p)
    frames = list(reader.frames())
    assert 30 < len(frames) < 553
    assert reader.truncated_at_s is not None
    assert len(reader.warnings) == 1
    assert reader.warnings[0].startswith("the file is truncated after")
    assert "analysed what was readable" in reader.warnings[0]


def test_truncated_clip_without_index_is_an_error(tmp_path: Path) -> None:
    src = clip("dl_side_good.mp4")  # moov atom at the end: nothing is readable without it
    data = src.read_bytes()
    p = tmp_path / "cut.mp4"
    p.write_bytes(data[: int(len(data) * 0.4)])
    assert "truncated or damaged" in _error(p)


def test_real_clip_probe() -> None:
    info = probe(clip("two_people_walking_sports2d.mp4"))
    assert (info.width, info.height, info.codec) == (1768, 994, "vp9")
    good = probe(clip("dl_side_good.mp4"))
    assert (good.width, good.height, good.n_frames_estimate) == (600, 600, 62)
    assert good.duration_s == pytest.approx(2.07, abs=0.05)


@pytest.mark.parametrize(("ext", "codec"), [(".webm", "libvpx-vp9"), (".avi", "mpeg4")])
def test_other_containers(tmp_path: Path, ext: str, codec: str) -> None:
    p = tmp_path / f"clip{ext}"
    with av.open(str(p), "w") as out:
        stream = out.add_stream(codec, rate=25)
        stream.width, stream.height, stream.pix_fmt = 96, 64, "yuv420p"
        for img in gradient_frames(10):
            for packet in stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    frames = _decode_all(p)
    assert len(frames) == 10 and frames[0].rgb.shape == (64, 96, 3)
    np.testing.assert_allclose(frames[-1].t_s, 9 / 25, atol=1e-3)
