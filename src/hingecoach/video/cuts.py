"""Scene cuts: where an edited clip (a coaching reel, a compilation) jumps to another shot.

No rep may span a cut: the landmarks on either side belong to different shots — another camera
angle, another lifter, a close-up — so a lean read across the cut is not a movement. Cuts are
found from the pictures: every frame is reduced to the map of its edges (the gradient magnitude of
a small grey thumbnail, normalised), and a frame starts a new shot when its layout of edges no
longer matches the frame before. Comparing edges rather than colours keeps a flaring light, a
change of exposure or the sun in the lens (brightness over the whole picture) from passing for a
cut. Pure NumPy/OpenCV over frames; the video path feeds it as it decodes.
"""

from __future__ import annotations

from collections import deque

import cv2
import numpy as np

#: Thumbnail size (width, height) the frames are compared at: large enough to see the layout of
#: a shot, small enough that a moving lifter changes little of it.
THUMB_SIZE = (64, 36)
#: Change of the edge map (1 − correlation, 0 = same picture) a cut must reach. Measured on the
#: real clips of ``../shared/data``: lifting, swings and hand-held cameras 0.001–0.08 between
#: frames, a flaring street light up to 0.2; cuts between shots 0.39–0.59.
CUT_SCORE = 0.3
#: ...at least this many times the recent typical change (a fast pan is not a cut)...
CUT_OVER_TYPICAL = 4.0
#: ...the frame after must still differ from the frame before by this share of the jump (the new
#: shot persists: a flash or a one-frame glitch comes back)...
PERSIST_SHARE = 0.6
#: ...and the frame after must change by at most this share of the jump (the new shot is steady).
STEADY_SHARE = 0.5
#: Frames whose changes set the "recent typical" level.
TYPICAL_FRAMES = 15


#: The person's box is widened by this share of its size before it is left out.
BOX_MARGIN = 0.15
#: Below this share of the picture left around the person, the whole picture is compared.
MIN_BACKGROUND_SHARE = 0.25

Box = tuple[float, float, float, float]


def thumbnail(rgb: np.ndarray) -> np.ndarray:
    """``(36, 64)`` float32 edge map of an ``(H, W, 3)`` uint8 RGB frame."""
    small = cv2.resize(rgb, THUMB_SIZE, interpolation=cv2.INTER_AREA)
    g = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY).astype(np.float32)
    return np.hypot(cv2.Sobel(g, cv2.CV_32F, 1, 0), cv2.Sobel(g, cv2.CV_32F, 0, 1))


def person_box(xy: np.ndarray, image_size: tuple[int, int]) -> Box | None:
    """The box around a frame's seen landmarks, as fractions of the image, or None."""
    seen = xy[np.isfinite(xy).all(axis=1)]
    if len(seen) < 2:
        return None
    w, h = image_size
    (x0, y0), (x1, y1) = seen.min(axis=0), seen.max(axis=0)
    return (x0 / w, y0 / h, x1 / w, y1 / h)


def _background(boxes: list[Box | None]) -> np.ndarray | None:
    """Cells of the thumbnail outside every (widened) box; None when too few are left."""
    w, h = THUMB_SIZE
    keep = np.ones((h, w), dtype=bool)
    for box in boxes:
        if box is None:
            continue
        x0, y0, x1, y1 = box
        mx, my = BOX_MARGIN * (x1 - x0), BOX_MARGIN * (y1 - y0)
        c0, c1 = int(np.floor((x0 - mx) * w)), int(np.ceil((x1 + mx) * w))
        r0, r1 = int(np.floor((y0 - my) * h)), int(np.ceil((y1 + my) * h))
        keep[max(r0, 0) : max(r1, 0), max(c0, 0) : max(c1, 0)] = False
    return keep if keep.mean() >= MIN_BACKGROUND_SHARE else None


def frame_difference(a: np.ndarray, b: np.ndarray, where: np.ndarray | None = None) -> float:
    """How much the edge layout changed between two thumbnails, in [0, 2].

    The difference is 1 − the correlation of the two ``(36, 64)`` edge thumbnails over the cells
    ``where`` (a boolean ``(36, 64)`` mask of the background around the lifter), or over the
    whole picture when ``where`` is None. 0 is the same layout; :data:`CUT_SCORE` gives the
    values measured within and between shots.
    """
    x, y = (a, b) if where is None else (a[where], b[where])
    x = (x - x.mean()) / (x.std() + 1e-6)
    y = (y - y.mean()) / (y.std() + 1e-6)
    return 1.0 - float((x * y).mean())


class CutDetector:
    """Find scene cuts in thumbnails fed in frame order, each confirmed one frame later.

    A jump is a cut only when the frame after it shows the new shot persists and is steady, so a
    flash or one torn frame is not taken for a new shot.

    The lifter is left out of the comparison when the picture around them is big enough: a jump
    cut that skips time inside one shot moves the lifter but not the gym, and is not a new shot.
    """

    def __init__(self) -> None:
        """Start with no previous frame."""
        self._frames: deque[tuple[np.ndarray, Box | None]] = deque(maxlen=3)
        self._recent: deque[float] = deque(maxlen=TYPICAL_FRAMES)
        self._n = 0

    def _diff(self, i: int, j: int) -> float:
        (a, box_a), (b, box_b) = self._frames[i], self._frames[j]
        return frame_difference(a, b, _background([box_a, box_b]))

    def push(self, thumb: np.ndarray, box: Box | None = None) -> int | None:
        """Add the next frame's thumbnail and the lifter's box (fractions of the image).

        Returns:
            The index of the frame before this one when that frame started a new shot (the
            confirmation needs this frame), else None.
        """
        self._frames.append((thumb, box))
        self._n += 1
        if len(self._frames) == 2:
            self._recent.append(self._diff(0, 1))
        if len(self._frames) < 3:
            return None
        jump = self._diff(0, 1)
        cut = (
            self._is_jump(jump)
            and self._diff(0, 2) >= PERSIST_SHARE * jump
            and self._diff(1, 2) <= STEADY_SHARE * jump
        )
        self._recent.append(self._diff(1, 2))
        return self._n - 2 if cut else None

    def finish(self) -> int | None:
        """At the end of the video: the last frame, when it alone is another shot."""
        if len(self._frames) < 2:
            return None
        i, j = len(self._frames) - 2, len(self._frames) - 1
        return self._n - 1 if self._is_jump(self._diff(i, j), exclude_last=True) else None

    def _is_jump(self, jump: float, *, exclude_last: bool = False) -> bool:
        recent = list(self._recent)[:-1] if exclude_last else list(self._recent)
        typical = float(np.median(recent)) if len(recent) > 1 else 0.0
        return jump >= CUT_SCORE and jump >= CUT_OVER_TYPICAL * typical


def find_cuts(
    frames: list[np.ndarray] | np.ndarray, boxes: list[Box | None] | None = None
) -> tuple[int, ...]:
    """Indices of the frames that start a new shot, from ``(H, W, 3)`` RGB frames in order."""
    det = CutDetector()
    out = []
    for i, f in enumerate(frames):
        c = det.push(thumbnail(np.asarray(f)), None if boxes is None else boxes[i])
        if c is not None:
            out.append(c)
    last = det.finish()
    return tuple([*out, last] if last is not None else out)
