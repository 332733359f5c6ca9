"""Write a synthetic set as a ``hingecoach.posetrack`` JSON keypoint file.

The format is the one ``hingecoach.pose.keypoint_files`` reads (it ignores
``ground_truth``), so a synthetic set can go through exactly the path real keypoint files
take. NaN is written as null: JSON has no NaN and a silent zero would be a fake landmark.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from hingecoach.landmarks import NAMES
from hingecoach.synth.generate import SyntheticSet

FORMAT = "hingecoach.posetrack"
VERSION = 1


def _rows(a: np.ndarray, ndigits: int) -> list[list[float | None]]:
    """``(M, D)`` array → nested lists with NaN as None."""
    return [[None if not np.isfinite(v) else round(float(v), ndigits) for v in row] for row in a]


def synth_json_dict(sset: SyntheticSet) -> dict[str, Any]:
    """The JSON document for ``sset`` as a plain dict."""
    tr = sset.track
    frames = []
    for i in range(tr.n_frames):
        contour = None if tr.back_contour is None else tr.back_contour[i]
        frames.append(
            {
                "t_s": round(float(tr.t_s[i]), 6),
                "landmarks": _rows(tr.landmarks[i], 4),
                "world": None if tr.world is None else _rows(tr.world[i], 5),
                "back_contour": None if contour is None else _rows(np.asarray(contour), 3),
            }
        )
    w, h = tr.image_size
    return {
        "format": FORMAT,
        "version": VERSION,
        "source": tr.source,
        "image_width": int(w),
        "image_height": int(h),
        "landmark_names": list(NAMES),
        "frames": frames,
        "ground_truth": sset.truth.to_json_dict(),
    }


def write_synth_json(sset: SyntheticSet, path: str | Path) -> Path:
    """Write ``sset`` to ``path`` (parent directories created); returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(synth_json_dict(sset), allow_nan=False))
    return out
