"""Draw shaded solids through the synth's pinhole camera: painter's algorithm, Lambert shading.

Every solid is a :class:`Part`: a frustum between two body-frame points with an elliptic
cross-section (radii along a chosen lateral axis and its perpendicular), its ends either rounded
(ellipsoids: a capsule, as limbs are) or flat (discs: plates, bars). Its outline is the convex
hull of the projected surface samples — exact for a convex solid under perspective. Shading is a
few nested outlines, each smaller one shifted toward the side that faces the light and filled
brighter (Lambert: ambient + diffuse x cos of the angle between normal and light), which reads
as a lit cylinder. Parts are drawn far to near by the camera depth of their middle.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from hingecoach.synth.camera import Camera

#: Ambient and diffuse shares of the Lambert shading.
AMBIENT, DIFFUSE = 0.45, 0.6
#: Nested shading layers: outline scale of each (1 = the silhouette) and the normal used for it,
#: as the share of the lit side mixed into the normal facing the camera.
_LAYER_SCALE = np.array([1.0, 0.82, 0.62, 0.42])
_LAYER_TILT = np.array([-0.6, 0.0, 0.45, 0.9])
#: Sub-pixel precision of the polygon fill (bits).
_SHIFT = 4


def _unit_sphere() -> np.ndarray:
    """``(26, 3)`` directions: poles and three rings of eight (x, y, z)."""
    pts = [np.array([0.0, 0.0, 1.0]), np.array([0.0, 0.0, -1.0])]
    for lat in (-45.0, 0.0, 45.0):
        for lon in range(0, 360, 45):
            a, b = np.radians(lat), np.radians(lon)
            pts.append(np.array([np.cos(a) * np.cos(b), np.cos(a) * np.sin(b), np.sin(a)]))
    return np.array(pts)


def _unit_ring(n: int = 20) -> np.ndarray:
    """``(n, 3)`` points of the unit circle in the first two coordinates."""
    a = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    return np.stack([np.cos(a), np.sin(a), np.zeros(n)], -1)


_SPHERE = _unit_sphere()
_RING = _unit_ring()


@dataclass(frozen=True)
class Part:
    """One solid.

    Attributes:
        a: ``(3,)`` one end's centre, body-frame metres.
        b: ``(3,)`` the other end's centre (equal to ``a`` for a ball).
        ra_m: ``(r1, r2)`` cross-section radii at ``a``: along ``lateral`` and across it.
        rb_m: the same at ``b``.
        rgb: ``(3,)`` base colour, 0-255.
        rounded: rounded (ellipsoid) ends, else flat discs.
        lateral: ``(3,)`` direction of the first radius (made perpendicular to the axis).
        order: tie-break within a group drawn as one (higher drawn later).
        depth_bias_m: added to the camera depth used for sorting (+ = drawn earlier).
        sort_at: ``(3,)`` point whose depth sorts the part instead of its middle (a group of
            parts sharing it is drawn together, in ``order``).
    """

    a: np.ndarray
    b: np.ndarray
    ra_m: tuple[float, float]
    rb_m: tuple[float, float]
    rgb: tuple[int, int, int]
    rounded: bool = True
    lateral: tuple[float, ...] = (0.0, 0.0, 1.0)
    order: int = 0
    depth_bias_m: float = 0.0
    sort_at: np.ndarray | None = None


def _frame_axes(part: Part, camera: Camera) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit axis, first and second cross-section directions of a part."""
    axis = part.b - part.a
    length = float(np.linalg.norm(axis))
    axis = camera.right.copy() if length < 1e-9 else axis / length
    lat = np.asarray(part.lateral, dtype=float)
    e1 = lat - np.dot(lat, axis) * axis
    if np.linalg.norm(e1) < 1e-6:  # lateral along the axis: any perpendicular will do
        e1 = np.cross(axis, camera.forward)
    e1 /= np.linalg.norm(e1)
    return axis, e1, np.cross(axis, e1)


def _surface(part: Part, axes: tuple[np.ndarray, ...], side: np.ndarray) -> np.ndarray:
    """``(L, M, 3)`` body-frame surface samples for each shading layer.

    Layer ``k`` is the surface shrunk by ``_LAYER_SCALE[k]`` and shifted toward the lit
    ``side`` by a share of the radius, so the nested outlines brighten toward the light.
    """
    axis, e1, e2 = axes
    out = []
    scale = _LAYER_SCALE[:, None, None]
    shift = ((1.0 - _LAYER_SCALE) * 0.8)[:, None, None] * side
    for end, (r1, r2) in ((part.a, part.ra_m), (part.b, part.rb_m)):
        unit = _SPHERE if part.rounded else _RING
        r_ax = min(r1, r2) if part.rounded else 0.0
        local = unit[:, :1] * r1 * e1 + unit[:, 1:2] * r2 * e2 + unit[:, 2:3] * r_ax * axis
        out.append(end + shift * (r1 + r2) / 2 + scale * local[None])
    return np.concatenate(out, axis=1)


