"""The container's declared clock, read from the MP4 boxes before decoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from hingecoach.errors import InputError
from hingecoach.video.container_timing import check_container_timing, read_track_timings
from tests.cli.test_bad_inputs import _video_with_zero_timescale


def test_a_good_mp4_declares_its_clock_and_passes(tmp_path: Path) -> None:
    broken = _video_with_zero_timescale(tmp_path, n_frames=12)
    data = bytearray(broken.read_bytes())
    at = data.find(b"mdhd") + 4 + 4 + 8
    data[at : at + 4] = (15360).to_bytes(4, "big")
    good = tmp_path / "good.mp4"
    good.write_bytes(data)
    (track,) = read_track_timings(good)
    assert (track.handler, track.timescale_hz, track.n_samples) == ("vide", 15360, 12)
    check_container_timing(good)


def test_a_zero_timescale_is_refused_with_the_frame_count(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="its 62 frames have no times"):
        check_container_timing(_video_with_zero_timescale(tmp_path))


@pytest.mark.parametrize(
    "content",
    [b"", b"\x1a\x45\xdf\xa3webm", b"\x00\x00\x00\x10ftypisom" + b"\xff" * 8, b"\x00" * 7],
    ids=["empty", "webm", "truncated tree", "short"],
)
def test_other_or_damaged_files_pass_to_the_decoder(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "v.bin"
    path.write_bytes(content)
    check_container_timing(path)  # the decoder names these; no crash here
