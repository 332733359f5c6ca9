"""Scene cuts from the pictures: a new shot is a cut; a flash, a flare or a jump cut is not."""

from __future__ import annotations

import numpy as np

from hingecoach.video.cuts import find_cuts


def scene(seed: int, *, size: tuple[int, int] = (180, 320)) -> np.ndarray:
    """A picture with structure: blocks of random grey levels, smoothly upscaled."""
    import cv2

    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, (9, 16, 3), dtype=np.uint8)
    return cv2.resize(small, (size[1], size[0]), interpolation=cv2.INTER_NEAREST)


def moving(base: np.ndarray, n: int) -> list[np.ndarray]:
    """``n`` frames of ``base`` with a small square (the lifter) moving across it."""
    out = []
    for k in range(n):
        f = base.copy()
        f[60:120, 20 + 3 * k : 60 + 3 * k] = 200
        out.append(f)
    return out


def test_a_cut_to_another_scene_is_found_at_its_first_frame() -> None:
    frames = moving(scene(1), 20) + moving(scene(2), 20)
    assert find_cuts(frames) == (20,)


def test_a_one_frame_opening_of_another_scene_is_a_cut_at_frame_one() -> None:
    frames = [scene(5), *moving(scene(1), 20)]
    assert find_cuts(frames) == (1,)


def test_a_cut_on_the_last_frame_is_found() -> None:
    frames = [*moving(scene(1), 20), np.zeros_like(scene(1))]
    assert find_cuts(frames) == (20,)


def test_a_flash_of_light_is_not_a_cut() -> None:
    frames = moving(scene(1), 20)
    frames[10] = np.clip(frames[10].astype(int) + 90, 0, 255).astype(np.uint8)
    assert find_cuts(frames) == ()


def test_a_jump_cut_inside_one_shot_is_not_a_new_shot() -> None:
    """The lifter jumps to another place; the gym around them stays: same shot."""
    base, lifter = scene(3), scene(9)[20:160, 40:110]

    def x_of(k: int) -> int:
        return 10 + 2 * k + (150 if k >= 15 else 0)

    frames = []
    for k in range(30):
        f = base.copy()
        f[20:160, x_of(k) : x_of(k) + 70] = lifter
        frames.append(f)
    boxes = [(x_of(k) / 320, 20 / 180, (x_of(k) + 70) / 320, 160 / 180) for k in range(30)]
    assert find_cuts(frames, boxes) == ()
    assert find_cuts(frames) == (15,)  # without the lifter's box, the jump looks like a cut
