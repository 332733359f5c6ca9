"""A rendered lifter: the synth's body drawn as shaded solids through its own pinhole camera.

Pure NumPy and OpenCV (no 3D engine): :mod:`.scene` dresses each frame's skeleton in limbs,
clothes and the implement, :mod:`.raster` projects and shades them far to near, :mod:`.video`
writes the H.264 video and its truth file.
"""

from hingecoach.synth.render.look import Look
from hingecoach.synth.render.video import (
    project_truth_px,
    render_frames,
    render_size,
    truth_path,
    truth_track,
    write_render,
)

__all__ = [
    "Look",
    "project_truth_px",
    "render_frames",
    "render_size",
    "truth_path",
    "truth_track",
    "write_render",
]
