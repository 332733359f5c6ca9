"""Find the dowel itself in a frame: a long, straight, thin line lying along the traced back.

Edges (Canny) → straight segments (probabilistic Hough) → only segments near the back and
near-parallel to the hip → shoulder line → segments on one common line grouped → the longest
group that is long enough to be a stick from the head to the sacrum and looks thin (a narrow
band brighter or darker than both its sides, :func:`is_thin_bar`) wins.

Why the length test tells a stick from the back's own edge: the silhouette's back edge runs from
the sacrum to the base of the neck, about one torso length, and the neck's hollow (several
centimetres in front of the head–upper back line) breaks it there; a dowel touching the back of
the head and the sacrum spans about 1.3 torso lengths in one straight piece. Pure function over
one image array.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: A stick must cover at least this many torso lengths (sacrum → shoulder level) along its line:
#: the back of the head sits ~0.3 torso lengths beyond shoulder level, the sacrum at hip level,
#: so a dowel touching both covers ~1.3; the back's own edge stops near 1.0 at the neck.
MIN_SPAN_TORSO = 1.2
#: Largest angle between the stick and the hip → shoulder line, degrees: on a neutral back the
#: head–sacrum line is within ~10° of it; 20° leaves room for a rounded or arched back.
MAX_TILT_DEG = 20.0
#: Segments further than this (torso lengths) behind the outline's median line are not on the
#: back; a stick pushed off by a rounded upper back stands off by well under this.
BAND_OUT_TORSO = 0.35
#: ...or this far inside it: the silhouette takes in the hands and arms that hold the stick, so
#: its outline can stand proud of the stick by a hand's thickness (~0.2 torso lengths).
BAND_IN_TORSO = 0.3
#: Two segments are one line when both ends of one lie within this of the other's line, in torso
#: lengths (about 2 cm on a 50 cm torso: the two edges of a ~2.5 cm dowel fall together).
SAME_LINE_TORSO = 0.05
#: ...and their directions differ by no more than this, degrees.
SAME_LINE_DEG = 4.0
#: The bar's flanks are sampled this far either side of its line, torso lengths (5 cm on a 50 cm
#: torso: beyond a 2.5–4 cm dowel's whole width even when the line found is one of its edges).
FLANK_TORSO = 0.1
#: A thin bar stands out from both flanks by at least this, grey levels (out of 255), averaged
#: along each piece of the line: a body's or a wall's edge is darker on one side only.
MIN_BAR_CONTRAST = 12.0
#: Share of the line's pieces that must show the bar: the near arm and the hands that hold the
#: stick hide much of it (on the synthetic renders 25–42 % of the 1.5-torso line shows the bar;
#: strong grain, σ = 30 grey levels, strung into a line shows it on up to 25 %).
MIN_BAR_SHARE = 0.3
_PIECES = 12
#: Canny hysteresis thresholds on the 8-bit grey image (OpenCV's usual 1:3 pair).
CANNY_LOW, CANNY_HIGH = 40, 120


@dataclass(frozen=True)
class DowelLine:
    """The stick found in a frame.

    Attributes:
        a: ``(2,)`` pixel point at the sacrum end of the covered stretch.
        b: ``(2,)`` pixel point at the head end.
        span_px: length of the line covered by edge segments, pixels.
    """

    a: np.ndarray
    b: np.ndarray
    span_px: float


def _segments(gray: np.ndarray, box: tuple[int, int, int, int], torso_px: float) -> np.ndarray:
    """``(M, 4)`` segments x1, y1, x2, y2 in image pixels found inside ``box`` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    roi = cv2.GaussianBlur(gray[y0:y1, x0:x1], (3, 3), 0)
    edges = cv2.Canny(roi, CANNY_LOW, CANNY_HIGH)
    found = cv2.HoughLinesP(
        edges,
        rho=1.0,
        theta=np.pi / 360,
        threshold=max(10, int(0.08 * torso_px)),
        minLineLength=max(8.0, 0.12 * torso_px),
        maxLineGap=max(3.0, 0.04 * torso_px),
    )
    if found is None:
        return np.zeros((0, 4))
    return found.reshape(-1, 4).astype(float) + np.array([x0, y0, x0, y0], dtype=float)


def _near_back(
    segs: np.ndarray,
    origin: np.ndarray,
    along: np.ndarray,
    dorsal: np.ndarray,
    back_off: float,
    torso_px: float,
) -> np.ndarray:
    """Segments near-parallel to the back, lying in the band around it, within its length."""
    d = segs[:, 2:] - segs[:, :2]
    length = np.hypot(d[:, 0], d[:, 1])
    cos = np.abs(d @ along) / np.maximum(length, 1e-9)
    mid = (segs[:, :2] + segs[:, 2:]) / 2 - origin
    off = mid @ dorsal - back_off
    u = mid @ along / torso_px
    keep = (
        (cos >= np.cos(np.radians(MAX_TILT_DEG)))
        & (off <= BAND_OUT_TORSO * torso_px)
        & (off >= -BAND_IN_TORSO * torso_px)
        & (u > -0.6)
        & (u < 1.8)
    )
    return segs[keep]


def _group(segs: np.ndarray, tol_px: float) -> list[np.ndarray]:
    """Segments lying on one common line, longest first as seeds."""
    d = segs[:, 2:] - segs[:, :2]
    length = np.hypot(d[:, 0], d[:, 1])
    order = np.argsort(-length)
    unit = d / np.maximum(length, 1e-9)[:, None]
    free = np.ones(len(segs), dtype=bool)
    groups = []
    for i in order:
        if not free[i]:
            continue
        n = np.array([-unit[i, 1], unit[i, 0]])
        far = np.maximum(
            np.abs((segs[:, :2] - segs[i, :2]) @ n), np.abs((segs[:, 2:] - segs[i, :2]) @ n)
        )
        turn = np.degrees(np.arccos(np.clip(np.abs(unit @ unit[i]), 0.0, 1.0)))
        members = free & (far <= tol_px) & (turn <= SAME_LINE_DEG)
        members[i] = True
        free &= ~members
        groups.append(segs[members])
    return groups


