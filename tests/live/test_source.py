"""The frame hand-over never queues without bound: old frames are dropped and counted."""

from __future__ import annotations

import threading
import time

import numpy as np

from hingecoach.live.source import FileSource, Frame, FrameSlot
from tests.video._clips import gradient_frames, write_mp4


def frame(i: int) -> Frame:
    return Frame(i, i / 30.0, np.zeros((2, 2, 3), np.uint8), time.perf_counter())


def test_a_full_slot_drops_the_oldest_frame_and_counts_it() -> None:
    slot = FrameSlot(2)
    for i in range(10):
        assert slot.put(frame(i))
    assert slot.dropped == 8
    got = [slot.get(0.1), slot.get(0.1), slot.get(0.01)]
    assert [f.index if f else None for f in got] == [8, 9, None]


def test_a_lossless_slot_waits_for_the_loop_instead() -> None:
    slot = FrameSlot(1, lossless=True)
    got: list[int] = []

    def consume() -> None:
        while (f := slot.get(1.0)) is not None:
            got.append(f.index)
            time.sleep(0.002)

    t = threading.Thread(target=consume)
    t.start()
    for i in range(20):
        slot.put(frame(i))
    slot.close()
    t.join(5)
    assert got == list(range(20)) and slot.dropped == 0


def test_file_at_real_pace_drops_what_a_slow_loop_cannot_take(tmp_path) -> None:
    path = write_mp4(tmp_path / "v.mp4", gradient_frames(45))  # 1.5 s at 30 fps
    src = FileSource(path, realtime=True)
    src.start()
    t0 = time.perf_counter()
    seen = []
    for f in src.frames():
        seen.append(f.index)
        time.sleep(0.1)  # a loop at 10 fps
    src.stop()
    assert time.perf_counter() - t0 >= 1.3  # the file took its real time
    assert src.slot.dropped >= 25
    assert len(seen) + src.slot.dropped == 45
    assert seen == sorted(seen)


def test_file_without_realtime_loses_nothing(tmp_path) -> None:
    path = write_mp4(tmp_path / "v.mp4", gradient_frames(30))
    src = FileSource(path, realtime=False)
    src.start()
    seen = [f.index for f in src.frames()]
    src.stop()
    assert seen == list(range(30)) and src.slot.dropped == 0