def _shades(view_c: np.ndarray, side: np.ndarray, light: np.ndarray) -> np.ndarray:
    """``(L,)`` Lambert factor of each layer: ambient + diffuse x max(0, normal . light)."""
    normals = view_c[None, :] + _LAYER_TILT[:, None] * side[None, :]
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    return AMBIENT + DIFFUSE * np.clip(normals @ light, 0.0, None)


def draw_part(
    img: np.ndarray, part: Part, camera: Camera, light: np.ndarray, px_scale: float
) -> None:
    """Fill ``part`` into ``img`` (RGB uint8, modified in place) with layered Lambert shading."""
    axes = _frame_axes(part, camera)
    axis = axes[0]
    view = camera.position - (part.a + part.b) / 2
    view_c = view - np.dot(view, axis) * axis
    norm = float(np.linalg.norm(view_c))
    view_c = -camera.forward if norm < 1e-9 else view_c / norm
    lit = light - np.dot(light, axis) * axis - np.dot(light, view_c) * view_c
    lit_norm = float(np.linalg.norm(lit))
    side = lit / lit_norm if lit_norm > 1e-6 else np.zeros(3)
    rot = np.stack([camera.right, camera.down, camera.forward])
    cam = (_surface(part, axes, side) - camera.position) @ rot.T  # (L, M, 3)
    if np.any(cam[..., 2] <= 0.05):
        return  # behind or at the lens: not drawable with a pinhole
    w, h = camera.image_size
    f = camera.focal_px
    px = np.stack(
        [w / 2 + f * cam[..., 0] / cam[..., 2], h / 2 + f * cam[..., 1] / cam[..., 2]], -1
    )
    fixed = np.round(px * (px_scale * (1 << _SHIFT))).astype(np.int32)
    base = np.asarray(part.rgb, dtype=float)
    for layer, shade in zip(fixed, _shades(view_c, side, light), strict=True):
        hull = cv2.convexHull(layer)
        colour = tuple(float(c) for c in np.clip(base * shade, 0, 255))
        cv2.fillConvexPoly(img, hull, colour, lineType=cv2.LINE_AA, shift=_SHIFT)


def draw_parts(
    img: np.ndarray, parts: list[Part], camera: Camera, light: np.ndarray, px_scale: float
) -> None:
    """Draw ``parts`` far to near (painter's algorithm) by the camera depth of their middles."""

    def key(p: Part) -> tuple[float, int]:
        at = (p.a + p.b) / 2 if p.sort_at is None else p.sort_at
        depth = float(camera.to_camera(at)[2]) + p.depth_bias_m
        return (-depth, p.order)

    for part in sorted(parts, key=key):
        draw_part(img, part, camera, light, px_scale)


def light_direction(camera: Camera) -> np.ndarray:
    """Unit light direction (toward the light) in body frame: from above, behind the camera."""
    toward_cam = -camera.forward * np.array([1.0, 0.0, 1.0])
    toward_cam /= np.linalg.norm(toward_cam)
    v = 0.8 * np.array([0.0, 1.0, 0.0]) + 0.55 * toward_cam + 0.2 * np.array([1.0, 0.0, 0.0])
    return v / np.linalg.norm(v)


def background(
    camera: Camera, size: tuple[int, int], *, wall_rgb: tuple[int, ...], floor_rgb: tuple[int, ...]
) -> np.ndarray:
    """``(H, W, 3)`` uint8 plain wall and floor seen by ``camera`` at render ``size`` (W, H).

    Each pixel's ray is cut with the floor (y = 0) and with a wall 3 m behind the lifter facing
    the camera; the nearer hit wins. The floor darkens with distance a little so its plane reads.
    """
    w, h = size
    sx = w / camera.image_size[0]
    xs = (np.arange(w) + 0.5) / sx - camera.image_size[0] / 2
    ys = (np.arange(h) + 0.5) / sx - camera.image_size[1] / 2
    gx, gy = np.meshgrid(xs / camera.focal_px, ys / camera.focal_px)
    rays = camera.forward + gx[..., None] * camera.right + gy[..., None] * camera.down
    t_floor = np.where(
        rays[..., 1] < -1e-9, -camera.position[1] / np.minimum(rays[..., 1], -1e-9), np.inf
    )
    away = camera.forward * np.array([1.0, 0.0, 1.0])
    away /= np.linalg.norm(away)
    wall_dist = float(np.dot(-camera.position, away)) + 3.0  # lifter's axis + 3 m
    along = rays @ away
    t_wall = np.where(along > 1e-9, wall_dist / np.maximum(along, 1e-9), np.inf)
    floor = t_floor < t_wall
    dist = np.where(floor, t_floor, 0.0)
    fade = np.clip(1.05 - 0.06 * dist, 0.6, 1.0)[..., None]
    img = np.empty((h, w, 3), dtype=float)
    img[:] = np.asarray(wall_rgb, dtype=float)
    img[floor] = (np.asarray(floor_rgb, dtype=float) * fade)[floor]
    return np.clip(img, 0, 255).astype(np.uint8)