def _fit(group: np.ndarray, along: np.ndarray) -> DowelLine:
    """Least-squares line through the group's end points; its covered stretch and length."""
    pts = np.vstack([group[:, :2], group[:, 2:]])
    centre = pts.mean(axis=0)
    _, _, vt = np.linalg.svd(pts - centre)
    direction = vt[0] if vt[0] @ along >= 0 else -vt[0]
    lo = (group[:, :2] - centre) @ direction
    hi = (group[:, 2:] - centre) @ direction
    spans = np.sort(np.stack([np.minimum(lo, hi), np.maximum(lo, hi)], axis=1), axis=0)
    covered, end = 0.0, -np.inf
    for s, e in spans:
        if e > end:
            covered += e - max(s, end)
            end = e
    return DowelLine(
        a=centre + spans[:, 0].min() * direction,
        b=centre + spans[:, 1].max() * direction,
        span_px=float(covered),
    )


def bar_contrast(gray: np.ndarray, line: DowelLine, torso_px: float) -> np.ndarray:
    """Per piece of ``line``, how far a narrow band on it stands out from both flanks, grey levels.

    The image is sampled across the line out to :data:`FLANK_TORSO` torso lengths each side,
    averaged along each of the line's pieces (which averages pixel noise away); a bar is the
    brightest (or darkest) thing within half that distance of the line, compared with the
    brighter (darker) of the two flanks. An edge between two regions scores about 0.
    """
    a, b = line.a, line.b
    length = float(np.hypot(*(b - a)))
    d = (b - a) / max(length, 1e-9)
    n = np.array([-d[1], d[0]])
    w = max(8.0, FLANK_TORSO * torso_px)
    along = np.linspace(0.0, length, max(_PIECES, int(length)))
    across = np.arange(-w, w + 0.5, 1.0)
    pts = a + along[:, None, None] * d + across[None, :, None] * n
    prof = cv2.remap(
        cv2.GaussianBlur(gray, (3, 3), 0).astype(np.float32),
        pts[..., 0].astype(np.float32),
        pts[..., 1].astype(np.float32),
        interpolation=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REFLECT,
    )
    pieces = np.stack([p.mean(axis=0) for p in np.array_split(prof, _PIECES, axis=0)])
    centre = np.abs(across) <= w / 2
    left = pieces[:, across <= -0.75 * w].mean(axis=1)
    right = pieces[:, across >= 0.75 * w].mean(axis=1)
    bright = pieces[:, centre].max(axis=1) - np.maximum(left, right)
    dark = np.minimum(left, right) - pieces[:, centre].min(axis=1)
    return np.asarray(np.maximum(bright, dark))


def is_thin_bar(gray: np.ndarray, line: DowelLine, torso_px: float) -> bool:
    """Whether ``line`` shows a thin bar along at least :data:`MIN_BAR_SHARE` of its pieces."""
    return bool((bar_contrast(gray, line, torso_px) >= MIN_BAR_CONTRAST).mean() >= MIN_BAR_SHARE)


def find_dowel(
    gray: np.ndarray, back_px: np.ndarray, dorsal: np.ndarray, torso_px: float
) -> DowelLine | None:
    """The stick along the back in one frame, or None when there is none to see.

    Args:
        gray: ``(H, W)`` 8-bit grey frame.
        back_px: ``(K, 2)`` traced back outline, sacrum → upper back, pixels.
        dorsal: ``(2,)`` a direction pointing out of the back.
        torso_px: the torso's length (hip → shoulder) in this frame, pixels.

    Returns:
        The line, or None: no outline, no straight line near the back, or none both covering
        :data:`MIN_SPAN_TORSO` torso lengths and showing a thin bar.
    """
    pts = np.asarray(back_px, dtype=float)
    pts = pts[np.isfinite(pts).all(axis=1)]
    if len(pts) < 2 or not torso_px > 0 or gray.ndim != 2:
        return None
    chord = pts[-1] - pts[0]
    along = chord / max(float(np.hypot(*chord)), 1e-9)
    normal = np.array([-along[1], along[0]])
    normal = normal if normal @ np.asarray(dorsal, dtype=float) >= 0 else -normal
    back_off = float(np.median((pts - pts[0]) @ normal))
    h, w = gray.shape
    pad = 0.8 * torso_px
    box = (
        max(0, int(pts[:, 0].min() - pad)),
        max(0, int(pts[:, 1].min() - pad)),
        min(w, int(pts[:, 0].max() + pad) + 1),
        min(h, int(pts[:, 1].max() + pad) + 1),
    )
    if box[2] - box[0] < 4 or box[3] - box[1] < 4:
        return None
    segs = _near_back(_segments(gray, box, torso_px), pts[0], along, normal, back_off, torso_px)
    if not len(segs):
        return None
    lines = [_fit(g, along) for g in _group(segs, max(2.0, SAME_LINE_TORSO * torso_px))]
    long = [ln for ln in lines if ln.span_px >= MIN_SPAN_TORSO * torso_px]
    for line in sorted(long, key=lambda ln: -ln.span_px):
        if is_thin_bar(gray, line, torso_px):
            return line
    return None
